//! Actor-resolution scoring: dyad's gold file (mentions with the codes they should get)
//! and the source/target actors of PETRARCH2's unit-test records (PETR.UnitTest.records.xml
//! with the PETR.Validate.* dictionaries it names), which test dictionary mechanics.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use quick_xml::events::Event as XmlEvent;
use serde::{Deserialize, Serialize};

use crate::doc::{Article, Doc, EntityLabel};
use crate::error::{Error, IoContext, Result};
use crate::pipeline::Pipeline;

/// One gold sentence of tests/fixtures/actors_gold.jsonl.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldRecord {
    pub id: String,
    pub date: Option<String>,
    pub text: String,
    pub actors: Vec<GoldActor>,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldActor {
    pub text: String,
    /// None: the mention must stay unresolved.
    pub code: Option<String>,
}

/// A gold mention and what dyad gave it.
#[derive(Debug, Clone, Serialize)]
pub struct ActorOutcome {
    pub record: String,
    pub text: String,
    pub gold: Option<String>,
    /// Codes dyad gave the mentions with this text (empty: no mention with this text).
    pub predicted: Vec<Option<String>>,
    pub correct: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct GoldScore {
    pub mentions: usize,
    pub correct: usize,
    pub accuracy: f64,
    pub outcomes: Vec<ActorOutcome>,
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").or_else(|_| NaiveDate::parse_from_str(s, "%Y%m%d")).ok()
}

pub(crate) fn article(id: &str, text: &str, date: Option<NaiveDate>) -> Article {
    let mut a = Article::from_text(id, text);
    a.published = date.and_then(|d| d.and_hms_opt(12, 0, 0)).map(|t| Utc.from_utc_datetime(&t));
    a
}

/// The code a mention shows: its actor code, or "---ROLE" for an agent with no country
/// (PETRARCH's notation; dyad keeps `actor_code` empty there).
fn shown_code(e: &crate::doc::Entity) -> Option<String> {
    e.actor_code.clone().or_else(|| (e.label == EntityLabel::Agent).then(|| e.role.as_ref().map(|r| format!("---{r}"))).flatten())
}

/// Scores the gold file: a mention is correct when some entity with exactly its text
/// carries the gold code (or, for gold null, when every such entity is unresolved).
pub fn score_gold(path: &Path, pipeline: &Pipeline) -> Result<GoldScore> {
    let mut score = GoldScore::default();
    for rec in super::read_jsonl::<GoldRecord>(path)? {
        let date = rec.date.as_deref().and_then(parse_date);
        let doc = pipeline.process(article(&rec.id, &rec.text, date)).map_err(|e| Error::Dataset(format!("{}: {e}", rec.id)))?;
        for g in &rec.actors {
            let predicted: Vec<Option<String>> = doc.entities.iter().filter(|e| e.text == g.text).map(|e| e.actor_code.clone()).collect();
            let correct = match &g.code {
                Some(code) => predicted.iter().any(|p| p.as_deref() == Some(code)),
                None => predicted.iter().all(Option::is_none),
            };
            score.mentions += 1;
            score.correct += usize::from(correct);
            score.outcomes.push(ActorOutcome { record: rec.id.clone(), text: g.text.clone(), gold: g.code.clone(), predicted, correct });
        }
    }
    score.accuracy = score.correct as f64 / score.mentions.max(1) as f64;
    Ok(score)
}

/// One coded record of PETR.UnitTest.records.xml.
#[derive(Debug, Clone, Default)]
pub struct PetrRecord {
    pub id: String,
    pub date: Option<NaiveDate>,
    pub text: String,
    /// (source, target) codes of each gold event.
    pub codings: Vec<(String, String)>,
    /// (source, target, CAMEO event code) of each gold event.
    pub events: Vec<(String, String, String)>,
    /// The record's category (DEMO, AGENT, COMPOUND, ...).
    pub category: String,
    /// The record says no event should be coded (`noevents="True"`).
    pub no_events: bool,
}

/// The records and the dictionary files their `<Environment>` names.
pub struct PetrSuite {
    pub records: Vec<PetrRecord>,
    pub actor_file: Option<PathBuf>,
    pub agent_file: Option<PathBuf>,
    pub verb_file: Option<PathBuf>,
    pub discard_file: Option<PathBuf>,
}

pub fn read_petr_records(path: &Path) -> Result<PetrSuite> {
    let xml = std::fs::read_to_string(path).at(path)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut suite = PetrSuite { records: Vec::new(), actor_file: None, agent_file: None, verb_file: None, discard_file: None };
    let mut current: Option<PetrRecord> = None;
    let mut element = String::new();
    loop {
        let event = reader.read_event().map_err(|e| Error::Dataset(format!("{}: byte {}: {e}", path.display(), reader.buffer_position())))?;
        match event {
            XmlEvent::Start(e) | XmlEvent::Empty(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let attr = |key: &str| e.attributes().flatten().find(|a| a.key.as_ref() == key.as_bytes()).map(|a| String::from_utf8_lossy(&a.value).into_owned());
                match name.as_str() {
                    "Sentence" => {
                        current = Some(PetrRecord {
                            id: attr("id").unwrap_or_default(),
                            date: attr("date").as_deref().and_then(parse_date),
                            category: attr("category").unwrap_or_default(),
                            ..PetrRecord::default()
                        })
                    }
                    "EventCoding" => {
                        if let Some(rec) = current.as_mut() {
                            if attr("noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                                rec.no_events = true;
                            }
                            if let (Some(s), Some(t)) = (attr("sourcecode"), attr("targetcode")) {
                                rec.events.push((s.clone(), t.clone(), attr("eventcode").unwrap_or_default()));
                                rec.codings.push((s, t));
                            }
                        }
                    }
                    _ => {}
                }
                element = name;
            }
            XmlEvent::Text(t) => {
                let value = String::from_utf8_lossy(t.as_ref()).trim().to_string();
                match element.as_str() {
                    "Text" => {
                        if let Some(rec) = current.as_mut() {
                            rec.text = value.split_whitespace().collect::<Vec<_>>().join(" ");
                        }
                    }
                    "Actorfile" => suite.actor_file = Some(dir.join(value)),
                    "Agentfile" => suite.agent_file = Some(dir.join(value)),
                    "Verbfile" => suite.verb_file = Some(dir.join(value)),
                    "Discardfile" => suite.discard_file = Some(dir.join(value)),
                    _ => {}
                }
            }
            XmlEvent::End(e) => {
                if e.name().as_ref() == b"Sentence" {
                    suite.records.extend(current.take().filter(|r| (!r.codings.is_empty() || r.no_events) && !r.text.is_empty()));
                }
                element.clear();
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    Ok(suite)
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PetrScore {
    pub records: usize,
    pub codings: usize,
    /// Gold source codes found among the sentence's resolved actors.
    pub sources_found: usize,
    pub targets_found: usize,
    /// Codings whose source and target were both found.
    pub both_found: usize,
    /// Ids of records with a coding whose actors were not both found.
    pub missed: Vec<String>,
}

/// Counts how many gold source and target codes appear among the codes dyad resolves in
/// each record's sentence (event assignment is the event coder's job, not scored here).
pub fn score_petr(suite: &PetrSuite, pipeline: &Pipeline) -> Result<PetrScore> {
    let with_codings = || suite.records.iter().filter(|r| !r.codings.is_empty());
    let mut score = PetrScore { records: with_codings().count(), ..PetrScore::default() };
    for rec in with_codings() {
        let doc: Doc = pipeline.process(article(&rec.id, &rec.text, rec.date)).map_err(|e| Error::Dataset(format!("{}: {e}", rec.id)))?;
        let codes: BTreeSet<String> = doc.entities.iter().filter_map(shown_code).collect();
        let mut all = true;
        for (s, t) in &rec.codings {
            score.codings += 1;
            let (sf, tf) = (codes.contains(s), codes.contains(t));
            score.sources_found += usize::from(sf);
            score.targets_found += usize::from(tf);
            score.both_found += usize::from(sf && tf);
            all &= sf && tf;
        }
        if !all {
            score.missed.push(rec.id.clone());
        }
    }
    Ok(score)
}
