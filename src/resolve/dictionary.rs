//! Actor and agent dictionaries: the types the resolver works with, and dyad's own text
//! format for them (PETRARCH2/TABARI files are read by [`crate::resolve::petrarch`]).
//!
//! # The dyad dictionary format (TSV)
//!
//! UTF-8 text, one entry a line, columns separated by a TAB; blank lines and lines
//! starting with `#` are comments (the shipped files keep the source's license there).
//!
//! ```text
//! actor<TAB>id<TAB>name<TAB>codes<TAB>phrases<TAB>source
//! agent<TAB>code<TAB>phrases<TAB>source
//! ```
//!
//! - `codes`: space-separated, in priority order, each `CODE` (undated, the default) or
//!   `CODE@FROM..UNTIL` with ISO dates, FROM inclusive and UNTIL exclusive, either side
//!   may be empty: `USAGOV@2009-01-20..`, `USAELI@..2000-01-02`. A code is 3 or more
//!   uppercase letters or digits (CAMEO: `IRN`, `IRNGOV`, `IGOUNO`), or `---`, the
//!   PETRARCH null code: the phrase is known but names no actor on those dates (it keeps
//!   "Indian Ocean" from being read as India).
//! - `phrases`: `|`-separated, the first is the primary one; each phrase is its tokens
//!   separated by single spaces, normalized (lower case, accents folded, no periods:
//!   `barack obama`, `us vice president`). A word not in normalized form is normalized on
//!   reading (see [`tsv_phrase_tokens`]), so users can write "Barack Obama" or "U.S.";
//!   punctuation the article tokenizer splits off ("(IAA)") is best written apart: `( iaa )`.
//! - `source`: where the entry came from (`Phoenix.Countries.actors.txt:51057`).
//! - Agent codes are the role only (`MIL`, `GOVMED`); the resolver puts a country before
//!   them (`IRN` + `MIL`).
//!
//! A shorthand for hand-written files: a row whose first column is neither `actor` nor
//! `agent`, with 2 to 5 columns, is
//!
//! ```text
//! phrase<TAB>code[<TAB>from<TAB>until[<TAB>name]]
//! ```
//!
//! one phrase naming one actor, valid from `from` (inclusive) until `until` (exclusive),
//! both ISO dates or empty; the id is `<file>:<line>` and the name defaults to the phrase
//! as written. Consecutive shorthand rows with the same phrase make one actor with several
//! codes (so a person's offices can be listed one per row). A code starting with `~`
//! (`soldiers<TAB>~MIL`) makes the row an agent.
//!
//! When several dictionaries are combined with [`ActorDictionary::extend`], entries added
//! later take precedence over earlier ones for the same phrase: a user's file overrides
//! the shipped ones.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

/// PETRARCH's null code: a listed phrase that names no actor.
pub const NULL_CODE: &str = "---";

/// A code valid from `from` (inclusive) until `until` (exclusive); None = open-ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DatedCode {
    /// A code without date restriction.
    pub fn undated(code: impl Into<String>) -> DatedCode {
        DatedCode { code: code.into(), from: None, until: None }
    }

    pub fn valid_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.until.is_none_or(|u| date < u)
    }

    /// Whether either end of the validity range is set.
    pub fn is_dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }

    /// The null code `---`.
    pub fn is_null(&self) -> bool {
        self.code == NULL_CODE
    }

    /// `CODE` or `CODE@FROM..UNTIL`.
    pub fn to_field(&self) -> String {
        if !self.is_dated() {
            return self.code.clone();
        }
        let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        format!("{}@{}..{}", self.code, date(self.from), date(self.until))
    }

    /// Parses `CODE` or `CODE@FROM..UNTIL`.
    pub fn parse_field(field: &str) -> Result<DatedCode, String> {
        let (code, range) = match field.split_once('@') {
            Some((code, range)) => (code, Some(range)),
            None => (field, None),
        };
        check_code(code)?;
        let (from, until) = match range {
            None => (None, None),
            Some(range) => {
                let (a, b) = range.split_once("..").ok_or_else(|| format!("code `{field}`: the date range must be FROM..UNTIL (either may be empty)"))?;
                (parse_iso_date(a)?, parse_iso_date(b)?)
            }
        };
        check_range(from, until)?;
        Ok(DatedCode { code: code.to_string(), from, until })
    }
}

