//! Runtime parsing: `ContentSecurityPolicy::from_str` against the `content-security-policy`
//! crate's parser (`Policy::parse`, as servo uses it) on the same corpus of real-world-shaped
//! policies, written below. Throughput in bytes of policy text. See BENCHMARKS.md.
//!
//! The two do different work: `secure` validates every source and rejects what browsers
//! would ignore; `content-security-policy` follows the CSP3 parsing algorithm, which keeps
//! unknown directives and never fails. Both build an owned policy.

use content_security_policy::{Policy, PolicyDisposition, PolicySource};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use secure_http::ContentSecurityPolicy;
use std::hint::black_box;
use std::time::Duration;

include!("../corpus.rs");

fn parse(c: &mut Criterion) {
    let bytes: usize = CORPUS.iter().map(|p| p.len()).sum();
    for policy in CORPUS {
        if let Err(e) = policy.parse::<ContentSecurityPolicy>() {
            panic!("{policy}: {e}");
        }
        let parsed = Policy::parse(policy, PolicySource::Header, PolicyDisposition::Enforce);
        assert!(parsed.is_valid(), "{policy}");
    }
    let mut group = c.benchmark_group("parse_corpus");
    group
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("secure_from_str", |b| {
        b.iter(|| {
            for policy in CORPUS {
                drop(black_box(
                    black_box(*policy).parse::<ContentSecurityPolicy>(),
                ));
            }
        })
    });
    group.bench_function("content_security_policy_parse", |b| {
        b.iter(|| {
            for policy in CORPUS {
                drop(black_box(Policy::parse(
                    black_box(policy),
                    PolicySource::Header,
                    PolicyDisposition::Enforce,
                )));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
