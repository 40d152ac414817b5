//! Files attacked through their neighbours, and files that outgrow careledger's own limit,
//! through the real binary (and the store's API where the binary cannot reach):
//!
//! - a `.lock` that is a link to someone else's journal is refused, never truncated;
//! - no report is saved over a workspace data file, even with `--force`;
//! - a read-only file is left alone; a replaced file keeps its mode and owner;
//! - `holder new` that fails half-way leaves no half-made person;
//! - no write makes a file larger than careledger will read back.
//!
//! Outside programs editing a journal while careledger saves it: `outside_edit.rs`.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use careledger::store::{Fingerprint, MAX_FILE_BYTES, MAX_PLAN_BYTES, StoreError, Workspace};

mod support;
use support::{CARELEDGER, demo_workspace};

fn careledger(ws: &Path) -> Command {
    let mut c = Command::new(CARELEDGER);
    c.arg("--data")
        .arg(ws)
        .args(["--today", "2026-10-15"])
        .stdin(Stdio::null())
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1");
    c
}

fn add(ws: &Path, holder: &str, payee: &str) -> Output {
    careledger(ws)
        .args(["--holder", holder, "add", "--date", "2026-10-14"])
        .args([
            "--payee",
            payee,
            "--outcome",
            "see-friends",
            "--amount",
            "1.00",
        ])
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn mode(path: &Path) -> u32 {
    fs::symlink_metadata(path).unwrap().permissions().mode() & 0o7777
}

// ---------------------------------------------------------------------------------------
// Lock files

#[test]
fn a_lock_file_that_is_a_link_to_another_journal_is_refused_and_that_journal_kept() {
    for kind in ["symbolic link", "hard link"] {
        let (_tmp, ws) = demo_workspace();
        let ann = ws.join("holders/ann");
        let bens = ws.join("holders/ben/ledger.journal");
        let ben_before = fs::read(&bens).unwrap();
        let ann_before = fs::read(ann.join("ledger.journal")).unwrap();
        let lock = ann.join(".lock");
        let _ = fs::remove_file(&lock);
        if kind == "symbolic link" {
            symlink(&bens, &lock).unwrap();
        } else {
            fs::hard_link(&bens, &lock).unwrap();
        }

        let out = add(&ws, "ann", "Through the lock");
        let said = stderr(&out);
        assert!(!out.status.success(), "{kind}: add went ahead: {said}");
        assert!(
            said.contains(".lock") && said.contains("lock file"),
            "{kind}: {said}"
        );
        assert_eq!(said.lines().count(), 1, "{kind}: {said}");
        assert_eq!(
            fs::read(&bens).unwrap(),
            ben_before,
            "{kind}: ben's journal"
        );
        assert_eq!(
            fs::read(ann.join("ledger.journal")).unwrap(),
            ann_before,
            "{kind}: ann's journal"
        );

        // Doing what the message says puts things right, still without touching ben.
        assert!(said.contains("rm "), "{kind}: says what to do: {said}");
        fs::remove_file(&lock).unwrap();
        let out = add(&ws, "ann", "After the fix");
        assert!(out.status.success(), "{kind}: {}", stderr(&out));
        assert_eq!(
            fs::read(&bens).unwrap(),
            ben_before,
            "{kind}: ben's journal"
        );
    }
}

#[test]
fn a_lock_file_that_holds_more_than_a_lock_note_is_not_truncated() {
    let (_tmp, ws) = demo_workspace();
    let lock = ws.join("holders/ann/.lock");
    // Someone's records moved over the lock's name: a regular file, one link, but not a note.
    let theirs = fs::read(ws.join("holders/ben/ledger.journal")).unwrap();
    fs::write(&lock, &theirs).unwrap();
    let out = add(&ws, "ann", "Over the notes");
    assert!(!out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("lock file"), "{}", stderr(&out));
    assert_eq!(fs::read(&lock).unwrap(), theirs);
}

// ---------------------------------------------------------------------------------------
// Reports

#[test]
fn a_report_is_never_saved_over_the_workspace_files() {
    let (tmp, ws) = demo_workspace();
    let ann = ws.join("holders/ann");
    fs::write(ws.join("careledger.toml"), "author = \"Sam\"\n").unwrap();
    // An included journal, under a name that does not end in .journal.
    let journal = ann.join("ledger.journal");
    let mut text = fs::read_to_string(&journal).unwrap();
    text.push_str("\ninclude archive/2025.ledger\n");
    fs::write(&journal, text).unwrap();
    fs::create_dir(ann.join("archive")).unwrap();
    fs::write(ann.join("archive/2025.ledger"), "; last year\n").unwrap();
    assert!(add(&ws, "ann", "Makes the lock").status.success());
    // The same folder reached through a link from outside the workspace.
    let linked = tmp.path().join("reports");
    symlink(&ann, &linked).unwrap();

    let targets: Vec<(PathBuf, &str)> = vec![
        (ann.join("ledger.journal"), "ann's journal"),
        (ann.join("plan.toml"), "ann's plan"),
        (ann.join(".lock"), "lock"),
        (ann.join("archive/2025.ledger"), "included"),
        (ws.join("holders/ben/ledger.journal"), "ben's journal"),
        (ws.join("holders/ben/notes.journal"), "journal"),
        (ws.join("careledger.toml"), "settings"),
        (linked.join("ledger.journal"), "ann's journal"),
        (linked.join("./plan.toml"), "ann's plan"),
    ];
    for (target, words) in &targets {
        let before = fs::read(target).ok();
        let out = careledger(&ws)
            .args(["--holder", "ann", "report", "expected", "--format", "csv"])
            .arg("--output")
            .arg(target)
            .arg("--force")
            .output()
            .unwrap();
        let said = stderr(&out);
        let what = target.display();
        assert!(!out.status.success(), "report saved over {what}");
        assert!(said.contains(words), "{what}: {said}");
        assert!(said.contains("careledger's own files"), "{what}: {said}");
        assert_eq!(fs::read(target).ok(), before, "{what} changed");
    }

    // Anywhere else is fine, the holder's folder included.
    for target in [ann.join("expected.csv"), tmp.path().join("expected.csv")] {
        for _ in 0..2 {
            let out = careledger(&ws)
                .args(["--holder", "ann", "report", "expected", "--format", "csv"])
                .arg("--output")
                .arg(&target)
                .arg("--force")
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", stderr(&out));
        }
    }
    let out = careledger(&ws).arg("check").output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

// ---------------------------------------------------------------------------------------
// Modes and owners

#[test]
fn a_read_only_journal_or_plan_is_left_as_it_is() {
    let (_tmp, ws) = demo_workspace();
    let journal = ws.join("holders/ann/ledger.journal");
    let before = fs::read(&journal).unwrap();
    fs::set_permissions(&journal, fs::Permissions::from_mode(0o400)).unwrap();
    let out = add(&ws, "ann", "Into a read-only file");
    let said = stderr(&out);
    assert!(!out.status.success(), "wrote a read-only journal");
    assert!(
        said.contains("ledger.journal is read-only") && said.contains("nothing was written"),
        "{said}"
    );
    assert!(said.contains("chmod u+w"), "says how to allow it: {said}");
    assert_eq!(fs::read(&journal).unwrap(), before);
    assert_eq!(mode(&journal), 0o400);

    let plan = ws.join("holders/ann/plan.toml");
    let before = fs::read(&plan).unwrap();
    fs::set_permissions(&plan, fs::Permissions::from_mode(0o444)).unwrap();
    let out = careledger(&ws)
        .args([
            "--holder",
            "ann",
            "plan",
            "review",
            "2",
            "--date",
            "2027-03-19",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success(), "wrote a read-only plan");
    assert!(stderr(&out).contains("plan.toml is read-only"), "{out:?}");
    assert_eq!(fs::read(&plan).unwrap(), before);
    assert_eq!(mode(&plan), 0o444);
}

#[test]
fn a_replaced_file_keeps_its_mode_and_owner() {
    let (_tmp, ws) = demo_workspace();
    let journal = ws.join("holders/ann/ledger.journal");
    // Shared with a group on purpose: careledger keeps what the person chose.
    fs::set_permissions(&journal, fs::Permissions::from_mode(0o640)).unwrap();
    let out = add(&ws, "ann", "Keeps the mode");
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(mode(&journal), 0o640);

    if !is_root() {
        eprintln!("SKIPPED: not root, so the journal cannot be given to another user here");
        return;
    }
    let c = std::ffi::CString::new(journal.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::chown(c.as_ptr(), 4321, 4322) }, 0);
    let out = add(&ws, "ann", "Keeps the owner");
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = fs::metadata(&journal).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (4321, 4322), "the owner changed");
    assert_eq!(mode(&journal), 0o640);
    assert!(
        fs::read_to_string(&journal)
            .unwrap()
            .contains("Keeps the owner")
    );
}

/// When careledger may not give the new version the old one's owner, it writes nothing
/// (as another user, which the test can arrange only as root).
#[test]
fn a_file_whose_owner_cannot_be_kept_is_left_as_it_is() {
    if !is_root() {
        eprintln!("SKIPPED: only root can run careledger as another user here");
        return;
    }
    let (tmp, ws) = demo_workspace();
    let ann = ws.join("holders/ann");
    let journal = ann.join("ledger.journal");
    // Everyone may go in and write in the folder, and read and write the journal (root's).
    for dir in [tmp.path(), ws.as_path(), ws.join("holders").as_path(), &ann] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).unwrap();
    }
    let _ = fs::remove_file(ann.join(".lock"));
    fs::set_permissions(&journal, fs::Permissions::from_mode(0o666)).unwrap();
    fs::set_permissions(ann.join("plan.toml"), fs::Permissions::from_mode(0o644)).unwrap();
    let before = fs::read(&journal).unwrap();
    let out = careledger(&ws)
        .args(["--holder", "ann", "add", "--date", "2026-10-14"])
        .args([
            "--payee",
            "As nobody",
            "--outcome",
            "see-friends",
            "--amount",
            "1.00",
        ])
        .uid(65534)
        .gid(65534)
        .env("HOME", tmp.path())
        .output()
        .unwrap();
    let said = stderr(&out);
    assert!(!out.status.success(), "replaced root's journal as nobody");
    assert!(
        said.contains("belongs to another user") && said.contains("nothing was written"),
        "{said}"
    );
    assert_eq!(fs::read(&journal).unwrap(), before);
    assert_eq!(fs::metadata(&journal).unwrap().uid(), 0);
}

