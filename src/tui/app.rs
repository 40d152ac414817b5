//! The app's state and how keys change it: key -> action -> update. Nothing here draws;
//! `view` reads this state and nothing else.

use std::cell::Cell;
use std::time::SystemTime;

use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use rust_decimal::Decimal;

use super::form::{Choice, Edit, Form, FormField, Input, TextInput};
use super::keys::{Action, Context, Key, Keymap};
use super::screens;
use crate::core::journal::{Journal, Status};
use crate::core::money::Money;
use crate::core::payment::{self, Direction, Draft, Field};
use crate::core::plan::Management;
use crate::core::position::{self, Position, Severity};
use crate::core::register::{self, Filter};
use crate::core::settings::Settings;
use crate::store::{HolderFiles, Workspace};

/// How the app was asked to look and behave.
#[derive(Debug, Clone)]
pub struct Options {
    pub today: NaiveDate,
    /// Screen-reader mode: no borders or gauges, the cursor on the focused item.
    pub accessible: bool,
    pub color: bool,
    /// Who is entering records (for the lock and, where wanted, the entry itself).
    pub who: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Holders,
    Dashboard,
    Register,
    Plan,
}

impl Screen {
    pub fn title(self) -> &'static str {
        match self {
            Screen::Holders => "People",
            Screen::Dashboard => "Dashboard",
            Screen::Register => "Register",
            Screen::Plan => "Plan",
        }
    }
    fn context(self) -> Context {
        match self {
            Screen::Holders => Context::Holders,
            Screen::Dashboard => Context::Dashboard,
            Screen::Register => Context::Register,
            Screen::Plan => Context::Plan,
        }
    }
}

/// What a form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Add(Direction),
    /// Editing transaction `ti` of the main journal, as read with this fingerprint.
    Edit {
        ti: usize,
        fingerprint: crate::store::Fingerprint,
    },
    Filter,
    Allocation {
        outcome: String,
        stream: String,
    },
    Review {
        index: usize,
    },
    NewHolder,
    Report,
    Import,
    Reconcile,
}

/// What waits for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Reverse {
        ji: usize,
        ti: usize,
    },
    /// Import the statement previewed.
    Import(crate::cli::import::ImportArgs),
    /// Change an entry that a bank check covers.
    EditLocked,
    ToggleLocked,
    DiscardForm,
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Form {
        form: Form,
        purpose: Purpose,
    },
    Confirm {
        question: String,
        then: Pending,
    },
    Help {
        scroll: usize,
    },
    Details {
        ji: usize,
        ti: usize,
        scroll: usize,
    },
    Search {
        input: TextInput,
        before: Option<String>,
    },
    /// A report or a command's account of what it did, to read and scroll.
    Text {
        title: String,
        text: String,
        scroll: usize,
    },
}

/// One person on the People screen.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub held: String,
    pub balance: Money,
    pub spent_share: Decimal,
    pub elapsed: Decimal,
    pub next_review: Option<NaiveDate>,
    /// When the next monitoring return is due (for people with a direct payment).
    pub next_return: Option<NaiveDate>,
    pub alerts: usize,
    pub worst: Option<(Severity, String)>,
    /// Why this person's files could not be read (file:line: what to do).
    pub error: Option<String>,
}

impl PersonRow {
    /// Higher needs attention sooner: broken files, then the worst alert, then how many.
    fn attention(&self) -> (u8, usize) {
        if self.error.is_some() {
            return (4, 0);
        }
        let worst = self.worst.as_ref().map_or(0, |(s, _)| match s {
            Severity::Serious => 3,
            Severity::Warning => 2,
            Severity::Notice => 1,
        });
        (worst, self.alerts)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Attention,
    Name,
    Balance,
    Review,
}

impl SortBy {
    pub fn words(self) -> &'static str {
        match self {
            SortBy::Attention => "who needs attention first",
            SortBy::Name => "name",
            SortBy::Balance => "balance, lowest first",
            SortBy::Review => "next review date",
        }
    }
}

/// The person whose records are open.
#[derive(Debug)]
pub struct OpenHolder {
    pub files: HolderFiles,
    pub position: Position,
    /// Every transaction, newest first, as (journal, transaction) indices.
    pub order: Vec<(u32, u32)>,
    /// The entries of `order` that pass the filter (indices into `order`).
    pub view: Vec<u32>,
    pub filter: Filter,
    /// Selected row of `view`.
    pub sel: usize,
    pub dash_sel: usize,
    pub plan_sel: usize,
    /// Payees seen before, most used first, for completion.
    pub payees: Vec<String>,
    /// Which entries a balance checked against the bank covers.
    pub locks: crate::core::reconcile::Locks,
    stamps: Vec<Option<(SystemTime, u64)>>,
}

impl OpenHolder {
    pub fn load(
        ws: &Workspace,
        id: &str,
        settings: &Settings,
        today: NaiveDate,
    ) -> crate::store::Result<OpenHolder> {
        let (files, position) = ws.load_holder_with(id, |files| {
            position::compute(&files.plan.plan, &files.journals, settings, today)
        })?;
        let mut order: Vec<(NaiveDate, u32, u32)> = Vec::new();
        for (ji, j) in files.journals.iter().enumerate() {
            order.extend(
                j.transactions()
                    .iter()
                    .enumerate()
                    .map(|(ti, t)| (t.date, ji as u32, ti as u32)),
            );
        }
        // Newest first; on one day, the entry written last first.
        order.sort_unstable_by(|a, b| b.cmp(a));
        let order: Vec<(u32, u32)> = order.into_iter().map(|(_, j, t)| (j, t)).collect();
        let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for j in &files.journals {
            for t in j.transactions() {
                *counts.entry(j.payee(t)).or_default() += 1;
            }
        }
        let mut payees: Vec<(&str, usize)> = counts.into_iter().collect();
        payees.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let payees = payees.into_iter().map(|(p, _)| p.to_string()).collect();
        let mut paths = vec![files.plan_path()];
        paths.extend(files.journal_paths.iter().cloned());
        let stamps = paths.iter().map(|p| stamp(p)).collect();
        let locks = crate::core::reconcile::Locks::of(&files.journals);
        let mut h = OpenHolder {
            locks,
            view: (0..order.len() as u32).collect(),
            order,
            files,
            position,
            filter: Filter::default(),
            sel: 0,
            dash_sel: 0,
            plan_sel: 0,
            payees,
            stamps,
        };
        h.refilter();
        Ok(h)
    }

    pub fn journal(&self, ji: usize) -> &Journal {
        &self.files.journals[ji]
    }

    /// The register row `k` of the filtered view.
    pub fn entry(&self, k: usize) -> Option<(usize, usize, register::Entry<'_>)> {
        let &(ji, ti) = self.order.get(*self.view.get(k)? as usize)?;
        let j = &self.files.journals[ji as usize];
        let tx = &j.transactions()[ti as usize];
        Some((
            ji as usize,
            ti as usize,
            register::entry(&self.files.plan.plan, j, tx),
        ))
    }

    pub fn refilter(&mut self) {
        let plan = &self.files.plan.plan;
        let journals = &self.files.journals;
        self.view = if self.filter.is_empty() {
            (0..self.order.len() as u32).collect()
        } else {
            self.order
                .iter()
                .enumerate()
                .filter(|(_, (ji, ti))| {
                    let j = &journals[*ji as usize];
                    self.filter
                        .matches(&register::entry(plan, j, &j.transactions()[*ti as usize]))
                })
                .map(|(k, _)| k as u32)
                .collect()
        };
        self.sel = self.sel.min(self.view.len().saturating_sub(1));
    }

