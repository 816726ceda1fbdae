//! `dyad eval ...`: scores printed as a table or JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;

use dyad::eval::sentences::{read_conll, read_conllu, score, Layout};

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
                s.gold,
                s.predicted,
                s.precision,
                s.recall,
                s.f1
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
