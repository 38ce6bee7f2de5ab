//! A hash source that lost its quotes is a host name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "sha256-mqWntQHJ3q1ZXryS9gia9qIprEhEypVch4flpdhujzQ="
};

fn main() {
    let _ = POLICY.as_str();
}
