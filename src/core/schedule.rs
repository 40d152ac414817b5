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
pub struct Terms<'a> {
    pub schedule: Schedule,
    /// Paid each time (for a monthly schedule, `weekly_rate` may be given instead).
    pub amount: Option<Money>,
    /// A weekly rate paid monthly: each month pays weekly rate x days in the month / 7.
    pub weekly_rate: Option<Money>,
    pub first_payment: NaiveDate,
    /// Paid in by the holder alongside each funder payment.
    pub client_contribution: Option<Money>,
    /// Dated changes and one-off money (`[[streams.changes]]`), in any order.
    pub changes: &'a [Change],
}

/// A dated change to how a stream pays, or one-off money, as `[[streams.changes]]` says.
///
/// - `amount`, `weekly_rate`, `client_contribution`: payments dated on or after `from` pay
///   the new figure (a new `amount` replaces a `weekly_rate` and the other way round).
/// - `schedule`: the new schedule's first payment is on `from`, and it goes on from there.
/// - `top_up`: one payment of this much on `from`, on top of the schedule.
/// - `reduction`: this much less on the first scheduled payment on or after `from`, once.
/// - `suspend = true`: no scheduled payments from `from`, until a change with `restart = true`,
///   whose date is the first payment again (the schedule goes on from it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    #[serde(deserialize_with = "de_date")]
    pub from: NaiveDate,
    #[serde(default)]
    pub amount: Option<Money>,
    #[serde(default)]
    pub weekly_rate: Option<Money>,
    #[serde(default)]
    pub schedule: Option<Schedule>,
    #[serde(default)]
    pub client_contribution: Option<Money>,
    #[serde(default)]
    pub top_up: Option<Money>,
    #[serde(default)]
    pub reduction: Option<Money>,
    #[serde(default)]
    pub suspend: bool,
    #[serde(default)]
    pub restart: bool,
    #[serde(default)]
    pub note: Option<String>,
}

impl Change {
    /// Whether the change moves when payments fall (rather than how much they are).
    fn moves_dates(&self) -> bool {
        self.schedule.is_some() || self.suspend || self.restart
    }
    /// Whether it changes anything at all.
    pub fn does_something(&self) -> bool {
        self.moves_dates()
            || self.amount.is_some()
            || self.weekly_rate.is_some()
            || self.client_contribution.is_some()
            || self.top_up.is_some()
            || self.reduction.is_some()
    }
    /// What it changes, in words, e.g. "amount £1,900.00".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(a) = self.amount {
            parts.push(format!("amount {a}"));
        }
        if let Some(w) = self.weekly_rate {
            parts.push(format!("weekly rate {w}"));
        }
        if let Some(s) = self.schedule {
            parts.push(format!("paid {}", s.describe()));
        }
        if let Some(c) = self.client_contribution {
            parts.push(format!("contribution {c}"));
        }
        if let Some(t) = self.top_up {
            parts.push(format!("a one-off top-up of {t}"));
        }
        if let Some(r) = self.reduction {
            parts.push(format!("one payment reduced by {r}"));
        }
        if self.suspend {
            parts.push("payments suspended".into());
        }
        if self.restart {
            parts.push("payments restart".into());
        }
        parts.join(", ")
    }
}

impl Terms<'_> {
    /// The amount, weekly rate and contribution in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> (Option<Money>, Option<Money>, Option<Money>) {
        let (mut amount, mut weekly, mut contribution) =
            (self.amount, self.weekly_rate, self.client_contribution);
        for c in self.sorted_changes().into_iter().filter(|c| c.from <= date) {
            if let Some(a) = c.amount {
                amount = Some(a);
                weekly = None;
            }
            if let Some(w) = c.weekly_rate {
                weekly = Some(w);
                amount = None;
            }
            if let Some(cc) = c.client_contribution {
                contribution = Some(cc);
            }
        }
        (amount, weekly, contribution)
    }
    /// The schedule in force on `date`.
    pub fn schedule_on(&self, date: NaiveDate) -> Schedule {
        self.sorted_changes()
            .into_iter()
            .filter(|c| c.from <= date)
            .filter_map(|c| c.schedule)
            .next_back()
            .unwrap_or(self.schedule)
    }
    fn sorted_changes(&self) -> Vec<&Change> {
        let mut v: Vec<&Change> = self.changes.iter().collect();
        v.sort_by_key(|c| c.from);
        v
    }
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
    /// A one-off top-up (`top_up` in a change), not one of the schedule's payments.
    pub top_up: bool,
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

