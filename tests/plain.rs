//! Plain line mode, as a transcript: scripted answers through a pipe add a payment and list
//! it; the conversation has no escape sequences and matches the golden copy.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_careledger");

fn converse(ws: &std::path::Path, args: &[&str], input: &str) -> (String, bool) {
    let mut child = Command::new(BIN)
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
    // receipt; no note. Then list (2), then quit (8).
    let input = "3\n\nDalesway Taxis\n12.40\n2\nT-99\n\n2\n8\n";
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
    let input = "ann\n3\n\nCorner Shop\n12.345\n1\n\n\nn\n";
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
