//! Bank statements: reading a CSV export into dated rows of money in and out, and working out
//! which of them a holder's journal still needs.
//!
//! Reading ([`read_statement`]) is all or nothing: a row whose date or amount cannot be read,
//! or that has the wrong number of fields, is reported with its line in the file, and no
//! statement comes back at all, so nothing half-read can reach the journal.
//!
//! Planning ([`plan_import`]) decides each row's fate against the journals as they are:
//! - **already imported**: an entry carries the row's `bankref:` tag, a stable hash of the
//!   row's date, amount, description and how many identical rows came before it that day (so
//!   overlapping statements and re-runs add nothing);
//! - **entered by hand**: an entry on the same account with the same amount, dated within two
//!   days, whose payee looks like the bank's description (see [`similar_payee`]);
//! - otherwise it is **added**, as a cleared entry (the bank has paid it), with outcome and
//!   category from the first payee rule that matches. Money in that looks like the funder or
//!   the holder is recognised as the funder's payment or the holder's contribution.
//!
//! Rows no rule recognises are still added, to `expenses:unassigned` (or `income:unassigned`)
//! with no outcome: the records then agree with the bank, the dashboard's "not linked to an
//! outcome" alert keeps them in view until someone assigns them, and they are listed at
//! import. Holding them back instead would leave the balance wrong and the statement's
//! closing balance impossible to record. `--preview` shows them first, so rules can be added
//! before anything is written.
//!
//! The statement's closing balance becomes a balance check (a zero-amount entry with a
//! balance assertion) when the records agree with it once the import is done. When they do
//! not, no check is written, and the difference is reported instead: an assertion that fails
//! would make the whole journal unreadable.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;

use super::accounts;
use super::journal::{Journal, NewBalanceCheck, NewEntry, NewPosting, NewTransaction, Status};
use super::money::Money;
use super::plan::{FundingStream, IncomeKind, Management, PayeeRule, Plan};

/// The layouts shipped with careledger (also the documented sample of a profile).
pub const BUILT_IN_PROFILES: &str = include_str!("../../config/bank-profiles.toml");

/// The tag that links an entry to the statement row it came from.
pub const BANKREF_TAG: &str = "bankref";

/// How far apart (in days) a hand-entered payment and the bank's record of it may be dated.
pub const MATCH_DAYS: i64 = 2;

/// How one bank's CSV export is laid out. Column names match whatever their case.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default)]
    pub about: Option<String>,
    /// Lines before the header row.
    #[serde(default)]
    pub skip_lines: usize,
    pub date: String,
    /// A chrono format such as `%d/%m/%Y`.
    #[serde(default = "default_date_format")]
    pub date_format: String,
    pub description: String,
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default)]
    pub money_out: MoneyOut,
    #[serde(default)]
    pub paid_in: Option<String>,
    #[serde(default)]
    pub paid_out: Option<String>,
    #[serde(default)]
    pub type_column: Option<String>,
    #[serde(default)]
    pub money_in_types: Vec<String>,
    #[serde(default)]
    pub balance: Option<String>,
    /// For a file with no header row: its columns' names, in order. Such a file is
    /// recognised by its shape (as many fields as these, a date and an amount where they say).
    #[serde(default)]
    pub columns: Vec<String>,
    /// The banks that export this layout, by the names `--profile` also takes
    /// (`--profile lloyds` is the `debit-credit` layout).
    #[serde(default)]
    pub banks: Vec<String>,
}

/// The profile `name` names: a profile's own name, or a bank that exports its layout
/// (any case; spaces, `&` and hyphens alike: "Bank of Scotland", "bank-of-scotland").
pub fn profile_named<'a>(
    profiles: &'a BTreeMap<String, Profile>,
    name: &str,
) -> Option<(&'a str, &'a Profile)> {
    if let Some((k, p)) = profiles.get_key_value(name) {
        return Some((k.as_str(), p));
    }
    let key = |s: &str| normalise(s).replace(' ', "-");
    let wanted = key(name);
    profiles
        .iter()
        .find(|(k, p)| key(k) == wanted || p.banks.iter().any(|b| key(b) == wanted))
        .map(|(k, p)| (k.as_str(), p))
}

fn default_date_format() -> String {
    "%d/%m/%Y".to_string()
}

/// How money out is written in a single amount column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MoneyOut {
    #[default]
    Negative,
    Positive,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    profiles: BTreeMap<String, Profile>,
}

/// The profiles in [`BUILT_IN_PROFILES`].
pub fn built_in_profiles() -> BTreeMap<String, Profile> {
    // The file is part of the binary and read by a unit test, so it always parses.
    toml::from_str::<ProfilesFile>(BUILT_IN_PROFILES)
        .map(|f| f.profiles)
        .unwrap_or_default()
}

impl Profile {
    /// What makes this profile unusable, in words.
    pub fn problem(&self) -> Option<String> {
        let single = self.amount.is_some();
        let split = self.paid_in.is_some() || self.paid_out.is_some();
        if single == split {
            return Some(
                "give either amount (one column) or paid_in and paid_out (two columns)".into(),
            );
        }
        if split && (self.paid_in.is_none() || self.paid_out.is_none()) {
            return Some("give both paid_in and paid_out".into());
        }
        if self.type_column.is_some() == self.money_in_types.is_empty() {
            return Some("type_column and money_in_types go together".into());
        }
        if self.type_column.is_some() && !single {
            return Some("type_column works with a single amount column".into());
        }
        if !self.columns.is_empty() {
            for c in self.named_columns() {
                if column(&self.columns, c).is_none() {
                    return Some(format!("\"{c}\" is not one of its columns"));
                }
            }
        }
        let bad_format = chrono::format::StrftimeItems::new(&self.date_format)
            .any(|i| matches!(i, chrono::format::Item::Error));
        if bad_format {
            return Some(format!(
                "date_format \"{}\" is not a date format; write e.g. %d/%m/%Y",
                self.date_format
            ));
        }
        None
    }

    fn named_columns(&self) -> Vec<&str> {
        [
            Some(&self.date),
            Some(&self.description),
            self.amount.as_ref(),
            self.paid_in.as_ref(),
            self.paid_out.as_ref(),
            self.type_column.as_ref(),
            self.balance.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect()
    }
}

/// One row of a statement, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementRow {
    /// 1-based line in the file.
    pub line: usize,
    pub date: NaiveDate,
    pub description: String,
    /// Money in positive, money out negative.
    pub amount: Money,
    /// The running balance after this row, when the statement gives one.
    pub balance: Option<Money>,
    /// Stable identity of the row across statements (see the module note).
    pub bankref: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The profile's name, or "Date,Description,Amount" for the generic layout.
    pub layout: String,
    /// Oldest first, whatever order the file was in.
    pub rows: Vec<StatementRow>,
    /// Things worth knowing that do not stop the import.
    pub warnings: Vec<String>,
}

impl Statement {
    /// The balance after the last row, and its date, when the statement has balances.
    pub fn closing_balance(&self) -> Option<(NaiveDate, Money)> {
        let last = self.rows.last()?;
        Some((last.date, last.balance?))
    }
    /// The balance before the first row, and the first row's date.
    pub fn opening_balance(&self) -> Option<(NaiveDate, Money)> {
        let first = self.rows.first()?;
        Some((first.date, first.balance? - first.amount))
    }
}

/// A problem at one line of a statement file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub message: String,
}

/// Why a statement could not be read: every bad line, each with what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .problems.iter().map(|p| format!("{}: {}", p.line, p.message)).collect::<Vec<_>>().join("\n"))]
pub struct StatementError {
    pub problems: Vec<RowProblem>,
}

impl StatementError {
    fn one(line: usize, message: String) -> StatementError {
        StatementError {
            problems: vec![RowProblem { line, message }],
        }
    }
}

/// The layout a file was matched to, with each column's position in its header.
struct Layout {
    name: String,
    skip_lines: usize,
    date_formats: Vec<String>,
    date: usize,
    description: usize,
    amount: Option<usize>,
    money_out: MoneyOut,
    paid_in: Option<usize>,
    paid_out: Option<usize>,
    type_column: Option<usize>,
    money_in_types: Vec<String>,
    balance: Option<usize>,
    width: usize,
    /// False for a file with no header row: its first row is money in or out.
    has_header: bool,
}

const GENERIC: &str = "Date,Description,Amount";

