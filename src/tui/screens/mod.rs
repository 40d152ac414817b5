//! The screens, one file each: People, a person's dashboard, register and plan, and the
//! error screen shown in place of a dashboard whose files cannot be read. Here is what they
//! share: rows of text with a tone each ([`Row`], [`Tone`]), what a row stands for
//! ([`Target`]), and drawing rows as a scrolling list.
//!
//! A screen draws from `&State` and changes nothing; where its list was scrolled to goes back
//! to the frame (`view`) in [`Drawn`], and the frame keeps it for the next frame and for
//! paging. The dashboard's and plan's rows are also read by `update`, to move between them,
//! and every figure a gauge or colour shows is also in their words.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::state::State;
use super::theme::Theme;
use super::widgets::{ScrollList, ScrollState, cells, shorten, wrap};
use crate::core::money::Money;

pub mod chart;
pub mod dashboard;
pub mod error;
pub mod people;
pub mod plan;
pub mod register;

// The names `update` counts and walks the rows of these two screens by.

/// How a piece of text should stand out; the theme turns this into style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Heading,
    Dim,
    Good,
    Warn,
    Bad,
    /// A gauge drawn in block characters (left out in screen-reader mode).
    Bar,
}

/// Something a row stands for that can be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Allocation {
        outcome: String,
        stream: String,
    },
    Review(usize),
    /// A funding stream's fields.
    Stream(String),
    /// Where a dated change to a funding stream is added.
    StreamChange(String),
    /// An outcome's words.
    Outcome(String),
}

/// One row of the dashboard or plan (or People, read aloud): pieces of text each with its
/// tone, indented, and what it stands for if it can be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub spans: Vec<(String, Tone)>,
    pub indent: u16,
    pub target: Option<Target>,
}

impl Row {
    fn new(spans: Vec<(String, Tone)>) -> Row {
        Row {
            spans,
            indent: 0,
            target: None,
        }
    }
    fn plain(text: impl Into<String>) -> Row {
        Row::new(vec![(text.into(), Tone::Plain)])
    }
    fn heading(text: impl Into<String>) -> Row {
        Row::new(vec![(text.into(), Tone::Heading)])
    }
    fn blank() -> Row {
        Row::new(Vec::new())
    }
    fn indented(mut self, by: u16) -> Row {
        self.indent = by;
        self
    }
    /// The row as one string, as a screen reader would hear it (gauges left out).
    pub fn text(&self) -> String {
        self.spans
            .iter()
            .filter(|(_, tone)| *tone != Tone::Bar)
            .map(|(s, _)| s.as_str())
            .collect()
    }

    /// Whether the focus may rest here: not on a blank line, nor on a heading that only
    /// names the section under it (the status line says the section's name instead).
    pub fn is_stop(&self) -> bool {
        let text = self.text();
        !text.trim().is_empty()
            && (!self.spans.iter().all(|(_, t)| *t == Tone::Heading) || text.ends_with('.'))
    }

    /// The row on one line of `width` cells for a screen reader: whole where it fits,
    /// otherwise shortened, saying that Enter shows the rest.
    pub fn line(&self, width: u16, theme: Theme) -> Line<'static> {
        let indent = self.indent as usize;
        let room = (width as usize).saturating_sub(indent);
        let text = self.text();
        if cells::width(&text) <= room {
            let mut lines = self.lines(u16::MAX, theme, true);
            if lines.len() == 1 {
                return lines.remove(0);
            }
        }
        Line::from(vec![
            Span::raw(" ".repeat(indent)),
            Span::raw(shorten(&text, room, MORE)),
        ])
    }
    /// The row wrapped to `width` cells and styled; gauges are left out in screen-reader
    /// mode (their figures are in the words).
    pub fn lines(&self, width: u16, theme: Theme, accessible: bool) -> Vec<Line<'static>> {
        let pieces = self
            .spans
            .iter()
            .filter(|(_, tone)| !(accessible && *tone == Tone::Bar))
            .map(|(text, tone)| (text.as_str(), theme.tone(*tone)));
        wrap(pieces, self.indent as usize, width as usize)
    }
}

