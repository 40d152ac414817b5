//! Reading single files safely, and the fingerprint that notices when one has changed.
//! Writing is `write.rs`'s.

use std::fs::{self, File};
use std::io::{Read, Seek};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;

use super::{Result, StoreError};

/// The largest data file careledger reads: far beyond decades of records, well short of
/// anything that would exhaust memory. Writes keep to it too (`write.rs`), so careledger
/// never makes a file it would then refuse to read.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What a file held when it was read, to notice if someone else changes it before we write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint {
    len: u64,
    hash: u64,
    exists: bool,
}

impl Fingerprint {
    pub fn absent() -> Fingerprint {
        Fingerprint {
            len: 0,
            hash: 0,
            exists: false,
        }
    }
    pub fn of(bytes: &[u8]) -> Fingerprint {
        Fingerprint {
            len: bytes.len() as u64,
            hash: change_hash(bytes),
            exists: true,
        }
    }
    /// Whether the file was there (an absent file has this fingerprint's `absent()`).
    pub fn exists(&self) -> bool {
        self.exists
    }
}

/// A change detector, not a security measure: eight bytes at a time, each step a bijection
/// of the state (xor, then multiply by an odd constant), so an edit confined to one 8-byte
/// word always changes the result, and with the length also compared, other edits collide
/// about once in 2^64. About ten times faster than SipHash, which took 10% of opening a
/// 100,000-transaction journal. Each [`HASH_BLOCK`] is hashed on its own and the block
/// results are chained the same way, so a large file's blocks can be hashed on several
/// cores as they are read, with the same result.
fn change_hash(bytes: &[u8]) -> u64 {
    chain(bytes.chunks(HASH_BLOCK).map(block_hash))
}

const HASH_BLOCK: usize = 1 << 20;
const K: u64 = 0x9E37_79B9_7F4A_7C15;

fn block_hash(bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    let mut h: u64 = 0x243F_6A88_85A3_08D3;
    for w in &mut words {
        let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
        h = (h.rotate_left(23) ^ w).wrapping_mul(K);
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    h = (h.rotate_left(23) ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    mix(h)
}

fn chain(blocks: impl Iterator<Item = u64>) -> u64 {
    mix(blocks.fold(0x1319_8A2E_0370_7344, |h, b| {
        (h.rotate_left(23) ^ b).wrapping_mul(K)
    }))
}

/// Final mix (each step a bijection) so that nearby states do not give nearby results.
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^ (h >> 33)
}

/// Read a data file as UTF-8 text, refusing links, huge files and bytes that are not text.
pub fn read_text(path: &Path) -> Result<(String, Fingerprint)> {
    read_text_max(path, MAX_FILE_BYTES)
}

/// [`read_text`] with a smaller limit, for files that are small by nature (a plan).
/// The size is checked before a byte is read, so a giant file costs no memory.
pub fn read_text_max(path: &Path, limit: u64) -> Result<(String, Fingerprint)> {
    let meta = fs::symlink_metadata(path).map_err(|e| StoreError::io(path, e))?;
    if meta.file_type().is_symlink() {
        return Err(StoreError::Symlink {
            path: path.to_path_buf(),
        });
    }
    if !meta.is_file() {
        return Err(StoreError::Invalid {
            path: path.to_path_buf(),
            message: "is not an ordinary file".into(),
        });
    }
    if meta.len() > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit,
        });
    }
    let file = File::open(path).map_err(|e| StoreError::io(path, e))?;
    let (bytes, fp) = read_open(&file, meta.len(), limit).map_err(|e| StoreError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = at
            - bytes[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |p| p + 1)
            + 1;
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            column,
            message: "this is not UTF-8 text; save the file as UTF-8 in your editor".into(),
        }
    })?;
    Ok((text, fp))
}

/// An open file's bytes from the start (`len` its size when looked at; up to `limit` + 1 if
/// it has grown since) and their fingerprint. A large file is read on several cores.
pub(super) fn read_open(
    file: &File,
    len: u64,
    limit: u64,
) -> std::io::Result<(Vec<u8>, Fingerprint)> {
    if len >= PARALLEL_READ_FROM {
        return read_in_parallel(file, len as usize, limit);
    }
    let mut bytes = Vec::with_capacity(len as usize);
    let mut file = file;
    file.seek(std::io::SeekFrom::Start(0))?;
    file.take(limit + 1).read_to_end(&mut bytes)?;
    let fp = Fingerprint::of(&bytes);
    Ok((bytes, fp))
}

