//! The real binary in a real terminal (tmux): keys sent with send-keys, the screen read with
//! capture-pane, and the files it wrote checked with hledger. Skipped, with a note, where
//! tmux is not installed (CI installs it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_careledger");

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
        || Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
}

/// A tmux server of the test's own, killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// Press q and wait for the app to go and put the terminal back (its title line,
    /// `title`, no longer on the screen).
    fn quit(&self, title: &str) {
        self.keys(&["q"]);
        let start = Instant::now();
        while self.screen().contains(title) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the app did not quit"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn start(name: &str, size: (u16, u16), env: &[(&str, &str)], args: &[&str]) -> Tmux {
        let socket = format!("careledger-test-{name}-{}", std::process::id());
        let mut cmd = vec!["env".to_string()];
        cmd.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        cmd.push(BIN.to_string());
        cmd.extend(args.iter().map(|a| a.to_string()));
        let shell = cmd
            .iter()
            .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
            .collect::<Vec<_>>()
            .join(" ");
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-s",
                "t",
            ])
            .args(["-x", &size.0.to_string(), "-y", &size.1.to_string()])
            .arg(format!("{shell}; sleep 30"))
            .status()
            .unwrap();
        assert!(status.success());
        Tmux { socket }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "t", k]);
        }
    }

    fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "t", "-l", text]);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "t"])
    }

    fn screen_with_escapes(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-e", "-t", "t"])
    }

    /// (cursor shown, x, y)
    fn cursor(&self) -> (bool, usize, usize) {
        let out = self.tmux(&[
            "display-message",
            "-p",
            "-t",
            "t",
            "#{cursor_flag} #{cursor_x} #{cursor_y}",
        ]);
        let parts: Vec<usize> = out.split_whitespace().map(|p| p.parse().unwrap()).collect();
        (parts[0] == 1, parts[1], parts[2])
    }

    /// Wait until the screen shows `what`; panic with the screen if it never does.
    fn wait_for(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("the screen never showed {what:?}:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait for the screen to stop changing after a key.
    fn settle(&self) -> String {
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(120));
            let now = self.screen();
            if now == last {
                return now;
            }
            last = now;
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn demo_workspace() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws");
    let out = Command::new(BIN)
        .args(["demo", "--to", ws.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    (tmp, ws)
}

fn hledger(args: &[&str], file: &Path) -> String {
    let out = Command::new("hledger")
        .arg("-f")
        .arg(file)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "hledger {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn skip_without(tools: &[&str]) -> bool {
    for t in tools {
        if !have(t) {
            eprintln!("skipped: {t} is not installed");
            return true;
        }
    }
    false
}

#[test]
fn adding_a_payment_through_the_form_writes_a_journal_hledger_accepts() {
    if skip_without(&["tmux", "hledger"]) {
        return;
    }
    let (_tmp, ws) = demo_workspace();
    let t = Tmux::start(
        "add",
        (100, 30),
        &[("NO_COLOR", "")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.keys(&["a"]);
    t.wait_for("Record a payment");
    t.text("Dalesway Taxis");
    t.keys(&["Tab"]);
    t.text("12.40");
    // Outcome and category come filled in from the payee's earlier fares; keep them.
    t.keys(&["Tab", "Tab", "Tab", "Tab"]);
    t.text("T-123");
    t.keys(&["C-s"]);
    t.wait_for("Saved: Dalesway Taxis £12.40");
    t.quit("careledger: Ann Whitaker");
    let journal = ws.join("holders/ann/ledger.journal");
    hledger(&["check", "-s"], &journal);
    // The form left the category as it was: the payee's usual one, from the earlier fares.
    let reg = hledger(&["reg", "expenses:travel", "-b", "2026-10-15"], &journal);
    assert!(reg.contains("Dalesway Taxis"), "{reg}");
    assert!(reg.contains("£12.40"), "{reg}");
    let text = fs::read_to_string(&journal).unwrap();
    assert!(text.contains("    ; receipt: T-123\n"), "{text}");
}

/// Keeping the plan up to date in the real app: an outcome added and the annual review
/// marked done from the Plan screen; plan.toml keeps Ann's hand-written comments and reads
/// back as a plan (`careledger check`).
#[test]
fn an_outcome_added_and_a_review_marked_done_in_the_app_keep_the_plans_comments() {
    if skip_without(&["tmux"]) {
        return;
    }
    let (_tmp, ws) = demo_workspace();
    let plan = ws.join("holders/ann/plan.toml");
    let before = fs::read_to_string(&plan).unwrap();
    let comment = "agreed = \"22880.00\"        # 13 payments of 1760.00";
    assert!(before.contains(comment));
    let t = Tmux::start(
        "plan",
        (100, 30),
        &[("NO_COLOR", "1")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.keys(&["3"]);
    t.wait_for("o adds an outcome");
    t.keys(&["o"]);
    t.wait_for("A new outcome");
    t.text("keep-garden");
    t.keys(&["Tab"]);
    t.text("Keep my garden");
    t.keys(&["Tab", "Tab", "Tab", "Tab"]);
    t.text("500");
    t.keys(&["C-s"]);
    t.wait_for("Saved. Outcome \"Keep my garden\" was added.");
    t.keys(&["End", "d"]);
    t.wait_for("Review of 18 March 2027 done");
    t.keys(&["C-u"]);
    t.text("Same support agreed");
    t.keys(&["C-s"]);
    t.wait_for("Saved. Review 2 is marked done.");
    t.wait_for("Review on 18 March 2027 (done): Same support agreed");
    t.quit("careledger: Ann Whitaker");
    let after = fs::read_to_string(&plan).unwrap();
    assert_eq!(
        after,
        format!(
            "{}\n[[outcomes]]\nid = \"keep-garden\"\ntitle = \"Keep my garden\"\nallocation = {{ social-care = \"500.00\" }}\n",
            before.replace(
                "date = 2027-03-18\nnote = \"Annual review\"\n",
                "date = 2027-03-18\nnote = \"Same support agreed\"\ndone = true\n"
            )
        )
    );
    assert!(after.contains(comment));
    let out = Command::new(BIN)
        .args(["--data", ws.to_str().unwrap(), "--holder", "ann", "check"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Screen-reader mode in a real terminal: the cursor is shown and sits on the focused field
/// after every key of adding a payment; with NO_COLOR no colour reaches the terminal; left
/// alone, the screen does not change.
#[test]
fn screen_reader_mode_keeps_the_cursor_on_the_focused_field() {
    if skip_without(&["tmux"]) {
        return;
    }
    let (_tmp, ws) = demo_workspace();
    let t = Tmux::start(
        "reader",
        (100, 30),
        &[("NO_COLOR", "1"), ("ACCESSIBLE", "1")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    let check = |expect: &str| {
        let screen = t.settle();
        let (shown, _x, y) = t.cursor();
        assert!(shown, "the cursor is hidden:\n{screen}");
        let line = screen.lines().nth(y).unwrap_or_default();
        let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            squeeze(line).contains(&squeeze(expect)),
            "the cursor is on line {y} ({line:?}), not on {expect:?}:\n{screen}"
        );
        for c in screen.chars() {
            let u = c as u32;
            assert!(
                !(0x2500..=0x259F).contains(&u) && !(0x2800..=0x28FF).contains(&u),
                "box or block character {c:?} in screen-reader mode:\n{screen}"
            );
        }
    };
    check("Plan period");
    t.keys(&["a"]);
    check("Paid to:");
    t.text("Dal");
    check("Paid to: Dal");
    t.keys(&["Right"]);
    check("Paid to: Dalesway Taxis");
    t.keys(&["Tab"]);
    check("Amount:");
    t.text("3.50");
    check("Amount: 3.50");
    t.keys(&["Tab"]);
    check("Outcome:");
    t.keys(&["s"]);
    check("Outcome: < Stay living in my own home >");
    t.keys(&["Tab"]);
    // Filled in from the payee's earlier fares when the payee was left.
    check("Category: < travel >");
    t.keys(&["Tab"]);
    check("Paid from:");
    t.keys(&["Tab"]);
    check("Receipt:");
    t.keys(&["Tab"]);
    check("Note:");
    t.keys(&["C-s"]);
    t.wait_for("Saved: Dalesway Taxis £3.50");
    check("Plan period");
    t.keys(&["2"]);
    // The register's focus went to the entry just written.
    check("15 Oct 2026: paid out £3.50 to Dalesway Taxis");
    t.keys(&["Down"]);
    check("14 Oct 2026: paid in £154.00 from Ann Whitaker");

    let escapes = t.screen_with_escapes();
    let colours = colour_codes(&escapes);
    assert!(
        colours.is_empty(),
        "colour escapes with NO_COLOR: {colours:?}"
    );
    let before = t.screen();
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(t.screen(), before, "the screen changed while left alone");
    t.keys(&["q"]);
}

/// What a terminal is sent, without its control sequences: the text as written, in order.
fn text_of(stream: &[u8]) -> String {
    let s = String::from_utf8_lossy(stream);
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => match chars.next() {
                // CSI: parameters, then one final byte from @ to ~.
                Some('[') => {
                    for d in chars.by_ref() {
                        if ('@'..='~').contains(&d) {
                            break;
                        }
                    }
                }
                // OSC: up to BEL or ESC \.
                Some(']') => {
                    while let Some(d) = chars.next() {
                        if d == '\u{7}' || (d == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                            break;
                        }
                    }
                }
                // A character set choice and the like: one more byte.
                Some('(' | ')') => {
                    chars.next();
                }
                _ => {}
            },
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// By ear, after Ctrl-S the first thing a screen reader gets is the sentence saying the
/// payment was saved, read from what the app sends the terminal (tmux pipe-pane), not from
/// the screen at the end: the rest of the screen is written after it.
#[test]
fn after_ctrl_s_the_first_text_written_is_the_confirmation() {
    if skip_without(&["tmux"]) {
        return;
    }
    let (tmp, ws) = demo_workspace();
    let stream = tmp.path().join("pty.out");
    let t = Tmux::start(
        "first",
        (100, 30),
        &[("NO_COLOR", "1")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
            "--screen-reader",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.tmux(&[
        "pipe-pane",
        "-t",
        "t",
        "-o",
        &format!("cat >> '{}'", stream.display()),
    ]);
    t.keys(&["2", "a"]);
    t.wait_for("Record a payment");
    t.text("Corner Shop");
    t.keys(&["Tab"]);
    t.text("4.20");
    t.keys(&["Tab", "s"]);
    t.settle();
    let before = fs::read(&stream).map(|b| b.len()).unwrap_or(0);
    t.keys(&["C-s"]);
    t.wait_for("Saved: Corner Shop £4.20");
    t.settle();
    let all = fs::read(&stream).unwrap();
    // Only what changed is sent, and spaces the terminal already shows are skipped over
    // with cursor moves: compare without spaces.
    let after: String = text_of(&all[before..])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(
        after.starts_with("Saved:CornerShop£4.20on15October2026."),
        "written first after Ctrl-S: {after:?}"
    );
    // Then the screen, with the focus on the new entry.
    let screen = t.settle();
    let (_, _, y) = t.cursor();
    let line = screen.lines().nth(y).unwrap_or_default();
    assert!(
        line.trim_start()
            .starts_with("15 Oct 2026: paid out £4.20 to Corner Shop"),
        "{line:?}\n{screen}"
    );
    t.keys(&["q"]);
}

#[test]
fn control_sequences_are_left_out_of_the_text_written() {
    assert_eq!(
        text_of(b"\x1b[2J\x1b[1;1HSaved\x1b[0m: ok\x1b]0;title\x07!"),
        "Saved: ok!"
    );
}

/// The SGR parameters in `s` that set a colour (foreground or background).
fn colour_codes(s: &str) -> Vec<String> {
    let mut found = Vec::new();
    for part in s.split("\u{1b}[").skip(1) {
        let Some(end) = part.find(|c: char| !(c.is_ascii_digit() || c == ';')) else {
            continue;
        };
        if !part[end..].starts_with('m') {
            continue;
        }
        for p in part[..end].split(';') {
            if let Ok(n) = p.parse::<u32>()
                && matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107)
            {
                found.push(part[..end].to_string());
            }
        }
    }
    found
}

#[test]
fn colour_codes_are_told_from_other_attributes() {
    assert!(colour_codes("\u{1b}[1mBold\u{1b}[0m \u{1b}[7mrev\u{1b}[27m").is_empty());
    assert_eq!(colour_codes("\u{1b}[1;31mred"), ["1;31"]);
}

/// In a shared workspace, a payment recorded in the app is one commit in the person's name,
/// and the entry view (Enter in the register) shows it.
#[test]
fn in_a_shared_workspace_the_apps_change_is_a_commit_shown_in_the_entry_view() {
    if skip_without(&["tmux", "git"]) {
        return;
    }
    let (tmp, ws) = demo_workspace();
    let remote = tmp.path().join("team.git");
    // git as on a fresh machine: no configuration but what is given here.
    let env = [
        ("NO_COLOR", ""),
        ("HOME", tmp.path().to_str().unwrap()),
        ("GIT_CONFIG_GLOBAL", "/dev/null"),
        ("GIT_CONFIG_NOSYSTEM", "1"),
        ("CARELEDGER_AUTHOR", "Priya Broker"),
    ];
    let git = |dir: &Path, args: &[&str]| {
        let out = Command::new("git")
            .current_dir(dir)
            .envs(env)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(tmp.path(), &["init", "--quiet", "--bare", "team.git"]);
    let out = Command::new(BIN)
        .envs(env)
        .arg("--data")
        .arg(&ws)
        .arg("share")
        .arg(&remote)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = Tmux::start(
        "shared",
        (110, 34),
        &env,
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.keys(&["a"]);
    t.wait_for("Record a payment");
    t.text("Dalesway Taxis");
    t.keys(&["Tab"]);
    t.text("12.40");
    t.keys(&["Tab", "k", "Tab", "Tab"]);
    t.text("T-123");
    t.keys(&["C-s"]);
    t.wait_for("Saved: Dalesway Taxis £12.40");
    let log = git(&ws, &["log", "-1", "--format=%an|%s"]);
    assert_eq!(
        log.trim(),
        "Priya Broker|Ann Whitaker: recorded £12.40 to Dalesway Taxis"
    );
    // Only the journal written is in the commit.
    let files = git(&ws, &["show", "--format=", "--name-only", "HEAD"]);
    assert_eq!(files.trim(), "holders/ann/ledger.journal");
    // The register lists the newest entry first; its entry view shows its history.
    t.keys(&["Escape", "2", "Home", "Enter"]);
    let screen = t.wait_for("History:");
    assert!(screen.contains("Priya Broker:"), "{screen}");
    assert!(
        screen.contains("recorded £12.40 to Dalesway Taxis"),
        "{screen}"
    );
    t.keys(&["Escape", "q"]);
}

/// A payment split in the app's form, through the real binary in a terminal: one entry, each
/// line's outcome on its own posting, which hledger counts line by line.
#[test]
fn a_split_payment_recorded_through_the_app_is_counted_line_by_line_by_hledger() {
    if skip_without(&["tmux", "hledger"]) {
        return;
    }
    let (_tmp, ws) = demo_workspace();
    let t = Tmux::start(
        "split",
        (100, 30),
        &[("NO_COLOR", "")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.keys(&["a"]);
    t.wait_for("Record a payment");
    t.text("Keystone Payroll Services");
    t.keys(&["Tab"]);
    t.text("522.50");
    // Split: line 1 keeps the payee's usual outcome and category; line 2 is the fee.
    t.keys(&["C-n"]);
    t.wait_for("Split into 2 lines");
    t.keys(&["s", "Tab"]);
    t.text("ppp"); // "PA wages", "Pension", "Payroll service fee"
    t.keys(&["Tab"]);
    t.text("22.50");
    t.wait_for("The lines are £22.50 over the amount £522.50.");
    t.keys(&["BTab", "BTab", "BTab", "C-u"]);
    t.text("500.00");
    t.wait_for("The lines add up to the amount, £522.50.");
    t.keys(&["C-s"]);
    t.wait_for("Saved: Keystone Payroll Services £522.50");
    t.quit("careledger: Ann Whitaker");
    let journal = ws.join("holders/ann/ledger.journal");
    hledger(&["check", "-s"], &journal);
    // hledger reads each line's own outcome: the fee is £22.50 for stay-at-home, and the
    // entry's £500.00 of wages (the payee's usual category, payroll) is too.
    let fee = hledger(
        &[
            "bal",
            "expenses:payroll-fee",
            "tag:outcome=stay-at-home",
            "-b",
            "2026-10-15",
            "-N",
        ],
        &journal,
    );
    assert!(fee.contains("£22.50"), "{fee}");
    let wages = hledger(
        &[
            "bal",
            "expenses:payroll",
            "tag:outcome=stay-at-home",
            "-b",
            "2026-10-15",
            "-N",
            "--flat",
        ],
        &journal,
    );
    assert!(
        wages.contains("£500.00") && wages.contains("expenses:payroll\n"),
        "{wages}"
    );
    let text = fs::read_to_string(&journal).unwrap();
    assert_eq!(
        text.matches("2026-10-15 Keystone Payroll Services").count(),
        1,
        "one entry:\n{text}"
    );
}

/// A pay day through the app in a real terminal: `w` on the Dashboard, the payslip's
/// figures, Ctrl-S; one entry that hledger accepts, with the tax and NI owed to HMRC, and
/// the Dashboard saying so.
#[test]
fn a_pay_day_through_the_form_writes_one_entry_hledger_accepts() {
    if skip_without(&["tmux", "hledger"]) {
        return;
    }
    let (_tmp, ws) = demo_workspace();
    let plan = ws.join("holders/ann/plan.toml");
    let mut text = fs::read_to_string(&plan).unwrap();
    text.push_str(
        "\n[[employees]]\nid = \"mary\"\nname = \"Mary Jones\"\nhourly_rate = \"13.00\"\n\
         hours_per_week = \"20\"\npay = \"weekly\"\nstart = 2024-05-01\noutcome = \"stay-at-home\"\n",
    );
    fs::write(&plan, text).unwrap();
    let t = Tmux::start(
        "payday",
        (100, 45),
        &[("NO_COLOR", "")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.keys(&["w"]);
    t.wait_for("Pay day");
    // The demo's own PAs come first; M picks Mary Jones, added above.
    t.keys(&["m", "Tab", "Tab"]);
    for (k, figure) in ["247.96", "3.60", "1.44", "24.60", "4.20", "7.00", "7.50"]
        .iter()
        .enumerate()
    {
        if k > 0 {
            t.keys(&["Tab"]);
        }
        t.text(figure);
    }
    t.keys(&["C-s"]);
    t.wait_for("Saved: pay day for Mary Jones on 15 October 2026, gross pay £260.00.");
    t.wait_for("Owed to HMRC from it: £29.64");
    t.quit("careledger: Ann Whitaker");
    let journal = ws.join("holders/ann/ledger.journal");
    hledger(&["check", "-s"], &journal);
    let bal = hledger(
        &["bal", "liabilities:hmrc", "--flat", "--no-total"],
        &journal,
    );
    assert!(bal.contains("£-29.64"), "{bal}");
    let reg = hledger(
        &["reg", "expenses", "-b", "2026-10-15", "tag:employee=mary"],
        &journal,
    );
    assert!(reg.contains("Mary Jones"), "{reg}");
}

#[test]
fn the_return_is_read_to_its_declaration_saved_and_a_receipt_attached_in_a_real_terminal() {
    if skip_without(&["tmux", "hledger"]) {
        return;
    }
    let (tmp, ws) = demo_workspace();
    let scan = tmp.path().join("receipt.pdf");
    fs::write(&scan, b"%PDF-1.4 a receipt").unwrap();
    let t = Tmux::start(
        "return-reader",
        (80, 24),
        &[("NO_COLOR", "")],
        &[
            "--data",
            ws.to_str().unwrap(),
            "--holder",
            "ann",
            "--today",
            "2026-10-15",
        ],
    );
    t.wait_for("Ann Whitaker's dashboard");
    t.keys(&["m"]);
    t.wait_for("Reports");
    t.keys(&["Tab", "C-u"]);
    t.text("2026-q2");
    t.keys(&["C-s"]);
    t.wait_for("The monitoring return: lines 1-");
    t.keys(&["End"]);
    let end = t.wait_for("Signed: ____");
    assert!(end.contains("Date: ____"), "{end}");
    t.keys(&["PageUp"]);
    t.settle();
    assert!(!t.screen().contains("Signed: ____"));
    t.keys(&["End", "s"]);
    t.wait_for("Save the report");
    t.keys(&["C-s"]);
    t.wait_for("was saved to ann-monitoring-return.txt");
    let saved = fs::read_to_string(ws.join("ann-monitoring-return.txt")).unwrap();
    assert!(saved.contains("Signed: ____"));
    // Back to the register, and a receipt for the third newest entry.
    // Escape on its own: followed at once by a key, a terminal reads the two as Alt-key.
    t.keys(&["Escape"]);
    t.wait_for("Back to the");
    t.keys(&["2", "Down", "Down", "A"]);
    t.wait_for("Attach a file to Tomasz Nowak");
    t.text(scan.to_str().unwrap());
    t.keys(&["C-s"]);
    t.wait_for("Attached");
    let link = "2026-27/2026-10-13-tomasz-nowak.pdf";
    let copy = ws.join("holders/ann/evidence").join(link);
    assert_eq!(fs::read(&copy).unwrap(), b"%PDF-1.4 a receipt");
    let journal = ws.join("holders/ann/ledger.journal");
    assert!(
        fs::read_to_string(&journal)
            .unwrap()
            .contains(&format!("; evidence: {link}"))
    );
    hledger(&["check", "-s"], &journal);
}
