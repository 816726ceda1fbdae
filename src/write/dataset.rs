//! A dataset directory: `articles/`, `sentences/`, `entities/`, `events/` as part files,
//! `_journal/` (one commit marker per chunk) and the manifest.
//!
//! Commit protocol, so that a run killed at any instant can be resumed with every
//! article exactly once: a chunk's part files are written under hidden temporary names,
//! then its marker (parts + record keys) is renamed into `_journal/` — the commit point —
//! then the parts are renamed to their final names. On resume, committed markers are
//! rolled forward (any part still under its temporary name is renamed), uncommitted
//! temporaries are deleted, and the records named in markers are skipped.
//! Part names carry the shard and a run id, so shards and reruns never collide.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::Datelike;
use polars::prelude::{ParquetCompression, ParquetWriter};
use serde::{Deserialize, Serialize};

use crate::doc::Outcome;
use crate::error::{Error, IoContext, Result};
use crate::write::schema::TableSet;
use crate::write::table::TableBuilder;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    Parquet,
    Jsonl,
}

impl OutputFormat {
    fn extension(&self) -> &'static str {
        match self {
            OutputFormat::Parquet => "parquet",
            OutputFormat::Jsonl => "jsonl",
        }
    }
}

/// This process's slice of the input: records whose article id hashes to `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

impl Shard {
    /// Parses `I/N` with 0 <= I < N.
    pub fn parse(s: &str) -> Result<Shard> {
        let bad = || Error::Usage(format!("--shard {s:?}: expected I/N with 0 <= I < N, e.g. 3/8"));
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u32, u32) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }

    /// Whether this shard owns `article_id` (xxh3, stable across runs and machines).
    pub fn owns(&self, article_id: &str) -> bool {
        self.count == 1 || xxhash_rust::xxh3::xxh3_64(article_id.as_bytes()) % self.count as u64 == self.index as u64
    }

    /// Tag in file names: `s3of8`.
    pub fn tag(&self) -> String {
        format!("s{}of{}", self.index, self.count)
    }
}

#[derive(Debug, Clone)]
pub struct DatasetOptions {
    pub format: OutputFormat,
    /// Hive-partition parts by publication date (`year=YYYY/month=M`).
    pub partition_by_date: bool,
    pub shard: Shard,
    pub resume: bool,
    pub overwrite: bool,
    /// A chunk (one commit) holds at most this many articles ...
    pub chunk_articles: usize,
    /// ... and at most about this many bytes of article text.
    pub chunk_bytes: usize,
    /// Parquet row-group size bound.
    pub row_group_rows: usize,
    /// Also write the `tokens` table.
    pub tokens: bool,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            format: OutputFormat::Parquet,
            partition_by_date: false,
            shard: Shard::default(),
            resume: false,
            overwrite: false,
            chunk_articles: 5000,
            chunk_bytes: 64 << 20,
            row_group_rows: 100_000,
            tokens: false,
        }
    }
}

/// Row counts of a chunk, a run or a dataset.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub articles: u64,
    pub articles_ok: u64,
    pub articles_failed: u64,
    pub articles_with_warnings: u64,
    pub sentences: u64,
    pub tokens: u64,
    pub words: u64,
    pub entities: u64,
    pub events: u64,
}

impl Counts {
    pub fn add(&mut self, o: &Counts) {
        self.articles += o.articles;
        self.articles_ok += o.articles_ok;
        self.articles_failed += o.articles_failed;
        self.articles_with_warnings += o.articles_with_warnings;
        self.sentences += o.sentences;
        self.tokens += o.tokens;
        self.words += o.words;
        self.entities += o.entities;
        self.events += o.events;
    }

    pub fn count(&mut self, outcome: &Outcome) {
        self.articles += 1;
        match outcome {
            Outcome::Done(doc) => {
                self.articles_ok += 1;
                self.articles_with_warnings += u64::from(!doc.article.warnings.is_empty());
                self.sentences += doc.sentences.len() as u64;
                self.tokens += doc.tokens.len() as u64;
                self.words += doc.word_count() as u64;
                self.entities += doc.entities.len() as u64;
                self.events += doc.events.len() as u64;
            }
            Outcome::Failed(_) => self.articles_failed += 1,
        }
    }
}

/// A committed chunk, as stored in `_journal/`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChunkMarker {
    pub shard: Shard,
    /// Part files, relative to the dataset root.
    pub parts: Vec<String>,
    /// Record keys of the articles in the chunk.
    pub records: Vec<String>,
    pub counts: Counts,
}

pub const JOURNAL_DIR: &str = "_journal";
pub const TABLE_DIRS: [&str; 4] = ["articles", "sentences", "entities", "events"];
const HIVE_NULL: &str = "__HIVE_DEFAULT_PARTITION__";

/// What an existing dataset already holds for this shard.
#[derive(Debug, Default)]
pub struct Resumed {
    pub done: HashSet<String>,
    pub counts: Counts,
    pub chunks: usize,
}

