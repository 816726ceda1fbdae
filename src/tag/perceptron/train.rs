//! Training the perceptron tagger: Collins' structured perceptron, with Viterbi decoding of
//! each sentence and the document history of the model's own predictions (as at inference), averaged weights (lazy averaging with
//! timestamps), documents shuffled each epoch by a seeded generator, the epoch with the
//! best dev F1 kept. The second stage learns from first-stage predictions made by
//! models that did not see the document (4-fold jackknife), as it will at inference.
//! Deterministic given the data and the seed.

use crate::eval::conll::{spans_from_tags, ConllDoc};
use crate::tag::perceptron::features::{global_features, tag_index, DocContext, FeatureBuffer, SentenceView, N_TAGS, TAGS};
use crate::tag::perceptron::{gazetteer_features, spans, FeatureIndex, Lattice, LatticeFeatures, ModelMeta, PerceptronModel, Scorer, Table, Weights};

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

/// One weight table being learned, with lazy averaging (timestamps).
struct LearnTable {
    index: FeatureIndex,
    width: usize,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
}

impl LearnTable {
    fn new(width: usize) -> LearnTable {
        LearnTable { index: FeatureIndex::default(), width, weights: Vec::new(), totals: Vec::new(), stamps: Vec::new() }
    }

    fn update(&mut self, f: u64, slot: usize, delta: f32, clock: u32) {
        let next = self.index.len() as u32;
        let k = *self.index.entry(f).or_insert(next) as usize;
        if k * self.width == self.weights.len() {
            self.weights.resize(self.weights.len() + self.width, 0.0);
            self.totals.resize(self.totals.len() + self.width, 0.0);
            self.stamps.resize(self.stamps.len() + self.width, 0);
        }
        let i = k * self.width + slot;
        self.totals[i] += (clock - self.stamps[i]) as f64 * self.weights[i] as f64;
        self.stamps[i] = clock;
        self.weights[i] += delta;
    }

    fn add_rows(&self, feats: &[u64], out: &mut [f32]) {
        for f in feats {
            if let Some(&k) = self.index.get(f) {
                for (o, w) in out.iter_mut().zip(&self.weights[k as usize * self.width..(k as usize + 1) * self.width]) {
                    *o += w;
                }
            }
        }
    }

    /// The averaged weights, without features whose weights all fall under `prune_below`.
    fn averaged<const W: usize>(&self, clock: u32, prune_below: f32) -> Table<W> {
        debug_assert_eq!(W, self.width);
        let mut index = FeatureIndex::default();
        let mut weights = Vec::new();
        for (&f, &k) in &self.index {
            let k = k as usize;
            let avg: Vec<f32> = (0..self.width)
                .map(|t| {
                    let i = k * self.width + t;
                    let total = self.totals[i] + (clock - self.stamps[i]) as f64 * self.weights[i] as f64;
                    (total / clock.max(1) as f64) as f32
                })
                .collect();
            if avg.iter().any(|w| w.abs() >= prune_below) {
                index.insert(f, (weights.len() / self.width) as u32);
                weights.extend(avg);
            }
        }
        Table::new(index, weights)
    }
}

struct Learner {
    token: LearnTable,
    pair: LearnTable,
    clock: u32,
}

impl Scorer for Learner {
    fn token_scores(&self, feats: &[u64], out: &mut [f32; N_TAGS]) {
        *out = [0.0; N_TAGS];
        self.token.add_rows(feats, out);
    }

    fn pair_scores(&self, bases: &[u64], out: &mut [[f32; N_TAGS]; N_TAGS]) {
        *out = [[0.0; N_TAGS]; N_TAGS];
        self.pair.add_rows(bases, out.as_flattened_mut());
    }
}

impl Learner {
    fn new() -> Learner {
        Learner { token: LearnTable::new(N_TAGS), pair: LearnTable::new(N_TAGS * N_TAGS), clock: 1 }
    }

    fn update_token(&mut self, feats: &[u64], tag: usize, delta: f32) {
        for &f in feats {
            self.token.update(f, tag, delta, self.clock);
        }
    }

    fn update_pair(&mut self, bases: &[u64], prev: usize, tag: usize, delta: f32) {
        for &f in bases {
            self.pair.update(f, prev * N_TAGS + tag, delta, self.clock);
        }
    }

    fn averaged(&self, prune_below: f32) -> Weights {
        Weights { token: self.token.averaged(self.clock, prune_below), pair: self.pair.averaged(self.clock, prune_below) }
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
    let mut learner = Learner::new();
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut buf = FeatureBuffer::default();
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
                let mut kept = LatticeFeatures::default();
                let predicted = Lattice::build(&learner, &view, &ctx, &mut buf, Some(&mut kept)).viterbi();
                // Φ(gold) − Φ(predicted): token features where the tags differ, pair
                // features where the (previous, current) pairs differ.
                for i in 0..gold.len() {
                    let (gp, pp) = if i == 0 { (0, 0) } else { (gold[i - 1], predicted[i - 1]) };
                    if gold[i] != predicted[i] {
                        learner.update_token(&kept.local[i], gold[i], 1.0);
                        learner.update_token(&kept.local[i], predicted[i], -1.0);
                        errors += 1;
                    }
                    if (gp, gold[i]) != (pp, predicted[i]) {
                        learner.update_pair(&kept.pairs[i], gp, gold[i], 1.0);
                        learner.update_pair(&kept.pairs[i], pp, predicted[i], -1.0);
                    }
                }
                learner.clock += 1;
                tokens += gold.len();
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
        let mut stages: Vec<Weights> = earlier.to_vec();
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
    let mut model = PerceptronModel { meta, stages };
    model.meta.temperature = calibrate_temperature(&model, dev);
    log(&format!("softmax temperature {:.2} (dev negative log-likelihood)", model.meta.temperature));
    model
}

/// The softmax temperature under which the model's tag probabilities best fit the dev
/// tags (lowest mean negative log-likelihood, searched on a geometric grid).
fn calibrate_temperature(model: &PerceptronModel, dev: &[ConllDoc]) -> f32 {
    let mut tokens = Vec::new();
    for doc in dev {
        let (_, scores) = model.tag_article_scores(&words_of(doc));
        for (s, sc) in doc.iter().zip(scores) {
            tokens.extend(gold_tags(&s.tags).into_iter().zip(sc));
        }
    }
    let nll = |t: f32| -> f64 { tokens.iter().map(|(gold, sc)| -sc.log_probability(*gold, t)).sum::<f64>() };
    (0..90).map(|k| 1e-3 * 1.2f32.powi(k)).min_by(|a, b| nll(*a).total_cmp(&nll(*b))).unwrap_or(1.0)
}
