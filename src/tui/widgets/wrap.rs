//! Word wrapping in terminal cells, keeping each piece of text's style: how a row of the
//! dashboard or plan, a register entry read as a sentence, or a form's problem is broken
//! into lines. (ratatui's own wrapping cannot indent the lines after the first.)

use crate::core::printable::printable;

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::cells;

/// `pieces` wrapped into lines of at most `width` cells, each line starting with `indent`
/// spaces. A line is never narrower than 10 cells of text however deep the indent, and a
/// word wider than a line is cut rather than broken over two. Always at least one line.
pub fn wrap<'a>(
    pieces: impl IntoIterator<Item = (&'a str, Style)>,
    indent: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let width = width.saturating_sub(indent).max(10);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    for (text, style) in pieces {
        // Control characters shown as the command line shows them, not dropped.
        let text = printable(text);
        let mut rest = &*text;
        while !rest.is_empty() {
            // Take one word and the spaces after it; the spaces may hang past the edge.
            let word_end = rest.find(' ').map_or(rest.len(), |k| {
                k + rest[k..].len() - rest[k..].trim_start().len()
            });
            let word = &rest[..word_end];
            // Measured once: the spaces after the word are a cell each.
            let w = cells::width(word);
            let bare = w - (word.len() - word.trim_end().len());
            if used > 0 && used + bare > width {
                lines.push(Vec::new());
                used = 0;
            }
            let (piece, w) = if w > width {
                let cut = cells::take(word, width);
                (cut, cells::width(cut))
            } else {
                (word, w)
            };
            used += w;
            let piece = piece.to_string();
            if let Some(line) = lines.last_mut() {
                line.push(Span::styled(piece, style));
            }
            rest = &rest[word_end..];
        }
    }
    lines
        .into_iter()
        .map(|spans| {
            let mut all = vec![Span::raw(" ".repeat(indent))];
            all.extend(spans);
            Line::from(all)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Modifier;

    fn text(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn words_wrap_at_the_width_in_cells_with_the_indent_on_every_line() {
        let lines = wrap(
            [("Spent £120.00 of £400.00 so far", Style::default())],
            2,
            16,
        );
        assert_eq!(
            text(&lines),
            ["  Spent £120.00 ", "  of £400.00 so ", "  far"]
        );
        // Two cells a character: 北京烤鸭店 is ten cells, so two and a space fit in 22.
        let lines = wrap(
            [("北京烤鸭店 北京烤鸭店 北京烤鸭店", Style::default())],
            0,
            22,
        );
        assert_eq!(text(&lines), ["北京烤鸭店 北京烤鸭店 ", "北京烤鸭店"]);
        assert_eq!(text(&wrap([("", Style::default())], 0, 20)), [""]);
    }

    #[test]
    fn each_piece_keeps_its_style_and_a_long_word_is_cut() {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let lines = wrap([("Balance: ", Style::default()), ("£12.00", bold)], 0, 40);
        assert_eq!(lines[0].spans[2].style, bold);
        let lines = wrap([("x".repeat(30).as_str(), Style::default())], 4, 12);
        assert_eq!(text(&lines), [format!("    {}", "x".repeat(10))]);
    }
}
