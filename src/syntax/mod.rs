//! Syntax stage: part-of-speech tags and lemmas (`pos.rs`, `lemma.rs`), then a labelled
//! dependency parse (`parser.rs`), over dyad's own tokens, sentence by sentence. Tokens
//! get `upos`, `xpos`, `lemma`, `head` (index into `Doc::tokens`) and `deprel`.
//!
//! Models are trained by `dyad train pos` / `dyad train parse` from UD English EWT and
//! shipped in models/syntax/ (see its MODEL_CARD.md).

pub mod conllu;
pub mod lemma;
pub mod parser;
pub mod pos;

use std::sync::Arc;

use crate::doc::Doc;
use crate::pipeline::{Stage, StageError};
use lemma::Lemmatizer;
use parser::{Parser, ParserInput};
use pos::{PosTagger, WordInfo};

/// The syntax models a pipeline runs.
pub struct Syntax {
    tagger: PosTagger,
    lemmatizer: Lemmatizer,
    /// `None`: tags and lemmas only.
    parser: Option<Parser>,
    /// The tagger's `VERB/VBD` and `VERB/VBN` tags, for [`Syntax::fix_participles`]
    /// (looked up once here, not per sentence).
    past_tags: Option<(usize, usize)>,
}

/// One sentence's analysis, before it is written into the tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub upos: Vec<Arc<str>>,
    pub xpos: Vec<Arc<str>>,
    pub lemmas: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub deprels: Vec<Arc<str>>,
}

impl Syntax {
    pub fn new(tagger: PosTagger, lemmatizer: Lemmatizer, parser: Option<Parser>) -> Syntax {
        let past_tags = tagger.tag_index("VERB/VBD").zip(tagger.tag_index("VERB/VBN"));
        Syntax { tagger, lemmatizer, parser, past_tags }
    }

    /// The shipped models; `None` when this build has none.
    pub fn builtin() -> Option<Syntax> {
        crate::models::embedded_syntax()
    }

    /// Part-of-speech tags (joint tag indices) of one sentence, without lemmas or parse.
    pub fn tag_only(&self, forms: &[&str]) -> Vec<usize> {
        let words: Vec<WordInfo> = forms.iter().map(|f| WordInfo::of(f)).collect();
        self.tagger.tag_indices(&words)
    }

    /// Tags, lemmatises and parses one sentence given as word forms.
    pub fn analyse(&self, forms: &[&str]) -> Analysis {
        let words: Vec<WordInfo> = forms.iter().map(|f| WordInfo::of(f)).collect();
        let mut tags = self.tagger.tag_indices(&words);
        self.fix_participles(forms, &mut tags);
        let mut upos = Vec::with_capacity(forms.len());
        let mut xpos = Vec::with_capacity(forms.len());
        let mut lemmas = Vec::with_capacity(forms.len());
        let mut joint = Vec::with_capacity(forms.len());
        let mut coarse = Vec::with_capacity(forms.len());
        for (form, &t) in forms.iter().zip(&tags) {
            let (u, x) = self.tagger.split_shared(t);
            lemmas.push(self.lemmatizer.lemma(form, &u));
            let (tag_hash, upos_hash) = self.tagger.tag_hashes(t);
            joint.push(tag_hash);
            coarse.push(upos_hash);
            upos.push(u);
            xpos.push(x);
        }
        let (heads, deprels) = match &self.parser {
            Some(p) => {
                let parse = p.parse(&ParserInput { words, tags: joint, coarse });
                (parse.heads, parse.labels)
            }
            None => (vec![None; forms.len()], vec![Arc::from(""); forms.len()]),
        };
        Analysis { upos, xpos, lemmas, heads, deprels }
    }

    /// Past forms the web-text tagger reads as adjectives in news ("when it infected
    /// Saudi Aramco", "hackers have targeted agencies"): after a subject pronoun an -ed
    /// word is a past-tense verb, after a form of "have" a participle.
    fn fix_participles(&self, forms: &[&str], tags: &mut [usize]) {
        let Some((vbd, vbn)) = self.past_tags else { return };
        let mut seen_verb = false;
        for i in 1..forms.len() {
            let (prev_upos, prev_xpos) = self.tagger.split(tags[i - 1]);
            let prev_nominal = matches!(prev_upos, "NOUN" | "PROPN");
            seen_verb |= matches!(prev_upos, "VERB" | "AUX") && prev_xpos != "VBN";
            let word = forms[i];
            if !(word.len() > 4 && word.ends_with("ed") && word.chars().all(|c| c.is_ascii_lowercase())) {
                continue;
            }
            let (upos, xpos) = self.tagger.split(tags[i]);
            if !(upos == "ADJ" || xpos == "VBN" || xpos == "VBD") {
                continue;
            }
            let prev = forms[i - 1].to_lowercase();
            let before = if i >= 2 { forms[i - 2].to_lowercase() } else { String::new() };
            let next_is_noun_phrase = forms.get(i + 1).is_some_and(|n| n.chars().next().is_some_and(|c| c.is_alphanumeric()));
            // "Russian hackers infected Ukrainian companies", "The EU imposed sanctions":
            // the first verb of the sentence, after a noun, before a noun phrase.
            let next_starts_np = forms.get(i + 1).is_some_and(|_| matches!(self.tagger.split(tags[i + 1]).0, "DET" | "PROPN" | "ADJ" | "NOUN" | "NUM" | "PRON"));
            let after_pronoun = matches!(prev.as_str(), "he" | "she" | "it" | "they" | "we" | "who") && next_is_noun_phrase;
            let opens_predicate = prev_nominal && !seen_verb && next_starts_np && (upos == "ADJ" || xpos == "VBN");
            if after_pronoun || opens_predicate {
                tags[i] = vbd;
            } else if matches!(prev.as_str(), "have" | "has" | "had") || (matches!(before.as_str(), "have" | "has" | "had") && prev.ends_with("ly")) {
                tags[i] = vbn;
            }
        }
    }
}

impl Stage for Syntax {
    fn name(&self) -> &'static str {
        "syntax"
    }

    fn version(&self) -> String {
        match &self.parser {
            Some(p) => format!("{}+{}", self.tagger.meta.version, p.meta.version),
            None => self.tagger.meta.version.clone(),
        }
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        let text = &doc.article.text;
        for sentence in &doc.sentences {
            let range = sentence.tokens.clone();
            let forms: Vec<&str> = doc.tokens[range.clone()].iter().map(|t| t.span.slice(text)).collect();
            if forms.is_empty() {
                continue;
            }
            let a = self.analyse(&forms);
            for (k, token) in doc.tokens[range.clone()].iter_mut().enumerate() {
                token.upos = Some(a.upos[k].clone());
                token.xpos = Some(a.xpos[k].clone());
                token.lemma = Some(a.lemmas[k].clone());
                if self.parser.is_some() {
                    token.head = a.heads[k].map(|h| range.start + h);
                    token.deprel = Some(a.deprels[k].clone());
                }
            }
        }
        Ok(())
    }
}
