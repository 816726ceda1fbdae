//! Features of the perceptron entity tagger. Each feature is a template id plus strings,
//! hashed to a u64; the model keeps weights only for hashes seen in training.
//!
//! Local: the word, its lowercase form, shape, affixes, capitalisation flags, a window
//! of ±2 words and shapes, word/shape bigrams; the previous tag, alone and with the word,
//! shape, next word and cluster (scored for every previous tag by the Viterbi decoder).
//! Gazetteer: membership of the token in place/name lists, with its position in the
//! matched phrase. Document level (non-local, as in Ratinov & Roth 2009): whether the
//! word also occurs lowercase in the article, and which entity types were predicted for
//! the same word earlier in the article.

use std::collections::{HashMap, HashSet};

use xxhash_rust::xxh3::xxh3_64;

/// Tags: BIO over the four CoNLL types.
pub const TAGS: [&str; 9] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"];
pub const N_TAGS: usize = TAGS.len();
pub const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];

pub fn tag_index(tag: &str) -> usize {
    TAGS.iter().position(|t| *t == tag).unwrap_or(0)
}

/// Entity type index (0..4) of a tag, None for O.
pub fn tag_type(tag: usize) -> Option<usize> {
    (tag > 0).then(|| (tag - 1) / 2)
}

pub fn is_begin(tag: usize) -> bool {
    tag > 0 && tag % 2 == 1
}

/// What the tagger knows about the whole article.
#[derive(Default)]
pub struct DocContext {
    /// Lowercase forms of words that occur written in lowercase somewhere in the article.
    pub lowercase_seen: HashSet<String>,
    /// Lowercase word → how often each type (and O, index 4) was predicted for it so far.
    pub history: HashMap<String, [u16; 5]>,
}

impl DocContext {
    pub fn new<'a>(words: impl Iterator<Item = &'a str>) -> DocContext {
        let lowercase_seen = words.filter(|w| w.chars().next().is_some_and(char::is_lowercase)).map(str::to_string).collect();
        DocContext { lowercase_seen, history: HashMap::new() }
    }

    /// Records the tags predicted for a sentence.
    pub fn observe(&mut self, lowers: &[String], tags: &[usize], words: &[&str]) {
        for ((lower, &tag), word) in lowers.iter().zip(tags).zip(words) {
            if !word.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            let slot = tag_type(tag).unwrap_or(4);
            let counts = self.history.entry(lower.clone()).or_insert([0; 5]);
            counts[slot] = counts[slot].saturating_add(1);
        }
    }
}

/// Per-sentence precomputed strings, so each feature is a hash of a few slices.
pub struct SentenceView<'a> {
    pub words: &'a [&'a str],
    pub lower: Vec<String>,
    pub shape: Vec<String>,
    /// Gazetteer features per token: "<kind>:<B|I>" strings.
    pub gazetteer: Vec<Vec<&'static str>>,
    /// Second-stage features per token, from the first stage's tags over the whole article.
    pub global: Vec<Vec<&'static str>>,
    /// Word clusters per token (64, 256, 1024 clusters).
    pub clusters: Vec<Option<&'static crate::tag::clusters::ClusterIds>>,
    pub all_caps_sentence: bool,
}

impl<'a> SentenceView<'a> {
    pub fn new(words: &'a [&'a str], gazetteer: Vec<Vec<&'static str>>) -> SentenceView<'a> {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let shape = words.iter().map(|w| word_shape(w)).collect();
        let letters: Vec<char> = words.iter().flat_map(|w| w.chars()).filter(|c| c.is_alphabetic()).collect();
        let all_caps_sentence = letters.len() >= 4 && letters.iter().all(|c| c.is_uppercase());
        let global = vec![Vec::new(); words.len()];
        let clusters = lower.iter().map(|w: &String| crate::tag::clusters::lookup(w)).collect();
        SentenceView { words, lower, shape, gazetteer, global, clusters, all_caps_sentence }
    }
}

/// "Iran" → "Xx", "F-16" → "X-d", "1996-08-22" → "d-d-d", "U.S." → "X.X.".
pub fn word_shape(w: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        if s != last || !matches!(s, 'X' | 'x' | 'd') {
            out.push(s);
        }
        last = s;
    }
    out
}

/// Templates conjoined with the previous tag. Each base (template and strings) has one
/// weight per (previous tag, tag) pair, so the decoder looks each base up once.
pub const PAIR_TEMPLATES: usize = 5;

/// Collects feature hashes for token `i`: `hashes` for the features of the token and
/// its context, `pairs` for the bases of the features conjoined with the previous tag.
pub struct FeatureBuffer {
    bytes: Vec<u8>,
    pub hashes: Vec<u64>,
    pub pairs: [u64; PAIR_TEMPLATES],
}

