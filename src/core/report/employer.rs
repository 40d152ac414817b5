//! The employer's cost report: what employing the plan's PAs costs over the plan period, per
//! employee and in total (see `core::employer::cost` for how each figure is worked out).

use std::fmt::Write;

use rust_decimal::Decimal;

use super::markdown;
use crate::core::employer::cost::{EmployeeCost, EmployerCost};
use crate::core::money::Money;
use crate::core::words::long_date;

/// Hours as people write them: "1,040", "112.5".
pub fn hours(h: Decimal) -> String {
    let h = h.round_dp(2).normalize();
    let s = h.to_string();
    let (whole, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) && c.is_ascii_digit() {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped}.{f}"),
        None => grouped,
    }
}

/// The figure lines of one employee (or the total), as (label, amount, aside).
fn lines(c: &Figures) -> Vec<(&'static str, String, String)> {
    let mut out = vec![
        (
            "Hours paid",
            hours(c.paid_hours),
            format!(
                "holiday {}, worked {}",
                hours(c.holiday_hours),
                hours(c.worked_hours)
            ),
        ),
        (
            "Gross pay",
            c.gross_pay.to_string(),
            format!("holiday pay {}", c.holiday_pay),
        ),
        (
            "Employer's NI",
            c.employer_ni_before_allowance.to_string(),
            String::new(),
        ),
    ];
    if c.employment_allowance.is_positive() {
        out.push((
            "Employment Allowance",
            (-c.employment_allowance).to_string(),
            String::new(),
        ));
    }
    out.extend([
        ("Employer's pension", c.pension.to_string(), String::new()),
        (
            "Redundancy reserve",
            c.redundancy_reserve.to_string(),
            String::new(),
        ),
        (
            "Insurance, payroll, DBS",
            c.shared_costs.to_string(),
            String::new(),
        ),
        ("Yearly cost", c.yearly_cost.to_string(), String::new()),
        (
            "Cost per hour worked",
            c.cost_per_hour.to_string(),
            String::new(),
        ),
        (
            "Holiday cover",
            c.cover_cost.to_string(),
            format!("{} hours", hours(c.cover_hours)),
        ),
        (
            "With holiday cover",
            c.cost_with_cover.to_string(),
            String::new(),
        ),
    ]);
    out
}

/// The figures an employee and the total share.
struct Figures {
    paid_hours: Decimal,
    holiday_hours: Decimal,
    worked_hours: Decimal,
    cover_hours: Decimal,
    gross_pay: Money,
    holiday_pay: Money,
    employer_ni_before_allowance: Money,
    employment_allowance: Money,
    pension: Money,
    redundancy_reserve: Money,
    shared_costs: Money,
    yearly_cost: Money,
    cost_per_hour: Money,
    cover_cost: Money,
    cost_with_cover: Money,
}

fn of_employee(e: &EmployeeCost) -> Figures {
    Figures {
        paid_hours: e.paid_hours,
        holiday_hours: e.holiday_hours,
        worked_hours: e.worked_hours,
        cover_hours: e.cover_hours,
        gross_pay: e.gross_pay,
        holiday_pay: e.holiday_pay,
        employer_ni_before_allowance: e.employer_ni_before_allowance,
        employment_allowance: e.employment_allowance,
        pension: e.pension,
        redundancy_reserve: e.redundancy_reserve,
        shared_costs: e.shared_costs,
        yearly_cost: e.yearly_cost,
        cost_per_hour: e.cost_per_hour,
        cover_cost: e.cover_cost,
        cost_with_cover: e.cost_with_cover,
    }
}

fn of_total(r: &EmployerCost) -> Figures {
    let t = &r.total;
    Figures {
        paid_hours: t.paid_hours,
        holiday_hours: t.holiday_hours,
        worked_hours: t.worked_hours,
        cover_hours: t.cover_hours,
        gross_pay: t.gross_pay,
        holiday_pay: t.holiday_pay,
        employer_ni_before_allowance: t.employer_ni_before_allowance,
        employment_allowance: t.employment_allowance,
        pension: t.pension,
        redundancy_reserve: t.redundancy_reserve,
        shared_costs: t.shared_costs,
        yearly_cost: t.yearly_cost,
        cost_per_hour: t.cost_per_hour,
        cover_cost: t.cover_cost,
        cost_with_cover: t.cost_with_cover,
    }
}

