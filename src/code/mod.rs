//! The code stage: event triples (source — action — target, with instrument, place, date
//! and modality) from the parsed, tagged and resolved sentences.
//!
//! - [`verbs`]: the verb and event-noun dictionary (dyad's TSV), [`petrarch`] its importer
//!   from PETRARCH2; the shipped files are in models/events/, loaded by [`crate::models`].
//! - [`patterns`]: PETRARCH-style patterns matched over the dependency parse.
//! - [`arguments`]: who is the source and the target, with what, where.
//! - [`modality`]: negation, modality and attribution; [`dates`]: when.
//! - [`codebook`]: CAMEO names, Goldstein scores, the PLOVER crosswalk.
//!
//! The stage needs the syntax stage: without a parse no event is coded.

pub mod arguments;
pub mod codebook;
pub mod dates;
pub mod discards;
pub mod modality;
pub mod patterns;
pub mod petrarch;
pub mod sentence;
pub mod verbs;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::doc::{DatePrecision, Doc, Event, EventArgument, Modality, WeaponClass};
use crate::error::{Error, Result};
use crate::pipeline::{Stage, StageError};
use arguments::Arg;
use codebook::Codebook;
use discards::Discards;
use sentence::SentenceView;
use verbs::{Trigger, VerbDictionary};

/// Words that make an attack a cyber operation ("cyber attack", "digital strikes").
const CYBER_MODIFIERS: &[&str] = &["cyber", "digital", "online", "computer", "internet", "network", "electronic", "cyberspace", "hacking", "malware", "ransomware"];
/// Actors whose attacks are cyber operations (also any named "Cyber ...": US Cyber Command).
const CYBER_ACTORS: &[&str] = &["hacker", "hackers", "hacking", "cybercriminals", "cybercriminal"];

pub struct Coder {
    verbs: VerbDictionary,
    codebook: Codebook,
    discards: Discards,
    version: String,
}

/// A trigger found at a token: the dictionary entry and the tokens it spans.
struct Found<'v> {
    trigger: &'v Trigger,
    /// Tokens of the trigger phrase other than the head (particles, "wire" in wire tap).
    extra: Vec<usize>,
}

impl Coder {
    /// The shipped dictionaries plus the user's verb files (`--verbs`; dyad TSV or
    /// PETRARCH format).
    pub fn new(user_verbs: &[PathBuf]) -> Result<Coder> {
        let mut verbs = crate::models::event_verbs().map_err(|e| Error::Dataset(format!("shipped verb dictionary: {e}")))?;
        let mut version = crate::models::event_dictionaries_version();
        for path in user_verbs {
            verbs.extend(VerbDictionary::load(path).map_err(|e| Error::Usage(e.to_string()))?);
            version.push_str(&crate::models::user_file_tag(path));
        }
        Ok(Coder { verbs, codebook: crate::models::event_codebook(), discards: crate::models::event_discards(), version })
    }

    /// A coder over exactly these dictionaries (the PETRARCH validation runs this way).
    pub fn from_parts(verbs: VerbDictionary, discards: Discards, version: String) -> Coder {
        Coder { verbs, codebook: crate::models::event_codebook(), discards, version }
    }

    pub fn verbs(&self) -> &VerbDictionary {
        &self.verbs
    }

