//! The Plan screen's changes beyond an allocation and a review's date: an outcome's words or
//! a stream's fields (`e` on it), a new outcome (`o`) or stream (`n`), either taken out
//! (`x`, asks first), a new review (`v`), a review marked done with what was agreed (`d`), a
//! dated change to a funding stream (`e` on its "Add a dated change" row), the next plan
//! year (`Y`) and the years before (`[`, `]`). Each form is read into
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

pub fn outcome(o: &crate::core::plan::Outcome) -> Form {
    Form::new(
        format!("Outcome \"{}\"", o.title),
        vec![
            FormField::text(K::OutcomeTitle, &o.title, "in the person's words"),
            FormField::text(
                K::WhatMatters,
                o.what_matters.as_deref().unwrap_or(""),
                "what matters to them; may be empty",
            ),
            FormField::text(
                K::Support,
                &o.support.join("; "),
                "support lines, separated by ; (may be empty)",
            ),
        ],
    )
}

fn words(list: &[&str]) -> Vec<Choice> {
    list.iter()
        .map(|w| Choice {
            id: Some(w.to_string()),
            label: w.to_string(),
        })
        .collect()
}

const KINDS: [&str; 4] = ["social-care", "health", "education", "other"];
const SCHEDULES: [&str; 5] = ["4-weekly", "monthly", "quarterly", "yearly", "one-off"];

fn word_of<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Every field of a stream but its id (which names its accounts) and how it is held.
pub fn stream(s: &crate::core::plan::FundingStream) -> Form {
    let at = |list: &[&str], w: &str| list.iter().position(|x| *x == w);
    let m = |v: Option<Money>| v.map(|m| m.plain()).unwrap_or_default();
    Form::new(
        format!("Funding stream {}", s.id),
        vec![
            FormField::text(
                K::Name,
                s.name.as_deref().unwrap_or(""),
                "its name; may be empty",
            ),
            FormField::text(K::Funder, &s.funder, "who pays it"),
            FormField::choose(
                K::Kind,
                words(&KINDS),
                at(&KINDS, &word_of(s.kind)),
                "kind of funding",
            ),
            FormField::choose(
                K::Schedule,
                words(&SCHEDULES),
                at(&SCHEDULES, &word_of(s.schedule)),
                "how often it is paid",
            ),
            FormField::text(
                K::StreamAmount,
                &m(s.amount),
                "paid each time; or a weekly rate",
            ),
            FormField::text(
                K::WeeklyRate,
                &m(s.weekly_rate),
                "monthly only: a weekly rate instead",
            ),
            FormField::text(
                K::FirstPayment,
                &s.first_payment.format("%Y-%m-%d").to_string(),
                "e.g. 2026-04-01",
            ),
            FormField::text(
                K::Contribution,
                &m(s.client_contribution),
                "paid in by the holder each time",
            ),
            FormField::text(
                K::SurplusWeeks,
                &s.surplus_threshold_weeks.to_string(),
                "weeks of payments above which a surplus may be clawed back",
            ),
            FormField::text(
                K::HeldBy,
                s.held_by.as_deref().unwrap_or(""),
                "who holds it; may be empty",
            ),
        ],
    )
}

pub fn new_stream(today: NaiveDate) -> Form {
    let held: Vec<Choice> = words(&crate::core::accounts::HOLDINGS);
    Form::new(
        "A new funding stream",
        vec![
            FormField::text(
                K::StreamId,
                "",
                "lower-case letters, digits, hyphens, e.g. nhs-phb",
            ),
            FormField::text(K::Funder, "", "who pays it, e.g. Westdale NHS"),
            FormField::choose(K::Kind, words(&KINDS), Some(0), "kind of funding"),
            FormField::choose(K::HeldAs, held, Some(0), "how the money is held"),
            FormField::choose(
                K::Schedule,
                words(&SCHEDULES),
                Some(0),
                "how often it is paid",
            ),
            FormField::text(K::StreamAmount, "", "paid each time, e.g. 1760.00"),
            FormField::text(
                K::FirstPayment,
                &today.format("%Y-%m-%d").to_string(),
                "e.g. 2026-04-01",
            ),
        ],
    )
}

