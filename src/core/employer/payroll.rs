//! Pay day as one entry, and what is owed to HMRC.
//!
//! A pay day is written as one split entry, paid from the employee's stream:
//!
//! ```text
//! 2026-10-09 Tomasz Nowak | pay day
//!     ; stream: social-care
//!     ; employee: tomasz
//!     expenses:pa-wages                       £260.00  ; outcome: stay-at-home
//!     expenses:employer-ni                    £24.60  ; outcome: stay-at-home
//!     expenses:employer-pension               £4.20  ; outcome: stay-at-home
//!     expenses:payroll-fee                    £7.50  ; outcome: stay-at-home
//!     liabilities:hmrc                        £-29.64
//!     assets:direct-payment:social-care
//! ```
//!
//! It is a split entry, written as `core::payment` writes one: gross pay (net pay, income tax,
//! the employee's NI and the employee's pension together), the employer's NI, pension and
//! payroll fee are its spending lines, each with its own category and the employee's outcome
//! on its line. The
//! employee's net pay, both pension contributions and the fee leave the account that day;
//! the income tax and both kinds of NI are owed to HMRC (`liabilities:hmrc`) until an HMRC
//! payment (`liabilities:hmrc` against the account) is recorded. What is owed is committed
//! money: it is spent, but still in the account.

use chrono::NaiveDate;

use crate::core::accounts;
use crate::core::journal::{Journal, NewPosting, NewTransaction, Status};
use crate::core::money::Money;
use crate::core::payment::parse_date;
use crate::core::plan::{Management, Plan};
use crate::core::printable::{control_char, refusal};

/// Where income tax and NI owed to HMRC are held until paid.
pub const HMRC: &str = "liabilities:hmrc";
/// The categories of a pay day's spending.
pub const WAGES: &str = "pa-wages";
pub const EMPLOYER_NI: &str = "employer-ni";
pub const EMPLOYER_PENSION: &str = "employer-pension";
pub const PAYROLL_FEE: &str = "payroll-fee";
/// The tag naming the employee an entry pays.
pub const EMPLOYEE_TAG: &str = "employee";

/// A pay day as typed (the figures off the payslip).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PayDay {
    pub employee: String,
    pub date: String,
    pub net: String,
    pub paye: String,
    pub employee_ni: String,
    pub employer_ni: String,
    /// The employer's pension contribution.
    pub pension: String,
    /// The employee's own pension contribution, taken from their pay (may be empty).
    pub employee_pension: String,
    /// The payroll service's fee for this pay day (may be empty).
    pub fee: String,
    pub stream: Option<String>,
    pub note: String,
}

/// What a pay day's entry comes to, for the sentence about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayDayTotals {
    pub gross: Money,
    /// Out of the account on the day.
    pub paid_out: Money,
    /// Owed to HMRC.
    pub owed: Money,
}

/// The date and amount fields' problems, named by their flags (`--net`).
fn amount(flag: &str, text: &str, required: bool, errors: &mut Vec<String>) -> Money {
    let t = text.trim();
    if t.is_empty() {
        if required {
            errors.push(format!(
                "--{flag}: give the amount off the payslip, e.g. 212.34 (0 if none)"
            ));
        }
        return Money::ZERO;
    }
    match Money::parse(t) {
        Ok(m) if m.is_negative() => {
            errors.push(format!(
                "--{flag}: {t} is below zero; give the payslip's amount without a minus sign"
            ));
            Money::ZERO
        }
        Ok(m) => m,
        Err(e) => {
            errors.push(format!("--{flag}: {e}"));
            Money::ZERO
        }
    }
}

fn date(text: &str, plan: &Plan, errors: &mut Vec<String>) -> Option<NaiveDate> {
    match parse_date(text) {
        Some(d) if plan.period.is_far_from(d) => {
            errors.push(format!(
                "--date: {d} is years away from the plan period; check the year"
            ));
            None
        }
        Some(d) => Some(d),
        None => {
            errors.push(format!(
                "--date: \"{}\" is not a date; type it as 2026-10-14 or 14/10/2026",
                text.trim()
            ));
            None
        }
    }
}

