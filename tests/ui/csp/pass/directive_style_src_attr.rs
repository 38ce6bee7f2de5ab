//! `style-src-attr` with `unsafe-hashes` and the hash of a style attribute.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    style-src-attr: unsafe-hashes sha512("color: red")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "style-src-attr 'unsafe-hashes' 'sha512-ocSA23LaMKg3bDI5FncQNvuQfjXdujM4i74BJygee6ohNiax3HNTrCdGP7SNV7qePx2OuVoViiM0bLOu0+AC9g=='"
    );
}
