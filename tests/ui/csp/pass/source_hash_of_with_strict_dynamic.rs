//! A computed hash satisfies `strict-dynamic`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: strict-dynamic sha256("alert(1)")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'strict-dynamic' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    );
}
