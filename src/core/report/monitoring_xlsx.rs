//! The monitoring return as a spreadsheet (`.xlsx`, written by `rust_xlsxwriter`): a Summary
//! sheet (each stream's figures), an Items sheet (every payment in and out, the payments
//! committed after the period, and their totals) and an Evidence sheet (each file attached
//! to an entry). Money is written as numbers in a £ format and dates as dates, so a funder's
//! officer can add up and sort; text from the records is written as text cells (never as a
//! formula), with control characters shown as their pictures.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};

use super::layout::Layout;
use super::monitoring::{Item, MonitoringReturn, OutKind, balance_words, heading_period, in_lines};
use crate::core::money::Money;
use crate::core::printable::printable;
use chrono::{Datelike, NaiveDate};

/// The number format of every money cell.
pub const MONEY_FORMAT: &str = "£#,##0.00;-£#,##0.00";
/// The number format of every date cell.
pub const DATE_FORMAT: &str = "dd/mm/yyyy";

/// The Items sheet's header row.
pub const ITEM_COLUMNS: [&str; 15] = [
    "Holder",
    "Stream",
    "Date",
    "Type",
    "Group",
    "Payee",
    "What for",
    "Outcome",
    "Category",
    "Receipt",
    "Evidence",
    "Money in",
    "Money out",
    "Flag",
    "Entry",
];

struct Formats {
    money: Format,
    date: Format,
    bold: Format,
    bold_money: Format,
    header: Format,
}

fn money_value(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or_default()
}

