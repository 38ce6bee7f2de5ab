//! Signed double-submit tokens: a random secret in a cookie, signed with HMAC-SHA256, and a
//! token for the page that is the secret masked afresh on every response.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::fmt;
use subtle::ConstantTimeEq;

/// Bytes of the secret, and of its signature.
const SECRET_LEN: usize = 32;
/// What the signature covers besides the secret, so a signature of this scheme can never be
/// mistaken for one of another use of the same key.
const SIGNATURE_CONTEXT: &[u8] = b"secure.csrf.v1";

/// A server key that signs CSRF cookies. Give every instance the same keys and each one
/// verifies the others' tokens without shared state.
#[derive(Clone)]
pub struct CsrfKey(Vec<u8>);

/// Why a key was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidKey(&'static str);

impl fmt::Display for InvalidKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid CSRF key: {}", self.0)
    }
}

impl std::error::Error for InvalidKey {}

impl CsrfKey {
    /// The least key length accepted: 32 bytes, as much as the HMAC-SHA256 output.
    pub const MIN_LEN: usize = 32;

    /// A key from raw bytes (at least [`MIN_LEN`](Self::MIN_LEN)).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, InvalidKey> {
        if bytes.len() < Self::MIN_LEN {
            return Err(InvalidKey("it must be at least 32 bytes"));
        }
        Ok(Self(bytes.to_vec()))
    }

    /// A key from base64 (standard or URL-safe, padded or not), as kept in configuration
    /// or an environment variable. Make one with `openssl rand -base64 32`.
    pub fn from_base64(text: &str) -> Result<Self, InvalidKey> {
        let text = text.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .map_err(|_| InvalidKey("it is not valid base64"))?;
        Self::from_bytes(&bytes)
    }

    /// A random key. Tokens signed with it do not survive a restart, and other instances
    /// cannot verify them: for development and single-instance tests.
    pub fn generate() -> Self {
        let mut bytes = vec![0u8; Self::MIN_LEN];
        rand::fill(&mut bytes[..]);
        Self(bytes)
    }

    fn sign(&self, secret: &[u8; SECRET_LEN]) -> [u8; SECRET_LEN] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(SIGNATURE_CONTEXT);
        mac.update(secret);
        mac.finalize().into_bytes().into()
    }

    fn verify(&self, secret: &[u8; SECRET_LEN], signature: &[u8]) -> bool {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(SIGNATURE_CONTEXT);
        mac.update(secret);
        mac.verify_slice(signature).is_ok()
    }
}

impl fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

/// The keys in use: the first signs, all verify, so a key can be rotated without
/// invalidating the tokens already handed out.
#[derive(Debug, Clone)]
pub struct CsrfKeys {
    keys: Vec<CsrfKey>,
}

impl CsrfKeys {
    /// Signs with `current`, verifies with it alone.
    pub fn new(current: CsrfKey) -> Self {
        Self {
            keys: vec![current],
        }
    }

    /// Also accepts cookies signed with `retired` (an older key being rotated out).
    pub fn accept(mut self, retired: CsrfKey) -> Self {
        self.keys.push(retired);
        self
    }

    /// A fresh secret, as the cookie value that carries it signed.
    pub fn new_cookie_value(&self) -> (CsrfSecret, String) {
        let mut secret = [0u8; SECRET_LEN];
        rand::fill(&mut secret);
        let value = self.cookie_value(&secret);
        (CsrfSecret(secret), value)
    }

    fn cookie_value(&self, secret: &[u8; SECRET_LEN]) -> String {
        let mut signed = [0u8; 2 * SECRET_LEN];
        signed[..SECRET_LEN].copy_from_slice(secret);
        signed[SECRET_LEN..].copy_from_slice(&self.keys[0].sign(secret));
        URL_SAFE_NO_PAD.encode(signed)
    }

    /// The secret in a cookie value, if one of the keys signed it.
    pub fn open_cookie(&self, value: &str) -> Option<CsrfSecret> {
        let signed = decode_fixed::<{ 2 * SECRET_LEN }>(value)?;
        let (secret, signature) = signed.split_at(SECRET_LEN);
        let secret: [u8; SECRET_LEN] = secret.try_into().expect("split at SECRET_LEN");
        self.keys
            .iter()
            .any(|key| key.verify(&secret, signature))
            .then_some(CsrfSecret(secret))
    }

    /// Whether the cookie was signed with a retired key, so it should be signed anew.
    pub fn is_current(&self, value: &str) -> bool {
        decode_fixed::<{ 2 * SECRET_LEN }>(value).is_some_and(|signed| {
            let secret: [u8; SECRET_LEN] = signed[..SECRET_LEN].try_into().expect("32 bytes");
            self.keys[0].verify(&secret, &signed[SECRET_LEN..])
        })
    }

    /// The cookie value for a secret, signed with the current key.
    pub fn reseal(&self, secret: &CsrfSecret) -> String {
        self.cookie_value(&secret.0)
    }
}

