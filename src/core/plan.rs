//! The care and support plan: who the holder is, the plan period, the funding streams that
//! pay for it and the outcomes ("what matters to me") the money is for.
//!
//! `plan.toml` is meant to be edited by hand, so reading it is strict: an unknown key, an
//! allocation to a stream that does not exist, a date outside the plan period, a negative
//! amount or text holding a control character (which a terminal showing it would obey) is an
//! error naming the line, never something quietly dropped.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::accounts;
use super::money::Money;
use super::printable::{control_char, control_char_in_prose, refusal};
use super::schedule::{self, Schedule, Terms};
use super::text::{de_date, line_col};

// The plan period is defined beside the schedule, which needs it and knows nothing else of the
// plan; it is part of the plan's shape, so it is named here too.
pub use super::schedule::{Change, Period};

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub holder: Holder,
    pub period: Period,
    #[serde(default)]
    pub budget: Budget,
    #[serde(default)]
    pub reviews: Vec<Review>,
    #[serde(default)]
    pub streams: Vec<FundingStream>,
    #[serde(default)]
    pub outcomes: Vec<Outcome>,
    /// How to record lines of a bank statement (see `core::import`).
    #[serde(default)]
    pub payee_rules: Vec<PayeeRule>,
    /// The holder as an employer of personal assistants (see `core::employer`).
    #[serde(default)]
    pub employer: Option<super::employer::Employer>,
    #[serde(default)]
    pub employees: Vec<super::employer::Employee>,
    /// Spending categories with their words, offered first (see `core::category`).
    #[serde(default)]
    pub categories: Vec<super::category::Category>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holder {
    pub name: String,
    #[serde(default)]
    pub managed_by: ManagedBy,
    #[serde(default)]
    pub group: Option<TargetGroup>,
    #[serde(default)]
    pub references: BTreeMap<String, String>,
}

/// Who looks after the money day to day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ManagedBy {
    #[default]
    #[serde(rename = "self")]
    Holder,
    Representative,
    Broker,
    Provider,
}

/// The four IPC target groups, and "other".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetGroup {
    OlderPeople,
    Children,
    LearningDisability,
    MentalHealth,
    Other,
}

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// The figure the holder was told up front.
    pub indicative: Option<Money>,
    /// The figure set when the plan was agreed.
    pub agreed: Option<Money>,
    /// Part of the agreed budget kept back for the unexpected.
    pub contingency: Option<Money>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    #[serde(default)]
    pub done: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StreamKind {
    Health,
    SocialCare,
    Education,
    Other,
}

/// How a stream's money is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Management {
    /// Paid into the holder's own account.
    DirectPayment,
    /// The NHS or council holds the money and buys what the holder chooses.
    Notional,
    /// An organisation holds it (including individual service funds).
    ThirdParty,
}

