//! The resolve stage: CAMEO actor codes for the entities and agent phrases of an article.
//!
//! - [`dictionary`]: actor and agent dictionaries in dyad's format; [`petrarch`]: the
//!   PETRARCH2/TABARI importer. The shipped ones are in models/actors/ (see
//!   [`crate::models::actor_dictionaries`]); users add theirs with `--actors FILE`.
//! - [`matcher`]: a token automaton finding every listed phrase in a sentence.
//! - [`agents`]: agent phrases ("Iranian hackers", "US officials") and their countries.
//! - [`coref`]: within-article aliases (surnames, acronyms defined in parentheses,
//!   "the president", "the agency").
//!
//! Codes depend on the article's publication date (a head of government is GOV only in
//! office); with no date the latest code is used and `actor_date_basis` says "latest".
//! A name no dictionary lists keeps its label and text with `actor_code` empty.

pub mod agents;
pub mod coref;
pub mod dictionary;
pub mod matcher;
pub mod petrarch;

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::doc::{AnnotationSource, Doc, Entity, EntityLabel};
use crate::error::{Error, Result};
use crate::pipeline::{Stage, StageError};
use dictionary::{normalize_token, Actor, ActorDictionary};
use matcher::{PhraseMatch, PhraseMatcher, Target};

/// Three-letter CAMEO codes that are not countries (regions, sectors, international
/// actor types): their first three letters are a role, not a country.
const NON_COUNTRY_PREFIXES: &[&str] = &[
    "IGO", "NGO", "NGM", "MNC", "UAF", "UIS", "IMG", "REB", "SPY", "MIL", "GOV", "CVL", "BUS", "MED", "JUD", "LEG", "OPP", "PTY", "REF", "EDU",
    "HLH", "ELI", "CRM", "AGR", "LAB", "DEV", "HRI", "INS", "MOD", "RAD", "SEP", "REL", "ENV", "COP", "AFR", "ASA", "BLK", "CAS", "CAU", "CFR",
    "EAF", "EEU", "EIN", "EUR", "LAM", "MEA", "NAF", "NAM", "PGS", "SAM", "SAS", "SEA", "SAF", "WAF", "WST", "CRB", "BAL", "SCN", "MDT",
];

/// The resolved actor of a mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    pub code: String,
    pub name: String,
    pub source: String,
    /// The code was chosen for the publication date (false: no date, latest code).
    pub dated: bool,
}

pub struct Resolver {
    dict: ActorDictionary,
    matcher: PhraseMatcher,
    version: String,
}

impl Resolver {
    /// The shipped dictionaries plus the user's files (later files win on the same phrase).
    pub fn new(user_files: &[PathBuf]) -> Result<Resolver> {
        let mut dict = crate::models::actor_dictionaries().map_err(|e| Error::Dataset(format!("shipped actor dictionary: {e}")))?;
        let mut version = crate::models::actor_dictionaries_version();
        for path in user_files {
            let user = ActorDictionary::load(path).map_err(|e| Error::Dataset(e.to_string()))?;
            version.push_str(&crate::models::user_file_tag(path));
            dict.extend(user);
        }
        Ok(Resolver::from_dictionary(dict, version))
    }

    pub fn from_dictionary(dict: ActorDictionary, version: String) -> Resolver {
        let matcher = PhraseMatcher::new(&dict);
        Resolver { dict, matcher, version }
    }

    pub fn dictionary(&self) -> &ActorDictionary {
        &self.dict
    }

    fn actor(&self, target: Target) -> Option<&Actor> {
        match target {
            Target::Actor(i) => self.dict.actors.get(i as usize),
            Target::Agent(_) => None,
        }
    }

    /// The resolution of an actor on `date`.
    fn resolve_actor(&self, actor: &Actor, date: Option<NaiveDate>) -> Option<Resolution> {
        let (code, dated) = actor.code_on(date)?;
        Some(Resolution { code: code.to_string(), name: actor.name.clone(), source: actor.source.clone(), dated })
    }

