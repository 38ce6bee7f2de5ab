//! A key HSTS does not have.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    expires: 1y
};

fn main() {
    let _ = HSTS.to_string();
}
