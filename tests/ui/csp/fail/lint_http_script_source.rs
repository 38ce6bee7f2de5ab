//! A finding of `http_script_source` (denied by default) fails the build, pointing at its cause.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    object-src: none,
    script-src: "http://cdn.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}
