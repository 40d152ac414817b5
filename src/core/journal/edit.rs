//! Changing one entry in place: only the fields that change are rewritten, so everything
//! else a person typed inside or around the entry (comments on the header, comment lines,
//! comments after postings, their own spacing, tags careledger does not set) stays byte for
//! byte.
//!
//! [`Journal::with_edited`] compares the entry as it reads with the [`NewTransaction`] it
//! should become and patches the text: the date, mark, payee and note on the header line;
//! each tag's value where it is written (a tag that is new gets a line of its own before the
//! postings; one that goes is taken out of its comment, and the comment line too once
//! nothing is left on it); each posting's account and amount in its line. An entry whose
//! postings do not pair up with the new ones is refused rather than rewritten.

use std::ops::Range;

use super::write::NewTransaction;
use super::{Journal, Status};
use crate::core::money::Money;

/// One replacement in the journal's text.
struct Patch {
    at: Range<usize>,
    with: String,
}

impl Journal {
    /// The text with transaction `index` changed to read as `new`, changing only what
    /// differs (see the module note). `Err` says why the entry cannot be changed that way.
    pub fn with_edited(&self, index: usize, new: &NewTransaction) -> Result<String, String> {
        let tx = &self.transactions[index];
        let text = &self.text;
        let start = tx.span.start as usize;
        let mut patches = Vec::new();

        // --- The header line ---------------------------------------------------------
        let header_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let header = &text[start..header_end];
        let date_end = start + header.find([' ', '\t', ';']).unwrap_or(header.len());
        let date = new.date.format("%Y-%m-%d").to_string();
        if text[start..date_end] != date {
            patches.push(Patch {
                at: start..date_end,
                with: date,
            });
        }
        if tx.status != new.status {
            // Between the date and whatever follows it: the mark, if any, and its spacing.
            let after = &text[date_end..header_end];
            let ws = after.len() - after.trim_start().len();
            let rest = &after[ws..];
            let mark_len = match rest.as_bytes().first() {
                Some(b'*' | b'!') => 1 + (rest[1..].len() - rest[1..].trim_start().len()),
                _ => 0,
            };
            let old = date_end..date_end + ws + mark_len;
            let followed = date_end + ws + mark_len < header_end;
            let with = match (new.status, followed) {
                (Status::Unmarked, true) => " ".to_string(),
                (Status::Unmarked, false) => String::new(),
                (s, true) => format!(" {} ", s.mark()),
                (s, false) => format!(" {}", s.mark()),
            };
            patches.push(Patch { at: old, with });
        }
        let payee = tx.payee.range();
        if self.str(tx.payee) != new.payee.trim() {
            patches.push(Patch {
                at: payee.clone(),
                with: new.payee.trim().to_string(),
            });
        }
        let new_note = new.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        match (tx.note, new_note) {
            (Some(old), Some(n)) if self.str(old) != n => patches.push(Patch {
                at: old.range(),
                with: n.to_string(),
            }),
            (Some(old), None) => {
                // From the end of the payee (the `|` and its spacing) to the end of the note.
                patches.push(Patch {
                    at: payee.end..old.end as usize,
                    with: String::new(),
                })
            }
            (None, Some(n)) => patches.push(Patch {
                at: payee.end..payee.end,
                with: format!(" | {n}"),
            }),
            _ => {}
        }
        if self.code(tx) != new.code.as_deref() {
            return Err("the entry's code (in brackets after the date) would change; change it in a text editor".into());
        }

        // --- Tags ----------------------------------------------------------------------
        let all_tags =
            &self.blocks[tx.block as usize].tags[tx.tags.start as usize..tx.tags.end as usize];
        // The entry's own tags here; its postings' (a split entry's outcomes) with them.
        let old_tags: Vec<(Range<usize>, Range<usize>)> = all_tags
            .iter()
            .filter(|t| t.posting == 0)
            .map(|t| (t.name.range(), t.value.range()))
            .collect();
        let first_posting_line = self
            .postings(tx)
            .first()
            .map(|p| p.line)
            .ok_or("the entry has no postings")?;
        let posting_start = line_start(text, start, tx.line, first_posting_line);
        let mut inserted = String::new();
        let mut seen_names: Vec<&str> = Vec::new();
        for (name, _) in &new.tags {
            if seen_names.contains(&name.as_str()) {
                continue;
            }
            seen_names.push(name);
            let wanted: Vec<&str> = new
                .tags
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect();
            let have: Vec<&(Range<usize>, Range<usize>)> = old_tags
                .iter()
                .filter(|(n, _)| &text[n.clone()] == name.as_str())
                .collect();
            for (k, v) in wanted.iter().enumerate() {
                match have.get(k) {
                    Some((_, old)) if &text[old.clone()] == *v => {}
                    Some((n, old)) if old.is_empty() => patches.push(Patch {
                        // `name:` with nothing after it: the value goes after the colon.
                        at: n.end + 1..old.end.max(n.end + 1),
                        with: format!(" {v}"),
                    }),
                    Some((_, old)) => patches.push(Patch {
                        at: old.clone(),
                        with: v.to_string(),
                    }),
                    None => inserted.push_str(&format!("    ; {name}: {value}\n", value = v)),
                }
            }
            for (n, v) in have.iter().skip(wanted.len()) {
                patches.push(remove_tag(text, n.clone(), v.clone()));
            }
        }
        for (n, v) in &old_tags {
            let name = &text[n.clone()];
            if !new.tags.iter().any(|(t, _)| t == name) {
                patches.push(remove_tag(text, n.clone(), v.clone()));
            }
        }
        if !inserted.is_empty() {
            patches.push(Patch {
                at: posting_start..posting_start,
                with: inserted,
            });
        }

        // --- Postings ------------------------------------------------------------------
        let old_postings = self.postings(tx);
        if old_postings.len() != new.postings.len() {
            // A split gains or loses a line: the posting lines are written anew, which is
            // safe only when nothing of the person's own is among them.
            let from = line_start(text, start, tx.line, first_posting_line);
            let end = tx.span.end as usize;
            if let Some(why) = own_words_in_postings(text, from, end) {
                return Err(format!(
                    "the entry has {} postings and would have {}, and {why}; change it in a text editor",
                    old_postings.len(),
                    new.postings.len()
                ));
            }
            let mut lines = String::new();
            new.render_postings(&mut lines);
            patches.push(Patch {
                at: from..end,
                with: lines,
            });
            return apply(text, patches);
        }
        // Pair each new posting with the old one on the same account, then the rest in order.
        let mut pair: Vec<Option<usize>> = vec![None; new.postings.len()];
        let mut used = vec![false; old_postings.len()];
        for (k, p) in new.postings.iter().enumerate() {
            if let Some(o) = (0..old_postings.len())
                .find(|&o| !used[o] && self.account_name(old_postings[o].account) == p.account)
            {
                pair[k] = Some(o);
                used[o] = true;
            }
        }
        for slot in pair.iter_mut().filter(|s| s.is_none()) {
            let o = (0..old_postings.len())
                .find(|&o| !used[o])
                .ok_or("the postings do not pair up")?;
            *slot = Some(o);
            used[o] = true;
        }
        let explicit_sum: Money = new.postings.iter().filter_map(|p| p.amount).sum();
        for (k, p) in new.postings.iter().enumerate() {
            let old = &old_postings[pair[k].ok_or("the postings do not pair up")?];
            if old.has_assertion() {
                return Err(
                    "the entry has a balance check on a posting; change it in a text editor".into(),
                );
            }
            let ls = line_start(text, start, tx.line, old.line);
            let le = text[ls..].find('\n').map_or(text.len(), |i| ls + i);
            let parts = posting_parts(&text[ls..le]).ok_or("a posting line cannot be read")?;
            let account = ls + parts.account.start..ls + parts.account.end;
            if text[account.clone()] != p.account {
                patches.push(Patch {
                    at: account.clone(),
                    with: p.account.clone(),
                });
            }
            // What the posting should say: its own amount, or (left out in `new`) the
            // balancing amount, written only where the old line wrote one.
            let wanted = p.amount.or_else(|| old.explicit.then_some(-explicit_sum));
            match (parts.amount, wanted) {
                (Some(r), Some(m)) => {
                    if old.amount != m || !old.explicit {
                        patches.push(Patch {
                            at: ls + r.start..ls + r.end,
                            with: m.journal(),
                        });
                    }
                }
                (None, Some(m)) => patches.push(Patch {
                    at: account.end..account.end,
                    with: format!("  {}", m.journal()),
                }),
                (Some(_), None) | (None, None) => {}
            }
            let o = pair[k].ok_or("the postings do not pair up")?;
            let own: Vec<&super::Tag> = all_tags
                .iter()
                .filter(|t| t.posting as usize == o + 1)
                .collect();
            posting_tag_patches(text, le, &own, &p.tags, &mut patches);
        }

        apply(text, patches)
    }
}

