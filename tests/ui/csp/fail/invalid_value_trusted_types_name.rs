//! A Trusted Types policy name with a character outside `-#=_/@.%`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    trusted-types: "my!policy"
};

fn main() {
    let _ = POLICY.as_str();
}
