//! Amounts as people type them: never a panic, and every amount accepted reads back the
//! same from each form careledger prints it in.
#![no_main]

use careledger::core::money::Money;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(m) = Money::parse(text) else {
        return;
    };
    assert_eq!(Money::parse(&m.plain()), Ok(m), "plain form of {m:?}");
    assert_eq!(Money::parse(&m.journal()), Ok(m), "journal form of {m:?}");
    assert_eq!(Money::parse(&m.to_string()), Ok(m), "display form of {m:?}");
    assert_eq!(m.pence(), Money::from_pence(m.pence()).pence());
});
