//! Violations counted by what they are about, in a table of bounded size: the input of a
//! policy change.

use super::CspViolation;
use crate::origin::Origin;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

/// What a violation blocked, as far as a policy can allow it: an origin, a scheme, or one of
/// the browser's words for what has no URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
#[non_exhaustive]
pub enum Blocked {
    /// An inline script, style or event handler (`inline`).
    Inline,
    /// `eval()` and its relatives (`eval`).
    Eval,
    /// WebAssembly compilation (`wasm-eval`).
    WasmEval,
    /// A URL, by its origin (`https://cdn.example.com`, lowercase, the default port left
    /// out as in an `Origin` header).
    Origin(String),
    /// A URL without a host (`data:`, `blob:`), by its scheme without the colon (`data`).
    Scheme(String),
    /// Anything else the browser wrote (`trusted-types-policy`, `trusted-types-sink`), or the
    /// empty text when it wrote nothing.
    Other(String),
}

impl Blocked {
    /// Reads a report's `blocked-uri` (`blockedURL`).
    ///
    /// ```
    /// # use secure_core as secure_http;
    /// use secure_http::report::Blocked;
    /// assert_eq!(Blocked::from_report(Some("inline")), Blocked::Inline);
    /// assert_eq!(
    ///     Blocked::from_report(Some("https://CDN.example.com:443/lib.js?v=2")),
    ///     Blocked::Origin("https://cdn.example.com".into())
    /// );
    /// assert_eq!(Blocked::from_report(Some("data")), Blocked::Scheme("data".into()));
    /// assert_eq!(Blocked::from_report(Some("blob:https://a.example/1d2f")), Blocked::Scheme("blob".into()));
    /// assert_eq!(Blocked::from_report(None), Blocked::Other(String::new()));
    /// ```
    pub fn from_report(blocked_uri: Option<&str>) -> Self {
        let text = blocked_uri.unwrap_or("").trim();
        match text {
            "inline" => return Self::Inline,
            "eval" => return Self::Eval,
            "wasm-eval" => return Self::WasmEval,
            // Chromium reports a `data:` or `blob:` URL by its scheme alone.
            "data" | "blob" | "filesystem" | "mediastream" => return Self::Scheme(text.to_owned()),
            _ => {}
        }
        let Some((scheme, rest)) = text.split_once(':') else {
            return Self::Other(text.to_owned());
        };
        let mut bytes = scheme.bytes();
        let is_scheme = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
            && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if !is_scheme {
            return Self::Other(text.to_owned());
        }
        let Some(rest) = rest.strip_prefix("//") else {
            // `data:...`, `blob:https://...`: a URL without a host of its own.
            return Self::Scheme(scheme.to_ascii_lowercase());
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let authority = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        // The port a browser leaves out of an origin.
        let default_port = match scheme.to_ascii_lowercase().as_str() {
            "https" | "wss" => ":443",
            "http" | "ws" => ":80",
            _ => "",
        };
        let authority = match authority.strip_suffix(default_port) {
            Some(host) if !default_port.is_empty() => host,
            _ => authority,
        };
        if let Ok(origin) = format!("{scheme}://{authority}").parse::<Origin>() {
            return Self::Origin(origin.as_str().to_owned());
        }
        Self::Other(text.to_owned())
    }

    /// The text the group is known by: `inline`, `eval`, `wasm-eval`, the origin, the scheme
    /// with its colon (`data:`), or the other text as received.
    pub fn as_text(&self) -> String {
        match self {
            Self::Inline => "inline".to_owned(),
            Self::Eval => "eval".to_owned(),
            Self::WasmEval => "wasm-eval".to_owned(),
            Self::Origin(origin) => origin.clone(),
            Self::Scheme(scheme) => format!("{scheme}:"),
            Self::Other(other) => other.clone(),
        }
    }
}

impl fmt::Display for Blocked {
    /// [`as_text`](Self::as_text), through [`Escaped`](super::Escaped): the text came from a
    /// report.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", super::Escaped(&self.as_text()))
    }
}

