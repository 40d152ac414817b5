//! Making a report (the monitoring return, the outcome review summary, the expected payments
//! table) in a format, and saving it to a file safely. The reports themselves are
//! `core::report`'s; this is the one path every front end takes to them.

use std::io::ErrorKind;
use std::path::Path;

use super::{AppError, Result, Session};
use crate::core::employer::cost as employer_cost;
use crate::core::report::monitoring::{self, ReturnPeriod};
use crate::core::report::{employer as employer_report, expected as expected_report, review};
use crate::core::report::{monitoring_html, monitoring_xlsx};
use crate::core::{expected, position};
use crate::store::{Fingerprint, HolderFiles, StoreError, read_text, write_atomic};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Csv,
    Md,
    Json,
    /// One self-contained printable page (the monitoring return only).
    Html,
    /// A spreadsheet (the monitoring return only); bytes, not text.
    Xlsx,
}

impl ReportFormat {
    /// The usual file name ending for the format.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Text => "txt",
            ReportFormat::Csv => "csv",
            ReportFormat::Md => "md",
            ReportFormat::Json => "json",
            ReportFormat::Html => "html",
            ReportFormat::Xlsx => "xlsx",
        }
    }
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
    /// The report, for a text format; empty for a spreadsheet.
    pub text: String,
    /// The report, for a format that is not text (a spreadsheet).
    pub bytes: Option<Vec<u8>>,
}

impl Report {
    fn text(what: &'static str, text: String) -> Report {
        Report {
            what,
            text,
            bytes: None,
        }
    }

    /// What a file of the report holds.
    pub fn contents(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or(self.text.as_bytes())
    }
}

/// Refuses the formats only the monitoring return has; `choose` names those `what` has.
fn only_the_return(format: ReportFormat, what: &str, choose: &str) -> Result<()> {
    match format {
        ReportFormat::Html | ReportFormat::Xlsx => Err(AppError::Refused(format!(
            "{what} has no {} form; only the monitoring return does. Choose {choose}",
            if format == ReportFormat::Html {
                "HTML"
            } else {
                "spreadsheet"
            }
        ))),
        _ => Ok(()),
    }
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
                let what = "The monitoring return";
                let layout = settings.return_layout(r.streams.first().map(|s| s.funder.as_str()));
                let text = match format {
                    ReportFormat::Text => monitoring::text(&r),
                    ReportFormat::Md => monitoring::markdown(&r),
                    ReportFormat::Csv => monitoring::csv(&r),
                    ReportFormat::Json => to_json(&r)?,
                    ReportFormat::Html => monitoring_html::html(&r, &layout),
                    ReportFormat::Xlsx => {
                        let bytes =
                            monitoring_xlsx::xlsx(&r, &layout).map_err(AppError::Refused)?;
                        return Ok(Report {
                            what,
                            text: String::new(),
                            bytes: Some(bytes),
                        });
                    }
                };
                Ok(Report::text(what, text))
            }
            ReportKind::Review => {
                only_the_return(
                    format,
                    "the outcome review summary",
                    "text, Markdown or JSON",
                )?;
                let pos = position::compute(plan, &files.journals, settings, self.today);
                let r = review::compute(id, plan, &files.journals, settings, &pos);
                let text = match format {
                    ReportFormat::Text => review::text(&r),
                    ReportFormat::Md => review::markdown(&r),
                    ReportFormat::Json => to_json(&r)?,
                    ReportFormat::Html | ReportFormat::Xlsx => unreachable!("refused above"),
                    ReportFormat::Csv => {
                        return Err(AppError::Refused(
                            "the outcome review summary has no CSV form; choose text, Markdown or JSON"
                                .into(),
                        ));
                    }
                };
                Ok(Report::text("The outcome review summary", text))
            }
            ReportKind::Expected => {
                only_the_return(
                    format,
                    "the expected payments table",
                    "text, Markdown, CSV or JSON",
                )?;
                let e = expected::compute(plan, &files.journals, settings, self.today);
                let text = match format {
                    ReportFormat::Text => expected_report::text(id, plan, &e),
                    ReportFormat::Md => expected_report::markdown(id, plan, &e),
                    ReportFormat::Csv => expected_report::csv(&e),
                    ReportFormat::Json => to_json(&e)?,
                    ReportFormat::Html | ReportFormat::Xlsx => unreachable!("refused above"),
                };
                Ok(Report::text("The expected payments table", text))
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
                    ReportFormat::Csv | ReportFormat::Html | ReportFormat::Xlsx => {
                        return Err(AppError::Refused(
                            "the employer's cost report is given as text, Markdown or JSON; choose one of those"
                                .into(),
                        ));
                    }
                };
                Ok(Report {
                    what: "The employer's cost report",
                    text,
                    bytes: None,
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
        self.save_report_bytes(path, text.as_bytes(), force)
    }

    /// [`Session::save_report`] for any report's contents (a spreadsheet's bytes).
    pub fn save_report_bytes(&self, path: &Path, contents: &[u8], force: bool) -> Result<()> {
        if let Some(what) = self.ws.data_file(path) {
            return Err(AppError::Refused(format!(
                "{} is {what}, one of careledger's own files, so the report was not saved \
                 there; nothing was written. Save it under another name",
                path.display()
            )));
        }
        save(path, contents, force)
    }
}

