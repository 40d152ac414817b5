//! A workspace shared on git: a bare repository and two clones on this machine, each used
//! by its own person through the real binary and the real `git`, with `hledger check -s`
//! after every merge.
//!
//! git is run with no configuration but what each test gives it (no ~/.gitconfig, as on a
//! fresh CI machine running as root): the people are named by CARELEDGER_AUTHOR, or by
//! git's own GIT_AUTHOR_* variables where that is what is tested.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::core::journal::Journal;
use support::{ASSET, CARELEDGER, fixture, hledger, hledger_balances, hledger_check, m};

/// The folder a test's remote and people live in.
struct Team {
    tmp: tempfile::TempDir,
}

/// One person's copy of the shared workspace.
struct Person {
    root: PathBuf,
    /// CARELEDGER_AUTHOR for this person; `None`: git's own identity (GIT_AUTHOR_NAME...).
    author: Option<&'static str>,
    home: PathBuf,
}

fn git_env(c: &mut Command, home: &Path) {
    c.env("HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_AUTHOR_NAME")
        .env_remove("GIT_AUTHOR_EMAIL")
        .env_remove("GIT_COMMITTER_NAME")
        .env_remove("GIT_COMMITTER_EMAIL")
        .env_remove("CARELEDGER_AUTHOR")
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
}

impl Team {
    fn new() -> Team {
        let team = Team {
            tmp: tempfile::tempdir().unwrap(),
        };
        let out = team
            .git(team.dir(), &["init", "--quiet", "--bare", "shared.git"])
            .status;
        assert!(out.success());
        team
    }
    fn dir(&self) -> &Path {
        self.tmp.path()
    }
    fn remote(&self) -> PathBuf {
        self.dir().join("shared.git")
    }
    fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let mut c = Command::new("git");
        git_env(&mut c, self.dir());
        c.current_dir(dir).args(args).output().unwrap()
    }
    /// The first person: Pat's records from the fixtures, shared with `share`.
    fn first(&self, author: Option<&'static str>) -> Person {
        let root = self.dir().join("first");
        let holder = root.join("holders/pat");
        fs::create_dir_all(&holder).unwrap();
        for f in ["plan.toml", "ledger.journal"] {
            fs::copy(fixture("holder").join(f), holder.join(f)).unwrap();
        }
        private(&root);
        let p = Person {
            root,
            author,
            home: self.dir().to_path_buf(),
        };
        let said = p.ok(&["share", self.remote().to_str().unwrap()]);
        assert!(said.contains("is shared with"), "{said}");
        p
    }
    /// Someone else joining with `join`.
    fn join(&self, name: &str, author: Option<&'static str>) -> Person {
        let root = self.dir().join(name);
        let mut c = Command::new(CARELEDGER);
        git_env(&mut c, self.dir());
        let out = c
            .args([
                "join",
                self.remote().to_str().unwrap(),
                root.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "join failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Person {
            root,
            author,
            home: self.dir().to_path_buf(),
        }
    }
}

