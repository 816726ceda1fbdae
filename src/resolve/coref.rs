//! Within-article aliases, resolved after the dictionaries and agents: a later mention
//! that no dictionary lists takes the actor of an earlier one when it is
//!
//! - an acronym defined in parentheses after it ("US Cyber Command (USCYBERCOM)");
//! - the same name, or a person's surname ("Shekarchi" after "Abolfazl Shekarchi");
//! - a definite description whose noun the earlier mention carries in its name or title
//!   ("the president" after "President Trump", "the agency" after "... Security Agency").

use std::collections::HashMap;

use crate::doc::{AnnotationSource, Doc, Entity, EntityLabel};
use crate::resolve::dictionary::normalize_token;

/// Nouns of definite descriptions that refer back to a named actor.
const DESCRIPTION_NOUNS: &[&str] = &[
    "president", "minister", "premier", "chancellor", "leader", "general", "spokesman", "spokeswoman", "spokesperson", "agency", "company",
    "firm", "group", "ministry", "department", "command", "army", "government", "administration", "militia", "organization", "organisation",
];

/// How many earlier mentions a definite description looks back over.
const ANTECEDENT_WINDOW: usize = 60;

fn copy_actor(from: &Entity, to: &mut Entity) {
    to.actor_code = from.actor_code.clone();
    to.actor_name = from.actor_name.clone();
    to.country = from.country.clone().or(to.country.take());
    to.role = from.role.clone();
    to.actor_source = from.actor_source.clone();
    to.actor_date_basis = from.actor_date_basis.clone();
}

fn resolvable(e: &Entity) -> bool {
    matches!(e.label, EntityLabel::Person | EntityLabel::Org | EntityLabel::Gpe | EntityLabel::Norp)
}

/// Links later mentions to earlier resolved ones (entities must be in text order).
pub fn link(doc: &mut Doc) {
    let text = doc.article.text.as_str();
    // Acronyms defined in parentheses right after a resolved mention.
    let mut aliases: HashMap<String, usize> = HashMap::new();
    for (k, e) in doc.entities.iter().enumerate() {
        if e.actor_code.is_none() {
            continue;
        }
        let after = doc.tokens.partition_point(|t| t.span.start_byte < e.span.end_byte);
        let word = |i: usize| doc.tokens.get(i).map(|t| t.span.slice(text));
        if let (Some("("), Some(acronym), Some(")")) = (word(after), word(after + 1), word(after + 2)) {
            if acronym.len() >= 2 && acronym.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) && acronym.chars().any(|c| c.is_ascii_uppercase()) {
                aliases.entry(normalize_token(acronym)).or_insert(k);
            }
        }
    }
    // Names, surnames and acronyms of unresolved mentions: one pass in text order with
    // the latest resolved mention of each name and surname.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut by_surname: HashMap<String, usize> = HashMap::new();
    for k in 0..doc.entities.len() {
        if !resolvable(&doc.entities[k]) {
            continue;
        }
        let key = normalize_token(&doc.entities[k].text);
        let last = doc.entities[k].text.split_whitespace().last().map(normalize_token).unwrap_or_default();
        let is_person = doc.entities[k].label == EntityLabel::Person;
        if doc.entities[k].actor_code.is_none() {
            let single_word = !doc.entities[k].text.contains(' ');
            let antecedent = aliases
                .get(&key)
                .copied()
                .filter(|&a| a < k)
                .or_else(|| by_name.get(&key).copied())
                .or_else(|| if is_person && single_word { by_surname.get(&last).copied() } else { None });
            if let Some(a) = antecedent {
                let from = doc.entities[a].clone();
                copy_actor(&from, &mut doc.entities[k]);
            }
        }
        if doc.entities[k].actor_code.is_some() {
            by_name.insert(key, k);
            if is_person {
                by_surname.insert(last, k);
            }
        }
    }
    // Definite descriptions: "the <noun>" outside names.
    let mut added = Vec::new();
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let toks = &doc.tokens[sentence.tokens.clone()];
        for i in 0..toks.len().saturating_sub(1) {
            let (det, noun) = (toks[i].span.slice(text), toks[i + 1].span.slice(text));
            if !matches!(det, "the" | "The") || !DESCRIPTION_NOUNS.contains(&noun) {
                continue;
            }
            let span = toks[i].span.cover(&toks[i + 1].span);
            // Inside a name ("the Iranian army" is an agent, "The Army of X" a name).
            let near = doc.entities.partition_point(|e| e.sentence_index < si);
            let inside_name = doc.entities[near..].iter().take_while(|e| e.sentence_index == si).any(|e| e.label != EntityLabel::Agent && e.span.start_byte <= toks[i + 1].span.start_byte && toks[i + 1].span.end_byte <= e.span.end_byte);
            if inside_name {
                continue;
            }
            // The most recent of the last few resolved names before it.
            let before = span.start_byte;
            let upto = doc.entities.partition_point(|e| e.span.start_byte < before);
            let antecedent = doc.entities[..upto].iter().rev().take(ANTECEDENT_WINDOW).filter(|e| e.span.end_byte <= before && e.actor_code.is_some() && resolvable(e)).find(|e| {
                let title_start = doc.tokens.partition_point(|t| t.span.end_byte <= e.span.start_byte);
                let title = title_start.checked_sub(1).and_then(|t| doc.tokens.get(t)).map(|t| t.span.slice(text).to_lowercase());
                e.text.to_lowercase().split_whitespace().any(|w| w == noun) || title.as_deref() == Some(noun)
            });
            let Some(antecedent) = antecedent.cloned() else { continue };
            // An agent phrase already there ("the president" as an agent) takes the
            // antecedent's actor; otherwise the description becomes a mention.
            let near = doc.entities.partition_point(|e| e.sentence_index < si);
            if let Some(agent) = doc.entities[near..].iter_mut().take_while(|e| e.sentence_index == si).find(|e| e.label == EntityLabel::Agent && e.span.start_byte <= toks[i + 1].span.start_byte && toks[i + 1].span.end_byte <= e.span.end_byte && e.span.end_byte <= span.end_byte) {
                copy_actor(&antecedent, agent);
                continue;
            }
            let mut e = Entity::new(span, si, span.slice(text), EntityLabel::Agent, 1.0, AnnotationSource::Pattern);
            copy_actor(&antecedent, &mut e);
            added.push(e);
        }
    }
    doc.entities.extend(added);
    crate::resolve::sort_entities(&mut doc.entities);
}
