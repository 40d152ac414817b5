//! Keeping the plan up to date from the app's Plan screen (ratatui TestBackend): a new
//! outcome, a change that would allocate more than the stream pays (asked about, not saved),
//! and a review marked done with what was agreed; plan.toml keeps its hand-written comments.

mod support;

use std::fs;

use careledger::tui::App;
use careledger::tui::app::Overlay;
use careledger::tui::state::Purpose;
use crossterm::event::KeyCode;
use support::app::{Demo, ctrl, demo, press, render, type_text};

fn app(d: &Demo) -> App {
    support::app::app(d, Some("ann"))
}

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

const COMMENT: &str = "agreed = \"22880.00\"        # 13 payments of 1760.00";

#[test]
fn an_outcome_added_and_a_review_marked_done_from_the_plan_screen() {
    let d = demo();
    let path = d.root.join("holders/ann/plan.toml");
    let before = fs::read_to_string(&path).unwrap();
    assert!(before.contains(COMMENT));
    let mut a = app(&d);
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Char('o')]);
    snap("new_outcome_form", &a);
    type_text(&mut a, "keep-garden");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Keep my garden");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "I love my roses");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "A gardener twice a month; Seeds in spring");
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut a, "500");
    ctrl(&mut a, 's');
    assert_eq!(a.status, "Saved. Outcome \"Keep my garden\" was added.");
    assert!(a.overlays.is_empty());
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        format!(
            "{before}\n[[outcomes]]\nid = \"keep-garden\"\ntitle = \"Keep my garden\"\nwhat_matters = \"I love my roses\"\nsupport = [\"A gardener twice a month\", \"Seeds in spring\"]\nallocation = {{ social-care = \"500.00\" }}\n"
        )
    );

    // 13 x (1760 + 154) = 24,882.00 a year; 15,000 + 6,880 + 500 = 22,380 allocated, so
    // another 9,000 would be 6,498.00 more than the stream pays: asked about first.
    press(&mut a, &[KeyCode::Char('o')]);
    type_text(&mut a, "more");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "More");
    press(
        &mut a,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    type_text(&mut a, "9000");
    ctrl(&mut a, 's');
    assert!(
        matches!(a.overlays.last(), Some(Overlay::Confirm { .. })),
        "{}",
        a.status
    );
    assert!(
        a.status.starts_with("Warning: the plan is not enough: outcomes would be allocated £31,380.00 from \"social-care\" but it pays £24,882.00"),
        "{}",
        a.status
    );
    snap("over_allocation_question", &a);
    press(&mut a, &[KeyCode::Char('n')]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Form { .. })));
    assert_eq!(fs::read_to_string(&path).unwrap(), after, "nothing written");
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('y')]);
    assert!(a.overlays.is_empty());

    // The last row is the annual review (18 March 2027): done, with what was agreed.
    press(&mut a, &[KeyCode::End, KeyCode::Char('d')]);
    snap("review_done_form", &a);
    ctrl(&mut a, 'u');
    type_text(&mut a, "Same support agreed for next year");
    ctrl(&mut a, 's');
    assert_eq!(a.status, "Saved. Review 2 is marked done.");
    snap("plan_after_review_done", &a);
    let done = fs::read_to_string(&path).unwrap();
    assert_eq!(
        done,
        after.replace(
            "date = 2027-03-18\nnote = \"Annual review\"\n",
            "date = 2027-03-18\nnote = \"Same support agreed for next year\"\ndone = true\n"
        )
    );
    assert!(done.contains(COMMENT), "the hand-written comment is kept");
}

#[test]
fn a_dated_change_to_a_stream_from_the_plan_screen() {
    let d = demo();
    let path = d.root.join("holders/ann/plan.toml");
    let before = fs::read_to_string(&path).unwrap();
    let mut a = app(&d);
    press(&mut a, &[KeyCode::Char('3')]);
    // Down to the stream's "Add a dated change" row, whose e opens the dated-change form.
    open_form(&mut a, |p| matches!(p, Purpose::StreamChange { .. }));
    snap("stream_change_form", &a);
    ctrl(&mut a, 'u');
    type_text(&mut a, "2026-11-01");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "1900");
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut a, "Reassessed after the October review");
    ctrl(&mut a, 's');
    assert_eq!(
        a.status,
        "Saved. Stream social-care: from 1 November 2026, amount £1,900.00."
    );
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replace(
            "client_contribution = \"154.00\"   # 38.50 a week, paid in by Ann every 4 weeks\n",
            "client_contribution = \"154.00\"   # 38.50 a week, paid in by Ann every 4 weeks\n\n[[streams.changes]]\nfrom = 2026-11-01\namount = \"1900.00\"\nnote = \"Reassessed after the October review\"\n"
        )
    );
    // The dashboard's budget is 8 x (1760 + 154) + 5 x (1900 + 154) = 25,582.00 now.
    let h = a.open.as_ref().unwrap();
    assert_eq!(
        h.position.streams[0].budget,
        careledger::core::money::Money::parse("25582.00").unwrap()
    );
}

