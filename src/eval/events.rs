//! Event coding against PETRARCH2's validation records (`dyad eval events --petrarch`):
//! each record's sentence is coded from its text alone (the supplied parse is ignored)
//! and the (source, target, CAMEO code) triples are compared with the gold codings.

use std::collections::BTreeMap;

use serde::Serialize;

use super::actors::{article, PetrSuite};
use super::Prf;
use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::pipeline::Pipeline;

/// One record the coder got wrong.
#[derive(Debug, Clone, Serialize)]
pub struct EventMiss {
    pub id: String,
    pub category: String,
    pub text: String,
    pub missed: Vec<String>,
    pub wrong: Vec<String>,
}

/// Counts and scores overall and per category of the records.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryScores {
    pub overall: Prf,
    pub per_category: BTreeMap<String, Prf>,
}

impl CategoryScores {
    fn add(&mut self, category: &str, gold: usize, predicted: usize, correct: usize) {
        for prf in [&mut self.overall, self.per_category.entry(category.to_string()).or_default()] {
            prf.gold += gold;
            prf.predicted += predicted;
            prf.correct += correct;
        }
    }

    fn finish(&mut self) {
        self.overall.finish();
        for p in self.per_category.values_mut() {
            p.finish();
        }
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EventScore {
    pub records: usize,
    #[serde(flatten)]
    pub scores: CategoryScores,
    pub errors: Vec<EventMiss>,
    pub seconds: f64,
}

/// The triples dyad coded in a document: events with a source and a target code, one per
/// distinct triple (PETRARCH codes a triple once per sentence).
pub fn coded_triples(doc: &Doc) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = Vec::new();
    for e in &doc.events {
        let (Some(s), Some(t), Some(c)) = (e.source.as_ref().and_then(|a| a.actor_code.clone()), e.target.as_ref().and_then(|a| a.actor_code.clone()), e.cameo_code.clone()) else { continue };
        let triple = (s, t, c);
        if !out.contains(&triple) {
            out.push(triple);
        }
    }
    out
}

fn show(t: &(String, String, String)) -> String {
    format!("{} {} {}", t.0, t.1, t.2)
}

/// Scores `pipeline` (which should resolve with the suite's dictionaries and code with
/// its verb file) on every record.
pub fn score_events(suite: &PetrSuite, pipeline: &Pipeline) -> Result<EventScore> {
    let started = std::time::Instant::now();
    let mut score = EventScore { records: suite.records.len(), ..EventScore::default() };
    for rec in &suite.records {
        let doc = pipeline.process(article(&rec.id, &rec.text, rec.date)).map_err(|e| Error::Dataset(format!("{}: {e}", rec.id)))?;
        let predicted = coded_triples(&doc);
        let mut gold = rec.events.clone();
        let mut correct = 0;
        let mut wrong = Vec::new();
        for p in &predicted {
            match gold.iter().position(|g| g == p) {
                Some(i) => {
                    gold.remove(i);
                    correct += 1;
                }
                None => wrong.push(show(p)),
            }
        }
        let category = rec.category.trim_end_matches(|c: char| !c.is_ascii_uppercase()).to_string();
        score.scores.add(&category, rec.events.len(), predicted.len(), correct);
        if !gold.is_empty() || !wrong.is_empty() {
            score.errors.push(EventMiss { id: rec.id.clone(), category, text: rec.text.clone(), missed: gold.iter().map(show).collect(), wrong });
        }
    }
    score.scores.finish();
    score.seconds = started.elapsed().as_secs_f64();
    Ok(score)
}

/// One gold event of dyad's own gold file (tests/fixtures/events_gold.jsonl).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldEvent {
    pub source: Option<String>,
    pub target: Option<String>,
    pub plover: Option<String>,
    #[serde(default)]
    pub negated: bool,
    #[serde(default)]
    pub modality: Option<String>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub instrument: Option<String>,
    #[serde(default)]
    pub event_date: Option<chrono::NaiveDate>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldRecord {
    pub id: String,
    #[serde(default)]
    pub category: String,
    pub date: Option<chrono::NaiveDate>,
    pub text: String,
    pub events: Vec<GoldEvent>,
}

/// Agreement on the attributes of matched events.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AttributeScore {
    pub matched: usize,
    pub negated: usize,
    pub modality: usize,
    pub mode: usize,
    /// Gold instruments found (the predicted instrument's text contains or is contained in the gold).
    pub instrument: usize,
    pub instrument_gold: usize,
    pub date: usize,
    pub date_gold: usize,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldEventScore {
    pub records: usize,
    /// (source, target, PLOVER type) triples.
    #[serde(flatten)]
    pub scores: CategoryScores,
    pub attributes: AttributeScore,
    pub errors: Vec<EventMiss>,
}

pub fn read_gold(path: &std::path::Path) -> Result<Vec<GoldRecord>> {
    super::read_jsonl(path)
}

type Key = (Option<String>, Option<String>, Option<String>);

fn key_show(k: &Key) -> String {
    format!("{} {} {}", k.0.as_deref().unwrap_or("-"), k.1.as_deref().unwrap_or("-"), k.2.as_deref().unwrap_or("-"))
}

/// Scores `pipeline` on dyad's gold events: (source, target, PLOVER type) triples, then
/// negation, modality, mode, instrument and date on the matched events. Repeats of an
/// event (`duplicate_of`) are not counted again.
pub fn score_gold(records: &[GoldRecord], pipeline: &Pipeline) -> Result<GoldEventScore> {
    let mut score = GoldEventScore { records: records.len(), ..GoldEventScore::default() };
    for rec in records {
        let doc = pipeline.process(article(&rec.id, &rec.text, rec.date)).map_err(|e| Error::Dataset(format!("{}: {e}", rec.id)))?;
        let predicted: Vec<&crate::doc::Event> = doc.events.iter().filter(|e| e.duplicate_of.is_none()).collect();
        let code = |a: &Option<crate::doc::EventArgument>| a.as_ref().and_then(|x| x.actor_code.clone());
        let mut keys: Vec<(Key, &crate::doc::Event)> = Vec::new();
        for e in predicted {
            let k = (code(&e.source), code(&e.target), e.plover_type.clone());
            if !keys.iter().any(|(x, _)| *x == k) {
                keys.push((k, e));
            }
        }
        let mut gold: Vec<(Key, &GoldEvent)> = rec.events.iter().map(|g| ((g.source.clone(), g.target.clone(), g.plover.clone()), g)).collect();
        let mut correct = 0;
        let mut wrong = Vec::new();
        for (k, e) in &keys {
            match gold.iter().position(|(g, _)| g == k) {
                Some(i) => {
                    let (_, g) = gold.remove(i);
                    correct += 1;
                    let a = &mut score.attributes;
                    a.matched += 1;
                    a.negated += usize::from(e.negated == g.negated);
                    a.modality += usize::from(g.modality.as_deref().unwrap_or("asserted") == e.modality.as_str());
                    a.mode += usize::from(g.mode.as_deref() == e.plover_mode.as_deref().filter(|m| *m == "cyber"));
                    if let Some(gi) = &g.instrument {
                        a.instrument_gold += 1;
                        let gi = gi.to_lowercase();
                        a.instrument += usize::from(e.instrument.as_ref().is_some_and(|x| {
                            let t = x.text.to_lowercase();
                            t.contains(&gi) || gi.contains(&t)
                        }));
                    }
                    if let Some(gd) = g.event_date {
                        a.date_gold += 1;
                        a.date += usize::from(e.event_date == Some(gd));
                    }
                }
                None => wrong.push(key_show(k)),
            }
        }
        score.scores.add(&rec.category, rec.events.len(), keys.len(), correct);
        if !gold.is_empty() || !wrong.is_empty() {
            score.errors.push(EventMiss { id: rec.id.clone(), category: rec.category.clone(), text: rec.text.clone(), missed: gold.iter().map(|(k, _)| key_show(k)).collect(), wrong });
        }
    }
    score.scores.finish();
    Ok(score)
}
