//! CR LF and a header after it, inside a value.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "example.com\r\nSet-Cookie: session=stolen"
};

fn main() {
    let _ = POLICY.as_str();
}
