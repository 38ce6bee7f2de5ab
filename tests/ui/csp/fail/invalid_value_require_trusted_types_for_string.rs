//! `require-trusted-types-for` takes its keyword bare: the string "script" is not the keyword.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    require-trusted-types-for: "script"
};

fn main() {
    let _ = POLICY.as_str();
}
