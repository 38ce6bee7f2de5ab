//! A preset not followed by `,`.

const POLICY: secure::ContentSecurityPolicy = secure::csp! {
    ..default
    img-src: data:
};

fn main() {
    let _ = POLICY.as_str();
}
