//! The participants of an event, read off the dependency parse: the source (subject, the
//! agent of a passive, the possessor of an event noun, or a subject inherited through
//! control and coordination), the target (object, a prepositional object such as
//! "against Iran", the subject of a passive), the instrument ("with rockets", "used
//! phishing emails"), and the place ("in Baghdad"). A coordinated phrase ("the US and
//! Israel") gives one argument per conjunct.

use super::patterns::Slots;
use super::sentence::SentenceView;
use super::verbs::Coding;
use crate::doc::{Doc, EntityLabel, EventArgument, Span, WeaponClass};

/// Prepositions that introduce the target of an act ("attack on", "sanctions against").
const TARGET_PREPS: &[&str] = &["against", "on", "at", "with", "to", "toward", "towards", "into", "upon", "over", "onto", "targeting", "of", "about"];
/// Prepositions that introduce the target of an event noun ("the downing of a drone").
const NOUN_TARGET_PREPS: &[&str] = &["against", "on", "of", "at", "upon", "toward", "towards", "targeting", "with", "to", "into"];
/// Prepositions of place.
const PLACE_PREPS: &[&str] = &["in", "at", "near", "inside", "outside", "across", "throughout", "off", "around", "within"];
/// Prepositions that introduce an instrument.
const INSTRUMENT_PREPS: &[&str] = &["with", "using", "by", "via", "through"];
/// Attack nouns whose weapon names the instrument in an "in" phrase ("targeted in rocket
/// attacks").
const ATTACK_NOUNS: &[&str] = &["attack", "strike", "raid", "bombing", "shelling", "barrage", "fire", "assault"];
/// Verbs whose object is the subject of their complement ("urged Bree to help").
const OBJECT_CONTROL: &[&str] = &["urge", "ask", "call", "order", "force", "persuade", "press", "invite", "encourage", "tell", "request", "allow", "help", "compel", "instruct", "pressure", "push"];
/// Verbs that carry an event noun ("launched strikes", "imposed sanctions").
pub const LIGHT_VERBS: &[&str] = &[
    "launch", "conduct", "carry", "stage", "mount", "impose", "announce", "order", "wage", "step", "increase", "escalate", "intensify", "continue", "begin", "start", "make", "take", "undertake", "perpetrate", "commit", "unleash", "execute", "initiate",
    "resume", "renew", "plan", "threaten", "approve", "authorize", "slap", "level", "hit", "target", "hold", "have", "convene", "pay", "host",
];
/// Using one of these with a weapon as object is an attack.
const INSTRUMENT_VERBS: &[&str] = &["use", "deploy", "unleash", "fire", "launch", "plant", "detonate", "employ", "drop", "hurl", "lob", "release", "spread"];
const PRONOUNS: &[&str] = &["he", "she", "it", "they", "we", "him", "her", "them", "who", "which", "that"];

/// One argument: the phrase (tokens `a..b` of the sentence, head `head`) and the entity
/// that gives it an actor code or weapon class.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub head: usize,
    pub a: usize,
    pub b: usize,
    pub entity: Option<usize>,
    pub weapon_class: Option<WeaponClass>,
    /// A code composed from the phrase's conjuncts ("Danish media and government": the
    /// government gets DNK + GOV), over the entity's own.
    pub composed: Option<String>,
}

impl Arg {
    pub fn span(&self, s: &SentenceView) -> Span {
        s.span(self.a, self.b)
    }

    pub fn text(&self, s: &SentenceView) -> String {
        s.words[self.a..self.b].join(" ")
    }

    pub fn code<'a>(&'a self, doc: &'a Doc) -> Option<&'a str> {
        self.composed.as_deref().or_else(|| self.entity.and_then(|k| doc.entities[k].actor_code.as_deref()))
    }

    pub fn covers(&self, t: usize) -> bool {
        self.a <= t && t < self.b
    }

    pub fn to_argument(&self, doc: &Doc, s: &SentenceView) -> EventArgument {
        let span = self.span(s);
        let e = self.entity.map(|k| &doc.entities[k]);
        EventArgument {
            span,
            text: span.slice(doc.text()).to_string(),
            entity_index: self.entity,
            actor_code: self.composed.clone().or_else(|| e.and_then(|e| e.actor_code.clone())),
            country: self.composed.as_deref().and_then(|c| crate::resolve::split_code(c).0).or_else(|| e.and_then(|e| e.country.clone())),
            role: self.composed.as_deref().map_or_else(|| e.and_then(|e| e.role.clone()), |c| crate::resolve::split_code(c).1),
            weapon_class: self.weapon_class.or_else(|| e.and_then(|e| e.weapon_class)),
        }
    }
}

