//! The app: its [`State`] and the [`Session`] its effects run in. A key goes to `update`,
//! which changes the state and may ask for an [`Effect`]; the effect is carried out here
//! through the application layer, and its result goes back to `update` as a [`Done`].
//!
//! ```text
//! key -> State::key -> Effect::Record(draft) -> Session::record -> Done::Changed -> State
//! ```
//!
//! After a change only the person changed is worked out again, from the text just written
//! (nothing is read back, nobody else is read); their People row is replaced.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::Path;

use crossterm::event::KeyEvent;

use super::keys::Keymap;
use super::state::{OpenHolder, Stamp, State};
use super::update::{Change, Changed, Done, Effect, Opened, ReportDone};
use crate::app::entries::Saved;
use crate::app::people::Worked;
use crate::app::{AppError, Holder, PersonRow, Session};
use crate::store::{HolderFiles, Workspace};

pub use super::state::{Options, Overlay, Pending, Purpose, Screen, SortBy};

pub struct App {
    pub state: State,
    pub session: Session,
    /// People the People screen worked out, with the stamps of their files then: opening
    /// one whose files have not changed since reads nothing again.
    worked: HashMap<String, (Worked, Vec<Stamp>)>,
}

/// How much journal text the People screen keeps worked out for opening (see
/// [`Session::people_keeping`]).
const KEEP_BYTES: usize = 32 * 1024 * 1024;

impl Deref for App {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

impl DerefMut for App {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

impl App {
    /// Open the workspace: one person goes straight to their dashboard, several to People.
    pub fn new(ws: Workspace, opts: Options, holder: Option<&str>) -> App {
        let (mut session, settings_error) = Session::open(ws, opts.today);
        session.who = opts.who.clone();
        let (keymap, key_problems) = Keymap::new(&session.settings.keys);
        let mut state = State::new(opts, session.ws.root().to_path_buf(), keymap);
        state.light = session
            .settings
            .theme
            .is_light(std::env::var("COLORFGBG").ok().as_deref());
        let mut app = App {
            state,
            session,
            worked: HashMap::new(),
        };
        let people = app.load_people();
        app.state.done(Done::People(people));
        app.state.shared = app.session.is_shared();
        let only = (app.people.len() == 1).then(|| app.people[0].id.clone());
        match holder.map(str::to_string).or(only) {
            Some(id) => app.run(Effect::Open(id)),
            None => {
                let effect = app.state.welcome();
                app.run_all(effect);
            }
        }
        if let Some(e) = settings_error {
            app.say(format!(
                "careledger.toml could not be read, so the defaults are used: {e}"
            ));
        }
        if !key_problems.is_empty() {
            app.say(key_problems.join(" "));
        }
        app
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        let effect = self.state.key(ev);
        self.run_all(effect);
    }

    pub fn act(&mut self, action: super::keys::Action) {
        let effect = self.state.act(action);
        self.run_all(effect);
    }

    /// Called now and then by the event loop: pick up changes made by other programs.
    /// Whether anything changed (and so needs drawing again).
    pub fn tick(&mut self) -> bool {
        if self.open.as_ref().is_some_and(changed_on_disk) {
            // Only the open person's files are watched, so only they are read again.
            self.run(Effect::Reload {
                why: "The files changed on disk, so careledger read them again.".into(),
                everyone: false,
            });
            return true;
        }
        false
    }

    fn run_all(&mut self, mut effect: Option<Effect>) {
        while let Some(e) = effect.take() {
            let done = self.carry_out(e);
            effect = self.state.done(done);
        }
        // What a change could not do but did not stop for (a commit to the shared history
        // that failed): said after what was done.
        let notes = self.session.take_notes();
        if !notes.is_empty() {
            let said = format!("{} Note: {}", self.state.status, notes.join(" "));
            self.state.warn(said.trim_start().to_string());
        }
    }

    fn run(&mut self, effect: Effect) {
        self.run_all(Some(effect));
    }

