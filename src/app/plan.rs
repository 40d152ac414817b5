//! Changing a plan, and setting up a new person's.
//!
//! plan.toml is the person's own file: changes go through `toml_edit`, so comments and
//! layout stay as typed, and only the value changed moves. The result must read as a valid
//! plan, and a plan changed on disk since it was read is never written over.

use chrono::NaiveDate;

use super::{AppError, Result, Session};
use crate::core::money::Money;
use crate::core::plan::{Change, LoadedPlan};
use crate::core::template::{NewPlan, template};
use crate::core::words::long_date;
use crate::store::{Fingerprint, HolderFiles, read_text};

/// A change to a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanChange {
    /// The money from `stream` for the outcome `outcome` over the plan period.
    Allocation {
        outcome: String,
        stream: String,
        amount: Money,
    },
    /// The date of review number `index` (in plan order).
    ReviewDate { index: usize, date: NaiveDate },
    /// A new outcome, after the others.
    AddOutcome(NewOutcome),
    /// An outcome's words: each `Some` replaces what it had (an empty text removes an
    /// optional one).
    ChangeOutcome {
        id: String,
        title: Option<String>,
        what_matters: Option<String>,
        support: Option<Vec<String>>,
    },
    /// Take an outcome out of the plan (refused while entries are tagged with it).
    RemoveOutcome { id: String },
    /// A new funding stream, after the others.
    AddStream(NewStream),
    /// Set one of a stream's fields (`amount`, `funder`, `first_payment`, ...) to the value
    /// as typed; an empty value removes an optional field.
    SetStreamField {
        id: String,
        key: String,
        value: String,
    },
    /// A dated change or one-off money under a stream (`[[streams.changes]]`).
    AddStreamChange { id: String, change: Change },
    /// Take a stream out of the plan (refused while the journal or an allocation uses it).
    RemoveStream { id: String },
    /// A new review.
    AddReview {
        date: NaiveDate,
        note: Option<String>,
    },
    /// Several changes made together, in order (a form that sets several fields).
    Several(Vec<PlanChange>),
    /// Review number `index` is done, with what was agreed.
    ReviewDone { index: usize, note: Option<String> },
    /// A payee rule added at the end of the plan's `[[payee_rules]]`, so statement rows
    /// whose description holds `pattern` are recorded this way from now on.
    PayeeRule {
        pattern: String,
        payee: String,
        outcome: Option<String>,
        category: Option<String>,
    },
}

/// An outcome to add.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewOutcome {
    pub id: String,
    pub title: String,
    pub what_matters: Option<String>,
    pub support: Vec<String>,
    pub allocation: Vec<(String, Money)>,
}

/// A funding stream to add: its fields as they would be typed in plan.toml.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewStream {
    pub id: String,
    /// Every other field, as (key, value typed): `funder`, `kind`, `management`, `schedule`,
    /// `amount`, `first_payment`, ...
    pub fields: Vec<(String, String)>,
}

impl PlanChange {
    /// The sentence a front end says once the change is saved.
    pub fn saved_sentence(&self) -> String {
        match self {
            PlanChange::Allocation {
                outcome,
                stream,
                amount,
            } => format!("The allocation from {stream} to {outcome} is now {amount}."),
            PlanChange::ReviewDate { date, .. } => {
                format!("The review date is now {}.", long_date(*date))
            }
            PlanChange::AddOutcome(o) => format!("Outcome \"{}\" was added.", o.title),
            PlanChange::ChangeOutcome { id, .. } => format!("Outcome {id} was changed."),
            PlanChange::RemoveOutcome { id } => format!("Outcome {id} was taken out of the plan."),
            PlanChange::AddStream(s) => format!("Funding stream {} was added.", s.id),
            PlanChange::SetStreamField { id, key, value } if value.trim().is_empty() => {
                format!("Stream {id}: {key} was taken out.")
            }
            PlanChange::SetStreamField { id, key, value } => {
                format!("Stream {id}: {key} is now {}.", value.trim())
            }
            PlanChange::AddStreamChange { id, change } => format!(
                "Stream {id}: from {}, {}.",
                long_date(change.from),
                change.describe()
            ),
            PlanChange::RemoveStream { id } => {
                format!("Funding stream {id} was taken out of the plan.")
            }
            PlanChange::AddReview { date, .. } => {
                format!("A review on {} was added.", long_date(*date))
            }
            PlanChange::ReviewDone { index, .. } => {
                format!("Review {} is marked done.", index + 1)
            }
            PlanChange::PayeeRule { pattern, payee, .. } => format!(
                "Added a payee rule: statement rows with \"{pattern}\" are recorded as {payee}."
            ),
            PlanChange::Several(changes) => changes
                .iter()
                .map(PlanChange::saved_sentence)
                .collect::<Vec<_>>()
                .join(" "),
        }
    }
}

