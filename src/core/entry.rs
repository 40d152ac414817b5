//! Entry identity: a short ID for each transaction that stays the same while other entries
//! are added, removed or edited, so that an action names the entry the person saw and never
//! lands on its neighbour.
//!
//! An ID is worked out from the entry's own text, not its position: 8 hex digits of a stable
//! hash of the transaction's lines with the status mark (`*` or `!`) left out and line ends
//! and trailing spaces evened out. So:
//! - adding, removing or editing *other* entries never changes an entry's ID;
//! - marking an entry cleared or pending keeps its ID (reconciling is not a change of what
//!   was paid);
//! - changing the entry itself (its date, payee, amounts, tags or comments) gives it a new
//!   ID: an action carrying the old ID then finds nothing and is refused, which is exactly
//!   the check that the entry is still the one the person saw.
//!
//! Two entries whose text is the same (copied by hand) are told apart by how many identical
//! ones come before them: the first has the plain hash, the second the hash of the text and
//! 1, and so on. Nothing is written into the journal, so entries typed by hand, imported or
//! written by older versions all have IDs, and hledger sees the same file.
//!
//! IDs are shown with 8 digits. In the rare case that two different entries of one person
//! share their first 8 digits, both are shown with 16, and the 8-digit form names neither
//! (it is refused as ambiguous), so a collision can never send an action to the wrong entry.

use std::collections::HashMap;
use std::fmt;

use super::journal::{Journal, Transaction};

/// Digits an ID is shown with, unless that would be ambiguous.
pub const SHORT_DIGITS: usize = 8;
/// The fewest digits careledger accepts as an ID.
pub const MIN_DIGITS: usize = 4;

/// One entry's identity (see the module note).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryId(pub u64);

impl EntryId {
    /// All 16 hex digits.
    pub fn full(self) -> String {
        format!("{:016x}", self.0)
    }
    /// The first 8 digits (what is shown when no other entry shares them).
    pub fn short(self) -> String {
        self.full()[..SHORT_DIGITS].to_string()
    }
    fn starts_with(self, digits: &str) -> bool {
        self.full().starts_with(digits)
    }
}

impl fmt::Display for EntryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.short())
    }
}

/// Where an entry is: which journal (0 is the main `ledger.journal`, then its includes in
/// the order read) and which transaction in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Place {
    pub journal: usize,
    pub index: usize,
}

/// Why an ID the person gave names no single entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error(
        "\"{0}\" is not an entry ID; an ID is the 8 letters and digits in the ID column of careledger list (for example 3fa2c81e)"
    )]
    Malformed(String),
    #[error(
        "no entry has the ID {0}: it was mistyped, or the entry was changed or removed on disk since it was shown (an entry's ID changes when the entry itself changes); look at the entries again to see its ID now"
    )]
    Missing(String),
    #[error("the ID {given} fits {} entries; give more of it: {}", .candidates.len(), .candidates.join(", "))]
    Ambiguous {
        given: String,
        candidates: Vec<String>,
    },
}

/// Every entry's ID for one person's journals, and the way back from an ID to the entry.
#[derive(Debug, Clone, Default)]
pub struct EntryIds {
    /// By journal, then transaction.
    ids: Vec<Vec<EntryId>>,
    /// First 8 digits (as a number) -> how many entries have them.
    short_counts: HashMap<u32, u32>,
}

impl EntryIds {
    pub fn of(journals: &[Journal]) -> EntryIds {
        let mut seen: HashMap<u64, u64> = HashMap::new();
        let mut short_counts: HashMap<u32, u32> = HashMap::new();
        let ids = journals
            .iter()
            .map(|j| {
                j.transactions()
                    .iter()
                    .map(|tx| {
                        let content = content_hash(j, tx);
                        let n = seen.entry(content).or_default();
                        let id = if *n == 0 {
                            EntryId(content)
                        } else {
                            EntryId(mix(content ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15)))
                        };
                        *n += 1;
                        *short_counts.entry((id.0 >> 32) as u32).or_default() += 1;
                        id
                    })
                    .collect()
            })
            .collect();
        EntryIds { ids, short_counts }
    }

    pub fn id(&self, at: Place) -> EntryId {
        self.ids[at.journal][at.index]
    }

    /// The ID as it is shown: 8 digits, or 16 where another entry shares the first 8.
    pub fn shown(&self, at: Place) -> String {
        self.show(self.id(at))
    }

    pub fn show(&self, id: EntryId) -> String {
        if self.short_counts.get(&((id.0 >> 32) as u32)).copied() > Some(1) {
            id.full()
        } else {
            id.short()
        }
    }

    /// Where the entry with this ID is now.
    pub fn find(&self, id: EntryId) -> Option<Place> {
        self.places().find(|p| self.id(*p) == id)
    }

    /// The one entry whose ID begins with `given` (as typed: any case, at least 4 digits).
    pub fn lookup(&self, given: &str) -> Result<(EntryId, Place), LookupError> {
        let digits = given.trim().to_ascii_lowercase();
        if digits.len() < MIN_DIGITS
            || digits.len() > 16
            || !digits.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(LookupError::Malformed(given.trim().to_string()));
        }
        let found: Vec<Place> = self
            .places()
            .filter(|p| self.id(*p).starts_with(&digits))
            .collect();
        match found.as_slice() {
            [] => Err(LookupError::Missing(digits)),
            [one] => Ok((self.id(*one), *one)),
            many => Err(LookupError::Ambiguous {
                given: digits,
                candidates: many.iter().map(|p| self.id(*p).full()).collect(),
            }),
        }
    }

    fn places(&self) -> impl Iterator<Item = Place> + '_ {
        self.ids
            .iter()
            .enumerate()
            .flat_map(|(journal, txs)| (0..txs.len()).map(move |index| Place { journal, index }))
    }
}

