//! The app's forms: how each is built from what is open, and how what was typed in it is
//! read back into a request for the application layer, with each field's problem in words.
//! Pure: nothing here reads or writes a file.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::form::{Choice, FieldKey as K, Form, FormField, Input};
use super::state::OpenHolder;
use crate::app::import::ImportRequest;
use crate::app::reconcile::ReconcileRequest;
use crate::app::report::{ReportFormat, ReportKind};
use crate::core::employer::payroll::PayDay;
use crate::core::money::Money;
use crate::core::payment::{self, Direction, Draft, Field};
use crate::core::plan::{Management, Plan};
use crate::core::register::Filter;
use crate::core::report::monitoring::ReturnPeriod;
use crate::core::template::NewPlan;

/// Field problems to show on a form: which field, and what to do.
pub type Problems = Vec<(K, String)>;

fn choice(id: &str, label: &str) -> Choice {
    Choice {
        id: Some(id.to_string()),
        label: label.to_string(),
    }
}

fn choices(words: &[(&str, &str)]) -> Vec<Choice> {
    words.iter().map(|(id, label)| choice(id, label)).collect()
}

fn same(words: &[&str]) -> Vec<Choice> {
    words.iter().map(|w| choice(w, w)).collect()
}

// --- Payments ---------------------------------------------------------------------------

pub fn payment(h: &OpenHolder, d: &Draft, title: &str) -> Form {
    let plan = &h.files.plan.plan;
    let mut payee = FormField::text(
        Field::Payee,
        &d.payee,
        if d.direction == Direction::Out {
            "who was paid; Right accepts a suggestion"
        } else {
            "who paid the money in"
        },
    );
    payee.completions = h.payees.clone();
    // Money in is received from someone into an account, as the entry view says it.
    let money_in = d.direction != Direction::Out;
    if money_in {
        payee.label = "From";
    }
    let outcomes: Vec<Choice> = plan
        .outcomes
        .iter()
        .map(|o| choice(&o.id, &o.title))
        .collect();
    let streams: Vec<Choice> = plan
        .streams
        .iter()
        .filter(|s| d.direction == Direction::Out || s.management == Management::DirectPayment)
        .map(|s| {
            choice(
                &s.id,
                &format!("{} ({})", s.label(), s.management.describe()),
            )
        })
        .collect();
    let outcome_sel = d
        .outcome
        .as_ref()
        .and_then(|id| outcomes.iter().position(|c| c.id.as_deref() == Some(id)));
    let stream_sel = match &d.stream {
        Some(id) => streams.iter().position(|c| c.id.as_deref() == Some(id)),
        None if streams.len() == 1 => Some(0),
        None => None,
    };
    let mut fields = Vec::new();
    // New money in starts with what it is; an entry being edited keeps its kind.
    if d.direction != Direction::Out && d.keep.is_none() {
        let kinds: Vec<Choice> = Direction::MONEY_IN
            .iter()
            .map(|k| choice(k.kind_word().unwrap_or_default(), k.describe()))
            .collect();
        let sel = Direction::MONEY_IN.iter().position(|k| *k == d.direction);
        fields.push(FormField::choose(
            K::MoneyInKind,
            kinds,
            sel,
            "Left/Right picks: a refund is taken off an outcome's spending",
        ));
    }
    fields.extend([
        FormField::text(Field::Date, &d.date, "e.g. 2026-10-14 or 14/10/2026"),
        payee,
        FormField::text(Field::Amount, &d.amount, "pounds, e.g. 12.50"),
    ]);
    if !d.splits.is_empty() {
        for (n, line) in d.splits.iter().enumerate() {
            fields.extend(split_fields(h, n, line));
        }
    } else if d.direction.has_outcome() {
        fields.push(FormField::choose(
            Field::Outcome,
            outcomes,
            outcome_sel,
            "Left/Right or first letter picks",
        ));
        fields.push(category_field(
            h,
            Field::Category.into(),
            d.category.as_deref(),
        ));
    }
    let mut stream = FormField::choose(
        Field::Stream,
        streams,
        stream_sel,
        "Left/Right picks the funding stream",
    );
    if money_in {
        stream.label = "Paid into";
    }
    fields.push(stream);
    fields.push(FormField::text(
        Field::Receipt,
        &d.receipt,
        "receipt or invoice number",
    ));
    fields.push(FormField::text(Field::Note, &d.note, "optional"));
    let mut form = Form::new(title, fields);
    form.splittable = d.direction == Direction::Out;
    form
}

