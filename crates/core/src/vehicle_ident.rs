//! Registration plates and VINs.
//!
//! **Plates.** French plates are recognised in both systems and normalised: SIV (since 2009,
//! `AB-123-CD`: letters without I, O, U; number 001–999) and the older FNI (`1234 AB 56`: 1–4
//! digits, 1–3 letters, the département 01–95, 2A, 2B or 971–976). A plate from another country
//! is free text (upper-cased, spaces kept). Every plate also gets a *key* — letters and digits
//! only — used for uniqueness and for search "with or without dashes".
//!
//! **VINs** (ISO 3779): 17 characters, digits and letters without I, O, Q. The check digit
//! (position 9) is mandatory only for North American vehicles (world manufacturer identifier
//! starting 1–5); European VINs often carry a letter or a maker's filler there, and RPMA v2
//! wrongly refused them.

/// Which plate system a plate follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlateFormat {
    /// French SIV, `AB-123-CD`.
    Siv,
    /// French FNI, `1234 AB 56`.
    Fni,
    /// Any other country's plate, free text.
    Other,
}

impl PlateFormat {
    /// Stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Siv => "siv",
            Self::Fni => "fni",
            Self::Other => "other",
        }
    }

    /// Parses a stored name (unknown → `Other`).
    pub fn parse(s: &str) -> Self {
        match s {
            "siv" => Self::Siv,
            "fni" => Self::Fni,
            _ => Self::Other,
        }
    }
}

/// A checked plate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plate {
    /// As shown and stored: `AB-123-CD`, `1234 AB 56`, or the foreign text upper-cased.
    pub display: String,
    /// Letters and digits only, upper case: `AB123CD`.
    pub key: String,
    /// The system.
    pub format: PlateFormat,
}

/// Letters and digits of `s`, upper case (accents are not plate characters and are dropped).
pub fn plate_key(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn siv_letter(c: char) -> bool {
    c.is_ascii_uppercase() && !matches!(c, 'I' | 'O' | 'U')
}

/// Recognises a French SIV plate in any spacing (`ab123cd`, `AB 123 CD`, `AB-123-CD`).
pub fn parse_siv(input: &str) -> Option<Plate> {
    let key = plate_key(input);
    let chars: Vec<char> = key.chars().collect();
    let [a, b, d1, d2, d3, c, d] = chars.as_slice() else {
        return None;
    };
    let letters_ok = [a, b, c, d].iter().all(|&&l| siv_letter(l));
    let digits_ok = [d1, d2, d3].iter().all(|d| d.is_ascii_digit());
    let number: String = [d1, d2, d3].iter().copied().collect();
    if !letters_ok || !digits_ok || number == "000" {
        return None;
    }
    // Only letters, digits and separators in the input.
    if !input
        .trim()
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == ' ')
    {
        return None;
    }
    Some(Plate {
        display: format!("{a}{b}-{number}-{c}{d}"),
        key,
        format: PlateFormat::Siv,
    })
}

/// Recognises a French FNI plate (`1234 AB 56`, `123ABC75`, `12 A 2A`, `99 AB 974`).
pub fn parse_fni(input: &str) -> Option<Plate> {
    if !input
        .trim()
        .chars()
        .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == ' ')
    {
        return None;
    }
    let key = plate_key(input);
    let digits: String = key.chars().take_while(char::is_ascii_digit).collect();
    let rest = key.get(digits.len()..)?;
    let letters: String = rest.chars().take_while(char::is_ascii_uppercase).collect();
    let dept = rest.get(letters.len()..)?;
    let digits_ok = (1..=4).contains(&digits.len()) && !digits.chars().all(|c| c == '0');
    let letters_ok = (1..=3).contains(&letters.len());
    let dept_ok = match dept {
        "2A" | "2B" => true,
        d if d.len() == 2 && d.chars().all(|c| c.is_ascii_digit()) => {
            matches!(d.parse::<u8>(), Ok(1..=95))
        }
        d if d.len() == 3 => matches!(d, "971" | "972" | "973" | "974" | "975" | "976"),
        _ => false,
    };
    let display = format!("{digits} {letters} {dept}");
    (digits_ok && letters_ok && dept_ok).then(|| Plate {
        display,
        key: key.clone(),
        format: PlateFormat::Fni,
    })
}

/// Why a plate was refused (an i18n key).
pub const ERR_PLATE_FR: &str = "err-plate-fr";
/// Why a foreign plate was refused (an i18n key).
pub const ERR_PLATE_OTHER: &str = "err-plate-other";

/// Checks and normalises a plate. French plates (`foreign == false`) must be SIV or FNI;
/// foreign plates are free text of 2 to 15 letters or digits (spaces and dashes allowed).
pub fn parse_plate(input: &str, foreign: bool) -> Result<Plate, &'static str> {
    if foreign {
        let display = input.trim().to_uppercase();
        let key = plate_key(&display);
        let ok = (2..=15).contains(&key.len())
            && display
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '.')
            && display.chars().count() <= 20;
        return if ok {
            Ok(Plate {
                display,
                key,
                format: PlateFormat::Other,
            })
        } else {
            Err(ERR_PLATE_OTHER)
        };
    }
    parse_siv(input)
        .or_else(|| parse_fni(input))
        .ok_or(ERR_PLATE_FR)
}

