//! Merging two people's versions of one file against the version they both started from:
//! what `git` asks careledger's merge driver for when a shared workspace is synced.
//!
//! A journal is merged entry by entry, each entry known by its [`EntryId`] (a hash of its
//! own text), never line by line:
//! - an entry added on one side, or on both, is kept; additions made at the same place on
//!   both sides (both appended, say) are interleaved in date order;
//! - an entry changed (edited, re-marked, removed) on one side only takes that change;
//! - an entry changed on both sides, differently, is a **clash**: this side's version stays
//!   an entry and the other side's is kept below it as comment lines (`; clash:` and then
//!   `; | ` before each of its lines), so it is not counted twice and not lost.
//!   `careledger check` lists every clash until the lines are deleted.
//!
//! plan.toml is merged key by key (outcomes and streams by their `id`); a key changed on
//! both sides differently keeps this side's value, and a `# clash:` comment at the end of
//! the file says what the other side had.

use std::collections::HashMap;

use chrono::NaiveDate;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::entry::{EntryId, EntryIds, Place};
use super::journal::Journal;

/// The first words of every line that marks a clash in a journal.
pub const JOURNAL_CLASH: &str = "; clash:";
/// The first words of every line that marks a clash in a plan.
pub const PLAN_CLASH: &str = "# clash:";
/// What starts each line of the other side's version of a clashing entry.
const KEPT_LINE: &str = "; | ";

/// A merged file and how many clashes it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    pub clashes: usize,
}

/// One version of a journal, cut into its entries.
struct Version<'a> {
    /// Everything before the first entry (all of it when there is none).
    header: &'a str,
    items: Vec<Item<'a>>,
    /// Everything after the last entry.
    tail: &'a str,
}

struct Item<'a> {
    id: EntryId,
    /// The text between the entry before and this one (blank lines, comments, directives).
    gap: &'a str,
    text: &'a str,
    date: NaiveDate,
    payee: &'a str,
}

fn cut(j: &Journal) -> Version<'_> {
    let text = j.text();
    let ids = EntryIds::of(std::slice::from_ref(j));
    let txs = j.transactions();
    let Some(first) = txs.first() else {
        return Version {
            header: text,
            items: Vec::new(),
            tail: "",
        };
    };
    let mut items = Vec::with_capacity(txs.len());
    let mut end = first.span.start as usize;
    for (index, tx) in txs.iter().enumerate() {
        let r = tx.span.range();
        items.push(Item {
            id: ids.id(Place { journal: 0, index }),
            gap: &text[end..r.start],
            text: &text[r.clone()],
            date: tx.date,
            payee: j.payee(tx),
        });
        end = r.end;
    }
    Version {
        header: &text[..first.span.start as usize],
        items,
        tail: &text[end..],
    }
}

/// What one side did with one entry of the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    /// Still there (perhaps re-marked): its index on that side.
    Kept(usize),
    /// Replaced by that side's entry at this index (an edit).
    Replaced(usize),
    Removed,
}

/// How one side differs from the base: each base entry's fate, and the entries added
/// before base entry `k` (`added[base.len()]`: after the last).
struct Changes {
    fate: Vec<Fate>,
    added: Vec<Vec<usize>>,
}

fn changes(base: &Version, side: &Version) -> Changes {
    let old: Vec<EntryId> = base.items.iter().map(|i| i.id).collect();
    let new: Vec<EntryId> = side.items.iter().map(|i| i.id).collect();
    let mut fate = vec![Fate::Removed; old.len()];
    let mut added = vec![Vec::new(); old.len() + 1];
    for op in capture_diff_slices(Algorithm::Myers, &old, &new) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    fate[old_index + k] = Fate::Kept(new_index + k);
                }
            }
            DiffOp::Delete { .. } => {}
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => added[old_index].extend(new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let pairs = pair(
                    &base.items[old_index..old_index + old_len],
                    &side.items[new_index..new_index + new_len],
                );
                let mut used = vec![false; new_len];
                for (k, p) in pairs.iter().enumerate() {
                    if let Some(n) = *p {
                        fate[old_index + k] = Fate::Replaced(new_index + n);
                        used[n] = true;
                    }
                }
                added[old_index + old_len]
                    .extend((0..new_len).filter(|&n| !used[n]).map(|n| new_index + n));
            }
        }
    }
    Changes { fate, added }
}

