//! Synthetic workspaces for benchmarks, peer comparisons and stress tests: N budget holders,
//! each with a valid plan and a journal of exactly M transactions, written in careledger's
//! own conventions (see README, "ledger.journal").
//!
//! Shared by `examples/gen.rs` (the command) and `benches/*.rs` through `#[path]`, so the
//! benchmarks measure exactly the files the peer script feeds to `ledger` and `hledger`. It
//! uses only the standard library: the output depends on the seed alone, byte for byte, on
//! every platform and with every version of every crate.
//!
//! What a journal holds, so that every code path a real one exercises is exercised:
//! - `commodity` and `account` directives for every account (`hledger check -s` passes);
//! - funder payments into `assets:direct-payment:<stream>` from `income:<stream>` on the
//!   plan's schedule, and the holder's contribution from `income:client-contribution`;
//! - spending to `expenses:<category>` from the stream's account (`direct-payment`,
//!   `notional` or `third-party`), with realistic payees and amounts;
//! - tags `outcome:`, `stream:`, `receipt:` one per comment line; a few entries with no
//!   receipt or no outcome, as in life;
//! - notes after `|`, `*` / `!` / no status marks, codes, top-level comments and blank lines;
//! - balance assertions (`= £X`) every few payments and now and then on spending, all true.
//!
//! The journal runs up to the day before [`TODAY`], so `--today 2026-10-15` shows a plan
//! year half spent. Large journals reach back years before the plan period (about
//! [`TRANSACTIONS_PER_DAY`] entries a day), the way a long-kept record does.

#![allow(dead_code)] // each user of this module uses a different part of it

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

/// The "today" the generated workspaces are meant to be viewed on.
pub const TODAY: &str = "2026-10-15";
/// The plan year every generated plan covers.
const PERIOD: (&str, &str) = ("2026-04-01", "2027-03-31");
/// How densely entries are spread over the days (a busy holder with agency care and PAs).
pub const TRANSACTIONS_PER_DAY: usize = 8;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub holders: usize,
    pub transactions: usize,
    pub seed: u64,
}

/// One generated holder: its id and the text of its two files.
#[derive(Debug, Clone)]
pub struct Holder {
    pub id: String,
    pub plan: String,
    pub journal: String,
}

/// A small, fast, well-mixed generator (SplitMix64). Not for secrets: for repeatable data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5EED_CA2E_1ED6_E200)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// Days since 0000-03-01 in the proleptic Gregorian calendar, and back (Howard Hinnant's
/// civil-date algorithms), so the generator needs no date crate.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

fn parse_day(s: &str) -> i64 {
    let y = s[0..4].parse().unwrap_or(2026);
    let m = s[5..7].parse().unwrap_or(1);
    let d = s[8..10].parse().unwrap_or(1);
    days_from_civil(y, m, d)
}

struct Day(i64);

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = civil_from_days(self.0);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

/// Pence as `£1234.56` / `£-3.00`, careledger's journal form.
struct Pounds(i64);

impl std::fmt::Display for Pounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "£{sign}{}.{:02}", a / 100, a % 100)
    }
}

/// The same, without the £ sign, for plan.toml.
struct Plain(i64);

impl std::fmt::Display for Plain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let a = self.0.unsigned_abs();
        write!(f, "{}.{:02}", a / 100, a % 100)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mgmt {
    Direct,
    Notional,
    ThirdParty,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Every {
    FourWeekly,
    Monthly,
    Yearly,
}

struct StreamDef {
    id: &'static str,
    name: &'static str,
    funder: &'static str,
    kind: &'static str,
    mgmt: Mgmt,
    every: Every,
    /// Share of the holder's spending paid from this stream, in per cent.
    share: u64,
    contribution: bool,
}

struct OutcomeDef {
    id: &'static str,
    title: &'static str,
    what_matters: &'static str,
    /// Which stream pays, and the spending categories that serve this outcome.
    stream: &'static str,
    categories: &'static [&'static str],
}

struct Profile {
    group: &'static str,
    managed_by: &'static str,
    streams: &'static [StreamDef],
    outcomes: &'static [OutcomeDef],
}

const COUNCIL: &str = "Westdale Borough Council";
const ICB: &str = "NHS Westdale Integrated Care Board";

