//! A preset that does not exist.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..paranoid
};

fn main() {
    let _ = POLICY.as_str();
}
