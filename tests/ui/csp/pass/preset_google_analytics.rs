//! `..google-analytics` alone, the original's output.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    ..google-analytics
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'self' www.google-analytics.com ajax.googleapis.com"
    );
}
