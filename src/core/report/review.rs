//! The outcome review summary, for the plan review meeting: outcome by outcome, what the plan
//! said mattered, what was allocated against what was spent, what the money bought (payees
//! and amounts, grouped) and the notes written on those payments.
//!
//! The figures are the budget position's (see [`crate::core::position`]): entries in the plan
//! period up to today, spending being what went to `expenses:` accounts, linked to an outcome
//! by its `outcome:` tag. Spending with no outcome, or one the plan lacks, is shown last so
//! the meeting can decide where it belongs.

use std::collections::BTreeMap;
use std::fmt::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::core::accounts;
use crate::core::journal::Journal;
use crate::core::money::Money;
use crate::core::plan::Plan;
use crate::core::position::Position;
use crate::core::printable::printable_string;
use crate::core::role::{Role, role};
use crate::core::settings::Settings;
use crate::core::words::{long_date, percent, plural};

use super::markdown::text as md;

/// How many notes per payee the text and Markdown show (JSON has them all).
const NOTES_SHOWN: usize = 3;

#[derive(Debug, Clone, Serialize)]
pub struct ReviewSummary {
    pub holder_id: String,
    pub name: String,
    pub as_of: NaiveDate,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub days_elapsed: i64,
    pub days: i64,
    pub elapsed: Decimal,
    pub next_review: Option<NaiveDate>,
    pub outcomes: Vec<OutcomeReview>,
    /// Spending with no outcome or an outcome the plan lacks; absent when there is none.
    pub not_linked: Option<OutcomeReview>,
    pub allocated: Money,
    pub spent: Money,
    pub contingency: Option<Money>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeReview {
    pub id: Option<String>,
    pub title: String,
    pub what_matters: Option<String>,
    pub support: Vec<String>,
    pub allocated: Money,
    /// Stream id -> allocation from it.
    pub allocation: BTreeMap<String, Money>,
    pub spent: Money,
    pub remaining: Money,
    /// Share of the allocation spent (above 1 is overspent).
    pub used: Decimal,
    /// Largest total first.
    pub bought: Vec<Purchase>,
}

/// Payments to one payee for one outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Purchase {
    pub payee: String,
    pub count: usize,
    pub total: Money,
    /// Expense categories, e.g. `pa-wages`, in first-seen order.
    pub categories: Vec<String>,
    /// Outcome ids the plan lacks that these payments named (for spending not linked).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_outcomes: Vec<String>,
    /// The notes written on these payments, each once, oldest first.
    pub notes: Vec<String>,
}

