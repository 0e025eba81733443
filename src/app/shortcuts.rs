//! Keyboard shortcuts: sign out, theme, language, instant search, Ctrl+1…9 for the side bar's
//! entries (the list the side bar and the tests read), and Alt+← / Alt+→ for back and forward
//! (not while a text field has the keyboard: there they move the cursor).

use egui::{Key, KeyboardShortcut, Modifiers};
use rpma_core::Lang;
use rpma_core::users::Theme;

use super::{App, Phase};
use crate::route;
use crate::ui::Command;

impl App {
    pub(super) fn shortcuts(&mut self, ctx: &egui::Context) {
        const DIGITS: [Key; 9] = [
            Key::Num1,
            Key::Num2,
            Key::Num3,
            Key::Num4,
            Key::Num5,
            Key::Num6,
            Key::Num7,
            Key::Num8,
            Key::Num9,
        ];
        let logout = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
        let theme = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
        let lang = KeyboardShortcut::new(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
        let search = KeyboardShortcut::new(Modifiers::COMMAND, Key::K);
        let typing = ctx.egui_wants_keyboard_input();
        let (do_logout, do_theme, do_lang, do_search, nav, history) = ctx.input_mut(|i| {
            let nav = DIGITS
                .iter()
                .position(|k| i.consume_key(Modifiers::COMMAND, *k));
            (
                i.consume_shortcut(&logout),
                i.consume_shortcut(&theme),
                i.consume_shortcut(&lang),
                i.consume_shortcut(&search),
                nav,
                if typing {
                    None
                } else if i.consume_key(Modifiers::ALT, Key::ArrowLeft) {
                    Some(Command::Back)
                } else if i.consume_key(Modifiers::ALT, Key::ArrowRight) {
                    Some(Command::Forward)
                } else {
                    None
                },
            )
        });
        if do_theme {
            let next = if self.theme == Theme::Light {
                Theme::Dark
            } else {
                Theme::Light
            };
            self.set_theme(ctx, next);
        }
        if do_lang {
            self.parts.lang = if self.parts.lang == Lang::Fr {
                Lang::En
            } else {
                Lang::Fr
            };
        }
        let Some(user) = &self.parts.user else { return };
        if do_logout {
            self.parts.commands.push(Command::SignOut);
        }
        if do_search && self.phase == Phase::SignedIn {
            self.search.toggle();
        }
        if let Some(n) = nav
            && let Some(e) = route::visible_for(user.role).nth(n)
        {
            self.parts.commands.push(Command::Navigate(e.route.main()));
        }
        if let Some(cmd) = history
            && self.phase == Phase::SignedIn
        {
            self.parts.commands.push(cmd);
        }
    }
}
