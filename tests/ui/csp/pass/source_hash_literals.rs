//! Hash sources written in header syntax, for each algorithm, padded, unpadded and URL-safe.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF-pI'"
        "'sha384-c23foA8LVWSqmGoVRqUsf5lASwN8unYNRr8qJuhkkWwU4ICLN6WArwfv+Tb+yBxn'"
        "'sha512-u+bzW6Mip9yk6XeFcPCZP/HdG7X+vW1oV4BxZ9/nBOBkFzuffi1CozK6421X2xhuN7OtRltfs0GsYRGBsp0fyw=='"
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF-pI' 'sha384-c23foA8LVWSqmGoVRqUsf5lASwN8unYNRr8qJuhkkWwU4ICLN6WArwfv+Tb+yBxn' 'sha512-u+bzW6Mip9yk6XeFcPCZP/HdG7X+vW1oV4BxZ9/nBOBkFzuffi1CozK6421X2xhuN7OtRltfs0GsYRGBsp0fyw=='"
    );
}