/// The stream a payment for the employer is made from: the one named, or the only one that
/// could be meant; it must be a direct payment (the holder's own account).
fn paying_stream<'a>(
    plan: &'a Plan,
    named: Option<&str>,
    fallback: Option<&str>,
    errors: &mut Vec<String>,
) -> Option<&'a crate::core::plan::FundingStream> {
    let id = named.or(fallback);
    let Some(id) = id else {
        errors.push("--stream: say which funding stream pays (its id)".into());
        return None;
    };
    let Some(s) = plan.stream(id) else {
        let ids: Vec<&str> = plan.streams.iter().map(|s| s.id.as_str()).collect();
        errors.push(format!(
            "--stream: the plan has no funding stream \"{id}\" (streams: {})",
            ids.join(", ")
        ));
        return None;
    };
    if s.management != Management::DirectPayment {
        errors.push(format!(
            "--stream: \"{}\" is a {}, so its money does not pay a payroll from the holder's account; pick a direct payment",
            s.id,
            s.management.describe()
        ));
        return None;
    }
    Some(s)
}

impl PayDay {
    /// The entry to write and its totals, or every problem, each naming its flag.
    pub fn build(&self, plan: &Plan) -> Result<(NewTransaction, PayDayTotals), Vec<String>> {
        let mut errors = Vec::new();
        let employee = plan.employees.iter().find(|e| e.id == self.employee.trim());
        if employee.is_none() {
            let ids: Vec<&str> = plan.employees.iter().map(|e| e.id.as_str()).collect();
            errors.push(format!(
                "--employee: the plan has no employee \"{}\" (employees: {})",
                self.employee.trim(),
                if ids.is_empty() {
                    "none; add [[employees]] to the plan".into()
                } else {
                    ids.join(", ")
                }
            ));
        }
        let date = date(&self.date, plan, &mut errors);
        let net = amount("net", &self.net, true, &mut errors);
        let paye = amount("paye", &self.paye, true, &mut errors);
        let employee_ni = amount("employee-ni", &self.employee_ni, true, &mut errors);
        let employer_ni = amount("employer-ni", &self.employer_ni, true, &mut errors);
        let pension = amount("pension", &self.pension, true, &mut errors);
        let employee_pension = amount(
            "employee-pension",
            &self.employee_pension,
            false,
            &mut errors,
        );
        let fee = amount("fee", &self.fee, false, &mut errors);
        if net.is_zero() && errors.is_empty() {
            errors
                .push("--net: the net pay is £0.00; a pay day pays the employee something".into());
        }
        let note = self.note.trim();
        if let Some(c) = control_char(note) {
            errors.push(format!("--note: {}", refusal("a note", c)));
        } else if note.contains([';', '\n', '|']) {
            errors.push("--note: a note cannot contain ; or | or a line break".into());
        }
        let stream = paying_stream(
            plan,
            self.stream.as_deref(),
            employee
                .and_then(|e| e.paying_stream(plan))
                .or_else(|| only_direct(plan)),
            &mut errors,
        );
        let (Some(e), Some(date), Some(stream)) = (employee, date, stream) else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let gross = net + paye + employee_ni + employee_pension;
        let owed = paye + employee_ni + employer_ni;
        let paid_out = net + pension + employee_pension + fee;
        // A split entry: each spending line carries the employee's outcome on its own line,
        // as hledger reads a split payment's lines.
        let outcome: Vec<(String, String)> = e
            .outcome
            .iter()
            .map(|o| ("outcome".to_string(), o.clone()))
            .collect();
        let mut postings = vec![NewPosting {
            account: accounts::expense(WAGES),
            amount: Some(gross),
            tags: outcome.clone(),
        }];
        for (category, m) in [
            (EMPLOYER_NI, employer_ni),
            (EMPLOYER_PENSION, pension),
            (PAYROLL_FEE, fee),
        ] {
            if m.is_positive() {
                postings.push(NewPosting {
                    account: accounts::expense(category),
                    amount: Some(m),
                    tags: outcome.clone(),
                });
            }
        }
        if owed.is_positive() {
            postings.push(NewPosting {
                account: HMRC.into(),
                amount: Some(-owed),
                tags: Vec::new(),
            });
        }
        postings.push(NewPosting {
            account: stream.account(),
            amount: None,
            tags: Vec::new(),
        });
        let mut tags = vec![("stream".to_string(), stream.id.clone())];
        tags.push((EMPLOYEE_TAG.to_string(), e.id.clone()));
        let tx = NewTransaction {
            date,
            status: Status::Unmarked,
            code: None,
            payee: e.name.clone(),
            note: Some(if note.is_empty() {
                "pay day".to_string()
            } else {
                note.to_string()
            }),
            tags,
            postings,
        };
        let problems = tx.problems();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok((
            tx,
            PayDayTotals {
                gross,
                paid_out,
                owed,
            },
        ))
    }
}

