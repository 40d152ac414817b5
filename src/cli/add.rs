//! `careledger add`: record one payment out (or, with --money-in, a payment received).

use std::io::{self, IsTerminal, Write};

use chrono::NaiveDate;
use clap::Args;

use super::prompt::Prompter;
use super::{CliResult, Ctx, Failure, author, parse_date, pick_holder};
use crate::core::journal::{NewPosting, NewTransaction, Status};
use crate::core::money::Money;
use crate::core::plan::{Management, Plan};

#[derive(Debug, Args, Default)]
pub struct AddArgs {
    /// Date paid (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Who was paid (or, with --money-in, who paid).
    #[arg(long)]
    pub payee: Option<String>,
    /// How much, e.g. 12.50 or £1,200.
    #[arg(long)]
    pub amount: Option<String>,
    /// The plan outcome this spending is for (its id).
    #[arg(long)]
    pub outcome: Option<String>,
    /// The funding stream that paid (its id; optional when the plan has one stream).
    #[arg(long)]
    pub stream: Option<String>,
    /// Receipt or invoice reference.
    #[arg(long)]
    pub receipt: Option<String>,
    /// A note.
    #[arg(long)]
    pub note: Option<String>,
    /// Expense category, the last part of the expenses account (default: the outcome id).
    #[arg(long)]
    pub category: Option<String>,
    /// Record money received into the stream from its funder instead of money spent.
    #[arg(long)]
    pub money_in: bool,
    /// With --money-in: the holder's own contribution rather than the funder's payment.
    #[arg(long, requires = "money_in")]
    pub contribution: bool,
}

pub fn run(ctx: &Ctx, mut args: AddArgs, out: &mut dyn Write) -> CliResult {
    let id = pick_holder(ctx)?;
    let files = ctx.workspace.load_holder(&id)?;
    let plan = &files.plan.plan;
    let interactive = io::stdin().is_terminal();
    if interactive {
        let stdin = io::stdin().lock();
        let mut p = Prompter::new(stdin, out);
        fill_in(&mut p, plan, ctx.today, &mut args)
            .map_err(|e| Failure::new(format!("stopped: {e}")))?;
    }
    let tx = build(plan, ctx.today, &args)?;
    ctx.workspace.append_transaction(&id, &tx, &author(ctx))?;
    let amount = tx
        .postings
        .iter()
        .find_map(|p| p.amount)
        .unwrap_or_default();
    writeln!(
        out,
        "Added to {}'s journal: {} {} {}.",
        plan.holder.name,
        tx.date.format("%Y-%m-%d"),
        tx.payee,
        amount.abs()
    )?;
    Ok(())
}

/// Ask for whatever the flags left out.
fn fill_in(p: &mut Prompter, plan: &Plan, today: NaiveDate, a: &mut AddArgs) -> io::Result<()> {
    if a.date.is_none() {
        let d = today.format("%Y-%m-%d").to_string();
        a.date = Some(p.ask_valid("Date paid", Some(&d), parse_date)?);
    }
    if a.payee.is_none() {
        let q = if a.money_in {
            "Who paid"
        } else {
            "Who was paid"
        };
        a.payee = Some(p.ask_valid(q, None, |s| {
            if s.is_empty() {
                Err("Type a name.".into())
            } else {
                Ok(s.to_string())
            }
        })?);
    }
    if a.amount.is_none() {
        a.amount = Some(p.ask_valid("Amount", None, |s| check_amount(s).map(|_| s.to_string()))?);
    }
    if a.stream.is_none() && plan.streams.len() > 1 {
        let options: Vec<(String, String)> = plan
            .streams
            .iter()
            .map(|s| (s.id.clone(), s.label().to_string()))
            .collect();
        let k = p.choose("Which funding stream?", &options)?;
        a.stream = Some(options[k].0.clone());
    }
    if !a.money_in {
        if a.outcome.is_none() && !plan.outcomes.is_empty() {
            let options: Vec<(String, String)> = plan
                .outcomes
                .iter()
                .map(|o| (o.id.clone(), o.title.clone()))
                .collect();
            let k = p.choose("Which outcome is this for?", &options)?;
            a.outcome = Some(options[k].0.clone());
        }
        if a.receipt.is_none() {
            a.receipt = Some(p.ask("Receipt or invoice reference (Enter for none)", Some(""))?)
                .filter(|r| !r.is_empty());
        }
    }
    Ok(())
}

