//! `csp!( ... )`.

pub fn main() {
    let policy = secure_http::csp!(default-src: self, img-src: data:);
    assert_eq!(policy.as_str(), "default-src 'self'; img-src data:");
}
