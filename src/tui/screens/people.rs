//! People: everyone in the workspace with their balance, spending against time, next review
//! and worst alert, as columns (sighted) or one sentence each (screen reader).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{Drawn, Row, Tone, balance_words, draw_rows, split_top};
use crate::core::alert::Severity;
use crate::core::words::{long_date, percent, plural};
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::widgets::{ScrollList, ScrollState, cells};

/// Everyone in the workspace, one row each, most in need of attention first (or as sorted).
pub fn draw(state: &State, frame: &mut Frame, area: Rect, theme: Theme) -> Drawn {
    let shown = state.people_shown();
    let mut lines = Vec::new();
    let head = if state.people_find.is_empty() {
        format!(
            "{}, sorted by {}.",
            plural(shown.len() as i64, "person"),
            state.sort.words()
        )
    } else {
        format!(
            "{} found for \"{}\" (of {}), sorted by {}.",
            shown.len(),
            state.people_find,
            state.people.len(),
            state.sort.words()
        )
    };
    lines.push(Line::from(Span::styled(
        head.clone(),
        theme.tone(Tone::Heading),
    )));
    if state.opts.accessible {
        return draw_as_rows(state, frame, area, theme, head, &shown);
    }
    let width = area.width as usize;
    let wide = width >= 100;
    if !state.people.is_empty() {
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
        let p = &state.people[shown[k]];
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
    let mut list_state = ScrollState::at(state.scroll.get());
    let list = ScrollList::new(shown.len(), state.people_sel, item).one_line();
    frame.render_stateful_widget(list, list_area, &mut list_state);
    let empty: Vec<Line> = if state.people.is_empty() {
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
    list_state.cursor.y = list_state.cursor.y.min(area.y + area.height - 1);
    Drawn::list(list_state)
}

/// People in screen-reader mode: one sentence each, labels before values, wrapped.
fn draw_as_rows(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    head: String,
    shown: &[usize],
) -> Drawn {
    let mut rows = vec![Row {
        spans: vec![(head, Tone::Heading)],
        indent: 0,
        target: None,
    }];
    for &i in shown {
        let p = &state.people[i];
        let text = match &p.error {
            Some(e) => format!("{}: cannot be read. {e}", p.name),
            // Most needed first, as a line may be shortened to fit: the rest is on their
            // dashboard (Enter).
            None => format!(
                "{}: balance {}; {}{}; spent {} with {} of the period passed; next review {}{}; {}{}",
                p.name,
                balance_words(p.balance),
                plural(p.alerts as i64, "alert"),
                p.worst
                    .as_ref()
                    .map(|(s, _)| format!(", worst: {}", s.word()))
                    .unwrap_or_default(),
                percent(p.spent_share),
                percent(p.elapsed),
                p.next_review.map_or("not set".into(), long_date),
                p.next_return
                    .map(|d| format!("; next return due {}", long_date(d)))
                    .unwrap_or_default(),
                p.held,
                p.worst
                    .as_ref()
                    .map(|(s, m)| format!("; {}: {m}", s.word()))
                    .unwrap_or_default()
            ),
        };
        rows.push(Row {
            spans: vec![(text, Tone::Plain)],
            indent: 0,
            target: None,
        });
    }
    if state.people.is_empty() {
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
    let sel = state.people_sel.min(shown.len().saturating_sub(1)) + 1;
    draw_rows(state, frame, area, theme, &rows, sel)
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
