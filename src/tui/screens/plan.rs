//! A person's plan as written: the funding streams (with their dated changes), outcomes
//! with their allocations, and review dates. Allocations and review dates are changed from
//! here (e), a stream given a dated change (e on it), an outcome or a review added (o, v)
//! and a review marked done (d); see `tui::plan_edit`.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Drawn, Row, Target, Tone, draw_rows};
use crate::core::employer::alerts::reenrolment_due;
use crate::core::money::Money;
use crate::core::report::employer::hours;
use crate::core::words::long_date;
use crate::tui::state::{OpenHolder, Options, State};
use crate::tui::theme::Theme;

pub fn draw(state: &State, h: &OpenHolder, frame: &mut Frame, area: Rect, theme: Theme) -> Drawn {
    draw_rows(state, frame, area, theme, &rows(h, &state.opts), h.plan_sel)
}

/// The plan's rows, top to bottom; those that can be changed name their [`Target`].
pub fn rows(h: &OpenHolder, _opts: &Options) -> Vec<Row> {
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
    if let Some(label) = h.files.closed_year() {
        rows.push(Row::new(vec![(
            format!(
                "Plan year {label} has ended: its plan is kept as it was (years/{label}/plan.toml); ] goes to the year after."
            ),
            Tone::Warn,
        )]));
    } else if h.files.years.len() > 1 {
        rows.push(Row::plain("[ looks at the plan years before this one."));
    }
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
        let mut row = Row::plain(format!("{}: {}", s.label(), s.funder));
        row.target = Some(Target::Stream(s.id.clone()));
        rows.push(row);
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
        for c in &s.changes {
            rows.push(
                Row::plain(format!(
                    "From {}: {}{}",
                    long_date(c.from),
                    c.describe(),
                    c.note
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default()
                ))
                .indented(2),
            );
        }
        let mut add = Row::new(vec![(
            "Add a dated change or one-off money (e)".to_string(),
            Tone::Dim,
        )])
        .indented(2);
        add.target = Some(Target::StreamChange(s.id.clone()));
        rows.push(add);
    }
    rows.push(Row::blank());
    rows.push(Row::heading("Outcomes and allocations"));
    for o in &plan.outcomes {
        let mut row = Row::plain(format!("{}: allocated {}", o.title, o.allocated()));
        row.target = Some(Target::Outcome(o.id.clone()));
        rows.push(row);
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
    // What employing the PAs costs, beside the outcomes their hours serve.
    employer_rows(h, &mut rows);
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

/// "Employing PAs": each PA's hours and what a year of them costs, the total, and the dates
/// an employer must keep (see `report employer` for every figure).
fn employer_rows(h: &OpenHolder, rows: &mut Vec<Row>) {
    let plan = &h.files.plan.plan;
    let Some(cost) = &h.position.employer else {
        return;
    };
    rows.push(Row::blank());
    rows.push(Row::heading("Employing PAs"));
    rows.push(
        Row::plain(format!(
            "Over the plan period, with the {} rates; Employment Allowance {}.",
            if cost.rate_years.is_empty() {
                "shipped".to_string()
            } else {
                cost.rate_years.join(" and ")
            },
            if cost.employment_allowance_claimed {
                "claimed"
            } else {
                "not claimed"
            }
        ))
        .indented(2),
    );
    for e in &cost.employees {
        let rate = plan
            .employees
            .iter()
            .find(|p| p.id == e.id)
            .map(|p| p.terms_on(cost.from.max(p.start)).hourly_rate)
            .unwrap_or_default();
        let for_what = e
            .outcome_title
            .as_ref()
            .map(|t| format!(", for \"{t}\""))
            .unwrap_or_default();
        rows.push(
            Row::plain(format!(
                "{}: {} at {rate}, paid {}{for_what}",
                e.name,
                e.hours_agreed,
                e.pay.word()
            ))
            .indented(2),
        );
        rows.push(
            Row::plain(format!(
                "Yearly cost {}: gross pay {} (holiday pay {}), employer's NI {}, pension {}, redundancy reserve {}, insurance, payroll and DBS {}.",
                e.yearly_cost,
                e.gross_pay,
                e.holiday_pay,
                e.employer_ni,
                e.pension,
                e.redundancy_reserve,
                e.shared_costs
            ))
            .indented(4),
        );
        rows.push(
            Row::plain(format!(
                "{} an hour of support over {} hours worked; {} holiday hours need cover: {} with cover.",
                e.cost_per_hour,
                hours(e.worked_hours),
                hours(e.cover_hours),
                e.cost_with_cover
            ))
            .indented(4),
        );
    }
    if cost.employees.len() > 1 {
        rows.push(
            Row::plain(format!(
                "All PAs: yearly cost {}, {} an hour of support; {} with holiday cover.",
                cost.total.yearly_cost, cost.total.cost_per_hour, cost.total.cost_with_cover
            ))
            .indented(2),
        );
    }
    if let Some(e) = &plan.employer {
        if let Some(i) = &e.insurance {
            rows.push(
                Row::plain(format!(
                    "Employer's liability insurance renews on {} ({} a year).",
                    long_date(i.renews),
                    i.premium
                ))
                .indented(2),
            );
        }
        if let Some(d) = reenrolment_due(plan) {
            rows.push(
                Row::plain(format!("Pension re-enrolment is due on {}.", long_date(d))).indented(2),
            );
        }
    }
    for n in &cost.notes {
        rows.push(Row::new(vec![(format!("Note: {n}."), Tone::Dim)]).indented(2));
    }
}
