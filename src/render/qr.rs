//! QR codes as inline SVG, so that a printed notice on a village board leads back to the
//! live page. Drawn with the qrcode crate (no image dependencies); the modules are merged
//! into one path to keep pages small.

use qrcode::{EcLevel, QrCode};
use std::fmt::Write as _;

/// An SVG QR code for `text`, scaled by CSS (`class="qr"`), with an accessible label.
pub fn svg(text: &str, label: &str) -> String {
    let Ok(code) = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) else {
        return String::new();
    };
    let width = code.width();
    let quiet = 4;
    let size = width + 2 * quiet;
    let colors = code.to_colors();
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == qrcode::Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == qrcode::Color::Dark {
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

/// The dark modules of the code for `text`, row by row (for tests that decode it back).
#[cfg(test)]
pub fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Some((width, dark))
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
        let (width, dark) = modules("https://example.org/gongshi/tasks/2022-xidong-01/").unwrap();
        assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", width + 8, width + 8)));
        assert!(dark.iter().any(|d| *d));
    }
}
