//! Text from the records placed in HTML. A payee, a note or a file name is written by people
//! (or a bank), and the page must show it as the words it is: `<`, `>`, `&` and both quotes
//! are written as character references, so no record can add markup, a script or a link to a
//! page; control characters are shown as their pictures (see `core::printable`).

use crate::core::printable::printable;

/// `s` as HTML text (and attribute value) that shows exactly `s`.
pub fn text(s: &str) -> String {
    let s = printable(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_record_is_shown_not_obeyed() {
        assert_eq!(
            text("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"
        );
        assert_eq!(text("Kit & Co \"Ltd\""), "Kit &amp; Co &quot;Ltd&quot;");
        assert_eq!(text("&lt;"), "&amp;lt;");
        assert_eq!(text("Shop\u{1b}[2J"), "Shop\u{241b}[2J");
        assert_eq!(text("plain words"), "plain words");
    }
}
