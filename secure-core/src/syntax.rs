//! The two ways a policy is written, which decide how messages spell names and keywords.

/// How a policy was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Header text (`'self'`, `includeSubDomains`), as given to `FromStr`.
    Header,
    /// The macros (`self`, `include-subdomains`).
    Macro,
}
