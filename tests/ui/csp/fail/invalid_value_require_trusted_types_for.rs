//! `require-trusted-types-for` accepts only `script`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    require-trusted-types-for: style
};

fn main() {
    let _ = POLICY.as_str();
}
