//! Every error of the invocation is reported, each at its token.

const POLICY: secure_http::integrity::IntegrityPolicy = secure_http::integrity_policy! {
    blocked-destinations: (scirpt),
    sorces: (inline),
    endpoints: (Main),
};

fn main() {
    let _ = POLICY.as_str();
}
