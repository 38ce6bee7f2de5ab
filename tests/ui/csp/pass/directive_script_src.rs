//! `script-src` with every keyword meaningful there.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self unsafe-inline unsafe-eval wasm-unsafe-eval trusted-types-eval unsafe-hashes
        report-sample strict-dynamic nonce report-sha384 inline-speculation-rules
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval' 'trusted-types-eval' 'unsafe-hashes' 'report-sample' 'strict-dynamic' 'nonce' 'report-sha384' 'inline-speculation-rules'"
    );
}
