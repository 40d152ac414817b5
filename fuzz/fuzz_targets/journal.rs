//! The journal parser on any text: never a panic or a hang; whatever it accepts it keeps
//! byte for byte, and careledger's own edits to it (append, status change) read back.
#![no_main]

use careledger::core::journal::{Journal, NewPosting, NewTransaction, Status, check_assertions};
use careledger::core::money::Money;
use libfuzzer_sys::fuzz_target;

fn entry() -> NewTransaction {
    NewTransaction {
        date: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        status: Status::Unmarked,
        code: None,
        payee: "Taxi Co".into(),
        note: Some("to the day centre".into()),
        tags: vec![("outcome".into(), "get-out".into())],
        postings: vec![
            NewPosting {
                account: "expenses:travel".into(),
                amount: Some(Money::from_pence(1250)),
            },
            NewPosting {
                account: "assets:direct-payment:social-care".into(),
                amount: None,
            },
        ],
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(j) = Journal::parse(text.to_string()) else {
        return;
    };
    assert_eq!(j.text(), text, "the text is kept whole");
    let _ = check_assertions(std::slice::from_ref(&j));
    for tx in j.transactions() {
        let _ = (j.payee(tx), j.note(tx), j.code(tx), j.tags(tx).count());
        assert!(text.get(tx.span.range()).is_some());
    }

    let appended = j.with_appended(&entry());
    assert!(appended.starts_with(text), "appending moves no byte");
    let after = Journal::parse(appended).expect("an appended entry reads back");
    assert_eq!(after.transactions().len(), j.transactions().len() + 1);

    if !j.transactions().is_empty() {
        let k = j.transactions().len() / 2;
        for status in [Status::Cleared, Status::Unmarked] {
            let changed = Journal::parse(j.with_status(k, status)).expect("a status change reads back");
            assert_eq!(changed.transactions().len(), j.transactions().len());
            assert_eq!(changed.transactions()[k].status, status);
        }
    }
});