/// What a screen reader hears at the end of an item too long for one line.
pub const MORE: &str = "; more";

/// The rows the focus may rest on, top to bottom: in screen-reader mode those that say
/// something; in the sighted layout every row (so paging shows every heading).
pub fn stops(rows: &[Row], accessible: bool) -> Vec<usize> {
    (0..rows.len())
        .filter(|&k| !accessible || rows[k].is_stop())
        .collect()
}

/// The focus moved `delta` stops on from row `sel`: the row it lands on, and where that is
/// among the stops (from 0) and how many there are.
pub fn step(rows: &[Row], sel: usize, delta: isize, accessible: bool) -> (usize, usize, usize) {
    let stops = stops(rows, accessible);
    if stops.is_empty() {
        return (0, 0, 0);
    }
    let at = stops
        .iter()
        .position(|&k| k >= sel)
        .unwrap_or(stops.len() - 1);
    let to = (at as isize)
        .saturating_add(delta)
        .clamp(0, stops.len() as isize - 1) as usize;
    (stops[to], to, stops.len())
}

/// The heading a row sits under, if any.
pub fn section_of(rows: &[Row], sel: usize) -> Option<String> {
    rows[..=sel.min(rows.len().saturating_sub(1))]
        .iter()
        .rev()
        .find(|r| !r.is_stop() && !r.text().trim().is_empty())
        .map(Row::text)
}

/// "3 of 12", and "end of list" at the end: where the focus is, for the status line.
pub fn place_words(at: usize, of: usize) -> String {
    if of > 0 && at + 1 == of {
        format!("{} of {of}, end of list.", at + 1)
    } else {
        format!("{} of {of}.", at + 1)
    }
}

/// Money as it should be read: negative balances in words, not a minus sign.
pub fn balance_words(m: Money) -> String {
    if m.is_negative() {
        format!("overspent by {}", m.abs())
    } else {
        m.to_string()
    }
}

/// What drawing a screen leaves for the frame: where the terminal's cursor belongs (on the
/// focused item, for screen readers), and where the screen's list was scrolled to.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Drawn {
    pub cursor: Option<Position>,
    pub list: Option<ScrollState>,
}

impl Drawn {
    fn list(list: ScrollState) -> Drawn {
        Drawn {
            cursor: Some(list.cursor),
            list: Some(list),
        }
    }
}

/// Rows as a scrolling list, the selected one marked (and bold when sighted).
fn draw_rows(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    rows: &[Row],
    sel: usize,
) -> Drawn {
    let accessible = state.opts.accessible;
    // The focus only rests on rows that say something.
    let sel = step(rows, sel, 0, accessible).0;
    let item = |k: usize, selected: bool| -> Vec<Line<'static>> {
        // By ear each row is one line, so the line the cursor is on is the whole item.
        let wrapped = if accessible {
            vec![rows[k].line(area.width.saturating_sub(2), theme)]
        } else {
            rows[k].lines(area.width.saturating_sub(2), theme, accessible)
        };
        // By ear the focus is where the cursor is, and shown reversed: a marker written
        // beside it would change two lines at each move, and both would be read out.
        let marker = if selected && !accessible { "> " } else { "  " };
        wrapped
            .into_iter()
            .enumerate()
            .map(|(n, mut line)| {
                line.spans
                    .insert(0, Span::raw(if n == 0 { marker } else { "  " }));
                if selected && !accessible {
                    line = line.patch_style(Style::default().add_modifier(Modifier::BOLD));
                } else if selected {
                    line = line.patch_style(theme.focus());
                }
                line
            })
            .collect()
    };
    let mut list_state = ScrollState::at(state.scroll.get());
    let mut list = ScrollList::new(rows.len(), sel, item);
    if accessible {
        list = list.one_line();
    }
    frame.render_stateful_widget(list, area, &mut list_state);
    Drawn::list(list_state)
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