/// Read a statement. `chosen` is a profile the user named; otherwise the layout is the
/// generic one or found among `profiles` by its header.
pub fn read_statement(
    text: &str,
    chosen: Option<(&str, &Profile)>,
    profiles: &BTreeMap<String, Profile>,
) -> Result<Statement, StatementError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let layout = match chosen {
        Some((name, p)) => {
            if let Some(problem) = p.problem() {
                return Err(StatementError::one(
                    1,
                    format!("the profile \"{name}\" cannot be used: {problem}"),
                ));
            }
            let (line, header) = if p.columns.is_empty() {
                header_row(text, p.skip_lines)?
            } else {
                (1, p.columns.clone())
            };
            profile_layout(name, p, &header).map_err(|missing| {
                StatementError::one(
                    line,
                    format!(
                        "the header row has no column \"{missing}\", which the profile \"{name}\" reads; \
                         its columns are: {}. Choose another profile, or correct this one",
                        header.join(", ")
                    ),
                )
            })?
        }
        None => find_layout(text, profiles)?,
    };
    read_rows(text, &layout)
}

/// The header row after `skip` lines, as trimmed column names, with its line number.
fn header_row(text: &str, skip: usize) -> Result<(usize, Vec<String>), StatementError> {
    let body = after_lines(text, skip);
    let mut reader = csv_reader(body);
    match reader.records().next() {
        Some(Ok(r)) => {
            let line = skip + r.position().map_or(1, |p| Lines::of(body).at(p.byte()));
            Ok((line, r.iter().map(|f| clean_cell(f).to_string()).collect()))
        }
        Some(Err(e)) => Err(StatementError::one(
            skip + 1,
            format!("the header row cannot be read as CSV: {e}"),
        )),
        None if text.trim().is_empty() => Err(StatementError::one(
            1,
            "the file is empty; export the statement from the bank as CSV with a header row".into(),
        )),
        None => Err(StatementError::one(
            text.lines().count().max(1),
            format!(
                "the file ends before line {}, where this layout's header row should be \
                 (it skips {skip} lines first); choose another profile, or check this is the \
                 whole statement",
                skip + 1
            ),
        )),
    }
}

/// The line a record starts on, counted by careledger rather than taken from the csv reader.
/// The reader gives each record the place where the one before it ended, before the line
/// end: with `\r\n` line ends (as most banks' exports have) that is the line before, and
/// after a blank line it is the blank line. A record starts after any line ends at that place.
struct Lines<'a> {
    text: &'a [u8],
    /// How far the count has got, and the line there (1-based).
    at: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Lines<'a> {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record the reader placed at byte `from`. Records come in order, so
    /// each is counted on from the last: the whole file is counted once.
    fn at(&mut self, from: u64) -> usize {
        let mut start = usize::try_from(from).map_or(self.text.len(), |f| f.min(self.text.len()));
        while self
            .text
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        if start < self.at {
            (self.at, self.line) = (0, 1);
        }
        for (k, &b) in self.text[self.at..start].iter().enumerate() {
            // `\r\n`, `\n` and (from old Macs) a lone `\r` each end one line.
            let next = self.text.get(self.at + k + 1);
            if b == b'\n' || (b == b'\r' && next != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.at = start;
        self.line
    }
}

fn after_lines(text: &str, skip: usize) -> &str {
    let mut rest = text;
    for _ in 0..skip {
        rest = rest.split_once('\n').map_or("", |(_, r)| r);
    }
    rest
}

fn csv_reader(body: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body.as_bytes())
}

fn column(header: &[String], name: &str) -> Option<usize> {
    let want = name.trim().to_lowercase();
    header.iter().position(|h| h.to_lowercase() == want)
}

/// The layout of `profile` over `header`, or the first column it needs that is missing.
fn profile_layout(name: &str, p: &Profile, header: &[String]) -> Result<Layout, String> {
    let col = |c: &String| column(header, c).ok_or_else(|| c.clone());
    let opt = |c: &Option<String>| c.as_ref().map(col).transpose();
    Ok(Layout {
        name: name.to_string(),
        skip_lines: p.skip_lines,
        date_formats: vec![p.date_format.clone()],
        date: col(&p.date)?,
        description: col(&p.description)?,
        amount: opt(&p.amount)?,
        money_out: p.money_out,
        paid_in: opt(&p.paid_in)?,
        paid_out: opt(&p.paid_out)?,
        type_column: opt(&p.type_column)?,
        money_in_types: p.money_in_types.iter().map(|t| t.to_lowercase()).collect(),
        balance: opt(&p.balance)?,
        width: header.len(),
        has_header: p.columns.is_empty(),
    })
}

/// What banks call the columns careledger needs, most telling first (compared as
/// [`normalise`]d: any case, punctuation ignored).
const DATE_NAMES: &[&str] = &[
    "date",
    "transaction date",
    "posted date",
    "posting date",
    "completed date",
    "value date",
    "date of transaction",
];
const DESCRIPTION_NAMES: &[&str] = &[
    "description",
    "transaction description",
    "details",
    "transaction details",
    "narrative",
    "memo",
    "name",
    "payee",
    "merchant",
    "merchant name",
    "counter party",
    "counterparty",
    "particulars",
    "reference",
];
const AMOUNT_NAMES: &[&str] = &[
    "amount",
    "amount gbp",
    "gbp amount",
    "transaction amount",
    "value",
    "billing amount",
    "net amount",
];
const PAID_OUT_NAMES: &[&str] = &[
    "paid out",
    "money out",
    "debit",
    "debit amount",
    "debits",
    "withdrawals",
    "withdrawn",
    "out",
    "spent",
];
const PAID_IN_NAMES: &[&str] = &[
    "paid in",
    "money in",
    "credit",
    "credit amount",
    "credits",
    "deposits",
    "received",
    "in",
];
const BALANCE_NAMES: &[&str] = &["balance", "running balance", "balance gbp", "gbp balance"];

/// The day-first and year-first ways UK banks write dates.
const DATE_FORMATS: &[&str] = &[
    "%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d-%b-%Y", "%Y/%m/%d",
];

/// The layout of a header no profile names, from what its columns are called: a date, a
/// description, and one signed amount or paid-out and paid-in columns, whatever else is
/// there. Otherwise what is missing, in words.
/// The fields of the row after the header on line `header_line` (1-based), if any.
fn first_data_row(text: &str, header_line: usize) -> Vec<String> {
    let rest = after_lines(text, header_line);
    let mut reader = csv_reader(rest);
    reader
        .records()
        .flatten()
        .find(|r| r.iter().any(|f| !f.trim().is_empty()))
        .map(|r| r.iter().map(|f| clean_cell(f).to_string()).collect())
        .unwrap_or_default()
}

/// A profile for careledger.toml guessed from a header no profile fits: each key the column
/// whose name or first value looks like it, or a placeholder saying what to put there.
fn profile_guess(header: &[String], row: Vec<String>) -> String {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let value = |k: usize| row.get(k).map(String::as_str).unwrap_or_default();
    let is_date = |k: usize| {
        DATE_FORMATS
            .iter()
            .any(|f| NaiveDate::parse_from_str(value(k), f).is_ok())
    };
    let is_money = |k: usize| cell_money(value(k), "amount").is_ok() && !value(k).is_empty();
    let named = |wanted: &[&str], contains: &str| {
        wanted
            .iter()
            .find_map(|w| names.iter().position(|n| n == w))
            .or_else(|| names.iter().position(|n| n.contains(contains)))
    };
    let date = named(DATE_NAMES, "date").or_else(|| (0..header.len()).find(|&k| is_date(k)));
    let has = |k: usize, words: &[&str]| names[k].split(' ').any(|w| words.contains(&w));
    let paid_out =
        (0..header.len()).find(|&k| has(k, &["debit", "out", "withdrawal", "withdrawals"]));
    let paid_in = (0..header.len()).find(|&k| has(k, &["credit", "in", "deposit", "deposits"]));
    if let (Some(o), Some(i), None) = (
        paid_out,
        paid_in,
        named(AMOUNT_NAMES, "amount").filter(|a| Some(*a) != paid_out && Some(*a) != paid_in),
    ) {
        let description = named(DESCRIPTION_NAMES, "desc").or_else(|| {
            (0..header.len()).find(|&k| Some(k) != date && k != o && k != i && !is_money(k))
        });
        let format = date
            .and_then(|k| {
                DATE_FORMATS
                    .iter()
                    .find(|f| NaiveDate::parse_from_str(value(k), f).is_ok())
            })
            .copied()
            .unwrap_or("%d/%m/%Y");
        let q = |k: usize| format!("\"{}\"", header[k].replace('"', ""));
        return format!(
            "  [import.profiles.my-bank]\n  date = {}\n  date_format = \"{format}\"\n  description = {}\n  paid_out = {}\n  paid_in = {}\n",
            date.map_or("\"?\"   # the column that says when".to_string(), q),
            description.map_or("\"?\"   # the column that says who was paid".to_string(), q),
            q(o),
            q(i)
        );
    }
    let amount = named(AMOUNT_NAMES, "amount")
        .or_else(|| (0..header.len()).find(|&k| Some(k) != date && is_money(k)));
    let description = named(DESCRIPTION_NAMES, "desc").or_else(|| {
        (0..header.len()).find(|&k| Some(k) != date && Some(k) != amount && !is_money(k))
    });
    let format = date
        .and_then(|k| {
            DATE_FORMATS
                .iter()
                .find(|f| NaiveDate::parse_from_str(value(k), f).is_ok())
        })
        .copied()
        .unwrap_or("%d/%m/%Y");
    let key = |k: Option<usize>, what: &str| match k {
        Some(k) => format!("\"{}\"", header[k].replace('"', "")),
        None => format!("\"?\"   # the column that says {what}"),
    };
    format!(
        "  [import.profiles.my-bank]\n  date = {}\n  date_format = \"{format}\"\n  description = {}\n  amount = {}\n",
        key(date, "when"),
        key(description, "who was paid"),
        key(amount, "how much (or paid_out and paid_in instead)")
    )
}

