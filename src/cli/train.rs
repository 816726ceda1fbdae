//! `dyad train ...`: the commands that produce the shipped models.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use dyad::eval::conll::read_conll;
use dyad::tag::perceptron::train::{train, TrainOptions};
use dyad::tag::perceptron::ModelMeta;

#[derive(Subcommand, Debug)]
pub enum TrainCommand {
    /// Train the perceptron entity tagger on CoNLL-2003-style files.
    Ner(NerArgs),
}

#[derive(Args, Debug)]
pub struct NerArgs {
    /// Training file (CoNLL columns, word first, IOB tag last).
    #[arg(long)]
    pub train: PathBuf,
    /// Development file: the epoch with the best F1 here is kept.
    #[arg(long)]
    pub dev: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "models/ner/perceptron-conll.bin")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(cmd: TrainCommand) -> Result<ExitCode> {
    match cmd {
        TrainCommand::Ner(args) => ner(args),
    }
}

fn ner(args: NerArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let train_docs = read_conll(&args.train)?;
    let dev_docs = read_conll(&args.dev)?;
    eprintln!(
        "train: {} documents, {} sentences; dev: {} documents",
        train_docs.len(),
        train_docs.iter().map(Vec::len).sum::<usize>(),
        dev_docs.len()
    );
    let meta = ModelMeta {
        name: "perceptron-conll".into(),
        version: format!("perceptron-conll-{}", env!("CARGO_PKG_VERSION")),
        seed: args.seed,
        train_file: file_name(&args.train),
        dev_file: file_name(&args.dev),
        gazetteer: dyad::tag::gazetteer::Gazetteer::builtin().version(),
        clusters: dyad::tag::clusters::version(),
        trained: chrono::Utc::now().format("%Y-%m-%d").to_string(),
        ..ModelMeta::default()
    };
    let options = TrainOptions { epochs: args.epochs, seed: args.seed, ..TrainOptions::default() };
    let model = train(&train_docs, &dev_docs, &options, meta, |line| eprintln!("{line}"));
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "kept epoch {} (dev F1 {:.4}); {} features; wrote {} ({:.1} MB) in {:.0} s",
        model.meta.best_epoch,
        model.meta.dev_f1,
        model.feature_count(),
        args.out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
