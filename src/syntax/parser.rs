//! Dependency parser: greedy arc-hybrid transitions scored by an averaged perceptron,
//! trained with a dynamic oracle and error exploration (Goldberg & Nivre 2013), labelled
//! with Universal Dependencies relations. Projective; one root per sentence (the
//! artificial root sits at the end of the buffer and takes exactly one dependent).
//!
//! Transitions: SHIFT (buffer front to stack), LEFT-l (stack top becomes an l-dependent
//! of the buffer front), RIGHT-l (stack top becomes an l-dependent of the item below it).
//! Each labelled transition is one class: SHIFT = 0, LEFT-l = 1 + l, RIGHT-l = 1 + L + l.
//!
//! File format: `DYADDEP1`, u32 header length, JSON header ([`ParserMeta`]), weights.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, Result};
use crate::perceptron::{argmax_where, hash_str, mix, read_header, write_header, SparseWeights, Trainer};
use crate::syntax::pos::{shuffle, WordInfo};

const MAGIC: &[u8; 8] = b"DYADDEP1";
const NONE: usize = usize::MAX;

/// What a parser file says about itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ParserMeta {
    pub name: String,
    pub version: String,
    /// Dependency relations; `root` among them.
    pub labels: Vec<String>,
    pub epochs: usize,
    pub best_epoch: usize,
    pub seed: u64,
    pub train_file: String,
    pub dev_file: String,
    /// Which tags the parser was trained on ("gold" or the tagger's version).
    pub train_tags: String,
    pub dev_uas: f64,
    pub dev_las: f64,
    pub features: usize,
    pub trained: String,
}

/// A parse: head (index into the sentence, `None` = root) and relation per word.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    pub heads: Vec<Option<usize>>,
    pub labels: Vec<Arc<str>>,
}

/// One sentence as the parser sees it.
pub struct ParserInput {
    pub words: Vec<WordInfo>,
    /// Hash of each word's part-of-speech tag (joint UPOS/XPOS).
    pub tags: Vec<u64>,
    /// Hash of each word's coarse tag (UPOS alone), a back-off when the fine tag is wrong.
    pub coarse: Vec<u64>,
}

impl ParserInput {
    pub fn new(forms: &[&str], tags: &[&str]) -> ParserInput {
        let coarse = tags.iter().map(|t| hash_str(t.split('/').next().unwrap_or(t))).collect();
        ParserInput { words: forms.iter().map(|f| WordInfo::of(f)).collect(), tags: tags.iter().map(|t| hash_str(t)).collect(), coarse }
    }

    fn len(&self) -> usize {
        self.words.len()
    }
}

/// The configuration: stack, buffer front and the arcs built so far. Index `n` is the
/// artificial root, last in the buffer.
struct State {
    n: usize,
    stack: Vec<usize>,
    b0: usize,
    heads: Vec<usize>,
    labels: Vec<usize>,
    /// Outermost and next-outermost left / right children.
    left: Vec<[usize; 2]>,
    right: Vec<[usize; 2]>,
    n_left: Vec<u8>,
    n_right: Vec<u8>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: Vec::with_capacity(n),
            b0: 0,
            heads: vec![NONE; n + 1],
            labels: vec![NONE; n + 1],
            left: vec![[NONE; 2]; n + 1],
            right: vec![[NONE; 2]; n + 1],
            n_left: vec![0; n + 1],
            n_right: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.stack.is_empty() && self.b0 == self.n
    }

    fn s(&self, k: usize) -> usize {
        if self.stack.len() > k {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NONE
        }
    }

    fn arc(&mut self, head: usize, dep: usize, label: usize) {
        self.heads[dep] = head;
        self.labels[dep] = label;
        // Arc-hybrid attaches each side's children inside-out: the newest is outermost.
        if dep < head {
            self.left[head] = [dep, self.left[head][0]];
            self.n_left[head] = self.n_left[head].saturating_add(1);
        } else {
            self.right[head] = [dep, self.right[head][0]];
            self.n_right[head] = self.n_right[head].saturating_add(1);
        }
    }
}

/// Labels and the class arithmetic.
struct Classes {
    n_labels: usize,
    root: usize,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Move {
    Shift,
    Left(usize),
    Right(usize),
}

impl Classes {
    fn count(&self) -> usize {
        1 + 2 * self.n_labels
    }

    fn decode(&self, class: usize) -> Move {
        match class {
            0 => Move::Shift,
            c if c <= self.n_labels => Move::Left(c - 1),
            c => Move::Right(c - 1 - self.n_labels),
        }
    }

