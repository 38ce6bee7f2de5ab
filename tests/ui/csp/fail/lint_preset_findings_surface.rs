//! Extending the original's `google-analytics` preset surfaces its JSONP host, at the preset.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    ..google-analytics,
    img-src: self
};

fn main() {
    let _ = POLICY.as_str();
}
