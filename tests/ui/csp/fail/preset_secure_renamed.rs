//! `..secure` is now `..library-default`.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    ..secure,
};

fn main() {}
