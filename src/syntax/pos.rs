//! Part-of-speech tagger: a greedy left-to-right averaged perceptron over joint
//! UPOS/XPOS tags ("VERB/VBD"), so the two tag sets never disagree. Features: the word,
//! its affixes, shape and embedding clusters, two words either side, the two previous
//! predicted tags.
//!
//! File format: `DYADPOS1`, u32 header length, JSON header ([`PosMeta`]), then the
//! weights (see [`crate::perceptron::SparseWeights`]).

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, IoContext, Result};
use crate::perceptron::{argmax_where, hash_str, mix, read_header, write_header, SparseWeights, Trainer};
use crate::syntax::conllu::Sentence;

const MAGIC: &[u8; 8] = b"DYADPOS1";

/// Precomputed hashes of one word's feature parts, shared by the tagger and the parser.
#[derive(Debug, Clone, Copy, Default)]
pub struct WordInfo {
    pub lower: u64,
    pub shape: u64,
    pub prefix: [u64; 3],
    pub suffix: [u64; 4],
    /// Embedding clusters at 64, 256 and 1024 (0 when the word has none).
    pub cluster: [u64; 3],
}

impl WordInfo {
    pub fn of(form: &str) -> WordInfo {
        let lower = form.to_lowercase();
        let chars: Vec<char> = lower.chars().collect();
        let n = chars.len();
        let piece = |a: usize, b: usize| hash_str(&chars[a..b].iter().collect::<String>());
        let prefix = std::array::from_fn(|k| if k < n { piece(0, k + 1) } else { 0 });
        let suffix = std::array::from_fn(|k| if k < n { piece(n - k - 1, n) } else { 0 });
        let cluster = match crate::tag::clusters::lookup(&lower) {
            Some(ids) => std::array::from_fn(|k| hash_str(&ids[k]) | 1),
            None => [0; 3],
        };
        let shape = hash_str(&crate::tag::perceptron::features::word_shape(form));
        WordInfo { lower: hash_str(&lower), shape, prefix, suffix, cluster }
    }

    /// Padding beyond the sentence's ends.
    pub fn boundary(which: u64) -> WordInfo {
        let h = mix(0xb0da, which);
        WordInfo { lower: h, shape: h, prefix: [h; 3], suffix: [h; 4], cluster: [h; 3] }
    }
}

/// What a tagger file says about itself.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PosMeta {
    pub name: String,
    pub version: String,
    /// Joint tags, `UPOS/XPOS`.
    pub tags: Vec<String>,
    pub epochs: usize,
    pub best_epoch: usize,
    pub seed: u64,
    pub train_file: String,
    pub dev_file: String,
    pub dev_upos: f64,
    pub dev_xpos: f64,
    pub features: usize,
    pub clusters: String,
    pub trained: String,
}

/// A trained tagger.
pub struct PosTagger {
    pub meta: PosMeta,
    weights: SparseWeights,
    upos: Vec<Arc<str>>,
    xpos: Vec<Arc<str>>,
    /// Hashes of each joint tag and of its UPOS half, as the parser's features use them
    /// (computed once here rather than per token).
    tag_hashes: Vec<(u64, u64)>,
}

/// Features of word `i` given the previous two predicted tags (`n_tags`, `n_tags + 1`
/// stand for the sentence start).
fn features(words: &[WordInfo], i: usize, p1: usize, p2: usize, out: &mut Vec<u64>) {
    out.clear();
    let pad_l = [WordInfo::boundary(1), WordInfo::boundary(2)];
    let pad_r = [WordInfo::boundary(3), WordInfo::boundary(4)];
    let at = |k: isize| -> &WordInfo {
        let j = i as isize + k;
        if j < 0 {
            &pad_l[(-j - 1) as usize]
        } else if j as usize >= words.len() {
            &pad_r[(j as usize - words.len()).min(1)]
        } else {
            &words[j as usize]
        }
    };
    let (w, l1, l2, r1, r2) = (at(0), at(-1), at(-2), at(1), at(2));
    let (p1, p2) = (p1 as u64, p2 as u64);
    let mut f = |template: u64, v: u64| out.push(mix(template, v));
    f(0, 0);
    f(1, w.lower);
    for k in 0..4 {
        f(2 + k as u64, w.suffix[k]);
    }
    for k in 0..3 {
        f(6 + k as u64, w.prefix[k]);
    }
    f(9, w.shape);
    f(10, l1.lower);
    f(11, l2.lower);
    f(12, r1.lower);
    f(13, r2.lower);
    f(14, l1.suffix[2]);
    f(15, r1.suffix[2]);
    f(16, p1);
    f(17, p2);
    f(18, mix(p1, p2));
    f(19, mix(p1, w.lower));
    f(20, mix(w.lower, r1.lower));
    f(21, mix(l1.lower, w.lower));
    f(22, w.cluster[1]);
    f(23, w.cluster[2]);
    f(24, l1.cluster[1]);
    f(25, r1.cluster[1]);
    f(26, mix(p1, w.suffix[2]));
    f(27, r1.shape);
    f(28, l1.shape);
    f(29, mix(w.shape, (i == 0) as u64));
    f(30, w.cluster[0]);
    f(31, mix(p1, r1.lower));
    f(32, mix(l1.lower, r1.lower));
    f(33, r1.suffix[1]);
    f(34, r1.cluster[2]);
    f(35, l1.cluster[2]);
    f(36, l2.cluster[1]);
    f(37, r2.cluster[1]);
    f(38, mix(p1, r1.cluster[1]));
    f(39, mix(w.suffix[2], r1.lower));
    f(40, mix(w.cluster[1], r1.cluster[1]));
    f(41, mix(l1.cluster[1], w.cluster[1]));
    f(42, mix(w.shape, r1.shape));
    f(43, mix(w.lower, r2.lower));
}

