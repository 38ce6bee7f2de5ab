//! Every error of one invocation is reported in the same build.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    default-src: slef,
    img-scr: self,
    script-src: self cdn.example.com,
    frame-ancestors: unsafe-inline,
    style-src: self,
    sandbox: allow-script,
    style-src: none,
};

fn main() {
    let _ = POLICY.as_str();
}