/// Which of `new` each of `old` became, where entries were replaced: the one with the same
/// date and payee, else the same payee, else the same date (an edit changes a field or
/// two); when as many came as went, the rest in order. An old entry paired with none was
/// removed, a new one paired with none added.
fn pair(old: &[Item], new: &[Item]) -> Vec<Option<usize>> {
    let mut out = vec![None; old.len()];
    let mut used = vec![false; new.len()];
    type Same = dyn Fn(&Item, &Item) -> bool;
    let tests: [&Same; 3] = [
        &|a, b| a.date == b.date && a.payee == b.payee,
        &|a, b| a.payee == b.payee,
        &|a, b| a.date == b.date,
    ];
    for same in tests {
        for (k, o) in old.iter().enumerate() {
            if out[k].is_some() {
                continue;
            }
            if let Some(n) = (0..new.len()).find(|&n| !used[n] && same(o, &new[n])) {
                out[k] = Some(n);
                used[n] = true;
            }
        }
    }
    if old.len() == new.len() {
        let mut free = (0..new.len()).filter(|&n| !used[n]);
        for slot in out.iter_mut().filter(|s| s.is_none()) {
            *slot = free.next();
        }
    }
    out
}

/// Merge three versions of a journal: `base` the one both sides started from, `ours` this
/// side's, `theirs` the other's. Refuses (with the reason) a version that does not read.
/// The texts are taken as given (a journal of years is tens of megabytes: not copied).
pub fn journal(
    base: impl Into<String>,
    ours: impl Into<String>,
    theirs: impl Into<String>,
) -> Result<Merged, String> {
    let read = |text: String, which: &str| {
        Journal::parse(text).map_err(|e| format!("{which} version, line {e}"))
    };
    let (jb, jo, jt) = (
        read(base.into(), "the common")?,
        read(ours.into(), "this side's")?,
        read(theirs.into(), "the other side's")?,
    );
    let (b, o, t) = (cut(&jb), cut(&jo), cut(&jt));
    let (co, ct) = (changes(&b, &o), changes(&b, &t));
    let mut out = Out::default();
    out.text
        .push_str(&three_way_text(b.header, o.header, t.header));
    for k in 0..=b.items.len() {
        out.additions(&o, &co.added[k], &t, &ct.added[k]);
        let Some(bi) = b.items.get(k) else { break };
        let side = |v: &'_ Version<'_>, f: Fate| -> Option<(String, String)> {
            match f {
                Fate::Kept(i) | Fate::Replaced(i) => {
                    Some((v.items[i].gap.to_string(), v.items[i].text.to_string()))
                }
                Fate::Removed => None,
            }
        };
        let (fo, ft) = (co.fate[k], ct.fate[k]);
        let unchanged =
            |v: &Version, f: Fate| matches!(f, Fate::Kept(i) if v.items[i].text == bi.text);
        let (vo, vt) = (side(&o, fo), side(&t, ft));
        let chosen = match (unchanged(&o, fo), unchanged(&t, ft)) {
            // Neither changed what the entry says: keep it (with whichever gap changed).
            (true, true) => vo.map(|(g, text)| {
                let gt = &t.items[kept(ft)].gap;
                (three_way_text(bi.gap, &g, gt), text)
            }),
            (true, false) => vt,
            (false, true) => vo,
            (false, false) => {
                if vo.as_ref().map(|v| &v.1) == vt.as_ref().map(|v| &v.1) {
                    vo
                } else if let (Fate::Kept(_), Fate::Kept(_)) = (fo, ft) {
                    // Both re-marked it differently: the entry says the same; keep ours.
                    vo
                } else {
                    out.clash(vo, vt);
                    continue;
                }
            }
        };
        if let Some((gap, text)) = chosen {
            out.entry(&gap, &text);
        } else if !bi.gap.trim().is_empty() {
            // A removed entry's comments and directives stay: nothing typed is lost.
            out.gap(bi.gap);
        }
    }
    out.gap(&three_way_text(b.tail, o.tail, t.tail));
    let merged = Merged {
        text: out.text,
        clashes: out.clashes,
    };
    Journal::parse(merged.text.clone())
        .map_err(|e| format!("the merged journal would not read back (line {e})"))?;
    Ok(merged)
}

