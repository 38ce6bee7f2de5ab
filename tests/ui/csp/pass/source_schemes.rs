//! Scheme sources, bare and as strings, including one with a `-`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: https: http: data: blob: filesystem: chrome-extension: "ws:"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src https: http: data: blob: filesystem: chrome-extension: ws:"
    );
}
