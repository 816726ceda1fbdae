//! The code stage end to end: the seed article's events (the acceptance list),
//! negation, modality, passives, compound actors, instruments, places and dates on small
//! sentences of our own, the verb dictionary commands, and floors on PETRARCH2's
//! unit-test records (read from ../shared/data when present) and on dyad's gold events.

mod common;

use chrono::{NaiveDate, TimeZone, Utc};
use common::*;
use dyad::doc::{DatePrecision, Event, Modality};
use dyad::{Article, Doc, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    P.get_or_init(Pipeline::default)
}

fn code(text: &str, published: Option<(i32, u32, u32)>) -> Doc {
    let mut article = Article::from_text("t", text);
    article.published = published.map(|(y, m, d)| Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap());
    pipeline().process(article).unwrap()
}

fn src(e: &Event) -> &str {
    e.source.as_ref().and_then(|a| a.actor_code.as_deref()).unwrap_or("")
}

fn tgt(e: &Event) -> &str {
    e.target.as_ref().and_then(|a| a.actor_code.as_deref()).unwrap_or("")
}

fn plover(e: &Event) -> &str {
    e.plover_type.as_deref().unwrap_or("")
}

fn show(doc: &Doc) -> String {
    doc.events.iter().map(|e| format!("{} -{}/{}/{}-> {} neg={} {:?}\n", src(e), e.action.text, e.cameo_code.as_deref().unwrap_or(""), plover(e), tgt(e), e.negated, e.modality)).collect()
}

fn seed() -> &'static Doc {
    static D: std::sync::OnceLock<Doc> = std::sync::OnceLock::new();
    D.get_or_init(|| {
        let text = std::fs::read_to_string(repo().join("corpus/seed-article.txt")).unwrap();
        code(&text, None)
    })
}

fn find<'d>(doc: &'d Doc, what: &str, f: impl Fn(&Event) -> bool) -> &'d Event {
    doc.events.iter().find(|e| f(e)).unwrap_or_else(|| panic!("no event: {what}\n{}", show(doc)))
}

#[test]
fn seed_cyber_command_strikes_iran() {
    let e = find(seed(), "USAMIL COERCE/cyber IRN", |e| src(e) == "USAMIL" && tgt(e) == "IRN" && plover(e) == "COERCE");
    assert!(e.cyber && e.plover_mode.as_deref() == Some("cyber"));
    assert_eq!(e.cameo_root.as_deref(), Some("17"));
    assert!(!e.negated && e.modality == Modality::Asserted);
}

#[test]
fn seed_called_off_strike_is_negated() {
    let e = find(seed(), "USAGOV ASSAULT IRN negated", |e| src(e) == "USAGOV" && tgt(e) == "IRN" && plover(e) == "ASSAULT");
    assert!(e.negated, "{}", show(seed()));
    // And no asserted, un-negated US assault on Iran anywhere in the article.
    assert!(!seed().events.iter().any(|e| src(e).starts_with("USA") && tgt(e) == "IRN" && plover(e) == "ASSAULT" && !e.negated), "{}", show(seed()));
}

#[test]
fn seed_drone_downing() {
    let e = find(seed(), "IRN ASSAULT USA (drone)", |e| src(e) == "IRN" && tgt(e) == "USA" && plover(e) == "ASSAULT" && e.action.text == "downing");
    assert!(e.instrument.is_none());
    assert!(e.target.as_ref().unwrap().text.contains("drone"), "target phrase names the drone");
}

#[test]
fn seed_planned_sanctions() {
    let e = find(seed(), "USAGOV SANCTION IRN planned", |e| src(e) == "USAGOV" && tgt(e) == "IRN" && plover(e) == "SANCTION" && e.modality == Modality::Planned);
    assert_eq!(e.cameo_code.as_deref(), Some("163"));
}

#[test]
fn seed_general_threatens_usa() {
    let e = find(seed(), "IRNMIL THREATEN USA", |e| src(e) == "IRNMIL" && tgt(e) == "USA" && plover(e) == "THREATEN");
    assert!(e.source.as_ref().unwrap().text.contains("Shekarchi"));
}

#[test]
fn seed_iranian_hackers() {
    let doc = seed();
    find(doc, "IRN COERCE/cyber USAGOV", |e| src(e).starts_with("IRN") && tgt(e) == "USAGOV" && e.cyber);
    let e = find(doc, "hackers with phishing emails", |e| src(e).starts_with("IRN") && e.cyber && e.instrument.as_ref().is_some_and(|i| i.text.contains("phishing")));
    assert!(tgt(e).starts_with("USA"));
}

