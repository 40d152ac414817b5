//! The register: a person's entries, newest first, with the filter in force. Only the rows
//! that fit are laid out, so a frame costs the same for ten entries or 100,000.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Drawn, Tone, split_top};
use crate::core::journal::Status;
use crate::core::register::Entry;
use crate::core::words::plural;
use crate::tui::state::{OpenHolder, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::{ScrollList, ScrollState, cells, wrap};

/// The person's entries, newest first, as filtered: columns (sighted) or one sentence each
/// (screen reader).
pub fn draw(state: &State, h: &OpenHolder, frame: &mut Frame, area: Rect, theme: Theme) -> Drawn {
    let accessible = state.opts.accessible;
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
    // Entry IDs (what `careledger edit`, `reverse` and `clear` take) where there is room;
    // on a narrow window, and by ear, the entry's details (Enter) give it.
    let w_id = if width >= 110 { 9 } else { 0 };
    let fixed = 2 + 10 + 1 + 2 + w_amount + 1 + w_out + 1 + w_stream + 1 + w_receipt + 1 + w_id;
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
            ) + &if w_id > 0 {
                format!(" {}", cells::pad("ID", w_id - 1))
            } else {
                String::new()
            },
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
        let reversal = h.reversal_word(ji, ti);
        if accessible {
            // A sentence, wrapped; the marker takes the place of the indent.
            let mut text = reader_text(&e);
            match reversal {
                Some("reversed") => text.push_str("; reversed, so it counts for nothing"),
                Some(_) => text.push_str("; the reversal of an earlier entry"),
                None => {}
            }
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
        let mut text = format!(
            "{marker}{} {mark} {} {} {} {} {}",
            e.date,
            cells::fit(e.payee, w_payee),
            cells::pad_start(&e.amount.to_string(), w_amount),
            cells::fit(
                reversal
                    .or(e.outcome)
                    .unwrap_or(if e.is_split() { "split" } else { "-" }),
                w_out
            ),
            cells::fit(e.stream.unwrap_or("-"), w_stream),
            cells::fit(e.receipt.unwrap_or("-"), w_receipt),
        );
        if w_id > 0 {
            text.push(' ');
            text.push_str(&h.shown_id(ji, ti));
        }
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
    let mut list_state = ScrollState::at(state.scroll.get());
    frame.render_stateful_widget(list, list_area, &mut list_state);
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
    Drawn::list(list_state)
}

/// A register entry as a sentence: labels before values, money out in words.
fn reader_text(e: &Entry) -> String {
    let (dir, amount) = if e.amount.is_negative() {
        ("paid out", e.amount.abs())
    } else {
        ("paid in", e.amount)
    };
    let mut s = format!("{} {}: {dir} {amount}", e.date, e.payee);
    if let Some(o) = e.outcome {
        s.push_str(&format!("; outcome {o}"));
    }
    if e.is_split() {
        let parts: Vec<String> = e
            .lines
            .iter()
            .map(|l| format!("{} for {}", l.amount, l.outcome.unwrap_or("no outcome")))
            .collect();
        s.push_str(&format!("; split: {}", parts.join(", ")));
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
