//! Keys are separated by `,`.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script)
    endpoints: (integrity),
};

fn main() {
    let _ = POLICY.as_str();
}
