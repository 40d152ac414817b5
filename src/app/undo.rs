//! Taking back a change made in this session: the main journal is put back exactly as it
//! was before the change, byte for byte, through the same locked, checked write every
//! change makes, and only while the journal still reads exactly as that change left it (so
//! an undo never throws away anything written since, by this person or anyone else).

use super::entries::Saved;
use super::team::Note;
use super::{AppError, Result, Session};
use crate::core::journal::Journal;
use crate::store::{HolderFiles, Written};

/// What it takes to undo one change to a holder's main journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undo {
    pub holder: String,
    /// The main journal's text just before the change.
    before: String,
    /// The journal's length and hash just after it, to tell whether anything changed since.
    after: (usize, u64),
}

/// FNV-1a over the text: a fingerprint of what the change wrote (the text itself need not
/// be kept twice).
fn hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn stamp(text: &str) -> (usize, u64) {
    (text.len(), hash(text))
}

impl Session {
    /// [`Workspace::change_journal`](crate::store::Workspace::change_journal) on the
    /// holder's journals, also handing back how to undo the change when it wrote one. In a
    /// shared workspace the change is committed, described by `note`
    /// ([`Session::write_journal`]).
    pub(super) fn change_main<T>(
        &self,
        files: &HolderFiles,
        change: impl FnOnce(&[Journal]) -> Result<(Option<String>, T)>,
        note: impl FnOnce(&T, &Written) -> Note,
    ) -> Result<(T, Written, Option<Undo>)> {
        let id = &files.id;
        let mut before = None;
        let (out, written) = self.write_journal(
            files,
            |journals| {
                let (text, out) = change(journals)?;
                if text.is_some() {
                    before = Some(journals[0].text().to_string());
                }
                Ok((text, out))
            },
            note,
        )?;
        let undo = before.filter(|_| written.wrote).map(|before| Undo {
            holder: id.to_string(),
            before,
            after: stamp(written.journals[0].text()),
        });
        Ok((out, written, undo))
    }

    /// Put the holder's main journal back as it was before the change `undo` is for.
    /// Refused, with nothing written, if the journal has changed since that change.
    pub fn undo(&self, files: &HolderFiles, undo: &Undo) -> Result<Saved> {
        if files.id != undo.holder {
            return Err(AppError::Refused(format!(
                "that change was to {}'s records, not these; nothing was written",
                undo.holder
            )));
        }
        let ((), written, again) = self.change_main(
            files,
            |journals| {
                if stamp(journals[0].text()) != undo.after {
                    return Err(AppError::Refused(
                        "the journal has changed since that change (by another program or person), so it cannot simply be taken back; nothing was written. Look at the entry and change it again if you still want to".into(),
                    ));
                }
                Ok((Some(undo.before.clone()), ()))
            },
            |_, _| Note {
                subject: "took back the change just made (undo in the app)".into(),
                trailers: Vec::new(),
            },
        )?;
        Ok(Saved {
            files: files.with_journals(written),
            entry: None,
            written: None,
            before: None,
            undo: again,
        })
    }
}
