//! `careledger list`: transactions, in file order, filtered; each with the ID that `edit`,
//! `reverse`, `clear` and `reconcile --clear` take.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::{CliResult, Ctx, Failure, parse_date, pick_holder};
use crate::core::entry::{EntryIds, Place};
use crate::core::journal::Status;
use crate::core::money::Money;
use crate::core::register::{self, Filter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    #[arg(long)]
    pub outcome: Option<String>,
    #[arg(long)]
    pub stream: Option<String>,
    /// Entries with spending in this category (the last part of `expenses:<category>`).
    #[arg(long)]
    pub category: Option<String>,
    /// Payees containing this text (any case).
    #[arg(long)]
    pub payee: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Only the entries of this plan year (2026, 2026-27 or fy2026), read with its plan.
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
}

/// One entry as `list --format json` gives it.
#[derive(Debug, Serialize)]
struct Listed<'a> {
    id: String,
    date: NaiveDate,
    payee: &'a str,
    /// Money in positive, money out negative, as a decimal string.
    amount: Money,
    outcome: Option<&'a str>,
    stream: Option<&'a str>,
    /// The spending category (the last part of the `expenses:` account), if any; `null`
    /// for a split entry whose lines differ.
    category: Option<&'a str>,
    /// A split entry's spending lines: outcome, category and amount of each.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    lines: Vec<register::Line<'a>>,
    /// The full ID of the entry this one reverses.
    #[serde(skip_serializing_if = "Option::is_none")]
    reverses: Option<&'a str>,
    receipt: Option<&'a str>,
    note: Option<&'a str>,
    cleared: bool,
    pending: bool,
    /// The file (relative to the person's folder) and line the entry starts on.
    file: String,
    line: u32,
}

pub fn run(ctx: &Ctx, a: ListArgs, out: &mut dyn Write) -> CliResult {
    let id = pick_holder(ctx)?;
    let all = ctx.workspace.load_holder(&id)?;
    let files = super::year::select(all, a.year.as_deref())?;
    let plan = &files.plan.plan;
    let ids = EntryIds::of(&files.journals);
    let (from, to) = match a.year {
        Some(_) => (
            Some(
                a.from
                    .map_or(plan.period.start, |f| f.max(plan.period.start)),
            ),
            Some(a.to.map_or(plan.period.end, |t| t.min(plan.period.end))),
        ),
        None => (a.from, a.to),
    };
    let filter = Filter {
        from,
        to,
        outcome: a.outcome,
        stream: a.stream,
        category: a.category,
        payee: a.payee,
        text: None,
    };
    let mut listed = Vec::new();
    for (ji, j) in files.journals.iter().enumerate() {
        let file = files.journal_paths[ji]
            .strip_prefix(&files.dir)
            .unwrap_or(&files.journal_paths[ji])
            .display()
            .to_string();
        for (ti, tx) in j.transactions().iter().enumerate() {
            let e = register::entry(plan, j, tx);
            if !filter.matches(&e) {
                continue;
            }
            listed.push(Listed {
                id: ids.shown(Place {
                    journal: ji,
                    index: ti,
                }),
                date: e.date,
                payee: e.payee,
                amount: e.amount,
                outcome: e.outcome,
                stream: e.stream,
                category: e.category,
                lines: e.lines.clone(),
                reverses: e.reverses,
                receipt: e.receipt,
                note: e.note,
                cleared: e.status == Status::Cleared,
                pending: e.status == Status::Pending,
                file: file.clone(),
                line: tx.line,
            });
        }
    }
    if a.format == ListFormat::Json {
        let text = serde_json::to_string_pretty(&listed)
            .map_err(|e| Failure::new(format!("could not make the JSON: {e}")))?;
        writeln!(out, "{}", crate::core::printable::json(&text))?;
        return Ok(());
    }
    writeln!(
        out,
        "{:<8}  {:<10}  {:<1}  {:<28}  {:>12}  {:<22}  {:<16}  Receipt",
        "ID", "Date", "", "Payee", "Amount", "Outcome", "Stream"
    )?;
    for e in &listed {
        let mark = if e.cleared {
            "*"
        } else if e.pending {
            "!"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<8}  {}  {:<1}  {:<28}  {:>12}  {:<22}  {:<16}  {}",
            e.id,
            e.date.format("%Y-%m-%d"),
            mark,
            clip(e.payee, 28),
            e.amount.to_string(),
            clip(e.outcome.unwrap_or("-"), 22),
            clip(e.stream.unwrap_or("-"), 16),
            e.receipt.unwrap_or("-")
        )?;
    }
    writeln!(
        out,
        "{}.",
        crate::core::words::plural(listed.len() as i64, "entry")
    )?;
    Ok(())
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}
