//! `careledger report ...`: the monitoring return, the outcome review summary, the
//! expected payments table and the employer's cost, printed or saved to a file.
//!
//! A report saved with `--output FILE` is written safely (`Session::save_report`) and never
//! replaces an existing file unless `--force` is given, nor ever one of the workspace's own
//! files.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::{CliResult, Ctx, Failure, Format, parse_date, pick_holder};
use crate::app::{self, report::ReportKind};
use crate::core::report::monitoring::ReturnPeriod;

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
        #[command(flatten)]
        year: super::year::YearArg,
    },
    /// Payments the schedule says are due in the plan period, and whether they arrived.
    Expected {
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[command(flatten)]
        save: SaveArgs,
        #[command(flatten)]
        year: super::year::YearArg,
    },
    /// What employing the plan's PAs costs over the plan period: pay, holiday, employer's NI,
    /// pension, on-costs and the cost per hour of support.
    Employer {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[command(flatten)]
        save: SaveArgs,
        #[command(flatten)]
        year: super::year::YearArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Csv,
    Md,
    Json,
    /// One printable page (the monitoring return only).
    Html,
    /// A spreadsheet, saved with --output (the monitoring return only).
    Xlsx,
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
    /// A whole plan year instead of --from/--to: 2026, 2026-27 or fy2026 for the plan
    /// year that starts in 2026, whatever its dates.
    #[arg(long, value_name = "YEAR", conflicts_with_all = ["period", "from", "to"])]
    pub year: Option<String>,
    /// Only this funding stream.
    #[arg(long, value_name = "ID")]
    pub stream: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the audit bundle into DIR (a new or empty folder): the return as HTML, a
    /// spreadsheet and CSV, a copy of every evidence file it links, and an index.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "format"])]
    pub bundle: Option<PathBuf>,
    /// Every person in the workspace with a direct payment or managed money: with
    /// --bundle DIR, a folder each (DIR/ID); with --output DIR, a file each (DIR/ID-...).
    #[arg(long, conflicts_with = "stream")]
    pub all: bool,
    #[command(flatten)]
    pub save: SaveArgs,
}

pub fn run(ctx: &Ctx, cmd: ReportCommand, out: &mut dyn Write) -> CliResult {
    let cmd = match cmd {
        ReportCommand::Monitoring(a) if a.all || a.bundle.is_some() => {
            return bundles(ctx, a, out);
        }
        other => other,
    };
    let session = ctx.session()?;
    let all = session.ws.load_holder(&pick_holder(ctx)?)?;
    let mut year = None;
    let (kind, format, save) = match cmd {
        ReportCommand::Monitoring(a) => {
            let period = match &a.year {
                Some(y) => {
                    let f = super::year::select(all.clone(), Some(y))?;
                    let p = f.plan.plan.period;
                    ReturnPeriod::new(p.start, p.end)
                }
                None => period_of(&a)?,
            };
            (
                ReportKind::Monitoring {
                    period,
                    stream: a.stream,
                },
                a.format.into(),
                a.save,
            )
        }
        ReportCommand::Review {
            format,
            save,
            year: y,
        } => (
            ReportKind::Review,
            match format {
                Format::Text => app::report::ReportFormat::Text,
                Format::Md => app::report::ReportFormat::Md,
                Format::Json => app::report::ReportFormat::Json,
            },
            {
                year = y.year;
                save
            },
        ),
        ReportCommand::Expected {
            format,
            save,
            year: y,
        } => {
            year = y.year;
            (ReportKind::Expected, format.into(), save)
        }
        ReportCommand::Employer {
            format,
            save,
            year: y,
        } => {
            year = y.year;
            (
                ReportKind::Employer,
                match format {
                    Format::Text => app::report::ReportFormat::Text,
                    Format::Md => app::report::ReportFormat::Md,
                    Format::Json => app::report::ReportFormat::Json,
                },
                save,
            )
        }
    };
    let files = super::year::select(all, year.as_deref())?;
    let report = session.report(&files, &kind, format)?;
    match &save.output {
        None if report.bytes.is_some() => {
            return Err(Failure::new(
                "a spreadsheet cannot be shown here; save it with --output FILE.xlsx",
            ));
        }
        None => out.write_all(report.text.as_bytes())?,
        Some(path) => {
            session.save_report_bytes(path, report.contents(), save.force)?;
            writeln!(out, "{} was saved to {}.", report.what, path.display())?;
        }
    }
    Ok(())
}

