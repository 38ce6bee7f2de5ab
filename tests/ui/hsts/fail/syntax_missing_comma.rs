//! Keys must be separated by `,`.

const HSTS: secure_http::StrictTransportSecurity = secure_http::hsts! {
    max-age: 1y preload
};

fn main() {
    let _ = HSTS.to_string();
}