fn by_meaning(header: &[String]) -> Result<Layout, &'static str> {
    let names: Vec<String> = header.iter().map(|h| normalise(h)).collect();
    let find = |wanted: &[&str]| {
        wanted
            .iter()
            .find_map(|w| names.iter().position(|n| n == w))
    };
    let date = find(DATE_NAMES).ok_or("when (a date)")?;
    let description = find(DESCRIPTION_NAMES).ok_or("who was paid (a description or name)")?;
    let amount = find(AMOUNT_NAMES);
    let (paid_out, paid_in) = (find(PAID_OUT_NAMES), find(PAID_IN_NAMES));
    let split = paid_out.zip(paid_in).filter(|_| amount.is_none());
    if amount.is_none() && split.is_none() {
        return Err("how much (an amount, or paid out and paid in)");
    }
    let money = match (amount, split) {
        (Some(a), _) => header[a].clone(),
        (None, Some((o, i))) => format!("{}, {}", header[o], header[i]),
        (None, None) => String::new(),
    };
    Ok(Layout {
        name: format!(
            "read by its columns: {}, {}, {money}",
            header[date], header[description]
        ),
        skip_lines: 0,
        date_formats: DATE_FORMATS.iter().map(|f| (*f).to_string()).collect(),
        date,
        description,
        amount,
        money_out: MoneyOut::Negative,
        paid_in: split.map(|(_, i)| i),
        paid_out: split.map(|(o, _)| o),
        type_column: None,
        money_in_types: Vec::new(),
        balance: find(BALANCE_NAMES),
        width: header.len(),
        has_header: true,
    })
}

/// The first row of money in or out (after the header and any blank lines), as cleaned fields.
fn first_row(text: &str, layout: &Layout) -> Option<Vec<String>> {
    let body = after_lines(text, layout.skip_lines);
    csv_reader(body)
        .records()
        .skip(usize::from(layout.has_header))
        .map_while(Result::ok)
        .map(|r| {
            r.iter()
                .map(|f| clean_cell(f).to_string())
                .collect::<Vec<_>>()
        })
        .find(|r| r.iter().any(|f| !f.is_empty()))
}

/// Whether `row`, a file's first row, has the shape of a row of money in or out laid out as
/// `layout` says (for files with no header row).
fn has_row_shape(row: &[String], layout: &Layout) -> bool {
    let fields: Vec<&str> = row.iter().map(String::as_str).collect();
    row.len() == layout.width
        && !row.get(layout.description).is_none_or(|d| d.is_empty())
        && read_row(&fields, layout, None).is_ok()
}

/// The generic layout, or the one profile whose columns the header has.
fn find_layout(text: &str, profiles: &BTreeMap<String, Profile>) -> Result<Layout, StatementError> {
    let (line, header) = header_row(text, 0)?;
    let mut names: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    names.sort();
    let generic = names == ["amount", "date", "description"]
        || names == ["amount", "balance", "date", "description"];
    if generic {
        let col = |n: &str| column(&header, n).unwrap_or(0);
        return Ok(Layout {
            name: GENERIC.to_string(),
            skip_lines: 0,
            date_formats: vec!["%Y-%m-%d".into(), "%d/%m/%Y".into()],
            date: col("date"),
            description: col("description"),
            amount: Some(col("amount")),
            money_out: MoneyOut::Negative,
            paid_in: None,
            paid_out: None,
            type_column: None,
            money_in_types: Vec::new(),
            balance: column(&header, "balance"),
            width: header.len(),
            has_header: true,
        });
    }
    let mut fits: Vec<(usize, Layout)> = Vec::new();
    for (name, p) in profiles {
        if p.problem().is_some() {
            continue;
        }
        let Ok((_, h)) = header_row(text, p.skip_lines) else {
            continue;
        };
        if !p.columns.is_empty() {
            if let Ok(layout) = profile_layout(name, p, &p.columns)
                && has_row_shape(&h, &layout)
            {
                fits.push((p.named_columns().len(), layout));
            }
        } else if let Ok(layout) = profile_layout(name, p, &h) {
            fits.push((p.named_columns().len(), layout));
        }
    }
    let most = fits.iter().map(|(n, _)| *n).max();
    let mut best: Vec<Layout> = fits
        .into_iter()
        .filter(|(n, _)| Some(*n) == most)
        .map(|(_, l)| l)
        .collect();
    // Banks that share a header may write dates differently (Lloyds 01/04/2026, TSB
    // 2026-04-01): of those, the one that reads the first row is the one.
    if best.len() > 1 {
        let reads: Vec<bool> = best
            .iter()
            .map(|l| first_row(text, l).is_some_and(|r| has_row_shape(&r, l)))
            .collect();
        if reads.iter().filter(|r| **r).count() == 1 {
            let mut keep = reads.iter();
            best.retain(|_| keep.next().copied().unwrap_or(false));
        }
    }
    match best.len() {
        1 => Ok(best.remove(0)),
        0 => by_meaning(&header).map_err(|missing| {
            let known: Vec<&str> = profiles.keys().map(String::as_str).collect();
            StatementError::one(
                line,
                format!(
                    "careledger does not know this layout (columns: {}): no column says {missing}. \
                     Save the statement as Date,Description,Amount[,Balance], or describe its \
                     columns in careledger.toml as [import.profiles.NAME] and use --profile NAME \
                     (known profiles: {}). A start, to correct where it says so:\n{}",
                    header.join(", "),
                    known.join(", "),
                    profile_guess(&header, first_data_row(text, line))
                ),
            )
        }),
        _ => {
            let names: Vec<&str> = best.iter().map(|l| l.name.as_str()).collect();
            Err(StatementError::one(
                line,
                format!(
                    "this layout fits several profiles ({}); choose one with --profile NAME",
                    names.join(", ")
                ),
            ))
        }
    }
}

fn read_rows(text: &str, layout: &Layout) -> Result<Statement, StatementError> {
    let body = after_lines(text, layout.skip_lines);
    let mut reader = csv_reader(body);
    let mut lines = Lines::of(body);
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut header_line = None;
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = layout.skip_lines + e.position().map_or(1, |p| lines.at(p.byte()));
                problems.push(RowProblem {
                    line,
                    message: format!("this row cannot be read as CSV: {e}"),
                });
                continue;
            }
        };
        let line = layout.skip_lines + record.position().map_or(1, |p| lines.at(p.byte()));
        if header_line.is_none() && layout.has_header {
            header_line = Some(line);
            continue;
        }
        let fields: Vec<&str> = record.iter().map(clean_cell).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        match read_row(&fields, layout, header_line) {
            Ok((date, description, amount, balance)) => rows.push(StatementRow {
                line,
                date,
                description,
                amount,
                balance,
                bankref: String::new(),
            }),
            Err(message) => problems.push(RowProblem { line, message }),
        }
    }
    if !problems.is_empty() {
        return Err(StatementError { problems });
    }
    if rows.is_empty() {
        return Err(StatementError::one(
            header_line.unwrap_or(1),
            "the statement has a header but no rows of money in or out".into(),
        ));
    }
    // Many banks list the newest first; the journal wants the oldest first.
    let descending = rows.first().map(|r| r.date) > rows.last().map(|r| r.date);
    if descending {
        rows.reverse();
    }
    let mut warnings = Vec::new();
    for pair in rows.windows(2) {
        if let (Some(before), Some(after)) = (pair[0].balance, pair[1].balance)
            && before + pair[1].amount != after
        {
            warnings.push(format!(
                "line {}: the balance {} does not follow from the balance {} on line {} and the amount {}; the statement may be missing a row",
                pair[1].line, after, before, pair[0].line, pair[1].amount
            ));
        }
    }
    let mut seen: HashMap<(NaiveDate, Money, String), u32> = HashMap::new();
    for r in &mut rows {
        let desc = normalise(&r.description);
        let n = seen.entry((r.date, r.amount, desc.clone())).or_insert(0);
        *n += 1;
        r.bankref = bankref(&format!(
            "{}|{}|{}|{}",
            r.date.format("%Y-%m-%d"),
            r.amount.plain(),
            desc,
            n
        ));
    }
    Ok(Statement {
        layout: layout.name.clone(),
        rows,
        warnings,
    })
}

