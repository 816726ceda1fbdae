//! Whether an event happened: negation ("did not attack", "called off the strike"),
//! modality (threatened, planned, hypothetical, reported) and who it is attributed to.
//! All of it is read off the dependency tree above the trigger.

use super::sentence::SentenceView;
use crate::doc::Modality;

/// Verbs that undo the act below them ("rescinded the order to strike", "called off
/// the retaliation", "held back from conducting airstrikes", "denied attacking").
const CANCEL: &[&str] = &["cancel", "rescind", "abandon", "scrap", "abort", "postpone", "suspend", "halt", "refrain", "avert", "deny", "fail", "drop", "shelve", "forgo", "forego", "renounce", "revoke", "veto", "thwart", "foil", "prevent"];
/// Verb + particle pairs with the same effect.
const CANCEL_PHRASAL: &[(&str, &str)] = &[("call", "off"), ("hold", "back"), ("hold", "off"), ("back", "down"), ("stand", "down"), ("put", "off"), ("back", "away")];
/// Verbs reporting what someone said or others said.
pub const SPEECH: &[&str] = &[
    "say", "tell", "report", "claim", "state", "add", "announce", "confirm", "allege", "assert", "insist", "note", "write", "declare", "disclose", "reveal", "acknowledge", "admit", "cite", "quote", "explain", "indicate", "suggest",
];
/// Verbs whose complement is a threat or a warning.
const THREAT: &[&str] = &["threaten", "warn", "vow", "menace"];
/// Verbs whose complement is planned: "plans to", "is preparing to".
const PLAN: &[&str] = &["plan", "intend", "prepare", "aim", "propose", "schedule", "mean", "seek", "decide", "agree", "promise", "pledge", "expect", "consider"];
/// Words that make a clause conditional.
const CONDITIONAL: &[&str] = &["if", "unless", "whether", "lest"];

/// Relations through which a verb above governs the act below it.
fn governs(rel: &str) -> bool {
    let base = rel.split_once(':').map_or(rel, |(a, _)| a);
    matches!(base, "xcomp" | "ccomp" | "obj" | "acl" | "advcl" | "obl" | "nmod" | "csubj" | "nsubj" | "parataxis")
}

/// Whether the verb above undoes what it governs through this relation: its object or
/// complement ("called off the strike", "rescinded the order to strike"), or a "from"
/// phrase ("held back from conducting airstrikes"); not a time or reason phrase
/// ("rescinded the order following Iran's downing of a drone").
fn cancels_through(s: &SentenceView, below: usize) -> bool {
    match s.base_rel(below) {
        "obj" | "xcomp" | "ccomp" | "acl" => true,
        // "held back from conducting", "rescinded the order to strike".
        "advcl" | "obl" => matches!(s.case_of(below), Some("from" | "to")),
        _ => false,
    }
}

/// Whether `v` is a verb that undoes the act below it ("call off", "rescind").
pub fn is_cancel(s: &SentenceView, v: usize) -> bool {
    let lemma = s.lemmas[v].as_str();
    CANCEL.contains(&lemma) || s.children[v].iter().any(|&p| matches!(s.base_rel(p), "compound" | "advmod") && CANCEL_PHRASAL.contains(&(lemma, s.lemmas[p].as_str())))
}

fn has_negator(s: &SentenceView, t: usize) -> bool {
    s.children[t].iter().any(|&c| matches!(s.lemmas[c].as_str(), "not" | "never" | "n't" | "no") && matches!(s.base_rel(c), "advmod" | "det" | "neg"))
}

/// The chain of governing tokens above `t` (at most four steps, staying inside the
/// relations that pass meaning down), each with the token below it.
pub fn governors(s: &SentenceView, t: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut cur = t;
    for _ in 0..4 {
        let Some(h) = s.heads[cur] else { break };
        if !governs(s.deprel(cur)) {
            break;
        }
        out.push((h, cur));
        cur = h;
    }
    out
}

/// The verb that undoes the act at `t` ("called off" the strike), if any.
pub fn cancelled_by(s: &SentenceView, t: usize) -> Option<usize> {
    let mut chain_cancels = true;
    for (h, below) in governors(s, t) {
        // Only a chain of objects and complements carries the cancelling down.
        chain_cancels &= cancels_through(s, below);
        if !chain_cancels {
            return None;
        }
        if is_cancel(s, h) {
            return Some(h);
        }
    }
    None
}

/// Whether the act at trigger `t` is said not to have happened.
pub fn negated(s: &SentenceView, t: usize) -> bool {
    if has_negator(s, t) || cancelled_by(s, t).is_some() {
        return true;
    }
    // "did not try to strike": a negated verb governing by complement.
    governors(s, t).into_iter().any(|(h, below)| has_negator(s, h) && matches!(s.base_rel(below), "xcomp" | "obj") && s.is_verb(h))
}