    /// Whether a file has changed on disk since it was read (by its size and time).
    fn changed_on_disk(&self) -> bool {
        let mut paths = vec![self.files.plan_path()];
        paths.extend(self.files.journal_paths.iter().cloned());
        paths
            .iter()
            .map(|p| stamp(p))
            .ne(self.stamps.iter().copied())
    }
}

fn stamp(path: &std::path::Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::symlink_metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

pub struct App {
    pub ws: Workspace,
    pub opts: Options,
    pub settings: Settings,
    pub keymap: Keymap,
    pub people: Vec<PersonRow>,
    pub people_sel: usize,
    pub sort: SortBy,
    /// Text typed into "find a person".
    pub people_find: String,
    pub open: Option<OpenHolder>,
    /// Why the open person's files could not be read.
    pub error: Option<String>,
    pub screen: Screen,
    pub overlays: Vec<Overlay>,
    pub status: String,
    /// Bumped by every message, so a repeated message is still written out again.
    pub status_seq: u64,
    pub quit: bool,
    /// Rows the last frame had room for in the list on screen (for paging).
    pub page: Cell<usize>,
    /// First row drawn of the current list (kept so scrolling does not jump).
    pub scroll: Cell<usize>,
    /// Draw the status line empty for one frame, so a repeated message is written again.
    pub hide_status: Cell<bool>,
}

impl App {
    /// Open the workspace: one person goes straight to their dashboard, several to People.
    pub fn new(ws: Workspace, opts: Options, holder: Option<&str>) -> App {
        let (settings, settings_error) = match ws.settings() {
            Ok(s) => (s, None),
            Err(e) => (Settings::default(), Some(e.to_string())),
        };
        let (keymap, key_problems) = Keymap::new(&settings.keys);
        let mut app = App {
            ws,
            opts,
            settings,
            keymap,
            people: Vec::new(),
            people_sel: 0,
            sort: SortBy::Attention,
            people_find: String::new(),
            open: None,
            error: None,
            screen: Screen::Holders,
            overlays: Vec::new(),
            status: String::new(),
            status_seq: 0,
            quit: false,
            page: Cell::new(10),
            scroll: Cell::new(0),
            hide_status: Cell::new(false),
        };
        app.load_people();
        let only = (app.people.len() == 1).then(|| app.people[0].id.clone());
        match holder.map(str::to_string).or(only) {
            Some(id) => app.open_holder(&id),
            None => {
                let n = app.people.len();
                app.say(if n == 0 {
                    "Welcome to careledger. Press n to set up the first person's budget, or q to quit (careledger demo shows an example workspace).".to_string()
                } else {
                    format!(
                        "{} in this workspace, who needs attention first. Press Enter to open one, ? for keys.",
                        position::plural(n as i64, "person")
                    )
                    .replace("persons", "people")
                });
            }
        }
        if let Some(e) = settings_error {
            app.say(format!(
                "careledger.toml could not be read, so the defaults are used: {e}"
            ));
        }
        if let Some(p) = key_problems.first() {
            app.say(p.clone());
        }
        app
    }

    /// Read every person's files for the People screen. A person whose files are bad is a
    /// row with the error; everyone else still opens.
    pub fn load_people(&mut self) {
        let ids = self.ws.holder_ids().unwrap_or_default();
        let settings = &self.settings;
        let ws = &self.ws;
        let today = self.opts.today;
        let mut people =
            crate::store::for_each_parallel(&ids, |id| person_row(ws, id, settings, today));
        sort_people(&mut people, self.sort);
        self.people = people;
        self.people_sel = self.people_sel.min(self.people.len().saturating_sub(1));
    }

    /// The People rows that match "find", in the order shown.
    pub fn people_shown(&self) -> Vec<usize> {
        (0..self.people.len())
            .filter(|&i| register::contains_ignore_case(&self.people[i].name, &self.people_find))
            .collect()
    }

    pub fn open_holder(&mut self, id: &str) {
        match OpenHolder::load(&self.ws, id, &self.settings, self.opts.today) {
            Ok(h) => {
                let name = h.files.plan.plan.holder.name.clone();
                let alerts = h.position.alerts.len();
                self.open = Some(h);
                self.error = None;
                self.screen = Screen::Dashboard;
                self.scroll.set(0);
                self.say(format!(
                    "{name}'s dashboard. {}. Press ? for keys.",
                    if alerts == 0 {
                        "Nothing needs attention".to_string()
                    } else {
                        format!("{} to look at", position::plural(alerts as i64, "alert"))
                    }
                ));
            }
            Err(e) => {
                self.open = None;
                self.error = Some(self.short_paths(&e.to_string()));
                self.screen = Screen::Dashboard;
                self.say(
                    "These files could not be read. The problem and the way out are on the screen.",
                );
            }
        }
    }

    fn open_id(&self) -> Option<String> {
        self.open
            .as_ref()
            .map(|h| h.files.id.clone())
            .or_else(|| self.error.as_ref().and(self.selected_person_id()))
    }

    fn selected_person_id(&self) -> Option<String> {
        let shown = self.people_shown();
        shown
            .get(self.people_sel)
            .map(|&i| self.people[i].id.clone())
    }

    /// Read the files again, keeping the place in the register where possible.
    pub fn reload(&mut self, why: &str) {
        let place = self
            .open
            .as_ref()
            .map(|h| (h.sel, h.filter.clone(), h.dash_sel, h.plan_sel));
        self.load_people();
        if let Some(id) = self.open_id() {
            let screen = self.screen;
            let overlays = std::mem::take(&mut self.overlays);
            self.open_holder(&id);
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
        }
        if self.error.is_none() {
            self.say(why.to_string());
        }
    }

    /// Called now and then by the event loop: pick up changes made by other programs.
    pub fn tick(&mut self) {
        if self.open.as_ref().is_some_and(OpenHolder::changed_on_disk) {
            self.reload("The files changed on disk, so careledger read them again.");
        }
    }

    pub fn say(&mut self, message: impl Into<String>) {
        self.status = self.short_paths(&message.into());
        self.status_seq += 1;
    }

    /// The contexts whose keys apply now, first match wins.
    pub fn contexts(&self) -> Vec<Context> {
        match self.overlays.last() {
            Some(Overlay::Form { .. } | Overlay::Search { .. }) => vec![Context::Form],
            Some(Overlay::Confirm { .. }) => vec![Context::Confirm],
            Some(Overlay::Help { .. } | Overlay::Details { .. } | Overlay::Text { .. }) => {
                vec![Context::Reading]
            }
            None => vec![self.screen.context(), Context::Global],
        }
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        let key = Key::from_event(&ev);
        if key.ctrl && key.code == crossterm::event::KeyCode::Char('c') {
            return self.ask_quit();
        }
        let contexts = self.contexts();
        match self.keymap.action(&contexts, key) {
            Some(a) => self.act(a),
            None => match self.overlays.last_mut() {
                Some(Overlay::Form { form, .. }) => match form.edit(key.code, key.ctrl) {
                    Edit::Ignored => {
                        self.say("That key does nothing in this field. Tab moves on, Esc cancels.")
                    }
                    Edit::Changed => {
                        let field = form.focused();
                        let message = match (&field.input, field.completion()) {
                            (_, Some(c)) => {
                                Some(format!("Suggestion: {c}. Right arrow accepts it."))
                            }
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
                _ => {
                    if !matches!(self.overlays.last(), Some(Overlay::Confirm { .. })) {
                        self.say(format!(
                            "The key {key} does nothing here. Press ? to list the keys."
                        ));
                    } else {
                        self.say("Press y for yes or n for no.");
                    }
                }
            },
        }
    }

    pub fn act(&mut self, action: Action) {
        match self.overlays.last() {
            Some(Overlay::Form { .. }) => return self.form_action(action),
            Some(Overlay::Search { .. }) => return self.search_action(action),
            Some(Overlay::Confirm { .. }) => return self.confirm_action(action),
            Some(Overlay::Help { .. } | Overlay::Details { .. } | Overlay::Text { .. }) => {
                return self.reading_action(action);
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
            Action::Reload => self.reload("Read the files again."),
            Action::Back => self.back(),
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
            Action::ToggleCleared => self.toggle_cleared(),
            Action::Search => {
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
            Action::Filter => self.open_filter_form(),
            Action::ClearFilter => {
                if let Some(h) = self.open.as_mut() {
                    h.filter = Filter::default();
                    h.refilter();
                    let n = h.view.len();
                    self.say(format!(
                        "Filter cleared: showing all {}.",
                        position::plural(n as i64, "entry").replace("entrys", "entries")
                    ));
                }
            }
            Action::Open => match self.screen {
                Screen::Holders => match self.selected_person_id() {
                    Some(id) => self.open_holder(&id),
                    None => self.say("There is no one to open here."),
                },
                Screen::Register => self.show_details(),
                _ => {}
            },
            Action::Sort => {
                self.sort = match self.sort {
                    SortBy::Attention => SortBy::Name,
                    SortBy::Name => SortBy::Balance,
                    SortBy::Balance => SortBy::Review,
                    SortBy::Review => SortBy::Attention,
                };
                sort_people(&mut self.people, self.sort);
                self.people_sel = 0;
                self.say(format!("Sorted by {}.", self.sort.words()));
            }
            Action::NewHolder => self.open_new_holder_form(),
            Action::Reports => self.open_tool_form(Purpose::Report),
            Action::Import => self.open_tool_form(Purpose::Import),
            Action::Reconcile => self.open_tool_form(Purpose::Reconcile),
            Action::NextField
            | Action::PrevField
            | Action::Save
            | Action::Submit
            | Action::Yes
            | Action::No => {}
        }
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
            self.overlays.push(Overlay::Confirm {
                question: question.into(),
                then: Pending::Quit,
            });
            self.say(question);
        } else {
            self.quit = true;
        }
    }

    /// A message or error with the workspace folder left out of paths, as people read them.
    pub fn short_paths(&self, text: &str) -> String {
        let root = format!("{}/", self.ws.root().display());
        text.replace(&root, "")
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
                    position::plural(h.order.len() as i64, "entry").replace("entrys", "entries")
                ),
                None => "Register.".into(),
            },
            Screen::Plan => {
                "Plan: streams, outcomes, allocations and reviews. e changes the one selected."
                    .into()
            }
        };
        self.say(what);
    }

    fn back(&mut self) {
        match self.screen {
            Screen::Holders => self.say("This is the first screen. Press q to quit."),
            _ if self.people.len() > 1 => {
                self.screen = Screen::Holders;
                self.load_people();
                self.say(format!("People, sorted by {}.", self.sort.words()));
            }
            Screen::Dashboard => self.say("This is the first screen. Press q to quit."),
            _ => self.go(Screen::Dashboard),
        }
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
        match self.screen {
            Screen::Holders => {
                let n = self.people_shown().len();
                self.people_sel = step(self.people_sel, n);
            }
            Screen::Register => {
                if let Some(h) = self.open.as_mut() {
                    h.sel = step(h.sel, h.view.len());
                }
            }
            Screen::Dashboard => {
                let n = self
                    .open
                    .as_ref()
                    .map_or(0, |h| screens::dashboard(h, &self.opts).len());
                if let Some(h) = self.open.as_mut() {
                    h.dash_sel = step(h.dash_sel, n);
                }
            }
            Screen::Plan => {
                let n = self
                    .open
                    .as_ref()
                    .map_or(0, |h| screens::plan(h, &self.opts).len());
                if let Some(h) = self.open.as_mut() {
                    h.plan_sel = step(h.plan_sel, n);
                }
            }
        }
    }

    // --- The payment form -------------------------------------------------------------

    fn open_payment_form(&mut self, direction: Direction) {
        let Some(h) = &self.open else {
            self.say("Open a person first: move to their row and press Enter.");
            return;
        };
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
        let mut form = payment_form(h, &draft, title);
        // The date is filled in with today; most payments start with who was paid.
        form.focus = 1;
        let spoken = form.focused().spoken();
        self.overlays.push(Overlay::Form {
            form,
            purpose: Purpose::Add(direction),
        });
        self.say(format!(
            "{title}. {hint} Date: {} (Shift-Tab to change it). {spoken}",
            draft.date
        ));
    }

    /// The date of the bank check that covers the selected entry, if one does.
    fn selected_lock(&self) -> Option<NaiveDate> {
        let h = self.open.as_ref()?;
        let (ji, ti, _) = h.entry(h.sel)?;
        let j = h.journal(ji);
        h.locks.locked_by(j, &j.transactions()[ti])
    }

    /// Ask before changing an entry covered by a bank check; true when it may go ahead now.
    fn clear_to_change(&mut self, then: Pending) -> bool {
        let Some(date) = self.selected_lock() else {
            return true;
        };
        let question = format!(
            "This entry is covered by a balance checked against the bank on {}. Changing it may make the records disagree with the bank. Change it anyway? y or n.",
            position::long_date(date)
        );
        self.overlays.push(Overlay::Confirm {
            question: question.clone(),
            then,
        });
        self.say(question);
        false
    }

    fn edit_selected(&mut self) {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) and pick an entry to edit it.");
            return;
        }
        if !self.clear_to_change(Pending::EditLocked) {
            return;
        }
        self.edit_selected_anyway();
    }

    fn edit_selected_anyway(&mut self) {
        let Some(h) = &self.open else { return };
        let Some((ji, ti, _)) = h.entry(h.sel) else {
            self.say("There is no entry to edit.");
            return;
        };
        if ji != 0 {
            self.say(format!(
                "This entry is in {}, which careledger includes but does not change. Edit it in a text editor.",
                h.files.journal_paths[ji].display()
            ));
            return;
        }
        let j = h.journal(ji);
        let tx = &j.transactions()[ti];
        match Draft::from_transaction(&h.files.plan.plan, j, tx) {
            Ok(draft) => {
                let form = payment_form(h, &draft, "Edit this entry");
                let purpose = Purpose::Edit {
                    ti,
                    fingerprint: h.files.journal_fingerprint,
                };
                let (payee, amount) = (draft.payee.clone(), draft.amount.clone());
                self.overlays.push(Overlay::Form { form, purpose });
                self.say(format!(
                    "Editing the payment to {payee} of £{amount}. Ctrl-S saves, Esc cancels."
                ));
            }
            Err(why) => self.say(format!("This entry cannot be edited here: {why}.")),
        }
    }

    fn open_filter_form(&mut self) {
        let Some(h) = &self.open else {
            self.say("Open a person first.");
            return;
        };
        let plan = &h.files.plan.plan;
        let f = &h.filter;
        let mut outcomes = vec![Choice {
            id: None,
            label: "Any outcome".into(),
        }];
        outcomes.extend(plan.outcomes.iter().map(|o| Choice {
            id: Some(o.id.clone()),
            label: o.title.clone(),
        }));
        let mut streams = vec![Choice {
            id: None,
            label: "Any stream".into(),
        }];
        streams.extend(plan.streams.iter().map(|s| Choice {
            id: Some(s.id.clone()),
            label: s.label().to_string(),
        }));
        let pick = |options: &[Choice], id: &Option<String>| {
            options.iter().position(|c| c.id == *id).or(Some(0))
        };
        let date = |d: Option<NaiveDate>| {
            d.map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        };
        let fields = vec![
            FormField::choose(
                "Outcome",
                outcomes.clone(),
                pick(&outcomes, &f.outcome),
                "Left and Right change it",
            ),
            FormField::choose(
                "Stream",
                streams.clone(),
                pick(&streams, &f.stream),
                "Left and Right change it",
            ),
            FormField::text(
                "From",
                &date(f.from),
                "first date, e.g. 2026-04-01; empty for any",
            ),
            FormField::text("To", &date(f.to), "last date; empty for any"),
            FormField::text(
                "Payee",
                f.payee.as_deref().unwrap_or_default(),
                "part of the payee's name",
            ),
        ];
        self.overlays.push(Overlay::Form {
            form: Form::new("Filter the register", fields),
            purpose: Purpose::Filter,
        });
        self.say("Filter the register. Tab moves between fields, Ctrl-S applies, Esc cancels.");
    }

    fn form_action(&mut self, action: Action) {
        let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
            return;
        };
        match action {
            Action::NextField => {
                form.next();
                let spoken = form.focused().spoken();
                self.say(spoken);
            }
            Action::PrevField => {
                form.prev();
                let spoken = form.focused().spoken();
                self.say(spoken);
            }
            Action::Submit if !form.on_last() => {
                form.next();
                let spoken = form.focused().spoken();
                self.say(spoken);
            }
            Action::Submit | Action::Save => self.save_form(),
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
    }

    fn save_form(&mut self) {
        let Some(Overlay::Form { form, purpose }) = self.overlays.last() else {
            return;
        };
        let (form, purpose) = (form.clone(), purpose.clone());
        let result = match &purpose {
            Purpose::Add(direction) => self.save_payment(&form, *direction, None),
            Purpose::Edit { ti, fingerprint } => {
                self.save_payment(&form, Direction::Out, Some((*ti, *fingerprint)))
            }
            Purpose::Filter => self.apply_filter_form(&form),
            Purpose::Allocation { outcome, stream } => self.save_allocation(&form, outcome, stream),
            Purpose::Review { index } => self.save_review(&form, *index),
            Purpose::NewHolder => self.save_new_holder(&form),
            Purpose::Report | Purpose::Import | Purpose::Reconcile => {
                return self.run_tool(&form, &purpose);
            }
        };
        match result {
            Ok(message) => {
                self.overlays.pop();
                self.say(message);
            }
            Err(FormProblem::Fields(errors)) => {
                let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() else {
                    return;
                };
                form.clear_errors();
                for (label, message) in &errors {
                    form.set_error(label, Some(message.clone()));
                }
                form.focus_first_error();
                let n = errors.len();
                let first = form.focused().spoken();
                self.say(format!(
                    "Not saved: {} to put right. {first}",
                    position::plural(n as i64, "field")
                ));
            }
            Err(FormProblem::Store(message)) => self.say(format!("Not saved. {message}")),
        }
    }

    fn save_payment(
        &mut self,
        form: &Form,
        direction: Direction,
        editing: Option<(usize, crate::store::Fingerprint)>,
    ) -> Result<String, FormProblem> {
        let h = self
            .open
            .as_ref()
            .ok_or(FormProblem::Store("No one is open.".into()))?;
        let plan = &h.files.plan.plan;
        let mut draft = match &editing {
            Some((ti, _)) => {
                let j = h.journal(0);
                Draft::from_transaction(plan, j, &j.transactions()[*ti])
                    .map_err(FormProblem::Store)?
            }
            None => Draft {
                direction,
                ..Draft::default()
            },
        };
        draft.date = form.field(Field::Date.label()).value().to_string();
        draft.payee = form.field(Field::Payee.label()).value().to_string();
        draft.amount = form.field(Field::Amount.label()).value().to_string();
        if draft.direction == Direction::Out {
            let outcome = form.field(Field::Outcome.label()).chosen();
            if editing.is_none() || draft.outcome != outcome {
                // A new outcome means a new expense account, unless one was set by hand.
                if draft.category == draft.outcome {
                    draft.category = None;
                }
            }
            draft.outcome = outcome;
        }
        draft.stream = form.field(Field::Stream.label()).chosen();
        draft.receipt = form.field(Field::Receipt.label()).value().to_string();
        draft.note = form.field(Field::Note.label()).value().to_string();
        let mut tx = draft.build(plan).map_err(|errors| {
            FormProblem::Fields(
                errors
                    .into_iter()
                    .map(|e| (e.field.label(), e.message))
                    .collect(),
            )
        })?;
        if editing.is_none() && (self.settings.record_author || self.people.len() > 1) {
            tx.tags.push(("entered-by".into(), self.opts.who.clone()));
            tx.tags.push((
                "entered".into(),
                self.opts.today.format("%Y-%m-%d").to_string(),
            ));
        }
        let id = h.files.id.clone();
        let what = format!(
            "{} {}",
            tx.payee,
            tx.postings
                .iter()
                .find_map(|p| p.amount)
                .unwrap_or_default()
                .abs()
        );
        match editing {
            None => {
                self.ws
                    .append_transaction(&id, &tx, &self.opts.who)
                    .map_err(|e| FormProblem::Store(e.to_string()))?;
                self.reload_quietly();
                Ok(format!(
                    "Saved: {what} on {}.",
                    position::long_date(tx.date)
                ))
            }
            Some((ti, fingerprint)) => {
                let text = h.journal(0).with_replaced(ti, &tx);
                self.ws
                    .update_journal(&id, &text, &fingerprint, &self.opts.who)
                    .map_err(|e| FormProblem::Store(e.to_string()))?;
                self.reload_quietly();
                Ok(format!(
                    "Saved the change: {what} on {}.",
                    position::long_date(tx.date)
                ))
            }
        }
    }

    fn reload_quietly(&mut self) {
        let seq = (self.status.clone(), self.status_seq);
        let overlays = std::mem::take(&mut self.overlays);
        self.reload("");
        self.overlays = overlays;
        (self.status, self.status_seq) = seq;
    }

    fn apply_filter_form(&mut self, form: &Form) -> Result<String, FormProblem> {
        let mut errors = Vec::new();
        let mut date = |label: &'static str| {
            let v = form.field(label).value().trim();
            if v.is_empty() {
                return None;
            }
            let d = payment::parse_date(v);
            if d.is_none() {
                errors.push((
                    label,
                    format!("\"{v}\" is not a date. Type it as 2026-04-01, or leave it empty."),
                ));
            }
            d
        };
        let from = date("From");
        let to = date("To");
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            errors.push(("To", "The last date is before the first date.".to_string()));
        }
        if !errors.is_empty() {
            return Err(FormProblem::Fields(errors));
        }
        let h = self
            .open
            .as_mut()
            .ok_or(FormProblem::Store("No one is open.".into()))?;
        let payee = form.field("Payee").value().trim();
        h.filter = Filter {
            from,
            to,
            outcome: form.field("Outcome").chosen(),
            stream: form.field("Stream").chosen(),
            payee: (!payee.is_empty()).then(|| payee.to_string()),
            text: h.filter.text.clone(),
        };
        h.refilter();
        h.sel = 0;
        Ok(format!(
            "Filter applied: {} of {} shown. Press F to show all again.",
            h.view.len(),
            position::plural(h.order.len() as i64, "entry").replace("entrys", "entries")
        ))
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

    // --- Register actions ----------------------------------------------------------------

    fn show_details(&mut self) {
        let Some(h) = &self.open else { return };
        match h.entry(h.sel) {
            Some((ji, ti, e)) => {
                let what = format!(
                    "Entry of {}: {} {}.",
                    position::long_date(e.date),
                    e.payee,
                    e.amount.abs()
                );
                self.overlays.push(Overlay::Details { ji, ti, scroll: 0 });
                self.say(format!("{what} Esc closes."));
            }
            None => self.say("There is no entry here."),
        }
    }

    fn ask_reverse(&mut self) {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) and pick the entry to reverse.");
            return;
        }
        let Some(h) = &self.open else { return };
        let Some((ji, ti, e)) = h.entry(h.sel) else {
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
            position::long_date(e.date)
        );
        self.overlays.push(Overlay::Confirm {
            question: question.clone(),
            then: Pending::Reverse { ji, ti },
        });
        self.say(question);
    }

    fn toggle_cleared(&mut self) {
        if self.screen != Screen::Register {
            self.say("Go to the register (2) to mark entries cleared.");
            return;
        }
        if !self.clear_to_change(Pending::ToggleLocked) {
            return;
        }
        self.toggle_cleared_anyway();
    }

    fn toggle_cleared_anyway(&mut self) {
        let Some(h) = &self.open else { return };
        let Some((ji, ti, e)) = h.entry(h.sel) else {
            return;
        };
        if ji != 0 {
            self.say("This entry is in an included file; mark it in a text editor.");
            return;
        }
        let new = if e.status == Status::Cleared {
            Status::Unmarked
        } else {
            Status::Cleared
        };
        let text = h.journal(0).with_status(ti, new);
        let id = h.files.id.clone();
        let fp = h.files.journal_fingerprint;
        let payee = e.payee.to_string();
        match self.ws.update_journal(&id, &text, &fp, &self.opts.who) {
            Ok(_) => {
                self.reload_quietly();
                self.say(if new == Status::Cleared {
                    format!("Marked cleared: {payee}.")
                } else {
                    format!("No longer marked cleared: {payee}.")
                });
            }
            Err(e) => self.say(format!("Not changed. {e}")),
        }
    }

    fn confirm_action(&mut self, action: Action) {
        let Some(Overlay::Confirm { then, .. }) = self.overlays.pop() else {
            return;
        };
        if action != Action::Yes {
            self.say(match then {
                Pending::DiscardForm => "Kept the form; carry on typing.",
                _ => "Nothing was changed.",
            });
            return;
        }
        match then {
            Pending::Quit => self.quit = true,
            Pending::EditLocked => self.edit_selected_anyway(),
            Pending::ToggleLocked => self.toggle_cleared_anyway(),
            Pending::Import(args) => {
                let result = self.with_cli(|ctx, out| crate::cli::import::run(ctx, args, out));
                self.reload_quietly();
                self.show_result("Bank statement imported", result);
            }
            Pending::DiscardForm => {
                self.overlays.pop();
                self.say("Form thrown away; nothing was written.");
            }
            Pending::Reverse { ji, ti } => {
                let Some(h) = &self.open else { return };
                let j = h.journal(ji);
                let tx = &j.transactions()[ti];
                let reversal = payment::reversal(j, tx, self.opts.today);
                let id = h.files.id.clone();
                match self.ws.append_transaction(&id, &reversal, &self.opts.who) {
                    Ok(()) => {
                        let what = reversal.payee.clone();
                        self.reload_quietly();
                        self.say(format!(
                            "Reversed: a reversing entry for {what} was added, dated today."
                        ));
                    }
                    Err(e) => self.say(format!("Not reversed. {e}")),
                }
            }
        }
    }

    fn reading_action(&mut self, action: Action) {
        let Some(overlay) = self.overlays.last_mut() else {
            return;
        };
        let scroll = match overlay {
            Overlay::Help { scroll }
            | Overlay::Details { scroll, .. }
            | Overlay::Text { scroll, .. } => scroll,
            _ => return,
        };
        match action {
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll += 1,
            Action::Back => {
                self.overlays.pop();
                self.say(format!("Back to the {} screen.", self.screen.title()));
            }
            _ => {}
        }
    }

    // --- Reports, bank statements, reconciling -------------------------------------------------

    fn open_tool_form(&mut self, purpose: Purpose) {
        let Some(h) = &self.open else {
            self.say("Open a person first: move to their row and press Enter.");
            return;
        };
        let plan = &h.files.plan.plan;
        let pick = |words: &[(&str, &str)]| -> Vec<Choice> {
            words
                .iter()
                .map(|(id, label)| Choice {
                    id: Some(id.to_string()),
                    label: label.to_string(),
                })
                .collect()
        };
        let direct: Vec<Choice> = plan
            .streams
            .iter()
            .filter(|s| s.management == Management::DirectPayment)
            .map(|s| Choice {
                id: Some(s.id.clone()),
                label: s.label().to_string(),
            })
            .collect();
        let today = self.opts.today;
        let (title, fields, hint) = match purpose {
            Purpose::Report => {
                let mut streams = vec![Choice {
                    id: None,
                    label: "Every stream".into(),
                }];
                streams.extend(plan.streams.iter().map(|s| Choice {
                    id: Some(s.id.clone()),
                    label: s.label().to_string(),
                }));
                let fy = crate::core::report::monitoring::financial_year_of(today);
                (
                    "Reports",
                    vec![
                        FormField::choose(
                            "Report",
                            pick(&[
                                ("monitoring", "Monitoring return for the funder"),
                                ("review", "Outcome review summary"),
                                ("expected", "Expected payments"),
                            ]),
                            Some(0),
                            "Left/Right picks the report",
                        ),
                        FormField::text(
                            "Period",
                            &format!("fy{fy}"),
                            "fy2026 (April to March), 2026-q1 .. 2026-q4, or 2026-04-01..2026-06-30",
                        ),
                        FormField::choose("Stream", streams, Some(0), "monitoring return only"),
                        FormField::choose(
                            "Format",
                            pick(&[
                                ("text", "text"),
                                ("md", "Markdown"),
                                ("csv", "CSV"),
                                ("json", "JSON"),
                            ]),
                            Some(0),
                            "the review has no CSV",
                        ),
                        FormField::text(
                            "Save to",
                            "",
                            "a file name to save it; empty to only read it here",
                        ),
                    ],
                    "Reports. Pick one; Ctrl-S makes it.",
                )
            }
            Purpose::Import => (
                "Import a bank statement",
                vec![
                    FormField::text(
                        "File",
                        "",
                        "the statement saved from the bank as CSV, e.g. /home/ann/statement.csv",
                    ),
                    FormField::choose(
                        "Stream",
                        direct.clone(),
                        (!direct.is_empty()).then_some(0),
                        "whose bank account it is",
                    ),
                    FormField::text(
                        "Profile",
                        "",
                        "the layout's name; empty to find it from the header",
                    ),
                ],
                "Import a bank statement. Ctrl-S shows what would be added before anything is written.",
            ),
            _ => (
                "Check against the bank",
                vec![
                    FormField::choose(
                        "Stream",
                        direct.clone(),
                        (!direct.is_empty()).then_some(0),
                        "whose bank account",
                    ),
                    FormField::text(
                        "Date",
                        &today.format("%Y-%m-%d").to_string(),
                        "the statement's date",
                    ),
                    FormField::text(
                        "Balance",
                        "",
                        "the balance the statement shows, e.g. 1234.56",
                    ),
                ],
                "Check the records against a bank statement balance. Ctrl-S compares them.",
            ),
        };
        let form = Form::new(title, fields);
        let spoken = form.focused().spoken();
        self.overlays.push(Overlay::Form { form, purpose });
        self.say(format!("{hint} {spoken}"));
    }

    /// Run a command-line action for the open person, catching what it says.
    fn with_cli(
        &self,
        f: impl FnOnce(&crate::cli::Ctx, &mut dyn std::io::Write) -> crate::cli::CliResult,
    ) -> Result<String, String> {
        let ctx = crate::cli::Ctx {
            workspace: self.ws.clone(),
            today: self.opts.today,
            holder: self.open.as_ref().map(|h| h.files.id.clone()),
            screen_reader: self.opts.accessible,
            color: false,
            plain: true,
        };
        let mut out = Vec::new();
        let result = f(&ctx, &mut out);
        let text = self.short_paths(&String::from_utf8_lossy(&out));
        match result {
            Ok(()) => Ok(text),
            Err(e) => Err(format!("{text}{}", self.short_paths(&e.message))),
        }
    }

    fn show_result(&mut self, title: &str, result: Result<String, String>) {
        match result {
            Ok(text) => {
                let first = text.lines().next().unwrap_or_default().to_string();
                self.overlays.push(Overlay::Text {
                    title: title.to_string(),
                    text,
                    scroll: 0,
                });
                self.say(format!("{title}. {first} Up and Down scroll, Esc closes."));
            }
            Err(message) => {
                self.overlays.push(Overlay::Text {
                    title: "Not done".into(),
                    text: message.clone(),
                    scroll: 0,
                });
                self.say(format!(
                    "Not done. {}",
                    message.lines().last().unwrap_or_default()
                ));
            }
        }
    }

    fn run_tool(&mut self, form: &Form, purpose: &Purpose) {
        use crate::cli::report::{MonitoringArgs, ReportCommand, ReportFormat, SaveArgs};
        let value = |label: &str| {
            let v = form.field(label).value().trim().to_string();
            (!v.is_empty()).then_some(v)
        };
        match purpose {
            Purpose::Report => {
                let save = SaveArgs {
                    output: value("Save to").map(|p| {
                        let p = std::path::PathBuf::from(p);
                        if p.is_absolute() {
                            p
                        } else {
                            self.ws.root().join(p)
                        }
                    }),
                    force: false,
                };
                let format = match form.field("Format").chosen().as_deref() {
                    Some("md") => ReportFormat::Md,
                    Some("csv") => ReportFormat::Csv,
                    Some("json") => ReportFormat::Json,
                    _ => ReportFormat::Text,
                };
                let cmd = match form.field("Report").chosen().as_deref() {
                    Some("review") => ReportCommand::Review {
                        format: match format {
                            ReportFormat::Md => crate::cli::Format::Md,
                            ReportFormat::Json => crate::cli::Format::Json,
                            _ => crate::cli::Format::Text,
                        },
                        save,
                    },
                    Some("expected") => ReportCommand::Expected { format, save },
                    _ => {
                        let period = value("Period").unwrap_or_default();
                        let (from, to, preset) = match period.split_once("..") {
                            Some((a, b)) => {
                                match (payment::parse_date(a), payment::parse_date(b)) {
                                    (Some(a), Some(b)) => (Some(a), Some(b), None),
                                    _ => {
                                        if let Some(Overlay::Form { form, .. }) =
                                            self.overlays.last_mut()
                                        {
                                            form.set_error("Period", Some("Type two dates with .. between, e.g. 2026-04-01..2026-06-30.".into()));
                                        }
                                        self.say("Not made: the period's dates cannot be read. Type them as 2026-04-01..2026-06-30.");
                                        return;
                                    }
                                }
                            }
                            None => (None, None, Some(period)),
                        };
                        ReportCommand::Monitoring(MonitoringArgs {
                            from,
                            to,
                            period: preset,
                            stream: form.field("Stream").chosen(),
                            format,
                            save,
                        })
                    }
                };
                let result = self.with_cli(|ctx, out| crate::cli::report::run(ctx, cmd, out));
                if result.is_ok() {
                    self.overlays.pop();
                }
                self.show_result("Report", result);
            }
            Purpose::Import => {
                let Some(file) = value("File") else {
                    if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                        form.set_error("File", Some("Type where the statement file is.".into()));
                    }
                    self.say("Not done: type where the statement file is.");
                    return;
                };
                let file = std::path::PathBuf::from(file);
                let args = |preview| crate::cli::import::ImportArgs {
                    file: file.clone(),
                    preview,
                    profile: value("Profile"),
                    stream: form.field("Stream").chosen(),
                };
                let preview =
                    self.with_cli(|ctx, out| crate::cli::import::run(ctx, args(true), out));
                match preview {
                    Ok(text) => {
                        self.overlays.pop();
                        let question = "Import these entries now? y to write them, n to leave the records as they are.".to_string();
                        self.overlays.push(Overlay::Confirm {
                            question: format!("{question}\n\n{text}"),
                            then: Pending::Import(args(false)),
                        });
                        self.say(format!("Preview ready. {question}"));
                    }
                    Err(message) => self.show_result("Import", Err(message)),
                }
            }
            _ => {
                let Some(balance) = value("Balance") else {
                    if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                        form.set_error(
                            "Balance",
                            Some("Type the balance the statement shows.".into()),
                        );
                    }
                    self.say("Not done: type the balance the statement shows.");
                    return;
                };
                let Some(date) = value("Date").as_deref().and_then(payment::parse_date) else {
                    if let Some(Overlay::Form { form, .. }) = self.overlays.last_mut() {
                        form.set_error(
                            "Date",
                            Some("Type the statement's date, e.g. 2026-10-14.".into()),
                        );
                    }
                    self.say("Not done: the date cannot be read.");
                    return;
                };
                let args = crate::cli::reconcile::ReconcileArgs {
                    stream: form.field("Stream").chosen(),
                    date,
                    balance,
                    clear: Vec::new(),
                };
                let result = self.with_cli(|ctx, out| crate::cli::reconcile::run(ctx, args, out));
                self.overlays.pop();
                self.reload_quietly();
                self.show_result("Checked against the bank", result);
            }
        }
    }

    // --- A new person --------------------------------------------------------------------

    fn open_new_holder_form(&mut self) {
        let choices = |words: &[&str]| -> Vec<Choice> {
            words
                .iter()
                .map(|w| Choice {
                    id: Some(w.to_string()),
                    label: w.to_string(),
                })
                .collect()
        };
        let fields = vec![
            FormField::text(
                "Id",
                "",
                "short folder name: lower-case letters, digits, hyphens, e.g. ann-w",
            ),
            FormField::text("Name", "", "the person's name"),
            FormField::text(
                "Plan start",
                "",
                "e.g. 2026-04-01; empty for 1 April this year",
            ),
            FormField::text("Plan end", "", "empty for a year after the start"),
            FormField::choose(
                "Managed by",
                choices(&["self", "representative", "broker", "provider"]),
                Some(0),
                "who manages the money",
            ),
            FormField::text(
                "Stream id",
                "",
                "first funding stream, e.g. social-care; empty for none yet",
            ),
            FormField::text("Funder", "", "e.g. Westdale Borough Council"),
            FormField::choose(
                "Kind",
                choices(&["social-care", "health", "education", "other"]),
                Some(0),
                "kind of funding",
            ),
            FormField::choose(
                "Held as",
                choices(&["direct-payment", "notional", "third-party"]),
                Some(0),
                "how the money is held",
            ),
            FormField::choose(
                "Schedule",
                choices(&["4-weekly", "monthly", "quarterly", "yearly", "one-off"]),
                Some(0),
                "how often it is paid",
            ),
            FormField::text("Amount", "", "paid each time, e.g. 1760.00"),
            FormField::text(
                "Outcome id",
                "",
                "first outcome, e.g. stay-at-home; empty for none yet",
            ),
            FormField::text(
                "Outcome",
                "",
                "in the person's words, e.g. Stay living in my own home",
            ),
            FormField::text(
                "Allocation",
                "",
                "money from the stream for this outcome, e.g. 15000.00",
            ),
            FormField::text("Review date", "", "e.g. 2027-03-18; empty for none yet"),
        ];
        self.overlays.push(Overlay::Form {
            form: Form::new("A new person", fields),
            purpose: Purpose::NewHolder,
        });
        self.say("A new person: 15 fields; only Id and Name are needed now. Ctrl-S saves, Esc cancels. Id: empty.");
    }

    fn save_new_holder(&mut self, form: &Form) -> Result<String, FormProblem> {
        let text = |label: &str| {
            let v = form.field(label).value().trim().to_string();
            (!v.is_empty()).then_some(v)
        };
        let mut errors = Vec::new();
        let id = text("Id").unwrap_or_default();
        if !crate::store::valid_holder_id(&id) {
            errors.push((
                "Id",
                "Type a short id of lower-case letters, digits and hyphens, e.g. ann-w."
                    .to_string(),
            ));
        } else if self.people.iter().any(|p| p.id == id) {
            errors.push((
                "Id",
                format!("Someone already has the id \"{id}\"; choose another."),
            ));
        }
        if text("Name").is_none() {
            errors.push(("Name", "Type the person's name.".to_string()));
        }
        let mut date = |label: &'static str| {
            let v = text(label)?;
            let d = payment::parse_date(&v);
            if d.is_none() {
                errors.push((
                    label,
                    format!("\"{v}\" is not a date. Type it as 2026-04-01, or leave it empty."),
                ));
            }
            d
        };
        let start = date("Plan start");
        let end = date("Plan end");
        let review = date("Review date");
        let stream = text("Stream id");
        if stream
            .as_deref()
            .is_some_and(|s| !crate::store::valid_holder_id(s))
        {
            errors.push((
                "Stream id",
                "Use lower-case letters, digits and hyphens, e.g. social-care.".into(),
            ));
        }
        if stream.is_some() && text("Funder").is_none() {
            errors.push(("Funder", "Type who pays this stream.".into()));
        }
        if let Some(a) = text("Amount")
            && let Err(e) = Money::parse(&a)
        {
            errors.push(("Amount", format!("{e}. Type it as 1760.00.")));
        }
        if let Some(a) = text("Allocation") {
            if let Err(e) = Money::parse(&a) {
                errors.push(("Allocation", format!("{e}. Type it as 15000.00.")));
            } else if stream.is_none() || text("Outcome id").is_none() {
                errors.push((
                    "Allocation",
                    "An allocation needs a stream id and an outcome id.".into(),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(FormProblem::Fields(errors));
        }
        let plan = crate::core::template::NewPlan {
            id: id.clone(),
            name: text("Name").unwrap_or_default(),
            start,
            end,
            managed_by: form
                .field("Managed by")
                .chosen()
                .unwrap_or_else(|| "self".into()),
            stream,
            funder: text("Funder"),
            kind: form.field("Kind").chosen().unwrap_or_default(),
            management: form.field("Held as").chosen().unwrap_or_default(),
            schedule: form.field("Schedule").chosen().unwrap_or_default(),
            amount: text("Amount"),
            outcome: text("Outcome id"),
            outcome_title: text("Outcome"),
            what_matters: None,
            allocation: text("Allocation"),
            review,
        };
        let (plan_text, journal_text) =
            crate::core::template::template(self.opts.today, &plan).map_err(FormProblem::Store)?;
        self.ws
            .create_holder(&id, &plan_text, &journal_text)
            .map_err(|e| FormProblem::Store(e.to_string()))?;
        self.load_people();
        if let Some(k) = self
            .people_shown()
            .iter()
            .position(|&i| self.people[i].id == id)
        {
            self.people_sel = k;
        }
        Ok(format!(
            "Created {} ({id}). Press Enter to open their dashboard; add outcomes in the plan.",
            plan.name
        ))
    }

    // --- Plan edits --------------------------------------------------------------------

    fn edit_plan_item(&mut self) {
        let Some(h) = &self.open else { return };
        let rows = screens::plan(h, &self.opts);
        let target = rows.get(h.plan_sel).and_then(|r| r.target.clone());
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
                let form = Form::new(
                    format!("Allocation from {stream} to \"{o}\""),
                    vec![FormField::text(
                        "Allocation",
                        &current,
                        "pounds for the plan period, e.g. 6880.00",
                    )],
                );
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
                let form = Form::new(
                    "Review date",
                    vec![FormField::text("Review date", &current, "e.g. 2027-03-18")],
                );
                self.overlays.push(Overlay::Form {
                    form,
                    purpose: Purpose::Review { index },
                });
                self.say(format!(
                    "Change the review date, now {current}. Ctrl-S saves, Esc cancels."
                ));
            }
            None => self.say(
                "Move to an allocation or a review date (Up and Down), then press e to change it.",
            ),
        }
    }

    fn save_allocation(
        &mut self,
        form: &Form,
        outcome: &str,
        stream: &str,
    ) -> Result<String, FormProblem> {
        let value = form.field("Allocation").value().trim().to_string();
        let money = Money::parse(&value).map_err(|e| {
            FormProblem::Fields(vec![("Allocation", format!("{e}. Type it as 6880.00."))])
        })?;
        if money.is_negative() {
            return Err(FormProblem::Fields(vec![(
                "Allocation",
                "An allocation cannot be below £0.00.".into(),
            )]));
        }
        let idx = self.outcome_index(outcome)?;
        self.edit_plan(|doc| {
            let table = doc["outcomes"][idx]
                .as_table_like_mut()
                .ok_or("the outcome is not a table")?;
            if table.get("allocation").is_none() {
                table.insert(
                    "allocation",
                    toml_edit::value(toml_edit::InlineTable::new()),
                );
            }
            let alloc = table
                .get_mut("allocation")
                .and_then(|a| a.as_table_like_mut())
                .ok_or("allocation is not a table")?;
            let mut item = toml_edit::value(money.plain());
            // Keep the comment that followed the old figure, if any.
            if let Some(old) = alloc.get(stream).and_then(|i| i.as_value())
                && let Some(v) = item.as_value_mut()
            {
                *v.decor_mut() = old.decor().clone();
            }
            alloc.insert(stream, item);
            Ok(())
        })?;
        Ok(format!(
            "Saved: the allocation from {stream} is now {money}."
        ))
    }

    fn save_review(&mut self, form: &Form, index: usize) -> Result<String, FormProblem> {
        let value = form.field("Review date").value().trim().to_string();
        let date = payment::parse_date(&value).ok_or_else(|| {
            FormProblem::Fields(vec![(
                "Review date",
                format!("\"{value}\" is not a date. Type it as 2027-03-18."),
            )])
        })?;
        self.edit_plan(|doc| {
            let d = toml_edit::Date {
                year: date.format("%Y").to_string().parse().unwrap_or(2000),
                month: date.format("%m").to_string().parse().unwrap_or(1),
                day: date.format("%d").to_string().parse().unwrap_or(1),
            };
            let dt = toml_edit::Datetime {
                date: Some(d),
                time: None,
                offset: None,
            };
            let review = doc["reviews"][index]
                .as_table_like_mut()
                .ok_or("the review is not a table")?;
            let mut item = toml_edit::value(dt);
            if let Some(old) = review.get("date").and_then(|i| i.as_value())
                && let Some(v) = item.as_value_mut()
            {
                *v.decor_mut() = old.decor().clone();
            }
            review.insert("date", item);
            Ok(())
        })?;
        Ok(format!(
            "Saved: the review date is now {}.",
            position::long_date(date)
        ))
    }

    fn outcome_index(&self, id: &str) -> Result<usize, FormProblem> {
        self.open
            .as_ref()
            .and_then(|h| h.files.plan.plan.outcomes.iter().position(|o| o.id == id))
            .ok_or_else(|| {
                FormProblem::Store(format!("The plan has no outcome \"{id}\" any more."))
            })
    }

    /// Change plan.toml through toml_edit, so the person's comments and layout stay; the
    /// result must read as a valid plan, and a file changed on disk is never overwritten.
    fn edit_plan(
        &mut self,
        change: impl FnOnce(&mut toml_edit::DocumentMut) -> Result<(), &'static str>,
    ) -> Result<(), FormProblem> {
        let h = self
            .open
            .as_ref()
            .ok_or(FormProblem::Store("No one is open.".into()))?;
        let path = h.files.plan_path();
        let (text, fingerprint) =
            crate::store::read_text(&path).map_err(|e| FormProblem::Store(e.to_string()))?;
        if fingerprint != h.files.plan_fingerprint {
            return Err(FormProblem::Store(format!(
                "{} changed on disk since it was read; press g to read it again, then make the change again.",
                path.display()
            )));
        }
        let mut doc: toml_edit::DocumentMut = text
            .parse()
            .map_err(|e| FormProblem::Store(format!("{}: {e}", path.display())))?;
        change(&mut doc).map_err(|m| FormProblem::Store(format!("{}: {m}", path.display())))?;
        let new = doc.to_string();
        crate::core::plan::parse(&new).map_err(|e| {
            let first = e.first();
            FormProblem::Store(format!("the plan would not be valid: {}", first.message))
        })?;
        let id = h.files.id.clone();
        self.ws
            .replace_file(&id, &path, &new, &fingerprint, &self.opts.who)
            .map_err(|e| FormProblem::Store(e.to_string()))?;
        self.reload_quietly();
        Ok(())
    }
}