    /// Resolves every entity and agent phrase of `doc` in place.
    pub fn resolve(&self, doc: &mut Doc) {
        let date = doc.article.published.map(|d| d.date_naive());
        // A field borrow, not doc.text(): the entities are changed while the text is read.
        let text = doc.article.text.as_str();
        let mut added: Vec<Entity> = Vec::new();
        let mut removed = vec![false; doc.entities.len()];
        sort_entities(&mut doc.entities);
        let by_sentence = sentence_ranges(&doc.entities, doc.sentences.len());
        let mut found: Vec<SentenceMatches> = Vec::with_capacity(doc.sentences.len());
        for (si, sentence) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[sentence.tokens.clone()];
            let words = sentence_words(toks, text);
            let normalized: Vec<String> = words.iter().map(|w| normalize_token(w)).collect();
            let matches = self.matcher.find_all(&self.matcher.ids(&normalized));
            // Token ranges (within the sentence) of this sentence's entities.
            let ranges: Vec<(usize, (usize, usize))> = by_sentence[si].clone().map(|k| (k, doc.entities[k].token_range(toks))).collect();
            for &(k, (a, b)) in &ranges {
                let e = &mut doc.entities[k];
                if matches!(e.label, EntityLabel::Weapon | EntityLabel::Agent) || a >= b {
                    continue;
                }
                if let Some(r) = self.entity_actor(&matches, a, b, &words).and_then(|actor| self.resolve_actor(actor, date)) {
                    // A listed organisation the tagger called MISC ("Saudi Aramco", "Taliban").
                    if e.label == EntityLabel::Misc && !is_country_code(&r.code) {
                        e.label = EntityLabel::Org;
                    }
                    apply(e, &r);
                }
            }
            // Listed actors the tagger missed or cut: capitalised phrases outside every
            // entity, or (two words or more) covering whole entities, which they replace
            // ("Cybersecurity and Infrastructure Security Agency" tagged as two).
            let mut taken: Vec<(usize, usize)> = Vec::new();
            for m in matches.iter().filter(|m| matches!(m.target, Target::Actor(_))) {
                let overlapping: Vec<(usize, usize, usize)> = ranges.iter().filter(|(_, (a, b))| m.start < *b && *a < m.end).map(|&(k, (a, b))| (k, a, b)).collect();
                // Replacing needs the phrase to end inside a name the tagger found
                // ("... Security Agency"): "US President" before "Trump" is a title.
                let ends_in_name = overlapping.iter().any(|&(_, _, b)| b == m.end);
                // Or the name starts with a country the tagger split off ("US" + "Cyber
                // Command"), unless what follows is a title ("US President").
                let country_prefix = !overlapping.is_empty()
                    && !agents::is_person_title(words[m.end - 1])
                    && overlapping.iter().all(|&(k, a, b)| {
                        let e = &doc.entities[k];
                        a == m.start && b < m.end && matches!(e.label, EntityLabel::Gpe | EntityLabel::Norp) && e.actor_code.as_deref().is_some_and(is_country_code)
                    });
                // A name that resolved on its own is replaced only by a listed name that
                // goes on after it ("United Nations" + "General Assembly"): "Trump" stays
                // "Trump" although "President Trump" is listed.
                let replaces = m.end - m.start >= 2
                    && (ends_in_name || country_prefix)
                    && overlapping.iter().all(|&(k, a, b)| {
                        let e = &doc.entities[k];
                        m.start <= a && b <= m.end && b - a < m.end - m.start && e.label != EntityLabel::Weapon && (e.actor_code.is_none() || b < m.end)
                    });
                if !(overlapping.is_empty() || replaces) || taken.iter().any(|(s, t)| m.start < *t && *s < m.end) || !looks_like_name(&words[m.start..m.end]) {
                    continue;
                }
                let Some(actor) = self.actor(m.target) else { continue };
                let Some(r) = self.resolve_actor(actor, date) else { continue };
                // A listed "the White House" is the mention "White House", a listed
                // "Crown Prince Mohammed bin Salman" the person "Mohammed bin Salman".
                let mut first = m.start;
                if m.end - first >= 2 && normalized[first] == "the" {
                    first += 1;
                }
                while m.end - first >= 3 && agents::is_person_title(words[first]) {
                    first += 1;
                }
                let span = toks[first].span.cover(&toks[m.end - 1].span);
                let label = if is_country_code(&r.code) { EntityLabel::Gpe } else if actor_is_person(actor) { EntityLabel::Person } else { EntityLabel::Org };
                let mut e = Entity::new(span, si, span.slice(text), label, 1.0, AnnotationSource::Dictionary);
                apply(&mut e, &r);
                taken.push((m.start, m.end));
                for (k, _, _) in overlapping {
                    removed[k] = true;
                }
                added.push(e);
            }
            found.push(SentenceMatches { normalized, matches });
        }
        let mut k = 0;
        doc.entities.retain(|_| {
            k += 1;
            !removed[k - 1]
        });
        doc.entities.extend(added);
        sort_entities(&mut doc.entities);
        agents::resolve_agents(self, doc, &found);
        coref::link(doc);
    }

    /// The actor an entity (tokens `a..b` of its sentence) names: a listed phrase covering
    /// it exactly, or covering it after leading titles and articles ("President Trump",
    /// "the United States"). A listed phrase inside a longer name is not enough
    /// ("Saudi" in "Saudi Aramco" does not make the company a country).
    fn entity_actor(&self, matches: &[PhraseMatch], a: usize, b: usize, words: &[&str]) -> Option<&Actor> {
        matches
            .iter()
            .filter(|m| matches!(m.target, Target::Actor(_)) && m.end == b && m.start >= a)
            .filter(|m| words[a..m.start].iter().all(|w| agents::is_title_or_article(w)))
            .min_by_key(|m| m.start)
            .and_then(|m| self.actor(m.target))
    }
}

