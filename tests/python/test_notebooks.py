"""Execute every notebook in notebooks/ headless, the way CI and a new user run them.

Runs the built `dyad` (DYAD_BIN, default target/release/dyad) on corpus/ twice (default tagger, and
`--ner none` as the second run compare.ipynb compares against), then executes each notebook with
nbclient on that output, failing on any cell error, and checks the PNGs it saves. The notebooks are
run again on copies of the datasets whose `events` table holds a few synthetic events (same
schema, rows written below) and no events at all, so the event views are exercised both with
data and with their "no events" notes, whatever the event coder finds in corpus/.
"""
import json
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
DYAD = os.environ.get("DYAD_BIN", str(REPO / "target" / "release" / "dyad"))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# The figures each notebook must save, with or without events.
FIGURES = {
    "explore": ["articles_per_day", "events_over_time", "actor_network", "actor_comentions", "weapons",
                "goldstein_dyad", "data_quality"],
    "compare": ["compare_entities", "compare_events"],
}


def batch(out, *args):
    run = subprocess.run([DYAD, "batch", str(REPO / "corpus"), "--out", str(out), "--quiet", *args],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("notebooks")
    return batch(root / "default"), batch(root / "ner-none", "--ner", "none")


def plain_strings(schema):
    """pyarrow reads dyad's strings as string_view; write them back as plain strings."""
    return pa.schema([f.with_type(pa.string()) if pa.types.is_string_view(f.type) else f for f in schema])


def synthetic_events(ds, keep=None):
    """Replace the events table of a dataset copy with a few made-up events that point at real
    sentences of it (USA/IRN dyads, several days, weapons, a duplicate, one event with no target);
    `keep` picks a subset of them by position."""
    sentences = pq.read_table(ds / "sentences").to_pylist()
    in_article = {}
    for s in sentences:
        in_article.setdefault(s["record"], []).append(s)
    records = sorted(r for r in in_article if "sample-news.jsonl:" in r)[:4]
    usa = ("USA", "USAGOV", "GOV", "US officials")
    irn = ("IRN", "IRNMIL", "MIL", "Iranian forces")
    # Each event sits on the title sentence of the sample article it fits (records :1 to :4 are
    # sample-001 tanker seizure, -002 sanctions, -003 drone downing, -004 cyber strike).
    specs = [  # (article, source, target, cameo, root, quad, goldstein, plover, instrument, day, confidence)
        (1, usa, irn, "163", "16", 3, -8.0, "SANCTION", None, date(2019, 6, 18), 0.93),
        (2, irn, usa, "190", "19", 4, -10.0, "ASSAULT", ("surface-to-air missile", "missile_rocket"), date(2019, 6, 20), 0.97),
        (2, irn, usa, "190", "19", 4, -10.0, "ASSAULT", ("surface-to-air missile", "missile_rocket"), date(2019, 6, 20), 0.71),
        (3, usa, irn, "190", "19", 4, -10.0, "ASSAULT", ("malware", "cyber"), date(2019, 6, 22), 0.88),
        (0, irn, usa, "130", "13", 3, -4.4, "COERCE", None, date(2019, 6, 17), 0.64),
        (0, irn, None, "130", "13", 3, -4.4, "COERCE", None, date(2019, 6, 17), 0.55),
    ]
    rows = []
    for article, source, target, cameo, root, quad, goldstein, plover, instrument, day, confidence in specs:
        record = records[article]
        sentence = in_article[record][0]
        event_index = sum(1 for r in rows if r["record"] == record)
        row = {
            "article_id": record, "record": record, "event_index": event_index,
            "sentence_index": sentence["sentence_index"],
            "start_byte": sentence["start_byte"], "end_byte": sentence["end_byte"],
            "start_char": sentence["start_char"], "end_char": sentence["end_char"], "text": sentence["text"],
            "label": plover, "source_text": source[3], "source_actor_code": source[1],
            "source_country": source[0], "source_role": source[2], "action_text": plover.lower(),
            "cameo_code": cameo, "cameo_root": root, "quad_class": quad, "goldstein": goldstein,
            "plover_type": plover, "plover_mode": "cyber" if instrument and instrument[1] == "cyber" else None,
            "cyber": bool(instrument and instrument[1] == "cyber"), "negated": False, "modality": "asserted",
            "event_date": day, "date_precision": "day", "date_from_published": False, "event_group": None,
            "duplicate_of": None, "confidence": confidence,
        }
        if target:
            row.update(target_text=target[3], target_actor_code=target[1], target_country=target[0],
                       target_role=target[2])
        if instrument:
            row.update(instrument_text=instrument[0], instrument_class=instrument[1])
        rows.append(row)
    rows[2]["duplicate_of"] = rows[1]["event_index"]  # same article, date, dyad and code as the one before
    if keep is not None:
        rows = [rows[i] for i in keep]
    part = next((ds / "events").glob("*.parquet"))
    schema = plain_strings(pq.read_schema(part))
    table = pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)
    part.unlink()
    pq.write_table(table, part)
    manifest = json.loads((ds / "manifest.json").read_text())
    manifest["counts"]["events"] = len(rows)
    (ds / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return ds


@pytest.fixture(scope="module")
def runs_with_events(runs, tmp_path_factory):
    root = tmp_path_factory.mktemp("with-events")
    a, b = (shutil.copytree(ds, root / ds.name) for ds in runs)
    # Run B codes a subset, so the agreement is neither 0 nor 1.
    return synthetic_events(a), synthetic_events(b, keep=[0, 1, 3])


@pytest.fixture(scope="module")
def runs_without_events(runs, tmp_path_factory):
    # What dyad wrote before its event coder, or on a corpus with nothing to code.
    root = tmp_path_factory.mktemp("no-events")
    return tuple(synthetic_events(shutil.copytree(ds, root / ds.name), keep=[]) for ds in runs)


def execute(name, dataset_a, dataset_b, figures, monkeypatch):
    monkeypatch.setenv("DYAD_BIN", DYAD)
    monkeypatch.setenv("DYAD_DATASET", str(dataset_a))
    monkeypatch.setenv("DYAD_DATASET_B", str(dataset_b))
    monkeypatch.setenv("DYAD_FIGURES", str(figures))
    monkeypatch.delenv("DYAD_DATASET_A", raising=False)
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name="python3",
                                     resources={"metadata": {"path": str(NOTEBOOKS)}})
    client.execute()  # raises CellExecutionError, naming the cell, when a cell fails
    for stem in FIGURES[name]:
        png = figures / f"{stem}.png"
        assert png.is_file(), f"{name}.ipynb did not save {png.name}"
        data = png.read_bytes()
        assert len(data) > 1000 and data.startswith(PNG_MAGIC), f"{png} is not a PNG with content"
    return nb


