//! `sha384(file: ..)` reads the file when the macro expands: a missing one fails the build
//! at the path.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self sha384(file: "static/no-such-file.js"),
};

fn main() {
    let _ = POLICY.as_str();
}
