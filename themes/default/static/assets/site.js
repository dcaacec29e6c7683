/* gongshi default theme — optional enhancements. Every page is complete without this
   script: task lists are filtered by the facet pages, printing works from the browser's
   menu. No framework, no network requests. */
(function () {
  "use strict";

  /* 1. All-tasks page: filter rows in place by organisation, category, step and status.
        Options come from the facet links (the same ones that work without JavaScript),
        rows carry data-org / data-category / data-stage / data-status. */
  function taskFilter(container) {
    var table = container.querySelector("#task-table");
    var facets = document.querySelector(".facets");
    if (!table || !facets) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var groups = Array.prototype.slice.call(facets.querySelectorAll("[data-facet]"));
    if (!groups.length) return;

    var form = document.createElement("form");
    form.className = "filter-form";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", container.getAttribute("data-legend") || "");
    var selects = [];

    groups.forEach(function (group) {
      var key = group.getAttribute("data-facet");
      var id = "filter-" + key;
      var wrap = document.createElement("div");
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = group.getAttribute("data-label") || key;
      var select = document.createElement("select");
      select.id = id;
      select.name = key;
      var any = document.createElement("option");
      any.value = "";
      any.textContent = container.getAttribute("data-any") || "—";
      select.appendChild(any);
      group.querySelectorAll("a[data-value]").forEach(function (a) {
        var option = document.createElement("option");
        option.value = a.getAttribute("data-value");
        option.textContent = a.textContent.replace(/\s+/g, " ").trim();
        select.appendChild(option);
      });
      wrap.appendChild(label);
      wrap.appendChild(select);
      form.appendChild(wrap);
      selects.push(select);
    });

    var reset = document.createElement("button");
    reset.type = "reset";
    reset.textContent = container.getAttribute("data-reset") || "Reset";
    form.appendChild(reset);

    var status = document.createElement("p");
    status.className = "filter-status";
    status.setAttribute("role", "status");
    var template = container.getAttribute("data-count-template") || "{n}";
    var empty = container.querySelector("[data-filter-empty]");

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (select) {
          if (!select.value) return true;
          var value = row.getAttribute("data-" + select.name) || "";
          return select.name === "org"
            ? value.split(" ").indexOf(select.value) !== -1
            : value === select.value;
        });
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      status.textContent = template.replace("{n}", String(shown));
      if (empty) empty.hidden = shown !== 0;
      var params = new URLSearchParams();
      selects.forEach(function (select) {
        if (select.value) params.set(select.name, select.value);
      });
      var query = params.toString();
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", query ? "?" + query : window.location.pathname);
      }
    }

    // Restore a filter from the address (?org=…&stage=…), so filtered views can be shared.
    var initial = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = initial.get(select.name);
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      if (wanted && known) select.value = wanted;
    });

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    // The selects do what the facet links do here; the links stay on the other list pages,
    // and on a list of several pages, where the selects filter only the page shown.
    if (!container.hasAttribute("data-page-only")) facets.hidden = true;
    container.insertBefore(status, container.firstChild);
    container.insertBefore(form, status);
    if (selects.some(function (s) { return s.value; })) apply();
  }

  /* 2. Printable notices: a print button (the browser's own menu works too). */
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* 3. Search page: keep the header box in step with the query being shown. */
  function searchBox() {
    var q = new URLSearchParams(window.location.search).get("q");
    var input = document.getElementById("site-search");
    if (q && input && document.getElementById("search")) input.value = q;
  }

  function start() {
    if (!("querySelector" in document) || !window.URLSearchParams) return;
    a11yMode();
    document.querySelectorAll("[data-task-filter]").forEach(taskFilter);
    printButtons();
    searchBox();
  }

  /* The mode for older readers: the header's links switch it without JavaScript (#a11y);
     this remembers the choice for the next pages. */
  function a11yMode() {
    var root = document.documentElement;
    var stored = null;
    try { stored = window.localStorage.getItem("gongshi-a11y"); } catch (e) { stored = null; }
    if (stored === "on") root.classList.add("a11y");
    document.querySelectorAll("[data-a11y]").forEach(function (link) {
      link.addEventListener("click", function () {
        var on = link.getAttribute("data-a11y") === "on";
        root.classList.toggle("a11y", on);
        try { window.localStorage.setItem("gongshi-a11y", on ? "on" : "off"); } catch (e) { /* private mode */ }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
