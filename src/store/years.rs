//! Plan years on disk: the plans of years that have ended are kept, unchanged, as
//! `holders/<id>/years/<label>/plan.toml` (see `core::plan_year`); `plan.toml` is the
//! current year's. Starting a new year writes the old plan there and the new one over
//! `plan.toml`, under the holder's lock.

use std::fs;
use std::path::{Path, PathBuf};

use super::files::{Fingerprint, create_dir_private, read_text_max};
use super::write::write_atomic_max;
use super::{
    HolderFiles, HolderLock, LOCK_WAIT, MAX_PLAN_BYTES, PLAN_FILE, Result, StoreError, Workspace,
    located,
};
use crate::core::plan::{self, LoadedPlan};
use crate::core::plan_year::{self, PlanYears, YEARS_DIR};

/// An ended plan year's plan, as kept.
#[derive(Debug, Clone)]
pub struct PastYear {
    pub label: String,
    pub path: PathBuf,
    pub plan: LoadedPlan,
    pub fingerprint: Fingerprint,
}

/// The ended years kept in a holder's folder, earliest first. A folder under `years/`
/// without a plan is passed over; a plan that cannot be read stops the holder being read,
/// naming the file and line, as `plan.toml` does.
pub(super) fn read_past_years(dir: &Path) -> Result<Vec<PastYear>> {
    let years = dir.join(YEARS_DIR);
    let entries = match fs::read_dir(&years) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(&years, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(&years, e))?;
        let name = entry.file_name();
        let Some(label) = name.to_str().filter(|n| !n.starts_with('.')) else {
            continue;
        };
        let path = entry.path().join(PLAN_FILE);
        if fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let (text, fingerprint) = read_text_max(&path, MAX_PLAN_BYTES)?;
        let plan = plan::parse(&text).map_err(|e| located(&path, e.first()))?;
        out.push(PastYear {
            label: label.to_string(),
            path,
            plan,
            fingerprint,
        });
    }
    out.sort_by_key(|y| y.plan.plan.period.start);
    Ok(out)
}

impl HolderFiles {
    /// Every plan year: the ended ones and the current one.
    pub fn plan_years(&self) -> PlanYears {
        PlanYears {
            periods: self.years.clone(),
        }
    }
    /// The label of the ended year these files show, when they show one.
    pub fn closed_year(&self) -> Option<&str> {
        self.viewing.as_deref()
    }
    /// These files for the plan year that starts in `year`: the current one, or an ended
    /// one's kept plan (the journal is the same); `None` when there is no such year.
    pub fn for_year(&self, year: i32) -> Option<HolderFiles> {
        use chrono::Datelike;
        if let Some(past) = self
            .past
            .iter()
            .find(|p| p.plan.plan.period.start.year() == year)
        {
            // The current plan is kept, so that the files can be turned back to it.
            let current = match &self.current {
                Some(c) => c.clone(),
                None => Box::new((self.plan.clone(), self.plan_fingerprint)),
            };
            return Some(HolderFiles {
                plan: past.plan.clone(),
                plan_fingerprint: past.fingerprint,
                viewing: Some(past.label.clone()),
                current: Some(current),
                ..self.clone()
            });
        }
        let current = self.current_year();
        (current.plan.plan.period.start.year() == year).then_some(current)
    }
    /// These files for the plan year `d` is in (the current one when no year holds it).
    pub fn for_date(&self, d: chrono::NaiveDate) -> HolderFiles {
        use chrono::Datelike;
        match self.plan_years().containing(d) {
            Some(p) => self
                .for_year(p.start.year())
                .unwrap_or_else(|| self.clone()),
            None => self.current_year(),
        }
    }
    /// These files for the current plan year.
    pub fn current_year(&self) -> HolderFiles {
        match &self.current {
            Some(c) => HolderFiles {
                plan: c.0.clone(),
                plan_fingerprint: c.1,
                viewing: None,
                current: None,
                ..self.clone()
            },
            None => self.clone(),
        }
    }
}

/// A plan year being started: the label the ending year is kept under, plan.toml as read
/// (with its fingerprint then) and the new year's text.
#[derive(Debug, Clone, Copy)]
pub struct YearChange<'a> {
    pub label: &'a str,
    pub old_text: &'a str,
    pub new_text: &'a str,
    pub expected: &'a Fingerprint,
}

impl Workspace {
    /// Start the next plan year: keep `old_text` (the current plan.toml, as read with
    /// `expected`) as `years/<label>/plan.toml`, then replace plan.toml with `new_text`.
    /// Under the holder's lock; refuses, writing nothing, if plan.toml changed since it was
    /// read or a different plan is already kept under that label. `then` is given both
    /// files once they are written, with the lock still held. If careledger stops
    /// between the two writes, the year is kept and plan.toml is as it was, and doing it
    /// again finishes it.
    pub fn start_plan_year(
        &self,
        id: &str,
        year: &YearChange<'_>,
        who: &str,
        then: impl FnOnce(&[PathBuf]),
    ) -> Result<(PathBuf, Fingerprint)> {
        let YearChange {
            label,
            old_text,
            new_text,
            expected,
        } = *year;
        let dir = self.holder_dir(id);
        let _lock = HolderLock::acquire(&dir, id, who, LOCK_WAIT)?;
        let plan_path = dir.join(PLAN_FILE);
        let (now, fp) = read_text_max(&plan_path, MAX_PLAN_BYTES)?;
        if fp != *expected || now != old_text {
            return Err(StoreError::Changed { path: plan_path });
        }
        let year_dir = dir.join(YEARS_DIR).join(label);
        let kept = year_dir.join(PLAN_FILE);
        match read_text_max(&kept, MAX_PLAN_BYTES) {
            Ok((text, _)) if text == old_text => {}
            Ok(_) => {
                return Err(StoreError::Invalid {
                    path: kept,
                    message: format!(
                        "a different plan for {label} is already kept here; the year cannot be started twice. Compare it with plan.toml and move one of them away"
                    ),
                });
            }
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                create_dir_private(&year_dir)?;
                write_atomic_max(
                    &kept,
                    old_text.as_bytes(),
                    &Fingerprint::absent(),
                    MAX_PLAN_BYTES,
                )?;
            }
            Err(e) => return Err(e),
        }
        let fingerprint = write_atomic_max(&plan_path, new_text.as_bytes(), &fp, MAX_PLAN_BYTES)?;
        // Still under the lock: in a shared workspace, both files are one commit.
        then(&[kept.clone(), plan_path]);
        Ok((kept, fingerprint))
    }
}

/// The label a plan's year is kept under.
pub fn year_label(plan: &plan::Plan) -> String {
    plan_year::label(&plan.period)
}
