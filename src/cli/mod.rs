//! The `careledger` command line: every command works without a terminal and prints plain
//! text. Errors end as one line on stderr naming the file and line where there is one.

mod add;
mod check;
mod demo;
mod entries;
mod evidence;

pub use demo::copy_demo;
mod holder;
pub mod import;
mod list;
pub mod output;
mod payroll;
mod plain;
mod plan;
mod prompt;
pub mod reconcile;
pub mod report;
mod summary;
mod team;
mod year;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::core::printable::printable;
use crate::store::{StoreError, Workspace};

#[derive(Debug, Parser)]
#[command(
    name = "careledger",
    version,
    about = "Personal budget records for people who direct their own care."
)]
pub struct Cli {
    /// The workspace folder (default: $CARELEDGER_DATA, else the platform data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Which budget holder (needed when the workspace has more than one).
    #[arg(long, global = true, value_name = "ID")]
    pub holder: Option<String>,
    /// Treat this date as today (for reproducible reports and demos).
    #[arg(long, global = true, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<NaiveDate>,
    /// Screen-reader mode: no borders or gauges; the cursor follows the focus.
    #[arg(long, global = true)]
    pub screen_reader: bool,
    /// No colour.
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Colours for a dark or a light background, or worked out from COLORFGBG (default:
    /// the `theme` setting, else auto).
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub theme: Option<ThemeArg>,
    /// Plain line mode: numbered menus and questions on lines that are never redrawn.
    #[arg(long, global = true)]
    pub plain: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Copy the bundled demo workspace to DIR; with no --to, open the app on a temporary copy.
    Demo {
        /// Copy it into DIR (a new or empty folder), to keep, instead of opening the app.
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
    },
    /// Create an empty workspace.
    Init,
    /// Add or list budget holders.
    #[command(subcommand)]
    Holder(holder::HolderCommand),
    /// Record a payment (asks for missing details one line at a time in a terminal).
    Add(add::AddArgs),
    /// List transactions, each with its ID.
    List(list::ListArgs),
    /// Change an entry, named by its ID (as listed).
    Edit(entries::EditArgs),
    /// Reverse an entry: add the entry that undoes it, dated today. Nothing is deleted.
    Reverse(entries::ReverseArgs),
    /// Mark an entry cleared with the bank (or pending, or neither).
    Clear(entries::ClearArgs),
    /// Copy receipts, invoices, payslips or statements into the holder's evidence folder and
    /// link them from an entry (named by its ID).
    Attach(evidence::AttachArgs),
    /// Take an evidence link off an entry; the file stays until you delete it.
    Detach(evidence::DetachArgs),
    /// The files attached to an entry, or (--missing) the payments with no receipt
    /// reference and no file, largest first.
    Evidence(evidence::EvidenceArgs),
    /// Where the budget stands (every holder when no --holder is given).
    Summary {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Only the holders with alerts (or unreadable files), worst first.
        #[arg(long)]
        attention: bool,
        #[command(flatten)]
        year: year::YearArg,
    },
    /// Check every file; exit non-zero naming file:line on bad data.
    Check,
    /// Change the plan: outcomes, funding streams (with dated changes), reviews, allocations.
    Plan(plan::PlanArgs),
    /// Plan years: start the next one, list them.
    #[command(subcommand)]
    Year(year::YearCommand),
    /// Reports: the monitoring return, the outcome review summary, expected payments.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Add a bank statement (CSV) to the records, skipping what is already there.
    Import(import::ImportArgs),
    /// Compare the cleared balance with a bank statement's, mark entries cleared, and
    /// record the balance once they agree.
    Reconcile(reconcile::ReconcileArgs),
    /// Share the workspace through a git remote (a bare repository on a shared drive, or
    /// an ssh or https URL), making it a git repository if it is not one, and push it.
    Share {
        /// Any git remote: a path, ssh://..., git@host:path, https://...
        remote: String,
    },
    /// Copy a shared workspace into DIR (readable by you only), ready to use with --data DIR.
    Join { remote: String, dir: PathBuf },
    /// Commit hand edits, receive others' changes (merging journals entry by entry), and
    /// send this computer's.
    Sync,
    /// The changes made to a shared workspace: when, who, what (--holder for one person).
    History(team::HistoryArgs),
    /// Take back your own last change (or the change with history ID) as a new change.
    Undo {
        /// A history ID (as `careledger history` lists it); default: your last change.
        id: Option<String>,
    },
    /// What git runs to merge a journal or plan (registered by share and join).
    #[command(hide = true)]
    MergeDriver {
        kind: String,
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        #[arg(default_value = "the file")]
        name: String,
    },
    /// Record a pay day from the payslip: net pay to the employee, tax and NI owed to HMRC,
    /// pension to the provider, as one entry.
    Payroll(payroll::PayrollArgs),
    /// Record paying HMRC the tax and NI that pay days left owing.
    PayHmrc(payroll::PayHmrcArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Dark,
    Light,
    Auto,
}

impl From<ThemeArg> for crate::core::settings::ThemeChoice {
    fn from(t: ThemeArg) -> Self {
        use crate::core::settings::ThemeChoice as T;
        match t {
            ThemeArg::Dark => T::Dark,
            ThemeArg::Light => T::Light,
            ThemeArg::Auto => T::Auto,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Md,
}

/// What every command needs: where the files are, what day it is, who is asking.
pub struct Ctx {
    pub workspace: Workspace,
    pub today: NaiveDate,
    pub holder: Option<String>,
    pub screen_reader: bool,
    pub color: bool,
    pub plain: bool,
    /// `--theme`, over the workspace's setting.
    pub theme: Option<crate::core::settings::ThemeChoice>,
    /// Notes the sessions of this command leave (see `Session::take_notes`).
    pub notes: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

/// A command's failure: the one line to print, and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub status: u8,
}

impl Failure {
    pub fn new(message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            status: 1,
        }
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Failure {
        Failure::new(e.to_string())
    }
}

impl From<crate::app::AppError> for Failure {
    fn from(e: crate::app::AppError) -> Failure {
        Failure::new(e.to_string())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::new(format!("could not write output: {e}"))
    }
}

pub type CliResult = Result<(), Failure>;

pub fn main() -> ExitCode {
    install_panic_hook();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            // A closed pipe (e.g. `careledger list | head`) is not an error worth a message.
            if !f.message.contains("Broken pipe") {
                // Messages quote what was read (a payee, a line of a file, a file's name).
                eprintln!("careledger: {}", printable(&f.message));
            }
            ExitCode::from(f.status)
        }
    }
}

pub fn run(cli: Cli) -> CliResult {
    let root = match &cli.data {
        Some(d) => d.clone(),
        None => Workspace::default_root().ok_or_else(|| {
            Failure::new("cannot find a home folder for the workspace; give --data DIR")
        })?,
    };
    let env_accessible = std::env::var_os("ACCESSIBLE").is_some_and(|v| !v.is_empty());
    let ctx = Ctx {
        workspace: Workspace::at(root),
        today: cli
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        holder: cli.holder.clone(),
        screen_reader: cli.screen_reader || env_accessible,
        plain: cli.plain,
        theme: cli.theme.map(Into::into),
        color: !cli.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && io::stdout().is_terminal(),
        notes: Default::default(),
    };
    if let Some(Command::MergeDriver {
        kind,
        base,
        ours,
        theirs,
        name,
    }) = &cli.command
    {
        // Run by git inside the repository: nothing about the workspace is looked at.
        return team::merge_driver(kind, base, ours, theirs, name);
    }
    if !matches!(
        cli.command,
        Some(Command::Demo { .. } | Command::Join { .. })
    ) && let Some(w) = ctx.workspace.exposure_warning()
    {
        eprintln!("careledger: {}", printable(&w));
    }
    let mut out = output::PrintableOutput::new(io::stdout().lock());
    let result = command(&ctx, cli.command, &mut out);
    for n in ctx
        .notes
        .lock()
        .map(|mut n| std::mem::take(&mut *n))
        .unwrap_or_default()
    {
        eprintln!("careledger: warning: {}", printable(&n));
    }
    result
}

fn command(ctx: &Ctx, command: Option<Command>, out: &mut dyn Write) -> CliResult {
    match command {
        None => open_app(ctx, out),
        Some(Command::Demo { to }) => demo::run(ctx, to, out),
        Some(Command::Init) => {
            ctx.workspace.init()?;
            writeln!(
                out,
                "Workspace ready at {}. Add a budget holder with: careledger holder new ID --name NAME",
                ctx.workspace.root().display()
            )?;
            Ok(())
        }
        Some(Command::Holder(cmd)) => holder::run(ctx, cmd, out),
        Some(Command::Add(args)) => add::run(ctx, args, out),
        Some(Command::List(args)) => list::run(ctx, args, out),
        Some(Command::Edit(args)) => entries::edit(ctx, args, out),
        Some(Command::Reverse(args)) => entries::reverse(ctx, args, out),
        Some(Command::Clear(args)) => entries::clear(ctx, args, out),
        Some(Command::Attach(args)) => evidence::attach(ctx, args, out),
        Some(Command::Detach(args)) => evidence::detach(ctx, args, out),
        Some(Command::Evidence(args)) => evidence::evidence(ctx, args, out),
        Some(Command::Summary {
            format,
            attention,
            year,
        }) => summary::run(ctx, format, attention, year.year.as_deref(), out),
        Some(Command::Check) => check::run(ctx, out),
        Some(Command::Plan(cmd)) => plan::run(ctx, cmd, out),
        Some(Command::Year(cmd)) => year::run(ctx, cmd, out),
        Some(Command::Report(cmd)) => report::run(ctx, cmd, out),
        Some(Command::Import(args)) => import::run(ctx, args, out),
        Some(Command::Reconcile(args)) => reconcile::run(ctx, args, out),
        Some(Command::Share { remote }) => team::share(ctx, &remote, out),
        Some(Command::Join { remote, dir }) => team::join(&remote, &dir, out),
        Some(Command::Sync) => team::sync(ctx, out),
        Some(Command::History(args)) => team::history(ctx, args, out),
        Some(Command::Undo { id }) => team::undo(ctx, id.as_deref(), out),
        Some(Command::MergeDriver { .. }) => Ok(()),
        Some(Command::Payroll(args)) => payroll::run(ctx, args, out),
        Some(Command::PayHmrc(args)) => payroll::pay_hmrc(ctx, args, out),
    }
}

/// A panic is a bug in careledger, and its message may quote what was being worked on (a
/// payee, a note, a line of someone's journal). The report says where, never what. A front
/// end that installs its own hook (to restore the terminal) should call the previous one.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| eprintln!("{}", panic_report(info))));
}

/// The one line printed for a panic: the place in careledger's code, and no details.
pub fn panic_report(info: &std::panic::PanicHookInfo<'_>) -> String {
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    format!(
        "careledger: internal error{place}. This is a bug in careledger; the details are left \
         out because they may include personal data. Files are written whole or not at all, \
         so your records are as they were before the last change. Please report it."
    )
}

/// With no command: the app on a terminal; plain line mode with `--plain`, `TERM=dumb` or
/// when the output is not a terminal.
fn open_app(ctx: &Ctx, out: &mut dyn Write) -> CliResult {
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let fresh = !ctx.workspace.exists();
    if fresh && (ctx.plain || dumb || !io::stdout().is_terminal()) {
        return Err(Failure::new(format!(
            "there is no workspace at {} yet. Try the demo with: careledger demo, or start one with: careledger init",
            ctx.workspace.root().display()
        )));
    }
    if fresh {
        // The first run: make the workspace, and the app welcomes the person in it.
        ctx.workspace.init()?;
    }
    if ctx.plain || dumb || !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        return plain::run(ctx, io::stdin().lock(), out);
    }
    let accessible = ctx.screen_reader
        || ctx
            .workspace
            .settings()
            .map(|s| s.accessible)
            .unwrap_or(false);
    let opts = crate::tui::Options {
        today: ctx.today,
        accessible,
        color: ctx.color,
        who: author(ctx),
    };
    let mut app = crate::tui::App::new(ctx.workspace.clone(), opts, ctx.holder.as_deref());
    if let Some(theme) = ctx.theme {
        app.light = theme.is_light(std::env::var("COLORFGBG").ok().as_deref());
    }
    crate::tui::run(app).map_err(|e| Failure::new(format!("the terminal failed: {e}")))
}

