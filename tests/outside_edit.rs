//! Another program edits a journal at the worst moment: after careledger has read it,
//! checked it and written its new version, just before the rename that puts that version in
//! place. careledger's debug builds wait there when asked
//! (`CARELEDGER_TEST_PAUSE_BEFORE_RENAME`, see `src/store/write.rs`), so every run hits the
//! moment exactly; the edit is made the ways people make them (`echo >>`, a program
//! appending, an editor that writes in place, an editor that renames its file into place).
//!
//! The promise: the other program's text is never lost. careledger puts the other version
//! back, says its own change was not saved, and the same change made again afterwards lands.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use careledger::core::journal::Journal;

mod support;
use support::{CARELEDGER, demo_workspace, hledger, hledger_check};

const RUNS: usize = 24;

fn add(ws: &Path, payee: &str) -> Command {
    let mut c = Command::new(CARELEDGER);
    c.arg("--data")
        .arg(ws)
        .args(["--today", "2026-10-15", "--holder", "ann", "add"])
        .args(["--date", "2026-10-14", "--payee", payee])
        .args(["--outcome", "see-friends", "--amount", "1.00"])
        .env_remove("CARELEDGER_DATA")
        .env_remove("CARELEDGER_TEST_PAUSE_BEFORE_RENAME")
        .stdin(Stdio::null());
    c
}

#[derive(Debug, Clone, Copy)]
enum Edit {
    /// `echo '...' >> ledger.journal` in a shell.
    ShellAppend,
    /// A program that opens the file for appending and writes.
    Append,
    /// An editor that writes the whole file again in place (same file, truncated).
    RewriteInPlace,
    /// An editor that writes a new file and renames it over the old one.
    RenameIntoPlace,
}

fn edit(how: Edit, journal: &Path, note: &str) {
    match how {
        Edit::ShellAppend => {
            let status = Command::new("sh")
                .arg("-c")
                .arg(format!("echo '{note}' >> \"$0\""))
                .arg(journal)
                .status()
                .unwrap();
            assert!(status.success());
        }
        Edit::Append => {
            use std::io::Write;
            let mut f = fs::OpenOptions::new().append(true).open(journal).unwrap();
            writeln!(f, "{note}").unwrap();
        }
        Edit::RewriteInPlace => {
            let text = fs::read_to_string(journal).unwrap();
            fs::write(journal, format!("{text}{note}\n")).unwrap();
        }
        Edit::RenameIntoPlace => {
            let text = fs::read_to_string(journal).unwrap();
            let swap = journal.with_file_name(".ledger.journal.swp");
            fs::write(&swap, format!("{text}{note}\n")).unwrap();
            // Editors give their new file the old one's mode.
            fs::set_permissions(&swap, fs::metadata(journal).unwrap().permissions()).unwrap();
            fs::rename(&swap, journal).unwrap();
        }
    }
}

fn wait_for(path: &Path, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !path.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("careledger finished ({status}) without reaching the rename");
        }
        assert!(
            Instant::now() < deadline,
            "careledger never reached the rename"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn an_edit_made_while_careledger_renames_is_never_lost() {
    let (tmp, ws) = demo_workspace();
    let dir = ws.join("holders/ann");
    let journal = dir.join("ledger.journal");
    let started = Instant::now();
    let edits = [
        Edit::ShellAppend,
        Edit::Append,
        Edit::RewriteInPlace,
        Edit::RenameIntoPlace,
    ];
    for run in 0..RUNS {
        let how = edits[run % edits.len()];
        let payee = format!("Run {run}");
        let note = format!("; outside note {run}, {how:?}");
        let gate = tmp.path().join(format!("gate-{run}"));
        let before = fs::read_to_string(&journal).unwrap();

        let mut child = add(&ws, &payee)
            .env("CARELEDGER_TEST_PAUSE_BEFORE_RENAME", &gate)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        wait_for(
            &gate.with_file_name(format!("gate-{run}.waiting")),
            &mut child,
        );
        edit(how, &journal, &note);
        fs::write(gate.with_file_name(format!("gate-{run}.go")), "").unwrap();
        let out: Output = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stderr);

        let after = fs::read_to_string(&journal).unwrap();
        assert!(
            after.contains(&note),
            "run {run} ({how:?}): the other program's text was lost; careledger said: {said}"
        );
        assert!(
            after == format!("{before}{note}\n"),
            "run {run} ({how:?}): the journal is not the other program's version; careledger said: {said}"
        );
        assert!(
            !out.status.success(),
            "run {run} ({how:?}): add reported success"
        );
        assert!(
            said.contains("another program changed the file while careledger was saving it")
                && said.contains("did not save its own change"),
            "run {run} ({how:?}): {said}"
        );
        assert_eq!(said.lines().count(), 1, "{said}");
        let left: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp") || n.contains(".outside-"))
            .collect();
        assert!(left.is_empty(), "run {run} ({how:?}) left {left:?}");

        // Made again, the change lands after the other program's text.
        let out = add(&ws, &payee).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let again = fs::read_to_string(&journal).unwrap();
        assert!(
            again.starts_with(&after),
            "run {run}: the retry changed earlier text"
        );
        assert_eq!(count(&again, &format!(" {payee}\n")), 1, "run {run}");
    }

    let text = fs::read_to_string(&journal).unwrap();
    for run in 0..RUNS {
        assert_eq!(
            count(&text, &format!("; outside note {run}, ")),
            1,
            "note {run}"
        );
    }
    let j = Journal::parse(text).unwrap();
    assert!(careledger::core::journal::check_assertions(std::slice::from_ref(&j)).is_empty());
    if let Some(h) = hledger("outside edits: hledger check -s") {
        hledger_check(&h, &journal);
    }
    eprintln!("{RUNS} runs in {:?}", started.elapsed());
}
