//! Every kind of source in one list; `https:` without `strict-dynamic` has to be allowed.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(permissive_source)]
    script-src: self nonce "https://cdn.example.com" https: sha256("alert(1)") "'unsafe-hashes'"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'self' 'nonce' https://cdn.example.com https: 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'unsafe-hashes'"
    );
}
