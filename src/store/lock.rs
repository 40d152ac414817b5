//! One writer per holder. The lock is an advisory OS lock on `holders/<id>/.lock`, so it is
//! released when the process ends however it ends; the file says who holds it, so a second
//! writer can be told who is busy.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use super::files::open_private;
use super::{Result, StoreError};

pub struct HolderLock {
    file: File,
}

impl HolderLock {
    /// Take the holder's lock, waiting up to `wait` for another writer to finish.
    pub fn acquire(dir: &Path, holder: &str, who: &str, wait: Duration) -> Result<HolderLock> {
        let path = dir.join(".lock");
        let mut file = open_private(&path).map_err(|e| StoreError::io(&path, e))?;
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
