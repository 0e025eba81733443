//! Pieces shared by the client and vehicle screens: the native "save as" dialog on its own
//! thread, sortable column headers, status badges, empty states and confirmation dialogs.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use egui::{Button, RichText, Ui, Vec2};

use crate::ui::theme::Tokens;
use crate::ui::widgets::{primary_button, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

/// One "save as" dialog at a time, run on a named thread (never on the UI thread nor on the
/// database worker); the file itself is written by the worker. On a computer with no dialog to
/// show (no file-chooser portal, no zenity: a plain kiosk terminal) or when the app forbids it,
/// the file goes to the user's Downloads folder (else the home folder) under a name not taken
/// yet: the export still happens and its toast says where.
#[derive(Debug, Default)]
pub struct SavePicker {
    rx: Option<Receiver<PathBuf>>,
    injected: Option<PathBuf>,
}

impl SavePicker {
    /// Opens the dialog with a suggested file name and an extension filter.
    pub fn open(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        file_name: &str,
        filter: (&str, &str),
    ) {
        if self.rx.is_some() {
            return;
        }
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let title = title.to_owned();
        let file_name = file_name.to_owned();
        let (filter_name, ext) = (filter.0.to_owned(), filter.1.to_owned());
        let allowed = crate::ui::file_browser::BrowsePolicy::of(&ctx).system_dialog;
        let spawned = std::thread::Builder::new()
            .name("rpma-save-dialog".into())
            .spawn(move || {
                let asked = std::time::Instant::now();
                let picked = if allowed {
                    rfd::FileDialog::new()
                        .set_title(&title)
                        .set_file_name(&file_name)
                        .add_filter(&filter_name, &[ext.as_str()])
                        .save_file()
                } else {
                    None
                };
                let unavailable = picked.is_none()
                    && (!allowed || asked.elapsed() < crate::ui::system_dialog::NO_DIALOG_WITHIN);
                let path = if unavailable {
                    tracing::warn!("no save dialog available: saving to the default folder");
                    default_save_folder()
                        .map(|d| d.join(crate::photo_import::free_name(&d, &file_name)))
                } else {
                    picked
                };
                if let Some(path) = path {
                    tx.send(path).ok();
                }
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.rx = Some(rx),
            Err(e) => tracing::error!("cannot start the save dialog thread: {e}"),
        }
    }

    /// The chosen path, once.
    pub fn poll(&mut self) -> Option<PathBuf> {
        if let Some(p) = self.injected.take() {
            return Some(p);
        }
        let rx = self.rx.as_ref()?;
        match rx.try_recv() {
            Ok(p) => {
                self.rx = None;
                Some(p)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                self.rx = None;
                None
            }
        }
    }

    /// True while the dialog is open.
    pub fn busy(&self) -> bool {
        self.rx.is_some()
    }

    /// Test hook: the next poll returns `path`, as if chosen in the dialog.
    pub fn inject(&mut self, path: PathBuf) {
        self.injected = Some(path);
    }
}

/// Where a file goes when no "save as" dialog can be shown: the Downloads folder, else the home
/// folder.
fn default_save_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(dirs.download_dir().filter(|d| d.is_dir()).map_or_else(
        || dirs.home_dir().to_path_buf(),
        std::path::Path::to_path_buf,
    ))
}

/// A destructive action: red, white text.
pub fn danger_button(ui: &mut Ui, t: &Tokens, text: &str) -> egui::Response {
    ui.add(
        Button::new(RichText::new(text).color(t.on_accent).strong())
            .fill(t.danger)
            .stroke(egui::Stroke::NONE)
            .min_size(Vec2::new(0.0, t.hit)),
    )
}

/// A column header; sortable ones are buttons with a caret on the active column. Returns true
/// when clicked.
pub fn sort_header_ui(ui: &mut Ui, t: &Tokens, text: &str, active: Option<bool>) -> bool {
    let caret = match active {
        Some(true) => format!(" {}", icons::CARET_DOWN),
        Some(false) => format!(" {}", icons::CARET_UP),
        None => String::new(),
    };
    let colour = if active.is_some() {
        t.accent_hover
    } else {
        t.muted
    };
    header_button_ui(ui, RichText::new(format!("{text}{caret}")).color(colour))
}

/// A clickable column header laid out exactly like a plain one ([`header_ui`]: a label, no
/// button padding), so that every header of a table sits on the same line as its column.
pub fn header_button_ui(ui: &mut Ui, text: RichText) -> bool {
    let label = text.text().to_owned();
    let resp = ui.add(egui::Label::new(text.small().strong()).sense(egui::Sense::click()));
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
    if resp.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
    }
    resp.clicked()
}

/// A plain column header.
pub fn header_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    ui.label(RichText::new(text).small().strong().color(t.muted));
}

pub(crate) use crate::ui::screens::jobs::status_colours;

/// An empty state: icon, a line saying what is missing and what to do.
pub fn empty_state_ui(ui: &mut Ui, t: &Tokens, icon: &str, title: &str, hint: &str) {
    ui.vertical_centered(|ui| {
        ui.add_space(t.gap);
        ui.label(RichText::new(icon).size(34.0).color(t.muted));
        ui.label(RichText::new(title).strong().color(t.heading));
        ui.label(RichText::new(hint).color(t.muted));
        ui.add_space(t.gap);
    });
}

/// What the user did in a confirmation dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Nothing yet.
    Open,
    /// Confirmed.
    Yes,
    /// Cancelled or closed.
    No,
}

