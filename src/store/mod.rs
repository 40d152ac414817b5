//! The workspace on disk. This module owns every file careledger reads or writes:
//!
//! ```text
//! workspace/
//!   careledger.toml           settings (optional)
//!   holders/<id>/plan.toml    the plan
//!   holders/<id>/ledger.journal
//!   holders/<id>/evidence/<year>/...   copies of receipts and statements (evidence.rs)
//! ```
//!
//! Its promises: a write never leaves a half-written file (temp file, fsync, rename, fsync
//! the folder); a file changed on disk since it was read is never overwritten, even by
//! another program in the last moment before the rename (`write.rs`); one writer per holder
//! at a time; new files are readable by their owner only, and a replaced file keeps its
//! mode and owner; a read-only file is left alone; nothing is written that careledger would
//! refuse to read back; a new holder appears whole or not at all.

mod data_files;
mod evidence;
mod files;
pub mod git;
mod lock;
mod named_file;
mod write;
mod years;

pub use evidence::EVIDENCE_DIR;
pub use files::{Fingerprint, MAX_FILE_BYTES, create_dir_private, read_text, read_text_max};
pub use lock::HolderLock;
pub use named_file::{NamedFileError, read_named_file};
pub use write::{write_atomic, write_atomic_max};
pub use years::{PastYear, YearChange, year_label};

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::core::journal::{Journal, NewTransaction, check_assertions};
use crate::core::plan::{self, LoadedPlan, PlanIssue};
use crate::core::settings::Settings;

pub const PLAN_FILE: &str = "plan.toml";
pub const JOURNAL_FILE: &str = "ledger.journal";
pub const SETTINGS_FILE: &str = "careledger.toml";
/// How long a writer waits for another careledger to finish with the same holder.
pub const LOCK_WAIT: Duration = Duration::from_secs(10);
/// `include` may nest this deep and no deeper (a loop would otherwise never end).
const MAX_INCLUDE_DEPTH: usize = 8;
/// A plan is a page or two of TOML; anything near this size is not a plan.
pub const MAX_PLAN_BYTES: u64 = 1024 * 1024;

/// Everything that can go wrong with the files, each naming the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", .path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: the file changed on disk since careledger read it; nothing was written. Reload and make the change again", .path.display())]
    Changed { path: PathBuf },
    /// Another program changed the file between careledger's last look and its rename: its
    /// version was put back (or, if it could not be, kept at `aside`).
    #[error("{}: another program changed the file while careledger was saving it, so careledger kept that program's version and did not save its own change{}. Look at the file, then make the change again", .path.display(), match .aside { Some(a) => format!("; a version written at the same moment could not be put back and is kept as {}: compare it with the file and copy over anything missing", a.display()), None => String::new() })]
    ChangedWhileSaving {
        path: PathBuf,
        aside: Option<PathBuf>,
    },
    #[error("{} is read-only (mode {mode:04o}), so careledger left it as it is; nothing was written. To let careledger change it: chmod u+w {}", .path.display(), .path.display())]
    ReadOnly { path: PathBuf, mode: u32 },
    #[error("{} belongs to another user (user {uid}, group {gid}) and careledger, running as user {}, cannot give the new version that owner; nothing was written. Run careledger as that user", .path.display(), current_user())]
    NotOwner { path: PathBuf, uid: u32, gid: u32 },
    #[error("{}: {holder}'s records are being changed by {by}; try again when they have finished", .path.display())]
    Locked {
        path: PathBuf,
        holder: String,
        by: String,
    },
    #[error("no budget holder \"{id}\" in {}; holders: {}", .root.display(), if .known.is_empty() { "none yet (careledger holder new ID --name NAME)".to_string() } else { .known.join(", ") })]
    NoSuchHolder {
        root: PathBuf,
        id: String,
        known: Vec<String>,
    },
    #[error("{}: is a symbolic link; careledger reads and writes only ordinary files in the workspace", .path.display())]
    Symlink { path: PathBuf },
    #[error("{}: is {size} bytes, more than careledger will read in one file ({limit} bytes); check it is the right file (a journal can be split into several with include)", .path.display())]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}: the change would make the file {size} bytes, more than careledger reads in one file ({limit} bytes); nothing was written. Keep older records in a journal of their own (move them to, say, 2025.journal and add the line: include 2025.journal)", .path.display())]
    WouldBeTooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error("{}:{line}: {message}", .path.display())]
    Include {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{}: {message}", .path.display())]
    Invalid { path: PathBuf, message: String },
}

