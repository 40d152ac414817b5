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
use super::screens::{self, Row, Tone, balance_words};
use super::state::{OpenHolder, Overlay, Screen};
use super::theme::Theme;
use super::widgets::{ScrollList, ScrollState, cells, wrap};
use crate::core::alert::Severity;
use crate::core::journal::Status;
use crate::core::words::{long_date, percent, plural};

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
        cursor = match (app.screen, &app.open, &app.error) {
            (Screen::Holders, _, _) => draw_people(app, frame, inner, theme),
            (_, _, Some(error)) => draw_error(app, frame, inner, theme, error),
            (Screen::Dashboard, Some(h), _) => {
                let rows = screens::dashboard(h, &app.opts);
                draw_rows(app, frame, inner, theme, &rows, h.dash_sel)
            }
            (Screen::Plan, Some(h), _) => {
                let rows = screens::plan(h, &app.opts);
                draw_rows(app, frame, inner, theme, &rows, h.plan_sel)
            }
            (Screen::Register, Some(h), _) => draw_register(app, h, frame, inner, theme),
            _ => None,
        };
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

/// A scrolling list of rows with one selected; returns where the cursor belongs.
fn draw_rows(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    rows: &[Row],
    sel: usize,
) -> Option<Position> {
    let accessible = app.opts.accessible;
    let item = |k: usize, selected: bool| -> Vec<Line<'static>> {
        let wrapped = rows[k].lines(area.width.saturating_sub(2), theme, accessible);
        let marker = if selected { "> " } else { "  " };
        wrapped
            .into_iter()
            .enumerate()
            .map(|(n, mut line)| {
                line.spans
                    .insert(0, Span::raw(if n == 0 { marker } else { "  " }));
                if selected && !accessible {
                    line = line.patch_style(Style::default().add_modifier(Modifier::BOLD));
                }
                line
            })
            .collect()
    };
    let mut state = ScrollState::at(app.scroll.get());
    frame.render_stateful_widget(ScrollList::new(rows.len(), sel, item), area, &mut state);
    remember(app, &state);
    Some(state.cursor)
}

/// Keep where the list on screen was scrolled to, for the next frame and for paging.
fn remember(app: &App, state: &ScrollState) {
    app.scroll.set(state.top);
    app.page.set(state.page);
}

fn draw_error(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    error: &str,
) -> Option<Position> {
    let mut lines = vec![
        Line::from(Span::styled(
            "These records could not be read.",
            theme.error(),
        )),
        Line::default(),
    ];
    lines.push(Line::from(error.to_string()));
    lines.push(Line::default());
    lines.push(Line::from(
        "Nothing has been changed. Open the file named above in a text editor, put right the line it names, save it, then press g to read it again.",
    ));
    if app.people.len() > 1 {
        lines.push(Line::from(
            "Press Esc to go back to everyone else, or q to quit.",
        ));
    } else {
        lines.push(Line::from("Press q to quit."));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        area,
    );
    Some(Position::new(area.x, area.y))
}

