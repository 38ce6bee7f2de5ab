//! `none` after other sources; the error points at `none`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    img-src: self data: none
};

fn main() {
    let _ = POLICY.as_str();
}
