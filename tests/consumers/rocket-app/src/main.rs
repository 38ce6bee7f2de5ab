//! A rocket application built on `secure-http` with only the `rocket` feature, holding the
//! README's rocket snippet as written there. `cargo run -p rocket-app` sends requests through
//! it with rocket's local client and checks the answers.

use rocket::http::{Header, Status};
use rocket::local::blocking::Client;

/// "In a web framework", rocket.
fn app() -> rocket::Rocket<rocket::Build> {
    use rocket::response::content::RawHtml;
    use secure_http::csrf::{CsrfProtection, CsrfToken};
    use secure_http::integrations::rocket::SecureFairing;
    use secure_http::pipeline::Pipeline;
    use secure_http::{CspNonce, SecurityHeaders, csp};

    #[rocket::get("/")]
    fn page(nonce: CspNonce, token: CsrfToken) -> RawHtml<String> {
        RawHtml(format!(
            "<script nonce=\"{nonce}\">go()</script>\
             <form method=post><input type=hidden name=csrf_token value=\"{token}\"></form>"
        ))
    }

    let pipeline = Pipeline::new(SecurityHeaders::new().content_security_policy(csp! {
        ..library-default,
        script-src: nonce strict-dynamic,
    }))
    .csrf(CsrfProtection::new().tokens_with_generated_key());
    let rocket = rocket::build()
        .mount("/", rocket::routes![page])
        .attach(SecureFairing::new(pipeline));
    rocket
}

fn main() {
    let client = Client::tracked(app()).expect("a valid rocket");
    let host = || Header::new("Host", "app.example");
    let response = client.get("/").header(host()).dispatch();
    assert_eq!(response.status(), Status::Ok);
    let header = |name| response.headers().get(name).map(str::to_owned).collect::<Vec<_>>();
    let (csp, hsts, frame_options, cookies) = (
        header("content-security-policy"),
        header("strict-transport-security"),
        header("x-frame-options"),
        header("set-cookie"),
    );
    let body = response.into_string().unwrap();
    let nonce = body["<script nonce=\"".len()..].split('"').next().unwrap();
    assert_eq!(
        csp,
        [format!("default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; upgrade-insecure-requests; report-uri /csp-report")]
    );
    assert_eq!(hsts, ["max-age=31536000; includeSubDomains; preload"]);
    // Rocket's Shield gave way: one X-Frame-Options, the pipeline's (from `frame-ancestors
    // 'none'`; Shield's is `SAMEORIGIN`).
    assert_eq!(frame_options, ["DENY"]);
    assert!(cookies[0].starts_with("__Host-csrf="));
    let forged = client
        .post("/")
        .header(host())
        .header(Header::new("Sec-Fetch-Site", "cross-site"))
        .dispatch();
    assert_eq!(forged.status(), Status::Forbidden);
    assert_eq!(forged.into_string().unwrap(), "cross-origin request");
    let missing = client.get("/nowhere").header(host()).dispatch();
    assert_eq!(missing.status(), Status::NotFound);
    assert!(missing.headers().contains("content-security-policy"));
    println!("rocket-app: the README's rocket snippet sends the headers and refuses a forgery");
}
