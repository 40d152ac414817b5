//! How the app changes: a key (or the result of an effect) in, a new state and at most one
//! [`Effect`] out. Nothing here reads or writes a file or touches the terminal: anything
//! that needs the files is an effect, carried out by `tui::app` through the application
//! layer, whose result comes back here as a [`Done`]. So every key sequence can be tested
//! on a plain [`State`].

use std::path::PathBuf;

use crossterm::event::KeyEvent;

use super::form::{Edit, FieldKey, Form, Input, TextInput};
use super::forms::{self, Problems};
use super::keys::{Action, Key};
use super::screens;
use super::state::{OpenHolder, Overlay, Pending, Purpose, SaveAs, Screen, Stamp, State};
use crate::app::entries::{Changes, Saved};
use crate::app::import::{ImportRequest, Imported};
use crate::app::plan::PlanChange;
use crate::app::reconcile::{ReconcileRequest, Reconciled};
use crate::app::report::{ReportFormat, ReportKind};
use crate::app::{AppError, Holder, PersonRow, Target, Undo};
use crate::core::employer::payroll::PayDay;
use crate::core::entry::EntryId;
use crate::core::journal::Status;
use crate::core::payment::{Direction, Draft, Field};
use crate::core::register::Filter;
use crate::core::template::NewPlan;
use crate::core::words;

/// Work that needs the files, asked for by an update and done by the effects runner.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Open this person's records.
    Open(String),
    /// Read everyone's rows again (going back to People).
    LoadPeople,
    /// Read the open person's files again (and, with `everyone`, all the People rows),
    /// keeping the place; then say `why` (nothing when empty).
    Reload {
        why: String,
        everyone: bool,
    },
    Record(Draft),
    Edit {
        target: Target,
        changes: Changes,
        force: bool,
    },
    Reverse(Target),
    SetStatus {
        target: Target,
        status: Status,
        force: bool,
    },
    /// Preview (or, with `preview` false, write) a bank statement.
    Import(ImportRequest),
    Reconcile(ReconcileRequest),
    /// Record a pay day (`Session::record_payroll`).
    Payroll(PayDay),
    Report {
        kind: ReportKind,
        format: ReportFormat,
        save: Option<PathBuf>,
    },
    /// Save the report shown in the reader.
    SaveReport {
        what: String,
        path: PathBuf,
        text: String,
    },
    /// Copy a file into the evidence folder and link it from the entry.
    Attach {
        target: Target,
        file: PathBuf,
    },
    ChangePlan(PlanChange),
    /// Save a plan change whose warning was shown and accepted.
    ChangePlanAnyway(PlanChange),
    /// Record a payment dated outside every plan year, as the person confirmed.
    RecordOutsidePlan(Draft),
    /// Start the next plan year on `start`, returning `surplus` to the funder when given.
    StartYear {
        start: chrono::NaiveDate,
        surplus: Option<crate::app::plan_year::ReturnSurplus>,
    },
    /// Look at the plan year that starts in this year (the current one or an ended one).
    ViewYear(i32),
    CreateHolder(NewPlan),
    /// Take back a change made in this session.
    Undo(Undo),
    /// The changes a shared workspace's history holds for this entry (for its entry view).
    EntryHistory(crate::core::entry::EntryId),
    /// Sync a shared workspace (then read everyone again).
    Sync,
}

impl Effect {
    /// Whether carrying it out may change the open person's records.
    pub fn writes(&self) -> bool {
        !matches!(
            self,
            Effect::Open(_)
                | Effect::LoadPeople
                | Effect::Reload { .. }
                | Effect::Report { .. }
                | Effect::ViewYear(_)
                | Effect::EntryHistory(_)
                | Effect::SaveReport { .. }
        )
    }
}

/// A person's files as an effect read or wrote them, with their stamps then.
pub type Opened = Result<(Holder, Vec<Stamp>), String>;

/// What a change to the records was, for the sentence about it.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    Record,
    Edit,
    Reverse,
    /// Took back the change said in words.
    Undo(String),
    SetStatus(Status),
    Plan(PlanChange),
    /// A new plan year, said in words.
    Year(String),
    Payroll,
    /// A file attached to an entry (the file's name as typed).
    Attach(PathBuf),
}

/// A change that was made: the person's records as they are now, their new People row,
/// and what the application layer said of it.
#[derive(Debug, Clone)]
pub struct Changed {
    pub holder: Holder,
    pub stamps: Vec<Stamp>,
    pub row: PersonRow,
    /// The entry written, when the change was to an entry.
    pub saved: Option<Saved>,
}

/// A report made from the reports form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportDone {
    /// To read in the app (and perhaps save from there, as `name`).
    Shown {
        what: String,
        text: String,
        name: String,
    },
    /// Saved to a file.
    Saved { what: String, path: PathBuf },
}

/// The result of an effect, back into the update.
#[derive(Debug)]
pub enum Done {
    Opened {
        id: String,
        result: Opened,
    },
    People(Vec<PersonRow>),
    Reloaded {
        /// Everyone's rows, when everyone was read again.
        people: Option<Vec<PersonRow>>,
        holder: Option<(String, Opened)>,
        why: String,
    },
    Changed {
        change: Change,
        result: Result<Changed, AppError>,
    },
    Previewed(Result<Imported, AppError>),
    Imported(Result<(Imported, Changed), AppError>),
    Reconciled(Result<(Reconciled, Changed), AppError>),
    Report(Result<ReportDone, AppError>),
    /// The report in the reader saved: what it is, and where.
    SavedReport(Result<(String, PathBuf), AppError>),
    Created {
        plan: NewPlan,
        result: Result<Vec<PersonRow>, AppError>,
    },
    /// A payment not recorded: its date is outside every plan year (asked about).
    OutsidePlan {
        draft: Draft,
        message: String,
    },
    /// A plan change worked out but not saved: it brings these warnings.
    PlanWarned {
        change: PlanChange,
        warnings: Vec<String>,
    },
    /// What a sync did, in sentences.
    Synced(Result<String, AppError>),
    /// An entry's history, as lines to read in its entry view.
    History {
        id: crate::core::entry::EntryId,
        lines: Vec<String>,
    },
}

impl State {
    /// The first things said, once the People rows (and a person, if one opens) are in.
    pub fn welcome(&mut self) -> Option<Effect> {
        let n = self.people.len();
        let msg = if n == 0 {
            "Welcome to careledger. Press n to set up the first person's budget, or q to quit (careledger demo shows an example workspace).".to_string()
        } else {
            format!(
                "{} in this workspace, who needs attention first. Press Enter to open one, ? for keys.",
                words::plural(n as i64, "person")
            )
        };
        self.say(msg);
        None
    }

    pub fn key(&mut self, ev: KeyEvent) -> Option<Effect> {
        let key = Key::from_event(&ev);
        if key.ctrl && key.code == crossterm::event::KeyCode::Char('c') {
            self.ask_quit();
            return None;
        }
        let contexts = self.contexts();
        if self.too_small.get() {
            // Nothing can be seen, so nothing is done but quitting (and answering the
            // question quitting asks, which the too-small message shows).
            let quitting = matches!(
                self.overlays.last(),
                Some(Overlay::Confirm {
                    then: Pending::Quit,
                    ..
                })
            );
            let global = self.keymap.action(&[super::keys::Context::Global], key);
            match self.keymap.action(&contexts, key) {
                Some(a @ (Action::Yes | Action::No)) if quitting => return self.act(a),
                _ if global == Some(Action::Quit) => self.ask_quit(),
                _ => {}
            }
            return None;
        }
        if let Some(a) = self.keymap.action(&contexts, key) {
            return self.act(a);
        }
        match self.overlays.last_mut() {
            Some(Overlay::Form { form, .. }) => match form.edit(key.code, key.ctrl) {
                Edit::Ignored => {
                    self.say("That key does nothing in this field. Tab moves on, Esc cancels.")
                }
                Edit::Changed if form.focused().key == FieldKey::MoneyInKind => {
                    self.kind_changed();
                }
                Edit::Changed if matches!(form.focused().key, FieldKey::SplitAmount(_)) => {
                    if let Some(m) = forms::split_remainder(form) {
                        self.say(m);
                    }
                }
                Edit::Changed => {
                    let field = form.focused();
                    let message = match (&field.input, field.completion()) {
                        (_, Some(c)) => Some(format!("Suggestion: {c}. Right arrow accepts it.")),
                        (Input::Choose { .. }, None) => Some(field.spoken()),
                        _ => None,
                    };
                    if let Some(m) = message {
                        self.say(m);
                    }
                }
                Edit::Moved => {}
            },
            Some(Overlay::Search { input, .. }) => {
                use crossterm::event::KeyCode as K;
                match key.code {
                    K::Char(c) if !key.ctrl => input.insert(c),
                    K::Backspace => input.backspace(),
                    K::Left => input.left(),
                    K::Right => input.right(),
                    _ => {}
                }
                let text = input.value.clone();
                self.apply_search(&text, false);
            }
            Some(Overlay::Confirm { .. }) => self.say("Press y for yes or n for no."),
            _ => self.say(format!(
                "The key {key} does nothing here. Press ? to list the keys."
            )),
        }
        None
    }

