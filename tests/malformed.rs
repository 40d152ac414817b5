//! Every malformed holder under `tests/fixtures/bad/<case>/` must be refused by the real
//! binary, with the one-line error naming the file and line given in the case's
//! `expect.txt`, and without a single byte of the holder's files changing.
//!
//! A case folder holds a complete holder (`plan.toml`, `ledger.journal` and any file they
//! include) with exactly one thing broken, plus `expect.txt`: one line `<file>:<line>`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_careledger");
const HOLDER: &str = "case";
/// A command that takes longer than this is treated as hung (e.g. an include loop).
const TIMEOUT: Duration = Duration::from_secs(20);

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

/// The case folders, sorted by name.
fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(cases_dir())
        .expect("tests/fixtures/bad should exist")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

struct Run {
    status: Option<i32>,
    stderr: String,
}

/// Run the binary with `args`, stdin closed, output captured through files (so a large
/// output cannot block it) and a time limit.
fn careledger(args: &[&str], scratch: &Path) -> Result<Run, String> {
    let out_path = scratch.join("stdout");
    let err_path = scratch.join("stderr");
    let out = fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let err = fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let mut child = Command::new(BIN)
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| format!("could not start {BIN}: {e}"))?;
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        match child.try_wait().map_err(|e| e.to_string())? {
            Some(status) => break status,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "`{}` did not finish within {TIMEOUT:?}",
                    args.join(" ")
                ));
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let stderr =
        String::from_utf8_lossy(&fs::read(&err_path).map_err(|e| e.to_string())?).into_owned();
    Ok(Run {
        status: status.code(),
        stderr,
    })
}

/// `<file>:<line>` from expect.txt.
fn expectation(case: &Path) -> Result<(String, usize), String> {
    let text = fs::read_to_string(case.join("expect.txt"))
        .map_err(|e| format!("cannot read expect.txt: {e}"))?;
    let first = text.lines().next().unwrap_or_default().trim();
    let (file, line) = first
        .rsplit_once(':')
        .ok_or_else(|| format!("expect.txt should read <file>:<line>, not {first:?}"))?;
    let line: usize = line
        .parse()
        .map_err(|_| format!("expect.txt: {line:?} is not a line number"))?;
    if file.is_empty() || line == 0 {
        return Err(format!(
            "expect.txt should read <file>:<line>, not {first:?}"
        ));
    }
    if !case.join(file).is_file() {
        return Err(format!(
            "expect.txt names {file}, which the case does not have"
        ));
    }
    Ok((file.to_string(), line))
}

/// Every file in `dir` by name, with its bytes.
fn snapshot(dir: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = if entry.path().is_file() {
            fs::read(entry.path()).map_err(|e| format!("{name}: {e}"))?
        } else {
            Vec::new()
        };
        files.insert(name, bytes);
    }
    Ok(files)
}

/// Check one case; returns what went wrong, if anything.
fn check_case(case: &Path) -> Result<Vec<String>, String> {
    let mut problems = Vec::new();
    let (file, line) = expectation(case)?;
    for required in ["plan.toml", "ledger.journal"] {
        if !case.join(required).is_file() {
            problems.push(format!("the case has no {required}"));
        }
    }

    let ws = tempfile::tempdir().map_err(|e| e.to_string())?;
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let holder = ws.path().join("holders").join(HOLDER);
    fs::create_dir_all(&holder).map_err(|e| e.to_string())?;
    for entry in fs::read_dir(case).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default();
        if name == "expect.txt" {
            continue;
        }
        if !path.is_file() {
            return Err(format!(
                "{} is not a file; cases hold files only",
                path.display()
            ));
        }
        fs::copy(&path, holder.join(name)).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    // Private, as careledger makes workspaces: an open one gets a warning line on stderr.
    make_private(ws.path())?;
    let before = snapshot(&holder)?;

    let data = ws.path().to_str().ok_or("temp path is not UTF-8")?;
    let wanted = format!("holders/{HOLDER}/{file}:{line}:");
    let check = careledger(&["--data", data, "check"], scratch.path())?;
    if check.status == Some(0) {
        problems.push("`check` exited 0".to_string());
    }
    let stderr = check.stderr.trim_end();
    if stderr.lines().count() != 1 || !stderr.starts_with("careledger: ") {
        problems.push(format!(
            "`check` stderr should be one line starting \"careledger: \", got: {stderr:?}"
        ));
    }
    if !stderr.contains(&wanted) {
        problems.push(format!(
            "`check` should name {wanted} but said: {}",
            stderr.replace(data, "<ws>")
        ));
    }

    let others: [(&str, &[&str]); 2] = [
        (
            "add",
            &[
                "add",
                "--payee",
                "X",
                "--amount",
                "1",
                "--outcome",
                "o",
                "--stream",
                "s",
                "--date",
                "2026-05-01",
            ],
        ),
        ("summary", &["summary"]),
    ];
    let mut runs = vec![("check", check)];
    for (name, rest) in others {
        let mut args = vec!["--data", data, "--holder", HOLDER];
        args.extend_from_slice(rest);
        let run = careledger(&args, scratch.path())?;
        if run.status == Some(0) {
            problems.push(format!("`{name}` exited 0"));
        }
        runs.push((name, run));
    }
    for (name, run) in &runs {
        if run.status.is_none() {
            problems.push(format!("`{name}` was killed by a signal"));
        }
        if run.stderr.contains("panicked") {
            problems.push(format!(
                "`{name}` panicked: {}",
                run.stderr.trim_end().replace(data, "<ws>")
            ));
        }
    }

    let after = snapshot(&holder)?;
    for (name, bytes) in &before {
        match after.get(name) {
            None => problems.push(format!("{name} was removed")),
            Some(now) if now != bytes => problems.push(format!("{name} was changed")),
            Some(_) => {}
        }
    }
    for name in after.keys() {
        if !before.contains_key(name) && name != ".lock" {
            problems.push(format!("new file {name} appeared in the holder folder"));
        }
    }
    Ok(problems)
}

#[test]
fn malformed_holders_are_refused_with_file_and_line_and_left_untouched() {
    let cases = cases();
    assert!(
        cases.len() >= 24,
        "expected at least 24 cases in {}, found {}",
        cases_dir().display(),
        cases.len()
    );
    let mut failures = Vec::new();
    let mut failed_cases = 0;
    for case in &cases {
        let name = case.file_name().unwrap_or_default().to_string_lossy();
        let problems = check_case(case).unwrap_or_else(|e| vec![e]);
        if !problems.is_empty() {
            failed_cases += 1;
        }
        failures.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    assert!(
        failures.is_empty(),
        "{failed_cases} of {} malformed cases failed:\n  {}",
        cases.len(),
        failures.join("\n  ")
    );
}

/// Folders 0700 and files 0600 under `dir`, as careledger creates them.
fn make_private(dir: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let set = |p: &Path, mode| {
        fs::set_permissions(p, fs::Permissions::from_mode(mode))
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    set(dir, 0o700)?;
    for entry in fs::read_dir(dir).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            make_private(&path)?;
        } else {
            set(&path, 0o600)?;
        }
    }
    Ok(())
}
