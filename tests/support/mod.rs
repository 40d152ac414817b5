//! What the integration tests share: the binary, a fresh copy of the demo workspace, a
//! small workspace built from tests/fixtures/import, and the real hledger to check what
//! careledger wrote.
//!
//! When hledger is not installed the checks say so on stderr and pass, except under CI
//! (the `CI` environment variable set), where a missing hledger is a failure.

#![allow(dead_code)]

pub mod app;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::core::journal::Journal;
use careledger::core::money::Money;

pub const CARELEDGER: &str = env!("CARGO_BIN_EXE_careledger");
pub const ASSET: &str = "assets:direct-payment:social-care";

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// A fresh copy of the demo workspace (`careledger demo --to`), in a folder that goes with
/// the returned guard.
pub fn demo_workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let out = Command::new(CARELEDGER)
        .arg("demo")
        .arg("--to")
        .arg(&ws)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "careledger demo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, ws)
}

/// What the entries in `j` put in `account` (the sum of its postings), worked out from the
/// journal as read, not from careledger's position.
pub fn account_balance(j: &Journal, account: &str) -> Money {
    j.transactions()
        .iter()
        .flat_map(|t| j.postings(t))
        .filter(|p| j.account_name(p.account) == account)
        .map(|p| p.amount)
        .sum()
}

/// A workspace with one holder, `pat`, from the fixtures.
pub struct Ws {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

impl Ws {
    pub fn new() -> Ws {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ws");
        let holder = root.join("holders/pat");
        fs::create_dir_all(&holder).unwrap();
        for f in ["plan.toml", "ledger.journal"] {
            fs::copy(fixture("holder").join(f), holder.join(f)).unwrap();
        }
        Ws { _tmp: tmp, root }
    }

    pub fn journal_path(&self) -> PathBuf {
        self.root.join("holders/pat/ledger.journal")
    }
    pub fn journal_text(&self) -> String {
        fs::read_to_string(self.journal_path()).unwrap()
    }
    pub fn journal(&self) -> Journal {
        Journal::parse(self.journal_text()).unwrap()
    }
    pub fn write_journal(&self, text: &str) {
        fs::write(self.journal_path(), text).unwrap();
    }
    /// A scratch file beside the workspace.
    pub fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.root.parent().unwrap().join(name);
        fs::write(&p, text).unwrap();
        p
    }

