//! The bench corpus (../shared/data/bench, or DYAD_BENCH_CORPUS), read and segmented.

use dyad::doc::{Article, Doc};
use dyad::segment::Segmenter;

/// The corpus's articles, segmented; `None` (after saying so) when the file is absent.
pub fn segmented_corpus(bench: &str) -> Option<Vec<Doc>> {
    let path = std::env::var("DYAD_BENCH_CORPUS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/bench/conll2003-articles.jsonl").to_string());
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("{bench} bench skipped: {path} not found");
        return None;
    };
    let seg = Segmenter::new();
    Some(
        data.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(|t| Doc::new(Article::from_text("b", t))))
            .map(|mut d| {
                seg.segment(&mut d);
                d
            })
            .collect(),
    )
}
