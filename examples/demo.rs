//! What `secure` does, without a web framework: policies written in the checked DSL,
//! a policy read at runtime (with the error a bad one gets), and the headers they put on
//! an `http::Response`.
//!
//! Run with `cargo run --example demo`.

use secure::{ContentSecurityPolicy, CspNonce, SecurityHeaders, csp, hsts};

/// The policy of a server-rendered site: nothing by default, scripts only with this
/// response's nonce, images from the site, `data:` and one CDN.
const CSP: ContentSecurityPolicy = csp! {
    default-src: none,
    script-src: nonce strict-dynamic,
    img-src: self data: "https://images.example.com",
    style-src: self,
    object-src: none,
    base-uri: none,
    form-action: self,
    frame-ancestors: none,
};

/// Starting from the original secure-aiohttp's `default` preset, adding two directives.
const FROM_PRESET: ContentSecurityPolicy = csp! {
    ..default,
    img-src: self data:,
    frame-ancestors: none,
};

const HSTS: secure::StrictTransportSecurity = hsts! { max-age: 1y, include-subdomains, preload };

fn main() {
    println!("Policies written with csp! and checked by the compiler:\n");
    println!("  CSP          {CSP}");
    println!("  ..default    {FROM_PRESET}");
    println!("  HSTS         {HSTS}\n");

    println!("Policies read at runtime go through the same grammar:\n");
    for text in [
        "default-src 'self'; img-src 'self' data:",
        "default-src self",
        "default-src 'none'; img-scr 'self'",
        "script-src 'self' 'nonce-abc123'",
    ] {
        match text.parse::<ContentSecurityPolicy>() {
            Ok(policy) => println!("  ok     {text:<40} -> {policy}"),
            Err(error) => println!("  error  {text:<40} -> {error}"),
        }
    }

    let headers = SecurityHeaders::new()
        .content_security_policy(CSP)
        .content_security_policy_report_only(FROM_PRESET)
        .strict_transport_security(HSTS);
    let nonce = CspNonce::generate();
    let mut response = http::Response::new(format!(
        "<script nonce=\"{nonce}\">document.body.append('hello')</script>"
    ));
    headers.apply_with_nonce(response.headers_mut(), &nonce);

    println!("\nA response with the headers applied (nonce {nonce}):\n");
    for (name, value) in response.headers() {
        println!("  {name}: {}", value.to_str().unwrap_or("<binary>"));
    }
    println!("\n  {}", response.body());
}