/// The text with `patches` made, refusing two that touch one place.
fn apply(text: &str, mut patches: Vec<Patch>) -> Result<String, String> {
    patches.sort_by_key(|p| (p.at.start, p.at.end));
    for w in patches.windows(2) {
        if w[0].at.end > w[1].at.start {
            return Err("the change touches one place twice; change it in a text editor".into());
        }
    }
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for p in &patches {
        out.push_str(&text[at..p.at.start]);
        out.push_str(&p.with);
        at = p.at.end;
    }
    out.push_str(&text[at..]);
    Ok(out)
}

/// What of the person's own is in the posting lines `from..end`, which careledger would
/// not write back: a comment line, a comment other than tags, a mark or a balance check.
fn own_words_in_postings(text: &str, from: usize, end: usize) -> Option<&'static str> {
    for line in text[from..end].lines() {
        let content = line.trim_start();
        if content.is_empty() {
            continue;
        }
        if content.starts_with(';') {
            return Some("a comment line is among its postings");
        }
        if content.starts_with(['*', '!']) {
            return Some("a posting is marked");
        }
        let Some((body, comment)) = content.split_once(';') else {
            if content.contains('=') {
                return Some("a posting has a balance check");
            }
            continue;
        };
        if body.contains('=') {
            return Some("a posting has a balance check");
        }
        // A comment that is nothing but tags is written back as tags.
        let only_tags = comment.split(',').all(|part| {
            let part = part.trim();
            part.is_empty()
                || part
                    .split_once(':')
                    .is_some_and(|(n, _)| !n.trim().is_empty() && !n.trim().contains(' '))
        });
        if !only_tags {
            return Some("a posting has a comment of your own");
        }
    }
    None
}

