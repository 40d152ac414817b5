//! Opening people's records: one person ([`Holder`]: files, position and alerts, entry IDs
//! and bank-check locks, worked out in one pass) and everyone at once ([`PersonRow`], the
//! People screen's and `summary --attention`'s rows, in one order of attention).

use std::cmp::Reverse;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Session;
use crate::core::category::{self, Category, UsualChoices};
use crate::core::entry::EntryIds;
use crate::core::money::Money;
use crate::core::plan::Management;
use crate::core::position::{self, Position, Severity};
use crate::core::reconcile::Locks;
use crate::store::{HolderFiles, StoreError, for_each_parallel};

/// What reading a person for the People screen worked out: their files and position.
#[derive(Debug, Clone)]
pub struct Worked {
    pub files: HolderFiles,
    pub position: Position,
}

/// One person's records, open: what every screen of theirs and every action needs.
#[derive(Debug, Clone)]
pub struct Holder {
    pub files: HolderFiles,
    pub position: Position,
    pub ids: EntryIds,
    /// Which entries a balance checked against the bank covers.
    pub locks: Locks,
    /// The spending categories offered for this person (see [`Session::categories`]).
    pub categories: Vec<Category>,
    /// Each payee's usual outcome and category, to fill a payment in with.
    pub usual: UsualChoices,
}

/// One person on the People screen (and in `summary --attention`).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    /// How the money is held, in words ("direct payment", "mixed", ...).
    pub held: String,
    pub balance: Money,
    pub spent_share: Decimal,
    pub elapsed: Decimal,
    pub next_review: Option<NaiveDate>,
    /// When the next monitoring return is due (for people with a direct payment).
    pub next_return: Option<NaiveDate>,
    pub alerts: usize,
    pub worst: Option<(Severity, String)>,
    /// Why this person's files could not be read (file:line: what to do).
    pub error: Option<String>,
}

/// Who needs attention sooner: higher first. Broken files, then the worst alert, then how
/// many alerts. The one rule for the People screen and `summary --attention`.
pub fn attention(error: bool, worst: Option<Severity>, alerts: usize) -> (u8, u8, usize) {
    let worst = match worst {
        None => 0,
        Some(Severity::Notice) => 1,
        Some(Severity::Warning) => 2,
        Some(Severity::Serious) => 3,
    };
    (u8::from(error), worst, alerts)
}

impl PersonRow {
    /// The sort key that puts who needs attention first, then by name.
    pub fn attention_key(&self) -> (Reverse<(u8, u8, usize)>, String) {
        (
            Reverse(attention(
                self.error.is_some(),
                self.worst.as_ref().map(|(s, _)| *s),
                self.alerts,
            )),
            self.name.clone(),
        )
    }

    /// The row for a person whose files are open.
    pub fn of(h: &Holder, today: NaiveDate) -> PersonRow {
        PersonRow::from_position(&h.files, &h.position, today)
    }

    fn from_position(files: &HolderFiles, p: &Position, today: NaiveDate) -> PersonRow {
        let plan = &files.plan.plan;
        let spent_share = if p.totals.budget.is_zero() {
            Decimal::ZERO
        } else {
            p.totals.spent.as_decimal() / p.totals.budget.as_decimal()
        };
        PersonRow {
            id: files.id.clone(),
            name: plan.holder.name.clone(),
            held: plan.holding().to_string(),
            balance: p.totals.balance,
            spent_share,
            elapsed: p.period.elapsed,
            next_review: p.next_review,
            next_return: plan
                .streams
                .iter()
                .any(|s| s.management == Management::DirectPayment)
                .then(|| crate::core::report::monitoring::next_return(today).map(|r| r.0))
                .flatten(),
            alerts: p.alerts.len(),
            worst: p
                .alerts
                .iter()
                .max_by_key(|a| a.severity)
                .map(|a| (a.severity, a.message.clone())),
            error: None,
        }
    }

