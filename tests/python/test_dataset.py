"""Read dyad's Parquet back the way users do: pyarrow, polars and DuckDB.

Runs the built `dyad` (DYAD_BIN, default target/release/dyad) on the mixed fixture
folder, then checks row counts against the manifest and column types against
`dyad schema --json`.
"""
import json
import os
import subprocess
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

REPO = Path(__file__).resolve().parents[2]
DYAD = os.environ.get("DYAD_BIN", str(REPO / "target" / "release" / "dyad"))
MIXED = REPO / "tests" / "fixtures" / "mixed"
TABLES = ["articles", "sentences", "entities", "events"]

ARROW_TYPES = {
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t),
    "int64": pa.types.is_int64,
    "int32": pa.types.is_int32,
    "float32": pa.types.is_float32,
    "bool": pa.types.is_boolean,
    "timestamp[us, tz=UTC]": lambda t: pa.types.is_timestamp(t) and t.unit == "us" and t.tz == "UTC",
    "date32": pa.types.is_date32,
}


def dyad(*args, check=True):
    return subprocess.run([DYAD, *args], capture_output=True, text=True, check=check)


@pytest.fixture(scope="module")
def schema():
    return json.loads(dyad("schema", "--json").stdout)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("ds") / "out"
    run = dyad("batch", str(MIXED), str(out.parent / "missing.txt"), "--out", str(out), "--quiet", check=False)
    assert run.returncode == 1, run.stderr  # some inputs are bad on purpose
    return out


@pytest.fixture(scope="module")
def manifest(dataset):
    return json.loads((dataset / "manifest.json").read_text())


def test_pyarrow_types_and_counts(dataset, schema, manifest):
    expected_rows = {"articles": manifest["counts"]["articles"], "sentences": manifest["counts"]["sentences"],
                     "entities": manifest["counts"]["entities"], "events": manifest["counts"]["events"]}
    for table in TABLES:
        t = ds.dataset(dataset / table, format="parquet").to_table()
        assert t.num_rows == expected_rows[table], table
        names = [c["name"] for c in schema[table]]
        assert t.schema.names == names, table
        for col in schema[table]:
            arrow_type = t.schema.field(col["name"]).type
            assert ARROW_TYPES[col["type"]](arrow_type), f"{table}.{col['name']}: {arrow_type} is not {col['type']}"


def test_polars_reads_and_failures_have_reasons(dataset, manifest):
    articles = pl.read_parquet(dataset / "articles" / "*.parquet")
    assert articles.height == manifest["counts"]["articles"]
    assert articles["record"].n_unique() == articles.height
    failed = articles.filter(pl.col("status") == "failed")
    assert failed.height == manifest["counts"]["articles_failed"] == 7
    assert failed["error"].null_count() == 0
    assert failed["text"].null_count() == failed.height
    assert articles.schema["published"] == pl.Datetime("us", "UTC")
    ok = articles.filter(pl.col("status") == "ok")
    # Every input file is accounted for: nothing silently dropped.
    files = {str(p) for p in MIXED.rglob("*") if p.is_file()}
    assert files <= set(articles["source_file"].to_list())


def test_offsets_slice_the_text_in_python(dataset):
    articles = pl.read_parquet(dataset / "articles" / "*.parquet").filter(pl.col("status") == "ok")
    texts = dict(zip(articles["record"], articles["text"]))
    sentences = pl.read_parquet(dataset / "sentences" / "*.parquet")
    for rec, sc, ec, sb, eb, text in sentences.select("record", "start_char", "end_char", "start_byte", "end_byte", "text").iter_rows():
        full = texts[rec]
        assert full[sc:ec] == text
        assert full.encode()[sb:eb].decode() == text


def test_duckdb_sql(dataset, manifest):
    con = duckdb.connect()
    n = con.execute(f"select count(*) from read_parquet('{dataset}/articles/*.parquet')").fetchall()[0][0]
    assert n == manifest["counts"]["articles"]
    by_format = dict(con.execute(f"select input_format, count(*) from read_parquet('{dataset}/articles/*.parquet') "
                             "where status = 'ok' group by 1").fetchall())
    assert by_format["rss"] == 3 and by_format["atom"] == 1
    joined = con.execute(f"""select count(*) from read_parquet('{dataset}/sentences/*.parquet') s
                         join read_parquet('{dataset}/articles/*.parquet') a using (record)""").fetchall()[0][0]
    assert joined == manifest["counts"]["sentences"]


