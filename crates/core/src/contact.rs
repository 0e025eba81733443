//! Contact data shared by clients (and later suppliers): phone numbers, postal codes, countries.
//!
//! Phones are stored in international form (`+33612345678`) and shown in the national grouping
//! for French numbers (`06 12 34 56 78`). A French postal code is five digits; other countries
//! are not forced into that shape (RPMA v2 applied a US ZIP rule to everyone).

/// Normalises a phone number to `+<country code><digits>`. French national numbers (`06 12 …`,
/// ten digits starting with 0) become `+33…`; `00` becomes `+`. Returns `None` when the text is
/// not a phone number (letters, too few or too many digits, a `+` in the middle).
pub fn normalize_phone(input: &str) -> Option<String> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+' | '/'))
    {
        return None;
    }
    if s.rfind('+').is_some_and(|i| i != 0) {
        return None;
    }
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    let international = if s.starts_with('+') {
        digits
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.to_owned()
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("33{}", digits.get(1..).unwrap_or_default())
    } else {
        return None;
    };
    // French numbers: +33 then exactly nine digits, the first not 0.
    if let Some(national) = international.strip_prefix("33") {
        let national = national.strip_prefix('0').unwrap_or(national);
        if national.len() != 9 {
            return None;
        }
        return Some(format!("+33{national}"));
    }
    // E.164: at most 15 digits; a country code and a subscriber number.
    (8..=15)
        .contains(&international.len())
        .then(|| format!("+{international}"))
}

/// Shows a stored phone number: French numbers as `06 12 34 56 78`, others as stored.
pub fn format_phone(stored: &str) -> String {
    if let Some(national) = stored.strip_prefix("+33")
        && national.len() == 9
        && national.chars().all(|c| c.is_ascii_digit())
    {
        let full = format!("0{national}");
        let pairs: Vec<&str> = full
            .as_bytes()
            .chunks(2)
            .filter_map(|c| std::str::from_utf8(c).ok())
            .collect();
        return pairs.join(" ");
    }
    stored.to_owned()
}

/// Checks and normalises a postal code for `country` (ISO alpha-2). France (and Monaco, which
/// uses French codes): five digits. Elsewhere: 2 to 10 letters, digits, spaces or dashes.
pub fn normalize_postal_code(input: &str, country: &str) -> Option<String> {
    let s = input.trim();
    if matches!(country, "FR" | "MC") {
        let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        return (digits.len() == 5 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits);
    }
    let ok = (2..=10).contains(&s.chars().count())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    ok.then(|| s.to_uppercase())
}

/// Checks a country code: two ASCII letters, returned upper case.
pub fn normalize_country(input: &str) -> Option<String> {
    let s = input.trim().to_uppercase();
    (s.len() == 2 && s.chars().all(|c| c.is_ascii_uppercase())).then_some(s)
}

/// Countries offered first in forms (code, French name, English name). Any other ISO code is
/// accepted too.
pub const COMMON_COUNTRIES: &[(&str, &str, &str)] = &[
    ("FR", "France", "France"),
    ("BE", "Belgique", "Belgium"),
    ("CH", "Suisse", "Switzerland"),
    ("LU", "Luxembourg", "Luxembourg"),
    ("MC", "Monaco", "Monaco"),
    ("DE", "Allemagne", "Germany"),
    ("ES", "Espagne", "Spain"),
    ("IT", "Italie", "Italy"),
    ("GB", "Royaume-Uni", "United Kingdom"),
    ("NL", "Pays-Bas", "Netherlands"),
    ("PT", "Portugal", "Portugal"),
];

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn french_numbers_normalise_to_international() {
        for input in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "0612345678",
            "+33 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "0033 6 12 34 56 78",
        ] {
            assert_eq!(
                normalize_phone(input).as_deref(),
                Some("+33612345678"),
                "{input}"
            );
        }
        assert_eq!(format_phone("+33612345678"), "06 12 34 56 78");
        assert_eq!(format_phone("+33145678901"), "01 45 67 89 01");
    }

    #[test]
    fn foreign_numbers_are_kept_international() {
        assert_eq!(
            normalize_phone("+44 20 7946 0958").as_deref(),
            Some("+442079460958")
        );
        assert_eq!(
            normalize_phone("+32 470 12 34 56").as_deref(),
            Some("+32470123456")
        );
        assert_eq!(format_phone("+442079460958"), "+442079460958");
    }

    #[test]
    fn bad_phones_are_refused() {
        for input in [
            "",
            "abc",
            "06 12 34",
            "12345678901",
            "+33 6 12 34 56 78 99",
            "06+12345678",
            "+1234",
            "06 12 34 56 7a",
        ] {
            assert_eq!(normalize_phone(input), None, "{input}");
        }
    }

    #[test]
    fn postal_codes_follow_the_country() {
        assert_eq!(
            normalize_postal_code(" 75011 ", "FR").as_deref(),
            Some("75011")
        );
        assert_eq!(normalize_postal_code("7501", "FR"), None);
        assert_eq!(normalize_postal_code("75O11", "FR"), None);
        assert_eq!(
            normalize_postal_code("SW1A 1AA", "GB").as_deref(),
            Some("SW1A 1AA")
        );
        assert_eq!(normalize_postal_code("1000", "BE").as_deref(), Some("1000"));
        assert_eq!(normalize_postal_code("1", "BE"), None);
        assert_eq!(normalize_country(" be ").as_deref(), Some("BE"));
        assert_eq!(normalize_country("BEL"), None);
    }
}
