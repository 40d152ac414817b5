//! The dashboard's chart of spending against time, by the numbers: each month's spending
//! for every demo holder, in total and for each stream, is what the real hledger reports
//! for the same journal (`hledger bal ^expenses -M`), and the chart's sentences for Ann are
//! as worked out by hand.

mod support;

use std::process::{Command, Stdio};

use careledger::app::Session;
use careledger::core::money::Money;
use careledger::core::pace::{Pace, sentences};
use careledger::store::Workspace;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 10, 15).unwrap()
}

/// hledger's monthly totals of expenses, from 1 April to today, for `query`.
fn hledger_months(hledger: &std::path::Path, file: &std::path::Path, query: &[&str]) -> Vec<Money> {
    let mut args = vec![
        "-f",
        file.to_str().unwrap(),
        "bal",
        "^expenses",
        "-M",
        "-b",
        "2026-04-01",
        "-e",
        "2026-10-16",
        "-O",
        "csv",
        "--transpose",
    ];
    args.extend_from_slice(query);
    let out = Command::new(hledger)
        .args(&args)
        .stdin(Stdio::null())
        .output()
        .expect("run hledger");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let last = l.rsplit(',').next().unwrap().trim_matches('"');
            if last == "0" {
                Money::ZERO
            } else {
                last.parse().unwrap()
            }
        })
        .collect()
}

#[test]
fn each_months_spending_is_what_hledger_reports() {
    let (_tmp, root) = support::demo_workspace();
    let Some(hledger) = support::hledger("pace") else {
        return;
    };
    let (session, _) = Session::open(Workspace::at(&root), today());
    for id in ["ann", "ben", "chloe", "dev"] {
        let h = session.open_holder(id).unwrap();
        let pace = Pace::of(&h.position);
        let file = root.join("holders").join(id).join("ledger.journal");
        let mut months = hledger_months(&hledger, &file, &[]);
        // hledger leaves out months with nothing in them at the end; careledger shows each
        // month from April to this one.
        months.resize(pace.months.len(), Money::ZERO);
        assert_eq!(pace.total.by_month, months, "{id}: all streams");
        for (s, p) in h.position.streams.iter().zip(&pace.streams) {
            let query = format!("tag:stream={}", s.id);
            let mut months = hledger_months(&hledger, &file, &[query.as_str()]);
            months.resize(pace.months.len(), Money::ZERO);
            assert_eq!(p.by_month, months, "{id}: {}", s.id);
        }
    }
}

#[test]
fn anns_chart_in_sentences() {
    let (_tmp, root) = support::demo_workspace();
    let (session, _) = Session::open(Workspace::at(&root), today());
    let h = session.open_holder("ann").unwrap();
    let pace = Pace::of(&h.position);
    // By hand from hledger's monthly totals (above): £1,334.70 + £1,507.34 + £1,768.54 +
    // £1,132.04 + £1,139.74 + £1,771.16 + £701.70 = £9,355.22 by day 198 of 365. Of the
    // £24,882.00 budget that is 37.6%; the straight line is £24,882.00 * 198 / 365 =
    // £13,497.63; at this rate £9,355.22 * 365 / 198 = £17,245.73 by the end.
    insta::assert_snapshot!("ann_pace_sentences", sentences(&pace).join("\n"));
    let said = sentences(&pace);
    assert!(said[0].contains("you had spent 38% of the budget: £9,355.22 of £24,882.00"));
    assert!(
        said[1].contains("£13,497.63 by now; that is £4,142.41 less"),
        "{}",
        said[1]
    );
    assert!(
        said[2].contains("£17,245.73 by 31 March 2027"),
        "{}",
        said[2]
    );
}
