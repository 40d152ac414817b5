//! The app as people see and use it: every screen rendered on the demo workspace at a fixed
//! "today" (snapshots at 80x24 and 120x40), and key sequences with the state and files they
//! leave behind.

mod support;

use std::fs;

use careledger::core::journal::Journal;
use careledger::store::Workspace;
use careledger::tui::app::{Overlay, Screen};
use careledger::tui::state::{Purpose, StatusTone};
use careledger::tui::{App, view};
use chrono::NaiveDate;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;
use support::app::{Demo, app, ctrl, demo, options, press, render, type_text};
use unicode_width::UnicodeWidthStr;

fn journal(d: &Demo, id: &str) -> String {
    fs::read_to_string(d.root.join("holders").join(id).join("ledger.journal")).unwrap()
}

fn snap(name: &str, app: &App) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

#[test]
fn every_screen_on_the_demo_workspace() {
    let d = demo();
    let mut a = app(&d, None);
    snap("people", &a);
    // Ann is the third row when sorted by need of attention; find her by name instead.
    press(&mut a, &[KeyCode::Char('/')]);
    type_text(&mut a, "ann");
    press(&mut a, &[KeyCode::Enter]);
    snap("people_found", &a);
    press(&mut a, &[KeyCode::Enter]);
    assert_eq!(a.screen, Screen::Dashboard);
    snap("dashboard", &a);
    press(&mut a, &[KeyCode::Char('2')]);
    snap("register", &a);
    press(&mut a, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter]);
    snap("details", &a);
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('3')]);
    snap("plan", &a);
    press(&mut a, &[KeyCode::Char('?')]);
    snap("help_plan", &a);
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('a')]);
    snap("add_form", &a);
    ctrl(&mut a, 's');
    snap("add_form_problems", &a);
    press(&mut a, &[KeyCode::Esc]);
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Char('x')]);
    snap("reverse_question", &a);
    press(&mut a, &[KeyCode::Char('n'), KeyCode::Char('f')]);
    snap("filter_form", &a);
}

/// With several streams the chart has a line for each, named in its legend, beside the
/// total; the sentences name each stream too.
#[test]
fn the_chart_has_a_line_for_each_stream_where_there_are_several() {
    let d = demo();
    let a = app(&d, Some("ben"));
    let screen = render(&a, 120, 40);
    insta::assert_snapshot!("dashboard_ben_chart_120x40", screen);
    let h = a.open.as_ref().unwrap();
    for s in &h.position.streams {
        assert!(
            screen.contains(&s.label),
            "{} not in the legend:\n{screen}",
            s.label
        );
    }
    assert!(screen.contains("spent, all streams"), "{screen}");
}

#[test]
fn a_holder_whose_files_are_bad_gets_an_error_screen_with_the_way_out() {
    let d = demo();
    let path = d.root.join("holders/ben/ledger.journal");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        text.replacen("    expenses:", "    expenses:x  £1.234\n    expenses:", 1),
    )
    .unwrap();
    let mut a = app(&d, None);
    snap("people_with_broken_holder", &a);
    let ben = a
        .people_shown()
        .iter()
        .position(|&i| a.people[i].id == "ben")
        .unwrap();
    a.people_sel = ben;
    press(&mut a, &[KeyCode::Enter]);
    let screen = render(&a, 80, 24);
    assert!(screen.contains("holders/ben/ledger.journal:"), "{screen}");
    snap("error_screen", &a);
    // Everyone else still opens.
    press(&mut a, &[KeyCode::Esc]);
    assert_eq!(a.screen, Screen::Holders);
    a.people_sel = a
        .people_shown()
        .iter()
        .position(|&i| a.people[i].id == "dev")
        .unwrap();
    press(&mut a, &[KeyCode::Enter]);
    assert!(a.open.is_some());
}

/// While the window is too small to see anything, keys do nothing but quit: a payment
/// cannot be recorded unseen.
#[test]
fn keys_do_nothing_but_quit_while_the_window_is_too_small() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    let screen = render(&a, 40, 12);
    assert!(screen.contains("too small"), "{screen}");
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Char('a')]);
    type_text(&mut a, "Corner Shop");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "12.00");
    ctrl(&mut a, 's');
    press(
        &mut a,
        &[KeyCode::Char('x'), KeyCode::Char('y'), KeyCode::Char('c')],
    );
    assert!(a.overlays.is_empty(), "{:?}", a.overlays.last());
    assert_eq!(a.screen, Screen::Dashboard);
    assert_eq!(journal(&d, "ann"), before);
    // Big enough again: keys act.
    render(&a, 80, 24);
    press(&mut a, &[KeyCode::Char('2')]);
    assert_eq!(a.screen, Screen::Register);
    // Small again: q still quits.
    render(&a, 40, 12);
    press(&mut a, &[KeyCode::Char('q')]);
    assert!(a.quit);
}

#[test]
fn a_window_too_small_gets_a_message_not_a_garbled_screen() {
    let d = demo();
    let a = app(&d, Some("ann"));
    let screen = render(&a, 40, 10);
    insta::assert_snapshot!("too_small_40x10", screen);
    assert!(screen.contains("too small"));
}

/// Payees in other scripts: Chinese takes two cells a character, an accent written as a
/// combining mark none, an emoji two. The register's columns are cut and padded in cells, so
/// every row's receipt still starts under "Receipt".
#[test]
fn the_register_lines_up_payees_that_are_not_one_cell_a_character() {
    let d = demo();
    let path = d.root.join("holders/ann/ledger.journal");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(concat!(
        "\n2026-10-15 * 北京烤鸭店 Corner Kitchen | Birthday meal out\n",
        "    ; outcome: see-friends\n",
        "    ; stream: social-care\n",
        "    ; receipt: R-0081\n",
        "    expenses:activities  £48.00\n",
        "    assets:direct-payment:social-care\n",
        "\n2026-10-15 * Cafe\u{301} Ame\u{301}lie\u{301} Tea Rooms | Lunch\n",
        "    ; outcome: see-friends\n",
        "    ; stream: social-care\n",
        "    ; receipt: R-0082\n",
        "    expenses:activities  £9.50\n",
        "    assets:direct-payment:social-care\n",
        "\n2026-10-15 * 🚕 Dalesway Taxis 🚕 and sons of Dalesway, Westdale | Taxi home\n",
        "    ; outcome: see-friends\n",
        "    ; stream: social-care\n",
        "    ; receipt: R-0083\n",
        "    expenses:travel  £12.40\n",
        "    assets:direct-payment:social-care\n",
    ));
    fs::write(&path, text).unwrap();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2')]);
    snap("register_wide_payees", &a);
    for (w, h) in [(80, 24), (120, 40)] {
        let screen = render(&a, w, h);
        let lines: Vec<&str> = screen.lines().collect();
        let cell_of = |line: &str, byte: usize| UnicodeWidthStr::width(&line[..byte]);
        let header = lines.iter().find(|l| l.contains("Receipt")).unwrap();
        let column = cell_of(header, header.find("Receipt").unwrap());
        let rows: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.contains(" 2026-"))
            .collect();
        assert!(rows.len() > 10, "{screen}");
        for payee in ["北京烤鸭店", "Cafe\u{301}", "🚕"] {
            assert!(rows.iter().any(|r| r.contains(payee)), "{payee}:\n{screen}");
        }
        // Where the window is wide enough, each row ends with the entry's ID, in its column.
        let id_column = header
            .find(" ID ")
            .or_else(|| {
                header
                    .trim_end_matches('│')
                    .trim_end()
                    .strip_suffix(" ID")
                    .map(|h| h.len())
            })
            .map(|b| cell_of(header, b + 1));
        assert_eq!(id_column.is_some(), w >= 110, "{header}");
        for row in rows {
            // The receipt is the last word on the row before the border (or before the ID).
            let mut row = row.trim_end_matches('│').trim_end();
            if let Some(id_column) = id_column {
                let id = row.rfind(' ').unwrap() + 1;
                assert_eq!(
                    cell_of(row, id),
                    id_column,
                    "at {w}x{h}, the ID of {row:?} does not line up:\n{screen}"
                );
                row = row[..id].trim_end();
            }
            let receipt = row.rfind(' ').unwrap() + 1;
            assert_eq!(
                cell_of(row, receipt),
                column,
                "at {w}x{h}, {row:?} does not line up:\n{screen}"
            );
            assert!(UnicodeWidthStr::width(row) <= w as usize, "{row:?}");
        }
    }
}

/// The cursor in a form (and in the search line) sits after what was typed, counted in cells.
#[test]
fn the_cursor_follows_wide_characters_typed_into_a_form() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    let cursor = |a: &App| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| view::view(a, f)).unwrap();
        let screen = render(a, 80, 24);
        let pos = t.get_cursor_position().unwrap();
        (pos, screen)
    };
    press(&mut a, &[KeyCode::Char('a')]);
    let (start, _) = cursor(&a);
    type_text(&mut a, "北京烤鸭店");
    let (end, screen) = cursor(&a);
    assert_eq!((end.x - start.x, end.y), (10, start.y), "{screen}");
    press(&mut a, &[KeyCode::Left]);
    assert_eq!(cursor(&a).0.x - start.x, 8);
    press(
        &mut a,
        &[KeyCode::Esc, KeyCode::Char('y'), KeyCode::Char('2')],
    );
    press(&mut a, &[KeyCode::Char('/')]);
    let (start, _) = cursor(&a);
    type_text(&mut a, "Cafe\u{301}");
    let (end, screen) = cursor(&a);
    assert_eq!(end.x - start.x, 4, "{screen}");
}

