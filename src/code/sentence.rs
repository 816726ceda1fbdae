//! One parsed sentence as the coder reads it: words, lemmas, the dependency tree with
//! children lists, and which entity covers each token. Indices are local to the sentence.

use crate::doc::{Doc, EntityLabel, Span, Token};

pub struct SentenceView<'d> {
    pub index: usize,
    pub tokens: &'d [Token],
    pub words: Vec<&'d str>,
    /// Lowercase words.
    pub lower: Vec<String>,
    /// Lowercase lemmas (the word when the syntax stage gave none).
    pub lemmas: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub children: Vec<Vec<usize>>,
    /// Entities (indices into `Doc::entities`) covering each token, outermost first.
    pub cover: Vec<Vec<usize>>,
    /// Token ranges of the entities of this sentence: (entity, start, end).
    pub entities: Vec<(usize, usize, usize)>,
}

impl<'d> SentenceView<'d> {
    pub fn new(doc: &'d Doc, index: usize) -> Option<SentenceView<'d>> {
        let sentence = doc.sentences.get(index)?;
        let base = sentence.tokens.start;
        let tokens = &doc.tokens[sentence.tokens.clone()];
        if tokens.is_empty() || tokens.iter().all(|t| t.deprel.is_none()) {
            return None;
        }
        let text = doc.text();
        let words: Vec<&str> = tokens.iter().map(|t| t.span.slice(text)).collect();
        let lower: Vec<String> = words.iter().map(|w| normalize(w)).collect();
        let lemmas: Vec<String> = tokens.iter().zip(&lower).map(|(t, l)| t.lemma.as_deref().map_or_else(|| l.clone(), normalize)).collect();
        let n = tokens.len();
        let heads: Vec<Option<usize>> = tokens.iter().map(|t| t.head.and_then(|h| h.checked_sub(base)).filter(|&h| h < n)).collect();
        let mut children = vec![Vec::new(); n];
        for (i, h) in heads.iter().enumerate() {
            if let Some(h) = h {
                children[*h].push(i);
            }
        }
        let mut cover = vec![Vec::new(); n];
        let mut entities = Vec::new();
        // The coder sorts the entities by sentence first.
        for k in crate::resolve::sentence_range(&doc.entities, index) {
            let (a, b) = doc.entities[k].token_range(tokens);
            if a >= b {
                continue;
            }
            entities.push((k, a, b));
            for c in &mut cover[a..b] {
                c.push(k);
            }
        }
        // Outermost (longest) first.
        for c in &mut cover {
            c.sort_by_key(|&k| std::cmp::Reverse(doc.entities[k].span.end_char - doc.entities[k].span.start_char));
        }
        Some(SentenceView { index, tokens, words, lower, lemmas, heads, children, cover, entities })
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    pub fn deprel(&self, i: usize) -> &str {
        self.tokens[i].deprel.as_deref().unwrap_or("")
    }

    /// The relation without its subtype ("nsubj:pass" → "nsubj").
    pub fn base_rel(&self, i: usize) -> &str {
        let r = self.deprel(i);
        r.split_once(':').map_or(r, |(a, _)| a)
    }

    pub fn upos(&self, i: usize) -> &str {
        self.tokens[i].upos.as_deref().unwrap_or("")
    }

    pub fn is_verb(&self, i: usize) -> bool {
        matches!(self.upos(i), "VERB")
    }

    pub fn is_nominal(&self, i: usize) -> bool {
        matches!(self.upos(i), "NOUN" | "PROPN" | "PRON" | "NUM")
    }

    /// Children of `i` with relation `rel` (exact, or its base when `rel` has no subtype).
    pub fn children_with<'a>(&'a self, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.children[i].iter().copied().filter(move |&c| self.deprel(c) == rel || (!rel.contains(':') && self.base_rel(c) == rel))
    }

    pub fn child_with(&self, i: usize, rel: &str) -> Option<usize> {
        self.children_with(i, rel).next()
    }

    /// The preposition or case marker of a nominal ("against" in "against Iran").
    pub fn case_of(&self, i: usize) -> Option<&str> {
        self.children[i].iter().find(|&&c| matches!(self.base_rel(c), "case" | "mark")).map(|&c| self.lemmas[c].as_str())
    }

    /// `i` and everything under it, except subtrees whose relation `skip` rejects.
    pub fn subtree_where(&self, i: usize, skip: &dyn Fn(&str) -> bool) -> Vec<usize> {
        let mut out = vec![i];
        let mut k = 0;
        while k < out.len() {
            let t = out[k];
            for &c in &self.children[t] {
                if !skip(self.deprel(c)) {
                    out.push(c);
                }
            }
            k += 1;
        }
        out.sort_unstable();
        out
    }

    /// The noun phrase headed by `i`: its subtree without clauses, conjuncts and
    /// punctuation, trimmed of leading determiners and case markers.
    pub fn phrase(&self, i: usize) -> (usize, usize) {
        let mut toks = self.subtree_where(i, &|r| {
            let base = r.split_once(':').map_or(r, |(a, _)| a);
            matches!(base, "acl" | "conj" | "cc" | "punct" | "parataxis" | "appos" | "advcl" | "case" | "ccomp") || matches!(r, "nmod:tmod" | "obl:tmod" | "nmod:npmod" | "obl:npmod" | "obl:unmarked")
        });
        // Prepositional phrases after the head ("hackers for cyber attacks on ...") and
        // time phrases the parser hung on a name ("the Iraqi army on Wednesday") are not
        // part of the participant's name; the caller widens to the entity.
        let temporal: Vec<usize> = self.children[i].iter().copied().filter(|&c| self.deprel(c) == "nmod" && (c > i || is_time_word(&self.lemmas[c]))).collect();
        for c in temporal {
            let drop = self.subtree_where(c, &|_| false);
            toks.retain(|t| !drop.contains(t));
        }
        let mut a = *toks.first().unwrap_or(&i);
        let b = *toks.last().unwrap_or(&i) + 1;
        while a < i && matches!(self.upos(a), "DET" | "ADP" | "PUNCT" | "CCONJ") {
            a += 1;
        }
        (a, b)
    }

    pub fn span(&self, a: usize, b: usize) -> Span {
        self.tokens[a].span.cover(&self.tokens[b - 1].span)
    }

    /// Ancestors of `i`, nearest first.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut cur = self.heads[i];
        let mut steps = 0;
        std::iter::from_fn(move || {
            let h = cur?;
            steps += 1;
            if steps > self.len() {
                return None;
            }
            cur = self.heads[h];
            Some(h)
        })
    }