/// The summary, built on the budget position for the same day.
pub fn compute(
    holder_id: &str,
    plan: &Plan,
    journals: &[Journal],
    settings: &Settings,
    position: &Position,
) -> ReviewSummary {
    let period = plan.period;
    let counted_until = position.as_of.min(period.end);
    // Purchases per outcome index; the extra last slot is for spending not linked.
    let unlinked = plan.outcomes.len();
    let mut bought: Vec<Vec<Purchase>> = vec![Vec::new(); unlinked + 1];
    let mut unlinked_spent = Money::ZERO;
    for j in journals {
        let roles: Vec<Role> = j
            .accounts()
            .iter()
            .map(|a| role(plan, settings, a))
            .collect();
        for tx in j.transactions() {
            if tx.date < period.start || tx.date > counted_until {
                continue;
            }
            let mut spend = Money::ZERO;
            let mut categories: Vec<&str> = Vec::new();
            for p in j.postings(tx) {
                if let Role::Expense { .. } = roles[p.account.0 as usize] {
                    spend += p.amount;
                    let name = j.account_name(p.account);
                    let c = accounts::category_of(name).unwrap_or(name);
                    if !categories.contains(&c) {
                        categories.push(c);
                    }
                }
            }
            if spend.is_zero() {
                continue;
            }
            let tag = j.tag(tx, "outcome");
            let slot = tag
                .and_then(|id| plan.outcomes.iter().position(|o| o.id == id))
                .unwrap_or(unlinked);
            if slot == unlinked {
                unlinked_spent += spend;
            }
            let payee = j.payee(tx);
            let list = &mut bought[slot];
            let at = match list.iter().position(|p| p.payee == payee) {
                Some(at) => at,
                None => {
                    list.push(Purchase {
                        payee: payee.to_string(),
                        count: 0,
                        total: Money::ZERO,
                        categories: Vec::new(),
                        unknown_outcomes: Vec::new(),
                        notes: Vec::new(),
                    });
                    list.len() - 1
                }
            };
            let p = &mut list[at];
            p.count += 1;
            p.total += spend;
            for c in categories {
                if !p.categories.iter().any(|x| x == c) {
                    p.categories.push(c.to_string());
                }
            }
            if slot == unlinked
                && let Some(t) = tag
                && !p.unknown_outcomes.iter().any(|x| x == t)
            {
                p.unknown_outcomes.push(t.to_string());
            }
            if let Some(n) = j.note(tx).map(str::trim).filter(|n| !n.is_empty())
                && !p.notes.iter().any(|x| x == n)
            {
                p.notes.push(n.to_string());
            }
        }
    }
    for list in &mut bought {
        // Largest first; the sort is stable, so ties keep first-seen order.
        list.sort_by_key(|p| std::cmp::Reverse(p.total));
    }
    let mut bought = bought.into_iter();
    let outcomes: Vec<OutcomeReview> = plan
        .outcomes
        .iter()
        .zip(&position.outcomes)
        .zip(bought.by_ref())
        .map(|((o, pos), bought)| OutcomeReview {
            id: Some(o.id.clone()),
            title: o.title.clone(),
            what_matters: o.what_matters.clone(),
            support: o.support.clone(),
            allocated: pos.allocated,
            allocation: o.allocation.clone(),
            spent: pos.spent,
            remaining: pos.remaining,
            used: pos.used,
            bought,
        })
        .collect();
    let not_linked_bought = bought.next().unwrap_or_default();
    let not_linked = (!not_linked_bought.is_empty()).then(|| OutcomeReview {
        id: None,
        title: "Not linked to an outcome in the plan".to_string(),
        what_matters: None,
        support: Vec::new(),
        allocated: Money::ZERO,
        allocation: BTreeMap::new(),
        spent: unlinked_spent,
        remaining: -unlinked_spent,
        used: Decimal::ZERO,
        bought: not_linked_bought,
    });
    ReviewSummary {
        holder_id: holder_id.to_string(),
        name: plan.holder.name.clone(),
        as_of: position.as_of,
        period_start: period.start,
        period_end: period.end,
        days_elapsed: position.period.days_elapsed,
        days: position.period.days,
        elapsed: position.period.elapsed,
        next_review: position.next_review,
        allocated: outcomes.iter().map(|o| o.allocated).sum(),
        spent: outcomes.iter().map(|o| o.spent).sum::<Money>() + unlinked_spent,
        contingency: plan.budget.contingency,
        outcomes,
        not_linked,
    }
}

fn left(o: &OutcomeReview) -> String {
    if o.remaining.is_negative() {
        format!("overspent by {}", o.remaining.abs())
    } else {
        format!("remaining {}", o.remaining)
    }
}

