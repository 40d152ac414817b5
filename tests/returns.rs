//! Audit-ready returns: a quarter worked out by hand below (bank balance at the period's end,
//! money committed after it, the surplus), checked against `hledger bal` and `ledger bal`;
//! the return as a printable page (printed to PDF by a real headless browser and read back
//! with pdftotext), as a spreadsheet (read back with calamine) and as a bundle; evidence
//! attached, detached and missing.
//!
//! When hledger or ledger is not installed their checks say so and pass (except under CI).
//! Chromium and pdftotext are needed for the PDF test: it fails, saying how to install them,
//! when they are missing (CI installs them).

mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::core::money::Money;
use serde_json::Value;
use support::m;

const CARELEDGER: &str = env!("CARGO_BIN_EXE_careledger");
const TODAY: &str = "2026-11-05";
const ASSET: &str = "assets:direct-payment:social-care";

/// Kim: a council direct payment of £1,300.00 a month from 1 April (12 payments in the plan
/// year), a surplus limit of one week, and a £200.00 contingency.
const PLAN: &str = r#"[holder]
name = "Kim Example"
references = { council = "ASC-77", "Care account number" = "CA-5" }

[period]
start = 2026-04-01
end = 2027-03-31

[budget]
contingency = "200.00"

[[streams]]
id = "social-care"
name = "Council direct payment"
funder = "Northshire Council"
kind = "social-care"
management = "direct-payment"
schedule = "monthly"
amount = "1300.00"
first_payment = 2026-04-01
surplus_threshold_weeks = 1

[[outcomes]]
id = "home"
title = "Stay at home"
allocation = { social-care = "15600.00" }
"#;

// The return covers 2026-q2: 1 July to 30 September 2026. By hand:
//
// Opening balance (everything before 1 July): three payments of £1,300.00 (1 Apr, 1 May,
// 1 Jun) less three PA wages of £900.00 = 3,900.00 - 2,700.00 = **£1,200.00**.
//
// In the quarter, running balance:
//   01 Jul  council                        +1,300.00   2,500.00
//   22 Jul  HMRC, no receipt                 -210.00   2,290.00
//   31 Jul  Sam Lee, PA wages, P-4           -900.00   1,390.00
//   01 Aug  council                        +1,300.00   2,690.00
//   14 Aug  Care Insure, INS-9                -95.40   2,594.60
//   28 Aug  Sam Lee, PA wages, P-5           -900.00   1,694.60
//   01 Sep  council                        +1,300.00   2,994.60
//   15 Sep  Payroll Bureau, no receipt        -36.00   2,958.60
//   20 Sep  a hostile payee, equipment, E-1   -49.99   2,908.61
//   29 Sep  Nest, pension, no receipt         -27.00   2,881.61
//   30 Sep  Sam Lee, PA wages, P-6           -900.00   1,981.61  bank says £1,981.61
//
// Money in 3 x 1,300 = £3,900.00. Money out 210 + 900 + 95.40 + 900 + 36 + 49.99 + 27 + 900
// = **£3,118.39**. Closing 1,200.00 + 3,900.00 - 3,118.39 = **£1,981.61**, and the bank
// balance checked on 30 September, the period's last day, is £1,981.61: no difference.
// By group: PA wages £2,700.00 (3); HMRC £210.00 (1); pension £27.00 (1); insurance £95.40
// (1); payroll fee £36.00 (1); equipment £49.99 (1).
//
// Committed at the end: payments out from 1 to 28 October (the 28 days after it): HMRC
// £230.00 (16 Oct) and wages £900.00 (28 Oct) = **£1,130.00** (the council's £1,300.00 on
// 1 October is money in, and the £10.00 on 29 October is after the 28 days). With the
// £200.00 contingency, 1,981.61 - 1,130.00 - 200.00 = **£651.61** is left.
// Surplus limit: 12 x £1,300 = £15,600 over 365 days = 15,600 x 7 / 365 = £299.18 a week;
// one week = £299.18; 651.61 - 299.18 = **£352.43** above it.
//
// Missing evidence in the quarter (no receipt, no file), largest first: HMRC £210.00,
// Payroll Bureau £36.00, Nest £27.00.
const HOSTILE: &str = "<script>alert(1)</script> & Co";
const JOURNAL: &str = "\
; Kim's test ledger
commodity £1,000.00
account assets:direct-payment:social-care
account income:social-care
account expenses:pa-wages
account expenses:hmrc
account expenses:insurance
account expenses:payroll
account expenses:equipment
account expenses:pension

2026-04-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-04-30 * Sam Lee | PA wages, April
    ; outcome: home, receipt: P-1
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care

2026-05-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-05-29 * Sam Lee | PA wages, May
    ; outcome: home, receipt: P-2
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care

2026-06-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-06-30 * Sam Lee | PA wages, June
    ; outcome: home, receipt: P-3
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care

2026-07-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-07-22 * HMRC | PAYE and NI, April to June
    ; outcome: home
    expenses:hmrc  £210.00
    assets:direct-payment:social-care

2026-07-31 * Sam Lee | PA wages, July
    ; outcome: home, receipt: P-4
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care

2026-08-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-08-14 * Care Insure Ltd | employer's liability insurance
    ; outcome: home, receipt: INS-9
    expenses:insurance  £95.40
    assets:direct-payment:social-care