fn kept(f: Fate) -> usize {
    match f {
        Fate::Kept(i) | Fate::Replaced(i) => i,
        Fate::Removed => 0,
    }
}

#[derive(Default)]
struct Out {
    text: String,
    clashes: usize,
}

impl Out {
    fn gap(&mut self, gap: &str) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.text.push_str(gap);
    }

    fn entry(&mut self, gap: &str, text: &str) {
        self.gap(gap);
        // Entries are kept apart by a blank line, as careledger writes them.
        if !self.text.is_empty() && !self.text.ends_with("\n\n") && gap.trim().is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(text);
        if !text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// Both sides' additions at one place, interleaved by date (this side's first on a
    /// date both have); one added identically on both sides is kept once.
    fn additions(&mut self, o: &Version, ours: &[usize], t: &Version, theirs: &[usize]) {
        let mine: HashMap<EntryId, ()> = ours.iter().map(|&i| (o.items[i].id, ())).collect();
        let theirs: Vec<usize> = theirs
            .iter()
            .copied()
            .filter(|&i| !mine.contains_key(&t.items[i].id))
            .collect();
        let (mut a, mut b) = (ours.iter().peekable(), theirs.iter().peekable());
        loop {
            let take_theirs = match (a.peek(), b.peek()) {
                (None, None) => break,
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (Some(&&x), Some(&&y)) => t.items[y].date < o.items[x].date,
            };
            let item = if take_theirs {
                &t.items[*b.next().unwrap_or(&0)]
            } else {
                &o.items[*a.next().unwrap_or(&0)]
            };
            self.entry(item.gap, item.text);
        }
    }

    /// Both versions of an entry changed differently on each side: this side's stays the
    /// entry (or the other's, when this side removed it), the other is kept as comments.
    fn clash(&mut self, ours: Option<(String, String)>, theirs: Option<(String, String)>) {
        self.clashes += 1;
        match (ours, theirs) {
            (Some((gap, text)), Some((_, other))) => {
                self.entry(&gap, &text);
                self.text.push_str(&format!(
                    "{JOURNAL_CLASH} two people changed the entry above differently; the other version follows. Keep the right one (change the entry above to match), then delete these lines\n"
                ));
                for line in other.lines() {
                    self.text.push_str(KEPT_LINE);
                    self.text.push_str(line.trim_end_matches('\r'));
                    self.text.push('\n');
                }
            }
            (Some((gap, text)), None) | (None, Some((gap, text))) => {
                self.entry(&gap, &text);
                self.text.push_str(&format!(
                    "{JOURNAL_CLASH} one person changed the entry above and another removed it; it is kept. Remove it if it should go, then delete this line\n"
                ));
            }
            (None, None) => {}
        }
    }
}

/// Plain text merged three ways: a side that did not change it takes the other's change;
/// when both changed it differently, this side's text with the other's new lines after it
/// (a header's new `account` directives, say).
fn three_way_text(base: &str, ours: &str, theirs: &str) -> String {
    if ours == theirs || theirs == base {
        return ours.to_string();
    }
    if ours == base {
        return theirs.to_string();
    }
    let mine: Vec<&str> = ours.lines().collect();
    let mut out = ours.to_string();
    for line in theirs.lines() {
        if !line.trim().is_empty() && !mine.contains(&line) {
            if !out.is_empty() && !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The lines (1-based) of a journal's or plan's text that mark a clash, with the line.
pub fn clash_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with(JOURNAL_CLASH) || l.starts_with(PLAN_CLASH))
        .map(|(k, _)| k + 1)
        .collect()
}

/// Merge three versions of a plan key by key (see the module note). Refuses a version that
/// is not TOML.
pub fn plan(base: &str, ours: &str, theirs: &str) -> Result<Merged, String> {
    let read = |text: &str, which: &str| {
        text.parse::<toml_edit::DocumentMut>()
            .map_err(|e| format!("{which} version: {e}"))
    };
    let b = read(base, "the common")?;
    let mut o = read(ours, "this side's")?;
    let t = read(theirs, "the other side's")?;
    let mut clashes = Vec::new();
    merge_table(
        Some(b.as_table()),
        o.as_table_mut(),
        t.as_table(),
        "",
        &mut clashes,
    );
    let mut text = o.to_string();
    for c in &clashes {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&format!("{PLAN_CLASH} {c}\n"));
    }
    Ok(Merged {
        text,
        clashes: clashes.len(),
    })
}

