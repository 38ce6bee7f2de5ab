//! Compile-time behaviour of the macros: the fail cases, `tests/ui/*/fail/*.rs`, are rejected
//! with the messages in their `.stderr` files. The pass cases run in `tests/ui_pass.rs`.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui`, then read
//! every changed `.stderr`.
//!
//! trybuild checks these in a single `cargo check` because no pass case is among them; with
//! one, it builds every case on its own (about a second each, for some 200 cases).

#[test]
fn ui() {
    trybuild::TestCases::new().compile_fail("tests/ui/*/fail/*.rs");
}
