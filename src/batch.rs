//! The parallel batch runner: a reader thread → bounded queue → rayon workers running
//! the pipeline → bounded queue → the caller's sink (the dataset writer). Queues are
//! bounded, so memory stays flat however large the corpus is.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use crossbeam_channel::bounded;
use rayon::prelude::*;

use crate::doc::{Outcome, ReadFailure};
use crate::error::{Error, Result};
use crate::pipeline::Pipeline;
use crate::read::{Reader, Record};
use crate::write::Shard;

#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Worker threads (0: one per core).
    pub threads: usize,
    pub shard: Shard,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions { threads: 0, shard: Shard::default() }
    }
}

/// Records not processed by this run, by reason.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Owned by another shard.
    pub other_shards: u64,
    /// Already committed by an earlier run (`--resume`).
    pub already_done: u64,
}

/// Runs every record of `reader` through `pipeline` and hands each outcome to `sink`,
/// on the calling thread, in completion order. Records whose key is in `done` or whose
/// article id belongs to another shard are skipped. A sink error stops the run.
pub fn run_batch<F>(pipeline: &Pipeline, reader: Reader, options: &BatchOptions, done: &HashSet<String>, mut sink: F) -> Result<Skipped>
where
    F: FnMut(Outcome) -> Result<()>,
{
    let threads = if options.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { options.threads };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("dyad-worker-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} worker threads: {e}")))?;
    let (record_tx, record_rx) = bounded::<Record>(threads * 4);
    let (outcome_tx, outcome_rx) = bounded::<Outcome>(threads * 4);
    let stop = AtomicBool::new(false);
    let other_shards = AtomicU64::new(0);
    let already_done = AtomicU64::new(0);
    let shard = options.shard;

    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            for record in reader {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let (key, id) = match &record {
                    Ok(a) => (&a.origin.key, &a.article_id),
                    Err(f) => (&f.origin.key, &f.article_id),
                };
                if !shard.owns(id) {
                    other_shards.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                if done.contains(key) {
                    already_done.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                if record_tx.send(record).is_err() {
                    break;
                }
            }
            drop(record_tx);
        });
        scope.spawn(|| {
            pool.install(|| {
                record_rx.into_iter().par_bridge().for_each_with(outcome_tx, |tx, record| {
                    let _ = tx.send(process_record(pipeline, record));
                });
            });
        });
        let mut result = Ok(());
        for outcome in outcome_rx {
            if result.is_ok() {
                result = sink(outcome);
                if result.is_err() {
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
        result
    });
    result?;
    Ok(Skipped { other_shards: other_shards.into_inner(), already_done: already_done.into_inner() })
}

/// One record through the pipeline. A stage error or a panic fails this record only.
pub fn process_record(pipeline: &Pipeline, record: Record) -> Outcome {
    let article = match record {
        Ok(a) => a,
        Err(f) => return Outcome::Failed(f),
    };
    let (article_id, origin) = (article.article_id.clone(), article.origin.clone());
    let error = match catch_unwind(AssertUnwindSafe(|| pipeline.process(article))) {
        Ok(Ok(doc)) => return Outcome::Done(Box::new(doc)),
        Ok(Err(e)) => format!("stage {e}"),
        Err(panic) => {
            let msg = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
            format!("internal error (please report): {msg}")
        }
    };
    Outcome::Failed(ReadFailure { article_id, origin, error })
}
