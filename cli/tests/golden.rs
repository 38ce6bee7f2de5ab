//! Golden outputs: each case runs the `secure-http` binary and compares its exit status,
//! standard output and standard error with `tests/golden/<case>.out` (`GOLDEN=overwrite`
//! rewrites the files; read the diff before committing it).

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Runs the binary with `args` and `stdin`; the status, stdout and stderr as one text.
fn run(args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_secure-http"))
        .args(args)
        .current_dir(golden_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap()
    )
}

fn compare(case: &str, actual: &str) {
    let path = golden_dir().join(format!("{case}.out"));
    if std::env::var("GOLDEN").as_deref() == Ok("overwrite") {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (GOLDEN=overwrite writes it)", path.display()));
    assert_eq!(
        actual,
        expected,
        "{case}: the output differs from {}",
        path.display()
    );
}

/// A header from a real site: a literal nonce, an unquoted `self`, an obsolete directive and
/// a denied lint.
const SITE_CSP: &str = "script-src 'nonce-r4nd0m' 'strict-dynamic' https: 'unsafe-inline'; object-src 'none'; img-src self data:; prefetch-src 'self'";

#[test]
fn check() {
    compare("check_site", &run(&["check", SITE_CSP], ""));
    compare(
        "check_good",
        &run(
            &[
                "check",
                "default-src 'none'; script-src 'nonce' 'strict-dynamic'; base-uri 'none'",
            ],
            "",
        ),
    );
    compare(
        "check_denied",
        &run(
            &["check", "script-src 'self' https:; object-src 'none'"],
            "",
        ),
    );
    compare("check_json", &run(&["check", "--json", SITE_CSP], ""));
    compare(
        "check_stdin_hsts",
        &run(&["check", "--kind", "hsts"], "max-age=600; preload\n"),
    );
    compare(
        "check_file_permissions",
        &run(
            &["check", "-k", "permissions", "--file", "permissions.txt"],
            "",
        ),
    );
    compare(
        "check_missing_file",
        &run(&["check", "--file", "absent.txt"], ""),
    );
}

#[test]
fn import() {
    compare(
        "import_csp",
        &run(
            &[
                "import",
                "script-src 'nonce-r4nd0m' 'strict-dynamic' 'unsafe-inline'; object-src 'none'; img-src 'self' https://img.example.com; prefetch-src 'self'",
            ],
            "",
        ),
    );
    compare(
        "import_own",
        &run(
            &[
                "import",
                "script-src 'self' 'unsafe-inline'; style-src 'nonce'",
            ],
            "",
        ),
    );
    compare("import_unprintable", &run(&["import", SITE_CSP], ""));
    compare(
        "import_hsts",
        &run(
            &[
                "import",
                "-k",
                "hsts",
                "max-age=63072000; includeSubDomains; preload",
            ],
            "",
        ),
    );
    compare(
        "import_permissions",
        &run(
            &["import", "-k", "permissions", "-"],
            "camera=(), geolocation=(self \"https://maps.example.com\"), fullscreen=*\n",
        ),
    );
}

#[test]
fn suggest() {
    let policy = "default-src 'self'; script-src 'nonce-Zm9vYmFy' 'strict-dynamic' 'report-sample'; object-src 'none'; base-uri 'none'; report-uri /csp-report";
    compare(
        "suggest",
        &run(&["suggest", "reports.jsonl", "--policy", policy], ""),
    );
    compare(
        "suggest_bad_line",
        &run(
            &["suggest", "-", "--policy", policy],
            "{\"csp-report\":{\"document-uri\":\"x\",\"effective-directive\":\"img-src\"}}\nnot json\n",
        ),
    );
}

/// The response of the test servers: headers from a real site's kind, with a literal nonce,
/// a repeated CSP, an unquoted keyword and a misspelt feature.
const RESPONSE: &str = "HTTP/1.1 200 OK\r\n\
    Content-Length: 2\r\n\
    Connection: close\r\n\
    Content-Security-Policy: script-src 'nonce-abc123' 'strict-dynamic'; object-src 'none'\r\n\
    Content-Security-Policy: img-src self\r\n\
    Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n\
    X-Content-Type-Options: nosniff\r\n\
    Permissions-Policy: camera=(), geolocaton=()\r\n\
    X-Frame-Options: sameorigin\r\n\
    Referrer-Policy: no-referer\r\n\
    Cross-Origin-Opener-Policy: same-origin;report-to=\"coop\"\r\n\
    Cross-Origin-Embedder-Policy-Report-Only: require-corp; report-to=coep\r\n\
    \r\nok";

/// Reads one request's head from `stream` and answers [`RESPONSE`].
fn answer(mut stream: impl Read + Write) {
    let mut request = [0u8; 4096];
    let mut read = 0;
    while !request[..read].windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut request[read..]) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
    let _ = stream.write_all(RESPONSE.as_bytes());
    let _ = stream.flush();
}

#[test]
fn headers() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || answer(listener.accept().unwrap().0));
    let url = format!("http://{address}/");
    compare("headers", &run(&["headers", &url], ""));
    server.join().unwrap();
    compare(
        "headers_scheme",
        &run(&["headers", "ftp://example.com/"], ""),
    );
}

/// The same over TLS, with a certificate for 127.0.0.1 made for the test: trusted through
/// `--ca-cert`, the report is the plain-http one; without it, the certificate is refused.
#[test]
fn headers_over_tls() {
    let made = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let pem = std::env::temp_dir().join(format!("secure-http-cli-{}.pem", std::process::id()));
    std::fs::write(&pem, made.cert.pem()).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![made.cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(made.signing_key.serialize_der().into()),
        )
        .unwrap();
    let config = std::sync::Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        for _ in 0..2 {
            let (tcp, _) = listener.accept().unwrap();
            let connection = rustls::ServerConnection::new(config.clone()).unwrap();
            answer(rustls::StreamOwned::new(connection, tcp));
        }
    });
    let url = format!("https://{address}/");
    let trusted = run(&["headers", &url, "--ca-cert", pem.to_str().unwrap()], "");
    compare("headers", &trusted);
    let untrusted = run(&["headers", &url], "");
    assert!(
        untrusted.starts_with(&format!(
            "exit: 2\n--- stdout\n--- stderr\nerror: cannot fetch {url}: "
        )),
        "an unknown issuer is refused: {untrusted}"
    );
    server.join().unwrap();
    std::fs::remove_file(pem).unwrap();
}

#[test]
fn help() {
    compare("help", &run(&["--help"], ""));
    for command in ["check", "import", "suggest", "headers"] {
        compare(&format!("help_{command}"), &run(&[command, "--help"], ""));
    }
    compare("usage_error", &run(&["check", "--kind", "csv", "x"], ""));
}
