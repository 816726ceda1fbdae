//! `dyad batch` and `dyad merge-manifests`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use dyad::batch::{run_batch, BatchOptions};
use dyad::doc::{InputFormat, Outcome};
use dyad::read::{expand_inputs, format_from_name, Reader, Source};
use dyad::write::schema::SCHEMA_VERSION;
use dyad::write::{merge_manifests, DatasetOptions, DatasetWriter, Manifest, OutputFormat, Shard};

use super::{BatchArgs, OutputFormatArg, PartitionArg};

/// Pipeline workers. With the transformer, workers mostly wait for its one inference
/// thread (which uses --threads cores); more of them than cores give it more articles'
/// sentences to sort by length and batch at once.
fn batch_workers(args: &BatchArgs) -> usize {
    use super::NerArg;
    let cores = if args.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { args.threads };
    match args.models.ner {
        NerArg::Transformer | NerArg::TransformerPerceptron => cores * 4,
        _ => args.threads,
    }
}

pub fn run(args: BatchArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let shard = match &args.shard {
        Some(s) => Shard::parse(s)?,
        None => Shard::default(),
    };
    if args.chunk_articles == 0 {
        bail!("--chunk-articles must be at least 1");
    }
    let options = DatasetOptions {
        format: if args.format == OutputFormatArg::Jsonl { OutputFormat::Jsonl } else { OutputFormat::Parquet },
        partition_by_date: args.partition == PartitionArg::Date,
        shard,
        resume: args.resume,
        overwrite: args.overwrite,
        chunk_articles: args.chunk_articles,
        tokens: args.tokens,
        ..DatasetOptions::default()
    };
    let (mut writer, resumed) = DatasetWriter::open(&args.out, options.clone()).with_context(|| format!("cannot use {} as the output", args.out.display()))?;
    let sources = expand_inputs(&args.inputs);
    let read_options = args.input.read_options();
    let pipeline = args.models.pipeline_threads(args.threads)?;
    let workers = batch_workers(&args);

    let progress = progress_bar(args.quiet, shard, resumed.done.len(), &sources, read_options.format);
    let mut run_failed = 0u64;
    let skipped = run_batch(&pipeline, Reader::new(sources, read_options), &BatchOptions { threads: workers, shard }, &resumed.done, |outcome| {
        if let Outcome::Failed(f) = &outcome {
            run_failed += 1;
            progress.suspend(|| eprintln!("dyad: failed: {f}"));
        } else if let Outcome::Done(doc) = &outcome {
            for w in &doc.article.warnings {
                progress.suspend(|| eprintln!("dyad: warning: {}: {w}", doc.article.origin.locator()));
            }
        }
        progress.inc(1);
        writer.push(&outcome)
    })?;
    let (counts, chunks) = writer.finish()?;
    progress.finish_and_clear();

    let elapsed = started.elapsed().as_secs_f64();
    let manifest = Manifest {
        schema_version: SCHEMA_VERSION,
        dyad_version: env!("CARGO_PKG_VERSION").to_string(),
        created: chrono::Utc::now().to_rfc3339(),
        complete: true,
        shard,
        merged: false,
        format: format!("{:?}", options.format).to_lowercase(),
        partition: if options.partition_by_date { "date".into() } else { "none".into() },
        inputs: args.inputs.clone(),
        models: pipeline.versions(),
        counts: counts.clone(),
        chunks,
        elapsed_seconds: elapsed,
        resumed: !resumed.done.is_empty(),
    };
    manifest.write(&args.out)?;

    if !args.quiet {
        let this_run = counts.articles - resumed.counts.articles;
        let words_run = counts.words - resumed.counts.words;
        eprintln!(
            "dyad: {} articles ({} ok, {} failed) · {} sentences · {} entities · {} events → {}",
            counts.articles,
            counts.articles_ok,
            counts.articles_failed,
            counts.sentences,
            counts.entities,
            counts.events,
            args.out.display()
        );
        eprintln!(
            "dyad: this run: {this_run} articles in {elapsed:.1} s ({:.0} articles/s, {:.0} words/s){}{}",
            this_run as f64 / elapsed.max(1e-9),
            words_run as f64 / elapsed.max(1e-9),
            if resumed.done.is_empty() { String::new() } else { format!("; {} already done before --resume", skipped.already_done) },
            if shard.count > 1 { format!("; {} belong to other shards", skipped.other_shards) } else { String::new() },
        );
    }
    Ok(if counts.articles_failed > 0 && !args.allow_failures { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A progress bar on a terminal; hidden otherwise. The total is counted in the
/// background for plain files, where that is cheap.
fn progress_bar(quiet: bool, shard: Shard, resumed: usize, sources: &[Source], forced: Option<InputFormat>) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos}{msg} articles · {per_sec} · {elapsed_precise} elapsed, ETA {eta}").unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    if shard.count == 1 && resumed == 0 {
        let sources = sources.to_vec();
        let bar2 = bar.clone();
        std::thread::spawn(move || {
            if let Some(total) = count_records(&sources, forced) {
                bar2.set_length(total);
                bar2.set_message(format!("/{total}"));
                bar2.set_style(
                    ProgressStyle::with_template("{bar:30} {pos}/{len} articles · {per_sec} · ETA {eta}").unwrap_or_else(|_| ProgressStyle::default_bar()),
                );
            }
        });
    }
    bar
}

/// Records in the inputs when countable without decompressing or parsing.
fn count_records(sources: &[Source], forced: Option<InputFormat>) -> Option<u64> {
    let mut total = 0;
    for s in sources {
        match s {
            Source::Missing { .. } => total += 1,
            Source::Stdin => return None,
            Source::File { path, name } => {
                if name.ends_with(".gz") {
                    return None;
                }
                match forced.or_else(|| format_from_name(name)) {
                    Some(InputFormat::Text) => total += 1,
                    Some(InputFormat::Jsonl) => {
                        let bytes = std::fs::read(path).ok()?;
                        total += bytes.split(|&b| b == b'\n').filter(|l| l.iter().any(|b| !b.is_ascii_whitespace())).count() as u64;
                    }
                    _ => return None,
                }
            }
        }
    }
    Some(total)
}

pub fn merge(dir: &Path) -> Result<ExitCode> {
    let report = merge_manifests(dir)?;
    let m = &report.manifest;
    if report.problems.is_empty() {
        println!(
            "{}: complete: {} shard(s), {} articles ({} ok, {} failed), {} entities, {} events; wrote manifest.json",
            dir.display(),
            report.shards_found,
            m.counts.articles,
            m.counts.articles_ok,
            m.counts.articles_failed,
            m.counts.entities,
            m.counts.events
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for p in &report.problems {
            eprintln!("dyad: {}: {p}", dir.display());
        }
        eprintln!("dyad: {}: incomplete ({} problem(s)); manifest.json not written", dir.display(), report.problems.len());
        Ok(ExitCode::from(1))
    }
}
