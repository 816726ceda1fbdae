//! Helpers shared by the integration tests: run the built `dyad`, read datasets back.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use polars::prelude::*;

pub fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> String {
    repo().join("tests/fixtures").join(rel).display().to_string()
}

pub fn run(args: &[&str]) -> Output {
    dyad().args(args).output().expect("dyad runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file with this extension under `dir`, sorted.
pub fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files(&p, ext));
            } else if p.extension().is_some_and(|e| e == ext) && !p.file_name().unwrap().to_string_lossy().starts_with('.') {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A table of a Parquet dataset as one DataFrame.
pub fn read_table(root: &Path, table: &str) -> DataFrame {
    let mut frames = files(&root.join(table), "parquet").into_iter().map(|p| {
        let f = std::fs::File::open(&p).unwrap();
        ParquetReader::new(f).finish().unwrap()
    });
    let mut df = frames.next().expect("at least one part file");
    for f in frames {
        df.vstack_mut(&f).unwrap();
    }
    df
}

pub fn strings(df: &DataFrame, col: &str) -> Vec<Option<String>> {
    df.column(col).unwrap().str().unwrap().iter().map(|s| s.map(str::to_string)).collect()
}

/// record → (status, error) of the `articles` table.
pub fn statuses(root: &Path) -> HashMap<String, (String, Option<String>)> {
    let df = read_table(root, "articles");
    let records = strings(&df, "record");
    let status = strings(&df, "status");
    let error = strings(&df, "error");
    records.into_iter().zip(status).zip(error).map(|((r, s), e)| (r.unwrap(), (s.unwrap(), e))).collect()
}

pub fn manifest(root: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(root.join("manifest.json")).unwrap()).unwrap()
}
