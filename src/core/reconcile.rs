//! Reconciliation: agreeing a stream's account with a bank statement.
//!
//! The **cleared balance** is what the entries marked cleared (`*`) up to the statement date
//! put in the account: the money the bank has confirmed. The statement's balance on that date
//! should be the same; when it is not, the uncleared entries up to the date are the first
//! place to look (and a few of them may add up to the difference exactly), and a difference
//! no uncleared entry explains points to an entry missing from the records.
//!
//! Once the difference is zero and nothing uncleared is left before the date, the balance is
//! recorded as a balance check (see [`NewBalanceCheck`]): from then on careledger and hledger
//! both refuse any change that would make the records disagree with that statement.
//! [`Locks`] tells which entries such checks cover, so a screen can ask before editing one.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::journal::{Assertion, Journal, NewBalanceCheck, NewEntry, Status, Transaction};
use super::money::Money;
use super::plan::FundingStream;

/// The tag on the balance check a reconciliation records.
pub const RECONCILED_TAG: &str = "reconciled";

/// How many uncleared entries the search for exact combinations looks through at most, and
/// how many combinations it reports.
const SEARCH_ENTRIES: usize = 60;
const MAX_COMBINATIONS: usize = 5;

/// An entry up to the statement date that the bank has not confirmed yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncleared {
    /// Which journal (0 is the main `ledger.journal`) and which transaction in it.
    pub journal: usize,
    pub index: usize,
    pub line: u32,
    pub date: NaiveDate,
    pub status: Status,
    pub payee: String,
    /// What it moves in or out of the account.
    pub amount: Money,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reconciliation {
    pub account: String,
    pub date: NaiveDate,
    pub statement: Money,
    /// Entries marked cleared, up to and including `date`.
    pub cleared: Money,
    /// Every entry up to and including `date`, cleared or not.
    pub total: Money,
    /// `statement - cleared`: what clearing entries (or adding missing ones) must make up.
    pub difference: Money,
    /// Oldest first.
    pub uncleared: Vec<Uncleared>,
    /// Sets of `uncleared` (by position) whose amounts add up to the difference exactly,
    /// smallest sets first.
    pub combinations: Vec<Vec<usize>>,
    /// A balance check for this balance on this date is already in the journal.
    pub already_recorded: bool,
}

impl Reconciliation {
    /// Whether the balance can be recorded as a check: the cleared entries agree with the
    /// statement and so does everything up to the date (an assertion counts every entry).
    pub fn can_record(&self) -> bool {
        self.difference.is_zero() && self.total == self.statement
    }
}

fn effective(tx: &Transaction, posting: Status) -> Status {
    if posting == Status::Unmarked {
        tx.status
    } else {
        posting
    }
}

/// Compare `account` up to the end of `date` with a statement's balance.
pub fn reconcile(
    journals: &[Journal],
    account: &str,
    date: NaiveDate,
    statement: Money,
) -> Reconciliation {
    let mut cleared = Money::ZERO;
    let mut total = Money::ZERO;
    let mut uncleared = Vec::new();
    let mut already_recorded = false;
    for (ji, j) in journals.iter().enumerate() {
        let Some(acc) = j.account_id(account) else {
            continue;
        };
        for (ti, tx) in j.transactions().iter().enumerate() {
            if tx.date > date {
                continue;
            }
            let mut open = Money::ZERO;
            let mut touches = false;
            for p in j.postings(tx).iter().filter(|p| p.account == acc) {
                touches = true;
                total += p.amount;
                if effective(tx, p.status) == Status::Cleared {
                    cleared += p.amount;
                } else {
                    open += p.amount;
                }
                if tx.date == date
                    && j.assertion(tx, p)
                        == Some(Assertion {
                            amount: statement,
                            inclusive: false,
                        })
                {
                    already_recorded = true;
                }
            }
            if touches && !open.is_zero() {
                uncleared.push(Uncleared {
                    journal: ji,
                    index: ti,
                    line: tx.line,
                    date: tx.date,
                    status: tx.status,
                    payee: j.payee(tx).to_string(),
                    amount: open,
                });
            }
        }
    }
    uncleared.sort_by_key(|u| (u.date, u.journal, u.index));
    let difference = statement - cleared;
    let combinations = if difference.is_zero() {
        Vec::new()
    } else {
        combinations(&uncleared, difference)
    };
    Reconciliation {
        account: account.to_string(),
        date,
        statement,
        cleared,
        total,
        difference,
        uncleared,
        combinations,
        already_recorded,
    }
}

