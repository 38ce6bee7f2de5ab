//! A fully qualified host name, ending in a dot, as browsers accept it.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: "example.org." "https://cdn.example.org.:8443/img/",
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "img-src example.org. https://cdn.example.org.:8443/img/"
    );
}
