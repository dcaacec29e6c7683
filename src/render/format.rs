//! Numbers, money and percentages as a reader expects them in each language.

use crate::model::Language;

/// `6475` → `6,475`; fractions keep up to two decimals.
pub fn number(value: f64) -> String {
    let negative = value < 0.0;
    let value = value.abs();
    let rounded = (value * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let fraction = rounded - whole as f64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if fraction > 0.0 {
        let decimals = format!("{fraction:.2}");
        grouped.push_str(decimals.trim_start_matches('0').trim_end_matches('0'));
    }
    if negative {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// Money: `6.5亿元` / `210万元` in Chinese, `CNY 650,000,000` in English.
pub fn money(value: f64, currency: &str, language: Language) -> String {
    match language {
        Language::ZhCn if currency == "CNY" => {
            if value >= 1e8 {
                format!("{}亿元", number((value / 1e8 * 100.0).round() / 100.0))
            } else if value >= 1e4 {
                format!("{}万元", number((value / 1e4 * 100.0).round() / 100.0))
            } else {
                format!("{}元", number(value))
            }
        }
        _ => format!("{currency} {}", number(value)),
    }
}

/// A 0–1 ratio as a whole percentage for bars (never more than 100).
pub fn pct(ratio: f64) -> u32 {
    (ratio.clamp(0.0, 1.0) * 100.0).round() as u32
}

/// A 0–1 ratio as a percentage with one decimal: `97.4%`.
pub fn pct_text(ratio: Option<f64>) -> String {
    match ratio {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money() {
        assert_eq!(number(6475.0), "6,475");
        assert_eq!(number(1371.0), "1,371");
        assert_eq!(number(100.0), "100");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(1234567.25), "1,234,567.25");
        assert_eq!(money(650_000_000.0, "CNY", Language::ZhCn), "6.5亿元");
        assert_eq!(money(2_100_000.0, "CNY", Language::ZhCn), "210万元");
        assert_eq!(money(800.0, "CNY", Language::ZhCn), "800元");
        assert_eq!(money(650_000_000.0, "CNY", Language::En), "CNY 650,000,000");
        assert_eq!(pct(0.456), 46);
        assert_eq!(pct(1.7), 100);
        assert_eq!(pct_text(Some(0.9744)), "97.4%");
    }
}
