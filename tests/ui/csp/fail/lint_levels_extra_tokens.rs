//! A lint attribute holds only `allow(..)` or `deny(..)`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    #![allow(unsafe_inline) foo]
    script-src: self
};

fn main() {
    let _ = POLICY.as_str();
}