impl Management {
    /// The account segment used in journals: `assets:<this>:<stream-id>`.
    pub fn account_segment(self) -> &'static str {
        match self {
            Management::DirectPayment => accounts::DIRECT_PAYMENT,
            Management::Notional => accounts::NOTIONAL,
            Management::ThirdParty => accounts::THIRD_PARTY,
        }
    }
    pub fn describe(self) -> &'static str {
        match self {
            Management::DirectPayment => "direct payment",
            Management::Notional => "notional budget",
            Management::ThirdParty => "third-party budget",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundingStream {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    pub funder: String,
    pub kind: StreamKind,
    pub management: Management,
    pub schedule: Schedule,
    /// Paid each time (for a monthly schedule, `weekly_rate` may be given instead).
    #[serde(default)]
    pub amount: Option<Money>,
    /// A weekly rate paid monthly: each month pays weekly rate x days in the month / 7.
    #[serde(default)]
    pub weekly_rate: Option<Money>,
    #[serde(deserialize_with = "de_date")]
    pub first_payment: NaiveDate,
    #[serde(default = "default_threshold")]
    pub surplus_threshold_weeks: u32,
    /// Paid in by the holder alongside each funder payment.
    #[serde(default)]
    pub client_contribution: Option<Money>,
    #[serde(default)]
    pub held_by: Option<String>,
    /// Dated changes and one-off money: `[[streams.changes]]`.
    #[serde(default)]
    pub changes: Vec<Change>,
}

fn default_threshold() -> u32 {
    8
}

impl FundingStream {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
    /// The journal account that holds (or, for notional money, accounts for) this stream.
    pub fn account(&self) -> String {
        accounts::stream_asset(self.management.account_segment(), &self.id)
    }
    pub fn income_account(&self) -> String {
        accounts::stream_income(&self.id)
    }
    /// How this stream pays: what the schedule needs to work out its payments.
    pub fn terms(&self) -> Terms<'_> {
        Terms {
            schedule: self.schedule,
            amount: self.amount,
            weekly_rate: self.weekly_rate,
            first_payment: self.first_payment,
            client_contribution: self.client_contribution,
            changes: &self.changes,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub what_matters: Option<String>,
    #[serde(default)]
    pub support: Vec<String>,
    /// Stream id -> money from that stream for this outcome over the plan period.
    #[serde(default)]
    pub allocation: BTreeMap<String, Money>,
}

impl Outcome {
    pub fn allocated(&self) -> Money {
        self.allocation.values().sum()
    }
}

/// How a line on a bank statement is recorded: when its description contains `match` (any
/// case, punctuation ignored), the entry gets this payee name, outcome and category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PayeeRule {
    #[serde(rename = "match")]
    pub pattern: String,
    /// The name to record instead of the bank's description.
    #[serde(default)]
    pub payee: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    /// The rule applies only to statements of this stream's account.
    #[serde(default)]
    pub stream: Option<String>,
    /// The expense account's last part, `expenses:<category>` (default: the outcome id).
    #[serde(default)]
    pub category: Option<String>,
    /// Money in that matches: the funder's payment or the holder's own contribution.
    #[serde(default)]
    pub income: Option<IncomeKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IncomeKind {
    /// Paid by the stream's funder: `income:<stream-id>`.
    Funder,
    /// Paid in by the holder: `income:client-contribution`.
    Contribution,
    /// Other money in, neither the funder's nor the holder's (interest, a one-off grant):
    /// `income:other`.
    Other,
}

impl PayeeRule {
    /// What is wrong with this rule for this plan, as (key, message).
    pub fn problem(&self, plan: &Plan) -> Option<(&'static str, String)> {
        // Checked first: the messages below quote the pattern.
        for (key, text) in [
            ("match", Some(&self.pattern)),
            ("payee", self.payee.as_ref()),
        ] {
            if let Some(c) = text.and_then(|t| control_char(t)) {
                return Some((key, refusal(&format!("a payee rule's {key}"), c)));
            }
        }
        let words = self.pattern.chars().filter(|c| c.is_alphanumeric()).count();
        if words == 0 {
            return Some((
                "match",
                "a payee rule needs some letters or digits to match, e.g. match = \"tesco\"".into(),
            ));
        }
        if let Some(o) = self
            .outcome
            .as_deref()
            .filter(|o| plan.outcome(o).is_none())
        {
            let ids: Vec<&str> = plan.outcomes.iter().map(|o| o.id.as_str()).collect();
            return Some((
                "outcome",
                format!(
                    "payee rule \"{}\" names outcome \"{o}\", which the plan does not have (outcomes: {})",
                    self.pattern,
                    ids.join(", ")
                ),
            ));
        }
        if let Some(st) = self.stream.as_deref().filter(|s| plan.stream(s).is_none()) {
            let ids: Vec<&str> = plan.streams.iter().map(|s| s.id.as_str()).collect();
            return Some((
                "stream",
                format!(
                    "payee rule \"{}\" names stream \"{st}\", which the plan does not have (streams: {})",
                    self.pattern,
                    ids.join(", ")
                ),
            ));
        }
        if let Some(c) = self.category.as_deref()
            && !super::category::is_valid_id(c)
        {
            return Some((
                "category",
                format!(
                    "payee rule \"{}\": category \"{c}\" must be lower-case letters, digits and hyphens, e.g. groceries",
                    self.pattern
                ),
            ));
        }
        None
    }
}

impl Plan {
    pub fn stream(&self, id: &str) -> Option<&FundingStream> {
        self.streams.iter().find(|s| s.id == id)
    }
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }
    /// The stream whose journal account is `account`, if any.
    pub fn stream_for_account(&self, account: &str) -> Option<&FundingStream> {
        let (segment, id) = accounts::split_stream_asset(account)?;
        self.streams
            .iter()
            .find(|s| s.id == id && s.management.account_segment() == segment)
    }
    /// The streams whose outcomes are allocated more than they pay over the plan period:
    /// (index, stream, allocated, what it pays).
    pub fn shortfalls(&self) -> Vec<(usize, &FundingStream, Money, Money)> {
        self.streams
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let available = schedule::money_for_period(&s.terms(), &self.period);
                let allocated: Money = self
                    .outcomes
                    .iter()
                    .filter_map(|o| o.allocation.get(&s.id))
                    .sum();
                (allocated > available).then_some((i, s, allocated, available))
            })
            .collect()
    }
    /// How the money is held, in words: one management type, or "mixed".
    pub fn holding(&self) -> &'static str {
        let mut kinds = self.streams.iter().map(|s| s.management);
        match kinds.next() {
            None => "no funding yet",
            Some(first) if kinds.all(|k| k == first) => first.describe(),
            Some(_) => "mixed",
        }
    }
}

