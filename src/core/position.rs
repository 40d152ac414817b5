//! Where the budget stands on a given day: per funding stream, per outcome, projected to the
//! end of the plan period, and the alerts a holder or broker should act on, in plain words.
//!
//! Everything is worked out from the plan, the journals and "today"; nothing here reads a
//! clock or a file.
//!
//! How money is counted:
//! - Only entries dated inside the plan period and on or before today count. Entries after
//!   today are planned, not yet spent.
//! - A **direct payment** stream is a real bank account (`assets:direct-payment:<id>`):
//!   received is money paid into it from an `income:` account, spent is what went to
//!   `expenses:` accounts from it, and the balance is the account's balance today, including
//!   anything carried over from before the period.
//! - A **notional** or **third-party** stream has no account of the holder's own: the funder or
//!   provider holds the money. Received is what the schedule has made available so far, spent
//!   is what has been committed against it, and the balance is the difference.
//! - Spending belongs to an outcome through its `outcome:` tag and to a stream through the
//!   stream account it was paid from (or, failing that, its `stream:` tag).

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::expected;
use super::journal::Journal;
use super::money::Money;
use super::plan::{FundingStream, Management, Period, Plan};
use super::role::{Income, Role, roles};
use super::schedule::{self, Payment};
use super::settings::Settings;
// The front ends still reach these through here; new code should use `core::alert` and
// `core::words`.
pub use super::alert::{Alert, AlertKind, Severity};
pub use super::words::{long_date, plural};

/// Before this many days of the period have passed, a projection would be guesswork.
const MIN_DAYS_TO_PROJECT: i64 = 28;
/// How far ahead a review counts as due.
const REVIEW_NOTICE_DAYS: i64 = 28;

