//! Cross-checks against the real hledger (and ledger): every journal careledger ships or
//! writes must pass `hledger check -s`, and the per-account balances hledger and ledger
//! report must be exactly the ones careledger computes from its own parse.
//!
//! When hledger or ledger is not installed the tests say so on stderr and pass, except
//! under CI (the `CI` environment variable set), where a missing tool is a failure.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::core::journal::{Journal, NewPosting, NewTransaction, Status, check_assertions};
use careledger::core::money::Money;
use chrono::NaiveDate;

const CARELEDGER: &str = env!("CARGO_BIN_EXE_careledger");

// ---------------------------------------------------------------------------------------
// Finding the external tools
// ---------------------------------------------------------------------------------------

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| {
            use std::os::unix::fs::PermissionsExt;
            fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

fn under_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false")
}

/// The tool's path; `None` (after a SKIPPED line on stderr) when it is not installed.
/// Under CI a missing tool fails the test instead of skipping it.
fn require(name: &str, test: &str) -> Option<PathBuf> {
    match on_path(name) {
        Some(p) => Some(p),
        None if under_ci() => panic!(
            "{name} is not installed but CI is set: install it (apt-get install -y {name}) so {test} can run"
        ),
        None => {
            eprintln!("SKIPPED: {name} not installed ({test})");
            None
        }
    }
}

fn run(tool: &Path, args: &[&str]) -> Output {
    Command::new(tool)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()))
}

fn hledger_check(hledger: &Path, file: &Path) {
    let out = run(hledger, &["-f", file.to_str().unwrap(), "check", "-s"]);
    assert!(
        out.status.success(),
        "hledger check -s rejected {}:\n{}\n--- journal ---\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr),
        fs::read_to_string(file).unwrap_or_default()
    );
}

// ---------------------------------------------------------------------------------------
// Balances three ways
// ---------------------------------------------------------------------------------------

type Balances = BTreeMap<String, Money>;

fn non_zero(mut b: Balances) -> Balances {
    b.retain(|_, m| !m.is_zero());
    b
}

/// An amount as hledger or ledger prints it: `£1,234.56`, `£-3.00`, `£ -3.00`, `0`.
fn amount(text: &str) -> Money {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    Money::parse(&t).unwrap_or_else(|e| panic!("cannot read the amount {text:?}: {e}"))
}

/// Each account's own postings summed (what `hledger bal --flat` shows).
fn careledger_balances(j: &Journal) -> Balances {
    let mut b = Balances::new();
    for tx in j.transactions() {
        for p in j.postings(tx) {
            *b.entry(j.account_name(p.account).to_string()).or_default() += p.amount;
        }
    }
    non_zero(b)
}

/// Each posted-to account with its sub-accounts included (what `ledger bal --flat` shows).
fn careledger_inclusive_balances(j: &Journal) -> Balances {
    let mut own = Balances::new();
    for tx in j.transactions() {
        for p in j.postings(tx) {
            *own.entry(j.account_name(p.account).to_string())
                .or_default() += p.amount;
        }
    }
    let mut out = Balances::new();
    for name in own.keys() {
        let prefix = format!("{name}:");
        let total: Money = own
            .iter()
            .filter(|(a, _)| *a == name || a.starts_with(&prefix))
            .map(|(_, m)| *m)
            .sum();
        out.insert(name.clone(), total);
    }
    non_zero(out)
}

/// One CSV record (hledger quotes every field and doubles quotes inside).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    fields.push(cur);
    fields
}