fn check_amount(s: &str) -> Result<Money, String> {
    let m = Money::parse(s).map_err(|e| format!("{e}."))?;
    if !m.is_positive() {
        return Err("The amount must be more than £0.00; type it without a minus sign.".into());
    }
    Ok(m)
}

/// The transaction the answers describe, checked against the plan.
pub fn build(plan: &Plan, today: NaiveDate, a: &AddArgs) -> Result<NewTransaction, Failure> {
    let missing: Vec<&str> = [
        ("--payee", a.payee.is_none()),
        ("--amount", a.amount.is_none()),
        (
            "--outcome",
            !a.money_in && a.outcome.is_none() && !plan.outcomes.is_empty(),
        ),
    ]
    .into_iter()
    .filter_map(|(f, m)| m.then_some(f))
    .collect();
    if !missing.is_empty() {
        return Err(Failure::new(format!(
            "missing {}; nothing was written",
            missing.join(", ")
        )));
    }
    let amount = check_amount(a.amount.as_deref().unwrap_or_default())
        .map_err(|e| Failure::new(format!("{e} Nothing was written.")))?;
    let stream = match &a.stream {
        Some(id) => plan.stream(id).ok_or_else(|| {
            let ids: Vec<&str> = plan.streams.iter().map(|s| s.id.as_str()).collect();
            Failure::new(format!(
                "the plan has no funding stream \"{id}\" (streams: {}); nothing was written",
                ids.join(", ")
            ))
        })?,
        None => match plan.streams.as_slice() {
            [only] => only,
            [] => {
                return Err(Failure::new(
                    "the plan has no funding streams yet; add one to plan.toml first",
                ));
            }
            _ => {
                let ids: Vec<&str> = plan.streams.iter().map(|s| s.id.as_str()).collect();
                return Err(Failure::new(format!(
                    "say which funding stream paid with --stream (one of: {})",
                    ids.join(", ")
                )));
            }
        },
    };
    let mut tags = Vec::new();
    let postings = if a.money_in {
        if stream.management != Management::DirectPayment {
            return Err(Failure::new(format!(
                "\"{}\" is a {}: the funder holds the money, so nothing is paid in; record only spending against it",
                stream.id,
                stream.management.describe()
            )));
        }
        let from = if a.contribution {
            "income:client-contribution".to_string()
        } else {
            stream.income_account()
        };
        tags.push(("stream".to_string(), stream.id.clone()));
        vec![
            NewPosting {
                account: stream.account(),
                amount: Some(amount),
            },
            NewPosting {
                account: from,
                amount: None,
            },
        ]
    } else {
        if let Some(o) = &a.outcome {
            if plan.outcome(o).is_none() {
                let ids: Vec<&str> = plan.outcomes.iter().map(|o| o.id.as_str()).collect();
                return Err(Failure::new(format!(
                    "the plan has no outcome \"{o}\" (outcomes: {}); nothing was written",
                    ids.join(", ")
                )));
            }
            tags.push(("outcome".to_string(), o.clone()));
        }
        tags.push(("stream".to_string(), stream.id.clone()));
        if let Some(r) = a
            .receipt
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            tags.push(("receipt".to_string(), r.to_string()));
        }
        let category = a
            .category
            .clone()
            .or_else(|| a.outcome.clone())
            .unwrap_or_else(|| "general".to_string());
        vec![
            NewPosting {
                account: format!("expenses:{category}"),
                amount: Some(amount),
            },
            NewPosting {
                account: stream.account(),
                amount: None,
            },
        ]
    };
    let tx = NewTransaction {
        date: a.date.unwrap_or(today),
        status: Status::Unmarked,
        code: None,
        payee: a.payee.clone().unwrap_or_default().trim().to_string(),
        note: a.note.clone().filter(|n| !n.trim().is_empty()),
        tags,
        postings,
    };
    let problems = tx.problems();
    if !problems.is_empty() {
        return Err(Failure::new(format!(
            "{}; nothing was written",
            problems.join("; ")
        )));
    }
    Ok(tx)
}
