//! `unsafe-allow-redirects` belonged to the removed `navigate-to`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self unsafe-allow-redirects
};

fn main() {
    let _ = POLICY.as_str();
}
