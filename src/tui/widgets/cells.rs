//! Text measured in terminal cells, the unit columns line up in. A character is not a cell:
//! 北 takes two, an é written as e plus a combining accent takes one, and an emoji usually
//! two. Every pad, clip and column in the app goes through these so that a payee in Chinese
//! cannot push the register's later columns out of line.
//!
//! Widths agree with what ratatui draws (it measures with the same `unicode-width` tables),
//! including its two corrections: control characters take no cell (it does not draw them)
//! and the halfwidth sound marks ﾞ and ﾟ take one each (terminals show them as letters).

use crate::core::printable::printable;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How many cells `s` takes on screen.
pub fn width(s: &str) -> usize {
    if plain(s) {
        return s.len();
    }
    s.split(char::is_control)
        .map(|run| run.width() + run.matches(['\u{FF9E}', '\u{FF9F}']).count())
        .sum()
}

/// Printable ASCII: one cell a byte, the common case, measured without the tables.
fn plain(s: &str) -> bool {
    s.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// The longest start of `s` that fits in `cells`. Marks that combine with the last character
/// kept stay with it; a wide character that would straddle the edge is left out whole.
pub fn take(s: &str, cells: usize) -> &str {
    if plain(s) {
        return &s[..s.len().min(cells)];
    }
    // The width of a prefix is measured whole, not summed char by char, because emoji
    // sequences and variation selectors change the width of what comes before them. The
    // scan stops at the first character that does not fit, so it costs what is kept.
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let next = i + c.len_utf8();
        if width(&s[..next]) > cells {
            break;
        }
        end = next;
    }
    &s[..end]
}

/// The longest end of `s` that fits in `cells`, without marks left over from a character
/// that did not fit.
pub fn take_end(s: &str, cells: usize) -> &str {
    if plain(s) {
        return &s[s.len() - s.len().min(cells)..];
    }
    let mut start = s.len();
    for (i, _) in s.char_indices().rev() {
        if width(&s[i..]) > cells {
            break;
        }
        start = i;
    }
    let kept = &s[start..];
    kept.trim_start_matches(|c: char| c.width() == Some(0) && !c.is_control())
}

/// `s` cut to `cells`, with an ellipsis where something was left out. Control characters
/// (from a journal typed by hand) are shown as the command line shows them
/// (`core::printable`), not dropped.
pub fn clip(s: &str, cells: usize) -> String {
    let s = &*printable(s);
    if width(s) <= cells {
        return s.to_string();
    }
    if cells == 0 {
        return String::new();
    }
    let mut t = take(s, cells - 1).to_string();
    t.push('…');
    t
}

/// `s` followed by spaces up to `cells` (as `{:<n}` would, counting cells). Longer text is
/// left as it is: `fit` is the one that cuts.
pub fn pad(s: &str, cells: usize) -> String {
    let mut t = s.to_string();
    t.extend(std::iter::repeat_n(' ', cells.saturating_sub(width(s))));
    t
}

/// Spaces then `s`, up to `cells` (as `{:>n}` would): for figures, which are never cut.
pub fn pad_start(s: &str, cells: usize) -> String {
    let mut t: String = std::iter::repeat_n(' ', cells.saturating_sub(width(s))).collect();
    t.push_str(s);
    t
}

