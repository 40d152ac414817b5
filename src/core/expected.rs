//! Expected payments: what each direct-payment stream's schedule says should arrive in the
//! plan period, matched against the money the journal shows arriving, so that a late or short
//! payment is noticed within days rather than at the year-end return.
//!
//! What is listed:
//! - Every funder payment that **counts towards the plan period** (see [`schedule`]): the
//!   payments that fund this year. 4-weekly payments from 1 April 2026 land 14 times by
//!   31 March 2027, but the 14th, dated 2027-03-31, pays for 27 days of the next year, so it
//!   is **not** listed here: it belongs to next year's list, and listing it would make this
//!   year's expected total (13 payments) disagree with the budget the plan is funded with.
//!   If that payment does arrive on 31 March it shows under "money received that matches no
//!   expected payment", so nothing that came in is hidden.
//! - The holder's **client contribution** as its own line beside each funder payment, matched
//!   only against money from `income:client-contribution`.
//! - Only **direct payments**: notional and third-party money is held by the funder or a
//!   provider and never arrives in the holder's account, so there is nothing to watch for.
//!
//! How a payment is matched: a receipt is money paid into the stream's account from an
//! `income:` account, dated no later than today. A receipt matches an expected payment when it
//! is dated from [`MATCH_EARLY_DAYS`] (7) days before to [`MATCH_LATE_DAYS`] (14) days after
//! the due date; of those, the nearest to the due date wins (the earlier one on a tie), and
//! payments choose in date order, each receipt matching at most one payment. The window is
//! narrower than the shortest gap between two payments (28 days), so one payment cannot take
//! another's money. Funders pay early before bank holidays and sometimes a few days late; a
//! receipt further out than that is shown as unmatched rather than guessed at.
//!
//! Statuses: **received** (in full, or more), **short** (less than due), **late** (nothing has
//! arrived and more than [`LATE_AFTER_DAYS`] (7) days have passed since the due date), **due**
//! (the due date has passed but the week's grace has not) and **upcoming** (not due yet).

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::alert::{Alert, AlertKind, Severity};
use super::journal::Journal;
use super::money::Money;
use super::plan::{Management, Plan};
use super::role::{Income, Role, roles};
use super::schedule::{self};
use super::settings::Settings;
use super::words::long_date;

/// A receipt up to this many days before the due date can match the payment.
pub const MATCH_EARLY_DAYS: u64 = 7;
/// A receipt up to this many days after the due date can match the payment.
pub const MATCH_LATE_DAYS: u64 = 14;
/// A payment with nothing received this many days after its due date is late.
pub const LATE_AFTER_DAYS: u64 = 7;

/// Who an expected payment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// The funder (council, NHS, education).
    Funder,
    /// The holder's own contribution, paid in alongside the funder's money.
    ClientContribution,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PaymentStatus {
    Received,
    Short,
    Late,
    Due,
    Upcoming,
}

impl PaymentStatus {
    pub fn word(self) -> &'static str {
        match self {
            PaymentStatus::Received => "received",
            PaymentStatus::Short => "short",
            PaymentStatus::Late => "late",
            PaymentStatus::Due => "due",
            PaymentStatus::Upcoming => "upcoming",
        }
    }
}

/// Money that arrived in a stream's account from an income account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    pub date: NaiveDate,
    pub amount: Money,
    pub payee: String,
    /// Line of the entry in its journal.
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedPayment {
    pub stream: String,
    pub source: Source,
    /// Who pays, in words: the funder's name, or "client contribution".
    pub from: String,
    pub due: NaiveDate,
    pub amount: Money,
    /// The days the payment pays for: `covers_from` to `covers_to`, both included.
    pub covers_from: NaiveDate,
    pub covers_to: NaiveDate,
    pub status: PaymentStatus,
    pub received: Option<Receipt>,
    /// Received less due: negative when short, zero when exact.
    pub difference: Money,
}

/// A receipt no expected payment claimed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unmatched {
    pub stream: String,
    pub source: Source,
    #[serde(flatten)]
    pub receipt: Receipt,
    /// It matches a scheduled payment made in this period that pays for the next one (the
    /// 31 March 4-weekly payment): it counts in the next plan year's budget.
    pub funds_next_period: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedPayments {
    pub as_of: NaiveDate,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    /// Due date order (funder before contribution on the same day), stream by stream.
    pub payments: Vec<ExpectedPayment>,
    /// Receipts in the plan period that match no expected payment.
    pub unmatched: Vec<Unmatched>,
    /// Streams not watched because their money never reaches the holder's account.
    pub not_watched: Vec<String>,
}