/// A row taller than the window (a long "what matters" in a small window) is shown from its
/// start, with the cursor on it, whichever way the list was scrolled.
#[test]
fn a_row_taller_than_the_window_is_shown_from_its_start() {
    let d = demo();
    let path = d.root.join("holders/ann/plan.toml");
    let plan = fs::read_to_string(&path).unwrap();
    let long = "I want to get up at my own pace. ".repeat(30);
    fs::write(
        &path,
        plan.replacen(
            "what_matters = \"I want to get up at my own pace and stay in the home I have lived in for 40 years.\"",
            &format!("what_matters = \"{long}The end.\""),
            1,
        ),
    )
    .unwrap();
    for accessible in [false, true] {
        let mut a = App::new(Workspace::at(&d.root), options(accessible), Some("ann"));
        press(&mut a, &[KeyCode::Char('3')]);
        let mut seen = false;
        for _ in 0..40 {
            press(&mut a, &[KeyCode::Down]);
            let mut t = Terminal::new(TestBackend::new(60, 16)).unwrap();
            t.draw(|f| view::view(&a, f)).unwrap();
            let screen = render(&a, 60, 16);
            let selected = |l: &&str| l.trim_start_matches('│').starts_with('>');
            // By ear the focused row is the cursor's line (shown reversed, no marker).
            let pos = t.get_cursor_position().unwrap();
            let row = if accessible {
                screen.lines().nth(pos.y as usize)
            } else {
                screen.lines().find(selected)
            };
            let Some(row) = row else {
                panic!("no row selected:\n{screen}")
            };
            if row.contains("What matters: I want") {
                seen = true;
            }
        }
        assert!(seen, "the long row was selected and shown from its start");
        // And back up past it.
        for _ in 0..40 {
            press(&mut a, &[KeyCode::Up]);
            render(&a, 60, 16);
        }
    }
}

/// Press Page Down until the selection stops moving; every screen drawn on the way, joined.
fn page_through(a: &mut App, w: u16, h: u16) -> String {
    let mut seen = render(a, w, h);
    loop {
        let before = (a.open.as_ref().map(|h| (h.sel, h.dash_sel)), a.people_sel);
        press(a, &[KeyCode::PageDown]);
        seen.push_str(&render(a, w, h));
        if (a.open.as_ref().map(|h| (h.sel, h.dash_sel)), a.people_sel) == before {
            return seen;
        }
    }
}

/// Page Down moves by what the window showed, so paging through a list shows every row of
/// it, whether rows take one line or (wrapped, in screen-reader mode) several.
#[test]
fn paging_down_shows_every_row() {
    let d = demo();
    for (accessible, w, h) in [
        (false, 80, 24),
        (true, 80, 24),
        (false, 60, 16),
        (true, 60, 16),
    ] {
        let mut a = App::new(Workspace::at(&d.root), options(accessible), Some("ann"));
        let rows = careledger::tui::screens::dashboard::rows(a.open.as_ref().unwrap(), &a.opts);
        let seen = page_through(&mut a, w, h);
        for row in rows.iter().map(|r| r.text()).filter(|t| !t.is_empty()) {
            let start: String = row.chars().take(20).collect();
            assert!(
                seen.contains(start.trim_end()),
                "dashboard (reader {accessible}) {w}x{h}: {row:?} never shown"
            );
        }
        press(&mut a, &[KeyCode::Char('2')]);
        let seen = page_through(&mut a, w, h);
        let open = a.open.as_ref().unwrap();
        for k in 0..open.view.len() {
            let (_, _, e) = open.entry(k).unwrap();
            let start = if accessible {
                format!(
                    "{}: {}",
                    e.date.format("%-d %b %Y"),
                    careledger::core::words::paid(e.amount)
                )
            } else {
                format!("{} ", e.date)
            };
            assert!(
                seen.contains(&start),
                "register (reader {accessible}) {w}x{h}: entry {k} ({start}) never shown"
            );
        }
    }
}

/// A list scrolled to its end, drawn in a window that has grown, fills the window: no empty
/// lines below its last row while rows above it are hidden.
#[test]
fn a_list_at_its_end_fills_a_window_that_grew() {
    let d = demo();
    for accessible in [false, true] {
        let mut a = App::new(Workspace::at(&d.root), options(accessible), Some("ann"));
        press(&mut a, &[KeyCode::Char('2'), KeyCode::End]);
        render(&a, 60, 16);
        let screen = render(&a, 80, 24);
        let lines: Vec<&str> = screen.lines().collect();
        // The list runs from under its headings to the line above the bottom border
        // (sighted), or from under its heading to the status line (screen reader).
        let list = if accessible {
            &lines[2..=21]
        } else {
            &lines[4..=20]
        };
        let empty = list
            .iter()
            .rev()
            .take_while(|l| l.trim_matches(|c| c == '│' || c == ' ').is_empty())
            .count();
        // A wrapped entry takes up to three lines here: fewer than that may be left over.
        let room = if accessible { 2 } else { 0 };
        assert!(empty <= room, "reader {accessible}:\n{screen}");
        assert!(accessible || screen.contains("> "), "{screen}");
    }
}

#[test]
fn adding_a_payment_writes_one_entry_that_reads_back() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('a')]);
    type_text(&mut a, "Dal");
    press(&mut a, &[KeyCode::Right, KeyCode::Tab]); // accept "Dalesway Taxis"
    type_text(&mut a, "12.40");
    // Leaving the payee filled in their usual outcome and category, and said so.
    assert!(
        a.status
            .starts_with("As last time for Dalesway Taxis (8 October 2026): outcome Keep seeing my friends, category travel."),
        "{}",
        a.status
    );
    press(
        &mut a,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    type_text(&mut a, "T-99");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "to lunch club");
    press(&mut a, &[KeyCode::Enter]); // Enter on the last field saves
    assert!(a.overlays.is_empty(), "{:?}", a.status);
    assert!(
        a.status.starts_with("Saved: Dalesway Taxis £12.40"),
        "{}",
        a.status
    );
    let after = journal(&d, "ann");
    assert!(after.starts_with(&before), "only text is added");
    let added = &after[before.len()..];
    assert!(
        added.contains("2026-10-15 Dalesway Taxis | to lunch club"),
        "{added}"
    );
    assert!(added.contains("; outcome: see-friends"), "{added}");
    assert!(added.contains("expenses:travel "), "{added}");
    assert!(added.contains("; receipt: T-99"), "{added}");
    // More than one person in the workspace: who entered it is recorded.
    assert!(added.contains("; entered-by: tester"), "{added}");
    let j = Journal::parse(after).unwrap();
    assert_eq!(j.payee(j.transactions().last().unwrap()), "Dalesway Taxis");
    // The register shows it at the top.
    let h = a.open.as_ref().unwrap();
    assert_eq!(h.entry(0).unwrap().2.payee, "Dalesway Taxis");
}

#[test]
fn a_form_with_problems_says_what_is_wrong_and_writes_nothing() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    press(
        &mut a,
        &[KeyCode::Char('a'), KeyCode::BackTab, KeyCode::Backspace],
    );
    type_text(&mut a, "9/13/2026");
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut a, "12.345");
    ctrl(&mut a, 's');
    let Some(Overlay::Form { form, .. }) = a.overlays.last() else {
        panic!("the form should stay open: {}", a.status)
    };
    let problems: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter_map(|f| Some((f.label, f.error.as_deref()?)))
        .collect();
    let labels: Vec<&str> = problems.iter().map(|p| p.0).collect();
    assert_eq!(
        labels,
        ["Date", "Paid to", "Amount", "Outcome"],
        "{problems:?}"
    );
    assert!(problems[0].1.contains("not a date"), "{problems:?}");
    assert!(problems[2].1.contains("decimal"), "{problems:?}");
    assert_eq!(form.focus, 0, "focus goes to the first problem");
    assert!(
        a.status.starts_with("Not saved: 4 fields to put right."),
        "{}",
        a.status
    );
    assert_eq!(journal(&d, "ann"), before);
}

