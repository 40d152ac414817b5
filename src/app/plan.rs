//! Changing a plan, and setting up a new person's.
//!
//! plan.toml is the person's own file: changes go through `toml_edit`, so comments and
//! layout stay as typed, and only the value changed moves. The result must read as a valid
//! plan, and a plan changed on disk since it was read is never written over.

use chrono::NaiveDate;

use super::{AppError, Result, Session};
use crate::core::money::Money;
use crate::core::template::{NewPlan, template};
use crate::store::{HolderFiles, read_text};

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
}

impl Session {
    /// Change the plan; returns the holder's files with the new plan read from the text
    /// written.
    pub fn change_plan(&self, files: &HolderFiles, change: &PlanChange) -> Result<HolderFiles> {
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
                set_allocation(&mut doc, idx, stream, *amount).map_err(refused)?;
            }
            PlanChange::ReviewDate { index, date } => {
                set_review_date(&mut doc, *index, *date).map_err(refused)?;
            }
        }
        let new = doc.to_string();
        let plan = crate::core::plan::parse(&new).map_err(|e| {
            AppError::Refused(format!(
                "the plan would not be valid: {}; nothing was written",
                e.first().message
            ))
        })?;
        let fingerprint = self
            .ws
            .replace_file(&files.id, &path, &new, &fingerprint, &self.who)?;
        Ok(files.with_plan(plan, fingerprint))
    }

    /// Set up a new person: their plan and an empty journal. Refuses an id already used.
    pub fn create_holder(&self, new: &NewPlan) -> Result<()> {
        let (plan, journal) = template(self.today, new).map_err(AppError::Refused)?;
        self.ws.create_holder(&new.id, &plan, &journal)?;
        Ok(())
    }
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
