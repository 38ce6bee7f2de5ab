//! A bare scheme with an underscore.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: my_scheme:
};

fn main() {
    let _ = POLICY.as_str();
}