/// A refusal stands out on the status line (bold, and red with colour) because the state
/// says it is one, not because of its words; the next message is plain again.
#[test]
fn a_refusal_stands_out_on_the_status_line_until_the_next_message() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    let status_style = |a: &App| {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| view::view(a, f)).unwrap();
        let cell = t.backend().buffer()[(0, 22)].clone();
        (cell.symbol().to_string(), cell.modifier)
    };
    press(&mut a, &[KeyCode::Char('a')]);
    assert_eq!(a.status_tone, StatusTone::Neutral);
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Not saved"), "{}", a.status);
    assert_eq!(a.status_tone, StatusTone::Warning);
    let (first, modifier) = status_style(&a);
    assert_eq!(first, "N");
    assert!(modifier.contains(Modifier::BOLD), "{modifier:?}");
    press(&mut a, &[KeyCode::Tab]);
    assert_eq!(a.status_tone, StatusTone::Neutral);
    assert!(!status_style(&a).1.contains(Modifier::BOLD), "{}", a.status);
    // A message whose words begin "Not" is not a refusal unless it is said as one.
    a.state.say("Not much has been spent this month.");
    assert!(!status_style(&a).1.contains(Modifier::BOLD));
}

#[test]
fn cancelling_asks_only_when_something_was_typed() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('a'), KeyCode::Esc]);
    assert!(a.overlays.is_empty());
    press(&mut a, &[KeyCode::Char('a')]);
    type_text(&mut a, "Someone");
    press(&mut a, &[KeyCode::Esc]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Confirm { .. })));
    press(&mut a, &[KeyCode::Char('n')]);
    assert!(
        matches!(a.overlays.last(), Some(Overlay::Form { .. })),
        "n keeps the form"
    );
    // q is typing inside a form, and Ctrl-C asks before losing it.
    type_text(&mut a, "q");
    ctrl(&mut a, 'c');
    assert!(!a.quit);
    press(
        &mut a,
        &[KeyCode::Char('n'), KeyCode::Esc, KeyCode::Char('y')],
    );
    assert!(a.overlays.is_empty());
    assert_eq!(journal(&d, "ann"), before);
    press(&mut a, &[KeyCode::Char('q')]);
    assert!(a.quit);
}

#[test]
fn editing_changes_only_that_entry() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    // The third newest entry is a payment to Tomasz Nowak of £105.60.
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Down]);
    let (_, ti, e) = a.open.as_ref().unwrap().entry(2).unwrap();
    assert_eq!(
        (e.payee, e.amount.to_string().as_str()),
        ("Tomasz Nowak", "-£105.60")
    );
    let old = Journal::parse(before.clone()).unwrap();
    let old_source = old.source(&old.transactions()[ti]).to_string();
    press(&mut a, &[KeyCode::Char('e'), KeyCode::Tab, KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "110.00");
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Saved the change"), "{}", a.status);
    let after = journal(&d, "ann");
    let new = Journal::parse(after.clone()).unwrap();
    let new_source = new.source(&new.transactions()[ti]).to_string();
    assert!(new_source.contains("£110.00"), "{new_source}");
    assert_eq!(
        before.replace(&old_source, &new_source),
        after,
        "nothing else changed"
    );
}

#[test]
fn reversing_adds_an_opposite_entry_after_a_question_naming_it() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    press(
        &mut a,
        &[
            KeyCode::Char('2'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char('x'),
        ],
    );
    let Some(Overlay::Confirm { question, .. }) = a.overlays.last() else {
        panic!("x asks first")
    };
    assert!(
        question.starts_with("Reverse £105.60 paid to Tomasz Nowak on 13 October 2026?"),
        "{question}"
    );
    press(&mut a, &[KeyCode::Char('n')]);
    assert_eq!(journal(&d, "ann"), before);
    press(&mut a, &[KeyCode::Char('x'), KeyCode::Char('y')]);
    let after = journal(&d, "ann");
    let added = &after[before.len()..];
    assert!(
        added.contains("2026-10-15 Tomasz Nowak | reversal of the entry of 2026-10-13"),
        "{added}"
    );
    assert!(added.contains("£-105.60"), "{added}");
    let h = a.open.as_ref().unwrap();
    assert_eq!(h.entry(0).unwrap().2.amount.to_string(), "£105.60");
}

#[test]
fn toggling_cleared_changes_only_the_mark() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    // Newest-but-two is pending (!) in the demo.
    press(
        &mut a,
        &[
            KeyCode::Char('2'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Char('c'),
        ],
    );
    assert!(
        a.status.starts_with("Marked cleared: Tomasz Nowak"),
        "{}",
        a.status
    );
    let after = journal(&d, "ann");
    assert_eq!(after.len(), before.len());
    assert_eq!(
        before
            .lines()
            .zip(after.lines())
            .filter(|(x, y)| x != y)
            .count(),
        1
    );
}

#[test]
fn search_and_filter_narrow_the_register() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Char('/')]);
    type_text(&mut a, "TAXI");
    press(&mut a, &[KeyCode::Enter]);
    let h = a.open.as_ref().unwrap();
    let n = h.view.len();
    assert!(n >= 3 && n < h.order.len(), "{n}");
    assert!((0..n).all(|k| h.entry(k).unwrap().2.payee.contains("Taxis")));
    assert!(a.status.starts_with("Search \"TAXI\":"), "{}", a.status);
    press(&mut a, &[KeyCode::Char('F')]);
    assert_eq!(
        a.open.as_ref().unwrap().view.len(),
        a.open.as_ref().unwrap().order.len()
    );
    // Filter: outcome "Stay living in my own home", from 1 October.
    press(
        &mut a,
        &[
            KeyCode::Char('f'),
            KeyCode::Right,
            KeyCode::Tab,
            KeyCode::Tab,
        ],
    );
    type_text(&mut a, "2026-10-01");
    ctrl(&mut a, 's');
    let h = a.open.as_ref().unwrap();
    assert!(a.status.starts_with("Filter applied"), "{}", a.status);
    let rows: Vec<_> = (0..h.view.len()).map(|k| h.entry(k).unwrap().2).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|e| e.outcome == Some("stay-at-home")
        && e.date >= NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()));
    // A bad date is a field problem, and the filter stays as it was.
    press(
        &mut a,
        &[KeyCode::Char('f'), KeyCode::Tab, KeyCode::Tab, KeyCode::Tab],
    );
    type_text(&mut a, "soon");
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Not saved: 1 field"), "{}", a.status);
}

#[test]
fn plan_edits_keep_the_persons_comments() {
    let d = demo();
    let path = d.root.join("holders/ann/plan.toml");
    let before = fs::read_to_string(&path).unwrap();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('3')]);
    // Walk down to the first allocation row.
    for _ in 0..40 {
        let status_before = a.status.clone();
        press(&mut a, &[KeyCode::Down]);
        let _ = status_before;
        press(&mut a, &[KeyCode::Char('e')]);
        match a.overlays.last() {
            Some(Overlay::Form {
                purpose: Purpose::Allocation { .. },
                ..
            }) => break,
            // A funding stream's row opens its dated-change form: not this test's.
            Some(Overlay::Form { .. }) => press(&mut a, &[KeyCode::Esc]),
            _ => {}
        }
    }
    let Some(Overlay::Form { form, .. }) = a.overlays.last() else {
        panic!("no allocation row found: {}", a.status)
    };
    assert_eq!(form.fields[0].value(), "15000.00");
    ctrl(&mut a, 'u');
    type_text(&mut a, "14500");
    ctrl(&mut a, 's');
    assert!(a.status.contains("is now £14,500.00"), "{}", a.status);
    let after = fs::read_to_string(&path).unwrap();
    assert_eq!(
        before.replace(
            "allocation = { social-care = \"15000.00\" }",
            "allocation = { social-care = \"14500.00\" }"
        ),
        after
    );
    let h = a.open.as_ref().unwrap();
    assert_eq!(h.position.outcomes[0].allocated.to_string(), "£14,500.00");
}

#[test]
fn a_change_on_disk_is_read_and_never_overwritten() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2')]);
    let seen = a
        .open
        .as_ref()
        .unwrap()
        .entry(0)
        .unwrap()
        .2
        .payee
        .to_string();
    press(&mut a, &[KeyCode::Char('e')]);
    // Someone else adds an entry while the form is open.
    let path = d.root.join("holders/ann/ledger.journal");
    let mut text = fs::read_to_string(&path).unwrap();
    let added = "\n2026-10-15 Corner Shop\n    ; outcome: stay-at-home\n    ; receipt: C1\n    expenses:stay-at-home  £3.00\n    assets:direct-payment:social-care\n";
    text.push_str(added);
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, &text).unwrap();
    a.tick();
    assert!(
        matches!(a.overlays.last(), Some(Overlay::Form { .. })),
        "the form survives a reload"
    );
    // The entry being edited is still the one shown, so the change goes to it, and the
    // entry added on disk is kept as it was typed.
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    for _ in 0..10 {
        press(&mut a, &[KeyCode::Backspace]);
    }
    for c in "7.77".chars() {
        press(&mut a, &[KeyCode::Char(c)]);
    }
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Saved the change"), "{}", a.status);
    let after = fs::read_to_string(&path).unwrap();
    assert!(
        after.ends_with(added),
        "the outside addition is kept: {after}"
    );
    let h = a.open.as_ref().unwrap();
    assert_eq!(h.entry(0).unwrap().2.payee, "Corner Shop");
    let edited = (0..h.view.len())
        .filter_map(|k| h.entry(k))
        .find(|(_, _, e)| e.amount.abs().to_string() == "£7.77")
        .expect("the edited entry");
    assert_eq!(edited.2.payee, seen, "the change went to the entry shown");
}

