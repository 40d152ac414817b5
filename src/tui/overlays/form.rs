//! A form drawn: a box over the screen (sighted) or in its place (screen reader), one
//! labelled field a line with its problem or hint under it, scrolled to keep the focused
//! field in view, and the cursor where the next character typed will go.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use crate::tui::form::{Form, Input};
use crate::tui::screens::Tone;
use crate::tui::state::State;
use crate::tui::theme::Theme;
use crate::tui::widgets::{cells, wrap};

/// The form, as a box over the screen (sighted) or in place of it (screen reader).
pub fn draw(
    state: &State,
    frame: &mut Frame,
    area: Rect,
    theme: Theme,
    form: &Form,
) -> Option<Position> {
    let accessible = state.opts.accessible;
    let label_w = form
        .fields
        .iter()
        .map(|f| cells::width(f.label))
        .max()
        .unwrap_or(8)
        + 2;
    let box_area = if accessible {
        area
    } else {
        let w = area.width.min(76);
        let h = area.height.min(form.fields.len() as u16 * 2 + 4);
        let r = Rect::new(
            area.x + (area.width - w) / 2,
            area.y + (area.height.saturating_sub(h)) / 2,
            w,
            h,
        );
        // Clear a margin too, so the screen underneath does not run into the box.
        frame.render_widget(Clear, Rect::new(area.x, r.y, area.width, r.height));
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", form.title), theme.title()));
        let inner = block.inner(r);
        frame.render_widget(block, r);
        inner
    };
    frame.render_widget(Clear, box_area);
    let mut lines: Vec<Line> = Vec::new();
    if accessible {
        lines.push(Line::from(Span::styled(
            format!("{}: {} fields.", form.title, form.fields.len()),
            theme.tone(Tone::Heading),
        )));
    }
    let mut cursor = None;
    let value_w = (box_area.width as usize).saturating_sub(label_w + 2);
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        // By ear the focused field is where the cursor is, its label reversed: a marker
        // written beside it would change two lines at each Tab, and both would be read.
        let marker = if focused && !accessible { "> " } else { "  " };
        let label = format!(
            "{marker}{}",
            cells::pad(&format!("{}:", field.label), label_w)
        );
        let (value, cursor_col) = match &field.input {
            Input::Text(t) => {
                // Keep the cursor in view for long text: as much as fits left of it, with
                // one cell spare for the cursor itself.
                let before = cells::take_end(t.before_cursor(), value_w.saturating_sub(1));
                let start = t.before_cursor().len() - before.len();
                let shown = cells::take(&t.value[start..], value_w).to_string();
                (shown, cells::width(before))
            }
            Input::Choose { options, selected } => {
                let v = selected
                    .and_then(|s| options.get(s))
                    .map_or("(choose with Left/Right)".to_string(), |c| {
                        format!("< {} >", c.label)
                    });
                (cells::clip(&v, value_w), 0)
            }
        };
        let mut spans = vec![
            Span::styled(
                label.clone(),
                match (focused, accessible) {
                    (true, false) => theme.key(),
                    (true, true) => theme.key().patch(theme.focus()),
                    (false, _) => Style::default(),
                },
            ),
            Span::styled(
                value.clone(),
                if focused && !accessible {
                    Style::default().add_modifier(Modifier::UNDERLINED)
                } else {
                    Style::default()
                },
            ),
        ];
        if focused && let Some(c) = field.completion() {
            let typed = field.value().chars().count();
            let rest: String = c.chars().skip(typed).collect();
            spans.push(Span::styled(
                format!("{rest} (Right accepts)"),
                Style::default().add_modifier(Modifier::DIM),
            ));
        }
        if focused {
            cursor = Some(Position::new(
                box_area.x + (cells::width(&label) + cursor_col) as u16,
                box_area.y + lines.len() as u16,
            ));
        }
        lines.push(Line::from(spans));
        let note: Vec<Line> = match (&field.error, focused) {
            (Some(e), _) => wrap(
                [(format!("Problem: {e}").as_str(), theme.tone(Tone::Bad))],
                label_w + 2,
                box_area.width as usize,
            ),
            (None, true) if !field.hint.is_empty() => vec![Line::from(Span::styled(
                format!("{:w$}{}", "", field.hint, w = label_w + 2),
                Style::default().add_modifier(Modifier::DIM),
            ))],
            _ if !accessible => vec![Line::default()],
            _ => Vec::new(),
        };
        lines.extend(note);
    }
    let visible = box_area.height as usize;
    let cur_line = cursor.map_or(0, |c| (c.y - box_area.y) as usize);
    let skip = (cur_line + 2).saturating_sub(visible);
    let lines: Vec<Line> = lines.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(lines), box_area);
    cursor.map(|c| {
        Position::new(
            c.x.min(box_area.right().saturating_sub(1)),
            c.y - skip as u16,
        )
    })
}
