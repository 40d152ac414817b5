//! A report, or an account of what an action did, to read and scroll: by line, by page, to
//! the top and to the end (where a report's declaration and signature lines are). A report
//! can be saved to a file from here. Lines are wrapped to the box in terminal cells first,
//! so that the end is the end of what is shown, however narrow the terminal.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Paragraph;

use super::boxed;
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::widgets::wrap::wrap;

/// `text` under `title`, wrapped, from line `scroll` (no further than its end allows); the
/// title says which lines are shown, and that `s` saves when the report can be saved.
#[allow(clippy::too_many_arguments)]
pub fn draw(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    title: &str,
    text: &str,
    scroll: usize,
    can_save: bool,
) -> Option<Position> {
    // The border takes a cell each side when sighted.
    let width = if state.opts.accessible {
        area.width
    } else {
        area.width.saturating_sub(2)
    };
    let lines: Vec<_> = text
        .lines()
        .flat_map(|l| wrap([(l, Style::default())], 0, usize::from(width)))
        .collect();
    let height = if state.opts.accessible {
        area.height
    } else {
        area.height.saturating_sub(2)
    };
    let top = super::reader_top(state, lines.len(), height, scroll);
    let shown_to = (top + usize::from(height)).min(lines.len());
    let full = format!(
        " {title}: lines {}-{shown_to} of {}{} ",
        (top + 1).min(shown_to),
        lines.len(),
        if can_save { ", s saves" } else { "" }
    );
    let r = boxed(state, frame, area, &full, theme);
    frame.render_widget(Paragraph::new(lines).scroll((top as u16, 0)), r);
    Some(Position::new(r.x, r.y))
}
