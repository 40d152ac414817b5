//! `careledger holder new|list`.

use std::io::Write;

use chrono::{Datelike, Months, NaiveDate};
use clap::Subcommand;

use super::{CliResult, Ctx, Failure, parse_date};
use crate::core::plan::{Management, StreamKind};
use crate::core::schedule::Schedule;

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
            let (plan, journal) = template(ctx.today, &n)?;
            ctx.workspace.create_holder(&n.id, &plan, &journal)?;
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

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn parse_word<T: serde::de::DeserializeOwned>(
    what: &str,
    value: &str,
    choices: &str,
) -> Result<T, Failure> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(value))
        .map_err(|_| {
            Failure::new(format!(
                "\"{value}\" is not a {what}; choose one of: {choices}"
            ))
        })
}

/// A new holder's plan.toml and ledger.journal, from the flags. The plan is checked by the
/// store before anything is written.
pub fn template(today: NaiveDate, n: &NewHolder) -> Result<(String, String), Failure> {
    let year = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    let start = n
        .start
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(today));
    let end = n.end.unwrap_or_else(|| {
        start
            .checked_add_months(Months::new(12))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start)
    });
    parse_word::<crate::core::plan::ManagedBy>(
        "way of managing money",
        &n.managed_by,
        "self, representative, broker, provider",
    )?;
    let mut plan = format!(
        "# {name}'s personal budget plan. Edit freely: careledger checks it when it reads it.\n\n\
         [holder]\nname = {qname}\nmanaged_by = {managed}\n\n\
         [period]\nstart = {start}\nend = {end}\n\n\
         [budget]\n# indicative = \"0.00\"\n# agreed = \"0.00\"\n# contingency = \"0.00\"\n\n\
         # [[reviews]]\n# date = {start}\n# note = \"Six-month review\"\n",
        name = n.name.replace('\n', " "),
        qname = q(&n.name),
        managed = q(&n.managed_by),
    );
    let mut journal = format!(
        "; {}'s personal budget: careledger journal (hledger format)\ncommodity £1,000.00\n\naccount income:client-contribution\n",
        n.name.replace('\n', " ")
    );
    if let Some(id) = &n.stream {
        parse_word::<StreamKind>(
            "kind of funding",
            &n.kind,
            "health, social-care, education, other",
        )?;
        let management: Management = parse_word(
            "way of holding money",
            &n.management,
            "direct-payment, notional, third-party",
        )?;
        parse_word::<Schedule>(
            "payment schedule",
            &n.schedule,
            "4-weekly, monthly, quarterly, yearly, one-off",
        )?;
        let amount = crate::core::money::Money::parse(n.amount.as_deref().unwrap_or("0"))
            .map_err(|e| Failure::new(e.to_string()))?;
        plan.push_str(&format!(
            "\n[[streams]]\nid = {}\nfunder = {}\nkind = {}\nmanagement = {}\nschedule = {}\namount = \"{}\"\nfirst_payment = {start}\n",
            q(id),
            q(n.funder.as_deref().unwrap_or("")),
            q(&n.kind),
            q(&n.management),
            q(&n.schedule),
            amount.plain()
        ));
        journal.push_str(&format!(
            "account assets:{}:{id}\naccount income:{id}\n",
            management.account_segment()
        ));
    }
    plan.push_str("\n# [[outcomes]]\n# id = \"stay-at-home\"\n# title = \"Stay living in my own home\"\n# what_matters = \"...\"\n# allocation = { social-care = \"0.00\" }\n");
    Ok((plan, journal))
}
