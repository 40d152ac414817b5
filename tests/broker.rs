//! A broker's workspace: many people at once. The People screen (demo, a generated 50-person
//! workspace, one person with a broken journal), moving between people, the new-person form,
//! `summary` and `summary --attention` for everyone, and one person's lock never blocking
//! another's.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use careledger::core::template::{NewPlan, template};
use careledger::store::{HolderLock, Workspace};
use careledger::tui::app::{Overlay, Screen, SortBy};
use careledger::tui::{App, Options, view};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_careledger");
const TODAY: &str = "2026-10-15";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// Person `i` of a generated workspace: a social care direct payment of £1,000 every 4 weeks
/// from 1 April 2026 and one outcome. What they spend depends on `i`, so some are fine, some
/// overspend, some hold a surplus, and some have payments with no receipt.
fn generate(root: &Path, people: usize) {
    let ws = Workspace::at(root);
    ws.init().unwrap();
    for i in 0..people {
        let id = format!("p{i:03}");
        let plan = NewPlan {
            id: id.clone(),
            name: format!("Person {i:03}"),
            start: NaiveDate::from_ymd_opt(2026, 4, 1),
            end: NaiveDate::from_ymd_opt(2027, 3, 31),
            managed_by: "broker".into(),
            stream: Some("social-care".into()),
            funder: Some("Westdale Borough Council".into()),
            kind: "social-care".into(),
            management: "direct-payment".into(),
            schedule: "4-weekly".into(),
            amount: Some("1000.00".into()),
            outcome: Some("daily-living".into()),
            outcome_title: Some("Manage day to day".into()),
            what_matters: None,
            allocation: Some("13000.00".into()),
            review: NaiveDate::from_ymd_opt(2027, 3, 1),
        };
        let (plan_text, mut journal) = template(today(), &plan).unwrap();
        // Payments in: 1 April, then every 28 days up to today (8 payments).
        let mut d = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        while d <= today() {
            journal.push_str(&format!(
                "\n{d} * Westdale Borough Council\n    ; stream: social-care\n    assets:direct-payment:social-care  £1,000.00\n    income:social-care\n"
            ));
            d += chrono::Duration::days(28);
        }
        // Spending: weekly, at a rate that depends on the person.
        let weekly = 100 + (i % 7) * 60; // £100 to £460 a week
        let mut d = NaiveDate::from_ymd_opt(2026, 4, 6).unwrap();
        let mut n = 0;
        while d <= today() {
            let receipt = if n % (5 + i % 4) == 0 && i % 3 == 0 {
                String::new()
            } else {
                format!("    ; receipt: R-{n:04}\n")
            };
            journal.push_str(&format!(
                "\n{d} Helping Hands Care\n    ; outcome: daily-living\n    ; stream: social-care\n{receipt}    expenses:daily-living  £{weekly}.00\n    assets:direct-payment:social-care\n"
            ));
            d += chrono::Duration::days(7);
            n += 1;
        }
        ws.create_holder(&id, &plan_text, &journal).unwrap();
    }
}

fn options() -> Options {
    Options {
        today: today(),
        accessible: false,
        color: false,
        who: "broker".into(),
    }
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::view(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..h)
        .map(|y| {
            let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            line.trim_end().to_string() + "\n"
        })
        .collect()
}

fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(KeyEvent::new(*k, KeyModifiers::NONE));
    }
}

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, &[KeyCode::Char(c)]);
    }
}

fn workspace(people: usize) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    generate(&root, people);
    (tmp, root)
}

#[test]
fn fifty_people_sorted_by_who_needs_attention() {
    let (_tmp, root) = workspace(50);
    let mut a = App::new(Workspace::at(&root), options(), None);
    assert_eq!(a.screen, Screen::Holders);
    assert_eq!(a.people.len(), 50);
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("fifty_people_{w}x{h}"), render(&a, w, h));
    }
    // Attention order: the worst alert never gets milder down the list.
    let worst: Vec<_> = a
        .people
        .iter()
        .map(|p| p.worst.as_ref().map(|(s, _)| *s))
        .collect();
    assert!(worst.windows(2).all(|w| w[0] >= w[1]), "{worst:?}");
    assert!(worst[0].is_some() && worst[49].is_none() || worst[49] <= worst[0]);
    // Sort by name, then balance, then review date, then back to attention.
    press(&mut a, &[KeyCode::Char('s')]);
    assert_eq!(a.sort, SortBy::Name);
    let names: Vec<_> = a.people.iter().map(|p| p.name.clone()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    press(&mut a, &[KeyCode::Char('s')]);
    assert_eq!(a.sort, SortBy::Balance);
    assert!(a.people.windows(2).all(|w| w[0].balance <= w[1].balance));
    press(&mut a, &[KeyCode::Char('s'), KeyCode::Char('s')]);
    assert_eq!(a.sort, SortBy::Attention);
}

