//! `careledger reconcile` through the binary: a statement balance that agrees at once; one
//! made up by entries not yet cleared; one off by a payment missing from the records, found,
//! added and then reconciled. Every balance recorded must pass `hledger check`.

mod support;

use std::fs;

use careledger::core::journal::Status;
use support::{ASSET, Ws, hledger, hledger_agrees, hledger_balances, m};

const JOURNAL: &str = "; Pat Fielding's personal budget
commodity £1,000.00

account assets:direct-payment:social-care
account income:social-care
account equity:opening-balance
account expenses:pa-wages
account expenses:lunch-club
account expenses:travel

2026-03-31 * Opening balance
    assets:direct-payment:social-care  £250.00
    equity:opening-balance

2026-04-01 * Westdale Borough Council | 4-weekly direct payment
    ; stream: social-care
    assets:direct-payment:social-care  £1200.00
    income:social-care

2026-04-06 Mary Jones | PA wages
    ; outcome: stay-at-home
    ; stream: social-care
    ; receipt: R-0001
    expenses:pa-wages  £240.00
    assets:direct-payment:social-care

2026-04-08 Meadowbank Lunch Club  ; paid by card
    ; outcome: get-out
    ; stream: social-care
    expenses:lunch-club  £30.00
    assets:direct-payment:social-care

2026-04-12 ! Dalesway Taxis
    ; outcome: get-out
    ; stream: social-care
    expenses:travel  £14.20
    assets:direct-payment:social-care

2026-04-25 Dalesway Taxis
    ; outcome: get-out
    ; stream: social-care
    expenses:travel  £9.80
    assets:direct-payment:social-care
";

fn workspace() -> Ws {
    let ws = Ws::new();
    ws.write_journal(JOURNAL);
    ws
}

/// The ID `careledger list` shows for the entry with this payee and date.
fn id_of(ws: &Ws, date: &str, payee: &str) -> String {
    ws.id_of(&[], Some(date), payee)
}

fn reconcile(ws: &Ws, date: &str, balance: &str, clear: &[&str]) -> String {
    let mut args = vec!["reconcile", "--date", date, "--balance", balance];
    if !clear.is_empty() {
        args.push("--clear");
        args.extend(clear);
    }
    ws.ok(&args)
}

#[test]
fn a_statement_balance_that_matches_is_recorded_and_passes_hledger_check() {
    let ws = workspace();
    let out = reconcile(&ws, "2026-04-05", "£1,450.00", &[]);
    assert!(out.contains("Statement balance: £1,450.00"), "{out}");
    assert!(out.contains("Cleared balance:   £1,450.00"), "{out}");
    assert!(out.contains("Difference:        none"), "{out}");
    assert!(
        out.contains("Recorded the balance check: £1,450.00 on 2026-04-05"),
        "{out}"
    );
    let text = ws.journal_text();
    assert!(text.starts_with(JOURNAL), "existing bytes moved");
    assert_eq!(
        &text[JOURNAL.len()..],
        "\n2026-04-05 * Reconciled | balance agreed with the bank statement\n    ; stream: social-care\n    ; reconciled: yes\n    assets:direct-payment:social-care       £0.00 = £1450.00\n    assets:direct-payment:social-care       £0.00\n"
    );
    hledger_agrees(&ws, "reconciled balance");
    if let Some(h) = hledger("reconciled balance") {
        let at = hledger_balances(&h, &ws.journal_path(), Some("2026-04-06"));
        assert_eq!(at.get(ASSET), Some(&m("1450.00")));
    }
    // Again: already recorded, nothing written.
    let once = fs::read(ws.journal_path()).unwrap();
    let out = reconcile(&ws, "2026-04-05", "1450", &[]);
    assert!(out.contains("already recorded"), "{out}");
    assert!(out.contains("Nothing was written."), "{out}");
    assert_eq!(fs::read(ws.journal_path()).unwrap(), once);
    // The entries it covers are locked; later ones are not.
    let j = ws.journal();
    let locks = careledger::core::reconcile::Locks::of(std::slice::from_ref(&j));
    let txs = j.transactions();
    assert!(locks.locked_by(&j, &txs[1]).is_some());
    assert!(locks.locked_by(&j, &txs[2]).is_none());
}