/// Whether `code` is a valid actor code: 3+ uppercase letters or digits, or `---`.
pub fn is_valid_code(code: &str) -> bool {
    code == NULL_CODE || (code.len() >= 3 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()))
}

fn check_code(code: &str) -> Result<(), String> {
    if code.is_empty() {
        Err("empty code".into())
    } else if is_valid_code(code) {
        Ok(())
    } else {
        Err(format!("bad code `{code}`: codes are 3 or more uppercase letters or digits (or --- for none)"))
    }
}

/// Whether `code` is a valid agent code: 3+ uppercase letters or digits (`MIL`, `GOVMED`).
pub fn is_valid_agent_code(code: &str) -> bool {
    code.len() >= 3 && code.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// An ISO date, or None for an empty field.
fn parse_iso_date(s: &str) -> Result<Option<NaiveDate>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map(Some).map_err(|_| format!("bad date `{s}`: dates are YYYY-MM-DD"))
}

fn check_range(from: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<(), String> {
    match (from, until) {
        (Some(f), Some(u)) if f >= u => Err(format!("empty date range: from {f} is not before until {u}")),
        _ => Ok(()),
    }
}

/// A named actor: its phrases and its (possibly dated) CAMEO codes.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Stable: "<file stem>:<line of the primary phrase>", or the user's id.
    pub id: String,
    /// Display name from the primary phrase ("Barack Obama").
    pub name: String,
    /// In file order: dated codes are tried in this order, the first undated one is the default.
    pub codes: Vec<DatedCode>,
    /// Normalized token sequences, primary first, then aliases.
    pub phrases: Vec<Vec<String>>,
    /// "Phoenix.Countries.actors.txt:51057".
    pub source: String,
}

impl Actor {
    /// The code for a publication date: the first dated code valid on `date`, else the
    /// first undated code; the second value is `true` (chosen for the date).
    ///
    /// With no date, the latest code and `false`: a dated code open at its end
    /// (`>20090120`: still current when the dictionary was written) first, the latest
    /// starting one if several; else the first undated code (the default, which holds
    /// outside every listed range, so also after the last closed one); else the closed
    /// range that ends latest.
    ///
    /// The null code `---` gives None: the phrase is known but names no actor then.
    pub fn code_on(&self, date: Option<NaiveDate>) -> Option<(&str, bool)> {
        let chosen = match date {
            Some(d) => self.codes.iter().find(|c| c.is_dated() && c.valid_on(d)).or_else(|| self.codes.iter().find(|c| !c.is_dated())),
            None => self.latest_code(),
        }?;
        (!chosen.is_null()).then_some((chosen.code.as_str(), date.is_some()))
    }

    fn latest_code(&self) -> Option<&DatedCode> {
        // First of the maximal elements (max_by_key would return the last).
        fn first_max<'a, K: Ord>(items: impl Iterator<Item = &'a DatedCode>, key: impl Fn(&DatedCode) -> K) -> Option<&'a DatedCode> {
            let mut best: Option<(&DatedCode, K)> = None;
            for c in items {
                let k = key(c);
                if best.as_ref().is_none_or(|(_, bk)| k > *bk) {
                    best = Some((c, k));
                }
            }
            best.map(|(c, _)| c)
        }
        first_max(self.codes.iter().filter(|c| c.is_dated() && c.until.is_none()), |c| c.from)
            .or_else(|| self.codes.iter().find(|c| !c.is_dated()))
            .or_else(|| first_max(self.codes.iter().filter(|c| c.until.is_some()), |c| (c.until, c.from)))
    }
}

/// A role noun ("troops", "foreign minister"): the code goes after an actor's country.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    /// "MIL", without PETRARCH's `~`.
    pub code: String,
    /// Normalized, plurals included.
    pub phrases: Vec<Vec<String>>,
    pub source: String,
}