impl Default for FeatureBuffer {
    fn default() -> Self {
        FeatureBuffer { bytes: Vec::with_capacity(64), hashes: Vec::with_capacity(96), pairs: [0; PAIR_TEMPLATES] }
    }
}

impl FeatureBuffer {
    fn hash(&mut self, template: u8, parts: &[&str]) -> u64 {
        self.bytes.clear();
        self.bytes.push(template);
        for p in parts {
            self.bytes.push(0x1f);
            self.bytes.extend_from_slice(p.as_bytes());
        }
        xxh3_64(&self.bytes)
    }

    fn add(&mut self, template: u8, parts: &[&str]) {
        let h = self.hash(template, parts);
        self.hashes.push(h);
    }

    /// Bases of the features conjoined with the previous tag: the tag alone, and with
    /// the word, its shape, the next word and the word's cluster.
    pub fn extract_pairs(&mut self, s: &SentenceView, i: usize) {
        let next = s.lower.get(i + 1).map_or("</s>", String::as_str);
        let cluster = s.clusters[i].map_or("none", |c| c[1].as_str());
        self.pairs = [
            self.hash(20, &[]),
            self.hash(22, &[&s.lower[i]]),
            self.hash(23, &[&s.shape[i]]),
            self.hash(24, &[next]),
            self.hash(41, &[cluster]),
        ];
    }

