//! `worker-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    worker-src: self blob:
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "worker-src 'self' blob:"
    );
}