impl ExpectedPayments {
    pub fn count(&self, status: PaymentStatus) -> usize {
        self.payments.iter().filter(|p| p.status == status).count()
    }
}

/// The expected payments for every direct-payment stream of the plan, as of `today`.
pub fn compute(
    plan: &Plan,
    journals: &[Journal],
    settings: &Settings,
    today: NaiveDate,
) -> ExpectedPayments {
    let period = plan.period;
    let receipts = receipts(plan, journals, settings, today);
    let mut payments = Vec::new();
    let mut unmatched = Vec::new();
    let mut not_watched = Vec::new();
    for (si, s) in plan.streams.iter().enumerate() {
        if s.management != Management::DirectPayment {
            not_watched.push(s.id.clone());
            continue;
        }
        for source in [Source::Funder, Source::ClientContribution] {
            let mut pool: Vec<(Receipt, bool)> = receipts
                .get(&(si, source))
                .map(|r| r.iter().map(|r| (r.clone(), false)).collect())
                .unwrap_or_default();
            for p in schedule::payments_for_period(&s.terms(), &period) {
                let amount = match source {
                    Source::Funder => p.amount,
                    Source::ClientContribution => p.contribution,
                };
                if !amount.is_positive() {
                    continue;
                }
                let received = take_nearest(&mut pool, p.date);
                let status = match &received {
                    Some(r) if r.amount >= amount => PaymentStatus::Received,
                    Some(_) => PaymentStatus::Short,
                    None if today > p.date + Days::new(LATE_AFTER_DAYS) => PaymentStatus::Late,
                    None if today >= p.date => PaymentStatus::Due,
                    None => PaymentStatus::Upcoming,
                };
                payments.push(ExpectedPayment {
                    stream: s.id.clone(),
                    source,
                    from: match source {
                        Source::Funder => s.funder.clone(),
                        Source::ClientContribution => "client contribution".to_string(),
                    },
                    due: p.date,
                    amount,
                    covers_from: p.covers_from,
                    covers_to: p.covers_until.pred_opt().unwrap_or(p.covers_until),
                    difference: received.as_ref().map_or(Money::ZERO, |r| r.amount - amount),
                    status,
                    received,
                });
            }
            // Payments made in the period that pay for the next one: what an early receipt
            // for next year matches.
            let mut advance: Vec<(Receipt, bool)> = Vec::new();
            let next: Vec<NaiveDate> = schedule::payments_until(&s.terms(), period.end)
                .into_iter()
                .filter(|p| period.contains(p.date) && !schedule::funds(&s.terms(), p, &period))
                .filter(|p| match source {
                    Source::Funder => p.amount.is_positive(),
                    Source::ClientContribution => p.contribution.is_positive(),
                })
                .map(|p| p.date)
                .collect();
            let left: Vec<(Receipt, bool)> = pool
                .into_iter()
                .filter(|(r, used)| !used && period.contains(r.date))
                .collect();
            advance.extend(left);
            for due in next {
                take_nearest(&mut advance, due);
            }
            unmatched.extend(advance.into_iter().map(|(receipt, next)| Unmatched {
                stream: s.id.clone(),
                source,
                receipt,
                funds_next_period: next,
            }));
        }
    }
    // Stream by stream (plan order), then by date, funder before contribution.
    let order: HashMap<&str, usize> = plan
        .streams
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    payments.sort_by_key(|p| (order.get(p.stream.as_str()).copied(), p.due, p.source));
    unmatched.sort_by_key(|u| (order.get(u.stream.as_str()).copied(), u.receipt.date));
    ExpectedPayments {
        as_of: today,
        period_start: period.start,
        period_end: period.end,
        payments,
        unmatched,
        not_watched,
    }
}

