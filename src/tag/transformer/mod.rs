//! The transformer NER backend (feature `transformer`): a BERT-family
//! token-classification model (rust-bert's `BertForTokenClassification` on libtorch)
//! tagging dyad's own tokens, so labels map straight back to token and char offsets and
//! the dictionary layers apply on top as with the fast tagger.
//!
//! A model directory holds config.json (with id2label), model.safetensors (fp32 or fp16)
//! or rust_model.ot, and tokenizer.json and/or vocab.txt. Each sentence is one sequence;
//! a sentence longer than the model's window is covered by overlapping windows
//! ([`windows::plan_windows`]), so no word is dropped. The first word-piece of a word
//! carries its label. Models trained by scripts/train_transformer_ner.py also get the
//! letter case of each piece through token_type_ids (`"dyad_case_types": true` in
//! config.json), which the uncased encoder cannot see otherwise.

mod engine;
pub mod ensemble;
pub mod fixture;
pub mod windows;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rust_bert::bert::BertConfig;
use tch::Device;
use tokenizers::Tokenizer;

use crate::doc::{AnnotationSource, Doc, Entity};
use crate::error::{Error, Result};
use crate::pipeline::{DeviceChoice, TransformerConfig};
use crate::tag::EntityModel;

use engine::{Engine, EngineOptions, Seq};
use windows::{case_class, decode, parse_label, plan_windows, ModelLabel};

/// Default sequences per forward pass.
const BATCH_SIZE: usize = 32;

/// Counters behind [`EntityModel::report`].
#[derive(Default)]
struct Stats {
    sentences: AtomicU64,
    tokens: AtomicU64,
    labelled: AtomicU64,
    no_pieces: AtomicU64,
    windows: AtomicU64,
    split_sentences: AtomicU64,
}

/// Coverage figures: every token gets a label; `no_pieces` tokens (all their characters
/// dropped by the tokenizer's normaliser, e.g. control characters) are tagged O.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Coverage {
    pub sentences: u64,
    pub tokens: u64,
    /// Tokens labelled from a model output.
    pub labelled: u64,
    pub no_pieces: u64,
    pub windows: u64,
    /// Sentences longer than one window.
    pub split_sentences: u64,
}

impl Coverage {
    /// Share of tokens that got a label (model output, or O for piece-less tokens).
    pub fn ratio(&self) -> f64 {
        if self.tokens == 0 {
            1.0
        } else {
            (self.labelled + self.no_pieces) as f64 / self.tokens as f64
        }
    }
}

pub struct TransformerModel {
    tokenizer: Tokenizer,
    labels: Vec<ModelLabel>,
    case_types: bool,
    /// Word-pieces a window holds besides [CLS] and [SEP].
    budget: usize,
    cls: i64,
    sep: i64,
    engine: Engine,
    version: String,
    device: Device,
    stats: Stats,
}

impl TransformerModel {
    /// Loads the model directory and starts its inference thread.
    pub fn load(config: &TransformerConfig) -> Result<TransformerModel> {
        let dir = &config.dir;
        let bad = |msg: String| Error::Usage(format!("transformer model {}: {msg}", dir.display()));
        if !dir.is_dir() {
            return Err(bad("not a directory (train one with scripts/train_transformer_ner.py; README: Transformer backend)".into()));
        }
        let config_path = dir.join("config.json");
        let config_text = std::fs::read_to_string(&config_path).map_err(|e| bad(format!("config.json: {e}")))?;
        let raw: serde_json::Value = serde_json::from_str(&config_text).map_err(|e| bad(format!("config.json: {e}")))?;
        if let Some(t) = raw.get("model_type").and_then(|t| t.as_str()) {
            if t != "bert" {
                return Err(bad(format!("model_type {t:?} is not supported (BERT-architecture models only)")));
            }
        }
        let bert: BertConfig = serde_json::from_value(raw.clone()).map_err(|e| bad(format!("config.json: {e}")))?;
        let id2label = bert.id2label.as_ref().ok_or_else(|| bad("config.json has no id2label".into()))?;
        let n = id2label.len();
        let mut labels = vec![ModelLabel { begins: false, label: None }; n];
        for (&id, name) in id2label {
            let slot = usize::try_from(id).ok().and_then(|i| labels.get_mut(i)).ok_or_else(|| bad(format!("id2label: id {id} out of 0..{n}")))?;
            *slot = parse_label(name);
        }
        if labels.iter().all(|l| l.label.is_none()) {
            return Err(bad(format!("none of the labels {:?} maps onto PER/ORG/LOC/GPE/MISC/NORP", id2label.values().collect::<Vec<_>>())));
        }
        let case_types = raw.get("dyad_case_types").and_then(|v| v.as_bool()).unwrap_or(false);
        if case_types && bert.type_vocab_size < 4 {
            return Err(bad("dyad_case_types needs type_vocab_size >= 4".into()));
        }
        let max_len = raw.get("dyad_max_pieces").and_then(|v| v.as_u64()).map_or(512, |v| v as usize).min(bert.max_position_embeddings.max(3) as usize);
        let tokenizer = load_tokenizer(dir).map_err(bad)?;
        let special = |t: &str| tokenizer.token_to_id(t).map(i64::from).ok_or_else(|| bad(format!("the vocabulary has no {t}")));
        let (cls, sep) = (special("[CLS]")?, special("[SEP]")?);
        let weights = ["model.safetensors", "rust_model.ot"].iter().map(|f| dir.join(f)).find(|p| p.is_file()).ok_or_else(|| {
            bad("no model.safetensors or rust_model.ot (pytorch_model.bin is not readable here: convert it to safetensors)".into())
        })?;
        let device = match config.device {
            DeviceChoice::Cpu => Device::Cpu,
            DeviceChoice::Auto => Device::cuda_if_available(),
            DeviceChoice::Cuda if tch::Cuda::is_available() => Device::Cuda(0),
            DeviceChoice::Cuda => return Err(Error::Usage("--device cuda: libtorch sees no CUDA device (the slim setup is CPU-only)".into())),
        };
        let version = format!("{}-{:016x}", dir.file_name().map_or("model".into(), |n| n.to_string_lossy().into_owned()), content_hash(&[&config_path, &weights])?);
        let batch_size = if config.batch_size == 0 { BATCH_SIZE } else { config.batch_size };
        let engine = Engine::start(EngineOptions { weights, config: bert, device, threads: config.threads, batch_size }).map_err(bad)?;
        Ok(TransformerModel { tokenizer, labels, case_types, budget: max_len - 2, cls, sep, engine, version, device, stats: Stats::default() })
    }

