//! `careledger plan ...`: every change to the plan the app's Plan screen makes (outcomes,
//! funding streams with their dated changes, reviews, allocations), through the same
//! `app::Session::preview_plan` and `save_plan`, so plan.toml keeps its comments and layout,
//! a plan changed on disk meanwhile is not written over, and a change that would leave the
//! outcomes allocated more than the streams pay is shown and not saved without `--anyway`.

use std::io::Write;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{CliResult, Ctx, Failure, parse_date, pick_holder};
use crate::app::plan::{NewOutcome, NewStream, PlanChange};
use crate::core::money::Money;
use crate::core::plan::Change;
use crate::core::schedule::Schedule;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Save even though the outcomes would be allocated more than the streams pay.
    #[arg(long, global = true)]
    pub anyway: bool,
    #[command(subcommand)]
    pub command: PlanCommand,
}

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
    /// Change review N (counting from 1 in plan.toml's order): move it, or mark it done.
    Review {
        /// Which review, counting from 1 in the order plan.toml lists them.
        number: usize,
        /// Move it to this date.
        #[arg(long, value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// It has taken place.
        #[arg(long)]
        done: bool,
        /// With --done: what was agreed (replaces the review's note).
        #[arg(long, requires = "done")]
        note: Option<String>,
    },
    /// Add a review.
    NewReview {
        #[arg(long, value_parser = parse_date)]
        date: NaiveDate,
        #[arg(long)]
        note: Option<String>,
    },
    /// Add, change or remove an outcome.
    #[command(subcommand)]
    Outcome(OutcomeCommand),
    /// Add, change or remove a funding stream, or add a dated change to one.
    #[command(subcommand)]
    Stream(StreamCommand),
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

#[derive(Debug, Subcommand)]
pub enum OutcomeCommand {
    /// Add an outcome.
    Add {
        /// Its id: lower-case letters, digits and hyphens, e.g. see-friends.
        id: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        what_matters: Option<String>,
        /// A line of support (give it again for each line).
        #[arg(long)]
        support: Vec<String>,
        /// Money from a stream for the plan period: STREAM=AMOUNT (again for each stream).
        #[arg(long, value_name = "STREAM=AMOUNT")]
        allocation: Vec<String>,
    },
    /// Change an outcome's title, what matters or support lines.
    Change {
        id: String,
        #[arg(long)]
        title: Option<String>,
        /// What matters (an empty text removes it).
        #[arg(long)]
        what_matters: Option<String>,
        /// The support lines, replacing them all (give it again for each line).
        #[arg(long, conflicts_with = "no_support")]
        support: Vec<String>,
        /// Remove every support line.
        #[arg(long)]
        no_support: bool,
    },
    /// Take an outcome out of the plan (not while entries are tagged with it).
    Remove { id: String },
}