impl StoreError {
    pub fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

fn current_user() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

#[derive(Debug, Clone)]
pub struct Workspace {
    root: PathBuf,
}

/// A holder's journals just after [`Workspace::change_journal`]: what is on disk now.
#[derive(Debug, Clone)]
pub struct Written {
    /// The main journal first (read from the text written), then any it includes.
    pub journals: Vec<Journal>,
    pub paths: Vec<PathBuf>,
    /// The main journal's fingerprint now.
    pub fingerprint: Fingerprint,
    /// Whether anything was written (false: the change found nothing to do).
    pub wrote: bool,
}

/// One holder's files, read and checked.
#[derive(Debug, Clone)]
pub struct HolderFiles {
    pub id: String,
    pub dir: PathBuf,
    pub plan: LoadedPlan,
    pub plan_fingerprint: Fingerprint,
    /// The main journal first, then any it includes.
    pub journals: Vec<Journal>,
    /// Where each of `journals` was read from.
    pub journal_paths: Vec<PathBuf>,
    pub journal_fingerprint: Fingerprint,
    /// The plans of the years that have ended (`years/<label>/plan.toml`), earliest first.
    pub past: Vec<PastYear>,
    /// Every plan year's period, earliest first, the current one included.
    pub years: Vec<plan::Period>,
    /// The label of the ended year `plan` is, when these files show one (`for_year`).
    pub viewing: Option<String>,
    /// The current year's plan, kept while `plan` is an ended year's.
    pub current: Option<Box<(LoadedPlan, Fingerprint)>>,
}

impl HolderFiles {
    pub fn journal_path(&self) -> PathBuf {
        self.dir.join(JOURNAL_FILE)
    }
    /// The file `plan` was read from: plan.toml, or an ended year's kept plan.
    pub fn plan_path(&self) -> PathBuf {
        match &self.viewing {
            Some(label) => self
                .dir
                .join(crate::core::plan_year::YEARS_DIR)
                .join(label)
                .join(PLAN_FILE),
            None => self.dir.join(PLAN_FILE),
        }
    }
    pub fn journal(&self) -> &Journal {
        &self.journals[0]
    }
    /// These files with the plan a change just wrote (`fingerprint` is the file's now).
    pub fn with_plan(&self, plan: LoadedPlan, fingerprint: Fingerprint) -> HolderFiles {
        HolderFiles {
            plan,
            plan_fingerprint: fingerprint,
            ..self.clone()
        }
    }
    /// These files with the journals a change just wrote in place of those read before.
    pub fn with_journals(&self, written: Written) -> HolderFiles {
        HolderFiles {
            journals: written.journals,
            journal_paths: written.paths,
            journal_fingerprint: written.fingerprint,
            ..self.clone()
        }
    }
}

impl Workspace {
    pub fn at(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: root.into() }
    }

    /// The workspace folder when none is given: `CARELEDGER_DATA`, else the platform's data folder.
    pub fn default_root() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("CARELEDGER_DATA").filter(|d| !d.is_empty()) {
            return Some(PathBuf::from(dir));
        }
        directories::ProjectDirs::from("", "", "careledger").map(|p| p.data_dir().to_path_buf())
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn holders_dir(&self) -> PathBuf {
        self.root.join("holders")
    }
    pub fn holder_dir(&self, id: &str) -> PathBuf {
        self.holders_dir().join(id)
    }

    /// Create the workspace folders (owner-only) if they are not there yet.
    pub fn init(&self) -> Result<()> {
        files::create_dir_private(&self.holders_dir())
    }

    pub fn exists(&self) -> bool {
        self.holders_dir().is_dir()
    }

    /// The workspace's folders and data files that other users of this computer can read
    /// or change (any group or other permission bit), in a fixed order. Looks only at what
    /// careledger keeps: the workspace and holder folders, settings, plans and journals.
    pub fn exposed(&self) -> Vec<PathBuf> {
        // A link's own mode means nothing (and careledger refuses links anyway).
        let open_to_others = |p: &Path| {
            fs::symlink_metadata(p)
                .is_ok_and(|m| !m.file_type().is_symlink() && m.permissions().mode() & 0o077 != 0)
        };
        let mut candidates = vec![
            self.root.clone(),
            self.holders_dir(),
            self.root.join(SETTINGS_FILE),
        ];
        for id in self.holder_ids().unwrap_or_default() {
            let dir = self.holder_dir(&id);
            candidates.push(dir.join(PLAN_FILE));
            candidates.push(dir.join(JOURNAL_FILE));
            candidates.push(dir);
        }
        candidates.retain(|p| open_to_others(p));
        candidates
    }