    fn valid(&self, s: &State, class: usize) -> bool {
        match self.decode(class) {
            Move::Shift => s.b0 < s.n,
            // The root takes one dependent, labelled root, once the rest is attached.
            Move::Left(l) => !s.stack.is_empty() && if s.b0 == s.n { s.stack.len() == 1 && l == self.root } else { l != self.root },
            Move::Right(l) => s.stack.len() >= 2 && l != self.root,
        }
    }
}

fn apply(s: &mut State, m: Move) {
    match m {
        Move::Shift => {
            s.stack.push(s.b0);
            s.b0 += 1;
        }
        Move::Left(l) => {
            let d = s.stack.pop().unwrap_or(NONE);
            let h = s.b0;
            s.arc(h, d, l);
        }
        Move::Right(l) => {
            let d = s.stack.pop().unwrap_or(NONE);
            let h = s.s(0);
            s.arc(h, d, l);
        }
    }
}

/// Feature hashes of a configuration.
fn features(input: &ParserInput, s: &State, out: &mut Vec<u64>) {
    out.clear();
    let n = s.n;
    const ROOT_W: u64 = 0x5eed_0001;
    const NONE_W: u64 = 0x5eed_0002;
    // A word's attribute, or a marker for the root and for "no such position".
    let pick = |i: usize, attr: &dyn Fn(usize) -> u64| -> u64 {
        if i == NONE {
            NONE_W
        } else if i == n {
            ROOT_W
        } else {
            attr(i)
        }
    };
    let w = |i: usize| pick(i, &|i| input.words[i].lower);
    let t = |i: usize| pick(i, &|i| input.tags[i]);
    let c = |i: usize, k: usize| pick(i, &|i| input.words[i].cluster[k]);
    let u = |i: usize| pick(i, &|i| input.coarse[i]);
    let lab = |i: usize| -> u64 { if i == NONE || s.labels[i] == NONE { NONE_W } else { s.labels[i] as u64 } };
    let kid = |i: usize, side: &[[usize; 2]], k: usize| -> usize { if i == NONE { NONE } else { side[i][k] } };
    let (s0, s1, s2) = (s.s(0), s.s(1), s.s(2));
    let b0 = s.b0;
    let b1 = if b0 + 1 <= n { b0 + 1 } else { NONE };
    let b2 = if b0 + 2 <= n { b0 + 2 } else { NONE };
    let (s0l, s0l2, s0r, s0r2) = (kid(s0, &s.left, 0), kid(s0, &s.left, 1), kid(s0, &s.right, 0), kid(s0, &s.right, 1));
    let (s1l, s1r) = (kid(s1, &s.left, 0), kid(s1, &s.right, 0));
    let (b0l, b0l2) = (kid(b0, &s.left, 0), kid(b0, &s.left, 1));
    let dist = if s0 == NONE { 0 } else { (b0 - s0).min(6) as u64 };
    let dist1 = if s1 == NONE || s0 == NONE { 0 } else { (s0 - s1).min(6) as u64 };
    let vl = |i: usize| if i == NONE { 99 } else { s.n_left[i].min(4) as u64 };
    let vr = |i: usize| if i == NONE { 99 } else { s.n_right[i].min(4) as u64 };
    let mut k = 0u64;
    let mut f = |v: u64| {
        k += 1;
        out.push(mix(k, v));
    };
    // Unigrams.
    for i in [s0, s1, b0, b1] {
        f(w(i));
        f(t(i));
        f(mix(w(i), t(i)));
    }
    f(t(b2));
    f(w(b2));
    f(t(s2));
    // Pairs of the stack top and the buffer front.
    f(mix(w(s0), w(b0)));
    f(mix(t(s0), t(b0)));
    f(mix(mix(w(s0), t(s0)), t(b0)));
    f(mix(t(s0), mix(w(b0), t(b0))));
    f(mix(mix(w(s0), t(s0)), mix(w(b0), t(b0))));
    f(mix(w(s0), t(b0)));
    f(mix(t(s0), w(b0)));
    f(mix(t(s1), t(s0)));
    f(mix(w(s1), w(s0)));
    f(mix(t(s1), w(s0)));
    f(mix(w(s1), t(s0)));
    // Triples of tags.
    f(mix(mix(t(b0), t(b1)), 1));
    f(mix(mix(t(b0), t(b1)), t(b2)));
    f(mix(mix(t(s0), t(b0)), t(b1)));
    f(mix(mix(t(s1), t(s0)), t(b0)));
    f(mix(mix(t(s2), t(s1)), t(s0)));
    f(mix(mix(t(s0), t(s0l)), t(b0)));
    f(mix(mix(t(s0), t(s0r)), t(b0)));
    f(mix(mix(t(s0), t(b0)), t(b0l)));
    f(mix(mix(t(s1), t(s1r)), t(s0)));
    f(mix(mix(t(s1), t(s1l)), t(s0)));
    f(mix(mix(t(s1), t(s0)), t(s0r)));
    f(mix(mix(t(s1), t(s0)), t(s0l)));
    // Distance.
    f(mix(w(s0), dist));
    f(mix(t(s0), dist));
    f(mix(w(b0), dist));
    f(mix(t(b0), dist));
    f(mix(mix(t(s0), t(b0)), dist));
    f(mix(mix(w(s0), w(b0)), dist));
    f(mix(mix(t(s1), t(s0)), dist1));
    // Valency.
    f(mix(w(s0), vr(s0)));
    f(mix(t(s0), vr(s0)));
    f(mix(w(s0), vl(s0)));
    f(mix(t(s0), vl(s0)));
    f(mix(w(b0), vl(b0)));
    f(mix(t(b0), vl(b0)));
    f(mix(t(s1), vr(s1)));
    // Children: words, tags, labels.
    f(w(s0l));
    f(t(s0l));
    f(lab(s0l));
    f(w(s0r));
    f(t(s0r));
    f(lab(s0r));
    f(w(b0l));
    f(t(b0l));
    f(lab(b0l));
    f(lab(s1r));
    f(mix(mix(t(s0), lab(s0l)), lab(s0r)));
    f(mix(t(b0), lab(b0l)));
    f(mix(mix(w(s0), lab(s0l)), lab(s0r)));
    f(mix(w(b0), lab(b0l)));
    // Second-outermost children.
    f(t(s0l2));
    f(t(s0r2));
    f(t(b0l2));
    f(mix(mix(t(s0), t(s0l)), t(s0l2)));
    f(mix(mix(t(s0), t(s0r)), t(s0r2)));
    f(mix(mix(t(b0), t(b0l)), t(b0l2)));
    f(mix(lab(s0l2), lab(s0l)));
    f(mix(lab(s0r2), lab(s0r)));
    // Embedding clusters.
    f(c(s0, 1));
    f(c(b0, 1));
    f(c(s1, 1));
    f(c(b1, 1));
    f(c(s0, 2));
    f(c(b0, 2));
    f(mix(c(s0, 1), c(b0, 1)));
    f(mix(c(s0, 1), t(b0)));
    f(mix(t(s0), c(b0, 1)));
    f(mix(c(s1, 0), c(s0, 0)));
    f(mix(mix(c(s0, 0), c(b0, 0)), dist));
    // Coarse tags.
    for i in [s0, s1, b0, b1] {
        f(u(i));
        f(mix(w(i), u(i)));
    }
    f(mix(u(s0), u(b0)));
    f(mix(mix(u(s0), u(b0)), dist));
    f(mix(mix(u(s1), u(s0)), u(b0)));
    f(mix(mix(u(b0), u(b1)), u(b2)));
    f(mix(mix(u(s0), u(s0l)), u(s0r)));
}

/// A trained parser.
pub struct Parser {
    pub meta: ParserMeta,
    weights: SparseWeights,
    classes: Classes,
    /// `meta.labels` as shared strings, plus "dep" for a word left unattached.
    labels: Vec<Arc<str>>,
}

impl Parser {
    fn new(meta: ParserMeta, weights: SparseWeights) -> Parser {
        let root = meta.labels.iter().position(|l| l == "root").unwrap_or(0);
        let classes = Classes { n_labels: meta.labels.len(), root };
        let labels = meta.labels.iter().map(|l| Arc::from(l.as_str())).chain(std::iter::once(Arc::from("dep"))).collect();
        Parser { meta, weights, classes, labels }
    }

