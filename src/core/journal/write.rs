//! Writing: new entries ([`NewTransaction`], [`NewBalanceCheck`], [`NewEntry`]), how they
//! are rendered, and the journal's text with entries appended, replaced or re-marked.

use std::fmt;

use chrono::NaiveDate;

use crate::core::money::Money;

use super::{Journal, Status};

/// What careledger starts a new journal with: the commodity declaration that lets
/// `hledger check -s` pass and fixes `.` as the decimal mark.
pub const NEW_JOURNAL_HEADER: &str =
    "; careledger journal: hledger format, amounts in pounds\ncommodity £1,000.00\n\n";

impl Journal {
    /// The text with `tx` added at the end, with `account` directives for any accounts it
    /// uses that the journal has not declared (so `hledger check -s` keeps passing). Only
    /// text is added: every existing byte stays where it was.
    pub fn with_appended(&self, tx: &NewTransaction) -> String {
        self.with_appended_entries(std::slice::from_ref(tx))
    }

    /// The text with several entries added at the end, in order, in one go (see
    /// [`Journal::with_appended`]). Accounts they use that are not yet declared get one
    /// `account` directive each, before the first of them.
    pub fn with_appended_entries<E: AsEntry>(&self, entries: &[E]) -> String {
        let mut out = String::with_capacity(self.text.len() + 256 * entries.len().max(1));
        if self.text.is_empty() {
            out.push_str(NEW_JOURNAL_HEADER);
        }
        out.push_str(&self.text);
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        if self.open_comment_block {
            // hledger reads an unclosed `comment` block to the end of the file: close it, or
            // the new transaction would be read as part of the comment.
            out.push_str("end comment\n");
        }
        let txs: Vec<_> = entries.iter().map(|e| (e.entry(), e.assertion())).collect();
        let declared: Vec<&str> = self.declared_accounts().collect();
        let mut new_accounts: Vec<&str> = txs
            .iter()
            .flat_map(|(t, _)| t.postings.iter())
            .map(|p| p.account.as_str())
            .filter(|a| !declared.contains(a))
            .collect();
        new_accounts.sort_unstable();
        new_accounts.dedup();
        for (k, (tx, assertion)) in txs.iter().enumerate() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            if k == 0 {
                for a in &new_accounts {
                    out.push_str("account ");
                    out.push_str(a);
                    out.push('\n');
                }
                if !new_accounts.is_empty() {
                    out.push('\n');
                }
            }
            tx.render_with(&mut out, *assertion);
        }
        out
    }

    /// The text with transaction number `index` replaced by `tx`; nothing else changes.
    pub fn with_replaced(&self, index: usize, tx: &NewTransaction) -> String {
        let old = self.transactions[index].span.range();
        let mut out = String::with_capacity(self.text.len() + 256);
        out.push_str(&self.text[..old.start]);
        tx.render_into(&mut out);
        out.push_str(&self.text[old.end..]);
        out
    }

    /// The text with one transaction's status mark changed in place.
    pub fn with_status(&self, index: usize, status: Status) -> String {
        let tx = &self.transactions[index];
        let start = tx.span.start as usize;
        let header_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let header = &self.text[start..header_end];
        // The date is the first word (ended, as the parser ends it, by a blank or a `;`);
        // a status mark, if any, follows it.
        let date_end = header.find([' ', '\t', ';']).unwrap_or(header.len());
        let rest = &header[date_end..];
        let trimmed = rest.trim_start();
        let after_mark = match trimmed.chars().next() {
            Some('*' | '!') => trimmed[1..].trim_start(),
            _ => trimmed,
        };
        let mut new_header = header[..date_end].to_string();
        if status != Status::Unmarked {
            new_header.push(' ');
            new_header.push_str(status.mark());
        }
        if !after_mark.is_empty() {
            new_header.push(' ');
            new_header.push_str(after_mark);
        }
        let mut out = String::with_capacity(self.text.len() + 2);
        out.push_str(&self.text[..start]);
        out.push_str(&new_header);
        out.push_str(&self.text[header_end..]);
        out
    }
}

/// A transaction to be written by careledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransaction {
    pub date: NaiveDate,
    pub status: Status,
    pub code: Option<String>,
    pub payee: String,
    pub note: Option<String>,
    /// Written one per comment line (`    ; name: value`), which hledger and ledger both read.
    pub tags: Vec<(String, String)>,
    /// The last posting may leave its amount to be inferred.
    pub postings: Vec<NewPosting>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPosting {
    pub account: String,
    pub amount: Option<Money>,
    /// The posting's own tags, written in a comment on its line (`; outcome: stay-well`):
    /// hledger gives them to this posting alone, as a split entry's lines need.
    pub tags: Vec<(String, String)>,
}

