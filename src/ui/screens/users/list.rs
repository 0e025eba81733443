//! The list of accounts: search, role filter, the locked-accounts banner and the table.

use egui::{Align, Layout, RichText, Sense, TextEdit, Ui, Vec2};
use egui_extras::{Column, TableBuilder};
use rpma_core::auth::permissions::Role;
use rpma_core::format;
use rpma_core::i18n::Arg;
use rpma_core::users::User;

use crate::app::role_key;
use crate::jobs::{Job, UsersData};
use crate::ui::loadable::Loadable;
use crate::ui::widgets::{page_title_ui, primary_button, secondary_button, section_title_ui};
use crate::ui::{Cx, icons};

use super::parts::{locked_until, role_badge_ui, status_badges_ui, yes_no_ui};
use super::{EditForm, Line, NewForm, Rights, UsersScreen, View};

impl UsersScreen {
    fn lines(&self, data: &UsersData) -> Vec<Line> {
        let now = chrono::Utc::now().timestamp_millis();
        let needle = fold(self.query.trim());
        data.users
            .iter()
            .filter(|u| self.show_inactive || u.is_active)
            .filter(|u| self.role_filter.is_none_or(|r| u.role == r))
            .filter(|u| {
                needle.is_empty()
                    || fold(&u.display_name).contains(&needle)
                    || fold(&u.username).contains(&needle)
                    || u.email
                        .as_deref()
                        .is_some_and(|e| fold(e).contains(&needle))
            })
            .map(|u| Line {
                user: u.clone(),
                locked_until: locked_until(&data.locks, &u.id, now),
            })
            .collect()
    }

