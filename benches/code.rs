//! The code stage (event coding) against the tag stage, one thread, on the Reuters bench
//! corpus already segmented, parsed, tagged and resolved; then the whole default pipeline
//! (read → ... → code) in words/s and articles/s. `cargo bench --bench code`.

use std::time::Instant;

mod common;

use dyad::pipeline::{PipelineConfig, Stage};

fn main() {
    let Some(mut docs) = common::segmented_corpus("code") else { return };
    let Some(syntax) = dyad::syntax::Syntax::builtin() else {
        println!("code bench skipped: this build has no embedded syntax models");
        return;
    };
    let tagger = dyad::tag::Tagger::from_config(&PipelineConfig::default()).expect("tagger");
    let resolver = dyad::resolve::Resolver::new(&[]).expect("resolver");
    let coder = dyad::code::Coder::new(&[]).expect("coder");
    let words: usize = docs.iter().map(|d| d.word_count()).sum();
    for d in docs.iter_mut() {
        syntax.process(d).expect("syntax");
    }
    let time = |f: &mut dyn FnMut()| {
        let passes = 3;
        let start = Instant::now();
        for _ in 0..passes {
            f();
        }
        start.elapsed().as_secs_f64() / passes as f64
    };
    let tag_secs = time(&mut || {
        for d in docs.iter_mut() {
            d.entities.clear();
            tagger.process(d).expect("tag");
        }
    });
    for d in docs.iter_mut() {
        resolver.process(d).expect("resolve");
    }
    let code_secs = time(&mut || {
        for d in docs.iter_mut() {
            coder.process(d).expect("code");
        }
    });
    let events: usize = docs.iter().map(|d| d.events.len()).sum();
    println!(
        "code: {} articles, {words} words, {events} events; code stage {:.0} ms/pass = {:.0} k words/s; tag stage {:.0} ms/pass = {:.0} k words/s (1 thread; code/tag time {:.2})",
        docs.len(),
        code_secs * 1e3,
        words as f64 / code_secs / 1e3,
        tag_secs * 1e3,
        words as f64 / tag_secs / 1e3,
        code_secs / tag_secs
    );
    // The whole default pipeline on the raw texts, one thread.
    let texts: Vec<String> = docs.iter().map(|d| d.text().to_string()).collect();
    let pipeline = dyad::Pipeline::default();
    let start = Instant::now();
    let mut all_events = 0;
    for (i, t) in texts.iter().enumerate() {
        let doc = pipeline.process(dyad::Article::from_text(&format!("a{i}"), t)).expect("pipeline");
        all_events += doc.events.len();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "pipeline: {:.0} words/s, {:.0} articles/s, {all_events} events (segment+syntax+tag+resolve+code, 1 thread)",
        words as f64 / secs,
        texts.len() as f64 / secs
    );
}