/// The unused receipt nearest to `due` inside the matching window, marked used.
fn take_nearest(pool: &mut [(Receipt, bool)], due: NaiveDate) -> Option<Receipt> {
    let earliest = due - Days::new(MATCH_EARLY_DAYS);
    let latest = due + Days::new(MATCH_LATE_DAYS);
    let best = pool
        .iter()
        .enumerate()
        .filter(|(_, (r, used))| !used && r.date >= earliest && r.date <= latest)
        .min_by_key(|(_, (r, _))| ((r.date - due).num_days().abs(), r.date))
        .map(|(i, _)| i)?;
    pool[best].1 = true;
    Some(pool[best].0.clone())
}

/// Money paid into each direct-payment stream's account from income accounts, dated up to
/// `today`, by (stream index, source), in date order. A single entry that carries both the
/// funder's money and a contribution gives one receipt of each.
fn receipts(
    plan: &Plan,
    journals: &[Journal],
    settings: &Settings,
    today: NaiveDate,
) -> HashMap<(usize, Source), Vec<Receipt>> {
    let mut out: HashMap<(usize, Source), Vec<Receipt>> = HashMap::new();
    for j in journals {
        let roles = roles(plan, settings, j);
        for tx in j.transactions() {
            if tx.date > today {
                continue;
            }
            let postings = j.postings(tx);
            let mut stream = None;
            let mut into_stream = Money::ZERO;
            let mut from_funder = Money::ZERO;
            let mut from_holder = Money::ZERO;
            for p in postings {
                match roles[p.account.0 as usize] {
                    Role::Stream(s) if stream.is_none_or(|t| t == s) => {
                        stream = Some(s);
                        into_stream += p.amount;
                    }
                    Role::Income(Income::Contribution) => from_holder -= p.amount,
                    Role::Income(Income::Funder) => from_funder -= p.amount,
                    _ => {}
                }
            }
            let Some(s) = stream else { continue };
            if plan.streams[s].management != Management::DirectPayment || !into_stream.is_positive()
            {
                continue;
            }
            // Share what came in between the contribution and the funder's money.
            let holder = from_holder.max(Money::ZERO).min(into_stream);
            let funder = from_funder.max(Money::ZERO).min(into_stream - holder);
            for (source, amount) in [
                (Source::ClientContribution, holder),
                (Source::Funder, funder),
            ] {
                if amount.is_positive() {
                    out.entry((s, source)).or_default().push(Receipt {
                        date: tx.date,
                        amount,
                        payee: j.payee(tx).to_string(),
                        line: tx.line,
                    });
                }
            }
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|r| r.date);
    }
    out
}

