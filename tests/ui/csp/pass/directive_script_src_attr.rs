//! `script-src-attr` with `unsafe-hashes` and the hash of an event handler.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src-attr: unsafe-hashes sha256("doSomething()") report-sample
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src-attr 'unsafe-hashes' 'sha256-bnQkgwAfjTxnZSlFxZe1ogJadBHLnRuuL54WC+v+tMY=' 'report-sample'"
    );
}