/// An event before coding its pairs: the trigger, its code and its arguments.
#[derive(Debug, Clone)]
pub struct Frame {
    pub trigger: usize,
    /// Tokens of the action text.
    pub action: (usize, usize),
    pub coding: Coding,
    pub sources: Vec<Arg>,
    pub targets: Vec<Arg>,
    pub instrument: Option<Arg>,
    pub location: Option<Arg>,
    /// Tokens this event accounts for (its object): an event noun there is not coded again.
    pub objects: Vec<usize>,
    pub from_pattern: bool,
}

/// An actor: a person, organisation, state or group, or any mention the resolver gave
/// an actor code (a listed region the tagger called LOC).
fn is_actor(doc: &Doc, k: usize) -> bool {
    let e = &doc.entities[k];
    SentenceView::is_actor_label(e.label) || (e.actor_code.is_some() && e.label != EntityLabel::Weapon)
}

/// Relations that leave a noun phrase.
fn leaves_phrase(rel: &str) -> bool {
    let base = rel.split_once(':').map_or(rel, |(a, _)| a);
    matches!(base, "conj" | "cc" | "punct" | "acl" | "advcl" | "parataxis" | "ccomp" | "xcomp" | "dep")
}

/// The actor entity a phrase headed by `h` names: one covering the head with a code, else
/// the nearest coded one inside the phrase ("a US spy drone" → US), else an uncoded one
/// covering the head.
fn actor_entity(doc: &Doc, s: &SentenceView, h: usize) -> Option<usize> {
    if let Some(&k) = s.cover[h].iter().find(|&&k| is_actor(doc, k) && doc.entities[k].actor_code.is_some()) {
        return Some(k);
    }
    // Breadth-first: nearer the head first, at most three steps down, never into a time
    // phrase ("ties with Gxndor, five years after Calenardhon crowds ...").
    let mut queue = std::collections::VecDeque::from([(h, 0)]);
    while let Some((u, depth)) = queue.pop_front() {
        if u != h {
            if let Some(&k) = s.cover[u].iter().find(|&&k| is_actor(doc, k) && doc.entities[k].actor_code.is_some()) {
                return Some(k);
            }
        }
        if depth == 3 {
            continue;
        }
        for &c in &s.children[u] {
            if !leaves_phrase(s.deprel(c)) && !super::sentence::is_time_word(&s.lemmas[c]) {
                queue.push_back((c, depth + 1));
            }
        }
    }
    if let Some(k) = s.cover[h].iter().copied().find(|&k| is_actor(doc, k)) {
        return Some(k);
    }
    // Last, a name in a participle clause on the noun ("the roads leading into Mordor").
    s.children[h]
        .iter()
        .copied()
        .filter(|&c| s.deprel(c) == "acl")
        .flat_map(|c| s.subtree_where(c, &|r| leaves_phrase(r)))
        .find_map(|u| s.cover[u].iter().copied().find(|&k| is_actor(doc, k) && doc.entities[k].actor_code.is_some()))
}

/// Whether a coded entity can be what a personal pronoun stands for ("he": a person;
/// "it": a state or organisation; "they": any).
fn pronoun_fits(doc: &Doc, k: usize, pronoun: &str) -> bool {
    let e = &doc.entities[k];
    e.actor_code.is_some()
        && match pronoun {
            "he" | "she" | "him" | "her" => e.label == EntityLabel::Person,
            "it" => matches!(e.label, EntityLabel::Gpe | EntityLabel::Org),
            _ => is_actor(doc, k),
        }
}

/// What a subject pronoun refers to: the subject of the clause above it, else the
/// nearest earlier fitting actor in the sentence, else in the two sentences before.
fn pronoun_entity(doc: &Doc, s: &SentenceView, h: usize) -> Option<usize> {
    let pronoun = s.lemmas[h].as_str();
    for a in s.ancestors(h) {
        if let Some(subj) = s.child_with(a, "nsubj").filter(|&x| x != h && !PRONOUNS.contains(&s.lemmas[x].as_str())) {
            if let Some(k) = actor_entity(doc, s, subj).filter(|&k| pronoun_fits(doc, k, pronoun)) {
                return Some(k);
            }
        }
    }
    if let Some(k) = (0..h).rev().find_map(|t| s.cover[t].iter().copied().find(|&k| pronoun_fits(doc, k, pronoun))) {
        return Some(k);
    }
    let from = crate::resolve::sentence_range(&doc.entities, s.index.saturating_sub(2)).start;
    let to = crate::resolve::sentence_range(&doc.entities, s.index).start;
    (from..to).rev().find(|&k| pronoun_fits(doc, k, pronoun))
}

