//! The message catalogue: Fluent files for French (default) and English, embedded in the binary.
//! Every user-visible string of the app and the CLI comes from here.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::{LanguageIdentifier, langid};

use crate::error::CoreError;

/// French catalogue: one Fluent file per area of the app.
pub const FR_FTL: &[&str] = &[
    include_str!("../../../assets/i18n/fr/main.ftl"),
    include_str!("../../../assets/i18n/fr/login.ftl"),
    include_str!("../../../assets/i18n/fr/users.ftl"),
    include_str!("../../../assets/i18n/fr/settings.ftl"),
    include_str!("../../../assets/i18n/fr/audit.ftl"),
    include_str!("../../../assets/i18n/fr/profile.ftl"),
    include_str!("../../../assets/i18n/fr/update.ftl"),
    include_str!("../../../assets/i18n/fr/kiosk.ftl"),
    include_str!("../../../assets/i18n/fr/jobs.ftl"),
    include_str!("../../../assets/i18n/fr/clients.ftl"),
    include_str!("../../../assets/i18n/fr/vehicles.ftl"),
    include_str!("../../../assets/i18n/fr/planning.ftl"),
    include_str!("../../../assets/i18n/fr/calendar.ftl"),
    include_str!("../../../assets/i18n/fr/search.ftl"),
    include_str!("../../../assets/i18n/fr/workflow.ftl"),
    include_str!("../../../assets/i18n/fr/intervention.ftl"),
    include_str!("../../../assets/i18n/fr/photos.ftl"),
    include_str!("../../../assets/i18n/fr/steps.ftl"),
    include_str!("../../../assets/i18n/fr/terminal.ftl"),
    include_str!("../../../assets/i18n/fr/backup.ftl"),
    include_str!("../../../assets/i18n/fr/safety.ftl"),
    include_str!("../../../assets/i18n/fr/sync.ftl"),
];
/// English catalogue: the same files and keys as French.
pub const EN_FTL: &[&str] = &[
    include_str!("../../../assets/i18n/en/main.ftl"),
    include_str!("../../../assets/i18n/en/login.ftl"),
    include_str!("../../../assets/i18n/en/users.ftl"),
    include_str!("../../../assets/i18n/en/settings.ftl"),
    include_str!("../../../assets/i18n/en/audit.ftl"),
    include_str!("../../../assets/i18n/en/profile.ftl"),
    include_str!("../../../assets/i18n/en/update.ftl"),
    include_str!("../../../assets/i18n/en/kiosk.ftl"),
    include_str!("../../../assets/i18n/en/jobs.ftl"),
    include_str!("../../../assets/i18n/en/clients.ftl"),
    include_str!("../../../assets/i18n/en/vehicles.ftl"),
    include_str!("../../../assets/i18n/en/planning.ftl"),
    include_str!("../../../assets/i18n/en/calendar.ftl"),
    include_str!("../../../assets/i18n/en/search.ftl"),
    include_str!("../../../assets/i18n/en/workflow.ftl"),
    include_str!("../../../assets/i18n/en/intervention.ftl"),
    include_str!("../../../assets/i18n/en/photos.ftl"),
    include_str!("../../../assets/i18n/en/steps.ftl"),
    include_str!("../../../assets/i18n/en/terminal.ftl"),
    include_str!("../../../assets/i18n/en/backup.ftl"),
    include_str!("../../../assets/i18n/en/safety.ftl"),
    include_str!("../../../assets/i18n/en/sync.ftl"),
];

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Français (default).
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every language, in menu order.
    pub const ALL: [Self; 2] = [Self::Fr, Self::En];

    /// `fr` / `en`, as stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// Parses `fr` / `en` (and `fr-FR`, `en_GB`…).
    pub fn parse(s: &str) -> Option<Self> {
        let lower = s.trim().to_ascii_lowercase();
        if lower.starts_with("fr") {
            Some(Self::Fr)
        } else if lower.starts_with("en") {
            Some(Self::En)
        } else {
            None
        }
    }

    /// The language's own name, shown in language pickers.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Fr => "Français",
            Self::En => "English",
        }
    }

    /// Translates a message without arguments. Results are remembered per thread: the UI asks
    /// for the same labels every frame (a table's status and priority per visible row), and a
    /// Fluent lookup costs far more than copying the text.
    pub fn tr(self, key: &str) -> String {
        thread_local! {
            static CACHE: std::cell::RefCell<[std::collections::HashMap<String, String>; 2]> =
                std::cell::RefCell::new(Default::default());
        }
        let slot = match self {
            Self::Fr => 0,
            Self::En => 1,
        };
        CACHE.with(|cache| {
            if let Some(hit) = cache.borrow().get(slot).and_then(|m| m.get(key)) {
                return hit.clone();
            }
            let text = catalog().format(self, key, None);
            if let Some(m) = cache.borrow_mut().get_mut(slot) {
                m.insert(key.to_owned(), text.clone());
            }
            text
        })
    }

    /// Translates a message with named arguments.
    pub fn tr_args(self, key: &str, args: &[(&str, Arg)]) -> String {
        let mut fa = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Str(s) => fa.set(*name, FluentValue::from(s.clone())),
                Arg::Num(n) => fa.set(*name, FluentValue::from(*n)),
            }
        }
        catalog().format(self, key, Some(&fa))
    }

    /// The user-facing message for a core error, in this language.
    pub fn error_message(self, err: &CoreError) -> String {
        match err {
            CoreError::Db(e) => crate::disk_errors::db_message(self, e),
            CoreError::Io { path, source } => crate::disk_errors::io_message(self, path, source),
            CoreError::SchemaTooNew { found, known } => self.tr_args(
                "err-schema-too-new",
                &[
                    ("found", Arg::Num(*found as f64)),
                    ("known", Arg::Num(*known as f64)),
                ],
            ),
            CoreError::AlreadyRunning { path, pid } => self.tr_args(
                "err-already-running",
                &[
                    ("path", Arg::from(path.display().to_string())),
                    (
                        "pid",
                        Arg::from(pid.map_or_else(|| "?".into(), |p| p.to_string())),
                    ),
                ],
            ),
            CoreError::NotADatabase { path, detail } => self.tr_args(
                "err-not-a-database",
                &[
                    ("path", Arg::from(path.display().to_string())),
                    ("detail", Arg::from(detail.clone())),
                ],
            ),
            CoreError::Invalid(fields) => {
                let parts: Vec<String> = fields
                    .0
                    .iter()
                    .map(|f| {
                        let args: Vec<(&str, Arg)> = f
                            .args
                            .iter()
                            // Counts travel as text; Fluent needs numbers to choose a plural form.
                            .map(|(k, v)| match v.parse::<i64>() {
                                Ok(n) => (*k, Arg::from(n)),
                                Err(_) => (*k, Arg::from(v.clone())),
                            })
                            .collect();
                        self.tr_args(f.key, &args)
                    })
                    .collect();
                parts.join(" · ")
            }
            CoreError::Forbidden(_) => self.tr("err-forbidden"),
            CoreError::NotFound { .. } => self.tr("err-not-found"),
            CoreError::Refused { key } => self.tr(key),
            CoreError::Incomplete(missing) => {
                let items: Vec<String> = missing.iter().map(|m| m.message(self)).collect();
                format!("{} {}", self.tr("iv-err-incomplete"), items.join(" · "))
            }
            CoreError::RefusedWith { key, args } => {
                let args: Vec<(&str, Arg)> = args
                    .iter()
                    // Counts travel as text; Fluent needs numbers to choose a plural form.
                    .map(|(k, v)| match v.parse::<i64>() {
                        Ok(n) => (*k, Arg::from(n)),
                        Err(_) => (*k, Arg::from(v.clone())),
                    })
                    .collect();
                self.tr_args(key, &args)
            }
        }
    }
}

