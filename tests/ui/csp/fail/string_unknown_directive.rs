//! In the string form, an error points at the string and says where in it.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "default-src 'self'; img-scr https:"
);

fn main() {
    let _ = POLICY.as_str();
}