    /// Where the model runs ("cpu", "cuda:0").
    pub fn device(&self) -> String {
        match self.device {
            Device::Cuda(i) => format!("cuda:{i}"),
            _ => "cpu".into(),
        }
    }

    /// Coverage of the documents tagged so far.
    pub fn coverage(&self) -> Coverage {
        let g = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let s = &self.stats;
        Coverage {
            sentences: g(&s.sentences),
            tokens: g(&s.tokens),
            labelled: g(&s.labelled),
            no_pieces: g(&s.no_pieces),
            windows: g(&s.windows),
            split_sentences: g(&s.split_sentences),
        }
    }

    /// Word-pieces (id, token type) of each word, at most one window's worth per word.
    fn word_pieces(&self, words: &[&str]) -> std::result::Result<Vec<Vec<(i64, i64)>>, String> {
        let enc = self.tokenizer.encode_char_offsets(words, false).map_err(|e| format!("tokenizer: {e}"))?;
        let mut pieces: Vec<Vec<(i64, i64)>> = vec![Vec::new(); words.len()];
        for ((&id, word), &(a, b)) in enc.get_ids().iter().zip(enc.get_word_ids()).zip(enc.get_offsets()) {
            let Some(w) = word.map(|w| w as usize).filter(|&w| w < words.len()) else { continue };
            if pieces[w].len() >= self.budget {
                continue;
            }
            // Offsets are chars within the word (pre-tokenized input).
            let ty = if self.case_types { case_class(&words[w].chars().skip(a).take(b.saturating_sub(a)).collect::<String>()) } else { 0 };
            pieces[w].push((i64::from(id), ty));
        }
        Ok(pieces)
    }
}

