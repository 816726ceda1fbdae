//! The default entity model: an averaged structured perceptron (Viterbi decoding) over BIO tags (PER, ORG, LOC,
//! MISC) with local, gazetteer and document-level features. Pure Rust, trained by
//! `dyad train ner` from CoNLL-2003, stored as one binary file in `models/ner/`.
//!
//! Two stages: the first tags each article left to right; the second sees, as extra
//! features, what the first predicted for the same words anywhere in the article (so a
//! headline benefits from the body, and "Clinton" from "Bill Clinton").
//!
//! File format (little-endian): `DYADNER3`, u32 header length, JSON header
//! ([`ModelMeta`]), u32 stage count, then per stage two weight tables (token features,
//! then pair features), each: u32 width, f32 scale, u64 feature count, and per feature
//! its u64 hash and `width` i16 weights (weight = i16 × scale).

pub mod features;
pub mod train;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::doc::{AnnotationSource, Doc, Entity, EntityLabel, SentenceKind};
use crate::error::{Error, IoContext, Result};
use crate::tag::gazetteer::{GazKind, Gazetteer};
use crate::tag::EntityModel;
use features::{global_features, is_begin, tag_type, DocContext, FeatureBuffer, SentenceView, N_TAGS, PAIR_TEMPLATES, TAGS};

const MAGIC: &[u8; 8] = b"DYADNER3";

/// Feature keys are already hashes: use them as they are.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub type FeatureIndex = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

/// What a model file says about itself (the model card's numbers come from here).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    pub name: String,
    pub version: String,
    pub tags: Vec<String>,
    pub features: usize,
    pub epochs: usize,
    pub best_epoch: usize,
    pub seed: u64,
    pub train_file: String,
    pub dev_file: String,
    pub dev_f1: f64,
    /// Gazetteer version the features were computed with ("" when none).
    pub gazetteer: String,
    /// Word-cluster table version the features were computed with.
    #[serde(default)]
    pub clusters: String,
    /// Softmax temperature that turns scores into tag probabilities, chosen at training
    /// to minimise the negative log-likelihood of the dev tags.
    #[serde(default = "default_temperature")]
    pub temperature: f32,
    pub trained: String,
}

fn default_temperature() -> f32 {
    1.0
}

/// Feature hash → `W` weights: per tag for token features (`W` = [`N_TAGS`]), per
/// (previous tag, tag) for pair features (`W` = `N_TAGS²`, `prev * N_TAGS + tag`). Rows
/// sit inside the hash table, so a lookup touches one bucket, not a bucket and a row.
#[derive(Clone)]
pub struct Table<const W: usize> {
    rows: HashMap<u64, [f32; W], BuildHasherDefault<IdentityHasher>>,
}

impl<const W: usize> Default for Table<W> {
    fn default() -> Self {
        Table { rows: HashMap::default() }
    }
}

