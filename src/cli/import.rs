//! `careledger import FILE.csv`: add a bank statement's rows to a holder's journal, skipping
//! what is already there (`app::import` does it and says what happened).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{CliResult, Ctx, pick_holder};
use crate::app::import::ImportRequest;

#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ImportArgs {
    /// The bank statement: a CSV file, with a header row or in a layout known by its shape
    /// (HSBC's has none).
    pub file: PathBuf,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub preview: bool,
    /// The statement's layout, by name (built in: config/bank-profiles.toml; your own:
    /// [import.profiles.NAME] in careledger.toml). Found from the header when not given.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// Which funding stream's bank account the statement is for (default: the plan's only
    /// direct payment).
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
}

pub fn run(ctx: &Ctx, args: ImportArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let request = ImportRequest {
        file: args.file,
        preview: args.preview,
        profile: args.profile,
        stream: args.stream,
    };
    let imported = session.import(&files, &request)?;
    out.write_all(imported.describe().as_bytes())?;
    Ok(())
}
