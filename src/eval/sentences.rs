//! Sentence-split evaluation against gold corpora: UD CoNLL-U (EWT) and CoNLL-2003.
//!
//! Documents are rebuilt from the gold sentences, the segmenter splits them, and a
//! predicted sentence counts as correct when its character span equals a gold one
//! (exact match, whitespace-trimmed): the strict measure, as in spaCy's `sents_f`.

use std::collections::HashSet;
use std::path::Path;

use serde::Serialize;

use crate::doc::{Article, Doc};
use crate::error::{IoContext, Result};
use crate::eval::Prf;
use crate::segment::Segmenter;

/// How gold sentences are laid out in the rebuilt text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Sentences of a paragraph joined by a space, paragraphs by a newline (news layout).
    Paragraphs,
    /// Every sentence of the document joined by a space (hardest: no line cues).
    Running,
}

/// A gold document: paragraphs of sentences.
#[derive(Debug, Default, Clone)]
pub struct GoldDoc {
    pub paragraphs: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SplitScore {
    pub layout: Layout,
    pub documents: usize,
    #[serde(flatten)]
    pub score: Prf,
    /// Gold sentences the segmenter did not produce exactly, with what it produced there.
    #[serde(skip)]
    pub errors: Vec<(String, Vec<String>)>,
}

/// Reads CoNLL-U: `# newdoc`, `# newpar` and `# text =` lines give the layout.
pub fn read_conllu(path: &Path) -> Result<Vec<GoldDoc>> {
    let text = std::fs::read_to_string(path).at(path)?;
    let mut docs: Vec<GoldDoc> = Vec::new();
    for line in text.lines() {
        if line.starts_with("# newdoc") || docs.is_empty() && line.starts_with("# text") {
            docs.push(GoldDoc::default());
        }
        let doc = match docs.last_mut() {
            Some(d) => d,
            None => continue,
        };
        if line.starts_with("# newpar") || (doc.paragraphs.is_empty() && line.starts_with("# text")) {
            doc.paragraphs.push(Vec::new());
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            if let Some(p) = doc.paragraphs.last_mut() {
                p.push(t.trim().to_string());
            }
        }
    }
    Ok(docs)
}

/// Reads CoNLL-2003 gold sentences. Each sentence is its own paragraph, as in the
/// Reuters originals where headlines, datelines, table rows and most sentences are lines
/// of their own.
pub fn read_conll(path: &Path) -> Result<Vec<GoldDoc>> {
    Ok(crate::eval::conll::read_conll(path)?
        .into_iter()
        .map(|d| GoldDoc { paragraphs: d.into_iter().map(|s| vec![s.words.join(" ")]).collect() })
        .collect())
}

/// Rebuilds the text of a gold document and the char spans of its sentences.
pub fn layout_text(doc: &GoldDoc, layout: Layout) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut chars = 0;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        for (si, s) in p.iter().enumerate() {
            if pi + si > 0 {
                let sep = if si == 0 && layout == Layout::Paragraphs { "\n" } else { " " };
                text.push_str(sep);
                chars += 1;
            }
            let n = s.chars().count();
            spans.push((chars, chars + n));
            text.push_str(s);
            chars += n;
        }
    }
    (text, spans)
}

/// Scores the segmenter on gold documents.
pub fn score(docs: &[GoldDoc], layout: Layout) -> SplitScore {
    let seg = Segmenter::new();
    let (mut gold_n, mut pred_n, mut correct) = (0, 0, 0);
    let mut errors = Vec::new();
    for gd in docs {
        let (text, gold) = layout_text(gd, layout);
        let mut doc = Doc::new(Article::from_text("eval", &text));
        seg.segment(&mut doc);
        let gold: HashSet<(usize, usize)> = gold.into_iter().collect();
        gold_n += gold.len();
        pred_n += doc.sentences.len();
        let predicted: HashSet<(usize, usize)> = doc.sentences.iter().map(|s| (s.span.start_char, s.span.end_char)).collect();
        correct += predicted.intersection(&gold).count();
        let mut missed: Vec<&(usize, usize)> = gold.difference(&predicted).collect();
        missed.sort();
        let slice = |a: usize, b: usize| text.chars().skip(a).take(b - a).collect::<String>();
        for &(a, b) in missed {
            let overlapping = doc.sentences.iter().filter(|s| s.span.start_char < b && s.span.end_char > a).map(|s| slice(s.span.start_char, s.span.end_char)).collect();
            errors.push((slice(a, b), overlapping));
        }
    }
    SplitScore { layout, documents: docs.len(), score: Prf::new(gold_n, pred_n, correct), errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_split_scores_one() {
        let doc = GoldDoc { paragraphs: vec![vec!["Iran downs drone".into()], vec!["The US said so.".into(), "Iran denied it.".into()]] };
        let s = score(&[doc.clone()], Layout::Paragraphs);
        assert_eq!((s.score.gold, s.score.correct), (3, 3));
        assert!((s.score.f1 - 1.0).abs() < 1e-9);
        let (text, _) = layout_text(&doc, Layout::Running);
        assert_eq!(text, "Iran downs drone The US said so. Iran denied it.");
    }
}
