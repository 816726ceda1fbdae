//! The tag stage alone (entity model + dictionary layers), one thread, on the Reuters
//! bench corpus already segmented. `cargo bench --bench tag`.

use std::time::Instant;

mod common;

use dyad::doc::Doc;
use dyad::pipeline::{PipelineConfig, Stage};
use dyad::tag::Tagger;

fn main() {
    let Some(mut docs) = common::segmented_corpus("tag") else { return };
    let tagger = match Tagger::from_config(&PipelineConfig::default()) {
        Ok(t) if t.has_model() => t,
        _ => {
            println!("tag bench skipped: this build has no embedded NER model");
            return;
        }
    };
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
