//! Plain line mode: the app as a conversation. Numbered menus and questions on ordinary
//! lines that are never redrawn, for screen readers, braille displays, `TERM=dumb`, pipes
//! and people who prefer it. The app's everyday tasks, through the same `Session` actions:
//! People, where the money stands (with spending against time), the register with search
//! and filter, add, money in, edit, reverse, cleared, the plan and its changes, reports
//! (shown or saved to a file), importing a statement after a preview, checking against the
//! bank, and help. Long answers stop for "more? y/n" (`Prompter::paged`), and lines are
//! wrapped between words so an amount is never split.

use std::io::{self, BufRead, Write};

use chrono::NaiveDate;

use super::prompt::Prompter;
use super::{CliResult, Ctx, Failure};
use crate::app::entries::Changes;
use crate::app::plan::PlanChange;
use crate::app::{Session, Target};
use crate::core::category::{Category, Usual, UsualChoices};
use crate::core::entry::{EntryIds, Place};
use crate::core::journal::{Journal, Status, Transaction};
use crate::core::pace;
use crate::core::payment::{Direction, Draft};
use crate::core::position;
use crate::core::register;
use crate::core::report::summary;
use crate::core::words::{self, long_date};
use crate::store::HolderFiles;

/// How many entries a list shows, newest first.
const LIST_LEN: usize = 15;

/// Lines to a page and characters to a line: `CARELEDGER_PAGE_LINES` and `CARELEDGER_WIDTH`
/// where set (0 pages never), else the terminal's size; through a pipe, neither.
fn page_and_width() -> (Option<usize>, Option<usize>) {
    use std::io::IsTerminal;
    let env = |k: &str| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.trim().parse::<usize>().ok())
    };
    let size = io::stdout()
        .is_terminal()
        .then(|| crossterm::terminal::size().ok())
        .flatten();
    let page = env("CARELEDGER_PAGE_LINES").or(size.map(|(_, h)| (h as usize).saturating_sub(2)));
    let width = env("CARELEDGER_WIDTH").or(size.map(|(w, _)| w as usize));
    (page, width.filter(|w| *w > 0))
}

pub fn run(ctx: &Ctx, input: impl BufRead, out: &mut dyn Write) -> CliResult {
    let (page, width) = page_and_width();
    let mut p = Prompter::new(input, out).paged(page, width);
    match conversation(ctx, &mut p) {
        Ok(()) => Ok(()),
        // The input ending is how a script (or Ctrl-D) says it is done.
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            let _ = writeln!(p.out(), "\nGoodbye.");
            Ok(())
        }
        Err(e) => Err(Failure::new(e.to_string())),
    }
}

fn conversation(ctx: &Ctx, p: &mut Prompter) -> io::Result<()> {
    let (session, problem) = Session::open(ctx.workspace.clone(), ctx.today);
    if let Some(e) = problem {
        writeln!(
            p.out(),
            "careledger.toml could not be read, so the defaults are used: {e}"
        )?;
    }
    let session = &session;
    writeln!(
        p.out(),
        "careledger, plain mode. Today is {}.",
        long_date(ctx.today)
    )?;
    let mut holder = match &ctx.holder {
        Some(h) => h.clone(),
        None => match choose_holder(ctx, p)? {
            Some(h) => h,
            None => return Ok(()),
        },
    };
    loop {
        // What the last action could not do but did not stop for (a commit that failed).
        for n in session.take_notes() {
            writeln!(p.out(), "Note: {n}")?;
        }
        let files = match ctx.workspace.load_holder(&holder) {
            Ok(f) => f,
            Err(e) => {
                writeln!(p.out(), "These records cannot be read: {e}")?;
                writeln!(
                    p.out(),
                    "Put the file right in a text editor, then choose again."
                )?;
                match choose_holder(ctx, p)? {
                    Some(h) => {
                        holder = h;
                        continue;
                    }
                    None => return Ok(()),
                }
            }
        };
        let name = files.plan.plan.holder.name.clone();
        writeln!(p.out())?;
        let options: Vec<(String, String)> = MENU
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect();
        let k = p.choose(&format!("{name}: what would you like to do?"), &options)?;
        match options[k].0.as_str() {
            "position" => {
                let pos = position::compute(
                    &files.plan.plan,
                    &files.journals,
                    &session.settings,
                    ctx.today,
                );
                let text = summary::text(&files.id, &files.plan.plan, &pos);
                write!(p.out(), "{text}")?;
                writeln!(p.out(), "Spending against time:")?;
                for s in pace::sentences(&pace::Pace::of(&pos)) {
                    writeln!(p.out(), "  {s}")?;
                }
            }
            "list" => register(p, &files)?,
            "add" => add(session, p, &files, Direction::Out)?,
            "in" => {
                // The same kinds, in the same order, as the app's money-in form.
                let kinds: Vec<(String, String)> = Direction::MONEY_IN
                    .iter()
                    .map(|d| {
                        (
                            d.kind_word().unwrap_or_default().to_string(),
                            d.describe().to_string(),
                        )
                    })
                    .collect();
                let k = p.choose("What kind of money came in?", &kinds)?;
                add(session, p, &files, Direction::MONEY_IN[k])?;
            }
            "edit" => edit(session, p, &files)?,
            "reverse" => reverse(session, p, &files)?,
            "cleared" => cleared(session, p, &files)?,
            "plan" => plan(session, p, &files)?,
            "reports" => reports(session, p, &files)?,
            "import" => import(session, p, &files)?,
            "reconcile" => reconcile(session, p, &files)?,
            "help" => help(p)?,
            "other" => match choose_holder(ctx, p)? {
                Some(h) => holder = h,
                None => return Ok(()),
            },
            _ => {
                writeln!(p.out(), "Goodbye.")?;
                return Ok(());
            }
        }
    }
}

