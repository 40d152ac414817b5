//! `careledger reconcile`: compare a stream's cleared balance with a bank statement's, mark
//! entries cleared, and record the balance once they agree (`app::reconcile` does it).

use std::io::Write;

use chrono::NaiveDate;
use clap::Args;

use super::{CliResult, Ctx, parse_date, pick_holder};
use crate::app::reconcile::ReconcileRequest;

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// Which funding stream's account (default: the plan's only direct payment).
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
    /// The statement date: entries up to and including this day are compared.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub date: NaiveDate,
    /// The balance the statement shows at the end of that day, e.g. 1234.56 or -20.00.
    #[arg(long, allow_hyphen_values = true, value_name = "AMOUNT")]
    pub balance: String,
    /// Mark these entries cleared first (their IDs, as listed).
    #[arg(long, num_args = 1.., value_name = "ID")]
    pub clear: Vec<String>,
}

pub fn run(ctx: &Ctx, args: ReconcileArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let clear = args
        .clear
        .iter()
        .map(|given| session.lookup(&files, given).map(|(t, _)| t))
        .collect::<Result<Vec<_>, _>>()?;
    let request = ReconcileRequest {
        stream: args.stream,
        date: args.date,
        balance: args.balance,
        clear,
    };
    let done = session.reconcile(&files, &request)?;
    out.write_all(done.describe().as_bytes())?;
    Ok(())
}
