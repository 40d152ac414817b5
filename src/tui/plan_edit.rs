//! The Plan screen's changes beyond an allocation and a review's date: a new outcome (`o`),
//! a new review (`v`), a review marked done with what was agreed (`d`), a dated change to a
//! funding stream (`e` on the stream), and the next plan year (`Y`). Each form is read into
//! a [`PlanChange`] that the app works out first (`Session::preview_plan`): a change that
//! would leave the outcomes allocated more than the streams pay is shown as a question
//! before anything is saved.

use chrono::NaiveDate;

use super::form::{Choice, FieldKey as K, Form, FormField};
use super::forms::Problems;
use super::keys::Action;
use super::state::{Overlay, Pending, Purpose, State};
use super::update::Effect;
use crate::app::plan::{NewOutcome, PlanChange};
use crate::core::money::Money;
use crate::core::payment;
use crate::core::plan::{Change, Plan};
use crate::core::plan_year;
use crate::core::words::long_date;

// --- Forms --------------------------------------------------------------------------------

pub fn new_outcome(plan: &Plan) -> Form {
    let streams: Vec<Choice> = plan
        .streams
        .iter()
        .map(|s| Choice {
            id: Some(s.id.clone()),
            label: s.label().to_string(),
        })
        .collect();
    let first = (!streams.is_empty()).then_some(0);
    Form::new(
        "A new outcome",
        vec![
            FormField::text(
                K::OutcomeId,
                "",
                "lower-case letters, digits, hyphens, e.g. keep-garden",
            ),
            FormField::text(
                K::OutcomeTitle,
                "",
                "in the person's words, e.g. Keep my garden",
            ),
            FormField::text(K::WhatMatters, "", "what matters to them; may be empty"),
            FormField::text(
                K::Support,
                "",
                "support lines, separated by ; (may be empty)",
            ),
            FormField::choose(
                K::StreamId,
                streams,
                first,
                "the stream the money comes from",
            ),
            FormField::text(K::Allocation, "", "pounds for the plan period, e.g. 500.00"),
        ],
    )
}

pub fn new_review() -> Form {
    Form::new(
        "A new review",
        vec![
            FormField::text(K::ReviewDate, "", "e.g. 2027-01-15"),
            FormField::text(K::Note, "", "what the review is, e.g. Six-month review"),
        ],
    )
}

pub fn review_done(date: NaiveDate, note: &str) -> Form {
    Form::new(
        format!("Review of {} done", long_date(date)),
        vec![FormField::text(
            K::Note,
            note,
            "what was agreed; replaces the review's note",
        )],
    )
}

pub fn stream_change(label: &str, today: NaiveDate) -> Form {
    Form::new(
        format!("A dated change to {label}"),
        vec![
            FormField::text(
                K::From,
                &today.format("%Y-%m-%d").to_string(),
                "payments dated on or after this day",
            ),
            FormField::text(
                K::StreamAmount,
                "",
                "the new amount paid each time; empty: no change",
            ),
            FormField::text(
                K::Contribution,
                "",
                "the holder's new contribution each time; empty: no change",
            ),
            FormField::text(K::TopUp, "", "a one-off payment on that day; empty: none"),
            FormField::text(K::Note, "", "why, e.g. Reassessed after the October review"),
        ],
    )
}

fn money(form: &Form, key: K, errors: &mut Problems) -> Option<Money> {
    let v = form.text(key)?;
    match Money::parse(&v) {
        Ok(m) if !m.is_negative() => Some(m),
        Ok(_) => {
            errors.push((key, "Amounts in a plan are never below £0.00.".into()));
            None
        }
        Err(e) => {
            errors.push((key, format!("{e}. Type it as 1900.00.")));
            None
        }
    }
}

fn date(form: &Form, key: K, errors: &mut Problems) -> Option<NaiveDate> {
    let v = form.text(key).unwrap_or_default();
    let d = payment::parse_date(&v);
    if d.is_none() {
        errors.push((
            key,
            format!("\"{v}\" is not a date. Type it as 2027-01-15."),
        ));
    }
    d
}

