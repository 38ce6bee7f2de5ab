//! Printed policies compile back to themselves: `tests/printed/policies.rs` holds what
//! `to_csp_macro`, `to_hsts_macro` and `to_permissions_policy_macro` print for the headers
//! below, compiled by the macros. One test checks that the file is exactly what they print
//! today (`PRINTED=overwrite` rewrites it), the other that each compiled policy is the one
//! the header was read into.

use secure_http::csp::analyze;

use secure_http::permissions::PermissionsPolicy;
use secure_http::{ContentSecurityPolicy, StrictTransportSecurity, csp, hsts, permissions_policy};

mod printed {
    use super::*;
    include!("printed/policies.rs");
}

/// Headers as sites send them, literal nonces and lints included.
const CSP_HEADERS: &[&str] = &[
    "default-src 'none'",
    "script-src 'nonce-r4nd0m' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://ajax.googleapis.com; img-src * data: blob:",
    "script-src 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'report-sample'; style-src 'self' 'unsafe-inline'; report-uri /csp-report; report-to csp",
    "img-src https://*.example.com:8443/images/ chrome-extension:; frame-ancestors 'self' https://partner.example.org",
    "sandbox allow-scripts allow-forms; upgrade-insecure-requests",
    "require-trusted-types-for 'script'; trusted-types dompurify default 'allow-duplicates'",
    "connect-src 'self' wss://ws.example.com http://legacy.example.com; webrtc 'block'",
];

const HSTS_HEADERS: &[&str] = &[
    "max-age=31536000; includeSubDomains; preload",
    "max-age=63072000; includeSubDomains",
    "max-age=1800",
    "max-age=0",
    "max-age=86401; includeSubDomains",
];

const PERMISSIONS_HEADERS: &[&str] = &[
    "camera=(), microphone=()",
    r#"geolocation=(self "https://maps.example.com"), fullscreen=*, payment=(self src)"#,
];

/// The file as the printers write it today.
fn print_file() -> String {
    let mut file = String::from(
        "// What the printers write for the headers of tests/printed_macros.rs.\n\
         // Regenerate with `PRINTED=overwrite cargo test -p secure-http --test printed_macros`.\n\n",
    );
    file.push_str("pub const CSP: &[ContentSecurityPolicy] = &[\n");
    for header in CSP_HEADERS {
        let analysis = analyze(header);
        assert!(analysis.policies().len() == 1, "{header}");
        let text = analysis.policies()[0].policy().to_csp_macro().unwrap();
        file.push_str(&indent(&text));
    }
    file.push_str("];\n\npub const HSTS: &[StrictTransportSecurity] = &[\n");
    for header in HSTS_HEADERS {
        let policy = secure_http::hsts::analyze(header).policy().unwrap();
        file.push_str(&indent(&policy.to_hsts_macro()));
    }
    file.push_str("];\n\npub const PERMISSIONS: &[secure_http::headers::PermissionsPolicy] = &[\n");
    for header in PERMISSIONS_HEADERS {
        let policy: PermissionsPolicy = header.parse().unwrap();
        file.push_str(&indent(&policy.to_permissions_policy_macro()));
    }
    file.push_str("];\n");
    file
}

fn indent(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        out.push_str("    ");
        out.push_str(line);
        out.push('\n');
    }
    out.insert(out.len() - 1, ',');
    out
}

#[test]
fn the_file_is_what_the_printers_write() {
    let printed = print_file();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/printed/policies.rs");
    if std::env::var("PRINTED").as_deref() == Ok("overwrite") {
        std::fs::write(path, &printed).unwrap();
    }
    assert_eq!(printed, std::fs::read_to_string(path).unwrap());
}

#[test]
fn the_compiled_policies_are_the_headers_read() {
    assert_eq!(printed::CSP.len(), CSP_HEADERS.len());
    for (compiled, header) in printed::CSP.iter().zip(CSP_HEADERS) {
        // A literal nonce is the DSL's `nonce`; everything else as written.
        let expected: String = header
            .split(' ')
            .map(|word| {
                if word.starts_with("'nonce-") {
                    "'nonce'"
                } else {
                    word
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let expected: ContentSecurityPolicy = expected.parse().unwrap();
        assert_eq!(*compiled, expected, "{header}");
    }
    assert_eq!(printed::HSTS.len(), HSTS_HEADERS.len());
    for (compiled, header) in printed::HSTS.iter().zip(HSTS_HEADERS) {
        assert_eq!(compiled.to_string(), *header);
    }
    assert_eq!(printed::PERMISSIONS.len(), PERMISSIONS_HEADERS.len());
    for (compiled, header) in printed::PERMISSIONS.iter().zip(PERMISSIONS_HEADERS) {
        assert_eq!(compiled.as_str(), *header);
    }
}
