//! Agent phrases: common nouns that name an actor by its role ("officials", "troops",
//! "hackers", "the armed forces"), listed in the agent dictionary. Their country comes
//! from a modifier: a nationality or place just before ("Iranian hackers", "US
//! officials", "Iraq's army") or an actor after "of/from/in" ("a spokesperson from the
//! Iranian armed forces" takes the armed forces' code). Code = country + agent code
//! (IRN + SPY = IRNSPY); with no country the role is kept and the code left empty.

use crate::doc::{AnnotationSource, Doc, Entity, EntityLabel};
use crate::resolve::dictionary::normalize_token;
use crate::resolve::matcher::{PhraseMatch, Target};
use crate::resolve::{is_country_code, sentence_ranges, sentence_words, set_code, sort_entities, split_code, Resolver, SentenceMatches};

/// Words that may stand between a modifier and the agent noun ("Iranian *senior*
/// officials") are ordinary lowercase words; these end the search instead.
const STOP_WORDS: &[&str] = &[
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "that", "which", "who", "said", "says", "has",
    "have", "had", "was", "were", "is", "are", "be", "been", "not", "but", "as", "its", "their", "his", "her", "this", "these", "those", "than",
];

/// Titles and articles that may precede a listed name inside an entity.
const TITLES: &[&str] = &[
    "the", "a", "an", "president", "vice", "prime", "minister", "foreign", "defense", "defence", "secretary", "general", "brigadier", "gen", "major",
    "colonel", "col", "lieutenant", "lt", "admiral", "adm", "commander", "chief", "chairman", "leader", "supreme", "ayatollah", "king", "queen",
    "prince", "crown", "sheikh", "emir", "mr", "mrs", "ms", "dr", "sen", "senator", "rep", "representative", "governor", "gov", "mayor",
    "ambassador", "spokesman", "spokeswoman", "director", "us", "u.s.", "former", "acting", "deputy",
];

pub fn is_title_or_article(word: &str) -> bool {
    TITLES.contains(&normalize_token(word).as_str())
}

/// A title of a person ("Crown", "Prince", "President"), not an article or a country.
pub fn is_person_title(word: &str) -> bool {
    let w = normalize_token(word);
    TITLES.contains(&w.as_str()) && !matches!(w.as_str(), "the" | "a" | "an" | "us")
}

