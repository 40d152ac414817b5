//! The money, in hledger journal format, read losslessly.
//!
//! A [`Journal`] keeps the exact text it was read from and, for each transaction, the byte
//! span it came from. Nothing is re-printed: writing an unchanged journal gives back the same
//! bytes, adding a transaction appends text, and editing one replaces that transaction's span
//! only. Comments, spacing and directives careledger does not use stay as the person typed them.
//!
//! Reading is one pass over the lines. Strings such as payees and tags are kept as spans into
//! the text, accounts are interned, and postings and tags live in flat arrays, so a journal of
//! 100,000 transactions costs a handful of allocations, not millions.
//!
//! What careledger cannot read faithfully (virtual postings, costs, other currencies,
//! directives that change what other lines mean) is refused with line and column rather than
//! misread.

mod assertions;
mod edit;
mod read;
mod read_parallel;
mod write;

pub use assertions::check_assertions;
pub use read::{MAX_LINE_BYTES, RECORDED_YEARS, parse_date, recordable};
pub use write::{
    AsEntry, NEW_JOURNAL_HEADER, NewBalanceCheck, NewEntry, NewPosting, NewTransaction,
};

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use chrono::NaiveDate;

use super::money::Money;

/// A piece of the journal's text, by byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AccountId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Unmarked,
    /// `!`
    Pending,
    /// `*`
    Cleared,
}

impl Status {
    pub fn mark(self) -> &'static str {
        match self {
            Status::Unmarked => "",
            Status::Pending => "!",
            Status::Cleared => "*",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Bytes from the start of the header line to the end of its last line (with newline).
    pub span: Span,
    /// 1-based line of the header.
    pub line: u32,
    pub date: NaiveDate,
    pub status: Status,
    code: Option<Span>,
    payee: Span,
    note: Option<Span>,
    /// Which [`Block`] holds the postings and tags, and where in it.
    block: u16,
    postings: Range<u32>,
    tags: Range<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub account: AccountId,
    /// The amount, filled in when the journal left it to be inferred.
    pub amount: Money,
    pub line: u32,
    /// 1 + where this posting's balance assertion is in its [`Block`]'s list; 0 when it has
    /// none. Assertions are rare, so they are kept aside: a posting takes 32 bytes, not 48.
    /// [`Journal::assertion`] reads it.
    assertion: u32,
    /// Whether the amount was written (false: inferred to balance the transaction).
    pub explicit: bool,
    pub status: Status,
}

impl Posting {
    pub fn has_assertion(&self) -> bool {
        self.assertion != 0
    }
}

/// A balance assertion on a posting: `= £X` checks the account's balance just after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assertion {
    pub amount: Money,
    /// `=*` or `==*`: the assertion covers the account and all its subaccounts.
    pub inclusive: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tag {
    name: Span,
    value: Span,
    /// 0 for the transaction's own tags; `k + 1` for a tag of its posting `k` (on the
    /// posting's line or a comment line after it), which hledger gives to that posting alone.
    posting: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectiveKind {
    Account(String),
    Commodity,
    Include(String),
    /// Declarations hledger knows and careledger can safely pass over (`payee`, `tag`, `P`...).
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub line: u32,
    pub kind: DirectiveKind,
}

/// Why a journal could not be read: where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct JournalError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The postings and tags of a run of transactions, in file order. A journal read in one go
/// has one block; one read in pieces keeps each piece's block as it was read, rather than
/// copying them all into one (which cost a tenth of opening a large journal).
#[derive(Debug, Clone, Default)]
struct Block {
    postings: Vec<Posting>,
    tags: Vec<Tag>,
    assertions: Vec<Assertion>,
}

#[derive(Debug, Clone, Default)]
pub struct Journal {
    text: String,
    transactions: Vec<Transaction>,
    /// Never empty once read (see [`read::Parser::new`]).
    blocks: Vec<Block>,
    accounts: Vec<String>,
    account_ids: HashMap<String, AccountId, BuildHasherDefault<WordHasher>>,
    directives: Vec<Directive>,
    /// The file ends inside a `comment` block that has no `end comment`.
    open_comment_block: bool,
}

impl Journal {
    pub fn text(&self) -> &str {
        &self.text
    }
    pub fn transactions(&self) -> &[Transaction] {
        &self.transactions
    }
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }
    pub fn postings(&self, tx: &Transaction) -> &[Posting] {
        &self.blocks[tx.block as usize].postings
            [tx.postings.start as usize..tx.postings.end as usize]
    }
    /// The balance assertion on `p`, one of `tx`'s postings.
    pub fn assertion(&self, tx: &Transaction, p: &Posting) -> Option<Assertion> {
        let k = p.assertion.checked_sub(1)?;
        self.blocks[tx.block as usize]
            .assertions
            .get(k as usize)
            .copied()
    }
    pub fn accounts(&self) -> &[String] {
        &self.accounts
    }
    pub fn account_name(&self, id: AccountId) -> &str {
        &self.accounts[id.0 as usize]
    }
    pub fn account_id(&self, name: &str) -> Option<AccountId> {
        self.account_ids.get(name).copied()
    }
    fn str(&self, s: Span) -> &str {
        &self.text[s.range()]
    }
    pub fn payee<'a>(&'a self, tx: &Transaction) -> &'a str {
        self.str(tx.payee)
    }
    pub fn note<'a>(&'a self, tx: &Transaction) -> Option<&'a str> {
        tx.note.map(|s| self.str(s))
    }
    pub fn code<'a>(&'a self, tx: &Transaction) -> Option<&'a str> {
        tx.code.map(|s| self.str(s))
    }
    /// The transaction's source text, exactly as in the file.
    pub fn source<'a>(&'a self, tx: &Transaction) -> &'a str {
        self.str(tx.span)
    }
    /// Tags of the transaction and its postings, in file order.
    pub fn tags<'a>(&'a self, tx: &Transaction) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.blocks[tx.block as usize].tags[tx.tags.start as usize..tx.tags.end as usize]
            .iter()
            .map(|t| (self.str(t.name), self.str(t.value)))
    }
    /// The first value of a tag, e.g. `tag(tx, "outcome")`, on the transaction or any of its
    /// postings. Empty values count as absent.
    pub fn tag<'a>(&'a self, tx: &Transaction, name: &str) -> Option<&'a str> {
        self.tags(tx)
            .find(|(n, v)| *n == name && !v.is_empty())
            .map(|(_, v)| v)
    }
    /// The tag as posting `k` of `tx` has it, the way hledger reads it: the posting's own
    /// value, else the transaction's.
    pub fn posting_tag<'a>(&'a self, tx: &Transaction, k: usize, name: &str) -> Option<&'a str> {
        let mut inherited = None;
        for t in self.raw_tags(tx) {
            if self.str(t.name) != name || t.value.start == t.value.end {
                continue;
            }
            if t.posting as usize == k + 1 {
                return Some(self.str(t.value));
            }
            if t.posting == 0 && inherited.is_none() {
                inherited = Some(self.str(t.value));
            }
        }
        inherited
    }
    /// The transaction's own tags (not its postings'), in file order.
    pub fn entry_tags<'a>(
        &'a self,
        tx: &Transaction,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.raw_tags(tx)
            .filter(|t| t.posting == 0)
            .map(|t| (self.str(t.name), self.str(t.value)))
    }
    /// Posting `k`'s own tags (not the entry's), in file order.
    pub fn own_posting_tags<'a>(
        &'a self,
        tx: &Transaction,
        k: usize,
    ) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        let owner = k as u32 + 1;
        self.raw_tags(tx)
            .filter(move |t| t.posting == owner)
            .map(|t| (self.str(t.name), self.str(t.value)))
    }
    /// Whether any posting of `tx` has an `outcome:` of its own: a split entry.
    pub fn is_split(&self, tx: &Transaction) -> bool {
        self.raw_tags(tx).any(|t| {
            t.posting != 0 && self.str(t.name) == "outcome" && t.value.start != t.value.end
        })
    }
    fn raw_tags(&self, tx: &Transaction) -> std::slice::Iter<'_, Tag> {
        self.blocks[tx.block as usize].tags[tx.tags.start as usize..tx.tags.end as usize].iter()
    }
    /// Accounts named in `account` directives.
    pub fn declared_accounts(&self) -> impl Iterator<Item = &str> {
        self.directives.iter().filter_map(|d| match &d.kind {
            DirectiveKind::Account(a) => Some(a.as_str()),
            _ => None,
        })
    }
    pub fn includes(&self) -> impl Iterator<Item = (&str, u32)> {
        self.directives.iter().filter_map(|d| match &d.kind {
            DirectiveKind::Include(p) => Some((p.as_str(), d.line)),
            _ => None,
        })
    }
}

