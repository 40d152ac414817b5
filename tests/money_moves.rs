//! Money as it really moves: a payment split across outcomes and categories, a payee's usual
//! category, reversals that can be made once. Every figure is worked out by hand here and
//! cross-checked with hledger, which reads a split entry's posting-level `outcome:` tags the
//! same way.
//!
//! The fixture (Pat): £250.00 carried over on 31 March, £30.00 to the lunch club for get-out
//! on 8 April; the council pays £1,200.00 every 4 weeks from 1 April. Today is 30 April.

mod support;

use careledger::core::money::Money;
use support::{Ws, hledger, hledger_agrees, hledger_total, m};

fn json(ws: &Ws, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ws.ok(args)).unwrap()
}

/// What the summary says was spent on each outcome.
fn spent(ws: &Ws, outcome: &str) -> Money {
    let v = json(ws, &["summary", "--format", "json"]);
    let o = v["holders"][0]["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == outcome)
        .unwrap_or_else(|| panic!("no outcome {outcome}"))
        .clone();
    m(o["spent"].as_str().unwrap())
}

/// hledger's spending on an outcome, read from its posting-level tags.
fn hledger_spent(ws: &Ws, outcome: &str) -> Option<Money> {
    let h = hledger("money_moves")?;
    let tag = format!("tag:outcome={outcome}");
    Some(hledger_total(&h, &ws.journal_path(), &["expenses", &tag]))
}

fn payroll(ws: &Ws, lines: &[&str]) -> String {
    let mut args = vec![
        "add",
        "--date",
        "2026-04-24",
        "--payee",
        "Keystone Payroll",
        "--amount",
        "530.00",
        "--receipt",
        "KP-1",
    ];
    for l in lines {
        args.extend(["--split", l]);
    }
    ws.ok(&args)
}

#[test]
fn a_split_payment_raises_each_outcome_by_its_line_and_hledger_agrees() {
    let ws = Ws::new();
    let out = payroll(
        &ws,
        &["stay-at-home:500.00:pa-wages", "get-out:30.00:payroll-fee"],
    );
    assert!(out.contains("Keystone Payroll £530.00"), "{out}");
    assert!(
        out.contains("£500.00 for stay-at-home, category pa-wages"),
        "{out}"
    );
    // One entry: the journal gained one transaction of three postings.
    let j = ws.journal();
    let tx = j.transactions().last().unwrap();
    assert_eq!(j.postings(tx).len(), 3);
    // stay-at-home: £500.00. get-out: the lunch club's £30.00 and this £30.00.
    assert_eq!(spent(&ws, "stay-at-home"), m("500.00"));
    assert_eq!(spent(&ws, "get-out"), m("60.00"));
    if let Some(h) = hledger_spent(&ws, "stay-at-home") {
        assert_eq!(h, m("500.00"));
        assert_eq!(hledger_spent(&ws, "get-out"), Some(m("60.00")));
    }
    // £250.00 - £30.00 - £530.00.
    assert_eq!(ws.summary_balance(), m("-310.00"));
    hledger_agrees(&ws, "split payment");

    // The list shows its lines, and a filter on either outcome finds it.
    let listed = json(&ws, &["list", "--format", "json", "--outcome", "get-out"]);
    let entry = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["payee"] == "Keystone Payroll")
        .expect("the split entry is for get-out too")
        .clone();
    assert_eq!(entry["amount"], "-530.00");
    assert!(
        entry["outcome"].is_null() && entry["category"].is_null(),
        "{entry}"
    );
    assert_eq!(entry["lines"][1]["outcome"], "get-out");
    assert_eq!(entry["lines"][1]["category"], "payroll-fee");
    assert_eq!(entry["lines"][1]["amount"], "30.00");
    let by_category = json(
        &ws,
        &["list", "--format", "json", "--category", "payroll-fee"],
    );
    assert_eq!(by_category.as_array().unwrap().len(), 1);

    // Edited: its lines change where they are written.
    let id = entry["id"].as_str().unwrap().to_string();
    ws.ok(&[
        "edit",
        &id,
        "--split",
        "stay-at-home:480.00:pa-wages",
        "--split",
        "get-out:50.00:payroll-fee",
    ]);
    assert_eq!(spent(&ws, "stay-at-home"), m("480.00"));
    assert_eq!(spent(&ws, "get-out"), m("80.00"));
    assert_eq!(
        hledger_spent(&ws, "get-out").unwrap_or(m("80.00")),
        m("80.00")
    );
    hledger_agrees(&ws, "edited split payment");

    // Reversed: both lines come off their outcomes.
    let id = ws.id_of(&[], Some("2026-04-24"), "Keystone Payroll");
    ws.ok(&["reverse", &id]);
    assert_eq!(spent(&ws, "stay-at-home"), m("0.00"));
    assert_eq!(spent(&ws, "get-out"), m("30.00"));
    assert_eq!(
        hledger_spent(&ws, "stay-at-home").unwrap_or_default(),
        Money::ZERO
    );
    hledger_agrees(&ws, "reversed split payment");
}