/// Make posting line (ending at `line_end`) carry the tags `wanted`: a value that differs
/// is changed where it is, one that is new is added to the line's comment (or a comment
/// begun), one that goes is taken out.
fn posting_tag_patches(
    text: &str,
    line_end: usize,
    own: &[&super::Tag],
    wanted: &[(String, String)],
    patches: &mut Vec<Patch>,
) {
    let mut added = String::new();
    let line_start = text[..line_end].rfind('\n').map_or(0, |i| i + 1);
    let has_comment = text[line_start..line_end].contains(';');
    for (name, value) in wanted {
        match own.iter().find(|t| &text[t.name.range()] == name.as_str()) {
            Some(t) if &text[t.value.range()] == value.as_str() => {}
            Some(t) => patches.push(Patch {
                at: t.value.range(),
                with: value.clone(),
            }),
            None => {
                if has_comment || !added.is_empty() {
                    added.push_str(&format!(", {name}: {value}"));
                } else {
                    added.push_str(&format!("  ; {name}: {value}"));
                }
            }
        }
    }
    if !added.is_empty() {
        patches.push(Patch {
            at: line_end..line_end,
            with: added,
        });
    }
    for t in own {
        let name = &text[t.name.range()];
        if !wanted.iter().any(|(n, _)| n == name) {
            patches.push(remove_tag(text, t.name.range(), t.value.range()));
        }
    }
}

