//! A directive name must be written bare.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    "default-src": self
};

fn main() {
    let _ = POLICY.as_str();
}
