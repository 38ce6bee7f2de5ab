//! `preload` given twice: browsers do not read it, but the header breaks RFC 6797's rule.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1y, preload, preload: false
};

fn main() {
    let _ = HSTS.to_string();
}
