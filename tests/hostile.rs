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
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{CARELEDGER, Ws, fixture};

/// An OSC 52 sequence: it asks the terminal to put "Hello" on the clipboard.
const OSC52: &str = "\u{1b}]52;c;SGVsbG8=\u{7}";
/// Clear the screen.
const CLEAR: &str = "\u{1b}[2J";
/// CSI as one C1 character, which some terminals obey like ESC [.
const CSI: &str = "\u{9b}";

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

/// The first control character in `bytes` that would reach the terminal: any C0 control but
/// a line break and a tab (and a carriage return ending a line, where `crlf` allows it), DEL,
/// or a C1 control (in UTF-8, 0xC2 followed by 0x80 to 0x9F).
fn control_in(bytes: &[u8], crlf: bool) -> Option<(usize, u8)> {
    bytes.iter().enumerate().find_map(|(i, &b)| {
        let next = bytes.get(i + 1).copied();
        let bad = match b {
            b'\n' | b'\t' => false,
            b'\r' => !(crlf && next == Some(b'\n')),
            0x00..=0x1f | 0x7f => true,
            0xc2 => next.is_some_and(|n| (0x80..=0x9f).contains(&n)),
            _ => false,
        };
        bad.then_some((i, b))
    })
}

fn assert_no_controls(what: &str, r: &Run, crlf: bool) {
    for (stream, bytes) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        if let Some((at, b)) = control_in(bytes, crlf) {
            let from = at.saturating_sub(60);
            panic!(
                "{what}: byte {b:#04x} reached {stream} at {at}: {:?}",
                String::from_utf8_lossy(&bytes[from..(at + 20).min(bytes.len())])
            );
        }
    }
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
// Control characters

/// A journal kept by hand that holds ESC sequences, a C1 control and DEL in a comment, a
/// payee, a note, a receipt, a category and an outcome tag, beside ordinary entries.
fn hostile_journal(ws: &Ws) {
    let mut j = ws.journal_text();
    j.push_str(&format!(
        "\n; typed by hand {OSC52} in a comment\n\
         2026-04-10 * Shop{CLEAR} | milk {CSI}31m and bread\n    \
         ; outcome: get-out\n    ; stream: social-care\n    ; receipt: R-{CLEAR}9\n    \
         expenses:gro\u{1b}[5mceries  £5.00\n    assets:direct-payment:social-care\n\
         \n\
         2026-04-11 * Caf\u{7f}e\u{1b}[0m\n    ; outcome: nowhere\u{1b}[8m\n    ; stream: social-care\n    \
         expenses:lunch-club  £6.00\n    assets:direct-payment:social-care\n"
    ));
    ws.write_journal(&j);
}

#[test]
fn control_characters_in_a_journal_never_reach_the_terminal() {
    let ws = Ws::new();
    hostile_journal(&ws);
    let commands: &[&[&str]] = &[
        &["list"],
        &["list", "--format", "json"],
        &["summary"],
        &["summary", "--format", "md"],
        &["summary", "--format", "json"],
        &["report", "monitoring", "--period", "2026-q1"],
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "md",
        ],
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "json",
        ],
        &["report", "review"],
        &["report", "review", "--format", "md"],
        &["report", "review", "--format", "json"],
        &["report", "expected"],
        &["report", "expected", "--format", "md"],
        &["report", "expected", "--format", "json"],
        &["holder", "list"],
        &["check"],
        &["reconcile", "--date", "2026-04-30", "--balance", "£1.00"],
    ];
    for args in commands {
        let r = run(&ws, args);
        assert!(r.ok || args[0] == "reconcile", "{args:?}: {}", r.err());
        assert_no_controls(&format!("careledger {args:?}"), &r, false);
    }
    // The sequences are shown, not dropped: someone reading the list can see them.
    let list = run(&ws, &["list"]).out();
    assert!(list.contains("Shop\u{241b}[2J"), "{list}");
    assert!(list.contains("R-\u{241b}[2J9"), "{list}");
    // JSON keeps the text exactly, written with escapes.
    let json: serde_json::Value =
        serde_json::from_slice(&run(&ws, &["list", "--format", "json"]).stdout).unwrap();
    let payees: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["payee"].as_str())
        .collect();
    assert!(payees.contains(&"Shop\u{1b}[2J"), "{payees:?}");
    assert!(
        json.to_string().contains(&format!("milk {CSI}31m")),
        "{json}"
    );
}

#[test]
fn csv_reports_keep_their_crlf_line_ends_and_nothing_else() {
    let ws = Ws::new();
    hostile_journal(&ws);
    for args in [
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "csv",
        ][..],
        &["report", "expected", "--format", "csv"][..],
    ] {
        let r = run(&ws, args);
        assert!(r.ok, "{args:?}: {}", r.err());
        assert_no_controls(&format!("careledger {args:?}"), &r, true);
        assert!(r.out().ends_with("\r\n"), "{args:?}");
    }
    let csv = run(
        &ws,
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "csv",
        ],
    )
    .out();
    assert!(csv.contains("Shop\u{241b}[2J"), "{csv}");
}

