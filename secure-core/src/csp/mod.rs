//! Content-Security-Policy: the model, the grammar shared by `csp!` and [`str::parse`],
//! and the presets of the original secure-aiohttp.

pub mod build;
mod directive;
mod error;
mod keyword;
pub mod lint;
mod parse;
mod policy;
pub mod presets;
mod value;

pub use directive::{DirectiveName, ValueGrammar};
pub use error::{CspError, CspErrorKind, Syntax};
pub use keyword::Keyword;
pub use policy::{ContentSecurityPolicy, Directive, render};
pub use value::{HashAlgorithm, SANDBOX_FLAGS, Value, ValueKind};
