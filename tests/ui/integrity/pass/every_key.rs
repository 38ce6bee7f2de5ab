//! Each key, in canonical form: `inline` is the default source and is left out.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (script style),
    sources: (inline),
    endpoints: (integrity default),
};

pub fn main() {
    assert_eq!(
        POLICY.as_static_str(),
        Some("blocked-destinations=(script style), endpoints=(integrity default)")
    );
    let parsed: secure_http::integrity::IntegrityPolicy = POLICY.as_str().parse().unwrap();
    assert_eq!(parsed, POLICY);
    assert_eq!(POLICY.endpoints(), ["integrity", "default"]);
    assert_eq!(
        POLICY.blocked_destinations(),
        [
            secure_http::integrity::Destination::Script,
            secure_http::integrity::Destination::Style
        ]
    );
}