/// Width the account column is padded to, so amounts line up as in hand-kept journals.
const ACCOUNT_COLUMN: usize = 40;

impl NewTransaction {
    /// What would make this transaction unreadable or misread once written, in words.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let unsafe_text = |s: &str| s.contains(['\n', '\r', ';']);
        if self.payee.trim().is_empty() {
            out.push("the payee is empty; say who was paid".to_string());
        }
        if unsafe_text(&self.payee) || self.payee.contains('|') {
            out.push("the payee cannot contain ; or | or a line break".to_string());
        }
        if self.payee.trim_start().starts_with(['(', '*', '!']) {
            out.push(
                "the payee cannot start with ( or * or ! (they would be read as a code or a mark); \
                 start it with a word"
                    .to_string(),
            );
        }
        let control = |s: &str| s.chars().any(|c| c.is_control() && c != '\n' && c != '\r');
        if control(&self.payee) || self.note.as_deref().is_some_and(control) {
            out.push(
                "the payee and note cannot contain control characters such as tabs".to_string(),
            );
        }
        if self.note.as_deref().is_some_and(unsafe_text) {
            out.push("the note cannot contain ; or a line break".to_string());
        }
        if self
            .code
            .as_deref()
            .is_some_and(|c| unsafe_text(c) || c.contains([')', '(']))
        {
            out.push("the code cannot contain brackets, ; or a line break".to_string());
        }
        let posting_tags = self.postings.iter().flat_map(|p| p.tags.iter());
        for (name, value) in self.tags.iter().chain(posting_tags) {
            if name.is_empty() || name.contains([' ', ':', ',', ';', '\n', '\t']) {
                out.push(format!("\"{name}\" cannot be a tag name"));
            }
            if value.contains([',', '\n', '\r']) {
                out.push(format!(
                    "the {name} \"{value}\" cannot contain a comma or a line break"
                ));
            }
        }
        if self.postings.len() < 2 {
            out.push("a transaction needs at least two postings".to_string());
        }
        let missing = self.postings.iter().filter(|p| p.amount.is_none()).count();
        if missing > 1 {
            out.push("only one posting may leave its amount out".to_string());
        }
        let sum: Money = self.postings.iter().filter_map(|p| p.amount).sum();
        if missing == 0 && !sum.is_zero() {
            out.push(format!("the postings do not balance (off by {sum})"));
        }
        for p in &self.postings {
            if p.account.is_empty()
                || p.account.contains("  ")
                || p.account.contains(['\t', '\n', ';'])
            {
                out.push(format!("\"{}\" cannot be an account name", p.account));
            }
        }
        out
    }

    /// What the entry moves, as a sentence gives it: a split payment's whole amount (its
    /// spending lines added up), else its first amount written, without a sign.
    pub fn moved(&self) -> Money {
        let spending: Vec<Money> = self
            .postings
            .iter()
            .filter(|p| crate::core::accounts::is_expense(&p.account))
            .filter_map(|p| p.amount)
            .collect();
        if spending.len() > 1 {
            return spending.into_iter().sum::<Money>().abs();
        }
        self.postings
            .iter()
            .find_map(|p| p.amount)
            .unwrap_or_default()
            .abs()
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s);
        s
    }

    fn render_into(&self, out: &mut String) {
        self.render_with(out, None);
    }

    /// Render, with `assertion` (if any) written after the first posting's amount.
    fn render_with(&self, out: &mut String, assertion: Option<Money>) {
        use std::fmt::Write;
        let _ = write!(out, "{}", self.date.format("%Y-%m-%d"));
        if self.status != Status::Unmarked {
            out.push(' ');
            out.push_str(self.status.mark());
        }
        if let Some(code) = &self.code {
            let _ = write!(out, " ({code})");
        }
        let _ = write!(out, " {}", self.payee.trim());
        if let Some(note) = self
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let _ = write!(out, " | {note}");
        }
        out.push('\n');
        for (name, value) in &self.tags {
            let _ = writeln!(out, "    ; {name}: {value}");
        }
        self.render_postings_with(out, assertion);
    }

    /// The posting lines alone.
    pub(super) fn render_postings(&self, out: &mut String) {
        self.render_postings_with(out, None);
    }

    fn render_postings_with(&self, out: &mut String, assertion: Option<Money>) {
        use std::fmt::Write;
        for (k, p) in self.postings.iter().enumerate() {
            match p.amount {
                Some(a) => {
                    let _ = write!(
                        out,
                        "    {:<width$}  {}",
                        p.account,
                        a.journal(),
                        width = ACCOUNT_COLUMN - 2
                    );
                    if let Some(b) = assertion.filter(|_| k == 0) {
                        let _ = write!(out, " = {}", b.journal());
                    }
                }
                None => {
                    let _ = write!(out, "    {}", p.account);
                }
            }
            for (i, (name, value)) in p.tags.iter().enumerate() {
                out.push_str(if i == 0 { "  ; " } else { ", " });
                let _ = write!(out, "{name}: {value}");
            }
            out.push('\n');
        }
    }
}

