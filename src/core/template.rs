//! A new person's starting files: plan.toml from a few answers (who, the period, the first
//! funding stream and outcome), and a journal that `hledger check -s` accepts. The command
//! line's `holder new` and the app's new-person form both come here.

use chrono::{Datelike, Months, NaiveDate};

use super::accounts;
use super::money::Money;
use super::plan::{self, Management, StreamKind};
use super::schedule::Schedule;

/// The answers; text as typed, checked by [`template`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewPlan {
    pub id: String,
    pub name: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub managed_by: String,
    pub stream: Option<String>,
    pub funder: Option<String>,
    pub kind: String,
    pub management: String,
    pub schedule: String,
    pub amount: Option<String>,
    pub outcome: Option<String>,
    pub outcome_title: Option<String>,
    pub what_matters: Option<String>,
    pub allocation: Option<String>,
    pub review: Option<NaiveDate>,
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn parse_word<T: serde::de::DeserializeOwned>(
    what: &str,
    value: &str,
    choices: &str,
) -> Result<T, String> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(value))
        .map_err(|_| format!("\"{value}\" is not a {what}; choose one of: {choices}"))
}

/// A new holder's plan.toml and ledger.journal. The plan is read back before it is
/// returned, so what is written is always a valid plan.
pub fn template(today: NaiveDate, n: &NewPlan) -> Result<(String, String), String> {
    if n.name.trim().is_empty() {
        return Err("the person's name is empty; type their name".into());
    }
    // Checked before the plan is read back: the name is also written into comments.
    if let Some(c) = super::printable::control_char(&n.name) {
        return Err(super::printable::refusal("the holder's name", c));
    }
    let year = if today.month() >= 4 {
        today.year()
    } else {
        today.year() - 1
    };
    let start = n
        .start
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(today));
    let end = n.end.unwrap_or_else(|| {
        start
            .checked_add_months(Months::new(12))
            .and_then(|d| d.pred_opt())
            .unwrap_or(start)
    });
    parse_word::<crate::core::plan::ManagedBy>(
        "way of managing money",
        &n.managed_by,
        "self, representative, broker, provider",
    )?;
    let mut plan = format!(
        "# {name}'s personal budget plan. Edit freely: careledger checks it when it reads it.\n\n\
         [holder]\nname = {qname}\nmanaged_by = {managed}\n\n\
         [period]\nstart = {start}\nend = {end}\n\n\
         [budget]\n# indicative = \"0.00\"\n# agreed = \"0.00\"\n# contingency = \"0.00\"\n\n\
         # [[reviews]]\n# date = {start}\n# note = \"Six-month review\"\n",
        name = n.name.replace('\n', " "),
        qname = q(&n.name),
        managed = q(&n.managed_by),
    );
    let mut journal = format!(
        "; {}'s personal budget: careledger journal (hledger format)\ncommodity £1,000.00\n\naccount {}\n",
        n.name.replace('\n', " "),
        accounts::CLIENT_CONTRIBUTION
    );
    if let Some(id) = &n.stream {
        parse_word::<StreamKind>(
            "kind of funding",
            &n.kind,
            "health, social-care, education, other",
        )?;
        let management: Management = parse_word(
            "way of holding money",
            &n.management,
            "direct-payment, notional, third-party",
        )?;
        parse_word::<Schedule>(
            "payment schedule",
            &n.schedule,
            "4-weekly, monthly, quarterly, yearly, one-off",
        )?;
        let amount = Money::parse(n.amount.as_deref().unwrap_or("0"))
            .map_err(|e| format!("the amount paid each time: {e}"))?;
        plan.push_str(&format!(
            "\n[[streams]]\nid = {}\nfunder = {}\nkind = {}\nmanagement = {}\nschedule = {}\namount = \"{}\"\nfirst_payment = {start}\n",
            q(id),
            q(n.funder.as_deref().unwrap_or("")),
            q(&n.kind),
            q(&n.management),
            q(&n.schedule),
            amount.plain()
        ));
        journal.push_str(&format!(
            "account {}\naccount {}\n",
            accounts::stream_asset(management.account_segment(), id),
            accounts::stream_income(id)
        ));
    }
    match &n.outcome {
        Some(id) => {
            let title = n.outcome_title.as_deref().unwrap_or(id);
            plan.push_str(&format!("\n[[outcomes]]\nid = {}\ntitle = {}\n", q(id), q(title)));
            if let Some(w) = n.what_matters.as_deref().filter(|w| !w.trim().is_empty()) {
                plan.push_str(&format!("what_matters = {}\n", q(w)));
            }
            if let (Some(stream), Some(a)) = (&n.stream, &n.allocation) {
                let a = Money::parse(a).map_err(|e| format!("the allocation: {e}"))?;
                plan.push_str(&format!("allocation = {{ {} = \"{}\" }}\n", q(stream), a.plain()));
            }
        }
        None => plan.push_str("\n# [[outcomes]]\n# id = \"stay-at-home\"\n# title = \"Stay living in my own home\"\n# what_matters = \"...\"\n# allocation = { social-care = \"0.00\" }\n"),
    }
    if let Some(r) = n.review {
        plan = plan.replace(
            &format!("# [[reviews]]\n# date = {start}\n# note = \"Six-month review\"\n"),
            &format!("[[reviews]]\ndate = {r}\nnote = \"Plan review\"\n"),
        );
    }
    plan::parse(&plan).map_err(|e| e.first().message.clone())?;
    Ok((plan, journal))
}
