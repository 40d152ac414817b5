//! Workspace settings (`careledger.toml`), layered over the defaults built into the binary.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::accounts;
use super::category::Category;
use super::employer::rates::RateBook;
use super::import::Profile;
use super::plan::PayeeRule;
use super::report::layout::{Layout, LayoutLayer};
use super::text::line_col;

/// The built-in defaults, also the documented sample of every setting.
pub const DEFAULTS: &str = include_str!("../../config/defaults.toml");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub excluded_categories: Vec<String>,
    pub accessible: bool,
    pub record_author: bool,
    pub author: Option<String>,
    /// Key overrides for the app: action name -> key, e.g. `add = "n"`.
    pub keys: BTreeMap<String, String>,
    /// Bank statement layouts (`[import.profiles.NAME]`), over the built-in ones.
    pub import_profiles: BTreeMap<String, Profile>,
    /// Payee rules for every holder (`[[import.payee_rules]]`), tried after each plan's own.
    pub payee_rules: Vec<PayeeRule>,
    /// The employer's figures by year: the shipped `config/rates` files with any
    /// `[rates.<year>]` changes laid over them.
    pub rates: RateBook,
    /// Monitoring return layouts (`[returns.default]`, `[returns."Funder name"]`).
    pub return_layouts: BTreeMap<String, LayoutLayer>,
    /// Spending categories for every holder (`[[categories]]`), offered after each plan's own.
    pub categories: Vec<Category>,
}

