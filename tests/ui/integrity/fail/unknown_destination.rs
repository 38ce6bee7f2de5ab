//! Destinations are `script` and `style`.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script image),
};

fn main() {
    let _ = POLICY.as_str();
}
