//! Per-response cost of applying security headers, through a tower service around a trivial
//! handler, compared in one criterion group with the bare handler, a hand-written insertion
//! loop, axum-helmet and a stack of tower-http `SetResponseHeaderLayer`s; then the nonce path
//! and the actix-web middleware. See BENCHMARKS.md.
//!
//! Every future here completes on its first poll, so each service is driven by polling once
//! with a no-op waker (`drive`): no executor overhead, the same for every alternative.

use bytes::Bytes;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use http::{HeaderName, HeaderValue, Request, Response};
use http_body_util::Full;
use secure_http::integrations::tower::SecurityHeadersLayer;
use secure_http::{CspNonce, SecurityHeaders};
use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tower::{Layer, Service, ServiceBuilder};
use tower_http::set_header::SetResponseHeaderLayer;

type Body = Full<Bytes>;

/// Polls `future` once; every future benchmarked here is ready at once.
fn drive<F: Future>(future: F) -> F::Output {
    let future = pin!(future);
    match future.poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the benchmarked future was not ready on its first poll"),
    }
}

/// `poll_ready` then `call`, as tower requires, driven by [`drive`].
fn call<S, B>(service: &mut S, request: Request<Body>) -> Response<B>
where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    drive(std::future::poll_fn(|cx| service.poll_ready(cx))).unwrap();
    drive(service.call(request)).unwrap()
}

/// A public host: responses to loopback hosts get no HSTS, and every alternative should
/// send the full set.
fn request() -> Request<Body> {
    Request::builder()
        .uri("/")
        .header(http::header::HOST, "app.example.com")
        .body(Body::default())
        .unwrap()
}

/// The trivial handler. Its future is `Ready` (`Unpin`), so the hand-written layer needs no
/// pinning machinery.
fn handler(_: Request<Body>) -> std::future::Ready<Result<Response<Body>, Infallible>> {
    std::future::ready(Ok(Response::new(Body::new(Bytes::from_static(b"hello")))))
}

/// A handler that sets `Content-Type`, as most real ones do (axum does for a `&str`): the
/// headers are then added to a map that already has an entry.
fn typed_handler(_: Request<Body>) -> std::future::Ready<Result<Response<Body>, Infallible>> {
    let mut response = Response::new(Body::new(Bytes::from_static(b"hello")));
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    std::future::ready(Ok(response))
}

/// The exact header pairs `SecurityHeaders::new()` sends for [`request`]'s host, made anew
/// from their text as `from_static` names and values: what a hand-written loop of constants
/// would insert, with nothing of the library's own values (no reference counts). The texts
/// are leaked once, to be `'static`, as a program's constants are.
fn default_pairs() -> Vec<(HeaderName, HeaderValue)> {
    pairs_of(SecurityHeaders::new())
}

/// The pairs `headers` sends for [`request`]'s host, as in [`default_pairs`].
fn pairs_of(headers: SecurityHeaders) -> Vec<(HeaderName, HeaderValue)> {
    let mut response = Response::new(());
    headers.apply_to_response(&mut response, None);
    let leak = |text: &str| -> &'static str { Box::leak(text.to_owned().into_boxed_str()) };
    response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                HeaderName::from_static(leak(n.as_str())),
                HeaderValue::from_static(leak(v.to_str().unwrap())),
            )
        })
        .collect()
}

/// `SecurityHeaders::strict()`'s policy around `nonce`, as a hand-written service would
/// format it.
fn strict_policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}' 'strict-dynamic'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self'; font-src 'self'; \
         connect-src 'self'; manifest-src 'self'; form-action 'self'; \
         frame-ancestors 'none'; base-uri 'none'; object-src 'none'; \
         require-trusted-types-for 'script'; upgrade-insecure-requests"
    )
}

/// The hand-written floor: the same pairs as constants (`from_static`), inserted in a loop.
#[derive(Clone)]
struct HandWritten<S> {
    inner: S,
    pairs: std::sync::Arc<[(HeaderName, HeaderValue)]>,
    /// Names removed after inserting (what `SecurityHeaders::new()` also does).
    removed: std::sync::Arc<[HeaderName]>,
    /// Reserve room for the pairs before inserting.
    reserve: bool,
    /// A CSP written per response around a fresh nonce, which the request carries in its
    /// extensions for the handler: the hand-written nonce path.
    nonce_policy: Option<NoncePolicy>,
}

