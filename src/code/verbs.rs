//! The verb dictionary: which words trigger an event and which CAMEO code they take.
//!
//! dyad's format is a plain TSV a user can extend (`--verbs FILE`) and check
//! (`dyad dict check`); `dyad dict import-petrarch` converts PETRARCH2 verb files into it
//! ([`super::petrarch`]). One row per record, the first column its kind:
//!
//! | kind | columns | meaning |
//! |---|---|---|
//! | `synset` | name, phrase | `&name` in a pattern matches any of its phrases |
//! | `verb` | phrase, code, group | a verb (`call +off`: particles after the verb; `wire +tap`: the `+` word is the verb when there are several) |
//! | `noun` | phrase, code, group | an event noun ("strike", "sanctions"): codes when an actor is attached to it |
//! | `form` | inflected, lemma | an irregular verb form the lemmatizer may miss |
//! | `pattern` | group, code, pattern | a more specific code when the verb's clause matches `pattern` |
//!
//! Codes are CAMEO codes: `190`; `042:043` (the second for the target acting on the
//! source); `:173` (only the reverse); `---` (no event). A trailing `+cyber` marks a
//! cyber operation. Patterns are PETRARCH's: words and `&synsets` before `*` (the verb)
//! must occur before it in its clause, those after it after it, `{a b}` consecutive,
//! `(prep noun)` a prepositional phrase, `$` / `+` the place of the source / target.

use std::collections::HashMap;
use std::path::Path;

/// A CAMEO coding: the code for source → target and the code for target → source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coding {
    pub forward: Option<String>,
    pub reverse: Option<String>,
    pub cyber: bool,
}

impl Coding {
    /// Parses `190`, `042:043`, `:173`, `---`, with an optional `+cyber`.
    pub fn parse(field: &str) -> Result<Coding, String> {
        let field = field.trim().trim_start_matches('[').trim_end_matches(']');
        let (codes, cyber) = match field.strip_suffix("+cyber") {
            Some(rest) => (rest, true),
            None => (field, false),
        };
        let one = |s: &str| -> Result<Option<String>, String> {
            let s = s.trim();
            if s.is_empty() || s.chars().all(|c| c == '-') {
                Ok(None)
            } else if s.len() <= 4 && s.chars().all(|c| c.is_ascii_alphanumeric()) {
                Ok(Some(s.to_string()))
            } else {
                Err(format!("`{s}` is not a CAMEO code"))
            }
        };
        let (forward, reverse) = match codes.split_once(':') {
            Some((f, r)) => (one(f)?, one(r)?),
            None => (one(codes)?, None),
        };
        Ok(Coding { forward, reverse, cyber })
    }

    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }

    pub fn to_field(&self) -> String {
        let f = self.forward.as_deref().unwrap_or("---");
        let mut s = match &self.reverse {
            Some(r) => format!("{}:{r}", self.forward.as_deref().unwrap_or("")),
            None => f.to_string(),
        };
        if self.cyber {
            s.push_str("+cyber");
        }
        s
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    Word(String),
    Synset(String),
    /// `{...}`: consecutive words.
    Phrase(Vec<Element>),
    /// `(...)`: a prepositional phrase, its words in order.
    Group(Vec<Element>),
    Source,
    Target,
    /// `%`: a compound (coordinated) actor.
    Compound,
    /// `^`: PETRARCH's skip marker (any words).
    Skip,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub group: String,
    pub coding: Coding,
    pub before: Vec<Element>,
    pub after: Vec<Element>,
    /// The pattern as written, for reports.
    pub text: String,
}

impl Pattern {
    /// Number of words the pattern needs: more words, more specific.
    pub fn specificity(&self) -> usize {
        fn count(e: &[Element]) -> usize {
            e.iter()
                .map(|x| match x {
                    Element::Word(_) | Element::Synset(_) => 2,
                    Element::Phrase(v) | Element::Group(v) => count(v),
                    Element::Source | Element::Target | Element::Compound => 1,
                    Element::Skip => 0,
                })
                .sum()
        }
        count(&self.before) + count(&self.after)
    }
}