    /// One line for stderr when others can read the workspace, saying how to fix it.
    ///
    /// The fix it gives changes careledger's own files and nothing else. A workspace folder
    /// that holds other things (`--data /`, a home folder) is not careledger's to change, so
    /// then only `holders/` and the settings file are named, and the folder's own permissions
    /// are left alone: others listing it see only those two names, not the records.
    pub fn exposure_warning(&self) -> Option<String> {
        let own_root = self.root_is_only_careledgers();
        let mut exposed = self.exposed();
        if !own_root {
            exposed.retain(|p| p != &self.root);
        }
        let first = exposed.first()?;
        let more = match exposed.len() - 1 {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let fix = if own_root {
            format!("chmod -R go-rwx {}", shell_word(&self.root))
        } else {
            let mut own = vec![self.holders_dir()];
            let settings = self.root.join(SETTINGS_FILE);
            if fs::symlink_metadata(&settings).is_ok() {
                own.push(settings);
            }
            let own: Vec<String> = own.iter().map(|p| shell_word(p)).collect();
            format!(
                "chmod -R go-rwx {} (careledger's own files only: {} holds other things too)",
                own.join(" "),
                self.root.display()
            )
        };
        Some(format!(
            "warning: other people who use this computer can read {}{more}; \
             to keep these records private run: {fix}",
            first.display(),
        ))
    }

    /// Whether the workspace folder holds nothing but what careledger keeps there (so that
    /// changing the whole folder changes nothing else). The file system's root and the home
    /// folder never count as careledger's, whatever they hold.
    fn root_is_only_careledgers(&self) -> bool {
        let canonical = |p: &Path| fs::canonicalize(p).ok();
        let Some(root) = canonical(&self.root) else {
            return false;
        };
        let home = directories::BaseDirs::new().and_then(|b| canonical(b.home_dir()));
        if root.parent().is_none() || home.as_ref() == Some(&root) {
            return false;
        }
        let Ok(entries) = fs::read_dir(&root) else {
            return false;
        };
        entries.filter_map(|e| e.ok()).all(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name == "holders"
                || name == SETTINGS_FILE
                // A shared workspace's repository (see `git.rs`).
                || name == ".git"
                || name == ".gitattributes"
                || name == ".gitignore"
                // What an interrupted write of the settings left behind (see `write_atomic`).
                || (name.starts_with(".careledger-") && name.ends_with(".tmp"))
        })
    }

    pub fn settings(&self) -> Result<Settings> {
        let path = self.root.join(SETTINGS_FILE);
        if !path.exists() {
            return Ok(Settings::default());
        }
        let (text, _) = read_text(&path)?;
        Settings::default()
            .with(&text)
            .map_err(|e| StoreError::Parse {
                path,
                line: e.line,
                column: e.column,
                message: e.message,
            })
    }