impl Journal {
    fn intern(&mut self, name: &str) -> AccountId {
        if let Some(id) = self.account_ids.get(name) {
            return *id;
        }
        let id = AccountId(self.accounts.len() as u32);
        self.accounts.push(name.to_string());
        self.account_ids.insert(name.to_string(), id);
        id
    }
}

/// FxHash-style word hashing for account names: the interner looks one up per posting, and
/// SipHash's protection against chosen keys is not needed for a person's own account names.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517C_C1B7_2722_0A95;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in words.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const SAMPLE: &str = "; Ann's money\ncommodity £1,000.00\naccount assets:direct-payment:social-care\n\n\
2026-04-01 * Anytown Council | 4-weekly payment\n    ; stream: social-care\n    assets:direct-payment:social-care  £1200.00 = £1200.00\n    income:social-care\n\n\
; checked against the bank\n2026-04-07 ! (R7) Mary Jones | PA wages  ; outcome: stay-at-home\n    ; stream: social-care, receipt: R-0001\n    expenses:pa-wages        £-1,252.50\n    * assets:direct-payment:social-care  £1252.50  ; bank: ok\n";

    pub(super) fn j(s: &str) -> Journal {
        Journal::parse(s.to_string()).unwrap()
    }
    pub(super) fn err(s: &str) -> JournalError {
        Journal::parse(s.to_string()).unwrap_err()
    }

    /// Postings are the bulk of a large journal in memory (200,000 in 100,000 entries); the
    /// rare balance assertion is kept beside them rather than in each one.
    #[test]
    fn a_posting_takes_32_bytes() {
        assert_eq!(std::mem::size_of::<Posting>(), 32);
    }
}