    /// The trigger at token `t`, preferring the longest phrase.
    fn trigger_at(&self, s: &SentenceView, t: usize) -> Option<Found<'_>> {
        let noun = match s.upos(t) {
            "VERB" => false,
            "NOUN" => true,
            _ => return None,
        };
        let lemma = s.lemmas[t].as_str();
        let lower = s.lower[t].as_str();
        let mut best: Option<Found> = None;
        // The word as written first: a dictionary may list a form on its own ("LEFT"
        // apart from "LEAVE").
        let mut candidates: Vec<String> = vec![lower.to_string(), lemma.to_string()];
        if let Some(l) = self.verbs.forms.get(lower) {
            candidates.push(l.clone());
        }
        if noun {
            candidates.push(sentence::singular(lower).into_owned());
        } else {
            // The lemmatizer's rules miss some verbs ("blamed" → "blam"): try the stems a
            // regular form can have.
            candidates.extend(sentence::verb_stems(lower));
        }
        for cand in &candidates {
            for tr in self.verbs.triggers_for(cand).filter(|tr| tr.noun == noun) {
                let Some(extra) = phrase_tokens(s, t, tr) else { continue };
                if best.as_ref().is_none_or(|b| extra.len() > b.extra.len()) {
                    best = Some(Found { trigger: tr, extra });
                }
            }
            if best.is_some() {
                break;
            }
        }
        // "will not wire tap the links": the parser made the first word of a two-word
        // verb the verb ("wire") and the listed head its object ("tap").
        if best.is_none() && !noun && t + 1 < s.len() {
            let next = [s.lower[t + 1].as_str(), s.lemmas[t + 1].as_str()];
            for cand in next.iter().copied().chain(sentence::verb_stems(next[0]).iter().map(String::as_str)).collect::<Vec<_>>() {
                if let Some(tr) = self.verbs.triggers_for(cand).find(|tr| !tr.noun && tr.after.is_empty() && tr.before.len() == 1 && patterns::word_matches(s, t, &tr.before[0])) {
                    return Some(Found { trigger: tr, extra: vec![t + 1] });
                }
            }
        }
        best
    }

    /// Codes every sentence of `doc` into `doc.events`.
    pub fn code(&self, doc: &mut Doc) {
        doc.events.clear();
        if doc.sentences.is_empty() {
            return;
        }
        // Sentence views find their entities by binary search.
        crate::resolve::sort_entities(&mut doc.entities);
        let story: Vec<String> = doc.tokens.iter().take(4000).map(|t| sentence::normalize(t.span.slice(doc.text()))).collect();
        let first = doc.sentences.first().map_or(0, |s| s.tokens.len()).min(story.len());
        if self.discards.story_hit(&story) || self.discards.headline_hit(&story[..first]) {
            return;
        }
        let published = doc.article.published.map(|d| d.date_naive());
        let mut events = Vec::new();
        let mut group = 0usize;
        for si in 0..doc.sentences.len() {
            let Some(s) = SentenceView::new(doc, si) else { continue };
            if self.discards.sentence_hit(&s.lower) {
                continue;
            }
            let sentence_text = doc.sentences[si].span.slice(doc.text());
            let dates = dates::find_dates(sentence_text, published);
            self.code_sentence(doc, &s, &dates, &mut events, &mut group);
        }
        mark_duplicates(&mut events);
        doc.events = events;
    }

    /// Whether the event noun at `n` carries the event of the verb above it ("launched
    /// strikes", "called off the retaliation"): then the verb is not coded itself.
    fn carries_event_noun(&self, s: &SentenceView, v: usize) -> bool {
        let light = arguments::LIGHT_VERBS.contains(&s.lemmas[v].as_str()) || modality::is_cancel(s, v);
        light && s.children[v].iter().any(|&o| matches!(s.deprel(o), "obj" | "nsubj:pass") && self.trigger_at(s, o).is_some_and(|f| f.trigger.noun))
    }

    fn code_sentence(&self, doc: &Doc, s: &SentenceView, dates: &[dates::DateMention], events: &mut Vec<Event>, group: &mut usize) {
        let mut consumed: Vec<usize> = Vec::new();
        let mut frames: Vec<arguments::Frame> = Vec::new();
        // Verbs first: a noun that is the object of a coded verb is part of its event.
        let order: Vec<usize> = (0..s.len()).filter(|&t| s.is_verb(t)).chain((0..s.len()).filter(|&t| !s.is_verb(t))).collect();
        // "Sanchez Vicario (Spain) beat Novotna (Czech Republic) 1-6 6-2": a result, not a fight.
        let scores = s.words.iter().any(|w| is_score(w));
        for t in order {
            if s.is_verb(t) && self.carries_event_noun(s, t) {
                continue;
            }
            if scores && SPORT_VERBS.contains(&s.lemmas[t].as_str()) {
                continue;
            }
            if consumed.contains(&t) {
                continue;
            }
            let found = self.trigger_at(s, t);
            let coded = found.and_then(|f| {
                let generic = !f.trigger.noun && f.extra.is_empty() && GENERIC_VERBS.contains(&f.trigger.head.as_str());
                let (coding, slots, from_pattern) = match patterns::best_pattern(s, &self.verbs, &f.trigger.group, t, &f.extra) {
                    Some((p, slots)) => (p.coding.clone(), slots, true),
                    // A verb this general ("take", "found", "died") says nothing on its own.
                    None if generic => return None,
                    None => (f.trigger.coding.clone(), patterns::Slots::default(), false),
                };
                // A generic statement ("said", "told") is not an event unless a pattern
                // says what kind of statement it is.
                if coding.is_null() || (coding.forward.as_deref() == Some("010") && coding.reverse.is_none() && !from_pattern) {
                    return None;
                }
                arguments::frame(doc, s, t, &f.extra, coding, slots, f.trigger.noun, from_pattern)
            });
            // "deployed the Stuxnet virus", "used rockets": using a weapon is an attack.
            let Some(frame) = coded.or_else(|| arguments::weapon_use(doc, s, t)) else { continue };
            consumed.extend(frame.objects.iter().copied());
            frames.push(frame);
        }
        // A verb that cancels another coded act ("rescinded the order to strike") is its
        // negation, not an event of its own.
        // "used drones to strike Armenian tanks": the use is the strike's instrument, not
        // an event of its own.
        let triggers: Vec<usize> = frames.iter().map(|f| f.trigger).collect();
        frames.retain(|f| !(s.lemma_in(f.trigger, &["use", "employ"]) && s.children[f.trigger].iter().any(|&c| matches!(s.base_rel(c), "xcomp" | "advcl") && triggers.contains(&c))));
        let cancellers: Vec<usize> = frames.iter().filter_map(|f| modality::cancelled_by(s, f.trigger)).collect();
        frames.retain(|f| !cancellers.contains(&f.trigger));
        // A coded threat with a target stands for the act it threatens ("threatened to
        // impose tariffs on China" is one THREATEN event, not also a coercion).
        let threats: Vec<usize> = frames.iter().filter(|f| !f.targets.is_empty() && f.coding.forward.as_deref().is_some_and(|c| c.starts_with("13"))).map(|f| f.trigger).collect();
        frames.retain(|f| !modality::governors(s, f.trigger).first().is_some_and(|(h, _)| threats.contains(h)));
        // In text order, so that the first mention of a repeated event is the original.
        frames.sort_by_key(|f| f.trigger);
        for frame in frames {
            self.emit(doc, s, dates, frame, events, group);
        }
    }

    fn emit(&self, doc: &Doc, s: &SentenceView, dates: &[dates::DateMention], frame: arguments::Frame, events: &mut Vec<Event>, group: &mut usize) {
        let t = frame.trigger;
        let negated = modality::negated(s, t);
        let (mut modality, speaker) = modality::modality(s, t);
        // Cyber: the dictionary says so, the trigger or its object is modified by a cyber
        // word ("digital strikes", "engaged in cyber warfare"), the weapon is malware, or
        // the actors are hackers.
        let cyber_modified = |n: usize| s.children[n].iter().any(|&c| matches!(s.base_rel(c), "amod" | "compound") && CYBER_MODIFIERS.contains(&s.lemmas[c].as_str()));
        let cyber_signal = frame.coding.cyber
            || cyber_modified(t)
            || s.children[t].iter().any(|&c| matches!(s.base_rel(c), "obj" | "obl") && cyber_modified(c))
            || frame.instrument.as_ref().is_some_and(|i| i.weapon_class == Some(WeaponClass::Cyber))
            || frame.sources.iter().any(|a| a.text(s).split_whitespace().any(|w| CYBER_ACTORS.contains(&w.to_lowercase().as_str()) || w == "Cyber"));
        // Only an act of force or coercion becomes a cyber operation ("defend against
        // cyber attacks" stays a defence).
        let cyber = cyber_signal && frame.coding.forward.as_deref().or(frame.coding.reverse.as_deref()).is_some_and(|c| frame.coding.cyber || is_force_code(c));
        let reported_by = speaker.map(|sp| {
            let (a, b) = s.phrase(sp);
            s.span(a, b)
        });
        let (event_date, precision, from_published) = self.date_of(doc, s, dates, t);
        let speaker_codes: Vec<String> = speaker.map(|sp| arguments::actor_args(doc, s, sp).iter().filter_map(|x| x.code(doc).map(str::to_string)).collect()).unwrap_or_default();
        let mut pairs: Vec<(Option<&Arg>, Option<&Arg>)> = Vec::new();
        if frame.targets.is_empty() && frame.sources.len() >= 2 {
            // "Gondor and Osgiliath renewed ties": each with the other.
            for a in &frame.sources {
                for b in &frame.sources {
                    if !std::ptr::eq(a, b) {
                        pairs.push((Some(a), Some(b)));
                    }
                }
            }
        } else {
            let sources: Vec<Option<&Arg>> = if frame.sources.is_empty() { vec![None] } else { frame.sources.iter().map(Some).collect() };
            let targets: Vec<Option<&Arg>> = if frame.targets.is_empty() { vec![None] } else { frame.targets.iter().map(Some).collect() };
            for src in &sources {
                for tgt in &targets {
                    pairs.push((*src, *tgt));
                }
            }
        }
        let event_group = (pairs.len() > 1).then(|| {
            *group += 1;
            *group - 1
        });
        for (src, tgt) in pairs {
            for (code, (a, b)) in [(frame.coding.forward.as_deref(), (src, tgt)), (frame.coding.reverse.as_deref(), (tgt, src))] {
                let Some(code) = code else { continue };
                if a.is_none() && b.is_none() {
                    continue;
                }
                if let (Some(x), Some(y)) = (a, b) {
                    if x.entity == y.entity || (x.code(doc).is_some() && x.code(doc) == y.code(doc)) {
                        continue;
                    }
                }
                let mut code = intent_code(s, t, code).unwrap_or_else(|| code.to_string());
                // One-sided events only where the act itself is the news: force, coercion,
                // threats, sanctions, protests, denials ("Iran denies any involvement").
                // At least one side must be a coded actor ("the brand", "a policeman" alone
                // make no event); one-sided events only for acts that are news alone.
                let coded_side = a.is_some_and(|x| x.code(doc).is_some()) || b.is_some_and(|x| x.code(doc).is_some());
                if !coded_side || ((a.is_none() || b.is_none()) && !one_sided_ok(&code)) {
                    continue;
                }
                if cyber && is_force_code(&code) {
                    code = "170".to_string();
                }
                // Said by the actor itself: asserted, not reported by others.
                if modality == Modality::Reported && speaker_codes.iter().any(|c| a.and_then(|x| x.code(doc)) == Some(c.as_str())) {
                    modality = Modality::Asserted;
                }
                let mut ev = self.event(doc, s, &frame, &code, a, b, cyber);
                ev.negated = negated;
                ev.modality = modality;
                ev.reported_by = reported_by.map(|sp| sp.slice(doc.text()).to_string());
                ev.event_date = event_date;
                ev.date_precision = precision;
                ev.date_from_published = from_published;
                ev.event_group = event_group;
                events.push(ev);
            }
        }
        // "X warned that the US would be attacked": the speaker threatens the target.
        if matches!(modality, Modality::Planned | Modality::Threatened) && !negated {
            if let Some(sp) = speaker {
                self.threat(doc, s, &frame, sp, events);
            }
        }
    }

    /// A threat event from a speaker to the target of a violent act they announce.
    fn threat(&self, doc: &Doc, s: &SentenceView, frame: &arguments::Frame, speaker: usize, events: &mut Vec<Event>) {
        let Some(code) = frame.coding.forward.as_deref() else { return };
        if !is_force_code(code) {
            return;
        }
        let speakers = arguments::actor_args(doc, s, speaker);
        for sp in &speakers {
            for tgt in &frame.targets {
                if sp.code(doc).is_none() && tgt.code(doc).is_none() || (sp.code(doc).is_some() && sp.code(doc) == tgt.code(doc)) {
                    continue;
                }
                let mut ev = self.event(doc, s, frame, "138", Some(sp), Some(tgt), false);
                ev.modality = Modality::Asserted;
                ev.confidence *= 0.8;
                events.push(ev);
            }
        }
    }

    /// An event with its codebook fields and arguments.
    #[allow(clippy::too_many_arguments)]
    fn event(&self, doc: &Doc, s: &SentenceView, frame: &arguments::Frame, code: &str, src: Option<&Arg>, tgt: Option<&Arg>, cyber: bool) -> Event {
        let root = code.get(..2).unwrap_or(code).to_string();
        let (mut plover_type, mut plover_mode) = match self.codebook.plover(code) {
            Some((t, m)) => (Some(t.to_string()), m.map(str::to_string)),
            None => (None, None),
        };
        if cyber {
            plover_type = Some("COERCE".into());
            plover_mode = Some("cyber".into());
        }
        let mut source = src.map(|x| x.to_argument(doc, s));
        // Sanctions and embargoes (163) are imposed by governments: a bare country as
        // their source is its government ("the US would announce new sanctions" → USAGOV).
        if code == "163" {
            if let Some(arg) = source.as_mut().filter(|a| a.actor_code.as_deref().is_some_and(crate::resolve::is_country_code)) {
                arg.actor_code = arg.actor_code.take().map(|c| format!("{c}GOV"));
                arg.role = Some("GOV".into());
            }
        }
        let (a, b) = frame.action;
        let action_span = s.span(a, b);
        let mut evidence = action_span;
        for arg in [src, tgt, frame.instrument.as_ref()].into_iter().flatten() {
            evidence = evidence.cover(&arg.span(s));
        }
        let confidence = match (src.is_some_and(|x| x.code(doc).is_some()), tgt.is_some_and(|x| x.code(doc).is_some())) {
            (true, true) => 0.9,
            (true, false) | (false, true) => 0.6,
            _ => 0.4,
        } * if frame.from_pattern { 1.0 } else { 0.9 };
        Event {
            sentence_index: s.index,
            evidence,
            source,
            action: EventArgument { span: action_span, text: action_span.slice(doc.text()).to_string(), entity_index: None, actor_code: None, country: None, role: None, weapon_class: None },
            target: tgt.map(|x| x.to_argument(doc, s)),
            instrument: frame.instrument.as_ref().map(|x| x.to_argument(doc, s)),
            cameo_code: Some(code.to_string()),
            quad_class: codebook::quad_class(&root),
            cameo_root: Some(root),
            goldstein: self.codebook.goldstein(code),
            plover_type,
            plover_mode,
            cyber,
            negated: false,
            modality: Modality::Asserted,
            reported_by: None,
            event_date: None,
            date_precision: None,
            date_from_published: false,
            location: frame.location.as_ref().map(|x| x.to_argument(doc, s)),
            event_group: None,
            duplicate_of: None,
            confidence,
        }
    }

    /// The date of the act at `t`: a date expression in its clause, else the nearest in
    /// the sentence, else the publication date (flagged).
    fn date_of(&self, doc: &Doc, s: &SentenceView, dates: &[dates::DateMention], t: usize) -> (Option<chrono::NaiveDate>, Option<DatePrecision>, bool) {
        let base = doc.sentences[s.index].span.start_byte;
        let clause = if s.is_verb(t) { t } else { s.ancestors(t).find(|&a| s.is_verb(a)).unwrap_or(t) };
        let in_clause = s.subtree_where(clause, &|r| matches!(r.split_once(':').map_or(r, |(a, _)| a), "conj" | "parataxis" | "ccomp" | "advcl" | "acl"));
        let tokens_of = |d: &dates::DateMention| (0..s.len()).filter(|&k| s.tokens[k].span.start_byte < base + d.end && base + d.start < s.tokens[k].span.end_byte).collect::<Vec<_>>();
        let trigger_byte = s.tokens[t].span.start_byte;
        // First a date that modifies the act itself ("In 2010, the US deployed", "last
        // week's attacks"), then one elsewhere in its clause, then the nearest.
        let pick = dates
            .iter()
            .find(|d| tokens_of(d).iter().any(|&k| s.heads[k] == Some(t) || s.heads[k] == Some(clause)))
            .or_else(|| dates.iter().find(|d| tokens_of(d).iter().any(|k| in_clause.contains(k))))
            .or_else(|| dates.iter().min_by_key(|d| (base + d.start).abs_diff(trigger_byte)));
        match pick {
            Some(d) => (Some(d.date), Some(d.precision), false),
            None => match doc.article.published {
                Some(p) => (Some(p.date_naive()), Some(DatePrecision::Day), true),
                None => (None, None, false),
            },
        }
    }
}

