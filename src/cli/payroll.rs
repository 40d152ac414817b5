//! `careledger payroll`: record a pay day from the payslip's figures, as one entry; and
//! `careledger pay-hmrc`: record paying HMRC what pay days left owing.

use std::io::Write;

use chrono::NaiveDate;
use clap::Args;

use super::{CliResult, Ctx, parse_date, pick_holder};
use crate::core::employer::payroll::PayDay;

#[derive(Debug, Args)]
pub struct PayrollArgs {
    /// The employee paid (their id in the plan's [[employees]]).
    #[arg(long, value_name = "ID")]
    pub employee: String,
    /// The pay day (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Net pay, paid to the employee.
    #[arg(long, value_name = "AMOUNT")]
    pub net: String,
    /// Income tax (PAYE) taken from the pay, owed to HMRC.
    #[arg(long, value_name = "AMOUNT")]
    pub paye: String,
    /// The employee's National Insurance taken from the pay, owed to HMRC.
    #[arg(long, value_name = "AMOUNT")]
    pub employee_ni: String,
    /// The employer's National Insurance, owed to HMRC.
    #[arg(long, value_name = "AMOUNT")]
    pub employer_ni: String,
    /// The employer's pension contribution, paid to the pension provider.
    #[arg(long, value_name = "AMOUNT")]
    pub pension: String,
    /// The employee's own pension contribution taken from the pay, paid to the provider
    /// (default: none).
    #[arg(
        long,
        value_name = "AMOUNT",
        default_value = "",
        hide_default_value = true
    )]
    pub employee_pension: String,
    /// The payroll service's fee for this pay day (default: none).
    #[arg(
        long,
        value_name = "AMOUNT",
        default_value = "",
        hide_default_value = true
    )]
    pub fee: String,
    /// The funding stream that pays (default: the employee's).
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
    /// A note (default: "pay day").
    #[arg(long, default_value = "", hide_default_value = true)]
    pub note: String,
}

#[derive(Debug, Args)]
pub struct PayHmrcArgs {
    /// The day paid (default: today).
    #[arg(long, value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// How much was paid to HMRC.
    #[arg(long, value_name = "AMOUNT")]
    pub amount: String,
    /// The funding stream that paid (default: the plan's one direct payment).
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
}

fn day(d: Option<NaiveDate>, today: NaiveDate) -> String {
    d.unwrap_or(today).format("%Y-%m-%d").to_string()
}

pub fn run(ctx: &Ctx, a: PayrollArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let pay = PayDay {
        employee: a.employee,
        date: day(a.date, ctx.today),
        net: a.net,
        paye: a.paye,
        employee_ni: a.employee_ni,
        employer_ni: a.employer_ni,
        pension: a.pension,
        employee_pension: a.employee_pension,
        fee: a.fee,
        stream: a.stream,
        note: a.note,
    };
    let paid = session.record_payroll(&files, &pay)?;
    if let Some(tx) = &paid.saved.written {
        writeln!(
            out,
            "Added to {}'s journal: {} pay day for {}: gross pay {}; {} paid out; {} owed to HMRC (now {} in all).",
            files.plan.plan.holder.name,
            tx.date.format("%Y-%m-%d"),
            tx.payee,
            paid.totals.gross,
            paid.totals.paid_out,
            paid.totals.owed,
            paid.owed_now
        )?;
    }
    Ok(())
}

pub fn pay_hmrc(ctx: &Ctx, a: PayHmrcArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let saved = session.pay_hmrc(
        &files,
        &day(a.date, ctx.today),
        &a.amount,
        a.stream.as_deref(),
    )?;
    if let Some(tx) = &saved.written {
        writeln!(
            out,
            "Added to {}'s journal: {} HMRC {}.",
            files.plan.plan.holder.name,
            tx.date.format("%Y-%m-%d"),
            tx.postings[0].amount.unwrap_or_default()
        )?;
    }
    Ok(())
}
