//! Imports PETRARCH2 verb dictionaries (CAMEO.2.0.txt, PETR.Validate.verbs.txt) into
//! [`VerbDictionary`]: synsets (`&NAME` + `+PHRASE` lines, regular plurals added), verb
//! blocks (`--- NAME [CODE] ---`, then verbs with irregular forms in `{...}` and optional
//! codes), and patterns (`- ... * ... [CODE]`). Transformation lines (`~`) are counted
//! and left out: dyad codes verb-verb combinations in its modality step instead.

use super::verbs::{parse_pattern, parse_trigger, words_of, Coding, VerbDictionary, VerbError};

/// What an import kept and left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VerbImportReport {
    pub synsets: usize,
    pub synset_phrases: usize,
    pub verbs: usize,
    pub patterns: usize,
    pub forms: usize,
    pub transformations_skipped: usize,
    /// Lines that could not be read: (line, why).
    pub skipped: Vec<(usize, String)>,
}

impl VerbImportReport {
    pub fn summary(&self) -> String {
        format!(
            "{} synsets ({} phrases), {} verbs, {} irregular forms, {} patterns; {} transformation lines left out, {} lines skipped",
            self.synsets,
            self.synset_phrases,
            self.verbs,
            self.forms,
            self.patterns,
            self.transformations_skipped,
            self.skipped.len()
        )
    }
}

/// Whether a text looks like a PETRARCH verb dictionary (verb blocks `--- X [c] ---`).
pub fn is_petrarch_verbs(text: &str) -> bool {
    text.lines().take(5000).any(|l| l.starts_with("---") && l.trim_end().ends_with("---") && l.contains('['))
}