impl<const W: usize> Table<W> {
    /// A table from feature indices (`index[f]` = row number) and rows of `W` weights.
    pub fn new(index: FeatureIndex, weights: Vec<f32>) -> Table<W> {
        let rows = index.into_iter().map(|(f, k)| (f, std::array::from_fn(|t| weights[k as usize * W + t]))).collect();
        Table { rows }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Adds the rows of `feats` into `out`.
    fn add_rows(&self, feats: &[u64], out: &mut [f32; W]) {
        for f in feats {
            if let Some(w) = self.rows.get(f) {
                for (o, x) in out.iter_mut().zip(w) {
                    *o += x;
                }
            }
        }
    }

    fn write(&self, out: &mut Vec<u8>) {
        let max = self.rows.values().flatten().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        out.extend_from_slice(&(W as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(self.rows.len() as u64).to_le_bytes());
        // Sorted by hash, so the same model always writes the same bytes.
        let mut entries: Vec<(&u64, &[f32; W])> = self.rows.iter().collect();
        entries.sort_unstable_by_key(|(h, _)| **h);
        for (h, row) in entries {
            out.extend_from_slice(&h.to_le_bytes());
            for w in row {
                out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
            }
        }
    }

    fn read(bytes: &[u8], at: &mut usize) -> Result<Table<W>, String> {
        let take = |at: usize, n: usize| bytes.get(at..at + n).ok_or_else(|| "truncated model file".to_string());
        let stored = u32::from_le_bytes(take(*at, 4)?.try_into().map_err(|_| "bad width")?) as usize;
        if stored != W {
            return Err(format!("weight table of width {stored}, expected {W}"));
        }
        let scale = f32::from_le_bytes(take(*at + 4, 4)?.try_into().map_err(|_| "bad scale")?);
        let n = u64::from_le_bytes(take(*at + 8, 8)?.try_into().map_err(|_| "bad count")?) as usize;
        *at += 16;
        let record = 8 + 2 * W;
        let body = take(*at, n.checked_mul(record).ok_or("bad count")?)?;
        *at += body.len();
        let mut rows = HashMap::with_capacity_and_hasher(n, Default::default());
        for rec in body.chunks_exact(record) {
            let h = u64::from_le_bytes(rec[..8].try_into().map_err(|_| "bad record")?);
            let row: [f32; W] = std::array::from_fn(|t| i16::from_le_bytes([rec[8 + 2 * t], rec[9 + 2 * t]]) as f32 * scale);
            rows.insert(h, row);
        }
        Ok(Table { rows })
    }
}

/// What the decoder needs from weights, trained or being trained.
pub trait Scorer {
    /// Scores of every tag from token features.
    fn token_scores(&self, feats: &[u64], out: &mut [f32; N_TAGS]);
    /// Scores of every (previous tag, tag) pair from pair-feature bases.
    fn pair_scores(&self, bases: &[u64], out: &mut [[f32; N_TAGS]; N_TAGS]);
}

/// The weights of one stage.
#[derive(Default, Clone)]
pub struct Weights {
    pub token: Table<N_TAGS>,
    pub pair: Table<{ N_TAGS * N_TAGS }>,
}

impl Scorer for Weights {
    fn token_scores(&self, feats: &[u64], out: &mut [f32; N_TAGS]) {
        *out = [0.0; N_TAGS];
        self.token.add_rows(feats, out);
    }

    fn pair_scores(&self, bases: &[u64], out: &mut [[f32; N_TAGS]; N_TAGS]) {
        *out = [[0.0; N_TAGS]; N_TAGS];
        let flat: &mut [f32; N_TAGS * N_TAGS] = out.as_flattened_mut().try_into().expect("N_TAGS² scores");
        self.pair.add_rows(bases, flat);
    }
}

impl Weights {
    pub fn len(&self) -> usize {
        self.token.len() + self.pair.len()
    }

    pub fn is_empty(&self) -> bool {
        self.token.is_empty() && self.pair.is_empty()
    }

    /// Tags of one sentence by Viterbi decoding, with the scores of every tag at each
    /// position given the chosen previous tag.
    pub fn tag_sentence(&self, view: &SentenceView, doc: &DocContext, buf: &mut FeatureBuffer) -> (Vec<usize>, Vec<TagScores>) {
        let lattice = Lattice::build(self, view, doc, buf, None);
        let tags = lattice.viterbi();
        let scores = lattice.path_scores(&tags);
        (tags, scores)
    }

    /// Tags every sentence of an article in order, with the article's history; with
    /// `global`, the second-stage features of each token. `keep` turns each sentence's
    /// tags and scores into what the caller keeps (probabilities, scores, nothing), so a
    /// long article does not hold every token's scores.
    fn tag_article<T>(
        &self,
        views: &mut [SentenceView],
        global: Option<&[Vec<Vec<&'static str>>]>,
        keep: impl Fn(&[usize], Vec<TagScores>) -> T,
    ) -> (Vec<Vec<usize>>, Vec<T>) {
        let mut ctx = DocContext::new(views.iter().flat_map(|v| v.words.iter().copied()));
        let mut buf = FeatureBuffer::default();
        let (mut all_tags, mut kept) = (Vec::with_capacity(views.len()), Vec::with_capacity(views.len()));
        for (si, view) in views.iter_mut().enumerate() {
            if let Some(g) = global {
                view.global = g[si].clone();
            }
            let (tags, scores) = self.tag_sentence(view, &ctx, &mut buf);
            ctx.observe(&view.lower, &tags, view.words);
            kept.push(keep(&tags, scores));
            all_tags.push(tags);
        }
        (all_tags, kept)
    }

    fn write(&self, out: &mut Vec<u8>) {
        self.token.write(out);
        self.pair.write(out);
    }

    fn read(bytes: &[u8], at: &mut usize) -> Result<Weights, String> {
        let token = Table::read(bytes, at)?;
        let pair = Table::read(bytes, at)?;
        Ok(Weights { token, pair })
    }
}

pub struct PerceptronModel {
    pub meta: ModelMeta,
    /// One or two stages (the second uses the first's article-wide predictions).
    pub stages: Vec<Weights>,
}

impl PerceptronModel {
    pub fn feature_count(&self) -> usize {
        self.stages.iter().map(Weights::len).sum()
    }

    /// Tags of every sentence of an article (words per sentence), with the probability
    /// of each tag (see [`TagScores::probability`]).
    pub fn tag_article(&self, sentences: &[Vec<&str>]) -> (Vec<Vec<usize>>, Vec<Vec<f32>>) {
        let temperature = self.meta.temperature;
        self.tag_article_with(sentences, |tags, scores| tags.iter().zip(&scores).map(|(&t, s)| s.probability(t, temperature)).collect())
    }

    /// Tags of every sentence of an article, with the scores behind each.
    pub fn tag_article_scores(&self, sentences: &[Vec<&str>]) -> (Vec<Vec<usize>>, Vec<Vec<TagScores>>) {
        self.tag_article_with(sentences, |_, scores| scores)
    }

    /// Runs the stages; `keep` sees the last stage's tags and scores of each sentence.
    fn tag_article_with<T>(&self, sentences: &[Vec<&str>], keep: impl Fn(&[usize], Vec<TagScores>) -> T) -> (Vec<Vec<usize>>, Vec<T>) {
        // Word forms, shapes, clusters and gazetteer matches are computed once for both stages.
        let mut views: Vec<SentenceView> = sentences.iter().map(|w| SentenceView::new(w, gazetteer_features(w))).collect();
        let (last, earlier) = self.stages.split_last().expect("a model has at least one stage");
        let mut global = None;
        for stage in earlier {
            let (tags, _) = stage.tag_article(&mut views, global.as_deref(), |_, _| ());
            global = Some(global_features(sentences, &tags));
        }
        last.tag_article(&mut views, global.as_deref(), keep)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut header = self.meta.clone();
        header.features = self.feature_count();
        let json = serde_json::to_vec(&header).map_err(|e| Error::Write { path: path.into(), message: e.to_string() })?;
        let mut out = Vec::with_capacity(16 + json.len() + header.features * (8 + 2 * N_TAGS));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(&json);
        out.extend_from_slice(&(self.stages.len() as u32).to_le_bytes());
        for stage in &self.stages {
            stage.write(&mut out);
        }
        let tmp = path.with_extension("tmp");
        let mut f = std::fs::File::create(&tmp).at(&tmp)?;
        f.write_all(&out).at(&tmp)?;
        std::fs::rename(&tmp, path).at(path)
    }

    pub fn load(path: &Path) -> Result<PerceptronModel> {
        let mut bytes = Vec::new();
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).at(path)?;
        Self::from_bytes(&bytes).map_err(|e| Error::Dataset(format!("{}: {e}", path.display())))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<PerceptronModel, String> {
        let take = |at: usize, n: usize| bytes.get(at..at + n).ok_or_else(|| "truncated model file".to_string());
        if take(0, 8)? != MAGIC {
            return Err("not a dyad perceptron NER model of this version (bad magic)".into());
        }
        let hlen = u32::from_le_bytes(take(8, 4)?.try_into().map_err(|_| "bad header")?) as usize;
        let meta: ModelMeta = serde_json::from_slice(take(12, hlen)?).map_err(|e| format!("bad model header: {e}"))?;
        if meta.tags != TAGS {
            return Err(format!("model tags {:?} differ from this dyad's {:?}", meta.tags, TAGS));
        }
        let mut at = 12 + hlen;
        let n_stages = u32::from_le_bytes(take(at, 4)?.try_into().map_err(|_| "bad stage count")?) as usize;
        at += 4;
        if !(1..=2).contains(&n_stages) {
            return Err(format!("model has {n_stages} stages; this dyad reads 1 or 2"));
        }
        let stages = (0..n_stages).map(|_| Weights::read(bytes, &mut at)).collect::<Result<_, _>>()?;
        Ok(PerceptronModel { meta, stages })
    }
}

/// Whether tag `t` may follow `prev` (I-X only after B-X or I-X).
fn allowed(prev: usize, t: usize) -> bool {
    t == 0 || is_begin(t) || (prev != 0 && tag_type(prev) == tag_type(t))
}

/// Scores of every tag at every position of a sentence: `local[i][t]` from the features
/// that ignore the previous tag, `pair[i][p][t]` from those conjoined with previous tag
/// `p` (the tag before the sentence counts as O).
pub struct Lattice {
    local: Vec<[f32; N_TAGS]>,
    pair: Vec<[[f32; N_TAGS]; N_TAGS]>,
}

/// Feature hashes of every position, kept for training updates.
#[derive(Default)]
pub struct LatticeFeatures {
    pub local: Vec<Vec<u64>>,
    pub pairs: Vec<[u64; PAIR_TEMPLATES]>,
}

impl Lattice {
    pub fn build(scorer: &dyn Scorer, view: &SentenceView, doc: &DocContext, buf: &mut FeatureBuffer, mut keep: Option<&mut LatticeFeatures>) -> Lattice {
        let n = view.words.len();
        let mut lattice = Lattice { local: vec![[0.0; N_TAGS]; n], pair: vec![[[0.0; N_TAGS]; N_TAGS]; n] };
        for i in 0..n {
            buf.extract(view, i, doc);
            scorer.token_scores(&buf.hashes, &mut lattice.local[i]);
            buf.extract_pairs(view, i);
            scorer.pair_scores(&buf.pairs, &mut lattice.pair[i]);
            if let Some(k) = keep.as_deref_mut() {
                k.local.push(buf.hashes.clone());
                k.pairs.push(buf.pairs);
            }
        }
        lattice
    }

    /// Score of tag `t` at position `i` after `prev`.
    fn at(&self, i: usize, prev: usize, t: usize) -> f32 {
        self.local[i][t] + self.pair[i][prev][t]
    }

    /// The best-scoring tag sequence in which I-X only follows B-X or I-X.
    pub fn viterbi(&self) -> Vec<usize> {
        let n = self.local.len();
        if n == 0 {
            return Vec::new();
        }
        let mut best = [f32::NEG_INFINITY; N_TAGS];
        for (t, b) in best.iter_mut().enumerate() {
            if allowed(0, t) {
                *b = self.at(0, 0, t);
            }
        }
        let mut back = vec![[0u8; N_TAGS]; n];
        for i in 1..n {
            let mut next = [f32::NEG_INFINITY; N_TAGS];
            for (t, slot) in next.iter_mut().enumerate() {
                for (p, &score) in best.iter().enumerate() {
                    if score == f32::NEG_INFINITY || !allowed(p, t) {
                        continue;
                    }
                    let s = score + self.at(i, p, t);
                    if s > *slot {
                        *slot = s;
                        back[i][t] = p as u8;
                    }
                }
            }
            best = next;
        }
        let mut t = (0..N_TAGS).max_by(|&a, &b| best[a].total_cmp(&best[b]).then(b.cmp(&a))).unwrap_or(0);
        let mut tags = vec![0; n];
        for i in (0..n).rev() {
            tags[i] = t;
            t = back[i][t] as usize;
        }
        tags
    }

    /// For each position, the scores of every tag given the previous tag on `tags`.
    pub fn path_scores(&self, tags: &[usize]) -> Vec<TagScores> {
        (0..tags.len())
            .map(|i| {
                let prev = if i == 0 { 0 } else { tags[i - 1] };
                TagScores { prev, scores: std::array::from_fn(|t| self.at(i, prev, t)) }
            })
            .collect()
    }
}

/// The scores of every tag at one position, given the previous tag.
#[derive(Debug, Clone, Copy)]
pub struct TagScores {
    pub prev: usize,
    pub scores: [f32; N_TAGS],
}

impl TagScores {
    /// Softmax probability of tag `k` among the tags allowed after the previous one, at
    /// `temperature` (calibrated on the dev set at training, see [`ModelMeta`]).
    pub fn probability(&self, k: usize, temperature: f32) -> f32 {
        self.log_probability(k, temperature).exp() as f32
    }

    /// Natural log of [`TagScores::probability`], exact for very unlikely tags.
    pub fn log_probability(&self, k: usize, temperature: f32) -> f64 {
        let temperature = if temperature > 0.0 { f64::from(temperature) } else { 1.0 };
        let allowed_scores = || self.scores.iter().enumerate().filter(|(t, _)| allowed(self.prev, *t)).map(|(_, s)| f64::from(*s));
        let max = allowed_scores().fold(f64::NEG_INFINITY, f64::max);
        let sum: f64 = allowed_scores().map(|s| ((s - max) / temperature).exp()).sum();
        (f64::from(self.scores[k]) - max) / temperature - sum.ln()
    }
}

/// Gazetteer features per token: "<kind>:B" on the first word of a listed phrase,
/// "<kind>:I" on the others, and "<kind>:U" for a one-word phrase.
pub fn gazetteer_features(words: &[&str]) -> Vec<Vec<&'static str>> {
    static NAMES: LazyLock<Vec<[String; 3]>> =
        LazyLock::new(|| GazKind::ALL.iter().map(|k| ["B", "I", "U"].map(|p| format!("{}:{p}", k.as_str()))).collect());
    let mut out = vec![Vec::new(); words.len()];
    for m in Gazetteer::builtin().find_all(words) {
        let mut kinds: Vec<usize> = m.entries.iter().filter_map(|e| GazKind::ALL.iter().position(|k| *k == e.kind)).collect();
        kinds.sort_unstable();
        kinds.dedup();
        for k in kinds {
            let names = &NAMES[k];
            if m.end - m.start == 1 {
                out[m.start].push(names[2].as_str());
            } else {
                out[m.start].push(names[0].as_str());
                for feats in &mut out[m.start + 1..m.end] {
                    feats.push(names[1].as_str());
                }
            }
        }
    }
    for feats in &mut out {
        feats.sort_unstable();
        feats.dedup();
    }
    out
}

/// Entity spans (token ranges and type index) from BIO tags.
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if let Some(ty) = tag_type(tags[i]) {
            let start = i;
            i += 1;
            while i < tags.len() && tags[i] != 0 && !is_begin(tags[i]) && tag_type(tags[i]) == Some(ty) {
                i += 1;
            }
            out.push((start, i, ty));
        } else {
            i += 1;
        }
    }
    out
}

