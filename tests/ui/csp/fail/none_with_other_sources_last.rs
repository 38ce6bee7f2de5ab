//! `none` after other sources; the error points at `none`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self data: none
};

fn main() {
    let _ = POLICY.as_str();
}