/// The four ways of holding money and the four IPC groups, as in the demo workspace.
const PROFILES: &[Profile] = &[
    Profile {
        group: "older-people",
        managed_by: "self",
        streams: &[StreamDef {
            id: "social-care",
            name: "Council direct payment",
            funder: COUNCIL,
            kind: "social-care",
            mgmt: Mgmt::Direct,
            every: Every::FourWeekly,
            share: 100,
            contribution: true,
        }],
        outcomes: &[
            OutcomeDef {
                id: "stay-at-home",
                title: "Stay living in my own home",
                what_matters: "I want to get up at my own pace and have help I trust.",
                stream: "social-care",
                categories: &[
                    "pa-wages",
                    "agency",
                    "employer-ni",
                    "pension",
                    "payroll",
                    "insurance",
                ],
            },
            OutcomeDef {
                id: "see-friends",
                title: "See my friends and go to church",
                what_matters: "Sunday service and lunch club keep me going.",
                stream: "social-care",
                categories: &["travel", "activities"],
            },
            OutcomeDef {
                id: "keep-safe",
                title: "Stay safe and well",
                what_matters: "I do not want another fall.",
                stream: "social-care",
                categories: &["equipment"],
            },
        ],
    },
    Profile {
        group: "children",
        managed_by: "representative",
        streams: &[
            StreamDef {
                id: "health",
                name: "NHS personal health budget",
                funder: ICB,
                kind: "health",
                mgmt: Mgmt::Direct,
                every: Every::FourWeekly,
                share: 55,
                contribution: false,
            },
            StreamDef {
                id: "social-care",
                name: "Council direct payment",
                funder: COUNCIL,
                kind: "social-care",
                mgmt: Mgmt::Direct,
                every: Every::Monthly,
                share: 30,
                contribution: false,
            },
            StreamDef {
                id: "education",
                name: "EHC plan personal budget (section J)",
                funder: "Westdale Borough Council (SEND)",
                kind: "education",
                mgmt: Mgmt::Notional,
                every: Every::Yearly,
                share: 15,
                contribution: false,
            },
        ],
        outcomes: &[
            OutcomeDef {
                id: "stay-well-at-home",
                title: "Stay well, safe and comfortable at home",
                what_matters: "Someone awake with him in the evenings so the family can sleep.",
                stream: "health",
                categories: &["agency", "pa-wages", "equipment", "insurance"],
            },
            OutcomeDef {
                id: "get-out-and-about",
                title: "Get out and do things I enjoy",
                what_matters: "Swimming, trampolining and being out at weekends.",
                stream: "social-care",
                categories: &["activities", "travel", "respite"],
            },
            OutcomeDef {
                id: "learning",
                title: "Keep learning and communicate more",
                what_matters: "Reading more and using the communication app.",
                stream: "education",
                categories: &["education"],
            },
        ],
    },
    Profile {
        group: "learning-disability",
        managed_by: "provider",
        streams: &[StreamDef {
            id: "social-care",
            name: "Individual service fund",
            funder: COUNCIL,
            kind: "social-care",
            mgmt: Mgmt::ThirdParty,
            every: Every::Monthly,
            share: 100,
            contribution: false,
        }],
        outcomes: &[
            OutcomeDef {
                id: "live-my-way",
                title: "Live in my own flat, my way",
                what_matters: "Support to cook, shop and keep my flat nice.",
                stream: "social-care",
                categories: &["support-hours"],
            },
            OutcomeDef {
                id: "work-and-friends",
                title: "Keep my job at the cafe and see my friends",
                what_matters: "I like earning my own money and going to the disco.",
                stream: "social-care",
                categories: &["travel", "activities"],
            },
        ],
    },
    Profile {
        group: "mental-health",
        managed_by: "self",
        streams: &[
            StreamDef {
                id: "health",
                name: "Notional personal health budget",
                funder: ICB,
                kind: "health",
                mgmt: Mgmt::Notional,
                every: Every::Monthly,
                share: 70,
                contribution: false,
            },
            StreamDef {
                id: "social-care",
                name: "Council direct payment",
                funder: COUNCIL,
                kind: "social-care",
                mgmt: Mgmt::Direct,
                every: Every::FourWeekly,
                share: 30,
                contribution: false,
            },
        ],
        outcomes: &[
            OutcomeDef {
                id: "stay-well",
                title: "Stay well and out of hospital",
                what_matters: "Talking to someone every week, and the gym, keep me steady.",
                stream: "health",
                categories: &["therapy", "activities"],
            },
            OutcomeDef {
                id: "get-back-to-work",
                title: "Get back to work",
                what_matters: "A course and a bike so I can get to the workshop.",
                stream: "social-care",
                categories: &["training", "travel", "equipment"],
            },
        ],
    },
];

