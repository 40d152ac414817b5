//! Faults and bad input, through the real binary: careledger killed mid-write, hostile files
//! in place of a holder's data, and the privacy of what it writes.
//!
//! - **Crash safety**: `add` is SIGKILLed at random moments, at least [`KILLS`] times while
//!   running. After each kill the journal is the old version or the old one plus the new
//!   entry, never anything else; the plan is untouched; every entry whose `add` exited 0 is
//!   there exactly once.
//! - **Hostile files**: each gets a one-line refusal naming the file, memory stays bounded
//!   (the child's peak RSS, from `wait4`), and no byte or timestamp in the holder's folder
//!   changes.
//! - **Privacy**: files careledger creates are 0600 and folders 0700; an existing workspace
//!   others can read gets a warning; panic reports leave out what was being worked on.
//!
//! Concurrency (two racing writers) lives in `race.rs`.
//!
//! `FAULTS_SEED=N cargo test --test faults` repeats a run's kill moments.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use careledger::core::journal::Journal;

mod support;
use support::{CARELEDGER, demo_workspace};

/// How many times `add` must be killed while still running.
const KILLS: usize = 200;
/// Peak memory a refusal may use: far below the files it refuses.
const RSS_LIMIT_KB: i64 = 64 * 1024;

fn careledger(ws: &Path) -> Command {
    let mut c = Command::new(CARELEDGER);
    c.arg("--data")
        .arg(ws)
        .args(["--today", "2026-10-15"])
        .stdin(Stdio::null())
        .env_remove("CARELEDGER_DATA");
    c
}

fn add_args(payee: &str) -> Vec<String> {
    [
        "--holder",
        "ann",
        "add",
        "--date",
        "2026-10-14",
        "--payee",
        payee,
        "--outcome",
        "see-friends",
        "--amount",
        "2.50",
        "--receipt",
        "R-KILL",
    ]
    .map(String::from)
    .to_vec()
}

/// A small repeatable generator for kill moments (SplitMix64).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n.max(1)
    }
}

fn payees(j: &Journal) -> Vec<&str> {
    j.transactions().iter().map(|t| j.payee(t)).collect()
}

#[test]
fn sigkill_at_random_moments_never_tears_a_file_or_loses_an_acknowledged_entry() {
    let (_tmp, ws) = demo_workspace();
    let dir = ws.join("holders/ann");
    let journal = dir.join("ledger.journal");
    let plan = dir.join("plan.toml");
    let plan_before = fs::read(&plan).unwrap();

    // How long one add takes here, so kills land anywhere from start-up to the rename.
    let mut took = Vec::new();
    for i in 0..5 {
        let t = Instant::now();
        let out = careledger(&ws)
            .args(add_args(&format!("Warm-up {i}")))
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        took.push(t.elapsed());
    }
    took.sort();
    let typical = took[2].as_micros() as u64;
    let seed = std::env::var("FAULTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    eprintln!("FAULTS_SEED={seed}; one add takes about {typical} µs here");
    let mut rng = Rng(seed);

    let mut acknowledged: Vec<String> = (0..5).map(|i| format!("Warm-up {i}")).collect();
    let (mut kills, mut completed, mut unchanged, mut appended) = (0, 0, 0, 0);
    let mut attempt = 0;
    while kills < KILLS {
        attempt += 1;
        assert!(
            attempt < 20 * KILLS,
            "only {kills} of {attempt} adds were still running when killed"
        );
        let old = fs::read(&journal).unwrap();
        let payee = format!("Kill {attempt}");
        let mut child = careledger(&ws)
            .args(add_args(&payee))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rng.below(typical * 13 / 10 + 1)));
        let _ = child.kill(); // SIGKILL; harmless if it has already exited
        let status = child.wait().unwrap();
        match status.signal() {
            Some(9) => kills += 1,
            _ if status.success() => {
                completed += 1;
                acknowledged.push(payee.clone());
            }
            _ => panic!("add failed without being killed: {status:?}"),
        }

        let new = fs::read(&journal).unwrap();
        let text = String::from_utf8(new.clone()).expect("journal is UTF-8 after a kill");
        let j = Journal::parse(text).unwrap_or_else(|e| {
            panic!("journal unreadable after kill {attempt} (seed {seed}): {e}")
        });
        if new == old {
            unchanged += 1;
            assert!(
                !status.success(),
                "add {payee} exited 0 but its entry is missing"
            );
        } else {
            appended += 1;
            assert!(
                new.starts_with(&old),
                "kill {attempt} (seed {seed}) changed existing bytes"
            );
            let old_count = Journal::parse(String::from_utf8(old).unwrap())
                .unwrap()
                .transactions()
                .len();
            assert_eq!(
                &payees(&j)[old_count..],
                [payee.as_str()],
                "the new version has exactly the one new entry"
            );
        }
        assert_eq!(fs::read(&plan).unwrap(), plan_before, "the plan changed");
        let all = payees(&j);
        for p in &acknowledged {
            assert_eq!(
                all.iter().filter(|q| *q == p).count(),
                1,
                "acknowledged entry {p} lost or doubled (seed {seed})"
            );
        }
    }
    eprintln!(
        "{attempt} adds: {kills} killed while running ({unchanged} left the old journal, \
         {} the new one), {completed} finished first",
        appended - completed
    );

    // What a kill leaves behind (temporary files, a stale lock note) never stops the next
    // reader or writer.
    let leftovers = fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    eprintln!("{leftovers} temporary files left by killed writers");
    let out = careledger(&ws).args(["check"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let out = careledger(&ws).args(add_args("After")).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    // The next writer, holding the lock, clears them away.
    let left = fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.starts_with(".careledger-") && name.ends_with(".tmp")
        })
        .count();
    assert_eq!(left, 0, "temporary files survived the next write");
}