/// Writes a policy around a nonce.
type NoncePolicy = fn(&str) -> String;

impl<S> Service<Request<Body>> for HandWritten<S>
where
    S: Service<Request<Body>, Response = Response<Body>, Error = Infallible>,
    S::Future: Unpin,
{
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = HandWrittenFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<Body>) -> Self::Future {
        let nonce = self.nonce_policy.map(|policy| {
            let nonce = CspNonce::generate();
            request.extensions_mut().insert(nonce.clone());
            (policy, nonce)
        });
        HandWrittenFuture {
            future: self.inner.call(request),
            pairs: self.pairs.clone(),
            removed: self.removed.clone(),
            reserve: self.reserve,
            nonce,
        }
    }
}

struct HandWrittenFuture<F> {
    future: F,
    pairs: std::sync::Arc<[(HeaderName, HeaderValue)]>,
    removed: std::sync::Arc<[HeaderName]>,
    reserve: bool,
    nonce: Option<(NoncePolicy, CspNonce)>,
}

impl<F> Future for HandWrittenFuture<F>
where
    F: Future<Output = Result<Response<Body>, Infallible>> + Unpin,
{
    type Output = F::Output;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut response = std::task::ready!(std::pin::Pin::new(&mut self.future).poll(cx))?;
        let headers = response.headers_mut();
        if self.reserve {
            headers.reserve(self.pairs.len());
        }
        for (name, value) in self.pairs.iter() {
            headers.insert(name.clone(), value.clone());
        }
        for name in self.removed.iter() {
            headers.remove(name);
        }
        if let Some((policy, nonce)) = &self.nonce {
            let value = HeaderValue::try_from(policy(nonce.as_str())).expect("a header value");
            headers.insert(http::header::CONTENT_SECURITY_POLICY, value);
        }
        Poll::Ready(Ok(response))
    }
}