#[test]
fn uncleared_entries_that_make_up_the_difference_are_listed_and_cleared() {
    let ws = workspace();
    let wages = id_of(&ws, "2026-04-06", "Mary Jones");
    let lunch = id_of(&ws, "2026-04-08", "Meadowbank Lunch Club");
    let taxi = id_of(&ws, "2026-04-12", "Dalesway Taxis");
    let out = reconcile(&ws, "2026-04-20", "1165.80", &[]);
    assert!(
        out.contains("Difference:        -£284.20 (the statement shows £284.20 less"),
        "{out}"
    );
    assert!(
        out.contains("Not yet cleared, up to 2026-04-20 (3 entries)"),
        "{out}"
    );
    assert!(
        !out.contains("2026-04-25"),
        "entries after the date are not listed: {out}"
    );
    assert!(
        out.contains(&format!(
            "{taxi:<8}  2026-04-12       -£14.20  Dalesway Taxis (pending)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Clearing entries {wages}, {lunch}, {taxi} would make up the difference exactly: --clear {wages} {lunch} {taxi}"
        )),
        "{out}"
    );
    assert_eq!(ws.journal_text(), JOURNAL, "listing writes nothing");

    let out = reconcile(&ws, "2026-04-20", "1165.80", &[&wages, &lunch, &taxi]);
    assert!(
        out.contains(&format!("Marked cleared: {wages}, {lunch}, {taxi}.")),
        "{out}"
    );
    assert!(
        out.contains("Recorded the balance check: £1,165.80 on 2026-04-20"),
        "{out}"
    );
    let text = ws.journal_text();
    let marked = JOURNAL
        .replace("2026-04-06 Mary Jones", "2026-04-06 * Mary Jones")
        .replace("2026-04-08 Meadowbank", "2026-04-08 * Meadowbank")
        .replace("2026-04-12 ! Dalesway", "2026-04-12 * Dalesway");
    assert!(
        text.starts_with(&marked),
        "only the marks should change:\n{text}"
    );
    assert!(text.contains("£0.00 = £1165.80"), "{text}");
    let j = ws.journal();
    let later = j
        .transactions()
        .iter()
        .find(|t| t.date.to_string() == "2026-04-25")
        .unwrap();
    assert_eq!(
        later.status,
        Status::Unmarked,
        "an entry after the date stays uncleared"
    );
    hledger_agrees(&ws, "cleared and reconciled");
}

#[test]
fn a_missing_entry_is_found_then_added_and_reconciled() {
    let ws = workspace();
    let ids = [
        id_of(&ws, "2026-04-06", "Mary Jones"),
        id_of(&ws, "2026-04-08", "Meadowbank Lunch Club"),
        id_of(&ws, "2026-04-12", "Dalesway Taxis"),
    ];
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    // The statement also shows £45.00 to Westdale Pharmacy, which nobody recorded.
    let out = reconcile(&ws, "2026-04-20", "1120.80", &ids);
    assert!(out.contains("Difference:        -£45.00"), "{out}");
    assert!(
        out.contains("No uncleared entry, nor set of them, makes up -£45.00 exactly. A payment out of £45.00 may be missing from the records"),
        "{out}"
    );
    assert!(out.contains("Not reconciled yet"), "{out}");
    assert!(
        !ws.journal_text().contains(" = £"),
        "no check while the difference stands"
    );

    ws.ok(&[
        "add",
        "--date",
        "2026-04-15",
        "--payee",
        "Westdale Pharmacy",
        "--amount",
        "45.00",
        "--outcome",
        "stay-at-home",
        "--receipt",
        "R-0002",
    ]);
    let pharmacy = id_of(&ws, "2026-04-15", "Westdale Pharmacy");
    let out = reconcile(&ws, "2026-04-20", "1120.80", &[]);
    assert!(
        out.contains(&format!(
            "Clearing entry {pharmacy} would make up the difference exactly: --clear {pharmacy}"
        )),
        "{out}"
    );
    let out = reconcile(&ws, "2026-04-20", "1120.80", &[&pharmacy]);
    assert!(out.contains("Difference:        none"), "{out}");
    assert!(
        out.contains("Recorded the balance check: £1,120.80 on 2026-04-20"),
        "{out}"
    );
    hledger_agrees(&ws, "missing entry added and reconciled");
    if let Some(h) = hledger("missing entry") {
        let at = hledger_balances(&h, &ws.journal_path(), Some("2026-04-21"));
        assert_eq!(at.get(ASSET), Some(&m("1120.80")));
    }
}

#[test]
fn the_cleared_balance_can_agree_while_uncleared_entries_stop_the_check() {
    let ws = workspace();
    let wages = id_of(&ws, "2026-04-06", "Mary Jones");
    let lunch = id_of(&ws, "2026-04-08", "Meadowbank Lunch Club");
    // The bank has the wages and lunch, but the taxi on the 12th has not gone through.
    let out = reconcile(&ws, "2026-04-20", "1180.00", &[&wages, &lunch]);
    assert!(out.contains("Difference:        none"), "{out}");
    assert!(
        out.contains("the entries listed above, dated on or before 2026-04-20, are not on it (together -£14.20)"),
        "{out}"
    );
    assert!(!ws.journal_text().contains(" = £"));
    hledger_agrees(&ws, "cleared, not recorded");
}

#[test]
fn bad_ids_are_refused_and_nothing_is_written() {
    let ws = workspace();
    let later = id_of(&ws, "2026-04-25", "Dalesway Taxis");
    let cases: [(&[&str], &str); 4] = [
        (&[&later], "after the statement date 2026-04-20"),
        (&["deadbeef"], "no entry has the ID deadbeef"),
        (&["ledger.journal:4"], "not an entry ID"),
        (&["x"], "not an entry ID"),
    ];
    for (clear, words) in cases {
        let mut args = vec![
            "reconcile",
            "--date",
            "2026-04-20",
            "--balance",
            "-20.00",
            "--clear",
        ];
        args.extend(clear);
        let out = ws.run(&args);
        assert!(!out.status.success(), "{clear:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{clear:?}: {err}");
        assert!(
            err.to_lowercase().contains("nothing was written"),
            "{clear:?}: {err}"
        );
        assert_eq!(ws.journal_text(), JOURNAL);
    }
    let out = ws.ok(&["reconcile", "--date", "2026-04-20", "--balance", "-20.00"]);
    assert!(out.contains("Statement balance: -£20.00"), "{out}");
    let out = ws.run(&["reconcile", "--date", "2026-04-20", "--balance", "12.345"]);
    assert!(!out.status.success());
}
