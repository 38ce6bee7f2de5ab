//! `fenced-frame-src`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    fenced-frame-src: "https://ads.example.com"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "fenced-frame-src https://ads.example.com"
    );
}
