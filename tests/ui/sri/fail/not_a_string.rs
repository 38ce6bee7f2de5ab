//! The path is a string literal, not an expression: the macro reads it before any code runs.

const APP_JS: &str = "static/app.js";
const INTEGRITY: &str = secure_http::sri!(APP_JS);

fn main() {
    let _ = INTEGRITY;
}
