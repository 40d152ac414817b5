//! Plan years: a personal budget runs for years, one plan period after another.
//!
//! The current year's plan is `plan.toml`; when the next year starts, the ending year's plan
//! is kept, unchanged byte for byte, as `years/<label>/plan.toml` (the label is `2026-27` for
//! a year from 1 April 2026 to 31 March 2027), and `plan.toml` becomes the new year's. One
//! journal goes on across the years: each figure counts the entries dated in its own year.
//!
//! This module names years, finds the year a date is in, and works out the new year's plan
//! text from the old one (with `toml_edit`, so comments and layout stay as typed).

use chrono::{Datelike, Days, Months, NaiveDate};

use super::money::Money;
use super::plan::{Change, Period, Plan};
use super::schedule::{self, Schedule};
use super::words::long_date;

/// The folder, inside a holder's, that keeps the plans of years that have ended.
pub const YEARS_DIR: &str = "years";

/// The name of a plan year: `2026-27` for one that starts in 2026 and ends in 2027, `2026`
/// for one inside a calendar year.
pub fn label(period: &Period) -> String {
    let (a, b) = (period.start.year(), period.end.year());
    if a == b {
        format!("{a}")
    } else {
        format!("{a}-{:02}", b.rem_euclid(100))
    }
}

/// A plan year, in words: "2026-27 (1 April 2026 to 31 March 2027)".
pub fn describe(period: &Period) -> String {
    format!(
        "{} ({} to {})",
        label(period),
        long_date(period.start),
        long_date(period.end)
    )
}

/// Every plan year a holder has, earliest first: the ended ones, then the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanYears {
    pub periods: Vec<Period>,
}

impl PlanYears {
    /// The years of `past` (ended years' plans) and `current`.
    pub fn of<'a>(current: &Plan, past: impl IntoIterator<Item = &'a Plan>) -> PlanYears {
        let mut periods: Vec<Period> = past.into_iter().map(|p| p.period).collect();
        periods.push(current.period);
        periods.sort_by_key(|p| p.start);
        PlanYears { periods }
    }
    /// The plan year `d` is in.
    pub fn containing(&self, d: NaiveDate) -> Option<&Period> {
        self.periods.iter().find(|p| p.contains(d))
    }
    /// The plan year `d` is in, or else the one nearest to it.
    pub fn nearest(&self, d: NaiveDate) -> Option<Period> {
        self.periods.iter().copied().min_by_key(|p| {
            if p.contains(d) {
                0
            } else if d < p.start {
                (p.start - d).num_days()
            } else {
                (d - p.end).num_days()
            }
        })
    }
    /// The plan year that starts in `year` (the `2026` of `--year 2026` or `fy2026`).
    pub fn starting_in(&self, year: i32) -> Option<&Period> {
        self.periods.iter().find(|p| p.start.year() == year)
    }
    /// Every year, in words, for a message.
    pub fn list(&self) -> String {
        self.periods
            .iter()
            .map(describe)
            .collect::<Vec<_>>()
            .join(", ")
    }
    /// What is wrong with recording an entry on `d`: a date years away from every plan year
    /// (always refused), or outside every plan year (refused unless `outside_ok`).
    pub fn date_problem(&self, d: NaiveDate, outside_ok: bool) -> Option<DateProblem> {
        if self.containing(d).is_some() {
            return None;
        }
        let years = if self.periods.len() == 1 {
            format!("the plan year {}", self.list())
        } else {
            format!("every plan year: {};", self.list())
        };
        if self.periods.iter().all(|p| p.is_far_from(d)) {
            return Some(DateProblem::Far(format!(
                "{d} is years away from {years} so no figure would count it. Check the year.",
                years = if self.periods.len() == 1 {
                    format!("{years},")
                } else {
                    years
                }
            )));
        }
        (!outside_ok).then(|| {
            DateProblem::Outside(format!(
                "{d} is outside {years} so no plan year's money in or out counts it. Check the year",
                years = if self.periods.len() == 1 {
                    format!("{years},")
                } else {
                    years
                }
            ))
        })
    }
}

/// Why an entry's date is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateProblem {
    /// Years away from every plan year: never recorded.
    Far(String),
    /// Outside every plan year, but near one: recorded only when the person says so.
    Outside(String),
}

