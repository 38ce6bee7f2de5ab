//! `;` inside a value.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "example.com;"
};

fn main() {
    let _ = POLICY.as_str();
}
