//! Command-line interface: clap definitions here, one file per subcommand. Each
//! subcommand turns flags into library options and calls the library.

mod batch;
mod dict;
mod eval;
mod extract;
mod train;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use dyad::doc::InputFormat;
use dyad::read::{JsonlFields, ReadOptions};

#[derive(Parser, Debug)]
#[command(name = "dyad", version, about = "News articles in, entity and event data out: who did what to whom, with what, when and where.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Process articles and show them: a readable view on the terminal, or JSON.
    Extract(ExtractArgs),
    /// Process a corpus into a dataset directory of Parquet (or JSONL) tables.
    Batch(BatchArgs),
    /// Check that every shard of a sharded dataset is complete and write its manifest.json.
    MergeManifests {
        /// The dataset directory the shards wrote into.
        dir: PathBuf,
    },
    /// Print the output schema (tables and columns) as Markdown, or JSON with --json.
    Schema {
        #[arg(long)]
        json: bool,
    },
    /// Train a model from annotated data (writes into models/).
    Train {
        #[command(subcommand)]
        what: train::TrainCommand,
    },
    /// Measure a component against gold data.
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Actor dictionaries: import PETRARCH2 files, check a dictionary for errors.
    Dict {
        #[command(subcommand)]
        what: dict::DictCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum EvalCommand {
    /// Sentence-split precision/recall/F1 against CoNLL-U (UD) or CoNLL-2003 sentence boundaries.
    Sentences(eval::SentencesArgs),
    /// Strict entity P/R/F1 on a CoNLL file (2-4 columns, IOB tags), overall and per label.
    Ner(eval::NerArgs),
    /// Weapon mentions against a gold set (P/R/F1, class accuracy), as JSON.
    Weapons(eval::WeaponsArgs),
    /// Actor codes against a gold set, and PETRARCH2's unit-test records (dictionary mechanics).
    Actors(eval::ActorsArgs),
    /// Event triples (source, target, CAMEO code) against PETRARCH validation records.
    Events(eval::EventsArgs),
    /// Part-of-speech, lemma and dependency scores on a CoNLL-U treebank, on its gold
    /// tokens and on dyad's own tokenisation of the sentence texts.
    Syntax(eval::SyntaxArgs),
}

/// How inputs are read; shared by `extract` and `batch`.
#[derive(Args, Debug, Clone)]
pub struct InputArgs {
    /// Treat every input as this format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// JSONL field holding the article text (dotted paths reach into objects: article.body).
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// JSONL field holding the article id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
}

impl InputArgs {
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            format: self.input_format.map(|f| match f {
                InputFormatArg::Text => InputFormat::Text,
                InputFormatArg::Jsonl => InputFormat::Jsonl,
                InputFormatArg::Rss => InputFormat::Rss,
                InputFormatArg::Atom => InputFormat::Atom,
            }),
            fields: JsonlFields { text_field: self.text_field.clone(), id_field: self.id_field.clone() },
        }
    }
}