/// An item's value without the spaces and comments around it, to compare by.
fn same(a: Option<&toml_edit::Item>, b: Option<&toml_edit::Item>) -> bool {
    let norm = |i: Option<&toml_edit::Item>| {
        i.map(|i| match i.as_value() {
            Some(v) => v.clone().decorated("", "").to_string(),
            None => i.to_string().trim().to_string(),
        })
    };
    norm(a) == norm(b)
}

fn merge_table(
    base: Option<&toml_edit::Table>,
    ours: &mut toml_edit::Table,
    theirs: &toml_edit::Table,
    path: &str,
    clashes: &mut Vec<String>,
) {
    let name = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    let mut keys: Vec<String> = theirs.iter().map(|(k, _)| k.to_string()).collect();
    for (k, _) in ours.iter() {
        if !keys.iter().any(|x| x == k) {
            keys.push(k.to_string());
        }
    }
    for key in keys {
        let b = base.and_then(|t| t.get(&key));
        let t = theirs.get(&key);
        let o = ours.get(&key);
        if same(o, t) || same(t, b) {
            continue;
        }
        if same(o, b) {
            match t {
                Some(t) => {
                    ours.insert(&key, t.clone());
                }
                None => {
                    ours.remove(&key);
                }
            }
            continue;
        }
        let here = name(&key);
        match (ours.get_mut(&key), t) {
            (Some(toml_edit::Item::Table(ot)), Some(toml_edit::Item::Table(tt))) => {
                merge_table(b.and_then(|b| b.as_table()), ot, tt, &here, clashes);
            }
            (
                Some(toml_edit::Item::ArrayOfTables(oa)),
                Some(toml_edit::Item::ArrayOfTables(ta)),
            ) => merge_array(b.and_then(|b| b.as_array_of_tables()), oa, ta, &here, clashes),
            (Some(oi), Some(ti)) => {
                if let (Some(ov), Some(tv), Some(bv)) = (
                    oi.as_inline_table_mut(),
                    ti.as_inline_table(),
                    b.and_then(|b| b.as_inline_table()),
                ) {
                    // An inline table (an allocation) merged key by key too.
                    let mut ot = ov.clone().into_table();
                    merge_table(
                        Some(&bv.clone().into_table()),
                        &mut ot,
                        &tv.clone().into_table(),
                        &here,
                        clashes,
                    );
                    let mut merged = ot.into_inline_table();
                    *merged.decor_mut() = ov.decor().clone();
                    *ov = merged;
                } else {
                    clashes.push(format!(
                        "{here} was changed on both sides; this file keeps {}, the other side had {}. Set the right value, then delete this line",
                        oi.to_string().trim(),
                        ti.to_string().trim()
                    ));
                }
            }
            (Some(oi), None) => clashes.push(format!(
                "{here} was changed on this side and removed on the other; it is kept as {}. Delete it if it should go, then delete this line",
                oi.to_string().trim()
            )),
            (None, Some(ti)) => {
                clashes.push(format!(
                    "{here} was removed on this side and changed on the other; it is kept as the other side had it. Delete it if it should go, then delete this line"
                ));
                ours.insert(&key, ti.clone());
            }
            (None, None) => {}
        }
    }
}

/// The key an element of an array of tables is known by: its `id`, else its place.
fn element_key(t: &toml_edit::Table, index: usize) -> String {
    t.get("id")
        .and_then(|v| v.as_str())
        .map(|s| format!("id={s}"))
        .unwrap_or_else(|| format!("#{index}"))
}