/// A Fluent argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text.
    Str(String),
    /// A number (Fluent selects plural forms on it).
    Num(f64),
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Str(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Str(s.to_owned())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Self::Num(n as f64)
    }
}

/// Both bundles, parsed once.
pub struct Catalog {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl std::fmt::Debug for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Catalog")
    }
}

fn bundle(lang: LanguageIdentifier, sources: &[&str]) -> FluentBundle<FluentResource> {
    let mut b = FluentBundle::new_concurrent(vec![lang]);
    // No Unicode isolation marks: egui would draw them as boxes.
    b.set_use_isolating(false);
    for src in sources {
        let res = match FluentResource::try_new((*src).to_owned()) {
            Ok(r) => r,
            Err((r, errs)) => {
                tracing::error!(?errs, "i18n catalogue has syntax errors");
                r
            }
        };
        if let Err(errs) = b.add_resource(res) {
            tracing::error!(?errs, "i18n catalogue has duplicate keys");
        }
    }
    b
}

/// The process-wide catalogue.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog {
        fr: bundle(langid!("fr-FR"), FR_FTL),
        en: bundle(langid!("en-GB"), EN_FTL),
    })
}

impl Catalog {
    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    /// True when `key` exists in `lang`.
    pub fn has(&self, lang: Lang, key: &str) -> bool {
        self.bundle(lang).has_message(key)
    }