/// What plain mode offers, in the app's order: each answers to its number or its word.
const MENU: [(&str, &str); 14] = [
    ("position", "Where the money stands"),
    ("list", "The register, search and filter"),
    ("add", "Record a payment"),
    ("in", "Record money paid in"),
    ("edit", "Change a payment"),
    ("reverse", "Reverse a payment"),
    ("other", "People: choose another person"),
    ("help", "Help"),
    ("cleared", "Mark cleared with the bank, or not"),
    ("plan", "The plan and its changes"),
    ("reports", "Reports"),
    ("import", "Import a bank statement"),
    ("reconcile", "Check against a bank statement"),
    ("quit", "Quit"),
];

/// What each choice does, for help.
const HELP: [(&str, &str); 14] = [
    (
        "position",
        "where the money stands, the alerts, and spending against time",
    ),
    (
        "list",
        "the latest entries, every entry, a search, or a filter by outcome, stream and dates",
    ),
    (
        "add",
        "record a payment out, with its outcome and category (Enter keeps the payee's usual ones)",
    ),
    (
        "in",
        "record money paid in: the funder's payment, a contribution, a refund, other income",
    ),
    ("edit", "change one of the latest payments"),
    (
        "reverse",
        "add the entry that undoes one of the latest payments; nothing is deleted",
    ),
    (
        "other",
        "everyone in the workspace, most in need of attention first; choose whose records",
    ),
    ("help", "this"),
    (
        "cleared",
        "mark one of the latest entries cleared with the bank, or no longer cleared",
    ),
    (
        "plan",
        "read the plan; change an allocation, move a review date, mark a review done, add a review or an outcome",
    ),
    (
        "reports",
        "the monitoring return, the outcome review, expected payments; read here or saved to a file",
    ),
    (
        "import",
        "a bank statement (CSV): what would be added is shown first, and written only after a yes",
    ),
    (
        "reconcile",
        "compare the cleared balance with a statement's, and record it once they agree",
    ),
    ("quit", "end plain mode"),
];

/// Everyone in the workspace, most in need of attention first, as the app's People screen
/// shows them, to choose from.
fn choose_holder(ctx: &Ctx, p: &mut Prompter) -> io::Result<Option<String>> {
    let (session, _) = Session::open(ctx.workspace.clone(), ctx.today);
    let mut people = session.people();
    match people.as_slice() {
        [] => {
            writeln!(
                p.out(),
                "This workspace has no people yet. Add one with: careledger holder new ID --name NAME"
            )?;
            Ok(None)
        }
        [only] => Ok(Some(only.id.clone())),
        _ => {
            people.sort_by_key(crate::app::PersonRow::attention_key);
            let options: Vec<(String, String)> = people
                .iter()
                .map(|r| {
                    let said = match &r.error {
                        Some(e) => format!("{}: files cannot be read: {e}", r.name),
                        None => format!(
                            "{}: balance {}; {}{}",
                            r.name,
                            balance_words(r.balance),
                            words::plural(r.alerts as i64, "alert"),
                            r.worst
                                .as_ref()
                                .map(|(s, m)| format!(", worst: {}: {m}", s.word()))
                                .unwrap_or_default()
                        ),
                    };
                    (r.id.clone(), said)
                })
                .collect();
            let k = p.choose("Whose records? (most in need of attention first)", &options)?;
            Ok(Some(options[k].0.clone()))
        }
    }
}

/// A balance as it is read: below nothing in words, never with a minus sign.
fn balance_words(m: crate::core::money::Money) -> String {
    if m.is_negative() {
        format!("overspent by {}", m.abs())
    } else {
        m.to_string()
    }
}

