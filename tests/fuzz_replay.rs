//! The fuzz targets' checks on stable, in the ordinary test run.
//!
//! `fuzz/src/lib.rs` holds what each fuzz target asserts (see FUZZING.md). Here every seed
//! in `fuzz/seeds/<target>/` and every input a fuzzer found in `fuzz/regressions/<target>/`
//! is replayed through the same check, and each target also gets a short run of random
//! mutations of its seeds, so the checks run on every commit without nightly or libFuzzer.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use proptest::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

fn fuzz_dir(kind: &str, target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(target)
}

#[test]
fn every_seed_and_every_past_finding_passes_its_check() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for &(target, check) in checks::TARGETS {
        let seeds = inputs(&fuzz_dir("seeds", target));
        assert!(!seeds.is_empty(), "{target} has no seeds");
        for path in seeds
            .into_iter()
            .chain(inputs(&fuzz_dir("regressions", target)))
        {
            let data = std::fs::read(&path).unwrap();
            replayed += 1;
            if catch_unwind(AssertUnwindSafe(|| check(&data))).is_err() {
                failures.push(path.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "failed: {failures:#?}");
    eprintln!("replayed {replayed} inputs");
}

#[test]
fn every_target_has_a_fuzz_binary() {
    for &(target, _) in checks::TARGETS {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/fuzz_targets")
            .join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&source).unwrap_or_default();
        assert!(
            text.contains(&format!("secure_fuzz::{target}(data)")),
            "{} should call secure_fuzz::{target}",
            source.display()
        );
    }
}

/// Bytes worth splicing in: separators, quotes, controls, the start of a UTF-8 sequence,
/// and words of the grammars.
const DICTIONARY: &[&[u8]] = &[
    b";",
    b",",
    b"\"",
    b"'",
    b"\r\n",
    b"\0",
    b"\x7f",
    b"\xc3\xa9",
    b"\xff",
    b" ",
    b"\t",
    b"=",
    b"*",
    b":",
    b"//",
    b"[::1]",
    b"'self'",
    b"'none'",
    b"nonce",
    b"sha256-",
    b"max-age=",
    b"preload",
    b"includeSubDomains",
    b"report-uri=",
    b"\\",
    b"self",
    b"()",
    b";report-to=",
    b"src",
    b"?1",
    b"%0d%0a",
    b"__Host-csrf=",
    b"csrf_token=",
    b"https://",
    b"{",
    b"}",
    b"[",
    b"]",
    b"null",
    b"99999999999999999999",
];

#[derive(Debug, Clone)]
enum Edit {
    Replace(usize, u8),
    Insert(usize, usize),
    Remove(usize, usize),
    Duplicate(usize, usize),
}

fn apply(mut data: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = data.len();
        match *edit {
            Edit::Replace(at, byte) if len > 0 => data[at % len] = byte,
            Edit::Insert(at, word) => {
                let at = at % (len + 1);
                let word = DICTIONARY[word % DICTIONARY.len()];
                data.splice(at..at, word.iter().copied());
            }
            Edit::Remove(at, n) if len > 0 => {
                let at = at % len;
                data.drain(at..(at + n).min(len));
            }
            Edit::Duplicate(at, n) if len > 0 => {
                let at = at % len;
                let part = data[at..(at + n).min(len)].to_vec();
                data.splice(at..at, part);
            }
            _ => {}
        }
    }
    data
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Edit::Replace(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, w)| Edit::Insert(a, w)),
        (any::<usize>(), 1..8usize).prop_map(|(a, n)| Edit::Remove(a, n)),
        (any::<usize>(), 1..16usize).prop_map(|(a, n)| Edit::Duplicate(a, n)),
    ]
}

fn all_seeds() -> Vec<(usize, Vec<u8>)> {
    checks::TARGETS
        .iter()
        .enumerate()
        .flat_map(|(index, &(target, _))| {
            inputs(&fuzz_dir("seeds", target))
                .into_iter()
                .map(move |path| (index, std::fs::read(path).unwrap()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2048),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A few thousand mutated seeds per run through every check: the fuzzers' properties
    /// on every commit, a long way from what libFuzzer does in minutes, but never skipped.
    #[test]
    fn mutated_seeds_pass_their_checks(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let seeds = all_seeds();
        let (target, seed) = &seeds[pick.index(seeds.len())];
        let data = apply(seed.clone(), &edits);
        (checks::TARGETS[*target].1)(&data);
    }
}
