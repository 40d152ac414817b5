//! Standard output, with control characters shown rather than sent (`core::printable`).
//!
//! Every command writes what it prints through here, so a payee, a plan title or a line of a
//! hand-written journal holding an ESC sequence can never act on the terminal, whichever
//! command prints it and however it was put together. The reports already make their text
//! printable themselves (they are saved to files too); this is the guarantee for the rest.

use std::io::{self, Write};

use crate::core::printable::printable;

/// A line longer than this is shown in pieces, rather than held until it ends.
const LONG_LINE: usize = 8 * 1024;

/// A writer that passes text on with its control characters shown as their pictures.
///
/// Text is passed on a line at a time (and on `flush`, which the prompts call before they
/// wait for an answer): a line is whole text, so a character or a `\r\n` that two writes
/// cut in two is whole again when it is shown, and a list of many short pieces costs one
/// check per line rather than one per piece.
pub struct PrintableOutput<W: Write> {
    inner: W,
    /// Written, not yet passed on: the line so far.
    pending: Vec<u8>,
}

impl<W: Write> PrintableOutput<W> {
    pub fn new(inner: W) -> PrintableOutput<W> {
        PrintableOutput {
            inner,
            pending: Vec::new(),
        }
    }

    /// Pass on the first `end` bytes of what is pending. Bytes that are not UTF-8 (which
    /// careledger never writes) are shown as replacement characters.
    fn send(&mut self, end: usize) -> io::Result<()> {
        if end == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.pending[..end]);
        self.inner.write_all(printable(&text).as_bytes())?;
        self.pending.drain(..end);
        Ok(())
    }
}

/// How much of a long line can be shown before it ends: all of it but a character cut short
/// at the end, or a final `\r` that the next write may show to be a line end.
fn safe_end(bytes: &[u8]) -> usize {
    let mut end = bytes.len();
    // The start of the last character: at most three continuation bytes (0b10xx_xxxx) back.
    let start = (end.saturating_sub(4)..end)
        .rev()
        .find(|&at| bytes[at] & 0xc0 != 0x80);
    if let Some(at) = start {
        let width = match bytes[at] {
            0xf0.. => 4,
            0xe0.. => 3,
            0xc0.. => 2,
            _ => 1,
        };
        if end - at < width {
            end = at;
        }
    }
    if end > 0 && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

impl<W: Write> Write for PrintableOutput<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let ready = match memchr::memrchr(b'\n', buf) {
            Some(at) => self.pending.len() - (buf.len() - at - 1),
            None if self.pending.len() >= LONG_LINE => safe_end(&self.pending),
            None => 0,
        };
        self.send(ready)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send(self.pending.len())?;
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
    fn a_long_line_is_shown_in_pieces_cut_only_between_characters() {
        let line = "£\u{1b}".repeat(LONG_LINE);
        let mut bytes = Vec::new();
        let mut out = PrintableOutput::new(&mut bytes);
        for piece in line.as_bytes().chunks(1000) {
            out.write_all(piece).unwrap();
        }
        assert!(
            out.pending.len() < LONG_LINE,
            "held {} bytes",
            out.pending.len()
        );
        drop(out);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "£\u{241b}".repeat(LONG_LINE)
        );
        assert_eq!(safe_end(b"ab\r"), 2);
        assert_eq!(safe_end("a£".as_bytes()), 3);
        assert_eq!(safe_end(&"a£".as_bytes()[..2]), 1);
        assert_eq!(safe_end(&"a漢".as_bytes()[..3]), 1);
    }

    #[test]
    fn bytes_that_are_not_text_are_shown_as_replacement_characters() {
        assert_eq!(through(&[b"a\xffb\x1b"]), "a\u{fffd}b\u{241b}");
    }
}
