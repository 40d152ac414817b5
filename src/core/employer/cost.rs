//! What employing the plan's PAs costs over the plan period, worked out from the plan and the
//! year's rates alone (no journal, no clock).
//!
//! For each pay period the figures are worked out as a payroll would: gross pay (the hours a
//! week, holiday included, at the hourly rate, and any enhanced hours at theirs), employer's
//! National Insurance on pay above the period's secondary threshold (for an employee under
//! 21, above the upper secondary threshold), and the employer's pension contribution on
//! qualifying earnings (pay between the period's lower and upper limits) when the employee is
//! enrolled. Each is rounded to the penny, then multiplied by the pay periods in the part of
//! the plan period a year's rates cover (52 a year for weekly pay, 12 for monthly; a part
//! year has its share by days). A plan period that crosses 1 April is worked out in two parts,
//! each with its own year's figures, and so is one that crosses a change of rate or hours.
//!
//! The Employment Allowance, when claimed, is taken off the employer's NI of all employees
//! together, once for each year: what the same employees' NI used of it between 1 April and
//! the start of the plan period is used up first.
//!
//! Holiday: a PA with regular hours is paid 52 weeks and takes 5.6 of them as holiday, so
//! holiday hours are 5.6/52 of the hours paid; with irregular hours, holiday is 12.07% of the
//! hours worked, paid on top. Those holiday hours are the hours that need cover, and holiday
//! pay is their share of the gross pay. The redundancy reserve is `redundancy_reserve_weeks`
//! weeks' pay a year (gross pay x weeks / 52). The cost per
//! hour of support is the yearly cost divided by the hours the PA works, and the cost of the
//! hours agreed (holiday cover included) is that cost per hour times every hour paid.

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::rates::{RateBook, RateYear};
use super::{Employee, Employer, PayFrequency, PensionChoice};
use crate::core::money::Money;
use crate::core::plan::Plan;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmployerCost {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub employment_allowance_claimed: bool,
    /// The years whose rates were used.
    pub rate_years: Vec<String>,
    /// What the reader should know about the figures (rates not yet published, and so on).
    pub notes: Vec<String>,
    pub employees: Vec<EmployeeCost>,
    pub insurance: Money,
    pub payroll: Money,
    pub dbs: Money,
    pub total: Total,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmployeeCost {
    pub id: String,
    pub name: String,
    pub outcome: Option<String>,
    /// The outcome's title, as the plan gives it.
    pub outcome_title: Option<String>,
    pub pay: PayFrequency,
    /// "20 hours a week", at the start of their part of the plan period.
    pub hours_agreed: String,
    /// Every hour paid, holiday included: the hours of support agreed.
    pub paid_hours: Decimal,
    pub holiday_hours: Decimal,
    /// Hours the PA works (paid hours less holiday).
    pub worked_hours: Decimal,
    /// Hours someone else must cover while the PA is on holiday.
    pub cover_hours: Decimal,
    pub gross_pay: Money,
    /// The part of gross pay that is holiday pay.
    pub holiday_pay: Money,
    pub employer_ni_before_allowance: Money,
    pub employment_allowance: Money,
    pub employer_ni: Money,
    pub pension: Money,
    pub redundancy_reserve: Money,
    /// This PA's share (by hours paid) of insurance, payroll and DBS.
    pub shared_costs: Money,
    /// Gross pay, employer's NI, pension, the redundancy reserve and the shared costs.
    pub yearly_cost: Money,
    /// The yearly cost over the hours the PA works: the true cost of an hour of support.
    pub cost_per_hour: Money,
    /// Holiday cover at the same cost per hour.
    pub cover_cost: Money,
    /// The cost of every hour agreed, holiday cover included.
    pub cost_with_cover: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Total {
    pub paid_hours: Decimal,
    pub holiday_hours: Decimal,
    pub worked_hours: Decimal,
    pub cover_hours: Decimal,
    pub gross_pay: Money,
    pub holiday_pay: Money,
    pub employer_ni_before_allowance: Money,
    pub employment_allowance: Money,
    pub employer_ni: Money,
    pub pension: Money,
    pub redundancy_reserve: Money,
    pub shared_costs: Money,
    pub yearly_cost: Money,
    pub cost_per_hour: Money,
    pub cover_cost: Money,
    pub cost_with_cover: Money,
}

/// One employee's figures over a span of days, before the allowance and shared costs.
#[derive(Debug, Clone, Default)]
struct Part {
    paid_hours: Decimal,
    holiday_hours: Decimal,
    gross: Money,
    holiday_pay: Money,
    ni: Money,
    pension: Money,
    reserve: Money,
    /// NI by the 1 April that starts its year.
    ni_by_year: Vec<(NaiveDate, Money)>,
}

/// The 1 April on or before `d`: the start of careledger's year for rates.
pub fn year_start(d: NaiveDate) -> NaiveDate {
    let y = if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    };
    NaiveDate::from_ymd_opt(y, 4, 1).unwrap_or(d)
}

fn year_days(start: NaiveDate) -> i64 {
    let next = start.checked_add_months(Months::new(12)).unwrap_or(start);
    (next - start).num_days().max(1)
}

/// How many years `from..=to` is: a whole number when it runs from a day to the day before
/// it some years later, else its days over 365.
pub fn years_in(from: NaiveDate, to: NaiveDate) -> Decimal {
    let days = (to - from).num_days() + 1;
    for n in 1..=10u32 {
        if from.checked_add_months(Months::new(12 * n)) == to.succ_opt() {
            return Decimal::from(n);
        }
    }
    Decimal::from(days) / Decimal::from(365)
}

/// Hours to the hundredth, always written with two places.
fn h2(d: Decimal) -> Decimal {
    let mut d = d.round_dp(2);
    d.rescale(2);
    d
}

fn times(m: Money, n: Decimal) -> Money {
    Money::from_decimal(m.as_decimal() * n)
}

fn pct(m: Decimal, percent: Decimal) -> Money {
    Money::from_decimal(m * percent / Decimal::ONE_HUNDRED)
}

/// The days on which something that changes the figures happens inside `from..=to`.
fn boundaries(e: &Employee, from: NaiveDate, to: NaiveDate, book: &RateBook) -> Vec<NaiveDate> {
    let mut b = vec![from];
    let mut y = year_start(from);
    while let Some(next) = y.checked_add_months(Months::new(12)) {
        if next > to {
            break;
        }
        b.push(next);
        y = next;
    }
    for r in &book.years {
        if r.starts > from && r.starts <= to {
            b.push(r.starts);
        }
    }
    b.extend(
        e.changes
            .iter()
            .map(|c| c.from)
            .filter(|d| *d > from && *d <= to),
    );
    if let Some(born) = e.date_of_birth {
        for age in [18, 19, 21, 22] {
            if let Some(d) = born.checked_add_months(Months::new(12 * age))
                && d > from
                && d <= to
            {
                b.push(d);
            }
        }
    }
    b.sort_unstable();
    b.dedup();
    b
}

/// One pay period's figures under the terms in force on `on`.
struct PeriodFigures {
    paid_hours: Decimal,
    holiday_hours: Decimal,
    gross: Money,
    ni: Money,
    pension: Money,
}

fn period_figures(e: &Employee, r: &RateYear, on: NaiveDate) -> PeriodFigures {
    let t = e.terms_on(on);
    let pay = e.pay;
    let weeks = pay.weeks();
    let enhanced_hours: Decimal =
        e.enhanced.iter().map(|x| x.hours_per_week).sum::<Decimal>() * weeks;
    let enhanced_pay: Decimal = e
        .enhanced
        .iter()
        .map(|x| x.hourly_rate.as_decimal() * x.hours_per_week * weeks)
        .sum();
    let (paid_hours, holiday_hours) = if e.irregular {
        let worked = t.hours_per_year / pay.times_a_year();
        let holiday = worked * r.holiday.irregular_percent / Decimal::ONE_HUNDRED;
        let enhanced_holiday = enhanced_hours * r.holiday.weeks / Decimal::from(52);
        (
            worked + holiday + enhanced_hours,
            holiday + enhanced_holiday,
        )
    } else {
        let paid = t.hours_per_week * weeks + enhanced_hours;
        (paid, paid * r.holiday.weeks / Decimal::from(52))
    };
    let base_hours = paid_hours - enhanced_hours;
    let gross_d = t.hourly_rate.as_decimal() * base_hours + enhanced_pay;
    let gross = Money::from_decimal(gross_d);
    let age = e.age_on(on);
    let threshold = if age.is_some_and(|a| a < 21) {
        r.employer_ni.under_21_upper_threshold.for_pay(pay)
    } else {
        r.employer_ni.secondary_threshold.for_pay(pay)
    };
    let ni = if gross > threshold {
        pct((gross - threshold).as_decimal(), r.employer_ni.rate_percent)
    } else {
        Money::ZERO
    };
    let p = &r.pension;
    let lower = p.qualifying_lower.for_pay(pay);
    let upper = p.qualifying_upper.for_pay(pay);
    let enrolled = match e.pension {
        PensionChoice::Auto => {
            age.is_none_or(|a| a >= p.enrolment_age) && gross > p.earnings_trigger.for_pay(pay)
        }
        PensionChoice::OptedIn => gross > lower,
        PensionChoice::OptedOut | PensionChoice::NotEnrolled => false,
    };
    let pension = if enrolled && gross > lower {
        let percent = e.pension_percent.map_or(p.employer_minimum_percent, |x| {
            x.max(p.employer_minimum_percent)
        });
        pct((gross.min(upper) - lower).as_decimal(), percent)
    } else {
        Money::ZERO
    };
    PeriodFigures {
        paid_hours,
        holiday_hours,
        gross,
        ni,
        pension,
    }
}

/// One employee's figures over `from..=to` (already inside their employment).
fn part(
    e: &Employee,
    employer: &Employer,
    book: &RateBook,
    from: NaiveDate,
    to: NaiveDate,
    notes: &mut Vec<String>,
    years: &mut Vec<String>,
) -> Part {
    let mut out = Part::default();
    if to < from {
        return out;
    }
    let b = boundaries(e, from, to, book);
    for (k, start) in b.iter().enumerate() {
        let end = b.get(k + 1).and_then(|d| d.pred_opt()).unwrap_or(to);
        let ys = year_start(*start);
        let Some((r, exact)) = book.on(*start) else {
            continue;
        };
        if !exact {
            let note = format!(
                "careledger has no rates for the year from {}, so {}'s are used for it; \
                 add that year's figures to careledger.toml under [rates.<year>] (see README)",
                crate::core::words::long_date(ys),
                r.year
            );
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        if !years.contains(&r.year) {
            years.push(r.year.clone());
        }
        let days = (end - *start).num_days() + 1;
        let periods = e.pay.times_a_year() * Decimal::from(days) / Decimal::from(year_days(ys));
        let f = period_figures(e, r, *start);
        out.paid_hours += f.paid_hours * periods;
        out.holiday_hours += f.holiday_hours * periods;
        let gross = times(f.gross, periods);
        out.gross += gross;
        // Holiday pay is the holiday hours' share of the gross pay, and the reserve a
        // number of weeks' pay a year: worked out on the part's pay, not rounded each period.
        if !f.paid_hours.is_zero() {
            out.holiday_pay +=
                Money::from_decimal(gross.as_decimal() * f.holiday_hours / f.paid_hours);
        }
        out.reserve +=
            Money::from_decimal(gross.as_decimal() * employer.reserve_weeks() / Decimal::from(52));
        let ni = times(f.ni, periods);
        out.ni += ni;
        match out.ni_by_year.iter_mut().find(|(y, _)| *y == ys) {
            Some((_, m)) => *m += ni,
            None => out.ni_by_year.push((ys, ni)),
        }
        out.pension += times(f.pension, periods);
    }
    out
}

/// The days of `plan`'s period `e` is employed on, if any.
fn employed(e: &Employee, from: NaiveDate, to: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let a = from.max(e.start);
    let b = e.end.map_or(to, |end| end.min(to));
    (a <= b).then_some((a, b))
}

/// Split `total` between shares in proportion to `weights`, to the penny, summing exactly.
fn share_out(total: Money, weights: &[Decimal]) -> Vec<Money> {
    let sum: Decimal = weights.iter().copied().sum();
    let mut out = vec![Money::ZERO; weights.len()];
    if sum.is_zero() || weights.is_empty() {
        return out;
    }
    let mut given = Money::ZERO;
    let last = weights.len() - 1;
    for (i, w) in weights.iter().enumerate() {
        out[i] = if i == last {
            total - given
        } else {
            Money::from_decimal(total.as_decimal() * w / sum)
        };
        given += out[i];
    }
    out
}

/// The cost of employing the plan's employees over its period, with `book`'s rates.
pub fn compute(plan: &Plan, book: &RateBook) -> EmployerCost {
    let (from, to) = (plan.period.start, plan.period.end);
    let employer = plan.employer.clone().unwrap_or_default();
    let mut notes = Vec::new();
    let mut years = Vec::new();
    let mut parts: Vec<(&Employee, Part, NaiveDate)> = Vec::new();
    for e in &plan.employees {
        match employed(e, from, to) {
            Some((a, b)) => {
                let p = part(e, &employer, book, a, b, &mut notes, &mut years);
                parts.push((e, p, a));
            }
            None => notes.push(format!(
                "{} is not employed in the plan period, so is not counted",
                e.name
            )),
        }
    }

    // The Employment Allowance, year by year, across all employees.
    let mut allowance = vec![Money::ZERO; parts.len()];
    if employer.employment_allowance {
        let mut year_starts: Vec<NaiveDate> = parts
            .iter()
            .flat_map(|(_, p, _)| p.ni_by_year.iter().map(|(y, _)| *y))
            .collect();
        year_starts.sort_unstable();
        year_starts.dedup();
        for ys in year_starts {
            let Some((r, _)) = book.on(ys.max(from)) else {
                continue;
            };
            // What the year's NI before the plan period started used of the allowance.
            let mut used_before = Money::ZERO;
            if ys < from {
                let (mut n, mut y) = (Vec::new(), Vec::new());
                for e in &plan.employees {
                    if let Some((a, b)) = employed(e, ys, from.pred_opt().unwrap_or(from)) {
                        used_before += part(e, &employer, book, a, b, &mut n, &mut y).ni;
                    }
                }
            }
            let available = (r.employer_ni.employment_allowance - used_before).max(Money::ZERO);
            let ni: Vec<Decimal> = parts
                .iter()
                .map(|(_, p, _)| {
                    p.ni_by_year
                        .iter()
                        .filter(|(y, _)| *y == ys)
                        .map(|(_, m)| m.as_decimal())
                        .sum()
                })
                .collect();
            let year_ni = Money::from_decimal(ni.iter().copied().sum());
            let offset = available.min(year_ni);
            for (i, m) in share_out(offset, &ni).into_iter().enumerate() {
                allowance[i] += m;
            }
        }
    }

    let share = years_in(from, to);
    let insurance = employer
        .insurance
        .as_ref()
        .map_or(Money::ZERO, |i| times(i.premium, share));
    let charge = |c: &Option<super::Charge>| {
        c.as_ref().map_or(Money::ZERO, |c| {
            times(c.amount, c.per.times_a_year() * share)
        })
    };
    let payroll = charge(&employer.payroll_fee);
    let dbs = charge(&employer.dbs);
    let weights: Vec<Decimal> = parts.iter().map(|(_, p, _)| p.paid_hours).collect();
    let shared = share_out(insurance + payroll + dbs, &weights);

    let mut employees = Vec::new();
    let mut total = Total::default();
    for (i, (e, p, first_day)) in parts.iter().enumerate() {
        let ni = p.ni - allowance[i];
        let yearly = p.gross + ni + p.pension + p.reserve + shared[i];
        let worked = p.paid_hours - p.holiday_hours;
        let per_hour = if worked.is_zero() {
            Money::ZERO
        } else {
            Money::from_decimal(yearly.as_decimal() / worked)
        };
        let with_cover = if worked.is_zero() {
            yearly
        } else {
            Money::from_decimal(yearly.as_decimal() * p.paid_hours / worked)
        };
        let c = EmployeeCost {
            id: e.id.clone(),
            name: e.name.clone(),
            outcome: e.outcome.clone(),
            outcome_title: e
                .outcome
                .as_deref()
                .and_then(|o| plan.outcome(o))
                .map(|o| o.title.clone()),
            pay: e.pay,
            hours_agreed: e.hours_words(*first_day),
            paid_hours: h2(p.paid_hours),
            holiday_hours: h2(p.holiday_hours),
            worked_hours: h2(worked),
            cover_hours: h2(p.holiday_hours),
            gross_pay: p.gross,
            holiday_pay: p.holiday_pay,
            employer_ni_before_allowance: p.ni,
            employment_allowance: allowance[i],
            employer_ni: ni,
            pension: p.pension,
            redundancy_reserve: p.reserve,
            shared_costs: shared[i],
            yearly_cost: yearly,
            cost_per_hour: per_hour,
            cover_cost: with_cover - yearly,
            cost_with_cover: with_cover,
        };
        total.paid_hours += c.paid_hours;
        total.holiday_hours += c.holiday_hours;
        total.worked_hours += c.worked_hours;
        total.cover_hours += c.cover_hours;
        total.gross_pay += c.gross_pay;
        total.holiday_pay += c.holiday_pay;
        total.employer_ni_before_allowance += c.employer_ni_before_allowance;
        total.employment_allowance += c.employment_allowance;
        total.employer_ni += c.employer_ni;
        total.pension += c.pension;
        total.redundancy_reserve += c.redundancy_reserve;
        total.shared_costs += c.shared_costs;
        total.yearly_cost += c.yearly_cost;
        total.cover_cost += c.cover_cost;
        total.cost_with_cover += c.cost_with_cover;
        employees.push(c);
    }
    if parts.is_empty() {
        // Insurance and payroll are paid with nobody on the payroll too.
        total.shared_costs = insurance + payroll + dbs;
        total.yearly_cost = total.shared_costs;
        total.cost_with_cover = total.shared_costs;
    }
    if !total.worked_hours.is_zero() {
        total.cost_per_hour =
            Money::from_decimal(total.yearly_cost.as_decimal() / total.worked_hours);
    }
    EmployerCost {
        from,
        to,
        employment_allowance_claimed: employer.employment_allowance,
        rate_years: years,
        notes,
        employees,
        insurance,
        payroll,
        dbs,
        total,
    }
}
