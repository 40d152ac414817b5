//! The plan changes beyond an allocation and a review's date: outcomes, streams (with dated
//! changes) and reviews added, changed and removed, each made to plan.toml's text with
//! `toml_edit` so that comments and layout stay as typed. `Session::preview_plan` reads the
//! result back as a plan before anything is written.

use toml_edit::{Array, ArrayOfTables, DocumentMut, InlineTable, Item, Table, Value};

use super::plan::{NewOutcome, NewStream, PlanChange};
use super::{AppError, Result};
use crate::core::money::Money;
use crate::core::plan::Change;
use crate::core::plan_year::{set_date, set_money, set_value, toml_date};
use crate::store::HolderFiles;

fn refused(m: impl Into<String>) -> AppError {
    AppError::Refused(format!("{}; nothing was written", m.into()))
}

/// Make `change` to the plan's text.
pub(super) fn apply(doc: &mut DocumentMut, files: &HolderFiles, change: &PlanChange) -> Result<()> {
    let plan = &files.plan.plan;
    match change {
        PlanChange::Allocation { .. }
        | PlanChange::ReviewDate { .. }
        | PlanChange::PayeeRule { .. }
        | PlanChange::Several(_) => {
            unreachable!("made by preview_plan itself")
        }
        PlanChange::AddOutcome(o) => add_outcome(doc, files, o),
        PlanChange::ChangeOutcome {
            id,
            title,
            what_matters,
            support,
        } => {
            let i = outcome_index(files, id)?;
            let t = tables(doc, "outcomes")?
                .get_mut(i)
                .ok_or_else(|| refused("the outcome is not a table"))?;
            if let Some(title) = title {
                set_value(t, "title", Value::from(title.trim())).map_err(refused)?;
            }
            if let Some(w) = what_matters {
                if w.trim().is_empty() {
                    t.remove("what_matters");
                } else {
                    set_value(t, "what_matters", Value::from(w.trim())).map_err(refused)?;
                }
            }
            if let Some(lines) = support {
                if lines.is_empty() {
                    t.remove("support");
                } else {
                    let a: Array = lines.iter().map(|l| l.trim()).collect();
                    set_value(t, "support", Value::Array(a)).map_err(refused)?;
                }
            }
            Ok(())
        }
        PlanChange::RemoveOutcome { id } => {
            let i = outcome_index(files, id)?;
            let tagged = files
                .journals
                .iter()
                .flat_map(|j| j.transactions().iter().map(move |t| (j, t)))
                .filter(|(j, t)| j.tag(t, "outcome") == Some(id.as_str()))
                .count();
            if tagged > 0 {
                return Err(refused(format!(
                    "{} {} tagged with outcome \"{id}\"; give them another outcome first, or they would count as spending on an outcome the plan does not have",
                    crate::core::words::plural(tagged as i64, "entry"),
                    if tagged == 1 { "is" } else { "are" }
                )));
            }
            tables(doc, "outcomes")?.remove(i);
            Ok(())
        }
        PlanChange::AddStream(s) => add_stream(doc, files, s),
        PlanChange::SetStreamField { id, key, value } => {
            let i = stream_index(files, id)?;
            let t = tables(doc, "streams")?
                .get_mut(i)
                .ok_or_else(|| refused("the stream is not a table"))?;
            set_stream_field(t, key, value)
        }
        PlanChange::AddStreamChange { id, change } => {
            let i = stream_index(files, id)?;
            let t = tables(doc, "streams")?
                .get_mut(i)
                .ok_or_else(|| refused("the stream is not a table"))?;
            if t.get("changes").is_none() {
                t.insert("changes", Item::ArrayOfTables(ArrayOfTables::new()));
            }
            let list = t
                .get_mut("changes")
                .and_then(Item::as_array_of_tables_mut)
                .ok_or_else(|| refused("the stream's changes are not a list of tables"))?;
            list.push(change_table(change)?);
            Ok(())
        }
        PlanChange::RemoveStream { id } => {
            let i = stream_index(files, id)?;
            let s = &plan.streams[i];
            if let Some(o) = plan.outcomes.iter().find(|o| o.allocation.contains_key(id)) {
                return Err(refused(format!(
                    "outcome \"{}\" is allocated money from \"{id}\"; take that allocation out first",
                    o.id
                )));
            }
            let account = s.account();
            if files
                .journals
                .iter()
                .any(|j| j.accounts().contains(&account))
            {
                return Err(refused(format!(
                    "the journal has entries for {account}; a stream with records stays in the plan (set its amount to 0.00 or suspend it with a dated change instead)"
                )));
            }
            tables(doc, "streams")?.remove(i);
            Ok(())
        }
        PlanChange::AddReview { date, note } => {
            let mut t = Table::new();
            set_date(&mut t, "date", *date).map_err(refused)?;
            if let Some(n) = note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                t.insert("note", toml_edit::value(n));
            }
            push_table(doc, "reviews", t)
        }
        PlanChange::ReviewDone { index, note } => {
            let count = plan.reviews.len();
            if *index >= count {
                return Err(refused(format!(
                    "the plan has {}",
                    crate::core::words::plural(count as i64, "review")
                )));
            }
            let t = tables(doc, "reviews")?
                .get_mut(*index)
                .ok_or_else(|| refused("the review is not a table"))?;
            set_value(t, "done", Value::from(true)).map_err(refused)?;
            if let Some(n) = note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                set_value(t, "note", Value::from(n)).map_err(refused)?;
            }
            Ok(())
        }
    }
}