/// A verb or event noun that can trigger an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trigger {
    /// The word the parser sees as the verb (or the noun), lowercase lemma.
    pub head: String,
    /// Words that must come right before / after it ("wire" tap, call "off").
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub coding: Coding,
    pub group: String,
    pub noun: bool,
}

/// The parsed verb dictionary.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    pub synsets: HashMap<String, Vec<Vec<String>>>,
    pub triggers: Vec<Trigger>,
    pub patterns: Vec<Pattern>,
    /// Irregular form → lemma.
    pub forms: HashMap<String, String>,
    by_head: HashMap<String, Vec<usize>>,
    by_group: HashMap<String, Vec<usize>>,
}

/// A problem in a dictionary file, with where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct VerbError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl VerbDictionary {
    /// Parses dyad's TSV; the first bad line is an error.
    pub fn parse_tsv(text: &str, file: &str) -> Result<VerbDictionary, VerbError> {
        let (dict, errors) = Self::parse_tsv_lenient(text, file);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(dict),
        }
    }

    /// Parses dyad's TSV, keeping every good line and listing the bad ones.
    pub fn parse_tsv_lenient(text: &str, file: &str) -> (VerbDictionary, Vec<VerbError>) {
        let mut dict = VerbDictionary::default();
        let mut errors = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if let Err(message) = dict.add_line(line) {
                errors.push(VerbError { file: file.to_string(), line: i + 1, message });
            }
        }
        for p in &mut dict.patterns {
            resolve_synset_names(&mut p.before, &dict.synsets);
            resolve_synset_names(&mut p.after, &dict.synsets);
        }
        // A pattern naming an undefined synset could never match: reported and left out.
        let synsets = &dict.synsets;
        dict.patterns.retain(|p| match undefined_synset(&p.before, synsets).or_else(|| undefined_synset(&p.after, synsets)) {
            Some(name) => {
                let line = text.lines().position(|l| l.starts_with("pattern\t") && l.ends_with(p.text.as_str())).map_or(0, |i| i + 1);
                errors.push(VerbError { file: file.to_string(), line, message: format!("pattern `{}` uses undefined synset &{name}", p.text) });
                false
            }
            None => true,
        });
        dict.index();
        (dict, errors)
    }

    pub fn load(path: &Path) -> Result<VerbDictionary, VerbError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| VerbError { file: file.clone(), line: 0, message: e.to_string() })?;
        if super::petrarch::is_petrarch_verbs(&text) {
            return super::petrarch::import(&text, &file).map(|(d, _)| d);
        }
        Self::parse_tsv(&text, &file)
    }

    fn add_line(&mut self, line: &str) -> Result<(), String> {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let need = |n: usize| if cols.len() < n { Err(format!("`{}` needs {} columns, found {}", cols[0], n, cols.len())) } else { Ok(()) };
        match cols[0] {
            "synset" => {
                need(3)?;
                let name = cols[1].trim_start_matches('&').to_lowercase();
                let words = words_of(cols[2]);
                if name.is_empty() || words.is_empty() {
                    return Err("empty synset name or phrase".into());
                }
                self.synsets.entry(name).or_default().push(words);
            }
            "verb" | "noun" => {
                need(3)?;
                let coding = Coding::parse(cols[2])?;
                let group = cols.get(3).filter(|g| !g.is_empty()).map_or_else(String::new, |g| g.to_lowercase());
                let trigger = parse_trigger(cols[1], coding, group, cols[0] == "noun")?;
                self.triggers.push(trigger);
            }
            "form" => {
                need(3)?;
                self.forms.insert(cols[1].to_lowercase(), cols[2].to_lowercase());
            }
            "pattern" => {
                need(4)?;
                let coding = Coding::parse(cols[2])?;
                self.patterns.push(parse_pattern(&cols[1].to_lowercase(), coding, cols[3])?);
            }
            other => return Err(format!("unknown record kind `{other}` (synset, verb, noun, form or pattern)")),
        }
        Ok(())
    }

    fn index(&mut self) {
        self.by_head.clear();
        self.by_group.clear();
        for (i, t) in self.triggers.iter_mut().enumerate() {
            if t.group.is_empty() {
                t.group = t.head.clone();
            }
            self.by_head.entry(t.head.clone()).or_default().push(i);
        }
        for (i, p) in self.patterns.iter().enumerate() {
            self.by_group.entry(p.group.clone()).or_default().push(i);
        }
    }

    /// Adds another dictionary's records after this one's (later triggers win on the same
    /// phrase; patterns accumulate).
    pub fn extend(&mut self, other: VerbDictionary) {
        for (k, v) in other.synsets {
            self.synsets.entry(k).or_default().extend(v);
        }
        let phrase = |t: &Trigger| (t.head.clone(), t.before.clone(), t.after.clone(), t.noun);
        let replaced: std::collections::HashSet<_> = other.triggers.iter().map(phrase).collect();
        self.triggers.retain(|t| !replaced.contains(&phrase(t)));
        self.triggers.extend(other.triggers);
        self.patterns.extend(other.patterns);
        self.forms.extend(other.forms);
        self.index();
    }

    /// Triggers whose head word is `lemma`.
    pub fn triggers_for(&self, lemma: &str) -> impl Iterator<Item = &Trigger> {
        self.by_head.get(lemma).into_iter().flatten().map(|&i| &self.triggers[i])
    }

    pub fn patterns_for(&self, group: &str) -> impl Iterator<Item = &Pattern> {
        self.by_group.get(group).into_iter().flatten().map(|&i| &self.patterns[i])
    }

    pub fn synset(&self, name: &str) -> &[Vec<String>] {
        self.synsets.get(name).map_or(&[], Vec::as_slice)
    }

    /// dyad's TSV of this dictionary (round-trips through [`VerbDictionary::parse_tsv`]).
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out = String::new();
        for line in header.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        let mut names: Vec<_> = self.synsets.keys().collect();
        names.sort();
        for name in names {
            for p in &self.synsets[name] {
                out.push_str(&format!("synset\t{name}\t{}\n", p.join(" ")));
            }
        }
        let mut forms: Vec<_> = self.forms.iter().collect();
        forms.sort();
        for (f, l) in forms {
            out.push_str(&format!("form\t{f}\t{l}\n"));
        }
        for t in &self.triggers {
            let kind = if t.noun { "noun" } else { "verb" };
            out.push_str(&format!("{kind}\t{}\t{}\t{}\n", trigger_phrase(t), t.coding.to_field(), t.group));
        }
        for p in &self.patterns {
            out.push_str(&format!("pattern\t{}\t{}\t{}\n", p.group, p.coding.to_field(), p.text));
        }
        out
    }
}

