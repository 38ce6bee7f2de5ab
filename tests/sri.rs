//! Compile-time file hashes: `sri!` and `sha256/384/512(file: ..)` in `csp!` hash the bytes
//! of the file, compared here with digests computed now from the same file.

use base64::Engine as _;
use sha2::Digest as _;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/app.js");

fn base64_of(digest: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(digest)
}

fn fixture() -> Vec<u8> {
    std::fs::read(FIXTURE).expect("the fixture is in the repository")
}

#[test]
fn sri_is_the_sha384_of_the_file() {
    const INTEGRITY: &str = secure_http::sri!("tests/fixtures/app.js");
    let expected = format!("sha384-{}", base64_of(&sha2::Sha384::digest(fixture())));
    assert_eq!(INTEGRITY, expected);
}

#[test]
fn csp_file_hashes_are_of_the_file() {
    let policy = secure_http::csp! {
        script-src: self sha256(file: "tests/fixtures/app.js") sha384(file: "tests/fixtures/app.js"),
        style-src: sha512(file: "tests/fixtures/app.js"),
    };
    let bytes = fixture();
    let expected = format!(
        "script-src 'self' 'sha256-{}' 'sha384-{}'; style-src 'sha512-{}'",
        base64_of(&sha2::Sha256::digest(&bytes)),
        base64_of(&sha2::Sha384::digest(&bytes)),
        base64_of(&sha2::Sha512::digest(&bytes)),
    );
    assert_eq!(policy.as_str(), expected);
}

/// A file holding an inline script hashes as the script's text does.
#[test]
fn a_file_hashes_as_its_text() {
    let text = String::from_utf8(fixture()).unwrap();
    let policy = secure_http::csp! { script-src: sha384(file: "tests/fixtures/app.js") };
    assert_eq!(
        policy.as_str(),
        format!(
            "script-src {}",
            secure_http::csp::HashAlgorithm::Sha384.hash_source(&text)
        )
    );
}

/// What makes cargo rebuild when a hashed file changes: the expansions include the files, so
/// rustc lists them in this test's dependency information, next to its executable.
#[test]
fn cargo_tracks_the_hashed_files() {
    let executable = std::env::current_exe().unwrap();
    let dep_info = executable.with_extension("d");
    let listed = std::fs::read_to_string(&dep_info)
        .unwrap_or_else(|error| panic!("{}: {error}", dep_info.display()));
    let fixture = std::path::Path::new(FIXTURE).canonicalize().unwrap();
    assert!(
        listed
            .lines()
            .any(|line| line.trim_end_matches(':') == fixture.to_str().unwrap()),
        "{} does not list {}:\n{listed}",
        dep_info.display(),
        fixture.display()
    );
}
