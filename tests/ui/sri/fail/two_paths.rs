//! One file per `sri!`.

const INTEGRITY: &str = secure_http::sri!("static/app.js", "static/style.css");

fn main() {
    let _ = INTEGRITY;
}
