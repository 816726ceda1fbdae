#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need, then runs the Rust
# unit and integration tests and the Python read-back tests against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# One build: `cargo test` also builds the dyad binary the Python tests run (a separate
# `cargo build` would compile the dependencies a second time with other features).
cargo test --release --locked
DYAD_BIN="${CARGO_TARGET_DIR:-$(pwd)/target}/release/dyad" python3 -m pytest tests/python -q
