//! Reading what the library logs, in tests, without races.
//!
//! A subscriber set per thread (`tracing::subscriber::with_default`) misses events when
//! another test thread registers the same callsite at the wrong moment: the callsite's cached
//! interest then says no one listens. Here one global subscriber listens to everything, once
//! per test binary, and writes each event into the buffer of the thread that emitted it, if
//! that thread is capturing. Tests that run at once see only their own lines.
//!
//! Shared by path: `secure-core`'s unit tests, the facade's `tests/` and `integration/tests/`.
// Each includer uses a part of it.
#![allow(dead_code)]

use std::cell::RefCell;
use std::sync::{Arc, Mutex, Once};

thread_local! {
    static BUFFER: RefCell<Option<Arc<Mutex<Vec<u8>>>>> = const { RefCell::new(None) };
}

/// Writes to the current thread's buffer, or nowhere.
struct ThreadWriter;

impl std::io::Write for ThreadWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        BUFFER.with(|buffer| {
            if let Some(buffer) = &*buffer.borrow() {
                buffer
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .extend_from_slice(bytes);
            }
        });
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What this thread logged, at DEBUG and above, while its guard lived.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

/// Stops capturing on this thread when dropped.
pub struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        BUFFER.with(|buffer| buffer.borrow_mut().take());
    }
}

impl Captured {
    /// Starts capturing what this thread logs.
    pub fn start() -> (Self, CaptureGuard) {
        static GLOBAL: Once = Once::new();
        GLOBAL.call_once(|| {
            let subscriber = tracing_subscriber::fmt()
                .with_writer(|| ThreadWriter)
                .with_max_level(tracing::Level::DEBUG)
                .with_ansi(false)
                .without_time()
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in this test binary");
        });
        let captured = Self::default();
        BUFFER.with(|buffer| *buffer.borrow_mut() = Some(captured.0.clone()));
        (captured, CaptureGuard(()))
    }

    /// Runs `f` and returns what it logged.
    pub fn during(f: impl FnOnce()) -> String {
        let (captured, guard) = Self::start();
        f();
        drop(guard);
        captured.text()
    }

    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|p| p.into_inner())).into_owned()
    }

    /// The lines logged at `level` from `target`.
    pub fn lines(&self, level: &str, target: &str) -> Vec<String> {
        let needle = format!("{level} {target}:");
        self.text()
            .lines()
            .filter(|line| line.contains(&needle))
            .map(str::to_owned)
            .collect()
    }
}
