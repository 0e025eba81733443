//! One client's page: contact and legal cards, tags, consent, notes, vehicles, jobs, totals and
//! the actions the role allows (edit, new job, add a vehicle, delete, GDPR export and erasure).

use egui::{RichText, TextEdit, Ui};
use rpma_core::auth::permissions::Action;
use rpma_core::clients::ClientKind;
use rpma_core::contact::format_phone;
use rpma_core::format::format_decimal;
use rpma_core::ids::ClientId;

use super::allows_user;
use super::form::{ClientForm, country_name};
use crate::jobs::crm::{ClientDetail, CrmEvent, CrmJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{
    Answer, JobHistoryKeys, SavePicker, confirm_modal_ui, date_or_dash, job_history_card_ui,
    primary_icon_button, secondary_icon_button,
};
use crate::ui::widgets::{badge_ui, kv_row_ui, section_title_ui, stat_card_ui};
use crate::ui::{Command, Cx, icons};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Delete,
    Erase,
}

/// The page of one client.
#[derive(Debug)]
pub struct ClientPageView {
    id: ClientId,
    data: Loadable<Box<ClientDetail>>,
    confirm: Option<Confirm>,
    erase_word: String,
    action_req: Option<RequestId>,
    /// A refusal shown on the page (e.g. open jobs).
    refusal: Option<String>,
    /// The GDPR export's save dialog.
    pub save: SavePicker,
    /// Back to the list asked.
    pub closed: bool,
}

impl ClientPageView {
    /// The client shown.
    pub fn id(&self) -> &ClientId {
        &self.id
    }

    /// The page of client `id` (loaded on first draw).
    pub fn new(id: ClientId) -> Self {
        Self {
            id,
            data: Loadable::Idle,
            confirm: None,
            erase_word: String::new(),
            action_req: None,
            refusal: None,
            save: SavePicker::default(),
            closed: false,
        }
    }

    fn load(&mut self, cx: &mut Cx<'_>) {
        if cx.user.is_none() {
            return;
        }
        let id = cx.submit(Job::Crm(CrmJob::LoadClient {
            id: self.id.clone(),
        }));
        self.data = Loadable::Loading(id);
    }

    /// Takes a reply; returns it when not ours, and whether the list should reload.
    pub fn on_event(
        &mut self,
        id: RequestId,
        ev: JobEvent,
        cx: &mut Cx<'_>,
    ) -> (Option<JobEvent>, bool) {
        let JobEvent::Crm(crm) = ev else {
            return (Some(ev), false);
        };
        match crm {
            CrmEvent::Client(r) if matches!(self.data, Loadable::Loading(w) if w == id) => {
                self.data.accept(id, r, cx.lang);
                (None, false)
            }
            CrmEvent::ClientDeleted(r) if self.action_req == Some(id) => {
                self.action_req = None;
                match r {
                    Ok(_) => {
                        cx.toast_ok(cx.tr("clients-deleted"));
                        self.closed = true;
                    }
                    Err(e) => self.refusal = Some(cx.error_text(&e)),
                }
                (None, true)
            }
            CrmEvent::ClientErased(r) if self.action_req == Some(id) => {
                self.action_req = None;
                match r {
                    Ok(_) => {
                        cx.toast_ok(cx.tr("clients-erased"));
                        self.load(cx);
                    }
                    Err(e) => self.refusal = Some(cx.error_text(&e)),
                }
                (None, true)
            }
            CrmEvent::Exported(r) if self.action_req == Some(id) => {
                self.action_req = None;
                match r {
                    Ok((path, _)) => cx.toast_ok(cx.tr_args(
                        "clients-data-exported",
                        &[("path", path.display().to_string().into())],
                    )),
                    Err(e) => cx.toast_err(cx.error_text(&e)),
                }
                (None, false)
            }
            other => (Some(JobEvent::Crm(other)), false),
        }
    }

