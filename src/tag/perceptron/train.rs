//! Training the perceptron tagger: greedy decoding with the model's own previous tags
//! and document history (as at inference), averaged weights (lazy averaging with
//! timestamps), documents shuffled each epoch by a seeded generator, the epoch with the
//! best dev F1 kept. The second stage learns from first-stage predictions made by
//! models that did not see the document (4-fold jackknife), as it will at inference.
//! Deterministic given the data and the seed.

use crate::eval::conll::{spans_from_tags, ConllDoc};
use crate::tag::perceptron::features::{global_features, tag_index, DocContext, FeatureBuffer, SentenceView, N_TAGS, TAGS};
use crate::tag::perceptron::{best_allowed, gazetteer_features, spans, FeatureIndex, ModelMeta, PerceptronModel, Weights};

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Drop features whose averaged weights are all below this in magnitude.
    pub prune_below: f32,
    /// Train the second (article-wide) stage too.
    pub two_stage: bool,
    /// Jackknife folds for the second stage's training features.
    pub folds: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { epochs: 15, seed: 1, prune_below: 1e-3, two_stage: true, folds: 4 }
    }
}

struct Learner {
    index: FeatureIndex,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    clock: u32,
}

impl Learner {
    fn id(&mut self, f: u64) -> usize {
        let next = self.index.len() as u32;
        let k = *self.index.entry(f).or_insert(next) as usize;
        if k == self.weights.len() / N_TAGS {
            self.weights.extend([0.0; N_TAGS]);
            self.totals.extend([0.0; N_TAGS]);
            self.stamps.extend([0; N_TAGS]);
        }
        k
    }

    fn update(&mut self, feats: &[u64], tag: usize, delta: f32) {
        for &f in feats {
            let k = self.id(f) * N_TAGS + tag;
            self.totals[k] += (self.clock - self.stamps[k]) as f64 * self.weights[k] as f64;
            self.stamps[k] = self.clock;
            self.weights[k] += delta;
        }
    }

    fn scores(&self, feats: &[u64], out: &mut [f32; N_TAGS]) {
        *out = [0.0; N_TAGS];
        for f in feats {
            if let Some(&k) = self.index.get(f) {
                for (o, w) in out.iter_mut().zip(&self.weights[k as usize * N_TAGS..(k as usize + 1) * N_TAGS]) {
                    *o += w;
                }
            }
        }
    }

    /// The averaged weights, without features whose weights all fall under `prune_below`.
    fn averaged(&self, prune_below: f32) -> Weights {
        let mut index = FeatureIndex::default();
        let mut weights = Vec::new();
        for (&f, &k) in &self.index {
            let k = k as usize;
            let avg: Vec<f32> = (0..N_TAGS)
                .map(|t| {
                    let i = k * N_TAGS + t;
                    let total = self.totals[i] + (self.clock - self.stamps[i]) as f64 * self.weights[i] as f64;
                    (total / self.clock.max(1) as f64) as f32
                })
                .collect();
            if avg.iter().any(|w| w.abs() >= prune_below) {
                index.insert(f, (weights.len() / N_TAGS) as u32);
                weights.extend(avg);
            }
        }
        Weights::new(index, weights)
    }
}

/// IOB1 or IOB2 tags → BIO tag indices.
pub fn gold_tags(tags: &[String]) -> Vec<usize> {
    let mut out = vec![0; tags.len()];
    for (s, e, ty) in spans_from_tags(tags) {
        out[s] = tag_index(&format!("B-{ty}"));
        for t in out.iter_mut().take(e).skip(s + 1) {
            *t = tag_index(&format!("I-{ty}"));
        }
    }
    out
}

/// A small deterministic generator for shuffling (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Words of each sentence of a gold document.
fn words_of(doc: &ConllDoc) -> Vec<Vec<&str>> {
    doc.iter().map(|s| s.words.iter().map(String::as_str).collect()).collect()
}

