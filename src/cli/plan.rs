//! `careledger plan ...`: the plan changes the app's Plan screen makes (an outcome's
//! allocation, a review's date), through the same `app::Session::change_plan`, so plan.toml
//! keeps its comments and layout and a plan changed on disk meanwhile is not written over.

use std::io::Write;

use chrono::NaiveDate;
use clap::Subcommand;

use super::{CliResult, Ctx, Failure, parse_date, pick_holder};
use crate::app::plan::PlanChange;
use crate::core::money::Money;
use crate::core::words::long_date;

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Set the money a funding stream gives an outcome over the plan period.
    Allocation {
        /// The outcome's id.
        #[arg(long)]
        outcome: String,
        /// The funding stream's id.
        #[arg(long)]
        stream: String,
        /// Pounds for the plan period, e.g. 6880.00.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
    },
    /// Move a review to another date.
    Review {
        /// Which review, counting from 1 in the order plan.toml lists them.
        number: usize,
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
    },
    /// Add a payee rule: statement rows whose description holds MATCH are recorded with
    /// this payee name, outcome and category.
    PayeeRule {
        /// Words of the bank's description, e.g. "tesco" (any case, punctuation ignored).
        #[arg(long = "match")]
        pattern: String,
        /// The name to record instead of the bank's description.
        #[arg(long)]
        payee: String,
        #[arg(long)]
        outcome: Option<String>,
        #[arg(long)]
        category: Option<String>,
    },
}

pub fn run(ctx: &Ctx, cmd: PlanCommand, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let change = match cmd {
        PlanCommand::Allocation {
            outcome,
            stream,
            amount,
        } => {
            if files.plan.plan.stream(&stream).is_none() {
                return Err(Failure::new(format!(
                    "the plan has no funding stream \"{stream}\"; nothing was written"
                )));
            }
            let amount = Money::parse(&amount).map_err(|e| {
                Failure::new(format!("--amount {amount}: {e}; nothing was written"))
            })?;
            PlanChange::Allocation {
                outcome,
                stream,
                amount,
            }
        }
        PlanCommand::Review { number, date } => {
            let count = files.plan.plan.reviews.len();
            if number == 0 || number > count {
                return Err(Failure::new(format!(
                    "the plan has {count} review{}; give a number from 1 to {count}; nothing was written",
                    if count == 1 { "" } else { "s" }
                )));
            }
            PlanChange::ReviewDate {
                index: number - 1,
                date,
            }
        }
        PlanCommand::PayeeRule {
            pattern,
            payee,
            outcome,
            category,
        } => PlanChange::PayeeRule {
            pattern: crate::core::import::normalise(&pattern),
            payee,
            outcome,
            category,
        },
    };
    session.change_plan(&files, &change)?;
    match change {
        PlanChange::Allocation {
            outcome,
            stream,
            amount,
        } => writeln!(
            out,
            "The allocation from {stream} to {outcome} is now {amount}."
        )?,
        PlanChange::ReviewDate { date, .. } => {
            writeln!(out, "The review date is now {}.", long_date(date))?
        }
        PlanChange::PayeeRule { pattern, payee, .. } => writeln!(
            out,
            "Added a payee rule: statement rows with \"{pattern}\" are recorded as {payee}."
        )?,
    }
    Ok(())
}
