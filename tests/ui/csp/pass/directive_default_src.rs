//! `default-src` with every keyword meaningful there (strict-dynamic needs the nonce).

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: self unsafe-inline unsafe-eval unsafe-hashes report-sample wasm-unsafe-eval
        trusted-types-eval strict-dynamic nonce report-sha256 inline-speculation-rules
        unsafe-webtransport-hashes
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "default-src 'self' 'unsafe-inline' 'unsafe-eval' 'unsafe-hashes' 'report-sample' 'wasm-unsafe-eval' 'trusted-types-eval' 'strict-dynamic' 'nonce' 'report-sha256' 'inline-speculation-rules' 'unsafe-webtransport-hashes'"
    );
}
