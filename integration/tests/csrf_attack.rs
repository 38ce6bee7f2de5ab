//! CSRF tokens under attack: forged, replayed, truncated, re-encoded and cross-key tokens and
//! cookies, through the public API and through both integrations (the tower layer in an axum
//! `Router`, the actix-web middleware). Every refusal is asserted exactly (403 and its
//! reason, no cookie set), and each family has a control: the genuine token in the same setup
//! passes, with the body intact.
//!
//! The requests carry neither `Sec-Fetch-Site` nor `Origin`, as a script replaying stolen
//! tokens would: the origin check lets them through (rule 5), so the token alone decides.
//!
//! What is accepted, decided here and asserted below: a token is accepted only as the exact
//! canonical base64url text (no padding, no non-zero trailing bits, case as issued), after the
//! transport's own decoding. A form body is `application/x-www-form-urlencoded`, so its
//! percent-encoding (`%41` for `A`) and `+` for space are decoded before the token is looked
//! at, as they must be: a percent-encoded token in a form is the same token and passes. A
//! header is never percent-decoded, so there `%41` stays three characters and is refused.
//! Whitespace around the token is not trimmed (a genuine client never sends it; over the wire
//! the HTTP parser strips a header's surrounding whitespace before the layer sees it).
//! Whitespace around the cookie value is trimmed, as RFC 6265 parses a cookie pair.

use actix_web::test as actix_test;
use axum::Router;
use axum::routing::any as any_method;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use http::Request;
use http_body_util::BodyExt;
use proptest::prelude::*;
use secure_http::csrf::{CsrfKey, CsrfKeys, CsrfProtection, CsrfSecret};
use secure_http::integrations::{actix::Csrf, tower::CsrfLayer};
use tower::ServiceExt;

const COOKIE: &str = "__Host-csrf";
const INVALID: &str = "invalid CSRF token";
const MISSING: &str = "missing CSRF token";
const HOST: &str = "app.example";
/// The rest of every form body, which must reach the handler intact.
const FORM_REST: &str = "note=a%26b+c";
/// The body of requests whose token is in the header.
const PLAIN_BODY: &str = "payload";
/// Length of a token and of a cookie value: 64 bytes in base64url without padding.
const LEN: usize = 86;
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn key(byte: u8) -> CsrfKey {
    CsrfKey::from_bytes(&[byte; 32]).unwrap()
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// A browser session: its signed cookie value and one (genuine) token of it.
#[derive(Clone)]
struct Session {
    secret: CsrfSecret,
    cookie: String,
    token: String,
}

fn session(keys: &CsrfKeys) -> Session {
    let (secret, cookie) = keys.new_cookie_value();
    let token = secret.mask().to_string();
    Session {
        secret,
        cookie,
        token,
    }
}

/// A session whose cookie and token both contain `-` or `_`, so that their standard-base64
/// spelling differs from the base64url one.
fn session_with_url_safe_chars(keys: &CsrfKeys) -> Session {
    let url_safe = |s: &str| s.contains(['-', '_']);
    loop {
        let s = session(keys);
        if url_safe(&s.cookie) && url_safe(&s.token) {
            return s;
        }
    }
}

/// A token of `secret` built by hand: `mask || secret ^ mask`.
fn token_from_secret(secret: &[u8], mask: &[u8; 32]) -> String {
    let mut bytes = mask.to_vec();
    bytes.extend(secret.iter().zip(mask).map(|(s, m)| s ^ m));
    b64(&bytes)
}

fn percent_encode_all(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn swap_case(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_uppercase() {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            }
        })
        .collect()
}

