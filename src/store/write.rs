//! Replacing a file safely, with other programs about.
//!
//! careledger's own writers take the holder's lock, but a text editor, `echo >>` or a sync
//! tool do not, so a file can change at any moment. [`write_atomic`] keeps that from costing
//! anyone their text:
//!
//! 1. The file is opened (never through a symbolic link) and read from that open file; if it
//!    is not what the caller read, nothing is written ([`StoreError::Changed`]). A file
//!    someone made read-only is refused; the new version is given the old one's mode and
//!    owner, or nothing is written.
//! 2. The new text goes to a temporary file beside it, flushed to disk.
//! 3. Just before the rename the file is looked at again: the same file, the same size and
//!    times, or nothing is written.
//! 4. The temporary file and the old file swap names in one step (Linux's
//!    `RENAME_EXCHANGE`), so whatever was in place at that instant, even a file an editor
//!    renamed there a moment before, is still on disk under the temporary name; careledger
//!    held the old file open throughout, so it can tell whether it is the file it read and
//!    still reads the same.
//! 5. If it is, it is removed: done. If not, another program changed the file in the last
//!    moment: the two swap back, so the other program's version is the file again, and the
//!    caller is told its change was not saved ([`StoreError::ChangedWhileSaving`]). Only a
//!    file careledger made and that still reads as it wrote it is ever removed; anything else
//!    found in the way is kept beside the file as `NAME.outside-DATE-TIME`.
//!
//! Where the filesystem cannot swap names (some network filesystems), a plain rename is
//! used: the check in step 5 still runs on the old file through the open handle, and a
//! changed one is put back by writing its text again, but a file an editor renamed into
//! place in the last microseconds before careledger's rename cannot be seen, and is lost.
//!
//! What no check can see: a program that opened the old file before the swap and writes to
//! it after careledger's last look (microseconds later) writes into a file that is no
//! longer the journal.

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::files::{Fingerprint, MAX_FILE_BYTES, read_open};
use super::{Result, StoreError};

/// Replace `path` with `contents` so that readers see either the old file or the new one,
/// never a mixture, and only if the file is still as it was when read (`expected`); see the
/// module's notes for what happens when another program changes it meanwhile. Refuses to
/// make a file larger than careledger reads ([`MAX_FILE_BYTES`]). The caller holds the
/// holder's lock, if there is one.
pub fn write_atomic(path: &Path, contents: &[u8], expected: &Fingerprint) -> Result<Fingerprint> {
    write_atomic_max(path, contents, expected, MAX_FILE_BYTES)
}

/// [`write_atomic`] for a file careledger reads with a smaller limit (a plan): the same
/// limit, so that what it writes it will read back.
pub fn write_atomic_max(
    path: &Path,
    contents: &[u8],
    expected: &Fingerprint,
    limit: u64,
) -> Result<Fingerprint> {
    fits(path, contents.len(), limit)?;
    let dir = parent(path);
    let changed = || StoreError::Changed {
        path: path.to_path_buf(),
    };
    let old = Old::open(path)?;
    match &old {
        Some(old) if old.fingerprint != *expected => return Err(changed()),
        None if expected.exists() => return Err(changed()),
        _ => {}
    }
    if let Some(old) = &old {
        writable(path, &old.meta)?;
    }
    let mut new = Temp::create(dir, path, old.as_ref().map(|o| &o.meta))?;
    new.fill(contents)?;

    pause(Stage::TempWritten, path);
    let still = match &old {
        Some(old) => old.in_place_unchanged(path),
        None => matches!(fs::symlink_metadata(path), Err(e) if e.kind() == ErrorKind::NotFound),
    };
    if !still {
        return Err(changed());
    }
    pause(Stage::Renaming, path);
    let result = match old {
        None => match rename_noreplace(&new.path, path) {
            Ok(()) => {
                new.release();
                Ok(())
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(changed()),
            Err(e) => Err(StoreError::io(path, e)),
        },
        Some(old) => replace(dir, path, new, old, contents),
    };
    sync_dir(dir)?;
    result.map(|()| Fingerprint::of(contents))
}

/// `len` bytes fit in a file careledger reads with `limit`, or the error says so.
pub(super) fn fits(path: &Path, len: usize, limit: u64) -> Result<()> {
    if len as u64 > limit {
        return Err(StoreError::WouldBeTooLarge {
            path: path.to_path_buf(),
            size: len as u64,
            limit,
        });
    }
    Ok(())
}

/// The folder a file is in (`.` for a bare name).
pub(super) fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Flush a folder's entries (a rename is durable only once its folder is).
pub(super) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| StoreError::io(dir, e))
}