/// The plan's one direct payment stream, if it has exactly one.
fn only_direct(plan: &Plan) -> Option<&str> {
    let mut direct = plan
        .streams
        .iter()
        .filter(|s| s.management == Management::DirectPayment);
    match (direct.next(), direct.next()) {
        (Some(s), None) => Some(&s.id),
        _ => None,
    }
}

/// A payment to HMRC of what payroll left owing, from `stream` (or the plan's one direct
/// payment).
pub fn hmrc_payment(
    plan: &Plan,
    date_text: &str,
    amount_text: &str,
    stream: Option<&str>,
) -> Result<NewTransaction, Vec<String>> {
    let mut errors = Vec::new();
    let date = date(date_text, plan, &mut errors);
    let amount = amount("amount", amount_text, true, &mut errors);
    if amount.is_zero() && errors.is_empty() {
        errors.push("--amount: give what was paid to HMRC, e.g. 175.20".into());
    }
    let stream = paying_stream(plan, stream, only_direct(plan), &mut errors);
    let (Some(date), Some(stream)) = (date, stream) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(NewTransaction {
        date,
        status: Status::Unmarked,
        code: None,
        payee: "HMRC".into(),
        note: Some("PAYE and National Insurance".into()),
        tags: vec![("stream".into(), stream.id.clone())],
        postings: vec![
            NewPosting {
                account: HMRC.into(),
                amount: Some(amount),
                tags: Vec::new(),
            },
            NewPosting {
                account: stream.account(),
                amount: None,
                tags: Vec::new(),
            },
        ],
    })
}

/// What each stream (by its index in the plan) owes HMRC at the end of `on`: the
/// `liabilities:hmrc` postings of entries on or before that day, by the stream each entry
/// pays from (its stream account, or failing that its `stream:` tag).
pub fn hmrc_owed(plan: &Plan, journals: &[Journal], on: NaiveDate) -> Vec<Money> {
    let mut owed = vec![Money::ZERO; plan.streams.len()];
    for j in journals {
        let accounts = j.accounts();
        let Some(hmrc) = accounts.iter().position(|a| a == HMRC) else {
            continue;
        };
        let stream_of: Vec<Option<usize>> = accounts
            .iter()
            .map(|a| plan.streams.iter().position(|s| s.account() == *a))
            .collect();
        for tx in j.transactions().iter().filter(|t| t.date <= on) {
            let ps = j.postings(tx);
            let here: Money = ps
                .iter()
                .filter(|p| p.account.0 as usize == hmrc)
                .map(|p| p.amount)
                .sum();
            if here.is_zero() {
                continue;
            }
            let s = ps
                .iter()
                .find_map(|p| stream_of[p.account.0 as usize])
                .or_else(|| {
                    j.tag(tx, "stream")
                        .and_then(|id| plan.streams.iter().position(|s| s.id == id))
                });
            if let Some(s) = s {
                // The liability's postings are negative while money is owed.
                owed[s] -= here;
            }
        }
    }
    owed
}
