//! CoNLL-U (Universal Dependencies) files: the training and evaluation data of the
//! syntax models. Syntactic words are kept; multi-word token lines ("don't" over "do"
//! + "n't") give the surface span their words share; empty nodes (enhanced
//! dependencies, "8.1") are skipped.

use std::path::Path;

use crate::error::{Error, IoContext, Result};

/// One syntactic word.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 0-based index of the head word; `None` for the root.
    pub head: Option<usize>,
    pub deprel: String,
    /// Char offsets into the sentence `text`, when the text is given and the forms
    /// can be found in it (words of one multi-word token share its span).
    pub chars: Option<(usize, usize)>,
}

/// One sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sentence {
    pub id: String,
    /// The `# text =` comment.
    pub text: String,
    pub words: Vec<Word>,
}

/// Reads a CoNLL-U file; errors name the file and line.
pub fn read_conllu(path: &Path) -> Result<Vec<Sentence>> {
    let text = std::fs::read_to_string(path).at(path)?;
    parse_conllu(&text).map_err(|(line, msg)| Error::Usage(format!("{}:{line}: {msg}", path.display())))
}

/// Parses CoNLL-U text; an error gives the 1-based line and what is wrong.
pub fn parse_conllu(text: &str) -> Result<Vec<Sentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut sentence = Sentence::default();
    // Multi-word token ranges of the current sentence: (first id, last id, form).
    let mut ranges: Vec<(usize, usize, String)> = Vec::new();
    let mut heads: Vec<(usize, Option<usize>)> = Vec::new();
    for (i, line) in text.lines().enumerate().chain(std::iter::once((usize::MAX, ""))) {
        let lineno = i.wrapping_add(1);
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sentence.words.is_empty() {
                for (w, h) in heads.drain(..) {
                    if let Some(h) = h {
                        if h >= sentence.words.len() {
                            return Err((lineno, format!("head {} outside the sentence", h + 1)));
                        }
                    }
                    sentence.words[w].head = h;
                }
                align_chars(&mut sentence, &ranges);
                out.push(std::mem::take(&mut sentence));
            }
            ranges.clear();
            heads.clear();
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(t) = comment.strip_prefix("text =") {
                sentence.text = t.trim().to_string();
            } else if let Some(id) = comment.strip_prefix("sent_id =") {
                sentence.id = id.trim().to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err((lineno, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains('.') {
            continue;
        }
        if let Some((a, b)) = cols[0].split_once('-') {
            let (a, b) = (a.parse::<usize>(), b.parse::<usize>());
            match (a, b) {
                (Ok(a), Ok(b)) if a >= 1 && b >= a => ranges.push((a - 1, b - 1, cols[1].to_string())),
                _ => return Err((lineno, format!("bad token range {:?}", cols[0]))),
            }
            continue;
        }
        let id: usize = cols[0].parse().map_err(|_| (lineno, format!("bad word id {:?}", cols[0])))?;
        if id != sentence.words.len() + 1 {
            return Err((lineno, format!("word id {id} out of sequence")));
        }
        let head = match cols[6] {
            "_" => None,
            h => {
                let h: usize = h.parse().map_err(|_| (lineno, format!("bad head {h:?}")))?;
                h.checked_sub(1)
            }
        };
        heads.push((id - 1, head));
        sentence.words.push(Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head: None,
            deprel: cols[7].to_string(),
            chars: None,
        });
    }
    Ok(out)
}

/// Finds each word (or its multi-word token) in the sentence text, left to right.
fn align_chars(sentence: &mut Sentence, ranges: &[(usize, usize, String)]) {
    if sentence.text.is_empty() {
        return;
    }
    let chars: Vec<char> = sentence.text.chars().collect();
    let mut at = 0usize;
    let mut w = 0usize;
    while w < sentence.words.len() {
        let (last, form) = match ranges.iter().find(|r| r.0 == w) {
            Some((_, b, form)) => (*b, form.as_str()),
            None => (w, sentence.words[w].form.as_str()),
        };
        let form: Vec<char> = form.chars().collect();
        while at < chars.len() && chars[at].is_whitespace() {
            at += 1;
        }
        if chars.get(at..at + form.len()) != Some(&form[..]) {
            // Text and forms disagree (rare typo fixes in the treebank): no spans.
            sentence.words.iter_mut().for_each(|w| w.chars = None);
            return;
        }
        let end = last.min(sentence.words.len() - 1);
        for word in &mut sentence.words[w..=end] {
            word.chars = Some((at, at + form.len()));
        }
        at += form.len();
        w = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_words_heads_and_spans() {
        let s = parse_conllu(SAMPLE).unwrap();
        assert_eq!(s.len(), 1);
        let w = &s[0].words;
        assert_eq!(w.len(), 5);
        assert_eq!(w[0].head, Some(3));
        assert_eq!(w[3].head, None);
        assert_eq!(w[3].deprel, "root");
        assert_eq!(w[1].chars, Some((2, 7)));
        assert_eq!(w[2].chars, Some((2, 7)));
        assert_eq!(w[4].chars, Some((12, 13)));
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_conllu("1\tI\tI\tPRON\n").unwrap_err();
        assert_eq!(err.0, 1);
        let err = parse_conllu("1\tI\tI\tPRON\tPRP\t_\t9\tnsubj\t_\t_\n\n").unwrap_err();
        assert!(err.1.contains("head 9"), "{err:?}");
    }
}