/// The same 64 bytes with non-zero trailing bits: the last character carries 2 bits of the
/// last byte and 4 bits that must be zero; these are the 15 other spellings.
fn non_canonical_endings(text: &str) -> Vec<String> {
    let last = ALPHABET
        .iter()
        .position(|&c| c == *text.as_bytes().last().unwrap())
        .unwrap();
    assert_eq!(last & 0b1111, 0, "a canonical ending has no trailing bits");
    (1..16)
        .map(|low| {
            let mut bytes = text.as_bytes().to_vec();
            *bytes.last_mut().unwrap() = ALPHABET[last | low];
            let variant = String::from_utf8(bytes).unwrap();
            assert_eq!(
                base64::engine::GeneralPurpose::new(
                    &base64::alphabet::URL_SAFE,
                    base64::engine::general_purpose::NO_PAD.with_decode_allow_trailing_bits(true),
                )
                .decode(&variant)
                .unwrap(),
                unb64(text),
                "the variant decodes to the same bytes when trailing bits are allowed"
            );
            variant
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Sending attempts through both integrations.

/// Where the token travels.
#[derive(Debug, Clone)]
enum Token {
    None,
    /// The `x-csrf-token` header, exactly this text.
    Header(String),
    /// A form whose `csrf_token` field is this raw (already form-encoded) text.
    Form(String),
    /// A form body, whole.
    FormBody(String),
}

/// One request: the `__Host-csrf` cookie value (or a whole `Cookie` header) and the token.
#[derive(Debug, Clone)]
struct Attempt {
    cookie_header: Option<String>,
    token: Token,
}

impl Attempt {
    fn new(cookie: Option<&str>, token: Token) -> Self {
        Self {
            cookie_header: cookie.map(|value| format!("theme=dark; {COOKIE}={value}")),
            token,
        }
    }

    fn header(cookie: &str, token: &str) -> Self {
        Self::new(Some(cookie), Token::Header(token.to_owned()))
    }

    fn form(cookie: &str, raw: &str) -> Self {
        Self::new(Some(cookie), Token::Form(raw.to_owned()))
    }

    fn body(&self) -> String {
        match &self.token {
            Token::Form(raw) => format!("csrf_token={raw}&{FORM_REST}"),
            Token::FormBody(body) => body.clone(),
            Token::None | Token::Header(_) => PLAIN_BODY.to_owned(),
        }
    }

    /// The request's headers, besides `host`.
    fn headers(&self) -> Vec<(&'static str, String)> {
        let mut headers = Vec::new();
        if let Some(cookie) = &self.cookie_header {
            headers.push(("cookie", cookie.clone()));
        }
        match &self.token {
            Token::Header(token) => {
                headers.push(("x-csrf-token", token.clone()));
                headers.push(("content-type", "text/plain".to_owned()));
            }
            Token::None | Token::Form(_) | Token::FormBody(_) => headers.push((
                "content-type",
                "application/x-www-form-urlencoded".to_owned(),
            )),
        }
        headers
    }
}

#[derive(Debug, Clone)]
enum Expect {
    /// 200, the body reaches the handler intact, no new cookie.
    Pass,
    /// 200, the body intact, and the cookie is signed anew to this value (key rotation).
    PassResealed(String),
    /// 403 with this reason as the body, and no cookie set.
    Refused(&'static str),
}

type Case = (String, Attempt, Expect);

async fn echo(body: String) -> String {
    body
}

fn verify(
    framework: &str,
    (name, attempt, expect): &Case,
    status: u16,
    body: &[u8],
    set_cookie: Option<String>,
) {
    let name = format!("{framework}: {name}: {attempt:?}");
    match expect {
        Expect::Pass | Expect::PassResealed(_) => {
            assert_eq!(status, 200, "{name}");
            assert_eq!(body, attempt.body().as_bytes(), "{name}: body intact");
        }
        Expect::Refused(reason) => {
            assert_eq!(status, 403, "{name}");
            assert_eq!(body, reason.as_bytes(), "{name}");
        }
    }
    match expect {
        Expect::PassResealed(value) => {
            let set_cookie = set_cookie.unwrap_or_else(|| panic!("{name}: no Set-Cookie"));
            assert!(
                set_cookie.starts_with(&format!("{COOKIE}={value};")),
                "{name}: {set_cookie}"
            );
        }
        Expect::Pass | Expect::Refused(_) => {
            assert_eq!(set_cookie, None, "{name}: no cookie is set");
        }
    }
}

/// Sends every case through the tower layer (axum `Router`, `oneshot`) and through the
/// actix-web middleware (`actix_web::test`), both configured with `protection`.
fn check(protection: &CsrfProtection, cases: &[Case]) {
    actix_web::rt::System::new().block_on(async {
        let tower_app = Router::new()
            .fallback(any_method(echo))
            .layer(CsrfLayer::new(protection.clone()));
        let actix_app = actix_test::init_service(
            actix_web::App::new()
                .wrap(Csrf::new(protection.clone()))
                .default_service(actix_web::web::to(echo)),
        )
        .await;
        for case in cases {
            let attempt = &case.1;

            let mut request = Request::post("/submit").header("host", HOST);
            for (name, value) in attempt.headers() {
                request = request.header(name, value);
            }
            let request = request
                .body(axum::body::Body::from(attempt.body()))
                .unwrap();
            let response = tower_app.clone().oneshot(request).await.unwrap();
            let status = response.status().as_u16();
            let set_cookie = response
                .headers()
                .get("set-cookie")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = response.into_body().collect().await.unwrap().to_bytes();
            verify("tower", case, status, &body, set_cookie);

            let mut request = actix_test::TestRequest::post()
                .uri("/submit")
                .insert_header(("host", HOST));
            for (name, value) in attempt.headers() {
                request = request.insert_header((name, value));
            }
            let request = request.set_payload(attempt.body()).to_request();
            let response = actix_test::call_service(&actix_app, request).await;
            let status = response.status().as_u16();
            let set_cookie = response
                .headers()
                .get("set-cookie")
                .map(|v| v.to_str().unwrap().to_owned());
            let body = actix_test::read_body(response).await;
            verify("actix", case, status, &body, set_cookie);
        }
    });
}

fn case(name: impl Into<String>, attempt: Attempt, expect: Expect) -> Case {
    (name.into(), attempt, expect)
}

/// Tokens on with the single key `[1; 32]`.
fn keys() -> CsrfKeys {
    CsrfKeys::new(key(1))
}

fn protection(keys: &CsrfKeys) -> CsrfProtection {
    CsrfProtection::new().tokens(keys.clone())
}

// ---------------------------------------------------------------------------------------------
// Forged.

#[test]
fn forged_tokens_and_cookies_are_refused() {
    let keys = keys();
    let genuine = session(&keys);
    let cookie_bytes = unb64(&genuine.cookie);
    let secret_bytes = &cookie_bytes[..32];

    // Guessed secrets, each made into a token with a random-looking and with a zero mask.
    let guesses: Vec<Vec<u8>> = vec![
        vec![0; 32],
        vec![0xff; 32],
        (0..32).collect(),
        cookie_bytes[32..].to_vec(), // the signature half of the cookie
    ];
    let mut forged_tokens = Vec::new();
    for guess in &guesses {
        forged_tokens.push(token_from_secret(guess, &[0; 32]));
        forged_tokens.push(token_from_secret(guess, &[0x5a; 32]));
    }
    // A cookie value as a token: it unmasks to secret ^ signature.
    forged_tokens.push(genuine.cookie.clone());
    forged_tokens.push("A".repeat(LEN));
    for token in &forged_tokens {
        assert!(!genuine.secret.matches(token), "{token}");
    }
    // Control: the token format is `mask || secret ^ mask`, so whoever reads the secret out of
    // the cookie can make a token, even with a zero mask; the cookie is HttpOnly and
    // SameSite, so a page of another site cannot.
    let by_hand = token_from_secret(secret_bytes, &[0; 32]);
    assert!(genuine.secret.matches(&by_hand));
    assert!(
        genuine
            .secret
            .matches(&token_from_secret(secret_bytes, &[0x5a; 32]))
    );

    // Forged cookies: a zeroed signature, another key's signature over the genuine secret, a
    // guessed secret with a zero signature, a token as a cookie.
    let mut zeroed = cookie_bytes.clone();
    zeroed[32..].fill(0);
    let zeroed = b64(&zeroed);
    let other_key = CsrfKeys::new(key(9)).reseal(&genuine.secret);
    assert_ne!(other_key, genuine.cookie);
    let mut guessed = vec![0u8; 64];
    guessed[..32].copy_from_slice(&guesses[2]);
    let guessed = b64(&guessed);
    let guessed_token = token_from_secret(&guesses[2], &[7; 32]);
    for cookie in [&zeroed, &other_key, &guessed, &genuine.token] {
        assert!(keys.open_cookie(cookie).is_none(), "{cookie}");
        assert!(!keys.is_current(cookie), "{cookie}");
    }
    // Sanity: the other key's cookie does hold the genuine secret.
    assert!(
        CsrfKeys::new(key(9))
            .open_cookie(&other_key)
            .unwrap()
            .matches(&genuine.token)
    );

    let mut cases = vec![
        case(
            "control: genuine, header",
            Attempt::header(&genuine.cookie, &genuine.token),
            Expect::Pass,
        ),
        case(
            "control: genuine, form",
            Attempt::form(&genuine.cookie, &genuine.token),
            Expect::Pass,
        ),
        case(
            "control: built by hand from the cookie's secret",
            Attempt::header(&genuine.cookie, &by_hand),
            Expect::Pass,
        ),
        case(
            "control: no token",
            Attempt::new(Some(&genuine.cookie), Token::None),
            Expect::Refused(MISSING),
        ),
        case(
            "genuine token, no cookie",
            Attempt::new(None, Token::Header(genuine.token.clone())),
            Expect::Refused(INVALID),
        ),
        case(
            "zeroed signature",
            Attempt::header(&zeroed, &genuine.token),
            Expect::Refused(INVALID),
        ),
        case(
            "signed with another key",
            Attempt::header(&other_key, &genuine.token),
            Expect::Refused(INVALID),
        ),
        case(
            "guessed secret, zero signature, matching token",
            Attempt::header(&guessed, &guessed_token),
            Expect::Refused(INVALID),
        ),
        case(
            "token as cookie, genuine token",
            Attempt::header(&genuine.token, &genuine.token),
            Expect::Refused(INVALID),
        ),
        case(
            "cookie as token",
            Attempt::header(&genuine.cookie, &genuine.cookie),
            Expect::Refused(INVALID),
        ),
        case(
            "cookie and token swapped",
            Attempt::header(&genuine.token, &genuine.cookie),
            Expect::Refused(INVALID),
        ),
        case(
            "cookie as token, in a form",
            Attempt::form(&genuine.cookie, &genuine.cookie),
            Expect::Refused(INVALID),
        ),
    ];
    for (i, token) in forged_tokens.iter().enumerate() {
        cases.push(case(
            format!("forged token {i}, header"),
            Attempt::header(&genuine.cookie, token),
            Expect::Refused(INVALID),
        ));
        cases.push(case(
            format!("forged token {i}, form"),
            Attempt::form(&genuine.cookie, token),
            Expect::Refused(INVALID),
        ));
    }
    check(&protection(&keys), &cases);
}

#[test]
fn a_forged_cookie_of_our_name_neither_passes_nor_hides_the_genuine_one() {
    let keys = keys();
    let genuine = session(&keys);
    let forged = session(&CsrfKeys::new(key(9)));
    let both = |first: &str, second: &str, token: &str| Attempt {
        cookie_header: Some(format!("{COOKIE}={first}; {COOKIE}={second}")),
        token: Token::Header(token.to_owned()),
    };
    check(
        &protection(&keys),
        &[
            case(
                "forged first, genuine token",
                both(&forged.cookie, &genuine.cookie, &genuine.token),
                Expect::Pass,
            ),
            case(
                "genuine first, genuine token",
                both(&genuine.cookie, &forged.cookie, &genuine.token),
                Expect::Pass,
            ),
            case(
                "forged first, forged token",
                both(&forged.cookie, &genuine.cookie, &forged.token),
                Expect::Refused(INVALID),
            ),
            case(
                "forged only, forged token",
                Attempt::header(&forged.cookie, &forged.token),
                Expect::Refused(INVALID),
            ),
        ],
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Random bytes of the right length, in canonical base64url, are neither a token of a
    /// session nor a cookie of the key.
    #[test]
    fn random_canonical_tokens_and_cookies_are_refused(bytes in prop::collection::vec(any::<u8>(), 64)) {
        let keys = keys();
        let genuine = session(&keys);
        let text = b64(&bytes);
        prop_assert_eq!(text.len(), LEN);
        prop_assert!(!genuine.secret.matches(&text));
        prop_assert!(keys.open_cookie(&text).is_none());
    }

    /// Random text of the right length and alphabet (most of it with non-canonical trailing
    /// bits) likewise.
    #[test]
    fn random_alphabet_text_is_refused(text in "[A-Za-z0-9_-]{86}") {
        let keys = keys();
        let genuine = session(&keys);
        prop_assert!(!genuine.secret.matches(&text));
        prop_assert!(keys.open_cookie(&text).is_none());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The same through both integrations: a random cookie with a random token, and the
    /// genuine cookie with a random token.
    #[test]
    fn random_tokens_and_cookies_are_refused_by_both_integrations(
        cookie in prop::collection::vec(any::<u8>(), 64),
        token in prop::collection::vec(any::<u8>(), 64),
    ) {
        let keys = keys();
        let genuine = session(&keys);
        let (cookie, token) = (b64(&cookie), b64(&token));
        check(&protection(&keys), &[
            case("control", Attempt::header(&genuine.cookie, &genuine.token), Expect::Pass),
            case("random cookie and token", Attempt::header(&cookie, &token), Expect::Refused(INVALID)),
            case("random cookie, genuine token", Attempt::header(&cookie, &genuine.token), Expect::Refused(INVALID)),
            case("genuine cookie, random token", Attempt::header(&genuine.cookie, &token), Expect::Refused(INVALID)),
            case("genuine cookie, random token in a form", Attempt::form(&genuine.cookie, &token), Expect::Refused(INVALID)),
        ]);
    }
}

// ---------------------------------------------------------------------------------------------
// Tampered: every single-bit flip and every single-character substitution.

#[test]
fn every_single_bit_flip_of_token_and_cookie_is_refused() {
    let keys = keys();
    for _ in 0..4 {
        let genuine = session(&keys);
        assert!(genuine.secret.matches(&genuine.token));
        assert!(keys.open_cookie(&genuine.cookie).is_some());
        let (token, cookie) = (unb64(&genuine.token), unb64(&genuine.cookie));
        for bit in 0..64 * 8 {
            let mut flipped = token.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(!genuine.secret.matches(&b64(&flipped)), "token bit {bit}");
            let mut flipped = cookie.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            assert!(
                keys.open_cookie(&b64(&flipped)).is_none(),
                "cookie bit {bit}"
            );
        }
    }
}

#[test]
fn every_single_character_substitution_of_token_and_cookie_is_refused() {
    let keys = keys();
    let genuine = session(&keys);
    for position in 0..LEN {
        for &c in ALPHABET {
            for (text, is_token) in [(&genuine.token, true), (&genuine.cookie, false)] {
                if text.as_bytes()[position] == c {
                    continue;
                }
                let mut bytes = text.as_bytes().to_vec();
                bytes[position] = c;
                let changed = String::from_utf8(bytes).unwrap();
                if is_token {
                    assert!(!genuine.secret.matches(&changed), "{changed}");
                } else {
                    assert!(keys.open_cookie(&changed).is_none(), "{changed}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A single bit flipped in the token or in the cookie, under a random key, through both
    /// integrations, with the untouched pair as the control.
    #[test]
    fn a_flipped_bit_is_refused_by_both_integrations(
        key_bytes in prop::collection::vec(any::<u8>(), 32..80),
        bit in 0usize..64 * 8,
        in_token: bool,
        in_form: bool,
    ) {
        let keys = CsrfKeys::new(CsrfKey::from_bytes(&key_bytes).unwrap());
        let genuine = session(&keys);
        let flip = |text: &str| {
            let mut bytes = unb64(text);
            bytes[bit / 8] ^= 1 << (bit % 8);
            b64(&bytes)
        };
        let (cookie, token) = if in_token {
            (genuine.cookie.clone(), flip(&genuine.token))
        } else {
            (flip(&genuine.cookie), genuine.token.clone())
        };
        let attempt = |cookie: &str, token: &str| if in_form {
            Attempt::form(cookie, token)
        } else {
            Attempt::header(cookie, token)
        };
        check(&protection(&keys), &[
            case("control", attempt(&genuine.cookie, &genuine.token), Expect::Pass),
            case(format!("bit {bit} flipped"), attempt(&cookie, &token), Expect::Refused(INVALID)),
        ]);
    }

    /// A character of the token or cookie replaced by another of the alphabet.
    #[test]
    fn a_substituted_character_is_refused_by_both_integrations(
        position in 0..LEN,
        replacement in 0..63usize,
        in_token: bool,
    ) {
        let keys = keys();
        let genuine = session(&keys);
        let substitute = |text: &str| {
            let mut bytes = text.as_bytes().to_vec();
            let others: Vec<u8> = ALPHABET.iter().copied().filter(|&c| c != bytes[position]).collect();
            bytes[position] = others[replacement];
            String::from_utf8(bytes).unwrap()
        };
        let attempt = if in_token {
            Attempt::header(&genuine.cookie, &substitute(&genuine.token))
        } else {
            Attempt::header(&substitute(&genuine.cookie), &genuine.token)
        };
        check(&protection(&keys), &[
            case("control", Attempt::header(&genuine.cookie, &genuine.token), Expect::Pass),
            case(format!("position {position} substituted"), attempt, Expect::Refused(INVALID)),
        ]);
    }
}

// ---------------------------------------------------------------------------------------------
// Replayed.

#[test]
fn replayed_tokens() {
    let keys = keys();
    let victim = session(&keys);
    let attacker = session(&keys);
    // API: a token is bound to its session's secret.
    assert!(!attacker.secret.matches(&victim.token));
    assert!(!victim.secret.matches(&attacker.token));

    let cases = vec![
        // A token captured from the victim's page, sent with the attacker's own valid cookie.
        case(
            "victim's token, attacker's cookie",
            Attempt::header(&attacker.cookie, &victim.token),
            Expect::Refused(INVALID),
        ),
        case(
            "victim's token, attacker's cookie, form",
            Attempt::form(&attacker.cookie, &victim.token),
            Expect::Refused(INVALID),
        ),
        case(
            "attacker's token, victim's cookie",
            Attempt::header(&victim.cookie, &attacker.token),
            Expect::Refused(INVALID),
        ),
        // By design, tokens are per session, not one-time: the same token with its own cookie
        // passes again and again (the scheme keeps no server-side state to spend them).
        case(
            "own token, first use",
            Attempt::header(&victim.cookie, &victim.token),
            Expect::Pass,
        ),
        case(
            "own token, replayed",
            Attempt::header(&victim.cookie, &victim.token),
            Expect::Pass,
        ),
        case(
            "own token, replayed in a form",
            Attempt::form(&victim.cookie, &victim.token),
            Expect::Pass,
        ),
        case(
            "own token, replayed again",
            Attempt::header(&victim.cookie, &victim.token),
            Expect::Pass,
        ),
    ];
    check(&protection(&keys), &cases);
}

#[test]
fn tokens_from_before_a_key_rotation() {
    let (k1, k2) = (key(1), key(2));
    let before = CsrfKeys::new(k1.clone());
    let rotating = CsrfKeys::new(k2.clone()).accept(k1.clone());
    let after = CsrfKeys::new(k2.clone());
    let old = session(&before);
    let resealed = rotating.reseal(&old.secret);
    assert_ne!(resealed, old.cookie);
    assert!(rotating.is_current(&resealed) && !rotating.is_current(&old.cookie));

    // While K1 is still accepted: the old pair passes and the cookie is signed anew with K2.
    check(
        &protection(&rotating),
        &[
            case(
                "old cookie, old token",
                Attempt::header(&old.cookie, &old.token),
                Expect::PassResealed(resealed.clone()),
            ),
            case(
                "old cookie, old token, form",
                Attempt::form(&old.cookie, &old.token),
                Expect::PassResealed(resealed.clone()),
            ),
            case(
                "resealed cookie, old token",
                Attempt::header(&resealed, &old.token),
                Expect::Pass,
            ),
        ],
    );
    // K1 dropped: the old cookie is refused. The resealed cookie holds the same secret, so a
    // token from before the rotation still passes with it: tokens belong to the secret, and
    // rotation changes only the signature.
    check(
        &protection(&after),
        &[
            case(
                "old cookie, old token",
                Attempt::header(&old.cookie, &old.token),
                Expect::Refused(INVALID),
            ),
            case(
                "old cookie, old token, form",
                Attempt::form(&old.cookie, &old.token),
                Expect::Refused(INVALID),
            ),
            case(
                "resealed cookie, old token",
                Attempt::header(&resealed, &old.token),
                Expect::Pass,
            ),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Truncated and extended.

#[test]
fn every_prefix_and_every_extension_is_refused() {
    let keys = keys();
    let genuine = session(&keys);
    assert_eq!((genuine.token.len(), genuine.cookie.len()), (LEN, LEN));
    let mut cases = vec![case(
        "control",
        Attempt::header(&genuine.cookie, &genuine.token),
        Expect::Pass,
    )];
    for len in 0..LEN {
        let (token, cookie) = (&genuine.token[..len], &genuine.cookie[..len]);
        assert!(!genuine.secret.matches(token), "token[..{len}]");
        assert!(keys.open_cookie(cookie).is_none(), "cookie[..{len}]");
        // An empty header or field is a token, and a wrong one: `invalid`, not `missing`.
        cases.push(case(
            format!("token[..{len}], header"),
            Attempt::header(&genuine.cookie, token),
            Expect::Refused(INVALID),
        ));
        cases.push(case(
            format!("token[..{len}], form"),
            Attempt::form(&genuine.cookie, token),
            Expect::Refused(INVALID),
        ));
        cases.push(case(
            format!("cookie[..{len}]"),
            Attempt::header(cookie, &genuine.token),
            Expect::Refused(INVALID),
        ));
    }
    for &c in ALPHABET.iter().chain(b"=.~ ") {
        let c = char::from(c);
        let (token, cookie) = (
            format!("{}{c}", genuine.token),
            format!("{}{c}", genuine.cookie),
        );
        assert!(!genuine.secret.matches(&token), "{token}");
        assert!(keys.open_cookie(&cookie).is_none(), "{cookie}");
        // A space is not part of the value in a request: the cookie parser trims it (see
        // `re_encoded_cookies_are_refused_except_surrounding_whitespace`), and a header
        // value's trailing whitespace is stripped by HTTP parsers before the layer.
        if c != ' ' {
            cases.push(case(
                format!("token + {c:?}"),
                Attempt::header(&genuine.cookie, &token),
                Expect::Refused(INVALID),
            ));
            cases.push(case(
                format!("cookie + {c:?}"),
                Attempt::header(&cookie, &genuine.token),
                Expect::Refused(INVALID),
            ));
        }
    }
    check(&protection(&keys), &cases);
}

// ---------------------------------------------------------------------------------------------
// Re-encoded: the same bytes spelled otherwise.

#[test]
fn re_encoded_tokens_are_refused_except_as_form_encoding() {
    let keys = keys();
    let genuine = session_with_url_safe_chars(&keys);
    let token = genuine.token.as_str();
    let bytes = unb64(token);

    let standard = STANDARD_NO_PAD.encode(&bytes);
    assert!(standard.contains(['+', '/']) && standard != token);
    let padded = URL_SAFE.encode(&bytes);
    assert_eq!(padded, format!("{token}=="));
    let mut one_flipped_case = token.to_owned();
    let letter = token.find(|c: char| c.is_ascii_alphabetic()).unwrap();
    one_flipped_case.replace_range(letter..=letter, &swap_case(&token[letter..=letter]));

    // As the token text received: each must be refused by the API and in the header.
    let mut refused: Vec<(String, String)> = vec![
        ("standard base64".into(), standard.clone()),
        ("padded with `==`".into(), padded.clone()),
        (
            "standard base64, padded".into(),
            base64::engine::general_purpose::STANDARD.encode(&bytes),
        ),
        ("percent-encoded".into(), percent_encode_all(token)),
        (
            "first character percent-encoded".into(),
            format!("{}{}", percent_encode_all(&token[..1]), &token[1..]),
        ),
        ("leading space".into(), format!(" {token}")),
        ("trailing space".into(), format!("{token} ")),
        ("leading tab".into(), format!("\t{token}")),
        ("quoted".into(), format!("\"{token}\"")),
        ("upper case".into(), token.to_ascii_uppercase()),
        ("lower case".into(), token.to_ascii_lowercase()),
        ("case swapped".into(), swap_case(token)),
        ("one letter's case flipped".into(), one_flipped_case),
    ];
    for (i, variant) in non_canonical_endings(token).into_iter().enumerate() {
        refused.push((format!("non-canonical trailing bits {i}"), variant));
    }
    // Every letter's case flipped alone (API only: 86 positions).
    for (i, c) in token
        .char_indices()
        .filter(|(_, c)| c.is_ascii_alphabetic())
    {
        let mut flipped = token.to_owned();
        flipped.replace_range(i..=i, &swap_case(&c.to_string()));
        assert!(!genuine.secret.matches(&flipped), "case of {i} flipped");
    }
    assert!(genuine.secret.matches(token));

    let mut cases = vec![case(
        "control, header",
        Attempt::header(&genuine.cookie, token),
        Expect::Pass,
    )];
    for (name, variant) in &refused {
        assert!(!genuine.secret.matches(variant), "{name}: {variant}");
        cases.push(case(
            format!("{name}, header"),
            Attempt::header(&genuine.cookie, variant),
            Expect::Refused(INVALID),
        ));
    }

    // In a form body, the field is form-decoded first (percent-encoding, and `+` for space),
    // as `application/x-www-form-urlencoded` requires: encodings that decode to the exact
    // token pass, the rest are refused.
    let form_passes = [
        ("control, form", token.to_owned()),
        ("percent-encoded, upper-case hex", percent_encode_all(token)),
        (
            "percent-encoded, lower-case hex",
            percent_encode_all(token).to_ascii_lowercase(),
        ),
        (
            "first character percent-encoded",
            format!("{}{}", percent_encode_all(&token[..1]), &token[1..]),
        ),
    ];
    for (name, raw) in form_passes {
        cases.push(case(
            format!("{name}, form"),
            Attempt::form(&genuine.cookie, &raw),
            Expect::Pass,
        ));
    }
    cases.push(case(
        "field name percent-encoded, form",
        Attempt::new(
            Some(&genuine.cookie),
            Token::FormBody(format!("csrf%5Ftoken={token}&{FORM_REST}")),
        ),
        Expect::Pass,
    ));
    let form_refused = [
        ("standard base64 (`+` decodes to a space)", standard.clone()),
        (
            "standard base64, `+` and `/` percent-encoded",
            standard.replace('+', "%2B").replace('/', "%2F"),
        ),
        ("padded with `==`", padded.clone()),
        ("padded with `%3D%3D`", format!("{token}%3D%3D")),
        (
            "double percent-encoded",
            percent_encode_all(token).replace('%', "%25"),
        ),
        ("surrounded by `+` (spaces)", format!("+{token}+")),
        ("leading `%20`", format!("%20{token}")),
        ("trailing `%09`", format!("{token}%09")),
        ("case swapped", swap_case(token)),
        (
            "non-canonical trailing bits",
            non_canonical_endings(token).remove(0),
        ),
    ];
    for (name, raw) in form_refused {
        cases.push(case(
            format!("{name}, form"),
            Attempt::form(&genuine.cookie, &raw),
            Expect::Refused(INVALID),
        ));
    }
    // Only the first `csrf_token` field counts: a forged first one is not rescued by a genuine
    // second one, and a genuine first one is not spoiled by a forged second one.
    let forged = &padded;
    cases.push(case(
        "forged field, then genuine field",
        Attempt::new(
            Some(&genuine.cookie),
            Token::FormBody(format!("csrf_token={forged}&csrf_token={token}")),
        ),
        Expect::Refused(INVALID),
    ));
    cases.push(case(
        "genuine field, then forged field",
        Attempt::new(
            Some(&genuine.cookie),
            Token::FormBody(format!("csrf_token={token}&csrf_token={forged}")),
        ),
        Expect::Pass,
    ));
    check(&protection(&keys), &cases);
}

#[test]
fn re_encoded_cookies_are_refused_except_surrounding_whitespace() {
    let keys = keys();
    let genuine = session_with_url_safe_chars(&keys);
    let cookie = genuine.cookie.as_str();
    let bytes = unb64(cookie);
    let standard = STANDARD_NO_PAD.encode(&bytes);
    assert!(standard != cookie);

    let mut refused: Vec<(String, String)> = vec![
        ("standard base64".into(), standard),
        ("padded with `==`".into(), URL_SAFE.encode(&bytes)),
        ("percent-encoded".into(), percent_encode_all(cookie)),
        (
            "quoted (RFC 6265 allows it; we never set it)".into(),
            format!("\"{cookie}\""),
        ),
        ("upper case".into(), cookie.to_ascii_uppercase()),
        ("case swapped".into(), swap_case(cookie)),
    ];
    for (i, variant) in non_canonical_endings(cookie).into_iter().enumerate() {
        refused.push((format!("non-canonical trailing bits {i}"), variant));
    }
    let mut cases = vec![
        case(
            "control",
            Attempt::header(cookie, &genuine.token),
            Expect::Pass,
        ),
        // The cookie-pair grammar allows whitespace around the value; the value is trimmed.
        case(
            "surrounded by spaces",
            Attempt::header(&format!("  {cookie}  "), &genuine.token),
            Expect::Pass,
        ),
        case(
            "surrounded by tabs",
            Attempt::header(&format!("\t{cookie}\t"), &genuine.token),
            Expect::Pass,
        ),
    ];
    for (name, variant) in &refused {
        assert!(keys.open_cookie(variant).is_none(), "{name}: {variant}");
        cases.push(case(
            name.clone(),
            Attempt::header(variant, &genuine.token),
            Expect::Refused(INVALID),
        ));
    }
    check(&protection(&keys), &cases);
}

// ---------------------------------------------------------------------------------------------
// Cross-key.

#[test]
fn cookies_signed_with_another_key() {
    let (k1, k2) = (key(1), key(2));
    let k1_only = CsrfKeys::new(k1.clone());
    let k2_only = CsrfKeys::new(k2.clone());
    let rotating = CsrfKeys::new(k2.clone()).accept(k1.clone());
    let by_k1 = session(&k1_only);
    let by_k2 = session(&k2_only);

    // API.
    assert!(k2_only.open_cookie(&by_k1.cookie).is_none());
    assert!(k1_only.open_cookie(&by_k2.cookie).is_none());
    let opened = rotating.open_cookie(&by_k1.cookie).unwrap();
    assert!(opened.matches(&by_k1.token) && !rotating.is_current(&by_k1.cookie));
    assert!(rotating.open_cookie(&by_k2.cookie).is_some() && rotating.is_current(&by_k2.cookie));
    // A key is all of its bytes: one byte more, or one byte changed, is another key.
    let mut longer = vec![1u8; 33];
    assert!(
        CsrfKeys::new(CsrfKey::from_bytes(&longer).unwrap())
            .open_cookie(&by_k1.cookie)
            .is_none()
    );
    // HMAC pads a key shorter than its block with zeros (RFC 2104), so a key followed by zero
    // bytes is the same HMAC key. Keys are random and secret, so this gives nobody anything;
    // it is pinned here so that it is known.
    longer[32] = 0;
    assert!(
        CsrfKeys::new(CsrfKey::from_bytes(&longer).unwrap())
            .open_cookie(&by_k1.cookie)
            .is_some()
    );
    longer.truncate(32);
    longer[31] = 0;
    assert!(
        CsrfKeys::new(CsrfKey::from_bytes(&longer).unwrap())
            .open_cookie(&by_k1.cookie)
            .is_none()
    );

    check(
        &protection(&k2_only),
        &[
            case(
                "control: K2 cookie",
                Attempt::header(&by_k2.cookie, &by_k2.token),
                Expect::Pass,
            ),
            case(
                "K1 cookie to a K2-only server",
                Attempt::header(&by_k1.cookie, &by_k1.token),
                Expect::Refused(INVALID),
            ),
            case(
                "K1 cookie to a K2-only server, form",
                Attempt::form(&by_k1.cookie, &by_k1.token),
                Expect::Refused(INVALID),
            ),
        ],
    );
    check(
        &protection(&rotating),
        &[
            case(
                "K2 cookie while rotating",
                Attempt::header(&by_k2.cookie, &by_k2.token),
                Expect::Pass,
            ),
            case(
                "K1 cookie while rotating",
                Attempt::header(&by_k1.cookie, &by_k1.token),
                Expect::PassResealed(rotating.reseal(&by_k1.secret)),
            ),
            case(
                "K1 cookie with a K2 session's token",
                Attempt::header(&by_k1.cookie, &by_k2.token),
                Expect::Refused(INVALID),
            ),
        ],
    );
    // Rotation goes one way: a server back on K1 alone does not take K2's cookies.
    check(
        &protection(&k1_only),
        &[
            case(
                "control: K1 cookie",
                Attempt::header(&by_k1.cookie, &by_k1.token),
                Expect::Pass,
            ),
            case(
                "K2 cookie to a K1-only server",
                Attempt::header(&by_k2.cookie, &by_k2.token),
                Expect::Refused(INVALID),
            ),
        ],
    );
}
