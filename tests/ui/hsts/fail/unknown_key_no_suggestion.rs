//! A key HSTS does not have.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    expires: 1y
};

fn main() {
    let _ = HSTS.to_string();
}
