//! Extending the original's `google-analytics` preset surfaces its JSONP host, at the preset.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..google-analytics,
    img-src: self
};

fn main() {
    let _ = POLICY.as_str();
}
