//! `script-src-elem` with the keywords meaningful there.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src-elem: self unsafe-inline unsafe-hashes report-sample strict-dynamic nonce
        report-sha512 inline-speculation-rules
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src-elem 'self' 'unsafe-inline' 'unsafe-hashes' 'report-sample' 'strict-dynamic' 'nonce' 'report-sha512' 'inline-speculation-rules'"
    );
}