/// Actors and agents; several files combine with [`ActorDictionary::extend`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActorDictionary {
    pub actors: Vec<Actor>,
    pub agents: Vec<Agent>,
}

/// A problem in a dictionary file, with the line it is on (0: the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}:{line}: {message}")]
pub struct DictError {
    pub source_name: String,
    pub line: usize,
    pub message: String,
}

impl DictError {
    pub fn new(source_name: &str, line: usize, message: impl Into<String>) -> DictError {
        DictError { source_name: source_name.to_string(), line, message: message.into() }
    }
}

impl ActorDictionary {
    /// Parses dyad's TSV format; the first error ends the parse.
    pub fn parse_tsv(text: &str, source_name: &str) -> Result<ActorDictionary, DictError> {
        let mut errors = Vec::new();
        let dict = parse_tsv_rows(text, source_name, &mut errors, true);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(dict),
        }
    }

    /// Every error of a TSV file (an empty list: the file is fine).
    pub fn check_tsv(text: &str, source_name: &str) -> Vec<DictError> {
        ActorDictionary::parse_tsv_lenient(text, source_name).1
    }

    /// The rows that parse, and the errors of those that do not.
    pub fn parse_tsv_lenient(text: &str, source_name: &str) -> (ActorDictionary, Vec<DictError>) {
        let mut errors = Vec::new();
        let dict = parse_tsv_rows(text, source_name, &mut errors, false);
        (dict, errors)
    }

    /// The dictionary in dyad's TSV format: `header_comment` as `#` lines, a line naming
    /// the format, then the actors and the agents in order. Deterministic, and
    /// `parse_tsv(to_tsv(d)) == d` for every dictionary whose actors have codes and whose
    /// ids, names and sources are non-empty (all the importer writes).
    pub fn to_tsv(&self, header_comment: &str) -> String {
        let mut out = String::with_capacity(64 * (self.actors.len() + self.agents.len()) + header_comment.len());
        for line in header_comment.lines() {
            let line = line.trim_end();
            if line.starts_with('#') {
                out.push_str(line);
            } else if line.is_empty() {
                out.push('#');
            } else {
                out.push_str("# ");
                out.push_str(line);
            }
            out.push('\n');
        }
        out.push_str(
            "# format: actor<TAB>id<TAB>name<TAB>codes<TAB>phrases<TAB>source | agent<TAB>code<TAB>phrases<TAB>source (dyad src/resolve/dictionary.rs)\n",
        );
        let phrases = |ps: &[Vec<String>]| ps.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join("|");
        for a in &self.actors {
            let codes = a.codes.iter().map(DatedCode::to_field).collect::<Vec<_>>().join(" ");
            let row = [tsv_field(&a.id), tsv_field(&a.name), codes, phrases(&a.phrases), tsv_field(&a.source)];
            out.push_str("actor\t");
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        for g in &self.agents {
            let row = [tsv_field(&g.code), phrases(&g.phrases), tsv_field(&g.source)];
            out.push_str("agent\t");
            out.push_str(&row.join("\t"));
            out.push('\n');
        }
        out
    }

    /// Reads a dictionary file in dyad's TSV or PETRARCH format (detected from the
    /// content; a PETRARCH file with `[~CODE]` codes is an agent dictionary). Errors name
    /// the file as given. Constructs a PETRARCH file has that dyad cannot interpret are
    /// skipped; [`ActorDictionary::load_with_report`] returns them.
    pub fn load(path: &Path) -> Result<ActorDictionary, DictError> {
        ActorDictionary::load_with_report(path).map(|(d, _)| d)
    }

    /// [`ActorDictionary::load`], with the import report of a PETRARCH file (None for TSV).
    pub fn load_with_report(path: &Path) -> Result<(ActorDictionary, Option<crate::resolve::petrarch::ImportReport>), DictError> {
        use crate::resolve::petrarch;
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| DictError::new(&shown, 0, format!("cannot read: {e}")))?;
        // Lossy: a stray byte in one name should not make the whole dictionary unusable.
        let text = String::from_utf8_lossy(&bytes);
        let name = path.file_name().map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
        let rename = |mut e: DictError| {
            e.source_name = shown.clone();
            e
        };
        if petrarch::is_petrarch_format(&text) {
            let parsed = if petrarch::is_agent_file(&text) { petrarch::parse_agents(&text, &name) } else { petrarch::parse_actors(&text, &name) };
            parsed.map(|(d, r)| (d, Some(r))).map_err(rename)
        } else {
            ActorDictionary::parse_tsv(&text, &name).map(|d| (d, None)).map_err(rename)
        }
    }

    /// Appends `other`. Entries added later take precedence over earlier ones for the same
    /// phrase (the matcher keeps the last entry listing a phrase), so user files are
    /// extended after the shipped ones.
    pub fn extend(&mut self, other: ActorDictionary) {
        self.actors.extend(other.actors);
        self.agents.extend(other.agents);
    }

    /// Number of phrases, actors and agents together.
    pub fn phrase_count(&self) -> usize {
        self.actors.iter().map(|a| a.phrases.len()).sum::<usize>() + self.agents.iter().map(|a| a.phrases.len()).sum::<usize>()
    }
}

