//! One entry in full: every field in words, whether the bank has checked it, who entered it,
//! and its text in the journal as written; in a shared workspace, its history.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::boxed;
use crate::core::entry::EntryId;
use crate::core::journal::Status;
use crate::core::register;
use crate::core::words::long_date;
use crate::tui::screens::Tone;
use crate::tui::state::State;
use crate::tui::theme::Theme;

/// The entry `id` in full, scrolled by `scroll` lines; nothing if it is no longer there.
pub fn draw(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    id: EntryId,
    scroll: usize,
    history: &[String],
) -> Option<Position> {
    let h = state.open.as_ref()?;
    let place = h.ids.find(id)?;
    let ji = place.journal;
    let j = h.journal(ji);
    let tx = j.transactions().get(place.index)?;
    let e = register::entry(&h.files.plan.plan, j, tx);
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
        Line::from(format!(
            "Category: {}",
            e.category
                .map(|c| crate::core::category::label_of(&h.categories, c).to_string())
                .unwrap_or_else(|| if e.is_split() {
                    "by line".into()
                } else {
                    "none".into()
                })
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
            state.short_paths(&h.files.journal_paths[ji].display().to_string()),
            tx.line
        )),
    ];
    for (n, l) in e.lines.iter().enumerate() {
        let outcome = l
            .outcome
            .map(|o| {
                h.files
                    .plan
                    .plan
                    .outcome(o)
                    .map_or(format!("{o} (not in the plan)"), |x| x.title.clone())
            })
            .unwrap_or_else(|| "no outcome".into());
        lines.push(Line::from(format!(
            "Line {}: {} for {outcome}, category {}",
            n + 1,
            l.amount,
            crate::core::category::label_of(&h.categories, l.category)
        )));
    }
    if let Some(partner) = h.reversals.partner(place) {
        let other = &h.journal(partner.journal).transactions()[partner.index];
        lines.push(Line::from(if h.reversals.is_reversal(place) {
            format!(
                "Reversal: takes back the entry of {} (ID {}); the two count for nothing",
                long_date(other.date),
                h.ids.shown(partner)
            )
        } else {
            format!(
                "Reversed on {} by entry {}; the two count for nothing",
                long_date(other.date),
                h.ids.shown(partner)
            )
        }));
    }
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
    let evidence = crate::app::evidence::links_of(j, tx);
    if !evidence.is_empty() {
        lines.push(Line::from(format!(
            "Evidence, in the holder's evidence folder: {}",
            evidence.join(", ")
        )));
    }
    for l in j.source(tx).lines() {
        lines.push(Line::from(format!("  {l}")));
    }
    if state.shared {
        // Newest first: who made, changed, marked or reversed it, and when.
        if history.is_empty() {
            lines.push(Line::from(
                "History: not changed since the workspace was shared.",
            ));
        } else {
            lines.push(Line::from(Span::styled(
                "History:",
                theme.tone(Tone::Heading),
            )));
            lines.extend(history.iter().map(|h| Line::from(format!("  {h}"))));
        }
    }
    let r = boxed(state, frame, area, " Entry ", theme);
    let scroll = super::reader_top(state, lines.len(), r.height, scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
    Some(Position::new(r.x, r.y))
}
