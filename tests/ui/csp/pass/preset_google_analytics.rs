//! `..google-analytics` alone, the original's output; its JSONP host has to be allowed.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(bypass_host)]
    ..google-analytics
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'self' www.google-analytics.com ajax.googleapis.com"
    );
}