impl DateProblem {
    pub fn message(&self) -> &str {
        match self {
            DateProblem::Far(m) | DateProblem::Outside(m) => m,
        }
    }
}

/// The period of the year after `old`, starting on `start` (default: the day after it ends)
/// and lasting a year.
pub fn next_period(old: &Period, start: Option<NaiveDate>) -> Result<Period, String> {
    let start = match start {
        Some(s) => s,
        None => old
            .end
            .checked_add_days(Days::new(1))
            .ok_or("the plan period ends too late to start another year")?,
    };
    if start <= old.end {
        return Err(format!(
            "the new plan year must start after this one ends ({}); give a later --start",
            long_date(old.end)
        ));
    }
    let end = start
        .checked_add_months(Months::new(12))
        .and_then(|d| d.pred_opt())
        .ok_or("the new plan year would end after the last date careledger records")?;
    Ok(Period { start, end })
}

/// What a stream pays from the new year's first payment: worked out by [`next_year`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamCarried {
    pub id: String,
    /// The first payment that funds the new year (the 31 March payment of a 4-weekly
    /// stream paid from 1 April); `None` when the stream pays nothing in it.
    pub first_payment: Option<NaiveDate>,
}

/// The new year's plan text, made from the ending year's (`text`, read as `plan`): the new
/// period, reviews moved on a year and not yet done, each stream's first payment the first
/// that funds the new year with the amounts then in force (changes already in force are
/// folded in and kept in the old year's plan), outcomes and allocations as they were.
/// Comments and layout stay as typed.
pub fn next_year(
    text: &str,
    plan: &Plan,
    new: &Period,
) -> Result<(String, Vec<StreamCarried>), String> {
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let old = plan.period;
    let same_day = new.start.day() == old.start.day();
    let months = (new.start.year() - old.start.year()) * 12 + new.start.month() as i32
        - old.start.month() as i32;
    let shift = |d: NaiveDate| -> Option<NaiveDate> {
        if same_day && months > 0 {
            d.checked_add_months(Months::new(months as u32))
        } else {
            d.checked_add_days(Days::new((new.start - old.start).num_days().max(0) as u64))
        }
    };

    let period = doc
        .get_mut("period")
        .and_then(|p| p.as_table_like_mut())
        .ok_or("the plan has no [period]")?;
    set_date(period, "start", new.start)?;
    set_date(period, "end", new.end)?;
    if let Some(t) = doc.get_mut("period").and_then(|p| p.as_table_mut()) {
        let before = t.decor().prefix().and_then(|p| p.as_str()).unwrap_or("\n");
        let before = if before.is_empty() { "\n" } else { before }.to_string();
        t.decor_mut().set_prefix(format!(
            "{before}# Plan year {}. The plan of {} is kept in {YEARS_DIR}/{}/plan.toml.\n",
            label(new),
            label(&old),
            label(&old)
        ));
    }

    if let Some(reviews) = doc
        .get_mut("reviews")
        .and_then(|r| r.as_array_of_tables_mut())
    {
        let mut keep = Vec::new();
        for (i, r) in plan.reviews.iter().enumerate() {
            if let Some(d) = shift(r.date).filter(|d| new.contains(*d)) {
                keep.push((i, d));
            }
        }
        for i in (0..reviews.len()).rev() {
            match keep.iter().find(|(k, _)| *k == i) {
                Some(&(_, d)) => {
                    let t = reviews.get_mut(i).ok_or("a review is not a table")?;
                    set_date(t, "date", d)?;
                    t.remove("done");
                }
                None => {
                    reviews.remove(i);
                }
            }
        }
    }

    let mut carried = Vec::new();
    for (i, s) in plan.streams.iter().enumerate() {
        let terms = s.terms();
        let first = schedule::payments_until(&terms, new.end)
            .into_iter()
            .find(|p| !p.top_up && schedule::funds(&terms, p, new))
            .map(|p| p.date);
        let table = doc["streams"][i]
            .as_table_like_mut()
            .ok_or("a stream is not a table")?;
        let from = first.unwrap_or(new.start);
        set_date(table, "first_payment", from)?;
        let (amount, weekly, contribution) = terms.in_force(from);
        let sched = terms.schedule_on(from);
        if sched != s.schedule {
            set_string(table, "schedule", schedule_word(sched))?;
        }
        match (amount, weekly) {
            (Some(a), _) => {
                set_money(table, "amount", a)?;
                table.remove("weekly_rate");
            }
            (None, Some(w)) => {
                set_money(table, "weekly_rate", w)?;
                table.remove("amount");
            }
            (None, None) => {}
        }
        if contribution != s.client_contribution
            && let Some(c) = contribution
        {
            set_money(table, "client_contribution", c)?;
        }
        // Changes already in force are part of the figures above; the rest stay, and a
        // one-off reduction not yet taken off a payment moves to the first payment.
        let mut kept: Vec<Change> = Vec::new();
        for c in &s.changes {
            if c.from > from {
                kept.push(c.clone());
            } else if let Some(less) = c.reduction
                && !schedule::payments_until(&terms, from)
                    .iter()
                    .any(|p| !p.top_up && p.date >= c.from && p.date < from)
            {
                kept.push(Change {
                    from,
                    reduction: Some(less),
                    note: c.note.clone(),
                    ..Change::default()
                });
            }
        }
        if first.is_none() {
            kept.insert(
                0,
                Change {
                    from,
                    suspend: true,
                    note: Some(format!("No payments in plan year {}", label(new))),
                    ..Change::default()
                },
            );
        }
        rewrite_changes(table, &s.changes, &kept)?;
        carried.push(StreamCarried {
            id: s.id.clone(),
            first_payment: first,
        });
    }
    Ok((doc.to_string(), carried))
}

