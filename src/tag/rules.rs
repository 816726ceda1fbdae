//! Span repairs applied to the model's entities before the dictionary layers, for two
//! news conventions the CoNLL-trained model gets wrong:
//!
//! - Titles are not part of names: "US President Trump" is `US` + PERSON `Trump`;
//!   "Agency Director Christopher Krebs" is ORG `Agency` + PERSON `Christopher Krebs`.
//! - A listed multi-word place is one mention: "Strait of Hormuz" tagged as `Strait` and
//!   `Hormuz` becomes one LOC.

use crate::doc::{Doc, Entity, EntityLabel};
use crate::tag::gazetteer::{GazKind, Gazetteer};

/// Words that introduce a person's name when they stand before it.
const TITLES: &[&str] = &[
    "President", "Vice-President", "Director", "Secretary", "Minister", "Premier", "Chancellor", "Governor", "Senator",
    "Sen.", "Rep.", "Representative", "General", "Gen.", "Brigadier", "Brig.", "Colonel", "Col.", "Lieutenant", "Lt.",
    "Major", "Maj.", "Captain", "Capt.", "Admiral", "Adm.", "Commander", "Chairman", "Chairwoman", "Chief", "Spokesman",
    "Spokeswoman", "Ambassador", "Judge", "Justice", "Mayor", "King", "Queen", "Prince", "Princess", "Sheikh", "Ayatollah",
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Pope", "Cardinal", "Bishop", "Envoy", "Commissioner", "Prosecutor", "Attorney",
    "Sergeant", "Sgt.", "Marshal", "Emir", "Sultan", "Crown",
];

fn is_title(word: &str) -> bool {
    TITLES.contains(&word)
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn sub_entity(doc: &Doc, template: &Entity, a: usize, b: usize, label: EntityLabel) -> Entity {
    let span = doc.tokens[a].span.cover(&doc.tokens[b - 1].span);
    Entity { span, text: span.slice(doc.text()).to_string(), label, ..template.clone() }
}

/// Splits a title and the name after it out of ORG, PERSON and MISC entities.
pub fn split_titles(doc: &Doc, entities: Vec<Entity>) -> Vec<Entity> {
    let text = doc.text();
    let mut out = Vec::with_capacity(entities.len());
    for e in entities {
        if !matches!(e.label, EntityLabel::Org | EntityLabel::Person | EntityLabel::Misc) {
            out.push(e);
            continue;
        }
        let (a, b) = e.token_range(&doc.tokens);
        let words: Vec<&str> = doc.tokens[a..b].iter().map(|t| t.span.slice(text)).collect();
        // The last title followed only by capitalised words.
        let title = (0..words.len().saturating_sub(1)).rev().find(|&i| is_title(words[i]) && words[i + 1..].iter().all(|w| capitalised(w)));
        let Some(t) = title else {
            out.push(e);
            continue;
        };
        // Titles run together ("Brigadier General"): the name starts after the last one.
        let mut title_start = t;
        while title_start > 0 && is_title(words[title_start - 1]) {
            title_start -= 1;
        }
        if title_start > 0 {
            let label = if e.label == EntityLabel::Person { EntityLabel::Org } else { e.label };
            out.push(sub_entity(doc, &e, a, a + title_start, label));
        }
        out.push(sub_entity(doc, &e, a + t + 1, b, EntityLabel::Person));
    }
    out
}

/// Joins model entities that together spell a listed multi-word place into one.
/// Work is per sentence, and only sentences with two or more entities are searched.
pub fn join_places(doc: &Doc, mut entities: Vec<Entity>, places: &Gazetteer) -> Vec<Entity> {
    let text = doc.text();
    entities.sort_by_key(|e| (e.sentence_index, e.span.start_byte));
    let mut consumed = vec![false; entities.len()];
    let mut joined = Vec::new();
    let mut first = 0;
    while first < entities.len() {
        let si = entities[first].sentence_index;
        let last = first + entities[first..].partition_point(|e| e.sentence_index == si);
        if last - first >= 2 {
            let sentence = &doc.sentences[si];
            let toks = &doc.tokens[sentence.tokens.clone()];
            let words: Vec<&str> = toks.iter().map(|t| t.span.slice(text)).collect();
            for m in places.find_all(&words) {
                if m.end - m.start < 2 {
                    continue;
                }
                let Some(kind) = m.entries.iter().map(|e| e.kind).find(|k| k.is_gpe() || *k == GazKind::Geo) else { continue };
                let (start, end) = (toks[m.start].span.start_byte, toks[m.end - 1].span.end_byte);
                let inside: Vec<usize> = (first..last).filter(|&k| !consumed[k] && entities[k].span.start_byte < end && start < entities[k].span.end_byte).collect();
                let fits = inside.len() >= 2
                    && inside.iter().map(|&k| &entities[k]).all(|e| {
                        e.span.start_byte >= start && e.span.end_byte <= end && matches!(e.label, EntityLabel::Loc | EntityLabel::Gpe | EntityLabel::Org | EntityLabel::Misc)
                    });
                if fits {
                    let label = if kind == GazKind::Geo { EntityLabel::Loc } else { EntityLabel::Gpe };
                    joined.push(sub_entity(doc, &entities[inside[0]], sentence.tokens.start + m.start, sentence.tokens.start + m.end, label));
                    for k in inside {
                        consumed[k] = true;
                    }
                }
            }
        }
        first = last;
    }
    let mut out: Vec<Entity> = entities.into_iter().zip(consumed).filter(|(_, c)| !c).map(|(e, _)| e).collect();
    out.extend(joined);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{AnnotationSource, Article};

    fn doc_with(text: &str, spans: &[(usize, usize, EntityLabel)]) -> (Doc, Vec<Entity>) {
        let mut doc = Doc::new(Article::from_text("t", text));
        crate::segment::Segmenter.segment(&mut doc);
        let ents = spans
            .iter()
            .map(|&(a, b, label)| {
                let span = doc.tokens[a].span.cover(&doc.tokens[b - 1].span);
                Entity::new(span, 0, span.slice(doc.text()), label, 0.9, AnnotationSource::Model)
            })
            .collect();
        (doc, ents)
    }

    fn show(es: &[Entity]) -> Vec<(String, EntityLabel)> {
        es.iter().map(|e| (e.text.clone(), e.label)).collect()
    }

    #[test]
    fn titles_split_off_names() {
        let (doc, ents) = doc_with("US President Trump met Agency Director Christopher Krebs and Brigadier General Abolfazl Shekarchi", &[(0, 3, EntityLabel::Org), (4, 8, EntityLabel::Org), (9, 13, EntityLabel::Person)]);
        assert_eq!(
            show(&split_titles(&doc, ents)),
            [
                ("US".into(), EntityLabel::Org),
                ("Trump".into(), EntityLabel::Person),
                ("Agency".into(), EntityLabel::Org),
                ("Christopher Krebs".into(), EntityLabel::Person),
                ("Abolfazl Shekarchi".into(), EntityLabel::Person),
            ]
        );
        let (doc, ents) = doc_with("the Secretary of State spoke", &[(1, 4, EntityLabel::Org)]);
        assert_eq!(show(&split_titles(&doc, ents)), [("Secretary of State".into(), EntityLabel::Org)]);
    }

    #[test]
    fn listed_places_join() {
        let (doc, ents) = doc_with("ships in the Strait of Hormuz", &[(3, 4, EntityLabel::Loc), (5, 6, EntityLabel::Loc)]);
        assert_eq!(show(&join_places(&doc, ents, Gazetteer::builtin())), [("Strait of Hormuz".into(), EntityLabel::Loc)]);
    }
}