impl PosTagger {
    /// Tags (indices into the joint tag list) of one sentence.
    pub fn tag_indices(&self, words: &[WordInfo]) -> Vec<usize> {
        let n_tags = self.meta.tags.len();
        let mut scores = vec![0.0; self.weights.width()];
        let mut feats = Vec::with_capacity(40);
        let mut out = Vec::with_capacity(words.len());
        let (mut p1, mut p2) = (n_tags, n_tags + 1);
        for i in 0..words.len() {
            features(words, i, p1, p2, &mut feats);
            self.weights.scores(&feats, &mut scores);
            let t = argmax_where(&scores, |_| true).unwrap_or(0);
            out.push(t);
            (p2, p1) = (p1, t);
        }
        out
    }

    /// (UPOS, XPOS) of every word of a sentence.
    pub fn tag(&self, forms: &[&str]) -> Vec<(&str, &str)> {
        let words: Vec<WordInfo> = forms.iter().map(|f| WordInfo::of(f)).collect();
        self.tag_indices(&words).into_iter().map(|t| self.split(t)).collect()
    }

    /// The UPOS and XPOS halves of joint tag `t`.
    pub fn split(&self, t: usize) -> (&str, &str) {
        (&self.upos[t], &self.xpos[t])
    }

    /// Hashes of joint tag `t` and of its UPOS half (the parser's tag features).
    pub fn tag_hashes(&self, t: usize) -> (u64, u64) {
        self.tag_hashes[t]
    }

    /// The same, as shared strings for the Doc's tokens.
    pub fn split_shared(&self, t: usize) -> (Arc<str>, Arc<str>) {
        (self.upos[t].clone(), self.xpos[t].clone())
    }

    /// Index of a joint tag (`VERB/VBD`), when the tagger has it.
    pub fn tag_index(&self, joint: &str) -> Option<usize> {
        self.meta.tags.iter().position(|t| t == joint)
    }