// ---------------------------------------------------------------------------------------
// Hostile files

/// Every file under `dir` (not following links): its bytes or link target, mtime and mode.
/// The lock note is left out: taking the lock is not writing data.
type Snapshot = BTreeMap<PathBuf, (Vec<u8>, i64, i64, u32)>;

fn snapshot(dir: &Path) -> Snapshot {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            let meta = fs::symlink_metadata(&path).unwrap();
            if path.file_name().is_some_and(|n| n == ".lock") {
                continue;
            }
            let content = if meta.file_type().is_symlink() {
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes()
            } else if meta.is_dir() {
                stack.push(path.clone());
                Vec::new()
            } else if !meta.is_file() {
                // A FIFO: opening it would wait for a writer.
                Vec::new()
            } else if meta.len() > 64 * 1024 * 1024 {
                // The sparse giant: its size and times say enough.
                meta.len().to_le_bytes().to_vec()
            } else {
                fs::read(&path).unwrap()
            };
            out.insert(
                path,
                (content, meta.mtime(), meta.mtime_nsec(), meta.mode()),
            );
        }
    }
    out
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    max_rss_kb: i64,
}

/// Run careledger and report its peak memory (from `wait4`, which also reaps the child),
/// killing it if it hangs.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std cannot see
fn run_measured(ws: &Path, args: &[&str]) -> Run {
    let mut child = careledger(ws)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = Vec::new();
            let _ = r.read_to_end(&mut s);
            String::from_utf8_lossy(&s).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let pid = child.id() as libc::pid_t;
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: `pid` is our own unreaped child; the pointers are to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert_eq!(r, 0, "wait4 failed");
        if Instant::now() > deadline {
            // SAFETY: as above; the child is ours and not yet reaped.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("careledger {args:?} hung for 30 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Run {
        code: libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status)),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        max_rss_kb: usage.ru_maxrss,
    }
}

/// Every command that reads the holder refuses, in one line naming `file`, within bounded
/// memory, and changes nothing in the workspace.
fn assert_refused(ws: &Path, file: &str, words: &str) {
    let before = snapshot(ws);
    let commands: [&[&str]; 4] = [
        &["check"],
        &["--holder", "ann", "summary"],
        &["--holder", "ann", "list"],
        &[
            "--holder",
            "ann",
            "add",
            "--date",
            "2026-10-14",
            "--payee",
            "Hostile Test",
            "--outcome",
            "see-friends",
            "--amount",
            "1.00",
        ],
    ];
    for args in commands {
        let r = run_measured(ws, args);
        let what = format!("careledger {args:?} with a hostile {file}");
        assert_ne!(r.code, Some(0), "{what} succeeded: {}", r.stdout);
        assert!(r.code.is_some(), "{what} crashed: {}", r.stderr);
        // `check` reports on stdout, the others on stderr; either way, briefly.
        let said = format!("{}{}", r.stdout, r.stderr);
        assert!(
            r.stderr.lines().count() == 1 && r.stderr.len() < 1000,
            "{what}: not one short line: {:?}",
            &r.stderr[..r.stderr.len().min(2000)]
        );
        assert!(said.contains(file), "{what} did not name {file}: {said}");
        assert!(said.contains(words), "{what} did not say {words:?}: {said}");
        assert!(!r.stderr.contains("panicked"), "{what} panicked: {said}");
        assert!(
            r.max_rss_kb < RSS_LIMIT_KB,
            "{what} peaked at {} KB",
            r.max_rss_kb
        );
    }
    assert!(
        snapshot(ws) == before,
        "a refused command changed the workspace"
    );
}