/// The category choice: the categories on offer, by their words.
fn category_field(h: &OpenHolder, key: K, current: Option<&str>) -> FormField {
    let options: Vec<Choice> = h
        .categories
        .iter()
        .map(|c| choice(&c.id, &c.label))
        .collect();
    let sel = current.and_then(|id| options.iter().position(|c| c.id.as_deref() == Some(id)));
    FormField::choose(
        key,
        options,
        sel,
        "Left/Right or first letter picks; empty: the payee's usual one",
    )
}

/// The three fields of split line `n`.
fn split_fields(h: &OpenHolder, n: usize, line: &payment::SplitLine) -> [FormField; 3] {
    let outcomes: Vec<Choice> = h
        .files
        .plan
        .plan
        .outcomes
        .iter()
        .map(|o| choice(&o.id, &o.title))
        .collect();
    let sel = line
        .outcome
        .as_ref()
        .and_then(|id| outcomes.iter().position(|c| c.id.as_deref() == Some(id)));
    let k = n as u8;
    [
        FormField::choose(
            K::SplitOutcome(k),
            outcomes,
            sel,
            "the outcome this part is for",
        ),
        category_field(h, K::SplitCategory(k), line.category.as_deref()),
        FormField::text(K::SplitAmount(k), &line.amount, "this part's amount"),
    ]
}

/// The split lines the form holds, in order.
fn read_splits(form: &Form) -> Vec<payment::SplitLine> {
    let mut lines: Vec<payment::SplitLine> = Vec::new();
    for f in &form.fields {
        let Some(n) = f.key.split_line() else {
            continue;
        };
        if lines.len() <= n {
            lines.resize(n + 1, payment::SplitLine::default());
        }
        match f.key {
            K::SplitOutcome(_) => lines[n].outcome = f.chosen(),
            K::SplitCategory(_) => lines[n].category = f.chosen(),
            _ => lines[n].amount = f.value().to_string(),
        }
    }
    lines
}

/// Split the payment on `form` one line further: the first time, its outcome and category
/// become line 1 (with the whole amount) and line 2 is added; after that, a line is added
/// after the last. Focus goes to the new line. `Err` says why not.
pub fn add_split_line(form: &mut Form, h: &OpenHolder) -> Result<usize, String> {
    if !form.splittable {
        return Err("Only a payment out can be split into lines.".into());
    }
    let draft = read_payment(form, Draft::default());
    let mut lines = draft.splits.clone();
    if lines.is_empty() {
        lines.push(payment::SplitLine {
            outcome: draft.outcome.clone(),
            category: draft.category.clone(),
            amount: draft.amount.trim().to_string(),
        });
    }
    if lines.len() >= super::form::MAX_SPLIT_LINES {
        return Err(format!(
            "A payment splits into {} lines at most here; record the rest as another entry.",
            super::form::MAX_SPLIT_LINES
        ));
    }
    lines.push(payment::SplitLine::default());
    set_splits(form, h, &lines);
    let n = lines.len() - 1;
    form.focus = form
        .fields
        .iter()
        .position(|f| f.key == K::SplitOutcome(n as u8))
        .unwrap_or(form.focus);
    form.dirty = true;
    Ok(n + 1)
}

