//! Beside its error, `sri!` expands to a `&'static str`: only the real error is reported.

const INTEGRITY: &'static str = secure_http::sri!(42);

fn main() {
    let tag = format!("<script integrity=\"{INTEGRITY}\"></script>");
    let _ = tag.len();
}