/// The VIN alphabet value of a character (ISO 3779 transliteration), or `None` for I, O, Q and
/// anything that is not a digit or a letter.
fn vin_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        'A' | 'J' => Some(1),
        'B' | 'K' | 'S' => Some(2),
        'C' | 'L' | 'T' => Some(3),
        'D' | 'M' | 'U' => Some(4),
        'E' | 'N' | 'V' => Some(5),
        'F' | 'W' => Some(6),
        'G' | 'P' | 'X' => Some(7),
        'H' | 'Y' => Some(8),
        'R' | 'Z' => Some(9),
        _ => None,
    }
}

const VIN_WEIGHTS: [u32; 17] = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/// The North American check digit of a 17-character VIN (`0`–`9` or `X`).
pub fn vin_check_digit(vin: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in vin.chars().zip(VIN_WEIGHTS) {
        sum += vin_value(c)? * w;
    }
    match sum % 11 {
        10 => Some('X'),
        n => char::from_digit(n, 10),
    }
}

/// Why a VIN was refused (i18n keys).
pub const ERR_VIN_LENGTH: &str = "err-vin-length";
/// A VIN holds I, O, Q or a character that is not a digit or a letter.
pub const ERR_VIN_CHARS: &str = "err-vin-chars";
/// A North American VIN whose check digit is wrong.
pub const ERR_VIN_CHECK: &str = "err-vin-check";

/// True when the VIN's maker code is North American (the check digit is mandatory there).
pub fn vin_is_north_american(vin: &str) -> bool {
    matches!(vin.chars().next(), Some('1'..='5'))
}

/// Checks and normalises a VIN (spaces and dashes removed, upper case).
pub fn parse_vin(input: &str) -> Result<String, &'static str> {
    let vin: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if vin.chars().count() != 17 {
        return Err(ERR_VIN_LENGTH);
    }
    if !vin.chars().all(|c| vin_value(c).is_some()) {
        return Err(ERR_VIN_CHARS);
    }
    if vin_is_north_american(&vin) && vin.chars().nth(8) != vin_check_digit(&vin) {
        return Err(ERR_VIN_CHECK);
    }
    Ok(vin)
}

/// Car makes offered by the make field's autocompletion (any other text is accepted).
pub const MAKES: &[&str] = &[
    "Abarth",
    "Alfa Romeo",
    "Alpine",
    "Aston Martin",
    "Audi",
    "Bentley",
    "BMW",
    "BYD",
    "Cadillac",
    "Chevrolet",
    "Citroën",
    "Cupra",
    "Dacia",
    "DS",
    "Ferrari",
    "Fiat",
    "Ford",
    "Genesis",
    "Honda",
    "Hyundai",
    "Jaguar",
    "Jeep",
    "Kia",
    "Lamborghini",
    "Land Rover",
    "Lexus",
    "Lotus",
    "Lynk & Co",
    "Maserati",
    "Mazda",
    "McLaren",
    "Mercedes-Benz",
    "MG",
    "Mini",
    "Mitsubishi",
    "Nissan",
    "Opel",
    "Peugeot",
    "Polestar",
    "Porsche",
    "Renault",
    "Rolls-Royce",
    "Seat",
    "Škoda",
    "Smart",
    "Subaru",
    "Suzuki",
    "Tesla",
    "Toyota",
    "Volkswagen",
    "Volvo",
];

/// Makes starting with (or containing) `prefix`, accent- and case-insensitively; starts first.
pub fn suggest_makes(prefix: &str, limit: usize) -> Vec<&'static str> {
    let p = fold(prefix.trim());
    if p.is_empty() {
        return Vec::new();
    }
    let mut starts: Vec<&'static str> = MAKES
        .iter()
        .copied()
        .filter(|m| fold(m).starts_with(&p))
        .collect();
    let contains = MAKES
        .iter()
        .copied()
        .filter(|m| !fold(m).starts_with(&p) && fold(m).contains(&p));
    starts.extend(contains);
    starts.truncate(limit);
    starts
}

