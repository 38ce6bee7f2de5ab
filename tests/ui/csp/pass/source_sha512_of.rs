//! `sha512("...")`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    script-src: sha512("console.log('hi')")
};

pub fn main() {
    assert_eq!(
        POLICY.as_str(),
        "script-src 'sha512-u+bzW6Mip9yk6XeFcPCZP/HdG7X+vW1oV4BxZ9/nBOBkFzuffi1CozK6421X2xhuN7OtRltfs0GsYRGBsp0fyw=='"
    );
}