/// A file the user made read-only is theirs to keep as it is; so is one whose owner
/// careledger could not keep (checked when the new version is made).
fn writable(path: &Path, meta: &Metadata) -> Result<()> {
    if meta.mode() & 0o200 == 0 {
        return Err(StoreError::ReadOnly {
            path: path.to_path_buf(),
            mode: meta.mode() & 0o7777,
        });
    }
    Ok(())
}

/// The file being replaced, held open from before it is checked until after the rename.
struct Old {
    file: File,
    meta: Metadata,
    bytes: Vec<u8>,
    fingerprint: Fingerprint,
}

impl Old {
    /// Open and read the file at `path`, or `None` if there is none. Never follows a
    /// symbolic link, and never waits on a FIFO.
    fn open(path: &Path) -> Result<Option<Old>> {
        let file = match OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(path)
        {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                return Err(StoreError::Symlink {
                    path: path.to_path_buf(),
                });
            }
            Err(e) => return Err(StoreError::io(path, e)),
        };
        let meta = file.metadata().map_err(|e| StoreError::io(path, e))?;
        if !meta.is_file() {
            return Err(StoreError::Invalid {
                path: path.to_path_buf(),
                message: "is not an ordinary file".into(),
            });
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(StoreError::TooLarge {
                path: path.to_path_buf(),
                size: meta.len(),
                limit: MAX_FILE_BYTES,
            });
        }
        let (bytes, fingerprint) =
            read_open(&file, meta.len(), MAX_FILE_BYTES).map_err(|e| StoreError::io(path, e))?;
        Ok(Some(Old {
            file,
            meta,
            bytes,
            fingerprint,
        }))
    }

    /// The quick look just before the rename: `path` is still this file, and its size and
    /// times have not moved. (Timestamps can be coarse, so the full check comes after.)
    fn in_place_unchanged(&self, path: &Path) -> bool {
        let (Ok(now), Ok(there)) = (self.file.metadata(), fs::symlink_metadata(path)) else {
            return false;
        };
        same_file(&there, &self.meta)
            && now.len() == self.meta.len()
            && (now.mtime(), now.mtime_nsec()) == (self.meta.mtime(), self.meta.mtime_nsec())
            && (now.ctime(), now.ctime_nsec()) == (self.meta.ctime(), self.meta.ctime_nsec())
    }

    /// Whether `at` names this file and it still holds exactly what was read.
    fn is_unchanged_at(&self, at: &Path) -> bool {
        fs::symlink_metadata(at).is_ok_and(|m| same_file(&m, &self.meta))
            && holds(&self.file, &self.bytes)
    }
}

/// Whether `file` holds exactly `bytes`, read back through the handle.
fn holds(file: &File, bytes: &[u8]) -> bool {
    if file
        .metadata()
        .map_or(true, |m| m.len() != bytes.len() as u64)
    {
        return false;
    }
    let mut buf = vec![0u8; bytes.len().clamp(1, 1 << 20)];
    let mut at = 0;
    while at < bytes.len() {
        let want = buf.len().min(bytes.len() - at);
        match file.read_at(&mut buf[..want], at as u64) {
            Ok(0) | Err(_) => return false,
            Ok(n) if buf[..n] != bytes[at..at + n] => return false,
            Ok(n) => at += n,
        }
    }
    // Nothing past the end either (the file may have grown since the size was looked at).
    matches!(file.read_at(&mut buf[..1], at as u64), Ok(0))
}

