//! Plain line mode: the app as a conversation. Numbered menus and questions on ordinary
//! lines that are never redrawn, for screen readers, braille displays, `TERM=dumb`, pipes
//! and people who prefer it. The same actions as the app: where the money stands, list,
//! add, edit, reverse, check.

use std::io::{self, BufRead, Write};

use super::prompt::Prompter;
use super::{CliResult, Ctx, Failure};
use crate::app::entries::Changes;
use crate::app::{Session, Target};
use crate::core::entry::{EntryIds, Place};
use crate::core::journal::{Journal, Transaction};
use crate::core::payment::{Direction, Draft};
use crate::core::position;
use crate::core::register;
use crate::core::report::summary;
use crate::core::words::{self, long_date};
use crate::store::HolderFiles;

/// How many entries a list shows, newest first.
const LIST_LEN: usize = 15;

pub fn run(ctx: &Ctx, input: impl BufRead, out: &mut dyn Write) -> CliResult {
    let mut p = Prompter::new(input, out);
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
        let options: Vec<(String, String)> = [
            ("position", "Where the money stands"),
            ("list", "List the latest payments"),
            ("add", "Record a payment"),
            ("in", "Record money paid in"),
            ("edit", "Change a payment"),
            ("reverse", "Reverse a payment"),
            ("other", "Choose another person"),
            ("quit", "Quit"),
        ]
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
            }
            "list" => {
                list(p, &files)?;
            }
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

fn choose_holder(ctx: &Ctx, p: &mut Prompter) -> io::Result<Option<String>> {
    let ids = ctx.workspace.holder_ids().unwrap_or_default();
    match ids.as_slice() {
        [] => {
            writeln!(
                p.out(),
                "This workspace has no people yet. Add one with: careledger holder new ID --name NAME"
            )?;
            Ok(None)
        }
        [only] => Ok(Some(only.clone())),
        _ => {
            let options: Vec<(String, String)> = ids
                .iter()
                .map(|id| {
                    let name = ctx
                        .workspace
                        .load_holder(id)
                        .map(|f| f.plan.plan.holder.name)
                        .unwrap_or_else(|_| format!("{id} (files cannot be read)"));
                    (id.clone(), name)
                })
                .collect();
            let k = p.choose("Whose records?", &options)?;
            Ok(Some(options[k].0.clone()))
        }
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
    let what = if e.amount.is_negative() {
        format!("paid out {}", e.amount.abs())
    } else {
        format!("paid in {}", e.amount)
    };
    let mut s = format!("{} {}: {what}", e.date.format("%Y-%m-%d"), e.payee);
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
    let Some(draft) = ask_draft(p, files, draft)? else {
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
fn ask_draft(p: &mut Prompter, files: &HolderFiles, mut d: Draft) -> io::Result<Option<Draft>> {
    let plan = &files.plan.plan;
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
        if d.direction.has_outcome() && !plan.outcomes.is_empty() {
            d.outcome = Some(p.choose_outcome(plan)?);
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

fn edit(session: &Session, p: &mut Prompter, files: &HolderFiles) -> io::Result<()> {
    let Some(target) = pick_entry(p, files, "change")? else {
        return Ok(());
    };
    let draft = match session.draft_of(files, &target) {
        Ok(d) => d,
        Err(why) => return writeln!(p.out(), "That payment cannot be changed here: {why}."),
    };
    writeln!(p.out(), "Press Enter to keep what is shown in brackets.")?;
    let Some(draft) = ask_draft(p, files, draft)? else {
        return Ok(());
    };
    match session.edit(files, &target, &Changes::from_draft(&draft), false) {
        Ok(saved) => match &saved.written {
            Some(tx) => writeln!(p.out(), "Saved the change: {}.", short(tx)),
            None => writeln!(p.out(), "Saved the change."),
        },
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
