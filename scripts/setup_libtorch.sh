#!/usr/bin/env bash
# Provides libtorch 2.4.0 (CPU) for `cargo build --features transformer`, from PyPI
# wheels only (no other network). Idempotent. Usage:
#   bash scripts/setup_libtorch.sh [DEST]      # default: ~/.cache/dyad/libtorch-2.4.0
#   source DEST/env.sh                         # sets LIBTORCH and LIBTORCH_CXX11_ABI
#   cargo build --release --features transformer
#
# The slim route (see MODEL_CARD / README "Transformer backend"): PyPI has no CPU-only
# torch for Linux x86_64, so we take the CUDA wheel and keep only what CPU inference
# needs: headers, libtorch_cpu.so, libc10.so, libgomp, plus the two small CUDA runtime
# libraries libtorch_cpu.so links against (found through its own RPATH). libtorch.so is
# replaced by an empty library: the real one only pulls in the 0.9 GB libtorch_cuda.so.
# About 0.8 GB download, 0.53 GB on disk. The binary finds the libraries through an
# rpath that build.rs embeds, so no LD_LIBRARY_PATH is needed at run time.
set -euo pipefail

DEST=${1:-${DYAD_LIBTORCH_DIR:-$HOME/.cache/dyad/libtorch-2.4.0}}
PY=${PYTHON:-python3}
STAMP="$DEST/.dyad-libtorch-2.4.0"

write_env() {
    cat > "$DEST/env.sh" <<ENV
# Source this before building dyad with --features transformer.
export LIBTORCH="$DEST/torch"
# The PyPI wheels are built with the pre-C++11 ABI.
export LIBTORCH_CXX11_ABI=0
unset LIBTORCH_USE_PYTORCH
ENV
}

if [ -f "$STAMP" ]; then
    write_env
    echo "setup_libtorch: ok ($DEST, already there); source $DEST/env.sh"
    exit 0
fi
if ! command -v cc >/dev/null && ! command -v gcc >/dev/null; then
    echo "setup_libtorch: a C compiler (cc/gcc) is needed for the empty libtorch.so stub" >&2
    exit 1
fi

mkdir -p "$DEST"
WHEELS=$(mktemp -d)
trap 'rm -rf "$WHEELS"' EXIT
# Pinned versions: tch 0.17 (rust-bert 0.23) needs libtorch 2.4.x; the two nvidia
# runtime libraries are the ones torch 2.4.0 declares.
"$PY" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform manylinux1_x86_64 --python-version 3.11 -d "$WHEELS" \
    torch==2.4.0 nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105

"$PY" - "$WHEELS" "$DEST" <<'PYEOF'
import re, sys, zipfile
from pathlib import Path
wheels, dest = Path(sys.argv[1]), Path(sys.argv[2])
keep_lib = re.compile(r"^torch/lib/(libtorch_cpu\.so|libc10\.so|libgomp-[0-9a-f]+\.so\.1)$")
n = 0
for whl in sorted(wheels.glob("*.whl")):
    with zipfile.ZipFile(whl) as z:
        for name in z.namelist():
            if name.startswith("torch/"):
                ok = name.startswith("torch/include/") or keep_lib.match(name)
            else:
                ok = re.match(r"^nvidia/[^/]+/lib/lib(cudart|cupti)\.so\.12$", name) is not None
            if ok and not name.endswith("/"):
                z.extract(name, dest)
                n += 1
print(f"setup_libtorch: extracted {n} files")
PYEOF
CC=$(command -v cc || command -v gcc)
echo | "$CC" -shared -fPIC -x c -o "$DEST/torch/lib/libtorch.so" -
for f in libtorch_cpu.so libc10.so; do
    [ -f "$DEST/torch/lib/$f" ] || { echo "setup_libtorch: $f missing from the wheel" >&2; exit 1; }
done
write_env
touch "$STAMP"
echo "setup_libtorch: ok ($DEST, $(du -sh "$DEST" | cut -f1)); source $DEST/env.sh"
