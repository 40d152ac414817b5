//! Reading a journal's text in one pass: the [`Parser`], and the helpers it leans on for
//! trimming, dates, amounts and tags. [`Journal::parse`] (in `read_parallel.rs`) decides
//! whether a journal is read here in one piece or in several pieces at once.

use std::ops::Range;

use chrono::NaiveDate;

use crate::core::money::Money;

use super::{
    Assertion, Block, Directive, DirectiveKind, Journal, JournalError, Posting, Span, Status, Tag,
    Transaction,
};

/// The longest line careledger reads. Real lines are under a few hundred bytes; one this
/// long is a damaged or wrong file, and refusing it keeps error messages short.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

impl Journal {
    pub(super) fn parse_whole(text: String) -> Result<Journal, JournalError> {
        let mut j = Journal {
            text,
            ..Journal::default()
        };
        Parser::new(&mut j).run()?;
        Ok(j)
    }
}

/// The transaction being read: its postings and tags are already in the journal's arrays.
struct Open {
    start: usize,
    end: usize,
    line: u32,
    date: NaiveDate,
    status: Status,
    code: Option<Span>,
    payee: Span,
    note: Option<Span>,
    first_posting: u32,
    first_tag: u32,
}

pub(super) struct Parser<'j> {
    j: &'j mut Journal,
}

impl<'j> Parser<'j> {
    /// A parser adding to `j`'s last block (a new one if it has none).
    pub(super) fn new(j: &'j mut Journal) -> Self {
        if j.blocks.is_empty() {
            j.blocks.push(Block::default());
        }
        Parser { j }
    }

    fn block(&mut self) -> &mut Block {
        self.j.blocks.last_mut().expect("Parser::new made a block")
    }

    fn run(mut self) -> Result<(), JournalError> {
        let text = std::mem::take(&mut self.j.text);
        let result = self.lines(&text, 0, text.len());
        self.j.text = text;
        result.map(|_| ()).map_err(|(e, _)| e)
    }

    /// Read the lines of `text[start..end]` (which starts a line); spans are positions in
    /// the whole `text`, lines are counted from `start`. Returns how many lines were read,
    /// or the first error with that count.
    pub(super) fn lines(
        &mut self,
        text: &str,
        start: usize,
        end: usize,
    ) -> Result<u32, (JournalError, u32)> {
        let mut line_no = 0u32;
        self.lines_counted(text, start, end, &mut line_no)
            .map(|()| line_no)
            .map_err(|e| (e, line_no))
    }

