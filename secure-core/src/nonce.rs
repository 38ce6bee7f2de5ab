//! Per-response CSP nonces.

use base64::Engine as _;
use std::fmt;

/// Bytes of randomness in a nonce: 128 bits, the least CSP asks for.
const NONCE_BYTES: usize = 16;
/// Length of the base64 text of [`NONCE_BYTES`] bytes, padding included.
pub(crate) const NONCE_LEN: usize = NONCE_BYTES.div_ceil(3) * 4;

/// A fresh nonce for one response: 128 bits from a cryptographically secure generator,
/// in base64.
///
/// The middleware makes one per response for policies that ask for `nonce`, puts it in the
/// request's extensions for the handler, and writes it into the header. Templates use it as
/// `<script nonce="{{ nonce }}">`.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::CspNonce;
/// let a = CspNonce::generate();
/// let b = CspNonce::generate();
/// assert_ne!(a, b);
/// assert_eq!(a.as_str().len(), 24);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CspNonce([u8; NONCE_LEN]);

impl CspNonce {
    /// Draws a new nonce from the thread's CSPRNG (ChaCha, seeded and reseeded by the OS).
    pub fn generate() -> Self {
        let mut random = [0u8; NONCE_BYTES];
        rand::fill(&mut random);
        let mut text = [0u8; NONCE_LEN];
        let written = base64::engine::general_purpose::STANDARD
            .encode_slice(random, &mut text)
            .expect("the buffer fits 16 bytes of base64");
        debug_assert_eq!(written, NONCE_LEN);
        Self(text)
    }

    /// `nonce`, or a fresh one when there is none.
    pub(crate) fn given_or_fresh(nonce: Option<&CspNonce>) -> std::borrow::Cow<'_, CspNonce> {
        match nonce {
            Some(nonce) => std::borrow::Cow::Borrowed(nonce),
            None => std::borrow::Cow::Owned(Self::generate()),
        }
    }

    /// The nonce as it goes into the `nonce` attribute.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("base64 is ASCII")
    }
}

impl fmt::Display for CspNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CspNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CspNonce").field(&self.as_str()).finish()
    }
}