/// Write a report file; see [`Session::save_report`], the way in.
fn save(path: &Path, contents: &[u8], force: bool) -> Result<()> {
    let shown = path.display();
    let refuse = |m: String| Err(AppError::Refused(m));
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return refuse(format!(
            "the folder {} does not exist; create it first or give another file to save to",
            dir.display()
        ));
    }
    let expected = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == ErrorKind::NotFound => Fingerprint::absent(),
        Err(e) => return refuse(format!("{shown}: {e}")),
        Ok(meta) if meta.is_dir() => {
            return refuse(format!(
                "{shown} is a folder; give a file name to save to, e.g. {}",
                path.join("return.txt").display()
            ));
        }
        Ok(_) if !force => {
            return refuse(format!(
                "{shown} already exists and was left as it is; give another file name (on the command line, --force replaces it)"
            ));
        }
        Ok(_) if std::str::from_utf8(contents).is_err() => match read_spreadsheet(path) {
            Some(fp) => fp,
            None => {
                return refuse(format!(
                    "{shown} is not a spreadsheet careledger made, so it will not replace it; give another file name"
                ));
            }
        },
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
    write_atomic(path, contents, &expected).map_err(|e| match e {
        StoreError::Changed { .. } => AppError::Refused(format!(
            "{shown} was created or changed by something else while the report was being made; \
             nothing was written. Run the command again (with --force to replace it)"
        )),
        e => e.into(),
    })?;
    Ok(())
}

/// The fingerprint of an existing spreadsheet (an ordinary file, not a link, that starts as
/// a zip archive does and is no larger than careledger writes), for replacing it with
/// `--force`; `None` for anything else.
fn read_spreadsheet(path: &Path) -> Option<Fingerprint> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > crate::store::MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    bytes
        .starts_with(b"PK\x03\x04")
        .then(|| Fingerprint::of(&bytes))
}

/// What a bundle holds, for the sentence about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    pub dir: std::path::PathBuf,
    /// The return in its formats, then the index.
    pub returns: Vec<std::path::PathBuf>,
    /// Copies of the evidence files, as the return links them.
    pub evidence: Vec<String>,
    /// Links in the return whose file is not in the holder's evidence folder.
    pub missing: Vec<String>,
}

/// The file names a bundle's return is written under (`--all --output` puts the holder's ID
/// in front).
pub const RETURN_FILE: &str = "monitoring-return";

/// The bundle's formats, in the order written.
pub const BUNDLE_FORMATS: [ReportFormat; 3] =
    [ReportFormat::Html, ReportFormat::Xlsx, ReportFormat::Csv];

/// Whether a person's return is one a funder asks for: they hold a direct payment, or money
/// is managed for them by a third party (a managed account, a broker or a provider).
pub fn has_returnable_money(plan: &crate::core::plan::Plan) -> bool {
    use crate::core::plan::{ManagedBy, Management};
    plan.streams.iter().any(|s| {
        matches!(
            s.management,
            Management::DirectPayment | Management::ThirdParty
        )
    }) || matches!(
        plan.holder.managed_by,
        ManagedBy::Broker | ManagedBy::Provider
    )
}

