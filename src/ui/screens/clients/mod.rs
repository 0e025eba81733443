//! Clients: list (the shared [`ListView`]: virtualised, sort, filters, CSV), detail page, form,
//! GDPR export and erasure.

pub mod form;
mod list;
mod page;

use egui::Ui;
use rpma_core::auth::permissions::Action;
use rpma_core::clients::{ClientFilter, ClientKind};
use rpma_core::ids::ClientId;

use self::form::ClientForm;
use self::page::ClientPageView;
use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::jobs::{Job, JobEvent, RequestId};
use crate::route::Route;
pub use crate::ui::screen::allows_user;
use crate::ui::widgets::list_view::{ListOutcome, ListView, filter_combo_ui};
use crate::ui::widgets::{FormAction, form::form_modal_ui};
use crate::ui::{Command, Cx, icons};

/// State of the screen, kept across navigation.
#[derive(Debug, Default)]
pub struct ClientsScreen {
    list: ListView<ClientFilter>,
    /// The tags in use (the tag filter's choices).
    tags: Vec<String>,
    tags_req: Option<RequestId>,
    /// The client page on show.
    page: Option<ClientPageView>,
    /// The create / edit dialog.
    form: Option<ClientForm>,
    save_req: Option<RequestId>,
}

impl ClientsScreen {
    /// Test hook: the next CSV export or GDPR export writes to `path` as if it had been chosen
    /// in the save dialog.
    pub fn inject_save_path_for_test(&mut self, path: std::path::PathBuf) {
        match &mut self.page {
            Some(p) => p.save.inject(path),
            None => self.list.inject_save_path(path),
        }
    }

    fn reload(&mut self, cx: &mut Cx<'_>) {
        self.list.reload(cx);
        self.tags_req = Some(cx.submit(Job::Crm(CrmJob::LoadClientTags)));
    }

    /// Takes a job reply; returns it when it is not for this screen (not one of its requests).
    pub fn on_event(&mut self, id: RequestId, ev: JobEvent, cx: &mut Cx<'_>) -> Option<JobEvent> {
        let JobEvent::Crm(crm) = ev else {
            return Some(ev);
        };
        let crm = self.list.on_event(id, crm, cx)?;
        match crm {
            CrmEvent::ClientTags(r) if self.tags_req == Some(id) => {
                self.tags_req = None;
                self.tags = r.unwrap_or_default();
            }
            CrmEvent::ClientSaved(r) if self.save_req == Some(id) => {
                self.save_req = None;
                match r {
                    Ok(c) => {
                        let created = self.form.as_ref().is_some_and(|f| f.id.is_none());
                        self.form = None;
                        cx.toast_ok(cx.tr_args(
                            if created {
                                "clients-created"
                            } else {
                                "clients-saved"
                            },
                            &[("name", c.display_name().into())],
                        ));
                        self.page = Some(ClientPageView::new(c.id.clone()));
                        self.reload(cx);
                    }
                    Err(e) => {
                        if let Some(f) = &mut self.form {
                            f.refused(&e, cx);
                        }
                    }
                }
            }
            other => {
                let ev = JobEvent::Crm(other);
                let Some(page) = &mut self.page else {
                    return Some(ev);
                };
                let (rest, changed) = page.on_event(id, ev, cx);
                if page.closed {
                    self.page = None;
                }
                if changed {
                    self.reload(cx);
                }
                return rest;
            }
        }
        None
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        if self.list.needs_load() {
            self.reload(cx);
        }
        self.list.poll_export(cx);
        if let Some(page) = &mut self.page {
            let mut edit = None;
            page.ui(ui, cx, &mut edit);
            if page.closed {
                self.page = None;
            }
            if let Some(form) = edit {
                self.form = Some(form);
            }
        } else {
            self.list_ui(ui, cx);
        }
        self.form_ui(ui, cx);
    }

    fn form_ui(&mut self, ui: &Ui, cx: &mut Cx<'_>) {
        let Some(form) = &mut self.form else { return };
        let title = cx.tr(if form.id.is_some() {
            "clients-edit-title"
        } else {
            "clients-new-title"
        });
        let saving = form.state.saving;
        let id = "client_form_modal";
        match form_modal_ui(ui, cx, id, &title, 640.0, saving, |ui, cx, part| {
            form.ui(ui, cx, part)
        }) {
            FormAction::None => {}
            FormAction::Cancel => self.form = None,
            FormAction::Save => {
                if cx.user.is_none() {
                    return;
                }
                let job = CrmJob::SaveClient {
                    id: form.id.clone(),
                    input: Box::new(form.input.clone()),
                };
                self.save_req = Some(cx.submit(Job::Crm(job)));
            }
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let new = allows_user(cx, Action::EditClients).then_some((icons::USER_PLUS, "clients-new"));
        let tags = &self.tags;
        let outcome = self.list.ui(ui, cx, new, |ui, cx, f| {
            let kinds = [
                (None, cx.tr("clients-kind-all")),
                (
                    Some(ClientKind::Individual),
                    cx.tr("client-kind-individual"),
                ),
                (Some(ClientKind::Business), cx.tr("client-kind-business")),
            ];
            let caption = cx.tr("clients-filter-kind");
            let id = "clients_kind_filter";
            let mut changed = filter_combo_ui(ui, cx, id, &caption, 280.0, &mut f.kind, &kinds);
            let mut choices = vec![(None, cx.tr("clients-tag-all"))];
            choices.extend(tags.iter().map(|t| (Some(t.clone()), t.clone())));
            let caption = cx.tr("clients-filter-tag");
            let id = "clients_tag_filter";
            changed |= filter_combo_ui(ui, cx, id, &caption, 320.0, &mut f.tag, &choices);
            changed
        });
        match outcome {
            ListOutcome::None => {}
            ListOutcome::New => self.form = Some(ClientForm::new()),
            ListOutcome::Open(id) => cx.push(Command::Open(Route::Client(id))),
        }
    }
}

crate::ui::screen::list_and_page!(ClientsScreen, ClientId, Clients, Client, ClientPageView);
