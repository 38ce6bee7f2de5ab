//! A finding of `bypass_host` (denied by default) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    object-src: none,
    script-src: "https://ajax.googleapis.com"
};

fn main() {
    let _ = POLICY.as_str();
}