impl Journal {
    /// The text with the tag `name: value` added to transaction `index`, on a comment line
    /// of its own just before the postings; nothing else changes. `value` must be one line
    /// with no comma (a comma would end the tag's value).
    pub fn with_tag_added(&self, index: usize, name: &str, value: &str) -> Result<String, String> {
        if value.contains([',', '\n', '\r']) || value.trim() != value || value.is_empty() {
            return Err(format!(
                "\"{value}\" cannot be a tag's value (it must be one line with no comma)"
            ));
        }
        let tx = &self.transactions[index];
        let start = tx.span.start as usize;
        let first = self
            .postings(tx)
            .first()
            .map(|p| p.line)
            .ok_or("the entry has no postings")?;
        let at = line_start(&self.text, start, tx.line, first);
        let mut out = String::with_capacity(self.text.len() + name.len() + value.len() + 8);
        out.push_str(&self.text[..at]);
        out.push_str(&format!("    ; {name}: {value}\n"));
        out.push_str(&self.text[at..]);
        Ok(out)
    }

    /// The text with transaction `index`'s first tag `name: value` taken out of its comment
    /// (and the comment line too, once nothing is left on it); `Err` if it has no such tag.
    pub fn with_tag_removed(
        &self,
        index: usize,
        name: &str,
        value: &str,
    ) -> Result<String, String> {
        let tx = &self.transactions[index];
        let (n, v) = self.blocks[tx.block as usize].tags
            [tx.tags.start as usize..tx.tags.end as usize]
            .iter()
            .map(|t| (t.name.range(), t.value.range()))
            .find(|(n, v)| self.text[n.clone()] == *name && self.text[v.clone()] == *value)
            .ok_or_else(|| format!("the entry has no tag {name}: {value}"))?;
        let p = remove_tag(&self.text, n, v);
        let mut out = String::with_capacity(self.text.len());
        out.push_str(&self.text[..p.at.start]);
        out.push_str(&p.with);
        out.push_str(&self.text[p.at.end..]);
        Ok(out)
    }
}

/// The byte where line `line` starts, counting from the entry's header (line `header`,
/// starting at `start`).
fn line_start(text: &str, start: usize, header: u32, line: u32) -> usize {
    let mut at = start;
    for _ in header..line {
        at = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    }
    at
}

/// Where a posting line's account and amount are (byte ranges within the line).
struct PostingParts {
    account: Range<usize>,
    amount: Option<Range<usize>>,
}

