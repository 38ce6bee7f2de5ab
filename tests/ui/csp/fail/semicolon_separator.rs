//! Directives are separated by commas in the macro.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self; img-src: data:
};

fn main() {
    let _ = POLICY.as_str();
}