    pub(super) fn list_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, me: &User) {
        let t = *cx.tokens;
        let rights = Rights::of(me.role);
        ui.horizontal(|ui| {
            ui.vertical(|ui| {
                page_title_ui(
                    ui,
                    &t,
                    &cx.tr("nav-users"),
                    Some(&cx.tr(if rights.edit {
                        "users-subtitle"
                    } else {
                        "users-subtitle-readonly"
                    })),
                );
            });
            if rights.create {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    if primary_button(
                        ui,
                        &t,
                        &format!("{} {}", icons::USER_PLUS, cx.tr("users-new")),
                    )
                    .clicked()
                    {
                        self.new = NewForm::fresh(cx.lang);
                        self.view = View::New;
                    }
                });
            }
        });
        self.toolbar_ui(ui, cx);
        ui.add_space(t.gap);
        let (data, retry) = self.data.ui(ui, cx);
        if retry {
            if cx.user.is_some() {
                let job = Job::LoadUsers {};
                self.data = Loadable::Loading(cx.submit(job));
            }
            return;
        }
        let Some(data) = data else { return };
        let lines = self.lines(data);
        let total = data.users.len();
        let now = chrono::Utc::now().timestamp_millis();
        let locked: Vec<String> = data
            .users
            .iter()
            .filter(|u| locked_until(&data.locks, &u.id, now).is_some())
            .map(|u| u.display_name.clone())
            .collect();
        if !locked.is_empty() {
            locked_banner_ui(ui, cx, &locked, rights.edit);
            ui.add_space(t.gap);
        }
        let mut open = None;
        let mut clear_filters = false;
        let mut refresh = false;
        let refreshing = self.refresh.is_some();
        t.card_frame().show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                section_title_ui(
                    ui,
                    &t,
                    &format!("{} {}", icons::USERS, cx.tr("users-list-title")),
                );
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    refresh = secondary_button(ui, &t, &cx.tr("refresh")).clicked();
                    if refreshing {
                        ui.spinner();
                    }
                    let count = if lines.len() == total {
                        cx.tr_args("users-count-all", &[("total", count_arg(total))])
                    } else {
                        cx.tr_args(
                            "users-count-filtered",
                            &[
                                ("shown", count_arg(lines.len())),
                                ("total", count_arg(total)),
                            ],
                        )
                    };
                    ui.label(RichText::new(count).color(t.muted));
                });
            });
            ui.add_space(4.0);
            if lines.is_empty() {
                ui.vertical_centered(|ui| {
                    ui.add_space(t.gap);
                    ui.label(
                        RichText::new(icons::MAGNIFYING_GLASS)
                            .size(32.0)
                            .color(t.muted),
                    );
                    ui.label(
                        RichText::new(cx.tr("users-empty"))
                            .color(t.heading)
                            .strong(),
                    );
                    ui.label(RichText::new(cx.tr("users-empty-hint")).color(t.muted));
                    clear_filters =
                        secondary_button(ui, &t, &cx.tr("users-clear-filters")).clicked();
                    ui.add_space(t.gap);
                });
            } else {
                open = table_ui(ui, cx, &lines);
            }
        });
        if refresh {
            self.reload(cx);
        }
        if clear_filters {
            self.query.clear();
            self.role_filter = None;
            self.show_inactive = true;
        }
        if let Some(line) = open {
            self.open(&line.user);
        }
    }

    fn open(&mut self, user: &User) {
        self.edit = EditForm::of(user);
        self.view = View::Detail(user.id.clone());
    }

    fn toolbar_ui(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let t = *cx.tokens;
        t.card_frame()
            .inner_margin(egui::Margin::symmetric(t.card_margin, 12))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(icons::MAGNIFYING_GLASS)
                            .size(18.0)
                            .color(t.muted),
                    );
                    let label = ui.label(RichText::new(cx.tr("users-search")).color(t.text));
                    ui.add(
                        TextEdit::singleline(&mut self.query)
                            .hint_text(cx.tr("users-search-hint"))
                            .desired_width(240.0)
                            .min_size(Vec2::new(0.0, t.hit))
                            .margin(egui::Margin::symmetric(10, 8)),
                    )
                    .labelled_by(label.id);
                    ui.add_space(12.0);
                    let label = ui.label(RichText::new(cx.tr("users-filter-role")).color(t.text));
                    let selected = self
                        .role_filter
                        .map_or_else(|| cx.tr("users-all-roles"), |r| cx.tr(role_key(r)));
                    egui::ComboBox::from_id_salt("users_role_filter")
                        .selected_text(selected)
                        .width(160.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(
                                &mut self.role_filter,
                                None,
                                cx.tr("users-all-roles"),
                            );
                            for r in Role::ALL {
                                ui.selectable_value(
                                    &mut self.role_filter,
                                    Some(r),
                                    cx.tr(role_key(r)),
                                );
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    ui.add_space(12.0);
                    ui.checkbox(&mut self.show_inactive, cx.tr("users-show-inactive"));
                });
            });
    }
}

/// Lower case without accents, for searching (`Élodie` matches `elodie`).
fn fold(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            'ÿ' => 'y',
            other => other,
        })
        .collect()
}

fn count_arg(n: usize) -> Arg {
    Arg::from(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Warns about locked accounts above the list.
fn locked_banner_ui(ui: &mut Ui, cx: &Cx<'_>, names: &[String], can_unlock: bool) {
    let t = cx.tokens;
    let text = cx.tr_args(
        if can_unlock {
            "users-locked-banner"
        } else {
            "users-locked-banner-readonly"
        },
        &[
            ("count", count_arg(names.len())),
            ("names", names.join(", ").into()),
        ],
    );
    egui::Frame::new()
        .fill(t.danger_soft)
        .corner_radius(t.radius)
        .inner_margin(egui::Margin::symmetric(16, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(icons::LOCK).size(18.0).color(t.danger));
                ui.add(egui::Label::new(RichText::new(text).color(t.text)).wrap());
            });
        });
}

