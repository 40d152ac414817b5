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
    // Pieces with no space between them are one word ("£5,956.78" then "."): where they do
    // not fit, they move to the next line together, so an amount is never split.
    let mut glued = false;
    let mut run_start = 0usize;
    let mut run_used = 0usize;
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
            let joined = glued && used > 0;
            if !joined {
                run_start = lines.last().map_or(0, Vec::len);
                run_used = 0;
            }
            if used > 0 && used + bare > width {
                if joined && run_start > 0 && run_used + bare <= width {
                    let moved = lines.last_mut().map(|l| l.split_off(run_start));
                    lines.push(moved.unwrap_or_default());
                    used = run_used;
                } else {
                    lines.push(Vec::new());
                    used = 0;
                    run_used = 0;
                }
                run_start = 0;
            }
            let (piece, w) = if w > width {
                let cut = cells::take(word, width);
                (cut, cells::width(cut))
            } else {
                (word, w)
            };
            used += w;
            run_used += w;
            glued = !word.ends_with(' ');
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

/// `text` on one line of at most `width` cells: whole where it fits, otherwise cut after
/// the last part ("; " between) that leaves room for `more` (which says where the rest is),
/// or, when that would leave less than half the line, after the last word.
pub fn shorten(text: &str, width: usize, more: &str) -> String {
    let text = printable(text);
    if cells::width(&text) <= width {
        return text.into_owned();
    }
    let room = width.saturating_sub(cells::width(more));
    let head = cells::take(&text, room);
    if let Some(k) = head.rfind("; ")
        && cells::width(&head[..k]) * 2 >= room
    {
        return format!("{}{more}", &head[..k]);
    }
    let head = match head.rfind(' ') {
        Some(k) if k > 0 && head.len() < text.len() => &head[..k],
        _ => head,
    };
    let head = head.trim_end_matches([' ', ';', ',', ':', '.']);
    format!("{head}{more}")
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
    fn pieces_with_no_space_between_move_to_the_next_line_together() {
        let s = Style::default();
        let lines = wrap([("Balance: ", s), ("£5,956.78", s), (".", s)], 0, 18);
        assert_eq!(text(&lines), ["Balance: ", "£5,956.78."]);
        let lines = wrap([("Balance: £5,956", s), (".78.", s)], 2, 20);
        assert_eq!(text(&lines), ["  Balance: ", "  £5,956.78."]);
    }

    #[test]
    fn a_long_line_is_shortened_after_a_word_and_says_where_the_rest_is() {
        assert_eq!(shorten("Short enough", 20, "; more"), "Short enough");
        assert_eq!(
            shorten(
                "Act soon: the account holds £5,956.78, more than 8 weeks",
                40,
                "; more on Enter"
            ),
            "Act soon: the account; more on Enter"
        );
        // Whole parts where they leave most of the line.
        assert_eq!(
            shorten(
                "3 Sep: paid out £30.00; cleared; receipt R-0075; outcome see-friends",
                56,
                "; more"
            ),
            "3 Sep: paid out £30.00; cleared; receipt R-0075; more"
        );
        let cut = shorten(&"word ".repeat(40), 60, "; more on Enter");
        assert!(
            cut.chars().count() <= 60 && cut.ends_with("word; more on Enter"),
            "{cut}"
        );
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
