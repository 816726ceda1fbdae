//! CoNLL-2003-style column files: one token a line (word first, tag last), blank lines
//! between sentences, `-DOCSTART-` between documents. 2-, 3- and 4-column files are read
//! alike. Files without `-DOCSTART-` (as shipped here) are cut into documents at the
//! headline before each Reuters dateline ("BRUSSELS 1996-08-22").

use std::path::Path;

use crate::doc::{Article, Doc, Sentence, SentenceKind, Span, Token, TokenKind};
use crate::error::{Error, IoContext, Result};
use crate::segment::tokens::classify;

/// One gold sentence: words and their IOB tags.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConllSentence {
    pub words: Vec<String>,
    pub tags: Vec<String>,
}

pub type ConllDoc = Vec<ConllSentence>;

pub fn read_conll(path: &Path) -> Result<Vec<ConllDoc>> {
    let text = std::fs::read_to_string(path).at(path)?;
    parse_conll(&text).map_err(|e| Error::Dataset(format!("{}: {e}", path.display())))
}

pub fn parse_conll(text: &str) -> Result<Vec<ConllDoc>, String> {
    let mut docs: Vec<ConllDoc> = vec![Vec::new()];
    let mut current = ConllSentence::default();
    let mut saw_docstart = false;
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.first() == Some(&"-DOCSTART-") {
            saw_docstart = true;
            push_sentence(&mut docs, &mut current);
            if !docs.last().is_some_and(Vec::is_empty) {
                docs.push(Vec::new());
            }
            continue;
        }
        if cols.is_empty() {
            push_sentence(&mut docs, &mut current);
            continue;
        }
        if cols.len() < 2 {
            return Err(format!("line {}: expected `WORD ... TAG`, found {line:?}", n + 1));
        }
        current.words.push(cols[0].to_string());
        current.tags.push(cols[cols.len() - 1].to_string());
    }
    push_sentence(&mut docs, &mut current);
    if !saw_docstart {
        let sentences = std::mem::take(&mut docs[0]);
        let mut bounds: Vec<usize> = vec![0];
        bounds.extend((2..sentences.len()).filter(|&i| is_dateline(&sentences[i].words)).map(|i| i - 1));
        bounds.push(sentences.len());
        bounds.dedup();
        docs = bounds.windows(2).map(|w| sentences[w[0]..w[1]].to_vec()).collect();
    }
    docs.retain(|d| !d.is_empty());
    Ok(docs)
}

fn push_sentence(docs: &mut [ConllDoc], current: &mut ConllSentence) {
    if !current.words.is_empty() {
        if let Some(doc) = docs.last_mut() {
            doc.push(std::mem::take(current));
        }
    }
}

/// "BRUSSELS 1996-08-22", "NEW YORK 1996-12-06".
pub fn is_dateline<S: AsRef<str>>(words: &[S]) -> bool {
    words.len() <= 6
        && words.last().is_some_and(|w| {
            let w = w.as_ref();
            w.len() == 10 && w.bytes().filter(|&b| b == b'-').count() == 2 && w.starts_with(|c: char| c.is_ascii_digit())
        })
}

/// A Doc over gold tokens: words joined by spaces, sentences by newlines, so that the
/// taggers run on exactly the gold tokenization.
pub fn gold_doc(id: &str, doc: &ConllDoc) -> Doc {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut chars = 0;
    for (si, s) in doc.iter().enumerate() {
        if si > 0 {
            text.push('\n');
            chars += 1;
        }
        let first = tokens.len();
        for (wi, w) in s.words.iter().enumerate() {
            if wi > 0 {
                text.push(' ');
                chars += 1;
            }
            let n = w.chars().count();
            let span = Span { start_byte: text.len(), end_byte: text.len() + w.len(), start_char: chars, end_char: chars + n };
            text.push_str(w);
            chars += n;
            tokens.push(Token::new(span, if w.is_empty() { TokenKind::Punct } else { classify(w) }));
        }
        let span = tokens[first].span.cover(&tokens[tokens.len() - 1].span);
        sentences.push(Sentence { span, kind: SentenceKind::Body, tokens: first..tokens.len() });
    }
    let mut d = Doc::new(Article::from_text(id, &text));
    d.tokens = tokens;
    d.sentences = sentences;
    d
}

/// Gold entity spans of a sentence as (start token, end token, type) from IOB1/IOB2 tags.
pub fn spans_from_tags<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, ty) = tag.split_once('-').unwrap_or((tag, ""));
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, t)| t == ty);
        if !continues {
            if let Some((s, t)) = open.take() {
                spans.push((s, i, t));
            }
            if prefix == "B" || prefix == "I" {
                open = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, t)) = open {
        spans.push((s, tags.len(), t));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_columns_and_spans() {
        let docs = parse_conll("EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\nPeter B-PER\nBlackburn I-PER\n").unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].len(), 2);
        assert_eq!(spans_from_tags(&docs[0][0].tags), [(0, 1, "ORG".into()), (2, 3, "MISC".into())]);
        assert_eq!(spans_from_tags(&["I-PER", "I-PER", "B-PER", "O", "I-LOC"]), [(0, 2, "PER".into()), (2, 3, "PER".into()), (4, 5, "LOC".into())]);
        let d = gold_doc("x", &docs[0]);
        assert_eq!(d.text(), "EU rejects German\nPeter Blackburn");
        assert_eq!(d.sentences[1].tokens, 3..5);
    }

    #[test]
    fn documents_split_at_datelines_and_docstart() {
        let text = "H1 O\n\nBRUSSELS B-LOC\n1996-08-22 O\n\nBody O\n\nH2 O\n\nLONDON B-LOC\n1996-08-23 O\n\nMore O\n";
        assert_eq!(parse_conll(text).unwrap().len(), 2);
        let text = "-DOCSTART- -X- O\n\nA O\n\n-DOCSTART- -X- O\n\nB O\n";
        assert_eq!(parse_conll(text).unwrap().len(), 2);
        assert!(parse_conll("lonely\n").unwrap_err().contains("line 1"));
    }
}
