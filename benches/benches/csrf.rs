//! CSRF: the origin check of a same-origin POST, token verification, and the tower layer
//! compared with tower-http 0.7's `csrf` layer (the origin check only: tower-http has no
//! tokens). See BENCHMARKS.md.
//!
//! `csrf_timing` times token and cookie verification on inputs that differ from the valid
//! one at the first, middle or last byte, or everywhere: constant-time comparison shows as
//! equal medians across the refused inputs. `benches/benches/csrf_dudect.rs` tests the same with
//! Welch's t-test.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use http::{Method, Request, Response};
use http_body_util::Full;
use secure_http::csrf::{
    CsrfKey, CsrfKeys, CsrfProtection, CsrfRequest, Decision, OriginCheck, RequestHeaders,
    TOKEN_HEADER,
};
use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tower::{Layer, Service};

type Body = Full<Bytes>;

const HOST: &str = "app.example.com";
const ORIGIN: &str = "https://app.example.com";

/// Polls `future` once with a no-op waker; every future benchmarked here is ready at once.
fn drive<F: Future>(future: F) -> F::Output {
    let future = pin!(future);
    match future.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the benchmarked future was not ready on its first poll"),
    }
}

fn call<S, B>(service: &mut S, request: Request<Body>) -> Response<B>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    drive(std::future::poll_fn(|cx| service.poll_ready(cx))).unwrap();
    drive(service.call(request)).unwrap()
}

fn handler(_: Request<Body>) -> std::future::Ready<Result<Response<Body>, Infallible>> {
    std::future::ready(Ok(Response::new(Body::new(Bytes::from_static(b"ok")))))
}

/// A same-origin form POST from a current browser.
fn same_origin_post() -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/submit")
        .header(http::header::HOST, HOST)
        .header(http::header::ORIGIN, ORIGIN)
        .header("sec-fetch-site", "same-origin")
        .body(Body::default())
        .unwrap()
}

fn group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group
}

fn origin(c: &mut Criterion) {
    let mut group = group(c, "csrf_origin");
    let check = OriginCheck::default();
    let fetch_metadata = RequestHeaders {
        method: "POST",
        sec_fetch_site: Some("same-origin"),
        origin: Some(ORIGIN),
        host: Some(HOST),
    };
    group.bench_function("check_sec_fetch_site", |b| {
        b.iter(|| check.check(black_box(&fetch_metadata)))
    });
    // An older browser: no Sec-Fetch-Site, Origin compared with Host.
    let origin_only = RequestHeaders {
        sec_fetch_site: None,
        ..fetch_metadata
    };
    assert!(check.check(&origin_only).is_ok());
    group.bench_function("check_origin_vs_host", |b| {
        b.iter(|| check.check(black_box(&origin_only)))
    });

    let protection = CsrfProtection::new();
    let decide = |protection: &CsrfProtection| {
        protection.decide(CsrfRequest {
            headers: black_box(fetch_metadata),
            path: black_box("/submit"),
            cookies: std::iter::empty::<&[u8]>(),
            token_header: None,
            content_type: Some("application/x-www-form-urlencoded"),
            content_length: None,
        })
    };
    assert!(matches!(decide(&protection), Decision::Pass(None)));
    group.bench_function("decide_origin_only", |b| b.iter(|| decide(&protection)));
    group.finish();
}

