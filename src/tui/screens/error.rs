//! Shown in place of a person's dashboard when their files cannot be read: what is wrong,
//! where, that nothing was changed, and the way out.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::Drawn;
use crate::tui::state::State;
use crate::tui::theme::Theme;

pub fn draw(state: &State, frame: &mut Frame, area: Rect, theme: Theme, error: &str) -> Drawn {
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
    if state.people.len() > 1 {
        lines.push(Line::from(
            "Press Esc to go back to everyone else, or q to quit.",
        ));
    } else {
        lines.push(Line::from("Press q to quit."));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    Drawn {
        cursor: Some(Position::new(area.x, area.y)),
        list: None,
    }
}
