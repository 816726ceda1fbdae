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

#[derive(Debug, Clone, Default, Serialize)]
pub struct EventScore {
    pub records: usize,
    pub overall: Prf,
    pub per_category: BTreeMap<String, Prf>,
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
        for prf in [&mut score.overall, score.per_category.entry(category.clone()).or_default()] {
            prf.gold += rec.events.len();
            prf.predicted += predicted.len();
            prf.correct += correct;
        }
        if !gold.is_empty() || !wrong.is_empty() {
            score.errors.push(EventMiss { id: rec.id.clone(), category, text: rec.text.clone(), missed: gold.iter().map(show).collect(), wrong });
        }
    }
    score.overall.finish();
    for p in score.per_category.values_mut() {
        p.finish();
    }
    score.seconds = started.elapsed().as_secs_f64();
    Ok(score)
}