/// A plan change worked out but not yet written: the new text read back as a plan, and the
/// warnings it has that the plan did not (allocations over what the streams pay, most of all).
#[derive(Debug, Clone)]
pub struct PlanPreview {
    pub text: String,
    pub plan: LoadedPlan,
    pub new_warnings: Vec<String>,
    fingerprint: Fingerprint,
    /// The change in words, for its commit in a shared workspace.
    what: String,
}

/// A change in the words of its commit message ("set the allocation for ...").
fn commit_words(change: &PlanChange) -> String {
    match change {
        PlanChange::Allocation {
            outcome,
            stream,
            amount,
        } => format!("set the allocation for {outcome} from {stream} to {amount}"),
        PlanChange::ReviewDate { index, date } => {
            format!("moved review {} to {date}", index + 1)
        }
        PlanChange::PayeeRule { pattern, payee, .. } => {
            format!("added a payee rule: \"{pattern}\" is {payee}")
        }
        other => {
            let said = other.saved_sentence();
            let said = said.trim_end_matches('.');
            let mut c = said.chars();
            c.next()
                .map(|f| f.to_lowercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

impl Session {
    /// Change the plan; returns the holder's files with the new plan read from the text
    /// written.
    pub fn change_plan(&self, files: &HolderFiles, change: &PlanChange) -> Result<HolderFiles> {
        let preview = self.preview_plan(files, change)?;
        self.save_plan(files, preview)
    }

    /// Write a change worked out by [`Session::preview_plan`] (after its warnings were shown).
    pub fn save_plan(&self, files: &HolderFiles, preview: PlanPreview) -> Result<HolderFiles> {
        let path = files.plan_path();
        let note = super::team::Note {
            subject: format!("{}: {}", files.plan.plan.holder.name, preview.what),
            trailers: vec![(crate::store::git::HOLDER_TRAILER, files.id.clone())],
        };
        let fingerprint = self.ws.replace_file_then(
            &files.id,
            &path,
            &preview.text,
            &preview.fingerprint,
            &self.who,
            || self.committed(std::slice::from_ref(&path), &note),
        )?;
        Ok(files.with_plan(preview.plan, fingerprint))
    }

    /// Work out the plan a change would leave, writing nothing: refused if the result would
    /// not be a valid plan, and with the warnings it would bring, to show before saving.
    pub fn preview_plan(&self, files: &HolderFiles, change: &PlanChange) -> Result<PlanPreview> {
        if let Some(label) = files.closed_year() {
            return Err(AppError::Refused(format!(
                "plan year {label} has ended; its plan is kept as it was, so that its monitoring returns stay as sent. Change the current year's plan; nothing was written"
            )));
        }
        let path = files.plan_path();
        let (text, fingerprint) = read_text(&path)?;
        if fingerprint != files.plan_fingerprint {
            return Err(AppError::Refused(format!(
                "{} changed on disk since it was read; read it again (g in the app), then make the change again. Nothing was written",
                path.display()
            )));
        }
        let refused = |m: &str| AppError::Refused(format!("{}: {m}", path.display()));
        let mut doc: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e| AppError::Refused(format!("{}: {e}", path.display())))?;
        let one = |doc: &mut toml_edit::DocumentMut, change: &PlanChange| -> Result<()> {
            apply_one(doc, files, change, &refused)
        };
        match change {
            PlanChange::Several(changes) => {
                for c in changes {
                    one(&mut doc, c)?;
                }
            }
            c => one(&mut doc, c)?,
        }
        let new = doc.to_string();
        let plan = crate::core::plan::parse(&new).map_err(|e| {
            AppError::Refused(format!(
                "the plan would not be valid: {}; nothing was written",
                e.first().message
            ))
        })?;
        // A warning is new when a stream is short that was not, or is shorter than it was.
        let short_before: Vec<(String, Money)> = files
            .plan
            .plan
            .shortfalls()
            .into_iter()
            .map(|(_, s, allocated, available)| (s.id.clone(), allocated - available))
            .collect();
        let new_warnings = plan
            .plan
            .shortfalls()
            .into_iter()
            .filter(|(_, s, allocated, available)| {
                short_before
                    .iter()
                    .find(|(id, _)| *id == s.id)
                    .is_none_or(|(_, was)| *allocated - *available > *was)
            })
            .map(|(_, s, allocated, available)| {
                format!(
                    "the plan is not enough: outcomes would be allocated {allocated} from \"{}\" but it pays {available} over the plan period",
                    s.id
                )
            })
            .collect();
        Ok(PlanPreview {
            text: new,
            plan,
            new_warnings,
            fingerprint,
            what: commit_words(change),
        })
    }

    /// Set up a new person: their plan and an empty journal. Refuses an id already used.
    pub fn create_holder(&self, new: &NewPlan) -> Result<()> {
        let (plan, journal) = template(self.today, new).map_err(AppError::Refused)?;
        self.ws.create_holder(&new.id, &plan, &journal)?;
        let dir = self.ws.holder_dir(&new.id);
        self.committed(
            &[
                dir.join(crate::store::PLAN_FILE),
                dir.join(crate::store::JOURNAL_FILE),
            ],
            &super::team::Note {
                subject: format!("{}: added to the workspace", new.name),
                trailers: vec![(crate::store::git::HOLDER_TRAILER, new.id.clone())],
            },
        );
        Ok(())
    }
}

/// Make one change to the plan's text.
fn apply_one(
    doc: &mut toml_edit::DocumentMut,
    files: &HolderFiles,
    change: &PlanChange,
    refused: &dyn Fn(&str) -> AppError,
) -> Result<()> {
    match change {
        PlanChange::Allocation {
            outcome,
            stream,
            amount,
        } => {
            if amount.is_negative() {
                return Err(AppError::Refused(
                    "an allocation cannot be below £0.00; nothing was written".into(),
                ));
            }
            let idx = files
                .plan
                .plan
                .outcomes
                .iter()
                .position(|o| o.id == *outcome)
                .ok_or_else(|| {
                    AppError::Refused(format!(
                        "the plan has no outcome \"{outcome}\" any more; nothing was written"
                    ))
                })?;
            set_allocation(doc, idx, stream, *amount).map_err(refused)?;
        }
        PlanChange::ReviewDate { index, date } => {
            set_review_date(doc, *index, *date).map_err(refused)?;
        }
        PlanChange::PayeeRule {
            pattern,
            payee,
            outcome,
            category,
        } => {
            if files
                .plan
                .plan
                .payee_rules
                .iter()
                .any(|r| crate::core::import::normalise(&r.pattern) == *pattern)
            {
                return Err(AppError::Refused(format!(
                    "the plan already has a payee rule for \"{pattern}\"; nothing was written"
                )));
            }
            add_payee_rule(doc, pattern, payee, outcome.as_deref(), category.as_deref())
                .map_err(refused)?;
        }
        other => super::plan_edit::apply(doc, files, other)?,
    }
    Ok(())
}

fn set_allocation(
    doc: &mut toml_edit::DocumentMut,
    outcome: usize,
    stream: &str,
    money: Money,
) -> std::result::Result<(), &'static str> {
    let table = doc["outcomes"][outcome]
        .as_table_like_mut()
        .ok_or("the outcome is not a table")?;
    if table.get("allocation").is_none() {
        table.insert(
            "allocation",
            toml_edit::value(toml_edit::InlineTable::new()),
        );
    }
    let alloc = table
        .get_mut("allocation")
        .and_then(|a| a.as_table_like_mut())
        .ok_or("allocation is not a table")?;
    let mut item = toml_edit::value(money.plain());
    // Keep the comment that followed the old figure, if any.
    if let Some(old) = alloc.get(stream).and_then(|i| i.as_value())
        && let Some(v) = item.as_value_mut()
    {
        *v.decor_mut() = old.decor().clone();
    }
    alloc.insert(stream, item);
    Ok(())
}

fn add_payee_rule(
    doc: &mut toml_edit::DocumentMut,
    pattern: &str,
    payee: &str,
    outcome: Option<&str>,
    category: Option<&str>,
) -> std::result::Result<(), &'static str> {
    let mut rule = toml_edit::Table::new();
    rule.insert("match", toml_edit::value(pattern));
    rule.insert("payee", toml_edit::value(payee));
    if let Some(o) = outcome {
        rule.insert("outcome", toml_edit::value(o));
    }
    if let Some(c) = category {
        rule.insert("category", toml_edit::value(c));
    }
    match doc.get_mut("payee_rules") {
        None => {
            let mut rules = toml_edit::ArrayOfTables::new();
            rules.push(rule);
            doc.insert("payee_rules", toml_edit::Item::ArrayOfTables(rules));
        }
        Some(item) => item
            .as_array_of_tables_mut()
            .ok_or("payee_rules is not a list of [[payee_rules]] tables")?
            .push(rule),
    }
    Ok(())
}

fn set_review_date(
    doc: &mut toml_edit::DocumentMut,
    index: usize,
    date: NaiveDate,
) -> std::result::Result<(), &'static str> {
    use chrono::Datelike;
    let dt = toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.year()).map_err(|_| "the year cannot be written")?,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    };
    let review = doc["reviews"][index]
        .as_table_like_mut()
        .ok_or("the review is not a table")?;
    let mut item = toml_edit::value(dt);
    if let Some(old) = review.get("date").and_then(|i| i.as_value())
        && let Some(v) = item.as_value_mut()
    {
        *v.decor_mut() = old.decor().clone();
    }
    review.insert("date", item);
    Ok(())
}
