//! What is drawn over a screen: a form, a question, help, one entry in full, a report or
//! account to read, and the search line. Each draws from `&State` and changes nothing, and
//! returns where the terminal's cursor belongs. Sighted, an overlay is a box over the screen;
//! in screen-reader mode it takes the screen's place (one region at a time), except the
//! search line, which is typed with the list in view.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Clear};

use super::state::State;
use super::theme::Theme;

pub mod confirm;
pub mod details;
pub mod form;
pub mod help;
pub mod search;
pub mod text;

/// Clear `area` for an overlay and, when sighted, put a titled border round it; returns
/// where the overlay's own text goes.
fn boxed(state: &State, frame: &mut Frame, area: Rect, title: &str, theme: Theme) -> Rect {
    frame.render_widget(Clear, area);
    if state.opts.accessible {
        return area;
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title.to_string(), theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}

/// Where a reader of `lines` lines in `height` rows starts, from the place kept (`scroll`),
/// never past the last page; and, for the next key, the page and the last top line.
fn reader_top(state: &State, lines: usize, height: u16, scroll: usize) -> usize {
    let page = usize::from(height).max(1);
    let last = lines.saturating_sub(page);
    state.reading.set((page, last));
    scroll.min(last)
}