#[test]
fn an_entry_changed_on_disk_while_its_form_is_open_is_not_written_over() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2')]);
    let h = a.open.as_ref().unwrap();
    let (_, ti, e) = h.entry(0).unwrap();
    let old = h
        .journal(0)
        .source(&h.journal(0).transactions()[ti])
        .to_string();
    let amount = e.amount.abs().plain();
    press(&mut a, &[KeyCode::Char('e')]);
    // Someone else changes that very entry's amount in a text editor.
    let path = d.root.join("holders/ann/ledger.journal");
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace(&old, &old.replace(&amount, "1.23"));
    assert_ne!(text, fs::read_to_string(&path).unwrap());
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, &text).unwrap();
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Not saved."), "{}", a.status);
    assert!(
        a.status.contains("changed or removed on disk"),
        "{}",
        a.status
    );
    assert!(a.status.contains("nothing was written"), "{}", a.status);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn help_lists_the_keys_of_the_current_screen_from_the_table() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Char('?')]);
    let screen = render(&a, 120, 60);
    for line in [
        "x",
        "Reverse this entry (asks first)",
        "Record a payment",
        "Ctrl-S",
    ] {
        assert!(screen.contains(line), "{line} missing:\n{screen}");
    }
    press(&mut a, &[KeyCode::Esc]);
    assert!(a.overlays.is_empty());
}

#[test]
fn key_overrides_in_careledger_toml_change_keys_and_help() {
    let d = demo();
    fs::write(d.root.join("careledger.toml"), "[keys]\nadd = \"n\"\n").unwrap();
    let mut a = app(&d, Some("ann"));
    // n is also People's "new person": the clash is said when the app starts.
    assert!(
        a.status
            .contains("add = \"n\" clashes: on People n already means new-person"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Char('a')]);
    assert!(a.overlays.is_empty());
    press(&mut a, &[KeyCode::Char('n')]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Form { .. })));
    let footer = render(&a, 120, 40);
    let _ = footer;
    press(&mut a, &[KeyCode::Esc]);
    let screen = render(&a, 120, 40);
    assert!(screen.contains("n add"), "{screen}");
}

// --- Screen-reader mode and colour ---------------------------------------------------------

fn reader(d: &Demo, holder: Option<&str>) -> App {
    App::new(Workspace::at(&d.root), options(true), holder)
}

/// Draw, then check what a screen reader needs: no box, block or braille characters, and
/// the cursor shown on the line of the focused item: a list's item, or a form field's label,
/// shown reversed, with no marker written beside it (which would change two lines at a
/// move, and a screen reader would read both).
fn reader_frame(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::view(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut lines = Vec::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
        for c in line.chars() {
            let u = c as u32;
            assert!(
                !(0x2500..=0x259F).contains(&u) && !(0x2800..=0x28FF).contains(&u),
                "{c:?} drawn in screen-reader mode:\n{}",
                lines.join("\n")
            );
        }
        lines.push(line.trim_end().to_string());
    }
    let screen = lines.join("\n");
    let pos = t.get_cursor_position().unwrap();
    let focused = &lines[pos.y as usize];
    let reversed = buf[(pos.x, pos.y)].modifier.contains(Modifier::REVERSED);
    let reversed_row = (0..w).any(|x| buf[(x, pos.y)].modifier.contains(Modifier::REVERSED));
    assert!(
        !lines.iter().any(|l| l.trim_start().starts_with("> ")),
        "a focus marker written in screen-reader mode:\n{}",
        lines.join("\n")
    );
    let form = matches!(app.overlays.last(), Some(Overlay::Form { .. }));
    assert!(
        (form && reversed_row && !focused.trim().is_empty())
            || (!form && reversed && !focused.trim().is_empty())
            || app.overlays.iter().any(|o| matches!(
                o,
                Overlay::Confirm { .. }
                    | Overlay::Help { .. }
                    | Overlay::Details { .. }
                    | Overlay::Search { .. }
            ))
            || app.error.is_some(),
        "the cursor ({}, {}) is not on the focused item ({focused:?}):\n{screen}",
        pos.x,
        pos.y
    );
    t.backend_mut().assert_cursor_position(pos);
    screen
}

#[test]
fn screen_reader_walk_through_every_screen_keeps_the_cursor_on_the_focus() {
    let d = demo();
    let mut a = reader(&d, None);
    let steps: Vec<(&str, Vec<KeyCode>)> = vec![
        ("people", vec![]),
        ("down", vec![KeyCode::Down]),
        ("open", vec![KeyCode::Enter]),
        (
            "dashboard down",
            vec![KeyCode::Down, KeyCode::Down, KeyCode::Down],
        ),
        ("register", vec![KeyCode::Char('2')]),
        ("register down", vec![KeyCode::Down, KeyCode::PageDown]),
        ("details", vec![KeyCode::Enter]),
        ("back", vec![KeyCode::Esc]),
        ("plan", vec![KeyCode::Char('3')]),
        ("plan down", vec![KeyCode::Down, KeyCode::Down]),
        ("help", vec![KeyCode::Char('?')]),
        ("close help", vec![KeyCode::Esc]),
        ("add", vec![KeyCode::Char('a')]),
        ("next field", vec![KeyCode::Tab]),
        ("next field", vec![KeyCode::Tab]),
        ("pick", vec![KeyCode::Right]),
        ("previous field", vec![KeyCode::BackTab]),
        ("cancel", vec![KeyCode::Esc, KeyCode::Char('y')]),
        ("filter", vec![KeyCode::Char('2'), KeyCode::Char('f')]),
        ("filter field", vec![KeyCode::Tab]),
        ("filter cancel", vec![KeyCode::Esc]),
        ("search", vec![KeyCode::Char('/')]),
        ("search done", vec![KeyCode::Esc]),
        ("reverse asks", vec![KeyCode::Char('x')]),
        ("no", vec![KeyCode::Char('n')]),
        ("people again", vec![KeyCode::Char('4')]),
    ];
    let mut seq = a.status_seq;
    for (what, keys) in steps {
        press(&mut a, &keys);
        for (w, h) in [(80, 24), (120, 40)] {
            let screen = reader_frame(&a, w, h);
            assert!(!screen.is_empty(), "{what}");
        }
        // Every change (not mere movement, which the cursor shows) is said in a sentence.
        let moved_only = what.ends_with("down");
        assert!(
            a.status_seq > seq || keys.is_empty() || moved_only,
            "{what}: no status message"
        );
        assert!(
            a.status.ends_with('.') || a.status.ends_with('?') || a.status.contains(": "),
            "{what}: {:?}",
            a.status
        );
        seq = a.status_seq;
    }
}

/// The line the cursor is on, as a screen reader reads it, for the focused item.
fn focused_line(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::view(app, f)).unwrap();
    let pos = t.get_cursor_position().unwrap();
    let buf = t.backend().buffer().clone();
    let line: String = (0..w)
        .map(|x| buf[(x, pos.y)].symbol().to_string())
        .collect();
    line.trim_end().to_string()
}