/// Regular plural of a synset noun (PETRARCH's rule: +S, Y → IES, SS → SSES).
fn plural(word: &str) -> String {
    if let Some(stem) = word.strip_suffix('y').filter(|s| !s.ends_with(['a', 'e', 'o', 'u'])) {
        format!("{stem}ies")
    } else if word.ends_with("ss") || word.ends_with("sh") || word.ends_with("ch") || word.ends_with('x') {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn strip_comment(line: &str) -> &str {
    line.split_once('#').map_or(line, |(a, _)| a).trim()
}

/// The `[CODE]` at the end of a line and the text before it.
fn split_code(line: &str) -> (&str, Option<&str>) {
    match (line.rfind('['), line.rfind(']')) {
        (Some(a), Some(b)) if a < b => (line[..a].trim(), Some(&line[a + 1..b])),
        _ => (line.trim(), None),
    }
}

/// Converts a PETRARCH verb dictionary; lines it cannot read are listed in the report.
/// Fails only when nothing usable is found.
pub fn import(text: &str, file: &str) -> Result<(VerbDictionary, VerbImportReport), VerbError> {
    let mut report = VerbImportReport::default();
    let mut tsv = String::new();
    let mut synset: Option<(String, bool)> = None;
    let mut block: Option<(String, Coding)> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = strip_comment(raw);
        if line.is_empty() {
            // A blank line ends a synset; a comment line inside one does not.
            if raw.trim().is_empty() {
                synset = None;
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix('&') {
            let name = rest.split_whitespace().next().unwrap_or("");
            let no_plural = name.ends_with('_');
            synset = Some((name.trim_end_matches('_').to_lowercase(), no_plural));
            report.synsets += 1;
            continue;
        }
        if line.starts_with("---") {
            synset = None;
            let inner = line.trim_matches('-').trim();
            let (name, code) = split_code(inner);
            let coding = match Coding::parse(code.unwrap_or("---")) {
                Ok(c) => c,
                Err(e) => {
                    report.skipped.push((n, e));
                    Coding::default()
                }
            };
            block = Some((words_of(name).join("_"), coding));
            continue;
        }
        if line.starts_with('~') {
            report.transformations_skipped += 1;
            continue;
        }
        if let Some(pattern) = line.strip_prefix('-') {
            let Some((group, _)) = &block else {
                report.skipped.push((n, "pattern outside a verb block".into()));
                continue;
            };
            let (body, code) = split_code(pattern);
            let Some(code) = code else {
                report.skipped.push((n, "pattern without a [code]".into()));
                continue;
            };
            match Coding::parse(code).and_then(|c| parse_pattern(group, c, body)) {
                Ok(p) => {
                    tsv.push_str(&format!("pattern\t{group}\t{}\t{}\n", p.coding.to_field(), p.text));
                    report.patterns += 1;
                }
                Err(e) => report.skipped.push((n, e)),
            }
            continue;
        }
        if let Some(phrase) = line.strip_prefix('+').filter(|_| synset.is_some()) {
            let Some((name, no_plural)) = &synset else { continue };
            let keep_singular = phrase.ends_with('_') || *no_plural;
            let words = words_of(phrase.trim_end_matches('_'));
            if words.is_empty() {
                continue;
            }
            tsv.push_str(&format!("synset\t{name}\t{}\n", words.join(" ")));
            report.synset_phrases += 1;
            if !keep_singular {
                let mut pl = words.clone();
                if let Some(last) = pl.last_mut() {
                    *last = plural(last);
                }
                tsv.push_str(&format!("synset\t{name}\t{}\n", pl.join(" ")));
            }
            continue;
        }
        // A verb line: PHRASE {FORMS} [CODE].
        let Some((group, block_code)) = &block else {
            report.skipped.push((n, format!("`{line}` is neither a synset, a verb block nor a pattern")));
            continue;
        };
        let (before_code, code) = split_code(line);
        let (phrase, forms) = match (before_code.find('{'), before_code.rfind('}')) {
            (Some(a), Some(b)) if a < b => (before_code[..a].trim(), Some(&before_code[a + 1..b])),
            _ => (before_code, None),
        };
        let coding = match code.map(Coding::parse).transpose() {
            Ok(Some(c)) => c,
            Ok(None) => block_code.clone(),
            Err(e) => {
                report.skipped.push((n, e));
                continue;
            }
        };
        // A verb with its own code in a coded block means something else than the block
        // ("INDICT [173]" under "BLAME [112]"): the block's patterns are not for it.
        let own_meaning = code.is_some() && !block_code.is_null() && coding != *block_code;
        let group = if own_meaning { format!("{group}/{}", words_of(phrase).join("_").replace('+', "")) } else { group.clone() };
        let trigger = match parse_trigger(&phrase.replace('_', " "), coding.clone(), group.clone(), false) {
            Ok(t) => t,
            Err(e) => {
                report.skipped.push((n, e));
                continue;
            }
        };
        for form in forms.unwrap_or("").split_whitespace() {
            if let Ok(f) = parse_trigger(&form.replace('_', " "), Coding::default(), String::new(), false) {
                if f.head != trigger.head {
                    tsv.push_str(&format!("form\t{}\t{}\n", f.head, trigger.head));
                    report.forms += 1;
                }
            }
        }
        let mut words: Vec<String> = trigger.before.clone();
        words.push(if trigger.before.is_empty() { trigger.head.clone() } else { format!("+{}", trigger.head) });
        words.extend(trigger.after.iter().cloned());
        tsv.push_str(&format!("verb\t{}\t{}\t{group}\n", words.join(" "), coding.to_field()));
        report.verbs += 1;
    }
    let (dict, errors) = VerbDictionary::parse_tsv_lenient(&tsv, file);
    for e in errors {
        report.skipped.push((0, e.message));
    }
    if dict.triggers.is_empty() {
        return Err(VerbError { file: file.to_string(), line: 0, message: "no verb blocks found: not a PETRARCH verb dictionary".into() });
    }
    Ok((dict, report))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
&WEAPON
+ROCKET
+ARMS_

####### VERB PATTERNS #######

---  ACCELERATE   [---]  ---
RUSH
SPEED {SPEEDING SPEEDS SPED }
- * &WEAPON                                           [194]         # RUSH
- * (TO BORDER)                                       [154]         # RUSH

--- CORDON [172] ---
+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF}
WIRE_+TAP [1711]
~ a (a b WILL_ATTACK) SAY = a b 138
- * UNCLOSED (BRACKET                                  [010]
";

    #[test]
    fn imports_blocks_synsets_forms_and_patterns() {
        let (d, r) = import(SAMPLE, "sample.txt").unwrap();
        assert!(is_petrarch_verbs(SAMPLE));
        assert_eq!(d.synset("weapon"), &[vec!["rocket".to_string()], vec!["rockets".to_string()], vec!["arms".to_string()]]);
        assert_eq!(d.forms.get("sped").map(String::as_str), Some("speed"));
        let rush: Vec<_> = d.triggers_for("rush").collect();
        assert_eq!((rush[0].group.as_str(), rush[0].coding.is_null()), ("accelerate", true));
        assert_eq!(d.patterns_for("accelerate").count(), 2);
        let cordon: Vec<_> = d.triggers_for("cordon").collect();
        assert_eq!((cordon[0].after.clone(), cordon[0].coding.forward.as_deref()), (vec!["off".to_string()], Some("172")));
        let tap: Vec<_> = d.triggers_for("tap").collect();
        assert_eq!((tap[0].before.clone(), tap[0].coding.forward.as_deref()), (vec!["wire".to_string()], Some("1711")));
        assert_eq!(r.transformations_skipped, 1);
        assert_eq!(r.skipped.len(), 1, "{:?}", r.skipped);
        assert_eq!(r.skipped[0].0, 17);
    }
}
