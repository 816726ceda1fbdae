//! The transformer NER backend on tiny random models written by the tests themselves
//! (no hub, no Python, no committed weights): both weight formats, both tokenizer files,
//! label mapping, windows over a long article, batching, and the CLI. Without the
//! `transformer` feature only the error message for `--ner transformer` is checked.

mod common;

#[cfg(not(feature = "transformer"))]
use common::*;

#[cfg(not(feature = "transformer"))]
#[test]
fn without_the_feature_the_cli_says_how_to_get_it() {
    let seed = repo().join("corpus/seed-article.txt");
    let o = run(&["extract", seed.to_str().unwrap(), "--ner", "transformer", "--ner-model", "/nonexistent"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--features transformer"), "{}", stderr(&o));
}

#[cfg(feature = "transformer")]
mod with_feature {
    use std::path::Path;

    use super::common::*;
    use dyad::pipeline::{DeviceChoice, NerChoice, PipelineConfig, TransformerConfig};
    use dyad::segment::Segmenter;
    use dyad::tag::transformer::fixture::{write_tiny_model, FixtureOptions};
    use dyad::tag::transformer::TransformerModel;
    use dyad::tag::EntityModel;
    use dyad::{Article, Doc, EntityLabel};

    fn model(dir: &Path, batch_size: usize) -> TransformerModel {
        TransformerModel::load(&TransformerConfig { dir: dir.to_path_buf(), device: DeviceChoice::Cpu, threads: 1, batch_size, with_perceptron: false }).unwrap()
    }

    fn fixture(dir: &Path, options: FixtureOptions) {
        write_tiny_model(dir, &options).unwrap();
    }

    fn doc(id: &str, text: &str) -> Doc {
        let mut doc = Doc::new(Article::from_text(id, text));
        Segmenter::new().segment(&mut doc);
        doc
    }

    fn seed_text() -> String {
        std::fs::read_to_string(repo().join("corpus/seed-article.txt")).unwrap()
    }

    /// (start_byte, end_byte, label) of each entity, and the confidences.
    fn spans(model: &TransformerModel, doc: &Doc) -> (Vec<(usize, usize, EntityLabel)>, Vec<f32>) {
        let e = model.try_predict(doc).unwrap();
        (e.iter().map(|e| (e.span.start_byte, e.span.end_byte, e.label)).collect(), e.iter().map(|e| e.confidence).collect())
    }

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-4)
    }

    #[test]
    fn safetensors_and_ot_load_to_the_same_model() {
        let tmp = tempfile::tempdir().unwrap();
        let (st, ot) = (tmp.path().join("st"), tmp.path().join("ot"));
        fixture(&st, FixtureOptions { safetensors: true, ..Default::default() });
        fixture(&ot, FixtureOptions { safetensors: false, ..Default::default() });
        assert!(st.join("model.safetensors").is_file() && ot.join("rust_model.ot").is_file());
        let d = doc("seed", &seed_text());
        let (a, pa) = spans(&model(&st, 32), &d);
        let (b, pb) = spans(&model(&ot, 32), &d);
        assert!(!a.is_empty(), "the random fixture tags something");
        assert_eq!(a, b);
        assert!(close(&pa, &pb));
    }

    #[test]
    fn tokenizer_json_and_vocab_txt_agree() {
        let tmp = tempfile::tempdir().unwrap();
        let (v, j) = (tmp.path().join("vocab"), tmp.path().join("json"));
        fixture(&v, FixtureOptions::default());
        fixture(&j, FixtureOptions { tokenizer_json: true, ..Default::default() });
        assert!(j.join("tokenizer.json").is_file() && !v.join("tokenizer.json").exists());
        let d = doc("seed", &seed_text());
        assert_eq!(spans(&model(&v, 32), &d), spans(&model(&j, 32), &d));
    }

    #[test]
    fn labels_map_onto_dyads_contract() {
        let tmp = tempfile::tempdir().unwrap();
        let text = "Iran shot down a US drone. The news agency said so.";
        let d = doc("t", text);
        let words = d.tokens.len();
        let cases: [(&str, Option<EntityLabel>, usize); 5] = [
            // B- on every word: one entity per word.
            ("B-PER", Some(EntityLabel::Person), words),
            ("B-ORG", Some(EntityLabel::Org), words),
            // I- on every word: one entity per sentence (conlleval reading).
            ("I-LOC", Some(EntityLabel::Loc), 2),
            ("I-MISC", Some(EntityLabel::Misc), 2),
            // A type dyad does not tag.
            ("B-DATE", None, 0),
        ];
        for (label, want, count) in cases {
            let dir = tmp.path().join(label);
            fixture(&dir, FixtureOptions { constant_label: Some(label), ..Default::default() });
            let m = model(&dir, 32);
            let e = m.try_predict(&d).unwrap();
            assert_eq!(e.len(), count, "{label}");
            assert!(e.iter().all(|e| Some(e.label) == want && e.confidence > 0.9), "{label}: {e:?}");
            if label == "I-LOC" {
                assert_eq!(e[0].text, "Iran shot down a US drone.");
                assert_eq!(e[0].sentence_index, 0);
            }
        }
    }

    #[test]
    fn long_articles_are_windowed_and_every_token_is_covered() {
        let tmp = tempfile::tempdir().unwrap();
        let (small, big) = (tmp.path().join("w16"), tmp.path().join("w512"));
        // 16 pieces per sequence: most sentences of the seed article need several windows.
        fixture(&small, FixtureOptions { max_pieces: 16, ..Default::default() });
        fixture(&big, FixtureOptions::default());
        // The seed article three times, and a 900-word sentence (more than 512 pieces).
        let long_sentence = (0..900).map(|i| ["Iran", "said", "the", "US", "navy"][i % 5]).collect::<Vec<_>>().join(" ");
        let text = format!("{0}\n\n{0}\n\n{0}\n\n{long_sentence}.", seed_text());
        let d = doc("long", &text);
        for dir in [&small, &big] {
            let m = model(dir, 32);
            let (entities, _) = spans(&m, &d);
            let c = m.coverage();
            eprintln!("{}", m.report().unwrap());
            assert_eq!(c.tokens, d.tokens.len() as u64);
            assert_eq!(c.labelled + c.no_pieces, c.tokens, "{c:?}");
            assert_eq!(c.ratio(), 1.0);
            assert!(c.split_sentences >= 1, "{c:?}");
            // Entities stay inside their sentence and on token boundaries.
            for (s, e, _) in entities {
                assert!(d.tokens.iter().any(|t| t.span.start_byte == s) && d.tokens.iter().any(|t| t.span.end_byte == e));
            }
        }
        assert!(model(&small, 32).report().unwrap().contains("coverage"));
    }

    #[test]
    fn batched_output_equals_one_by_one() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("m");
        fixture(&dir, FixtureOptions { max_pieces: 24, ..Default::default() });
        let seed = seed_text();
        let paragraphs: Vec<&str> = seed.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
        let docs: Vec<Doc> = paragraphs.iter().enumerate().map(|(i, p)| doc(&format!("p{i}"), p)).collect();
        let one = model(&dir, 1);
        let batched = std::sync::Arc::new(model(&dir, 64));
        let single: Vec<_> = docs.iter().map(|d| spans(&one, d)).collect();
        // Several workers at once: their articles are batched together by the inference thread.
        let together: Vec<_> = std::thread::scope(|s| {
            let handles: Vec<_> = docs.iter().map(|d| {
                let m = batched.clone();
                s.spawn(move || spans(&m, d))
            }).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(single.iter().any(|(e, _)| !e.is_empty()));
        for ((a, pa), (b, pb)) in single.iter().zip(&together) {
            assert_eq!(a, b);
            assert!(close(pa, pb), "{pa:?} vs {pb:?}");
        }
        // A whole article: its windows sorted by length and batched, or one at a time.
        let whole = doc("seed", &seed);
        let (a, pa) = spans(&one, &whole);
        let (b, pb) = spans(&batched, &whole);
        assert_eq!(a, b);
        assert!(close(&pa, &pb));
    }

    #[test]
    fn the_tag_stage_runs_it_with_the_dictionary_layers() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("m");
        fixture(&dir, FixtureOptions { constant_label: Some("O"), ..Default::default() });
        let config = PipelineConfig { ner: NerChoice::Transformer(TransformerConfig { dir: dir.clone(), device: DeviceChoice::Cpu, threads: 1, batch_size: 0, with_perceptron: false }), ..Default::default() };
        let pipeline = dyad::Pipeline::new(&config).unwrap();
        assert!(pipeline.versions()["tag"].starts_with("transformer:m-"), "{:?}", pipeline.versions());
        let doc = pipeline.process(Article::from_text("t", "Iran shot down a US Global Hawk drone.")).unwrap();
        // The model tags nothing; the weapon lexicon still finds the drone.
        assert!(doc.entities.iter().any(|e| e.label == EntityLabel::Weapon), "{:?}", doc.entities);
        let missing = PipelineConfig { ner: NerChoice::Transformer(TransformerConfig { dir: tmp.path().join("none"), ..Default::default() }), ..Default::default() };
        assert!(matches!(dyad::Pipeline::new(&missing), Err(dyad::Error::Usage(_))));
    }

    #[test]
    fn cli_extract_and_eval_with_a_transformer() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("m");
        fixture(&dir, FixtureOptions { tokenizer_json: true, ..Default::default() });
        let seed = repo().join("corpus/seed-article.txt");
        let o = run(&["extract", seed.to_str().unwrap(), "--json", "--ner", "transformer", "--ner-model", dir.to_str().unwrap(), "--device", "cpu"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(doc["entities"].as_array().unwrap().iter().any(|e| e["origin"] == "model"));
        let conll = tmp.path().join("gold.conll");
        std::fs::write(&conll, "-DOCSTART- -X- -X- O\n\nIran B-LOC\nshot O\ndown O\na O\nUS B-LOC\ndrone O\n. O\n").unwrap();
        let o = run(&["eval", "ner", "--conll", conll.to_str().unwrap(), "--ner", "transformer", "--ner-model", dir.to_str().unwrap(), "--json"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("coverage 100.00%"), "{}", stderr(&o));
        let o = run(&["extract", seed.to_str().unwrap(), "--ner", "transformer", "--ner-model", tmp.path().join("none").to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    }
}
