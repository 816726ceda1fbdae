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
    /// Train the part-of-speech tagger and the lemmatizer on CoNLL-U (UD) files.
    Pos(PosArgs),
    /// Train the dependency parser on CoNLL-U (UD) files, over the tagger's own tags.
    Parse(ParseArgs),
}

#[derive(Args, Debug)]
pub struct PosArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    pub train: PathBuf,
    /// Development treebank: the epoch with the best UPOS accuracy here is kept.
    #[arg(long)]
    pub dev: PathBuf,
    /// Directory to write pos-ewt.bin and lemmas-ewt.tsv into.
    #[arg(long, default_value = "models/syntax")]
    pub out_dir: PathBuf,
    #[arg(long, default_value_t = 10)]
    pub epochs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[derive(Args, Debug)]
pub struct ParseArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long)]
    pub train: PathBuf,
    /// Development treebank: the epoch with the best LAS here is kept.
    #[arg(long)]
    pub dev: PathBuf,
    /// The tagger whose tags the parser learns from and is scored on (as in the pipeline).
    #[arg(long, default_value = "models/syntax/pos-ewt.bin")]
    pub pos: PathBuf,
    /// Train on tags from taggers trained on the other folds of the training set
    /// (jackknifing, K folds), so training tags are as noisy as at run time; 0: the
    /// tagger's own tags of the training set.
    #[arg(long, default_value_t = 0)]
    pub jackknife: usize,
    /// Train and score on the treebank's gold tags instead (an upper bound, for
    /// diagnosis; the pipeline never has gold tags).
    #[arg(long)]
    pub gold_tags: bool,
    /// Drop averaged weights smaller than this (a smaller, faster model).
    #[arg(long, default_value_t = 1e-3)]
    pub min_weight: f32,
    /// Drop features updated fewer times than this during training.
    #[arg(long, default_value_t = 1)]
    pub min_updates: u32,
    /// Where to write the parser.
    #[arg(long, default_value = "models/syntax/parser-ewt.bin")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 15)]
    pub epochs: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
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
        TrainCommand::Pos(args) => pos(args),
        TrainCommand::Parse(args) => parse(args),
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

fn today() -> String {
    chrono::Utc::now().format("%Y-%m-%d").to_string()
}

