//! `,` inside a value.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "a.example.com,b.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}
