//! What the dashboard and plan screens say, as rows of text with a tone each. Both the
//! update (to move between rows) and the view (to draw them) read these, and every figure a
//! gauge or colour shows is also in the words.

use ratatui::text::Line;
use rust_decimal::Decimal;

use super::state::{OpenHolder, Options};
use super::theme::Theme;
use super::widgets::wrap;
use crate::core::alert::Severity;
use crate::core::money::Money;
use crate::core::words::{long_date, percent};

/// How a piece of text should stand out; the theme turns this into style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Heading,
    Dim,
    Good,
    Warn,
    Bad,
    /// A gauge drawn in block characters (left out in screen-reader mode).
    Bar,
}

/// Something a row stands for that can be changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Allocation { outcome: String, stream: String },
    Review(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub spans: Vec<(String, Tone)>,
    pub indent: u16,
    pub target: Option<Target>,
}

impl Row {
    fn new(spans: Vec<(String, Tone)>) -> Row {
        Row {
            spans,
            indent: 0,
            target: None,
        }
    }
    fn plain(text: impl Into<String>) -> Row {
        Row::new(vec![(text.into(), Tone::Plain)])
    }
    fn heading(text: impl Into<String>) -> Row {
        Row::new(vec![(text.into(), Tone::Heading)])
    }
    fn blank() -> Row {
        Row::new(Vec::new())
    }
    fn indented(mut self, by: u16) -> Row {
        self.indent = by;
        self
    }
    /// The row as one string, as a screen reader would hear it.
    pub fn text(&self) -> String {
        self.spans.iter().map(|(s, _)| s.as_str()).collect()
    }
    /// The row wrapped to `width` cells and styled; gauges are left out in screen-reader
    /// mode (their figures are in the words).
    pub fn lines(&self, width: u16, theme: Theme, accessible: bool) -> Vec<Line<'static>> {
        let pieces = self
            .spans
            .iter()
            .filter(|(_, tone)| !(accessible && *tone == Tone::Bar))
            .map(|(text, tone)| (text.as_str(), theme.tone(*tone)));
        wrap(pieces, self.indent as usize, width as usize)
    }
}

/// Money as it should be read: negative balances in words, not a minus sign.
pub fn balance_words(m: Money) -> String {
    if m.is_negative() {
        format!("overspent by {}", m.abs())
    } else {
        m.to_string()
    }
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

pub fn dashboard(h: &OpenHolder, opts: &Options) -> Vec<Row> {
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

pub fn plan(h: &OpenHolder, _opts: &Options) -> Vec<Row> {
    let plan = &h.files.plan.plan;
    let mut rows = Vec::new();
    let refs: Vec<String> = plan
        .holder
        .references
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    rows.push(Row::plain(format!(
        "{}{}",
        plan.holder.name,
        if refs.is_empty() {
            String::new()
        } else {
            format!(" (references: {})", refs.join(", "))
        }
    )));
    rows.push(Row::plain(format!(
        "Plan period {} to {}.",
        long_date(plan.period.start),
        long_date(plan.period.end)
    )));
    let b = &plan.budget;
    let money = |m: Option<Money>| m.map_or("not set".to_string(), |m| m.to_string());
    rows.push(Row::plain(format!(
        "Budget: indicative {}; agreed {}; contingency {}.",
        money(b.indicative),
        money(b.agreed),
        money(b.contingency)
    )));
    rows.push(Row::blank());
    rows.push(Row::heading("Funding streams"));
    for s in &plan.streams {
        let each = match (s.amount, s.weekly_rate) {
            (Some(a), _) => format!("{a} {}", s.schedule.describe()),
            (None, Some(w)) => format!("{w} a week, paid {}", s.schedule.describe()),
            (None, None) => s.schedule.describe().to_string(),
        };
        rows.push(Row::plain(format!("{}: {}", s.label(), s.funder)));
        rows.push(
            Row::plain(format!(
                "{}; {}, first paid {}; surplus limit {} weeks{}.",
                s.management.describe(),
                each,
                long_date(s.first_payment),
                s.surplus_threshold_weeks,
                s.client_contribution
                    .map(|c| format!("; client contribution {c}"))
                    .unwrap_or_default()
            ))
            .indented(2),
        );
    }
    rows.push(Row::blank());
    rows.push(Row::heading("Outcomes and allocations"));
    for o in &plan.outcomes {
        rows.push(Row::plain(format!(
            "{}: allocated {}",
            o.title,
            o.allocated()
        )));
        if let Some(w) = &o.what_matters {
            rows.push(Row::new(vec![(format!("What matters: {w}"), Tone::Dim)]).indented(2));
        }
        for s in &o.support {
            rows.push(Row::new(vec![(format!("Support: {s}"), Tone::Dim)]).indented(2));
        }
        for s in &plan.streams {
            let amount = o.allocation.get(&s.id).copied().unwrap_or_default();
            let mut row =
                Row::plain(format!("Allocation from {}: {amount}", s.label())).indented(2);
            row.target = Some(Target::Allocation {
                outcome: o.id.clone(),
                stream: s.id.clone(),
            });
            rows.push(row);
        }
    }
    rows.push(Row::blank());
    rows.push(Row::heading("Reviews"));
    if plan.reviews.is_empty() {
        rows.push(Row::plain("No review dates in the plan.").indented(2));
    }
    for (i, r) in plan.reviews.iter().enumerate() {
        let mut row = Row::plain(format!(
            "Review on {}{}{}",
            long_date(r.date),
            if r.done { " (done)" } else { "" },
            r.note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        ))
        .indented(2);
        row.target = Some(Target::Review(i));
        rows.push(row);
    }
    for w in &h.files.plan.warnings {
        rows.push(Row::new(vec![(
            format!("Warning (plan.toml line {}): {}", w.line, w.message),
            Tone::Warn,
        )]));
    }
    rows
}
