//! `frame-ancestors` takes only host and scheme sources, `self` and `none`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    frame-ancestors: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}
