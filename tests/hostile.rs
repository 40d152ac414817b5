//! Hostile input, through the binary: a "statement" that is a FIFO or never ends; control
//! characters (ESC sequences such as OSC 52, which writes to the clipboard) in journals typed
//! by hand, in bank statements and in what is typed; Markdown and HTML in payees; statements
//! with CRLF line ends; and a workspace kept in a folder that is not careledger's alone.
//!
//! Every run here has a time limit and a memory limit, so a hang or a runaway read fails the
//! test instead of hanging (or exhausting) the machine it runs on.

mod support;

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{CARELEDGER, Ws, fixture};

/// How long any one run may take, and how much memory it may use.
const TIME_LIMIT: Duration = Duration::from_secs(20);
const RSS_LIMIT_KB: u64 = 512 * 1024;

struct Run {
    ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
    fn err(&self) -> String {
        String::from_utf8_lossy(&self.stderr).into_owned()
    }
}

/// The peak resident memory of a running process, in KB, where /proc tells it.
fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run careledger on `root` with `input` on stdin, killing it (and failing) if it takes
/// longer than [`TIME_LIMIT`] or grows past [`RSS_LIMIT_KB`].
fn run_in(root: &Path, args: &[&str], input: Option<&str>) -> Run {
    let mut child = Command::new(CARELEDGER)
        .arg("--data")
        .arg(root)
        .args(["--today", "2026-04-30"])
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .env("NO_COLOR", "1")
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = input {
        let mut stdin = child.stdin.take().unwrap();
        let text = text.to_string();
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let rss = peak_rss_kb(child.id());
        let grew = rss.is_some_and(|kb| kb > RSS_LIMIT_KB);
        if grew || started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            if grew {
                panic!(
                    "careledger {args:?} grew past {} KB: {rss:?} KB",
                    RSS_LIMIT_KB
                );
            }
            panic!("careledger {args:?} was still running after {TIME_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        ok: status.success(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn run(ws: &Ws, args: &[&str]) -> Run {
    run_in(&ws.root, args, None)
}

// ---------------------------------------------------------------------------------------
// Statements that are not files

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0, "mkfifo");
}

fn assert_import_refused(ws: &Ws, file: &Path, words: &str) {
    let before = fs::read(ws.journal_path()).unwrap();
    for preview in [true, false] {
        let mut args = vec!["import", file.to_str().unwrap()];
        if preview {
            args.push("--preview");
        }
        let r = run(ws, &args);
        assert!(!r.ok, "{args:?} succeeded: {}", r.out());
        let err = r.err();
        assert!(err.contains(file.to_str().unwrap()), "{args:?}: {err}");
        assert!(err.contains(words), "{args:?} did not say {words:?}: {err}");
        assert!(
            err.to_lowercase().contains("nothing was written"),
            "{args:?}: {err}"
        );
        assert_eq!(fs::read(ws.journal_path()).unwrap(), before);
    }
}

#[test]
fn importing_a_fifo_is_refused_without_waiting_for_a_writer() {
    let ws = Ws::new();
    let fifo = ws.root.parent().unwrap().join("statement.csv");
    mkfifo(&fifo);
    assert_import_refused(&ws, &fifo, "named pipe");
}

#[test]
fn importing_a_device_that_never_ends_is_refused_before_reading() {
    let ws = Ws::new();
    assert_import_refused(&ws, Path::new("/dev/zero"), "a device");
    // A link the person made to one is no better.
    let link = ws.root.parent().unwrap().join("latest.csv");
    symlink("/dev/zero", &link).unwrap();
    assert_import_refused(&ws, &link, "a device");
}

#[test]
fn importing_a_folder_or_a_huge_file_is_refused() {
    let ws = Ws::new();
    let dir = ws.root.parent().unwrap().join("statements");
    fs::create_dir(&dir).unwrap();
    assert_import_refused(&ws, &dir, "a folder");
    // Sparse: 100 MB on paper, nothing on disk.
    let huge = ws.root.parent().unwrap().join("huge.csv");
    fs::File::create(&huge)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    assert_import_refused(&ws, &huge, "far more than a bank statement");
}

