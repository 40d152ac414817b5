//! Recording, editing, reversing and marking entries.
//!
//! Every change is made under the holder's lock on a fresh read of the journal
//! ([`Workspace::change_journal`](crate::store::Workspace::change_journal)). An action on an
//! existing entry names it by its [`EntryId`] and, where the front end showed it, by the text
//! it showed ([`Target::seen`]); the entry is looked up again in that fresh read, and if it
//! is gone or reads differently the action is refused and nothing is written. So a change can
//! never land on an entry other than the one the person saw, whatever happened on disk in
//! between.

use chrono::NaiveDate;

use super::{AppError, Result, Session, Undo, team};
use crate::core::category::UsualChoices;
use crate::core::entry::{EntryId, EntryIds, Place, Reversals};
use crate::core::journal::{Journal, NewTransaction, Status};
use crate::core::money::Money;
use crate::core::payment::{self, Draft, SplitLine};
use crate::core::reconcile::Locks;
use crate::store::HolderFiles;
use crate::store::git::{BEFORE_TRAILER, ENTRY_TRAILER};

/// The entry an action is about: its ID and, when a screen showed it, its text as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub id: EntryId,
    /// The entry's text when it was shown. `None` when the person named it by ID alone (the
    /// ID already pins down everything but the status mark).
    pub seen: Option<String>,
}

impl Target {
    /// The entry at `at` in `files`, as it reads there now.
    pub fn at(files: &HolderFiles, ids: &EntryIds, at: Place) -> Target {
        let j = &files.journals[at.journal];
        Target {
            id: ids.id(at),
            seen: Some(j.source(&j.transactions()[at.index]).to_string()),
        }
    }
}

/// What a change left: the holder's files as they are on disk now, and the entry written.
#[derive(Debug, Clone)]
pub struct Saved {
    pub files: HolderFiles,
    /// The ID of the entry added or changed (an edited entry has a new ID).
    pub entry: Option<EntryId>,
    /// What was written, for the front end's sentence about it.
    pub written: Option<NewTransaction>,
    /// The entry as it was before an edit, mark or reversal.
    pub before: Option<Described>,
    /// How to take the change back (`None` when nothing was written).
    pub undo: Option<Undo>,
}

/// An entry in the words a confirmation uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Described {
    pub date: NaiveDate,
    pub payee: String,
    /// Money in positive, money out negative.
    pub amount: Money,
}

/// Changes to an entry; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub date: Option<String>,
    pub payee: Option<String>,
    pub amount: Option<String>,
    /// `Some(None)`: no outcome.
    pub outcome: Option<Option<String>>,
    pub stream: Option<Option<String>>,
    pub category: Option<String>,
    /// The lines of a split payment; `Some(empty)`: not split (any more).
    pub splits: Option<Vec<SplitLine>>,
    pub receipt: Option<String>,
    pub note: Option<String>,
}

impl Changes {
    /// Every field as `d` has it: what a form or a conversation that showed every field
    /// gives back.
    pub fn from_draft(d: &Draft) -> Changes {
        Changes {
            date: Some(d.date.clone()),
            payee: Some(d.payee.clone()),
            amount: Some(d.amount.clone()),
            outcome: Some(d.outcome.clone()),
            stream: Some(d.stream.clone()),
            category: d.category.clone(),
            splits: Some(d.splits.clone()),
            receipt: Some(d.receipt.clone()),
            note: Some(d.note.clone()),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Changes::default()
    }

    /// The draft of the entry after these changes. A new outcome means a new expense
    /// account, unless the category was set apart from the outcome (or is given here).
    fn apply(&self, mut d: Draft) -> Draft {
        if let Some(v) = &self.date {
            d.date = v.clone();
        }
        if let Some(v) = &self.payee {
            d.payee = v.clone();
        }
        if let Some(v) = &self.amount {
            d.amount = v.clone();
        }
        if let Some(o) = &self.outcome
            && d.direction.has_outcome()
        {
            if *o != d.outcome && d.category == d.outcome {
                d.category = None;
            }
            d.outcome = o.clone();
        }
        if let Some(s) = &self.stream {
            d.stream = s.clone();
        }
        if let Some(c) = &self.category {
            d.category = Some(c.clone());
        }
        // An imported row nobody recognised, now given an outcome: it leaves the
        // unassigned account for the outcome's (or the payee's usual) category.
        if d.category.as_deref() == Some("unassigned") && d.outcome.is_some() {
            d.category = None;
        }
        if let Some(lines) = &self.splits {
            d.splits = lines.clone();
            if !lines.is_empty() {
                d.outcome = None;
                d.category = None;
            }
        }
        if let Some(v) = &self.receipt {
            d.receipt = v.clone();
        }
        if let Some(v) = &self.note {
            d.note = v.clone();
        }
        d
    }
}

impl Session {
    /// The entry `given` (an ID as typed) names in `files`.
    pub fn lookup(&self, files: &HolderFiles, given: &str) -> Result<(Target, Place)> {
        let ids = EntryIds::of(&files.journals);
        let (id, place) = ids.lookup(given)?;
        Ok((Target { id, seen: None }, place))
    }

