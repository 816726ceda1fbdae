//! Weapon gold-set scoring: `tests/fixtures/weapons_gold.jsonl`, one sentence a line,
//! `{"id", "text", "spans": [{"start_char", "end_char", "text", "class"}]}`.
//!
//! Each sentence is segmented with [`Segmenter`] and tagged with a [`WeaponLexicon`];
//! predictions are compared with the gold spans by char offsets:
//! - exact: a prediction is correct when its span equals a gold span (class ignored),
//!   giving precision, recall and F1;
//! - class accuracy: the share of exactly matched spans whose class is the gold class;
//! - lenient: a prediction counts when it overlaps a gold span, a gold span when some
//!   prediction overlaps it (overlap precision, recall, F1);
//! - per class: exact span and class, by gold class.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::doc::{Article, Doc, WeaponClass};
use crate::error::{Error, IoContext, Result};
use crate::segment::Segmenter;
use crate::tag::weapons::{parse_class, WeaponLexicon};

#[derive(Debug, Clone, Deserialize)]
struct GoldLine {
    id: String,
    text: String,
    spans: Vec<GoldSpan>,
}

#[derive(Debug, Clone, Deserialize)]
struct GoldSpan {
    start_char: usize,
    end_char: usize,
    text: String,
    class: String,
}

/// Scores by gold class: exact span and class.
pub type ClassScore = crate::eval::Prf;

/// One disagreement with the gold set.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GoldDiff {
    pub id: String,
    /// `missed`, `spurious` or `class` (span right, class wrong).
    pub kind: &'static str,
    pub text: String,
    pub gold_class: Option<String>,
    pub predicted_class: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeaponScore {
    pub lexicon_version: String,
    pub sentences: usize,
    /// Sentences without any gold weapon.
    pub negative_sentences: usize,
    /// ... of which the tagger left untouched.
    pub negative_sentences_clean: usize,
    pub gold: usize,
    pub predicted: usize,
    pub exact_matches: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Of the exactly matched spans, the share with the gold class.
    pub class_accuracy: f64,
    pub class_correct: usize,
    pub overlap_precision: f64,
    pub overlap_recall: f64,
    pub overlap_f1: f64,
    pub per_class: BTreeMap<String, ClassScore>,
    pub errors: Vec<GoldDiff>,
}


/// Reads and checks the gold file: every span's offsets must slice back to its text.
fn read_gold(path: &Path) -> Result<Vec<(GoldLine, Vec<(usize, usize, WeaponClass)>)>> {
    let text = std::fs::read_to_string(path).at(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |m: String| Error::Dataset(format!("{}: line {}: {m}", path.display(), i + 1));
        let g: GoldLine = serde_json::from_str(line).map_err(|e| at(e.to_string()))?;
        let chars: Vec<char> = g.text.chars().collect();
        let mut spans = Vec::new();
        for s in &g.spans {
            if s.start_char >= s.end_char || s.end_char > chars.len() {
                return Err(at(format!("span {}..{} outside the text", s.start_char, s.end_char)));
            }
            let slice: String = chars[s.start_char..s.end_char].iter().collect();
            if slice != s.text {
                return Err(at(format!("span {}..{} is {slice:?}, not {:?}", s.start_char, s.end_char, s.text)));
            }
            let class = parse_class(&s.class).ok_or_else(|| at(format!("unknown class {:?}", s.class)))?;
            spans.push((s.start_char, s.end_char, class));
        }
        out.push((g, spans));
    }
    Ok(out)
}

/// Segments, tags and scores every gold sentence.
pub fn score_gold(path: &Path, lexicon: &WeaponLexicon) -> Result<WeaponScore> {
    let gold = read_gold(path)?;
    let segmenter = Segmenter::new();
    let (mut n_gold, mut n_pred, mut exact, mut class_ok) = (0, 0, 0, 0);
    let (mut ov_p, mut ov_r) = (0, 0);
    let (mut negatives, mut clean) = (0, 0);
    let mut per: BTreeMap<String, ClassScore> = BTreeMap::new();
    let mut errors = Vec::new();
    for (g, spans) in &gold {
        let mut doc = Doc::new(Article::from_text(&g.id, &g.text));
        segmenter.segment(&mut doc);
        let pred: Vec<(usize, usize, WeaponClass, String)> = lexicon
            .tag(&doc)
            .into_iter()
            .map(|e| (e.span.start_char, e.span.end_char, e.weapon_class.unwrap_or(WeaponClass::Other), e.text))
            .collect();
        n_gold += spans.len();
        n_pred += pred.len();
        if spans.is_empty() {
            negatives += 1;
            if pred.is_empty() {
                clean += 1;
            }
        }
        for &(s, e, c) in spans {
            per.entry(c.as_str().to_string()).or_default().gold += 1;
            let _ = (s, e);
        }
        for p in &pred {
            per.entry(p.2.as_str().to_string()).or_default().predicted += 1;
            match spans.iter().find(|&&(s, e, _)| s == p.0 && e == p.1) {
                Some(&(_, _, gc)) => {
                    exact += 1;
                    if gc == p.2 {
                        class_ok += 1;
                        per.entry(gc.as_str().to_string()).or_default().correct += 1;
                    } else {
                        errors.push(GoldDiff {
                            id: g.id.clone(),
                            kind: "class",
                            text: p.3.clone(),
                            gold_class: Some(gc.as_str().to_string()),
                            predicted_class: Some(p.2.as_str().to_string()),
                        });
                    }
                }
                None => errors.push(GoldDiff {
                    id: g.id.clone(),
                    kind: "spurious",
                    text: p.3.clone(),
                    gold_class: None,
                    predicted_class: Some(p.2.as_str().to_string()),
                }),
            }
            if spans.iter().any(|&(s, e, _)| s < p.1 && p.0 < e) {
                ov_p += 1;
            }
        }
        let chars: Vec<char> = g.text.chars().collect();
        for &(s, e, c) in spans {
            if pred.iter().any(|p| p.0 < e && s < p.1) {
                ov_r += 1;
            }
            if !pred.iter().any(|p| p.0 == s && p.1 == e) {
                errors.push(GoldDiff {
                    id: g.id.clone(),
                    kind: "missed",
                    text: chars[s..e].iter().collect(),
                    gold_class: Some(c.as_str().to_string()),
                    predicted_class: None,
                });
            }
        }
    }
    for cs in per.values_mut() {
        cs.finish();
    }
    let (precision, recall, f1) = crate::eval::prf(exact, n_pred, exact, n_gold);
    let (overlap_precision, overlap_recall, overlap_f1) = crate::eval::prf(ov_p, n_pred, ov_r, n_gold);
    Ok(WeaponScore {
        lexicon_version: lexicon.version(),
        sentences: gold.len(),
        negative_sentences: negatives,
        negative_sentences_clean: clean,
        gold: n_gold,
        predicted: n_pred,
        exact_matches: exact,
        precision,
        recall,
        f1,
        class_accuracy: if exact == 0 { 0.0 } else { class_ok as f64 / exact as f64 },
        class_correct: class_ok,
        overlap_precision,
        overlap_recall,
        overlap_f1,
        per_class: per,
        errors,
    })
}