#[derive(Debug, Subcommand)]
pub enum StreamCommand {
    /// Add a funding stream: --set KEY=VALUE for each field (funder, kind, management,
    /// schedule, amount or weekly_rate, first_payment; name, client_contribution,
    /// surplus_threshold_weeks, held_by).
    Add {
        id: String,
        #[arg(long = "set", value_name = "KEY=VALUE")]
        fields: Vec<String>,
    },
    /// Set one field of a stream (an empty VALUE removes an optional field).
    Set {
        id: String,
        key: String,
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Add a dated change: from a date, a new amount, weekly rate, schedule or client
    /// contribution; or one-off money (a top-up, a reduction, a suspension, a restart).
    Change {
        id: String,
        #[arg(long, value_parser = parse_date)]
        from: NaiveDate,
        #[arg(long)]
        amount: Option<String>,
        #[arg(long)]
        weekly_rate: Option<String>,
        /// 4-weekly, monthly, quarterly, yearly or one-off.
        #[arg(long)]
        schedule: Option<String>,
        #[arg(long)]
        client_contribution: Option<String>,
        /// One extra payment of this much on --from.
        #[arg(long)]
        top_up: Option<String>,
        /// This much less on the first payment on or after --from.
        #[arg(long)]
        reduction: Option<String>,
        /// No payments from --from.
        #[arg(long)]
        suspend: bool,
        /// Payments start again on --from.
        #[arg(long, conflicts_with = "suspend")]
        restart: bool,
        #[arg(long)]
        note: Option<String>,
    },
    /// Take a stream out of the plan (not while the journal or an allocation uses it).
    Remove { id: String },
}

fn money(flag: &str, text: &str) -> Result<Money, Failure> {
    Money::parse(text).map_err(|e| Failure::new(format!("{flag} {text}: {e}; nothing was written")))
}

fn opt_money(flag: &str, text: Option<String>) -> Result<Option<Money>, Failure> {
    text.map(|t| money(flag, &t)).transpose()
}

fn key_value(text: &str) -> Result<(String, String), Failure> {
    text.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .ok_or_else(|| {
            Failure::new(format!(
                "\"{text}\": write it as KEY=VALUE, e.g. amount=1760.00; nothing was written"
            ))
        })
}

pub fn run(ctx: &Ctx, args: PlanArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let change = match args.command {
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
            let amount = money("--amount", &amount)?;
            PlanChange::Allocation {
                outcome,
                stream,
                amount,
            }
        }
        PlanCommand::Review {
            number,
            date,
            done,
            note,
        } => {
            let count = files.plan.plan.reviews.len();
            if number == 0 || number > count {
                return Err(Failure::new(format!(
                    "the plan has {count} review{}; give a number from 1 to {count}; nothing was written",
                    if count == 1 { "" } else { "s" }
                )));
            }
            match (date, done) {
                (Some(date), false) => PlanChange::ReviewDate {
                    index: number - 1,
                    date,
                },
                (None, true) => PlanChange::ReviewDone {
                    index: number - 1,
                    note,
                },
                _ => {
                    return Err(Failure::new(
                        "say what changes: --date DATE to move the review, or --done (with --note) once it has taken place; nothing was written",
                    ));
                }
            }
        }
        PlanCommand::NewReview { date, note } => PlanChange::AddReview { date, note },
        PlanCommand::Outcome(OutcomeCommand::Add {
            id,
            title,
            what_matters,
            support,
            allocation,
        }) => {
            let mut alloc = Vec::new();
            for a in &allocation {
                let (s, v) = key_value(a)?;
                alloc.push((s, money("--allocation", &v)?));
            }
            PlanChange::AddOutcome(NewOutcome {
                id,
                title,
                what_matters,
                support,
                allocation: alloc,
            })
        }
        PlanCommand::Outcome(OutcomeCommand::Change {
            id,
            title,
            what_matters,
            support,
            no_support,
        }) => PlanChange::ChangeOutcome {
            id,
            title,
            what_matters,
            support: if no_support {
                Some(Vec::new())
            } else if support.is_empty() {
                None
            } else {
                Some(support)
            },
        },
        PlanCommand::Outcome(OutcomeCommand::Remove { id }) => PlanChange::RemoveOutcome { id },
        PlanCommand::Stream(StreamCommand::Add { id, fields }) => {
            PlanChange::AddStream(NewStream {
                id,
                fields: fields
                    .iter()
                    .map(|f| key_value(f))
                    .collect::<Result<_, _>>()?,
            })
        }
        PlanCommand::Stream(StreamCommand::Set { id, key, value }) => {
            PlanChange::SetStreamField { id, key, value }
        }
        PlanCommand::Stream(StreamCommand::Change {
            id,
            from,
            amount,
            weekly_rate,
            schedule,
            client_contribution,
            top_up,
            reduction,
            suspend,
            restart,
            note,
        }) => {
            let schedule = schedule
                .map(|s| {
                    serde_json::from_value::<Schedule>(serde_json::Value::String(s.clone()))
                        .map_err(|_| {
                            Failure::new(format!(
                                "--schedule {s}: one of 4-weekly, monthly, quarterly, yearly, one-off; nothing was written"
                            ))
                        })
                })
                .transpose()?;
            let change = Change {
                from,
                amount: opt_money("--amount", amount)?,
                weekly_rate: opt_money("--weekly-rate", weekly_rate)?,
                schedule,
                client_contribution: opt_money("--client-contribution", client_contribution)?,
                top_up: opt_money("--top-up", top_up)?,
                reduction: opt_money("--reduction", reduction)?,
                suspend,
                restart,
                note,
            };
            if !change.does_something() {
                return Err(Failure::new(
                    "say what changes from --from: --amount, --weekly-rate, --schedule, --client-contribution, --top-up, --reduction, --suspend or --restart; nothing was written",
                ));
            }
            PlanChange::AddStreamChange { id, change }
        }
        PlanCommand::Stream(StreamCommand::Remove { id }) => PlanChange::RemoveStream { id },
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
    let preview = session.preview_plan(&files, &change)?;
    if !preview.new_warnings.is_empty() && !args.anyway {
        return Err(Failure::new(format!(
            "{}. Nothing was written; to save it anyway, give --anyway",
            preview.new_warnings.join("; ")
        )));
    }
    let warnings = preview.new_warnings.clone();
    session.save_plan(&files, preview)?;
    writeln!(out, "{}", change.saved_sentence())?;
    for w in warnings {
        writeln!(out, "Warning: {w}.")?;
    }
    Ok(())
}