/// Payees, a typical amount range in pence, and notes, by spending category.
fn category(name: &str) -> (&'static [&'static str], (u64, u64), &'static [&'static str]) {
    match name {
        "pa-wages" => (
            &[
                "Mary Jones",
                "Tom Price",
                "Jordan Hughes",
                "Kemi Adeyemi",
                "Siobhan Kelly",
                "Amir Hussain",
            ],
            (4_800, 31_000),
            &[
                "PA wages, week",
                "PA wages, fortnight",
                "PA wages and mileage",
            ],
        ),
        "agency" => (
            &[
                "Crestview Care Ltd",
                "Helping Hands Homecare",
                "Bluebird Care Westdale",
            ],
            (8_500, 42_000),
            &[
                "Agency carers",
                "Night sitting",
                "Agency cover while PA on leave",
            ],
        ),
        "employer-ni" => (&["HMRC"], (1_000, 9_000), &["Employer National Insurance"]),
        "pension" => (
            &["NEST Pensions"],
            (400, 2_500),
            &["PA pension, employer 3%"],
        ),
        "payroll" => (
            &[
                "PayPoint Payroll Services",
                "Westdale Centre for Independent Living",
            ],
            (1_200, 2_400),
            &["Payroll service"],
        ),
        "insurance" => (
            &["Castlegate Insurance Brokers", "Fish Insurance"],
            (9_000, 21_000),
            &["Employer's liability insurance"],
        ),
        "travel" => (
            &[
                "Westdale Accessible Transport",
                "A1 Taxis",
                "Northern Rail",
                "Westdale Community Transport",
            ],
            (450, 4_800),
            &[
                "Taxi to lunch club",
                "Wheelchair taxi, outing",
                "Train fares",
                "Dial-a-ride",
            ],
        ),
        "activities" => (
            &[
                "Westdale Leisure Centre",
                "Jump Zone Trampoline Park",
                "St Mary's Lunch Club",
                "Community Art Studio",
                "Riverside Gym",
            ],
            (300, 6_500),
            &[
                "Swimming",
                "Session",
                "Lunch club",
                "Monthly membership",
                "Art class",
            ],
        ),
        "equipment" => (
            &["Careco Mobility", "Complete Care Shop", "Westdale Bikes"],
            (1_500, 45_000),
            &[
                "Grab rails fitted",
                "Shower stool",
                "Pressure cushion",
                "Bike service",
            ],
        ),
        "respite" => (
            &["Willowbrook Short Breaks"],
            (18_000, 42_000),
            &["Overnight short break"],
        ),
        "education" => (
            &["Oakridge Outreach", "Grid Learning Ltd", "Mrs P. Sandhu"],
            (3_000, 18_000),
            &[
                "Specialist teaching",
                "Communication app licence",
                "Outreach support",
            ],
        ),
        "support-hours" => (
            &["Brightpath Support"],
            (12_000, 60_000),
            &["Support hours, week", "Support hours and sleep-in"],
        ),
        "therapy" => (
            &["Mindful Talking Therapies", "Westdale Counselling Service"],
            (4_500, 7_500),
            &["Counselling session", "Talking therapy"],
        ),
        "training" => (
            &["Westdale College", "Learn Direct"],
            (2_000, 25_000),
            &["Course fees", "Course materials"],
        ),
        _ => (&["Westdale Market"], (100, 2_000), &["Sundries"]),
    }
}

const FIRST: &[&str] = &[
    "Ann", "Ben", "Chloe", "Dev", "Edna", "Farid", "Grace", "Harry", "Ifeoma", "Jack", "Kiran",
    "Lily", "Mohammed", "Nora", "Owen", "Priya", "Rhys", "Sana", "Tariq", "Una", "Victor", "Wendy",
    "Yusuf", "Zara",
];
const LAST: &[&str] = &[
    "Whitaker", "Okafor", "Brennan", "Patel", "Morgan", "Khan", "Evans", "Nowak", "Campbell",
    "Hughes", "Begum", "Taylor", "O'Neill", "Lewis", "Osei", "Walsh", "Ahmed", "Clarke",
];

