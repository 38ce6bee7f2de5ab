//! Content-Security-Policy: the model, the grammar shared by `csp!` and [`str::parse`],
//! and the presets of the original secure-aiohttp.

mod analyze;
pub mod build;
mod directive;
mod error;
mod keyword;
pub mod lint;
mod list;
pub mod parse;
mod policy;
pub mod presets;
mod print;
mod text;
mod value;

pub use analyze::{AnalysisFinding, AnalyzedPolicy, CspAnalysis, Effect, analyze};
pub use directive::{DirectiveName, ValueGrammar};
pub use error::{CspError, CspErrorKind, Syntax};
pub use keyword::Keyword;
pub use list::PolicyList;
pub use policy::{ContentSecurityPolicy, Directive, render};
pub use value::{HashAlgorithm, SANDBOX_FLAGS, Value, ValueKind};