fn date_value(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn t(s: &str) -> String {
    printable(s).into_owned()
}

/// The workbook's bytes, laid out with `layout`'s headings and group labels.
pub fn xlsx(r: &MonitoringReturn, layout: &Layout) -> Result<Vec<u8>, String> {
    build(r, layout).map_err(|e| format!("could not make the spreadsheet: {e}"))
}

fn build(r: &MonitoringReturn, layout: &Layout) -> Result<Vec<u8>, XlsxError> {
    let f = Formats {
        money: Format::new().set_num_format(MONEY_FORMAT),
        date: Format::new()
            .set_num_format(DATE_FORMAT)
            .set_align(FormatAlign::Left),
        bold: Format::new().set_bold(),
        bold_money: Format::new().set_bold().set_num_format(MONEY_FORMAT),
        header: Format::new().set_bold().set_background_color("#DDDDDD"),
    };
    let mut wb = Workbook::new();
    summary(wb.add_worksheet().set_name("Summary")?, r, layout, &f)?;
    items(wb.add_worksheet().set_name("Items")?, r, layout, &f)?;
    evidence(wb.add_worksheet().set_name("Evidence")?, r, &f)?;
    wb.save_to_buffer()
}

fn summary(
    ws: &mut Worksheet,
    r: &MonitoringReturn,
    layout: &Layout,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut row: u32 = 0;
    ws.write_string_with_format(row, 0, t(&layout.title), &f.bold)?;
    row += 2;
    let mut fact = |ws: &mut Worksheet, label: &str, value: &str| -> Result<(), XlsxError> {
        ws.write_string_with_format(row, 0, t(label), &f.bold)?;
        ws.write_string(row, 1, t(value))?;
        row += 1;
        Ok(())
    };
    fact(
        ws,
        "Person",
        &format!("{} ({})", r.holder.name, r.holder.id),
    )?;
    for (k, v) in &r.holder.references {
        fact(ws, &format!("Reference: {k}"), v)?;
    }
    for e in layout
        .extra_fields
        .iter()
        .filter(|e| !r.holder.references.contains_key(*e))
    {
        fact(ws, e, "")?;
    }
    fact(ws, "Period", &heading_period(r))?;
    ws.write_string_with_format(row, 0, "From", &f.bold)?;
    ws.write_datetime_with_format(row, 1, date_value(r.from)?, &f.date)?;
    row += 1;
    ws.write_string_with_format(row, 0, "To", &f.bold)?;
    ws.write_datetime_with_format(row, 1, date_value(r.to)?, &f.date)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Prepared on", &f.bold)?;
    ws.write_datetime_with_format(row, 1, date_value(r.prepared_on)?, &f.date)?;
    row += 2;
    for st in &r.streams {
        let (open, close) = balance_words(st);
        ws.write_string_with_format(
            row,
            0,
            t(&format!(
                "{}: {} ({}), {}",
                layout.headings.summary, st.name, st.id, st.funder
            )),
            &f.header,
        )?;
        ws.write_string_with_format(row, 1, "Amount", &f.header)?;
        ws.write_string_with_format(row, 2, "Date", &f.header)?;
        row += 1;
        let mut line = |ws: &mut Worksheet,
                        label: &str,
                        m: Money,
                        d: Option<NaiveDate>,
                        bold: bool|
         -> Result<(), XlsxError> {
            ws.write_string(row, 0, t(label))?;
            ws.write_number_with_format(
                row,
                1,
                money_value(m),
                if bold { &f.bold_money } else { &f.money },
            )?;
            if let Some(d) = d {
                ws.write_datetime_with_format(row, 2, date_value(d)?, &f.date)?;
            }
            row += 1;
            Ok(())
        };
        line(ws, open, st.opening_balance, Some(r.from), true)?;
        if let Some(c) = &st.commitments {
            line(
                ws,
                "Allocation for the plan period",
                c.allocation,
                None,
                false,
            )?;
            line(
                ws,
                "Committed before the period",
                c.committed_before,
                None,
                false,
            )?;
        }
        for (label, m) in in_lines(st) {
            line(ws, &label, m, None, false)?;
        }
        line(ws, "Total money in", st.total_in, None, true)?;
        for g in &st.by_category {
            line(
                ws,
                &format!("Money out: {}", g.title_in(layout)),
                g.total,
                None,
                false,
            )?;
        }
        line(ws, "Total money out", st.total_out, None, true)?;
        line(ws, close, st.closing_balance, Some(r.to), true)?;
        if let Some(b) = &st.bank_balance {
            line(
                ws,
                if b.at_period_end {
                    "Bank balance at the end of the period (checked against the statement)"
                } else {
                    "Bank balance, latest checked before the end of the period"
                },
                b.amount,
                Some(b.date),
                false,
            )?;
            line(
                ws,
                "Difference from the closing balance",
                b.difference,
                None,
                false,
            )?;
        }
        if let Some(c) = &st.committed {
            line(
                ws,
                "Committed: payments out after the period",
                c.total,
                Some(c.until),
                false,
            )?;
            line(ws, "Contingency", c.contingency, None, false)?;
            line(
                ws,
                "Left after committed money and contingency",
                c.available,
                None,
                true,
            )?;
        }
        if let Some(x) = &st.surplus {
            line(
                ws,
                &format!(
                    "Surplus limit ({})",
                    crate::core::words::plural(i64::from(x.threshold_weeks), "week")
                ),
                x.threshold,
                None,
                false,
            )?;
            line(ws, "Surplus above the limit", x.over, None, true)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, t(&layout.headings.declaration), &f.bold)?;
    row += 1;
    ws.write_string(row, 0, t(&r.declaration))?;
    row += 2;
    for label in ["Signed", "Name", "Date"] {
        ws.write_string_with_format(row, 0, label, &f.bold)?;
        if label == "Name" {
            ws.write_string(row, 1, t(&r.holder.name))?;
        }
        row += 1;
    }
    ws.set_column_width(0, 60)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 12)?;
    Ok(())
}

fn items(
    ws: &mut Worksheet,
    r: &MonitoringReturn,
    layout: &Layout,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (c, name) in ITEM_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut row: u32 = 1;
    let (mut total_in, mut total_out) = (Money::ZERO, Money::ZERO);
    for st in &r.streams {
        let mut rows: Vec<(NaiveDate, u8, u32, Row)> = Vec::new();
        for i in &st.money_in_items {
            rows.push((
                i.date,
                0,
                i.line,
                Row {
                    date: i.date,
                    kind: i.source.words().to_string(),
                    group: String::new(),
                    payee: i.payee.clone(),
                    note: i.note.clone().unwrap_or_default(),
                    outcome: String::new(),
                    category: String::new(),
                    receipt: i.receipt.clone().unwrap_or_default(),
                    evidence: i.evidence.join("; "),
                    money_in: Some(i.amount),
                    money_out: None,
                    flag: String::new(),
                    entry: i.id.clone(),
                },
            ));
        }
        for i in &st.items {
            rows.push((i.date, 1, i.line, out_row(i, layout, false)));
        }
        rows.sort_by_key(|(d, k, _, _)| (*d, *k));
        for (_, _, _, x) in rows {
            total_in += x.money_in.unwrap_or(Money::ZERO);
            total_out += x.money_out.unwrap_or(Money::ZERO);
            write_row(ws, row, &r.holder.id, &st.id, &x, f)?;
            row += 1;
        }
    }
    ws.write_string_with_format(row, 0, "Total", &f.bold)?;
    ws.write_number_with_format(row, 11, money_value(total_in), &f.bold_money)?;
    ws.write_number_with_format(row, 12, money_value(total_out), &f.bold_money)?;
    row += 2;
    let committed: Vec<(&str, &Item)> = r
        .streams
        .iter()
        .filter_map(|s| s.committed.as_ref().map(|c| (s.id.as_str(), c)))
        .flat_map(|(id, c)| c.items.iter().map(move |i| (id, i)))
        .collect();
    if !committed.is_empty() {
        ws.write_string_with_format(row, 0, t(&layout.headings.committed), &f.bold)?;
        row += 1;
        for (stream, i) in committed {
            write_row(ws, row, &r.holder.id, stream, &out_row(i, layout, true), f)?;
            row += 1;
        }
    }
    ws.set_autofit_max_width(320);
    ws.autofit();
    ws.set_column_width(2, 12)?;
    ws.set_column_width(11, 14)?;
    ws.set_column_width(12, 14)?;
    Ok(())
}

struct Row {
    date: NaiveDate,
    kind: String,
    group: String,
    payee: String,
    note: String,
    outcome: String,
    category: String,
    receipt: String,
    evidence: String,
    money_in: Option<Money>,
    money_out: Option<Money>,
    flag: String,
    entry: String,
}

fn out_row(i: &Item, layout: &Layout, committed: bool) -> Row {
    let mut flags = Vec::new();
    if committed {
        flags.push("committed: paid after the period".to_string());
    }
    if i.outside_plan && !committed {
        flags.push("outside the plan".to_string());
    }
    if let Some(e) = &i.excluded {
        flags.push(format!("excluded category: {e}"));
    }
    if i.kind == OutKind::Spending && i.receipt.is_none() && i.evidence.is_empty() {
        flags.push("no receipt".to_string());
    }
    Row {
        date: i.date,
        kind: i.kind.words().to_string(),
        group: i.payment_group.map(|g| layout.label(g)).unwrap_or_default(),
        payee: i.payee.clone(),
        note: i.note.clone().unwrap_or_default(),
        outcome: i
            .outcome_title
            .clone()
            .or_else(|| i.outcome.clone())
            .unwrap_or_default(),
        category: i.category.clone().unwrap_or_default(),
        receipt: i.receipt.clone().unwrap_or_default(),
        evidence: i.evidence.join("; "),
        money_in: None,
        money_out: Some(i.amount),
        flag: flags.join("; "),
        entry: i.id.clone(),
    }
}

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    holder: &str,
    stream: &str,
    x: &Row,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.write_string(row, 0, t(holder))?;
    ws.write_string(row, 1, t(stream))?;
    ws.write_datetime_with_format(row, 2, date_value(x.date)?, &f.date)?;
    for (c, v) in [
        (3, &x.kind),
        (4, &x.group),
        (5, &x.payee),
        (6, &x.note),
        (7, &x.outcome),
        (8, &x.category),
        (9, &x.receipt),
        (10, &x.evidence),
        (13, &x.flag),
        (14, &x.entry),
    ] {
        if !v.is_empty() {
            ws.write_string(row, c, t(v))?;
        }
    }
    if let Some(m) = x.money_in {
        ws.write_number_with_format(row, 11, money_value(m), &f.money)?;
    }
    if let Some(m) = x.money_out {
        ws.write_number_with_format(row, 12, money_value(m), &f.money)?;
    }
    Ok(())
}

