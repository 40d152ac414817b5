//! Transactions as a budget holder reads them: one row each, money in positive and money
//! out negative, with the outcome, stream and receipt the entry is linked to.

use chrono::NaiveDate;
use serde::Serialize;

use super::accounts;
use super::journal::{Journal, Status, Transaction};
use super::money::Money;
use super::plan::Plan;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry<'a> {
    pub date: NaiveDate,
    #[serde(serialize_with = "status_mark")]
    pub status: Status,
    pub payee: &'a str,
    pub note: Option<&'a str>,
    /// Money in is positive, money out negative.
    pub amount: Money,
    /// The entry's outcome; for a split entry whose lines are for different outcomes,
    /// `None` (each line's is in `lines`).
    pub outcome: Option<&'a str>,
    pub stream: Option<&'a str>,
    /// The spending category (`expenses:<category>`); `None` when the lines differ.
    pub category: Option<&'a str>,
    pub receipt: Option<&'a str>,
    /// The full ID of the entry this one reverses (its `reverses:` tag).
    pub reverses: Option<&'a str>,
    /// The spending lines of an entry with more than one: each with its outcome, category
    /// and amount (spent positive).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Line<'a>>,
    /// Line of the transaction in its journal.
    pub line: u32,
}

/// One spending line of a split entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line<'a> {
    pub outcome: Option<&'a str>,
    pub category: &'a str,
    pub amount: Money,
}

impl Entry<'_> {
    /// Whether the entry is split into lines for more than one outcome or category.
    pub fn is_split(&self) -> bool {
        !self.lines.is_empty()
    }
    /// Whether any of the entry's money is for `outcome`.
    pub fn is_for(&self, outcome: &str) -> bool {
        self.outcome == Some(outcome) || self.lines.iter().any(|l| l.outcome == Some(outcome))
    }
    /// Whether any of the entry's money is in `category`.
    pub fn is_in(&self, category: &str) -> bool {
        self.category == Some(category) || self.lines.iter().any(|l| l.category == category)
    }
}

fn status_mark<S: serde::Serializer>(s: &Status, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(match s {
        Status::Unmarked => "",
        Status::Pending => "pending",
        Status::Cleared => "cleared",
    })
}

/// The register row for one transaction.
pub fn entry<'a>(plan: &'a Plan, j: &'a Journal, tx: &Transaction) -> Entry<'a> {
    let stream = j
        .postings(tx)
        .iter()
        .find_map(|p| plan.stream_for_account(j.account_name(p.account)))
        .map(|s| s.id.as_str());
    let expense = |p: &super::journal::Posting| accounts::is_expense(j.account_name(p.account));
    let (outcome, category, lines) = if j.postings(tx).iter().filter(|p| expense(p)).count() > 1 {
        let lines = spending_lines(j, tx);
        let first = &lines[0];
        let outcome = first
            .outcome
            .filter(|o| lines.iter().all(|l| l.outcome == Some(o)));
        let category = Some(first.category).filter(|c| lines.iter().all(|l| l.category == *c));
        (outcome, category, lines)
    } else {
        let category = j
            .postings(tx)
            .iter()
            .find_map(|p| accounts::category_of(j.account_name(p.account)));
        (j.tag(tx, "outcome"), category, Vec::new())
    };
    Entry {
        date: tx.date,
        status: tx.status,
        payee: j.payee(tx),
        note: j.note(tx),
        amount: entry_amount(j, tx),
        outcome,
        stream: stream.or_else(|| j.tag(tx, "stream")),
        category,
        receipt: j.tag(tx, "receipt"),
        reverses: j.tag(tx, super::payment::REVERSES_TAG),
        lines,
        line: tx.line,
    }
}

/// The entry's spending postings, each with the outcome hledger gives it (its own
/// `outcome:`, else the entry's), its category and its amount.
pub fn spending_lines<'a>(j: &'a Journal, tx: &Transaction) -> Vec<Line<'a>> {
    j.postings(tx)
        .iter()
        .enumerate()
        .filter_map(|(k, p)| {
            let category = accounts::category_of(j.account_name(p.account))?;
            Some(Line {
                outcome: j.posting_tag(tx, k, "outcome"),
                category,
                amount: p.amount,
            })
        })
        .collect()
}

