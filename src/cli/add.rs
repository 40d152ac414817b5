//! `careledger add`: record one payment out (or, with --money-in, money received: the
//! funder's payment, the holder's contribution, a refund or other income).

use std::io::{self, IsTerminal, Write};

use chrono::NaiveDate;
use clap::Args;

use super::prompt::Prompter;
use super::{CliResult, Ctx, Failure, parse_date, pick_holder};
use crate::app::AppError;
use crate::core::accounts;
use crate::core::journal::NewPosting;
use crate::core::money::Money;
use crate::core::payment::{Direction, Draft, Field, FieldError, SplitLine};
use crate::core::plan::Plan;
use crate::core::plan_year::DateProblem;
use crate::core::printable::{control_char, refusal};

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
    /// Expense category, the last part of the expenses account (default: the payee's usual
    /// category from earlier entries, else the outcome id).
    #[arg(long)]
    pub category: Option<String>,
    /// One line of a split payment, OUTCOME:AMOUNT[:CATEGORY]; repeat for each line. The
    /// lines must add up to --amount (which may then be left out).
    #[arg(long, value_parser = SplitLine::parse, conflicts_with_all = ["outcome", "category", "money_in"])]
    pub split: Vec<SplitLine>,
    /// Record money received into the stream instead of money spent.
    #[arg(long)]
    pub money_in: bool,
    /// With --money-in, what the money is: the funder's payment (the default), the holder's
    /// own contribution, a refund of spending on --outcome, or other income (interest, a
    /// one-off grant).
    #[arg(long, requires = "money_in", value_parser = ["funder", "contribution", "refund", "other"])]
    pub kind: Option<String>,
    /// With --money-in: the holder's own contribution (the same as --kind contribution).
    #[arg(long, requires = "money_in", conflicts_with = "kind")]
    pub contribution: bool,
    /// Record it even though its date is outside every plan year.
    #[arg(long)]
    pub outside_plan: bool,
}

impl AddArgs {
    /// What the flags say is being recorded: money out, or a kind of money in.
    pub fn direction(&self) -> Direction {
        if !self.money_in {
            Direction::Out
        } else if self.contribution {
            Direction::Contribution
        } else {
            self.kind
                .as_deref()
                .and_then(Direction::from_kind_word)
                .unwrap_or(Direction::In)
        }
    }
}

pub fn run(ctx: &Ctx, mut args: AddArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let plan = &files.plan.plan;
    if io::stdin().is_terminal() {
        let stdin = io::stdin().lock();
        let mut p = Prompter::new(stdin, out);
        fill_in(&mut p, plan, ctx.today, &mut args)
            .map_err(|e| Failure::new(format!("stopped: {e}")))?;
    }
    let draft = draft(plan, ctx.today, &args)?;
    // A date outside every plan year (but near one) may be meant: say how to record it.
    let outside = args.date.is_some_and(|d| {
        files
            .plan_years()
            .date_problem(d, false)
            .is_some_and(|p| matches!(p, DateProblem::Outside(_)))
    });
    let saved = session
        .record_with(&files, &draft, args.outside_plan)
        .map_err(|e| match e {
            AppError::Fields(errors) if outside => {
                let f = flag_errors(&errors);
                Failure::new(format!(
                    "{} To record it anyway, give --outside-plan.",
                    f.message
                ))
            }
            AppError::Fields(errors) => flag_errors(&errors),
            e => e.into(),
        })?;
    let Some(tx) = saved.written else {
        return Ok(());
    };
    let spending: Vec<&NewPosting> = tx
        .postings
        .iter()
        .filter(|p| accounts::is_expense(&p.account))
        .collect();
    let amount = match spending.as_slice() {
        [_, _, ..] => spending.iter().filter_map(|p| p.amount).sum::<Money>(),
        _ => tx
            .postings
            .iter()
            .find_map(|p| p.amount)
            .unwrap_or_default(),
    };
    writeln!(
        out,
        "Added to {}'s journal: {} {} {}.",
        plan.holder.name,
        tx.date.format("%Y-%m-%d"),
        tx.payee,
        amount.abs()
    )?;
    if spending.len() > 1 {
        for p in &spending {
            let outcome = p
                .tags
                .iter()
                .find(|(n, _)| n == "outcome")
                .map_or("no outcome", |(_, v)| v.as_str());
            writeln!(
                out,
                "  {} for {outcome}, category {}",
                p.amount.unwrap_or_default(),
                accounts::category_of(&p.account).unwrap_or_default()
            )?;
        }
    } else if let Some(c) = spending
        .first()
        .and_then(|p| accounts::category_of(&p.account))
    {
        writeln!(out, "Category: {c}.")?;
    }
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
    if a.amount.is_none() && a.split.is_empty() {
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
    if a.direction().has_outcome()
        && a.outcome.is_none()
        && a.split.is_empty()
        && !plan.outcomes.is_empty()
    {
        a.outcome = Some(p.choose_outcome(plan)?);
    }
    if !a.money_in && a.receipt.is_none() {
        a.receipt = Some(p.ask("Receipt or invoice reference (Enter for none)", Some(""))?)
            .filter(|r| !r.is_empty());
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

/// The payment the flags (and answers) describe; the plan's rules are checked when it is
/// recorded.
fn draft(plan: &Plan, today: NaiveDate, a: &AddArgs) -> Result<Draft, Failure> {
    let missing: Vec<&str> = [
        ("--payee", a.payee.is_none()),
        ("--amount", a.amount.is_none() && a.split.is_empty()),
        (
            "--outcome",
            a.direction().has_outcome()
                && a.outcome.is_none()
                && a.split.is_empty()
                && !plan.outcomes.is_empty(),
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
    check_category(a.category.as_deref())?;
    Ok(Draft {
        date: a.date.unwrap_or(today).format("%Y-%m-%d").to_string(),
        payee: a.payee.clone().unwrap_or_default(),
        amount: a.amount.clone().unwrap_or_default(),
        outcome: a.outcome.clone(),
        stream: a.stream.clone(),
        receipt: a.receipt.clone().unwrap_or_default(),
        note: a.note.clone().unwrap_or_default(),
        category: a.category.clone(),
        splits: a.split.clone(),
        direction: a.direction(),
        keep: None,
    })
}

/// The category is typed only here and in `edit` (the app's forms take it from the outcome),
/// so it is refused here when it holds a control character, as the payment's other text is
/// when the payment is built.
pub fn check_category(category: Option<&str>) -> Result<(), Failure> {
    match category.and_then(control_char) {
        Some(c) => Err(Failure::new(format!(
            "--category: {}. Nothing was written.",
            refusal("A category", c)
        ))),
        None => Ok(()),
    }
}

/// Each field's problem, named by the flag that sets it.
pub fn flag_errors(errors: &[FieldError]) -> Failure {
    let said: Vec<String> = errors
        .iter()
        .map(|e| format!("{}: {}", flag(e.field), e.message))
        .collect();
    Failure::new(format!("{} Nothing was written.", said.join(" ")))
}

pub fn flag(f: Field) -> &'static str {
    match f {
        Field::Date => "--date",
        Field::Payee => "--payee",
        Field::Amount => "--amount",
        Field::Outcome => "--outcome",
        Field::Category => "--category",
        Field::Split => "--split",
        Field::Stream => "--stream",
        Field::Receipt => "--receipt",
        Field::Note => "--note",
    }
}