/// What the text says about the act at `t`: modality and the token of whoever it is
/// attributed to (the subject of a governing speech verb).
pub fn modality(s: &SentenceView, t: usize) -> (Modality, Option<usize>) {
    let mut modality = Modality::Asserted;
    let mut speaker = None;
    // The clause the trigger belongs to: a noun trigger takes its verb's auxiliaries.
    // A noun trigger's clause is the predicate it belongs to, verbal or not ("a US strike
    // would be a mistake").
    let clause = if s.is_verb(t) {
        t
    } else if matches!(s.base_rel(t), "nsubj" | "obj" | "obl" | "iobj") {
        s.heads[t].unwrap_or(t)
    } else {
        s.ancestors(t).find(|&a| s.is_verb(a)).unwrap_or(t)
    };
    // A coordinated verb shares its head's auxiliaries ("will set the region ablaze and
    // burn up the US").
    let aux_of = if s.deprel(clause) == "conj" && s.child_with(clause, "aux").is_none() { s.heads[clause].unwrap_or(clause) } else { clause };
    let aux: Vec<&str> = s.children_with(aux_of, "aux").map(|a| s.lemmas[a].as_str()).collect();
    let future = aux.iter().any(|a| matches!(*a, "will" | "shall" | "'ll" | "wo"));
    let conditional_aux = aux.iter().any(|a| matches!(*a, "would" | "could" | "might" | "may" | "should" | "can" | "must"));
    if s.children[clause].iter().any(|&c| s.base_rel(c) == "mark" && CONDITIONAL.contains(&s.lemmas[c].as_str())) {
        return (Modality::Hypothetical, None);
    }
    if s.children[clause].iter().any(|&c| matches!(s.lemmas[c].as_str(), "reportedly" | "allegedly" | "purportedly")) {
        modality = Modality::Reported;
    }
    let mut under_speech = false;
    // Whether the nearest verb above is one of saying ("said the US would ...").
    let mut nearest_speech = None;
    for (k, (h, below)) in governors(s, clause).into_iter().enumerate() {
        let lemma = s.lemmas[h].as_str();
        if s.children[h].iter().any(|&c| s.base_rel(c) == "mark" && CONDITIONAL.contains(&s.lemmas[c].as_str())) {
            return (Modality::Hypothetical, None);
        }
        if THREAT.contains(&lemma) && s.is_verb(h) {
            return (Modality::Threatened, s.child_with(h, "nsubj"));
        }
        if PLAN.contains(&lemma) && s.is_verb(h) && k == 0 && matches!(s.base_rel(below), "xcomp" | "advcl") {
            modality = Modality::Planned;
        }
        if s.is_verb(h) && nearest_speech.is_none() {
            nearest_speech = Some(SPEECH.contains(&lemma));
        }
        if SPEECH.contains(&lemma) && speaker.is_none() {
            under_speech = true;
            // "It was reported that ...": reported, by no one named.
            speaker = s.child_with(h, "nsubj").or_else(|| s.child_with(h, "obl:agent")).filter(|&x| s.lemmas[x] != "it" && s.deprel(x) != "expl");
            if speaker.is_none() {
                modality = Modality::Reported;
            }
        }
    }
    // A quotation: “...,” the general told the agency. The speech verb hangs beside the
    // quoted clauses (parataxis) rather than above them.
    if speaker.is_none() && s.words.iter().any(|w| matches!(*w, "“" | "”" | "\"")) {
        let quoting = (0..s.len()).find(|&v| s.is_verb(v) && SPEECH.contains(&s.lemmas[v].as_str()) && matches!(s.base_rel(v), "parataxis" | "root") && !s.ancestors(t).any(|a| a == v) && v != t);
        if let Some(v) = quoting {
            speaker = s.child_with(v, "nsubj");
            under_speech = speaker.is_some();
            nearest_speech.get_or_insert(true);
        }
    }
    // A time to come in the clause ("Monday next week", "tomorrow").
    let future_time = s.subtree_where(clause, &|_| false).iter().any(|&k| matches!(s.lemmas[k].as_str(), "next" | "tomorrow" | "upcoming" | "coming"));
    if future {
        modality = Modality::Planned;
    } else if conditional_aux && modality == Modality::Asserted {
        // "said the US would announce sanctions" is a plan; "learned that 150 people
        // would be killed" a hypothesis.
        modality = if nearest_speech == Some(true) || future_time { Modality::Planned } else { Modality::Hypothetical };
    }
    let _ = under_speech;
    if modality == Modality::Asserted && speaker.is_some() {
        modality = Modality::Reported;
    }
    (modality, speaker)
}
