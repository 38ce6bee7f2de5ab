//! `sha384("...")`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha384("console.log('hi')")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'sha384-c23foA8LVWSqmGoVRqUsf5lASwN8unYNRr8qJuhkkWwU4ICLN6WArwfv+Tb+yBxn'"
    );
}
