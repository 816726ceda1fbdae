//! Matching PETRARCH-style patterns over the dependency parse. The words after `*` must
//! occur, in order, among the trigger's own dependents after it (objects, obliques,
//! particles and their phrases, never another clause); the words before `*` among the
//! clause's words before the trigger (the subject's phrase included).

use super::sentence::{singular, SentenceView};
use super::verbs::{Element, Pattern, VerbDictionary};

/// Where a matched pattern puts the source and target: positions in the sentence from
/// which the next actor is taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Slots {
    pub source: Option<usize>,
    pub target: Option<usize>,
}

/// Relations that start another clause or event: patterns do not look inside them.
pub fn is_clause_rel(rel: &str) -> bool {
    let base = rel.split_once(':').map_or(rel, |(a, _)| a);
    matches!(base, "conj" | "parataxis" | "advcl" | "ccomp" | "xcomp" | "csubj" | "punct" | "acl" | "cc" | "mark" | "aux" | "cop" | "discourse" | "vocative" | "dep")
}

/// Tokens after the trigger a pattern may match: the trigger's dependents that are not
/// clauses or subjects, in sentence order.
pub fn post_region(s: &SentenceView, trigger: usize) -> Vec<usize> {
    // The trigger's own clause dependents are other events; inside its object and
    // adjuncts, coordinated names belong to the phrase ("with the Philippines and France").
    let mut out: Vec<usize> = s.children[trigger]
        .iter()
        .copied()
        .filter(|&c| !(is_clause_rel(s.deprel(c)) || s.deprel(c).starts_with("nsubj") || s.deprel(c) == "expl"))
        .flat_map(|c| s.subtree_where(c, &|r| is_clause_rel(r) && !r.starts_with("conj") && r != "cc"))
        .filter(|&t| t > trigger)
        .collect();
    // The complementiser of a clause the verb governs ("agree that", "warn that") is a
    // pattern word too.
    for &c in &s.children[trigger] {
        if matches!(s.base_rel(c), "ccomp" | "xcomp" | "advcl") {
            out.extend(s.children[c].iter().copied().filter(|&m| s.base_rel(m) == "mark" && m > trigger));
        }
    }
    out.sort_unstable();
    out
}

/// Tokens before the trigger a pattern may match: its clause before it.
pub fn pre_region(s: &SentenceView, trigger: usize) -> Vec<usize> {
    // Other clauses hang on the trigger; the subject's own conjuncts ("Gondor and
    // Osgiliath have ...") belong to the region.
    let mut out: Vec<usize> = s.children[trigger]
        .iter()
        .copied()
        .filter(|&c| c < trigger && !matches!(s.base_rel(c), "conj" | "parataxis" | "ccomp" | "punct"))
        .flat_map(|c| s.subtree_where(c, &|_| false))
        .filter(|&t| t < trigger)
        .collect();
    out.sort_unstable();
    out
}

/// Whether token `t` reads as dictionary word `w`.
pub fn word_matches(s: &SentenceView, t: usize, w: &str) -> bool {
    let lower = &s.lower[t];
    lower == w || s.lemmas[t] == w || singular(lower) == singular(w)
}

struct Matcher<'a, 'd> {
    s: &'a SentenceView<'d>,
    dict: &'a VerbDictionary,
    region: &'a [usize],
    /// For each region position, the prepositional adjunct of the verb it is in (none:
    /// the verb's object, particles and the like). A bare word matches inside an adjunct
    /// only once the adjunct's preposition has matched ("clash OVER EFFORTS"), so that a
    /// pattern for the object does not match a word in "following the downing of a drone".
    adjunct: &'a [Option<usize>],
    is_case: &'a [bool],
    open: Option<usize>,
    slots: Slots,
    depth: usize,
}

impl Matcher<'_, '_> {
    /// Matches `elements` from region position `pos`; consecutive elements must be
    /// adjacent. Returns the position after the match.
    fn seq(&mut self, elements: &[Element], pos: usize, consecutive: bool) -> Option<usize> {
        let mut pos = pos;
        let mut first = true;
        for e in elements {
            let strict = consecutive && !first;
            pos = match e {
                Element::Source => {
                    self.slots.source.get_or_insert(self.region.get(pos).copied().unwrap_or(usize::MAX));
                    continue;
                }
                Element::Target => {
                    self.slots.target.get_or_insert(self.region.get(pos).copied().unwrap_or(usize::MAX));
                    continue;
                }
                // `^`: skip one noun phrase ("warned AT ^ +": at the Gondor, of +).
                Element::Skip => {
                    let mut p = pos;
                    while p < self.region.len() && !self.s.is_nominal(self.region[p]) {
                        p += 1;
                    }
                    while p < self.region.len() && self.s.is_nominal(self.region[p]) {
                        p += 1;
                    }
                    p.min(self.region.len())
                }
                // `%`: a compound actor (coordinated names) from here on.
                Element::Compound => {
                    let rest = &self.region[pos.min(self.region.len())..];
                    let named = |t: &&usize| !self.s.cover[**t].is_empty();
                    let conjoined = rest.iter().filter(named).any(|&t| self.s.deprel(t) == "conj");
                    let subjects = rest.iter().filter(named).filter(|&&t| self.s.deprel(t) == "nsubj").count();
                    if !conjoined && subjects < 2 {
                        return None;
                    }
                    continue;
                }
                _ => self.one(e, pos, strict)?,
            };
            first = false;
        }
        Some(pos)
    }

