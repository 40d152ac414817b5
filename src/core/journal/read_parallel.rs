//! Reading a large journal in pieces on several cores: [`Journal::parse`], where the text
//! may be cut ([`split_points`]), and joining the pieces back into one journal.

use super::read::Parser;
use super::{AccountId, Block, Journal, JournalError};

impl Journal {
    /// Read a journal. The text is kept whole; see the module note.
    ///
    /// A large journal is read in pieces on all the machine's cores: it is cut only where a
    /// blank line is followed by a dated line (where one transaction has certainly ended and
    /// the next begins), and the pieces are joined in file order, so the result (and the first
    /// error, if any) is exactly the one-piece read. When a cut falls inside a `comment`
    /// block, the whole text is read again in one piece.
    pub fn parse(text: String) -> Result<Journal, JournalError> {
        let cuts = split_points(&text);
        Journal::parse_pieces(text, &cuts)
    }

    /// Read `text` as the pieces between `cuts` (the start, cut points, the end).
    fn parse_pieces(text: String, cuts: &[usize]) -> Result<Journal, JournalError> {
        if cuts.len() <= 2 {
            return Journal::parse_whole(text);
        }
        let pieces: Vec<Result<(Journal, u32), (JournalError, u32)>> = std::thread::scope(|s| {
            let text = text.as_str();
            let read = move |start: usize, end: usize| {
                // The first piece's transactions are where the others' are joined on.
                let whole = if start == 0 { text.len() } else { end - start };
                let mut j = Journal::with_room_for(end - start, whole);
                Parser::new(&mut j)
                    .lines(text, start, end)
                    .map(|lines| (j, lines))
            };
            // The last piece is read on this thread, the others on threads of their own.
            let (last, others) = cuts.split_last().expect("at least three cuts");
            let handles: Vec<_> = others
                .windows(2)
                .map(|w| {
                    let (start, end) = (w[0], w[1]);
                    s.spawn(move || read(start, end))
                })
                .collect();
            let last = read(others[others.len() - 1], *last);
            handles
                .into_iter()
                .map(|h| h.join().expect("a journal piece's reader does not panic"))
                .chain(std::iter::once(last))
                .collect()
        });
        let count = pieces.len();
        let mut out: Option<Journal> = None;
        let mut line_offset = 0u32;
        for (k, piece) in pieces.into_iter().enumerate() {
            let (j, lines) = match piece {
                Ok(x) => x,
                Err((mut e, _)) => {
                    e.line += line_offset as usize;
                    return Err(e);
                }
            };
            if j.open_comment_block && k + 1 < count {
                // A `comment` block runs on past this piece's end, so the pieces after it
                // were read as if it were not there: read the whole text in one go instead.
                return Journal::parse_whole(text);
            }
            match out.as_mut() {
                None => out = Some(j),
                Some(o) => o.append_piece(j, line_offset),
            }
            line_offset += lines;
        }
        let mut out = out.expect("at least one piece");
        out.text = text;
        Ok(out)
    }

    /// An empty journal with room for what `bytes` of text usually hold (and for the
    /// transactions of `tx_bytes`), so reading a large journal's piece does not grow its
    /// arrays again and again, each time copying megabytes into freshly faulted memory.
    /// careledger's entries take about 200 bytes, a posting line 100 and a tag 70; the
    /// estimates allow for denser files. (Small journals grow as they go: room reserved for
    /// hundreds of them would cost more memory than the copies cost time.)
    fn with_room_for(bytes: usize, tx_bytes: usize) -> Journal {
        Journal {
            transactions: Vec::with_capacity(tx_bytes / 128),
            blocks: vec![Block {
                postings: Vec::with_capacity(bytes / 64),
                tags: Vec::with_capacity(bytes / 48),
                assertions: Vec::new(),
            }],
            ..Journal::default()
        }
    }

    /// Join a piece read from later in the same text: its accounts are interned anew, and its
    /// indices and line numbers moved on by what came before.
    fn append_piece(&mut self, mut piece: Journal, line_offset: u32) {
        let ids: Vec<AccountId> = piece.accounts.iter().map(|a| self.intern(a)).collect();
        for block in &mut piece.blocks {
            for p in &mut block.postings {
                p.account = ids[p.account.0 as usize];
                p.line += line_offset;
            }
        }
        let b0 = self.blocks.len() as u16;
        self.blocks.append(&mut piece.blocks);
        self.transactions
            .extend(piece.transactions.into_iter().map(|mut t| {
                t.block += b0;
                t.line += line_offset;
                t
            }));
        self.directives
            .extend(piece.directives.into_iter().map(|mut d| {
                d.line += line_offset;
                d
            }));
        self.open_comment_block = piece.open_comment_block;
    }
}