    pub fn act(&mut self, action: Action) -> Option<Effect> {
        match self.overlays.last() {
            Some(Overlay::Form { .. }) => return self.form_action(action),
            Some(Overlay::Search { .. }) => {
                self.search_action(action);
                return None;
            }
            Some(Overlay::Confirm { .. }) => return self.confirm_action(action),
            Some(Overlay::Help { .. } | Overlay::Details { .. } | Overlay::Text { .. }) => {
                self.reading_action(action);
                return None;
            }
            None => {}
        }
        match action {
            Action::Quit => self.ask_quit(),
            Action::Help => {
                self.overlays.push(Overlay::Help { scroll: 0 });
                self.say(format!(
                    "Keys for the {} screen. Esc closes.",
                    self.screen.title()
                ));
            }
            Action::Reload => {
                return Some(Effect::Reload {
                    why: "Read the files again.".into(),
                    everyone: true,
                });
            }
            Action::Sync => {
                if self.shared {
                    return Some(Effect::Sync);
                }
                self.warn(
                    "This workspace is not shared, so there is nothing to sync. To share it: careledger share REMOTE",
                );
            }
            Action::Back => return self.back(),
            Action::Dashboard => self.go(Screen::Dashboard),
            Action::Register => self.go(Screen::Register),
            Action::Plan => self.go(Screen::Plan),
            Action::Holders => self.go(Screen::Holders),
            Action::NextScreen | Action::PrevScreen => {
                let all = [
                    Screen::Dashboard,
                    Screen::Register,
                    Screen::Plan,
                    Screen::Holders,
                ];
                let at = all.iter().position(|s| *s == self.screen).unwrap_or(0);
                let step = if action == Action::NextScreen { 1 } else { 3 };
                self.go(all[(at + step) % 4]);
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::PageUp => self.move_by(-(self.page.get().max(1) as isize)),
            Action::PageDown => self.move_by(self.page.get().max(1) as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::Add => self.open_payment_form(Direction::Out),
            Action::AddIncome => self.open_payment_form(Direction::In),
            Action::Edit => match self.screen {
                Screen::Plan => self.edit_plan_item(),
                _ => self.edit_selected(),
            },
            Action::Reverse => self.ask_reverse(),
            Action::Attach => self.open_attach_form(),
            Action::Undo => self.ask_undo(),
            Action::ToggleCleared => return self.toggle_cleared(),
            Action::Search => self.open_search(),
            Action::Filter => self.open_filter_form(),
            Action::ClearFilter => {
                if let Some(h) = self.open.as_mut() {
                    h.filter = Filter::default();
                    h.refilter();
                    let n = h.view.len();
                    self.say(format!(
                        "Filter cleared: showing all {}.",
                        words::plural(n as i64, "entry")
                    ));
                }
            }
            Action::Open => match self.screen {
                Screen::Holders => match self.selected_person_id() {
                    Some(id) => return Some(Effect::Open(id)),
                    None => self.say("There is no one to open here."),
                },
                Screen::Register => return self.show_details(),
                Screen::Dashboard => self.show_row_whole(),
                Screen::Plan => self.edit_plan_item(),
            },
            Action::Sort => {
                self.sort = self.sort.next();
                self.sort_people();
                self.people_sel = 0;
                self.say(format!("Sorted by {}.", self.sort.words()));
            }
            Action::NewHolder => {
                self.overlays.push(Overlay::Form {
                    form: forms::new_holder(),
                    purpose: Purpose::NewHolder,
                });
                self.say("A new person: 15 fields; only Id and Name are needed now. Ctrl-S saves, Esc cancels. Id: empty.");
            }
            Action::Reports => self.open_tool_form(Purpose::Report),
            Action::Import => self.open_tool_form(Purpose::Import),
            Action::Reconcile => self.open_tool_form(Purpose::Reconcile),
            Action::NewOutcome
            | Action::NewReview
            | Action::ReviewDone
            | Action::NewYear
            | Action::PrevYear
            | Action::NextYear
            | Action::NewStream
            | Action::RemoveFromPlan => {
                return self.plan_action(action);
            }
            Action::Payroll => self.open_payroll_form(),
            Action::NextField
            | Action::PrevField
            | Action::SplitLine
            | Action::RemoveLine
            | Action::Save
            | Action::Submit
            | Action::Yes
            | Action::No => {}
        }
        None
    }

    /// Quit, asking first if a form holds typing that is not saved.
    fn ask_quit(&mut self) {
        let unsaved = self
            .overlays
            .iter()
            .any(|o| matches!(o, Overlay::Form { form, .. } if form.dirty));
        let asked = matches!(
            self.overlays.last(),
            Some(Overlay::Confirm {
                then: Pending::Quit,
                ..
            })
        );
        if unsaved && !asked {
            let question = "A form has typing that is not saved. Quit anyway and lose it? y or n.";
            self.ask(question.to_string(), Pending::Quit);
        } else {
            self.quit = true;
        }
    }

    fn ask(&mut self, question: String, then: Pending) {
        self.overlays.push(Overlay::Confirm {
            question: question.clone(),
            then,
        });
        self.say(question);
    }

    fn needs_open(&mut self) -> bool {
        if self.open.is_none() {
            self.say("Open a person first: move to their row and press Enter.");
            return true;
        }
        false
    }

    fn go(&mut self, screen: Screen) {
        if screen != Screen::Holders && self.open.is_none() && self.error.is_none() {
            self.say("Open a person first: move to their row and press Enter.");
            return;
        }
        if screen == Screen::Holders && self.people.len() <= 1 && self.screen != Screen::Holders {
            self.say("This workspace has one person, so there is no list of people to show.");
            return;
        }
        self.screen = screen;
        self.scroll.set(0);
        let what = match screen {
            Screen::Holders => format!(
                "People, sorted by {}. {} shown.",
                self.sort.words(),
                self.people_shown().len()
            ),
            Screen::Dashboard => "Dashboard: where the money stands.".into(),
            Screen::Register => match &self.open {
                Some(h) => format!(
                    "Register: {} of {}, newest first.",
                    h.view.len(),
                    words::plural(h.order.len() as i64, "entry")
                ),
                None => "Register.".into(),
            },
            Screen::Plan => {
                "Plan: e changes the one selected, o adds an outcome, d marks a review done.".into()
            }
        };
        self.say(what);
    }

    fn back(&mut self) -> Option<Effect> {
        match self.screen {
            Screen::Holders => self.say("This is the first screen. Press q to quit."),
            _ if self.people.len() > 1 => {
                self.screen = Screen::Holders;
                self.say(format!("People, sorted by {}.", self.sort.words()));
                return Some(Effect::LoadPeople);
            }
            Screen::Dashboard => self.say("This is the first screen. Press q to quit."),
            _ => self.go(Screen::Dashboard),
        }
        None
    }

    fn move_by(&mut self, delta: isize) {
        let step = |sel: usize, len: usize| -> usize {
            if len == 0 {
                return 0;
            }
            (sel as isize)
                .saturating_add(delta)
                .clamp(0, len as isize - 1) as usize
        };
        // (where the focus is now among how many, the section it moved into, and
        // whether it could move at all), said to a screen reader.
        let mut place: Option<(usize, usize, Option<String>, bool)> = None;
        match self.screen {
            Screen::Holders => {
                let n = self.people_shown().len();
                let was = self.people_sel;
                self.people_sel = step(self.people_sel, n);
                place = Some((self.people_sel, n, None, was != self.people_sel));
            }
            Screen::Register => {
                if let Some(h) = self.open.as_mut() {
                    let was = h.sel;
                    h.sel = step(h.sel, h.view.len());
                    place = Some((h.sel, h.view.len(), None, was != h.sel));
                }
            }
            Screen::Dashboard | Screen::Plan => {
                let dashboard = self.screen == Screen::Dashboard;
                let opts = self.opts.clone();
                if let Some(h) = self.open.as_mut() {
                    let rows = if dashboard {
                        screens::dashboard::rows(h, &opts)
                    } else {
                        screens::plan::rows(h, &opts)
                    };
                    let sel = if dashboard { h.dash_sel } else { h.plan_sel };
                    let (from, _, _) = screens::step(&rows, sel, 0, opts.accessible);
                    let (to, at, n) = screens::step(&rows, sel, delta, opts.accessible);
                    let before = screens::section_of(&rows, from);
                    let section =
                        screens::section_of(&rows, to).filter(|s| Some(s) != before.as_ref());
                    if dashboard {
                        h.dash_sel = to;
                    } else {
                        h.plan_sel = to;
                    }
                    place = Some((at, n, section, from != to));
                }
            }
        }
        // Where it helps: at the ends of the list, after a jump, and into a new section. A
        // step within a section says nothing more than the line the cursor moves to, so a
        // screen reader has that one line to read.
        if self.opts.accessible
            && let Some((at, n, section, moved)) = place
            && n > 0
            && (!moved || section.is_some() || delta.abs() > 1 || at + 1 == n)
        {
            let mut said = String::new();
            if let Some(s) = section {
                said.push_str(&format!("{s}. "));
            }
            match (moved, delta < 0) {
                (false, true) => said.push_str(&format!("Top of list: 1 of {n}.")),
                (true, _) if at == 0 => said.push_str(&format!("Top of list: 1 of {n}.")),
                (false, false) => said.push_str(&format!("End of list: {n} of {n}.")),
                (true, _) => said.push_str(&screens::place_words(at, n)),
            }
            self.say(said);
        }
    }

    // --- Payments ----------------------------------------------------------------------

    fn open_payment_form(&mut self, direction: Direction) {
        if self.needs_open() {
            return;
        }
        let Some(h) = &self.open else { return };
        let draft = Draft {
            date: self.opts.today.format("%Y-%m-%d").to_string(),
            direction,
            ..Draft::default()
        };
        let (title, hint) = match direction {
            Direction::Out => (
                "Record a payment",
                "Enter a payment in a few keys; Ctrl-S saves.",
            ),
            _ => (
                "Record money paid in",
                "Money received into the budget account; Ctrl-S saves.",
            ),
        };
        let mut form = forms::payment(h, &draft, title);
        // The date is filled in with today; most payments start with who was paid, and
        // money in with what it is.
        form.focus = if direction == Direction::Out { 1 } else { 0 };
        let spoken = form.focused().spoken();
        self.overlays.push(Overlay::Form {
            form,
            purpose: Purpose::Add(direction),
        });
        self.say(if direction == Direction::Out {
            format!(
                "{title}. {hint} Date: {} (Shift-Tab to change it). {spoken}",
                draft.date
            )
        } else {
            format!(
                "{title}. {hint} {spoken}. Tab moves on to the date, {}.",
                draft.date
            )
        });
    }

    /// The money-in form's kind was changed: build it again for that kind (a refund has an
    /// outcome, the rest none), keeping what was typed, with the kind still focused.
    fn kind_changed(&mut self) {
        let Some(h) = &self.open else { return };
        let Some(Overlay::Form { form, purpose }) = self.overlays.last_mut() else {
            return;
        };
        let Purpose::Add(direction) = purpose else {
            return;
        };
        let draft = forms::read_payment(
            form,
            Draft {
                direction: *direction,
                ..Draft::default()
            },
        );
        let mut again = forms::payment(h, &draft, &form.title);
        again.dirty = true;
        *form = again;
        *direction = draft.direction;
        let mut spoken = form.focused().spoken();
        if draft.direction == Direction::Refund {
            spoken.push_str(". A refund asks for the outcome whose spending it takes back.");
        }
        self.say(spoken);
    }

    /// The selected register entry and the date of the bank check that covers it, if any.
    fn selected(&self) -> Option<(Target, Option<chrono::NaiveDate>)> {
        let h = self.open.as_ref()?;
        let (ji, ti, _) = h.entry(h.sel)?;
        let j = h.journal(ji);
        Some((
            h.target(h.sel)?,
            h.locks.locked_by(j, &j.transactions()[ti]),
        ))
    }

    /// Ask before changing an entry covered by a bank check; true when it may go ahead now.
    fn clear_to_change(&mut self, locked: Option<chrono::NaiveDate>, then: Pending) -> bool {
        let Some(date) = locked else {
            return true;
        };
        self.ask(
            format!(
                "This entry is covered by a balance checked against the bank on {}. Changing it may make the records disagree with the bank. Change it anyway? y or n.",
                words::long_date(date)
            ),
            then,
        );
        false
    }

    fn edit_selected(&mut self) {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) and pick an entry to edit it.");
            return;
        }
        let Some((target, locked)) = self.selected() else {
            self.say("There is no entry to edit.");
            return;
        };
        if self.clear_to_change(locked, Pending::EditLocked(target.clone())) {
            self.edit_entry(target, false);
        }
    }

