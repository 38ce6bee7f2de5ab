//! A flag's value must be `true` or `false`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    preload: yes
};

fn main() {
    let _ = HSTS.to_string();
}