/// A field without the characters that would break the row.
fn tsv_field(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

/// The tokens of a phrase in a TSV file: a space-separated word already in normalized
/// form is one token as it stands (what the importer writes, so a file reads back exactly
/// as written); any other word is tokenized and normalized by [`phrase_tokens`], like
/// article text ("Barack Obama", "Iran's").
pub fn tsv_phrase_tokens(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in phrase.split([' ', '\t', '_', '|']).filter(|w| !w.is_empty()) {
        if normalize_token(word) == word && !word.chars().all(|c| c == '.') {
            out.push(word.to_string());
        } else {
            out.extend(phrase_tokens(word));
        }
    }
    out
}

/// The phrases of a `|`-separated field, normalized; errors for an empty one.
fn parse_phrases(field: &str) -> Result<Vec<Vec<String>>, String> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for (k, p) in field.split('|').enumerate() {
        let toks = tsv_phrase_tokens(p);
        if toks.is_empty() {
            return Err(if field.trim().is_empty() { "empty phrase list".to_string() } else { format!("phrase {} is empty", k + 1) });
        }
        if !out.contains(&toks) {
            out.push(toks);
        }
    }
    Ok(out)
}

/// One pass over a TSV file: good rows into the dictionary, bad ones into `errors`.
fn parse_tsv_rows(text: &str, source_name: &str, errors: &mut Vec<DictError>, stop_at_first: bool) -> ActorDictionary {
    let mut dict = ActorDictionary::default();
    // The previous row, if it was a shorthand actor row: (its phrase, index in dict.actors),
    // so consecutive rows for one phrase become one actor.
    let mut last_shorthand: Option<(Vec<String>, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        if stop_at_first && !errors.is_empty() {
            break;
        }
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let err = |m: String| DictError::new(source_name, line_no, m);
        let default_source = format!("{source_name}:{line_no}");
        let source_or_default = |s: &str| if s.trim().is_empty() { default_source.clone() } else { s.trim().to_string() };
        match cols[0] {
            "actor" => {
                last_shorthand = None;
                if cols.len() != 6 {
                    errors.push(err(format!("an actor row has 6 columns (actor, id, name, codes, phrases, source), this one has {}", cols.len())));
                    continue;
                }
                match parse_actor_row(&cols) {
                    Ok((id, name, codes, phrases)) => dict.actors.push(Actor { id, name, codes, phrases, source: source_or_default(cols[5]) }),
                    Err(m) => errors.push(err(m)),
                }
            }
            "agent" => {
                last_shorthand = None;
                if cols.len() != 4 {
                    errors.push(err(format!("an agent row has 4 columns (agent, code, phrases, source), this one has {}", cols.len())));
                    continue;
                }
                let code = cols[1].trim();
                if !is_valid_agent_code(code) {
                    errors.push(err(format!("bad agent code `{code}`: 3 or more uppercase letters or digits, without ~")));
                    continue;
                }
                match parse_phrases(cols[2]) {
                    Ok(phrases) => dict.agents.push(Agent { code: code.to_string(), phrases, source: source_or_default(cols[3]) }),
                    Err(m) => errors.push(err(m)),
                }
            }
            _ if (2..=5).contains(&cols.len()) => {
                let cell = |k: usize| cols.get(k).map_or("", |s| s.trim());
                let phrase = tsv_phrase_tokens(cols[0]);
                if phrase.is_empty() {
                    errors.push(err("empty phrase".into()));
                    last_shorthand = None;
                    continue;
                }
                let (from, until) = match (parse_iso_date(cell(2)), parse_iso_date(cell(3))) {
                    (Ok(f), Ok(u)) => (f, u),
                    (Err(m), _) | (_, Err(m)) => {
                        errors.push(err(m));
                        last_shorthand = None;
                        continue;
                    }
                };
                if let Some(code) = cell(1).strip_prefix('~') {
                    last_shorthand = None;
                    if !is_valid_agent_code(code) {
                        errors.push(err(format!("bad agent code `~{code}`: 3 or more uppercase letters or digits after ~")));
                    } else if from.is_some() || until.is_some() {
                        errors.push(err("agents take no dates".into()));
                    } else {
                        dict.agents.push(Agent { code: code.to_string(), phrases: vec![phrase], source: default_source });
                    }
                    continue;
                }
                if let Err(m) = check_code(cell(1)).and_then(|()| check_range(from, until)) {
                    errors.push(err(m));
                    last_shorthand = None;
                    continue;
                }
                let code = DatedCode { code: cell(1).to_string(), from, until };
                match &last_shorthand {
                    Some((p, k)) if *p == phrase => dict.actors[*k].codes.push(code),
                    _ => {
                        let name = if cell(4).is_empty() { cols[0].split_whitespace().collect::<Vec<_>>().join(" ") } else { cell(4).to_string() };
                        dict.actors.push(Actor { id: default_source.clone(), name, codes: vec![code], phrases: vec![phrase.clone()], source: default_source });
                        last_shorthand = Some((phrase, dict.actors.len() - 1));
                    }
                }
            }
            _ => {
                last_shorthand = None;
                errors.push(err(format!(
                    "{} column(s): expected an `actor` row (6), an `agent` row (4) or phrase<TAB>code[<TAB>from<TAB>until[<TAB>name]] (2-5)",
                    cols.len()
                )));
            }
        }
    }
    dict
}

