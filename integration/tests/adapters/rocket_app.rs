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

// What is particular to rocket: the limits of a fairing, and rocket's own Shield.

use rocket::shield::{Shield, XssFilter};
use secure_http::integrations::rocket::{ANSWER_PATH, PEEK_LIMIT};
use spec::{HOST, Reply, send};

const PROXIED: [(&str, &str); 2] = [("host", HOST), ("x-forwarded-proto", "https")];
const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");
const SAME_ORIGIN: (&str, &str) = ("sec-fetch-site", "same-origin");

/// A browser's session: its CSRF cookie (`name=value`) and a token of the page.
fn session(addr: SocketAddr) -> (String, String) {
    let page = send(addr, "GET", "/", &PROXIED, b"");
    assert_eq!(page.status, 200, "{page:?}");
    let cookie = page
        .all("set-cookie")
        .into_iter()
        .find(|c| c.starts_with("__Host-csrf="))
        .and_then(|c| c.split(';').next())
        .expect("a CSRF cookie")
        .to_owned();
    let token = page
        .body
        .split("token=")
        .nth(1)
        .and_then(|t| t.strip_suffix("</p>"))
        .expect("a token")
        .to_owned();
    (cookie, token)
}

fn post_form(
    addr: SocketAddr,
    path: &str,
    cookie: &str,
    header_token: Option<&str>,
    body: &[u8],
) -> Reply {
    let mut headers = PROXIED.to_vec();
    headers.extend([SAME_ORIGIN, FORM, ("cookie", cookie)]);
    if let Some(token) = header_token {
        headers.push(("x-csrf-token", token));
    }
    send(addr, "POST", path, &headers, body)
}

/// A form body of exactly `len` bytes holding the token and a `note` of `x`s.
fn form_of(len: usize, token: &str) -> Vec<u8> {
    let head = format!("csrf_token={token}&note=");
    assert!(len >= head.len(), "{len} bytes cannot hold the token");
    let mut body = head.into_bytes();
    body.resize(len, b'x');
    body
}

fn assert_secured(case: &str, reply: &Reply) {
    let csp = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{case}: no CSP in {reply:?}"));
    assert!(csp.contains("'nonce-"), "{case}: {csp}");
    assert_eq!(reply.all("x-frame-options"), ["SAMEORIGIN"], "{case}");
    assert_eq!(reply.all("x-content-type-options"), ["nosniff"], "{case}");
}

#[test]
fn a_form_whose_token_is_in_the_body_is_read_up_to_the_peek_limit_and_refused_beyond() {
    let addr = spawn();
    let (cookie, token) = session(addr);
    let fits = post_form(addr, "/submit", &cookie, None, &form_of(PEEK_LIMIT, &token));
    assert_eq!(fits.status, 200, "{fits:?}");
    let note = "x".repeat(PEEK_LIMIT - format!("csrf_token={token}&note=").len());
    assert_eq!(
        fits.body,
        spec::submitted(&note),
        "the route reads the whole body"
    );

    // One byte more, and a large form: refused, whatever the token in the body.
    for len in [PEEK_LIMIT + 1, 8 * 1024] {
        let refused = post_form(addr, "/submit", &cookie, None, &form_of(len, &token));
        assert_eq!(refused.status, 403, "{len} bytes: {refused:?}");
        assert_eq!(refused.body, "missing CSRF token", "{len} bytes");
        assert_secured("large form refused", &refused);
    }

    // The same large form with the token in the header passes, its body whole.
    let large = form_of(8 * 1024, &token);
    let passed = post_form(addr, "/submit", &cookie, Some(&token), &large);
    assert_eq!(passed.status, 200, "{:?}", passed.status);
    assert_eq!(
        passed.body.len(),
        "submitted: ".len() + large.len() - format!("csrf_token={token}&note=").len()
    );
}

#[test]
fn the_answer_route_gives_a_client_nothing() {
    let addr = spawn();
    let (cookie, token) = session(addr);
    for method in ["GET", "POST", "HEAD"] {
        let direct = send(addr, method, ANSWER_PATH, &PROXIED, b"");
        // A POST without a token is refused as any other; the rest find nothing there.
        let expected = if method == "POST" { 403 } else { 404 };
        assert_eq!(
            direct.status, expected,
            "{method} {ANSWER_PATH}: {direct:?}"
        );
        assert_secured(method, &direct);
    }
    // With a valid token, the request passes the pipeline and finds no route there.
    let body = format!("csrf_token={token}");
    let direct = post_form(addr, ANSWER_PATH, &cookie, None, body.as_bytes());
    assert_eq!(direct.status, 404, "{direct:?}");
    assert_secured("a pass to the answer route", &direct);
    let with_query = send(addr, "GET", &format!("{ANSWER_PATH}?x=1"), &PROXIED, b"");
    assert_eq!(with_query.status, 404, "{with_query:?}");
    // A refused request's answer is its own, not one left by another request.
    let cross = send(
        addr,
        "POST",
        "/submit",
        &[
            PROXIED[0],
            PROXIED[1],
            ("sec-fetch-site", "cross-site"),
            FORM,
        ],
        b"note=x",
    );
    assert_eq!(cross.status, 403);
    let after = send(addr, "GET", ANSWER_PATH, &PROXIED, b"");
    assert_eq!(after.status, 404, "{after:?}");
}

