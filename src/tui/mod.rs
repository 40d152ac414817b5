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
    // Nothing is drawn, and the cursor is not put anywhere again, without a key, a resize
    // or a real change: a screen reader reads the focused line again on every cursor move.
    let mut dirty = true;
    let mut last: Option<ratatui::buffer::Buffer> = None;
    loop {
        if dirty {
            if app.opts.accessible && app.status_seq != said {
                let first = app.status_first && !app.too_small.get();
                // Write the status line empty, then with the message, so a screen reader
                // hears a repeated message again. After a change the message goes out
                // first, over the screen as it was; the rest of the screen follows.
                match last.as_ref().filter(|_| first) {
                    Some(before) => {
                        app.hide_status.set(true);
                        terminal.draw(|f| view::status_only(app, f, before))?;
                        app.hide_status.set(false);
                        terminal.draw(|f| view::status_only(app, f, before))?;
                    }
                    None => {
                        app.hide_status.set(true);
                        terminal.draw(|f| view::view(app, f))?;
                        app.hide_status.set(false);
                    }
                }
            }
            app.status_first = false;
            said = app.status_seq;
            let done = terminal.draw(|f| view::view(app, f))?;
            last = Some(done.buffer.clone());
            dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        let wait = WATCH_EVERY.saturating_sub(last_watch.elapsed());
        if event::poll(wait)? {
            match event::read()? {
                Event::Key(k) if k.kind != KeyEventKind::Release => {
                    app.handle_key(k);
                    dirty = true;
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        if last_watch.elapsed() >= WATCH_EVERY {
            dirty |= app.tick();
            last_watch = Instant::now();
        }
    }
}