/// An earlier mention in the article with a code whose head word is the same as this
/// uncoded group's ("the hackers" after "Iranian hackers").
fn earlier_same_head(doc: &Doc, k: usize) -> Option<usize> {
    let e = &doc.entities[k];
    if e.actor_code.is_some() || e.label != EntityLabel::Agent {
        return None;
    }
    let head = e.text.split_whitespace().last()?.to_lowercase();
    // Within the last 200 mentions: a name far back is another group.
    doc.entities[k.saturating_sub(200)..k]
        .iter()
        .enumerate()
        .map(|(i, x)| (i + k.saturating_sub(200), x))
        .rev()
        .filter(|(_, x)| x.sentence_index < e.sentence_index || x.span.end_byte <= e.span.start_byte)
        .find(|(_, x)| x.actor_code.is_some() && x.label == EntityLabel::Agent && x.text.split_whitespace().last().is_some_and(|w| w.to_lowercase() == head))
        .map(|(i, _)| i)
}

fn arg_at(doc: &Doc, s: &SentenceView, h: usize) -> Option<Arg> {
    let (mut a, mut b) = s.phrase(h);
    let lemma = s.lemmas[h].as_str();
    let entity = if PRONOUNS.contains(&lemma) && s.cover[h].is_empty() {
        // Only a subject pronoun is resolved; a relative pronoun stands for its noun,
        // which the caller handles, and "it" as object is too often a clause.
        if matches!(lemma, "who" | "which" | "that") || !s.deprel(h).starts_with("nsubj") {
            return None;
        }
        pronoun_entity(doc, s, h)
    } else {
        actor_entity(doc, s, h)
    }?;
    // Spans come from the mention here; the code may come from an earlier one.
    let mention = entity;
    let entity = earlier_same_head(doc, entity).unwrap_or(entity);
    // A pronoun is its own span; other phrases cover their entity, and a time word the
    // parser made the head ("on Iran Monday") gives way to the entity.
    if PRONOUNS.contains(&lemma) {
        (a, b) = (h, h + 1);
    } else if doc.entities[mention].sentence_index == s.index {
        let (ea, eb) = doc.entities[mention].token_range(s.tokens);
        if super::sentence::is_time_word(&s.lemmas[h]) && !(ea <= h && h < eb) {
            (a, b) = (ea, eb);
        } else {
            a = a.min(ea);
            b = b.max(eb);
        }
    }
    Some(Arg { head: h, a, b, entity: Some(entity), weapon_class: None, composed: None })
}

/// The actors of the phrase headed by `h`, one per conjunct ("the US and Israel"; "ties
/// with Mordor, Rohan and Bree", where the conjuncts hang on the name found inside).
pub fn actor_args(doc: &Doc, s: &SentenceView, h: usize) -> Vec<Arg> {
    let mut heads = vec![h];
    let mut out: Vec<Arg> = Vec::new();
    let mut k = 0;
    while k < heads.len() && heads.len() < 16 {
        let cur = heads[k];
        k += 1;
        heads.extend(s.children_with(cur, "conj").filter(|&c| s.is_nominal(c) && !heads.contains(&c)).collect::<Vec<_>>());
        let Some(arg) = arg_at(doc, s, cur) else { continue };
        // The entity was found below the head: its own conjuncts are co-participants.
        if let Some(found) = arg.entity.filter(|&e| doc.entities[e].sentence_index == s.index).map(|e| doc.entities[e].token_range(s.tokens).1 - 1) {
            let found_head = (arg.a..arg.b).contains(&found).then_some(found).filter(|&f| f != cur);
            if let Some(f) = found_head.or_else(|| (found != cur).then_some(found)) {
                for c in std::iter::once(f).chain(s.ancestors(f).take_while(|&a| a != cur)) {
                    heads.extend(s.children_with(c, "conj").filter(|&x| s.is_nominal(x) && !heads.contains(&x)).collect::<Vec<_>>());
                }
            }
        }
        // "Lawmakers in Fornost and Gondor": the place's conjuncts are participants too.
        for c in s.children[cur].iter().copied().filter(|&c| matches!(s.base_rel(c), "nmod" | "compound" | "amod") && s.cover[c].iter().any(|&k| doc.entities[k].actor_code.is_some())) {
            heads.extend(s.children_with(c, "conj").filter(|&x| !heads.contains(&x) && s.cover[x].iter().any(|&k| is_actor(doc, k))).collect::<Vec<_>>());
        }
        if !out.iter().any(|o| o.entity == arg.entity) {
            out.push(arg);
        }
    }
    // "Danish media and government": a role without a country takes its conjuncts' country.
    let country = out.iter().find_map(|a| a.entity.and_then(|k| doc.entities[k].country.clone()));
    if let Some(country) = country {
        for a in out.iter_mut() {
            if let Some(e) = a.entity.map(|k| &doc.entities[k]).filter(|e| e.actor_code.is_none() && e.country.is_none()) {
                if let Some(role) = e.role.as_deref() {
                    a.composed = Some(format!("{country}{role}"));
                }
            }
        }
    }
    out
}

