//! Bank statement import on any text: never a panic or a hang. A refused statement names a
//! line inside the file for every problem; an accepted one plans an import against a real
//! holder whose appended entries read back and keep every balance check true.
#![no_main]

use careledger::core::import::{built_in_profiles, plan_import, read_statement};
use careledger::core::journal::{Journal, check_assertions};
use libfuzzer_sys::fuzz_target;

const PLAN: &str = include_str!("../../tests/fixtures/import/holder/plan.toml");
const JOURNAL: &str = include_str!("../../tests/fixtures/import/holder/ledger.journal");

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let profiles = built_in_profiles();
    // The layout found from the header, then each built-in profile chosen by name.
    let choices = std::iter::once(None).chain(profiles.iter().map(|(n, p)| Some((n.as_str(), p))));
    let lines = text.lines().count().max(1);
    for chosen in choices {
        match read_statement(text, chosen, &profiles) {
            Err(e) => {
                assert!(!e.problems.is_empty(), "a refusal says why");
                for p in &e.problems {
                    assert!(p.line >= 1 && p.line <= lines + 1, "line {} of {lines}", p.line);
                }
            }
            Ok(statement) => {
                let plan = careledger::core::plan::parse(PLAN).expect("the fixture plan reads").plan;
                let journal = Journal::parse(JOURNAL.to_string()).expect("the fixture journal reads");
                let stream = &plan.streams[0];
                let journals = [journal];
                let planned = plan_import(&plan, &journals, &statement, stream, &[]);
                if planned.entries.is_empty() {
                    continue;
                }
                let text = journals[0].with_appended_entries(&planned.entries);
                let after = Journal::parse(text).expect("imported entries read back");
                let failures = check_assertions(std::slice::from_ref(&after));
                assert!(failures.is_empty(), "an import never writes a failing balance check: {failures:?}");
            }
        }
    }
});
