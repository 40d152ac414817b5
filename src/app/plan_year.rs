//! Starting the next plan year: the ending year's plan is kept as it is
//! (`years/<label>/plan.toml`), plan.toml becomes the new year's, and a surplus the holder
//! returns to the funder is recorded in the journal, so that the new year's opening balance
//! is last year's closing balance less what went back.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{AppError, Result, Session};
use crate::core::accounts;
use crate::core::journal::{NewPosting, NewTransaction, Status};
use crate::core::money::Money;
use crate::core::plan::{Management, Period};
use crate::core::plan_year::{self, StreamCarried};
use crate::core::position;
use crate::store::{HolderFiles, read_text};

/// Money returned to the funder at the year end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnSurplus {
    /// The direct-payment stream it comes from (`None`: the plan's only one).
    pub stream: Option<String>,
    pub amount: Money,
}

/// What starting the year did.
#[derive(Debug, Clone)]
pub struct YearStarted {
    /// The holder's files, with the new year's plan.
    pub files: HolderFiles,
    pub old: Period,
    pub new: Period,
    /// Where the ended year's plan is kept.
    pub kept: PathBuf,
    /// Each direct-payment stream's balance at the end of the old year.
    pub closing: Vec<(String, Money)>,
    /// What was returned, from which stream, when the holder said so.
    pub returned: Option<(String, Money)>,
    pub streams: Vec<StreamCarried>,
}

