//! The frame: `view(&App, frame)` draws the header, the status line and the key hints, then
//! the screen (`screens/`) and the overlay on top (`overlays/`), and puts the cursor where
//! the one drawn last says it belongs. Per frame the work is bounded by the window's size,
//! never by the size of the ledger.
//!
//! Two layouts share this code. The sighted layout has a border round the screen, gauges and
//! colour. Screen-reader mode has no borders, gauges or block characters, shows one region
//! at a time, and puts the terminal's cursor on the focused item after every key.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::app::App;
use super::keys::Context;
use super::overlays;
use super::screens::{self, Drawn};
use super::state::{Overlay, Screen, StatusTone};
use super::theme::Theme;
use super::widgets::cells;
use crate::core::words::long_date;

/// The smallest window careledger draws in.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Draw the app. Returns nothing; the cursor, when shown, is set on the frame.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    let theme = Theme {
        color: app.opts.color,
    };
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "The window is too small for careledger. Make it at least {MIN_WIDTH} columns by {MIN_HEIGHT} rows; it is {} by {}. Press q to quit.",
            area.width, area.height
        );
        frame.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true }),
            area,
        );
        if app.opts.accessible {
            frame.set_cursor_position(Position::new(0, 0));
        }
        return;
    }
    // A long message gets a second line rather than being cut off.
    let status_rows = if cells::width(&app.status) > area.width as usize {
        2
    } else {
        1
    };
    let header = Rect::new(area.x, area.y, area.width, 1);
    let body = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height - 2 - status_rows,
    );
    let status = Rect::new(
        area.x,
        area.y + area.height - 1 - status_rows,
        area.width,
        status_rows,
    );
    let footer = Rect::new(area.x, area.y + area.height - 1, area.width, 1);

    draw_header(app, frame, header, theme);
    draw_status(app, frame, status, theme);
    draw_footer(app, frame, footer, theme);

    let mut cursor = None;
    let inner = if app.opts.accessible {
        body
    } else {
        let block = Block::default().borders(Borders::ALL).title(Span::styled(
            format!(" {} ", app.screen.title()),
            theme.title(),
        ));
        let inner = block.inner(body);
        frame.render_widget(block, body);
        inner
    };
    // In screen-reader mode an overlay replaces the screen under it: one region at a time.
    let covered = app.opts.accessible
        && app
            .overlays
            .last()
            .is_some_and(|o| !matches!(o, Overlay::Search { .. }));
    if !covered {
        let drawn = match (app.screen, &app.open, &app.error) {
            (Screen::Holders, _, _) => screens::people::draw(app, frame, inner, theme),
            (_, _, Some(error)) => screens::error::draw(app, frame, inner, theme, error),
            (Screen::Dashboard, Some(h), _) => {
                screens::dashboard::draw(app, h, frame, inner, theme)
            }
            (Screen::Plan, Some(h), _) => screens::plan::draw(app, h, frame, inner, theme),
            (Screen::Register, Some(h), _) => screens::register::draw(app, h, frame, inner, theme),
            _ => Drawn::default(),
        };
        // Kept for the next frame, so the list does not jump, and for paging.
        if let Some(list) = drawn.list {
            app.scroll.set(list.top);
            app.page.set(list.page);
        }
        cursor = drawn.cursor;
    }
    if let Some(overlay) = app.overlays.last() {
        let c = match overlay {
            Overlay::Form { form, .. } => overlays::form::draw(app, frame, inner, theme, form),
            Overlay::Confirm { question, .. } => {
                overlays::confirm::draw(app, frame, inner, theme, question)
            }
            Overlay::Help { scroll } => overlays::help::draw(app, frame, inner, theme, *scroll),
            Overlay::Text {
                title,
                text,
                scroll,
                save,
            } => overlays::text::draw(
                app,
                frame,
                inner,
                theme,
                title,
                text,
                *scroll,
                save.is_some(),
            ),
            Overlay::Details {
                id,
                scroll,
                history,
            } => overlays::details::draw(app, frame, inner, theme, *id, *scroll, history),
            Overlay::Search { input, .. } => {
                overlays::search::draw(app, frame, status, theme, input)
            }
        };
        cursor = c.or(cursor);
    }
    let show = match app.overlays.last() {
        Some(Overlay::Form { .. } | Overlay::Search { .. }) => true,
        _ => app.opts.accessible,
    };
    if show && let Some(c) = cursor {
        frame.set_cursor_position(c);
    }
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let who = app
        .open
        .as_ref()
        .map(|h| h.files.plan.plan.holder.name.clone());
    let mut spans = vec![Span::styled("careledger", theme.title())];
    if app.screen != Screen::Holders
        && let Some(name) = who
    {
        spans.push(Span::raw(format!(": {name}")));
    }
    spans.push(Span::raw(format!(
        ", {} ({})",
        app.screen.title(),
        long_date(app.opts.today)
    )));
    if !app.opts.accessible {
        let tabs: Vec<String> = [
            Screen::Dashboard,
            Screen::Register,
            Screen::Plan,
            Screen::Holders,
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if *s == app.screen {
                format!("[{} {}]", i + 1, s.title())
            } else {
                format!(" {} {} ", i + 1, s.title())
            }
        })
        .collect();
        let used: usize = spans.iter().map(|s| cells::width(&s.content)).sum();
        let tabs = tabs.join("");
        let room = (area.width as usize).saturating_sub(used + 1);
        if cells::width(&tabs) <= room {
            spans.push(Span::raw(" ".repeat(room - cells::width(&tabs) + 1)));
            spans.push(Span::styled(
                tabs,
                Style::default().add_modifier(Modifier::DIM),
            ));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    if app.hide_status.get() {
        return;
    }
    let style = match app.status_tone {
        StatusTone::Warning => theme.error(),
        StatusTone::Neutral => Style::default(),
    };
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(app.status.clone(), style)))
            .wrap(ratatui::widgets::Wrap { trim: true }),
        area,
    );
}

fn draw_footer(app: &App, frame: &mut Frame, area: Rect, theme: Theme) {
    let contexts = app.contexts();
    let mut spans = Vec::new();
    for (key, what) in app.keymap.hints(&contexts) {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    if contexts.contains(&Context::Global) && app.screen != Screen::Holders {
        spans.push(Span::raw("  "));
        spans.push(Span::styled("1-4", theme.key()));
        spans.push(Span::raw(" screens"));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