    fn lines_counted(
        &mut self,
        text: &str,
        start: usize,
        stop: usize,
        counter: &mut u32,
    ) -> Result<(), JournalError> {
        let bytes = &text.as_bytes()[..stop];
        let mut open: Option<Open> = None;
        let mut in_comment_block = false;
        let mut pos = start;
        let mut line_no = 0u32;
        while pos < bytes.len() {
            line_no += 1;
            *counter = line_no;
            let nl = memchr::memchr(b'\n', &bytes[pos..]);
            let next = nl.map_or(bytes.len(), |i| pos + i + 1);
            let mut end = nl.map_or(bytes.len(), |i| pos + i);
            if end > pos && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let line = &text[pos..end];
            let at = |col: usize, message: String| JournalError {
                line: line_no as usize,
                column: col,
                message,
            };
            if line.len() > MAX_LINE_BYTES {
                return Err(at(
                    MAX_LINE_BYTES + 1,
                    format!(
                        "this line is {} bytes long, more than careledger reads in one line \
                         ({MAX_LINE_BYTES}); is this the right file?",
                        line.len()
                    ),
                ));
            }

            if in_comment_block {
                if line.trim_end() == "end comment" {
                    in_comment_block = false;
                }
                pos = next;
                continue;
            }
            let first = line.as_bytes().first().copied();
            match first {
                Some(b' ' | b'\t') => {
                    let content = trim_start(line);
                    let indent = line.len() - content.len();
                    if content.is_empty() {
                        // A whitespace-only line ends a transaction, like a blank one.
                        self.close(&mut open, text)?;
                    } else if content.starts_with('#') && open.is_some() {
                        return Err(at(
                            indent + 1,
                            "inside a transaction a comment starts with ;, not # \
                            (hledger would read this line as a posting); change # to ;"
                                .into(),
                        ));
                    } else if let Some(comment) = content.strip_prefix([';', '#']) {
                        if let Some(o) = open.as_mut() {
                            o.end = next;
                            let base = end - comment.len();
                            let tags = self.block().tags.len();
                            self.read_tags(comment, base)
                                .map_err(|m| at(indent + 2, m))?;
                            // A comment line after a posting belongs to that posting.
                            let postings = self.block().postings.len() as u32;
                            if postings > o.first_posting {
                                self.own_tags(o, tags, postings - 1);
                            }
                        }
                    } else if let Some(o) = open.as_mut() {
                        o.end = next;
                        let tags = self.block().tags.len();
                        self.posting(content, pos + indent, line_no)
                            .map_err(|(col, m)| at(indent + col + 1, m))?;
                        let postings = self.block().postings.len() as u32;
                        self.own_tags(o, tags, postings - 1);
                    } else {
                        return Err(at(indent + 1, "this indented line is not inside a transaction; \
                            postings go directly under a dated transaction line, with no blank line between".into()));
                    }
                }
                None => self.close(&mut open, text)?,
                Some(b'0'..=b'9') => {
                    self.close(&mut open, text)?;
                    let mut o = self
                        .header(line, pos, line_no)
                        .map_err(|(col, m)| at(col + 1, m))?;
                    o.end = next;
                    open = Some(o);
                }
                Some(b';' | b'#' | b'*' | b'%' | b'|') => self.close(&mut open, text)?,
                Some(_) => {
                    self.close(&mut open, text)?;
                    let word_end = line.find([' ', '\t']).unwrap_or(line.len());
                    let word = &line[..word_end];
                    let arg = line[word_end..].trim();
                    // A directive's own comment follows two spaces or a tab and a semicolon.
                    let arg = arg.split_once("  ;").map_or(arg, |(a, _)| a.trim_end());
                    let arg = arg.split_once("\t;").map_or(arg, |(a, _)| a.trim_end());
                    let kind = match word {
                        "account" if !arg.is_empty() => DirectiveKind::Account(arg.to_string()),
                        "commodity" => {
                            commodity_format(arg).map_err(|m| at(word_end + 2, m))?;
                            DirectiveKind::Commodity
                        }
                        "decimal-mark" if arg != "." => {
                            return Err(at(
                                word_end + 2,
                                "careledger reads amounts with . as the decimal mark (£1,234.56); \
                                 remove this decimal-mark directive"
                                    .into(),
                            ));
                        }
                        "include" if !arg.is_empty() => DirectiveKind::Include(arg.to_string()),
                        "comment" => {
                            in_comment_block = true;
                            pos = next;
                            continue;
                        }
                        "payee" | "tag" | "P" | "D" | "decimal-mark" => DirectiveKind::Other,
                        "alias" | "apply" | "end" | "Y" | "year" | "~" | "=" | "bucket" | "A" => {
                            return Err(at(
                                1,
                                format!(
                                    "careledger does not read the \"{word}\" directive, because it changes what other lines mean; \
                                 remove it or keep it in a file careledger does not use"
                                ),
                            ));
                        }
                        _ => {
                            return Err(at(
                                1,
                                format!(
                                    "\"{}\" is not a date or a directive careledger knows; transactions start with a date such as 2026-04-01",
                                    short(word)
                                ),
                            ));
                        }
                    };
                    if let DirectiveKind::Account(name) = &kind {
                        self.j.intern(name);
                    }
                    self.j.directives.push(Directive {
                        line: line_no,
                        kind,
                    });
                }
            }
            pos = next;
        }
        self.j.open_comment_block = in_comment_block;
        self.close(&mut open, text)
    }

    /// `DATE[=DATE2] [*|!] [(CODE)] PAYEE [| NOTE] [; COMMENT]`
    fn header(&mut self, line: &str, base: usize, line_no: u32) -> Result<Open, (usize, String)> {
        let date_end = line
            .bytes()
            .position(|c| matches!(c, b' ' | b'\t' | b'=' | b';'))
            .unwrap_or(line.len());
        let date = parse_date(&line[..date_end]).ok_or_else(|| {
            (
                0,
                format!(
                    "\"{}\" is not a date; write dates as 2026-04-01",
                    short(&line[..date_end])
                ),
            )
        })?;
        let mut i = date_end;
        if line[i..].starts_with('=') {
            let d2_end = line[i + 1..]
                .find([' ', '\t', ';'])
                .map_or(line.len(), |k| i + 1 + k);
            if parse_date(&line[i + 1..d2_end]).is_none() {
                return Err((
                    i + 1,
                    format!("\"{}\" is not a date", short(&line[i + 1..d2_end])),
                ));
            }
            i = d2_end;
        }
        let skip_ws = |i: usize| {
            line.as_bytes()[i..]
                .iter()
                .position(|&c| c != b' ' && c != b'\t')
                .map_or(line.len(), |k| i + k)
        };
        i = skip_ws(i);
        let mut status = Status::Unmarked;
        match line.as_bytes().get(i) {
            Some(b'*') => status = Status::Cleared,
            Some(b'!') => status = Status::Pending,
            _ => {}
        }
        if status != Status::Unmarked {
            i = skip_ws(i + 1);
        }
        let mut code = None;
        if line[i..].starts_with('(') {
            let close = line[i..]
                .find(')')
                .ok_or((i, "the code in brackets is not closed; add )".to_string()))?;
            code = Some(Span::new(base + i + 1, base + i + close));
            i = skip_ws(i + close + 1);
        }
        let desc_end = find_byte(&line[i..], b';').map_or(line.len(), |k| i + k);
        let desc = &line[i..desc_end];
        // `2026-07-03 * *Pathways`: once the mark is changed or removed, the payee's own
        // star would be read as the mark (found by fuzzing: the entry could not be unmarked).
        if status != Status::Unmarked && code.is_none() && desc.starts_with(['*', '!']) {
            return Err((
                i,
                "the payee starts with * or !, which would be read as the entry's status mark; \
                 start the payee with a word"
                    .into(),
            ));
        }
        let (payee, note) = match find_byte(desc, b'|') {
            Some(bar) => {
                let p = trim_span(desc, 0, bar);
                let n = trim_span(desc, bar + 1, desc.len());
                (p, if n.0 < n.1 { Some(n) } else { None })
            }
            None => (trim_span(desc, 0, desc.len()), None),
        };
        let first_tag = self.block().tags.len() as u32;
        if desc_end < line.len() {
            self.read_tags(&line[desc_end + 1..], base + desc_end + 1)
                .map_err(|m| (desc_end + 1, m))?;
        }
        let at = |r: (usize, usize)| Span::new(base + i + r.0, base + i + r.1);
        Ok(Open {
            start: base,
            end: base + line.len(),
            line: line_no,
            date,
            status,
            code,
            payee: at(payee),
            note: note.map(at),
            first_posting: self.block().postings.len() as u32,
            first_tag,
        })
    }