#[test]
fn seed_stuxnet_2010() {
    let doc = seed();
    let both: Vec<&Event> = doc.events.iter().filter(|e| tgt(e) == "IRN" && e.cyber && e.instrument.as_ref().is_some_and(|i| i.text.contains("Stuxnet"))).collect();
    let sources: Vec<&str> = both.iter().map(|e| src(e)).collect();
    assert!(sources.contains(&"USA") && sources.contains(&"ISR"), "{}", show(doc));
    for e in &both {
        assert_eq!(e.event_date, NaiveDate::from_ymd_opt(2010, 1, 1));
        assert_eq!(e.date_precision, Some(DatePrecision::Year));
    }
    // One compound source: one event group.
    assert!(both[0].event_group.is_some() && both.iter().all(|e| e.event_group == both[0].event_group));
}

#[test]
fn seed_aramco_2012() {
    let e = find(seed(), "IRN COERCE/cyber SAU", |e| src(e) == "IRN" && tgt(e).starts_with("SAU") && e.cyber);
    assert!(e.instrument.as_ref().is_some_and(|i| i.text.contains("virus")));
    assert_eq!(e.event_date, NaiveDate::from_ymd_opt(2012, 1, 1));
}

#[test]
fn seed_indictment_2016() {
    let e = find(seed(), "USA 173 IRN hackers", |e| src(e) == "USA" && tgt(e).starts_with("IRN") && e.cameo_code.as_deref() == Some("173"));
    assert_eq!((plover(e), e.plover_mode.as_deref()), ("COERCE", Some("arrest")));
    assert_eq!(e.event_date, NaiveDate::from_ymd_opt(2016, 1, 1));
}

#[test]
fn seed_blame_and_denial() {
    find(seed(), "USAGOV ACCUSE IRN", |e| src(e) == "USAGOV" && tgt(e) == "IRN" && plover(e) == "ACCUSE");
    find(seed(), "IRN 016 denial", |e| src(e) == "IRN" && e.cameo_code.as_deref() == Some("016"));
}

#[test]
fn seed_hypothetical_killing_is_not_an_event() {
    assert!(!seed().events.iter().any(|e| e.action.text.contains("kill") && e.modality == Modality::Asserted && !e.negated), "{}", show(seed()));
}

#[test]
fn seed_events_point_back_into_the_text() {
    let doc = seed();
    assert!(doc.events.len() >= 15, "{}", show(doc));
    for e in &doc.events {
        let s = &doc.sentences[e.sentence_index].span;
        for arg in [Some(&e.action), e.source.as_ref(), e.target.as_ref(), e.instrument.as_ref()].into_iter().flatten() {
            assert_eq!(arg.span.slice(doc.text()), arg.text);
            assert!(s.start_byte <= arg.span.start_byte && arg.span.end_byte <= s.end_byte);
        }
        assert!(e.evidence.start_byte <= e.action.span.start_byte && e.action.span.end_byte <= e.evidence.end_byte);
        assert!(e.quad_class.is_some_and(|q| (1..=4).contains(&q)) || e.cameo_root.as_deref() == Some("01"));
        assert!((0.0..=1.0).contains(&e.confidence));
    }
}

#[test]
fn negation_and_cancellation() {
    let doc = code("Iran did not attack the US embassy.", None);
    let e = find(&doc, "IRN ASSAULT negated", |e| src(e) == "IRN" && plover(e) == "ASSAULT");
    assert!(e.negated);
    let doc = code("Israel called off a planned airstrike on Syria.", None);
    let e = find(&doc, "airstrike called off", |e| tgt(e) == "SYR" && plover(e) == "ASSAULT");
    assert!(e.negated, "{}", show(&doc));
    let doc = code("Russia attacked Ukraine.", None);
    assert!(!find(&doc, "RUS ASSAULT UKR", |e| src(e) == "RUS" && tgt(e) == "UKR").negated);
}