    /// Do what an effect asks, through the application layer.
    fn carry_out(&mut self, effect: Effect) -> Done {
        if effect.writes() {
            // The person changed is worked out afresh from what is written.
            if let Some(id) = self.state.open_id() {
                self.worked.remove(&id);
            }
        }
        let s = &self.session;
        match effect {
            Effect::Open(id) => Done::Opened {
                result: self.open_reusing(&id),
                id,
            },
            Effect::LoadPeople => Done::People(self.load_people()),
            Effect::Reload { why, everyone } => {
                let people = everyone.then(|| self.load_people());
                let s = &self.session;
                let holder = self.state.open_id().map(|id| {
                    let r = open(s, &id);
                    (id, r)
                });
                Done::Reloaded {
                    people,
                    holder,
                    why,
                }
            }
            Effect::Record(draft) => {
                // A date outside every plan year (but near one) is asked about, once the
                // rest of the form is right.
                if let Ok(f) = self.files()
                    && let Some(d) = crate::core::payment::parse_date(&draft.date)
                    && let Some(problem @ crate::core::plan_year::DateProblem::Outside(_)) =
                        f.plan_years().date_problem(d, false)
                    && draft.build_in(&f.plan.plan, &f.plan_years(), true).is_ok()
                {
                    return Done::OutsidePlan {
                        draft,
                        message: problem.message().to_string(),
                    };
                }
                self.change(Change::Record, |s, f| s.record(f, &draft))
            }
            Effect::RecordOutsidePlan(draft) => {
                self.change(Change::Record, |s, f| s.record_with(f, &draft, true))
            }
            Effect::Payroll(day) => self.change(Change::Payroll, |s, f| {
                s.record_payroll(f, &day).map(|p| p.saved)
            }),
            Effect::Edit {
                target,
                changes,
                force,
            } => self.change(Change::Edit, |s, f| s.edit(f, &target, &changes, force)),
            Effect::Reverse(target) => self.change(Change::Reverse, |s, f| s.reverse(f, &target)),
            Effect::Undo(undo) => {
                let what = self
                    .state
                    .undo
                    .last()
                    .map(|(_, w)| w.clone())
                    .unwrap_or_default();
                self.change(Change::Undo(what), |s, f| s.undo(f, &undo))
            }
            Effect::SetStatus {
                target,
                status,
                force,
            } => self.change(Change::SetStatus(status), |s, f| {
                s.set_status(f, &target, status, force)
            }),
            Effect::ChangePlan(change) => {
                // Worked out first: a change with new warnings is asked about before saving.
                let preview = self.files().and_then(|f| s.preview_plan(f, &change));
                if let Ok(p) = &preview
                    && !p.new_warnings.is_empty()
                {
                    return Done::PlanWarned {
                        warnings: p.new_warnings.clone(),
                        change,
                    };
                }
                let result = preview.and_then(|p| {
                    let files = s.save_plan(self.files()?, p)?;
                    Ok(changed(s, files, None))
                });
                Done::Changed {
                    change: Change::Plan(change),
                    result,
                }
            }
            Effect::StartYear { start, surplus } => {
                let result = self.files().and_then(|f| {
                    let started = s.start_year(f, Some(start), surplus.as_ref())?;
                    let returned = started
                        .returned
                        .as_ref()
                        .map(|(id, m)| {
                            format!(" {m} of {id} was recorded as returned to the funder.")
                        })
                        .unwrap_or_default();
                    Ok((started.new, returned, changed(s, started.files, None)))
                });
                let said = match &result {
                    Ok((new, returned, _)) => format!(
                        "Plan year {} has started; last year's plan is kept as it was.{returned}",
                        crate::core::plan_year::describe(new)
                    ),
                    Err(_) => String::new(),
                };
                let result = result.map(|(n, _, c)| (n, c));
                Done::Changed {
                    change: Change::Year(said),
                    result: result.map(|(_, c)| c),
                }
            }
            Effect::ViewYear(year) => {
                let result = self.files().and_then(|f| {
                    f.for_year(year).ok_or_else(|| {
                        AppError::Refused(format!("There is no plan year starting in {year}."))
                    })
                });
                let said = match &result {
                    Ok(f) => match f.closed_year() {
                        Some(label) => format!(
                            "Plan year {label}, which has ended: its plan is kept as it was; corrections to its entries can still be made. ] goes back."
                        ),
                        None => format!(
                            "Plan year {}, the current one.",
                            crate::core::plan_year::label(&f.plan.plan.period)
                        ),
                    },
                    Err(_) => String::new(),
                };
                Done::Changed {
                    change: Change::Year(said),
                    result: result.map(|f| changed(s, f, None)),
                }
            }
            Effect::ChangePlanAnyway(change) => {
                let result = self.files().and_then(|f| {
                    let files = s.change_plan(f, &change)?;
                    Ok(changed(s, files, None))
                });
                Done::Changed {
                    change: Change::Plan(change),
                    result,
                }
            }
            Effect::Import(request) => {
                let result = self.files().and_then(|f| s.import(f, &request));
                if request.preview {
                    Done::Previewed(result)
                } else {
                    Done::Imported(result.map(|i| {
                        let c = changed(s, i.files.clone(), None);
                        (i, c)
                    }))
                }
            }
            Effect::Reconcile(request) => {
                let result = self.files().and_then(|f| s.reconcile(f, &request));
                Done::Reconciled(result.map(|r| {
                    let c = changed(s, r.files.clone(), None);
                    (r, c)
                }))
            }
            Effect::Report { kind, format, save } => {
                let result = self.files().and_then(|f| {
                    let report = s.report(f, &kind, format)?;
                    let what = report.what.to_string();
                    match save {
                        None => Ok(ReportDone::Shown {
                            name: format!(
                                "{}-{}.{}",
                                f.id,
                                crate::app::evidence::slug(
                                    what.strip_prefix("The ").unwrap_or(&what)
                                ),
                                format.extension()
                            ),
                            what,
                            text: report.text,
                        }),
                        Some(path) => {
                            s.save_report_bytes(&path, report.contents(), false)?;
                            Ok(ReportDone::Saved { what, path })
                        }
                    }
                });
                Done::Report(result)
            }
            Effect::Sync => Done::Synced(s.sync().map(|synced| synced.describe())),
            Effect::EntryHistory(id) => Done::History {
                id,
                lines: self
                    .files()
                    .map(|f| {
                        // Two lines each: the change's ID, when and who; then what, without
                        // the person's name (it is their entry view).
                        s.entry_history(f, id)
                            .iter()
                            .flat_map(|c| {
                                let what = c.what.split_once(": ").map_or(&*c.what, |(_, w)| w);
                                [
                                    format!("{}, {}, {}:", c.id, c.when, c.who),
                                    format!("  {what}"),
                                ]
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            Effect::SaveReport { what, path, text } => {
                Done::SavedReport(s.save_report(&path, &text, false).map(|()| (what, path)))
            }
            Effect::Attach { target, file } => self.change(Change::Attach(file.clone()), |s, f| {
                let a = s.attach(f, &target, std::slice::from_ref(&file))?;
                Ok(Saved {
                    files: a.files,
                    entry: Some(a.entry),
                    written: None,
                    before: Some(a.before),
                    undo: a.undo,
                })
            }),
            Effect::CreateHolder(plan) => {
                let result = s.create_holder(&plan).map(|()| s.people());
                Done::Created { plan, result }
            }
        }
    }

    /// Everyone's People rows, keeping what was worked out for opening them.
    fn load_people(&mut self) -> Vec<PersonRow> {
        let (rows, worked) = self.session.people_keeping(KEEP_BYTES);
        self.worked = worked
            .into_iter()
            .map(|w| {
                let stamps = stamps_of(&w.files);
                (w.files.id.clone(), (w, stamps))
            })
            .collect();
        rows
    }

    /// Open a person from what the People screen worked out when their files are as they
    /// were then; otherwise read them.
    fn open_reusing(&mut self, id: &str) -> Opened {
        if let Some((w, stamps)) = self.worked.remove(id)
            && stamps_of(&w.files) == stamps
        {
            return Ok((Holder::from_worked(&self.session, w), stamps));
        }
        open(&self.session, id)
    }

    fn files(&self) -> Result<&HolderFiles, AppError> {
        self.open
            .as_ref()
            .map(|h| &h.files)
            .ok_or_else(|| AppError::Refused("No one is open.".into()))
    }

    fn change(
        &self,
        change: Change,
        f: impl FnOnce(&Session, &HolderFiles) -> Result<Saved, AppError>,
    ) -> Done {
        let s = &self.session;
        let result = self.files().and_then(|files| {
            let saved = f(s, files)?;
            let files = saved.files.clone();
            Ok(changed(s, files, Some(saved)))
        });
        Done::Changed { change, result }
    }
}

/// A person's files opened, with the stamps of what was read.
fn open(s: &Session, id: &str) -> Opened {
    match s.open_holder(id) {
        Ok(h) => {
            let stamps = stamps_of(&h.files);
            Ok((h, stamps))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// The person's records worked out again from the files just written (nothing is read).
fn changed(s: &Session, files: HolderFiles, saved: Option<Saved>) -> Changed {
    let stamps = stamps_of(&files);
    let holder = Holder::from_files(s, files);
    let row = PersonRow::of(&holder, s.today);
    Changed {
        holder,
        stamps,
        row,
        saved,
    }
}

fn stamps_of(files: &HolderFiles) -> Vec<Stamp> {
    OpenHolder::watched(files)
        .iter()
        .map(|p| stamp(p))
        .collect()
}

fn stamp(path: &Path) -> Stamp {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// Whether a file has changed on disk since it was read (by its size and time).
fn changed_on_disk(h: &OpenHolder) -> bool {
    OpenHolder::watched(&h.files)
        .iter()
        .map(|p| stamp(p))
        .ne(h.stamps.iter().copied())
}
