//! Holding a policy made at runtime to what `csp!` enforces at compile time: the same lint
//! levels, and the findings of denied lints as an error.

use super::{Finding, Lint};
use crate::csp::ContentSecurityPolicy;
use std::fmt;

/// Which lints refuse a policy, as `#![allow(..)]` and `#![deny(..)]` choose inside `csp!`.
///
/// [`LintLevels::new`] denies what `csp!` denies without attributes
/// ([`Lint::denied_by_default`]); the others are only reported. The last word on a lint
/// wins, as in `csp!`.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::lint::{Lint, LintLevels};
/// let levels = LintLevels::new();
/// assert!(levels.is_denied(Lint::UnsafeInline) && !levels.is_denied(Lint::UnsafeEval));
/// let levels = LintLevels::new().allow(Lint::BypassHost).deny(Lint::UnsafeEval);
/// assert!(!levels.is_denied(Lint::BypassHost) && levels.is_denied(Lint::UnsafeEval));
/// assert!(LintLevels::new().deny_all().is_denied(Lint::IpSource));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LintLevels {
    /// Each explicit level in the order given: the lint, and whether it is denied.
    explicit: Vec<(Lint, bool)>,
    deny_all: bool,
}

impl LintLevels {
    /// The lints `csp!` denies by default are denied; the others are allowed.
    pub const fn new() -> Self {
        Self {
            explicit: Vec::new(),
            deny_all: false,
        }
    }

    /// Lets the findings of `lint` through, as `#![allow(lint)]`.
    pub fn allow(mut self, lint: Lint) -> Self {
        self.explicit.push((lint, false));
        self
    }

    /// Refuses the findings of `lint`, as `#![deny(lint)]`.
    pub fn deny(mut self, lint: Lint) -> Self {
        self.explicit.push((lint, true));
        self
    }

    /// Refuses the findings of every lint not allowed by name, as `#![deny(all)]`.
    pub fn deny_all(mut self) -> Self {
        self.deny_all = true;
        self
    }

    /// The level set for `lint` by name, if any: `Some(true)` when denied.
    pub fn explicit_level(&self, lint: Lint) -> Option<bool> {
        self.explicit
            .iter()
            .rev()
            .find(|(l, _)| *l == lint)
            .map(|(_, denied)| *denied)
    }

    /// Whether [`deny_all`](Self::deny_all) was called.
    pub fn denies_all(&self) -> bool {
        self.deny_all
    }

    /// Whether a finding of `lint` refuses the policy.
    pub fn is_denied(&self, lint: Lint) -> bool {
        self.explicit_level(lint)
            .unwrap_or(self.deny_all || lint.denied_by_default())
    }
}

/// The findings of denied lints in a policy: what would not compile in `csp!`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintError {
    findings: Vec<Finding>,
}

impl LintError {
    /// The findings that refused the policy, in the order of the lints' table.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

impl fmt::Display for LintError {
    /// Every denied finding, one after the other, `; ` between them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.findings.len();
        write!(
            f,
            "{count} denied lint finding{}: ",
            if count == 1 { "" } else { "s" }
        )?;
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LintError {}

impl ContentSecurityPolicy {
    /// Refuses this policy when it has a finding of a lint `levels` deny: the check `csp!`
    /// makes at compile time, for policies read at runtime (configuration files, environment
    /// variables). The findings of the other lints are still in [`lint`](Self::lint).
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::csp::ContentSecurityPolicy;
    /// use secure_http::csp::lint::{Lint, LintLevels};
    /// let policy: ContentSecurityPolicy = "script-src 'self' 'unsafe-inline'; object-src 'none'".parse()?;
    /// let error = policy.check_lints(&LintLevels::new()).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "1 denied lint finding: `'unsafe-inline'` in `script-src` lets any injected inline script run (lint `unsafe_inline`); use a nonce or hashes instead: `script-src 'nonce' 'strict-dynamic'`"
    /// );
    /// assert!(policy.check_lints(&LintLevels::new().allow(Lint::UnsafeInline)).is_ok());
    /// # Ok::<(), secure_http::csp::CspError>(())
    /// ```
    pub fn check_lints(&self, levels: &LintLevels) -> Result<(), LintError> {
        let findings: Vec<Finding> = self
            .lint()
            .into_iter()
            .filter(|finding| levels.is_denied(finding.lint()))
            .collect();
        if findings.is_empty() {
            Ok(())
        } else {
            Err(LintError { findings })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(text: &str) -> ContentSecurityPolicy {
        text.parse().unwrap()
    }

    #[test]
    fn the_default_levels_refuse_exactly_what_csp_refuses_without_attributes() {
        let levels = LintLevels::new();
        for lint in Lint::ALL {
            assert_eq!(levels.is_denied(*lint), lint.denied_by_default(), "{lint}");
        }
    }

    #[test]
    fn the_last_word_on_a_lint_wins_and_names_beat_deny_all() {
        let levels = LintLevels::new()
            .deny(Lint::UnsafeEval)
            .allow(Lint::UnsafeEval);
        assert!(!levels.is_denied(Lint::UnsafeEval));
        let levels = LintLevels::new().deny_all().allow(Lint::SelfInScriptSrc);
        assert!(!levels.is_denied(Lint::SelfInScriptSrc));
        assert!(levels.is_denied(Lint::MissingBaseUri));
    }

    #[test]
    fn only_denied_findings_refuse() {
        let weak = policy("script-src 'self' https: 'unsafe-eval'");
        let error = weak.check_lints(&LintLevels::new()).unwrap_err();
        let lints: Vec<Lint> = error.findings().iter().map(Finding::lint).collect();
        assert_eq!(lints, [Lint::PermissiveSource]);
        let error = weak
            .check_lints(&LintLevels::new().deny(Lint::UnsafeEval))
            .unwrap_err();
        assert_eq!(error.findings().len(), 2);
        assert!(error.to_string().starts_with("2 denied lint findings: "));
        let fine =
            policy("default-src 'none'; script-src 'nonce' 'strict-dynamic'; base-uri 'none'");
        assert_eq!(fine.check_lints(&LintLevels::new().deny_all()), Ok(()));
    }
}
