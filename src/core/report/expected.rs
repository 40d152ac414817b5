//! The expected payments table (see [`crate::core::expected`]): every payment the schedule
//! says is due in the plan period, and what happened to it, as text, Markdown, CSV or JSON.

use std::fmt::Write;

use super::csv::row as csv_row;
use crate::core::expected::{ExpectedPayment, ExpectedPayments, PaymentStatus, Source};
use crate::core::plan::Plan;
use crate::core::printable::printable_string;
use crate::core::words::{long_date, plural};

use super::markdown::text as md;

/// What happened, in words: "received £1,760.00 on 3 April 2026".
fn outcome_words(p: &ExpectedPayment) -> String {
    match (&p.received, p.status) {
        (Some(r), PaymentStatus::Short) => format!(
            "{} short: {} received on {}",
            (p.amount - r.amount),
            r.amount,
            long_date(r.date)
        ),
        (Some(r), _) if r.amount > p.amount => format!(
            "{} received on {} ({} more than due)",
            r.amount,
            long_date(r.date),
            r.amount - p.amount
        ),
        (Some(r), _) => format!("received on {}", long_date(r.date)),
        (None, PaymentStatus::Late) => "late: nothing received".to_string(),
        (None, PaymentStatus::Due) => "due: not received yet".to_string(),
        (None, _) => "upcoming".to_string(),
    }
}

fn stream_label<'a>(plan: &'a Plan, id: &'a str) -> &'a str {
    plan.stream(id).map_or(id, |s| s.label())
}

fn counts(e: &ExpectedPayments) -> String {
    use PaymentStatus::*;
    let parts: Vec<String> = [Received, Short, Late, Due, Upcoming]
        .iter()
        .filter(|s| e.count(**s) > 0)
        .map(|s| format!("{} {}", e.count(*s), s.word()))
        .collect();
    if parts.is_empty() {
        "no payments expected".to_string()
    } else {
        parts.join(", ")
    }
}

pub fn text(id: &str, plan: &Plan, e: &ExpectedPayments) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Expected payments: {} ({id})", plan.holder.name);
    let _ = writeln!(
        s,
        "Plan period {} to {}, as of {}: {}.",
        long_date(e.period_start),
        long_date(e.period_end),
        long_date(e.as_of),
        counts(e)
    );
    let mut current = None;
    for p in &e.payments {
        if current != Some(&p.stream) {
            current = Some(&p.stream);
            let _ = writeln!(s, "\n{} ({})", stream_label(plan, &p.stream), p.stream);
        }
        let who = match p.source {
            Source::Funder => format!("from {}", p.from),
            Source::ClientContribution => "client contribution".to_string(),
        };
        let _ = writeln!(
            s,
            "  {}, {} {who}: {}.",
            long_date(p.due),
            p.amount,
            outcome_words(p)
        );
    }
    if !e.unmatched.is_empty() {
        let _ = writeln!(
            s,
            "\nMoney received that matches no expected payment ({}):",
            plural(e.unmatched.len() as i64, "entry")
        );
        for u in &e.unmatched {
            let _ = writeln!(
                s,
                "  {}, {} from {} into {} (line {}).{}",
                long_date(u.receipt.date),
                u.receipt.amount,
                u.receipt.payee,
                stream_label(plan, &u.stream),
                u.receipt.line,
                next_words(u)
            );
        }
    }
    for id in &e.not_watched {
        let _ = writeln!(
            s,
            "\n{} ({id}) is not paid to the holder (notional or third-party money), so no payments are expected.",
            stream_label(plan, id)
        );
    }
    printable_string(s)
}

pub fn markdown(id: &str, plan: &Plan, e: &ExpectedPayments) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## Expected payments: {} ({})\n",
        md(&plan.holder.name),
        md(id)
    );
    let _ = writeln!(
        s,
        "Plan period {} to {}, as of {}: {}.\n",
        long_date(e.period_start),
        long_date(e.period_end),
        long_date(e.as_of),
        counts(e)
    );
    if !e.payments.is_empty() {
        let _ = writeln!(
            s,
            "| Stream | Due | From | Amount | Status | Received | On |\n|---|---|---|---:|---|---:|---|"
        );
        for p in &e.payments {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} |",
                md(stream_label(plan, &p.stream)),
                long_date(p.due),
                md(&p.from),
                p.amount,
                p.status.word(),
                p.received
                    .as_ref()
                    .map(|r| r.amount.to_string())
                    .unwrap_or_default(),
                p.received
                    .as_ref()
                    .map(|r| long_date(r.date))
                    .unwrap_or_default()
            );
        }
    }
    if !e.unmatched.is_empty() {
        let _ = writeln!(s, "\nMoney received that matches no expected payment:\n");
        for u in &e.unmatched {
            let _ = writeln!(
                s,
                "- {}, {} from {} (line {}){}",
                long_date(u.receipt.date),
                u.receipt.amount,
                md(&u.receipt.payee),
                u.receipt.line,
                next_words(u)
            );
        }
    }
    printable_string(s)
}

/// Said of a receipt that is the next plan year's payment, paid in advance.
fn next_words(u: &crate::core::expected::Unmatched) -> &'static str {
    if u.funds_next_period {
        " It is the payment in advance for the next plan year, and counts in that year's budget."
    } else {
        ""
    }
}

pub const CSV_HEADER: [&str; 9] = [
    "stream",
    "source",
    "from",
    "due",
    "amount",
    "status",
    "received_on",
    "received",
    "difference",
];

pub fn csv(e: &ExpectedPayments) -> String {
    let mut s = String::new();
    csv_row(&mut s, &CSV_HEADER);
    for p in &e.payments {
        let (on, got) = p
            .received
            .as_ref()
            .map(|r| (r.date.to_string(), r.amount.plain()))
            .unwrap_or_default();
        let source = match p.source {
            Source::Funder => "funder",
            Source::ClientContribution => "client-contribution",
        };
        csv_row(
            &mut s,
            &[
                &p.stream,
                source,
                &p.from,
                &p.due.to_string(),
                &p.amount.plain(),
                p.status.word(),
                &on,
                &got,
                &p.difference.plain(),
            ],
        );
    }
    s
}