/// A column: `s` clipped and padded to exactly `cells`. Where a wide character would have
/// straddled the edge, a space makes up the cell, so the next column starts where it should.
pub fn fit(s: &str, cells: usize) -> String {
    let s = &*printable(s);
    let w = width(s);
    if w > cells {
        return pad(&clip(s, cells), cells);
    }
    // The common case, measured once: it is most of the register's work per row.
    let mut t = String::with_capacity(s.len() + cells - w);
    t.push_str(s);
    t.extend(std::iter::repeat_n(' ', cells - w));
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAFE_COMBINING: &str = "Cafe\u{301} Nero"; // "Café Nero", é as e + U+0301

    #[test]
    fn width_counts_cells_not_characters() {
        assert_eq!(width("Dalesway Taxis"), 14);
        assert_eq!(width("£12.40"), 6);
        assert_eq!(width("北京烤鸭店"), 10);
        assert_eq!(width("北京烤鸭店 Corner"), 17);
        assert_eq!(CAFE_COMBINING.chars().count(), 10);
        assert_eq!(width(CAFE_COMBINING), 9);
        assert_eq!(width("Taxi 🚕"), 7);
        // A family emoji is five characters joined into one picture two cells wide.
        assert_eq!(width("👨‍👩‍👧"), 2);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn width_agrees_with_what_ratatui_draws() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        for s in [
            "北京烤鸭店 Corner",
            CAFE_COMBINING,
            "Taxi 🚕",
            "👨‍👩‍👧 day out",
            "ｶﾞｲﾄﾞ",
            "tab\there",
            "Zoë Ångström",
        ] {
            let mut buf = Buffer::empty(Rect::new(0, 0, 40, 1));
            let (x, _) = buf.set_stringn(0, 0, s, 40, ratatui::style::Style::default());
            assert_eq!(width(s), x as usize, "{s:?}");
        }
    }

    #[test]
    fn take_keeps_whole_characters_that_fit() {
        assert_eq!(take("Dalesway", 4), "Dale");
        assert_eq!(take("Dale", 10), "Dale");
        // 北 is two cells: three cells hold one of them, not one and a half.
        assert_eq!(take("北京烤", 3), "北");
        assert_eq!(take("北京烤", 4), "北京");
        // The accent stays with its letter.
        assert_eq!(take(CAFE_COMBINING, 4), "Cafe\u{301}");
        assert_eq!(take("🚕🚕", 3), "🚕");
        assert_eq!(take("北", 1), "");
    }

    #[test]
    fn take_end_keeps_whole_characters_and_no_stray_accent() {
        assert_eq!(take_end("Dalesway", 3), "way");
        assert_eq!(take_end("北京烤", 5), "京烤");
        assert_eq!(take_end("abc北", 1), "");
        // The accent stays with its letter, and is not kept without it.
        assert_eq!(take_end("Cafe\u{301}", 1), "e\u{301}");
        assert_eq!(take_end("Cafe\u{301}", 2), "fe\u{301}");
        assert_eq!(take_end("北\u{301}", 1), "");
    }

    #[test]
    fn clip_marks_what_was_cut() {
        assert_eq!(clip("Dalesway Taxis", 20), "Dalesway Taxis");
        assert_eq!(clip("Dalesway Taxis", 8), "Daleswa…");
        assert_eq!(clip("北京烤鸭店 Corner", 8), "北京烤…");
        assert_eq!(width(&clip("北京烤鸭店 Corner", 8)), 7);
        // The cut falls between whole characters, never inside a wide one.
        assert_eq!(clip("北京烤鸭店 Corner", 7), "北京烤…");
        assert_eq!(clip(CAFE_COMBINING, 5), "Cafe\u{301}…");
        assert_eq!(clip("🚕🚕🚕", 4), "🚕…");
        assert_eq!(clip("abc", 0), "");
    }

    #[test]
    fn pad_and_fit_make_columns_the_same_width() {
        for s in [
            "Dalesway Taxis",
            "北京烤鸭店 Corner",
            CAFE_COMBINING,
            "Taxi 🚕",
            "👨‍👩‍👧",
            "-",
        ] {
            for cells in [1, 5, 8, 12, 20] {
                assert_eq!(width(&fit(s, cells)), cells, "{s:?} in {cells}");
            }
            assert_eq!(width(&pad(s, 30)), 30, "{s:?}");
            assert_eq!(width(&pad_start(s, 30)), 30, "{s:?}");
        }
        assert_eq!(pad("北京", 6), "北京  ");
        assert_eq!(pad_start("£1.00", 8), "   £1.00");
        // Longer text is not cut by padding.
        assert_eq!(pad("Dalesway", 3), "Dalesway");
    }
}
