//! The client list as a [`ListRequest`]: its columns (the type, e-mail and tags only in a wide
//! card), its cells, and the jobs that load and export it.

use rpma_core::ids::ClientId;
use std::path::PathBuf;

use egui::{Align, Label, RichText, Ui};
use rpma_core::clients::{ClientFilter, ClientKind, ClientRow, ClientSort};

use crate::jobs::Job;
use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::ui::widgets::date_or_dash;
use crate::ui::widgets::list_view::{ListColumn, ListRequest, ListSpec, PageReply, Width};
use crate::ui::{Cx, icons};

impl ListRequest for ClientFilter {
    type Sort = ClientSort;
    type Row = ClientRow;
    type Id = ClientId;

    const SPEC: ListSpec = ListSpec {
        id: "clients_table",
        title: "nav-clients",
        count: "clients-count",
        search: ("clients-search", "clients-search-hint"),
        search_width: 280.0,
        icon: icons::ADDRESS_BOOK,
        empty: ("clients-empty", "clients-empty-hint"),
        empty_filtered: ("clients-empty-filtered", "clients-empty-filtered-hint"),
        export: ("clients-export-csv", "clients.csv", "clients-exported"),
        row_height: 46.0,
        wide_from: 860.0,
        min_flex: 200.0,
    };

    fn columns(wide: bool) -> Vec<ListColumn<ClientSort>> {
        let col = ListColumn::new;
        if wide {
            vec![
                col(
                    "clients-col-name",
                    Some(ClientSort::Name),
                    Width::Share(0.40),
                    true,
                ),
                col("clients-col-kind", None, Width::Fixed(100.0), false),
                col("clients-col-phone", None, Width::Fixed(118.0), true),
                col("clients-col-email", None, Width::Share(0.26), true),
                col(
                    "clients-col-city",
                    Some(ClientSort::City),
                    Width::Share(0.18),
                    true,
                ),
                col("clients-col-tags", None, Width::Share(0.16), true),
                col("clients-col-vehicles", None, Width::Fixed(66.0), false),
                col(
                    "clients-col-jobs",
                    Some(ClientSort::Jobs),
                    Width::Fixed(56.0),
                    false,
                ),
                col(
                    "clients-col-last-job",
                    Some(ClientSort::LastJob),
                    Width::Rest(96.0),
                    true,
                ),
            ]
        } else {
            vec![
                col(
                    "clients-col-name",
                    Some(ClientSort::Name),
                    Width::Share(0.62),
                    true,
                ),
                col("clients-col-phone", None, Width::Fixed(118.0), true),
                col(
                    "clients-col-city",
                    Some(ClientSort::City),
                    Width::Share(0.38),
                    true,
                ),
                col("clients-col-vehicles", None, Width::Fixed(66.0), false),
                col(
                    "clients-col-jobs",
                    Some(ClientSort::Jobs),
                    Width::Fixed(56.0),
                    false,
                ),
                col(
                    "clients-col-last-job",
                    Some(ClientSort::LastJob),
                    Width::Rest(96.0),
                    true,
                ),
            ]
        }
    }

    fn cell_ui(ui: &mut Ui, cx: &Cx<'_>, column: &'static str, c: &ClientRow) {
        let t = cx.tokens;
        let text = |ui: &mut Ui, s: Option<&str>| {
            ui.add(Label::new(RichText::new(s.unwrap_or("—")).color(t.text)).truncate());
        };
        match column {
            "clients-col-name" => {
                ui.vertical(|ui| {
                    // Centred by hand: one line for people, two for businesses.
                    ui.add_space(if c.contact.is_some() { 4.0 } else { 13.0 });
                    ui.add(Label::new(name_job(ui, t, c)).truncate());
                    if let Some(contact) = &c.contact {
                        ui.add(
                            Label::new(RichText::new(contact).small().color(t.muted)).truncate(),
                        );
                    }
                });
            }
            "clients-col-kind" => {
                let (icon, colour) = match c.kind {
                    ClientKind::Business => (icons::BUILDINGS, t.accent_hover),
                    ClientKind::Individual => (icons::USER, t.muted),
                };
                let text = format!("{icon}  {}", cx.tr(c.kind.label_key()));
                ui.label(RichText::new(text).small().strong().color(colour));
            }
            "clients-col-phone" => text(ui, c.phone.as_deref()),
            "clients-col-email" => text(ui, c.email.as_deref()),
            "clients-col-city" => text(ui, c.city.as_deref()),
            "clients-col-tags" => {
                let tags = c.tags.join(", ");
                ui.add(Label::new(RichText::new(tags).small().color(t.accent_hover)).truncate());
            }
            "clients-col-vehicles" => {
                ui.label(RichText::new(c.vehicles.to_string()).color(t.text));
            }
            "clients-col-jobs" => {
                ui.label(RichText::new(c.jobs.to_string()).color(t.text));
            }
            _ => {
                ui.label(RichText::new(date_or_dash(cx, c.last_job_at)).color(t.muted));
            }
        }
    }

    fn row_id(row: &ClientRow) -> ClientId {
        row.id.clone()
    }

    fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }

    fn sort(&self) -> (ClientSort, bool) {
        (self.sort, self.descending)
    }

    fn set_sort(&mut self, sort: ClientSort, descending: bool) {
        self.sort = sort;
        self.descending = descending;
    }

    fn first_descending(sort: ClientSort) -> bool {
        matches!(sort, ClientSort::Jobs | ClientSort::LastJob)
    }

    fn filtered(&self) -> bool {
        !self.text.trim().is_empty() || self.kind.is_some() || self.tag.is_some()
    }

    fn paged(&self, offset: u32, limit: u32) -> Self {
        Self {
            offset,
            limit,
            ..self.clone()
        }
    }

    fn load_job(self) -> Job {
        Job::Crm(CrmJob::LoadClients { filter: self })
    }

    fn export_job(self, path: PathBuf) -> Job {
        Job::Crm(CrmJob::ExportClientsCsv { filter: self, path })
    }

    fn page_of(ev: CrmEvent) -> Result<PageReply<ClientRow>, CrmEvent> {
        match ev {
            CrmEvent::Clients(r) => Ok(r.map(|p| (p.rows, p.total))),
            other => Err(other),
        }
    }
}

/// A client's name as the list shows it: a person's surname (what the list sorts on) in bold,
/// a business's name all in bold.
fn name_job(ui: &Ui, t: &crate::ui::theme::Tokens, c: &ClientRow) -> egui::text::LayoutJob {
    let mut job = egui::text::LayoutJob::default();
    let style = ui.style();
    let name = c.display_name.trim();
    let surname = rpma_core::people::surname(name);
    let first = match c.kind {
        ClientKind::Individual => name.strip_suffix(surname).unwrap_or(""),
        ClientKind::Business => "",
    };
    let strong = if first.is_empty() { name } else { surname };
    RichText::new(first).color(t.text).append_to(
        &mut job,
        style,
        egui::FontSelection::Default,
        Align::Center,
    );
    RichText::new(strong)
        .family(egui::FontFamily::Name(crate::ui::theme::BOLD.into()))
        .color(t.heading)
        .append_to(&mut job, style, egui::FontSelection::Default, Align::Center);
    job
}