    /// Draws the page; `edit` receives a form when the user asks to edit.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, edit: &mut Option<ClientForm>) {
        if matches!(self.data, Loadable::Idle) {
            self.load(cx);
        }
        if let Some(path) = self.save.poll()
            && cx.user.is_some()
        {
            self.action_req = Some(cx.submit(Job::Crm(CrmJob::ExportClientData {
                id: self.id.clone(),
                path,
            })));
        }
        let t = *cx.tokens;
        if secondary_icon_button(ui, &t, icons::CARET_LEFT, &cx.tr("clients-back")).clicked() {
            cx.push(Command::Back);
            return;
        }
        ui.add_space(t.gap * 0.5);
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            self.load(cx);
            return;
        }
        let Some(d) = data else { return };
        let d = d.clone();
        self.header_ui(ui, cx, &d, edit);
        if let Some(r) = &self.refusal {
            t.card_frame().fill(t.danger_soft).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("{}  {r}", icons::WARNING)).color(t.danger));
            });
            ui.add_space(t.gap * 0.5);
        }
        egui::ScrollArea::vertical()
            .id_salt("client_page_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                self.totals_ui(ui, cx, &d);
                ui.add_space(t.gap);
                ui.columns(2, |cols| {
                    if let [left, right] = cols {
                        self.cards_ui(left, cx, &d);
                        left.add_space(t.gap);
                        crate::ui::installed::installed_card_ui(left, cx, &d.installed, true);
                        self.vehicles_ui(right, cx, &d);
                        right.add_space(t.gap);
                        self.jobs_ui(right, cx, &d);
                    }
                });
            });
        self.confirm_ui(ui, cx, &d);
    }

    fn header_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        d: &ClientDetail,
        edit: &mut Option<ClientForm>,
    ) {
        let t = *cx.tokens;
        let c = &d.client;
        let anonymised = c.anonymised_at.is_some();
        ui.horizontal(|ui| {
            ui.label(RichText::new(c.display_name()).heading().color(t.heading));
            let (fg, bg) = match c.kind {
                ClientKind::Business => (t.accent_hover, t.accent_soft),
                ClientKind::Individual => (t.muted, t.bg),
            };
            badge_ui(ui, &cx.tr(c.kind.label_key()), fg, bg);
            if anonymised {
                badge_ui(ui, &cx.tr("clients-anonymised"), t.warning, t.warning_soft);
            }
            if c.deleted_at.is_some() {
                badge_ui(ui, &cx.tr("clients-in-trash"), t.danger, t.danger_soft);
            }
        });
        if c.kind == ClientKind::Business && c.name != c.display_name() {
            ui.label(
                RichText::new(cx.tr_args(
                    "clients-contact-person",
                    &[("name", c.name.as_str().into())],
                ))
                .color(t.muted),
            );
        }
        ui.add_space(t.gap * 0.5);
        let live = c.deleted_at.is_none();
        ui.horizontal_wrapped(|ui| {
            if live
                && !anonymised
                && allows_user(cx, Action::EditClients)
                && primary_icon_button(ui, &t, icons::PENCIL_SIMPLE, &cx.tr("clients-edit"))
                    .clicked()
            {
                *edit = Some(ClientForm::edit(c));
            }
            if live
                && allows_user(cx, Action::CreateJobs)
                && secondary_icon_button(ui, &t, icons::PLUS_CIRCLE, &cx.tr("clients-new-job"))
                    .clicked()
            {
                cx.push(Command::Open(Route::NewJob {
                    client_id: Some(c.id.clone()),
                    vehicle_id: None,
                }));
            }
            if live
                && !anonymised
                && allows_user(cx, Action::EditVehicles)
                && secondary_icon_button(ui, &t, icons::CAR_PROFILE, &cx.tr("clients-add-vehicle"))
                    .clicked()
            {
                cx.push(Command::Open(Route::NewVehicle {
                    owner_id: c.id.clone(),
                }));
            }
            if allows_user(cx, Action::ExportClientData)
                && secondary_icon_button(
                    ui,
                    &t,
                    icons::DOWNLOAD_SIMPLE,
                    &cx.tr("clients-export-data"),
                )
                .clicked()
            {
                let name = format!("client-{}.json", c.id);
                self.save.open(
                    ui.ctx(),
                    &cx.tr("clients-export-data"),
                    &name,
                    ("JSON", "json"),
                );
            }
            if live
                && !anonymised
                && allows_user(cx, Action::EraseClient)
                && secondary_icon_button(ui, &t, icons::ERASER, &cx.tr("clients-erase")).clicked()
            {
                self.erase_word.clear();
                self.confirm = Some(Confirm::Erase);
            }
            if live
                && allows_user(cx, Action::DeleteClients)
                && secondary_icon_button(ui, &t, icons::TRASH, &cx.tr("clients-delete")).clicked()
            {
                self.confirm = Some(Confirm::Delete);
            }
            if self.action_req.is_some() {
                ui.spinner();
            }
        });
        ui.add_space(t.gap * 0.5);
    }

    fn totals_ui(&self, ui: &mut Ui, cx: &Cx<'_>, d: &ClientDetail) {
        let t = *cx.tokens;
        let tt = &d.totals;
        let gap = ui.spacing().item_spacing.x;
        let w = ((ui.available_width() - 3.0 * gap) / 4.0 - 2.0 * f32::from(t.card_margin) - 2.0)
            .max(120.0);
        ui.horizontal_top(|ui| {
            let area = format!("{} m²", format_decimal(tt.completed_area_m2, 2, cx.lang));
            for (icon, value, key) in [
                (
                    icons::CLIPBOARD_TEXT,
                    tt.jobs.to_string(),
                    "clients-total-jobs",
                ),
                (
                    icons::HOURGLASS,
                    tt.open_jobs.to_string(),
                    "clients-total-open",
                ),
                (
                    icons::CHECK_CIRCLE,
                    tt.completed_jobs.to_string(),
                    "clients-total-completed",
                ),
                (icons::POLYGON, area, "clients-total-area"),
            ] {
                stat_card_ui(ui, &t, icon, &value, &cx.tr(key), w);
            }
        });
        if let (Some(first), Some(last)) = (tt.first_job_at, tt.last_job_at) {
            ui.add_space(4.0);
            let text = cx.tr_args(
                "clients-total-span",
                &[
                    ("first", date_or_dash(cx, Some(first)).into()),
                    ("last", date_or_dash(cx, Some(last)).into()),
                ],
            );
            ui.label(RichText::new(format!("{}  {text}", icons::CALENDAR_CHECK)).color(t.muted));
        }
    }

    fn cards_ui(&self, ui: &mut Ui, cx: &Cx<'_>, d: &ClientDetail) {
        let t = *cx.tokens;
        let c = &d.client;
        let dash = |v: &Option<String>| {
            v.clone()
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "—".into())
        };
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{}  {}", icons::ADDRESS_BOOK, cx.tr("clients-card-contact")),
            );
            egui::Grid::new("client_contact")
                .num_columns(2)
                .spacing([24.0, 8.0])
                .show(ui, |ui| {
                    let phone = c
                        .phone
                        .as_deref()
                        .map_or_else(|| "—".to_owned(), format_phone);
                    kv_row_ui(ui, &t, &cx.tr("client-field-phone"), &phone);
                    kv_row_ui(ui, &t, &cx.tr("client-field-email"), &dash(&c.email));
                    let mut addr = Vec::new();
                    for p in [&c.address_line1, &c.address_line2] {
                        if let Some(p) = p.as_ref().filter(|s| !s.is_empty()) {
                            addr.push(p.clone());
                        }
                    }
                    let town = [c.postal_code.clone(), c.city.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" ");
                    if !town.is_empty() {
                        addr.push(town);
                    }
                    let addr = if addr.is_empty() {
                        "—".to_owned()
                    } else {
                        addr.join("\n")
                    };
                    kv_row_ui(ui, &t, &cx.tr("clients-address"), &addr);
                    kv_row_ui(
                        ui,
                        &t,
                        &cx.tr("client-field-country"),
                        &country_name(&c.country, cx.lang),
                    );
                });
        });
        if c.kind == ClientKind::Business {
            ui.add_space(t.gap);
            t.card_frame().show(ui, |ui| {
                ui.set_width(ui.available_width());
                section_title_ui(
                    ui,
                    &t,
                    &format!("{}  {}", icons::BUILDINGS, cx.tr("clients-card-legal")),
                );
                egui::Grid::new("client_legal")
                    .num_columns(2)
                    .spacing([24.0, 8.0])
                    .show(ui, |ui| {
                        kv_row_ui(
                            ui,
                            &t,
                            &cx.tr("client-field-company"),
                            &dash(&c.company_name),
                        );
                        kv_row_ui(ui, &t, &cx.tr("client-field-siret"), &dash(&c.siret));
                        kv_row_ui(ui, &t, &cx.tr("client-field-vat"), &dash(&c.vat_number));
                    });
            });
        }
        ui.add_space(t.gap);
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{}  {}", icons::TAG, cx.tr("clients-card-more")),
            );
            ui.horizontal_wrapped(|ui| {
                if c.tags.is_empty() {
                    ui.label(RichText::new(cx.tr("client-no-tags")).color(t.muted));
                }
                for tag in &c.tags {
                    badge_ui(ui, tag, t.accent_hover, t.accent_soft);
                }
            });
            ui.add_space(6.0);
            let consent = match (c.marketing_consent, c.consent_at) {
                (true, Some(at)) => cx.tr_args(
                    "clients-consent-yes-since",
                    &[("date", date_or_dash(cx, Some(at)).into())],
                ),
                (true, None) => cx.tr("clients-consent-yes"),
                (false, _) => cx.tr("clients-consent-no"),
            };
            let colour = if c.marketing_consent {
                t.success
            } else {
                t.muted
            };
            ui.label(RichText::new(format!("{}  {consent}", icons::ENVELOPE)).color(colour));
            ui.add_space(6.0);
            ui.label(
                RichText::new(cx.tr("client-field-notes"))
                    .strong()
                    .color(t.text),
            );
            let notes = if c.notes.is_empty() {
                cx.tr("clients-no-notes")
            } else {
                c.notes.clone()
            };
            ui.label(RichText::new(notes).color(if c.notes.is_empty() { t.muted } else { t.text }));
            ui.add_space(6.0);
            ui.label(
                RichText::new(cx.tr_args(
                    "clients-created-on",
                    &[("date", date_or_dash(cx, Some(c.created_at)).into())],
                ))
                .small()
                .color(t.muted),
            );
        });
    }

    fn vehicles_ui(&self, ui: &mut Ui, cx: &mut Cx<'_>, d: &ClientDetail) {
        let t = *cx.tokens;
        let mut open = None;
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            section_title_ui(
                ui,
                &t,
                &format!("{}  {}", icons::CAR_PROFILE, cx.tr("clients-card-vehicles")),
            );
            if d.vehicles.is_empty() {
                ui.label(RichText::new(cx.tr("clients-no-vehicles")).color(t.muted));
            }
            for v in &d.vehicles {
                let text = format!(
                    "{}   {} {}{}",
                    v.plate,
                    v.make,
                    v.model,
                    v.year.map(|y| format!(" · {y}")).unwrap_or_default()
                );
                let r = ui.add(
                    egui::Button::new(RichText::new(text).color(t.heading))
                        .frame(false)
                        .min_size(egui::vec2(ui.available_width(), 28.0)),
                );
                if r.clicked() {
                    open = Some(v.id.clone());
                }
            }
        });
        if let Some(id) = open {
            cx.push(Command::Open(Route::Vehicle(id)));
        }
    }

    fn jobs_ui(&self, ui: &mut Ui, cx: &mut Cx<'_>, d: &ClientDetail) {
        let rows: Vec<_> = d
            .jobs
            .iter()
            .map(|j| (j, format!("{} · {} {}", j.plate, j.make, j.model)))
            .collect();
        let keys = JobHistoryKeys {
            title: "clients-card-jobs",
            empty: ("clients-no-jobs", "clients-no-jobs-hint"),
            last_column: "clients-col-vehicle",
        };
        job_history_card_ui(ui, cx, "client_jobs", &keys, &rows, 320.0);
    }

    fn confirm_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>, d: &ClientDetail) {
        let Some(which) = self.confirm else { return };
        let name = d.client.display_name().to_owned();
        let word = cx.tr("clients-erase-word");
        let answer = match which {
            Confirm::Delete => confirm_modal_ui(
                ui,
                cx,
                "client_delete_confirm",
                &cx.tr("clients-delete-title"),
                &cx.tr_args("clients-delete-body", &[("name", name.as_str().into())]),
                &cx.tr("clients-delete"),
                |_| true,
            ),
            Confirm::Erase => {
                let t = *cx.tokens;
                let prompt = cx.tr_args("clients-erase-type", &[("word", word.as_str().into())]);
                let field_label = cx.tr("clients-erase-field");
                let typed = &mut self.erase_word;
                confirm_modal_ui(
                    ui,
                    cx,
                    "client_erase_confirm",
                    &cx.tr("clients-erase-title"),
                    &cx.tr_args("clients-erase-body", &[("name", name.as_str().into())]),
                    &cx.tr("clients-erase"),
                    |ui| {
                        ui.label(RichText::new(prompt).strong().color(t.text));
                        let r = ui.add(TextEdit::singleline(typed).desired_width(f32::INFINITY));
                        r.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::TextInput, true, &field_label)
                        });
                        typed.trim().eq_ignore_ascii_case(&word)
                    },
                )
            }
        };
        match answer {
            Answer::Open => {}
            Answer::No => self.confirm = None,
            Answer::Yes => {
                self.confirm = None;
                self.refusal = None;
                if cx.user.is_none() {
                    return;
                }
                let id = self.id.clone();
                let job = match which {
                    Confirm::Delete => CrmJob::DeleteClient { id },
                    Confirm::Erase => CrmJob::EraseClient { id },
                };
                self.action_req = Some(cx.submit(Job::Crm(job)));
            }
        }
    }
}
