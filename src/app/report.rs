//! Making a report (the monitoring return, the outcome review summary, the expected payments
//! table) in a format, and saving it to a file safely. The reports themselves are
//! `core::report`'s; this is the one path every front end takes to them.

use std::io::ErrorKind;
use std::path::Path;

use super::{AppError, Result, Session};
use crate::core::employer::cost as employer_cost;
use crate::core::report::monitoring::{self, ReturnPeriod};
use crate::core::report::{employer as employer_report, expected as expected_report, review};
use crate::core::{expected, position};
use crate::store::{Fingerprint, HolderFiles, StoreError, read_text, write_atomic};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Csv,
    Md,
    Json,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportKind {
    /// The funder's monitoring return for a period, for one stream or all.
    Monitoring {
        period: ReturnPeriod,
        stream: Option<String>,
    },
    /// The outcome review summary for the plan review.
    Review,
    /// Payments due from the schedule, and whether they arrived.
    Expected,
    /// What employing the plan's PAs costs over the plan period.
    Employer,
}

/// A report made: what it is, in words, and its text in the format asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// "The monitoring return", for sentences such as "... was saved to FILE".
    pub what: &'static str,
    pub text: String,
}

impl Session {
    pub fn report(
        &self,
        files: &HolderFiles,
        kind: &ReportKind,
        format: ReportFormat,
    ) -> Result<Report> {
        let id = &files.id;
        let plan = &files.plan.plan;
        let settings = &self.settings;
        match kind {
            ReportKind::Monitoring { period, stream } => {
                // The plan of the year the return starts in, so that an ended year's return
                // reads as it did before the next year began.
                let year = files.for_date(period.from);
                let plan = &year.plan.plan;
                let r = monitoring::compute(
                    id,
                    plan,
                    &files.journals,
                    settings,
                    period,
                    stream.as_deref(),
                    self.today,
                )
                .map_err(|e| AppError::Refused(e.to_string()))?;
                let text = match format {
                    ReportFormat::Text => monitoring::text(&r),
                    ReportFormat::Md => monitoring::markdown(&r),
                    ReportFormat::Csv => monitoring::csv(&r),
                    ReportFormat::Json => to_json(&r)?,
                };
                Ok(Report {
                    what: "The monitoring return",
                    text,
                })
            }
            ReportKind::Review => {
                let pos = position::compute(plan, &files.journals, settings, self.today);
                let r = review::compute(id, plan, &files.journals, settings, &pos);
                let text = match format {
                    ReportFormat::Text => review::text(&r),
                    ReportFormat::Md => review::markdown(&r),
                    ReportFormat::Json => to_json(&r)?,
                    ReportFormat::Csv => {
                        return Err(AppError::Refused(
                            "the outcome review summary has no CSV form; choose text, Markdown or JSON"
                                .into(),
                        ));
                    }
                };
                Ok(Report {
                    what: "The outcome review summary",
                    text,
                })
            }
            ReportKind::Expected => {
                let e = expected::compute(plan, &files.journals, settings, self.today);
                let text = match format {
                    ReportFormat::Text => expected_report::text(id, plan, &e),
                    ReportFormat::Md => expected_report::markdown(id, plan, &e),
                    ReportFormat::Csv => expected_report::csv(&e),
                    ReportFormat::Json => to_json(&e)?,
                };
                Ok(Report {
                    what: "The expected payments table",
                    text,
                })
            }
            ReportKind::Employer => {
                let r = employer_cost::compute(plan, &settings.rates);
                let name = &plan.holder.name;
                let text = match format {
                    ReportFormat::Text => employer_report::text(id, name, &r),
                    ReportFormat::Md => employer_report::markdown(id, name, &r),
                    ReportFormat::Json => to_json(&employer_report::Json {
                        holder: id,
                        name,
                        cost: &r,
                    })?,
                    ReportFormat::Csv => {
                        return Err(AppError::Refused(
                            "the employer's cost report has no CSV form; choose text, Markdown or JSON"
                                .into(),
                        ));
                    }
                };
                Ok(Report {
                    what: "The employer's cost report",
                    text,
                })
            }
        }
    }
}

fn to_json(v: &impl serde::Serialize) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|s| crate::core::printable::json(&s).into_owned() + "\n")
        .map_err(|e| AppError::Refused(format!("could not make the JSON: {e}")))
}

impl Session {
    /// Save a report to `path` the way the store writes everything (temporary file, flushed,
    /// renamed into place, owner-only). An existing file is replaced only with `force`, and
    /// never one of the workspace's own files (a plan, a journal, the settings, a lock),
    /// whatever the path's links lead to.
    pub fn save_report(&self, path: &Path, text: &str, force: bool) -> Result<()> {
        if let Some(what) = self.ws.data_file(path) {
            return Err(AppError::Refused(format!(
                "{} is {what}, one of careledger's own files, so the report was not saved \
                 there; nothing was written. Save it under another name",
                path.display()
            )));
        }
        save(path, text, force)
    }
}

/// Write a report file; see [`Session::save_report`], the way in.
fn save(path: &Path, text: &str, force: bool) -> Result<()> {
    let shown = path.display();
    let refuse = |m: String| Err(AppError::Refused(m));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return refuse(format!(
            "the folder {} does not exist; create it first or give another --output",
            dir.display()
        ));
    }
    let expected = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Fingerprint::absent(),
        Err(e) => return refuse(format!("{shown}: {e}")),
        Ok(meta) if meta.is_dir() => {
            return refuse(format!(
                "{shown} is a folder; give --output a file name, e.g. {}",
                path.join("return.txt").display()
            ));
        }
        Ok(_) if !force => {
            return refuse(format!(
                "{shown} already exists and was left as it is; give another file name, or add --force to replace it"
            ));
        }
        Ok(_) => match read_text(path) {
            Ok((_, fp)) => fp,
            Err(StoreError::Parse { .. }) => {
                return refuse(format!(
                    "{shown} is not a text file, so careledger will not replace it; give another file name"
                ));
            }
            Err(e) => return Err(e.into()),
        },
    };
    write_atomic(path, text.as_bytes(), &expected).map_err(|e| match e {
        StoreError::Changed { .. } => AppError::Refused(format!(
            "{shown} was created or changed by something else while the report was being made; \
             nothing was written. Run the command again (with --force to replace it)"
        )),
        e => e.into(),
    })?;
    Ok(())
}