/// The newest entries of the main journal, numbered from 1 (newest).
fn latest(files: &HolderFiles) -> Vec<(usize, &Transaction)> {
    let j = files.journal();
    let mut all: Vec<(usize, &Transaction)> = j.transactions().iter().enumerate().collect();
    all.sort_by_key(|t| std::cmp::Reverse((t.1.date, t.0)));
    all.truncate(LIST_LEN);
    all
}

fn describe(files: &HolderFiles, j: &Journal, tx: &Transaction) -> String {
    let e = register::entry(&files.plan.plan, j, tx);
    let what = words::paid(e.amount);
    let mut s = format!("{} {}: {what}", long_date(e.date), e.payee);
    s.push_str(match e.status {
        Status::Cleared => "; cleared",
        Status::Pending => "; pending",
        Status::Unmarked => "",
    });
    if let Some(o) = e.outcome {
        s.push_str(&format!("; outcome {o}"));
    }
    if let Some(r) = e.receipt {
        s.push_str(&format!("; receipt {r}"));
    }
    s
}

fn list(p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let entries = latest(files);
    if entries.is_empty() {
        writeln!(p.out(), "No payments yet.")?;
    }
    writeln!(
        p.out(),
        "The latest {}, newest first:",
        words::plural(entries.len() as i64, "entry")
    )?;
    for (n, (_, tx)) in entries.iter().enumerate() {
        writeln!(
            p.out(),
            "  {}. {}",
            n + 1,
            describe(files, files.journal(), tx)
        )?;
    }
    Ok(())
}

/// The register: the latest entries, every entry, or those a search or a filter keeps (the
/// app's `Filter`, so the same entries match), newest first, paged.
fn register(p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let options: Vec<(String, String)> = [
        ("latest", "The latest entries"),
        ("all", "Every entry, newest first"),
        ("search", "Search payee, note, outcome, stream and receipt"),
        ("filter", "Filter by outcome, stream and dates"),
        ("back", "Back"),
    ]
    .iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect();
    let k = p.choose("The register: which entries?", &options)?;
    let plan = &files.plan.plan;
    let mut filter = register::Filter::default();
    match options[k].0.as_str() {
        "latest" => return list(p, files),
        "all" => {}
        "search" => {
            let text = p.ask("Search for", None)?;
            filter.text = (!text.is_empty()).then_some(text);
        }
        "filter" => {
            let mut outcomes: Vec<(String, String)> = vec![("any".into(), "Any outcome".into())];
            outcomes.extend(
                plan.outcomes
                    .iter()
                    .map(|o| (o.id.clone(), o.title.clone())),
            );
            let k = p.choose("Which outcome?", &outcomes)?;
            filter.outcome = (k > 0).then(|| outcomes[k].0.clone());
            let mut streams: Vec<(String, String)> = vec![("any".into(), "Any stream".into())];
            streams.extend(
                plan.streams
                    .iter()
                    .map(|s| (s.id.clone(), s.label().to_string())),
            );
            if streams.len() > 2 {
                let k = p.choose("Which funding stream?", &streams)?;
                filter.stream = (k > 0).then(|| streams[k].0.clone());
            }
            let date = |p: &mut Prompter, q: &str| {
                p.ask_valid(q, Some(""), |a| {
                    if a.is_empty() {
                        return Ok(None);
                    }
                    crate::core::payment::parse_date(a)
                        .map(Some)
                        .ok_or_else(|| format!("\"{a}\" is not a date; write it as 2026-04-01"))
                })
            };
            filter.from = date(p, "From (a date, or Enter for the start)")?;
            filter.to = date(p, "To (a date, or Enter for today)")?;
        }
        _ => return Ok(()),
    }
    let mut shown = 0;
    let mut lines = Vec::new();
    for (ji, j) in files.journals.iter().enumerate() {
        for (ti, tx) in j.transactions().iter().enumerate() {
            if filter.matches(&register::entry(plan, j, tx)) {
                lines.push(((tx.date, ji, ti), describe(files, j, tx)));
            }
        }
    }
    // Newest first; on one day, the entry written last first (as the app's register).
    lines.sort_by_key(|l| std::cmp::Reverse(l.0));
    writeln!(
        p.out(),
        "{} found, newest first:",
        words::plural(lines.len() as i64, "entry")
    )?;
    for (_, l) in lines {
        shown += 1;
        writeln!(p.out(), "  {shown}. {l}")?;
    }
    Ok(())
}

/// Said of an entry a bank check covers: whether to change it all the same.
fn change_anyway(p: &mut Prompter, e: &crate::app::AppError) -> io::Result<bool> {
    let crate::app::AppError::CoveredByBankCheck { checked } = e else {
        return Ok(false);
    };
    let answer = p.ask(
        &format!(
            "This entry is covered by a balance checked against the bank on {}. Changing it may make the records disagree with the bank. Change it anyway? (y or n)",
            long_date(*checked)
        ),
        Some("n"),
    )?;
    Ok(answer.eq_ignore_ascii_case("y"))
}

