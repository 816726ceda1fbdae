"""Plumbing shared by dyad's notebooks: find (or make) a dataset, read its tables, save figures.

The notebooks import this from their own folder. Everything a researcher wants to read or
change (the queries and the plots) lives in the notebooks themselves.

Environment variables:
  DYAD_DATASET    dataset directory written by `dyad batch --out DIR` (explore.ipynb, and run A
                  of compare.ipynb); unset: notebooks/data/sample, made from corpus/ on first use
  DYAD_DATASET_A  / DYAD_DATASET_B: the two runs compare.ipynb compares (B unset:
                  notebooks/data/sample-ner-none, the same corpus with `--ner none`)
  DYAD_FIGURES    where the PNGs go (default notebooks/figures/)
  DYAD_BIN        the dyad binary used to make a default dataset (default: `dyad` on PATH,
                  else target/release/dyad)
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import matplotlib.pyplot as plt
import polars as pl

NOTEBOOKS = Path(__file__).resolve().parent
REPO = NOTEBOOKS.parent
TABLES = ("articles", "sentences", "entities", "events")

# CAMEO quad classes (events.quad_class).
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


def dyad_binary() -> str:
    """The dyad binary: $DYAD_BIN, else `dyad` on PATH, else this checkout's release build."""
    if os.environ.get("DYAD_BIN"):
        return os.environ["DYAD_BIN"]
    if shutil.which("dyad"):
        return shutil.which("dyad")
    built = REPO / "target" / "release" / "dyad"
    if built.exists():
        return str(built)
    raise FileNotFoundError(
        "no dyad binary found: set DYAD_BIN, install dyad (cargo install --path .) "
        "or build it (cargo build --release)")


def dataset(env_var: str = "DYAD_DATASET", default_name: str = "sample", batch_args: tuple = ()) -> Path:
    """The dataset directory named by $env_var; unset, notebooks/data/<default_name>, which
    `dyad batch corpus/ <batch_args>` writes the first time (delete it to rebuild)."""
    given = os.environ.get(env_var)
    if given:
        path = Path(given).expanduser()
        if not (path / "manifest.json").exists():
            raise FileNotFoundError(f"{env_var}={given}: no manifest.json there; "
                                    "point it at a directory written by `dyad batch --out DIR`")
        return path
    path = NOTEBOOKS / "data" / default_name
    if not (path / "manifest.json").exists():
        cmd = [dyad_binary(), "batch", str(REPO / "corpus"), "--out", str(path),
               "--overwrite", "--allow-failures", "--quiet", *batch_args]
        print("running:", " ".join(cmd))
        subprocess.run(cmd, check=True)
    return path


def manifest(ds: Path) -> dict:
    """The dataset's manifest.json: counts, models, inputs."""
    return json.loads((Path(ds) / "manifest.json").read_text())


def parquet_files(ds: Path, table: str) -> list[str]:
    """The part files of one table (also inside year=/month= folders of a partitioned dataset)."""
    files = sorted(str(p) for p in (Path(ds) / table).rglob("*.parquet"))
    if not files:
        raise FileNotFoundError(f"{ds}/{table}/ holds no Parquet files (was the dataset written with --format jsonl?)")
    return files


def read_table(ds: Path, table: str) -> pl.DataFrame:
    """One table of the dataset as a polars DataFrame."""
    return pl.read_parquet(parquet_files(ds, table), hive_partitioning=False)


def figures_dir() -> Path:
    path = Path(os.environ.get("DYAD_FIGURES", NOTEBOOKS / "figures"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(fig, name: str) -> Path:
    """Write the figure to <figures>/<name>.png (it still shows inline)."""
    path = figures_dir() / f"{name}.png"
    fig.savefig(path, dpi=120, bbox_inches="tight")
    print(f"saved {path}")
    return path


def note(ax, message: str) -> None:
    """Turn an empty plot area into a written note (e.g. 'no events yet')."""
    ax.set_xticks([])
    ax.set_yticks([])
    ax.text(0.5, 0.5, message, ha="center", va="center", wrap=True, fontsize=11, color="0.35",
            transform=ax.transAxes)


def placeholder(name: str, title: str, message: str):
    """A figure that only says why there is nothing to plot, saved like any other."""
    fig, ax = plt.subplots(figsize=(7, 2.5))
    ax.set_title(title)
    note(ax, message)
    save(fig, name)
    return fig


def country_colors(countries) -> dict:
    """A stable colour per country code (grey for none)."""
    names = sorted({c for c in countries if c})
    # tab20 without its two greys (grey means "no country"), then tab20b for more.
    palette = [plt.get_cmap("tab20")(i) for i in range(20) if i not in (14, 15)]
    palette += [plt.get_cmap("tab20b")(i) for i in range(20)]
    colors = {c: palette[i % len(palette)] for i, c in enumerate(names)}
    colors[None] = (0.7, 0.7, 0.7, 1.0)
    return colors


def stacked_bars(ax, df: pl.DataFrame, x: str, group: str, value: str, width: float, labels: dict | None = None,
                 align: str = "center") -> None:
    """Stacked bars of `value` per `x`, one colour per `group` (long-format DataFrame);
    align="edge" starts each bar at its x (a week bar from its Monday)."""
    xs = df[x].unique().sort().to_list()
    cmap = plt.get_cmap("tab10" if df[group].n_unique() <= 10 else "tab20")
    bottom = [0] * len(xs)
    for i, g in enumerate(df[group].unique().sort(nulls_last=True).to_list()):
        part = dict(df.filter(pl.col(group).eq_missing(g)).select(x, value).iter_rows())
        heights = [part.get(v, 0) for v in xs]
        label = (labels or {}).get(g, g)
        ax.bar(xs, heights, width=width, bottom=bottom, label="(none)" if label is None else str(label),
               color=cmap(i % cmap.N), align=align)
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.legend(fontsize=8, ncols=2 if df[group].n_unique() > 6 else 1)
