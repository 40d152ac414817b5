//! `careledger check`: read every file and say what is wrong, with file:line.

use std::io::Write;

use super::{CliResult, Ctx, Failure};

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
                transactions += files
                    .journals
                    .iter()
                    .map(|j| j.transactions().len())
                    .sum::<usize>();
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
