//! Word tokenizer for news English.
//!
//! Whitespace separates chunks; each chunk is split by rules: opening quotes, brackets
//! and currency signs peel off the front; closing punctuation peels off the back unless
//! the period belongs to an abbreviation ("U.S.", "Gen.", "Inc."); clitics split off
//! ("Iran's" → Iran 's, "don't" → do n't); dashes and ellipses inside split; URLs,
//! e-mail addresses, hashtags and designators ("F-16", "AK-47", "S-400") stay whole.
//! Offsets always point into the original text, so slicing gives the token back.

use crate::doc::{Span, Token, TokenKind};
use crate::segment::abbreviations::{self, AbbrevKind};

/// Appends the tokens of `text` to `out`, with byte and char offsets.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let first = out.len();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 5 + 1);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Skip whitespace (ASCII fast path, then Unicode).
        let (c, w) = char_at(text, i);
        if c.is_whitespace() {
            i += w;
            continue;
        }
        let start = i;
        while i < bytes.len() {
            let (c, w) = char_at(text, i);
            if c.is_whitespace() {
                break;
            }
            i += w;
        }
        let next_is_digit = next_nonspace_is_digit(text, i);
        split_chunk(text, start, i, next_is_digit, &mut ranges);
    }
    // One forward pass turns byte ranges into spans with char offsets.
    let mut chars_before = 0usize;
    let mut last_byte = 0usize;
    out.reserve(ranges.len());
    for (s, e) in ranges {
        chars_before += count_chars(&bytes[last_byte..s]);
        let len_chars = count_chars(&bytes[s..e]);
        let span = Span { start_byte: s, end_byte: e, start_char: chars_before, end_char: chars_before + len_chars };
        chars_before += len_chars;
        last_byte = e;
        out.push(Token::new(span, classify(&text[s..e])));
    }
    debug_assert!(out[first..].windows(2).all(|w| w[0].span.end_byte <= w[1].span.start_byte));
}

/// Number of chars in a UTF-8 byte slice: every byte that is not a continuation byte.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        // Safe: `i` is always on a char boundary here.
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        (c, c.len_utf8())
    }
}

fn next_nonspace_is_digit(text: &str, from: usize) -> bool {
    text[from..].chars().find(|c| !c.is_whitespace()).is_some_and(|c| c.is_ascii_digit())
}

fn is_opening(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '"' | '\'' | '“' | '‘' | '«' | '‹' | '¿' | '¡' | '„' | '$' | '€' | '£' | '¥' | '*' | '•' | '·')
}

fn is_closing(c: char) -> bool {
    matches!(c, ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»' | '›' | '%' | '.' | '…' | '*')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―')
}

