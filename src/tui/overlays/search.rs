//! The search line: typed in place of the status line, with the list it narrows in view.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use crate::tui::form::TextInput;
use crate::tui::state::{Screen, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::cells;

/// "Find:" (People) or "Search:" (a person's entries) and what has been typed, on the first
/// line of `status`; the cursor after what is left of it.
pub fn draw(
    state: &State,
    frame: &mut Frame,
    status: Rect,
    theme: Theme,
    input: &TextInput,
) -> Option<Position> {
    let label = if state.screen == Screen::Holders {
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
