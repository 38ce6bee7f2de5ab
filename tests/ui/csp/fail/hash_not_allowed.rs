//! A computed hash in a directive that does not govern scripts or styles.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self sha256("alert(1)")
};

fn main() {
    let _ = POLICY.as_str();
}
