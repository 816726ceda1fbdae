//! Scorers shared by the CLI (`dyad eval ...`) and the tests.

use serde::Serialize;

pub mod actors;
pub mod conll;
pub mod events;
pub mod ner;
pub mod sentences;
pub mod syntax;
pub mod weapons;

/// The records of a JSONL file (blank lines skipped); a bad line is an error naming the
/// file and line.
pub fn read_jsonl<T: serde::de::DeserializeOwned>(path: &std::path::Path) -> crate::error::Result<Vec<T>> {
    use crate::error::IoContext;
    let text = std::fs::read_to_string(path).at(path)?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| crate::error::Error::Dataset(format!("{}:{}: {e}", path.display(), i + 1))))
        .collect()
}

/// Precision, recall and F1. Precision and recall may count matches differently (an
/// overlap measure counts matched predictions and matched gold items separately).
pub fn prf(correct_predicted: usize, predicted: usize, correct_gold: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 { 0.0 } else { correct_predicted as f64 / predicted as f64 };
    let r = if gold == 0 { 0.0 } else { correct_gold as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

/// Counts and scores of one exact-match comparison.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(gold: usize, predicted: usize, correct: usize) -> Prf {
        let (precision, recall, f1) = prf(correct, predicted, correct, gold);
        Prf { gold, predicted, correct, precision, recall, f1 }
    }

    /// Recomputes the scores from the counts.
    pub fn finish(&mut self) {
        *self = Prf::new(self.gold, self.predicted, self.correct);
    }
}
