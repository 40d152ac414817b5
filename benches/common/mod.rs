//! What every benchmark shares: the generated data (see `generator.rs`) and the "today" it is
//! meant to be viewed on. A new bench file (e.g. `benches/render.rs` for TUI frames) starts
//! with `mod common;` and a `[[bench]]` entry in Cargo.toml, and gets the same fixtures.

#![allow(dead_code)] // each bench uses a different part of it

pub mod generator;

use std::path::Path;

use careledger::core::journal::Journal;
use careledger::core::plan::{self, Plan};
use careledger::core::settings::Settings;
use careledger::store::Workspace;
use chrono::NaiveDate;

pub const SEED: u64 = 7;

pub fn today() -> NaiveDate {
    generator::TODAY.parse().expect("TODAY is a date")
}

/// One generated holder with `transactions` entries, parsed and ready to compute with.
pub struct Loaded {
    pub text: String,
    pub plan: Plan,
    pub journal: Journal,
    pub settings: Settings,
}

pub fn loaded(transactions: usize) -> Loaded {
    let h = generator::holder(0, transactions, SEED);
    let plan = plan::parse(&h.plan).expect("generated plan reads").plan;
    let journal = Journal::parse(h.journal.clone()).expect("generated journal reads");
    Loaded {
        text: h.journal,
        plan,
        journal,
        settings: Settings::default(),
    }
}

/// A generated workspace on disk (removed when the returned guard is dropped).
pub fn workspace(holders: usize, transactions: usize) -> (tempfile::TempDir, Workspace) {
    let dir = tempfile::tempdir().expect("temporary folder");
    generator::write_workspace(
        dir.path(),
        generator::Spec {
            holders,
            transactions,
            seed: SEED,
        },
    )
    .expect("write generated workspace");
    let ws = Workspace::at(dir.path());
    (dir, ws)
}

/// Total bytes of the journals under `root`, for throughput figures.
pub fn journal_bytes(root: &Path) -> u64 {
    std::fs::read_dir(root.join("holders"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::metadata(e.path().join("ledger.journal")).ok())
        .map(|m| m.len())
        .sum()
}