/// Holder `index` of a workspace generated from `seed`, with exactly `transactions` entries.
pub fn holder(index: usize, transactions: usize, seed: u64) -> Holder {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(index as u64));
    let profile = &PROFILES[index % PROFILES.len()];
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let id = format!("h{index:04}");

    let end = parse_day(TODAY) - 1;
    let period_start = parse_day(PERIOD.0);
    let days = (transactions.div_ceil(TRANSACTIONS_PER_DAY) as i64).max(366);
    let first_day = end - days + 1;

    // Which days each stream pays on: the plan's schedule from its first payment, carried
    // back over the years before the plan period.
    let pays_on = |s: &StreamDef, day: i64| -> bool {
        let offset = day - period_start;
        match s.every {
            Every::FourWeekly => offset.rem_euclid(28) == 0,
            Every::Monthly => civil_from_days(day).2 == 1,
            Every::Yearly => {
                let (_, m, d) = civil_from_days(day);
                (m, d) == (4, 1)
            }
        }
    };
    let payments: usize = (first_day..=end)
        .map(|d| {
            profile
                .streams
                .iter()
                .filter(|s| s.mgmt == Mgmt::Direct && pays_on(s, d))
                .map(|s| if s.contribution { 2 } else { 1 })
                .sum::<usize>()
        })
        .sum();
    let payments = payments.min(transactions);
    let spending = transactions - payments;

    // Pick every spending entry's category up front, so each stream's payments can be sized
    // to what it pays for (the balance stays near a few weeks' money, as a real one does).
    let mean = |c: &str| {
        let (lo, hi) = category(c).1;
        (lo + hi) / 2
    };
    let outcome_weight = |o: &OutcomeDef| {
        profile
            .streams
            .iter()
            .find(|s| s.id == o.stream)
            .map_or(1, |s| s.share)
    };
    let total_weight: u64 = profile.outcomes.iter().map(outcome_weight).sum();
    let mut stream_daily = vec![0u64; profile.streams.len()];
    for o in profile.outcomes {
        let si = profile
            .streams
            .iter()
            .position(|s| s.id == o.stream)
            .unwrap_or(0);
        let per_entry: u64 =
            o.categories.iter().map(|c| mean(c)).sum::<u64>() / o.categories.len() as u64;
        let entries = spending as u64 * outcome_weight(o) / total_weight.max(1);
        stream_daily[si] += per_entry * entries / days as u64;
    }
    let per_payment = |si: usize| -> i64 {
        let s = &profile.streams[si];
        let daily = stream_daily[si].max(100);
        let span = match s.every {
            Every::FourWeekly => 28,
            Every::Monthly => 31,
            Every::Yearly => 366,
        };
        // 2% over what is spent, counting the holder's contribution (a sixteenth of the
        // funder's payment), rounded to pounds: funders pay round sums.
        let inflow = daily * span * 102 / 100;
        let funder = if s.contribution {
            inflow * 16 / 17
        } else {
            inflow
        };
        (funder.div_ceil(100) * 100) as i64
    };

    let plan = plan_text(profile, &name, &mut rng, &per_payment);

    let mut j = String::with_capacity(transactions * 190 + 4096);
    let _ = writeln!(
        j,
        "; {name}'s personal budget (generated by careledger examples/gen.rs, seed {seed})"
    );
    j.push_str("commodity £1,000.00\n\n");
    let mut accounts: Vec<String> = Vec::new();
    for s in profile.streams {
        accounts.push(stream_account(s));
        if s.mgmt == Mgmt::Direct {
            accounts.push(format!("income:{}", s.id));
            if s.contribution {
                accounts.push("income:client-contribution".into());
            }
        }
    }
    for o in profile.outcomes {
        for c in o.categories {
            accounts.push(format!("expenses:{c}"));
        }
    }
    accounts.sort();
    accounts.dedup();
    for a in &accounts {
        let _ = writeln!(j, "account {a}");
    }
    j.push('\n');

    let mut balance = vec![0i64; profile.streams.len()];
    let mut written_payments = 0usize;
    let mut receipt = 0u64;
    let mut invoice = 1000u64;
    let mut written = 0usize;
    for (k, day) in (first_day..=end).enumerate() {
        let date = Day(day);
        for (si, s) in profile.streams.iter().enumerate() {
            if s.mgmt != Mgmt::Direct || !pays_on(s, day) || written_payments >= payments {
                continue;
            }
            // Before the plan period the funder paid other amounts (each year has its own
            // plan): steer them so the balance stays near five weeks' spending, as a
            // watched account does. In the period, the plan's amount exactly.
            let amount = if day < period_start {
                let target = (stream_daily[si] * 35) as i64;
                let steer = (target - balance[si]) / 3;
                ((per_payment(si) + steer).max(0) / 100) * 100
            } else {
                per_payment(si)
            };
            balance[si] += amount;
            written_payments += 1;
            written += 1;
            if written_payments.is_multiple_of(13) {
                let _ = writeln!(j, "; checked against the bank statement to {date}");
            }
            let what = match s.every {
                Every::FourWeekly => "4-weekly",
                Every::Monthly => "Monthly",
                Every::Yearly => "Yearly",
            };
            let _ = writeln!(j, "{date} * {} | {what} payment", s.funder);
            let _ = writeln!(j, "    ; stream: {}", s.id);
            let account = stream_account(s);
            if written_payments.is_multiple_of(6) {
                let _ = writeln!(
                    j,
                    "    {account}  {} = {}",
                    Pounds(amount),
                    Pounds(balance[si])
                );
            } else {
                let _ = writeln!(j, "    {account}  {}", Pounds(amount));
            }
            let _ = writeln!(j, "    income:{}\n", s.id);
            if s.contribution && written_payments < payments {
                let c = per_payment(si) / 16 / 100 * 100;
                balance[si] += c;
                written_payments += 1;
                written += 1;
                let _ = writeln!(j, "{date} * {name} | Client contribution");
                let _ = writeln!(j, "    ; stream: {}", s.id);
                let _ = writeln!(j, "    {account}  {}", Pounds(c));
                j.push_str("    income:client-contribution\n\n");
            }
        }
        // Spread the spending evenly over the days, so the count comes out exact.
        let today_count = (spending as u64 * (k as u64 + 1) / days as u64
            - spending as u64 * k as u64 / days as u64) as usize;
        for _ in 0..today_count {
            let o = {
                let mut r = rng.below(total_weight.max(1));
                let mut pick = &profile.outcomes[0];
                for o in profile.outcomes {
                    let w = outcome_weight(o);
                    if r < w {
                        pick = o;
                        break;
                    }
                    r -= w;
                }
                pick
            };
            let si = profile
                .streams
                .iter()
                .position(|s| s.id == o.stream)
                .unwrap_or(0);
            let s = &profile.streams[si];
            let cat = *rng.pick(o.categories);
            let (payees, (lo, hi), notes) = category(cat);
            let payee = *rng.pick(payees);
            let amount = rng.range(lo, hi) as i64;
            balance[si] -= amount;
            written += 1;

            let status = match rng.below(100) {
                0..=79 => " *",
                80..=82 => " !",
                _ => "",
            };
            let code = if cat == "agency" || cat == "support-hours" {
                invoice += 1;
                format!(" (INV-{invoice})")
            } else {
                String::new()
            };
            let _ = write!(j, "{date}{status}{code} {payee}");
            if rng.chance(650) {
                let _ = write!(j, " | {}", rng.pick(notes));
            }
            j.push('\n');
            if !rng.chance(8) {
                let _ = writeln!(j, "    ; outcome: {}", o.id);
            }
            let _ = writeln!(j, "    ; stream: {}", s.id);
            if !rng.chance(25) {
                receipt += 1;
                let _ = writeln!(j, "    ; receipt: R-{receipt:05}");
            }
            let account = stream_account(s);
            let _ = writeln!(j, "    expenses:{cat}  {}", Pounds(amount));
            if rng.chance(15) {
                let _ = writeln!(
                    j,
                    "    {account}  {} = {}\n",
                    Pounds(-amount),
                    Pounds(balance[si])
                );
            } else {
                let _ = writeln!(j, "    {account}\n");
            }
        }
    }
    debug_assert_eq!(written, transactions);
    Holder {
        id,
        plan,
        journal: j,
    }
}