/// Take out the split line the focus is on; with one line left, the payment is whole again.
pub fn remove_split_line(form: &mut Form, h: &OpenHolder) -> Result<usize, String> {
    let Some(n) = form.focused().key.split_line() else {
        return Err("Move to a line of the split first (its outcome, category or amount).".into());
    };
    let mut lines = read_splits(form);
    lines.remove(n);
    if lines.len() == 1 {
        let only = lines.remove(0);
        let mut draft = read_payment(form, Draft::default());
        draft.splits.clear();
        draft.outcome = only.outcome;
        draft.category = only.category;
        let title = form.title.clone();
        let focus = form.focus;
        *form = payment(h, &draft, &title);
        form.focus = focus.min(form.fields.len() - 1);
    } else {
        set_splits(form, h, &lines);
        form.focus = form
            .fields
            .iter()
            .position(|f| f.key == K::SplitOutcome(n.min(lines.len() - 1) as u8))
            .unwrap_or(0);
    }
    form.dirty = true;
    Ok(lines.len())
}

/// Put `lines` in place of the form's outcome and category (or its split lines), before
/// the stream.
fn set_splits(form: &mut Form, h: &OpenHolder, lines: &[payment::SplitLine]) {
    form.fields.retain(|f| {
        f.key.split_line().is_none()
            && f.key != K::Payment(Field::Outcome)
            && f.key != K::Payment(Field::Category)
    });
    let at = form
        .fields
        .iter()
        .position(|f| f.key == K::Payment(Field::Stream))
        .unwrap_or(form.fields.len());
    let new: Vec<FormField> = lines
        .iter()
        .enumerate()
        .flat_map(|(n, l)| split_fields(h, n, l))
        .collect();
    form.fields.splice(at..at, new);
}

/// What is left to split, in words: said as split amounts are typed.
pub fn split_remainder(form: &Form) -> Option<String> {
    let lines = read_splits(form);
    if lines.is_empty() {
        return None;
    }
    let sum: Money = lines
        .iter()
        .filter_map(|l| Money::parse(l.amount.trim()).ok())
        .sum();
    let total = Money::parse(form.field(Field::Amount).value().trim()).ok();
    Some(match total {
        None => format!("The lines add up to {sum}; that will be the amount."),
        Some(t) if t == sum => format!("The lines add up to the amount, {t}."),
        Some(t) if sum < t => format!("{} left to split of {t}.", t - sum),
        Some(t) => format!("The lines are {} over the amount {t}.", sum - t),
    })
}

/// Fill in the payee's usual outcome and category where the form has none chosen yet.
/// Returns what was filled in, in words.
pub fn fill_usual(form: &mut Form, h: &OpenHolder) -> Option<String> {
    let payee = form.get(Field::Payee)?.value().trim().to_string();
    let usual = h.usual.for_payee(&payee)?;
    let mut said = Vec::new();
    for (key, id) in [
        (K::Payment(Field::Outcome), usual.outcome.as_deref()),
        (K::Payment(Field::Category), Some(usual.category.as_str())),
    ] {
        let Some(id) = id else { continue };
        let Some(f) = form.fields.iter_mut().find(|f| f.key == key) else {
            continue;
        };
        if let Input::Choose { options, selected } = &mut f.input
            && selected.is_none()
            && let Some(k) = options.iter().position(|c| c.id.as_deref() == Some(id))
        {
            *selected = Some(k);
            said.push(format!("{} {}", f.label.to_lowercase(), options[k].label));
        }
    }
    (!said.is_empty()).then(|| {
        format!(
            "As last time for {payee} ({}): {}.",
            crate::core::words::long_date(usual.date),
            said.join(", ")
        )
    })
}

/// The draft a payment form holds, on top of `base` (a new draft, or the entry edited).
pub fn read_payment(form: &Form, mut base: Draft) -> Draft {
    if let Some(kind) = form.get(K::MoneyInKind).and_then(|f| f.chosen()) {
        base.direction = Direction::from_kind_word(&kind).unwrap_or(base.direction);
    }
    base.date = form.field(Field::Date).value().to_string();
    base.payee = form.field(Field::Payee).value().to_string();
    base.amount = form.field(Field::Amount).value().to_string();
    // Money in other than a refund has no outcome field.
    if let Some(outcome) = form.get(Field::Outcome) {
        base.outcome = outcome.chosen();
    }
    if let Some(category) = form.get(Field::Category) {
        base.category = category.chosen();
    }
    base.splits = read_splits(form);
    if !base.splits.is_empty() {
        base.outcome = None;
        base.category = None;
    }
    base.stream = form.field(Field::Stream).chosen();
    base.receipt = form.field(Field::Receipt).value().to_string();
    base.note = form.field(Field::Note).value().to_string();
    base
}

