//! The transformer and the fast tagger together (`--ner transformer+perceptron`): the
//! transformer sees context, the perceptron sees letter case and word shape that the
//! uncased encoder only gets as four case classes. Entities both propose (same span and
//! label) are kept; the rest compete: overlapping proposals are resolved by confidence,
//! and a proposal of one model alone is kept when its confidence clears that model's
//! threshold (tuned on CoNLL-2003 testa, never on testb).

use crate::doc::{Doc, Entity};
use crate::tag::EntityModel;

// Tuned on testa with models/ner-transformer (4 epochs) and the shipped perceptron:
// testa F1 0.9390 with no thresholds, 0.9452 with these (grid 0-0.98); see MODEL_CARD.
/// Minimum confidence of an entity only the transformer proposes.
pub const TRANSFORMER_ALONE: f32 = 0.9;
/// Minimum confidence of an entity only the perceptron proposes.
pub const PERCEPTRON_ALONE: f32 = 0.7;

pub struct Ensemble {
    pub transformer: Box<dyn EntityModel>,
    pub perceptron: Box<dyn EntityModel>,
    pub transformer_alone: f32,
    pub perceptron_alone: f32,
}

impl Ensemble {
    pub fn new(transformer: Box<dyn EntityModel>, perceptron: Box<dyn EntityModel>) -> Ensemble {
        Ensemble { transformer, perceptron, transformer_alone: TRANSFORMER_ALONE, perceptron_alone: PERCEPTRON_ALONE }
    }
}

/// Merges the two models' entities (see the module doc).
pub fn merge(transformer: Vec<Entity>, perceptron: Vec<Entity>, t_alone: f32, p_alone: f32) -> Vec<Entity> {
    let key = |e: &Entity| (e.span.start_byte, e.span.end_byte, e.label);
    // (score, entity): agreement first, then each alone by confidence.
    let mut candidates: Vec<(f32, Entity)> = Vec::new();
    for e in &transformer {
        let agreed = perceptron.iter().any(|p| key(p) == key(e));
        if agreed {
            candidates.push((2.0 + e.confidence, e.clone()));
        } else if e.confidence >= t_alone {
            candidates.push((e.confidence, e.clone()));
        }
    }
    for e in perceptron {
        if !transformer.iter().any(|t| key(t) == key(&e)) && e.confidence >= p_alone {
            candidates.push((e.confidence, e));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut kept: Vec<Entity> = Vec::new();
    for (_, e) in candidates {
        if !kept.iter().any(|k| k.span.start_byte < e.span.end_byte && e.span.start_byte < k.span.end_byte) {
            kept.push(e);
        }
    }
    kept.sort_by_key(|e| (e.span.start_byte, e.span.end_byte));
    kept
}

impl EntityModel for Ensemble {
    fn name(&self) -> &'static str {
        "transformer+perceptron"
    }

    fn version(&self) -> String {
        format!("{}:{}+{}:{}", self.transformer.name(), self.transformer.version(), self.perceptron.name(), self.perceptron.version())
    }

    fn predict(&self, doc: &Doc) -> Vec<Entity> {
        self.try_predict(doc).unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_predict(&self, doc: &Doc) -> Result<Vec<Entity>, String> {
        let t = self.transformer.try_predict(doc)?;
        let p = self.perceptron.try_predict(doc)?;
        Ok(merge(t, p, self.transformer_alone, self.perceptron_alone))
    }

    fn report(&self) -> Option<String> {
        self.transformer.report()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{AnnotationSource, EntityLabel, Span};

    fn ent(start: usize, end: usize, label: EntityLabel, confidence: f32) -> Entity {
        let span = Span { start_byte: start, end_byte: end, start_char: start, end_char: end };
        Entity::new(span, 0, "", label, confidence, AnnotationSource::Model)
    }

    #[test]
    fn agreements_win_then_confidence_then_thresholds() {
        use EntityLabel::*;
        let t = vec![ent(0, 4, Loc, 0.5), ent(10, 20, Org, 0.95), ent(30, 35, Person, 0.8), ent(40, 45, Misc, 0.99)];
        let p = vec![ent(0, 4, Loc, 0.6), ent(10, 15, Org, 0.9), ent(30, 35, Person, 0.6), ent(50, 55, Person, 0.75), ent(60, 62, Org, 0.5)];
        let got: Vec<(usize, usize, EntityLabel)> = merge(t, p, 0.9, 0.7).iter().map(|e| (e.span.start_byte, e.span.end_byte, e.label)).collect();
        // 0-4 and 30-35 agreed (even below thresholds); 10-20 beats the overlapping 10-15;
        // 40-45 and 50-55 alone above their thresholds; 60-62 alone below.
        assert_eq!(got, [(0, 4, Loc), (10, 20, Org), (30, 35, Person), (40, 45, Misc), (50, 55, Person)]);
    }
}
