//! The default entity model: a greedy averaged perceptron over BIO tags (PER, ORG, LOC,
//! MISC) with local, gazetteer and document-level features. Pure Rust, trained by
//! `dyad train ner` from CoNLL-2003, stored as one binary file in `models/ner/`.
//!
//! Two stages: the first tags each article left to right; the second sees, as extra
//! features, what the first predicted for the same words anywhere in the article (so a
//! headline benefits from the body, and "Clinton" from "Bill Clinton").
//!
//! File format (little-endian): `DYADNER2`, u32 header length, JSON header
//! ([`ModelMeta`]), u32 stage count, then per stage: f32 scale, u64 feature count, and
//! per feature its u64 hash and [`N_TAGS`] i16 weights (weight = i16 × scale).

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
use features::{global_features, is_begin, tag_type, DocContext, FeatureBuffer, SentenceView, N_TAGS, TAGS};

const MAGIC: &[u8; 8] = b"DYADNER2";

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
    pub trained: String,
}

/// The weights of one stage.
#[derive(Default)]
pub struct Weights {
    index: FeatureIndex,
    /// `index[f] * N_TAGS + tag`.
    weights: Vec<f32>,
}

impl Weights {
    pub fn new(index: FeatureIndex, weights: Vec<f32>) -> Weights {
        Weights { index, weights }
    }

    pub fn len(&self) -> usize {
        self.index.len()
    }

    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    fn scores(&self, feats: &[u64], out: &mut [f32; N_TAGS]) {
        *out = [0.0; N_TAGS];
        for f in feats {
            if let Some(&k) = self.index.get(f) {
                let w = &self.weights[k as usize * N_TAGS..(k as usize + 1) * N_TAGS];
                for (o, x) in out.iter_mut().zip(w) {
                    *o += x;
                }
            }
        }
    }

    /// Tags of one sentence, greedily left to right; I-X only after B-X or I-X.
    /// Returns the tags and the softmax probability of each chosen tag.
    pub fn tag_sentence(&self, view: &SentenceView, doc: &DocContext, buf: &mut FeatureBuffer) -> (Vec<usize>, Vec<f32>) {
        let n = view.words.len();
        let mut tags = Vec::with_capacity(n);
        let mut probs = Vec::with_capacity(n);
        let mut scores = [0f32; N_TAGS];
        let (mut prev, mut prev2) = (0, 0);
        for i in 0..n {
            buf.extract(view, i, prev, prev2, doc);
            self.scores(&buf.hashes, &mut scores);
            let best = best_allowed(&scores, prev);
            probs.push(softmax_prob(&scores, best, prev));
            tags.push(best);
            prev2 = prev;
            prev = best;
        }
        (tags, probs)
    }

    /// Tags every sentence of an article in order, with the article's history; with
    /// `global`, the second-stage features of each token.
    fn tag_article(&self, views: &mut [SentenceView], global: Option<&[Vec<Vec<&'static str>>]>) -> (Vec<Vec<usize>>, Vec<Vec<f32>>) {
        let mut ctx = DocContext::new(views.iter().flat_map(|v| v.words.iter().copied()));
        let mut buf = FeatureBuffer::default();
        let (mut all_tags, mut all_probs) = (Vec::new(), Vec::new());
        for (si, view) in views.iter_mut().enumerate() {
            if let Some(g) = global {
                view.global = g[si].clone();
            }
            let (tags, probs) = self.tag_sentence(view, &ctx, &mut buf);
            ctx.observe(&view.lower, &tags, view.words);
            all_tags.push(tags);
            all_probs.push(probs);
        }
        (all_tags, all_probs)
    }

    fn write(&self, out: &mut Vec<u8>) {
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(self.index.len() as u64).to_le_bytes());
        // Sorted by hash, so the same model always writes the same bytes.
        let mut entries: Vec<(u64, u32)> = self.index.iter().map(|(h, k)| (*h, *k)).collect();
        entries.sort_unstable();
        for (h, k) in entries {
            out.extend_from_slice(&h.to_le_bytes());
            for w in &self.weights[k as usize * N_TAGS..(k as usize + 1) * N_TAGS] {
                out.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
            }
        }
    }

    fn read(bytes: &[u8], at: &mut usize) -> Result<Weights, String> {
        let take = |at: usize, n: usize| bytes.get(at..at + n).ok_or_else(|| "truncated model file".to_string());
        let scale = f32::from_le_bytes(take(*at, 4)?.try_into().map_err(|_| "bad scale")?);
        let n = u64::from_le_bytes(take(*at + 4, 8)?.try_into().map_err(|_| "bad count")?) as usize;
        *at += 12;
        let record = 8 + 2 * N_TAGS;
        let body = take(*at, n.checked_mul(record).ok_or("bad count")?)?;
        *at += body.len();
        let mut index = FeatureIndex::with_capacity_and_hasher(n, Default::default());
        let mut weights = Vec::with_capacity(n * N_TAGS);
        for (k, rec) in body.chunks_exact(record).enumerate() {
            let h = u64::from_le_bytes(rec[..8].try_into().map_err(|_| "bad record")?);
            index.insert(h, k as u32);
            weights.extend(rec[8..].chunks_exact(2).map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 * scale));
        }
        Ok(Weights { index, weights })
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

    /// Tags of every sentence of an article (words per sentence), with probabilities.
    pub fn tag_article(&self, sentences: &[Vec<&str>]) -> (Vec<Vec<usize>>, Vec<Vec<f32>>) {
        // Word forms, shapes, clusters and gazetteer matches are computed once for both stages.
        let mut views: Vec<SentenceView> = sentences.iter().map(|w| SentenceView::new(w, gazetteer_features(w))).collect();
        let (mut tags, mut probs) = self.stages[0].tag_article(&mut views, None);
        for stage in &self.stages[1..] {
            let global = global_features(sentences, &tags);
            (tags, probs) = stage.tag_article(&mut views, Some(&global));
        }
        (tags, probs)
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

fn best_allowed(scores: &[f32; N_TAGS], prev: usize) -> usize {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (t, &s) in scores.iter().enumerate() {
        if allowed(prev, t) && s > best_score {
            best = t;
            best_score = s;
        }
    }
    best
}

/// Softmax probability of tag `k` among the tags allowed after `prev`. Perceptron
/// scores are not calibrated: this orders mentions by confidence, nothing more.
fn softmax_prob(scores: &[f32; N_TAGS], k: usize, prev: usize) -> f32 {
    let allowed_scores = || scores.iter().enumerate().filter(|(t, _)| allowed(prev, *t)).map(|(_, s)| *s);
    let max = allowed_scores().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = allowed_scores().map(|s| ((s - max) / SOFTMAX_TEMPERATURE).exp()).sum();
    ((scores[k] - max) / SOFTMAX_TEMPERATURE).exp() / sum
}

/// Averaged perceptron scores run in the hundreds; this scales them to a usable range.
const SOFTMAX_TEMPERATURE: f32 = 100.0;

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
    fn transitions_are_constrained() {
        let mut s = [0f32; N_TAGS];
        s[2] = 5.0; // I-PER after O is not allowed
        s[1] = 1.0;
        assert_eq!(best_allowed(&s, 0), 1);
        assert_eq!(best_allowed(&s, 1), 2);
    }
}
