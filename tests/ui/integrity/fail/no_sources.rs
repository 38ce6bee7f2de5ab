//! `sources: ()` leaves no source of integrity metadata: the policy is off.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script),
    sources: (),
};

fn main() {
    let _ = POLICY.as_str();
}
