//! `careledger plan ...` on the demo's Ann: outcomes, reviews and streams changed from the
//! command line, plan.toml's hand-written comments kept through every change, and a change
//! that would allocate more than the streams pay refused until `--anyway`.

mod support;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use support::{CARELEDGER, demo_workspace};

fn run(ws: &Path, args: &[&str]) -> Output {
    Command::new(CARELEDGER)
        .arg("--data")
        .arg(ws)
        .args(["--holder", "ann", "--today", "2026-10-15"])
        .args(args)
        .env_remove("CARELEDGER_DATA")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn ok(ws: &Path, args: &[&str]) -> String {
    let out = run(ws, args);
    assert!(
        out.status.success(),
        "careledger {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(ws: &Path, args: &[&str]) -> String {
    let out = run(ws, args);
    assert!(!out.status.success(), "careledger {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

const COMMENT: &str = "agreed = \"22880.00\"        # 13 payments of 1760.00";

#[test]
fn outcomes_reviews_and_streams_change_and_the_comments_stay() {
    let (_tmp, ws) = demo_workspace();
    let path = ws.join("holders/ann/plan.toml");
    let plan = || fs::read_to_string(&path).unwrap();
    assert!(plan().contains(COMMENT));

    let said = ok(
        &ws,
        &[
            "plan",
            "outcome",
            "add",
            "garden",
            "--title",
            "Keep my garden",
            "--what-matters",
            "I love my roses",
            "--support",
            "A gardener twice a month",
            "--allocation",
            "social-care=500.00",
        ],
    );
    assert_eq!(said, "Outcome \"Keep my garden\" was added.\n");
    assert!(plan().ends_with(
        "\n[[outcomes]]\nid = \"garden\"\ntitle = \"Keep my garden\"\nwhat_matters = \"I love my roses\"\nsupport = [\"A gardener twice a month\"]\nallocation = { social-care = \"500.00\" }\n"
    ), "{}", plan());

    // The demo's two reviews: the second, the annual review, is done.
    ok(
        &ws,
        &[
            "plan",
            "review",
            "2",
            "--done",
            "--note",
            "Same support agreed",
        ],
    );
    assert!(
        plan().contains(
            "[[reviews]]\ndate = 2027-03-18\nnote = \"Same support agreed\"\ndone = true\n"
        ),
        "{}",
        plan()
    );
    ok(
        &ws,
        &[
            "plan",
            "new-review",
            "--date",
            "2027-01-15",
            "--note",
            "Check the garden",
        ],
    );
    assert!(plan().contains("[[reviews]]\ndate = 2027-01-15\nnote = \"Check the garden\"\n"));

    ok(
        &ws,
        &[
            "plan",
            "stream",
            "change",
            "social-care",
            "--from",
            "2026-11-01",
            "--amount",
            "1900.00",
            "--note",
            "Reassessed after the October review",
        ],
    );
    assert!(plan().contains("\n[[streams.changes]]\nfrom = 2026-11-01\namount = \"1900.00\"\nnote = \"Reassessed after the October review\"\n"), "{}", plan());
    ok(
        &ws,
        &[
            "plan",
            "stream",
            "set",
            "social-care",
            "surplus_threshold_weeks",
            "6",
        ],
    );
    assert!(plan().contains("surplus_threshold_weeks = 6\n"));
    ok(
        &ws,
        &[
            "plan",
            "outcome",
            "change",
            "garden",
            "--title",
            "My garden",
        ],
    );
    assert!(plan().contains("title = \"My garden\""));

    // 8 x (1760 + 154) + 5 x (1900 + 154) = 25,582.00 a year; 15,000 + 6,880 + 500 = 22,380 allocated,
    // so 3,202.00 more is the most another outcome can have without going over.
    let e = fails(
        &ws,
        &[
            "plan",
            "outcome",
            "add",
            "more",
            "--title",
            "More",
            "--allocation",
            "social-care=3202.01",
        ],
    );
    assert!(
        e.contains("outcomes would be allocated £25,582.01 from \"social-care\" but it pays £25,582.00 over the plan period. Nothing was written; to save it anyway, give --anyway"),
        "{e}"
    );
    assert!(!plan().contains("id = \"more\""));
    ok(
        &ws,
        &[
            "plan",
            "outcome",
            "add",
            "more",
            "--title",
            "More",
            "--allocation",
            "social-care=3202.00",
        ],
    );
    ok(&ws, &["plan", "outcome", "remove", "more"]);
    let said = ok(
        &ws,
        &[
            "plan",
            "outcome",
            "add",
            "more",
            "--title",
            "More",
            "--allocation",
            "social-care=9000.00",
            "--anyway",
        ],
    );
    assert!(said.contains("Warning: the plan is not enough"), "{said}");

    // Taking out what the records use is refused, and says why.
    let e = fails(&ws, &["plan", "outcome", "remove", "stay-at-home"]);
    assert!(
        e.contains("entries are tagged with outcome \"stay-at-home\""),
        "{e}"
    );
    let e = fails(&ws, &["plan", "stream", "set", "social-care", "amont", "5"]);
    assert!(e.contains("a stream has no field \"amont\""), "{e}");

    // The hand-written comments are all still there.
    let text = plan();
    for comment in [
        "# Ann Whitaker, 78. Long-term conditions",
        COMMENT,
        "client_contribution = \"154.00\"   # 38.50 a week, paid in by Ann every 4 weeks",
    ] {
        assert!(text.contains(comment), "lost {comment:?}:\n{text}");
    }
    ok(&ws, &["check"]);
}
