//! `careledger report ...`: the monitoring return, the outcome review summary and the
//! expected payments table, printed or saved to a file.
//!
//! A report saved with `--output FILE` is written the way the store writes everything (a
//! temporary file, flushed, renamed into place, owner-only) and never replaces an existing
//! file unless `--force` is given.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::{CliResult, Ctx, Failure, Format, parse_date, pick_holder};
use crate::core::report::monitoring::{self, ReturnPeriod};
use crate::core::report::{expected as expected_report, review};
use crate::core::{expected, position};
use crate::store::{Fingerprint, HolderFiles, StoreError, read_text, write_atomic};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The funder's monitoring return for a span of dates, stream by stream.
    Monitoring(MonitoringArgs),
    /// Outcome review summary for the plan review meeting.
    Review {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        save: SaveArgs,
    },
    /// Payments the schedule says are due in the plan period, and whether they arrived.
    Expected {
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[command(flatten)]
        save: SaveArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    Md,
    Json,
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Save the report to FILE instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Replace FILE if it already exists.
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct MonitoringArgs {
    /// First day of the return (included).
    #[arg(long, value_parser = parse_date, conflicts_with = "period")]
    pub from: Option<NaiveDate>,
    /// Last day of the return (included).
    #[arg(long, value_parser = parse_date, conflicts_with = "period")]
    pub to: Option<NaiveDate>,
    /// A UK financial year or one of its quarters instead of --from/--to: fy2026 is
    /// 1 April 2026 to 31 March 2027; 2026-q1 is April to June 2026, q2 July to September,
    /// q3 October to December, q4 January to March 2027.
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Only this funding stream.
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub save: SaveArgs,
}

pub fn run(ctx: &Ctx, cmd: ReportCommand, out: &mut dyn Write) -> CliResult {
    match cmd {
        ReportCommand::Monitoring(a) => monitoring_return(ctx, a, out),
        ReportCommand::Review { format, save } => review_summary(ctx, format, &save, out),
        ReportCommand::Expected { format, save } => expected_payments(ctx, format, &save, out),
    }
}

fn load(ctx: &Ctx) -> Result<(String, HolderFiles), Failure> {
    let id = pick_holder(ctx)?;
    let files = ctx.workspace.load_holder(&id)?;
    Ok((id, files))
}

fn to_json(v: &impl serde::Serialize) -> Result<String, Failure> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| Failure::new(format!("could not make the JSON: {e}")))
}

fn monitoring_return(ctx: &Ctx, a: MonitoringArgs, out: &mut dyn Write) -> CliResult {
    let period = match (a.period.as_deref(), a.from, a.to) {
        (Some(p), _, _) => ReturnPeriod::preset(p).map_err(Failure::new)?,
        (None, Some(from), Some(to)) => ReturnPeriod::new(from, to),
        (None, Some(_), None) => {
            return Err(Failure::new(
                "say when the return ends with --to DATE (or use --period, e.g. 2026-q2)",
            ));
        }
        (None, None, Some(_)) => {
            return Err(Failure::new(
                "say when the return starts with --from DATE (or use --period, e.g. 2026-q2)",
            ));
        }
        (None, None, None) => {
            return Err(Failure::new(
                "say which dates the return covers: --from DATE --to DATE, or --period fy2026 \
                 (April 2026 to March 2027) or --period 2026-q2 (July to September 2026)",
            ));
        }
    };
    let (id, files) = load(ctx)?;
    let settings = ctx.workspace.settings()?;
    let r = monitoring::compute(
        &id,
        &files.plan.plan,
        &files.journals,
        &settings,
        &period,
        a.stream.as_deref(),
        ctx.today,
    )
    .map_err(|e| Failure::new(e.to_string()))?;
    let text = match a.format {
        ReportFormat::Text => monitoring::text(&r),
        ReportFormat::Md => monitoring::markdown(&r),
        ReportFormat::Csv => monitoring::csv(&r),
        ReportFormat::Json => to_json(&r)?,
    };
    emit(&text, &a.save, "The monitoring return", out)
}

fn review_summary(ctx: &Ctx, format: Format, save: &SaveArgs, out: &mut dyn Write) -> CliResult {
    let (id, files) = load(ctx)?;
    let settings = ctx.workspace.settings()?;
    let plan = &files.plan.plan;
    let pos = position::compute(plan, &files.journals, &settings, ctx.today);
    let r = review::compute(&id, plan, &files.journals, &settings, &pos);
    let text = match format {
        Format::Text => review::text(&r),
        Format::Md => review::markdown(&r),
        Format::Json => to_json(&r)?,
    };
    emit(&text, save, "The outcome review summary", out)
}

fn expected_payments(
    ctx: &Ctx,
    format: ReportFormat,
    save: &SaveArgs,
    out: &mut dyn Write,
) -> CliResult {
    let (id, files) = load(ctx)?;
    let settings = ctx.workspace.settings()?;
    let plan = &files.plan.plan;
    let e = expected::compute(plan, &files.journals, &settings, ctx.today);
    let text = match format {
        ReportFormat::Text => expected_report::text(&id, plan, &e),
        ReportFormat::Md => expected_report::markdown(&id, plan, &e),
        ReportFormat::Csv => expected_report::csv(&e),
        ReportFormat::Json => to_json(&e)?,
    };
    emit(&text, save, "The expected payments table", out)
}

/// Print the report, or save it to `--output` and say so.
fn emit(text: &str, save: &SaveArgs, what: &str, out: &mut dyn Write) -> CliResult {
    match &save.output {
        None => {
            out.write_all(text.as_bytes())?;
            Ok(())
        }
        Some(path) => {
            save_file(path, text, save.force)?;
            writeln!(out, "{what} was saved to {}.", path.display())?;
            Ok(())
        }
    }
}

/// Write a report file atomically; an existing file is replaced only with `force`.
pub fn save_file(path: &Path, text: &str, force: bool) -> CliResult {
    let shown = path.display();
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Failure::new(format!(
            "the folder {} does not exist; create it first or give another --output",
            dir.display()
        )));
    }
    let expected = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Fingerprint::absent(),
        Err(e) => return Err(Failure::new(format!("{shown}: {e}"))),
        Ok(meta) if meta.is_dir() => {
            return Err(Failure::new(format!(
                "{shown} is a folder; give --output a file name, e.g. {}",
                path.join("return.txt").display()
            )));
        }
        Ok(_) if !force => {
            return Err(Failure::new(format!(
                "{shown} already exists and was left as it is; give another file name, or add --force to replace it"
            )));
        }
        Ok(_) => match read_text(path) {
            Ok((_, fp)) => fp,
            Err(StoreError::Parse { .. }) => {
                return Err(Failure::new(format!(
                    "{shown} is not a text file, so careledger will not replace it; give another file name"
                )));
            }
            Err(e) => return Err(e.into()),
        },
    };
    write_atomic(path, text.as_bytes(), &expected).map_err(|e| match e {
        StoreError::Changed { .. } => Failure::new(format!(
            "{shown} was created or changed by something else while the report was being made; \
             nothing was written. Run the command again (with --force to replace it)"
        )),
        e => e.into(),
    })?;
    Ok(())
}
