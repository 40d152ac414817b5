//! Standard output, with control characters shown rather than sent (`core::printable`).
//!
//! Every command writes what it prints through here, so a payee, a plan title or a line of a
//! hand-written journal holding an ESC sequence can never act on the terminal, whichever
//! command prints it and however it was put together. The reports already make their text
//! printable themselves (they are saved to files too); this is the guarantee for the rest.

use std::io::{self, Write};

use crate::core::printable::printable;

/// A writer that passes text on with its control characters shown as their pictures.
pub struct PrintableOutput<W: Write> {
    inner: W,
    /// What a write left unfinished: the first bytes of a character the next write completes,
    /// or a carriage return that the next write may show to end a line (`\r\n` is kept).
    held: Vec<u8>,
}

impl<W: Write> PrintableOutput<W> {
    pub fn new(inner: W) -> PrintableOutput<W> {
        PrintableOutput {
            inner,
            held: Vec::new(),
        }
    }

    /// Write out what was held, as it stands: a lone carriage return is shown as one.
    fn release(&mut self) -> io::Result<()> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        let text = String::from_utf8_lossy(&held);
        self.inner.write_all(printable(&text).as_bytes())
    }
}

impl<W: Write> Write for PrintableOutput<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Nearly every write is whole text from a `&str`, shown at once without copying.
        if self.held.is_empty()
            && let Ok(text) = std::str::from_utf8(buf)
            && !text.ends_with('\r')
        {
            self.inner.write_all(printable(text).as_bytes())?;
            return Ok(buf.len());
        }
        self.held.extend_from_slice(buf);
        let mut text = String::with_capacity(self.held.len());
        let mut at = 0;
        loop {
            match std::str::from_utf8(&self.held[at..]) {
                Ok(rest) => {
                    text.push_str(rest);
                    at = self.held.len();
                    break;
                }
                Err(e) => {
                    let valid = at + e.valid_up_to();
                    text.push_str(&String::from_utf8_lossy(&self.held[at..valid]));
                    match e.error_len() {
                        // Bytes that are not UTF-8 at all.
                        Some(bad) => {
                            text.push('\u{fffd}');
                            at = valid + bad;
                        }
                        // A character cut short at the end: the next write finishes it.
                        None => {
                            at = valid;
                            break;
                        }
                    }
                }
            }
        }
        let mut keep = self.held.split_off(at);
        if text.ends_with('\r') {
            text.pop();
            keep.insert(0, b'\r');
        }
        self.held = keep;
        self.inner.write_all(printable(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.release()?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for PrintableOutput<W> {
    fn drop(&mut self) {
        // Nothing can be reported from here; a command that cares has flushed already.
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut bytes = Vec::new();
        {
            let mut out = PrintableOutput::new(&mut bytes);
            for p in pieces {
                out.write_all(p).unwrap();
            }
            out.flush().unwrap();
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn control_characters_are_shown_and_lines_kept() {
        assert_eq!(
            through(&[b"Shop\x1b]52;c;QQ==\x07\n", b"next\tline\r\n"]),
            "Shop\u{241b}]52;c;QQ==\u{2407}\nnext\tline\r\n"
        );
    }

    #[test]
    fn a_character_or_a_line_end_split_between_writes_is_put_together() {
        let pound = "£".as_bytes();
        assert_eq!(through(&[b"a", &pound[..1], &pound[1..], b"b"]), "a£b");
        assert_eq!(
            through(&[b"row\r", b"\nrow\r", b"x"]),
            "row\r\nrow\u{240d}x"
        );
        assert_eq!(through(&[b"ends\r"]), "ends\u{240d}");
        // C1 controls arrive as two bytes, and are caught however they are cut.
        assert_eq!(through(&[b"a\xc2", b"\x9b31m"]), "a\u{fffd}31m");
    }

    #[test]
    fn bytes_that_are_not_text_are_shown_as_replacement_characters() {
        assert_eq!(through(&[b"a\xffb\x1b"]), "a\u{fffd}b\u{241b}");
    }
}