#[test]
fn a_report_saved_to_a_file_holds_no_control_characters_either() {
    let ws = Ws::new();
    hostile_journal(&ws);
    let dir = ws.root.parent().unwrap();
    for (format, name) in [
        ("text", "return.txt"),
        ("md", "return.md"),
        ("csv", "return.csv"),
    ] {
        let file = dir.join(name);
        let r = run(
            &ws,
            &[
                "report",
                "monitoring",
                "--period",
                "2026-q1",
                "--format",
                format,
                "--output",
                file.to_str().unwrap(),
            ],
        );
        assert!(r.ok, "{format}: {}", r.err());
        let saved = fs::read(&file).unwrap();
        assert_eq!(
            control_in(&saved, format == "csv"),
            None,
            "{format}: {}",
            String::from_utf8_lossy(&saved)
        );
    }
}

#[test]
fn plain_mode_shows_control_characters_and_refuses_them_when_typed() {
    let ws = Ws::new();
    hostile_journal(&ws);
    let before = ws.journal_text();
    // Where the money stands (1), the register's latest entries (2, 1), then a payment (3)
    // whose payee holds an escape sequence: today's date, payee, amount, the first outcome,
    // the usual category, no receipt, no note; decline to try again, then quit.
    let input = format!("1\n2\n1\n3\n\nShop{OSC52}\n5.00\n1\n\n\n\nn\nquit\n");
    let r = run_in(&ws.root, &["--plain"], Some(&input));
    assert!(r.ok, "{}", r.err());
    assert_no_controls("plain mode", &r, false);
    let out = r.out();
    assert!(out.contains("Shop\u{241b}[2J"), "{out}");
    assert!(out.contains("control characters"), "{out}");
    assert_eq!(ws.journal_text(), before, "a payee with ESC was written");
}

#[test]
fn text_typed_with_control_characters_is_refused_naming_the_field() {
    let ws = Ws::new();
    let before = ws.journal_text();
    let add = |flag: &str, value: &str| {
        let mut args = vec!["add", "--date", "2026-04-20", "--amount", "5.00"];
        args.extend(["--outcome", "get-out", flag, value]);
        if flag != "--payee" {
            args.extend(["--payee", "Shop"]);
        }
        run(&ws, &args)
    };
    for (flag, value) in [
        ("--receipt", format!("R-{CLEAR}1")),
        ("--category", format!("gro{CLEAR}ceries")),
        ("--note", format!("milk{CSI}31m")),
        ("--payee", format!("Shop{CLEAR}")),
    ] {
        let r = add(flag, &value);
        assert!(!r.ok, "{flag} {value:?} was accepted");
        let err = r.err();
        assert!(
            err.contains(flag) && err.contains("control characters"),
            "{flag}: {err}"
        );
        assert_no_controls(flag, &r, false);
    }
    assert_eq!(ws.journal_text(), before);
    // The same for a change to an entry.
    let id = run(&ws, &["list", "--format", "json"]).out();
    let json: serde_json::Value = serde_json::from_str(&id).unwrap();
    let id = json[0]["id"].as_str().unwrap().to_string();
    let r = run(&ws, &["edit", &id, "--category", &format!("x{CLEAR}")]);
    assert!(!r.ok && r.err().contains("--category"), "{}", r.err());
    let r = run(&ws, &["edit", &id, "--receipt", &format!("x{CLEAR}")]);
    assert!(!r.ok && r.err().contains("--receipt"), "{}", r.err());
    assert_eq!(ws.journal_text(), before);
    // And for a new holder's plan, named on the line of plan.toml it would be written to.
    let r = run(
        &ws,
        &["holder", "new", "sam", "--name", &format!("Sam{OSC52}")],
    );
    assert!(!r.ok, "{}", r.out());
    assert!(r.err().contains("the holder's name"), "{}", r.err());
    assert_no_controls("holder new", &r, false);
}

#[test]
fn a_plan_with_control_characters_is_refused_naming_its_line() {
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan).unwrap();
    // TOML writes control characters as escapes; careledger refuses them all the same.
    fs::write(
        &plan,
        text.replace(
            "title = \"Get out and about\"",
            "title = \"Get out \\u001b]52;c;SGVsbG8=\\u0007and about\"",
        ),
    )
    .unwrap();
    let r = run(&ws, &["list"]);
    assert!(!r.ok);
    let err = r.err();
    assert!(err.contains("plan.toml:27:"), "{err}");
    assert!(err.contains("outcome \"get-out\": the title"), "{err}");
    assert_no_controls("summary", &r, false);
}

