//! Kinds of money in recorded with `add --money-in --kind`: a refund lowers its outcome's
//! spending and is a refund in the monitoring return, a contribution is a contribution,
//! other income is other, none of them is taken as the funder's payment, and hledger agrees.
//! Every figure is worked out by hand here.

mod support;

use support::{Ws, hledger_agrees, m};

fn json(ws: &Ws, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ws.ok(args)).unwrap()
}

fn money(v: &serde_json::Value) -> careledger::core::money::Money {
    m(v.as_str().unwrap_or_else(|| panic!("not money: {v}")))
}

/// The fixture's journal: £250.00 carried over on 31 March, £30.00 on get-out (lunch club)
/// on 8 April. The plan's council pays £1,200.00 every 4 weeks from 1 April.
fn record_each_kind(ws: &Ws, with_funder: bool) {
    if with_funder {
        ws.ok(&[
            "add",
            "--money-in",
            "--kind",
            "funder",
            "--date",
            "2026-04-01",
            "--payee",
            "Westdale Borough Council",
            "--amount",
            "1200",
        ]);
    }
    ws.ok(&[
        "add",
        "--date",
        "2026-04-10",
        "--payee",
        "Dalesway Taxis",
        "--amount",
        "40",
        "--outcome",
        "get-out",
        "--category",
        "travel",
        "--receipt",
        "T-1",
    ]);
    // All three inside the window the 1 April payment is matched in (25 March to 15 April).
    ws.ok(&[
        "add",
        "--money-in",
        "--kind",
        "refund",
        "--date",
        "2026-04-12",
        "--payee",
        "Dalesway Taxis",
        "--amount",
        "15",
        "--outcome",
        "get-out",
        "--category",
        "travel",
    ]);
    ws.ok(&[
        "add",
        "--money-in",
        "--contribution",
        "--date",
        "2026-04-03",
        "--payee",
        "Pat Fielding",
        "--amount",
        "50",
    ]);
    ws.ok(&[
        "add",
        "--money-in",
        "--kind",
        "other",
        "--date",
        "2026-04-02",
        "--payee",
        "Bank",
        "--amount",
        "2.50",
    ]);
}

#[test]
fn each_kind_is_written_as_its_own_accounts() {
    let ws = Ws::new();
    record_each_kind(&ws, true);
    let text = ws.journal_text();
    assert!(
        text.contains(
            "2026-04-12 Dalesway Taxis\n    ; outcome: get-out\n    ; stream: social-care\n    \
             assets:direct-payment:social-care       £15.00\n    expenses:travel                         £-15.00\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("£50.00\n    income:client-contribution\n"),
        "{text}"
    );
    assert!(text.contains("£2.50\n    income:other\n"), "{text}");
    assert!(
        text.contains("£1200.00\n    income:social-care\n"),
        "{text}"
    );
    hledger_agrees(&ws, "kinds of money in");
}

#[test]
fn a_refund_lowers_its_outcomes_spending_and_is_a_refund_in_the_return() {
    let ws = Ws::new();
    record_each_kind(&ws, true);
    let summary = json(&ws, &["summary", "--format", "json"]);
    let h = &summary["holders"][0];
    let get_out = h["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "get-out")
        .unwrap();
    // 30.00 lunch club + 40.00 taxi - 15.00 refund.
    assert_eq!(money(&get_out["spent"]), m("55.00"));
    let s = &h["streams"][0];
    assert_eq!(money(&s["spent"]), m("55.00"));
    // 250.00 + 1200.00 - 30.00 - 40.00 + 15.00 + 50.00 + 2.50.
    assert_eq!(money(&s["balance"]), m("1447.50"));
    assert_eq!(money(&s["contributions"]), m("50.00"));

    let ret = json(
        &ws,
        &[
            "report",
            "monitoring",
            "--from",
            "2026-04-01",
            "--to",
            "2026-04-30",
            "--format",
            "json",
        ],
    );
    let st = &ret["streams"][0];
    let mi = &st["money_in"];
    assert_eq!(money(&mi["funder_payments"]), m("1200.00"));
    assert_eq!(money(&mi["client_contributions"]), m("50.00"));
    assert_eq!(money(&mi["refunds"]), m("15.00"));
    assert_eq!(money(&mi["other"]), m("2.50"));
    // 1200.00 + 50.00 + 15.00 + 2.50 in; 30.00 + 40.00 out.
    assert_eq!(money(&st["total_in"]), m("1267.50"));
    assert_eq!(money(&st["total_out"]), m("70.00"));
    assert_eq!(money(&st["opening_balance"]), m("250.00"));
    assert_eq!(money(&st["closing_balance"]), m("1447.50"));
    hledger_agrees(&ws, "a refund in the return");
}

#[test]
fn no_kind_but_the_funders_is_taken_as_the_funders_payment() {
    let ws = Ws::new();
    record_each_kind(&ws, false);
    let summary = json(&ws, &["summary", "--format", "json"]);
    let alerts = summary["holders"][0]["alerts"].as_array().unwrap();
    assert!(
        alerts.iter().any(|a| a["kind"] == "late-payment"
            && a["message"]
                .as_str()
                .unwrap()
                .contains("Westdale Borough Council's payment of £1,200.00 due on 1 April 2026 has not arrived")),
        "{alerts:?}"
    );
    let ret = json(
        &ws,
        &[
            "report",
            "monitoring",
            "--from",
            "2026-04-01",
            "--to",
            "2026-04-30",
            "--format",
            "json",
        ],
    );
    let mi = &ret["streams"][0]["money_in"];
    assert_eq!(money(&mi["funder_payments"]), m("0.00"));
    assert_eq!(money(&mi["refunds"]), m("15.00"));
    assert_eq!(money(&mi["other"]), m("2.50"));
}

#[test]
fn a_refund_needs_an_outcome_and_contribution_is_a_kind() {
    let ws = Ws::new();
    let out = ws.run(&[
        "add",
        "--money-in",
        "--kind",
        "refund",
        "--date",
        "2026-04-12",
        "--payee",
        "Shop",
        "--amount",
        "15",
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--outcome"));
    ws.ok(&[
        "add",
        "--money-in",
        "--kind",
        "contribution",
        "--date",
        "2026-04-03",
        "--payee",
        "Pat",
        "--amount",
        "50",
    ]);
    assert!(
        ws.journal_text()
            .contains("£50.00\n    income:client-contribution\n")
    );
    let both = ws.run(&[
        "add",
        "--money-in",
        "--contribution",
        "--kind",
        "refund",
        "--payee",
        "Pat",
        "--amount",
        "5",
    ]);
    assert!(!both.status.success());
}
