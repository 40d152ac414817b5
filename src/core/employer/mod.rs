//! The holder as an employer: the personal assistants (PAs) they employ, as the plan names
//! them (`[employer]` and `[[employees]]` in `plan.toml`), the figures the law sets for an
//! employer year by year ([`rates`]), what employing them costs over the plan period
//! ([`cost`]), the alerts about it ([`alerts`]) and the pay-day entry ([`payroll`]).

pub mod alerts;
pub mod cost;
pub mod payroll;
pub mod rates;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use super::money::Money;
use super::plan::{PathPart, Plan};
use super::printable::{control_char, refusal};
use super::text::de_date;

/// `[employer]`: what employing people costs beyond their pay.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employer {
    /// The Employment Allowance is claimed (care and support employers can claim it): it is
    /// taken off the year's employer's National Insurance.
    #[serde(default)]
    pub employment_allowance: bool,
    /// Employer's liability insurance: the yearly premium and when it renews.
    #[serde(default)]
    pub insurance: Option<Insurance>,
    /// What a payroll service charges.
    #[serde(default)]
    pub payroll_fee: Option<Charge>,
    /// DBS checks.
    #[serde(default)]
    pub dbs: Option<Charge>,
    /// Weeks of pay set aside each year towards redundancy pay (default 1).
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub redundancy_reserve_weeks: Option<Decimal>,
    /// When the workplace pension duties started (for re-enrolment every three years).
    #[serde(default, deserialize_with = "de_opt_date")]
    pub pension_duties_start: Option<NaiveDate>,
    /// The last re-enrolment, once one has been done.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub last_reenrolment: Option<NaiveDate>,
}

impl Employer {
    pub fn reserve_weeks(&self) -> Decimal {
        self.redundancy_reserve_weeks.unwrap_or(Decimal::ONE)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Insurance {
    pub premium: Money,
    #[serde(deserialize_with = "de_date")]
    pub renews: NaiveDate,
}

/// An amount paid every week, month or year.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    pub amount: Money,
    pub per: Per,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Per {
    Week,
    Month,
    Year,
}

impl Per {
    pub fn times_a_year(self) -> Decimal {
        match self {
            Per::Week => Decimal::from(52),
            Per::Month => Decimal::from(12),
            Per::Year => Decimal::ONE,
        }
    }
}

/// How often a PA is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PayFrequency {
    #[serde(rename = "weekly")]
    Weekly,
    #[serde(rename = "2-weekly")]
    TwoWeekly,
    #[serde(rename = "4-weekly")]
    FourWeekly,
    #[serde(rename = "monthly")]
    Monthly,
}

impl PayFrequency {
    pub const ALL: [PayFrequency; 4] = [
        PayFrequency::Weekly,
        PayFrequency::TwoWeekly,
        PayFrequency::FourWeekly,
        PayFrequency::Monthly,
    ];
    pub fn word(self) -> &'static str {
        match self {
            PayFrequency::Weekly => "weekly",
            PayFrequency::TwoWeekly => "2-weekly",
            PayFrequency::FourWeekly => "4-weekly",
            PayFrequency::Monthly => "monthly",
        }
    }
    /// Pay days in a year: 52, 26, 13 or 12.
    pub fn times_a_year(self) -> Decimal {
        Decimal::from(match self {
            PayFrequency::Weekly => 52,
            PayFrequency::TwoWeekly => 26,
            PayFrequency::FourWeekly => 13,
            PayFrequency::Monthly => 12,
        })
    }
    /// Weeks one pay period covers (a month is 52/12 of a week).
    pub fn weeks(self) -> Decimal {
        Decimal::from(52) / self.times_a_year()
    }
}

/// Whether the employer pays into a workplace pension for this PA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PensionChoice {
    /// As the law says: enrolled when aged 22 or over and earning more than the trigger.
    #[default]
    Auto,
    /// The PA asked to join (an employer pays in when they earn above the lower limit).
    OptedIn,
    /// The PA opted out: the employer pays nothing (until re-enrolment).
    OptedOut,
    /// Not enrolled for another reason (for instance past State Pension age).
    NotEnrolled,
}

