//! Small pieces shared by the screen's pages: badges, notes, pickers, the account header.

use egui::{Color32, RichText, Sense, Ui, Vec2};
use rpma_core::auth::lockout::{AuthKind, LockedAccount};
use rpma_core::auth::permissions::Role;
use rpma_core::format;
use rpma_core::users::User;

use crate::app::role_key;
use crate::ui::theme::Tokens;
use crate::ui::widgets::secondary_button;
use crate::ui::{Cx, icons};

/// The end of the latest lock in force on the account, if any.
pub(super) fn locked_until(locks: &[LockedAccount], user_id: &str, now: i64) -> Option<i64> {
    locks
        .iter()
        .filter(|l| l.user_id == user_id && l.locked_until > now)
        .map(|l| l.locked_until)
        .max()
}

pub(super) fn role_desc_key(role: Role) -> &'static str {
    match role {
        Role::Admin => "users-role-desc-admin",
        Role::Supervisor => "users-role-desc-supervisor",
        Role::Technician => "users-role-desc-technician",
        Role::Viewer => "users-role-desc-viewer",
    }
}

pub(super) fn lock_kind_key(kind: AuthKind) -> &'static str {
    match kind {
        AuthKind::Password => "users-lock-password",
        AuthKind::Pin => "users-lock-pin",
        AuthKind::Totp => "users-lock-totp",
    }
}

pub(super) fn last_login_text(cx: &Cx<'_>, user: &User) -> String {
    user.last_login_at.map_or_else(
        || cx.tr("users-never"),
        |ms| format::format_datetime(ms, cx.tz, cx.lang),
    )
}

/// "← All users"; true when clicked.
pub(super) fn back_ui(ui: &mut Ui, cx: &Cx<'_>) -> bool {
    let clicked = secondary_button(
        ui,
        cx.tokens,
        // A plain arrow: the icon font's arrows share code points with Inter's private glyphs.
        &format!("\u{2190} {}", cx.tr("users-back")),
    )
    .clicked();
    ui.add_space(4.0);
    clicked
}

/// A destructive action: red, white text.
pub(super) fn danger_button(ui: &mut Ui, t: &Tokens, text: &str) -> egui::Response {
    ui.add(
        egui::Button::new(RichText::new(text).color(t.on_accent).strong())
            .fill(t.danger)
            .stroke(egui::Stroke::NONE)
            .min_size(Vec2::new(0.0, t.hit)),
    )
}

/// A tinted note with an icon (information, or a warning when `warn`).
pub(super) fn note_ui(ui: &mut Ui, t: &Tokens, icon: &str, text: &str, warn: bool) {
    let (fg, bg) = if warn {
        (t.warning, t.warning_soft)
    } else {
        (t.accent_hover, t.accent_soft)
    };
    egui::Frame::new()
        .fill(bg)
        .corner_radius(t.radius_small)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.label(RichText::new(icon).size(16.0).color(fg));
                ui.add(egui::Label::new(RichText::new(text).color(t.text)).wrap());
            });
        });
}

pub(super) fn role_badge_ui(ui: &mut Ui, t: &Tokens, text: &str) {
    pill_ui(ui, text, t.accent_hover, t.accent_soft);
}

/// A small coloured pill of exactly its size (so that it stays centred in a table row).
pub(super) fn pill_ui(ui: &mut Ui, text: &str, fg: Color32, bg: Color32) -> egui::Response {
    let galley = egui::WidgetText::from(RichText::new(text).small().strong()).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Small,
    );
    let pad = Vec2::new(8.0, 3.0);
    let (rect, resp) = ui.allocate_exact_size(galley.size() + 2.0 * pad, Sense::hover());
    if ui.is_rect_visible(rect) {
        ui.painter().rect_filled(rect, 10.0, bg);
        ui.painter().galley(rect.min + pad, galley, fg);
    }
    let label = text.to_owned();
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &label));
    resp
}

/// "On" in green, "off" muted.
pub(super) fn yes_no_ui(ui: &mut Ui, cx: &Cx<'_>, on: bool, on_key: &str, off_key: &str) {
    let t = cx.tokens;
    if on {
        ui.label(
            RichText::new(format!("{} {}", icons::CHECK_CIRCLE, cx.tr(on_key))).color(t.success),
        );
    } else {
        ui.label(RichText::new(cx.tr(off_key)).color(t.muted));
    }
}

/// The roles one may choose, each with its description under the chosen one.
pub(super) fn role_picker_ui(ui: &mut Ui, cx: &Cx<'_>, roles: &[Role], value: &mut Option<Role>) {
    let t = cx.tokens;
    ui.spacing_mut().item_spacing.y = 2.0;
    for r in roles {
        let selected = *value == Some(*r);
        let name = RichText::new(cx.tr(role_key(*r))).strong();
        let name = if selected {
            name.color(t.accent_hover)
        } else {
            name.color(t.heading)
        };
        if ui.radio(selected, name).clicked() {
            *value = Some(*r);
        }
        ui.horizontal(|ui| {
            ui.add_space(ui.spacing().icon_width + ui.spacing().icon_spacing);
            ui.add(
                egui::Label::new(
                    RichText::new(cx.tr(role_desc_key(*r)))
                        .small()
                        .color(t.muted),
                )
                .wrap(),
            );
        });
        ui.add_space(6.0);
    }
}

/// The account's header: name, login, badges, dates.
pub(super) fn header_ui(ui: &mut Ui, cx: &Cx<'_>, user: &User, locks: &[LockedAccount]) {
    let t = cx.tokens;
    t.card_frame().show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal(|ui| {
            egui::Frame::new()
                .fill(t.accent_soft)
                .corner_radius(28)
                .inner_margin(10)
                .show(ui, |ui| {
                    ui.label(RichText::new(icons::USER).size(30.0).color(t.accent_hover));
                });
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(&user.display_name)
                        .size(t.title)
                        .strong()
                        .color(t.heading),
                );
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(&user.username).monospace().color(t.muted));
                    role_badge_ui(ui, t, &cx.tr(role_key(user.role)));
                    status_badges_ui(ui, cx, user, locks.iter().map(|l| l.locked_until).max());
                    if user.must_change_password {
                        pill_ui(ui, &cx.tr("users-must-change"), t.warning, t.warning_soft);
                    }
                });
            });
        });
    });
}

/// Active / deactivated, and the lock with its end time.
pub(super) fn status_badges_ui(ui: &mut Ui, cx: &Cx<'_>, user: &User, locked_until: Option<i64>) {
    let t = cx.tokens;
    if user.is_active {
        pill_ui(ui, &cx.tr("users-active"), t.success, t.success_soft);
    } else {
        pill_ui(ui, &cx.tr("users-inactive"), t.text, t.neutral_soft);
    }
    if let Some(until) = locked_until {
        pill_ui(
            ui,
            &format!(
                "{} {}",
                icons::LOCK,
                cx.tr_args(
                    "users-locked-until",
                    &[("time", format::format_time(until, cx.tz).into())],
                )
            ),
            t.danger,
            t.danger_soft,
        );
    }
}