type RowValues = (NaiveDate, String, Money, Option<Money>);

fn read_row(fields: &[&str], l: &Layout, header_line: Option<usize>) -> Result<RowValues, String> {
    let extra_empty = fields.len() > l.width && fields[l.width..].iter().all(|f| f.is_empty());
    if fields.len() != l.width && !extra_empty {
        let header = match header_line {
            Some(line) => format!("the header on line {line} has"),
            None => format!("the layout {} has", l.name),
        };
        return Err(format!(
            "this row has {} fields but {header} {}; a comma inside a description must be in \"quotes\"",
            fields.len(),
            l.width
        ));
    }
    let cell = |i: usize| fields.get(i).copied().unwrap_or("");
    let date_text = cell(l.date);
    let date = l
        .date_formats
        .iter()
        .find_map(|f| {
            NaiveDate::parse_from_str(date_text, f)
                .ok()
                .filter(|d| super::journal::recordable(*d))
        })
        .ok_or_else(|| {
            let example = NaiveDate::from_ymd_opt(2026, 4, 1)
                .map(|d| {
                    l.date_formats
                        .iter()
                        .map(|f| d.format(f).to_string())
                        .collect::<Vec<_>>()
                        .join(" or ")
                })
                .unwrap_or_default();
            if date_text.is_empty() {
                format!("the date is empty; it should look like {example}")
            } else {
                format!(
                    "\"{date_text}\" is not a date written like {example}, with the year in full"
                )
            }
        })?;
    let description = cell(l.description).to_string();
    let amount = if let Some(i) = l.amount {
        let a = cell_money(cell(i), "amount")?;
        if let Some(t) = l.type_column {
            let kind = cell(t).to_lowercase();
            if l.money_in_types.contains(&kind) {
                a.abs()
            } else {
                -a.abs()
            }
        } else if l.money_out == MoneyOut::Positive {
            -a
        } else {
            a
        }
    } else {
        let paid_in = l.paid_in.map(cell).unwrap_or("");
        let paid_out = l.paid_out.map(cell).unwrap_or("");
        if paid_in.is_empty() && paid_out.is_empty() {
            return Err("this row has neither money paid in nor paid out".into());
        }
        let money_in = optional_money(paid_in, "paid in")?;
        let money_out = optional_money(paid_out, "paid out")?;
        money_in.abs() - money_out.abs()
    };
    let balance = match l.balance.map(cell).filter(|b| !b.is_empty()) {
        Some(b) => Some(cell_money(b, "balance")?),
        None => None,
    };
    Ok((date, description, amount, balance))
}

fn optional_money(text: &str, what: &str) -> Result<Money, String> {
    if text.is_empty() {
        Ok(Money::ZERO)
    } else {
        cell_money(text, what)
    }
}

/// An amount as banks write it: `-12.50`, `£1,234.56`, `+5.00`, `(12.50)`, `12.50 GBP`,
/// `12.50 CR` (money in) and `12.50 DR` or `12.50D` (money out).
fn cell_money(text: &str, what: &str) -> Result<Money, String> {
    let mut t = text.trim();
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        t = inner.trim();
        negative = true;
    }
    t = t.strip_suffix("GBP").unwrap_or(t).trim();
    t = t.strip_prefix("GBP").unwrap_or(t).trim();
    let upper = t.to_ascii_uppercase();
    let mut sign = None;
    for (mark, money_in) in [("CR", true), ("DR", false), ("C", true), ("D", false)] {
        let digit_before = upper
            .strip_suffix(mark)
            .is_some_and(|r| r.trim_end().ends_with(|c: char| c.is_ascii_digit()));
        if digit_before {
            t = t[..t.len() - mark.len()].trim_end();
            sign = Some(money_in);
            break;
        }
    }
    t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() {
        return Err(format!("the {what} is empty"));
    }
    let m = Money::parse(t).map_err(|e| format!("the {what} cannot be read: {e}"))?;
    let m = if negative { -m } else { m };
    Ok(match sign {
        Some(true) => m.abs(),
        Some(false) => -m.abs(),
        None => m,
    })
}

/// A field as careledger reads it: without the spaces and stray tabs around it, or the
/// marks spreadsheets and some banks put first to keep a value as text (`'30-91-74`,
/// `="0123"`).
fn clean_cell(field: &str) -> &str {
    let mut t = field.trim();
    if let Some(r) = t.strip_prefix('=') {
        let r = r.trim_start();
        t = r
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or(r);
    }
    t = t.strip_prefix('\'').unwrap_or(t);
    t.trim()
}

/// A stable 64-bit FNV-1a hash as 16 hex digits. Stable across Rust versions and machines,
/// unlike `std`'s hasher, because the value is kept in journals for years.
fn bankref(key: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

// ---------------------------------------------------------------------------------------
// Telling payees apart
// ---------------------------------------------------------------------------------------

/// Lower case, every run of punctuation and spaces one space: `"M. JONES-SMITH"` is
/// `"m jones smith"`.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// Words banks add to descriptions that say nothing about who was paid.
const NOISE: &[&str] = &[
    "and",
    "the",
    "for",
    "from",
    "ref",
    "reference",
    "ltd",
    "limited",
    "plc",
    "card",
    "payment",
    "payments",
    "purchase",
    "bank",
    "transfer",
    "faster",
    "fps",
    "fpo",
    "fpi",
    "bgc",
    "bacs",
    "direct",
    "debit",
    "credit",
    "standing",
    "order",
    "online",
    "mobile",
    "contactless",
    "visa",
    "mastercard",
    "pos",
    "gbp",
    "stores",
    "store",
    "shop",
    "services",
    "service",
    "www",
    "com",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
];

fn telling_words(s: &str) -> Vec<String> {
    normalise(s)
        .split(' ')
        .filter(|w| {
            w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()) && !NOISE.contains(w)
        })
        .map(str::to_string)
        .collect()
}

/// Whether two payee names are plausibly the same payee: they share a telling word
/// ("Mary Jones" and "FPO M JONES REF 4471"), or a word of one (four letters or more) runs
/// inside the other written without spaces ("Dalesway Taxis" and "DALESWAYTAXI LTD").
pub fn similar_payee(a: &str, b: &str) -> bool {
    let (wa, wb) = (telling_words(a), telling_words(b));
    if wa.iter().any(|w| wb.contains(w)) {
        return true;
    }
    let joined = |s: &str| normalise(s).replace(' ', "");
    let (ja, jb) = (joined(a), joined(b));
    let inside = |words: &[String], joined: &str| {
        words
            .iter()
            .any(|w| w.chars().count() >= 4 && joined.contains(w.as_str()))
    };
    inside(&wa, &jb) || inside(&wb, &ja)
}

/// Whether a bank description tellingly names `name`, a payee as the records have it:
/// every telling word of the name is in the description (a word, or written run together
/// with others, or for a name of two words or more its first word as an initial, "M JONES"
/// for "Mary Jones"), and at least one of them is a whole word of four letters or more. So
/// a name is matched only by what sets it apart: "Anytown Theatre" is not named by "TESCO
/// ANYTOWN", which shares only the place.
pub fn names_payee(name: &str, description: &str) -> bool {
    let wanted = telling_words(name);
    if wanted.is_empty() {
        return false;
    }
    let desc = normalise(description);
    let tokens: Vec<&str> = desc.split(' ').collect();
    let joined = desc.replace(' ', "");
    let mut strong = false;
    for (k, w) in wanted.iter().enumerate() {
        let whole = tokens.contains(&w.as_str());
        let run_together = w.chars().count() >= 4 && joined.contains(w.as_str());
        let initial = k + 1 < wanted.len()
            && w.chars().next().is_some_and(|c| {
                tokens
                    .iter()
                    .any(|t| t.chars().count() == 1 && t.starts_with(c))
            });
        if !(whole || run_together || initial) {
            return false;
        }
        strong |= (whole || run_together) && w.chars().count() >= 4;
    }
    strong
}

