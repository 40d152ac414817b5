//! Spending against time: how much of the budget has gone, month by month, beside the
//! straight line of the budget over the plan year, and where the rate so far leads by the
//! year's end. The dashboard draws it as a chart; screen-reader mode, plain mode and the
//! dashboard's rows say the same in sentences ([`sentences`]). Everything here is read from
//! a [`Position`], so the figures are the dashboard's own (one rule, in `position`).

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;

use super::money::Money;
use super::position::Position;
use super::words::{long_date, percent};

/// Which month of a period starting on `start` the day `d` is in: 0 for the first.
pub fn month_index(start: NaiveDate, d: NaiveDate) -> usize {
    let months = |x: NaiveDate| i64::from(x.year()) * 12 + i64::from(x.month0());
    (months(d) - months(start)).max(0) as usize
}

/// One line of the chart: a stream, or the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub label: String,
    pub budget: Money,
    /// Spent in each month of the period so far (the month of today last).
    pub by_month: Vec<Money>,
    pub spent: Money,
    /// Spent by the period's end if spending carries on at the rate so far.
    pub projected: Money,
}

impl Series {
    /// Spent by the end of each month so far: a running total.
    pub fn running(&self) -> Vec<Money> {
        let mut sum = Money::ZERO;
        self.by_month
            .iter()
            .map(|m| {
                sum += *m;
                sum
            })
            .collect()
    }
}

/// The plan year and its spending, for the chart and its sentences.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pace {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Today, or the period's end once it is over.
    pub as_of: NaiveDate,
    pub days: i64,
    pub days_elapsed: i64,
    pub elapsed: Decimal,
    /// The first day of each month of the period shown so far (the first is the period's
    /// start).
    pub months: Vec<NaiveDate>,
    pub total: Series,
    pub streams: Vec<Series>,
}

impl Pace {
    /// The chart's figures from where the money stands.
    pub fn of(p: &Position) -> Pace {
        let start = p.period.start;
        let end = p.period.end;
        let as_of = p.as_of.clamp(start, end);
        let shown = if p.as_of < start {
            0
        } else {
            month_index(start, as_of) + 1
        };
        let months = (0..shown)
            .map(|k| {
                if k == 0 {
                    start
                } else {
                    let first = start.with_day(1).unwrap_or(start);
                    first
                        .checked_add_months(Months::new(k as u32))
                        .unwrap_or(end)
                }
            })
            .collect();
        let streams: Vec<Series> = p
            .streams
            .iter()
            .map(|s| Series {
                label: s.label.clone(),
                budget: s.budget,
                by_month: s.by_month.iter().take(shown).copied().collect(),
                spent: s.spent,
                projected: s.projected_spent,
            })
            .collect();
        let mut total = Series {
            label: "All streams".into(),
            budget: Money::ZERO,
            by_month: vec![Money::ZERO; shown],
            spent: Money::ZERO,
            projected: Money::ZERO,
        };
        for s in &streams {
            total.budget += s.budget;
            total.spent += s.spent;
            total.projected += s.projected;
            for (t, m) in total.by_month.iter_mut().zip(&s.by_month) {
                *t += *m;
            }
        }
        Pace {
            start,
            end,
            as_of,
            days: p.period.days,
            days_elapsed: p.period.days_elapsed,
            elapsed: p.period.elapsed,
            months,
            total,
            streams,
        }
    }

    /// Where the straight line of the budget is on day `day` of the period (from 0).
    pub fn line_at(&self, budget: Money, day: i64) -> Money {
        budget.scale(Decimal::from(day), Decimal::from(self.days.max(1)))
    }
}

/// A share of a budget, or nothing to say when there is no budget.
fn share(of: Money, budget: Money) -> Option<Decimal> {
    (budget.is_positive()).then(|| of.as_decimal() / budget.as_decimal())
}

/// The chart in sentences, each short enough to be read on one line: the total so far
/// against the year, where the rate leads, each stream where there are several, and the
/// spending month by month.
pub fn sentences(pace: &Pace) -> Vec<String> {
    let t = &pace.total;
    let mut out = Vec::new();
    if pace.days_elapsed == 0 {
        out.push(format!(
            "The plan year starts on {}; nothing is spent yet.",
            long_date(pace.start)
        ));
        return out;
    }
    let by = if pace.as_of == pace.end {
        format!("By the end of the plan year, {}", long_date(pace.end))
    } else {
        format!(
            "By {}, {} of the year",
            long_date(pace.as_of),
            percent(pace.elapsed)
        )
    };
    match share(t.spent, t.budget) {
        Some(s) => out.push(format!(
            "{by}, you had spent {} of the budget: {} of {}.",
            percent(s),
            t.spent,
            t.budget
        )),
        None => out.push(format!("{by}, you had spent {}.", t.spent)),
    }
    let line = pace.line_at(t.budget, pace.days_elapsed);
    if t.budget.is_positive() {
        let (diff, word) = if t.spent > line {
            (t.spent - line, "more")
        } else {
            (line - t.spent, "less")
        };
        out.push(format!(
            "Spending evenly over the year would be {line} by now; that is {diff} {word} than that."
        ));
    }
    if pace.as_of < pace.end {
        match share(t.projected, t.budget) {
            Some(s) => {
                let left = t.budget - t.projected;
                out.push(format!(
                    "At this rate you will have spent {} by {}, {} of the budget, {}.",
                    t.projected,
                    long_date(pace.end),
                    percent(s),
                    if left.is_negative() {
                        format!("{} over", left.abs())
                    } else {
                        format!("leaving {left}")
                    }
                ));
            }
            None => out.push(format!(
                "At this rate you will have spent {} by {}.",
                t.projected,
                long_date(pace.end)
            )),
        }
    }
    if pace.streams.len() > 1 {
        for s in &pace.streams {
            match (share(s.spent, s.budget), share(s.projected, s.budget)) {
                (Some(now), Some(then)) if pace.as_of < pace.end => out.push(format!(
                    "{}: {} of its {} spent; at this rate {} by the end.",
                    s.label,
                    percent(now),
                    s.budget,
                    percent(then)
                )),
                (Some(now), _) => out.push(format!(
                    "{}: {} of its {} spent.",
                    s.label,
                    percent(now),
                    s.budget
                )),
                (None, _) => out.push(format!("{}: {} spent.", s.label, s.spent)),
            }
        }
    }
    let months: Vec<String> = pace
        .months
        .iter()
        .zip(&t.by_month)
        .enumerate()
        .map(|(k, (m, spent))| {
            let so_far = if k + 1 == pace.months.len() && pace.as_of < month_end(*m, pace.end) {
                " so far"
            } else {
                ""
            };
            format!("{}{so_far} {spent}", m.format("%B"))
        })
        .collect();
    if !months.is_empty() {
        out.push(format!("Spent month by month: {}.", months.join(", ")));
    }
    out
}

