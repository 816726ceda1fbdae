//! Lemmas from form and part of speech: learned suffix rules for words never seen
//! ("downed" → down), exceptions where a seen word breaks its rule ("struck" → strike,
//! "was" → be), and a hand list of irregular verbs for the ones the treebank lacks.
//!
//! `dyad train pos` learns the rules and exceptions from the treebank's word types and
//! writes them as TSV (`rule UPOS suffix strip append` / `word UPOS form lemma`).

use std::collections::HashMap;

/// Longest suffix a rule is keyed on.
const MAX_SUFFIX: usize = 5;

/// Parts of speech whose words inflect in English; others keep their (lower-cased) form.
const INFLECTING: [&str; 5] = ["VERB", "AUX", "NOUN", "ADJ", "ADV"];

#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// (UPOS, suffix) → (chars to strip, text to append).
    rules: HashMap<(String, String), (usize, String)>,
    /// (lower-cased form, UPOS) → lemma, where the rules get a seen word wrong.
    exceptions: HashMap<(String, String), String>,
    /// Irregular verb forms (form → lemma), from the hand list.
    irregular: HashMap<String, String>,
}

impl Lemmatizer {
    /// Learns rules and exceptions from (form, UPOS, gold lemma) triples.
    pub fn learn<'a>(words: impl Iterator<Item = (&'a str, &'a str, &'a str)>) -> Lemmatizer {
        // Majority lemma per (lower form, UPOS).
        let mut seen: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
        for (form, upos, lemma) in words {
            if lemma == "_" || form.is_empty() {
                continue;
            }
            *seen.entry((form.to_lowercase(), upos.to_string())).or_default().entry(lemma.to_string()).or_default() += 1;
        }
        let majority: Vec<((String, String), String)> = seen
            .into_iter()
            .map(|(k, lemmas)| {
                let best = lemmas.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))).map(|(l, _)| l).unwrap_or_default();
                (k, best)
            })
            .collect();
        // Rules from word types: the most frequent transform per (UPOS, suffix).
        let mut counts: HashMap<(String, String), HashMap<(usize, String), usize>> = HashMap::new();
        for ((lower, upos), lemma) in &majority {
            if !INFLECTING.contains(&upos.as_str()) {
                continue;
            }
            let t = transform(lower, &lemma.to_lowercase());
            let chars: Vec<char> = lower.chars().collect();
            for k in 1..=MAX_SUFFIX.min(chars.len().saturating_sub(1)) {
                let suffix: String = chars[chars.len() - k..].iter().collect();
                *counts.entry((upos.clone(), suffix)).or_default().entry(t.clone()).or_default() += 1;
            }
        }
        let rules = counts
            .into_iter()
            .filter_map(|(key, ts)| {
                let total: usize = ts.values().sum();
                let (t, n) = ts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
                // A rule must be seen twice and hold for most words it covers.
                (n >= 2 && n * 2 > total).then_some((key, t))
            })
            .collect();
        let mut out = Lemmatizer { rules, ..Lemmatizer::default() };
        for ((lower, upos), lemma) in majority {
            if out.by_rule(&lower, &upos) != lemma {
                out.exceptions.insert((lower, upos), lemma);
            }
        }
        out
    }

    /// Adds the hand list of irregular verbs (`form<TAB>lemma` lines, `#` comments).
    pub fn with_irregular(mut self, tsv: &str) -> Lemmatizer {
        for line in tsv.lines().filter(|l| !l.starts_with('#')) {
            if let Some((form, lemma)) = line.split_once('\t') {
                self.irregular.insert(form.trim().to_lowercase(), lemma.trim().to_string());
            }
        }
        self
    }

    /// The lemma of `form` tagged `upos`.
    pub fn lemma(&self, form: &str, upos: &str) -> String {
        if upos == "PROPN" {
            return form.to_string();
        }
        let lower = form.to_lowercase();
        if let Some(l) = self.exceptions.get(&(lower.clone(), upos.to_string())) {
            return l.clone();
        }
        if matches!(upos, "VERB" | "AUX") {
            if let Some(l) = self.irregular.get(&lower) {
                return l.clone();
            }
        }
        self.by_rule(&lower, upos)
    }

    fn by_rule(&self, lower: &str, upos: &str) -> String {
        if !INFLECTING.contains(&upos) {
            return lower.to_string();
        }
        let chars: Vec<char> = lower.chars().collect();
        for k in (1..=MAX_SUFFIX.min(chars.len().saturating_sub(1))).rev() {
            let suffix: String = chars[chars.len() - k..].iter().collect();
            if let Some((strip, append)) = self.rules.get(&(upos.to_string(), suffix)) {
                if *strip < chars.len() {
                    let mut out: String = chars[..chars.len() - strip].iter().collect();
                    out.push_str(append);
                    return out;
                }
            }
        }
        lower.to_string()
    }

    /// The learned rules and exceptions as TSV (sorted, so training writes the same file).
    pub fn to_tsv(&self) -> String {
        let mut lines: Vec<String> = self.rules.iter().map(|((u, s), (k, a))| format!("rule\t{u}\t{s}\t{k}\t{a}")).collect();
        lines.extend(self.exceptions.iter().map(|((f, u), l)| format!("word\t{u}\t{f}\t{l}")));
        lines.sort();
        let mut out = String::from("# dyad lemmatizer: rule UPOS suffix strip append | word UPOS form lemma\n");
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
        out
    }

    /// Reads what [`Lemmatizer::to_tsv`] wrote; errors give the line.
    pub fn from_tsv(tsv: &str) -> Result<Lemmatizer, String> {
        let mut out = Lemmatizer::default();
        for (i, line) in tsv.lines().enumerate() {
            if line.starts_with('#') || line.is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            match cols.as_slice() {
                ["rule", u, s, k, a] => {
                    let k = k.parse().map_err(|_| format!("line {}: bad strip count {k:?}", i + 1))?;
                    out.rules.insert((u.to_string(), s.to_string()), (k, a.to_string()));
                }
                ["rule", u, s, k] => {
                    let k = k.parse().map_err(|_| format!("line {}: bad strip count {k:?}", i + 1))?;
                    out.rules.insert((u.to_string(), s.to_string()), (k, String::new()));
                }
                ["word", u, f, l] => {
                    out.exceptions.insert((f.to_string(), u.to_string()), l.to_string());
                }
                _ => return Err(format!("line {}: expected `rule` or `word` row", i + 1)),
            }
        }
        Ok(out)
    }

    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    pub fn exception_count(&self) -> usize {
        self.exceptions.len()
    }
}