impl EntityModel for TransformerModel {
    fn name(&self) -> &'static str {
        "transformer"
    }

    fn version(&self) -> String {
        self.version.clone()
    }

    /// Panics if inference fails (the tag stage calls `try_predict`, which does not).
    fn predict(&self, doc: &Doc) -> Vec<Entity> {
        self.try_predict(doc).unwrap_or_else(|e| panic!("{e}"))
    }

    fn try_predict(&self, doc: &Doc) -> std::result::Result<Vec<Entity>, String> {
        let text = doc.text();
        let mut seqs: Vec<Seq> = Vec::new();
        // Per sequence: the sentence and the sentence-relative words it labels.
        let mut targets: Vec<(usize, Vec<usize>)> = Vec::new();
        let mut sentence_words: Vec<Vec<Option<(ModelLabel, f32)>>> = Vec::with_capacity(doc.sentences.len());
        let (mut no_pieces, mut split) = (0u64, 0u64);
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let words: Vec<&str> = doc.tokens[sentence.tokens.clone()].iter().map(|t| t.span.slice(text)).collect();
            sentence_words.push(vec![None; words.len()]);
            if words.is_empty() {
                continue;
            }
            let pieces = self.word_pieces(&words)?;
            let counts: Vec<usize> = pieces.iter().map(Vec::len).collect();
            no_pieces += counts.iter().filter(|&&c| c == 0).count() as u64;
            let windows = plan_windows(&counts, self.budget);
            split += u64::from(windows.len() > 1);
            for w in windows {
                let mut seq = Seq { ids: vec![self.cls], types: vec![0], wanted: Vec::new() };
                let mut owned = Vec::new();
                for i in w.words.clone() {
                    if w.owned.contains(&i) && !pieces[i].is_empty() {
                        seq.wanted.push(seq.ids.len());
                        owned.push(i);
                    }
                    for &(id, ty) in &pieces[i] {
                        seq.ids.push(id);
                        seq.types.push(ty);
                    }
                }
                seq.ids.push(self.sep);
                seq.types.push(0);
                if !owned.is_empty() {
                    seqs.push(seq);
                    targets.push((si, owned));
                }
            }
        }
        let n_seqs = seqs.len() as u64;
        let outs = self.engine.run(seqs)?;
        let mut labelled = 0u64;
        for ((si, owned), out) in targets.into_iter().zip(outs) {
            for (w, (class, prob)) in owned.into_iter().zip(out) {
                let label = self.labels.get(class).copied().ok_or_else(|| format!("model output class {class} has no label"))?;
                sentence_words[si][w] = Some((label, prob));
                labelled += 1;
            }
        }
        let s = &self.stats;
        s.sentences.fetch_add(doc.sentences.len() as u64, Ordering::Relaxed);
        s.tokens.fetch_add(doc.sentences.iter().map(|x| x.tokens.len() as u64).sum(), Ordering::Relaxed);
        s.labelled.fetch_add(labelled, Ordering::Relaxed);
        s.no_pieces.fetch_add(no_pieces, Ordering::Relaxed);
        s.windows.fetch_add(n_seqs, Ordering::Relaxed);
        s.split_sentences.fetch_add(split, Ordering::Relaxed);

        let mut entities = Vec::new();
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[sentence.tokens.clone()];
            for (range, label, confidence) in decode(&sentence_words[si]) {
                let span = toks[range.start].span.cover(&toks[range.end - 1].span);
                entities.push(Entity::new(span, si, span.slice(text), label, confidence, AnnotationSource::Model));
            }
        }
        Ok(entities)
    }

    fn report(&self) -> Option<String> {
        let c = self.coverage();
        Some(format!(
            "transformer on {}: {} sentences, {} tokens, {} windows ({} sentences longer than one window), coverage {:.2}% ({} tokens without word-pieces tagged O)",
            self.device(),
            c.sentences,
            c.tokens,
            c.windows,
            c.split_sentences,
            100.0 * c.ratio(),
            c.no_pieces
        ))
    }
}

/// tokenizer.json when present (exactly what the model was trained with), else a BERT
/// word-piece tokenizer over vocab.txt.
fn load_tokenizer(dir: &Path) -> std::result::Result<Tokenizer, String> {
    use tokenizers::models::wordpiece::WordPiece;
    use tokenizers::normalizers::BertNormalizer;
    use tokenizers::pre_tokenizers::bert::BertPreTokenizer;
    let json = dir.join("tokenizer.json");
    let mut tokenizer = if json.is_file() {
        Tokenizer::from_file(&json).map_err(|e| format!("tokenizer.json: {e}"))?
    } else {
        let vocab = dir.join("vocab.txt");
        let vocab_text = std::fs::read_to_string(&vocab).map_err(|e| format!("no tokenizer.json, and vocab.txt: {e}"))?;
        let lowercase = lowercase_vocab(dir, &vocab_text);
        let vocab_str = vocab.to_str().ok_or("vocab.txt: the path is not UTF-8")?;
        let model = WordPiece::from_file(vocab_str).unk_token("[UNK]".into()).build().map_err(|e| format!("vocab.txt: {e}"))?;
        let mut t = Tokenizer::new(model);
        t.with_normalizer(Some(BertNormalizer::new(true, true, None, lowercase)));
        t.with_pre_tokenizer(Some(BertPreTokenizer));
        t
    };
    // dyad windows sentences itself; a tokenizer that truncates or pads would hide words.
    tokenizer.with_truncation(None).map_err(|e| format!("tokenizer: {e}"))?;
    tokenizer.with_padding(None);
    Ok(tokenizer)
}

/// Whether a vocab.txt model expects lower-cased input: tokenizer_config.json's
/// do_lower_case when there is one, else whether the vocabulary has no capital letters.
fn lowercase_vocab(dir: &Path, vocab: &str) -> bool {
    let from_config = std::fs::read_to_string(dir.join("tokenizer_config.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|v| v.get("do_lower_case").and_then(|b| b.as_bool()));
    from_config.unwrap_or_else(|| !vocab.lines().filter(|l| !(l.starts_with('[') && l.ends_with(']'))).any(|l| l.chars().any(char::is_uppercase)))
}

/// Identifies the model files (xxh3 of their bytes), for manifests.
fn content_hash(paths: &[&PathBuf]) -> Result<u64> {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    for path in paths {
        let mut f = std::fs::File::open(path).map_err(|source| Error::Io { path: (*path).clone(), source })?;
        loop {
            let n = f.read(&mut buf).map_err(|source| Error::Io { path: (*path).clone(), source })?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
    }
    Ok(hasher.digest())
}
