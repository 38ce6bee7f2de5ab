//! A missing `,`: the next directive name reads as a value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self
    img-src: data:
};

fn main() {
    let _ = POLICY.as_str();
}