    /// Holder ids, sorted: every folder under `holders/` with a plan in it.
    pub fn holder_ids(&self) -> Result<Vec<String>> {
        let dir = self.holders_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io(&dir, e)),
        };
        let mut ids = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| StoreError::io(&dir, e))?;
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !name.starts_with('.') && entry.path().join(PLAN_FILE).exists() {
                ids.push(name.to_string());
            }
        }
        ids.sort();
        Ok(ids)
    }

    /// Whether the workspace holds more than one person's records. Stops looking at the
    /// second, so it costs the same with 2 people as with 2,000.
    pub fn has_several_holders(&self) -> bool {
        let Ok(entries) = fs::read_dir(self.holders_dir()) else {
            return false;
        };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| {
                let name = e.file_name();
                name.to_str().is_some_and(|n| !n.starts_with('.'))
                    && e.path().join(PLAN_FILE).exists()
            })
            .nth(1)
            .is_some()
    }

    /// Read one holder's plan and journal (with its includes), refusing anything unreadable.
    pub fn load_holder(&self, id: &str) -> Result<HolderFiles> {
        self.load_holder_with(id, |_| ()).map(|(files, ())| files)
    }

    /// [`Workspace::load_holder`], and `work` done on the files while their balance
    /// assertions are checked: on a large journal the check and working out the position
    /// take about as long as each other, so on two cores the second costs nothing. If a
    /// check fails, `work`'s answer is dropped and the failure returned, as `load_holder`
    /// would.
    pub fn load_holder_with<T: Send>(
        &self,
        id: &str,
        work: impl FnOnce(&HolderFiles) -> T + Send,
    ) -> Result<(HolderFiles, T)> {
        let dir = self.holder_dir(id);
        if !valid_holder_id(id) || !dir.join(PLAN_FILE).exists() {
            return Err(StoreError::NoSuchHolder {
                root: self.root.clone(),
                id: id.to_string(),
                known: self.holder_ids()?,
            });
        }
        let plan_path = dir.join(PLAN_FILE);
        let (plan_text, plan_fingerprint) = read_text_max(&plan_path, MAX_PLAN_BYTES)?;
        let plan = plan::parse(&plan_text).map_err(|e| located(&plan_path, e.first()))?;
        let (journals, journal_paths, journal_fingerprint) = read_journals(&dir)?;
        let past = years::read_past_years(&dir)?;
        let mut periods: Vec<plan::Period> = past.iter().map(|y| y.plan.plan.period).collect();
        periods.push(plan.plan.period);
        periods.sort_by_key(|p| p.start);
        let files = HolderFiles {
            id: id.to_string(),
            dir,
            plan,
            plan_fingerprint,
            journals,
            journal_paths,
            journal_fingerprint,
            past,
            years: periods,
            viewing: None,
            current: None,
        };
        let entries: usize = files.journals.iter().map(|j| j.transactions().len()).sum();
        let (failure, out) = if entries < CHECK_ALONGSIDE_FROM {
            (
                assertion_failure(&files.journals, &files.journal_paths),
                work(&files),
            )
        } else {
            std::thread::scope(|s| {
                let check = s.spawn(|| assertion_failure(&files.journals, &files.journal_paths));
                let out = work(&files);
                (check.join().expect("the balance check does not panic"), out)
            })
        };
        match failure {
            Some(e) => Err(e),
            None => Ok((files, out)),
        }
    }

    /// Add a transaction to a holder's journal, safely: with the holder locked, the journal is
    /// read afresh, checked, appended to and replaced in one atomic step.
    pub fn append_transaction(&self, id: &str, tx: &NewTransaction, who: &str) -> Result<()> {
        let dir = self.holder_dir(id);
        let _lock = HolderLock::acquire(&dir, id, who, LOCK_WAIT)?;
        let (mut journals, paths, fp) = load_journals(&dir)?;
        let text = journals[0].with_appended(tx);
        write::fits(&paths[0], text.len(), MAX_FILE_BYTES)?;
        check_replacement(&mut journals, &paths, &text)?;
        write_atomic(&paths[0], text.as_bytes(), &fp)?;
        Ok(())
    }

    /// Replace the holder's main journal with `text`, a change made to the version read
    /// earlier (`expected` its fingerprint then). Under the holder's lock the new text must
    /// read back and keep every balance assertion; a journal changed on disk since is never
    /// overwritten.
    pub fn update_journal(
        &self,
        id: &str,
        text: &str,
        expected: &Fingerprint,
        who: &str,
    ) -> Result<Fingerprint> {
        let dir = self.holder_dir(id);
        let _lock = HolderLock::acquire(&dir, id, who, LOCK_WAIT)?;
        let (mut journals, paths, _) = load_journals(&dir)?;
        write::fits(&paths[0], text.len(), MAX_FILE_BYTES)?;
        check_replacement(&mut journals, &paths, text)?;
        write_atomic(&paths[0], text.as_bytes(), expected)
    }

    /// Change a holder's main journal in one safe step. With the holder locked, the journals
    /// are read afresh and `change` works out from them the journal's new text (or `None`:
    /// nothing to write) and anything the caller wants back. The new text must read back and
    /// keep every balance assertion true, or nothing is written; it then replaces the file
    /// atomically. Working from the fresh read means a change decided on (such as which
    /// statement rows are new, or which entry an ID names) cannot be overtaken by another
    /// writer.
    ///
    /// Also returns the journals as they now are ([`Written`]): the main one read from the
    /// text just written, so the caller need not read the file back.
    pub fn change_journal<T, E: From<StoreError>>(
        &self,
        id: &str,
        who: &str,
        change: impl FnOnce(&[Journal]) -> Result<(Option<String>, T), E>,
    ) -> Result<(T, Written), E> {
        self.change_journal_then(id, who, change, |_, _| ())
    }

    /// [`Workspace::change_journal`], and `then` done once the new text is written, still
    /// holding the lock (a shared workspace commits the change there, so that no other
    /// writer's change can slip into it). `then` is not called when nothing was written.
    pub fn change_journal_then<T, E: From<StoreError>>(
        &self,
        id: &str,
        who: &str,
        change: impl FnOnce(&[Journal]) -> Result<(Option<String>, T), E>,
        then: impl FnOnce(&T, &Written),
    ) -> Result<(T, Written), E> {
        let dir = self.holder_dir(id);
        let _lock = HolderLock::acquire(&dir, id, who, LOCK_WAIT)?;
        let (mut journals, paths, fp) = load_journals(&dir)?;
        let (text, out) = change(&journals)?;
        let Some(text) = text else {
            return Ok((
                out,
                Written {
                    journals,
                    paths,
                    fingerprint: fp,
                    wrote: false,
                },
            ));
        };
        // Checked before the new text is read back: a journal too large to read is refused
        // at once, with the reason.
        write::fits(&paths[0], text.len(), MAX_FILE_BYTES)?;
        check_replacement(&mut journals, &paths, &text)?;
        let fingerprint = write_atomic(&paths[0], text.as_bytes(), &fp)?;
        let written = Written {
            journals,
            paths,
            fingerprint,
            wrote: true,
        };
        then(&out, &written);
        Ok((out, written))
    }

    /// Replace a file that was read earlier (with `expected` its fingerprint then), holding
    /// the holder's lock. Refuses if the file has changed since, or if the new text is more
    /// than careledger reads in such a file (a plan has a smaller limit than a journal).
    pub fn replace_file(
        &self,
        id: &str,
        path: &Path,
        contents: &str,
        expected: &Fingerprint,
        who: &str,
    ) -> Result<Fingerprint> {
        self.replace_file_then(id, path, contents, expected, who, || ())
    }

    /// [`Workspace::replace_file`], and `then` done once the file is written, still holding
    /// the lock.
    pub fn replace_file_then(
        &self,
        id: &str,
        path: &Path,
        contents: &str,
        expected: &Fingerprint,
        who: &str,
        then: impl FnOnce(),
    ) -> Result<Fingerprint> {
        let _lock = HolderLock::acquire(&self.holder_dir(id), id, who, LOCK_WAIT)?;
        let limit = if path.file_name() == Some(PLAN_FILE.as_ref()) {
            MAX_PLAN_BYTES
        } else {
            MAX_FILE_BYTES
        };
        let fingerprint = write_atomic_max(path, contents.as_bytes(), expected, limit)?;
        then();
        Ok(fingerprint)
    }

    /// Take the lock of every holder there is, for a change made to the whole workspace at
    /// once (a sync merging other people's changes in).
    pub fn lock_everyone(&self, who: &str) -> Result<Vec<HolderLock>> {
        self.holder_ids()?
            .iter()
            .map(|id| HolderLock::acquire(&self.holder_dir(id), id, who, LOCK_WAIT))
            .collect()
    }

    /// Write a new holder's plan and journal, both or neither: they are written into a
    /// hidden folder beside the others (`holders/.careledger-new-*`, which no listing shows),
    /// which is then renamed to the holder's id in one step. Refuses if the holder already
    /// exists, or if its folder is there with files in it but no plan.
    pub fn create_holder(&self, id: &str, plan_text: &str, journal_text: &str) -> Result<()> {
        let dir = self.holder_dir(id);
        if !valid_holder_id(id) {
            return Err(StoreError::Invalid {
                path: dir,
                message: "a holder id is lower-case letters, digits and hyphens, e.g. ann-w".into(),
            });
        }
        let exists = || StoreError::Invalid {
            path: dir.clone(),
            message: format!("holder \"{id}\" already exists"),
        };
        if dir.join(PLAN_FILE).exists() {
            return Err(exists());
        }
        plan::parse(plan_text).map_err(|e| located(&dir.join(PLAN_FILE), e.first()))?;
        self.init()?;
        clear_empty_holder_dir(&dir)?;
        let holders = self.holders_dir();
        let staging = tempfile::Builder::new()
            .prefix(".careledger-new-")
            .permissions(fs::Permissions::from_mode(0o700))
            .tempdir_in(&holders)
            .map_err(|e| StoreError::io(&holders, e))?;
        // Written under the final names' limits, so that the holder reads back.
        write_atomic(
            &staging.path().join(JOURNAL_FILE),
            journal_text.as_bytes(),
            &Fingerprint::absent(),
        )?;
        write_atomic_max(
            &staging.path().join(PLAN_FILE),
            plan_text.as_bytes(),
            &Fingerprint::absent(),
            MAX_PLAN_BYTES,
        )?;
        match write::rename_noreplace(staging.path(), &dir) {
            Ok(()) => {
                // The folder is the holder's now; nothing is left to clear away.
                let _ = staging.keep();
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists()),
            Err(e) => return Err(StoreError::io(&dir, e)),
        }
        write::sync_dir(&holders)
    }
}