fn evidence(ws: &mut Worksheet, r: &MonitoringReturn, f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in ["Entry", "Date", "Payee", "Amount", "File"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *name, &f.header)?;
    }
    let mut row = 1;
    for st in &r.streams {
        let ins = st
            .money_in_items
            .iter()
            .map(|i| (&i.id, i.date, &i.payee, i.amount, &i.evidence));
        let outs = st
            .items
            .iter()
            .chain(st.committed.iter().flat_map(|c| c.items.iter()))
            .map(|i| (&i.id, i.date, &i.payee, i.amount, &i.evidence));
        let checks = st
            .statements
            .iter()
            .map(|x| (&x.id, x.date, &x.payee, Money::ZERO, &x.evidence));
        for (id, date, payee, amount, files) in ins.chain(outs).chain(checks) {
            for file in files {
                ws.write_string(row, 0, t(id))?;
                ws.write_datetime_with_format(row, 1, date_value(date)?, &f.date)?;
                ws.write_string(row, 2, t(payee))?;
                ws.write_number_with_format(row, 3, money_value(amount), &f.money)?;
                ws.write_string(row, 4, t(file))?;
                row += 1;
            }
        }
    }
    ws.set_autofit_max_width(400);
    ws.autofit();
    ws.set_column_width(1, 12)?;
    Ok(())
}
