//! Several policies in one header value: CSP3's serialized policy list, `policy, policy`.

use super::error::{CspError, CspErrorKind};
use super::lint::Finding;
use super::policy::ContentSecurityPolicy;
use std::fmt;
use std::str::FromStr;

/// Policies sent together, in one header value separated by commas or in several headers of
/// the same name. Browsers enforce each of them: a resource loads only if every policy
/// allows it, so a list is at least as strict as its strictest policy.
///
/// Parsing holds every policy to the rules of [`ContentSecurityPolicy`]'s parser; an empty
/// policy (`a, , b` or a trailing comma) is refused too. To read someone else's header as a
/// browser would, use [`analyze`](super::analyze).
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::csp::PolicyList;
/// let list: PolicyList = "default-src 'self', script-src 'nonce' 'strict-dynamic'".parse()?;
/// assert_eq!(list.policies().len(), 2);
/// assert_eq!(list.policies()[1].as_str(), "script-src 'nonce' 'strict-dynamic'");
/// assert_eq!(list.to_string(), "default-src 'self', script-src 'nonce' 'strict-dynamic'");
///
/// let error = "default-src 'self', img-scr 'self'".parse::<PolicyList>().unwrap_err();
/// assert_eq!(error.offset(), 20);
/// # Ok::<(), secure_http::csp::CspError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PolicyList {
    policies: Vec<ContentSecurityPolicy>,
}

impl PolicyList {
    /// A list of these policies; `None` when there is none.
    pub fn new(policies: Vec<ContentSecurityPolicy>) -> Option<Self> {
        (!policies.is_empty()).then_some(Self { policies })
    }

    /// The policies in the order written; never empty.
    pub fn policies(&self) -> &[ContentSecurityPolicy] {
        &self.policies
    }

    /// The lint findings of each policy, with the index of the policy they are about. A
    /// weakness of one policy may be covered by another, which lints do not look at: each
    /// finding says what that policy alone allows.
    pub fn lint(&self) -> Vec<(usize, Finding)> {
        self.policies
            .iter()
            .enumerate()
            .flat_map(|(i, policy)| policy.lint().into_iter().map(move |f| (i, f)))
            .collect()
    }
}

impl From<ContentSecurityPolicy> for PolicyList {
    fn from(policy: ContentSecurityPolicy) -> Self {
        Self {
            policies: vec![policy],
        }
    }
}

impl FromStr for PolicyList {
    type Err = CspError;

    /// Splits the text at each `,` and parses each part as a [`ContentSecurityPolicy`];
    /// error offsets count from the start of the whole text.
    fn from_str(text: &str) -> Result<Self, CspError> {
        let mut policies = Vec::new();
        let mut start = 0;
        for part in text.split(',') {
            let at = start;
            start += part.len() + 1;
            if part.trim_matches([' ', '\t']).is_empty() {
                let blank = part.len() - part.trim_start_matches([' ', '\t']).len();
                return Err(CspError::new(CspErrorKind::EmptyPolicy, at + blank));
            }
            let policy = part
                .parse::<ContentSecurityPolicy>()
                .map_err(|error| CspError::new(error.kind().clone(), at + error.offset()))?;
            policies.push(policy);
        }
        Ok(Self { policies })
    }
}

impl fmt::Display for PolicyList {
    /// The policies' header texts, `", "` between them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, policy) in self.policies.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(policy.as_str())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csp::DirectiveName;

    #[test]
    fn one_policy_is_a_list_of_one() {
        let list: PolicyList = "default-src 'self'".parse().unwrap();
        assert_eq!(
            list,
            PolicyList::from(
                "default-src 'self'"
                    .parse::<ContentSecurityPolicy>()
                    .unwrap()
            )
        );
    }

    #[test]
    fn errors_point_into_the_whole_text() {
        let error = "img-src 'self',img-src 'self'; img-src data:"
            .parse::<PolicyList>()
            .unwrap_err();
        assert_eq!(
            error.kind(),
            &CspErrorKind::DuplicateDirective(DirectiveName::ImgSrc)
        );
        assert_eq!(error.offset(), 31);
        for (text, offset) in [
            ("img-src 'self',", 15),
            ("img-src 'self', , img-src data:", 16),
            (",img-src 'self'", 0),
            ("", 0),
        ] {
            let error = text.parse::<PolicyList>().unwrap_err();
            assert_eq!(
                (error.kind(), error.offset()),
                (&CspErrorKind::EmptyPolicy, offset),
                "{text:?}"
            );
        }
    }

    #[test]
    fn lints_say_which_policy() {
        let list: PolicyList = "default-src 'none', script-src 'unsafe-inline'"
            .parse()
            .unwrap();
        let findings = list.lint();
        assert!(findings.iter().all(|(i, _)| *i == 1), "{findings:?}");
        assert!(!findings.is_empty());
        assert_eq!(PolicyList::new(Vec::new()), None);
    }
}