/// A confirmation dialog for an irreversible action; `ready` disables the confirm button
/// (e.g. until a word is typed).
pub fn confirm_modal_ui(
    ui: &Ui,
    cx: &Cx<'_>,
    id: &str,
    title: &str,
    body: &str,
    yes: &str,
    extra: impl FnOnce(&mut Ui) -> bool,
) -> Answer {
    let t = *cx.tokens;
    let mut answer = Answer::Open;
    let modal = egui::Modal::new(egui::Id::unique(id))
        .frame(t.card_frame())
        .show(ui.ctx(), |ui| {
            ui.set_width(480.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::WARNING).size(22.0).color(t.danger));
                section_title_ui(ui, &t, title);
            });
            ui.add_space(4.0);
            ui.label(RichText::new(body).color(t.text));
            ui.add_space(t.gap * 0.5);
            let ready = extra(ui);
            ui.add_space(t.gap * 0.5);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let r = ui
                    .add_enabled_ui(ready, |ui| danger_button(ui, &t, yes))
                    .inner;
                if r.clicked() {
                    answer = Answer::Yes;
                }
                if secondary_button(ui, &t, &cx.tr("clients-cancel")).clicked() {
                    answer = Answer::No;
                }
            });
        });
    if answer == Answer::Open && modal.should_close() {
        Answer::No
    } else {
        answer
    }
}

/// The primary button with an icon.
pub fn primary_icon_button(ui: &mut Ui, t: &Tokens, icon: &str, text: &str) -> egui::Response {
    primary_button(ui, t, &format!("{icon}  {text}"))
}

/// A secondary button with an icon.
pub fn secondary_icon_button(ui: &mut Ui, t: &Tokens, icon: &str, text: &str) -> egui::Response {
    secondary_button(ui, t, &format!("{icon}  {text}"))
}

/// A date (shop time zone) or a dash.
pub fn date_or_dash(cx: &Cx<'_>, ms: Option<i64>) -> String {
    ms.map_or_else(
        || "—".to_owned(),
        |ms| rpma_core::format::format_date(ms, cx.tz, cx.lang),
    )
}

/// The keys of a job-history card's texts.
pub struct JobHistoryKeys {
    /// Card title.
    pub title: &'static str,
    /// Empty state title and hint.
    pub empty: (&'static str, &'static str),
    /// Header of the last column (vehicle on a client page, zones on a vehicle page).
    pub last_column: &'static str,
}

/// A card listing jobs (number, date, status, one more column), newest first as given; a click
/// opens the job. Shared by the client and vehicle pages.
pub fn job_history_card_ui(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    id: &str,
    keys: &JobHistoryKeys,
    rows: &[(&rpma_core::jobs::JobRow, String)],
    max_height: f32,
) {
    use egui::{Align, Label, Layout, Sense};
    use egui_extras::{Column, TableBuilder};

    let t = *cx.tokens;
    let mut open = None;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        section_title_ui(
            ui,
            &t,
            &format!("{}  {}", icons::CLIPBOARD_TEXT, cx.tr(keys.title)),
        );
        if rows.is_empty() {
            empty_state_ui(
                ui,
                &t,
                icons::CLIPBOARD_TEXT,
                &cx.tr(keys.empty.0),
                &cx.tr(keys.empty.1),
            );
            return;
        }
        // Columns shared out so that the table fits its card; in a narrow card (a page's side
        // column in a 1024-pixel window) the last column gives way.
        let full = ui.available_width() >= 460.0;
        let w = ui.available_width() - ui.spacing().item_spacing.x * 3.0;
        let (number, date) = if full { (0.29, 0.22) } else { (0.4, 0.3) };
        ui.scope(|ui| {
            ui.style_mut().interaction.selectable_labels = false;
            let mut tb = TableBuilder::new(ui)
                .id_salt(id)
                .striped(true)
                .sense(Sense::click())
                .cell_layout(Layout::left_to_right(Align::Center))
                .column(Column::exact(w * number).clip(true))
                .column(Column::exact(w * date).clip(true));
            tb = if full {
                tb.column(Column::exact(w * 0.24))
                    .column(Column::remainder().clip(true))
            } else {
                tb.column(Column::remainder().clip(true))
            };
            let columns = if full { 4 } else { 3 };
            tb.max_scroll_height(max_height)
                .header(24.0, |mut h| {
                    for k in [
                        "clients-col-number",
                        "clients-col-date",
                        "clients-col-status",
                        keys.last_column,
                    ]
                    .into_iter()
                    .take(columns)
                    {
                        h.col(|ui| header_ui(ui, &t, &cx.tr(k)));
                    }
                })
                .body(|body| {
                    body.rows(32.0, rows.len(), |mut row| {
                        let Some((j, last)) = rows.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(RichText::new(&j.number).monospace().color(t.heading));
                        });
                        row.col(|ui| {
                            ui.label(
                                RichText::new(date_or_dash(cx, j.scheduled_start)).color(t.text),
                            );
                        });
                        row.col(|ui| {
                            let (fg, bg) = status_colours(&t, j.status, j.overdue);
                            let text = if j.overdue {
                                cx.tr("clients-overdue")
                            } else {
                                cx.tr(j.status.i18n_key())
                            };
                            crate::ui::widgets::badge_ui(ui, &text, fg, bg);
                        });
                        if full {
                            row.col(|ui| {
                                ui.add(Label::new(RichText::new(last).color(t.muted)).truncate());
                            });
                        }
                        if row.response().clicked() {
                            open = Some(j.id.clone());
                        }
                    });
                });
        });
    });
    if let Some(id) = open {
        cx.push(crate::ui::Command::Open(crate::route::Route::Job(id)));
    }
}
