//! The figures the law sets for an employer, year by year: minimum wage bands, employer's
//! National Insurance, workplace pension thresholds, holiday and sick pay. They are shipped as
//! data, one file a year (`config/rates/2026-27.toml`, each figure with its source), and a
//! workspace may change any of them in `careledger.toml` under `[rates.<year>]`.

use chrono::NaiveDate;
use include_dir::{Dir, include_dir};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PayFrequency;
use crate::core::money::Money;
use crate::core::text::de_date;

/// The rates files built into careledger.
pub static SHIPPED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/config/rates");

/// One year's figures.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RateYear {
    /// "2026-27".
    pub year: String,
    #[serde(deserialize_with = "de_date")]
    pub starts: NaiveDate,
    #[serde(deserialize_with = "de_date")]
    pub ends: NaiveDate,
    pub minimum_wage: MinimumWage,
    pub employer_ni: EmployerNi,
    pub pension: Pension,
    pub holiday: Holiday,
    pub sick_pay: SickPay,
}

/// Pounds an hour, by age on the day.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MinimumWage {
    pub aged_21_and_over: Money,
    pub aged_18_to_20: Money,
    pub under_18: Money,
    pub apprentice: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmployerNi {
    pub rate_percent: Decimal,
    pub secondary_threshold: PerPeriod,
    pub under_21_upper_threshold: PerPeriod,
    pub employment_allowance: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pension {
    pub employer_minimum_percent: Decimal,
    pub enrolment_age: u32,
    pub earnings_trigger: PerPeriod,
    pub qualifying_lower: PerPeriod,
    pub qualifying_upper: PerPeriod,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub weeks: Decimal,
    pub irregular_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SickPay {
    pub weekly: Money,
    #[serde(default)]
    pub share_of_earnings_percent: Option<Decimal>,
}

/// A threshold as set for each length of pay period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PerPeriod {
    pub year: Money,
    pub week: Money,
    #[serde(rename = "2-weeks")]
    pub two_weeks: Money,
    #[serde(rename = "4-weeks")]
    pub four_weeks: Money,
    pub month: Money,
}

impl PerPeriod {
    pub fn for_pay(&self, pay: PayFrequency) -> Money {
        match pay {
            PayFrequency::Weekly => self.week,
            PayFrequency::TwoWeekly => self.two_weeks,
            PayFrequency::FourWeekly => self.four_weeks,
            PayFrequency::Monthly => self.month,
        }
    }
}

impl RateYear {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.starts <= d && d <= self.ends
    }
    /// Days in the year (365 or 366).
    pub fn days(&self) -> i64 {
        (self.ends - self.starts).num_days() + 1
    }
    /// What is wrong with these figures, in words.
    fn problem(&self) -> Option<String> {
        if self.ends < self.starts {
            return Some(format!("the year {} ends before it starts", self.year));
        }
        let p = &self.pension;
        for pay in PayFrequency::ALL {
            if p.qualifying_lower.for_pay(pay) > p.qualifying_upper.for_pay(pay) {
                return Some(format!(
                    "{}: the pension's qualifying_lower is above qualifying_upper for {} pay",
                    self.year,
                    pay.word()
                ));
            }
        }
        None
    }
}

/// Every year careledger has figures for, earliest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateBook {
    pub years: Vec<RateYear>,
}

/// Why rates could not be read: the year and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rates for {year}: {message}")]
pub struct RatesError {
    pub year: String,
    pub message: String,
}