/// What an entry moves, as a holder reads it: money out (spending) negative, money in
/// positive; paying HMRC what pay days left owing is money out too; for an entry with none
/// of these (a transfer, a balance check), what it moves in.
pub fn entry_amount(j: &Journal, tx: &Transaction) -> Money {
    let mut out = Money::ZERO;
    let mut income = Money::ZERO;
    let mut hmrc = Money::ZERO;
    let mut positive = Money::ZERO;
    for p in j.postings(tx) {
        let name = j.account_name(p.account);
        if accounts::is_expense(name) {
            out += p.amount;
        } else if accounts::is_income(name) {
            income += p.amount;
        } else if name == super::employer::payroll::HMRC {
            hmrc += p.amount;
        }
        if p.amount.is_positive() {
            positive += p.amount;
        }
    }
    if !out.is_zero() {
        -out
    } else if !income.is_zero() {
        -income
    } else if !hmrc.is_zero() {
        -hmrc
    } else {
        positive
    }
}

/// Which entries to show. Text matches ignore case; empty means "any".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub outcome: Option<String>,
    pub stream: Option<String>,
    pub category: Option<String>,
    pub payee: Option<String>,
    /// Matches payee, note, outcome, stream, category or receipt.
    pub text: Option<String>,
}

impl Filter {
    pub fn matches(&self, e: &Entry) -> bool {
        let has =
            |hay: Option<&str>, needle: &str| hay.is_some_and(|h| contains_ignore_case(h, needle));
        self.from.is_none_or(|d| e.date >= d)
            && self.to.is_none_or(|d| e.date <= d)
            && self.outcome.as_deref().is_none_or(|o| e.is_for(o))
            && self.stream.as_deref().is_none_or(|s| e.stream == Some(s))
            && self.category.as_deref().is_none_or(|c| e.is_in(c))
            && self
                .payee
                .as_deref()
                .is_none_or(|p| contains_ignore_case(e.payee, p))
            && self.text.as_deref().is_none_or(|t| {
                contains_ignore_case(e.payee, t)
                    || has(e.note, t)
                    || has(e.outcome, t)
                    || has(e.stream, t)
                    || has(e.category, t)
                    || e.lines
                        .iter()
                        .any(|l| has(l.outcome, t) || has(Some(l.category), t))
                    || has(e.receipt, t)
            })
    }
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

pub fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        return h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(&needle.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan;

    #[test]
    fn rows_read_money_in_as_positive_and_out_as_negative() {
        let plan = plan::parse(
            "[holder]\nname='A'\n[period]\nstart=2026-04-01\nend=2027-03-31\n[[streams]]\nid='sc'\nfunder='C'\nkind='social-care'\nmanagement='direct-payment'\nschedule='monthly'\namount='10'\nfirst_payment=2026-04-01\n",
        )
        .unwrap()
        .plan;
        let j = Journal::parse(
            "2026-04-01 * Council\n    assets:direct-payment:sc  £10.00\n    income:sc\n\n2026-04-02 Taxi | to town\n    ; outcome: out\n    ; receipt: T1\n    expenses:travel  £4.50\n    assets:direct-payment:sc\n"
                .into(),
        )
        .unwrap();
        let rows: Vec<Entry> = j
            .transactions()
            .iter()
            .map(|t| entry(&plan, &j, t))
            .collect();
        assert_eq!(rows[0].amount, Money::from_pence(1000));
        assert_eq!(rows[0].stream, Some("sc"));
        assert_eq!(rows[1].amount, Money::from_pence(-450));
        assert_eq!(
            (rows[1].outcome, rows[1].receipt, rows[1].note),
            (Some("out"), Some("T1"), Some("to town"))
        );
        let f = Filter {
            text: Some("TOWN".into()),
            ..Filter::default()
        };
        assert!(!f.matches(&rows[0]) && f.matches(&rows[1]));
        let f = Filter {
            from: Some("2026-04-02".parse().unwrap()),
            stream: Some("sc".into()),
            ..Filter::default()
        };
        assert_eq!(rows.iter().filter(|e| f.matches(e)).count(), 1);
        assert!(contains_ignore_case("Café Ñ", "café ñ"));
    }
}