/// One group of violations: the same directive, what was blocked and the same source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ViolationGroup {
    /// The effective directive, as the browser wrote it (`script-src-elem`).
    pub directive: String,
    /// What was blocked.
    pub blocked: Blocked,
    /// The file the violation happened in (the page itself for inline code), if reported.
    pub source_file: Option<String>,
    /// How many violations the group holds.
    pub count: u64,
    /// When the first was recorded, in milliseconds since the Unix epoch.
    pub first_seen_ms: u64,
    /// When the last was recorded, in milliseconds since the Unix epoch.
    pub last_seen_ms: u64,
    /// The distinct samples of blocked inline code (`'report-sample'`), at most
    /// [`ViolationAggregate::MAX_SAMPLES`] of them, in the order received.
    pub samples: Vec<String>,
    /// A page the violation happened on (the first one recorded).
    pub document_uri: String,
}

/// What an aggregate holds at one moment: [`ViolationAggregate::snapshot`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AggregateSnapshot {
    /// The groups, most violations first (then by directive, blocked and source file, so
    /// that the order is stable).
    pub groups: Vec<ViolationGroup>,
    /// Violations not counted because they would have started a group when the table was
    /// full.
    pub dropped: u64,
    /// Violations not counted because a field of their key (directive, blocked, source file,
    /// document) was longer than [`ViolationAggregate::MAX_FIELD_LEN`] bytes.
    pub oversized: u64,
}

type Key = (String, Blocked, Option<String>);

#[derive(Debug, Default)]
struct Table {
    groups: HashMap<Key, ViolationGroup>,
    dropped: u64,
    oversized: u64,
}

/// Violations grouped by (effective directive, [`Blocked`], source file), each group counted
/// with when it was first and last seen, in bounded memory.
///
/// A handle: its clones share one table, so the [`ReportEndpoint`](super::ReportEndpoint)
/// that records into it (`with_aggregate`) and the code that reads it hold the same one.
///
/// # Memory
///
/// The table holds at most [`max_groups`](Self::max_groups) groups (1000 by default). Once it
/// is full, a violation of a new group is not recorded; it is counted in
/// [`AggregateSnapshot::dropped`], and the groups already there keep counting. A violation
/// whose directive, blocked URL, source file or document is longer than
/// [`MAX_FIELD_LEN`](Self::MAX_FIELD_LEN) bytes is counted in
/// [`AggregateSnapshot::oversized`] only. Each group keeps at most
/// [`MAX_SAMPLES`](Self::MAX_SAMPLES) distinct samples of at most
/// [`MAX_SAMPLE_LEN`](Self::MAX_SAMPLE_LEN) bytes (browsers send 40 characters). So a group
/// costs at most a few kilobytes, and the default table a few megabytes, whatever clients
/// post.
///
/// ```
/// # use secure_core as secure_http;
/// use secure_http::report::{parse_reports, Blocked, ViolationAggregate};
/// let aggregate = ViolationAggregate::new(100);
/// let body = br#"{"csp-report": {"document-uri": "https://a.example/",
///     "effective-directive": "img-src", "blocked-uri": "https://img.example.com/a.png"}}"#;
/// for violation in parse_reports(Some("application/csp-report"), body)? {
///     aggregate.record(&violation);
///     aggregate.record(&violation);
/// }
/// let snapshot = aggregate.snapshot();
/// assert_eq!(snapshot.groups.len(), 1);
/// assert_eq!(snapshot.groups[0].directive, "img-src");
/// assert_eq!(snapshot.groups[0].blocked, Blocked::Origin("https://img.example.com".into()));
/// assert_eq!(snapshot.groups[0].count, 2);
/// # Ok::<(), secure_http::report::ReportError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ViolationAggregate {
    max_groups: usize,
    table: Arc<Mutex<Table>>,
}

impl ViolationAggregate {
    /// The default number of groups: 1000.
    pub const DEFAULT_MAX_GROUPS: usize = 1000;
    /// The longest field of a violation's key that is recorded, in bytes: 2048.
    pub const MAX_FIELD_LEN: usize = 2048;
    /// The most distinct samples kept per group: 8.
    pub const MAX_SAMPLES: usize = 8;
    /// The longest sample kept, in bytes: 256 (longer ones are not kept).
    pub const MAX_SAMPLE_LEN: usize = 256;

    /// An empty aggregate of at most `max_groups` groups.
    pub fn new(max_groups: usize) -> Self {
        Self {
            max_groups,
            table: Arc::new(Mutex::new(Table::default())),
        }
    }

    /// The most groups the table holds.
    pub fn max_groups(&self) -> usize {
        self.max_groups
    }

    /// Records one violation now.
    pub fn record(&self, violation: &CspViolation) {
        self.record_at(violation, SystemTime::now());
    }

