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

/// A model that proposes entity mentions for a segmented document.
pub trait EntityModel: Send + Sync {
    fn name(&self) -> &'static str;
    fn version(&self) -> String;
    /// Entities with offsets, sentence index, label, confidence and origin set.
    fn predict(&self, doc: &Doc) -> Vec<Entity>;
}