type ActorRow = (String, String, Vec<DatedCode>, Vec<Vec<String>>);

fn parse_actor_row(cols: &[&str]) -> Result<ActorRow, String> {
    let id = cols[1].trim();
    if id.is_empty() {
        return Err("empty actor id".into());
    }
    let name = cols[2].trim();
    if name.is_empty() {
        return Err("empty actor name".into());
    }
    let codes = cols[3].split_whitespace().map(DatedCode::parse_field).collect::<Result<Vec<_>, _>>()?;
    if codes.is_empty() {
        return Err("actor has no codes (write --- for a phrase that names no actor)".into());
    }
    let phrases = parse_phrases(cols[4])?;
    Ok((id.to_string(), name.to_string(), codes, phrases))
}

/// Lowercase; accented Latin letters folded; curly apostrophes straightened; periods
/// dropped ("U.S." → "us"); a trailing possessive `'s` stripped ("Iran's" → "iran", but
/// a lone "'s" token stays, so phrases and text tokenize alike).
pub fn normalize_token(word: &str) -> String {
    let mut w = crate::tag::gazetteer::normalize_word(word);
    if w.contains(['’', '‘']) {
        w = w.replace(['’', '‘'], "'");
    }
    if w.len() > 2 && w.ends_with("'s") {
        w.truncate(w.len() - 2);
    }
    w
}

