//! `careledger edit ID`, `reverse ID` and `clear ID`: the app's changes to one entry, named
//! by the ID `careledger list` shows. The rules (which entry the ID names, what may be
//! changed without --force, who entered it) are the application layer's.

use std::io::Write;

use clap::Args;

use super::add::flag_errors;
use super::{CliResult, Ctx, pick_holder};
use crate::app::AppError;
use crate::app::entries::{Changes, Described};
use crate::core::journal::Status;
use crate::core::payment::SplitLine;
use crate::core::words::long_date;

#[derive(Debug, Args)]
pub struct EditArgs {
    /// The entry's ID, as `careledger list` shows it.
    pub id: String,
    /// The date paid, e.g. 2026-10-14.
    #[arg(long)]
    pub date: Option<String>,
    #[arg(long)]
    pub payee: Option<String>,
    #[arg(long)]
    pub amount: Option<String>,
    /// The outcome it was for (its id).
    #[arg(long)]
    pub outcome: Option<String>,
    /// The funding stream that paid (its id).
    #[arg(long)]
    pub stream: Option<String>,
    /// The spending category (the last part of the expenses account).
    #[arg(long)]
    pub category: Option<String>,
    /// The lines of a split payment, OUTCOME:AMOUNT[:CATEGORY], each repeated: they take
    /// the place of the entry's outcome and category (or of its lines).
    #[arg(long, value_parser = SplitLine::parse, conflicts_with_all = ["outcome", "category"])]
    pub split: Vec<SplitLine>,
    /// Receipt or invoice reference (empty to remove it).
    #[arg(long)]
    pub receipt: Option<String>,
    /// The note (empty to remove it).
    #[arg(long)]
    pub note: Option<String>,
    /// Change it even if a balance checked against the bank covers it.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ReverseArgs {
    /// The entry's ID, as `careledger list` shows it.
    pub id: String,
}

#[derive(Debug, Args)]
pub struct ClearArgs {
    /// The entry's ID, as `careledger list` shows it.
    pub id: String,
    /// Mark it pending (!) instead: the bank has it but it has not gone through.
    #[arg(long, conflicts_with = "uncleared")]
    pub pending: bool,
    /// Take the mark off: the bank has not confirmed it.
    #[arg(long)]
    pub uncleared: bool,
    /// Change it even if a balance checked against the bank covers it.
    #[arg(long)]
    pub force: bool,
}

fn said(d: &Described) -> String {
    format!(
        "{} {} {}",
        d.date.format("%Y-%m-%d"),
        d.payee,
        if d.amount.is_negative() {
            format!("paid out {}", d.amount.abs())
        } else {
            format!("paid in {}", d.amount)
        }
    )
}

pub fn edit(ctx: &Ctx, a: EditArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let (target, _) = session.lookup(&files, &a.id)?;
    super::add::check_category(a.category.as_deref())?;
    let changes = Changes {
        date: a.date,
        payee: a.payee,
        amount: a.amount,
        outcome: a.outcome.map(Some),
        stream: a.stream.map(Some),
        category: a.category,
        splits: (!a.split.is_empty()).then_some(a.split),
        receipt: a.receipt,
        note: a.note,
    };
    if changes.is_empty() {
        return Err(super::Failure::new(
            "say what to change, e.g. --amount 12.50 or --payee NAME; nothing was written",
        ));
    }
    let saved = session
        .edit(&files, &target, &changes, a.force)
        .map_err(|e| match e {
            AppError::Fields(errors) => flag_errors(&errors),
            e => e.into(),
        })?;
    let id = saved.entry.map(|i| i.to_string()).unwrap_or_default();
    writeln!(
        out,
        "Changed the entry {}: was {}; its ID is now {id}.",
        target.id,
        saved.before.as_ref().map(said).unwrap_or_default(),
    )?;
    Ok(())
}

pub fn reverse(ctx: &Ctx, a: ReverseArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let (target, _) = session.lookup(&files, &a.id)?;
    let saved = session.reverse(&files, &target)?;
    writeln!(
        out,
        "Reversed the entry {} ({}): a reversing entry {} was added, dated {}. Nothing was deleted.",
        target.id,
        saved.before.as_ref().map(said).unwrap_or_default(),
        saved.entry.map(|i| i.to_string()).unwrap_or_default(),
        long_date(session.today)
    )?;
    Ok(())
}

pub fn clear(ctx: &Ctx, a: ClearArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let (target, _) = session.lookup(&files, &a.id)?;
    let status = match (a.pending, a.uncleared) {
        (true, _) => Status::Pending,
        (_, true) => Status::Unmarked,
        _ => Status::Cleared,
    };
    let saved = session.set_status(&files, &target, status, a.force)?;
    let how = match status {
        Status::Cleared => "cleared",
        Status::Pending => "pending",
        Status::Unmarked => "not cleared",
    };
    writeln!(
        out,
        "Marked the entry {} ({}) {how}.",
        target.id,
        saved.before.as_ref().map(said).unwrap_or_default()
    )?;
    Ok(())
}