impl fmt::Display for NewTransaction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// An entry that moves no money and records what an account held at the end of a day: a
/// balance assertion, which careledger and hledger both check from then on. It is how a
/// balance agreed with a bank statement is kept:
///
/// ```text
/// 2026-04-30 * Reconciled | balance agreed with the bank statement
///     ; stream: social-care
///     assets:direct-payment:social-care       £0.00 = £1234.56
///     assets:direct-payment:social-care       £0.00
/// ```
///
/// The posting is repeated because careledger reads only transactions with two postings or
/// more; two zero postings to one account change nothing for hledger or ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBalanceCheck {
    pub date: NaiveDate,
    pub payee: String,
    pub note: Option<String>,
    pub tags: Vec<(String, String)>,
    pub account: String,
    /// What the account holds at the end of `date`, all entries that day included.
    pub balance: Money,
}

impl NewBalanceCheck {
    /// The zero-amount transaction that carries the assertion (always cleared: it is a
    /// figure read off a statement).
    pub fn as_transaction(&self) -> NewTransaction {
        let zero = || NewPosting {
            account: self.account.clone(),
            amount: Some(Money::ZERO),
            tags: Vec::new(),
        };
        NewTransaction {
            date: self.date,
            status: Status::Cleared,
            code: None,
            payee: self.payee.clone(),
            note: self.note.clone(),
            tags: self.tags.clone(),
            postings: vec![zero(), zero()],
        }
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        self.as_transaction()
            .render_with(&mut s, Some(self.balance));
        s
    }
}

/// What [`Journal::with_appended_entries`] can add: a transaction, or a balance check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewEntry {
    Transaction(NewTransaction),
    BalanceCheck(NewBalanceCheck),
}

impl NewEntry {
    pub fn date(&self) -> NaiveDate {
        match self {
            NewEntry::Transaction(t) => t.date,
            NewEntry::BalanceCheck(c) => c.date,
        }
    }
    pub fn render(&self) -> String {
        match self {
            NewEntry::Transaction(t) => t.render(),
            NewEntry::BalanceCheck(c) => c.render(),
        }
    }
    pub fn problems(&self) -> Vec<String> {
        match self {
            NewEntry::Transaction(t) => t.problems(),
            NewEntry::BalanceCheck(c) => c.as_transaction().problems(),
        }
    }
}

/// Something appendable: a transaction and, for a balance check, the asserted balance.
pub trait AsEntry {
    fn entry(&self) -> std::borrow::Cow<'_, NewTransaction>;
    fn assertion(&self) -> Option<Money> {
        None
    }
}

impl AsEntry for NewTransaction {
    fn entry(&self) -> std::borrow::Cow<'_, NewTransaction> {
        std::borrow::Cow::Borrowed(self)
    }
}

