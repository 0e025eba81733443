//! Locale formatting of money, numbers and dates. Times are stored as UTC milliseconds and shown
//! in the shop's time zone; money is stored as integer cents.

use chrono::{TimeZone as _, Utc};
pub use chrono_tz::Tz;

use crate::i18n::Lang;

/// The shop's default time zone.
pub const DEFAULT_TZ: Tz = chrono_tz::Europe::Paris;

/// French thousands separator (narrow no-break space, as CLDR).
const FR_GROUP: char = '\u{202F}';
/// No-break space before the euro sign in French.
const NBSP: char = '\u{00A0}';

fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    let n = digits.len();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(ch);
    }
    out
}

/// An integer with the locale's grouping: `1 234 567` / `1,234,567`.
pub fn format_int(n: i64, lang: Lang) -> String {
    let sep = match lang {
        Lang::Fr => FR_GROUP,
        Lang::En => ',',
    };
    let digits = n.unsigned_abs().to_string();
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group(&digits, sep))
}

/// Money from integer cents: `1 234,56 €` (fr) / `€1,234.56` (en).
pub fn format_money(cents: i64, lang: Lang) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (units, rest) = (abs / 100, abs % 100);
    match lang {
        Lang::Fr => format!(
            "{sign}{},{rest:02}{NBSP}€",
            group(&units.to_string(), FR_GROUP)
        ),
        Lang::En => format!("{sign}€{}.{rest:02}", group(&units.to_string(), ',')),
    }
}

/// Parses money typed by a user into cents: accepts `1234,56`, `1 234,56 €`, `1234.5`,
/// `€1,234.56`. Returns `None` for anything else (more than 2 decimals, letters, empty).
pub fn parse_money(text: &str, lang: Lang) -> Option<i64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '€' && *c != FR_GROUP && *c != NBSP)
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let (neg, body) = match cleaned.strip_prefix('-') {
        Some(b) => (true, b.to_owned()),
        None => (false, cleaned),
    };
    let body = match lang {
        // In French, ',' is the decimal mark; a '.' is accepted as decimal too when alone.
        Lang::Fr => body.replace(',', "."),
        Lang::En => body.replace(',', ""),
    };
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i.to_owned(), f.to_owned()),
        None => (body, String::new()),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.chars().all(|c| c.is_ascii_digit())
        || !frac_part.chars().all(|c| c.is_ascii_digit())
        || frac_part.len() > 2
    {
        return None;
    }
    let units: i64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().ok()?
    };
    let frac: i64 = match frac_part.len() {
        0 => 0,
        1 => frac_part.parse::<i64>().ok()? * 10,
        _ => frac_part.parse().ok()?,
    };
    let cents = units.checked_mul(100)?.checked_add(frac)?;
    Some(if neg { -cents } else { cents })
}

/// A decimal number with the locale's separators: `12,5` / `12.5`.
pub fn format_decimal(value: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{:.*}", decimals, value.abs());
    let (int_part, frac) = s.split_once('.').unwrap_or((&s, ""));
    let sign = if value < 0.0 && value.abs() >= 0.5 * 10f64.powi(-(decimals as i32)) {
        "-"
    } else {
        ""
    };
    let (sep, dec) = match lang {
        Lang::Fr => (FR_GROUP, ','),
        Lang::En => (',', '.'),
    };
    if frac.is_empty() {
        format!("{sign}{}", group(int_part, sep))
    } else {
        format!("{sign}{}{dec}{frac}", group(int_part, sep))
    }
}

fn local(ms: i64, tz: Tz) -> Option<chrono::DateTime<Tz>> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|d| d.with_timezone(&tz))
}

/// A date: `22/11/2026` (both languages: the shop's convention is day first).
pub fn format_date(ms: i64, tz: Tz, _lang: Lang) -> String {
    local(ms, tz).map_or_else(String::new, |d| d.format("%d/%m/%Y").to_string())
}

/// A time of day, 24-hour: `14:05`.
pub fn format_time(ms: i64, tz: Tz) -> String {
    local(ms, tz).map_or_else(String::new, |d| d.format("%H:%M").to_string())
}

/// Date and time: `22/11/2026 14:05` (fr) / `22/11/2026, 14:05` (en).
pub fn format_datetime(ms: i64, tz: Tz, lang: Lang) -> String {
    local(ms, tz).map_or_else(String::new, |d| match lang {
        Lang::Fr => d.format("%d/%m/%Y %H:%M").to_string(),
        Lang::En => d.format("%d/%m/%Y, %H:%M").to_string(),
    })
}

/// A byte count for humans: `12,3 Mo` / `12.3 MB`.
pub fn format_bytes(bytes: u64, lang: Lang) -> String {
    let units: [&str; 5] = match lang {
        Lang::Fr => ["o", "Ko", "Mo", "Go", "To"],
        Lang::En => ["B", "KB", "MB", "GB", "TB"],
    };
    let mut v = bytes as f64;
    let mut i = 0usize;
    while v >= 1024.0 && i + 1 < units.len() {
        v /= 1024.0;
        i += 1;
    }
    let unit = units.get(i).copied().unwrap_or("B");
    if i == 0 {
        format!("{bytes}{NBSP}{unit}")
    } else {
        format!("{}{NBSP}{unit}", format_decimal(v, 1, lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_per_locale() {
        assert_eq!(format_money(123_456, Lang::Fr), "1\u{202F}234,56\u{00A0}€");
        assert_eq!(format_money(123_456, Lang::En), "€1,234.56");
        assert_eq!(format_money(5, Lang::Fr), "0,05\u{00A0}€");
        assert_eq!(
            format_money(-100_000_000, Lang::Fr),
            "-1\u{202F}000\u{202F}000,00\u{00A0}€"
        );
        assert_eq!(format_money(0, Lang::En), "€0.00");
    }

    #[test]
    fn money_round_trips_through_parse() {
        for cents in [0, 5, 99, 100, 123_456, 99_999_999] {
            for lang in Lang::ALL {
                assert_eq!(
                    parse_money(&format_money(cents, lang), lang),
                    Some(cents),
                    "{cents} {lang:?}"
                );
            }
        }
        assert_eq!(parse_money("1234,5", Lang::Fr), Some(123_450));
        assert_eq!(parse_money("1 234,56 €", Lang::Fr), Some(123_456));
        assert_eq!(parse_money("12.345", Lang::Fr), None);
        assert_eq!(parse_money("abc", Lang::Fr), None);
        assert_eq!(parse_money("", Lang::En), None);
        assert_eq!(parse_money("-3.10", Lang::En), Some(-310));
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(format_int(1_234_567, Lang::En), "1,234,567");
        assert_eq!(format_int(-999, Lang::Fr), "-999");
        assert_eq!(format_decimal(12.5, 1, Lang::Fr), "12,5");
        assert_eq!(format_decimal(1234.25, 2, Lang::En), "1,234.25");
        // 2026-11-22 13:05 UTC is 14:05 in Paris (winter time).
        let ms = 1_795_352_700_000;
        assert_eq!(format_date(ms, DEFAULT_TZ, Lang::Fr), "22/11/2026");
        assert_eq!(format_time(ms, DEFAULT_TZ), "14:05");
        assert_eq!(
            format_datetime(ms, DEFAULT_TZ, Lang::Fr),
            "22/11/2026 14:05"
        );
        // Summer time: 2026-07-14 10:00 UTC is 12:00 in Paris.
        assert_eq!(format_time(1_784_023_200_000, DEFAULT_TZ), "12:00");
        assert_eq!(format_bytes(1536, Lang::Fr), "1,5\u{00A0}Ko");
    }
}
