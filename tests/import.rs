//! `careledger import` through the binary: every shipped layout, duplicates (re-runs,
//! overlapping statements, payments entered by hand), payee rules, bad rows refused with
//! their line and nothing written, and the closing balance as a check hledger accepts.

mod support;

use std::fs;

use careledger::core::journal::{Journal, check_assertions};
use support::{ASSET, Ws, fixture, hledger, hledger_agrees, hledger_balances, m};

/// The layouts in tests/fixtures/import that carry a balance column: the same April
/// statement as each bank or card would export it.
const LAYOUTS: &[(&str, &str)] = &[
    ("generic.csv", "Date,Description,Amount"),
    ("paid-out-paid-in.csv", "paid-out-paid-in"),
    ("debit-credit.csv", "debit-credit"),
    ("building-society.csv", "building-society"),
    ("prepaid-card.csv", "prepaid-card"),
];

fn import(ws: &Ws, file: &str) -> String {
    ws.ok(&["import", fixture(file).to_str().unwrap()])
}

fn asset_balance(j: &Journal) -> careledger::core::money::Money {
    support::account_balance(j, ASSET)
}

#[test]
fn every_layout_imports_the_same_entries_and_hledger_agrees() {
    let mut first: Option<String> = None;
    for (file, layout) in LAYOUTS {
        let ws = Ws::new();
        let before = ws.journal_text();
        let out = import(&ws, file);
        assert!(out.contains(&format!("(layout {layout})")), "{file}: {out}");
        assert!(
            out.contains("7 rows from 2026-04-01 to 2026-04-20"),
            "{file}: {out}"
        );
        assert!(
            out.contains("Adding 6 entries and the closing balance check"),
            "{file}: {out}"
        );
        let after = ws.journal_text();
        assert!(after.starts_with(&before), "{file}: existing bytes moved");
        let j = ws.journal();
        assert_eq!(j.transactions().len(), 2 + 6 + 1, "{file}:\n{after}");
        assert!(check_assertions(std::slice::from_ref(&j)).is_empty());
        assert_eq!(asset_balance(&j), m("1168.90"), "{file}");
        // Refs hash the date, amount and description, so every layout writes the same text.
        match &first {
            None => first = Some(after.clone()),
            Some(f) => assert_eq!(&after, f, "{file} wrote different entries"),
        }
        hledger_agrees(&ws, file);
        assert_eq!(ws.summary_balance(), m("1168.90"), "{file}");
    }
}

