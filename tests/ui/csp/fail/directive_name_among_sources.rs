//! A directive name written as a source string: in the header it would be a host, the sign of
//! a missing separator.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self "font-src" "https://fonts.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}
