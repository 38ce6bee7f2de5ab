//! What is wrong with a configuration as a whole, found when an integration is built.

use crate::csp::lint::LintError;
use crate::reporting::ReportingError;
use std::fmt;

/// Why [`SecurityHeaders::check`](super::SecurityHeaders::check) refuses a configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// A policy's `report-to` names no configured reporting endpoint.
    Reporting(ReportingError),
    /// A policy has findings of lints denied by
    /// [`enforce_lints`](super::SecurityHeaders::enforce_lints).
    Lints {
        /// `Content-Security-Policy` or `Content-Security-Policy-Report-Only`.
        header: &'static str,
        /// The findings.
        error: LintError,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Reporting(error) => error.fmt(f),
            Self::Lints { header, error } => write!(f, "{header}: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Reporting(error) => Some(error),
            Self::Lints { error, .. } => Some(error),
        }
    }
}

impl From<ReportingError> for ConfigError {
    fn from(error: ReportingError) -> Self {
        Self::Reporting(error)
    }
}