fn hledger_balances(hledger: &Path, file: &Path) -> Balances {
    let out = run(
        hledger,
        &[
            "-f",
            file.to_str().unwrap(),
            "bal",
            "--flat",
            "--no-total",
            "-O",
            "csv",
            // Print pounds one unambiguous way, whatever style the journal declares or implies.
            "-c",
            "£1000.00",
        ],
    );
    assert!(
        out.status.success(),
        "hledger bal failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("hledger prints UTF-8");
    let mut lines = text.lines();
    assert_eq!(
        lines.next().map(csv_fields),
        Some(vec!["account".to_string(), "balance".to_string()]),
        "unexpected hledger CSV header in:\n{text}"
    );
    let mut b = Balances::new();
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let f = csv_fields(line);
        assert_eq!(f.len(), 2, "unexpected hledger CSV row {line:?}");
        let prev = b.insert(f[0].clone(), amount(&f[1]));
        assert!(prev.is_none(), "hledger listed {} twice", f[0]);
    }
    non_zero(b)
}

fn ledger_balances(ledger: &Path, file: &Path) -> Balances {
    let out = run(
        ledger,
        &["-f", file.to_str().unwrap(), "bal", "--flat", "--no-total"],
    );
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "ledger bal failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("ledger prints UTF-8");
    let mut b = Balances::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.is_empty() || line.starts_with("---") {
            continue;
        }
        let (amt, account) = line
            .split_once("  ")
            .unwrap_or_else(|| panic!("unexpected ledger line {line:?} in:\n{text}"));
        let prev = b.insert(account.trim().to_string(), amount(amt));
        assert!(prev.is_none(), "ledger listed {account} twice");
    }
    non_zero(b)
}

/// careledger reads `file`, and hledger and ledger (those installed) accept it and agree
/// with careledger about every account's balance.
fn cross_check(file: &Path, hledger: Option<&Path>, ledger: Option<&Path>) {
    let text = fs::read_to_string(file).unwrap();
    let j = Journal::parse(text.clone())
        .unwrap_or_else(|e| panic!("careledger cannot read {}: {e}", file.display()));
    assert!(
        check_assertions(std::slice::from_ref(&j)).is_empty(),
        "careledger finds a failing balance assertion in {}",
        file.display()
    );
    let ours = careledger_balances(&j);
    assert!(
        !ours.is_empty(),
        "{} has no balances at all",
        file.display()
    );
    if let Some(hledger) = hledger {
        hledger_check(hledger, file);
        let theirs = hledger_balances(hledger, file);
        assert_eq!(
            theirs,
            ours,
            "hledger (left) and careledger (right) disagree about {}\n--- journal ---\n{text}",
            file.display()
        );
    }
    if let Some(ledger) = ledger {
        let theirs = ledger_balances(ledger, file);
        let ours = careledger_inclusive_balances(&j);
        assert_eq!(
            theirs,
            ours,
            "ledger (left) and careledger (right) disagree about {}\n--- journal ---\n{text}",
            file.display()
        );
    }
}

fn demo_journals() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/demo/holders");
    let mut out: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path().join("ledger.journal"))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    assert!(
        out.len() >= 4,
        "expected the four demo holders in {}",
        dir.display()
    );
    out
}

// ---------------------------------------------------------------------------------------
// The demo workspace
// ---------------------------------------------------------------------------------------

#[test]
fn demo_journals_pass_hledger_check_and_balances_agree() {
    let Some(hledger) = require("hledger", "demo journals") else {
        return;
    };
    for file in demo_journals() {
        cross_check(&file, Some(&hledger), None);
    }
}

#[test]
fn demo_journals_balances_agree_with_ledger() {
    let Some(ledger) = require("ledger", "demo journals against ledger") else {
        return;
    };
    for file in demo_journals() {
        let j = Journal::parse(fs::read_to_string(&file).unwrap()).unwrap();
        assert_eq!(
            ledger_balances(&ledger, &file),
            careledger_inclusive_balances(&j),
            "ledger (left) and careledger (right) disagree about {}",
            file.display()
        );
    }
}

// ---------------------------------------------------------------------------------------
// Journals careledger writes itself
// ---------------------------------------------------------------------------------------

