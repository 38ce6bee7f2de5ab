//! `frame-ancestors` takes only host and scheme sources, `self` and `none`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    frame-ancestors: self unsafe-inline
};

fn main() {
    let _ = POLICY.as_str();
}
