//! What `CurrentNonceLayer` (the task-local nonce and CSRF token, feature `current`) adds
//! per request, driven as in `headers.rs`: `poll_ready`, `call`, one poll with a no-op
//! waker, around a trivial handler. See BENCHMARKS.md.

use bytes::Bytes;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use http::{Request, Response};
use http_body_util::Full;
use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection, CsrfToken};
use secure_http::integrations::tower::{CsrfLayer, CurrentNonceLayer, SecurityHeadersLayer};
use secure_http::{CspNonce, SecurityHeaders};
use std::convert::Infallible;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;
use tower::{Service, ServiceBuilder};

type Body = Full<Bytes>;

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

fn request() -> Request<Body> {
    Request::builder()
        .uri("/")
        .header(http::header::HOST, "app.example.com")
        .body(Body::default())
        .unwrap()
}

/// The handler, which ignores the nonce.
fn handler(_: Request<Body>) -> std::future::Ready<Result<Response<Body>, Infallible>> {
    std::future::ready(Ok(Response::new(Body::new(Bytes::from_static(b"hello")))))
}

/// The handler reading the nonce from the request's extensions, as the extractor does.
fn reads_extension(
    request: Request<Body>,
) -> std::future::Ready<Result<Response<Body>, Infallible>> {
    black_box(
        request
            .extensions()
            .get::<CspNonce>()
            .cloned()
            .expect("a nonce"),
    );
    handler(request)
}

/// The handler reading the nonce and the token from the task-local.
async fn reads_current(request: Request<Body>) -> Result<Response<Body>, Infallible> {
    black_box(CspNonce::current().expect("a nonce"));
    black_box(CsrfToken::current());
    handler(request).await
}

fn current(c: &mut Criterion) {
    let mut group = c.benchmark_group("current");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    macro_rules! bench {
        ($name:literal, $service:expr) => {{
            let mut service = $service;
            assert_eq!(call(&mut service, request()).status(), 200);
            group.bench_function($name, |b| {
                b.iter_batched(
                    request,
                    |req| drop(black_box(call(&mut service, req))),
                    BatchSize::SmallInput,
                )
            });
        }};
    }
    let strict = || SecurityHeadersLayer::new(SecurityHeaders::strict());
    bench!(
        "nonce",
        ServiceBuilder::new()
            .layer(strict())
            .service_fn(reads_extension)
    );
    bench!(
        "nonce_current",
        ServiceBuilder::new()
            .layer(strict())
            .layer(CurrentNonceLayer::new())
            .service_fn(reads_current)
    );
    // With CSRF tokens too: the token (an 86-byte `String`) is cloned into the task-local.
    let csrf = || {
        let keys = CsrfKeys::new(CsrfKey::from_bytes(&[7; 32]).unwrap());
        CsrfLayer::new(CsrfProtection::new().tokens(keys))
    };
    bench!(
        "nonce_and_token",
        ServiceBuilder::new()
            .layer(strict())
            .layer(csrf())
            .service_fn(reads_extension)
    );
    bench!(
        "nonce_and_token_current",
        ServiceBuilder::new()
            .layer(strict())
            .layer(csrf())
            .layer(CurrentNonceLayer::new())
            .service_fn(reads_current)
    );
    group.finish();
}

criterion_group!(benches, current);
criterion_main!(benches);