/// Below this size a journal is read in one piece: threads would cost more than they save.
const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Where a large journal may be cut into pieces to read at once: the start, then for each
/// further core the first dated line after a blank line past its share, then the end.
/// One piece (just the start and end) when the file is small or there is one core. A cut
/// may land inside a `comment` block; [`Journal::parse_pieces`] then reads the whole text.
fn split_points(text: &str) -> Vec<usize> {
    let len = text.len();
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let whole = vec![0, len];
    if len < PARALLEL_FROM_BYTES || cores < 2 {
        return whole;
    }
    let mut cuts = vec![0];
    for k in 1..cores {
        let from = (len * k / cores).max(*cuts.last().unwrap_or(&0));
        let mut at = from;
        let cut = loop {
            match text.as_bytes()[at..].windows(2).position(|w| w == b"\n\n") {
                None => break None,
                Some(i) => {
                    let next = at + i + 2;
                    if text.as_bytes().get(next).is_some_and(u8::is_ascii_digit) {
                        break Some(next);
                    }
                    at = at + i + 1;
                }
            }
        };
        match cut {
            Some(c) if c > *cuts.last().unwrap_or(&0) && c < len => cuts.push(c),
            _ => break,
        }
    }
    cuts.push(len);
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading in pieces on several cores gives exactly what one piece gives: the same
    /// transactions, postings, accounts, tags, lines, and the same first error.
    /// Everything read from each transaction, by what it says rather than where it is kept.
    fn as_read(j: &Journal) -> Vec<String> {
        j.transactions()
            .iter()
            .map(|t| {
                let postings: Vec<_> = j
                    .postings(t)
                    .iter()
                    .map(|p| {
                        (
                            j.account_name(p.account),
                            p.amount,
                            j.assertion(t, p),
                            p.status,
                            p.line,
                        )
                    })
                    .collect();
                let tags: Vec<_> = j.tags(t).collect();
                format!(
                    "{:?} {} {} {:?} {:?} {} {:?} {postings:?} {tags:?}",
                    t.span,
                    t.line,
                    t.date,
                    t.status,
                    j.code(t),
                    j.payee(t),
                    j.note(t)
                )
            })
            .collect()
    }

    #[test]
    fn reading_in_pieces_is_the_same_as_reading_whole() {
        let mut text = String::from("commodity £1,000.00\naccount assets:bank\n\n");
        for i in 0..3000 {
            // Every seventh entry checks a balance, every 14th with the subaccounts.
            let check = match i % 14 {
                0 => format!("  =* £{i}"),
                7 => format!("  = £-{i}"),
                _ => String::new(),
            };
            text.push_str(&format!(
                "2026-{:02}-{:02} * Payee {i} | note £\n    ; outcome: o{}\n    expenses:cat{}  £{}.{:02}\n    assets:bank  £-{}.{:02}{check}\n\n",
                1 + i % 12,
                1 + i % 28,
                i % 7,
                i % 13,
                i % 500,
                i % 100,
                i % 500,
                i % 100
            ));
            if i % 1000 == 0 {
                text.push_str(&format!("account expenses:extra{i}\n; a comment\n\n"));
            }
        }
        let whole = Journal::parse_pieces(text.clone(), &[0, text.len()]).unwrap();
        let n = text.len();
        let mut cuts = vec![0];
        for k in 1..5 {
            let from = n * k / 5;
            let at = from + text[from..].find("\n\n2").unwrap() + 2;
            cuts.push(at);
        }
        cuts.push(n);
        let pieces = Journal::parse_pieces(text.clone(), &cuts).unwrap();
        assert_eq!(pieces.blocks.len(), 5);
        let checks = |j: &Journal| -> Vec<(u32, bool)> {
            let tx = j.transactions().iter();
            tx.flat_map(|t| j.postings(t).iter().map(move |p| (t, p)))
                .filter_map(|(t, p)| Some((t.line, j.assertion(t, p)?.inclusive)))
                .collect()
        };
        assert_eq!(checks(&pieces).len(), 3000_usize.div_ceil(7));
        assert_eq!(
            checks(&pieces).iter().filter(|c| c.1).count(),
            3000_usize.div_ceil(14)
        );
        assert_eq!(checks(&pieces), checks(&whole));
        assert_eq!(as_read(&pieces), as_read(&whole));
        assert_eq!(pieces.directives, whole.directives);
        let mut accounts = pieces.accounts.clone();
        let mut expected = whole.accounts.clone();
        accounts.sort();
        expected.sort();
        assert_eq!(accounts, expected);
        // The first error is the same, at the same line, wherever it falls.
        let bad = format!("{text}2026-01-01 broken\n    a  £1.234\n    b\n");
        let n = bad.len();
        let mut cuts = cuts[..cuts.len() - 1].to_vec();
        cuts.push(n);
        let e1 = Journal::parse_pieces(bad.clone(), &[0, n]).unwrap_err();
        let e2 = Journal::parse_pieces(bad.clone(), &cuts).unwrap_err();
        assert_eq!(e1, e2);
        // And the real split points agree for a file large enough to be cut.
        let big = text.repeat(8);
        assert!(
            split_points(&big).len() > 2
                || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2
        );
        let auto = Journal::parse(big.clone()).unwrap();
        let one = Journal::parse_pieces(big.clone(), &[0, big.len()]).unwrap();
        assert_eq!(as_read(&auto), as_read(&one));

        // A `comment` block that a cut falls inside (its lines would read as a broken
        // transaction) gives the one-piece result; so does one that ends within its piece.
        let block = "comment\n\n2026-01-01 not an entry\n\nend comment\n\n";
        for (k, at) in [(1, cuts[1] - 1), (2, cuts[2] - 60)] {
            let at = text[..at].rfind("\n\n").unwrap() + 2;
            let with_block = format!("{}{block}{}", &text[..at], &text[at..]);
            let mut cuts = cuts.clone();
            for c in cuts.iter_mut().skip(k) {
                *c += block.len();
            }
            *cuts.last_mut().unwrap() = with_block.len();
            if k == 1 {
                // Cut just after the block's first blank line, inside it.
                cuts[1] = at + "comment\n\n".len();
            }
            let whole = Journal::parse_pieces(with_block.clone(), &[0, with_block.len()]).unwrap();
            let pieces = Journal::parse_pieces(with_block, &cuts).unwrap();
            assert_eq!(as_read(&pieces), as_read(&whole), "block in piece {k}");
            assert_eq!(pieces.directives, whole.directives);
        }
    }
}
