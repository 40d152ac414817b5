//! `careledger attach ID FILE...`, `detach ID [FILE]` and `evidence`: receipts, invoices,
//! payslips and statements kept with the entries they are for. The rules (which entry the ID
//! names, where copies go, what is refused) are the application layer's.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::report::period_from;
use super::{CliResult, Ctx, Failure, Format, parse_date, pick_holder};
use crate::core::words::{long_date, plural};

#[derive(Debug, Args)]
pub struct AttachArgs {
    /// The entry's ID, as `careledger list` shows it.
    pub id: String,
    /// The files to copy in (a photo or PDF of a receipt, an invoice, a payslip, a statement).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DetachArgs {
    /// The entry's ID, as `careledger list` shows it.
    pub id: String,
    /// The link to take off, as `careledger evidence ID` lists it (every one when left out).
    #[arg(value_name = "FILE")]
    pub file: Option<String>,
}

#[derive(Debug, Args)]
pub struct EvidenceArgs {
    /// An entry's ID: list the files attached to it.
    #[arg(required_unless_present = "missing", conflicts_with = "missing")]
    pub id: Option<String>,
    /// List the payments with no receipt reference and no file attached, largest first.
    #[arg(long)]
    pub missing: bool,
    /// With --missing: a UK financial year or quarter (fy2026, 2026-q2); the plan period
    /// when left out.
    #[arg(long, value_name = "PERIOD", requires = "missing")]
    pub period: Option<String>,
    /// With --missing: the first day (with --to), instead of --period.
    #[arg(long, value_parser = parse_date, requires = "to", conflicts_with = "period")]
    pub from: Option<chrono::NaiveDate>,
    /// With --missing: the last day (with --from).
    #[arg(long, value_parser = parse_date, requires = "from")]
    pub to: Option<chrono::NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn attach(ctx: &Ctx, a: AttachArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let (target, _) = session.lookup(&files, &a.id)?;
    let done = session.attach(&files, &target, &a.files)?;
    writeln!(
        out,
        "Attached {} to the entry {} ({} {}); its ID is now {}. Copied into {}:",
        plural(done.links.len() as i64, "file"),
        target.id,
        done.before.date.format("%Y-%m-%d"),
        done.before.payee,
        done.entry,
        session.short_paths(&done.folder.display().to_string())
    )?;
    for (link, from) in done.links.iter().zip(&a.files) {
        writeln!(out, "  {link} (from {})", from.display())?;
    }
    Ok(())
}

pub fn detach(ctx: &Ctx, a: DetachArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    let (target, _) = session.lookup(&files, &a.id)?;
    let done = session.detach(&files, &target, a.file.as_deref())?;
    writeln!(
        out,
        "Took {} off the entry {} ({} {}); its ID is now {}. The files are still in {} until you delete them:",
        plural(done.links.len() as i64, "link"),
        target.id,
        done.before.date.format("%Y-%m-%d"),
        done.before.payee,
        done.entry,
        session.short_paths(&done.folder.display().to_string())
    )?;
    for link in &done.links {
        writeln!(out, "  {link}")?;
    }
    Ok(())
}

pub fn evidence(ctx: &Ctx, a: EvidenceArgs, out: &mut dyn Write) -> CliResult {
    let session = ctx.session()?;
    let files = session.ws.load_holder(&pick_holder(ctx)?)?;
    if let Some(id) = &a.id {
        if a.format == Format::Md {
            return Err(Failure::new(
                "an entry's files are listed as text or JSON (--format text or json); Markdown is for evidence --missing",
            ));
        }
        let (target, place) = session.lookup(&files, id)?;
        let list = session.evidence_of(&files, place);
        if a.format == Format::Json {
            let v: Vec<serde_json::Value> = list
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "link": e.link,
                        "path": e.path.as_ref().map(|p| p.display().to_string()),
                        "present": e.present,
                    })
                })
                .collect();
            writeln!(out, "{}", serde_json::Value::Array(v))?;
            return Ok(());
        }
        if list.is_empty() {
            writeln!(out, "The entry {} has no evidence attached.", target.id)?;
        }
        for e in list {
            let state = match (&e.path, e.present) {
                (Some(_), true) => "",
                (Some(_), false) => " (missing: the file is not in the evidence folder)",
                (None, _) => " (not a file in the evidence folder)",
            };
            writeln!(out, "{}{state}", e.link)?;
        }
        return Ok(());
    }
    let period = match (a.period.as_deref(), a.from, a.to) {
        (None, None, None) => None,
        (p, f, t) => Some(period_from(p, f, t)?),
    };
    let list = session.missing_evidence(&files, period.as_ref())?;
    match a.format {
        Format::Json => {
            let v = serde_json::to_string_pretty(&list)
                .map_err(|e| Failure::new(format!("could not make the JSON: {e}")))?;
            writeln!(out, "{v}")?;
        }
        Format::Md => {
            writeln!(out, "| ID | Date | Payee | Amount |\n|---|---|---|---:|")?;
            for m in &list {
                writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    m.id,
                    long_date(m.date),
                    crate::core::report::markdown::text(&m.payee),
                    m.amount
                )?;
            }
        }
        Format::Text => {
            if list.is_empty() {
                writeln!(
                    out,
                    "Every payment has a receipt reference or a file attached."
                )?;
            } else {
                let total: crate::core::money::Money = list.iter().map(|m| m.amount).sum();
                writeln!(
                    out,
                    "{} with no receipt reference and no file attached ({total}), largest first:",
                    plural(list.len() as i64, "payment")
                )?;
                for m in &list {
                    writeln!(
                        out,
                        "  {}  {}  {}  {}{}",
                        m.id,
                        m.date.format("%Y-%m-%d"),
                        m.amount,
                        m.payee,
                        m.category
                            .as_deref()
                            .map(|c| format!(" ({c})"))
                            .unwrap_or_default()
                    )?;
                }
                writeln!(
                    out,
                    "Attach a file with: careledger attach ID FILE, or add a reference with: careledger edit ID --receipt REF"
                )?;
            }
        }
    }
    Ok(())
}