/// Keep the changes of `kept` that were already written as they were (with their comments),
/// and write the others anew.
fn rewrite_changes(
    table: &mut dyn toml_edit::TableLike,
    old: &[Change],
    kept: &[Change],
) -> Result<(), String> {
    if old.is_empty() && kept.is_empty() {
        return Ok(());
    }
    let mut written: Vec<toml_edit::Table> = table
        .get("changes")
        .and_then(|c| c.as_array_of_tables())
        .map(|a| a.iter().cloned().collect())
        .unwrap_or_default();
    let mut out = toml_edit::ArrayOfTables::new();
    for c in kept {
        match old.iter().position(|o| o == c) {
            Some(i) if i < written.len() => out.push(std::mem::take(&mut written[i])),
            _ => {
                let mut t = toml_edit::Table::new();
                set_date(&mut t, "from", c.from)?;
                if let Some(r) = c.reduction {
                    set_money(&mut t, "reduction", r)?;
                }
                if c.suspend {
                    t.insert("suspend", toml_edit::value(true));
                }
                if let Some(n) = &c.note {
                    t.insert("note", toml_edit::value(n.as_str()));
                }
                out.push(t);
            }
        }
    }
    if out.is_empty() {
        table.remove("changes");
    } else {
        table.insert("changes", toml_edit::Item::ArrayOfTables(out));
    }
    Ok(())
}

fn schedule_word(s: Schedule) -> &'static str {
    match s {
        Schedule::FourWeekly => "4-weekly",
        Schedule::Monthly => "monthly",
        Schedule::Quarterly => "quarterly",
        Schedule::Yearly => "yearly",
        Schedule::OneOff => "one-off",
    }
}

/// A TOML date value.
pub fn toml_date(date: NaiveDate) -> Result<toml_edit::Value, String> {
    let year = u16::try_from(date.year()).map_err(|_| "the year cannot be written".to_string())?;
    Ok(toml_edit::Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year,
            month: date.month() as u8,
            day: date.day() as u8,
        }),
        time: None,
        offset: None,
    }))
}

/// Set `key` to `value`, keeping the spacing and comment around the old value.
pub fn set_value(
    table: &mut dyn toml_edit::TableLike,
    key: &str,
    mut value: toml_edit::Value,
) -> Result<(), String> {
    if let Some(old) = table.get(key).and_then(|i| i.as_value()) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, toml_edit::Item::Value(value));
    Ok(())
}

pub fn set_date(
    table: &mut dyn toml_edit::TableLike,
    key: &str,
    date: NaiveDate,
) -> Result<(), String> {
    set_value(table, key, toml_date(date)?)
}

pub fn set_money(
    table: &mut dyn toml_edit::TableLike,
    key: &str,
    money: Money,
) -> Result<(), String> {
    set_value(table, key, toml_edit::Value::from(money.plain()))
}

