//! An empty path names no file.

const INTEGRITY: &str = secure_http::sri!("");

fn main() {
    let _ = INTEGRITY;
}
