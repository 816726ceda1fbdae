//! Reader of PETRARCH2 / TABARI actor and agent dictionaries (the format documented in
//! PETRARCH2's `dictionaries.rst`), producing dyad's [`ActorDictionary`].
//!
//! Actor files are blocks: a primary phrase, `+` aliases, and codes, either on the
//! primary's line (`AFGHANISTAN_  [AFG]`) or on indented lines below
//! (`<TAB>[AFGGOV 331108-730717]`). A code is `[CODE]` (the default), `[CODE <date]`,
//! `[CODE >date]` or `[CODE date-date]`, dates YYMMDD or YYYYMMDD. The limits are
//! inclusive ("or equal to"), so they become `from = date` and `until = date + 1 day` in
//! dyad's half-open ranges. Six-digit years 00-30 are 20YY, the rest 19YY (the KEDS/TABARI
//! rule stated in PETRARCH's `dstr_to_ordate`; dictionaries.rst gives none). `[---]` is
//! the null code.
//!
//! A primary phrase with no code and no code lines of its own shares the codes of the
//! block that follows: the dictionaries are written that way (`AMERICAN_VICE_PRESIDENT`
//! and its aliases, then `AMERICAN_VICE-PRESIDENT` and its aliases, then `[USAGOV]`), and
//! the first PETRARCH reader stored them so. (PETRARCH2's rewritten reader leaves such
//! phrases without a code.)
//!
//! Agent files are lines `phrase {optional plural} [~CODE]`. Regular plurals are added
//! (+s; +es after s, x, z, ch, sh; y → ies after a consonant) unless the phrase ends in
//! `_` (the documented rule for synsets; PETRARCH itself forms no usable plural there);
//! `{...}` gives an irregular plural and `{}` none. Substitution sets (`!PERSON! = MAN,
//! MEN, ...`) expand `CONGRESS!PERSON!` into every listed form, without plurals.
//!
//! Comments: `#` to the end of the line, `;` (TABARI's delimiter, still in the documented
//! examples), and `<!-- ... -->` (one line or several). A `---STOP---` line ends the file.
//! Words are separated by `_` or blanks; a trailing `_` (TABARI's "no stemming" mark) is
//! dropped, since PETRARCH does not stem either.
//!
//! Whatever cannot be interpreted is skipped and counted in the [`ImportReport`], never
//! dropped silently; irregular syntax that can be read (`[~ENV}`, an indented primary, a
//! lowercase code, a date with more than 8 digits) is read and counted as repaired. Both
//! kinds are errors for [`check_petrarch`].
//!
//! Precedence: entries keep file order, and when dictionaries are combined a later entry
//! wins on the same phrase, as in PETRARCH2, whose phrase trie keeps the last one.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::resolve::dictionary::{
    display_name, is_valid_agent_code, is_valid_code, phrase_tokens, Actor, ActorDictionary, Agent, DatedCode, DictError, NULL_CODE,
};

/// How often one kind of construct occurred, with the first few occurrences.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub count: usize,
    /// Up to [`MAX_EXAMPLES`] "file:line: text".
    pub examples: Vec<String>,
}

pub const MAX_EXAMPLES: usize = 3;

/// What an import read, and what it skipped or repaired (by kind).
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub files: Vec<String>,
    pub actors: usize,
    pub agents: usize,
    pub phrases: usize,
    pub codes: usize,
    pub dated_codes: usize,
    pub null_codes: usize,
    /// Agent plurals added (regular ones generated and irregular `{...}` ones).
    pub plurals: usize,
    /// Agent phrases produced by `!MARKER!` substitution.
    pub substituted: usize,
    /// Constructs dropped because dyad cannot interpret them.
    pub skipped: BTreeMap<String, Tally>,
    /// Irregular syntax read anyway (and how).
    pub repaired: BTreeMap<String, Tally>,
    /// Documented behaviours worth knowing about (not errors).
    pub notes: BTreeMap<String, Tally>,
    /// One error per skipped or repaired occurrence, with its line.
    pub errors: Vec<DictError>,
}

impl ImportReport {
    fn new(source_name: &str) -> ImportReport {
        ImportReport { files: vec![source_name.to_string()], ..ImportReport::default() }
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().map(|t| t.count).sum()
    }

    pub fn repaired_total(&self) -> usize {
        self.repaired.values().map(|t| t.count).sum()
    }

    /// Adds another file's report.
    pub fn merge(&mut self, other: ImportReport) {
        self.files.extend(other.files);
        self.actors += other.actors;
        self.agents += other.agents;
        self.phrases += other.phrases;
        self.codes += other.codes;
        self.dated_codes += other.dated_codes;
        self.null_codes += other.null_codes;
        self.plurals += other.plurals;
        self.substituted += other.substituted;
        for (mine, theirs) in [(&mut self.skipped, other.skipped), (&mut self.repaired, other.repaired), (&mut self.notes, other.notes)] {
            for (kind, t) in theirs {
                let entry = mine.entry(kind).or_default();
                entry.count += t.count;
                for ex in t.examples {
                    if entry.examples.len() < MAX_EXAMPLES {
                        entry.examples.push(ex);
                    }
                }
            }
        }
        self.errors.extend(other.errors);
    }

    /// A readable summary: counts, then every kind of skipped, repaired and noted
    /// construct with its examples.
    pub fn summary(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(s, "read {}", self.files.join(", "));
        let _ = writeln!(
            s,
            "{} actors, {} agents, {} phrases; {} codes ({} dated, {} null); {} agent plurals, {} substituted agent phrases",
            self.actors, self.agents, self.phrases, self.codes, self.dated_codes, self.null_codes, self.plurals, self.substituted
        );
        for (title, map) in [("skipped", &self.skipped), ("repaired", &self.repaired), ("notes", &self.notes)] {
            let total: usize = map.values().map(|t| t.count).sum();
            let _ = writeln!(s, "{title}: {total}");
            for (kind, t) in map {
                let _ = writeln!(s, "  {:>6}  {kind}", t.count);
                for ex in &t.examples {
                    let _ = writeln!(s, "          e.g. {ex}");
                }
            }
        }
        s
    }
}

/// Records skipped, repaired and noted constructs of one file.
struct Recorder {
    source_name: String,
    report: ImportReport,
}

