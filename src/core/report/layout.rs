//! How a funder wants its monitoring return laid out: its title, headings, how payments are
//! grouped, the labels of the groups and the extra lines in the header block. Kept as data
//! (a `[returns.<funder>]` table in careledger.toml, over `[returns.default]`), so a funder's
//! own form needs no new code; the shipped layout is [`Layout::default`], written out in
//! config/defaults.toml.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::core::category::Group;

/// How the payments of a return are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GroupBy {
    /// The groups councils ask for (PA wages, HMRC, ...), see `core::category`.
    Category,
    /// The plan's outcomes.
    Outcome,
}

/// The headings of the printable return and the spreadsheet.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Headings {
    pub about: String,
    pub summary: String,
    pub money_in: String,
    pub payments: String,
    pub committed: String,
    pub flagged: String,
    pub outcomes: String,
    pub evidence: String,
    pub declaration: String,
}

impl Default for Headings {
    fn default() -> Self {
        Headings {
            about: "About this return".into(),
            summary: "Summary".into(),
            money_in: "Money in".into(),
            payments: "Payments".into(),
            committed: "Money committed at the end of the period".into(),
            flagged: "Payments the funder may ask about".into(),
            outcomes: "Outcomes".into(),
            evidence: "Evidence".into(),
            declaration: "Declaration".into(),
        }
    }
}

/// A funder's layout, all of it settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub title: String,
    pub group_by: GroupBy,
    /// Lines in the header block: the holder's reference of that name when the plan has one
    /// (`[holder] references`), else a line to fill in by hand.
    pub extra_fields: Vec<String>,
    pub headings: Headings,
    /// Group key (`pa-wages`, ...) -> the label this funder uses for it.
    pub labels: BTreeMap<String, String>,
}

impl Default for Layout {
    fn default() -> Self {
        Layout {
            title: "Personal budget monitoring return".into(),
            group_by: GroupBy::Category,
            extra_fields: Vec::new(),
            headings: Headings::default(),
            labels: BTreeMap::new(),
        }
    }
}

/// What a `[returns.NAME]` table may say; what it leaves out comes from `[returns.default]`
/// (and from the shipped layout).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutLayer {
    pub title: Option<String>,
    pub group_by: Option<GroupBy>,
    pub extra_fields: Option<Vec<String>>,
    pub headings: Option<BTreeMap<String, String>>,
    pub labels: Option<BTreeMap<String, String>>,
}

impl LayoutLayer {
    /// `self` laid over `other`: what `self` says wins, maps are merged.
    pub fn over(&self, other: &LayoutLayer) -> LayoutLayer {
        let merge =
            |a: &Option<BTreeMap<String, String>>, b: &Option<BTreeMap<String, String>>| match (
                a, b,
            ) {
                (None, None) => None,
                _ => {
                    let mut m = b.clone().unwrap_or_default();
                    m.extend(a.clone().unwrap_or_default());
                    Some(m)
                }
            };
        LayoutLayer {
            title: self.title.clone().or_else(|| other.title.clone()),
            group_by: self.group_by.or(other.group_by),
            extra_fields: self
                .extra_fields
                .clone()
                .or_else(|| other.extra_fields.clone()),
            headings: merge(&self.headings, &other.headings),
            labels: merge(&self.labels, &other.labels),
        }
    }

    /// What is wrong with the table, in words; `None` if nothing.
    pub fn problem(&self) -> Option<String> {
        let known = Headings::default();
        for key in self.headings.iter().flat_map(|h| h.keys()) {
            if heading_mut(&mut known.clone(), key).is_none() {
                return Some(format!(
                    "there is no heading \"{key}\"; the headings are: {}",
                    HEADING_KEYS.join(", ")
                ));
            }
        }
        for key in self.labels.iter().flat_map(|h| h.keys()) {
            if !Group::ALL.iter().any(|g| g.id() == key) {
                return Some(format!(
                    "there is no group \"{key}\" to label; the groups are: {}",
                    Group::ALL
                        .iter()
                        .map(|g| g.id())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        None
    }

    /// The settled layout: this layer over the shipped one.
    pub fn settle(&self) -> Layout {
        let mut l = Layout::default();
        if let Some(t) = &self.title {
            l.title = t.clone();
        }
        if let Some(g) = self.group_by {
            l.group_by = g;
        }
        if let Some(e) = &self.extra_fields {
            l.extra_fields = e.clone();
        }
        for (k, v) in self.headings.iter().flatten() {
            if let Some(h) = heading_mut(&mut l.headings, k) {
                *h = v.clone();
            }
        }
        if let Some(labels) = &self.labels {
            l.labels = labels.clone();
        }
        l
    }
}

const HEADING_KEYS: [&str; 9] = [
    "about",
    "summary",
    "money_in",
    "payments",
    "committed",
    "flagged",
    "outcomes",
    "evidence",
    "declaration",
];

fn heading_mut<'a>(h: &'a mut Headings, key: &str) -> Option<&'a mut String> {
    Some(match key {
        "about" => &mut h.about,
        "summary" => &mut h.summary,
        "money_in" => &mut h.money_in,
        "payments" => &mut h.payments,
        "committed" => &mut h.committed,
        "flagged" => &mut h.flagged,
        "outcomes" => &mut h.outcomes,
        "evidence" => &mut h.evidence,
        "declaration" => &mut h.declaration,
        _ => return None,
    })
}

impl Layout {
    /// The label of a payment group in this layout.
    pub fn label(&self, g: Group) -> String {
        self.labels
            .get(g.id())
            .cloned()
            .unwrap_or_else(|| g.label().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_funder_layer_overrides_the_default_one_field_at_a_time() {
        let default = LayoutLayer {
            extra_fields: Some(vec!["Care account".into()]),
            headings: Some([("payments".to_string(), "Spending".to_string())].into()),
            ..LayoutLayer::default()
        };
        let funder = LayoutLayer {
            group_by: Some(GroupBy::Outcome),
            headings: Some([("summary".to_string(), "Balances".to_string())].into()),
            labels: Some([("pa-wages".to_string(), "Carers' pay".to_string())].into()),
            ..LayoutLayer::default()
        };
        let l = funder.over(&default).settle();
        assert_eq!(l.group_by, GroupBy::Outcome);
        assert_eq!(l.extra_fields, vec!["Care account".to_string()]);
        assert_eq!(l.headings.payments, "Spending");
        assert_eq!(l.headings.summary, "Balances");
        assert_eq!(l.headings.declaration, "Declaration");
        assert_eq!(l.title, "Personal budget monitoring return");
        assert_eq!(l.label(Group::PaWages), "Carers' pay");
        assert_eq!(l.label(Group::Hmrc), "HMRC: tax and National Insurance");
        assert_eq!(LayoutLayer::default().settle(), Layout::default());
    }

    #[test]
    fn unknown_headings_and_groups_are_named() {
        let bad = LayoutLayer {
            headings: Some([("sumary".to_string(), "x".to_string())].into()),
            ..LayoutLayer::default()
        };
        assert!(bad.problem().unwrap().contains("\"sumary\""));
        let bad = LayoutLayer {
            labels: Some([("wages".to_string(), "x".to_string())].into()),
            ..LayoutLayer::default()
        };
        assert!(bad.problem().unwrap().contains("pa-wages"));
    }
}
