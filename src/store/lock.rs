//! One writer per holder. The lock is an advisory OS lock on `holders/<id>/.lock`, so it is
//! released when the process ends however it ends; the file says who holds it, so a second
//! writer can be told who is busy.
//!
//! careledger writes its note into the lock file (and empties it when done), so the file is
//! opened with care: never through a symbolic link, and only if it is an ordinary file with
//! no other name (not a hard link to someone's journal) holding no more than a note. Anything
//! else is refused, untouched.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use super::{Result, StoreError};

/// A lock note is one short line ("who (process N)"); a lock file holding more than this
/// is something else under the lock's name.
const MAX_NOTE_BYTES: u64 = 4096;

pub struct HolderLock {
    file: File,
}

impl HolderLock {
    /// Take the holder's lock, waiting up to `wait` for another writer to finish.
    pub fn acquire(dir: &Path, holder: &str, who: &str, wait: Duration) -> Result<HolderLock> {
        let path = dir.join(".lock");
        let mut file = open_lock_file(&path)?;
        let deadline = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(15));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let mut by = String::new();
                    let _ = file.read_to_string(&mut by);
                    let by = by.trim();
                    return Err(StoreError::Locked {
                        path,
                        holder: holder.to_string(),
                        by: if by.is_empty() {
                            "another careledger".to_string()
                        } else {
                            by.to_string()
                        },
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(&path, e)),
            }
        }
        let note = format!("{who} (process {})", std::process::id());
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| file.write_all(note.as_bytes()));
        remove_leftovers(dir);
        Ok(HolderLock { file })
    }
}

/// Open (or create, owner-only) the lock file, refusing anything that is not careledger's.
fn open_lock_file(path: &Path) -> Result<File> {
    let shown = path.display();
    let not_a_lock = |what: String, fix: String| StoreError::Invalid {
        path: path.to_path_buf(),
        message: format!(
            "{what}, so it is not careledger's lock file; careledger left it as it is and \
             wrote nothing. {fix}, then try again"
        ),
    };
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| match e.raw_os_error() {
            Some(libc::ELOOP) => not_a_lock(
                "is a symbolic link".into(),
                format!("Remove the link (rm {shown}; what it points to stays)"),
            ),
            _ => StoreError::io(path, e),
        })?;
    let meta = file.metadata().map_err(|e| StoreError::io(path, e))?;
    let move_it = || format!("Move it elsewhere (it may be someone's file: mv {shown} ...)");
    if !meta.is_file() {
        return Err(not_a_lock("is not an ordinary file".into(), move_it()));
    }
    if meta.nlink() != 1 {
        return Err(not_a_lock(
            format!("has {} names (a hard link to another file)", meta.nlink()),
            format!("Remove this name (rm {shown}; the file stays under its other name)"),
        ));
    }
    if meta.len() > MAX_NOTE_BYTES {
        return Err(not_a_lock(
            format!(
                "holds {} bytes, far more than careledger's note of who is writing",
                meta.len()
            ),
            move_it(),
        ));
    }
    Ok(file)
}

/// Remove temporary files a writer left when it was killed mid-write. Only a lock holder
/// writes in a holder's folder, so with the lock held none of them can be in use.
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".careledger-")
            && name.ends_with(".tmp")
            && e.file_type().is_ok_and(|t| t.is_file())
        {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

impl Drop for HolderLock {
    fn drop(&mut self) {
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod leftover_tests {
    use super::*;

    #[test]
    fn taking_the_lock_clears_what_killed_writers_left_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let stray = dir.path().join(".careledger-abc123.tmp");
        let keep = dir.path().join("notes.tmp");
        std::fs::write(&stray, "half a journal").unwrap();
        std::fs::write(&keep, "mine").unwrap();
        let _lock = HolderLock::acquire(dir.path(), "ann", "test", Duration::from_secs(1)).unwrap();
        assert!(!stray.exists());
        assert!(keep.exists());
    }
}
