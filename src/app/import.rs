//! Importing a bank statement: its file read (UTF-8, else Windows-1252), its layout found,
//! its rows matched against the records (the rules are `core::import`'s), and what is new
//! written in one locked, checked, atomic change, each entry saying who imported it where
//! the workspace keeps that. [`Imported::describe`] is the account of it that the command
//! line prints and the app shows.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use super::{AppError, Result, Session};
use crate::core::accounts;
use crate::core::import::{
    Closing, ImportPlan, RowFate, Statement, plan_import, profile_named, read_statement,
    statement_stream,
};
use crate::core::journal::NewEntry;
use crate::core::money::Money;
use crate::core::printable::printable_string;
use crate::core::words::{self, plural};
use crate::store::{HolderFiles, NamedFileError};

/// What to import, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRequest {
    pub file: PathBuf,
    /// Work out what would be written, and write nothing.
    pub preview: bool,
    /// The layout's name; found from the header when `None`.
    pub profile: Option<String>,
    /// Whose bank account; the plan's only direct payment when `None`.
    pub stream: Option<String>,
}

/// What an import did (or, previewed, would do).
#[derive(Debug, Clone)]
pub struct Imported {
    pub request: ImportRequest,
    /// Said about the file itself (read as Windows-1252, say).
    pub note: Option<String>,
    pub statement: Statement,
    pub stream_label: String,
    pub account: String,
    pub plan: ImportPlan,
    /// The holder's files as they are now (after the write, when there was one).
    pub files: HolderFiles,
    /// How to take the import back (`None` when nothing was written).
    pub undo: Option<crate::app::Undo>,
}

impl Session {
    pub fn import(&self, files: &HolderFiles, request: &ImportRequest) -> Result<Imported> {
        let plan = &files.plan.plan;
        let file = request.file.display().to_string();
        let (text, note) = read_statement_file(&request.file)?;
        let profiles = self.settings.all_import_profiles();
        let chosen = match &request.profile {
            Some(name) => Some(profile_named(&profiles, name).ok_or_else(|| {
                let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
                let banks: Vec<&str> = profiles
                    .values()
                    .flat_map(|p| p.banks.iter().map(String::as_str))
                    .collect();
                AppError::Refused(format!(
                    "there is no import profile or bank \"{name}\" (profiles: {}; banks: {}); add it to careledger.toml as [import.profiles.{name}]",
                    known.join(", "),
                    banks.join(", ")
                ))
            })?),
            None => None,
        };
        let statement = read_statement(&text, chosen, &profiles).map_err(|e| {
            let lines: Vec<String> = e
                .problems
                .iter()
                .map(|p| format!("{file}:{}: {}", p.line, p.message))
                .collect();
            AppError::Refused(format!(
                "{}\nThe statement was not imported: nothing was written. Correct the lines above (or export the statement again) and run the import again.",
                lines.join("\n")
            ))
        })?;
        let stream = statement_stream(plan, request.stream.as_deref())
            .map_err(|e| AppError::Refused(format!("{e}; nothing was written")))?;
        let rules = &self.settings.payee_rules;
        let (import_plan, files, undo) = if request.preview {
            let p = plan_import(plan, &files.journals, &statement, stream, rules);
            (p, files.clone(), None)
        } else {
            let author = self.author_tags();
            let name = request
                .file
                .file_name()
                .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned());
            let (p, written, undo) = self.change_main(
                files,
                |journals| {
                    let mut p = plan_import(plan, journals, &statement, stream, rules);
                    for (k, fate) in p.fates.iter().enumerate() {
                        if let RowFate::Added { entry, .. } = fate {
                            let problems = p.entries[*entry].problems();
                            if !problems.is_empty() {
                                let line = statement.rows[k].line;
                                return Err(AppError::Refused(format!(
                                    "{file}:{line}: {}; nothing was written",
                                    problems.join("; ")
                                )));
                            }
                        }
                    }
                    for e in &mut p.entries {
                        match e {
                            NewEntry::Transaction(t) => t.tags.extend(author.iter().cloned()),
                            NewEntry::BalanceCheck(c) => c.tags.extend(author.iter().cloned()),
                        }
                    }
                    let text = (!p.entries.is_empty())
                        .then(|| journals[0].with_appended_entries(&p.entries));
                    Ok((text, p))
                },
                |p, _| super::team::Note {
                    subject: format!(
                        "imported {} from {name}",
                        crate::core::words::plural(p.entries.len() as i64, "entry")
                    ),
                    trailers: Vec::new(),
                },
            )?;
            (p, files.with_journals(written), undo)
        };
        Ok(Imported {
            request: request.clone(),
            note,
            stream_label: stream.label().to_string(),
            account: stream.account(),
            statement,
            plan: import_plan,
            files,
            undo,
        })
    }
}