/// The first weapon entity in the phrase headed by `h`.
fn weapon_in(doc: &Doc, s: &SentenceView, h: usize) -> Option<Arg> {
    let toks = s.subtree_where(h, &|r| leaves_phrase(r) && r != "conj");
    toks.iter().find_map(|&t| {
        s.cover[t].iter().copied().find(|&k| doc.entities[k].label == EntityLabel::Weapon).map(|k| {
            let (a, b) = doc.entities[k].token_range(s.tokens);
            Arg { head: t, a, b, entity: Some(k), weapon_class: doc.entities[k].weapon_class, composed: None }
        })
    })
}

fn has_actors(args: &[Arg]) -> bool {
    !args.is_empty()
}

/// The actors of the first of `heads` that names any.
fn first_actors(doc: &Doc, s: &SentenceView, heads: impl IntoIterator<Item = usize>) -> Option<Vec<Arg>> {
    heads.into_iter().map(|h| actor_args(doc, s, h)).find(|a| has_actors(a))
}

/// The prepositional modifiers of a noun (`nmod`, not possessors).
fn nmods<'a>(s: &'a SentenceView, h: usize) -> impl Iterator<Item = usize> + 'a {
    s.children[h].iter().copied().filter(move |&c| s.base_rel(c) == "nmod")
}

/// Whether `c`'s preposition is one of `preps`.
fn case_in(s: &SentenceView, c: usize, preps: &[&str]) -> bool {
    s.case_of(c).is_some_and(|p| preps.contains(&p))
}

/// Whether `c` is a "to" clause ("agreed to restore", "to disrupt centrifuges").
fn is_to_clause(s: &SentenceView, c: usize) -> bool {
    matches!(s.base_rel(c), "xcomp" | "advcl") && s.children[c].iter().any(|&m| s.lemmas[m] == "to")
}

/// The subject of verb `v` (or the agent of a passive) and whether `v` is passive.
fn verb_sources(doc: &Doc, s: &SentenceView, v: usize) -> (Vec<Arg>, bool) {
    if let Some(subj) = s.child_with(v, "nsubj:pass") {
        let _ = subj;
        let agent = s.child_with(v, "obl:agent").or_else(|| s.children_with(v, "obl").find(|&o| s.case_of(o) == Some("by")));
        return (agent.map(|a| actor_args(doc, s, a)).unwrap_or_default(), true);
    }
    // Two subjects are coordinated names the parser did not join ("The Philippines and
    // France agree"), or a pronoun beside a name (keep the name).
    let subjects: Vec<usize> = s.children_with(v, "nsubj").collect();
    let named: Vec<usize> = subjects.iter().copied().filter(|&x| !PRONOUNS.contains(&s.lemmas[x].as_str())).collect();
    if named.len() >= 2 {
        let mut all: Vec<Arg> = Vec::new();
        for x in named {
            for a in actor_args(doc, s, x) {
                if !all.iter().any(|o| o.entity == a.entity) {
                    all.push(a);
                }
            }
        }
        return (all, false);
    }
    let subj = named.first().copied().or_else(|| subjects.first().copied());
    if let Some(subj) = subj.or_else(|| s.child_with(v, "csubj")) {
        // "the spy group that has tracked ships": the relative pronoun stands for the noun.
        if s.deprel(v) == "acl:relcl" && matches!(s.lemmas[subj].as_str(), "that" | "which" | "who") {
            if let Some(h) = s.heads[v] {
                return (actor_args(doc, s, h), false);
            }
        }
        return (actor_args(doc, s, subj), false);
    }
    (inherited_sources(doc, s, v), false)
}

