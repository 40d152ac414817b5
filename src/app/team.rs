//! A workspace shared by a team on git: `share`, `join`, `sync`, `history` and `undo`, and
//! the one place every change careledger writes becomes a commit ([`Session::write_journal`],
//! [`Session::committed`]).
//!
//! In a workspace that is not shared none of this runs git: [`Session::team`] is `None` and
//! the actions write exactly as they always have.
//!
//! A commit is made after the write succeeded, while the person's lock is still held, and
//! holds only the files that change wrote. If it fails, the write stands (nothing is lost)
//! and the failure is kept as a note for the front end to show ([`Session::take_notes`]);
//! the next `sync` commits what was left.

use std::path::{Path, PathBuf};

use super::{AppError, Result, Session};
use crate::core::entry::{EntryId, EntryIds, Place};
use crate::core::journal::Journal;
use crate::core::merge;
use crate::core::money::Money;
use crate::core::register::entry_amount;
use crate::core::settings::Settings;
use crate::store::git::{
    Author, BEFORE_TRAILER, ENTRY_TRAILER, GitError, HOLDER_TRAILER, Repo, UNDOES_TRAILER,
};
use crate::store::{HolderFiles, JOURNAL_FILE, PLAN_FILE, Workspace, Written, read_text};

/// What a commit says: its first line, and the trailers that let `history` and `undo` find
/// the entries and person it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub subject: String,
    pub trailers: Vec<(&'static str, String)>,
}

impl Note {
    fn message(&self) -> String {
        let mut m = self.subject.clone();
        if !self.trailers.is_empty() {
            m.push_str("\n\n");
            for (k, v) in &self.trailers {
                m.push_str(&format!("{k}: {v}\n"));
            }
        }
        m
    }
}

/// The trailer that names the entry a reversal takes back.
pub const REVERSES_TRAILER: &str = "Careledger-Reverses";

/// One change in a shared workspace's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The history ID (the commit's first 8 digits), which `undo` takes.
    pub id: String,
    pub when: String,
    pub who: String,
    pub what: String,
    pub holder: Option<String>,
    /// Taken back by a later change (its ID).
    pub undone_by: Option<String>,
}

/// What `sync` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synced {
    /// Files edited by hand that were committed first.
    pub hand_edits: Vec<String>,
    /// Changes from others merged in.
    pub received: usize,
    /// Changes of this computer's sent to the shared copy.
    pub sent: usize,
    /// Why the shared copy could not be reached, when it could not: nothing is lost, and
    /// what was not sent is sent by the next sync.
    pub unreachable: Option<String>,
    /// Changes made here and not yet sent (after an unreachable shared copy).
    pub waiting: usize,
    /// `file:line` of every clash in the workspace, to be resolved by hand.
    pub clashes: Vec<String>,
    /// What careledger cannot read since the merge (a balance check that both sides'
    /// spending together breaks, say), each naming the file and line.
    pub problems: Vec<String>,
}

impl Synced {
    /// The account of a sync in sentences, one a line: what the command line prints and the
    /// app says.
    pub fn describe(&self) -> String {
        let mut out = Vec::new();
        if !self.hand_edits.is_empty() {
            out.push(format!(
                "Committed hand edits to {}.",
                self.hand_edits.join(", ")
            ));
        }
        match &self.unreachable {
            None => out.push(format!(
                "Synced: received {}, sent {}.",
                plural_changes(self.received),
                plural_changes(self.sent)
            )),
            Some(why) => {
                if self.received > 0 {
                    out.push(format!("Received {}.", plural_changes(self.received)));
                }
                out.push(format!(
                    "The shared copy could not be reached ({why}). Nothing is lost: {} kept on this computer and sent by the next careledger sync.",
                    match self.waiting {
                        1 => "1 change is".to_string(),
                        n => format!("{n} changes are"),
                    }
                ));
            }
        }
        if !self.clashes.is_empty() {
            out.push(format!(
                "{}: two people changed the same thing differently; both versions are kept, the other marked \"clash:\". Decide which is right, put it right, delete the clash lines, then sync:",
                crate::core::words::plural(self.clashes.len() as i64, "clash")
            ));
            out.extend(self.clashes.iter().map(|c| format!("  {c}")));
        }
        if !self.problems.is_empty() {
            out.push(
                "After the merge careledger cannot read everything; put it right and sync again:"
                    .into(),
            );
            out.extend(self.problems.iter().map(|p| format!("  {p}")));
        }
        out.join("\n")
    }
}

