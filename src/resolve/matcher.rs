//! Dictionary matching over normalized tokens: a trie over token ids (a deterministic
//! automaton), so finding every listed phrase in a sentence costs one walk per start
//! token, however many phrases the dictionaries hold.

use std::collections::HashMap;

use crate::resolve::dictionary::ActorDictionary;

/// What a dictionary phrase names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Index into [`ActorDictionary::actors`].
    Actor(u32),
    /// Index into [`ActorDictionary::agents`].
    Agent(u32),
}

/// A phrase found in a token sequence: tokens `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

pub struct PhraseMatcher {
    vocabulary: HashMap<String, u32>,
    /// (node, token id) → next node; node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// Node → what the phrase ending there names (actor and agent kept apart, since a
    /// word such as "police" can be both).
    actor_at: HashMap<u32, u32>,
    agent_at: HashMap<u32, u32>,
    nodes: u32,
}

impl PhraseMatcher {
    /// Builds the automaton. Entries later in the dictionary win over earlier ones for
    /// the same phrase (user files are appended after the shipped ones).
    pub fn new(dict: &ActorDictionary) -> PhraseMatcher {
        let mut m = PhraseMatcher { vocabulary: HashMap::new(), edges: HashMap::new(), actor_at: HashMap::new(), agent_at: HashMap::new(), nodes: 1 };
        for (i, actor) in dict.actors.iter().enumerate() {
            for phrase in &actor.phrases {
                if let Some(node) = m.insert(phrase) {
                    m.actor_at.insert(node, i as u32);
                }
            }
        }
        for (i, agent) in dict.agents.iter().enumerate() {
            for phrase in &agent.phrases {
                if let Some(node) = m.insert(phrase) {
                    m.agent_at.insert(node, i as u32);
                }
            }
        }
        m
    }

    fn insert(&mut self, phrase: &[String]) -> Option<u32> {
        if phrase.is_empty() {
            return None;
        }
        let mut node = 0;
        for word in phrase {
            let next_id = self.vocabulary.len() as u32;
            let id = *self.vocabulary.entry(word.clone()).or_insert(next_id);
            node = match self.edges.get(&(node, id)) {
                Some(&n) => n,
                None => {
                    let n = self.nodes;
                    self.nodes += 1;
                    self.edges.insert((node, id), n);
                    n
                }
            };
        }
        Some(node)
    }

    /// Token ids of normalized words (`u32::MAX` for words no phrase uses).
    pub fn ids(&self, normalized: &[String]) -> Vec<u32> {
        normalized.iter().map(|w| self.vocabulary.get(w).copied().unwrap_or(u32::MAX)).collect()
    }

    /// Every actor phrase starting at each token, longest first (so "US" is found as well
    /// as "US Cyber Command"), and the longest agent phrase starting there.
    pub fn find_all(&self, ids: &[u32]) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut actors = Vec::new();
        for start in 0..ids.len() {
            let (mut node, mut agent) = (0u32, None);
            actors.clear();
            for (end, id) in ids.iter().enumerate().skip(start) {
                let Some(&next) = self.edges.get(&(node, *id)) else { break };
                node = next;
                if let Some(&a) = self.actor_at.get(&node) {
                    actors.push(PhraseMatch { start, end: end + 1, target: Target::Actor(a) });
                }
                if let Some(&a) = self.agent_at.get(&node) {
                    agent = Some(PhraseMatch { start, end: end + 1, target: Target::Agent(a) });
                }
            }
            out.extend(actors.drain(..).rev());
            out.extend(agent);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::dictionary::{phrase_tokens, Actor, Agent, DatedCode};

    fn actor(name: &str, code: &str, phrases: &[&str]) -> Actor {
        Actor {
            id: name.into(),
            name: name.into(),
            codes: vec![DatedCode { code: code.into(), from: None, until: None }],
            phrases: phrases.iter().map(|p| phrase_tokens(p)).collect(),
            source: "test".into(),
        }
    }

    #[test]
    fn longest_phrases_and_later_entries_win() {
        let dict = ActorDictionary {
            actors: vec![
                actor("Iran", "IRN", &["iran"]),
                actor("Iran Air", "IRNBUS", &["iran air"]),
                actor("Old", "OLD", &["tehran"]),
                actor("New", "IRNGOV", &["tehran"]),
            ],
            agents: vec![Agent { code: "MIL".into(), phrases: vec![phrase_tokens("troops")], source: "test".into() }],
        };
        let m = PhraseMatcher::new(&dict);
        let words: Vec<String> = ["iran", "air", "and", "tehran", "troops"].iter().map(|s| s.to_string()).collect();
        let found = m.find_all(&m.ids(&words));
        assert_eq!(found[0], PhraseMatch { start: 0, end: 2, target: Target::Actor(1) });
        assert_eq!(found[1], PhraseMatch { start: 0, end: 1, target: Target::Actor(0) });
        assert!(found.contains(&PhraseMatch { start: 3, end: 4, target: Target::Actor(3) }));
        assert!(found.contains(&PhraseMatch { start: 4, end: 5, target: Target::Agent(0) }));
    }
}