/// `[[employees]]`: one PA.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Employee {
    pub id: String,
    pub name: String,
    pub hourly_rate: Money,
    /// Contracted hours a week (holiday included: paid 52 weeks, works 52 - 5.6).
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub hours_per_week: Option<Decimal>,
    /// Hours vary week to week: `hours_per_year` are the hours expected to be worked, and
    /// holiday builds up at 12.07% of them.
    #[serde(default)]
    pub irregular: bool,
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub hours_per_year: Option<Decimal>,
    pub pay: PayFrequency,
    #[serde(deserialize_with = "de_date")]
    pub start: NaiveDate,
    /// The last day employed, if they have left or will leave.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub end: Option<NaiveDate>,
    /// The outcome these hours serve.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The stream wages are paid from (default: the outcome's one stream, or the plan's).
    #[serde(default)]
    pub stream: Option<String>,
    /// For the minimum wage band, employer's NI under 21 and pension enrolment at 22.
    #[serde(default, deserialize_with = "de_opt_date")]
    pub date_of_birth: Option<NaiveDate>,
    /// An apprentice in the first year (or under 19) may be paid the apprentice rate.
    #[serde(default)]
    pub apprentice: bool,
    #[serde(default)]
    pub pension: PensionChoice,
    /// The employer's pension contribution, per cent of qualifying earnings, when more than
    /// the legal minimum.
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub pension_percent: Option<Decimal>,
    /// Hours paid at another rate (nights, weekends).
    #[serde(default)]
    pub enhanced: Vec<Enhanced>,
    /// Dated changes to the rate or hours, earliest first.
    #[serde(default)]
    pub changes: Vec<EmployeeChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enhanced {
    pub name: String,
    pub hourly_rate: Money,
    #[serde(deserialize_with = "de_decimal")]
    pub hours_per_week: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmployeeChange {
    #[serde(deserialize_with = "de_date")]
    pub from: NaiveDate,
    #[serde(default)]
    pub hourly_rate: Option<Money>,
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub hours_per_week: Option<Decimal>,
    #[serde(default, deserialize_with = "de_opt_decimal")]
    pub hours_per_year: Option<Decimal>,
}

/// What an employee is paid and works from a day on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Terms {
    pub hourly_rate: Money,
    pub hours_per_week: Decimal,
    pub hours_per_year: Decimal,
}

impl Employee {
    /// The rate and hours in force on `d` (the last change on or before it).
    pub fn terms_on(&self, d: NaiveDate) -> Terms {
        let mut t = Terms {
            hourly_rate: self.hourly_rate,
            hours_per_week: self.hours_per_week.unwrap_or_default(),
            hours_per_year: self.hours_per_year.unwrap_or_default(),
        };
        for c in self.changes.iter().filter(|c| c.from <= d) {
            if let Some(r) = c.hourly_rate {
                t.hourly_rate = r;
            }
            if let Some(h) = c.hours_per_week {
                t.hours_per_week = h;
            }
            if let Some(h) = c.hours_per_year {
                t.hours_per_year = h;
            }
        }
        t
    }

    /// Whole years of age on `d`, when the date of birth is known.
    pub fn age_on(&self, d: NaiveDate) -> Option<u32> {
        self.date_of_birth.and_then(|b| d.years_since(b))
    }

    /// The stream that pays this PA's wages.
    pub fn paying_stream<'a>(&'a self, plan: &'a Plan) -> Option<&'a str> {
        if let Some(s) = self.stream.as_deref() {
            return Some(s);
        }
        if let Some(o) = self.outcome.as_deref().and_then(|o| plan.outcome(o))
            && o.allocation.len() == 1
        {
            return o.allocation.keys().next().map(String::as_str);
        }
        match plan.streams.as_slice() {
            [only] => Some(&only.id),
            _ => None,
        }
    }

