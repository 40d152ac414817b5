//! The employer on the app's screens: the Plan screen's "Employing PAs" section (each PA's
//! yearly cost and cost per hour, the insurance and re-enrolment dates) and, after a pay day,
//! the Dashboard's money owed to HMRC (snapshots at 80x24 and 120x40).

mod support;

use std::fs;

use careledger::store::Workspace;
use careledger::tui::{App, Options};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::Ws;
use support::app::{press, render};

const EMPLOYER: &str = r#"
[employer]
employment_allowance = true
insurance = { premium = "85.00", renews = 2027-02-01 }
payroll_fee = { amount = "7.50", per = "week" }
pension_duties_start = 2024-05-01

[[employees]]
id = "tomasz"
name = "Tomasz Nowak"
hourly_rate = "13.00"
hours_per_week = "20"
pay = "weekly"
start = 2024-05-01
outcome = "stay-at-home"

[[employees]]
id = "anna"
name = "Anna Berg"
hourly_rate = "13.50"
hours_per_week = "10"
pay = "monthly"
start = 2025-06-02
outcome = "get-out"
"#;

fn workspace() -> Ws {
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let mut text = fs::read_to_string(&plan).unwrap();
    text.push_str(EMPLOYER);
    fs::write(&plan, text).unwrap();
    ws
}

fn app(ws: &Ws) -> App {
    let opts = Options {
        today: NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
        accessible: false,
        color: false,
        who: "tester".into(),
    };
    App::new(Workspace::at(&ws.root), opts, Some("pat"))
}

/// The screen's words as one line: borders dropped, wrapped lines joined.
fn words(screen: &str) -> String {
    screen
        .replace(['│', '┌', '┐', '└', '┘', '─'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_plan_screen_shows_what_employing_the_pas_costs() {
    let ws = workspace();
    let mut a = app(&ws);
    press(&mut a, &[KeyCode::Char('3'), KeyCode::End]);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = render(&a, w, h);
        insta::assert_snapshot!(format!("employer_plan_{w}x{h}"), screen);
    }
    let screen = words(&render(&a, 120, 40));
    // Worked in tests/employer.rs: £14,473.40 a year for Tomasz with the Employment Allowance
    // claimed, £475.00 of it insurance and payroll; here that is shared with Anna by hours
    // paid (1,040 to 520): Tomasz's share is 475 x 1040 / 1560 = £316.67, so his year is
    // 14,473.40 - 475.00 + 316.67 = £14,315.07.
    for part in [
        "Tomasz Nowak: 20 hours a week at £13.00, paid weekly, for \"Stay living in my own home\"",
        "Yearly cost £14,315.07: gross pay £13,520.00 (holiday pay £1,456.00), employer's NI £0.00, pension £218.40, redundancy reserve £260.00, insurance, payroll and DBS £316.67.",
        "Employer's liability insurance renews on 1 February 2027 (£85.00 a year).",
        "Pension re-enrolment is due on 1 May 2027.",
    ] {
        assert!(screen.contains(part), "{part:?} in {screen}");
    }
}

#[test]
fn the_dashboard_says_what_is_owed_to_hmrc_after_a_pay_day() {
    let ws = workspace();
    ws.ok(&[
        "payroll",
        "--employee",
        "tomasz",
        "--date",
        "2026-04-17",
        "--net",
        "247.96",
        "--paye",
        "3.60",
        "--employee-ni",
        "1.44",
        "--employer-ni",
        "24.60",
        "--pension",
        "4.20",
        "--employee-pension",
        "7.00",
        "--fee",
        "7.50",
    ]);
    let a = app(&ws);
    let screen = render(&a, 120, 40);
    // £220.00 before (the fixture); £266.66 out on the pay day: overspent by £46.66, and
    // £29.64 more owed to HMRC: overspent by £76.30 once it is paid.
    assert!(
        words(&screen).contains("Balance: overspent by £46.66. Owed to HMRC from it: £29.64, leaving overspent by £76.30."),
        "{screen}"
    );
    insta::assert_snapshot!("employer_dashboard_120x40", screen);
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}

#[test]
fn a_pay_day_is_recorded_from_the_dashboard_in_a_few_keys() {
    let ws = workspace();
    let before = ws.journal_text();
    let mut a = app(&ws);
    press(&mut a, &[KeyCode::Char('w')]);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("employer_pay_day_form_{w}x{h}"), render(&a, w, h));
    }
    // Tomasz is first; the date is today's. Saving with no figures names the first missing.
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(!a.overlays.is_empty(), "not saved");
    assert_eq!(ws.journal_text(), before, "nothing written");
    let screen = words(&render(&a, 120, 40));
    assert!(
        screen.contains("Give the amount off the payslip, e.g. 212.34 (0 if none)."),
        "{screen}"
    );
    assert!(
        a.status
            .starts_with("Not saved: 5 fields to put right. Net pay: empty."),
        "{}",
        a.status
    );
    // The first problem is focused; then the payslip's figures in the order it gives them.
    for (k, figure) in ["247.96", "3.60", "1.44", "24.60", "4.20", "7.00", "7.50"]
        .iter()
        .enumerate()
    {
        if k > 0 {
            press(&mut a, &[KeyCode::Tab]);
        }
        type_text(&mut a, figure);
    }
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(a.overlays.is_empty(), "{}", a.status);
    assert_eq!(
        a.status,
        "Saved: pay day for Tomasz Nowak on 30 April 2026, gross pay £260.00."
    );
    let after = ws.journal_text();
    assert!(after.starts_with(&before), "only text is added");
    let added = &after[before.len()..];
    // The same entry as `careledger payroll` writes (tests/employer.rs), dated today.
    for line in [
        "2026-04-30 Tomasz Nowak | pay day",
        "; outcome: stay-at-home",
        "; employee: tomasz",
        "expenses:pa-wages                       £260.00",
        "expenses:employer-ni                    £24.60",
        "expenses:employer-pension               £4.20",
        "expenses:payroll-fee                    £7.50",
        "liabilities:hmrc                        £-29.64",
    ] {
        assert!(added.contains(line), "{line:?} in\n{added}");
    }
    support::hledger_agrees(&ws, "a pay day from the app");
    // The dashboard says what is owed now.
    let screen = words(&render(&a, 120, 40));
    assert!(screen.contains("Owed to HMRC from it: £29.64"), "{screen}");
    // And the pay day can be taken back, leaving the journal as it was.
    press(&mut a, &[KeyCode::Char('u')]);
    assert!(
        a.status.starts_with("Undo the pay day for Tomasz Nowak?"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Char('y')]);
    assert_eq!(ws.journal_text(), before);
    let screen = words(&render(&a, 120, 40));
    assert!(!screen.contains("Owed to HMRC"), "{screen}");
}

#[test]
fn the_reports_form_offers_the_employers_cost_when_the_plan_names_employees() {
    let ws = workspace();
    let mut a = app(&ws);
    press(&mut a, &[KeyCode::Char('m')]);
    // Monitoring, review, expected, then the employer's cost.
    press(&mut a, &[KeyCode::Right, KeyCode::Right, KeyCode::Right]);
    let screen = words(&render(&a, 120, 40));
    assert!(screen.contains("The employer's cost (PAs)"), "{screen}");
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let screen = words(&render(&a, 120, 40));
    assert!(
        screen.contains("The employer's cost: Pat Fielding (pat)"),
        "{screen}"
    );
    assert!(
        screen.contains("Tomasz Nowak (tomasz): 20 hours a week, paid weekly"),
        "{screen}"
    );
}
