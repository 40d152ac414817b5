//! `careledger holder new|list`.

use std::io::Write;

use chrono::NaiveDate;
use clap::Subcommand;

use super::{CliResult, Ctx, parse_date};
use crate::core::template::NewPlan;

#[derive(Debug, Subcommand)]
pub enum HolderCommand {
    /// Set up a new budget holder with a starting plan.
    New(Box<NewHolder>),
    /// List the budget holders in the workspace.
    List,
}

#[derive(Debug, clap::Args)]
pub struct NewHolder {
    /// Short id for the folder, e.g. ann-w (lower-case letters, digits, hyphens).
    pub id: String,
    /// The holder's name.
    #[arg(long)]
    pub name: String,
    /// Plan start (default: 1 April of the current council year).
    #[arg(long, value_parser = parse_date)]
    pub start: Option<NaiveDate>,
    /// Plan end (default: a year after the start, less a day).
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Who manages the money: self, representative, broker or provider.
    #[arg(long, default_value = "self")]
    pub managed_by: String,
    /// First funding stream's id, e.g. social-care (with --funder, --amount ...).
    #[arg(long)]
    pub stream: Option<String>,
    #[arg(long, requires = "stream")]
    pub funder: Option<String>,
    /// health, social-care, education or other.
    #[arg(long, requires = "stream", default_value = "social-care")]
    pub kind: String,
    /// direct-payment, notional or third-party.
    #[arg(long, requires = "stream", default_value = "direct-payment")]
    pub management: String,
    /// 4-weekly, monthly, quarterly, yearly or one-off.
    #[arg(long, requires = "stream", default_value = "4-weekly")]
    pub schedule: String,
    /// Paid each time.
    #[arg(long, requires = "stream")]
    pub amount: Option<String>,
    /// First outcome's id, e.g. stay-at-home (with --outcome-title, --allocation).
    #[arg(long)]
    pub outcome: Option<String>,
    /// The outcome in the person's words, e.g. "Stay living in my own home".
    #[arg(long, requires = "outcome")]
    pub outcome_title: Option<String>,
    /// What matters to the person about this outcome.
    #[arg(long, requires = "outcome")]
    pub what_matters: Option<String>,
    /// Money from the first stream for this outcome over the plan period.
    #[arg(long, requires_all = ["outcome", "stream"])]
    pub allocation: Option<String>,
    /// A review date.
    #[arg(long, value_parser = parse_date)]
    pub review: Option<NaiveDate>,
}

impl NewHolder {
    fn new_plan(&self) -> NewPlan {
        NewPlan {
            id: self.id.clone(),
            name: self.name.clone(),
            start: self.start,
            end: self.end,
            managed_by: self.managed_by.clone(),
            stream: self.stream.clone(),
            funder: self.funder.clone(),
            kind: self.kind.clone(),
            management: self.management.clone(),
            schedule: self.schedule.clone(),
            amount: self.amount.clone(),
            outcome: self.outcome.clone(),
            outcome_title: self.outcome_title.clone(),
            what_matters: self.what_matters.clone(),
            allocation: self.allocation.clone(),
            review: self.review,
        }
    }
}

pub fn run(ctx: &Ctx, cmd: HolderCommand, out: &mut dyn Write) -> CliResult {
    match cmd {
        HolderCommand::List => {
            let ids = ctx.workspace.holder_ids()?;
            if ids.is_empty() {
                writeln!(
                    out,
                    "No budget holders yet. Add one with: careledger holder new ID --name NAME"
                )?;
            }
            for id in ids {
                match ctx.workspace.load_holder(&id) {
                    Ok(f) => {
                        let p = &f.plan.plan;
                        writeln!(
                            out,
                            "{id}: {}, {}, plan {} to {}",
                            p.holder.name,
                            p.holding(),
                            p.period.start,
                            p.period.end
                        )?
                    }
                    Err(e) => writeln!(out, "{id}: cannot be read: {e}")?,
                }
            }
            Ok(())
        }
        HolderCommand::New(n) => {
            ctx.session()?.create_holder(&n.new_plan())?;
            writeln!(
                out,
                "Created {} for {}. Check the plan in {} and add outcomes; then record payments with: careledger --holder {} add",
                n.id,
                n.name,
                ctx.workspace
                    .holder_dir(&n.id)
                    .join(crate::store::PLAN_FILE)
                    .display(),
                n.id
            )?;
            Ok(())
        }
    }
}