/// The holder a command is about: `--holder`, or the only holder there is.
pub fn pick_holder(ctx: &Ctx) -> Result<String, Failure> {
    if let Some(h) = &ctx.holder {
        return Ok(h.clone());
    }
    let ids = ctx.workspace.holder_ids()?;
    match ids.as_slice() {
        [only] => Ok(only.clone()),
        [] => Err(Failure::new(format!(
            "the workspace {} has no budget holders yet; add one with: careledger holder new ID --name NAME",
            ctx.workspace.root().display()
        ))),
        many => Err(Failure::new(format!(
            "say which holder with --holder ID (one of: {})",
            many.join(", ")
        ))),
    }
}

/// Who is entering records: the `author` setting, else the login name.
pub fn author(ctx: &Ctx) -> String {
    crate::app::author(&ctx.workspace.settings().unwrap_or_default())
}

impl Ctx {
    /// The application layer's session on this workspace; settings that cannot be read stop
    /// the command, naming the file and line.
    pub fn session(&self) -> Result<crate::app::Session, Failure> {
        match crate::app::Session::open(self.workspace.clone(), self.today) {
            (mut s, None) => {
                s.notes = self.notes.clone();
                Ok(s)
            }
            (_, Some(e)) => Err(e.into()),
        }
    }
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::core::journal::parse_date(s.trim())
        .or_else(|| NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok())
        .ok_or_else(|| format!("\"{s}\" is not a date; write it as 2026-04-01 or 01/04/2026"))
}
