#!/usr/bin/env bash
# Installs what dyad's build and tests need on a fresh machine. Idempotent.
#   - Rust: the machine's toolchain (cargo/rustc); nothing else is fetched for the default build.
#   - Python packages that read the output back in tests (pyarrow, polars, duckdb, pytest),
#     and those the notebooks in notebooks/ need (jupyter's nbclient/ipykernel, matplotlib,
#     networkx), which the tests execute.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null; then
    echo "setup: cargo not found; install a Rust toolchain (https://rustup.rs) first" >&2
    exit 1
fi
PY=${PYTHON:-python3}
if ! "$PY" -m pip --version >/dev/null 2>&1; then
    echo "setup: installing pip" >&2
    apt-get update -qq && apt-get install -y -qq python3-pip >/dev/null
fi
"$PY" -m pip install --quiet --disable-pip-version-check -r requirements-test.txt -r requirements-notebooks.txt
echo "setup: ok ($(cargo --version), $("$PY" --version))"