fn pos(args: PosArgs) -> Result<ExitCode> {
    use dyad::syntax::{conllu::read_conllu, lemma::Lemmatizer, pos};
    let started = Instant::now();
    let train_set = read_conllu(&args.train)?;
    let dev_set = read_conllu(&args.dev)?;
    eprintln!("train: {} sentences; dev: {} sentences", train_set.len(), dev_set.len());
    let meta = pos::PosMeta {
        name: "pos-ewt".into(),
        version: format!("pos-ewt-{}", env!("CARGO_PKG_VERSION")),
        seed: args.seed,
        train_file: file_name(&args.train),
        dev_file: file_name(&args.dev),
        clusters: dyad::tag::clusters::version(),
        trained: today(),
        ..Default::default()
    };
    let options = pos::PosTrainOptions { epochs: args.epochs, seed: args.seed };
    let tagger = pos::train_pos(&train_set, &dev_set, &options, meta, |line| eprintln!("{line}"));
    let words = train_set.iter().flat_map(|s| s.words.iter().map(|w| (w.form.as_str(), w.upos.as_str(), w.lemma.as_str())));
    let lemmas = Lemmatizer::learn(words);
    std::fs::create_dir_all(&args.out_dir).with_context(|| format!("creating {}", args.out_dir.display()))?;
    let pos_path = args.out_dir.join("pos-ewt.bin");
    let lemma_path = args.out_dir.join("lemmas-ewt.tsv");
    tagger.save(&pos_path)?;
    std::fs::write(&lemma_path, lemmas.to_tsv()).with_context(|| format!("writing {}", lemma_path.display()))?;
    let size = std::fs::metadata(&pos_path).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "kept epoch {} (dev UPOS {:.4}, XPOS {:.4}); {} tags, {} features; {} lemma rules, {} exceptions; wrote {} ({:.1} MB) and {} in {:.0} s",
        tagger.meta.best_epoch,
        tagger.meta.dev_upos,
        tagger.meta.dev_xpos,
        tagger.tag_count(),
        tagger.meta.features,
        lemmas.rule_count(),
        lemmas.exception_count(),
        pos_path.display(),
        size as f64 / 1e6,
        lemma_path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

fn parse(args: ParseArgs) -> Result<ExitCode> {
    use dyad::syntax::{conllu::{read_conllu, Sentence}, parser, pos};
    let started = Instant::now();
    let train_set = read_conllu(&args.train)?;
    let dev_set = read_conllu(&args.dev)?;
    let tagger = pos::PosTagger::load(&args.pos)?;
    eprintln!("train: {} sentences; dev: {} sentences; tags from {}", train_set.len(), dev_set.len(), tagger.meta.version);
    let gold_tags = args.gold_tags;
    let tag_with = |t: &pos::PosTagger, s: &Sentence| -> Vec<String> {
        if gold_tags {
            return s.words.iter().map(|w| format!("{}/{}", w.upos, w.xpos)).collect();
        }
        let words: Vec<pos::WordInfo> = s.words.iter().map(|w| pos::WordInfo::of(&w.form)).collect();
        t.tag_indices(&words).into_iter().map(|i| t.meta.tags[i].clone()).collect()
    };
    let mut train_tags: Vec<Vec<String>> = train_set.iter().map(|s| tag_with(&tagger, s)).collect();
    if args.jackknife > 1 && !gold_tags {
        let k = args.jackknife;
        for fold in 0..k {
            let rest: Vec<Sentence> = train_set.iter().enumerate().filter(|(i, _)| i % k != fold).map(|(_, s)| s.clone()).collect();
            let options = pos::PosTrainOptions { epochs: tagger.meta.best_epoch.max(1), seed: args.seed };
            let fold_tagger = pos::train_pos(&rest, &[], &options, tagger.meta.clone(), |_| {});
            for (i, s) in train_set.iter().enumerate().filter(|(i, _)| i % k == fold) {
                train_tags[i] = tag_with(&fold_tagger, s);
            }
            eprintln!("jackknife fold {}/{k} tagged", fold + 1);
        }
    }
    let example = |s: &Sentence, tags: Vec<String>| parser::ParseExample {
        input: parser::ParserInput::new(&s.words.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), &tags.iter().map(String::as_str).collect::<Vec<_>>()),
        heads: s.words.iter().map(|w| w.head).collect(),
        labels: s.words.iter().map(|w| w.deprel.clone()).collect(),
    };
    let train_data: Vec<parser::ParseExample> = train_set.iter().zip(train_tags).map(|(s, t)| example(s, t)).collect();
    let dev_data: Vec<parser::ParseExample> = dev_set.iter().map(|s| example(s, tag_with(&tagger, s))).collect();
    let meta = parser::ParserMeta {
        name: "parser-ewt".into(),
        version: format!("parser-ewt-{}", env!("CARGO_PKG_VERSION")),
        seed: args.seed,
        train_file: file_name(&args.train),
        dev_file: file_name(&args.dev),
        train_tags: if gold_tags {
            "gold".into()
        } else if args.jackknife > 1 { format!("{} jackknifed x{}", tagger.meta.version, args.jackknife) } else { tagger.meta.version.clone() },
        trained: today(),
        ..Default::default()
    };
    let options = parser::ParseTrainOptions { epochs: args.epochs, seed: args.seed, min_weight: args.min_weight, min_updates: args.min_updates, ..Default::default() };
    let model = parser::train_parser(&train_data, &dev_data, &options, meta, |line| eprintln!("{line}"));
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    model.save(&args.out)?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "kept epoch {} (dev UAS {:.4}, LAS {:.4}); {} labels, {} features; wrote {} ({:.1} MB) in {:.0} s",
        model.meta.best_epoch,
        model.meta.dev_uas,
        model.meta.dev_las,
        model.meta.labels.len(),
        model.meta.features,
        args.out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
