//! The terminal app: ratatui over crossterm. A key becomes an action; `update` changes the
//! `state` and may ask for an effect (record, reverse, open...), which `app` carries out
//! through the application layer (`crate::app`) and hands back; `view` draws the state.
//! The terminal is put back however the app ends: quit, error, Ctrl-C or panic.

pub mod app;
pub mod form;
pub mod forms;
pub mod keys;
pub mod overlays;
pub mod plan_edit;
pub mod screens;
pub mod state;
pub mod theme;
pub mod update;
pub mod view;
pub mod widgets;

use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};

pub use app::{App, Options};

/// How often files are checked for changes made by other programs.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// Run the app until the person quits.
pub fn run(mut app: App) -> std::io::Result<()> {
    // ratatui::init enters raw mode and the alternate screen, and installs a panic hook that
    // restores the terminal before the panic message is printed.
    let mut terminal = ratatui::init();
    let result = event_loop(&mut terminal, &mut app);
    ratatui::restore();
    result
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> std::io::Result<()> {
    let mut last_watch = Instant::now();
    let mut said = app.status_seq;
    loop {
        if app.opts.accessible && app.status_seq != said {
            // Write the status line empty, then with the message, so a screen reader hears a
            // repeated message again.
            app.hide_status.set(true);
            terminal.draw(|f| view::view(app, f))?;
            app.hide_status.set(false);
        }
        said = app.status_seq;
        terminal.draw(|f| view::view(app, f))?;
        if app.quit {
            return Ok(());
        }
        let wait = WATCH_EVERY.saturating_sub(last_watch.elapsed());
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => app.handle_key(k),
                // Resizing redraws at the top of the loop.
                _ => {}
            }
        }
        if last_watch.elapsed() >= WATCH_EVERY {
            app.tick();
            last_watch = Instant::now();
        }
    }
}
