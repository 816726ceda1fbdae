//! Sentence splitter for news English, over the tokens.
//!
//! A boundary falls after final punctuation (with the closing quotes and brackets that
//! follow it) when the next token does not continue the sentence; after abbreviations
//! only when a clear sentence opener follows; at blank lines always; at single line
//! breaks for headlines, datelines, bylines and bullet lines (a line that is a whole
//! sentence without final punctuation).

use std::ops::Range;

use crate::doc::{Sentence, SentenceKind, Token};
use crate::segment::abbreviations::{self, AbbrevKind};
use crate::segment::tokens::is_letter_dot_sequence;

/// Splits `tokens` (the tokens of `text`) into sentences, appended to `out`.
/// `title_line` marks the first line as the article title.
pub fn split_sentences(text: &str, tokens: &[Token], title_line: bool, out: &mut Vec<Sentence>) {
    let mut start = 0;
    for i in 0..tokens.len() {
        let boundary = match tokens.get(i + 1) {
            None => true,
            Some(next) => {
                let gap = &text[tokens[i].span.end_byte..next.span.start_byte];
                match newlines(gap) {
                    0 => ends_inline(text, tokens, start, i),
                    1 => ends_at_line_break(text, tokens, start, i),
                    _ => true,
                }
            }
        };
        if boundary {
            out.push(make_sentence(text, tokens, start..i + 1, title_line));
            start = i + 1;
        }
    }
}

fn newlines(gap: &str) -> usize {
    gap.bytes().filter(|&b| b == b'\n').count() + usize::from(gap.contains('\u{2029}')) * 2
        + if gap.contains('\n') { 0 } else { gap.bytes().filter(|&b| b == b'\r').count() }
}

fn tok<'a>(text: &'a str, tokens: &[Token], i: usize) -> &'a str {
    tokens[i].span.slice(text)
}