    /// The features of token `i` that do not depend on the previous tag.
    pub fn extract(&mut self, s: &SentenceView, i: usize, doc: &DocContext) {
        self.hashes.clear();
        let n = s.words.len();
        let w = s.words[i];
        let lower = s.lower[i].as_str();
        let shape = s.shape[i].as_str();
        let get = |k: isize| -> &str {
            let j = i as isize + k;
            if j < 0 {
                "<s>"
            } else if j as usize >= n {
                "</s>"
            } else {
                &s.lower[j as usize]
            }
        };
        let shape_at = |k: isize| -> &str {
            let j = i as isize + k;
            if j < 0 || j as usize >= n { "<b>" } else { &s.shape[j as usize] }
        };
        self.add(0, &[]); // bias
        self.add(1, &[w]);
        self.add(2, &[lower]);
        self.add(3, &[shape]);
        // Prefixes and suffixes of 1-4 chars, cut at char boundaries without allocating.
        let mut prefixes = 0;
        for (i, _) in lower.char_indices().skip(1).take(4) {
            self.add(4, &[&lower[..i]]);
            prefixes += 1;
        }
        if prefixes < 4 {
            self.add(4, &[lower]);
        }
        for (k, (start, _)) in lower.char_indices().rev().enumerate() {
            if k >= 4 {
                break;
            }
            self.add(5, &[&lower[start..]]);
        }
        let first = w.chars().next().unwrap_or(' ');
        let flags = [
            ("init_cap", first.is_uppercase()),
            ("all_caps", w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)),
            ("has_digit", w.chars().any(|c| c.is_ascii_digit())),
            ("has_hyphen", w.contains('-')),
            ("has_period", w.contains('.')),
            ("first_word", i == 0),
            ("caps_sentence", s.all_caps_sentence),
        ];
        for (name, on) in flags {
            if on {
                self.add(6, &[name]);
            }
        }
        if i == 0 && first.is_uppercase() {
            self.add(7, &[lower]); // sentence-initial capitalised word: separate weights
        }
        if s.all_caps_sentence {
            self.add(8, &[lower]); // headline word
        }
        self.add(9, &[get(-1)]);
        self.add(10, &[get(1)]);
        self.add(11, &[get(-2)]);
        self.add(12, &[get(2)]);
        self.add(13, &[shape_at(-1)]);
        self.add(14, &[shape_at(1)]);
        self.add(15, &[get(-1), lower]);
        self.add(16, &[lower, get(1)]);
        self.add(17, &[shape_at(-1), shape]);
        self.add(18, &[shape, shape_at(1)]);
        self.add(19, &[shape_at(-1), shape, shape_at(1)]);
        for g in &s.gazetteer[i] {
            self.add(25, &[g]);
            self.add(26, &[g, shape]);
        }
        if i + 1 < n {
            for g in &s.gazetteer[i + 1] {
                self.add(27, &[g]);
            }
        }
        if i > 0 {
            for g in &s.gazetteer[i - 1] {
                self.add(28, &[g]);
            }
        }
        if let Some(c) = s.clusters[i] {
            self.add(35, &[&c[0]]);
            self.add(36, &[&c[1]]);
            self.add(37, &[&c[2]]);
            self.add(38, &[&c[1], shape]);
        } else {
            self.add(35, &["none"]);
        }
        if let Some(c) = s.clusters.get(i.wrapping_sub(1)).copied().flatten() {
            self.add(39, &[&c[1]]);
            self.add(42, &[&c[2]]);
        }
        if let Some(c) = s.clusters.get(i + 1).copied().flatten() {
            self.add(40, &[&c[1]]);
            self.add(43, &[&c[2]]);
        }
        if let Some(c) = s.clusters.get(i.wrapping_sub(2)).copied().flatten() {
            self.add(44, &[&c[0]]);
        }
        if let Some(c) = s.clusters.get(i + 2).copied().flatten() {
            self.add(45, &[&c[0]]);
        }
        for g in &s.global[i] {
            self.add(33, &[g]);
            self.add(34, &[g, shape]);
        }
        // Document level.
        if first.is_uppercase() {
            if doc.lowercase_seen.contains(lower) {
                self.add(29, &["lower_elsewhere"]);
                self.add(30, &["lower_elsewhere", if i == 0 { "initial" } else { "inner" }]);
            }
            if let Some(counts) = doc.history.get(lower) {
                let (best, _) = counts.iter().enumerate().max_by_key(|(k, c)| (**c, usize::MAX - k)).unwrap_or((4, &0));
                let label = if best == 4 { "O" } else { TYPES[best] };
                self.add(31, &[label]);
                self.add(32, &[label, shape]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(word_shape("Iran"), "Xx");
        assert_eq!(word_shape("F-16"), "X-d");
        assert_eq!(word_shape("U.S."), "X.X.");
        assert_eq!(word_shape("1996-08-22"), "d-d-d");
    }

    #[test]
    fn features_are_deterministic_and_context_dependent() {
        let words = ["US", "Cyber", "Command", "struck"];
        let s = SentenceView::new(&words, vec![vec![]; 4]);
        let doc = DocContext::default();
        let mut a = FeatureBuffer::default();
        a.extract(&s, 1, &doc);
        let first = a.hashes.clone();
        a.extract(&s, 1, &doc);
        assert_eq!(first, a.hashes);
        a.extract(&s, 2, &doc);
        assert_ne!(first, a.hashes);
        a.extract_pairs(&s, 1);
        let pairs = a.pairs;
        a.extract_pairs(&s, 2);
        assert_ne!(pairs, a.pairs);
    }
}

/// Second-stage (global) features for every token of an article, from first-stage tags:
/// the majority type predicted for the same capitalised word anywhere in the article,
/// every type it received, and the types of multi-word entities it was part of.
pub fn global_features(words: &[Vec<&str>], tags: &[Vec<usize>]) -> Vec<Vec<Vec<&'static str>>> {
    const MAJOR: [&str; 5] = ["major:PER", "major:ORG", "major:LOC", "major:MISC", "major:O"];
    const ANY: [&str; 4] = ["any:PER", "any:ORG", "any:LOC", "any:MISC"];
    const MULTI: [&str; 4] = ["multi:PER", "multi:ORG", "multi:LOC", "multi:MISC"];
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut counts: HashMap<String, [u16; 5]> = HashMap::new();
    let mut multi: HashMap<String, [bool; 4]> = HashMap::new();
    for (ws, ts) in words.iter().zip(tags) {
        for (k, (w, &t)) in ws.iter().zip(ts).enumerate() {
            if !capitalised(w) {
                continue;
            }
            let lower = w.to_lowercase();
            let c = counts.entry(lower.clone()).or_insert([0; 5]);
            let slot = tag_type(t).unwrap_or(4);
            c[slot] = c[slot].saturating_add(1);
            if let Some(ty) = tag_type(t) {
                let inside_multi = (k > 0 && tag_type(ts[k - 1]) == Some(ty) && !is_begin(t)) || (k + 1 < ts.len() && tag_type(ts[k + 1]) == Some(ty) && !is_begin(ts[k + 1]));
                if inside_multi {
                    multi.entry(lower).or_insert([false; 4])[ty] = true;
                }
            }
        }
    }
    words
        .iter()
        .map(|ws| {
            ws.iter()
                .map(|w| {
                    let mut out = Vec::new();
                    if !capitalised(w) {
                        return out;
                    }
                    let lower = w.to_lowercase();
                    if let Some(c) = counts.get(&lower) {
                        let best = (0..5).max_by_key(|&k| (c[k], 5 - k)).unwrap_or(4);
                        out.push(MAJOR[best]);
                        out.extend((0..4).filter(|&k| c[k] > 0).map(|k| ANY[k]));
                    }
                    if let Some(m) = multi.get(&lower) {
                        out.extend((0..4).filter(|&k| m[k]).map(|k| MULTI[k]));
                    }
                    out
                })
                .collect()
        })
        .collect()
}