fn merge_array(
    base: Option<&toml_edit::ArrayOfTables>,
    ours: &mut toml_edit::ArrayOfTables,
    theirs: &toml_edit::ArrayOfTables,
    path: &str,
    clashes: &mut Vec<String>,
) {
    let keyed = |a: &toml_edit::ArrayOfTables| -> Vec<(String, toml_edit::Table)> {
        a.iter()
            .enumerate()
            .map(|(k, t)| (element_key(t, k), t.clone()))
            .collect()
    };
    let b = base.map(keyed).unwrap_or_default();
    let t = keyed(theirs);
    let mut o = keyed(ours);
    let find = |v: &[(String, toml_edit::Table)], k: &str| v.iter().position(|(x, _)| x == k);
    // The other side's removals of elements this side left alone.
    o.retain(|(k, ot)| {
        let in_base = find(&b, k).map(|i| &b[i].1);
        match (in_base, find(&t, k)) {
            (Some(bt), None) => ot.to_string() != bt.to_string(),
            _ => true,
        }
    });
    for (k, tt) in &t {
        let bt = find(&b, k).map(|i| &b[i].1);
        match find(&o, k) {
            Some(i) => {
                let here = format!("{path}[{}]", k.trim_start_matches("id="));
                merge_table(bt, &mut o[i].1, tt, &here, clashes);
            }
            None => match bt {
                // Added on the other side.
                None => o.push((k.clone(), tt.clone())),
                // Removed here; the other side changed it: kept, and said.
                Some(bt) if bt.to_string() != tt.to_string() => {
                    clashes.push(format!(
                        "{path}[{}] was removed on this side and changed on the other; it is kept as the other side had it. Delete it if it should go, then delete this line",
                        k.trim_start_matches("id=")
                    ));
                    o.push((k.clone(), tt.clone()));
                }
                Some(_) => {}
            },
        }
    }
    let mut merged = toml_edit::ArrayOfTables::new();
    for (_, table) in o {
        merged.push(table);
    }
    *ours = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "; careledger journal: hledger format, amounts in pounds\ncommodity £1,000.00\n\naccount assets:direct-payment:social-care\naccount expenses:shop\n";

    fn entry(date: &str, payee: &str, pence: &str) -> String {
        format!(
            "\n{date} {payee}\n    expenses:shop  £{pence}\n    assets:direct-payment:social-care\n"
        )
    }

    #[test]
    fn additions_on_both_sides_are_kept_in_date_order() {
        let base = format!("{HEAD}{}", entry("2026-04-01", "A", "1.00"));
        let ours = format!("{base}{}", entry("2026-04-05", "Ours", "5.00"));
        let theirs = format!("{base}{}", entry("2026-04-03", "Theirs", "3.00"));
        let m = journal(&base, &ours, &theirs).unwrap();
        assert_eq!(m.clashes, 0);
        assert_eq!(
            m.text,
            format!(
                "{HEAD}{}{}{}",
                entry("2026-04-01", "A", "1.00"),
                entry("2026-04-03", "Theirs", "3.00"),
                entry("2026-04-05", "Ours", "5.00")
            )
        );
    }

    #[test]
    fn an_edit_on_one_side_and_an_addition_on_the_other_both_land() {
        let base = format!("{HEAD}{}", entry("2026-04-01", "A", "1.00"));
        let ours = format!("{HEAD}{}", entry("2026-04-01", "A", "2.00"));
        let theirs = format!("{base}{}", entry("2026-04-03", "B", "3.00"));
        let m = journal(&base, &ours, &theirs).unwrap();
        assert_eq!(
            m.text,
            format!(
                "{HEAD}{}{}",
                entry("2026-04-01", "A", "2.00"),
                entry("2026-04-03", "B", "3.00")
            )
        );
    }

    #[test]
    fn the_same_entry_changed_differently_keeps_both_the_other_as_comments() {
        let base = format!("{HEAD}{}", entry("2026-04-01", "A", "1.00"));
        let ours = format!("{HEAD}{}", entry("2026-04-01", "A", "2.00"));
        let theirs = format!("{HEAD}{}", entry("2026-04-01", "A", "9.00"));
        let m = journal(&base, &ours, &theirs).unwrap();
        assert_eq!(m.clashes, 1);
        let expected = format!(
            "{HEAD}{}{JOURNAL_CLASH} two people changed the entry above differently; the other version follows. Keep the right one (change the entry above to match), then delete these lines\n; | 2026-04-01 A\n; |     expenses:shop  £9.00\n; |     assets:direct-payment:social-care\n",
            entry("2026-04-01", "A", "2.00")
        );
        assert_eq!(m.text, expected);
        // The line of the clash mark: the header's 5 lines, a blank, the entry's 3 lines.
        assert_eq!(clash_lines(&m.text), vec![10]);
    }

    #[test]
    fn new_accounts_declared_on_both_sides_are_both_kept() {
        let base = HEAD.to_string();
        let ours = format!(
            "{HEAD}\naccount expenses:taxi\n{}",
            entry("2026-04-02", "O", "1.00")
        );
        let theirs = format!(
            "{HEAD}\naccount expenses:bus\n{}",
            entry("2026-04-03", "T", "1.00")
        );
        let m = journal(&base, &ours, &theirs).unwrap();
        assert!(m.text.contains("account expenses:taxi\n"), "{}", m.text);
        assert!(m.text.contains("account expenses:bus\n"), "{}", m.text);
        let o = m.text.find("2026-04-02 O").unwrap();
        let t = m.text.find("2026-04-03 T").unwrap();
        assert!(o < t);
    }

    #[test]
    fn a_mark_on_one_side_and_an_edit_on_the_other_clash() {
        let base = format!("{HEAD}{}", entry("2026-04-01", "A", "1.00"));
        let ours = base.replace("2026-04-01 A", "2026-04-01 * A");
        let theirs = format!("{HEAD}{}", entry("2026-04-01", "A", "3.00"));
        assert_eq!(journal(&base, &ours, &theirs).unwrap().clashes, 1);
        // A mark alone merges with an addition.
        let theirs = format!("{base}{}", entry("2026-04-02", "B", "3.00"));
        let m = journal(&base, &ours, &theirs).unwrap();
        assert_eq!(m.clashes, 0);
        assert!(m.text.contains("2026-04-01 * A\n") && m.text.contains("2026-04-02 B\n"));
    }

    #[test]
    fn an_entry_edited_beside_one_removed_is_paired_by_its_payee() {
        // Undoing the taxi's recording after it was edited: the edit and the removal clash.
        let after = format!(
            "{HEAD}{}{}",
            entry("2026-04-01", "Shop", "1.00"),
            entry("2026-04-02", "Taxi", "5.00")
        );
        let now = format!("{HEAD}{}", entry("2026-04-02", "Taxi", "6.00"));
        let before = format!("{HEAD}{}", entry("2026-04-01", "Shop", "1.00"));
        let m = journal(&after, &now, &before).unwrap();
        assert_eq!(m.clashes, 1, "{}", m.text);
    }

    const PLAN: &str = "[holder]\nname = \"Ann\"\n\n[[outcomes]]\nid = \"home\"\ntitle = \"Home\"\nallocation = { social-care = \"100.00\", health = \"5.00\" }\n\n[[reviews]]\ndate = 2026-10-01\n";

    #[test]
    fn a_plan_merges_by_key() {
        let ours = PLAN.replace("\"100.00\"", "\"150.00\"");
        let theirs = PLAN
            .replace("\"5.00\"", "\"7.00\"")
            .replace("name = \"Ann\"", "name = \"Ann W\"");
        let m = plan(PLAN, &ours, &theirs).unwrap();
        assert_eq!(m.clashes, 0);
        assert_eq!(
            m.text,
            PLAN.replace("\"100.00\"", "\"150.00\"")
                .replace("\"5.00\"", "\"7.00\"")
                .replace("name = \"Ann\"", "name = \"Ann W\"")
        );
    }

    #[test]
    fn a_plan_value_changed_both_ways_is_a_clash_keeping_ours() {
        let ours = PLAN.replace("2026-10-01", "2026-11-01");
        let theirs = PLAN.replace("2026-10-01", "2026-12-01");
        let m = plan(PLAN, &ours, &theirs).unwrap();
        assert_eq!(m.clashes, 1);
        assert!(m.text.starts_with(&ours), "{}", m.text);
        assert!(
            m.text.ends_with("# clash: reviews[#0].date was changed on both sides; this file keeps 2026-11-01, the other side had 2026-12-01. Set the right value, then delete this line\n"),
            "{}",
            m.text
        );
    }

    #[test]
    fn an_outcome_added_on_each_side_keeps_both() {
        let add = |id: &str| format!("{PLAN}\n[[outcomes]]\nid = \"{id}\"\ntitle = \"{id}\"\n");
        let m = plan(PLAN, &add("out"), &add("learn")).unwrap();
        assert_eq!(m.clashes, 0);
        let doc: toml_edit::DocumentMut = m.text.parse().unwrap();
        let ids: Vec<&str> = doc["outcomes"]
            .as_array_of_tables()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["home", "out", "learn"]);
    }
}