2026-08-28 * Sam Lee | PA wages, August
    ; outcome: home, receipt: P-5
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care

2026-09-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-09-15 * Payroll Bureau | payroll service, quarter
    ; outcome: home
    expenses:payroll  £36.00
    assets:direct-payment:social-care

2026-09-20 * <script>alert(1)</script> & Co | grab rail <img src=x onerror=alert(2)>
    ; outcome: home, receipt: E-1
    expenses:equipment  £49.99
    assets:direct-payment:social-care

2026-09-29 * Nest Pensions | workplace pension
    ; outcome: home
    expenses:pension  £27.00
    assets:direct-payment:social-care

2026-09-30 * Sam Lee | PA wages, September
    ; outcome: home, receipt: P-6
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care  £-900.00 = £1981.61

2026-10-01 * Northshire Council | monthly payment
    assets:direct-payment:social-care  £1300.00
    income:social-care

2026-10-16 * HMRC | PAYE and NI, July to September
    ; outcome: home, receipt: H-2
    expenses:hmrc  £230.00
    assets:direct-payment:social-care

2026-10-28 * Sam Lee | PA wages, October
    ; outcome: home, receipt: P-7
    expenses:pa-wages  £900.00
    assets:direct-payment:social-care

2026-10-29 * Corner Shop | batteries
    ; outcome: home, receipt: C-1
    expenses:equipment  £10.00
    assets:direct-payment:social-care
";

/// A third person with a notional budget only: no return of their own for --all.
const NOTIONAL_PLAN: &str = r#"[holder]
name = "Noor Notional"

[period]
start = 2026-04-01
end = 2027-03-31

[[streams]]
id = "nhs"
funder = "NHS ICB"
kind = "health"
management = "notional"
schedule = "yearly"
amount = "2000.00"
first_payment = 2026-04-01
"#;

struct Ws {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    /// A folder outside the workspace for files to attach and reports to write.
    outside: PathBuf,
}

fn workspace() -> Ws {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    let holder = root.join("holders/kim");
    fs::create_dir_all(&holder).unwrap();
    fs::write(holder.join("plan.toml"), PLAN).unwrap();
    fs::write(holder.join("ledger.journal"), JOURNAL).unwrap();
    for d in [&root, &root.join("holders"), &holder] {
        fs::set_permissions(d, fs::Permissions::from_mode(0o700)).unwrap();
    }
    for f in ["plan.toml", "ledger.journal"] {
        fs::set_permissions(holder.join(f), fs::Permissions::from_mode(0o600)).unwrap();
    }
    let outside = tmp.path().join("out");
    fs::create_dir_all(&outside).unwrap();
    Ws {
        _tmp: tmp,
        root,
        outside,
    }
}

impl Ws {
    fn journal(&self) -> PathBuf {
        self.root.join("holders/kim/ledger.journal")
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(CARELEDGER)
            .arg("--data")
            .arg(&self.root)
            .args(["--today", TODAY])
            .args(args)
            .env_remove("CARELEDGER_DATA")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "careledger {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "careledger {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
    fn json(&self) -> Value {
        serde_json::from_str(&self.ok(&[
            "report",
            "monitoring",
            "--period",
            "2026-q2",
            "--format",
            "json",
        ]))
        .unwrap()
    }
    /// The ID `list` shows for the entry of `date` to `payee`.
    fn id_of(&self, date: &str, payee: &str) -> String {
        let list = self.ok(&["list"]);
        let line = list
            .lines()
            .find(|l| l.contains(date) && l.contains(payee))
            .unwrap_or_else(|| panic!("no {date} {payee} in:\n{list}"));
        line.split_whitespace().next().unwrap().to_string()
    }
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.outside.join(name);
        fs::write(&p, bytes).unwrap();
        p
    }
}

fn money(v: &Value) -> Money {
    Money::parse(v.as_str().unwrap_or_else(|| panic!("not money: {v}"))).unwrap()
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

// ---------------------------------------------------------------------------------------
// The quarter, by hand and by hledger and ledger
// ---------------------------------------------------------------------------------------

#[test]
fn the_quarter_worked_by_hand() {
    let ws = workspace();
    let v = ws.json();
    let sc = &v["streams"][0];
    assert_eq!(money(&sc["opening_balance"]), m("1200.00"));
    assert_eq!(money(&sc["money_in"]["funder_payments"]), m("3900.00"));
    assert_eq!(money(&sc["total_out"]), m("3118.39"));
    assert_eq!(money(&sc["closing_balance"]), m("1981.61"));
    assert_eq!(sc["bank_balance"]["date"], "2026-09-30");
    assert_eq!(sc["bank_balance"]["at_period_end"], true);
    assert_eq!(money(&sc["bank_balance"]["amount"]), m("1981.61"));
    assert_eq!(money(&sc["bank_balance"]["difference"]), m("0.00"));
    let groups: Vec<(String, usize, Money)> = sc["by_category"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["title"].as_str().unwrap().to_string(),
                g["count"].as_u64().unwrap() as usize,
                money(&g["total"]),
            )
        })
        .collect();
    assert_eq!(
        groups,
        vec![
            ("PA wages".to_string(), 3, m("2700.00")),
            (
                "HMRC: tax and National Insurance".to_string(),
                1,
                m("210.00")
            ),
            ("Pension".to_string(), 1, m("27.00")),
            ("Insurance".to_string(), 1, m("95.40")),
            ("Payroll service fee".to_string(), 1, m("36.00")),
            ("Equipment".to_string(), 1, m("49.99")),
        ]
    );
    let c = &sc["committed"];
    assert_eq!(c["until"], "2026-10-28");
    assert_eq!(money(&c["total"]), m("1130.00"));
    let dates: Vec<&str> = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2026-10-16", "2026-10-28"]);
    assert_eq!(money(&c["contingency"]), m("200.00"));
    assert_eq!(money(&c["available"]), m("651.61"));
    assert_eq!(money(&sc["surplus"]["weekly_equivalent"]), m("299.18"));
    assert_eq!(money(&sc["surplus"]["threshold"]), m("299.18"));
    assert_eq!(money(&sc["surplus"]["over"]), m("352.43"));
}