/// The normalized tokens of a phrase: "Barack Obama" / "BARACK_OBAMA_" → ["barack",
/// "obama"]. Underscores, whitespace and `|` separate words; each chunk is then split by
/// dyad's own word tokenizer, so a dictionary phrase falls apart exactly as the same words
/// in an article do ("ISLAMIC_ARMY_OF_ADEN_(IAA)" → … "(", "iaa", ")"; "IRAN'S" → "iran",
/// "'s"). Period-only tokens are dropped (a listed "SEC._GEN" must match "Sec. Gen."
/// however the tokenizer splits the abbreviation).
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let spaced: String = phrase.chars().map(|c| if c == '_' || c == '|' { ' ' } else { c }).collect();
    let mut tokens = Vec::new();
    crate::segment::tokenize(&spaced, &mut tokens);
    tokens.iter().map(|t| normalize_token(t.span.slice(&spaced))).filter(|w| !w.is_empty() && !w.chars().all(|c| c == '.')).collect()
}

/// A display name from a dictionary phrase: underscores to spaces, words in all capitals
/// capitalised ("BARACK_OBAMA_" → "Barack Obama"), except short ones with a digit or
/// without a vowel ("G77", "PKK") and initialisms with periods ("U.S."); "of", "the" and
/// the like lower case inside a name. Words already in mixed case are kept.
pub fn display_name(phrase: &str) -> String {
    const SMALL: &[&str] =
        &["of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "des", "la", "le", "el", "al", "da", "di", "del", "von", "van", "bin"];
    let spaced: String = phrase.chars().map(|c| if c == '_' { ' ' } else { c }).collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut out = Vec::with_capacity(words.len());
    for (k, w) in words.iter().enumerate() {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.iter().any(|c| c.is_lowercase()) || letters.is_empty() {
            out.push(w.to_string());
            continue;
        }
        let has_digit = w.chars().any(|c| c.is_ascii_digit());
        let no_vowel = !letters.iter().any(|c| "AEIOUÀÁÂÃÄÅÈÉÊËÌÍÎÏÒÓÔÕÖÙÚÛÜ".contains(*c));
        let initialism = w.contains('.') && letters.len() <= 4 && w.chars().filter(|c| *c == '.').count() >= letters.len().saturating_sub(1).max(1);
        if (letters.len() <= 4 && (has_digit || no_vowel)) || initialism {
            out.push(w.to_string());
            continue;
        }
        let lower = w.to_lowercase();
        if k > 0 && SMALL.contains(&lower.as_str()) {
            out.push(lower);
            continue;
        }
        out.push(capitalise(&lower));
    }
    out.join(" ")
}

/// Upper-cases the first letter of the word and of each part after a hyphen, and after an
/// apostrophe followed by two or more letters ("o'brien" → "O'Brien", "women's" → "Women's").
fn capitalise(lower: &str) -> String {
    let chars: Vec<char> = lower.chars().collect();
    let mut out = String::with_capacity(lower.len());
    let mut start = true;
    for (i, &c) in chars.iter().enumerate() {
        if start && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            start = false;
        } else {
            out.push(c);
        }
        if c == '-' || c == '/' {
            start = true;
        } else if c == '\'' {
            start = chars[i + 1..].iter().take_while(|c| c.is_alphabetic()).count() >= 2;
        }
    }
    out
}