/// `--bundle DIR` for one person, or `--all` with `--bundle DIR` or `--output DIR`.
fn bundles(ctx: &Ctx, a: MonitoringArgs, out: &mut dyn Write) -> CliResult {
    use crate::app::report::{RETURN_FILE, has_returnable_money};
    let period = period_of(&a)?;
    let session = ctx.session()?;
    if !a.all {
        let dir = a.bundle.as_deref().unwrap_or(std::path::Path::new("."));
        let files = session.ws.load_holder(&pick_holder(ctx)?)?;
        let b = session.bundle(&files, &period, a.stream.as_deref(), dir)?;
        return say_bundle(out, &files.plan.plan.holder.name, &files.id, &b);
    }
    if a.save.force {
        return Err(Failure::new(
            "--all never replaces a file; leave out --force and give a new or empty folder",
        ));
    }
    let (dir, bundle) = match (&a.bundle, &a.save.output) {
        (Some(d), _) => (d.clone(), true),
        (None, Some(d)) => (d.clone(), false),
        (None, None) => {
            return Err(Failure::new(
                "say where the returns go: --all --bundle DIR (a folder each) or --all --output DIR (a file each)",
            ));
        }
    };
    if bundle {
        // The folder for everyone's folders: made if it is not there.
        if !dir.exists() {
            crate::store::create_dir_private(&dir)?;
        }
    } else if !dir.is_dir() {
        return Err(Failure::new(format!(
            "{} is not a folder; with --all, --output names the folder the returns go in (one file each)",
            dir.display()
        )));
    }
    let format: app::report::ReportFormat = a.format.into();
    let kind = ReportKind::Monitoring {
        period: period.clone(),
        stream: None,
    };
    let (mut made, mut skipped, mut failed) = (0, Vec::new(), Vec::new());
    for id in session.ws.holder_ids()? {
        let files = match session.ws.load_holder(&id) {
            Ok(f) => f,
            Err(e) => {
                failed.push(format!("{id}: {}", session.short_paths(&e.to_string())));
                continue;
            }
        };
        let plan = &files.plan.plan;
        if !has_returnable_money(plan) {
            skipped.push(id);
            continue;
        }
        let result = if bundle {
            session
                .bundle(&files, &period, None, &dir.join(&id))
                .and_then(|b| {
                    say_bundle(out, &plan.holder.name, &id, &b)
                        .map_err(|f| app::AppError::Refused(f.message))
                })
        } else {
            let path = dir.join(format!("{id}-{RETURN_FILE}.{}", format.extension()));
            session.report(&files, &kind, format).and_then(|r| {
                session.save_report_bytes(&path, r.contents(), false)?;
                writeln!(
                    out,
                    "{} ({id}): the monitoring return was saved to {}.",
                    plan.holder.name,
                    path.display()
                )
                .map_err(|e| app::AppError::Refused(e.to_string()))
            })
        };
        match result {
            Ok(()) => made += 1,
            Err(e) => failed.push(format!("{id}: {e}")),
        }
    }
    if !skipped.is_empty() {
        writeln!(
            out,
            "No return for {} (no direct payment or managed money): {}.",
            crate::core::words::plural(skipped.len() as i64, "person"),
            skipped.join(", ")
        )?;
    }
    writeln!(out, "{} made.", crate::core::words::plural(made, "return"))?;
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "{} could not be made: {}",
            crate::core::words::plural(failed.len() as i64, "return"),
            failed.join("; ")
        )))
    }
}

fn say_bundle(out: &mut dyn Write, name: &str, id: &str, b: &app::report::Bundle) -> CliResult {
    writeln!(
        out,
        "{name} ({id}): the audit bundle was saved to {}: the return (html, xlsx, csv), {} and an index (index.html).",
        b.dir.display(),
        crate::core::words::plural(b.evidence.len() as i64, "evidence file")
    )?;
    if !b.missing.is_empty() {
        writeln!(
            out,
            "  Not in the evidence folder, so not copied: {}.",
            b.missing.join(", ")
        )?;
    }
    Ok(())
}

impl From<ReportFormat> for app::report::ReportFormat {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Text => app::report::ReportFormat::Text,
            ReportFormat::Csv => app::report::ReportFormat::Csv,
            ReportFormat::Md => app::report::ReportFormat::Md,
            ReportFormat::Json => app::report::ReportFormat::Json,
            ReportFormat::Html => app::report::ReportFormat::Html,
            ReportFormat::Xlsx => app::report::ReportFormat::Xlsx,
        }
    }
}

fn period_of(a: &MonitoringArgs) -> Result<ReturnPeriod, Failure> {
    period_from(a.period.as_deref(), a.from, a.to)
}

/// The return's dates from `--period`, or `--from` and `--to`.
pub fn period_from(
    period: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<ReturnPeriod, Failure> {
    match (period, from, to) {
        (Some(p), _, _) => ReturnPeriod::preset(p).map_err(Failure::new),
        (None, Some(from), Some(to)) => Ok(ReturnPeriod::new(from, to)),
        (None, Some(_), None) => Err(Failure::new(
            "say when the return ends with --to DATE (or use --period, e.g. 2026-q2)",
        )),
        (None, None, Some(_)) => Err(Failure::new(
            "say when the return starts with --from DATE (or use --period, e.g. 2026-q2)",
        )),
        (None, None, None) => Err(Failure::new(
            "say which dates the return covers: --from DATE --to DATE, or --period fy2026 \
             (April 2026 to March 2027) or --period 2026-q2 (July to September 2026)",
        )),
    }
}