enum Level {
    Skipped,
    Repaired,
    Note,
}

impl Recorder {
    fn record(&mut self, level: Level, line: usize, raw: &str, kind: &str, message: String) {
        let map = match level {
            Level::Skipped => &mut self.report.skipped,
            Level::Repaired => &mut self.report.repaired,
            Level::Note => &mut self.report.notes,
        };
        let t = map.entry(kind.to_string()).or_default();
        t.count += 1;
        if t.examples.len() < MAX_EXAMPLES {
            let text: String = raw.trim().chars().take(100).collect();
            t.examples.push(format!("{}:{line}: {text}", self.source_name));
        }
        if !matches!(level, Level::Note) {
            self.report.errors.push(DictError::new(&self.source_name, line, message));
        }
    }

    fn skip(&mut self, line: usize, raw: &str, kind: &str, message: impl Into<String>) {
        self.record(Level::Skipped, line, raw, kind, message.into());
    }

    fn repair(&mut self, line: usize, raw: &str, kind: &str, message: impl Into<String>) {
        self.record(Level::Repaired, line, raw, kind, message.into());
    }

    fn note(&mut self, line: usize, raw: &str, kind: &str) {
        self.record(Level::Note, line, raw, kind, String::new());
    }
}

/// The content lines of a file: (1-based line number, line without comments, raw line).
/// Leading whitespace is kept (it marks code lines).
fn content_lines(text: &str) -> Vec<(usize, String, &str)> {
    let mut out = Vec::new();
    let mut in_xml = false;
    for (i, raw) in text.lines().enumerate() {
        let mut line = raw.strip_suffix('\r').unwrap_or(raw).to_string();
        if in_xml {
            match line.find("-->") {
                Some(k) => {
                    in_xml = false;
                    line = line[k + 3..].to_string();
                }
                None => continue,
            }
        }
        if line.trim_start().starts_with("<!") && !line.contains("<!--") {
            // "<! -- ... -->": PETRARCH skips every line starting with "<!".
            continue;
        }
        while let Some(k) = line.find("<!--") {
            match line[k + 4..].find("-->") {
                Some(e) => line.replace_range(k..k + 4 + e + 3, " "),
                None => {
                    line.truncate(k);
                    in_xml = true;
                    break;
                }
            }
        }
        if let Some(k) = line.find(['#', ';']) {
            line.truncate(k);
        }
        if line.trim().is_empty() {
            continue;
        }
        if line.contains("---STOP---") {
            break;
        }
        out.push((i + 1, line.trim_end().to_string(), raw));
    }
    out
}

/// The comment block a file starts with (its title, provenance and license): the comment
/// lines up to the first empty line (or the first content line), so section headings
/// further down are left out.
pub fn header_comments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_xml = false;
    for raw in text.lines() {
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim_end();
        let t = line.trim_start();
        if in_xml {
            out.push(line.to_string());
            in_xml = !line.contains("-->");
        } else if t.is_empty() {
            if !out.is_empty() {
                break;
            }
        } else if t.starts_with('#') {
            out.push(line.to_string());
        } else if t.starts_with("<!") {
            out.push(line.to_string());
            in_xml = t.starts_with("<!--") && !t.contains("-->");
        } else {
            break;
        }
    }
    while out.last().is_some_and(|l| l.trim().trim_start_matches('#').trim().is_empty()) {
        out.pop();
    }
    out
}

/// Whether `text` looks like a PETRARCH/TABARI dictionary rather than dyad TSV: the first
/// decisive content line has a `[CODE]`, starts with `+`, or defines a substitution set.
/// A file with no content at all counts as TSV (an empty dyad dictionary).
pub fn is_petrarch_format(text: &str) -> bool {
    let lines = content_lines(text);
    for (_, line, _) in lines.iter().take(1000) {
        if line.starts_with("actor\t") || line.starts_with("agent\t") {
            return false;
        }
        if line.contains('[') || line.trim_start().starts_with('+') || (line.contains('!') && line.contains('=')) {
            return true;
        }
        if line.split('\t').filter(|c| !c.trim().is_empty()).count() >= 2 {
            return false;
        }
    }
    !lines.is_empty()
}

/// Whether a PETRARCH file is an agent dictionary: it has `[~CODE]` (or `[CODE~]`) codes.
pub fn is_agent_file(text: &str) -> bool {
    content_lines(text).iter().any(|(_, l, _)| l.contains("[~") || l.contains("~]"))
}

/// Every syntax problem of a PETRARCH actor or agent file (agent files are recognised by
/// their `[~CODE]` codes), each naming its line.
pub fn check_petrarch(text: &str, source_name: &str) -> Vec<DictError> {
    let (dict, report) = if is_agent_file(text) { read_agents(text, source_name) } else { read_actors(text, source_name) };
    let mut errors = report.errors;
    if let Some(e) = nothing_read(&dict, text, source_name) {
        errors.push(e);
    }
    errors
}

/// Reads a PETRARCH actor dictionary. Fails only when the file yields no actor at all;
/// every skipped construct is in the report.
pub fn parse_actors(text: &str, source_name: &str) -> Result<(ActorDictionary, ImportReport), DictError> {
    let (dict, report) = read_actors(text, source_name);
    match nothing_read(&dict, text, source_name) {
        Some(e) => Err(e),
        None => Ok((dict, report)),
    }
}

/// Reads a PETRARCH agent dictionary (into `.agents`). Fails only when the file yields no
/// agent at all; every skipped construct is in the report.
pub fn parse_agents(text: &str, source_name: &str) -> Result<(ActorDictionary, ImportReport), DictError> {
    let (dict, report) = read_agents(text, source_name);
    match nothing_read(&dict, text, source_name) {
        Some(e) => Err(e),
        None => Ok((dict, report)),
    }
}

fn nothing_read(dict: &ActorDictionary, text: &str, source_name: &str) -> Option<DictError> {
    (dict.actors.is_empty() && dict.agents.is_empty() && !content_lines(text).is_empty())
        .then(|| DictError::new(source_name, 0, "no actor or agent could be read: is this a PETRARCH actor or agent dictionary?"))
}

