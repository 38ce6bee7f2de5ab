//! `sri!` needs the path.

const INTEGRITY: &str = secure_http::sri!();

fn main() {
    let _ = INTEGRITY;
}
