//! Settings → Backups, the off-site copy card (admins): every verified backup is also copied to
//! S3-compatible object storage, Google Cloud Storage or a folder (a mounted share). Saved on its
//! own; the core validates it, seals the credential with the shop's key and refuses anyone but
//! an admin. "Test the connection" lists the storage on a background task (a slow network never
//! freezes the screen). The credential is never shown again once saved: the card says that one
//! is kept, and offers to replace it.

use egui::{RichText, Ui};
use rpma_core::CoreError;
use rpma_core::backup::remote_settings::{RemoteKind, RemoteSettings};
use rpma_core::validate::FieldErrors;

use crate::jobs::safety::{RemoteSecret, SafetyEvent, SafetyJob};
use crate::jobs::{Job, RequestId};
use crate::tasks::TaskOwner;
use crate::tasks::backup::{self as work, TaskOutput};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui, text_field_ui};
use crate::ui::{Cx, icons};

/// The card's draft, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Form {
    enabled: bool,
    kind: RemoteKind,
    bucket: String,
    prefix: String,
    endpoint: String,
    region: String,
    access_key_id: String,
    /// A credential is saved (sealed).
    has_secret: bool,
    /// The person chose to type a new one.
    change_secret: bool,
    secret: String,
}

impl From<&RemoteSettings> for Form {
    fn from(s: &RemoteSettings) -> Self {
        Self {
            enabled: s.enabled,
            kind: s.kind,
            bucket: s.bucket.clone(),
            prefix: s.prefix.clone(),
            endpoint: s.endpoint.clone(),
            region: s.region.clone(),
            access_key_id: s.access_key_id.clone(),
            has_secret: s.has_secret(),
            change_secret: !s.has_secret(),
            secret: String::new(),
        }
    }
}

impl Form {
    fn draft(&self) -> (RemoteSettings, RemoteSecret) {
        let draft = RemoteSettings {
            enabled: self.enabled,
            kind: self.kind,
            bucket: self.bucket.clone(),
            prefix: self.prefix.clone(),
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            access_key_id: self.access_key_id.clone(),
            secret_sealed: String::new(),
        };
        let secret = if self.kind == RemoteKind::Fs {
            RemoteSecret::Clear
        } else if self.change_secret && !self.secret.trim().is_empty() {
            RemoteSecret::Set(self.secret.clone())
        } else {
            RemoteSecret::Keep
        };
        (draft, secret)
    }
}

/// The off-site copy card.
#[derive(Debug, Default)]
pub struct RemoteCard {
    loaded: Loadable<RemoteSettings>,
    form: Option<Form>,
    errors: FieldErrors,
    pending: Option<RequestId>,
    testing: bool,
    /// The last test's outcome: the text and whether it went well.
    tested: Option<(String, bool)>,
}

impl RemoteCard {
    /// Takes replies addressed to this card; returns the others.
    pub fn on_event(
        &mut self,
        id: RequestId,
        ev: SafetyEvent,
        cx: &mut Cx<'_>,
    ) -> Option<SafetyEvent> {
        match ev {
            SafetyEvent::Remote(r) if matches!(self.loaded, Loadable::Loading(w) if w == id) => {
                self.loaded.accept(id, r, cx.lang);
                if let Some(s) = self.loaded.ready() {
                    self.form = Some(Form::from(s));
                }
                None
            }
            SafetyEvent::RemoteSaved(r) if self.pending == Some(id) => {
                self.pending = None;
                match r {
                    Ok(saved) => {
                        self.form = Some(Form::from(&saved));
                        self.loaded = Loadable::Ready(saved);
                        self.errors = FieldErrors::new();
                        self.tested = None;
                        cx.toast_ok(cx.tr("backup-set-remote-saved"));
                    }
                    Err(CoreError::Invalid(f)) => self.errors = f,
                    Err(e) => {
                        let msg = cx.error_text(&e);
                        cx.toast_err(msg);
                    }
                }
                None
            }
            other => Some(other),
        }
    }

    /// Takes the result of its connection test.
    pub fn on_task(&mut self, out: TaskOutput, cx: &Cx<'_>) {
        if let TaskOutput::RemoteChecked(r) = out {
            self.testing = false;
            self.tested = Some(match r {
                Ok(Some((location, count))) => (
                    cx.lang.tr_args(
                        "backup-set-remote-test-ok",
                        &[
                            ("location", location.into()),
                            ("count", i64::try_from(count).unwrap_or(i64::MAX).into()),
                        ],
                    ),
                    true,
                ),
                Ok(None) => (cx.tr("backup-set-remote-test-off"), false),
                Err(e) => (e.message(cx.lang), false),
            });
        }
    }

    fn dirty(&self) -> bool {
        match (&self.form, self.loaded.ready()) {
            (Some(f), Some(s)) => *f != Form::from(s),
            _ => false,
        }
    }