/// The phrases listed by more than one actor, each with the indices of those actors (in
/// order: the last one wins in the matcher), sorted by phrase.
pub fn duplicate_phrases(dict: &ActorDictionary) -> Vec<(Vec<String>, Vec<usize>)> {
    let mut seen: HashMap<&[String], Vec<usize>> = HashMap::new();
    for (i, a) in dict.actors.iter().enumerate() {
        for p in &a.phrases {
            let list = seen.entry(p.as_slice()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    let mut dups: Vec<(Vec<String>, Vec<usize>)> = seen.into_iter().filter(|(_, v)| v.len() > 1).map(|(k, v)| (k.to_vec(), v)).collect();
    dups.sort();
    dups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn obama() -> Actor {
        Actor {
            id: "t:1".into(),
            name: "Barack Obama".into(),
            codes: vec![
                DatedCode { code: "USAELI".into(), from: Some(d(1978, 1, 1)), until: Some(d(2000, 1, 2)) },
                DatedCode { code: "USAGOV".into(), from: Some(d(2009, 1, 20)), until: None },
                DatedCode::undated("USAELI"),
            ],
            phrases: vec![phrase_tokens("Barack Obama")],
            source: "t:1".into(),
        }
    }

    #[test]
    fn code_on_with_and_without_a_date() {
        let a = obama();
        assert_eq!(a.code_on(Some(d(2010, 5, 1))), Some(("USAGOV", true)));
        assert_eq!(a.code_on(Some(d(2005, 1, 1))), Some(("USAELI", true)), "undated fallback");
        assert_eq!(a.code_on(Some(d(1990, 1, 1))), Some(("USAELI", true)));
        assert_eq!(a.code_on(None), Some(("USAGOV", false)));
        // Only closed ranges: the one ending last; an undated default beats closed ranges.
        let mut bush = a.clone();
        bush.codes = vec![
            DatedCode { code: "USAGOV".into(), from: Some(d(2001, 1, 20)), until: Some(d(2009, 1, 21)) },
            DatedCode { code: "USAELI".into(), from: None, until: Some(d(2001, 1, 20)) },
        ];
        assert_eq!(bush.code_on(None), Some(("USAGOV", false)));
        assert_eq!(bush.code_on(Some(d(2012, 1, 1))), None, "no range and no default: no code");
        bush.codes.push(DatedCode::undated("USAELI"));
        assert_eq!(bush.code_on(None), Some(("USAELI", false)));
        // The null code names no actor.
        let mut null = a.clone();
        null.codes = vec![DatedCode { code: NULL_CODE.into(), from: None, until: Some(d(1995, 7, 1)) }, DatedCode::undated("DOL")];
        assert_eq!(null.code_on(Some(d(1990, 1, 1))), None);
        assert_eq!(null.code_on(Some(d(2000, 1, 1))), Some(("DOL", true)));
    }

    #[test]
    fn valid_on_is_inclusive_exclusive() {
        let c = DatedCode { code: "X".into(), from: Some(d(2000, 1, 1)), until: Some(d(2000, 2, 1)) };
        assert!(c.valid_on(d(2000, 1, 1)) && c.valid_on(d(2000, 1, 31)) && !c.valid_on(d(2000, 2, 1)) && !c.valid_on(d(1999, 12, 31)));
        assert!(c.is_dated() && !DatedCode::undated("X").is_dated());
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize_token("U.S."), "us");
        assert_eq!(normalize_token("Iran’s"), "iran");
        assert_eq!(normalize_token("'s"), "'s");
        assert_eq!(normalize_token("Erdoğan"), "erdogan");
        assert_eq!(phrase_tokens("BARACK_OBAMA_"), ["barack", "obama"]);
        assert_eq!(phrase_tokens("  Barack   Obama "), ["barack", "obama"]);
        assert_eq!(phrase_tokens("MR._OBAMA_"), ["mr", "obama"]);
        assert_eq!(phrase_tokens("ISLAMIC_ARMY_OF_ADEN_(IAA)_"), ["islamic", "army", "of", "aden", "(", "iaa", ")"]);
        assert_eq!(phrase_tokens("WOMEN'S_FEDERATION"), ["women", "'s", "federation"]);
        assert!(phrase_tokens("_ _").is_empty());
        // Idempotent, which the TSV round trip relies on.
        for p in ["U.N._SEC._GEN", "F/A-18E/F_SUPER_HORNET", "LOCAL_GOVERNMENT,_RURAL_DEVELOPMENT", "BAN_KI-MOON", "WOMEN'S_FEDERATION"] {
            let once = phrase_tokens(p);
            assert_eq!(phrase_tokens(&once.join(" ")), once, "{p}");
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(display_name("BARACK_OBAMA_"), "Barack Obama");
        assert_eq!(display_name("ISLAMIC_REPUBLIC_OF_IRAN"), "Islamic Republic of Iran");
        assert_eq!(display_name("GROUP OF 77"), "Group of 77");
        assert_eq!(display_name("PKK"), "PKK");
        assert_eq!(display_name("G77"), "G77");
        assert_eq!(display_name("U.N._"), "U.N.");
        assert_eq!(display_name("BAN_KI-MOON"), "Ban Ki-Moon");
        assert_eq!(display_name("WOMEN'S_FEDERATION_FOR_WORLD_PEACE_"), "Women's Federation for World Peace");
        assert_eq!(display_name("Barack Obama"), "Barack Obama");
    }

    const SAMPLE: &str = "# a user file\n\
        actor\tme:1\tBarack Obama\tUSAELI@1978-01-01..2000-01-02 USAGOV@2009-01-20.. USAELI\tBarack Obama|president obama|OBAMA\tme.tsv:1\n\
        agent\tMIL\ttroops|soldier\tme.tsv:2\n\
        \n\
        Hassan Rouhani\tIRNGOV\t2013-08-03\t\tHassan Rouhani\n\
        Hassan Rouhani\tIRNELI\n\
        hackers\t~SPY\n";

    #[test]
    fn tsv_rows_and_shorthand() {
        let dict = ActorDictionary::parse_tsv(SAMPLE, "me.tsv").expect("sample parses");
        assert_eq!(dict.actors.len(), 2);
        assert_eq!(dict.actors[0].phrases, vec![vec!["barack", "obama"], vec!["president", "obama"], vec!["obama"]]);
        assert_eq!(dict.actors[0].code_on(Some(d(2012, 1, 1))), Some(("USAGOV", true)));
        let rouhani = &dict.actors[1];
        assert_eq!(rouhani.id, "me.tsv:5");
        assert_eq!(rouhani.codes, vec![DatedCode { code: "IRNGOV".into(), from: Some(d(2013, 8, 3)), until: None }, DatedCode::undated("IRNELI")]);
        assert_eq!(dict.agents.len(), 2);
        assert_eq!(dict.agents[1], Agent { code: "SPY".into(), phrases: vec![vec!["hackers".to_string()]], source: "me.tsv:7".into() });
    }

    #[test]
    fn tsv_round_trip() {
        let dict = ActorDictionary::parse_tsv(SAMPLE, "me.tsv").expect("sample parses");
        let text = dict.to_tsv("header line\n# already a comment");
        assert!(text.starts_with("# header line\n# already a comment\n"));
        assert_eq!(ActorDictionary::parse_tsv(&text, "again.tsv").expect("own output parses"), dict);
        assert_eq!(dict.to_tsv("h"), text.replacen("# header line\n# already a comment", "# h", 1), "deterministic");
    }

    #[test]
    fn tsv_errors_name_their_lines() {
        let text = "# comment\n\
            actor\tx:1\tX\tIRN\n\
            actor\tx:2\tX\tirn\tx\tsrc\n\
            ok phrase\tIRN\n\
            bad date\tIRN\t2013-02-30\n\
            agent\tM\tsoldiers\tsrc\n\
            \tIRN\n\
            range\tIRN\t2010-01-01\t2009-01-01\n\
            one column only\n\
            actor\tx:3\tX\tIRN@2001-01-01\tx\tsrc\n";
        let errors = ActorDictionary::check_tsv(text, "bad.tsv");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 3, 5, 6, 7, 8, 9, 10], "{errors:#?}");
        assert!(errors[0].to_string().starts_with("bad.tsv:2: an actor row has 6 columns"));
        assert!(errors[1].message.contains("bad code `irn`"));
        assert!(errors[2].message.contains("bad date"));
        assert!(errors[4].message.contains("empty phrase"));
        assert!(errors[5].message.contains("from 2010-01-01 is not before"));
        let first = ActorDictionary::parse_tsv(text, "bad.tsv").expect_err("has errors");
        assert_eq!(first.line, 2);
    }

    #[test]
    fn extend_appends_in_order() {
        let mut a = ActorDictionary::parse_tsv("tehran\tIRN\n", "a").expect("parses");
        a.extend(ActorDictionary::parse_tsv("tehran\tIRNGOV\n", "b").expect("parses"));
        assert_eq!(a.actors.iter().map(|x| x.codes[0].code.as_str()).collect::<Vec<_>>(), ["IRN", "IRNGOV"]);
    }
}
