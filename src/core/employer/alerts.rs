//! The alerts about employing PAs, one rule each: an hourly rate under the legal minimum,
//! money that cannot pay for the hours agreed, employer's liability insurance to renew and
//! workplace pension re-enrolment due.

use chrono::{Months, NaiveDate};

use super::Employee;
use super::cost::{self, EmployerCost};
use super::rates::RateBook;
use crate::core::alert::{Alert, AlertKind, Severity};
use crate::core::money::Money;
use crate::core::plan::Plan;
use crate::core::schedule;
use crate::core::words::{long_date, plural};

/// How far ahead an insurance renewal is worth saying.
const INSURANCE_NOTICE_DAYS: i64 = 30;
/// How far ahead pension re-enrolment is worth saying.
const REENROLMENT_NOTICE_DAYS: i64 = 90;

fn alert(kind: AlertKind, severity: Severity, message: String) -> Alert {
    Alert {
        kind,
        severity,
        message,
        lines: Vec::new(),
    }
}

/// Every employer alert for `plan` on `today`.
pub fn alerts(plan: &Plan, book: &RateBook, today: NaiveDate) -> Vec<Alert> {
    if plan.employees.is_empty() && plan.employer.is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for e in &plan.employees {
        out.extend(minimum_wage(plan, e, book, today));
    }
    let costs = cost::compute(plan, book);
    out.extend(shortfall(plan, &costs));
    out.extend(insurance(plan, today));
    out.extend(reenrolment(plan, today));
    out
}

/// The legal minimum an hour for `e` on `d`, and who it is for, in words.
pub fn minimum_for(e: &Employee, book: &RateBook, d: NaiveDate) -> Option<(Money, String, bool)> {
    let (r, exact) = book.on(d)?;
    let w = &r.minimum_wage;
    let age = e.age_on(d);
    let first_year = e
        .start
        .checked_add_months(Months::new(12))
        .is_some_and(|y| d < y);
    if e.apprentice && (first_year || age.is_some_and(|a| a < 19)) {
        return Some((w.apprentice, "an apprentice".into(), exact));
    }
    Some(match age {
        Some(a) if a < 18 => (w.under_18, "someone under 18".into(), exact),
        Some(a) if a < 21 => (w.aged_18_to_20, "someone aged 18 to 20".into(), exact),
        Some(_) => (w.aged_21_and_over, "someone aged 21 or over".into(), exact),
        None => (
            w.aged_21_and_over,
            "someone aged 21 or over (the plan gives no date of birth)".into(),
            exact,
        ),
    })
}

/// An hourly rate under the legal minimum: now (act now) or from a later day in the plan
/// period (act soon), said once for each employee, for the first such day.
fn minimum_wage(plan: &Plan, e: &Employee, book: &RateBook, today: NaiveDate) -> Option<Alert> {
    let last = e
        .end
        .map_or(plan.period.end, |end| end.min(plan.period.end));
    let first = today.max(e.start);
    if first > last {
        return None;
    }
    let mut days = vec![first];
    days.extend(book.years.iter().map(|y| y.starts));
    days.extend(e.changes.iter().map(|c| c.from));
    if let Some(born) = e.date_of_birth {
        days.extend(
            [18, 19, 21]
                .iter()
                .filter_map(|a| born.checked_add_months(Months::new(12 * a))),
        );
    }
    if let Some(y) = e.start.checked_add_months(Months::new(12)) {
        days.push(y);
    }
    days.retain(|d| *d >= first && *d <= last);
    days.sort_unstable();
    days.dedup();
    for d in days {
        let Some((min, who, exact)) = minimum_for(e, book, d) else {
            continue;
        };
        // Next year's minimum is not known until it is published, and a year before the
        // first careledger has is not known at all. (Past the last year, today is checked
        // against the last year's minimum: it never falls.)
        if !exact && (d > today || book.years.first().is_some_and(|y| d < y.starts)) {
            continue;
        }
        let t = e.terms_on(d);
        let mut rates = vec![("", t.hourly_rate)];
        rates.extend(e.enhanced.iter().map(|x| (x.name.as_str(), x.hourly_rate)));
        let Some((what, rate)) = rates.into_iter().find(|(_, r)| *r < min) else {
            continue;
        };
        let paid = if what.is_empty() {
            format!("{} is paid {rate} an hour", e.name)
        } else {
            format!("{} is paid {rate} an hour for {what} hours", e.name)
        };
        return Some(if d <= today {
            alert(
                AlertKind::MinimumWage,
                Severity::Serious,
                format!(
                    "{paid}, less than the legal minimum of {min} for {who}. Raise the rate in the plan and on the payroll, and pay the difference owed."
                ),
            )
        } else {
            alert(
                AlertKind::MinimumWage,
                Severity::Warning,
                format!(
                    "From {} the legal minimum for {who} is {min} an hour, and {paid}. Raise the rate from that day (a change in the plan's [[employees.changes]]) and on the payroll.",
                    long_date(d)
                ),
            )
        });
    }
    None
}