/// A subject the verb shares with the clause above it ("urged Bree to help", "ordered
/// to strike", "A and B met and agreed").
fn inherited_sources(doc: &Doc, s: &SentenceView, v: usize) -> Vec<Arg> {
    let mut cur = v;
    for _ in 0..5 {
        let Some(h) = s.heads[cur] else { break };
        let rel = s.deprel(cur);
        let base = s.base_rel(cur);
        let subject = || s.child_with(h, "nsubj").map(|x| actor_args(doc, s, x)).filter(|a| has_actors(a));
        match base {
            // Through a noun ("the order to strike", "strikes aimed at crippling") up to
            // the verb whose subject acts.
            "conj" | "advcl" | "obj" | "acl" if rel != "acl:relcl" => {
                if let Some(a) = subject().filter(|_| s.is_verb(h)) {
                    return a;
                }
            }
            "xcomp" => {
                if OBJECT_CONTROL.contains(&s.lemmas[h].as_str()) {
                    if let Some(a) = s.child_with(h, "obj").map(|x| actor_args(doc, s, x)).filter(|a| has_actors(a)) {
                        return a;
                    }
                }
                if let Some(a) = subject() {
                    return a;
                }
            }
            "acl" => return actor_args(doc, s, h),
            "obl" | "nmod" | "ccomp" => {}
            _ => break,
        }
        cur = h;
    }
    Vec::new()
}

/// Targets of verb `v`: a pattern slot, the object, an indirect object, then a
/// prepositional object ("against Iran"), then one on the object ("sanctions on Iran").
fn verb_targets(doc: &Doc, s: &SentenceView, v: usize, passive: bool) -> (Vec<Arg>, Vec<usize>) {
    let mut objects = Vec::new();
    if passive {
        let subj = s.child_with(v, "nsubj:pass");
        return (subj.map(|x| actor_args(doc, s, x)).unwrap_or_default(), objects);
    }
    // An object without a code ("fired cruise missiles at cities across Ukraine") is the
    // target only when nothing coded comes after.
    let coded = |args: &[Arg]| args.iter().any(|a| a.code(doc).is_some());
    let obj = s.child_with(v, "obj");
    let mut uncoded_obj = Vec::new();
    if let Some(o) = obj {
        objects.push(o);
        let args = actor_args(doc, s, o);
        if coded(&args) {
            return (args, objects);
        }
        uncoded_obj = args;
    }
    let obliques: Vec<usize> = s.children[v].iter().copied().filter(|&c| s.base_rel(c) == "obl" && s.deprel(c) != "obl:agent").collect();
    let obj_nmods = || obj.into_iter().flat_map(|o| nmods(s, o));
    // "Last": where the act goes or comes from ("arrived in Gondor", "left for Minas
    // Tirith", "departed from Libya", "welcomed memos from Bree"). "In" names a target
    // only after a verb of arrival: "met in Vienna" is a place.
    let arrival = matches!(s.lemmas[v].as_str(), "arrive" | "land" | "travel" | "return" | "fly" | "deploy" | "intervene" | "invade");
    let last_resort = |c: usize| case_in(s, c, &["for", "from", "across", "near", "inside"]) || (arrival && case_in(s, c, &["in"]));
    let found = first_actors(doc, s, s.child_with(v, "iobj"))
        // A particle the parser read as a preposition ("cordoned off the roads") leaves an
        // object: tried with the target prepositions.
        .or_else(|| first_actors(doc, s, obliques.iter().copied().filter(|&o| case_in(s, o, TARGET_PREPS) || case_in(s, o, &["off", "up", "down", "out"]))))
        // "called for a boycott against Osgiliath": the target on an oblique's noun.
        .or_else(|| first_actors(doc, s, obliques.iter().flat_map(|&o| nmods(s, o)).filter(|&n| case_in(s, n, TARGET_PREPS))))
        .or_else(|| first_actors(doc, s, obliques.iter().copied().chain(obj_nmods()).filter(|&c| last_resort(c))))
        // The purpose: "signed an accord to supply Gondor".
        .or_else(|| first_actors(doc, s, s.children[v].iter().copied().filter(|&c| is_to_clause(s, c)).filter_map(|c| s.child_with(c, "obj"))))
        .or_else(|| first_actors(doc, s, obj_nmods().filter(|&n| case_in(s, n, TARGET_PREPS))));
    if let Some(args) = found {
        return (args, objects);
    }
    (uncoded_obj, objects)
}

