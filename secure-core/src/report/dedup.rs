//! Which violations to log: the first of a kind at once, its repeats within a window only
//! counted, in a table of fixed size.

use super::{CspViolation, Disposition, Report, ReportData};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The most violations remembered at once. When the table is full, a new violation evicts
/// those whose window has passed, or else the one logged longest ago.
pub(super) const MAX_ENTRIES: usize = 256;

/// What makes two violations the same: a SHA-256 digest of their identifying fields, so a
/// key is 32 bytes however long the fields are.
type Key = [u8; 32];

/// One violation remembered: when it was last logged, and how many times it was received
/// since then without being logged.
#[derive(Debug, Clone, Copy)]
struct Entry {
    logged_at: Instant,
    repeats: u64,
}

/// The table of recently logged violations, shared by the clones of an endpoint.
#[derive(Debug)]
pub(super) struct Dedup {
    window: Duration,
    table: Mutex<HashMap<Key, Entry>>,
}

impl Dedup {
    pub(super) fn new(window: Duration) -> Self {
        Self {
            window,
            table: Mutex::new(HashMap::new()),
        }
    }

    pub(super) fn window(&self) -> Duration {
        self.window
    }

    /// Whether to log `violation`, received at `now`: `Some(repeats)` to log it, with the
    /// number of identical ones received, and not logged, in the window after it was last
    /// logged; `None` when it repeats one logged less than a window ago (it is counted).
    pub(super) fn observe(&self, violation: &CspViolation, now: Instant) -> Option<u64> {
        if self.window.is_zero() {
            return Some(0);
        }
        self.observe_key(key(violation), now)
    }

    /// [`observe`](Self::observe) for any report: a CSP violation by the same fields, another
    /// report by its page and everything its body says.
    pub(super) fn observe_report(&self, report: &Report, now: Instant) -> Option<u64> {
        match &report.body {
            ReportData::CspViolation(violation) => self.observe(violation, now),
            _ if self.window.is_zero() => Some(0),
            _ => self.observe_key(report_key(report), now),
        }
    }

    fn observe_key(&self, key: Key, now: Instant) -> Option<u64> {
        let mut table = self.table.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(entry) = table.get_mut(&key) {
            if now.saturating_duration_since(entry.logged_at) < self.window {
                entry.repeats += 1;
                return None;
            }
            let repeats = entry.repeats;
            *entry = Entry {
                logged_at: now,
                repeats: 0,
            };
            return Some(repeats);
        }
        if table.len() >= MAX_ENTRIES {
            table.retain(|_, entry| now.saturating_duration_since(entry.logged_at) < self.window);
        }
        if table.len() >= MAX_ENTRIES {
            let oldest = table
                .iter()
                .min_by_key(|(_, entry)| entry.logged_at)
                .map(|(key, _)| *key);
            if let Some(oldest) = oldest {
                table.remove(&oldest);
            }
        }
        table.insert(
            key,
            Entry {
                logged_at: now,
                repeats: 0,
            },
        );
        Some(0)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.table.lock().unwrap().len()
    }
}

/// The digest of what identifies a violation: its directive, blocked URI, document URI,
/// source file, line, column and disposition. Each field is written with its length (or
/// its absence), so that no two different sets of fields write the same bytes.
fn key(violation: &CspViolation) -> Key {
    let mut digest = Sha256::new();
    let mut text = |field: Option<&str>| match field {
        Some(text) => {
            digest.update([1]);
            digest.update((text.len() as u64).to_le_bytes());
            digest.update(text.as_bytes());
        }
        None => digest.update([0]),
    };
    text(Some(&violation.effective_directive));
    text(violation.blocked_uri.as_deref());
    text(Some(&violation.document_uri));
    text(violation.source_file.as_deref());
    for number in [violation.line_number, violation.column_number] {
        match number {
            Some(n) => {
                digest.update([1]);
                digest.update(n.to_le_bytes());
            }
            None => digest.update([0]),
        }
    }
    digest.update([match violation.disposition {
        None => 0,
        Some(Disposition::Enforce) => 1,
        Some(Disposition::Report) => 2,
    }]);
    digest.finalize().into()
}

