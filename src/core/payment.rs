//! A payment as a person describes it (date, payee, amount, outcome, stream, receipt, note),
//! checked field by field and turned into the journal transaction careledger writes. The
//! command line's `add` and the app's form both go through here, so they agree on every rule.

use chrono::NaiveDate;

use super::accounts;
use super::entry::EntryId;
use super::journal::{Journal, NewPosting, NewTransaction, Status, Transaction};
use super::money::Money;
use super::plan::{Management, Plan};
use super::printable::{control_char, refusal};

/// The fields of a payment, in the order people fill them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Date,
    Payee,
    Amount,
    Outcome,
    Category,
    /// The lines of a split payment.
    Split,
    Stream,
    Receipt,
    Note,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Date,
        Field::Payee,
        Field::Amount,
        Field::Outcome,
        Field::Category,
        Field::Split,
        Field::Stream,
        Field::Receipt,
        Field::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Date => "Date",
            Field::Payee => "Paid to",
            Field::Amount => "Amount",
            Field::Outcome => "Outcome",
            Field::Category => "Category",
            Field::Split => "Split",
            Field::Stream => "Paid from",
            Field::Receipt => "Receipt",
            Field::Note => "Note",
        }
    }
}

/// What a field's problem is and how to put it right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub message: String,
}

/// Money out (spending), or money in of one of its kinds: the funder's payment into a stream
/// (`income:<stream>`), the holder's own contribution (`income:client-contribution`), a refund
/// from a payee (a negative `expenses:<category>` posting tagged with the outcome, so it
/// lowers that outcome's spending), or other income such as interest or a one-off grant
/// (`income:other`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    #[default]
    Out,
    /// The funder's payment.
    In,
    Contribution,
    Refund,
    OtherIncome,
}

impl Direction {
    /// The kinds of money in, in the order the app offers them.
    pub const MONEY_IN: [Direction; 4] = [
        Direction::In,
        Direction::Contribution,
        Direction::Refund,
        Direction::OtherIncome,
    ];

    /// Whether the entry is spending or a refund of spending, and so is for an outcome.
    pub fn has_outcome(self) -> bool {
        matches!(self, Direction::Out | Direction::Refund)
    }

    /// The word `add --kind` takes for a kind of money in; `None` for money out.
    pub fn kind_word(self) -> Option<&'static str> {
        match self {
            Direction::Out => None,
            Direction::In => Some("funder"),
            Direction::Contribution => Some("contribution"),
            Direction::Refund => Some("refund"),
            Direction::OtherIncome => Some("other"),
        }
    }

    /// The kind of money in that `word` (as `add --kind` takes it) names.
    pub fn from_kind_word(word: &str) -> Option<Direction> {
        Direction::MONEY_IN
            .into_iter()
            .find(|d| d.kind_word() == Some(word))
    }

    /// How the app names a kind of money in.
    pub fn describe(self) -> &'static str {
        match self {
            Direction::Out => "payment out",
            Direction::In => "funder payment",
            Direction::Contribution => "my contribution",
            Direction::Refund => "refund",
            Direction::OtherIncome => "other income",
        }
    }
}

/// A payment as typed: text where the person types, ids where they pick.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    pub date: String,
    pub payee: String,
    pub amount: String,
    pub outcome: Option<String>,
    pub stream: Option<String>,
    pub receipt: String,
    pub note: String,
    /// The last part of the expenses account; the outcome id when not given.
    pub category: Option<String>,
    /// A payment split into lines, each for its own outcome and category, that add up to
    /// `amount` (or make it, when `amount` is empty). Empty: one line, the fields above.
    pub splits: Vec<SplitLine>,
    pub direction: Direction,
    /// Kept from an entry being edited: its status, code and tags careledger does not set.
    pub keep: Option<Kept>,
}

/// One line of a split payment, as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SplitLine {
    pub outcome: Option<String>,
    pub category: Option<String>,
    pub amount: String,
}

