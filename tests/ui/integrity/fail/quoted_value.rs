//! Values are names without quotes.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: ("script"),
};

fn main() {
    let _ = POLICY.as_str();
}