/// Sets of uncleared entries whose amounts add up to `target` exactly. Every set is tried
/// when there are few entries; otherwise sets of up to three among the most recent.
fn combinations(uncleared: &[Uncleared], target: Money) -> Vec<Vec<usize>> {
    let target = target.pence();
    let pence: Vec<i64> = uncleared.iter().map(|u| u.amount.pence()).collect();
    let n = pence.len();
    let mut found: Vec<Vec<usize>> = Vec::new();
    if n <= 16 {
        for mask in 1u32..(1 << n) {
            let sum: i64 = (0..n)
                .filter(|k| mask & (1 << k) != 0)
                .map(|k| pence[k])
                .sum();
            if sum == target {
                found.push((0..n).filter(|k| mask & (1 << k) != 0).collect());
            }
        }
        found.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        found.truncate(MAX_COMBINATIONS);
        return found;
    }
    let recent: Vec<usize> = (n.saturating_sub(SEARCH_ENTRIES)..n).rev().collect();
    'sizes: for size in 1..=3 {
        let mut pick = vec![0usize; size];
        // Walk every increasing choice of `size` positions in `recent`.
        for (k, slot) in pick.iter_mut().enumerate() {
            *slot = k;
        }
        if size > recent.len() {
            break;
        }
        loop {
            let sum: i64 = pick.iter().map(|&k| pence[recent[k]]).sum();
            if sum == target {
                let mut set: Vec<usize> = pick.iter().map(|&k| recent[k]).collect();
                set.sort_unstable();
                found.push(set);
                if found.len() >= MAX_COMBINATIONS {
                    break 'sizes;
                }
            }
            let mut k = size;
            while k > 0 && pick[k - 1] == recent.len() - size + k - 1 {
                k -= 1;
            }
            if k == 0 {
                break;
            }
            pick[k - 1] += 1;
            for j in k..size {
                pick[j] = pick[j - 1] + 1;
            }
        }
    }
    found
}

/// The balance check a reconciliation records.
pub fn reconciled_check(
    stream: &FundingStream,
    date: NaiveDate,
    balance: Money,
) -> NewBalanceCheck {
    NewBalanceCheck {
        date,
        payee: "Reconciled".into(),
        note: Some("balance agreed with the bank statement".into()),
        tags: vec![
            ("stream".into(), stream.id.clone()),
            (RECONCILED_TAG.into(), "yes".into()),
        ],
        account: stream.account(),
        balance,
    }
}

/// What [`reconcile_and_record`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileOutcome {
    /// The comparison after any entries were marked cleared.
    pub reconciliation: Reconciliation,
    /// Lines (in the main journal, as they were) of the entries marked cleared.
    pub cleared_lines: Vec<u32>,
    /// A balance check was added.
    pub recorded: bool,
}

