//! One value of a directive (a source expression, a sandbox flag, a report URI, ...)
//! and the grammar that reads it from header text.

use super::directive::{DirectiveName, SourceScope, ValueGrammar};
use super::error::CspErrorKind;
use super::keyword::Keyword;
use super::text::{Keep, Source, Text, same_bytes};
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use sha2::Digest as _;
use std::fmt;

/// The hash algorithms CSP accepts in hash sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-256, 32-byte digests.
    Sha256,
    /// SHA-384, 48-byte digests.
    Sha384,
    /// SHA-512, 64-byte digests.
    Sha512,
}

impl HashAlgorithm {
    /// Every algorithm.
    pub const ALL: &'static [HashAlgorithm] = &[Self::Sha256, Self::Sha384, Self::Sha512];

    /// The lowercase name used in hash sources (`sha256`).
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
        }
    }

    /// `'sha256-` and the like: the start of a hash source.
    pub(crate) const fn quoted_prefix(self) -> &'static str {
        match self {
            Self::Sha256 => "'sha256-",
            Self::Sha384 => "'sha384-",
            Self::Sha512 => "'sha512-",
        }
    }

    /// The length of a digest in bytes.
    pub const fn digest_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }

    /// Looks an algorithm up by name, ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The hash source that allows an inline script or style with exactly this content.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::HashAlgorithm;
    /// assert_eq!(
    ///     HashAlgorithm::Sha256.hash_source("alert(1)"),
    ///     "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    /// );
    /// ```
    pub fn hash_source(self, content: &str) -> String {
        self.hash_source_of_bytes(content.as_bytes())
    }

    /// The hash source that allows these exact bytes: the content of an inline script or
    /// style read from a file, or (in browsers that match hash sources against the
    /// `integrity` attribute of external scripts, as CSP Level 3 specifies) an external file.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::HashAlgorithm;
    /// assert_eq!(
    ///     HashAlgorithm::Sha256.hash_source_of_bytes(b"alert(1)"),
    ///     "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    /// );
    /// ```
    pub fn hash_source_of_bytes(self, content: &[u8]) -> String {
        format!("'{}'", self.integrity(content))
    }

    /// The Subresource Integrity metadata of these bytes, `sha384-<base64 digest>`: the value
    /// of an `integrity` attribute.
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::HashAlgorithm;
    /// assert_eq!(
    ///     HashAlgorithm::Sha384.integrity(b"alert(1)"),
    ///     "sha384-HT2E9NfWiuQ/w1PRai+hTyqW16NIoCGA/m8VQDUopfAtcz6YQjtsMmQd5uRbVDpW"
    /// );
    /// ```
    pub fn integrity(self, content: &[u8]) -> String {
        let digest = match self {
            Self::Sha256 => sha2::Sha256::digest(content).to_vec(),
            Self::Sha384 => sha2::Sha384::digest(content).to_vec(),
            Self::Sha512 => sha2::Sha512::digest(content).to_vec(),
        };
        format!(
            "{}-{}",
            self.name(),
            base64::engine::general_purpose::STANDARD.encode(digest)
        )
    }
}

/// The sandbox flags browsers implement.
pub const SANDBOX_FLAGS: &[&str] = &[
    "allow-downloads",
    "allow-forms",
    "allow-modals",
    "allow-orientation-lock",
    "allow-pointer-lock",
    "allow-popups",
    "allow-popups-to-escape-sandbox",
    "allow-presentation",
    "allow-same-origin",
    "allow-scripts",
    "allow-top-navigation",
    "allow-top-navigation-by-user-activation",
    "allow-top-navigation-to-custom-protocols",
];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    Keyword(Keyword),
    Nonce,
    /// A nonce written into the header (`'nonce-abc'`), read by [`analyze`](super::analyze)
    /// only: the parser and `csp!` refuse it.
    LiteralNonce(Text),
    Hash(HashAlgorithm, Text),
    Scheme(Text),
    Host(Text),
    Word(Text),
}

/// One whitespace-separated value of a directive, validated against its directive's grammar.
///
/// Values are only made by parsing (`ContentSecurityPolicy::from_str`) or by the `csp!` macro,
/// so a value that does not fit its directive cannot exist.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Value(Repr);

