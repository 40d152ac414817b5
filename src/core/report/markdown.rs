//! Text from the records placed in Markdown. A payee, a note or an outcome title is written by
//! people, and Markdown would otherwise read some of it as its own syntax: a `|` ends a table
//! cell (so every later cell moves along), a line break ends the table or the list item, `<`
//! starts raw HTML (which many viewers show, `<script>` included), `[text](address)` becomes a
//! link and `*` or `_` change the emphasis. [`text`] makes it read as the words it is.

use crate::core::printable::printable;

/// `s` as Markdown text that shows exactly `s`, on one line, safe in a table cell, a heading
/// or a list item. Control characters are shown as their pictures (see `core::printable`).
pub fn text(s: &str) -> String {
    let s = printable(s);
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            // A cell, a heading and a list item each end at the line's end.
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' if starts_reference(&s[i + 1..]) => out.push_str("&amp;"),
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        // A line break written as \r\n is one space, not two.
        if c == '\r' && chars.peek().is_some_and(|(_, n)| *n == '\n') {
            chars.next();
        }
    }
    out
}

/// Whether text after an `&` would be read as a character reference (`&lt;`, `&#60;`), which
/// a viewer would turn into another character. A plain `&`, as in "Marks & Spencer", is shown
/// as it is and needs no escape.
fn starts_reference(after: &str) -> bool {
    let name: usize = after
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '#')
        .map(char::len_utf8)
        .sum();
    name > 0 && after[name..].starts_with(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells of a Markdown table row, split the way a GitHub-flavoured Markdown reader
    /// splits them: at every `|` not escaped with a backslash.
    pub(crate) fn cells(row: &str) -> Vec<String> {
        let inner = row.trim().trim_start_matches('|');
        let mut cells = vec![String::new()];
        let mut escaped = false;
        for c in inner.chars() {
            match c {
                '|' if !escaped => cells.push(String::new()),
                c => {
                    escaped = c == '\\' && !escaped;
                    cells.last_mut().unwrap().push(c);
                }
            }
        }
        if cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        cells
    }

    #[test]
    fn table_syntax_and_html_are_shown_as_text() {
        let t = text("A | B <script>alert(1)</script>");
        assert_eq!(t, "A \\| B &lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(cells(&format!("| {t} | £1.00 |")).len(), 2);
        assert_eq!(
            text("[click](https://x.test) *now* _a_ `b` ~c~"),
            "\\[click\\](https://x.test) \\*now\\* \\_a\\_ \\`b\\` \\~c\\~"
        );
        // A backslash the person typed is theirs, and cannot escape careledger's own `|`.
        let t = text("a\\|b\\");
        assert_eq!(t, "a\\\\\\|b\\\\");
        assert_eq!(cells(&format!("| {t} | x |")).len(), 2);
    }

    #[test]
    fn line_breaks_become_spaces_and_controls_pictures() {
        assert_eq!(text("one\ntwo\r\nthree\tfour"), "one two three four");
        assert_eq!(
            text("# not a heading\n# nor this"),
            "# not a heading # nor this"
        );
        assert_eq!(
            text("Shop\u{1b}]52;c;QQ==\u{7}"),
            "Shop\u{241b}\\]52;c;QQ==\u{2407}"
        );
    }

    #[test]
    fn ampersands_are_escaped_only_where_they_would_be_read_as_a_character() {
        assert_eq!(text("Marks & Spencer"), "Marks & Spencer");
        assert_eq!(text("M&S"), "M&S");
        assert_eq!(text("AT&amp;T &#60;"), "AT&amp;amp;T &amp;#60;");
    }

    #[test]
    fn ordinary_words_are_left_alone() {
        for s in [
            "Mary Jones",
            "PA wages, week to 5 April",
            "R-0001",
            "£1,760.00",
            "café (50%)",
        ] {
            assert_eq!(text(s), s);
        }
    }
}