    /// Records one violation seen at `at`.
    pub fn record_at(&self, violation: &CspViolation, at: SystemTime) {
        let ms = at
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let too_long = |text: &str| text.len() > Self::MAX_FIELD_LEN;
        if too_long(&violation.effective_directive)
            || violation.blocked_uri.as_deref().is_some_and(too_long)
            || violation.source_file.as_deref().is_some_and(too_long)
            || too_long(&violation.document_uri)
        {
            table.oversized += 1;
            return;
        }
        let key = (
            violation.effective_directive.clone(),
            Blocked::from_report(violation.blocked_uri.as_deref()),
            violation.source_file.clone(),
        );
        let full = table.groups.len() >= self.max_groups;
        let group = match table.groups.get_mut(&key) {
            Some(group) => group,
            None if full => {
                table.dropped += 1;
                return;
            }
            None => table
                .groups
                .entry(key.clone())
                .or_insert_with(|| ViolationGroup {
                    directive: key.0,
                    blocked: key.1,
                    source_file: key.2,
                    count: 0,
                    first_seen_ms: ms,
                    last_seen_ms: ms,
                    samples: Vec::new(),
                    document_uri: violation.document_uri.clone(),
                }),
        };
        group.count = group.count.saturating_add(1);
        group.first_seen_ms = group.first_seen_ms.min(ms);
        group.last_seen_ms = group.last_seen_ms.max(ms);
        if let Some(sample) = violation.sample.as_deref()
            && !sample.is_empty()
            && sample.len() <= Self::MAX_SAMPLE_LEN
            && group.samples.len() < Self::MAX_SAMPLES
            && !group.samples.iter().any(|s| s == sample)
        {
            group.samples.push(sample.to_owned());
        }
    }

    /// The groups and the counts of what was not recorded, at this moment.
    pub fn snapshot(&self) -> AggregateSnapshot {
        let table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        let mut groups: Vec<ViolationGroup> = table.groups.values().cloned().collect();
        groups.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.directive.cmp(&b.directive))
                .then_with(|| a.blocked.cmp(&b.blocked))
                .then_with(|| a.source_file.cmp(&b.source_file))
        });
        AggregateSnapshot {
            groups,
            dropped: table.dropped,
            oversized: table.oversized,
        }
    }

    /// Empties the table and the counts of what was dropped.
    pub fn clear(&self) {
        *self.table.lock().unwrap_or_else(PoisonError::into_inner) = Table::default();
    }
}