#[test]
fn split_lines_that_do_not_add_up_are_refused_and_nothing_is_written() {
    let ws = Ws::new();
    let before = ws.journal_text();
    let out = ws.run(&[
        "add",
        "--date",
        "2026-04-24",
        "--payee",
        "Keystone Payroll",
        "--amount",
        "530.00",
        "--split",
        "stay-at-home:500.00:pa-wages",
        "--split",
        "get-out:20.00:payroll-fee",
    ]);
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("--split: The lines add up to £520.00, £10.00 short of the amount £530.00"),
        "{said}"
    );
    assert!(said.contains("Nothing was written."), "{said}");
    assert_eq!(ws.journal_text(), before);
}

#[test]
fn a_payment_with_no_category_takes_the_payees_usual_one() {
    let ws = Ws::new();
    let add = |amount: &str, category: Option<&str>| {
        let mut args = vec![
            "add",
            "--date",
            "2026-04-20",
            "--payee",
            "Mary Jones",
            "--amount",
            amount,
            "--outcome",
            "stay-at-home",
        ];
        if let Some(c) = category {
            args.extend(["--category", c]);
        }
        ws.ok(&args)
    };
    add("120.00", Some("pa-wages"));
    // Same payee, typed in another case: the usual category, not the outcome's id.
    let out = ws.ok(&[
        "add",
        "--date",
        "2026-04-27",
        "--payee",
        "MARY JONES",
        "--amount",
        "130.00",
        "--outcome",
        "stay-at-home",
    ]);
    assert!(out.contains("Category: pa-wages."), "{out}");
    let text = ws.journal_text();
    assert_eq!(text.matches("expenses:pa-wages ").count(), 2, "{text}");
    assert!(!text.contains("expenses:stay-at-home"), "{text}");
    // A payee seen for the first time has none: the outcome's id, as before.
    ws.ok(&[
        "add",
        "--date",
        "2026-04-28",
        "--payee",
        "New Shop",
        "--amount",
        "5.00",
        "--outcome",
        "get-out",
    ]);
    assert!(ws.journal_text().contains("expenses:get-out "));
    hledger_agrees(&ws, "usual category");
}

#[test]
fn an_entry_is_reversed_once_and_a_reversal_is_not_reversed() {
    let ws = Ws::new();
    let id = ws.id_of(&[], Some("2026-04-08"), "Meadowbank Lunch Club");
    ws.ok(&["reverse", &id]);
    let before = ws.journal_text();
    let again = ws.run(&["reverse", &id]);
    assert!(!again.status.success());
    let said = String::from_utf8_lossy(&again.stderr).to_string()
        + &String::from_utf8_lossy(&again.stdout);
    assert!(
        said.contains("was already reversed on 2026-04-30"),
        "{said}"
    );
    // The reversal itself (dated today, 30 April).
    let listed = json(&ws, &["list", "--format", "json"]);
    let reversal = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["date"] == "2026-04-30")
        .unwrap()
        .clone();
    assert!(reversal["reverses"].as_str().unwrap().starts_with(&id));
    let r = ws.run(&["reverse", reversal["id"].as_str().unwrap()]);
    assert!(!r.status.success());
    let said = String::from_utf8_lossy(&r.stderr).to_string() + &String::from_utf8_lossy(&r.stdout);
    assert!(said.contains("a reversal is not reversed again"), "{said}");
    assert_eq!(ws.journal_text(), before, "nothing was written");
    // The two net out: get-out is back to nothing spent.
    assert_eq!(spent(&ws, "get-out"), m("0.00"));
}

fn monitoring(ws: &Ws, from: &str, to: &str) -> serde_json::Value {
    let v = json(
        ws,
        &[
            "report",
            "monitoring",
            "--from",
            from,
            "--to",
            to,
            "--format",
            "json",
        ],
    );
    v["streams"][0].clone()
}

