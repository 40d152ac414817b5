//! The groups councils ask payments to be shown in (PA wages, HMRC, pension, agency,
//! insurance, payroll fee, equipment, activities, other), and which of the journal's
//! `expenses:<category>` accounts fall in each. This table is the one place the labels and
//! the mapping are kept; the return, its spreadsheet and its printable page all read it.

use serde::Serialize;

/// A group of payments in the return.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
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

/// Every group in the order a return lists them, with its label and the expense
/// categories (the first part after `expenses:`) that belong to it. A category not listed
/// here is "Other".
pub const GROUPS: [(Group, &str, &[&str]); 9] = [
    (
        Group::PaWages,
        "PA wages",
        &["pa-wages", "wages", "holiday-pay", "support-hours", "pa"],
    ),
    (
        Group::Hmrc,
        "HMRC (tax and National Insurance)",
        &["hmrc", "paye", "employer-ni", "tax", "national-insurance"],
    ),
    (Group::Pension, "Pension", &["pension", "workplace-pension"]),
    (
        Group::Agency,
        "Care agency",
        &["agency", "care-agency", "home-care", "homecare"],
    ),
    (
        Group::Insurance,
        "Insurance",
        &["insurance", "employers-liability"],
    ),
    (
        Group::PayrollFee,
        "Payroll fee",
        &["payroll", "payroll-fee", "payroll-service"],
    ),
    (Group::Equipment, "Equipment", &["equipment"]),
    (
        Group::Activities,
        "Activities",
        &[
            "activities",
            "day-services",
            "lunch-club",
            "peer-support",
            "see-friends",
        ],
    ),
    (Group::Other, "Other", &[]),
];

impl Group {
    /// The group an expense category (`pa-wages`, `household:rent`) falls in, by its first
    /// part; anything not in [`GROUPS`] is [`Group::Other`].
    pub fn of_category(category: &str) -> Group {
        let first = category.split(':').next().unwrap_or(category);
        GROUPS
            .iter()
            .find(|(_, _, cats)| cats.contains(&first))
            .map_or(Group::Other, |(g, _, _)| *g)
    }

    /// The group's label, as a return shows it.
    pub fn label(self) -> &'static str {
        GROUPS
            .iter()
            .find(|(g, _, _)| *g == self)
            .map_or("Other", |(_, l, _)| l)
    }

    /// The group's key, as a per-funder layout names it (`pa-wages`, `payroll-fee`).
    pub fn key(self) -> &'static str {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_fall_in_the_groups_councils_ask_for() {
        assert_eq!(Group::of_category("pa-wages"), Group::PaWages);
        assert_eq!(Group::of_category("employer-ni"), Group::Hmrc);
        assert_eq!(Group::of_category("payroll"), Group::PayrollFee);
        assert_eq!(Group::of_category("agency"), Group::Agency);
        assert_eq!(Group::of_category("lunch-club"), Group::Activities);
        assert_eq!(Group::of_category("travel:taxi"), Group::Other);
        assert_eq!(Group::of_category("equipment:hoist"), Group::Equipment);
        assert_eq!(Group::PaWages.label(), "PA wages");
        assert_eq!(Group::PayrollFee.key(), "payroll-fee");
        // Every group has its row, in the order listed, and no category is in two.
        for (k, (g, _, _)) in GROUPS.iter().enumerate() {
            assert_eq!(GROUPS.iter().position(|(h, _, _)| h == g), Some(k));
        }
        let mut all: Vec<&str> = GROUPS
            .iter()
            .flat_map(|(_, _, c)| c.iter().copied())
            .collect();
        let n = all.len();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), n);
    }
}