#[derive(Debug, Clone, Serialize)]
pub struct Position {
    pub as_of: NaiveDate,
    pub period: PeriodProgress,
    pub streams: Vec<StreamPosition>,
    pub outcomes: Vec<OutcomePosition>,
    /// Spending not linked to an outcome in the plan (no tag, or a tag the plan lacks).
    pub unlinked_spent: Money,
    pub totals: Totals,
    /// The direct payments' money carried forward from before the period (last plan year's
    /// closing balance), less any surplus returned to the funder in the period.
    pub opening_balance: Money,
    /// Surplus returned to the funder in the period (entries to `equity:returned:<stream>`).
    pub returned: Money,
    pub next_review: Option<NaiveDate>,
    pub alerts: Vec<Alert>,
    /// What employing the plan's PAs costs over the period, when the plan names any (for the
    /// screens; `report employer` is the report of it).
    #[serde(skip)]
    pub employer: Option<super::employer::cost::EmployerCost>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodProgress {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub days: i64,
    pub days_elapsed: i64,
    /// Share of the period passed, 0 to 1.
    pub elapsed: Decimal,
}

#[derive(Debug, Clone, Serialize)]
pub struct StreamPosition {
    pub id: String,
    pub label: String,
    pub funder: String,
    pub management: Management,
    /// What the period is funded with: the funder's payments plus the holder's contributions.
    pub budget: Money,
    /// Payments (and contributions) the schedule says should have arrived in the period so far.
    pub expected_to_date: Money,
    pub received: Money,
    pub contributions: Money,
    pub spent: Money,
    /// Direct payments: the account balance at period start (the closing balance of the
    /// year before), less any surplus returned to the funder in the period.
    pub opening_balance: Money,
    /// Surplus returned to the funder in the period.
    pub returned: Money,
    /// Funder payments received before the period that pay for it (the 31 March payment of
    /// a 4-weekly stream): part of the opening balance and of this period's budget.
    pub received_in_advance: Money,
    pub balance: Money,
    pub next_payment: Option<NextPayment>,
    /// Spending by period end if it carries on at the rate so far.
    pub projected_spent: Money,
    /// The balance left at period end on that projection (negative: overspent).
    pub projected_balance: Money,
    /// A balance above this may be clawed back (direct payments only).
    pub surplus_threshold: Money,
    /// What was spent in each calendar month of the period, the first month first, up to
    /// today (for the chart of spending against time; `pace` reads it).
    #[serde(skip)]
    pub by_month: Vec<Money>,
    /// Money in the balance already owed: income tax and NI that pay days left owing to
    /// HMRC, not yet paid (see `core::employer::payroll`).
    pub committed: Money,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct NextPayment {
    pub date: NaiveDate,
    pub amount: Money,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomePosition {
    pub id: String,
    pub title: String,
    pub allocated: Money,
    pub spent: Money,
    pub remaining: Money,
    /// Share of the allocation spent, 0 upwards (above 1 is overspent).
    pub used: Decimal,
    /// Share of the period passed, for comparison with `used`.
    pub elapsed: Decimal,
    pub projected_spent: Money,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub budget: Money,
    pub received: Money,
    pub spent: Money,
    pub balance: Money,
    pub projected_balance: Money,
    /// Owed to HMRC from the balance (see [`StreamPosition::committed`]).
    pub committed: Money,
}

/// Spending that needs a second look, gathered across the journal.
#[derive(Default)]
struct Tally {
    count: usize,
    total: Money,
    lines: Vec<u32>,
    names: Vec<String>,
    /// The entry last added, so two lines of one split entry count as one entry.
    last: Option<u32>,
}

impl Tally {
    fn add(&mut self, amount: Money, line: u32, name: Option<&str>) {
        self.total += amount;
        if let Some(n) = name.filter(|n| !self.names.iter().any(|m| m == n)) {
            self.names.push(n.to_string());
        }
        if self.last.replace(line) == Some(line) {
            return;
        }
        self.count += 1;
        if self.lines.len() < 50 {
            self.lines.push(line);
        }
    }
}

pub fn compute(
    plan: &Plan,
    journals: &[Journal],
    settings: &Settings,
    today: NaiveDate,
) -> Position {
    let period = plan.period;
    let counted_until = today.min(period.end);
    let elapsed_days = period.days_elapsed(today);
    let elapsed = Decimal::from(elapsed_days) / Decimal::from(period.days().max(1));

    let n = plan.streams.len();
    let mut received = vec![Money::ZERO; n];
    let mut contributions = vec![Money::ZERO; n];
    let mut spent = vec![Money::ZERO; n];
    let mut balance = vec![Money::ZERO; n];
    let mut opening = vec![Money::ZERO; n];
    let mut returned = vec![Money::ZERO; n];
    let mut outcome_spent = vec![Money::ZERO; plan.outcomes.len()];
    let months = super::pace::month_index(period.start, period.end) + 1;
    let mut by_month = vec![vec![Money::ZERO; months]; n];
    let outcome_index: HashMap<&str, usize> = plan
        .outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let (mut no_outcome, mut unknown_outcome, mut no_receipt, mut excluded, mut unknown_stream) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let mut excluded_names: Vec<String> = Vec::new();

    for j in journals {
        let roles = roles(plan, settings, j);
        let returns: Vec<bool> = j
            .accounts()
            .iter()
            .map(|a| a.starts_with(super::accounts::RETURNED))
            .collect();
        for tx in j.transactions() {
            if tx.date > counted_until {
                continue;
            }
            let in_period = tx.date >= period.start;
            let postings = j.postings(tx);
            if in_period && postings.iter().any(|p| returns[p.account.0 as usize]) {
                for p in postings {
                    if let Role::Stream(s) = roles[p.account.0 as usize] {
                        returned[s] -= p.amount;
                    }
                }
            }
            let mut stream = None;
            let mut income = None;
            let mut spend = Money::ZERO;
            let mut excluded_here = false;
            for p in postings {
                match roles[p.account.0 as usize] {
                    Role::Stream(s) => {
                        stream.get_or_insert(s);
                        balance[s] += p.amount;
                        if !in_period {
                            opening[s] += p.amount;
                        }
                    }
                    Role::UnknownStream if in_period => {
                        unknown_stream.add(p.amount.abs(), tx.line, Some(j.account_name(p.account)))
                    }
                    Role::Income(kind) => income = Some(kind == Income::Contribution),
                    Role::Expense { excluded: e } => {
                        spend += p.amount;
                        excluded_here |= e;
                    }
                    _ => {}
                }
            }
            if !in_period {
                continue;
            }
            let stream = stream.or_else(|| {
                j.tag(tx, "stream")
                    .and_then(|id| plan.streams.iter().position(|s| s.id == id))
            });
            if let (Some(s), Some(contribution)) = (stream, income) {
                let into_stream: Money = postings
                    .iter()
                    .filter(|p| roles[p.account.0 as usize] == Role::Stream(s))
                    .map(|p| p.amount)
                    .sum();
                received[s] += into_stream;
                if contribution {
                    contributions[s] += into_stream;
                }
            }
            if spend.is_zero() {
                continue;
            }
            if let Some(s) = stream {
                spent[s] += spend;
                by_month[s][super::pace::month_index(period.start, tx.date)] += spend;
            }
            let mut count = |outcome: Option<&str>, amount: Money| match outcome {
                Some(id) => match outcome_index.get(id) {
                    Some(&o) => outcome_spent[o] += amount,
                    None => unknown_outcome.add(amount, tx.line, Some(id)),
                },
                None => no_outcome.add(amount, tx.line, None),
            };
            if j.is_split(tx) {
                // Each spending line counts for its own outcome, as hledger reads it.
                for (k, p) in postings.iter().enumerate() {
                    if matches!(roles[p.account.0 as usize], Role::Expense { .. }) {
                        count(j.posting_tag(tx, k, "outcome"), p.amount);
                    }
                }
            } else {
                count(j.tag(tx, "outcome"), spend);
            }
            if spend.is_positive() && j.tag(tx, "receipt").is_none() {
                no_receipt.add(spend, tx.line, None);
            }
            if excluded_here {
                for p in postings {
                    if let Some(c) = settings.excluded_category(j.account_name(p.account))
                        && !excluded_names.iter().any(|n| n == c)
                    {
                        excluded_names.push(c.to_string());
                    }
                }
                excluded.add(spend, tx.line, None);
            }
        }
    }

    let can_project = elapsed_days >= MIN_DAYS_TO_PROJECT && today < period.end;
    let project = |so_far: Money| -> Money {
        if can_project {
            so_far.scale(Decimal::from(period.days()), Decimal::from(elapsed_days))
        } else {
            so_far
        }
    };

    let expected_all = expected::compute(plan, journals, settings, today);
    let owed = super::employer::payroll::hmrc_owed(plan, journals, today);
    let mut alerts = Vec::new();
    let mut streams = Vec::with_capacity(n);
    for (i, s) in plan.streams.iter().enumerate() {
        let terms = s.terms();
        let landed = schedule::payments_until(&terms, period.end);
        let budget = schedule::money_for_period(&terms, &period);
        let expected: Money = landed
            .iter()
            .filter(|p| p.date >= period.start && p.date <= today)
            .map(|p| p.amount + p.contribution)
            .sum();
        let next_payment = landed
            .iter()
            .find(|p| p.date > today)
            .map(|p: &Payment| NextPayment {
                date: p.date,
                amount: p.amount,
            });
        let direct = s.management == Management::DirectPayment;
        let (got, bal) = if direct {
            (received[i], balance[i])
        } else {
            (expected, expected - spent[i])
        };
        let projected_spent = project(spent[i]);
        // Money still to arrive that pays for this period.
        let to_come: Money = schedule::payments_for_period(&terms, &period)
            .iter()
            .filter(|p| p.date > today)
            .map(|p| p.amount + p.contribution)
            .sum();
        // Owed to HMRC: counted as spent already, but still in the account until paid.
        let committed = owed[i];
        let projected_balance = if direct {
            bal - committed + to_come - (projected_spent - spent[i])
        } else {
            budget - projected_spent
        };
        let threshold = surplus_threshold(s, &period);
        let label = s.label().to_string();

        if direct && bal.is_negative() {
            alerts.push(alert(AlertKind::Overspend, Severity::Serious, format!(
                "The {label} account is overdrawn by {}. Pay money in or move a payment to another stream.",
                bal.abs()
            )));
        } else if spent[i] > budget && budget.is_positive() {
            alerts.push(alert(
                AlertKind::Overspend,
                Severity::Serious,
                format!(
                    "{label} has spent {} against {} for the plan period: {} over.",
                    spent[i],
                    budget,
                    spent[i] - budget
                ),
            ));
        } else if can_project && projected_balance.is_negative() {
            alerts.push(alert(
                AlertKind::ProjectedOverspend,
                Severity::Warning,
                format!(
                    "At the rate so far, {label} will be overspent by about {} on {}.",
                    projected_balance.abs(),
                    long_date(period.end)
                ),
            ));
        }
        let free = bal - committed;
        if direct && s.surplus_threshold_weeks > 0 && threshold.is_positive() && free > threshold {
            let holds = if committed.is_zero() {
                format!("The {label} account holds {bal}, more than")
            } else {
                format!(
                    "The {label} account holds {bal}; {committed} of it is owed to HMRC, and the other {free} is more than"
                )
            };
            alerts.push(alert(AlertKind::Surplus, Severity::Warning, format!(
                "{holds} {} weeks of payments ({threshold}). The funder may ask for {} back; plan how to use it or talk to them.",
                s.surplus_threshold_weeks,
                free - threshold
            )));
        }
        let received_in_advance: Money = if direct {
            advance(&expected_all, &s.id, period.start)
        } else {
            Money::ZERO
        };
        streams.push(StreamPosition {
            id: s.id.clone(),
            label,
            funder: s.funder.clone(),
            management: s.management,
            budget,
            expected_to_date: expected,
            received: got,
            contributions: contributions[i],
            spent: spent[i],
            opening_balance: if direct {
                opening[i] - returned[i]
            } else {
                Money::ZERO
            },
            returned: returned[i],
            received_in_advance,
            balance: bal,
            next_payment,
            projected_spent,
            projected_balance,
            surplus_threshold: if direct { threshold } else { Money::ZERO },
            by_month: std::mem::take(&mut by_month[i]),
            committed,
        });
    }

    let mut outcomes = Vec::with_capacity(plan.outcomes.len());
    for (i, o) in plan.outcomes.iter().enumerate() {
        let allocated = o.allocated();
        let spent = outcome_spent[i];
        let projected_spent = project(spent);
        let used = if allocated.is_zero() {
            Decimal::ZERO
        } else {
            (spent.as_decimal() / allocated.as_decimal()).round_dp(4)
        };
        if spent > allocated {
            alerts.push(alert(
                AlertKind::Overspend,
                Severity::Serious,
                format!(
                    "\"{}\" has spent {spent} of its {allocated} allocation: {} over.",
                    o.title,
                    spent - allocated
                ),
            ));
        } else if can_project && projected_spent > allocated {
            alerts.push(alert(AlertKind::ProjectedOverspend, Severity::Warning, format!(
                "At the rate so far, \"{}\" will spend about {projected_spent} by {}, {} more than its {allocated} allocation.",
                o.title,
                long_date(period.end),
                projected_spent - allocated
            )));
        }
        outcomes.push(OutcomePosition {
            id: o.id.clone(),
            title: o.title.clone(),
            allocated,
            spent,
            remaining: allocated - spent,
            used,
            elapsed: elapsed.round_dp(4),
            projected_spent,
        });
    }

    let mut next_review = None;
    for r in plan.reviews.iter().filter(|r| !r.done) {
        let days = (r.date - today).num_days();
        let what = r.note.as_deref().unwrap_or("The plan review");
        if days < 0 {
            alerts.push(alert(AlertKind::ReviewOverdue, Severity::Serious, format!(
                "{what} was due on {} and is {} overdue. Contact the care coordinator to arrange it.",
                long_date(r.date),
                plural(-days, "day")
            )));
        } else if days <= REVIEW_NOTICE_DAYS {
            alerts.push(alert(
                AlertKind::ReviewDue,
                Severity::Notice,
                format!(
                    "{what} is due in {}, on {}.",
                    plural(days, "day"),
                    long_date(r.date)
                ),
            ));
        }
        // The earliest review not yet done, overdue ones included.
        if next_review.is_none_or(|d| r.date < d) {
            next_review = Some(r.date);
        }
    }

    let payments = |t: &Tally| format!("{} ({})", plural(t.count as i64, "payment"), t.total);
    let quoted = |names: &[String]| {
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if excluded.count > 0 {
        alerts.push(Alert {
            kind: AlertKind::ExcludedSpending,
            severity: Severity::Serious,
            message: format!(
                "{} {} for {}, which funders usually do not allow. Check with the funder or repay the account.",
                payments(&excluded),
                were(excluded.count),
                excluded_names.join(", ")
            ),
            lines: excluded.lines,
        });
    }
    if unknown_stream.count > 0 {
        alerts.push(Alert {
            kind: AlertKind::UnknownStream,
            severity: Severity::Warning,
            message: format!(
                "{} {} an account for a funding stream the plan does not have: {}.",
                plural(unknown_stream.count as i64, "entry"),
                if unknown_stream.count == 1 {
                    "uses"
                } else {
                    "use"
                },
                unknown_stream.names.join(", ")
            ),
            lines: unknown_stream.lines,
        });
    }
    if unknown_outcome.count > 0 {
        alerts.push(Alert {
            kind: AlertKind::UnknownOutcome,
            severity: Severity::Warning,
            message: format!(
                "{} {} an outcome the plan does not have: {}. Correct the outcome so the money is accounted for.",
                payments(&unknown_outcome),
                if unknown_outcome.count == 1 { "names" } else { "name" },
                quoted(&unknown_outcome.names)
            ),
            lines: unknown_outcome.lines,
        });
    }
    if no_outcome.count > 0 {
        alerts.push(Alert {
            kind: AlertKind::NoOutcome,
            severity: Severity::Notice,
            message: format!(
                "{} {} not linked to an outcome in the plan.",
                payments(&no_outcome),
                were(no_outcome.count)
            ),
            lines: no_outcome.lines,
        });
    }
    if no_receipt.count > 0 {
        alerts.push(Alert {
            kind: AlertKind::NoReceipt,
            severity: Severity::Notice,
            message: format!(
                "{} {} no receipt reference. Add one so the monitoring return can show it.",
                payments(&no_receipt),
                if no_receipt.count == 1 { "has" } else { "have" }
            ),
            lines: no_receipt.lines,
        });
    }
    alerts.extend(expected::alerts(plan, &expected_all));
    alerts.extend(super::employer::alerts::alerts(
        plan,
        &settings.rates,
        today,
    ));
    if journals.first().is_some_and(|j| j.text().trim().is_empty()) {
        // careledger starts every journal with a header, so a file with nothing in it was
        // most likely emptied or replaced by something else (a sync program's conflict, a
        // failed copy). Said first: every other figure describes no records at all.
        alerts.push(alert(
            AlertKind::EmptyJournal,
            Severity::Serious,
            "The journal (ledger.journal) is empty: no money in or out is recorded at all. If a sync program or a copy emptied or replaced it, get the earlier copy back before recording anything; alerts about missing payments may only mean the records are missing.".into(),
        ));
    }
    alerts.sort_by(|a, b| b.severity.cmp(&a.severity).then(a.kind.cmp(&b.kind)));

    let mut totals = Totals::default();
    for s in &streams {
        totals.budget += s.budget;
        totals.received += s.received;
        totals.spent += s.spent;
        totals.balance += s.balance;
        totals.projected_balance += s.projected_balance;
        totals.committed += s.committed;
    }
    let linked: Money = outcomes.iter().map(|o| o.spent).sum();
    let opening_balance = streams.iter().map(|s| s.opening_balance).sum();
    let returned_total = returned.iter().copied().sum();
    Position {
        as_of: today,
        period: PeriodProgress {
            start: period.start,
            end: period.end,
            days: period.days(),
            days_elapsed: elapsed_days,
            elapsed: elapsed.round_dp(4),
        },
        unlinked_spent: totals.spent - linked,
        streams,
        outcomes,
        totals,
        opening_balance,
        returned: returned_total,
        next_review,
        alerts,
        employer: (!plan.employees.is_empty())
            .then(|| super::employer::cost::compute(plan, &settings.rates)),
    }
}

/// The funder's money for `stream` that arrived before `start` and matched a payment that
/// pays for the period.
fn advance(expected: &expected::ExpectedPayments, stream: &str, start: NaiveDate) -> Money {
    expected
        .payments
        .iter()
        .filter(|p| p.stream == stream && p.source == expected::Source::Funder)
        .filter_map(|p| p.received.as_ref())
        .filter(|r| r.date < start)
        .map(|r| r.amount)
        .sum()
}

/// The balance above which a direct payment's funder may claw money back:
/// `surplus_threshold_weeks` of the funder's weekly equivalent over `period`.
pub fn surplus_threshold(stream: &FundingStream, period: &Period) -> Money {
    schedule::weekly_equivalent(&stream.terms(), period)
        .scale(Decimal::from(stream.surplus_threshold_weeks), Decimal::ONE)
}

fn alert(kind: AlertKind, severity: Severity, message: String) -> Alert {
    Alert {
        kind,
        severity,
        message,
        lines: Vec::new(),
    }
}

fn were(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan;

    const PLAN: &str = r#"
[holder]
name = "Test Holder"
[period]
start = 2026-04-01
end = 2027-03-31
[[reviews]]
date = 2026-10-01
note = "The six-month review"
[[reviews]]
date = 2026-11-10
[[streams]]
id = "sc"
name = "Council direct payment"
funder = "Council"
kind = "social-care"
management = "direct-payment"
schedule = "4-weekly"
amount = "1000.00"
first_payment = 2026-04-01
client_contribution = "40.00"
[[streams]]
id = "nhs"
funder = "NHS"
kind = "health"
management = "notional"
schedule = "yearly"
amount = "3650.00"
first_payment = 2026-04-01
[[outcomes]]
id = "home"
title = "Stay at home"
allocation = { sc = "10000.00", nhs = "3650.00" }
[[outcomes]]
id = "out"
title = "Get out and about"
allocation = { sc = "500.00" }
"#;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }
    fn position(journal: &str, today: &str) -> Position {
        let plan = plan::parse(PLAN).unwrap().plan;
        let j = Journal::parse(journal.to_string()).unwrap();
        compute(&plan, &[j], &Settings::default(), d(today))
    }
    fn kinds(p: &Position) -> Vec<AlertKind> {
        p.alerts.iter().map(|a| a.kind).collect()
    }

    /// Two payments in, contributions, and three kinds of spending.
    const BASE: &str = "\
2026-04-01 * Council
    assets:direct-payment:sc  £1000.00
    income:sc

2026-04-01 * Me | contribution
    assets:direct-payment:sc  £40.00
    income:client-contribution

2026-04-10 * PA
    ; outcome: home
    ; receipt: R1
    expenses:pa-wages  £600.00
    assets:direct-payment:sc

2026-04-20 * Clinic
    ; outcome: home
    ; receipt: INV9
    expenses:therapy  £100.00
    assets:notional:nhs

2026-04-29 * Council
    assets:direct-payment:sc  £1000.00
    income:sc
";

    #[test]
    fn direct_payment_and_notional_streams_are_counted_their_own_ways() {
        let p = position(BASE, "2026-05-05");
        let sc = &p.streams[0];
        assert_eq!(sc.budget, m("13520.00")); // 13 x (1000 + 40)
        assert_eq!(sc.expected_to_date, m("2080.00")); // 1 April and 29 April, with contributions
        assert_eq!(sc.received, m("2040.00")); // the second contribution has not come in
        assert_eq!(sc.contributions, m("40.00"));
        assert_eq!(sc.spent, m("600.00"));
        assert_eq!(sc.balance, m("1440.00"));
        assert_eq!(sc.next_payment.unwrap().date, d("2026-05-27"));
        let nhs = &p.streams[1];
        assert_eq!(
            (nhs.budget, nhs.received, nhs.spent, nhs.balance),
            (m("3650"), m("3650"), m("100"), m("3550"))
        );
        let home = &p.outcomes[0];
        assert_eq!(
            (home.allocated, home.spent, home.remaining),
            (m("13650"), m("700"), m("12950"))
        );
        assert_eq!(p.period.days_elapsed, 35);
        assert_eq!(p.totals.spent, m("700"));
        assert!(p.alerts.is_empty(), "{:?}", p.alerts);
    }

    #[test]
    fn entries_after_today_do_not_count_yet() {
        let p = position(BASE, "2026-04-15");
        assert_eq!(p.streams[0].received, m("1040.00"));
        assert_eq!(p.streams[1].spent, m("0"));
    }

    #[test]
    fn an_overdrawn_account_is_serious() {
        let j = format!(
            "{BASE}\n2026-05-01 * Agency\n    ; outcome: home\n    ; receipt: A1\n    expenses:agency  £1500.00\n    assets:direct-payment:sc\n"
        );
        let p = position(&j, "2026-05-05");
        assert_eq!(p.streams[0].balance, m("-60.00"));
        let a = &p.alerts[0];
        assert_eq!(
            (a.kind, a.severity),
            (AlertKind::Overspend, Severity::Serious)
        );
        assert_eq!(
            a.message,
            "The Council direct payment account is overdrawn by £60.00. Pay money in or move a payment to another stream."
        );
    }

    #[test]
    fn an_outcome_over_its_allocation_now_or_by_the_end() {
        let over = format!(
            "{BASE}\n2026-04-12 * Cinema\n    ; outcome: out\n    ; receipt: C1\n    expenses:activities  £520.00\n    assets:direct-payment:sc\n"
        );
        let p = position(&over, "2026-05-05");
        assert!(p.alerts.iter().any(|a| a.kind == AlertKind::Overspend && a.message == "\"Get out and about\" has spent £520.00 of its £500.00 allocation: £20.00 over."), "{:?}", p.alerts);

        // £100 in the first 40 days runs at 365/40 x 100 = £912.50 for the year.
        let fast = format!(
            "{BASE}\n2026-04-12 * Cinema\n    ; outcome: out\n    ; receipt: C1\n    expenses:activities  £100.00\n    assets:direct-payment:sc\n"
        );
        let p = position(&fast, "2026-05-10");
        let a = p
            .alerts
            .iter()
            .find(|a| a.kind == AlertKind::ProjectedOverspend)
            .expect("projected overspend");
        assert_eq!(
            a.message,
            "At the rate so far, \"Get out and about\" will spend about £912.50 by 31 March 2027, £412.50 more than its £500.00 allocation."
        );
        assert_eq!(p.outcomes[1].projected_spent, m("912.50"));
        // Too early in the year to project: no alert.
        assert!(!kinds(&position(&fast, "2026-04-20")).contains(&AlertKind::ProjectedOverspend));
    }

    #[test]
    fn a_surplus_above_the_threshold_is_flagged() {
        // 13 x 1000 over 365 days is £249.32 a week; 8 weeks is £1,994.56.
        let p = position(BASE.replace("£600.00", "£10.00").as_str(), "2026-05-05");
        assert_eq!(p.streams[0].surplus_threshold, m("1994.56"));
        assert_eq!(p.streams[0].balance, m("2030.00"));
        let a = p
            .alerts
            .iter()
            .find(|a| a.kind == AlertKind::Surplus)
            .expect("surplus");
        assert!(
            a.message
                .contains("holds £2,030.00, more than 8 weeks of payments (£1,994.56)"),
            "{}",
            a.message
        );
        assert!(a.message.contains("£35.44 back"), "{}", a.message);
    }

    #[test]
    fn reviews_due_soon_and_overdue() {
        let p = position(BASE, "2026-09-20");
        let a = p
            .alerts
            .iter()
            .find(|a| a.kind == AlertKind::ReviewDue)
            .expect("due");
        assert_eq!(
            a.message,
            "The six-month review is due in 11 days, on 1 October 2026."
        );
        assert_eq!(p.next_review, Some(d("2026-10-01")));
        let p = position(BASE, "2026-10-15");
        let k = kinds(&p);
        assert!(
            k.contains(&AlertKind::ReviewOverdue) && k.contains(&AlertKind::ReviewDue),
            "{k:?}"
        );
        assert_eq!(
            p.alerts[0].kind,
            AlertKind::ReviewOverdue,
            "serious alerts come first"
        );
        assert!(p.alerts[0].message.contains("is 14 days overdue"));
    }

    #[test]
    fn spending_without_outcome_or_receipt_or_in_excluded_categories() {
        let j = format!(
            "{BASE}
2026-04-15 * Cashpoint
    ; outcome: home
    expenses:cash  £50.00
    assets:direct-payment:sc

2026-04-16 * Shop
    ; receipt: S1
    expenses:equipment  £30.00
    assets:direct-payment:sc

2026-04-17 * Taxi
    ; outcome: gardening
    ; receipt: T1
    expenses:travel  £12.00
    assets:direct-payment:sc
"
        );
        let p = position(&j, "2026-05-05");
        let find = |k| {
            p.alerts
                .iter()
                .find(|a| a.kind == k)
                .unwrap_or_else(|| panic!("{k:?} in {:?}", p.alerts))
        };
        let e = find(AlertKind::ExcludedSpending);
        assert_eq!(
            e.message,
            "1 payment (£50.00) was for cash, which funders usually do not allow. Check with the funder or repay the account."
        );
        assert_eq!(e.lines, [25]); // BASE is 23 lines, then a blank one
        assert_eq!(
            find(AlertKind::NoReceipt).message,
            "1 payment (£50.00) has no receipt reference. Add one so the monitoring return can show it."
        );
        assert_eq!(
            find(AlertKind::NoOutcome).message,
            "1 payment (£30.00) was not linked to an outcome in the plan."
        );
        assert!(
            find(AlertKind::UnknownOutcome)
                .message
                .contains("\"gardening\"")
        );
        assert_eq!(p.unlinked_spent, m("42.00"));
        assert_eq!(p.alerts[0].severity, Severity::Serious);
    }

    #[test]
    fn money_in_an_account_for_a_stream_the_plan_lacks() {
        let j = format!(
            "{BASE}\n2026-04-15 * Council\n    assets:direct-payment:education  £10.00\n    income:education\n"
        );
        let p = position(&j, "2026-05-05");
        let a = p
            .alerts
            .iter()
            .find(|a| a.kind == AlertKind::UnknownStream)
            .expect("unknown stream");
        assert!(
            a.message.contains("assets:direct-payment:education"),
            "{}",
            a.message
        );
    }
}
