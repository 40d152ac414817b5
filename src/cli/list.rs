//! `careledger list`: transactions, oldest first, filtered.

use std::io::Write;

use chrono::NaiveDate;
use clap::Args;

use super::{CliResult, Ctx, parse_date, pick_holder};
use crate::core::register::{self, Filter};

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
    /// Payees containing this text (any case).
    #[arg(long)]
    pub payee: Option<String>,
}

pub fn run(ctx: &Ctx, a: ListArgs, out: &mut dyn Write) -> CliResult {
    let id = pick_holder(ctx)?;
    let files = ctx.workspace.load_holder(&id)?;
    let plan = &files.plan.plan;
    let filter = Filter {
        from: a.from,
        to: a.to,
        outcome: a.outcome,
        stream: a.stream,
        payee: a.payee,
        text: None,
    };
    writeln!(
        out,
        "{:<10}  {:<1}  {:<28}  {:>12}  {:<22}  {:<16}  Receipt",
        "Date", "", "Payee", "Amount", "Outcome", "Stream"
    )?;
    let mut count = 0usize;
    for j in &files.journals {
        for tx in j.transactions() {
            let e = register::entry(plan, j, tx);
            if !filter.matches(&e) {
                continue;
            }
            count += 1;
            writeln!(
                out,
                "{}  {:<1}  {:<28}  {:>12}  {:<22}  {:<16}  {}",
                e.date.format("%Y-%m-%d"),
                e.status.mark(),
                clip(e.payee, 28),
                e.amount.to_string(),
                clip(e.outcome.unwrap_or("-"), 22),
                clip(e.stream.unwrap_or("-"), 16),
                e.receipt.unwrap_or("-")
            )?;
        }
    }
    writeln!(
        out,
        "{}.",
        crate::core::position::plural(count as i64, "entry")
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
