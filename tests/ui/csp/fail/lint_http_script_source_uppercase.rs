//! `http_script_source` reads the scheme in any case, as browsers do: `HTTP://` is plain HTTP.

const POLICY: secure_http::ContentSecurityPolicy = secure_http::csp! {
    object-src: none,
    script-src: "HTTP://cdn.example.com"
};

fn main() {
    let _ = POLICY.as_str();
}
