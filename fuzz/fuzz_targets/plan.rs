//! The plan parser (TOML, then careledger's checks) on any text: an answer, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = careledger::core::plan::parse(text) {
            // Every refusal says where.
            let first = e.first();
            assert!(first.line >= 1 && first.column >= 1);
        }
    }
});
