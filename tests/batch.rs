//! `dyad batch` end to end: mixed inputs with bad records, resume after kill -9,
//! shards, partitions, JSONL output, stdin, a 50 MB article.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// Complete lines in the truncated gzip fixture, counted independently of dyad.
fn readable_lines_of_truncated_gzip() -> usize {
    let f = std::fs::File::open(fixture("mixed/bad/truncated.jsonl.gz")).unwrap();
    let mut r = BufReader::new(flate2::read::MultiGzDecoder::new(f));
    let mut n = 0;
    let mut line = String::new();
    while let Ok(k) = r.read_line(&mut line) {
        if k == 0 || !line.ends_with('\n') {
            break;
        }
        n += 1;
        line.clear();
    }
    n
}

fn status_of<'a>(s: &'a std::collections::HashMap<String, (String, Option<String>)>, suffix: &str) -> &'a (String, Option<String>) {
    let hits: Vec<_> = s.iter().filter(|(k, _)| k.ends_with(suffix)).collect();
    assert_eq!(hits.len(), 1, "one record ends with {suffix}: {:?}", s.keys().collect::<Vec<_>>());
    hits[0].1
}

#[test]
fn mixed_inputs_every_record_is_a_row_and_failures_have_reasons() {
    let out = tempfile::tempdir().unwrap();
    let missing = out.path().join("no-such-file.txt").display().to_string();
    let o = run(&["batch", &fixture("mixed"), &missing, "--out", out.path().to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(1), "failures → exit 1; stderr: {}", stderr(&o));

    let s = statuses(out.path());
    let truncated_ok = readable_lines_of_truncated_gzip();
    assert!(truncated_ok > 10);
    // 2 gz JSONL + 2 broken feed + empty + binary + utf8 + truncated(ok + 1) + note + strike
    // + atom + 5 JSONL + 2 RSS + missing
    let expected = 2 + 2 + 1 + 1 + 1 + (truncated_ok + 1) + 1 + 1 + 1 + 5 + 2 + 1;
    assert_eq!(s.len(), expected, "rows in articles = records read");
    let m = manifest(out.path());
    assert_eq!(m["counts"]["articles"], expected as u64);
    assert_eq!(m["counts"]["articles_failed"], 7);

    let failed = |suffix: &str, needle: &str| {
        let (status, error) = status_of(&s, suffix);
        assert_eq!(status, "failed", "{suffix}");
        let e = error.as_deref().unwrap_or("");
        assert!(e.contains(needle), "{suffix}: {e:?} should mention {needle:?}");
    };
    failed("bad/broken.xml#2", "broken XML at line 4");
    failed("bad/empty.txt", "empty file");
    failed("bad/image.png", "binary file");
    failed(&format!("bad/truncated.jsonl.gz:{}", truncated_ok + 1), "truncated");
    failed("wire.jsonl:4", "invalid JSON");
    failed("wire.jsonl:5", "--text-field");
    failed("no-such-file.txt", "no such file");
    for ok in ["archive.jsonl.gz:1", "archive.jsonl.gz:2", "bad/broken.xml#1", "bad/invalid-utf8.txt", "note.txt.gz", "strike.txt", "wire.atom#1", "wire.jsonl:1", "wire.jsonl:2", "wire.jsonl:6", "wire.rss#1", "wire.rss#2"] {
        assert_eq!(status_of(&s, ok).0, "ok", "{ok}");
    }
    // --quiet drops the progress bar and summary, never the failure lines.
    let err = stderr(&o);
    assert_eq!(err.lines().filter(|l| l.starts_with("dyad: failed: ")).count(), 7, "{err}");
    assert!(err.contains("bad/empty.txt: empty file"), "{err}");
}

#[test]
fn failures_are_reported_on_stderr_and_allow_failures_exits_zero() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&["batch", &fixture("mixed/wire.jsonl"), "--out", out.path().to_str().unwrap(), "--allow-failures"]);
    assert_eq!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(err.contains("wire.jsonl: line 4: invalid JSON"), "{err}");
    assert!(err.contains("wire.jsonl: line 6: unparseable publication date"), "{err}");
    assert!(err.contains("5 articles (3 ok, 2 failed)"), "{err}");
}

