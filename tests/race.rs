//! Two `careledger add` processes racing on one holder (100 entries each) never lose an entry: the holder lock
//! and the read-append-replace under it must let every add land exactly once.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Barrier};
use std::thread;

use careledger::core::journal::{Journal, check_assertions};
use careledger::core::money::Money;

mod support;
use support::{CARELEDGER, demo_workspace, hledger, hledger_check};

const PER_RACER: usize = 100;

fn add(ws: &Path, payee: &str) -> Output {
    Command::new(CARELEDGER)
        .arg("--data")
        .arg(ws)
        .args(["--holder", "ann", "add", "--date", "2026-10-14"])
        .args(["--payee", payee])
        .args(["--outcome", "see-friends", "--amount", "1.00"])
        .stdin(Stdio::null())
        .output()
        .expect("run careledger")
}

#[test]
fn two_racing_adders_never_lose_an_entry() {
    let (_tmp, ws) = demo_workspace();
    let file = ws.join("holders/ann/ledger.journal");
    let before = fs::read_to_string(&file).unwrap();
    let before_count = Journal::parse(before.clone()).unwrap().transactions().len();

    // Both racers start together and each adds PER_RACER entries as fast as it can.
    let start = Arc::new(Barrier::new(2));
    let racers: Vec<_> = ["A", "B"]
        .into_iter()
        .map(|name| {
            let start = Arc::clone(&start);
            let ws = ws.clone();
            thread::spawn(move || {
                start.wait();
                (1..=PER_RACER)
                    .map(|i| {
                        let payee = format!("Racer {name} {i}");
                        let out = add(&ws, &payee);
                        (payee, out)
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let results: Vec<(String, Output)> = racers
        .into_iter()
        .flat_map(|r| r.join().expect("racer thread"))
        .collect();

    // Every add succeeds; one refused because the other held the lock past the wait would be
    // acceptable only with the "being changed" message, and then it must have written nothing.
    let mut written = Vec::new();
    let mut refused = Vec::new();
    for (payee, out) in &results {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            written.push(payee.as_str());
        } else {
            assert!(
                stderr.contains("being changed"),
                "`add --payee {payee:?}` failed without saying the holder was busy: {stderr}"
            );
            refused.push(payee.as_str());
        }
    }
    if !refused.is_empty() {
        eprintln!(
            "note: {} adds were refused while the other racer held the lock",
            refused.len()
        );
    }

    let after = fs::read_to_string(&file).unwrap();
    assert!(
        after.starts_with(&before),
        "the demo's entries were changed"
    );
    let j = Journal::parse(after.clone()).unwrap_or_else(|e| panic!("journal unreadable: {e}"));
    let new = &j.transactions()[before_count..];
    assert_eq!(
        new.len(),
        written.len(),
        "{} adds reported success but {} entries were written",
        written.len(),
        new.len()
    );

    let mut count: HashMap<&str, usize> = HashMap::new();
    for t in new {
        *count.entry(j.payee(t)).or_default() += 1;
        assert_eq!(j.tag(t, "outcome"), Some("see-friends"));
        let amounts: Vec<Money> = j.postings(t).iter().map(|p| p.amount).collect();
        assert_eq!(amounts, [Money::from_pence(100), Money::from_pence(-100)]);
    }
    for payee in &written {
        assert_eq!(
            count.get(payee).copied(),
            Some(1),
            "{payee} should be in the journal exactly once"
        );
    }
    for payee in &refused {
        assert!(
            !count.contains_key(payee),
            "{payee} was refused but written"
        );
    }
    // Each racer's own entries stay in the order it added them.
    for racer in ["A", "B"] {
        let order: Vec<usize> = new
            .iter()
            .filter_map(|t| {
                j.payee(t)
                    .strip_prefix(&format!("Racer {racer} "))
                    .map(|n| n.parse().unwrap())
            })
            .collect();
        assert!(
            order.is_sorted(),
            "racer {racer}'s entries are out of order: {order:?}"
        );
    }
    // How often the writer changed hands (0 would mean the racers never overlapped).
    let switches = new
        .windows(2)
        .filter(|w| j.payee(&w[0])[..7] != j.payee(&w[1])[..7])
        .count();
    eprintln!("the two racers' entries interleave {switches} times");
    assert!(check_assertions(std::slice::from_ref(&j)).is_empty());
    // With no refusals (the expected case) that is all 100.
    if refused.is_empty() {
        assert_eq!(new.len(), 2 * PER_RACER);
    }
    // No temporary files or stale lock notes left behind.
    let leftovers: Vec<String> = fs::read_dir(ws.join("holders/ann"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");

    if let Some(hledger) = hledger("race: hledger check -s") {
        hledger_check(&hledger, &file);
    }
}

/// Someone edits the journal in a text editor while careledger has it open (the TUI's case):
/// careledger's write of its stale copy is refused, and an `add` keeps the edit.
#[test]
fn an_outside_edit_is_never_overwritten() {
    use careledger::store::{StoreError, Workspace};
    let (_tmp, root) = demo_workspace();
    let ws = Workspace::at(&root);
    let open = ws.load_holder("ann").unwrap();
    let path = open.journal_path();

    let edited = format!(
        "{}; a note typed in an editor\n",
        fs::read_to_string(&path).unwrap()
    );
    fs::write(&path, &edited).unwrap();

    let stale = format!("{}; careledger's change\n", open.journal().text());
    let e = ws
        .replace_file("ann", &path, &stale, &open.journal_fingerprint, "test")
        .unwrap_err();
    assert!(matches!(e, StoreError::Changed { .. }), "{e}");
    assert!(e.to_string().contains("nothing was written"), "{e}");
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);

    let out = add(&root, "After the edit");
    assert!(out.status.success(), "{out:?}");
    assert!(fs::read_to_string(&path).unwrap().starts_with(&edited));
}