/// Alerts for late and short payments, in plain words.
pub fn alerts(plan: &Plan, expected: &ExpectedPayments) -> Vec<Alert> {
    let mut out = Vec::new();
    for p in &expected.payments {
        let label = plan
            .stream(&p.stream)
            .map_or(p.stream.as_str(), |s| s.label());
        let what = match p.source {
            Source::Funder => format!("{}'s payment", p.from),
            Source::ClientContribution => "The client contribution".to_string(),
        };
        match (p.status, &p.received) {
            (PaymentStatus::Late, _) => out.push(Alert {
                kind: AlertKind::LatePayment,
                severity: Severity::Warning,
                message: match p.source {
                    Source::Funder => format!(
                        "{what} of {} due on {} has not arrived in the {label} account. Check the bank statement, then ask {} about it.",
                        p.amount,
                        long_date(p.due),
                        p.from
                    ),
                    Source::ClientContribution => format!(
                        "{what} of {} due on {} has not been paid into the {label} account.",
                        p.amount,
                        long_date(p.due)
                    ),
                },
                lines: Vec::new(),
            }),
            (PaymentStatus::Short, Some(r)) => out.push(Alert {
                kind: AlertKind::ShortPayment,
                severity: Severity::Warning,
                message: format!(
                    "{what} of {} due on {} came in {} short: {} arrived on {}.",
                    p.amount,
                    long_date(p.due),
                    (p.amount - r.amount),
                    r.amount,
                    long_date(r.date)
                ),
                lines: vec![r.line],
            }),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn plan_with(stream: &str) -> Plan {
        plan::parse(&format!(
            "[holder]\nname = \"Test\"\n[period]\nstart = 2026-04-01\nend = 2027-03-31\n[[streams]]\nid = \"sc\"\nfunder = \"Westdale Council\"\nkind = \"social-care\"\nmanagement = \"direct-payment\"\nfirst_payment = 2026-04-01\n{stream}\n"
        ))
        .unwrap()
        .plan
    }

    fn run(plan: &Plan, journal: &str, today: &str) -> ExpectedPayments {
        let j = Journal::parse(journal.to_string()).unwrap();
        compute(plan, &[j], &Settings::default(), d(today))
    }

    fn dates(e: &ExpectedPayments) -> Vec<NaiveDate> {
        e.payments.iter().map(|p| p.due).collect()
    }

    #[test]
    fn four_weekly_lists_the_13_payments_that_fund_the_year_not_the_14th() {
        let plan = plan_with("schedule = \"4-weekly\"\namount = \"1000.00\"");
        let e = run(&plan, "", "2026-03-01");
        // 1 April 2026 + 12 x 28 days = 3 March 2027 is the 13th. The 14th, on 31 March
        // 2027, pays for 31 March to 27 April 2027: 1 day of this year and 27 of the next,
        // so it belongs to next year's list.
        assert_eq!(e.payments.len(), 13);
        assert_eq!(e.payments[0].due, d("2026-04-01"));
        assert_eq!(e.payments[0].covers_to, d("2026-04-28"));
        assert_eq!(e.payments[12].due, d("2027-03-03"));
        assert!(!dates(&e).contains(&d("2027-03-31")));
        let total: Money = e.payments.iter().map(|p| p.amount).sum();
        assert_eq!(total, m("13000.00"));
        assert!(
            e.payments
                .iter()
                .all(|p| p.status == PaymentStatus::Upcoming)
        );
    }

    #[test]
    fn monthly_from_a_weekly_rate_pays_the_days_in_each_month() {
        let plan = plan_with("schedule = \"monthly\"\nweekly_rate = \"150.00\"");
        let e = run(&plan, "", "2026-03-01");
        assert_eq!(e.payments.len(), 12);
        let on = |date: &str| e.payments.iter().find(|p| p.due == d(date)).unwrap().amount;
        assert_eq!(on("2027-01-01"), m("664.29")); // 150 x 31 / 7 = 664.2857...
        assert_eq!(on("2026-04-01"), m("642.86")); // 150 x 30 / 7 = 642.857...
        assert_eq!(on("2027-02-01"), m("600.00")); // 150 x 28 / 7
    }

    #[test]
    fn quarterly_payments_fall_every_three_months() {
        let plan = plan_with("schedule = \"quarterly\"\namount = \"2500.00\"");
        let e = run(&plan, "", "2026-03-01");
        assert_eq!(
            dates(&e),
            [
                d("2026-04-01"),
                d("2026-07-01"),
                d("2026-10-01"),
                d("2027-01-01")
            ]
        );
        assert_eq!(e.payments[2].covers_to, d("2026-12-31"));
    }

    /// Quarterly £2,500 with a £100 contribution each quarter. As of 15 October 2026:
    /// - 1 April: £2,500 arrived 3 April (received), contribution £100 on 1 April (received);
    /// - 1 July: £2,400 arrived 1 July (short by £100); contribution never paid (late);
    /// - 1 October: nothing yet, 14 days on (late); contribution paid 30 September, 1 day early.
    const QUARTERS: &str = "\
2026-04-01 * Me | contribution
    assets:direct-payment:sc  £100.00
    income:client-contribution

2026-04-03 * Westdale Council
    assets:direct-payment:sc  £2500.00
    income:sc

2026-07-01 * Westdale Council
    assets:direct-payment:sc  £2400.00
    income:sc

2026-09-30 * Me | contribution
    assets:direct-payment:sc  £100.00
    income:client-contribution

2026-10-02 * Refund from a shop
    assets:direct-payment:sc  £9.00
    expenses:equipment
";

    fn quarterly_with_contribution() -> Plan {
        plan_with(
            "schedule = \"quarterly\"\namount = \"2500.00\"\nclient_contribution = \"100.00\"",
        )
    }

    #[test]
    fn late_short_due_and_upcoming_payments() {
        let plan = quarterly_with_contribution();
        let e = run(&plan, QUARTERS, "2026-10-15");
        let row = |due: &str, source: Source| {
            e.payments
                .iter()
                .find(|p| p.due == d(due) && p.source == source)
                .unwrap()
        };
        use PaymentStatus::*;
        assert_eq!(row("2026-04-01", Source::Funder).status, Received);
        assert_eq!(
            row("2026-04-01", Source::Funder)
                .received
                .as_ref()
                .unwrap()
                .date,
            d("2026-04-03")
        );
        assert_eq!(
            row("2026-04-01", Source::ClientContribution).status,
            Received
        );
        let july = row("2026-07-01", Source::Funder);
        assert_eq!((july.status, july.difference), (Short, m("-100.00")));
        assert_eq!(row("2026-07-01", Source::ClientContribution).status, Late);
        assert_eq!(row("2026-10-01", Source::Funder).status, Late);
        assert_eq!(
            row("2026-10-01", Source::ClientContribution).status,
            Received
        );
        assert_eq!(row("2027-01-01", Source::Funder).status, Upcoming);
        // The refund is not income, so it is neither a receipt nor unmatched.
        assert!(e.unmatched.is_empty(), "{:?}", e.unmatched);

        // Three days after the due date it is due, not yet late.
        let e = run(&plan, QUARTERS, "2026-10-04");
        let oct = e
            .payments
            .iter()
            .find(|p| p.due == d("2026-10-01") && p.source == Source::Funder)
            .unwrap();
        assert_eq!(oct.status, Due);
    }

    #[test]
    fn late_and_short_payments_become_alerts_in_plain_words() {
        let plan = quarterly_with_contribution();
        let e = run(&plan, QUARTERS, "2026-10-15");
        let a = alerts(&plan, &e);
        let messages: Vec<&str> = a.iter().map(|a| a.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Westdale Council's payment of £2,500.00 due on 1 July 2026 came in £100.00 short: £2,400.00 arrived on 1 July 2026.",
                "The client contribution of £100.00 due on 1 July 2026 has not been paid into the sc account.",
                "Westdale Council's payment of £2,500.00 due on 1 October 2026 has not arrived in the sc account. Check the bank statement, then ask Westdale Council about it.",
            ]
        );
        assert_eq!(a[0].kind, AlertKind::ShortPayment);
        assert_eq!(a[0].lines, [9]);
        assert_eq!(a[2].kind, AlertKind::LatePayment);
    }

    #[test]
    fn receipts_outside_the_window_or_in_the_future_are_not_matched() {
        let plan = plan_with("schedule = \"quarterly\"\namount = \"2500.00\"");
        // 20 days late: outside the 14-day window, so shown as unmatched and the payment late.
        let j = "2026-04-21 * Westdale Council\n    assets:direct-payment:sc  £2500.00\n    income:sc\n\n2026-07-01 * Westdale Council\n    assets:direct-payment:sc  £2500.00\n    income:sc\n";
        let e = run(&plan, j, "2026-06-30");
        assert_eq!(e.payments[0].status, PaymentStatus::Late);
        assert_eq!(e.unmatched.len(), 1);
        assert_eq!(e.unmatched[0].receipt.date, d("2026-04-21"));
        // The July entry is dated after "today": planned, not received.
        assert_eq!(e.payments[1].status, PaymentStatus::Upcoming);
    }

    #[test]
    fn nearest_receipt_wins_and_each_is_used_once() {
        let plan = plan_with("schedule = \"monthly\"\namount = \"500.00\"");
        let j = "2026-04-01 * C\n    assets:direct-payment:sc  £500.00\n    income:sc\n\n2026-04-04 * C\n    assets:direct-payment:sc  £500.00\n    income:sc\n";
        let e = run(&plan, j, "2026-05-20");
        assert_eq!(
            e.payments[0].received.as_ref().unwrap().date,
            d("2026-04-01")
        );
        // The second receipt is 27 days before 1 May: outside the window.
        assert_eq!(e.payments[1].status, PaymentStatus::Late);
        assert_eq!(e.unmatched.len(), 1);
    }

    #[test]
    fn notional_streams_are_not_watched() {
        let plan = plan::parse("[holder]\nname = \"T\"\n[period]\nstart = 2026-04-01\nend = 2027-03-31\n[[streams]]\nid = \"nhs\"\nfunder = \"NHS\"\nkind = \"health\"\nmanagement = \"notional\"\nschedule = \"yearly\"\namount = \"3000\"\nfirst_payment = 2026-04-01\n").unwrap().plan;
        let e = run(&plan, "", "2026-10-15");
        assert!(e.payments.is_empty());
        assert_eq!(e.not_watched, ["nhs"]);
    }
}
