//! What the app holds between keys: the screen, the people, the person open, the overlays
//! over them, and the status line. Plain data: it is changed by `update` (keys and the
//! results of effects) and read by `view`, and it never reads or writes a file.

use std::cell::Cell;
use std::path::PathBuf;
use std::time::SystemTime;

use chrono::NaiveDate;

use super::form::{Form, TextInput};
use super::keys::{Context, Keymap};
use crate::app::Undo;
use crate::app::import::ImportRequest;
use crate::app::{Holder, PersonRow, Target};
use crate::core::category::{Category, UsualChoices};
use crate::core::entry::Reversals;
use crate::core::entry::{EntryIds, Place};
use crate::core::journal::Journal;
use crate::core::payment::Direction;
use crate::core::position::Position;
use crate::core::reconcile::Locks;
use crate::core::register::{self, Filter};
use crate::store::HolderFiles;

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
    pub(super) fn context(self) -> Context {
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
    /// Editing the entry `target` (as it read when the form opened).
    Edit {
        target: Target,
        /// The person said yes to changing an entry a bank check covers.
        force: bool,
    },
    Filter,
    Allocation {
        outcome: String,
        stream: String,
    },
    Review {
        index: usize,
    },
    /// Plan edits beyond an allocation and a review's date (`tui::plan_edit`).
    NewOutcome,
    NewReview,
    ReviewDone {
        index: usize,
    },
    StreamChange {
        stream: String,
    },
    Outcome {
        id: String,
    },
    Stream {
        id: String,
    },
    NewStream,
    /// Start the next plan year.
    NewYear,
    NewHolder,
    Report,
    Import,
    Reconcile,
    Payroll,
    /// Saving the report in the reader beneath.
    SaveReport(SaveAs),
    /// Attaching a file to the entry `target` (as it read when the form opened).
    Attach {
        target: Target,
    },
}

/// What waits for a yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    Reverse(Target),
    /// Take back the last change made in this session.
    Undo,
    /// Add this payee rule to the plan (learnt from an imported row just assigned).
    RememberRule(crate::app::plan::PlanChange),
    /// Import the statement previewed.
    Import(ImportRequest),
    /// Change an entry that a bank check covers.
    EditLocked(Target),
    ToggleLocked(Target),
    DiscardForm,
    Quit,
    /// Save a plan change whose warning (allocations over what the streams pay) was shown.
    PlanAnyway(crate::app::plan::PlanChange),
    /// Make a plan change the person was asked about (taking something out).
    PlanChange(crate::app::plan::PlanChange),
    /// Record a payment dated outside every plan year.
    RecordOutsidePlan(crate::core::payment::Draft),
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
    /// One entry in full, by its ID (so a reload underneath never shows another entry).
    Details {
        id: crate::core::entry::EntryId,
        scroll: usize,
        /// Its changes in a shared workspace's history, newest first, as lines to read.
        history: Vec<String>,
    },
    Search {
        input: TextInput,
        before: Option<String>,
    },
    /// A report or an account of what an action did, to read and scroll.
    Text {
        title: String,
        text: String,
        scroll: usize,
        /// A report that can be saved from here: what it is, and the file name offered.
        save: Option<SaveAs>,
    },
}

/// A report shown in the reader, to save: "The monitoring return", and the name offered
/// for its file (in the workspace folder unless a full path is typed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveAs {
    pub what: String,
    pub name: String,
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
    pub(super) fn next(self) -> SortBy {
        match self {
            SortBy::Attention => SortBy::Name,
            SortBy::Name => SortBy::Balance,
            SortBy::Balance => SortBy::Review,
            SortBy::Review => SortBy::Attention,
        }
    }
}

/// A file's size and modification time, to notice another program changing it.
pub type Stamp = Option<(SystemTime, u64)>;

/// The person whose records are open.
#[derive(Debug)]
pub struct OpenHolder {
    pub files: HolderFiles,
    pub position: Position,
    /// Every entry's ID.
    pub ids: EntryIds,
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
    pub locks: Locks,
    /// The plan's and journals' stamps when they were read (set by the effects that read
    /// or write them).
    pub stamps: Vec<Stamp>,
    /// The spending categories offered, and each payee's usual outcome and category.
    pub categories: Vec<Category>,
    pub usual: UsualChoices,
    /// Which entries reverse which.
    pub reversals: Reversals,
}

impl OpenHolder {
    pub fn new(h: Holder, stamps: Vec<Stamp>) -> OpenHolder {
        let Holder {
            files,
            position,
            ids,
            locks,
            categories,
            usual,
        } = h;
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
        let mut h = OpenHolder {
            locks,
            ids,
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
            categories,
            usual,
            reversals: Reversals::default(),
        };
        h.reversals = Reversals::of(&h.files.journals, &h.ids);
        h.refilter();
        h
    }

    /// The files careledger watches for this person: the plan, then each journal.
    pub fn watched(files: &HolderFiles) -> Vec<PathBuf> {
        let mut paths = vec![files.plan_path()];
        paths.extend(files.journal_paths.iter().cloned());
        paths
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

    /// The entry on register row `k`, as an action names it: its ID and its text now.
    pub fn target(&self, k: usize) -> Option<Target> {
        let (journal, index, _) = self.entry(k)?;
        Some(Target::at(&self.files, &self.ids, Place { journal, index }))
    }

    /// How the entry at (journal, transaction) stands with a reversal, in words: "reversed"
    /// for an entry reversed, "reversal" for the entry that reverses it.
    pub fn reversal_word(&self, ji: usize, ti: usize) -> Option<&'static str> {
        let at = Place {
            journal: ji,
            index: ti,
        };
        self.reversals.partner(at)?;
        Some(if self.reversals.is_reversal(at) {
            "reversal"
        } else {
            "reversed"
        })
    }

