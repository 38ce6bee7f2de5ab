//! Security headers from a configuration file. `cargo run --example config --features serde,axum`
//! reads `examples/secure-headers.toml` (or the file named as the first argument), builds the
//! axum layer from it and prints the headers a response gets. A file that a parser refuses
//! ends the program with the parser's message and where the value is.

use axum::Router;
use axum::body::Body;
use axum::routing::get;
use http::Request;
use secure_http::SecurityHeaders;
use secure_http::integrations::tower::SecurityHeadersLayer;
use serde::Deserialize;
use std::process::ExitCode;
use tower::ServiceExt;

/// The application's configuration; here, only its security headers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    headers: SecurityHeaders,
}

#[tokio::main]
async fn main() -> ExitCode {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/secure-headers.toml").to_owned()
    });
    let config: Config = match std::fs::read_to_string(&path)
        .map_err(|error| error.to_string())
        .and_then(|text| toml::from_str(&text).map_err(|error| error.to_string()))
    {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::FAILURE;
        }
    };

    let app = Router::new()
        .route("/", get(|| async { "hello" }))
        .layer(SecurityHeadersLayer::new(config.headers));
    let request = Request::get("/")
        .body(Body::empty())
        .expect("a valid request");
    let response = app
        .oneshot(request)
        .await
        .expect("the router is infallible");
    println!("GET / with the headers of {path}:");
    for (name, value) in response.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("<not text>"));
    }
    ExitCode::SUCCESS
}
