//! The monitoring return, the expected payments table and the review summary through the
//! binary, for a small holder whose every figure is worked out by hand below, and checked
//! against `hledger bal` on the same journal.
//!
//! When hledger is not installed the hledger test says so on stderr and passes, except under
//! CI (the `CI` environment variable set), where a missing hledger is a failure.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::core::money::Money;
use serde_json::Value;

const CARELEDGER: &str = env!("CARGO_BIN_EXE_careledger");
const TODAY: &str = "2026-10-15";

/// Rosa: a council direct payment (4-weekly £1,000 plus a £50 client contribution, a 4-week
/// surplus limit) and a notional NHS budget (£2,000 for the year).
const PLAN: &str = r#"[holder]
name = "Rosa Test"
references = { council = "ASC-1" }

[period]
start = 2026-04-01
end = 2027-03-31

[[streams]]
id = "social-care"
name = "Council direct payment"
funder = "Westdale Council"
kind = "social-care"
management = "direct-payment"
schedule = "4-weekly"
amount = "1000.00"
first_payment = 2026-04-01
surplus_threshold_weeks = 4
client_contribution = "50.00"

[[streams]]
id = "nhs"
name = "NHS notional budget"
funder = "NHS ICB"
kind = "health"
management = "notional"
schedule = "yearly"
amount = "2000.00"
first_payment = 2026-04-01
held_by = "NHS ICB"

[[outcomes]]
id = "home"
title = "Stay at home"
allocation = { social-care = "11000.00", nhs = "2000.00" }

[[outcomes]]
id = "out"
title = "Get out and about"
allocation = { social-care = "2000.00" }
"#;

// The return covers 2026-Q2 of the financial year: 1 July to 30 September 2026.
//
// Council direct payment (assets:direct-payment:social-care), by hand:
//
// Before 1 July (the opening balance, everything dated before 2026-07-01):
//   £200.00 carried over on 25 March (before the plan period, but still in the account)
//   + 4 funder payments of £1,000.00 (1 Apr, 29 Apr, 27 May, 24 Jun)   = £4,000.00
//   + 4 contributions of £50.00 on the same days                       =   £200.00
//   - PA wages £400.00 (10 Apr), taxi £30.00 (15 May), PA wages £1,500.00 (30 Jun)
//   = 200 + 4,000 + 200 - 1,930 = **£2,470.00**
//
// In the return, running balance:
//   01 Jul  PA wages, home, R-0101               -600.00   1,870.00
//   22 Jul  council £1,000 + contribution £50   +1,050.00  2,920.00  (one entry, two sources)
//   31 Jul  refund from Boots                      +25.00  2,945.00
//   05 Aug  cash machine, outcome out, no receipt  -40.00  2,905.00  (excluded: cash)
//   12 Aug  Kit, Room & Co, no outcome, K-1        -45.50  2,859.50  (outside the plan)
//   19 Aug  council £1,000 (no contribution)     +1,000.00  3,859.50
//   20 Aug  taxi, outcome "gardening", T-9         -12.30  3,847.20  (outside the plan)
//   16 Sep  council £900 (£100 short)              +900.00  4,747.20
//   17 Sep  contribution                            +50.00  4,797.20
//   20 Sep  PA wages, home, R-0102; bank says £4,197.20 -600.00  4,197.20
//   30 Sep  transfer to savings                    -100.00  4,097.20  (outside the plan)
//
//   Money in: funder 1,000 + 1,000 + 900 = £2,900.00; contributions 50 + 50 = £100.00;
//   refunds £25.00; total **£3,025.00**.
//   Money out: 600 + 40 + 45.50 + 12.30 + 600 + 100 = **£1,397.80**.
//   Closing: 2,470.00 + 3,025.00 - 1,397.80 = **£4,097.20**.
//   By outcome: Stay at home £1,200.00 (2); Get out and about £40.00 (1); "gardening"
//   £12.30 (1); not linked £45.50 (1); other money out £100.00 (1).
//   Outside the plan: 45.50 + 12.30 + 100.00 = £157.80 (3). Excluded: £40.00 (1).
//   Bank balance (assertion on 20 Sep): £4,197.20; difference 4,097.20 - 4,197.20 = -£100.00.
//   Surplus: 13 x £1,000 over 365 days = 13,000 x 7 / 365 = £249.32 a week; 4 weeks =
//   £997.28. Committed at the end: the £70.00 PA wages paid on 1 October (within the 28 days
//   after 30 September; the plan has no contingency), so 4,097.20 - 70.00 = £4,027.20 is
//   left, 4,027.20 - 997.28 = £3,029.92 above the limit.
//
// NHS notional budget (assets:notional:nhs), commitments against the £2,000.00 allocation:
//   committed before 1 July: £300.00 (10 May), so £1,700.00 not yet committed on 1 July;
//   in the return: £400.00 committed (14 Aug), £50.00 refunded (3 Sep);
//   closing: 1,700 + 50 - 400 = £1,350.00 not yet committed.
//   (The account's own balance is -£300.00 then -£650.00: allocation plus balance.)
//
// After the return (not in its figures): a £70.00 payment on 1 October (money committed at
// the end, above), and the payment and contribution due 14 October (money in: not committed).
const JOURNAL: &str = "\
; Rosa's test ledger
commodity £1,000.00

