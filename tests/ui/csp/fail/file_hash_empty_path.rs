//! An empty path names no file.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    style-src: sha256(file: ""),
};

fn main() {
    let _ = POLICY.as_str();
}
