//! A file that cannot be read does not hide the other directives' errors.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha384(file: "missing.js"),
    img-src: slef,
};

fn main() {
    let _ = POLICY.as_str();
}
