//! The syntax stage alone (tagger + lemmatizer + parser), one thread, on the Reuters
//! bench corpus already segmented; also the tagger alone. `cargo bench --bench syntax`.

use std::time::Instant;

mod common;

use dyad::pipeline::Stage;
use dyad::syntax::Syntax;

fn main() {
    let Some(mut docs) = common::segmented_corpus("syntax") else { return };
    let Some(syntax) = Syntax::builtin() else {
        println!("syntax bench skipped: this build has no embedded syntax models");
        return;
    };
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let sentences: Vec<Vec<String>> = docs
        .iter()
        .flat_map(|d| d.sentences.iter().map(|s| d.tokens[s.tokens.clone()].iter().map(|t| t.span.slice(d.text()).to_string()).collect()))
        .collect();
    let passes = 3;
    let start = Instant::now();
    for _ in 0..passes {
        for s in &sentences {
            let forms: Vec<&str> = s.iter().map(String::as_str).collect();
            std::hint::black_box(syntax.tag_only(&forms));
        }
    }
    let tag_secs = start.elapsed().as_secs_f64() / passes as f64;
    let start = Instant::now();
    for _ in 0..passes {
        for d in docs.iter_mut() {
            syntax.process(d).expect("syntax");
        }
    }
    let secs = start.elapsed().as_secs_f64() / passes as f64;
    println!(
        "syntax: {} articles, {tokens} tokens per pass; tagger+lemmas+parser {:.0} ms/pass, {:.0} k tokens/s; tagger alone {:.0} k tokens/s (1 thread) [{}]",
        docs.len(),
        secs * 1e3,
        tokens as f64 / secs / 1e3,
        tokens as f64 / tag_secs / 1e3,
        syntax.version()
    );
}