/// Mark one of the latest entries cleared with the bank, or no longer cleared.
fn cleared(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let Some(target) = pick_entry(p, files, "mark cleared, or not")? else {
        return Ok(());
    };
    let status = match crate::app::entries::find(&files.journals, &target) {
        Ok(place)
            if files.journals[place.journal].transactions()[place.index].status
                == Status::Cleared =>
        {
            Status::Unmarked
        }
        Ok(_) => Status::Cleared,
        Err(e) => return writeln!(p.out(), "Not changed: {e}"),
    };
    let mut result = session.set_status(files, &target, status, false);
    if let Err(e) = &result
        && change_anyway(p, e)?
    {
        result = session.set_status(files, &target, status, true);
    }
    match result {
        Ok(saved) => {
            let payee = saved.before.map(|b| b.payee).unwrap_or_default();
            if status == Status::Cleared {
                writeln!(p.out(), "Marked cleared: {payee}.")
            } else {
                writeln!(p.out(), "No longer marked cleared: {payee}.")
            }
        }
        Err(crate::app::AppError::CoveredByBankCheck { .. }) => {
            writeln!(p.out(), "Nothing was changed.")
        }
        Err(e) => writeln!(p.out(), "Not changed: {e}"),
    }
}

/// The plan as written, then a change to an allocation or a review date if wanted.
fn plan(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let plan = &files.plan.plan;
    writeln!(
        p.out(),
        "{}'s plan, {} to {}.",
        plan.holder.name,
        long_date(plan.period.start),
        long_date(plan.period.end)
    )?;
    writeln!(p.out(), "Funding streams:")?;
    for s in &plan.streams {
        writeln!(
            p.out(),
            "  {}: {}, {}.",
            s.label(),
            s.funder,
            s.management.describe()
        )?;
    }
    writeln!(p.out(), "Outcomes and allocations:")?;
    for o in &plan.outcomes {
        writeln!(p.out(), "  {}: allocated {}.", o.title, o.allocated())?;
        for s in &plan.streams {
            let amount = o.allocation.get(&s.id).copied().unwrap_or_default();
            writeln!(p.out(), "    From {}: {amount}.", s.label())?;
        }
    }
    writeln!(p.out(), "Reviews:")?;
    if plan.reviews.is_empty() {
        writeln!(p.out(), "  No review dates in the plan.")?;
    }
    for r in &plan.reviews {
        writeln!(
            p.out(),
            "  {}{}{}.",
            long_date(r.date),
            if r.done { " (done)" } else { "" },
            r.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        )?;
    }
    let options: Vec<(String, String)> = [
        ("allocation", "Change an allocation"),
        ("review", "Move a review to another date"),
        ("back", "Back"),
        ("done", "Mark a review done, with what was agreed"),
        ("new-review", "Add a review"),
        ("outcome", "Add an outcome"),
    ]
    .iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect();
    let k = p.choose("Change the plan?", &options)?;
    let change = match options[k].0.as_str() {
        "allocation" => {
            if plan.outcomes.is_empty() || plan.streams.is_empty() {
                return writeln!(p.out(), "The plan has no outcomes or streams to allocate.");
            }
            let outcome = p.choose_outcome(plan)?;
            let streams: Vec<(String, String)> = plan
                .streams
                .iter()
                .map(|s| (s.id.clone(), s.label().to_string()))
                .collect();
            let k = if streams.len() > 1 {
                p.choose("From which funding stream?", &streams)?
            } else {
                0
            };
            let stream = streams[k].0.clone();
            let now = plan
                .outcome(&outcome)
                .and_then(|o| o.allocation.get(&stream))
                .map(|m| m.plain())
                .unwrap_or_default();
            let amount = p.ask_valid(
                "Allocation in pounds for the plan period",
                Some(&now),
                |a| crate::core::money::Money::parse(a).map_err(|e| format!("{e}")),
            )?;
            PlanChange::Allocation {
                outcome,
                stream,
                amount,
            }
        }
        "review" => {
            let Some(index) = choose_review(p, plan, "move")? else {
                return Ok(());
            };
            let now = plan.reviews[index].date.format("%Y-%m-%d").to_string();
            let date = ask_date(p, "The new date", Some(&now))?;
            PlanChange::ReviewDate { index, date }
        }
        "done" => {
            let Some(index) = choose_review(p, plan, "mark done")? else {
                return Ok(());
            };
            let note = p.ask(
                "What was agreed (Enter keeps the review's note as it is)",
                Some(""),
            )?;
            PlanChange::ReviewDone {
                index,
                note: (!note.is_empty()).then_some(note),
            }
        }
        "new-review" => {
            let date = ask_date(p, "The review's date", None)?;
            let note = p.ask("A note, e.g. Annual review (Enter for none)", Some(""))?;
            PlanChange::AddReview {
                date,
                note: (!note.is_empty()).then_some(note),
            }
        }
        "outcome" => {
            let id = p.ask_valid(
                "The outcome's id: lower-case letters, digits and hyphens, e.g. go-swimming",
                None,
                |a| {
                    if a.is_empty() {
                        Err("The outcome needs an id, e.g. go-swimming.".into())
                    } else {
                        Ok(a.to_string())
                    }
                },
            )?;
            let title = p.ask_valid("Its title, in the person's words", None, |a| {
                if a.is_empty() {
                    Err("The outcome needs a title.".to_string())
                } else {
                    Ok(a.to_string())
                }
            })?;
            let what = p.ask("What matters (Enter for none)", Some(""))?;
            let mut allocation = Vec::new();
            for s in &plan.streams {
                let amount = p.ask_valid(
                    &format!(
                        "Allocation from {} in pounds for the plan period (Enter for none)",
                        s.label()
                    ),
                    Some(""),
                    |a| {
                        if a.is_empty() {
                            Ok(None)
                        } else {
                            crate::core::money::Money::parse(a)
                                .map(Some)
                                .map_err(|e| format!("{e}"))
                        }
                    },
                )?;
                if let Some(m) = amount {
                    allocation.push((s.id.clone(), m));
                }
            }
            PlanChange::AddOutcome(crate::app::plan::NewOutcome {
                id,
                title,
                what_matters: (!what.is_empty()).then_some(what),
                support: Vec::new(),
                allocation,
            })
        }
        _ => return Ok(()),
    };
    save_plan_change(session, p, files, &change)
}

