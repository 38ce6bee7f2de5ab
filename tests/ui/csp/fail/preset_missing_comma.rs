//! A preset not followed by `,`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..default
    img-src: data:
};

fn main() {
    let _ = POLICY.as_str();
}
