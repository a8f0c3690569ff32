//! Generated documentation stays in sync with the data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

#[test]
fn docs_value_sets_in_sync() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/value-sets.md");
    let want = groupwell_tests::value_sets_markdown();
    if std::env::var("GROUPWELL_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/value-sets.md is out of date: run `GROUPWELL_BLESS=1 cargo test -p groupwell-tests --test docs`"
    );
}