    /// Whether token `t`'s lemma is one of `lemmas`, also through the stems of its form
    /// (the lemmatizer's rules make "blamed" "blam").
    pub fn lemma_in(&self, t: usize, lemmas: &[&str]) -> bool {
        lemmas.contains(&self.lemmas[t].as_str()) || verb_stems(&self.lower[t]).iter().any(|x| lemmas.contains(&x.as_str()))
    }

    /// Whether an entity label can be an actor.
    pub fn is_actor_label(label: EntityLabel) -> bool {
        matches!(label, EntityLabel::Person | EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Norp | EntityLabel::Agent)
    }
}

/// Words naming a time: days, months, "week", "year".
pub fn is_time_word(lemma: &str) -> bool {
    matches!(
        lemma,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august" | "september" | "october" | "november" | "december" | "week" | "month" | "year" | "day" | "weekend" | "today" | "yesterday" | "morning" | "night" | "evening" | "afternoon"
    )
}

/// Stems a regular verb form can come from: "blamed" → blame, blam; "stopped" → stop;
/// "targeting" → target, targete; "denies" → deny.
pub fn verb_stems(w: &str) -> Vec<String> {
    let mut out = Vec::new();
    let undouble = |stem: &str| {
        let b = stem.as_bytes();
        (b.len() >= 3 && b[b.len() - 1] == b[b.len() - 2] && !b"aeiousl".contains(&b[b.len() - 1])).then(|| stem[..stem.len() - 1].to_string())
    };
    for (suffix, adds) in [("ied", &["y"][..]), ("ies", &["y"]), ("ed", &["", "e"]), ("ing", &["", "e"]), ("es", &["", "e"]), ("s", &[""])] {
        if let Some(stem) = w.strip_suffix(suffix).filter(|st| st.len() >= 2) {
            for add in adds {
                out.push(format!("{stem}{add}"));
            }
            if suffix == "ed" || suffix == "ing" {
                out.extend(undouble(stem));
            }
            break;
        }
    }
    out
}

/// Lowercase, curly apostrophes straightened.
pub fn normalize(w: &str) -> String {
    w.to_lowercase().replace('’', "'")
}

/// A crude singular for matching dictionary words against text ("sanctions" ~ "sanction",
/// "parties" ~ "party").
pub fn singular(w: &str) -> std::borrow::Cow<'_, str> {
    if w.len() > 4 && w.ends_with("ies") {
        return format!("{}y", &w[..w.len() - 3]).into();
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].into();
    }
    w.into()
}