/// In a consecutive phrase split at underscores, joins a synset with the words after it
/// when together they name a defined synset (`&FIGHT_CRIM` is one synset, not
/// `&FIGHT` + "crim").
fn resolve_synset_names(elements: &mut [Element], synsets: &HashMap<String, Vec<Vec<String>>>) {
    for e in elements.iter_mut() {
        match e {
            Element::Phrase(parts) | Element::Group(parts) => {
                let mut i = 0;
                while i < parts.len() {
                    if let Element::Synset(name) = &parts[i] {
                        let mut joined = name.clone();
                        for j in i + 1..parts.len() {
                            let Element::Word(w) = &parts[j] else { break };
                            joined = format!("{joined}_{w}");
                            if synsets.contains_key(&joined) {
                                parts[i] = Element::Synset(joined.clone());
                                parts.drain(i + 1..=j);
                                break;
                            }
                        }
                    }
                    i += 1;
                }
                resolve_synset_names(parts, synsets);
            }
            _ => {}
        }
    }
}

fn undefined_synset(elements: &[Element], synsets: &HashMap<String, Vec<Vec<String>>>) -> Option<String> {
    elements.iter().find_map(|e| match e {
        Element::Synset(s) if !synsets.contains_key(s) => Some(s.clone()),
        Element::Phrase(v) | Element::Group(v) => undefined_synset(v, synsets),
        _ => None,
    })
}