/// The stream's fields that the form changes, one change each.
pub fn read_stream(
    form: &Form,
    s: &crate::core::plan::FundingStream,
) -> Result<PlanChange, Problems> {
    let m = |v: Option<Money>| v.map(|m| m.plain()).unwrap_or_default();
    let now: [(&str, K, String); 10] = [
        ("name", K::Name, s.name.clone().unwrap_or_default()),
        ("funder", K::Funder, s.funder.clone()),
        ("kind", K::Kind, word_of(s.kind)),
        ("schedule", K::Schedule, word_of(s.schedule)),
        ("amount", K::StreamAmount, m(s.amount)),
        ("weekly_rate", K::WeeklyRate, m(s.weekly_rate)),
        (
            "first_payment",
            K::FirstPayment,
            s.first_payment.format("%Y-%m-%d").to_string(),
        ),
        (
            "client_contribution",
            K::Contribution,
            m(s.client_contribution),
        ),
        (
            "surplus_threshold_weeks",
            K::SurplusWeeks,
            s.surplus_threshold_weeks.to_string(),
        ),
        ("held_by", K::HeldBy, s.held_by.clone().unwrap_or_default()),
    ];
    let mut changes = Vec::new();
    for (key, field, was) in now {
        let f = form.field(field);
        let value = f.chosen().unwrap_or_else(|| f.value().trim().to_string());
        if value != was {
            changes.push(PlanChange::SetStreamField {
                id: s.id.clone(),
                key: key.to_string(),
                value,
            });
        }
    }
    if changes.is_empty() {
        return Err(vec![(K::Funder, "Nothing was changed.".into())]);
    }
    Ok(PlanChange::Several(changes))
}