/// Why a form was not saved: field problems, or a problem with the files.
#[derive(Debug)]
enum FormProblem {
    Fields(Vec<(&'static str, String)>),
    Store(String),
}

impl From<String> for FormProblem {
    fn from(s: String) -> Self {
        FormProblem::Store(s)
    }
}

fn payment_form(h: &OpenHolder, d: &Draft, title: &str) -> Form {
    let plan = &h.files.plan.plan;
    let mut payee = FormField::text(
        Field::Payee.label(),
        &d.payee,
        if d.direction == Direction::Out {
            "who was paid; Right accepts a suggestion"
        } else {
            "who paid the money in"
        },
    );
    payee.completions = h.payees.clone();
    let outcomes: Vec<Choice> = plan
        .outcomes
        .iter()
        .map(|o| Choice {
            id: Some(o.id.clone()),
            label: o.title.clone(),
        })
        .collect();
    let streams: Vec<Choice> = plan
        .streams
        .iter()
        .filter(|s| d.direction == Direction::Out || s.management == Management::DirectPayment)
        .map(|s| Choice {
            id: Some(s.id.clone()),
            label: format!("{} ({})", s.label(), s.management.describe()),
        })
        .collect();
    let outcome_sel = d
        .outcome
        .as_ref()
        .and_then(|id| outcomes.iter().position(|c| c.id.as_deref() == Some(id)));
    let stream_sel = match &d.stream {
        Some(id) => streams.iter().position(|c| c.id.as_deref() == Some(id)),
        None if streams.len() == 1 => Some(0),
        None => None,
    };
    let mut fields = vec![
        FormField::text(
            Field::Date.label(),
            &d.date,
            "e.g. 2026-10-14 or 14/10/2026",
        ),
        payee,
        FormField::text(Field::Amount.label(), &d.amount, "pounds, e.g. 12.50"),
    ];
    if d.direction == Direction::Out {
        fields.push(FormField::choose(
            Field::Outcome.label(),
            outcomes,
            outcome_sel,
            "Left/Right or first letter picks",
        ));
    }
    fields.push(FormField::choose(
        Field::Stream.label(),
        streams,
        stream_sel,
        "Left/Right picks the funding stream",
    ));
    fields.push(FormField::text(
        Field::Receipt.label(),
        &d.receipt,
        "receipt or invoice number",
    ));
    fields.push(FormField::text(Field::Note.label(), &d.note, "optional"));
    let _ = Input::Text(TextInput::default());
    Form::new(title, fields)
}

fn person_row(ws: &Workspace, id: &str, settings: &Settings, today: NaiveDate) -> PersonRow {
    let loaded = ws.load_holder_with(id, |files| {
        position::compute(&files.plan.plan, &files.journals, settings, today)
    });
    match loaded {
        Err(e) => PersonRow {
            id: id.to_string(),
            name: id.to_string(),
            held: String::new(),
            balance: Money::ZERO,
            spent_share: Decimal::ZERO,
            elapsed: Decimal::ZERO,
            next_review: None,
            next_return: None,
            alerts: 0,
            worst: None,
            error: Some(
                e.to_string()
                    .replace(&format!("{}/", ws.root().display()), ""),
            ),
        },
        Ok((files, p)) => {
            let plan = &files.plan.plan;
            let kinds: std::collections::BTreeSet<Management> =
                plan.streams.iter().map(|s| s.management).collect();
            let held = match kinds.iter().next() {
                None => "no streams".to_string(),
                Some(k) if kinds.len() == 1 => k.describe().to_string(),
                _ => "mixed".to_string(),
            };
            let spent_share = if p.totals.budget.is_zero() {
                Decimal::ZERO
            } else {
                p.totals.spent.as_decimal() / p.totals.budget.as_decimal()
            };
            let worst = p
                .alerts
                .iter()
                .max_by_key(|a| a.severity)
                .map(|a| (a.severity, a.message.clone()));
            PersonRow {
                id: id.to_string(),
                name: plan.holder.name.clone(),
                held,
                balance: p.totals.balance,
                spent_share,
                elapsed: p.period.elapsed,
                next_review: p.next_review,
                next_return: plan
                    .streams
                    .iter()
                    .any(|s| s.management == Management::DirectPayment)
                    .then(|| crate::core::report::monitoring::next_return(today).map(|r| r.0))
                    .flatten(),
                alerts: p.alerts.len(),
                worst,
                error: None,
            }
        }
    }
}

fn sort_people(people: &mut [PersonRow], by: SortBy) {
    match by {
        SortBy::Attention => people.sort_by(|a, b| {
            b.attention()
                .cmp(&a.attention())
                .then_with(|| a.name.cmp(&b.name))
        }),
        SortBy::Name => people.sort_by_key(|p| p.name.to_lowercase()),
        SortBy::Balance => {
            people.sort_by(|a, b| a.balance.cmp(&b.balance).then_with(|| a.name.cmp(&b.name)))
        }
        SortBy::Review => people.sort_by(|a, b| {
            (a.next_review.is_none(), a.next_review)
                .cmp(&(b.next_review.is_none(), b.next_review))
                .then_with(|| a.name.cmp(&b.name))
        }),
    }
}
