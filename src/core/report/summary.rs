//! "Where does the budget stand?" for one holder, in plain text, Markdown or JSON. Every
//! figure has its label before it, so it reads well aloud.

use std::fmt::Write;

use serde::Serialize;

use crate::core::money::Money;
use crate::core::plan::Plan;
use crate::core::position::{Position, StreamPosition};
use crate::core::printable::printable_string;
use crate::core::words::{long_date, percent};

use super::markdown::text as md;

/// One holder's summary as JSON sees it.
#[derive(Debug, Serialize)]
pub struct HolderSummary<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub holding: &'a str,
    #[serde(flatten)]
    pub position: &'a Position,
}

/// "£12.00 left" or "overspent by £12.00": negative money said in words.
pub fn left_or_over(m: Money) -> String {
    if m.is_negative() {
        format!("overspent by {}", m.abs())
    } else {
        format!("{m} left")
    }
}

/// The money a stream brought into the period, in words, when it brought any: the balance
/// carried forward, what went back to the funder, and the payment received early for it.
pub fn opening_words(st: &StreamPosition, start: chrono::NaiveDate) -> Option<String> {
    if st.opening_balance.is_zero() && st.returned.is_zero() && st.received_in_advance.is_zero() {
        return None;
    }
    let mut line = format!("Opening balance {}", st.opening_balance);
    if st.returned.is_positive() {
        let _ = write!(
            line,
            " (carried forward, less {} returned to the funder)",
            st.returned
        );
    }
    if st.received_in_advance.is_positive() {
        let _ = write!(
            line,
            "; {} of it, received before {}, pays for this period",
            st.received_in_advance,
            long_date(start)
        );
    }
    line.push('.');
    Some(line)
}

pub fn text(id: &str, plan: &Plan, p: &Position) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} ({id}): {}", plan.holder.name, plan.holding());
    let _ = writeln!(
        s,
        "Plan period {} to {}: {} of {} days passed ({}).",
        long_date(p.period.start),
        long_date(p.period.end),
        p.period.days_elapsed,
        p.period.days,
        percent(p.period.elapsed)
    );
    let _ = writeln!(
        s,
        "Total: budget {}, spent {}, balance {}.",
        p.totals.budget, p.totals.spent, p.totals.balance
    );
    let _ = writeln!(
        s,
        "Projected at {}: {}.",
        long_date(p.period.end),
        left_or_over(p.totals.projected_balance)
    );
    let _ = writeln!(s, "\nFunding streams");
    for st in &p.streams {
        let _ = writeln!(
            s,
            "  {} ({}, {})",
            st.label,
            st.funder,
            st.management.describe()
        );
        let _ = writeln!(
            s,
            "    Budget for the period {}; received {}; spent {}; balance {}.",
            st.budget, st.received, st.spent, st.balance
        );
        if let Some(line) = opening_words(st, p.period.start) {
            let _ = writeln!(s, "    {line}");
        }
        if st.committed.is_positive() {
            let _ = writeln!(
                s,
                "    Committed: {} of the balance is owed to HMRC (tax and NI from pay days), leaving {}.",
                st.committed,
                st.balance - st.committed
            );
        }
        if let Some(n) = st.next_payment {
            let _ = writeln!(s, "    Next payment {} on {}.", n.amount, long_date(n.date));
        }
        let _ = writeln!(
            s,
            "    Projected at period end: {}.",
            left_or_over(st.projected_balance)
        );
    }
    if !p.outcomes.is_empty() {
        let _ = writeln!(s, "\nOutcomes");
        for o in &p.outcomes {
            let _ = writeln!(
                s,
                "  {}: allocated {}, spent {} ({} used, {} of the period passed), {}.",
                o.title,
                o.allocated,
                o.spent,
                percent(o.used),
                percent(o.elapsed),
                if o.remaining.is_negative() {
                    format!("overspent by {}", o.remaining.abs())
                } else {
                    format!("remaining {}", o.remaining)
                }
            );
        }
    }
    if let Some(r) = p.next_review {
        let _ = writeln!(s, "\nNext review: {}.", long_date(r));
    }
    if p.alerts.is_empty() {
        let _ = writeln!(s, "\nNo alerts: everything is in order.");
    } else {
        let _ = writeln!(s, "\nAlerts ({})", p.alerts.len());
        for a in &p.alerts {
            let _ = writeln!(s, "  {}: {}", a.severity.word(), a.message);
        }
    }
    printable_string(s)
}

pub fn markdown(id: &str, plan: &Plan, p: &Position) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "## {} ({})\n", md(&plan.holder.name), md(id));
    let _ = writeln!(
        s,
        "{}. Plan period {} to {}: {} of {} days passed ({}).\n",
        capitalise(plan.holding()),
        long_date(p.period.start),
        long_date(p.period.end),
        p.period.days_elapsed,
        p.period.days,
        percent(p.period.elapsed)
    );
    let _ = writeln!(
        s,
        "| Funding stream | Funder | Held as | Budget | Received | Spent | Balance | Projected at end |"
    );
    let _ = writeln!(s, "|---|---|---|---:|---:|---:|---:|---:|");
    for st in &p.streams {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            md(&st.label),
            md(&st.funder),
            st.management.describe(),
            st.budget,
            st.received,
            st.spent,
            st.balance,
            left_or_over(st.projected_balance)
        );
    }
    let carried: Vec<String> = p
        .streams
        .iter()
        .filter_map(|st| {
            opening_words(st, p.period.start).map(|w| format!("- {}: {w}", md(&st.label)))
        })
        .collect();
    if !carried.is_empty() {
        let _ = writeln!(s, "\n{}", carried.join("\n"));
    }
    if !p.outcomes.is_empty() {
        let _ = writeln!(
            s,
            "\n| Outcome | Allocated | Spent | Remaining | Used | Period passed |"
        );
        let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|");
        for o in &p.outcomes {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                md(&o.title),
                o.allocated,
                o.spent,
                o.remaining,
                percent(o.used),
                percent(o.elapsed)
            );
        }
    }
    let _ = writeln!(s);
    if p.alerts.is_empty() {
        let _ = writeln!(s, "No alerts: everything is in order.");
    } else {
        for a in &p.alerts {
            let _ = writeln!(s, "- **{}**: {}", a.severity.word(), md(&a.message));
        }
    }
    printable_string(s)
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
