//! A flag's value must be `true` or `false`.

const HSTS: secure::StrictTransportSecurity = secure::hsts! {
    preload: yes
};

fn main() {
    let _ = HSTS.to_string();
}
