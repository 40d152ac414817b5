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
    #[command(flatten)]
    pub save: SaveArgs,
}

pub fn run(ctx: &Ctx, cmd: ReportCommand, out: &mut dyn Write) -> CliResult {
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
        None => out.write_all(report.text.as_bytes())?,
        Some(path) => {
            session.save_report(path, &report.text, save.force)?;
            writeln!(out, "{} was saved to {}.", report.what, path.display())?;
        }
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
        }
    }
}

fn period_of(a: &MonitoringArgs) -> Result<ReturnPeriod, Failure> {
    match (a.period.as_deref(), a.from, a.to) {
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