/// A problem found in a plan, located in its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanIssue {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for PlanIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Why a plan could not be read. Carries the position; the store adds the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
pub struct PlanError(pub Vec<PlanIssue>);

impl PlanError {
    pub fn first(&self) -> &PlanIssue {
        &self.0[0]
    }
}

/// A plan that has been read and checked, with any warnings that do not stop it being used.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: Plan,
    pub warnings: Vec<PlanIssue>,
}

/// Read and check a plan from its TOML text.
pub fn parse(text: &str) -> Result<LoadedPlan, PlanError> {
    let plan: Plan = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(text, s.start)).unwrap_or((1, 1));
        PlanError(vec![PlanIssue {
            line,
            column,
            message: tidy_toml_message(e.message()),
        }])
    })?;
    let doc = toml_edit::Document::parse(text).ok();
    let at = |path: &[PathPart]| -> (usize, usize) {
        doc.as_ref()
            .and_then(|d| span_of(d.as_table(), path))
            .map(|start| line_col(text, start))
            .unwrap_or((1, 1))
    };
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut err = |path: &[PathPart], message: String| {
        let (line, column) = at(path);
        errors.push(PlanIssue {
            line,
            column,
            message,
        });
    };
    use PathPart::{I, K};

    if plan.period.end <= plan.period.start {
        err(
            &[K("period"), K("end")],
            format!(
                "the plan period ends ({}) before it starts ({}); set end after start",
                plan.period.end, plan.period.start
            ),
        );
    }
    for (key, amount) in [
        ("indicative", plan.budget.indicative),
        ("agreed", plan.budget.agreed),
        ("contingency", plan.budget.contingency),
    ] {
        if amount.is_some_and(Money::is_negative) {
            err(
                &[K("budget"), K(key)],
                format!("the {key} budget is negative; amounts in a plan are never below zero"),
            );
        }
    }
    for (i, r) in plan.reviews.iter().enumerate() {
        if !plan.period.contains(r.date) {
            err(
                &[K("reviews"), I(i), K("date")],
                format!(
                    "review date {} is outside the plan period {} to {}",
                    r.date, plan.period.start, plan.period.end
                ),
            );
        }
    }
    for (i, s) in plan.streams.iter().enumerate() {
        let here = |k| [K("streams"), I(i), K(k)];
        if !is_id(&s.id) {
            err(
                &here("id"),
                format!(
                    "stream id \"{}\" must be lower-case letters, digits and hyphens, e.g. social-care",
                    s.id
                ),
            );
        }
        if !accounts::stream_id_is_free(&s.id) {
            err(
                &here("id"),
                format!(
                    "stream id \"{}\" cannot be used: its payments would go to {}, which careledger keeps for other money; give the stream another id, e.g. {}-payment",
                    s.id,
                    accounts::stream_income(&s.id),
                    s.id
                ),
            );
        }
        if plan.streams[..i].iter().any(|o| o.id == s.id) {
            err(
                &here("id"),
                format!(
                    "stream id \"{}\" is used twice; each stream needs its own id",
                    s.id
                ),
            );
        }
        let counts = schedule::payments_until(&s.terms(), s.first_payment)
            .first()
            .is_some_and(|p| p.date == s.first_payment && p.counts_towards(&plan.period));
        if !plan.period.contains(s.first_payment) && !counts {
            err(
                &here("first_payment"),
                format!(
                    "stream \"{}\": first payment {} is outside the plan period {} to {}",
                    s.id, s.first_payment, plan.period.start, plan.period.end
                ),
            );
        }
        match (s.amount, s.weekly_rate) {
            (None, None) => err(
                &[K("streams"), I(i)],
                format!("stream \"{}\" needs an amount (paid each time)", s.id),
            ),
            (Some(_), Some(_)) => err(
                &here("weekly_rate"),
                format!(
                    "stream \"{}\" has both amount and weekly_rate; keep one",
                    s.id
                ),
            ),
            (None, Some(_)) if s.schedule != Schedule::Monthly => err(
                &here("weekly_rate"),
                format!(
                    "stream \"{}\": weekly_rate works with a monthly schedule only; give amount instead",
                    s.id
                ),
            ),
            _ => {}
        }
        for (key, amount) in [
            ("amount", s.amount),
            ("weekly_rate", s.weekly_rate),
            ("client_contribution", s.client_contribution),
        ] {
            if amount.is_some_and(Money::is_negative) {
                err(
                    &here(key),
                    format!(
                        "stream \"{}\": {key} is negative; amounts in a plan are never below zero",
                        s.id
                    ),
                );
            }
        }
        for (j, c) in s.changes.iter().enumerate() {
            let at = |k| [K("streams"), I(i), K("changes"), I(j), K(k)];
            let name = format!("stream \"{}\": change {} (from {})", s.id, j + 1, c.from);
            if !c.does_something() {
                err(
                    &at("from"),
                    format!(
                        "{name} changes nothing; give amount, weekly_rate, schedule, client_contribution, top_up, reduction, suspend or restart"
                    ),
                );
            }
            if c.from < s.first_payment {
                err(
                    &at("from"),
                    format!(
                        "{name} is dated before the stream's first payment ({}); a change can only follow it",
                        s.first_payment
                    ),
                );
            }
            if c.suspend && c.restart {
                err(
                    &at("restart"),
                    format!("{name} both suspends and restarts payments; make them two changes"),
                );
            }
            if c.amount.is_some() && c.weekly_rate.is_some() {
                err(
                    &at("weekly_rate"),
                    format!("{name} has both amount and weekly_rate; keep one"),
                );
            }
            for (key, amount) in [
                ("amount", c.amount),
                ("weekly_rate", c.weekly_rate),
                ("client_contribution", c.client_contribution),
                ("top_up", c.top_up),
                ("reduction", c.reduction),
            ] {
                if amount.is_some_and(Money::is_negative) {
                    err(
                        &at(key),
                        format!(
                            "{name}: {key} is negative; amounts in a plan are never below zero"
                        ),
                    );
                }
            }
        }
    }
    for (i, o) in plan.outcomes.iter().enumerate() {
        if !is_id(&o.id) {
            err(
                &[K("outcomes"), I(i), K("id")],
                format!(
                    "outcome id \"{}\" must be lower-case letters, digits and hyphens",
                    o.id
                ),
            );
        }
        if plan.outcomes[..i].iter().any(|p| p.id == o.id) {
            err(
                &[K("outcomes"), I(i), K("id")],
                format!(
                    "outcome id \"{}\" is used twice; each outcome needs its own id",
                    o.id
                ),
            );
        }
        for (stream, amount) in &o.allocation {
            let path = [K("outcomes"), I(i), K("allocation"), K(stream)];
            if plan.stream(stream).is_none() {
                let known: Vec<&str> = plan.streams.iter().map(|s| s.id.as_str()).collect();
                err(
                    &path,
                    format!(
                        "outcome \"{}\" allocates money from stream \"{stream}\", which the plan does not have (streams: {})",
                        o.id,
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            }
            if amount.is_negative() {
                err(
                    &path,
                    format!(
                        "outcome \"{}\": the allocation from \"{stream}\" is negative",
                        o.id
                    ),
                );
            }
        }
    }
    for (i, r) in plan.payee_rules.iter().enumerate() {
        if let Some((key, message)) = r.problem(&plan) {
            err(&[K("payee_rules"), I(i), K(key)], message);
        }
    }
    for (path, message) in super::employer::problems(&plan) {
        err(&path, message);
    }
    for (i, c) in plan.categories.iter().enumerate() {
        if !super::category::is_valid_id(&c.id) {
            err(
                &[K("categories"), I(i), K("id")],
                format!(
                    "category \"{}\" must be lower-case letters, digits and hyphens (parts joined by :), e.g. pa-wages",
                    c.id
                ),
            );
        }
    }
    for (path, what, value, prose) in words_of(&plan) {
        let found = if prose {
            control_char_in_prose(value)
        } else {
            control_char(value)
        };
        if let Some(c) = found {
            err(&path, refusal(&what, c));
        }
    }
    if !errors.is_empty() {
        return Err(PlanError(errors));
    }
    for (i, s, allocated, available) in plan.shortfalls() {
        {
            let (line, column) = at(&[K("streams"), I(i), K("id")]);
            warnings.push(PlanIssue { line, column, message: format!(
                "the plan is not enough: outcomes are allocated {allocated} from \"{}\" but it pays {available} over the plan period",
                s.id
            )});
        }
    }
    Ok(LoadedPlan { plan, warnings })
}

/// Every piece of free text in the plan that careledger shows, with where it is, what it
/// is called in a message, and whether it is prose (which may run over lines and hold tabs).
/// Ids are left out: they are checked to be lower-case words.
fn words_of(plan: &Plan) -> Vec<(Vec<PathPart<'_>>, String, &str, bool)> {
    use PathPart::{I, K};
    let mut out = vec![(
        vec![K("holder"), K("name")],
        "the holder's name".to_string(),
        plan.holder.name.as_str(),
        false,
    )];
    for (k, v) in &plan.holder.references {
        let path = vec![K("holder"), K("references"), K(k)];
        out.push((path.clone(), "a reference's name".into(), k, false));
        out.push((path, format!("the reference \"{k}\""), v, false));
    }
    for (i, r) in plan.reviews.iter().enumerate() {
        if let Some(note) = &r.note {
            let what = format!("the note of review {}", i + 1);
            out.push((vec![K("reviews"), I(i), K("note")], what, note, true));
        }
    }
    for (i, st) in plan.streams.iter().enumerate() {
        let at = |key| vec![K("streams"), I(i), K(key)];
        let what = |key: &str| format!("stream \"{}\": the {key}", st.id);
        out.push((at("funder"), what("funder"), &st.funder, false));
        if let Some(name) = &st.name {
            out.push((at("name"), what("name"), name, false));
        }
        if let Some(by) = &st.held_by {
            out.push((at("held_by"), what("held_by"), by, false));
        }
        for (j, c) in st.changes.iter().enumerate() {
            if let Some(note) = &c.note {
                let path = vec![K("streams"), I(i), K("changes"), I(j), K("note")];
                out.push((path, what(&format!("note of change {}", j + 1)), note, true));
            }
        }
    }
    for (i, o) in plan.outcomes.iter().enumerate() {
        let at = |key| vec![K("outcomes"), I(i), K(key)];
        let what = |key: &str| format!("outcome \"{}\": {key}", o.id);
        out.push((at("title"), what("the title"), &o.title, false));
        if let Some(w) = &o.what_matters {
            out.push((at("what_matters"), what("what_matters"), w, true));
        }
        for (j, line) in o.support.iter().enumerate() {
            let mut path = at("support");
            path.push(I(j));
            out.push((path, what(&format!("support line {}", j + 1)), line, true));
        }
    }
    out
}

pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// toml's messages end with a newline and sometimes list every expected key; keep them to one line.
fn tidy_toml_message(m: &str) -> String {
    let m = m.trim().replace('\n', " ");
    if m.starts_with("unknown field") {
        format!("{m}; remove it or correct its spelling")
    } else {
        m
    }
}

#[derive(Clone, Copy)]
pub(crate) enum PathPart<'a> {
    K(&'a str),
    I(usize),
}

/// One step into a parsed TOML document, for finding where a value was written.
enum Node<'a> {
    Table(&'a toml_edit::Table),
    Tables(&'a toml_edit::ArrayOfTables),
    Value(&'a toml_edit::Value),
}

impl<'a> Node<'a> {
    fn of(item: &'a toml_edit::Item) -> Option<Node<'a>> {
        match item {
            toml_edit::Item::Table(t) => Some(Node::Table(t)),
            toml_edit::Item::ArrayOfTables(a) => Some(Node::Tables(a)),
            toml_edit::Item::Value(v) => Some(Node::Value(v)),
            toml_edit::Item::None => None,
        }
    }
    fn span(&self) -> Option<usize> {
        match self {
            Node::Table(t) => t.span(),
            Node::Tables(a) => a.span(),
            Node::Value(v) => v.span(),
        }
        .map(|s| s.start)
    }
    fn child(&self, part: PathPart) -> Option<Node<'a>> {
        match (self, part) {
            (Node::Table(t), PathPart::K(k)) => Node::of(t.get(k)?),
            (Node::Tables(a), PathPart::I(i)) => a.get(i).map(Node::Table),
            (Node::Value(toml_edit::Value::InlineTable(t)), PathPart::K(k)) => {
                t.get(k).map(Node::Value)
            }
            (Node::Value(toml_edit::Value::Array(a)), PathPart::I(i)) => a.get(i).map(Node::Value),
            _ => None,
        }
    }
}

/// Where in the text a value sits, following a path of keys and array indices as far as
/// it goes; the deepest place found is the best line to name.
fn span_of(table: &toml_edit::Table, path: &[PathPart]) -> Option<usize> {
    let mut node = Node::Table(table);
    let mut best = None;
    for part in path {
        match node.child(*part) {
            Some(next) => {
                best = next.span().or(best);
                node = next;
            }
            None => break,
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"# Ann's plan
[holder]
name = "Ann"
managed_by = "representative"
references = { council = "ASC-1" }

[period]
start = 2026-04-01
end = 2027-03-31

[budget]
agreed = "13000.00"
contingency = 500

[[reviews]]
date = 2026-10-01

[[streams]]
id = "social-care"
funder = "Council"
kind = "social-care"
management = "direct-payment"
schedule = "4-weekly"
amount = "1000.00"
first_payment = 2026-04-01

[[outcomes]]
id = "home"
title = "Stay at home"
allocation = { social-care = "12500.00" }
"#;

    fn issue(text: &str) -> PlanIssue {
        parse(text).unwrap_err().first().clone()
    }

    #[test]
    fn reads_a_whole_plan() {
        let p = parse(GOOD).unwrap();
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        let plan = p.plan;
        assert_eq!(plan.holder.managed_by, ManagedBy::Representative);
        assert_eq!(plan.budget.contingency, Some(Money::from_pence(50_000)));
        assert_eq!(plan.streams[0].surplus_threshold_weeks, 8);
        assert_eq!(
            plan.streams[0].account(),
            "assets:direct-payment:social-care"
        );
        assert_eq!(plan.outcomes[0].allocated(), Money::from_pence(1_250_000));
        assert_eq!(plan.holding(), "direct payment");
        assert_eq!(plan.period.days(), 365);
        assert!(
            plan.stream_for_account("assets:direct-payment:social-care")
                .is_some()
        );
        assert!(
            plan.stream_for_account("assets:notional:social-care")
                .is_none()
        );
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let e = issue(&GOOD.replace(
            "kind = \"social-care\"",
            "kind = \"social-care\"\nfrequency = 4",
        ));
        assert_eq!(e.line, 22);
        assert!(e.message.contains("frequency"), "{}", e.message);
        let e = issue(&GOOD.replace("[budget]", "[budjet]"));
        assert_eq!(e.line, 11);
    }

    #[test]
    fn a_stream_id_whose_income_account_careledger_keeps_for_other_money_is_refused() {
        for id in ["other", "client-contribution", "unassigned"] {
            let text = GOOD
                .replace("id = \"social-care\"", &format!("id = \"{id}\""))
                .replace(
                    "allocation = { social-care",
                    &format!("allocation = {{ {id}"),
                );
            let e = issue(&text);
            assert!(
                e.message
                    .contains(&format!("stream id \"{id}\" cannot be used"))
                    && e.message.contains(&format!("income:{id}")),
                "{id}: {}",
                e.message
            );
        }
    }

    #[test]
    fn allocations_to_missing_streams_point_at_the_allocation() {
        let e = issue(&GOOD.replace("allocation = { social-care", "allocation = { socialcare"));
        assert_eq!(e.line, 30);
        assert!(
            e.message.contains("\"socialcare\"") && e.message.contains("streams: social-care"),
            "{}",
            e.message
        );
    }

    #[test]
    fn dates_outside_the_period_and_negative_amounts() {
        let e = issue(&GOOD.replace("date = 2026-10-01", "date = 2027-10-01"));
        assert_eq!((e.line, e.column), (16, 8));
        assert!(e.message.contains("outside the plan period"));
        let e = issue(&GOOD.replace("first_payment = 2026-04-01", "first_payment = 2025-04-01"));
        assert_eq!(e.line, 25);
        let e = issue(&GOOD.replace("amount = \"1000.00\"", "amount = \"-1000.00\""));
        assert_eq!(e.line, 24);
        assert!(e.message.contains("negative"));
        let e = issue(&GOOD.replace("end = 2027-03-31", "end = 2026-03-31"));
        assert_eq!(e.line, 9);
        let e = issue(&GOOD.replace("date = 2026-10-01", "date = \"1st October\""));
        assert!(e.message.contains("not a date"), "{}", e.message);
        // A year the journal could not hold (the opening entry is dated from the plan).
        let e = issue(&GOOD.replace("start = 2026-04-01", "start = \"0026-04-01\""));
        assert_eq!(e.line, 8, "{}", e.message);
        assert!(e.message.contains("not a date"), "{}", e.message);
    }

    #[test]
    fn control_characters_in_plan_text_are_refused_naming_the_field_and_line() {
        // An OSC 52 sequence, which tells a terminal to put text on the clipboard.
        let osc = "\\u001b]52;c;SGk=\\u0007";
        let cases = [
            (
                "name = \"Ann\"",
                format!("name = \"Ann{osc}\""),
                3,
                "the holder's name",
            ),
            (
                "council = \"ASC-1\"",
                format!("council = \"ASC{osc}\""),
                5,
                "the reference \"council\"",
            ),
            (
                "funder = \"Council\"",
                "funder = \"Coun\\u009bcil\"".to_string(),
                20,
                "stream \"social-care\": the funder",
            ),
            (
                "title = \"Stay at home\"",
                format!("title = \"Stay{osc}\""),
                29,
                "outcome \"home\": the title",
            ),
            (
                "title = \"Stay at home\"",
                "title = \"Stay\\nat home\"".to_string(),
                29,
                "outcome \"home\": the title",
            ),
            (
                "title = \"Stay at home\"",
                format!("title = \"Stay\"\nsupport = [\"a PA\", \"b{osc}\"]"),
                30,
                "outcome \"home\": support line 2",
            ),
            (
                "[[reviews]]\ndate = 2026-10-01",
                format!("[[reviews]]\ndate = 2026-10-01\nnote = \"{osc}\""),
                17,
                "the note of review 1",
            ),
        ];
        for (from, to, line, what) in cases {
            let text = GOOD.replace(from, &to);
            assert_ne!(text, GOOD, "{from}");
            let e = issue(&text);
            assert_eq!(e.line, line, "{what}: {e}");
            assert!(e.message.contains(what), "{what}: {e}");
            assert!(e.message.contains("control characters"), "{what}: {e}");
            assert!(!e.message.chars().any(char::is_control), "{e}");
        }
        let e = issue(&format!(
            "{GOOD}\n[[payee_rules]]\nmatch = \"tesco\"\npayee = \"Tesco{osc}\"\n"
        ));
        assert_eq!(e.line, 34, "{e}");
        assert!(e.message.contains("a payee rule's payee"), "{e}");
        // Prose may run over lines, with tabs.
        let p = parse(&GOOD.replace(
            "title = \"Stay at home\"",
            "title = \"Stay at home\"\nwhat_matters = \"\"\"\nMy own pace,\tmy own way.\r\nAnd my cat.\"\"\"",
        ))
        .unwrap();
        assert!(p.plan.outcomes[0].what_matters.is_some());
    }

    #[test]
    fn too_little_money_for_the_outcomes_is_a_warning() {
        let p = parse(&GOOD.replace("\"12500.00\"", "\"13500.00\"")).unwrap();
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].line, 19);
        assert!(
            p.warnings[0].message.starts_with("the plan is not enough"),
            "{}",
            p.warnings[0].message
        );
        assert!(
            p.warnings[0].message.contains("£13,500.00")
                && p.warnings[0].message.contains("£13,000.00")
        );
    }
}