def test_hive_partitions_read_back(tmp_path):
    out = tmp_path / "part"
    dyad("batch", str(MIXED / "wire.jsonl"), str(MIXED / "archive.jsonl.gz"), "--out", str(out),
         "--partition", "date", "--quiet", check=False)
    t = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table()
    assert t.num_rows == 7
    years = set(t.column("year").to_pylist())
    assert {2010, 2012, 2019, None} == years
    df = pl.scan_parquet(out / "articles" / "**" / "*.parquet", hive_partitioning=True).collect()
    assert df.height == 7 and "year" in df.columns


def test_jsonl_output_matches_parquet_rows(tmp_path, manifest):
    out = tmp_path / "jsonl"
    dyad("batch", str(MIXED), "--out", str(out), "--format", "jsonl", "--quiet", check=False)
    rows = [json.loads(line) for p in sorted((out / "articles").glob("*.jsonl")) for line in p.read_text().splitlines()]
    assert len(rows) == manifest["counts"]["articles"] - 1  # no missing-file input this time


def test_tokens_table_only_when_asked_and_joins_back(tmp_path, dataset, schema):
    assert not (dataset / "tokens").exists()
    out = tmp_path / "with-tokens"
    dyad("batch", str(REPO / "corpus" / "seed-article.txt"), "--out", str(out), "--tokens", "--quiet")
    tokens = pl.read_parquet(out / "tokens" / "*.parquet")
    assert tokens.columns == [c["name"] for c in schema["tokens"]]
    articles = pl.read_parquet(out / "articles" / "*.parquet")
    assert tokens.height == articles["n_tokens"].sum()
    text = articles["text"][0]
    # Offsets slice the article text in Python, and heads point at tokens of the same sentence.
    for row in tokens.head(200).iter_rows(named=True):
        assert text[row["start_char"]:row["end_char"]] == row["text"]
    heads = tokens.join(tokens.select(pl.col("token_index").alias("head"), pl.col("sentence_index").alias("head_sentence")), on="head", how="left")
    assert (heads.filter(pl.col("head").is_not_null())["sentence_index"] == heads.filter(pl.col("head").is_not_null())["head_sentence"]).all()
    roots = tokens.filter(pl.col("deprel") == "root").group_by("sentence_index").len()
    assert roots.height == tokens["sentence_index"].n_unique() and (roots["len"] == 1).all()
    launch = tokens.filter(pl.col("text") == "launched")
    assert launch["lemma"].to_list() == ["launch"] and launch["deprel"].to_list() == ["root"]


def test_seed_events_read_back_with_offsets(tmp_path):
    """The seed article's events: read back by polars and DuckDB, spans slice the text,
    codes and flags are there (the acceptance list is tested in tests/events.rs)."""
    out = tmp_path / "seed"
    dyad("batch", str(REPO / "corpus" / "seed-article.txt"), "--out", str(out), "--quiet")
    events = pl.read_parquet(out / "events" / "*.parquet")
    text = pl.read_parquet(out / "articles" / "*.parquet")["text"][0]
    assert events.height >= 15
    assert events.schema["event_date"] == pl.Date and events.schema["cyber"] == pl.Boolean
    for arg in ["action", "source", "target", "instrument"]:
        rows = events.filter(pl.col(f"{arg}_text").is_not_null())
        for s, e, t in rows.select(f"{arg}_start_char", f"{arg}_end_char", f"{arg}_text").iter_rows():
            assert text[s:e] == t
    cyber = events.filter(pl.col("cyber"))
    assert (cyber["plover_type"] == "COERCE").all() and (cyber["plover_mode"] == "cyber").all()
    stux = events.filter(pl.col("instrument_text").str.contains("Stuxnet"))
    assert set(stux["source_actor_code"]) == {"USA", "ISR"} and stux["event_date"].dt.year().to_list() == [2010, 2010]
    assert stux["event_group"].n_unique() == 1 and stux["event_group"][0] is not None
    assert events.filter(pl.col("negated"))["target_actor_code"].to_list().count("IRN") >= 1
    con = duckdb.connect()
    by_type = dict(con.execute(f"select plover_type, count(*) from read_parquet('{out}/events/*.parquet') group by 1").fetchall())
    assert by_type["ASSAULT"] >= 3 and by_type["COERCE"] >= 5