    fn edit_entry(&mut self, target: Target, force: bool) {
        let Some(h) = &self.open else { return };
        let Some(place) = h.ids.find(target.id) else {
            self.warn("That entry is no longer in the journal; nothing was changed.");
            return;
        };
        if place.journal != 0 {
            self.warn(format!(
                "This entry is in {}, which careledger includes but does not change. Edit it in a text editor.",
                h.files.journal_paths[place.journal].display()
            ));
            return;
        }
        let j = h.journal(place.journal);
        let tx = &j.transactions()[place.index];
        match Draft::from_transaction(&h.files.plan.plan, j, tx) {
            Ok(draft) => {
                let form = forms::payment(h, &draft, "Edit this entry");
                let (payee, amount) = (draft.payee.clone(), draft.amount.clone());
                self.overlays.push(Overlay::Form {
                    form,
                    purpose: Purpose::Edit { target, force },
                });
                self.say(format!(
                    "Editing the payment to {payee} of £{amount}. Ctrl-S saves, Esc cancels."
                ));
            }
            Err(why) => self.warn(format!("This entry cannot be edited here: {why}.")),
        }
    }

    fn open_filter_form(&mut self) {
        let Some(h) = &self.open else {
            self.say("Open a person first.");
            return;
        };
        self.overlays.push(Overlay::Form {
            form: forms::filter(h),
            purpose: Purpose::Filter,
        });
        self.say("Filter the register. Tab moves between fields, Ctrl-S applies, Esc cancels.");
    }