pub fn set_string(
    table: &mut dyn toml_edit::TableLike,
    key: &str,
    text: &str,
) -> Result<(), String> {
    set_value(table, key, toml_edit::Value::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const PLAN: &str = r#"# Ann's plan
[holder]
name = "Ann"

[period]
start = 2026-04-01
end = 2027-03-31

[[reviews]]
date = 2026-09-24
done = true
note = "Six-month review"

[[streams]]
id = "sc"
funder = "Council"
kind = "social-care"
management = "direct-payment"
schedule = "4-weekly"
amount = "1760.00"   # each 4 weeks
first_payment = 2026-04-01
client_contribution = "154.00"

[[streams.changes]]
from = 2026-11-01
amount = "1900.00"
note = "Reassessed"

[[streams.changes]]
from = 2027-06-01
client_contribution = "160.00"

[[outcomes]]
id = "home"
title = "Home"
allocation = { sc = "20000.00" } # most of it
"#;

    #[test]
    fn labels_and_the_years_a_date_is_in() {
        let p = Period {
            start: d("2026-04-01"),
            end: d("2027-03-31"),
        };
        assert_eq!(label(&p), "2026-27");
        let next = next_period(&p, None).unwrap();
        assert_eq!((next.start, next.end), (d("2027-04-01"), d("2028-03-31")));
        assert_eq!(label(&next), "2027-28");
        let years = PlanYears {
            periods: vec![p, next],
        };
        assert_eq!(years.containing(d("2027-04-20")), Some(&next));
        assert_eq!(years.starting_in(2026), Some(&p));
        assert!(years.date_problem(d("2027-03-31"), false).is_none());
        let out = years.date_problem(d("2028-04-02"), false).unwrap();
        assert_eq!(
            out,
            DateProblem::Outside("2028-04-02 is outside every plan year: 2026-27 (1 April 2026 to 31 March 2027), 2027-28 (1 April 2027 to 31 March 2028); so no plan year's money in or out counts it. Check the year".into())
        );
        assert!(years.date_problem(d("2028-04-02"), true).is_none());
        assert!(matches!(
            years.date_problem(d("2082-04-02"), true),
            Some(DateProblem::Far(_))
        ));
        assert!(next_period(&p, Some(d("2027-03-01"))).is_err());
    }

    #[test]
    fn the_next_year_moves_on_what_must_and_keeps_the_rest_as_typed() {
        let old = plan::parse(PLAN).unwrap().plan;
        let new = next_period(&old.period, None).unwrap();
        let (text, carried) = next_year(PLAN, &old, &new).unwrap();
        let p = plan::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let p = p.plan;
        assert_eq!(p.period, new);
        // 4-weekly from 1 April 2026: the 14th payment, on 31 March 2027, pays for 27 days
        // of the new year, so it is the new year's first.
        assert_eq!(carried[0].first_payment, Some(d("2027-03-31")));
        let s = &p.streams[0];
        assert_eq!(s.first_payment, d("2027-03-31"));
        assert_eq!(s.amount, Some(Money::parse("1900.00").unwrap()));
        assert_eq!(s.client_contribution, Some(Money::parse("154.00").unwrap()));
        assert_eq!(s.changes.len(), 1);
        assert_eq!(s.changes[0].from, d("2027-06-01"));
        assert_eq!(p.reviews.len(), 1);
        assert_eq!(p.reviews[0].date, d("2027-09-24"));
        assert!(!p.reviews[0].done);
        // Comments stay.
        assert!(text.starts_with("# Ann's plan\n"), "{text}");
        assert!(
            text.contains("amount = \"1900.00\"   # each 4 weeks"),
            "{text}"
        );
        assert!(text.contains("# most of it"), "{text}");
        assert!(
            text.contains(
                "# Plan year 2027-28. The plan of 2026-27 is kept in years/2026-27/plan.toml."
            ),
            "{text}"
        );
        // 13 payments fund the new year: 31 March 2027 + 28 days x 0..12, to 1 March 2028.
        // 3 before 1 June (31 Mar, 28 Apr, 26 May) with £154.00 from Ann, 10 after with £160.00:
        // 13 x 1900 + 3 x 154 + 10 x 160 = 24,700 + 462 + 1,600 = 26,762.00
        let budget = schedule::money_for_period(&s.terms(), &p.period);
        assert_eq!(budget, Money::parse("26762.00").unwrap());
    }
}