fn purchase_words(p: &Purchase) -> String {
    let mut s = format!(
        "{}: {}, {}",
        p.payee,
        p.total,
        plural(p.count as i64, "payment")
    );
    if !p.categories.is_empty() {
        let _ = write!(s, " ({})", p.categories.join(", "));
    }
    if !p.unknown_outcomes.is_empty() {
        let _ = write!(
            s,
            "; named outcome {}",
            p.unknown_outcomes
                .iter()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    s
}

fn notes_words(p: &Purchase) -> Option<String> {
    if p.notes.is_empty() {
        return None;
    }
    let shown: Vec<&str> = p
        .notes
        .iter()
        .take(NOTES_SHOWN)
        .map(String::as_str)
        .collect();
    let mut s = shown.join("; ");
    if p.notes.len() > NOTES_SHOWN {
        let _ = write!(s, "; and {} more", p.notes.len() - NOTES_SHOWN);
    }
    Some(s)
}

fn header(r: &ReviewSummary) -> String {
    format!(
        "Plan period {} to {}; spending to {} ({} of {} days, {} of the period).",
        long_date(r.period_start),
        long_date(r.period_end),
        long_date(r.as_of.min(r.period_end)),
        r.days_elapsed,
        r.days,
        percent(r.elapsed)
    )
}

pub fn text(r: &ReviewSummary) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Outcome review: {} ({})", r.name, r.holder_id);
    let _ = writeln!(s, "{}", header(r));
    if let Some(d) = r.next_review {
        let _ = writeln!(s, "Next review: {}.", long_date(d));
    }
    for (n, o) in r.outcomes.iter().chain(r.not_linked.iter()).enumerate() {
        let _ = match &o.id {
            Some(id) => writeln!(s, "\n{}. {} ({id})", n + 1, o.title),
            None => writeln!(s, "\n{}", o.title),
        };
        if let Some(w) = &o.what_matters {
            let _ = writeln!(s, "   What matters: {w}");
        }
        if !o.support.is_empty() {
            let _ = writeln!(s, "   Planned support: {}.", o.support.join("; "));
        }
        if o.id.is_some() {
            let _ = writeln!(
                s,
                "   Allocated {}; spent {} ({} used); {}.",
                o.allocated,
                o.spent,
                percent(o.used),
                left(o)
            );
        } else {
            let _ = writeln!(s, "   Spent {}.", o.spent);
        }
        if o.bought.is_empty() {
            let _ = writeln!(s, "   Nothing bought yet.");
            continue;
        }
        let _ = writeln!(s, "   What the money bought:");
        for p in &o.bought {
            let _ = writeln!(s, "     {}.", purchase_words(p));
            if let Some(n) = notes_words(p) {
                let _ = writeln!(s, "       Notes: {n}.");
            }
        }
    }
    let _ = writeln!(s, "\nTotal: allocated {}, spent {}.", r.allocated, r.spent);
    if let Some(c) = r.contingency {
        let _ = writeln!(s, "Contingency in the plan: {c}.");
    }
    printable_string(s)
}

pub fn markdown(r: &ReviewSummary) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Outcome review: {} ({})\n",
        md(&r.name),
        md(&r.holder_id)
    );
    let _ = writeln!(s, "{}", header(r));
    if let Some(d) = r.next_review {
        let _ = writeln!(s, "Next review: {}.", long_date(d));
    }
    let _ = writeln!(
        s,
        "\n| Outcome | Allocated | Spent | Used | Remaining |\n|---|---:|---:|---:|---:|"
    );
    for o in &r.outcomes {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            md(&o.title),
            o.allocated,
            o.spent,
            percent(o.used),
            o.remaining
        );
    }
    if let Some(o) = &r.not_linked {
        let _ = writeln!(s, "| {} | | {} | | |", md(&o.title), o.spent);
    }
    let _ = writeln!(s, "| **Total** | {} | {} | | |", r.allocated, r.spent);
    for o in r.outcomes.iter().chain(r.not_linked.iter()) {
        let _ = writeln!(s, "\n## {}\n", md(&o.title));
        if let Some(w) = &o.what_matters {
            let _ = writeln!(s, "> {}\n", md(w));
        }
        if !o.support.is_empty() {
            let _ = writeln!(s, "Planned support:\n");
            for x in &o.support {
                let _ = writeln!(s, "- {}", md(x));
            }
            let _ = writeln!(s);
        }
        if o.id.is_some() {
            let _ = writeln!(
                s,
                "Allocated {}; spent {} ({} used); {}.\n",
                o.allocated,
                o.spent,
                percent(o.used),
                left(o)
            );
        }
        if o.bought.is_empty() {
            let _ = writeln!(s, "Nothing bought yet.");
            continue;
        }
        let _ = writeln!(
            s,
            "| Paid to | Payments | Total | Notes |\n|---|---:|---:|---|"
        );
        for p in &o.bought {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                md(&p.payee),
                p.count,
                p.total,
                md(&notes_words(p).unwrap_or_default())
            );
        }
    }
    printable_string(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{plan, position};

    const PLAN: &str = r#"
[holder]
name = "Test"
[period]
start = 2026-04-01
end = 2027-03-31
[[streams]]
id = "sc"
funder = "Council"
kind = "social-care"
management = "direct-payment"
schedule = "monthly"
amount = "1000.00"
first_payment = 2026-04-01
[[outcomes]]
id = "home"
title = "Stay at home"
what_matters = "My own pace."
support = ["A PA each morning"]
allocation = { sc = "9000.00" }
[[outcomes]]
id = "out"
title = "Get out"
allocation = { sc = "1000.00" }
"#;

    const JOURNAL: &str = "\
2026-04-01 * Council
    assets:direct-payment:sc  £1000.00
    income:sc

2026-04-07 * Mary | PA wages, week 1
    ; outcome: home
    expenses:pa-wages  £200.00
    assets:direct-payment:sc

2026-04-14 * Mary | PA wages, week 2
    ; outcome: home
    expenses:pa-wages  £200.00
    assets:direct-payment:sc

2026-04-15 * Shop | grab rail
    ; outcome: home
    expenses:equipment  £35.00
    assets:direct-payment:sc

2026-04-16 * Taxi | to the club
    ; outcome: gardening
    expenses:travel  £12.00
    assets:direct-payment:sc

2026-04-17 * Corner shop
    expenses:equipment  £5.00
    assets:direct-payment:sc

2026-05-01 * Mary | after today
    ; outcome: home
    expenses:pa-wages  £999.00
    assets:direct-payment:sc
";

    #[test]
    fn outcomes_show_allocation_spending_and_what_it_bought() {
        let plan = plan::parse(PLAN).unwrap().plan;
        let j = Journal::parse(JOURNAL.to_string()).unwrap();
        let settings = Settings::default();
        let today: NaiveDate = "2026-04-30".parse().unwrap();
        let pos = position::compute(&plan, std::slice::from_ref(&j), &settings, today);
        let r = compute("t", &plan, &[j], &settings, &pos);
        let home = &r.outcomes[0];
        // 200 + 200 + 35; the 1 May entry is after today.
        assert_eq!(home.spent, Money::parse("435.00").unwrap());
        assert_eq!(home.remaining, Money::parse("8565.00").unwrap());
        assert_eq!(home.bought.len(), 2);
        assert_eq!(home.bought[0].payee, "Mary");
        assert_eq!(home.bought[0].count, 2);
        assert_eq!(home.bought[0].total, Money::parse("400.00").unwrap());
        assert_eq!(
            home.bought[0].notes,
            ["PA wages, week 1", "PA wages, week 2"]
        );
        assert_eq!(home.bought[1].categories, ["equipment"]);
        assert!(r.outcomes[1].bought.is_empty());
        let other = r.not_linked.as_ref().unwrap();
        assert_eq!(other.spent, Money::parse("17.00").unwrap());
        assert_eq!(other.bought[0].unknown_outcomes, ["gardening"]);
        // The summary's figures are the position's.
        assert_eq!(r.spent, pos.totals.spent);

        let t = text(&r);
        assert!(
            t.contains("1. Stay at home (home)\n   What matters: My own pace.\n   Planned support: A PA each morning.\n   Allocated £9,000.00; spent £435.00 (5% used); remaining £8,565.00.\n"),
            "{t}"
        );
        assert!(
            t.contains("     Mary: £400.00, 2 payments (pa-wages).\n       Notes: PA wages, week 1; PA wages, week 2.\n"),
            "{t}"
        );
        assert!(t.contains("   Nothing bought yet."), "{t}");
        assert!(
            t.contains("     Taxi: £12.00, 1 payment (travel); named outcome \"gardening\".\n"),
            "{t}"
        );
        assert!(
            t.contains("Total: allocated £10,000.00, spent £452.00."),
            "{t}"
        );
        let m = markdown(&r);
        assert!(
            m.contains("| Stay at home | £9,000.00 | £435.00 | 5% | £8,565.00 |"),
            "{m}"
        );
        assert!(
            m.contains("| Mary | 2 | £400.00 | PA wages, week 1; PA wages, week 2 |"),
            "{m}"
        );
    }
}