/// Lowercase words of a phrase (`_` joins words as a space does).
pub fn words_of(phrase: &str) -> Vec<String> {
    phrase.split(|c: char| c.is_whitespace() || c == '_').filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// `call +off` style phrase of a trigger.
pub fn trigger_phrase(t: &Trigger) -> String {
    let mut words: Vec<String> = t.before.clone();
    words.push(if t.before.is_empty() { t.head.clone() } else { format!("+{}", t.head) });
    words.extend(t.after.iter().cloned());
    words.join(" ")
}

/// Parses `call off`, `wire +tap`, `+call off`: the `+` word is the head, else the first.
pub fn parse_trigger(phrase: &str, coding: Coding, group: String, noun: bool) -> Result<Trigger, String> {
    let words = words_of(phrase);
    if words.is_empty() {
        return Err("empty trigger phrase".into());
    }
    let head_at = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
    let clean: Vec<String> = words.iter().map(|w| w.trim_start_matches('+').to_string()).collect();
    if clean.iter().any(|w| w.is_empty() || w.starts_with('&')) {
        return Err(format!("bad trigger phrase `{phrase}`"));
    }
    Ok(Trigger { head: clean[head_at].clone(), before: clean[..head_at].to_vec(), after: clean[head_at + 1..].to_vec(), coding, group, noun })
}

/// Parses a pattern such as `* (AGAINST) +` or `&MILITARY * {MOCK ATTACK}`.
pub fn parse_pattern(group: &str, coding: Coding, text: &str) -> Result<Pattern, String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '{' | '}' | '(' | ')' => {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
                tokens.push(c.to_string());
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    tokens.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        tokens.push(cur);
    }
    let star = tokens.iter().position(|t| t == "*").ok_or_else(|| format!("pattern `{text}` has no `*` for the verb"))?;
    let before = parse_elements(&tokens[..star], text)?;
    let after = parse_elements(&tokens[star + 1..], text)?;
    Ok(Pattern { group: group.to_string(), coding, before, after, text: text.split_whitespace().collect::<Vec<_>>().join(" ") })
}

fn parse_elements(tokens: &[String], text: &str) -> Result<Vec<Element>, String> {
    let mut stack: Vec<(String, Vec<Element>)> = vec![(String::new(), Vec::new())];
    for t in tokens {
        match t.as_str() {
            "{" | "(" => stack.push((t.clone(), Vec::new())),
            "}" | ")" => {
                let (open, inner) = stack.pop().filter(|_| !stack.is_empty()).ok_or_else(|| format!("unbalanced `{t}` in `{text}`"))?;
                let el = match (open.as_str(), t.as_str()) {
                    ("{", "}") => Element::Phrase(inner),
                    ("(", ")") => Element::Group(inner),
                    _ => return Err(format!("mismatched brackets in `{text}`")),
                };
                stack.last_mut().map(|s| s.1.push(el)).ok_or_else(|| format!("unbalanced `{t}` in `{text}`"))?;
            }
            "*" => return Err(format!("more than one `*` in `{text}`")),
            "$" => push(&mut stack, Element::Source),
            "+" => push(&mut stack, Element::Target),
            "^" => push(&mut stack, Element::Skip),
            "%" => push(&mut stack, Element::Compound),
            w if w.starts_with('&') && !w[1..].trim_end_matches('_').contains('_') => push(&mut stack, Element::Synset(w[1..].trim_end_matches('_').to_lowercase())),
            // `A_B`, `NEW_&TIETYPES_RELATIONS`: consecutive words (a synset name that
            // itself has underscores is split back at load, see `resolve_synset_names`).
            w if w.trim_end_matches('_').contains('_') => {
                let parts: Vec<Element> = w
                    .trim_end_matches('_')
                    .split('_')
                    .filter(|p| !p.is_empty())
                    .map(|p| match p.strip_prefix('&') {
                        Some(name) => Element::Synset(name.to_lowercase()),
                        None => Element::Word(p.to_lowercase()),
                    })
                    .collect();
                push(&mut stack, Element::Phrase(parts));
            }
            w => {
                for word in words_of(w.trim_end_matches('_')) {
                    push(&mut stack, Element::Word(word));
                }
            }
        }
    }
    if stack.len() != 1 {
        return Err(format!("unclosed bracket in `{text}`"));
    }
    Ok(stack.pop().map(|s| s.1).unwrap_or_default())
}