/// Which entries reverse which: each reversal (an entry with a `reverses:` tag naming
/// another's ID) paired with the entry it reverses, both ways, so either can be looked up.
/// A `reverses:` naming no entry (or an entry whose ID is ambiguous) pairs with nothing.
#[derive(Debug, Clone, Default)]
pub struct Reversals {
    /// Reversed entry -> its reversal, and reversal -> the entry it reverses.
    pairs: HashMap<Place, Place>,
    /// The reversals among them.
    reversing: std::collections::HashSet<Place>,
}

impl Reversals {
    pub fn of(journals: &[Journal], ids: &EntryIds) -> Reversals {
        let mut out = Reversals::default();
        // Every full ID, made only once a reversal is found (most journals have none).
        let mut by_id: Option<HashMap<u64, Place>> = None;
        for (ji, j) in journals.iter().enumerate() {
            for (ti, tx) in j.transactions().iter().enumerate() {
                let Some(named) = j.tag(tx, crate::core::payment::REVERSES_TAG) else {
                    continue;
                };
                let full = (named.len() == 16)
                    .then(|| u64::from_str_radix(named, 16).ok())
                    .flatten();
                let original = match full {
                    Some(id) => by_id
                        .get_or_insert_with(|| ids.places().map(|p| (ids.id(p).0, p)).collect())
                        .get(&id)
                        .copied(),
                    None => ids.lookup(named).ok().map(|(_, p)| p),
                };
                let Some(original) = original else {
                    continue;
                };
                let reversal = Place {
                    journal: ji,
                    index: ti,
                };
                // The first reversal of an entry is the one that counts.
                if original == reversal || out.pairs.contains_key(&original) {
                    continue;
                }
                out.pairs.insert(original, reversal);
                out.pairs.insert(reversal, original);
                out.reversing.insert(reversal);
            }
        }
        out
    }

    /// The entry `at` is paired with: its reversal, or the entry it reverses.
    pub fn partner(&self, at: Place) -> Option<Place> {
        self.pairs.get(&at).copied()
    }