2026-03-25 * Opening balance | carried over from last year
    assets:direct-payment:social-care  £200.00
    equity:opening-balances

2026-04-01 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £1000.00
    income:social-care

2026-04-01 * Rosa Test | contribution
    assets:direct-payment:social-care  £50.00
    income:client-contribution

2026-04-10 * Mary Jones | PA wages, April
    ; outcome: home
    ; receipt: R-0001
    expenses:pa-wages  £400.00
    assets:direct-payment:social-care

2026-04-29 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £1000.00
    income:social-care

2026-04-29 * Rosa Test | contribution
    assets:direct-payment:social-care  £50.00
    income:client-contribution

2026-05-10 * Mindful Therapy | counselling
    ; outcome: home
    ; receipt: MT-1
    expenses:therapy  £300.00
    assets:notional:nhs

2026-05-15 * Dalesway Taxis | to the shops
    ; outcome: out
    ; receipt: R-0002
    expenses:travel  £30.00
    assets:direct-payment:social-care

2026-05-27 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £1000.00
    income:social-care

2026-05-27 * Rosa Test | contribution
    assets:direct-payment:social-care  £50.00
    income:client-contribution

2026-06-24 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £1000.00
    income:social-care

2026-06-24 * Rosa Test | contribution
    assets:direct-payment:social-care  £50.00
    income:client-contribution

2026-06-30 * Mary Jones | PA wages, May and June
    ; outcome: home
    ; receipt: R-0003
    expenses:pa-wages  £1500.00
    assets:direct-payment:social-care

2026-07-01 * Mary Jones | PA wages, June
    ; outcome: home
    ; receipt: R-0101
    expenses:pa-wages  £600.00
    assets:direct-payment:social-care

2026-07-22 * Westdale Council | 4-weekly payment and contribution
    assets:direct-payment:social-care  £1050.00
    income:social-care  £-1000.00
    income:client-contribution

2026-07-31 * Boots | Refund, faulty bath seat
    ; outcome: home
    assets:direct-payment:social-care  £25.00
    expenses:equipment

2026-08-05 * Cash machine
    ; outcome: out
    expenses:cash  £40.00
    assets:direct-payment:social-care

2026-08-12 * Kit, Room & Co | trainers, size 9
    ; receipt: K-1
    expenses:equipment  £45.50
    assets:direct-payment:social-care

2026-08-14 * Mindful Therapy | counselling, four sessions
    ; outcome: home
    ; receipt: MT-2
    expenses:therapy  £400.00
    assets:notional:nhs

2026-08-19 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £1000.00
    income:social-care

2026-08-20 * Taxi | to \"the club\"
    ; outcome: gardening
    ; receipt: T-9
    expenses:travel  £12.30
    assets:direct-payment:social-care

2026-09-03 * Mindful Therapy | refund for a missed session
    ; outcome: home
    assets:notional:nhs  £50.00
    expenses:therapy

2026-09-16 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £900.00
    income:social-care

2026-09-17 * Rosa Test | contribution
    assets:direct-payment:social-care  £50.00
    income:client-contribution

2026-09-20 * Mary Jones | PA wages, August and September
    ; outcome: home
    ; receipt: R-0102
    expenses:pa-wages  £600.00
    assets:direct-payment:social-care  £-600.00 = £4197.20

2026-09-30 * Savings account | Transfer
    assets:savings  £100.00
    assets:direct-payment:social-care

2026-10-01 * Mary Jones | PA wages, after the return
    ; outcome: home
    ; receipt: R-0103
    expenses:pa-wages  £70.00
    assets:direct-payment:social-care

2026-10-14 * Westdale Council | 4-weekly payment
    assets:direct-payment:social-care  £1000.00
    income:social-care

2026-10-14 * Rosa Test | contribution
    assets:direct-payment:social-care  £50.00
    income:client-contribution
";

/// A workspace holding Rosa, in a temporary folder.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let holder = dir.path().join("holders").join("rosa");
    fs::create_dir_all(&holder).unwrap();
    fs::write(holder.join("plan.toml"), PLAN).unwrap();
    fs::write(holder.join("ledger.journal"), JOURNAL).unwrap();
    dir
}

