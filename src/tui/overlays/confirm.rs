//! A question waiting for y or n: what is about to happen, before it happens.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::boxed;
use crate::tui::state::State;
use crate::tui::theme::Theme;

/// The question, in a small box (a long one, with a preview under it, in a large one).
pub fn draw(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    question: &str,
) -> Option<Position> {
    let r = if state.opts.accessible {
        area
    } else if question.contains('\n') {
        boxed(state, frame, area, " Are you sure? ", theme)
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
        Paragraph::new(question.to_string()).wrap(Wrap { trim: true }),
        r,
    );
    Some(Position::new(r.x, r.y))
}