/// Make way for a new holder's folder: an empty one (or one holding only a lock file, left by
/// a writer) is removed; one with anything else in it is refused, as that is someone's.
fn clear_empty_holder_dir(dir: &Path) -> Result<()> {
    let meta = match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(StoreError::io(dir, e)),
        Ok(m) => m,
    };
    if !meta.is_dir() {
        return Err(StoreError::Invalid {
            path: dir.to_path_buf(),
            message: "is in the way of the new holder's folder and is not one; move it elsewhere and try again".into(),
        });
    }
    let mut others = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| StoreError::io(dir, e))? {
        let entry = entry.map_err(|e| StoreError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let leftover =
            name == ".lock" || name.starts_with(".careledger-") && name.ends_with(".tmp");
        if !(leftover && entry.file_type().is_ok_and(|t| t.is_file())) {
            others.push(name);
        }
    }
    if !others.is_empty() {
        others.sort();
        return Err(StoreError::Invalid {
            path: dir.to_path_buf(),
            message: format!(
                "the folder is there without a plan.toml but with files in it ({}); careledger will not mix a new person's plan with them. Move them elsewhere (or remove the folder), then try again",
                others.join(", ")
            ),
        });
    }
    for entry in fs::read_dir(dir)
        .map_err(|e| StoreError::io(dir, e))?
        .flatten()
    {
        let _ = fs::remove_file(entry.path());
    }
    match fs::remove_dir(dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::io(dir, e)),
        _ => Ok(()),
    }
}