/// "Phoenix.Countries.actors.txt" → "Phoenix.Countries.actors" (the id prefix).
fn file_stem(source_name: &str) -> &str {
    let base = source_name.rsplit(['/', '\\']).next().unwrap_or(source_name);
    match base.rfind('.') {
        Some(k) if k > 0 => &base[..k],
        _ => base,
    }
}

/// A date of a restriction: YYYYMMDD, or YYMMDD with 00-30 → 20YY, else 19YY. Longer
/// digit strings are read as PETRARCH reads them, from their first 8 digits (its
/// `dstr_to_ordate`: "only the first 8 characters are checked"), except 10 digits
/// `19YYYYMMDD` whose last 8 are a date: a `19` century put before a date that already
/// had one (`1920030320` → 2003-03-20). Both are returned with a note (repaired).
fn parse_petrarch_date(s: &str) -> Result<(NaiveDate, Option<String>), String> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("bad date `{s}`: dates are YYMMDD or YYYYMMDD"));
    }
    let ymd = |s: &str| -> Option<NaiveDate> {
        let num = |a: usize, b: usize| s[a..b].parse::<u32>().ok();
        match s.len() {
            6 => {
                let yy = num(0, 2)? as i32;
                NaiveDate::from_ymd_opt(if yy <= 30 { 2000 + yy } else { 1900 + yy }, num(2, 4)?, num(4, 6)?)
            }
            8 => NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(4, 6)?, num(6, 8)?),
            _ => None,
        }
    };
    match s.len() {
        6 | 8 => ymd(s).map(|d| (d, None)).ok_or_else(|| format!("bad date `{s}`: no such day")),
        10 if s.starts_with("19") && ymd(&s[2..]).is_some() => {
            let d = ymd(&s[2..]).ok_or_else(|| format!("bad date `{s}`"))?;
            Ok((d, Some(format!("date `{s}` has 10 digits: read as {d} (a 19 put before an 8-digit date)"))))
        }
        n if n > 8 => {
            let d = ymd(&s[..8]).ok_or_else(|| format!("bad date `{s}`: {n} digits, and the first 8 are no date"))?;
            Ok((d, Some(format!("date `{s}` has {n} digits: read from the first 8 as {d}, as PETRARCH does"))))
        }
        n => Err(format!("bad date `{s}`: {n} digits, dates are YYMMDD or YYYYMMDD")),
    }
}

/// Why a restriction could not be read: (kind for the report, message).
type Reject = (&'static str, String);

/// One `[...]` restriction: `CODE`, `CODE <date`, `CODE >date`, `CODE date-date`.
/// Returns the code and the repairs made to read it: (kind, message).
fn parse_restriction(inner: &str) -> Result<(DatedCode, Vec<Reject>), Reject> {
    let inner = inner.trim();
    let (code, rest) = match inner.split_once(char::is_whitespace) {
        Some((c, r)) => (c, r.trim()),
        None => (inner, ""),
    };
    if code.is_empty() {
        return Err(("empty code", "empty code `[]`: code skipped".into()));
    }
    let mut repairs: Vec<Reject> = Vec::new();
    let mut code = code.to_string();
    if !is_valid_code(&code) && is_valid_code(&code.to_ascii_uppercase()) {
        repairs.push(("lowercase code", format!("code `{code}` is not upper case: read as {}", code.to_ascii_uppercase())));
        code = code.to_ascii_uppercase();
    }
    if !is_valid_code(&code) {
        return Err((
            "uninterpretable code",
            format!("code `{code}` is not 3+ letters or digits (compound and special codes are not documented): code skipped"),
        ));
    }
    let mut date = |s: &str| match parse_petrarch_date(s) {
        Ok((d, note)) => {
            if let Some(note) = note {
                repairs.push(("date with more than 8 digits", note));
            }
            Ok(d)
        }
        Err(m) => Err(("bad date", format!("{m}: code `{code}` skipped"))),
    };
    let (from, until) = if rest.is_empty() {
        (None, None)
    } else if let Some(d) = rest.strip_prefix('<') {
        (None, Some(inclusive_end(date(d)?)))
    } else if let Some(d) = rest.strip_prefix('>') {
        (Some(date(d)?), None)
    } else if let Some((a, b)) = rest.split_once('-') {
        let (a, b) = (date(a)?, date(b)?);
        if b < a {
            return Err(("date range ending before it starts", format!("date range {a}..{b} ends before it starts: code `{code}` skipped")));
        }
        (Some(a), Some(inclusive_end(b)))
    } else if rest.bytes().all(|b| b.is_ascii_digit()) {
        return Err(("date without <, > or -", format!("date `{rest}` has no <, > or range: code `{code}` skipped")));
    } else {
        return Err(("unreadable restriction", format!("cannot read restriction `{rest}`: code `{code}` skipped")));
    };
    Ok((DatedCode { code, from, until }, repairs))
}

/// PETRARCH limits are inclusive; dyad's `until` is exclusive.
fn inclusive_end(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(d)
}

/// The `[...]` groups of `s` (which starts at the first `[`), in order. A group closed by
/// `}` instead of `]` is read (repaired); an unclosed one and text between groups are
/// reported.
fn bracket_groups(s: &str, line: usize, raw: &str, rec: &mut Recorder) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        if !rest.starts_with('[') {
            let stray = match rest.find('[') {
                Some(k) => &rest[..k],
                None => rest,
            };
            rec.skip(line, raw, "text outside brackets", format!("text `{}` outside the [...] codes ignored", stray.trim()));
            rest = &rest[stray.len()..];
            continue;
        }
        let body = &rest[1..];
        let next_open = body.find('[').unwrap_or(body.len());
        match body[..next_open].find(']') {
            Some(k) => {
                out.push(body[..k].to_string());
                rest = &body[k + 1..];
            }
            None => match body[..next_open].find('}') {
                Some(k) => {
                    rec.repair(line, raw, "code closed by } instead of ]", format!("`[{}}}` closed by }} instead of ]: read as [{}]", &body[..k], &body[..k]));
                    out.push(body[..k].to_string());
                    rest = &body[k + 1..];
                }
                None => {
                    rec.skip(line, raw, "unbalanced [", format!("unbalanced `[` in `{}`: code skipped", rest.trim()));
                    rest = &body[next_open..];
                }
            },
        }
    }
    out
}