/// Move down the Plan screen pressing e until the form `wanted` opens (closing others).
fn open_form(a: &mut App, wanted: impl Fn(&Purpose) -> bool) {
    press(a, &[KeyCode::Home]);
    for _ in 0..60 {
        press(a, &[KeyCode::Char('e')]);
        match a.overlays.last() {
            Some(Overlay::Form { purpose, .. }) if wanted(purpose) => return,
            Some(Overlay::Form { .. }) => press(a, &[KeyCode::Esc]),
            _ => {}
        }
        press(a, &[KeyCode::Down]);
    }
    panic!("the form never opened: {}", a.status);
}

fn focus_on(a: &mut App, label: &str) {
    for _ in 0..12 {
        if let Some(Overlay::Form { form, .. }) = a.overlays.last()
            && form.focused().label == label
        {
            return;
        }
        press(a, &[KeyCode::BackTab]);
    }
    panic!("no {label} field: {}", a.status);
}

#[test]
fn a_payment_dated_outside_the_plan_year_is_asked_about_naming_it() {
    let d = demo();
    let journal = d.root.join("holders/ann/ledger.journal");
    let before = fs::read_to_string(&journal).unwrap();
    let mut a = app(&d);
    press(&mut a, &[KeyCode::Char('a')]);
    focus_on(&mut a, "Date");
    ctrl(&mut a, 'u');
    type_text(&mut a, "2062-10-14");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Lunch club");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "6.50");
    press(&mut a, &[KeyCode::Tab, KeyCode::Char('k')]);
    ctrl(&mut a, 's');
    // Years away: a field problem naming the plan year, never a question.
    let Some(Overlay::Form { form, .. }) = a.overlays.last() else {
        panic!("the form closed: {}", a.status)
    };
    let date = form.fields.iter().find(|f| f.label == "Date").unwrap();
    assert_eq!(
        date.error.as_deref(),
        Some(
            "2062-10-14 is years away from the plan period (1 April 2026 to 31 March 2027), so no figure would count it. Check the year."
        )
    );
    // Near the year but outside it: asked, naming the plan year.
    focus_on(&mut a, "Date");
    ctrl(&mut a, 'u');
    type_text(&mut a, "2027-10-14");
    ctrl(&mut a, 's');
    assert!(matches!(a.overlays.last(), Some(Overlay::Confirm { .. })));
    assert_eq!(
        a.status,
        "2027-10-14 is outside the plan year 2026-27 (1 April 2026 to 31 March 2027), so no plan year's money in or out counts it. Check the year. Record it anyway? Press y to record it, n to go back to the form."
    );
    snap("outside_plan_question", &a);
    press(&mut a, &[KeyCode::Char('n')]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Form { .. })));
    assert_eq!(fs::read_to_string(&journal).unwrap(), before);
    ctrl(&mut a, 's');
    press(&mut a, &[KeyCode::Char('y')]);
    assert!(
        a.status
            .starts_with("Saved: Lunch club £6.50 on 14 October 2027."),
        "{}",
        a.status
    );
    assert!(
        fs::read_to_string(&journal)
            .unwrap()
            .contains("2027-10-14 Lunch club")
    );
}

#[test]
fn the_next_year_started_from_the_app_and_the_year_before_looked_at() {
    let d = demo();
    let dir = d.root.join("holders/ann");
    let old_plan = fs::read_to_string(dir.join("plan.toml")).unwrap();
    let mut a = app(&d);
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Char('Y')]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Form { .. })));
    assert!(
        a.status.starts_with(
            "Start plan year 2027-28 (1 April 2027 to 31 March 2028): this year's plan is kept"
        ),
        "{}",
        a.status
    );
    snap("new_year_form", &a);
    // More than the account holds is refused, and the form stays to be put right.
    focus_on(&mut a, "Returned");
    type_text(&mut a, "99999");
    ctrl(&mut a, 's');
    assert!(
        a.status
            .contains("is more than the social-care account held at the end of the year"),
        "{}",
        a.status
    );
    assert!(matches!(a.overlays.last(), Some(Overlay::Form { .. })));
    assert!(!dir.join("years").exists());
    ctrl(&mut a, 'u');
    type_text(&mut a, "500");
    ctrl(&mut a, 's');
    assert_eq!(
        a.status,
        "Plan year 2027-28 (1 April 2027 to 31 March 2028) has started; last year's plan is kept as it was. £500.00 of social-care was recorded as returned to the funder."
    );
    let journal = fs::read_to_string(dir.join("ledger.journal")).unwrap();
    assert!(
        journal.ends_with(
            "\n2027-04-01 * Westdale Borough Council | surplus of 2026-27 returned\n    ; stream: social-care\n    ; returned: 2026-27\n    ; entered-by: tester\n    ; entered: 2026-10-15\n    equity:returned:social-care             £500.00\n    assets:direct-payment:social-care\n"
        ),
        "{journal}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("years/2026-27/plan.toml")).unwrap(),
        old_plan
    );
    let h = a.open.as_ref().unwrap();
    assert_eq!(h.files.plan.plan.period.start.to_string(), "2027-04-01");

    let row = a.people.iter().find(|p| p.id == "ann").cloned();
    press(&mut a, &[KeyCode::Char('[')]);
    // The People row stays the current year's.
    assert_eq!(a.people.iter().find(|p| p.id == "ann").cloned(), row);
    assert!(
        a.status.starts_with("Plan year 2026-27, which has ended"),
        "{}",
        a.status
    );
    snap("ended_year_plan", &a);
    let h = a.open.as_ref().unwrap();
    assert_eq!(h.files.plan.plan.period.start.to_string(), "2026-04-01");
    // Its plan is kept as it was: a plan change is refused, saying why.
    press(&mut a, &[KeyCode::Char('o')]);
    type_text(&mut a, "late");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Too late");
    ctrl(&mut a, 's');
    assert!(
        a.status
            .contains("plan year 2026-27 has ended; its plan is kept as it was"),
        "{}",
        a.status
    );
    assert_eq!(
        fs::read_to_string(dir.join("years/2026-27/plan.toml")).unwrap(),
        old_plan
    );
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('y')]);
    // A correction to its entries is made, and says it changes a year that has ended.
    press(&mut a, &[KeyCode::Char('a')]);
    focus_on(&mut a, "Date");
    ctrl(&mut a, 'u');
    type_text(&mut a, "2027-03-20");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Lunch club");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "6.50");
    press(&mut a, &[KeyCode::Tab, KeyCode::Char('k')]);
    ctrl(&mut a, 's');
    assert_eq!(
        a.status,
        "Saved: Lunch club £6.50 on 20 March 2027. This changes plan year 2026-27, which has ended."
    );
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Char(']')]);
    assert_eq!(a.status, "Plan year 2027-28, the current one.");
}

