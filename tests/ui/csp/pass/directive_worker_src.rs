//! `worker-src`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    worker-src: self blob:
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "worker-src 'self' blob:"
    );
}