impl Default for ViolationAggregate {
    /// [`new`](Self::new)`(`[`DEFAULT_MAX_GROUPS`](Self::DEFAULT_MAX_GROUPS)`)`.
    fn default() -> Self {
        Self::new(Self::DEFAULT_MAX_GROUPS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Disposition, ReportFormat};
    use std::time::Duration;

    fn violation(directive: &str, blocked: &str, source: Option<&str>) -> CspViolation {
        CspViolation {
            document_uri: "https://a.example/page".into(),
            effective_directive: directive.into(),
            blocked_uri: Some(blocked.into()),
            original_policy: None,
            disposition: Some(Disposition::Report),
            referrer: None,
            source_file: source.map(Into::into),
            line_number: None,
            column_number: None,
            status_code: None,
            sample: None,
            user_agent: None,
            age: None,
            format: ReportFormat::CspReport,
        }
    }

    #[test]
    fn blocked_urls_are_read_by_origin_scheme_or_word() {
        let cases = [
            ("inline", Blocked::Inline),
            ("eval", Blocked::Eval),
            ("wasm-eval", Blocked::WasmEval),
            (
                "https://cdn.example.com/a/b.js?x#y",
                Blocked::Origin("https://cdn.example.com".into()),
            ),
            (
                "HTTP://User:pw@Img.Example.com:8080/p",
                Blocked::Origin("http://img.example.com:8080".into()),
            ),
            (
                "http://img.example.com:80/p",
                Blocked::Origin("http://img.example.com".into()),
            ),
            (
                "wss://ws.example.com:8443",
                Blocked::Origin("wss://ws.example.com:8443".into()),
            ),
            (
                "wss://ws.example.com",
                Blocked::Origin("wss://ws.example.com".into()),
            ),
            ("data", Blocked::Scheme("data".into())),
            ("data:image/png;base64,AAAA", Blocked::Scheme("data".into())),
            ("blob", Blocked::Scheme("blob".into())),
            (
                "trusted-types-sink",
                Blocked::Other("trusted-types-sink".into()),
            ),
            ("https://", Blocked::Other("https://".into())),
            ("https://a b/", Blocked::Other("https://a b/".into())),
            ("\u{1b}[31m", Blocked::Other("\u{1b}[31m".into())),
            ("", Blocked::Other(String::new())),
        ];
        for (text, expected) in cases {
            assert_eq!(Blocked::from_report(Some(text)), expected, "{text:?}");
        }
        assert_eq!(
            Blocked::Other("\u{1b}[31m\n".into()).to_string(),
            r"\u{1b}[31m\n",
            "shown escaped"
        );
    }

    #[test]
    fn violations_are_grouped_counted_and_timed() {
        let aggregate = ViolationAggregate::new(10);
        let t0 = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let a = violation("img-src", "https://img.example.com/1.png", None);
        let a_other_path = violation("img-src", "https://img.example.com/2.png", None);
        let b = violation("script-src-elem", "inline", Some("https://a.example/page"));
        let b_other_file = violation("script-src-elem", "inline", Some("https://a.example/x"));
        aggregate.record_at(&a, t0 + Duration::from_secs(5));
        aggregate.record_at(&a_other_path, t0);
        aggregate.record_at(&a, t0 + Duration::from_secs(9));
        aggregate.record_at(&b, t0 + Duration::from_secs(1));
        aggregate.record_at(&b_other_file, t0 + Duration::from_secs(2));
        let snapshot = aggregate.snapshot();
        let summary: Vec<(String, String, Option<String>, u64, u64, u64)> = snapshot
            .groups
            .iter()
            .map(|g| {
                (
                    g.directive.clone(),
                    g.blocked.as_text(),
                    g.source_file.clone(),
                    g.count,
                    g.first_seen_ms - 1_700_000_000_000,
                    g.last_seen_ms - 1_700_000_000_000,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "img-src".into(),
                    "https://img.example.com".into(),
                    None,
                    3,
                    0,
                    9000
                ),
                (
                    "script-src-elem".into(),
                    "inline".into(),
                    Some("https://a.example/page".into()),
                    1,
                    1000,
                    1000
                ),
                (
                    "script-src-elem".into(),
                    "inline".into(),
                    Some("https://a.example/x".into()),
                    1,
                    2000,
                    2000
                ),
            ]
        );
        assert_eq!((snapshot.dropped, snapshot.oversized), (0, 0));
        aggregate.clear();
        assert_eq!(aggregate.snapshot(), AggregateSnapshot::default());
    }

    #[test]
    fn a_full_table_counts_new_groups_as_dropped_and_keeps_counting_its_own() {
        let aggregate = ViolationAggregate::new(3);
        for i in 0..50 {
            aggregate.record(&violation(
                "img-src",
                &format!("https://h{i}.example/"),
                None,
            ));
        }
        aggregate.record(&violation("img-src", "https://h0.example/again", None));
        let snapshot = aggregate.snapshot();
        assert_eq!(snapshot.groups.len(), 3);
        assert_eq!(snapshot.dropped, 47);
        assert_eq!(
            snapshot.groups[0].blocked,
            Blocked::Origin("https://h0.example".into())
        );
        assert_eq!(snapshot.groups[0].count, 2);
    }

    #[test]
    fn long_fields_and_samples_are_not_kept() {
        let aggregate = ViolationAggregate::new(3);
        let long = format!(
            "https://a.example/{}",
            "x".repeat(ViolationAggregate::MAX_FIELD_LEN)
        );
        aggregate.record(&violation("img-src", &long, None));
        aggregate.record(&violation("img-src", "inline", Some(&long)));
        let mut v = violation("script-src-elem", "inline", None);
        for i in 0..20 {
            v.sample = Some(format!("f({i})"));
            aggregate.record(&v);
            aggregate.record(&v);
        }
        v.sample = Some("y".repeat(ViolationAggregate::MAX_SAMPLE_LEN + 1));
        aggregate.record(&v);
        let snapshot = aggregate.snapshot();
        assert_eq!(snapshot.oversized, 2);
        assert_eq!(snapshot.groups.len(), 1);
        assert_eq!(snapshot.groups[0].count, 41);
        let expected: Vec<String> = (0..ViolationAggregate::MAX_SAMPLES)
            .map(|i| format!("f({i})"))
            .collect();
        assert_eq!(snapshot.groups[0].samples, expected);
    }
}
