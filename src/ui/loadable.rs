//! A screen's data as it loads: spinner, error with retry, or the data. Stale replies (an older
//! request id) are dropped.

use rpma_core::CoreError;

use super::{Cx, icons};
use crate::jobs::RequestId;

/// State of one piece of data a screen shows.
#[derive(Debug, Default)]
pub enum Loadable<T> {
    /// Never asked for.
    #[default]
    Idle,
    /// Waiting for this request.
    Loading(RequestId),
    /// Here it is.
    Ready(T),
    /// The request failed (message already in the user's language).
    Failed(String),
}

impl<T> Loadable<T> {
    /// Takes a reply if it answers the request we wait for; returns false for a stale one.
    pub fn accept(
        &mut self,
        id: RequestId,
        result: Result<T, CoreError>,
        cx_lang: rpma_core::Lang,
    ) -> bool {
        match self {
            Self::Loading(wanted) if *wanted == id => {
                *self = match result {
                    Ok(v) => Self::Ready(v),
                    Err(e) => Self::Failed(cx_lang.error_message(&e)),
                };
                true
            }
            _ => false,
        }
    }

    /// The data, when ready.
    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(v) => Some(v),
            _ => None,
        }
    }

    /// True while a request is out.
    pub fn is_loading(&self) -> bool {
        matches!(self, Self::Loading(_))
    }

    /// Draws a spinner or an error with a retry button; returns the data when ready and true
    /// when the user asked to retry.
    pub fn ui(&self, ui: &mut egui::Ui, cx: &Cx<'_>) -> (Option<&T>, bool) {
        match self {
            Self::Ready(v) => (Some(v), false),
            Self::Idle | Self::Loading(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(egui::RichText::new(cx.tr("loading")).color(cx.tokens.muted));
                });
                (None, false)
            }
            Self::Failed(msg) => {
                let mut retry = false;
                cx.tokens.card_frame().show(ui, |ui| {
                    ui.label(
                        egui::RichText::new(format!("{} {msg}", icons::WARNING))
                            .color(cx.tokens.danger),
                    );
                    retry = ui
                        .button(format!("{} {}", icons::ARROW_CLOCKWISE, cx.tr("retry")))
                        .clicked();
                });
                (None, retry)
            }
        }
    }
}
