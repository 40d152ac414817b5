//! Plain line mode, as a transcript: scripted answers through a pipe add a payment and list
//! it; the conversation has no escape sequences and matches the golden copy.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_careledger");

fn converse(ws: &std::path::Path, args: &[&str], input: &str) -> (String, bool) {
    converse_paged(ws, args, input, None, None)
}

/// As `converse`, stopping for "more?" after `page` lines and wrapping at `width`.
fn converse_paged(
    ws: &std::path::Path,
    args: &[&str],
    input: &str,
    page: Option<usize>,
    width: Option<usize>,
) -> (String, bool) {
    let mut cmd = Command::new(BIN);
    if let Some(n) = page {
        cmd.env("CARELEDGER_PAGE_LINES", n.to_string());
    }
    if let Some(w) = width {
        cmd.env("CARELEDGER_WIDTH", w.to_string());
    }
    let mut child = cmd
        .args(["--data", ws.to_str().unwrap(), "--today", "2026-10-15"])
        .args(args)
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.success())
}

#[test]
fn plain_mode_adds_and_lists_a_payment() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    careledger::cli::copy_demo(&ws).unwrap();
    // Add (3): Enter keeps today's date; payee; amount; outcome 2 (Keep seeing my friends);
    // Enter keeps his usual category (travel); receipt; no note. Then the register's latest entries (2, 1), then quit.
    let input = "3\n\nDalesway Taxis\n12.40\n2\n\nT-99\n\n2\n1\nquit\n";
    let (out, ok) = converse(&ws, &["--holder", "ann"], input);
    assert!(ok, "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "escape sequences in plain mode:\n{out}"
    );
    insta::assert_snapshot!("plain_add_and_list", out);
    let journal = std::fs::read_to_string(ws.join("holders/ann/ledger.journal")).unwrap();
    assert!(
        journal.contains("2026-10-15 Dalesway Taxis\n    ; outcome: see-friends\n"),
        "{journal}"
    );
}

#[test]
fn plain_mode_reads_problems_out_and_ends_cleanly_when_input_ends() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    careledger::cli::copy_demo(&ws).unwrap();
    let before = std::fs::read_to_string(ws.join("holders/ann/ledger.journal")).unwrap();
    // Choose Ann among four people, add with a bad amount, decline to try again, then the
    // input ends.
    let input = "ann\n3\n\nCorner Shop\n12.345\n1\n\n\n\nn\n";
    let (out, ok) = converse(&ws, &[], input);
    assert!(ok, "{out}");
    assert!(out.contains("Whose records?"), "{out}");
    assert!(
        out.contains("That cannot be saved yet:\n  Amount: "),
        "{out}"
    );
    assert!(out.contains("Nothing was written."), "{out}");
    assert!(out.trim_end().ends_with("Goodbye."), "{out}");
    let after = std::fs::read_to_string(ws.join("holders/ann/ledger.journal")).unwrap();
    assert_eq!(before, after);
}

// --- Every task of the app, one transcript each ------------------------------------------

fn demo() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    careledger::cli::copy_demo(&ws).unwrap();
    (tmp, ws)
}

fn ann_journal(ws: &std::path::Path) -> String {
    std::fs::read_to_string(ws.join("holders/ann/ledger.journal")).unwrap()
}

/// What plain mode said after the last menu answer before `marker`, to the next menu.
fn answer_to<'a>(out: &'a str, marker: &str) -> &'a str {
    let at = out
        .find(marker)
        .unwrap_or_else(|| panic!("{marker:?} not in:\n{out}"));
    let rest = &out[at..];
    let end = rest
        .find("what would you like to do?")
        .unwrap_or(rest.len());
    &rest[..end]
}

