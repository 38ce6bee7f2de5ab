//! Header values made once, when the headers are configured.

use crate::csp::{ContentSecurityPolicy, DirectiveName};
use crate::nonce::CspNonce;
use http::HeaderValue;

/// A policy ready to send: a finished header value, or the pieces to join around a nonce.
#[derive(Debug, Clone)]
pub(crate) struct PreparedPolicy {
    pub(crate) policy: ContentSecurityPolicy,
    pub(crate) value: Prepared,
    /// The same policy without `upgrade-insecure-requests`, for development responses.
    pub(crate) development: Option<Box<PreparedPolicy>>,
}

#[derive(Debug, Clone)]
pub(crate) enum Prepared {
    Fixed(HeaderValue),
    WithNonce { pieces: Vec<String>, len: usize },
}

impl PreparedPolicy {
    pub(crate) fn new(policy: ContentSecurityPolicy) -> Self {
        let value = if policy.needs_nonce() {
            let pieces = policy.nonce_template();
            let nonces = pieces.len() - 1;
            let len = pieces.iter().map(String::len).sum::<usize>()
                + nonces * ("'nonce-'".len() + crate::nonce::NONCE_LEN);
            Prepared::WithNonce { pieces, len }
        } else {
            Prepared::Fixed(header_value(policy.as_static_str(), policy.as_str()))
        };
        let development = policy
            .without_directive(DirectiveName::UpgradeInsecureRequests)
            .map(|p| Box::new(Self::new(p)));
        Self {
            policy,
            value,
            development,
        }
    }

    /// The header value for one response; `nonce` is only read when the policy asks for one.
    pub(crate) fn header_value(&self, nonce: Option<&CspNonce>) -> HeaderValue {
        match &self.value {
            Prepared::Fixed(value) => value.clone(),
            Prepared::WithNonce { pieces, len } => {
                let fresh;
                let nonce = match nonce {
                    Some(nonce) => nonce,
                    None => {
                        fresh = CspNonce::generate();
                        &fresh
                    }
                };
                let mut text = String::with_capacity(*len);
                for (i, piece) in pieces.iter().enumerate() {
                    if i > 0 {
                        text.push_str("'nonce-");
                        text.push_str(nonce.as_str());
                        text.push('\'');
                    }
                    text.push_str(piece);
                }
                HeaderValue::from_maybe_shared(bytes::Bytes::from(text))
                    .expect("a validated policy and a base64 nonce are visible ASCII")
            }
        }
    }
}

pub(crate) fn header_value(static_text: Option<&'static str>, text: &str) -> HeaderValue {
    match static_text {
        Some(text) => HeaderValue::from_static(text),
        None => shared_header_value(text.to_owned()),
    }
}

/// A header value whose clones share one buffer by reference count. (A `Vec`-backed
/// `Bytes` would allocate on its first clone, on the first response.)
pub(crate) fn shared_header_value(text: String) -> HeaderValue {
    HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(text.into_bytes()))
        .expect("validated header text is visible ASCII")
}