impl Imported {
    /// The account of the import in sentences: the statement, what was (or would be) added,
    /// what was skipped and why, and the closing balance.
    pub fn describe(&self) -> String {
        self.describe_for(&super::Advice::CommandLine)
    }

    /// The account, with advice for the command line or for the app.
    pub fn describe_for(&self, advice: &super::Advice) -> String {
        let mut out = String::new();
        let s = &self.statement;
        let file = self.request.file.display();
        if let Some(note) = &self.note {
            let _ = writeln!(out, "{note}");
        }
        let first = s.rows.first().map(|r| r.date);
        let last = s.rows.last().map(|r| r.date);
        let _ = writeln!(
            out,
            "Bank statement {file} (layout {}): {} from {} to {}, for {}'s {} ({}).",
            s.layout,
            plural(s.rows.len() as i64, "row"),
            first.map(|d| d.to_string()).unwrap_or_default(),
            last.map(|d| d.to_string()).unwrap_or_default(),
            self.files.plan.plan.holder.name,
            self.stream_label,
            self.account
        );
        for w in &s.warnings {
            let _ = writeln!(out, "Note: {file}:{w}");
        }
        let _ = account_of(
            &mut out,
            &self.files,
            s,
            &self.plan,
            self.request.preview,
            advice,
        );
        // The bank's descriptions are quoted as the bank wrote them, whatever they hold.
        printable_string(out)
    }
}

/// Far more than any bank statement; the most careledger will read as one.
const STATEMENT_LIMIT: u64 = 64 * 1024 * 1024;

