//! careledger by ear: the real binary under the Fenrir screen reader (PTY emulation, in a
//! detached tmux session), every utterance appended to a log by `tests/fenrir/speak.sh`.
//! Each wait polls the log for what should be said, and fails after a generous limit; the
//! test asserts what was said and in what order, never how long it took. Skipped, with a
//! note, where fenrir or tmux is not installed (CI installs both).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_careledger");

fn have(tool: &str) -> bool {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .any(|d| d.join(tool).is_file())
}

/// Fenrir in a tmux server of the test's own, killed when the test ends.
struct Reader {
    socket: String,
    log: PathBuf,
}

impl Reader {
    fn start(dir: &Path, args: &[&str]) -> Reader {
        let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fenrir");
        let log = dir.join("said.log");
        fs::write(&log, "").unwrap();
        let conf = dir.join("fenrir.conf");
        let text = fs::read_to_string(here.join("fenrir.conf")).unwrap();
        fs::write(
            &conf,
            text.replace("FENRIR_SPEAK", &here.join("speak.sh").display().to_string()),
        )
        .unwrap();
        let app = std::iter::once(BIN)
            .chain(args.iter().copied())
            .collect::<Vec<_>>()
            .join(" ");
        let socket = format!("careledger-fenrir-{}", std::process::id());
        let fenrir = Command::new("sh")
            .args(["-c", "command -v fenrir"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        let status = Command::new("tmux")
            .args(["-L", &socket, "-f", "/dev/null", "new-session", "-d", "-s", "t"])
            .args(["-x", "100", "-y", "30"])
            .arg(format!(
                "FENRIR_LOG={} /usr/bin/python3 {fenrir} -e -s {} -o 'sound#enabled=False;general#shell={app}' 2>/dev/null",
                log.display(),
                conf.display()
            ))
            .status()
            .unwrap();
        assert!(status.success());
        Reader { socket, log }
    }

    fn said(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Wait until something said contains `what` (spaces aside: Fenrir says "%" and
    /// brackets as pauses); everything said, then.
    fn wait_for(&self, what: &str) -> String {
        self.wait_after(0, what)
    }

    /// As `wait_for`, for what is said after the first `from` bytes of the log.
    fn wait_after(&self, from: usize, what: &str) -> String {
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let start = Instant::now();
        loop {
            let s = self.said();
            if s.get(from..)
                .is_some_and(|new| new.lines().any(|l| squeeze(l).contains(what)))
            {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "never said {what:?}; said:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Wait until the screen (as tmux shows it) has `what` on it, spaces aside.
    fn wait_screen(&self, what: &str) {
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let start = Instant::now();
        loop {
            let out = Command::new("tmux")
                .args(["-L", &self.socket, "capture-pane", "-p", "-t", "t"])
                .output()
                .unwrap();
            let screen = String::from_utf8_lossy(&out.stdout).into_owned();
            if screen.lines().any(|l| squeeze(l).contains(what)) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the screen never showed {what:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            Command::new("tmux")
                .args(["-L", &self.socket, "send-keys", "-t", "t", k])
                .status()
                .unwrap();
        }
    }

    fn text(&self, text: &str) {
        Command::new("tmux")
            .args(["-L", &self.socket, "send-keys", "-t", "t", "-l", text])
            .status()
            .unwrap();
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// What was said after the first `n` bytes of the log, one utterance a line.
fn since(all: &str, n: usize) -> Vec<String> {
    all[n..]
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty() && l != ",")
        .collect()
}

/// Fenrir itself now and then drops an utterance when two arrive together on a busy
/// machine (seen about once in twenty runs here); so the walk is tried up to three times,
/// each from a fresh start, and fails only if every try does. A real fault fails them all.
#[test]
fn by_ear_a_move_says_the_new_item_once_and_a_save_says_so_first() {
    for tool in ["fenrir", "tmux", "python3"] {
        if !have(tool) {
            eprintln!("skipped: {tool} is not installed");
            return;
        }
    }
    let mut failures = Vec::new();
    for attempt in 1..=3 {
        match std::panic::catch_unwind(walk) {
            Ok(()) => return,
            Err(e) => {
                let why = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                eprintln!("try {attempt} failed: {why}");
                failures.push(why);
            }
        }
    }
    panic!("every try failed:\n{}", failures.join("\n---\n"));
}

fn walk() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let out = Command::new(BIN)
        .args(["demo", "--to", ws.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = Reader::start(
        tmp.path(),
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
            "--screen-reader",
            "--no-color",
        ],
    );
    r.wait_for("Ann Whitaker's dashboard");
    // Down: the new item is said; the item left is not read again. (Where it is, "2 of
    // 22", is said too, but Fenrir sometimes drops it for the line the cursor moved to.)
    let mark = r.said().len();
    r.keys(&["Down"]);
    let all = r.wait_after(mark, "Day 198 of 365: 54 of the period has passed.");
    let said = since(&all, mark);
    assert!(
        !said.iter().any(|s| s.contains("Plan period 1 April")),
        "the item left was read again: {said:?}"
    );
    // A payment saved: the first thing said is that it was.
    let mark = r.said().len();
    r.keys(&["2", "a"]);
    r.wait_after(mark, "Record a payment");
    r.text("Corner Shop");
    r.wait_screen("Paid to: Corner Shop");
    r.keys(&["Tab"]);
    r.text("4.20");
    r.keys(&["Tab", "s"]);
    r.wait_for("Outcome: Stay living in my own home 1 of 2");
    let mark = r.said().len();
    r.keys(&["C-s"]);
    let all = r.wait_after(mark, "Saved: Corner Shop");
    let said = since(&all, mark);
    assert!(
        said[0].starts_with("Saved: Corner Shop £4.20 on 15 October 2026."),
        "said first after Ctrl-S: {said:?}"
    );
    r.keys(&["q"]);
}
