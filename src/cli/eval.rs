//! `dyad eval ...`: scores printed as a table or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use dyad::eval::sentences::{read_conll, read_conllu, score, Layout};
use dyad::pipeline::Stage;
use dyad::tag::Tagger;

use super::ModelArgs;

#[derive(Args, Debug)]
pub struct NerArgs {
    /// Gold CoNLL file: word first, IOB1/IOB2 tag last, blank lines between sentences.
    #[arg(long)]
    pub conll: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print this many sentences with mistakes (missed gold, wrong predictions).
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Runs the tag stage (model and dictionary layers, as in the pipeline) on the gold
/// tokens and scores it strictly: GPE and LOC count as LOC, NORP as MISC.
pub fn ner(args: NerArgs) -> Result<ExitCode> {
    let docs = dyad::eval::conll::read_conll(&args.conll)?;
    let tagger = Tagger::from_config(&args.models.pipeline_config())?;
    if !tagger.has_model() {
        eprintln!("dyad: note: no entity model in this run; only dictionary layers tag");
    }
    let started = std::time::Instant::now();
    let score = dyad::eval::ner::score_conll(&docs, |doc| {
        // A stage error leaves the document untagged, which scores as misses.
        let _ = tagger.process(doc);
        std::mem::take(&mut doc.entities)
    });
    let secs = started.elapsed().as_secs_f64();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": args.conll, "model": tagger.version(), "score": score, "seconds": secs }))?);
    } else {
        println!("NER on {} ({} documents, {} sentences, {} tokens; {}; {:.0} tokens/s)", args.conll.display(), score.documents, score.sentences, score.tokens, tagger.version(), score.tokens as f64 / secs);
        println!("{:<8} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}", "label", "gold", "pred", "ok", "P", "R", "F1");
        for (label, p) in score.per_label.iter().chain(std::iter::once((&"overall".to_string(), &score.overall))) {
            println!("{:<8} {:>6} {:>6} {:>6} {:>7.4} {:>7.4} {:>7.4}", label, p.gold, p.predicted, p.correct, p.precision, p.recall, p.f1);
        }
    }
    for (sentence, missed, wrong) in score.errors.iter().take(args.show_errors) {
        println!("\n{sentence}\n  missed: {}\n  wrong:  {}", missed.join(" | "), wrong.join(" | "));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct SentencesArgs {
    /// Gold CoNLL-U file (UD): `# newdoc`, `# newpar` and `# text` lines.
    #[arg(long, conflicts_with = "conll")]
    pub conllu: Option<PathBuf>,
    /// Gold CoNLL-2003 file: blank lines between sentences, -DOCSTART- between documents.
    #[arg(long)]
    pub conll: Option<PathBuf>,
    /// Also print this many missed gold sentences (paragraph layout) with what was predicted.
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn sentences(args: SentencesArgs) -> Result<ExitCode> {
    let (docs, name) = match (&args.conllu, &args.conll) {
        (Some(p), _) => (read_conllu(p)?, p.display().to_string()),
        (None, Some(p)) => (read_conll(p)?, p.display().to_string()),
        (None, None) => bail!("give --conllu FILE or --conll FILE"),
    };
    let scores: Vec<_> = [Layout::Paragraphs, Layout::Running].iter().map(|l| score(&docs, *l)).collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": name, "scores": scores }))?);
    } else {
        println!("sentence split on {name} (exact sentence-span match)");
        println!("{:<11} {:>6} {:>7} {:>7} {:>7} {:>7} {:>7}", "layout", "docs", "gold", "pred", "P", "R", "F1");
        for s in &scores {
            println!(
                "{:<11} {:>6} {:>7} {:>7} {:>7.4} {:>7.4} {:>7.4}",
                format!("{:?}", s.layout).to_lowercase(),
                s.documents,
                s.score.gold,
                s.score.predicted,
                s.score.precision,
                s.score.recall,
                s.score.f1
            );
        }
    }
    for (gold, predicted) in scores[0].errors.iter().take(args.show_errors) {
        println!("\ngold: {gold}");
        for p in predicted {
            println!("pred: {p}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct WeaponsArgs {
    /// Gold JSONL: {"id", "text", "spans": [{"start_char", "end_char", "class"}]} per line.
    #[arg(long, default_value = "tests/fixtures/weapons_gold.jsonl")]
    pub gold: PathBuf,
    /// Extra weapon lexicon (TSV) added to the shipped one, as in `batch --weapons`.
    #[arg(long, value_name = "FILE")]
    pub weapons: Option<PathBuf>,
}

/// Weapon tagging against a gold set: exact-span P/R/F1, class accuracy, overlap F1.
pub fn weapons(args: WeaponsArgs) -> Result<ExitCode> {
    let mut lexicon = dyad::tag::weapons::WeaponLexicon::builtin();
    if let Some(path) = &args.weapons {
        lexicon.merge(dyad::tag::weapons::WeaponLexicon::load(path)?);
    }
    let score = dyad::eval::weapons::score_gold(&args.gold, &lexicon)?;
    println!("{}", serde_json::to_string_pretty(&score)?);
    Ok(ExitCode::SUCCESS)
}
