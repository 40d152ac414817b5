//! Plan years through the binary, on the demo's Ann, whose records the test carries on to
//! 31 March 2027: `year new` keeps last year exactly as it was (every format of its
//! monitoring return byte for byte), the new year opens with last year's closing balance
//! less what was returned, the 31 March payment funds the new year, an April payment counts
//! in the new year, and `hledger bal` over each year agrees with careledger's figures.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::core::money::Money;
use serde_json::Value;
use support::{CARELEDGER, demo_workspace, hledger, hledger_check, m};

const ASSET: &str = "assets:direct-payment:social-care";

fn careledger(ws: &Path, today: &str, args: &[&str]) -> Output {
    Command::new(CARELEDGER)
        .arg("--data")
        .arg(ws)
        .args(["--holder", "ann", "--today", today])
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(ws: &Path, today: &str, args: &[&str]) -> String {
    let out = careledger(ws, today, args);
    assert!(
        out.status.success(),
        "careledger {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(ws: &Path, today: &str, args: &[&str]) -> String {
    let out = careledger(ws, today, args);
    assert!(!out.status.success(), "careledger {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

/// The demo ends on 14 October 2026; Ann's records go on with the council's £1,760.00 and
/// her £154.00 every 4 weeks to 31 March 2027, and one big PA payroll bill.
fn carry_on_to_march(journal: &Path) {
    let mut text = fs::read_to_string(journal).unwrap();
    for d in [
        "2026-11-11",
        "2026-12-09",
        "2027-01-06",
        "2027-02-03",
        "2027-03-03",
        "2027-03-31",
    ] {
        text.push_str(&format!(
            "\n{d} * Westdale Borough Council | 4-weekly direct payment\n    ; stream: social-care\n    {ASSET}  £1760.00\n    income:social-care\n\n{d} * Ann Whitaker | Client contribution\n    ; stream: social-care\n    {ASSET}  £154.00\n    income:client-contribution\n"
        ));
    }
    text.push_str(&format!(
        "\n2027-02-10 * Keystone Payroll Services | PA wages, November to February\n    ; outcome: stay-at-home\n    ; stream: social-care\n    ; receipt: KP-77\n    expenses:pa-wages  £4000.00\n    {ASSET}\n"
    ));
    fs::write(journal, text).unwrap();
}

/// What `hledger bal` says over [begin, end): account -> amount.
fn hledger_bal(h: &Path, journal: &Path, begin: Option<&str>, end: &str, query: &str) -> Money {
    let mut args = vec![
        "-f".to_string(),
        journal.display().to_string(),
        "bal".into(),
        query.into(),
        "--flat".into(),
        "-O".into(),
        "csv".into(),
        "-c".into(),
        "£1000.00".into(),
        "-e".into(),
        end.into(),
    ];
    if let Some(b) = begin {
        args.extend(["-b".to_string(), b.to_string()]);
    }
    let out = Command::new(h).args(&args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let total = text
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("\"total"))
        .unwrap_or_else(|| panic!("no total in {text}"));
    let amount: String = total
        .split("\",\"")
        .nth(1)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"')
        .collect();
    if amount == "0" {
        Money::ZERO
    } else {
        m(&amount)
    }
}

fn money(v: &Value) -> Money {
    m(v.as_str().unwrap_or_else(|| panic!("not money: {v}")))
}

fn returns(ws: &Path, today: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for period in ["--period=fy2026", "--period=2026-q4"] {
        for format in ["text", "csv", "md", "json", "html"] {
            let text = ok(
                ws,
                today,
                &["report", "monitoring", period, "--format", format],
            );
            out.push((format!("{period} {format}"), text));
        }
        // A spreadsheet file holds the time it was made, so its sheets are compared, cell
        // by cell.
        let file = ws
            .parent()
            .unwrap()
            .join(format!("return{}.xlsx", out.len()));
        ok(
            ws,
            today,
            &[
                "report",
                "monitoring",
                period,
                "--format",
                "xlsx",
                "--output",
                file.to_str().unwrap(),
            ],
        );
        out.push((format!("{period} xlsx"), spreadsheet(&file)));
        fs::remove_file(&file).unwrap();
    }
    out
}

/// Every sheet of a spreadsheet, its cells written out row by row.
fn spreadsheet(path: &Path) -> String {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&format!("# {name}\n"));
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(|c| format!("{c:?}")).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    assert!(out.lines().count() > 3, "an empty spreadsheet: {out}");
    out
}

#[test]
fn a_new_year_keeps_the_last_one_and_opens_with_its_closing_balance_less_the_return() {
    let (_tmp, ws) = demo_workspace();
    let dir: PathBuf = ws.join("holders/ann");
    let journal = dir.join("ledger.journal");
    carry_on_to_march(&journal);
    let old_plan = fs::read_to_string(dir.join("plan.toml")).unwrap();
    let today = "2027-04-05";
    let before = returns(&ws, today);
    let old_summary: Value =
        serde_json::from_str(&ok(&ws, today, &["summary", "--format", "json"])).unwrap();
    let closing = money(&old_summary["holders"][0]["streams"][0]["balance"]);

    let said = ok(&ws, today, &["year", "new", "--return-surplus", "1000.00"]);
    assert!(
        said.contains("Plan year 2027-28 (1 April 2027 to 31 March 2028) has started"),
        "{said}"
    );
    assert!(said.contains("£1,000.00 returned to the funder"), "{said}");

    // Last year's plan is kept byte for byte, and every return reads as it did.
    assert_eq!(
        fs::read_to_string(dir.join("years/2026-27/plan.toml")).unwrap(),
        old_plan
    );
    let after = returns(&ws, today);
    for ((what, a), (_, b)) in before.iter().zip(&after) {
        assert!(
            a == b,
            "the {what} return changed:\n--- before\n{a}\n--- after\n{b}"
        );
    }
    // `--year 2026` is the same return as `--period fy2026`.
    assert_eq!(
        ok(
            &ws,
            today,
            &["report", "monitoring", "--year", "2026", "--format", "csv"]
        ),
        before[1].1
    );
    // A saved report never replaces a kept plan.
    let kept = dir.join("years/2026-27/plan.toml");
    let e = fails(
        &ws,
        today,
        &[
            "report",
            "monitoring",
            "--year",
            "2026",
            "--output",
            kept.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(e.contains("ann's plan for 2026-27"), "{e}");
    assert_eq!(fs::read_to_string(&kept).unwrap(), old_plan);
    // And the plan.toml left behind keeps its hand-written comments.
    let new_plan = fs::read_to_string(dir.join("plan.toml")).unwrap();
    assert!(
        new_plan.contains("# Demo story: Ann spends less than comes in"),
        "{new_plan}"
    );
    assert!(
        new_plan.contains("start = 2027-04-01\nend = 2028-03-31"),
        "{new_plan}"
    );
    assert!(
        new_plan.contains("first_payment = 2027-03-31"),
        "{new_plan}"
    );

    // An April payment and some spending in the new year.
    ok(
        &ws,
        "2027-05-01",
        &[
            "add",
            "--date",
            "2027-04-28",
            "--payee",
            "Westdale Borough Council",
            "--amount",
            "1760.00",
            "--money-in",
        ],
    );
    ok(
        &ws,
        "2027-05-01",
        &[
            "add",
            "--date",
            "2027-04-12",
            "--payee",
            "Joanne Baker",
            "--amount",
            "250.00",
            "--outcome",
            "stay-at-home",
            "--receipt",
            "R-1001",
        ],
    );
    let new: Value =
        serde_json::from_str(&ok(&ws, "2027-05-01", &["summary", "--format", "json"])).unwrap();
    let h = &new["holders"][0];
    let sc = &h["streams"][0];
    // The opening balance: last year's closing balance less the £1,000.00 returned.
    assert_eq!(money(&h["opening_balance"]), closing - m("1000.00"));
    assert_eq!(money(&sc["opening_balance"]), closing - m("1000.00"));
    assert_eq!(money(&h["returned"]), m("1000.00"));
    // The 31 March payment funds the new year: in its budget (13 x 1914.00), shown as
    // received in advance, and in the new year's expected payments, not the old year's.
    assert_eq!(money(&sc["budget"]), m("24882.00"));
    assert_eq!(money(&sc["received_in_advance"]), m("1760.00"));
    assert_eq!(money(&sc["received"]), m("1760.00")); // 28 April only
    assert_eq!(money(&sc["spent"]), m("250.00"));
    assert_eq!(
        money(&sc["balance"]),
        closing - m("1000.00") + m("1760.00") - m("250.00")
    );
    let due = |year: Option<&str>| -> Vec<(String, String)> {
        let mut args = vec!["report", "expected", "--format", "json"];
        if let Some(y) = year {
            args.extend(["--year", y]);
        }
        let v: Value = serde_json::from_str(&ok(&ws, "2027-05-01", &args)).unwrap();
        v["payments"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["source"] == "funder")
            .map(|p| {
                (
                    p["due"].as_str().unwrap().to_string(),
                    p["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let new_due = due(None);
    assert_eq!(new_due.len(), 13);
    assert_eq!(
        new_due[0],
        ("2027-03-31".to_string(), "received".to_string())
    );
    assert_eq!(
        new_due[1],
        ("2027-04-28".to_string(), "received".to_string())
    );
    let old_due = due(Some("2026-27"));
    assert_eq!(old_due.len(), 13);
    assert!(
        old_due.iter().all(|(d, _)| d.as_str() < "2027-03-31"),
        "{old_due:?}"
    );
    // In the old year it is shown as the next year's payment, received in advance.
    let old_expected: Value = serde_json::from_str(&ok(
        &ws,
        "2027-05-01",
        &["report", "expected", "--format", "json", "--year", "2026"],
    ))
    .unwrap();
    let early: Vec<&Value> = old_expected["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["funds_next_period"] == true)
        .collect();
    assert_eq!(early.len(), 2, "{old_expected}"); // the council's and Ann's of 31 March
    assert!(early.iter().all(|u| u["date"] == "2027-03-31"));
    let text = ok(&ws, "2027-05-01", &["report", "expected", "--year", "2026"]);
    assert!(
        text.contains(
            "31 March 2027, £1,760.00 from Westdale Borough Council into Council direct payment"
        ) && text.contains(
            "It is the payment in advance for the next plan year, and counts in that year's budget."
        ),
        "{text}"
    );

    // The old year, looked at again: its plan and figures.
    let old: Value = serde_json::from_str(&ok(
        &ws,
        "2027-05-01",
        &["summary", "--format", "json", "--year", "2026"],
    ))
    .unwrap();
    let old_sc = &old["holders"][0]["streams"][0];
    assert_eq!(old["holders"][0]["period"]["start"], "2026-04-01");
    assert_eq!(money(&old_sc["balance"]), closing);
    let listed: Value = serde_json::from_str(&ok(
        &ws,
        "2027-05-01",
        &["list", "--year", "2027", "--format", "json"],
    ))
    .unwrap();
    let dates: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        ["2027-04-01", "2027-04-28", "2027-04-12"],
        "{listed}"
    );

    // hledger agrees, year by year.
    let Some(hl) = hledger("plan years") else {
        return;
    };
    hledger_check(&hl, &journal);
    for (year, begin, end, pos) in [
        ("2026", "2026-04-01", "2027-04-01", &old),
        ("2027", "2027-04-01", "2028-04-01", &new),
    ] {
        let sc = &pos["holders"][0]["streams"][0];
        let received = -hledger_bal(&hl, &journal, Some(begin), end, "income");
        let spent = hledger_bal(&hl, &journal, Some(begin), end, "expenses");
        let balance = hledger_bal(&hl, &journal, None, end, ASSET);
        assert_eq!(money(&sc["received"]), received, "{year} received");
        assert_eq!(money(&sc["spent"]), spent, "{year} spent");
        assert_eq!(money(&sc["balance"]), balance, "{year} balance");
    }
    // The closing balance is hledger's at the end of 31 March; the opening balance is that
    // less what went back on 1 April.
    assert_eq!(
        hledger_bal(&hl, &journal, None, "2027-04-01", ASSET),
        closing
    );
    assert_eq!(
        hledger_bal(&hl, &journal, None, "2027-04-02", ASSET),
        money(&h["opening_balance"])
    );
    assert_eq!(
        hledger_bal(&hl, &journal, None, "2028-04-01", "equity:returned"),
        m("1000.00")
    );
    // ledger reads the same opening balance and return.
    let ledger_bal = |query: &str, end: &str| -> Money {
        let out = Command::new("ledger")
            .args([
                "-f",
                journal.to_str().unwrap(),
                "bal",
                query,
                "-e",
                end,
                "--flat",
                "--no-total",
            ])
            .output();
        let Ok(out) = out else {
            eprintln!("SKIPPED: ledger not installed");
            return Money::ZERO;
        };
        let text = String::from_utf8(out.stdout).unwrap();
        let amount = text
            .split_whitespace()
            .next()
            .unwrap_or_else(|| panic!("{text}"));
        m(&amount.replace('£', ""))
    };
    if Command::new("ledger").arg("--version").output().is_ok() {
        assert_eq!(
            ledger_bal(ASSET, "2027-04-02"),
            money(&h["opening_balance"])
        );
        assert_eq!(ledger_bal("equity:returned", "2028-04-01"), m("1000.00"));
    }
}

#[test]
fn a_year_cannot_start_twice_nor_before_the_last_one_ends() {
    let (_tmp, ws) = demo_workspace();
    let e = fails(&ws, "2027-04-05", &["year", "new", "--start", "2027-03-01"]);
    assert!(
        e.contains("must start after this one ends (31 March 2027)"),
        "{e}"
    );
    let e = fails(
        &ws,
        "2027-04-05",
        &["year", "new", "--return-surplus", "99999"],
    );
    assert!(
        e.contains("is more than the social-care account held"),
        "{e}"
    );
    assert!(!ws.join("holders/ann/years").exists());
    ok(&ws, "2027-04-05", &["year", "new"]);
    let list = ok(&ws, "2027-04-05", &["year", "list"]);
    assert_eq!(
        list,
        "2026-27 (1 April 2026 to 31 March 2027) (ended, kept in years/)\n2027-28 (1 April 2027 to 31 March 2028) (current, plan.toml)\n"
    );
    let e = fails(&ws, "2027-04-05", &["summary", "--year", "2025"]);
    assert!(
        e.contains("no plan year starting in 2025; the plan years are 2026-27 (1 April 2026 to 31 March 2027), 2027-28 (1 April 2027 to 31 March 2028)"),
        "{e}"
    );
}

#[test]
fn a_mistyped_year_is_refused_naming_the_plan_years() {
    let (_tmp, ws) = demo_workspace();
    let add = |date: &str, extra: &[&str]| {
        let mut args = vec![
            "add",
            "--date",
            date,
            "--payee",
            "Lunch club",
            "--amount",
            "6.50",
            "--outcome",
            "see-friends",
            "--receipt",
            "L-1",
        ];
        args.extend(extra);
        careledger(&ws, "2026-10-15", &args)
    };
    let out = add("2062-10-14", &[]);
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("2062-10-14 is years away from the plan period (1 April 2026 to 31 March 2027)"),
        "{e}"
    );
    // Near the plan year but outside it: refused, naming it, unless confirmed.
    let out = add("2027-10-14", &[]);
    assert!(!out.status.success());
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains(
            "2027-10-14 is outside the plan year 2026-27 (1 April 2026 to 31 March 2027), so"
        ),
        "{e}"
    );
    assert!(
        e.contains("To record it anyway, give --outside-plan."),
        "{e}"
    );
    let journal = ws.join("holders/ann/ledger.journal");
    assert!(!fs::read_to_string(&journal).unwrap().contains("2027-10-14"));
    let out = add("2027-10-14", &["--outside-plan"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // `check` names it with file and line.
    let text = fs::read_to_string(&journal).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("2027-10-14"))
        .unwrap()
        + 1;
    let checked = ok(&ws, "2026-10-15", &["check"]);
    assert!(
        checked.contains(&format!(
            "ledger.journal:{line}: 2027-10-14 is outside the plan year 2026-27 (1 April 2026 to 31 March 2027), so"
        )),
        "{checked}"
    );
    // Once the next year has started, the same date is in a plan year.
    ok(&ws, "2027-04-05", &["year", "new"]);
    let checked = ok(&ws, "2027-04-05", &["check"]);
    assert!(!checked.contains("2027-10-14"), "{checked}");
    let out = add("2028-06-01", &[]);
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("2028-06-01 is outside every plan year: 2026-27 (1 April 2026 to 31 March 2027), 2027-28 (1 April 2027 to 31 March 2028); so"),
        "{e}"
    );
}

/// In a shared workspace, starting a year is one commit holding both plans, and the surplus
/// returned is one commit of the journal.
#[test]
fn a_new_year_in_a_shared_workspace_is_one_commit_of_both_plans() {
    let have_git = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_git {
        eprintln!("SKIPPED: git not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path();
    let env = |c: &mut Command| {
        c.env("HOME", home)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("CARELEDGER_AUTHOR", "Ann Helper <ann@example.invalid>")
            .env_remove("CARELEDGER_DATA")
            .stdin(Stdio::null());
    };
    let remote = home.join("shared.git");
    let mut git = Command::new("git");
    env(&mut git);
    assert!(
        git.args(["init", "--quiet", "--bare"])
            .arg(&remote)
            .status()
            .unwrap()
            .success()
    );
    let (_demo, ws) = demo_workspace();
    let run = |args: &[&str]| {
        let mut c = Command::new(CARELEDGER);
        env(&mut c);
        let out = c
            .arg("--data")
            .arg(&ws)
            .args(["--today", "2027-04-05"])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["share", remote.to_str().unwrap()]);
    run(&[
        "--holder",
        "ann",
        "year",
        "new",
        "--return-surplus",
        "100.00",
    ]);
    let mut git = Command::new("git");
    env(&mut git);
    let log = git
        .arg("-C")
        .arg(&ws)
        .args(["log", "-2", "--name-only", "--format=%s"])
        .output()
        .unwrap();
    let log = String::from_utf8(log.stdout).unwrap();
    assert_eq!(
        log,
        "Ann Whitaker: £100.00 of 2026-27's surplus returned to the funder\n\nholders/ann/ledger.journal\n\
         Ann Whitaker: started plan year 2027-28; the plan of 2026-27 is kept\n\nholders/ann/plan.toml\nholders/ann/years/2026-27/plan.toml\n"
    );
}