/// Verbs too general to code without a pattern saying what they mean here: CAMEO.2.0
/// gives "take" 171 (seize), "find" 060, "die" 190, which on news text are mostly "take
/// part", "found that", "died in hospital".
const GENERIC_VERBS: &[&str] = &["take", "make", "get", "go", "come", "give", "put", "set", "have", "find", "found", "keep", "see", "run", "turn", "bring", "show", "do", "use", "play", "look", "die", "want", "send", "prepare", "start", "hit", "call", "name"];

/// Verbs of sports results, not coded in a sentence with a score.
const SPORT_VERBS: &[&str] = &["beat", "defeat", "thrash", "edge", "rout", "overcome", "outplay", "draw", "lose", "win", "down", "crush", "hammer", "upset", "eliminate", "knock", "shoot", "score"];

/// A score such as "6-2", "15-7", "2-1" (not a year range or a date).
fn is_score(w: &str) -> bool {
    let Some((a, b)) = w.split_once(['-', '–']) else { return false };
    let small = |x: &str| !x.is_empty() && x.len() <= 2 && x.chars().all(|c| c.is_ascii_digit());
    small(a) && small(b.trim_end_matches(|c: char| !c.is_ascii_digit()))
}

/// Verbs of intent: cooperation they govern is an intent to cooperate (CAMEO 03).
const INTENT_VERBS: &[&str] = &["agree", "promise", "pledge", "vow", "offer", "decide", "intend", "plan"];