    fn form_action(&mut self, action: Action) -> Option<Effect> {
        let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
            return None;
        };
        match action {
            Action::NextField | Action::PrevField => {
                let left_payee = form.focused().key == FieldKey::Payment(Field::Payee);
                if action == Action::NextField {
                    form.next();
                } else {
                    form.prev();
                }
                let filled = match (&self.open, left_payee) {
                    (Some(h), true) => forms::fill_usual(form, h),
                    _ => None,
                };
                let spoken = form.focused().spoken();
                match filled {
                    Some(f) => self.say(format!("{f} {spoken}")),
                    None => self.say(spoken),
                }
            }
            Action::Submit if !form.on_last() => {
                form.next();
                let spoken = form.focused().spoken();
                self.say(spoken);
            }
            Action::Submit | Action::Save => return self.save_form(),
            Action::SplitLine | Action::RemoveLine => {
                let h = self.open.as_ref()?;
                let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
                    return None;
                };
                let done = if action == Action::SplitLine {
                    forms::add_split_line(form, h).map(|n| {
                        format!(
                            "Split into {n} lines: line {n}'s outcome. {}",
                            forms::split_remainder(form).unwrap_or_default()
                        )
                    })
                } else {
                    forms::remove_split_line(form, h).map(|n| {
                        if n <= 1 {
                            "No longer split: one outcome and category.".to_string()
                        } else {
                            format!(
                                "Line taken out; {n} lines left. {}",
                                forms::split_remainder(form).unwrap_or_default()
                            )
                        }
                    })
                };
                match done {
                    Ok(m) => self.say(m),
                    Err(m) => self.warn(m),
                }
            }
            Action::Back => {
                if form.dirty {
                    self.overlays.push(Overlay::Confirm {
                        question: "Throw away what you typed in this form? Press y to throw it away, n to keep typing.".into(),
                        then: Pending::DiscardForm,
                    });
                    self.say("Throw away what you typed in this form? y or n.");
                } else {
                    self.overlays.pop();
                    self.say("Cancelled; nothing was written.");
                }
            }
            _ => {}
        }
        None
    }

    /// Read the form on top and ask for the change it describes. The form stays open until
    /// the change is done, so a refusal can be shown on its fields.
    fn save_form(&mut self) -> Option<Effect> {
        let Some(Overlay::Form { form, purpose }) = self.overlays.last() else {
            return None;
        };
        let (form, purpose) = (form.clone(), purpose.clone());
        let read: Result<Option<Effect>, Problems> = match &purpose {
            Purpose::Add(direction) => Ok(Some(Effect::Record(forms::read_payment(
                &form,
                Draft {
                    direction: *direction,
                    ..Draft::default()
                },
            )))),
            Purpose::Edit { target, force } => {
                self.learn = target.seen.as_deref().and_then(learnable);
                let draft = forms::read_payment(&form, Draft::default());
                let mut changes = Changes::from_draft(&draft);
                if form.get(crate::core::payment::Field::Outcome).is_none() {
                    // Money in has no outcome field: leave the entry's as it is.
                    changes.outcome = None;
                }
                Ok(Some(Effect::Edit {
                    target: target.clone(),
                    changes,
                    force: *force,
                }))
            }
            Purpose::Filter => {
                let current = self
                    .open
                    .as_ref()
                    .map(|h| h.filter.clone())
                    .unwrap_or_default();
                match forms::read_filter(&form, &current) {
                    Ok(filter) => {
                        self.apply_filter(filter);
                        return None;
                    }
                    Err(p) => Err(p),
                }
            }
            Purpose::Allocation { outcome, stream } => {
                forms::read_allocation(&form).map(|amount| {
                    Some(Effect::ChangePlan(PlanChange::Allocation {
                        outcome: outcome.clone(),
                        stream: stream.clone(),
                        amount,
                    }))
                })
            }
            Purpose::Review { index } => forms::read_review_date(&form).map(|date| {
                Some(Effect::ChangePlan(PlanChange::ReviewDate {
                    index: *index,
                    date,
                }))
            }),
            Purpose::NewOutcome
            | Purpose::NewReview
            | Purpose::ReviewDone { .. }
            | Purpose::StreamChange { .. }
            | Purpose::Outcome { .. }
            | Purpose::Stream { .. }
            | Purpose::NewStream
            | Purpose::NewYear => self.read_plan_form(&form, &purpose)?,
            Purpose::NewHolder => {
                let people = &self.people;
                forms::read_new_holder(&form, |id| people.iter().any(|p| p.id == id))
                    .map(|plan| Some(Effect::CreateHolder(plan)))
            }
            Purpose::Report => forms::read_report(&form, &self.root).map(|r| {
                Some(Effect::Report {
                    kind: r.kind,
                    format: r.format,
                    save: r.save,
                })
            }),
            Purpose::Import => forms::read_import(&form).map(|r| Some(Effect::Import(r))),
            Purpose::Reconcile => forms::read_reconcile(&form).map(|r| Some(Effect::Reconcile(r))),
            Purpose::Payroll => match self.open.as_ref() {
                Some(h) => {
                    forms::read_payroll(&form, &h.files.plan.plan).map(|d| Some(Effect::Payroll(d)))
                }
                None => Ok(None),
            },
            Purpose::SaveReport(save) => {
                let text = match self.overlays.iter().rev().nth(1) {
                    Some(Overlay::Text { text, .. }) => text.clone(),
                    _ => return None,
                };
                forms::read_save_to(&form, &self.root).map(|path| {
                    Some(Effect::SaveReport {
                        what: save.what.clone(),
                        path,
                        text,
                    })
                })
            }
            Purpose::Attach { target } => forms::read_attach(&form).map(|file| {
                Some(Effect::Attach {
                    target: target.clone(),
                    file,
                })
            }),
        };
        match read {
            Ok(effect) => effect,
            Err(problems) => {
                let tool = matches!(
                    purpose,
                    Purpose::Report
                        | Purpose::Import
                        | Purpose::Reconcile
                        | Purpose::SaveReport(_)
                        | Purpose::Attach { .. }
                );
                self.show_problems(problems, tool);
                None
            }
        }
    }

    /// Put each problem on its field, focus the first, and say so.
    fn show_problems(&mut self, problems: Problems, tool: bool) {
        let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
            return;
        };
        form.clear_errors();
        for (key, message) in &problems {
            form.set_error(*key, Some(message.clone()));
        }
        form.focus_first_error();
        let first = form.focused().spoken();
        let n = problems.len();
        if tool {
            let message = problems.first().map(|p| p.1.clone()).unwrap_or_default();
            self.warn(format!("Not done: {message}"));
        } else {
            self.warn(format!(
                "Not saved: {} to put right. {first}",
                words::plural(n as i64, "field")
            ));
        }
    }

    fn apply_filter(&mut self, filter: Filter) {
        let Some(h) = self.open.as_mut() else { return };
        h.filter = filter;
        h.refilter();
        h.sel = 0;
        let message = format!(
            "Filter applied: {} of {} shown. Press F to show all again.",
            h.view.len(),
            words::plural(h.order.len() as i64, "entry")
        );
        self.overlays.pop();
        self.say(message);
    }

    fn open_search(&mut self) {
        let before = match self.screen {
            Screen::Holders => Some(self.people_find.clone()),
            _ => self
                .open
                .as_ref()
                .map(|h| h.filter.text.clone().unwrap_or_default()),
        };
        let text = before.clone().unwrap_or_default();
        self.overlays.push(Overlay::Search {
            input: TextInput::new(&text),
            before,
        });
        self.say(if self.screen == Screen::Holders {
            "Find a person: type part of their name. Enter keeps it, Esc clears it."
        } else {
            "Search: type to show only the entries that match. Enter keeps the search, Esc clears it."
        });
    }

    fn search_action(&mut self, action: Action) {
        let Some(Overlay::Search { input, before }) = self.overlays.last() else {
            return;
        };
        let (text, before) = (input.value.clone(), before.clone());
        match action {
            Action::Submit | Action::Save => {
                self.overlays.pop();
                self.apply_search(&text, true);
            }
            Action::Back => {
                self.overlays.pop();
                self.apply_search(before.as_deref().unwrap_or_default(), false);
                self.apply_search("", true);
            }
            _ => {}
        }
    }

    fn apply_search(&mut self, text: &str, announce: bool) {
        if self.screen == Screen::Holders {
            self.people_find = text.to_string();
            self.people_sel = 0;
            let n = self.people_shown().len();
            if announce {
                self.say(if text.is_empty() {
                    format!("Showing everyone: {n}.")
                } else {
                    format!("{n} found for \"{text}\". Enter opens the first.")
                });
            } else {
                self.say(format!("{n} found."));
            }
            return;
        }
        let Some(h) = self.open.as_mut() else { return };
        h.filter.text = (!text.is_empty()).then(|| text.to_string());
        h.refilter();
        h.sel = 0;
        let n = h.view.len();
        self.say(match (announce, text.is_empty()) {
            (true, true) => format!("Search cleared: {n} shown."),
            (true, false) => format!("Search \"{text}\": {n} found."),
            (false, _) => format!("{n} found."),
        });
    }

    // --- Register actions --------------------------------------------------------------

    /// The entry view; in a shared workspace, asks for the entry's history to show in it.
    fn show_details(&mut self) -> Option<Effect> {
        let Some(h) = &self.open else { return None };
        match (h.entry(h.sel), h.target(h.sel)) {
            (Some((_, _, e)), Some(target)) => {
                let what = format!(
                    "Entry of {}: {} {}.",
                    words::long_date(e.date),
                    e.payee,
                    e.amount.abs()
                );
                self.overlays.push(Overlay::Details {
                    id: target.id,
                    scroll: 0,
                    history: Vec::new(),
                });
                self.say(format!("{what} Esc closes."));
                return self.shared.then_some(Effect::EntryHistory(target.id));
            }
            _ => self.say("There is no entry here."),
        }
        None
    }

    /// The dashboard's focused row in full, to read (a screen reader's line may have been
    /// shortened to fit).
    fn show_row_whole(&mut self) {
        let Some(h) = &self.open else { return };
        let rows = screens::dashboard::rows(h, &self.opts);
        let (k, _, _) = screens::step(&rows, h.dash_sel, 0, self.opts.accessible);
        let Some(row) = rows.get(k) else { return };
        let text = row.text();
        self.overlays.push(Overlay::Text {
            title: "On the dashboard".into(),
            text: format!("{text}\n"),
            scroll: 0,
            save: None,
        });
        self.say(format!("{text} Esc or Left goes back."));
    }

    fn ask_reverse(&mut self) {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) and pick the entry to reverse.");
            return;
        }
        let Some(h) = &self.open else { return };
        let (Some((_, _, e)), Some(target)) = (h.entry(h.sel), h.target(h.sel)) else {
            self.say("There is no entry to reverse.");
            return;
        };
        let direction = if e.amount.is_negative() {
            "paid to"
        } else {
            "received from"
        };
        let question = format!(
            "Reverse {} {direction} {} on {}? This adds a reversing entry dated today; nothing is deleted. y or n.",
            e.amount.abs(),
            e.payee,
            words::long_date(e.date)
        );
        self.ask(question, Pending::Reverse(target));
    }

    fn ask_undo(&mut self) {
        let open = self.open_id();
        match self.undo.last() {
            None => self.say("Nothing to undo: no change has been made in this session."),
            Some((u, _)) if Some(&u.holder) != open.as_ref() => self.say(
                "The last change in this session was to someone else's records; open them to undo it.",
            ),
            Some((_, what)) => {
                let question = format!(
                    "Undo {what}? The journal goes back to exactly how it was before. Press y to undo, n to keep it."
                );
                self.ask(question, Pending::Undo);
            }
        }
    }

    /// Remember how to take back a change just made, in words.
    fn remember_undo(&mut self, undo: Option<Undo>, what: String) {
        if let Some(u) = undo {
            self.undo.push((u, what));
        }
    }

    fn toggle_cleared(&mut self) -> Option<Effect> {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) to mark entries cleared.");
            return None;
        }
        let (target, locked) = self.selected()?;
        if self.clear_to_change(locked, Pending::ToggleLocked(target.clone())) {
            return self.toggle_entry(target, false);
        }
        None
    }

    fn toggle_entry(&mut self, target: Target, force: bool) -> Option<Effect> {
        let h = self.open.as_ref()?;
        let Some(place) = h.ids.find(target.id) else {
            self.warn("That entry is no longer in the journal; nothing was changed.");
            return None;
        };
        if place.journal != 0 {
            self.warn("This entry is in an included file; mark it in a text editor.");
            return None;
        }
        let status = if h.journal(0).transactions()[place.index].status == Status::Cleared {
            Status::Unmarked
        } else {
            Status::Cleared
        };
        Some(Effect::SetStatus {
            target,
            status,
            force,
        })
    }

    fn confirm_action(&mut self, action: Action) -> Option<Effect> {
        let Some(Overlay::Confirm { then, .. }) = self.overlays.pop() else {
            return None;
        };
        if action != Action::Yes {
            self.say(match then {
                Pending::DiscardForm => "Kept the form; carry on typing.",
                _ => "Nothing was changed.",
            });
            return None;
        }
        match then {
            Pending::Quit => self.quit = true,
            Pending::EditLocked(target) => self.edit_entry(target, true),
            Pending::ToggleLocked(target) => return self.toggle_entry(target, true),
            Pending::Import(request) => return Some(Effect::Import(request)),
            Pending::DiscardForm => {
                self.overlays.pop();
                self.say("Form thrown away; nothing was written.");
            }
            Pending::Reverse(target) => return Some(Effect::Reverse(target)),
            Pending::PlanAnyway(change) => return Some(Effect::ChangePlanAnyway(change)),
            Pending::PlanChange(change) => return Some(Effect::ChangePlan(change)),
            Pending::RecordOutsidePlan(draft) => return Some(Effect::RecordOutsidePlan(draft)),
            Pending::RememberRule(change) => return Some(Effect::ChangePlan(change)),
            Pending::Undo => {
                if let Some((undo, _)) = self.undo.last() {
                    return Some(Effect::Undo(undo.clone()));
                }
            }
        }
        None
    }

    fn reading_action(&mut self, action: Action) {
        let (page, last) = self.reading.get();
        let page = page.max(1);
        let Some(overlay) = self.overlays.last_mut() else {
            return;
        };
        let (scroll, save) = match overlay {
            Overlay::Help { scroll } | Overlay::Details { scroll, .. } => (scroll, None),
            Overlay::Text { scroll, save, .. } => (scroll, save.clone()),
            _ => return,
        };
        // What is drawn never starts past `last`, so neither does the place kept.
        let at = (*scroll).min(last);
        let to = match action {
            Action::Up => at.saturating_sub(1),
            Action::Down => at.saturating_add(1).min(last),
            Action::PageUp => at.saturating_sub(page),
            Action::PageDown => at.saturating_add(page).min(last),
            Action::Top => 0,
            Action::Bottom => last,
            Action::Back => {
                self.overlays.pop();
                self.say(format!("Back to the {} screen.", self.screen.title()));
                return;
            }
            Action::Save => {
                match save {
                    Some(save) => self.open_save_form(save),
                    None => self.say("Only a report can be saved from here."),
                }
                return;
            }
            _ => return,
        };
        *scroll = to;
        match action {
            Action::Bottom | Action::PageDown if to == last => {
                self.say("The end.");
            }
            Action::Top | Action::PageUp if to == 0 => self.say("The top."),
            _ => {}
        }
    }

    // --- Pay day -------------------------------------------------------------------------

    fn open_payroll_form(&mut self) {
        if self.needs_open() {
            return;
        }
        let Some(h) = &self.open else { return };
        if h.files.plan.plan.employees.is_empty() {
            self.say("The plan names no employees: add them to plan.toml as [[employees]] to record their pay days here.");
            return;
        }
        let form = forms::payroll(h, self.opts.today);
        let spoken = form.focused().spoken();
        self.overlays.push(Overlay::Form {
            form,
            purpose: Purpose::Payroll,
        });
        self.say(format!(
            "Pay day: the figures off the payslip, written as one entry. Ctrl-S saves, Esc cancels. {spoken}"
        ));
    }

    /// The form asking where to save the report shown in the reader.
    fn open_save_form(&mut self, save: SaveAs) {
        let form = forms::save_report(&save.name);
        let spoken = form.focused().spoken();
        self.say(format!(
            "Save {} to a file. Ctrl-S saves, Esc cancels. {spoken}",
            save.what.to_lowercase()
        ));
        self.overlays.push(Overlay::Form {
            form,
            purpose: Purpose::SaveReport(save),
        });
    }

    /// The form asking which file to attach to the selected entry.
    fn open_attach_form(&mut self) {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) and pick the entry to attach a file to.");
            return;
        }
        let Some(h) = &self.open else { return };
        let (Some((_, _, e)), Some(target)) = (h.entry(h.sel), h.target(h.sel)) else {
            self.say("There is no entry to attach a file to.");
            return;
        };
        let form = forms::attach(&format!(
            "Attach a file to {} {} on {}",
            e.payee,
            e.amount.abs(),
            words::long_date(e.date)
        ));
        let spoken = form.focused().spoken();
        self.say(format!(
            "Attach a receipt, invoice, payslip or statement to {} on {}: it is copied into the evidence folder. Ctrl-S attaches, Esc cancels. {spoken}",
            e.payee,
            words::long_date(e.date)
        ));
        self.overlays.push(Overlay::Form {
            form,
            purpose: Purpose::Attach { target },
        });
    }

    // --- Reports, bank statements, reconciling -----------------------------------------

    fn open_tool_form(&mut self, purpose: Purpose) {
        if self.needs_open() {
            return;
        }
        let Some(h) = &self.open else { return };
        let today = self.opts.today;
        let (form, hint) = match purpose {
            Purpose::Report => (
                forms::reports(h, today),
                "Reports. Pick one; Ctrl-S makes it.",
            ),
            Purpose::Import => (
                forms::import(h),
                "Import a bank statement. Ctrl-S shows what would be added before anything is written.",
            ),
            _ => (
                forms::reconcile(h, today),
                "Check the records against a bank statement balance. Ctrl-S compares them.",
            ),
        };
        let spoken = form.focused().spoken();
        self.overlays.push(Overlay::Form { form, purpose });
        self.say(format!("{hint} {spoken}"));
    }

    /// Show an account of what was done (or why not) to read and scroll.
    fn show_text(&mut self, title: &str, result: Result<String, String>) {
        self.show_text_saving(title, result, None);
    }

    /// [`Self::show_text`], for a report that can be saved from the reader.
    fn show_text_saving(
        &mut self,
        title: &str,
        result: Result<String, String>,
        save: Option<SaveAs>,
    ) {
        match result {
            Ok(text) => {
                let text = self.short_paths(&text);
                let first = text.lines().next().unwrap_or_default().to_string();
                let can_save = save.is_some();
                self.overlays.push(Overlay::Text {
                    title: title.to_string(),
                    text,
                    scroll: 0,
                    save,
                });
                self.say(format!(
                    "{title}. {first} Up and Down scroll, Page Down and End go on to the end{}, Esc closes.",
                    if can_save { ", s saves it to a file" } else { "" }
                ));
            }
            Err(message) => {
                let message = self.short_paths(&message);
                self.overlays.push(Overlay::Text {
                    title: "Not done".into(),
                    text: message.clone(),
                    scroll: 0,
                    save: None,
                });
                self.warn(format!(
                    "Not done. {}",
                    message.lines().last().unwrap_or_default()
                ));
            }
        }
    }

    /// Where a report went, so it can be found: a file in the workspace folder by its name
    /// there and the folder in full; anywhere else in full.
    fn saved_to(&self, what: &str, path: &std::path::Path) -> String {
        match path.strip_prefix(&self.root) {
            Ok(rel) => format!(
                "{what} was saved to {} in the workspace folder {}.",
                rel.display(),
                self.root.display()
            ),
            Err(_) => format!("{what} was saved to {}.", path.display()),
        }
    }

    fn pop_form(&mut self) {
        if matches!(self.overlays.last(), Some(Overlay::Form { .. })) {
            self.overlays.pop();
        }
    }

    // --- Plan edits --------------------------------------------------------------------

    fn edit_plan_item(&mut self) {
        let Some(h) = &self.open else { return };
        let rows = screens::plan::rows(h, &self.opts);
        let (at, _, _) = screens::step(&rows, h.plan_sel, 0, self.opts.accessible);
        let target = rows.get(at).and_then(|r| r.target.clone());
        let plan = &h.files.plan.plan;
        match target {
            Some(screens::Target::Allocation { outcome, stream }) => {
                let o = plan
                    .outcome(&outcome)
                    .map_or(outcome.as_str(), |o| o.title.as_str());
                let current = plan
                    .outcome(&outcome)
                    .and_then(|o| o.allocation.get(&stream))
                    .map(|m| m.plain())
                    .unwrap_or_default();
                let form = forms::allocation(&stream, o, &current);
                self.overlays.push(Overlay::Form {
                    form,
                    purpose: Purpose::Allocation { outcome, stream },
                });
                self.say(format!(
                    "Change the allocation. Now £{current}. Ctrl-S saves, Esc cancels."
                ));
            }
            Some(screens::Target::Review(index)) => {
                let current = plan.reviews[index].date.format("%Y-%m-%d").to_string();
                self.overlays.push(Overlay::Form {
                    form: forms::review_date(&current),
                    purpose: Purpose::Review { index },
                });
                self.say(format!(
                    "Change the review date, now {current}. Ctrl-S saves, Esc cancels."
                ));
            }
            Some(screens::Target::StreamChange(stream)) => self.open_stream_change(stream),
            Some(screens::Target::Stream(stream)) => self.open_stream_form(stream),
            Some(screens::Target::Outcome(id)) => self.open_outcome_form(id),
            None => {
                let text = rows.get(at).map(|r| r.text()).unwrap_or_default();
                self.say(format!(
                    "{text} This line cannot be changed here: move to an allocation or a review date (Up and Down), then press e."
                ));
            }
        }
    }

    // --- Results of effects ------------------------------------------------------------

    pub fn done(&mut self, done: Done) -> Option<Effect> {
        // What a change did (or why not) is said before the screen is written again.
        self.status_first = !matches!(
            done,
            Done::Opened { .. } | Done::People(_) | Done::Reloaded { .. }
        );
        match done {
            Done::Opened { id, result } => self.opened(&id, result, true),
            Done::People(people) => self.set_people(people),
            Done::Reloaded {
                people,
                holder,
                why,
            } => self.reloaded(people, holder, &why),
            Done::Changed { change, result } => self.changed(change, result),
            Done::PlanWarned { change, warnings } => self.plan_warned(change, warnings),
            Done::OutsidePlan { draft, message } => self.outside_plan(draft, message),
            Done::Synced(Ok(said)) => {
                // The files may have changed: everyone is read again, then it is said.
                return Some(Effect::Reload {
                    why: said.replace("\n  ", " ").replace('\n', " "),
                    everyone: true,
                });
            }
            Done::Synced(Err(e)) => self.warn(format!("Not synced. {e}")),
            Done::History { id, lines } => {
                for o in &mut self.overlays {
                    if let Overlay::Details {
                        id: shown, history, ..
                    } = o
                        && *shown == id
                    {
                        *history = lines.clone();
                    }
                }
            }
            Done::Previewed(result) => match result {
                Ok(imported) => {
                    self.pop_form();
                    let text = self.short_paths(&imported.describe_for(&self.advice()));
                    let question = "Import these entries now? y to write them, n to leave the records as they are.".to_string();
                    let request = ImportRequest {
                        preview: false,
                        ..imported.request
                    };
                    self.overlays.push(Overlay::Confirm {
                        question: format!("{question}\n\n{text}"),
                        then: Pending::Import(request),
                    });
                    self.say(format!("Preview ready. {question}"));
                }
                Err(e) => self.show_text("Import", Err(e.to_string())),
            },
            Done::Imported(result) => match result {
                Ok((imported, changed)) => {
                    let n = imported.plan.entries.len();
                    self.remember_undo(
                        imported.undo.clone(),
                        format!("the import of {}", words::plural(n as i64, "entry")),
                    );
                    self.replace_open(changed, None);
                    let text = imported.describe_for(&self.advice());
                    self.show_text("Bank statement imported", Ok(text));
                }
                Err(e) => self.show_text("Bank statement imported", Err(e.to_string())),
            },
            Done::Reconciled(result) => {
                self.pop_form();
                match result {
                    Ok((done, changed)) => {
                        self.remember_undo(
                            done.undo.clone(),
                            format!("the check against the bank of {}", done.stream_label),
                        );
                        self.replace_open(changed, None);
                        let text = done.describe_for(&self.advice());
                        self.show_text("Checked against the bank", Ok(text));
                    }
                    Err(e) => self.show_text("Checked against the bank", Err(e.to_string())),
                }
            }
            Done::Report(result) => match result {
                Ok(ReportDone::Shown { what, text, name }) => {
                    self.pop_form();
                    let title = what.clone();
                    self.show_text_saving(&title, Ok(text), Some(SaveAs { what, name }));
                }
                Ok(ReportDone::Saved { what, path }) => {
                    self.pop_form();
                    let said = self.saved_to(&what, &path);
                    self.show_text("Report", Ok(said.clone()));
                    self.say(said);
                }
                Err(e) => self.show_text("Report", Err(e.to_string())),
            },
            Done::SavedReport(result) => match result {
                Ok((what, path)) => {
                    self.pop_form();
                    let said = self.saved_to(&what, &path);
                    self.say(said);
                }
                Err(e) => {
                    let message = self.short_paths(&e.to_string());
                    if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                        form.set_error(crate::tui::form::FieldKey::SaveTo, Some(message.clone()));
                    }
                    self.warn(format!("Not saved: {message}"));
                }
            },
            Done::Created { plan, result } => match result {
                Ok(people) => {
                    self.pop_form();
                    self.set_people(people);
                    if let Some(k) = self
                        .people_shown()
                        .iter()
                        .position(|&i| self.people[i].id == plan.id)
                    {
                        self.people_sel = k;
                    }
                    self.say(format!(
                        "Created {} ({}). Press Enter to open their dashboard; add outcomes in the plan.",
                        plan.name, plan.id
                    ));
                }
                Err(e) => self.warn(format!("Not saved. {e}")),
            },
        }
        None
    }

    /// Advice in accounts of what was done names the app's keys, as the key table has them.
    fn advice(&self) -> crate::app::Advice {
        use super::keys::Context;
        let key = |c: Context, a: Action| {
            self.keymap
                .key_for(&[c], a)
                .map_or_else(|| a.name().to_string(), |k| k.to_string())
        };
        crate::app::Advice::App {
            clear: format!(
                "{} in the register",
                key(Context::Register, Action::ToggleCleared)
            ),
            add: format!("{} in the app", key(Context::Global, Action::Add)),
            reconcile: format!("{} in the app", key(Context::Global, Action::Reconcile)),
        }
    }

    fn set_people(&mut self, people: Vec<PersonRow>) {
        self.people = people;
        self.sort_people();
        self.people_sel = self.people_sel.min(self.people.len().saturating_sub(1));
    }

    /// A person's files opened (or not); `announce` says where the person now is.
    fn opened(&mut self, id: &str, result: Opened, announce: bool) {
        match result {
            Ok((holder, stamps)) => {
                let name = holder.files.plan.plan.holder.name.clone();
                let alerts = holder.position.alerts.len();
                self.open = Some(OpenHolder::new(holder, stamps));
                self.error = None;
                self.error_id = None;
                self.screen = Screen::Dashboard;
                self.scroll.set(0);
                if announce {
                    self.say(format!(
                        "{name}'s dashboard. {}. Press ? for keys.",
                        if alerts == 0 {
                            "Nothing needs attention".to_string()
                        } else {
                            format!("{} to look at", words::plural(alerts as i64, "alert"))
                        }
                    ));
                }
            }
            Err(e) => {
                self.open = None;
                self.error = Some(self.short_paths(&e));
                self.error_id = Some(id.to_string());
                self.screen = Screen::Dashboard;
                self.warn(
                    "These files could not be read. The problem and the way out are on the screen.",
                );
            }
        }
    }

    /// Everything read again: keep the screen, the overlays and the place in each list.
    fn reloaded(
        &mut self,
        people: Option<Vec<PersonRow>>,
        holder: Option<(String, Opened)>,
        why: &str,
    ) {
        let place = self
            .open
            .as_ref()
            .map(|h| (h.sel, h.filter.clone(), h.dash_sel, h.plan_sel));
        match people {
            Some(people) => self.set_people(people),
            // Only this person was read again: only their row changes.
            None => {
                if let Some((_, Ok((h, _)))) = &holder {
                    self.replace_row(PersonRow::of(h, self.opts.today));
                }
            }
        }
        if let Some((id, result)) = holder {
            let screen = self.screen;
            let overlays = std::mem::take(&mut self.overlays);
            self.opened(&id, result, false);
            self.overlays = overlays;
            if self.open.is_some() {
                self.screen = screen;
            }
            if let (Some(h), Some((sel, filter, dash, plan))) = (self.open.as_mut(), place) {
                h.filter = filter;
                h.refilter();
                h.sel = sel.min(h.view.len().saturating_sub(1));
                h.dash_sel = dash;
                h.plan_sel = plan;
            }
            self.drop_stale_details();
        }
        if self.error.is_none() && !why.is_empty() {
            self.say(why.to_string());
        }
    }

    /// An entry shown in full that is no longer in the journal is not shown any more.
    fn drop_stale_details(&mut self) {
        let gone = |id: &EntryId, open: &Option<OpenHolder>| {
            open.as_ref().is_none_or(|h| h.ids.find(*id).is_none())
        };
        let open = &self.open;
        self.overlays
            .retain(|o| !matches!(o, Overlay::Details { id, .. } if gone(id, open)));
    }

    /// After a change: this person's records and People row replaced, nobody else's read.
    /// The register keeps its filter and shows the entry changed, where it is shown.
    fn replace_open(&mut self, changed: Changed, entry: Option<EntryId>) {
        let place = self
            .open
            .as_ref()
            .map(|h| (h.sel, h.filter.clone(), h.dash_sel, h.plan_sel));
        let Changed {
            holder,
            stamps,
            row,
            ..
        } = changed;
        // The People row is the current plan year's; an ended year looked at leaves it.
        if holder.files.closed_year().is_none() {
            self.replace_row(row);
        }
        let mut h = OpenHolder::new(holder, stamps);
        if let Some((sel, filter, dash, plan)) = place {
            h.filter = filter;
            h.refilter();
            h.sel = sel.min(h.view.len().saturating_sub(1));
            h.dash_sel = dash;
            h.plan_sel = plan;
        }
        if let Some(k) = entry.and_then(|id| h.row_of(id)) {
            h.sel = k;
        }
        self.open = Some(h);
        self.drop_stale_details();
    }

    /// One person's People row replaced (or added), the People order kept and the same
    /// person still selected.
    fn replace_row(&mut self, row: PersonRow) {
        if let Some(r) = self.people.iter_mut().find(|p| p.id == row.id) {
            *r = row;
        } else {
            self.people.push(row);
        }
        let selected = self.selected_person_id();
        self.sort_people();
        if let Some(id) = selected
            && let Some(k) = self
                .people_shown()
                .iter()
                .position(|&i| self.people[i].id == id)
        {
            self.people_sel = k;
        }
    }

    fn changed(&mut self, change: Change, result: Result<Changed, AppError>) {
        let changed = match result {
            Ok(c) => c,
            Err(e) => return self.refused(&change, e),
        };
        let saved = changed.saved.clone();
        let entry = saved.as_ref().and_then(|s| s.entry);
        let written = saved.as_ref().and_then(|s| s.written.clone());
        let what = written
            .as_ref()
            .map(|tx| format!("{} {}", tx.payee, tx.moved()));
        let on = written
            .as_ref()
            .map(|tx| words::long_date(tx.date))
            .unwrap_or_default();
        let undo = saved.as_ref().and_then(|s| s.undo.clone());
        let message = match &change {
            Change::Undo(what) => {
                self.undo.pop();
                format!("Undone: {what}. The journal is as it was before.")
            }
            Change::Record => format!("Saved: {} on {on}.", what.clone().unwrap_or_default()),
            Change::Edit => format!(
                "Saved the change: {} on {on}.",
                what.clone().unwrap_or_default()
            ),
            Change::Reverse => format!(
                "Reversed: a reversing entry for {} was added, dated today.",
                written
                    .as_ref()
                    .map(|t| t.payee.clone())
                    .unwrap_or_default()
            ),
            Change::SetStatus(status) => {
                let payee = saved
                    .as_ref()
                    .and_then(|s| s.before.as_ref())
                    .map(|b| b.payee.clone())
                    .unwrap_or_default();
                if *status == Status::Cleared {
                    format!("Marked cleared: {payee}.")
                } else {
                    format!("No longer marked cleared: {payee}.")
                }
            }
            Change::Plan(PlanChange::Allocation { stream, amount, .. }) => {
                format!("Saved: the allocation from {stream} is now {amount}.")
            }
            Change::Plan(PlanChange::ReviewDate { date, .. }) => {
                format!("Saved: the review date is now {}.", words::long_date(*date))
            }
            Change::Payroll => format!(
                "Saved: pay day for {} on {on}, gross pay {}.",
                written
                    .as_ref()
                    .map(|t| t.payee.as_str())
                    .unwrap_or_default(),
                written
                    .as_ref()
                    .and_then(|t| t.postings.first())
                    .and_then(|p| p.amount)
                    .unwrap_or_default()
            ),
            Change::Plan(PlanChange::PayeeRule { pattern, payee, .. }) => format!(
                "Saved: statement rows with \"{pattern}\" will be recorded as {payee} from now on."
            ),
            Change::Attach(file) => {
                let files = &changed.holder.files;
                let link = entry
                    .and_then(|id| crate::core::entry::EntryIds::of(&files.journals).find(id))
                    .and_then(|p| {
                        let j = &files.journals[p.journal];
                        crate::app::evidence::links_of(j, &j.transactions()[p.index]).pop()
                    })
                    .unwrap_or_default();
                format!(
                    "Attached {} to {}: the copy is holders/{}/{}/{link}.",
                    file.display(),
                    saved
                        .as_ref()
                        .and_then(|s| s.before.as_ref())
                        .map(|b| b.payee.clone())
                        .unwrap_or_default(),
                    files.id,
                    crate::store::EVIDENCE_DIR
                )
            }
            Change::Plan(other) => format!("Saved. {}", other.saved_sentence()),
            Change::Year(said) => said.clone(),
        };
        let done = match &change {
            Change::Record => Some(format!("recording {}", what.clone().unwrap_or_default())),
            Change::Edit => Some(format!(
                "the change to {}",
                what.clone().unwrap_or_default()
            )),
            Change::Reverse => Some(format!(
                "the reversal of {}",
                saved
                    .as_ref()
                    .and_then(|s| s.before.as_ref())
                    .map(|b| b.payee.clone())
                    .unwrap_or_default()
            )),
            Change::SetStatus(_) => Some(format!(
                "the change of mark on {}",
                saved
                    .as_ref()
                    .and_then(|s| s.before.as_ref())
                    .map(|b| b.payee.clone())
                    .unwrap_or_default()
            )),
            Change::Payroll => Some(format!(
                "the pay day for {}",
                written
                    .as_ref()
                    .map(|t| t.payee.clone())
                    .unwrap_or_default()
            )),
            Change::Attach(_) => Some(format!(
                "attaching a file to {}",
                saved
                    .as_ref()
                    .and_then(|s| s.before.as_ref())
                    .map(|b| b.payee.clone())
                    .unwrap_or_default()
            )),
            Change::Undo(_) | Change::Plan(_) | Change::Year(_) => None,
        };
        if let Some(d) = done {
            self.remember_undo(undo, d);
        }
        if matches!(
            change,
            Change::Record
                | Change::Edit
                | Change::Plan(_)
                | Change::Payroll
                | Change::Attach(_)
                | Change::Year(_)
        ) && matches!(self.overlays.last(), Some(Overlay::Form { .. }))
        {
            self.pop_form();
        }
        // A correction to an ended year's entries says so.
        let message = match self.open.as_ref().and_then(|h| h.files.closed_year()) {
            Some(label)
                if matches!(
                    change,
                    Change::Record | Change::Edit | Change::Reverse | Change::SetStatus(_)
                ) =>
            {
                format!("{message} This changes plan year {label}, which has ended.")
            }
            _ => message,
        };
        // The register's focus goes to the entry added or changed (where it is shown), not
        // to whichever entry now sits on the row it was on.
        let follow = entry;
        self.replace_open(changed, follow);
        let learnt = match (&change, self.learn.take(), &written) {
            (Change::Edit, Some(pattern), Some(tx)) => self.rule_from(pattern, tx),
            _ => None,
        };
        match learnt {
            Some((rule, question)) => {
                self.ask(format!("{message} {question}"), Pending::RememberRule(rule));
            }
            None => self.say(message),
        }
    }

    /// The payee rule an imported row just assigned as `tx` teaches, and the question
    /// that offers it; `None` when the entry has no outcome or category yet, or the plan
    /// already has a rule for it.
    fn rule_from(
        &self,
        pattern: String,
        tx: &crate::core::journal::NewTransaction,
    ) -> Option<(PlanChange, String)> {
        let plan = &self.open.as_ref()?.files.plan.plan;
        if plan
            .payee_rules
            .iter()
            .any(|r| crate::core::import::normalise(&r.pattern) == pattern)
        {
            return None;
        }
        let outcome = tx
            .tags
            .iter()
            .find(|(n, _)| n == "outcome")
            .map(|(_, v)| v.clone())?;
        let category = tx
            .postings
            .iter()
            .find_map(|p| crate::core::accounts::category_of(&p.account))
            .filter(|c| *c != "unassigned")?
            .to_string();
        let question = format!(
            "Remember this for the next statement? Rows with \"{pattern}\" would be recorded as {}, outcome {outcome}, category {category}. Press y to add the rule to the plan, n not to.",
            tx.payee
        );
        Some((
            PlanChange::PayeeRule {
                pattern,
                payee: tx.payee.clone(),
                outcome: Some(outcome),
                category: Some(category),
            },
            question,
        ))
    }

    /// Say why a change was not made; a form's field problems go on its fields.
    /// (A split line's problem, "Line 2: ...", goes on that line.)
    fn refused(&mut self, change: &Change, e: AppError) {
        match (change, e) {
            (Change::Record | Change::Edit, AppError::Fields(errors)) => {
                let problems = errors
                    .into_iter()
                    .map(|e| (problem_field(e.field, &e.message), e.message))
                    .collect();
                self.show_problems(problems, false);
            }
            (Change::Record | Change::Edit | Change::Plan(_) | Change::Payroll, e) => {
                self.warn(format!("Not saved. {e}"))
            }
            (Change::Undo(_), e) => self.warn(format!("Not undone. {e}")),
            (Change::Reverse, e) => self.warn(format!("Not reversed. {e}")),
            (Change::SetStatus(_), e) => self.warn(format!("Not changed. {e}")),
            (Change::Year(_), e) => self.warn(format!("The new plan year was not started. {e}")),
            (Change::Attach(_), e) => {
                let message = self.short_paths(&e.to_string());
                if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                    form.set_error(FieldKey::File, Some(message.clone()));
                }
                self.warn(format!("Not attached. {message}"));
            }
        }
    }
}