/// From this size a file is read (and fingerprinted) on all the machine's cores at once.
const PARALLEL_READ_FROM: u64 = 4 * HASH_BLOCK as u64;

/// Read the first `len` bytes of `file` (its size when looked at) in whole-block shares, one
/// per core, each thread hashing its blocks as soon as they are in; the fingerprint is the
/// one [`Fingerprint::of`] gives. A file that has grown since is read on (up to `limit`);
/// one that has shrunk is an error, as it would be mid-write by a program that does not
/// replace files atomically.
fn read_in_parallel(
    file: &File,
    len: usize,
    limit: u64,
) -> std::io::Result<(Vec<u8>, Fingerprint)> {
    use std::os::unix::fs::FileExt;
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let share = len.div_ceil(cores).div_ceil(HASH_BLOCK) * HASH_BLOCK;
    let mut bytes = vec![0u8; len];
    let hashes = std::thread::scope(|s| {
        let handles: Vec<_> = bytes
            .chunks_mut(share)
            .enumerate()
            .map(|(k, part)| {
                s.spawn(move || -> std::io::Result<Vec<u64>> {
                    file.read_exact_at(part, (k * share) as u64).map_err(|e| {
                        if e.kind() == std::io::ErrorKind::UnexpectedEof {
                            std::io::Error::other(
                                "the file got shorter while it was being read (another program \
                                 is writing it); try again when it has finished",
                            )
                        } else {
                            e
                        }
                    })?;
                    Ok(part.chunks(HASH_BLOCK).map(block_hash).collect())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a file reader does not panic"))
            .collect::<std::io::Result<Vec<Vec<u64>>>>()
    })?;
    let mut more = Vec::new();
    let mut file = file;
    file.seek(std::io::SeekFrom::Start(len as u64))?;
    file.take((limit + 1).saturating_sub(len as u64))
        .read_to_end(&mut more)?;
    if !more.is_empty() {
        bytes.extend_from_slice(&more);
        let fp = Fingerprint::of(&bytes);
        return Ok((bytes, fp));
    }
    let fp = Fingerprint {
        len: len as u64,
        hash: chain(hashes.into_iter().flatten()),
        exists: true,
    };
    Ok((bytes, fp))
}

/// Create a folder (and its parents) readable by its owner only.
pub fn create_dir_private(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| StoreError::io(dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_on_all_cores_is_the_same_text_and_fingerprint() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.journal");
        // Not a whole number of blocks or shares, with characters of several bytes (which
        // a share may cut through) throughout.
        let line = "2026-04-01 Café «Été» £12.50 \u{1F600}\n";
        let text = line.repeat((5 * HASH_BLOCK + 12_345) / line.len());
        fs::write(&path, &text).unwrap();
        let (read, fp) = read_text(&path).unwrap();
        assert!(read == text, "the same text");
        assert_eq!(fp, Fingerprint::of(text.as_bytes()));

        // One changed byte in the last block changes the fingerprint.
        let mut changed = text.clone().into_bytes();
        let last = changed.len() - 6; // the space before the last line's emoji
        changed[last] = b'X';
        fs::write(&path, &changed).unwrap();
        let (_, fp2) = read_text(&path).unwrap();
        assert_ne!(fp, fp2);
        assert_eq!(fp2, Fingerprint::of(&changed));

        // A file that shrinks between being measured and being read is an error that says
        // so (as if another program were writing it in place).
        let file = File::open(&path).unwrap();
        let measured = changed.len() + 100;
        let e = read_in_parallel(&file, measured, MAX_FILE_BYTES).unwrap_err();
        assert!(
            e.to_string()
                .contains("got shorter while it was being read"),
            "{e}"
        );

        // Bytes that are not UTF-8 are found wherever they are.
        let mut bad = text.into_bytes();
        let middle = bad.len() / 2;
        let at = middle + bad[middle..].iter().position(|&b| b == b'\n').unwrap() + 1;
        bad[at] = 0xFF;
        fs::write(&path, &bad).unwrap();
        let line_no = bad[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        match read_text(&path) {
            Err(StoreError::Parse { line, column, .. }) => assert_eq!((line, column), (line_no, 1)),
            other => panic!("{other:?}"),
        }
    }
}