    fn format(&self, lang: Lang, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let b = self.bundle(lang);
        let Some(pattern) = b.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, lang = lang.code(), "missing translation");
            return key.to_owned();
        };
        let mut errors = Vec::new();
        let s = b.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "translation formatting error");
        }
        s.into_owned()
    }
}

/// Message ids defined in a Fluent source (for the catalogue completeness tests).
pub fn keys_of(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| {
            let first = l.chars().next()?;
            if !first.is_ascii_alphabetic() {
                return None;
            }
            let (id, _) = l.split_once('=')?;
            Some(id.trim().to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn refusal_counts_choose_the_plural_form() {
        let err = |n: &str| CoreError::RefusedWith {
            key: "client-err-open-jobs",
            args: vec![("count", n.to_owned())],
        };
        let one = Lang::Fr.error_message(&err("1"));
        assert!(one.contains("un travail en cours"), "{one}");
        let three = Lang::Fr.error_message(&err("3"));
        assert!(three.contains("3 travaux en cours"), "{three}");
        let en = Lang::En.error_message(&err("1"));
        assert!(!en.contains("jobs"), "{en}");
    }

    #[test]
    fn catalogues_parse_without_errors() {
        for src in FR_FTL.iter().chain(EN_FTL) {
            let r = FluentResource::try_new((*src).to_owned());
            assert!(r.is_ok(), "syntax errors: {:?}", r.err().map(|(_, e)| e));
        }
    }

    #[test]
    fn french_and_english_have_the_same_keys() {
        let mut fr: Vec<String> = FR_FTL.iter().flat_map(|s| keys_of(s)).collect();
        let mut en: Vec<String> = EN_FTL.iter().flat_map(|s| keys_of(s)).collect();
        fr.sort();
        en.sort();
        let dup_fr = fr.windows(2).filter(|w| w[0] == w[1]).count();
        assert_eq!(dup_fr, 0, "duplicate keys in fr.ftl");
        let missing_en: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        let missing_fr: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en.ftl: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in fr.ftl: {missing_fr:?}");
        assert!(fr.len() > 20);
    }

    #[test]
    fn translates_with_arguments_and_no_isolation_marks() {
        let s = Lang::Fr.tr_args(
            "err-schema-too-new",
            &[("found", Arg::Num(9.0)), ("known", Arg::Num(2.0))],
        );
        assert!(s.contains('9') && s.contains('2'), "{s}");
        assert!(!s.contains('\u{2068}'));
        assert_ne!(Lang::Fr.tr("app-title"), "app-title");
        assert_eq!(Lang::En.tr("no-such-key"), "no-such-key");
    }

    #[test]
    fn lang_parse() {
        assert_eq!(Lang::parse("fr-FR"), Some(Lang::Fr));
        assert_eq!(Lang::parse("en_GB.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