/// `hledger bal` (and `ledger bal`) balance of `account` with extra arguments (dates).
fn tool_balance(tool: &Path, journal: &Path, account: &str, args: &[&str]) -> Money {
    let mut cmd = Command::new(tool);
    cmd.arg("-f")
        .arg(journal)
        .arg("bal")
        .args(args)
        .arg(account);
    let is_hledger = tool.file_name().is_some_and(|n| n == "hledger");
    if is_hledger {
        cmd.args(["--flat", "--no-total", "-c", "£1000.00"]);
    } else {
        cmd.args(["--flat", "--no-total"]);
    }
    let out = cmd.stdin(Stdio::null()).output().unwrap();
    assert!(
        out.status.success(),
        "{} failed: {}",
        tool.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("--"))
        .map(|l| {
            let amount = l.trim().split("  ").next().unwrap().trim();
            if amount == "0" {
                Money::ZERO
            } else {
                Money::parse(amount).unwrap_or_else(|e| panic!("{l:?}: {e}"))
            }
        })
        .sum()
}

fn ledger(test: &str) -> Option<PathBuf> {
    let found = std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join("ledger"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var("CI").is_err(),
            "ledger is not installed but CI is set ({test})"
        );
        eprintln!("SKIPPED: ledger not installed; {test} checked by hledger only");
    }
    found
}

#[test]
fn hledger_and_ledger_agree_with_the_quarter() {
    let Some(hledger) = support::hledger("the quarter") else {
        return;
    };
    let ws = workspace();
    let j = ws.journal();
    support::hledger_check(&hledger, &j);
    let v = ws.json();
    let sc = &v["streams"][0];
    // -e is exclusive: the day after.
    let opening = tool_balance(&hledger, &j, ASSET, &["-e", "2026-07-01"]);
    let closing = tool_balance(&hledger, &j, ASSET, &["-e", "2026-10-01"]);
    assert_eq!(opening, m("1200.00"));
    assert_eq!(opening, money(&sc["opening_balance"]));
    assert_eq!(closing, m("1981.61"));
    assert_eq!(closing, money(&sc["closing_balance"]));
    // The bank balance at the period's end is the balance hledger checked (check -s above)
    // on 30 September, which is the balance at the end of that day.
    assert_eq!(closing, money(&sc["bank_balance"]["amount"]));
    // Committed: what was spent from 1 to 28 October.
    let committed = tool_balance(
        &hledger,
        &j,
        "expenses",
        &["-b", "2026-10-01", "-e", "2026-10-29"],
    );
    assert_eq!(committed, m("1130.00"));
    assert_eq!(committed, money(&sc["committed"]["total"]));
    // The surplus after committed money, from hledger's figures and the plan's.
    let (contingency, limit) = (m("200.00"), m("299.18"));
    assert_eq!(
        closing - committed - contingency - limit,
        money(&sc["surplus"]["over"])
    );
    if let Some(ledger) = ledger("the quarter") {
        assert_eq!(
            tool_balance(&ledger, &j, ASSET, &["-e", "2026-07-01"]),
            opening
        );
        assert_eq!(
            tool_balance(&ledger, &j, ASSET, &["-e", "2026-10-01"]),
            closing
        );
        assert_eq!(
            tool_balance(
                &ledger,
                &j,
                "expenses",
                &["-b", "2026-10-01", "-e", "2026-10-29"]
            ),
            committed
        );
    }
}

// ---------------------------------------------------------------------------------------
// The printable page
// ---------------------------------------------------------------------------------------

fn q2_html(ws: &Ws) -> String {
    ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--format",
        "html",
    ])
}

