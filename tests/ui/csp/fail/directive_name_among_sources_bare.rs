//! A directive name among the sources, without its `:`: a missing `,`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    img-src: self font-src
};

fn main() {
    let _ = POLICY.as_str();
}