    /// The row for a person whose files could not be read.
    pub fn broken(id: &str, error: String) -> PersonRow {
        PersonRow {
            id: id.to_string(),
            name: id.to_string(),
            held: String::new(),
            balance: Money::ZERO,
            spent_share: Decimal::ZERO,
            elapsed: Decimal::ZERO,
            next_review: None,
            next_return: None,
            alerts: 0,
            worst: None,
            error: Some(error),
        }
    }
}

impl Holder {
    /// Work out everything about files already read (or just written): no file is read.
    pub fn from_files(session: &Session, files: HolderFiles) -> Holder {
        let position = position::compute(
            &files.plan.plan,
            &files.journals,
            &session.settings,
            session.today,
        );
        Holder::with_position(session, files, position)
    }

    /// A person the People screen already worked out, opened without reading anything.
    pub fn from_worked(session: &Session, w: Worked) -> Holder {
        Holder::with_position(session, w.files, w.position)
    }

    fn with_position(session: &Session, files: HolderFiles, position: Position) -> Holder {
        let ids = EntryIds::of(&files.journals);
        let locks = Locks::of(&files.journals);
        Holder {
            categories: session.categories(&files),
            usual: UsualChoices::of(&files.journals),
            files,
            position,
            ids,
            locks,
        }
    }
}

impl Session {
    /// The spending categories offered for the person whose files these are: their plan's
    /// list, the workspace's, the headings careledger ships, then the others they use.
    pub fn categories(&self, files: &HolderFiles) -> Vec<Category> {
        category::offered(
            &[&files.plan.plan.categories, &self.settings.categories],
            &files.journals,
        )
    }

    /// Read one person's files and work out where their money stands (the balance checks are
    /// checked alongside on a large journal).
    pub fn open_holder(&self, id: &str) -> Result<Holder, StoreError> {
        let (files, position) = self.ws.load_holder_with(id, |files| {
            position::compute(
                &files.plan.plan,
                &files.journals,
                &self.settings,
                self.today,
            )
        })?;
        Ok(Holder::with_position(self, files, position))
    }

    /// Everyone in the workspace, read in parallel: one person's unreadable files are their
    /// row's error and never stop the others. In the order of `ids`.
    pub fn open_everyone(&self, ids: &[String]) -> Vec<(String, Result<Holder, StoreError>)> {
        for_each_parallel(ids, |id| (id.to_string(), self.open_holder(id)))
    }

    /// The People rows for everyone, who needs attention first.
    pub fn people(&self) -> Vec<PersonRow> {
        self.people_keeping(0).0
    }

    /// The People rows for everyone, who needs attention first, and what was worked out for
    /// as many people as fit in `keep_bytes` of journal text, so that opening one of them
    /// next reads nothing again. (A bound, because a bureau's 2,000 people's records would
    /// not all fit in memory at once; a typical caseload fits many times over.)
    pub fn people_keeping(&self, keep_bytes: usize) -> (Vec<PersonRow>, Vec<Worked>) {
        let ids = self.ws.holder_ids().unwrap_or_default();
        let budget = AtomicUsize::new(keep_bytes);
        let take = |bytes: usize| {
            budget
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                    left.checked_sub(bytes)
                })
                .is_ok()
        };
        let done = for_each_parallel(&ids, |id| {
            let loaded = self.ws.load_holder_with(id, |files| {
                position::compute(
                    &files.plan.plan,
                    &files.journals,
                    &self.settings,
                    self.today,
                )
            });
            match loaded {
                Ok((files, position)) => {
                    let row = PersonRow::from_position(&files, &position, self.today);
                    let bytes = files.journals.iter().map(|j| j.text().len()).sum();
                    let kept = take(bytes).then_some(Worked { files, position });
                    (row, kept)
                }
                Err(e) => (
                    PersonRow::broken(id, self.short_paths(&e.to_string())),
                    None,
                ),
            }
        });
        let (mut rows, kept): (Vec<PersonRow>, Vec<Option<Worked>>) = done.into_iter().unzip();
        rows.sort_by_key(PersonRow::attention_key);
        (rows, kept.into_iter().flatten().collect())
    }
}