impl RateBook {
    /// The shipped years, each with a workspace's changes (`[rates.<year>]` tables) laid over
    /// it. A changed year not shipped must give every figure.
    pub fn with_overrides(
        overrides: &std::collections::BTreeMap<String, toml::Table>,
    ) -> Result<RateBook, RatesError> {
        let mut tables: std::collections::BTreeMap<String, toml::Table> = Default::default();
        for f in SHIPPED.files() {
            let name = f.path().file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let text = f.contents_utf8().unwrap_or("");
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| RatesError {
                year: name.to_string(),
                message: e.message().trim().to_string(),
            })?;
            tables.insert(name.to_string(), table);
        }
        for (year, table) in overrides {
            let base = tables.entry(year.clone()).or_default();
            merge(base, table);
            base.entry("year")
                .or_insert_with(|| toml::Value::String(year.clone()));
        }
        let mut years = Vec::new();
        for (name, table) in tables {
            let y: RateYear = table.try_into().map_err(|e: toml::de::Error| RatesError {
                year: name.clone(),
                message: e.message().trim().replace('\n', " "),
            })?;
            if y.year != name {
                return Err(RatesError {
                    year: name,
                    message: format!("the file says year = \"{}\"; they must agree", y.year),
                });
            }
            if let Some(m) = y.problem() {
                return Err(RatesError {
                    year: name,
                    message: m,
                });
            }
            years.push(y);
        }
        years.sort_by_key(|y| y.starts);
        for w in years.windows(2) {
            if w[1].starts <= w[0].ends {
                return Err(RatesError {
                    year: w[1].year.clone(),
                    message: format!("it starts before {} ends", w[0].year),
                });
            }
        }
        Ok(RateBook { years })
    }

    /// The shipped years as they are.
    pub fn shipped() -> RateBook {
        // The shipped files are part of the binary and covered by a test, so they read.
        RateBook::with_overrides(&Default::default()).unwrap_or(RateBook { years: Vec::new() })
    }

    /// The figures in force on `d`: that day's year, or, past the last year careledger has,
    /// the last one (`exact` false), since next year's are not yet published.
    pub fn on(&self, d: NaiveDate) -> Option<(&RateYear, bool)> {
        if let Some(y) = self.years.iter().find(|y| y.contains(d)) {
            return Some((y, true));
        }
        let before = self.years.iter().rev().find(|y| y.ends < d);
        before.or_else(|| self.years.first()).map(|y| (y, false))
    }
}

/// Lay `over` on `base`, table by table, so a workspace need give only what it changes.
fn merge(base: &mut toml::Table, over: &toml::Table) {
    for (k, v) in over {
        match (base.get_mut(k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            _ => {
                base.insert(k.clone(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_years_read_and_follow_on() {
        let book = RateBook::with_overrides(&Default::default()).unwrap();
        let names: Vec<&str> = book.years.iter().map(|y| y.year.as_str()).collect();
        assert_eq!(names, ["2025-26", "2026-27"]);
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(book.on(d(2026, 3, 31)).unwrap().0.year, "2025-26");
        assert_eq!(book.on(d(2026, 4, 1)).unwrap().0.year, "2026-27");
        let (later, exact) = book.on(d(2027, 6, 1)).unwrap();
        assert_eq!((later.year.as_str(), exact), ("2026-27", false));
        assert_eq!(
            book.years[1].minimum_wage.aged_21_and_over,
            Money::from_pence(1271)
        );
    }

    #[test]
    fn a_workspace_changes_one_figure_and_keeps_the_rest() {
        let over: toml::Table = "[2026-27.employer_ni]\nemployment_allowance = \"0\"\n"
            .parse()
            .unwrap();
        let over = over
            .into_iter()
            .map(|(k, v)| (k, v.as_table().unwrap().clone()))
            .collect();
        let book = RateBook::with_overrides(&over).unwrap();
        assert_eq!(book.years[1].employer_ni.employment_allowance, Money::ZERO);
        assert_eq!(book.years[1].employer_ni.rate_percent, Decimal::from(15));
        let bad: toml::Table = "[2026-27.pension]\nemployer_minimum = \"4\"\n"
            .parse()
            .unwrap();
        let bad = bad
            .into_iter()
            .map(|(k, v)| (k, v.as_table().unwrap().clone()))
            .collect();
        let e = RateBook::with_overrides(&bad).unwrap_err();
        assert!(e.to_string().contains("employer_minimum"), "{e}");
    }
}
