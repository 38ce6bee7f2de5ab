//! Keys must be separated by `,`.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    max-age: 1y preload
};

fn main() {
    let _ = HSTS.to_string();
}
