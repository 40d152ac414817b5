//! The monitoring return as one self-contained, printable HTML page: no scripts, no
//! styles or images fetched from anywhere, print styles for A4, and real tables (a
//! `<caption>` each, `<th scope>` on every header) so that a screen reader can move by cell.
//! Every piece of text from the records goes through [`super::html::text`].
//!
//! The page follows the funder's [`Layout`]: its title, headings, extra header lines, and
//! payments grouped by the categories councils ask for or by the plan's outcomes.

use std::fmt::Write;

use super::html::text as h;
use super::layout::{GroupBy, Layout};
use super::monitoring::{
    Item, MonitoringReturn, OutKind, StreamReturn, balance_words, bank_sentence,
    committed_sentence, heading_period, in_lines, surplus_sentence,
};
use crate::core::money::Money;
use crate::core::words::{long_date, plural};

const STYLE: &str = "\
body{font-family:system-ui,sans-serif;line-height:1.4;max-width:60em;margin:1em auto;padding:0 1em;color:#000;background:#fff}\n\
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.5em;border-bottom:1px solid #000}h3{font-size:1.05em}\n\
table{border-collapse:collapse;width:100%;margin:.5em 0 1em}\n\
caption{text-align:left;font-weight:bold;padding:.25em 0}\n\
th,td{border:1px solid #777;padding:.2em .4em;text-align:left;vertical-align:top}\n\
thead th{background:#eee}\n\
.money{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}\n\
.date{white-space:nowrap}\n\
tr.total th,tr.total td{font-weight:bold}\n\
.note{border-left:3px solid #777;padding-left:.5em}\n\
.sign p{margin:1.5em 0}\n\
.fill{display:inline-block;min-width:20em;border-bottom:1px solid #000}\n\
@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none;font-size:10pt}\
thead{display:table-header-group}tr,.sign{break-inside:avoid}h2,h3{break-after:avoid}}\n";

/// The return as an HTML page laid out as `layout` says.
pub fn html(r: &MonitoringReturn, layout: &Layout) -> String {
    let mut s = String::new();
    let title = format!("{}: {}", layout.title, r.holder.name);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        h(&title)
    );
    let _ = writeln!(s, "<header>\n<h1>{}</h1>", h(&title));
    let _ = writeln!(
        s,
        "<table>\n<caption>{}</caption>\n<tbody>",
        h(&layout.headings.about)
    );
    let row = |s: &mut String, label: &str, value: &str| {
        let _ = writeln!(
            s,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            h(label),
            value
        );
    };
    row(
        &mut s,
        "Person",
        &format!("{} ({})", h(&r.holder.name), h(&r.holder.id)),
    );
    for (k, v) in &r.holder.references {
        if !layout.extra_fields.contains(k) {
            row(&mut s, &format!("Reference: {k}"), &h(v));
        }
    }
    for f in &layout.extra_fields {
        match r.holder.references.get(f) {
            Some(v) => row(&mut s, f, &h(v)),
            None => row(&mut s, f, "<span class=\"fill\"></span>"),
        }
    }
    row(&mut s, "Period", &h(&heading_period(r)));
    let mut funders: Vec<&str> = Vec::new();
    for st in &r.streams {
        if !funders.contains(&st.funder.as_str()) {
            funders.push(&st.funder);
        }
    }
    row(&mut s, "Funder", &h(&funders.join(", ")));
    row(&mut s, "Prepared on", &h(&long_date(r.prepared_on)));
    let _ = writeln!(s, "</tbody>\n</table>\n</header>\n<main>");
    for n in &r.notes {
        let _ = writeln!(s, "<p class=\"note\">{}</p>", h(n));
    }
    for st in &r.streams {
        stream(&mut s, r, st, layout);
    }
    outcomes(&mut s, r, layout);
    let _ = writeln!(
        s,
        "<section class=\"sign\">\n<h2>{}</h2>\n<p>{}</p>\n\
         <p>Signed: <span class=\"fill\"></span></p>\n<p>Name: {}</p>\n\
         <p>Date: <span class=\"fill\"></span></p>\n</section>\n</main>\n</body>\n</html>",
        h(&layout.headings.declaration),
        h(&r.declaration),
        h(&r.holder.name)
    );
    s
}

fn money_row(s: &mut String, label: &str, m: Money) {
    let _ = writeln!(
        s,
        "<tr><th scope=\"row\">{}</th><td class=\"money\">{}</td></tr>",
        h(label),
        h(&m.to_string())
    );
}