/// An actor block being read.
struct Block {
    line: usize,
    raw_name: String,
    phrases: Vec<Vec<String>>,
    codes: Vec<DatedCode>,
    /// Some code was written for this block (even if skipped): it is not a codeless primary.
    had_codes: bool,
}

fn push_unique(phrases: &mut Vec<Vec<String>>, p: Vec<String>) -> bool {
    if phrases.contains(&p) {
        false
    } else {
        phrases.push(p);
        true
    }
}

fn read_actors(text: &str, source_name: &str) -> (ActorDictionary, ImportReport) {
    let mut rec = Recorder { source_name: source_name.to_string(), report: ImportReport::new(source_name) };
    let stem = file_stem(source_name).to_string();
    let mut dict = ActorDictionary::default();
    let mut current: Option<Block> = None;
    // Codeless primaries waiting for the next block with codes.
    let mut pending: Vec<Block> = Vec::new();

    let add_codes = |block: &mut Block, groups: Vec<String>, line: usize, raw: &str, rec: &mut Recorder| {
        for g in groups {
            block.had_codes = true;
            match parse_restriction(&g) {
                Ok((code, repairs)) => {
                    for (kind, message) in repairs {
                        rec.repair(line, raw, kind, message);
                    }
                    block.codes.push(code);
                }
                Err((kind, message)) => rec.skip(line, raw, kind, message),
            }
        }
    };

    let finish = |block: Block, pending: &mut Vec<Block>, dict: &mut ActorDictionary, rec: &mut Recorder| {
        if block.codes.is_empty() {
            if block.had_codes {
                rec.skip(block.line, &block.raw_name, "actor without a usable code", format!("actor `{}` has no usable code: skipped", block.raw_name.trim()));
                let waiting = std::mem::take(pending);
                for p in waiting {
                    rec.skip(
                        p.line,
                        &p.raw_name,
                        "codeless primary before an actor without a usable code",
                        format!("primary `{}` has no code: skipped", p.raw_name.trim()),
                    );
                }
            } else {
                pending.push(block);
            }
            return;
        }
        let mut phrases = block.phrases;
        for p in pending.drain(..) {
            rec.note(p.line, &p.raw_name, "codeless primary joined to the next block (PETRARCH behaviour)");
            for ph in p.phrases {
                push_unique(&mut phrases, ph);
            }
        }
        dict.actors.push(Actor {
            id: format!("{stem}:{}", block.line),
            name: display_name(&block.raw_name),
            codes: block.codes,
            phrases,
            source: format!("{source_name}:{}", block.line),
        });
    };

    for (line_no, line, raw) in content_lines(text) {
        let t = line.trim();
        if t.starts_with('[') {
            let groups = bracket_groups(t, line_no, raw, &mut rec);
            match current.as_mut() {
                Some(block) => add_codes(block, groups, line_no, raw, &mut rec),
                None => rec.skip(line_no, raw, "code line with no block", "code line with no primary phrase above it: skipped"),
            }
        } else if let Some(alias) = t.strip_prefix('+') {
            let Some(block) = current.as_mut() else {
                rec.skip(line_no, raw, "alias before any primary", "`+` alias with no primary phrase above it: skipped");
                continue;
            };
            let (phrase, codes) = match alias.find('[') {
                Some(k) => (&alias[..k], Some(&alias[k..])),
                None => (alias, None),
            };
            let tokens = phrase_tokens(phrase);
            if tokens.is_empty() {
                rec.skip(line_no, raw, "empty phrase", "empty alias: skipped");
            } else if !push_unique(&mut block.phrases, tokens) {
                rec.note(line_no, raw, "alias repeating a phrase of its block (kept once)");
            }
            if let Some(codes) = codes {
                rec.repair(line_no, raw, "code on an alias line", "code on a `+` alias line: taken as a code of the block");
                let groups = bracket_groups(codes, line_no, raw, &mut rec);
                add_codes(block, groups, line_no, raw, &mut rec);
            }
        } else {
            if let Some(block) = current.take() {
                finish(block, &mut pending, &mut dict, &mut rec);
            }
            if line.starts_with(char::is_whitespace) {
                rec.repair(line_no, raw, "indented primary phrase", "indented line that is not a code line: read as a primary phrase");
            }
            let (name, codes) = match t.find('[') {
                Some(k) => (&t[..k], Some(&t[k..])),
                None => (t, None),
            };
            let tokens = phrase_tokens(name);
            if tokens.is_empty() {
                rec.skip(line_no, raw, "empty phrase", "primary phrase is empty: block skipped");
                continue;
            }
            let mut block = Block { line: line_no, raw_name: name.trim().to_string(), phrases: vec![tokens], codes: Vec::new(), had_codes: false };
            if let Some(codes) = codes {
                let groups = bracket_groups(codes, line_no, raw, &mut rec);
                add_codes(&mut block, groups, line_no, raw, &mut rec);
            }
            current = Some(block);
        }
    }
    if let Some(block) = current.take() {
        finish(block, &mut pending, &mut dict, &mut rec);
    }
    for p in pending {
        rec.skip(
            p.line,
            &p.raw_name,
            "primary with no code at the end of the file",
            format!("primary `{}` has no code and no block follows: skipped", p.raw_name.trim()),
        );
    }
    let mut report = rec.report;
    report.actors = dict.actors.len();
    report.phrases = dict.phrase_count();
    for a in &dict.actors {
        report.codes += a.codes.len();
        report.dated_codes += a.codes.iter().filter(|c| c.is_dated()).count();
        report.null_codes += a.codes.iter().filter(|c| c.code == NULL_CODE).count();
    }
    (dict, report)
}

/// The regular English plural of a word: +es after s, x, z, ch, sh; y → ies after a
/// consonant; else +s.
pub fn regular_plural(word: &str) -> String {
    if ["s", "x", "z", "ch", "sh"].iter().any(|e| word.ends_with(e)) {
        format!("{word}es")
    } else if let Some(stem) = word.strip_suffix('y').filter(|s| s.chars().last().is_some_and(|c| c.is_alphabetic() && !"aeiou".contains(c))) {
        format!("{stem}ies")
    } else {
        format!("{word}s")
    }
}