/// Which models the pipeline runs; shared by `extract`, `batch` and `eval ner`.
#[derive(Args, Debug, Clone)]
pub struct ModelArgs {
    /// Entity model: the embedded perceptron, a transformer or the transformer combined
    /// with the perceptron (builds with the `transformer` feature), or none (dictionary
    /// layers only).
    #[arg(long, value_enum, default_value = "perceptron")]
    pub ner: NerArg,
    /// Perceptron: a model file to use instead of the embedded one (default:
    /// $DYAD_MODELS/ner/perceptron-conll.bin when DYAD_MODELS is set). Transformer: the
    /// model directory (default: $DYAD_MODELS/ner-transformer, else models/ner-transformer).
    #[arg(long, value_name = "PATH")]
    pub ner_model: Option<PathBuf>,
    /// Where the transformer runs: cuda when libtorch sees a GPU (auto), or cpu/cuda.
    #[arg(long, value_enum, default_value = "auto")]
    pub device: DeviceArg,
    /// Extra weapon lexicon (TSV: phrase, class[, kind]) added to the shipped one.
    #[arg(long, value_name = "FILE")]
    pub weapons: Option<PathBuf>,
    /// Extra actor dictionary (dyad TSV or PETRARCH format; repeatable), added after the
    /// shipped ones: its entries win on the same phrase. Check one with `dyad dict check`.
    #[arg(long, value_name = "FILE")]
    pub actors: Vec<PathBuf>,
    /// Do not resolve actor codes (no resolve stage, and so no events: an event needs a
    /// coded actor).
    #[arg(long)]
    pub no_resolve: bool,
    /// Do not tag parts of speech or parse (no syntax stage).
    #[arg(long)]
    pub no_syntax: bool,
    /// Syntax models (syntax/pos-ewt.bin, syntax/lemmas-ewt.tsv, syntax/parser-ewt.bin)
    /// from this directory instead of the embedded ones (default: $DYAD_MODELS when set).
    #[arg(long, value_name = "DIR")]
    pub syntax_models: Option<PathBuf>,
    /// Extra verb dictionary (dyad TSV or PETRARCH format; repeatable), added after the
    /// shipped ones. Check one with `dyad dict check`.
    #[arg(long, value_name = "FILE")]
    pub verbs: Vec<PathBuf>,
    /// Do not code events (no code stage). `--no-syntax` and `--no-resolve` also leave it
    /// out: events are read off the parse and need actor codes.
    #[arg(long)]
    pub no_events: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NerArg {
    Perceptron,
    Transformer,
    /// The transformer and the perceptron combined (see src/tag/transformer/ensemble.rs).
    #[value(name = "transformer+perceptron")]
    TransformerPerceptron,
    None,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceArg {
    Auto,
    Cpu,
    Cuda,
}

impl ModelArgs {
    pub fn pipeline_config(&self) -> dyad::pipeline::PipelineConfig {
        self.pipeline_config_threads(0)
    }

    /// As `pipeline_config`; `threads` (0: all cores) also sets the transformer's.
    pub fn pipeline_config_threads(&self, threads: usize) -> dyad::pipeline::PipelineConfig {
        use dyad::pipeline::{DeviceChoice, NerChoice, TransformerConfig};
        let env_model = std::env::var_os("DYAD_MODELS").map(|d| PathBuf::from(d).join(dyad::models::NER_MODEL));
        let ner = match (self.ner, &self.ner_model, env_model) {
            (NerArg::None, _, _) => NerChoice::Off,
            (NerArg::Transformer | NerArg::TransformerPerceptron, path, _) => NerChoice::Transformer(TransformerConfig {
                dir: path.clone().unwrap_or_else(|| std::env::var_os("DYAD_MODELS").map_or_else(|| PathBuf::from("models"), PathBuf::from).join("ner-transformer")),
                device: match self.device {
                    DeviceArg::Auto => DeviceChoice::Auto,
                    DeviceArg::Cpu => DeviceChoice::Cpu,
                    DeviceArg::Cuda => DeviceChoice::Cuda,
                },
                threads,
                batch_size: 0,
                with_perceptron: self.ner == NerArg::TransformerPerceptron,
            }),
            (_, Some(path), _) => NerChoice::File(path.clone()),
            (_, None, Some(path)) => NerChoice::File(path),
            _ => NerChoice::Embedded,
        };
        let syntax_models = self.syntax_models.clone().or_else(|| {
            let dir = PathBuf::from(std::env::var_os("DYAD_MODELS")?);
            dir.join(dyad::models::POS_MODEL).exists().then_some(dir)
        });
        dyad::pipeline::PipelineConfig {
            ner,
            weapons: self.weapons.clone(),
            actors: self.actors.clone(),
            skip_resolve: self.no_resolve,
            skip_syntax: self.no_syntax,
            syntax_models,
            verbs: self.verbs.clone(),
            skip_events: self.no_events,
        }
    }

    pub fn pipeline(&self) -> anyhow::Result<dyad::Pipeline> {
        Ok(dyad::Pipeline::new(&self.pipeline_config())?)
    }

    pub fn pipeline_threads(&self, threads: usize) -> anyhow::Result<dyad::Pipeline> {
        Ok(dyad::Pipeline::new(&self.pipeline_config_threads(threads))?)
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum InputFormatArg {
    Text,
    Jsonl,
    Rss,
    Atom,
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Input files, directories or globs; `-` (or nothing) reads stdin.
    pub inputs: Vec<String>,
    /// Print each Doc as JSON (one pretty-printed object per article) instead of the view.
    #[arg(long)]
    pub json: bool,
    /// Never colour the view.
    #[arg(long)]
    pub no_color: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub models: ModelArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormatArg {
    Parquet,
    Jsonl,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionArg {
    None,
    Date,
}

#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Input files, directories (walked recursively), globs, or `-` for stdin.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Dataset directory to write.
    #[arg(long, short)]
    pub out: PathBuf,
    /// Table file format.
    #[arg(long, value_enum, default_value = "parquet")]
    pub format: OutputFormatArg,
    /// Hive-partition the tables by publication date (year=/month=).
    #[arg(long, value_enum, default_value = "none")]
    pub partition: PartitionArg,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
    /// Process only the articles whose id hashes to shard I of N (e.g. 3/8); shards write into one --out.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Continue an interrupted run in the same --out: committed articles are kept and skipped.
    #[arg(long, conflicts_with = "overwrite")]
    pub resume: bool,
    /// Replace what an earlier run (of this shard) left in --out.
    #[arg(long)]
    pub overwrite: bool,
    /// Articles per committed chunk (one part file per table).
    #[arg(long, default_value_t = 5000)]
    pub chunk_articles: usize,
    /// Exit 0 even when some articles failed (they are still recorded in `articles`).
    #[arg(long)]
    pub allow_failures: bool,
    /// Also write the `tokens` table: one row per token with its part of speech, lemma,
    /// head and dependency relation (large: about ten rows per sentence).
    #[arg(long)]
    pub tokens: bool,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub models: ModelArgs,
}

/// Parses the command line and runs it; the exit code follows the documented contract:
/// 0 all ok, 1 some article failed, 2 usage error or a run that could not proceed.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract::run(args),
        Command::Batch(args) => batch::run(args),
        Command::MergeManifests { dir } => batch::merge(&dir),
        Command::Schema { json } => {
            let tables = &dyad::write::schema::all_tables();
            if json {
                println!("{}", dyad::write::table::schema_json(tables));
            } else {
                print!("{}", dyad::write::schema::schema_document());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { what: EvalCommand::Sentences(args) } => eval::sentences(args),
        Command::Eval { what: EvalCommand::Ner(args) } => eval::ner(args),
        Command::Eval { what: EvalCommand::Weapons(args) } => eval::weapons(args),
        Command::Eval { what: EvalCommand::Syntax(args) } => eval::syntax(args),
        Command::Eval { what: EvalCommand::Actors(args) } => eval::actors(args),
        Command::Eval { what: EvalCommand::Events(args) } => eval::events(args),
        Command::Train { what } => train::run(what),
        Command::Dict { what } => dict::run(&what).map(|code| ExitCode::from(code.clamp(0, 255) as u8)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("dyad: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
