//! Strings the stages together: read → segment → syntax → tag → resolve → code. Each stage
//! reads what earlier stages put in the [`Doc`] and adds its own layer.

use std::collections::BTreeMap;

use std::path::PathBuf;

use crate::doc::{Article, Doc};
use crate::error::Result;
use crate::segment::Segmenter;
use crate::resolve::Resolver;
use crate::tag::Tagger;

/// A stage failed on one article; the article is recorded as failed and the batch goes on.
#[derive(Debug, thiserror::Error)]
#[error("{stage}: {message}")]
pub struct StageError {
    pub stage: &'static str,
    pub message: String,
}

/// One pipeline component. Implementations are immutable once loaded and shared by all
/// worker threads; per-call scratch lives on the stack or in thread-locals.
pub trait Stage: Send + Sync {
    /// Short name used in manifests and error messages ("segment", "tag", ...).
    fn name(&self) -> &'static str;
    /// Model or rule-set version, recorded in every dataset manifest.
    fn version(&self) -> String;
    fn process(&self, doc: &mut Doc) -> Result<(), StageError>;
}

/// Which entity model the tag stage runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum NerChoice {
    /// The perceptron model embedded in this build (none if the build has none).
    #[default]
    Embedded,
    /// A perceptron model file.
    File(PathBuf),
    /// No statistical model: only the dictionary layers (weapons, places) tag.
    Off,
    /// A BERT-family token-classification model directory, run through rust-bert
    /// (needs a build with the `transformer` feature).
    Transformer(TransformerConfig),
}

/// Where and how the transformer NER backend runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TransformerConfig {
    /// Directory with config.json (id2label), model.safetensors or rust_model.ot, and
    /// tokenizer.json and/or vocab.txt.
    pub dir: PathBuf,
    pub device: DeviceChoice,
    /// Intra-op threads of libtorch (0: libtorch's default, one per core).
    pub threads: usize,
    /// Sequences per forward pass (0: the default, 32).
    pub batch_size: usize,
    /// Combine with the embedded perceptron (`--ner transformer+perceptron`).
    pub with_perceptron: bool,
}

/// The device a neural model runs on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DeviceChoice {
    /// CUDA when libtorch sees a GPU, the CPU otherwise.
    #[default]
    Auto,
    Cpu,
    Cuda,
}

/// What a pipeline is built from; the CLI flags map onto this.
#[derive(Debug, Clone, Default)]
pub struct PipelineConfig {
    pub ner: NerChoice,
    /// A user weapon lexicon (TSV) added to the shipped one.
    pub weapons: Option<PathBuf>,
    /// User actor dictionaries (dyad TSV or PETRARCH format) added after the shipped ones.
    pub actors: Vec<PathBuf>,
    /// Leave out the resolve stage (no actor codes).
    pub skip_resolve: bool,
    /// Leave out the syntax stage (no tags, lemmas or dependency parse).
    pub skip_syntax: bool,
    /// Syntax models from a directory laid out like models/ instead of the embedded ones.
    pub syntax_models: Option<PathBuf>,
    /// User verb dictionaries (dyad TSV or PETRARCH format) added after the shipped ones.
    pub verbs: Vec<PathBuf>,
    /// Leave out the code stage (no events). Leaving out syntax or resolve leaves it out too.
    pub skip_events: bool,
}

/// The configured sequence of stages. `Pipeline::default()` is segmentation, syntax,
/// tagging, actor resolution and event coding with the embedded default models and
/// dictionaries.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Default for Pipeline {
    fn default() -> Self {
        // The default configuration reads no file, so it cannot fail.
        Pipeline::new(&PipelineConfig::default()).unwrap_or_else(|e| panic!("default pipeline: {e}"))
    }
}

impl Pipeline {
    /// The standard stages, configured.
    pub fn new(config: &PipelineConfig) -> Result<Pipeline> {
        let mut stages: Vec<Box<dyn Stage>> = vec![Box::new(Segmenter::new())];
        if !config.skip_syntax {
            let syntax = match &config.syntax_models {
                Some(dir) => Some(crate::models::syntax_from_dir(dir)?),
                None => crate::syntax::Syntax::builtin(),
            };
            if let Some(syntax) = syntax {
                stages.push(Box::new(syntax));
            }
        }
        stages.push(Box::new(Tagger::from_config(config)?));
        if !config.skip_resolve {
            stages.push(Box::new(Resolver::new(&config.actors)?));
        }
        // Events are read off the parse and need actor codes (an event needs a coded
        // side): without either stage the coder would code nothing.
        if !config.skip_events && !config.skip_syntax && !config.skip_resolve {
            stages.push(Box::new(crate::code::Coder::new(&config.verbs)?));
        }
        Ok(Pipeline { stages })
    }

    /// A pipeline of exactly these stages, in order.
    pub fn from_stages(stages: Vec<Box<dyn Stage>>) -> Pipeline {
        Pipeline { stages }
    }

    /// Adds a stage after the existing ones.
    pub fn push(&mut self, stage: Box<dyn Stage>) {
        self.stages.push(stage);
    }

    /// Runs every stage on one article.
    pub fn process(&self, article: Article) -> Result<Doc, StageError> {
        let mut doc = Doc::new(article);
        for stage in &self.stages {
            stage.process(&mut doc)?;
        }
        Ok(doc)
    }

    /// Stage name → version, for manifests.
    pub fn versions(&self) -> BTreeMap<String, String> {
        self.stages.iter().map(|s| (s.name().to_string(), s.version())).collect()
    }
}
