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
use crate::core::words::{self, plural};
use crate::tui::state::{OpenHolder, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::{ScrollList, ScrollState, cells, shorten};

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
    if let Some(c) = &f.category {
        conditions.push(format!("category {c}"));
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
        (18, 14, 10)
    } else {
        (12, 10, 8)
    };
    let w_amount = 11;
    // Entry IDs (what `careledger edit`, `reverse` and `clear` take) where there is room;
    // on a narrow window, and by ear, the entry's details (Enter) give it.
    let w_id = if width >= 110 { 9 } else { 0 };
    // The spending category where there is room for it beside the payee.
    let w_cat = if width >= 110 { 13 } else { 0 };
    let fixed = 2
        + 10
        + 1
        + 2
        + w_amount
        + 1
        + w_out
        + 1
        + w_cat
        + usize::from(w_cat > 0)
        + w_stream
        + 1
        + w_receipt
        + 1
        + w_id;
    let w_payee = width.saturating_sub(fixed).max(8);
    if !accessible {
        lines.push(Line::from(Span::styled(
            format!(
                "  {} {} {} {} {}",
                cells::pad("Date", 10),
                "C",
                cells::pad("Payee", w_payee),
                cells::pad_start("Amount", w_amount),
                cells::pad("Outcome", w_out),
            ) + &if w_cat > 0 {
                format!(" {}", cells::pad("Category", w_cat))
            } else {
                String::new()
            } + &format!(
                " {} {}",
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
            // One line, so the line the cursor is on is the whole item (shortened to fit:
            // Enter shows the entry whole).
            let mut text = reader_text(&e);
            match reversal {
                Some("reversed") => text.push_str("; reversed, so it counts for nothing"),
                Some(_) => text.push_str("; the reversal of an earlier entry"),
                None => {}
            }
            if let Some(d) = locked {
                text.push_str(&format!(
                    "; checked against the bank on {}",
                    words::long_date(d)
                ));
            }
            // The focus is the cursor's line, reversed (no marker: see `draw_rows`).
            let room = (area.width as usize).saturating_sub(2);
            let line = Line::from(format!("  {}", shorten(&text, room, super::MORE)));
            return vec![if selected {
                line.patch_style(theme.focus())
            } else {
                line
            }];
        }
        let marker = if selected { "> " } else { "  " };
        let mark = match (locked.is_some(), e.status) {
            (true, _) => "L",
            (false, Status::Cleared) => "*",
            (false, Status::Pending) => "!",
            (false, Status::Unmarked) => " ",
        };
        let category = if w_cat > 0 {
            let c = e
                .category
                .map(|c| crate::core::category::label_of(&h.categories, c))
                .unwrap_or(if e.is_split() { "split" } else { "-" });
            format!(" {}", cells::fit(c, w_cat))
        } else {
            String::new()
        };
        let mut text = format!(
            "{marker}{} {mark} {} {} {}{category} {} {}",
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
    let list = ScrollList::new(h.view.len(), h.sel, item).one_line();
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

/// A register entry as a sentence: labels before values, money in words, and what a
/// shortened line must keep (the amount, the bank mark, the receipt) before the rest.
fn reader_text(e: &Entry) -> String {
    let mut s = format!(
        "{}: {} {} {}",
        e.date.format("%-d %b %Y"),
        words::paid(e.amount),
        if e.amount.is_negative() { "to" } else { "from" },
        e.payee,
    );
    s.push_str(match e.status {
        Status::Cleared => "; cleared",
        Status::Pending => "; pending",
        Status::Unmarked => "; not cleared",
    });
    match e.receipt {
        Some(r) => s.push_str(&format!("; receipt {r}")),
        None if e.amount.is_negative() => s.push_str("; no receipt"),
        None => {}
    }
    if let Some(o) = e.outcome {
        s.push_str(&format!("; outcome {o}"));
    }
    if let Some(c) = e.category.filter(|_| e.amount.is_negative()) {
        s.push_str(&format!("; category {c}"));
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
    s
}
