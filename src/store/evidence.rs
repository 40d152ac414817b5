//! Evidence files: copies of receipts, invoices, payslips and statements kept in the
//! holder's folder, `holders/<id>/evidence/<year>/<name>`, each linked from its entry by an
//! `evidence: <year>/<name>` tag. A copy is a new file, never one written over: a name
//! already taken gets `-2`, `-3`, ... before its extension. Folders are made owner-only
//! (0700) and files owner-readable only (0600). Nothing here ever deletes a file a person
//! attached; the one removal is of a copy just made, when the entry it was for could not be
//! written.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Component, Path, PathBuf};

use super::{Result, StoreError, Workspace, create_dir_private};

/// The folder in a holder's folder that holds their evidence files.
pub const EVIDENCE_DIR: &str = "evidence";

impl Workspace {
    /// `holders/<id>/evidence`.
    pub fn evidence_dir(&self, id: &str) -> PathBuf {
        self.holder_dir(id).join(EVIDENCE_DIR)
    }

    /// Where an `evidence:` tag's value points, if it is a plain relative path inside the
    /// evidence folder (no `..`, not absolute); `None` for anything else.
    pub fn evidence_path(&self, id: &str, rel: &str) -> Option<PathBuf> {
        let p = Path::new(rel);
        let plain = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
        plain.then(|| self.evidence_dir(id).join(p))
    }

    /// Copy `bytes` in as a new file `evidence/<folder>/<stem>.<ext>` (or `<stem>-2.<ext>`
    /// and so on, when the name is taken), owner-only. Returns the path relative to the
    /// evidence folder, as the tag names it.
    pub fn add_evidence(
        &self,
        id: &str,
        folder: &str,
        stem: &str,
        ext: &str,
        bytes: &[u8],
    ) -> Result<String> {
        let dir = self.evidence_dir(id).join(folder);
        create_dir_private(&dir)?;
        let dot = if ext.is_empty() { "" } else { "." };
        for n in 1..10_000u32 {
            let name = if n == 1 {
                format!("{stem}{dot}{ext}")
            } else {
                format!("{stem}-{n}{dot}{ext}")
            };
            let path = dir.join(&name);
            let mut file = match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(f) => f,
                Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(StoreError::io(&path, e)),
            };
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            if let Err(e) = written {
                let _ = fs::remove_file(&path);
                return Err(StoreError::io(&path, e));
            }
            if let Ok(d) = fs::File::open(&dir) {
                let _ = d.sync_all();
            }
            return Ok(format!("{folder}/{name}"));
        }
        Err(StoreError::Invalid {
            path: dir,
            message: format!("has too many files named {stem}; rename some of them"),
        })
    }

    /// Take away a copy [`Workspace::add_evidence`] has just made, when the entry it was for
    /// could not be changed (so nothing of the attempt is left).
    pub fn undo_new_evidence(&self, id: &str, rel: &str) {
        if let Some(p) = self.evidence_path(id, rel) {
            let _ = fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn copies_are_new_files_owner_only_and_never_replace_one() {
        let tmp = tempfile::tempdir().unwrap();
        let ws = Workspace::at(tmp.path());
        let a = ws
            .add_evidence("ann", "2026-27", "2026-10-13-boots", "pdf", b"one")
            .unwrap();
        let b = ws
            .add_evidence("ann", "2026-27", "2026-10-13-boots", "pdf", b"two")
            .unwrap();
        assert_eq!(a, "2026-27/2026-10-13-boots.pdf");
        assert_eq!(b, "2026-27/2026-10-13-boots-2.pdf");
        let pa = ws.evidence_path("ann", &a).unwrap();
        assert_eq!(fs::read(&pa).unwrap(), b"one");
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&pa), 0o600);
        assert_eq!(mode(pa.parent().unwrap()), 0o700);
        assert_eq!(mode(&ws.evidence_dir("ann")), 0o700);
        assert!(ws.evidence_path("ann", "../plan.toml").is_none());
        assert!(ws.evidence_path("ann", "/etc/passwd").is_none());
        ws.undo_new_evidence("ann", &b);
        assert!(!ws.evidence_path("ann", &b).unwrap().exists());
    }
}