/// Work the change out, read out any warning it brings (outcomes allocated more than the
/// streams pay) and ask before saving it, as the app's Plan screen does.
fn save_plan_change(
    session: &Session,
    p: &mut Prompter,
    files: &HolderFiles,
    change: &PlanChange,
) -> io::Result<()> {
    let preview = match session.preview_plan(files, change) {
        Ok(preview) => preview,
        Err(e) => return writeln!(p.out(), "Not saved: {e}"),
    };
    if !preview.new_warnings.is_empty() {
        writeln!(p.out(), "Warning: {}.", preview.new_warnings.join("; "))?;
        let answer = p.ask("Save it anyway? (y or n)", Some("n"))?;
        if !answer.eq_ignore_ascii_case("y") {
            return writeln!(p.out(), "Nothing was written.");
        }
    }
    if let Err(e) = session.save_plan(files, preview) {
        return writeln!(p.out(), "Not saved: {e}");
    }
    match change {
        PlanChange::Allocation { stream, amount, .. } => writeln!(
            p.out(),
            "Saved: the allocation from {stream} is now {amount}."
        ),
        PlanChange::ReviewDate { date, .. } => {
            writeln!(
                p.out(),
                "Saved: the review date is now {}.",
                long_date(*date)
            )
        }
        other => writeln!(p.out(), "Saved. {}", other.saved_sentence()),
    }
}

/// Which of the plan's reviews, or None (said) when it has none.
fn choose_review(
    p: &mut Prompter,
    plan: &crate::core::plan::Plan,
    what: &str,
) -> io::Result<Option<usize>> {
    if plan.reviews.is_empty() {
        writeln!(p.out(), "The plan has no reviews to {what}.")?;
        return Ok(None);
    }
    let reviews: Vec<(String, String)> = plan
        .reviews
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                (i + 1).to_string(),
                format!(
                    "Review on {}{}",
                    long_date(r.date),
                    if r.done { " (done)" } else { "" }
                ),
            )
        })
        .collect();
    p.choose("Which review?", &reviews).map(Some)
}

fn ask_date(p: &mut Prompter, question: &str, now: Option<&str>) -> io::Result<NaiveDate> {
    p.ask_valid(question, now, |a| {
        crate::core::payment::parse_date(a)
            .ok_or_else(|| format!("\"{a}\" is not a date; write it as 2026-04-01"))
    })
}