fn ann(ws: &Path) -> PathBuf {
    ws.join("holders/ann")
}

#[test]
fn a_sparse_1_gb_journal_is_refused_without_being_read() {
    let (_tmp, ws) = demo_workspace();
    let f = fs::OpenOptions::new()
        .write(true)
        .open(ann(&ws).join("ledger.journal"))
        .unwrap();
    f.set_len(1 << 30).unwrap(); // sparse: costs no disk
    drop(f);
    assert_refused(&ws, "ledger.journal", "more than careledger will read");
}

#[test]
fn a_sparse_1_gb_plan_is_refused_without_being_read() {
    let (_tmp, ws) = demo_workspace();
    let f = fs::OpenOptions::new()
        .write(true)
        .open(ann(&ws).join("plan.toml"))
        .unwrap();
    f.set_len(1 << 30).unwrap();
    drop(f);
    assert_refused(&ws, "plan.toml", "more than careledger will read");
}

#[test]
fn a_huge_single_line_is_refused() {
    let (_tmp, ws) = demo_workspace();
    let path = ann(&ws).join("ledger.journal");
    let mut text = fs::read_to_string(&path).unwrap();
    // 8 MB of one word, no newline: not a journal line, and far too long to quote back.
    text.push_str(&"x".repeat(8 << 20));
    fs::write(&path, text).unwrap();
    assert_refused(&ws, "ledger.journal", "long");

    // The same inside a comment, which would otherwise be read and kept.
    let (_tmp2, ws2) = demo_workspace();
    let path = ann(&ws2).join("ledger.journal");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str("; ");
    text.push_str(&"y".repeat(8 << 20));
    text.push('\n');
    fs::write(&path, text).unwrap();
    assert_refused(&ws2, "ledger.journal", "long");
}

#[test]
fn a_huge_plan_is_refused() {
    let (_tmp, ws) = demo_workspace();
    let path = ann(&ws).join("plan.toml");
    let mut text = fs::read_to_string(&path).unwrap();
    text.push_str(&format!("# {}\n", "z".repeat(4 << 20)));
    fs::write(&path, text).unwrap();
    assert_refused(&ws, "plan.toml", "more than careledger will read");
}

fn append(path: &Path, extra: &str) {
    let mut text = fs::read_to_string(path).unwrap_or_default();
    text.push_str(extra);
    fs::write(path, text).unwrap();
}

#[test]
fn deep_include_chains_are_refused() {
    let (_tmp, ws) = demo_workspace();
    let dir = ann(&ws);
    append(&dir.join("ledger.journal"), "\ninclude part-0.journal\n");
    for i in 0..40 {
        fs::write(
            dir.join(format!("part-{i}.journal")),
            format!("include part-{}.journal\n", i + 1),
        )
        .unwrap();
    }
    fs::write(dir.join("part-40.journal"), "; the end\n").unwrap();
    assert_refused(&ws, ".journal", "files deep");
}

#[test]
fn include_loops_are_refused() {
    let (_tmp, ws) = demo_workspace();
    let dir = ann(&ws);
    append(&dir.join("ledger.journal"), "\ninclude a.journal\n");
    fs::write(dir.join("a.journal"), "include b.journal\n").unwrap();
    fs::write(dir.join("b.journal"), "include a.journal\n").unwrap();
    assert_refused(&ws, "b.journal", "include loop");

    let (_tmp2, ws2) = demo_workspace();
    append(
        &ann(&ws2).join("ledger.journal"),
        "\ninclude ledger.journal\n",
    );
    assert_refused(&ws2, "ledger.journal", "include loop");
}

#[test]
fn includes_outside_the_holders_folder_are_refused() {
    for (target, setup) in [
        ("../ben/ledger.journal", false),
        ("/etc/passwd", false),
        ("./escape.journal", true),
    ] {
        let (_tmp, ws) = demo_workspace();
        let dir = ann(&ws);
        if setup {
            // A link inside the folder that leads out of it.
            symlink(
                ws.join("holders/ben/ledger.journal"),
                dir.join("escape.journal"),
            )
            .unwrap();
        }
        append(
            &dir.join("ledger.journal"),
            &format!("\ninclude {target}\n"),
        );
        assert_refused(&ws, "ledger.journal", "outside the holder's folder");
    }
}