/// By ear every focus stop is an item that says something, on one line: the line the
/// cursor is on is the whole item (shortened to fit only when it must, with Enter showing
/// the rest), and the status line says where in the list the focus is.
#[test]
fn screen_reader_focus_stops_only_on_items_each_read_whole() {
    use careledger::tui::screens::{self, MORE, dashboard};
    let d = demo();
    let mut a = reader(&d, Some("ann"));
    let (w, h) = (80u16, 24u16);
    let rows = dashboard::rows(a.open.as_ref().unwrap(), &a.opts);
    let stops = screens::stops(&rows, true);
    assert!(
        stops.len() < rows.len(),
        "blank lines and bare headings are not stops"
    );
    let mut seen = Vec::new();
    for k in 0..stops.len() + 1 {
        let line = focused_line(&a, w, h);
        let sel = a.open.as_ref().unwrap().dash_sel;
        let row = &rows[screens::step(&rows, sel, 0, true).0];
        let text = row.text();
        assert!(!text.trim().is_empty(), "focus on a blank line");
        assert!(row.is_stop(), "focus on a bare heading: {text:?}");
        assert!(!line.starts_with("> "), "no marker by ear: {line}");
        let said = line.trim_start().to_string();
        if said.ends_with(MORE) {
            // Shortened: what is said is the start of the item, cut after a word.
            let head = said.strip_suffix(MORE).unwrap();
            assert!(
                text.starts_with(head),
                "{said:?} is not the start of {text:?}"
            );
            press(&mut a, &[KeyCode::Enter]);
            let Some(Overlay::Text { text: whole, .. }) = a.overlays.last() else {
                panic!("Enter shows the whole item")
            };
            assert_eq!(whole.trim_end(), text);
            assert!(a.status.starts_with(&text), "{}", a.status);
            press(&mut a, &[KeyCode::Left]);
            assert!(a.overlays.is_empty(), "Left goes back");
        } else {
            assert_eq!(said, text, "the cursor line is the whole item");
        }
        seen.push(said);
        let seq = a.status_seq;
        let section = screens::section_of(&rows, screens::step(&rows, sel, 1, true).0);
        let here = screens::section_of(&rows, screens::step(&rows, sel, 0, true).0);
        press(&mut a, &[KeyCode::Down]);
        if k + 2 == stops.len() {
            assert_eq!(a.status, format!("{0} of {0}, end of list.", stops.len()));
        } else if k + 1 < stops.len() && section != here {
            // Into a new section: its heading, and where the focus is.
            let heading = section.unwrap();
            assert_eq!(
                a.status,
                format!("{heading}. {} of {}.", k + 2, stops.len())
            );
        } else if k + 1 < stops.len() {
            // A step within a section: only the line the cursor moves to is new.
            assert_eq!(a.status_seq, seq, "said {:?}", a.status);
        }
    }
    assert_eq!(
        a.status,
        format!("End of list: {0} of {0}.", stops.len()),
        "Down at the end says so"
    );
    assert!(seen.len() == stops.len() + 1);
    // A jump says where it landed.
    press(&mut a, &[KeyCode::Home]);
    assert_eq!(a.status, format!("Top of list: 1 of {}.", stops.len()));
    press(&mut a, &[KeyCode::PageDown]);
    assert!(
        a.status.contains(&format!(" of {}", stops.len())),
        "{}",
        a.status
    );
    // The register: one line an entry, the bank mark and receipt before the rest.
    press(&mut a, &[KeyCode::Char('2')]);
    let seq_before_steps = a.status_seq;
    press(&mut a, &[KeyCode::Down, KeyCode::Down]);
    let line = focused_line(&a, w, h);
    assert!(
        line.starts_with(
            "  13 Oct 2026: paid out £105.60 to Tomasz Nowak; pending; receipt R-0080"
        ),
        "{line}"
    );
    assert_eq!(a.status_seq, seq_before_steps, "steps say nothing more");
    let screen = reader_frame(&a, w, h);
    let next = screen
        .lines()
        .skip_while(|l| !l.contains("Tomasz Nowak"))
        .nth(1)
        .unwrap();
    assert!(
        next.starts_with("  13 Oct 2026: paid out £211.20 to Joanne Pritchard"),
        "one line an entry: {next}"
    );
}

/// Nothing is drawn again, nor the cursor moved, while nothing happens: a screen reader
/// reads the focused line again on every cursor move.
#[test]
fn fifty_idle_ticks_change_nothing_on_screen() {
    let d = demo();
    let mut a = reader(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Down]);
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| view::view(&a, f)).unwrap();
    let buffer = t.backend().buffer().clone();
    let cursor = t.get_cursor_position().unwrap();
    for tick in 0..50 {
        assert!(
            !a.tick(),
            "tick {tick} asked for a redraw with nothing changed"
        );
        let mut again = Terminal::new(TestBackend::new(80, 24)).unwrap();
        again.draw(|f| view::view(&a, f)).unwrap();
        assert_eq!(again.backend().buffer(), &buffer, "tick {tick}");
        assert_eq!(again.get_cursor_position().unwrap(), cursor, "tick {tick}");
    }
    // A real change on disk is a reason to draw.
    let path = d.root.join("holders/ann/ledger.journal");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n2026-10-15 Corner Shop\n    ; outcome: stay-at-home\n    expenses:stay-at-home  £3.00\n    assets:direct-payment:social-care\n");
    std::thread::sleep(std::time::Duration::from_millis(20));
    fs::write(&path, &text).unwrap();
    assert!(a.tick());
}

/// After a save the sentence saying so goes out first, over the screen as it was; the
/// focus is then on the entry just written.
#[test]
fn after_a_save_the_confirmation_comes_first_and_the_focus_is_on_the_new_entry() {
    let d = demo();
    let mut a = reader(&d, Some("ann"));
    press(
        &mut a,
        &[
            KeyCode::Char('2'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Down,
        ],
    );
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let before = t.draw(|f| view::view(&a, f)).unwrap().buffer.clone();
    press(&mut a, &[KeyCode::Char('a')]);
    type_text(&mut a, "Corner Shop");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "12.00");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "k");
    ctrl(&mut a, 's');
    assert!(
        a.status.starts_with("Saved: Corner Shop £12.00"),
        "{}",
        a.status
    );
    assert!(a.status_first);
    let mut s = Terminal::new(TestBackend::new(80, 24)).unwrap();
    s.draw(|f| view::status_only(&a, f, &before)).unwrap();
    let first = s.backend().buffer().clone();
    let changed: Vec<u16> = (0..24)
        .filter(|&y| (0..80).any(|x| first[(x, y)] != before[(x, y)]))
        .collect();
    assert_eq!(changed, vec![22], "only the status line is written first");
    let row: String = (0..80)
        .map(|x| first[(x, 22)].symbol().to_string())
        .collect();
    assert!(row.starts_with("Saved: Corner Shop"), "{row}");
    // Then the screen, with the focus on the entry written (the newest, so the first).
    assert!(a.overlays.is_empty());
    assert_eq!(a.open.as_ref().unwrap().sel, 0);
    let line = focused_line(&a, 80, 24);
    assert!(
        line.starts_with("  15 Oct 2026: paid out £12.00 to Corner Shop"),
        "{line}"
    );
}

/// Left and Backspace go back wherever Esc does, outside text fields: some screen readers
/// keep Esc for themselves.
#[test]
fn left_and_backspace_go_back_like_esc() {
    let d = demo();
    let mut a = app(&d, None);
    press(&mut a, &[KeyCode::Char('/')]);
    type_text(&mut a, "ann");
    press(&mut a, &[KeyCode::Enter, KeyCode::Enter]);
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Enter]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Details { .. })));
    press(&mut a, &[KeyCode::Left]);
    assert!(a.overlays.is_empty());
    // By ear the entry view says its amount in words: a reversal's journal text says
    // £-105.60, its entry view does not.
    let mut r = reader(&d, Some("ann"));
    press(&mut r, &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Down]);
    press(
        &mut r,
        &[KeyCode::Char('x'), KeyCode::Char('y'), KeyCode::Enter],
    );
    let view = reader_frame(&r, 80, 24);
    assert!(
        view.contains("Received from: Tomasz Nowak") && view.contains("Amount: £105.60"),
        "{view}"
    );
    assert!(!view.contains("£-") && !view.contains("-£"), "{view}");
    assert!(journal(&d, "ann").contains("£-105.60"));
    press(&mut a, &[KeyCode::Char('?')]);
    press(&mut a, &[KeyCode::Backspace]);
    assert!(a.overlays.is_empty());
    press(&mut a, &[KeyCode::Char('x')]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Confirm { .. })));
    press(&mut a, &[KeyCode::Left]);
    assert!(a.overlays.is_empty());
    assert_eq!(a.status, "Nothing was changed.");
    press(&mut a, &[KeyCode::Backspace]);
    assert_eq!(a.screen, Screen::Holders);
    // In a text field Left moves along the text and Backspace deletes.
    press(&mut a, &[KeyCode::Char('/')]);
    type_text(&mut a, "bx");
    press(&mut a, &[KeyCode::Backspace, KeyCode::Left]);
    assert!(
        matches!(a.overlays.last(), Some(Overlay::Search { input, .. }) if input.value == "annb")
    );
}

#[test]
fn screen_reader_screens() {
    let d = demo();
    let mut a = reader(&d, Some("ann"));
    insta::assert_snapshot!("reader_dashboard_80x24", reader_frame(&a, 80, 24));
    // The chart's figures, by ear, at the end of the dashboard.
    insta::assert_snapshot!("reader_dashboard_120x40", reader_frame(&a, 120, 40));
    press(&mut a, &[KeyCode::Char('2')]);
    insta::assert_snapshot!("reader_register_80x24", reader_frame(&a, 80, 24));
    press(&mut a, &[KeyCode::Char('a')]);
    insta::assert_snapshot!("reader_add_form_80x24", reader_frame(&a, 80, 24));
    let mut b = reader(&d, None);
    insta::assert_snapshot!("reader_people_120x40", reader_frame(&b, 120, 40));
    press(&mut b, &[KeyCode::Char('?')]);
    let help = reader_frame(&b, 120, 40);
    assert!(help.contains("Keys on the People screen"), "{help}");
}

/// Colour is never the only carrier of meaning: with and without colour the text is the same.
#[test]
fn every_screen_says_the_same_with_and_without_colour() {
    let d = demo();
    let text_of = |color: bool, keys: &[KeyCode]| {
        let mut opts = options(false);
        opts.color = color;
        let mut a = App::new(Workspace::at(&d.root), opts, Some("ann"));
        press(&mut a, keys);
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| view::view(&a, f)).unwrap();
        let buf = t.backend().buffer().clone();
        let coloured = buf
            .content
            .iter()
            .any(|c| c.fg != ratatui::style::Color::Reset || c.bg != ratatui::style::Color::Reset);
        let text: String = buf.content.iter().map(|c| c.symbol().to_string()).collect();
        (text, coloured)
    };
    for keys in [
        vec![],
        vec![KeyCode::Char('2')],
        vec![KeyCode::Char('3')],
        vec![KeyCode::Char('a')],
        vec![KeyCode::Char('?')],
    ] {
        let (with, coloured) = text_of(true, &keys);
        let (without, plain) = text_of(false, &keys);
        assert_eq!(with, without, "{keys:?}");
        assert!(!plain, "colour drawn with colour off: {keys:?}");
        let _ = coloured;
    }
}

