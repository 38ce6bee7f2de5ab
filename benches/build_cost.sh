#!/usr/bin/env bash
# What adding `secure-http` costs an axum application's build: a hello-world axum app, and
# the same app with `secure-http = { features = ["axum"] }` and `SecurityHeadersLayer` on its
# router, each built cold (`cargo build`, debug, own empty target directory) ROUNDS times,
# alternating. Prints the packages each compiles, the `syn` versions among them, and each
# build's wall and CPU (user + system) seconds; then the medians.
#
#   bash benches/build_cost.sh      # ROUNDS=3
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/secure-build-cost}
ROUNDS=${ROUNDS:-3}
rm -rf "$WORK"; mkdir -p "$WORK/plain/src" "$WORK/secured/src"
for app in plain secured; do
  cat > "$WORK/$app/Cargo.toml" <<TOML
[package]
name = "$app"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
axum = "0.8"
tokio = { version = "1", features = ["macros", "rt-multi-thread", "net"] }
TOML
done
echo "secure-http = { path = \"$ROOT\", features = [\"axum\"] }" >> "$WORK/secured/Cargo.toml"
cat > "$WORK/plain/src/main.rs" <<'RS'
use axum::{Router, routing::get};

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(|| async { "Hello, world!" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
RS
cat > "$WORK/secured/src/main.rs" <<'RS'
use axum::{Router, routing::get};
use secure_http::SecurityHeaders;
use secure_http::integrations::tower::SecurityHeadersLayer;

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/", get(|| async { "Hello, world!" }))
        .layer(SecurityHeadersLayer::new(SecurityHeaders::new()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
RS
# The same registry versions for both: resolve the secured app, then give the plain app
# the same lock file (cargo drops the entries it does not need).
(cd "$WORK/secured" && cargo generate-lockfile -q)
cp "$WORK/secured/Cargo.lock" "$WORK/plain/Cargo.lock"
(cd "$WORK/secured" && cargo fetch -q) && (cd "$WORK/plain" && cargo fetch -q)
for app in plain secured; do
  packages=$(cd "$WORK/$app" && cargo tree -e normal,build --prefix none | awk '{print $1" "$2}' | sort -u)
  echo "$app: $(wc -l <<<"$packages") packages; syn: $(grep '^syn ' <<<"$packages" | awk '{print $2}' | paste -sd' ')"
done
declare -A wall cpu
for i in $(seq "$ROUNDS"); do
  for app in plain secured; do
    rm -rf "$WORK/$app/target"
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" sh -c "cd '$WORK/$app' && cargo build -q --offline"
    read -r w u s < "$WORK/time"
    c=$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')
    echo "round $i: $app ${w}s wall, ${c}s CPU"
    wall[$app]="${wall[$app]:-} $w"; cpu[$app]="${cpu[$app]:-} $c"
  done
done
median() { printf '%s\n' $@ | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for app in plain secured; do
  echo "median $app: $(median ${wall[$app]})s wall, $(median ${cpu[$app]})s CPU"
done
awk -v pw="$(median ${wall[plain]})" -v sw="$(median ${wall[secured]})" \
    -v pc="$(median ${cpu[plain]})" -v sc="$(median ${cpu[secured]})" \
  'BEGIN {printf "added by secure-http: %+.1fs wall (%.2fx), %+.1fs CPU (%.2fx)\n", sw - pw, sw / pw, sc - pc, sc / pc}'
