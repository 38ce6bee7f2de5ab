//! A long header over several lines: `\` at the end of a line continues the string without
//! the line break and the next line's indentation.

pub fn main() {
    let policy = secure_http::csp! {
        "default-src 'none'; \
         script-src 'nonce' 'strict-dynamic'; \
         base-uri 'none'"
    };
    assert_eq!(
        policy.as_str(),
        "default-src 'none'; script-src 'nonce' 'strict-dynamic'; base-uri 'none'"
    );
}