// --- The register's filter --------------------------------------------------------------

pub fn filter(h: &OpenHolder) -> Form {
    let plan = &h.files.plan.plan;
    let f = &h.filter;
    let mut outcomes = vec![Choice {
        id: None,
        label: "Any outcome".into(),
    }];
    outcomes.extend(plan.outcomes.iter().map(|o| choice(&o.id, &o.title)));
    let mut streams = vec![Choice {
        id: None,
        label: "Any stream".into(),
    }];
    streams.extend(plan.streams.iter().map(|s| choice(&s.id, s.label())));
    let mut categories = vec![Choice {
        id: None,
        label: "Any category".into(),
    }];
    categories.extend(h.categories.iter().map(|c| choice(&c.id, &c.label)));
    let pick = |options: &[Choice], id: &Option<String>| {
        options.iter().position(|c| c.id == *id).or(Some(0))
    };
    let date = |d: Option<NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    let fields = vec![
        FormField::choose(
            K::FilterOutcome,
            outcomes.clone(),
            pick(&outcomes, &f.outcome),
            "Left and Right change it",
        ),
        FormField::choose(
            K::FilterStream,
            streams.clone(),
            pick(&streams, &f.stream),
            "Left and Right change it",
        ),
        FormField::text(
            K::From,
            &date(f.from),
            "first date, e.g. 2026-04-01; empty for any",
        ),
        FormField::text(K::To, &date(f.to), "last date; empty for any"),
        FormField::text(
            K::FilterPayee,
            f.payee.as_deref().unwrap_or_default(),
            "part of the payee's name",
        ),
        FormField::choose(
            K::FilterCategory,
            categories.clone(),
            pick(&categories, &f.category),
            "Left and Right change it",
        ),
    ];
    Form::new("Filter the register", fields)
}

/// The filter typed, keeping the search text of `current`.
pub fn read_filter(form: &Form, current: &Filter) -> Result<Filter, Problems> {
    let mut errors = Vec::new();
    let mut date = |key: K| {
        let v = form.text(key)?;
        let d = payment::parse_date(&v);
        if d.is_none() {
            errors.push((
                key,
                format!("\"{v}\" is not a date. Type it as 2026-04-01, or leave it empty."),
            ));
        }
        d
    };
    let from = date(K::From);
    let to = date(K::To);
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.push((K::To, "The last date is before the first date.".to_string()));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Filter {
        from,
        to,
        outcome: form.field(K::FilterOutcome).chosen(),
        stream: form.field(K::FilterStream).chosen(),
        category: form.field(K::FilterCategory).chosen(),
        payee: form.text(K::FilterPayee),
        text: current.text.clone(),
    })
}

// --- Reports, bank statements, reconciling ----------------------------------------------

fn direct_streams(h: &OpenHolder) -> Vec<Choice> {
    h.files
        .plan
        .plan
        .streams
        .iter()
        .filter(|s| s.management == Management::DirectPayment)
        .map(|s| choice(&s.id, s.label()))
        .collect()
}

pub fn reports(h: &OpenHolder, today: NaiveDate) -> Form {
    let plan = &h.files.plan.plan;
    let mut streams = vec![Choice {
        id: None,
        label: "Every stream".into(),
    }];
    streams.extend(plan.streams.iter().map(|s| choice(&s.id, s.label())));
    let fy = crate::core::report::monitoring::financial_year_of(today);
    let mut kinds = choices(&[
        ("monitoring", "Monitoring return for the funder"),
        ("review", "Outcome review summary"),
        ("expected", "Expected payments"),
    ]);
    if !plan.employees.is_empty() {
        kinds.push(choice("employer", "The employer's cost (PAs)"));
    }
    Form::new(
        "Reports",
        vec![
            FormField::choose(K::Report, kinds, Some(0), "Left/Right picks the report"),
            FormField::text(
                K::Period,
                &format!("fy{fy}"),
                "fy2026 (April to March), 2026-q1 .. 2026-q4, or 2026-04-01..2026-06-30",
            ),
            FormField::choose(K::ReportStream, streams, Some(0), "monitoring return only"),
            FormField::choose(
                K::Format,
                choices(&[
                    ("text", "text"),
                    ("md", "Markdown"),
                    ("csv", "CSV"),
                    ("json", "JSON"),
                    ("html", "HTML page to print"),
                    ("xlsx", "spreadsheet (xlsx)"),
                ]),
                Some(0),
                "the review has no CSV; HTML and spreadsheets are the monitoring return's, saved to a file",
            ),
            FormField::text(
                K::SaveTo,
                "",
                "a file name to save it; empty to only read it here",
            ),
        ],
    )
}