/// Mark the main journal's entries at `clear` (header lines) cleared, compare with the
/// statement, and when everything agrees add the balance check. Returns the main journal's
/// new text when anything changed.
pub fn reconcile_and_record(
    journals: &[Journal],
    stream: &FundingStream,
    date: NaiveDate,
    statement: Money,
    clear: &[u32],
    check_tags: &[(String, String)],
) -> Result<(Option<String>, ReconcileOutcome), String> {
    let account = stream.account();
    let main = &journals[0];
    let mut indexes = Vec::new();
    for &line in clear {
        let Some(ti) = main.transactions().iter().position(|t| t.line == line) else {
            return Err(format!(
                "no entry starts at line {line} of ledger.journal; use the numbers in the ID column of careledger reconcile"
            ));
        };
        let tx = &main.transactions()[ti];
        if tx.date > date {
            return Err(format!(
                "the entry at line {line} is dated {}, after the statement date {date}; it belongs to a later statement",
                tx.date
            ));
        }
        let on_account = main
            .postings(tx)
            .iter()
            .any(|p| main.account_name(p.account) == account);
        if !on_account {
            return Err(format!(
                "the entry at line {line} ({}) does not move money in or out of {account}",
                main.payee(tx)
            ));
        }
        if tx.status != Status::Cleared {
            indexes.push(ti);
        }
    }
    indexes.sort_unstable();
    indexes.dedup();
    let mut changed: Option<Journal> = None;
    for &ti in &indexes {
        let current = changed.as_ref().unwrap_or(main);
        let text = current.with_status(ti, Status::Cleared);
        changed = Some(Journal::parse(text).map_err(|e| {
            format!("marking an entry cleared would leave ledger.journal unreadable ({e})")
        })?);
    }
    let mut all: Vec<Journal> = Vec::with_capacity(journals.len());
    all.push(changed.clone().unwrap_or_else(|| main.clone()));
    all.extend(journals[1..].iter().cloned());
    let reconciliation = reconcile(&all, &account, date, statement);
    let mut text = changed.map(|j| j.text().to_string());
    let recorded = reconciliation.can_record() && !reconciliation.already_recorded;
    if recorded {
        let mut check = reconciled_check(stream, date, statement);
        check.tags.extend(check_tags.iter().cloned());
        let check = NewEntry::BalanceCheck(check);
        text = Some(all[0].with_appended_entries(std::slice::from_ref(&check)));
    }
    let cleared_lines = indexes
        .iter()
        .map(|&ti| main.transactions()[ti].line)
        .collect();
    Ok((
        text,
        ReconcileOutcome {
            reconciliation,
            cleared_lines,
            recorded,
        },
    ))
}

/// Which entries a balance check covers. A balance assertion records a balance someone
/// agreed with the bank; changing an entry on that account dated on or before it would make
/// the records disagree with the bank, so such entries are shown as locked and editing one
/// asks first.
#[derive(Debug, Clone, Default)]
pub struct Locks {
    /// The latest date each account's balance was checked.
    checked: HashMap<String, NaiveDate>,
    /// Checks that cover an account and all its subaccounts (`=*`).
    inclusive: Vec<(String, NaiveDate)>,
}

impl Locks {
    pub fn of(journals: &[Journal]) -> Locks {
        let mut locks = Locks::default();
        for j in journals {
            for tx in j.transactions() {
                for p in j.postings(tx) {
                    let Some(a) = j.assertion(tx, p) else {
                        continue;
                    };
                    let name = j.account_name(p.account).to_string();
                    if a.inclusive {
                        locks.inclusive.push((name, tx.date));
                    } else {
                        let d = locks.checked.entry(name).or_insert(tx.date);
                        *d = (*d).max(tx.date);
                    }
                }
            }
        }
        locks
    }

