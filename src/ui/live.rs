//! Field errors that clear as the user fixes them. After a refused save the form shows the core's
//! errors; from then on, whenever the draft changes, each field that shows an error and was
//! changed is checked again with the core's pure validator (cheap: no database): its errors are
//! replaced by what the validator says now (none once fixed). Checks only the database can make
//! (a name already taken) clear when their field changes and are made again on save.

use rpma_core::validate::{FieldError, FieldErrors};
use serde::Serialize;
use serde_json::Value;

use rpma_core::Lang;

use crate::ui::icons;
use crate::ui::theme::Tokens;

/// The draft as it was before this frame's drawing, when errors are shown (else nothing to do).
pub fn snapshot<T: Serialize>(errors: &FieldErrors, draft: &T) -> Option<Value> {
    (!errors.is_empty()).then(|| serde_json::to_value(draft).unwrap_or_default())
}

/// Paths (`a`, `a.b`) of the leaves that differ between two JSON values.
fn changed_paths(before: &Value, now: &Value, prefix: &str, out: &mut Vec<String>) {
    match (before, now) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                changed_paths(a.get(k).unwrap_or(&Value::Null), v, &path, out);
            }
        }
        (a, b) if a != b => out.push(prefix.to_owned()),
        _ => {}
    }
}

/// After drawing: re-checks the fields that show an error and changed since `before` (see the
/// module). `validate` is the core's pure validator of the whole draft. Returns true when the
/// shown errors changed.
pub fn revalidate<T: Serialize>(
    errors: &mut FieldErrors,
    before: Option<Value>,
    draft: &T,
    validate: impl FnOnce(&T) -> FieldErrors,
) -> bool {
    let Some(before) = before else { return false };
    let now = serde_json::to_value(draft).unwrap_or_default();
    if now == before {
        return false;
    }
    let mut changed = Vec::new();
    changed_paths(&before, &now, "", &mut changed);
    let touched = |field: &str| {
        changed.iter().any(|p| {
            p == field || p.ends_with(&format!(".{field}")) || p.starts_with(&format!("{field}."))
        })
    };
    refresh(errors, touched, validate(draft))
}

/// Replaces the errors of every field `touched` says changed by `fresh`'s errors for it (a field
/// the user changes after a refused save is checked as typed, even one that showed no error).
pub fn refresh(
    errors: &mut FieldErrors,
    touched: impl Fn(&str) -> bool,
    fresh: FieldErrors,
) -> bool {
    let mut redo: Vec<&'static str> = errors
        .0
        .iter()
        .chain(&fresh.0)
        .map(|e| e.field)
        .filter(|f| touched(f))
        .collect();
    redo.sort_unstable();
    if redo.is_empty() {
        return false;
    }
    redo.dedup();
    let before = errors.clone();
    errors.0.retain(|e| !redo.contains(&e.field));
    errors
        .0
        .extend(fresh.0.into_iter().filter(|e| redo.contains(&e.field)));
    *errors != before
}

/// A warning under a field (not an error: saving is not refused).
pub fn warning_ui(ui: &mut egui::Ui, t: &Tokens, lang: Lang, warning: Option<FieldError>) {
    let Some(w) = warning else { return };
    let args: Vec<(&str, rpma_core::i18n::Arg)> = w
        .args
        .iter()
        .map(|(k, v)| (*k, rpma_core::i18n::Arg::from(v.as_str())))
        .collect();
    let text = format!("{} {}", icons::WARNING, lang.tr_args(w.key, &args));
    let label = egui::RichText::new(text).small().color(t.warning);
    // Ragged text, not the justified lines of a form column.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.label(label)
    });
}