fn tokens(c: &mut Criterion) {
    let mut group = group(c, "csrf_token");
    let keys = CsrfKeys::new(CsrfKey::generate());
    let (secret, cookie) = keys.new_cookie_value();
    let token = secret.mask();
    assert!(keys.open_cookie(&cookie).unwrap().matches(token.as_str()));
    group.bench_function("open_cookie", |b| {
        b.iter(|| keys.open_cookie(black_box(&cookie)))
    });
    group.bench_function("matches", |b| {
        b.iter(|| secret.matches(black_box(token.as_str())))
    });
    group.bench_function("open_cookie_and_matches", |b| {
        b.iter(|| {
            keys.open_cookie(black_box(&cookie))
                .is_some_and(|s| s.matches(black_box(token.as_str())))
        })
    });

    // The whole decision for a same-origin POST carrying cookie and header token.
    let protection = CsrfProtection::new().tokens(keys.clone());
    let cookie_header = format!("theme=dark; {}={cookie}", protection.cookie_name());
    let decide = |protection: &CsrfProtection| {
        protection.decide(CsrfRequest {
            headers: black_box(RequestHeaders {
                method: "POST",
                sec_fetch_site: Some("same-origin"),
                origin: Some(ORIGIN),
                host: Some(HOST),
            }),
            path: black_box("/submit"),
            cookies: std::iter::once(cookie_header.as_bytes()),
            token_header: Some(black_box(token.as_str())),
            content_type: Some("application/json"),
            content_length: None,
        })
    };
    assert!(matches!(decide(&protection), Decision::Pass(Some(_))));
    group.bench_function("decide_with_token", |b| b.iter(|| decide(&protection)));
    group.finish();

    // Through the tower layer, with the token in the header.
    let mut group = self::group(c, "csrf_layer_token");
    let mut layered = secure_http::integrations::tower::CsrfLayer::new(protection.clone())
        .layer(tower::service_fn(handler));
    let request = || {
        let mut request = same_origin_post();
        let headers = request.headers_mut();
        headers.insert(http::header::COOKIE, cookie_header.parse().unwrap());
        headers.insert(TOKEN_HEADER, token.as_str().parse().unwrap());
        request
    };
    assert_eq!(call(&mut layered, request()).status(), 200);
    group.bench_function("secure_with_token", |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(&mut layered, req))),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn layers(c: &mut Criterion) {
    let mut group = group(c, "csrf_layer");
    let mut bare = tower::service_fn(handler);
    group.bench_function("bare", |b| {
        b.iter_batched(
            same_origin_post,
            |req| drop(black_box(call(&mut bare, req))),
            BatchSize::SmallInput,
        )
    });
    let mut secure = secure_http::integrations::tower::CsrfLayer::new(CsrfProtection::new())
        .layer(tower::service_fn(handler));
    assert_eq!(call(&mut secure, same_origin_post()).status(), 200);
    group.bench_function("secure", |b| {
        b.iter_batched(
            same_origin_post,
            |req| drop(black_box(call(&mut secure, req))),
            BatchSize::SmallInput,
        )
    });
    let mut tower_http = tower_http::csrf::CsrfLayer::new().layer(tower::service_fn(handler));
    assert_eq!(call(&mut tower_http, same_origin_post()).status(), 200);
    group.bench_function("tower_http", |b| {
        b.iter_batched(
            same_origin_post,
            |req| drop(black_box(call(&mut tower_http, req))),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

/// The valid input (64 decoded bytes) changed in the 32 bytes that verification compares,
/// starting at `at`: at their first byte, their middle (17th), their last, or all of them.
fn differing(valid: &str, at: usize) -> [(&'static str, String); 5] {
    let bytes = URL_SAFE_NO_PAD.decode(valid).unwrap();
    let change = |range: std::ops::Range<usize>| {
        let mut bytes = bytes.clone();
        for byte in &mut bytes[range] {
            *byte ^= 0xff;
        }
        URL_SAFE_NO_PAD.encode(bytes)
    };
    [
        ("valid", valid.to_owned()),
        ("first_byte", change(at..at + 1)),
        ("middle_byte", change(at + 16..at + 17)),
        ("last_byte", change(at + 31..at + 32)),
        ("all_bytes", change(at..at + 32)),
    ]
}

/// Verification time against where the input differs from the valid one.
///
/// `matches`: the token is `mask || secret ^ mask`, and the second half is changed, so the
/// unmasked secret differs from the cookie's at byte 0, 16, 31 or all 32 (changing both halves
/// alike would cancel out). `open_cookie`: the cookie is `secret || signature`, and the
/// signature is changed, so the HMAC input is the same and only the tag comparison differs.
fn timing(c: &mut Criterion) {
    let mut group = group(c, "csrf_timing");
    let keys = CsrfKeys::new(CsrfKey::from_bytes(&[0x42; 32]).unwrap());
    let (secret, cookie) = keys.new_cookie_value();
    let token = secret.mask().to_string();
    for (name, input) in differing(&token, 32) {
        assert_eq!(secret.matches(&input), name == "valid", "matches/{name}");
        group.bench_with_input(BenchmarkId::new("matches", name), &input, |b, input| {
            b.iter(|| secret.matches(black_box(input)))
        });
    }
    for (name, input) in differing(&cookie, 32) {
        assert_eq!(
            keys.open_cookie(&input).is_some(),
            name == "valid",
            "open_cookie/{name}"
        );
        group.bench_with_input(BenchmarkId::new("open_cookie", name), &input, |b, input| {
            b.iter(|| keys.open_cookie(black_box(input)))
        });
    }
    group.finish();
}

criterion_group!(benches, origin, tokens, layers, timing);
criterion_main!(benches);
