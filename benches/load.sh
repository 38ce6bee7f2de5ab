#!/usr/bin/env bash
# Whole-server ratio: an axum hello-world with and without
# `SecurityHeadersLayer::new(SecurityHeaders::new())`, loaded over the loopback with wrk, and
# a control ("hand") whose handler inserts the same 13 precomputed headers itself, to tell
# the layer's cost from the cost of sending the headers at all; and a second control
# ("bytes") that sends one header line as long as the 13 together, to tell the cost of the
# bytes on the wire from the cost of the number of headers.
# Builds a small server crate in $WORK (path dependency on this repository, same Cargo.lock),
# starts both servers on 127.0.0.1 pinned to CPU 0, and runs wrk pinned to CPU 1 against
# them in turn, ROUNDS times each (interleaved), DURATION seconds a run.
# Prints each run's requests/s, the medians and the ratio. Needs wrk (apt-get install wrk).
#
#   bash benches/load.sh            # ROUNDS=5 DURATION=5 CONNECTIONS=32
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/secure-load}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-32}
PORT_BARE=${PORT_BARE:-3101}
PORT_SECURE=${PORT_SECURE:-3102}
PORT_HAND=${PORT_HAND:-3103}
PORT_BYTES=${PORT_BYTES:-3104}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }

mkdir -p "$WORK/src"
cat > "$WORK/Cargo.toml" <<TOML
[package]
name = "secure-load"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
secure-http = { path = "$ROOT", features = ["axum"] }
axum = { version = "0.8", default-features = false, features = ["http1", "tokio"] }
tokio = { version = "1", features = ["rt", "net", "macros"] }

[profile.release]
codegen-units = 1
TOML
cat > "$WORK/src/main.rs" <<'RS'
//! `secure-load bare|secure|hand|bytes PORT`: an axum hello-world on 127.0.0.1:PORT, one thread.
use axum::http::{HeaderName, HeaderValue, Response};
use axum::response::IntoResponse;
use axum::{Router, routing::get};
use secure_http::SecurityHeaders;
use secure_http::integrations::tower::SecurityHeadersLayer;
use std::sync::LazyLock;

/// The pairs `SecurityHeaders::new()` sends to a public host, precomputed as `from_static`.
static PAIRS: LazyLock<Vec<(HeaderName, HeaderValue)>> = LazyLock::new(|| {
    let mut response = Response::new(());
    SecurityHeaders::new().apply_to_response(&mut response, None);
    // Each value as a `from_static` constant (no reference count), as a hand-written
    // server would hold it: the honest floor.
    response
        .headers()
        .iter()
        .map(|(n, v)| {
            let text: &'static str = Box::leak(v.to_str().unwrap().to_owned().into_boxed_str());
            (n.clone(), HeaderValue::from_static(text))
        })
        .collect()
});

/// One header line (`x-padding: aaa…`) as many bytes long as the 13 lines of `PAIRS`.
static PADDING: LazyLock<HeaderValue> = LazyLock::new(|| {
    let line = |name: &str, value: &[u8]| name.len() + ": ".len() + value.len() + "\r\n".len();
    let total: usize = PAIRS.iter().map(|(n, v)| line(n.as_str(), v.as_bytes())).sum();
    let own = line("x-padding", b"");
    HeaderValue::from_str(&"a".repeat(total - own)).unwrap()
});

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let app = Router::new().route("/", get(|| async { "Hello, world!" }));
    let app = match args[1].as_str() {
        "bare" => app,
        "secure" => app.layer(SecurityHeadersLayer::new(SecurityHeaders::new())),
        "hand" => Router::new().route(
            "/",
            get(|| async {
                let mut response = "Hello, world!".into_response();
                let headers = response.headers_mut();
                headers.reserve(PAIRS.len());
                for (name, value) in PAIRS.iter() {
                    headers.insert(name.clone(), value.clone());
                }
                response
            }),
        ),
        "bytes" => Router::new().route(
            "/",
            get(|| async {
                let mut response = "Hello, world!".into_response();
                let padding = HeaderName::from_static("x-padding");
                response.headers_mut().insert(padding, PADDING.clone());
                response
            }),
        ),
        other => panic!("bare, secure, hand or bytes, not {other}"),
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", args[2].parse::<u16>().unwrap()))
        .await
        .unwrap();
    axum::serve(listener, app).await.unwrap();
}
RS
cp "$ROOT/Cargo.lock" "$WORK/Cargo.lock"
(cd "$WORK" && cargo build --release -q)
[ -z "${BUILD_ONLY:-}" ] || exit 0   # BUILD_ONLY=1: build, measure nothing
BIN="$WORK/target/release/secure-load"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
taskset -c 0 "$BIN" bare "$PORT_BARE" & pids+=($!)
taskset -c 0 "$BIN" secure "$PORT_SECURE" & pids+=($!)
taskset -c 0 "$BIN" hand "$PORT_HAND" & pids+=($!)
taskset -c 0 "$BIN" bytes "$PORT_BYTES" & pids+=($!)
sleep 1
# A public Host, so that the secure server sends the full set (HSTS included).
check=$(curl -s -D - -o /dev/null -H 'Host: app.example.com' "http://127.0.0.1:$PORT_SECURE/")
echo "secure server answers with $(grep -ci '^[a-z-]*: ' <<<"$check") header lines"
check=$(curl -s -D - -o /dev/null -H 'Host: app.example.com' "http://127.0.0.1:$PORT_HAND/")
echo "hand server answers with $(grep -ci '^[a-z-]*: ' <<<"$check") header lines"
size() { curl -s -D - -o /dev/null -H 'Host: app.example.com' "http://127.0.0.1:$1/" | wc -c; }
echo "response head bytes: bare $(size "$PORT_BARE"), secure $(size "$PORT_SECURE"), hand $(size "$PORT_HAND"), bytes $(size "$PORT_BYTES")"

run() { # port -> requests/s
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H 'Host: app.example.com' \
    "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'
}
bare=(); secure=(); hand=(); bytes=()
for i in $(seq "$ROUNDS"); do
  b=$(run "$PORT_BARE"); s=$(run "$PORT_SECURE"); h=$(run "$PORT_HAND"); y=$(run "$PORT_BYTES")
  echo "round $i: bare $b req/s, secure $s req/s, hand $h req/s, bytes $y req/s"
  bare+=("$b"); secure+=("$s"); hand+=("$h"); bytes+=("$y")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mb=$(median "${bare[@]}"); ms=$(median "${secure[@]}"); mh=$(median "${hand[@]}")
my=$(median "${bytes[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a/b}'; }
echo "median req/s: bare $mb, secure $ms, hand $mh, bytes $my"
echo "ratios: secure/bare $(ratio "$ms" "$mb"), hand/bare $(ratio "$mh" "$mb"), secure/hand $(ratio "$ms" "$mh"), bytes/bare $(ratio "$my" "$mb"), secure/bytes $(ratio "$ms" "$my")"