/// What a [`Value`] is, for inspecting a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueKind<'a> {
    /// A keyword such as `'self'`.
    Keyword(Keyword),
    /// The place of a fresh per-response nonce, written `'nonce'` (header) or `nonce` (macro).
    Nonce,
    /// A nonce written into someone else's header (`'nonce-abc'`), as
    /// [`analyze`](super::analyze) reads it: the value after `nonce-`. Never made by the
    /// parser or `csp!`; a policy holding one that is sent by `SecurityHeaders` gets a fresh
    /// nonce in its place, like [`Nonce`](Self::Nonce).
    LiteralNonce(&'a str),
    /// A hash source: the algorithm and the base64 digest.
    Hash(HashAlgorithm, &'a str),
    /// A scheme source, without its colon (`https`).
    Scheme(&'a str),
    /// A host source as written (`https://*.example.com:443/path`).
    Host(&'a str),
    /// Any other word: a sandbox flag, a report URI, a reporting endpoint or Trusted Types policy name.
    Word(&'a str),
}

#[doc(hidden)]
impl Value {
    pub const fn __keyword(keyword: Keyword) -> Self {
        Self(Repr::Keyword(keyword))
    }
    pub const fn __nonce() -> Self {
        Self(Repr::Nonce)
    }
    pub const fn __hash(algorithm: HashAlgorithm, base64: &'static str) -> Self {
        Self(Repr::Hash(algorithm, Text::Static(base64)))
    }
    pub const fn __scheme(scheme: &'static str) -> Self {
        Self(Repr::Scheme(Text::Static(scheme)))
    }
    pub const fn __host(host: &'static str) -> Self {
        Self(Repr::Host(Text::Static(host)))
    }
    pub const fn __word(word: &'static str) -> Self {
        Self(Repr::Word(Text::Static(word)))
    }
}

impl Value {
    /// What this value is.
    pub fn kind(&self) -> ValueKind<'_> {
        match &self.0 {
            Repr::Keyword(k) => ValueKind::Keyword(*k),
            Repr::Nonce => ValueKind::Nonce,
            Repr::LiteralNonce(n) => ValueKind::LiteralNonce(n),
            Repr::Hash(a, b) => ValueKind::Hash(*a, b),
            Repr::Scheme(s) => ValueKind::Scheme(s),
            Repr::Host(h) => ValueKind::Host(h),
            Repr::Word(w) => ValueKind::Word(w),
        }
    }

    /// Whether this value is the given keyword.
    pub fn is_keyword(&self, keyword: Keyword) -> bool {
        matches!(self.0, Repr::Keyword(k) if k == keyword)
    }

    /// Whether this value is a nonce source: the per-response placeholder, or a literal nonce
    /// read by [`analyze`](super::analyze) (which a sent policy replaces with a fresh one too).
    pub fn is_nonce(&self) -> bool {
        matches!(self.0, Repr::Nonce | Repr::LiteralNonce(_))
    }

    /// Whether this value is the per-response placeholder `'nonce'`, which browsers would
    /// ignore if it were sent as written.
    pub(crate) fn is_nonce_placeholder(&self) -> bool {
        matches!(self.0, Repr::Nonce)
    }

    /// A literal nonce source, `'nonce-<value>'`, as a browser reads it.
    pub(crate) fn literal_nonce(value: &str) -> Self {
        Self(Repr::LiteralNonce(Keep::Copy.keep(value)))
    }

    /// A word that a browser reads as a host source although the strict grammar refuses it
    /// (an unquoted `self`, a directive name).
    pub(crate) fn host_as_read(text: &str) -> Self {
        Self(Repr::Host(Keep::Copy.keep(text)))
    }

    /// Whether this value is a hash source.
    pub fn is_hash(&self) -> bool {
        matches!(self.0, Repr::Hash(..))
    }

    /// Reads one value of `directive` from its header text.
    pub fn parse(directive: DirectiveName, text: &str) -> Result<Self, CspErrorKind> {
        if text.is_empty() {
            return Err(CspErrorKind::EmptyValue(directive));
        }
        check_characters(text)?;
        Self::parse_visible(directive, text, Keep::Copy)
    }

    /// [`parse`](Self::parse) for a non-empty `text` already known to hold only visible ASCII
    /// other than `;` and `,`; the text the value holds is kept as `keep` says.
    pub(crate) fn parse_visible(
        directive: DirectiveName,
        text: &str,
        keep: Keep<'_>,
    ) -> Result<Self, CspErrorKind> {
        match directive.grammar() {
            ValueGrammar::SourceList => parse_source(directive, text, keep),
            ValueGrammar::SandboxFlags => parse_sandbox_flag(text),
            ValueGrammar::Empty => Err(CspErrorKind::UnexpectedValue(directive)),
            ValueGrammar::ReportUris => parse_report_uri(directive, text, keep),
            ValueGrammar::ReportEndpoint => parse_endpoint_name(directive, text, keep),
            ValueGrammar::TrustedTypesSinks => {
                parse_one_of(directive, text, &[Keyword::Script], "`'script'`")
            }
            ValueGrammar::WebRtc => parse_one_of(
                directive,
                text,
                &[Keyword::Allow, Keyword::Block],
                "`'allow'` or `'block'`",
            ),
            ValueGrammar::TrustedTypesPolicies => parse_trusted_types_value(directive, text, keep),
        }
    }
}

impl Value {
    /// The pieces of the header text, in order: at most three, to be written one after the
    /// other (no formatting machinery when a policy is rendered).
    pub(crate) fn pieces(&self) -> [&str; 3] {
        match &self.0 {
            Repr::Keyword(k) => ["'", k.name(), "'"],
            Repr::Nonce => ["'nonce'", "", ""],
            Repr::LiteralNonce(n) => ["'nonce-", n, "'"],
            Repr::Hash(a, b) => [a.quoted_prefix(), b, "'"],
            Repr::Scheme(s) => [s, ":", ""],
            Repr::Host(s) | Repr::Word(s) => [s, "", ""],
        }
    }

    /// Appends the header text to `out`.
    pub(crate) fn push_to(&self, out: &mut String) {
        // The two commonest kinds first, with one copy each and the quotes pushed as bytes.
        match &self.0 {
            Repr::Host(text) | Repr::Word(text) => out.push_str(text),
            Repr::Keyword(keyword) => {
                out.push('\'');
                out.push_str(keyword.name());
                out.push('\'');
            }
            _ => {
                for piece in self.pieces() {
                    if !piece.is_empty() {
                        out.push_str(piece);
                    }
                }
            }
        }
    }

    /// Whether `text` is this value's header text: whether it was written in the canonical
    /// form (keywords and schemes in lowercase, and so on).
    pub(crate) fn is_written_as(&self, text: &str) -> bool {
        let text = text.as_bytes();
        match &self.0 {
            Repr::Keyword(k) => {
                let name = k.name().as_bytes();
                text.len() == name.len() + 2
                    && text[0] == b'\''
                    && text[text.len() - 1] == b'\''
                    && same_bytes(&text[1..text.len() - 1], name)
            }
            Repr::Host(s) | Repr::Word(s) => same_bytes(s.as_bytes(), text),
            _ => {
                let [a, b, c] = self.pieces().map(str::as_bytes);
                let (a_end, b_end) = (a.len(), a.len() + b.len());
                text.len() == b_end + c.len()
                    && same_bytes(&text[..a_end], a)
                    && same_bytes(&text[a_end..b_end], b)
                    && same_bytes(&text[b_end..], c)
            }
        }
    }

    /// [`is_written_as`](Self::is_written_as) for `text` read at byte `at` of `source`'s
    /// text: a value that holds its share of that very text is written as it prints.
    pub(crate) fn is_written_at(&self, source: &Source<'_>, text: &str, at: usize) -> bool {
        match &self.0 {
            Repr::Host(held) | Repr::Word(held) if source.holds(held, at, text.len()) => true,
            _ => self.is_written_as(text),
        }
    }
}

impl fmt::Display for Value {
    /// Prints the value exactly as it goes into the header.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces()
            .iter()
            .try_for_each(|piece| f.write_str(piece))
    }
}

fn check_characters(text: &str) -> Result<(), CspErrorKind> {
    match text
        .bytes()
        .position(|b| !b.is_ascii_graphic() || b == b';' || b == b',')
    {
        Some(at) => Err(CspErrorKind::InvalidCharacter(
            text[at..].chars().next().expect("`at` starts a character"),
        )),
        None => Ok(()),
    }
}

fn parse_source(
    directive: DirectiveName,
    text: &str,
    keep: Keep<'_>,
) -> Result<Value, CspErrorKind> {
    let scope = directive.scope();
    if let Some(inner) = text.strip_prefix('\'') {
        // Byte loops rather than `str` searches, here and below: values are short, and a
        // searcher costs more to set up than these scans cost to run.
        let Some(inner) = inner
            .strip_suffix('\'')
            .filter(|i| !i.bytes().any(|b| b == b'\''))
        else {
            return Err(CspErrorKind::InvalidValue {
                directive,
                value: text.to_owned(),
                expected: "a keyword, nonce or hash in single quotes, such as `'self'`",
            });
        };
        return parse_quoted_source(directive, scope, inner, keep);
    }
    if let Some(scheme) = text.strip_suffix(':')
        && !scheme.bytes().any(|b| b == b':' || b == b'/')
    {
        validate_scheme(scheme)?;
        // The common schemes need no allocation.
        let known = [
            "https",
            "http",
            "data",
            "blob",
            "wss",
            "ws",
            "mediastream",
            "filesystem",
        ]
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(scheme));
        let scheme = match known {
            Some(known) => Text::Static(known),
            None => Text::from(scheme.to_ascii_lowercase()),
        };
        return Ok(Value(Repr::Scheme(scheme)));
    }
    // Keywords and directive names are letters, digits and `-`: most hosts are not.
    let could_be_a_name = text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if could_be_a_name && let Some(keyword) = Keyword::from_name(text).filter(|k| k.is_source()) {
        return Err(CspErrorKind::UnquotedKeyword(keyword));
    }
    // Grammatically a host, but meant as a nonce or hash source that lost its quotes.
    let prefix = |p: &str| {
        text.len() > p.len()
            && text.is_char_boundary(p.len())
            && text[..p.len()].eq_ignore_ascii_case(p)
    };
    // Most hosts start with neither letter: then no prefix needs comparing.
    let first = text.as_bytes().first().map(u8::to_ascii_lowercase);
    if first == Some(b'n') && prefix("nonce-") {
        return Err(CspErrorKind::UnquotedNonce(text.to_owned()));
    }
    if first == Some(b's') && ["sha256-", "sha384-", "sha512-"].into_iter().any(prefix) {
        return Err(CspErrorKind::UnquotedHash(text.to_owned()));
    }
    if could_be_a_name && let Some(name) = DirectiveName::from_name(text) {
        return Err(CspErrorKind::DirectiveNameAsSource(name));
    }
    if !is_plain_host_source(text) {
        validate_host_source(text)?;
    }
    Ok(Value(Repr::Host(keep.keep(text))))
}

fn parse_quoted_source(
    directive: DirectiveName,
    scope: SourceScope,
    inner: &str,
    keep: Keep<'_>,
) -> Result<Value, CspErrorKind> {
    let allows_nonce_or_hash = matches!(
        scope,
        SourceScope::Default | SourceScope::Script | SourceScope::ScriptPart | SourceScope::Style
    );
    let starts_with = |prefix: &str| {
        inner.len() >= prefix.len()
            && inner.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    let is_placeholder = inner.eq_ignore_ascii_case("nonce");
    if is_placeholder || starts_with("nonce-") {
        if !is_placeholder {
            return Err(CspErrorKind::ConstantNonce);
        }
        if !allows_nonce_or_hash {
            return Err(CspErrorKind::NonceOrHashNotAllowed {
                what: "nonce",
                directive,
            });
        }
        return Ok(Value(Repr::Nonce));
    }
    if let Some(dash) = inner.bytes().position(|b| b == b'-')
        && looks_like_hash_algorithm(&inner[..dash])
    {
        let (algorithm, digest) = (&inner[..dash], &inner[dash + 1..]);
        let algorithm = HashAlgorithm::from_name(algorithm)
            .ok_or_else(|| CspErrorKind::UnknownHashAlgorithm(algorithm.to_ascii_lowercase()))?;
        if !allows_nonce_or_hash {
            return Err(CspErrorKind::NonceOrHashNotAllowed {
                what: "hash",
                directive,
            });
        }
        validate_digest(algorithm, digest)?;
        return Ok(Value(Repr::Hash(algorithm, keep.keep(digest))));
    }
    match Keyword::from_name(inner) {
        Some(keyword) if keyword.is_source() && keyword.accepted_in(scope) => {
            Ok(Value(Repr::Keyword(keyword)))
        }
        Some(keyword) => Err(CspErrorKind::KeywordNotAllowed { keyword, directive }),
        None => Err(CspErrorKind::UnknownKeyword {
            name: inner.to_owned(),
            suggestion: Keyword::closest(inner).filter(|k| k.is_source()),
        }),
    }
}

fn looks_like_hash_algorithm(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.eq_ignore_ascii_case("md5")
        || (bytes.len() > 3
            && bytes[..3].eq_ignore_ascii_case(b"sha")
            && bytes[3..].iter().all(u8::is_ascii_digit))
}

const BASE64_INDIFFERENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const BASE64: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, BASE64_INDIFFERENT);
const BASE64_URL: GeneralPurpose =
    GeneralPurpose::new(&base64::alphabet::URL_SAFE, BASE64_INDIFFERENT);

fn validate_digest(algorithm: HashAlgorithm, digest: &str) -> Result<(), CspErrorKind> {
    let invalid = |reason| CspErrorKind::InvalidHash { algorithm, reason };
    let unpadded = digest.trim_end_matches('=');
    if digest.len() - unpadded.len() > 2 {
        return Err(invalid("at most two `=` of padding"));
    }
    let bytes = BASE64
        .decode(digest)
        .or_else(|_| BASE64_URL.decode(digest))
        .map_err(|_| invalid("the digest is not valid base64"))?;
    if bytes.len() != algorithm.digest_len() {
        return Err(match algorithm {
            HashAlgorithm::Sha256 => invalid("the digest must decode to 32 bytes"),
            HashAlgorithm::Sha384 => invalid("the digest must decode to 48 bytes"),
            HashAlgorithm::Sha512 => invalid("the digest must decode to 64 bytes"),
        });
    }
    Ok(())
}

fn validate_scheme(scheme: &str) -> Result<(), CspErrorKind> {
    let mut bytes = scheme.bytes();
    let valid = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if valid {
        Ok(())
    } else {
        Err(CspErrorKind::InvalidScheme(scheme.to_owned()))
    }
}

/// Bytes of a host name label: letters, digits and `-`.
const LABEL: u8 = 1;
/// Bytes of a scheme: letters, digits, `+`, `-` and `.`.
const SCHEME: u8 = 2;
/// Bytes a path may hold without a percent-escape.
const PATH: u8 = 4;

/// What each byte may be part of in a host source, for [`is_plain_host_source`].
const HOST_SOURCE_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let alphanumeric = byte.is_ascii_alphanumeric();
        if alphanumeric || byte == b'-' {
            table[b] |= LABEL;
        }
        if alphanumeric || matches!(byte, b'+' | b'-' | b'.') {
            table[b] |= SCHEME;
        }
        if alphanumeric
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            )
        {
            table[b] |= PATH;
        }
        b += 1;
    }
    table
};