fn stream_account(s: &StreamDef) -> String {
    let segment = match s.mgmt {
        Mgmt::Direct => "direct-payment",
        Mgmt::Notional => "notional",
        Mgmt::ThirdParty => "third-party",
    };
    format!("assets:{segment}:{}", s.id)
}

fn plan_text(
    profile: &Profile,
    name: &str,
    rng: &mut Rng,
    per_payment: &dyn Fn(usize) -> i64,
) -> String {
    let mut p = String::new();
    let _ = writeln!(p, "# {name}: generated by careledger examples/gen.rs\n");
    let _ = writeln!(
        p,
        "[holder]\nname = \"{name}\"\nmanaged_by = \"{}\"\ngroup = \"{}\"\n",
        profile.managed_by, profile.group
    );
    let _ = writeln!(p, "[period]\nstart = {}\nend = {}\n", PERIOD.0, PERIOD.1);
    let yearly: Vec<i64> = (0..profile.streams.len())
        .map(|si| {
            let times = match profile.streams[si].every {
                Every::FourWeekly => 13,
                Every::Monthly => 12,
                Every::Yearly => 1,
            };
            per_payment(si) * times
        })
        .collect();
    let total: i64 = yearly.iter().sum();
    let contingency = total / 20 / 100 * 100;
    let _ = writeln!(
        p,
        "[budget]\nindicative = \"{}\"\nagreed = \"{}\"\ncontingency = \"{}\"\n",
        Plain(total / 100 * 95),
        Plain(total),
        Plain(contingency)
    );
    let _ = writeln!(
        p,
        "[[reviews]]\ndate = 2026-09-{:02}\ndone = true\nnote = \"Six-month review\"\n",
        rng.range(1, 28)
    );
    let _ = writeln!(p, "[[reviews]]\ndate = 2027-03-{:02}\n", rng.range(1, 28));
    for (si, s) in profile.streams.iter().enumerate() {
        let _ = writeln!(
            p,
            "[[streams]]\nid = \"{}\"\nname = \"{}\"\nfunder = \"{}\"\nkind = \"{}\"",
            s.id, s.name, s.funder, s.kind
        );
        let management = match s.mgmt {
            Mgmt::Direct => "direct-payment",
            Mgmt::Notional => "notional",
            Mgmt::ThirdParty => "third-party",
        };
        let schedule = match s.every {
            Every::FourWeekly => "4-weekly",
            Every::Monthly => "monthly",
            Every::Yearly => "yearly",
        };
        let _ = writeln!(
            p,
            "management = \"{management}\"\nschedule = \"{schedule}\"\namount = \"{}\"\nfirst_payment = {}",
            Plain(per_payment(si)),
            PERIOD.0
        );
        if s.contribution {
            let _ = writeln!(
                p,
                "client_contribution = \"{}\"",
                Plain(per_payment(si) / 16 / 100 * 100)
            );
        }
        if s.mgmt != Mgmt::Direct {
            let _ = writeln!(p, "held_by = \"{}\"", s.funder);
        }
        p.push('\n');
    }
    for o in profile.outcomes {
        // Each stream's money is shared among the outcomes it pays for, less contingency.
        let si = profile
            .streams
            .iter()
            .position(|s| s.id == o.stream)
            .unwrap_or(0);
        let sharing = profile
            .outcomes
            .iter()
            .filter(|x| x.stream == o.stream)
            .count() as i64;
        let allocation = yearly[si] * 90 / 100 / sharing / 100 * 100;
        let _ = writeln!(
            p,
            "[[outcomes]]\nid = \"{}\"\ntitle = \"{}\"\nwhat_matters = \"{}\"\nallocation = {{ {} = \"{}\" }}\n",
            o.id,
            o.title,
            o.what_matters,
            o.stream,
            Plain(allocation)
        );
    }
    p
}

/// Write a workspace of `spec.holders` holders into `dir` (created if need be), with the
/// permissions careledger itself uses: folders 0700, files 0600.
pub fn write_workspace(dir: &Path, spec: Spec) -> io::Result<Vec<String>> {
    let private_dir = |d: &Path| fs::DirBuilder::new().recursive(true).mode(0o700).create(d);
    let private_file = |path: &Path, text: &str| -> io::Result<()> {
        use std::io::Write;
        fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)?
            .write_all(text.as_bytes())
    };
    private_dir(&dir.join("holders"))?;
    let mut ids = Vec::with_capacity(spec.holders);
    for i in 0..spec.holders {
        let h = holder(i, spec.transactions, spec.seed);
        let hd = dir.join("holders").join(&h.id);
        private_dir(&hd)?;
        private_file(&hd.join("plan.toml"), &h.plan)?;
        private_file(&hd.join("ledger.journal"), &h.journal)?;
        ids.push(h.id);
    }
    Ok(ids)
}
