//! A leakage test in the style of dudect (Reparaz, Balasch and Verbauwhede, "Dude, is my code
//! constant time?", 2017) for CSRF verification: many timings of two classes of input,
//! interleaved in a random order so that drift and other load hit both alike, compared with
//! Welch's t-test. |t| above 4.5 is dudect's threshold for "the timings differ"; below it, no
//! difference was found with this many samples (which never proves there is none).
//!
//! Run with `cargo bench -p secure-http-benches --bench csrf_dudect`. `DUDECT_SAMPLES` sets the samples per test
//! (default 1,000,000). Under `cargo test --all-targets` nothing is measured.
//!
//! The classes: a token whose unmasked secret differs from the cookie's at its first byte
//! against one that differs at its last byte (and against one that differs everywhere), and
//! the same for a cookie's signature. A deliberately leaky early-exit comparison of the same
//! 32 bytes is the positive control: it shows the harness can see a difference of a few
//! nanoseconds.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secure_http::csrf::{CsrfKey, CsrfKeys};
use std::hint::black_box;
use std::time::Instant;

/// xorshift64*: the class sequence needs no cryptographic randomness, only no pattern.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Running mean and variance (Welford), per class.
#[derive(Default, Clone, Copy)]
struct Stats {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Stats {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let delta = x - self.mean;
        self.mean += delta / self.n;
        self.m2 += delta * (x - self.mean);
    }

    fn variance(&self) -> f64 {
        self.m2 / (self.n - 1.0)
    }
}

/// Welch's t; infinite when the crop left a class (almost) empty, all of its samples being
/// slower than every kept one of the other: as clear a difference as there is.
fn welch_t(a: &Stats, b: &Stats) -> f64 {
    if a.n < 2.0 || b.n < 2.0 {
        return if a.n < b.n {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
    }
    (a.mean - b.mean) / (a.variance() / a.n + b.variance() / b.n).sqrt()
}

struct Outcome {
    /// t over all samples, and over the samples below the pooled 50th and 90th percentiles
    /// (dudect's cropping, which removes the long tail of interrupts).
    t: [f64; 3],
    medians: [f64; 2],
    samples: usize,
}

/// Times `batch` calls of `f` on class 0's or class 1's input, `samples` times, classes in
/// random order; the first tenth is discarded as warm-up.
fn measure<T>(samples: usize, batch: usize, inputs: [&T; 2], f: impl Fn(&T) -> bool) -> Outcome
where
    T: ?Sized,
{
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let classes: Vec<usize> = (0..samples).map(|_| (rng.next() >> 63) as usize).collect();
    let mut times = Vec::with_capacity(samples);
    for &class in &classes {
        let input = inputs[class];
        let start = Instant::now();
        for _ in 0..batch {
            black_box(f(black_box(input)));
        }
        times.push(start.elapsed().as_nanos() as f64 / batch as f64);
    }
    let warm = samples / 10;
    let (classes, times) = (&classes[warm..], &times[warm..]);
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let percentile = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    let mut t = [0.0; 3];
    for (slot, limit) in [f64::INFINITY, percentile(0.5), percentile(0.9)]
        .into_iter()
        .enumerate()
    {
        let mut stats = [Stats::default(); 2];
        for (&class, &time) in classes.iter().zip(times) {
            if time < limit {
                stats[class].push(time);
            }
        }
        t[slot] = welch_t(&stats[0], &stats[1]);
    }
    let median = |class: usize| {
        let mut own: Vec<f64> = classes
            .iter()
            .zip(times)
            .filter(|(c, _)| **c == class)
            .map(|(_, &time)| time)
            .collect();
        own.sort_by(f64::total_cmp);
        own[own.len() / 2]
    };
    Outcome {
        t,
        medians: [median(0), median(1)],
        samples: times.len(),
    }
}

/// The valid input's decoded bytes changed at `range` (xor 0xff), re-encoded.
fn changed(valid: &str, range: std::ops::Range<usize>) -> String {
    let mut bytes = URL_SAFE_NO_PAD.decode(valid).unwrap();
    for byte in &mut bytes[range] {
        *byte ^= 0xff;
    }
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Compares like `==` on bytes written naively: stops at the first difference.
fn leaky_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    for i in 0..32 {
        if black_box(a[i]) != black_box(b[i]) {
            return false;
        }
    }
    true
}

fn main() {
    if !std::env::args().any(|arg| arg == "--bench") {
        println!(
            "csrf_dudect measures nothing under `cargo test`: run `cargo bench -p secure-http-benches --bench csrf_dudect`"
        );
        return;
    }
    let samples: usize = std::env::var("DUDECT_SAMPLES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);

    let keys = CsrfKeys::new(CsrfKey::from_bytes(&[0x42; 32]).unwrap());
    let (secret, cookie) = keys.new_cookie_value();
    let token = secret.mask().to_string();
    // The token is `mask || secret ^ mask`: bytes 32.. are what unmasks to the secret.
    let token_first = changed(&token, 32..33);
    let token_last = changed(&token, 63..64);
    let token_all = changed(&token, 32..64);
    // The cookie is `secret || signature`: bytes 32.. are the signature.
    let cookie_first = changed(&cookie, 32..33);
    let cookie_last = changed(&cookie, 63..64);
    let cookie_all = changed(&cookie, 32..64);
    for input in [&token_first, &token_last, &token_all] {
        assert!(!secret.matches(input));
    }
    for input in [&cookie_first, &cookie_last, &cookie_all] {
        assert!(keys.open_cookie(input).is_none());
    }
    let reference = [0x5a_u8; 32];
    let (mut control_first, mut control_last) = (reference, reference);
    control_first[0] ^= 0xff;
    control_last[31] ^= 0xff;

    let matches = |t: &String| secret.matches(t);
    let open = |c: &String| keys.open_cookie(c).is_some();
    let leaky = |x: &[u8; 32]| leaky_eq(&reference, x);
    let tests: Vec<(&str, Outcome)> = vec![
        (
            "matches: first byte vs last byte",
            measure(samples, 16, [&token_first, &token_last], matches),
        ),
        (
            "matches: first byte vs all bytes",
            measure(samples, 16, [&token_first, &token_all], matches),
        ),
        (
            "open_cookie: first byte vs last byte",
            measure(samples / 2, 4, [&cookie_first, &cookie_last], open),
        ),
        (
            "open_cookie: first byte vs all bytes",
            measure(samples / 2, 4, [&cookie_first, &cookie_all], open),
        ),
        (
            "control, early-exit compare: first byte vs last byte",
            measure(samples, 16, [&control_first, &control_last], leaky),
        ),
    ];
    println!(
        "{:<54} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "test", "samples", "median A", "median B", "t", "t p50", "t p90"
    );
    for (name, outcome) in &tests {
        let verdict = if outcome.t.iter().any(|t| t.abs() > 4.5) {
            "differ"
        } else {
            "no difference found"
        };
        println!(
            "{name:<54} {:>9} {:>8.2}ns {:>8.2}ns {:>9.2} {:>9.2} {:>9.2}  {verdict}",
            outcome.samples,
            outcome.medians[0],
            outcome.medians[1],
            outcome.t[0],
            outcome.t[1],
            outcome.t[2],
        );
    }
}