#[test]
fn the_html_return_is_one_self_contained_accessible_page() {
    let ws = workspace();
    let page = q2_html(&ws);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    // Nothing runs and nothing is fetched: no scripts, no links to files or sites.
    for banned in [
        "<script", "<link", "<img", "http:", "https:", "@import", "url(",
    ] {
        assert!(!page.contains(banned), "the page has {banned:?}");
    }
    // The one src= is the hostile note's, shown as text.
    assert_eq!(page.matches("src=").count(), 1);
    assert!(page.contains("&lt;img src=x"));
    assert!(page.contains("@media print"));
    // Every table says what it is, and every header cell which way it reads.
    let tables = page.matches("<table>").count();
    assert!(tables >= 5, "{tables} tables");
    assert_eq!(page.matches("<caption>").count(), tables);
    assert_eq!(
        page.matches("<th ").count(),
        page.matches("<th scope=\"").count(),
        "a <th> with no scope"
    );
    // The hostile payee and note are shown as text.
    assert!(!page.contains("<img"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co"));
    assert!(!page.contains(HOSTILE));
    assert!(page.contains("grab rail &lt;img src=x onerror=alert(2)&gt;"));
    // The figures and the declaration.
    for want in [
        "<th scope=\"row\">Opening balance on 1 July 2026</th><td class=\"money\">£1,200.00</td>",
        "<th scope=\"row\">Closing balance on 30 September 2026</th><td class=\"money\">£1,981.61</td>",
        "<th scope=\"row\">Bank balance on 30 September 2026, checked against the statement (the balance at the end of the period)</th><td class=\"money\">£1,981.61</td>",
        "<th scope=\"row\">Committed: payments out from 1 October 2026 to 28 October 2026</th><td class=\"money\">£1,130.00</td>",
        "<th scope=\"row\">Contingency held back (the plan&#39;s)</th><td class=\"money\">£200.00</td>",
        "<th scope=\"row\">Surplus above the limit</th><td class=\"money\">£352.43</td>",
        "<caption>PA wages: £2,700.00, 3 payments</caption>",
        "<caption>HMRC: tax and National Insurance: £210.00, 1 payment</caption>",
        "<th scope=\"row\">Reference: Care account number</th><td>CA-5</td>",
        "<h2>Declaration</h2>",
        "<p>Signed: <span class=\"fill\"></span></p>",
    ] {
        assert!(page.contains(want), "no {want:?} in:\n{page}");
    }
}

#[test]
fn a_funder_has_its_own_layout() {
    let ws = workspace();
    fs::write(
        ws.root.join("careledger.toml"),
        "[returns.\"Northshire Council\"]\ntitle = \"Direct payment audit\"\ngroup_by = \"outcome\"\n\
         extra_fields = [\"Social worker\"]\nheadings = { payments = \"Spending\" }\n",
    )
    .unwrap();
    let page = q2_html(&ws);
    assert!(page.contains("<h1>Direct payment audit: Kim Example</h1>"));
    assert!(page.contains("<h3>Spending</h3>"));
    assert!(page.contains("<caption>Stay at home: £3,118.39, 8 payments</caption>"));
    assert!(!page.contains("<caption>PA wages"));
    assert!(
        page.contains("<th scope=\"row\">Social worker</th><td><span class=\"fill\"></span></td>")
    );
    // A mistake in the layout is named with its line.
    fs::write(
        ws.root.join("careledger.toml"),
        "\n[returns.default]\nheadings = { sumary = \"Totals\" }\n",
    )
    .unwrap();
    let e = ws.fails(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--format",
        "html",
    ]);
    assert!(e.contains("careledger.toml:2"), "{e}");
    assert!(e.contains("sumary"), "{e}");
}

fn need(tool: &str, package: &str) -> PathBuf {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "{tool} is not installed, and this test prints the return with it; install it \
                 with: apt-get install -y {package} (.ci/run installs it on CI)"
            )
        })
}

#[test]
fn the_html_return_prints_to_pdf_with_every_figure_and_the_declaration() {
    let chromium = need("chromium", "chromium");
    let pdftotext = need("pdftotext", "poppler-utils");
    let ws = workspace();
    let html = ws.outside.join("q2.html");
    ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--format",
        "html",
        "--output",
        html.to_str().unwrap(),
    ]);
    let pdf = ws.outside.join("q2.pdf");
    let profile = ws.outside.join("chromium-profile");
    let out = Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .env("HOME", &ws.outside)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "chromium made no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(&pdftotext)
        .arg("-layout")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let line_with = |parts: &[&str]| {
        assert!(
            text.lines().any(|l| parts.iter().all(|p| l.contains(p))),
            "no line with {parts:?} in the PDF:\n{text}"
        );
    };
    line_with(&["Opening balance on 1 July 2026", "£1,200.00"]);
    line_with(&["Closing balance on 30 September 2026", "£1,981.61"]);
    line_with(&["Total money out", "£3,118.39"]);
    line_with(&["Surplus above the limit", "£352.43"]);
    // Each item: its date and amount on a line, and its payee (a long name wraps in its
    // cell, so the payee's first word is on that line too).
    for (date, payee, amount) in [
        ("22 July 2026", "HMRC", "£210.00"),
        ("31 July 2026", "Sam", "£900.00"),
        ("14 August 2026", "Care", "£95.40"),
        ("28 August 2026", "Sam", "£900.00"),
        ("15 September 2026", "Payroll", "£36.00"),
        ("20 September 2026", "<script>alert(1)", "£49.99"),
        ("29 September 2026", "Nest", "£27.00"),
        ("30 September 2026", "Sam", "£900.00"),
        // Committed after the period.
        ("16 October 2026", "HMRC", "£230.00"),
        ("28 October 2026", "Sam", "£900.00"),
    ] {
        line_with(&[date, payee, amount]);
    }
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in [
        "Care Insure",
        "Payroll Bureau",
        "Nest Pensions",
        "</script> & Co",
    ] {
        let first = name.split(' ').next().unwrap();
        let rest = name.split_once(' ').unwrap().1;
        assert!(
            flat.contains(first) && flat.contains(rest),
            "no {name} in the PDF"
        );
    }
    assert!(
        flat.contains("I, Kim Example, confirm that this return is a true and complete record")
    );
    assert!(flat.contains("Signed:") && flat.contains("Date:"));
}