fn stream(s: &mut String, r: &MonitoringReturn, st: &StreamReturn, layout: &Layout) {
    let (open, close) = balance_words(st);
    let _ = writeln!(
        s,
        "<section>\n<h2>{} ({})</h2>\n<p>{}, {}.</p>",
        h(&st.name),
        h(&st.id),
        h(&st.funder),
        st.management.describe()
    );
    let _ = writeln!(
        s,
        "<table>\n<caption>{}: {}</caption>\n<thead><tr><th scope=\"col\">Figure</th>\
         <th scope=\"col\" class=\"money\">Amount</th></tr></thead>\n<tbody>",
        h(&layout.headings.summary),
        h(&st.name)
    );
    money_row(
        s,
        &format!("{open} on {}", long_date(r.from)),
        st.opening_balance,
    );
    if let Some(c) = &st.commitments {
        money_row(s, "Allocation for the plan period", c.allocation);
        money_row(
            s,
            &format!("Committed before {}", long_date(r.from)),
            c.committed_before,
        );
    }
    for (label, m) in in_lines(st) {
        money_row(s, &label, m);
    }
    money_row(s, "Total money in", st.total_in);
    money_row(s, "Total money out", st.total_out);
    money_row(
        s,
        &format!("{close} on {}", long_date(r.to)),
        st.closing_balance,
    );
    if let Some(b) = &st.bank_balance {
        let which = if b.at_period_end {
            "the balance at the end of the period"
        } else {
            "the latest balance checked before the end of the period"
        };
        money_row(
            s,
            &format!(
                "Bank balance on {}, checked against the statement ({which})",
                long_date(b.date)
            ),
            b.amount,
        );
        money_row(s, "Difference from the closing balance", b.difference);
    }
    if let Some(c) = &st.committed {
        money_row(
            s,
            &format!(
                "Committed: payments out from {} to {}",
                long_date(r.to.succ_opt().unwrap_or(r.to)),
                long_date(c.until)
            ),
            c.total,
        );
        money_row(s, "Contingency held back (the plan's)", c.contingency);
        money_row(s, "Left after committed money and contingency", c.available);
    }
    if let Some(x) = &st.surplus {
        money_row(
            s,
            &format!(
                "Surplus limit ({} of payments)",
                plural(i64::from(x.threshold_weeks), "week")
            ),
            x.threshold,
        );
        money_row(s, "Surplus above the limit", x.over);
    }
    let _ = writeln!(s, "</tbody>\n</table>");
    for p in [
        bank_sentence(st, r.to),
        committed_sentence(st),
        surplus_sentence(st),
    ]
    .into_iter()
    .flatten()
    {
        let _ = writeln!(s, "<p>{}</p>", h(&p));
    }

    // Bank statements attached to balance checks.
    if !st.statements.is_empty() {
        let _ = writeln!(
            s,
            "<table>\n<caption>{}: bank statements attached to balance checks</caption>\n<thead><tr>\
             <th scope=\"col\">Date</th><th scope=\"col\">Entry</th><th scope=\"col\">Files</th></tr></thead>\n<tbody>",
            h(&layout.headings.evidence)
        );
        for x in &st.statements {
            let _ = writeln!(
                s,
                "<tr><td class=\"date\">{}</td><th scope=\"row\">{}</th><td>{}</td></tr>",
                h(&long_date(x.date)),
                h(&x.payee),
                evidence(&x.evidence)
            );
        }
        let _ = writeln!(s, "</tbody>\n</table>");
    }

    // Money in, item by item.
    if !st.money_in_items.is_empty() {
        let _ = writeln!(
            s,
            "<h3>{}</h3>\n<table>\n<caption>{}: {}, {}</caption>\n<thead><tr>\
             <th scope=\"col\">Date</th><th scope=\"col\">From</th><th scope=\"col\">Source</th>\
             <th scope=\"col\">Receipt</th><th scope=\"col\">Evidence</th>\
             <th scope=\"col\" class=\"money\">Amount</th></tr></thead>\n<tbody>",
            h(&layout.headings.money_in),
            h(&layout.headings.money_in),
            h(&st.name),
            h(&st.total_in.to_string())
        );
        for i in &st.money_in_items {
            let _ = writeln!(
                s,
                "<tr><td class=\"date\">{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"money\">{}</td></tr>",
                h(&long_date(i.date)),
                h(&i.payee),
                h(i.source.words()),
                h(i.receipt.as_deref().unwrap_or("")),
                evidence(&i.evidence),
                h(&i.amount.to_string())
            );
        }
        let _ = writeln!(
            s,
            "<tr class=\"total\"><th scope=\"row\" colspan=\"5\">Total money in</th>\
             <td class=\"money\">{}</td></tr>\n</tbody>\n</table>",
            h(&st.total_in.to_string())
        );
    }

    // Payments, grouped as the layout says.
    let _ = writeln!(s, "<h3>{}</h3>", h(&layout.headings.payments));
    if st.items.is_empty() {
        let _ = writeln!(s, "<p>No money out in this period.</p>");
    }
    let groups: Vec<(String, usize, Money, Vec<&Item>)> = match layout.group_by {
        GroupBy::Category => st
            .by_category
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let items = st.items.iter().filter(|i| i.category_group == gi).collect();
                (g.title_in(layout), g.count, g.total, items)
            })
            .collect(),
        GroupBy::Outcome => st
            .by_outcome
            .iter()
            .enumerate()
            .filter(|(_, g)| g.count > 0)
            .map(|(gi, g)| {
                let items = st.items.iter().filter(|i| i.group == gi).collect();
                (g.title.clone(), g.count, g.total, items)
            })
            .collect(),
    };
    for (title, count, total, items) in groups {
        payments_table(
            s,
            &format!("{title}: {}, {}", total, plural(count as i64, "payment")),
            &items,
            total,
        );
    }

    // Committed money, item by item.
    if let Some(c) = st.committed.as_ref().filter(|c| !c.items.is_empty()) {
        let _ = writeln!(s, "<h3>{}</h3>", h(&layout.headings.committed));
        let items: Vec<&Item> = c.items.iter().collect();
        payments_table(
            s,
            &format!(
                "Paid out from {} to {}: {}",
                long_date(r.to.succ_opt().unwrap_or(r.to)),
                long_date(c.until),
                c.total
            ),
            &items,
            c.total,
        );
    }

    // What the funder will ask about.
    let flagged: Vec<(&str, &[super::monitoring::Flagged])> = [
        ("Spending outside the plan", st.outside_plan.as_slice()),
        ("Spending in excluded categories", st.excluded.as_slice()),
    ]
    .into_iter()
    .filter(|(_, l)| !l.is_empty())
    .collect();
    let no_receipt = st
        .items
        .iter()
        .filter(|i| i.kind == OutKind::Spending && i.receipt.is_none() && i.evidence.is_empty())
        .count();
    if !flagged.is_empty() || no_receipt > 0 {
        let _ = writeln!(s, "<h3>{}</h3>", h(&layout.headings.flagged));
        if no_receipt > 0 {
            let _ = writeln!(
                s,
                "<p>{} with no receipt reference and no evidence attached.</p>",
                h(&plural(no_receipt as i64, "payment"))
            );
        }
        for (title, list) in flagged {
            let _ = writeln!(s, "<p>{}:</p>\n<ul>", h(title));
            for f in list {
                let _ = writeln!(
                    s,
                    "<li>{}, {}, {}: {}.</li>",
                    h(&long_date(f.date)),
                    h(&f.payee),
                    h(&f.amount.to_string()),
                    h(&f.reason)
                );
            }
            let _ = writeln!(s, "</ul>");
        }
    }
    let _ = writeln!(s, "</section>");
}