    /// Record a payment or money in, typed as `draft`, in the holder's journal. A date
    /// outside every plan year is refused ([`Session::record_with`] to say it is meant).
    pub fn record(&self, files: &HolderFiles, draft: &Draft) -> Result<Saved> {
        self.record_with(files, draft, false)
    }

    /// [`Session::record`]; with `outside_plan`, a date outside every plan year (but not
    /// years away from them) is recorded, as the person confirmed.
    pub fn record_with(
        &self,
        files: &HolderFiles,
        draft: &Draft,
        outside_plan: bool,
    ) -> Result<Saved> {
        let draft = &with_usual_category(files, draft);
        let mut tx = draft
            .build_in(&files.plan.plan, &files.plan_years(), outside_plan)
            .map_err(AppError::Fields)?;
        tx.tags.extend(self.author_tags());
        let ((), written, undo) = self.change_main(
            files,
            |journals| Ok((Some(journals[0].with_appended(&tx)), ())),
            |(), written| team::appended("recorded", written),
        )?;
        let ids = EntryIds::of(&written.journals);
        let new = last_entry(&written.journals[0]).map(|index| ids.id(Place { journal: 0, index }));
        Ok(Saved {
            files: files.with_journals(written),
            entry: new,
            written: Some(tx),
            before: None,
            undo,
        })
    }

    /// The draft the entry named would be edited from (what a form shows), as it reads now.
    pub fn draft_of(&self, files: &HolderFiles, target: &Target) -> Result<Draft> {
        let place = find(&files.journals, target)?;
        let j = &files.journals[place.journal];
        Draft::from_transaction(&files.plan.plan, j, &j.transactions()[place.index])
            .map_err(|reason| AppError::NotEditable { reason })
    }

    /// Change the fields `changes` names of the entry `target`. An entry covered by a bank
    /// check is changed only with `force` (a front end asks first).
    pub fn edit(
        &self,
        files: &HolderFiles,
        target: &Target,
        changes: &Changes,
        force: bool,
    ) -> Result<Saved> {
        let plan = &files.plan.plan;
        let years = files.plan_years();
        let ((tx, before, index), written, undo) = self.change_main(
            files,
            |journals| {
                let place = find(journals, target)?;
                if !force {
                    not_locked(journals, place)?;
                }
                in_a_reversal(journals, place)?;
                let j = &journals[0];
                let old = &j.transactions()[place.index];
                let draft = Draft::from_transaction(plan, j, old)
                    .map_err(|reason| AppError::NotEditable { reason })?;
                let changed = with_usual_category(files, &changes.apply(draft));
                // A date outside every plan year is refused only when the edit moves it there.
                let was_outside = years.containing(old.date).is_none();
                let tx = changed
                    .build_in(plan, &years, was_outside)
                    .map_err(AppError::Fields)?;
                // Only the fields that change are rewritten; what else was typed stays.
                let text = j
                    .with_edited(place.index, &tx)
                    .map_err(|reason| AppError::NotEditable { reason })?;
                Ok((Some(text), (tx, describe(journals, place), place.index)))
            },
            |(_, before, index), written| {
                let id = EntryIds::of(&written.journals).id(Place {
                    journal: 0,
                    index: *index,
                });
                let now = describe(
                    &written.journals,
                    Place {
                        journal: 0,
                        index: *index,
                    },
                );
                let mut what = Vec::new();
                if now.date != before.date {
                    what.push(format!("now dated {}", now.date));
                }
                if now.payee != before.payee {
                    what.push(format!("now {}", now.payee));
                }
                if now.amount != before.amount {
                    what.push(format!("now {}", now.amount.abs()));
                }
                if what.is_empty() {
                    what.push("its details".to_string());
                }
                team::Note {
                    subject: format!(
                        "changed the entry of {}: {}",
                        described(before),
                        what.join(", ")
                    ),
                    trailers: vec![
                        (ENTRY_TRAILER, id.full()),
                        (BEFORE_TRAILER, target.id.full()),
                    ],
                }
            },
        )?;
        // An edited entry stays where it was in the file, with a new ID.
        let entry = EntryIds::of(&written.journals).id(Place { journal: 0, index });
        Ok(Saved {
            files: files.with_journals(written),
            entry: Some(entry),
            written: Some(tx),
            before: Some(before),
            undo,
        })
    }

