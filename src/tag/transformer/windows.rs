//! Pure bookkeeping of the transformer backend: letter-case classes of word-pieces,
//! sliding windows over long sentences, and BIO decoding of word labels.

use std::ops::Range;

use crate::doc::EntityLabel;

/// The letter-case class of a word-piece's original text, fed to the model through
/// token_type_ids: 0 lower (also no letters), 1 Capitalized, 2 ALLCAPS (2+ letters),
/// 3 other (iPhone, McD). Must stay in step with `case_class` in
/// scripts/train_transformer_ner.py, which trained the shipped model.
pub fn case_class(text: &str) -> i64 {
    let mut letters = text.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else { return 0 };
    let mut rest_len = 0usize;
    let (mut rest_upper, mut rest_all_upper) = (false, true);
    for c in letters {
        rest_len += 1;
        let up = c.is_uppercase();
        rest_upper |= up;
        rest_all_upper &= up;
    }
    match (first.is_uppercase(), rest_upper) {
        (false, false) => 0,
        (true, _) if rest_len > 0 && rest_all_upper => 2,
        (true, false) => 1,
        _ => 3,
    }
}

/// One model input over words `words` of a sentence; labels are taken only for the
/// words in `owned` (the middle part), so each word is labelled by exactly one window,
/// the one where it has the most context on both sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub words: Range<usize>,
    pub owned: Range<usize>,
}

/// Windows over a sentence whose words have `pieces[i]` word-pieces each (every count at
/// most `budget`, the pieces a window holds besides [CLS]/[SEP]). A sentence that fits is
/// one window. A longer one gets windows that overlap by up to half the budget (the
/// stride), so that no word is cut off and every word is owned by exactly one window.
pub fn plan_windows(pieces: &[usize], budget: usize) -> Vec<Window> {
    let n = pieces.len();
    let budget = budget.max(1);
    let mut spans: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    while start < n {
        let (mut end, mut used) = (start, 0);
        while end < n && used + pieces[end] <= budget {
            used += pieces[end];
            end += 1;
        }
        // A word longer than the budget was capped by the caller; this guards progress.
        end = end.max(start + 1);
        spans.push(start..end);
        if end >= n {
            break;
        }
        // Left context for the next window: up to half the budget, and room for the next word.
        let room = (budget / 2).min(budget.saturating_sub(pieces[end]));
        let (mut next, mut context) = (end, 0);
        while next > start + 1 && context + pieces[next - 1] <= room {
            context += pieces[next - 1];
            next -= 1;
        }
        start = next;
    }
    let mut windows: Vec<Window> = Vec::with_capacity(spans.len());
    for (k, w) in spans.iter().enumerate() {
        // Overlaps are split in the middle between the two windows.
        let own_start = if k == 0 { w.start } else { (w.start + spans[k - 1].end) / 2 };
        let own_end = spans.get(k + 1).map_or(w.end, |next| (next.start + w.end) / 2);
        windows.push(Window { words: w.clone(), owned: own_start..own_end.max(own_start) });
    }
    windows
}

/// How a model label string reads: its BIO role and dyad label (None: a type dyad does
/// not tag, like DATE from an OntoNotes model, or O).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelLabel {
    pub begins: bool,
    pub label: Option<EntityLabel>,
}

/// Maps a model's label ("B-PER", "I-ORG", "S-LOC", "E-MISC", "PER", "O") onto dyad's
/// label contract: CoNLL's PER/ORG/LOC/MISC and OntoNotes' PERSON/ORG/GPE/LOC/NORP.
pub fn parse_label(raw: &str) -> ModelLabel {
    let upper = raw.trim().to_ascii_uppercase();
    let (prefix, ty) = match upper.split_once(['-', '_']) {
        Some((p, t)) if p.len() == 1 => (p, t),
        _ => ("I", upper.as_str()),
    };
    let label = match ty {
        "PER" | "PERSON" => Some(EntityLabel::Person),
        "ORG" | "ORGANIZATION" => Some(EntityLabel::Org),
        "LOC" | "LOCATION" => Some(EntityLabel::Loc),
        "GPE" => Some(EntityLabel::Gpe),
        "MISC" => Some(EntityLabel::Misc),
        "NORP" => Some(EntityLabel::Norp),
        _ => None,
    };
    // S-/U- (single) open an entity like B-; E-/L- (last) continue one like I-.
    ModelLabel { begins: matches!(prefix, "B" | "S" | "U"), label: if prefix == "O" { None } else { label } }
}

