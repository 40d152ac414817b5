//! CSV as RFC 4180 has it: comma-separated, CRLF line ends, fields quoted when they must be.
//! Small enough to keep here rather than add a dependency for writing alone.

use crate::core::money::Money;
use crate::core::printable::printable;

/// One field, quoted as RFC 4180 says: in double quotes (with quotes doubled) when it holds a
/// comma, a quote or a line break. A field starting with `=`, `+`, `-` or `@` that is not a
/// number is prefixed with `'` so a spreadsheet shows it rather than running it as a formula.
/// Control characters are shown as their pictures (see `core::printable`): a return is
/// looked at with `cat` as often as opened in a spreadsheet.
pub fn field(f: &str) -> String {
    let shown = printable(f);
    let f: &str = &shown;
    let risky = f.starts_with(['=', '+', '-', '@', '\t', '\r']) && Money::parse(f).is_err();
    let f = if risky {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

pub fn row(out: &mut String, fields: &[&str]) {
    let row: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&row.join(","));
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
        assert_eq!(field("-12.50"), "-12.50");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        let mut s = String::new();
        row(&mut s, &["a", "b,c", ""]);
        assert_eq!(s, "a,\"b,c\",\r\n");
    }

    #[test]
    fn control_characters_in_a_field_are_shown_not_sent() {
        assert_eq!(field("Shop\u{1b}[2J"), "Shop\u{241b}[2J");
        assert_eq!(field("hide\rthis"), "hide\u{240d}this");
        // A line break inside a field stays, quoted, as RFC 4180 allows.
        assert_eq!(field("two\r\nlines"), "\"two\r\nlines\"");
    }
}