/// Whether `text` is a host source of the common shape, read in one pass: an optional
/// scheme and `://`; `*`, or a host name of non-empty labels (after `*.`, and with a final
/// `.`, if written so); an optional port, `*` or a number up to 65535; an optional path
/// without percent-escapes.
///
/// Everything it accepts, [`validate_host_source`] accepts too (the tests check it). What
/// it refuses is left to that function, which accepts the rarer shapes and says what is
/// wrong with the others.
fn is_plain_host_source(text: &str) -> bool {
    let bytes = text.as_bytes();
    let has = |i: usize, class: u8| {
        bytes
            .get(i)
            .is_some_and(|&b| HOST_SOURCE_BYTES[usize::from(b)] & class != 0)
    };
    let mut i = 0;
    // A scheme ends at the first `:` when `//` follows it; no `:` or `/` is a scheme byte.
    while has(i, SCHEME) {
        i += 1;
    }
    if bytes[i..].starts_with(b"://") {
        if !bytes[0].is_ascii_alphabetic() {
            return false;
        }
        i += 3;
    } else {
        i = 0;
    }
    let ends_host = |i: usize| matches!(bytes.get(i), None | Some(b':' | b'/'));
    if bytes.get(i) == Some(&b'*') && ends_host(i + 1) {
        i += 1;
    } else {
        if bytes[i..].starts_with(b"*.") {
            i += 2;
        }
        loop {
            let start = i;
            while has(i, LABEL) {
                i += 1;
            }
            if i == start {
                return false;
            }
            if bytes.get(i) != Some(&b'.') {
                break;
            }
            i += 1;
            if ends_host(i) {
                break;
            }
        }
    }
    if bytes.get(i) == Some(&b':') {
        i += 1;
        if bytes.get(i) == Some(&b'*') {
            i += 1;
        } else {
            let start = i;
            let mut port = 0u32;
            while let Some(&digit) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
                port = port * 10 + u32::from(digit - b'0');
                if port > u32::from(u16::MAX) {
                    return false;
                }
                i += 1;
            }
            if i == start {
                return false;
            }
        }
    }
    match bytes.get(i) {
        None => true,
        Some(b'/') => bytes[i..]
            .iter()
            .all(|&b| HOST_SOURCE_BYTES[usize::from(b)] & PATH != 0),
        Some(_) => false,
    }
}