/// Splits the whitespace-free chunk `text[start..end]` into token byte ranges.
fn split_chunk(text: &str, start: usize, end: usize, next_is_digit: bool, out: &mut Vec<(usize, usize)>) {
    let chunk = &text[start..end];
    if is_url(chunk) || is_email(chunk) {
        return split_url(text, start, end, out);
    }
    let mut s = start;
    let mut e = end;

    // Leading punctuation, one token per char; "..." and "--" as one.
    while s < e {
        let rest = &text[s..e];
        let c = rest.chars().next().unwrap_or(' ');
        if rest.starts_with("...") || rest.starts_with("--") {
            let run = run_len(rest, rest.as_bytes()[0]);
            out.push((s, s + run));
            s += run;
        } else if (c == '\'' || c == '’') && is_clitic_or_year(&rest[c.len_utf8()..]) {
            break;
        } else if is_opening(c) || is_dash(c) || c == '…' || (c == '-' && !rest[1..].starts_with(|d: char| d.is_ascii_digit())) {
            out.push((s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }

    // Trailing punctuation, collected back to front.
    let mut trail: Vec<(usize, usize)> = Vec::new();
    while s < e {
        let rest = &text[s..e];
        let c = rest.chars().next_back().unwrap_or(' ');
        let cl = c.len_utf8();
        if c == '.' {
            let dots = rest.bytes().rev().take_while(|&b| b == b'.').count();
            if dots >= 2 {
                trail.push((e - dots, e));
                e -= dots;
                continue;
            }
            if keeps_period(rest, next_is_digit) {
                break;
            }
            trail.push((e - 1, e));
            e -= 1;
        } else if c == '!' || c == '?' {
            let run = rest.chars().rev().take_while(|&c| c == '!' || c == '?').count();
            trail.push((e - run, e));
            e -= run;
        } else if c == ')' && rest.contains('(') && rest.matches('(').count() >= rest.matches(')').count() {
            break; // "F-16(A)" style: the bracket belongs to the word.
        } else if c == '-' && rest.len() > 1 {
            trail.push((e - 1, e));
            e -= 1;
        } else if is_closing(c) || is_dash(c) {
            if rest.len() == cl {
                break; // a lone punctuation char is a token as it is
            }
            trail.push((e - cl, e));
            e -= cl;
        } else {
            break;
        }
    }

    if s < e {
        split_core(text, s, e, out);
    }
    out.extend(trail.into_iter().rev());
}

fn run_len(s: &str, b: u8) -> usize {
    s.bytes().take_while(|&x| x == b).count()
}

/// After an apostrophe: a clitic ("s", "re", "ll" ...) or a decade ("90s").
fn is_clitic_or_year(after: &str) -> bool {
    let lower = after.to_ascii_lowercase();
    matches!(lower.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m" | "t")
        || (after.len() >= 2 && after.bytes().take(2).all(|b| b.is_ascii_digit()))
}

/// Whether a chunk ending in "." keeps it: letter-dot sequences (U.S., a.m.), known
/// abbreviations, and numbering abbreviations before a number ("No. 5").
fn keeps_period(word: &str, next_is_digit: bool) -> bool {
    let stem = &word[..word.len() - 1];
    if stem.is_empty() {
        return false;
    }
    if is_letter_dot_sequence(word) {
        return true;
    }
    match abbreviations::lookup(stem) {
        Some(AbbrevKind::BeforeNumber) => next_is_digit,
        Some(_) => true,
        None => false,
    }
}

/// "U.S.", "a.m.", "J." : single letters each followed by a period.
pub(crate) fn is_letter_dot_sequence(word: &str) -> bool {
    let mut chars = word.chars();
    let mut pairs = 0;
    loop {
        match (chars.next(), chars.next()) {
            (None, _) => return pairs > 0,
            (Some(l), Some('.')) if l.is_alphabetic() => pairs += 1,
            _ => return false,
        }
    }
}

/// Splits the inside of a chunk: dashes and ellipses split off, clitics split off the end.
fn split_core(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let core = &text[s..e];
    // Split at dashes, "--" and ellipses inside the word: "war—and", "1990–1995" stays
    // numeric-ranged words apart too, which is what the CoNLL/UD conventions do.
    let mut piece_start = s;
    let mut idx = 0;
    let bytes = core.as_bytes();
    while idx < core.len() {
        let c = core[idx..].chars().next().unwrap_or(' ');
        let sep_len = if is_dash(c) || c == '…' {
            c.len_utf8()
        } else if core[idx..].starts_with("--") {
            run_len(&core[idx..], b'-')
        } else if core[idx..].starts_with("...") {
            run_len(&core[idx..], b'.')
        } else {
            0
        };
        if sep_len > 0 && idx > 0 && s + idx + sep_len < e {
            push_word(text, piece_start, s + idx, out);
            out.push((s + idx, s + idx + sep_len));
            idx += sep_len;
            piece_start = s + idx;
            continue;
        }
        idx += if bytes[idx] < 0x80 { 1 } else { c.len_utf8() };
    }
    push_word(text, piece_start, e, out);
}

/// Pushes a word, splitting a clitic off its end ("Iran's", "don't", "we'll").
fn push_word(text: &str, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    if s >= e {
        return;
    }
    let word = &text[s..e];
    if let Some(cut) = clitic_cut(word) {
        out.push((s, s + cut));
        out.push((s + cut, e));
    } else {
        out.push((s, e));
    }
}

/// Byte index where a clitic starts, if the word ends in one after a letter.
fn clitic_cut(word: &str) -> Option<usize> {
    if !word.contains(['\'', '’']) {
        return None;
    }
    let lower_tail: String = word.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect::<String>().to_lowercase();
    // n't: "don't" → do + n't
    for apos in ['\'', '’'] {
        let nt = format!("n{apos}t");
        if lower_tail.ends_with(&nt) {
            let cut = word.len() - nt.len();
            if cut > 0 && word[..cut].chars().all(char::is_alphabetic) {
                return Some(cut);
            }
        }
        for clitic in ["s", "re", "ve", "ll", "d", "m"] {
            let suffix = format!("{apos}{clitic}");
            if lower_tail.ends_with(&suffix) {
                let cut = word.len() - suffix.len();
                let stem = &word[..cut];
                if cut > 0 && stem.chars().last().is_some_and(|c| c.is_alphanumeric()) && !stem.contains(apos) {
                    return Some(cut);
                }
            }
        }
    }
    None
}

fn is_url(chunk: &str) -> bool {
    let body = chunk.trim_start_matches(is_opening);
    let starts = |p: &str| body.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    body.len() > 4 && (starts("http://") || starts("https://") || starts("www.") || starts("ftp://"))
}

fn is_email(chunk: &str) -> bool {
    if !chunk.contains('@') {
        return false;
    }
    let trimmed = chunk.trim_matches(|c: char| !c.is_alphanumeric());
    match trimmed.find('@') {
        Some(at) if at > 0 => {
            let domain = &trimmed[at + 1..];
            domain.contains('.') && !domain.starts_with('.') && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-')
        }
        _ => false,
    }
}

/// URL or e-mail: opening punctuation off the front, closing punctuation off the back,
/// a closing bracket kept when the URL opened one.
fn split_url(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let mut s = start;
    let mut e = end;
    while s < e {
        let c = text[s..e].chars().next().unwrap_or(' ');
        if is_opening(c) && c != '$' {
            out.push((s, s + c.len_utf8()));
            s += c.len_utf8();
        } else {
            break;
        }
    }
    let mut trail = Vec::new();
    while s < e {
        let rest = &text[s..e];
        let c = rest.chars().next_back().unwrap_or(' ');
        let keep_bracket = c == ')' && rest.matches('(').count() >= rest.matches(')').count();
        if (is_closing(c) || c == '>') && !keep_bracket && c != '%' {
            trail.push((e - c.len_utf8(), e));
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    if s < e {
        out.push((s, e));
    }
    out.extend(trail.into_iter().rev());
}

/// The kind of a token from its text alone.
pub fn classify(tok: &str) -> TokenKind {
    let first = tok.chars().next().unwrap_or(' ');
    if tok.len() > 4 && is_url(tok) {
        return TokenKind::Url;
    }
    if first == '#' && tok.len() > 1 && tok[1..].chars().all(|c| c.is_alphanumeric() || c == '_') {
        return TokenKind::Hashtag;
    }
    if first == '@' && tok.len() > 1 && tok[1..].chars().all(|c| c.is_alphanumeric() || c == '_') {
        return TokenKind::Mention;
    }
    if is_email(tok) && tok.contains('@') {
        return TokenKind::Email;
    }
    let has_alpha = tok.chars().any(char::is_alphabetic);
    let has_digit = tok.chars().any(|c| c.is_ascii_digit());
    if has_digit && !has_alpha && tok.chars().all(|c| c.is_ascii_digit() || ",.:/-+%".contains(c)) {
        return TokenKind::Number;
    }
    if has_alpha || has_digit || tok.chars().any(char::is_alphanumeric) {
        return TokenKind::Word;
    }
    if tok.chars().all(|c| matches!(c, '$' | '€' | '£' | '¥' | '%' | '+' | '=' | '<' | '>' | '&' | '@' | '#' | '^' | '~' | '|' | '§' | '°' | '©' | '®' | '™')) {
        return TokenKind::Symbol;
    }
    TokenKind::Punct
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out.iter().map(|t| t.span.slice(text)).collect()
    }

    #[test]
    fn news_words() {
        assert_eq!(toks("The U.S. sent F-16s and AK-47 rifles."), ["The", "U.S.", "sent", "F-16s", "and", "AK-47", "rifles", "."]);
        assert_eq!(toks("Iran's S-400 and Shahab-3."), ["Iran", "'s", "S-400", "and", "Shahab-3", "."]);
        assert_eq!(toks("We don't know, they can't say."), ["We", "do", "n't", "know", ",", "they", "ca", "n't", "say", "."]);
        assert_eq!(toks("Iran’s economy"), ["Iran", "’s", "economy"]);
        assert_eq!(toks("O'Brien said"), ["O'Brien", "said"]);
    }

    #[test]
    fn numbers_and_money() {
        assert_eq!(toks("It cost $1,200,000 or 3.5% more."), ["It", "cost", "$", "1,200,000", "or", "3.5", "%", "more", "."]);
        assert_eq!(toks("BRUSSELS 1996-08-22"), ["BRUSSELS", "1996-08-22"]);
    }

    #[test]
    fn abbreviations() {
        assert_eq!(toks("Gen. Smith met Mr. Jones at 5 p.m."), ["Gen.", "Smith", "met", "Mr.", "Jones", "at", "5", "p.m."]);
        assert_eq!(toks("He said no."), ["He", "said", "no", "."]);
        assert_eq!(toks("No. 10 Downing St."), ["No.", "10", "Downing", "St."]);
        assert_eq!(toks("Acme Inc. rose"), ["Acme", "Inc.", "rose"]);
        assert_eq!(toks("It was No. Really."), ["It", "was", "No", ".", "Really", "."]);
    }

    #[test]
    fn quotes_dashes_ellipses() {
        assert_eq!(toks("“We will,” he said—then left..."), ["“", "We", "will", ",", "”", "he", "said", "—", "then", "left", "..."]);
        assert_eq!(toks("(BSE) -- mad cow"), ["(", "BSE", ")", "--", "mad", "cow"]);
        assert_eq!(toks("\"Why?\" he asked"), ["\"", "Why", "?", "\"", "he", "asked"]);
        assert_eq!(toks("the '90s"), ["the", "'90s"]);
    }

    #[test]
    fn urls_emails_tags() {
        assert_eq!(toks("See https://example.com/a_(b). Mail press@un.org, #Iran @AP"), [
            "See", "https://example.com/a_(b)", ".", "Mail", "press@un.org", ",", "#Iran", "@AP"
        ]);
        let mut out = Vec::new();
        tokenize("see www.un.org now #Iran", &mut out);
        assert_eq!(out[1].kind, TokenKind::Url);
        assert_eq!(out[3].kind, TokenKind::Hashtag);
    }

    #[test]
    fn char_offsets_follow_multibyte_text() {
        let text = "Café — “Zürich” 5 €";
        let mut out = Vec::new();
        tokenize(text, &mut out);
        let chars: Vec<char> = text.chars().collect();
        for t in &out {
            let by_char: String = chars[t.span.start_char..t.span.end_char].iter().collect();
            assert_eq!(by_char, t.span.slice(text));
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(classify("1,000"), TokenKind::Number);
        assert_eq!(classify("F-16"), TokenKind::Word);
        assert_eq!(classify("."), TokenKind::Punct);
        assert_eq!(classify("$"), TokenKind::Symbol);
        assert_eq!(classify("a@b.org"), TokenKind::Email);
    }
}
