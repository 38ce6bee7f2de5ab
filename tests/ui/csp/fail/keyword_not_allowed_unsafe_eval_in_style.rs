//! `unsafe-eval` counts only in `script-src` and `default-src`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    style-src: self unsafe-eval
};

fn main() {
    let _ = POLICY.as_str();
}
