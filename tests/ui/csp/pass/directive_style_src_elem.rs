//! `style-src-elem` with a nonce and a hash.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    style-src-elem: self nonce sha384("body{color:red}")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "style-src-elem 'self' 'nonce' 'sha384-8U9HYzsHbf55cFZyiWIE29+QPYQ9WO+U5uT/ViFw0TOwM2Fbbb74ZegzRV/nvwrD'"
    );
}