/// Source of an event noun: its possessor or an actor modifier ("Iran's downing",
/// "Iranian attacks", "US sanctions"), an agent ("attack by soldiers"), or the subject
/// of the light verb that carries it ("the US imposed sanctions").
fn noun_sources(doc: &Doc, s: &SentenceView, n: usize) -> Vec<Arg> {
    if let Some(args) = s.child_with(n, "nmod:poss").map(|x| actor_args(doc, s, x)).filter(|a| has_actors(a)) {
        return args;
    }
    for c in s.children[n].iter().copied().filter(|&c| matches!(s.base_rel(c), "amod" | "compound")) {
        if s.cover[c].iter().any(|&k| is_actor(doc, k) && doc.entities[k].actor_code.is_some()) {
            return actor_args(doc, s, c);
        }
    }
    // A name among the words before the noun ("U.S. air strikes", where the parser hung
    // "U.S." on "air").
    let (a, _) = s.phrase(n);
    if let Some(u) = (a..n).find(|&u| s.cover[u].iter().any(|&k| is_actor(doc, k) && doc.entities[k].actor_code.is_some() && doc.entities[k].label != EntityLabel::Agent)) {
        return actor_args(doc, s, u);
    }
    if let Some(args) = s.children[n].iter().copied().find(|&c| matches!(s.base_rel(c), "nmod" | "acl") && s.case_of(c) == Some("by")).map(|x| actor_args(doc, s, x)) {
        if has_actors(&args) {
            return args;
        }
    }
    if let Some(h) = s.heads[n] {
        let carried = matches!(s.deprel(n), "obj" | "nsubj:pass");
        if carried && (LIGHT_VERBS.contains(&s.lemmas[h].as_str()) || super::modality::is_cancel(s, h)) {
            return verb_sources(doc, s, h).0;
        }
        // "blamed Russia for the attack": the accused did it; "the attacks, which US
        // officials blamed on Iran": likewise.
        if s.lemma_in(h, ACCUSE_VERBS) && s.case_of(n) == Some("for") {
            if let Some(args) = s.child_with(h, "obj").map(|o| actor_args(doc, s, o)).filter(|a| has_actors(a)) {
                return args;
            }
        }
    }
    for r in s.children_with(n, "acl:relcl").filter(|&r| s.lemma_in(r, ACCUSE_VERBS)) {
        if let Some(args) = s.children[r].iter().copied().find(|&o| s.base_rel(o) == "obl" && s.case_of(o) == Some("on")).map(|o| actor_args(doc, s, o)).filter(|a| has_actors(a)) {
            return args;
        }
    }
    Vec::new()
}

/// Verbs that name who did an act ("blamed X for the attack").
const ACCUSE_VERBS: &[&str] = &["blame", "accuse", "hold", "suspect", "charge", "indict", "condemn", "implicate"];

fn noun_targets(doc: &Doc, s: &SentenceView, n: usize) -> Vec<Arg> {
    // "strikes aimed at Iranian computers", "attacks targeting US firms": the participle's
    // object or oblique, or the object of its clause.
    let participle_objects = s.children_with(n, "acl").flat_map(|c| {
        s.children[c].iter().copied().filter(|&d| matches!(s.base_rel(d), "obj" | "obl" | "advcl" | "xcomp")).filter_map(|d| if matches!(s.base_rel(d), "advcl" | "xcomp") { s.child_with(d, "obj") } else { Some(d) })
    });
    // The light verb's oblique: "launched attacks against the US", "sanctions were
    // imposed on Iran".
    let light_obliques = s.heads[n]
        .filter(|&h| matches!(s.deprel(n), "obj" | "nsubj:pass") && LIGHT_VERBS.contains(&s.lemmas[h].as_str()))
        .into_iter()
        .flat_map(|h| s.children[h].iter().copied().filter(|&o| s.base_rel(o) == "obl" && case_in(s, o, TARGET_PREPS)));
    first_actors(doc, s, nmods(s, n).filter(|&c| case_in(s, c, NOUN_TARGET_PREPS)))
        .or_else(|| first_actors(doc, s, participle_objects))
        .or_else(|| first_actors(doc, s, light_obliques))
        .unwrap_or_default()
}