// ---------------------------------------------------------------------------------------
// The spreadsheet
// ---------------------------------------------------------------------------------------

#[test]
fn the_spreadsheet_has_numbers_in_pounds_dates_as_dates_and_the_json_totals() {
    use calamine::{Data, Reader, Xlsx};
    let ws = workspace();
    let path = ws.outside.join("q2.xlsx");
    let said = ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(said.contains("was saved to"), "{said}");
    assert_eq!(mode(&path), 0o600);
    let v = ws.json();
    let sc = &v["streams"][0];
    let mut book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Items", "Evidence"]);
    let pounds = |f: f64| Money::parse(&format!("{f:.2}")).unwrap();
    let as_date = |d: &Data| match d {
        // Days since 30 December 1899, as spreadsheets count them.
        Data::DateTime(x) => {
            chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
                + chrono::Duration::days(x.as_f64() as i64)
        }
        other => panic!("not a date cell: {other:?}"),
    };

    // Summary: label in A, a number in B (never text), a date in C where there is one.
    let summary = book.worksheet_range("Summary").unwrap();
    let styles = book.worksheet_style("Summary").unwrap();
    let figure = |label: &str| -> (Money, u32) {
        let (row, r) = summary
            .rows()
            .enumerate()
            .find(|(_, r)| matches!(&r[0], Data::String(s) if s == label))
            .unwrap_or_else(|| panic!("no {label:?} on the Summary sheet"));
        match &r[1] {
            Data::Float(f) => (pounds(*f), row as u32),
            other => panic!("{label}: {other:?} is not a number"),
        }
    };
    for (label, key) in [
        ("Opening balance", &sc["opening_balance"]),
        ("Total money in", &sc["total_in"]),
        ("Total money out", &sc["total_out"]),
        ("Closing balance", &sc["closing_balance"]),
        (
            "Left after committed money and contingency",
            &sc["committed"]["available"],
        ),
        ("Surplus above the limit", &sc["surplus"]["over"]),
    ] {
        let (amount, row) = figure(label);
        assert_eq!(amount, money(key), "{label}");
        let format = styles
            .get((row, 1))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.clone())
            .unwrap_or_default();
        assert!(
            format.starts_with("£#,##0.00"),
            "{label}: format {format:?}"
        );
    }
    assert_eq!(figure("Closing balance").0, m("1981.61"));
    assert_eq!(figure("Money out: PA wages").0, m("2700.00"));
    let (_, row) = figure("Closing balance");
    assert_eq!(
        as_date(&summary[(row as usize, 2)]).to_string(),
        "2026-09-30"
    );
    let (bank, row) =
        figure("Bank balance at the end of the period (checked against the statement)");
    assert_eq!(bank, m("1981.61"));
    assert_eq!(
        as_date(&summary[(row as usize, 2)]).to_string(),
        "2026-09-30"
    );

    // Items: one row per item, money in and out as numbers adding up to the JSON totals.
    let items = book.worksheet_range("Items").unwrap();
    let header: Vec<String> = items
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (date, payee, money_in, money_out) =
        (col("Date"), col("Payee"), col("Money in"), col("Money out"));
    let rows: Vec<&[Data]> = items
        .rows()
        .skip(1)
        .take_while(|r| !matches!(&r[0], Data::String(s) if s == "Total"))
        .collect();
    assert_eq!(rows.len(), 3 + 8, "three payments in, eight out");
    let sum = |c: usize| -> Money {
        rows.iter()
            .map(|r| match &r[c] {
                Data::Float(f) => pounds(*f),
                Data::Empty => Money::ZERO,
                other => panic!("{other:?} is not a number"),
            })
            .sum()
    };
    assert_eq!(sum(money_in), money(&sc["total_in"]));
    assert_eq!(sum(money_out), money(&sc["total_out"]));
    assert_eq!(as_date(&rows[0][date]).to_string(), "2026-07-01");
    assert_eq!(as_date(&rows[10][date]).to_string(), "2026-09-30");
    // The hostile payee is a text cell, exactly as written.
    assert!(
        rows.iter()
            .any(|r| r[payee] == Data::String(HOSTILE.to_string()))
    );
    let total = items
        .rows()
        .find(|r| matches!(&r[0], Data::String(s) if s == "Total"))
        .unwrap();
    assert_eq!(total[money_out], Data::Float(3118.39));
    // Evidence: a header, and nothing attached yet.
    let evidence = book.worksheet_range("Evidence").unwrap();
    assert_eq!(evidence.rows().count(), 1);

    // A spreadsheet is saved, never printed; and not over a file without --force.
    let e = ws.fails(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--format",
        "xlsx",
    ]);
    assert!(e.contains("--output"), "{e}");
    let args = [
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ];
    assert!(ws.fails(&args).contains("already exists"));
    let mut forced = args.to_vec();
    forced.push("--force");
    ws.ok(&forced);
    // --force replaces a spreadsheet, but not some other file.
    let other = ws.file("notes.xlsx", b"my own notes");
    let mut over = forced.clone();
    over[7] = other.to_str().unwrap();
    assert!(
        ws.fails(&over)
            .contains("not a spreadsheet careledger made")
    );
    assert_eq!(fs::read(&other).unwrap(), b"my own notes");
}