/// Every payment the stream makes from its first payment up to and including `until`, with
/// its dated changes applied (see [`Change`]), in date order.
pub fn payments_until(stream: &Terms, until: NaiveDate) -> Vec<Payment> {
    let changes = stream.sorted_changes();
    let events: Vec<&Change> = changes
        .iter()
        .copied()
        .filter(|c| c.moves_dates())
        .collect();
    let mut out = Vec::new();
    let mut schedule = stream.schedule;
    let mut anchor = stream.first_payment;
    let mut k: u32 = 0;
    let mut suspended = false;
    let mut ev = 0;
    let mut steps = 0;
    while steps < MAX_PAYMENTS {
        steps += 1;
        let date = if schedule == Schedule::OneOff && k > 0 {
            None
        } else {
            step(schedule, anchor, k)
        };
        // A change that moves the dates, due before the next payment, comes first.
        if let Some(c) = events.get(ev).filter(|c| date.is_none_or(|d| c.from <= d)) {
            ev += 1;
            if let Some(s) = c.schedule {
                schedule = s;
            }
            if c.suspend {
                suspended = true;
            } else if c.restart || !suspended {
                anchor = c.from;
                k = 0;
                suspended = false;
            }
            continue;
        }
        let Some(date) = date else { break };
        if date > until {
            break;
        }
        let Some(mut next) = step(schedule, anchor, k + 1) else {
            break;
        };
        k += 1;
        if suspended {
            continue;
        }
        // A new schedule or a restart ends what this payment pays for.
        if let Some(c) = events.get(ev).filter(|c| !c.suspend && c.from > date) {
            next = next.min(c.from);
        }
        let (amount, weekly, contribution) = stream.in_force(date);
        let amount = match (amount, weekly) {
            (Some(a), _) => a,
            (None, Some(w)) => w.scale(Decimal::from((next - date).num_days()), Decimal::from(7)),
            (None, None) => Money::ZERO,
        };
        out.push(Payment {
            date,
            amount,
            contribution: contribution.unwrap_or_default(),
            covers_from: date,
            covers_until: next,
            top_up: false,
        });
    }
    // One-off reductions: taken off the first scheduled payment on or after their date.
    for c in &changes {
        if let Some(less) = c.reduction
            && let Some(p) = out.iter_mut().find(|p| p.date >= c.from)
        {
            p.amount = (p.amount - less).max(Money::ZERO);
        }
    }
    // One-off top-ups: a payment of their own, for the day they are paid.
    for c in &changes {
        if let Some(more) = c.top_up
            && c.from <= until
        {
            out.push(Payment {
                date: c.from,
                amount: more,
                contribution: Money::ZERO,
                covers_from: c.from,
                covers_until: c.from.succ_opt().unwrap_or(c.from),
                top_up: true,
            });
        }
    }
    out.sort_by_key(|p| p.date);
    out
}

/// The `k`th payment date (0-based) of `schedule` counted from `anchor`.
fn step(schedule: Schedule, anchor: NaiveDate, k: u32) -> Option<NaiveDate> {
    match schedule {
        Schedule::FourWeekly => anchor.checked_add_days(Days::new(28 * u64::from(k))),
        Schedule::Monthly => anchor.checked_add_months(Months::new(k)),
        Schedule::Quarterly => anchor.checked_add_months(Months::new(3 * k)),
        Schedule::Yearly => anchor.checked_add_months(Months::new(12 * k)),
        Schedule::OneOff => anchor.checked_add_days(Days::new(u64::from(k))),
    }
}

/// The payments that fund `period` (made in it or just before, paying mostly for it).
pub fn payments_for_period(stream: &Terms, period: &Period) -> Vec<Payment> {
    payments_until(stream, period.end)
        .into_iter()
        .filter(|p| funds(stream, p, period))
        .collect()
}

