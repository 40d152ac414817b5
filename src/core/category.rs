//! Spending categories: the last part of an `expenses:<category>` account, the words shown
//! for each, the heading of the monitoring return it falls under, and each payee's usual
//! outcome and category (what the person chose for them last time).
//!
//! The categories offered are the plan's own list (`[[categories]]` in plan.toml), then the
//! workspace's (`[[categories]]` in careledger.toml), then the ones careledger ships (the
//! headings councils ask for), then any other the journal already uses.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::accounts;
use super::journal::Journal;
use super::payment::REVERSES_TAG;

/// A spending category as a plan or the settings list it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// The account's last part: `pa-wages` for `expenses:pa-wages`.
    pub id: String,
    /// The words shown for it, e.g. "PA wages".
    pub label: String,
    /// The heading of the monitoring return it is listed under; by default the heading
    /// whose id it has (or starts with), else "other".
    #[serde(default)]
    pub group: Option<Group>,
}

/// The headings councils' monitoring returns group spending under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Group {
    PaWages,
    Hmrc,
    Pension,
    Agency,
    Insurance,
    PayrollFee,
    Equipment,
    Activities,
    Other,
}

impl Group {
    /// In the order a return lists them.
    pub const ALL: [Group; 9] = [
        Group::PaWages,
        Group::Hmrc,
        Group::Pension,
        Group::Agency,
        Group::Insurance,
        Group::PayrollFee,
        Group::Equipment,
        Group::Activities,
        Group::Other,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Group::PaWages => "pa-wages",
            Group::Hmrc => "hmrc",
            Group::Pension => "pension",
            Group::Agency => "agency",
            Group::Insurance => "insurance",
            Group::PayrollFee => "payroll-fee",
            Group::Equipment => "equipment",
            Group::Activities => "activities",
            Group::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::PaWages => "PA wages",
            Group::Hmrc => "HMRC: tax and National Insurance",
            Group::Pension => "Pension",
            Group::Agency => "Care agency",
            Group::Insurance => "Insurance",
            Group::PayrollFee => "Payroll service fee",
            Group::Equipment => "Equipment",
            Group::Activities => "Activities",
            Group::Other => "Other",
        }
    }
}

/// Whether `id` can be a category: lower-case letters, digits and hyphens, in parts joined
/// by `:` (`household:rent`).
pub fn is_valid_id(id: &str) -> bool {
    id.split(':').all(super::plan::is_id)
}

/// The categories on offer, in order: `own` (the plan's, then the workspace's), the
/// headings careledger ships, then the rest the journals use. Each id once, the first
/// label given winning.
pub fn offered(own: &[&[Category]], journals: &[Journal]) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    let add = |c: Category, out: &mut Vec<Category>| {
        if !out.iter().any(|o| o.id == c.id) {
            out.push(c);
        }
    };
    for list in own {
        for c in *list {
            add(c.clone(), &mut out);
        }
    }
    for g in Group::ALL {
        add(
            Category {
                id: g.id().to_string(),
                label: g.label().to_string(),
                group: Some(g),
            },
            &mut out,
        );
    }
    let mut used: Vec<&str> = journals
        .iter()
        .flat_map(|j| j.accounts().iter())
        .filter_map(|a| accounts::category_of(a))
        .filter(|c| *c != "unassigned")
        .collect();
    used.sort_unstable();
    for c in used {
        add(
            Category {
                id: c.to_string(),
                label: c.to_string(),
                group: None,
            },
            &mut out,
        );
    }
    out
}

/// The return heading `id` falls under, given the categories on offer: the group the list
/// gives it, else the heading whose id it has, or that [`ALSO_IN`] puts its first part
/// under, else "other".
pub fn group_of(offered: &[Category], id: &str) -> Group {
    if let Some(g) = offered.iter().find(|c| c.id == id).and_then(|c| c.group) {
        return g;
    }
    let head = id.split(':').next().unwrap_or(id);
    Group::ALL
        .into_iter()
        .find(|g| g.id() == head)
        .or_else(|| {
            ALSO_IN
                .iter()
                .find(|(_, ids)| ids.contains(&head))
                .map(|(g, _)| *g)
        })
        .unwrap_or(Group::Other)
}

/// Other common names for the headings' categories (the first part of the account after
/// `expenses:`), so that a journal typed by hand or imported groups as councils ask without
/// a `[[categories]]` list: the one table of them.
pub const ALSO_IN: [(Group, &[&str]); 8] = [
    (
        Group::PaWages,
        &["wages", "holiday-pay", "support-hours", "pa"],
    ),
    (
        Group::Hmrc,
        &["paye", "employer-ni", "tax", "national-insurance"],
    ),
    (Group::Pension, &["workplace-pension"]),
    (Group::Agency, &["care-agency", "home-care", "homecare"]),
    (Group::Insurance, &["employers-liability"]),
    (Group::PayrollFee, &["payroll", "payroll-service"]),
    (Group::Equipment, &[]),
    (
        Group::Activities,
        &["day-services", "lunch-club", "peer-support", "see-friends"],
    ),
];

/// The words for category `id`.
pub fn label_of<'a>(offered: &'a [Category], id: &'a str) -> &'a str {
    offered
        .iter()
        .find(|c| c.id == id)
        .map_or(id, |c| c.label.as_str())
}

/// What was chosen for a payee last time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usual {
    pub outcome: Option<String>,
    pub category: String,
    /// The date of the entry it was taken from.
    pub date: NaiveDate,
}

