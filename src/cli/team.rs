//! `careledger share`, `join`, `sync`, `history`, `undo`, and the hidden `merge-driver`
//! that git runs: arguments into `app::team` calls, and their results into sentences.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{CliResult, Ctx, Failure};
use crate::app::Session;
use crate::core::words::plural;

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Only the changes that made, changed, marked or reversed this entry (its ID, as
    /// listed).
    #[arg(long, value_name = "ID")]
    pub entry: Option<String>,
}

/// careledger itself, which git runs to merge journals and plans.
fn exe() -> Result<PathBuf, Failure> {
    std::env::current_exe()
        .map_err(|e| Failure::new(format!("cannot tell where careledger is installed: {e}")))
}

pub fn share(ctx: &Ctx, remote: &str, out: &mut dyn Write) -> CliResult {
    if !ctx.workspace.exists() {
        return Err(Failure::new(format!(
            "there is no workspace at {} to share; start one with careledger init, or join a shared one with careledger join REMOTE DIR",
            ctx.workspace.root().display()
        )));
    }
    let s = ctx.session()?;
    let synced = s.share(remote, &exe()?)?;
    writeln!(
        out,
        "The workspace {} is shared with {remote}.",
        ctx.workspace.root().display()
    )?;
    writeln!(out, "{}", synced.describe())?;
    if synced.unreachable.is_none() {
        writeln!(out, "Others join it with: careledger join {remote} FOLDER")?;
    }
    Ok(())
}

pub fn join(remote: &str, dir: &Path, out: &mut dyn Write) -> CliResult {
    Session::join(remote, dir, &exe()?)?;
    writeln!(
        out,
        "Joined: the shared workspace is in {}, readable by you only. Use it with: careledger --data {} (or set CARELEDGER_DATA), and careledger sync to send and receive changes.",
        dir.display(),
        dir.display()
    )?;
    Ok(())
}

pub fn sync(ctx: &Ctx, out: &mut dyn Write) -> CliResult {
    let synced = ctx.session()?.sync()?;
    writeln!(out, "{}", synced.describe())?;
    Ok(())
}

pub fn history(ctx: &Ctx, args: HistoryArgs, out: &mut dyn Write) -> CliResult {
    let s = ctx.session()?;
    let changes = s.history(ctx.holder.as_deref(), args.entry.as_deref())?;
    if changes.is_empty() {
        writeln!(out, "No changes recorded yet.")?;
        return Ok(());
    }
    writeln!(out, "{:<8}  {:<16}  {:<16}  what", "ID", "when", "who")?;
    for c in &changes {
        let undone = c
            .undone_by
            .as_ref()
            .map(|by| format!(" (undone by {by})"))
            .unwrap_or_default();
        writeln!(
            out,
            "{:<8}  {:<16}  {:<16}  {}{undone}",
            c.id, c.when, c.who, c.what
        )?;
    }
    Ok(())
}

pub fn undo(ctx: &Ctx, id: Option<&str>, out: &mut dyn Write) -> CliResult {
    let s = ctx.session()?;
    let u = s.undo_change(id)?;
    writeln!(
        out,
        "Undid change {} (\"{}\") in {}{}.",
        u.id,
        u.what,
        u.file.display(),
        u.by.map(|b| format!(", as change {b}")).unwrap_or_default()
    )?;
    Ok(())
}

pub fn merge_driver(kind: &str, base: &Path, ours: &Path, theirs: &Path, name: &str) -> CliResult {
    match crate::store::git::merge_driver(kind, base, ours, theirs) {
        Ok(0) => Ok(()),
        Ok(n) => {
            eprintln!(
                "careledger: {name}: {} kept both ways, marked \"clash:\"",
                plural(n as i64, "clash")
            );
            Ok(())
        }
        Err(e) => Err(Failure::new(format!(
            "{name} could not be merged entry by entry: {e}"
        ))),
    }
}