pub struct DatasetWriter {
    root: PathBuf,
    options: DatasetOptions,
    tag: String,
    run: String,
    seq: u32,
    pending: BTreeMap<String, TableSet>,
    pending_records: Vec<String>,
    pending_counts: Counts,
    pending_bytes: usize,
    committed: Counts,
    chunks: usize,
}

impl DatasetWriter {
    /// Opens `root` for this shard. Without `resume` or `overwrite`, a dataset that
    /// already holds output of this shard is an error rather than silently mixed.
    pub fn open(root: &Path, options: DatasetOptions) -> Result<(DatasetWriter, Resumed)> {
        let tag = options.shard.tag();
        fs::create_dir_all(root.join(JOURNAL_DIR)).at(root)?;
        let markers = list_markers(root, Some(&tag))?;
        let mut resumed = Resumed::default();
        if !markers.is_empty() {
            if options.overwrite {
                remove_shard_files(root, &tag)?;
            } else if options.resume {
                for path in &markers {
                    let marker = read_marker(path)?;
                    roll_forward(root, &marker)?;
                    resumed.counts.add(&marker.counts);
                    resumed.done.extend(marker.records);
                    resumed.chunks += 1;
                }
            } else {
                return Err(Error::Usage(format!(
                    "{} already holds a dataset (shard {}/{}): use --resume to finish it or --overwrite to replace it",
                    root.display(),
                    options.shard.index,
                    options.shard.count
                )));
            }
        }
        remove_stray_temporaries(root, &tag)?;
        let run = run_id();
        let writer = DatasetWriter {
            root: root.to_path_buf(),
            tag,
            run,
            seq: 0,
            pending: BTreeMap::new(),
            pending_records: Vec::new(),
            pending_counts: Counts::default(),
            pending_bytes: 0,
            committed: resumed.counts.clone(),
            chunks: resumed.chunks,
            options,
        };
        Ok((writer, resumed))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Counts of everything committed so far, earlier runs included.
    pub fn committed(&self) -> &Counts {
        &self.committed
    }

    /// Buffers one record; commits a chunk when the buffer is full.
    pub fn push(&mut self, outcome: &Outcome) -> Result<()> {
        let partition = self.partition_of(outcome);
        let tokens = self.options.tokens;
        self.pending.entry(partition).or_insert_with(|| TableSet::new(tokens)).push(outcome);
        self.pending_records.push(outcome.origin().key.clone());
        self.pending_counts.count(outcome);
        if let Outcome::Done(doc) = outcome {
            self.pending_bytes += doc.article.text.len() * 2 + doc.tokens.len() * 8;
        }
        if self.pending_records.len() >= self.options.chunk_articles || self.pending_bytes >= self.options.chunk_bytes {
            self.flush()?;
        }
        Ok(())
    }

    fn partition_of(&self, outcome: &Outcome) -> String {
        if !self.options.partition_by_date {
            return String::new();
        }
        match outcome {
            Outcome::Done(doc) => match doc.article.published {
                Some(d) => format!("year={}/month={}", d.year(), d.month()),
                None => format!("year={HIVE_NULL}/month={HIVE_NULL}"),
            },
            Outcome::Failed(_) => format!("year={HIVE_NULL}/month={HIVE_NULL}"),
        }
    }

    /// Commits the buffered records as one chunk.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending_records.is_empty() {
            return Ok(());
        }
        self.seq += 1;
        let name = format!("part-{}-{}-{:05}.{}", self.tag, self.run, self.seq, self.options.format.extension());
        let mut parts = Vec::new();
        let mut renames = Vec::new();
        for (partition, set) in std::mem::take(&mut self.pending) {
            for table in set.tables() {
                let rel = Path::new(table.spec().name).join(&partition).join(&name);
                let dir = self.root.join(&rel).parent().map(Path::to_path_buf).unwrap_or_else(|| self.root.clone());
                fs::create_dir_all(&dir).at(&dir)?;
                let tmp = dir.join(temp_name(&name));
                self.write_table(table, &tmp)?;
                renames.push((tmp, self.root.join(&rel)));
                parts.push(rel.to_string_lossy().into_owned());
            }
        }
        let marker = ChunkMarker {
            shard: self.options.shard,
            parts,
            records: std::mem::take(&mut self.pending_records),
            counts: std::mem::take(&mut self.pending_counts),
        };
        let marker_path = self.root.join(JOURNAL_DIR).join(format!("chunk-{}-{}-{:05}.json", self.tag, self.run, self.seq));
        write_json_atomically(&marker_path, &marker)?;
        for (tmp, fin) in renames {
            fs::rename(&tmp, &fin).at(&fin)?;
        }
        self.committed.add(&marker.counts);
        self.pending_bytes = 0;
        self.chunks += 1;
        Ok(())
    }

    fn write_table(&self, table: &TableBuilder, path: &Path) -> Result<()> {
        let fail = |message: String| Error::Write { path: path.to_path_buf(), message };
        let file = fs::File::create(path).at(path)?;
        match self.options.format {
            OutputFormat::Parquet => {
                let mut df = table.to_dataframe().map_err(|e| fail(e.to_string()))?;
                ParquetWriter::new(file)
                    .with_compression(ParquetCompression::Zstd(None))
                    .with_row_group_size(Some(self.options.row_group_rows))
                    .finish(&mut df)
                    .map_err(|e| fail(e.to_string()))?;
            }
            OutputFormat::Jsonl => {
                let mut out = BufWriter::new(file);
                for row in table.json_rows() {
                    serde_json::to_writer(&mut out, &row).map_err(|e| fail(e.to_string()))?;
                    out.write_all(b"\n").at(path)?;
                }
                out.flush().at(path)?;
            }
        }
        Ok(())
    }

    /// Commits what is buffered and returns the counts of the whole dataset (this shard).
    pub fn finish(mut self) -> Result<(Counts, usize)> {
        self.flush()?;
        Ok((self.committed, self.chunks))
    }
}

