//! `SecurityHeader` is sealed: only the crate's checked values can be sent, not text a
//! type elsewhere returns.

struct Injected;

impl secure_http::headers::SecurityHeader for Injected {
    const NAME: &'static str = "x-injected";

    fn value(&self) -> String {
        "1\r\nSet-Cookie: session=stolen".into()
    }
}

fn main() {
    let _ = secure_http::SecurityHeaders::empty().header(Injected);
}