/// The form a test or a front end has on top, if any (for reading what it holds).
pub fn top_form(state: &State) -> Option<&Form> {
    match state.overlays.last() {
        Some(Overlay::Form { form, .. }) => Some(form),
        _ => None,
    }
}

/// The `match` text of a payee rule for the entry whose text is `seen`, when it is an
/// imported row that nothing recognised (spending or money in still unassigned).
fn learnable(seen: &str) -> Option<String> {
    let j = crate::core::journal::Journal::parse(seen.to_string()).ok()?;
    let tx = j.transactions().first()?;
    j.tag(tx, "bankref")?;
    let unassigned = j.postings(tx).iter().any(|p| {
        let a = j.account_name(p.account);
        a == crate::core::accounts::UNASSIGNED_EXPENSE
            || a == crate::core::accounts::UNASSIGNED_INCOME
    });
    if !unassigned {
        return None;
    }
    crate::core::import::rule_pattern(j.note(tx).unwrap_or(j.payee(tx)))
}

/// The form field a payment's problem is shown on.
fn problem_field(field: Field, message: &str) -> FieldKey {
    if field != Field::Split {
        return FieldKey::Payment(field);
    }
    let line = message
        .strip_prefix("Line ")
        .and_then(|r| r.split(':').next())
        .and_then(|n| n.parse::<u8>().ok())
        .and_then(|n| n.checked_sub(1));
    match line {
        Some(n) if message.contains("outcome") => FieldKey::SplitOutcome(n),
        Some(n) if message.contains("categor") => FieldKey::SplitCategory(n),
        Some(n) => FieldKey::SplitAmount(n),
        None => FieldKey::Payment(Field::Amount),
    }
}