impl Person {
    fn run(&self, args: &[&str]) -> Output {
        let mut c = Command::new(CARELEDGER);
        git_env(&mut c, &self.home);
        match self.author {
            Some(a) => {
                c.env("CARELEDGER_AUTHOR", a);
            }
            None => {
                c.env("GIT_AUTHOR_NAME", "Gita Own")
                    .env("GIT_AUTHOR_EMAIL", "gita@example.org")
                    .env("GIT_COMMITTER_NAME", "Gita Own")
                    .env("GIT_COMMITTER_EMAIL", "gita@example.org");
            }
        }
        // Fixed times, so that commits (and their IDs) are the same on every run.
        c.env("GIT_AUTHOR_DATE", "2026-04-30T12:00:00+0000")
            .env("GIT_COMMITTER_DATE", "2026-04-30T12:00:00+0000")
            .env("TZ", "UTC")
            .arg("--data")
            .arg(&self.root)
            .args(["--today", "2026-04-30"])
            .args(args)
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "careledger {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !err.contains("warning"),
            "careledger {args:?} warned: {err}"
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn pay(&self, date: &str, payee: &str, amount: &str) {
        self.ok(&[
            "add",
            "--date",
            date,
            "--payee",
            payee,
            "--amount",
            amount,
            "--outcome",
            "get-out",
        ]);
    }
    fn journal_path(&self) -> PathBuf {
        self.root.join("holders/pat/ledger.journal")
    }
    fn journal_text(&self) -> String {
        fs::read_to_string(self.journal_path()).unwrap()
    }
    fn journal(&self) -> Journal {
        Journal::parse(self.journal_text()).unwrap()
    }
    fn payees(&self) -> Vec<String> {
        let j = self.journal();
        j.transactions()
            .iter()
            .map(|t| j.payee(t).to_string())
            .collect()
    }
    /// `sync`, then `hledger check -s` on the journal as merged.
    fn sync(&self) -> String {
        let said = self.ok(&["sync"]);
        if let Some(h) = hledger("team sync") {
            hledger_check(&h, &self.journal_path());
        }
        said
    }
    /// `author|subject` of every commit, newest first.
    fn log(&self) -> Vec<String> {
        let mut c = Command::new("git");
        git_env(&mut c, &self.home);
        let out = c
            .current_dir(&self.root)
            .args(["log", "--format=%an|%s"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }
    fn id_of(&self, payee: &str) -> String {
        let listed: serde_json::Value =
            serde_json::from_str(&self.ok(&["list", "--format", "json"])).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["payee"] == payee)
            .unwrap_or_else(|| panic!("no {payee}"))["id"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// Owner-only, as careledger makes its own files (the fixtures are copied with their modes).
fn private(root: &Path) {
    let out = Command::new("chmod")
        .args(["-R", "go-rwx"])
        .arg(root)
        .status()
        .unwrap();
    assert!(out.success());
}

/// The fixture's journal: £250.00 carried over, £30.00 to the lunch club.
const FIXTURE_ASSET: &str = "£220.00";

fn asset_per_hledger(p: &Person) -> Option<careledger::core::money::Money> {
    let h = hledger("team balance")?;
    Some(
        hledger_balances(&h, &p.journal_path(), None)
            .get(ASSET)
            .copied()
            .unwrap_or_default(),
    )
}

/// The stream's balance as ledger-cli reads the journal; `None` when ledger is not
/// installed (outside CI, where it must be).
fn asset_per_ledger(p: &Person) -> Option<careledger::core::money::Money> {
    let out = match Command::new("ledger")
        .arg("-f")
        .arg(p.journal_path())
        .args(["bal", "--flat", "--no-total", ASSET])
        .stdin(Stdio::null())
        .output()
    {
        Ok(out) => out,
        Err(_) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: ledger not installed");
            return None;
        }
        Err(e) => panic!("ledger is not installed but CI is set: {e}"),
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let amount = text.split_whitespace().next().unwrap_or("0");
    Some(if amount == "0" {
        m("£0.00")
    } else {
        m(amount)
    })
}

#[test]
fn additions_on_both_sides_survive_two_syncs_with_each_author_in_the_history() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", None);
    assert_eq!(ben.journal_text(), ann.journal_text());
    // The joined folder and everything in it, git's store too, are Ben's alone.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o077;
    for p in [
        ben.root.clone(),
        ben.root.join(".git"),
        ben.root.join(".git/objects"),
        ben.journal_path(),
    ] {
        assert_eq!(mode(&p), 0, "{} is open to others", p.display());
    }

    ann.pay("2026-04-20", "Corner Shop", "12.34");
    ben.pay("2026-04-15", "Dalesway Taxis", "5.00");
    // Ben's careledger has moved since he joined: sync registers the merge again.
    let moved = "/nowhere/careledger merge-driver journal %O %A %B %P";
    let out = team.git(
        &ben.root,
        &["config", "merge.careledger-journal.driver", moved],
    );
    assert!(out.status.success());
    assert!(ann.sync().contains("sent 1 change"));
    let said = ben.sync();
    assert!(said.contains("received 1 change, sent 1 change"), "{said}");
    assert!(ann.sync().contains("received 1 change"));

    // Both entries, in date order, the same on both computers.
    assert_eq!(ann.journal_text(), ben.journal_text());
    assert_eq!(
        ann.payees(),
        [
            "Opening balance",
            "Meadowbank Lunch Club",
            "Dalesway Taxis",
            "Corner Shop"
        ]
    );
    // £220.00 - £12.34 - £5.00, by hand.
    let expected = m("£202.66");
    assert_eq!(support::account_balance(&ann.journal(), ASSET), expected);
    if let Some(b) = asset_per_hledger(&ann) {
        assert_eq!(b, expected);
    }
    if let Some(b) = asset_per_ledger(&ann) {
        assert_eq!(b, expected);
    }
    assert_eq!(m(FIXTURE_ASSET) - m("£17.34"), expected);

    // Each commit carries its author: the CARELEDGER_AUTHOR name, and git's own user.
    let log = ann.log();
    assert!(
        log.contains(&"Ann Helper|Pat Fielding: recorded £12.34 to Corner Shop".to_string()),
        "{log:?}"
    );
    assert!(
        log.contains(&"Gita Own|Pat Fielding: recorded £5.00 to Dalesway Taxis".to_string()),
        "{log:?}"
    );
    let history = ann.ok(&["history", "--holder", "pat"]);
    assert!(
        history.contains("Ann Helper") && history.contains("Corner Shop"),
        "{history}"
    );
    assert!(
        history.contains("Gita Own") && history.contains("Dalesway Taxis"),
        "{history}"
    );
    // An entry's own history.
    let taxi = ann.id_of("Dalesway Taxis");
    let one = ann.ok(&["history", "--entry", &taxi]);
    assert_eq!(one.lines().count(), 2, "{one}");
    assert!(one.contains("recorded £5.00 to Dalesway Taxis"), "{one}");
}

#[test]
fn undo_takes_back_only_the_users_own_last_change() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", Some("Ben Broker"));
    ann.pay("2026-04-20", "Corner Shop", "12.34");
    ann.sync();
    ben.sync();
    ben.pay("2026-04-22", "Dalesway Taxis", "5.00");
    ben.sync();
    ann.sync();

    // Ann's last change is her own payment, not Ben's later one.
    let said = ann.ok(&["undo"]);
    assert!(said.contains("recorded £12.34 to Corner Shop"), "{said}");
    // The undo's own change is named by its history ID, as `history` lists it: 8 digits.
    let by = said
        .trim_end()
        .trim_end_matches('.')
        .rsplit(", as change ")
        .next()
        .unwrap()
        .to_string();
    assert_eq!(by.len(), 8, "{said}");
    assert!(by.chars().all(|c| c.is_ascii_hexdigit()), "{said}");
    assert!(
        ann.ok(&["history"])
            .lines()
            .nth(1)
            .unwrap()
            .starts_with(&by),
        "{said}"
    );
    assert_eq!(
        ann.payees(),
        ["Opening balance", "Meadowbank Lunch Club", "Dalesway Taxis"]
    );
    if let Some(h) = hledger("undo") {
        hledger_check(&h, &ann.journal_path());
    }
    // £220.00 - £5.00.
    if let Some(b) = asset_per_hledger(&ann) {
        assert_eq!(b, m("£215.00"));
    }
    assert!(ann.log()[0].starts_with("Ann Helper|Pat Fielding: undid \"recorded £12.34"));
    ann.sync();
    ben.sync();
    assert_eq!(ben.journal_text(), ann.journal_text());
    let history = ben.ok(&["history"]);
    let line = history
        .lines()
        .find(|l| l.contains("Pat Fielding: recorded £12.34 to Corner Shop"))
        .unwrap();
    assert!(line.contains("(undone by "), "{history}");

    // Nothing more of Ann's to undo; Ben's entry, edited since, cannot be undone by its ID.
    let none = ann.run(&["undo"]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("Ann Helper has made no change"));
    let taxi = ben.id_of("Dalesway Taxis");
    ben.ok(&["edit", &taxi, "--amount", "6.00"]);
    let recorded = ben.ok(&["history"]);
    let first = recorded
        .lines()
        .find(|l| l.contains("recorded £5.00 to Dalesway Taxis"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let before = ben.journal_text();
    let refused = ben.run(&["undo", &first]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("a later change touched the same entry"),
        "{err}"
    );
    assert_eq!(ben.journal_text(), before, "nothing was written");
    // Ben's own last change (the edit) is undone.
    assert!(ben.ok(&["undo"]).contains("changed the entry"));
    assert!(ben.journal_text().contains("£5.00"));
}

#[test]
fn the_same_entry_changed_differently_on_both_sides_keeps_both_and_is_reported() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", Some("Ben Broker"));
    let lunch = ann.id_of("Meadowbank Lunch Club");
    ann.ok(&["edit", &lunch, "--amount", "32.00"]);
    ben.ok(&["edit", &lunch, "--amount", "35.00"]);
    ann.sync();
    let said = ben.sync();
    assert!(said.contains("1 clash:"), "{said}");
    assert!(said.contains("holders/pat/ledger.journal:"), "{said}");

    // Ben's version is the entry; Ann's is kept below it, as comments.
    let text = ben.journal_text();
    assert!(text.contains("expenses:lunch-club  £35.00"), "{text}");
    assert!(
        text.contains("; |     expenses:lunch-club  £32.00"),
        "{text}"
    );
    assert_eq!(ben.payees().len(), 2, "the other version is not an entry");
    // £250.00 - £35.00: the other version is not counted.
    if let Some(b) = asset_per_hledger(&ben) {
        assert_eq!(b, m("£215.00"));
    }
    if let Some(b) = asset_per_ledger(&ben) {
        assert_eq!(b, m("£215.00"));
    }
    let check = ben.run(&["check"]);
    assert!(!check.status.success());
    let listed = String::from_utf8_lossy(&check.stdout);
    let line = text
        .lines()
        .position(|l| l.starts_with("; clash:"))
        .unwrap()
        + 1;
    assert!(
        listed.contains(&format!("ledger.journal:{line}: a clash")),
        "{listed}"
    );

    // Ann receives the same; resolving it (deleting the lines) and syncing clears it.
    let said = ann.sync();
    assert!(said.contains("1 clash:"), "{said}");
    assert_eq!(ann.journal_text(), text);
    let resolved: String = text
        .lines()
        .filter(|l| !l.starts_with("; "))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(ann.journal_path(), &resolved).unwrap();
    let said = ann.sync();
    assert!(
        said.contains("Committed hand edits to holders/pat/ledger.journal"),
        "{said}"
    );
    assert!(!said.contains("clash"), "{said}");
    ann.ok(&["check"]);
    ben.sync();
    ben.ok(&["check"]);
    assert_eq!(ben.journal_text(), resolved);
}

#[test]
fn plan_changes_on_both_sides_merge_by_key() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", Some("Ben Broker"));
    ann.ok(&[
        "plan",
        "allocation",
        "--outcome",
        "get-out",
        "--stream",
        "social-care",
        "--amount",
        "3000.00",
    ]);
    ben.ok(&[
        "plan",
        "allocation",
        "--outcome",
        "stay-at-home",
        "--stream",
        "social-care",
        "--amount",
        "11000.00",
    ]);
    ann.sync();
    assert!(!ben.sync().contains("clash"));
    ann.sync();
    let plan = fs::read_to_string(ann.root.join("holders/pat/plan.toml")).unwrap();
    assert!(
        plan.contains("allocation = { social-care = \"3000.00\" }"),
        "{plan}"
    );
    assert!(
        plan.contains("allocation = { social-care = \"11000.00\" }"),
        "{plan}"
    );
    assert_eq!(
        plan,
        fs::read_to_string(ben.root.join("holders/pat/plan.toml")).unwrap()
    );
    ann.ok(&["check"]);

    // A new person is a commit too, and arrives on the other computer owner-only.
    ann.ok(&["holder", "new", "sam", "--name", "Sam Lee"]);
    assert_eq!(ann.log()[0], "Ann Helper|Sam Lee: added to the workspace");
    ann.sync();
    assert!(ben.sync().contains("received 1 change"));
    use std::os::unix::fs::PermissionsExt;
    for f in ["holders/sam/plan.toml", "holders/sam/ledger.journal"] {
        let mode = fs::metadata(ben.root.join(f)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
    ben.ok(&["check"]);
}

#[test]
fn a_merge_that_breaks_a_balance_checked_against_the_bank_is_reported() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", Some("Ben Broker"));
    // Ann pays £12.00 and, by hand, checks the balance the bank gave: £220.00 - £12.00.
    ann.pay("2026-04-20", "Corner Shop", "12.00");
    let mut text = ann.journal_text();
    text.push_str(&format!(
        "\n2026-04-25 * Bank statement | closing balance\n    {ASSET}  £0.00 = £208.00\n    {ASSET}  £0.00\n"
    ));
    fs::write(ann.journal_path(), text).unwrap();
    ann.ok(&["check"]);
    ann.sync();
    // Ben, meanwhile, recorded £5.00 spent before that date.
    ben.pay("2026-04-15", "Dalesway Taxis", "5.00");
    let said = ben.ok(&["sync"]);
    assert!(
        said.contains("After the merge careledger cannot read everything"),
        "{said}"
    );
    assert!(said.contains("holders/pat/ledger.journal:"), "{said}");
    let check = ben.run(&["check"]);
    assert!(!check.status.success());
}

#[test]
fn a_failed_push_keeps_the_commit_and_says_so_and_the_next_sync_sends_it() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let away = team.dir().join("away.git");
    fs::rename(team.remote(), &away).unwrap();
    ann.pay("2026-04-20", "Corner Shop", "12.34");
    let said = ann.sync();
    assert!(said.contains("could not be reached"), "{said}");
    assert!(said.contains("1 change is kept on this computer"), "{said}");
    assert!(ann.log()[0].contains("recorded £12.34 to Corner Shop"));

    fs::rename(&away, team.remote()).unwrap();
    let said = ann.sync();
    assert!(said.contains("sent 1 change"), "{said}");
    let out = team.git(&team.remote(), &["log", "--format=%s"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("recorded £12.34 to Corner Shop"));
    let ben = team.join("ben", None);
    assert!(ben.payees().contains(&"Corner Shop".to_string()));
}

#[test]
fn a_commit_that_fails_keeps_the_write_warns_and_the_next_sync_commits_it() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    // Another git holds the index: the commit cannot be made.
    let lock = ann.root.join(".git/index.lock");
    fs::write(&lock, "").unwrap();
    let out = ann.run(&[
        "add",
        "--date",
        "2026-04-20",
        "--payee",
        "Corner Shop",
        "--amount",
        "12.34",
        "--outcome",
        "get-out",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "warning: the change is saved, but it could not be added to the shared history"
        ),
        "{err}"
    );
    assert!(ann.payees().contains(&"Corner Shop".to_string()));
    fs::remove_file(&lock).unwrap();
    let said = ann.sync();
    assert!(
        said.contains("Committed hand edits to holders/pat/ledger.journal"),
        "{said}"
    );
    assert!(said.contains("sent 1 change"), "{said}");
}

#[test]
fn a_workspace_that_is_not_shared_runs_no_git_and_makes_no_commits() {
    let tmp = tempfile::tempdir().unwrap();
    // A `git` that leaves a mark if anything runs it.
    let bin = tmp.path().join("bin");
    fs::create_dir_all(&bin).unwrap();
    let mark = tmp.path().join("git-was-run");
    let fake = bin.join("git");
    fs::write(
        &fake,
        format!("#!/bin/sh\ntouch '{}'\nexit 1\n", mark.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o755)).unwrap();
    let root = tmp.path().join("ws");
    fs::create_dir_all(root.join("holders/pat")).unwrap();
    for f in ["plan.toml", "ledger.journal"] {
        fs::copy(fixture("holder").join(f), root.join("holders/pat").join(f)).unwrap();
    }
    private(&root);
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    let run = |args: &[&str]| {
        Command::new(CARELEDGER)
            .env("PATH", &path)
            .arg("--data")
            .arg(&root)
            .args(["--today", "2026-04-30"])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let out = run(&[
        "add",
        "--date",
        "2026-04-20",
        "--payee",
        "Corner Shop",
        "--amount",
        "12.34",
        "--outcome",
        "get-out",
    ]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for args in [&["check"][..], &["list"], &["summary"]] {
        assert!(run(args).status.success());
    }
    let history = run(&["history"]);
    assert!(!history.status.success());
    assert!(String::from_utf8_lossy(&history.stderr).contains("is not shared"));
    assert!(!mark.exists(), "git was run");
    assert!(!root.join(".git").exists());
}

#[test]
fn the_apps_entry_view_shows_the_entrys_history_when_the_workspace_is_shared() {
    use careledger::store::Workspace;
    use careledger::tui::{App, Options, view};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let lunch = ann.id_of("Meadowbank Lunch Club");
    ann.ok(&["edit", &lunch, "--amount", "32.00"]);
    let opts = Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
        accessible: false,
        color: false,
        who: "tester".into(),
    };
    let mut app = App::new(Workspace::at(&ann.root), opts, Some("pat"));
    // The register, its newest entry (the lunch club, edited), and its entry view.
    for k in [KeyCode::Char('2'), KeyCode::Home, KeyCode::Enter] {
        app.handle_key(KeyEvent::new(k, KeyModifiers::NONE));
    }
    let mut t = Terminal::new(TestBackend::new(100, 30)).unwrap();
    t.draw(|f| view::view(&app, f)).unwrap();
    let buf = t.backend().buffer().clone();
    let screen: String = (0..30)
        .map(|y| {
            let line: String = (0..100).map(|x| buf[(x, y)].symbol().to_string()).collect();
            format!("{}\n", line.trim_end())
        })
        .collect();
    // Both changes, newest first, each with its history ID, time and author.
    let history = ann.ok(&["history", "--entry", &ann.id_of("Meadowbank Lunch Club")]);
    assert_eq!(history.lines().count(), 2, "{history}");
    assert!(screen.contains("History:"), "{screen}");
    insta::assert_snapshot!("entry_view_with_history", screen);
}

#[test]
fn the_apps_sync_key_receives_the_teams_changes_and_reads_them() {
    use careledger::store::Workspace;
    use careledger::tui::{App, Options};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", Some("Ben Broker"));
    let opts = || Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
        accessible: false,
        color: false,
        who: "tester".into(),
    };
    // Ben has no changes of his own, so the sync is a fast-forward and needs no git identity
    // (the app runs git in this process, with its environment).
    let mut app = App::new(Workspace::at(&ben.root), opts(), Some("pat"));
    let entries = |app: &App| {
        app.open.as_ref().unwrap().files.journals[0]
            .transactions()
            .len()
    };
    assert_eq!(entries(&app), 2);
    ann.pay("2026-04-20", "Corner Shop", "12.34");
    ann.sync();
    app.handle_key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT));
    assert!(
        app.status
            .contains("Synced: received 1 change, sent 0 changes."),
        "{}",
        app.status
    );
    assert_eq!(entries(&app), 3, "the app read the merged journal");

    // In a workspace that is not shared the key says so and runs nothing.
    let plain = team.dir().join("plain");
    fs::create_dir_all(plain.join("holders/pat")).unwrap();
    for f in ["plan.toml", "ledger.journal"] {
        fs::copy(fixture("holder").join(f), plain.join("holders/pat").join(f)).unwrap();
    }
    let mut app = App::new(Workspace::at(&plain), opts(), Some("pat"));
    app.handle_key(KeyEvent::new(KeyCode::Char('S'), KeyModifiers::SHIFT));
    assert!(
        app.status.contains("This workspace is not shared"),
        "{}",
        app.status
    );
    assert!(!plain.join(".git").exists());
}

#[test]
fn the_apps_changes_and_its_undo_key_are_commits_in_a_shared_workspace() {
    use careledger::store::Workspace;
    use careledger::tui::{App, Options};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    // The app commits in this process: its author comes from careledger.toml, so the test
    // needs no git identity on the machine.
    fs::write(
        ann.root.join("careledger.toml"),
        "author = \"Ann Helper\"\n",
    )
    .unwrap();
    let opts = Options {
        today: chrono::NaiveDate::from_ymd_opt(2026, 4, 30).unwrap(),
        accessible: false,
        color: false,
        who: "tester".into(),
    };
    let mut app = App::new(Workspace::at(&ann.root), opts, Some("pat"));
    let press = |app: &mut App, c: KeyCode| app.handle_key(KeyEvent::new(c, KeyModifiers::NONE));
    // The register's newest entry (the lunch club) marked cleared, then the mark undone.
    for k in [KeyCode::Char('2'), KeyCode::Home, KeyCode::Char('c')] {
        press(&mut app, k);
    }
    assert!(ann.journal_text().contains("2026-04-08 * Meadowbank"));
    press(&mut app, KeyCode::Char('u'));
    press(&mut app, KeyCode::Char('y'));
    assert!(
        ann.journal_text().contains("2026-04-08 Meadowbank"),
        "{}",
        app.status
    );
    let log = ann.log();
    assert_eq!(
        log[..2],
        [
            "Ann Helper|Pat Fielding: took back the change just made (undo in the app)",
            "Ann Helper|Pat Fielding: marked the entry of 2026-04-08 to Meadowbank Lunch Club (£30.00) cleared",
        ],
        "{log:?}"
    );
}

#[test]
fn a_plan_value_changed_differently_on_both_sides_keeps_this_sides_and_is_listed() {
    let team = Team::new();
    let ann = team.first(Some("Ann Helper"));
    let ben = team.join("ben", Some("Ben Broker"));
    let allocate = |p: &Person, amount: &str| {
        p.ok(&[
            "plan",
            "allocation",
            "--outcome",
            "get-out",
            "--stream",
            "social-care",
            "--amount",
            amount,
        ])
    };
    allocate(&ann, "3000.00");
    allocate(&ben, "3500.00");
    ann.sync();
    let said = ben.sync();
    assert!(
        said.contains("1 clash:") && said.contains("holders/pat/plan.toml:"),
        "{said}"
    );
    let plan = fs::read_to_string(ben.root.join("holders/pat/plan.toml")).unwrap();
    assert!(
        plan.contains("allocation = { social-care = \"3500.00\" }"),
        "{plan}"
    );
    let last = plan.lines().last().unwrap();
    assert_eq!(
        last,
        "# clash: outcomes[get-out].allocation.social-care was changed on both sides; this file keeps \"3500.00\", the other side had \"3000.00\". Set the right value, then delete this line"
    );
    let check = ben.run(&["check"]);
    assert!(!check.status.success());
    let listed = String::from_utf8_lossy(&check.stdout);
    let line = plan.lines().count();
    assert!(
        listed.contains(&format!("plan.toml:{line}: a clash")),
        "{listed}"
    );
}
