//! Driving the app in-process for the TestBackend tests: a fresh demo workspace, keys
//! pressed as a person would, and the screen as text.

use std::path::PathBuf;

use careledger::store::Workspace;
use careledger::tui::{App, Options, view};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

/// The day the demo's figures are read on.
pub const TODAY: &str = "2026-10-15";

/// A fresh copy of the demo workspace, deleted with the value.
pub struct Demo {
    _tmp: tempfile::TempDir,
    pub root: PathBuf,
}

pub fn demo() -> Demo {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("ws");
    careledger::cli::copy_demo(&root).unwrap();
    Demo { _tmp: tmp, root }
}

pub fn options(accessible: bool) -> Options {
    Options {
        today: NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap(),
        accessible,
        color: false,
        who: "tester".into(),
    }
}

pub fn app(d: &Demo, holder: Option<&str>) -> App {
    App::new(Workspace::at(&d.root), options(false), holder)
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Press keys: `type_text` for text, these for named keys.
pub fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(key(*k));
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// The screen as text, one line per row, trailing spaces removed. A character two cells wide
/// is written once, as a terminal shows it (the buffer keeps a blank in the cell it covers).
pub fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| view::view(app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut x = 0;
        while x < w {
            let symbol = buf[(x, y)].symbol();
            line.push_str(symbol);
            x += UnicodeWidthStr::width(symbol).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