// ---------------------------------------------------------------------------------------
// Evidence
// ---------------------------------------------------------------------------------------

fn missing(ws: &Ws) -> Vec<(String, String)> {
    let v: Value = serde_json::from_str(&ws.ok(&[
        "evidence",
        "--missing",
        "--period",
        "2026-q2",
        "--format",
        "json",
    ]))
    .unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["payee"].as_str().unwrap().to_string(),
                x["amount"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn attaching_copies_the_file_privately_links_it_and_never_overwrites() {
    let ws = workspace();
    assert_eq!(
        missing(&ws),
        [
            ("HMRC".to_string(), "210.00".to_string()),
            ("Payroll Bureau".to_string(), "36.00".to_string()),
            ("Nest Pensions".to_string(), "27.00".to_string()),
        ]
    );
    let text = ws.ok(&["evidence", "--missing", "--period", "2026-q2"]);
    assert!(
        text.starts_with(
            "3 payments with no receipt reference and no file attached (£273.00), largest first:"
        ),
        "{text}"
    );

    let hmrc = ws.id_of("2026-07-22", "HMRC");
    let scan = ws.file("IMG 0042.JPG", b"\xff\xd8\xff a photo of the HMRC letter");
    let said = ws.ok(&["attach", &hmrc, scan.to_str().unwrap()]);
    assert!(said.contains("2026-27/2026-07-22-hmrc.jpg"), "{said}");
    let copy = ws
        .root
        .join("holders/kim/evidence/2026-27/2026-07-22-hmrc.jpg");
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&scan).unwrap());
    assert!(scan.exists(), "copied, not moved");
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(mode(copy.parent().unwrap()), 0o700);
    assert_eq!(mode(&ws.root.join("holders/kim/evidence")), 0o700);
    let journal = fs::read_to_string(ws.journal()).unwrap();
    assert!(journal.contains(
        "2026-07-22 * HMRC | PAYE and NI, April to June\n    ; outcome: home\n    ; evidence: 2026-27/2026-07-22-hmrc.jpg\n    expenses:hmrc  £210.00\n"
    ));
    // The entry changed, so its ID did: the old one names nothing now, and nothing is written.
    let e = ws.fails(&["attach", &hmrc, scan.to_str().unwrap()]);
    assert!(e.contains("no entry has the ID"), "{e}");
    assert!(!copy.with_file_name("2026-07-22-hmrc-2.jpg").exists());
    assert_eq!(fs::read_to_string(ws.journal()).unwrap(), journal);
    // The same name again gets a suffix; the first copy is untouched.
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    let second = ws.file("letter.jpg", b"second page");
    ws.ok(&["attach", &hmrc, second.to_str().unwrap()]);
    assert_eq!(
        fs::read(copy.with_file_name("2026-07-22-hmrc-2.jpg")).unwrap(),
        b"second page"
    );
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&scan).unwrap());
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    assert_eq!(
        ws.ok(&["evidence", &hmrc]),
        "2026-27/2026-07-22-hmrc.jpg\n2026-27/2026-07-22-hmrc-2.jpg\n"
    );
    assert_eq!(missing(&ws).len(), 2);
    assert_eq!(missing(&ws)[0].0, "Payroll Bureau");

    // The return lists the files, and hledger still reads the journal the same way.
    let v = ws.json();
    let item = v["streams"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["payee"] == "HMRC")
        .unwrap()
        .clone();
    assert_eq!(
        item["evidence"],
        serde_json::json!([
            "2026-27/2026-07-22-hmrc.jpg",
            "2026-27/2026-07-22-hmrc-2.jpg"
        ])
    );
    if let Some(h) = support::hledger("attach") {
        support::hledger_check(&h, &ws.journal());
        assert_eq!(
            tool_balance(&h, &ws.journal(), ASSET, &["-e", "2026-10-01"]),
            m("1981.61")
        );
    }

    // Detaching takes the link off and keeps the file.
    let said = ws.ok(&["detach", &hmrc, "2026-27/2026-07-22-hmrc-2.jpg"]);
    assert!(said.contains("still in"), "{said}");
    assert!(copy.with_file_name("2026-07-22-hmrc-2.jpg").exists());
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    assert_eq!(ws.ok(&["evidence", &hmrc]), "2026-27/2026-07-22-hmrc.jpg\n");
    // An entry's files have no Markdown form (it printed the text, as if asked for it).
    assert!(
        ws.fails(&["evidence", &hmrc, "--format", "md"])
            .contains("listed as text or JSON")
    );
    ws.ok(&["detach", &hmrc]);
    assert_eq!(fs::read_to_string(ws.journal()).unwrap(), JOURNAL);
    assert!(copy.exists());
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    assert!(
        ws.fails(&["detach", &hmrc])
            .contains("no evidence attached")
    );
}

