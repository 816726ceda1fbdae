//! The dataset manifest: what produced the dataset and what it holds. Each run writes
//! `_manifests/<shard>.json`; `manifest.json` at the root is the merged view, written by
//! an unsharded run or by `dyad merge-manifests` once every shard is complete.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, Result};
use crate::write::dataset::{list_markers, read_marker, write_json_atomically, Counts, Shard};
use crate::write::schema::SCHEMA_VERSION;

pub const MANIFEST_FILE: &str = "manifest.json";
pub const MANIFESTS_DIR: &str = "_manifests";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    pub dyad_version: String,
    /// When this manifest was written (RFC 3339, UTC).
    pub created: String,
    /// All records of the inputs are in the dataset (false if the run was interrupted).
    pub complete: bool,
    /// The shard this manifest covers; for a merged manifest, `index` is 0 and `count` the number merged.
    pub shard: Shard,
    pub merged: bool,
    pub format: String,
    /// `none` or `date` (Hive `year=/month=` directories).
    pub partition: String,
    pub inputs: Vec<String>,
    /// Stage name → model or rule-set version.
    pub models: BTreeMap<String, String>,
    pub counts: Counts,
    /// Committed chunks (each chunk is one part file per table and partition).
    pub chunks: usize,
    /// Seconds the last run took, and whether it resumed an earlier one.
    pub elapsed_seconds: f64,
    pub resumed: bool,
}

impl Manifest {
    pub fn write(&self, root: &Path) -> Result<()> {
        let dir = root.join(MANIFESTS_DIR);
        fs::create_dir_all(&dir).at(&dir)?;
        write_json_atomically(&dir.join(format!("{}.json", self.shard.tag())), self)?;
        if self.shard.count == 1 {
            write_json_atomically(&root.join(MANIFEST_FILE), self)?;
        }
        Ok(())
    }

    pub fn read(path: &Path) -> Result<Manifest> {
        let bytes = fs::read(path).at(path)?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Dataset(format!("{}: not a dyad manifest: {e}", path.display())))
    }
}

/// The outcome of checking a sharded dataset.
#[derive(Debug)]
pub struct MergeReport {
    pub manifest: Manifest,
    pub shards_found: usize,
    pub problems: Vec<String>,
}

/// Checks that every shard of the dataset at `root` is present and complete and that
/// no record was written twice, then writes the merged `manifest.json` (only when there
/// are no problems).
pub fn merge_manifests(root: &Path) -> Result<MergeReport> {
    let dir = root.join(MANIFESTS_DIR);
    let mut shards = Vec::new();
    if dir.is_dir() {
        for entry in fs::read_dir(&dir).at(&dir)? {
            let path = entry.at(&dir)?.path();
            if path.extension().is_some_and(|e| e == "json") && !path.file_name().and_then(|n| n.to_str()).unwrap_or("").starts_with('.') {
                shards.push(Manifest::read(&path)?);
            }
        }
    }
    if shards.is_empty() {
        return Err(Error::Dataset(format!("{}: no shard manifests in {MANIFESTS_DIR}/ (is this a dyad dataset?)", root.display())));
    }
    shards.sort_by_key(|m| m.shard.index);
    let mut problems = Vec::new();
    let count = shards[0].shard.count;
    for m in &shards {
        if m.shard.count != count {
            problems.push(format!("shard {} was run as one of {} shards, others of {count}", m.shard.index, m.shard.count));
        }
        if m.schema_version != SCHEMA_VERSION {
            problems.push(format!("shard {} has schema version {}, this dyad writes {SCHEMA_VERSION}", m.shard.index, m.schema_version));
        }
        if !m.complete {
            problems.push(format!("shard {} did not finish: rerun it with --resume", m.shard.index));
        }
    }
    let present: HashSet<u32> = shards.iter().map(|m| m.shard.index).collect();
    for i in 0..count {
        if !present.contains(&i) {
            problems.push(format!("shard {i}/{count} is missing: run it (dyad batch ... --shard {i}/{count})"));
        }
    }
    // Exactly once: no record in two committed chunks; totals agree with the journal.
    let mut seen = HashSet::new();
    let mut journal = Counts::default();
    for path in list_markers(root, None)? {
        let marker = read_marker(&path)?;
        for r in &marker.records {
            if !seen.insert(r.clone()) {
                problems.push(format!("record {r} was written twice (second time in {})", path.display()));
            }
        }
        for part in &marker.parts {
            if !root.join(part).exists() {
                problems.push(format!("part file {part} is missing"));
            }
        }
        journal.add(&marker.counts);
    }
    let mut total = Counts::default();
    for m in &shards {
        total.add(&m.counts);
    }
    if total != journal {
        problems.push(format!("shard manifests count {} articles, the journal {}", total.articles, journal.articles));
    }
    let first = &shards[0];
    let mut models = BTreeMap::new();
    let mut inputs = Vec::new();
    for m in &shards {
        models.extend(m.models.clone());
        for i in &m.inputs {
            if !inputs.contains(i) {
                inputs.push(i.clone());
            }
        }
    }
    let manifest = Manifest {
        schema_version: first.schema_version,
        dyad_version: env!("CARGO_PKG_VERSION").to_string(),
        created: chrono::Utc::now().to_rfc3339(),
        complete: problems.is_empty(),
        shard: Shard { index: 0, count },
        merged: true,
        format: first.format.clone(),
        partition: first.partition.clone(),
        inputs,
        models,
        counts: total,
        chunks: shards.iter().map(|m| m.chunks).sum(),
        elapsed_seconds: shards.iter().map(|m| m.elapsed_seconds).fold(0.0, f64::max),
        resumed: shards.iter().any(|m| m.resumed),
    };
    if problems.is_empty() {
        write_json_atomically(&root.join(MANIFEST_FILE), &manifest)?;
    }
    Ok(MergeReport { manifest, shards_found: shards.len(), problems })
}