// --- Reports, bank statements and checking against the bank -----------------------------

#[test]
fn a_report_is_shown_and_saved_to_a_file() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('m')]);
    // Monitoring return, the first quarter (April to June), Markdown, saved.
    press(&mut a, &[KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "2026-q1");
    press(
        &mut a,
        &[KeyCode::Tab, KeyCode::Tab, KeyCode::Right, KeyCode::Tab],
    );
    type_text(&mut a, "q1-return.md");
    ctrl(&mut a, 's');
    let Some(Overlay::Text { text, .. }) = a.overlays.last() else {
        panic!("the report is shown: {}", a.status)
    };
    assert!(text.contains("was saved to q1-return.md"), "{text}");
    let saved = fs::read_to_string(d.root.join("q1-return.md")).unwrap();
    assert!(saved.starts_with('#'), "Markdown: {saved}");
    assert!(saved.contains("2026"), "{saved}");
    // Saving again to the same name is refused, and the file is left alone.
    press(
        &mut a,
        &[
            KeyCode::Esc,
            KeyCode::Char('m'),
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Tab,
        ],
    );
    type_text(&mut a, "q1-return.md");
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Not done."), "{}", a.status);
    assert!(a.status.contains("already exists"), "{}", a.status);
    assert_eq!(
        fs::read_to_string(d.root.join("q1-return.md")).unwrap(),
        saved
    );
}

/// The app's accounts of imports and bank checks say amounts in words and name its keys,
/// never a signed amount or a command-line flag.
fn no_signs_or_flags(text: &str) {
    for bad in ["-£", "£-", "--", "careledger "] {
        assert!(!text.contains(bad), "{bad:?} in:\n{text}");
    }
}

#[test]
fn a_bank_statement_is_previewed_then_imported_once() {
    let d = demo();
    let csv = d.root.join("statement.csv");
    fs::write(
        &csv,
        "Date,Description,Amount\n2026-10-15,CORNER SHOP LTD,-6.40\n2026-10-15,WESTDALE LIBRARY CAFE,-3.10\n",
    )
    .unwrap();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('I')]);
    type_text(&mut a, csv.to_str().unwrap());
    ctrl(&mut a, 's');
    let Some(Overlay::Confirm { question, .. }) = a.overlays.last() else {
        panic!("a preview and a question come first: {}", a.status)
    };
    assert!(
        question.starts_with("Import these entries now?"),
        "{question}"
    );
    assert!(question.contains("CORNER SHOP"), "{question}");
    no_signs_or_flags(question);
    assert!(
        question.contains("line 2: 2026-10-15 CORNER SHOP LTD paid out £6.40"),
        "{question}"
    );
    // The table of rows to add says its amounts in words too.
    assert!(
        question
            .lines()
            .any(|l| l.starts_with("2026-10-15  CORNER SHOP LTD") && l.contains(" paid out £6.40 ")),
        "{question}"
    );
    assert_eq!(journal(&d, "ann"), before, "the preview writes nothing");
    press(&mut a, &[KeyCode::Char('y')]);
    let after = journal(&d, "ann");
    assert!(after.len() > before.len());
    assert!(
        after.contains("£6.40") && after.contains("£3.10"),
        "{after}"
    );
    // The same statement again adds nothing.
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('I')]);
    type_text(&mut a, csv.to_str().unwrap());
    ctrl(&mut a, 's');
    press(&mut a, &[KeyCode::Char('y')]);
    assert_eq!(journal(&d, "ann"), after);
}

#[test]
fn checking_against_the_bank_names_the_difference_then_locks_what_it_covers() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('b'), KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "2026-10-12");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "100.00");
    ctrl(&mut a, 's');
    let Some(Overlay::Text { text, .. }) = a.overlays.last() else {
        panic!("{}", a.status)
    };
    assert!(text.contains("Difference:"), "{text}");
    assert!(text.contains("Nothing was written."), "{text}");
    no_signs_or_flags(text);
    // Worked out by hand: the pending entries up to 12 October (the taxi of 8 October and
    // the two of 13 October are after it) are listed in words, with the app's key.
    assert!(
        text.contains("mark those the statement shows as cleared (c in the register)."),
        "{text}"
    );
    assert!(
        text.contains("8 October 2026 Dalesway Taxis: paid out £15.60; pending; ID "),
        "{text}"
    );
    // The right balance: £4,375.18 cleared, plus the pending taxi once it is marked cleared.
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('b'), KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "2026-10-07");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "4375.18");
    ctrl(&mut a, 's');
    let Some(Overlay::Text { text, .. }) = a.overlays.last() else {
        panic!("{}", a.status)
    };
    assert!(!text.contains("Not reconciled"), "{text}");
    // An entry from before the check now asks before it is changed.
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('2')]);
    let h = a.open.as_ref().unwrap();
    let k = (0..h.view.len())
        .find(|&k| h.entry(k).unwrap().2.date < NaiveDate::from_ymd_opt(2026, 10, 1).unwrap())
        .unwrap();
    a.open.as_mut().unwrap().sel = k;
    press(&mut a, &[KeyCode::Char('e')]);
    let Some(Overlay::Confirm { question, .. }) = a.overlays.last() else {
        panic!("editing a checked entry asks first: {}", a.status)
    };
    assert!(
        question.contains("checked against the bank on 7 October 2026"),
        "{question}"
    );
    press(&mut a, &[KeyCode::Char('y')]);
    assert!(matches!(a.overlays.last(), Some(Overlay::Form { .. })));
}

#[test]
fn an_empty_workspace_welcomes_and_sets_up_the_first_person() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = Workspace::at(tmp.path().join("ws"));
    ws.init().unwrap();
    let mut a = App::new(ws, options(false), None);
    assert!(
        a.status.starts_with("Welcome to careledger."),
        "{}",
        a.status
    );
    insta::assert_snapshot!("welcome_80x24", render(&a, 80, 24));
    press(&mut a, &[KeyCode::Char('n')]);
    type_text(&mut a, "ann");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "Ann Whitaker");
    ctrl(&mut a, 's');
    assert!(
        a.status.starts_with("Created Ann Whitaker (ann)"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Enter]);
    assert_eq!(a.screen, Screen::Dashboard);
}

/// A control character in a journal typed by hand is shown as the command line shows it
/// (its control picture), in the register's columns and in screen-reader sentences alike,
/// never dropped or sent to the terminal.
#[test]
fn control_characters_in_the_records_are_shown_not_dropped() {
    let d = demo();
    let path = d.root.join("holders/ann/ledger.journal");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("\n2026-10-15 Shop\u{1b}[2J | note\n    ; outcome: see-friends\n    ; stream: social-care\n    expenses:travel  £1.00\n    assets:direct-payment:social-care\n");
    fs::write(&path, text).unwrap();
    for accessible in [false, true] {
        let mut a = App::new(Workspace::at(&d.root), options(accessible), Some("ann"));
        press(&mut a, &[KeyCode::Char('2')]);
        let screen = render(&a, 120, 40);
        assert!(screen.contains("Shop␛[2J"), "{screen}");
        assert!(!screen.contains('\u{1b}'), "{screen}");
    }
}

// --- Kinds of money in ----------------------------------------------------------------------

#[test]
fn the_money_in_form_shows_its_kind_first_and_an_outcome_only_for_a_refund() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('i')]);
    let funder = render(&a, 80, 24);
    assert!(funder.contains("funder payment"), "{funder}");
    assert!(!funder.contains("Outcome"), "{funder}");
    // `r` jumps to the refund, which asks for the outcome.
    press(&mut a, &[KeyCode::Char('r')]);
    snap("money_in_refund", &a);
    let mut r = reader(&d, Some("ann"));
    press(&mut r, &[KeyCode::Char('i'), KeyCode::Char('r')]);
    insta::assert_snapshot!("reader_money_in_refund_80x24", reader_frame(&r, 80, 24));

    // Fill in the refund and save it: money into the account, spending taken back.
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut a, "Dalesway Taxis");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "15");
    press(&mut a, &[KeyCode::Tab, KeyCode::Right]);
    ctrl(&mut a, 's');
    let text = journal(&d, "ann");
    let tail = &text[text.rfind("Dalesway Taxis").unwrap()..];
    assert!(tail.contains("£15.00\n"), "{tail}");
    assert!(tail.contains("£-15.00\n"), "{tail}");
    assert!(tail.contains("; outcome: "), "{tail}");
}