    /// Add the entry that undoes `target`, dated today. Nothing is deleted; an entry already
    /// reversed is not reversed again.
    pub fn reverse(&self, files: &HolderFiles, target: &Target) -> Result<Saved> {
        let ((tx, before), written, undo) = self.change_main(
            files,
            |journals| {
            let ids = EntryIds::of(journals);
            let place = find_in(&ids, journals, target)?;
            let j = &journals[place.journal];
            let old = &j.transactions()[place.index];
            let reversals = Reversals::of(journals, &ids);
            if let Some(partner) = reversals.partner(place) {
                let other = journals[partner.journal].transactions()[partner.index].date;
                return Err(if reversals.is_reversal(place) {
                    AppError::Refused(format!(
                        "this entry is the reversal of the entry of {other} to {}; a reversal is not reversed again. To have that payment count again, record it anew. Nothing was written",
                        j.payee(old)
                    ))
                } else {
                    AppError::AlreadyReversed {
                        date: old.date,
                        payee: j.payee(old).to_string(),
                        reversed_on: other,
                        by: ids.shown(partner),
                    }
                });
            }
            let mut tx = payment::reversal(j, old, self.today, target.id);
            tx.tags.extend(self.author_tags());
            let text = journals[0].with_appended(&tx);
            Ok((Some(text), (tx, describe(journals, place))))
            },
            |(_, before): &(_, Described), written| {
                let mut note = team::appended("reversed", written);
                note.subject = format!("reversed the entry of {}", described(before));
                note.trailers
                    .push((team::REVERSES_TRAILER, target.id.full()));
                note
            },
        )?;
        let ids = EntryIds::of(&written.journals);
        let new = last_entry(&written.journals[0]).map(|index| ids.id(Place { journal: 0, index }));
        Ok(Saved {
            files: files.with_journals(written),
            entry: new,
            written: Some(tx),
            before: Some(before),
            undo,
        })
    }

