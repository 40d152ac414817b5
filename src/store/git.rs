//! A shared workspace is a git repository: this module runs the person's own `git` program
//! on it (so their credentials, ssh settings and helpers work as they do for git itself) and
//! knows nothing of terminals or what the files mean.
//!
//! A workspace counts as shared when its folder holds `.git` and a `.gitattributes` naming
//! careledger's merge drivers (written by `share` and carried by every clone): telling needs
//! no git call, so a workspace that is not shared never runs git at all.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What `.gitattributes` says in a shared workspace: journals and plans are merged by
/// careledger (`careledger merge-driver`), never line by line.
pub const ATTRIBUTES: &str = "# careledger: merge journals entry by entry and plans key by key\n*.journal merge=careledger-journal\nplan.toml merge=careledger-plan\n";
/// What git is told to leave alone: locks, temporary files, and versions set aside.
pub const IGNORE: &str =
    "# careledger: what stays on this computer\n.lock\n.careledger-*\n*.outside-*\n";
const MARK: &str = "merge=careledger-journal";
/// Commit trailers careledger writes and reads back.
pub const HOLDER_TRAILER: &str = "Careledger-Holder";
pub const ENTRY_TRAILER: &str = "Careledger-Entry";
pub const BEFORE_TRAILER: &str = "Careledger-Before";
pub const UNDOES_TRAILER: &str = "Careledger-Undoes";

/// A git command that failed, with what git said.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{what}: {said}")]
pub struct GitError {
    pub what: String,
    /// The line of what git said that says why.
    pub said: String,
    /// All that git said.
    pub all: String,
}

pub type Result<T, E = GitError> = std::result::Result<T, E>;

/// The identity a commit is made as: a name careledger was given (the `author` setting or
/// `CARELEDGER_AUTHOR`), else git's own `user.name`/`user.email`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub name: Option<String>,
}

/// One commit, as `history` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub hash: String,
    pub author: String,
    /// When, as `YYYY-MM-DD HH:MM` in the time zone of the computer it was made on.
    pub when: String,
    pub subject: String,
    /// `Key: value` trailers, in order.
    pub trailers: Vec<(String, String)>,
    pub parents: usize,
}

impl Commit {
    pub fn trailer(&self, key: &str) -> impl Iterator<Item = &str> {
        self.trailers
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
    pub fn short(&self) -> &str {
        &self.hash[..self.hash.len().min(8)]
    }
}

#[derive(Debug, Clone)]
pub struct Repo {
    root: PathBuf,
    /// Whether git has an email for the person (asked once, when first needed).
    email: std::sync::OnceLock<bool>,
}

impl Repo {
    /// The workspace's repository when the workspace is shared (see the module note).
    pub fn shared(root: &Path) -> Option<Repo> {
        if !root.join(".git").is_dir() {
            return None;
        }
        let attrs = fs::read_to_string(root.join(".gitattributes")).ok()?;
        attrs.contains(MARK).then(|| Repo::at(root))
    }

