//! Checking a stream's records against a bank statement's balance: entries named by ID are
//! marked cleared, the cleared balance compared, and the balance recorded as a check once
//! everything agrees (the arithmetic is `core::reconcile`'s). [`Reconciled::describe`] is
//! the account of it that the command line prints and the app shows.

use std::fmt::Write;

use chrono::NaiveDate;

use super::{AppError, Result, Session, Target, entries};
use crate::core::entry::{EntryIds, Place};
use crate::core::import::statement_stream;
use crate::core::money::Money;
use crate::core::reconcile::{ReconcileOutcome, reconcile_and_record};
use crate::core::words::plural;
use crate::store::HolderFiles;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileRequest {
    /// Whose bank account; the plan's only direct payment when `None`.
    pub stream: Option<String>,
    /// The statement's date: entries up to and including it are compared.
    pub date: NaiveDate,
    /// The balance the statement shows at the end of that day, as typed.
    pub balance: String,
    /// Entries to mark cleared first.
    pub clear: Vec<Target>,
}

#[derive(Debug, Clone)]
pub struct Reconciled {
    pub stream_label: String,
    pub outcome: ReconcileOutcome,
    /// The holder's files as they are now.
    pub files: HolderFiles,
    /// IDs of the entries marked cleared, as shown.
    pub cleared: Vec<String>,
    /// How to take the reconciliation back (`None` when nothing was written).
    pub undo: Option<crate::app::Undo>,
}

impl Session {
    pub fn reconcile(&self, files: &HolderFiles, request: &ReconcileRequest) -> Result<Reconciled> {
        let plan = &files.plan.plan;
        let balance = Money::parse(&request.balance).map_err(|e| {
            AppError::Refused(format!(
                "the balance {}: {e}; nothing was written",
                request.balance
            ))
        })?;
        let stream = statement_stream(plan, request.stream.as_deref())
            .map_err(|e| AppError::Refused(format!("{e}; nothing was written")))?;
        let tags = self.author_tags();
        let ((outcome, cleared), written, undo) = self.change_main(
            files,
            |journals| {
                let ids = EntryIds::of(journals);
                let mut lines = Vec::new();
                let mut cleared = Vec::new();
                for target in &request.clear {
                    let place = entries::find(journals, target)?;
                    if place.journal != 0 {
                        return Err(AppError::Refused(format!(
                            "entry {}: careledger marks entries cleared in ledger.journal only; for an entry in an included file, type * after its date in that file. Nothing was written",
                            ids.show(target.id)
                        )));
                    }
                    lines.push(journals[0].transactions()[place.index].line);
                    cleared.push(ids.show(target.id));
                }
                let (text, outcome) =
                    reconcile_and_record(journals, stream, request.date, balance, &lines, &tags)
                        .map_err(|m| AppError::Refused(format!("{m}; nothing was written")))?;
                if outcome.cleared_lines.is_empty() {
                    cleared.clear();
                }
                Ok((text, (outcome, cleared)))
            },
            |(_, cleared), _| super::team::Note {
                subject: format!(
                    "checked {} against the bank statement of {}{}",
                    stream.label(),
                    request.date,
                    if cleared.is_empty() {
                        String::new()
                    } else {
                        format!(", marking {} cleared", cleared.join(", "))
                    }
                ),
                trailers: Vec::new(),
            },
        )?;
        Ok(Reconciled {
            stream_label: stream.label().to_string(),
            outcome,
            files: files.with_journals(written),
            cleared,
            undo,
        })
    }
}

impl Reconciled {
    /// The comparison in sentences, with each uncleared entry's ID.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        let _ = self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) -> std::fmt::Result {
        let files = &self.files;
        let o = &self.outcome;
        let r = &o.reconciliation;
        // Clearing changes no ID, so the journals as written give every entry's ID.
        let ids = EntryIds::of(&files.journals);
        let id_of = |journal: usize, index: usize| ids.shown(Place { journal, index });
        writeln!(
            out,
            "Reconciling {}'s {} ({}) with the bank statement of {}.",
            files.plan.plan.holder.name, self.stream_label, r.account, r.date
        )?;
        if !self.cleared.is_empty() {
            writeln!(out, "Marked cleared: {}.", self.cleared.join(", "))?;
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
                "Not yet cleared, up to {} ({}); mark those the statement shows as cleared (careledger clear ID):",
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
                    id_of(u.journal, u.index),
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
                    let shown: Vec<String> = set
                        .iter()
                        .map(|&k| id_of(r.uncleared[k].journal, r.uncleared[k].index))
                        .collect();
                    writeln!(
                        out,
                        "Clearing {} would make up the difference exactly: --clear {}",
                        if shown.len() == 1 {
                            format!("entry {}", shown[0])
                        } else {
                            format!("entries {}", shown.join(", "))
                        },
                        shown.join(" ")
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
}