/// The `match` text a payee rule learnt from a bank description would use: its telling
/// words (at most three), so "TESCO STORES 2231" gives "tesco" and "FP T NOWAK 13/10/26"
/// gives "nowak". `None` when nothing in it tells one payee from another.
pub fn rule_pattern(description: &str) -> Option<String> {
    let words: Vec<String> = telling_words(description)
        .into_iter()
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .take(3)
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Whether a bank description is a cash withdrawal: a cash machine (ATM, LINK's "LNK"), a
/// cashpoint or a counter withdrawal.
pub fn is_cash_withdrawal(description: &str) -> bool {
    let desc = normalise(description);
    desc.split(' ')
        .any(|w| matches!(w, "atm" | "lnk" | "cashpoint" | "cash"))
}

/// The category cash withdrawals are recorded under (one funders usually ask about).
pub const CASH_CATEGORY: &str = "cash";

/// Whether a payee rule's `match` text is in a bank description (whole words, any case,
/// punctuation ignored; or run together, for banks that drop the spaces).
pub fn rule_matches(rule: &PayeeRule, description: &str) -> bool {
    let pattern = normalise(&rule.pattern);
    if pattern.is_empty() {
        return false;
    }
    let desc = normalise(description);
    if format!(" {desc} ").contains(&format!(" {pattern} ")) {
        return true;
    }
    let joined = pattern.replace(' ', "");
    joined.chars().count() >= 5 && desc.replace(' ', "").contains(&joined)
}

// ---------------------------------------------------------------------------------------
// Planning an import
// ---------------------------------------------------------------------------------------

/// The stream whose bank account a statement is for: the one asked for, or the plan's only
/// direct payment.
pub fn statement_stream<'a>(
    plan: &'a Plan,
    requested: Option<&str>,
) -> Result<&'a FundingStream, String> {
    let ids = || {
        plan.streams
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(id) = requested {
        return plan.stream(id).ok_or_else(|| {
            format!(
                "the plan has no funding stream \"{id}\" (streams: {})",
                ids()
            )
        });
    }
    let direct: Vec<&FundingStream> = plan
        .streams
        .iter()
        .filter(|s| s.management == Management::DirectPayment)
        .collect();
    match direct.as_slice() {
        [only] => Ok(only),
        [] => Err(format!(
            "the plan has no direct-payment stream, so no bank account of its own; say which stream's account this is with --stream (one of: {})",
            ids()
        )),
        _ => Err(format!(
            "say which stream's bank account this is with --stream (one of: {})",
            ids()
        )),
    }
}

/// What happens to one statement row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFate {
    /// Added as `entries[entry]`. `rule` is the `match` text of the payee rule used;
    /// `assigned` is false when nothing recognised the row.
    Added {
        entry: usize,
        rule: Option<String>,
        assigned: bool,
        /// For a row nothing recognised: the latest earlier entry for a similar payee that
        /// was linked to an outcome, as a hint.
        like: Option<Box<Precedent>>,
        /// No rule matched, but the row names the payee of this earlier entry, whose
        /// payee name, outcome and category it was given.
        followed: Option<Box<Precedent>>,
        /// A cash withdrawal, recorded in the cash category for the funder to see.
        cash: bool,
    },
    /// An entry already carries this row's `bankref:`.
    AlreadyImported { journal: usize, line: u32 },
    /// Entered by hand already: the entry in `journal` at `line`.
    EnteredByHand {
        journal: usize,
        line: u32,
        date: NaiveDate,
        payee: String,
    },
    /// No money moved (£0.00): nothing to record.
    NoMoney,
}

/// An earlier entry that was linked to an outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precedent {
    pub payee: String,
    /// The entry's note: for an imported entry, the bank's description.
    pub note: Option<String>,
    pub date: NaiveDate,
    pub outcome: String,
    /// The expense account's part after `expenses:`.
    pub category: Option<String>,
}

/// The latest entry per payee that has an outcome, for hints.
fn precedents(journals: &[Journal]) -> Vec<Precedent> {
    let mut latest: HashMap<&str, Precedent> = HashMap::new();
    for j in journals {
        for tx in j.transactions() {
            let Some(outcome) = j.tag(tx, "outcome") else {
                continue;
            };
            if j.is_split(tx) || j.tag(tx, crate::core::payment::REVERSES_TAG).is_some() {
                continue;
            }
            let payee = j.payee(tx);
            if latest.get(payee).is_some_and(|p| p.date > tx.date) {
                continue;
            }
            let category = j
                .postings(tx)
                .iter()
                .find_map(|p| accounts::category_of(j.account_name(p.account)))
                .map(str::to_string);
            latest.insert(
                payee,
                Precedent {
                    payee: payee.to_string(),
                    note: j.note(tx).map(str::to_string),
                    date: tx.date,
                    outcome: outcome.to_string(),
                    category,
                },
            );
        }
    }
    latest.into_values().collect()
}

/// What became of the statement's closing balance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Closing {
    /// Recorded as a balance check (the last of the entries).
    Recorded { date: NaiveDate, balance: Money },
    /// Already recorded by an earlier import or reconciliation.
    AlreadyRecorded { date: NaiveDate, balance: Money },
    /// The records, once imported, would disagree with the bank: nothing recorded.
    Differs {
        date: NaiveDate,
        statement: Money,
        records: Money,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub stream: String,
    pub account: String,
    /// One per statement row, in the statement's (oldest first) order.
    pub fates: Vec<RowFate>,
    /// What to append to the main journal, in order.
    pub entries: Vec<NewEntry>,
    pub closing: Option<Closing>,
    /// The statement's balance before its first row and the records' on the day before,
    /// when they differ (earlier money missing from the records, or from the statement).
    pub opening_gap: Option<(NaiveDate, Money, Money)>,
    /// Workspace payee rules that do not fit this holder's plan, and why.
    pub ignored_rules: Vec<String>,
}

impl ImportPlan {
    pub fn added(&self) -> usize {
        self.fates
            .iter()
            .filter(|f| matches!(f, RowFate::Added { .. }))
            .count()
    }
}

/// An existing entry that moves money on the statement's account.
struct Existing<'a> {
    journal: usize,
    line: u32,
    date: NaiveDate,
    amount: Money,
    payee: &'a str,
    note: Option<&'a str>,
}

