//! In the string form, `self` without quotes is a host named self.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!("script-src self");

fn main() {
    let _ = POLICY.as_str();
}