// ---------------------------------------------------------------------------------------
// A new person, all or nothing

fn holder_new(ws: &Path, id: &str) -> Command {
    let mut c = careledger(ws);
    c.args([
        "holder",
        "new",
        id,
        "--name",
        "Zed Example",
        "--start",
        "2026-04-01",
    ])
    .args([
        "--stream",
        "social-care",
        "--funder",
        "Westdale Borough Council",
    ])
    .args(["--amount", "1760.00"]);
    c
}

#[test]
fn holder_new_that_fails_half_way_leaves_no_half_made_person() {
    // How large the two files are, from a run that works.
    let (_t, scratch) = demo_workspace();
    let out = holder_new(&scratch, "zed").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let size = |f: &str| {
        fs::metadata(scratch.join("holders/zed").join(f))
            .unwrap()
            .len()
    };
    let (journal, plan) = (size("ledger.journal"), size("plan.toml"));
    assert!(
        journal < plan,
        "the test needs the journal to be the smaller"
    );

    // A file-size limit between the two: the first file is written, the second cannot be.
    let (_tmp, ws) = demo_workspace();
    let limit = (journal + plan) / 2;
    let mut cmd = holder_new(&ws, "zed");
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let lim = libc::rlimit {
                rlim_cur: limit,
                rlim_max: limit,
            };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let out = cmd.output().unwrap();
    assert!(
        !out.status.success(),
        "holder new succeeded under the limit"
    );
    let zed = ws.join("holders/zed");
    let left: Vec<String> = fs::read_dir(ws.join("holders"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n == "zed")
        .collect();
    assert!(
        left.is_empty() && !zed.exists(),
        "a failed holder new left {left:?}: {:?}",
        fs::read_dir(&zed).map(|d| d.count())
    );

    // Trying again works, and the person is whole.
    let out = holder_new(&ws, "zed").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(zed.join("plan.toml").is_file() && zed.join("ledger.journal").is_file());
    assert_eq!(mode(&zed), 0o700);
    let out = careledger(&ws).arg("check").output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

// ---------------------------------------------------------------------------------------
// Limits

#[test]
fn no_write_makes_a_file_careledger_would_not_read_back() {
    let (_tmp, root) = demo_workspace();
    let ws = Workspace::at(&root);
    let journal = root.join("holders/ann/ledger.journal");
    let before = fs::read(&journal).unwrap();

    // A journal one byte over the limit, of lines careledger would otherwise accept.
    let line = format!("; {}\n", "x".repeat(1021));
    let mut big = String::with_capacity(MAX_FILE_BYTES as usize + line.len());
    big.push_str(std::str::from_utf8(&before).unwrap());
    while (big.len() as u64) <= MAX_FILE_BYTES {
        big.push_str(&line);
    }
    big.truncate(MAX_FILE_BYTES as usize);
    big.push('\n');
    assert_eq!(big.len() as u64, MAX_FILE_BYTES + 1);
    let e = match ws.change_journal("ann", "test", |_| {
        Ok::<_, StoreError>((Some(std::mem::take(&mut big)), ()))
    }) {
        Ok(_) => panic!("a journal of {} bytes was written", MAX_FILE_BYTES + 1),
        Err(e) => e,
    };
    let said = e.to_string();
    assert!(
        said.contains("ledger.journal")
            && said.contains("more than careledger reads in one file")
            && said.contains("nothing was written"),
        "{said}"
    );
    assert_eq!(fs::read(&journal).unwrap(), before);

    // A plan has its own, smaller limit, and the same holds.
    let plan = root.join("holders/ann/plan.toml");
    let (text, fp) = careledger::store::read_text(&plan).unwrap();
    let huge = format!("{text}# {}\n", "y".repeat(MAX_PLAN_BYTES as usize));
    let e = ws
        .replace_file("ann", &plan, &huge, &fp, "test")
        .unwrap_err();
    assert!(e.to_string().contains("more than careledger reads"), "{e}");
    assert_eq!(fs::read_to_string(&plan).unwrap(), text);
    assert!(ws.load_holder("ann").is_ok());

    // A new file is refused the same way, before anything is created.
    let report = root.join("big.txt");
    let zeros = vec![0u8; MAX_FILE_BYTES as usize + 1];
    let e = careledger::store::write_atomic(&report, &zeros, &Fingerprint::absent()).unwrap_err();
    assert!(e.to_string().contains("more than careledger reads"), "{e}");
    assert!(!report.exists());
}
