#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need, then runs the Rust
# unit and integration tests and the Python read-back tests against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo build --release --locked
cargo test --release --locked
DYAD_BIN="$(pwd)/target/release/dyad" python3 -m pytest tests/python -q