pub fn read_new_stream(form: &Form, plan: &Plan) -> Result<PlanChange, Problems> {
    let mut errors = Vec::new();
    let id = form.text(K::StreamId).unwrap_or_default();
    if !crate::core::plan::is_id(&id) {
        errors.push((
            K::StreamId,
            "Type a short id of lower-case letters, digits and hyphens, e.g. nhs-phb.".into(),
        ));
    } else if plan.stream(&id).is_some() {
        errors.push((
            K::StreamId,
            format!("The plan already has a stream \"{id}\"."),
        ));
    }
    if form.text(K::Funder).is_none() {
        errors.push((K::Funder, "Type who pays it.".into()));
    }
    if money(form, K::StreamAmount, &mut errors).is_none() && form.text(K::StreamAmount).is_none() {
        errors.push((
            K::StreamAmount,
            "Type what is paid each time, e.g. 1760.00.".into(),
        ));
    }
    date(form, K::FirstPayment, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let chosen = |k: K| form.field(k).chosen().unwrap_or_default();
    Ok(PlanChange::AddStream(crate::app::plan::NewStream {
        id,
        fields: vec![
            ("funder".into(), form.text(K::Funder).unwrap_or_default()),
            ("kind".into(), chosen(K::Kind)),
            ("management".into(), chosen(K::HeldAs)),
            ("schedule".into(), chosen(K::Schedule)),
            (
                "amount".into(),
                form.text(K::StreamAmount).unwrap_or_default(),
            ),
            (
                "first_payment".into(),
                form.text(K::FirstPayment).unwrap_or_default(),
            ),
        ],
    }))
}

pub fn new_year(next: &crate::core::plan::Period, plan: &Plan) -> Form {
    let direct: Vec<Choice> = plan
        .streams
        .iter()
        .filter(|s| s.management == crate::core::plan::Management::DirectPayment)
        .map(|s| Choice {
            id: Some(s.id.clone()),
            label: s.label().to_string(),
        })
        .collect();
    let first = (!direct.is_empty()).then_some(0);
    Form::new(
        format!("Start plan year {}", plan_year::label(next)),
        vec![
            FormField::text(
                K::PlanStart,
                &next.start.format("%Y-%m-%d").to_string(),
                "the new year's first day",
            ),
            FormField::text(
                K::Returned,
                "",
                "surplus returned to the funder, e.g. 1000.00; empty: all carried forward",
            ),
            FormField::choose(
                K::StreamId,
                direct,
                first,
                "the direct payment it comes from",
            ),
        ],
    )
}

/// The new year's start and any surplus returned, as the form says.
pub fn read_new_year(
    form: &Form,
) -> Result<(NaiveDate, Option<crate::app::plan_year::ReturnSurplus>), Problems> {
    let mut errors = Vec::new();
    let start = date(form, K::PlanStart, &mut errors);
    let amount = money(form, K::Returned, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let surplus = amount.map(|amount| crate::app::plan_year::ReturnSurplus {
        stream: form.field(K::StreamId).chosen(),
        amount,
    });
    Ok((start.unwrap_or_default(), surplus))
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
    if !crate::core::plan::is_id(&id) {
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

/// What the outcome form changes; what was left as it was is not rewritten (so its layout
/// in plan.toml stays as typed).
pub fn read_outcome(form: &Form, plan: &Plan, id: &str) -> Result<PlanChange, Problems> {
    let Some(o) = plan.outcome(id) else {
        return Err(vec![(
            K::OutcomeTitle,
            format!("The plan has no outcome \"{id}\" any more."),
        )]);
    };
    let title = form.text(K::OutcomeTitle).unwrap_or_default();
    if title.is_empty() {
        return Err(vec![(
            K::OutcomeTitle,
            "Type the outcome in the person's words.".into(),
        )]);
    }
    let what = form.text(K::WhatMatters).unwrap_or_default();
    let support: Vec<String> = form
        .text(K::Support)
        .map(|s| {
            s.split(';')
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let change = PlanChange::ChangeOutcome {
        id: id.to_string(),
        title: (title != o.title).then_some(title),
        what_matters: (what != o.what_matters.clone().unwrap_or_default()).then_some(what),
        support: (support != o.support).then_some(support),
    };
    match &change {
        PlanChange::ChangeOutcome {
            title: None,
            what_matters: None,
            support: None,
            ..
        } => Err(vec![(K::OutcomeTitle, "Nothing was changed.".into())]),
        _ => Ok(change),
    }
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
            Action::NewYear => match plan_year::next_period(&plan.period, None) {
                Ok(p) => {
                    let form = new_year(&p, plan);
                    self.overlays.push(Overlay::Form {
                        form,
                        purpose: Purpose::NewYear,
                    });
                    self.say(format!(
                        "Start plan year {}: this year's plan is kept as it is and plan.toml becomes the new year's. Ctrl-S starts it, Esc cancels.",
                        plan_year::describe(&p)
                    ));
                }
                Err(e) => self.warn(e),
            },
            Action::NewStream => {
                self.overlays.push(Overlay::Form {
                    form: new_stream(self.opts.today),
                    purpose: Purpose::NewStream,
                });
                self.say(
                    "A new funding stream: 7 fields. Ctrl-S saves, Esc cancels. Stream id: empty.",
                );
            }
            Action::RemoveFromPlan => {
                let rows = super::screens::plan::rows(h, &self.opts);
                let (change, what) = match rows.get(h.plan_sel).and_then(|r| r.target.clone()) {
                    Some(super::screens::Target::Outcome(id)) => {
                        let title = plan.outcome(&id).map_or(id.clone(), |o| o.title.clone());
                        (
                            PlanChange::RemoveOutcome { id },
                            format!("the outcome \"{title}\""),
                        )
                    }
                    Some(super::screens::Target::Stream(id)) => {
                        let what = format!("the funding stream {id}");
                        (PlanChange::RemoveStream { id }, what)
                    }
                    _ => {
                        self.say("Move to an outcome or a funding stream, then press x to take it out of the plan.");
                        return None;
                    }
                };
                self.ask_plan(
                    format!("Take {what} out of the plan? Press y to take it out, n to keep it."),
                    Pending::PlanChange(change),
                );
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

    /// `e` on an outcome: its words.
    pub(super) fn open_outcome_form(&mut self, id: String) {
        let Some(o) = self
            .open
            .as_ref()
            .and_then(|h| h.files.plan.plan.outcome(&id).cloned())
        else {
            return;
        };
        self.overlays.push(Overlay::Form {
            form: outcome(&o),
            purpose: Purpose::Outcome { id },
        });
        self.say(format!(
            "Change the outcome \"{}\": its title, what matters and support lines. Ctrl-S saves, Esc cancels.",
            o.title
        ));
    }

    /// `e` on a funding stream: its fields.
    pub(super) fn open_stream_form(&mut self, id: String) {
        let Some(s) = self
            .open
            .as_ref()
            .and_then(|h| h.files.plan.plan.stream(&id).cloned())
        else {
            return;
        };
        self.overlays.push(Overlay::Form {
            form: stream(&s),
            purpose: Purpose::Stream { id },
        });
        self.say(format!(
            "Change the funding stream {}: 10 fields. Ctrl-S saves, Esc cancels.",
            s.label()
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
            Purpose::Outcome { id } => read_outcome(form, plan, id),
            Purpose::Stream { id } => match plan.stream(id) {
                Some(s) => read_stream(form, s),
                None => Err(vec![(
                    K::Funder,
                    format!("The plan has no stream \"{id}\" any more."),
                )]),
            },
            Purpose::NewStream => read_new_stream(form, plan),
            Purpose::NewYear => {
                return Some(
                    read_new_year(form)
                        .map(|(start, surplus)| Some(Effect::StartYear { start, surplus })),
                );
            }
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