#[test]
fn find_open_and_come_back() {
    let (_tmp, root) = workspace(12);
    let mut a = App::new(Workspace::at(&root), options(), None);
    press(&mut a, &[KeyCode::Char('/')]);
    type_text(&mut a, "person 007");
    press(&mut a, &[KeyCode::Enter]);
    assert_eq!(a.people_shown().len(), 1);
    assert!(a.status.starts_with("1 found"), "{}", a.status);
    press(&mut a, &[KeyCode::Enter]);
    assert_eq!(a.screen, Screen::Dashboard);
    assert_eq!(a.open.as_ref().unwrap().files.id, "p007");
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Esc]);
    assert_eq!(a.screen, Screen::Holders, "Esc goes back to everyone");
    // Each person's records stay their own: an entry added for p007 is in p007's journal only.
    let before: Vec<String> = (0..12)
        .map(|i| fs::read_to_string(root.join(format!("holders/p{i:03}/ledger.journal"))).unwrap())
        .collect();
    press(&mut a, &[KeyCode::Enter, KeyCode::Char('a')]);
    type_text(&mut a, "Corner Shop");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "4.20");
    press(&mut a, &[KeyCode::Tab, KeyCode::Right]);
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(a.status.starts_with("Saved"), "{}", a.status);
    for (i, old) in before.iter().enumerate() {
        let now = fs::read_to_string(root.join(format!("holders/p{i:03}/ledger.journal"))).unwrap();
        assert_eq!(&now != old, i == 7, "person {i}");
    }
    let added = fs::read_to_string(root.join("holders/p007/ledger.journal")).unwrap();
    assert!(
        added.contains("    ; entered-by: broker\n"),
        "who entered it is recorded"
    );
}

#[test]
fn a_broken_journal_is_a_row_with_its_error_and_everyone_else_opens() {
    let (_tmp, root) = workspace(5);
    let path = root.join("holders/p002/ledger.journal");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen("£1,000.00\n    income", "£1,000.000\n    income", 1),
    )
    .unwrap();
    let a = App::new(Workspace::at(&root), options(), None);
    let broken: Vec<_> = a.people.iter().filter(|p| p.error.is_some()).collect();
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].id, "p002");
    assert!(
        broken[0]
            .error
            .as_deref()
            .unwrap()
            .starts_with("holders/p002/ledger.journal:")
    );
    assert_eq!(
        a.people[0].id, "p002",
        "a broken file needs attention first"
    );
    insta::assert_snapshot!("broken_person_80x24", render(&a, 80, 24));
    for p in a.people.iter().filter(|p| p.error.is_none()) {
        let mut b = App::new(Workspace::at(&root), options(), Some(&p.id));
        assert!(b.open.is_some(), "{}", p.id);
        press(&mut b, &[KeyCode::Char('2')]);
    }
}

