//! Dated changes to a stream (`[[streams.changes]]`) through the binary, on the demo's Ann:
//! from 1 November 2026 the council pays £1,900.00 every 4 weeks instead of £1,760.00. Every
//! figure is worked out by hand below; hledger checks the journal the test adds to.

mod support;

use std::fs;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::{CARELEDGER, demo_workspace, hledger, hledger_balances, m};

const CHANGE: &str =
    "client_contribution = \"154.00\"   # 38.50 a week, paid in by Ann every 4 weeks\n";
const WITH_CHANGE: &str = "client_contribution = \"154.00\"   # 38.50 a week, paid in by Ann every 4 weeks\n\n[[streams.changes]]\nfrom = 2026-11-01\namount = \"1900.00\"\nnote = \"Reassessed after the October review\"\n";

/// The council's and Ann's payments of 11 November and 9 December, at the new amount.
const NEW_PAYMENTS: &str = "
2026-11-11 * Westdale Borough Council | 4-weekly direct payment
    ; stream: social-care
    assets:direct-payment:social-care  £1900.00
    income:social-care

2026-11-11 * Ann Whitaker | Client contribution (4 weeks at £38.50)
    ; stream: social-care
    assets:direct-payment:social-care  £154.00
    income:client-contribution

2026-12-09 * Westdale Borough Council | 4-weekly direct payment
    ; stream: social-care
    assets:direct-payment:social-care  £1900.00
    income:social-care

2026-12-09 * Ann Whitaker | Client contribution (4 weeks at £38.50)
    ; stream: social-care
    assets:direct-payment:social-care  £154.00
    income:client-contribution
";

fn run(ws: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(CARELEDGER)
        .arg("--data")
        .arg(ws)
        .args(["--holder", "ann", "--today", "2026-12-20"])
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "careledger {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_dated_change_gives_the_budget_and_expected_payments_of_each_date() {
    let (_tmp, ws) = demo_workspace();
    let dir = ws.join("holders/ann");
    let plan = fs::read_to_string(dir.join("plan.toml")).unwrap();
    assert!(plan.contains(CHANGE));
    fs::write(dir.join("plan.toml"), plan.replace(CHANGE, WITH_CHANGE)).unwrap();
    let journal = dir.join("ledger.journal");
    let mut text = fs::read_to_string(&journal).unwrap();
    text.push_str(NEW_PAYMENTS);
    fs::write(&journal, &text).unwrap();

    let summary: Value = serde_json::from_str(&run(&ws, &["summary", "--format", "json"])).unwrap();
    let sc = &summary["holders"][0]["streams"][0];
    // 4-weekly from 1 April: 1 Apr, 29 Apr, 27 May, 24 Jun, 22 Jul, 19 Aug, 16 Sep, 14 Oct are
    // the 8 payments before 1 November, at £1,760.00; 11 Nov, 9 Dec, 6 Jan, 3 Feb, 3 Mar the
    // 5 after, at £1,900.00 (31 March funds next year). Ann's £154.00 comes with each of the 13.
    // 8 x (1760 + 154) + 5 x (1900 + 154) = 15,312.00 + 10,270.00 = 25,582.00
    assert_eq!(m(sc["budget"].as_str().unwrap()), m("25582.00"));
    // Expected by 20 December: the 10 payments to 9 December, 8 x 1914 + 2 x 2054.
    assert_eq!(m(sc["expected_to_date"].as_str().unwrap()), m("19420.00"));
    assert_eq!(sc["next_payment"]["date"], "2027-01-06");
    assert_eq!(
        m(sc["next_payment"]["amount"].as_str().unwrap()),
        m("1900.00")
    );
    let alerts = summary["holders"][0]["alerts"].as_array().unwrap();
    for a in alerts {
        let message = a["message"].as_str().unwrap();
        assert!(
            !message.contains("short") && !message.contains("late"),
            "a false alert: {message}"
        );
    }

    let expected: Value =
        serde_json::from_str(&run(&ws, &["report", "expected", "--format", "json"])).unwrap();
    let funder: Vec<(String, String, String)> = expected["payments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["source"] == "funder")
        .map(|p| {
            (
                p["due"].as_str().unwrap().to_string(),
                p["amount"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(funder.len(), 13);
    let at = |date: &str| funder.iter().find(|p| p.0 == date).unwrap().clone();
    assert_eq!(
        at("2026-10-14"),
        ("2026-10-14".into(), "1760.00".into(), "received".into())
    );
    assert_eq!(
        at("2026-11-11"),
        ("2026-11-11".into(), "1900.00".into(), "received".into())
    );
    assert_eq!(
        at("2026-12-09"),
        ("2026-12-09".into(), "1900.00".into(), "received".into())
    );
    assert_eq!(
        at("2027-01-06"),
        ("2027-01-06".into(), "1900.00".into(), "upcoming".into())
    );
    assert!(
        funder
            .iter()
            .all(|p| p.2 == "received" || p.2 == "upcoming"),
        "{funder:?}"
    );
    let total: careledger::core::money::Money = funder.iter().map(|p| m(&p.1)).sum();
    assert_eq!(total, m("23580.00")); // 8 x 1760 + 5 x 1900

    // What the funder paid in, by hledger: 8 x 1760 + 2 x 1900 into the account.
    if let Some(h) = hledger("dated change") {
        let b = hledger_balances(&h, &journal, None);
        assert_eq!(b["income:social-care"], m("-17880.00"));
    }
}

#[test]
fn a_change_that_changes_nothing_or_is_negative_is_refused_with_its_line() {
    let (_tmp, ws) = demo_workspace();
    let dir = ws.join("holders/ann");
    let plan = fs::read_to_string(dir.join("plan.toml")).unwrap();
    for (bad, says) in [
        (
            "[[streams.changes]]\nfrom = 2026-11-01\n",
            "changes nothing",
        ),
        (
            "[[streams.changes]]\nfrom = 2026-11-01\namount = \"-5\"\n",
            "negative",
        ),
        (
            "[[streams.changes]]\nfrom = 2026-03-01\namount = \"5\"\n",
            "before the stream's first payment",
        ),
    ] {
        fs::write(
            dir.join("plan.toml"),
            plan.replace(CHANGE, &format!("{CHANGE}{bad}")),
        )
        .unwrap();
        let out = Command::new(CARELEDGER)
            .arg("--data")
            .arg(&ws)
            .args(["--holder", "ann", "check"])
            .env_remove("CARELEDGER_DATA")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned()
            + &String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success());
        assert!(err.contains("plan.toml:4"), "{err}");
        assert!(err.contains(says), "{says}: {err}");
    }
}