fn is_terminal(t: &str) -> bool {
    !t.is_empty() && t.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_closer(t: &str) -> bool {
    matches!(t, "\"" | "'" | "”" | "’" | ")" | "]" | "»" | "›" | "''")
}

fn attached(tokens: &[Token], a: usize, b: usize) -> bool {
    tokens[a].span.end_byte == tokens[b].span.start_byte
}

/// What kind of end token `i` makes, looking back through attached closing quotes.
enum End {
    None,
    /// ". ! ? …"
    Strong,
    /// An abbreviation that may end a sentence ("U.S.", "Inc.", an initial).
    Weak,
    /// A title or prefix ("Gen.", "Jan."): never inside a line.
    Prefix,
}

fn end_kind(text: &str, tokens: &[Token], start: usize, i: usize) -> End {
    let mut j = i;
    while j > start && is_closer(tok(text, tokens, j)) && attached(tokens, j - 1, j) {
        j -= 1;
    }
    let t = tok(text, tokens, j);
    if is_terminal(t) {
        return End::Strong;
    }
    if j != i || !t.ends_with('.') || t.len() < 2 {
        return End::None;
    }
    if is_letter_dot_sequence(t) {
        return End::Weak;
    }
    match abbreviations::lookup(&t[..t.len() - 1]) {
        Some(AbbrevKind::MayEnd) => End::Weak,
        Some(_) => End::Prefix,
        None => End::Weak,
    }
}

/// Whether the token after `i` opens a sentence: not lowercase, not punctuation that
/// continues one.
fn next_opens(text: &str, tokens: &[Token], i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else { return true };
    let t = next.span.slice(text);
    let c = t.chars().next().unwrap_or(' ');
    if c.is_lowercase() {
        return false;
    }
    if is_closer(t) && attached(tokens, i, i + 1) {
        return false; // the closing quote belongs to this sentence; split after it
    }
    !is_continuation(t)
}

fn ends_inline(text: &str, tokens: &[Token], start: usize, i: usize) -> bool {
    match end_kind(text, tokens, start, i) {
        // "1. Jesper Ronnback": list numbering, not a sentence.
        End::Strong if i == start + 1 && tok(text, tokens, i) == "." && tok(text, tokens, start).len() <= 3 && tok(text, tokens, start).bytes().all(|b| b.is_ascii_digit()) => false,
        // A quote standing between the period and a line break closes this sentence.
        End::Strong if is_closer(tok(text, tokens, i + 1)) && tokens.get(i + 2).is_none_or(|n| text[tokens[i + 1].span.end_byte..n.span.start_byte].contains('\n')) => false,
        End::Strong => {
            // A bare period is never an abbreviation's (those stay on their word), so it
            // ends the sentence even before a lowercase word; "?" and "!" inside quotes
            // and ellipses are followed by lowercase when the sentence goes on.
            let next_continues = tokens.get(i + 1).is_some_and(|n| {
                let t = n.span.slice(text);
                is_continuation(t) || (is_closer(t) && attached(tokens, i, i + 1))
            });
            let bare = matches!(tok(text, tokens, i), "." | "?" | "!" | "?!" | "!!") && !next_continues;
            bare || next_opens(text, tokens, i)
        }
        End::Weak => tokens.get(i + 1).is_some_and(|n| abbreviations::is_sentence_starter(n.span.slice(text))),
        End::Prefix | End::None => false,
    }
}

/// Punctuation that continues a sentence.
fn is_continuation(t: &str) -> bool {
    matches!(t, "," | ";" | ":" | ")" | "]" | "%" | "-" | "." | "!" | "?")
}

fn ends_at_line_break(text: &str, tokens: &[Token], start: usize, i: usize) -> bool {
    let next_line = &text[tokens[i].span.end_byte..];
    let next_line = next_line[next_line.find('\n').map_or(0, |p| p + 1)..].trim_start_matches([' ', '\t']);
    if starts_with_bullet(next_line) {
        return true;
    }
    match end_kind(text, tokens, start, i) {
        End::Strong => return true,
        End::Weak | End::Prefix => return next_opens(text, tokens, i),
        End::None => {}
    }
    // A line without final punctuation ends a sentence when it stood alone from its
    // start (headline, dateline, byline, bullet) and the next line opens a new one.
    let line_start = text[..tokens[i].span.end_byte].rfind('\n').map_or(0, |p| p + 1);
    let sentence_starts_line = tokens[start].span.start_byte <= line_start
        || text[line_start..tokens[start].span.start_byte].trim().is_empty();
    let last = tok(text, tokens, i);
    let dangling = matches!(last, "," | ";" | "-" | "&" | "and" | "or" | "the" | "of" | "to" | "a" | "an" | "in" | "for" | "with" | "by");
    // A short line followed by a lowercase one is a line of its own ("yeah\nsounds
    // good"); a long one is hard-wrapped prose.
    let short_line = text[line_start..tokens[i].span.end_byte].chars().count() < 40;
    sentence_starts_line && !dangling && (next_opens(text, tokens, i) || short_line)
}

/// "• item", "- item", "* item", "1. item", "2) item".
pub(crate) fn starts_with_bullet(line: &str) -> bool {
    let mut chars = line.chars();
    match chars.next() {
        Some('•' | '·' | '▪' | '●' | '◦' | '‣' | '►' | '■' | '–' | '—') => true,
        Some('-' | '*') => chars.next().is_some_and(char::is_whitespace),
        Some(c) if c.is_ascii_digit() => {
            let digits = line.bytes().take_while(u8::is_ascii_digit).count();
            let rest = &line[digits..];
            digits <= 3 && (rest.starts_with(". ") || rest.starts_with(") "))
        }
        _ => false,
    }
}

fn make_sentence(text: &str, tokens: &[Token], range: Range<usize>, title_line: bool) -> Sentence {
    let first = &tokens[range.start].span;
    let last = &tokens[range.end - 1].span;
    let span = first.cover(last);
    // Only the blanks around the sentence are looked at, never the whole text: a
    // sentence costs the same in a 50 MB article as in a short one.
    let before = text[..span.start_byte].trim_end_matches([' ', '\t', '\r']);
    let starts_line = before.is_empty() || before.ends_with('\n');
    let after = text[span.end_byte..].trim_start_matches([' ', '\t', '\r']);
    let ends_line = after.is_empty() || after.starts_with('\n');
    let one_line = !span.slice(text).contains('\n');
    let kind = if title_line && before.is_empty() && ends_line && one_line {
        SentenceKind::Title
    } else if starts_line && starts_with_bullet(&text[span.start_byte..]) {
        SentenceKind::Bullet
    } else if starts_line && ends_line && one_line && !is_terminal(tok(text, tokens, range.end - 1)) && !is_closer(tok(text, tokens, range.end - 1)) {
        SentenceKind::Headline
    } else {
        SentenceKind::Body
    };
    Sentence { span, kind, tokens: range }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::tokens::tokenize;

    fn sents(text: &str) -> Vec<String> {
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let mut out = Vec::new();
        split_sentences(text, &toks, false, &mut out);
        out.iter().map(|s| s.span.slice(text).to_string()).collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Brig. Gen. Abolfazl Shekarchi spoke on Jan. 5 in the U.S. Embassy. Then he left."),
            ["Brig. Gen. Abolfazl Shekarchi spoke on Jan. 5 in the U.S. Embassy.", "Then he left."]
        );
        assert_eq!(sents("Mr. J. R. Smith of Acme Inc. said so."), ["Mr. J. R. Smith of Acme Inc. said so."]);
        assert_eq!(sents("It was sold to the U.S. The deal closed."), ["It was sold to the U.S.", "The deal closed."]);
    }

    #[test]
    fn decimals_and_ellipses() {
        assert_eq!(sents("Oil rose 3.5 percent... Markets fell."), ["Oil rose 3.5 percent...", "Markets fell."]);
        assert_eq!(sents("He paused... and went on."), ["He paused... and went on."]);
    }

    #[test]
    fn quotes_after_period() {
        assert_eq!(
            sents("“We will respond.” The minister left. \"Why?\" he asked. (It was late.) Next."),
            ["“We will respond.”", "The minister left.", "\"Why?\" he asked.", "(It was late.)", "Next."]
        );
    }

    #[test]
    fn headlines_bylines_bullets() {
        let text = "Iran downs US drone\nBy Jane Doe\nTEHRAN 2019-06-20\nIran shot down a drone. It was a\nGlobal Hawk.\n- first point\n- second point\n";
        assert_eq!(
            sents(text),
            ["Iran downs US drone", "By Jane Doe", "TEHRAN 2019-06-20", "Iran shot down a drone.", "It was a\nGlobal Hawk.", "- first point", "- second point"]
        );
    }

    #[test]
    fn paragraphs_always_split() {
        assert_eq!(sents("Set the region ablaze\n\nA military mistake"), ["Set the region ablaze", "A military mistake"]);
    }

    #[test]
    fn kinds() {
        let text = "Title here\n\nHeadline\n\nBody text. More.\n• a bullet";
        let mut toks = Vec::new();
        tokenize(text, &mut toks);
        let mut out = Vec::new();
        split_sentences(text, &toks, true, &mut out);
        let kinds: Vec<_> = out.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [SentenceKind::Title, SentenceKind::Headline, SentenceKind::Body, SentenceKind::Body, SentenceKind::Bullet]);
    }
}
