//! A hash written in header syntax in `frame-ancestors`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    frame-ancestors: "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
};

fn main() {
    let _ = POLICY.as_str();
}