#[test]
fn parquet_columns_have_documented_types_and_values() {
    let out = tempfile::tempdir().unwrap();
    run(&["batch", &fixture("mixed/wire.jsonl"), &fixture("mixed/strike.txt"), "--out", out.path().to_str().unwrap(), "--quiet"]);
    let articles = read_table(out.path(), "articles");
    use polars::prelude::DataType;
    assert!(matches!(articles.column("published").unwrap().dtype(), DataType::Datetime(_, Some(tz)) if tz.as_str() == "UTC"));
    assert_eq!(articles.column("n_words").unwrap().dtype(), &DataType::Int64);
    let ids = strings(&articles, "article_id");
    assert!(ids.contains(&Some("wire-001".into())));
    let titles = strings(&articles, "title");
    assert!(titles.contains(&Some("Iran downs US drone over Strait of Hormuz".into())), "plain-text title line: {titles:?}");
    // Sentence offsets slice the article text.
    let sentences = read_table(out.path(), "sentences");
    let texts: std::collections::HashMap<String, String> =
        strings(&articles, "record").into_iter().zip(strings(&articles, "text")).filter_map(|(r, t)| Some((r?, t?))).collect();
    let recs = strings(&sentences, "record");
    let stext = strings(&sentences, "text");
    let sb = sentences.column("start_byte").unwrap().i64().unwrap().clone();
    let eb = sentences.column("end_byte").unwrap().i64().unwrap().clone();
    for i in 0..sentences.height() {
        let text = &texts[recs[i].as_ref().unwrap()];
        assert_eq!(&text[sb.get(i).unwrap() as usize..eb.get(i).unwrap() as usize], stext[i].as_deref().unwrap());
    }
}

#[test]
fn jsonl_output_has_the_same_rows() {
    let out = tempfile::tempdir().unwrap();
    run(&["batch", &fixture("mixed"), "--out", out.path().to_str().unwrap(), "--format", "jsonl", "--quiet"]);
    let parts = files(&out.path().join("articles"), "jsonl");
    let rows: usize = parts.iter().map(|p| std::fs::read_to_string(p).unwrap().lines().count()).sum();
    assert_eq!(rows as u64, manifest(out.path())["counts"]["articles"].as_u64().unwrap());
    let first: serde_json::Value = serde_json::from_str(std::fs::read_to_string(&parts[0]).unwrap().lines().next().unwrap()).unwrap();
    assert!(first.get("record").is_some() && first.get("status").is_some());
}

