//! Scores the syntax stage against CoNLL-U gold: on the gold tokens (accuracies, as
//! parsers are usually compared), and on dyad's own tokens from the sentence text,
//! aligned by characters (F1 over words, as in the CoNLL 2018 shared task: a word counts
//! when dyad has a token with exactly its span and gets the attribute right; heads must
//! point at the token aligned with the gold head).

use std::collections::HashMap;

use serde::Serialize;

use crate::doc::{Article, Doc};
use crate::pipeline::Stage;
use crate::segment::Segmenter;
use crate::syntax::conllu::Sentence;
use crate::syntax::Syntax;

/// Accuracies over gold tokens.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldTokenScores {
    pub sentences: usize,
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    pub las: f64,
    /// UAS and LAS leaving out punctuation (PTB-style, for comparison with older papers).
    pub uas_no_punct: f64,
    pub las_no_punct: f64,
    pub seconds: f64,
}

/// Precision, recall and F1 of one attribute over aligned words.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Prf {
    pub correct: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(correct: usize, system: usize, gold: usize) -> Prf {
        let (precision, recall, f1) = crate::eval::prf(correct, system, correct, gold);
        Prf { correct, precision, recall, f1 }
    }
}

/// Scores on dyad's own tokenisation.
#[derive(Debug, Clone, Default, Serialize)]
pub struct OwnTokenScores {
    pub gold_words: usize,
    pub system_tokens: usize,
    pub tokens: Prf,
    pub upos: Prf,
    pub lemma: Prf,
    pub uas: Prf,
    pub las: Prf,
}

/// Tags and parses the gold words of every sentence and compares.
pub fn score_gold_tokens(syntax: &Syntax, sentences: &[Sentence]) -> GoldTokenScores {
    let started = std::time::Instant::now();
    let mut s = GoldTokenScores { sentences: sentences.len(), ..Default::default() };
    let (mut upos, mut xpos, mut lemma, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut content, mut uas_np, mut las_np) = (0usize, 0usize, 0usize);
    for sentence in sentences {
        let forms: Vec<&str> = sentence.words.iter().map(|w| w.form.as_str()).collect();
        let a = syntax.analyse(&forms);
        for (i, w) in sentence.words.iter().enumerate() {
            s.words += 1;
            upos += (*a.upos[i] == *w.upos) as usize;
            xpos += (*a.xpos[i] == *w.xpos) as usize;
            lemma += (a.lemmas[i] == w.lemma) as usize;
            let head_ok = a.heads[i] == w.head;
            let label_ok = head_ok && *a.deprels[i] == *w.deprel;
            uas += head_ok as usize;
            las += label_ok as usize;
            if w.upos != "PUNCT" {
                content += 1;
                uas_np += head_ok as usize;
                las_np += label_ok as usize;
            }
        }
    }
    let n = s.words.max(1) as f64;
    s.upos = upos as f64 / n;
    s.xpos = xpos as f64 / n;
    s.lemma = lemma as f64 / n;
    s.uas = uas as f64 / n;
    s.las = las as f64 / n;
    s.uas_no_punct = uas_np as f64 / content.max(1) as f64;
    s.las_no_punct = las_np as f64 / content.max(1) as f64;
    s.seconds = started.elapsed().as_secs_f64();
    s
}

/// Segments each sentence's text with dyad, runs the syntax stage, and aligns by chars.
/// Sentences without a `# text` (or whose forms cannot be found in it) are skipped.
pub fn score_own_tokens(syntax: &Syntax, sentences: &[Sentence]) -> OwnTokenScores {
    let segmenter = Segmenter::new();
    let mut out = OwnTokenScores::default();
    let (mut tok, mut upos, mut lemma, mut uas, mut las) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for sentence in sentences {
        if sentence.text.is_empty() || sentence.words.iter().any(|w| w.chars.is_none()) {
            continue;
        }
        let mut doc = Doc::new(Article::from_text("eval", &sentence.text));
        if segmenter.process(&mut doc).is_err() || syntax.process(&mut doc).is_err() {
            continue;
        }
        out.gold_words += sentence.words.len();
        out.system_tokens += doc.tokens.len();
        let by_span: HashMap<(usize, usize), usize> = doc.tokens.iter().enumerate().map(|(i, t)| ((t.span.start_char, t.span.end_char), i)).collect();
        // Words of a multi-word token share its span and cannot align one-to-one.
        let mut span_count: HashMap<(usize, usize), usize> = HashMap::new();
        for w in &sentence.words {
            *span_count.entry(w.chars.unwrap_or_default()).or_default() += 1;
        }
        let align: Vec<Option<usize>> = sentence
            .words
            .iter()
            .map(|w| w.chars.filter(|c| span_count[c] == 1).and_then(|c| by_span.get(&c).copied()))
            .collect();
        for (i, w) in sentence.words.iter().enumerate() {
            let Some(t) = align[i] else { continue };
            let token = &doc.tokens[t];
            tok += 1;
            upos += (token.upos.as_deref() == Some(w.upos.as_str())) as usize;
            lemma += (token.lemma.as_deref() == Some(w.lemma.as_str())) as usize;
            let head_ok = match w.head {
                None => token.head.is_none(),
                Some(h) => align[h].is_some() && token.head == align[h],
            };
            uas += head_ok as usize;
            las += (head_ok && token.deprel.as_deref() == Some(w.deprel.as_str())) as usize;
        }
    }
    let (sys, gold) = (out.system_tokens, out.gold_words);
    out.tokens = Prf::new(tok, sys, gold);
    out.upos = Prf::new(upos, sys, gold);
    out.lemma = Prf::new(lemma, sys, gold);
    out.uas = Prf::new(uas, sys, gold);
    out.las = Prf::new(las, sys, gold);
    out
}
