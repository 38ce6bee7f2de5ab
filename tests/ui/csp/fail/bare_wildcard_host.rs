//! A wildcard host must be a string too.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: *.example.com
};

fn main() {
    let _ = POLICY.as_str();
}