pub fn read_new_outcome(form: &Form, plan: &Plan) -> Result<PlanChange, Problems> {
    let mut errors = Vec::new();
    let id = form.text(K::OutcomeId).unwrap_or_default();
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push((
            K::OutcomeId,
            "Type a short id of lower-case letters, digits and hyphens, e.g. keep-garden.".into(),
        ));
    } else if plan.outcome(&id).is_some() {
        errors.push((
            K::OutcomeId,
            format!("The plan already has an outcome \"{id}\"."),
        ));
    }
    let title = form.text(K::OutcomeTitle).unwrap_or_default();
    if title.is_empty() {
        errors.push((
            K::OutcomeTitle,
            "Type the outcome in the person's words.".into(),
        ));
    }
    let amount = money(form, K::Allocation, &mut errors);
    let stream = form.field(K::StreamId).chosen();
    if amount.is_some() && stream.is_none() {
        errors.push((
            K::Allocation,
            "The plan has no funding stream to allocate from.".into(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PlanChange::AddOutcome(NewOutcome {
        id,
        title,
        what_matters: form.text(K::WhatMatters),
        support: form
            .text(K::Support)
            .map(|s| {
                s.split(';')
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        allocation: stream.zip(amount).into_iter().collect(),
    }))
}

pub fn read_new_review(form: &Form) -> Result<PlanChange, Problems> {
    let mut errors = Vec::new();
    let d = date(form, K::ReviewDate, &mut errors);
    match d {
        Some(date) if errors.is_empty() => Ok(PlanChange::AddReview {
            date,
            note: form.text(K::Note),
        }),
        _ => Err(errors),
    }
}

pub fn read_stream_change(form: &Form, stream: &str) -> Result<PlanChange, Problems> {
    let mut errors = Vec::new();
    let from = date(form, K::From, &mut errors);
    let change = Change {
        from: from.unwrap_or_default(),
        amount: money(form, K::StreamAmount, &mut errors),
        client_contribution: money(form, K::Contribution, &mut errors),
        top_up: money(form, K::TopUp, &mut errors),
        note: form.text(K::Note),
        ..Change::default()
    };
    if errors.is_empty() && !change.does_something() {
        errors.push((
            K::StreamAmount,
            "Type what changes: a new amount, a new contribution or a top-up.".into(),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PlanChange::AddStreamChange {
        id: stream.to_string(),
        change,
    })
}

// --- Keys and results -----------------------------------------------------------------------

impl State {
    /// The Plan screen's own keys beyond `e`.
    pub(super) fn plan_action(&mut self, action: Action) -> Option<Effect> {
        if self.needs_open_holder() {
            return None;
        }
        let h = self.open.as_ref()?;
        let plan = &h.files.plan.plan;
        match action {
            Action::NewOutcome => {
                let form = new_outcome(plan);
                self.overlays.push(Overlay::Form {
                    form,
                    purpose: Purpose::NewOutcome,
                });
                self.say("A new outcome: 6 fields. Ctrl-S saves, Esc cancels. Outcome id: empty.");
            }
            Action::NewReview => {
                self.overlays.push(Overlay::Form {
                    form: new_review(),
                    purpose: Purpose::NewReview,
                });
                self.say("A new review: its date and what it is. Ctrl-S saves, Esc cancels.");
            }
            Action::ReviewDone => {
                let rows = super::screens::plan::rows(h, &self.opts);
                match rows.get(h.plan_sel).and_then(|r| r.target.clone()) {
                    Some(super::screens::Target::Review(index)) => {
                        let r = &plan.reviews[index];
                        let form = review_done(r.date, r.note.as_deref().unwrap_or(""));
                        self.overlays.push(Overlay::Form {
                            form,
                            purpose: Purpose::ReviewDone { index },
                        });
                        self.say(
                            "Mark the review done. Note: what was agreed. Ctrl-S saves, Esc cancels.",
                        );
                    }
                    _ => self.say("Move to a review (Up and Down), then press d to mark it done."),
                }
            }
            Action::NewYear => {
                let next = plan_year::next_period(&plan.period, None);
                match next {
                    Ok(p) => self.ask_plan(
                        format!(
                            "Start plan year {}? This year's plan is kept as it is; plan.toml becomes the new year's. Press y to start it, n to leave the plan as it is.",
                            plan_year::describe(&p)
                        ),
                        Pending::NewYear,
                    ),
                    Err(e) => self.warn(e),
                }
            }
            Action::PrevYear | Action::NextYear => {
                use chrono::Datelike;
                let years = h.files.plan_years().periods;
                let at = years.iter().position(|p| *p == plan.period).unwrap_or(0);
                let to = if action == Action::PrevYear {
                    at.checked_sub(1)
                } else {
                    Some(at + 1).filter(|i| *i < years.len())
                };
                match to {
                    Some(i) => return Some(Effect::ViewYear(years[i].start.year())),
                    None => self.say(if action == Action::PrevYear {
                        format!(
                            "There is no plan year before {}.",
                            plan_year::label(&plan.period)
                        )
                    } else {
                        format!(
                            "{} is the current plan year.",
                            plan_year::label(&plan.period)
                        )
                    }),
                }
            }
            _ => {}
        }
        None
    }

    /// `e` on a funding stream: the dated-change form.
    pub(super) fn open_stream_change(&mut self, stream: String) {
        let Some(h) = &self.open else { return };
        let label = h
            .files
            .plan
            .plan
            .stream(&stream)
            .map_or(stream.clone(), |s| s.label().to_string());
        let form = stream_change(&label, self.opts.today);
        self.overlays.push(Overlay::Form {
            form,
            purpose: Purpose::StreamChange { stream },
        });
        self.say(format!(
            "A dated change to {label}: from a date, a new amount or contribution, or a top-up. Ctrl-S saves, Esc cancels."
        ));
    }

    /// Read one of this module's forms.
    pub(super) fn read_plan_form(
        &self,
        form: &Form,
        purpose: &Purpose,
    ) -> Option<Result<Option<Effect>, Problems>> {
        let plan = &self.open.as_ref()?.files.plan.plan;
        let change = match purpose {
            Purpose::NewOutcome => read_new_outcome(form, plan),
            Purpose::NewReview => read_new_review(form),
            Purpose::ReviewDone { index } => Ok(PlanChange::ReviewDone {
                index: *index,
                note: form.text(K::Note),
            }),
            Purpose::StreamChange { stream } => read_stream_change(form, stream),
            _ => return None,
        };
        Some(change.map(|c| Some(Effect::ChangePlan(c))))
    }

    /// A plan change was worked out and would bring these warnings: ask before saving it.
    pub fn plan_warned(&mut self, change: PlanChange, warnings: Vec<String>) {
        let question = format!(
            "Warning: {}. Save it anyway? Press y to save, n to go back to the form.",
            warnings.join("; ")
        );
        self.ask_plan(question, Pending::PlanAnyway(change));
    }

    /// A payment's date is outside every plan year: ask before recording it.
    pub fn outside_plan(&mut self, draft: crate::core::payment::Draft, message: String) {
        self.ask_plan(
            format!("{message}. Record it anyway? Press y to record it, n to go back to the form."),
            Pending::RecordOutsidePlan(draft),
        );
    }

    fn ask_plan(&mut self, question: String, then: Pending) {
        self.overlays.push(Overlay::Confirm {
            question: question.clone(),
            then,
        });
        self.say(question);
    }

    fn needs_open_holder(&mut self) -> bool {
        if self.open.is_none() {
            self.say("Open a person first: move to their row and press Enter.");
            return true;
        }
        false
    }
}