/// A report asked for on the reports form. A file to save to is taken from the workspace
/// folder when not given in full.
pub struct ReportRequest {
    pub kind: ReportKind,
    pub format: ReportFormat,
    pub save: Option<PathBuf>,
}

pub fn read_report(form: &Form, root: &std::path::Path) -> Result<ReportRequest, Problems> {
    let save = form.text(K::SaveTo).map(|p| {
        let p = PathBuf::from(p);
        if p.is_absolute() { p } else { root.join(p) }
    });
    let mut format = match form.field(K::Format).chosen().as_deref() {
        Some("md") => ReportFormat::Md,
        Some("csv") => ReportFormat::Csv,
        Some("json") => ReportFormat::Json,
        Some("html") => ReportFormat::Html,
        Some("xlsx") => ReportFormat::Xlsx,
        _ => ReportFormat::Text,
    };
    if matches!(format, ReportFormat::Html | ReportFormat::Xlsx) && save.is_none() {
        return Err(vec![(
            K::SaveTo,
            format!(
                "A {} is for saving, not reading here: type a file name, e.g. return.{}.",
                if format == ReportFormat::Html {
                    "page to print"
                } else {
                    "spreadsheet"
                },
                format.extension()
            ),
        )]);
    }
    let kind = match form.field(K::Report).chosen().as_deref() {
        Some("review") => {
            // The review has no CSV; it is made as text, as the hint says.
            if format == ReportFormat::Csv {
                format = ReportFormat::Text;
            }
            ReportKind::Review
        }
        Some("expected") => ReportKind::Expected,
        Some("employer") => {
            // No CSV either: made as text.
            if format == ReportFormat::Csv {
                format = ReportFormat::Text;
            }
            ReportKind::Employer
        }
        _ => {
            let text = form.text(K::Period).unwrap_or_default();
            let period = match text.split_once("..") {
                Some((a, b)) => match (payment::parse_date(a), payment::parse_date(b)) {
                    (Some(a), Some(b)) => ReturnPeriod::new(a, b),
                    _ => {
                        return Err(vec![(
                            K::Period,
                            "Type two dates with .. between, e.g. 2026-04-01..2026-06-30.".into(),
                        )]);
                    }
                },
                None => ReturnPeriod::preset(&text).map_err(|e| vec![(K::Period, e)])?,
            };
            ReportKind::Monitoring {
                period,
                stream: form.field(K::ReportStream).chosen(),
            }
        }
    };
    Ok(ReportRequest { kind, format, save })
}

pub fn import(h: &OpenHolder) -> Form {
    let direct = direct_streams(h);
    Form::new(
        "Import a bank statement",
        vec![
            FormField::text(
                K::File,
                "",
                "the statement saved from the bank as CSV, e.g. /home/ann/statement.csv",
            ),
            FormField::choose(
                K::StatementStream,
                direct.clone(),
                (!direct.is_empty()).then_some(0),
                "whose bank account it is",
            ),
            FormField::text(
                K::Profile,
                "",
                "the layout's name; empty to find it from the header",
            ),
        ],
    )
}

/// The import asked for, previewed first.
pub fn read_import(form: &Form) -> Result<ImportRequest, Problems> {
    let Some(file) = form.text(K::File) else {
        return Err(vec![(K::File, "Type where the statement file is.".into())]);
    };
    Ok(ImportRequest {
        file: PathBuf::from(file),
        preview: true,
        profile: form.text(K::Profile),
        stream: form.field(K::StatementStream).chosen(),
    })
}

