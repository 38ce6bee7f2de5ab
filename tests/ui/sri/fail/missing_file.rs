//! `sri!` reads the file when it expands: a missing one fails the build at the path.

const INTEGRITY: &str = secure_http::sri!("static/no-such-file.js");

fn main() {
    let _ = INTEGRITY;
}