/// Splits a payment in the form: Ctrl-N makes the outcome and category line 1 and adds line
/// 2, what is left to split is said as amounts are typed, and the entry written is one
/// transaction with each line's outcome on its own posting.
#[test]
fn a_payment_split_in_the_form_is_one_entry_with_a_line_for_each_outcome() {
    let d = demo();
    let before = journal(&d, "ann");
    for accessible in [false, true] {
        let mut a = App::new(Workspace::at(&d.root), options(accessible), Some("ann"));
        press(&mut a, &[KeyCode::Char('a')]);
        type_text(&mut a, "Keystone Payroll Services");
        press(&mut a, &[KeyCode::Tab]);
        type_text(&mut a, "522.50");
        ctrl(&mut a, 'n');
        assert!(
            a.status
                .starts_with("Split into 2 lines: line 2's outcome."),
            "{}",
            a.status
        );
        // Line 1 starts with the whole amount.
        assert!(
            a.status
                .ends_with("The lines add up to the amount, £522.50."),
            "{}",
            a.status
        );
        // Line 2: "Stay living in my own home", the payroll fee category, £22.50.
        type_text(&mut a, "s");
        press(&mut a, &[KeyCode::Tab]);
        // P: "PA wages", "Pension", then "Payroll service fee".
        type_text(&mut a, "ppp");
        press(&mut a, &[KeyCode::Tab]);
        type_text(&mut a, "22.50");
        assert_eq!(a.status, "The lines are £22.50 over the amount £522.50.");
        snap(
            if accessible {
                "reader_split_form"
            } else {
                "split_form"
            },
            &a,
        );
        if accessible {
            return;
        }
        // Line 1 still holds the whole amount: the lines are over, and saying so is a
        // problem on the form, with nothing written.
        ctrl(&mut a, 's');
        assert!(a.status.starts_with("Not saved"), "{}", a.status);
        assert_eq!(journal(&d, "ann"), before);
        // The problem is on the amount; three fields on is line 1's, made £500.00.
        assert_eq!(a.overlays.len(), 1);
        press(&mut a, &[KeyCode::Tab, KeyCode::Tab, KeyCode::Tab]);
        ctrl(&mut a, 'u');
        type_text(&mut a, "500.00");
        assert_eq!(a.status, "The lines add up to the amount, £522.50.");
        ctrl(&mut a, 's');
        assert!(
            a.status
                .starts_with("Saved: Keystone Payroll Services £522.50"),
            "{}",
            a.status
        );
        let after = journal(&d, "ann");
        let j = Journal::parse(after.clone()).unwrap();
        let tx = j.transactions().last().unwrap();
        let lines: Vec<(&str, String, Option<&str>)> = j
            .postings(tx)
            .iter()
            .enumerate()
            .map(|(k, p)| {
                (
                    j.account_name(p.account),
                    p.amount.to_string(),
                    j.posting_tag(tx, k, "outcome"),
                )
            })
            .collect();
        // Line 1 kept the payee's usual category, "payroll".
        assert_eq!(
            lines,
            [
                (
                    "expenses:payroll",
                    "£500.00".to_string(),
                    Some("stay-at-home")
                ),
                (
                    "expenses:payroll-fee",
                    "£22.50".to_string(),
                    Some("stay-at-home")
                ),
                (
                    "assets:direct-payment:social-care",
                    "-£522.50".to_string(),
                    None
                ),
            ]
        );
        assert!(after.starts_with(&before));
        // It opens for editing with its two lines.
        press(
            &mut a,
            &[KeyCode::Char('2'), KeyCode::Char('g'), KeyCode::Char('e')],
        );
        let Some(Overlay::Form { form, .. }) = a.overlays.last() else {
            panic!("no form: {}", a.status);
        };
        let labels: Vec<&str> = form.fields.iter().map(|f| f.label).collect();
        assert!(labels.contains(&"Line 2 amount"), "{labels:?}");
        assert_eq!(
            form.fields
                .iter()
                .find(|f| f.label == "Line 2 amount")
                .unwrap()
                .value(),
            "22.50"
        );
    }
}

/// `u` takes back the last change of the session, after saying what it will undo, and the
/// journal is then byte for byte what it was.
#[test]
fn undo_takes_back_the_last_change_and_restores_the_journal_exactly() {
    let d = demo();
    let before = journal(&d, "ann");
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('u')]);
    assert_eq!(
        a.status,
        "Nothing to undo: no change has been made in this session."
    );
    press(&mut a, &[KeyCode::Char('a')]);
    type_text(&mut a, "Corner Shop");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "12.34");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "s");
    ctrl(&mut a, 's');
    assert!(
        a.status.starts_with("Saved: Corner Shop £12.34"),
        "{}",
        a.status
    );
    let one = journal(&d, "ann");
    assert_ne!(one, before);
    // Then mark the newest entry cleared on the register.
    press(
        &mut a,
        &[KeyCode::Char('2'), KeyCode::Char('g'), KeyCode::Char('c')],
    );
    assert!(
        a.status.starts_with("Marked cleared: Corner Shop"),
        "{}",
        a.status
    );
    assert_ne!(journal(&d, "ann"), one);
    press(&mut a, &[KeyCode::Char('u')]);
    assert!(
        a.status
            .starts_with("Undo the change of mark on Corner Shop?"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Char('y')]);
    assert!(
        a.status
            .starts_with("Undone: the change of mark on Corner Shop."),
        "{}",
        a.status
    );
    assert_eq!(journal(&d, "ann"), one);
    press(&mut a, &[KeyCode::Char('u')]);
    assert!(
        a.status.starts_with("Undo recording Corner Shop £12.34?"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Char('y')]);
    assert_eq!(journal(&d, "ann"), before);
    press(&mut a, &[KeyCode::Char('u')]);
    assert!(a.status.starts_with("Nothing to undo"), "{}", a.status);
}

/// An undo is refused, with nothing written, once the journal has changed since.
#[test]
fn undo_refuses_when_the_journal_changed_since() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('a')]);
    type_text(&mut a, "Corner Shop");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "12.34");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "s");
    ctrl(&mut a, 's');
    let path = d.root.join("holders/ann/ledger.journal");
    let edited = format!("{}\n; a note typed in an editor\n", journal(&d, "ann"));
    fs::write(&path, &edited).unwrap();
    press(&mut a, &[KeyCode::Char('u'), KeyCode::Char('y')]);
    assert!(a.status.starts_with("Not undone."), "{}", a.status);
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
}

/// An imported row nobody recognised, assigned in the app, is offered as a payee rule; said
/// yes to, the rule is added to plan.toml (its comments kept), so the next statement does
/// it alone.
#[test]
fn an_imported_row_assigned_in_the_app_is_offered_as_a_payee_rule() {
    let d = demo();
    let path = d.root.join("holders/ann/ledger.journal");
    let mut text = journal(&d, "ann");
    text.push_str(
        "\n2026-10-15 * TESCO STORES 2231\n    ; stream: social-care\n    ; bankref: 00c0ffee00c0ffee\n    expenses:unassigned  £23.45\n    assets:direct-payment:social-care\n",
    );
    fs::write(&path, &text).unwrap();
    let plan_path = d.root.join("holders/ann/plan.toml");
    let plan_before = fs::read_to_string(&plan_path).unwrap();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Char('e')]);
    assert!(
        a.status
            .starts_with("Editing the payment to TESCO STORES 2231"),
        "{}",
        a.status
    );
    // Payee "Tesco"; outcome "Stay living in my own home"; category "Activities".
    press(&mut a, &[KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "Tesco");
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    type_text(&mut a, "s");
    press(&mut a, &[KeyCode::Tab]);
    type_text(&mut a, "a");
    ctrl(&mut a, 's');
    assert!(
        a.status.contains(
            "Remember this for the next statement? Rows with \"tesco\" would be recorded as Tesco, outcome stay-at-home, category activities."
        ),
        "{}",
        a.status
    );
    assert!(journal(&d, "ann").contains("expenses:activities"));
    press(&mut a, &[KeyCode::Char('y')]);
    assert!(
        a.status.starts_with(
            "Saved: statement rows with \"tesco\" will be recorded as Tesco from now on."
        ),
        "{}",
        a.status
    );
    let plan = fs::read_to_string(&plan_path).unwrap();
    assert!(
        plan.starts_with(&plan_before),
        "the plan was rewritten:\n{plan}"
    );
    assert!(
        plan.ends_with(
            "\n[[payee_rules]]\nmatch = \"tesco\"\npayee = \"Tesco\"\noutcome = \"stay-at-home\"\ncategory = \"activities\"\n"
        ),
        "{plan}"
    );
}

// --- The report reader, and evidence --------------------------------------------------------

