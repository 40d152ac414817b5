//! What an alert is: something about a holder's money that a holder or broker should act on,
//! how urgent it is, and which journal lines it is about. The budget position and the
//! expected payments both raise alerts; they live here, below both, so that neither has to
//! reach into the other for the type.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth knowing.
    Notice,
    /// Act soon.
    Warning,
    /// Act now.
    Serious,
}

impl Severity {
    pub fn word(self) -> &'static str {
        match self {
            Severity::Serious => "Act now",
            Severity::Warning => "Act soon",
            Severity::Notice => "Note",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AlertKind {
    /// The journal file has nothing in it at all: every figure is of no records.
    EmptyJournal,
    Overspend,
    ExcludedSpending,
    ReviewOverdue,
    ProjectedOverspend,
    Surplus,
    UnknownStream,
    UnknownOutcome,
    /// A scheduled payment (or client contribution) more than a week overdue.
    LatePayment,
    /// A scheduled payment that arrived for less than it should have.
    ShortPayment,
    ReviewDue,
    NoOutcome,
    NoReceipt,
    /// An employee's hourly rate is under the legal minimum for their age, now or from a
    /// date in the plan period.
    MinimumWage,
    /// An outcome's allocation (or a stream) cannot pay for the PA hours agreed.
    EmployerShortfall,
    /// The employer's liability insurance renews soon, or was due and not renewed.
    InsuranceRenewal,
    /// Workplace pension re-enrolment (every three years) is due.
    PensionReenrolment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub severity: Severity,
    pub message: String,
    /// Journal lines of the entries concerned, where there are some.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<u32>,
}