#[test]
fn attaching_refuses_what_is_not_an_ordinary_file_of_a_sensible_size() {
    let ws = workspace();
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    let before = fs::read_to_string(ws.journal()).unwrap();
    let fine = ws.file("ok.pdf", b"%PDF-1.4");
    for (path, why) in [
        ("/dev/zero", "is a device"),
        (ws.outside.to_str().unwrap(), "is a folder"),
        ("/no/such/file.pdf", "No such file"),
    ] {
        // With a good file first: nothing at all is written, not even the good copy.
        let e = ws.fails(&["attach", &hmrc, fine.to_str().unwrap(), path]);
        assert!(e.contains(why), "{path}: {e}");
        assert!(e.contains("othing was written"), "{e}");
    }
    let fifo = ws.outside.join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let e = ws.fails(&["attach", &hmrc, fifo.to_str().unwrap()]);
    assert!(e.contains("named pipe"), "{e}");
    // Larger than any receipt (a sparse file: no disk is used).
    let huge = ws.outside.join("huge.pdf");
    fs::File::create(&huge)
        .unwrap()
        .set_len(64 * 1024 * 1024 + 1)
        .unwrap();
    let e = ws.fails(&["attach", &hmrc, huge.to_str().unwrap()]);
    assert!(e.contains("more than careledger keeps as evidence"), "{e}");
    assert_eq!(fs::read_to_string(ws.journal()).unwrap(), before);
    assert!(!ws.root.join("holders/kim/evidence").exists());
}

#[test]
fn an_entry_that_was_reversed_keeps_its_id() {
    let ws = workspace();
    let id = ws.id_of("2026-09-15", "Payroll Bureau");
    ws.ok(&["reverse", &id]);
    let scan = ws.file("inv.pdf", b"%PDF");
    let e = ws.fails(&["attach", &id, scan.to_str().unwrap()]);
    assert!(e.contains("attach the file to the reversing entry"), "{e}");
}

// ---------------------------------------------------------------------------------------
// Bundles
// ---------------------------------------------------------------------------------------

#[test]
fn the_bundle_holds_the_return_the_evidence_and_an_index_all_private() {
    let ws = workspace();
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    ws.ok(&[
        "attach",
        &hmrc,
        ws.file("hmrc.pdf", b"%PDF hmrc").to_str().unwrap(),
    ]);
    let after = ws.id_of("2026-10-16", "HMRC");
    ws.ok(&[
        "attach",
        &after,
        ws.file("h2.pdf", b"%PDF h2").to_str().unwrap(),
    ]);
    // One outside the period: not in the bundle.
    let april = ws.id_of("2026-04-30", "Sam Lee");
    ws.ok(&[
        "attach",
        &april,
        ws.file("p1.pdf", b"%PDF p1").to_str().unwrap(),
    ]);
    // A bank statement, attached to a balance check recorded in the period.
    ws.ok(&["reconcile", "--date", "2026-09-29", "--balance", "£2881.61"]);
    let check = ws.id_of("2026-09-29", "Reconciled");
    let statement = ws.file("statement.csv", b"Date,Description,Amount\n");
    ws.ok(&["attach", &check, statement.to_str().unwrap()]);

    let dir = ws.outside.join("kim-q2");
    let said = ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--bundle",
        dir.to_str().unwrap(),
    ]);
    assert!(said.contains("3 evidence files"), "{said}");
    let mut found: Vec<String> = walk(&dir)
        .iter()
        .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "evidence",
            "evidence/2026-27",
            "evidence/2026-27/2026-07-22-hmrc.pdf",
            "evidence/2026-27/2026-09-29-reconciled.csv",
            "evidence/2026-27/2026-10-16-hmrc.pdf",
            "index.html",
            "monitoring-return.csv",
            "monitoring-return.html",
            "monitoring-return.xlsx",
        ]
    );
    for p in walk(&dir).iter().chain([&dir]) {
        let want = if p.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode(p), want, "{}", p.display());
    }
    assert_eq!(
        fs::read(dir.join("evidence/2026-27/2026-07-22-hmrc.pdf")).unwrap(),
        b"%PDF hmrc"
    );
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains("<a href=\"evidence/2026-27/2026-07-22-hmrc.pdf\">"));
    assert!(index.contains("<a href=\"monitoring-return.xlsx\">"));
    let html = fs::read_to_string(dir.join("monitoring-return.html")).unwrap();
    assert_eq!(html, q2_html(&ws));
    assert!(html.contains("2026-27/2026-07-22-hmrc.pdf"));
    assert!(html.contains("bank statements attached to balance checks"));
    assert!(html.contains("2026-27/2026-09-29-reconciled.csv"));
    // A bundle never writes over anything: a folder with files in it is refused.
    let e = ws.fails(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--bundle",
        dir.to_str().unwrap(),
    ]);
    assert!(e.contains("already has files in it"), "{e}");
    // Nor into a holder's own folder.
    let e = ws.fails(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--bundle",
        ws.root.join("holders/kim").to_str().unwrap(),
    ]);
    assert!(e.contains("already has files"), "{e}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

#[test]
fn all_makes_one_return_or_bundle_per_person_with_money_to_account_for() {
    let ws = workspace();
    // Kim's twin (a copy) and a notional-only person.
    let twin = ws.root.join("holders/kit");
    fs::create_dir_all(&twin).unwrap();
    fs::write(
        twin.join("plan.toml"),
        PLAN.replace("Kim Example", "Kit Example"),
    )
    .unwrap();
    fs::write(twin.join("ledger.journal"), JOURNAL).unwrap();
    let noor = ws.root.join("holders/noor");
    fs::create_dir_all(&noor).unwrap();
    fs::write(noor.join("plan.toml"), NOTIONAL_PLAN).unwrap();
    fs::write(noor.join("ledger.journal"), "commodity £1,000.00\n").unwrap();
    for d in [&twin, &noor] {
        fs::set_permissions(d, fs::Permissions::from_mode(0o700)).unwrap();
        for f in ["plan.toml", "ledger.journal"] {
            fs::set_permissions(d.join(f), fs::Permissions::from_mode(0o600)).unwrap();
        }
    }
    let dir = ws.outside.join("q2-returns");
    let said = ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--all",
        "--bundle",
        dir.to_str().unwrap(),
    ]);
    assert!(
        said.contains("No return for 1 person (no direct payment or managed money): noor."),
        "{said}"
    );
    assert!(said.contains("2 returns made."), "{said}");
    let mut people: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    people.sort();
    assert_eq!(people, ["kim", "kit"]);
    assert_eq!(mode(&dir), 0o700);
    for p in &people {
        assert_eq!(mode(&dir.join(p)), 0o700);
        assert!(dir.join(p).join("monitoring-return.xlsx").is_file());
    }
    let kit = fs::read_to_string(dir.join("kit/monitoring-return.html")).unwrap();
    assert!(kit.contains("Kit Example (kit)"));

    // One file each with --output.
    let files = ws.outside.join("q2-files");
    fs::create_dir(&files).unwrap();
    ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--all",
        "--format",
        "csv",
        "--output",
        files.to_str().unwrap(),
    ]);
    let mut names: Vec<String> = fs::read_dir(&files)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["kim-monitoring-return.csv", "kit-monitoring-return.csv"]
    );
    let kim = fs::read_to_string(files.join("kim-monitoring-return.csv")).unwrap();
    assert_eq!(
        kim.lines().count(),
        1 + 11,
        "a header and the quarter's 11 items"
    );
    assert_eq!(mode(&files.join("kim-monitoring-return.csv")), 0o600);
}