/// Ann's monitoring return for the second quarter, as text, in the reader.
fn quarter_in_the_reader(d: &Demo) -> App {
    let mut a = app(d, Some("ann"));
    press(&mut a, &[KeyCode::Char('m'), KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "2026-q2");
    ctrl(&mut a, 's');
    assert!(
        matches!(a.overlays.last(), Some(Overlay::Text { .. })),
        "the return is shown: {}",
        a.status
    );
    a
}

#[test]
fn the_report_reader_scrolls_by_line_and_page_to_the_declaration() {
    let d = demo();
    let mut a = quarter_in_the_reader(&d);
    // Each key is pressed after a frame is drawn, as in the terminal.
    let top = render(&a, 80, 24);
    insta::assert_snapshot!("reader_report_top_80x24", top);
    assert!(a.status.contains("Page Down and End"), "{}", a.status);
    press(&mut a, &[KeyCode::End]);
    let end = render(&a, 80, 24);
    insta::assert_snapshot!("reader_report_end_80x24", end);
    assert!(end.contains("Signed: ______"), "{end}");
    assert!(end.contains("Date: ______"), "{end}");
    assert_eq!(a.status, "The end.");
    // The title says which lines are shown; the status line's length can change how many.
    let title = |s: &str| s.lines().nth(2).unwrap_or_default().to_string();
    let first = |s: &str| s.lines().nth(3).unwrap_or_default().to_string();
    let lines = |s: &str| -> (usize, usize, usize) {
        let t = title(s);
        let nums: Vec<usize> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().unwrap())
            .collect();
        (nums[0], nums[1], nums[2])
    };
    let (_, last, all) = lines(&end);
    assert_eq!(last, all, "the end is shown: {}", title(&end));
    // Down at the end stays there.
    press(&mut a, &[KeyCode::Down]);
    assert_eq!(lines(&render(&a, 80, 24)).1, all);
    // A page up and a page down come back to the end; Home goes to the top.
    press(&mut a, &[KeyCode::PageUp]);
    let up = render(&a, 80, 24);
    assert!(lines(&up).1 < all);
    press(&mut a, &[KeyCode::PageDown]);
    assert_eq!(lines(&render(&a, 80, 24)).1, all);
    press(&mut a, &[KeyCode::Home]);
    let home = render(&a, 80, 24);
    assert_eq!(lines(&home).0, 1);
    assert_eq!(first(&home), first(&top));
    // From the top, a page down shows the line after the last one shown; then by line.
    let (_, page, _) = lines(&home);
    press(&mut a, &[KeyCode::PageDown]);
    assert_eq!(lines(&render(&a, 80, 24)).0, page + 1);
    press(&mut a, &[KeyCode::Down, KeyCode::Up, KeyCode::Up]);
    assert_eq!(lines(&render(&a, 80, 24)).0, page);
    // A taller window: the end is still the end.
    press(&mut a, &[KeyCode::End]);
    let tall = render(&a, 120, 40);
    assert!(tall.contains("Signed: ______"), "{tall}");
}

#[test]
fn the_report_in_the_reader_is_saved_and_says_where() {
    let d = demo();
    let mut a = quarter_in_the_reader(&d);
    render(&a, 80, 24);
    press(&mut a, &[KeyCode::Char('s')]);
    let form = render(&a, 80, 24);
    insta::assert_snapshot!("reader_report_save_80x24", form);
    ctrl(&mut a, 's');
    let path = d.root.join("ann-monitoring-return.txt");
    assert_eq!(
        a.status,
        format!(
            "The monitoring return was saved to ann-monitoring-return.txt in the workspace folder {}.",
            d.root.display()
        )
    );
    let saved = fs::read_to_string(&path).unwrap();
    assert!(
        saved.starts_with("Monitoring return: Ann Whitaker (ann)"),
        "{saved}"
    );
    assert!(saved.contains("Signed: ______"));
    // The reader stays open; saving again to the same name is refused on the form.
    assert!(matches!(a.overlays.last(), Some(Overlay::Text { .. })));
    press(&mut a, &[KeyCode::Char('s')]);
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Not saved:"), "{}", a.status);
    assert!(a.status.contains("already exists"), "{}", a.status);
    assert_eq!(fs::read_to_string(&path).unwrap(), saved);
    // Help and entries have nothing to save.
    press(
        &mut a,
        &[
            KeyCode::Esc,
            KeyCode::Esc,
            KeyCode::Char('?'),
            KeyCode::Char('s'),
        ],
    );
    assert_eq!(a.status, "Only a report can be saved from here.");
}

#[test]
fn a_spreadsheet_or_page_from_the_reports_form_needs_a_file_name() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('m'), KeyCode::Tab]);
    ctrl(&mut a, 'u');
    type_text(&mut a, "2026-q2");
    // Format: text, Markdown, CSV, JSON, HTML, spreadsheet.
    press(&mut a, &[KeyCode::Tab, KeyCode::Tab]);
    for _ in 0..5 {
        press(&mut a, &[KeyCode::Right]);
    }
    ctrl(&mut a, 's');
    assert!(
        a.status.contains("type a file name, e.g. return.xlsx"),
        "{}",
        a.status
    );
    // The problem's field, Save to, has the focus.
    type_text(&mut a, "q2.xlsx");
    ctrl(&mut a, 's');
    let path = d.root.join("q2.xlsx");
    assert_eq!(
        a.status,
        format!(
            "The monitoring return was saved to q2.xlsx in the workspace folder {}.",
            d.root.display()
        )
    );
    assert!(fs::read(&path).unwrap().starts_with(b"PK\x03\x04"));
}

#[test]
fn a_file_is_attached_to_the_entry_picked_in_the_register() {
    let d = demo();
    let before = journal(&d, "ann");
    let scan = d.root.parent().unwrap().join("scan.pdf");
    fs::write(&scan, b"%PDF-1.4 receipt").unwrap();
    let mut a = app(&d, Some("ann"));
    // The third newest entry: Tomasz Nowak, £105.60 on 13 October.
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Down, KeyCode::Down]);
    let (_, ti, _) = a.open.as_ref().unwrap().entry(2).unwrap();
    press(&mut a, &[KeyCode::Char('A')]);
    insta::assert_snapshot!("attach_form_80x24", render(&a, 80, 24));
    type_text(&mut a, scan.to_str().unwrap());
    ctrl(&mut a, 's');
    let link = "2026-27/2026-10-13-tomasz-nowak.pdf";
    assert_eq!(
        a.status,
        format!(
            "Attached {} to Tomasz Nowak: the copy is holders/ann/evidence/{link}.",
            scan.display()
        )
    );
    let copy = d.root.join("holders/ann/evidence").join(link);
    assert_eq!(fs::read(&copy).unwrap(), b"%PDF-1.4 receipt");
    let after = journal(&d, "ann");
    let old = Journal::parse(before.clone()).unwrap();
    let new = Journal::parse(after.clone()).unwrap();
    let (old_source, new_source) = (
        old.source(&old.transactions()[ti]).to_string(),
        new.source(&new.transactions()[ti]).to_string(),
    );
    assert_eq!(
        new_source,
        old_source.replace(
            "    ; receipt: R-0080\n",
            &format!("    ; receipt: R-0080\n    ; evidence: {link}\n")
        )
    );
    assert_eq!(
        before.replace(&old_source, &new_source),
        after,
        "nothing else changed"
    );
    // The register follows the entry (its ID changed); its details list the file.
    press(&mut a, &[KeyCode::Enter]);
    let details = render(&a, 120, 40);
    assert!(
        details.contains(&format!(
            "Evidence, in the holder's evidence folder: {link}"
        )),
        "{details}"
    );
    // A file that is not there is refused on the form, and nothing is written.
    press(&mut a, &[KeyCode::Esc, KeyCode::Char('A')]);
    type_text(&mut a, "/no/such/receipt.pdf");
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Not attached."), "{}", a.status);
    assert_eq!(journal(&d, "ann"), after);
    // Undo takes the link back off, byte for byte; the copy stays until the person deletes it.
    // (Esc on the form with typing asks first; y throws it away.)
    press(
        &mut a,
        &[KeyCode::Esc, KeyCode::Char('y'), KeyCode::Char('u')],
    );
    assert!(
        a.status.contains("Undo attaching a file to Tomasz Nowak?"),
        "{}",
        a.status
    );
    press(&mut a, &[KeyCode::Char('y')]);
    assert_eq!(journal(&d, "ann"), before);
    assert!(copy.exists());
}

/// The register filters by category (the filter form's last field) and says so.
#[test]
fn the_register_filters_by_category() {
    let d = demo();
    let mut a = app(&d, Some("ann"));
    press(&mut a, &[KeyCode::Char('2'), KeyCode::Char('f')]);
    press(
        &mut a,
        &[
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Tab,
            KeyCode::Tab,
        ],
    );
    type_text(&mut a, "p"); // "PA wages", the first category offered
    ctrl(&mut a, 's');
    assert!(a.status.starts_with("Filter applied"), "{}", a.status);
    let h = a.open.as_ref().unwrap();
    let rows: Vec<_> = (0..h.view.len()).map(|k| h.entry(k).unwrap().2).collect();
    // The demo's PA wages: Joanne's and Tomasz's weekly pay, 47 entries (grep -c "^    expenses:pa-wages").
    assert_eq!(rows.len(), 47);
    assert!(rows.iter().all(|e| e.category == Some("pa-wages")));
    assert!(render(&a, 120, 40).contains("only category pa-wages"));
}
