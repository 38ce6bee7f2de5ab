//! `disown-opener` is obsolete; the message says what to do instead.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src: self,
    disown-opener,
};

fn main() {
    let _ = POLICY.as_str();
}
