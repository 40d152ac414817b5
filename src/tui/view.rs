//! Drawing: `view(&App, frame)` reads the state and draws it. Per frame the work is bounded
//! by the screen's size, never by the size of the ledger: the register draws only the rows
//! that fit.
//!
//! Two layouts share this code. The sighted layout has a border round the screen, gauges and
//! colour. Screen-reader mode has no borders, gauges or block characters, shows one region
//! at a time, and puts the terminal's cursor on the focused item after every key.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::App;
use super::form::{Form, Input};
use super::keys::Context;
use super::screens::{self, Drawn, Tone};
use super::state::{Overlay, Screen};
use super::theme::Theme;
use super::widgets::{cells, wrap};
use crate::core::journal::Status;
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
        let title = match app.overlays.last() {
            _ if app.screen == Screen::Holders => " People ".to_string(),
            _ => format!(" {} ", app.screen.title()),
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(title, theme.title()));
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
            Overlay::Form { form, .. } => draw_form(app, frame, inner, theme, form),
            Overlay::Confirm { question, .. } => draw_confirm(app, frame, inner, theme, question),
            Overlay::Help { scroll } => draw_help(app, frame, inner, theme, *scroll),
            Overlay::Text {
                title,
                text,
                scroll,
            } => {
                let r = overlay_area(app, frame, inner, &format!(" {title} "), theme);
                let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
                let scroll = (*scroll).min(lines.len().saturating_sub(r.height as usize));
                frame.render_widget(
                    Paragraph::new(lines)
                        .wrap(ratatui::widgets::Wrap { trim: false })
                        .scroll((scroll as u16, 0)),
                    r,
                );
                Some(Position::new(r.x, r.y))
            }
            Overlay::Details { id, scroll } => draw_details(app, frame, inner, theme, *id, *scroll),
            Overlay::Search { input, .. } => {
                let label = if app.screen == Screen::Holders {
                    "Find: "
                } else {
                    "Search: "
                };
                let line = Line::from(vec![
                    Span::styled(label, theme.key()),
                    Span::raw(input.value.clone()),
                ]);
                let status = Rect::new(status.x, status.y, status.width, 1);
                frame.render_widget(Clear, status);
                frame.render_widget(Paragraph::new(line), status);
                Some(Position::new(
                    status.x + (cells::width(label) + cells::width(input.before_cursor())) as u16,
                    status.y,
                ))
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
    let style = if app.status.starts_with("Not ") {
        theme.error()
    } else {
        Style::default()
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

/// The form, as a box over the screen (sighted) or in place of it (screen reader).
fn draw_form(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    form: &Form,
) -> Option<Position> {
    let accessible = app.opts.accessible;
    let label_w = form
        .fields
        .iter()
        .map(|f| cells::width(f.label))
        .max()
        .unwrap_or(8)
        + 2;
    let box_area = if accessible {
        area
    } else {
        let w = area.width.min(76);
        let h = area.height.min(form.fields.len() as u16 * 2 + 4);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height.saturating_sub(h)) / 2,
            w,
            h,
        );
        // Clear a margin too, so the screen underneath does not run into the box.
        frame.render_widget(Clear, Rect::new(area.x, r.y, area.width, r.height));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", form.title), theme.title()));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        inner
    };
    frame.render_widget(Clear, box_area);
    let mut lines: Vec<Line> = Vec::new();
    if accessible {
        lines.push(Line::from(Span::styled(
            format!("{}: {} fields.", form.title, form.fields.len()),
            theme.tone(Tone::Heading),
        )));
    }
    let mut cursor = None;
    let value_w = (box_area.width as usize).saturating_sub(label_w + 2);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let marker = if focused { "> " } else { "  " };
        let label = format!(
            "{marker}{}",
            cells::pad(&format!("{}:", field.label), label_w)
        );
        let (value, cursor_col) = match &field.input {
            Input::Text(t) => {
                // Keep the cursor in view for long text: as much as fits left of it, with
                // one cell spare for the cursor itself.
                let before = cells::take_end(t.before_cursor(), value_w.saturating_sub(1));
                let start = t.before_cursor().len() - before.len();
                let shown = cells::take(&t.value[start..], value_w).to_string();
                (shown, cells::width(before))
            }
            Input::Choose { options, selected } => {
                let v = selected
                    .and_then(|s| options.get(s))
                    .map_or("(choose with Left/Right)".to_string(), |c| {
                        format!("< {} >", c.label)
                    });
                (cells::clip(&v, value_w), 0)
            }
        };
        let mut spans = vec![
            Span::styled(
                label.clone(),
                if focused {
                    theme.key()
                } else {
                    Style::default()
                },
            ),
            Span::styled(
                value.clone(),
                if focused && !accessible {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::default()
                },
            ),
        ];
        if focused && let Some(c) = field.completion() {
            let typed = field.value().chars().count();
            let rest: String = c.chars().skip(typed).collect();
            spans.push(Span::styled(
                format!("{rest} (Right accepts)"),
                Style::default().add_modifier(Modifier::DIM),
            ));
        }
        if focused {
            cursor = Some(Position::new(
                box_area.x + (cells::width(&label) + cursor_col) as u16,
                box_area.y + lines.len() as u16,
            ));
        }
        lines.push(Line::from(spans));
        let note: Vec<Line> = match (&field.error, focused) {
            (Some(e), _) => wrap(
                [(format!("Problem: {e}").as_str(), theme.tone(Tone::Bad))],
                label_w + 2,
                box_area.width as usize,
            ),
            (None, true) if !field.hint.is_empty() => vec![Line::from(Span::styled(
                format!("{:w$}{}", "", field.hint, w = label_w + 2),
                Style::default().add_modifier(Modifier::DIM),
            ))],
            _ if !accessible => vec![Line::default()],
            _ => Vec::new(),
        };
        lines.extend(note);
    }
    let visible = box_area.height as usize;
    let cur_line = cursor.map_or(0, |c| (c.y - box_area.y) as usize);
    let skip = (cur_line + 2).saturating_sub(visible);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(lines), box_area);
    cursor.map(|c| {
        Position::new(
            c.x.min(box_area.right().saturating_sub(1)),
            c.y - skip as u16,
        )
    })
}