pub fn reconcile(h: &OpenHolder, today: NaiveDate) -> Form {
    let direct = direct_streams(h);
    Form::new(
        "Check against the bank",
        vec![
            FormField::choose(
                K::StatementStream,
                direct.clone(),
                (!direct.is_empty()).then_some(0),
                "whose bank account",
            ),
            FormField::text(
                K::StatementDate,
                &today.format("%Y-%m-%d").to_string(),
                "the statement's date",
            ),
            FormField::text(
                K::Balance,
                "",
                "the balance the statement shows, e.g. 1234.56",
            ),
        ],
    )
}

pub fn read_reconcile(form: &Form) -> Result<ReconcileRequest, Problems> {
    let Some(balance) = form.text(K::Balance) else {
        return Err(vec![(
            K::Balance,
            "Type the balance the statement shows.".into(),
        )]);
    };
    let Some(date) = form
        .text(K::StatementDate)
        .as_deref()
        .and_then(payment::parse_date)
    else {
        return Err(vec![(
            K::StatementDate,
            "Type the statement's date, e.g. 2026-10-14.".into(),
        )]);
    };
    Ok(ReconcileRequest {
        stream: form.field(K::StatementStream).chosen(),
        date,
        balance,
        clear: Vec::new(),
    })
}

// --- A pay day ---------------------------------------------------------------------------

/// The pay-day form's amount fields, with the `careledger payroll` flag each stands for.
const PAY_AMOUNTS: [(K, &str, &str); 7] = [
    (K::Net, "net", "paid to the employee, off the payslip"),
    (
        K::Paye,
        "paye",
        "income tax (PAYE), owed to HMRC; 0 if none",
    ),
    (
        K::EmployeeNi,
        "employee-ni",
        "taken from the pay, owed to HMRC; 0 if none",
    ),
    (K::EmployerNi, "employer-ni", "owed to HMRC; 0 if none"),
    (
        K::Pension,
        "pension",
        "the employer's, to the provider; 0 if none",
    ),
    (
        K::EmployeePension,
        "employee-pension",
        "taken from the pay, to the provider; optional",
    ),
    (K::PayrollFee, "fee", "the payroll service's; optional"),
];

/// Record a pay day from the payslip: one entry (see `core::employer::payroll`).
pub fn payroll(h: &OpenHolder, today: NaiveDate) -> Form {
    let plan = &h.files.plan.plan;
    let employees: Vec<Choice> = plan
        .employees
        .iter()
        .map(|e| choice(&e.id, &e.name))
        .collect();
    let mut fields = vec![
        FormField::choose(
            K::Employee,
            employees.clone(),
            (!employees.is_empty()).then_some(0),
            "Left/Right picks who was paid",
        ),
        FormField::text(
            K::PayDate,
            &today.format("%Y-%m-%d").to_string(),
            "e.g. 2026-10-14",
        ),
    ];
    for (key, _, hint) in PAY_AMOUNTS {
        fields.push(FormField::text(key, "", hint));
    }
    fields.push(FormField::text(K::PayNote, "", "optional"));
    Form::new("Pay day", fields)
}

/// The pay day the form holds, checked against the plan as `careledger payroll` checks it,
/// each problem on its field.
pub fn read_payroll(form: &Form, plan: &Plan) -> Result<PayDay, Problems> {
    let value = |k: K| form.field(k).value().to_string();
    let day = PayDay {
        employee: form.field(K::Employee).chosen().unwrap_or_default(),
        date: value(K::PayDate),
        net: value(K::Net),
        paye: value(K::Paye),
        employee_ni: value(K::EmployeeNi),
        employer_ni: value(K::EmployerNi),
        pension: value(K::Pension),
        employee_pension: value(K::EmployeePension),
        fee: value(K::PayrollFee),
        stream: None,
        note: value(K::PayNote),
    };
    match day.build(plan) {
        Ok(_) => Ok(day),
        Err(problems) => Err(problems
            .into_iter()
            .map(|p| {
                let (flag, message) = p
                    .strip_prefix("--")
                    .and_then(|r| r.split_once(": "))
                    .unwrap_or(("", p.as_str()));
                let key = match flag {
                    "employee" => K::Employee,
                    "date" => K::PayDate,
                    "note" => K::PayNote,
                    f => PAY_AMOUNTS
                        .iter()
                        .find(|(_, name, _)| *name == f)
                        .map_or(K::Employee, |(k, _, _)| *k),
                };
                let mut m = message.to_string();
                if let Some(first) = m.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                if !m.ends_with('.') {
                    m.push('.');
                }
                (key, m)
            })
            .collect()),
    }
}

