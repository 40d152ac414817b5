//! Checking balance assertions across journals, in date order, as hledger does.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use chrono::NaiveDate;

use crate::core::money::Money;

use super::{Assertion, Journal, JournalError, WordHasher};

/// Check every balance assertion (`account  £X = £Y`) the way hledger does: transactions in
/// date order (ties in file order), each assertion against the account's running balance just
/// after its posting. Returns the failures as (journal index, error).
pub fn check_assertions(journals: &[Journal]) -> Vec<(usize, JournalError)> {
    // 12 bytes an entry (indices fit in u32: a journal holds at most 256 MiB of text).
    let mut order: Vec<(NaiveDate, u32, u32)> = Vec::new();
    for (ji, j) in journals.iter().enumerate() {
        order.extend(
            j.transactions
                .iter()
                .enumerate()
                .map(|(ti, t)| (t.date, ji as u32, ti as u32)),
        );
    }
    order.sort_unstable();
    // Every journal's accounts numbered together, so running balances live in one array
    // indexed through each journal's own account ids, with no lookup by name per posting.
    let mut names: Vec<&str> = Vec::new();
    let mut numbered: HashMap<&str, usize, BuildHasherDefault<WordHasher>> = HashMap::default();
    let global: Vec<Vec<usize>> = journals
        .iter()
        .map(|j| {
            j.accounts
                .iter()
                .map(|a| {
                    *numbered.entry(a.as_str()).or_insert_with(|| {
                        names.push(a.as_str());
                        names.len() - 1
                    })
                })
                .collect()
        })
        .collect();
    let mut balances = vec![Money::ZERO; names.len()];
    let mut failures = Vec::new();
    for (_, ji, ti) in order {
        let (ji, ti) = (ji as usize, ti as usize);
        let j = &journals[ji];
        let tx = &j.transactions[ti];
        for p in j.postings(tx) {
            let g = global[ji][p.account.0 as usize];
            balances[g] += p.amount;
            let Some(Assertion {
                amount: expected,
                inclusive,
            }) = j.assertion(tx, p)
            else {
                continue;
            };
            let name = names[g];
            let bal = if inclusive {
                names
                    .iter()
                    .zip(&balances)
                    .filter(|(a, _)| {
                        a.strip_prefix(name)
                            .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
                    })
                    .map(|(_, m)| *m)
                    .sum()
            } else {
                balances[g]
            };
            if expected != bal {
                failures.push((ji, JournalError {
                    line: p.line as usize,
                    column: 1,
                    message: format!(
                        "balance assertion failed: {} is {} here, not {expected} (a difference of {})",
                        name,
                        bal,
                        bal - expected
                    ),
                }));
            }
        }
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::tests::j;

    #[test]
    fn inclusive_assertions_count_subaccounts() {
        let j = j(
            "2026-01-01 x\n    a  £1\n    b\n\n2026-01-02 y\n    a:x  £2\n    b\n\n\
            2026-01-03 z\n    a  £0 =* £3\n    a  £0 = £1\n    b\n",
        );
        assert!(check_assertions(std::slice::from_ref(&j)).is_empty());
        let bad = Journal::parse(j.text().replace("=* £3", "=* £1")).unwrap();
        let failures = check_assertions(std::slice::from_ref(&bad));
        assert_eq!(failures.len(), 1);
        assert!(
            failures[0].1.message.contains("is £3.00 here"),
            "{:?}",
            failures[0]
        );
    }

    #[test]
    fn balance_assertions_are_checked_in_date_order() {
        // Written out of order: the assertion on 2 April holds once 1 April is counted first.
        let ok =
            j("2026-04-02 x\n    a  £5.00 = £15.00\n    b\n\n2026-04-01 y\n    a  £10.00\n    b\n");
        assert!(check_assertions(&[ok]).is_empty());
        let bad =
            j("2026-04-01 y\n    a  £10.00\n    b\n\n2026-04-02 x\n    a  £5.00 = £16.00\n    b\n");
        let f = check_assertions(&[bad]);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].1.line, 6);
        assert!(
            f[0].1.message.contains("a is £15.00 here, not £16.00"),
            "{}",
            f[0].1.message
        );
    }
}
