//! Reading a file the person names from outside the workspace (a bank statement, a receipt
//! to attach): an ordinary file only (a symbolic link to one is followed, as they named it),
//! read whole up to a limit. Anything else is refused before a byte is read: a FIFO would
//! wait for ever for a writer, and a device such as /dev/zero never ends. The size on file is
//! not trusted either (a file can grow while it is read), so at most one byte more than the
//! limit is ever read. The one rule for both; each caller words the refusal for its task.

use std::io::Read;
use std::path::Path;

/// Why a named file was not read.
#[derive(Debug)]
pub enum NamedFileError {
    /// It is not an ordinary file: what it is, in words ("a folder", "a device", ...).
    NotAFile(&'static str),
    /// It holds this many bytes or more, over the limit.
    TooLarge(u64),
    Io(std::io::Error),
}

/// What `meta` says the file is, when it is not an ordinary file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    Some(if t.is_file() {
        return None;
    } else if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "something other than an ordinary file"
    })
}

/// The bytes of the ordinary file at `path`, at most `limit` of them.
pub fn read_named_file(path: &Path, limit: u64) -> Result<Vec<u8>, NamedFileError> {
    let meta = std::fs::metadata(path).map_err(NamedFileError::Io)?;
    if let Some(what) = not_a_file(&meta) {
        return Err(NamedFileError::NotAFile(what));
    }
    if meta.len() > limit {
        return Err(NamedFileError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(NamedFileError::Io)?;
    // What was opened, which may not be what was looked at a moment before.
    if let Some(what) = not_a_file(&file.metadata().map_err(NamedFileError::Io)?) {
        return Err(NamedFileError::NotAFile(what));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(NamedFileError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(NamedFileError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}