/// What `undo` took back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undone {
    /// The history ID of the change taken back.
    pub id: String,
    pub what: String,
    pub file: PathBuf,
    /// The new change that took it back (its history ID), when it was committed.
    pub by: Option<String>,
}

/// Who commits are made as: the `author` setting, else `CARELEDGER_AUTHOR`, else git's own
/// user (`None`).
pub fn commit_author(settings: &Settings) -> Author {
    Author {
        name: settings.author.clone().or_else(|| {
            std::env::var("CARELEDGER_AUTHOR")
                .ok()
                .filter(|a| !a.trim().is_empty())
        }),
    }
}

fn git_failed(e: GitError) -> AppError {
    AppError::Refused(e.to_string())
}

fn not_shared(ws: &Workspace) -> AppError {
    AppError::Refused(format!(
        "the workspace {} is not shared, so it has no history to sync or undo; share it first with: careledger share REMOTE",
        ws.root().display()
    ))
}

impl Session {
    /// Whether the workspace is shared (a git repository careledger set up).
    pub fn is_shared(&self) -> bool {
        self.team.is_some()
    }

    /// What happened that the person should know but that did not stop the action (a
    /// commit that failed after the write succeeded), once each.
    pub fn take_notes(&self) -> Vec<String> {
        self.notes
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default()
    }

    fn note(&self, text: String) {
        if let Ok(mut n) = self.notes.lock() {
            n.push(text);
        }
    }

    /// In a shared workspace, commit `paths` (just written) with `note`; a failure is kept
    /// as a note, never an error: the write stands.
    pub(crate) fn committed(&self, paths: &[PathBuf], note: &Note) {
        let Some(repo) = &self.team else { return };
        if let Err(e) = repo.commit(&commit_author(&self.settings), paths, &note.message()) {
            self.note(format!(
                "the change is saved, but it could not be added to the shared history ({e}); the next careledger sync adds it"
            ));
        }
    }

    /// Change the holder's main journal ([`Workspace::change_journal`]) and, in a shared
    /// workspace, commit it, described by `note`, while the lock is still held. Every
    /// action's change goes through here, by way of `change_main` (`undo.rs`).
    pub(crate) fn write_journal<T>(
        &self,
        files: &HolderFiles,
        change: impl FnOnce(&[Journal]) -> Result<(Option<String>, T)>,
        note: impl FnOnce(&T, &Written) -> Note,
    ) -> Result<(T, Written)> {
        let name = files.plan.plan.holder.name.clone();
        let id = files.id.clone();
        self.ws
            .change_journal_then(&files.id, &self.who, change, |out, written| {
                if self.team.is_some() {
                    let mut n = note(out, written);
                    n.subject = format!("{name}: {}", n.subject);
                    n.trailers.insert(0, (HOLDER_TRAILER, id));
                    self.committed(&written.paths[..1], &n);
                }
            })
    }

    /// Share the workspace: make it a git repository (if it is not one) with `remote` as its
    /// `origin`, commit everything, and push. `exe` is careledger itself, which git runs to
    /// merge journals and plans.
    pub fn share(&self, remote: &str, exe: &Path) -> Result<Synced> {
        let remote = &remote_word(remote);
        let repo = Repo::at(self.ws.root());
        let author = commit_author(&self.settings);
        repo.make_shared(&author, exe).map_err(git_failed)?;
        repo.set_remote(&author, remote).map_err(git_failed)?;
        let branch = repo.branch().map_err(git_failed)?;
        let mut synced = Synced::default();
        match repo.git(
            &author,
            &[
                "push",
                "--quiet",
                "-u",
                "origin",
                &format!("HEAD:refs/heads/{branch}"),
            ],
        ) {
            Ok(_) => synced.sent = count(&repo, "HEAD"),
            Err(e) => {
                synced.unreachable = Some(e.said);
                synced.waiting = count(&repo, "HEAD");
            }
        }
        Ok(synced)
    }