/// The last day of the month starting `first`, or the period's end if sooner.
fn month_end(first: NaiveDate, end: NaiveDate) -> NaiveDate {
    let next = first
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .and_then(|d| d.pred_opt());
    next.map_or(end, |d| d.min(end))
}

/// The day (from 0) the month starting `first` ends on, counted from the period's start.
pub fn month_end_day(pace: &Pace, first: NaiveDate) -> i64 {
    (month_end(first, pace.end) - pace.start).num_days() + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::Journal;
    use crate::core::settings::Settings;

    fn m(s: &str) -> Money {
        s.parse().unwrap()
    }

    /// A year of £1,200 paid 4-weekly from 1 April (13 payments: £15,600.00), with £300 spent
    /// in April, £500 in May and £100 so far in June; today is 15 June 2026.
    fn pace() -> Pace {
        let plan = crate::core::plan::parse(
            "[holder]\nname = \"Pat\"\n[period]\nstart = 2026-04-01\nend = 2027-03-31\n\
             [[streams]]\nid = \"social-care\"\nfunder = \"Council\"\nkind = \"social-care\"\nmanagement = \"direct-payment\"\nschedule = \"4-weekly\"\namount = \"1200.00\"\nfirst_payment = 2026-04-01\n\
             [[outcomes]]\nid = \"home\"\ntitle = \"Home\"\nallocation = { social-care = \"15600.00\" }\n",
        )
        .unwrap();
        let spend = |date: &str, amount: &str| {
            format!(
                "{date} Shop\n    ; outcome: home\n    ; stream: social-care\n    ; receipt: r\n    expenses:home  £{amount}\n    assets:direct-payment:social-care\n\n"
            )
        };
        let text = format!(
            "2026-04-01 * Council\n    ; stream: social-care\n    assets:direct-payment:social-care  £1200.00\n    income:social-care\n\n{}{}{}{}",
            spend("2026-04-10", "300.00"),
            spend("2026-05-02", "200.00"),
            spend("2026-05-30", "300.00"),
            spend("2026-06-14", "100.00"),
        );
        let journal = Journal::parse(text).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
        let p = crate::core::position::compute(&plan.plan, &[journal], &Settings::default(), today);
        Pace::of(&p)
    }

    #[test]
    fn months_and_running_totals_are_the_spending_so_far() {
        let p = pace();
        assert_eq!(p.months.len(), 3);
        assert_eq!(p.total.by_month, vec![m("300"), m("500"), m("100")]);
        assert_eq!(p.total.running(), vec![m("300"), m("800"), m("900")]);
        assert_eq!(p.total.spent, m("900"));
        // 13 payments of £1,200 in the year.
        assert_eq!(p.total.budget, m("15600"));
        // 1 April to 15 June is 76 days of 365: £900 * 365 / 76 = £4,322.37 (to the penny).
        assert_eq!(p.days_elapsed, 76);
        assert_eq!(p.total.projected, m("4322.37"));
        // The straight line on day 76: £15,600 * 76 / 365 = £3,248.22.
        assert_eq!(p.line_at(p.total.budget, 76), m("3248.22"));
    }

    #[test]
    fn the_chart_in_sentences() {
        let said = sentences(&pace());
        // 76 / 365 = 20.8%, 900 / 15600 = 5.8%, 4322.37 / 15600 = 27.7%.
        assert_eq!(
            said,
            vec![
                "By 15 June 2026, 21% of the year, you had spent 6% of the budget: £900.00 of £15,600.00.".to_string(),
                "Spending evenly over the year would be £3,248.22 by now; that is £2,348.22 less than that.".into(),
                "At this rate you will have spent £4,322.37 by 31 March 2027, 28% of the budget, leaving £11,277.63.".into(),
                "Spent month by month: April £300.00, May £500.00, June so far £100.00.".into(),
            ]
        );
    }

    #[test]
    fn months_are_counted_from_the_periods_start() {
        let start = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
        assert_eq!(month_index(start, start), 0);
        assert_eq!(
            month_index(start, NaiveDate::from_ymd_opt(2027, 3, 31).unwrap()),
            11
        );
        assert_eq!(
            month_index(start, NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()),
            0
        );
    }
}