fn posting_parts(line: &str) -> Option<PostingParts> {
    let b = line.as_bytes();
    let mut i = line.len() - line.trim_start().len();
    if matches!(b.get(i), Some(b'*' | b'!')) {
        i += 1;
        while matches!(b.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
    }
    let acc_start = i;
    // An account name ends at two spaces, a tab, a comment or the end of the line.
    while i < b.len() {
        if b[i] == b'\t' || b[i] == b';' || (b[i] == b' ' && b.get(i + 1) == Some(&b' ')) {
            break;
        }
        i += 1;
    }
    let acc_end = line[..i].trim_end().len().max(acc_start);
    if acc_end == acc_start {
        return None;
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let amount_start = i;
    while i < b.len() && !matches!(b[i], b';' | b'=' | b'@') {
        i += 1;
    }
    let amount_end = amount_start + line[amount_start..i].trim_end().len();
    Some(PostingParts {
        account: acc_start..acc_end,
        amount: (amount_end > amount_start).then_some(amount_start..amount_end),
    })
}

/// Take `name: value` out of its comment, with the comma that joins it to another tag; the
/// whole comment line goes when nothing else is on it.
fn remove_tag(text: &str, name: Range<usize>, value: Range<usize>) -> Patch {
    let ls = text[..name.start].rfind('\n').map_or(0, |i| i + 1);
    let le = text[name.start..]
        .find('\n')
        .map_or(text.len(), |i| name.start + i);
    let end = value.end.max(name.end + 1);
    let before = &text[ls..name.start];
    let after = &text[end..le];
    let only_on_line = before
        .trim_start()
        .trim_start_matches(';')
        .trim()
        .is_empty()
        && after.trim_start_matches(',').trim().is_empty();
    if only_on_line && before.trim_start().starts_with(';') {
        let next = (le + 1).min(text.len());
        return Patch {
            at: ls..next,
            with: String::new(),
        };
    }
    // Inside a longer comment: take the tag and one comma (after it, else before it).
    let rest = &text[end..le];
    if let Some(k) = rest.find(|c: char| c != ' ' && c != '\t')
        && rest[k..].starts_with(',')
    {
        let after_comma = end + k + 1;
        let ws = text[after_comma..le].len() - text[after_comma..le].trim_start().len();
        return Patch {
            at: name.start..after_comma + ws,
            with: String::new(),
        };
    }
    let head = text[ls..name.start].trim_end();
    if head.ends_with(',') {
        let comma = ls + head.len() - 1;
        return Patch {
            at: comma..end,
            with: String::new(),
        };
    }
    Patch {
        at: name.start..end,
        with: String::new(),
    }
}

#[cfg(test)]
mod tag_tests {
    use super::super::Journal;

    const ENTRY: &str = "2026-10-13 * Boots | plasters  ; outcome: home\n    ; receipt: R-1\n    expenses:equipment  £4.50\n    assets:direct-payment:sc\n\n2026-10-14 Tesco\n    expenses:food  £2.00  ; note\n    assets:direct-payment:sc\n";

    #[test]
    fn a_tag_is_added_on_its_own_line_and_taken_away_leaving_the_rest() {
        let j = Journal::parse(ENTRY.to_string()).unwrap();
        let added = j
            .with_tag_added(0, "evidence", "2026-27/boots.pdf")
            .unwrap();
        assert_eq!(
            added,
            ENTRY.replace(
                "    ; receipt: R-1\n",
                "    ; receipt: R-1\n    ; evidence: 2026-27/boots.pdf\n"
            )
        );
        let j2 = Journal::parse(added).unwrap();
        let tx = &j2.transactions()[0];
        assert_eq!(j2.tag(tx, "evidence"), Some("2026-27/boots.pdf"));
        assert_eq!(j2.tag(tx, "receipt"), Some("R-1"));
        let back = j2
            .with_tag_removed(0, "evidence", "2026-27/boots.pdf")
            .unwrap();
        assert_eq!(back, ENTRY);
        assert!(j.with_tag_removed(1, "evidence", "x").is_err());
        assert!(j.with_tag_added(0, "evidence", "a,b").is_err());
        // Into the second entry, whose posting has a comment of its own.
        let added = j.with_tag_added(1, "evidence", "x.pdf").unwrap();
        assert!(added.ends_with("2026-10-14 Tesco\n    ; evidence: x.pdf\n    expenses:food  £2.00  ; note\n    assets:direct-payment:sc\n"), "{added}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::journal::NewPosting;

    /// An entry as a person might type it: a comment on the header, a comment line that is
    /// not a tag, two tags on one line, a posting comment, their own spacing.
    const TYPED: &str = concat!(
        "; before\n\n",
        "2026-04-08 Meadowbank Lunch Club | by card   ; kept the receipt\n",
        "    ; lunch with Jo, her birthday\n",
        "    ; outcome: get-out, receipt: R-0001\n",
        "    ; stream: social-care\n",
        "    expenses:lunch-club      £30.00   ; two courses\n",
        "    assets:direct-payment:social-care\n",
        "\n; after\n",
    );

    fn j(text: &str) -> Journal {
        Journal::parse(text.to_string()).unwrap()
    }

    /// The entry as careledger would describe it now, to change a field of.
    fn as_new(j: &Journal) -> NewTransaction {
        let tx = &j.transactions()[0];
        NewTransaction {
            date: tx.date,
            status: tx.status,
            code: j.code(tx).map(str::to_string),
            payee: j.payee(tx).to_string(),
            note: j.note(tx).map(str::to_string),
            tags: j
                .tags(tx)
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            postings: vec![
                NewPosting {
                    account: "expenses:lunch-club".into(),
                    amount: Some(Money::parse("30.00").unwrap()),
                    tags: Vec::new(),
                },
                NewPosting {
                    account: "assets:direct-payment:social-care".into(),
                    amount: None,
                    tags: Vec::new(),
                },
            ],
        }
    }

    #[test]
    fn nothing_changed_is_the_same_bytes() {
        let j = j(TYPED);
        assert_eq!(j.with_edited(0, &as_new(&j)).unwrap(), TYPED);
    }

    #[test]
    fn changing_the_amount_changes_only_the_amount() {
        let j = j(TYPED);
        let mut new = as_new(&j);
        new.postings[0].amount = Some(Money::parse("31.50").unwrap());
        assert_eq!(
            j.with_edited(0, &new).unwrap(),
            TYPED.replace("£30.00   ;", "£31.50   ;")
        );
    }

    #[test]
    fn each_field_changes_in_its_own_place() {
        let j = j(TYPED);
        let mut new = as_new(&j);
        new.date = "2026-04-09".parse().unwrap();
        new.status = Status::Cleared;
        new.payee = "Meadowbank Club".into();
        new.note = Some("cash".into());
        for (n, v) in &mut new.tags {
            if n == "receipt" {
                *v = "R-0002".into();
            }
        }
        new.postings[0].account = "expenses:meals".into();
        assert_eq!(
            j.with_edited(0, &new).unwrap(),
            TYPED
                .replace(
                    "2026-04-08 Meadowbank Lunch Club | by card",
                    "2026-04-09 * Meadowbank Club | cash"
                )
                .replace("receipt: R-0001", "receipt: R-0002")
                .replace(
                    "expenses:lunch-club      £30.00",
                    "expenses:meals      £30.00"
                )
        );
    }

    #[test]
    fn tags_come_and_go_without_disturbing_the_comments_around_them() {
        let j = j(TYPED);
        // The receipt goes (its comma with it); a note goes; a new tag comes.
        let mut new = as_new(&j);
        new.tags.retain(|(n, _)| n != "receipt");
        new.tags.push(("entered-by".into(), "sam".into()));
        new.note = None;
        let out = j.with_edited(0, &new).unwrap();
        assert_eq!(
            out,
            TYPED
                .replace(" | by card", "")
                .replace("; outcome: get-out, receipt: R-0001", "; outcome: get-out")
                .replace(
                    "    expenses:lunch-club",
                    "    ; entered-by: sam\n    expenses:lunch-club"
                )
        );
        // The stream tag alone on its line goes with its line.
        let mut new = as_new(&j);
        new.tags.retain(|(n, _)| n != "stream");
        let out = j.with_edited(0, &new).unwrap();
        assert_eq!(out, TYPED.replace("    ; stream: social-care\n", ""));
        let back = Journal::parse(out).unwrap();
        assert_eq!(
            back.tag(&back.transactions()[0], "outcome"),
            Some("get-out")
        );
    }

    #[test]
    fn an_amount_written_on_both_postings_changes_on_both() {
        let text = "2026-04-08 Shop\n    expenses:food  £5.00\n    assets:direct-payment:sc  £-5.00  ; card\n";
        let j = j(text);
        let new = NewTransaction {
            date: "2026-04-08".parse().unwrap(),
            status: Status::Unmarked,
            code: None,
            payee: "Shop".into(),
            note: None,
            tags: vec![],
            postings: vec![
                NewPosting {
                    account: "expenses:food".into(),
                    amount: Some(Money::parse("6.25").unwrap()),
                    tags: Vec::new(),
                },
                NewPosting {
                    account: "assets:direct-payment:sc".into(),
                    amount: None,
                    tags: Vec::new(),
                },
            ],
        };
        let out = j.with_edited(0, &new).unwrap();
        assert_eq!(
            out,
            "2026-04-08 Shop\n    expenses:food  £6.25\n    assets:direct-payment:sc  £-6.25  ; card\n"
        );
        let back = Journal::parse(out).unwrap();
        let sum: Money = back
            .postings(&back.transactions()[0])
            .iter()
            .map(|p| p.amount)
            .sum();
        assert!(sum.is_zero());
    }

    #[test]
    fn clearing_a_mark_keeps_the_rest_of_the_header() {
        let text = "2026-04-08 * Shop  ; paid\n    expenses:food  £5.00\n    assets:x\n";
        let j = j(text);
        let mut new = NewTransaction {
            date: "2026-04-08".parse().unwrap(),
            status: Status::Unmarked,
            code: None,
            payee: "Shop".into(),
            note: None,
            tags: vec![],
            postings: vec![
                NewPosting {
                    account: "expenses:food".into(),
                    amount: Some(Money::parse("5.00").unwrap()),
                    tags: Vec::new(),
                },
                NewPosting {
                    account: "assets:x".into(),
                    amount: None,
                    tags: Vec::new(),
                },
            ],
        };
        assert_eq!(
            j.with_edited(0, &new).unwrap(),
            "2026-04-08 Shop  ; paid\n    expenses:food  £5.00\n    assets:x\n"
        );
        new.status = Status::Pending;
        assert_eq!(
            j.with_edited(0, &new).unwrap(),
            "2026-04-08 ! Shop  ; paid\n    expenses:food  £5.00\n    assets:x\n"
        );
    }

    mod properties {
        use super::*;
        use chrono::NaiveDate;
        use proptest::prelude::*;

        /// An entry with the pieces people type, some there and some not, between two
        /// others that must not change.
        fn typed(
            header_comment: bool,
            free_line: bool,
            tags_on_one_line: bool,
            posting_comment: bool,
            note: bool,
        ) -> String {
            let mut e = String::from("2026-04-08 Meadowbank Lunch Club");
            if note {
                e.push_str(" | by card");
            }
            if header_comment {
                e.push_str("  ; kept the receipt");
            }
            e.push('\n');
            if free_line {
                e.push_str("    ; lunch with Jo\n");
            }
            if tags_on_one_line {
                e.push_str("    ; outcome: get-out, receipt: R-0001\n");
            } else {
                e.push_str("    ; outcome: get-out\n    ; receipt: R-0001\n");
            }
            e.push_str("    expenses:lunch-club  £30.00");
            if posting_comment {
                e.push_str("  ; two courses");
            }
            e.push_str("\n    assets:direct-payment:social-care\n");
            format!(
                "2026-04-01 Before\n    expenses:a  £1.00\n    assets:b\n\n{e}\n2026-04-20 After ; x\n    expenses:a  £2.00\n    assets:b\n"
            )
        }

        proptest! {
            #[test]
            fn an_edit_changes_the_fields_asked_and_keeps_everything_typed(
                header_comment: bool,
                free_line: bool,
                tags_on_one_line: bool,
                posting_comment: bool,
                note: bool,
                amount in proptest::option::of(1u32..100_000),
                payee in proptest::option::of("[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?"),
                day in proptest::option::of(1u32..28),
                receipt in proptest::option::of(proptest::option::of("R-[0-9]{1,4}")),
                new_note in proptest::option::of(proptest::option::of("[a-z]{1,8}")),
            ) {
                let text = typed(header_comment, free_line, tags_on_one_line, posting_comment, note);
                let j = Journal::parse(text.clone()).unwrap();
                let tx = &j.transactions()[1];
                let mut new = NewTransaction {
                    date: tx.date,
                    status: tx.status,
                    code: None,
                    payee: j.payee(tx).to_string(),
                    note: j.note(tx).map(str::to_string),
                    tags: j.tags(tx).map(|(n, v)| (n.to_string(), v.to_string())).collect(),
                    postings: vec![
                        NewPosting { account: "expenses:lunch-club".into(), amount: Some(Money::parse("30.00").unwrap()), tags: Vec::new() },
                        NewPosting { account: "assets:direct-payment:social-care".into(), amount: None, tags: Vec::new() },
                    ],
                };
                if let Some(a) = amount {
                    new.postings[0].amount = Some(Money::parse(&format!("{}.{:02}", a / 100, a % 100)).unwrap());
                }
                if let Some(p) = &payee {
                    new.payee = p.clone();
                }
                if let Some(d) = day {
                    new.date = NaiveDate::from_ymd_opt(2026, 4, d).unwrap();
                }
                if let Some(r) = &receipt {
                    new.tags.retain(|(n, _)| n != "receipt");
                    if let Some(r) = r {
                        new.tags.push(("receipt".into(), r.clone()));
                    }
                }
                if let Some(n) = &new_note {
                    new.note = n.clone();
                }
                let out = j.with_edited(1, &new).unwrap();
                let back = Journal::parse(out.clone()).unwrap();
                // The entries around it are byte for byte as they were.
                let (before, after) = (&j.transactions()[0], &j.transactions()[2]);
                prop_assert_eq!(back.source(&back.transactions()[0]), j.source(before));
                prop_assert_eq!(back.source(&back.transactions()[2]), j.source(after));
                prop_assert!(out.starts_with(&text[..tx.span.start as usize]));
                prop_assert!(out.ends_with(&text[tx.span.end as usize..]));
                // The entry reads as asked.
                let e = &back.transactions()[1];
                prop_assert_eq!(e.date, new.date);
                prop_assert_eq!(back.payee(e), new.payee.as_str());
                prop_assert_eq!(back.note(e), new.note.as_deref());
                prop_assert_eq!(back.tag(e, "receipt"), new.tags.iter().find(|(n, _)| n == "receipt").map(|(_, v)| v.as_str()));
                prop_assert_eq!(back.tag(e, "outcome"), Some("get-out"));
                let ps = back.postings(e);
                prop_assert_eq!(ps[0].amount, new.postings[0].amount.unwrap());
                prop_assert!((ps[0].amount + ps[1].amount).is_zero());
                // Everything else typed in it is still there.
                for kept in ["; kept the receipt", "; lunch with Jo", "; two courses"] {
                    prop_assert_eq!(text.contains(kept), out.contains(kept), "{}", kept);
                }
            }
        }
    }

    fn split_tx(lines: &[(&str, &str, i64)]) -> NewTransaction {
        let mut postings: Vec<NewPosting> = lines
            .iter()
            .map(|(o, c, pence)| NewPosting {
                account: format!("expenses:{c}"),
                amount: Some(Money::from_pence(*pence)),
                tags: vec![("outcome".into(), o.to_string())],
            })
            .collect();
        postings.push(NewPosting {
            account: "assets:dp".into(),
            amount: None,
            tags: Vec::new(),
        });
        NewTransaction {
            date: "2026-04-08".parse().unwrap(),
            status: Status::Unmarked,
            code: None,
            payee: "Payroll Bureau".into(),
            note: None,
            tags: vec![("stream".into(), "sc".into())],
            postings,
        }
    }

    const SPLIT: &str = "2026-04-08 Payroll Bureau   ; April run\n    ; stream: sc\n    expenses:pa-wages     £500.00  ; outcome: home\n    expenses:payroll-fee   £30.00  ; outcome: home\n    assets:dp\n";

    #[test]
    fn a_split_lines_outcome_and_amount_change_where_they_are_written() {
        let j = Journal::parse(SPLIT.to_string()).unwrap();
        let new = split_tx(&[("home", "pa-wages", 49_000), ("out", "payroll-fee", 3_000)]);
        let text = j.with_edited(0, &new).unwrap();
        assert_eq!(
            text,
            "2026-04-08 Payroll Bureau   ; April run\n    ; stream: sc\n    expenses:pa-wages     £490.00  ; outcome: home\n    expenses:payroll-fee   £30.00  ; outcome: out\n    assets:dp\n"
        );
        let back = Journal::parse(text).unwrap();
        assert_eq!(
            back.posting_tag(&back.transactions()[0], 1, "outcome"),
            Some("out")
        );
    }

    #[test]
    fn a_split_gaining_a_line_writes_its_postings_anew_keeping_the_header_and_tags() {
        let j = Journal::parse(SPLIT.to_string()).unwrap();
        let new = split_tx(&[
            ("home", "pa-wages", 50_000),
            ("home", "payroll-fee", 3_000),
            ("out", "travel", 1_250),
        ]);
        let text = j.with_edited(0, &new).unwrap();
        assert!(
            text.starts_with("2026-04-08 Payroll Bureau   ; April run\n    ; stream: sc\n"),
            "{text}"
        );
        let back = Journal::parse(text).unwrap();
        let tx = &back.transactions()[0];
        assert_eq!(back.postings(tx).len(), 4);
        assert_eq!(back.posting_tag(tx, 2, "outcome"), Some("out"));
        // A comment of the person's own among the postings is not thrown away.
        let own = SPLIT.replace(
            "  ; outcome: home\n    expenses:payroll",
            "  ; outcome: home\n    ; paid late\n    expenses:payroll",
        );
        let j = Journal::parse(own).unwrap();
        let e = j.with_edited(0, &new).unwrap_err();
        assert!(e.contains("a comment line is among its postings"), "{e}");
    }
}