    /// Mark the entry cleared, pending or neither; only its mark changes (and its ID stays).
    pub fn set_status(
        &self,
        files: &HolderFiles,
        target: &Target,
        status: Status,
        force: bool,
    ) -> Result<Saved> {
        let (before, written, undo) = self.change_main(
            files,
            |journals| {
                let place = find(journals, target)?;
                if !force {
                    not_locked(journals, place)?;
                }
                let j = &journals[0];
                let before = describe(journals, place);
                if j.transactions()[place.index].status == status {
                    return Ok((None, before));
                }
                Ok((Some(j.with_status(place.index, status)), before))
            },
            |before, _| team::Note {
                subject: format!(
                    "marked the entry of {} {}",
                    described(before),
                    match status {
                        Status::Cleared => "cleared",
                        Status::Pending => "pending",
                        Status::Unmarked => "not cleared",
                    }
                ),
                trailers: vec![(ENTRY_TRAILER, target.id.full())],
            },
        )?;
        Ok(Saved {
            files: files.with_journals(written),
            entry: Some(target.id),
            written: None,
            before: Some(before),
            undo,
        })
    }
}

/// A payment given no category takes the payee's usual one (from their latest entry with
/// one spending line), rather than the outcome's id, so one payee's entries stay together.
fn with_usual_category(files: &HolderFiles, draft: &Draft) -> Draft {
    let mut d = draft.clone();
    if d.category.is_none() && d.splits.is_empty() && d.direction.has_outcome() {
        d.category = UsualChoices::of(&files.journals)
            .for_payee(&d.payee)
            .map(|u| u.category.clone());
    }
    d
}

/// Where `target` is in `journals` now, refusing an entry that is gone, reads differently
/// from what was seen, or is in an included file.
pub fn find(journals: &[Journal], target: &Target) -> Result<Place> {
    find_in(&EntryIds::of(journals), journals, target)
}

/// [`find`], with the journals' IDs already worked out.
fn find_in(ids: &EntryIds, journals: &[Journal], target: &Target) -> Result<Place> {
    let place = ids.find(target.id).ok_or_else(|| {
        AppError::from(crate::core::entry::LookupError::Missing(
            ids.show(target.id),
        ))
    })?;
    let j = &journals[place.journal];
    let tx = &j.transactions()[place.index];
    if let Some(seen) = &target.seen
        && j.source(tx) != seen
    {
        return Err(AppError::EntryChanged {
            date: tx.date,
            payee: j.payee(tx).to_string(),
        });
    }
    Ok(place)
}

/// Where `target` is in `journals` now, as [`find`] says, refusing an entry in an included
/// file; with the journals' IDs.
pub(super) fn find_in_main(journals: &[Journal], target: &Target) -> Result<(Place, EntryIds)> {
    let ids = EntryIds::of(journals);
    let place = find_in(&ids, journals, target)?;
    in_main(place)?;
    Ok((place, ids))
}

/// The entry at `place` in the words a confirmation uses.
pub(super) fn describe_at(journals: &[Journal], place: Place) -> Described {
    describe(journals, place)
}

/// The date and ID (as shown) of the entry that reverses `id`, if one does.
pub(super) fn reversed_by(
    ids: &EntryIds,
    journals: &[Journal],
    id: EntryId,
) -> Option<(NaiveDate, String)> {
    reversed_in(ids, journals, id)
}

/// Changes are made to the main journal only.
fn in_main(place: Place) -> Result<()> {
    if place.journal == 0 {
        Ok(())
    } else {
        Err(AppError::InIncludedFile {
            file: "a file that ledger.journal includes".into(),
        })
    }
}

fn not_locked(journals: &[Journal], place: Place) -> Result<()> {
    in_main(place)?;
    let j = &journals[place.journal];
    match Locks::of(journals).locked_by(j, &j.transactions()[place.index]) {
        Some(checked) => Err(AppError::CoveredByBankCheck { checked }),
        None => Ok(()),
    }
}

fn describe(journals: &[Journal], place: Place) -> Described {
    let j = &journals[place.journal];
    let tx = &j.transactions()[place.index];
    let e = crate::core::register::entry_amount(j, tx);
    Described {
        date: tx.date,
        payee: j.payee(tx).to_string(),
        amount: e,
    }
}

/// An entry in a commit's words: "2026-04-07 to Mary Jones (£252.00)".
fn described(d: &Described) -> String {
    let (way, amount) = if d.amount.is_negative() {
        ("to", d.amount.abs())
    } else {
        ("from", d.amount)
    };
    format!("{} {way} {} ({amount})", d.date, d.payee)
}

/// An entry paired with a reversal is not edited: its reversal names it by its ID, which an
/// edit would change, so the two would no longer net out (the reversal would count against
/// nothing). Correct such money by recording the right entry anew.
fn in_a_reversal(journals: &[Journal], place: Place) -> Result<()> {
    let ids = EntryIds::of(journals);
    let reversals = Reversals::of(journals, &ids);
    let Some(partner) = reversals.partner(place) else {
        return Ok(());
    };
    let other = journals[partner.journal].transactions()[partner.index].date;
    Err(AppError::Refused(if reversals.is_reversal(place) {
        format!(
            "this entry is the reversal of the entry of {other} (entry {}); changing it would undo the reversal. Nothing was written. To correct the money, record the right entry anew",
            ids.shown(partner)
        )
    } else {
        format!(
            "this entry was reversed on {other} (entry {}), so the two count for nothing; changing it would leave the reversal counting against nothing. Nothing was written. Record the right payment anew instead",
            ids.shown(partner)
        )
    }))
}

/// The date and ID (as shown) of the entry that reverses `id`, if one does.
fn reversed_in(ids: &EntryIds, journals: &[Journal], id: EntryId) -> Option<(NaiveDate, String)> {
    let place = ids.find(id)?;
    let reversals = Reversals::of(journals, ids);
    if reversals.is_reversal(place) {
        return None;
    }
    let by = reversals.partner(place)?;
    Some((
        journals[by.journal].transactions()[by.index].date,
        ids.shown(by),
    ))
}

/// The last transaction in the file (the one just appended).
fn last_entry(j: &Journal) -> Option<usize> {
    j.transactions().len().checked_sub(1)
}