    /// Parses one sentence.
    pub fn parse(&self, input: &ParserInput) -> Parse {
        let n = input.len();
        let mut s = State::new(n);
        let mut scores = vec![0.0; self.classes.count()];
        let mut feats = Vec::with_capacity(96);
        while !s.done() {
            features(input, &s, &mut feats);
            self.weights.scores(&feats, &mut scores);
            let Some(best) = argmax_where(&scores, |c| self.classes.valid(&s, c)) else { break };
            apply(&mut s, self.classes.decode(best));
        }
        Parse {
            heads: s.heads[..n].iter().map(|&h| (h != n && h != NONE).then_some(h)).collect(),
            labels: s.labels[..n].iter().map(|&l| self.labels[l.min(self.labels.len() - 1)].clone()).collect(),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_header(MAGIC, &self.meta, &mut out);
        self.weights.write(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Parser, String> {
        let mut at = 0;
        let meta: ParserMeta = read_header(bytes, MAGIC, &mut at)?;
        let weights = SparseWeights::read(bytes, &mut at)?;
        if weights.width() != 1 + 2 * meta.labels.len() {
            return Err(format!("{} weight columns for {} labels", weights.width(), meta.labels.len()));
        }
        Ok(Parser::new(meta, weights))
    }

    pub fn load(path: &Path) -> Result<Parser> {
        let bytes = std::fs::read(path).at(path)?;
        Parser::from_bytes(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).at(path)
    }
}

/// A training sentence: input plus gold heads (`None` = root) and relations.
pub struct ParseExample {
    pub input: ParserInput,
    pub heads: Vec<Option<usize>>,
    pub labels: Vec<String>,
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct ParseTrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Chance of following the model's own wrong move after the first epoch.
    pub explore: f64,
    /// Averaged weights smaller than this are dropped (smaller, faster model).
    pub min_weight: f32,
    /// Features updated fewer times than this are dropped.
    pub min_updates: u32,
}

impl Default for ParseTrainOptions {
    fn default() -> Self {
        ParseTrainOptions { epochs: 15, seed: 1, explore: 0.9, min_weight: 1e-3, min_updates: 1 }
    }
}

/// Unlabelled attachment and labelled attachment scores over a set of sentences.
pub fn attachment(parser: &Parser, data: &[ParseExample]) -> (f64, f64) {
    let (mut n, mut uas, mut las) = (0usize, 0usize, 0usize);
    for ex in data {
        let p = parser.parse(&ex.input);
        for i in 0..ex.heads.len() {
            n += 1;
            if p.heads[i] == ex.heads[i] {
                uas += 1;
                las += (*p.labels[i] == *ex.labels[i]) as usize;
            }
        }
    }
    (uas as f64 / n.max(1) as f64, las as f64 / n.max(1) as f64)
}

/// Costs of every class in a state: how many gold arcs become unreachable.
fn costs(classes: &Classes, s: &State, gold_heads: &[usize], gold_labels: &[usize], children: &[Vec<usize>], out: &mut [u32]) {
    let n = s.n;
    let (s0, s1, b0) = (s.s(0), s.s(1), s.b0);
    let in_buffer = |i: usize| i != NONE && i >= b0;
    // Gold dependents of s0 still in the buffer (buffer words have no head yet).
    let s0_kids = if s0 == NONE { 0 } else { children[s0].iter().filter(|&&d| d >= b0).count() as u32 };
    let shift = if b0 < n {
        let stack_kids = s.stack.iter().filter(|&&d| gold_heads[d] == b0).count() as u32;
        let head_in_stack = s.stack.iter().any(|&x| x == gold_heads[b0] && x != s0) as u32;
        stack_kids + head_in_stack
    } else {
        0
    };
    let (left, right) = if s0 == NONE {
        (0, 0)
    } else {
        let g = gold_heads[s0];
        let left = s0_kids + (g != b0 && (g == s1 || in_buffer(g))) as u32;
        let right = s0_kids + in_buffer(g) as u32;
        (left, right)
    };
    for (class, cost) in out.iter_mut().enumerate() {
        *cost = match classes.decode(class) {
            Move::Shift => shift,
            Move::Left(l) => left + (s0 != NONE && gold_heads[s0] == b0 && gold_labels[s0] != l) as u32,
            Move::Right(l) => right + (s0 != NONE && s1 != NONE && gold_heads[s0] == s1 && gold_labels[s0] != l) as u32,
        };
    }
}

/// Trains on `train`, keeps the epoch with the best dev LAS. `log` gets a line per epoch.
pub fn train_parser(train: &[ParseExample], dev: &[ParseExample], options: &ParseTrainOptions, mut meta: ParserMeta, mut log: impl FnMut(String)) -> Parser {
    let mut labels: Vec<String> = train.iter().flat_map(|e| e.labels.iter().cloned()).collect();
    labels.push("root".into());
    labels.sort();
    labels.dedup();
    meta.labels = labels.clone();
    let label_index: std::collections::HashMap<&str, usize> = labels.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
    let root = label_index["root"];
    let classes = Classes { n_labels: labels.len(), root };
    let gold: Vec<(Vec<usize>, Vec<usize>, Vec<Vec<usize>>)> = train
        .iter()
        .map(|e| {
            let n = e.heads.len();
            let heads: Vec<usize> = e.heads.iter().map(|h| h.unwrap_or(n)).collect();
            let labs: Vec<usize> = e.labels.iter().map(|l| label_index.get(l.as_str()).copied().unwrap_or(root)).collect();
            let mut children = vec![Vec::new(); n + 1];
            for (d, &h) in heads.iter().enumerate() {
                children[h].push(d);
            }
            (heads, labs, children)
        })
        .collect();
    let mut trainer = Trainer::new(classes.count());
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut rng = options.seed.max(1);
    let mut best: Option<Parser> = None;
    let mut scores = vec![0.0; classes.count()];
    let mut cost = vec![0u32; classes.count()];
    let mut feats = Vec::with_capacity(96);
    for epoch in 1..=options.epochs {
        shuffle(&mut order, &mut rng);
        let (mut moves, mut right_moves) = (0usize, 0usize);
        for &k in &order {
            let input = &train[k].input;
            let (heads, labs, children) = &gold[k];
            let mut s = State::new(input.len());
            while !s.done() {
                features(input, &s, &mut feats);
                trainer.tick();
                trainer.scores(&feats, &mut scores);
                costs(&classes, &s, heads, labs, children, &mut cost);
                let Some(guess) = argmax_where(&scores, |c| classes.valid(&s, c)) else { break };
                let min = (0..cost.len()).filter(|&c| classes.valid(&s, c)).map(|c| cost[c]).min().unwrap_or(0);
                let Some(truth) = argmax_where(&scores, |c| classes.valid(&s, c) && cost[c] == min) else { break };
                trainer.update(&feats, truth, guess);
                moves += 1;
                right_moves += (cost[guess] == min) as usize;
                let explore = epoch > 1 && {
                    rng ^= rng << 13;
                    rng ^= rng >> 7;
                    rng ^= rng << 17;
                    (rng % 10_000) as f64 / 10_000.0 < options.explore
                };
                let next = if cost[guess] == min || explore { guess } else { truth };
                apply(&mut s, classes.decode(next));
            }
        }
        let mut m = meta.clone();
        m.epochs = options.epochs;
        m.best_epoch = epoch;
        let parser = Parser::new(m, trainer.average(options.min_weight, options.min_updates));
        let (uas, las) = attachment(&parser, dev);
        log(format!(
            "epoch {epoch}: {:.4} of moves optimal, dev UAS {uas:.4} LAS {las:.4}, {} features",
            right_moves as f64 / moves.max(1) as f64,
            trainer.feature_count()
        ));
        if best.as_ref().is_none_or(|b| las > b.meta.dev_las) {
            let mut parser = parser;
            parser.meta.dev_uas = uas;
            parser.meta.dev_las = las;
            parser.meta.features = parser.weights.feature_count();
            best = Some(parser);
        }
    }
    best.unwrap_or_else(|| Parser::new(meta, trainer.average(options.min_weight, options.min_updates)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(forms: &[&str], tags: &[&str], heads: &[Option<usize>], labels: &[&str]) -> ParseExample {
        ParseExample { input: ParserInput::new(forms, tags), heads: heads.to_vec(), labels: labels.iter().map(|l| l.to_string()).collect() }
    }

    #[test]
    fn learns_simple_sentences_and_round_trips() {
        let data = vec![
            example(&["Iran", "downed", "a", "drone"], &["PROPN", "VERB", "DET", "NOUN"], &[Some(1), None, Some(3), Some(1)], &["nsubj", "root", "det", "obj"]),
            example(&["The", "US", "launched", "strikes"], &["DET", "PROPN", "VERB", "NOUN"], &[Some(1), Some(2), None, Some(2)], &["det", "nsubj", "root", "obj"]),
        ];
        let parser = train_parser(&data, &data, &ParseTrainOptions { epochs: 8, ..Default::default() }, ParserMeta::default(), |_| {});
        let (uas, las) = attachment(&parser, &data);
        assert_eq!((uas, las), (1.0, 1.0));
        let back = Parser::from_bytes(&parser.to_bytes()).unwrap();
        let p = back.parse(&data[0].input);
        assert_eq!(p.heads, data[0].heads);
        assert_eq!(p.labels.iter().map(|l| l.to_string()).collect::<Vec<_>>(), data[0].labels);
    }

    #[test]
    fn every_parse_is_a_tree_with_one_root() {
        // An untrained parser still yields a tree: transitions keep it well formed.
        let parser = Parser::new(ParserMeta { labels: vec!["dep".into(), "root".into()], ..Default::default() }, SparseWeights::default());
        let input = ParserInput::new(&["a", "b", "c", "d", "e"], &["X"; 5]);
        let p = parser.parse(&input);
        assert_eq!(p.heads.iter().filter(|h| h.is_none()).count(), 1);
        assert!(p.labels.iter().all(|l| &**l == "dep" || &**l == "root"));
    }
}