/// The digest of a report other than a CSP violation: its page and its body as JSON (its
/// type included), each with its length.
fn report_key(report: &Report) -> Key {
    let mut digest = Sha256::new();
    digest.update((report.url.len() as u64).to_le_bytes());
    digest.update(report.url.as_bytes());
    // Serializing these types cannot fail: their fields are strings, numbers and JSON.
    let body = serde_json::to_vec(&report.body).unwrap_or_default();
    digest.update((body.len() as u64).to_le_bytes());
    digest.update(&body);
    digest.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ReportFormat;

    const WINDOW: Duration = Duration::from_secs(60);

    fn violation(blocked: &str) -> CspViolation {
        CspViolation {
            document_uri: "https://a.example/".into(),
            effective_directive: "img-src".into(),
            blocked_uri: Some(blocked.into()),
            original_policy: None,
            disposition: None,
            referrer: None,
            source_file: None,
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
    fn repeats_within_the_window_are_counted_and_told_after_it() {
        let dedup = Dedup::new(WINDOW);
        let t0 = Instant::now();
        let v = violation("https://x.example/");
        assert_eq!(dedup.observe(&v, t0), Some(0), "the first is logged");
        for s in 1..=59 {
            assert_eq!(dedup.observe(&v, t0 + Duration::from_secs(s)), None);
        }
        assert_eq!(
            dedup.observe(&v, t0 + Duration::from_millis(59_999)),
            None,
            "still inside the window"
        );
        // The window has passed: logged, with the 60 repeats not logged.
        assert_eq!(dedup.observe(&v, t0 + WINDOW), Some(60));
        // A new window starts there.
        assert_eq!(
            dedup.observe(&v, t0 + WINDOW + Duration::from_secs(1)),
            None
        );
        assert_eq!(dedup.observe(&v, t0 + 3 * WINDOW), Some(1));
        assert_eq!(dedup.observe(&v, t0 + 5 * WINDOW), Some(0));
    }

    #[test]
    fn a_clock_read_before_the_last_log_counts_as_within_the_window() {
        let dedup = Dedup::new(WINDOW);
        let t0 = Instant::now() + Duration::from_secs(10);
        let v = violation("https://x.example/");
        assert_eq!(dedup.observe(&v, t0), Some(0));
        assert_eq!(dedup.observe(&v, t0 - Duration::from_secs(5)), None);
    }

    #[test]
    fn different_violations_are_logged_each() {
        let dedup = Dedup::new(WINDOW);
        let now = Instant::now();
        let base = violation("https://x.example/");
        assert_eq!(dedup.observe(&base, now), Some(0));
        let mut others = Vec::new();
        for change in 0..7 {
            let mut v = base.clone();
            match change {
                0 => v.effective_directive = "script-src-elem".into(),
                1 => v.blocked_uri = None,
                2 => v.document_uri = "https://a.example/other".into(),
                3 => v.source_file = Some("https://a.example/app.js".into()),
                4 => v.line_number = Some(1),
                5 => v.column_number = Some(1),
                _ => v.disposition = Some(Disposition::Report),
            }
            others.push(v);
        }
        for v in &others {
            assert_eq!(dedup.observe(v, now), Some(0), "{v:?}");
        }
        // Fields outside the identity do not make a violation new.
        let mut same = base.clone();
        same.sample = Some("alert(1)".into());
        same.referrer = Some("https://r.example/".into());
        same.user_agent = Some("agent".into());
        same.original_policy = Some("img-src 'none'".into());
        same.age = Some(5);
        same.format = ReportFormat::ReportingApi;
        assert_eq!(dedup.observe(&same, now), None);
        // Lengths are part of the key: moving text between fields makes another key.
        let mut a = base.clone();
        a.blocked_uri = Some("ab".into());
        a.document_uri = "c".into();
        let mut b = base.clone();
        b.blocked_uri = Some("a".into());
        b.document_uri = "bc".into();
        assert_ne!(key(&a), key(&b));
    }

    #[test]
    fn the_table_never_holds_more_than_its_maximum() {
        let dedup = Dedup::new(WINDOW);
        let t0 = Instant::now();
        for i in 0..10 * MAX_ENTRIES {
            // All within one window: nothing expires, the oldest is evicted.
            let now = t0 + Duration::from_millis(i as u64);
            let v = violation(&format!("https://x.example/{i}"));
            assert_eq!(dedup.observe(&v, now), Some(0));
            assert!(dedup.len() <= MAX_ENTRIES, "{} entries", dedup.len());
        }
        assert_eq!(dedup.len(), MAX_ENTRIES);
        // The most recent are remembered, the oldest were evicted.
        let now = t0 + Duration::from_secs(3);
        let newest = violation(&format!("https://x.example/{}", 10 * MAX_ENTRIES - 1));
        assert_eq!(dedup.observe(&newest, now), None);
        assert_eq!(
            dedup.observe(&violation("https://x.example/0"), now),
            Some(0)
        );
        assert_eq!(dedup.len(), MAX_ENTRIES);
    }

    #[test]
    fn a_full_table_drops_what_has_expired_first() {
        let dedup = Dedup::new(WINDOW);
        let t0 = Instant::now();
        for i in 0..MAX_ENTRIES {
            dedup.observe(&violation(&format!("https://x.example/{i}")), t0);
        }
        let later = t0 + WINDOW;
        let kept = violation("https://x.example/kept");
        // A full table of expired entries: they all go for the new one.
        assert_eq!(dedup.observe(&kept, later), Some(0));
        assert_eq!(dedup.len(), 1);
        assert_eq!(dedup.observe(&kept, later + Duration::from_secs(1)), None);
    }

    #[test]
    fn a_window_of_zero_logs_every_violation() {
        let dedup = Dedup::new(Duration::ZERO);
        let now = Instant::now();
        let v = violation("https://x.example/");
        for _ in 0..3 {
            assert_eq!(dedup.observe(&v, now), Some(0));
        }
        assert_eq!(dedup.len(), 0);
    }
}
