//! `unsafe-webtransport-hashes` counts only in `connect-src` and `default-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self unsafe-webtransport-hashes
};

fn main() {
    let _ = POLICY.as_str();
}
