//! The tag stage alone (entity model + dictionary layers), one thread, on the Reuters
//! bench corpus already segmented. `cargo bench --bench tag`.

use std::time::Instant;

use dyad::doc::{Article, Doc};
use dyad::pipeline::{PipelineConfig, Stage};
use dyad::segment::Segmenter;
use dyad::tag::Tagger;

fn main() {
    let path = std::env::var("DYAD_BENCH_CORPUS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/bench/conll2003-articles.jsonl").to_string());
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("tag bench skipped: {path} not found");
        return;
    };
    let tagger = match Tagger::from_config(&PipelineConfig::default()) {
        Ok(t) if t.has_model() => t,
        _ => {
            println!("tag bench skipped: this build has no embedded NER model");
            return;
        }
    };
    let seg = Segmenter::new();
    let mut docs: Vec<Doc> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(|t| Doc::new(Article::from_text("b", t))))
        .collect();
    for d in docs.iter_mut() {
        seg.segment(d);
    }
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let words: usize = docs.iter().map(Doc::word_count).sum();
    for d in docs.iter_mut() {
        tagger.process(d).expect("tagging");
    }
    let passes = 3;
    let start = Instant::now();
    for _ in 0..passes {
        for d in docs.iter_mut() {
            tagger.process(d).expect("tagging");
        }
    }
    let secs = start.elapsed().as_secs_f64() / passes as f64;
    let entities: usize = docs.iter().map(|d| d.entities.len()).sum();
    println!(
        "tag: {} articles, {tokens} tokens, {words} words, {entities} entities per pass; {:.0} ms/pass; {:.0} k tokens/s, {:.0} k words/s (1 thread) [{}]",
        docs.len(),
        secs * 1e3,
        tokens as f64 / secs / 1e3,
        words as f64 / secs / 1e3,
        tagger.version()
    );
}