/// Strict span F1 of a model over gold documents (gold tokens).
pub fn span_f1(model: &PerceptronModel, docs: &[ConllDoc]) -> f64 {
    let (mut gold, mut pred, mut correct) = (0usize, 0usize, 0usize);
    for doc in docs {
        let (tags, _) = model.tag_article(&words_of(doc));
        for (s, t) in doc.iter().zip(&tags) {
            let g = spans(&gold_tags(&s.tags));
            let p = spans(t);
            gold += g.len();
            pred += p.len();
            correct += p.iter().filter(|x| g.contains(x)).count();
        }
    }
    let p = correct as f64 / pred.max(1) as f64;
    let r = correct as f64 / gold.max(1) as f64;
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

type Global = Vec<Vec<Vec<&'static str>>>;

/// Trains one stage for `epochs`; with `dev`, keeps the epoch whose full model (the
/// `earlier` stages plus this one) scores best there.
#[allow(clippy::too_many_arguments)]
fn train_stage(
    docs: &[&ConllDoc],
    global: Option<&[Global]>,
    epochs: usize,
    rng: &mut Rng,
    prune_below: f32,
    dev: Option<(&[ConllDoc], &[Weights])>,
    label: &str,
    log: &mut dyn FnMut(&str),
) -> (Weights, usize, f64) {
    let mut learner = Learner { index: FeatureIndex::default(), weights: Vec::new(), totals: Vec::new(), stamps: Vec::new(), clock: 1 };
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut buf = FeatureBuffer::default();
    let mut scores = [0f32; N_TAGS];
    let mut best: Option<(Weights, usize, f64)> = None;
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        let (mut tokens, mut errors) = (0usize, 0usize);
        let started = std::time::Instant::now();
        for &d in &order {
            let doc = docs[d];
            let words = words_of(doc);
            let mut ctx = DocContext::new(words.iter().flatten().copied());
            for (si, (s, ws)) in doc.iter().zip(&words).enumerate() {
                let mut view = SentenceView::new(ws, gazetteer_features(ws));
                if let Some(g) = global {
                    view.global = g[d][si].clone();
                }
                let gold = gold_tags(&s.tags);
                let mut predicted = Vec::with_capacity(ws.len());
                let (mut prev, mut prev2) = (0, 0);
                for (i, &g) in gold.iter().enumerate() {
                    buf.extract(&view, i, prev, prev2, &ctx);
                    learner.scores(&buf.hashes, &mut scores);
                    let guess = best_allowed(&scores, prev);
                    if guess != g {
                        let feats = std::mem::take(&mut buf.hashes);
                        learner.update(&feats, g, 1.0);
                        learner.update(&feats, guess, -1.0);
                        buf.hashes = feats;
                        errors += 1;
                    }
                    learner.clock += 1;
                    tokens += 1;
                    predicted.push(guess);
                    prev2 = prev;
                    prev = guess;
                }
                ctx.observe(&view.lower, &predicted, ws);
            }
        }
        let Some((dev_docs, earlier)) = dev else {
            if epoch == epochs {
                best = Some((learner.averaged(prune_below), epoch, f64::NAN));
            }
            continue;
        };
        let weights = learner.averaged(prune_below);
        let mut stages: Vec<Weights> = earlier.iter().map(|w| Weights::new(w.index.clone(), w.weights.clone())).collect();
        stages.push(weights);
        let model = PerceptronModel { meta: ModelMeta::default(), stages };
        let f1 = span_f1(&model, dev_docs);
        let weights = model.stages.into_iter().last().expect("pushed above");
        log(&format!(
            "{label} epoch {epoch:>2}: train token error {:.2}%, dev F1 {:.4}, {} features, {:.1} s",
            100.0 * errors as f64 / tokens.max(1) as f64,
            f1,
            weights.len(),
            started.elapsed().as_secs_f64()
        ));
        if best.as_ref().is_none_or(|(_, _, b)| f1 > *b) {
            best = Some((weights, epoch, f1));
        }
    }
    best.expect("at least one epoch")
}

/// Trains on `train`, picking epochs by F1 on `dev`.
pub fn train(train: &[ConllDoc], dev: &[ConllDoc], options: &TrainOptions, mut meta: ModelMeta, mut log: impl FnMut(&str)) -> PerceptronModel {
    let mut rng = Rng(options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let all: Vec<&ConllDoc> = train.iter().collect();
    let (first, first_epoch, first_f1) = train_stage(&all, None, options.epochs, &mut rng, options.prune_below, Some((dev, &[])), "stage 1", &mut log);
    let mut stages = vec![first];
    let (mut best_epoch, mut f1) = (first_epoch, first_f1);
    if options.two_stage {
        // First-stage tags for each training document from a model that did not see it.
        let mut global: Vec<Global> = vec![Vec::new(); train.len()];
        for fold in 0..options.folds {
            let rest: Vec<&ConllDoc> = train.iter().enumerate().filter(|(i, _)| i % options.folds != fold).map(|(_, d)| d).collect();
            let (w, _, _) = train_stage(&rest, None, first_epoch, &mut rng, options.prune_below, None, "fold", &mut log);
            let held_out = PerceptronModel { meta: ModelMeta::default(), stages: vec![w] };
            for (i, doc) in train.iter().enumerate().filter(|(i, _)| i % options.folds == fold) {
                let words = words_of(doc);
                let (tags, _) = held_out.tag_article(&words);
                global[i] = global_features(&words, &tags);
            }
            log(&format!("jackknife fold {}/{} done", fold + 1, options.folds));
        }
        let (second, second_epoch, second_f1) = train_stage(&all, Some(&global), options.epochs, &mut rng, options.prune_below, Some((dev, &stages)), "stage 2", &mut log);
        if second_f1 > first_f1 {
            stages.push(second);
            (best_epoch, f1) = (second_epoch, second_f1);
        } else {
            log("stage 2 did not improve dev F1: keeping one stage");
        }
    }
    meta.epochs = options.epochs;
    meta.best_epoch = best_epoch;
    meta.dev_f1 = f1;
    meta.tags = TAGS.iter().map(|t| t.to_string()).collect();
    PerceptronModel { meta, stages }
}