    /// The tags read since `from` belong to posting `posting` (counted in the block).
    fn own_tags(&mut self, o: &Open, from: usize, posting: u32) {
        let owner = posting - o.first_posting + 1;
        for t in &mut self.block().tags[from..] {
            t.posting = owner;
        }
    }

    /// `[*|!] ACCOUNT  [AMOUNT] [= ASSERTION] [; COMMENT]` (leading whitespace removed).
    fn posting(&mut self, content: &str, base: usize, line_no: u32) -> Result<(), (usize, String)> {
        let mut i = 0;
        let mut status = Status::Unmarked;
        if let Some(b @ (b'*' | b'!')) = content.as_bytes().first() {
            status = if *b == b'*' {
                Status::Cleared
            } else {
                Status::Pending
            };
            i = content[1..]
                .find(|c: char| c != ' ' && c != '\t')
                .map_or(content.len(), |k| 1 + k);
        }
        let rest = &content[i..];
        let (acct_end, first_tab) = account_end(rest.as_bytes());
        let account = trim_end(&rest[..acct_end]);
        if let Some(tab) = first_tab.filter(|&t| t < account.len()) {
            return Err((
                i + tab,
                "a single tab cannot separate the account from the amount (hledger reads it as part \
                 of the account name); put two spaces between them"
                    .into(),
            ));
        }
        if account.starts_with(['(', '[']) {
            return Err((
                i,
                "virtual postings in ( ) or [ ] are not supported; use an ordinary account".into(),
            ));
        }
        let after = &rest[acct_end..];
        let amount_start = i + acct_end + (after.len() - trim_start(after).len());
        let after = trim_start(after);
        // Usually just an amount: one look for a comment, an assertion or a price.
        let special = memchr::memchr3(b';', b'=', b'@', after.as_bytes()).is_some();
        let find = |text: &str, b: u8| if special { find_byte(text, b) } else { None };
        let comment_at = find(after, b';');
        let body = &after[..comment_at.unwrap_or(after.len())];
        if let Some(c) = comment_at {
            self.read_tags(&after[c + 1..], base + amount_start + c + 1)
                .map_err(|m| (amount_start + c + 1, m))?;
        }
        let (amount_text, assertion_text) = match find(body, b'=') {
            Some(eq) => (&body[..eq], Some((eq, &body[eq + 1..]))),
            None => (body, None),
        };
        if let Some(at) = find(amount_text, b'@') {
            return Err((
                amount_start + at,
                "prices and costs (@) are not supported; careledger journals are in pounds only"
                    .into(),
            ));
        }
        let amount = match trim(amount_text) {
            "" => None,
            t => Some(parse_amount(t).map_err(|m| (amount_start, m))?),
        };
        let assertion = match assertion_text {
            Some((eq, t)) => {
                if amount.is_none() {
                    return Err((
                        amount_start + eq,
                        "balance assignments (an account with only = £X) are not supported; \
                         write the amount that moved, then = £X to check the balance"
                            .into(),
                    ));
                }
                let t = t.trim_start_matches('=');
                let inclusive = t.starts_with('*');
                let t = t.trim_start_matches('*').trim();
                if t.is_empty() {
                    return Err((
                        amount_start + eq,
                        "the balance assertion after = has no amount".into(),
                    ));
                }
                let amount = parse_amount(t).map_err(|m| (amount_start + eq + 1, m))?;
                let list = &mut self.block().assertions;
                list.push(Assertion { amount, inclusive });
                list.len() as u32
            }
            None => 0,
        };
        let account = self.j.intern(account);
        self.block().postings.push(Posting {
            account,
            amount: amount.unwrap_or(Money::ZERO),
            line: line_no,
            assertion,
            explicit: amount.is_some(),
            status,
        });
        Ok(())
    }