pub fn valid_holder_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

fn located(path: &Path, issue: &PlanIssue) -> StoreError {
    StoreError::Parse {
        path: path.to_path_buf(),
        line: issue.line,
        column: issue.column,
        message: issue.message.clone(),
    }
}

/// A holder's journals (main first, then includes), where each came from, and the main
/// file's fingerprint. A missing main journal reads as empty. Balance assertions are checked.
/// From this many entries, balance assertions are checked on a thread of their own.
const CHECK_ALONGSIDE_FROM: usize = 10_000;

/// Read the holder's journals (main and included) and check their balance assertions.
fn load_journals(dir: &Path) -> Result<(Vec<Journal>, Vec<PathBuf>, Fingerprint)> {
    let (journals, paths, fp) = read_journals(dir)?;
    match assertion_failure(&journals, &paths) {
        Some(e) => Err(e),
        None => Ok((journals, paths, fp)),
    }
}

/// Read the holder's journals, main and included, without checking balance assertions.
fn read_journals(dir: &Path) -> Result<(Vec<Journal>, Vec<PathBuf>, Fingerprint)> {
    let journal_path = dir.join(JOURNAL_FILE);
    if fs::symlink_metadata(&journal_path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    {
        // Read as empty, a missing journal would show a budget with nothing spent and every
        // payment late. It is far more likely moved by a sync program than never made
        // (careledger makes one with every person), so say so and stop.
        return Err(StoreError::Invalid {
            path: journal_path,
            message: "the journal is missing from this person's folder. If a sync program moved or renamed it (look for a file such as \"ledger (conflicted copy).journal\" beside it), put it back; if this person has no records yet, create it with the one line: commodity £1,000.00".into(),
        });
    }
    let (text, fp) = read_text(&journal_path)?;
    let mut journals = Vec::new();
    let mut paths = Vec::new();
    // Canonical, like the included paths it is compared with (`--data` may be relative).
    let mut stack = vec![journal_path.canonicalize().unwrap_or(journal_path.clone())];
    load_journal(
        dir,
        &journal_path,
        text,
        &mut journals,
        &mut paths,
        &mut stack,
    )?;
    Ok((journals, paths, fp))
}

/// Put `text` in place of the main journal (in memory) and check that it reads back and
/// keeps every balance assertion true; the error says nothing was written.
fn check_replacement(journals: &mut [Journal], paths: &[PathBuf], text: &str) -> Result<()> {
    journals[0] = Journal::parse(text.to_string()).map_err(|e| StoreError::Invalid {
        path: paths[0].clone(),
        message: format!("the change would not read back ({e}); nothing was written"),
    })?;
    match assertion_failure(journals, paths) {
        None => Ok(()),
        Some(e) => Err(StoreError::Invalid {
            path: paths[0].clone(),
            message: format!(
                "this would break a balance that was checked against the bank ({e}); \
                 nothing was written. Check the dates and amounts."
            ),
        }),
    }
}

/// Read many people at once, on up to 8 threads: `f` for each id, in the order given.
/// One person's unreadable files are `f`'s to report; they never stop the others.
pub fn for_each_parallel<T: Send>(ids: &[String], f: impl Fn(&str) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let chunk = ids.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = ids
            .chunks(chunk)
            .map(|ids| s.spawn(move || ids.iter().map(|id| f(id)).collect::<Vec<T>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The first failing balance assertion, located in the file it is written in.
fn assertion_failure(journals: &[Journal], paths: &[PathBuf]) -> Option<StoreError> {
    let (ji, e) = check_assertions(journals).into_iter().next()?;
    Some(StoreError::Parse {
        path: paths[ji].clone(),
        line: e.line,
        column: e.column,
        message: format!(
            "{}; correct the amount, or add the missing payment before this line",
            e.message
        ),
    })
}

fn load_journal(
    dir: &Path,
    path: &Path,
    text: String,
    out: &mut Vec<Journal>,
    paths: &mut Vec<PathBuf>,
    stack: &mut Vec<PathBuf>,
) -> Result<()> {
    let journal = Journal::parse(text).map_err(|e| StoreError::Parse {
        path: path.to_path_buf(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let includes: Vec<(String, u32)> = journal
        .includes()
        .map(|(p, l)| (p.to_string(), l))
        .collect();
    out.push(journal);
    paths.push(path.to_path_buf());
    for (target, line) in includes {
        let bad = |message: String| StoreError::Include {
            path: path.to_path_buf(),
            line: line as usize,
            message,
        };
        if target.contains(['*', '?', '[']) || target.contains(':') && !target.starts_with('/') {
            return Err(bad(format!(
                "careledger does not follow \"include {target}\"; name one file in the holder's folder"
            )));
        }
        let base = path.parent().unwrap_or(dir);
        let full = base.join(&target);
        let canonical_dir = dir.canonicalize().map_err(|e| StoreError::io(dir, e))?;
        let canonical = full
            .canonicalize()
            .map_err(|e| bad(format!("cannot read included file {target}: {e}")))?;
        if !canonical.starts_with(&canonical_dir) {
            return Err(bad(format!(
                "the included file {target} is outside the holder's folder; careledger reads only files inside it"
            )));
        }
        if stack.contains(&canonical) {
            return Err(bad(format!(
                "\"include {target}\" leads back to a file already being read (an include loop)"
            )));
        }
        if stack.len() > MAX_INCLUDE_DEPTH {
            return Err(bad(format!(
                "\"include {target}\" goes more than {MAX_INCLUDE_DEPTH} files deep; \
                 include the files from ledger.journal directly"
            )));
        }
        let (text, _) = read_text(&canonical).map_err(|e| bad(e.to_string()))?;
        stack.push(canonical.clone());
        load_journal(dir, &canonical, text, out, paths, stack)?;
        stack.pop();
    }
    Ok(())
}

/// A path as one word a shell reads back as the same path: in single quotes unless it needs none.
fn shell_word(p: &Path) -> String {
    let text = p.display().to_string();
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c));
    if plain {
        text
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}
