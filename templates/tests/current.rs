//! The task-local nonce and CSRF token (`CspNonce::current`, `CsrfToken::current`) under
//! axum: each request sees its own while many run at once on a multi-threaded runtime, the
//! values follow a handler whose future moves to another thread, and the page's nonce is
//! the one in the same response's header.

mod common;

use axum::{Router, response::Html, routing::get};
use secure_http::csrf::{CsrfProtection, CsrfToken};
use secure_http::integrations::tower::{CsrfLayer, CurrentNonceLayer, SecurityHeadersLayer};
use secure_http::{CspNonce, SecurityHeaders};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{Barrier, oneshot};
use tower::ServiceExt;

/// A page rendered by code that has no request: what a layout or a component tree does.
fn render(label: &str) -> String {
    let nonce = CspNonce::current().expect("a nonce");
    let token = CsrfToken::current().expect("a CSRF token");
    format!("<script nonce=\"{nonce}\">{label}</script><meta name=csrf content=\"{token}\">")
}

fn protected(routes: Router, headers: SecurityHeaders) -> Router {
    routes
        .layer(CurrentNonceLayer::new())
        .layer(CsrfLayer::new(
            CsrfProtection::new().tokens_with_generated_key(),
        ))
        .layer(SecurityHeadersLayer::new(headers))
}

/// One response read off a TCP connection: its head and its body.
struct Raw {
    head: String,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> &str {
        self.head
            .lines()
            .find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.eq_ignore_ascii_case(name).then(|| value.trim())
            })
            .unwrap_or_else(|| panic!("no {name} in {}", self.head))
    }
}

async fn fetch(address: std::net::SocketAddr, path: &str) -> Raw {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    Raw {
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_requests_each_render_their_own_nonce_and_token() {
    const REQUESTS: usize = 8;
    // Every handler waits until all of them have started, so that all the requests are
    // in flight at once, then yields, so that the runtime may move them between threads.
    let barrier = Arc::new(Barrier::new(REQUESTS));
    let handler = move |token: CsrfToken| {
        let barrier = barrier.clone();
        async move {
            let before = render("go()");
            barrier.wait().await;
            for _ in 0..20 {
                tokio::task::yield_now().await;
            }
            let after = render("go()");
            assert_eq!(before, after, "the values changed while the request waited");
            assert_eq!(CsrfToken::current(), Some(token));
            Html(after)
        }
    };
    let app = protected(Router::new().route("/", get(handler)), common::headers());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let responses = join_all(
        (0..REQUESTS)
            .map(|_| tokio::spawn(fetch(address, "/")))
            .collect(),
    )
    .await;
    let mut nonces = Vec::new();
    for response in &responses {
        let header_nonce = common::nonce_in_header(response.header("content-security-policy"));
        assert_eq!(
            common::nonce_attributes(&response.body),
            [header_nonce.as_str()]
        );
        nonces.push(header_nonce);
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), REQUESTS, "a nonce was seen by two requests");
}

async fn join_all(handles: Vec<tokio::task::JoinHandle<Raw>>) -> Vec<Raw> {
    let mut responses = Vec::with_capacity(handles.len());
    for handle in handles {
        responses.push(handle.await.unwrap());
    }
    responses
}

/// What the handler saw, with the thread it ran on, before and after its future moved.
type Seen = Arc<Mutex<Vec<(std::thread::ThreadId, Option<CspNonce>)>>>;

#[test]
fn the_values_follow_a_handler_moved_to_another_thread() {
    let seen: Seen = Arc::default();
    let (send, receive) = oneshot::channel::<()>();
    let receive = Arc::new(Mutex::new(Some(receive)));
    let handler = {
        let seen = seen.clone();
        move || {
            let seen = seen.clone();
            let receive = receive.lock().unwrap().take().expect("one request");
            async move {
                let here = || (std::thread::current().id(), CspNonce::current());
                seen.lock().unwrap().push(here());
                receive.await.unwrap();
                seen.lock().unwrap().push(here());
                Html(render("moved()"))
            }
        }
    };
    let app = protected(Router::new().route("/", get(handler)), common::headers());
    let request = http::Request::get("/")
        .header("host", "app.example")
        .body(axum::body::Body::empty())
        .unwrap();
    let mut future = Box::pin(app.oneshot(request));

    // First poll on one thread: the handler starts and waits for the channel.
    let mut future = std::thread::scope(|threads| {
        threads
            .spawn(move || {
                let mut context = Context::from_waker(Waker::noop());
                assert!(future.as_mut().poll(&mut context).is_pending());
                future
            })
            .join()
            .unwrap()
    });
    // Nothing leaks into the thread that polls nor into this one.
    assert_eq!(CspNonce::current(), None);
    send.send(()).unwrap();
    // Second poll on another thread: the handler ends there.
    let response = std::thread::scope(|threads| {
        threads
            .spawn(move || {
                let mut context = Context::from_waker(Waker::noop());
                match future.as_mut().poll(&mut context) {
                    Poll::Ready(response) => response.unwrap(),
                    Poll::Pending => panic!("the handler had all it waited for"),
                }
            })
            .join()
            .unwrap()
    });
    let seen = seen.lock().unwrap();
    let [(first_thread, first), (second_thread, second)] = &seen[..] else {
        panic!("two observations: {seen:?}")
    };
    assert_ne!(first_thread, second_thread);
    assert_ne!(*first_thread, std::thread::current().id());
    let header_nonce = common::nonce_in_header(
        response.headers()["content-security-policy"]
            .to_str()
            .unwrap(),
    );
    assert_eq!(
        first.as_ref().map(CspNonce::as_str),
        Some(header_nonce.as_str())
    );
    assert_eq!(first, second);
}

#[tokio::test]
async fn outside_the_layers_nothing_is_current() {
    // CurrentNonceLayer outside SecurityHeadersLayer finds no nonce in the extensions.
    let app = Router::new()
        .route("/", get(|| async { format!("{:?}", CspNonce::current()) }))
        .layer(SecurityHeadersLayer::new(common::headers()))
        .layer(CurrentNonceLayer::new());
    let request = http::Request::get("/")
        .header("host", "app.example")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = app.oneshot(request).await.unwrap();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(&body[..], b"None");
    assert_eq!(CspNonce::current(), None);
}