    /// "20 hours a week", "600 hours a year": the hours agreed, in words.
    pub fn hours_words(&self, on: NaiveDate) -> String {
        let t = self.terms_on(on);
        if self.irregular {
            format!("{} hours a year", t.hours_per_year.normalize())
        } else {
            let enhanced: Decimal = self.enhanced.iter().map(|e| e.hours_per_week).sum();
            format!("{} hours a week", (t.hours_per_week + enhanced).normalize())
        }
    }
}

/// Every problem with the plan's `[employer]` and `[[employees]]`, where it is and what to do.
pub(crate) fn problems(plan: &Plan) -> Vec<(Vec<PathPart<'static>>, String)> {
    use PathPart::{I, K};
    let mut out: Vec<(Vec<PathPart<'static>>, String)> = Vec::new();
    if let Some(e) = &plan.employer {
        if let Some(i) = &e.insurance
            && i.premium.is_negative()
        {
            out.push((
                vec![K("employer"), K("insurance")],
                "the insurance premium is negative; amounts in a plan are never below zero".into(),
            ));
        }
        for (key, c) in [("payroll_fee", &e.payroll_fee), ("dbs", &e.dbs)] {
            if c.as_ref().is_some_and(|c| c.amount.is_negative()) {
                out.push((
                    vec![K("employer"), K(key)],
                    format!("the {key} is negative; amounts in a plan are never below zero"),
                ));
            }
        }
        if e.redundancy_reserve_weeks
            .is_some_and(|w| w.is_sign_negative())
        {
            out.push((
                vec![K("employer"), K("redundancy_reserve_weeks")],
                "redundancy_reserve_weeks is negative; give the weeks of pay set aside a year, e.g. 1".into(),
            ));
        }
    }
    for (i, e) in plan.employees.iter().enumerate() {
        let at = |k: &'static str| vec![K("employees"), I(i), K(k)];
        let who = &e.id;
        if !super::plan::is_id(&e.id) {
            out.push((
                at("id"),
                format!(
                    "employee id \"{}\" must be lower-case letters, digits and hyphens, e.g. tomasz",
                    e.id
                ),
            ));
        }
        if plan.employees[..i].iter().any(|o| o.id == e.id) {
            out.push((
                at("id"),
                format!("employee id \"{who}\" is used twice; each employee needs their own id"),
            ));
        }
        if let Some(c) = control_char(&e.name) {
            out.push((
                at("name"),
                refusal(&format!("employee \"{who}\": the name"), c),
            ));
        }
        if e.name.trim().is_empty() {
            out.push((at("name"), format!("employee \"{who}\" needs a name")));
        }
        if !e.hourly_rate.is_positive() {
            out.push((
                at("hourly_rate"),
                format!("employee \"{who}\": the hourly rate must be more than £0.00"),
            ));
        }
        match (e.irregular, e.hours_per_week, e.hours_per_year) {
            (false, Some(h), None) if h > Decimal::ZERO => {}
            (true, None, Some(h)) if h > Decimal::ZERO => {}
            (false, None, _) => out.push((
                at("hours_per_week"),
                format!(
                    "employee \"{who}\": say the hours agreed, hours_per_week = \"20\" (or irregular = true with hours_per_year)"
                ),
            )),
            (true, _, None) => out.push((
                at("irregular"),
                format!(
                    "employee \"{who}\" works irregular hours: give the hours expected a year, hours_per_year = \"600\""
                ),
            )),
            (true, Some(_), _) => out.push((
                at("hours_per_week"),
                format!(
                    "employee \"{who}\" works irregular hours, so hours_per_week does not apply; give hours_per_year only"
                ),
            )),
            (false, Some(_), Some(_)) => out.push((
                at("hours_per_year"),
                format!(
                    "employee \"{who}\": hours_per_year is for irregular hours; remove it or set irregular = true"
                ),
            )),
            _ => out.push((
                at("hours_per_week"),
                format!("employee \"{who}\": the hours must be more than 0"),
            )),
        }
        if let Some(end) = e.end
            && end < e.start
        {
            out.push((
                at("end"),
                format!(
                    "employee \"{who}\" ends ({end}) before they start ({})",
                    e.start
                ),
            ));
        }
        if let Some(o) = e.outcome.as_deref()
            && plan.outcome(o).is_none()
        {
            let ids: Vec<&str> = plan.outcomes.iter().map(|o| o.id.as_str()).collect();
            out.push((
                at("outcome"),
                format!(
                    "employee \"{who}\" names outcome \"{o}\", which the plan does not have (outcomes: {})",
                    if ids.is_empty() { "none".into() } else { ids.join(", ") }
                ),
            ));
        }
        if let Some(s) = e.stream.as_deref()
            && plan.stream(s).is_none()
        {
            let ids: Vec<&str> = plan.streams.iter().map(|s| s.id.as_str()).collect();
            out.push((
                at("stream"),
                format!(
                    "employee \"{who}\" names stream \"{s}\", which the plan does not have (streams: {})",
                    if ids.is_empty() { "none".into() } else { ids.join(", ") }
                ),
            ));
        }
        if e.pension_percent.is_some_and(|p| p.is_sign_negative()) {
            out.push((
                at("pension_percent"),
                format!("employee \"{who}\": pension_percent is negative"),
            ));
        }
        for (j, x) in e.enhanced.iter().enumerate() {
            let path = vec![K("employees"), I(i), K("enhanced"), I(j)];
            if let Some(c) = control_char(&x.name) {
                out.push((
                    path.clone(),
                    refusal(&format!("employee \"{who}\": an enhanced rate's name"), c),
                ));
            }
            if !x.hourly_rate.is_positive() || x.hours_per_week <= Decimal::ZERO {
                out.push((
                    path,
                    format!(
                        "employee \"{who}\": the enhanced rate \"{}\" needs an hourly_rate and hours_per_week above 0",
                        x.name
                    ),
                ));
            }
        }
        let mut last = e.start;
        for (j, c) in e.changes.iter().enumerate() {
            let path = vec![K("employees"), I(i), K("changes"), I(j), K("from")];
            if c.from <= last {
                out.push((
                    path.clone(),
                    format!(
                        "employee \"{who}\": a change from {} must come after {} (changes go in date order, after the start)",
                        c.from, last
                    ),
                ));
            }
            last = last.max(c.from);
            if c.hourly_rate.is_none() && c.hours_per_week.is_none() && c.hours_per_year.is_none() {
                out.push((
                    path.clone(),
                    format!("employee \"{who}\": the change from {} changes nothing; give hourly_rate or the hours", c.from),
                ));
            }
            if c.hourly_rate.is_some_and(|r| !r.is_positive())
                || c.hours_per_week.is_some_and(|h| h <= Decimal::ZERO)
                || c.hours_per_year.is_some_and(|h| h <= Decimal::ZERO)
            {
                out.push((
                    path,
                    format!(
                        "employee \"{who}\": the change from {} must give figures above 0",
                        c.from
                    ),
                ));
            }
        }
    }
    out
}

/// A number of hours or per cent, written as a string ("20", "7.5") or a bare number.
fn de_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    use serde::de::Error;
    let v = toml::Value::deserialize(d)?;
    let text = match &v {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        other => {
            return Err(D::Error::custom(format!(
                "{other} is not a number; write it as \"20\" or \"7.5\""
            )));
        }
    };
    text.parse::<Decimal>().map_err(|_| {
        D::Error::custom(format!(
            "\"{text}\" is not a number; write it as \"20\" or \"7.5\""
        ))
    })
}

fn de_opt_decimal<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    de_decimal(d).map(Some)
}

fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    de_date(d).map(Some)
}