#[test]
fn people_are_listed_most_in_need_first_and_one_is_chosen() {
    let (_tmp, ws) = demo();
    // People (7), choose Ann by her id, then quit.
    let (out, ok) = converse(&ws, &["--holder", "ben"], "other\nann\nquit\n");
    assert!(ok, "{out}");
    let people = answer_to(&out, "Whose records?");
    // The People screen's order: Chloe and Dev have "act now" alerts, Ann and Ben "act soon".
    let order: Vec<usize> = ["Chloe Brennan", "Dev Sharma", "Ann Whitaker", "Ben Okafor"]
        .iter()
        .map(|n| {
            people
                .find(n)
                .unwrap_or_else(|| panic!("{n} missing: {people}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{people}");
    assert!(
        people.contains("Ann Whitaker: balance £5,956.78; 2 alerts, worst: Act soon"),
        "{people}"
    );
    assert!(
        out.contains("Ann Whitaker: what would you like to do?"),
        "{out}"
    );
}

#[test]
fn where_the_money_stands_says_spending_against_time() {
    let (_tmp, ws) = demo();
    let (out, ok) = converse(&ws, &["--holder", "ann"], "position\nquit\n");
    assert!(ok, "{out}");
    let said = answer_to(&out, "Spending against time:");
    // The dashboard's sentences (worked out in tests/pace.rs).
    assert!(said.contains("By 15 October 2026, 54% of the year, you had spent 38% of the budget: £9,355.22 of £24,882.00."), "{said}");
    assert!(
        said.contains("Spent month by month: April £1,334.70, May £1,507.34"),
        "{said}"
    );
}

#[test]
fn the_register_searches_and_filters_as_the_app_does() {
    let (_tmp, ws) = demo();
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "list\nsearch\nTAXI\nlist\nfilter\n2\n2026-10-01\n\nquit\n",
    );
    assert!(ok, "{out}");
    let found = answer_to(&out, "Search for: ");
    let rows: Vec<&str> = found
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(". "))
        .collect();
    assert!(rows.len() >= 3, "{found}");
    assert!(rows.iter().all(|l| l.contains("Dalesway Taxis")), "{found}");
    let filtered = answer_to(&out, "To (a date, or Enter for today)");
    // From 1 October, the "stay living in my own home" outcome only.
    let rows: Vec<&str> = filtered
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(". "))
        .collect();
    assert!(!rows.is_empty(), "{filtered}");
    assert!(
        rows.iter()
            .all(|l| l.contains("outcome stay-at-home") && l.contains("October 2026")),
        "{filtered}"
    );
}

#[test]
fn an_entry_is_changed_reversed_and_marked_cleared() {
    let (_tmp, ws) = demo();
    let before = ann_journal(&ws);
    // Edit the 3rd newest (Tomasz Nowak £105.60, pending): keep everything but the amount.
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "edit\n3\n\n\n110.00\n\n\n\n\nquit\n",
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("Saved the change: Tomasz Nowak £110.00."),
        "{out}"
    );
    let after = ann_journal(&ws);
    assert_eq!(
        after.matches("£110.00").count(),
        before.matches("£110.00").count() + 1
    );
    // Mark it cleared (it is still the 3rd newest), then reverse it.
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "cleared\n3\nreverse\n3\ny\nquit\n",
    );
    assert!(ok, "{out}");
    assert!(out.contains("Marked cleared: Tomasz Nowak."), "{out}");
    assert!(
        out.contains("Reversed: a reversing entry for Tomasz Nowak was added."),
        "{out}"
    );
    let last = ann_journal(&ws);
    assert!(
        last.contains("2026-10-15 Tomasz Nowak | reversal of the entry of 2026-10-13"),
        "{last}"
    );
    if let Some(hledger) = which("hledger") {
        let check = Command::new(hledger)
            .args([
                "-f",
                ws.join("holders/ann/ledger.journal").to_str().unwrap(),
                "check",
                "-s",
            ])
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

fn which(name: &str) -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

#[test]
fn an_entry_a_bank_check_covers_is_changed_only_after_a_yes() {
    let (_tmp, ws) = demo();
    // Check against the bank on 7 October at £4,375.18 (agreeing, as in the app's test),
    // then try to unmark an entry from before it: asked, and "n" changes nothing.
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "reconcile\n2026-10-07\n4375.18\nquit\n",
    );
    assert!(ok, "{out}");
    assert!(
        out.contains("The records agree with the statement."),
        "{out}"
    );
    let before = ann_journal(&ws);
    // The 9th newest is Keystone Payroll Services on 5 October, cleared.
    let (out, ok) = converse(&ws, &["--holder", "ann"], "cleared\n9\nn\nquit\n");
    assert!(ok, "{out}");
    assert!(
        out.contains("covered by a balance checked against the bank on 7 October 2026"),
        "{out}"
    );
    assert!(out.contains("Nothing was changed."), "{out}");
    assert_eq!(ann_journal(&ws), before);
}

