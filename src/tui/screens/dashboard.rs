//! A person's dashboard: where the money stands, the alerts, each funding stream and
//! outcome, and where the plan is heading, as rows of sentences.

use ratatui::Frame;
use ratatui::layout::Rect;
use rust_decimal::Decimal;

use super::{Drawn, Row, Tone, balance_words, draw_rows};
use crate::core::alert::Severity;
use crate::core::words::{long_date, percent};
use crate::tui::state::{OpenHolder, Options, State};
use crate::tui::theme::Theme;

pub fn draw(state: &State, h: &OpenHolder, frame: &mut Frame, area: Rect, theme: Theme) -> Drawn {
    draw_rows(state, frame, area, theme, &rows(h, &state.opts), h.dash_sel)
}

/// A gauge of `width` cells: filled for `share` (0..1+), with the period's elapsed share
/// marked. Block characters: only for the sighted layout.
fn bar(share: Decimal, width: usize) -> String {
    let filled = (share.min(Decimal::ONE).max(Decimal::ZERO) * Decimal::from(width as u64))
        .round()
        .try_into()
        .unwrap_or(0usize);
    let mut s = "█".repeat(filled.min(width));
    s.push_str(&"░".repeat(width - filled.min(width)));
    s
}

/// The dashboard's rows, top to bottom.
pub fn rows(h: &OpenHolder, opts: &Options) -> Vec<Row> {
    let plan = &h.files.plan.plan;
    let p = &h.position;
    let mut rows = Vec::new();
    rows.push(Row::plain(format!(
        "Plan period {} to {}. Day {} of {}: {} of the period has passed.",
        long_date(p.period.start),
        long_date(p.period.end),
        p.period.days_elapsed,
        p.period.days,
        percent(p.period.elapsed)
    )));
    rows.push(Row::new(vec![
        ("Budget: ".into(), Tone::Plain),
        (p.totals.budget.to_string(), Tone::Plain),
        (". Received: ".into(), Tone::Plain),
        (p.totals.received.to_string(), Tone::Plain),
        (". Spent: ".into(), Tone::Plain),
        (p.totals.spent.to_string(), Tone::Plain),
        (". Balance: ".into(), Tone::Plain),
        (
            balance_words(p.totals.balance),
            if p.totals.balance.is_negative() {
                Tone::Bad
            } else {
                Tone::Good
            },
        ),
        (".".into(), Tone::Plain),
    ]));
    rows.push(Row::blank());
    if p.alerts.is_empty() {
        rows.push(Row::heading("Alerts: none. Nothing needs attention."));
    } else {
        rows.push(Row::heading(format!(
            "Alerts: {}, most serious first",
            p.alerts.len()
        )));
        for a in &p.alerts {
            let tone = match a.severity {
                Severity::Serious => Tone::Bad,
                Severity::Warning => Tone::Warn,
                Severity::Notice => Tone::Plain,
            };
            rows.push(
                Row::new(vec![
                    (format!("{}: ", a.severity.word()), tone),
                    (a.message.clone(), Tone::Plain),
                ])
                .indented(2),
            );
        }
    }
    rows.push(Row::blank());
    rows.push(Row::heading("Money by funding stream"));
    for s in &p.streams {
        let stream = plan.stream(&s.id);
        let direct =
            stream.is_some_and(|st| st.management == crate::core::plan::Management::DirectPayment);
        rows.push(Row::new(vec![(
            format!("{} ({}, {})", s.label, s.management.describe(), s.funder),
            Tone::Plain,
        )]));
        let mut line = vec![];
        if direct {
            line.push((
                format!(
                    "Received {}{} (expected {} by now). Spent {}. ",
                    s.received,
                    if s.contributions.is_zero() {
                        String::new()
                    } else {
                        format!(", with {} of contributions", s.contributions)
                    },
                    s.expected_to_date,
                    s.spent
                ),
                Tone::Plain,
            ));
            line.push(("Balance: ".into(), Tone::Plain));
            line.push((
                balance_words(s.balance),
                if s.balance.is_negative() {
                    Tone::Bad
                } else {
                    Tone::Plain
                },
            ));
            line.push((".".into(), Tone::Plain));
            if s.committed.is_positive() {
                line.push((
                    format!(
                        " Owed to HMRC from it: {}, leaving {}.",
                        s.committed,
                        balance_words(s.balance - s.committed)
                    ),
                    Tone::Plain,
                ));
            }
        } else {
            line.push((
                format!(
                    "Held by the funder. Committed {} of {}; {} left to commit.",
                    s.spent,
                    s.budget,
                    balance_words(s.budget - s.spent)
                ),
                Tone::Plain,
            ));
        }
        rows.push(Row::new(line).indented(2));
        if let Some(next) = &s.next_payment {
            rows.push(
                Row::plain(format!(
                    "Next payment: {} on {}.",
                    next.amount,
                    long_date(next.date)
                ))
                .indented(2),
            );
        }
    }
    rows.push(Row::blank());
    rows.push(Row::heading("Outcomes: what matters to me"));
    for o in &p.outcomes {
        rows.push(Row::plain(o.title.clone()));
        let over = o.remaining.is_negative();
        let behind = o.used > o.elapsed + Decimal::new(10, 2);
        let mut spans = Vec::new();
        if !opts.accessible {
            spans.push((bar(o.used, 16), Tone::Bar));
            spans.push((" ".into(), Tone::Plain));
        }
        spans.push((
            format!(
                "Spent {} of {} ({}); ",
                o.spent,
                o.allocated,
                percent(o.used)
            ),
            Tone::Plain,
        ));
        spans.push((
            if over {
                format!("{} over", o.remaining.abs())
            } else {
                format!("{} left", o.remaining)
            },
            if over {
                Tone::Bad
            } else if behind {
                Tone::Warn
            } else {
                Tone::Good
            },
        ));
        spans.push((
            format!("; {} of the period passed.", percent(o.elapsed)),
            Tone::Plain,
        ));
        rows.push(Row::new(spans).indented(2));
    }
    if !p.unlinked_spent.is_zero() {
        rows.push(Row::plain(format!(
            "Spending not linked to an outcome in the plan: {}.",
            p.unlinked_spent
        )));
    }
    let direct = plan
        .streams
        .iter()
        .any(|s| s.management == crate::core::plan::Management::DirectPayment);
    if direct && let Some((due, period)) = crate::core::report::monitoring::next_return(opts.today)
    {
        rows.push(Row::plain(format!(
            "Next monitoring return: {} to {}, due by {} (press m to make it).",
            long_date(period.from),
            long_date(period.to),
            long_date(due)
        )));
    }
    rows.push(Row::blank());
    rows.push(Row::heading("By the end of the plan"));
    let projected = p.totals.projected_balance;
    rows.push(Row::new(vec![
        (
            format!(
                "At the rate so far, on {} the balance will be: ",
                long_date(p.period.end)
            ),
            Tone::Plain,
        ),
        (
            balance_words(projected),
            if projected.is_negative() {
                Tone::Bad
            } else {
                Tone::Plain
            },
        ),
        (".".into(), Tone::Plain),
    ]));
    rows
}