/// `[scheme "://"] host [":" port] [path]`, as CSP defines host sources.
fn validate_host_source(text: &str) -> Result<(), CspErrorKind> {
    let invalid = |reason| CspErrorKind::InvalidHost {
        source: text.to_owned(),
        reason,
    };
    // `://` ends a scheme only before the host (the first `:`, with no `/` before it); a
    // path may contain it too.
    let bytes = text.as_bytes();
    let rest = match bytes.iter().position(|&b| b == b':' || b == b'/') {
        Some(colon) if bytes[colon..].starts_with(b"://") => {
            validate_scheme(&text[..colon])?;
            &text[colon + 3..]
        }
        _ => text,
    };
    let host_end = rest
        .bytes()
        .position(|b| b == b':' || b == b'/')
        .unwrap_or(rest.len());
    let (host, rest) = rest.split_at(host_end);
    validate_host(host).map_err(invalid)?;
    let (port, path) = match rest.strip_prefix(':') {
        Some(after) => {
            let end = after.bytes().position(|b| b == b'/').unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    if let Some(port) = port {
        let valid = port == "*" || (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
        if !valid && !text.contains("://") && validate_scheme(host).is_ok() {
            return Err(invalid(
                "a scheme source is only a scheme and a colon, such as `data:`",
            ));
        }
        if !valid {
            return Err(invalid("a port is digits or `*`"));
        }
        if port != "*" && port.parse::<u16>().is_err() {
            return Err(invalid("a port is a number from 0 to 65535"));
        }
    }
    validate_path(path).map_err(invalid)
}

fn validate_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("the host is missing");
    }
    if host.starts_with('[') {
        return Err("CSP host sources cannot be IPv6 addresses");
    }
    if host == "*" {
        return Ok(());
    }
    let labels = host.strip_prefix("*.").unwrap_or(host);
    // A fully qualified name may end in a dot (`example.org.`), as browsers accept.
    let labels = labels.strip_suffix('.').unwrap_or(labels);
    // One pass over the labels: each non-empty, of letters, digits and `-` (a `*` is
    // reported as a misplaced wildcard, whatever else the label holds).
    let end_of_label = |label_len: usize, misplaced_wildcard: bool, other_character: bool| {
        if label_len == 0 {
            Err("a host name has no empty labels")
        } else if misplaced_wildcard {
            Err("a wildcard is allowed only as the whole first label, as in `*.example.com`")
        } else if other_character {
            Err("host names contain only letters, digits, `-` and `.`")
        } else {
            Ok(())
        }
    };
    let mut label_len = 0;
    let mut misplaced_wildcard = false;
    let mut other_character = false;
    for &b in labels.as_bytes() {
        if b == b'.' {
            end_of_label(label_len, misplaced_wildcard, other_character)?;
            label_len = 0;
        } else {
            label_len += 1;
            misplaced_wildcard |= b == b'*';
            other_character |= !(b.is_ascii_alphanumeric() || b == b'-' || b == b'*');
        }
    }
    end_of_label(label_len, misplaced_wildcard, other_character)
}

fn validate_path(path: &str) -> Result<(), &'static str> {
    if path.bytes().any(|b| b == b'?' || b == b'#') {
        return Err("a host source has no query or fragment");
    }
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let escaped = bytes.get(i + 1..i + 3);
                if !escaped.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    return Err("`%` in a path starts a percent-escape such as `%20`");
                }
                i += 3;
                continue;
            }
            b if b.is_ascii_alphanumeric() => {}
            b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+'
            | b'=' | b':' | b'@' | b'/' => {}
            _ => return Err("the path contains a character that must be percent-encoded"),
        }
        i += 1;
    }
    Ok(())
}