    pub fn at(root: &Path) -> Repo {
        Repo {
            root: root.to_path_buf(),
            email: std::sync::OnceLock::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn command(&self, author: &Author) -> Command {
        let mut c = Command::new("git");
        // SAFETY: umask is async-signal-safe and touches nothing but the child's own mask.
        // Every file git makes in the workspace (a merged journal, a new person's folder,
        // its own objects, which hold the records too) is then readable by its owner only.
        unsafe {
            c.pre_exec(|| {
                libc::umask(0o077);
                Ok(())
            });
        }
        c.current_dir(&self.root)
            .stdin(Stdio::null())
            // Never stop to ask on a terminal that is not there; say why instead.
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C");
        if let Some(name) = &author.name {
            c.env("GIT_AUTHOR_NAME", name)
                .env("GIT_COMMITTER_NAME", name);
            // A name without an email is enough for careledger's commits.
            if std::env::var_os("GIT_AUTHOR_EMAIL").is_none() && !self.has_email() {
                c.env("GIT_AUTHOR_EMAIL", "").env("GIT_COMMITTER_EMAIL", "");
            }
        }
        c
    }

    fn has_email(&self) -> bool {
        *self.email.get_or_init(|| self.ask_email())
    }

    fn ask_email(&self) -> bool {
        Command::new("git")
            .current_dir(&self.root)
            .args(["config", "user.email"])
            .stdin(Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
    }

    /// Run git with `args`; its standard output, or what it said on failure.
    pub fn git<S: AsRef<OsStr>>(&self, author: &Author, args: &[S]) -> Result<String> {
        let what = || {
            // The command's own words, after any `-c name=value` given before it.
            let all: Vec<String> = args
                .iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned())
                .collect();
            let skip = if all.first().is_some_and(|a| a == "-c") {
                2
            } else {
                0
            };
            let words: Vec<String> = all.into_iter().skip(skip).take(2).collect();
            format!("git {}", words.join(" "))
        };
        let out = self
            .command(author)
            .args(args)
            .output()
            .map_err(|e| GitError {
                what: what(),
                said: format!("could not run git ({e}); is git installed?"),
                all: String::new(),
            })?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            let said = String::from_utf8_lossy(&out.stderr);
            let said = if said.trim().is_empty() {
                String::from_utf8_lossy(&out.stdout).into_owned()
            } else {
                said.into_owned()
            };
            Err(GitError {
                what: what(),
                said: one_line(&said),
                all: said,
            })
        }
    }

    /// Make the folder a repository (if it is not one) ready to share: careledger's
    /// attributes and ignore list, its merge drivers (run as `exe`), and the first commit.
    pub fn make_shared(&self, author: &Author, exe: &Path) -> Result<()> {
        if !self.root.join(".git").is_dir() {
            self.git(author, &["init", "--quiet"])?;
        }
        append_once(&self.root.join(".gitattributes"), ATTRIBUTES).map_err(io_error)?;
        append_once(&self.root.join(".gitignore"), IGNORE).map_err(io_error)?;
        self.register_drivers(author, exe)?;
        private(&self.root.join(".git")).map_err(io_error)?;
        self.git(author, &["add", "--all", "."])?;
        if !self.staged_nothing(author) {
            self.git(
                author,
                &[
                    "commit",
                    "--quiet",
                    "-m",
                    "Shared the workspace with careledger",
                ],
            )?;
        }
        Ok(())
    }

    fn staged_nothing(&self, author: &Author) -> bool {
        self.git(author, &["diff", "--cached", "--quiet"]).is_ok()
            && self
                .git(author, &["rev-parse", "--verify", "-q", "HEAD"])
                .is_ok()
    }

    /// Tell this clone's git to merge journals and plans with careledger (run as `exe`).
    pub fn register_drivers(&self, author: &Author, exe: &Path) -> Result<()> {
        let exe = shell_word(&exe.display().to_string());
        for (kind, name) in [
            ("journal", "careledger-journal"),
            ("plan", "careledger-plan"),
        ] {
            self.git(
                author,
                &[
                    "config",
                    &format!("merge.{name}.name"),
                    &format!("careledger's {kind} merge"),
                ],
            )?;
            self.git(
                author,
                &[
                    "config",
                    &format!("merge.{name}.driver"),
                    &format!("{exe} merge-driver {kind} %O %A %B %P"),
                ],
            )?;
        }
        Ok(())
    }

    /// Register the merge drivers again, run as `exe`, when those registered name a program
    /// that is no longer there (careledger was moved or reinstalled elsewhere): otherwise git
    /// could not merge a journal at all.
    pub fn keep_drivers(&self, exe: &Path) -> Result<()> {
        let registered = self
            .git(
                &Author::default(),
                &["config", "merge.careledger-journal.driver"],
            )
            .unwrap_or_default();
        let program = registered.trim().rsplitn(7, ' ').last().unwrap_or_default();
        let program = program.trim_matches('\'');
        if program.is_empty() || !Path::new(program).exists() {
            self.register_drivers(&Author::default(), exe)?;
        }
        Ok(())
    }

    /// Set the `origin` remote to `remote`.
    pub fn set_remote(&self, author: &Author, remote: &str) -> Result<()> {
        if self.git(author, &["remote", "get-url", "origin"]).is_ok() {
            self.git(author, &["remote", "set-url", "origin", remote])?;
        } else {
            self.git(author, &["remote", "add", "origin", remote])?;
        }
        Ok(())
    }

    /// Clone `remote` into `dir` (which must not be there yet, or be empty).
    pub fn clone_into(remote: &str, dir: &Path) -> Result<Repo> {
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let repo = Repo::at(parent);
        repo.git(
            &Author::default(),
            &[
                OsStr::new("clone"),
                OsStr::new("--quiet"),
                OsStr::new(remote),
                dir.as_os_str(),
            ],
        )?;
        private(dir).map_err(io_error)?;
        Ok(Repo::at(dir))
    }

    /// The current branch's name.
    pub fn branch(&self) -> Result<String> {
        Ok(self
            .git(&Author::default(), &["symbolic-ref", "--short", "HEAD"])?
            .trim()
            .to_string())
    }

    /// Commit exactly `paths` (relative to the workspace or absolute inside it) with
    /// `message`; `None` when they held nothing new.
    pub fn commit(
        &self,
        author: &Author,
        paths: &[PathBuf],
        message: &str,
    ) -> Result<Option<String>> {
        let rel: Vec<PathBuf> = paths.iter().map(|p| self.relative(p)).collect();
        let mut add: Vec<&OsStr> = vec![OsStr::new("add"), OsStr::new("--")];
        add.extend(rel.iter().map(|p| p.as_os_str()));
        self.git(&Author::default(), &add)?;
        // Two git runs a change: its cost is git starting, twice (see README).
        // core.abbrev=8: the ID git prints is a history ID (`careledger history`), 8 digits.
        let words = [
            "-c",
            "core.abbrev=8",
            "commit",
            "--no-verify",
            "--no-status",
            "-m",
            message,
            "--",
        ];
        let mut commit: Vec<&OsStr> = words.iter().map(OsStr::new).collect();
        commit.extend(rel.iter().map(|p| p.as_os_str()));
        match self.git(author, &commit) {
            // "[main 3fa2c81e] message": the new commit's ID.
            Ok(said) => Ok(said
                .split(']')
                .next()
                .and_then(|head| head.split_whitespace().last())
                .map(str::to_string)),
            Err(e) if e.all.contains("nothing to commit") || e.all.contains("no changes added") => {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Files changed, added or removed in the folder and not yet committed.
    pub fn uncommitted(&self) -> Result<Vec<String>> {
        let out = self.git(
            &Author::default(),
            &["status", "--porcelain", "-z", "--untracked-files=all"],
        )?;
        Ok(out
            .split('\0')
            .filter(|l| l.len() > 3)
            .map(|l| l[3..].to_string())
            .collect())
    }

    /// Commit every change in the folder (hand edits) with `message`.
    pub fn commit_all(&self, author: &Author, message: &str) -> Result<Option<String>> {
        self.git(author, &["add", "--all", "."])?;
        if self.git(author, &["diff", "--cached", "--quiet"]).is_ok() {
            return Ok(None);
        }
        self.git(author, &["commit", "--quiet", "--no-verify", "-m", message])?;
        Ok(Some(
            self.git(author, &["rev-parse", "HEAD"])?.trim().to_string(),
        ))
    }

    /// The commits (newest first) that touched `paths` (all when empty).
    pub fn log(&self, paths: &[PathBuf]) -> Result<Vec<Commit>> {
        if self
            .git(&Author::default(), &["rev-parse", "--verify", "-q", "HEAD"])
            .is_err()
        {
            return Ok(Vec::new());
        }
        let mut args: Vec<String> = vec![
            "log".into(),
            "--date=format:%Y-%m-%d %H:%M".into(),
            "--format=%H%x1f%P%x1f%an%x1f%ad%x1f%s%x1f%(trailers:only,unfold)%x1e".into(),
        ];
        if !paths.is_empty() {
            args.push("--".into());
            args.extend(paths.iter().map(|p| self.relative(p).display().to_string()));
        }
        let out = self.git(&Author::default(), &args)?;
        Ok(out
            .split('\x1e')
            .filter_map(|rec| {
                let f: Vec<&str> = rec.trim_start_matches('\n').split('\x1f').collect();
                let [hash, parents, author, when, subject, trailers] = f.as_slice() else {
                    return None;
                };
                Some(Commit {
                    hash: hash.to_string(),
                    parents: parents.split_whitespace().count(),
                    author: author.to_string(),
                    when: when.to_string(),
                    subject: subject.to_string(),
                    trailers: trailers
                        .lines()
                        .filter_map(|l| l.split_once(": "))
                        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                        .collect(),
                })
            })
            .collect())
    }

    /// The paths a commit changed (relative to the workspace).
    pub fn files_of(&self, hash: &str) -> Result<Vec<PathBuf>> {
        let out = self.git(
            &Author::default(),
            &["show", "--no-renames", "--format=", "--name-only", hash],
        )?;
        Ok(out
            .lines()
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect())
    }

    /// A file as it was at `rev` (`None`: not there then).
    pub fn show(&self, rev: &str, path: &Path) -> Result<Option<String>> {
        let spec = format!("{rev}:{}", self.relative(path).display());
        if self
            .git(&Author::default(), &["cat-file", "-e", &spec])
            .is_err()
        {
            return Ok(None);
        }
        self.git(&Author::default(), &["show", &spec]).map(Some)
    }

    /// The name commits are made as now.
    pub fn who(&self, author: &Author) -> Result<String> {
        if let Some(n) = &author.name {
            return Ok(n.clone());
        }
        let ident = self.git(author, &["var", "GIT_AUTHOR_IDENT"])?;
        Ok(ident
            .split('<')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string())
    }

    pub fn relative(&self, p: &Path) -> PathBuf {
        p.strip_prefix(&self.root).unwrap_or(p).to_path_buf()
    }
}

/// The first meaningful line of what git said, without its `fatal:`/`error:` prefix.
fn one_line(said: &str) -> String {
    let lines: Vec<&str> = said
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let first = lines
        .iter()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or(lines.first())
        .copied()
        .unwrap_or("git failed without saying why");
    first
        .trim_start_matches("fatal:")
        .trim_start_matches("error:")
        .trim()
        .to_string()
}

fn io_error(e: std::io::Error) -> GitError {
    GitError {
        what: "setting up the shared workspace".into(),
        said: e.to_string(),
        all: String::new(),
    }
}

/// Add `text` to the file unless it already holds it.
fn append_once(path: &Path, text: &str) -> std::io::Result<()> {
    let old = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    if old.contains(text) {
        return Ok(());
    }
    let mut new = old;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(text);
    fs::write(path, new)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

/// Take group and other permissions off a folder and everything in it (git makes its files
/// readable by everyone; they hold the records too).
pub fn private(dir: &Path) -> std::io::Result<()> {
    let meta = fs::symlink_metadata(dir)?;
    if meta.file_type().is_symlink() {
        return Ok(());
    }
    let mode = meta.permissions().mode();
    if mode & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(mode & !0o077))?;
    }
    if meta.is_dir() {
        for entry in fs::read_dir(dir)? {
            private(&entry?.path())?;
        }
    }
    Ok(())
}

/// A word the shell that git runs a merge driver with reads back as `text`.
fn shell_word(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c))
    {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// What `careledger merge-driver KIND BASE OURS THEIRS` does for git: merge the three
/// versions (a journal entry by entry, a plan key by key) and write the result over `ours`,
/// as git asks. Returns how many clashes the result holds.
pub fn merge_driver(kind: &str, base: &Path, ours: &Path, theirs: &Path) -> Result<usize, String> {
    let read = |p: &Path| fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let (b, o, t) = (read(base)?, read(ours)?, read(theirs)?);
    let merged = match kind {
        "journal" => crate::core::merge::journal(b, o, t)?,
        "plan" => crate::core::merge::plan(&b, &o, &t)?,
        other => return Err(format!("there is no \"{other}\" merge; journal or plan")),
    };
    fs::write(ours, &merged.text).map_err(|e| format!("{}: {e}", ours.display()))?;
    Ok(merged.clashes)
}