#[test]
fn the_plan_is_read_and_an_allocation_and_a_review_date_changed() {
    let (_tmp, ws) = demo();
    let path = ws.join("holders/ann/plan.toml");
    let before = std::fs::read_to_string(&path).unwrap();
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "plan\nallocation\n1\n14500\nplan\nreview\n1\n2027-03-20\nquit\n",
    );
    assert!(ok, "{out}");
    let plan = answer_to(&out, "Ann Whitaker's plan");
    assert!(
        plan.contains("Stay living in my own home: allocated £15,000.00."),
        "{plan}"
    );
    assert!(
        out.contains("Saved: the allocation from social-care is now £14,500.00."),
        "{out}"
    );
    assert!(
        out.contains("Saved: the review date is now 20 March 2027."),
        "{out}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("allocation = { social-care = \"14500.00\" }"),
        "{after}"
    );
    // Comments and layout kept: only the two values changed.
    let changed = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 2, "{after}");
}

#[test]
fn a_report_is_read_here_or_saved_to_a_file() {
    let (_tmp, ws) = demo();
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "reports\nexpected\n\nreports\nmonitoring\nfy2026\nreturn.md\nquit\n",
    );
    assert!(ok, "{out}");
    assert!(out.contains("Expected payments"), "{out}");
    let saved = ws.join("return.md");
    assert!(
        out.contains(&format!("was saved to {}.", saved.display())),
        "{out}"
    );
    let text = std::fs::read_to_string(saved).unwrap();
    assert!(text.starts_with('#'), "Markdown: {text}");
}

#[test]
fn a_statement_is_previewed_then_imported_after_a_yes() {
    let (_tmp, ws) = demo();
    let csv = ws.join("statement.csv");
    std::fs::write(
        &csv,
        "Date,Description,Amount\n2026-10-15,CORNER SHOP LTD,-6.40\n",
    )
    .unwrap();
    let before = ann_journal(&ws);
    let input = format!(
        "import\n{}\nn\nimport\n{}\ny\nquit\n",
        csv.display(),
        csv.display()
    );
    let (out, ok) = converse(&ws, &["--holder", "ann"], &input);
    assert!(ok, "{out}");
    assert!(out.contains("Would add 1 entry:"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("2026-10-15  CORNER SHOP LTD") && l.contains(" paid out £6.40 ")),
        "the preview's amounts in words: {out}"
    );
    assert!(out.contains("Preview only: nothing was written."), "{out}");
    assert!(
        !out.contains("-£") && !out.contains("£-"),
        "amounts in words: {out}"
    );
    let after = ann_journal(&ws);
    assert_eq!(
        after.matches("CORNER SHOP LTD").count(),
        1,
        "written once, after the yes"
    );
    assert!(after.len() > before.len());
}

#[test]
fn checking_against_the_bank_names_the_difference_in_words() {
    let (_tmp, ws) = demo();
    let before = ann_journal(&ws);
    let (out, ok) = converse(
        &ws,
        &["--holder", "ann"],
        "reconcile\n2026-10-12\n100.00\nquit\n",
    );
    assert!(ok, "{out}");
    let said = answer_to(&out, "Reconciling");
    assert!(said.contains("Difference: the statement shows"), "{said}");
    assert!(said.contains("(the \"cleared\" choice)"), "{said}");
    assert!(!said.contains("--clear") && !said.contains("-£"), "{said}");
    assert!(said.contains("Nothing was written."), "{said}");
    assert_eq!(ann_journal(&ws), before);
}

#[test]
fn help_says_what_each_choice_does() {
    let (_tmp, ws) = demo();
    let (out, ok) = converse(&ws, &["--holder", "ann"], "help\nquit\n");
    assert!(ok, "{out}");
    let said = answer_to(&out, "Type the number of a choice");
    for word in [
        "position:",
        "list:",
        "cleared:",
        "plan:",
        "reports:",
        "import:",
        "reconcile:",
        "more? y/n",
    ] {
        assert!(said.contains(word), "{word} missing: {said}");
    }
}