/// Whether a dictionary actor is a person: its codes carry a person-like role only via
/// the name, so look at the phrase: two or three capitalised words with no
/// organisation word.
fn actor_is_person(actor: &Actor) -> bool {
    const ORG_WORDS: &[&str] = &["agency", "command", "department", "ministry", "company", "group", "corps", "army", "council", "party", "bank", "force", "forces", "news", "press", "university", "organization", "union", "front", "movement", "brigade", "brigades", "committee", "office", "service", "services", "security", "state", "kitten", "bear", "typhoon", "team"];
    let words = actor.name.split_whitespace().count();
    (2..=3).contains(&words) && !actor.name.split_whitespace().any(|w| ORG_WORDS.contains(&w.to_lowercase().as_str()) || w.chars().all(|c| c.is_ascii_uppercase()))
}

/// Sets an entity's actor code with the country and role it carries (a code without a
/// country keeps the entity's gazetteer country).
pub fn set_code(e: &mut Entity, code: String) {
    let (country, role) = split_code(&code);
    if country.is_some() {
        e.country = country;
    }
    e.role = role;
    e.actor_code = Some(code);
}

/// Sets the actor fields of an entity from a resolution.
pub fn apply(e: &mut Entity, r: &Resolution) {
    set_code(e, r.code.clone());
    e.actor_name = Some(r.name.clone());
    e.actor_source = Some(r.source.clone());
    e.actor_date_basis = Some(if r.dated { "published" } else { "latest" }.to_string());
}

/// Whether a code is a bare country code ("IRN").
pub fn is_country_code(code: &str) -> bool {
    code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) && !NON_COUNTRY_PREFIXES.contains(&code)
}

/// Country (ISO 3166-1 alpha-3) and role of a CAMEO code: "IRNMIL" → (IRN, MIL);
/// "IGOUNO" → (none, IGOUNO); "IRN" → (IRN, none).
pub fn split_code(code: &str) -> (Option<String>, Option<String>) {
    match code.get(..3) {
        Some(prefix) if is_country_code(prefix) => {
            let role = &code[3..];
            (Some(prefix.to_string()), (!role.is_empty()).then(|| role.to_string()))
        }
        _ => (None, (!code.is_empty()).then(|| code.to_string())),
    }
}

/// Lowercase words that may join the capitalised words of a name.
const NAME_CONNECTORS: &[&str] = &["of", "the", "for", "and", "de", "al", "-", "'s", "bin", "ibn", "bint", "el", "van", "von", "der", "den", "da", "di", "du", "del", "la", "le", "y"];

/// Capitalised words (short function words allowed inside): a name, not a common phrase.
fn looks_like_name(words: &[&str]) -> bool {
    let cap = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    words.first().is_some_and(cap) && words.last().is_some_and(cap) && words.iter().all(|w| cap(w) || NAME_CONNECTORS.contains(w))
}

/// A sentence's words as the matcher sees them, and the dictionary phrases found there
/// (computed once, used by the name and the agent passes).
pub(crate) struct SentenceMatches {
    pub normalized: Vec<String>,
    pub matches: Vec<PhraseMatch>,
}

/// The words of a sentence's tokens.
pub(crate) fn sentence_words<'t>(toks: &[crate::doc::Token], text: &'t str) -> Vec<&'t str> {
    toks.iter().map(|t| t.span.slice(text)).collect()
}

/// Entities in text order: by sentence, start, longest first.
pub(crate) fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by_key(|e| (e.sentence_index, e.span.start_byte, std::cmp::Reverse(e.span.end_byte)));
}

/// For sorted entities, the index range of each sentence's entities.
pub(crate) fn sentence_ranges(entities: &[Entity], sentences: usize) -> Vec<std::ops::Range<usize>> {
    (0..sentences).map(|si| sentence_range(entities, si)).collect()
}

/// For sorted entities, the index range of sentence `si`'s entities (a binary search: a
/// scan per sentence would be quadratic in a huge article).
pub(crate) fn sentence_range(entities: &[Entity], si: usize) -> std::ops::Range<usize> {
    entities.partition_point(|e| e.sentence_index < si)..entities.partition_point(|e| e.sentence_index <= si)
}

impl Stage for Resolver {
    fn name(&self) -> &'static str {
        "resolve"
    }

    fn version(&self) -> String {
        self.version.clone()
    }

    fn process(&self, doc: &mut Doc) -> std::result::Result<(), StageError> {
        self.resolve(doc);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_into_country_and_role() {
        assert_eq!(split_code("IRNMIL"), (Some("IRN".into()), Some("MIL".into())));
        assert_eq!(split_code("USA"), (Some("USA".into()), None));
        assert_eq!(split_code("IGOUNO"), (None, Some("IGOUNO".into())));
        assert!(!is_country_code("IGO") && is_country_code("IRQ"));
    }

    #[test]
    fn names_are_capitalised() {
        assert!(looks_like_name(&["Department", "of", "Homeland", "Security"]));
        assert!(!looks_like_name(&["the", "army"]));
        assert!(!looks_like_name(&["Security", "of"]));
    }
}
