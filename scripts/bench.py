#!/usr/bin/env python3
"""Throughput and memory benchmark for `dyad batch` (prints figures; never a test).

Builds the release binary, repeats the Reuters bench corpus (../shared/data/bench/
conll2003-articles.jsonl, research-only: used in place, never copied into the repo) 1x,
10x and to >= 50 MB, runs `dyad batch` on each with 1 and 2 threads, and prints
articles/s, words/s and peak RSS (from /usr/bin/time or getrusage). Also runs the
segmentation-only bench. Usage: python3 scripts/bench.py [--corpus FILE] [--threads 1,2]
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "data" / "bench" / "conll2003-articles.jsonl"


def repeat(src: Path, dst: Path, copies: int) -> int:
    lines = src.read_text().splitlines()
    with dst.open("w") as f:
        for c in range(copies):
            for line in lines:
                rec = json.loads(line)
                rec["id"] = f"{rec.get('id', 'doc')}-c{c}"
                f.write(json.dumps(rec) + "\n")
    return dst.stat().st_size


def run_batch(dyad: Path, corpus: Path, out: Path, threads: int):
    cmd = [str(dyad), "batch", str(corpus), "--out", str(out), "--threads", str(threads), "--quiet", "--overwrite"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        sys.exit(f"dyad failed: {p.stderr}")
    # ru_maxrss of children is the max over all children so far: run each measurement
    # in its own process via /usr/bin/time when available for an exact figure.
    rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if os.path.exists("/usr/bin/time"):
        q = subprocess.run(["/usr/bin/time", "-f", "%M %e"] + cmd, capture_output=True, text=True)
        rss_kb, wall2 = q.stderr.strip().splitlines()[-1].split()
        rss_kb, wall = int(rss_kb), min(wall, float(wall2))
    elif rss_kb == before:
        rss_kb = float("nan")
    m = json.loads((out / "manifest.json").read_text())
    return m["counts"], wall, rss_kb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--threads", default="1,2")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"bench skipped: {args.corpus} not found")
        return
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    dyad = REPO / "target" / "release" / "dyad"
    base = args.corpus.stat().st_size
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sizes = [("1x", 1), ("10x", 10), (">=50MB", -(-50_000_000 // base))]
        print(f"{'corpus':<8} {'MB':>6} {'thr':>3} {'articles':>9} {'words':>10} {'sec':>6} {'art/s':>8} {'words/s':>10} {'peak RSS':>10}")
        for name, copies in sizes:
            corpus = tmp / f"bench-{copies}.jsonl"
            size = repeat(args.corpus, corpus, copies)
            for threads in [int(t) for t in args.threads.split(",")]:
                counts, wall, rss = run_batch(dyad, corpus, tmp / "out", threads)
                print(f"{name:<8} {size / 1e6:>6.1f} {threads:>3} {counts['articles']:>9} {counts['words']:>10} {wall:>6.2f} "
                      f"{counts['articles'] / wall:>8.0f} {counts['words'] / wall:>10.0f} {rss / 1024:>8.0f} MB")
    subprocess.run(["cargo", "bench", "--quiet", "--bench", "segment"], cwd=REPO, check=True)


if __name__ == "__main__":
    main()
