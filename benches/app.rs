//! The application layer as the app uses it, on generated workspaces (see
//! `common/generator.rs`):
//!
//! - `save/*/{1,400,2000}`: recording one payment for one holder in a workspace of 1, 400
//!   and 2,000 people with 300 entries each (target: under 20 ms, and the same at every
//!   size, since nobody else is read after a save):
//!   - `app_keys`: through `careledger::tui::App`, as a person does it on that person's
//!     dashboard: `a`, type the payee, Tab, the amount, Tab, Right (the first outcome),
//!     Tab, Right (the first funding stream; a person with one has it picked already),
//!     Ctrl-S.
//!     The time is from `a` to the end of Ctrl-S's effect (the People row replaced);
//!     opening the workspace and the person is done once, before.
//!   - `session`: the same save through the application layer alone: `Session::record`
//!     (lock, fresh read, check, atomic write with its two fsyncs), then
//!     `Holder::from_files` and `PersonRow::of`, which is what the app's effect does.
//!   - `reread_everyone`: `Session::record` then `Session::people()`, the way the app
//!     refreshed after a save before the application layer (everyone read again), for
//!     contrast.
//!
//!   Every iteration really writes (a fresh payee and amount each time, under the lock,
//!   through the temporary file and rename); between iterations, outside the time, the
//!   journal is put back as generated (and synced), so each save is on a 300-entry journal.
//! - `people_2000x500/first_frame`: `App::new` on 2,000 people x 500 entries (every holder
//!   read and worked out) plus one frame of the People screen on a 120x40 `TestBackend`
//!   (target: under 1 s). The workspace (193 MB) is generated once and read warm from the
//!   page cache.
//!
//! ```sh
//! cargo bench --bench app                     # everything: 2-3 minutes on 2 cores
//! cargo bench --bench app -- save             # the saves only
//! cargo bench --bench app -- first_frame      # the People screen only
//! cargo bench --bench app -- --quick          # under a minute, rougher figures
//! TMPDIR=/some/disk cargo bench --bench app   # put the workspaces on another disk
//! ```
//!
//! Workspaces are generated only for the benchmarks a filter selects, in temporary folders
//! under `$TMPDIR` (removed afterwards). A save includes two fsyncs (the new file, then its
//! folder), so its time depends on the disk under `$TMPDIR` and on what else is writing to
//! it; figures taken while other work shares the machine are noisy, and a few slow fsyncs
//! pull the mean up: criterion prints the mean, and the median is in
//! `target/criterion/<group>/<bench>/<size>/new/estimates.json`.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use careledger::app::{Holder, PersonRow, Session};
use careledger::core::payment::Draft;
use careledger::store::Workspace;
use careledger::tui::app::Screen;
use careledger::tui::{App, Options, view};
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The allocator the binary uses (see `src/main.rs`), so these figures are the app's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Workspace sizes for the save, and each person's entries.
const PEOPLE: [usize; 3] = [1, 400, 2_000];
const ENTRIES: usize = 300;
/// The People screen's first frame.
const FRAME_PEOPLE: usize = 2_000;
const FRAME_ENTRIES: usize = 500;

fn options() -> Options {
    Options {
        today: common::today(),
        accessible: false,
        color: true,
        who: "bench".into(),
    }
}

fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// A fresh payee and amount for the `n`th save.
fn payment(n: u64) -> (String, String) {
    (
        format!("Bench shop {n}"),
        format!("{}.{:02}", 1 + n % 90, n % 100),
    )
}

/// A generated workspace and the one journal the saves write to.
struct SaveFixture {
    _dir: tempfile::TempDir,
    ws: Workspace,
    people: usize,
    /// The holder saved for: the first on the People screen.
    id: String,
    journal: PathBuf,
    generated: String,
    /// Opened lazily, by the first benchmark that needs it.
    app: Option<App>,
    saves: u64,
}

impl SaveFixture {
    fn new(people: usize) -> SaveFixture {
        let (dir, ws) = common::workspace(people, ENTRIES);
        let (session, problem) = Session::open(ws.clone(), common::today());
        assert!(problem.is_none(), "settings read: {problem:?}");
        let id = session.people()[0].id.clone();
        let journal = ws.holder_dir(&id).join("ledger.journal");
        let generated = std::fs::read_to_string(&journal).expect("journal reads");
        SaveFixture {
            _dir: dir,
            ws,
            people,
            id,
            journal,
            generated,
            app: None,
            saves: 0,
        }
    }

    /// Put the journal back as generated, on disk, so the next save is on 300 entries.
    fn restore(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(&self.journal).expect("journal opens");
        f.write_all(self.generated.as_bytes())
            .and_then(|()| f.sync_all())
            .expect("journal restored");
    }

    /// Whether the last save is on disk (checked outside the time).
    fn wrote(&self, payee: &str) -> bool {
        let text = std::fs::read_to_string(&self.journal).expect("journal reads");
        text.len() > self.generated.len() && text.contains(&format!(" {payee}\n"))
    }

    fn next_payment(&mut self) -> (String, String) {
        self.saves += 1;
        payment(self.saves)
    }