    /// Whether `at` is a reversal of another entry (rather than an entry reversed).
    pub fn is_reversal(&self, at: Place) -> bool {
        self.reversing.contains(&at)
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// The ID an entry would have if no identical entry came before it.
pub fn id_of(j: &Journal, tx: &Transaction) -> EntryId {
    EntryId(content_hash(j, tx))
}

/// The hash of what an entry says: its lines with the status mark dropped, each line's
/// trailing spaces and `\r` dropped, and blank lines at the end dropped.
///
/// FNV-1a, written out rather than taken from a crate or `std`: the value must stay the
/// same across Rust versions, crate versions and machines (people write IDs down), and
/// `std`'s hasher promises no such thing. The final mix spreads FNV's weak low bits.
fn content_hash(j: &Journal, tx: &Transaction) -> u64 {
    let source = j.source(tx);
    let mut h = Fnv::new();
    let mut lines = source
        .lines()
        .map(|l| l.trim_end_matches([' ', '\t', '\r']));
    if let Some(header) = lines.next() {
        h.write(without_status(header).as_bytes());
    }
    let rest: Vec<&str> = lines.collect();
    let last = rest
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(0, |k| k + 1);
    for line in &rest[..last] {
        h.write(b"\n");
        h.write(line.as_bytes());
    }
    mix(h.0)
}

/// The header without its status mark: `2026-04-01 * Payee` and `2026-04-01 Payee` say the
/// same thing about what was paid.
fn without_status(header: &str) -> String {
    let date_end = header.find([' ', '\t', ';']).unwrap_or(header.len());
    let (date, rest) = header.split_at(date_end);
    let rest = rest.trim_start();
    let rest = match rest.as_bytes().first() {
        Some(b'*' | b'!') => rest[1..].trim_start(),
        _ => rest,
    };
    if rest.is_empty() {
        date.to_string()
    } else {
        format!("{date} {rest}")
    }
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "2026-04-01 * Council | payment\n    ; stream: sc\n    assets:direct-payment:sc  £100.00\n    income:sc\n\n\
2026-04-07 Mary Jones | PA wages\n    ; outcome: home\n    expenses:pa-wages  £50.00\n    assets:direct-payment:sc\n\n\
2026-04-08 Corner Shop\n    expenses:food  £5.00\n    assets:direct-payment:sc\n";

    fn ids(text: &str) -> (Journal, EntryIds) {
        let j = Journal::parse(text.to_string()).unwrap();
        let ids = EntryIds::of(std::slice::from_ref(&j));
        (j, ids)
    }

    fn at(index: usize) -> Place {
        Place { journal: 0, index }
    }

    #[test]
    fn ids_do_not_move_when_other_entries_are_added_removed_or_edited() {
        let (_, before) = ids(TEXT);
        let wages = before.id(at(1));
        let shop = before.id(at(2));
        // Remove the first entry, change the shop's amount, add one at the end.
        let changed = TEXT.split_once("\n\n").unwrap().1.replace("£5.00", "£6.00")
            + "\n2026-04-09 Bus\n    expenses:travel  £2.00\n    assets:direct-payment:sc\n";
        let (_, after) = ids(&changed);
        assert_eq!(
            after.find(wages),
            Some(at(0)),
            "the wages entry keeps its ID"
        );
        assert_eq!(
            after.find(shop),
            None,
            "the edited entry's old ID names nothing"
        );
        assert_ne!(after.id(at(1)), shop);
    }

    #[test]
    fn clearing_keeps_the_id_and_trailing_spaces_do_not_count() {
        let (j, before) = ids(TEXT);
        let cleared = j.with_status(1, crate::core::journal::Status::Cleared);
        let (_, after) = ids(&cleared);
        assert_eq!(after.id(at(1)), before.id(at(1)));
        let spaced = TEXT.replace("PA wages\n", "PA wages  \r\n");
        let (_, after) = ids(&spaced);
        assert_eq!(after.id(at(1)), before.id(at(1)));
        // A change to a comment inside the entry is a change of the entry.
        let (_, after) = ids(&TEXT.replace("; outcome: home", "; outcome: out"));
        assert_ne!(after.id(at(1)), before.id(at(1)));
    }

    #[test]
    fn identical_entries_have_different_ids_in_file_order() {
        let copy =
            "2026-04-08 Corner Shop\n    expenses:food  £5.00\n    assets:direct-payment:sc\n";
        let text = format!("{TEXT}\n{copy}");
        let (_, all) = ids(&text);
        assert_ne!(all.id(at(2)), all.id(at(3)));
        assert_eq!(
            all.id(at(2)),
            ids(TEXT).1.id(at(2)),
            "the first copy is unchanged"
        );
    }

    #[test]
    fn lookup_takes_a_prefix_in_any_case_and_refuses_what_is_not_one_entry() {
        let (_, all) = ids(TEXT);
        let wages = all.id(at(1));
        assert_eq!(all.lookup(&wages.short()).unwrap(), (wages, at(1)));
        assert_eq!(all.lookup(&wages.short().to_uppercase()).unwrap().1, at(1));
        assert_eq!(all.lookup(&wages.full()).unwrap().1, at(1));
        assert!(matches!(all.lookup("12"), Err(LookupError::Malformed(_))));
        assert!(matches!(
            all.lookup("zz99zz99"),
            Err(LookupError::Malformed(_))
        ));
        let absent = (0..16u64)
            .map(|d| format!("{d:x}").repeat(8))
            .find(|p| all.lookup(p).is_err())
            .unwrap();
        assert!(matches!(all.lookup(&absent), Err(LookupError::Missing(_))));
    }

    #[test]
    fn a_shared_short_form_is_shown_long_and_refused_short() {
        // Build the index by hand: two entries whose first 8 digits agree.
        let a = EntryId(0x1234_5678_0000_0001);
        let b = EntryId(0x1234_5678_ffff_0002);
        let mut short_counts = HashMap::new();
        short_counts.insert(0x1234_5678, 2);
        let ids = EntryIds {
            ids: vec![vec![a, b]],
            short_counts,
        };
        assert_eq!(ids.shown(at(0)), "1234567800000001");
        assert!(matches!(
            ids.lookup("12345678"),
            Err(LookupError::Ambiguous { .. })
        ));
        assert_eq!(ids.lookup("1234567800000001").unwrap().1, at(0));
    }

    #[test]
    fn ids_are_the_same_on_every_machine() {
        // Written down once; a change here would change every ID people have noted.
        let (_, all) = ids(TEXT);
        let shown: Vec<String> = (0..3).map(|k| all.shown(at(k))).collect();
        assert_eq!(shown, ["1e05185e", "63ed5c1f", "b6cd8276"]);
    }
}