#[test]
fn the_new_person_form_checks_every_field_then_writes_a_valid_plan() {
    let (_tmp, root) = workspace(2);
    let mut a = App::new(Workspace::at(&root), options(), None);
    press(&mut a, &[KeyCode::Char('n')]);
    type_text(&mut a, "Bad Id");
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut a, "31/02/2026");
    for _ in 0..8 {
        press(&mut a, &[KeyCode::Tab]);
    }
    type_text(&mut a, "lots");
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let Some(Overlay::Form { form, .. }) = a.overlays.last() else {
        panic!("the form stays open: {}", a.status)
    };
    let problems: Vec<&str> = form
        .fields
        .iter()
        .filter(|f| f.error.is_some())
        .map(|f| f.label)
        .collect();
    assert_eq!(
        problems,
        ["Id", "Name", "Plan start", "Amount"],
        "{}",
        a.status
    );
    assert_eq!(a.people.len(), 2, "nothing written");
    // An id already taken is refused too.
    a.overlays.clear();
    press(&mut a, &[KeyCode::Char('n')]);
    type_text(&mut a, "p001");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Someone");
    a.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    assert!(
        a.status
            .contains("Problem: Someone already has the id \"p001\""),
        "{}",
        a.status
    );
    // A good one.
    a.overlays.clear();
    press(&mut a, &[KeyCode::Char('n')]);
    let answers = [
        "eve-k",
        "Eve King",
        "2026-04-01",
        "",
        "",
        "social-care",
        "Westdale Borough Council",
        "",
        "",
        "",
        "1500.00",
        "be-safe",
        "Be safe at home",
        "19500.00",
        "2027-03-10",
    ];
    for (k, text) in answers.iter().enumerate() {
        type_text(&mut a, text);
        if k + 1 < answers.len() {
            press(&mut a, &[KeyCode::Tab]);
        }
    }
    press(&mut a, &[KeyCode::Enter]);
    assert!(
        a.status.starts_with("Created Eve King (eve-k)"),
        "{}",
        a.status
    );
    assert_eq!(a.people.len(), 3);
    let out = Command::new(BIN)
        .args([
            "--data",
            root.to_str().unwrap(),
            "--holder",
            "eve-k",
            "check",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let plan = fs::read_to_string(root.join("holders/eve-k/plan.toml")).unwrap();
    for line in [
        "name = \"Eve King\"",
        "amount = \"1500.00\"",
        "allocation = { \"social-care\" = \"19500.00\" }",
        "date = 2027-03-10",
    ] {
        assert!(plan.contains(line), "{line} missing:\n{plan}");
    }
}

fn summary(root: &Path, extra: &[&str]) -> Value {
    let out = Command::new(BIN)
        .args([
            "--data",
            root.to_str().unwrap(),
            "--today",
            TODAY,
            "summary",
            "--format",
            "json",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn summary_for_everyone_and_for_those_needing_attention() {
    let (_tmp, root) = workspace(14);
    let all = summary(&root, &[]);
    assert_eq!(all["as_of"], TODAY);
    let holders = all["holders"].as_array().unwrap();
    assert_eq!(holders.len(), 14);
    // Person 0 spends £100 a week: 28 weeks from 6 April to 12 October.
    let p0 = &holders[0];
    assert_eq!(p0["id"], "p000");
    assert_eq!(p0["name"], "Person 000");
    let stream = &p0["streams"][0];
    assert_eq!(stream["id"], "social-care");
    assert_eq!(stream["received"], "8000.00");
    assert_eq!(stream["spent"], "2800.00");
    assert_eq!(stream["balance"], "5200.00");
    let outcome = &p0["outcomes"][0];
    assert_eq!(outcome["id"], "daily-living");
    assert_eq!(outcome["allocated"], "13000.00");
    assert_eq!(outcome["spent"], "2800.00");
    assert_eq!(outcome["remaining"], "10200.00");
    // Person 6 spends £460 a week: £12,880 by now, well over pace for £13,000 a year.
    let p6 = holders.iter().find(|h| h["id"] == "p006").unwrap();
    assert_eq!(p6["streams"][0]["spent"], "12880.00");
    let kinds: Vec<&str> = p6["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"projected-overspend"), "{kinds:?}");

    let attention = summary(&root, &["--attention"]);
    let list = attention["holders"].as_array().unwrap();
    let with_alerts = holders
        .iter()
        .filter(|h| !h["alerts"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(list.len(), with_alerts);
    assert!(list.len() < 14 && !list.is_empty());
    let rank = |s: &str| match s {
        "serious" => 3,
        "warning" => 2,
        _ => 1,
    };
    let worst: Vec<i32> = list
        .iter()
        .map(|h| {
            h["alerts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| rank(a["severity"].as_str().unwrap()))
                .max()
                .unwrap()
        })
        .collect();
    assert!(
        worst.windows(2).all(|w| w[0] >= w[1]),
        "worst first: {worst:?}"
    );
}

#[test]
fn one_persons_lock_never_blocks_another() {
    let (_tmp, root) = workspace(2);
    let dir = root.join("holders/p000");
    let _held =
        HolderLock::acquire(&dir, "p000", "another broker", Duration::from_secs(1)).unwrap();
    let add = |id: &str| {
        let start = Instant::now();
        let out = Command::new(BIN)
            .args([
                "--data",
                root.to_str().unwrap(),
                "--holder",
                id,
                "--today",
                TODAY,
            ])
            .args([
                "add",
                "--payee",
                "Corner Shop",
                "--amount",
                "2.00",
                "--outcome",
                "daily-living",
            ])
            .output()
            .unwrap();
        (out, start.elapsed())
    };
    let (out, took) = add("p001");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took < Duration::from_secs(5),
        "p001 waited {took:?} for p000's lock"
    );
    let before = fs::read_to_string(dir.join("ledger.journal")).unwrap();
    let (out, _) = add("p000");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("being changed by another broker"), "{err}");
    assert_eq!(
        fs::read_to_string(dir.join("ledger.journal")).unwrap(),
        before
    );
}
