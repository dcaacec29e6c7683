//! Charts as inline SVG, drawn at build time: no chart library, no JavaScript, readable in
//! print. Each chart carries a `<title>` for assistive technology, and the page shows the
//! same figures as a table.

use super::escape::escape_html as escape;
use std::fmt::Write as _;

/// One bar: a label, a 0–1 share of the bar, and the text shown at its end.
pub struct BarItem<'a> {
    pub label: &'a str,
    pub share: f64,
    pub value_label: String,
}

/// Horizontal bars, one row each, labels on the left. Scales with its container.
pub fn horizontal_bars(title: &str, items: &[BarItem]) -> String {
    let row_height = 28.0;
    let label_width = 150.0;
    let bar_width = 300.0;
    let value_width = 110.0;
    let width = label_width + bar_width + value_width;
    let height = row_height * items.len().max(1) as f64 + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart chart-bars" viewBox="0 0 {width} {height}" width="100%" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    for (i, item) in items.iter().enumerate() {
        let y = 4.0 + i as f64 * row_height;
        let filled = (item.share.clamp(0.0, 1.0) * bar_width * 10.0).round() / 10.0;
        let label: String = item.label.chars().take(10).collect();
        let _ = write!(
            svg,
            r#"<text x="{lx}" y="{ty}" class="chart-label" text-anchor="end">{label}</text><rect x="{bx}" y="{ry}" width="{bar_width}" height="16" rx="3" class="chart-track"/><rect x="{bx}" y="{ry}" width="{filled}" height="16" rx="3" class="chart-fill"/><text x="{vx}" y="{ty}" class="chart-value">{value}</text>"#,
            lx = label_width - 8.0,
            ty = y + 17.0,
            label = escape(&label),
            bx = label_width,
            ry = y + 4.0,
            vx = label_width + bar_width + 8.0,
            value = escape(&item.value_label),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// One stacked bar split into segments (e.g. satisfied / basically / dissatisfied), with
/// a legend under it.
pub fn stacked_bar(title: &str, segments: &[(&str, u64, &str)]) -> String {
    let total: u64 = segments.iter().map(|(_, v, _)| v).sum();
    let width = 560.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart chart-stacked" viewBox="0 0 {width} 76" width="100%" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg"><title>{}</title>"#,
        escape(title),
        escape(title)
    );
    let mut x = 0.0;
    for (label, value, class) in segments {
        let w = if total == 0 {
            0.0
        } else {
            *value as f64 / total as f64 * width
        };
        let w = (w * 10.0).round() / 10.0;
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="0" width="{w}" height="28" class="{class}"><title>{}: {value}</title></rect>"#,
            escape(label)
        );
        x += w;
    }
    let mut lx = 0.0;
    for (label, value, class) in segments {
        let share = if total == 0 {
            0.0
        } else {
            *value as f64 / total as f64 * 100.0
        };
        let text = format!("{label} {value}（{share:.1}%）");
        let _ = write!(
            svg,
            r#"<rect x="{lx}" y="44" width="14" height="14" class="{class}"/><text x="{tx}" y="56" class="chart-label">{}</text>"#,
            escape(&text),
            tx = lx + 20.0
        );
        lx += 187.0;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_and_escaped() {
        let svg = horizontal_bars(
            "完成率 <按乡镇>",
            &[
                BarItem {
                    label: "西洞镇",
                    share: 0.5,
                    value_label: "50%".into(),
                },
                BarItem {
                    label: "清水镇",
                    share: 1.5,
                    value_label: "100%".into(),
                },
            ],
        );
        assert!(svg.contains("<title>完成率 &lt;按乡镇&gt;</title>"));
        assert!(
            svg.contains(r#"width="150" height="16" rx="3" class="chart-fill""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"width="300" height="16" rx="3" class="chart-fill""#),
            "{svg}"
        );
    }

    #[test]
    fn stacked_segments_add_up() {
        let svg = stacked_bar(
            "满意度",
            &[("满意", 3, "a"), ("基本满意", 1, "b"), ("不满意", 0, "c")],
        );
        assert!(svg.contains(r#"x="0.0" y="0" width="420""#), "{svg}");
        assert!(svg.contains(r#"x="420.0" y="0" width="140""#), "{svg}");
    }
}