fn careledger(ws: &Path, args: &[&str]) -> Output {
    Command::new(CARELEDGER)
        .arg("--data")
        .arg(ws)
        .args(["--holder", "rosa", "--today", TODAY])
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(ws: &Path, args: &[&str]) -> String {
    let out = careledger(ws, args);
    assert!(
        out.status.success(),
        "careledger {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(ws: &Path, args: &[&str]) -> String {
    let out = careledger(ws, args);
    assert!(!out.status.success(), "careledger {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

const Q2: [&str; 4] = ["report", "monitoring", "--period", "2026-q2"];

fn q2(format: &str) -> String {
    let mut args = Q2.to_vec();
    args.extend(["--format", format]);
    ok(workspace().path(), &args)
}

fn has(text: &str, line: &str) {
    assert!(
        text.lines().any(|l| l == line),
        "no line {line:?} in:\n{text}"
    );
}

#[test]
fn monitoring_return_as_json_field_by_field() {
    let v: Value = serde_json::from_str(&q2("json")).unwrap();
    assert_eq!(v["from"], "2026-07-01");
    assert_eq!(v["to"], "2026-09-30");
    assert_eq!(v["period_label"], "quarter 2 of financial year 2026-27");
    assert_eq!(v["holder"]["id"], "rosa");
    assert_eq!(v["holder"]["references"]["council"], "ASC-1");
    let streams = v["streams"].as_array().unwrap();
    assert_eq!(streams.len(), 2);

    let sc = &streams[0];
    assert_eq!(sc["id"], "social-care");
    assert_eq!(sc["management"], "direct-payment");
    assert_eq!(sc["opening_balance"], "2470.00");
    assert_eq!(sc["money_in"]["funder_payments"], "2900.00");
    assert_eq!(sc["money_in"]["client_contributions"], "100.00");
    assert_eq!(sc["money_in"]["refunds"], "25.00");
    assert_eq!(sc["money_in"]["other"], "0.00");
    assert_eq!(sc["total_in"], "3025.00");
    assert_eq!(sc["total_out"], "1397.80");
    assert_eq!(sc["closing_balance"], "4097.20");

    let items = sc["items"].as_array().unwrap();
    let brief: Vec<(&str, &str, &str, Value, Value)> = items
        .iter()
        .map(|i| {
            (
                i["date"].as_str().unwrap(),
                i["payee"].as_str().unwrap(),
                i["amount"].as_str().unwrap(),
                i["outcome"].clone(),
                i["receipt"].clone(),
            )
        })
        .collect();
    let s = |x: &str| Value::String(x.into());
    assert_eq!(
        brief,
        [
            ("2026-07-01", "Mary Jones", "600.00", s("home"), s("R-0101")),
            ("2026-08-05", "Cash machine", "40.00", s("out"), Value::Null),
            (
                "2026-08-12",
                "Kit, Room & Co",
                "45.50",
                Value::Null,
                s("K-1")
            ),
            ("2026-08-20", "Taxi", "12.30", s("gardening"), s("T-9")),
            ("2026-09-20", "Mary Jones", "600.00", s("home"), s("R-0102")),
            (
                "2026-09-30",
                "Savings account",
                "100.00",
                Value::Null,
                Value::Null
            ),
        ]
    );
    assert_eq!(items[0]["outcome_title"], "Stay at home");
    assert_eq!(items[0]["category"], "pa-wages");
    assert_eq!(items[0]["kind"], "spending");
    assert_eq!(items[1]["excluded"], "cash");
    assert_eq!(items[2]["outside_plan"], true);
    assert_eq!(items[2]["note"], "trainers, size 9");
    assert_eq!(items[5]["kind"], "other");

    let money_in: Vec<(&str, &str, &str)> = sc["money_in_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["date"].as_str().unwrap(),
                i["source"].as_str().unwrap(),
                i["amount"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        money_in,
        [
            ("2026-07-22", "funder-payment", "1000.00"),
            ("2026-07-22", "client-contribution", "50.00"),
            ("2026-07-31", "refund", "25.00"),
            ("2026-08-19", "funder-payment", "1000.00"),
            ("2026-09-16", "funder-payment", "900.00"),
            ("2026-09-17", "client-contribution", "50.00"),
        ]
    );

    let groups: Vec<(Value, &str, u64, &str)> = sc["by_outcome"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["outcome"].clone(),
                g["title"].as_str().unwrap(),
                g["count"].as_u64().unwrap(),
                g["total"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (s("home"), "Stay at home", 2, "1200.00"),
            (s("out"), "Get out and about", 1, "40.00"),
            (
                s("gardening"),
                "\"gardening\" (not an outcome in the plan)",
                1,
                "12.30"
            ),
            (
                Value::Null,
                "Not linked to an outcome in the plan",
                1,
                "45.50"
            ),
            (Value::Null, "Other money out (not spending)", 1, "100.00"),
        ]
    );

    assert_eq!(sc["bank_balance"]["date"], "2026-09-20");
    assert_eq!(sc["bank_balance"]["amount"], "4197.20");
    assert_eq!(sc["bank_balance"]["difference"], "-100.00");
    assert_eq!(sc["surplus"]["threshold_weeks"], 4);
    assert_eq!(sc["surplus"]["weekly_equivalent"], "249.32");
    assert_eq!(sc["surplus"]["threshold"], "997.28");
    assert_eq!(sc["surplus"]["over"], "3029.92");
    assert_eq!(sc["committed"]["until"], "2026-10-28");
    assert_eq!(sc["committed"]["total"], "70.00");
    assert_eq!(sc["committed"]["contingency"], "0.00");
    assert_eq!(sc["committed"]["available"], "4027.20");
    assert_eq!(sc["committed"]["items"][0]["date"], "2026-10-01");
    assert_eq!(sc["committed"]["items"].as_array().unwrap().len(), 1);
    assert_eq!(sc["commitments"], Value::Null);
    assert_eq!(sc["outside_plan"].as_array().unwrap().len(), 3);
    assert_eq!(sc["outside_plan_total"], "157.80");
    assert_eq!(
        sc["outside_plan"][1]["reason"],
        "the outcome \"gardening\" is not in the plan"
    );
    assert_eq!(sc["excluded"].as_array().unwrap().len(), 1);
    assert_eq!(sc["excluded_total"], "40.00");
    assert_eq!(sc["items_without_receipt"], 1);

    let nhs = &streams[1];
    assert_eq!(nhs["id"], "nhs");
    assert_eq!(nhs["management"], "notional");
    assert_eq!(nhs["opening_balance"], "1700.00");
    assert_eq!(nhs["total_in"], "50.00");
    assert_eq!(nhs["money_in"]["refunds"], "50.00");
    assert_eq!(nhs["total_out"], "400.00");
    assert_eq!(nhs["closing_balance"], "1350.00");
    assert_eq!(nhs["bank_balance"], Value::Null);
    assert_eq!(nhs["surplus"], Value::Null);
    assert_eq!(nhs["commitments"]["allocation"], "2000.00");
    assert_eq!(nhs["commitments"]["committed_before"], "300.00");
    assert_eq!(nhs["commitments"]["committed_in_return"], "350.00");
    assert_eq!(nhs["commitments"]["remaining"], "1350.00");
    assert_eq!(nhs["items"][0]["receipt"], "MT-2");

    let declaration = v["declaration"].as_str().unwrap();
    assert!(
        declaration.starts_with("I, Rosa Test, confirm")
            && declaration.contains("1 July 2026 to 30 September 2026")
            && declaration.contains("Westdale Council and NHS ICB"),
        "{declaration}"
    );
}

#[test]
fn monitoring_return_as_csv_rows() {
    let csv = q2("csv");
    assert!(csv.ends_with("\r\n"), "RFC 4180 lines end with CRLF");
    let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(
        rows[0],
        "holder,stream,date,type,payee,description,outcome,outcome_title,category,receipt,money_in,money_out,flag,entry"
    );
    // The last column is each row's entry ID, the one `careledger list` shows for it.
    let ws = workspace();
    let listed: serde_json::Value =
        serde_json::from_str(&ok(ws.path(), &["list", "--format", "json"])).unwrap();
    for row in &rows[1..] {
        let fields = split_csv(row);
        let id = fields.last().unwrap();
        let entry = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id.as_str())
            .unwrap_or_else(|| panic!("no entry {id} for {row}"));
        assert_eq!(entry["date"], fields[2].as_str(), "{row}");
        assert_eq!(entry["payee"], fields[4].as_str(), "{row}");
    }
    let rows: Vec<&str> = rows
        .iter()
        .map(|r| r.rsplit_once(',').map_or(*r, |(rest, _)| rest))
        .collect();
    let expected = [
        "rosa,social-care,2026-07-01,spending,Mary Jones,\"PA wages, June\",home,Stay at home,pa-wages,R-0101,,600.00,",
        "rosa,social-care,2026-07-22,funder payment,Westdale Council,4-weekly payment and contribution,,,,,1000.00,,",
        "rosa,social-care,2026-07-22,client contribution,Westdale Council,4-weekly payment and contribution,,,,,50.00,,",
        "rosa,social-care,2026-07-31,refund,Boots,\"Refund, faulty bath seat\",,,,,25.00,,",
        "rosa,social-care,2026-08-05,spending,Cash machine,,out,Get out and about,cash,,,40.00,excluded category: cash; no receipt",
        "rosa,social-care,2026-08-12,spending,\"Kit, Room & Co\",\"trainers, size 9\",,,equipment,K-1,,45.50,outside the plan",
        "rosa,social-care,2026-08-19,funder payment,Westdale Council,4-weekly payment,,,,,1000.00,,",
        "rosa,social-care,2026-08-20,spending,Taxi,\"to \"\"the club\"\"\",gardening,,travel,T-9,,12.30,outside the plan",
        "rosa,social-care,2026-09-16,funder payment,Westdale Council,4-weekly payment,,,,,900.00,,",
        "rosa,social-care,2026-09-17,client contribution,Rosa Test,contribution,,,,,50.00,,",
        "rosa,social-care,2026-09-20,spending,Mary Jones,\"PA wages, August and September\",home,Stay at home,pa-wages,R-0102,,600.00,",
        "rosa,social-care,2026-09-30,other money out,Savings account,Transfer,,,,,,100.00,outside the plan",
        "rosa,nhs,2026-08-14,spending,Mindful Therapy,\"counselling, four sessions\",home,Stay at home,therapy,MT-2,,400.00,",
        "rosa,nhs,2026-09-03,refund,Mindful Therapy,refund for a missed session,,,,,50.00,,",
    ];
    assert_eq!(&rows[1..], expected);
    // The money columns add up to the JSON totals: in 3,025.00 + 50.00, out 1,397.80 + 400.00.
    let sum = |col: usize| -> Money {
        rows[1..]
            .iter()
            .filter_map(|r| split_csv(r).get(col).cloned())
            .filter(|f| !f.is_empty())
            .map(|f| Money::parse(&f).unwrap())
            .sum()
    };
    assert_eq!(sum(10), Money::parse("3075.00").unwrap());
    assert_eq!(sum(11), Money::parse("1797.80").unwrap());
}

/// Just enough of RFC 4180 to read back what careledger wrote.
fn split_csv(row: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            (c, _) => out.last_mut().unwrap().push(c),
        }
    }
    out
}

#[test]
fn monitoring_return_as_text_and_markdown() {
    let t = q2("text");
    for line in [
        "Monitoring return: Rosa Test (rosa)",
        "Period: 1 July 2026 to 30 September 2026 (quarter 2 of financial year 2026-27).",
        "Prepared on 15 October 2026.",
        "Council direct payment (social-care): Westdale Council, direct payment",
        "  Opening balance on 1 July 2026: £2,470.00.",
        "    Payments from Westdale Council: £2,900.00.",
        "    Client contributions: £100.00.",
        "    Refunds: £25.00.",
        "  Total money in: £3,025.00.",
        "    Stay at home: £1,200.00, 2 payments.",
        "      1 July 2026, Mary Jones, £600.00, PA wages, June, receipt R-0101.",
        "    Get out and about: £40.00, 1 payment.",
        "      5 August 2026, Cash machine, £40.00, no receipt.",
        "    Not linked to an outcome in the plan: £45.50, 1 payment.",
        "    Other money out (not spending): £100.00, 1 payment.",
        "  Total money out: £1,397.80.",
        "  Closing balance on 30 September 2026: £4,097.20.",
        "  Bank balance on 20 September 2026 (checked against the statement): £4,197.20. Difference from the closing balance: -£100.00, from entries after 20 September 2026.",
        "  Committed at the end of the period: £70.00 paid out by 28 October 2026 (1 payment); £4,027.20 is left after them.",
        "  Surplus: the balance left after committed money is £3,029.92 above the limit of 4 weeks of payments (£997.28, from £249.32 a week). The funder may ask for it back.",
        "  1 payment without a receipt reference.",
        "  Spending outside the plan: 3 payments (£157.80):",
        "    20 August 2026, Taxi, £12.30: the outcome \"gardening\" is not in the plan.",
        "  Spending in excluded categories: 1 payment (£40.00):",
        "    5 August 2026, Cash machine, £40.00: cash, which funders usually do not allow.",
        "NHS notional budget (nhs): NHS ICB, notional budget",
        "  Allocation not yet committed on 1 July 2026: £1,700.00.",
        "  Allocation for the plan period £2,000.00; committed before 1 July 2026: £300.00.",
        "  Total money in: £50.00.",
        "  Total money out: £400.00.",
        "  Allocation not yet committed on 30 September 2026: £1,350.00.",
        "  No bank balance: NHS ICB holds this money.",
        "Declaration",
        "Name: Rosa Test",
    ] {
        has(&t, line);
    }
    // Notional money never arrives, so it has no funder-payment line.
    assert_eq!(t.matches("Payments from").count(), 1, "{t}");

    let m = q2("md");
    for line in [
        "# Monitoring return: Rosa Test (rosa)",
        "## Council direct payment (social-care)",
        "| Opening balance on 1 July 2026 | £2,470.00 |",
        "| Payments from Westdale Council | £2,900.00 |",
        "| Client contributions | £100.00 |",
        "| Refunds | £25.00 |",
        "| Total money in | £3,025.00 |",
        "| Total money out | £1,397.80 |",
        "| Closing balance on 30 September 2026 | £4,097.20 |",
        "| Bank balance on 20 September 2026 | £4,197.20 |",
        "| Difference from the closing balance | -£100.00 |",
        "| Surplus limit (4 weeks) | £997.28 |",
        "| Above the surplus limit | £3,029.92 |",
        "#### Stay at home: £1,200.00, 2 payments",
        "| 12 August 2026 | Kit, Room & Co | trainers, size 9 | K-1 | £45.50 |",
        "| 5 August 2026 | Cash machine |  | none | £40.00 |",
        "**Spending outside the plan**: 3 payments (£157.80).",
        "**Spending in excluded categories**: 1 payment (£40.00).",
        "| Allocation not yet committed on 30 September 2026 | £1,350.00 |",
        "## Declaration",
    ] {
        has(&m, line);
    }
}

#[test]
fn presets_dates_streams_and_mistakes() {
    let ws = workspace();
    let ws = ws.path();
    let by_dates = ok(
        ws,
        &[
            "report",
            "monitoring",
            "--from",
            "2026-07-01",
            "--to",
            "2026-09-30",
            "--format",
            "json",
        ],
    );
    let by_dates: Value = serde_json::from_str(&by_dates).unwrap();
    let by_preset: Value = serde_json::from_str(&q2("json")).unwrap();
    assert_eq!(by_dates["streams"], by_preset["streams"]);
    assert_eq!(by_dates["period_label"], Value::Null);

    let one: Value = serde_json::from_str(&ok(
        ws,
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q2",
            "--stream",
            "nhs",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(one["streams"].as_array().unwrap().len(), 1);
    assert_eq!(one["streams"][0]["closing_balance"], "1350.00");

    // The whole financial year: the £200.00 carried over on 25 March, before 1 April, is
    // the opening balance.
    let fy: Value = serde_json::from_str(&ok(
        ws,
        &[
            "report",
            "monitoring",
            "--period",
            "fy2026",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(fy["streams"][0]["opening_balance"], "200.00");
    assert_eq!(fy["to"], "2027-03-31");

    let e = fails(
        ws,
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q2",
            "--stream",
            "education",
        ],
    );
    assert!(
        e.contains("no funding stream \"education\"") && e.contains("social-care, nhs"),
        "{e}"
    );
    let e = fails(
        ws,
        &[
            "report",
            "monitoring",
            "--from",
            "2026-09-30",
            "--to",
            "2026-07-01",
        ],
    );
    assert!(e.contains("give a --from on or before --to"), "{e}");
    let e = fails(ws, &["report", "monitoring", "--from", "2026-07-01"]);
    assert!(e.contains("--to DATE"), "{e}");
    let e = fails(ws, &["report", "monitoring"]);
    assert!(e.contains("--period fy2026"), "{e}");
    let e = fails(ws, &["report", "monitoring", "--period", "2026-q5"]);
    assert!(e.contains("q1 is April to June"), "{e}");
}

#[test]
fn saving_to_a_file_never_overwrites_without_force() {
    let ws = workspace();
    let ws = ws.path();
    let file = ws.join("return.csv");
    let file_s = file.to_str().unwrap();
    let mut args = Q2.to_vec();
    args.extend(["--format", "csv", "--output", file_s]);
    let said = ok(ws, &args);
    assert!(said.contains("saved to"), "{said}");
    assert_eq!(fs::read_to_string(&file).unwrap(), q2("csv"));
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );

    fs::write(&file, "keep me").unwrap();
    let e = fails(ws, &args);
    assert!(e.contains("already exists") && e.contains("--force"), "{e}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");

    args.push("--force");
    ok(ws, &args);
    assert_eq!(fs::read_to_string(&file).unwrap(), q2("csv"));

    let missing = ws.join("no-such-folder").join("r.txt");
    let e = fails(
        ws,
        &["report", "review", "--output", missing.to_str().unwrap()],
    );
    assert!(e.contains("does not exist"), "{e}");
}

// ---------------------------------------------------------------------------------------
// hledger agrees
// ---------------------------------------------------------------------------------------

fn hledger() -> Option<PathBuf> {
    let found = ["/usr/bin/hledger", "/usr/local/bin/hledger"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| {
            std::env::split_paths(&std::env::var_os("PATH")?)
                .map(|d| d.join("hledger"))
                .find(|p| p.is_file())
        });
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    match found {
        Some(p) => Some(p),
        None if ci => panic!("hledger is not installed but CI is set; install hledger"),
        None => {
            eprintln!("SKIPPED: hledger not installed (monitoring return cross-check)");
            None
        }
    }
}

/// The balance hledger reports for one account with these extra arguments.
fn hledger_balance(hledger: &Path, journal: &Path, account: &str, args: &[&str]) -> Money {
    let out = Command::new(hledger)
        .args([
            "-f",
            journal.to_str().unwrap(),
            "bal",
            account,
            "-O",
            "csv",
            "-N",
        ])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hledger failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains(&format!("\"{account}\"")))
        .unwrap_or("\"\",\"0\"");
    let amount = split_csv(row).pop().unwrap();
    Money::parse(&amount).unwrap_or_else(|e| panic!("hledger said {amount:?}: {e}"))
}

#[test]
fn hledger_bal_agrees_with_opening_and_closing_balances() {
    let Some(hledger) = hledger() else { return };
    let ws = workspace();
    let journal = ws.path().join("holders/rosa/ledger.journal");
    let v: Value = serde_json::from_str(&q2("json")).unwrap();
    let money = |x: &Value| Money::parse(x.as_str().unwrap()).unwrap();
    let (from, after) = ("2026-07-01", "2026-10-01"); // -e is exclusive: the day after --to

    let sc = &v["streams"][0];
    let account = "assets:direct-payment:social-care";
    let opening = hledger_balance(&hledger, &journal, account, &["-e", from]);
    assert_eq!(opening, money(&sc["opening_balance"]));
    assert_eq!(opening, Money::parse("2470.00").unwrap());
    let change = hledger_balance(&hledger, &journal, account, &["-b", from, "-e", after]);
    assert_eq!(change, money(&sc["total_in"]) - money(&sc["total_out"]));
    let closing = hledger_balance(
        &hledger,
        &journal,
        account,
        &["-H", "-b", from, "-e", after],
    );
    assert_eq!(closing, money(&sc["closing_balance"]));
    assert_eq!(closing, Money::parse("4097.20").unwrap());

    // Notional money: the account holds what was committed (negative); the return shows the
    // allocation left, so allocation + hledger's balance = the return's figure.
    let nhs = &v["streams"][1];
    let allocation = money(&nhs["commitments"]["allocation"]);
    let account = "assets:notional:nhs";
    let opening = hledger_balance(&hledger, &journal, account, &["-e", from]);
    assert_eq!(allocation + opening, money(&nhs["opening_balance"]));
    let closing = hledger_balance(
        &hledger,
        &journal,
        account,
        &["-H", "-b", from, "-e", after],
    );
    assert_eq!(allocation + closing, money(&nhs["closing_balance"]));
}

// ---------------------------------------------------------------------------------------
// Expected payments and their alerts
// ---------------------------------------------------------------------------------------

/// Rosa's council payments are due 4-weekly from 1 April: 1 Apr, 29 Apr, 27 May, 24 Jun,
/// 22 Jul, 19 Aug, 16 Sep, 14 Oct, then 11 Nov to 3 Mar (13 in all; the 14th, on 31 March
/// 2027, pays for the next year and is not listed). As of 15 October:
/// - 16 September: £900.00 arrived against £1,000.00: short by £100.00.
/// - 19 August: the £50.00 contribution never came (the next one, 17 September, is 29 days
///   on, outside the 14-day window, and is the 16 September one): late.
/// - Everything else up to 14 October arrived; 11 November on is upcoming.
#[test]
fn expected_payments_show_a_late_and_a_short_payment() {
    let ws = workspace();
    let v: Value =
        serde_json::from_str(&ok(ws.path(), &["report", "expected", "--format", "json"])).unwrap();
    let payments = v["payments"].as_array().unwrap();
    assert_eq!(payments.len(), 26, "13 payments and 13 contributions");
    let status = |due: &str, source: &str| {
        payments
            .iter()
            .find(|p| p["due"] == due && p["source"] == source)
            .unwrap_or_else(|| panic!("no {source} due {due}"))
    };
    let short = status("2026-09-16", "funder");
    assert_eq!(short["status"], "short");
    assert_eq!(short["received"]["amount"], "900.00");
    assert_eq!(short["difference"], "-100.00");
    assert_eq!(
        status("2026-08-19", "client-contribution")["status"],
        "late"
    );
    assert_eq!(
        status("2026-07-22", "client-contribution")["status"],
        "received"
    );
    assert_eq!(
        status("2026-09-16", "client-contribution")["received"]["date"],
        "2026-09-17"
    );
    assert_eq!(status("2026-10-14", "funder")["status"], "received");
    assert_eq!(status("2026-11-11", "funder")["status"], "upcoming");
    assert_eq!(payments.last().unwrap()["due"], "2027-03-03");
    let count = |s: &str| payments.iter().filter(|p| p["status"] == s).count();
    assert_eq!(
        (count("received"), count("short"), count("late")),
        (14, 1, 1)
    );
    assert_eq!(v["unmatched"].as_array().unwrap().len(), 0);
    assert_eq!(v["not_watched"][0], "nhs");

    let t = ok(ws.path(), &["report", "expected"]);
    has(
        &t,
        "  16 September 2026, £1,000.00 from Westdale Council: £100.00 short: £900.00 received on 16 September 2026.",
    );
    has(
        &t,
        "  19 August 2026, £50.00 client contribution: late: nothing received.",
    );
    let csv = ok(ws.path(), &["report", "expected", "--format", "csv"]);
    assert!(csv.contains(
        "\r\nsocial-care,funder,Westdale Council,2026-09-16,1000.00,short,2026-09-16,900.00,-100.00\r\n"
    ));

    // The summary's alerts say the same in words.
    let s: Value = serde_json::from_str(&ok(ws.path(), &["summary", "--format", "json"])).unwrap();
    let alerts = s["holders"][0]["alerts"].as_array().unwrap();
    let find = |kind: &str| {
        alerts
            .iter()
            .find(|a| a["kind"] == kind)
            .unwrap_or_else(|| panic!("no {kind} alert in {alerts:?}"))
    };
    assert_eq!(
        find("short-payment")["message"],
        "Westdale Council's payment of £1,000.00 due on 16 September 2026 came in £100.00 short: £900.00 arrived on 16 September 2026."
    );
    assert_eq!(
        find("late-payment")["message"],
        "The client contribution of £50.00 due on 19 August 2026 has not been paid into the Council direct payment account."
    );
}

#[test]
fn demo_holder_ann_has_every_payment_so_far() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("demo");
    let out = Command::new(CARELEDGER)
        .args(["demo", "--to", ws.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = Command::new(CARELEDGER)
        .arg("--data")
        .arg(&ws)
        .args([
            "--holder", "ann", "--today", TODAY, "report", "expected", "--format", "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let payments = v["payments"].as_array().unwrap();
    // 13 council payments of £1,760.00 and 13 contributions of £154.00; by 15 October the
    // eighth pair (14 October) has arrived.
    assert_eq!(payments.len(), 26);
    let count = |s: &str| payments.iter().filter(|p| p["status"] == s).count();
    assert_eq!((count("received"), count("upcoming")), (16, 10));
    assert_eq!(payments[0]["amount"], "1760.00");
    assert_eq!(payments[1]["amount"], "154.00");
}

#[test]
fn review_summary_lists_what_the_money_bought() {
    let ws = workspace();
    let v: Value =
        serde_json::from_str(&ok(ws.path(), &["report", "review", "--format", "json"])).unwrap();
    let home = &v["outcomes"][0];
    assert_eq!(home["id"], "home");
    assert_eq!(home["allocated"], "13000.00");
    // Spent by 15 October: PA wages 400 + 1,500 + 600 + 600 + 70, therapy 300 + 400 - 50,
    // less the £25 refund = 3,795.00.
    assert_eq!(home["spent"], "3795.00");
    let mary = &home["bought"][0];
    assert_eq!(mary["payee"], "Mary Jones");
    assert_eq!(mary["count"], 5);
    assert_eq!(mary["total"], "3170.00");
    assert_eq!(mary["notes"][0], "PA wages, April");
    let not_linked = &v["not_linked"];
    assert_eq!(not_linked["spent"], "57.80"); // 45.50 + 12.30
    let t = ok(ws.path(), &["report", "review"]);
    has(&t, "1. Stay at home (home)");
    has(
        &t,
        "   Allocated £13,000.00; spent £3,795.00 (29% used); remaining £9,205.00.",
    );
    has(&t, "     Mary Jones: £3,170.00, 5 payments (pa-wages).");
}

/// Asked for a page, the expected payments table names the formats it does have, CSV among
/// them (the review's command line offers no page at all; the app's form can ask for one).
#[test]
fn a_format_only_the_return_has_is_refused_naming_the_tables_own_formats() {
    let ws = workspace();
    let said = fails(ws.path(), &["report", "expected", "--format", "html"]);
    assert!(
        said.contains("Choose text, Markdown, CSV or JSON"),
        "{said}"
    );
    // And CSV is indeed one of them.
    let csv = ok(ws.path(), &["report", "expected", "--format", "csv"]);
    assert!(csv.starts_with("stream,source,from,due"), "{csv}");
}