/// The random secret behind a session's tokens, after its signature was checked.
#[derive(Clone)]
pub struct CsrfSecret([u8; SECRET_LEN]);

impl fmt::Debug for CsrfSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfSecret(..)")
    }
}

impl CsrfSecret {
    /// A token for the page: the secret masked with fresh random bytes, so the text differs
    /// on every response and compression side channels (BREACH) cannot recover it.
    pub fn mask(&self) -> CsrfToken {
        let mut mask = [0u8; SECRET_LEN];
        rand::fill(&mut mask);
        let mut token = [0u8; 2 * SECRET_LEN];
        token[..SECRET_LEN].copy_from_slice(&mask);
        for (i, byte) in self.0.iter().enumerate() {
            token[SECRET_LEN + i] = byte ^ mask[i];
        }
        CsrfToken(URL_SAFE_NO_PAD.encode(token))
    }

    /// Whether a token sent back by the page is a masking of this secret. The comparison
    /// takes the same time wherever the token differs.
    pub fn matches(&self, token: &str) -> bool {
        let Some(token) = decode_fixed::<{ 2 * SECRET_LEN }>(token) else {
            return false;
        };
        let (mask, masked) = token.split_at(SECRET_LEN);
        let mut unmasked = [0u8; SECRET_LEN];
        for i in 0..SECRET_LEN {
            unmasked[i] = masked[i] ^ mask[i];
        }
        unmasked.ct_eq(&self.0).into()
    }
}

/// Decodes base64url (no padding) of exactly `N` bytes; anything else is `None`.
fn decode_fixed<const N: usize>(text: &str) -> Option<[u8; N]> {
    // Refuse long input before decoding, so a huge header costs nothing.
    if text.len() != N.div_ceil(3) * 4 - (3 - N % 3) % 3 {
        return None;
    }
    let mut bytes = [0u8; N];
    let written = URL_SAFE_NO_PAD.decode_slice(text, &mut bytes).ok()?;
    (written == N).then_some(bytes)
}

/// The token of one response, for a form's hidden `csrf_token` field, a `<meta>` tag, or
/// the `x-csrf-token` header of JavaScript requests.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CsrfToken(String);

impl CsrfToken {
    /// The token text (base64url, 86 characters).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CsrfToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CsrfToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CsrfToken(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> CsrfKeys {
        CsrfKeys::new(CsrfKey::from_bytes(&[7; 32]).unwrap())
    }

    #[test]
    fn a_masked_token_matches_its_secret_only() {
        let keys = keys();
        let (secret, cookie) = keys.new_cookie_value();
        let opened = keys.open_cookie(&cookie).unwrap();
        let (a, b) = (secret.mask(), secret.mask());
        assert_ne!(a, b, "masks are fresh");
        assert_eq!(a.as_str().len(), 86);
        assert!(opened.matches(a.as_str()) && opened.matches(b.as_str()));
        let (other, _) = keys.new_cookie_value();
        assert!(!other.matches(a.as_str()));
    }

    #[test]
    fn tampered_cookies_and_tokens_are_refused() {
        let keys = keys();
        let (secret, cookie) = keys.new_cookie_value();
        let mut bytes = URL_SAFE_NO_PAD.decode(&cookie).unwrap();
        bytes[0] ^= 1;
        assert!(keys.open_cookie(&URL_SAFE_NO_PAD.encode(&bytes)).is_none());
        let token = secret.mask().to_string();
        for bad in [
            &token[..85],
            &format!("{token}A"),
            "",
            &token.replace(|c: char| c.is_ascii_lowercase(), "A"),
            &"A".repeat(86),
            "!!!",
        ] {
            assert!(!secret.matches(bad), "{bad}");
        }
        assert!(
            keys.open_cookie(&token).is_none(),
            "a token is not a cookie"
        );
    }

    #[test]
    fn rotation_accepts_retired_keys_and_signs_with_the_new_one() {
        let old = CsrfKey::from_bytes(&[1; 32]).unwrap();
        let new = CsrfKey::from_bytes(&[2; 32]).unwrap();
        let (_, old_cookie) = CsrfKeys::new(old.clone()).new_cookie_value();
        let rotated = CsrfKeys::new(new.clone()).accept(old);
        let secret = rotated.open_cookie(&old_cookie).unwrap();
        assert!(!rotated.is_current(&old_cookie));
        assert!(rotated.is_current(&rotated.reseal(&secret)));
        assert!(CsrfKeys::new(new).open_cookie(&old_cookie).is_none());
    }

    #[test]
    fn keys_are_checked() {
        assert!(CsrfKey::from_bytes(&[0; 31]).is_err());
        assert!(CsrfKey::from_base64("c2hvcnQ=").is_err());
        let text = base64::engine::general_purpose::STANDARD.encode([9u8; 32]);
        assert!(CsrfKey::from_base64(&text).is_ok());
        assert!(CsrfKey::from_base64("not base64 at all").is_err());
    }
}