/// A report, shown (paged) or saved to a file.
fn reports(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    use crate::app::report::{ReportFormat, ReportKind};
    use crate::core::report::monitoring::{ReturnPeriod, financial_year_of};
    let options: Vec<(String, String)> = [
        ("monitoring", "Monitoring return for the funder"),
        ("review", "Outcome review summary"),
        ("expected", "Expected payments"),
        ("back", "Back"),
    ]
    .iter()
    .map(|(v, l)| (v.to_string(), l.to_string()))
    .collect();
    let k = p.choose("Which report?", &options)?;
    let kind = match options[k].0.as_str() {
        "monitoring" => {
            let fy = format!("fy{}", financial_year_of(session.today));
            let period = p.ask_valid(
                "Which period (fy2026 for April to March, 2026-q1 to 2026-q4)",
                Some(&fy),
                ReturnPeriod::preset,
            )?;
            ReportKind::Monitoring {
                period,
                stream: None,
            }
        }
        "review" => ReportKind::Review,
        "expected" => ReportKind::Expected,
        _ => return Ok(()),
    };
    let save = p.ask(
        "Save it to a file? Type its name, or Enter to read it here",
        Some(""),
    )?;
    let format = if save.ends_with(".md") {
        ReportFormat::Md
    } else if save.ends_with(".csv") && kind != ReportKind::Review {
        ReportFormat::Csv
    } else if save.ends_with(".json") {
        ReportFormat::Json
    } else {
        ReportFormat::Text
    };
    let report = match session.report(files, &kind, format) {
        Ok(r) => r,
        Err(e) => return writeln!(p.out(), "Not made: {e}"),
    };
    if save.is_empty() {
        return write!(p.out(), "{}", report.text);
    }
    let path = std::path::PathBuf::from(&save);
    let path = if path.is_absolute() {
        path
    } else {
        session.ws.root().join(path)
    };
    match session.save_report(&path, &report.text, false) {
        Ok(()) => writeln!(p.out(), "{} was saved to {}.", report.what, path.display()),
        Err(e) => writeln!(p.out(), "Not saved: {e}"),
    }
}

/// Advice in plain mode names its own choices, with amounts in words.
fn advice() -> crate::app::Advice {
    crate::app::Advice::App {
        clear: "the \"cleared\" choice".into(),
        add: "the \"add\" choice".into(),
        reconcile: "the \"reconcile\" choice".into(),
    }
}

/// A bank statement: what would be added, then, after a yes, added.
fn import(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let file = p.ask("Where is the statement file (CSV)", None)?;
    if file.is_empty() {
        return writeln!(p.out(), "Nothing was written.");
    }
    let request = crate::app::import::ImportRequest {
        file: std::path::PathBuf::from(file),
        preview: true,
        profile: None,
        stream: None,
    };
    let preview = match session.import(files, &request) {
        Ok(i) => i,
        Err(e) => return writeln!(p.out(), "Not done: {e}"),
    };
    write!(p.out(), "{}", preview.describe_for(&advice()))?;
    let answer = p.ask("Import these entries now? (y or n)", Some("n"))?;
    if !answer.eq_ignore_ascii_case("y") {
        return writeln!(p.out(), "Nothing was written.");
    }
    let request = crate::app::import::ImportRequest {
        preview: false,
        ..preview.request
    };
    match session.import(files, &request) {
        Ok(done) => write!(p.out(), "{}", done.describe_for(&advice())),
        Err(e) => writeln!(p.out(), "Not done: {e}"),
    }
}

/// Compare the cleared balance with a statement's, as the app's "b" does.
fn reconcile(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let plan = &files.plan.plan;
    let direct: Vec<(String, String)> = plan
        .streams
        .iter()
        .filter(|s| s.management == crate::core::plan::Management::DirectPayment)
        .map(|s| (s.id.clone(), s.label().to_string()))
        .collect();
    let stream = match direct.len() {
        0 => {
            return writeln!(
                p.out(),
                "The plan has no bank account (direct payment) to check."
            );
        }
        1 => None,
        _ => {
            let k = p.choose("Whose bank account?", &direct)?;
            Some(direct[k].0.clone())
        }
    };
    let today = session.today.format("%Y-%m-%d").to_string();
    let date = p.ask_valid("The statement's date", Some(&today), |a| {
        crate::core::payment::parse_date(a)
            .ok_or_else(|| format!("\"{a}\" is not a date; write it as 2026-10-14"))
    })?;
    let balance = p.ask(
        "The balance the statement shows at the end of that day",
        None,
    )?;
    let request = crate::app::reconcile::ReconcileRequest {
        stream,
        date,
        balance,
        clear: Vec::new(),
    };
    match session.reconcile(files, &request) {
        Ok(done) => write!(p.out(), "{}", done.describe_for(&advice())),
        Err(e) => writeln!(p.out(), "Not done: {e}"),
    }
}

fn help(p: &mut Prompter) -> io::Result<()> {
    writeln!(
        p.out(),
        "Type the number of a choice, or the word in brackets after it, then Enter. At a question, Enter keeps what is shown in square brackets. When an answer is longer than the window, it stops and asks \"more? y/n\": y (or Enter) goes on, n leaves the rest out. Entries are chosen from the latest 15, newest first; the register's search and filter show the others. Nothing is written until a question says it will be, and a change refused leaves the files as they were. Ctrl-D, or the input ending, quits."
    )?;
    for (word, what) in HELP {
        writeln!(p.out(), "  {word}: {what}.")?;
    }
    Ok(())
}