#[test]
fn invalid_utf8_is_refused_with_its_place() {
    for file in ["ledger.journal", "plan.toml"] {
        let (_tmp, ws) = demo_workspace();
        let path = ann(&ws).join(file);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"\n# caf\xe9 \xff\xfe\n");
        fs::write(&path, bytes).unwrap();
        assert_refused(&ws, file, "not UTF-8");
    }
}

#[test]
fn symlinks_in_place_of_data_files_are_refused() {
    for file in ["ledger.journal", "plan.toml"] {
        let (tmp, ws) = demo_workspace();
        let path = ann(&ws).join(file);
        let elsewhere = tmp.path().join(format!("elsewhere-{file}"));
        fs::rename(&path, &elsewhere).unwrap();
        symlink(&elsewhere, &path).unwrap();
        let target_before = fs::read(&elsewhere).unwrap();
        assert_refused(&ws, file, "symbolic link");
        assert_eq!(fs::read(&elsewhere).unwrap(), target_before);
    }
}

#[test]
fn a_fifo_in_place_of_the_journal_is_refused_without_hanging() {
    let (_tmp, ws) = demo_workspace();
    let path = ann(&ws).join("ledger.journal");
    fs::remove_file(&path).unwrap();
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    assert_refused(&ws, "ledger.journal", "not an ordinary file");
}

// ---------------------------------------------------------------------------------------
// Privacy

fn modes(root: &Path) -> Vec<(PathBuf, u32)> {
    let mut out = vec![(
        root.to_path_buf(),
        fs::metadata(root).unwrap().permissions().mode() & 0o777,
    )];
    for (path, (_, _, _, mode)) in snapshot(root) {
        out.push((path, mode & 0o777));
    }
    let lock = root.join("holders/ann/.lock");
    if lock.exists() {
        out.push((
            lock.clone(),
            fs::metadata(&lock).unwrap().permissions().mode() & 0o777,
        ));
    }
    out
}

fn assert_private(root: &Path) {
    for (path, mode) in modes(root) {
        let want = if path.is_dir() { 0o700 } else { 0o600 };
        assert_eq!(mode, want, "{} is {mode:o}", path.display());
    }
}

#[test]
fn what_careledger_creates_is_readable_by_its_owner_only() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("fresh");
    let ok = |args: &[&str]| {
        let out = careledger(&ws).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        assert!(out.stderr.is_empty(), "{args:?}: {out:?}");
    };
    ok(&["init"]);
    ok(&[
        "holder",
        "new",
        "ann",
        "--name",
        "Ann Example",
        "--start",
        "2026-04-01",
        "--stream",
        "social-care",
        "--funder",
        "Westdale Borough Council",
        "--amount",
        "1760.00",
    ]);
    ok(&[
        "--holder",
        "ann",
        "add",
        "--date",
        "2026-04-02",
        "--payee",
        "Mary Jones",
        "--amount",
        "50.00",
        "--category",
        "pa-wages",
    ]);
    assert_private(&ws);

    let (_tmp, demo_ws) = demo_workspace();
    assert_private(&demo_ws);
}

#[test]
fn a_workspace_others_can_read_gets_a_warning() {
    let (_tmp, ws) = demo_workspace();
    let summary = |ws: &Path| careledger(ws).args(["summary"]).output().unwrap();
    let quiet = summary(&ws);
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "a private workspace got: {}",
        String::from_utf8_lossy(&quiet.stderr)
    );

    let journal = ann(&ws).join("ledger.journal");
    fs::set_permissions(&journal, fs::Permissions::from_mode(0o644)).unwrap();
    let out = summary(&ws);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the warning must not stop the work");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("other") && stderr.contains("chmod"),
        "{stderr}"
    );
    assert!(stderr.contains("ledger.journal"), "{stderr}");

    fs::set_permissions(&journal, fs::Permissions::from_mode(0o600)).unwrap();
    fs::set_permissions(&ws, fs::Permissions::from_mode(0o755)).unwrap();
    let out = summary(&ws);
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning"));
}

#[test]
fn panic_reports_leave_out_personal_data() {
    static REPORT: Mutex<Option<String>> = Mutex::new(None);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        *REPORT.lock().unwrap() = Some(careledger::cli::panic_report(info));
    }));
    let caught = std::panic::catch_unwind(|| {
        panic!("payee Ann Whitaker, NHS number 999 345 6780, note: fell on the stairs")
    });
    std::panic::set_hook(previous);
    assert!(caught.is_err());
    let report = REPORT.lock().unwrap().take().expect("the hook ran");
    for secret in ["Ann", "999", "stairs"] {
        assert!(!report.contains(secret), "{report}");
    }
    assert!(report.contains("faults.rs"), "says where: {report}");
}
