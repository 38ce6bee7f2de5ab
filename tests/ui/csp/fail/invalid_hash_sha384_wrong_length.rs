//! A SHA-384 digest that is not 48 bytes (here a SHA-256 one).

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'sha384-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
};

fn main() {
    let _ = POLICY.as_str();
}
