//! The core's error type. Converted once, at the UI or CLI edge, into a message in the user's
//! language (see [`crate::i18n::I18n::error_message`]).

use std::path::PathBuf;

use crate::auth::permissions::Forbidden;
use crate::i18n::{Arg, Lang};
use crate::validate::FieldErrors;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),

    /// A file or folder could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// The database was written by a newer RPMA; it is left untouched.
    #[error(
        "the database is at schema level {found}, newer than this version of RPMA knows ({known}); install a newer RPMA — the file was not modified"
    )]
    SchemaTooNew {
        /// Level found in the file (`PRAGMA user_version`).
        found: i64,
        /// Highest level this binary knows.
        known: i64,
    },

    /// Another RPMA process holds the data folder.
    #[error("the data folder {path} is already in use by another RPMA window{}", pid.map(|p| format!(" (process {p})")).unwrap_or_default())]
    AlreadyRunning {
        /// The data folder.
        path: PathBuf,
        /// The other process, when it could be read from the lock file.
        pid: Option<u32>,
    },

    /// The file is not an SQLite database (corrupt header, or a foreign file).
    #[error("{path} is not a valid RPMA database: {detail}")]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// SQLite's explanation.
        detail: String,
    },

    /// Input refused by validation; nothing was changed.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),

    /// The acting user may not do this; nothing was changed.
    #[error(transparent)]
    Forbidden(#[from] Forbidden),

    /// The record does not exist (or was deleted).
    #[error("{entity} not found")]
    NotFound {
        /// Kind of record, e.g. `user`.
        entity: &'static str,
    },

    /// A rule of the domain refused the operation; the key names the rule for translation.
    #[error("refused: {key}")]
    Refused {
        /// i18n key of the explanation.
        key: &'static str,
    },

    /// A refusal whose message needs details (names, numbers, times): the Fluent key and its
    /// arguments, e.g. `job-err-conflict` with the conflicting job's number.
    #[error("refused: {key} {args:?}")]
    RefusedWith {
        /// Fluent message key.
        key: &'static str,
        /// Its arguments.
        args: Vec<(&'static str, String)>,
    },

    /// Something cannot be completed yet: the list of what is missing, in order (a step of the
    /// guided intervention, or its finish), each ready to be said in the user's language. The
    /// module that refuses builds the items (the intervention's `Missing::item`); this type knows
    /// nothing of what they are about.
    #[error("incomplete: {0:?}")]
    Incomplete(Vec<MissingItem>),
}

impl CoreError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }
}

/// One thing missing, as data: the Fluent key of its sentence and the sentence's arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingItem {
    /// Fluent key, e.g. `iv-missing-shot`.
    pub key: &'static str,
    /// Named arguments of the sentence.
    pub args: Vec<(&'static str, MissingArg)>,
}

/// An argument of a [`MissingItem`].
#[derive(Debug, Clone, PartialEq)]
pub enum MissingArg {
    /// A name given in both UI languages (a step's title, a zone's name); either falls back to
    /// the other when empty.
    Text {
        /// Français.
        fr: String,
        /// English.
        en: String,
    },
    /// A count (Fluent chooses the plural form on it).
    Num(f64),
}

impl MissingArg {
    fn arg(&self, lang: Lang) -> Arg {
        match self {
            Self::Text { fr, en } => Arg::from(match lang {
                Lang::En if !en.trim().is_empty() => en.as_str(),
                Lang::Fr if fr.trim().is_empty() => en.as_str(),
                _ => fr.as_str(),
            }),
            Self::Num(n) => Arg::Num(*n),
        }
    }
}

impl MissingItem {
    /// An item without arguments.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// The argument `name`, if the item has it.
    pub fn arg(&self, name: &str) -> Option<&MissingArg> {
        self.args.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    /// The sentence shown in the list of what is missing, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        if self.args.is_empty() {
            return lang.tr(self.key);
        }
        let args: Vec<(&str, Arg)> = self.args.iter().map(|(k, v)| (*k, v.arg(lang))).collect();
        lang.tr_args(self.key, &args)
    }
}

/// Result alias used across the core.
pub type CoreResult<T> = Result<T, CoreError>;