/// Work out what importing `statement` into `stream`'s account would add. `workspace_rules`
/// (from careledger.toml) are tried after the plan's own.
pub fn plan_import(
    plan: &Plan,
    journals: &[Journal],
    statement: &Statement,
    stream: &FundingStream,
    workspace_rules: &[PayeeRule],
) -> ImportPlan {
    let account = stream.account();
    let mut ignored_rules = Vec::new();
    let rules: Vec<&PayeeRule> = plan
        .payee_rules
        .iter()
        .chain(workspace_rules.iter().filter(|r| match r.problem(plan) {
            Some((_, why)) => {
                ignored_rules.push(format!("careledger.toml: {why}; the rule was not used"));
                false
            }
            None => true,
        }))
        .filter(|r| r.stream.as_deref().is_none_or(|s| s == stream.id))
        .collect();

    let mut imported: HashMap<&str, (usize, u32)> = HashMap::new();
    let mut existing: Vec<Existing> = Vec::new();
    let mut asserted: HashSet<(NaiveDate, Money)> = HashSet::new();
    let first = statement.rows.first().map(|r| r.date);
    let window = first.map(|d| d - chrono::Duration::days(MATCH_DAYS));
    for (ji, j) in journals.iter().enumerate() {
        let acc = j.account_id(&account);
        for tx in j.transactions() {
            let bank = j.tag(tx, BANKREF_TAG);
            if let Some(r) = bank {
                imported.insert(r, (ji, tx.line));
            }
            let Some(acc) = acc else { continue };
            let mut amount = Money::ZERO;
            for p in j.postings(tx).iter().filter(|p| p.account == acc) {
                amount += p.amount;
                if let Some(a) = j.assertion(tx, p).map(|a| a.amount) {
                    asserted.insert((tx.date, a));
                }
            }
            if bank.is_none() && !amount.is_zero() && window.is_none_or(|w| tx.date >= w) {
                existing.push(Existing {
                    journal: ji,
                    line: tx.line,
                    date: tx.date,
                    amount,
                    payee: j.payee(tx),
                    note: j.note(tx),
                });
            }
        }
    }

    let mut used = vec![false; existing.len()];
    let mut earlier: Option<Vec<Precedent>> = None;
    let mut fates = Vec::with_capacity(statement.rows.len());
    let mut entries = Vec::new();
    for row in &statement.rows {
        if let Some(&(journal, line)) = imported.get(row.bankref.as_str()) {
            fates.push(RowFate::AlreadyImported { journal, line });
            continue;
        }
        if row.amount.is_zero() {
            fates.push(RowFate::NoMoney);
            continue;
        }
        let by_hand = existing
            .iter()
            .enumerate()
            .filter(|(k, e)| {
                !used[*k]
                    && e.amount == row.amount
                    && (e.date - row.date).num_days().abs() <= MATCH_DAYS
                    && (similar_payee(e.payee, &row.description)
                        || e.note.is_some_and(|n| similar_payee(n, &row.description)))
            })
            .min_by_key(|(_, e)| (e.date - row.date).num_days().abs());
        if let Some((k, e)) = by_hand {
            used[k] = true;
            fates.push(RowFate::EnteredByHand {
                journal: e.journal,
                line: e.line,
                date: e.date,
                payee: e.payee.to_string(),
            });
            continue;
        }
        let rule = rules
            .iter()
            .find(|r| rule_matches(r, &row.description))
            .copied();
        // No rule: a cash withdrawal, or money out to a payee the records already know
        // (the latest entry that tellingly names them), recorded as it was then.
        let cash =
            rule.is_none() && row.amount.is_negative() && is_cash_withdrawal(&row.description);
        let followed = if rule.is_none() && !cash && row.amount.is_negative() {
            earlier
                .get_or_insert_with(|| precedents(journals))
                .iter()
                .filter(|p| p.category.as_deref() != Some("unassigned"))
                .filter(|p| {
                    names_payee(&p.payee, &row.description)
                        || p.note.as_deref().is_some_and(|n| {
                            let (a, b) = (telling_words(n), telling_words(&row.description));
                            !a.is_empty() && a == b
                        })
                })
                .max_by_key(|p| (p.date, p.payee.clone()))
                .cloned()
                .map(Box::new)
        } else {
            None
        };
        let stand_in = if cash {
            Some(PayeeRule {
                pattern: String::new(),
                payee: Some("Cash withdrawal".into()),
                outcome: None,
                stream: None,
                category: Some(CASH_CATEGORY.into()),
                income: None,
            })
        } else {
            followed.as_ref().map(|p| PayeeRule {
                pattern: String::new(),
                payee: Some(p.payee.clone()),
                outcome: Some(p.outcome.clone()),
                stream: None,
                category: p.category.clone(),
                income: None,
            })
        };
        let (tx, assigned) = entry_for(plan, stream, row, rule.or(stand_in.as_ref()));
        fates.push(RowFate::Added {
            entry: entries.len(),
            rule: rule.map(|r| r.pattern.clone()),
            assigned,
            like: None,
            followed,
            cash,
        });
        entries.push(NewEntry::Transaction(tx));
    }

    if fates.iter().any(|f| {
        matches!(
            f,
            RowFate::Added {
                assigned: false,
                ..
            }
        )
    }) {
        let earlier = earlier.unwrap_or_else(|| precedents(journals));
        for (fate, row) in fates.iter_mut().zip(&statement.rows) {
            if let RowFate::Added {
                assigned: false,
                like,
                ..
            } = fate
            {
                // Only an entry the description tellingly names: a shared place name is no
                // hint.
                *like = earlier
                    .iter()
                    .filter(|p| names_payee(&p.payee, &row.description))
                    .max_by_key(|p| (p.date, p.payee.clone()))
                    .cloned()
                    .map(Box::new);
            }
        }
    }

    let balance_on = |day: NaiveDate, new: &[NewEntry]| -> Money {
        let mut total = Money::ZERO;
        for j in journals {
            let Some(acc) = j.account_id(&account) else {
                continue;
            };
            for tx in j.transactions().iter().filter(|t| t.date <= day) {
                total += j
                    .postings(tx)
                    .iter()
                    .filter(|p| p.account == acc)
                    .map(|p| p.amount)
                    .sum::<Money>();
            }
        }
        total
            + new
                .iter()
                .filter(|e| e.date() <= day)
                .filter_map(|e| match e {
                    NewEntry::Transaction(t) => Some(amount_on(t, &account)),
                    NewEntry::BalanceCheck(_) => None,
                })
                .sum::<Money>()
    };

    let opening_gap = statement
        .opening_balance()
        .and_then(|(date, statement_says)| {
            let day_before = date.pred_opt()?;
            let records = balance_on(day_before, &[]);
            (records != statement_says).then_some((date, statement_says, records))
        });

    let closing = statement.closing_balance().map(|(date, balance)| {
        let reference = bankref(&format!(
            "closing|{}|{}|{}",
            date.format("%Y-%m-%d"),
            account,
            balance.plain()
        ));
        if imported.contains_key(reference.as_str()) || asserted.contains(&(date, balance)) {
            return Closing::AlreadyRecorded { date, balance };
        }
        let records = balance_on(date, &entries);
        if records != balance {
            return Closing::Differs {
                date,
                statement: balance,
                records,
            };
        }
        entries.push(NewEntry::BalanceCheck(NewBalanceCheck {
            date,
            payee: "Bank statement".into(),
            note: Some("closing balance".into()),
            tags: vec![
                ("stream".into(), stream.id.clone()),
                (BANKREF_TAG.into(), reference),
            ],
            account: account.clone(),
            balance,
        }));
        Closing::Recorded { date, balance }
    });

    ImportPlan {
        stream: stream.id.clone(),
        account,
        fates,
        entries,
        closing,
        opening_gap,
        ignored_rules,
    }
}

/// What a new transaction moves on `account`, counting an amount left to be inferred.
fn amount_on(tx: &NewTransaction, account: &str) -> Money {
    let written: Money = tx.postings.iter().filter_map(|p| p.amount).sum();
    tx.postings
        .iter()
        .filter(|p| p.account == account)
        .map(|p| p.amount.unwrap_or(-written))
        .sum()
}

/// The journal entry for a row nobody has recorded yet, and whether it was recognised.
fn entry_for(
    plan: &Plan,
    stream: &FundingStream,
    row: &StatementRow,
    rule: Option<&PayeeRule>,
) -> (NewTransaction, bool) {
    let account = stream.account();
    let amount = row.amount;
    let outcome = rule.and_then(|r| r.outcome.clone());
    let category = rule
        .and_then(|r| r.category.clone())
        .or_else(|| outcome.clone());
    // Money in with no rule that says otherwise: the funder's payment, or the holder's own
    // contribution, when the bank's description names them.
    let recognised = if amount.is_negative() || rule.is_some() {
        None
    } else if similar_payee(&row.description, &stream.funder) {
        Some((IncomeKind::Funder, stream.funder.as_str()))
    } else if similar_payee(&row.description, &plan.holder.name) {
        Some((IncomeKind::Contribution, plan.holder.name.as_str()))
    } else {
        None
    };
    let income = if amount.is_negative() {
        None
    } else {
        rule.and_then(|r| r.income).or(recognised.map(|(k, _)| k))
    };

    let description = clean_text(&row.description);
    let renamed = rule
        .and_then(|r| r.payee.as_deref())
        .or(recognised.map(|(_, name)| name))
        .map(clean_text)
        .filter(|p| !p.is_empty());
    let (payee, note) = match renamed {
        Some(p) if p != description => (p, Some(description).filter(|d| !d.is_empty())),
        Some(p) => (p, None),
        None if description.is_empty() => ("No description on the statement".to_string(), None),
        None => (description, None),
    };

    let mut tags: Vec<(String, String)> = Vec::new();
    let (other, assigned) = match (amount.is_negative(), income, &category) {
        (false, Some(IncomeKind::Funder), _) => (stream.income_account(), true),
        (false, Some(IncomeKind::Other), _) => (accounts::OTHER_INCOME.to_string(), true),
        (false, Some(IncomeKind::Contribution), _) => {
            (accounts::CLIENT_CONTRIBUTION.to_string(), true)
        }
        // Money out, or money back from a supplier (a refund against what was spent).
        (_, _, Some(c)) => {
            if let Some(o) = &outcome {
                tags.push(("outcome".into(), o.clone()));
            }
            (accounts::expense(c), true)
        }
        (true, _, None) => (accounts::UNASSIGNED_EXPENSE.to_string(), false),
        (false, _, None) => (accounts::UNASSIGNED_INCOME.to_string(), false),
    };
    let postings = if amount.is_negative() {
        vec![
            NewPosting {
                account: other,
                amount: Some(-amount),
                tags: Vec::new(),
            },
            NewPosting {
                account: account.clone(),
                amount: None,
                tags: Vec::new(),
            },
        ]
    } else {
        vec![
            NewPosting {
                account: account.clone(),
                amount: Some(amount),
                tags: Vec::new(),
            },
            NewPosting {
                account: other,
                amount: None,
                tags: Vec::new(),
            },
        ]
    };
    tags.push(("stream".into(), stream.id.clone()));
    tags.push((BANKREF_TAG.into(), row.bankref.clone()));
    let tx = NewTransaction {
        date: row.date,
        status: Status::Cleared,
        code: None,
        payee,
        note,
        tags,
        postings,
    };
    (tx, assigned || rule.is_some())
}

