//! Two expansions side by side: the helper constants of one do not clash with the other's.

const A: secure_http::ContentSecurityPolicy = secure_http::csp! { default-src: self, img-src: data: };
const B: secure_http::ContentSecurityPolicy = secure_http::csp! { default-src: none, img-src: self };

pub fn main() {
    let a = secure_http::csp! { script-src: self };
    let b = secure_http::csp! { style-src: self };
    assert_eq!(A.as_str(), "default-src 'self'; img-src data:");
    assert_eq!(B.as_str(), "default-src 'none'; img-src 'self'");
    assert_eq!(a.as_str(), "script-src 'self'");
    assert_eq!(b.as_str(), "style-src 'self'");
}
