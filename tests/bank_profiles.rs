//! The bank statement layouts shipped in config/bank-profiles.toml, one UK bank or card at
//! a time: a short April statement (the council's direct payment in, the PA's wages out, the
//! lunch club already entered by hand, a shop) as that bank exports it, imported into a
//! fresh workspace through the binary.

mod support;

use std::fs;

use careledger::core::journal::check_assertions;
use support::{ASSET, Ws, fixture, hledger_agrees, m};

/// Each bank's statement, the layout careledger should name for it, and whether it has a
/// balance column (and so gains a closing balance check).
const BANKS: &[(&str, &str, bool)] = &[
    ("barclays", "barclays", false),
    ("lloyds", "debit-credit", true),
    ("halifax", "debit-credit", true),
    ("bank-of-scotland", "debit-credit", true),
    ("tsb", "tsb", true),
    ("natwest", "natwest-rbs", true),
    ("rbs", "natwest-rbs", true),
    ("hsbc", "hsbc", false),
    ("first-direct", "Date,Description,Amount", false),
    ("santander", "money-out-money-in", true),
    ("co-operative", "money-out-money-in", true),
    ("metro", "money-out-money-in", true),
    ("virgin-money", "money-out-money-in", true),
    ("nationwide", "building-society", true),
    ("monzo", "monzo", false),
    ("starling", "starling", true),
    ("allpay", "prepaid-card", true),
    ("pfs", "prepaid-card", true),
];

fn statement(bank: &str) -> String {
    fixture(&format!("banks/{bank}.csv"))
        .to_str()
        .unwrap()
        .to_string()
}

fn asset_balance(ws: &Ws) -> careledger::core::money::Money {
    support::account_balance(&ws.journal(), ASSET)
}

#[test]
fn every_shipped_bank_layout_imports_its_statement() {
    for &(bank, layout, balance) in BANKS {
        let ws = Ws::new();
        let before = ws.journal().transactions().len();
        let out = ws.ok(&["import", &statement(bank)]);
        assert!(out.contains(&format!("(layout {layout})")), "{bank}: {out}");
        assert!(
            out.contains("4 rows from 2026-04-01 to 2026-04-15"),
            "{bank}: {out}"
        );
        let adding = if balance {
            "Adding 3 entries and the closing balance check"
        } else {
            "Adding 3 entries:"
        };
        assert!(out.contains(adding), "{bank}: {out}");
        // The lunch club was entered by hand, and is not entered again.
        assert!(out.contains("already entered by hand"), "{bank}: {out}");

        let j = ws.journal();
        let added = j.transactions().len() - before;
        assert_eq!(added, 3 + usize::from(balance), "{bank}");
        assert!(check_assertions(std::slice::from_ref(&j)).is_empty());
        let text = ws.journal_text();
        assert!(
            text.contains("2026-04-06 * Mary Jones")
                && text.contains("expenses:pa-wages                       £240.00"),
            "{bank}: the PA's wages\n{text}"
        );
        assert!(
            text.contains("2026-04-01 * Westdale Borough Council")
                && text.contains("    income:social-care\n"),
            "{bank}: the council's payment\n{text}"
        );
        assert!(text.contains("£23.45"), "{bank}: the shop\n{text}");
        assert_eq!(asset_balance(&ws), m("1156.55"), "{bank}");
        if balance {
            assert!(
                text.contains("= £1156.55"),
                "{bank}: no balance check\n{text}"
            );
        }
        hledger_agrees(&ws, bank);

        let once = fs::read(ws.journal_path()).unwrap();
        let again = ws.ok(&["import", &statement(bank)]);
        assert!(again.contains("Nothing new to add"), "{bank}: {again}");
        assert_eq!(
            fs::read(ws.journal_path()).unwrap(),
            once,
            "{bank}: the second import changed the journal"
        );
    }
}

/// Every profile shipped has a statement above, so none is shipped untried.
#[test]
fn every_shipped_profile_has_a_test_statement() {
    for name in careledger::core::import::built_in_profiles().keys() {
        if name == "paid-out-paid-in" {
            continue; // tried in tests/import.rs
        }
        assert!(
            BANKS.iter().any(|(_, layout, _)| layout == name),
            "no test statement for the profile {name}"
        );
    }
}