impl SplitLine {
    /// `OUTCOME:AMOUNT[:CATEGORY]`, as `add --split` takes it.
    pub fn parse(s: &str) -> Result<SplitLine, String> {
        let mut parts = s.splitn(3, ':');
        let (Some(outcome), Some(amount)) = (parts.next(), parts.next()) else {
            return Err(format!(
                "\"{s}\" is not a split line; write OUTCOME:AMOUNT or OUTCOME:AMOUNT:CATEGORY, e.g. stay-at-home:250.00:pa-wages"
            ));
        };
        let outcome = outcome.trim();
        Ok(SplitLine {
            outcome: (!outcome.is_empty()).then(|| outcome.to_string()),
            amount: amount.trim().to_string(),
            category: parts
                .next()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kept {
    pub status: Status,
    pub code: Option<String>,
    pub tags: Vec<(String, String)>,
}

impl Kept {
    /// What careledger keeps of `tx` when it is edited: its mark, code and the entry's own
    /// tags careledger does not set.
    fn of(j: &Journal, tx: &Transaction) -> Kept {
        let own = ["outcome", "stream", "receipt"];
        Kept {
            status: tx.status,
            code: j.code(tx).map(str::to_string),
            tags: j
                .entry_tags(tx)
                .filter(|(n, _)| !own.contains(n))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// Dates as people write them: 2026-04-01, 2026/04/01 or 01/04/2026, with a year careledger
/// records (so `01/04/26` is refused rather than read as the year 26).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    super::journal::parse_date(s)
        .or_else(|| NaiveDate::parse_from_str(s, "%d/%m/%Y").ok())
        .filter(|d| super::journal::recordable(*d))
}

impl Draft {
    /// The draft an existing careledger-shaped entry would have been typed as; `None` with
    /// the reason when the entry is too complex for the form (edit those in a text editor).
    pub fn from_transaction(plan: &Plan, j: &Journal, tx: &Transaction) -> Result<Draft, String> {
        let postings = j.postings(tx);
        let spending = postings
            .iter()
            .filter(|p| accounts::is_expense(j.account_name(p.account)))
            .count();
        if spending > 1 {
            return Draft::from_split(plan, j, tx);
        }
        if postings.len() != 2 {
            return Err(format!(
                "this entry has {} postings; the form edits entries with two, so change it in a text editor",
                postings.len()
            ));
        }
        let names = [
            j.account_name(postings[0].account),
            j.account_name(postings[1].account),
        ];
        let (direction, amount, category, stream) = match names {
            [a, b] if accounts::is_expense(a) || accounts::is_expense(b) => {
                let (e, other) = if accounts::is_expense(a) {
                    (0, b)
                } else {
                    (1, a)
                };
                let cat = accounts::category_of(names[e])
                    .unwrap_or_default()
                    .to_string();
                // Money back into the stream against spending is a refund.
                let direction = if postings[e].amount.is_negative() {
                    Direction::Refund
                } else {
                    Direction::Out
                };
                (
                    direction,
                    postings[e].amount,
                    Some(cat),
                    plan.stream_for_account(other),
                )
            }
            [a, b] => {
                let (asset, from) = if plan.stream_for_account(a).is_some() {
                    (0, b)
                } else {
                    (1, a)
                };
                let direction = match from {
                    accounts::CLIENT_CONTRIBUTION => Direction::Contribution,
                    accounts::OTHER_INCOME => Direction::OtherIncome,
                    _ => Direction::In,
                };
                (
                    direction,
                    postings[asset].amount,
                    None,
                    plan.stream_for_account(names[asset]),
                )
            }
        };
        let Some(stream) = stream else {
            return Err("this entry is not paid from one of the plan's funding streams; change it in a text editor".into());
        };
        Ok(Draft {
            date: tx.date.format("%Y-%m-%d").to_string(),
            payee: j.payee(tx).to_string(),
            amount: amount.abs().plain(),
            outcome: j.tag(tx, "outcome").map(str::to_string),
            stream: Some(stream.id.clone()),
            receipt: j.tag(tx, "receipt").unwrap_or_default().to_string(),
            note: j.note(tx).unwrap_or_default().to_string(),
            category,
            splits: Vec::new(),
            direction,
            keep: Some(Kept::of(j, tx)),
        })
    }

    /// The draft of a split payment: several spending lines paid from one stream.
    fn from_split(plan: &Plan, j: &Journal, tx: &Transaction) -> Result<Draft, String> {
        let postings = j.postings(tx);
        let mut splits = Vec::new();
        let mut stream = None;
        let mut total = Money::ZERO;
        for (k, p) in postings.iter().enumerate() {
            let name = j.account_name(p.account);
            if let Some(category) = accounts::category_of(name) {
                if !p.amount.is_positive() {
                    return Err("this split entry takes money back on one of its lines; change it in a text editor".into());
                }
                total += p.amount;
                splits.push(SplitLine {
                    outcome: j.posting_tag(tx, k, "outcome").map(str::to_string),
                    category: Some(category.to_string()),
                    amount: p.amount.plain(),
                });
            } else if let Some(s) = plan.stream_for_account(name).filter(|_| stream.is_none()) {
                stream = Some(s);
            } else {
                return Err("this entry moves money between more accounts than a split payment does; change it in a text editor".into());
            }
        }
        let Some(stream) = stream else {
            return Err("this entry is not paid from one of the plan's funding streams; change it in a text editor".into());
        };
        Ok(Draft {
            date: tx.date.format("%Y-%m-%d").to_string(),
            payee: j.payee(tx).to_string(),
            amount: total.plain(),
            outcome: None,
            stream: Some(stream.id.clone()),
            receipt: j.tag(tx, "receipt").unwrap_or_default().to_string(),
            note: j.note(tx).unwrap_or_default().to_string(),
            category: None,
            splits,
            direction: Direction::Out,
            keep: Some(Kept::of(j, tx)),
        })
    }

    /// [`Draft::build`] for a holder with several plan years: the date is checked against
    /// the plan year it is in, or the nearest one, and a date outside every plan year is
    /// refused, naming them, unless `outside_ok` (the person said they mean it).
    pub fn build_in(
        &self,
        plan: &Plan,
        years: &super::plan_year::PlanYears,
        outside_ok: bool,
    ) -> Result<NewTransaction, Vec<FieldError>> {
        let date = parse_date(&self.date);
        let near = date
            .and_then(|d| years.nearest(d))
            .filter(|p| *p != plan.period);
        let result = match near {
            Some(period) => {
                let mut other = plan.clone();
                other.period = period;
                self.build(&other)
            }
            None => self.build(plan),
        };
        let Some(problem) = date.and_then(|d| years.date_problem(d, outside_ok)) else {
            return result;
        };
        let mut errors = match result {
            Ok(_) => Vec::new(),
            Err(e) if e.iter().any(|f| f.field == Field::Date) => return Err(e),
            Err(e) => e,
        };
        errors.insert(
            0,
            FieldError {
                field: Field::Date,
                message: format!("{}.", problem.message()),
            },
        );
        Err(errors)
    }

    /// The transaction to write, or every field's problem in field order.
    pub fn build(&self, plan: &Plan) -> Result<NewTransaction, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, message: String| errors.push(FieldError { field, message });
        let date = match parse_date(&self.date) {
            Some(d) => Some(d),
            None if self.date.trim().is_empty() => {
                fail(
                    Field::Date,
                    "Type the date paid, for example 2026-10-14.".into(),
                );
                None
            }
            None => {
                fail(
                    Field::Date,
                    format!(
                        "\"{}\" is not a date. Type it as 2026-10-14 or 14/10/2026, with the year in full.",
                        self.date.trim()
                    ),
                );
                None
            }
        };
        if let Some(d) = date
            && plan.period.is_far_from(d)
        {
            fail(
                Field::Date,
                format!(
                    "{d} is years away from the plan period ({} to {}), so no figure would count it. Check the year.",
                    super::words::long_date(plan.period.start),
                    super::words::long_date(plan.period.end)
                ),
            );
        }
        let payee = self.payee.trim();
        if let Some(c) = control_char(payee) {
            fail(Field::Payee, format!("{}.", refusal("The payee", c)));
        }
        if payee.is_empty() {
            fail(
                Field::Payee,
                match self.direction {
                    Direction::Out => "Type who was paid.",
                    _ => "Type who paid the money in.",
                }
                .into(),
            );
        }
        let split = !self.splits.is_empty();
        let amount = if self.amount.trim().is_empty() {
            if !split {
                fail(Field::Amount, "Type the amount, for example 12.50.".into());
            }
            None
        } else {
            match Money::parse(self.amount.trim()) {
                Ok(m) if m.is_positive() => Some(m),
                Ok(_) => {
                    fail(
                        Field::Amount,
                        "The amount must be more than £0.00; type it without a minus sign. \
                         To undo a payment, reverse it instead."
                            .into(),
                    );
                    None
                }
                Err(e) => {
                    fail(
                        Field::Amount,
                        format!("{e}. Type it as 12.50 or £1,200.00."),
                    );
                    None
                }
            }
        };
        let stream = match self.stream.as_deref() {
            Some(id) => match plan.stream(id) {
                Some(s) => Some(s),
                None => {
                    fail(
                        Field::Stream,
                        format!("The plan has no funding stream \"{id}\". Pick one from the list."),
                    );
                    None
                }
            },
            None => match plan.streams.as_slice() {
                [only] => Some(only),
                [] => {
                    fail(
                        Field::Stream,
                        "The plan has no funding streams yet. Add one to the plan first.".into(),
                    );
                    None
                }
                _ => {
                    fail(Field::Stream, "Pick the funding stream that paid.".into());
                    None
                }
            },
        };
        let mut tags: Vec<(String, String)> = Vec::new();
        let lines = if split {
            self.split_lines(plan, amount, &mut fail)
        } else {
            Vec::new()
        };
        if self.direction.has_outcome() && !split {
            match self.outcome.as_deref() {
                Some(o) if plan.outcome(o).is_some() => {
                    tags.push(("outcome".into(), o.into()));
                }
                Some(o) => fail(
                    Field::Outcome,
                    format!("The plan has no outcome \"{o}\". Pick one from the list."),
                ),
                None if !plan.outcomes.is_empty() => fail(
                    Field::Outcome,
                    if self.direction == Direction::Refund {
                        "Pick the outcome in the plan whose spending is refunded."
                    } else {
                        "Pick the outcome in the plan that this payment is for."
                    }
                    .into(),
                ),
                None => {}
            }
        }
        if let Some(s) = stream {
            if self.direction != Direction::Out && s.management != Management::DirectPayment {
                fail(
                    Field::Stream,
                    format!(
                        "\"{}\" is a {}: the funder holds the money, so nothing is paid in.",
                        s.id,
                        s.management.describe()
                    ),
                );
            }
            tags.push(("stream".into(), s.id.clone()));
        }
        let receipt = self.receipt.trim();
        if !receipt.is_empty() {
            if let Some(c) = control_char(receipt) {
                fail(
                    Field::Receipt,
                    format!("{}.", refusal("A receipt reference", c)),
                );
            } else if receipt.contains([',', ';', '\n']) {
                fail(
                    Field::Receipt,
                    "A receipt reference cannot contain a comma or a semicolon.".into(),
                );
            }
            tags.push(("receipt".into(), receipt.into()));
        }
        let note = self.note.trim();
        if let Some(c) = control_char(note) {
            fail(Field::Note, format!("{}.", refusal("A note", c)));
        }
        if note.contains([';', '\n']) {
            fail(Field::Note, "A note cannot contain a semicolon.".into());
        }
        let kept = self.keep.clone().unwrap_or(Kept {
            status: Status::Unmarked,
            code: None,
            tags: Vec::new(),
        });
        tags.extend(kept.tags);
        if let Some(c) = self.category.as_deref().filter(|_| !split)
            && !super::category::is_valid_id(c)
        {
            fail(Field::Category, bad_category(c));
        }
        let by_field = |e: &FieldError| Field::ALL.iter().position(|f| *f == e.field);
        let amount = amount.or_else(|| {
            let sum: Money = lines
                .iter()
                .map(|p: &NewPosting| p.amount.unwrap_or_default())
                .sum();
            (split && sum.is_positive()).then_some(sum)
        });
        let (Some(date), Some(amount), Some(stream)) = (date, amount, stream) else {
            errors.sort_by_key(by_field);
            return Err(errors);
        };
        if split && !errors.is_empty() {
            errors.sort_by_key(by_field);
            return Err(errors);
        }
        let category = || {
            self.category
                .clone()
                .or_else(|| self.outcome.clone())
                .unwrap_or_else(|| "general".into())
        };
        let postings = match self.direction {
            Direction::Out if split => {
                let mut postings = lines;
                postings.push(NewPosting {
                    account: stream.account(),
                    amount: None,
                    tags: Vec::new(),
                });
                postings
            }
            Direction::Out => {
                let category = category();
                vec![
                    NewPosting {
                        account: accounts::expense(&category),
                        amount: Some(amount),
                        tags: Vec::new(),
                    },
                    NewPosting {
                        account: stream.account(),
                        amount: None,
                        tags: Vec::new(),
                    },
                ]
            }
            Direction::In
            | Direction::Contribution
            | Direction::Refund
            | Direction::OtherIncome => {
                vec![
                    NewPosting {
                        account: stream.account(),
                        amount: Some(amount),
                        tags: Vec::new(),
                    },
                    NewPosting {
                        account: match self.direction {
                            Direction::Contribution => accounts::CLIENT_CONTRIBUTION.into(),
                            Direction::OtherIncome => accounts::OTHER_INCOME.into(),
                            // Written with its amount, so the journal says plainly that it
                            // takes spending back.
                            Direction::Refund => accounts::expense(&category()),
                            _ => stream.income_account(),
                        },
                        amount: (self.direction == Direction::Refund).then(|| -amount),
                        tags: Vec::new(),
                    },
                ]
            }
        };
        let tx = NewTransaction {
            date,
            status: kept.status,
            code: kept.code,
            payee: payee.to_string(),
            note: (!note.is_empty()).then(|| note.to_string()),
            tags,
            postings,
        };
        for problem in tx.problems() {
            // Already said above, on the field that holds it.
            if problem.contains("control characters") {
                continue;
            }
            let field = if problem.contains("payee") {
                Field::Payee
            } else if problem.contains("note") {
                Field::Note
            } else {
                Field::Receipt
            };
            let mut message = problem;
            if let Some(first) = message.get_mut(0..1) {
                first.make_ascii_uppercase();
            }
            message.push('.');
            errors.push(FieldError { field, message });
        }
        if errors.is_empty() {
            Ok(tx)
        } else {
            errors.sort_by_key(by_field);
            Err(errors)
        }
    }
}

impl Draft {
    /// The spending postings of a split payment, one a line, each with its own outcome:
    /// every line's problem is said on the Split field.
    fn split_lines(
        &self,
        plan: &Plan,
        total: Option<Money>,
        fail: &mut impl FnMut(Field, String),
    ) -> Vec<NewPosting> {
        if self.direction != Direction::Out {
            fail(
                Field::Split,
                "Only a payment out can be split; record money in as one entry.".into(),
            );
            return Vec::new();
        }
        if self.splits.len() < 2 {
            fail(
                Field::Split,
                "A split payment has two lines or more; for one line, fill in the outcome and category instead.".into(),
            );
            return Vec::new();
        }
        let mut out = Vec::new();
        let mut sum = Money::ZERO;
        for (k, line) in self.splits.iter().enumerate() {
            let n = k + 1;
            let outcome = match line.outcome.as_deref() {
                Some(o) if plan.outcome(o).is_some() => Some(o),
                Some(o) => {
                    fail(
                        Field::Split,
                        format!("Line {n}: the plan has no outcome \"{o}\"."),
                    );
                    None
                }
                None if plan.outcomes.is_empty() => None,
                None => {
                    fail(
                        Field::Split,
                        format!("Line {n}: pick the outcome this part is for."),
                    );
                    None
                }
            };
            let category = line
                .category
                .clone()
                .or_else(|| line.outcome.clone())
                .unwrap_or_else(|| "general".into());
            if !super::category::is_valid_id(&category) {
                fail(
                    Field::Split,
                    format!("Line {n}: {}", bad_category(&category)),
                );
            }
            let amount = match Money::parse(line.amount.trim()) {
                Ok(m) if m.is_positive() => m,
                Ok(_) => {
                    fail(
                        Field::Split,
                        format!("Line {n}: the amount must be more than £0.00."),
                    );
                    continue;
                }
                Err(_) if line.amount.trim().is_empty() => {
                    fail(Field::Split, format!("Line {n}: type its amount."));
                    continue;
                }
                Err(e) => {
                    fail(Field::Split, format!("Line {n}: {e}. Type it as 12.50."));
                    continue;
                }
            };
            sum += amount;
            out.push(NewPosting {
                account: accounts::expense(&category),
                amount: Some(amount),
                tags: outcome
                    .map(|o| vec![("outcome".to_string(), o.to_string())])
                    .unwrap_or_default(),
            });
        }
        if let Some(total) = total
            && out.len() == self.splits.len()
            && sum != total
        {
            let (gap, word) = if sum < total {
                (total - sum, "short of")
            } else {
                (sum - total, "over")
            };
            fail(
                Field::Split,
                format!(
                    "The lines add up to {sum}, {gap} {word} the amount {total}; make them add up."
                ),
            );
        }
        out
    }
}

fn bad_category(c: &str) -> String {
    format!(
        "\"{c}\" cannot be a category: use lower-case letters, digits and hyphens, e.g. pa-wages."
    )
}

/// The tag on a reversal naming the entry it undoes, by its ID (all 16 digits: a link kept
/// for years must stay unambiguous whatever is added later).
pub const REVERSES_TAG: &str = "reverses";

/// The entry that undoes `tx` (whose ID is `id`): the same postings with the signs turned,
/// dated `on`.
pub fn reversal(j: &Journal, tx: &Transaction, on: NaiveDate, id: EntryId) -> NewTransaction {
    let mut tags: Vec<(String, String)> = j
        .entry_tags(tx)
        .filter(|(n, _)| matches!(*n, "outcome" | "stream"))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    tags.push((REVERSES_TAG.into(), id.full()));
    NewTransaction {
        date: on,
        status: Status::Unmarked,
        code: None,
        payee: j.payee(tx).to_string(),
        note: Some(format!(
            "reversal of the entry of {}",
            tx.date.format("%Y-%m-%d")
        )),
        tags,
        // A split entry's lines keep their outcomes, so each comes off its own.
        postings: j
            .postings(tx)
            .iter()
            .enumerate()
            .map(|(k, p)| NewPosting {
                account: j.account_name(p.account).to_string(),
                amount: Some(-p.amount),
                tags: j
                    .own_posting_tags(tx, k)
                    .filter(|(n, v)| *n == "outcome" && !v.is_empty())
                    .map(|(n, v)| (n.to_string(), v.to_string()))
                    .collect(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::plan;

    const PLAN: &str = "[holder]\nname='A'\n[period]\nstart=2026-04-01\nend=2027-03-31\n\
        [[streams]]\nid='sc'\nfunder='C'\nkind='social-care'\nmanagement='direct-payment'\nschedule='monthly'\namount='100'\nfirst_payment=2026-04-01\n\
        [[streams]]\nid='phb'\nfunder='NHS'\nkind='health'\nmanagement='notional'\nschedule='monthly'\namount='100'\nfirst_payment=2026-04-01\n\
        [[outcomes]]\nid='out'\ntitle='Get out'\nallocation={sc='50'}\n";

    fn plan() -> Plan {
        plan::parse(PLAN).unwrap().plan
    }

    fn draft() -> Draft {
        Draft {
            date: "14/10/2026".into(),
            payee: " Dalesway Taxis ".into(),
            amount: "£12.40".into(),
            outcome: Some("out".into()),
            stream: Some("sc".into()),
            receipt: "T-1".into(),
            note: "to lunch club".into(),
            ..Draft::default()
        }
    }

    #[test]
    fn dates_are_read_as_people_write_them_with_the_year_in_full() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd);
        assert_eq!(parse_date(" 2026-10-14 "), d(2026, 10, 14));
        assert_eq!(parse_date("14/10/2026"), d(2026, 10, 14));
        // `%Y` would read these as the years 26 and -26, which no journal line can hold.
        assert_eq!(parse_date("14/10/26"), None);
        assert_eq!(parse_date("14/10/-026"), None);
        assert_eq!(parse_date("0026-10-14"), None);
    }

    #[test]
    fn a_complete_draft_becomes_the_transaction_careledger_writes() {
        let tx = draft().build(&plan()).unwrap();
        assert_eq!(
            tx.render(),
            "2026-10-14 Dalesway Taxis | to lunch club\n    ; outcome: out\n    ; stream: sc\n    ; receipt: T-1\n    \
             expenses:out                            £12.40\n    assets:direct-payment:sc\n"
        );
    }

    #[test]
    fn text_holding_a_control_character_is_refused_on_its_field() {
        for (field, text) in [
            (Field::Payee, "Shop\u{1b}[2J"),
            (Field::Receipt, "T-1\u{1b}[2J"),
            (Field::Note, "lunch\u{9b}31m"),
        ] {
            let mut d = draft();
            match field {
                Field::Payee => d.payee = text.into(),
                Field::Receipt => d.receipt = text.into(),
                _ => d.note = text.into(),
            }
            let errors = d.build(&plan()).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].field, field, "{errors:?}");
            assert!(errors[0].message.contains("ESC") || errors[0].message.contains("U+009B"));
        }
    }

    #[test]
    fn every_bad_field_says_what_is_wrong_in_field_order() {
        let d = Draft {
            date: "31/02/2026".into(),
            payee: "".into(),
            amount: "-3".into(),
            outcome: None,
            stream: None,
            receipt: "a;b".into(),
            ..Draft::default()
        };
        let errors = d.build(&plan()).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                Field::Date,
                Field::Payee,
                Field::Amount,
                Field::Outcome,
                Field::Stream,
                Field::Receipt
            ]
        );
        assert!(errors[0].message.contains("not a date"), "{errors:?}");
        assert!(errors[2].message.contains("more than £0.00"), "{errors:?}");
    }

    #[test]
    fn money_cannot_be_paid_into_a_notional_budget() {
        let d = Draft {
            direction: Direction::In,
            stream: Some("phb".into()),
            ..draft()
        };
        let errors = d.build(&plan()).unwrap_err();
        assert_eq!(errors[0].field, Field::Stream);
        assert!(errors[0].message.contains("notional"), "{errors:?}");
    }

    #[test]
    fn an_entry_reads_back_into_the_draft_it_came_from_keeping_other_tags() {
        let p = plan();
        let mut tx = draft().build(&p).unwrap();
        tx.tags.push(("entered-by".into(), "sam".into()));
        tx.status = Status::Cleared;
        let j = Journal::parse(tx.render()).unwrap();
        let back = Draft::from_transaction(&p, &j, &j.transactions()[0]).unwrap();
        assert_eq!(back.payee, "Dalesway Taxis");
        assert_eq!(back.amount, "12.40");
        assert_eq!(back.category.as_deref(), Some("out"));
        let again = back.build(&p).unwrap();
        assert_eq!(again.render(), tx.render());
    }

    #[test]
    fn each_kind_of_money_in_reads_back_as_its_kind() {
        let p = plan();
        for direction in Direction::MONEY_IN {
            let d = Draft {
                direction,
                category: (direction == Direction::Refund).then(|| "travel".into()),
                ..draft()
            };
            let tx = d.build(&p).unwrap();
            let j = Journal::parse(tx.render()).unwrap();
            let back = Draft::from_transaction(&p, &j, &j.transactions()[0]).unwrap();
            assert_eq!(back.direction, direction, "{}", tx.render());
            assert_eq!(back.amount, "12.40");
            assert_eq!(back.build(&p).unwrap().render(), tx.render());
        }
    }

    #[test]
    fn a_refund_takes_spending_back_from_its_outcome() {
        let d = Draft {
            direction: Direction::Refund,
            category: Some("travel".into()),
            ..draft()
        };
        assert_eq!(
            d.build(&plan()).unwrap().render(),
            "2026-10-14 Dalesway Taxis | to lunch club\n    ; outcome: out\n    ; stream: sc\n    ; receipt: T-1\n    \
             assets:direct-payment:sc                £12.40\n    expenses:travel                         £-12.40\n"
        );
        let none = Draft { outcome: None, ..d };
        let errors = none.build(&plan()).unwrap_err();
        assert_eq!(errors[0].field, Field::Outcome);
        assert!(errors[0].message.contains("refunded"), "{errors:?}");
    }

    #[test]
    fn other_income_and_contributions_have_their_own_accounts() {
        for (direction, account) in [
            (Direction::OtherIncome, "income:other"),
            (Direction::Contribution, "income:client-contribution"),
            (Direction::In, "income:sc"),
        ] {
            let d = Draft {
                direction,
                ..draft()
            };
            let text = d.build(&plan()).unwrap().render();
            assert!(
                text.ends_with(&format!("£12.40\n    {account}\n")),
                "{text}"
            );
            assert!(!text.contains("outcome"), "{text}");
        }
    }

    #[test]
    fn a_reversal_turns_every_sign_and_names_what_it_reverses() {
        let p = plan();
        let j = Journal::parse(draft().build(&p).unwrap().render()).unwrap();
        let id = crate::core::entry::EntryId(0x3fa2_c81e_0a9b_77d1);
        let r = reversal(&j, &j.transactions()[0], "2026-10-20".parse().unwrap(), id);
        let both = Journal::parse(format!("{}\n{}", j.text(), r.render())).unwrap();
        let sum: Money = both
            .transactions()
            .iter()
            .flat_map(|t| both.postings(t))
            .filter(|p| both.account_name(p.account) == "expenses:out")
            .map(|p| p.amount)
            .sum();
        assert!(sum.is_zero());
        assert_eq!(
            both.tag(&both.transactions()[1], "reverses"),
            Some("3fa2c81e0a9b77d1")
        );
    }

    fn split_draft() -> Draft {
        Draft {
            amount: "30.00".into(),
            outcome: None,
            splits: vec![
                SplitLine::parse("out:20.00:travel").unwrap(),
                SplitLine::parse("out2:10:food").unwrap(),
            ],
            ..draft()
        }
    }

    fn plan2() -> Plan {
        plan::parse(&format!(
            "{PLAN}[[outcomes]]\nid='out2'\ntitle='Eat well'\nallocation={{sc='50'}}\n"
        ))
        .unwrap()
        .plan
    }

    #[test]
    fn a_split_payment_is_one_entry_with_each_lines_outcome_on_its_posting() {
        let p = plan2();
        let tx = split_draft().build(&p).unwrap();
        assert_eq!(
            tx.render(),
            "2026-10-14 Dalesway Taxis | to lunch club\n    ; stream: sc\n    ; receipt: T-1\n    \
             expenses:travel                         £20.00  ; outcome: out\n    \
             expenses:food                           £10.00  ; outcome: out2\n    \
             assets:direct-payment:sc\n"
        );
        // It reads back into the draft it came from, and builds the same text again.
        let j = Journal::parse(tx.render()).unwrap();
        let back = Draft::from_transaction(&p, &j, &j.transactions()[0]).unwrap();
        assert_eq!(back.splits.len(), 2);
        assert_eq!(back.splits[1].outcome.as_deref(), Some("out2"));
        assert_eq!(back.amount, "30.00");
        assert_eq!(back.build(&p).unwrap().render(), tx.render());
        // With no total typed, the lines make it.
        let no_total = Draft {
            amount: String::new(),
            ..split_draft()
        };
        assert_eq!(no_total.build(&p).unwrap().render(), tx.render());
    }

    #[test]
    fn split_lines_that_do_not_add_up_or_name_no_outcome_are_refused_on_the_split() {
        let p = plan2();
        let short = Draft {
            amount: "35.00".into(),
            ..split_draft()
        };
        let e = short.build(&p).unwrap_err();
        assert_eq!(e[0].field, Field::Split);
        assert_eq!(
            e[0].message,
            "The lines add up to £30.00, £5.00 short of the amount £35.00; make them add up."
        );
        let mut bad = split_draft();
        bad.splits[0].outcome = Some("nowhere".into());
        bad.splits[1].amount = "-1".into();
        let msgs: Vec<String> = bad
            .build(&p)
            .unwrap_err()
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(
            msgs,
            [
                "Line 1: the plan has no outcome \"nowhere\".",
                "Line 2: the amount must be more than £0.00."
            ]
        );
        let one = Draft {
            splits: vec![SplitLine::parse("out:30").unwrap()],
            ..split_draft()
        };
        assert!(
            one.build(&p).unwrap_err()[0]
                .message
                .contains("two lines or more")
        );
        assert!(SplitLine::parse("out").is_err());
    }
}
