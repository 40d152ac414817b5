//! Random sequences of what people do to one person's records, through the application
//! layer every front end uses, interleaved with edits made outside careledger (a text
//! editor appending an entry with its own comments, or changing an entry in place), while
//! the front end works from what it read some steps before. Whatever the order:
//! - no line typed outside careledger is ever lost;
//! - a change names one entry and changes that entry only (or, when the entry is not as it
//!   was seen, changes nothing at all);
//! - the journal always reads back, and hledger's totals agree with careledger's.

mod support;

use std::fs;

use careledger::app::entries::Changes;
use careledger::app::{Session, Target};
use careledger::core::entry::{EntryIds, Place};
use careledger::core::journal::{Journal, Status};
use careledger::core::payment::{Direction, Draft};
use careledger::store::{HolderFiles, Workspace};
use chrono::NaiveDate;
use proptest::prelude::*;
use support::Ws;

#[derive(Debug, Clone)]
enum Step {
    /// Record a payment.
    Add {
        pence: u32,
    },
    /// Change the amount of the k-th entry the front end last saw.
    Edit {
        k: usize,
        pence: u32,
    },
    Reverse {
        k: usize,
    },
    Clear {
        k: usize,
    },
    /// Someone appends an entry with comments in a text editor.
    OutsideAppend {
        n: u32,
    },
    /// Someone changes the k-th entry's payee in place in a text editor.
    OutsideChange {
        k: usize,
    },
    /// The front end reads the files again.
    Reload,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (100u32..50_000).prop_map(|pence| Step::Add { pence }),
        (0usize..8, 100u32..50_000).prop_map(|(k, pence)| Step::Edit { k, pence }),
        (0usize..8).prop_map(|k| Step::Reverse { k }),
        (0usize..8).prop_map(|k| Step::Clear { k }),
        (0u32..1000).prop_map(|n| Step::OutsideAppend { n }),
        (0usize..8).prop_map(|k| Step::OutsideChange { k }),
        Just(Step::Reload),
    ]
}

fn pounds(pence: u32) -> String {
    format!("{}.{:02}", pence / 100, pence % 100)
}

/// Every entry's text in the journal, in file order.
fn entries(text: &str) -> Vec<String> {
    let j = Journal::parse(text.to_string()).expect("the journal always reads back");
    j.transactions()
        .iter()
        .map(|t| j.source(t).to_string())
        .collect()
}

/// The entries of `after` beyond those of `before`, after checking that every entry of
/// `before` is still there, unchanged and in order.
fn check_only(before: &[String], after: &[String]) -> Vec<String> {
    assert!(after.len() >= before.len(), "entries went: {after:#?}");
    for (b, a) in before.iter().zip(after) {
        assert_eq!(a, b, "an entry that was not named changed");
    }
    after[before.len()..].to_vec()
}

/// The entry that was `changed` as it reads now, after checking that it is where it was
/// and that every other entry is unchanged.
fn in_place<'a>(before: &[String], after: &'a [String], changed: &str) -> &'a str {
    assert_eq!(
        after.len(),
        before.len(),
        "entries came or went: {after:#?}"
    );
    let at = before.iter().position(|e| e == changed).unwrap();
    for (i, (b, a)) in before.iter().zip(after).enumerate() {
        if i != at {
            assert_eq!(a, b, "an entry that was not named changed");
        }
    }
    &after[at]
}

