//! When a funding stream pays, how much, and which plan period each payment is for.
//!
//! Direct payments arrive in advance: a payment made on a date pays for the weeks that
//! follow it. A payment therefore *counts towards* the plan period in which most of the days
//! it pays for fall. The classic case: 4-weekly payments from 2026-04-01 land 14 times inside
//! the plan year 2026-04-01..2027-03-31, but the 14th, on 2027-03-31, pays for one day of this
//! year and 27 of the next, so it counts towards the next year: 13 payments fund the year.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::money::Money;
use super::text::de_date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum Schedule {
    #[serde(rename = "4-weekly")]
    FourWeekly,
    #[serde(rename = "monthly")]
    Monthly,
    #[serde(rename = "quarterly")]
    Quarterly,
    #[serde(rename = "yearly")]
    Yearly,
    #[serde(rename = "one-off")]
    OneOff,
}

impl Schedule {
    pub fn describe(self) -> &'static str {
        match self {
            Schedule::FourWeekly => "every 4 weeks",
            Schedule::Monthly => "monthly",
            Schedule::Quarterly => "quarterly",
            Schedule::Yearly => "yearly",
            Schedule::OneOff => "once",
        }
    }
}

/// A plan period: the dates a budget is for, the first and last day included. It is defined
/// here, not in the plan, because which period a payment counts towards is the schedule's
/// question, and the schedule knows nothing else of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    #[serde(deserialize_with = "de_date")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    pub end: NaiveDate,
}

impl Period {
    /// Days in the period, counting both the first and the last day.
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }
    /// Whether `d` is more than a year either side of the period: no plan year near this
    /// one counts it, so it is almost always a year typed wrong (2062 for 2026).
    pub fn is_far_from(&self, d: NaiveDate) -> bool {
        let year = chrono::Days::new(366);
        self.start
            .checked_sub_days(year)
            .is_some_and(|from| d < from)
            || self.end.checked_add_days(year).is_some_and(|to| d > to)
    }
    /// Days passed by the end of `today` (0 before the start, all of them after the end).
    pub fn days_elapsed(&self, today: NaiveDate) -> i64 {
        ((today - self.start).num_days() + 1).clamp(0, self.days())
    }
}

/// How a funding stream pays, as its entry in the plan says: all the schedule needs to know
/// of it (`FundingStream::terms` gives them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Terms {
    pub schedule: Schedule,
    /// Paid each time (for a monthly schedule, `weekly_rate` may be given instead).
    pub amount: Option<Money>,
    /// A weekly rate paid monthly: each month pays weekly rate x days in the month / 7.
    pub weekly_rate: Option<Money>,
    pub first_payment: NaiveDate,
    /// Paid in by the holder alongside each funder payment.
    pub client_contribution: Option<Money>,
}

/// One expected payment from a funder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payment {
    pub date: NaiveDate,
    /// From the funder.
    pub amount: Money,
    /// Paid in by the holder alongside it.
    pub contribution: Money,
    /// The days this payment pays for: from `covers_from` up to, not including, `covers_until`.
    pub covers_from: NaiveDate,
    pub covers_until: NaiveDate,
}

impl Payment {
    /// Does this payment count towards `period`? Yes when most of the days it pays for
    /// fall inside it (see the module note).
    pub fn counts_towards(&self, period: &Period) -> bool {
        let total = (self.covers_until - self.covers_from).num_days().max(1);
        let from = self.covers_from.max(period.start);
        let until = self.covers_until.min(period.end + Days::new(1));
        let inside = (until - from).num_days().max(0);
        inside * 2 > total
    }
}

/// A safety limit: no real schedule has this many payments in the span asked about.
const MAX_PAYMENTS: u32 = 5_000;

/// Every payment the stream makes from its first payment up to and including `until`.
pub fn payments_until(stream: &Terms, until: NaiveDate) -> Vec<Payment> {
    let mut out = Vec::new();
    for n in 0..MAX_PAYMENTS {
        let Some((date, next)) = nth(stream, n) else {
            break;
        };
        if date > until {
            break;
        }
        let amount = match (stream.amount, stream.weekly_rate) {
            (Some(a), _) => a,
            (None, Some(w)) => w.scale(Decimal::from((next - date).num_days()), Decimal::from(7)),
            (None, None) => Money::ZERO,
        };
        out.push(Payment {
            date,
            amount,
            contribution: stream.client_contribution.unwrap_or_default(),
            covers_from: date,
            covers_until: next,
        });
        if stream.schedule == Schedule::OneOff {
            break;
        }
    }
    out
}

/// The `n`th payment date (0-based) and the date the one after it would fall.
fn nth(stream: &Terms, n: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = stream.first_payment;
    let step = |k: u32| -> Option<NaiveDate> {
        match stream.schedule {
            Schedule::FourWeekly => first.checked_add_days(Days::new(28 * u64::from(k))),
            Schedule::Monthly => first.checked_add_months(Months::new(k)),
            Schedule::Quarterly => first.checked_add_months(Months::new(3 * k)),
            Schedule::Yearly => first.checked_add_months(Months::new(12 * k)),
            Schedule::OneOff => first.checked_add_days(Days::new(u64::from(k))),
        }
    };
    Some((step(n)?, step(n + 1)?))
}

