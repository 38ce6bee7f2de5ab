//! Every error of the string is reported, each with its position.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp!(
    "img-scr 'self'; script-src 'slef' https://cdn.example.com:99999; img-scr data:"
);

fn main() {
    let _ = POLICY.as_str();
}
