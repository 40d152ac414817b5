//! Pay day and paying HMRC: each one entry, written the way every entry is (under the
//! holder's lock, on a fresh read, checked, atomically; see `app::entries`).

use super::entries::Saved;
use super::{AppError, Result, Session};
use crate::core::employer::payroll::{self, PayDay, PayDayTotals};
use crate::core::entry::{EntryIds, Place};
use crate::core::journal::Journal;
use crate::core::money::Money;
use crate::store::HolderFiles;

/// A pay day written: the entry, and what it came to.
#[derive(Debug, Clone)]
pub struct PaidDay {
    pub saved: Saved,
    pub totals: PayDayTotals,
    /// What the stream owes HMRC now, this pay day included.
    pub owed_now: Money,
}

fn refused(problems: Vec<String>) -> AppError {
    AppError::Refused(format!("{}; nothing was written", problems.join("; ")))
}

fn last(j: &Journal) -> Option<usize> {
    j.transactions().len().checked_sub(1)
}

impl Session {
    /// Record a pay day: one entry paying the employee, the pension and the fee from the
    /// stream, with the income tax and NI owed to HMRC.
    pub fn record_payroll(&self, files: &HolderFiles, day: &PayDay) -> Result<PaidDay> {
        let plan = &files.plan.plan;
        let (mut tx, totals) = day.build(plan).map_err(refused)?;
        tx.tags.extend(self.author_tags());
        let ((), written, undo) = self.change_main(
            files,
            |journals| Ok((Some(journals[0].with_appended(&tx)), ())),
            |(), written| super::team::appended("recorded pay day:", written),
        )?;
        let stream = plan
            .streams
            .iter()
            .position(|s| tx.tags.iter().any(|(n, v)| n == "stream" && *v == s.id));
        let owed_now = stream.map_or(Money::ZERO, |s| {
            payroll::hmrc_owed(plan, &written.journals, tx.date.max(self.today))[s]
        });
        let ids = EntryIds::of(&written.journals);
        let entry = last(&written.journals[0]).map(|index| ids.id(Place { journal: 0, index }));
        Ok(PaidDay {
            saved: Saved {
                files: files.with_journals(written),
                entry,
                written: Some(tx),
                before: None,
                undo,
            },
            totals,
            owed_now,
        })
    }

    /// Record a payment to HMRC of what pay days left owing. More than the stream owes
    /// (by the records read afresh) is refused.
    pub fn pay_hmrc(
        &self,
        files: &HolderFiles,
        date: &str,
        amount: &str,
        stream: Option<&str>,
    ) -> Result<Saved> {
        let plan = &files.plan.plan;
        let mut tx = payroll::hmrc_payment(plan, date, amount, stream).map_err(refused)?;
        tx.tags.extend(self.author_tags());
        let paid = tx.postings[0].amount.unwrap_or_default();
        let s = plan
            .streams
            .iter()
            .position(|s| s.account() == tx.postings[1].account)
            .unwrap_or(0);
        let ((), written, undo) = self.change_main(files, |journals| {
            // Everything owed, whenever the pay days were: a payment may be dated before
            // the last of them.
            let owed = payroll::hmrc_owed(plan, journals, chrono::NaiveDate::MAX)[s];
            if paid > owed {
                return Err(AppError::Refused(format!(
                    "the records show {owed} owed to HMRC from {}, less than {paid}; nothing was written. Record the pay days first, or check the amount",
                    plan.streams[s].label()
                )));
            }
            Ok((Some(journals[0].with_appended(&tx)), ()))
        }, |(), written| super::team::appended("recorded", written))?;
        let ids = EntryIds::of(&written.journals);
        let entry = last(&written.journals[0]).map(|index| ids.id(Place { journal: 0, index }));
        Ok(Saved {
            files: files.with_journals(written),
            entry,
            written: Some(tx),
            before: None,
            undo,
        })
    }
}
