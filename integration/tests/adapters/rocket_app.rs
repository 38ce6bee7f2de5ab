//! The application with the rocket fairing.

use super::spec;
use rocket::config::{Config, LogLevel};
use rocket::form::Form;
use rocket::http::Status;
use rocket::response::content::RawHtml;
use secure_http::CspNonce;
use secure_http::csrf::CsrfToken;
use secure_http::integrations::rocket::SecureFairing;
use std::collections::HashMap;
use std::net::SocketAddr;

#[rocket::get("/")]
fn page(nonce: CspNonce, token: CsrfToken) -> RawHtml<String> {
    RawHtml(spec::page(nonce.as_str(), token.as_str()))
}

#[rocket::get("/boom")]
fn boom() -> (Status, &'static str) {
    (Status::InternalServerError, "boom")
}

#[rocket::post("/submit", data = "<form>")]
fn submit(form: Form<HashMap<String, String>>) -> String {
    spec::submitted(form.get("note").map_or("", String::as_str))
}

/// The application: the spec's routes behind the fairing of `pipeline`, with `extra` routes.
pub fn app(pipeline: secure_http::pipeline::Pipeline) -> rocket::Rocket<rocket::Build> {
    rocket::build()
        .mount("/", rocket::routes![page, boom, submit])
        .attach(SecureFairing::new(pipeline))
}

/// Serves `rocket` (configured here for a loopback port) on a thread of its own.
pub fn serve(rocket: rocket::Rocket<rocket::Build>) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address");
    drop(listener);
    let config = Config {
        address: addr.ip(),
        port: addr.port(),
        log_level: LogLevel::Off,
        cli_colors: false,
        ..Config::debug_default()
    };
    let rocket = rocket.configure(config);
    std::thread::spawn(move || {
        rocket::execute(rocket.launch()).expect("serve");
    });
    // The server binds on its own thread: wait until it accepts.
    for _ in 0..500 {
        if std::net::TcpStream::connect(addr).is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    addr
}

pub fn spawn() -> SocketAddr {
    serve(app(spec::pipeline()))
}
