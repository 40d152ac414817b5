//! `careledger import FILE.csv`: add a bank statement's rows to a holder's journal, skipping
//! what is already there. The rules for what is added live in `core::import`; this file
//! reads the file, writes through the store, and says what happened in plain sentences.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{CliResult, Ctx, Failure, author, pick_holder};
use crate::core::import::{
    Closing, ImportPlan, RowFate, Statement, plan_import, read_statement, statement_stream,
};
use crate::core::journal::NewEntry;
use crate::core::money::Money;
use crate::core::position::plural;
use crate::store::HolderFiles;

#[derive(Debug, Clone, PartialEq, Eq, Args)]
pub struct ImportArgs {
    /// The bank statement: a CSV file with a header row.
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
    let id = pick_holder(ctx)?;
    let files = ctx.workspace.load_holder(&id)?;
    let settings = ctx.workspace.settings()?;
    let plan = &files.plan.plan;
    let file = args.file.display().to_string();

    let (text, note) = read_statement_file(&args.file)?;
    let profiles = settings.all_import_profiles();
    let chosen = match &args.profile {
        Some(name) => Some((
            name.as_str(),
            profiles.get(name).ok_or_else(|| {
                let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
                Failure::new(format!(
                    "there is no import profile \"{name}\" (profiles: {}); add it to careledger.toml as [import.profiles.{name}]",
                    known.join(", ")
                ))
            })?,
        )),
        None => None,
    };
    let statement = read_statement(&text, chosen, &profiles).map_err(|e| {
        let lines: Vec<String> = e
            .problems
            .iter()
            .map(|p| format!("{file}:{}: {}", p.line, p.message))
            .collect();
        Failure::new(format!(
            "{}\nThe statement was not imported: nothing was written. Correct the lines above (or export the statement again) and run the import again.",
            lines.join("\n")
        ))
    })?;
    let stream = statement_stream(plan, args.stream.as_deref())
        .map_err(|e| Failure::new(format!("{e}; nothing was written")))?;

    if let Some(note) = note {
        writeln!(out, "{note}")?;
    }
    let first = statement.rows.first().map(|r| r.date);
    let last = statement.rows.last().map(|r| r.date);
    writeln!(
        out,
        "Bank statement {file} (layout {}): {} from {} to {}, for {}'s {} ({}).",
        statement.layout,
        plural(statement.rows.len() as i64, "row"),
        first.map(|d| d.to_string()).unwrap_or_default(),
        last.map(|d| d.to_string()).unwrap_or_default(),
        plan.holder.name,
        stream.label(),
        stream.account()
    )?;
    for w in &statement.warnings {
        writeln!(out, "Note: {file}:{w}")?;
    }

    let import_plan = if args.preview {
        plan_import(
            plan,
            &files.journals,
            &statement,
            stream,
            &settings.payee_rules,
        )
    } else {
        ctx.workspace
            .change_journal(&id, &author(ctx), |journals| {
                let p = plan_import(plan, journals, &statement, stream, &settings.payee_rules);
                for (k, fate) in p.fates.iter().enumerate() {
                    if let RowFate::Added { entry, .. } = fate {
                        let problems = p.entries[*entry].problems();
                        if !problems.is_empty() {
                            let line = statement.rows[k].line;
                            return Err(format!("{file}:{line}: {}", problems.join("; ")));
                        }
                    }
                }
                let text =
                    (!p.entries.is_empty()).then(|| journals[0].with_appended_entries(&p.entries));
                Ok((text, p))
            })?
    };
    report(out, &files, &statement, &import_plan, args.preview)?;
    Ok(())
}

/// The file's text. Banks' exports are usually UTF-8; some are still Windows-1252, whose
/// `£` is byte 0xA3, so text that is not UTF-8 is read that way, and the user told.
fn read_statement_file(path: &Path) -> Result<(String, Option<String>), Failure> {
    const LIMIT: u64 = 64 * 1024 * 1024;
    let cannot = |e: std::io::Error| Failure::new(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(cannot)?.len();
    if size > LIMIT {
        return Err(Failure::new(format!(
            "{}: is {size} bytes, far more than a bank statement; nothing was written",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
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

fn report(
    out: &mut dyn Write,
    files: &HolderFiles,
    statement: &Statement,
    p: &ImportPlan,
    preview: bool,
) -> CliResult {
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
            signed(r.amount)
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
        for e in &p.entries {
            writeln!(out)?;
            write!(out, "{}", e.render())?;
        }
    }

    let mut group = |title: &str, lines: Vec<String>| -> CliResult {
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
        "Not recognised by any payee rule, so recorded with no outcome, as expenses:unassigned or income:unassigned",
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
        }) => writeln!(
            out,
            "The statement's closing balance is {statement} on {date}, but the records {} {records}, a difference of {}. No balance check was recorded. To find the difference: careledger reconcile --stream {} --date {date} --balance {}",
            if preview { "would then say" } else { "say" },
            *statement - *records,
            p.stream,
            statement.plain()
        )?,
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

/// Money in with a + and money out with a -, as on a statement.
fn signed(m: Money) -> String {
    if m.is_negative() {
        m.to_string()
    } else {
        format!("+{m}")
    }
}