    /// The ID shown for the entry at (journal, transaction).
    pub fn shown_id(&self, ji: usize, ti: usize) -> String {
        self.ids.shown(Place {
            journal: ji,
            index: ti,
        })
    }

    /// The register row showing `target`, if it is shown.
    pub fn row_of(&self, target: crate::core::entry::EntryId) -> Option<usize> {
        let place = self.ids.find(target)?;
        let k = self
            .order
            .iter()
            .position(|&(j, t)| j as usize == place.journal && t as usize == place.index)?;
        self.view.iter().position(|&v| v as usize == k)
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
}

/// How the status line's message stands out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTone {
    Neutral,
    /// Something asked for was not done.
    Warning,
}

/// Everything the app shows and remembers between keys.
pub struct State {
    pub opts: Options,
    /// The workspace folder, left out of paths in messages.
    pub root: PathBuf,
    pub keymap: Keymap,
    pub people: Vec<PersonRow>,
    pub people_sel: usize,
    pub sort: SortBy,
    /// Text typed into "find a person".
    pub people_find: String,
    pub open: Option<OpenHolder>,
    /// Why the open person's files could not be read.
    pub error: Option<String>,
    /// Whose files `error` is about.
    pub error_id: Option<String>,
    pub screen: Screen,
    pub overlays: Vec<Overlay>,
    pub status: String,
    /// Whether `status` reports something not done (set with `warn`) or just says (`say`).
    pub status_tone: StatusTone,
    /// Bumped by every message, so a repeated message is still written out again.
    pub status_seq: u64,
    pub quit: bool,
    /// The light theme's colours (for a light background) rather than the dark one's.
    pub light: bool,
    /// The changes made in this session that can be taken back, the latest last, each with
    /// what it was in words ("recording Dalesway Taxis £12.40").
    pub undo: Vec<(Undo, String)>,
    /// While an imported row nothing recognised is being edited: the `match` text a payee
    /// rule for it would use, to offer once it is assigned.
    pub learn: Option<String>,
    /// Rows the last frame had room for in the list on screen (for paging).
    pub page: Cell<usize>,
    /// The reader's page height and its last top line, as last drawn (so Page Down and End
    /// stop at the end of what is shown).
    pub reading: Cell<(usize, usize)>,
    /// First row drawn of the current list (kept so scrolling does not jump).
    pub scroll: Cell<usize>,
    /// Draw the status line empty for one frame, so a repeated message is written again.
    pub hide_status: Cell<bool>,
    /// The last frame was too small to draw the app in: keys other than quit are ignored,
    /// so nothing is done unseen.
    pub too_small: Cell<bool>,
    /// The message is about a change just made (saved, refused, imported): a screen reader
    /// gets it before the screen is written again.
    pub status_first: bool,
    /// Where the last frame put the terminal's cursor.
    pub cursor: Cell<Option<ratatui::layout::Position>>,
    /// Whether the workspace is shared on git (entries then have a history to show).
    pub shared: bool,
}

impl State {
    pub fn new(opts: Options, root: PathBuf, keymap: Keymap) -> State {
        State {
            opts,
            root,
            keymap,
            people: Vec::new(),
            people_sel: 0,
            sort: SortBy::Attention,
            people_find: String::new(),
            open: None,
            error: None,
            error_id: None,
            screen: Screen::Holders,
            overlays: Vec::new(),
            status: String::new(),
            status_tone: StatusTone::Neutral,
            status_seq: 0,
            quit: false,
            light: false,
            page: Cell::new(10),
            reading: Cell::new((10, usize::MAX)),
            scroll: Cell::new(0),
            hide_status: Cell::new(false),
            too_small: Cell::new(false),
            status_first: false,
            cursor: Cell::new(None),
            undo: Vec::new(),
            learn: None,
            shared: false,
        }
    }

    /// A message or error with the workspace folder left out of paths, as people read them.
    pub fn short_paths(&self, text: &str) -> String {
        let root = format!("{}/", self.root.display());
        text.replace(&root, "")
    }

    pub fn say(&mut self, message: impl Into<String>) {
        self.status = self.short_paths(&message.into());
        self.status_tone = StatusTone::Neutral;
        self.status_seq += 1;
    }

    /// Say that something asked for was not done (not saved, not reversed...): the status
    /// line stands out, by weight as well as colour.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.say(message);
        self.status_tone = StatusTone::Warning;
    }

    /// The People rows that match "find", in the order shown.
    pub fn people_shown(&self) -> Vec<usize> {
        (0..self.people.len())
            .filter(|&i| register::contains_ignore_case(&self.people[i].name, &self.people_find))
            .collect()
    }

    pub fn selected_person_id(&self) -> Option<String> {
        let shown = self.people_shown();
        shown
            .get(self.people_sel)
            .map(|&i| self.people[i].id.clone())
    }

    /// The person whose files are open, or failed to open.
    pub fn open_id(&self) -> Option<String> {
        self.open
            .as_ref()
            .map(|h| h.files.id.clone())
            .or_else(|| self.error_id.clone())
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

    /// Put the People rows in the order asked for.
    pub fn sort_people(&mut self) {
        let people = &mut self.people;
        match self.sort {
            SortBy::Attention => people.sort_by_key(PersonRow::attention_key),
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
}