fn tables<'a>(doc: &'a mut DocumentMut, key: &str) -> Result<&'a mut ArrayOfTables> {
    doc.get_mut(key)
        .and_then(Item::as_array_of_tables_mut)
        .ok_or_else(|| {
            refused(format!(
                "plan.toml's {key} are not written as [[{key}]] tables"
            ))
        })
}

/// Add `t` after the last `[[key]]` table (or as the first).
fn push_table(doc: &mut DocumentMut, key: &str, t: Table) -> Result<()> {
    if doc.get(key).is_none() {
        doc.insert(key, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    tables(doc, key)?.push(t);
    Ok(())
}

fn outcome_index(files: &HolderFiles, id: &str) -> Result<usize> {
    let plan = &files.plan.plan;
    plan.outcomes
        .iter()
        .position(|o| o.id == id)
        .ok_or_else(|| {
            refused(format!(
                "the plan has no outcome \"{id}\" (outcomes: {})",
                plan.outcomes
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
}

fn stream_index(files: &HolderFiles, id: &str) -> Result<usize> {
    let plan = &files.plan.plan;
    plan.streams.iter().position(|s| s.id == id).ok_or_else(|| {
        refused(format!(
            "the plan has no funding stream \"{id}\" (streams: {})",
            plan.streams
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

fn add_outcome(doc: &mut DocumentMut, files: &HolderFiles, o: &NewOutcome) -> Result<()> {
    if files.plan.plan.outcome(&o.id).is_some() {
        return Err(refused(format!(
            "the plan already has an outcome \"{}\"; give the new one its own id",
            o.id
        )));
    }
    if o.title.trim().is_empty() {
        return Err(refused(
            "an outcome needs a title, e.g. \"Stay living in my own home\"",
        ));
    }
    let mut t = Table::new();
    t.insert("id", toml_edit::value(o.id.trim()));
    t.insert("title", toml_edit::value(o.title.trim()));
    if let Some(w) = o
        .what_matters
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        t.insert("what_matters", toml_edit::value(w));
    }
    let support: Array = o
        .support
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if !support.is_empty() {
        t.insert("support", toml_edit::value(support));
    }
    let mut alloc = InlineTable::new();
    for (stream, amount) in &o.allocation {
        if amount.is_negative() {
            return Err(refused("an allocation cannot be below £0.00"));
        }
        alloc.insert(stream, Value::from(amount.plain()));
    }
    t.insert("allocation", toml_edit::value(alloc));
    push_table(doc, "outcomes", t)
}

/// The keys a stream has, and how each is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Money,
    Date,
    Weeks,
}

const STREAM_KEYS: [(&str, Kind, bool); 12] = [
    // key, how it is written, whether it may be left out
    ("name", Kind::Text, true),
    ("funder", Kind::Text, false),
    ("kind", Kind::Text, false),
    ("management", Kind::Text, false),
    ("schedule", Kind::Text, false),
    ("amount", Kind::Money, true),
    ("weekly_rate", Kind::Money, true),
    ("first_payment", Kind::Date, false),
    ("surplus_threshold_weeks", Kind::Weeks, true),
    ("client_contribution", Kind::Money, true),
    ("held_by", Kind::Text, true),
    ("id", Kind::Text, false),
];

fn set_stream_field(t: &mut Table, key: &str, value: &str) -> Result<()> {
    let Some(&(_, kind, optional)) = STREAM_KEYS.iter().find(|(k, _, _)| *k == key) else {
        return Err(refused(format!(
            "a stream has no field \"{key}\" (fields: {})",
            STREAM_KEYS
                .iter()
                .filter(|(k, _, _)| *k != "id")
                .map(|(k, _, _)| *k)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    if key == "id" {
        return Err(refused(
            "a stream's id names its accounts in the journal, so it is not changed; add a new stream instead",
        ));
    }
    let value = value.trim();
    if value.is_empty() {
        if !optional {
            return Err(refused(format!("a stream's {key} cannot be left out")));
        }
        t.remove(key);
        return Ok(());
    }
    let v = typed(key, kind, value)?;
    set_value(t, key, v).map_err(refused)?;
    // A stream is paid either an amount or a weekly rate.
    match key {
        "amount" => {
            t.remove("weekly_rate");
        }
        "weekly_rate" => {
            t.remove("amount");
        }
        _ => {}
    }
    Ok(())
}

fn typed(key: &str, kind: Kind, value: &str) -> Result<Value> {
    Ok(match kind {
        Kind::Text => Value::from(value),
        Kind::Money => Value::from(
            Money::parse(value)
                .map_err(|e| refused(format!("{key} {value}: {e}")))?
                .plain(),
        ),
        Kind::Date => {
            let d = crate::core::payment::parse_date(value).ok_or_else(|| {
                refused(format!(
                    "{key} \"{value}\" is not a date; write it as 2026-04-01"
                ))
            })?;
            toml_date(d).map_err(refused)?
        }
        Kind::Weeks => Value::from(
            value
                .parse::<i64>()
                .ok()
                .filter(|w| *w >= 0)
                .ok_or_else(|| refused(format!("{key} is a whole number of weeks, e.g. 8")))?,
        ),
    })
}

fn add_stream(doc: &mut DocumentMut, files: &HolderFiles, s: &NewStream) -> Result<()> {
    if files.plan.plan.stream(&s.id).is_some() {
        return Err(refused(format!(
            "the plan already has a stream \"{}\"; give the new one its own id",
            s.id
        )));
    }
    let mut t = Table::new();
    t.insert("id", toml_edit::value(s.id.trim()));
    // In plan.toml's usual order, whatever order they were given in.
    for &(key, kind, _) in &STREAM_KEYS {
        if let Some((_, v)) = s.fields.iter().find(|(k, _)| k == key)
            && !v.trim().is_empty()
        {
            t.insert(key, Item::Value(typed(key, kind, v.trim())?));
        }
    }
    if let Some((k, _)) = s
        .fields
        .iter()
        .find(|(k, _)| !STREAM_KEYS.iter().any(|(s, _, _)| s == k) || k == "id")
    {
        return Err(refused(format!("a stream has no field \"{k}\"")));
    }
    push_table(doc, "streams", t)
}

fn change_table(c: &Change) -> Result<Table> {
    let mut t = Table::new();
    set_date(&mut t, "from", c.from).map_err(refused)?;
    for (key, m) in [
        ("amount", c.amount),
        ("weekly_rate", c.weekly_rate),
        ("client_contribution", c.client_contribution),
        ("top_up", c.top_up),
        ("reduction", c.reduction),
    ] {
        if let Some(m) = m {
            set_money(&mut t, key, m).map_err(refused)?;
        }
    }
    if let Some(s) = c.schedule {
        let word = serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        t.insert("schedule", toml_edit::value(word));
    }
    if c.suspend {
        t.insert("suspend", toml_edit::value(true));
    }
    if c.restart {
        t.insert("restart", toml_edit::value(true));
    }
    if let Some(n) = c.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        t.insert("note", toml_edit::value(n));
    }
    Ok(t)
}