fn items(stream: &serde_json::Value) -> Vec<(String, String, String)> {
    stream["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["payee"].as_str().unwrap().to_string(),
                i["amount"].as_str().unwrap().to_string(),
                i["outcome"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_reversal_nets_out_in_the_return_and_is_never_a_refund() {
    let ws = Ws::new();
    ws.ok(&[
        "add",
        "--date",
        "2026-04-10",
        "--payee",
        "Dalesway Taxis",
        "--amount",
        "40.00",
        "--outcome",
        "get-out",
        "--category",
        "travel",
        "--receipt",
        "T-1",
    ]);
    let id = ws.id_of(&[], Some("2026-04-10"), "Dalesway Taxis");
    ws.ok(&["reverse", &id]); // dated today, 30 April
    // April: the fare and its reversal are both in it, so neither is listed, and nothing
    // is a refund. Spending is the lunch club's £30.00 only; £250.00 opening, no money in,
    // so £220.00 closing.
    let april = monitoring(&ws, "2026-04-01", "2026-04-30");
    assert_eq!(
        items(&april),
        [(
            "Meadowbank Lunch Club".to_string(),
            "30.00".to_string(),
            "get-out".to_string()
        )]
    );
    assert_eq!(april["money_in"]["refunds"], "0.00");
    assert_eq!(april["total_in"], "0.00");
    assert_eq!(april["total_out"], "30.00");
    assert_eq!(april["opening_balance"], "250.00");
    assert_eq!(april["closing_balance"], "220.00");
    // 20 to 30 April: the fare was before it, so its reversal is listed as spending taken
    // back (-£40.00 for get-out), still not as a refund; £250 - £30 - £40 = £180.00 opening,
    // £220.00 closing.
    let late = monitoring(&ws, "2026-04-20", "2026-04-30");
    assert_eq!(
        items(&late),
        [(
            "Dalesway Taxis".to_string(),
            "-40.00".to_string(),
            "get-out".to_string()
        )]
    );
    assert_eq!(
        late["items"][0]["note"],
        "reversal of the entry of 2026-04-10"
    );
    assert_eq!(late["money_in"]["refunds"], "0.00");
    assert_eq!(late["opening_balance"], "180.00");
    assert_eq!(late["total_out"], "-40.00");
    assert_eq!(late["closing_balance"], "220.00");
    // hledger: the account holds £220.00 at the end of April.
    if let Some(h) = hledger("reversal in the return") {
        let bal = hledger_total(
            &h,
            &ws.journal_path(),
            &["assets:direct-payment:social-care", "-e", "2026-05-01"],
        );
        assert_eq!(bal, m("220.00"));
    }
}

#[test]
fn a_split_payment_is_listed_line_by_line_in_the_return() {
    let ws = Ws::new();
    payroll(
        &ws,
        &["stay-at-home:500.00:pa-wages", "get-out:30.00:payroll-fee"],
    );
    let april = monitoring(&ws, "2026-04-01", "2026-04-30");
    assert_eq!(
        items(&april),
        [
            (
                "Meadowbank Lunch Club".to_string(),
                "30.00".to_string(),
                "get-out".to_string()
            ),
            (
                "Keystone Payroll".to_string(),
                "500.00".to_string(),
                "stay-at-home".to_string()
            ),
            (
                "Keystone Payroll".to_string(),
                "30.00".to_string(),
                "get-out".to_string()
            ),
        ]
    );
    assert_eq!(april["items"][2]["category"], "payroll-fee");
    // £30.00 + £530.00 out of £250.00: -£310.00.
    assert_eq!(april["total_out"], "560.00");
    assert_eq!(april["closing_balance"], "-310.00");
}

/// An entry that has been reversed, and its reversal, are not edited: the reversal names
/// the entry by its ID, which an edit changes, so the two would stop netting out.
#[test]
fn a_reversed_entry_and_its_reversal_are_not_edited() {
    let ws = Ws::new();
    let id = ws.id_of(&[], Some("2026-04-08"), "Meadowbank Lunch Club");
    ws.ok(&["reverse", &id]);
    let before = ws.journal_text();
    let out = ws.run(&["edit", &id, "--amount", "35.00"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        said.contains("this entry was reversed on 2026-04-30")
            && said.contains("Nothing was written"),
        "{said}"
    );
    let reversal = ws.id_of(&[], Some("2026-04-30"), "Meadowbank Lunch Club");
    let out = ws.run(&["edit", &reversal, "--note", "typo"]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        said.contains("this entry is the reversal of the entry of 2026-04-08"),
        "{said}"
    );
    assert_eq!(ws.journal_text(), before);
    // Marking either cleared is not an edit of what it says: allowed.
    ws.ok(&["clear", &reversal]);
    assert_eq!(spent(&ws, "get-out"), m("0.00"));
}