    /// Join a shared workspace: clone `remote` into `dir` (owner-only), ready to use.
    pub fn join(remote: &str, dir: &Path, exe: &Path) -> Result<()> {
        let remote = &remote_word(remote);
        if dir.exists()
            && std::fs::read_dir(dir)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(AppError::Refused(format!(
                "{} is already there and not empty; join into a new folder (careledger join REMOTE NEW-FOLDER)",
                dir.display()
            )));
        }
        let repo = Repo::clone_into(remote, dir).map_err(git_failed)?;
        repo.register_drivers(&Author::default(), exe)
            .map_err(git_failed)?;
        if Repo::shared(dir).is_none() {
            return Err(AppError::Refused(format!(
                "{remote} was copied to {}, but it is not a workspace shared by careledger (it has no .gitattributes naming careledger's merge); share a workspace with careledger share REMOTE",
                dir.display()
            )));
        }
        Ok(())
    }

    /// Sync: commit hand edits, fetch, merge others' changes in (journals entry by entry,
    /// plans key by key), and push. Every holder is locked meanwhile, so no careledger on
    /// this computer writes while the merge changes files. An unreachable shared copy is not
    /// an error: the changes stay here and the next sync sends them.
    pub fn sync(&self) -> Result<Synced> {
        let repo = self.team.as_ref().ok_or_else(|| not_shared(&self.ws))?;
        let author = commit_author(&self.settings);
        let _locks = self.ws.lock_everyone(&self.who)?;
        let mut synced = Synced::default();
        let edited = repo.uncommitted().map_err(git_failed)?;
        if !edited.is_empty() {
            // What would be sent must read: a broken hand edit stays here until put right.
            for id in self.ws.holder_ids()? {
                let dir = format!("holders/{id}/");
                if edited.iter().any(|f| f.starts_with(&dir)) {
                    self.ws.load_holder(&id).map_err(|e| {
                        AppError::Refused(format!(
                            "{}; sync sent nothing. Put the file right (careledger check), then sync again",
                            self.short_paths(&e.to_string())
                        ))
                    })?;
                }
            }
            let subject = format!("Hand edits to {} (committed by sync)", edited.join(", "));
            repo.commit_all(&author, &subject).map_err(git_failed)?;
            synced.hand_edits = edited;
        }
        if let Ok(exe) = std::env::current_exe() {
            repo.keep_drivers(&exe).map_err(git_failed)?;
        }
        let branch = repo.branch().map_err(git_failed)?;
        let upstream = format!("refs/remotes/origin/{branch}");
        for _attempt in 0..3 {
            if let Err(e) = repo.git(&author, &["fetch", "--quiet", "origin"]) {
                synced.unreachable = Some(e.said);
                break;
            }
            let known = repo
                .git(&author, &["rev-parse", "--verify", "-q", &upstream])
                .is_ok();
            if known {
                let new = count(repo, &format!("HEAD..{upstream}"));
                if new > 0 {
                    let merged = repo.git(
                        &author,
                        &[
                            "merge",
                            "--quiet",
                            "--no-edit",
                            "-m",
                            &format!("Sync: merged {} from the shared copy", plural_changes(new)),
                            &upstream,
                        ],
                    );
                    if let Err(e) = merged {
                        let _ = repo.git(&author, &["merge", "--abort"]);
                        return Err(AppError::Refused(format!(
                            "the changes from the shared copy could not be merged ({e}); nothing here was changed. Run careledger check, then sync again"
                        )));
                    }
                    synced.received += new;
                }
            }
            let range = if known {
                format!("{upstream}..HEAD")
            } else {
                "HEAD".to_string()
            };
            // Merges count as commits to send, not as changes.
            let ahead = count(repo, &range);
            if repo
                .git(&author, &["rev-list", "--count", &range])
                .is_ok_and(|n| n.trim() == "0")
            {
                break;
            }
            match repo.git(
                &author,
                &[
                    "push",
                    "--quiet",
                    "origin",
                    &format!("HEAD:refs/heads/{branch}"),
                ],
            ) {
                Ok(_) => {
                    synced.sent += ahead;
                    break;
                }
                // Someone pushed since the fetch: fetch and merge again.
                Err(e) if e.said.contains("rejected") || e.said.contains("fetch first") => {
                    continue;
                }
                Err(e) => {
                    synced.unreachable = Some(e.said);
                    synced.waiting = ahead;
                    break;
                }
            }
        }
        if synced.unreachable.is_some() && synced.waiting == 0 {
            let upstream_known = repo
                .git(&author, &["rev-parse", "--verify", "-q", &upstream])
                .is_ok();
            synced.waiting = if upstream_known {
                count(repo, &format!("{upstream}..HEAD"))
            } else {
                count(repo, "HEAD")
            };
        }
        synced.clashes = self.clashes()?;
        if synced.received > 0 {
            for id in self.ws.holder_ids()? {
                if let Err(e) = self.ws.load_holder(&id) {
                    synced.problems.push(self.short_paths(&e.to_string()));
                }
            }
        }
        Ok(synced)
    }

    /// `file:line` of every clash a merge left in the workspace's journals and plans.
    pub fn clashes(&self) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for id in self.ws.holder_ids()? {
            let dir = self.ws.holder_dir(&id);
            for name in [PLAN_FILE, JOURNAL_FILE] {
                let path = dir.join(name);
                let Ok((text, _)) = read_text(&path) else {
                    continue;
                };
                for line in merge::clash_lines(&text) {
                    out.push(format!("holders/{id}/{name}:{line}"));
                }
            }
        }
        Ok(out)
    }

    /// The changes made to the workspace (or one holder's files), newest first; with
    /// `entry`, only those that made, changed, marked or reversed that entry (an edit's
    /// earlier versions included).
    pub fn history(&self, holder: Option<&str>, entry: Option<&str>) -> Result<Vec<Change>> {
        let repo = self.team.as_ref().ok_or_else(|| not_shared(&self.ws))?;
        if let Some(h) = holder {
            self.ws.load_holder(h).map(|_| ()).or_else(|e| match e {
                crate::store::StoreError::NoSuchHolder { .. } => Err(e),
                _ => Ok(()),
            })?;
        }
        let paths: Vec<PathBuf> = holder
            .map(|h| vec![PathBuf::from(format!("holders/{h}"))])
            .unwrap_or_default();
        let log = repo.log(&paths).map_err(git_failed)?;
        let undone: Vec<(String, String)> = log
            .iter()
            .flat_map(|c| {
                c.trailer(UNDOES_TRAILER)
                    .map(|u| (u.to_string(), c.short().to_string()))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut wanted: Vec<String> = entry
            .map(|e| vec![e.trim().to_ascii_lowercase()])
            .unwrap_or_default();
        let mut out = Vec::new();
        for c in &log {
            if entry.is_some() {
                let about = |key: &str, w: &[String]| {
                    c.trailer(key)
                        .any(|v| w.iter().any(|x| v.starts_with(x.as_str())))
                };
                let here = about(ENTRY_TRAILER, &wanted)
                    || about(BEFORE_TRAILER, &wanted)
                    || about(REVERSES_TRAILER, &wanted);
                if !here {
                    continue;
                }
                if about(ENTRY_TRAILER, &wanted) {
                    wanted.extend(c.trailer(BEFORE_TRAILER).map(str::to_string));
                }
            }
            out.push(Change {
                id: c.short().to_string(),
                when: c.when.clone(),
                who: c.author.clone(),
                what: c.subject.clone(),
                holder: c.trailer(HOLDER_TRAILER).next().map(str::to_string),
                undone_by: undone
                    .iter()
                    .find(|(u, _)| u == &c.hash)
                    .map(|(_, by)| by.clone()),
            });
        }
        Ok(out)
    }

    /// An entry's history for the app's entry view: empty when the workspace is not shared
    /// (or git cannot say).
    pub fn entry_history(&self, files: &HolderFiles, id: EntryId) -> Vec<Change> {
        if self.team.is_none() {
            return Vec::new();
        }
        self.history(Some(&files.id), Some(&id.full()))
            .unwrap_or_default()
    }

    /// Take back a change as a new change: the person's own last one, or the one whose
    /// history ID is `which`. Refused, with nothing written, when a later change touched the
    /// same entries (or plan keys), or when the change added a person.
    pub fn undo_change(&self, which: Option<&str>) -> Result<Undone> {
        let repo = self.team.as_ref().ok_or_else(|| not_shared(&self.ws))?;
        let author = commit_author(&self.settings);
        let log = repo.log(&[]).map_err(git_failed)?;
        let undone: Vec<&str> = log.iter().flat_map(|c| c.trailer(UNDOES_TRAILER)).collect();
        let target = match which {
            Some(given) => {
                let given = given.trim().to_ascii_lowercase();
                let found: Vec<_> = log
                    .iter()
                    .filter(|c| given.len() >= 4 && c.hash.starts_with(&given))
                    .collect();
                match found.as_slice() {
                    [one] => *one,
                    [] => {
                        return Err(AppError::Refused(format!(
                            "no change in the history has the ID {given}; careledger history lists them"
                        )));
                    }
                    _ => {
                        return Err(AppError::Refused(format!(
                            "the ID {given} fits more than one change; give more of it"
                        )));
                    }
                }
            }
            None => {
                let me = repo.who(&author).map_err(git_failed)?;
                log.iter()
                    .find(|c| {
                        c.author == me
                            && c.parents == 1
                            && c.trailer(HOLDER_TRAILER).next().is_some()
                            && c.trailer(UNDOES_TRAILER).next().is_none()
                            && !undone.contains(&c.hash.as_str())
                    })
                    .ok_or_else(|| {
                        AppError::Refused(format!(
                            "{me} has made no change here that can be undone; careledger history lists every change"
                        ))
                    })?
            }
        };
        let short = target.short().to_string();
        if undone.contains(&target.hash.as_str()) {
            return Err(AppError::Refused(format!(
                "change {short} (\"{}\") was already undone",
                target.subject
            )));
        }
        let Some(holder) = target.trailer(HOLDER_TRAILER).next().map(str::to_string) else {
            return Err(AppError::Refused(format!(
                "change {short} (\"{}\") was not made by careledger (it is a sync's merge or hand edits), so careledger cannot take it back; change the files by hand instead",
                target.subject
            )));
        };
        let files = repo.files_of(&target.hash).map_err(git_failed)?;
        let [file] = files.as_slice() else {
            return Err(AppError::Refused(format!(
                "change {short} (\"{}\") added a person or changed several files, which undo does not take back",
                target.subject
            )));
        };
        let path = self.ws.root().join(file);
        let before = repo
            .show(&format!("{}^", target.hash), file)
            .map_err(git_failed)?;
        let after = repo.show(&target.hash, file).map_err(git_failed)?;
        let (Some(before), Some(after)) = (before, after) else {
            return Err(AppError::Refused(format!(
                "change {short} (\"{}\") added or removed {}, which undo does not take back",
                target.subject,
                file.display()
            )));
        };
        let what = target
            .subject
            .split_once(": ")
            .map_or(target.subject.as_str(), |(_, w)| w)
            .to_string();
        let later = |m: &merge::Merged| -> Result<()> {
            if m.clashes > 0 {
                Err(AppError::Refused(format!(
                    "change {short} (\"{what}\") cannot be undone: a later change touched the same {} in {}. Nothing was written; change it by hand (careledger edit or reverse), or undo the later change first",
                    if file.ends_with(PLAN_FILE) {
                        "part of the plan"
                    } else {
                        "entry"
                    },
                    file.display()
                )))
            } else {
                Ok(())
            }
        };
        let name = self
            .ws
            .load_holder(&holder)
            .map(|f| f.plan.plan.holder.name)
            .unwrap_or_else(|_| holder.clone());
        let note = Note {
            subject: format!("{name}: undid \"{what}\""),
            trailers: vec![
                (HOLDER_TRAILER, holder.clone()),
                (UNDOES_TRAILER, target.hash.clone()),
            ],
        };
        // git's own words for a revert, before the trailers (which must come last).
        let message = note.message().replacen(
            "\n\n",
            &format!("\n\nThis reverts commit {}.\n\n", target.hash),
            1,
        );
        let commit = |paths: &[PathBuf]| -> Option<String> {
            match repo.commit(&author, paths, &message) {
                Ok(c) => c.map(|h| h.chars().take(8).collect()),
                Err(e) => {
                    self.note(format!(
                        "the undo is saved, but it could not be added to the shared history ({e}); the next careledger sync adds it"
                    ));
                    None
                }
            }
        };
        let mut by = None;
        if file.ends_with(JOURNAL_FILE) {
            self.ws.change_journal_then(
                &holder,
                &self.who,
                |journals| {
                    let m = merge::journal(&after, journals[0].text(), &before)
                        .map_err(AppError::Refused)?;
                    later(&m)?;
                    if m.text == journals[0].text() {
                        return Err(AppError::Refused(format!(
                            "change {short} (\"{what}\") is already not in {}; nothing was written",
                            file.display()
                        )));
                    }
                    Ok::<_, AppError>((Some(m.text), ()))
                },
                |_, w| by = commit(&w.paths[..1]),
            )?;
        } else if file.ends_with(PLAN_FILE) {
            let (now, fingerprint) = read_text(&path)?;
            let m = merge::plan(&after, &now, &before).map_err(AppError::Refused)?;
            later(&m)?;
            crate::core::plan::parse(&m.text).map_err(|e| {
                AppError::Refused(format!(
                    "undoing change {short} would leave the plan invalid ({}); nothing was written",
                    e.first().message
                ))
            })?;
            self.ws
                .replace_file_then(&holder, &path, &m.text, &fingerprint, &self.who, || {
                    by = commit(std::slice::from_ref(&path))
                })?;
        } else {
            return Err(AppError::Refused(format!(
                "change {short} changed {}, which is not a journal or a plan; undo takes back only those",
                file.display()
            )));
        }
        Ok(Undone {
            id: short,
            what,
            file: file.clone(),
            by,
        })
    }
}

/// A remote as git is to be told it: a folder on this computer (a bare repository on a
/// shared drive) by its full path, as git runs in the workspace, not where the command was
/// typed; anything else (ssh, https) as given.
fn remote_word(remote: &str) -> String {
    let p = Path::new(remote);
    if !remote.contains("://")
        && p.exists()
        && let Ok(full) = p.canonicalize()
    {
        return full.display().to_string();
    }
    remote.to_string()
}

/// How many commits `range` names (0 when git cannot say).
fn count(repo: &Repo, range: &str) -> usize {
    repo.git(
        &Author::default(),
        &["rev-list", "--count", "--no-merges", range],
    )
    .ok()
    .and_then(|s| s.trim().parse().ok())
    .unwrap_or(0)
}

fn plural_changes(n: usize) -> String {
    crate::core::words::plural(n as i64, "change")
}

/// "£12.34 to Corner Shop" for money out, "£12.34 from ..." for money in.
pub fn amount_words(amount: Money, payee: &str) -> String {
    if amount.is_negative() {
        format!("{} to {payee}", amount.abs())
    } else {
        format!("{amount} from {payee}")
    }
}

/// The note for an entry just appended (the last in the main journal).
pub(crate) fn appended(verb: &str, written: &Written) -> Note {
    let j = &written.journals[0];
    let Some(index) = j.transactions().len().checked_sub(1) else {
        return Note {
            subject: verb.to_string(),
            trailers: Vec::new(),
        };
    };
    let tx = &j.transactions()[index];
    let id = EntryIds::of(&written.journals).id(Place { journal: 0, index });
    Note {
        subject: format!("{verb} {}", amount_words(entry_amount(j, tx), j.payee(tx))),
        trailers: vec![(ENTRY_TRAILER, id.full())],
    }
}