/// Lines stacked top-down in a block of `height`, centred in a table cell.
fn stacked_ui(ui: &mut Ui, height: f32, gap: f32, add: impl FnOnce(&mut Ui)) {
    let size = Vec2::new(ui.available_width(), height);
    ui.allocate_ui_with_layout(size, Layout::top_down(Align::Min), |ui| {
        ui.spacing_mut().item_spacing.y = gap;
        add(ui);
    });
}

/// The accounts table; returns the line clicked.
fn table_ui(ui: &mut Ui, cx: &Cx<'_>, lines: &[Line]) -> Option<Line> {
    let t = cx.tokens;
    let mut open = None;
    ui.style_mut().interaction.selectable_labels = false;
    let header = |ui: &mut Ui, key: &str| {
        ui.label(RichText::new(cx.tr(key)).strong().color(t.muted));
    };
    TableBuilder::new(ui)
        .id_salt("users_table")
        .striped(true)
        .sense(Sense::click())
        .vscroll(false)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::initial(170.0).at_least(120.0).clip(true))
        .column(Column::remainder().at_least(40.0).clip(true))
        .column(Column::auto().at_least(100.0))
        .column(Column::auto().at_least(80.0))
        .column(Column::auto().at_least(44.0))
        .column(Column::auto().at_least(44.0))
        .column(Column::auto().at_least(90.0))
        .header(30.0, |mut h| {
            for key in [
                "users-col-user",
                "users-col-email",
                "users-col-role",
                "users-col-status",
                "users-col-2fa",
                "users-col-pin",
                "users-col-last-login",
            ] {
                h.col(|ui| header(ui, key));
            }
        })
        .body(|body| {
            body.rows(52.0, lines.len(), |mut row| {
                let Some(line) = lines.get(row.index()) else {
                    return;
                };
                let u = &line.user;
                let mut clicked = false;
                row.col(|ui| {
                    stacked_ui(ui, 40.0, 2.0, |ui| {
                        ui.spacing_mut().interact_size.y = 0.0;
                        ui.spacing_mut().button_padding = Vec2::ZERO;
                        let name = RichText::new(&u.display_name)
                            .strong()
                            .color(if u.is_active { t.heading } else { t.muted });
                        clicked |= ui
                            .add(egui::Button::new(name).frame(false))
                            .on_hover_text(cx.tr("users-open"))
                            .clicked();
                        ui.label(
                            RichText::new(&u.username)
                                .small()
                                .monospace()
                                .color(t.muted),
                        );
                    });
                });
                row.col(|ui| {
                    match &u.email {
                        Some(e) => ui.label(RichText::new(e).color(t.text)),
                        None => ui.label(RichText::new("—").color(t.muted)),
                    };
                });
                row.col(|ui| {
                    role_badge_ui(ui, t, &cx.tr(role_key(u.role)));
                });
                row.col(|ui| {
                    let height = if line.locked_until.is_some() {
                        46.0
                    } else {
                        22.0
                    };
                    stacked_ui(ui, height, 4.0, |ui| {
                        status_badges_ui(ui, cx, u, line.locked_until);
                    });
                });
                row.col(|ui| {
                    yes_no_ui(ui, cx, u.totp_enabled, "users-yes", "users-no");
                });
                row.col(|ui| {
                    yes_no_ui(ui, cx, u.has_pin, "users-yes", "users-no");
                });
                row.col(|ui| match u.last_login_at {
                    Some(ms) => stacked_ui(ui, 36.0, 0.0, |ui| {
                        ui.label(
                            RichText::new(format::format_date(ms, cx.tz, cx.lang)).color(t.text),
                        );
                        ui.label(
                            RichText::new(format::format_time(ms, cx.tz))
                                .small()
                                .color(t.muted),
                        );
                    }),
                    None => {
                        ui.label(RichText::new(cx.tr("users-never")).color(t.muted));
                    }
                });
                if clicked || row.response().clicked() {
                    open = Some(line.clone());
                }
            });
        });
    open
}
