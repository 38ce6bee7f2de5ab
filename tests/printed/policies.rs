// What the printers write for the headers of tests/printed_macros.rs.
// Regenerate with `PRINTED=overwrite cargo test -p secure-http --test printed_macros`.

pub const CSP: &[ContentSecurityPolicy] = &[
    csp! {
        default-src: none,
    },
    csp! {
        script-src: nonce strict-dynamic,
        object-src: none,
        base-uri: none,
    },
    csp! {
        #![allow(unsafe_inline, bypass_host)]
        default-src: self,
        script-src: self unsafe-inline "https://ajax.googleapis.com",
        img-src: * data: blob:,
    },
    csp! {
        script-src: "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='" report-sample,
        style-src: self unsafe-inline,
        report-uri: "/csp-report",
        report-to: "csp",
    },
    csp! {
        img-src: "https://*.example.com:8443/images/" chrome-extension:,
        frame-ancestors: self "https://partner.example.org",
    },
    csp! {
        sandbox: allow-scripts allow-forms,
        upgrade-insecure-requests,
    },
    csp! {
        require-trusted-types-for: script,
        trusted-types: "dompurify" "default" allow-duplicates,
    },
    csp! {
        connect-src: self "wss://ws.example.com" "http://legacy.example.com",
        webrtc: block,
    },
];

pub const HSTS: &[StrictTransportSecurity] = &[
    hsts! { max-age: 1y, include-subdomains: true, preload: true },
    hsts! { max-age: 2y, include-subdomains: true, preload: false },
    hsts! { max-age: 30min, include-subdomains: false, preload: false },
    hsts! { max-age: 0, include-subdomains: false, preload: false },
    hsts! { max-age: 86401, include-subdomains: true, preload: false },
];

pub const PERMISSIONS: &[secure_http::headers::PermissionsPolicy] = &[
    permissions_policy! { camera: (), microphone: () },
    permissions_policy! { geolocation: (self "https://maps.example.com"), fullscreen: *, payment: (self src) },
];
