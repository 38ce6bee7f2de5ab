//! `%` not followed by two hex digits.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "https://example.com/100%/logo.png"
};

fn main() {
    let _ = POLICY.as_str();
}