#[test]
fn existing_output_needs_resume_or_overwrite() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    assert_eq!(run(&["batch", &fixture("mixed/strike.txt"), "--out", dir, "--quiet"]).status.code(), Some(0));
    let again = run(&["batch", &fixture("mixed/strike.txt"), "--out", dir, "--quiet"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--resume"), "{}", stderr(&again));
    assert_eq!(run(&["batch", &fixture("mixed/strike.txt"), "--out", dir, "--quiet", "--overwrite"]).status.code(), Some(0));
    assert_eq!(statuses(out.path()).len(), 1);
    // A finished dataset resumed: nothing to do, nothing duplicated.
    assert_eq!(run(&["batch", &fixture("mixed/strike.txt"), "--out", dir, "--quiet", "--resume"]).status.code(), Some(0));
    assert_eq!(read_table(out.path(), "articles").height(), 1);
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(run(&["batch", "x.txt"]).status.code(), Some(2)); // no --out
    assert_eq!(run(&["batch", "x.txt", "--out", "/tmp/x", "--shard", "3/2"]).status.code(), Some(2));
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
}

fn write_corpus(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let text = format!(
            "Article {i}. Iranian officials said on Monday that US forces had struck targets near Basra. \
             The Pentagon denied the report, and analysts in Washington said the claim was unverified. \
             Oil prices rose 2.5 percent after the news, traders in London said."
        );
        let published = format!("2019-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        writeln!(f, "{}", serde_json::json!({"id": format!("doc-{i}"), "text": text, "published": published})).unwrap();
    }
}

#[test]
fn kill_dash_nine_then_resume_gives_every_article_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    let n = 40_000;
    write_corpus(&corpus, n);
    let out = dir.path().join("out");
    let out_s = out.to_str().unwrap();
    let mut child = dyad()
        .args(["batch", corpus.to_str().unwrap(), "--out", out_s, "--chunk-articles", "500", "--threads", "2", "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let journal = out.join("_journal");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let committed = std::fs::read_dir(&journal).map(|d| d.flatten().filter(|e| e.file_name().to_string_lossy().starts_with("chunk-")).count()).unwrap_or(0);
        if committed >= 2 {
            break;
        }
        assert!(Instant::now() < deadline, "no chunk committed in time");
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(!out.join("manifest.json").exists(), "the run was killed before it finished");
    let partial = read_table(&out, "articles").height();
    assert!(partial > 0 && partial < n, "killed mid-run: {partial} of {n} committed");

    let o = run(&["batch", corpus.to_str().unwrap(), "--out", out_s, "--chunk-articles", "500", "--resume", "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let records = strings(&read_table(&out, "articles"), "record");
    let unique: std::collections::HashSet<_> = records.iter().collect();
    assert_eq!(records.len(), n, "no duplicates, none missing");
    assert_eq!(unique.len(), n);
    assert_eq!(manifest(&out)["counts"]["articles"], n as u64);
    assert_eq!(manifest(&out)["resumed"], true);
    // No stray temporaries left behind.
    let tmp = files(&out, "tmp");
    assert!(tmp.is_empty(), "{tmp:?}");
}

#[test]
fn shards_write_one_dataset_and_merge_checks_completeness() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, 900);
    let out = dir.path().join("out");
    let out_s = out.to_str().unwrap();
    for i in 0..2 {
        let o = run(&["batch", corpus.to_str().unwrap(), "--out", out_s, "--shard", &format!("{i}/3"), "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let incomplete = run(&["merge-manifests", out_s]);
    assert_eq!(incomplete.status.code(), Some(1));
    assert!(stderr(&incomplete).contains("shard 2/3 is missing"), "{}", stderr(&incomplete));
    assert!(!out.join("manifest.json").exists());

    run(&["batch", corpus.to_str().unwrap(), "--out", out_s, "--shard", "2/3", "--quiet"]);
    let merged = run(&["merge-manifests", out_s]);
    assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
    let records = strings(&read_table(&out, "articles"), "record");
    let unique: std::collections::HashSet<_> = records.iter().collect();
    assert_eq!((records.len(), unique.len()), (900, 900));
    let m = manifest(&out);
    assert_eq!((m["merged"].as_bool(), m["counts"]["articles"].as_u64()), (Some(true), Some(900)));
    // Each shard got a real share.
    for i in 0..3 {
        let shard: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join(format!("_manifests/s{i}of3.json"))).unwrap()).unwrap();
        assert!(shard["counts"]["articles"].as_u64().unwrap() > 200);
    }
}

#[test]
fn partition_by_date_writes_hive_directories() {
    let out = tempfile::tempdir().unwrap();
    run(&["batch", &fixture("mixed/wire.jsonl"), &fixture("mixed/archive.jsonl.gz"), "--out", out.path().to_str().unwrap(), "--partition", "date", "--quiet"]);
    for dir in ["articles/year=2019/month=6", "articles/year=2010/month=6", "articles/year=2012/month=8", "sentences/year=2019/month=6", "articles/year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__"] {
        assert!(out.path().join(dir).is_dir(), "{dir}");
    }
    assert_eq!(read_table(out.path(), "articles").height(), 7);
}

#[test]
fn stdin_jsonl_and_text() {
    let out = tempfile::tempdir().unwrap();
    let mut child = dyad().args(["batch", "-", "--out", out.path().to_str().unwrap(), "--quiet"]).stdin(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"{\"id\":\"a\",\"text\":\"One.\"}\n{\"id\":\"b\",\"text\":\"Two.\"}\n").unwrap();
    assert!(child.wait().unwrap().success());
    let mut records = strings(&read_table(out.path(), "articles"), "record");
    records.sort();
    assert_eq!(records, [Some("-:1".to_string()), Some("-:2".to_string())]);

    let mut child = dyad().args(["extract", "-", "--json"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all("Iran’s army said so. Then it left.".as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(doc["article"]["article_id"], "-");
}

#[test]
fn a_fifty_megabyte_article_is_segmented_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let sentence = "Iranian forces fired 3 missiles at the U.S. base near Erbil on Tuesday. ";
    let reps = 50 * 1024 * 1024 / sentence.len() + 1;
    std::fs::write(&path, sentence.repeat(reps)).unwrap();
    let out = dir.path().join("out");
    let o = run(&["batch", path.to_str().unwrap(), "--out", out.to_str().unwrap(), "--quiet"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let articles = read_table(&out, "articles");
    assert_eq!(articles.column("n_bytes").unwrap().i64().unwrap().get(0), Some((sentence.len() * reps) as i64));
    assert_eq!(articles.column("n_sentences").unwrap().i64().unwrap().get(0), Some(reps as i64));
    let sentences = read_table(&out, "sentences");
    assert_eq!(sentences.height(), reps);
    let max_end = sentences.column("end_byte").unwrap().i64().unwrap().iter().flatten().max().unwrap();
    assert_eq!(max_end as usize, sentence.len() * reps - 1, "the last sentence ends at the end of the text");
}
