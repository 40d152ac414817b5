//! A report, or an account of what an action did, to read and scroll.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::boxed;
use crate::tui::state::State;
use crate::tui::theme::Theme;

/// `text` under `title`, wrapped, from line `scroll` (no further than its end allows).
pub fn draw(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    title: &str,
    text: &str,
    scroll: usize,
) -> Option<Position> {
    let r = boxed(state, frame, area, &format!(" {title} "), theme);
    let lines: Vec<Line> = text.lines().map(|l| Line::from(l.to_string())).collect();
    let scroll = scroll.min(lines.len().saturating_sub(r.height as usize));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        r,
    );
    Some(Position::new(r.x, r.y))
}
