//! A short max-age with an explicit `preload: true`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 600, preload: true
};

fn main() {
    let _ = HSTS.to_string();
}