/// Most content words capitalised, as in a title-case headline (short lowercase
/// words such as "of", "at", "and", "from" are not counted).
fn is_title_case<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let (mut caps, mut alpha) = (0, 0);
    for w in words {
        if let Some(c) = w.chars().next().filter(|c| c.is_alphabetic()) {
            if c.is_lowercase() && w.chars().count() <= 4 {
                continue;
            }
            alpha += 1;
            caps += usize::from(c.is_uppercase());
        }
    }
    alpha >= 3 && caps * 10 >= alpha * 7
}

fn label_of(ty: usize) -> EntityLabel {
    [EntityLabel::Person, EntityLabel::Org, EntityLabel::Loc, EntityLabel::Misc][ty]
}

impl EntityModel for PerceptronModel {
    fn name(&self) -> &'static str {
        "perceptron"
    }

    fn version(&self) -> String {
        self.meta.version.clone()
    }

    fn predict(&self, doc: &Doc) -> Vec<Entity> {
        let text = doc.text();
        // Title-case headlines ("Iranian Hackers Increase Cyber Attacks") do not occur in
        // the training data, where headlines are in capitals: tag them as capitals.
        // Only headline words are rewritten; every other word is borrowed from the text.
        let words: Vec<Vec<Cow<str>>> = doc
            .sentences
            .iter()
            .map(|s| {
                let words = doc.tokens[s.tokens.clone()].iter().map(|t| t.span.slice(text));
                if matches!(s.kind, SentenceKind::Title | SentenceKind::Headline) && is_title_case(words.clone()) {
                    words.map(|w| Cow::Owned(w.to_uppercase())).collect()
                } else {
                    words.map(Cow::Borrowed).collect()
                }
            })
            .collect();
        let sentences: Vec<Vec<&str>> = words.iter().map(|s| s.iter().map(|w| w.as_ref()).collect()).collect();
        let (tags, probs) = self.tag_article(&sentences);
        let mut entities = Vec::new();
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[sentence.tokens.clone()];
            for (s, e, ty) in spans(&tags[si]) {
                let span = toks[s].span.cover(&toks[e - 1].span);
                let confidence = probs[si][s..e].iter().sum::<f32>() / (e - s) as f32;
                entities.push(Entity::new(span, si, span.slice(text), label_of(ty), confidence, AnnotationSource::Model));
            }
        }
        entities
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_spans() {
        // O B-PER I-PER B-PER O B-LOC I-LOC
        assert_eq!(spans(&[0, 1, 2, 1, 0, 5, 6]), [(1, 3, 0), (3, 4, 0), (5, 7, 2)]);
    }

    #[test]
    fn viterbi_keeps_transitions_valid() {
        // Position 0 prefers I-PER, which cannot start a sentence; position 1 prefers
        // I-PER too: the best valid path is B-PER I-PER.
        let mut local = vec![[0f32; N_TAGS]; 2];
        local[0][2] = 5.0;
        local[0][1] = 1.0;
        local[1][2] = 3.0;
        let lattice = Lattice { local, pair: vec![[[0.0; N_TAGS]; N_TAGS]; 2] };
        assert_eq!(lattice.viterbi(), [1, 2]);
        // A transition score can overturn a locally better tag.
        let mut lattice = lattice;
        lattice.pair[1][1][2] = -10.0;
        lattice.local[1][0] = 1.0;
        assert_eq!(lattice.viterbi(), [1, 0]);
        assert_eq!(Lattice { local: vec![], pair: vec![] }.viterbi(), Vec::<usize>::new());
    }
}