/// Each payee's usual outcome and category: those of their latest spending entry with one
/// spending line (split entries, reversals and unassigned imports say nothing about it).
#[derive(Debug, Clone, Default)]
pub struct UsualChoices {
    by_payee: HashMap<String, Usual>,
}

/// How payees are matched: case, runs of spaces and surrounding spaces do not count.
fn payee_key(payee: &str) -> String {
    payee
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl UsualChoices {
    pub fn of(journals: &[Journal]) -> UsualChoices {
        let mut by_payee: HashMap<String, Usual> = HashMap::new();
        for j in journals {
            for tx in j.transactions() {
                if j.tag(tx, REVERSES_TAG).is_some() {
                    continue;
                }
                let mut spending = j
                    .postings(tx)
                    .iter()
                    .filter_map(|p| accounts::category_of(j.account_name(p.account)));
                let (Some(category), None) = (spending.next(), spending.next()) else {
                    continue;
                };
                if category == "unassigned" {
                    continue;
                }
                let key = payee_key(j.payee(tx));
                if by_payee.get(&key).is_some_and(|u| u.date > tx.date) {
                    continue;
                }
                by_payee.insert(
                    key,
                    Usual {
                        outcome: j.tag(tx, "outcome").map(str::to_string),
                        category: category.to_string(),
                        date: tx.date,
                    },
                );
            }
        }
        UsualChoices { by_payee }
    }

    pub fn for_payee(&self, payee: &str) -> Option<&Usual> {
        self.by_payee.get(&payee_key(payee))
    }
}

#[cfg(test)]
mod also_in_tests {
    use super::*;

    #[test]
    fn common_names_fall_under_the_headings_councils_ask_for() {
        let none: &[Category] = &[];
        assert_eq!(group_of(none, "pa-wages"), Group::PaWages);
        assert_eq!(group_of(none, "holiday-pay"), Group::PaWages);
        assert_eq!(group_of(none, "employer-ni"), Group::Hmrc);
        assert_eq!(group_of(none, "payroll"), Group::PayrollFee);
        assert_eq!(group_of(none, "lunch-club"), Group::Activities);
        assert_eq!(group_of(none, "travel:taxi"), Group::Other);
        // A list's own group comes first.
        let own = [Category {
            id: "payroll".into(),
            label: "Payroll".into(),
            group: Some(Group::Other),
        }];
        assert_eq!(group_of(&own, "payroll"), Group::Other);
        // No name is under two headings, nor is a heading's own id listed again.
        let mut all: Vec<&str> = ALSO_IN
            .iter()
            .flat_map(|(_, c)| c.iter().copied())
            .collect();
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n);
        assert!(all.iter().all(|c| Group::ALL.iter().all(|g| g.id() != *c)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: &str) -> Journal {
        Journal::parse(s.to_string()).unwrap()
    }

    #[test]
    fn a_payees_usual_choice_is_their_latest_single_line_spending() {
        let journal = j(
            "2026-04-01 Mary Jones\n    ; outcome: stay-at-home\n    expenses:pa-wages  £10.00\n    assets:dp\n\n\
             2026-05-01 mary  jones \n    ; outcome: get-out\n    expenses:travel  £4.00\n    assets:dp\n\n\
             2026-04-15 Mary Jones\n    ; outcome: other\n    expenses:old  £1.00\n    assets:dp\n\n\
             2026-06-01 Mary Jones\n    expenses:pa-wages  £5.00  ; outcome: a\n    expenses:fee  £1.00  ; outcome: b\n    assets:dp\n\n\
             2026-07-01 Mary Jones\n    ; reverses: 0123456789abcdef\n    expenses:refund-thing  £-4.00\n    assets:dp\n",
        );
        let u = UsualChoices::of(&[journal]);
        let got = u.for_payee("MARY JONES").unwrap();
        assert_eq!(got.category, "travel");
        assert_eq!(got.outcome.as_deref(), Some("get-out"));
        assert_eq!(got.date, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap());
        assert!(u.for_payee("Someone Else").is_none());
    }

    #[test]
    fn the_plans_list_comes_first_then_the_headings_then_what_the_journal_uses() {
        let own = [Category {
            id: "pa-wages".into(),
            label: "Wages for Tomasz".into(),
            group: None,
        }];
        let journal = j(
            "2026-04-01 Shop\n    expenses:zoo-trips  £1.00\n    assets:dp\n\n2026-04-02 Bank\n    expenses:unassigned  £1.00\n    assets:dp\n",
        );
        let list = offered(&[&own], &[journal]);
        assert_eq!(list[0].label, "Wages for Tomasz");
        assert_eq!(list.iter().filter(|c| c.id == "pa-wages").count(), 1);
        assert_eq!(list[1].id, "hmrc");
        assert_eq!(list.last().unwrap().id, "zoo-trips");
        assert!(!list.iter().any(|c| c.id == "unassigned"));
        assert_eq!(group_of(&list, "pa-wages"), Group::PaWages);
        assert_eq!(group_of(&list, "pension:nest"), Group::Pension);
        assert_eq!(group_of(&list, "zoo-trips"), Group::Other);
        assert_eq!(label_of(&list, "hmrc"), "HMRC: tax and National Insurance");
        assert!(is_valid_id("household:rent") && !is_valid_id("PA wages") && !is_valid_id("a::b"));
    }
}
