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
    if let Some(report) = tagger.model_report() {
        eprintln!("dyad: {report}");
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

#[derive(Args, Debug)]
pub struct ActorsArgs {
    /// Gold actor mentions (JSONL: id, date, text, actors [{text, code}]); default
    /// tests/fixtures/actors_gold.jsonl unless only --petrarch-records is given.
    #[arg(long)]
    pub gold: Option<PathBuf>,
    /// Also count how many source/target actor codes of PETRARCH2's unit-test records
    /// (PETR.UnitTest.records.xml) dyad resolves, with the dictionaries the file names.
    #[arg(long, value_name = "XML")]
    pub petrarch_records: Option<PathBuf>,
    /// Print JSON instead of a summary.
    #[arg(long)]
    pub json: bool,
    /// Also list this many wrong gold mentions / missed record ids.
    #[arg(long, default_value_t = 20)]
    pub show_errors: usize,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// The pipeline for PETRARCH validation records: dyad's models with only the actor and
/// agent dictionaries the records' <Environment> names (the caller adds a coder).
fn petr_pipeline(suite: &dyad::eval::actors::PetrSuite, models: &ModelArgs) -> Result<dyad::Pipeline> {
    let mut dict = dyad::resolve::dictionary::ActorDictionary::default();
    for file in suite.actor_file.iter().chain(&suite.agent_file) {
        dict.extend(dyad::resolve::dictionary::ActorDictionary::load(file)?);
    }
    let mut config = models.pipeline_config();
    config.skip_resolve = true;
    let mut pipeline = dyad::Pipeline::new(&config)?;
    pipeline.push(Box::new(dyad::resolve::Resolver::from_dictionary(dict, "petr-validate".into())));
    Ok(pipeline)
}

/// Actor codes against the gold file (and PETRARCH2's unit-test records when given).
pub fn actors(args: ActorsArgs) -> Result<ExitCode> {
    use dyad::eval::actors::{read_petr_records, score_gold, score_petr};
    let pipeline = args.models.pipeline()?;
    let gold_file = args.gold.clone().or_else(|| args.petrarch_records.is_none().then(|| PathBuf::from("tests/fixtures/actors_gold.jsonl")));
    let gold = gold_file.as_ref().map(|f| score_gold(f, &pipeline)).transpose()?;
    let petr = match &args.petrarch_records {
        None => None,
        Some(path) => {
            let suite = read_petr_records(path)?;
            Some(score_petr(&suite, &petr_pipeline(&suite, &args.models)?)?)
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "gold_file": gold_file, "gold": gold, "petrarch": petr }))?);
        return Ok(ExitCode::SUCCESS);
    }
    if let (Some(gold), Some(file)) = (&gold, &gold_file) {
        println!("actor gold {}: {}/{} mentions with the gold code ({:.1}%)", file.display(), gold.correct, gold.mentions, 100.0 * gold.accuracy);
        for o in gold.outcomes.iter().filter(|o| !o.correct).take(args.show_errors) {
            let got: Vec<String> = o.predicted.iter().map(|p| p.clone().unwrap_or_else(|| "unresolved".into())).collect();
            println!("  {} {:?}: gold {}, got {}", o.record, o.text, o.gold.as_deref().unwrap_or("unresolved"), if got.is_empty() { "no mention".into() } else { got.join(", ") });
        }
    }
    if let Some(p) = petr {
        println!(
            "PETRARCH2 unit-test records: {} records, {} codings; source found {} ({:.1}%), target found {} ({:.1}%), both {} ({:.1}%)",
            p.records,
            p.codings,
            p.sources_found,
            100.0 * p.sources_found as f64 / p.codings.max(1) as f64,
            p.targets_found,
            100.0 * p.targets_found as f64 / p.codings.max(1) as f64,
            p.both_found,
            100.0 * p.both_found as f64 / p.codings.max(1) as f64
        );
        if !p.missed.is_empty() {
            println!("  records with a missed actor: {}", p.missed.iter().take(args.show_errors).cloned().collect::<Vec<_>>().join(" "));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct SyntaxArgs {
    /// Gold treebank (CoNLL-U, with `# text =` lines for the own-tokenisation scores).
    #[arg(long)]
    pub conllu: PathBuf,
    /// Syntax models from this directory (pos-ewt.bin, lemmas-ewt.tsv, parser-ewt.bin)
    /// instead of the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub models: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print the most frequent UPOS confusions (gold → predicted), this many.
    #[arg(long, default_value_t = 0)]
    pub confusions: usize,
}

pub fn syntax(args: SyntaxArgs) -> Result<ExitCode> {
    use dyad::eval::syntax::{score_gold_tokens, score_own_tokens};
    let sentences = dyad::syntax::conllu::read_conllu(&args.conllu)?;
    let syntax = match &args.models {
        Some(dir) => dyad::models::syntax_from_dir(dir)?,
        None => match dyad::syntax::Syntax::builtin() {
            Some(s) => s,
            None => bail!("this build has no syntax models; train them with `dyad train pos` and `dyad train parse`, or pass --models DIR"),
        },
    };
    let gold = score_gold_tokens(&syntax, &sentences);
    let own = score_own_tokens(&syntax, &sentences);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": args.conllu, "models": syntax.version(), "gold_tokens": gold, "own_tokens": own }))?);
    } else {
        println!("Syntax on {} ({} sentences, {} words; {})", args.conllu.display(), gold.sentences, gold.words, syntax.version());
        println!("gold tokens:  UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}  (without punctuation: UAS {:.2} LAS {:.2}); {:.0} words/s",
            100.0 * gold.upos, 100.0 * gold.xpos, 100.0 * gold.lemma, 100.0 * gold.uas, 100.0 * gold.las, 100.0 * gold.uas_no_punct, 100.0 * gold.las_no_punct, gold.words as f64 / gold.seconds);
        println!("dyad tokens (F1, aligned by characters; {} gold words, {} dyad tokens):", own.gold_words, own.system_tokens);
        println!("              tokens {:.2}  UPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}",
            100.0 * own.tokens.f1, 100.0 * own.upos.f1, 100.0 * own.lemma.f1, 100.0 * own.uas.f1, 100.0 * own.las.f1);
    }
    if args.confusions > 0 {
        let mut counts: std::collections::HashMap<(String, String), usize> = Default::default();
        for s in &sentences {
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let a = syntax.analyse(&forms);
            for (w, u) in s.words.iter().zip(&a.upos) {
                if *w.upos != **u {
                    *counts.entry((w.upos.clone(), u.to_string())).or_default() += 1;
                }
            }
        }
        let mut counts: Vec<_> = counts.into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for ((g, p), n) in counts.into_iter().take(args.confusions) {
            println!("{n:>6}  {g} → {p}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct EventsArgs {
    /// PETRARCH validation records (e.g. PETR.UnitTest.records.xml): each <Sentence>'s
    /// text and date are coded with the dictionaries its <Environment> names and compared
    /// with its <EventCoding> gold (source, target, event code).
    #[arg(long, value_name = "XML", required_unless_present = "gold")]
    pub petrarch: Option<PathBuf>,
    /// dyad's own gold events (JSONL: id, category, date, text, events [{source, target,
    /// plover, negated, modality, mode, instrument, event_date}]), coded with the shipped
    /// dictionaries: (source, target, PLOVER type) triples and attribute agreement.
    #[arg(long, value_name = "JSONL", conflicts_with = "petrarch")]
    pub gold: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also print this many records with missed or wrong triples.
    #[arg(long, default_value_t = 0)]
    pub show_errors: usize,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Event triples against PETRARCH validation records.
pub fn events(args: EventsArgs) -> Result<ExitCode> {
    use dyad::code::{discards::Discards, verbs::VerbDictionary, Coder};
    use dyad::eval::actors::read_petr_records;
    let petrarch = match (&args.petrarch, &args.gold) {
        (_, Some(gold)) => return events_gold(&args, gold),
        (Some(p), None) => p,
        (None, None) => bail!("give --petrarch XML or --gold JSONL"),
    };
    let suite = read_petr_records(petrarch)?;
    let Some(verb_file) = &suite.verb_file else { bail!("{}: its <Environment> names no <Verbfile>", petrarch.display()) };
    // Only the dictionaries the records were written for.
    let verbs = VerbDictionary::load(verb_file)?;
    let discards = match &suite.discard_file {
        Some(f) => Discards::parse(&std::fs::read_to_string(f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?),
        None => Discards::default(),
    };
    let mut pipeline = petr_pipeline(&suite, &args.models)?;
    pipeline.push(Box::new(Coder::from_parts(verbs, discards, "petr-validate".into())));
    let score = dyad::eval::events::score_events(&suite, &pipeline)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": petrarch, "score": score }))?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Events on {} ({} records, {:.1} s)", petrarch.display(), score.records, score.seconds);
    print_categories(&score.scores);
    for m in score.errors.iter().take(args.show_errors) {
        println!("\n{} [{}] {}\n  missed: {}\n  wrong:  {}", m.id, m.category, m.text, m.missed.join(" | "), m.wrong.join(" | "));
    }
    Ok(ExitCode::SUCCESS)
}

/// The per-category table of an event score, then the overall line.
fn print_categories(scores: &dyad::eval::events::CategoryScores) {
    println!("{:<14} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}", "category", "gold", "pred", "ok", "P", "R", "F1");
    for (cat, p) in scores.per_category.iter().chain(std::iter::once((&"overall".to_string(), &scores.overall))) {
        println!("{:<14} {:>6} {:>6} {:>6} {:>7.4} {:>7.4} {:>7.4}", cat, p.gold, p.predicted, p.correct, p.precision, p.recall, p.f1);
    }
}

fn events_gold(args: &EventsArgs, gold: &std::path::Path) -> Result<ExitCode> {
    let records = dyad::eval::events::read_gold(gold)?;
    let pipeline = args.models.pipeline()?;
    let score = dyad::eval::events::score_gold(&records, &pipeline)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "file": gold, "score": score }))?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Events on {} ({} records): (source, target, PLOVER type) triples", gold.display(), score.records);
    print_categories(&score.scores);
    let a = &score.attributes;
    let pct = |n: usize, d: usize| if d == 0 { 0.0 } else { 100.0 * n as f64 / d as f64 };
    println!(
        "matched events {}: negation {:.1}%, modality {:.1}%, cyber mode {:.1}%, instrument {}/{} ({:.1}%), date {}/{} ({:.1}%)",
        a.matched,
        pct(a.negated, a.matched),
        pct(a.modality, a.matched),
        pct(a.mode, a.matched),
        a.instrument,
        a.instrument_gold,
        pct(a.instrument, a.instrument_gold),
        a.date,
        a.date_gold,
        pct(a.date, a.date_gold)
    );
    for m in score.errors.iter().take(args.show_errors) {
        println!("\n{} [{}] {}\n  missed: {}\n  wrong:  {}", m.id, m.category, m.text, m.missed.join(" | "), m.wrong.join(" | "));
    }
    Ok(ExitCode::SUCCESS)
}