#[test]
fn error_messages_quoting_what_was_read_or_typed_show_control_characters() {
    let ws = Ws::new();
    // An ID typed with an escape sequence in it is quoted back.
    let r = run(&ws, &["edit", &format!("ab{OSC52}"), "--amount", "1"]);
    assert!(!r.ok);
    assert!(r.err().contains("is not an entry ID"), "{}", r.err());
    assert_no_controls("edit", &r, false);
    // A journal line that cannot be read is quoted with its place.
    let mut j = ws.journal_text();
    j.push_str(&format!(
        "\n2026-04-12 Bad{CLEAR}\n    expenses:x  £ab{OSC52}\n    assets:direct-payment:social-care\n"
    ));
    ws.write_journal(&j);
    for args in [&["list"][..], &["summary"][..], &["check"][..]] {
        let r = run(&ws, args);
        assert!(!r.ok, "{args:?}");
        assert!(
            format!("{}{}", r.out(), r.err()).contains("\u{241b}"),
            "{args:?}: {}",
            r.err()
        );
        assert_no_controls(&format!("{args:?}"), &r, false);
    }
}

#[test]
fn the_import_preview_shows_what_a_bank_wrote_without_obeying_it() {
    let ws = Ws::new();
    let statement = ws.file(
        "hostile.csv",
        &format!(
            "Date,Description,Amount\n2026-04-14,CORNER SHOP{OSC52},-4.50\n2026-04-15,TAXI {CSI}31m{CLEAR},-7.00\n"
        ),
    );
    let r = run(&ws, &["import", "--preview", statement.to_str().unwrap()]);
    assert!(r.ok, "{}", r.err());
    assert_no_controls("import --preview", &r, false);
    assert!(r.out().contains("CORNER SHOP\u{241b}]52"), "{}", r.out());
    // What is written to the journal holds none either.
    let r = run(&ws, &["import", statement.to_str().unwrap()]);
    assert!(r.ok, "{}", r.err());
    assert_eq!(control_in(ws.journal_text().as_bytes(), false), None);
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

// ---------------------------------------------------------------------------------------
// The privacy warning

fn warning(root: &Path) -> String {
    let r = run_in(root, &["holder", "list"], None);
    r.err()
}

#[test]
fn the_privacy_warning_never_advises_changing_the_whole_file_system() {
    let said = warning(Path::new("/"));
    assert!(
        !said.contains("chmod -R go-rwx / ") && !said.trim_end().ends_with("chmod -R go-rwx /"),
        "{said}"
    );
    assert!(!said.contains("can read /;"), "{said}");
}

#[test]
fn a_workspace_in_a_shared_folder_is_told_to_change_only_careledgers_files() {
    let tmp = tempfile::tempdir().unwrap();
    // A home folder of sorts: the workspace's files among someone's others.
    let home = tmp.path().join("home");
    let ws = Ws::new();
    fs::rename(&ws.root, &home).unwrap();
    fs::create_dir(home.join("Documents")).unwrap();
    fs::write(home.join("notes.txt"), "mine").unwrap();
    fs::set_permissions(&home, fs::Permissions::from_mode(0o755)).unwrap();
    for dir in [home.join("holders"), home.join("holders/pat")] {
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    }
    for f in ["plan.toml", "ledger.journal"] {
        fs::set_permissions(
            home.join("holders/pat").join(f),
            fs::Permissions::from_mode(0o600),
        )
        .unwrap();
    }
    // The records are private; that others can list the folder is not careledger's business.
    assert_eq!(warning(&home), "");
    let journal = home.join("holders/pat/ledger.journal");
    fs::set_permissions(&journal, fs::Permissions::from_mode(0o644)).unwrap();
    let said = warning(&home);
    assert!(said.contains("ledger.journal"), "{said}");
    let holders = home.join("holders").display().to_string();
    assert!(
        said.contains(&format!("chmod -R go-rwx {holders}")),
        "{said}"
    );
    assert!(
        !said.contains(&format!("chmod -R go-rwx {} ", home.display())),
        "{said}"
    );
    // A folder that holds only careledger's files may be changed whole.
    fs::remove_dir(home.join("Documents")).unwrap();
    fs::remove_file(home.join("notes.txt")).unwrap();
    let said = warning(&home);
    assert!(
        said.trim_end()
            .ends_with(&format!("chmod -R go-rwx {}", home.display())),
        "{said}"
    );
    // Unless it is the home folder itself, however little it holds.
    let out = Command::new(CARELEDGER)
        .arg("--data")
        .arg(&home)
        .args(["holder", "list"])
        .env("HOME", &home)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(&format!("chmod -R go-rwx {holders}")),
        "{said}"
    );
}