/// Entity spans (word range, label, mean probability) from per-word labels; `None`
/// words (no word-piece) are outside. An I- that does not continue its type opens an
/// entity, as conlleval reads it.
pub fn decode(words: &[Option<(ModelLabel, f32)>]) -> Vec<(Range<usize>, EntityLabel, f32)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityLabel, f32)> = None;
    for (i, w) in words.iter().enumerate() {
        let cur = w.and_then(|(m, p)| m.label.map(|l| (m.begins, l, p)));
        match (cur, open) {
            (Some((false, l, p)), Some((s, ol, sum))) if l == ol => open = Some((s, ol, sum + p)),
            (cur, prev) => {
                if let Some((s, l, sum)) = prev {
                    out.push((s..i, l, sum / (i - s) as f32));
                }
                open = cur.map(|(_, l, p)| (i, l, p));
            }
        }
    }
    if let Some((s, l, sum)) = open {
        out.push((s..words.len(), l, sum / (words.len() - s) as f32));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_classes_match_the_training_script() {
        // Same cases as the script's self-check: lower, Capitalized, ALLCAPS, other.
        let got: Vec<i64> = ["mc", "DONALD", "a", "A", "iPhone", "123", "Café", "É", "McD", "U.S.", ""].iter().map(|s| case_class(s)).collect();
        assert_eq!(got, [0, 2, 0, 1, 3, 0, 1, 1, 3, 2, 0]);
    }

    #[test]
    fn short_sentences_are_one_window() {
        assert_eq!(plan_windows(&[1, 2, 3], 6), [Window { words: 0..3, owned: 0..3 }]);
        assert!(plan_windows(&[], 6).is_empty());
    }

    #[test]
    fn every_word_is_owned_by_exactly_one_window() {
        for budget in [1, 2, 3, 5, 8, 13] {
            for n in [1, 2, 7, 40, 101] {
                let pieces: Vec<usize> = (0..n).map(|i| 1 + (i * 7 + 3) % budget.min(4)).map(|p| p.min(budget)).collect();
                let windows = plan_windows(&pieces, budget);
                let mut owner = vec![0; n];
                for w in &windows {
                    assert!(w.owned.start >= w.words.start && w.owned.end <= w.words.end, "{w:?}");
                    assert!(pieces[w.words.clone()].iter().sum::<usize>() <= budget);
                    for i in w.owned.clone() {
                        owner[i] += 1;
                    }
                }
                assert!(owner.iter().all(|&c| c == 1), "budget {budget} n {n}: {owner:?} {windows:?}");
            }
        }
    }

    #[test]
    fn labels_map_onto_the_contract() {
        let l = |s| parse_label(s);
        assert_eq!(l("B-PER"), ModelLabel { begins: true, label: Some(EntityLabel::Person) });
        assert_eq!(l("I-ORG").label, Some(EntityLabel::Org));
        assert_eq!(l("S-GPE"), ModelLabel { begins: true, label: Some(EntityLabel::Gpe) });
        assert_eq!(l("E-LOC"), ModelLabel { begins: false, label: Some(EntityLabel::Loc) });
        assert_eq!(l("MISC"), ModelLabel { begins: false, label: Some(EntityLabel::Misc) });
        assert_eq!(l("B-NORP").label, Some(EntityLabel::Norp));
        assert_eq!(l("O").label, None);
        assert_eq!(l("B-DATE").label, None);
    }

    #[test]
    fn bio_decoding() {
        let m = |s: &str| Some((parse_label(s), 0.5f32));
        let words = [m("B-PER"), m("I-PER"), m("B-PER"), m("O"), m("I-LOC"), m("I-LOC"), None, m("I-ORG"), m("I-MISC")];
        let got: Vec<_> = decode(&words).into_iter().map(|(r, l, _)| (r, l)).collect();
        assert_eq!(got, [(0..2, EntityLabel::Person), (2..3, EntityLabel::Person), (4..6, EntityLabel::Loc), (7..8, EntityLabel::Org), (8..9, EntityLabel::Misc)]);
    }
}
