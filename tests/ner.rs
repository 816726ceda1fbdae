//! The shipped entity model: it loads, tags the seed article, and scores above the
//! floor on CoNLL-2003 eng.testb (read from ../shared/data when present).

mod common;

use common::*;

fn conll(name: &str) -> Option<std::path::PathBuf> {
    let p = repo().join("../shared/data/conll2003").join(name);
    p.exists().then_some(p)
}

#[test]
fn shipped_model_scores_above_the_floor_on_testb() {
    let Some(testb) = conll("eng.testb") else {
        eprintln!("skipped: ../shared/data/conll2003 not present");
        return;
    };
    let o = run(&["eval", "ner", "--conll", testb.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f1 = v["score"]["overall"]["f1"].as_f64().unwrap();
    // The floor; the measured value (0.888) is in models/ner/MODEL_CARD.md.
    assert!(f1 >= 0.87, "eng.testb F1 {f1:.4} fell under the 0.87 floor");
    for label in ["PER", "ORG", "LOC", "MISC"] {
        assert!(v["score"]["per_label"][label]["f1"].as_f64().unwrap() > 0.75, "{label}");
    }
}

#[test]
fn no_model_means_no_statistical_entities() {
    let seed = repo().join("corpus/seed-article.txt");
    let o = run(&["extract", seed.to_str().unwrap(), "--json", "--ner", "none"]);
    assert!(o.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["entities"].as_array().unwrap().iter().all(|e| e["origin"] != "model"));
}

#[test]
fn a_bad_model_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.bin");
    std::fs::write(&bad, b"not a model").unwrap();
    let seed = repo().join("corpus/seed-article.txt");
    let o = run(&["extract", seed.to_str().unwrap(), "--ner-model", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.bin"), "{}", stderr(&o));
}