#[cfg(test)]
mod tests {
    //! Key sequences on a plain state: no terminal, no files. The person's records are
    //! read from text in memory; an effect is what the update asks for, never done here.

    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use chrono::NaiveDate;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::app::Session;
    use crate::core::journal::Journal;
    use crate::core::payment::Field;
    use crate::store::{Fingerprint, HolderFiles, Workspace};
    use crate::tui::keys::Keymap;
    use crate::tui::state::Options;

    const PLAN: &str = "[holder]\nname = \"Pat Fielding\"\n[period]\nstart = 2026-04-01\nend = 2027-03-31\n\
        [[streams]]\nid = \"social-care\"\nfunder = \"Westdale Borough Council\"\nkind = \"social-care\"\nmanagement = \"direct-payment\"\nschedule = \"4-weekly\"\namount = \"1200.00\"\nfirst_payment = 2026-04-01\n\
        [[outcomes]]\nid = \"stay-at-home\"\ntitle = \"Stay living in my own home\"\nallocation = { social-care = \"12000.00\" }\n\
        [[outcomes]]\nid = \"get-out\"\ntitle = \"Get out and about\"\nallocation = { social-care = \"3600.00\" }\n";

    const JOURNAL: &str = "commodity £1,000.00\n\n\
        2026-04-01 * Westdale Borough Council\n    ; stream: social-care\n    assets:direct-payment:social-care  £1200.00\n    income:social-care\n\n\
        2026-04-08 Meadowbank Lunch Club\n    ; outcome: get-out\n    ; stream: social-care\n    expenses:lunch-club  £30.00\n    assets:direct-payment:social-care\n\n\
        2026-04-10 * Reconciled | balance agreed with the bank statement\n    ; stream: social-care\n    assets:direct-payment:social-care       £0.00 = £1170.00\n    assets:direct-payment:social-care       £0.00\n\n\
        2026-04-20 Dalesway Taxis\n    ; outcome: get-out\n    ; stream: social-care\n    expenses:travel  £14.20\n    assets:direct-payment:social-care\n";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()
    }

    fn files(journal: &str) -> HolderFiles {
        let dir = PathBuf::from("/nowhere/holders/pat");
        let plan = crate::core::plan::parse(PLAN).unwrap();
        HolderFiles {
            id: "pat".into(),
            years: vec![plan.plan.period],
            past: Vec::new(),
            viewing: None,
            current: None,
            plan,
            plan_fingerprint: Fingerprint::of(PLAN.as_bytes()),
            journals: vec![Journal::parse(journal.to_string()).unwrap()],
            journal_paths: vec![dir.join("ledger.journal")],
            journal_fingerprint: Fingerprint::of(journal.as_bytes()),
            dir,
        }
    }

    fn session() -> Session {
        Session::open(Workspace::at("/nowhere"), today()).0
    }

    /// Pat's dashboard open, as after `Effect::Open` came back.
    fn state() -> State {
        let opts = Options {
            today: today(),
            accessible: false,
            color: false,
            who: "tester".into(),
        };
        let (keymap, _) = Keymap::new(&BTreeMap::new());
        let mut s = State::new(opts, PathBuf::from("/nowhere"), keymap);
        let holder = Holder::from_files(&session(), files(JOURNAL));
        s.done(Done::People(vec![PersonRow::of(&holder, today())]));
        s.done(Done::Opened {
            id: "pat".into(),
            result: Ok((holder, Vec::new())),
        });
        s
    }

    fn keys(s: &mut State, codes: &[KeyCode]) -> Vec<Effect> {
        codes
            .iter()
            .filter_map(|c| s.key(KeyEvent::new(*c, KeyModifiers::NONE)))
            .collect()
    }

    fn typed(s: &mut State, text: &str) {
        for c in text.chars() {
            assert_eq!(
                s.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                None
            );
        }
    }

    fn ctrl_s(s: &mut State) -> Option<Effect> {
        s.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL))
    }

    /// Move the register's selection to the entry paid to `payee`.
    fn select(s: &mut State, payee: &str) {
        let h = s.open.as_ref().unwrap();
        let row = (0..h.view.len())
            .find(|&k| h.entry(k).unwrap().2.payee == payee)
            .unwrap();
        s.open.as_mut().unwrap().sel = row;
    }

    #[test]
    fn recording_a_payment_asks_for_the_draft_typed_and_nothing_else() {
        let mut s = state();
        assert_eq!(keys(&mut s, &[KeyCode::Char('a')]), []);
        assert!(s.status.contains("Paid to: empty"), "{}", s.status);
        typed(&mut s, "Corner Shop");
        keys(&mut s, &[KeyCode::Tab]);
        typed(&mut s, "4.20");
        keys(&mut s, &[KeyCode::Tab, KeyCode::Right, KeyCode::Right]);
        let Some(Effect::Record(d)) = ctrl_s(&mut s) else {
            panic!("no record effect");
        };
        assert_eq!(d.date, "2026-04-30");
        assert_eq!(d.payee, "Corner Shop");
        assert_eq!(d.amount, "4.20");
        assert_eq!(d.outcome.as_deref(), Some("get-out"));
        assert_eq!(d.stream.as_deref(), Some("social-care"));
        assert_eq!(d.direction, Direction::Out);
        // The form stays until the result comes back, so a refusal can be shown on it.
        assert!(top_form(&s).is_some());
    }

    /// Open the money-in form, pick its kind with `pick`, fill it in, and save.
    fn money_in(pick: &[KeyCode], payee: &str) -> (Draft, bool) {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('i')]);
        assert!(
            s.status.contains("Kind: funder payment (1 of 4)"),
            "{}",
            s.status
        );
        keys(&mut s, pick);
        let has_outcome = top_form(&s)
            .unwrap()
            .get(crate::core::payment::Field::Outcome)
            .is_some();
        keys(&mut s, &[KeyCode::Tab, KeyCode::Tab]);
        typed(&mut s, payee);
        keys(&mut s, &[KeyCode::Tab]);
        typed(&mut s, "15");
        if has_outcome {
            keys(&mut s, &[KeyCode::Tab, KeyCode::Right]);
        }
        let Some(Effect::Record(d)) = ctrl_s(&mut s) else {
            panic!("no record effect");
        };
        assert_eq!(d.amount, "15");
        assert_eq!(d.date, "2026-04-30");
        (d, has_outcome)
    }

    #[test]
    fn the_money_in_form_records_each_kind_and_asks_an_outcome_only_of_a_refund() {
        let (d, outcome) = money_in(&[], "Westdale Borough Council");
        assert_eq!((d.direction, outcome), (Direction::In, false));
        assert_eq!(d.payee, "Westdale Borough Council");
        let (d, outcome) = money_in(&[KeyCode::Right], "Pat Fielding");
        assert_eq!((d.direction, outcome), (Direction::Contribution, false));
        let (d, outcome) = money_in(&[KeyCode::Char('r')], "Dalesway Taxis");
        assert_eq!((d.direction, outcome), (Direction::Refund, true));
        assert!(d.outcome.is_some(), "{d:?}");
        assert_eq!(d.payee, "Dalesway Taxis");
        let (d, outcome) = money_in(&[KeyCode::Left], "Bank");
        assert_eq!((d.direction, outcome), (Direction::OtherIncome, false));
        assert_eq!(d.outcome, None);
        // Back from a refund, the outcome goes again.
        let (d, outcome) = money_in(&[KeyCode::Char('r'), KeyCode::Left], "Pat Fielding");
        assert_eq!((d.direction, outcome), (Direction::Contribution, false));
    }

    #[test]
    fn a_refusal_puts_each_problem_on_its_field() {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('a')]);
        let errors = vec![crate::core::payment::FieldError {
            field: Field::Amount,
            message: "Type the amount, for example 12.50.".into(),
        }];
        s.done(Done::Changed {
            change: Change::Record,
            result: Err(AppError::Fields(errors)),
        });
        let form = top_form(&s).expect("the form stays open");
        assert_eq!(form.focused().key, FieldKey::Payment(Field::Amount));
        assert!(
            s.status.starts_with("Not saved: 1 field to put right."),
            "{}",
            s.status
        );
    }

    #[test]
    fn reversing_names_the_entry_selected_by_id_and_text_and_waits_for_yes() {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('2')]);
        select(&mut s, "Dalesway Taxis");
        assert_eq!(keys(&mut s, &[KeyCode::Char('x')]), []);
        assert!(
            s.status
                .starts_with("Reverse £14.20 paid to Dalesway Taxis on 20 April 2026?"),
            "{}",
            s.status
        );
        let effects = keys(&mut s, &[KeyCode::Char('y')]);
        let [Effect::Reverse(target)] = effects.as_slice() else {
            panic!("no reverse effect: {effects:?}");
        };
        let j = Journal::parse(JOURNAL.to_string()).unwrap();
        let taxi = &j.transactions()[3];
        assert_eq!(target.id, crate::core::entry::id_of(&j, taxi));
        assert_eq!(target.seen.as_deref(), Some(j.source(taxi)));
        // No is nothing.
        keys(&mut s, &[KeyCode::Char('x')]);
        assert_eq!(keys(&mut s, &[KeyCode::Char('n')]), []);
        assert_eq!(s.status, "Nothing was changed.");
        assert!(s.overlays.is_empty());
    }

    #[test]
    fn an_entry_a_bank_check_covers_is_changed_only_after_a_yes() {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('2')]);
        select(&mut s, "Meadowbank Lunch Club");
        assert_eq!(keys(&mut s, &[KeyCode::Char('c')]), []);
        assert!(
            s.status
                .contains("checked against the bank on 10 April 2026"),
            "{}",
            s.status
        );
        let effects = keys(&mut s, &[KeyCode::Char('y')]);
        assert!(
            matches!(
                effects.as_slice(),
                [Effect::SetStatus {
                    status: Status::Cleared,
                    force: true,
                    ..
                }]
            ),
            "{effects:?}"
        );
        // Editing it: the question, then the form, then an edit that says it was asked.
        keys(&mut s, &[KeyCode::Char('e'), KeyCode::Char('y')]);
        assert!(top_form(&s).is_some());
        let Some(Effect::Edit { force, changes, .. }) = ctrl_s(&mut s) else {
            panic!("no edit effect");
        };
        assert!(force);
        assert_eq!(changes.payee.as_deref(), Some("Meadowbank Lunch Club"));
        assert_eq!(changes.amount.as_deref(), Some("30.00"));
        // An entry after the check is changed without asking.
        s.overlays.clear();
        select(&mut s, "Dalesway Taxis");
        let effects = keys(&mut s, &[KeyCode::Char('c')]);
        assert!(
            matches!(effects.as_slice(), [Effect::SetStatus { force: false, .. }]),
            "{effects:?}"
        );
    }

    #[test]
    fn a_saved_change_replaces_the_person_and_follows_the_entry() {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('2')]);
        select(&mut s, "Dalesway Taxis");
        keys(&mut s, &[KeyCode::Char('e')]);
        // What the application layer would hand back: the journal with the taxi moved to
        // 2 April, which puts it lower in the newest-first register.
        let text = JOURNAL.replace("2026-04-20 Dalesway Taxis", "2026-04-02 Dalesway Taxis");
        let after = files(&text);
        let j = &after.journals[0];
        let moved = crate::core::entry::id_of(j, &j.transactions()[3]);
        let holder = Holder::from_files(&session(), after.clone());
        let row = PersonRow::of(&holder, today());
        let written = crate::core::payment::Draft::from_transaction(
            &after.plan.plan,
            j,
            &j.transactions()[3],
        )
        .unwrap()
        .build(&after.plan.plan)
        .unwrap();
        s.done(Done::Changed {
            change: Change::Edit,
            result: Ok(Changed {
                holder,
                stamps: Vec::new(),
                row,
                saved: Some(Saved {
                    files: after,
                    entry: Some(moved),
                    written: Some(written),
                    before: None,
                    undo: None,
                }),
            }),
        });
        assert_eq!(
            s.status,
            "Saved the change: Dalesway Taxis £14.20 on 2 April 2026."
        );
        assert!(s.overlays.is_empty(), "the form closes");
        let h = s.open.as_ref().unwrap();
        assert_eq!(
            h.entry(h.sel).unwrap().2.payee,
            "Dalesway Taxis",
            "the edited entry stays selected"
        );
        assert_eq!(h.entry(h.sel).unwrap().2.date.to_string(), "2026-04-02");
    }

    #[test]
    fn typing_is_not_thrown_away_or_quit_on_without_asking() {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('a')]);
        typed(&mut s, "Corner");
        keys(&mut s, &[KeyCode::Esc]);
        assert!(
            s.status.starts_with("Throw away what you typed"),
            "{}",
            s.status
        );
        keys(&mut s, &[KeyCode::Char('n')]);
        assert!(top_form(&s).is_some(), "the form is kept");
        assert_eq!(
            s.key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            None
        );
        assert!(!s.quit);
        assert!(
            s.status.contains("Quit anyway and lose it?"),
            "{}",
            s.status
        );
        keys(&mut s, &[KeyCode::Char('y')]);
        assert!(s.quit);
    }

    #[test]
    fn a_filter_is_applied_in_place_without_asking_for_anything() {
        let mut s = state();
        keys(&mut s, &[KeyCode::Char('2'), KeyCode::Char('f')]);
        // Outcome: the second choice after "Any outcome" is "Get out and about".
        keys(&mut s, &[KeyCode::Right, KeyCode::Right]);
        assert_eq!(ctrl_s(&mut s), None);
        let h = s.open.as_ref().unwrap();
        assert_eq!(h.view.len(), 2);
        assert!(
            s.status
                .starts_with("Filter applied: 2 of 4 entries shown."),
            "{}",
            s.status
        );
    }

    #[test]
    fn going_back_to_people_asks_for_everyone_to_be_read_again() {
        let mut s = state();
        // With one person there is no People screen to go back to.
        assert_eq!(keys(&mut s, &[KeyCode::Esc]), []);
        let other = PersonRow {
            id: "kim".into(),
            ..s.people[0].clone()
        };
        s.people.push(other);
        assert_eq!(keys(&mut s, &[KeyCode::Esc]), [Effect::LoadPeople]);
        assert_eq!(s.screen, Screen::Holders);
        assert_eq!(
            keys(&mut s, &[KeyCode::Enter]),
            [Effect::Open(s.selected_person_id().unwrap())]
        );
    }
}