/// A long answer stops for "more? y/n" rather than scrolling away, and "n" leaves the rest
/// out; lines are wrapped between words, so no amount is split over two lines.
#[test]
fn long_answers_are_paged_and_amounts_never_split() {
    let (_tmp, ws) = demo();
    let (whole, ok) = converse(&ws, &["--holder", "ann"], "list\nall\nquit\n");
    assert!(ok, "{whole}");
    assert!(
        !whole.contains("more? y/n"),
        "a pipe is not paged unless asked"
    );
    let (paged, ok) = converse_paged(
        &ws,
        &["--holder", "ann"],
        "list\nall\ny\nn\nquit\n",
        Some(24),
        Some(60),
    );
    assert!(ok, "{paged}");
    assert_eq!(paged.matches("more? y/n: ").count(), 2, "{paged}");
    assert!(paged.contains("(The rest is left out.)"), "{paged}");
    // Every line fits; the first page's amounts are as in the unwrapped answer.
    for line in paged.lines() {
        let line = line.strip_prefix("more? y/n: ").unwrap_or(line);
        assert!(
            line.chars().count() <= 60 || !line.contains(' '),
            "too long: {line:?}"
        );
    }
    let amounts = |text: &str| -> Vec<String> {
        text.split_whitespace()
            .filter(|w| w.starts_with('£'))
            .map(|w| w.trim_end_matches([';', '.', ',']).to_string())
            .collect()
    };
    let shown = amounts(&paged);
    let all = amounts(&whole);
    assert!(shown.len() > 10);
    assert_eq!(
        shown[..],
        all[..shown.len()],
        "an amount was split or changed"
    );
    assert!(shown.iter().all(|a| a.contains('.')), "{shown:?}");
}

/// The real `tool` (hledger or ledger) on `journal`: the balance of `account`, as printed.
fn balance_by(tool: &str, journal: &std::path::Path, account: &str) -> Option<String> {
    let tool = which(tool)?;
    let out = Command::new(tool)
        .args(["-f", journal.to_str().unwrap(), "bal", account])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    Some(
        text.split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string(),
    )
}

#[test]
fn a_payment_takes_the_payees_usual_category_and_outcome_or_one_chosen() {
    let (_tmp, ws) = demo();
    let journal = ws.join("holders/ann/ledger.journal");
    // Dalesway Taxis: Enter at the outcome and the category keeps what was chosen for him
    // last time (see-friends, travel). Then Westdale Leisure Centre, new: outcome 2, and
    // category 8 (Activities, the eighth heading offered).
    let input = "add\n\nDalesway Taxis\n12.40\n\n\nT-99\n\n\
                 add\n\nWestdale Leisure Centre\n6.00\n2\n8\n\n\nquit\n";
    let (out, ok) = converse(&ws, &["--holder", "ann"], input);
    assert!(ok, "{out}");
    assert!(
        out.contains(
            "Which outcome is this for? Enter for Keep seeing my friends, as last time for Dalesway Taxis\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Which category? Enter for travel, as last time for Dalesway Taxis;"),
        "{out}"
    );
    assert!(out.contains("  8. Activities (activities)\n"), "{out}");
    assert!(out.contains("  13. travel (travel)\n"), "{out}");
    assert!(
        out.contains("Which category? Enter for none: it is filed under the outcome's id;"),
        "no usual one for a new payee: {out}"
    );
    assert!(
        out.contains("Saved: Dalesway Taxis £12.40 on 15 October 2026."),
        "{out}"
    );
    assert!(
        out.contains("Saved: Westdale Leisure Centre £6.00 on 15 October 2026."),
        "{out}"
    );
    let text = ann_journal(&ws);
    assert!(
        text.contains(
            "2026-10-15 Dalesway Taxis\n    ; outcome: see-friends\n    ; stream: social-care\n    ; receipt: T-99\n"
        ),
        "{text}"
    );
    let taxi = &text[text.rfind("2026-10-15 Dalesway Taxis").unwrap()..];
    assert!(taxi.contains("    expenses:travel  "), "{taxi}");
    let leisure = &text[text.rfind("2026-10-15 Westdale Leisure Centre").unwrap()..];
    assert!(
        leisure.contains("    ; outcome: see-friends\n"),
        "{leisure}"
    );
    assert!(leisure.contains("    expenses:activities  "), "{leisure}");
    // The demo's travel was £217.70 and its activities £219.00: now £12.40 and £6.00 more.
    for tool in ["hledger", "ledger"] {
        if let Some(t) = balance_by(tool, &journal, "expenses:travel") {
            assert_eq!(t, "£230.10", "{tool}");
        }
        if let Some(a) = balance_by(tool, &journal, "expenses:activities") {
            assert_eq!(a, "£225.00", "{tool}");
        }
    }
}

