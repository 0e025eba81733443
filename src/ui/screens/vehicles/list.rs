//! The vehicle list as a [`ListRequest`]: its columns, its cells, and the jobs that load and
//! export it.

use rpma_core::ids::VehicleId;
use std::path::PathBuf;

use egui::{Label, RichText, Ui};
use rpma_core::vehicles::{VehicleFilter, VehicleRow, VehicleSort};

use crate::jobs::Job;
use crate::jobs::crm::{CrmEvent, CrmJob};
use crate::ui::widgets::list_view::{ListColumn, ListRequest, ListSpec, PageReply, Width};
use crate::ui::{Cx, icons};

impl ListRequest for VehicleFilter {
    type Sort = VehicleSort;
    type Row = VehicleRow;
    type Id = VehicleId;

    const SPEC: ListSpec = ListSpec {
        id: "vehicles_table",
        title: "nav-vehicles",
        count: "vehicles-count",
        search: ("vehicles-search", "vehicles-search-hint"),
        search_width: 320.0,
        icon: icons::CAR_PROFILE,
        empty: ("vehicles-empty", "vehicles-empty-hint"),
        empty_filtered: ("vehicles-empty-filtered", "vehicles-empty-filtered-hint"),
        export: ("vehicles-export-csv", "vehicules.csv", "vehicles-exported"),
        row_height: 38.0,
        wide_from: 0.0,
        min_flex: 180.0,
    };

    fn columns(_wide: bool) -> Vec<ListColumn<VehicleSort>> {
        let col = ListColumn::new;
        vec![
            col(
                "vehicles-col-plate",
                Some(VehicleSort::Plate),
                Width::Fixed(120.0),
                true,
            ),
            col(
                "vehicles-col-make",
                Some(VehicleSort::Make),
                Width::Share(0.55),
                true,
            ),
            col(
                "vehicles-col-year",
                Some(VehicleSort::Year),
                Width::Fixed(64.0),
                false,
            ),
            col("vehicles-col-colour", None, Width::Fixed(100.0), true),
            col(
                "vehicles-col-owner",
                Some(VehicleSort::Owner),
                Width::Share(0.45),
                true,
            ),
            col("vehicles-col-jobs", None, Width::Rest(64.0), false),
        ]
    }

    fn cell_ui(ui: &mut Ui, cx: &Cx<'_>, column: &'static str, v: &VehicleRow) {
        let t = cx.tokens;
        let text = |ui: &mut Ui, s: &str, colour| {
            ui.add(Label::new(RichText::new(s).color(colour)).truncate());
        };
        match column {
            "vehicles-col-plate" => {
                ui.label(
                    RichText::new(&v.plate)
                        .monospace()
                        .strong()
                        .color(t.heading),
                );
            }
            "vehicles-col-make" => text(ui, &format!("{} {}", v.make, v.model), t.text),
            "vehicles-col-year" => {
                let year = v.year.map_or_else(|| "—".into(), |y| y.to_string());
                ui.label(RichText::new(year).color(t.text));
            }
            "vehicles-col-colour" => {
                let c = if v.colour.is_empty() {
                    "—"
                } else {
                    v.colour.as_str()
                };
                text(ui, c, t.muted);
            }
            "vehicles-col-owner" => text(ui, v.owner_name.as_deref().unwrap_or("—"), t.text),
            _ => {
                ui.label(RichText::new(v.jobs.to_string()).color(t.text));
            }
        }
    }

    fn row_id(row: &VehicleRow) -> VehicleId {
        row.id.clone()
    }

    fn text_mut(&mut self) -> &mut String {
        &mut self.text
    }

    fn sort(&self) -> (VehicleSort, bool) {
        (self.sort, self.descending)
    }

    fn set_sort(&mut self, sort: VehicleSort, descending: bool) {
        self.sort = sort;
        self.descending = descending;
    }

    fn filtered(&self) -> bool {
        !self.text.trim().is_empty()
    }

    fn paged(&self, offset: u32, limit: u32) -> Self {
        Self {
            offset,
            limit,
            ..self.clone()
        }
    }

    fn load_job(self) -> Job {
        Job::Crm(CrmJob::LoadVehicles { filter: self })
    }

    fn export_job(self, path: PathBuf) -> Job {
        Job::Crm(CrmJob::ExportVehiclesCsv { filter: self, path })
    }

    fn page_of(ev: CrmEvent) -> Result<PageReply<VehicleRow>, CrmEvent> {
        match ev {
            CrmEvent::Vehicles(r) => Ok(r.map(|p| (p.rows, p.total))),
            other => Err(other),
        }
    }
}
