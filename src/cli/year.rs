//! `careledger year ...`: start the next plan year, return a surplus, list the years; and
//! the `--year` that `summary`, `list` and `report` take to look at a plan year that has ended.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{CliResult, Ctx, Failure, parse_date, pick_holder};
use crate::app::plan_year::ReturnSurplus;
use crate::core::money::Money;
use crate::core::plan_year;
use crate::core::words::long_date;
use crate::store::HolderFiles;

#[derive(Debug, Subcommand)]
pub enum YearCommand {
    /// Start the next plan year: the ending year's plan is kept as it is under
    /// years/<label>/plan.toml, and plan.toml becomes the new year's (streams and outcomes
    /// copied, reviews a year on).
    New {
        /// The new year's first day (default: the day after the current year ends).
        #[arg(long, value_parser = parse_date)]
        start: Option<NaiveDate>,
        /// Record this much of the direct payment's closing balance as returned to the
        /// funder (dated the new year's first day); the rest is the opening balance.
        #[arg(long, value_name = "AMOUNT")]
        return_surplus: Option<String>,
        /// The direct payment the surplus comes from (default: the plan's only one).
        #[arg(long, value_name = "ID", requires = "return_surplus")]
        stream: Option<String>,
    },
    /// Record part of last year's direct-payment balance as returned to the funder, dated
    /// today (when `year new --return-surplus` was not used, or the funder asks later).
    Return {
        /// How much went back, e.g. 1200.00.
        amount: String,
        /// The direct payment it came from (default: the plan's only one).
        #[arg(long, value_name = "ID")]
        stream: Option<String>,
    },
    /// List the plan years: the ended ones kept under years/, and the current one.
    List,
}

/// `--year`: which plan year to look at.
#[derive(Debug, Args, Clone, Default)]
pub struct YearArg {
    /// The plan year that starts in this year: 2026, 2026-27 or fy2026 (default: the
    /// current plan year).
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
}

/// The calendar year a plan year named as `2026`, `2026-27`, `fy2026` or `fy2026-27` starts in.
pub fn start_year_of(text: &str) -> Result<i32, Failure> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.strip_prefix("fy").unwrap_or(&t);
    let first = t.split('-').next().unwrap_or("");
    match first.parse::<i32>() {
        Ok(y) if first.len() == 4 => Ok(y),
        _ => Err(Failure::new(format!(
            "--year {text}: give the year the plan year starts in, e.g. 2026, 2026-27 or fy2026"
        ))),
    }
}

/// The holder's files for the plan year `year` names (all of them as they are when none).
pub fn select(files: HolderFiles, year: Option<&str>) -> Result<HolderFiles, Failure> {
    let Some(text) = year else { return Ok(files) };
    let y = start_year_of(text)?;
    files.for_year(y).ok_or_else(|| {
        Failure::new(format!(
            "{} has no plan year starting in {y}; the plan years are {}",
            files.id,
            files.plan_years().list()
        ))
    })
}

pub fn run(ctx: &Ctx, cmd: YearCommand, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    match cmd {
        YearCommand::List => {
            for p in &files.plan_years().periods {
                let now = if *p == files.plan.plan.period {
                    "current, plan.toml"
                } else {
                    "ended, kept in years/"
                };
                writeln!(out, "{} ({now})", plan_year::describe(p))?;
            }
            Ok(())
        }
        YearCommand::Return { amount, stream } => {
            let amount = Money::parse(&amount)
                .map_err(|e| Failure::new(format!("{amount}: {e}; nothing was written")))?;
            let plan = &files.plan.plan;
            let direct: Vec<&str> = plan
                .streams
                .iter()
                .filter(|s| s.management == crate::core::plan::Management::DirectPayment)
                .map(|s| s.id.as_str())
                .collect();
            let id = match (stream, direct.as_slice()) {
                (Some(s), _) => s,
                (None, [only]) => only.to_string(),
                (None, many) => {
                    return Err(Failure::new(format!(
                        "say which direct payment with --stream (one of: {}); nothing was written",
                        many.join(", ")
                    )));
                }
            };
            let Some(last) = files
                .plan_years()
                .periods
                .iter()
                .rev()
                .find(|p| p.end < plan.period.start)
                .copied()
            else {
                return Err(Failure::new(
                    "there is no ended plan year yet to return a surplus from; nothing was written",
                ));
            };
            let label = plan_year::label(&last);
            session.return_surplus(&files, &id, amount, &label, ctx.today)?;
            writeln!(
                out,
                "Recorded {amount} of {label}'s surplus as returned to the funder on {}.",
                long_date(ctx.today)
            )?;
            Ok(())
        }
        YearCommand::New {
            start,
            return_surplus,
            stream,
        } => {
            let surplus = match return_surplus {
                None => None,
                Some(a) => Some(ReturnSurplus {
                    stream,
                    amount: Money::parse(&a).map_err(|e| {
                        Failure::new(format!("--return-surplus {a}: {e}; nothing was written"))
                    })?,
                }),
            };
            let done = session.start_year(&files, start, surplus.as_ref())?;
            writeln!(
                out,
                "Plan year {} has started. The plan of {} is kept in {}.",
                plan_year::describe(&done.new),
                plan_year::label(&done.old),
                session.short_paths(&done.kept.display().to_string())
            )?;
            let pos = crate::core::position::compute(
                &done.files.plan.plan,
                &done.files.journals,
                &session.settings,
                done.new.start.max(ctx.today),
            );
            for (id, closing) in &done.closing {
                let s = pos.streams.iter().find(|s| s.id == *id);
                let opening = s.map_or(*closing, |s| s.opening_balance);
                match &done.returned {
                    Some((r, amount)) if r == id => writeln!(
                        out,
                        "{id}: closing balance on {} {closing}; {amount} returned to the funder; opening balance {opening}.",
                        long_date(done.old.end)
                    )?,
                    _ => writeln!(
                        out,
                        "{id}: closing balance on {} {closing}, carried forward as the opening balance.",
                        long_date(done.old.end)
                    )?,
                }
                if let Some(s) = s.filter(|s| s.received_in_advance.is_positive()) {
                    writeln!(
                        out,
                        "{id}: {} received before {} pays for the new year and counts in its budget.",
                        s.received_in_advance,
                        long_date(done.new.start)
                    )?;
                }
            }
            for c in &done.streams {
                match c.first_payment {
                    Some(d) => writeln!(
                        out,
                        "{}: the first payment for the new year is on {}.",
                        c.id,
                        long_date(d)
                    )?,
                    None => writeln!(
                        out,
                        "{}: pays nothing in the new year (set its payments with careledger plan stream).",
                        c.id
                    )?,
                }
            }
            writeln!(
                out,
                "Check the new year's allocations and reviews (careledger plan ...) once they are agreed."
            )?;
            Ok(())
        }
    }
}
