//! QR codes as inline SVG, so that a printed notice on a village board leads back to the
//! live page. Encoded with the qrcode crate (no image dependencies); the modules are merged
//! into one path to keep pages small.
//!
//! Every task page carries one, so a large site makes tens of thousands of codes. The crate
//! spends most of a code's time choosing its mask: it scores each of the eight masks with a
//! boxed closure per module and position. [`dark_modules`] draws the code with the crate and
//! scores the masks itself, by the crate's own rules over a plain grid, so the code chosen
//! is the crate's, module for module, at a fraction of the cost.

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, QrCode, Version};
use std::fmt::Write as _;

/// The error correction level of every code: M, about 15% of the code may be lost.
const LEVEL: EcLevel = EcLevel::M;

/// An SVG QR code for `text`, scaled by CSS (`class="qr"`), with an accessible label.
pub fn svg(text: &str, label: &str) -> String {
    let Some((width, colors)) = dark_modules(text) else {
        return String::new();
    };
    let quiet = 4;
    let size = width + 2 * quiet;
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] {
                let start = x;
                while x < width && colors[y * width + x] {
                    x += 1;
                }
                let _ = write!(
                    path,
                    "M{} {}h{}v1h-{}z",
                    start + quiet,
                    y + quiet,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    let label = super::escape::escape_html(label);
    format!(
        r##"<svg class="qr" viewBox="0 0 {size} {size}" role="img" aria-label="{label}" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    )
}

/// The code for `text`: its width and whether each module is dark, row by row; None when
/// `text` is too long for any QR code.
pub fn dark_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), LEVEL).ok()?;
    let version = bits.version();
    if !matches!(version, Version::Normal(_)) {
        // Never chosen for a text (the crate picks among normal versions); kept exact anyway.
        return crate_modules(text);
    }
    let (data, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, LEVEL).ok()?;
    let mut canvas = Canvas::new(version, LEVEL);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    let width = usize::try_from(version.width()).ok()?;
    // The first mask with the lowest penalty, as `Canvas::apply_best_mask` chooses.
    let mut best: Option<(u32, Vec<bool>)> = None;
    for mask in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let dark: Vec<bool> = masked
            .into_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        let score = penalty(&dark, width);
        if best.as_ref().is_none_or(|(lowest, _)| score < *lowest) {
            best = Some((score, dark));
        }
    }
    best.map(|(_, dark)| (width, dark))
}

/// The code as the crate makes it whole (the reference [`dark_modules`] must match).
fn crate_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), LEVEL).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == Color::Dark)
        .collect();
    Some((code.width(), dark))
}

/// The eight masks of a normal QR code, in the order the crate tries them.
const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// A masked code's penalty, by the qrcode crate's rules (`compute_total_penalty_scores`,
/// which follow ISO/IEC 18004 §8.8.2 but for the balance rule's rounding): runs of five or
/// more modules of one colour, 2×2 blocks of one colour, finder-like patterns, and the
/// deviation from half dark.
fn penalty(dark: &[bool], width: usize) -> u32 {
    let row = |y: usize| -> Vec<bool> { dark[y * width..(y + 1) * width].to_vec() };
    let column = |x: usize| -> Vec<bool> { (0..width).map(|y| dark[y * width + x]).collect() };
    let mut score = 0;
    for i in 0..width {
        for line in [row(i), column(i)] {
            score += run_penalty(&line) + finder_penalty(&line);
        }
    }
    for y in 0..width.saturating_sub(1) {
        for x in 0..width - 1 {
            let at = y * width + x;
            let here = dark[at];
            if dark[at + 1] == here && dark[at + width] == here && dark[at + width + 1] == here {
                score += 3;
            }
        }
    }
    let dark_count = dark.iter().filter(|d| **d).count();
    let ratio = dark_count * 200 / dark.len().max(1);
    // The finder patterns themselves match three rows and three columns each; the crate
    // takes those 2 × 9 × 40 points off.
    score + ratio.abs_diff(100) as u32 - 2 * 360
}

/// Every run of 5 + n modules of one colour in a line: 3 + n points.
fn run_penalty(line: &[bool]) -> u32 {
    let mut score = 0;
    let mut run = 0;
    for (i, &module) in line.iter().enumerate() {
        run += 1;
        if line.get(i + 1) != Some(&module) {
            if run >= 5 {
                score += run - 2;
            }
            run = 0;
        }
    }
    score
}

/// Every dark-light-dark-dark-dark-light-dark in a line that does not have a dark module
/// within four modules on both sides: 40 points (out of the line counts as light).
fn finder_penalty(line: &[bool]) -> u32 {
    const PATTERN: [bool; 7] = [true, false, true, true, true, false, true];
    let mut score = 0;
    for start in 0..line.len().saturating_sub(6) {
        if line[start..start + 7] != PATTERN {
            continue;
        }
        let before = line[start.saturating_sub(4)..start].iter().any(|d| *d);
        let after = line[start + 7..(start + 11).min(line.len())]
            .iter()
            .any(|d| *d);
        if !before || !after {
            score += 40;
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_labelled_and_has_a_quiet_zone() {
        let svg = svg(
            "https://example.org/gongshi/tasks/2022-xidong-01/",
            "扫码查看",
        );
        assert!(svg.starts_with("<svg class=\"qr\""));
        assert!(svg.contains("aria-label=\"扫码查看\""));
        let (width, dark) =
            dark_modules("https://example.org/gongshi/tasks/2022-xidong-01/").unwrap();
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", width + 8, width + 8)));
        assert!(dark.iter().any(|d| *d));
    }

    /// The mask is chosen here, not by the crate: every code must still be the crate's,
    /// module for module, whatever its version and content (digits, capitals, bytes).
    #[test]
    fn codes_are_the_qrcode_crates_module_for_module() {
        let mut texts: Vec<String> = (1..=330)
            .map(|n| {
                let id: String = (0..n)
                    .map(|i| ["a", "7", "-", "Z", "x", "0"][(i * 7 + n) % 6])
                    .collect();
                format!("https://example.org/gongshi/tasks/{id}/")
            })
            .collect();
        texts.extend((1..=60).map(|n| "12345678901".repeat(n)[..n * 3].to_string()));
        texts.extend((1..=40).map(|n| "GONGSHI 2022 ".repeat(n)));
        texts.push("https://example.org/gongshi/evaluations/2022-年终/print/".into());
        let mut widths = std::collections::BTreeSet::new();
        for text in &texts {
            let ours = dark_modules(text);
            assert_eq!(ours, crate_modules(text), "{text}");
            widths.insert(ours.map(|(w, _)| w));
        }
        assert!(
            widths.len() >= 8,
            "the texts cover many versions: {widths:?}"
        );
    }
}
