//! Field-level validation results. The core returns these (never half-saves); the UI shows each
//! message next to its field, translated by key.

use std::fmt;

/// One refused field: which field, the i18n key of the message, and the message's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// Field name as the form knows it, e.g. `username`.
    pub field: &'static str,
    /// i18n key of the message, e.g. `err-required`.
    pub key: &'static str,
    /// Named arguments of the message.
    pub args: Vec<(&'static str, String)>,
}

/// All refused fields of one save.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error without arguments.
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        self.0.push(FieldError {
            field,
            key,
            args: Vec::new(),
        });
    }

    /// Adds an error with arguments.
    pub fn add_with(
        &mut self,
        field: &'static str,
        key: &'static str,
        args: Vec<(&'static str, String)>,
    ) {
        self.0.push(FieldError { field, key, args });
    }

    /// True when nothing was refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first error for `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// `Ok(())` when empty, otherwise the errors as a [`crate::CoreError::Invalid`].
    pub fn into_result(self) -> Result<(), crate::CoreError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(crate::CoreError::Invalid(self))
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.key))
            .collect();
        f.write_str(&parts.join(", "))
    }
}

/// Trims and checks that a required text is present.
pub fn required(errors: &mut FieldErrors, field: &'static str, value: &str) -> String {
    let v = value.trim().to_owned();
    if v.is_empty() {
        errors.add(field, "err-required");
    }
    v
}

/// Checks the shape of an e-mail address (one `@`, a dot in the domain, no spaces).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
        && s.chars().count() <= 254
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        assert!(is_email("marie.dupont@example.fr"));
        assert!(is_email("atelier+ppf@garage-martin.com"));
        assert!(!is_email("marie.dupont"));
        assert!(!is_email("marie@localhost"));
        assert!(!is_email("ma rie@example.fr"));
        assert!(!is_email("@example.fr"));
        assert!(!is_email("a@b@c.fr"));
    }

    #[test]
    fn required_trims_and_reports() {
        let mut e = FieldErrors::new();
        assert_eq!(required(&mut e, "name", "  Atelier  "), "Atelier");
        assert!(e.is_empty());
        required(&mut e, "name", "   ");
        assert_eq!(e.for_field("name").map(|x| x.key), Some("err-required"));
        assert!(e.into_result().is_err());
    }
}
