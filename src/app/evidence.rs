//! Evidence attached to entries: `attach` copies files (a receipt's photo, an invoice, a
//! payslip, a bank statement) into the holder's evidence folder and links each from the
//! entry with an `evidence:` tag; `detach` takes a link away and keeps the file; `missing`
//! lists the payments a funder will ask about (no receipt reference and no file), worst
//! first.
//!
//! Attaching and detaching change the entry, so they go the way every change to an entry
//! goes: the entry is named by its ID and the text the person saw, looked up again under the
//! lock in a fresh read, and the change is refused (with nothing left behind: no copy, no
//! tag) if it is gone or reads differently. Changing its text gives the entry a new ID,
//! which is returned.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::entries::{Described, Target, describe_at, find_in_main, reversed_by};
use super::{AppError, Result, Session};
use crate::core::entry::{EntryId, EntryIds, Place};
use crate::core::journal::Journal;
use crate::core::money::Money;
use crate::core::report::monitoring::{self, EVIDENCE_TAG, OutKind, ReturnPeriod};
use crate::store::HolderFiles;
use crate::store::NamedFileError;

/// Far more than any receipt, invoice or statement; the most careledger will copy as one.
pub const EVIDENCE_LIMIT: u64 = 64 * 1024 * 1024;

/// What attaching or detaching did.
#[derive(Debug, Clone)]
pub struct Attached {
    pub files: HolderFiles,
    /// The entry's ID now (its text changed, so its ID did).
    pub entry: EntryId,
    /// The `evidence:` values added (attach) or taken away (detach).
    pub links: Vec<String>,
    /// The evidence folder the values are relative to.
    pub folder: PathBuf,
    pub before: Described,
    /// How to take the change to the journal back (the copies stay).
    pub undo: Option<super::undo::Undo>,
}

/// A file an entry is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    /// The tag's value, e.g. `2026-27/2026-10-13-boots.pdf`.
    pub link: String,
    /// Where that is, when it is a path inside the evidence folder.
    pub path: Option<PathBuf>,
    /// Whether an ordinary file is there.
    pub present: bool,
}

/// A payment with no receipt reference and no file attached.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Missing {
    pub id: String,
    pub date: NaiveDate,
    pub payee: String,
    pub amount: Money,
    pub stream: String,
    pub category: Option<String>,
    pub line: u32,
}

impl Session {
    /// Copy `paths` into the holder's evidence folder and link them from the entry
    /// `target`. Every file is read before anything is written; nothing is written if any
    /// cannot be.
    pub fn attach(
        &self,
        files: &HolderFiles,
        target: &Target,
        paths: &[PathBuf],
    ) -> Result<Attached> {
        if paths.is_empty() {
            return Err(AppError::Refused(
                "name the file or files to attach; nothing was written".into(),
            ));
        }
        let read: Vec<(Vec<u8>, String)> = paths
            .iter()
            .map(|p| Ok((read_evidence_file(p)?, extension(p))))
            .collect::<Result<_>>()?;
        let ws = &self.ws;
        let id = &files.id;
        let mut made: Vec<String> = Vec::new();
        let result = self.change_main(
            files,
            |journals| {
                let (place, ids) = find_in_main(journals, target)?;
                not_reversed(&ids, journals, place, target.id)?;
                let j = &journals[0];
                let tx = &j.transactions()[place.index];
                let folder = year_folder(tx.date);
                let stem = format!("{}-{}", tx.date.format("%Y-%m-%d"), slug(j.payee(tx)));
                for (bytes, ext) in &read {
                    made.push(ws.add_evidence(id, &folder, &stem, ext, bytes)?);
                }
                let text = with_tags(j, place.index, &made, true)?;
                Ok::<_, AppError>((Some(text), (describe_at(journals, place), place.index)))
            },
            |(before, index), written| {
                evidence_note("attached evidence to", before, *index, target, written)
            },
        );
        match result {
            Ok(((before, index), written, undo)) => {
                let entry = EntryIds::of(&written.journals).id(Place { journal: 0, index });
                Ok(Attached {
                    files: files.with_journals(written),
                    entry,
                    links: made,
                    folder: ws.evidence_dir(id),
                    before,
                    undo,
                })
            }
            Err(e) => {
                for m in &made {
                    ws.undo_new_evidence(id, m);
                }
                Err(e)
            }
        }
    }

