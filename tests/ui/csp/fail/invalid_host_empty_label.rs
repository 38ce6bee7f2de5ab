//! Two dots in a row.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "cdn..example.com"
};

fn main() {
    let _ = POLICY.as_str();
}
