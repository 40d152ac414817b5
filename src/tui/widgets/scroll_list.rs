//! A list that keeps its selected item in view: the one scrolling rule for every list in the
//! app (People, the register, the dashboard's and plan's rows). An item may take several
//! lines (a sentence wrapped in screen-reader mode); the list scrolls by whole items, so the
//! top line is always the start of one, never the middle of a sentence.
//!
//! Items are laid out only as they are needed, each at most once a frame: the items drawn,
//! plus at most a window's worth either side (to work out where to start and how far a page
//! goes). The register costs the same with 100,000 entries as with ten.

use std::cell::RefCell;
use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, StatefulWidget, Widget};

/// Where a list was scrolled to. The app keeps `top` and `page` between frames (in
/// `State::scroll` and `State::page`): `top` so that moving the selection does not make the
/// list jump, `page` so that Page Up and Page Down move by a window's worth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScrollState {
    /// The first item drawn. Read before drawing, set by it.
    pub top: usize,
    /// How far Page Up and Page Down move the selection: as many items as fit in the window
    /// just below what it shows, or just above, whichever is fewer (at least one). Moving
    /// further would carry the selection past items never shown; where items take a line
    /// each it is simply the window's height.
    pub page: usize,
    /// Where the selected item's first line was drawn; the list's first line if it is
    /// empty. Screen-reader mode puts the terminal's cursor here.
    pub cursor: Position,
}

impl ScrollState {
    /// A list last drawn starting at item `top`.
    pub fn at(top: usize) -> ScrollState {
        ScrollState {
            top,
            ..ScrollState::default()
        }
    }
}

/// `len` items, of which `selected` is chosen; `item(k, selected)` lays out item `k`.
pub struct ScrollList<F> {
    len: usize,
    selected: usize,
    item: F,
    one_line: bool,
    /// Items laid out to measure them, kept so that each is laid out once a frame (wrapping
    /// a sentence is the costly part of drawing one).
    laid: RefCell<HashMap<usize, Vec<Line<'static>>>>,
    heights: RefCell<HashMap<usize, usize>>,
}

impl<F> ScrollList<F>
where
    F: Fn(usize, bool) -> Vec<Line<'static>>,
{
    pub fn new(len: usize, selected: usize, item: F) -> ScrollList<F> {
        ScrollList {
            len,
            selected: selected.min(len.saturating_sub(1)),
            item,
            one_line: false,
            laid: RefCell::default(),
            heights: RefCell::default(),
        }
    }

    /// Every item is one line, so where to start can be worked out without laying any out.
    pub fn one_line(mut self) -> ScrollList<F> {
        self.one_line = true;
        self
    }

    fn height(&self, k: usize) -> usize {
        if self.one_line {
            return 1;
        }
        if let Some(&h) = self.heights.borrow().get(&k) {
            return h;
        }
        let lines = (self.item)(k, false);
        let h = lines.len().max(1);
        self.heights.borrow_mut().insert(k, h);
        self.laid.borrow_mut().insert(k, lines);
        h
    }

    /// Item `k` as drawn: the selected one is laid out again, with its marker.
    fn lines(&self, k: usize) -> Vec<Line<'static>> {
        let selected = k == self.selected;
        match self.laid.borrow_mut().remove(&k) {
            Some(lines) if !selected => lines,
            _ => (self.item)(k, selected),
        }
    }

    /// The first item to draw in `rows` lines, starting from where the last frame did.
    fn top(&self, last: usize, rows: usize) -> usize {
        let sel = self.selected;
        let mut top = last.min(sel);
        // Move down until everything from the top to the selected item fits; an item taller
        // than the window is shown from its start.
        let mut used = 0;
        for k in (top..=sel).rev() {
            used += self.height(k);
            if used > rows {
                top = (k + 1).min(sel);
                break;
            }
        }
        // Move up while lines below the last item would stay empty (the window grew, or the
        // list got shorter) and items above it are hidden. Only near the end can that be:
        // every item takes a line at least.
        if self.len - top <= rows {
            let mut used = 0;
            for k in top..self.len {
                used += self.height(k);
                if used > rows {
                    break;
                }
            }
            while top > 0 {
                let above = self.height(top - 1);
                if used + above > rows {
                    break;
                }
                used += above;
                top -= 1;
            }
        }
        top
    }

    /// How many items from `first` on fit in `rows` lines. Past the end each line counts as
    /// an item, so that near the end a page is as long as anywhere else.
    fn fit_below(&self, first: usize, rows: usize) -> usize {
        let (mut used, mut n) = (0, 0);
        for k in first..self.len {
            used += self.height(k);
            if used > rows {
                return n;
            }
            n += 1;
        }
        n + (rows - used)
    }

    /// How many items just above `top` fit in `rows` lines (before the start, one a line).
    fn fit_above(&self, top: usize, rows: usize) -> usize {
        let (mut used, mut n) = (0, 0);
        for k in (0..top).rev() {
            used += self.height(k);
            if used > rows {
                return n;
            }
            n += 1;
        }
        n + (rows - used)
    }
}