impl Session {
    /// Start the plan year after the current one (on `start`, default the day after it
    /// ends), returning `surplus` to the funder when given.
    pub fn start_year(
        &self,
        files: &HolderFiles,
        start: Option<NaiveDate>,
        surplus: Option<&ReturnSurplus>,
    ) -> Result<YearStarted> {
        if let Some(label) = files.closed_year() {
            return Err(AppError::Refused(format!(
                "plan year {label} has already ended; the next year starts from the current one"
            )));
        }
        let path = files.plan_path();
        let (text, fingerprint) = read_text(&path)?;
        if fingerprint != files.plan_fingerprint {
            return Err(AppError::Refused(format!(
                "{} changed on disk since it was read; read it again, then start the year again. Nothing was written",
                path.display()
            )));
        }
        let plan = &files.plan.plan;
        let old = plan.period;
        let new = plan_year::next_period(&old, start)
            .map_err(|m| AppError::Refused(format!("{m}; nothing was written")))?;
        // The balance carried forward: everything up to the old year's last day.
        let pos = position::compute(plan, &files.journals, &self.settings, old.end);
        let closing: Vec<(String, Money)> = plan
            .streams
            .iter()
            .zip(&pos.streams)
            .filter(|(s, _)| s.management == Management::DirectPayment)
            .map(|(s, p)| (s.id.clone(), p.balance))
            .collect();
        let returned = match surplus {
            None => None,
            Some(r) => {
                let id = match &r.stream {
                    Some(id) => id.clone(),
                    None => match closing.as_slice() {
                        [(only, _)] => only.clone(),
                        [] => {
                            return Err(AppError::Refused(
                                "the plan has no direct payment, so there is no surplus to return; nothing was written".into(),
                            ));
                        }
                        many => {
                            return Err(AppError::Refused(format!(
                                "say which direct payment the surplus comes from (one of: {}); nothing was written",
                                many.iter()
                                    .map(|(i, _)| i.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )));
                        }
                    },
                };
                let Some(&(_, balance)) = closing.iter().find(|(i, _)| *i == id) else {
                    return Err(AppError::Refused(format!(
                        "\"{id}\" is not one of the plan's direct payments; nothing was written"
                    )));
                };
                if !r.amount.is_positive() {
                    return Err(AppError::Refused(
                        "the surplus returned must be more than £0.00; nothing was written".into(),
                    ));
                }
                if r.amount > balance {
                    return Err(AppError::Refused(format!(
                        "{} is more than the {id} account held at the end of the year ({balance}); nothing was written",
                        r.amount
                    )));
                }
                Some((id, r.amount))
            }
        };
        let (new_text, streams) = plan_year::next_year(&text, plan, &new).map_err(|m| {
            AppError::Refused(format!("{}: {m}; nothing was written", path.display()))
        })?;
        let new_plan = crate::core::plan::parse(&new_text).map_err(|e| {
            AppError::Refused(format!(
                "the new year's plan would not be valid: {}; nothing was written",
                e.first()
            ))
        })?;
        let label = plan_year::label(&old);
        let note = super::team::Note {
            subject: format!(
                "{}: started plan year {}; the plan of {label} is kept",
                plan.holder.name,
                plan_year::label(&new)
            ),
            trailers: vec![(crate::store::git::HOLDER_TRAILER, files.id.clone())],
        };
        let year = crate::store::YearChange {
            label: &label,
            old_text: &text,
            new_text: &new_text,
            expected: &fingerprint,
        };
        let (kept, new_fp) = self
            .ws
            .start_plan_year(&files.id, &year, &self.who, |paths| {
                self.committed(paths, &note)
            })?;
        let mut after = self.ws.load_holder(&files.id).unwrap_or_else(|_| {
            let mut f = files.with_plan(new_plan, new_fp);
            f.years.push(new);
            f
        });
        if let Some((id, amount)) = &returned {
            let saved = self
                .return_surplus(&after, id, *amount, &label, new.start)
                .map_err(|e| {
                    AppError::Refused(format!(
                        "plan year {} has started, but the surplus returned was not recorded: {e}. Record it with: careledger year return {} --stream {id}",
                        plan_year::label(&new),
                        amount.plain()
                    ))
                })?;
            after = saved;
        }
        Ok(YearStarted {
            files: after,
            old,
            new,
            kept,
            closing,
            returned,
            streams,
        })
    }

    /// Record `amount` of stream `id`'s money as the surplus of plan year `label` returned to
    /// its funder, on `date`: out of the stream's account into `equity:returned:<id>`,
    /// neither spending nor income, so the year's opening balance is what is left.
    pub fn return_surplus(
        &self,
        files: &HolderFiles,
        id: &str,
        amount: Money,
        label: &str,
        date: NaiveDate,
    ) -> Result<HolderFiles> {
        let plan = &files.plan.plan;
        let s = plan
            .stream(id)
            .filter(|s| s.management == Management::DirectPayment)
            .ok_or_else(|| {
                AppError::Refused(format!(
                    "\"{id}\" is not one of the plan's direct payments; nothing was written"
                ))
            })?;
        if !amount.is_positive() {
            return Err(AppError::Refused(
                "the surplus returned must be more than £0.00; nothing was written".into(),
            ));
        }
        let mut tags = vec![
            ("stream".to_string(), id.to_string()),
            ("returned".to_string(), label.to_string()),
        ];
        tags.extend(self.author_tags());
        let tx = NewTransaction {
            date,
            status: Status::Cleared,
            code: None,
            payee: s.funder.clone(),
            note: Some(format!("surplus of {label} returned")),
            tags,
            postings: vec![
                NewPosting {
                    account: accounts::returned(id),
                    amount: Some(amount),
                    tags: Vec::new(),
                },
                NewPosting {
                    account: s.account(),
                    amount: None,
                    tags: Vec::new(),
                },
            ],
        };
        let note = super::team::Note {
            // The journal's commits are named for the holder by `write_journal`.
            subject: format!("{amount} of {label}'s surplus returned to the funder"),
            trailers: vec![(crate::store::git::HOLDER_TRAILER, files.id.clone())],
        };
        let ((), written, _undo) = self.change_main(
            files,
            |journals| Ok((Some(journals[0].with_appended(&tx)), ())),
            |_, _| note,
        )?;
        Ok(files.with_journals(written))
    }
}
