//! Small helpers for reading what people wrote: pointing at places in text, and reading the
//! plain dates of the TOML files (`plan.toml`) with messages that say how to write one.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text.as_bytes()[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = text
        .get(line_start..at)
        .map_or(at - line_start, |s| s.chars().count())
        + 1;
    (line, column)
}

/// A date in a TOML file, written bare (`2026-04-01`) or quoted, in the years a journal can
/// record.
pub(crate) fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    use serde::de::Error;
    let v = toml::Value::deserialize(d)?;
    let text = match &v {
        toml::Value::Datetime(dt) => match (dt.date, dt.time) {
            (Some(date), None) => format!("{date}"),
            _ => {
                return Err(D::Error::custom(format!(
                    "{dt} is not a plain date; write it as 2026-04-01"
                )));
            }
        },
        toml::Value::String(s) => s.clone(),
        other => {
            return Err(D::Error::custom(format!(
                "{other} is not a date; write it as 2026-04-01"
            )));
        }
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .filter(|d| super::journal::recordable(*d))
        .ok_or_else(|| {
            D::Error::custom(format!("\"{text}\" is not a date; write it as 2026-04-01"))
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_lines_and_characters() {
        let t = "ab\n£cd\n";
        assert_eq!(super::line_col(t, 0), (1, 1));
        assert_eq!(super::line_col(t, 3), (2, 1));
        assert_eq!(super::line_col(t, 5), (2, 2)); // after the two-byte £
        assert_eq!(super::line_col(t, 99), (3, 1));
    }
}
