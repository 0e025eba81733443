//! First-run setup: the shop (name, legal data, address, language) and the first admin account.
//! Shown when the data folder has no users; there is no other way in until it is done.

use egui::{RichText, Ui};
use rpma_core::live_checks::vat_siren_warning;
use rpma_core::org::Organisation;
use rpma_core::users::NewUser;
use rpma_core::validate::FieldErrors;
use rpma_core::{CoreError, Lang};

use crate::jobs::{Job, JobEvent, RequestId};
use crate::ui::live;
use crate::ui::logo::{LogoEditor, LogoTexts};
use crate::ui::widgets::{primary_button, section_title_ui, text_field_ui};
use crate::ui::{Command, Cx, icons};

/// Wizard state: the draft of both parts and the errors per field. Its `Debug` hides the
/// passwords.
#[derive(Default)]
pub struct SetupScreen {
    org: Organisation,
    admin: NewUser,
    confirm: String,
    errors: FieldErrors,
    general_error: Option<String>,
    pending: Option<RequestId>,
    logo: LogoEditor,
}

impl std::fmt::Debug for SetupScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SetupScreen")
            .field("org", &self.org.name)
            .field("admin", &self.admin)
            .field("errors", &self.errors)
            .field("pending", &self.pending)
            .finish_non_exhaustive()
    }
}

impl SetupScreen {
    /// Takes the setup reply.
    pub fn on_event(&mut self, id: RequestId, ev: &JobEvent, cx: &mut Cx<'_>) {
        let JobEvent::SetupDone(result) = ev else {
            return;
        };
        if self.pending != Some(id) {
            return;
        }
        self.pending = None;
        match result {
            Ok(user) => {
                *self = Self::default();
                cx.toast_ok(cx.tr("setup-done"));
                cx.push(Command::Rebootstrap);
                cx.push(Command::SignedIn(Box::new(user.clone())));
            }
            Err(CoreError::Invalid(f)) => self.errors = f.clone(),
            Err(e) => self.general_error = Some(cx.error_text(e)),
        }
    }

    /// The logo being chosen (tests inject a picked file through it).
    pub fn logo_mut(&mut self) -> &mut LogoEditor {
        &mut self.logo
    }

    /// Every message for `field` (each failing password rule on its own line).
    fn err(&self, cx: &Cx<'_>, field: &str) -> Option<String> {
        cx.field_error(&self.errors, field)
    }

    /// The draft under the wizard's field names, for the live re-check.
    fn draft(&self) -> serde_json::Value {
        let (o, a) = (&self.org, &self.admin);
        serde_json::json!({
            "org_name": o.name, "org_email": o.email, "siret": o.siret,
            "vat_number": o.vat_number, "postal_code": o.postal_code, "country": o.country,
            "username": a.username, "email": a.email, "display_name": a.display_name,
            "password": a.password, "confirm": self.confirm,
        })
    }

    /// After drawing: errors of the fields the user changed are checked again (see `live`).
    fn recheck(&mut self, before: Option<serde_json::Value>) {
        if before.is_none() {
            return;
        }
        let policy = rpma_core::auth::password::PasswordPolicy::default();
        let mut fresh = rpma_core::setup::check(&self.org, &self.admin, &policy);
        if self.confirm != self.admin.password {
            fresh.add("confirm", "err-password-mismatch");
        }
        let draft = self.draft();
        live::revalidate(&mut self.errors, before, &draft, |_| fresh);
    }

