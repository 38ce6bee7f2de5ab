//! A host name alone, and `localhost`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: "example.com" "localhost"
};

fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src example.com localhost"
    );
}
