//! An underscore in a host name.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "img_server.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}