/// SplitMix64: small, seeded, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const PAYEES: &[&str] = &[
    "Dalesway Taxis",
    "Westdale Borough Council",
    "O'Neill's Café",
    "Zoë Brontë",
    "Łukasz Wiśniewski",
    "Marks & Spencer",
    "HMRC",
    "St. John's Ambulance (training)",
    "Comfort Living Aids Ltd.",
    "Ann Whitaker",
    "Bob",
    "Crèche #4 - Mill Lane",
    "Ümit Öztürk",
    "Meadowbank Lunch Club",
];

const NOTES: &[&str] = &[
    "PA wages, week to 12 April (16 h)",
    "Taxi to and from lunch club",
    "refund: overcharged",
    "Thursday lunches, April (5 at £7.50)",
    "Bea's birthday",
    "a | b",
];

const ACCOUNTS: &[&str] = &[
    "assets:direct-payment:social-care",
    "assets:notional:health",
    "income:social-care",
    "income:client-contribution",
    "expenses:pa-wages",
    "expenses:travel",
    "expenses:travel:taxi",
    "expenses:day centre",
    "expenses:café",
    "expenses:see-friends",
];

const OUTCOMES: &[&str] = &["stay-at-home", "see-friends", "keep active", "stay-well"];
const STREAMS: &[&str] = &["social-care", "health", "education"];

fn random_transaction(rng: &mut Rng) -> NewTransaction {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let date = start + chrono::Days::new(rng.below(365));
    let status = *rng.pick(&[Status::Unmarked, Status::Pending, Status::Cleared]);
    let code = rng.chance(15).then(|| format!("R{}", rng.below(1000)));
    let note = rng.chance(40).then(|| rng.pick(NOTES).to_string());
    let mut tags = Vec::new();
    if rng.chance(70) {
        tags.push(("outcome".to_string(), rng.pick(OUTCOMES).to_string()));
    }
    if rng.chance(80) {
        tags.push(("stream".to_string(), rng.pick(STREAMS).to_string()));
    }
    if rng.chance(50) {
        tags.push(("receipt".to_string(), format!("R-{:04}", rng.below(10_000))));
    }
    let n = 2 + rng.below(2) as usize;
    let mut postings = Vec::new();
    let mut sum = Money::ZERO;
    for _ in 0..n - 1 {
        let mut m = Money::from_pence(1 + rng.below(500_000) as i64);
        if rng.chance(25) {
            m = -m;
        }
        sum += m;
        postings.push(NewPosting {
            account: rng.pick(ACCOUNTS).to_string(),
            amount: Some(m),
            tags: Vec::new(),
        });
    }
    // Mostly left to be inferred; sometimes written out (which must then balance exactly).
    let last = if rng.chance(85) { None } else { Some(-sum) };
    postings.push(NewPosting {
        account: rng.pick(ACCOUNTS).to_string(),
        amount: last,
        tags: Vec::new(),
    });
    NewTransaction {
        date,
        status,
        code,
        payee: rng.pick(PAYEES).to_string(),
        note,
        tags,
        postings,
    }
}

/// Build a journal the way careledger does: start from a header and append one at a time.
fn write_journal(txs: &[NewTransaction]) -> String {
    let mut text = "commodity £1,000.00\n".to_string();
    for tx in txs {
        assert!(tx.problems().is_empty(), "{:?}: {tx:?}", tx.problems());
        let before = Journal::parse(text.clone())
            .unwrap_or_else(|e| panic!("careledger cannot re-read its own journal: {e}\n{text}"));
        let next = before.with_appended(tx);
        assert!(next.starts_with(&text), "appending changed existing bytes");
        text = next;
    }
    text
}