/// Text from a bank made safe for a journal header: no `;` or `|` (which would end the payee),
/// no control characters, single spaces, and no leading mark or bracket.
fn clean_text(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ';' | '|') {
                ' '
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    words
        .join(" ")
        .trim_start_matches(['(', '*', '!', ' '])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn read(text: &str) -> Result<Statement, StatementError> {
        read_statement(text, None, &built_in_profiles())
    }

    #[test]
    fn built_in_profiles_read_and_are_usable() {
        let p = built_in_profiles();
        assert!(p.len() >= 3, "{p:?}");
        for (name, profile) in &p {
            assert_eq!(profile.problem(), None, "{name}");
        }
    }

    /// Found by fuzzing: `01/04/-026` was read as the year -26, and the entry written for
    /// it could not be read back.
    #[test]
    fn a_year_that_is_not_written_in_full_is_refused_on_its_line() {
        for date in ["01/04/-026", "01/04/26", "01/04/0026"] {
            let e = read(&format!(
                "Date,Description,Amount\n01/04/2026,Council,10.00\n{date},Shop,-1.00\n"
            ))
            .unwrap_err();
            assert_eq!(e.problems.len(), 1, "{e:?}");
            assert_eq!(e.problems[0].line, 3);
            assert!(e.problems[0].message.contains("year in full"), "{e:?}");
        }
    }

    /// Most banks end their lines with `\r\n`; the csv reader counted those lines one short.
    #[test]
    fn bad_rows_are_named_by_their_line_whatever_ends_the_lines() {
        let bad_lines = |text: &str| -> Vec<usize> {
            let e = read(text).unwrap_err();
            e.problems.iter().map(|p| p.line).collect()
        };
        let rows = [
            "Date,Description,Amount",
            "2026-04-01,A,1.00",
            "2026-04-02,B,1.00",
            "2026-04-03,C,1.00",
            "2026-04-04,D,1.00",
            "xx,E,1.00",
            "2026-04-06,F,not money",
        ];
        for end in ["\n", "\r\n", "\r"] {
            assert_eq!(bad_lines(&(rows.join(end) + end)), [6, 7], "ends {end:?}");
        }
        // Blank lines are lines, and a quoted line break inside a field is one too.
        for end in ["\n", "\r\n"] {
            let text = [
                "Date,Description,Amount",
                "2026-04-01,A,1.00",
                "",
                "",
                "xx,E,1.00",
            ];
            assert_eq!(bad_lines(&text.join(end)), [5], "ends {end:?}");
            let text = format!(
                "Date,Description,Amount{end}2026-04-01,\"two{end}lines\",1.00{end}xx,E,1.00{end}"
            );
            assert_eq!(bad_lines(&text), [4], "ends {end:?}");
        }
        // Lines a profile skips before its header are counted too.
        let profiles = built_in_profiles();
        let chosen = Some(("building-society", &profiles["building-society"]));
        let text = "Account\r\nBalance\r\nAvailable\r\n\r\n\"Date\",\"Transaction type\",\"Description\",\"Paid out\",\"Paid in\",\"Balance\"\r\n01 Apr 2026,BGC,COUNCIL,,10.00,10.00\r\n31 Apr 2026,DEB,SHOP,1.00,,9.00\r\n";
        let e = read_statement(text, chosen, &profiles).unwrap_err();
        assert_eq!(
            e.problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            [7],
            "{e:?}"
        );
    }

    /// Found by fuzzing: a short file read with a profile that skips lines was called
    /// empty, at a line past its end.
    #[test]
    fn a_file_too_short_for_the_profile_says_so_at_a_line_it_has() {
        let profiles = built_in_profiles();
        let chosen = Some(("building-society", &profiles["building-society"]));
        let e =
            read_statement("Account summary\nSort code 00-00-00\n", chosen, &profiles).unwrap_err();
        assert_eq!(e.problems[0].line, 2);
        assert!(
            e.problems[0].message.contains("ends before line 5"),
            "{e:?}"
        );
        let e = read_statement("", chosen, &profiles).unwrap_err();
        assert_eq!(e.problems[0].line, 1);
        assert!(e.problems[0].message.contains("empty"), "{e:?}");
    }

    #[test]
    fn the_generic_layout_needs_no_profile() {
        let s = read(
            "date,DESCRIPTION, Amount ,balance\n2026-04-01,Council,1760.00,1760.00\n02/04/2026,\"Tesco, Westdale\",-12.50,1747.50\n",
        )
        .unwrap();
        assert_eq!(s.layout, GENERIC);
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[1].line, 3);
        assert_eq!(s.rows[1].description, "Tesco, Westdale");
        assert_eq!(s.rows[1].amount, m("-12.50"));
        assert_eq!(
            s.closing_balance(),
            Some(("2026-04-02".parse().unwrap(), m("1747.50")))
        );
        assert_eq!(
            s.opening_balance(),
            Some(("2026-04-01".parse().unwrap(), Money::ZERO))
        );
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }

    #[test]
    fn newest_first_statements_are_turned_round() {
        let s = read(
            "Date,Description,Amount,Balance\n2026-04-03,B,-1.00,9.00\n2026-04-01,A,10.00,10.00\n",
        )
        .unwrap();
        assert_eq!(s.rows[0].description, "A");
        assert_eq!(s.closing_balance().unwrap().1, m("9.00"));
    }

    #[test]
    fn profiles_are_found_by_their_columns() {
        let s = read(
            "Date,Type,Description,Paid out,Paid in,Balance\n01/04/2026,BGC,WESTDALE BC,,\"1,760.00\",1760.00\n03/04/2026,DEB,TESCO,12.50,,1747.50\n",
        )
        .unwrap();
        assert_eq!(s.layout, "paid-out-paid-in");
        assert_eq!(s.rows[0].amount, m("1760"));
        assert_eq!(s.rows[1].amount, m("-12.50"));

        let s = read(
            "Date,Time,Type,Merchant,Amount,Balance\n01-04-2026,09:00,Load,Council,200.00,200.00\n02-04-2026,10:10,Purchase,Cafe,4.20,195.80\n",
        )
        .unwrap();
        assert_eq!(s.layout, "prepaid-card");
        assert_eq!(
            s.rows.iter().map(|r| r.amount).collect::<Vec<_>>(),
            [m("200"), m("-4.20")]
        );
    }

    #[test]
    fn bad_rows_are_all_reported_with_their_lines() {
        let e = read(
            "Date,Description,Amount\n2026-04-01,A,1.00\n2026-04-31,B,1.00\n2026-04-02,C,12.345\n2026-04-03,D\n",
        )
        .unwrap_err();
        let lines: Vec<usize> = e.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5], "{e}");
        assert!(e.problems[0].message.contains("not a date"), "{e}");
        assert!(e.problems[1].message.contains("two decimal"), "{e}");
        assert!(e.problems[2].message.contains("2 fields"), "{e}");
    }

    #[test]
    fn an_unknown_layout_says_what_to_do() {
        let e = read("When,What,How much\n").unwrap_err();
        assert_eq!(e.problems[0].line, 1);
        assert!(
            e.problems[0].message.contains("--profile"),
            "{}",
            e.problems[0].message
        );
    }

    #[test]
    fn identical_rows_on_one_day_get_different_refs_and_reruns_the_same() {
        let text = "Date,Description,Amount\n2026-04-01,Cafe,-2.00\n2026-04-01,CAFE,-2.00\n";
        let a = read(text).unwrap();
        let b = read(text).unwrap();
        assert_ne!(a.rows[0].bankref, a.rows[1].bankref);
        assert_eq!(a.rows[0].bankref, b.rows[0].bankref);
        // Fixed forever: the refs are kept in journals.
        assert_eq!(bankref(""), "cbf29ce484222325");
    }

    #[test]
    fn payees_are_compared_the_way_a_person_would() {
        assert!(similar_payee("Mary Jones", "FPO M JONES REF 4471"));
        assert!(similar_payee("Dalesway Taxis", "DALESWAYTAXI LTD"));
        assert!(similar_payee("Tesco", "CARD PAYMENT TO TESCO STORES 2231"));
        assert!(!similar_payee("Tesco Stores", "ASDA STORES"));
        assert!(!similar_payee("Card payment", "CARD PAYMENT 01 APR"));
    }

    #[test]
    fn rules_match_whole_words() {
        let rule = |p: &str| PayeeRule {
            pattern: p.into(),
            payee: None,
            outcome: None,
            stream: None,
            category: None,
            income: None,
        };
        assert!(rule_matches(&rule("Tesco"), "CARD PAYMENT TO TESCO-STORES"));
        assert!(rule_matches(
            &rule("keystone payroll"),
            "KEYSTONEPAYROLL DD"
        ));
        assert!(!rule_matches(&rule("bus"), "BUSINESS RATES"));
    }

    #[test]
    fn amounts_are_read_as_banks_write_them() {
        let read = |t: &str| cell_money(t, "amount");
        assert_eq!(read("£1,234.56"), Ok(m("1234.56")));
        assert_eq!(read("-£1,234.56"), Ok(m("-1234.56")));
        assert_eq!(read("(12.50)"), Ok(m("-12.50")));
        assert_eq!(read("(£1,200.00)"), Ok(m("-1200.00")));
        assert_eq!(read("+5.00"), Ok(m("5.00")));
        assert_eq!(read("12.50 GBP"), Ok(m("12.50")));
        assert_eq!(read("12.50 CR"), Ok(m("12.50")));
        assert_eq!(read("12.50cr"), Ok(m("12.50")));
        assert_eq!(read("12.50 DR"), Ok(m("-12.50")));
        assert_eq!(read("£1,000.00DR"), Ok(m("-1000.00")));
        assert_eq!(read("-12.50 DR"), Ok(m("-12.50")));
        assert_eq!(read("12.50D"), Ok(m("-12.50")));
        assert_eq!(read("12.50C"), Ok(m("12.50")));
        assert!(read("CR").is_err());
        assert!(read("DR").is_err());
        assert!(read("12.50 XR").is_err());
        assert!(read("1,20.00").is_err());
        assert!(read("").is_err());
    }

    #[test]
    fn fields_lose_the_marks_that_keep_them_as_text() {
        assert_eq!(clean_cell("'30-91-74"), "30-91-74");
        assert_eq!(
            clean_cell(" 'CARD PAYMENT TO TESCO\t"),
            "CARD PAYMENT TO TESCO"
        );
        assert_eq!(clean_cell("=\"00123456\""), "00123456");
        assert_eq!(clean_cell("=12.50"), "12.50");
        assert_eq!(clean_cell("\t\t-1.00 "), "-1.00");
        // Only a leading mark: one inside the text is the bank's.
        assert_eq!(clean_cell("O'NEILL'S CAFE"), "O'NEILL'S CAFE");
        assert_eq!(clean_cell(""), "");
        let s = read(
            "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\n\
             01/04/2026,BGC,'30-99-50,12345678,'WESTDALE BC\t,,\"=\"\"1,200.00\"\"\",1200.00\n",
        )
        .unwrap();
        assert_eq!(s.layout, "debit-credit");
        assert_eq!(s.rows[0].description, "WESTDALE BC");
        assert_eq!(s.rows[0].amount, m("1200.00"));
    }

    #[test]
    fn a_statement_with_no_header_row_is_known_by_its_shape() {
        let s = read("01/04/2026,WESTDALE BC,\"1,200.00\"\r\n06/04/2026,MARY JONES,-240.00\r\n")
            .unwrap();
        assert_eq!(s.layout, "hsbc");
        assert_eq!(s.rows.len(), 2);
        assert_eq!(s.rows[0].line, 1);
        assert_eq!(s.rows[1].amount, m("-240.00"));
        // A bad row further on is still reported on its line.
        let e = read("01/04/2026,WESTDALE BC,1200.00\n06/04/2026,MARY JONES,lots\n").unwrap_err();
        assert_eq!(e.problems[0].line, 2, "{e}");
        // Three fields that are not a date, text and money are not taken for HSBC's.
        let e = read("When,Who,How much\n01/04/2026,A,1.00\n").unwrap_err();
        assert!(
            e.problems[0]
                .message
                .contains("columns: When, Who, How much"),
            "{e}"
        );
        // Chosen by name, the first row is money too.
        let profiles = built_in_profiles();
        let s = read_statement(
            "01/04/2026,A,1.00\n",
            Some(("hsbc", &profiles["hsbc"])),
            &profiles,
        )
        .unwrap();
        assert_eq!(s.rows.len(), 1);
    }

    #[test]
    fn banks_that_share_a_header_are_told_apart_by_their_dates() {
        let header = "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\n";
        let s = read(&format!("{header}01/04/2026,BGC,'1,2,A,,1.00,1.00\n")).unwrap();
        assert_eq!(s.layout, "debit-credit");
        let s = read(&format!("{header}2026-04-01,BGC,'1,2,A,,1.00,1.00\n")).unwrap();
        assert_eq!(s.layout, "tsb");
        // Neither reads it: both are named, and the row is not guessed at.
        let e = read(&format!("{header}April 1,BGC,'1,2,A,,1.00,1.00\n")).unwrap_err();
        assert!(e.problems[0].message.contains("several profiles"), "{e}");
    }

    #[test]
    fn a_header_no_profile_names_is_read_by_what_its_columns_mean() {
        let s = read(
            "Account,Posted Date,Details,Category,Paid Out,Paid In,Running Balance,Notes\n\
             DP,1 Apr 2026,'WESTDALE BC,Income,,\"£1,200.00\",\"£1,200.00\",\n\
             DP,6 Apr 2026,MARY JONES\t,Wages,£240.00,,£960.00,PA\n",
        )
        .unwrap();
        assert_eq!(
            s.layout,
            "read by its columns: Posted Date, Details, Paid Out, Paid In"
        );
        assert_eq!(s.rows[0].description, "WESTDALE BC");
        assert_eq!(
            s.rows.iter().map(|r| r.amount).collect::<Vec<_>>(),
            [m("1200.00"), m("-240.00")]
        );
        assert_eq!(s.closing_balance().unwrap().1, m("960.00"));

        let s = read(
            "Ref,Value Date,Payee,Transaction Amount,Currency\n1,2026-04-01,COUNCIL,1200.00 CR,GBP\n2,2026-04-02,SHOP,(12.50),GBP\n3,2026-04-03,CAFE,3.00 DR,GBP\n",
        )
        .unwrap();
        assert_eq!(
            s.rows.iter().map(|r| r.amount).collect::<Vec<_>>(),
            [m("1200.00"), m("-12.50"), m("-3.00")]
        );
        assert_eq!(s.closing_balance(), None);

        // What is missing is said, with the columns the file has.
        for (header, missing) in [
            ("When,Description,Amount,Type", "when"),
            ("Date,Category,Amount", "who was paid"),
            ("Date,Description,Paid out,Type", "how much"),
        ] {
            let e = read(&format!("{header}\n01/04/2026,A,1.00,X\n")).unwrap_err();
            assert_eq!(e.problems[0].line, 1);
            let message = &e.problems[0].message;
            assert!(
                message.contains(&format!("no column says {missing}")),
                "{message}"
            );
            assert!(
                message.contains(&format!("columns: {}", header.replace(',', ", "))),
                "{message}"
            );
        }
    }

    #[test]
    fn bank_text_is_made_safe_for_a_payee() {
        assert_eq!(clean_text("  (*A; B | C\tD "), "A B C D");
    }

    #[test]
    fn a_description_names_a_payee_only_by_what_sets_them_apart() {
        assert!(names_payee("Mary Jones", "FPO MARY JONES REF 4471"));
        assert!(names_payee("Mary Jones", "FP M JONES 13/10/26"));
        assert!(names_payee("Dalesway Taxis", "DALESWAYTAXIS LTD"));
        assert!(names_payee("Anytown Theatre", "ANYTOWN THEATRE BOX OFFICE"));
        // A place both share is not enough, nor an initial alone, nor a noise word.
        assert!(!names_payee("Anytown Theatre", "TESCO ANYTOWN"));
        assert!(!names_payee("Mary Jones", "M SMITH"));
        assert!(!names_payee("Corner Shop", "SHOP 22"));
        assert!(
            !names_payee("Jo Li", "JO LI"),
            "no word of four letters or more"
        );
        assert!(is_cash_withdrawal("LNK ANYTOWN HIGH ST"));
        assert!(is_cash_withdrawal("CASH WDL 13OCT"));
        assert!(is_cash_withdrawal("ATM WITHDRAWAL"));
        assert!(!is_cash_withdrawal("CASHEL CAFE"));
    }
}
