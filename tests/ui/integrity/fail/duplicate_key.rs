//! A key given twice: browsers use only the last.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script),
    blocked-destinations: (style),
};

fn main() {
    let _ = POLICY.as_str();
}