/// Finds agent phrases in every sentence and adds them as AGENT entities, resolved when
/// a modifier gives their country.
pub(crate) fn resolve_agents(resolver: &Resolver, doc: &mut Doc, sentences: &[SentenceMatches]) {
    let text = doc.article.text.as_str();
    let mut added: Vec<Entity> = Vec::new();
    // Entities coded by an agent noun they qualify: unresolved persons by their title,
    // coordinated countries by the shared noun. (span, code)
    let mut titles = Vec::new();
    let by_sentence = sentence_ranges(&doc.entities, doc.sentences.len());
    for (si, sentence) in doc.sentences.iter().enumerate() {
        let toks = &doc.tokens[sentence.tokens.clone()];
        let words = sentence_words(toks, text);
        let normalized = &sentences[si].normalized;
        let mut agent_matches: Vec<_> = sentences[si].matches.iter().copied().filter(|m| matches!(m.target, Target::Agent(_))).collect();
        if agent_matches.is_empty() {
            continue;
        }
        // Entities of this sentence with their token ranges.
        let ents: Vec<(usize, usize, &Entity)> = doc.entities[by_sentence[si].clone()]
            .iter()
            .map(|e| {
                let (a, b) = e.token_range(toks);
                (a, b, e)
            })
            .collect();
        // Leftmost-longest phrases that do not overlap ("prime minister", not "minister"),
        // then right to left, so "a spokesperson from the Iranian armed forces" sees the
        // armed forces already resolved.
        agent_matches.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut kept: Vec<crate::resolve::matcher::PhraseMatch> = Vec::new();
        for m in agent_matches {
            if kept.last().is_none_or(|k| m.start >= k.end) {
                kept.push(m);
            }
        }
        let agent_matches_all = kept.clone();
        let mut agent_matches = kept;
        agent_matches.reverse();
        let mut mentions: Vec<(usize, usize, Entity)> = Vec::new();
        for m in agent_matches {
            // Inside a name ("Department of Homeland Security"): not an agent, unless it
            // is the title of an unresolved person ("Deputy Prime Minister Telemar"),
            // who then takes the title's code.
            let titled = ents.iter().position(|(a, b, e)| *a == m.start && m.end < *b && e.label == EntityLabel::Person && e.actor_code.is_none());
            // Likewise an unlisted organisation named by a country and an agent noun
            // ("the Calenardhon Ministry of Silly Walks" → CAL + GOV).
            let Target::Agent(agent_index) = m.target else { continue };
            if let Some((span, country)) = ents
                .iter()
                .find(|(a, b, e)| *a < m.start && m.end <= *b && e.label == EntityLabel::Org && e.actor_code.is_none())
                .and_then(|(a, _, e)| country_at(resolver, &sentences[si].matches, *a, m.start).map(|c| (e.span, c)))
            {
                if let Some(agent) = resolver.dict.agents.get(agent_index as usize) {
                    titles.push((span, format!("{country}{}", agent.code)));
                }
                continue;
            }
            // A weapon named by the agent noun itself acts ("warplanes"); an agent word
            // inside a longer weapon name does not ("spy" in "spy drone").
            let inside_name = titled.is_none()
                && ents.iter().any(|(a, b, e)| *a <= m.start && m.end <= *b && e.label != EntityLabel::Norp && !(e.label == EntityLabel::Weapon && (*a, *b) == (m.start, m.end)));
            let overlaps_earlier = mentions.iter().any(|(a, b, _)| m.start < *b && *a < m.end);
            if inside_name || overlaps_earlier {
                continue;
            }
            let Some(agent) = resolver.dict.agents.get(agent_index as usize) else { continue };
            // Left modifier: an entity ending just before, across ordinary lowercase
            // words ("Iranian senior officials"), or before a possessive ("Iraq's army").
            let mut j = m.start;
            let mut skipped = 0;
            let other_agent = |t: usize| agent_matches_all.iter().any(|k| k.start <= t && t < k.end);
            while j > 0 && skipped < 2 && is_modifier_word(words[j - 1]) && !other_agent(j - 1) {
                j -= 1;
                skipped += 1;
            }
            if j > 0 && matches!(words[j - 1], "'s" | "’s") {
                j -= 1;
            }
            let left = ents.iter().filter(|(_, b, e)| *b == j && !matches!(e.label, EntityLabel::Weapon | EntityLabel::Agent)).max_by_key(|(a, _, _)| *a);
            let mut start = m.start;
            let (mut code, mut name, mut source) = (None, None, None);
            // CAMEO's UAF is armed forces aligned with no state: with a country they are
            // that state's military ("the Iranian armed forces").
            let role_with_country = if agent.code == "UAF" { "MIL" } else { agent.code.as_str() };
            // A readable name for a country's agents: "Iran (hackers)".
            let phrase = words[m.start..m.end].join(" ").to_lowercase();
            let agents_of = |e: &Entity| e.actor_name.as_ref().map(|n| format!("{n} ({phrase})"));
            if let Some((a, _, e)) = left {
                if let Some(country) = entity_country(e) {
                    code = Some(format!("{country}{role_with_country}"));
                    name = agents_of(e);
                    start = *a;
                    // Coordinated modifiers share the noun: in "US and British warplanes"
                    // the US acts through its warplanes too.
                    let mut k = *a;
                    while k >= 2 && matches!(words[k - 1], "and" | ",") {
                        let Some((a2, _, e2)) = ents.iter().find(|(_, b2, e2)| *b2 == k - 1 && matches!(e2.label, EntityLabel::Gpe | EntityLabel::Norp)) else { break };
                        if let Some(c2) = entity_country(e2) {
                            titles.push((e2.span, format!("{c2}{role_with_country}")));
                        }
                        k = *a2;
                    }
                }
            }
            if code.is_none() {
                // Right: "of/from/in [the]" + a resolved actor or agent.
                let mut r = m.end;
                if r < words.len() && matches!(normalized[r].as_str(), "of" | "from" | "in" | "for") {
                    r += 1;
                    if r < words.len() && normalized[r] == "the" {
                        r += 1;
                    }
                    let next_agent = mentions.iter().find(|(a, _, _)| *a == r).map(|(_, _, e)| e);
                    let next_entity = ents.iter().filter(|(a, _, _)| *a == r).find(|(_, _, e)| e.actor_code.is_some() || e.country.is_some());
                    if let Some(e) = next_agent.or(next_entity.map(|(_, _, e)| *e)) {
                        if let Some(c) = e.actor_code.as_deref().filter(|c| !is_country_code(c)) {
                            code = Some(c.to_string());
                            name = e.actor_name.clone();
                            source = e.actor_source.clone();
                        } else if let Some(country) = entity_country(e) {
                            code = Some(format!("{country}{role_with_country}"));
                            name = agents_of(e);
                            // "the ambassadors of Arnor, Osgiliath and Gondor": each of the
                            // coordinated countries has such agents.
                            let mut b = next_entity.map_or(r, |(_, b, _)| *b);
                            while b + 1 < words.len() && matches!(words[b], "," | "and") {
                                let next = if words[b] == "," && words.get(b + 1) == Some(&"and") { b + 2 } else { b + 1 };
                                let Some((_, b2, e2)) = ents.iter().find(|(a2, _, e2)| *a2 == next && !matches!(e2.label, EntityLabel::Weapon | EntityLabel::Agent)) else { break };
                                let Some(c2) = entity_country(e2).filter(|_| e2.actor_code.as_deref().is_none_or(is_country_code)) else { break };
                                titles.push((e2.span, format!("{c2}{role_with_country}")));
                                b = *b2;
                            }
                        }
                    }
                }
            }
            if let (Some(p), Some(c)) = (titled, code.as_ref()) {
                titles.push((ents[p].2.span, c.clone()));
                continue;
            }
            let span = toks[start].span.cover(&toks[m.end - 1].span);
            let mut e = Entity::new(span, si, span.slice(text), EntityLabel::Agent, 1.0, AnnotationSource::Dictionary);
            match code {
                Some(c) => {
                    set_code(&mut e, c);
                    e.actor_name = name;
                    e.actor_source = source.or_else(|| Some(agent.source.clone()));
                }
                None => {
                    e.role = Some(agent.code.clone());
                    e.actor_source = Some(agent.source.clone());
                }
            }
            mentions.push((start, m.end, e));
        }
        added.extend(mentions.into_iter().map(|(_, _, e)| e));
    }
    for (span, code) in titles {
        let from = doc.entities.partition_point(|e| e.span.start_byte < span.start_byte);
        if let Some(e) = doc.entities[from..].iter_mut().take_while(|e| e.span.start_byte == span.start_byte).find(|e| e.span == span && e.actor_code.as_deref().is_none_or(is_country_code)) {
            set_code(e, code);
        }
    }
    doc.entities.extend(added);
    sort_entities(&mut doc.entities);
}

/// The country code of a listed country phrase spanning tokens `start..` and ending by `before`.
fn country_at(resolver: &Resolver, matches: &[PhraseMatch], start: usize, before: usize) -> Option<String> {
    matches
        .iter()
        .filter(|x| x.start == start && x.end <= before)
        .filter_map(|x| resolver.actor(x.target))
        .filter_map(|a| a.code_on(None).map(|(c, _)| c.to_string()))
        .find(|c| is_country_code(c))
}

/// A lowercase word that can sit between a modifier and its noun ("senior", "suspected").
fn is_modifier_word(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_lowercase) && word.chars().all(|c| c.is_alphabetic() || c == '-') && !STOP_WORDS.contains(&word)
}

/// The country of a modifier entity: its bare country code, else its gazetteer country.
fn entity_country(e: &Entity) -> Option<String> {
    if let Some(code) = e.actor_code.as_deref() {
        if let (Some(country), _) = split_code(code) {
            return Some(country);
        }
    }
    e.country.clone()
}