fn static_headers(c: &mut Criterion) {
    let pairs = default_pairs();
    assert_eq!(pairs.len(), 13, "{pairs:?}");

    let mut group = c.benchmark_group("headers");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));

    // Each routine receives a fresh request (built outside the timing) and drops its
    // response inside it.
    let mut bare = tower::service_fn(handler);
    group.bench_function("bare", |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(&mut bare, req))),
            BatchSize::SmallInput,
        )
    });

    let server_identifying: Vec<HeaderName> = secure_http::headers::SERVER_IDENTIFYING_HEADERS
        .iter()
        .map(|name| HeaderName::from_static(name))
        .collect();
    let variants = [
        ("hand_written_loop", Vec::new(), false),
        (
            "hand_written_loop_and_removals",
            server_identifying.clone(),
            false,
        ),
        // The floor the goals are measured against: `reserve`, then the constants.
        ("hand_written_loop_reserved", Vec::new(), true),
    ];
    for (name, removed, reserve) in variants {
        let mut hand = HandWritten {
            inner: tower::service_fn(handler),
            pairs: pairs.clone().into(),
            removed: removed.into(),
            reserve,
            nonce_policy: None,
        };
        assert_eq!(call(&mut hand, request()).headers().len(), 13);
        group.bench_function(name, |b| {
            b.iter_batched(
                request,
                |req| drop(black_box(call(&mut hand, req))),
                BatchSize::SmallInput,
            )
        });
    }

    let mut secure =
        SecurityHeadersLayer::new(SecurityHeaders::new()).layer(tower::service_fn(handler));
    assert_eq!(call(&mut secure, request()).headers().len(), 13);
    group.bench_function("secure", |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(&mut secure, req))),
            BatchSize::SmallInput,
        )
    });

    let helmet: axum_helmet::HelmetLayer = axum_helmet::Helmet::default().try_into().unwrap();
    let mut helmet = helmet.layer(tower::service_fn(handler));
    let helmet_count = call(&mut helmet, request()).headers().len();
    eprintln!("axum-helmet default sends {helmet_count} headers");
    group.bench_function("axum_helmet", |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(&mut helmet, req))),
            BatchSize::SmallInput,
        )
    });

    let p = |i: usize| SetResponseHeaderLayer::overriding(pairs[i].0.clone(), pairs[i].1.clone());
    let mut stack = ServiceBuilder::new()
        .layer(p(0))
        .layer(p(1))
        .layer(p(2))
        .layer(p(3))
        .layer(p(4))
        .layer(p(5))
        .layer(p(6))
        .layer(p(7))
        .layer(p(8))
        .layer(p(9))
        .layer(p(10))
        .layer(p(11))
        .layer(p(12))
        .service_fn(handler);
    assert_eq!(call(&mut stack, request()).headers().len(), 13);
    group.bench_function("tower_http_set_header_x13", |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(&mut stack, req))),
            BatchSize::SmallInput,
        )
    });

    // Where the time goes: applying alone, on a response built outside the timing, without
    // any service around it; the same constants in a loop beside it.
    let response = || Response::new(Body::new(Bytes::from_static(b"hello")));
    let floor_pairs: std::sync::Arc<[(HeaderName, HeaderValue)]> = pairs.clone().into();
    group.bench_function("apply_only_hand_written_loop_reserved", |b| {
        b.iter_batched(
            response,
            |mut response| {
                let headers = response.headers_mut();
                headers.reserve(floor_pairs.len());
                for (name, value) in floor_pairs.iter() {
                    headers.insert(name.clone(), value.clone());
                }
                drop(black_box(response))
            },
            BatchSize::SmallInput,
        )
    });
    let configured = SecurityHeaders::new();
    group.bench_function("apply_only_secure", |b| {
        b.iter_batched(
            response,
            |mut response| {
                configured.apply_to_response_with(&mut response, None, false);
                drop(black_box(response))
            },
            BatchSize::SmallInput,
        )
    });

    // The nonce path: a fresh nonce per response, spliced into the CSP.
    let mut strict =
        SecurityHeadersLayer::new(SecurityHeaders::strict()).layer(tower::service_fn(handler));
    group.bench_function("secure_strict_nonce", |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(&mut strict, req))),
            BatchSize::SmallInput,
        )
    });

    // The hand-written nonce path: the floor's loop with `SecurityHeaders::strict()`'s other
    // pairs, a nonce drawn and put in the request's extensions, and the policy formatted
    // around it into a `HeaderValue`.
    let strict_pairs: Vec<_> = pairs_of(SecurityHeaders::strict())
        .into_iter()
        .filter(|(name, _)| name != http::header::CONTENT_SECURITY_POLICY)
        .collect();
    let nonce = CspNonce::generate();
    let mut expected = http::HeaderMap::new();
    SecurityHeaders::strict().apply_with_nonce(&mut expected, &nonce);
    assert_eq!(
        expected[http::header::CONTENT_SECURITY_POLICY],
        strict_policy(nonce.as_str()),
        "the hand-written policy is the strict preset's"
    );
    let mut hand_nonce = HandWritten {
        inner: tower::service_fn(handler),
        pairs: strict_pairs.into(),
        removed: Vec::new().into(),
        reserve: true,
        nonce_policy: Some(strict_policy),
    };
    assert_eq!(call(&mut hand_nonce, request()).headers().len(), 13);
    bench_tower(
        &mut group,
        "hand_written_loop_reserved_nonce",
        &mut hand_nonce,
    );

    // The same with a handler that sets `Content-Type`: the `typed_` rows.
    let mut typed_bare = tower::service_fn(typed_handler);
    bench_tower(&mut group, "typed_bare", &mut typed_bare);
    let mut typed_floor = HandWritten {
        inner: tower::service_fn(typed_handler),
        pairs: pairs.clone().into(),
        removed: Vec::new().into(),
        reserve: true,
        nonce_policy: None,
    };
    assert_eq!(call(&mut typed_floor, request()).headers().len(), 14);
    bench_tower(
        &mut group,
        "typed_hand_written_loop_reserved",
        &mut typed_floor,
    );
    let mut typed_secure =
        SecurityHeadersLayer::new(SecurityHeaders::new()).layer(tower::service_fn(typed_handler));
    assert_eq!(call(&mut typed_secure, request()).headers().len(), 14);
    bench_tower(&mut group, "typed_secure", &mut typed_secure);
    let typed_helmet: axum_helmet::HelmetLayer = axum_helmet::Helmet::default().try_into().unwrap();
    let mut typed_helmet = typed_helmet.layer(tower::service_fn(typed_handler));
    bench_tower(&mut group, "typed_axum_helmet", &mut typed_helmet);
    let mut typed_strict = SecurityHeadersLayer::new(SecurityHeaders::strict())
        .layer(tower::service_fn(typed_handler));
    bench_tower(&mut group, "typed_secure_strict_nonce", &mut typed_strict);
    group.finish();
}