#[test]
fn plan_changes_mark_a_review_done_add_a_review_and_an_outcome_asking_at_a_warning() {
    let (_tmp, ws) = demo();
    let path = ws.join("holders/ann/plan.toml");
    // A comment of the person's own, by the review it is about.
    let mine = "# Ask for the review at home; her daughter Sue will be there.";
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "date = 2027-03-18\n",
        &format!("{mine}\ndate = 2027-03-18\n"),
    );
    std::fs::write(&path, &text).unwrap();
    // A new outcome given £3,500.00 from the council's stream: the outcomes would then have
    // £15,000.00 + £6,880.00 + £3,500.00 = £25,380.00 of the £24,882.00 it pays. Warned,
    // and "n" writes nothing.
    let outcome = "plan\n6\ngo-swimming\nGo swimming again\nI used to swim every week\n3500\n";
    let (out, ok) = converse(&ws, &["--holder", "ann"], &format!("{outcome}n\nquit\n"));
    assert!(ok, "{out}");
    assert!(
        out.contains(
            "Warning: the plan is not enough: outcomes would be allocated £25,380.00 from \"social-care\" but it pays £24,882.00 over the plan period.\nSave it anyway? (y or n) [n]: Nothing was written."
        ),
        "{out}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // Review 2 done with what was agreed (4), a review added (5), and the outcome saved
    // after a "y".
    let input = format!(
        "plan\n4\n2\nMore hours for lunch club\nplan\nnew-review\n2026-12-10\nCheck the new hours\n{outcome}y\nplan\nquit\n"
    );
    let (out, ok) = converse(&ws, &["--holder", "ann"], &input);
    assert!(ok, "{out}");
    assert!(out.contains("Saved. Review 2 is marked done."), "{out}");
    assert!(
        out.contains("Saved. A review on 10 December 2026 was added."),
        "{out}"
    );
    assert!(
        out.contains("Saved. Outcome \"Go swimming again\" was added."),
        "{out}"
    );
    // The plan read again says so.
    let last = &out[out.rfind("Ann Whitaker's plan").unwrap()..];
    assert!(
        last.contains("  Go swimming again: allocated £3,500.00.\n"),
        "{last}"
    );
    assert!(
        last.contains("  18 March 2027 (done): More hours for lunch club.\n"),
        "{last}"
    );
    assert!(
        last.contains("  10 December 2026: Check the new hours.\n"),
        "{last}"
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains(&format!(
            "{mine}\ndate = 2027-03-18\nnote = \"More hours for lunch club\"\ndone = true\n"
        )),
        "{after}"
    );
    assert!(
        after.contains("[[reviews]]\ndate = 2026-12-10\nnote = \"Check the new hours\"\n"),
        "{after}"
    );
    assert!(
        after.ends_with(
            "[[outcomes]]\nid = \"go-swimming\"\ntitle = \"Go swimming again\"\nwhat_matters = \"I used to swim every week\"\nallocation = { social-care = \"3500.00\" }\n"
        ),
        "{after}"
    );
    // Every line that was there is still there, comments and all, in the same order.
    let mut rest = after.lines();
    for line in text
        .lines()
        .filter(|l| !l.starts_with("note = \"Annual review\""))
    {
        assert!(rest.any(|l| l == line), "{line:?} lost:\n{after}");
    }
}