/// The instrument: a weapon in a "with"/"using" phrase of the trigger or its clause, or
/// the weapon object of a governing "use"/"deploy" ("used phishing emails to hack").
fn instrument(doc: &Doc, s: &SentenceView, t: usize) -> Option<Arg> {
    let mut heads = vec![t];
    if !s.is_verb(t) {
        heads.extend(s.heads[t]);
    }
    // "fired rockets at Israel": the weapon a firing verb takes as its object.
    if s.is_verb(t) && INSTRUMENT_VERBS.contains(&s.lemmas[t].as_str()) {
        if let Some(w) = s.child_with(t, "obj").and_then(|o| weapon_in(doc, s, o)) {
            return Some(w);
        }
    }
    for &h in &heads {
        for c in s.children[h].iter().copied().filter(|&c| matches!(s.base_rel(c), "obl" | "nmod")) {
            let case = s.case_of(c);
            if case.is_some_and(|p| INSTRUMENT_PREPS.contains(&p)) || (case == Some("in") && ATTACK_NOUNS.contains(&s.lemmas[c].as_str())) {
                if let Some(w) = weapon_in(doc, s, c) {
                    return Some(w);
                }
            }
        }
        // "attacked Iran using drones": the participle's object.
        for c in s.children[h].iter().copied().filter(|&c| matches!(s.base_rel(c), "advcl" | "xcomp") && matches!(s.lemmas[c].as_str(), "use" | "employ" | "deploy")) {
            if let Some(w) = s.child_with(c, "obj").and_then(|o| weapon_in(doc, s, o)) {
                return Some(w);
            }
        }
    }
    for a in s.ancestors(t).take(4) {
        if INSTRUMENT_VERBS.contains(&s.lemmas[a].as_str()) {
            if let Some(w) = s.child_with(a, "obj").and_then(|o| weapon_in(doc, s, o)) {
                return Some(w);
            }
        }
    }
    // A means that is not a weapon ("used phishing emails to hack into US systems"): the
    // object of a governing "use"/"employ", when it names no actor.
    for a in s.ancestors(t).take(4) {
        if matches!(s.lemmas[a].as_str(), "use" | "employ") {
            if let Some(o) = s.child_with(a, "obj").filter(|&o| s.is_nominal(o) && s.upos(o) != "PRON" && s.cover[o].is_empty()) {
                let (a, b) = s.phrase(o);
                return Some(Arg { head: o, a, b, entity: None, weapon_class: None, composed: None });
            }
        }
    }
    None
}

/// Where: a place entity in an "in"/"at"/"near" phrase of the trigger or its clause.
fn location(doc: &Doc, s: &SentenceView, t: usize, exclude: &[&Arg]) -> Option<Arg> {
    let mut heads = vec![t];
    if let Some(h) = s.heads[t].filter(|_| !s.is_verb(t)) {
        heads.push(h);
    }
    for h in heads {
        for c in s.children[h].iter().copied().filter(|&c| matches!(s.base_rel(c), "obl" | "nmod")) {
            if !s.case_of(c).is_some_and(|p| PLACE_PREPS.contains(&p)) {
                continue;
            }
            // The place must be what the phrase names ("in Baghdad"), not a word inside
            // it ("in response to the downing of a US drone").
            for u in [c] {
                if let Some(&k) = s.cover[u].iter().find(|&&k| matches!(doc.entities[k].label, EntityLabel::Gpe | EntityLabel::Loc)) {
                    if exclude.iter().any(|x| x.entity == Some(k)) {
                        continue;
                    }
                    let (a, b) = doc.entities[k].token_range(s.tokens);
                    return Some(Arg { head: u, a, b, entity: Some(k), weapon_class: None, composed: None });
                }
            }
        }
    }
    None
}

/// The action text: the trigger, its particles, and a negation or auxiliary right
/// before it is not included (they are flags).
fn action_tokens(t: usize, extra: &[usize]) -> (usize, usize) {
    let a = extra.iter().copied().chain([t]).min().unwrap_or(t);
    let b = extra.iter().copied().chain([t]).max().unwrap_or(t) + 1;
    (a, b)
}

fn slot_args(doc: &Doc, s: &SentenceView, slot: Option<usize>) -> Option<Vec<Arg>> {
    let pos = slot.filter(|&p| p < s.len())?;
    // The actor at or after the slot position.
    let t = (pos..s.len()).find(|&t| s.cover[t].iter().any(|&k| is_actor(doc, k)))?;
    let args = actor_args(doc, s, t);
    (!args.is_empty()).then_some(args)
}