impl Session {
    /// The audit bundle for one person: the return as HTML, a spreadsheet and CSV, a copy of
    /// every evidence file the return links, and an index page, in `dir` (made owner-only;
    /// if it is there already it must be empty). Nothing in it replaces a file; nothing is
    /// written over the workspace's own files.
    pub fn bundle(
        &self,
        files: &HolderFiles,
        period: &ReturnPeriod,
        stream: Option<&str>,
        dir: &Path,
    ) -> Result<Bundle> {
        let kind = ReportKind::Monitoring {
            period: period.clone(),
            stream: stream.map(str::to_string),
        };
        // Made first, so a return that cannot be made leaves no folder behind.
        let r = monitoring::compute(
            &files.id,
            &files.plan.plan,
            &files.journals,
            &self.settings,
            period,
            stream,
            self.today,
        )
        .map_err(|e| AppError::Refused(e.to_string()))?;
        let made: Vec<(ReportFormat, Report)> = BUNDLE_FORMATS
            .iter()
            .map(|f| Ok((*f, self.report(files, &kind, *f)?)))
            .collect::<Result<_>>()?;
        self.empty_folder(dir)?;
        let mut bundle = Bundle {
            dir: dir.to_path_buf(),
            returns: Vec::new(),
            evidence: Vec::new(),
            missing: Vec::new(),
        };
        for (format, report) in &made {
            let path = dir.join(format!("{RETURN_FILE}.{}", format.extension()));
            self.save_report_bytes(&path, report.contents(), false)?;
            bundle.returns.push(path);
        }
        // Every file the return links, once each, in the order the return lists them.
        let mut links: Vec<&EvidenceRow> = Vec::new();
        let rows = evidence_rows(&r);
        for row in &rows {
            if !links.iter().any(|l| l.link == row.link) {
                links.push(row);
            }
        }
        for row in &links {
            let source = self.ws.evidence_path(&files.id, &row.link);
            let bytes = source.as_deref().and_then(read_evidence_copy);
            match (bytes, Path::new(&row.link).parent()) {
                (Some(bytes), Some(sub)) => {
                    let to_dir = dir.join(crate::store::EVIDENCE_DIR).join(sub);
                    crate::store::create_dir_private(&to_dir)?;
                    let to = dir.join(crate::store::EVIDENCE_DIR).join(&row.link);
                    self.save_report_bytes(&to, &bytes, false)?;
                    bundle.evidence.push(row.link.clone());
                }
                _ => bundle.missing.push(row.link.clone()),
            }
        }
        let index = index_page(&r, &bundle, &rows);
        let path = dir.join("index.html");
        self.save_report(&path, &index, false)?;
        bundle.returns.push(path);
        Ok(bundle)
    }

    /// Make `dir` owner-only, or check that it is an empty folder already.
    fn empty_folder(&self, dir: &Path) -> Result<()> {
        let shown = dir.display();
        match std::fs::symlink_metadata(dir) {
            Err(e) if e.kind() == ErrorKind::NotFound => {
                let parent = dir
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                if !parent.is_dir() {
                    return Err(AppError::Refused(format!(
                        "the folder {} does not exist; create it first or give another --bundle",
                        parent.display()
                    )));
                }
                crate::store::create_dir_private(dir)?;
                Ok(())
            }
            Err(e) => Err(AppError::Refused(format!("{shown}: {e}"))),
            Ok(m) if !m.is_dir() => Err(AppError::Refused(format!(
                "{shown} is not a folder; give --bundle a new folder's name"
            ))),
            Ok(_) => {
                let mut entries = std::fs::read_dir(dir)
                    .map_err(|e| AppError::Refused(format!("{shown}: {e}")))?;
                if entries.next().is_some() {
                    return Err(AppError::Refused(format!(
                        "{shown} already has files in it, and a bundle never replaces a file; give a new or empty folder. Nothing was written"
                    )));
                }
                Ok(())
            }
        }
    }
}