    /// Run careledger on this workspace.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(CARELEDGER)
            .arg("--data")
            .arg(&self.root)
            .args(["--today", "2026-04-30"])
            .args(args)
            .env_remove("CARELEDGER_DATA")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("run careledger")
    }

    /// Run careledger in plain line mode with `input` as the person's answers; what it
    /// said, and whether it ended well.
    pub fn converse(&self, args: &[&str], input: &str) -> (String, bool) {
        use std::io::Write;
        let mut child = Command::new(CARELEDGER)
            .arg("--data")
            .arg(&self.root)
            .args(["--today", "2026-04-30", "--plain"])
            .args(args)
            .env_remove("CARELEDGER_DATA")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run careledger");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            out.status.success(),
        )
    }

    /// Run careledger, expect success, and return what it printed.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "careledger {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// The ID `careledger list` shows for the entry paid to (or by) `payee`, on `date` when
    /// given; `before` are arguments to put before `list` (such as `--holder pat`).
    pub fn id_of(&self, before: &[&str], date: Option<&str>, payee: &str) -> String {
        let mut args = before.to_vec();
        args.extend(["list", "--format", "json"]);
        let listed: serde_json::Value = serde_json::from_str(&self.ok(&args)).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["payee"] == payee && date.is_none_or(|d| e["date"] == d))
            .unwrap_or_else(|| panic!("no {payee} on {date:?}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The stream's balance as careledger's summary reports it.
    pub fn summary_balance(&self) -> Money {
        let json = self.ok(&["summary", "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let b = v["holders"][0]["streams"][0]["balance"]
            .as_str()
            .unwrap_or_else(|| panic!("no stream balance in {json}"));
        Money::parse(b).unwrap()
    }
}

// ---------------------------------------------------------------------------------------
// hledger
// ---------------------------------------------------------------------------------------

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// hledger's path; `None` (after a SKIPPED note on stderr) when it is not installed.
pub fn hledger(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .map(|d| d.join("hledger"))
        .find(|p| p.is_file());
    match found {
        Some(p) => Some(p),
        None if under_ci() => panic!("hledger is not installed but CI is set ({test})"),
        None => {
            eprintln!("SKIPPED: hledger not installed; {test} checked by careledger only");
            None
        }
    }
}

fn hledger_run(hledger: &Path, args: &[&str]) -> String {
    let out = Command::new(hledger)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run hledger");
    assert!(
        out.status.success(),
        "hledger {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `hledger check -s` accepts the file (balance assertions included).
pub fn hledger_check(hledger: &Path, file: &Path) {
    let out = Command::new(hledger)
        .args(["-f", file.to_str().unwrap(), "check", "-s"])
        .stdin(Stdio::null())
        .output()
        .expect("run hledger");
    assert!(
        out.status.success(),
        "hledger check -s rejected {}:\n{}\n--- journal ---\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr),
        fs::read_to_string(file).unwrap_or_default()
    );
}

pub type Balances = BTreeMap<String, Money>;

/// Every account's balance as `hledger bal --flat` reports it (up to `end`, exclusive, if given).
pub fn hledger_balances(hledger: &Path, file: &Path, end: Option<&str>) -> Balances {
    let mut args = vec![
        "-f",
        file.to_str().unwrap(),
        "bal",
        "--flat",
        "--no-total",
        "-O",
        "csv",
        "-c",
        "£1000.00",
    ];
    if let Some(e) = end {
        args.extend(["-e", e]);
    }
    let text = hledger_run(hledger, &args);
    let mut b = Balances::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<String> = line.split("\",\"").map(|f| f.replace('"', "")).collect();
        assert_eq!(fields.len(), 2, "unexpected hledger CSV row {line:?}");
        let amount: String = fields[1].chars().filter(|c| !c.is_whitespace()).collect();
        let m = if amount == "0" {
            Money::ZERO
        } else {
            Money::parse(&amount).unwrap()
        };
        if !m.is_zero() {
            b.insert(fields[0].clone(), m);
        }
    }
    b
}

/// Every account's balance from careledger's own reading of the file.
pub fn careledger_balances(j: &Journal) -> Balances {
    let mut b = Balances::new();
    for tx in j.transactions() {
        for p in j.postings(tx) {
            *b.entry(j.account_name(p.account).to_string()).or_default() += p.amount;
        }
    }
    b.retain(|_, m| !m.is_zero());
    b
}

/// hledger accepts the workspace's journal and agrees with careledger on every balance.
pub fn hledger_agrees(ws: &Ws, test: &str) {
    let Some(h) = hledger(test) else { return };
    hledger_check(&h, &ws.journal_path());
    assert_eq!(
        hledger_balances(&h, &ws.journal_path(), None),
        careledger_balances(&ws.journal()),
        "hledger and careledger disagree about {}",
        ws.journal_path().display()
    );
}

pub fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// What `hledger bal QUERY...` adds up to over the accounts it lists, e.g.
/// `["expenses", "tag:outcome=get-out"]`.
pub fn hledger_total(hledger: &Path, file: &Path, query: &[&str]) -> Money {
    let mut args = vec!["-f", file.to_str().unwrap(), "bal"];
    args.extend_from_slice(query);
    hledger_balances_of(hledger, &args).values().copied().sum()
}

fn hledger_balances_of(hledger: &Path, args: &[&str]) -> Balances {
    let mut args = args.to_vec();
    args.extend(["--flat", "--no-total", "-O", "csv", "-c", "£1000.00"]);
    let text = hledger_run(hledger, &args);
    let mut b = Balances::new();
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let fields: Vec<String> = line.split("\",\"").map(|f| f.replace('"', "")).collect();
        let amount: String = fields[1].chars().filter(|c| !c.is_whitespace()).collect();
        if amount != "0" {
            b.insert(fields[0].clone(), Money::parse(&amount).unwrap());
        }
    }
    b
}