fn parse_sandbox_flag(text: &str) -> Result<Value, CspErrorKind> {
    match SANDBOX_FLAGS
        .iter()
        .find(|flag| flag.eq_ignore_ascii_case(text))
    {
        Some(flag) => Ok(Value(Repr::Word(Text::Static(flag)))),
        None => Err(CspErrorKind::InvalidSandboxFlag {
            flag: text.to_owned(),
            suggestion: crate::suggest::closest(text, SANDBOX_FLAGS.iter().copied()),
        }),
    }
}

fn parse_report_uri(
    directive: DirectiveName,
    text: &str,
    keep: Keep<'_>,
) -> Result<Value, CspErrorKind> {
    if text.starts_with('\'') {
        return Err(CspErrorKind::InvalidValue {
            directive,
            value: text.to_owned(),
            expected: "a URL such as `/csp-report` or `https://reports.example.com/csp`",
        });
    }
    Ok(Value(Repr::Word(keep.keep(text))))
}

fn parse_endpoint_name(
    directive: DirectiveName,
    text: &str,
    keep: Keep<'_>,
) -> Result<Value, CspErrorKind> {
    let is_token = text.bytes().all(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            )
    });
    if !is_token {
        return Err(CspErrorKind::InvalidValue {
            directive,
            value: text.to_owned(),
            expected: "the name of a reporting endpoint, such as `csp-endpoint`",
        });
    }
    Ok(Value(Repr::Word(keep.keep(text))))
}

