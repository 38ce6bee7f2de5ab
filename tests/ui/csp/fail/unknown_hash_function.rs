//! `sha1(...)`: not one of the hash functions of `csp!`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: self sha1("alert(1)")
};

fn main() {
    let _ = POLICY.as_str();
}
