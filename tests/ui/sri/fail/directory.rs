//! A directory is not a file to hash.

const INTEGRITY: &str = secure_http::sri!(".");

fn main() {
    let _ = INTEGRITY;
}
