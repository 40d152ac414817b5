//! The app's frames: drawing the dashboard and the register for a holder with 100,000
//! transactions (target: under 2 ms a frame whatever the ledger's size), scrolling the
//! register, and opening a broker's 200-holder workspace to its first frame.
//!
//! ```sh
//! cargo bench --bench render
//! ```

mod common;

use std::hint::black_box;
use std::time::Duration;

/// The allocator the binary uses (see `src/main.rs`), so these figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use careledger::tui::{App, Options, view};
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const LARGE: usize = 100_000;
const HOLDERS: usize = 200;
const PER_HOLDER: usize = 2_000;

fn options(accessible: bool) -> Options {
    Options {
        today: common::today(),
        accessible,
        color: true,
        who: "bench".into(),
    }
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn frames(c: &mut Criterion) {
    let (_dir, ws) = common::workspace(1, LARGE);
    let mut g = c.benchmark_group("frame_100k");
    for accessible in [false, true] {
        let mode = if accessible { "reader" } else { "sighted" };
        let mut app = App::new(ws.clone(), options(accessible), None);
        assert!(app.open.is_some(), "the one holder opens");
        let mut t = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
        g.bench_function(format!("dashboard_{mode}_120x40"), |b| {
            b.iter(|| t.draw(|f| view::view(black_box(&app), f)).map(|_| ()))
        });
        key(&mut app, KeyCode::Char('2'));
        g.bench_function(format!("register_{mode}_120x40"), |b| {
            b.iter(|| t.draw(|f| view::view(black_box(&app), f)).map(|_| ()))
        });
        // Scrolling: a key and the frame after it, deep in the ledger.
        key(&mut app, KeyCode::End);
        g.bench_function(format!("register_scroll_{mode}_120x40"), |b| {
            let mut up = true;
            b.iter(|| {
                key(
                    &mut app,
                    if up {
                        KeyCode::PageUp
                    } else {
                        KeyCode::PageDown
                    },
                );
                up = !up;
                t.draw(|f| view::view(black_box(&app), f)).map(|_| ())
            })
        });
    }
    g.finish();
}

fn open_workspace(c: &mut Criterion) {
    let (_dir, ws) = common::workspace(HOLDERS, PER_HOLDER);
    let mut g = c.benchmark_group("open_200x2000");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("people_screen_first_frame", |b| {
        b.iter(|| {
            let app = App::new(ws.clone(), options(false), None);
            assert_eq!(app.people.len(), HOLDERS);
            let mut t = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
            t.draw(|f| view::view(&app, f)).map(|_| ())
        })
    });
    g.finish();
}

criterion_group!(benches, frames, open_workspace);
criterion_main!(benches);
