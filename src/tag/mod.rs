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
pub mod rules;
#[cfg(feature = "transformer")]
pub mod transformer;
pub mod weapons;

use crate::doc::{Doc, Entity};
use crate::tag::gazetteer::Gazetteer;
use crate::tag::weapons::WeaponLexicon;
use crate::pipeline::{Stage, StageError};

/// A model that proposes entity mentions for a segmented document.
pub trait EntityModel: Send + Sync {
    fn name(&self) -> &'static str;
    fn version(&self) -> String;
    /// Entities with offsets, sentence index, label, confidence and origin set.
    fn predict(&self, doc: &Doc) -> Vec<Entity>;
    /// As `predict`, for models that can fail at run time (a neural backend's device or
    /// inference thread); the tag stage calls this one and fails only the article.
    fn try_predict(&self, doc: &Doc) -> Result<Vec<Entity>, String> {
        Ok(self.predict(doc))
    }
    /// A line about the work done so far (the transformer reports window coverage).
    fn report(&self) -> Option<String> {
        None
    }
}

/// The tag stage: the entity model, then the dictionary layers.
pub struct Tagger {
    model: Option<Box<dyn EntityModel>>,
    weapons: WeaponLexicon,
    places: &'static Gazetteer,
}

impl Tagger {
    /// `weapons`: a user lexicon added to the shipped one.
    pub fn new(model: Option<Box<dyn EntityModel>>, weapons: Option<&std::path::Path>) -> crate::Result<Tagger> {
        let mut lexicon = WeaponLexicon::builtin();
        if let Some(path) = weapons {
            lexicon.merge(WeaponLexicon::load(path).map_err(|e| crate::Error::Usage(e.to_string()))?);
        }
        Ok(Tagger { model, weapons: lexicon, places: Gazetteer::builtin() })
    }

    /// The tag stage a pipeline configuration asks for.
    pub fn from_config(config: &crate::pipeline::PipelineConfig) -> crate::Result<Tagger> {
        use crate::pipeline::NerChoice;
        let model: Option<Box<dyn EntityModel>> = match &config.ner {
            NerChoice::Embedded => crate::models::embedded_ner().map(|m| Box::new(m) as Box<dyn EntityModel>),
            NerChoice::File(path) => Some(Box::new(perceptron::PerceptronModel::load(path)?)),
            NerChoice::Off => None,
            #[cfg(feature = "transformer")]
            NerChoice::Transformer(tc) => {
                let model: Box<dyn EntityModel> = Box::new(transformer::TransformerModel::load(tc)?);
                if tc.with_perceptron {
                    let perceptron = crate::models::embedded_ner().ok_or_else(|| crate::Error::Usage("transformer+perceptron: this build has no embedded perceptron model".into()))?;
                    Some(Box::new(transformer::ensemble::Ensemble::new(model, Box::new(perceptron))))
                } else {
                    Some(model)
                }
            }
            #[cfg(not(feature = "transformer"))]
            NerChoice::Transformer(_) => {
                return Err(crate::Error::Usage(
                    "this dyad was built without the transformer backend: run scripts/setup_libtorch.sh and build with `--features transformer` (README: Transformer backend)".into(),
                ))
            }
        };
        Tagger::new(model, config.weapons.as_deref())
    }

    /// Whether a statistical model runs (false: dictionary layers only).
    pub fn has_model(&self) -> bool {
        self.model.is_some()
    }

    /// The entity model's report on its work so far, if it gives one.
    pub fn model_report(&self) -> Option<String> {
        self.model.as_ref().and_then(|m| m.report())
    }
}

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        "tag"
    }

    fn version(&self) -> String {
        let model = self.model.as_ref().map_or("no-model".to_string(), |m| format!("{}:{}", m.name(), m.version()));
        format!("{model}+{}+{}", self.places.version(), self.weapons.version())
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let entities = match &self.model {
            Some(m) => m.try_predict(doc).map_err(|message| StageError { stage: "tag", message })?,
            None => Vec::new(),
        };
        let entities = rules::join_places(doc, rules::split_titles(doc, entities), self.places);
        let mut entities = merge_weapons(doc, entities, self.weapons.tag(doc));
        entities.sort_by_key(|e| (e.span.start_byte, e.span.end_byte));
        doc.entities = entities;
        self.places.refine(doc);
        Ok(())
    }
}

/// Weapon mentions win over model entities they overlap: a model entity inside a
/// weapon is dropped ("Global Hawk" as ORG in "Global Hawk drone"); one reaching out
/// to the left keeps its words before the weapon ("US" of "US Global Hawk").
fn merge_weapons(doc: &Doc, model: Vec<Entity>, mut weapons: Vec<Entity>) -> Vec<Entity> {
    let text = doc.text();
    weapons.sort_by_key(|w| w.span.start_byte);
    let token_starts: Vec<usize> = doc.tokens.iter().map(|t| t.span.start_byte).collect();
    let mut out = Vec::with_capacity(model.len() + weapons.len());
    for mut e in model {
        // Weapons are sorted and do not overlap each other: the first one ending after
        // the entity's start is the only candidate for the first overlap.
        let i = weapons.partition_point(|w| w.span.end_byte <= e.span.start_byte);
        let Some(weapon) = weapons.get(i).filter(|w| w.span.start_byte < e.span.end_byte) else {
            out.push(e);
            continue;
        };
        let cut = weapon.span.start_byte;
        let first = token_starts.partition_point(|&s| s < e.span.start_byte);
        let last = token_starts.partition_point(|&s| s < cut);
        let kept = &doc.tokens[first..last.max(first)];
        if let (Some(a), Some(b)) = (kept.first(), kept.iter().rev().find(|t| t.span.end_byte <= cut)) {
            e.span = a.span.cover(&b.span);
            e.text = e.span.slice(text).to_string();
            out.push(e);
        }
    }
    out.extend(weapons);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{AnnotationSource, Article, EntityLabel};

    fn entity(doc: &Doc, start: usize, end: usize, label: EntityLabel) -> Entity {
        let span = doc.tokens[start].span.cover(&doc.tokens[end - 1].span);
        Entity::new(span, 0, span.slice(doc.text()), label, 1.0, AnnotationSource::Model)
    }

    #[test]
    fn weapons_take_over_overlapping_entities() {
        let mut doc = Doc::new(Article::from_text("t", "a US Global Hawk drone near Iran"));
        crate::segment::Segmenter.segment(&mut doc);
        let model = vec![entity(&doc, 1, 4, EntityLabel::Org), entity(&doc, 6, 7, EntityLabel::Loc)];
        let weapon = entity(&doc, 2, 5, EntityLabel::Weapon);
        let merged = merge_weapons(&doc, model, vec![weapon]);
        let got: Vec<(&str, EntityLabel)> = merged.iter().map(|e| (e.text.as_str(), e.label)).collect();
        assert_eq!(got, [("US", EntityLabel::Org), ("Iran", EntityLabel::Loc), ("Global Hawk drone", EntityLabel::Weapon)]);
    }
}
