//! Header values made once, when the headers are configured.

use crate::csp::{ContentSecurityPolicy, DirectiveName, PolicyList};
use crate::nonce::CspNonce;
use http::HeaderValue;

/// Policies ready to send in one header: a finished value, or the pieces to join around a
/// nonce.
#[derive(Debug, Clone)]
pub(crate) struct PreparedPolicy {
    pub(crate) policies: PolicyList,
    pub(crate) value: Prepared,
    /// What development responses send instead.
    pub(crate) development: DevelopmentVariant,
}

/// The policies of development responses, which leave out `upgrade-insecure-requests`.
#[derive(Debug, Clone)]
pub(crate) enum DevelopmentVariant {
    /// No policy has the directive: the same value.
    Same,
    /// The policies without it.
    Without(Box<PreparedPolicy>),
    /// Every policy held nothing else: no header.
    Nothing,
}

#[derive(Debug, Clone)]
pub(crate) enum Prepared {
    Fixed(HeaderValue),
    WithNonce { pieces: Vec<String>, len: usize },
}

impl PreparedPolicy {
    pub(crate) fn new(policy: ContentSecurityPolicy) -> Self {
        Self::list(PolicyList::from(policy))
    }

    pub(crate) fn list(policies: PolicyList) -> Self {
        let value = if policies.policies().iter().any(|p| p.needs_nonce()) {
            let mut pieces: Vec<String> = Vec::new();
            for (i, policy) in policies.policies().iter().enumerate() {
                let mut template = policy.nonce_template().into_iter();
                let first = template.next().unwrap_or_default();
                match pieces.last_mut() {
                    Some(last) if i > 0 => {
                        last.push_str(", ");
                        last.push_str(&first);
                    }
                    _ => pieces.push(first),
                }
                pieces.extend(template);
            }
            // What makes the unchecked value in `header_value` a valid header: every piece
            // is visible ASCII text (the policies were validated), and so is a nonce.
            assert!(
                pieces
                    .iter()
                    .all(|piece| HeaderValue::from_str(piece).is_ok()),
                "a validated policy serializes to header text: {pieces:?}"
            );
            let nonces = pieces.len() - 1;
            let len = pieces.iter().map(String::len).sum::<usize>()
                + nonces * ("'nonce-'".len() + crate::nonce::NONCE_LEN);
            Prepared::WithNonce { pieces, len }
        } else {
            match policies.policies() {
                [policy] => Prepared::Fixed(header_value(policy.as_static_str(), policy.as_str())),
                _ => Prepared::Fixed(shared_header_value(policies.to_string())),
            }
        };
        let upgrades =
            |p: &ContentSecurityPolicy| p.get(DirectiveName::UpgradeInsecureRequests).is_some();
        let development = if policies.policies().iter().any(upgrades) {
            let without: Vec<ContentSecurityPolicy> = policies
                .policies()
                .iter()
                .filter_map(|p| match upgrades(p) {
                    true => p.without_directive(DirectiveName::UpgradeInsecureRequests),
                    false => Some(p.clone()),
                })
                .collect();
            match PolicyList::new(without) {
                Some(list) => DevelopmentVariant::Without(Box::new(Self::list(list))),
                None => DevelopmentVariant::Nothing,
            }
        } else {
            DevelopmentVariant::Same
        };
        Self {
            policies,
            value,
            development,
        }
    }

    /// The first policy of the list, which is the only one unless a list was configured.
    pub(crate) fn policy(&self) -> &ContentSecurityPolicy {
        &self.policies.policies()[0]
    }

    /// Whether the value is written anew for each response, with its nonce.
    #[cfg(all(feature = "reports", feature = "csrf"))]
    pub(crate) fn needs_nonce(&self) -> bool {
        matches!(self.value, Prepared::WithNonce { .. })
    }

    /// The policy's text with `nonce` written in, when the policy asks for one.
    pub(crate) fn text_with_nonce(&self, nonce: &CspNonce) -> Option<String> {
        let Prepared::WithNonce { pieces, len } = &self.value else {
            return None;
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
        Some(text)
    }

    /// The header value for one response; `nonce` is only read when the policy asks for one
    /// (a fresh one is drawn when it asks and none is given).
    pub(crate) fn header_value(&self, nonce: Option<&CspNonce>) -> HeaderValue {
        match &self.value {
            Prepared::Fixed(value) => value.clone(),
            Prepared::WithNonce { .. } => {
                let nonce = CspNonce::given_or_fresh(nonce);
                let text = self.text_with_nonce(&nonce).unwrap_or_default();
                // Validating ~350 bytes again per response was a quarter of the nonce path's
                // cost. SAFETY: the one requirement, UTF-8, holds for any `String`. The value
                // is also a valid header value (`new` checked each piece, a nonce is base64),
                // which `http` checks itself in debug builds.
                #[allow(unsafe_code)]
                unsafe {
                    HeaderValue::from_maybe_shared_unchecked(bytes::Bytes::from(text))
                }
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
