//! Help: every key of the current screen and of forms and questions, by context, as the key
//! table (with the person's own bindings from careledger.toml) has them.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::boxed;
use crate::tui::keys::Context;
use crate::tui::screens::Tone;
use crate::tui::state::{Screen, State};
use crate::tui::theme::Theme;
use crate::tui::widgets::cells;

/// The keys of the screen under it, from the key table, so help cannot disagree with what the
/// keys do.
pub fn draw(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    scroll: usize,
) -> Option<Position> {
    let contexts = match state.screen {
        Screen::Holders => vec![
            Context::Holders,
            Context::Global,
            Context::Form,
            Context::Confirm,
        ],
        s => vec![
            match s {
                Screen::Register => Context::Register,
                Screen::Plan => Context::Plan,
                _ => Context::Dashboard,
            },
            Context::Global,
            Context::Form,
            Context::Confirm,
        ],
    };
    let mut lines = vec![Line::from(Span::styled(
        format!(
            "Keys on the {} screen. Esc closes this list.",
            state.screen.title()
        ),
        theme.tone(Tone::Heading),
    ))];
    let mut last = None;
    for (context, keys, what) in state.keymap.help(&contexts) {
        if last != Some(context) {
            lines.push(Line::from(Span::styled(
                format!("{}:", context.name()),
                theme.tone(Tone::Heading),
            )));
            last = Some(context);
        }
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::styled(cells::pad(&keys, 22), theme.key()),
            Span::raw(what),
        ]));
    }
    lines.push(Line::from(
        "Keys can be changed in careledger.toml under [keys], e.g. add = \"n\".",
    ));
    let r = boxed(state, frame, area, " Help ", theme);
    let scroll = super::reader_top(state, lines.len(), r.height, scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
    Some(Position::new(r.x, r.y))
}