    /// The app on the People screen (or straight on the dashboard, for one person), then
    /// the first person opened with Enter, as a person would.
    fn app(&mut self) -> &mut App {
        let (ws, people, id) = (&self.ws, self.people, &self.id);
        self.app.get_or_insert_with(|| {
            let mut app = App::new(ws.clone(), options(), None);
            assert_eq!(app.people.len(), people);
            if people > 1 {
                assert_eq!(app.screen, Screen::Holders);
                press(&mut app, KeyCode::Enter);
            }
            assert_eq!(app.screen, Screen::Dashboard, "{}", app.status);
            let open = app.open.as_ref().expect("the person opens");
            assert_eq!(&open.files.id, id);
            app
        })
    }

    /// A session as the app's (same settings, same `who`), and the person open in it.
    fn session(&self) -> (Session, Holder) {
        let (mut session, _) = Session::open(self.ws.clone(), common::today());
        session.who = options().who;
        let holder = session.open_holder(&self.id).expect("holder opens");
        (session, holder)
    }
}

/// The draft the add form gives with the keys above: today, the payee and amount typed,
/// the first outcome and the first funding stream.
fn draft(holder: &Holder, payee: String, amount: String) -> Draft {
    let plan = &holder.files.plan.plan;
    Draft {
        date: common::generator::TODAY.into(),
        payee,
        amount,
        outcome: Some(plan.outcomes[0].id.clone()),
        stream: Some(plan.streams[0].id.clone()),
        ..Draft::default()
    }
}

fn save(c: &mut Criterion) {
    let mut g = c.benchmark_group("save");
    g.sampling_mode(SamplingMode::Flat);
    g.warm_up_time(Duration::from_secs(1));
    for people in PEOPLE {
        let mut slot: Option<SaveFixture> = None;
        g.sample_size(50);
        g.measurement_time(Duration::from_secs(5));

        g.bench_function(BenchmarkId::new("app_keys", people), |b| {
            let f = slot.get_or_insert_with(|| SaveFixture::new(people));
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for _ in 0..iters {
                    f.restore();
                    let (payee, amount) = f.next_payment();
                    let app = f.app();
                    let start = Instant::now();
                    press(app, KeyCode::Char('a'));
                    type_text(app, &payee);
                    press(app, KeyCode::Tab);
                    type_text(app, &amount);
                    press(app, KeyCode::Tab);
                    press(app, KeyCode::Right); // the first outcome
                    press(app, KeyCode::Tab); // the category, left as it is
                    press(app, KeyCode::Tab);
                    press(app, KeyCode::Right); // the first stream (kept if the only one)
                    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
                    took += start.elapsed();
                    assert!(app.status.starts_with("Saved"), "{}", app.status);
                    assert!(app.overlays.is_empty(), "the form closes: {}", app.status);
                    assert!(f.wrote(&payee), "{payee} is in the journal");
                }
                took
            })
        });

        g.bench_function(BenchmarkId::new("session", people), |b| {
            let f = slot.get_or_insert_with(|| SaveFixture::new(people));
            let (session, holder) = f.session();
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for _ in 0..iters {
                    f.restore();
                    let (payee, amount) = f.next_payment();
                    let d = draft(&holder, payee.clone(), amount);
                    let start = Instant::now();
                    let saved = session.record(&holder.files, &d).expect("saved");
                    let h = Holder::from_files(&session, saved.files);
                    let row = PersonRow::of(&h, session.today);
                    took += start.elapsed();
                    black_box((h, row));
                    assert!(f.wrote(&payee), "{payee} is in the journal");
                }
                took
            })
        });

        // Reading everyone again costs about a second at 2,000 people: fewer samples.
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(if people > 1 { 8 } else { 4 }));
        g.bench_function(BenchmarkId::new("reread_everyone", people), |b| {
            let f = slot.get_or_insert_with(|| SaveFixture::new(people));
            let (session, holder) = f.session();
            b.iter_custom(|iters| {
                let mut took = Duration::ZERO;
                for _ in 0..iters {
                    f.restore();
                    let (payee, amount) = f.next_payment();
                    let d = draft(&holder, payee.clone(), amount);
                    let start = Instant::now();
                    let saved = session.record(&holder.files, &d).expect("saved");
                    let rows = session.people();
                    took += start.elapsed();
                    assert_eq!(rows.len(), people);
                    assert!(f.wrote(&payee), "{payee} is in the journal");
                    black_box((saved, rows));
                }
                took
            })
        });
    }
    g.finish();
}

fn people_first_frame(c: &mut Criterion) {
    let mut g = c.benchmark_group(format!("people_{FRAME_PEOPLE}x{FRAME_ENTRIES}"));
    g.sampling_mode(SamplingMode::Flat);
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(2));
    g.measurement_time(Duration::from_secs(15));
    let mut fixture: Option<(tempfile::TempDir, Workspace)> = None;
    g.bench_function("first_frame", |b| {
        let (_, ws) = fixture.get_or_insert_with(|| common::workspace(FRAME_PEOPLE, FRAME_ENTRIES));
        b.iter(|| {
            let app = App::new(ws.clone(), options(), None);
            assert_eq!(app.people.len(), FRAME_PEOPLE);
            let mut t = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
            t.draw(|f| view::view(&app, f)).map(|_| ())
        })
    });
    g.finish();
}

criterion_group!(benches, save, people_first_frame);
criterion_main!(benches);