/// (chars to strip from the form's end, text to append) that turns `form` into `lemma`.
fn transform(form: &str, lemma: &str) -> (usize, String) {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    (f.len() - common, l[common..].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Lemmatizer {
        let words = [
            ("launched", "VERB", "launch"),
            ("jumped", "VERB", "jump"),
            ("walked", "VERB", "walk"),
            ("strikes", "NOUN", "strike"),
            ("cats", "NOUN", "cat"),
            ("dogs", "NOUN", "dog"),
            ("was", "AUX", "be"),
            ("Iran", "PROPN", "Iran"),
        ];
        Lemmatizer::learn(words.into_iter()).with_irregular("struck\tstrike\n")
    }

    #[test]
    fn rules_generalise_and_exceptions_hold() {
        let l = sample();
        assert_eq!(l.lemma("downed", "VERB"), "down");
        assert_eq!(l.lemma("Launched", "VERB"), "launch");
        assert_eq!(l.lemma("missiles", "NOUN"), "missile");
        assert_eq!(l.lemma("was", "AUX"), "be");
        assert_eq!(l.lemma("struck", "VERB"), "strike");
        assert_eq!(l.lemma("Iran", "PROPN"), "Iran");
        assert_eq!(l.lemma("The", "DET"), "the");
    }

    #[test]
    fn tsv_round_trips() {
        let l = sample();
        let back = Lemmatizer::from_tsv(&l.to_tsv()).unwrap().with_irregular("struck\tstrike\n");
        for (w, u) in [("downed", "VERB"), ("was", "AUX"), ("dogs", "NOUN")] {
            assert_eq!(back.lemma(w, u), l.lemma(w, u));
        }
        assert!(Lemmatizer::from_tsv("bogus\n").unwrap_err().contains("line 1"));
    }
}