    /// Take the link `link` (or, with `None`, every `evidence:` link) off the entry
    /// `target`. The files stay in the evidence folder until the person deletes them.
    pub fn detach(
        &self,
        files: &HolderFiles,
        target: &Target,
        link: Option<&str>,
    ) -> Result<Attached> {
        let id = &files.id;
        let ((links, before, index), written, undo) = self.change_main(
            files,
            |journals| {
                let (place, ids) = find_in_main(journals, target)?;
                not_reversed(&ids, journals, place, target.id)?;
                let j = &journals[0];
                let tx = &j.transactions()[place.index];
                let have: Vec<String> = links_of(j, tx);
                let links: Vec<String> = match link {
                    None => have.clone(),
                    Some(l) => have.iter().filter(|h| *h == l).cloned().collect(),
                };
                if links.is_empty() {
                    return Err(AppError::Refused(match (link, have.is_empty()) {
                        (_, true) => {
                            "the entry has no evidence attached; nothing was written".into()
                        }
                        (Some(l), false) => format!(
                            "the entry has no evidence {l}; it has: {}. Nothing was written",
                            have.join(", ")
                        ),
                        (None, false) => unreachable!("every link is taken when none is named"),
                    }));
                }
                let links = if link.is_some() {
                    links[..1].to_vec()
                } else {
                    links
                };
                let text = with_tags(j, place.index, &links, false)?;
                Ok((
                    Some(text),
                    (links, describe_at(journals, place), place.index),
                ))
            },
            |(_, before, index), written| {
                evidence_note("took evidence off", before, *index, target, written)
            },
        )?;
        let entry = EntryIds::of(&written.journals).id(Place { journal: 0, index });
        Ok(Attached {
            files: files.with_journals(written),
            entry,
            links,
            folder: self.ws.evidence_dir(id),
            before,
            undo,
        })
    }

    /// The files the entry at `place` is linked to, and whether each is there.
    pub fn evidence_of(&self, files: &HolderFiles, place: Place) -> Vec<EvidenceFile> {
        let j = &files.journals[place.journal];
        let tx = &j.transactions()[place.index];
        links_of(j, tx)
            .into_iter()
            .map(|link| {
                let path = self.ws.evidence_path(&files.id, &link);
                let present = path
                    .as_deref()
                    .and_then(|p| std::fs::symlink_metadata(p).ok())
                    .is_some_and(|m| m.is_file());
                EvidenceFile {
                    link,
                    path,
                    present,
                }
            })
            .collect()
    }

    /// Payments in `period` (the plan period when `None`) with no receipt reference and no
    /// evidence attached, largest first (then earliest).
    pub fn missing_evidence(
        &self,
        files: &HolderFiles,
        period: Option<&ReturnPeriod>,
    ) -> Result<Vec<Missing>> {
        let plan = &files.plan.plan;
        let whole = ReturnPeriod::new(plan.period.start, plan.period.end);
        let period = period.unwrap_or(&whole);
        let r = monitoring::compute(
            &files.id,
            plan,
            &files.journals,
            &self.settings,
            period,
            None,
            self.today,
        )
        .map_err(|e| AppError::Refused(e.to_string()))?;
        let mut out: Vec<Missing> = r
            .streams
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
            .filter(|(_, i)| {
                i.kind == OutKind::Spending && i.receipt.is_none() && i.evidence.is_empty()
            })
            .map(|(s, i)| Missing {
                id: i.id.clone(),
                date: i.date,
                payee: i.payee.clone(),
                amount: i.amount,
                stream: s.id.clone(),
                category: i.category.clone(),
                line: i.line,
            })
            .collect();
        out.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.date.cmp(&b.date)));
        Ok(out)
    }
}

/// The entry's `evidence:` links, in file order.
pub fn links_of(j: &Journal, tx: &crate::core::journal::Transaction) -> Vec<String> {
    j.tags(tx)
        .filter(|(n, v)| *n == EVIDENCE_TAG && !v.is_empty())
        .map(|(_, v)| v.to_string())
        .collect()
}

