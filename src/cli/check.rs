//! `careledger check`: read every file and say what is wrong, with file:line.

use std::io::Write;

use super::{CliResult, Ctx, Failure};
use crate::core::plan_year::DateProblem;
use crate::core::words::long_date;

pub fn run(ctx: &Ctx, out: &mut dyn Write) -> CliResult {
    let mut errors = Vec::new();
    if let Err(e) = ctx.workspace.settings() {
        errors.push(e.to_string());
    }
    let ids = match &ctx.holder {
        Some(h) => vec![h.clone()],
        None => ctx.workspace.holder_ids()?,
    };
    let mut transactions = 0usize;
    for id in &ids {
        match ctx.workspace.load_holder(id) {
            Err(e) => errors.push(e.to_string()),
            Ok(files) => {
                for w in &files.plan.warnings {
                    writeln!(
                        out,
                        "warning: {}:{}:{}: {}",
                        files.plan_path().display(),
                        w.line,
                        w.column,
                        w.message
                    )?;
                }
                if files.journal().text().trim().is_empty() {
                    writeln!(
                        out,
                        "warning: {}: is empty: no money in or out is recorded at all; if a sync program or a copy emptied it, get the earlier copy back",
                        files.journal_path().display()
                    )?;
                }
                // What a sync's merge kept both ways, until someone decides.
                let plan_text = crate::store::read_text(&files.plan_path())
                    .map(|(t, _)| t)
                    .unwrap_or_default();
                let texts = std::iter::once((files.plan_path(), plan_text)).chain(
                    files
                        .journals
                        .iter()
                        .zip(&files.journal_paths)
                        .map(|(j, p)| (p.clone(), j.text().to_string())),
                );
                for (path, text) in texts {
                    for line in crate::core::merge::clash_lines(&text) {
                        errors.push(format!(
                            "{}:{line}: a clash: two people changed this differently and both versions are kept; keep the right one, then delete the clash lines",
                            path.display()
                        ));
                    }
                }
                let years = files.plan_years();
                for (j, path) in files.journals.iter().zip(&files.journal_paths) {
                    transactions += j.transactions().len();
                    for tx in j.transactions() {
                        match years.date_problem(tx.date, false) {
                            None => {}
                            Some(DateProblem::Far(_)) if years.periods.len() == 1 => {
                                let period = &years.periods[0];
                                writeln!(
                                    out,
                                    "warning: {}:{}: this entry is dated {}, years away from the plan period ({} to {}), so no figure counts it; check the year",
                                    path.display(),
                                    tx.line,
                                    tx.date,
                                    long_date(period.start),
                                    long_date(period.end)
                                )?;
                            }
                            Some(p) => writeln!(
                                out,
                                "warning: {}:{}: {}",
                                path.display(),
                                tx.line,
                                p.message()
                            )?,
                        }
                    }
                    for tx in j.transactions() {
                        for link in crate::app::evidence::links_of(j, tx) {
                            let problem = match ctx.workspace.evidence_path(id, &link) {
                                None => "is not a file name inside the holder's evidence folder",
                                Some(p)
                                    if std::fs::symlink_metadata(&p).is_ok_and(|m| m.is_file()) =>
                                {
                                    continue;
                                }
                                Some(_) => "is not in the holder's evidence folder",
                            };
                            writeln!(
                                out,
                                "warning: {}:{}: the evidence file {link} {problem}; put the file back in {}, or take the link off with careledger detach",
                                path.display(),
                                tx.line,
                                ctx.workspace.evidence_dir(id).display()
                            )?;
                        }
                    }
                }
            }
        }
    }
    for e in &errors {
        writeln!(out, "error: {e}")?;
    }
    if errors.is_empty() {
        writeln!(
            out,
            "All files are in order: {}, {}.",
            crate::core::words::plural(ids.len() as i64, "holder"),
            crate::core::words::plural(transactions as i64, "transaction")
        )?;
        Ok(())
    } else {
        let first = errors[0].clone();
        Err(Failure::new(if errors.len() == 1 {
            first
        } else {
            format!("{first} (and {} more problems above)", errors.len() - 1)
        }))
    }
}