#[test]
fn outcomes_and_streams_changed_added_and_taken_out_from_the_plan_screen() {
    let d = demo();
    let path = d.root.join("holders/ann/plan.toml");
    let before = fs::read_to_string(&path).unwrap();
    let mut a = app(&d);
    press(&mut a, &[KeyCode::Char('3')]);
    open_form(
        &mut a,
        |p| matches!(p, Purpose::Outcome { id } if id == "see-friends"),
    );
    snap("outcome_form", &a);
    ctrl(&mut a, 'u');
    type_text(&mut a, "See my friends every week");
    ctrl(&mut a, 's');
    assert_eq!(a.status, "Saved. Outcome see-friends was changed.");
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        after,
        before.replace(
            "title = \"Keep seeing my friends\"",
            "title = \"See my friends every week\""
        ),
        "only the title changed; what matters and support lines stay as written"
    );

    open_form(&mut a, |p| matches!(p, Purpose::Stream { .. }));
    snap("stream_form", &a);
    focus_on(&mut a, "Surplus weeks");
    ctrl(&mut a, 'u');
    type_text(&mut a, "6");
    ctrl(&mut a, 's');
    assert_eq!(
        a.status,
        "Saved. Stream social-care: surplus_threshold_weeks is now 6."
    );
    let after = fs::read_to_string(&path).unwrap();
    assert!(after.contains("surplus_threshold_weeks = 6\n"), "{after}");
    assert_eq!(
        after
            .replace(
                "surplus_threshold_weeks = 6\n",
                "surplus_threshold_weeks = 8\n"
            )
            .replace("See my friends every week", "Keep seeing my friends"),
        before
    );

    // Taking out an outcome the records use is refused, saying why.
    open_form(
        &mut a,
        |p| matches!(p, Purpose::Outcome { id } if id == "stay-at-home"),
    );
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('x')]);
    assert!(
        a.status
            .starts_with("Take the outcome \"Stay living in my own home\" out of the plan?"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Char('y')]);
    assert!(
        a.status
            .contains("entries are tagged with outcome \"stay-at-home\""),
        "{}",
        a.status
    );

    // A new stream, then taken out again (nothing records or allocates it yet).
    press(&mut a, &[KeyCode::Char('n')]);
    type_text(&mut a, "nhs-phb");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Westdale NHS");
    press(
        &mut a,
        &[
            KeyCode::Tab,
            KeyCode::Right,
            KeyCode::Tab,
            KeyCode::Right,
            KeyCode::Tab,
            KeyCode::Right,
            KeyCode::Right,
            KeyCode::Right,
            KeyCode::Tab,
        ],
    );
    type_text(&mut a, "3000");
    ctrl(&mut a, 's');
    assert_eq!(a.status, "Saved. Funding stream nhs-phb was added.");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("[[streams]]\nid = \"nhs-phb\"\nfunder = \"Westdale NHS\"\nkind = \"health\"\nmanagement = \"notional\"\nschedule = \"yearly\"\namount = \"3000.00\"\nfirst_payment = 2026-10-15\n"), "{text}");
    open_form(
        &mut a,
        |p| matches!(p, Purpose::Stream { id } if id == "nhs-phb"),
    );
    press(
        &mut a,
        &[KeyCode::Esc, KeyCode::Char('x'), KeyCode::Char('y')],
    );
    assert_eq!(
        a.status,
        "Saved. Funding stream nhs-phb was taken out of the plan."
    );
    assert!(!fs::read_to_string(&path).unwrap().contains("nhs-phb"));
}
