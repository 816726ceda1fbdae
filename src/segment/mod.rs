//! Segment stage: tokens and sentences with byte and char offsets.
//!
//! Runs first on every article. Memory is proportional to the article (tokens and
//! sentences only), so an article of any length is segmented whole.

mod abbreviations;
pub mod sentences;
pub mod tokens;

use crate::doc::Doc;
use crate::pipeline::{Stage, StageError};

pub use sentences::split_sentences;
pub use tokens::tokenize;

/// The rule-based news segmenter.
#[derive(Debug, Default, Clone)]
pub struct Segmenter;

impl Segmenter {
    pub fn new() -> Segmenter {
        Segmenter
    }

    /// Tokens and sentences of `doc`, replacing any earlier ones.
    pub fn segment(&self, doc: &mut Doc) {
        doc.tokens.clear();
        doc.sentences.clear();
        tokenize(&doc.article.text, &mut doc.tokens);
        let title_line = title_is_first_line(doc);
        split_sentences(&doc.article.text, &doc.tokens, title_line, &mut doc.sentences);
    }
}

/// Plain-text input keeps its title inside the text as the first line.
fn title_is_first_line(doc: &Doc) -> bool {
    match &doc.article.title {
        Some(title) => doc.article.text.lines().next().is_some_and(|l| l.trim() == title.trim()),
        None => false,
    }
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn version(&self) -> String {
        "rules-1".to_string()
    }

    fn process(&self, doc: &mut Doc) -> Result<(), StageError> {
        self.segment(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Article;
    use proptest::prelude::*;

    proptest! {
        // Any text: token and sentence offsets slice back to their own text, in bytes
        // and in chars, tokens never overlap and never contain whitespace.
        #[test]
        fn offsets_round_trip(text in "(\\PC|[ \\n\\t.,'’\"“”!?()—-]){0,200}") {
            let mut doc = Doc::new(Article::from_text("p", &text));
            Segmenter.segment(&mut doc);
            let chars: Vec<char> = text.chars().collect();
            let mut prev_end = 0;
            for t in &doc.tokens {
                prop_assert!(t.span.start_byte >= prev_end && t.span.start_byte < t.span.end_byte);
                prev_end = t.span.end_byte;
                let by_bytes = t.span.slice(&text);
                let by_chars: String = chars[t.span.start_char..t.span.end_char].iter().collect();
                prop_assert_eq!(by_bytes, by_chars.as_str());
                prop_assert!(!by_bytes.chars().any(char::is_whitespace));
            }
            for s in &doc.sentences {
                let by_chars: String = chars[s.span.start_char..s.span.end_char].iter().collect();
                prop_assert_eq!(s.span.slice(&text), by_chars.as_str());
            }
            // Every non-space char is in exactly one token.
            let covered: usize = doc.tokens.iter().map(|t| t.span.end_char - t.span.start_char).sum();
            prop_assert_eq!(covered, text.chars().filter(|c| !c.is_whitespace()).count());
            // Sentences partition the tokens in order.
            let mut next = 0;
            for s in &doc.sentences {
                prop_assert_eq!(s.tokens.start, next);
                next = s.tokens.end;
            }
            prop_assert_eq!(next, doc.tokens.len());
        }
    }
}
