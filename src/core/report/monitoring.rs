//! The funder's monitoring return: for a holder and a span of dates, stream by stream, the
//! opening balance, money in by source, money out itemised by outcome with receipt references,
//! the closing balance, the bank balance last checked against a statement, the surplus against
//! the clawback threshold, spending outside the plan or in excluded categories, and a
//! declaration to sign. Rendered as plain text, Markdown, CSV (one row per item) and JSON.
//!
//! How the figures are found, so that `hledger bal` agrees:
//! - A **direct payment** stream is its bank account, `assets:direct-payment:<id>`. The opening
//!   balance is the account's balance from every entry dated before `from` (whatever plan
//!   period it belongs to), as `hledger bal -e FROM` gives it; money in and out are that
//!   account's postings dated `from` to `to`, both included; the closing balance is opening plus
//!   in less out, as `hledger bal -e TO+1day` gives it. Entries dated after today are included
//!   when the dates ask for them: the return reports the journal, and says so.
//! - Money in is split by what it came from: an `income:client-contribution` posting is the
//!   holder's contribution, any `income:` posting other than that and `income:other` is the
//!   funder's payment, an `expenses:` posting below zero is a refund, and anything else
//!   (`income:other`, a transfer, an opening balance) is "other money in". Money out likewise: spending (to `expenses:`), repaid to the funder (to
//!   `income:`), or other money out (a transfer), which is flagged as outside the plan.
//! - A **notional** or **third-party** stream has no bank account of the holder's: the funder
//!   or provider holds the money. Its figures are commitments against the allocation: the
//!   opening figure is what the schedule funds for the plan period less what was committed from
//!   the plan's start to the day before `from`; money out is what was committed in the return's
//!   dates; the closing figure is what remains uncommitted. There is no bank balance and no
//!   surplus to claw back.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::core::accounts;
use crate::core::entry::{EntryIds, Place, Reversals};
use crate::core::journal::Journal;
use crate::core::money::Money;
use crate::core::plan::{ManagedBy, Management, Plan};
use crate::core::position::surplus_threshold;
use crate::core::printable::printable_string;
use crate::core::register::spending_lines;
use crate::core::role::{Income, Role, roles};
use crate::core::schedule;
use crate::core::settings::Settings;
use crate::core::words::{long_date, plural};

use super::csv::row as csv_row;
use super::markdown::text as md;
use crate::core::category::{self as categories, Category, Group};

/// The dates a return covers, both included, and the preset's name when one was used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: Option<String>,
}

impl ReturnPeriod {
    pub fn new(from: NaiveDate, to: NaiveDate) -> ReturnPeriod {
        ReturnPeriod {
            from,
            to,
            label: None,
        }
    }

    /// A UK financial year: `fy2026` (or `fy2026-27`) is 1 April 2026 to 31 March 2027.
    pub fn financial_year(start_year: i32) -> Option<ReturnPeriod> {
        Some(ReturnPeriod {
            from: NaiveDate::from_ymd_opt(start_year, 4, 1)?,
            to: NaiveDate::from_ymd_opt(start_year + 1, 3, 31)?,
            label: Some(format!(
                "financial year {start_year}-{:02}",
                (start_year + 1).rem_euclid(100)
            )),
        })
    }

    /// A quarter of the UK financial year that starts in April of `start_year`:
    /// q1 is April to June, q2 July to September, q3 October to December (all in
    /// `start_year`), and q4 January to March of the year after. So `2026-q4` is
    /// 1 January 2027 to 31 March 2027.
    pub fn quarter(start_year: i32, q: u32) -> Option<ReturnPeriod> {
        if !(1..=4).contains(&q) {
            return None;
        }
        let first_month = 4 + 3 * (q - 1); // 4, 7, 10, 13
        let (year, month) = if first_month > 12 {
            (start_year + 1, first_month - 12)
        } else {
            (start_year, first_month)
        };
        let from = NaiveDate::from_ymd_opt(year, month, 1)?;
        let to = from
            .checked_add_months(chrono::Months::new(3))?
            .pred_opt()?;
        Some(ReturnPeriod {
            from,
            to,
            label: Some(format!(
                "quarter {q} of financial year {start_year}-{:02}",
                (start_year + 1).rem_euclid(100),
            )),
        })
    }