    fn one(&mut self, e: &Element, pos: usize, strict: bool) -> Option<usize> {
        let last = if strict { pos.min(self.region.len()) } else { self.region.len().saturating_sub(1) };
        for start in pos..=last.min(self.region.len().saturating_sub(1)) {
            if start >= self.region.len() {
                break;
            }
            let bare_ok = self.depth > 0 || self.adjunct[start].is_none() || self.is_case[start] || self.adjunct[start] == self.open;
            let found = match e {
                Element::Word(w) if bare_ok => word_matches(self.s, self.region[start], w).then_some(start + 1),
                Element::Synset(name) if bare_ok => self.synset_at(name, start),
                Element::Phrase(inner) if bare_ok => self.seq(inner, start, true).filter(|_| self.starts_at(inner, start)),
                Element::Group(inner) => {
                    self.depth += 1;
                    let r = self.seq(inner, start, false).filter(|_| self.starts_at(inner, start));
                    self.depth -= 1;
                    r
                }
                _ => None,
            };
            if found.is_some() {
                // A match on a preposition opens its phrase to the words after it.
                if self.is_case[start] {
                    self.open = self.adjunct[start];
                }
                return found;
            }
        }
        None
    }

    /// Whether the first word element of `inner` matches at `start` (so that a group is
    /// anchored where it is tried, not later).
    fn starts_at(&mut self, inner: &[Element], start: usize) -> bool {
        match inner.iter().find(|e| !matches!(e, Element::Source | Element::Target | Element::Skip | Element::Compound)) {
            Some(Element::Word(w)) => word_matches(self.s, self.region[start], w),
            Some(Element::Synset(name)) => self.synset_at(name, start).is_some(),
            _ => true,
        }
    }

    fn synset_at(&self, name: &str, start: usize) -> Option<usize> {
        self.dict
            .synset(name)
            .iter()
            .filter_map(|phrase| {
                let end = start + phrase.len();
                (end <= self.region.len() && phrase.iter().enumerate().all(|(k, w)| word_matches(self.s, self.region[start + k], w))).then_some(end)
            })
            .max()
    }
}

/// The most specific pattern of `group` that matches around `trigger` (ties: first in
/// the dictionary), with its slots. `skip_after` tokens (a multi-word verb's particle)
/// are not matched as pattern words.
pub fn best_pattern<'p>(s: &SentenceView, dict: &'p VerbDictionary, group: &str, trigger: usize, skip: &[usize]) -> Option<(&'p Pattern, Slots)> {
    let post: Vec<usize> = post_region(s, trigger).into_iter().filter(|t| !skip.contains(t)).collect();
    let pre: Vec<usize> = pre_region(s, trigger).into_iter().filter(|t| !skip.contains(t)).collect();
    let mut post_adjunct: Vec<Option<usize>> = vec![None; post.len()];
    let mut post_case = vec![false; post.len()];
    for c in s.children[trigger].iter().copied().filter(|&c| s.base_rel(c) == "obl") {
        for t in s.subtree_where(c, &|_| false) {
            if let Some(k) = post.iter().position(|&p| p == t) {
                post_adjunct[k] = Some(c);
                post_case[k] = s.heads[t] == Some(c) && s.base_rel(t) == "case";
            }
        }
    }
    let pre_adjunct = vec![None; pre.len()];
    let pre_case = vec![false; pre.len()];
    let mut best: Option<(&Pattern, Slots)> = None;
    for p in dict.patterns_for(group) {
        if best.is_some_and(|(b, _)| b.specificity() >= p.specificity()) {
            continue;
        }
        let mut m = Matcher { s, dict, region: &pre, adjunct: &pre_adjunct, is_case: &pre_case, open: None, slots: Slots::default(), depth: 0 };
        if m.seq(&p.before, 0, false).is_none() {
            continue;
        }
        let pre_slots = m.slots;
        let mut m = Matcher { s, dict, region: &post, adjunct: &post_adjunct, is_case: &post_case, open: None, slots: pre_slots, depth: 0 };
        if m.seq(&p.after, 0, false).is_none() {
            continue;
        }
        best = Some((p, m.slots));
    }
    best
}