    /// hledger tags: `name:value` in a comment, the value running to a comma or the line end.
    /// Posting dates (`date:` tags, `[2026-04-01]`) are refused: they would move money to
    /// another day in hledger while careledger kept it on the transaction's date.
    fn read_tags(&mut self, comment: &str, base: usize) -> Result<(), String> {
        let b = comment.as_bytes();
        if memchr::memchr(b'[', b).is_some()
            && comment.split('[').skip(1).any(looks_like_bracketed_date)
        {
            return Err(POSTING_DATE.into());
        }
        let mut i = 0;
        while i < b.len() {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t' || b[i] == b',') {
                i += 1;
            }
            let name_start = i;
            while i < b.len() && !matches!(b[i], b' ' | b'\t' | b',' | b':') {
                i += 1;
            }
            if i < b.len() && b[i] == b':' && i > name_start {
                let name = Span::new(base + name_start, base + i);
                let value_start = i + 1;
                let value_end =
                    find_byte(&comment[value_start..], b',').map_or(b.len(), |k| value_start + k);
                if matches!(&comment[name_start..i], "date" | "date2") {
                    return Err(POSTING_DATE.into());
                }
                let (vs, ve) = trim_span(comment, value_start, value_end);
                self.block().tags.push(Tag {
                    name,
                    value: Span::new(base + vs, base + ve),
                    posting: 0,
                });
                i = value_end;
            } else {
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b',') {
                    i += 1;
                }
            }
        }
        Ok(())
    }

    fn close(&mut self, open: &mut Option<Open>, text: &str) -> Result<(), JournalError> {
        let Some(o) = open.take() else { return Ok(()) };
        let block = self.j.blocks.len() as u16 - 1;
        let postings = o.first_posting..self.block().postings.len() as u32;
        let ps = &mut self.block().postings[postings.start as usize..];
        let err = |line: u32, message: String| JournalError {
            line: line as usize,
            column: 1,
            message,
        };
        if ps.len() < 2 {
            return Err(err(o.line, "this transaction has fewer than two postings; money must go from one account to another".into()));
        }
        // The first two postings with no amount, without a list per transaction.
        let mut inferred = (0..ps.len()).filter(|&k| !ps[k].explicit);
        let inferred = [inferred.next(), inferred.next()];
        let sum: Money = ps.iter().map(|p| p.amount).sum();
        match inferred {
            [None, _] if !sum.is_zero() => {
                return Err(err(
                    o.line,
                    format!(
                        "this transaction does not balance: its postings add up to {sum}; correct an amount or leave one out to be worked out"
                    ),
                ));
            }
            [None, _] => {}
            [Some(k), None] => ps[k].amount = -sum,
            [Some(_), Some(second)] => {
                return Err(err(
                    ps[second].line,
                    "only one posting in a transaction may leave its amount out".into(),
                ));
            }
        }
        let tags_end = self.block().tags.len() as u32;
        // hledger gives a posting the transaction's tags and its own. careledger counts each
        // posting's money for the outcome hledger gives it, so it refuses what would give
        // one posting two outcomes: two at the transaction's level, two on one posting, or
        // one on a posting that differs from the transaction's.
        let tags = &self.block().tags[o.first_tag as usize..tags_end as usize];
        let outcomes = || {
            tags.iter()
                .filter(|t| &text[t.name.range()] == "outcome" && !t.value.range().is_empty())
                .map(|t| (t.posting, &text[t.value.range()]))
        };
        let entry_outcome = outcomes().find(|(k, _)| *k == 0).map(|(_, v)| v);
        for (k, v) in outcomes() {
            let first = if k == 0 {
                entry_outcome
            } else {
                outcomes().find(|(k2, _)| *k2 == k).map(|(_, v)| v)
            };
            if let Some(first) = first
                && first != v
            {
                let line = if k == 0 {
                    o.line
                } else {
                    ps_line(self, block, &postings, k)
                };
                return Err(err(
                    line,
                    format!(
                        "this {} names two outcomes ({first} and {v}); hledger would count the same money for both, so give each line of a split entry one outcome",
                        if k == 0 { "entry" } else { "posting" }
                    ),
                ));
            }
            if k != 0
                && let Some(e) = entry_outcome
                && e != v
            {
                return Err(err(
                    ps_line(self, block, &postings, k),
                    format!(
                        "this posting's outcome ({v}) differs from the entry's ({e}); hledger gives the posting both, so counts its money twice. Take the outcome off the entry and give each spending line its own"
                    ),
                ));
            }
        }
        self.j.transactions.push(Transaction {
            span: Span::new(o.start, o.end),
            line: o.line,
            date: o.date,
            status: o.status,
            code: o.code,
            payee: o.payee,
            note: o.note,
            postings,
            block,
            tags: o.first_tag..tags_end,
        });
        Ok(())
    }
}

/// The line of posting `k` (1-based within its entry, as [`Tag::posting`] counts).
fn ps_line(p: &Parser, block: u16, postings: &std::ops::Range<u32>, k: u32) -> u32 {
    p.j.blocks[block as usize].postings[(postings.start + k - 1) as usize].line
}

#[inline]
fn trim_span(s: &str, start: usize, end: usize) -> (usize, usize) {
    let piece = &s[start..end];
    let lead = piece.len() - trim_start(piece).len();
    let trimmed = trim(piece);
    (start + lead, start + lead + trimmed.len())
}