    /// Read a preset: `fy2026`, `fy2026-27` (financial years, April to March) or `2026-q1` to
    /// `2026-q4` (quarters of the financial year starting April 2026; see [`Self::quarter`]).
    pub fn preset(text: &str) -> Result<ReturnPeriod, String> {
        let t = text.trim().to_ascii_lowercase();
        let bad = || {
            format!(
                "\"{text}\" is not a period careledger knows; use fy2026 for the financial year \
                 1 April 2026 to 31 March 2027, or 2026-q1 to 2026-q4 for its quarters \
                 (q1 is April to June)"
            )
        };
        let year = |s: &str| -> Option<i32> {
            (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        if let Some(rest) = t.strip_prefix("fy") {
            let (y, next) = match rest.split_once(['-', '/']) {
                Some((y, n)) => (y, Some(n)),
                None => (rest, None),
            };
            let y = year(y).ok_or_else(bad)?;
            if let Some(n) = next {
                let ok = match n.len() {
                    2 => n.parse::<i32>().ok() == Some((y + 1).rem_euclid(100)),
                    4 => n.parse::<i32>().ok() == Some(y + 1),
                    _ => false,
                };
                if !ok {
                    return Err(format!(
                        "\"{text}\": a financial year runs from April of one year to March of the next, e.g. fy{y}-{:02}",
                        (y + 1).rem_euclid(100)
                    ));
                }
            }
            return ReturnPeriod::financial_year(y).ok_or_else(bad);
        }
        if let Some((y, q)) = t.split_once("-q") {
            let y = year(y).ok_or_else(bad)?;
            let q: u32 = q.parse().map_err(|_| bad())?;
            return ReturnPeriod::quarter(y, q).ok_or_else(bad);
        }
        Err(bad())
    }
}

/// Why a return could not be made, with what to do instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    #[error(
        "the return would start on {from} but end earlier, on {to}; give a --from on or before --to"
    )]
    Backwards { from: NaiveDate, to: NaiveDate },
    #[error("the plan has no funding stream \"{id}\"; use one of: {known}")]
    NoSuchStream { id: String, known: String },
    #[error(
        "the plan has no funding streams yet, so there is nothing to return; add one to plan.toml"
    )]
    NoStreams,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonitoringReturn {
    pub holder: HolderInfo,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub period_label: Option<String>,
    pub prepared_on: NaiveDate,
    pub streams: Vec<StreamReturn>,
    /// Things the reader should know about the figures, in sentences.
    pub notes: Vec<String>,
    pub declaration: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HolderInfo {
    pub id: String,
    pub name: String,
    pub references: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamReturn {
    pub id: String,
    pub name: String,
    pub funder: String,
    pub management: Management,
    pub held_by: Option<String>,
    /// Direct payments: the account balance before `from`. Notional and third-party: the
    /// allocation not yet committed before `from`.
    pub opening_balance: Money,
    pub money_in: MoneyIn,
    pub total_in: Money,
    pub total_out: Money,
    pub closing_balance: Money,
    /// Money out, date order.
    pub items: Vec<Item>,
    /// Money in, date order.
    pub money_in_items: Vec<InItem>,
    /// Money out by outcome (then spending not linked to the plan, repayments, transfers).
    pub by_outcome: Vec<OutcomeTotal>,
    /// Money out by the headings councils ask for (see `core::category`), then repayments and
    /// transfers; only groups with payments.
    pub by_category: Vec<CategoryTotal>,
    /// Entries in the return's dates that move no money but have files attached: balance
    /// checks with their bank statements.
    pub statements: Vec<Statement>,
    pub items_without_receipt: usize,
    pub bank_balance: Option<BankBalance>,
    /// Direct payments: money committed at the period's end, and what is left after it.
    pub committed: Option<Committed>,
    pub surplus: Option<Surplus>,
    pub commitments: Option<Commitments>,
    pub outside_plan: Vec<Flagged>,
    pub outside_plan_total: Money,
    pub excluded: Vec<Flagged>,
    pub excluded_total: Money,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MoneyIn {
    pub funder_payments: Money,
    pub client_contributions: Money,
    pub refunds: Money,
    pub other: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum InSource {
    FunderPayment,
    ClientContribution,
    Refund,
    Other,
}

impl InSource {
    pub fn words(self) -> &'static str {
        match self {
            InSource::FunderPayment => "funder payment",
            InSource::ClientContribution => "client contribution",
            InSource::Refund => "refund",
            InSource::Other => "other money in",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutKind {
    /// Paid to an `expenses:` account.
    Spending,
    /// Paid back to the funder (to an `income:` account).
    Repayment,
    /// Moved out some other way, e.g. to another account.
    Other,
}

impl OutKind {
    pub fn words(self) -> &'static str {
        match self {
            OutKind::Spending => "spending",
            OutKind::Repayment => "repaid to funder",
            OutKind::Other => "other money out",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InItem {
    /// The entry's ID (as `careledger list` shows it).
    pub id: String,
    pub date: NaiveDate,
    pub payee: String,
    pub note: Option<String>,
    pub source: InSource,
    pub amount: Money,
    pub receipt: Option<String>,
    /// Files attached to the entry (`evidence:` tags), relative to the holder's evidence folder.
    pub evidence: Vec<String>,
    pub line: u32,
}

/// One payment out of the stream.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// The entry's ID (as `careledger list` shows it).
    pub id: String,
    pub date: NaiveDate,
    pub payee: String,
    pub note: Option<String>,
    /// Money out, as a positive amount.
    pub amount: Money,
    pub kind: OutKind,
    /// The `outcome:` tag, whether or not the plan has that outcome.
    pub outcome: Option<String>,
    /// The outcome's title when the plan has it.
    pub outcome_title: Option<String>,
    pub receipt: Option<String>,
    /// The expense account without `expenses:`, e.g. `pa-wages`.
    pub category: Option<String>,
    /// The heading councils ask for (PA wages, HMRC, ...), for spending; see `core::category`.
    pub payment_group: Option<Group>,
    /// The excluded category it falls in, if any.
    pub excluded: Option<String>,
    pub outside_plan: bool,
    /// Files attached to the entry (`evidence:` tags), relative to the holder's evidence folder.
    pub evidence: Vec<String>,
    /// Line of the entry in its journal.
    pub line: u32,
    /// Index into the stream's `by_outcome`.
    #[serde(skip)]
    pub group: usize,
    /// Index into the stream's `by_category`.
    #[serde(skip)]
    pub category_group: usize,
}

/// Money out by the groups councils ask for, then repayments and transfers.
#[derive(Debug, Clone, Serialize)]
pub struct CategoryTotal {
    /// The group's key (`pa-wages`, ... `other`), or `repaid` / `moved` for money out that
    /// is not spending.
    pub key: String,
    pub title: String,
    pub count: usize,
    pub total: Money,
    /// The group, for spending (a layout may label it its own way).
    #[serde(skip)]
    pub group: Option<Group>,
}

impl CategoryTotal {
    /// The group's title as `layout` labels it.
    pub fn title_in(&self, layout: &super::layout::Layout) -> String {
        self.group
            .map_or_else(|| self.title.clone(), |g| layout.label(g))
    }
}

/// A balance check (or another entry that moves no money) with files attached.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub id: String,
    pub date: NaiveDate,
    pub payee: String,
    pub evidence: Vec<String>,
}

/// Money already committed at the end of the period: payments out of the account dated in
/// the [`RETURN_DUE_DAYS`] after it (the last wages, the quarter's HMRC bill), and the
/// plan's contingency; what is left of the closing balance after them is what the surplus
/// is worked out from.
#[derive(Debug, Clone, Serialize)]
pub struct Committed {
    /// The last day counted (the period's end plus [`RETURN_DUE_DAYS`]).
    pub until: NaiveDate,
    pub items: Vec<Item>,
    pub total: Money,
    /// The plan's `[budget] contingency`, held back in this stream (the plan's first direct
    /// payment); zero elsewhere.
    pub contingency: Money,
    /// Closing balance less committed money and contingency.
    pub available: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeTotal {
    /// The outcome id; none for spending not linked to an outcome, repayments and transfers.
    pub outcome: Option<String>,
    pub title: String,
    pub in_plan: bool,
    pub count: usize,
    pub total: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct BankBalance {
    /// The date of the latest balance assertion on or before the return's end.
    pub date: NaiveDate,
    /// Whether that check is dated the period's last day (else it is the nearest before).
    pub at_period_end: bool,
    pub amount: Money,
    /// Closing balance less the bank balance: money moved after the statement date.
    pub difference: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Surplus {
    pub threshold_weeks: u32,
    pub weekly_equivalent: Money,
    pub threshold: Money,
    /// How far the balance left after committed money and contingency is above the
    /// threshold (zero when it is not).
    pub over: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Commitments {
    /// What the schedule funds over the plan period.
    pub allocation: Money,
    pub committed_before: Money,
    pub committed_in_return: Money,
    pub remaining: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct Flagged {
    pub date: NaiveDate,
    pub payee: String,
    pub amount: Money,
    pub reason: String,
    pub line: u32,
}

/// What one transaction did to one stream's account.
struct Movement<'a> {
    j: &'a Journal,
    /// The entry's ID, as shown.
    id: String,
    tx: &'a crate::core::journal::Transaction,
    net: Money,
    from_holder: Money,
    from_funder: Money,
    expenses: Money,
    category: Option<&'a str>,
    excluded: Option<&'a str>,
    /// A reversal whose entry was before the return: the date of that entry. Its money is
    /// listed as spending taken back, not as a refund.
    reverses: Option<NaiveDate>,
}

/// Make the return for `period`, for one stream or (with `stream` None) every stream.
pub fn compute(
    holder_id: &str,
    plan: &Plan,
    journals: &[Journal],
    settings: &Settings,
    period: &ReturnPeriod,
    stream: Option<&str>,
    today: NaiveDate,
) -> Result<MonitoringReturn, ReturnError> {
    let (from, to) = (period.from, period.to);
    if to < from {
        return Err(ReturnError::Backwards { from, to });
    }
    if plan.streams.is_empty() {
        return Err(ReturnError::NoStreams);
    }
    let chosen: Vec<usize> = match stream {
        None => (0..plan.streams.len()).collect(),
        Some(id) => match plan.streams.iter().position(|s| s.id == id) {
            Some(i) => vec![i],
            None => {
                return Err(ReturnError::NoSuchStream {
                    id: id.to_string(),
                    known: plan
                        .streams
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        },
    };

    // Every movement of every stream account, in date order (file order within a day).
    let mut moves: Vec<Vec<Movement>> = plan.streams.iter().map(|_| Vec::new()).collect();
    // The latest balance assertion on or before `to`, per stream.
    let mut asserted: Vec<Option<(NaiveDate, Money)>> = vec![None; plan.streams.len()];
    // Files attached to balance checks in the return's dates (bank statements), per stream.
    let mut statements: Vec<Vec<Statement>> = plan.streams.iter().map(|_| Vec::new()).collect();
    let ids = EntryIds::of(journals);
    // Payments in the weeks after the end are read too: they are the money committed at it.
    let until = to + chrono::Duration::days(RETURN_DUE_DAYS);
    let reversals = Reversals::of(journals, &ids);
    for (ji, j) in journals.iter().enumerate() {
        let roles = roles(plan, settings, j);
        for (ti, tx) in j.transactions().iter().enumerate() {
            if tx.date > until {
                continue;
            }
            // A surplus returned to the funder after the period (`year new --return-surplus`)
            // is the year's balance going back, not money committed at its end.
            if tx.date > to
                && j.postings(tx).iter().any(|p| {
                    j.account_name(p.account)
                        .starts_with(crate::core::accounts::RETURNED)
                })
            {
                continue;
            }
            // An entry and its reversal, both in the return, net to nothing: neither is
            // listed (the balances are the same either way, as each undoes the other).
            let here = Place {
                journal: ji,
                index: ti,
            };
            let partner = reversals
                .partner(here)
                .map(|p| (p, journals[p.journal].transactions()[p.index].date));
            if let Some((_, on)) = partner
                && tx.date >= from
                && on >= from
                && on <= to
            {
                continue;
            }
            let reverses = partner
                .filter(|_| reversals.is_reversal(here))
                .map(|(_, on)| on)
                .filter(|on| *on < from);
            let postings = j.postings(tx);
            let mut nets: Vec<(usize, Money)> = Vec::new();
            let (mut from_holder, mut from_funder, mut expenses) =
                (Money::ZERO, Money::ZERO, Money::ZERO);
            let (mut category, mut excluded) = (None, None);
            for p in postings {
                match roles[p.account.0 as usize] {
                    Role::Stream(s) => {
                        match nets.iter_mut().find(|(t, _)| *t == s) {
                            Some((_, n)) => *n += p.amount,
                            None => nets.push((s, p.amount)),
                        }
                        if let Some(a) = j.assertion(tx, p).map(|a| a.amount)
                            && tx.date <= to
                            && asserted[s].is_none_or(|(d, _)| d <= tx.date)
                        {
                            asserted[s] = Some((tx.date, a));
                        }
                    }
                    Role::Income(Income::Contribution) => from_holder -= p.amount,
                    Role::Income(Income::Funder) => from_funder -= p.amount,
                    Role::Expense { .. } => {
                        expenses += p.amount;
                        let name = j.account_name(p.account);
                        category.get_or_insert(accounts::category_of(name).unwrap_or(name));
                        if excluded.is_none() {
                            excluded = settings.excluded_category(name);
                        }
                    }
                    _ => {}
                }
            }
            for (s, net) in nets {
                if net.is_zero() {
                    let evidence: Vec<String> = j
                        .tags(tx)
                        .filter(|(n, v)| *n == EVIDENCE_TAG && !v.is_empty())
                        .map(|(_, v)| v.to_string())
                        .collect();
                    if (from..=to).contains(&tx.date) && !evidence.is_empty() {
                        statements[s].push(Statement {
                            id: ids.shown(Place {
                                journal: ji,
                                index: ti,
                            }),
                            date: tx.date,
                            payee: j.payee(tx).to_string(),
                            evidence,
                        });
                    }
                    continue;
                }
                moves[s].push(Movement {
                    j,
                    id: ids.shown(Place {
                        journal: ji,
                        index: ti,
                    }),
                    tx,
                    net,
                    from_holder,
                    from_funder,
                    expenses,
                    category,
                    excluded,
                    reverses,
                });
            }
        }
    }

    // The categories on offer, for the heading each payment falls under (see core::category).
    let offered = categories::offered(&[&plan.categories, &settings.categories], journals);
    let mut streams = Vec::with_capacity(chosen.len());
    for &si in &chosen {
        let s = &plan.streams[si];
        let direct = s.management == Management::DirectPayment;
        let list = &mut moves[si];
        list.sort_by_key(|m| m.tx.date);
        let after_end = list.partition_point(|m| m.tx.date <= to);
        let Built {
            before,
            committed_before,
            money_in,
            in_items,
            mut items,
        } = build_items(plan, settings, &offered, &list[..after_end], from);
        let later = build_items(
            plan,
            settings,
            &offered,
            &list[after_end..],
            to.succ_opt().unwrap_or(to),
        );
        let total_in: Money = in_items.iter().map(|i| i.amount).sum();
        let total_out: Money = items.iter().map(|i| i.amount).sum();
        let allocation = schedule::money_for_period(&s.terms(), &plan.period);
        let opening_balance = if direct {
            before
        } else {
            allocation - committed_before
        };
        let closing_balance = opening_balance + total_in - total_out;
        let committed = direct.then(|| {
            let items: Vec<Item> = later
                .items
                .into_iter()
                .filter(|i| i.kind != OutKind::Repayment)
                .collect();
            let total: Money = items.iter().map(|i| i.amount).sum();
            let first_direct = plan
                .streams
                .iter()
                .position(|s| s.management == Management::DirectPayment);
            let contingency = if first_direct == Some(si) {
                plan.budget.contingency.unwrap_or(Money::ZERO)
            } else {
                Money::ZERO
            };
            Committed {
                until,
                items,
                total,
                contingency,
                available: closing_balance - total - contingency,
            }
        });
        let available = committed.as_ref().map_or(closing_balance, |c| c.available);

        let by_outcome = group_by_outcome(plan, &s.id, &mut items);
        let by_category = group_by_category(&mut items);
        let outside_plan: Vec<Flagged> = items
            .iter()
            .filter(|i| i.outside_plan)
            .map(|i| Flagged {
                date: i.date,
                payee: i.payee.clone(),
                amount: i.amount,
                reason: match (&i.kind, &i.outcome) {
                    (OutKind::Other, _) => {
                        "money moved out of the account, not spent on the plan".to_string()
                    }
                    (_, Some(o)) => format!("the outcome \"{o}\" is not in the plan"),
                    (_, None) => "not linked to an outcome in the plan".to_string(),
                },
                line: i.line,
            })
            .collect();
        let excluded: Vec<Flagged> = items
            .iter()
            .filter_map(|i| {
                Some(Flagged {
                    date: i.date,
                    payee: i.payee.clone(),
                    amount: i.amount,
                    reason: format!(
                        "{}, which funders usually do not allow",
                        i.excluded.as_ref()?
                    ),
                    line: i.line,
                })
            })
            .collect();
        let surplus = (direct && s.surplus_threshold_weeks > 0).then(|| {
            let threshold = surplus_threshold(s, &plan.period);
            Surplus {
                threshold_weeks: s.surplus_threshold_weeks,
                weekly_equivalent: schedule::weekly_equivalent(&s.terms(), &plan.period),
                threshold,
                over: (available - threshold).max(Money::ZERO),
            }
        });
        streams.push(StreamReturn {
            id: s.id.clone(),
            name: s.label().to_string(),
            funder: s.funder.clone(),
            management: s.management,
            held_by: s.held_by.clone(),
            opening_balance,
            total_in,
            total_out,
            closing_balance,
            items_without_receipt: items
                .iter()
                .filter(|i| i.kind == OutKind::Spending && i.receipt.is_none())
                .count(),
            bank_balance: asserted[si]
                .filter(|_| direct)
                .map(|(date, amount)| BankBalance {
                    date,
                    at_period_end: date == to,
                    amount,
                    difference: closing_balance - amount,
                }),
            committed,
            surplus,
            commitments: (!direct).then(|| Commitments {
                allocation,
                committed_before,
                committed_in_return: total_out - total_in,
                remaining: closing_balance,
            }),
            outside_plan_total: outside_plan.iter().map(|f| f.amount).sum(),
            outside_plan,
            excluded_total: excluded.iter().map(|f| f.amount).sum(),
            excluded,
            money_in,
            money_in_items: in_items,
            items,
            by_outcome,
            by_category,
            statements: std::mem::take(&mut statements[si]),
        });
    }

    let mut notes = Vec::new();
    if to > today {
        notes.push(format!(
            "This return runs past today ({}): entries dated after today are planned, not yet made.",
            long_date(today)
        ));
    }
    for st in streams.iter().filter(|s| s.commitments.is_some()) {
        notes.push(format!(
            "{} is held by {}, not in a bank account of the holder's: its figures are money committed against the allocation for the plan period ({} to {}).",
            st.name,
            st.held_by.as_deref().unwrap_or(&st.funder),
            long_date(plan.period.start),
            long_date(plan.period.end)
        ));
    }
    let declaration = declaration(plan, &streams, from, to);
    Ok(MonitoringReturn {
        holder: HolderInfo {
            id: holder_id.to_string(),
            name: plan.holder.name.clone(),
            references: plan.holder.references.clone(),
        },
        from,
        to,
        period_label: period.label.clone(),
        prepared_on: today,
        streams,
        notes,
        declaration,
    })
}

/// What a run of one stream's movements (date order) comes to: the balance before `from`,
/// and from `from` on, the money in and the payments out, item by item. Every item of the
/// return is built here.
struct Built {
    before: Money,
    committed_before: Money,
    money_in: MoneyIn,
    in_items: Vec<InItem>,
    items: Vec<Item>,
}

fn build_items(
    plan: &Plan,
    settings: &Settings,
    offered: &[Category],
    list: &[Movement],
    from: NaiveDate,
) -> Built {
    let mut before = Money::ZERO;
    let mut committed_before = Money::ZERO;
    let mut money_in = MoneyIn::default();
    let mut in_items = Vec::new();
    let mut items = Vec::new();
    for m in list {
        if m.tx.date < from {
            before += m.net;
            if m.tx.date >= plan.period.start {
                committed_before -= m.net;
            }
            continue;
        }
        let (j, tx) = (m.j, m.tx);
        let payee = j.payee(tx).to_string();
        let note = j.note(tx).map(str::to_string);
        let receipt = j.tag(tx, "receipt").map(str::to_string);
        let evidence: Vec<String> = j
            .tags(tx)
            .filter(|(n, v)| *n == EVIDENCE_TAG && !v.is_empty())
            .map(|(_, v)| v.to_string())
            .collect();
        // Line by line when the stream's money is all spending: a split entry, or a
        // reversal of spending from before the return.
        let lines = spending_lines(j, tx);
        let all_spending = lines.iter().map(|l| l.amount).sum::<Money>() == -m.net;
        if all_spending && (m.reverses.is_some() || lines.len() > 1) {
            items.extend(spending_items(
                plan, settings, offered, m, &payee, &note, &receipt, &evidence,
            ));
            continue;
        }
        if m.net.is_positive() {
            let mut rest = m.net;
            let mut share = |offered: Money| {
                let part = offered.max(Money::ZERO).min(rest);
                rest -= part;
                part
            };
            // The contribution is claimed first (it is the holder's own money), but the
            // funder's payment is listed first.
            let contribution = share(m.from_holder);
            let funder = share(m.from_funder);
            let refund = share(-m.expenses);
            let parts = [
                (InSource::FunderPayment, funder),
                (InSource::ClientContribution, contribution),
                (InSource::Refund, refund),
                (InSource::Other, rest),
            ];
            for (source, amount) in parts {
                if !amount.is_positive() {
                    continue;
                }
                *match source {
                    InSource::ClientContribution => &mut money_in.client_contributions,
                    InSource::FunderPayment => &mut money_in.funder_payments,
                    InSource::Refund => &mut money_in.refunds,
                    InSource::Other => &mut money_in.other,
                } += amount;
                in_items.push(InItem {
                    id: m.id.clone(),
                    date: tx.date,
                    payee: payee.clone(),
                    note: note.clone(),
                    source,
                    amount,
                    receipt: receipt.clone(),
                    evidence: evidence.clone(),
                    line: tx.line,
                });
            }
        } else {
            let mut rest = -m.net;
            let mut share = |offered: Money| {
                let part = offered.max(Money::ZERO).min(rest);
                rest -= part;
                part
            };
            let parts = [
                (OutKind::Spending, share(m.expenses)),
                (OutKind::Repayment, share(-(m.from_funder + m.from_holder))),
                (OutKind::Other, rest),
            ];
            for (kind, amount) in parts {
                if !amount.is_positive() {
                    continue;
                }
                let spending = kind == OutKind::Spending;
                let outcome = j.tag(tx, "outcome").filter(|_| spending);
                let title = outcome
                    .and_then(|o| plan.outcome(o))
                    .map(|o| o.title.clone());
                let category = m.category.filter(|_| spending);
                items.push(Item {
                    id: m.id.clone(),
                    date: tx.date,
                    payee: payee.clone(),
                    note: note.clone(),
                    amount,
                    kind,
                    outcome: outcome.map(str::to_string),
                    outside_plan: match kind {
                        OutKind::Spending => title.is_none(),
                        OutKind::Repayment => false,
                        // Paying HMRC the tax and NI that pay days left owing: spent on
                        // the plan on the pay day, paid now.
                        OutKind::Other => !pays_hmrc(j, tx),
                    },
                    outcome_title: title,
                    receipt: receipt.clone(),
                    payment_group: spending
                        .then(|| categories::group_of(offered, category.unwrap_or_default())),
                    category: category.map(str::to_string),
                    excluded: m.excluded.filter(|_| spending).map(str::to_string),
                    evidence: evidence.clone(),
                    line: tx.line,
                    group: 0,
                    category_group: 0,
                });
            }
        }
    }
    Built {
        before,
        committed_before,
        money_in,
        in_items,
        items,
    }
}

/// The tag that links an entry to a file in the holder's evidence folder.
pub const EVIDENCE_TAG: &str = "evidence";

/// Totals by the headings of `core::category` (in its order, only those with payments), then
/// repayments and transfers. Sets each item's `category_group`.
fn group_by_category(items: &mut [Item]) -> Vec<CategoryTotal> {
    type Key = (u8, &'static str, &'static str, Option<Group>);
    let key = |i: &Item| -> Key {
        match (i.kind, i.payment_group) {
            (OutKind::Spending, g) => {
                let g = g.unwrap_or(Group::Other);
                (g as u8, g.id(), g.label(), Some(g))
            }
            (OutKind::Repayment, _) => (100, "repaid", "Repaid to the funder", None),
            (OutKind::Other, _) => (101, "moved", "Other money out (not spending)", None),
        }
    };
    let mut keys: Vec<Key> = items.iter().map(key).collect();
    keys.sort();
    keys.dedup();
    let mut groups: Vec<CategoryTotal> = keys
        .iter()
        .map(|(_, k, t, g)| CategoryTotal {
            key: k.to_string(),
            title: t.to_string(),
            count: 0,
            total: Money::ZERO,
            group: *g,
        })
        .collect();
    for item in items.iter_mut() {
        let k = key(item);
        let at = keys.iter().position(|x| *x == k).unwrap_or(0);
        groups[at].count += 1;
        groups[at].total += item.amount;
        item.category_group = at;
    }
    groups
}

/// A movement's spending, one item a spending line: each line of a split entry with its own
/// outcome and category; and for a reversal of an entry before the return, each line taken
/// back (a negative amount: spending reduced, not a refund received).
#[allow(clippy::too_many_arguments)]
fn spending_items(
    plan: &Plan,
    settings: &Settings,
    offered: &[Category],
    m: &Movement,
    payee: &str,
    note: &Option<String>,
    receipt: &Option<String>,
    evidence: &[String],
) -> Vec<Item> {
    spending_lines(m.j, m.tx)
        .into_iter()
        .map(|l| {
            let title = l
                .outcome
                .and_then(|o| plan.outcome(o))
                .map(|o| o.title.clone());
            Item {
                id: m.id.clone(),
                date: m.tx.date,
                payee: payee.to_string(),
                note: match m.reverses {
                    Some(on) => Some(format!("reversal of the entry of {on}")),
                    None => note.clone(),
                },
                amount: l.amount,
                kind: OutKind::Spending,
                outcome: l.outcome.map(str::to_string),
                outside_plan: title.is_none(),
                outcome_title: title,
                receipt: receipt.clone(),
                payment_group: Some(categories::group_of(offered, l.category)),
                category: Some(l.category.to_string()),
                excluded: settings
                    .excluded_category(&accounts::expense(l.category))
                    .map(str::to_string),
                evidence: evidence.to_vec(),
                line: m.tx.line,
                group: 0,
                category_group: 0,
            }
        })
        .collect()
}

/// Totals by outcome: the plan's outcomes that fund from this stream or were spent on, in
/// plan order; then outcomes the plan lacks; then unlinked spending, repayments, transfers.
/// Sets each item's `group`.
fn group_by_outcome(plan: &Plan, stream: &str, items: &mut [Item]) -> Vec<OutcomeTotal> {
    let mut groups: Vec<OutcomeTotal> = plan
        .outcomes
        .iter()
        .filter(|o| {
            o.allocation.contains_key(stream)
                || items.iter().any(|i| i.outcome.as_deref() == Some(&o.id))
        })
        .map(|o| OutcomeTotal {
            outcome: Some(o.id.clone()),
            title: o.title.clone(),
            in_plan: true,
            count: 0,
            total: Money::ZERO,
        })
        .collect();
    const NOT_LINKED: &str = "Not linked to an outcome in the plan";
    const REPAID: &str = "Repaid to the funder";
    const MOVED: &str = "Other money out (not spending)";
    for item in items.iter_mut() {
        let (outcome, title, in_plan) = match (item.kind, &item.outcome) {
            (OutKind::Spending, Some(o)) => match plan.outcome(o) {
                Some(p) => (Some(o.clone()), p.title.clone(), true),
                None => (
                    Some(o.clone()),
                    format!("\"{o}\" (not an outcome in the plan)"),
                    false,
                ),
            },
            (OutKind::Spending, None) => (None, NOT_LINKED.to_string(), false),
            (OutKind::Repayment, _) => (None, REPAID.to_string(), false),
            (OutKind::Other, _) => (None, MOVED.to_string(), false),
        };
        let at = match groups
            .iter()
            .position(|g| g.outcome == outcome && g.title == title)
        {
            Some(at) => at,
            None => {
                groups.push(OutcomeTotal {
                    outcome,
                    title,
                    in_plan,
                    count: 0,
                    total: Money::ZERO,
                });
                groups.len() - 1
            }
        };
        groups[at].count += 1;
        groups[at].total += item.amount;
        item.group = at;
    }
    // Keep plan outcomes first, then the rest in the order listed above.
    let rank = |g: &OutcomeTotal| match g.title.as_str() {
        _ if g.in_plan => 0,
        NOT_LINKED => 2,
        REPAID => 3,
        MOVED => 4,
        _ => 1,
    };
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&i| (rank(&groups[i]), i));
    let mut new_index = vec![0; groups.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    for item in items.iter_mut() {
        item.group = new_index[item.group];
    }
    order.into_iter().map(|i| groups[i].clone()).collect()
}

fn declaration(plan: &Plan, streams: &[StreamReturn], from: NaiveDate, to: NaiveDate) -> String {
    let mut funders: Vec<&str> = Vec::new();
    for s in streams {
        if !funders.contains(&s.funder.as_str()) {
            funders.push(&s.funder);
        }
    }
    let funders = match funders.as_slice() {
        [] => "the funder".to_string(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    };
    let who = match plan.holder.managed_by {
        ManagedBy::Holder => format!("I, {}, confirm", plan.holder.name),
        _ => format!(
            "I confirm, as the person managing {}'s personal budget,",
            plan.holder.name
        ),
    };
    format!(
        "{who} that this return is a true and complete record of the personal budget money \
         from {} to {}; that the money was spent only on the support agreed in the care and \
         support plan; and that I have kept the receipts, invoices and bank statements for \
         every payment listed and will show them to {funders} if asked. I understand that money \
         not spent in line with the plan, or a surplus above the agreed limit, may have to be \
         paid back.",
        long_date(from),
        long_date(to)
    )
}

// ---------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------

pub(super) fn heading_period(r: &MonitoringReturn) -> String {
    let mut s = format!("{} to {}", long_date(r.from), long_date(r.to));
    if let Some(l) = &r.period_label {
        let _ = write!(s, " ({l})");
    }
    s
}

pub(super) fn references(r: &MonitoringReturn) -> Option<String> {
    (!r.holder.references.is_empty()).then(|| {
        r.holder
            .references
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// Labels for the opening and closing lines: a bank balance, or an allocation left.
pub(super) fn balance_words(st: &StreamReturn) -> (&'static str, &'static str) {
    if st.commitments.is_some() {
        (
            "Allocation not yet committed",
            "Allocation not yet committed",
        )
    } else {
        ("Opening balance", "Closing balance")
    }
}

/// The money-in lines. Notional and third-party money never arrives, so only refunds (and
/// anything unusual) are shown for it.
pub(super) fn in_lines(st: &StreamReturn) -> Vec<(String, Money)> {
    let mut v = Vec::new();
    if st.commitments.is_none() {
        v.push((
            format!("Payments from {}", st.funder),
            st.money_in.funder_payments,
        ));
        v.push((
            "Client contributions".into(),
            st.money_in.client_contributions,
        ));
    }
    v.push(("Refunds".into(), st.money_in.refunds));
    if !st.money_in.other.is_zero() {
        v.push(("Other money in".into(), st.money_in.other));
    }
    v
}

pub(super) fn bank_sentence(st: &StreamReturn, to: NaiveDate) -> Option<String> {
    if st.commitments.is_some() {
        return Some(format!(
            "No bank balance: {} holds this money.",
            st.held_by.as_deref().unwrap_or(&st.funder)
        ));
    }
    Some(match &st.bank_balance {
        None => format!(
            "No bank balance has been checked against a statement on or before {}; add a balance assertion to compare.",
            long_date(to)
        ),
        Some(b) if b.difference.is_zero() => format!(
            "Bank balance on {} (checked against the statement): {}. It matches the closing balance.",
            long_date(b.date),
            b.amount
        ),
        Some(b) => format!(
            "Bank balance on {} (checked against the statement): {}. Difference from the closing balance: {}{}.",
            long_date(b.date),
            b.amount,
            b.difference,
            if b.date < to {
                format!(", from entries after {}", long_date(b.date))
            } else {
                String::new()
            }
        ),
    })
}

/// Money committed at the period's end, in a sentence; `None` when there is none.
pub fn committed_sentence(st: &StreamReturn) -> Option<String> {
    let c = st.committed.as_ref()?;
    if c.total.is_zero() && c.contingency.is_zero() {
        return None;
    }
    let mut s = String::from("Committed at the end of the period: ");
    let mut parts = Vec::new();
    if !c.total.is_zero() {
        parts.push(format!(
            "{} paid out by {} ({})",
            c.total,
            long_date(c.until),
            plural(c.items.len() as i64, "payment")
        ));
    }
    if !c.contingency.is_zero() {
        parts.push(format!("a contingency of {}", c.contingency));
    }
    let _ = write!(
        s,
        "{}; {} is left after them.",
        parts.join(" and "),
        c.available
    );
    Some(s)
}

pub(super) fn surplus_sentence(st: &StreamReturn) -> Option<String> {
    let s = st.surplus.as_ref()?;
    let left = if st
        .committed
        .as_ref()
        .is_some_and(|c| !(c.total.is_zero() && c.contingency.is_zero()))
    {
        "the balance left after committed money"
    } else {
        "the closing balance"
    };
    Some(if s.over.is_positive() {
        format!(
            "Surplus: {left} is {} above the limit of {} of payments ({}, from {} a week). The funder may ask for it back.",
            s.over,
            plural(i64::from(s.threshold_weeks), "week"),
            s.threshold,
            s.weekly_equivalent
        )
    } else {
        format!(
            "Surplus: none. {} is within the limit of {} of payments ({}, from {} a week).",
            upper_first(left),
            plural(i64::from(s.threshold_weeks), "week"),
            s.threshold,
            s.weekly_equivalent
        )
    })
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn item_words(i: &Item) -> String {
    let mut s = format!("{}, {}, {}", long_date(i.date), i.payee, i.amount);
    if let Some(n) = &i.note {
        let _ = write!(s, ", {n}");
    }
    match &i.receipt {
        Some(r) => {
            let _ = write!(s, ", receipt {r}");
        }
        None if i.kind == OutKind::Spending => s.push_str(", no receipt"),
        None => {}
    }
    s
}

pub fn text(r: &MonitoringReturn) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Monitoring return: {} ({})", r.holder.name, r.holder.id);
    if let Some(refs) = references(r) {
        let _ = writeln!(s, "References: {refs}.");
    }
    let _ = writeln!(s, "Period: {}.", heading_period(r));
    let _ = writeln!(s, "Prepared on {}.", long_date(r.prepared_on));
    for n in &r.notes {
        let _ = writeln!(s, "Note: {n}");
    }
    for st in &r.streams {
        let (open, close) = balance_words(st);
        let _ = writeln!(
            s,
            "\n{} ({}): {}, {}",
            st.name,
            st.id,
            st.funder,
            st.management.describe()
        );
        let _ = writeln!(
            s,
            "  {open} on {}: {}.",
            long_date(r.from),
            st.opening_balance
        );
        if let Some(c) = &st.commitments {
            let _ = writeln!(
                s,
                "  Allocation for the plan period {}; committed before {}: {}.",
                c.allocation,
                long_date(r.from),
                c.committed_before
            );
        }
        let _ = writeln!(s, "  Money in:");
        for (label, m) in in_lines(st) {
            let _ = writeln!(s, "    {label}: {m}.");
        }
        let _ = writeln!(s, "  Total money in: {}.", st.total_in);
        if st.items.is_empty() {
            let _ = writeln!(s, "  Money out: none.");
        } else {
            let _ = writeln!(s, "  Money out by outcome:");
        }
        for (gi, g) in st.by_outcome.iter().enumerate() {
            let _ = writeln!(
                s,
                "    {}: {}, {}.",
                g.title,
                g.total,
                plural(g.count as i64, "payment")
            );
            for i in st.items.iter().filter(|i| i.group == gi) {
                let _ = writeln!(s, "      {}.", item_words(i));
            }
        }
        let _ = writeln!(s, "  Total money out: {}.", st.total_out);
        let _ = writeln!(
            s,
            "  {close} on {}: {}.",
            long_date(r.to),
            st.closing_balance
        );
        if let Some(b) = bank_sentence(st, r.to) {
            let _ = writeln!(s, "  {b}");
        }
        if let Some(c) = committed_sentence(st) {
            let _ = writeln!(s, "  {c}");
        }
        if let Some(x) = surplus_sentence(st) {
            let _ = writeln!(s, "  {x}");
        }
        if st.items_without_receipt > 0 {
            let _ = writeln!(
                s,
                "  {} without a receipt reference.",
                plural(st.items_without_receipt as i64, "payment")
            );
        }
        flagged_text(
            &mut s,
            "Spending outside the plan",
            &st.outside_plan,
            st.outside_plan_total,
        );
        flagged_text(
            &mut s,
            "Spending in excluded categories",
            &st.excluded,
            st.excluded_total,
        );
    }
    let _ = writeln!(s, "\nDeclaration");
    let _ = writeln!(s, "{}", r.declaration);
    let _ = writeln!(s, "\nSigned: ______________________________");
    let _ = writeln!(s, "Name: {}", r.holder.name);
    let _ = writeln!(s, "Date: ______________________________");
    printable_string(s)
}

fn flagged_text(s: &mut String, title: &str, list: &[Flagged], total: Money) {
    if list.is_empty() {
        let _ = writeln!(s, "  {title}: none.");
        return;
    }
    let _ = writeln!(
        s,
        "  {title}: {} ({total}):",
        plural(list.len() as i64, "payment")
    );
    for f in list {
        let _ = writeln!(
            s,
            "    {}, {}, {}: {}.",
            long_date(f.date),
            f.payee,
            f.amount,
            f.reason
        );
    }
}

pub fn markdown(r: &MonitoringReturn) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Monitoring return: {} ({})\n",
        md(&r.holder.name),
        md(&r.holder.id)
    );
    if let Some(refs) = references(r) {
        let _ = writeln!(s, "References: {}.  ", md(&refs));
    }
    let _ = writeln!(s, "Period: {}.  ", heading_period(r));
    let _ = writeln!(s, "Prepared on {}.", long_date(r.prepared_on));
    for n in &r.notes {
        let _ = writeln!(s, "\n> {}", md(n));
    }
    for st in &r.streams {
        let (open, close) = balance_words(st);
        let _ = writeln!(
            s,
            "\n## {} ({})\n\n{}, {}.\n",
            md(&st.name),
            st.id,
            md(&st.funder),
            st.management.describe()
        );
        let _ = writeln!(s, "| | Amount |\n|---|---:|");
        let _ = writeln!(
            s,
            "| {open} on {} | {} |",
            long_date(r.from),
            st.opening_balance
        );
        if let Some(c) = &st.commitments {
            let _ = writeln!(s, "| Allocation for the plan period | {} |", c.allocation);
            let _ = writeln!(
                s,
                "| Committed before {} | {} |",
                long_date(r.from),
                c.committed_before
            );
        }
        for (label, m) in in_lines(st) {
            let _ = writeln!(s, "| {} | {m} |", md(&label));
        }
        let _ = writeln!(s, "| Total money in | {} |", st.total_in);
        let _ = writeln!(s, "| Total money out | {} |", st.total_out);
        let _ = writeln!(
            s,
            "| {close} on {} | {} |",
            long_date(r.to),
            st.closing_balance
        );
        if let Some(b) = &st.bank_balance {
            let _ = writeln!(
                s,
                "| Bank balance on {} | {} |",
                long_date(b.date),
                b.amount
            );
            let _ = writeln!(
                s,
                "| Difference from the closing balance | {} |",
                b.difference
            );
        }
        if let Some(x) = &st.surplus {
            let _ = writeln!(
                s,
                "| Surplus limit ({} weeks) | {} |",
                x.threshold_weeks, x.threshold
            );
            let _ = writeln!(s, "| Above the surplus limit | {} |", x.over);
        }
        let _ = writeln!(s);
        if let Some(b) = bank_sentence(st, r.to) {
            let _ = writeln!(s, "{}\n", md(&b));
        }
        if let Some(c) = committed_sentence(st) {
            let _ = writeln!(s, "{}\n", md(&c));
        }
        if let Some(x) = surplus_sentence(st) {
            let _ = writeln!(s, "{}\n", md(&x));
        }
        if !st.money_in_items.is_empty() {
            let _ = writeln!(s, "### Money in\n");
            let _ = writeln!(s, "| Date | From | Source | Amount |\n|---|---|---|---:|");
            for i in &st.money_in_items {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} |",
                    long_date(i.date),
                    md(&i.payee),
                    i.source.words(),
                    i.amount
                );
            }
            let _ = writeln!(s);
        }
        let _ = writeln!(s, "### Money out by outcome\n");
        if st.items.is_empty() {
            let _ = writeln!(s, "None.\n");
        }
        for (gi, g) in st.by_outcome.iter().enumerate() {
            let _ = writeln!(
                s,
                "#### {}: {}, {}\n",
                md(&g.title),
                g.total,
                plural(g.count as i64, "payment")
            );
            if g.count == 0 {
                continue;
            }
            let _ = writeln!(
                s,
                "| Date | Payee | What for | Receipt | Amount |\n|---|---|---|---|---:|"
            );
            for i in st.items.iter().filter(|i| i.group == gi) {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} |",
                    long_date(i.date),
                    md(&i.payee),
                    md(i.note.as_deref().unwrap_or("")),
                    md(i.receipt.as_deref().unwrap_or("none")),
                    i.amount
                );
            }
            let _ = writeln!(s);
        }
        for (title, list, total) in [
            (
                "Spending outside the plan",
                &st.outside_plan,
                st.outside_plan_total,
            ),
            (
                "Spending in excluded categories",
                &st.excluded,
                st.excluded_total,
            ),
        ] {
            if list.is_empty() {
                let _ = writeln!(s, "**{title}**: none.\n");
                continue;
            }
            let _ = writeln!(
                s,
                "**{title}**: {} ({total}).\n",
                plural(list.len() as i64, "payment")
            );
            for f in list {
                let _ = writeln!(
                    s,
                    "- {}, {}, {}: {}.",
                    long_date(f.date),
                    md(&f.payee),
                    f.amount,
                    md(&f.reason)
                );
            }
            let _ = writeln!(s);
        }
    }
    let _ = writeln!(s, "\n## Declaration\n\n{}\n", md(&r.declaration));
    let _ = writeln!(s, "Signed: ______________________________  ");
    let _ = writeln!(s, "Name: {}  ", md(&r.holder.name));
    let _ = writeln!(s, "Date: ______________________________");
    printable_string(s)
}

/// The CSV header; one row per item follows, money in and money out, in date order.
pub const CSV_HEADER: [&str; 14] = [
    "holder",
    "stream",
    "date",
    "type",
    "payee",
    "description",
    "outcome",
    "outcome_title",
    "category",
    "receipt",
    "money_in",
    "money_out",
    "flag",
    "entry",
];

pub fn csv(r: &MonitoringReturn) -> String {
    let mut s = String::new();
    csv_row(&mut s, &CSV_HEADER);
    for st in &r.streams {
        // Merge money in and out in date order; on one day, money in first.
        let mut rows: Vec<(NaiveDate, u8, u32, Vec<String>)> = Vec::new();
        for i in &st.money_in_items {
            rows.push((
                i.date,
                0,
                i.line,
                vec![
                    r.holder.id.clone(),
                    st.id.clone(),
                    i.date.to_string(),
                    i.source.words().to_string(),
                    i.payee.clone(),
                    i.note.clone().unwrap_or_default(),
                    String::new(),
                    String::new(),
                    String::new(),
                    i.receipt.clone().unwrap_or_default(),
                    i.amount.plain(),
                    String::new(),
                    String::new(),
                    i.id.clone(),
                ],
            ));
        }
        for i in &st.items {
            let mut flags = Vec::new();
            if i.outside_plan {
                flags.push("outside the plan".to_string());
            }
            if let Some(e) = &i.excluded {
                flags.push(format!("excluded category: {e}"));
            }
            if i.kind == OutKind::Spending && i.receipt.is_none() {
                flags.push("no receipt".to_string());
            }
            rows.push((
                i.date,
                1,
                i.line,
                vec![
                    r.holder.id.clone(),
                    st.id.clone(),
                    i.date.to_string(),
                    i.kind.words().to_string(),
                    i.payee.clone(),
                    i.note.clone().unwrap_or_default(),
                    i.outcome.clone().unwrap_or_default(),
                    i.outcome_title.clone().unwrap_or_default(),
                    i.category.clone().unwrap_or_default(),
                    i.receipt.clone().unwrap_or_default(),
                    String::new(),
                    i.amount.plain(),
                    flags.join("; "),
                    i.id.clone(),
                ],
            ));
        }
        rows.sort_by_key(|(d, k, _, _)| (*d, *k));
        for (_, _, _, fields) in rows {
            let refs: Vec<&str> = fields.iter().map(String::as_str).collect();
            csv_row(&mut s, &refs);
        }
    }
    s
}

pub fn json(r: &MonitoringReturn) -> serde_json::Value {
    serde_json::to_value(r).unwrap_or(serde_json::Value::Null)
}

/// The financial year (April to March) a date falls in, by its starting year.
/// How long after a quarter ends its monitoring return is due. Funders set their own dates;
/// four weeks is the most common, and it is what careledger reminds about.
pub const RETURN_DUE_DAYS: i64 = 28;

/// The next monitoring return due on or after `today`: its due date and the quarter it
/// covers (financial-year quarters, each due [`RETURN_DUE_DAYS`] after it ends).
pub fn next_return(today: NaiveDate) -> Option<(NaiveDate, ReturnPeriod)> {
    let fy = financial_year_of(today);
    (fy - 1..=fy + 1)
        .flat_map(|y| (1..=4).filter_map(move |q| ReturnPeriod::quarter(y, q)))
        .map(|p| (p.to + chrono::Duration::days(RETURN_DUE_DAYS), p))
        .find(|(due, _)| *due >= today)
}

pub fn financial_year_of(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

/// Whether an entry pays HMRC what pay days left owing (`liabilities:hmrc`; see
/// `core::employer::payroll`).
fn pays_hmrc(j: &Journal, tx: &crate::core::journal::Transaction) -> bool {
    j.postings(tx)
        .iter()
        .any(|p| j.account_name(p.account) == crate::core::employer::payroll::HMRC)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_next_return_is_four_weeks_after_the_quarter() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let (due, p) = next_return(d("2026-10-15")).unwrap();
        assert_eq!(
            (due, p.from, p.to),
            (d("2026-10-28"), d("2026-07-01"), d("2026-09-30"))
        );
        let (due, p) = next_return(d("2026-10-29")).unwrap();
        assert_eq!((due, p.from), (d("2027-01-28"), d("2026-10-01")));
        let (due, _) = next_return(d("2027-03-20")).unwrap();
        assert_eq!(due, d("2027-04-28"));
    }

    #[test]
    fn financial_years_and_their_quarters() {
        let fy = ReturnPeriod::preset("fy2026").unwrap();
        assert_eq!((fy.from, fy.to), (d("2026-04-01"), d("2027-03-31")));
        assert_eq!(fy.label.as_deref(), Some("financial year 2026-27"));
        assert_eq!(ReturnPeriod::preset("FY2026-27").unwrap(), fy);
        assert_eq!(ReturnPeriod::preset("fy2026/2027").unwrap(), fy);
        assert!(ReturnPeriod::preset("fy2026-28").is_err());
        let q = |t: &str| {
            let p = ReturnPeriod::preset(t).unwrap();
            (p.from, p.to)
        };
        assert_eq!(q("2026-q1"), (d("2026-04-01"), d("2026-06-30")));
        assert_eq!(q("2026-q2"), (d("2026-07-01"), d("2026-09-30")));
        assert_eq!(q("2026-q3"), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(q("2026-q4"), (d("2027-01-01"), d("2027-03-31")));
        assert_eq!(
            ReturnPeriod::preset("2026-q2").unwrap().label.as_deref(),
            Some("quarter 2 of financial year 2026-27")
        );
        let e = ReturnPeriod::preset("2026-q5").unwrap_err();
        assert!(e.contains("q1 is April to June"), "{e}");
        assert!(ReturnPeriod::preset("q2").is_err());
        assert!(ReturnPeriod::preset("26-q2").is_err());
        assert_eq!(financial_year_of(d("2027-03-31")), 2026);
        assert_eq!(financial_year_of(d("2026-04-01")), 2026);
    }
}