fn run(steps: &[Step]) {
    let ws = Ws::new();
    let today = NaiveDate::from_ymd_opt(2026, 4, 30).unwrap();
    let (session, _) = Session::open(Workspace::at(&ws.root), today);
    let load = || session.ws.load_holder("pat").unwrap();
    let mut seen: HolderFiles = load();
    let mut typed_outside: Vec<String> = Vec::new();
    for step in steps {
        let before_text = ws.journal_text();
        let before = entries(&before_text);
        // The entry the front end names: the k-th of what it last read.
        let target = |k: usize| -> Option<(Target, String)> {
            let j = &seen.journals[0];
            let n = j.transactions().len();
            (n > 0).then(|| {
                let index = k % n;
                let ids = EntryIds::of(&seen.journals);
                let t = Target::at(&seen, &ids, Place { journal: 0, index });
                let text = t.seen.clone().unwrap();
                (t, text)
            })
        };
        match step {
            Step::Reload => seen = load(),
            Step::OutsideAppend { n } => {
                let line = format!("    ; typed by hand, note {n}");
                let entry = format!(
                    "\n2026-04-2{} Outside Shop {n}  ; from the till\n{line}\n    expenses:lunch-club  £1.{:02}  ; milk\n    assets:direct-payment:social-care\n",
                    n % 9,
                    n % 100
                );
                fs::write(ws.journal_path(), format!("{before_text}{entry}")).unwrap();
                typed_outside.push(line);
            }
            Step::OutsideChange { k } => {
                if let Some(e) = before.get(k % before.len().max(1))
                    && let Some(header) = e.lines().next()
                    && !header.contains("Outside Shop")
                {
                    let changed = e.replacen(header, &format!("{header} (corrected)"), 1);
                    fs::write(
                        ws.journal_path(),
                        before_text.replacen(e.as_str(), &changed, 1),
                    )
                    .unwrap();
                }
            }
            Step::Add { pence } => {
                let draft = Draft {
                    date: "2026-04-29".into(),
                    payee: "Corner Shop".into(),
                    amount: pounds(*pence),
                    outcome: Some("get-out".into()),
                    direction: Direction::Out,
                    ..Draft::default()
                };
                session.record(&seen, &draft).unwrap();
                let new = check_only(&before, &entries(&ws.journal_text()));
                assert_eq!(new.len(), 1, "{new:#?}");
                assert!(new[0].contains("Corner Shop"));
            }
            Step::Edit { k, pence } => {
                let Some((t, text)) = target(*k) else {
                    continue;
                };
                let changes = Changes {
                    amount: Some(pounds(*pence)),
                    ..Changes::default()
                };
                let after_result = session.edit(&seen, &t, &changes, true);
                let after_text = ws.journal_text();
                match after_result {
                    Ok(_) => {
                        assert!(before.contains(&text), "changed an entry not as seen");
                        let now = entries(&after_text);
                        let after = in_place(&before, &now, &text);
                        assert!(after.contains(&pounds(*pence)), "{after}");
                    }
                    Err(_) => assert_eq!(after_text, before_text, "a refusal wrote something"),
                }
            }
            Step::Reverse { k } => {
                let Some((t, text)) = target(*k) else {
                    continue;
                };
                match session.reverse(&seen, &t) {
                    Ok(_) => {
                        assert!(before.contains(&text), "reversed an entry not as seen");
                        let new = check_only(&before, &entries(&ws.journal_text()));
                        assert_eq!(new.len(), 1);
                        assert!(
                            new[0].contains(&format!("; reverses: {}", t.id.full())),
                            "{}",
                            new[0]
                        );
                    }
                    Err(_) => assert_eq!(ws.journal_text(), before_text),
                }
            }
            Step::Clear { k } => {
                let Some((t, text)) = target(*k) else {
                    continue;
                };
                match session.set_status(&seen, &t, Status::Cleared, true) {
                    Ok(_) => {
                        assert!(before.contains(&text), "marked an entry not as seen");
                        let now = entries(&ws.journal_text());
                        let after = in_place(&before, &now, &text);
                        let back = Journal::parse(after.to_string()).unwrap();
                        assert_eq!(back.transactions()[0].status, Status::Cleared, "{after}");
                    }
                    Err(_) => assert_eq!(ws.journal_text(), before_text),
                }
            }
        }
        let now = ws.journal_text();
        for line in &typed_outside {
            assert!(
                now.contains(line.as_str()),
                "a line typed outside was lost: {line}\n{now}"
            );
        }
    }
    support::hledger_agrees(&ws, "interleaved changes");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn changes_interleaved_with_outside_edits_lose_nothing_and_hit_only_their_entry(
        steps in prop::collection::vec(step(), 1..14)
    ) {
        run(&steps);
    }
}
