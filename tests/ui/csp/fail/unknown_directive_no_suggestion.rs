//! A name far from every directive.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self,
    frobnicate: self,
};

fn main() {
    let _ = POLICY.as_str();
}