// --- A new person -----------------------------------------------------------------------

pub fn new_holder() -> Form {
    let fields = vec![
        FormField::text(
            K::Id,
            "",
            "short folder name: lower-case letters, digits, hyphens, e.g. ann-w",
        ),
        FormField::text(K::Name, "", "the person's name"),
        FormField::text(
            K::PlanStart,
            "",
            "e.g. 2026-04-01; empty for 1 April this year",
        ),
        FormField::text(K::PlanEnd, "", "empty for a year after the start"),
        FormField::choose(
            K::ManagedBy,
            same(&["self", "representative", "broker", "provider"]),
            Some(0),
            "who manages the money",
        ),
        FormField::text(
            K::StreamId,
            "",
            "first funding stream, e.g. social-care; empty for none yet",
        ),
        FormField::text(K::Funder, "", "e.g. Westdale Borough Council"),
        FormField::choose(
            K::Kind,
            same(&["social-care", "health", "education", "other"]),
            Some(0),
            "kind of funding",
        ),
        FormField::choose(
            K::HeldAs,
            same(&crate::core::accounts::HOLDINGS),
            Some(0),
            "how the money is held",
        ),
        FormField::choose(
            K::Schedule,
            same(&["4-weekly", "monthly", "quarterly", "yearly", "one-off"]),
            Some(0),
            "how often it is paid",
        ),
        FormField::text(K::StreamAmount, "", "paid each time, e.g. 1760.00"),
        FormField::text(
            K::OutcomeId,
            "",
            "first outcome, e.g. stay-at-home; empty for none yet",
        ),
        FormField::text(
            K::OutcomeTitle,
            "",
            "in the person's words, e.g. Stay living in my own home",
        ),
        FormField::text(
            K::Allocation,
            "",
            "money from the stream for this outcome, e.g. 15000.00",
        ),
        FormField::text(K::ReviewDate, "", "e.g. 2027-03-18; empty for none yet"),
    ];
    Form::new("A new person", fields)
}