fn evidence(files: &[String]) -> String {
    files.iter().map(|f| h(f)).collect::<Vec<_>>().join("<br>")
}

fn payments_table(s: &mut String, caption: &str, items: &[&Item], total: Money) {
    let _ = writeln!(
        s,
        "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Date</th>\
         <th scope=\"col\">Payee</th><th scope=\"col\">What for</th><th scope=\"col\">Outcome</th>\
         <th scope=\"col\">Receipt</th><th scope=\"col\">Evidence</th>\
         <th scope=\"col\" class=\"money\">Amount</th></tr></thead>\n<tbody>",
        h(caption)
    );
    for i in items {
        let outcome = i
            .outcome_title
            .as_deref()
            .or(i.outcome.as_deref())
            .unwrap_or(match i.kind {
                OutKind::Spending => "none",
                _ => "",
            });
        let receipt = match (&i.receipt, i.kind) {
            (Some(r), _) => h(r),
            (None, OutKind::Spending) => "none".to_string(),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            s,
            "<tr><td class=\"date\">{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"money\">{}</td></tr>",
            h(&long_date(i.date)),
            h(&i.payee),
            h(i.note.as_deref().unwrap_or("")),
            h(outcome),
            receipt,
            evidence(&i.evidence),
            h(&i.amount.to_string())
        );
    }
    let _ = writeln!(
        s,
        "<tr class=\"total\"><th scope=\"row\" colspan=\"6\">Total</th>\
         <td class=\"money\">{}</td></tr>\n</tbody>\n</table>",
        h(&total.to_string())
    );
}

/// The outcomes note: money out by outcome, stream by stream, and room to say how the
/// support went.
fn outcomes(s: &mut String, r: &MonitoringReturn, layout: &Layout) {
    let _ = writeln!(
        s,
        "<section>\n<h2>{}</h2>\n<table>\n<caption>Money out by outcome</caption>\n<thead><tr>\
         <th scope=\"col\">Funding</th><th scope=\"col\">Outcome</th>\
         <th scope=\"col\" class=\"money\">Payments</th><th scope=\"col\" class=\"money\">Amount</th>\
         </tr></thead>\n<tbody>",
        h(&layout.headings.outcomes)
    );
    for st in &r.streams {
        for g in &st.by_outcome {
            let _ = writeln!(
                s,
                "<tr><td>{}</td><th scope=\"row\">{}</th><td class=\"money\">{}</td>\
                 <td class=\"money\">{}</td></tr>",
                h(&st.name),
                h(&g.title),
                g.count,
                h(&g.total.to_string())
            );
        }
    }
    let _ = writeln!(
        s,
        "</tbody>\n</table>\n<p>How the support helped towards these outcomes in the period:</p>\n\
         <p><span class=\"fill\"></span></p>\n<p><span class=\"fill\"></span></p>\n</section>"
    );
}