fn draw_people(app: &App, frame: &mut Frame, area: Rect, theme: Theme) -> Option<Position> {
    let shown = app.people_shown();
    let mut lines = Vec::new();
    let head = if app.people_find.is_empty() {
        format!(
            "{}, sorted by {}.",
            plural(shown.len() as i64, "person"),
            app.sort.words()
        )
    } else {
        format!(
            "{} found for \"{}\" (of {}), sorted by {}.",
            shown.len(),
            app.people_find,
            app.people.len(),
            app.sort.words()
        )
    };
    lines.push(Line::from(Span::styled(
        head.clone(),
        theme.tone(Tone::Heading),
    )));
    let accessible = app.opts.accessible;
    if accessible {
        return draw_people_as_rows(app, frame, area, theme, head, &shown);
    }
    let width = area.width as usize;
    let wide = width >= 100;
    if !app.people.is_empty() {
        let mut h = format!("  {} ", cells::pad("Name", 20));
        if wide {
            h.push_str(&format!("{} ", cells::pad("Held as", 14)));
        }
        h.push_str(&format!(
            "{} {} {}",
            cells::pad_start("Balance", 12),
            cells::pad_start("Spent/time", 11),
            cells::pad("Next review", 11)
        ));
        if wide {
            h.push_str(&format!(" {}", cells::pad("Next return", 11)));
        }
        h.push_str(" Alerts");
        lines.push(Line::from(Span::styled(
            h,
            Style::default().add_modifier(Modifier::UNDERLINED),
        )));
    }
    let (head_area, list_area) = split_top(area, lines.len() as u16);
    frame.render_widget(Paragraph::new(lines), head_area);
    let item = |k: usize, selected: bool| -> Vec<Line<'static>> {
        let p = &app.people[shown[k]];
        let marker = if selected { "> " } else { "  " };
        let text = match &p.error {
            Some(e) => format!("{marker}{}: cannot be read. {e}", p.name),
            None => {
                let worst = p
                    .worst
                    .as_ref()
                    .map(|(s, m)| format!(" {}: {m}", s.word()))
                    .unwrap_or_default();
                let held = if wide {
                    format!("{} ", cells::fit(&p.held, 14))
                } else {
                    String::new()
                };
                let short = |d: Option<chrono::NaiveDate>| {
                    d.map_or("-".into(), |d| d.format("%d %b %Y").to_string())
                };
                let next_return = if wide {
                    format!(" {}", cells::pad(&short(p.next_return), 11))
                } else {
                    String::new()
                };
                format!(
                    "{marker}{} {held}{} {}/{} {}{next_return} {}{}",
                    cells::fit(&p.name, 20),
                    cells::pad_start(&p.balance.to_string(), 12),
                    cells::pad_start(&percent(p.spent_share), 5),
                    cells::pad(&percent(p.elapsed), 5),
                    cells::pad(&short(p.next_review), 11),
                    p.alerts,
                    worst
                )
            }
        };
        let style = match (&p.error, &p.worst) {
            (Some(_), _) => theme.error(),
            (None, Some((Severity::Serious, _))) => theme.tone(Tone::Bad),
            (None, Some((Severity::Warning, _))) => theme.tone(Tone::Warn),
            _ => Style::default(),
        };
        let style = if selected {
            style.patch(theme.focus())
        } else {
            style
        };
        vec![Line::from(Span::styled(cells::clip(&text, width), style))]
    };
    let mut state = ScrollState::at(app.scroll.get());
    let list = ScrollList::new(shown.len(), app.people_sel, item).one_line();
    frame.render_stateful_widget(list, list_area, &mut state);
    remember(app, &state);
    let empty: Vec<Line> = if app.people.is_empty() {
        WELCOME
            .iter()
            .map(|l| Line::from(format!("  {l}")))
            .collect()
    } else if shown.is_empty() {
        vec![Line::from(
            "  No one to show. Press / to find someone else, or Esc.",
        )]
    } else {
        Vec::new()
    };
    if !empty.is_empty() {
        frame.render_widget(Paragraph::new(empty), list_area);
    }
    Some(Position::new(
        area.x,
        state.cursor.y.min(area.y + area.height - 1),
    ))
}

/// The first `rows` lines of `area` (headings) and the rest (a list under them).
fn split_top(area: Rect, rows: u16) -> (Rect, Rect) {
    let rows = rows.min(area.height);
    (
        Rect {
            height: rows,
            ..area
        },
        Rect {
            y: area.y + rows,
            height: area.height - rows,
            ..area
        },
    )
}

/// People in screen-reader mode: one sentence each, labels before values, wrapped.
fn draw_people_as_rows(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    head: String,
    shown: &[usize],
) -> Option<Position> {
    let mut rows = vec![Row {
        spans: vec![(head, Tone::Heading)],
        indent: 0,
        target: None,
    }];
    for &i in shown {
        let p = &app.people[i];
        let text = match &p.error {
            Some(e) => format!("{}: cannot be read. {e}", p.name),
            None => format!(
                "{}: {}; balance {}; spent {} with {} of the period passed; next review {}{}; {}{}",
                p.name,
                p.held,
                balance_words(p.balance),
                percent(p.spent_share),
                percent(p.elapsed),
                p.next_review.map_or("not set".into(), long_date),
                p.next_return
                    .map(|d| format!("; next return due {}", long_date(d)))
                    .unwrap_or_default(),
                plural(p.alerts as i64, "alert"),
                p.worst
                    .as_ref()
                    .map(|(s, m)| format!(", worst: {}: {m}", s.word()))
                    .unwrap_or_default()
            ),
        };
        rows.push(Row {
            spans: vec![(text, Tone::Plain)],
            indent: 0,
            target: None,
        });
    }
    if app.people.is_empty() {
        rows.extend(WELCOME.iter().map(|l| Row {
            spans: vec![(l.to_string(), Tone::Plain)],
            indent: 0,
            target: None,
        }));
    } else if shown.is_empty() {
        rows.push(Row {
            spans: vec![(
                "No one to show. Press / to find someone else.".into(),
                Tone::Plain,
            )],
            indent: 0,
            target: None,
        });
    }
    let sel = app.people_sel.min(shown.len().saturating_sub(1)) + 1;
    draw_rows(app, frame, area, theme, &rows, sel)
}

/// What an empty workspace says: the first run.
const WELCOME: [&str; 6] = [
    "Welcome. This workspace has no one in it yet.",
    "Press n to set up the first person: their name and plan dates, and",
    "the first funding stream and outcome if you have them to hand.",
    "Everything else can come later.",
    "To look around first, quit (q) and run: careledger demo",
    "Press ? at any time for the keys.",
];

