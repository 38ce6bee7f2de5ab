//! An unknown preset does not hide the errors in the directives.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..stricter,
    img-src: slef
};

fn main() {
    let _ = POLICY.as_str();
}