#[test]
fn a_statement_no_profile_fits_names_the_columns_it_has() {
    let ws = Ws::new();
    let file = ws.file(
        "odd.csv",
        "When,Who,How much\n01/04/2026,WESTDALE BC,1200.00\n",
    );
    let out = ws.run(&["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("odd.csv:1:"), "{err}");
    assert!(err.contains("columns: When, Who, How much"), "{err}");
}

/// A layout no profile names (a credit union's, say) is read by what its columns are called,
/// with `£`, thousands separators, brackets, `CR`/`DR` and spreadsheet marks as banks write them.
#[test]
fn a_statement_no_profile_names_is_read_by_its_columns_meaning() {
    let ws = Ws::new();
    let file = ws.file(
        "credit-union.csv",
        "Member,Completed Date,Narrative,Reference,Amount,Balance,Notes\r\n\
         '0042,01/04/2026,'WESTDALE BC DIRECT PAYMENT,DP APR,\"£1,200.00 CR\",\"£1,450.00\",\r\n\
         '0042,06/04/2026,FPO MARY JONES REF PA WAGES\t,WAGES,(£240.00),\"£1,210.00\",\r\n\
         '0042,09/04/2026,MEADOWBANK LUNCH CLUB,,30.00 DR,\"£1,180.00\",\r\n\
         '0042,15/04/2026,=\"TESCO STORES 2231\",,-23.45,\"£1,156.55\",groceries\r\n",
    );
    let path = file.to_str().unwrap();
    let out = ws.ok(&["import", path]);
    assert!(
        out.contains("(layout read by its columns: Completed Date, Narrative, Amount)"),
        "{out}"
    );
    assert!(
        out.contains("Adding 3 entries and the closing balance check"),
        "{out}"
    );
    let text = ws.journal_text();
    assert!(text.contains("2026-04-06 * Mary Jones"), "{text}");
    assert!(text.contains("2026-04-15 * TESCO STORES 2231"), "{text}");
    assert!(text.contains("= £1156.55"), "{text}");
    assert_eq!(asset_balance(&ws), m("1156.55"));
    hledger_agrees(&ws, "read by column meaning");
    let again = ws.ok(&["import", path]);
    assert!(again.contains("Nothing new to add"), "{again}");
}

/// `--profile` takes the bank's own name as well as the layout's: each bank's statement
/// imports with `--profile BANK` as it does unnamed.
#[test]
fn a_profile_can_be_chosen_by_the_banks_name() {
    for &(bank, layout, _) in BANKS.iter().filter(|(b, _, _)| *b != "first-direct") {
        let name = match bank {
            "co-operative" => "Co-operative Bank",
            "metro" => "metro-bank",
            "bank-of-scotland" => "Bank of Scotland",
            b => b,
        };
        let ws = Ws::new();
        let out = ws.ok(&["import", "--preview", "--profile", name, &statement(bank)]);
        assert!(out.contains(&format!("(layout {layout})")), "{bank}: {out}");
        assert!(out.contains("Would add 3 entries"), "{bank}: {out}");
    }
    let ws = Ws::new();
    let out = ws.run(&[
        "import",
        "--profile",
        "bank of nowhere",
        &statement("lloyds"),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("there is no import profile or bank \"bank of nowhere\"")
            && err.contains("banks: ")
            && err.contains("lloyds, halifax, bank-of-scotland"),
        "{err}"
    );
}

/// When nothing fits, the error ends with a profile guessed from the file's columns and
/// first row; pasted into careledger.toml as it is, it imports the statement.
#[test]
fn the_profile_guessed_for_an_unknown_layout_imports_it_once_pasted() {
    let ws = Ws::new();
    let file = ws.file(
        "odd.csv",
        "Posted On,Merchant Info,Debit Amt,Credit Amt\n06/04/2026,FPO MARY JONES REF PA WAGES,240.00,\n01/04/2026,WESTDALE BC DIRECT PAYMENT,,1200.00\n",
    );
    let out = ws.run(&["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    let guess: String = err
        .lines()
        .skip_while(|l| !l.contains("[import.profiles.my-bank]"))
        .take_while(|l| l.starts_with("  "))
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    assert_eq!(
        guess,
        "[import.profiles.my-bank]\ndate = \"Posted On\"\ndate_format = \"%d/%m/%Y\"\ndescription = \"Merchant Info\"\npaid_out = \"Debit Amt\"\npaid_in = \"Credit Amt\"\n",
        "{err}"
    );
    fs::write(ws.root.join("careledger.toml"), &guess).unwrap();
    let out = ws.ok(&["import", "--profile", "my-bank", file.to_str().unwrap()]);
    assert!(out.contains("Adding 2 entries"), "{out}");
    // £250.00 carried over, £30.00 lunch club, +£1,200.00, -£240.00.
    assert_eq!(asset_balance(&ws), m("1180.00"));
    hledger_agrees(&ws, "guessed profile");
}
