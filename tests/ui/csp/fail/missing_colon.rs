//! A directive name followed by values without `:`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    default-src self
};

fn main() {
    let _ = POLICY.as_str();
}
