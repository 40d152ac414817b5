//! Write a synthetic workspace for benchmarks and stress tests:
//!
//! ```sh
//! cargo run --release --example gen -- --out DIR --holders N --transactions M [--seed S]
//! ```
//!
//! N holders (ids h0000, h0001, ...), each with a valid plan.toml and a ledger.journal of
//! exactly M transactions in careledger's conventions, the same bytes for the same seed.
//! View it as of the day the data was made for: `careledger --data DIR --today 2026-10-15`.

#[path = "../benches/common/generator.rs"]
mod generator;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen --out DIR --holders N --transactions M [--seed S]  (DIR must not exist or be empty)";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen: {e}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut out: Option<PathBuf> = None;
    let mut spec = generator::Spec {
        holders: 1,
        transactions: 1000,
        seed: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        let number = |v: String| {
            v.replace('_', "")
                .parse::<u64>()
                .map_err(|_| format!("{flag}: \"{v}\" is not a whole number"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--holders" => spec.holders = number(value()?)? as usize,
            "--transactions" => spec.transactions = number(value()?)? as usize,
            "--seed" => spec.seed = number(value()?)?,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let out = out.ok_or("--out DIR is required")?;
    if out.read_dir().is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{} is not empty", out.display()));
    }
    let started = std::time::Instant::now();
    generator::write_workspace(&out, spec).map_err(|e| format!("{}: {e}", out.display()))?;
    let bytes: u64 = walk_bytes(&out.join("holders"));
    eprintln!(
        "gen: {} holders x {} transactions (seed {}) in {}: {:.1} MB, {:.2} s",
        spec.holders,
        spec.transactions,
        spec.seed,
        out.display(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn walk_bytes(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => walk_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}
