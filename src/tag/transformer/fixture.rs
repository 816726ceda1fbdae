//! Tiny random BERT token classifiers for tests: written with tch alone (no hub, no
//! Python, no committed binaries) into a directory the backend loads like a real model.

use std::collections::HashMap;
use std::path::Path;

use rust_bert::bert::{BertConfig, BertForTokenClassification};
use rust_bert::Activation;
use tch::{nn, Device, Kind, Tensor};

/// CoNLL labels in BIO2 plus one type dyad does not tag (DATE maps to nothing).
pub const LABELS: [&str; 11] = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-DATE", "I-DATE"];

/// How the fixture's weights and tokenizer are written.
#[derive(Debug, Clone)]
pub struct FixtureOptions {
    /// Write model.safetensors (true) or rust_model.ot (false).
    pub safetensors: bool,
    /// Also write tokenizer.json (else only vocab.txt).
    pub tokenizer_json: bool,
    /// Longest sequence in pieces (with [CLS]/[SEP]): small values force windows.
    pub max_pieces: usize,
    /// Weight seed (the same seed writes the same weights).
    pub seed: i64,
    /// When set, every word gets this label (the classifier outputs only its bias).
    pub constant_label: Option<&'static str>,
}

impl Default for FixtureOptions {
    fn default() -> Self {
        FixtureOptions { safetensors: true, tokenizer_json: false, max_pieces: 512, seed: 7, constant_label: None }
    }
}

/// The fixture's vocabulary: specials, common words, letters and digits, and ## pieces.
fn vocab() -> Vec<String> {
    let mut v: Vec<String> = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].iter().map(|s| s.to_string()).collect();
    for w in [
        "the", "a", "of", "in", "to", "and", "said", "on", "iran", "us", "united", "states", "drone", "shot", "down", "president", "minister", "news", "agency", "cyber",
        "attack", "hackers", "tehran", "washington", "trump", "military", "navy", "guard", "war", "new", "york", "times", "reuters",
    ] {
        v.push(w.to_string());
    }
    for c in "abcdefghijklmnopqrstuvwxyz0123456789".chars() {
        v.push(c.to_string());
        v.push(format!("##{c}"));
    }
    for p in ".,;:!?'\"()-/$%&".chars() {
        v.push(p.to_string());
    }
    v
}

/// Writes a random BertForTokenClassification (hidden 32, 2 layers, 4 heads, case
/// classes on) with config.json, vocab.txt and optionally tokenizer.json into `dir`.
pub fn write_tiny_model(dir: &Path, options: &FixtureOptions) -> Result<(), String> {
    let err = |e: &dyn std::fmt::Display| e.to_string();
    std::fs::create_dir_all(dir).map_err(|e| err(&e))?;
    let vocab = vocab();
    std::fs::write(dir.join("vocab.txt"), vocab.join("\n") + "\n").map_err(|e| err(&e))?;
    let id2label: HashMap<i64, String> = LABELS.iter().enumerate().map(|(i, l)| (i as i64, l.to_string())).collect();
    let config = BertConfig {
        hidden_act: Activation::gelu,
        attention_probs_dropout_prob: 0.1,
        hidden_dropout_prob: 0.1,
        hidden_size: 32,
        initializer_range: 0.02,
        intermediate_size: 64,
        max_position_embeddings: 512,
        num_attention_heads: 4,
        num_hidden_layers: 2,
        type_vocab_size: 4,
        vocab_size: vocab.len() as i64,
        output_attentions: None,
        output_hidden_states: None,
        is_decoder: None,
        id2label: Some(id2label.clone()),
        label2id: None,
    };
    let vs = nn::VarStore::new(Device::Cpu);
    let _model = BertForTokenClassification::new(vs.root(), &config).map_err(|e| err(&e))?;
    // Every value comes from our own generator seeded by (seed, parameter name), not
    // libtorch's global RNG, which tests running in parallel would interleave. Scales are
    // large enough that different words get different labels.
    tch::no_grad(|| {
        for (name, mut t) in vs.variables() {
            let n = t.numel();
            let values: Vec<f32> = if name.ends_with("LayerNorm.weight") {
                vec![1.0; n]
            } else if name.ends_with("bias") {
                let mut v = vec![0.0; n];
                if let (Some(label), "classifier.bias") = (options.constant_label, name.as_str()) {
                    v[LABELS.iter().position(|l| *l == label).unwrap_or(0)] = 10.0;
                }
                v
            } else if name == "classifier.weight" && options.constant_label.is_some() {
                vec![0.0; n]
            } else {
                let scale = if name.contains("embeddings") || name == "classifier.weight" { 1.0 } else { 0.2 };
                let mut state = xxhash_rust::xxh3::xxh3_64_with_seed(name.as_bytes(), options.seed as u64) | 1;
                (0..n)
                    .map(|_| {
                        // xorshift64*: uniform in [-scale, scale).
                        state ^= state >> 12;
                        state ^= state << 25;
                        state ^= state >> 27;
                        let u = (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) as f32 / (1u64 << 24) as f32;
                        (2.0 * u - 1.0) * scale
                    })
                    .collect()
            };
            t.copy_(&Tensor::from_slice(&values).view(t.size().as_slice()).to_kind(Kind::Float));
        }
    });
    let weights = dir.join(if options.safetensors { "model.safetensors" } else { "rust_model.ot" });
    vs.save(&weights).map_err(|e| err(&e))?;
    let mut json = serde_json::to_value(&config).map_err(|e| err(&e))?;
    json["model_type"] = "bert".into();
    json["id2label"] = serde_json::Value::Object(id2label.iter().map(|(k, v)| (k.to_string(), v.clone().into())).collect());
    json["dyad_case_types"] = true.into();
    json["dyad_max_pieces"] = options.max_pieces.into();
    std::fs::write(dir.join("config.json"), serde_json::to_string_pretty(&json).map_err(|e| err(&e))?).map_err(|e| err(&e))?;
    if options.tokenizer_json {
        let tokenizer = super::load_tokenizer(dir)?;
        tokenizer.save(dir.join("tokenizer.json"), true).map_err(|e| err(&e))?;
    }
    Ok(())
}
