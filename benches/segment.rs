//! Segmentation alone (tokens + sentences), one thread, on the Reuters bench corpus.
//! `cargo bench --bench segment` (set DYAD_BENCH_CORPUS to use another JSONL file).

use std::time::Instant;

use dyad::doc::{Article, Doc};
use dyad::segment::Segmenter;

fn main() {
    let path = std::env::var("DYAD_BENCH_CORPUS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/bench/conll2003-articles.jsonl").to_string());
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("segment bench skipped: {path} not found");
        return;
    };
    let texts: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let seg = Segmenter::new();
    let mut docs: Vec<Doc> = texts.iter().map(|t| Doc::new(Article::from_text("b", t))).collect();
    // Warm up, then measure several passes.
    for d in docs.iter_mut() {
        seg.segment(d);
    }
    let words: usize = docs.iter().map(Doc::word_count).sum();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let passes = 10;
    let start = Instant::now();
    for _ in 0..passes {
        for d in docs.iter_mut() {
            seg.segment(d);
        }
    }
    let secs = start.elapsed().as_secs_f64() / passes as f64;
    println!(
        "segment: {} articles, {:.1} MB, {} words, {} tokens, {} sentences per pass; {:.1} ms/pass; {:.2} M words/s, {:.2} M tokens/s, {:.1} MB/s (1 thread)",
        texts.len(),
        bytes as f64 / 1e6,
        words,
        tokens,
        sentences,
        secs * 1e3,
        words as f64 / secs / 1e6,
        tokens as f64 / secs / 1e6,
        bytes as f64 / secs / 1e6
    );
}