/// The file's text. Banks' exports are usually UTF-8; some are still Windows-1252, whose
/// `£` is byte 0xA3, so text that is not UTF-8 is read that way, and the user told.
///
/// Only an ordinary file is read, by the one rule for files a person names
/// ([`read_named_file`](crate::store::read_named_file)): a "latest statement" link in a
/// downloads folder is followed, a FIFO or a device refused before anything is read.
fn read_statement_file(path: &Path) -> Result<(String, Option<String>), AppError> {
    let shown = path.display();
    let bytes = crate::store::read_named_file(path, STATEMENT_LIMIT).map_err(|e| {
        AppError::Refused(match e {
            NamedFileError::NotAFile(what) => format!(
                "{shown}: is {what}, not a bank statement file; save the statement as a CSV file and import that. Nothing was written"
            ),
            NamedFileError::TooLarge(size) => format!(
                "{shown}: is {size} bytes or more, far more than a bank statement; nothing was written"
            ),
            NamedFileError::Io(e) => format!("{shown}: {e}"),
        })
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, None)),
        Err(e) => {
            let text: String = e.as_bytes().iter().map(|&b| windows_1252(b)).collect();
            Ok((
                text,
                Some(format!(
                    "Note: {} is not UTF-8 text; it was read as Windows-1252, the older encoding some banks use.",
                    path.display()
                )),
            ))
        }
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn account_of(
    out: &mut String,
    files: &HolderFiles,
    statement: &Statement,
    p: &ImportPlan,
    preview: bool,
    advice: &super::Advice,
) -> std::fmt::Result {
    let app = matches!(advice, super::Advice::App { .. });
    let money = |m: Money| if app { words::paid(m) } else { signed(m) };
    let where_ = |journal: usize, line: u32| {
        let name = files
            .journal_paths
            .get(journal)
            .and_then(|f| f.strip_prefix(&files.dir).ok())
            .map_or_else(|| "ledger.journal".to_string(), |f| f.display().to_string());
        format!("{name}:{line}")
    };
    let row_text = |k: usize| {
        let r = &statement.rows[k];
        format!(
            "line {}: {} {} {}",
            r.line,
            r.date,
            r.description,
            money(r.amount)
        )
    };

    let added = p.added();
    writeln!(out)?;
    if p.entries.is_empty() {
        writeln!(
            out,
            "Nothing new to add: every row is already in the records."
        )?;
    } else {
        let transactions = p
            .entries
            .iter()
            .filter(|e| matches!(e, NewEntry::Transaction(_)))
            .count();
        let check = transactions < p.entries.len();
        writeln!(
            out,
            "{} {}{}:",
            if preview { "Would add" } else { "Adding" },
            plural(transactions as i64, "entry"),
            if check {
                " and the closing balance check"
            } else {
                ""
            }
        )?;
        writeln!(out)?;
        write!(out, "{}", added_table(statement, p, app))?;
    }

    let mut group = |title: &str, lines: Vec<String>| -> std::fmt::Result {
        if !lines.is_empty() {
            writeln!(out)?;
            writeln!(out, "{title} ({}):", lines.len())?;
            for l in lines {
                writeln!(out, "  {l}")?;
            }
        }
        Ok(())
    };
    let mut already = Vec::new();
    let mut by_hand = Vec::new();
    let mut nothing = Vec::new();
    let mut unassigned = Vec::new();
    for (k, fate) in p.fates.iter().enumerate() {
        match fate {
            RowFate::AlreadyImported { journal, line } => already.push(format!(
                "{}, imported before ({})",
                row_text(k),
                where_(*journal, *line)
            )),
            RowFate::EnteredByHand {
                journal,
                line,
                date,
                payee,
            } => by_hand.push(format!(
                "{}, entered as {payee} on {date} ({})",
                row_text(k),
                where_(*journal, *line)
            )),
            RowFate::NoMoney => nothing.push(row_text(k)),
            RowFate::Added {
                assigned: false,
                like,
                ..
            } => unassigned.push(match like {
                Some(p) => format!(
                    "{}; {} on {} was for outcome {}{}",
                    row_text(k),
                    p.payee,
                    p.date,
                    p.outcome,
                    p.category
                        .as_deref()
                        .map(|c| format!(", category {c}"))
                        .unwrap_or_default()
                ),
                None => row_text(k),
            }),
            RowFate::Added { .. } => {}
        }
    }
    group("Skipped, already imported", already)?;
    group(
        "Skipped, already entered by hand (same amount, within 2 days, similar payee)",
        by_hand,
    )?;
    group("Skipped, no money moved", nothing)?;
    let any_unassigned = !unassigned.is_empty();
    group(
        &format!(
            "Not recognised by any payee rule, so recorded with no outcome, as {} or {}",
            accounts::UNASSIGNED_EXPENSE,
            accounts::UNASSIGNED_INCOME
        ),
        unassigned,
    )?;
    if any_unassigned {
        // A ready-made rule from the first row that resembles an earlier entry, if any.
        let example = p.fates.iter().find_map(|f| match f {
            RowFate::Added {
                like: Some(like), ..
            } => Some(like),
            _ => None,
        });
        let rule = match example {
            Some(like) => format!(
                "  [[payee_rules]]\n  match = \"{}\"\n  payee = \"{}\"\n  outcome = \"{}\"{}",
                crate::core::import::normalise(&like.payee),
                like.payee,
                like.outcome,
                like.category
                    .as_deref()
                    .map(|c| format!("\n  category = \"{c}\""))
                    .unwrap_or_default()
            ),
            None => "  [[payee_rules]]\n  match = \"text from the description\"\n  outcome = \"an outcome id\"\n  category = \"what it was, e.g. groceries\"".to_string(),
        };
        writeln!(
            out,
            "Assign them by editing the entries, or (before writing) add rules to plan.toml and import again, e.g.:\n{rule}"
        )?;
    }
    for r in &p.ignored_rules {
        writeln!(out, "Note: {r}")?;
    }

    writeln!(out)?;
    if let Some((date, statement_says, records)) = p.opening_gap {
        writeln!(
            out,
            "Note: the statement starts with a balance of {statement_says} before {date}, but the records have {records} at the end of the day before; money may be missing from the records before this statement."
        )?;
    }
    match &p.closing {
        Some(Closing::Recorded { date, balance }) => writeln!(
            out,
            "The statement's closing balance, {balance} on {date}, agrees with the records{}.",
            if preview {
                " and would be recorded as a balance check"
            } else {
                ", and is recorded as a balance check"
            }
        )?,
        Some(Closing::AlreadyRecorded { date, balance }) => writeln!(
            out,
            "The statement's closing balance, {balance} on {date}, is already recorded."
        )?,
        Some(Closing::Differs {
            date,
            statement,
            records,
        }) => match advice {
            super::Advice::CommandLine => writeln!(
                out,
                "The statement's closing balance is {statement} on {date}, but the records {} {records}, a difference of {}. No balance check was recorded. To find the difference: careledger reconcile --stream {} --date {date} --balance {}",
                if preview { "would then say" } else { "say" },
                *statement - *records,
                p.stream,
                statement.plain()
            )?,
            super::Advice::App { reconcile, .. } => writeln!(
                out,
                "The statement's closing balance is {statement} on {}, but the records {} {records}, {} {} than the statement. No balance check was recorded. To find the difference, check the records against a balance of {statement} on {} ({reconcile}).",
                words::long_date(*date),
                if preview { "would then say" } else { "say" },
                (*statement - *records).abs(),
                if *statement > *records {
                    "less"
                } else {
                    "more"
                },
                words::long_date(*date)
            )?,
        },
        None => writeln!(
            out,
            "The statement has no balance column, so no balance check was recorded."
        )?,
    }
    if preview {
        writeln!(out, "Preview only: nothing was written.")?;
    } else if p.entries.is_empty() {
        writeln!(out, "Nothing was written.")?;
    } else {
        writeln!(
            out,
            "Added {} to {}.",
            plural(added as i64, "entry"),
            files.journal_path().display()
        )?;
    }
    Ok(())
}

/// The rows to be added, as a table: what each becomes and why; amounts signed for the
/// command line, in words for the app and plain mode.
fn added_table(statement: &Statement, p: &ImportPlan, app: bool) -> String {
    let mut rows: Vec<[String; 6]> = vec![[
        "Date".into(),
        "Payee".into(),
        "Amount".into(),
        "Outcome".into(),
        "Category".into(),
        "Why".into(),
    ]];
    for (k, fate) in p.fates.iter().enumerate() {
        let RowFate::Added {
            entry,
            rule,
            assigned,
            followed,
            cash,
            ..
        } = fate
        else {
            continue;
        };
        let Some(NewEntry::Transaction(tx)) = p.entries.get(*entry) else {
            continue;
        };
        let outcome = tx
            .tags
            .iter()
            .find(|(n, _)| n == "outcome")
            .map_or("-".to_string(), |(_, v)| v.clone());
        let other = tx
            .postings
            .iter()
            .find(|pp| pp.account != p.account)
            .map(|pp| pp.account.as_str())
            .unwrap_or_default();
        let category = accounts::category_of(other)
            .map(str::to_string)
            .unwrap_or_else(|| match other {
                accounts::CLIENT_CONTRIBUTION => "contribution".into(),
                accounts::OTHER_INCOME => "other income".into(),
                a if a == accounts::UNASSIGNED_INCOME => "unassigned".into(),
                _ => "funder's payment".into(),
            });
        let why = match (rule, followed, cash, assigned) {
            (Some(r), _, _, _) if other == accounts::OTHER_INCOME => {
                format!("payee rule \"{r}\": other income")
            }
            (Some(r), _, _, _) => format!("payee rule \"{r}\""),
            (None, _, true, _) => "a cash withdrawal: funders ask what cash was for".into(),
            (None, Some(f), _, _) => format!("as the entry of {} to {}", f.date, f.payee),
            (None, None, false, true) if other == accounts::CLIENT_CONTRIBUTION => {
                "names you: your own money paid in".into()
            }
            (None, None, false, true) => "names the funder: their payment".into(),
            _ => "not recognised; assign it after importing".into(),
        };
        rows.push([
            statement.rows[k].date.to_string(),
            tx.payee.clone(),
            if app {
                words::paid(statement.rows[k].amount)
            } else {
                signed(statement.rows[k].amount)
            },
            outcome,
            category,
            why,
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| {
            rows.iter()
                .map(|r| unicode_width::UnicodeWidthStr::width(r[c].as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in &rows {
        let mut line = String::new();
        for c in 0..5 {
            let cell = &r[c];
            let pad = widths[c] - unicode_width::UnicodeWidthStr::width(cell.as_str());
            if c == 2 {
                line.push_str(&" ".repeat(pad));
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&" ".repeat(pad));
            }
            line.push_str("  ");
        }
        line.push_str(&r[5]);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Money in with a + and money out with a -, as on a statement.
fn signed(m: Money) -> String {
    if m.is_negative() {
        m.to_string()
    } else {
        format!("+{m}")
    }
}