/// careledger reads back what it wrote: same dates, statuses, payees, notes, tags, amounts.
fn assert_reads_back(text: &str, txs: &[NewTransaction]) {
    let j = Journal::parse(text.to_string()).unwrap();
    assert_eq!(j.transactions().len(), txs.len());
    for (t, want) in j.transactions().iter().zip(txs) {
        assert_eq!(t.date, want.date);
        assert_eq!(t.status, want.status);
        assert_eq!(j.code(t), want.code.as_deref());
        assert_eq!(j.payee(t), want.payee);
        assert_eq!(j.note(t), want.note.as_deref());
        let tags: Vec<(&str, &str)> = j.tags(t).collect();
        let want_tags: Vec<(&str, &str)> = want
            .tags
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        assert_eq!(tags, want_tags);
        let ps = j.postings(t);
        assert_eq!(ps.len(), want.postings.len());
        let sum: Money = want.postings.iter().filter_map(|p| p.amount).sum();
        for (p, w) in ps.iter().zip(&want.postings) {
            assert_eq!(j.account_name(p.account), w.account);
            let expected = w.amount.unwrap_or(-sum);
            assert_eq!(p.amount, expected);
            assert_eq!(p.explicit, w.amount.is_some());
        }
    }
    for a in j.accounts() {
        assert!(
            j.declared_accounts().any(|d| d == a),
            "{a} is used but not declared"
        );
    }
}

#[test]
fn generated_journals_pass_hledger_check_and_balances_agree() {
    let hledger = require("hledger", "generated journals");
    let ledger = require("ledger", "generated journals against ledger");
    let dir = tempfile::tempdir().unwrap();
    for seed in 0..16u64 {
        let mut rng = Rng(0xCA4E_1ED6 ^ seed.wrapping_mul(0x1000_0000_01B3));
        let txs: Vec<NewTransaction> = (0..30).map(|_| random_transaction(&mut rng)).collect();
        let text = write_journal(&txs);
        assert_reads_back(&text, &txs);
        let file = dir.path().join(format!("generated-{seed}.journal"));
        fs::write(&file, &text).unwrap();
        cross_check(&file, hledger.as_deref(), ledger.as_deref());
    }
}

// ---------------------------------------------------------------------------------------
// The real command line
// ---------------------------------------------------------------------------------------

