//! The application layer: the actions every front end calls.
//!
//! The app (`tui`), the command line and plain line mode only translate: input into calls
//! here, and the typed results back into screens or text. Each rule about changing the
//! records lives here once: who entered an entry (`entered-by:`/`entered:`), which entry an
//! ID names and whether it is still the one the person saw, what may be changed without
//! asking, and the checks made before anything is written.
//!
//! ```text
//! front end --(holder id, draft, entry ID)--> Session::record / edit / reverse / ...
//!           <--(Saved { files, entry })------  store::change_journal (locked, fresh read,
//!                                                 checked, atomic write)
//! ```
//!
//! A [`Saved`] carries the holder's files as they now are on disk (the main journal read
//! from the text just written), so a front end replaces that one holder and reads nothing
//! again.

pub mod entries;
pub mod evidence;
pub mod import;
pub mod payroll;
pub mod people;
pub mod plan;
pub mod plan_edit;
pub mod plan_year;
pub mod reconcile;
pub mod report;
pub mod team;
pub mod undo;

pub use entries::{Saved, Target};
pub use people::{Holder, PersonRow};
pub use undo::Undo;

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use crate::core::entry::LookupError;
use crate::core::payment::FieldError;
use crate::core::settings::Settings;
use crate::store::git::Repo;
use crate::store::{StoreError, Workspace};

/// Whom an account of what was done (an import, a check against the bank) advises: someone
/// at the command line, told commands and flags with amounts signed as on a statement, or
/// someone in the app, told its keys with amounts in words ("paid out £12.00").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice {
    CommandLine,
    /// The app or plain mode, with how to mark an entry cleared, record a payment and
    /// check against the bank there, each said so that it reads in brackets ("c in the
    /// register", "the \"cleared\" choice").
    App {
        clear: String,
        add: String,
        reconcile: String,
    },
}

/// Why an action was not done. Every message says what to do; none means something was
/// half written: when an action fails, nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The form's or command's fields have problems, in field order.
    #[error("{}", .0.iter().map(|e| format!("{}: {}", e.field.label(), e.message)).collect::<Vec<_>>().join("; "))]
    Fields(Vec<FieldError>),
    /// The entry named is not there (any more): it was changed or removed since it was seen.
    #[error("{source}; nothing was written")]
    Entry {
        #[source]
        source: LookupError,
    },
    /// The entry is there but no longer reads as it did when the person saw it.
    #[error(
        "the entry of {date} to {payee} changed on disk since it was shown (perhaps someone else marked or changed it); nothing was written. Look at it again and make the change again if it is still wanted"
    )]
    EntryChanged { date: NaiveDate, payee: String },
    /// Entries in included files are the person's own to change in a text editor.
    #[error(
        "this entry is in {file}, which careledger reads but does not change; change it there in a text editor"
    )]
    InIncludedFile { file: String },
    #[error("{reason}")]
    NotEditable { reason: String },
    #[error(
        "the entry of {date} to {payee} was already reversed on {reversed_on} (entry {by}); nothing was written"
    )]
    AlreadyReversed {
        date: NaiveDate,
        payee: String,
        reversed_on: NaiveDate,
        by: String,
    },
    /// Changing this entry could make the records disagree with a balance agreed with the
    /// bank: the person must say they mean it.
    #[error(
        "this entry is covered by a balance checked against the bank on {checked}; changing it may make the records disagree with the bank. Nothing was written; to change it anyway, say so (y to the app's question, --force on the command line)"
    )]
    CoveredByBankCheck { checked: NaiveDate },
    /// Anything else the person must put right, in words.
    #[error("{0}")]
    Refused(String),
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;

impl From<LookupError> for AppError {
    fn from(source: LookupError) -> AppError {
        AppError::Entry { source }
    }
}

/// One person (or team member) working on a workspace: where it is, its settings, who they
/// are and what day it is. Cheap to clone; every action takes `&self`.
#[derive(Debug, Clone)]
pub struct Session {
    pub ws: Workspace,
    pub settings: Settings,
    /// Who is entering records (the `author` setting, else the login name).
    pub who: String,
    pub today: NaiveDate,
    /// The workspace's git repository when it is shared (see [`team`]); `None` runs no git.
    pub team: Option<Repo>,
    /// What an action could not do but did not stop for (see [`Session::take_notes`]).
    pub notes: Arc<Mutex<Vec<String>>>,
}

impl Session {
    /// A session on `ws`. Settings that cannot be read are returned as the error beside a
    /// session on the defaults, so a front end can say so and carry on.
    pub fn open(ws: Workspace, today: NaiveDate) -> (Session, Option<StoreError>) {
        let (settings, problem) = match ws.settings() {
            Ok(s) => (s, None),
            Err(e) => (Settings::default(), Some(e)),
        };
        let who = author(&settings);
        let team = Repo::shared(ws.root());
        (
            Session {
                ws,
                settings,
                who,
                today,
                team,
                notes: Arc::default(),
            },
            problem,
        )
    }

    /// Whether entries written now carry `entered-by:` and `entered:`: asked for in the
    /// settings, or the workspace is shared by several people's records.
    pub fn marks_author(&self) -> bool {
        self.settings.record_author || self.ws.has_several_holders()
    }

    /// The tags that say who entered an entry and when, when this workspace keeps them.
    pub fn author_tags(&self) -> Vec<(String, String)> {
        if !self.marks_author() {
            return Vec::new();
        }
        vec![
            ("entered-by".into(), self.who.clone()),
            ("entered".into(), self.today.format("%Y-%m-%d").to_string()),
        ]
    }

    /// The workspace folder left out of a message's paths, as people read them.
    pub fn short_paths(&self, text: &str) -> String {
        let root = format!("{}/", self.ws.root().display());
        text.replace(&root, "")
    }
}

/// Who is entering records: the `author` setting, else `CARELEDGER_AUTHOR`, else the login
/// name.
pub fn author(settings: &Settings) -> String {
    settings
        .author
        .clone()
        .or_else(|| {
            std::env::var("CARELEDGER_AUTHOR")
                .ok()
                .filter(|u| !u.trim().is_empty())
        })
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .or_else(|| std::env::var("LOGNAME").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "careledger".to_string())
}