/// Ask which of the latest entries; None when there are none or the person backs out.
fn pick_entry(p: &mut Prompter, files: &HolderFiles, what: &str) -> io::Result<Option<Target>> {
    let entries = latest(files);
    if entries.is_empty() {
        writeln!(p.out(), "There are no payments to {what}.")?;
        return Ok(None);
    }
    let mut options: Vec<(String, String)> = entries
        .iter()
        .enumerate()
        .map(|(n, (_, tx))| ((n + 1).to_string(), describe(files, files.journal(), tx)))
        .collect();
    options.push(("back".into(), "None: go back".into()));
    let k = p.choose(&format!("Which payment do you want to {what}?"), &options)?;
    let ids = EntryIds::of(&files.journals);
    Ok(entries.get(k).map(|(index, _)| {
        Target::at(
            files,
            &ids,
            Place {
                journal: 0,
                index: *index,
            },
        )
    }))
}

fn add(
    session: &Session,
    p: &mut Prompter,
    files: &HolderFiles,
    direction: Direction,
) -> io::Result<()> {
    let draft = Draft {
        date: session.today.format("%Y-%m-%d").to_string(),
        direction,
        ..Draft::default()
    };
    let Some(draft) = ask_draft(session, p, files, draft)? else {
        return Ok(());
    };
    match session.record(files, &draft) {
        Ok(saved) => match &saved.written {
            Some(tx) => writeln!(p.out(), "Saved: {} on {}.", short(tx), long_date(tx.date)),
            None => writeln!(p.out(), "Saved."),
        },
        Err(e) => writeln!(p.out(), "Not saved: {e}"),
    }
}

fn short(tx: &crate::core::journal::NewTransaction) -> String {
    format!(
        "{} {}",
        tx.payee,
        tx.postings
            .iter()
            .find_map(|x| x.amount)
            .unwrap_or_default()
            .abs()
    )
}

/// Ask each field in turn (Enter keeps what is shown), then check them all together;
/// problems are read out and the person may try again.
fn ask_draft(
    session: &Session,
    p: &mut Prompter,
    files: &HolderFiles,
    mut d: Draft,
) -> io::Result<Option<Draft>> {
    let plan = &files.plan.plan;
    let usual_choices = UsualChoices::of(&files.journals);
    let categories = session.categories(files);
    loop {
        d.date = p.ask("Date paid", Some(&d.date))?;
        let who = if d.direction == Direction::Out {
            "Who was paid"
        } else {
            "Who paid the money in"
        };
        d.payee = p.ask(who, (!d.payee.is_empty()).then_some(d.payee.as_str()))?;
        d.amount = p.ask(
            "Amount in pounds",
            (!d.amount.is_empty()).then_some(d.amount.as_str()),
        )?;
        let usual = usual_choices.for_payee(&d.payee);
        if d.direction.has_outcome() && !plan.outcomes.is_empty() {
            d.outcome = Some(choose_outcome(p, plan, &d, usual)?);
        }
        if d.direction.has_outcome() && d.splits.is_empty() {
            d.category = choose_category(p, &categories, &d, usual)?;
        }
        let streams: Vec<(String, String)> = plan
            .streams
            .iter()
            .filter(|s| {
                d.direction == Direction::Out
                    || s.management == crate::core::plan::Management::DirectPayment
            })
            .map(|s| (s.id.clone(), s.label().to_string()))
            .collect();
        if streams.len() > 1 {
            let k = p.choose("Which funding stream paid?", &streams)?;
            d.stream = Some(streams[k].0.clone());
        } else if let Some((id, _)) = streams.first() {
            d.stream = Some(id.clone());
        }
        if d.direction.has_outcome() {
            d.receipt = p.ask(
                "Receipt or invoice reference (Enter for none)",
                Some(&d.receipt),
            )?;
        }
        d.note = p.ask("Note (Enter for none)", Some(&d.note))?;
        match d.build(plan) {
            Ok(_) => return Ok(Some(d)),
            Err(problems) => {
                writeln!(p.out(), "That cannot be saved yet:")?;
                for e in &problems {
                    writeln!(p.out(), "  {}: {}", e.field.label(), e.message)?;
                }
                let again = p.ask("Try again? (y or n)", Some("y"))?;
                if !again.eq_ignore_ascii_case("y") {
                    writeln!(p.out(), "Nothing was written.")?;
                    return Ok(None);
                }
            }
        }
    }
}