/// The payments that fund `period` (made in it or just before, paying mostly for it).
pub fn payments_for_period(stream: &Terms, period: &Period) -> Vec<Payment> {
    payments_until(stream, period.end)
        .into_iter()
        .filter(|p| {
            stream.schedule == Schedule::OneOff && period.contains(p.date)
                || stream.schedule != Schedule::OneOff && p.counts_towards(period)
        })
        .collect()
}

/// What the funder pays for the period, plus the holder's own contributions.
pub fn money_for_period(stream: &Terms, period: &Period) -> Money {
    payments_for_period(stream, period)
        .iter()
        .map(|p| p.amount + p.contribution)
        .sum()
}

/// The funder's money for the period as a weekly figure, used for the surplus threshold.
pub fn weekly_equivalent(stream: &Terms, period: &Period) -> Money {
    let funder: Money = payments_for_period(stream, period)
        .iter()
        .map(|p| p.amount)
        .sum();
    funder.scale(Decimal::from(7), Decimal::from(period.days().max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn year() -> Period {
        Period {
            start: d("2026-04-01"),
            end: d("2027-03-31"),
        }
    }
    fn stream(schedule: Schedule, amount: &str) -> Terms {
        Terms {
            schedule,
            amount: Some(Money::parse(amount).unwrap()),
            weekly_rate: None,
            first_payment: d("2026-04-01"),
            client_contribution: None,
        }
    }

    #[test]
    fn four_weekly_in_advance_lands_14_times_but_funds_the_year_13_times() {
        let s = stream(Schedule::FourWeekly, "1000");
        let landed = payments_until(&s, year().end);
        assert_eq!(landed.len(), 14);
        assert_eq!(landed[1].date, d("2026-04-29"));
        let last = landed.last().unwrap();
        assert_eq!(last.date, d("2027-03-31"));
        // It pays for 2027-03-31 .. 2027-04-27: one day of this year, 27 of the next.
        assert_eq!(last.covers_until, d("2027-04-28"));
        assert!(!last.counts_towards(&year()));
        assert_eq!(payments_for_period(&s, &year()).len(), 13);
        assert_eq!(
            money_for_period(&s, &year()),
            Money::parse("13000").unwrap()
        );
    }

    #[test]
    fn monthly_from_a_weekly_rate_pays_for_the_days_in_each_month() {
        let mut s = stream(Schedule::Monthly, "0");
        s.amount = None;
        s.weekly_rate = Some(Money::parse("150").unwrap());
        let pays = payments_until(&s, year().end);
        assert_eq!(pays.len(), 12);
        let january = pays.iter().find(|p| p.date == d("2027-01-01")).unwrap();
        assert_eq!(january.amount, Money::parse("664.29").unwrap()); // 150 x 31 / 7
        let april = pays[0];
        assert_eq!(april.amount, Money::parse("642.86").unwrap()); // 150 x 30 / 7
        let february = pays.iter().find(|p| p.date == d("2027-02-01")).unwrap();
        assert_eq!(february.amount, Money::parse("600.00").unwrap());
    }

    #[test]
    fn monthly_on_the_31st_falls_on_the_last_day_of_short_months() {
        let mut s = stream(Schedule::Monthly, "100");
        s.first_payment = d("2026-05-31");
        let dates: Vec<_> = payments_until(&s, d("2026-09-30"))
            .iter()
            .map(|p| p.date)
            .collect();
        assert_eq!(
            dates,
            [
                d("2026-05-31"),
                d("2026-06-30"),
                d("2026-07-31"),
                d("2026-08-31"),
                d("2026-09-30")
            ]
        );
    }

    #[test]
    fn quarterly_yearly_and_one_off() {
        let q = stream(Schedule::Quarterly, "2500");
        let dates: Vec<_> = payments_for_period(&q, &year())
            .iter()
            .map(|p| p.date)
            .collect();
        assert_eq!(
            dates,
            [
                d("2026-04-01"),
                d("2026-07-01"),
                d("2026-10-01"),
                d("2027-01-01")
            ]
        );
        assert_eq!(
            money_for_period(&q, &year()),
            Money::parse("10000").unwrap()
        );

        let y = stream(Schedule::Yearly, "6000");
        assert_eq!(payments_for_period(&y, &year()).len(), 1);

        let mut once = stream(Schedule::OneOff, "450");
        once.first_payment = d("2027-03-30");
        assert_eq!(
            money_for_period(&once, &year()),
            Money::parse("450").unwrap()
        );
        assert_eq!(payments_until(&once, d("2030-01-01")).len(), 1);
    }

    #[test]
    fn contributions_add_to_the_money_for_the_period_but_not_the_weekly_rate() {
        let mut s = stream(Schedule::FourWeekly, "1120");
        s.client_contribution = Some(Money::parse("80").unwrap());
        assert_eq!(
            money_for_period(&s, &year()),
            Money::parse("15600").unwrap()
        );
        // 13 x 1120 = 14560 over 365 days -> 279.23 a week.
        assert_eq!(
            weekly_equivalent(&s, &year()),
            Money::parse("279.23").unwrap()
        );
    }
}
