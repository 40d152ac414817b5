//! CSV as RFC 4180 has it: comma-separated, CRLF line ends, fields quoted when they must be.
//! Small enough to keep here rather than add a dependency for writing alone.

use crate::core::money::Money;

/// One field, quoted as RFC 4180 says: in double quotes (with quotes doubled) when it holds a
/// comma, a quote or a line break. A field starting with `=`, `+`, `-` or `@` that is not a
/// number is prefixed with `'` so a spreadsheet shows it rather than running it as a formula.
pub fn field(f: &str) -> String {
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
}