/// Which outcome: Enter keeps the entry's own, or for a new payment the payee's usual one
/// (said, with whose it is).
fn choose_outcome(
    p: &mut Prompter,
    plan: &crate::core::plan::Plan,
    d: &Draft,
    usual: Option<&Usual>,
) -> io::Result<String> {
    let usual = usual
        .and_then(|u| u.outcome.as_deref())
        .filter(|_| d.outcome.is_none())
        .and_then(|id| plan.outcome(id));
    let Some(o) = usual else {
        return p.choose_outcome_or(plan, d.outcome.as_deref());
    };
    let options: Vec<(String, String)> = plan
        .outcomes
        .iter()
        .map(|o| (o.id.clone(), o.title.clone()))
        .collect();
    let at = options.iter().position(|(v, _)| *v == o.id);
    let question = format!(
        "Which outcome is this for? Enter for {}, as last time for {}",
        o.title,
        d.payee.trim()
    );
    let k = p.choose_or(&question, &options, at)?;
    Ok(options[k].0.clone())
}

/// Which spending category, from those the app offers (`Session::categories`): Enter keeps
/// the entry's own, or for a new payment leaves it to `Session::record`, which takes the
/// payee's usual one (said, with whose it is). A new category's id may be typed.
fn choose_category(
    p: &mut Prompter,
    offered: &[Category],
    d: &Draft,
    usual: Option<&Usual>,
) -> io::Result<Option<String>> {
    let label = |id: &str| crate::core::category::label_of(offered, id).to_string();
    let enter = match (&d.category, usual) {
        (Some(c), _) => format!("Enter keeps {}", label(c)),
        (None, Some(u)) => format!(
            "Enter for {}, as last time for {}",
            label(&u.category),
            d.payee.trim()
        ),
        (None, None) => "Enter for none: it is filed under the outcome's id".to_string(),
    };
    writeln!(
        p.out(),
        "Which category? {enter}; or type a new category's id."
    )?;
    for (i, c) in offered.iter().enumerate() {
        writeln!(p.out(), "  {}. {} ({})", i + 1, c.label, c.id)?;
    }
    let n = offered.len();
    let keep = d.category.clone();
    // What Enter gives, in square brackets like every other question.
    let shown = keep
        .clone()
        .or_else(|| usual.map(|u| u.category.clone()))
        .unwrap_or_default();
    p.ask_valid(
        &format!("Type a number from 1 to {n}, or an id"),
        Some(&shown),
        |a| match a.parse::<usize>() {
            // Enter: the entry's own, or none, so that `Session::record` gives the usual.
            _ if a.is_empty() || a == shown => Ok(keep.clone()),
            Ok(k) if (1..=n).contains(&k) => Ok(Some(offered[k - 1].id.clone())),
            Ok(_) => Err(format!(
                "\"{a}\" is not one of the choices; type a number from 1 to {n}"
            )),
            // An id offered, or a new one (checked with the rest of the payment).
            Err(_) => Ok(Some(a.to_string())),
        },
    )
}

fn edit(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let Some(target) = pick_entry(p, files, "change")? else {
        return Ok(());
    };
    let draft = match session.draft_of(files, &target) {
        Ok(d) => d,
        Err(why) => return writeln!(p.out(), "That payment cannot be changed here: {why}."),
    };
    writeln!(p.out(), "Press Enter to keep what is shown in brackets.")?;
    let Some(draft) = ask_draft(session, p, files, draft)? else {
        return Ok(());
    };
    let changes = Changes::from_draft(&draft);
    let mut result = session.edit(files, &target, &changes, false);
    if let Err(e) = &result
        && change_anyway(p, e)?
    {
        result = session.edit(files, &target, &changes, true);
    }
    match result {
        Ok(saved) => match &saved.written {
            Some(tx) => writeln!(p.out(), "Saved the change: {}.", short(tx)),
            None => writeln!(p.out(), "Saved the change."),
        },
        Err(crate::app::AppError::CoveredByBankCheck { .. }) => {
            writeln!(p.out(), "Nothing was changed.")
        }
        Err(e) => writeln!(p.out(), "Not saved: {e}"),
    }
}

fn reverse(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let Some(target) = pick_entry(p, files, "reverse")? else {
        return Ok(());
    };
    let described = {
        let place = crate::app::entries::find(&files.journals, &target);
        match place {
            Ok(place) => {
                let j = &files.journals[place.journal];
                describe(files, j, &j.transactions()[place.index])
            }
            Err(e) => return writeln!(p.out(), "Not reversed: {e}"),
        }
    };
    let answer = p.ask(
        &format!(
            "Reverse {described}? This adds a reversing entry dated today; nothing is deleted. (y or n)"
        ),
        Some("n"),
    )?;
    if !answer.eq_ignore_ascii_case("y") {
        return writeln!(p.out(), "Nothing was changed.");
    }
    match session.reverse(files, &target) {
        Ok(saved) => writeln!(
            p.out(),
            "Reversed: a reversing entry for {} was added.",
            saved.written.map(|t| t.payee).unwrap_or_default()
        ),
        Err(e) => writeln!(p.out(), "Not reversed: {e}"),
    }
}