// The parser's hot helpers. Each gives exactly the result of the std function it stands
// for; they are quicker on the short, ASCII pieces a journal is made of (the std versions
// took about a fifth of the time to open a 100,000-transaction journal).

/// Byte index of the first `b`, an ASCII byte (so never inside a multi-byte character).
#[inline]
fn find_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().position(|c| c == b)
}

/// Where an account name ends: at the first run of two blanks (spaces or tabs), or the end
/// of the line. Also where the first lone tab before that is (hledger would read it as part
/// of the name). Account names seldom hold a blank, so this is mostly one `memchr2` jump.
#[inline]
fn account_end(b: &[u8]) -> (usize, Option<usize>) {
    let mut first_tab = None;
    let mut k = 0;
    while let Some(off) = memchr::memchr2(b' ', b'\t', &b[k..]) {
        let at = k + off;
        if matches!(b.get(at + 1), Some(b' ' | b'\t')) {
            return (at, first_tab);
        }
        if b[at] == b'\t' && first_tab.is_none() {
            first_tab = Some(at);
        }
        k = at + 1;
    }
    (b.len(), first_tab)
}

/// Whether `c` starts a character that `char::is_whitespace` says is not whitespace.
/// Bytes of 0x80 and up may start Unicode spaces, so they are left to the general rule.
#[inline]
fn plainly_not_space(c: u8) -> bool {
    c < 0x80 && !matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Whether `b` may start with a Unicode space of more than one byte. Those are U+0085,
/// U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F and U+3000; in UTF-8
/// they start C2 85, C2 A0, E1, E2 or E3.
#[inline]
fn may_start_a_space(b: &[u8]) -> bool {
    match b {
        [0xC2, second, ..] => matches!(second, 0x85 | 0xA0),
        [0xE1..=0xE3, ..] => true,
        _ => false,
    }
}

/// Whether a character whose last byte is `c` (0x80 or more) may be one of the spaces
/// above: their last bytes are 85, A0, 80-8A, A8, A9, AF and 9F.
#[inline]
fn may_end_a_space(c: u8) -> bool {
    matches!(c, 0x80..=0x8A | 0xA0 | 0xA8 | 0xA9 | 0xAF | 0x9F)
}

/// `str::trim_start`.
#[inline]
fn trim_start(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    let rest = &s[i..];
    match b.get(i) {
        None => rest,
        Some(&c) if plainly_not_space(c) => rest,
        // `£` and most other characters of more than one byte cannot be spaces (see
        // `may_start_a_space`); only the few that may are left to the general rule.
        Some(&c) if c >= 0x80 && !may_start_a_space(&b[i..]) => rest,
        Some(_) => rest.trim_start(),
    }
}

/// `str::trim_end`.
#[inline]
fn trim_end(s: &str) -> &str {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 && (b[i - 1] == b' ' || b[i - 1] == b'\t') {
        i -= 1;
    }
    let kept = &s[..i];
    match i.checked_sub(1).map(|k| b[k]) {
        None => kept,
        Some(c) if plainly_not_space(c) => kept,
        Some(c) if c >= 0x80 && !may_end_a_space(c) => kept,
        Some(_) => kept.trim_end(),
    }
}

/// `str::trim`.
#[inline]
fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// A piece of a line to quote in an error: whole if short, else its start and "...".
fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        None => s.to_string(),
        Some((cut, _)) => format!("{}...", &s[..cut]),
    }
}

/// A `commodity` directive's sample amount must use `.` as its decimal mark, as careledger does.
fn commodity_format(arg: &str) -> Result<(), String> {
    let last_mark = arg.rfind(['.', ',']);
    if last_mark.is_some_and(|k| arg[k..].starts_with(',')) {
        return Err(format!(
            "\"commodity {arg}\" makes the comma the decimal mark; careledger writes £1,000.00 \
             with . as the decimal mark: change it to \"commodity £1,000.00\""
        ));
    }
    Ok(())
}

/// `2026-04-01]`, `=04/01]`...: what follows a `[` that hledger would take as a posting date.
fn looks_like_bracketed_date(after_bracket: &str) -> bool {
    let inner = after_bracket.split(']').next().unwrap_or("");
    let inner = inner.trim_start_matches('=');
    let mut parts = inner.split(['-', '/', '.']);
    let numeric = |p: &str| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit());
    let first = parts.next().is_some_and(numeric);
    let rest: Vec<&str> = parts.collect();
    first
        && !rest.is_empty()
        && rest
            .iter()
            .all(|p| numeric(p.split('=').next().unwrap_or("")))
}

/// The usual amount, `£1234.56` or `£-1234.56` (up to 12 digits of pounds, exactly two of
/// pence), read without the general parser's allocations: what [`Money::parse`] gives for
/// it, in a fraction of the time. Anything else is `None` and goes the general way.
#[inline]
fn plain_pounds(t: &str) -> Option<Money> {
    let rest = t.strip_prefix('£')?.as_bytes();
    let (negative, rest) = match rest.split_first() {
        Some((b'-', r)) => (true, r),
        _ => (false, rest),
    };
    let [whole @ .., b'.', p1, p2] = rest else {
        return None;
    };
    if whole.is_empty() || whole.len() > 12 {
        return None;
    }
    let mut pence: i64 = 0;
    for &c in whole.iter().chain([p1, p2]) {
        if !c.is_ascii_digit() {
            return None;
        }
        pence = pence * 10 + i64::from(c - b'0');
    }
    Some(Money::from_pence(if negative { -pence } else { pence }))
}