fn parse_one_of(
    directive: DirectiveName,
    text: &str,
    allowed: &[Keyword],
    expected: &'static str,
) -> Result<Value, CspErrorKind> {
    let keyword = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .and_then(Keyword::from_name)
        .filter(|k| allowed.contains(k));
    match keyword {
        Some(keyword) => Ok(Value(Repr::Keyword(keyword))),
        None => Err(CspErrorKind::InvalidValue {
            directive,
            value: text.to_owned(),
            expected,
        }),
    }
}

fn parse_trusted_types_value(
    directive: DirectiveName,
    text: &str,
    keep: Keep<'_>,
) -> Result<Value, CspErrorKind> {
    if text.starts_with('\'') {
        return parse_one_of(
            directive,
            text,
            &[Keyword::None, Keyword::AllowDuplicates],
            "a policy name, `'allow-duplicates'`, `'none'` or `*`",
        );
    }
    let is_policy_name = text == "*"
        || text.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'-' | b'#' | b'=' | b'_' | b'/' | b'@' | b'.' | b'%')
        });
    if !is_policy_name {
        return Err(CspErrorKind::InvalidValue {
            directive,
            value: text.to_owned(),
            expected: "a policy name of letters, digits and `-#=_/@.%`",
        });
    }
    Ok(Value(Repr::Word(keep.keep(text))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Syntax;
    use DirectiveName as D;

    fn kind(directive: DirectiveName, text: &str) -> Result<String, CspErrorKind> {
        Value::parse(directive, text).map(|v| v.to_string())
    }

    #[test]
    fn keywords_are_case_insensitive_and_printed_lowercase() {
        assert_eq!(kind(D::ScriptSrc, "'SELF'").unwrap(), "'self'");
        assert_eq!(
            kind(D::ScriptSrc, "'Unsafe-Inline'").unwrap(),
            "'unsafe-inline'"
        );
    }

    #[test]
    fn unquoted_keyword_is_a_host_name_error() {
        assert_eq!(
            kind(D::DefaultSrc, "self"),
            Err(CspErrorKind::UnquotedKeyword(Keyword::SelfOrigin))
        );
    }

    #[test]
    fn nonce_and_hash_sources_without_quotes_are_refused() {
        assert_eq!(
            kind(D::ScriptSrc, "nonce-abc123"),
            Err(CspErrorKind::UnquotedNonce("nonce-abc123".into()))
        );
        let hash = HashAlgorithm::Sha384.hash_source("x");
        let unquoted = hash.trim_matches('\'');
        assert_eq!(
            kind(D::ScriptSrc, unquoted),
            Err(CspErrorKind::UnquotedHash(unquoted.into()))
        );
        assert!(matches!(
            kind(D::StyleSrc, "SHA256-abc"),
            Err(CspErrorKind::UnquotedHash(_))
        ));
        // Hosts that merely begin alike are hosts.
        for host in [
            "nonce.example.com",
            "sha256.example.com",
            "nonces-r-us.example",
            "nonce-",
        ] {
            assert!(
                !matches!(
                    kind(D::ImgSrc, host),
                    Err(CspErrorKind::UnquotedNonce(_) | CspErrorKind::UnquotedHash(_))
                ),
                "{host}"
            );
        }
        let message = CspErrorKind::UnquotedHash(unquoted.into()).message(Syntax::Header);
        assert_eq!(
            message,
            format!("`{unquoted}` without quotes is a host name; did you mean `{hash}`?")
        );
    }

    #[test]
    fn host_sources() {
        for ok in [
            "example.com",
            "*.example.com",
            "https://cdn.example.com:443/js/",
            "*",
            "http://127.0.0.1:*",
            "wss://socket.example.com/a%20b",
            "example.org.",
            "https://example.org.:8443/app/",
            "*.example.org.",
            "example.com:65535",
            "example.com:0",
        ] {
            assert_eq!(kind(D::ImgSrc, ok).unwrap(), ok);
        }
        for out_of_range in [
            "example.com:65536",
            "https://example.com:70000",
            "a.com:99999999999",
        ] {
            assert_eq!(
                kind(D::ImgSrc, out_of_range),
                Err(CspErrorKind::InvalidHost {
                    source: out_of_range.to_owned(),
                    reason: "a port is a number from 0 to 65535",
                }),
                "{out_of_range}"
            );
        }
        for bad in [
            "exa_mple.com",
            "a..b",
            "a.*.com",
            "https://",
            "a.com:8x",
            "a.com/p?q",
            "[::1]",
            "1http://a",
            "example.org..",
            ".",
            "*.",
        ] {
            assert!(kind(D::ImgSrc, bad).is_err(), "{bad} was accepted");
        }
    }

    /// The one-pass reader of common host sources accepts nothing the full check refuses:
    /// every text of up to five bytes over the bytes that matter to the grammar, and texts
    /// put together from schemes, hosts, ports and paths, right and wrong. It does read the
    /// common shapes itself.
    #[test]
    fn plain_host_sources_are_valid_host_sources() {
        let check = |text: &str| {
            if is_plain_host_source(text) {
                assert_eq!(validate_host_source(text), Ok(()), "{text:?}");
            }
        };
        let alphabet = b"a0-.*:/+_%";
        let mut texts = vec![Vec::new()];
        for _ in 0..5 {
            texts = texts
                .iter()
                .flat_map(|t| {
                    alphabet.iter().map(move |&b| {
                        let mut t = t.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            for text in &texts {
                check(std::str::from_utf8(text).unwrap());
            }
        }
        let schemes = [
            "",
            "https://",
            "a+b.c-d://",
            "1a://",
            "://",
            "https:/",
            "ws:",
            "-a://",
        ];
        let hosts = [
            "",
            "*",
            "*.",
            "*.a",
            "a",
            "a.",
            "a..",
            "a.b",
            "-a.b",
            "a_b",
            "*a",
            "a*",
            "[::1]",
            ".",
            "*.*",
            "a.*.b",
            "xn--bcher-kva.example.",
        ];
        let ports = [
            "",
            ":",
            ":*",
            ":0",
            ":80",
            ":65535",
            ":65536",
            ":0000080",
            ":99999999999",
            ":8x",
            ":*5",
            ":-1",
        ];
        let paths = [
            "",
            "/",
            "/a/b",
            "/a%20b",
            "/a%2",
            "/a?b",
            "/a#b",
            "/://",
            "/~!$&'()*+=:@",
            "/a[b",
        ];
        for scheme in schemes {
            for host in hosts {
                for port in ports {
                    for path in paths {
                        check(&format!("{scheme}{host}{port}{path}"));
                    }
                }
            }
        }
        for common in [
            "example.com",
            "https://www.google-analytics.com",
            "https://*.stripe.com",
            "wss://realtime.example.com",
            "https://api.example.com:8443",
            "https://cdn.example.com:443/js/",
            "*",
            "http://127.0.0.1:*",
            "example.org.",
            "a.com:65535",
        ] {
            assert!(is_plain_host_source(common), "{common}");
        }
        for rare_or_wrong in ["a.com:65536", "a.com/a%20b", "https://", "a..b", "a.com:"] {
            assert!(!is_plain_host_source(rare_or_wrong), "{rare_or_wrong}");
        }
    }

    #[test]
    fn hashes_must_decode_to_the_digest_length() {
        let good = HashAlgorithm::Sha256.hash_source("x");
        assert_eq!(kind(D::ScriptSrc, &good).unwrap(), good);
        assert!(matches!(
            kind(D::ScriptSrc, "'sha256-YWJj'"),
            Err(CspErrorKind::InvalidHash { .. })
        ));
        assert!(matches!(
            kind(D::ScriptSrc, "'sha1-YWJj'"),
            Err(CspErrorKind::UnknownHashAlgorithm(_))
        ));
        let url_safe = good.replace('+', "-").replace('/', "_");
        assert!(kind(D::ScriptSrc, &url_safe).is_ok());
    }

    #[test]
    fn nonces() {
        assert_eq!(kind(D::ScriptSrc, "'nonce'").unwrap(), "'nonce'");
        assert_eq!(
            kind(D::ScriptSrc, "'nonce-abc'"),
            Err(CspErrorKind::ConstantNonce)
        );
        assert!(matches!(
            kind(D::ImgSrc, "'nonce'"),
            Err(CspErrorKind::NonceOrHashNotAllowed { .. })
        ));
    }

    #[test]
    fn keyword_scope() {
        assert!(kind(D::FrameAncestors, "'self'").is_ok());
        assert!(matches!(
            kind(D::FrameAncestors, "'unsafe-inline'"),
            Err(CspErrorKind::KeywordNotAllowed { .. })
        ));
        assert!(kind(D::ScriptSrc, "'unsafe-eval'").is_ok());
        assert!(kind(D::StyleSrc, "'unsafe-eval'").is_err());
    }

    #[test]
    fn directive_specific_values() {
        assert!(kind(D::Sandbox, "allow-scripts").is_ok());
        assert!(matches!(
            kind(D::Sandbox, "allow-script"),
            Err(CspErrorKind::InvalidSandboxFlag {
                suggestion: Some("allow-scripts"),
                ..
            })
        ));
        assert!(kind(D::RequireTrustedTypesFor, "'script'").is_ok());
        assert!(kind(D::RequireTrustedTypesFor, "'style'").is_err());
        assert!(kind(D::Webrtc, "'block'").is_ok());
        assert!(kind(D::TrustedTypes, "dompurify").is_ok());
        assert!(kind(D::TrustedTypes, "'allow-duplicates'").is_ok());
        assert!(kind(D::ReportTo, "csp-endpoint").is_ok());
        assert!(kind(D::ReportUri, "/csp-report").is_ok());
        assert!(kind(D::ReportUri, "'self'").is_err());
    }

    #[test]
    fn invisible_and_separator_characters_are_rejected() {
        assert_eq!(
            kind(D::ReportUri, ""),
            Err(CspErrorKind::EmptyValue(D::ReportUri))
        );
        assert_eq!(
            kind(D::ImgSrc, "data:image/png"),
            Err(CspErrorKind::InvalidHost {
                source: "data:image/png".into(),
                reason: "a scheme source is only a scheme and a colon, such as `data:`"
            })
        );
        for bad in ["a\u{0}b", "é.com", "a;b", "a,b", "a\nb"] {
            assert!(matches!(
                kind(D::ImgSrc, bad),
                Err(CspErrorKind::InvalidCharacter(_))
            ));
        }
    }
}