#[test]
fn the_closing_balance_check_passes_hledger_check_and_matches_hledger_bal() {
    let ws = Ws::new();
    import(&ws, "generic.csv");
    let text = ws.journal_text();
    assert!(
        text.ends_with(
            "2026-04-20 * Bank statement | closing balance\n    ; stream: social-care\n    ; bankref: 264d3353da280f9f\n    assets:direct-payment:social-care       £0.00 = £1168.90\n    assets:direct-payment:social-care       £0.00\n"
        ),
        "{text}"
    );
    let Some(h) = hledger("closing balance check") else {
        return;
    };
    support::hledger_check(&h, &ws.journal_path());
    let at_close = hledger_balances(&h, &ws.journal_path(), Some("2026-04-21"));
    assert_eq!(at_close.get(ASSET), Some(&m("1168.90")));
    // hledger itself refuses the file if the assertion is made false.
    let broken = ws.file("broken.journal", &text.replace("= £1168.90", "= £1168.91"));
    let out = std::process::Command::new(&h)
        .args(["-f", broken.to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "hledger should check the assertion");
}

#[test]
fn a_statement_with_no_balance_column_and_day_first_dates_imports_without_a_check() {
    let ws = Ws::new();
    let out = import(&ws, "generic-no-balance.csv");
    assert!(out.contains("Adding 6 entries:"), "{out}");
    assert!(out.contains("no balance column"), "{out}");
    assert!(!ws.journal_text().contains(" = £"));
    assert_eq!(asset_balance(&ws.journal()), m("1168.90"));
    hledger_agrees(&ws, "no balance column");
}

#[test]
fn importing_the_same_file_twice_writes_nothing_the_second_time() {
    for (file, _) in LAYOUTS.iter().chain(&[("generic-no-balance.csv", "")]) {
        let ws = Ws::new();
        import(&ws, file);
        let once = fs::read(ws.journal_path()).unwrap();
        let out = import(&ws, file);
        assert_eq!(
            fs::read(ws.journal_path()).unwrap(),
            once,
            "{file}: the second import changed the journal"
        );
        assert!(out.contains("Nothing new to add"), "{file}: {out}");
        assert!(
            out.contains("Skipped, already imported (6)"),
            "{file}: {out}"
        );
        assert!(out.contains("Nothing was written."), "{file}: {out}");
    }
}

#[test]
fn an_overlapping_statement_adds_only_its_new_rows() {
    let ws = Ws::new();
    let full = fs::read_to_string(fixture("generic.csv")).unwrap();
    let first_part: Vec<&str> = full.lines().take(5).collect();
    let part = ws.file("part.csv", &(first_part.join("\n") + "\n"));
    let out = ws.ok(&["import", part.to_str().unwrap()]);
    assert!(
        out.contains("Adding 3 entries and the closing balance check"),
        "{out}"
    );
    let out = import(&ws, "generic.csv");
    assert!(out.contains("Skipped, already imported (3)"), "{out}");
    assert!(
        out.contains("Adding 3 entries and the closing balance check"),
        "{out}"
    );
    let j = ws.journal();
    assert_eq!(j.transactions().len(), 2 + 3 + 1 + 3 + 1);
    assert_eq!(asset_balance(&j), m("1168.90"));
    hledger_agrees(&ws, "overlapping statements");
}

#[test]
fn a_hand_entered_payment_is_matched_not_duplicated() {
    let ws = Ws::new();
    // A second hand entry with the taxi's amount and date but another payee: not the taxi.
    let mut text = ws.journal_text();
    text.push_str(
        "\n2026-04-12 Corner Shop\n    ; outcome: stay-at-home\n    expenses:lunch-club  £14.20\n    assets:direct-payment:social-care\n",
    );
    ws.write_journal(&text);
    let out = import(&ws, "generic.csv");
    assert!(
        out.contains(
            "Skipped, already entered by hand (same amount, within 2 days, similar payee) (1):\n  line 4: 2026-04-09 MEADOWBANK LUNCH CLUB -£30.00, entered as Meadowbank Lunch Club on 2026-04-08 (ledger.journal:13)"
        ),
        "{out}"
    );
    let j = ws.journal();
    let thirties = j
        .transactions()
        .iter()
        .filter(|t| {
            j.postings(t)
                .iter()
                .any(|p| j.account_name(p.account) == ASSET && p.amount == m("-30.00"))
        })
        .count();
    assert_eq!(thirties, 1, "the lunch club was entered twice");
    let taxis = j
        .transactions()
        .iter()
        .filter(|t| {
            j.postings(t)
                .iter()
                .any(|p| j.account_name(p.account) == ASSET && p.amount == m("-14.20"))
        })
        .count();
    assert_eq!(taxis, 2, "the shop is not the taxi");
    // The statement's closing balance now differs by the shop's £14.20: reported, not asserted.
    assert!(out.contains("a difference of £14.20"), "{out}");
    assert!(!ws.journal_text().contains(" = £"));
    hledger_agrees(&ws, "hand-entered payment");
}

#[test]
fn a_malformed_row_is_reported_with_its_line_and_the_journal_is_unchanged() {
    let ws = Ws::new();
    let before = fs::read(ws.journal_path()).unwrap();
    let file = fixture("malformed.csv");
    let out = ws.run(&["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let name = file.display().to_string();
    assert!(
        err.contains(&format!("{name}:4: \"2026-04-31\" is not a date")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}:6: this row has 5 fields but the header on line 1 has 4"
        )),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(fs::read(ws.journal_path()).unwrap(), before);
    // The preview refuses it the same way.
    let out = ws.run(&["import", "--preview", file.to_str().unwrap()]);
    assert!(!out.status.success());
    assert_eq!(fs::read(ws.journal_path()).unwrap(), before);
}

#[test]
fn preview_shows_a_table_of_the_rows_and_the_skipped_and_unassigned_ones() {
    let ws = Ws::new();
    let before = fs::read(ws.journal_path()).unwrap();
    let out = ws.ok(&[
        "import",
        "--preview",
        fixture("generic.csv").to_str().unwrap(),
    ]);
    assert_eq!(fs::read(ws.journal_path()).unwrap(), before);
    assert!(
        out.contains("Would add 6 entries and the closing balance check:"),
        "{out}"
    );
    // A table, not journal text: date, payee, amount, outcome, category and why.
    assert!(
        out.contains(
            "Date        Payee                         Amount  Outcome       Category          Why\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "2026-04-06  Mary Jones                  -£240.00  stay-at-home  pa-wages          payee rule \"mary jones\"\n"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "2026-04-15  TESCO STORES 2231            -£23.45  -             unassigned        not recognised; assign it after importing\n"
        ),
        "{out}"
    );
    assert!(!out.contains("bankref"), "{out}");
    assert!(out.contains("entered as Meadowbank Lunch Club"), "{out}");
    assert!(
        out.contains("Not recognised by any payee rule")
            && out.contains("line 6: 2026-04-15 TESCO STORES 2231 -£23.45")
            && out.contains("line 7: 2026-04-15 TESCO STORES 2231 -£23.45"),
        "{out}"
    );
    assert!(
        out.contains("would be recorded as a balance check"),
        "{out}"
    );
    assert!(
        out.ends_with("Preview only: nothing was written.\n"),
        "{out}"
    );
    // What the preview shows is what the import writes: each row of the table is an entry
    // with that date, payee, outcome and category.
    ws.ok(&["import", fixture("generic.csv").to_str().unwrap()]);
    let j = ws.journal();
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Date "))
        .skip(1)
        .take_while(|l| l.starts_with("2026-"))
        .collect();
    assert_eq!(table.len(), 6, "{out}");
    for row in table {
        let date = &row[..10];
        let found = j.transactions().iter().any(|t| {
            let category = j
                .postings(t)
                .iter()
                .find_map(|p| j.account_name(p.account).strip_prefix("expenses:"));
            t.date.to_string() == date
                && row.contains(j.payee(t))
                && row.contains(j.tag(t, "outcome").unwrap_or("-"))
                && category.is_none_or(|c| row.contains(c))
        });
        assert!(found, "preview showed what was not written: {row}");
    }
}

#[test]
fn payee_rules_and_recognised_payers_assign_entries() {
    let ws = Ws::new();
    import(&ws, "generic.csv");
    let j = ws.journal();
    let find = |payee: &str| {
        j.transactions()
            .iter()
            .find(|t| j.payee(t) == payee)
            .unwrap_or_else(|| panic!("no entry for {payee} in\n{}", j.text()))
    };
    let accounts = |t| -> Vec<String> {
        j.postings(t)
            .iter()
            .map(|p| j.account_name(p.account).to_string())
            .collect()
    };
    let wages = find("Mary Jones");
    assert_eq!(j.tag(wages, "outcome"), Some("stay-at-home"));
    assert_eq!(j.note(wages), Some("FPO MARY JONES REF PA WAGES"));
    assert_eq!(accounts(wages), ["expenses:pa-wages", ASSET]);
    let taxi = find("Dalesway Taxis");
    assert_eq!(j.tag(taxi, "outcome"), Some("get-out"));
    assert_eq!(accounts(taxi), ["expenses:travel", ASSET]);
    let council = find("Westdale Borough Council");
    assert_eq!(accounts(council), [ASSET, "income:social-care"]);
    let own = find("Pat Fielding");
    assert_eq!(accounts(own), [ASSET, "income:client-contribution"]);
    let shop = find("TESCO STORES 2231");
    assert_eq!(j.tag(shop, "outcome"), None);
    assert_eq!(accounts(shop), ["expenses:unassigned", ASSET]);
    for t in j.transactions().iter().skip(2) {
        assert_eq!(t.status, careledger::core::journal::Status::Cleared);
        assert!(j.tag(t, "bankref").is_some());
        assert_eq!(j.tag(t, "stream"), Some("social-care"));
    }
    // The dashboard keeps the unassigned spending in view.
    let summary = ws.ok(&["summary"]);
    assert!(
        summary.contains("2 payments (£46.90) were not linked to an outcome"),
        "{summary}"
    );
}

#[test]
fn a_bad_payee_rule_in_the_plan_is_refused_with_its_line() {
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan).unwrap()
        + "\n[[payee_rules]]\nmatch = \"tesco\"\noutcome = \"groceries\"\n";
    fs::write(&plan, &text).unwrap();
    let line = text.lines().count();
    let out = ws.run(&["import", fixture("generic.csv").to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("plan.toml:{line}:")) && err.contains("outcome \"groceries\""),
        "{err}"
    );
}

#[test]
fn a_workspace_profile_and_workspace_rules_come_from_careledger_toml() {
    let ws = Ws::new();
    fs::write(
        ws.root.join("careledger.toml"),
        "[import.profiles.my-card]\nabout = \"my card\"\ndate = \"When\"\ndate_format = \"%Y%m%d\"\n\
         description = \"Who\"\namount = \"How much\"\nmoney_out = \"positive\"\n\n\
         [[import.payee_rules]]\nmatch = \"tesco\"\npayee = \"Tesco\"\noutcome = \"stay-at-home\"\ncategory = \"groceries\"\n\n\
         [[import.payee_rules]]\nmatch = \"asda\"\noutcome = \"no-such-outcome\"\n",
    )
    .unwrap();
    let csv = ws.file(
        "card.csv",
        "When,Who,How much\n20260402,TESCO EXTRA,12.00\n20260403,ASDA,3.00\n20260404,REFUND,-1.50\n",
    );
    let out = ws.ok(&["import", "--profile", "my-card", csv.to_str().unwrap()]);
    assert!(out.contains("(layout my-card)"), "{out}");
    assert!(
        out.contains("no-such-outcome") && out.contains("the rule was not used"),
        "{out}"
    );
    let j = ws.journal();
    let tesco = j
        .transactions()
        .iter()
        .find(|t| j.payee(t) == "Tesco")
        .unwrap();
    assert_eq!(j.tag(tesco, "outcome"), Some("stay-at-home"));
    assert_eq!(
        j.postings(tesco)[0].amount,
        m("12.00"),
        "money out shown positive on this card"
    );
    let refund = j
        .transactions()
        .iter()
        .find(|t| j.payee(t) == "REFUND")
        .unwrap();
    assert_eq!(j.postings(refund)[0].amount, m("1.50"));
    hledger_agrees(&ws, "workspace profile");

    let out = ws.run(&["import", "--profile", "nope", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no import profile or bank \"nope\"") && err.contains("my-card"),
        "{err}"
    );
}

#[test]
fn an_unknown_layout_is_refused_with_what_to_do() {
    let ws = Ws::new();
    let before = fs::read(ws.journal_path()).unwrap();
    let csv = ws.file("odd.csv", "Posted,Narrative,Value\n2026-04-02,X,1.00\n");
    let out = ws.run(&["import", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("odd.csv:1: careledger does not know this layout"),
        "{err}"
    );
    assert!(err.contains("[import.profiles.NAME]"), "{err}");
    assert_eq!(fs::read(ws.journal_path()).unwrap(), before);
}

#[test]
fn rows_before_a_balance_checked_against_the_bank_are_refused_whole() {
    let ws = Ws::new();
    import(&ws, "generic.csv");
    let before = fs::read(ws.journal_path()).unwrap();
    // A forgotten payment from before the checked closing balance would break it.
    let late = ws.file(
        "late.csv",
        "Date,Description,Amount\n2026-04-10,POST OFFICE,-5.00\n",
    );
    let out = ws.run(&["import", late.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("balance that was checked against the bank"),
        "{err}"
    );
    assert_eq!(fs::read(ws.journal_path()).unwrap(), before);
}

#[test]
fn a_statement_in_windows_1252_is_read_with_its_pound_signs() {
    let ws = Ws::new();
    let mut bytes = b"Date,Type,Description,Paid out,Paid in,Balance\r\n".to_vec();
    bytes.extend_from_slice(b"02/04/2026,DEB,CAF\xc9 NERO,\xa312.00,,\xa3238.00\r\n");
    let csv = ws.root.parent().unwrap().join("cp1252.csv");
    fs::write(&csv, bytes).unwrap();
    let out = ws.ok(&["import", csv.to_str().unwrap()]);
    assert!(out.contains("read as Windows-1252"), "{out}");
    assert!(ws.journal_text().contains("2026-04-02 * CAFÉ NERO"));
    assert!(ws.journal_text().contains("£0.00 = £238.00"));
    hledger_agrees(&ws, "Windows-1252 statement");
}

/// A row that names a payee the records know gets that payee's name, outcome and category,
/// and says which entry it followed; a shared place name is not enough; a cash withdrawal
/// goes to the cash category, which the dashboard flags.
#[test]
fn rows_follow_the_earlier_entry_for_their_payee_but_not_a_shared_place_name() {
    let ws = Ws::new();
    for (date, payee, amount, outcome, category) in [
        (
            "2026-04-10",
            "Tomasz Nowak",
            "105.60",
            "stay-at-home",
            "pa-wages",
        ),
        (
            "2026-04-11",
            "Anytown Theatre",
            "18.00",
            "get-out",
            "activities",
        ),
    ] {
        ws.ok(&[
            "add",
            "--date",
            date,
            "--payee",
            payee,
            "--amount",
            amount,
            "--outcome",
            outcome,
            "--category",
            category,
            "--receipt",
            "R",
        ]);
    }
    let statement = ws.file(
        "oct.csv",
        "Date,Description,Amount\n\
         2026-04-20,FP T NOWAK 13/10/26 REF 88123,-105.60\n\
         2026-04-21,TESCO ANYTOWN,-12.40\n\
         2026-04-22,LNK ANYTOWN HIGH ST,-20.00\n",
    );
    let out = ws.ok(&["import", "--preview", statement.to_str().unwrap()]);
    // The table's rows, with runs of spaces as one.
    let rows: Vec<String> = out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for want in [
        "2026-04-20 Tomasz Nowak -£105.60 stay-at-home pa-wages as the entry of 2026-04-10 to Tomasz Nowak",
        "2026-04-21 TESCO ANYTOWN -£12.40 - unassigned not recognised; assign it after importing",
        "2026-04-22 Cash withdrawal -£20.00 - cash a cash withdrawal: funders ask what cash was for",
    ] {
        assert!(rows.iter().any(|r| r == want), "no row {want:?} in\n{out}");
    }
    // The theatre is not offered as a hint for the supermarket that shares its town.
    assert!(!out.contains("Anytown Theatre"), "{out}");
    ws.ok(&["import", statement.to_str().unwrap()]);
    let j = ws.journal();
    let by = |payee: &str| {
        j.transactions()
            .iter()
            .rfind(|t| j.payee(t) == payee)
            .unwrap_or_else(|| panic!("no {payee}"))
    };
    let wages = by("Tomasz Nowak");
    assert_eq!(j.tag(wages, "outcome"), Some("stay-at-home"));
    assert_eq!(j.note(wages), Some("FP T NOWAK 13/10/26 REF 88123"));
    let cash = by("Cash withdrawal");
    assert_eq!(j.note(cash), Some("LNK ANYTOWN HIGH ST"));
    assert!(
        j.postings(cash)
            .iter()
            .any(|p| j.account_name(p.account) == "expenses:cash")
    );
    // Nothing was put against the theatre's outcome but the theatre: £18.00.
    // The cash is flagged as spending funders usually do not allow: £20.00, one payment.
    let summary = ws.ok(&["summary"]);
    assert!(
        summary.contains("1 payment (£20.00) was for cash, which funders usually do not allow"),
        "{summary}"
    );
    support::hledger_agrees(&ws, "import following earlier entries");
}

/// A payee rule can say money in is other income (interest, a one-off grant): it goes to
/// income:other, never to the funder's payments.
#[test]
fn a_payee_rule_can_record_money_in_as_other_income() {
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan).unwrap()
        + "\n[[payee_rules]]\nmatch = \"interest\"\npayee = \"Bank interest\"\nincome = \"other\"\n";
    fs::write(&plan, text).unwrap();
    let statement = ws.file(
        "interest.csv",
        "Date,Description,Amount\n2026-04-30,INTEREST PAID GROSS,1.23\n",
    );
    let out = ws.ok(&["import", statement.to_str().unwrap()]);
    assert!(
        out.contains("payee rule \"interest\": other income"),
        "{out}"
    );
    let j = ws.journal();
    let tx = j.transactions().last().unwrap();
    let accounts: Vec<&str> = j
        .postings(tx)
        .iter()
        .map(|p| j.account_name(p.account))
        .collect();
    assert_eq!(accounts, [ASSET, "income:other"]);
    let v: serde_json::Value = serde_json::from_str(&ws.ok(&[
        "report",
        "monitoring",
        "--from",
        "2026-04-01",
        "--to",
        "2026-04-30",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(v["streams"][0]["money_in"]["other"], "1.23");
    assert_eq!(v["streams"][0]["money_in"]["funder_payments"], "0.00");
}

/// `import --help` says what the import reads: a file with no header row is read too when
/// its shape is known (HSBC's; tests/bank_profiles.rs imports one).
#[test]
fn import_help_does_not_say_a_header_row_is_needed() {
    let out = std::process::Command::new(support::CARELEDGER)
        .args(["import", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{help}");
    assert!(!help.contains("a CSV file with a header row"), "{help}");
    assert!(help.contains("known by its shape"), "{help}");
}