impl<F> StatefulWidget for ScrollList<F>
where
    F: Fn(usize, bool) -> Vec<Line<'static>>,
{
    type State = ScrollState;

    fn render(self, area: Rect, buf: &mut Buffer, state: &mut ScrollState) {
        let rows = area.height as usize;
        state.cursor = Position::new(area.x, area.y);
        if self.len == 0 {
            *state = ScrollState {
                top: 0,
                page: 1,
                cursor: state.cursor,
            };
            return;
        }
        let top = self.top(state.top, rows);
        let mut lines: Vec<Line> = Vec::new();
        let mut whole = 0;
        for k in top..self.len {
            if lines.len() >= rows {
                break;
            }
            let mut item = self.lines(k);
            if item.is_empty() {
                item.push(Line::default());
            }
            if k == self.selected {
                state.cursor.y = area.y + lines.len() as u16;
            }
            if lines.len() + item.len() <= rows {
                whole += 1;
            }
            lines.extend(item);
        }
        lines.truncate(rows);
        state.top = top;
        state.page = self
            .fit_below(top + whole, rows)
            .min(self.fit_above(top, rows))
            .max(1);
        Paragraph::new(lines).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draw `heights.len()` items, item k `heights[k]` lines tall, in a window `rows` high;
    /// returns the state and the screen (each line names its item and line: "3" or "3.1").
    fn draw(heights: &[usize], selected: usize, top: usize, rows: u16) -> (ScrollState, String) {
        let item = |k: usize, sel: bool| -> Vec<Line<'static>> {
            (0..heights[k])
                .map(|n| {
                    let mark = if sel && n == 0 { ">" } else { " " };
                    let name = if n == 0 {
                        format!("{k}")
                    } else {
                        format!("{k}.{n}")
                    };
                    Line::from(format!("{mark}{name}"))
                })
                .collect()
        };
        let mut list = ScrollList::new(heights.len(), selected, item);
        if heights.iter().all(|&h| h == 1) {
            list = list.one_line();
        }
        let area = Rect::new(0, 0, 8, rows);
        let mut buf = Buffer::empty(area);
        let mut state = ScrollState::at(top);
        list.render(area, &mut buf, &mut state);
        let screen = (0..rows)
            .map(|y| {
                let line: String = (0..8).map(|x| buf[(x, y)].symbol()).collect();
                line.trim_end().to_string()
            })
            .collect::<Vec<_>>()
            .join("|");
        (state, screen)
    }

    #[test]
    fn the_selected_item_is_kept_in_view_without_jumping() {
        let ones = [1; 20];
        // Moving down inside the window keeps the top where it was.
        let (s, screen) = draw(&ones, 3, 0, 5);
        assert_eq!((s.top, s.page, s.cursor.y), (0, 5, 3));
        assert_eq!(screen, " 0| 1| 2|>3| 4");
        // Moving down past the bottom brings the selected item to the bottom line.
        let (s, screen) = draw(&ones, 7, 0, 5);
        assert_eq!((s.top, s.cursor.y), (3, 4));
        assert_eq!(screen, " 3| 4| 5| 6|>7");
        // Moving up past the top brings it to the top line.
        let (s, _) = draw(&ones, 2, 3, 5);
        assert_eq!((s.top, s.cursor.y), (2, 0));
        // Jumping to the end (End, or 100,000 entries in) starts a window above it.
        let (s, _) = draw(&ones, 19, 0, 5);
        assert_eq!((s.top, s.cursor.y), (15, 4));
    }

    #[test]
    fn items_of_several_lines_scroll_by_whole_items() {
        let heights = [2, 3, 1, 2, 2, 1, 3];
        let (s, screen) = draw(&heights, 0, 0, 5);
        assert_eq!(screen, ">0| 0.1| 1| 1.1| 1.2");
        // Items 2, 3 and 4 fit in a window below this one; before the start there is room
        // for five.
        assert_eq!((s.top, s.page), (0, 3));
        // Item 3 needs items 2 and 3 on screen (three lines) and 1 does not fit above them
        // whole, so the window starts at 2, never in the middle of 1.
        let (s, screen) = draw(&heights, 3, 0, 5);
        assert_eq!(screen, " 2|>3| 3.1| 4| 4.1");
        // Only 0 and 1 fit above: a page up of three would pass over one never shown.
        assert_eq!((s.top, s.cursor.y, s.page), (2, 1, 2));
    }

    #[test]
    fn an_item_taller_than_the_window_is_shown_from_its_start() {
        let heights = [1, 9, 1];
        let (s, screen) = draw(&heights, 1, 0, 4);
        assert_eq!(screen, ">1| 1.1| 1.2| 1.3");
        assert_eq!((s.top, s.cursor.y, s.page), (1, 0, 1));
        // Coming back up from below it too.
        let (s, _) = draw(&heights, 1, 2, 4);
        assert_eq!((s.top, s.cursor.y), (1, 0));
    }

    #[test]
    fn a_window_that_grew_is_filled_rather_than_left_empty_below_the_end() {
        // Scrolled to the end in 5 lines, then drawn in 8: three more items come into view
        // above, instead of three empty lines below.
        let ones = [1; 20];
        let (s, screen) = draw(&ones, 19, 15, 8);
        assert_eq!(s.top, 12);
        assert_eq!(screen, " 12| 13| 14| 15| 16| 17| 18|>19");
        let heights = [1, 1, 2, 2, 1, 2];
        let (s, screen) = draw(&heights, 5, 4, 6);
        assert_eq!(s.top, 3);
        assert_eq!(screen, " 3| 3.1| 4|>5| 5.1|");
        // A list shorter than the window starts at its first item.
        let (s, _) = draw(&[1, 1, 1], 2, 2, 8);
        assert_eq!(s.top, 0);
    }

    #[test]
    fn paging_up_or_down_never_passes_over_an_item_never_shown() {
        let lists: [Vec<usize>; 3] = [
            vec![1; 30],
            (0..40).map(|k| 1 + k * 7 % 4).collect(),
            (0..25).map(|k| if k % 6 == 0 { 5 } else { 1 }).collect(),
        ];
        for heights in &lists {
            let last = heights.len() - 1;
            for rows in [3u16, 5, 8] {
                for down in [true, false] {
                    let mut shown = vec![false; heights.len()];
                    let (mut sel, mut top) = if down { (0, 0) } else { (last, last) };
                    loop {
                        let (s, screen) = draw(heights, sel, top, rows);
                        for name in screen.split('|').map(|l| l[1.min(l.len())..].to_string()) {
                            if let Ok(k) = name.parse::<usize>() {
                                shown[k] = true;
                            }
                        }
                        if heights.iter().all(|&h| h == 1) {
                            assert_eq!(s.page, rows as usize);
                        }
                        top = s.top;
                        let next = if down {
                            (sel + s.page).min(last)
                        } else {
                            sel.saturating_sub(s.page)
                        };
                        if next == sel {
                            break;
                        }
                        sel = next;
                    }
                    let missed: Vec<usize> = (0..heights.len()).filter(|&k| !shown[k]).collect();
                    assert!(
                        missed.is_empty(),
                        "{heights:?} in {rows}, down {down}: {missed:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_empty_list_draws_nothing_and_puts_the_cursor_at_its_top() {
        let (s, screen) = draw(&[], 0, 4, 3);
        assert_eq!(
            s,
            ScrollState {
                top: 0,
                page: 1,
                cursor: Position::new(0, 0)
            }
        );
        assert_eq!(screen, "||");
    }
}
