//! Help: every key of the current screen and of forms and questions, by context, as the key
//! table (with the person's own bindings from careledger.toml) has them.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
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
    let r = boxed(state, frame, area, " Help ", theme);
    let mut last = None;
    for (context, keys, what, name) in state.keymap.help_named(&contexts) {
        if last != Some(context) {
            lines.push(Line::from(Span::styled(
                format!("{}:", context.name()),
                theme.tone(Tone::Heading),
            )));
            last = Some(context);
        }
        // A long list of keys pushes its words along rather than running into them; words
        // too long for the line go on under themselves, so the action's name is never cut.
        let keys = if cells::width(&keys) >= 22 {
            format!("{keys}  ")
        } else {
            cells::pad(&keys, 22)
        };
        let at = 2 + cells::width(&keys);
        let said = format!("{what} ({name})");
        let room = (r.width as usize).saturating_sub(at).max(10);
        for (n, line) in crate::tui::widgets::wrap([(said.as_str(), Style::default())], 0, room)
            .into_iter()
            .enumerate()
        {
            let mut spans = if n == 0 {
                vec![Span::raw("  "), Span::styled(keys.clone(), theme.key())]
            } else {
                vec![Span::raw(" ".repeat(at))]
            };
            spans.extend(line.spans);
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::from(
        "Keys can be changed in careledger.toml under [keys], by the name in brackets, e.g. reports = \"r\".",
    ));
    let scroll = super::reader_top(state, lines.len(), r.height, scroll);
    frame.render_widget(Paragraph::new(lines).scroll((scroll as u16, 0)), r);
    Some(Position::new(r.x, r.y))
}
