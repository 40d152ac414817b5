//! The core's costs on generated data (see `common/generator.rs`): reading a large journal,
//! working out a holder's position and alerts, and opening a broker's whole workspace.
//!
//! ```sh
//! cargo bench --bench core              # all of them
//! cargo bench --bench core -- parse     # one group
//! ```
//!
//! Throughput is printed in bytes (journal text) or transactions per second. Figures taken
//! while other work shares the CPU are noisy; compare instruction counts (callgrind) for
//! before/after decisions.

mod common;

use std::hint::black_box;
use std::time::Duration;

use careledger::core::journal::{Journal, check_assertions};
use careledger::core::position;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The allocator the binary uses (see `src/main.rs`), so these figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A long-kept record: 100,000 transactions (about 20 MB).
const LARGE: usize = 100_000;
/// A broker's caseload: 200 holders with 2,000 transactions each.
const HOLDERS: usize = 200;
const PER_HOLDER: usize = 2_000;

fn parse(c: &mut Criterion) {
    let text = common::generator::holder(0, LARGE, common::SEED).journal;
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("journal_100k", |b| {
        b.iter_batched(
            || text.clone(),
            |t| Journal::parse(black_box(t)).expect("reads"),
            criterion::BatchSize::LargeInput,
        )
    });
    let j = Journal::parse(text.clone()).expect("reads");
    g.throughput(Throughput::Elements(LARGE as u64));
    g.bench_function("assertions_100k", |b| {
        b.iter(|| check_assertions(black_box(std::slice::from_ref(&j))))
    });
    g.finish();
}

fn position(c: &mut Criterion) {
    let f = common::loaded(LARGE);
    let today = common::today();
    let mut g = c.benchmark_group("position");
    g.throughput(Throughput::Elements(LARGE as u64));
    g.bench_function("compute_100k", |b| {
        b.iter(|| {
            position::compute(
                black_box(&f.plan),
                std::slice::from_ref(&f.journal),
                &f.settings,
                today,
            )
        })
    });
    g.finish();
}

fn open_workspace(c: &mut Criterion) {
    let (dir, ws) = common::workspace(HOLDERS, PER_HOLDER);
    let today = common::today();
    let mut g = c.benchmark_group("workspace");
    g.throughput(Throughput::Bytes(common::journal_bytes(dir.path())));
    g.bench_function("open_200x2000", |b| {
        b.iter(|| {
            let settings = ws.settings().expect("settings");
            let mut alerts = 0;
            for id in ws.holder_ids().expect("holders") {
                let files = ws.load_holder(&id).expect("holder reads");
                let pos = position::compute(&files.plan.plan, &files.journals, &settings, today);
                alerts += pos.alerts.len();
            }
            alerts
        })
    });
    g.finish();
}

fn config() -> Criterion {
    // Few, long-ish samples: the machine is shared, and each iteration is milliseconds.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse, position, open_workspace
}
criterion_main!(benches);