    /// Draws the card.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if matches!(self.loaded, Loadable::Idle) {
            self.loaded = Loadable::Loading(cx.submit(Job::Safety(SafetyJob::LoadRemote)));
        }
        let t = *cx.tokens;
        let mut save = false;
        let mut test = false;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            let title = cx.tr("backup-set-remote");
            section_title_ui(ui, &t, &format!("{} {title}", icons::EXPORT));
            ui.label(RichText::new(cx.tr("backup-set-remote-hint")).color(t.muted));
            ui.add_space(6.0);
            let (_, retry) = self.loaded.ui(ui, cx);
            if retry {
                self.loaded = Loadable::Idle;
                return;
            }
            let saved_on = self.loaded.ready().is_some_and(|s| s.enabled);
            let dirty = self.dirty();
            let busy = self.pending.is_some();
            let errors = self.errors.clone();
            let Some(form) = self.form.as_mut() else {
                return;
            };
            fields_ui(ui, cx, form, &errors);
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                let text = format!("{} {}", icons::FLOPPY_DISK, cx.tr("backup-set-remote-save"));
                save = ui
                    .add_enabled_ui(dirty && !busy, |ui| primary_button(ui, &t, &text))
                    .inner
                    .clicked();
                let text = format!("{} {}", icons::PULSE, cx.tr("backup-set-remote-test"));
                test = ui
                    .add_enabled_ui(saved_on && !dirty && !self.testing, |ui| {
                        secondary_button(ui, &t, &text)
                    })
                    .inner
                    .clicked();
                if busy || self.testing {
                    ui.spinner();
                }
            });
            if let Some((text, ok)) = &self.tested {
                let (icon, colour) = if *ok {
                    (icons::CHECK_CIRCLE, t.success)
                } else {
                    (icons::WARNING, t.danger)
                };
                ui.label(RichText::new(format!("{icon} {text}")).color(colour));
            }
        });
        ui.add_space(t.gap);
        if save {
            self.save(cx);
        }
        if test {
            self.test(cx);
        }
    }

    fn save(&mut self, cx: &mut Cx<'_>) {
        let (Some(_), Some(form)) = (cx.user, &self.form) else {
            return;
        };
        let (draft, secret) = form.draft();
        self.pending = Some(cx.submit(Job::Safety(SafetyJob::SaveRemote {
            draft: Box::new(draft),
            secret,
        })));
    }

    fn test(&mut self, cx: &mut Cx<'_>) {
        let Some(root) = cx.jobs.data_root().map(std::path::Path::to_path_buf) else {
            return;
        };
        self.tested = None;
        match cx.jobs.tasks().spawn(
            TaskOwner::SettingsBackups,
            "remote-test",
            "task-remote-test",
            work::check_remote(root),
        ) {
            Ok(_) => self.testing = true,
            Err(e) => self.tested = Some((e.to_string(), false)),
        }
    }
}

/// The switch, the kind and the fields of that kind.
fn fields_ui(ui: &mut Ui, cx: &Cx<'_>, form: &mut Form, errors: &FieldErrors) {
    let t = *cx.tokens;
    let err = |f: &str| cx.field_error(errors, f);
    ui.checkbox(&mut form.enabled, cx.tr("backup-set-remote-on"));
    if !form.enabled {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(cx.tr("backup-set-remote-kind")).strong());
        for kind in [RemoteKind::S3, RemoteKind::Gcs, RemoteKind::Fs] {
            ui.radio_value(&mut form.kind, kind, cx.tr(kind.label_key()));
        }
    });
    let bucket_label = if form.kind == RemoteKind::Fs {
        "backup-set-remote-folder"
    } else {
        "backup-set-remote-bucket"
    };
    crate::ui::widgets::fixed_width_ui(ui, ui.available_width().min(560.0), |ui| {
        let e = err("remote_bucket");
        text_field_ui(
            ui,
            &t,
            &cx.tr(bucket_label),
            &mut form.bucket,
            false,
            e.as_deref(),
        );
        let e = err("remote_prefix");
        let label = cx.tr("backup-set-remote-prefix");
        text_field_ui(ui, &t, &label, &mut form.prefix, false, e.as_deref());
        if form.kind == RemoteKind::S3 {
            let e = err("remote_endpoint");
            let label = cx.tr("backup-set-remote-endpoint");
            text_field_ui(ui, &t, &label, &mut form.endpoint, false, e.as_deref());
            let e = err("remote_region");
            let label = cx.tr("backup-set-remote-region");
            text_field_ui(ui, &t, &label, &mut form.region, false, e.as_deref());
            let e = err("remote_access_key_id");
            let label = cx.tr("backup-set-remote-access-key");
            text_field_ui(ui, &t, &label, &mut form.access_key_id, false, e.as_deref());
        }
        if form.kind != RemoteKind::Fs {
            secret_ui(ui, cx, form, err("remote_secret").as_deref());
        }
    });
}

/// The credential: "kept" with a button to replace it, or the field to type it.
fn secret_ui(ui: &mut Ui, cx: &Cx<'_>, form: &mut Form, error: Option<&str>) {
    let t = *cx.tokens;
    if form.has_secret && !form.change_secret {
        ui.horizontal_wrapped(|ui| {
            let kept = format!("{} {}", icons::KEY, cx.tr("backup-set-remote-secret-kept"));
            ui.label(RichText::new(kept).color(t.success));
            let text = cx.tr("backup-set-remote-secret-change");
            if secondary_button(ui, &t, &text).clicked() {
                form.change_secret = true;
            }
        });
        if let Some(e) = error {
            ui.label(RichText::new(e).color(t.danger).small());
        }
        return;
    }
    let label = cx.tr(if form.kind == RemoteKind::Gcs {
        "backup-set-remote-gcs-key"
    } else {
        "backup-set-remote-secret"
    });
    text_field_ui(ui, &t, &label, &mut form.secret, true, error);
}
