//! `sha256("...")` computes the hash source of an inline script.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha256("console.log('hi')")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'sha256-1ohZFo3B9w3UOFBbfx6JSomkpkME90iPs1r/qXzvX7Y='"
    );
}