#[test]
fn modality_threats_plans_hypotheses_and_reports() {
    // A threat with a target is one THREATEN event; the act it threatens is not coded too.
    let doc = code("Russia threatened to attack Ukraine.", None);
    find(&doc, "threat", |e| src(e) == "RUS" && tgt(e) == "UKR" && plover(e) == "THREATEN");
    assert!(!doc.events.iter().any(|e| plover(e) == "ASSAULT" && e.modality == Modality::Asserted), "{}", show(&doc));
    // Without a coded threat verb the act carries the modality.
    let doc = code("Iran warned that a US strike on its territory would be a mistake.", None);
    assert!(doc.events.iter().filter(|e| plover(e) == "ASSAULT").all(|e| e.modality != Modality::Asserted), "{}", show(&doc));
    let doc = code("Iran will attack Israel.", None);
    assert_eq!(find(&doc, "planned", |e| tgt(e) == "ISR").modality, Modality::Planned);
    let doc = code("If talks fail, Turkey would attack Syria.", None);
    assert_eq!(find(&doc, "hypothetical", |e| tgt(e) == "SYR").modality, Modality::Hypothetical);
    let doc = code("Iraqi officials said Iran attacked Kuwait.", None);
    let e = find(&doc, "reported", |e| src(e) == "IRN" && tgt(e) == "KWT");
    assert_eq!(e.modality, Modality::Reported);
    assert!(e.reported_by.as_deref().is_some_and(|r| r.contains("officials")));
}

#[test]
fn passive_agent_is_the_source() {
    let doc = code("A US drone was shot down by Iran.", None);
    find(&doc, "IRN -> USA", |e| src(e) == "IRN" && tgt(e) == "USA" && plover(e) == "ASSAULT");
}

#[test]
fn compound_actors_share_a_group() {
    let doc = code("The United States and Britain attacked Iraq.", None);
    let evs: Vec<&Event> = doc.events.iter().filter(|e| tgt(e) == "IRQ").collect();
    let sources: Vec<&str> = evs.iter().map(|e| src(e)).collect();
    assert!(sources.contains(&"USA") && sources.contains(&"GBR"), "{}", show(&doc));
    assert!(evs[0].event_group.is_some() && evs.iter().all(|e| e.event_group == evs[0].event_group));
}

#[test]
fn instruments_places_and_cyber() {
    let doc = code("Hamas fired rockets at Israel.", None);
    find(&doc, "rockets", |e| tgt(e) == "ISR" && e.instrument.as_ref().is_some_and(|i| i.text.contains("rockets")));
    let doc = code("Turkish forces attacked Kurdish fighters in Syria with drones.", None);
    let e = find(&doc, "drones in Syria", |e| src(e) == "TUR" && plover(e) == "ASSAULT");
    assert!(e.instrument.as_ref().is_some_and(|i| i.text.contains("drones")), "{}", show(&doc));
    assert_eq!(e.location.as_ref().and_then(|l| l.country.as_deref()), Some("SYR"));
    let doc = code("Russian hackers infected Ukrainian power companies with malware.", None);
    let e = find(&doc, "cyber", |e| src(e).starts_with("RUS") && tgt(e).starts_with("UKR"));
    assert!(e.cyber && plover(e) == "COERCE" && e.cameo_code.as_deref() == Some("170"));
}

#[test]
fn dates_resolve_against_publication() {
    // Published Monday 24 June 2019.
    let doc = code("On Saturday, Iran shot down a US drone.", Some((2019, 6, 24)));
    let e = find(&doc, "Saturday", |e| src(e) == "IRN");
    assert_eq!((e.event_date, e.date_precision, e.date_from_published), (NaiveDate::from_ymd_opt(2019, 6, 22), Some(DatePrecision::Day), false));
    let doc = code("Iran attacked Iraq last week.", Some((2019, 6, 24)));
    let e = find(&doc, "last week", |e| src(e) == "IRN");
    assert_eq!((e.event_date, e.date_precision), (NaiveDate::from_ymd_opt(2019, 6, 17), Some(DatePrecision::Week)));
    let doc = code("Iran attacked Iraq.", Some((2019, 6, 24)));
    let e = find(&doc, "no date", |e| src(e) == "IRN");
    assert_eq!((e.event_date, e.date_from_published), (NaiveDate::from_ymd_opt(2019, 6, 24), true));
}

#[test]
fn repeated_events_are_flagged_not_dropped() {
    let doc = code("Iran attacked Iraq. Iran attacked Iraq again.", Some((2019, 6, 24)));
    let evs: Vec<&Event> = doc.events.iter().filter(|e| src(e) == "IRN" && tgt(e) == "IRQ").collect();
    assert_eq!(evs.len(), 2, "{}", show(&doc));
    assert_eq!(evs[0].duplicate_of, None);
    assert!(evs[1].duplicate_of.is_some());
}

