//! The bar of actions under a step (complete, skip, approve, reject, rework, finish), the list of
//! what is still missing, and the questions they ask first (a reason, a confirmation).

use super::*;

impl InterventionScreen {
    pub(super) fn actions_ui(
        &mut self,
        ui: &mut Ui,
        cx: &mut Cx<'_>,
        iv: &Intervention,
        pos: usize,
    ) {
        let t = *cx.tokens;
        // The list shrinks as items are ticked: the core computes it from what is on screen.
        if self.missing.is_some() {
            let drafts = Drafts {
                steps: Some(&self.drafts),
                zones: Some(&self.zones),
                signatory: self.signatory.as_deref(),
            };
            let now = missing_items(&missing_now(iv, pos, drafts));
            self.missing = (!now.is_empty()).then_some(now);
        }
        if let Some(missing) = &self.missing {
            egui::Frame::new()
                .fill(t.danger_soft)
                .corner_radius(t.radius_small)
                .inner_margin(8)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(
                        RichText::new(cx.tr("iv-err-incomplete"))
                            .strong()
                            .color(t.danger),
                    );
                    egui::ScrollArea::vertical()
                        .id_salt("iv_missing")
                        .max_height(132.0)
                        .show(ui, |ui| {
                            for m in missing {
                                ui.label(
                                    RichText::new(format!("• {}", m.message(cx.lang)))
                                        .color(t.danger),
                                );
                            }
                        });
                });
        }
        let Some(state) = iv.steps.get(pos) else {
            return;
        };
        let Some(st) = iv.step_template(pos) else {
            return;
        };
        let last = pos + 1 == iv.steps.len();
        let user_can_approve = cx
            .user
            .is_some_and(|u| permissions::allows(u.role, Action::ApproveStep));
        let busy = self.move_req.is_some();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            if !iv.status.is_active() {
                if iv.status == IvStatus::Completed {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            icons::CHECK_CIRCLE,
                            cx.tr("iv-completed-banner")
                        ))
                        .size(t.body + 2.0)
                        .color(t.success),
                    );
                }
                if secondary_button(ui, &t, &cx.tr("iv-open-job")).clicked() {
                    cx.push(Command::Open(Route::Job(iv.job.id.clone())));
                }
                return;
            }
            match state.status {
                StepStatus::InProgress if iv.status == IvStatus::InProgress => {
                    ui.add_enabled_ui(!busy, |ui| {
                        if last && !st.approval {
                            if primary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::FLAG, cx.tr("iv-finish")),
                            )
                            .clicked()
                            {
                                self.send_move(cx, Move::Finish);
                            }
                        } else if primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::CHECK, cx.tr("iv-complete-step")),
                        )
                        .clicked()
                        {
                            self.send_move(cx, Move::Complete(pos));
                        }
                        if !st.mandatory
                            && !last
                            && secondary_button(
                                ui,
                                &t,
                                &format!("{} {}", icons::ARROW_RIGHT, cx.tr("iv-skip")),
                            )
                            .clicked()
                        {
                            self.reason.clear();
                            self.ask = Some(Ask::Skip(pos));
                        }
                    });
                }
                StepStatus::AwaitingApproval => {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            icons::HOURGLASS,
                            cx.tr("iv-awaiting-approval")
                        ))
                        .color(t.warning),
                    );
                    if user_can_approve {
                        if primary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::CHECK, cx.tr("iv-approve")),
                        )
                        .clicked()
                        {
                            self.send_move(cx, Move::Approve(pos));
                        }
                        if secondary_button(ui, &t, &format!("{} {}", icons::X, cx.tr("iv-reject")))
                            .clicked()
                        {
                            self.reason.clear();
                            self.ask = Some(Ask::Reject(pos));
                        }
                    }
                }
                StepStatus::Completed | StepStatus::Skipped
                    if iv.status == IvStatus::InProgress =>
                {
                    if rework_refusal(iv, pos).is_none()
                        && secondary_button(
                            ui,
                            &t,
                            &format!("{} {}", icons::ARROW_COUNTER_CLOCKWISE, cx.tr("iv-rework")),
                        )
                        .clicked()
                    {
                        self.reason.clear();
                        self.ask = Some(Ask::Rework(pos));
                    }
                    if pos != iv.current_step
                        && secondary_button(ui, &t, &cx.tr("iv-go-current")).clicked()
                    {
                        self.viewing = iv.current_step;
                    }
                }
                _ => {}
            }
            if last
                && state.status == StepStatus::Completed
                && iv.status == IvStatus::InProgress
                && primary_button(ui, &t, &format!("{} {}", icons::FLAG, cx.tr("iv-finish")))
                    .clicked()
            {
                self.send_move(cx, Move::Finish);
            }
        });
    }

    pub(super) fn ask_ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) {
        let Some(ask) = self.ask else { return };
        let t = *cx.tokens;
        let (title, body, yes, required) = match ask {
            Ask::Pause => ("iv-pause-title", "iv-pause-body", "iv-pause", false),
            Ask::Cancel => ("iv-cancel-title", "iv-cancel-body", "iv-cancel", true),
            Ask::Rework(_) => ("iv-rework-title", "iv-rework-body", "iv-rework", true),
            Ask::Skip(_) => ("iv-skip-title", "iv-skip-body", "iv-skip", true),
            Ask::Reject(_) => ("iv-reject-title", "iv-reject-body", "iv-reject", true),
        };
        let mut reason = std::mem::take(&mut self.reason);
        let answer = confirm_modal_ui(
            ui,
            cx,
            "iv_ask",
            &cx.tr(title),
            &cx.tr(body),
            &cx.tr(yes),
            |ui| {
                text_field_ui(ui, &t, &cx.tr("iv-reason"), &mut reason, false, None);
                !required || !reason.trim().is_empty()
            },
        );
        self.reason = reason;
        match answer {
            Answer::Open => {}
            Answer::No => self.ask = None,
            Answer::Yes => {
                self.ask = None;
                let r = self.reason.trim().to_owned();
                let op = match ask {
                    Ask::Pause => Move::Pause(r),
                    Ask::Cancel => Move::Cancel(r),
                    Ask::Rework(p) => Move::Rework(p, r),
                    Ask::Skip(p) => Move::Skip(p, r),
                    Ask::Reject(p) => Move::Reject(p, r),
                };
                self.send_move(cx, op);
            }
        }
    }
}
