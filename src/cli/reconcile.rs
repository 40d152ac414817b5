//! `careledger reconcile`: compare a stream's cleared balance with a bank statement's, mark
//! entries cleared, and record the balance once they agree. The arithmetic is in
//! `core::reconcile`; this file parses the command and says what it found in sentences.

use std::io::Write;

use chrono::NaiveDate;
use clap::Args;

use super::{CliResult, Ctx, Failure, author, parse_date, pick_holder};
use crate::core::import::statement_stream;
use crate::core::money::Money;
use crate::core::position::plural;
use crate::core::reconcile::{ReconcileOutcome, reconcile_and_record};
use crate::store::HolderFiles;

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Which funding stream's account (default: the plan's only direct payment).
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
    /// The statement date: entries up to and including this day are compared.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: NaiveDate,
    /// The balance the statement shows at the end of that day, e.g. 1234.56 or -20.00.
    #[arg(long, allow_hyphen_values = true, value_name = "AMOUNT")]
    pub balance: String,
    /// Mark these entries cleared first (their IDs as listed: the entry's line in
    /// ledger.journal).
    #[arg(long, num_args = 1.., value_name = "ID")]
    pub clear: Vec<String>,
}

pub fn run(ctx: &Ctx, args: ReconcileArgs, out: &mut dyn Write) -> CliResult {
    let id = pick_holder(ctx)?;
    let files = ctx.workspace.load_holder(&id)?;
    let plan = &files.plan.plan;
    let balance = Money::parse(&args.balance).map_err(|e| {
        Failure::new(format!(
            "--balance {}: {e}; nothing was written",
            args.balance
        ))
    })?;
    let stream = statement_stream(plan, args.stream.as_deref())
        .map_err(|e| Failure::new(format!("{e}; nothing was written")))?;
    let clear = args
        .clear
        .iter()
        .map(|c| clear_id(c))
        .collect::<Result<Vec<u32>, Failure>>()?;
    let outcome = ctx
        .workspace
        .change_journal(&id, &author(ctx), |journals| {
            reconcile_and_record(journals, stream, args.date, balance, &clear)
        })?;
    report(out, &files, stream.label(), &outcome)
}

/// An ID as listed: the line in ledger.journal, optionally written `ledger.journal:LINE`.
fn clear_id(text: &str) -> Result<u32, Failure> {
    let line = text.strip_prefix("ledger.journal:").unwrap_or(text);
    if let Ok(n) = line.trim().parse::<u32>() {
        return Ok(n);
    }
    let hint = if text.contains(':') {
        "careledger marks entries cleared in ledger.journal only; for an entry in an included file, type * after its date in that file"
    } else {
        "give the number from the ID column, e.g. --clear 412"
    };
    Err(Failure::new(format!(
        "--clear {text}: not an entry ID; {hint}. Nothing was written"
    )))
}

fn report(
    out: &mut dyn Write,
    files: &HolderFiles,
    label: &str,
    o: &ReconcileOutcome,
) -> CliResult {
    let r = &o.reconciliation;
    let id_of = |journal: usize, line: u32| {
        if journal == 0 {
            line.to_string()
        } else {
            let name = files
                .journal_paths
                .get(journal)
                .and_then(|f| f.strip_prefix(&files.dir).ok())
                .map_or_else(|| "included file".into(), |f| f.display().to_string());
            format!("{name}:{line}")
        }
    };
    writeln!(
        out,
        "Reconciling {}'s {label} ({}) with the bank statement of {}.",
        files.plan.plan.holder.name, r.account, r.date
    )?;
    if !o.cleared_lines.is_empty() {
        let ids: Vec<String> = o.cleared_lines.iter().map(u32::to_string).collect();
        writeln!(out, "Marked cleared: {}.", ids.join(", "))?;
    }
    writeln!(out, "Statement balance: {}", r.statement)?;
    writeln!(
        out,
        "Cleared balance:   {} (entries marked cleared up to {})",
        r.cleared, r.date
    )?;
    if r.difference.is_zero() {
        writeln!(out, "Difference:        none")?;
    } else {
        writeln!(
            out,
            "Difference:        {} (the statement shows {} {} than the cleared entries)",
            r.difference,
            r.difference.abs(),
            if r.difference.is_positive() {
                "more"
            } else {
                "less"
            }
        )?;
    }
    if !r.uncleared.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Not yet cleared, up to {} ({}); mark those the statement shows with --clear ID:",
            r.date,
            plural(r.uncleared.len() as i64, "entry")
        )?;
        writeln!(
            out,
            "  {:<8}  {:<10}  {:>12}  Payee",
            "ID", "Date", "Amount"
        )?;
        for u in &r.uncleared {
            writeln!(
                out,
                "  {:<8}  {}  {:>12}  {}{}",
                id_of(u.journal, u.line),
                u.date,
                u.amount.to_string(),
                u.payee,
                if u.status.mark().is_empty() {
                    ""
                } else {
                    " (pending)"
                }
            )?;
        }
    }
    if !r.difference.is_zero() {
        writeln!(out)?;
        if r.combinations.is_empty() {
            writeln!(
                out,
                "No uncleared entry, nor set of them, makes up {} exactly. {} may be missing from the records: look on the statement for it and add it (careledger add), or an amount may have been typed wrong.",
                r.difference,
                if r.difference.is_positive() {
                    format!("Money in of {}", r.difference)
                } else {
                    format!("A payment out of {}", r.difference.abs())
                }
            )?;
        } else {
            for set in &r.combinations {
                let ids: Vec<String> = set
                    .iter()
                    .map(|&k| id_of(r.uncleared[k].journal, r.uncleared[k].line))
                    .collect();
                writeln!(
                    out,
                    "Clearing {} would make up the difference exactly: --clear {}",
                    if ids.len() == 1 {
                        format!("entry {}", ids[0])
                    } else {
                        format!("entries {}", ids.join(", "))
                    },
                    ids.join(" ")
                )?;
            }
        }
    }
    writeln!(out)?;
    if o.recorded {
        writeln!(
            out,
            "The records agree with the statement. Recorded the balance check: {} on {} in {}.",
            r.statement,
            r.date,
            files.journal_path().display()
        )?;
    } else if r.can_record() && r.already_recorded {
        writeln!(
            out,
            "The records agree with the statement, and this balance check is already recorded."
        )?;
    } else if r.difference.is_zero() {
        writeln!(
            out,
            "The cleared balance agrees with the statement, but the entries listed above, dated on or before {}, are not on it (together {}). If one left the account after {}, correct its date; if it never happened, reverse it. The balance is recorded once they are sorted out.",
            r.date,
            r.total - r.cleared,
            r.date
        )?;
    } else {
        writeln!(out, "Not reconciled yet: no balance check was recorded.")?;
    }
    if o.cleared_lines.is_empty() && !o.recorded {
        writeln!(out, "Nothing was written.")?;
    }
    Ok(())
}
