//! What text may reach a terminal. Payees, notes and names come from files people (and banks)
//! write by hand, and a terminal obeys control characters in what it is sent: an ESC sequence
//! in a payee can recolour the screen, retitle the window, hide the line before it or, with
//! OSC 52, write to the clipboard. So every text careledger shows goes through [`printable`],
//! and what people type is refused when it holds one ([`control_char`]).
//!
//! A control character is shown as the Unicode "control picture" of it (ESC as `␛`, BEL as
//! `␇`, DEL as `␡`) rather than in caret form (`^[`): a picture takes one column, as the
//! character did, so tables stay lined up; it cannot be confused with a `^[` someone typed;
//! screen readers name it ("symbol for escape"); and it is not itself a control character,
//! so showing shown text again changes nothing. The C1 controls (U+0080 to U+009F, which some
//! terminals obey as ESC sequences) have no pictures, and are shown as `�`.

use std::borrow::Cow;

/// The C0 controls by their standard names, for saying which one was found.
#[rustfmt::skip]
const C0_NAMES: [&str; 32] = [
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
    "BS", "tab", "line break", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
    "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
];

/// `text` with every control character a terminal would act on replaced by a visible form
/// (see the module note). Line breaks and tabs are kept, and so is a carriage return that
/// ends a line (`\r\n`, as CSV ends its rows); a carriage return on its own is not, as it
/// lets the rest of a line overwrite what came before it.
pub fn printable(text: &str) -> Cow<'_, str> {
    let Some(first) = first_unshown(text.as_bytes()) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    let rest = &text[first..];
    for (at, c) in rest.char_indices() {
        let ends_line = c == '\r' && rest.as_bytes().get(at + 1) == Some(&b'\n');
        let keep = matches!(c, '\n' | '\t') || ends_line || !c.is_control();
        out.push(if keep { c } else { picture(c) });
    }
    Cow::Owned(out)
}

/// Where the first character [`printable`] must change starts, found byte by byte: this runs
/// over everything careledger prints, and nearly all of it needs nothing. Every control
/// character starts at a character boundary: C0 and DEL are single bytes, and a C1 control
/// is 0xC2 followed by 0x80 to 0x9F (so `£`, 0xC2 0xA3, is not one).
fn first_unshown(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find(|&at| match bytes[at] {
        b'\n' | b'\t' => false,
        b'\r' => bytes.get(at + 1) != Some(&b'\n'),
        0x00..=0x1f | 0x7f => true,
        0xc2 => bytes.get(at + 1).is_some_and(|b| (0x80..=0x9f).contains(b)),
        _ => false,
    })
}

/// [`printable`] for text already owned, copied only when something in it must change.
pub fn printable_string(text: String) -> String {
    if let Cow::Owned(shown) = printable(&text) {
        return shown;
    }
    text
}

/// The visible form of a control character.
fn picture(c: char) -> char {
    match u32::from(c) {
        n @ 0..=0x1f => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// The first control character in `text`, if any: for refusing one-line text as it is typed
/// (a name, a payee, a receipt reference), where even a tab or a line break has no place.
pub fn control_char(text: &str) -> Option<char> {
    text.chars().find(|c| c.is_control())
}

/// The first control character in `text` other than a line break (`\n` or `\r\n`) or a tab:
/// for prose that may run over several lines, such as what matters to someone.
pub fn control_char_in_prose(text: &str) -> Option<char> {
    let bytes = text.as_bytes();
    text.char_indices()
        .find(|&(at, c)| match c {
            '\n' | '\t' => false,
            '\r' => bytes.get(at + 1) != Some(&b'\n'),
            c => c.is_control(),
        })
        .map(|(_, c)| c)
}

/// A control character's name, as a message says it: "ESC", "BEL", "U+009B".
pub fn name(c: char) -> String {
    match u32::from(c) {
        n @ 0..=0x1f => C0_NAMES[n as usize].to_string(),
        0x7f => "DEL".to_string(),
        n => format!("U+{n:04X}"),
    }
}

/// The sentence that refuses text for holding `c`, for `what` ("the payee").
pub fn refusal(what: &str, c: char) -> String {
    format!(
        "{what} cannot contain control characters such as {} (shown as {}), which a terminal \
         would obey rather than show; remove them",
        name(c),
        picture(c)
    )
}

/// JSON text with the controls that JSON lets through raw (DEL and the C1 controls) written as
/// `\u` escapes. JSON already escapes the others, and an escape reads back as the same
/// character, so the data stays exactly as it was. Those characters can only stand inside a
/// JSON string, where an escape is always allowed.
pub fn json(text: &str) -> Cow<'_, str> {
    let raw = |c: char| matches!(u32::from(c), 0x7f..=0x9f);
    if !text.chars().any(raw) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_as_their_pictures() {
        let osc52 = "Shop\u{1b}]52;c;SGVsbG8=\u{7}";
        assert_eq!(printable(osc52), "Shop\u{241b}]52;c;SGVsbG8=\u{2407}");
        assert_eq!(
            printable("a\u{0}b\u{7f}c\u{9b}31m"),
            "a\u{2400}b\u{2421}c\u{fffd}31m"
        );
        assert_eq!(
            printable("paid £10\rpaid £1000"),
            "paid £10\u{240d}paid £1000"
        );
    }

    #[test]
    fn lines_tabs_and_crlf_line_ends_are_kept_as_they_are() {
        for ok in [
            "plain",
            "two\nlines",
            "a\tb",
            "csv,row\r\nnext\r\n",
            "",
            "£ é 漢",
        ] {
            assert!(matches!(printable(ok), Cow::Borrowed(_)), "{ok:?}");
        }
        assert_eq!(printable("ends in cr\r"), "ends in cr\u{240d}");
    }

    #[test]
    fn showing_shown_text_again_changes_nothing() {
        let once = printable("\u{1b}[2J\u{1b}]0;title\u{7}\r\u{85}").into_owned();
        assert!(!once.chars().any(|c| c.is_control()), "{once:?}");
        assert_eq!(printable(&once), once);
    }

    #[test]
    fn typed_text_is_refused_for_any_control_character() {
        assert_eq!(control_char("Mary Jones"), None);
        assert_eq!(control_char("R\u{1b}[31m"), Some('\u{1b}'));
        assert_eq!(control_char("a\tb"), Some('\t'));
        assert_eq!(control_char_in_prose("one\ntwo\tthree\r\n"), None);
        assert_eq!(control_char_in_prose("one\rtwo"), Some('\r'));
        assert_eq!(control_char_in_prose("one\u{7}"), Some('\u{7}'));
        assert_eq!(name('\u{1b}'), "ESC");
        assert_eq!(name('\u{7f}'), "DEL");
        assert_eq!(name('\u{9b}'), "U+009B");
        let said = refusal("the receipt", '\u{1b}');
        assert!(
            said.contains("the receipt") && said.contains("ESC"),
            "{said}"
        );
        assert_eq!(control_char(&said), None);
    }

    #[test]
    fn json_keeps_the_data_and_escapes_what_it_lets_through() {
        let value = serde_json::json!({ "payee": "a\u{1b}b\u{9b}c\u{7f}" });
        let text = serde_json::to_string(&value).unwrap();
        let safe = json(&text);
        assert!(!safe.chars().any(|c| c.is_control()), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
        assert!(matches!(json("{\"a\": \"£\"}"), Cow::Borrowed(_)));
    }
}