/// "agreed to restore relations": a cooperative act (roots 04–08) under a verb of intent
/// becomes CAMEO's matching intent code (036 meet, 032 diplomatic, 031 material, 033 aid,
/// 035 yield), as PETRARCH2 combines them.
fn intent_code(s: &SentenceView, t: usize, code: &str) -> Option<String> {
    let (h, below) = *modality::governors(s, t).first()?;
    let complement = s.base_rel(below) == "xcomp" || (s.base_rel(below) == "advcl" && s.children[below].iter().any(|&m| s.lemmas[m] == "to"));
    if !(s.lemma_in(h, INTENT_VERBS) && complement) {
        return None;
    }
    let intent = match code.get(..2)? {
        "04" => "036",
        "05" => "032",
        "06" => "031",
        "07" => "033",
        "08" => "035",
        _ => return None,
    };
    Some(intent.to_string())
}

/// Codes an event may carry with only a source or only a target.
fn one_sided_ok(code: &str) -> bool {
    let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    (13..=20).contains(&root) || code == "016"
}

/// Codes of force and coercion a cyber operation replaces with 170 (CAMEO's coerce),
/// keeping legal actions (arrest 173, deport 174) and non-violent codes.
fn is_force_code(code: &str) -> bool {
    let root: u8 = code.get(..2).and_then(|r| r.parse().ok()).unwrap_or(0);
    matches!(root, 15 | 18 | 19 | 20) || (root == 17 && !matches!(code, "173" | "174"))
}