    pub fn tag_count(&self) -> usize {
        self.meta.tags.len()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        write_header(MAGIC, &self.meta, &mut out);
        self.weights.write(&mut out);
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<PosTagger, String> {
        let mut at = 0;
        let meta: PosMeta = read_header(bytes, MAGIC, &mut at)?;
        let weights = SparseWeights::read(bytes, &mut at)?;
        if weights.width() != meta.tags.len() {
            return Err(format!("{} weight columns for {} tags", weights.width(), meta.tags.len()));
        }
        Ok(PosTagger::new(meta, weights))
    }

    fn new(meta: PosMeta, weights: SparseWeights) -> PosTagger {
        let halves = |k: usize| meta.tags.iter().map(|t| Arc::from(t.split('/').nth(k).unwrap_or("_"))).collect();
        let (upos, xpos): (Vec<Arc<str>>, Vec<Arc<str>>) = (halves(0), halves(1));
        let tag_hashes = meta.tags.iter().zip(&upos).map(|(t, u)| (hash_str(t), hash_str(u))).collect();
        PosTagger { meta, weights, upos, xpos, tag_hashes }
    }

    pub fn load(path: &Path) -> Result<PosTagger> {
        let bytes = std::fs::read(path).at(path)?;
        PosTagger::from_bytes(&bytes).map_err(|e| Error::Usage(format!("{}: {e}", path.display())))
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).at(path)
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct PosTrainOptions {
    pub epochs: usize,
    pub seed: u64,
}

impl Default for PosTrainOptions {
    fn default() -> Self {
        PosTrainOptions { epochs: 10, seed: 1 }
    }
}

fn joint(w: &crate::syntax::conllu::Word) -> String {
    format!("{}/{}", w.upos, w.xpos)
}

/// UPOS and XPOS accuracy of a tagger on gold-tokenised sentences.
pub fn accuracy(tagger: &PosTagger, sentences: &[Sentence]) -> (f64, f64) {
    let (mut n, mut upos, mut xpos) = (0usize, 0usize, 0usize);
    for s in sentences {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        for (w, (u, x)) in s.words.iter().zip(tagger.tag(&forms)) {
            n += 1;
            upos += (w.upos == u) as usize;
            xpos += (w.xpos == x) as usize;
        }
    }
    (upos as f64 / n.max(1) as f64, xpos as f64 / n.max(1) as f64)
}

/// Trains on `train`, keeps the epoch with the best dev UPOS accuracy (the last one
/// when `dev` is empty). `log` gets a line
/// per epoch.
pub fn train_pos(train: &[Sentence], dev: &[Sentence], options: &PosTrainOptions, mut meta: PosMeta, mut log: impl FnMut(String)) -> PosTagger {
    let mut tags: Vec<String> = train.iter().flat_map(|s| s.words.iter().map(joint)).collect();
    tags.sort();
    tags.dedup();
    let index: std::collections::HashMap<&str, usize> = tags.iter().enumerate().map(|(i, t)| (t.as_str(), i)).collect();
    let n_tags = tags.len();
    meta.tags = tags.clone();
    let data: Vec<(Vec<WordInfo>, Vec<usize>)> = train
        .iter()
        .map(|s| (s.words.iter().map(|w| WordInfo::of(&w.form)).collect(), s.words.iter().map(|w| index[joint(w).as_str()]).collect()))
        .collect();
    let mut trainer = Trainer::new(n_tags);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = options.seed.max(1);
    let mut best: Option<PosTagger> = None;
    let mut scores = vec![0.0; n_tags];
    let mut feats = Vec::with_capacity(40);
    for epoch in 1..=options.epochs {
        shuffle(&mut order, &mut rng);
        let (mut seen, mut right) = (0usize, 0usize);
        for &k in &order {
            let (words, gold) = &data[k];
            let (mut p1, mut p2) = (n_tags, n_tags + 1);
            for i in 0..words.len() {
                features(words, i, p1, p2, &mut feats);
                trainer.tick();
                trainer.scores(&feats, &mut scores);
                let guess = argmax_where(&scores, |_| true).unwrap_or(0);
                trainer.update(&feats, gold[i], guess);
                seen += 1;
                right += (guess == gold[i]) as usize;
                (p2, p1) = (p1, guess);
            }
        }
        let mut m = meta.clone();
        m.epochs = options.epochs;
        m.best_epoch = epoch;
        let tagger = PosTagger::new(m, trainer.average(1e-3, 1));
        let (upos, xpos) = accuracy(&tagger, dev);
        log(format!("epoch {epoch}: train {:.4}, dev UPOS {upos:.4} XPOS {xpos:.4}, {} features", right as f64 / seen as f64, trainer.feature_count()));
        if dev.is_empty() || best.as_ref().is_none_or(|b| upos > b.meta.dev_upos) {
            let mut tagger = tagger;
            tagger.meta.dev_upos = upos;
            tagger.meta.dev_xpos = xpos;
            tagger.meta.features = tagger.weights.feature_count();
            best = Some(tagger);
        }
    }
    best.unwrap_or_else(|| PosTagger::new(meta, trainer.average(1e-3, 1)))
}

/// Fisher-Yates with xorshift64: deterministic for a seed, no dependency.
pub fn shuffle<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        items.swap(i, (*state % (i as u64 + 1)) as usize);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::conllu::parse_conllu;

    const TINY: &str = "1\tdogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\t_\n\n1\tcats\tcat\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\tsleep\tsleep\tVERB\tVBP\t_\t0\troot\t_\t_\n\n";

    #[test]
    fn trains_saves_and_loads() {
        let data = parse_conllu(TINY).unwrap();
        let tagger = train_pos(&data, &data, &PosTrainOptions { epochs: 5, seed: 1 }, PosMeta::default(), |_| {});
        assert_eq!(tagger.tag(&["dogs", "bark"]), [("NOUN", "NNS"), ("VERB", "VBP")]);
        let back = PosTagger::from_bytes(&tagger.to_bytes()).unwrap();
        assert_eq!(back.tag(&["cats", "sleep"]), [("NOUN", "NNS"), ("VERB", "VBP")]);
        assert!(PosTagger::from_bytes(b"DYADNER3....").is_err());
    }
}
