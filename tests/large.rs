//! What only large journals exercise: a journal of this size is read in pieces on every
//! core, and its balance assertions are checked on a thread of their own while the
//! position is worked out. The answers must be the ones a small journal gets.

mod support;

use std::fmt::Write as _;

use careledger::core::money::Money;
use careledger::store::Workspace;
use support::{ASSET, Ws};

/// `n` lunch-club payments of £1.00 each, spread from 2026-04-09 to 2026-04-28 (before
/// the tests' today), the last with a balance assertion claiming `asserted`.
fn entries(n: usize, asserted: Money) -> String {
    let mut text = String::new();
    for k in 0..n {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 4, 9).unwrap()
            + chrono::Duration::days((k * 20 / n) as i64);
        let check = if k + 1 == n {
            format!(" = {}", asserted.journal())
        } else {
            String::new()
        };
        write!(
            text,
            "\n{day} Meadowbank Lunch Club\n    ; outcome: get-out\n    ; stream: social-care\n    \
             expenses:lunch-club  £1.00\n    {ASSET}  £-1.00{check}\n"
        )
        .unwrap();
    }
    text
}

#[test]
fn a_large_journal_reads_the_same_and_its_balance_checks_still_hold() {
    let ws = Ws::new();
    let before = ws.summary_balance();
    let n = 30_000;
    let spent = Money::from_pence(100 * n as i64);
    let text = ws.journal_text();
    assert!(text.len() < 1 << 20);

    // True: the balance after the last payment.
    ws.write_journal(&format!("{text}{}", entries(n, before - spent)));
    assert!(
        std::fs::metadata(ws.journal_path()).unwrap().len() > 2 << 20,
        "read in pieces"
    );
    assert_eq!(ws.summary_balance(), before - spent);

    // False by a penny: refused with the file and line, whichever thread found it.
    let wrong = before - spent + Money::from_pence(1);
    let bad = format!("{text}{}", entries(n, wrong));
    ws.write_journal(&bad);
    let line = bad.lines().count();
    let out = ws.run(&["--holder", "pat", "summary"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("ledger.journal:{line}")) && err.contains("balance assertion failed"),
        "{err}"
    );

    // Through the library: the work done alongside the check is dropped with it.
    let workspace = Workspace::at(&ws.root);
    let e = workspace
        .load_holder_with("pat", |files| files.journals[0].transactions().len())
        .unwrap_err();
    assert!(e.to_string().contains("balance assertion failed"), "{e}");
}
