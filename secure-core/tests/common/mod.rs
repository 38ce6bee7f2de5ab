//! Strategies and settings shared by the property tests of this crate.

#![allow(dead_code)] // each test crate uses its own part

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

/// `cases` cases, or `PROPTEST_CASES` for a longer run; a failing case is saved beside the
/// test file (`<name>.proptest-regressions`) and tried first from then on.
pub fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// `word` with each ASCII letter in random case.
pub fn random_case(word: impl Into<String>) -> impl Strategy<Value = String> {
    let word: String = word.into();
    vec(any::<bool>(), word.len()).prop_map(move |upper| {
        word.chars()
            .zip(upper)
            .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

/// Whitespace where the grammar needs some: at least one space or tab.
pub fn gap() -> impl Strategy<Value = String> {
    prop_oneof![4 => Just(" ".to_owned()), 1 => "[ \t]{1,3}"]
}

/// Whitespace where the grammar allows none or some.
pub fn padding() -> impl Strategy<Value = String> {
    prop_oneof![3 => Just(String::new()), 1 => "[ \t]{1,3}"]
}

/// A change to text: a fragment inserted, a character deleted or replaced by a fragment.
#[derive(Debug, Clone)]
enum Edit {
    Insert(String),
    Delete,
    Replace(String),
}

fn edit(fragment: BoxedStrategy<String>) -> impl Strategy<Value = Edit> {
    prop_oneof![
        2 => fragment.clone().prop_map(Edit::Insert),
        1 => Just(Edit::Delete),
        2 => fragment.prop_map(Edit::Replace),
    ]
}

/// Valid text with a few edits at random places: near misses, some still valid.
pub fn mutated(
    valid: impl Strategy<Value = String>,
    fragment: BoxedStrategy<String>,
) -> impl Strategy<Value = String> {
    (valid, vec((any::<Index>(), edit(fragment)), 1..4)).prop_map(|(mut text, edits)| {
        for (at, edit) in edits {
            let places: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let Some(&i) = places.get(at.index(places.len() + 1)) else {
                if let Edit::Insert(s) | Edit::Replace(s) = edit {
                    text.push_str(&s);
                }
                continue;
            };
            match edit {
                Edit::Insert(s) => text.insert_str(i, &s),
                Edit::Delete => drop(text.remove(i)),
                Edit::Replace(s) => {
                    text.remove(i);
                    text.insert_str(i, &s);
                }
            }
        }
        text
    })
}