/// One evidence link in a return: the entry, and the file.
struct EvidenceRow {
    id: String,
    date: chrono::NaiveDate,
    payee: String,
    amount: crate::core::money::Money,
    link: String,
}

fn evidence_rows(r: &monitoring::MonitoringReturn) -> Vec<EvidenceRow> {
    let mut rows = Vec::new();
    for st in &r.streams {
        for i in &st.money_in_items {
            for l in &i.evidence {
                rows.push(EvidenceRow {
                    id: i.id.clone(),
                    date: i.date,
                    payee: i.payee.clone(),
                    amount: i.amount,
                    link: l.clone(),
                });
            }
        }
        for x in &st.statements {
            for l in &x.evidence {
                rows.push(EvidenceRow {
                    id: x.id.clone(),
                    date: x.date,
                    payee: x.payee.clone(),
                    amount: crate::core::money::Money::ZERO,
                    link: l.clone(),
                });
            }
        }
        let committed = st.committed.iter().flat_map(|c| c.items.iter());
        for i in st.items.iter().chain(committed) {
            for l in &i.evidence {
                rows.push(EvidenceRow {
                    id: i.id.clone(),
                    date: i.date,
                    payee: i.payee.clone(),
                    amount: i.amount,
                    link: l.clone(),
                });
            }
        }
    }
    rows.sort_by_key(|r| r.date);
    rows
}

/// A copy of an evidence file: an ordinary file (not a link), no larger than careledger
/// copies in; `None` for anything else.
fn read_evidence_copy(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > super::evidence::EVIDENCE_LIMIT {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(super::evidence::EVIDENCE_LIMIT + 1)
        .read_to_end(&mut bytes)
        .ok()?;
    (bytes.len() as u64 <= super::evidence::EVIDENCE_LIMIT).then_some(bytes)
}

/// The bundle's index: what each file is, and each evidence file with its entry.
fn index_page(r: &monitoring::MonitoringReturn, b: &Bundle, rows: &[EvidenceRow]) -> String {
    use crate::core::report::html::text as h;
    use crate::core::words::long_date;
    use std::fmt::Write;
    let mut s = String::new();
    let title = format!(
        "Monitoring return bundle: {} ({}), {} to {}",
        r.holder.name,
        r.holder.id,
        long_date(r.from),
        long_date(r.to)
    );
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n\
         <style>body{{font-family:system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em}}\
         table{{border-collapse:collapse;width:100%}}th,td{{border:1px solid #777;padding:.2em .4em;text-align:left}}\
         .money{{text-align:right}}caption{{text-align:left;font-weight:bold}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n\
         <table>\n<caption>The return</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">What it is</th></tr></thead>\n<tbody>\n",
        t = h(&title)
    );
    for (f, what) in [
        ("monitoring-return.html", "The return as a printable page"),
        (
            "monitoring-return.xlsx",
            "The return as a spreadsheet (Summary, Items, Evidence)",
        ),
        (
            "monitoring-return.csv",
            "Every item of the return, one a row",
        ),
    ] {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\"><a href=\"{f}\">{f}</a></th><td>{what}</td></tr>"
        );
    }
    let _ = writeln!(
        s,
        "</tbody>\n</table>\n<table>\n<caption>Evidence ({} files)</caption>\n<thead><tr>\
         <th scope=\"col\">Date</th><th scope=\"col\">Payee</th><th scope=\"col\" class=\"money\">Amount</th>\
         <th scope=\"col\">Entry</th><th scope=\"col\">File</th></tr></thead>\n<tbody>",
        b.evidence.len()
    );
    for row in rows {
        let file = if b.evidence.contains(&row.link) {
            format!(
                "<a href=\"evidence/{l}\">evidence/{l}</a>",
                l = h(&row.link)
            )
        } else {
            format!("{} (not in the evidence folder)", h(&row.link))
        };
        let _ = writeln!(
            s,
            "<tr><td>{}</td><th scope=\"row\">{}</th><td class=\"money\">{}</td><td>{}</td><td>{file}</td></tr>",
            h(&long_date(row.date)),
            h(&row.payee),
            h(&row.amount.to_string()),
            h(&row.id)
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>\n</body>\n</html>");
    s
}