impl AsEntry for NewEntry {
    fn entry(&self) -> std::borrow::Cow<'_, NewTransaction> {
        match self {
            NewEntry::Transaction(t) => std::borrow::Cow::Borrowed(t),
            NewEntry::BalanceCheck(c) => std::borrow::Cow::Owned(c.as_transaction()),
        }
    }
    fn assertion(&self) -> Option<Money> {
        match self {
            NewEntry::BalanceCheck(c) => Some(c.balance),
            NewEntry::Transaction(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::check_assertions;
    use crate::core::journal::tests::{SAMPLE, j};

    fn new_tx() -> NewTransaction {
        NewTransaction {
            date: "2026-05-01".parse().unwrap(),
            status: Status::Cleared,
            code: None,
            payee: "Taxi Co".into(),
            note: Some("to the day centre".into()),
            tags: vec![
                ("outcome".into(), "get-out".into()),
                ("stream".into(), "social-care".into()),
            ],
            postings: vec![
                NewPosting {
                    account: "expenses:travel".into(),
                    amount: Some(Money::from_pence(1250)),
                    tags: Vec::new(),
                },
                NewPosting {
                    account: "assets:direct-payment:social-care".into(),
                    amount: None,
                    tags: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn appending_adds_text_and_declares_new_accounts() {
        let before = j(SAMPLE);
        let after_text = before.with_appended(&new_tx());
        assert!(
            after_text.starts_with(SAMPLE),
            "existing bytes must not move"
        );
        let added = &after_text[SAMPLE.len()..];
        assert_eq!(
            added,
            "\naccount expenses:travel\n\n2026-05-01 * Taxi Co | to the day centre\n    ; outcome: get-out\n    ; stream: social-care\n    expenses:travel                         £12.50\n    assets:direct-payment:social-care\n"
        );
        let after = j(&after_text);
        assert_eq!(after.transactions().len(), 3);
        let t = &after.transactions()[2];
        assert_eq!(after.tag(t, "outcome"), Some("get-out"));
        assert_eq!(after.postings(t)[1].amount, Money::from_pence(-1250));
    }

    #[test]
    fn several_entries_and_a_balance_check_append_in_one_go() {
        let before = j(SAMPLE);
        let check = NewBalanceCheck {
            date: "2026-05-01".parse().unwrap(),
            payee: "Bank statement".into(),
            note: Some("closing balance".into()),
            tags: vec![("stream".into(), "social-care".into())],
            account: "assets:direct-payment:social-care".into(),
            balance: Money::from_pence(244_000),
        };
        let entries = [
            NewEntry::Transaction(new_tx()),
            NewEntry::BalanceCheck(check.clone()),
        ];
        let text = before.with_appended_entries(&entries);
        assert!(text.starts_with(SAMPLE));
        assert_eq!(
            &text[SAMPLE.len()..],
            format!(
                "\naccount expenses:travel\n\n{}\n2026-05-01 * Bank statement | closing balance\n    ; stream: social-care\n    assets:direct-payment:social-care       £0.00 = £2440.00\n    assets:direct-payment:social-care       £0.00\n",
                new_tx().render()
            )
        );
        assert_eq!(check.render(), entries[1].render());
        let after = j(&text);
        assert_eq!(after.transactions().len(), 4);
        assert!(check_assertions(std::slice::from_ref(&after)).is_empty());
        let bad = NewBalanceCheck {
            balance: Money::ZERO,
            ..check
        };
        let text = before.with_appended_entries(&[NewEntry::BalanceCheck(bad)]);
        assert_eq!(check_assertions(&[j(&text)]).len(), 1);
        // One entry through the general path is exactly what with_appended writes.
        assert_eq!(
            before.with_appended(&new_tx()),
            before.with_appended_entries(&[NewEntry::Transaction(new_tx())])
        );
    }

    #[test]
    fn replacing_touches_only_that_transaction() {
        let before = j(SAMPLE);
        let text = before.with_replaced(0, &new_tx());
        let first = before.transactions()[0].span.range();
        assert_eq!(&text[..first.start], &SAMPLE[..first.start]);
        assert!(text.ends_with(&SAMPLE[first.end..]));
        assert_eq!(j(&text).transactions().len(), 2);
    }

    #[test]
    fn toggling_status_changes_only_the_mark() {
        let before = j(SAMPLE);
        let text = before.with_status(1, Status::Cleared);
        assert_eq!(
            text,
            SAMPLE.replace("2026-04-07 ! (R7)", "2026-04-07 * (R7)")
        );
        let text = before.with_status(0, Status::Unmarked);
        assert_eq!(
            text,
            SAMPLE.replace("2026-04-01 * Anytown", "2026-04-01 Anytown")
        );
    }

    #[test]
    fn appending_to_an_empty_journal_or_an_open_comment_block_keeps_the_entry() {
        let fresh = Journal::default().with_appended(&new_tx());
        assert!(fresh.starts_with(NEW_JOURNAL_HEADER), "{fresh}");
        let open = j("comment\nold notes\n");
        let after = j(&open.with_appended(&new_tx()));
        assert_eq!(after.transactions().len(), 1, "{}", after.text());
    }

    #[test]
    fn status_changes_when_a_comment_follows_the_date_directly() {
        // Fuzz crasher (journal target): `2026-09-07; * Canal Street` could not be cleared.
        let journal = j("2026-09-07; * Canal Street\n    a  £1.00\n    b\n");
        for status in [Status::Cleared, Status::Pending, Status::Unmarked] {
            let changed = j(&journal.with_status(0, status));
            assert_eq!(
                changed.transactions()[0].status,
                status,
                "{}",
                changed.text()
            );
        }
    }

    #[test]
    fn new_transactions_say_what_is_wrong() {
        let mut t = new_tx();
        assert!(t.problems().is_empty());
        t.payee = "A; B".into();
        t.tags.push(("receipt".into(), "R1, R2".into()));
        t.postings[1].amount = Some(Money::from_pence(1));
        let p = t.problems();
        assert_eq!(p.len(), 3, "{p:?}");
    }
}