/// Expands every `!MARKER!` of `phrase` with its substitution set; Err names an unknown
/// or unclosed marker.
fn substitute(phrase: &str, sets: &HashMap<String, Vec<String>>) -> Result<Vec<String>, String> {
    let Some(a) = phrase.find('!') else { return Ok(vec![phrase.to_string()]) };
    let Some(len) = phrase[a + 1..].find('!') else { return Err(format!("unclosed substitution marker in `{phrase}`")) };
    let marker = &phrase[a + 1..a + 1 + len];
    let items = sets.get(marker).ok_or_else(|| format!("substitution marker !{marker}! is not defined above"))?;
    let mut out = Vec::new();
    for item in items {
        let replaced = format!("{}{}{}", &phrase[..a], item, &phrase[a + len + 2..]);
        out.extend(substitute(&replaced, sets)?);
    }
    Ok(out)
}

fn read_agents(text: &str, source_name: &str) -> (ActorDictionary, ImportReport) {
    let mut rec = Recorder { source_name: source_name.to_string(), report: ImportReport::new(source_name) };
    let mut dict = ActorDictionary::default();
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (line_no, line, raw) in content_lines(text) {
        let t = line.trim();
        if t.contains('!') && t.contains('=') && !t.contains('[') {
            // "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON"
            let parsed = t.strip_prefix('!').and_then(|r| r.split_once('!')).and_then(|(name, r)| Some((name, r.trim_start().strip_prefix('=')?)));
            match parsed {
                Some((name, list)) if !name.is_empty() => {
                    let items: Vec<String> = list.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                    sets.insert(name.to_string(), items);
                    rec.note(line_no, raw, "substitution set defined");
                }
                _ => rec.skip(line_no, raw, "bad substitution set", "substitution set must read `!NAME! = a, b, c`: skipped"),
            }
            continue;
        }
        let Some(open) = t.find('[') else {
            rec.skip(line_no, raw, "agent without code", "agent phrase without a [~CODE]: skipped");
            continue;
        };
        let (left, codes) = (&t[..open], &t[open..]);
        let groups = bracket_groups(codes, line_no, raw, &mut rec);
        let Some(first) = groups.first() else { continue };
        if groups.len() > 1 {
            rec.skip(line_no, raw, "extra codes on an agent line", "an agent has one code: the codes after the first are skipped");
        }
        let inner = first.trim();
        let code = if let Some(c) = inner.strip_prefix('~') {
            c.trim().to_string()
        } else if inner.ends_with('~') {
            rec.skip(
                line_no,
                raw,
                "prefix agent code (CODE~)",
                format!("`[{inner}]` goes before the actor code (an organisation type); dyad agents only follow a country: skipped"),
            );
            continue;
        } else {
            rec.repair(line_no, raw, "agent code without ~", format!("agent code `[{inner}]` without ~: read as [~{inner}]"));
            inner.to_string()
        };
        let code = if !is_valid_agent_code(&code) && is_valid_agent_code(&code.to_ascii_uppercase()) {
            rec.repair(line_no, raw, "lowercase code", format!("agent code `{code}` is not upper case: read upper case"));
            code.to_ascii_uppercase()
        } else {
            code
        };
        if !is_valid_agent_code(&code) {
            rec.skip(line_no, raw, "uninterpretable code", format!("agent code `{code}` is not 3+ letters or digits: skipped"));
            continue;
        }
        // phrase {plural}
        let (phrase_raw, plural_raw) = match left.find('{') {
            Some(a) => match left[a..].find('}') {
                Some(len) => {
                    let after = left[a + len + 1..].trim();
                    if !after.is_empty() {
                        rec.skip(line_no, raw, "text after {plural}", format!("text `{after}` after the {{plural}} ignored"));
                    }
                    (&left[..a], Some(left[a + 1..a + len].trim()))
                }
                None => {
                    rec.skip(line_no, raw, "unclosed {", "`{` without `}`: agent skipped");
                    continue;
                }
            },
            None => (left, None),
        };
        let mut phrases: Vec<Vec<String>> = Vec::new();
        let mut plurals = 0;
        let mut substituted = 0;
        if phrase_raw.contains('!') {
            match substitute(phrase_raw, &sets) {
                Ok(forms) => {
                    for f in forms {
                        let toks = phrase_tokens(&f);
                        if !toks.is_empty() && push_unique(&mut phrases, toks) {
                            substituted += 1;
                        }
                    }
                }
                Err(m) => {
                    rec.skip(line_no, raw, "bad substitution marker", format!("{m}: agent skipped"));
                    continue;
                }
            }
        } else {
            let singular = phrase_tokens(phrase_raw);
            if singular.is_empty() {
                rec.skip(line_no, raw, "empty phrase", "empty agent phrase: skipped");
                continue;
            }
            phrases.push(singular.clone());
            if plural_raw.is_none() {
                if phrase_raw.trim_end().ends_with('_') {
                    rec.note(line_no, raw, "no regular plural: phrase ends with _");
                } else if let Some(last) = singular.last().filter(|w| w.chars().last().is_some_and(char::is_alphabetic)) {
                    let mut plural = singular[..singular.len() - 1].join(" ");
                    plural.push(' ');
                    plural.push_str(&regular_plural(last));
                    if push_unique(&mut phrases, phrase_tokens(&plural)) {
                        plurals += 1;
                    }
                } else {
                    rec.note(line_no, raw, "no regular plural: last word does not end in a letter");
                }
            }
        }
        if let Some(p) = plural_raw.filter(|p| !p.is_empty()) {
            match substitute(p, &sets) {
                Ok(forms) => {
                    for f in forms {
                        let toks = phrase_tokens(&f);
                        if !toks.is_empty() && push_unique(&mut phrases, toks) {
                            plurals += 1;
                        }
                    }
                }
                Err(m) => rec.skip(line_no, raw, "bad substitution marker", format!("{m}: plural skipped")),
            }
        }
        if phrases.is_empty() {
            rec.skip(line_no, raw, "empty phrase", "agent yields no phrase: skipped");
            continue;
        }
        rec.report.plurals += plurals;
        rec.report.substituted += substituted;
        dict.agents.push(Agent { code, phrases, source: format!("{source_name}:{line_no}") });
    }
    let mut report = rec.report;
    report.agents = dict.agents.len();
    report.phrases = dict.phrase_count();
    (dict, report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn toks(s: &str) -> Vec<String> {
        phrase_tokens(s)
    }

    fn actors(text: &str) -> (ActorDictionary, ImportReport) {
        parse_actors(text, "test.actors.txt").expect("actors parse")
    }

    /// The actor example of dictionaries.rst, verbatim (its indentation included):
    ///
    /// ```text
    /// AFGHANISTAN_  [AFG]
    /// +AFGHAN_ ...
    /// MOHAMMAD_ZAHIR_SHAH_  ; CountryInfo.txt
    ///     [AFGELI 320101-331108] ...
    /// ```
    const RST_ACTORS: &str = "\t# .actor file produced by translate.countryinfo.pl from CountryInfo.120106.txt
\t# Generated at: Tue Jan 10 14:09:48 2012
\t# Version: CountryInfo.120106.txt

\tAFGHANISTAN_  [AFG]
\t+AFGHAN_
\t+AFGANISTAN_
\t+AFGHANESTAN_
\t+AFGHANYSTAN_
\t+KABUL_
\t+HERAT_

\tMOHAMMAD_ZAHIR_SHAH_  ; CountryInfo.txt
\t\t[AFGELI 320101-331108]
\t\t[AFGGOV 331108-730717]
\t\t[AFGELI 730717-070723]

\tABDUL_QADIR_  ; CountryInfo.txt
\t+NUR_MOHAMMAD_TARAKI_  ; CountryInfo.txt
\t+HAFIZULLAH_AMIN_  ; CountryInfo.txt
\t\t[AFGELI 620101-780427]
\t\t[AFGGOV 780427-780430]
\t\t[AFGELI]

\tHAMID_KARZAI_  [AFGMIL]; CountryInfo.txt
\t+BABRAK_KARMAL_  ; CountryInfo.txt
\t+SIBGHATULLAH_MOJADEDI_  ; CountryInfo.txt
\t\t[AFGGOV 791227-861124]
\t\t[AFGGOV 791227-810611]
";

    #[test]
    fn rst_actor_example() {
        let (dict, report) = actors(RST_ACTORS);
        assert_eq!(dict.actors.len(), 4);
        let afg = &dict.actors[0];
        // Code on the name line; trailing-underscore words; `+` aliases.
        assert_eq!(afg.codes, vec![DatedCode::undated("AFG")]);
        assert_eq!(afg.name, "Afghanistan");
        assert_eq!(afg.id, "test.actors:5");
        assert_eq!(afg.source, "test.actors.txt:5");
        assert_eq!(afg.phrases.len(), 7);
        assert_eq!(afg.phrases[0], toks("afghanistan"));
        assert_eq!(afg.phrases[5], toks("kabul"));
        // `;` comments; 6-digit ranges, inclusive at both ends; 07 → 2007.
        let shah = &dict.actors[1];
        assert_eq!(shah.name, "Mohammad Zahir Shah");
        assert_eq!(shah.codes[0], DatedCode { code: "AFGELI".into(), from: Some(d(1932, 1, 1)), until: Some(d(1933, 11, 9)) });
        assert_eq!(shah.codes[2], DatedCode { code: "AFGELI".into(), from: Some(d(1973, 7, 17)), until: Some(d(2007, 7, 24)) });
        assert_eq!(shah.code_on(Some(d(1950, 1, 1))), Some(("AFGGOV", true)));
        assert_eq!(shah.code_on(Some(d(1933, 11, 8))), Some(("AFGELI", true)), "the first range holding the day wins");
        assert_eq!(shah.code_on(Some(d(2010, 1, 1))), None, "no range, no default: the null code");
        // Aliases share the block's codes; `[AFGELI]` on a code line is the default.
        let taraki = &dict.actors[2];
        assert_eq!(taraki.phrases, vec![toks("abdul qadir"), toks("nur mohammad taraki"), toks("hafizullah amin")]);
        assert_eq!(taraki.code_on(Some(d(1978, 4, 29))), Some(("AFGGOV", true)));
        assert_eq!(taraki.code_on(Some(d(1990, 1, 1))), Some(("AFGELI", true)));
        // A code on the name line plus indented date restrictions.
        let karzai = &dict.actors[3];
        assert_eq!(karzai.codes.len(), 3);
        assert_eq!(karzai.code_on(Some(d(1985, 1, 1))), Some(("AFGGOV", true)));
        assert_eq!(karzai.code_on(Some(d(2000, 1, 1))), Some(("AFGMIL", true)));
        // The rst indents the whole example: read, and counted as repaired.
        assert_eq!(report.repaired["indented primary phrase"].count, 4);
        assert_eq!(report.skipped_total(), 0);
        assert_eq!(report.dated_codes, 7);
    }

    #[test]
    fn date_restriction_forms() {
        // "<date : applies to times before date / >date : applies to times after date /
        // date-date: applies to times between dates ... interpreted as 'or equal to.'"
        // and "JAMES_BYRNES_ ... [USAELI 18970101-450703]" (6 and 8 digits mixed).
        let text = "JAMES_BYRNES_  ; CountryInfo.txt
\t[USAELI 18970101-450703]
\t[USAGOV 450703-470121]
IRAN_GOV
\t[IRNGOV >20000218]
\t[IRNELI < 950630]
\t[IRNMIL > 991231]
\t[IRNREB 19991231 - 20000101]
";
        let (dict, report) = actors(text);
        let byrnes = &dict.actors[0];
        assert_eq!(byrnes.codes[0], DatedCode { code: "USAELI".into(), from: Some(d(1897, 1, 1)), until: Some(d(1945, 7, 4)) });
        assert_eq!(byrnes.codes[1].from, Some(d(1945, 7, 3)));
        let gov = &dict.actors[1];
        assert_eq!(gov.codes[0], DatedCode { code: "IRNGOV".into(), from: Some(d(2000, 2, 18)), until: None });
        assert_eq!(gov.codes[1], DatedCode { code: "IRNELI".into(), from: None, until: Some(d(1995, 7, 1)) });
        assert_eq!(gov.codes[2].from, Some(d(1999, 12, 31)));
        assert_eq!(gov.codes[3], DatedCode { code: "IRNREB".into(), from: Some(d(1999, 12, 31)), until: Some(d(2000, 1, 2)) });
        assert_eq!(gov.code_on(Some(d(1995, 6, 30))), Some(("IRNELI", true)));
        assert_eq!(gov.code_on(None), Some(("IRNGOV", false)), "latest open-ended range");
        assert_eq!(report.dated_codes, 6);
        assert_eq!(report.skipped_total(), 0);
    }

    #[test]
    fn bad_syntax_is_skipped_and_counted() {
        let text = "+ORPHAN_ALIAS
\t[XXX]
GOOD_ONE  [GOO]
\t[GOOGOV 2004017-20061201]
\t[GOOGOV >201005011]
\t[GOOGOV 20121204]
\t[GOOMIL 20100101-20090101]
\t[ELR/GAL]
\t[+++]
\t[]
\t[GOOREB >990101
LOWER  [pse]
NULL_BLOCKER [---]
U.N._
UN_SECRETARY_GENERAL
+UNSG
\t[IGOUNO]
TRAILING_CODELESS
";
        let (dict, report) = actors(text);
        let names: Vec<&str> = dict.actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Good One", "Lower", "Null Blocker", "Un Secretary General"]);
        assert_eq!(dict.actors[0].codes, vec![DatedCode::undated("GOO"), DatedCode { code: "GOOGOV".into(), from: Some(d(2010, 5, 1)), until: None }]);
        assert_eq!(dict.actors[1].codes, vec![DatedCode::undated("PSE")]);
        assert_eq!(dict.actors[2].code_on(None), None, "--- names no actor");
        // A codeless primary joins the next block, as in PETRARCH.
        assert_eq!(dict.actors[3].phrases, vec![toks("un secretary general"), toks("unsg"), toks("u.n.")]);
        assert_eq!(report.notes["codeless primary joined to the next block (PETRARCH behaviour)"].count, 1);
        for (kind, n) in [
            ("alias before any primary", 1),
            ("code line with no block", 1),
            ("bad date", 1),
            ("date without <, > or -", 1),
            ("date range ending before it starts", 1),
            ("uninterpretable code", 2),
            ("empty code", 1),
            ("unbalanced [", 1),
            ("primary with no code at the end of the file", 1),
        ] {
            assert_eq!(report.skipped.get(kind).map(|t| t.count), Some(n), "{kind}: {:#?}", report.skipped);
        }
        assert_eq!(report.repaired["lowercase code"].count, 1);
        assert_eq!(report.repaired["date with more than 8 digits"].count, 1);
        let errors = check_petrarch(text, "t.txt");
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 18], "{errors:#?}");
        assert!(errors[2].to_string().starts_with("t.txt:4: bad date `2004017`: 7 digits"), "{}", errors[2]);
    }

    #[test]
    fn petrarch_dates() {
        let date = |s: &str| parse_petrarch_date(s).map(|(d, note)| (d, note.is_some()));
        assert_eq!(date("070723"), Ok((d(2007, 7, 23), false)), "YY 00-30 is 20YY");
        assert_eq!(date("300101"), Ok((d(2030, 1, 1), false)));
        assert_eq!(date("310101"), Ok((d(1931, 1, 1), false)), "YY 31-99 is 19YY");
        assert_eq!(date("18970101"), Ok((d(1897, 1, 1), false)));
        assert_eq!(date("201005011"), Ok((d(2010, 5, 1), true)), "PETRARCH reads the first 8 digits");
        assert_eq!(date("1920030320"), Ok((d(2003, 3, 20), true)), "19 put before an 8-digit date");
        assert!(date("2004017").is_err() && date("20100931").is_err() && date("9x0101").is_err());
    }

    #[test]
    fn comments_of_every_kind() {
        // "# this is a Python-like comment ... something I want # followed by a comment",
        // and the validation suite's `<!-- ... -->` headers.
        let text = "<!-- PETRARCH VALIDATION SUITE ACTOR DICTIONARY -->
<!--
# a multi-line comment
NOT_AN_ACTOR [XXX]
-->
<! -- NEW ACTORS FOR PETRARCH VALIDATION TEST -->
ATHENS  [GRC] #JW   10/17/91
+WEST_PAPUA#_VERY_IFFY_
ZIMBABWE
\t[RHO <790606]
\t[ZBW]#jw 9/30/91
";
        let (dict, report) = actors(text);
        assert_eq!(dict.actors.len(), 2);
        assert_eq!(dict.actors[0].phrases, vec![toks("athens"), toks("west papua")]);
        assert_eq!(dict.actors[1].codes[1], DatedCode::undated("ZBW"));
        assert_eq!(report.skipped_total() + report.repaired_total(), 0);
        assert_eq!(header_comments(text)[0], "<!-- PETRARCH VALIDATION SUITE ACTOR DICTIONARY -->");
    }

    /// The agent example of dictionaries.rst (with its `#` comments), plus the substitution
    /// example: "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON ... CONGRESS!PERSON! [~LEG}".
    const RST_AGENTS: &str = "<!-- PETRARCH VALIDATION SUITE AGENTS DICTIONARY -->
<!-- VERSION: 0.1 -->
<!-- Last Update: 27 November 2013 -->

PARLIAMENTARY_OPPOSITION {} [~OPP] #jap 11 Oct 2002
AMBASSADOR [~GOV] # LRP 02 Jun 2004
COPTIC_CHRISTIAN [~CHRCPT] # BNL 10 Jan 2002
FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01
PRESIDENT [~GOVPRS] # ns 6/26/01
AIR_FORCE {} [~MIL] # ab 06 Jul 2005
OFFICIAL_MEDIA {} [~GOVMED] # ab 16 Aug 2005
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG] # mj 05 Jan 2006
FOREIGN_MINISTRY [~GOV] # mj 17 Apr 2006
HUMAN_RIGHTS_ACTIVISTS  [NGM~] # ns 6/14/01
HUMAN_RIGHTS_BODY  [NGO~] # BNL 07 Dec 2001
TROOP {} [~MIL] # ab 22 Aug 2005
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
CONGRESS!PERSON! [~LEG}
";

    #[test]
    fn rst_agent_example() {
        assert!(is_petrarch_format(RST_AGENTS) && is_agent_file(RST_AGENTS));
        let (dict, report) = parse_agents(RST_AGENTS, "a.agents.txt").expect("agents parse");
        let get = |code: &str| dict.agents.iter().find(|a| a.code == code).unwrap_or_else(|| panic!("{code}"));
        // `{}`: no plural; `~` dropped from the code.
        assert_eq!(get("OPP").phrases, vec![toks("parliamentary opposition")]);
        // Regular plurals: +s, y → ies, +es.
        assert_eq!(get("GOVFRM").phrases, vec![toks("foreign minister"), toks("foreign ministers")]);
        assert!(dict.agents.iter().any(|a| a.phrases.contains(&toks("foreign ministries"))));
        // Irregular plural in braces.
        assert_eq!(get("GOVATG").phrases, vec![toks("attorney general"), toks("attorneys general")]);
        assert_eq!(get("MIL").phrases, vec![toks("air force")]);
        // Substitution, without plurals; `[~LEG}` read as [~LEG] and counted.
        assert_eq!(get("LEG").phrases.len(), 5);
        assert!(get("LEG").phrases.contains(&toks("congresswomen")));
        assert_eq!(report.repaired["code closed by } instead of ]"].count, 1);
        // `NGM~` / `NGO~` prefix codes: skipped and counted.
        assert_eq!(report.skipped["prefix agent code (CODE~)"].count, 2);
        assert_eq!(dict.agents.len(), 11);
        assert_eq!(report.substituted, 5);
        assert_eq!(get("CHRCPT").source, "a.agents.txt:7");
    }

    #[test]
    fn agent_plural_rules() {
        assert_eq!(regular_plural("soldier"), "soldiers");
        assert_eq!(regular_plural("militia"), "militias");
        assert_eq!(regular_plural("boss"), "bosses");
        assert_eq!(regular_plural("tax"), "taxes");
        assert_eq!(regular_plural("church"), "churches");
        assert_eq!(regular_plural("ministry"), "ministries");
        assert_eq!(regular_plural("attorney"), "attorneys");
        let text = "!MINIST! = MINISTER, MINISTRY\nMINISTRY_  [~GOV]\n!MINIST!_OF_DEFENSE [~GOVMIL]\nPOLICE {} [~COP]\nGENDARMERY {GENDARMERIE} [~COP]\nISLAMIC_EXTREMIST\nFOO !NOPE! [~RAD]\n";
        let (dict, report) = parse_agents(text, "b.txt").expect("agents parse");
        assert_eq!(dict.agents[0].phrases, vec![toks("ministry")], "trailing _: no plural");
        assert_eq!(dict.agents[1].phrases, vec![toks("minister of defense"), toks("ministry of defense")]);
        assert_eq!(dict.agents[2].phrases.len(), 1);
        assert_eq!(dict.agents[3].phrases, vec![toks("gendarmery"), toks("gendarmerie")]);
        assert_eq!(report.skipped["agent without code"].count, 1);
        assert_eq!(report.skipped["bad substitution marker"].count, 1);
        assert_eq!(check_petrarch(text, "b.txt").iter().map(|e| e.line).collect::<Vec<_>>(), [6, 7]);
    }

    #[test]
    fn format_detection() {
        assert!(is_petrarch_format(RST_ACTORS));
        assert!(!is_agent_file(RST_ACTORS));
        assert!(!is_petrarch_format("# c\nactor\tx\tX\tIRN\tiran\ts\n"));
        assert!(!is_petrarch_format("Barack Obama\tUSAGOV\n"));
        assert!(!is_petrarch_format("# only comments\n"));
        assert!(is_petrarch_format("GOLLUM\n+SMEAGOL\n\t[HOB]\n"));
    }

    const DATA: &str = "/work/shared/data/petrarch2";

    /// The Phoenix dictionaries, when the data directory is there (skipped otherwise).
    #[test]
    fn real_phoenix_files() {
        let dir = std::path::Path::new(DATA);
        if !dir.join("Phoenix.Countries.actors.txt").exists() {
            eprintln!("skipping: {DATA} not present");
            return;
        }
        let mut dict = ActorDictionary::default();
        for f in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt"] {
            dict.extend(ActorDictionary::load(&dir.join(f)).unwrap_or_else(|e| panic!("{e}")));
        }
        let last_with = |p: &str| {
            let p = toks(p);
            dict.actors.iter().rev().find(|a| a.phrases.contains(&p)).unwrap_or_else(|| panic!("no actor lists {p:?}"))
        };
        assert_eq!(last_with("barack obama").code_on(Some(d(2012, 1, 1))), Some(("USAGOV", true)));
        assert_eq!(last_with("barack obama").code_on(Some(d(1990, 1, 1))), Some(("USAELI", true)));
        assert_eq!(last_with("barack obama").code_on(None), Some(("USAGOV", false)));
        assert_eq!(last_with("iran").code_on(None), Some(("IRN", false)));
        assert_eq!(last_with("iran").name, "Iran");
        assert_eq!(last_with("u.s. vice president").code_on(None), Some(("USAGOV", false)), "codeless primary joins the next block");
        let soldiers = toks("soldiers");
        assert!(dict.agents.iter().any(|a| a.code == "MIL" && a.phrases.contains(&soldiers)));
        // The conversion survives its own format.
        let again = ActorDictionary::parse_tsv(&dict.to_tsv("test"), "phoenix.tsv").unwrap_or_else(|e| panic!("{e}"));
        let first_diff = dict.actors.iter().zip(&again.actors).find(|(a, b)| a != b).map(|(a, b)| format!("{a:?}\n{b:?}"));
        let first_agent_diff = dict.agents.iter().zip(&again.agents).find(|(a, b)| a != b).map(|(a, b)| format!("{a:?}\n{b:?}"));
        assert!(again == dict, "TSV round trip of the Phoenix dictionaries: {first_diff:?} {first_agent_diff:?}");
        // The validation dictionary has deliberate errors; check finds them by line.
        let text = std::fs::read_to_string(dir.join("PETR.Validate.actors.txt")).expect("readable");
        let errors = check_petrarch(&text, "PETR.Validate.actors.txt");
        assert!(errors.iter().any(|e| e.line == 112 && e.message.contains("`+++`")), "{errors:#?}");
    }
}
