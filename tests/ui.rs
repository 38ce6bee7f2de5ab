//! Compile-time behaviour of `csp!` and `hsts!`: the pass cases compile and assert the exact
//! header they produce; the fail cases are rejected with the messages in their `.stderr` files.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui`, then read
//! every changed `.stderr`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/*/pass/*.rs");
    cases.compile_fail("tests/ui/*/fail/*.rs");
}