/// One row: a fresh request per iteration (built outside the timing), the response dropped
/// inside it.
fn bench_tower<S, B>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    service: &mut S,
) where
    S: Service<Request<Body>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    group.bench_function(name, |b| {
        b.iter_batched(
            request,
            |req| drop(black_box(call(service, req))),
            BatchSize::SmallInput,
        )
    });
}

fn actix(c: &mut Criterion) {
    use actix_web::{App, HttpResponse, test, web};
    use secure_http::integrations::actix::SecureHeaders;

    let mut group = c.benchmark_group("actix");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let system = actix_web::rt::System::new();
    let route = || web::get().to(|| async { HttpResponse::Ok().body("hello") });
    let bare = system.block_on(test::init_service(App::new().route("/", route())));
    let wrapped = system.block_on(test::init_service(
        App::new()
            .wrap(SecureHeaders::new(SecurityHeaders::new()))
            .route("/", route()),
    ));
    let strict = system.block_on(test::init_service(
        App::new()
            .wrap(SecureHeaders::new(SecurityHeaders::strict()))
            .route("/", route()),
    ));
    let actix_request = || {
        test::TestRequest::get()
            .uri("/")
            .insert_header(("host", "app.example.com"))
            .to_request()
    };
    // The same driver as above: the actix futures here are ready on the first poll too.
    let probe = drive(test::call_service(&wrapped, actix_request()));
    assert!(probe.headers().len() >= 13, "{:?}", probe.headers());
    bench_actix(&mut group, "bare", &bare, actix_request);
    bench_actix(&mut group, "secure", &wrapped, actix_request);
    bench_actix(&mut group, "secure_strict_nonce", &strict, actix_request);
    group.finish();
}

fn bench_actix<S, R, B>(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    service: &S,
    request: impl Fn() -> R + Copy,
) where
    S: actix_web::dev::Service<
            R,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
{
    group.bench_function(name, |b| {
        b.iter_batched(
            request,
            |req| {
                drop(black_box(drive(actix_web::test::call_service(
                    service, req,
                ))))
            },
            BatchSize::SmallInput,
        )
    });
}

/// What the nonce path adds, part by part: drawing a nonce, and putting it in a request's
/// extensions (the first entry allocates the extensions' map; an axum router has put
/// `MatchedPath` and `OriginalUri` there before a route's layers run).
fn nonce_parts(c: &mut Criterion) {
    use secure_http::CspNonce;
    let mut group = c.benchmark_group("nonce_parts");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("generate", |b| b.iter(|| black_box(CspNonce::generate())));
    let extensions = |entries: usize| {
        move || {
            let mut extensions = http::Extensions::new();
            if entries > 0 {
                extensions.insert(1u32);
                extensions.insert(2u64);
            }
            (extensions, CspNonce::generate())
        }
    };
    for (name, entries) in [
        ("extensions_insert_first", 0),
        ("extensions_insert_third", 2),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched(
                extensions(entries),
                |(mut extensions, nonce)| {
                    extensions.insert(black_box(nonce));
                    drop(black_box(extensions))
                },
                BatchSize::SmallInput,
            )
        });
        group.bench_function(format!("{name}_baseline"), |b| {
            b.iter_batched(
                extensions(entries),
                |(extensions, nonce)| {
                    black_box(nonce);
                    drop(black_box(extensions))
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, static_headers, actix, nonce_parts);
criterion_main!(benches);