/// Whether payment `p` of `stream` funds `period`: a one-off when it is paid in the period,
/// any other when most of the days it pays for fall in it.
pub fn funds(stream: &Terms, p: &Payment, period: &Period) -> bool {
    let once = p.top_up || stream.schedule_on(p.date) == Schedule::OneOff;
    once && period.contains(p.date) || !once && p.counts_towards(period)
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
    fn stream(schedule: Schedule, amount: &str) -> Terms<'static> {
        Terms {
            schedule,
            amount: Some(Money::parse(amount).unwrap()),
            weekly_rate: None,
            first_payment: d("2026-04-01"),
            client_contribution: None,
            changes: &[],
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

    fn change(from: &str) -> Change {
        Change {
            from: d(from),
            ..Change::default()
        }
    }

    #[test]
    fn a_dated_change_of_amount_pays_the_new_amount_from_its_date() {
        let changes = [Change {
            amount: Some(Money::parse("1900").unwrap()),
            client_contribution: Some(Money::parse("160").unwrap()),
            ..change("2026-11-01")
        }];
        let mut s = stream(Schedule::FourWeekly, "1760");
        s.client_contribution = Some(Money::parse("154").unwrap());
        s.changes = &changes;
        let pays = payments_for_period(&s, &year());
        assert_eq!(pays.len(), 13);
        // 14 October is the 8th payment at the old amount; 11 November the first at the new.
        assert_eq!(pays[7].date, d("2026-10-14"));
        assert_eq!(pays[7].amount, Money::parse("1760").unwrap());
        assert_eq!(pays[7].contribution, Money::parse("154").unwrap());
        assert_eq!(pays[8].date, d("2026-11-11"));
        assert_eq!(pays[8].amount, Money::parse("1900").unwrap());
        assert_eq!(pays[8].contribution, Money::parse("160").unwrap());
        // 8 x (1760 + 154) + 5 x (1900 + 160) = 15312 + 10300
        assert_eq!(
            money_for_period(&s, &year()),
            Money::parse("25612").unwrap()
        );
    }

    #[test]
    fn suspension_restart_top_up_reduction_and_a_new_schedule() {
        let changes = [
            Change {
                suspend: true,
                ..change("2026-06-01")
            },
            Change {
                restart: true,
                ..change("2026-08-01")
            },
            Change {
                top_up: Some(Money::parse("300").unwrap()),
                ..change("2026-09-15")
            },
            Change {
                reduction: Some(Money::parse("250").unwrap()),
                ..change("2026-09-20")
            },
            Change {
                schedule: Some(Schedule::Monthly),
                ..change("2026-12-01")
            },
        ];
        let mut s = stream(Schedule::FourWeekly, "1000");
        s.changes = &changes;
        let pays: Vec<(NaiveDate, Money)> = payments_for_period(&s, &year())
            .iter()
            .map(|p| (p.date, p.amount))
            .collect();
        let m = |x: &str| Money::parse(x).unwrap();
        assert_eq!(
            pays,
            [
                (d("2026-04-01"), m("1000")),
                (d("2026-04-29"), m("1000")),
                (d("2026-05-27"), m("1000")),
                // suspended 1 June; restarted 1 August, every 4 weeks from then
                (d("2026-08-01"), m("1000")),
                (d("2026-08-29"), m("1000")),
                (d("2026-09-15"), m("300")),
                (d("2026-09-26"), m("750")),
                (d("2026-10-24"), m("1000")),
                (d("2026-11-21"), m("1000")),
                // monthly from 1 December
                (d("2026-12-01"), m("1000")),
                (d("2027-01-01"), m("1000")),
                (d("2027-02-01"), m("1000")),
                (d("2027-03-01"), m("1000")),
            ]
        );
        // The 21 November payment pays only up to the new schedule's first payment.
        let nov = payments_until(&s, year().end)
            .into_iter()
            .find(|p| p.date == d("2026-11-21"))
            .unwrap();
        assert_eq!(nov.covers_until, d("2026-12-01"));
    }
}