fn about(e: &EmployeeCost) -> String {
    let mut s = format!("{}, paid {}", e.hours_agreed, e.pay.word());
    if let Some(o) = e.outcome_title.as_ref().or(e.outcome.as_ref()) {
        let _ = write!(s, ", for \"{o}\"");
    }
    s
}

fn header(r: &EmployerCost) -> String {
    format!(
        "{} to {}; rates {}; Employment Allowance {}.",
        long_date(r.from),
        long_date(r.to),
        if r.rate_years.is_empty() {
            "none needed".to_string()
        } else {
            r.rate_years.join(" and ")
        },
        if r.employment_allowance_claimed {
            "claimed"
        } else {
            "not claimed"
        }
    )
}

/// The report as JSON carries whose it is, then every figure.
#[derive(serde::Serialize)]
pub struct Json<'a> {
    pub holder: &'a str,
    pub name: &'a str,
    #[serde(flatten)]
    pub cost: &'a EmployerCost,
}

pub fn text(holder_id: &str, name: &str, r: &EmployerCost) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "The employer's cost: {name} ({holder_id})");
    let _ = writeln!(s, "{}", header(r));
    let block = |s: &mut String, f: &Figures| {
        for (label, amount, aside) in lines(f) {
            let _ = if aside.is_empty() {
                writeln!(s, "  {label:<24}{amount:>12}")
            } else {
                writeln!(s, "  {label:<24}{amount:>12}   ({aside})")
            };
        }
    };
    if r.employees.is_empty() {
        let _ = writeln!(s, "\nThe plan names no employees.");
    }
    for e in &r.employees {
        let _ = writeln!(s, "\n{} ({}): {}", e.name, e.id, about(e));
        block(&mut s, &of_employee(e));
    }
    if r.employees.len() != 1 {
        let _ = writeln!(s, "\nAll employees");
        block(&mut s, &of_total(r));
    }
    if !r.notes.is_empty() {
        let _ = writeln!(s);
        for n in &r.notes {
            let _ = writeln!(s, "Note: {n}.");
        }
    }
    s
}

pub fn markdown(holder_id: &str, name: &str, r: &EmployerCost) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# The employer's cost: {} ({})\n\n{}\n",
        markdown::text(name),
        markdown::text(holder_id),
        header(r)
    );
    let mut cols: Vec<(String, Figures)> = r
        .employees
        .iter()
        .map(|e| (markdown::text(&e.name), of_employee(e)))
        .collect();
    if r.employees.len() != 1 {
        cols.push(("All employees".into(), of_total(r)));
    }
    let _ = write!(s, "| |");
    for (n, _) in &cols {
        let _ = write!(s, " {n} |");
    }
    let _ = write!(s, "\n|---|");
    for _ in &cols {
        let _ = write!(s, "---:|");
    }
    let _ = writeln!(s);
    let rows: Vec<Vec<(&str, String, String)>> = cols.iter().map(|(_, f)| lines(f)).collect();
    let labels: Vec<&str> = lines(&of_total(r)).into_iter().map(|(l, _, _)| l).collect();
    for label in labels {
        let _ = write!(s, "| {label} |");
        for col in &rows {
            let cell = col.iter().find(|(l, _, _)| *l == label).map_or(
                Money::ZERO.to_string(),
                |(_, a, aside)| {
                    if aside.is_empty() {
                        a.clone()
                    } else {
                        format!("{a} ({aside})")
                    }
                },
            );
            let _ = write!(s, " {cell} |");
        }
        let _ = writeln!(s);
    }
    for e in &r.employees {
        let _ = writeln!(
            s,
            "\n- {}: {}.",
            markdown::text(&e.name),
            markdown::text(&about(e))
        );
    }
    for n in &r.notes {
        let _ = writeln!(s, "\nNote: {}.", markdown::text(n));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_grouped_and_lose_trailing_zeros() {
        assert_eq!(hours(Decimal::from(1040)), "1,040");
        assert_eq!(hours("112.50".parse().unwrap()), "112.5");
        assert_eq!(hours("928.00".parse().unwrap()), "928");
        assert_eq!(hours("1234567.255".parse().unwrap()), "1,234,567.26");
    }
}