def outputs(nb):
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text.append(out.get("text", ""))
            text.append(out.get("data", {}).get("text/plain", ""))
    return "\n".join(text)


def test_every_notebook_is_checked():
    assert sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb")) == sorted(FIGURES)


def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name}: clear its outputs"


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_notebook_runs_on_dyad_output(name, runs, tmp_path, monkeypatch):
    nb = execute(name, *runs, tmp_path / "figures", monkeypatch)
    if name == "explore":
        assert "USA" in outputs(nb)  # the entity views show real actors


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_notebook_runs_with_events(name, runs_with_events, tmp_path, monkeypatch):
    nb = execute(name, *runs_with_events, tmp_path / "figures", monkeypatch)
    text = outputs(nb)
    if name == "explore":
        assert "No events in this dataset" not in text
        assert "6 of 6 events are dated to the day or week" in text
        assert "3 of 6 events name an instrument" in text
        assert "'duplicate': 1" in text and "'no target': 1" in text
    else:
        assert "events: 6 in" in text and "agreement 0.667" in text  # 3 of 6 and 3 match: 2*3/9


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_notebook_runs_without_events(name, runs_without_events, tmp_path, monkeypatch):
    nb = execute(name, *runs_without_events, tmp_path / "figures", monkeypatch)
    if name == "explore":
        assert "No events in this dataset" in outputs(nb)