/// What a settings file may say; anything else is an error naming the key.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Layer {
    excluded_categories: Option<Vec<String>>,
    accessible: Option<bool>,
    record_author: Option<bool>,
    author: Option<String>,
    keys: Option<BTreeMap<String, String>>,
    import: Option<ImportLayer>,
    rates: Option<BTreeMap<String, toml::Table>>,
    returns: Option<BTreeMap<String, LayoutLayer>>,
    categories: Option<Vec<Category>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ImportLayer {
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
    #[serde(default)]
    payee_rules: Vec<PayeeRule>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct SettingsError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Default for Settings {
    fn default() -> Self {
        let base = Settings {
            excluded_categories: Vec::new(),
            accessible: false,
            record_author: false,
            author: None,
            keys: BTreeMap::new(),
            import_profiles: BTreeMap::new(),
            payee_rules: Vec::new(),
            rates: RateBook::shipped(),
            return_layouts: BTreeMap::new(),
            categories: Vec::new(),
        };
        // The defaults are part of the binary and covered by a test, so they always read.
        base.with(DEFAULTS).unwrap_or_else(|_| Settings {
            excluded_categories: [
                "alcohol",
                "tobacco",
                "gambling",
                "cash",
                "household-bills",
                "rent",
            ]
            .map(String::from)
            .to_vec(),
            accessible: false,
            record_author: false,
            author: None,
            keys: BTreeMap::new(),
            import_profiles: BTreeMap::new(),
            payee_rules: Vec::new(),
            rates: RateBook::shipped(),
            return_layouts: BTreeMap::new(),
            categories: Vec::new(),
        })
    }
}

impl Settings {
    /// These settings with a `careledger.toml`'s text laid over them.
    pub fn with(&self, text: &str) -> Result<Settings, SettingsError> {
        let layer: Layer = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            SettingsError {
                line,
                column,
                message: e.message().trim().replace('\n', " "),
            }
        })?;
        let mut s = self.clone();
        if let Some(v) = layer.excluded_categories {
            s.excluded_categories = v;
        }
        if let Some(v) = layer.accessible {
            s.accessible = v;
        }
        if let Some(v) = layer.record_author {
            s.record_author = v;
        }
        if let Some(v) = layer.author {
            s.author = Some(v).filter(|a| !a.trim().is_empty());
        }
        if let Some(v) = layer.keys {
            s.keys.extend(v);
        }
        if let Some(v) = layer.categories {
            if let Some(bad) = v.iter().find(|c| !super::category::is_valid_id(&c.id)) {
                let at = text.find(&format!("\"{}\"", bad.id)).unwrap_or(0);
                let (line, column) = line_col(text, at);
                return Err(SettingsError {
                    line,
                    column,
                    message: format!(
                        "category \"{}\" must be lower-case letters, digits and hyphens (parts joined by :), e.g. pa-wages",
                        bad.id
                    ),
                });
            }
            s.categories = v;
        }
        if let Some(import) = layer.import {
            for (name, profile) in &import.profiles {
                if let Some(problem) = profile.problem() {
                    let at = text
                        .find(&format!("profiles.{name}]"))
                        .or_else(|| text.find(name.as_str()))
                        .unwrap_or(0);
                    let (line, column) = line_col(text, at);
                    return Err(SettingsError {
                        line,
                        column,
                        message: format!("import profile \"{name}\": {problem}"),
                    });
                }
            }
            s.import_profiles.extend(import.profiles);
            s.payee_rules.extend(import.payee_rules);
        }
        if let Some(over) = layer.rates {
            s.rates = RateBook::with_overrides(&over).map_err(|e| {
                let at = text
                    .find(&format!("rates.{}", e.year))
                    .or_else(|| text.find(&format!("rates.\"{}\"", e.year)))
                    .or_else(|| text.find("rates"))
                    .unwrap_or(0);
                let (line, column) = line_col(text, at);
                SettingsError {
                    line,
                    column,
                    message: format!("{e}; see the shipped file config/rates/{}.toml for the figures and their names", e.year),
                }
            })?;
        }
        for (name, layer) in layer.returns.into_iter().flatten() {
            if let Some(problem) = layer.problem() {
                let at = [format!("returns.{name}"), format!("returns.\"{name}\"")]
                    .iter()
                    .find_map(|t| text.find(t.as_str()))
                    .or_else(|| text.find(name.as_str()))
                    .unwrap_or(0);
                let (line, column) = line_col(text, at);
                return Err(SettingsError {
                    line,
                    column,
                    message: format!("[returns.{name}]: {problem}"),
                });
            }
            let merged = match s.return_layouts.get(&name) {
                Some(old) => layer.over(old),
                None => layer,
            };
            s.return_layouts.insert(name, merged);
        }
        Ok(s)
    }

    /// The monitoring return's layout for a funder (its name as the plan gives it): its own
    /// `[returns."NAME"]` over `[returns.default]`, over the shipped layout.
    pub fn return_layout(&self, funder: Option<&str>) -> Layout {
        let default = self
            .return_layouts
            .get("default")
            .cloned()
            .unwrap_or_default();
        match funder.and_then(|f| self.return_layouts.get(f)) {
            Some(own) => own.over(&default).settle(),
            None => default.settle(),
        }
    }

    /// Every bank statement layout: the built-in ones, with the workspace's own added (a
    /// workspace profile with a built-in one's name replaces it).
    pub fn all_import_profiles(&self) -> BTreeMap<String, Profile> {
        let mut all = super::import::built_in_profiles();
        all.extend(self.import_profiles.clone());
        all
    }

    /// The excluded category an expense account falls in, if any.
    pub fn excluded_category(&self, account: &str) -> Option<&str> {
        let rest = accounts::category_of(account)?;
        rest.split(':').find_map(|seg| {
            self.excluded_categories
                .iter()
                .find(|c| c.as_str() == seg)
                .map(String::as_str)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_defaults_read_and_name_the_usual_exclusions() {
        let s = Settings {
            excluded_categories: vec![],
            accessible: true,
            record_author: true,
            author: None,
            keys: BTreeMap::new(),
            import_profiles: BTreeMap::new(),
            payee_rules: Vec::new(),
            rates: RateBook::shipped(),
            return_layouts: BTreeMap::new(),
            categories: Vec::new(),
        }
        .with(DEFAULTS)
        .unwrap();
        assert_eq!(s, Settings::default());
        assert!(s.excluded_categories.contains(&"alcohol".to_string()));
        // The shipped return layout, written out in the defaults, is the built-in one.
        assert!(s.return_layouts.contains_key("default"));
        assert_eq!(s.return_layout(None), Layout::default());
        assert_eq!(s.return_layout(Some("Anytown Council")), Layout::default());
        assert_eq!(s.excluded_category("expenses:cash"), Some("cash"));
        assert_eq!(s.excluded_category("expenses:household:rent"), Some("rent"));
        assert_eq!(s.excluded_category("expenses:respite"), None);
        assert_eq!(s.excluded_category("assets:cash"), None);
    }

    #[test]
    fn a_workspace_file_overrides_and_unknown_keys_are_named() {
        let s = Settings::default()
            .with("author = \"Priya\"\naccessible = true\n")
            .unwrap();
        assert_eq!(s.author.as_deref(), Some("Priya"));
        assert!(s.accessible);
        assert_eq!(
            s.excluded_categories,
            Settings::default().excluded_categories
        );
        let s = Settings::default()
            .with(
                "[import.profiles.mine]\ndate = \"When\"\ndescription = \"Who\"\namount = \"How much\"\n\n\
                 [[import.payee_rules]]\nmatch = \"tesco\"\ncategory = \"groceries\"\n",
            )
            .unwrap();
        assert_eq!(s.import_profiles["mine"].date, "When");
        assert!(s.all_import_profiles().len() > 1);
        assert_eq!(s.payee_rules[0].category.as_deref(), Some("groceries"));
        let e = Settings::default()
            .with("\n[import.profiles.x]\ndate = \"D\"\ndescription = \"W\"\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("paid_in"), "{}", e.message);
        let e = Settings::default()
            .with("[import.profiles.x]\ndate = \"D\"\ndescripton = \"W\"\n")
            .unwrap_err();
        assert!(e.message.contains("descripton"), "{}", e.message);
        let e = Settings::default()
            .with("\nacessible = true\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("acessible"), "{}", e.message);
    }
}

#[cfg(test)]
mod layout_tests {
    use super::*;
    use crate::core::report::layout::GroupBy;

    #[test]
    fn a_funder_has_its_own_return_layout_over_the_default() {
        let s = Settings::default()
            .with(
                "[returns.default]\nextra_fields = [\"Care account number\"]\n\n\
                 [returns.\"Westdale Council\"]\ntitle = \"Direct payment audit\"\ngroup_by = \"outcome\"\n\
                 headings = { payments = \"Spending\" }\n",
            )
            .unwrap();
        let w = s.return_layout(Some("Westdale Council"));
        assert_eq!(w.title, "Direct payment audit");
        assert_eq!(w.group_by, GroupBy::Outcome);
        assert_eq!(w.headings.payments, "Spending");
        assert_eq!(w.extra_fields, vec!["Care account number".to_string()]);
        let other = s.return_layout(Some("NHS ICB"));
        assert_eq!(other.title, "Personal budget monitoring return");
        assert_eq!(other.group_by, GroupBy::Category);
        assert_eq!(other.extra_fields, vec!["Care account number".to_string()]);
        let e = Settings::default()
            .with("\n[returns.x]\nheadings = { sumary = \"S\" }\n")
            .unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("sumary"), "{}", e.message);
        let e = Settings::default()
            .with("[returns.x]\ngroup-by = \"outcome\"\n")
            .unwrap_err();
        assert!(e.message.contains("group-by"), "{}", e.message);
    }
}
