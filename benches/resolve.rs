//! The resolve stage alone (dictionary automaton, agents, aliases), one thread, on the
//! Reuters bench corpus already segmented and tagged. `cargo bench --bench resolve`.

use std::time::Instant;

use dyad::doc::{Article, Doc};
use dyad::pipeline::{PipelineConfig, Stage};
use dyad::resolve::Resolver;
use dyad::segment::Segmenter;
use dyad::tag::Tagger;

fn main() {
    let path = std::env::var("DYAD_BENCH_CORPUS").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data/bench/conll2003-articles.jsonl").to_string());
    let Ok(data) = std::fs::read_to_string(&path) else {
        println!("resolve bench skipped: {path} not found");
        return;
    };
    let load = Instant::now();
    let resolver = Resolver::new(&[]).expect("shipped dictionaries");
    let load_ms = load.elapsed().as_secs_f64() * 1e3;
    let tagger = Tagger::from_config(&PipelineConfig::default()).expect("tagger");
    let seg = Segmenter::new();
    let mut tagged: Vec<Doc> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(|t| Doc::new(Article::from_text("b", t))))
        .collect();
    let tag_start = Instant::now();
    for d in tagged.iter_mut() {
        seg.segment(d);
        tagger.process(d).expect("tagging");
    }
    let tag_secs = tag_start.elapsed().as_secs_f64();
    let tokens: usize = tagged.iter().map(|d| d.tokens.len()).sum();
    let passes = 3;
    let mut secs = 0.0;
    let mut resolved = 0;
    for _ in 0..passes {
        let mut docs = tagged.clone();
        let start = Instant::now();
        for d in docs.iter_mut() {
            resolver.process(d).expect("resolving");
        }
        secs += start.elapsed().as_secs_f64();
        resolved = docs.iter().flat_map(|d| &d.entities).filter(|e| e.actor_code.is_some()).count();
    }
    let secs = secs / passes as f64;
    println!(
        "resolve: {} articles, {tokens} tokens, {resolved} mentions with an actor code per pass; {:.0} ms/pass = {:.0} µs/article, {:.1} M tokens/s (1 thread); {:.0}% of segment+tag time ({:.0} ms); dictionaries loaded in {load_ms:.0} ms [{}]",
        tagged.len(),
        secs * 1e3,
        secs * 1e6 / tagged.len() as f64,
        tokens as f64 / secs / 1e6,
        100.0 * secs / tag_secs,
        tag_secs * 1e3,
        resolver.version()
    );
}