#[test]
fn a_method_rewritten_by_a_form_field_is_checked_as_rocket_routes_it() {
    let addr = spawn();
    // rocket reads `_method` before the fairings: a forged post that says DELETE is a
    // cross-site DELETE, refused.
    let forged = send(
        addr,
        "POST",
        "/submit",
        &[
            PROXIED[0],
            PROXIED[1],
            ("sec-fetch-site", "cross-site"),
            FORM,
        ],
        b"_method=delete&note=x",
    );
    assert_eq!(forged.status, 403, "{forged:?}");
    assert_eq!(forged.body, "cross-origin request");
}

#[test]
fn rocket_shield_gives_way_to_the_pipeline_headers() {
    // rocket::build() attaches its default Shield (nosniff, SAMEORIGIN, a Permissions-Policy
    // with interest-cohort); an application may attach its own, before or after the fairing.
    let shields = [
        app(spec::pipeline()),
        app(spec::pipeline()).attach(Shield::default().enable(XssFilter::EnableBlock)),
        rocket::build()
            .attach(Shield::default().enable(XssFilter::EnableBlock))
            .mount("/", rocket::routes![page, boom, submit])
            .attach(SecureFairing::new(spec::pipeline())),
    ];
    for (n, rocket) in shields.into_iter().enumerate() {
        let addr = serve(rocket);
        for (case, path) in [("page", "/"), ("404", "/nowhere")] {
            let reply = send(addr, "GET", path, &PROXIED, b"");
            let case = format!("rocket {n}, {case}");
            assert_secured(&case, &reply);
            assert_eq!(reply.all("x-xss-protection"), ["0"], "{case}");
            let permissions = reply.all("permissions-policy");
            assert_eq!(permissions.len(), 1, "{case}: {permissions:?}");
            assert!(
                !permissions[0].contains("interest-cohort"),
                "{case}: {permissions:?}"
            );
            assert!(
                permissions[0].contains("camera=()"),
                "{case}: {permissions:?}"
            );
            assert_eq!(reply.all("strict-transport-security").len(), 1, "{case}");
            // The configuration removes `Server`, which rocket adds.
            assert!(reply.header("server").is_none(), "{case}: {reply:?}");
        }
        let refused = send(addr, "GET", "/", &[("host", "evil.example")], b"");
        assert_eq!(refused.status, 400);
        assert_secured(&format!("rocket {n}, refused"), &refused);
        assert!(refused.header("server").is_none(), "{refused:?}");
    }
}

#[test]
fn a_header_the_pipeline_does_not_send_is_not_sent_by_shield_either() {
    use secure_http::headers::PermissionsPolicy;
    let pipeline =
        secure_http::pipeline::Pipeline::new(spec::headers().without::<PermissionsPolicy>())
            .csrf(spec::csrf());
    let addr = serve(app(pipeline));
    for path in ["/", "/nowhere"] {
        let reply = send(addr, "GET", path, &[("host", HOST)], b"");
        assert!(
            reply.header("permissions-policy").is_none(),
            "{path}: {reply:?}"
        );
        assert_eq!(reply.all("x-frame-options"), ["SAMEORIGIN"], "{path}");
    }
}

#[test]
fn an_answer_routed_elsewhere_by_a_later_fairing_still_replaces_the_response() {
    use rocket::fairing::AdHoc;
    // A fairing attached on ignite after SecureFairing's own runs after it, and sends every
    // request to /boom: a refused request reaches that route, but not its client.
    let rewriter = AdHoc::on_ignite("attach a rewriter", |rocket| async {
        rocket.attach(AdHoc::on_request("rewrite", |request, _| {
            Box::pin(async move {
                request.set_uri(rocket::http::uri::Origin::parse("/boom").expect("a path"));
            })
        }))
    });
    let addr = serve(app(spec::pipeline()).attach(rewriter));
    let refused = send(addr, "GET", "/", &[("host", "evil.example")], b"");
    assert_eq!(refused.status, 400, "{refused:?}");
    assert_eq!(refused.body, "host not allowed");
    assert_secured("refusal routed elsewhere", &refused);
    let report = send(
        addr,
        "POST",
        "/csp-report",
        &[
            PROXIED[0],
            PROXIED[1],
            ("content-type", "application/csp-report"),
        ],
        b"{}",
    );
    assert_eq!(report.status, 500, "{report:?}");
    assert_eq!(report.body, "", "not the route's body");
    assert_secured("report routed elsewhere", &report);
}

/// Over HTTP/2 rocket takes the host from `:authority` (`Request::host`) and ignores `Host`:
/// the allow-list must check the host the application sees. A client could send
/// `:authority: evil.example` with `host: app.example`, pass the check and have the
/// application build its links on `evil.example`.
#[test]
fn over_http2_the_host_checked_is_the_authority_rocket_gives_the_application() {
    let addr = spawn();
    let forwarded = ("x-forwarded-proto", "https");
    // `:authority`, the header lines beside it, the status expected.
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], u16);
    let cases: [Case; 5] = [
        (HOST, &[forwarded], 200),
        (HOST, &[("host", HOST), forwarded], 200),
        ("evil.example", &[("host", HOST), forwarded], 400),
        (HOST, &[("host", "evil.example"), forwarded], 400),
        ("evil.example", &[forwarded], 400),
    ];
    for (authority, headers, status) in cases {
        let reply = spec::send_h2(addr, authority, "/", headers);
        assert_eq!(
            reply.status, status,
            ":authority {authority}, {headers:?}: {reply:?}"
        );
        if status == 400 {
            assert_secured(&format!(":authority {authority}"), &reply);
        }
    }
}
