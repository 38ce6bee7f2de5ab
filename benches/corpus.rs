// The corpus of real-world-shaped policies that `benches/parse.rs` and
// `examples/parse_count.rs` parse; included by both.

/// Ten policies of the shapes sites send, from a one-directive frame policy to a long
/// allow-list of a site with analytics, fonts, payments and video embeds.
pub const CORPUS: &[&str] = &[
    "frame-ancestors 'none'",
    "default-src 'self'",
    "default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'",
    "default-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; upgrade-insecure-requests",
    "script-src 'sha256-mqWntQHJ3q1ZXryS9gia9qIprEhEypVch4flpdhujzQ=' 'strict-dynamic' https:; object-src 'none'; base-uri 'none'; report-uri /csp-report",
    "default-src 'self'; script-src 'self' https://www.googletagmanager.com https://www.google-analytics.com; img-src 'self' data: https://www.google-analytics.com https://*.googleusercontent.com; connect-src 'self' https://www.google-analytics.com https://region1.google-analytics.com; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com",
    "default-src 'none'; script-src 'self' https://js.stripe.com https://checkout.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com https://checkout.stripe.com; connect-src 'self' https://api.stripe.com https://checkout.stripe.com; img-src 'self' https://*.stripe.com; style-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'self'",
    "default-src 'self'; media-src 'self' https://*.vimeocdn.com blob:; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; img-src 'self' data: blob: https://i.ytimg.com https://i.vimeocdn.com; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; sandbox allow-scripts allow-same-origin allow-forms allow-popups",
    "default-src 'self'; connect-src 'self' wss://realtime.example.com https://api.example.com:8443 https://sentry.io; script-src 'self' 'wasm-unsafe-eval' https://cdn.jsdelivr.net https://unpkg.com; style-src 'self' https://cdn.jsdelivr.net; img-src * data:; require-trusted-types-for 'script'; trusted-types default dompurify; report-to csp-endpoint",
    "default-src 'none'; script-src 'self' https://cdn.example.com https://static.example.net https://assets.example.org https://www.gstatic.com https://apis.google.com https://connect.facebook.net https://platform.twitter.com https://cdn.segment.com https://js.intercomcdn.com https://widget.intercom.io; style-src 'self' 'unsafe-inline' https://cdn.example.com https://fonts.googleapis.com; img-src 'self' data: blob: https: ; font-src 'self' data: https://fonts.gstatic.com https://js.intercomcdn.com; connect-src 'self' https://api.example.com https://api-iam.intercom.io wss://nexus-websocket-a.intercom.io https://api.segment.io https://www.google-analytics.com; frame-src https://www.facebook.com https://platform.twitter.com https://intercom-sheets.com; media-src 'self' https://js.intercomcdn.com; object-src 'none'; base-uri 'self'; form-action 'self' https://checkout.example.com; frame-ancestors 'none'; upgrade-insecure-requests; report-uri https://example.report-uri.com/r/d/csp/enforce",
];