    /// The date of the latest balance check covering `tx`, if one does: `tx` moves money on
    /// a checked account and is dated on or before the check.
    pub fn locked_by(&self, j: &Journal, tx: &Transaction) -> Option<NaiveDate> {
        j.postings(tx)
            .iter()
            .filter_map(|p| {
                let name = j.account_name(p.account);
                let own = self.checked.get(name).copied();
                let parent = self
                    .inclusive
                    .iter()
                    .filter(|(a, _)| {
                        name.strip_prefix(a.as_str())
                            .is_some_and(|r| r.is_empty() || r.starts_with(':'))
                    })
                    .map(|(_, d)| *d)
                    .max();
                own.max(parent)
            })
            .filter(|&checked| tx.date <= checked)
            .max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACC: &str = "assets:direct-payment:social-care";

    fn journal(extra: &str) -> Journal {
        Journal::parse(format!(
            "2026-04-01 * Council\n    {ACC}  £1000.00\n    income:social-care\n\n\
             2026-04-03 Mary Jones\n    expenses:pa-wages  £200.00\n    {ACC}\n\n\
             2026-04-05 ! Taxi\n    expenses:travel  £12.40\n    {ACC}\n\n\
             2026-04-20 Shop\n    expenses:food  £30.00\n    {ACC}\n{extra}"
        ))
        .unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn cleared_balance_counts_only_cleared_entries_up_to_the_date() {
        let j = journal("");
        let r = reconcile(std::slice::from_ref(&j), ACC, d("2026-04-10"), m("787.60"));
        assert_eq!(r.cleared, m("1000"));
        assert_eq!(r.total, m("787.60"));
        assert_eq!(r.difference, m("-212.40"));
        assert_eq!(r.uncleared.len(), 2);
        assert_eq!(r.combinations, vec![vec![0, 1]]);
        assert!(!r.can_record());
    }

    #[test]
    fn an_unexplained_difference_has_no_combination() {
        let j = journal("");
        let r = reconcile(std::slice::from_ref(&j), ACC, d("2026-04-10"), m("900.00"));
        assert!(r.combinations.is_empty());
    }

    #[test]
    fn many_entries_are_searched_for_small_sets() {
        let mut text = format!("2026-04-01 * Council\n    {ACC}  £5000.00\n    income:x\n");
        for k in 1..=40 {
            text.push_str(&format!(
                "\n2026-04-02 Shop {k}\n    expenses:x  £{k}.01\n    {ACC}\n"
            ));
        }
        let j = Journal::parse(text).unwrap();
        let r = reconcile(std::slice::from_ref(&j), ACC, d("2026-04-30"), m("4974.97"));
        // 25.03 out: three entries of x.01 adding to 25.03, e.g. 1.01 + 2.01 + 22.01.
        assert!(!r.combinations.is_empty());
        for set in &r.combinations {
            let sum: Money = set.iter().map(|&k| r.uncleared[k].amount).sum();
            assert_eq!(sum, r.difference);
        }
    }

    #[test]
    fn clearing_and_recording_touch_only_those_lines() {
        let j = journal("");
        let stream: FundingStream = toml::from_str(
            "id = \"social-care\"\nfunder = \"C\"\nkind = \"social-care\"\nmanagement = \"direct-payment\"\n\
             schedule = \"monthly\"\namount = \"1000\"\nfirst_payment = 2026-04-01\n",
        )
        .unwrap();
        let (text, out) = reconcile_and_record(
            std::slice::from_ref(&j),
            &stream,
            d("2026-04-10"),
            m("787.60"),
            &[5, 9],
            &[],
        )
        .unwrap();
        let text = text.unwrap();
        assert!(out.recorded, "{out:?}");
        assert_eq!(out.cleared_lines, [5, 9]);
        let expected_start = j
            .text()
            .replace("2026-04-03 Mary", "2026-04-03 * Mary")
            .replace("2026-04-05 ! Taxi", "2026-04-05 * Taxi");
        assert!(text.starts_with(&expected_start), "{text}");
        assert!(
            text.ends_with(&format!(
                "2026-04-10 * Reconciled | balance agreed with the bank statement\n    ; stream: social-care\n    ; reconciled: yes\n    {ACC}       £0.00 = £787.60\n    {ACC}       £0.00\n"
            )),
            "{text}"
        );
        let after = Journal::parse(text).unwrap();
        assert!(super::super::journal::check_assertions(std::slice::from_ref(&after)).is_empty());
        let again = reconcile(
            std::slice::from_ref(&after),
            ACC,
            d("2026-04-10"),
            m("787.60"),
        );
        assert!(again.already_recorded && again.can_record());

        let locks = Locks::of(std::slice::from_ref(&after));
        let txs = after.transactions();
        assert_eq!(locks.locked_by(&after, &txs[1]), Some(d("2026-04-10")));
        assert_eq!(
            locks.locked_by(&after, &txs[3]),
            None,
            "dated after the check"
        );

        let e = reconcile_and_record(
            std::slice::from_ref(&j),
            &stream,
            d("2026-04-10"),
            m("1"),
            &[6],
            &[],
        )
        .unwrap_err();
        assert!(e.contains("line 6"), "{e}");
        let e = reconcile_and_record(
            std::slice::from_ref(&j),
            &stream,
            d("2026-04-10"),
            m("1"),
            &[13],
            &[],
        )
        .unwrap_err();
        assert!(e.contains("after the statement date"), "{e}");
    }
}
