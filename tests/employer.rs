//! Employing personal assistants: the employer's cost report worked by hand from the rates
//! files' own figures, the alerts (under the minimum wage, not enough for the hours, insurance,
//! pension re-enrolment) including a plan year that spans the April rate change, and pay day
//! written as one entry that hledger accepts, with the HMRC part committed until it is paid.

mod support;

use std::fs;

use rust_decimal::{Decimal, RoundingStrategy};
use support::{Ws, hledger_agrees, m};

/// A figure from a shipped rates file, by its path (`employer_ni.secondary_threshold.week`).
fn rate(year: &str, path: &str) -> Decimal {
    let file = format!("{}/config/rates/{year}.toml", env!("CARGO_MANIFEST_DIR"));
    let t: toml::Table = fs::read_to_string(&file).unwrap().parse().unwrap();
    let mut v = toml::Value::Table(t);
    for k in path.split('.') {
        v = v
            .get(k)
            .unwrap_or_else(|| panic!("{file} has no {path}"))
            .clone();
    }
    match v {
        toml::Value::String(s) => s.parse().unwrap(),
        toml::Value::Integer(i) => Decimal::from(i),
        other => panic!("{path} is {other}"),
    }
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Rounded to the penny as a person rounds.
fn pence(x: Decimal) -> Decimal {
    let mut r = x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

fn money(v: &serde_json::Value) -> Decimal {
    m(v.as_str().unwrap_or_else(|| panic!("not money: {v}"))).as_decimal()
}

/// Run careledger on `ws` with `today` as today; what it printed.
fn on(ws: &Ws, today: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(support::CARELEDGER)
        .arg("--data")
        .arg(&ws.root)
        .args(["--today", today])
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "careledger {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(ws: &Ws, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ws.ok(args)).unwrap()
}

/// The fixture's plan (Pat, 1 April 2026 to 31 March 2027, £1,200 every 4 weeks from the
/// council) with `extra` added at the end.
fn ws_with(extra: &str) -> Ws {
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let mut text = fs::read_to_string(&plan).unwrap();
    text.push_str(extra);
    fs::write(&plan, text).unwrap();
    ws
}

const TOMASZ: &str = r#"
[employer]
employment_allowance = false
insurance = { premium = "85.00", renews = 2027-02-01 }
payroll_fee = { amount = "7.50", per = "week" }

[[employees]]
id = "tomasz"
name = "Tomasz Nowak"
hourly_rate = "13.00"
hours_per_week = "20"
pay = "weekly"
start = 2024-05-01
outcome = "stay-at-home"
"#;

#[test]
fn twenty_hours_a_week_at_thirteen_pounds_worked_by_hand() {
    let y = "2026-27";
    let threshold = rate(y, "employer_ni.secondary_threshold.week"); // £96
    let ni_rate = rate(y, "employer_ni.rate_percent") / d("100"); // 15%
    let allowance = rate(y, "employer_ni.employment_allowance"); // £10,500
    let trigger = rate(y, "pension.earnings_trigger.week"); // £192
    let lower = rate(y, "pension.qualifying_lower.week"); // £120
    let upper = rate(y, "pension.qualifying_upper.week"); // £967
    let employer_pension = rate(y, "pension.employer_minimum_percent") / d("100"); // 3%
    let holiday_weeks = rate(y, "holiday.weeks"); // 5.6

    // One week: 20 hours at £13.00.
    let week = d("20") * d("13.00");
    assert_eq!(week, d("260.00"));
    // Employer's NI on pay above the weekly threshold: (260 - 96) x 15% = £24.60.
    let ni_week = pence((week - threshold) * ni_rate);
    assert_eq!(ni_week, d("24.60"));
    // Above the trigger, so enrolled; 3% of pay between £120 and £967: 140 x 3% = £4.20.
    assert!(week > trigger && week < upper);
    let pension_week = pence((week - lower) * employer_pension);
    assert_eq!(pension_week, d("4.20"));
    // A full year of weekly pay is 52 pay days.
    let gross = d("52") * week;
    let ni = d("52") * ni_week;
    let pension = d("52") * pension_week;
    assert_eq!(
        (gross, ni, pension),
        (d("13520.00"), d("1279.20"), d("218.40"))
    );
    // Holiday: 5.6 weeks of 20 hours, paid at £13.00, inside the 52 weeks paid.
    let holiday_hours = holiday_weeks * d("20");
    assert_eq!(holiday_hours, d("112.0"));
    let holiday_pay = holiday_hours * d("13.00");
    let worked = d("52") * d("20") - holiday_hours;
    assert_eq!(worked, d("928.0"));
    // On-costs: a week's pay towards redundancy, the insurance, 52 weeks of the payroll fee.
    let reserve = week;
    let shared = d("85.00") + d("52") * d("7.50");
    let total = gross + ni + pension + reserve + shared;
    assert_eq!(total, d("15752.60"));
    let per_hour = pence(total / worked);
    assert_eq!(per_hour, d("16.97"));
    let with_cover = pence(total * d("1040") / worked);

    let ws = ws_with(TOMASZ);
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    let e = &r["employees"][0];
    assert_eq!(e["id"], "tomasz");
    assert_eq!(money(&e["gross_pay"]), gross);
    assert_eq!(money(&e["holiday_pay"]), holiday_pay);
    assert_eq!(d(e["holiday_hours"].as_str().unwrap()), holiday_hours);
    assert_eq!(d(e["worked_hours"].as_str().unwrap()), worked);
    assert_eq!(d(e["cover_hours"].as_str().unwrap()), holiday_hours);
    assert_eq!(money(&e["employer_ni"]), ni);
    assert_eq!(money(&e["pension"]), pension);
    assert_eq!(money(&e["redundancy_reserve"]), reserve);
    assert_eq!(money(&e["shared_costs"]), shared);
    assert_eq!(money(&e["yearly_cost"]), total);
    assert_eq!(money(&e["cost_per_hour"]), per_hour);
    assert_eq!(money(&e["cost_with_cover"]), with_cover);
    assert_eq!(money(&r["total"]["yearly_cost"]), total);
    assert_eq!(r["rate_years"], serde_json::json!(["2026-27"]));

    // With the Employment Allowance claimed, the year's £1,279.20 is all taken off.
    assert!(ni < allowance);
    let ws = ws_with(&TOMASZ.replace(
        "employment_allowance = false",
        "employment_allowance = true",
    ));
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    let e = &r["employees"][0];
    assert_eq!(money(&e["employer_ni_before_allowance"]), ni);
    assert_eq!(money(&e["employment_allowance"]), ni);
    assert_eq!(money(&e["employer_ni"]), d("0.00"));
    assert_eq!(money(&e["yearly_cost"]), total - ni);
    assert_eq!(money(&e["yearly_cost"]), d("14473.40"));

    // The text report says the same figures.
    let text = ws.ok(&["report", "employer"]);
    for line in [
        "Tomasz Nowak (tomasz): 20 hours a week, paid weekly, for \"Stay living in my own home\"",
        "Gross pay                 £13,520.00   (holiday pay £1,456.00)",
        "Employment Allowance      -£1,279.20",
        "Yearly cost               £14,473.40",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
}

#[test]
fn the_employment_allowance_is_shared_across_employees_and_can_be_changed_in_the_settings() {
    let ws = ws_with(&format!(
        "{}\n[[employees]]\nid = \"anna\"\nname = \"Anna Berg\"\nhourly_rate = \"13.00\"\nhours_per_week = \"30\"\npay = \"weekly\"\nstart = 2025-01-06\noutcome = \"stay-at-home\"\n",
        TOMASZ.replace(
            "employment_allowance = false",
            "employment_allowance = true"
        )
    ));
    // A workspace that says the allowance is £1,000 (say, what is left of it this year).
    fs::write(
        ws.root.join("careledger.toml"),
        "[rates.2026-27.employer_ni]\nemployment_allowance = \"1000\"\n",
    )
    .unwrap();
    // Tomasz: 52 x (260 - 96) x 15% = £1,279.20. Anna: 30 x 13 = £390 a week,
    // (390 - 96) x 15% = £44.10, x 52 = £2,293.20. Together £3,572.40, of which £1,000 is
    // taken off, shared by their NI: Tomasz 1000 x 1279.20 / 3572.40 = £358.08, Anna the rest.
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    let (t, a) = (&r["employees"][0], &r["employees"][1]);
    assert_eq!(money(&t["employer_ni_before_allowance"]), d("1279.20"));
    assert_eq!(money(&a["employer_ni_before_allowance"]), d("2293.20"));
    let tomasz_share = pence(d("1000") * d("1279.20") / d("3572.40"));
    assert_eq!(tomasz_share, d("358.08"));
    assert_eq!(money(&t["employment_allowance"]), tomasz_share);
    assert_eq!(money(&a["employment_allowance"]), d("1000") - tomasz_share);
    assert_eq!(money(&r["total"]["employer_ni"]), d("2572.40"));
    // The insurance and payroll (£475.00) are shared by hours paid: 20 to 30.
    assert_eq!(money(&t["shared_costs"]), d("190.00"));
    assert_eq!(money(&a["shared_costs"]), d("285.00"));

    // A figure the rates do not have is refused, naming the line.
    fs::write(
        ws.root.join("careledger.toml"),
        "\n[rates.2026-27.employer_ni]\nallowance = \"1000\"\n",
    )
    .unwrap();
    let out = ws.run(&["report", "employer"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("careledger.toml:2") && err.contains("allowance"),
        "{err}"
    );
}

#[test]
fn a_plan_year_from_october_is_costed_with_each_years_rates_for_its_part() {
    // 1 October 2025 to 30 September 2026: 182 days of 2025-26 and 183 of 2026-27 (both
    // years of 365 days), so 52 x 182/365 and 52 x 183/365 weeks. The rate rises from £12.50
    // to £13.00 on 1 April 2026.
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan)
        .unwrap()
        .replace(
            "start = 2026-04-01\nend = 2027-03-31",
            "start = 2025-10-01\nend = 2026-09-30",
        )
        .replace("first_payment = 2026-04-01", "first_payment = 2025-10-01");
    fs::write(
        &plan,
        format!(
            "{text}{}",
            TOMASZ.replace("hourly_rate = \"13.00\"", "hourly_rate = \"12.50\"")
                + "\n[[employees.changes]]\nfrom = 2026-04-01\nhourly_rate = \"13.00\"\n"
        ),
    )
    .unwrap();
    let w1 = d("52") * d("182") / d("365");
    let w2 = d("52") * d("183") / d("365");
    let gross = pence(w1 * d("250.00")) + pence(w2 * d("260.00"));
    // NI: (250 - 96) x 15% = £23.10 a week before April, £24.60 after.
    let t1 = rate("2025-26", "employer_ni.secondary_threshold.week");
    let t2 = rate("2026-27", "employer_ni.secondary_threshold.week");
    let ni = pence(w1 * pence((d("250") - t1) * d("0.15")))
        + pence(w2 * pence((d("260") - t2) * d("0.15")));
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    assert_eq!(r["rate_years"], serde_json::json!(["2025-26", "2026-27"]));
    let e = &r["employees"][0];
    assert_eq!(money(&e["gross_pay"]), gross);
    assert_eq!(money(&e["employer_ni"]), ni);
    assert_eq!(d(e["paid_hours"].as_str().unwrap()), d("1040.00"));

    // £12.50 is above 2025-26's £12.21 but not 2026-27's £12.71: on 20 March 2026 that
    // is said ahead, for 1 April; the change in the plan to £13.00 from then puts it right.
    let alerts = |ws: &Ws, today: &str| -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(&on(ws, today, &["summary", "--format", "json"])).unwrap();
        v["holders"][0]["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["kind"] == "minimum-wage")
            .map(|a| a["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(alerts(&ws, "2026-03-20").is_empty());
    let text = fs::read_to_string(&plan).unwrap();
    let without_rise = text.replace(
        "\n[[employees.changes]]\nfrom = 2026-04-01\nhourly_rate = \"13.00\"\n",
        "",
    );
    fs::write(&plan, &without_rise).unwrap();
    let soon = alerts(&ws, "2026-03-20");
    assert_eq!(
        soon,
        [
            "From 1 April 2026 the legal minimum for someone aged 21 or over (the plan gives no date of birth) is £12.71 an hour, and Tomasz Nowak is paid £12.50 an hour. Raise the rate from that day (a change in the plan's [[employees.changes]]) and on the payroll."
        ]
    );
    let now = alerts(&ws, "2026-04-02");
    assert_eq!(
        now,
        [
            "Tomasz Nowak is paid £12.50 an hour, less than the legal minimum of £12.71 for someone aged 21 or over (the plan gives no date of birth). Raise the rate in the plan and on the payroll, and pay the difference owed."
        ]
    );
    // An 18-year-old's minimum is the 18 to 20 rate (£10.85 from April 2026).
    fs::write(
        &plan,
        without_rise.replace(
            "start = 2024-05-01",
            "start = 2024-05-01\ndate_of_birth = 2008-01-15",
        ),
    )
    .unwrap();
    assert!(alerts(&ws, "2026-04-02").is_empty());
}

/// The messages of the alerts of `kind` on `today`.
fn alerts_of(ws: &Ws, today: &str, kind: &str) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&on(ws, today, &["summary", "--format", "json"])).unwrap();
    v["holders"][0]["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == kind)
        .map(|a| {
            (
                a["severity"].as_str().unwrap().to_string(),
                a["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn an_allocation_that_cannot_pay_for_the_hours_agreed_says_by_how_much() {
    // Worked above: £15,752.60 a year for the 928 hours Tomasz works; every one of the 1,040
    // hours agreed, holiday cover included, costs 15752.60 x 1040 / 928 = £17,653.78.
    let need = pence(d("15752.60") * d("1040") / d("928"));
    assert_eq!(need, d("17653.78"));
    // The fixture allocates £12,000.00 to "Stay living in my own home".
    let ws = ws_with(TOMASZ);
    let found = alerts_of(&ws, "2026-04-30", "employer-shortfall");
    let outcome = format!(
        "\"Stay living in my own home\" is not enough for 20 hours a week of PA support (Tomasz Nowak): the hours agreed cost £17,653.78 over the plan period, holiday cover included, and its allocation is £12,000.00; short by £{}.",
        "5,653.78"
    );
    assert_eq!(need - d("12000.00"), d("5653.78"));
    assert!(
        found.contains(&("warning".to_string(), outcome)),
        "{found:?}"
    );
    // The stream pays 13 x £1,200.00 = £15,600.00 over the year: short by £2,053.78.
    assert_eq!(need - d("15600.00"), d("2053.78"));
    assert!(
        found.iter().any(|(_, m)| m.starts_with(
            "The social-care stream (Westdale Borough Council) pays £15,600.00 over the plan period"
        ) && m.ends_with("short by £2,053.78.")),
        "{found:?}"
    );
    // Enough money: no alert.
    let ws = ws_with(&TOMASZ.replace("\"20\"", "\"10\""));
    let ws_text = fs::read_to_string(ws.root.join("holders/pat/plan.toml")).unwrap();
    fs::write(
        ws.root.join("holders/pat/plan.toml"),
        ws_text.replace("social-care = \"12000.00\"", "social-care = \"11000.00\""),
    )
    .unwrap();
    assert!(alerts_of(&ws, "2026-04-30", "employer-shortfall").is_empty());
}

#[test]
fn insurance_renewal_is_said_a_month_ahead_and_when_it_has_lapsed() {
    let ws = ws_with(TOMASZ);
    assert!(alerts_of(&ws, "2026-12-31", "insurance-renewal").is_empty());
    assert_eq!(
        alerts_of(&ws, "2027-01-12", "insurance-renewal"),
        [(
            "warning".to_string(),
            "The employer's liability insurance renews in 20 days, on 1 February 2027 (£85.00 last time).".to_string()
        )]
    );
    assert_eq!(
        alerts_of(&ws, "2027-02-03", "insurance-renewal"),
        [(
            "serious".to_string(),
            "The employer's liability insurance was due to renew on 1 February 2027, 2 days ago. An employer must be insured: renew it now and put the new renewal date in the plan.".to_string()
        )]
    );
}

#[test]
fn pension_re_enrolment_is_due_three_years_after_the_duties_start() {
    let ws = ws_with(&TOMASZ.replace(
        "employment_allowance = false",
        "employment_allowance = false\npension_duties_start = 2024-05-01",
    ));
    // Three years on: 1 May 2027, after the plan period; said 90 days ahead.
    assert!(alerts_of(&ws, "2027-01-30", "pension-reenrolment").is_empty());
    assert_eq!(
        alerts_of(&ws, "2027-03-01", "pension-reenrolment"),
        [(
            "notice".to_string(),
            "Workplace pension re-enrolment is due in 61 days, on 1 May 2027 (every three years)."
                .to_string()
        )]
    );
    // A plan whose last re-enrolment was 1 April 2023 was due on 1 April 2026.
    let ws = ws_with(&TOMASZ.replace(
        "employment_allowance = false",
        "employment_allowance = false\npension_duties_start = 2020-04-01\nlast_reenrolment = 2023-04-01",
    ));
    let found = alerts_of(&ws, "2026-04-30", "pension-reenrolment");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "warning");
    assert!(
        found[0]
            .1
            .starts_with("Workplace pension re-enrolment was due on 1 April 2026"),
        "{found:?}"
    );
}

#[test]
fn the_employees_in_a_plan_are_read_strictly_naming_the_line() {
    let check = |extra: &str| -> String {
        let ws = ws_with(extra);
        let out = ws.run(&["report", "employer"]);
        assert!(!out.status.success(), "{extra} was accepted");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    // The fixture's plan has 40 lines; TOMASZ starts with a blank line, so [employer] is 42.
    let e = check(&TOMASZ.replace("pay = \"weekly\"", "pay = \"weekly\"\npay_day = \"friday\""));
    assert!(e.contains("plan.toml:53") && e.contains("pay_day"), "{e}");
    let e = check(&TOMASZ.replace("pay = \"weekly\"", "pay = \"fortnightly\""));
    assert!(
        e.contains("plan.toml:52") && e.contains("fortnightly"),
        "{e}"
    );
    let e = check(&TOMASZ.replace("outcome = \"stay-at-home\"", "outcome = \"home\""));
    assert!(
        e.contains("plan.toml:54") && e.contains("names outcome \"home\""),
        "{e}"
    );
    let e = check(&TOMASZ.replace("hours_per_week = \"20\"\n", ""));
    assert!(e.contains("say the hours agreed"), "{e}");
    let e = check(&TOMASZ.replace("hourly_rate = \"13.00\"", "hourly_rate = \"13.005\""));
    assert!(
        e.contains("plan.toml:50") && e.contains("two decimal places"),
        "{e}"
    );
    let e = check(&format!(
        "{TOMASZ}\n[[employees.changes]]\nfrom = 2024-04-01\nhourly_rate = \"13.50\"\n"
    ));
    assert!(e.contains("must come after 2024-05-01"), "{e}");
    let e = check(&TOMASZ.replace("Tomasz Nowak", "Tomasz\\u001b[2J"));
    assert!(e.contains("control characters"), "{e}");
}

/// `ledger bal --flat` on the workspace's journal; `None` (said on stderr) when ledger is not
/// installed and CI is not set.
fn ledger_bal(ws: &Ws) -> Option<String> {
    let found = std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join("ledger"))
            .find(|p| p.is_file())
    });
    let Some(ledger) = found else {
        assert!(
            std::env::var("CI").is_err(),
            "ledger is not installed but CI is set"
        );
        eprintln!("SKIPPED: ledger not installed; pay day checked by hledger only");
        return None;
    };
    let out = std::process::Command::new(ledger)
        .args([
            "-f",
            ws.journal_path().to_str().unwrap(),
            "bal",
            "--flat",
            "--no-total",
        ])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{out:?}");
    Some(String::from_utf8(out.stdout).unwrap())
}

fn stream_json(ws: &Ws) -> serde_json::Value {
    json(ws, &["summary", "--format", "json"])["holders"][0].clone()
}

#[test]
fn pay_day_is_one_entry_hledger_accepts_and_hmrc_is_committed_until_paid() {
    let ws = ws_with(TOMASZ);
    // The fixture: £250.00 carried over, £30.00 spent on 8 April. £2,450.00 of other income
    // makes the balance £2,670.00, above the surplus line: 8 weeks of the council's
    // payments, 13 x £1,200.00 x 7 / 365 = £299.18 a week, x 8 = £2,393.44.
    ws.ok(&[
        "add",
        "--money-in",
        "--kind",
        "other",
        "--date",
        "2026-04-09",
        "--payee",
        "Grant",
        "--amount",
        "2450",
    ]);
    let before = stream_json(&ws);
    assert_eq!(money(&before["streams"][0]["balance"]), d("2670.00"));
    assert_eq!(
        money(&before["streams"][0]["surplus_threshold"]),
        d("2393.44")
    );
    assert!(
        before["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "surplus"),
        "{before}"
    );
    let entries_before = ws.journal().transactions().len();

    // A week's payslip for £260.00 gross: tax £3.60, the employee's NI £1.44 and their
    // pension £7.00 taken off, so £247.96 net; the employer adds NI £24.60 and pension £4.20,
    // and the payroll service charges £7.50.
    let said = ws.ok(&[
        "payroll",
        "--employee",
        "tomasz",
        "--date",
        "2026-04-17",
        "--net",
        "247.96",
        "--paye",
        "3.60",
        "--employee-ni",
        "1.44",
        "--employer-ni",
        "24.60",
        "--pension",
        "4.20",
        "--employee-pension",
        "7.00",
        "--fee",
        "7.50",
    ]);
    // Out of the account that day: net pay, both pension parts and the fee,
    // 247.96 + 4.20 + 7.00 + 7.50 = £266.66. Owed to HMRC: 3.60 + 1.44 + 24.60 = £29.64.
    let (paid_out, owed) = (
        d("247.96") + d("4.20") + d("7.00") + d("7.50"),
        d("3.60") + d("1.44") + d("24.60"),
    );
    assert_eq!((paid_out, owed), (d("266.66"), d("29.64")));
    assert!(
        said.contains(
            "gross pay £260.00; £266.66 paid out; £29.64 owed to HMRC (now £29.64 in all)"
        ),
        "{said}"
    );
    let j = ws.journal();
    assert_eq!(j.transactions().len(), entries_before + 1, "one entry");
    let tx = j.transactions().last().unwrap();
    let postings: Vec<(String, Decimal)> = j
        .postings(tx)
        .iter()
        .map(|p| (j.account_name(p.account).to_string(), p.amount.as_decimal()))
        .collect();
    assert_eq!(
        postings,
        [
            ("expenses:pa-wages".to_string(), d("260.00")),
            ("expenses:employer-ni".to_string(), d("24.60")),
            ("expenses:employer-pension".to_string(), d("4.20")),
            ("expenses:payroll-fee".to_string(), d("7.50")),
            ("liabilities:hmrc".to_string(), -owed),
            ("assets:direct-payment:social-care".to_string(), -paid_out),
        ]
    );
    assert_eq!(j.tag(tx, "outcome"), Some("stay-at-home"));
    assert_eq!(j.tag(tx, "employee"), Some("tomasz"));
    // A split entry: each spending line carries the outcome on its own line.
    let text = ws.journal_text();
    for line in [
        "    expenses:pa-wages                       £260.00  ; outcome: stay-at-home\n",
        "    expenses:payroll-fee                    £7.50  ; outcome: stay-at-home\n",
        "    liabilities:hmrc                        £-29.64\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    hledger_agrees(&ws, "a pay day");
    // hledger counts every line for the outcome: 260 + 24.60 + 4.20 + 7.50 = £296.30.
    if let Some(h) = support::hledger("pay day by outcome") {
        let out = std::process::Command::new(h)
            .args(["-f", ws.journal_path().to_str().unwrap()])
            .args(["bal", "expenses", "tag:outcome=stay-at-home", "-O", "csv"])
            .output()
            .unwrap();
        let csv = String::from_utf8(out.stdout).unwrap();
        assert!(csv.contains("\"total\",\"£296.30\""), "{csv}");
    }
    // ledger reads the same: £29.64 owed, £296.30 spent on the pay day and the lunch club's
    // £30.00.
    if let Some(bal) = ledger_bal(&ws) {
        for line in [
            "£-29.64  liabilities:hmrc",
            "£260.00  expenses:pa-wages",
            "£24.60  expenses:employer-ni",
            "£4.20  expenses:employer-pension",
            "£7.50  expenses:payroll-fee",
            "£2403.34  assets:direct-payment:social-care",
        ] {
            assert!(bal.contains(line), "{line:?} in ledger's\n{bal}");
        }
    }

    // The balance is £2,670.00 - £266.66 = £2,403.34, still above the surplus line, but
    // £29.64 of it is HMRC's: £2,373.70 is free, below the line, so no surplus alert.
    let after = stream_json(&ws);
    let st = &after["streams"][0];
    assert_eq!(money(&st["balance"]), d("2403.34"));
    assert_eq!(money(&st["committed"]), owed);
    assert_eq!(money(&after["totals"]["committed"]), owed);
    assert!(
        !after["alerts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "surplus"),
        "{after}"
    );
    // The pay day's spending is the outcome's: 260 + 24.60 + 4.20 + 7.50 = £296.30.
    let home = after["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "stay-at-home")
        .unwrap();
    assert_eq!(money(&home["spent"]), d("296.30"));
    let text = ws.ok(&["summary"]);
    assert!(
        text.contains("Committed: £29.64 of the balance is owed to HMRC (tax and NI from pay days), leaving £2,373.70."),
        "{text}"
    );

    // More than is owed is refused, and nothing is written.
    let journal = ws.journal_text();
    let out = ws.run(&["pay-hmrc", "--date", "2026-04-22", "--amount", "30.00"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("£29.64 owed to HMRC"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ws.journal_text(), journal);
    // Paying HMRC what is owed ends the commitment; the balance is £2,403.34 - £29.64.
    ws.ok(&["pay-hmrc", "--date", "2026-04-22", "--amount", "29.64"]);
    let paid = stream_json(&ws);
    assert_eq!(money(&paid["streams"][0]["committed"]), d("0.00"));
    assert_eq!(money(&paid["streams"][0]["balance"]), d("2373.70"));
    assert_eq!(money(&paid["outcomes"][0]["spent"]), d("296.30"));
    hledger_agrees(&ws, "a pay day and HMRC paid");
    // The register: the pay day is its spending, 260 + 24.60 + 4.20 + 7.50 = £296.30 out;
    // paying HMRC is £29.64 out.
    let listed = json(&ws, &["list", "--format", "json"]);
    let amount_of = |payee: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["payee"] == payee)
            .map(|e| money(&e["amount"]))
            .unwrap()
    };
    assert_eq!(amount_of("Tomasz Nowak"), d("-296.30"));
    assert_eq!(amount_of("HMRC"), d("-29.64"));
    let Some(h) = support::hledger("HMRC balance") else {
        return;
    };
    let b = support::hledger_balances(&h, &ws.journal_path(), None);
    assert_eq!(b.get("liabilities:hmrc"), None, "nothing owed: {b:?}");
}

#[test]
fn a_pay_day_names_what_is_wrong_with_each_figure_and_writes_nothing() {
    let ws = ws_with(TOMASZ);
    let journal = ws.journal_text();
    let out = ws.run(&[
        "payroll",
        "--employee",
        "tom",
        "--date",
        "2026-04-17",
        "--net",
        "247.961",
        "--paye=-3",
        "--employee-ni",
        "0",
        "--employer-ni",
        "0",
        "--pension",
        "0",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for part in [
        "--employee: the plan has no employee \"tom\" (employees: tomasz)",
        "--net: \"247.961\" has more than two decimal places",
        "--paye: -3 is below zero",
        "nothing was written",
    ] {
        assert!(err.contains(part), "{part:?} in {err}");
    }
    assert_eq!(ws.journal_text(), journal);
}

#[test]
fn irregular_hours_earn_holiday_at_12_07_percent_and_a_pa_under_the_trigger_may_opt_in() {
    let share = rate("2026-27", "holiday.irregular_percent") / d("100"); // 12.07%
    let threshold = rate("2026-27", "employer_ni.secondary_threshold.week"); // £96
    let lower = rate("2026-27", "pension.qualifying_lower.week"); // £120
    let trigger = rate("2026-27", "pension.earnings_trigger.week"); // £192
    // 600 hours a year, weekly: 600/52 hours worked a week, and 12.07% of them as holiday,
    // paid on top: 600 x 1.1207 x £13.00 / 52 = £168.105, £168.11 a week.
    let week = pence(d("600") * (d("1") + share) * d("13.00") / d("52"));
    assert_eq!(week, d("168.11"));
    let holiday_hours = d("600") * share;
    assert_eq!(holiday_hours, d("72.4200"));
    let ni = d("52") * pence((week - threshold) * d("0.15"));
    assert_eq!(ni, d("562.64"));
    // Under the £192 trigger, so not enrolled by law; opted in, the employer pays 3% of
    // pay above £120: (168.11 - 120) x 3% = £1.44 a week.
    assert!(week < trigger);
    let pension = d("52") * pence((week - lower) * d("0.03"));
    assert_eq!(pension, d("74.88"));
    let plan = TOMASZ.replace(
        "hours_per_week = \"20\"",
        "irregular = true\nhours_per_year = \"600\"",
    );
    let ws = ws_with(&plan);
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    let e = &r["employees"][0];
    assert_eq!(money(&e["gross_pay"]), d("52") * week);
    assert_eq!(d(e["holiday_hours"].as_str().unwrap()), d("72.42"));
    assert_eq!(d(e["worked_hours"].as_str().unwrap()), d("600.00"));
    assert_eq!(money(&e["employer_ni"]), ni);
    assert_eq!(money(&e["pension"]), d("0.00"));
    assert_eq!(e["hours_agreed"], "600 hours a year");
    let ws = ws_with(&plan.replace(
        "start = 2024-05-01",
        "start = 2024-05-01\npension = \"opted-in\"",
    ));
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    assert_eq!(money(&r["employees"][0]["pension"]), pension);
}

#[test]
fn a_year_careledger_has_no_figures_for_is_said_and_not_guessed_at() {
    // 2024-25, before the first shipped year: the minimum then (£11.44) is not in the rates,
    // so £11.50 is not called under 2025-26's £12.21; the report says whose figures it used.
    let ws = Ws::new();
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan)
        .unwrap()
        .replace(
            "start = 2026-04-01\nend = 2027-03-31",
            "start = 2024-04-01\nend = 2025-03-31",
        )
        .replace("first_payment = 2026-04-01", "first_payment = 2024-04-01");
    fs::write(
        &plan,
        text + &TOMASZ
            .replace("hourly_rate = \"13.00\"", "hourly_rate = \"11.50\"")
            .replace("start = 2024-05-01", "start = 2024-04-01")
            .replace("renews = 2027-02-01", "renews = 2025-02-01"),
    )
    .unwrap();
    assert!(alerts_of(&ws, "2024-06-01", "minimum-wage").is_empty());
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    assert_eq!(r["rate_years"], serde_json::json!(["2025-26"]));
    assert_eq!(
        r["notes"],
        serde_json::json!([
            "careledger has no rates for the year from 1 April 2024, so 2025-26's are used for it; add that year's figures to careledger.toml under [rates.<year>] (see README)"
        ])
    );
    // Past the last year careledger has, today is still checked against its minimum, which
    // never falls: £12.50 is under 2026-27's £12.71 on 1 May 2027 too.
    let ws = ws_with(&TOMASZ.replace("hourly_rate = \"13.00\"", "hourly_rate = \"12.50\""));
    let plan = ws.root.join("holders/pat/plan.toml");
    let text = fs::read_to_string(&plan).unwrap().replace(
        "start = 2026-04-01\nend = 2027-03-31",
        "start = 2026-04-01\nend = 2027-09-30",
    );
    fs::write(&plan, text).unwrap();
    let found = alerts_of(&ws, "2027-05-01", "minimum-wage");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].1.contains("less than the legal minimum of £12.71"),
        "{found:?}"
    );
}

#[test]
fn enhanced_hours_a_raise_and_a_higher_pension_contribution_worked_by_hand() {
    // From 1 April 2026 (the whole plan year) 20 hours at £13.50 and 4 weekend hours at
    // £15.00: 270 + 60 = £330.00 a week. The employer pays 5% into the pension.
    let plan = TOMASZ.replace(
        "outcome = \"stay-at-home\"",
        "outcome = \"stay-at-home\"\npension_percent = \"5\"",
    ) + "\n[[employees.enhanced]]\nname = \"weekend\"\nhourly_rate = \"15.00\"\nhours_per_week = \"4\"\n\
           \n[[employees.changes]]\nfrom = 2026-04-01\nhourly_rate = \"13.50\"\n";
    let ws = ws_with(&plan);
    let week = d("20") * d("13.50") + d("4") * d("15.00");
    assert_eq!(week, d("330.00"));
    let r = json(&ws, &["report", "employer", "--format", "json"]);
    let e = &r["employees"][0];
    assert_eq!(e["hours_agreed"], "24 hours a week");
    assert_eq!(money(&e["gross_pay"]), d("52") * week);
    // NI (330 - 96) x 15% = £35.10 a week; pension (330 - 120) x 5% = £10.50 a week.
    assert_eq!(money(&e["employer_ni"]), d("52") * d("35.10"));
    assert_eq!(money(&e["pension"]), d("52") * d("10.50"));
    // Holiday: 5.6/52 of the 1,248 hours and of the pay; a week's pay in reserve.
    assert_eq!(d(e["holiday_hours"].as_str().unwrap()), d("134.40"));
    assert_eq!(money(&e["holiday_pay"]), d("17160.00") * d("5.6") / d("52"));
    assert_eq!(money(&e["redundancy_reserve"]), week);
    // An enhanced rate under the minimum is said too.
    let ws = ws_with(&plan.replace("hourly_rate = \"15.00\"", "hourly_rate = \"12.00\""));
    let found = alerts_of(&ws, "2026-04-30", "minimum-wage");
    assert_eq!(
        found,
        [(
            "serious".to_string(),
            "Tomasz Nowak is paid £12.00 an hour for weekend hours, less than the legal minimum of £12.71 for someone aged 21 or over (the plan gives no date of birth). Raise the rate in the plan and on the payroll, and pay the difference owed.".to_string()
        )]
    );
}

#[test]
fn the_monitoring_return_counts_paying_hmrc_as_paying_for_the_plan_and_balances() {
    let ws = ws_with(TOMASZ);
    ws.ok(&[
        "payroll",
        "--employee",
        "tomasz",
        "--date",
        "2026-04-17",
        "--net",
        "247.96",
        "--paye",
        "3.60",
        "--employee-ni",
        "1.44",
        "--employer-ni",
        "24.60",
        "--pension",
        "4.20",
        "--employee-pension",
        "7.00",
        "--fee",
        "7.50",
    ]);
    ws.ok(&["pay-hmrc", "--date", "2026-04-22", "--amount", "29.64"]);
    let r = json(
        &ws,
        &[
            "report",
            "monitoring",
            "--period",
            "2026-q1",
            "--format",
            "json",
        ],
    );
    let st = &r["streams"][0];
    // Out of the account: the lunch club's £30.00, the pay day's £266.66 and HMRC's £29.64.
    let out = d("30.00") + d("266.66") + d("29.64");
    assert_eq!(money(&st["total_out"]), out);
    assert_eq!(money(&st["closing_balance"]), d("250.00") - out);
    assert_eq!(st["outside_plan"], serde_json::json!([]), "{st}");
    if let Some(h) = support::hledger("the return's closing balance") {
        let b = support::hledger_balances(&h, &ws.journal_path(), Some("2026-07-01"));
        assert_eq!(
            b.get(support::ASSET).map(|m| m.as_decimal()),
            Some(d("250.00") - out)
        );
    }
}

/// `payroll --help` gives each optional amount's default in words, not clap's `[default: ""]`.
#[test]
fn payroll_help_names_no_empty_default() {
    let out = std::process::Command::new(support::CARELEDGER)
        .args(["payroll", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{help}");
    assert!(!help.contains("[default: \"\"]"), "{help}");
    assert!(help.contains("this pay day (default: none)"), "{help}");
}