/// The words of the trigger phrase around head `t`, or None when they are not there.
fn phrase_tokens(s: &SentenceView, t: usize, tr: &Trigger) -> Option<Vec<usize>> {
    let mut extra = Vec::new();
    // Words before the head must come right before it ("wire tap", "cyber attack").
    for (k, w) in tr.before.iter().rev().enumerate() {
        let i = t.checked_sub(k + 1)?;
        if !patterns::word_matches(s, i, w) {
            return None;
        }
        extra.push(i);
    }
    // Particles: a compound:prt child, or the words right after ("cordoned off").
    let mut next = t + 1;
    for w in &tr.after {
        if let Some(p) = s.children[t].iter().copied().find(|&c| !extra.contains(&c) && patterns::word_matches(s, c, w) && matches!(s.base_rel(c), "compound" | "advmod" | "obl" | "case" | "obj")) {
            extra.push(p);
            next = next.max(p + 1);
        } else if next < s.len() && patterns::word_matches(s, next, w) {
            extra.push(next);
            next += 1;
        } else {
            return None;
        }
    }
    Some(extra)
}

/// Marks each event that repeats an earlier one of the article (same date, source code,
/// target code and CAMEO code): PETRARCH's one-a-story key, kept as a column.
fn mark_duplicates(events: &mut [Event]) {
    /// Date, source code, target code, CAMEO code.
    type StoryKey = (Option<chrono::NaiveDate>, Option<String>, Option<String>, Option<String>);
    let mut first: HashMap<StoryKey, usize> = HashMap::new();
    for (i, e) in events.iter_mut().enumerate() {
        let code = |a: &Option<EventArgument>| a.as_ref().and_then(|x| x.actor_code.clone());
        let key = (e.event_date, code(&e.source), code(&e.target), e.cameo_code.clone());
        if key.1.is_none() && key.2.is_none() {
            continue;
        }
        match first.get(&key) {
            Some(&j) => e.duplicate_of = Some(j),
            None => {
                first.insert(key, i);
            }
        }
    }
}

impl Stage for Coder {
    fn name(&self) -> &'static str {
        "code"
    }

    fn version(&self) -> String {
        self.version.clone()
    }

    fn process(&self, doc: &mut Doc) -> std::result::Result<(), StageError> {
        self.code(doc);
        Ok(())
    }
}
