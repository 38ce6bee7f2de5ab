//! The tower layer in front of a tonic gRPC server: tonic's body types and its
//! `Server::layer` accept it, and gRPC responses get the headers.

use http::{Request, Response};
use secure_http::integrations::tower::SecurityHeadersLayer;
use secure_http::{SecurityHeaders, csp};
use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};
use tonic::body::Body;
use tonic::server::NamedService;
use tower::{Service, ServiceBuilder, ServiceExt};

/// A stand-in for a generated gRPC service: answers every call with an empty OK.
#[derive(Clone)]
struct Echo;

impl NamedService for Echo {
    const NAME: &'static str = "test.Echo";
}

impl Service<Request<Body>> for Echo {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<Body>) -> Self::Future {
        let mut response = Response::new(Body::empty());
        response
            .headers_mut()
            .insert("content-type", "application/grpc".parse().unwrap());
        ready(Ok(response))
    }
}

fn layer() -> SecurityHeadersLayer {
    SecurityHeadersLayer::new(
        SecurityHeaders::new().content_security_policy(csp! { default-src: none }),
    )
    .without_report_endpoint()
}

#[tokio::test]
async fn grpc_responses_get_the_headers() {
    let routes = tonic::service::Routes::new(Echo);
    let service = ServiceBuilder::new().layer(layer()).service(routes);
    let request = Request::post("/test.Echo/Say")
        .header("content-type", "application/grpc")
        .body(Body::empty())
        .unwrap();
    let response = service.oneshot(request).await.unwrap();
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'"
    );
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains; preload"
    );
}

#[tokio::test]
async fn tonic_servers_accept_the_layer() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
    let server = tonic::transport::Server::builder()
        .layer(layer())
        .add_service(Echo)
        .serve_with_incoming_shutdown(incoming, ready(()));
    server.await.unwrap();
}
