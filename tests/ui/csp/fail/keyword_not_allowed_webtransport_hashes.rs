//! `unsafe-webtransport-hashes` counts only in `connect-src` and `default-src`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    script-src: self unsafe-webtransport-hashes
};

fn main() {
    let _ = POLICY.as_str();
}