/// Attaching changes the entry's text and so its ID, which a reversal names: an entry
/// already reversed keeps its evidence as it is (attach it to the reversal instead).
fn not_reversed(ids: &EntryIds, journals: &[Journal], place: Place, id: EntryId) -> Result<()> {
    if let Some((on, by)) = reversed_by(ids, journals, id) {
        let j = &journals[place.journal];
        let tx = &j.transactions()[place.index];
        return Err(AppError::Refused(format!(
            "the entry of {} to {} was reversed on {on} (entry {by}), and the reversal names it by its ID, which changing it would break; attach the file to the reversing entry {by} instead. Nothing was written",
            tx.date,
            j.payee(tx)
        )));
    }
    Ok(())
}

/// `j`'s text with `links` added to (or taken from) transaction `index`, one at a time.
fn with_tags(j: &Journal, index: usize, links: &[String], add: bool) -> Result<String> {
    let mut text = j.text().to_string();
    for (k, link) in links.iter().enumerate() {
        let now = if k == 0 {
            None
        } else {
            Some(Journal::parse(text.clone()).map_err(|e| AppError::Refused(e.to_string()))?)
        };
        let cur = now.as_ref().unwrap_or(j);
        text = if add {
            cur.with_tag_added(index, EVIDENCE_TAG, link)
        } else {
            cur.with_tag_removed(index, EVIDENCE_TAG, link)
        }
        .map_err(|reason| AppError::NotEditable { reason })?;
    }
    Ok(text)
}

/// The financial year an entry's date is in, as a folder name: `2026-27`.
pub fn year_folder(d: NaiveDate) -> String {
    let y = monitoring::financial_year_of(d);
    format!("{y}-{:02}", (y + 1).rem_euclid(100))
}

/// A payee as part of a file name: lower-case letters and digits, other runs as one `-`,
/// at most 40 characters; `entry` if nothing is left.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() { "entry".into() } else { out }
}

/// The file's extension as a copy keeps it: lower-case letters and digits only, at most
/// ten; empty when there is none.
fn extension(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| e.len() <= 10 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .unwrap_or_default()
}

/// A file to attach, read through the one rule for files a person names
/// ([`read_named_file`](crate::store::read_named_file)), no larger than [`EVIDENCE_LIMIT`].
fn read_evidence_file(path: &Path) -> Result<Vec<u8>> {
    let shown = path.display();
    crate::store::read_named_file(path, EVIDENCE_LIMIT).map_err(|e| {
        AppError::Refused(match e {
            NamedFileError::NotAFile(what) => format!(
                "{shown}: is {what}, not a file to attach; attach the receipt, invoice or statement file itself. Nothing was written"
            ),
            NamedFileError::TooLarge(size) => format!(
                "{shown}: is {size} bytes or more, more than careledger keeps as evidence ({} MB); make it smaller (a lower-resolution scan) and attach that. Nothing was written",
                EVIDENCE_LIMIT / (1024 * 1024)
            ),
            NamedFileError::Io(e) => format!("{shown}: {e}; nothing was written"),
        })
    })
}

/// What the commit of attaching or detaching says (in a shared workspace): the entry, which
/// has a new ID, and the one it had.
fn evidence_note(
    verb: &str,
    before: &Described,
    index: usize,
    target: &Target,
    written: &crate::store::Written,
) -> super::team::Note {
    let id = EntryIds::of(&written.journals).id(Place { journal: 0, index });
    super::team::Note {
        subject: format!("{verb} the entry of {} to {}", before.date, before.payee),
        trailers: vec![
            (crate::store::git::ENTRY_TRAILER, id.full()),
            (crate::store::git::BEFORE_TRAILER, target.id.full()),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_named_by_date_and_payee_in_a_folder_per_year() {
        assert_eq!(slug("Tomasz Nowak"), "tomasz-nowak");
        assert_eq!(slug("Kit, Room & Co."), "kit-room-co");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("Café"), "caf");
        assert_eq!(slug("£££"), "entry");
        assert_eq!(year_folder("2026-10-13".parse().unwrap()), "2026-27");
        assert_eq!(year_folder("2027-03-31".parse().unwrap()), "2026-27");
        assert_eq!(extension(Path::new("scan.PDF")), "pdf");
        assert_eq!(extension(Path::new("x.tar.gz")), "gz");
        assert_eq!(extension(Path::new("weird.p d f")), "");
        assert_eq!(extension(Path::new("noext")), "");
    }
}