fn temp_name(final_name: &str) -> String {
    format!(".{final_name}.tmp")
}

fn run_id() -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let h = xxhash_rust::xxh3::xxh3_64(format!("{nanos}-{}", std::process::id()).as_bytes());
    format!("{:08x}", h as u32)
}

/// Writes JSON to a temporary name and renames it into place.
pub fn write_json_atomically<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let tmp = path.with_file_name(format!(".{}.tmp", path.file_name().and_then(|n| n.to_str()).unwrap_or("file")));
    let json = serde_json::to_vec_pretty(value).map_err(|e| Error::Write { path: path.to_path_buf(), message: e.to_string() })?;
    fs::write(&tmp, json).at(&tmp)?;
    fs::rename(&tmp, path).at(path)
}

/// Committed markers in `_journal/`, of one shard tag or all.
pub fn list_markers(root: &Path, tag: Option<&str>) -> Result<Vec<PathBuf>> {
    let dir = root.join(JOURNAL_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in fs::read_dir(&dir).at(&dir)? {
        let path = entry.at(&dir)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let ours = tag.is_none_or(|t| name.starts_with(&format!("chunk-{t}-")));
        if ours && name.starts_with("chunk-") && name.ends_with(".json") {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

pub fn read_marker(path: &Path) -> Result<ChunkMarker> {
    let bytes = fs::read(path).at(path)?;
    serde_json::from_slice(&bytes).map_err(|e| Error::Dataset(format!("{}: unreadable journal entry: {e}", path.display())))
}

/// Finishes the renames of a committed chunk.
fn roll_forward(root: &Path, marker: &ChunkMarker) -> Result<()> {
    for part in &marker.parts {
        let fin = root.join(part);
        if fin.exists() {
            continue;
        }
        let name = fin.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let tmp = fin.with_file_name(temp_name(&name));
        if tmp.exists() {
            fs::rename(&tmp, &fin).at(&fin)?;
        } else {
            return Err(Error::Dataset(format!("{}: committed part file is missing; the dataset was changed by hand", fin.display())));
        }
    }
    Ok(())
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir).at(dir)? {
        let path = entry.at(dir)?.path();
        if path.is_dir() {
            files_under(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn shard_files(root: &Path, tag: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for t in TABLE_DIRS {
        files_under(&root.join(t), &mut files)?;
    }
    let needle = format!("-{tag}-");
    files.retain(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains(&needle)));
    Ok(files)
}

fn remove_stray_temporaries(root: &Path, tag: &str) -> Result<()> {
    for f in shard_files(root, tag)? {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') && name.ends_with(".tmp") {
            fs::remove_file(&f).at(&f)?;
        }
    }
    Ok(())
}

fn remove_shard_files(root: &Path, tag: &str) -> Result<()> {
    for f in shard_files(root, tag)? {
        fs::remove_file(&f).at(&f)?;
    }
    for m in list_markers(root, Some(tag))? {
        fs::remove_file(&m).at(&m)?;
    }
    for m in [root.join(crate::write::manifest::MANIFESTS_DIR).join(format!("{tag}.json")), root.join(crate::write::manifest::MANIFEST_FILE)] {
        if m.exists() {
            fs::remove_file(&m).at(&m)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parsing_and_ownership() {
        assert_eq!(Shard::parse("2/4").unwrap(), Shard { index: 2, count: 4 });
        assert!(Shard::parse("4/4").is_err() && Shard::parse("x").is_err() && Shard::parse("0/0").is_err());
        let shards: Vec<Shard> = (0..4).map(|i| Shard { index: i, count: 4 }).collect();
        for id in ["a", "b", "conll03-train-0001", "x:17"] {
            assert_eq!(shards.iter().filter(|s| s.owns(id)).count(), 1);
        }
    }
}
