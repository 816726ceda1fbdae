//! Strict entity-level scoring on CoNLL files (exact token span and label), overall and
//! per label. dyad's labels map onto CoNLL's: PERSON→PER, ORG→ORG, GPE and LOC→LOC,
//! NORP and MISC→MISC; WEAPON and AGENT have no CoNLL counterpart and are not scored.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::doc::{Doc, Entity, EntityLabel};
use crate::eval::conll::{gold_doc, spans_from_tags, ConllDoc};
pub use crate::eval::Prf;

#[derive(Debug, Clone, Default, Serialize)]
pub struct NerScore {
    pub documents: usize,
    pub sentences: usize,
    pub tokens: usize,
    pub overall: Prf,
    pub per_label: BTreeMap<String, Prf>,
    /// Sentences with mistakes: the sentence, gold spans missed, predicted spans wrong
    /// (each as "text/LABEL").
    #[serde(skip)]
    pub errors: Vec<(String, Vec<String>, Vec<String>)>,
}

/// The CoNLL label a dyad label is scored as.
pub fn conll_label(label: EntityLabel) -> Option<&'static str> {
    match label {
        EntityLabel::Person => Some("PER"),
        EntityLabel::Org => Some("ORG"),
        EntityLabel::Gpe | EntityLabel::Loc => Some("LOC"),
        EntityLabel::Norp | EntityLabel::Misc => Some("MISC"),
        EntityLabel::Weapon | EntityLabel::Agent => None,
    }
}

/// Runs `tag` on each gold document (gold tokens and sentences) and scores it.
pub fn score_conll(docs: &[ConllDoc], tag: impl Fn(&mut Doc) -> Vec<Entity>) -> NerScore {
    let mut score = NerScore { documents: docs.len(), ..NerScore::default() };
    type Key = (usize, usize, usize, String);
    for (d, gold) in docs.iter().enumerate() {
        let mut doc = gold_doc(&format!("doc-{d}"), gold);
        let mut gold_spans: HashSet<Key> = HashSet::new();
        for (si, s) in gold.iter().enumerate() {
            score.sentences += 1;
            score.tokens += s.words.len();
            let offset = doc.sentences[si].tokens.start;
            for (a, b, ty) in spans_from_tags(&s.tags) {
                gold_spans.insert((si, offset + a, offset + b, ty));
            }
        }
        let starts: Vec<usize> = doc.tokens.iter().map(|t| t.span.start_byte).collect();
        let ends: Vec<usize> = doc.tokens.iter().map(|t| t.span.end_byte).collect();
        let mut pred_spans: HashSet<Key> = HashSet::new();
        for e in tag(&mut doc) {
            let Some(label) = conll_label(e.label) else { continue };
            // Entities not on token boundaries cannot match; they still count as predicted.
            let a = starts.binary_search(&e.span.start_byte).unwrap_or(usize::MAX);
            let b = ends.binary_search(&e.span.end_byte).map_or(usize::MAX, |b| b + 1);
            pred_spans.insert((e.sentence_index, a, b, label.to_string()));
        }
        let show = |k: &Key| {
            let text = if k.1 < k.2 && k.2 <= doc.tokens.len() { doc.tokens[k.1].span.cover(&doc.tokens[k.2 - 1].span).slice(doc.text()).to_string() } else { "?".into() };
            format!("{text}/{}", k.3)
        };
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let mut missed: Vec<&Key> = gold_spans.iter().filter(|k| k.0 == si && !pred_spans.contains(*k)).collect();
            let mut wrong: Vec<&Key> = pred_spans.iter().filter(|k| k.0 == si && !gold_spans.contains(*k)).collect();
            if !missed.is_empty() || !wrong.is_empty() {
                missed.sort();
                wrong.sort();
                score.errors.push((sentence.span.slice(doc.text()).to_string(), missed.into_iter().map(show).collect(), wrong.into_iter().map(show).collect()));
            }
        }
        for (key, is_gold) in gold_spans.iter().map(|k| (k, true)).chain(pred_spans.iter().map(|k| (k, false))) {
            let entry = score.per_label.entry(key.3.clone()).or_default();
            if is_gold {
                entry.gold += 1;
                score.overall.gold += 1;
                if pred_spans.contains(key) {
                    entry.correct += 1;
                    score.overall.correct += 1;
                }
            } else {
                entry.predicted += 1;
                score.overall.predicted += 1;
            }
        }
    }
    score.overall.finish();
    for p in score.per_label.values_mut() {
        p.finish();
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{AnnotationSource, Span};
    use crate::eval::conll::parse_conll;

    #[test]
    fn strict_matching_and_label_mapping() {
        let docs = parse_conll("Iran B-LOC\nand O\nPeter B-PER\nSmith I-PER\n").unwrap();
        let score = score_conll(&docs, |doc| {
            let ent = |i: usize, j: usize, label| Entity::new(doc.tokens[i].span.cover(&doc.tokens[j].span), 0, "", label, 1.0, AnnotationSource::Model);
            // GPE scores as LOC; "Peter" alone is a boundary error.
            vec![ent(0, 0, EntityLabel::Gpe), ent(2, 2, EntityLabel::Person), Entity { span: Span::default(), ..ent(1, 1, EntityLabel::Weapon) }]
        });
        assert_eq!((score.overall.gold, score.overall.predicted, score.overall.correct), (2, 2, 1));
        assert_eq!(score.per_label["LOC"].correct, 1);
        assert!((score.overall.f1 - 0.5).abs() < 1e-9);
    }
}
