//! The dashboard's chart: spending so far against the straight line of the budget over the
//! plan year, in total and for each stream where there are several, with where the rate so
//! far leads by the year's end. Drawn in the sighted layout only; its figures are also the
//! dashboard's sentences under "Spending against time" (`core::pace::sentences`), which
//! screen-reader and plain mode say instead.
//!
//! The lines are told apart by their marks as well as their colours: the budget's straight
//! line in dots, spending so far in blocks, the rate so far in fine braille.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Borders, Chart, Dataset, GraphType, LegendPosition};
use rust_decimal::prelude::ToPrimitive;

use super::Tone;
use crate::core::money::Money;
use crate::core::pace::{Pace, Series, month_end_day};
use crate::tui::theme::Theme;

fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// Money in whole pounds for an axis label: "£24,882".
fn pounds(m: Money) -> String {
    let s = m.to_string();
    s.split('.').next().unwrap_or(&s).to_string()
}

/// The points of a series' spending so far: from nothing on the first day, to the running
/// total at the end of each month (today, for this month).
fn points(pace: &Pace, s: &Series) -> Vec<(f64, f64)> {
    let mut pts = vec![(0.0, 0.0)];
    let running = s.running();
    for (k, (first, total)) in pace.months.iter().zip(&running).enumerate() {
        let day = if k + 1 == pace.months.len() {
            pace.days_elapsed
        } else {
            month_end_day(pace, *first)
        };
        pts.push((day as f64, f(*total)));
    }
    pts
}

pub fn draw(pace: &Pace, frame: &mut Frame, area: Rect, theme: Theme) {
    let t = &pace.total;
    let days = pace.days.max(1) as f64;
    let top = [t.budget, t.projected, t.spent]
        .into_iter()
        .max()
        .unwrap_or(Money::ZERO);
    let top_f = f(top).max(1.0) * 1.05;
    let line = [(0.0, 0.0), (days, f(t.budget))];
    let spent = points(pace, t);
    let rate = [
        (pace.days_elapsed as f64, f(t.spent)),
        (days, f(t.projected)),
    ];
    let streams: Vec<Vec<(f64, f64)>> = if pace.streams.len() > 1 {
        pace.streams.iter().map(|s| points(pace, s)).collect()
    } else {
        Vec::new()
    };
    let mut datasets = vec![
        Dataset::default()
            .name("budget line")
            .marker(Marker::Dot)
            .graph_type(GraphType::Line)
            .style(theme.tone(Tone::Dim))
            .data(&line),
        Dataset::default()
            .name("at this rate")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.tone(if t.projected > t.budget {
                Tone::Bad
            } else {
                Tone::Plain
            }))
            .data(&rate),
    ];
    let tones = [Tone::Good, Tone::Warn, Tone::Plain];
    for (k, (s, pts)) in pace.streams.iter().zip(&streams).enumerate() {
        datasets.push(
            Dataset::default()
                .name(
                    crate::tui::widgets::cells::fit(&s.label, 22)
                        .trim_end()
                        .to_string(),
                )
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.tone(tones[k % tones.len()]))
                .data(pts),
        );
    }
    datasets.push(
        Dataset::default()
            .name(if streams.is_empty() {
                "spent"
            } else {
                "spent, all streams"
            })
            .marker(Marker::HalfBlock)
            .graph_type(GraphType::Line)
            .style(theme.tone(Tone::Bar))
            .data(&spent),
    );
    let month = |d: chrono::NaiveDate| d.format("%b %Y").to_string();
    let middle = pace.start + chrono::Duration::days(pace.days / 2);
    let chart = Chart::new(datasets)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(Span::styled(" Spending against time ", theme.title()))
                // What each mark is, always (the legend shows only where there is room).
                .title_bottom(" • budget line  ▄ spent  ⠤ at this rate "),
        )
        .x_axis(
            Axis::default()
                .bounds([0.0, days])
                .labels([month(pace.start), month(middle), month(pace.end)])
                .style(Style::default()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, top_f])
                .labels(["£0".to_string(), pounds(top)])
                .style(Style::default()),
        )
        // The streams' own lines are named in a legend; the rest by the caption.
        .legend_position((!streams.is_empty()).then_some(LegendPosition::TopLeft))
        .hidden_legend_constraints((
            ratatui::layout::Constraint::Percentage(90),
            ratatui::layout::Constraint::Percentage(90),
        ));
    frame.render_widget(chart, area);
}