fn draw_register(
    app: &App,
    h: &OpenHolder,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
) -> Option<Position> {
    let accessible = app.opts.accessible;
    let mut lines: Vec<Line> = Vec::new();
    let f = &h.filter;
    let mut shown = format!(
        "{} of {}, newest first",
        h.view.len(),
        plural(h.order.len() as i64, "entry")
    );
    let mut conditions = Vec::new();
    if let Some(t) = &f.text {
        conditions.push(format!("search \"{t}\""));
    }
    if let Some(o) = &f.outcome {
        conditions.push(format!("outcome {o}"));
    }
    if let Some(s) = &f.stream {
        conditions.push(format!("stream {s}"));
    }
    if let Some(d) = f.from {
        conditions.push(format!("from {d}"));
    }
    if let Some(d) = f.to {
        conditions.push(format!("to {d}"));
    }
    if let Some(p) = &f.payee {
        conditions.push(format!("payee \"{p}\""));
    }
    if !conditions.is_empty() {
        shown.push_str(&format!("; only {} (F shows all)", conditions.join(", ")));
    }
    lines.push(Line::from(Span::styled(shown, theme.tone(Tone::Heading))));
    let width = area.width as usize;
    // Column widths: payee takes what the others leave.
    let (w_out, w_stream, w_receipt) = if width >= 110 {
        (22, 14, 10)
    } else {
        (12, 10, 8)
    };
    let w_amount = 11;
    let fixed = 2 + 10 + 1 + 2 + w_amount + 1 + w_out + 1 + w_stream + 1 + w_receipt + 1;
    let w_payee = width.saturating_sub(fixed).max(8);
    if !accessible {
        lines.push(Line::from(Span::styled(
            format!(
                "  {} {} {} {} {} {} {}",
                cells::pad("Date", 10),
                "C",
                cells::pad("Payee", w_payee),
                cells::pad_start("Amount", w_amount),
                cells::pad("Outcome", w_out),
                cells::pad("Stream", w_stream),
                cells::pad("Receipt", w_receipt)
            ),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )));
    }
    let (head_area, list_area) = split_top(area, lines.len() as u16);
    frame.render_widget(Paragraph::new(lines), head_area);
    let item = |k: usize, selected: bool| -> Vec<Line<'static>> {
        let Some((ji, ti, e)) = h.entry(k) else {
            return Vec::new();
        };
        let j = h.journal(ji);
        let locked = h.locks.locked_by(j, &j.transactions()[ti]);
        if accessible {
            // A sentence, wrapped; the marker takes the place of the indent.
            let mut text = reader_text(&e);
            if let Some(d) = locked {
                text.push_str(&format!("; checked against the bank on {d}"));
            }
            let mut lines = wrap([(text.as_str(), Style::default())], 2, area.width as usize);
            if selected && let Some(first) = lines.first_mut() {
                first.spans[0] = Span::raw("> ");
            }
            return lines;
        }
        let marker = if selected { "> " } else { "  " };
        let mark = match (locked.is_some(), e.status) {
            (true, _) => "L",
            (false, Status::Cleared) => "*",
            (false, Status::Pending) => "!",
            (false, Status::Unmarked) => " ",
        };
        let text = format!(
            "{marker}{} {mark} {} {} {} {} {}",
            e.date,
            cells::fit(e.payee, w_payee),
            cells::pad_start(&e.amount.to_string(), w_amount),
            cells::fit(e.outcome.unwrap_or("-"), w_out),
            cells::fit(e.stream.unwrap_or("-"), w_stream),
            cells::fit(e.receipt.unwrap_or("-"), w_receipt),
        );
        let mut style = if e.amount.is_negative() {
            Style::default()
        } else {
            theme.tone(Tone::Good)
        };
        if selected {
            style = style.patch(theme.focus());
        }
        vec![Line::from(Span::styled(text, style))]
    };
    // Only the rows that fit are laid out: the work is the same for 10 or 100,000 entries.
    let mut list = ScrollList::new(h.view.len(), h.sel, item);
    if !accessible {
        list = list.one_line();
    }
    let mut state = ScrollState::at(app.scroll.get());
    frame.render_stateful_widget(list, list_area, &mut state);
    remember(app, &state);
    if h.view.is_empty() {
        frame.render_widget(
            Paragraph::new(if h.order.is_empty() {
                "  No entries yet. Press a to record a payment."
            } else {
                "  Nothing matches. Press F to show every entry."
            }),
            list_area,
        );
    }
    Some(state.cursor)
}

/// A register entry as a sentence: labels before values, money out in words.
fn reader_text(e: &crate::core::register::Entry) -> String {
    let (dir, amount) = if e.amount.is_negative() {
        ("paid out", e.amount.abs())
    } else {
        ("paid in", e.amount)
    };
    let mut s = format!("{} {}: {dir} {amount}", e.date, e.payee);
    if let Some(o) = e.outcome {
        s.push_str(&format!("; outcome {o}"));
    }
    if let Some(st) = e.stream {
        s.push_str(&format!("; from {st}"));
    }
    match e.receipt {
        Some(r) => s.push_str(&format!("; receipt {r}")),
        None if e.amount.is_negative() => s.push_str("; no receipt"),
        None => {}
    }
    s.push_str(match e.status {
        Status::Cleared => "; cleared",
        Status::Pending => "; pending",
        Status::Unmarked => "",
    });
    s
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