/// Lower case without the accents used in make names.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'À' | 'Â' | 'Ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
            'î' | 'ï' | 'Î' | 'Ï' => 'i',
            'ô' | 'ö' | 'Ô' | 'Ö' => 'o',
            'ù' | 'û' | 'ü' | 'Ù' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'š' | 'Š' => 's',
            other => other.to_ascii_lowercase(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn siv_plates_in_any_spacing_are_normalised() {
        for input in ["AB-123-CD", "ab123cd", "AB 123 CD", " ab-123 cd "] {
            let p = parse_plate(input, false).unwrap();
            assert_eq!(p.display, "AB-123-CD", "{input}");
            assert_eq!(p.key, "AB123CD");
            assert_eq!(p.format, PlateFormat::Siv);
        }
        assert_eq!(
            parse_plate("GA-001-AA", false).unwrap().display,
            "GA-001-AA"
        );
    }

    #[test]
    fn impossible_siv_plates_are_refused() {
        // Number 000, letters I/O/U, wrong shapes, stray symbols.
        for input in [
            "AB-000-CD",
            "AI-123-CD",
            "AB-123-OU",
            "AB-1234-CD",
            "A-123-CD",
            "AB_123_CD",
            "",
        ] {
            assert_eq!(parse_plate(input, false), Err(ERR_PLATE_FR), "{input}");
        }
    }

    #[test]
    fn fni_plates_are_recognised() {
        let cases = [
            ("1234 AB 56", "1234 AB 56"),
            ("123abc75", "123 ABC 75"),
            ("12 A 2A", "12 A 2A"),
            ("99-AB-974", "99 AB 974"),
            ("5 ZZ 01", "5 ZZ 01"),
        ];
        for (input, display) in cases {
            let p = parse_plate(input, false).unwrap();
            assert_eq!(p.display, display, "{input}");
            assert_eq!(p.format, PlateFormat::Fni);
        }
        for input in [
            "1234 AB 96",
            "12345 AB 75",
            "0 AB 75",
            "12 ABCD 75",
            "12 AB 977",
        ] {
            assert_eq!(parse_plate(input, false), Err(ERR_PLATE_FR), "{input}");
        }
    }

    #[test]
    fn foreign_plates_are_free_text() {
        let p = parse_plate("b-ab 1234", true).unwrap();
        assert_eq!(p.display, "B-AB 1234");
        assert_eq!(p.key, "BAB1234");
        assert_eq!(p.format, PlateFormat::Other);
        assert_eq!(parse_plate("1-ABC-123", true).unwrap().key, "1ABC123");
        assert_eq!(parse_plate("A", true), Err(ERR_PLATE_OTHER));
        assert_eq!(parse_plate("AB#12", true), Err(ERR_PLATE_OTHER));
    }

    #[test]
    fn north_american_vins_need_their_check_digit() {
        // Textbook examples with a correct check digit (X and 3).
        assert_eq!(parse_vin("1M8GDM9AXKP042788").unwrap(), "1M8GDM9AXKP042788");
        assert_eq!(parse_vin("1hgcm82633a004352").unwrap(), "1HGCM82633A004352");
        // The same VINs with a wrong check digit are refused.
        assert_eq!(parse_vin("1M8GDM9A1KP042788"), Err(ERR_VIN_CHECK));
        assert_eq!(parse_vin("1HGCM82643A004352"), Err(ERR_VIN_CHECK));
    }

    #[test]
    fn european_vins_without_a_valid_check_digit_are_accepted() {
        // VW (filler ZZZ, a letter in position 9), Peugeot, Renault, Fiat, Land Rover, BMW: these
        // would fail the North American check digit but are valid European VINs.
        for vin in [
            "WVWZZZ1JZXW000001",
            "VF3LCBHZ6GS123456",
            "VF1RFB00556123456",
            "ZFA31200000123456",
            "SALLAAA146A123456",
            "WBA3A5C51CF256651",
        ] {
            assert!(vin_check_digit(vin).is_some());
            assert_eq!(parse_vin(vin), Ok(vin.to_owned()), "{vin}");
        }
        assert_ne!(vin_check_digit("WVWZZZ1JZXW000001"), Some('Z'));
    }

    #[test]
    fn malformed_vins_are_refused() {
        assert_eq!(parse_vin("WVWZZZ1JZXW00000"), Err(ERR_VIN_LENGTH));
        assert_eq!(parse_vin("WVWZZZ1JZXW0000011"), Err(ERR_VIN_LENGTH));
        assert_eq!(parse_vin("WVWZZZ1JZXW00000I"), Err(ERR_VIN_CHARS));
        assert_eq!(parse_vin("WVWZZZ1JZXW00000O"), Err(ERR_VIN_CHARS));
        assert_eq!(parse_vin("WVWZZZ1JZXW00000Q"), Err(ERR_VIN_CHARS));
        assert_eq!(parse_vin("WVWZZZ1JZXW0000é1"), Err(ERR_VIN_CHARS));
        // Spaces and dashes are tolerated and removed.
        assert_eq!(
            parse_vin("WVW ZZZ 1JZ-XW000001").unwrap(),
            "WVWZZZ1JZXW000001"
        );
    }

    #[test]
    fn makes_autocomplete_ignores_accents_and_case() {
        assert_eq!(suggest_makes("cit", 5), vec!["Citroën"]);
        assert_eq!(suggest_makes("SKO", 5), vec!["Škoda"]);
        let p = suggest_makes("p", 10);
        assert!(p.contains(&"Peugeot") && p.contains(&"Porsche"));
        assert!(suggest_makes("", 5).is_empty());
        assert_eq!(suggest_makes("rover", 5), vec!["Land Rover"]);
    }
}