fn same_file(a: &Metadata, b: &Metadata) -> bool {
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

/// careledger's new version of a file, in a temporary file beside it. Removed when dropped
/// unless it was put in place or [`Temp::release`]d.
struct Temp {
    file: File,
    path: PathBuf,
    meta: Metadata,
    remove: bool,
}

impl Temp {
    /// An empty owner-only temporary file in `dir`; with `like`, given that file's mode and
    /// owner (refused, with nothing written, if the owner cannot be kept).
    fn create(dir: &Path, target: &Path, like: Option<&Metadata>) -> Result<Temp> {
        let (file, path) = tempfile::Builder::new()
            .prefix(".careledger-")
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(0o600))
            .tempfile_in(dir)
            .map_err(|e| StoreError::io(dir, e))?
            .keep()
            .map_err(|e| StoreError::io(dir, e.error))?;
        let mut temp = Temp {
            meta: file.metadata().map_err(|e| StoreError::io(&path, e))?,
            file,
            path,
            remove: true,
        };
        if let Some(like) = like {
            if (temp.meta.uid(), temp.meta.gid()) != (like.uid(), like.gid()) {
                std::os::unix::fs::fchown(&temp.file, Some(like.uid()), Some(like.gid())).map_err(
                    |e| match e.kind() {
                        ErrorKind::PermissionDenied => StoreError::NotOwner {
                            path: target.to_path_buf(),
                            uid: like.uid(),
                            gid: like.gid(),
                        },
                        _ => StoreError::io(&temp.path, e),
                    },
                )?;
            }
            temp.file
                .set_permissions(fs::Permissions::from_mode(like.mode() & 0o777))
                .map_err(|e| StoreError::io(&temp.path, e))?;
            temp.meta = temp
                .file
                .metadata()
                .map_err(|e| StoreError::io(&temp.path, e))?;
        }
        Ok(temp)
    }

    fn fill(&self, contents: &[u8]) -> Result<()> {
        let mut f = &self.file;
        f.write_all(contents)
            .and_then(|()| f.sync_all())
            .map_err(|e| StoreError::io(&self.path, e))
    }

    /// Stop removing the temporary name when dropped: the file is in place under its real
    /// name, or (after a swap) the name holds what was in place, which is not careledger's
    /// to remove unchecked.
    fn release(&mut self) {
        self.remove = false;
    }

    /// Whether `at` names this file and it still holds exactly `contents`.
    fn is_unchanged_at(&self, at: &Path, contents: &[u8]) -> bool {
        fs::symlink_metadata(at).is_ok_and(|m| same_file(&m, &self.meta))
            && holds(&self.file, contents)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if self.remove {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Swap the new version into place and make sure nothing the old one held is lost.
fn replace(dir: &Path, path: &Path, mut new: Temp, old: Old, contents: &[u8]) -> Result<()> {
    match exchange(&new.path, path) {
        Ok(()) => {}
        Err(e) if cannot_exchange(&e) => return replace_by_rename(dir, path, new, old, contents),
        // The file was removed in the last moment: that was someone's choice; keep it.
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(StoreError::Changed {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(StoreError::io(path, e)),
    }
    // `new.path` now names what was in place.
    new.release();
    let displaced = &new.path;
    if old.is_unchanged_at(displaced) {
        let _ = fs::remove_file(displaced);
        return Ok(());
    }
    // Another program changed the file after careledger read it: its version goes back.
    pause(Stage::PuttingBack, path);
    let aside = match exchange(displaced, path) {
        // `displaced` names what was in place again: careledger's version, unless someone
        // wrote to it or over it meanwhile.
        Ok(()) if new.is_unchanged_at(displaced, contents) => {
            let _ = fs::remove_file(displaced);
            None
        }
        Ok(()) => Some(set_aside(path, displaced)?),
        // The file was removed meanwhile: the other program's version takes its place.
        Err(e) if e.kind() == ErrorKind::NotFound && rename_noreplace(displaced, path).is_ok() => {
            None
        }
        // It cannot be put back: keep it beside the file rather than lose it.
        Err(_) => Some(set_aside(path, displaced)?),
    };
    Err(StoreError::ChangedWhileSaving {
        path: path.to_path_buf(),
        aside,
    })
}

/// [`replace`] where names cannot be swapped: rename, then check the old file through the
/// handle held open, and if it changed, write its text back.
fn replace_by_rename(
    dir: &Path,
    path: &Path,
    mut new: Temp,
    old: Old,
    contents: &[u8],
) -> Result<()> {
    fs::rename(&new.path, path).map_err(|e| StoreError::io(path, e))?;
    new.release();
    if holds(&old.file, &old.bytes) {
        return Ok(());
    }
    pause(Stage::PuttingBack, path);
    let len = old.file.metadata().map_or(0, |m| m.len());
    let (theirs, _) =
        read_open(&old.file, len, MAX_FILE_BYTES).map_err(|e| StoreError::io(path, e))?;
    let mut back = Temp::create(dir, path, Some(&old.meta))?;
    back.fill(&theirs)?;
    // What is in place should be careledger's version; if someone wrote to it or over it
    // meanwhile, that is kept too, under a second name, before the old text goes back.
    let aside = if new.is_unchanged_at(path, contents) {
        None
    } else {
        match set_aside_by_link(path) {
            Ok(aside) => Some(aside),
            Err(_) => {
                back.release();
                return Err(StoreError::ChangedWhileSaving {
                    path: path.to_path_buf(),
                    aside: Some(set_aside(path, &back.path)?),
                });
            }
        }
    };
    fs::rename(&back.path, path).map_err(|e| StoreError::io(path, e))?;
    back.release();
    Err(StoreError::ChangedWhileSaving {
        path: path.to_path_buf(),
        aside,
    })
}

/// Move the file at `from` beside `path` as `NAME.outside-YYYY-MM-DDTHH-MM-SS` (with `-2`,
/// `-3`, ... if that is taken), owner-only; returns where it went.
fn set_aside(path: &Path, from: &Path) -> Result<PathBuf> {
    for aside in aside_names(path) {
        match rename_noreplace(from, &aside) {
            Ok(()) => {
                let _ = fs::set_permissions(&aside, fs::Permissions::from_mode(0o600));
                return Ok(aside);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(StoreError::io(&aside, e)),
        }
    }
    Err(StoreError::io(
        from,
        std::io::Error::new(
            ErrorKind::AlreadyExists,
            "no free name to set this file aside",
        ),
    ))
}

/// The names a version of `path` may be set aside under, in order of preference.
fn aside_names(path: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    let stamp = chrono::Local::now().format("%Y-%m-%dT%H-%M-%S").to_string();
    let name = path
        .file_name()
        .unwrap_or(OsStr::new("file"))
        .to_os_string();
    (1..1000).map(move |n| {
        let mut aside: OsString = name.clone();
        aside.push(format!(".outside-{stamp}"));
        if n > 1 {
            aside.push(format!("-{n}"));
        }
        parent(path).join(aside)
    })
}

/// Give the file at `path` a second name beside it, as [`set_aside`] names it.
fn set_aside_by_link(path: &Path) -> std::io::Result<PathBuf> {
    let mut last = None;
    for aside in aside_names(path) {
        match fs::hard_link(path, &aside) {
            Ok(()) => {
                let _ = fs::set_permissions(&aside, fs::Permissions::from_mode(0o600));
                return Ok(aside);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| ErrorKind::AlreadyExists.into()))
}

/// Swap two names in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    #[cfg(test)]
    if test_hooks::plain_rename() {
        return Err(std::io::Error::from_raw_os_error(libc::EINVAL));
    }
    renameat2(a, b, libc::RENAME_EXCHANGE)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(ErrorKind::Unsupported))
}

/// The filesystem (or kernel) cannot swap names.
fn cannot_exchange(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::Unsupported
        || matches!(
            e.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        )
}

/// Rename `from` to `to` only if nothing is called `to` yet (`AlreadyExists` if something
/// is). Works for folders too.
pub(super) fn rename_noreplace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(from, to, libc::RENAME_NOREPLACE) {
        Err(e) if cannot_exchange(&e) => {}
        Err(e) if e.raw_os_error() == Some(libc::ENOTEMPTY) => {
            return Err(std::io::Error::from(ErrorKind::AlreadyExists));
        }
        other => return other,
    }
    // A hard link fails if the name is taken; folders cannot be linked, so for them (and
    // filesystems without links) look first and rename.
    match fs::hard_link(from, to) {
        Ok(()) => fs::remove_file(from),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(e),
        Err(_) if fs::symlink_metadata(to).is_ok() => {
            Err(std::io::Error::from(ErrorKind::AlreadyExists))
        }
        Err(_) => fs::rename(from, to).map_err(|e| match e.raw_os_error() {
            Some(libc::ENOTEMPTY | libc::EEXIST) => std::io::Error::from(ErrorKind::AlreadyExists),
            _ => e,
        }),
    }
}

#[cfg(target_os = "linux")]
fn renameat2(a: &Path, b: &Path, flags: libc::c_uint) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let a = std::ffi::CString::new(a.as_os_str().as_bytes())?;
    let b = std::ffi::CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: two valid NUL-terminated paths, relative to the current folder.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            flags,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Moments in a replacement where tests make another program's edit happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The new version is written and flushed; the last look before the rename is next.
    TempWritten,
    /// The last look found nothing changed; the rename is next.
    Renaming,
    /// The old file was found changed after the rename; it is about to be put back.
    PuttingBack,
}

/// A test's chance to act at `stage`. In debug builds (the ones `cargo test` runs) the
/// environment variable `CARELEDGER_TEST_PAUSE_BEFORE_RENAME=GATE` makes each replacement
/// wait just before its rename: it creates `GATE.waiting` and waits (up to 10 s) for
/// `GATE.go` to appear, so a test in another process can edit the file at the worst moment.
/// Release builds do not look at the variable.
fn pause(stage: Stage, path: &Path) {
    #[cfg(test)]
    test_hooks::run(stage, path);
    #[cfg(debug_assertions)]
    if stage == Stage::Renaming
        && let Some(gate) = std::env::var_os("CARELEDGER_TEST_PAUSE_BEFORE_RENAME")
    {
        let with = |end: &str| {
            let mut p = gate.clone();
            p.push(end);
            PathBuf::from(p)
        };
        let _ = fs::write(with(".waiting"), std::process::id().to_string());
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !with(".go").exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }
    let _ = (stage, path);
}

#[cfg(test)]
pub(crate) mod test_hooks {
    //! In-process hooks for the store's unit tests, per thread (tests run side by side).
    use super::Stage;
    use std::cell::{Cell, RefCell};
    use std::path::Path;

    type Hook = Box<dyn FnMut(Stage, &Path)>;
    thread_local! {
        static HOOK: RefCell<Option<Hook>> = RefCell::new(None);
        static PLAIN_RENAME: Cell<bool> = const { Cell::new(false) };
    }

    /// Call `hook` at each stage of this thread's replacements until [`clear`].
    pub fn set(hook: impl FnMut(Stage, &Path) + 'static) {
        HOOK.with(|h| *h.borrow_mut() = Some(Box::new(hook)));
    }
    pub fn clear() {
        HOOK.with(|h| *h.borrow_mut() = None);
        PLAIN_RENAME.with(|p| p.set(false));
    }
    /// Behave as on a filesystem that cannot swap names.
    pub fn use_plain_rename() {
        PLAIN_RENAME.with(|p| p.set(true));
    }
    pub(super) fn plain_rename() -> bool {
        PLAIN_RENAME.with(|p| p.get())
    }
    pub(super) fn run(stage: Stage, path: &Path) {
        let hook = HOOK.with(|h| h.borrow_mut().take());
        if let Some(mut hook) = hook {
            hook(stage, path);
            HOOK.with(|h| {
                let mut slot = h.borrow_mut();
                if slot.is_none() {
                    *slot = Some(hook);
                }
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "; the journal as read\n";
    const OURS: &str = "; the journal as read\n; careledger's change\n";

    /// A folder with `ledger.journal` holding [`OLD`], and its fingerprint.
    fn journal() -> (tempfile::TempDir, PathBuf, Fingerprint) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.journal");
        fs::write(&path, OLD).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        (dir, path, Fingerprint::of(OLD.as_bytes()))
    }

    fn append(path: &Path, text: &str) {
        let mut f = OpenOptions::new().append(true).open(path).unwrap();
        f.write_all(text.as_bytes()).unwrap();
    }

    /// As an editor saves: a new file renamed over the old one.
    fn editor_save(path: &Path, text: &str) {
        let tmp = path.with_extension("editor-swp");
        fs::write(&tmp, text).unwrap();
        fs::rename(&tmp, path).unwrap();
    }

    /// The folder's names other than the journal's, sorted.
    fn others(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != "ledger.journal")
            .collect();
        names.sort();
        names
    }

    /// Run `f` with each way of renaming: swapping names, and a plain rename.
    fn both_ways(f: impl Fn(bool)) {
        for plain in [false, true] {
            test_hooks::clear();
            if plain {
                test_hooks::use_plain_rename();
            }
            f(plain);
            test_hooks::clear();
        }
    }

    #[test]
    fn with_nobody_else_about_the_new_version_replaces_the_old() {
        both_ways(|plain| {
            let (dir, path, fp) = journal();
            let got = write_atomic(&path, OURS.as_bytes(), &fp).unwrap();
            assert_eq!(got, Fingerprint::of(OURS.as_bytes()));
            assert_eq!(fs::read_to_string(&path).unwrap(), OURS, "plain {plain}");
            assert!(others(dir.path()).is_empty(), "{:?}", others(dir.path()));
        });
    }

    #[test]
    fn an_edit_before_the_last_look_means_nothing_is_written() {
        both_ways(|plain| {
            let (dir, path, fp) = journal();
            test_hooks::set(|stage, p| {
                if stage == Stage::TempWritten {
                    append(p, "; typed meanwhile\n");
                }
            });
            let e = write_atomic(&path, OURS.as_bytes(), &fp).unwrap_err();
            assert!(matches!(e, StoreError::Changed { .. }), "{e}");
            let want = format!("{OLD}; typed meanwhile\n");
            assert_eq!(fs::read_to_string(&path).unwrap(), want, "plain {plain}");
            assert!(others(dir.path()).is_empty(), "{:?}", others(dir.path()));
        });
    }

    #[test]
    fn an_append_in_the_last_moment_is_put_back_and_the_change_not_saved() {
        both_ways(|plain| {
            let (dir, path, fp) = journal();
            test_hooks::set(|stage, p| {
                if stage == Stage::Renaming {
                    append(p, "; appended at the last moment\n");
                }
            });
            let e = write_atomic(&path, OURS.as_bytes(), &fp).unwrap_err();
            assert!(
                matches!(&e, StoreError::ChangedWhileSaving { aside: None, .. }),
                "plain {plain}: {e}"
            );
            assert!(e.to_string().contains("did not save its own change"), "{e}");
            let want = format!("{OLD}; appended at the last moment\n");
            assert_eq!(fs::read_to_string(&path).unwrap(), want, "plain {plain}");
            assert!(others(dir.path()).is_empty(), "{:?}", others(dir.path()));
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        });
    }

    #[test]
    fn a_file_an_editor_renames_into_place_in_the_last_moment_is_put_back() {
        // Only swapping names can see this (see the module's notes).
        test_hooks::clear();
        let (dir, path, fp) = journal();
        test_hooks::set(|stage, p| {
            if stage == Stage::Renaming {
                editor_save(p, "; the editor's version\n");
            }
        });
        let e = write_atomic(&path, OURS.as_bytes(), &fp).unwrap_err();
        test_hooks::clear();
        assert!(
            matches!(&e, StoreError::ChangedWhileSaving { aside: None, .. }),
            "{e}"
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "; the editor's version\n"
        );
        assert!(others(dir.path()).is_empty(), "{:?}", others(dir.path()));
    }

    #[test]
    fn a_second_edit_while_putting_back_is_set_aside_not_lost() {
        both_ways(|plain| {
            let (dir, path, fp) = journal();
            test_hooks::set(|stage, p| match stage {
                Stage::Renaming => append(p, "; first\n"),
                Stage::PuttingBack => append(p, "; second\n"),
                Stage::TempWritten => {}
            });
            let e = write_atomic(&path, OURS.as_bytes(), &fp).unwrap_err();
            let Some(aside) = (match &e {
                StoreError::ChangedWhileSaving { aside, .. } => aside.clone(),
                _ => None,
            }) else {
                panic!("plain {plain}: {e}")
            };
            assert!(e.to_string().contains(&aside.display().to_string()), "{e}");
            let name = aside.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name.starts_with("ledger.journal.outside-20"), "{name}");
            assert_eq!(
                fs::metadata(&aside).unwrap().permissions().mode() & 0o777,
                0o600
            );
            // Both outside edits are on disk: the first in the journal, the second (made to
            // careledger's version while it was in place) in the file set aside.
            let journal = fs::read_to_string(&path).unwrap();
            let set_aside = fs::read_to_string(&aside).unwrap();
            assert_eq!(journal, format!("{OLD}; first\n"), "plain {plain}");
            assert_eq!(set_aside, format!("{OURS}; second\n"), "plain {plain}");
            assert_eq!(others(dir.path()), [name], "plain {plain}");
        });
    }

    #[test]
    fn a_new_file_someone_creates_in_the_last_moment_is_kept() {
        both_ways(|plain| {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("return.csv");
            test_hooks::set(|stage, p| {
                if stage == Stage::Renaming {
                    fs::write(p, "theirs\n").unwrap();
                }
            });
            let e = write_atomic(&path, b"ours\n", &Fingerprint::absent()).unwrap_err();
            assert!(
                matches!(e, StoreError::Changed { .. }),
                "plain {plain}: {e}"
            );
            assert_eq!(fs::read_to_string(&path).unwrap(), "theirs\n");
            assert_eq!(others(dir.path()), ["return.csv"]);
        });
    }

    #[test]
    fn a_file_removed_in_the_last_moment_stays_removed() {
        test_hooks::clear();
        let (dir, path, fp) = journal();
        test_hooks::set(|stage, p| {
            if stage == Stage::Renaming {
                fs::remove_file(p).unwrap();
            }
        });
        let e = write_atomic(&path, OURS.as_bytes(), &fp).unwrap_err();
        test_hooks::clear();
        assert!(matches!(e, StoreError::Changed { .. }), "{e}");
        assert!(!path.exists());
        assert!(others(dir.path()).is_empty(), "{:?}", others(dir.path()));
    }

    #[test]
    fn a_link_in_place_of_the_file_is_refused_and_its_target_kept() {
        let (dir, path, _) = journal();
        let elsewhere = dir.path().join("elsewhere");
        fs::rename(&path, &elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
        let e = write_atomic(&path, OURS.as_bytes(), &Fingerprint::of(OLD.as_bytes()));
        assert!(matches!(e, Err(StoreError::Symlink { .. })), "{e:?}");
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), OLD);
    }

    #[test]
    fn a_file_is_written_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.toml");
        write_atomic_max(&path, &[b'#'; 100], &Fingerprint::absent(), 100).unwrap();
        let fp = Fingerprint::of(&[b'#'; 100]);
        let e = write_atomic_max(&path, &[b'#'; 101], &fp, 100).unwrap_err();
        assert!(
            matches!(
                e,
                StoreError::WouldBeTooLarge {
                    size: 101,
                    limit: 100,
                    ..
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("nothing was written"), "{e}");
        assert_eq!(fs::read(&path).unwrap(), [b'#'; 100]);
        assert_eq!(others(dir.path()), ["plan.toml"]);
    }
}