#[test]
fn a_link_whose_file_is_gone_is_named_by_check_and_the_bundle() {
    let ws = workspace();
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    ws.ok(&["attach", &hmrc, ws.file("h.pdf", b"%PDF").to_str().unwrap()]);
    let link = "2026-27/2026-07-22-hmrc.pdf";
    fs::remove_file(ws.root.join("holders/kim/evidence").join(link)).unwrap();
    let said = ws.ok(&["check"]);
    assert!(
        said.contains(&format!(
            "ledger.journal:43: the evidence file {link} is not in the holder's evidence folder"
        )),
        "{said}"
    );
    let hmrc = ws.id_of("2026-07-22", "HMRC");
    assert_eq!(
        ws.ok(&["evidence", &hmrc]),
        format!("{link} (missing: the file is not in the evidence folder)\n")
    );
    let dir = ws.outside.join("b");
    let said = ws.ok(&[
        "report",
        "monitoring",
        "--period",
        "2026-q2",
        "--bundle",
        dir.to_str().unwrap(),
    ]);
    assert!(
        said.contains(&format!(
            "Not in the evidence folder, so not copied: {link}."
        )),
        "{said}"
    );
    let index = fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(index.contains(&format!("{link} (not in the evidence folder)")));
}

#[test]
fn a_plans_own_category_is_listed_under_the_heading_it_names() {
    let ws = workspace();
    let plan = ws.root.join("holders/kim/plan.toml");
    let mut text = fs::read_to_string(&plan).unwrap();
    text.push_str(
        "\n[[categories]]\nid = \"carer-pay\"\nlabel = \"Carer's pay\"\ngroup = \"pa-wages\"\n",
    );
    fs::write(&plan, text).unwrap();
    let journal = fs::read_to_string(ws.journal()).unwrap().replace(
        "2026-08-28 * Sam Lee | PA wages, August\n    ; outcome: home, receipt: P-5\n    expenses:pa-wages",
        "2026-08-28 * Sam Lee | PA wages, August\n    ; outcome: home, receipt: P-5\n    expenses:carer-pay",
    );
    fs::write(
        ws.journal(),
        journal.replace(
            "account expenses:pa-wages\n",
            "account expenses:pa-wages\naccount expenses:carer-pay\n",
        ),
    )
    .unwrap();
    let v = ws.json();
    let groups = &v["streams"][0]["by_category"];
    assert_eq!(groups[0]["key"], "pa-wages");
    assert_eq!(groups[0]["count"], 3);
    assert_eq!(money(&groups[0]["total"]), m("2700.00"));
    let item = v["streams"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["date"] == "2026-08-28")
        .unwrap()
        .clone();
    assert_eq!(item["category"], "carer-pay");
    assert_eq!(item["payment_group"], "pa-wages");
}