fn careledger(args: &[&str]) -> Output {
    let out = Command::new(CARELEDGER)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run careledger");
    assert!(
        out.status.success(),
        "careledger {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn careledger_add_keeps_the_journal_valid_for_hledger() {
    let hledger = require("hledger", "careledger add");
    let ledger = require("ledger", "careledger add against ledger");
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let ws_s = ws.to_str().unwrap();
    careledger(&["demo", "--to", ws_s]);
    let file = ws.join("holders/ann/ledger.journal");
    let before = fs::read_to_string(&file).unwrap();
    let before_count = Journal::parse(before.clone()).unwrap().transactions().len();

    let base = ["--data", ws_s, "--holder", "ann", "add"];
    let spend = [
        "--date",
        "2026-10-14",
        "--payee",
        "Dalesway Taxis",
        "--amount",
        "12.40",
        "--outcome",
        "see-friends",
        "--receipt",
        "T-99",
    ];
    careledger(&[&base[..], &spend[..]].concat());
    let money_in = [
        "--money-in",
        "--date",
        "2026-10-14",
        "--payee",
        "Westdale Borough Council",
        "--amount",
        "100",
    ];
    careledger(&[&base[..], &money_in[..]].concat());

    let after = fs::read_to_string(&file).unwrap();
    assert!(
        after.starts_with(&before),
        "add changed bytes already in the journal"
    );
    let j = Journal::parse(after.clone()).unwrap();
    let txs = j.transactions();
    assert_eq!(txs.len(), before_count + 2);

    let spent = &txs[before_count];
    assert_eq!(j.payee(spent), "Dalesway Taxis");
    assert_eq!(j.tag(spent, "outcome"), Some("see-friends"));
    assert_eq!(j.tag(spent, "receipt"), Some("T-99"));
    assert_eq!(j.tag(spent, "stream"), Some("social-care"));
    let amounts: Vec<(&str, Money)> = j
        .postings(spent)
        .iter()
        .map(|p| (j.account_name(p.account), p.amount))
        .collect();
    // No --category: the payee's usual one, from the demo's earlier taxi fares.
    assert_eq!(
        amounts,
        [
            ("expenses:travel", Money::from_pence(1240)),
            (
                "assets:direct-payment:social-care",
                Money::from_pence(-1240)
            ),
        ]
    );

    let received = &txs[before_count + 1];
    assert_eq!(j.payee(received), "Westdale Borough Council");
    let amounts: Vec<(&str, Money)> = j
        .postings(received)
        .iter()
        .map(|p| (j.account_name(p.account), p.amount))
        .collect();
    assert_eq!(
        amounts,
        [
            (
                "assets:direct-payment:social-care",
                Money::from_pence(10_000)
            ),
            ("income:social-care", Money::from_pence(-10_000)),
        ]
    );

    cross_check(&file, hledger.as_deref(), ledger.as_deref());

    // And the direct-payment balance moved by exactly +100.00 - 12.40.
    let old = careledger_balances(&Journal::parse(before).unwrap());
    let new = careledger_balances(&j);
    let acct = "assets:direct-payment:social-care";
    assert_eq!(new[acct] - old[acct], Money::from_pence(10_000 - 1240));
}

// ---------------------------------------------------------------------------------------
// Journals typed by hand
// ---------------------------------------------------------------------------------------

/// The variety people type: comments of every kind, blank and whitespace-only lines, tabs,
/// status marks, codes, notes, secondary dates, `/` and `.` dates, amounts written five ways,
/// true balance assertions, a parent account posted to alongside its child.
const HAND_TYPED: &str = "; Hand-kept journal\n\
# hash comment\n\
* org heading comment\n\
commodity £1,000.00\n\
account assets:bank  ; type: A\n\
account expenses:day centre\n\
account expenses:café\n\
account expenses:travel\n\
account expenses:travel:taxi\n\
account income:social-care\n\
payee Dalesway Taxis\n\
\n\n\n\
2026-01-01 * (R1) Westdale Borough Council | payment  ; stream: social-care\n\
\x20   assets:bank  £1,234.56 = £1,234.56\n\
\tincome:social-care\n\
\n\
2026/01/05=2026/01/07 ! Zoë Brontë | lunch ; outcome: see-friends, receipt: R-2\n\
\x20   ; stream: social-care\n\
\texpenses:café\t\t£ 12.00\n\
\x20   * assets:bank \t-£12.00 = £1,222.56  ; bank: ok\n\
\x20  \t\n\
2026.01.09 O'Neill's Café\n\
\x20 expenses:day centre    £-3.00 ;refund\n\
\x20 assets:bank  £3\n\
2026-01-10 Dalesway Taxis\n\
\x20   expenses:travel:taxi  £10.50\n\
\x20   expenses:travel  £1.25  ; parent\n\
\x20   ! assets:bank\n\
\n\
2026-01-11 (X-9) Westdale Borough Council\n\
\x20   assets:bank  £ -0.81 = £1,213.00\n\
\x20   income:social-care";

#[test]
fn hand_typed_journals_read_the_same_in_careledger_hledger_and_ledger() {
    let hledger = require("hledger", "hand-typed journal");
    let ledger = require("ledger", "hand-typed journal against ledger");
    let dir = tempfile::tempdir().unwrap();
    let variants = [
        ("lf-no-final-newline", HAND_TYPED.to_string()),
        ("lf", format!("{HAND_TYPED}\n")),
        ("crlf", format!("{HAND_TYPED}\n").replace('\n', "\r\n")),
    ];
    for (name, text) in variants {
        let j = Journal::parse(text.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(j.transactions().len(), 5, "{name}");
        assert_eq!(j.text(), text, "{name}: not kept byte for byte");
        let file = dir.path().join(format!("{name}.journal"));
        fs::write(&file, &text).unwrap();
        cross_check(&file, hledger.as_deref(), ledger.as_deref());
    }
}

// ---------------------------------------------------------------------------------------
// Cases where careledger once read a journal differently from hledger, or lost an entry.
// ---------------------------------------------------------------------------------------

/// careledger promises to refuse what it cannot read faithfully. So for each text it does
/// read, hledger must accept it too and agree on every balance and every assertion.
fn reads_like_hledger(what: &str, text: &str) {
    let Some(hledger) = require("hledger", what) else {
        return;
    };
    let Ok(j) = Journal::parse(text.to_string()) else {
        return; // refused with a message: fine
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("case.journal");
    fs::write(&file, text).unwrap();
    let out = run(&hledger, &["-f", file.to_str().unwrap(), "check"]);
    assert!(
        out.status.success(),
        "{what}: careledger reads this journal but hledger rejects it:\n{}\n--- journal ---\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        check_assertions(std::slice::from_ref(&j)).is_empty(),
        "{what}: hledger's balance assertions pass but careledger's fail:\n{text}"
    );
    assert_eq!(
        hledger_balances(&hledger, &file),
        careledger_balances(&j),
        "{what}: hledger (left) and careledger (right) read different amounts:\n{text}"
    );
}

const DECLARED: &str = "commodity £1,000.00\naccount a\naccount a:x\naccount b\n\n";

#[test]
fn a_single_tab_before_the_amount_is_read_like_hledger() {
    reads_like_hledger(
        "a single tab between account and amount",
        &format!("{DECLARED}2026-01-01 x\n    a\t£1.00\n    b\n"),
    );
}

#[test]
fn an_indented_hash_line_is_read_like_hledger() {
    reads_like_hledger(
        "an indented # line inside a transaction",
        &format!("{DECLARED}2026-01-01 x\n    a  £1.00\n    # paid by card\n    b\n"),
    );
}

#[test]
fn decimal_mark_comma_is_refused_or_read_like_hledger() {
    reads_like_hledger(
        "decimal-mark ,",
        "decimal-mark ,\naccount a\naccount b\n\n2026-01-01 x\n    a  £1,500\n    b\n",
    );
}

#[test]
fn a_lone_comma_with_no_commodity_directive_is_read_like_hledger() {
    reads_like_hledger(
        "£1,500 with no commodity directive",
        "account a\naccount b\n\n2026-01-01 x\n    a  £1,500\n    b\n",
    );
}

#[test]
fn inclusive_balance_assertions_are_checked_like_hledger() {
    reads_like_hledger(
        "an =* assertion on a parent account",
        &format!(
            "{DECLARED}2026-01-01 x\n    a  £1.00\n    b\n\n2026-01-02 y\n    a:x  £2.00\n    b\n\n2026-01-03 z\n    a  £0.00 =* £3.00\n    b\n"
        ),
    );
}

/// A holder whose journal file is missing is refused (it is far more likely moved by a sync
/// program than never made), with the way out; a journal started as that message says, or
/// an empty file, gets careledger's header from `careledger add`, and must pass
/// `hledger check -s` like every other.
#[test]
fn careledger_add_with_no_journal_yet_writes_one_hledger_accepts() {
    let Some(hledger) = require("hledger", "careledger add with no journal") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let ws_s = ws.to_str().unwrap();
    careledger(&["demo", "--to", ws_s]);
    let file = ws.join("holders/ann/ledger.journal");
    fs::remove_file(&file).unwrap();
    let add = [
        "--data",
        ws_s,
        "--holder",
        "ann",
        "add",
        "--date",
        "2026-10-14",
        "--payee",
        "Dalesway Taxis",
        "--amount",
        "12.40",
        "--outcome",
        "see-friends",
    ];
    let refused = Command::new(CARELEDGER)
        .args(add)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("ledger.journal: the journal is missing"),
        "{err}"
    );
    assert!(err.contains("commodity £1,000.00"), "{err}");
    assert!(!file.exists(), "nothing was written");
    for start in ["commodity £1,000.00\n", ""] {
        fs::write(&file, start).unwrap();
        careledger(&add);
        hledger_check(&hledger, &file);
    }
}
