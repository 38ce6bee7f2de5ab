//! The application with the salvo hoop, on the service so that 404s pass through it.

use super::spec;
use salvo_core::conn::TcpListener;
use salvo_core::http::StatusCode;
use salvo_core::writing::Text;
use salvo_core::{Depot, Listener, Request, Response, Router, Server, Service, handler};
use secure_http::integrations::salvo::{SecureDepot, SecureHoop};
use std::net::SocketAddr;

#[handler]
fn page(depot: &mut Depot, res: &mut Response) {
    let nonce = depot.csp_nonce().expect("a nonce from the hoop");
    let token = depot.csrf_token().expect("a CSRF token from the hoop");
    res.render(Text::Html(spec::page(nonce.as_str(), token.as_str())));
}

#[handler]
fn boom(res: &mut Response) {
    res.status_code(StatusCode::INTERNAL_SERVER_ERROR);
    res.render("boom");
}

#[handler]
async fn submit(req: &mut Request) -> String {
    let note: Option<String> = req.form("note").await;
    spec::submitted(note.as_deref().unwrap_or(""))
}

pub fn spawn() -> SocketAddr {
    let router = Router::new()
        .get(page)
        .push(Router::with_path("boom").get(boom))
        .push(Router::with_path("submit").post(submit));
    let service = Service::new(router).hoop(SecureHoop::new(spec::pipeline()));
    let (sender, address) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async move {
            let acceptor = TcpListener::new("127.0.0.1:0").bind().await;
            sender
                .send(acceptor.local_addr().expect("address"))
                .expect("send the address");
            Server::new(acceptor).serve(service).await;
        });
    });
    address.recv().expect("the server's address")
}

/// Salvo copies the first `Host` header of an HTTP/1 request into its URI; the adapter does
/// not take that copy for the request's own authority, so two `Host` headers are refused as
/// by the other adapters, and an absolute-form target still names its own host.
#[test]
fn host_headers_copied_into_the_uri() {
    let addr = spawn();
    let proto = ("x-forwarded-proto", "https");
    let two = spec::send(
        addr,
        "GET",
        "/",
        &[("host", spec::HOST), ("host", "evil.example"), proto],
        b"",
    );
    assert_eq!(two.status, 400, "{two:?}");
    let absolute = spec::send(
        addr,
        "GET",
        "http://evil.example/",
        &[("host", spec::HOST), proto],
        b"",
    );
    assert_eq!(absolute.status, 400, "{absolute:?}");
    let served = spec::send(addr, "GET", "/", &[("host", spec::HOST), proto], b"");
    assert_eq!(served.status, 200, "{served:?}");
}