#[test]
fn user_verb_file_and_dict_check() {
    let dir = tempfile::tempdir().unwrap();
    let verbs = dir.path().join("verbs.tsv");
    std::fs::write(&verbs, "# my verbs\nverb\tsnub\t---\tsnub\npattern\tsnub\t161\t* (AT SUMMIT)\n").unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "France snubbed Russia at the summit.").unwrap();
    let o = run(&["extract", "--json", "--verbs", verbs.to_str().unwrap(), input.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["events"].as_array().unwrap().iter().any(|e| e["cameo_code"] == "161" && e["source"]["actor_code"] == "FRA" && e["target"]["actor_code"] == "RUS"), "{}", v["events"]);
    let o = run(&["dict", "check", verbs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let bad = dir.path().join("bad.tsv");
    std::fs::write(&bad, "verb\tsnub\t---\npattern\tsnub\t16 1\t* X\nverb\tx\n").unwrap();
    let o = run(&["dict", "check", bad.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1));
    assert!(out.contains("bad.tsv:2:") && out.contains("bad.tsv:3:"), "{out}");
    // A bad --verbs file stops the run with the file and line named.
    let o = run(&["extract", "--verbs", bad.to_str().unwrap(), input.to_str().unwrap()]);
    assert!(!o.status.success() && stderr(&o).contains("bad.tsv:2"), "{}", stderr(&o));
}

#[test]
fn import_petrarch_verbs_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("verbs.txt");
    std::fs::write(&src, "&WEAPON\n+ROCKET\n\n####### VERB PATTERNS #######\n\n--- PELT [190] ---\nPELT\n- * (WITH &WEAPON)  [195]\n").unwrap();
    let out = dir.path().join("verbs.tsv");
    let o = run(&["dict", "import-petrarch", "--verbs", src.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tsv = std::fs::read_to_string(&out).unwrap();
    assert!(tsv.contains("verb\tpelt\t190\tpelt") && tsv.contains("pattern\tpelt\t195\t* (WITH &WEAPON)") && tsv.contains("synset\tweapon\trockets"), "{tsv}");
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Iran pelted Iraq with rockets.").unwrap();
    let o = run(&["extract", "--json", "--verbs", out.to_str().unwrap(), input.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["events"].as_array().unwrap().iter().any(|e| e["cameo_code"] == "195"), "{}", v["events"]);
}

#[test]
fn no_events_flag_and_shipped_dictionaries_are_current() {
    let o = run(&["extract", "--no-events", repo().join("corpus/seed-article.txt").to_str().unwrap(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["events"].as_array().unwrap().is_empty());
    // The shipped CAMEO conversion is what the importer makes of ../shared's file today.
    let cameo = repo().join("../shared/data/petrarch2/CAMEO.2.0.txt");
    if !cameo.exists() {
        eprintln!("skipped: {} not found", cameo.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("verbs-cameo.tsv");
    let o = run(&["dict", "import-petrarch", "--verbs", cameo.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = std::fs::read_to_string(&out).unwrap().replace(&cameo.display().to_string(), "");
    let shipped = std::fs::read_to_string(repo().join("models/events/verbs-cameo.tsv")).unwrap();
    let body = |t: &str| t.lines().filter(|l| !l.starts_with('#')).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&fresh), body(&shipped), "models/events/verbs-cameo.tsv is stale: re-run dyad dict import-petrarch --verbs");
}

#[test]
fn petrarch_unit_test_records_floor() {
    let records = repo().join("../shared/data/petrarch2/PETR.UnitTest.records.xml");
    if !records.exists() {
        eprintln!("skipped: {} not found", records.display());
        return;
    }
    let o = run(&["eval", "events", "--petrarch", records.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f1 = v["score"]["overall"]["f1"].as_f64().unwrap();
    let records = v["score"]["records"].as_u64().unwrap();
    assert!(records > 250, "read {records} records");
    assert!(f1 >= 0.70, "PETRARCH unit-test F1 {f1:.4} below the 0.70 floor");
}

#[test]
fn own_gold_events_floor() {
    let gold = repo().join("tests/fixtures/events_gold.jsonl");
    let o = run(&["eval", "events", "--gold", gold.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v["score"];
    assert!(s["records"].as_u64().unwrap() >= 40);
    let f1 = s["overall"]["f1"].as_f64().unwrap();
    assert!(f1 >= 0.55, "gold events F1 {f1:.4} below the floor\n{}", s["errors"]);
    let a = &s["attributes"];
    let matched = a["matched"].as_f64().unwrap();
    assert!(a["negated"].as_f64().unwrap() / matched >= 0.85, "negation agreement {a}");
}
