// Runs axe-core (WCAG 2.2 A and AA rules) on pages of a built site in Debian's headless
// Chromium, and prints the violations as JSON on stdout. Called by the Rust integration
// tests (tests/cli/build/conformance.rs); not a test runner of its own.
//
//   node tests/tools/axe.mjs <built-site-folder> <page path>...
//
// The site is served over HTTP on a loopback port of its own (file:// would break the
// root-relative links to the stylesheet, and contrast needs the real CSS), at two widths:
// a phone (390 px) and a desktop (1280 px). Exit status 0 when axe ran on every page,
// whatever it found; 2 when something kept it from running (the message says what).

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const WIDTHS = [390, 1280];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".jpg": "image/jpeg",
  ".png": "image/png",
  ".xml": "application/xml",
  ".wasm": "application/wasm",
};

function fail(message) {
  process.stderr.write(`axe.mjs: ${message}\n`);
  process.exit(2);
}

const [siteDir, ...pages] = process.argv.slice(2);
if (!siteDir || pages.length === 0) {
  fail("usage: node axe.mjs <built-site-folder> <page path>...");
}
const root = path.resolve(siteDir);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
try {
  await stat(chromiumPath);
} catch {
  fail(`no Chromium at ${chromiumPath}: install Debian's chromium (scripts/test.sh does)`);
}
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

// A static file server for the built site, on loopback only.
const server = createServer(async (req, res) => {
  let relative = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  if (relative.endsWith("/")) relative += "index.html";
  const file = path.join(root, relative);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    const type = TYPES[path.extname(file)] || "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const results = [];
try {
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    for (const pagePath of pages) {
      const response = await page.goto(origin + pagePath, { waitUntil: "networkidle" });
      if (!response || response.status() !== 200) {
        fail(`${pagePath}: HTTP ${response ? response.status() : "no response"}`);
      }
      await page.addScriptTag({ content: axeSource });
      const outcome = await page.evaluate(async (tags) => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { runOnly: { type: "tag", values: tags } });
        return {
          violations: r.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
          })),
          passes: r.passes.length,
        };
      }, TAGS);
      results.push({ path: pagePath, width, ...outcome });
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify({ pages: results }, null, 1) + "\n");