#[test]
fn a_statement_named_through_a_symlink_is_read() {
    let ws = Ws::new();
    let link = ws.root.parent().unwrap().join("latest.csv");
    symlink(fixture("generic.csv"), &link).unwrap();
    let r = run(&ws, &["import", "--preview", link.to_str().unwrap()]);
    assert!(r.ok, "{}", r.err());
    assert!(r.out().contains("Would add"), "{}", r.out());
}

// ---------------------------------------------------------------------------------------
// Markdown

/// A Markdown table row's cells, split as a GitHub-flavoured Markdown reader splits them: at
/// each `|` that no backslash escapes.
fn cells(row: &str) -> usize {
    let inner = row.trim().strip_prefix('|').unwrap_or(row);
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut n = 1;
    let mut escaped = false;
    for c in inner.chars() {
        if c == '|' && !escaped {
            n += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    n
}

/// Every table in `md` has as many cells in each row as in its header.
fn assert_tables_whole(what: &str, md: &str) {
    let mut header = None;
    for line in md.lines() {
        if !line.starts_with('|') {
            header = None;
            continue;
        }
        match header {
            None => header = Some(cells(line)),
            Some(n) => assert_eq!(
                cells(line),
                n,
                "{what}: a row of the wrong width: {line}\n{md}"
            ),
        }
    }
}

#[test]
fn markdown_shows_table_and_html_syntax_in_payees_as_text() {
    let ws = Ws::new();
    // A journal's payee ends at its first `|`, so the bars here are in the note; the plan's
    // words may hold them anywhere.
    let mut j = ws.journal_text();
    j.push_str(
        "\n2026-04-10 * Shop <script>alert(1)</script> | milk | bread\n    ; outcome: get-out\n    ; stream: social-care\n    \
         ; receipt: R-<img src=x onerror=alert(1)>\n    expenses:lunch-club  £5.00\n    assets:direct-payment:social-care\n\
         \n2026-04-11 * [click](https://example.test) | *a note*\n    ; outcome: nowhere\n    ; stream: social-care\n    \
         expenses:lunch-club  £6.00\n    assets:direct-payment:social-care\n",
    );
    ws.write_journal(&j);
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan)
        .unwrap()
        .replace("Westdale Borough Council", "Westdale | Council <i>x</i>")
        .replace("Get out and about", "A | B <script>alert(2)</script>");
    fs::write(&plan, text).unwrap();
    for args in [
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "md",
        ][..],
        &["report", "review", "--format", "md"][..],
        &["report", "expected", "--format", "md"][..],
        &["summary", "--format", "md"][..],
    ] {
        let r = run(&ws, args);
        assert!(r.ok, "{args:?}: {}", r.err());
        let md = r.out();
        assert!(!md.contains('<'), "{args:?}: raw < in\n{md}");
        assert_tables_whole(&format!("{args:?}"), &md);
        let shown = if args[1] == "expected" {
            "Westdale \\| Council &lt;i&gt;x&lt;/i&gt;"
        } else {
            "A \\| B &lt;script&gt;alert(2)&lt;/script&gt;"
        };
        assert!(md.contains(shown), "{args:?}:\n{md}");
    }
    let md = run(
        &ws,
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "md",
        ],
    )
    .out();
    assert!(
        md.contains("| Shop &lt;script&gt;alert(1)&lt;/script&gt; | milk \\| bread |"),
        "{md}"
    );
    assert!(
        md.contains("\\[click\\](https://example.test) | \\*a note\\* |"),
        "{md}"
    );
    assert!(
        md.contains("Westdale \\| Council &lt;i&gt;x&lt;/i&gt;"),
        "{md}"
    );
}

// ---------------------------------------------------------------------------------------
// Statements with CRLF line ends

#[test]
fn a_crlf_statement_names_the_same_bad_lines_as_the_same_statement_with_lf() {
    let ws = Ws::new();
    let lf = fs::read_to_string(fixture("malformed.csv")).unwrap();
    assert!(!lf.contains('\r'));
    let crlf = ws.file("malformed-crlf.csv", &lf.replace('\n', "\r\n"));
    let r = run(&ws, &["import", crlf.to_str().unwrap()]);
    assert!(!r.ok);
    let err = r.err();
    let name = crlf.display().to_string();
    assert!(
        err.contains(&format!("{name}:4: \"2026-04-31\" is not a date")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}:6: this row has 5 fields but the header on line 1 has 4"
        )),
        "{err}"
    );
}
