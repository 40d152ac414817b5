//! Files attacked through their neighbours, and files that outgrow careledger's own limit,
//! through the real binary (and the store's API where the binary cannot reach):
//!
//! - a `.lock` that is a link to someone else's journal is refused, never truncated.
//!
//! Outside programs editing a journal while careledger saves it: `outside_edit.rs`.

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Output, Stdio};

mod support;
use support::{CARELEDGER, demo_workspace};

fn careledger(ws: &Path) -> Command {
    let mut c = Command::new(CARELEDGER);
    c.arg("--data")
        .arg(ws)
        .args(["--today", "2026-10-15"])
        .stdin(Stdio::null())
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1");
    c
}

fn add(ws: &Path, holder: &str, payee: &str) -> Output {
    careledger(ws)
        .args(["--holder", holder, "add", "--date", "2026-10-14"])
        .args([
            "--payee",
            payee,
            "--outcome",
            "see-friends",
            "--amount",
            "1.00",
        ])
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------
// Lock files

#[test]
fn a_lock_file_that_is_a_link_to_another_journal_is_refused_and_that_journal_kept() {
    for kind in ["symbolic link", "hard link"] {
        let (_tmp, ws) = demo_workspace();
        let ann = ws.join("holders/ann");
        let bens = ws.join("holders/ben/ledger.journal");
        let ben_before = fs::read(&bens).unwrap();
        let ann_before = fs::read(ann.join("ledger.journal")).unwrap();
        let lock = ann.join(".lock");
        let _ = fs::remove_file(&lock);
        if kind == "symbolic link" {
            symlink(&bens, &lock).unwrap();
        } else {
            fs::hard_link(&bens, &lock).unwrap();
        }

        let out = add(&ws, "ann", "Through the lock");
        let said = stderr(&out);
        assert!(!out.status.success(), "{kind}: add went ahead: {said}");
        assert!(
            said.contains(".lock") && said.contains("lock file"),
            "{kind}: {said}"
        );
        assert_eq!(said.lines().count(), 1, "{kind}: {said}");
        assert_eq!(
            fs::read(&bens).unwrap(),
            ben_before,
            "{kind}: ben's journal"
        );
        assert_eq!(
            fs::read(ann.join("ledger.journal")).unwrap(),
            ann_before,
            "{kind}: ann's journal"
        );

        // Doing what the message says puts things right, still without touching ben.
        assert!(said.contains("rm "), "{kind}: says what to do: {said}");
        fs::remove_file(&lock).unwrap();
        let out = add(&ws, "ann", "After the fix");
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        assert_eq!(
            fs::read(&bens).unwrap(),
            ben_before,
            "{kind}: ben's journal"
        );
    }
}

#[test]
fn a_lock_file_that_holds_more_than_a_lock_note_is_not_truncated() {
    let (_tmp, ws) = demo_workspace();
    let lock = ws.join("holders/ann/.lock");
    // Someone's records moved over the lock's name: a regular file, one link, but not a note.
    let theirs = fs::read(ws.join("holders/ben/ledger.journal")).unwrap();
    fs::write(&lock, &theirs).unwrap();
    let out = add(&ws, "ann", "Over the notes");
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("lock file"), "{}", stderr(&out));
    assert_eq!(fs::read(&lock).unwrap(), theirs);
}