    /// Draws the wizard.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(msg) = self.logo.poll(ui.ctx()) {
            cx.toast_err(msg);
        }
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(t.gap);
                ui.label(RichText::new(icons::STOREFRONT).size(40.0).color(t.accent));
                ui.label(
                    RichText::new(cx.tr("setup-title"))
                        .heading()
                        .color(t.heading),
                );
                ui.label(RichText::new(cx.tr("setup-subtitle")).color(t.muted));
                ui.add_space(t.gap);
            });
            let width = ui.available_width().min(760.0);
            let before = live::snapshot(&self.errors, &self.draft());
            ui.horizontal(|ui| {
                ui.add_space(((ui.available_width() - width) / 2.0).max(0.0));
                ui.vertical(|ui| {
                    ui.set_width(width);
                    self.language_ui(ui, cx);
                    ui.add_space(t.gap);
                    self.shop_ui(ui, cx);
                    ui.add_space(t.gap);
                    self.admin_ui(ui, cx);
                    ui.add_space(t.gap);
                    self.submit_ui(ui, cx);
                    ui.add_space(t.gap * 2.0);
                });
            });
            self.recheck(before);
        });
    }

    fn language_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::TRANSLATE, cx.tr("setup-language")),
            );
            ui.horizontal(|ui| {
                for lang in Lang::ALL {
                    if ui
                        .selectable_label(cx.lang == lang, lang.native_name())
                        .clicked()
                        && cx.lang != lang
                    {
                        self.admin.locale = lang;
                        cx.push(Command::SetLang(lang));
                    }
                }
            });
        });
    }

    fn shop_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let e = |s: &Self, f: &str| s.err(cx, f);
        let (e_name, e_siret, e_vat, e_pc, e_email, e_logo) = (
            e(self, "org_name"),
            e(self, "siret"),
            e(self, "vat_number"),
            e(self, "postal_code"),
            e(self, "org_email"),
            e(self, "logo"),
        );
        let logo_texts = LogoTexts {
            title: cx.tr("setup-logo"),
            hint: cx.tr("setup-logo-hint"),
            choose: cx.tr("setup-logo-choose"),
            remove: cx.tr("setup-logo-remove"),
            none: cx.tr("setup-logo-none"),
            alt: cx.tr("setup-logo-alt"),
            dialog_title: cx.tr("setup-logo-dialog-title"),
            opening: cx.tr("setup-logo-opening"),
        };
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::BUILDINGS, cx.tr("setup-shop")),
            );
            text_field_ui(
                ui,
                &t,
                &cx.tr("org-name"),
                &mut self.org.name,
                false,
                e_name.as_deref(),
            );
            text_field_ui(
                ui,
                &t,
                &cx.tr("org-legal-name"),
                &mut self.org.legal_name,
                false,
                None,
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("org-siret"),
                        &mut self.org.siret,
                        false,
                        e_siret.as_deref(),
                    );
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("org-vat"),
                        &mut self.org.vat_number,
                        false,
                        e_vat.as_deref(),
                    );
                    let o = &self.org;
                    live::warning_ui(
                        b,
                        cx.tokens,
                        cx.lang,
                        vat_siren_warning(&o.vat_number, &o.siret),
                    );
                }
            });
            text_field_ui(
                ui,
                &t,
                &cx.tr("org-address"),
                &mut self.org.address_line1,
                false,
                None,
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("org-postal-code"),
                        &mut self.org.postal_code,
                        false,
                        e_pc.as_deref(),
                    );
                    text_field_ui(b, &t, &cx.tr("org-city"), &mut self.org.city, false, None);
                }
            });
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(a, &t, &cx.tr("org-phone"), &mut self.org.phone, false, None);
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("org-email"),
                        &mut self.org.email,
                        false,
                        e_email.as_deref(),
                    );
                }
            });
            ui.add_space(t.gap * 0.5);
            self.logo
                .ui(ui, &t, cx.lang, &logo_texts, e_logo.as_deref());
        });
    }

    fn admin_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        let (e_user, e_name, e_email, e_pw) = (
            self.err(cx, "username"),
            self.err(cx, "display_name"),
            self.err(cx, "email"),
            self.err(cx, "password"),
        );
        let e_confirm = self
            .errors
            .for_field("confirm")
            .map(|_| cx.tr("err-password-mismatch"));
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{} {}", icons::USER_CIRCLE, cx.tr("setup-admin")),
            );
            ui.label(RichText::new(cx.tr("setup-admin-hint")).color(t.muted));
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("user-username"),
                        &mut self.admin.username,
                        false,
                        e_user.as_deref(),
                    );
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("user-display-name"),
                        &mut self.admin.display_name,
                        false,
                        e_name.as_deref(),
                    );
                }
            });
            text_field_ui(
                ui,
                &t,
                &cx.tr("user-email-optional"),
                &mut self.admin.email,
                false,
                e_email.as_deref(),
            );
            ui.columns(2, |c| {
                if let [a, b] = c {
                    text_field_ui(
                        a,
                        &t,
                        &cx.tr("user-password"),
                        &mut self.admin.password,
                        true,
                        e_pw.as_deref(),
                    );
                    text_field_ui(
                        b,
                        &t,
                        &cx.tr("user-password-confirm"),
                        &mut self.confirm,
                        true,
                        e_confirm.as_deref(),
                    );
                }
            });
            ui.label(
                RichText::new(cx.tr("password-policy-hint"))
                    .small()
                    .color(t.muted),
            );
        });
    }

    fn submit_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let t = *cx.tokens;
        if let Some(g) = &self.general_error {
            ui.label(RichText::new(format!("{} {g}", icons::WARNING)).color(t.danger));
        }
        if !self.errors.is_empty() {
            ui.label(
                RichText::new(format!("{} {}", icons::WARNING, cx.tr("form-has-errors")))
                    .color(t.danger),
            );
        }
        ui.horizontal(|ui| {
            // While the logo file is being opened, its result would be lost.
            let busy = self.pending.is_some() || self.logo.busy();
            let clicked = ui
                .add_enabled_ui(!busy, |ui| {
                    primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::CHECK, cx.tr("setup-submit")),
                    )
                })
                .inner
                .clicked();
            if self.pending.is_some() {
                ui.spinner();
            }
            if clicked && !busy {
                self.general_error = None;
                self.errors = FieldErrors::new();
                if self.admin.password != self.confirm {
                    // Nothing is sent, but every other problem shows at once too.
                    let policy = rpma_core::auth::password::PasswordPolicy::default();
                    self.errors = rpma_core::setup::check(&self.org, &self.admin, &policy);
                    self.errors.add("confirm", "err-password-mismatch");
                    return;
                }
                self.admin.locale = cx.lang;
                self.pending = Some(cx.submit(Job::Setup {
                    org: Box::new(self.org.clone()),
                    admin: Box::new(self.admin.clone()),
                    logo: self.logo.png().map(<[u8]>::to_vec),
                }));
            }
        });
    }
}
