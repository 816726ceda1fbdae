#!/usr/bin/env bash
# The test command (README, .ci/run): installs what the tests need, then runs the Rust
# unit and integration tests and the Python read-back tests against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
# libtorch for the transformer backend (PyPI wheels only; cached in ~/.cache/dyad).
bash scripts/setup_libtorch.sh
# shellcheck disable=SC1091
source "${DYAD_LIBTORCH_DIR:-$HOME/.cache/dyad/libtorch-2.4.0}/env.sh"
# One release build, with the transformer feature: it runs every test, including the
# transformer's on tiny models the tests write. `cargo test` also builds the dyad binary
# the Python tests run (a separate `cargo build` would compile the dependencies a second
# time with other features).
cargo test --release --locked --features transformer
# The default build must not need libtorch: check that it compiles without the feature
# (metadata only, far cheaper than a second release build).
env -u LIBTORCH cargo check --locked --all-targets
DYAD_BIN="${CARGO_TARGET_DIR:-$(pwd)/target}/release/dyad" python3 -m pytest tests/python -q