/// The hours agreed cost more than the money for them: an outcome's allocation, or the
/// stream that pays.
fn shortfall(plan: &Plan, costs: &EmployerCost) -> Vec<Alert> {
    let mut out = Vec::new();
    let hours_of = |ids: &[&cost::EmployeeCost]| -> String {
        match ids {
            [one] => format!("{} of PA support ({})", one.hours_agreed, one.name),
            many => format!(
                "the PAs' hours ({})",
                many.iter()
                    .map(|e| format!("{} {}", e.name, e.hours_agreed))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    };
    for o in &plan.outcomes {
        let allocated = o.allocated();
        let who: Vec<&cost::EmployeeCost> = costs
            .employees
            .iter()
            .filter(|e| e.outcome.as_deref() == Some(o.id.as_str()))
            .collect();
        if who.is_empty() || allocated.is_zero() {
            continue;
        }
        let need: Money = who.iter().map(|e| e.cost_with_cover).sum();
        if need > allocated {
            out.push(alert(
                AlertKind::EmployerShortfall,
                Severity::Warning,
                format!(
                    "\"{}\" is not enough for {}: the hours agreed cost {need} over the plan period, holiday cover included, and its allocation is {allocated}; short by {}.",
                    o.title,
                    hours_of(&who),
                    need - allocated
                ),
            ));
        }
    }
    for s in &plan.streams {
        let who: Vec<&cost::EmployeeCost> = costs
            .employees
            .iter()
            .filter(|c| {
                plan.employees
                    .iter()
                    .find(|e| e.id == c.id)
                    .and_then(|e| e.paying_stream(plan))
                    == Some(s.id.as_str())
            })
            .collect();
        if who.is_empty() {
            continue;
        }
        let budget = schedule::money_for_period(&s.terms(), &plan.period);
        let need: Money = who.iter().map(|e| e.cost_with_cover).sum();
        if need > budget {
            out.push(alert(
                AlertKind::EmployerShortfall,
                Severity::Warning,
                format!(
                    "The {} stream ({}) pays {budget} over the plan period, not enough for {}: the hours agreed cost {need}, holiday cover included; short by {}.",
                    s.label(),
                    s.funder,
                    hours_of(&who),
                    need - budget
                ),
            ));
        }
    }
    out
}

fn insurance(plan: &Plan, today: NaiveDate) -> Option<Alert> {
    let i = plan.employer.as_ref()?.insurance.as_ref()?;
    let days = (i.renews - today).num_days();
    if days < 0 {
        Some(alert(
            AlertKind::InsuranceRenewal,
            Severity::Serious,
            format!(
                "The employer's liability insurance was due to renew on {}, {} ago. An employer must be insured: renew it now and put the new renewal date in the plan.",
                long_date(i.renews),
                plural(-days, "day")
            ),
        ))
    } else if days <= INSURANCE_NOTICE_DAYS {
        Some(alert(
            AlertKind::InsuranceRenewal,
            Severity::Warning,
            format!(
                "The employer's liability insurance renews in {}, on {} ({} last time).",
                plural(days, "day"),
                long_date(i.renews),
                i.premium
            ),
        ))
    } else {
        None
    }
}

/// When workplace pension re-enrolment is next due: three years after the duties started or
/// the last re-enrolment.
pub fn reenrolment_due(plan: &Plan) -> Option<NaiveDate> {
    let e = plan.employer.as_ref()?;
    e.last_reenrolment
        .or(e.pension_duties_start)?
        .checked_add_months(Months::new(36))
}

fn reenrolment(plan: &Plan, today: NaiveDate) -> Option<Alert> {
    let due = reenrolment_due(plan)?;
    let days = (due - today).num_days();
    if days < 0 {
        Some(alert(
            AlertKind::PensionReenrolment,
            Severity::Warning,
            format!(
                "Workplace pension re-enrolment was due on {} (every three years): put back into the pension anyone eligible who left it, tell The Pensions Regulator, and write the date in the plan as last_reenrolment.",
                long_date(due)
            ),
        ))
    } else if days <= REENROLMENT_NOTICE_DAYS {
        Some(alert(
            AlertKind::PensionReenrolment,
            Severity::Notice,
            format!(
                "Workplace pension re-enrolment is due in {}, on {} (every three years).",
                plural(days, "day"),
                long_date(due)
            ),
        ))
    } else {
        None
    }
}