/// The new person's plan as typed; `taken` says whether an id is already someone's.
pub fn read_new_holder(form: &Form, taken: impl Fn(&str) -> bool) -> Result<NewPlan, Problems> {
    let text = |key| form.text(key);
    let mut errors = Vec::new();
    let id = text(K::Id).unwrap_or_default();
    if !crate::store::valid_holder_id(&id) {
        errors.push((
            K::Id,
            "Type a short id of lower-case letters, digits and hyphens, e.g. ann-w.".to_string(),
        ));
    } else if taken(&id) {
        errors.push((
            K::Id,
            format!("Someone already has the id \"{id}\"; choose another."),
        ));
    }
    if text(K::Name).is_none() {
        errors.push((K::Name, "Type the person's name.".to_string()));
    }
    let mut date = |key| {
        let v = text(key)?;
        let d = payment::parse_date(&v);
        if d.is_none() {
            errors.push((
                key,
                format!("\"{v}\" is not a date. Type it as 2026-04-01, or leave it empty."),
            ));
        }
        d
    };
    let start = date(K::PlanStart);
    let end = date(K::PlanEnd);
    let review = date(K::ReviewDate);
    let stream = text(K::StreamId);
    if stream
        .as_deref()
        .is_some_and(|s| !crate::store::valid_holder_id(s))
    {
        errors.push((
            K::StreamId,
            "Use lower-case letters, digits and hyphens, e.g. social-care.".into(),
        ));
    }
    if stream.is_some() && text(K::Funder).is_none() {
        errors.push((K::Funder, "Type who pays this stream.".into()));
    }
    if let Some(a) = text(K::StreamAmount)
        && let Err(e) = Money::parse(&a)
    {
        errors.push((K::StreamAmount, format!("{e}. Type it as 1760.00.")));
    }
    if let Some(a) = text(K::Allocation) {
        if let Err(e) = Money::parse(&a) {
            errors.push((K::Allocation, format!("{e}. Type it as 15000.00.")));
        } else if stream.is_none() || text(K::OutcomeId).is_none() {
            errors.push((
                K::Allocation,
                "An allocation needs a stream id and an outcome id.".into(),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewPlan {
        id,
        name: text(K::Name).unwrap_or_default(),
        start,
        end,
        managed_by: form
            .field(K::ManagedBy)
            .chosen()
            .unwrap_or_else(|| "self".into()),
        stream,
        funder: text(K::Funder),
        kind: form.field(K::Kind).chosen().unwrap_or_default(),
        management: form.field(K::HeldAs).chosen().unwrap_or_default(),
        schedule: form.field(K::Schedule).chosen().unwrap_or_default(),
        amount: text(K::StreamAmount),
        outcome: text(K::OutcomeId),
        outcome_title: text(K::OutcomeTitle),
        what_matters: None,
        allocation: text(K::Allocation),
        review,
    })
}

// --- Plan edits -------------------------------------------------------------------------

pub fn allocation(stream: &str, outcome_title: &str, current: &str) -> Form {
    Form::new(
        format!("Allocation from {stream} to \"{outcome_title}\""),
        vec![FormField::text(
            K::Allocation,
            current,
            "pounds for the plan period, e.g. 6880.00",
        )],
    )
}

pub fn read_allocation(form: &Form) -> Result<Money, Problems> {
    let value = form.field(K::Allocation).value().trim().to_string();
    let money = Money::parse(&value)
        .map_err(|e| vec![(K::Allocation, format!("{e}. Type it as 6880.00."))])?;
    if money.is_negative() {
        return Err(vec![(
            K::Allocation,
            "An allocation cannot be below £0.00.".into(),
        )]);
    }
    Ok(money)
}

pub fn review_date(current: &str) -> Form {
    Form::new(
        "Review date",
        vec![FormField::text(K::ReviewDate, current, "e.g. 2027-03-18")],
    )
}

pub fn read_review_date(form: &Form) -> Result<NaiveDate, Problems> {
    let value = form.field(K::ReviewDate).value().trim().to_string();
    payment::parse_date(&value).ok_or_else(|| {
        vec![(
            K::ReviewDate,
            format!("\"{value}\" is not a date. Type it as 2027-03-18."),
        )]
    })
}

/// The form asking where to save the report in the reader, offering `name`.
pub fn save_report(name: &str) -> Form {
    Form::new(
        "Save the report",
        vec![FormField::text(
            K::SaveTo,
            name,
            "a name in the workspace folder, or a full path",
        )],
    )
}

/// Where the report is to be saved: a full path as typed, or a name in the workspace folder.
pub fn read_save_to(form: &Form, root: &std::path::Path) -> Result<PathBuf, Problems> {
    let Some(p) = form.text(K::SaveTo) else {
        return Err(vec![(K::SaveTo, "Type a file name to save it to.".into())]);
    };
    let p = PathBuf::from(p);
    Ok(if p.is_absolute() { p } else { root.join(p) })
}

/// The form asking which file to attach to an entry.
pub fn attach(title: &str) -> Form {
    Form::new(
        title,
        vec![FormField::text(
            K::File,
            "",
            "e.g. /home/ann/receipt.pdf (copied, not moved)",
        )],
    )
}

/// The file to attach, as typed (a leading ~/ is the home folder).
pub fn read_attach(form: &Form) -> Result<PathBuf, Problems> {
    let Some(p) = form.text(K::File) else {
        return Err(vec![(K::File, "Type where the file is.".into())]);
    };
    Ok(match (p.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(p),
    })
}