fn draw_confirm(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    question: &str,
) -> Option<Position> {
    let r = if app.opts.accessible {
        area
    } else if question.contains('\n') {
        overlay_area(app, frame, area, " Are you sure? ", theme)
    } else {
        let w = area.width.min(64);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + area.height / 3,
            w,
            6.min(area.height),
        );
        frame.render_widget(Clear, r);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(" Are you sure? ", theme.title()));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        inner
    };
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(question.to_string()).wrap(ratatui::widgets::Wrap { trim: true }),
        r,
    );
    Some(Position::new(r.x, r.y))
}

fn draw_help(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    scroll: usize,
) -> Option<Position> {
    let contexts = match app.screen {
        Screen::Holders => vec![
            Context::Holders,
            Context::Global,
            Context::Form,
            Context::Confirm,
        ],
        s => vec![
            match s {
                Screen::Register => Context::Register,
                Screen::Plan => Context::Plan,
                _ => Context::Dashboard,
            },
            Context::Global,
            Context::Form,
            Context::Confirm,
        ],
    };
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "Keys on the {} screen. Esc closes this list.",
            app.screen.title()
        ),
        theme.tone(Tone::Heading),
    ))];
    let mut last = None;
    for (context, keys, what) in app.keymap.help(&contexts) {
        if last != Some(context) {
            lines.push(Line::from(Span::styled(
                format!("{}:", context.name()),
                theme.tone(Tone::Heading),
            )));
            last = Some(context);
        }
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(cells::pad(&keys, 22), theme.key()),
            Span::raw(what),
        ]));
    }
    lines.push(Line::from(
        "Keys can be changed in careledger.toml under [keys], e.g. add = \"n\".",
    ));
    let r = overlay_area(app, frame, area, " Help ", theme);
    let scroll = scroll.min(lines.len().saturating_sub(r.height as usize));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
    Some(Position::new(r.x, r.y))
}

fn overlay_area(app: &App, frame: &mut Frame, area: Rect, title: &str, theme: Theme) -> Rect {
    frame.render_widget(Clear, area);
    if app.opts.accessible {
        return area;
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title.to_string(), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

fn draw_details(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    id: crate::core::entry::EntryId,
    scroll: usize,
) -> Option<Position> {
    let h = app.open.as_ref()?;
    let place = h.ids.find(id)?;
    let ji = place.journal;
    let j = h.journal(ji);
    let tx = j.transactions().get(place.index)?;
    let e = crate::core::register::entry(&h.files.plan.plan, j, tx);
    let mut lines = vec![
        Line::from(Span::styled(
            format!("Entry of {}", long_date(e.date)),
            theme.tone(Tone::Heading),
        )),
        Line::from(format!(
            "{}: {}",
            if e.amount.is_negative() {
                "Paid to"
            } else {
                "Received from"
            },
            e.payee
        )),
        Line::from(format!("Amount: {}", e.amount.abs())),
        Line::from(format!("ID: {}", h.ids.show(id))),
        Line::from(format!(
            "Outcome: {}",
            e.outcome
                .map(|o| h
                    .files
                    .plan
                    .plan
                    .outcome(o)
                    .map_or(format!("{o} (not in the plan)"), |x| x.title.clone()))
                .unwrap_or_else(|| "none".into())
        )),
        Line::from(format!("Stream: {}", e.stream.unwrap_or("none"))),
        Line::from(format!("Receipt: {}", e.receipt.unwrap_or("none"))),
        Line::from(format!("Note: {}", e.note.unwrap_or("none"))),
        Line::from(format!(
            "Cleared with the bank: {}",
            match e.status {
                Status::Cleared => "yes",
                Status::Pending => "pending",
                Status::Unmarked => "no",
            }
        )),
        Line::from(format!(
            "In the journal: {} line {}:",
            app.short_paths(&h.files.journal_paths[ji].display().to_string()),
            tx.line
        )),
    ];
    if let Some(d) = h.locks.locked_by(j, tx) {
        lines.push(Line::from(format!(
            "Checked against the bank: covered by the balance check of {}",
            long_date(d)
        )));
    }
    if let Some(who) = j.tag(tx, "entered-by") {
        let when = j
            .tag(tx, "entered")
            .map(|d| format!(" on {d}"))
            .unwrap_or_default();
        lines.push(Line::from(format!("Entered by: {who}{when}")));
    }
    for l in j.source(tx).lines() {
        lines.push(Line::from(format!("  {l}")));
    }
    let r = overlay_area(app, frame, area, " Entry ", theme);
    let scroll = scroll.min(lines.len().saturating_sub(r.height as usize));
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
    Some(Position::new(r.x, r.y))
}
