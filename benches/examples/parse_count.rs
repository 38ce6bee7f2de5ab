//! `parse_count secure|csp N`: parses the benchmark corpus N times with `secure-http`'s
//! `ContentSecurityPolicy::from_str` or with the `content-security-policy` crate's
//! `Policy::parse`, for counting instructions under callgrind (`benches/parse_instructions.sh`),
//! which gives the same count on every run whatever else the machine is doing.

use content_security_policy::{Policy, PolicyDisposition, PolicySource};
use secure_http::ContentSecurityPolicy;
use std::hint::black_box;

include!("../corpus.rs");

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: parse_count secure|csp N";
    let parser = args.get(1).expect(usage).as_str();
    let rounds: usize = args.get(2).expect(usage).parse().expect(usage);
    for _ in 0..rounds {
        for policy in CORPUS {
            match parser {
                "secure" => {
                    let parsed = black_box(*policy).parse::<ContentSecurityPolicy>();
                    assert!(parsed.is_ok(), "{policy}");
                    drop(black_box(parsed));
                }
                "csp" => {
                    let parsed = Policy::parse(
                        black_box(policy),
                        PolicySource::Header,
                        PolicyDisposition::Enforce,
                    );
                    drop(black_box(parsed));
                }
                _ => panic!("{usage}"),
            }
        }
    }
}