const POSTING_DATE: &str = "careledger does not read dates in comments (date: tags or [2026-04-01]); \
     give the payment a transaction of its own with that date";

/// The years careledger records in a journal from what people type, plans and bank
/// statements: four digits, as the journal writes them, and near enough to now to be real.
/// A year such as 26 (from `01/04/26` read as day/month/year) or -26 is a slip.
pub const RECORDED_YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

/// Whether `d` is in [`RECORDED_YEARS`].
pub fn recordable(d: NaiveDate) -> bool {
    use chrono::Datelike;
    RECORDED_YEARS.contains(&d.year())
}

/// `2026-04-01`, `2026/04/01` or `2026.04.01`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || !matches!(b[4], b'-' | b'/' | b'.') || b[7] != b[4] {
        return None;
    }
    let num = |r: Range<usize>| -> Option<u32> {
        b[r.clone()].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// A posting amount: pounds only, `£12.34`, `£-12.34`, `-£12.34`, `£ 12.34`.
fn parse_amount(t: &str) -> Result<Money, String> {
    if let Some(m) = plain_pounds(t) {
        return Ok(m);
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, t),
    };
    let Some(number) = body.strip_prefix('£') else {
        // A bare number (`12.50`, `-12.50`) wants only its £ sign; anything else (`5.00 USD`)
        // is another currency, which a £ sign would not make right.
        let bare = body.starts_with(|c: char| c.is_ascii_digit())
            && body
                .trim_end()
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        return Err(if bare {
            format!(
                "the amount \"{t}\" has no £ sign; careledger journals are in pounds: write £{}{}",
                if neg { "-" } else { "" },
                body.trim()
            )
        } else {
            format!("the amount \"{t}\" is not in pounds; careledger journals use £ only")
        });
    };
    let number = number.trim_start();
    if number.contains(',') && !number.contains('.') {
        return Err(format!(
            "the amount \"{t}\" is ambiguous: hledger may read its comma as a decimal mark; \
             write the pence too, as in £1,500.00"
        ));
    }
    let m = Money::parse(number).map_err(|e| format!("the amount \"{t}\" cannot be read: {e}"))?;
    Ok(if neg { -m } else { m })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::tests::{SAMPLE, err, j};

    #[test]
    fn an_amount_without_a_pound_sign_is_told_what_to_write_only_when_it_is_a_bare_number() {
        let said = parse_amount("12.50").unwrap_err();
        assert!(said.ends_with("write £12.50"), "{said}");
        // The minus sign stays in the advice.
        let said = parse_amount("-12.50").unwrap_err();
        assert!(said.ends_with("write £-12.50"), "{said}");
        // Another currency is not made pounds by a £ sign in front of it.
        let said = parse_amount("5.00 USD").unwrap_err();
        assert_eq!(
            said,
            "the amount \"5.00 USD\" is not in pounds; careledger journals use £ only"
        );
    }

    #[test]
    fn a_split_entry_gives_each_posting_its_own_outcome_as_hledger_does() {
        // hledger reads these tags as the postings' own: £20 for one outcome, £10 for the
        // other; careledger reads them the same way.
        let split = "2026-04-08 Day trip\n    ; receipt: R-9\n    expenses:travel  £20.00  ; outcome: get-out\n    expenses:food  £10.00\n    ; outcome: stay-well\n    assets:dp\n";
        let jn = j(&format!("commodity £1,000.00\n\n{split}"));
        let tx = &jn.transactions()[0];
        assert!(jn.is_split(tx));
        assert_eq!(jn.posting_tag(tx, 0, "outcome"), Some("get-out"));
        assert_eq!(jn.posting_tag(tx, 1, "outcome"), Some("stay-well"));
        assert_eq!(jn.posting_tag(tx, 2, "outcome"), None);
        // The entry's own tags reach every posting.
        assert_eq!(jn.posting_tag(tx, 1, "receipt"), Some("R-9"));
        // An entry-level outcome is every posting's, and the entry is not split.
        let one =
            j("2026-04-08 Shop  ; outcome: get-out\n    expenses:food  £5.00\n    assets:dp\n");
        let t = &one.transactions()[0];
        assert!(!one.is_split(t));
        assert_eq!(one.posting_tag(t, 0, "outcome"), Some("get-out"));
        assert_eq!(one.posting_tag(t, 1, "outcome"), Some("get-out"));
        // One outcome, written on the entry and again on a posting, is one outcome.
        let same = "2026-04-08 Day trip\n    ; outcome: get-out\n    expenses:travel  £20.00  ; outcome: get-out\n    assets:dp\n";
        let ok = j(same);
        assert_eq!(ok.tag(&ok.transactions()[0], "outcome"), Some("get-out"));
    }

    #[test]
    fn money_that_hledger_would_count_for_two_outcomes_is_refused_on_its_line() {
        for (text, line, says) in [
            (
                "2026-04-08 Shop  ; outcome: a\n    ; outcome: b\n    expenses:food  £5.00\n    assets:dp\n",
                3,
                "this entry names two outcomes (a and b)",
            ),
            (
                "2026-04-08 Shop\n    ; outcome: a\n    expenses:food  £5.00  ; outcome: b\n    assets:dp\n",
                5,
                "this posting's outcome (b) differs from the entry's (a)",
            ),
            (
                "2026-04-08 Shop\n    expenses:food  £5.00  ; outcome: a\n    ; outcome: b\n    assets:dp\n",
                4,
                "this posting names two outcomes (a and b)",
            ),
        ] {
            let e = err(&format!("commodity £1,000.00\n\n{text}"));
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.message.contains(says), "{e}");
        }
    }

    #[test]
    fn reads_headers_postings_and_tags() {
        let j = j(SAMPLE);
        let txs = j.transactions();
        assert_eq!(txs.len(), 2);
        let a = &txs[0];
        assert_eq!((a.line, a.status), (5, Status::Cleared));
        assert_eq!(j.payee(a), "Anytown Council");
        assert_eq!(j.note(a), Some("4-weekly payment"));
        let ps = j.postings(a);
        assert_eq!(ps[0].amount, Money::from_pence(120_000));
        assert_eq!(
            j.assertion(a, &ps[0]),
            Some(Assertion {
                amount: Money::from_pence(120_000),
                inclusive: false
            })
        );
        assert!(!ps[1].has_assertion() && j.assertion(a, &ps[1]).is_none());
        assert!(!ps[1].explicit);
        assert_eq!(ps[1].amount, Money::from_pence(-120_000));
        let b = &txs[1];
        assert_eq!((b.status, j.code(b)), (Status::Pending, Some("R7")));
        assert_eq!(j.tag(b, "outcome"), Some("stay-at-home"));
        assert_eq!(j.tag(b, "stream"), Some("social-care"));
        assert_eq!(j.tag(b, "receipt"), Some("R-0001"));
        assert_eq!(j.tag(b, "bank"), Some("ok"));
        assert_eq!(j.postings(b)[1].status, Status::Cleared);
        assert_eq!(
            j.declared_accounts().collect::<Vec<_>>(),
            ["assets:direct-payment:social-care"]
        );
        assert!(j.source(b).starts_with("2026-04-07 !") && j.source(b).ends_with("bank: ok\n"));
    }

    #[test]
    fn unchanged_journal_writes_back_byte_for_byte() {
        assert_eq!(j(SAMPLE).text(), SAMPLE);
        let crlf = SAMPLE.replace('\n', "\r\n");
        assert_eq!(j(&crlf).transactions().len(), 2);
    }

    #[test]
    fn refuses_what_it_cannot_read_with_line_and_column() {
        let e = err("2026-13-01 x\n    a  £1\n    b\n");
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("not a date"), "{}", e.message);

        let e = err("2026-01-01 x\n    a  £1\n    b  £2\n");
        assert!(e.message.contains("does not balance"), "{}", e.message);

        let e = err("2026-01-01 x\n    a  12.00\n    b\n");
        assert_eq!((e.line, e.column), (2, 8));
        assert!(e.message.contains("no £"), "{}", e.message);

        let e = err("2026-01-01 x\n    a  £1 @ $2\n    b\n");
        assert!(e.message.contains("costs"), "{}", e.message);

        let e = err("2026-01-01 x\n    (a)  £1\n    b\n");
        assert!(e.message.contains("virtual"), "{}", e.message);

        let e = err("2026-01-01 x\n    a\n    b\n");
        assert_eq!(e.line, 3);

        let e = err("alias a=b\n");
        assert!(e.message.contains("alias"), "{}", e.message);

        let e = err("hello\n");
        assert!(
            e.message.contains("not a date or a directive"),
            "{}",
            e.message
        );

        let e = err("\n    a  £1\n");
        assert_eq!((e.line, e.column), (2, 5));

        let e = err("2026-01-01 x\n    a  £1.234\n    b\n");
        assert!(e.message.contains("two decimal places"), "{}", e.message);
    }

    #[test]
    fn refuses_what_hledger_would_read_differently() {
        let cases = [
            ("2026-01-01 x\n    a\t£1.00\n    b\n", (2, 6), "two spaces"),
            (
                "2026-01-01 x\n    a  £1.00\n    # card\n    b\n",
                (3, 5),
                "starts with ;",
            ),
            ("decimal-mark ,\n", (1, 14), "decimal mark"),
            ("commodity £1.000,00\n", (1, 11), "comma the decimal mark"),
            ("2026-01-01 x\n    a  £1,500\n    b\n", (2, 8), "ambiguous"),
            (
                "2026-01-01 x\n    a  £1  ; date: 2026-01-05\n    b\n",
                (2, 14),
                "dates in comments",
            ),
            (
                "2026-01-01 x\n    ; paid [2026/01/05]\n    a  £1\n    b\n",
                (2, 6),
                "dates in comments",
            ),
            (
                "2026-01-01 x\n    a  = £5\n    b\n",
                (2, 8),
                "balance assignments",
            ),
        ];
        for (text, at, words) in cases {
            let e = err(text);
            assert_eq!((e.line, e.column), at, "{text:?}: {}", e.message);
            assert!(e.message.contains(words), "{text:?}: {}", e.message);
        }
        // Footnotes in brackets and `decimal-mark .` are fine.
        j("decimal-mark .\n2026-01-01 x  ; see [1]\n    a  £1,500.00\n    b\n");
    }

    #[test]
    fn skips_comment_blocks_and_harmless_directives() {
        let j = j(
            "comment\nanything at all\nend comment\npayee Bob\ninclude other.journal\n2026-01-01 Bob\n    a  £1\n    b\n",
        );
        assert_eq!(j.transactions().len(), 1);
        assert_eq!(j.includes().collect::<Vec<_>>(), [("other.journal", 5)]);
    }

    mod fast_helpers {
        use super::super::*;
        use proptest::prelude::*;

        /// Text made of what journals are made of, plus the awkward cases: Unicode spaces,
        /// tabs, carriage returns, vertical tabs, multi-byte characters.
        fn journalish() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just(" "),
                    Just("  "),
                    Just("\t"),
                    Just("\r"),
                    Just("\u{b}"),
                    Just("\u{a0}"),
                    Just("\u{3000}"),
                    Just("£"),
                    Just("é"),
                    Just("a"),
                    Just(":"),
                    Just(";"),
                    Just(","),
                    Just("-"),
                    Just("."),
                    Just("1"),
                    Just("9"),
                    Just("0"),
                ],
                0..16,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #[test]
            fn agree_with_std(s in journalish()) {
                prop_assert_eq!(trim_start(&s), s.trim_start());
                prop_assert_eq!(trim_end(&s), s.trim_end());
                prop_assert_eq!(trim(&s), s.trim());
                prop_assert_eq!(find_byte(&s, b';'), s.find(';'));
                let windows = s
                    .as_bytes()
                    .windows(2)
                    .position(|w| matches!(w[0], b' ' | b'\t') && matches!(w[1], b' ' | b'\t'));
                let end = windows.unwrap_or(s.len());
                prop_assert_eq!(account_end(s.as_bytes()), (end, s[..end].find('\t')));
            }

            #[test]
            fn plain_pounds_agrees_with_the_general_parser(s in journalish()) {
                let t = format!("£{s}");
                if let Some(m) = plain_pounds(&t) {
                    prop_assert_eq!(Ok(m), Money::parse(&s));
                }
            }

            #[test]
            fn plain_pounds_reads_every_usual_amount(pence in -99_999_999_999_999i64..99_999_999_999_999) {
                let m = Money::from_pence(pence);
                prop_assert_eq!(plain_pounds(&m.journal()), Some(m));
            }
        }
    }

    /// The byte tables the quick trims use cover every space of more than one byte that
    /// `char::is_whitespace` knows.
    #[test]
    fn every_unicode_space_is_known_by_its_bytes() {
        let spaces = (0x80u32..0x11_0000)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace());
        for c in spaces {
            let s = c.to_string();
            assert!(may_start_a_space(s.as_bytes()), "{c:?}");
            assert!(may_end_a_space(s.as_bytes()[s.len() - 1]), "{c:?}");
        }
        assert!(!may_start_a_space("£".as_bytes()) && !may_end_a_space("£".as_bytes()[1]));
    }

    #[test]
    fn a_payee_that_starts_with_a_mark_is_refused_after_a_mark() {
        // Fuzz crasher (journal target): unmarking gave `2026-07-03 *Pathways`, still cleared.
        let e = err("2026-07-03 * *Pathways Recovery Support\n    a  £1.00\n    b\n");
        assert_eq!((e.line, e.column), (1, 14), "{}", e.message);
        assert!(e.message.contains("status mark"), "{}", e.message);
        err("2026-07-03 ! !x\n    a  £1.00\n    b\n");
        // With a code in between, or no mark, the text is unambiguous and every status
        // change reads back.
        for text in [
            "2026-07-03 * (R1) *Pathways\n    a  £1.00\n    b\n",
            "2026-07-03 Pathways *\n    a  £1.00\n    b\n",
        ] {
            let journal = j(text);
            for status in [Status::Unmarked, Status::Pending, Status::Cleared] {
                let changed = j(&journal.with_status(0, status));
                assert_eq!(changed.transactions()[0].status, status, "{text}");
                assert_eq!(
                    changed.payee(&changed.transactions()[0]),
                    journal.payee(&journal.transactions()[0])
                );
            }
        }
    }

    #[test]
    fn huge_lines_are_refused_and_errors_quote_briefly() {
        let long = format!("{}\n", "x".repeat(MAX_LINE_BYTES + 1));
        let e = err(&long);
        assert!(e.message.contains("bytes long"), "{}", e.message);
        let word = format!("{}\n", "x".repeat(5000));
        let e = err(&word);
        assert!(e.message.len() < 200, "{}", e.message);
        let date = format!("2026-01-01{}\n", "9".repeat(5000));
        assert!(err(&date).message.len() < 200);
    }
}
