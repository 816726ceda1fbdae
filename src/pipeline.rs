//! Strings the stages together: read → segment → tag → resolve → code. Each stage
//! reads what earlier stages put in the [`Doc`] and adds its own layer.

use std::collections::BTreeMap;

use crate::doc::{Article, Doc};
use crate::segment::Segmenter;

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

/// The configured sequence of stages. `Pipeline::default()` is the embedded default.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
}

impl Default for Pipeline {
    fn default() -> Self {
        Pipeline { stages: vec![Box::new(Segmenter::new())] }
    }
}

impl Pipeline {
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