/// The event frame of a dictionary trigger at `t`.
#[allow(clippy::too_many_arguments)]
pub fn frame(doc: &Doc, s: &SentenceView, t: usize, extra: &[usize], coding: Coding, slots: Slots, noun: bool, from_pattern: bool) -> Option<Frame> {
    let (mut sources, passive, mut targets, objects) = if noun {
        (noun_sources(doc, s, t), false, noun_targets(doc, s, t), Vec::new())
    } else {
        let (src, passive) = verb_sources(doc, s, t);
        let (tgt, objects) = verb_targets(doc, s, t, passive);
        (src, passive, tgt, objects)
    };
    let _ = passive;
    if let Some(a) = slot_args(doc, s, slots.source) {
        sources = a;
    }
    if let Some(a) = slot_args(doc, s, slots.target) {
        targets = a;
    }
    // A warning or threat about an act: its target is the actor of that act ("warned
    // that a US military strike would ...").
    if targets.is_empty() && coding.forward.as_deref().is_some_and(|c| c.starts_with("13")) {
        // "threatened to impose tariffs on China", "warned it would strike US bases": the
        // target of the threatened act; else "warned that a US strike would ...": its actor.
        for c in s.children[t].iter().copied().filter(|&c| matches!(s.base_rel(c), "ccomp" | "xcomp") || (s.base_rel(c) == "advcl" && s.children[c].iter().any(|&m| s.lemmas[m] == "to"))) {
            if s.is_verb(c) {
                let (_, passive) = verb_sources(doc, s, c);
                targets = verb_targets(doc, s, c, passive).0;
            }
            if targets.is_empty() {
                let subj = s.child_with(c, "nsubj").or_else(|| s.child_with(c, "nsubj:pass"));
                targets = subj.filter(|&x| !PRONOUNS.contains(&s.lemmas[x].as_str())).map(|x| actor_args(doc, s, x)).unwrap_or_default();
            }
            if !targets.is_empty() {
                break;
            }
        }
    }
    // A target that is also the source ("Gondor's government ... Gondor") is dropped.
    targets.retain(|t| !sources.iter().any(|x| x.entity == t.entity));
    if noun && sources.is_empty() && targets.is_empty() {
        return None;
    }
    let instrument = instrument(doc, s, t);
    let location = {
        let exclude: Vec<&Arg> = sources.iter().chain(&targets).collect();
        location(doc, s, t, &exclude)
    };
    Some(Frame { trigger: t, action: action_tokens(t, extra), coding, sources, targets, instrument, location, objects, from_pattern })
}

/// A weapon used by a verb not in the dictionary ("deployed the Stuxnet virus to disrupt
/// centrifuges at an Iranian facility"): an attack with that instrument, its target the
/// actor of the purpose clause or of a target phrase.
pub fn weapon_use(doc: &Doc, s: &SentenceView, v: usize) -> Option<Frame> {
    if !s.is_verb(v) || !INSTRUMENT_VERBS.contains(&s.lemmas[v].as_str()) {
        return None;
    }
    let obj = s.child_with(v, "obj")?;
    let weapon = weapon_in(doc, s, obj)?;
    let (sources, _) = verb_sources(doc, s, v);
    let mut targets = first_actors(doc, s, s.children[v].iter().copied().filter(|&c| s.base_rel(c) == "obl" && case_in(s, c, TARGET_PREPS)))
        // What the weapon did: "launched the drones that hit Saudi oil facilities".
        .or_else(|| first_actors(doc, s, s.children_with(obj, "acl").filter_map(|r| s.child_with(r, "obj"))))
        // The purpose: "to disrupt centrifuges at an Iranian facility".
        .or_else(|| {
            let purposes = s.children[v].iter().copied().filter(|&c| matches!(s.base_rel(c), "advcl" | "xcomp"));
            first_actors(doc, s, purposes.flat_map(|c| s.children[c].iter().copied().filter(|&d| matches!(s.base_rel(d), "obj" | "obl"))))
        })
        .unwrap_or_default();
    targets.retain(|t| !sources.iter().any(|x| x.entity == t.entity));
    // Without a target it is a use, not an attack ("the hackers used phishing emails to
    // try and hack into US systems" is coded at "hack", with this instrument).
    if targets.is_empty() {
        return None;
    }
    let cyber = weapon.weapon_class == Some(WeaponClass::Cyber);
    let coding = Coding { forward: Some(if cyber { "170" } else { "190" }.to_string()), reverse: None, cyber };
    // The purpose clause is part of this event, not another one.
    let mut objects = vec![obj];
    objects.extend(s.children[v].iter().copied().filter(|&c| matches!(s.base_rel(c), "advcl" | "xcomp")));
    let location = {
        let exclude: Vec<&Arg> = sources.iter().chain(&targets).collect();
        location(doc, s, v, &exclude)
    };
    Some(Frame { trigger: v, action: (v, v + 1), coding, sources, targets, instrument: Some(weapon), location, objects, from_pattern: false })
}