fn push(stack: &mut [(String, Vec<Element>)], e: Element) {
    if let Some(top) = stack.last_mut() {
        top.1.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codings_parse() {
        assert_eq!(Coding::parse("[190]").unwrap().forward.as_deref(), Some("190"));
        let c = Coding::parse("042:043").unwrap();
        assert_eq!((c.forward.as_deref(), c.reverse.as_deref()), (Some("042"), Some("043")));
        let c = Coding::parse(":173").unwrap();
        assert_eq!((c.forward, c.reverse.as_deref()), (None, Some("173")));
        assert!(Coding::parse("---").unwrap().is_null());
        assert!(Coding::parse("170+cyber").unwrap().cyber);
        assert!(Coding::parse("19 0").is_err());
        for f in ["190", "042:043", ":173", "---", "170+cyber"] {
            assert_eq!(Coding::parse(f).unwrap().to_field(), f);
        }
    }

    #[test]
    fn patterns_parse() {
        let p = parse_pattern("set", Coding::default(), "&AIRCRAFT * {MOCK ATTACKS} (AGAINST +)").unwrap();
        assert_eq!(p.before, vec![Element::Synset("aircraft".into())]);
        assert_eq!(
            p.after,
            vec![
                Element::Phrase(vec![Element::Word("mock".into()), Element::Word("attacks".into())]),
                Element::Group(vec![Element::Word("against".into()), Element::Target])
            ]
        );
        assert!(parse_pattern("x", Coding::default(), "* (TO").is_err());
        assert!(parse_pattern("x", Coding::default(), "TO BORDER").is_err());
    }

    #[test]
    fn triggers_parse() {
        let t = parse_trigger("wire +tap", Coding::default(), String::new(), false).unwrap();
        assert_eq!((t.head.as_str(), t.before.clone(), t.after.clone()), ("tap", vec!["wire".to_string()], vec![]));
        let t = parse_trigger("call off", Coding::default(), String::new(), false).unwrap();
        assert_eq!((t.head.as_str(), t.after.clone()), ("call", vec!["off".to_string()]));
        assert_eq!(trigger_phrase(&t), "call off");
    }

    #[test]
    fn tsv_round_trips_and_reports_lines() {
        let text = "synset\tweapon\trocket\nverb\tattack\t190\tattack\nverb\tcall off\t---\nnoun\tsanctions\t163\nform\tstruck\tstrike\npattern\tattack\t195\t* (WITH &WEAPON)\n";
        let d = VerbDictionary::parse_tsv(text, "v.tsv").unwrap();
        assert_eq!(d.triggers.len(), 3);
        assert_eq!(d.patterns_for("attack").count(), 1);
        let again = VerbDictionary::parse_tsv(&d.to_tsv("x"), "again").unwrap();
        assert_eq!(again.triggers, d.triggers);
        assert_eq!(again.patterns, d.patterns);
        let bad = VerbDictionary::parse_tsv("verb\tattack\nverb\tx\t190\n", "bad.tsv").unwrap_err();
        assert_eq!((bad.file.as_str(), bad.line), ("bad.tsv", 1));
        let (_, errs) = VerbDictionary::parse_tsv_lenient("pattern\tx\t190\t* &NOPE\nthing\ta\tb\n", "u.tsv");
        assert_eq!(errs.len(), 2);
    }
}
