//! Date expressions in news sentences, resolved against the publication date.
//!
//! News reports past events, so bare weekdays and months resolve to the most
//! recent occurrence on or before publication. Spans include a leading "on"/"in"
//! and modifiers (last/next/this/early/mid/late) but not relational prepositions
//! (since/until/by...), which callers may want to interpret themselves.
//! "early/mid/late June" resolve to the whole month; "last night" is the day
//! before publication.

use std::cmp::Reverse;
use std::sync::LazyLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use regex::{Captures, Regex};

use crate::doc::DatePrecision;

/// A date expression found in text, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    /// Byte range of the expression in the text passed in.
    pub start: usize,
    pub end: usize,
    /// First day of the period meant (the day itself for Day precision; the Monday of the week for Week; the 1st of the month; Jan 1 for Year).
    pub date: NaiveDate,
    pub precision: DatePrecision,
    /// True when resolving needed the publication date (relative expressions like "on Saturday", "last week").
    pub relative: bool,
}

const MONTH: &str = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
const MONTH_FULL: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("static date regex")
}

static ISO: LazyLock<Regex> = LazyLock::new(|| re(r"\b(\d{4})-(\d{2})-(\d{2})\b"));
// Month names are case-sensitive so "may"/"march" (verbs) never match.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?i:on)\s+)?({MONTH})\b\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
    ))
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?i:on)\s+)?(?:(?i:the)\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:(?i:of)\s+)?({MONTH})\b(?:\.?,?\s+(\d{{4}})\b)?"
    ))
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?i:in)\s+)?(?:(?i:early|mid|late)[\s-]+)?({MONTH})\b\.?,?\s+(\d{{4}})\b"
    ))
});
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"\b(?:(?i:(in|on))\s+)?(?:(?i:(last|next|this|early|mid|late))[\s-]+)?({MONTH_FULL})\b"
    ))
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"\b(?:(?i:(on|last|past|this|next))\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?:\s+(?i:(last|this|next)\s+week)\b)?",
    )
});
static DAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))\b",
    )
});
static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:(?:earlier|later)\s+)?(last|this|next)\s+(week|month|year)\b"));
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(day|week|month|year)s?\s+ago\b",
    )
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"\b(?:(?i:in)\s+)?((?:19|20)\d{2})\b"));

/// Words after a number that make it a count or measure rather than a year.
const UNIT_WORDS: &str = "people persons person troops soldiers men women children fighters \
    militants civilians workers students refugees migrants protesters prisoners police officers \
    members families residents voters votes deaths cases casualties km kilometres kilometers \
    miles metres meters feet kg tons tonnes barrels dollars euros pounds percent per hours hrs \
    gmt utc local units vehicles homes houses rockets missiles rounds computers machines";

/// Words before "May" that make it the month rather than the modal verb.
const MAY_PREPOSITIONS: &str =
    "in on since by until till during from of before after through last next this early mid late";

struct Candidate {
    start: usize,
    end: usize,
    /// None when unresolvable (no publication date, invalid date); still blocks overlaps.
    resolved: Option<(NaiveDate, DatePrecision)>,
    relative: bool,
}

/// Every date expression in `text`, in text order, non-overlapping (longest wins).
/// Relative expressions are resolved against `published`; when `published` is None they are skipped (not returned).
pub fn find_dates(text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut cands = Vec::new();
    let mut push = |m: &Captures, resolved, relative| {
        let whole = m.get(0).expect("group 0 always present");
        cands.push(Candidate {
            start: whole.start(),
            end: whole.end(),
            resolved,
            relative,
        });
    };
    let rel = |f: &dyn Fn(NaiveDate) -> Option<NaiveDate>| published.and_then(f);

    for c in ISO.captures_iter(text) {
        let d = ymd(num(&c, 1), num(&c, 2), num(&c, 3));
        push(&c, d.map(|d| (d, DatePrecision::Day)), false);
    }
    for c in MONTH_DAY
        .captures_iter(text)
        .chain(DAY_MONTH.captures_iter(text))
    {
        let (mi, di) = if c[1].starts_with(|ch: char| ch.is_ascii_digit()) {
            (2, 1)
        } else {
            (1, 2)
        };
        let (Some(month), Some(day)) = (month_number(&c[mi]), c[di].parse::<u32>().ok()) else {
            continue;
        };
        match c.get(3) {
            Some(y) => {
                let d = y.as_str().parse().ok().and_then(|y| ymd(y, month, day));
                push(&c, d.map(|d| (d, DatePrecision::Day)), false);
            }
            None => {
                let d = rel(&|p| {
                    ymd(p.year(), month, day)
                        .filter(|d| *d <= p)
                        .or_else(|| ymd(p.year() - 1, month, day))
                });
                push(&c, d.map(|d| (d, DatePrecision::Day)), true);
            }
        }
    }
    for c in MONTH_YEAR.captures_iter(text) {
        let d = month_number(&c[1])
            .zip(c[2].parse().ok())
            .and_then(|(m, y)| ymd(y, m, 1));
        push(&c, d.map(|d| (d, DatePrecision::Month)), false);
    }
    for c in MONTH_ALONE.captures_iter(text) {
        let Some(month) = month_number(&c[3]) else {
            continue;
        };
        let start = c.get(0).map_or(0, |m| m.start());
        let modifier = c.get(2).map(|m| m.as_str().to_lowercase());
        if c.get(1).is_none() && modifier.is_none() {
            // Bare "May" is usually the modal verb; a bare month before a
            // capitalised word is usually a first name ("June Smith").
            let after = next_word(text, c.get(3).map_or(start, |m| m.end()));
            let prev = prev_word(text, start).to_lowercase();
            if (month == 5 && !has_word(MAY_PREPOSITIONS, &prev))
                || after.starts_with(|ch: char| ch.is_uppercase())
            {
                continue;
            }
        }
        let d = rel(&|p| {
            let y = p.year();
            let year = match modifier.as_deref() {
                Some("last") if month < p.month() => y,
                Some("last") => y - 1,
                Some("next") if month > p.month() => y,
                Some("next") => y + 1,
                Some("this") => y,
                _ if month <= p.month() => y,
                _ => y - 1,
            };
            ymd(year, month, 1)
        });
        push(&c, d.map(|d| (d, DatePrecision::Month)), true);
    }
    for c in WEEKDAY.captures_iter(text) {
        let Ok(wd) = c[2].parse::<Weekday>() else {
            continue;
        };
        let prefix = c.get(1).map(|m| m.as_str().to_lowercase());
        let suffix = c.get(3).map(|m| m.as_str().to_lowercase());
        let d = rel(&|p| {
            let offset = wd.num_days_from_monday() as i64;
            let this_week = |weeks: i64| add_days(monday(p), weeks * 7 + offset);
            let back = (7 + p.weekday().num_days_from_monday() as i64 - offset) % 7;
            match (suffix.as_deref(), prefix.as_deref()) {
                (Some("last"), _) => this_week(-1),
                (Some("next"), _) => this_week(1),
                (Some(_), _) | (None, Some("this")) => this_week(0),
                // "last Monday" said on a Monday means a week ago, not today.
                (None, Some("last" | "past")) => add_days(p, if back == 0 { -7 } else { -back }),
                (None, Some("next")) => add_days(p, 7 - back),
                _ => add_days(p, -back),
            }
        });
        push(&c, d.map(|d| (d, DatePrecision::Day)), true);
    }
    for c in DAY_WORD.captures_iter(text) {
        let w = c[0].to_lowercase();
        let shift = match w.as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ if w.starts_with("last") => -1,
            _ if w.starts_with("the") => -2,
            _ => 0,
        };
        push(
            &c,
            rel(&|p| add_days(p, shift)).map(|d| (d, DatePrecision::Day)),
            true,
        );
    }
    for c in PERIOD.captures_iter(text) {
        let shift = match c[1].to_lowercase().as_str() {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let unit = c[2].to_lowercase();
        push(
            &c,
            published.and_then(|p| shift_period(p, &unit, shift)),
            true,
        );
    }
    for c in AGO.captures_iter(text) {
        let Some(n) = count(&c[1]) else { continue };
        let unit = c[2].to_lowercase();
        push(&c, published.and_then(|p| shift_period(p, &unit, -n)), true);
    }
    for c in YEAR.captures_iter(text) {
        let Some(y) = c.get(1) else { continue };
        if looks_like_year(text, y.start(), y.end()) {
            let d = y.as_str().parse().ok().and_then(|y| ymd(y, 1, 1));
            push(&c, d.map(|d| (d, DatePrecision::Year)), false);
        }
    }

    // Longest first, then earliest; keep those not overlapping anything kept.
    cands.sort_by_key(|c| (Reverse(c.end - c.start), c.start));
    let mut kept: Vec<Candidate> = Vec::new();
    for c in cands {
        if kept.iter().all(|k| c.end <= k.start || c.start >= k.end) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    kept.into_iter()
        .filter_map(|c| {
            let (date, precision) = c.resolved?;
            Some(DateMention {
                start: c.start,
                end: c.end,
                date,
                precision,
                relative: c.relative,
            })
        })
        .collect()
}

/// Period `shift` units away from `p`'s, at the given unit's precision.
fn shift_period(p: NaiveDate, unit: &str, shift: i64) -> Option<(NaiveDate, DatePrecision)> {
    match unit {
        "day" => add_days(p, shift).map(|d| (d, DatePrecision::Day)),
        "week" => add_days(monday(p), shift * 7).map(|d| (d, DatePrecision::Week)),
        "month" => {
            let total = p.year() as i64 * 12 + p.month0() as i64 + shift;
            let year = i32::try_from(total.div_euclid(12)).ok()?;
            ymd(year, total.rem_euclid(12) as u32 + 1, 1).map(|d| (d, DatePrecision::Month))
        }
        _ => {
            let year = i32::try_from(p.year() as i64 + shift).ok()?;
            ymd(year, 1, 1).map(|d| (d, DatePrecision::Year))
        }
    }
}

/// A 4-digit number reads as a year unless it is part of a larger number,
/// money, a percentage, or a count of something.
fn looks_like_year(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = &text[end..];
    let mut prev = before.chars().rev();
    let numeric_join = |c: Option<char>, next: Option<char>| {
        matches!(c, Some(',' | '.')) && next.is_some_and(|n| n.is_ascii_digit())
    };
    let p1 = prev.next();
    if matches!(p1, Some('$' | '£' | '€' | '#')) || numeric_join(p1, prev.next()) {
        return false;
    }
    let mut next = after.chars();
    let n1 = next.next();
    if n1 == Some('%') || numeric_join(n1, next.next()) {
        return false;
    }
    let word = next_word(text, end).to_lowercase();
    !has_word(UNIT_WORDS, &word)
}

fn next_word(text: &str, from: usize) -> &str {
    let rest = text.get(from..).unwrap_or("").trim_start();
    let len = rest
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(rest.len());
    &rest[..len]
}

fn prev_word(text: &str, to: usize) -> &str {
    let head = text.get(..to).unwrap_or("").trim_end();
    let start = head.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    &head[start..]
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn num<T: std::str::FromStr + Default>(c: &Captures, i: usize) -> T {
    c.get(i)
        .and_then(|m| m.as_str().parse().ok())
        .unwrap_or_default()
}

fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let days = Days::new(n.unsigned_abs());
    if n >= 0 {
        d.checked_add_days(days)
    } else {
        d.checked_sub_days(days)
    }
}

fn monday(d: NaiveDate) -> NaiveDate {
    let back = Days::new(d.weekday().num_days_from_monday() as u64);
    d.checked_sub_days(back).unwrap_or(d)
}

fn month_number(name: &str) -> Option<u32> {
    const ABBR: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let i = ABBR.iter().position(|a| name.starts_with(a))?;
    u32::try_from(i + 1).ok()
}

fn has_word(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

fn count(word: &str) -> Option<i64> {
    const WORDS: &str = "one two three four five six seven eight nine ten eleven twelve";
    let w = word.to_lowercase();
    if w == "a" || w == "an" {
        return Some(1);
    }
    w.parse()
        .ok()
        .or_else(|| WORDS.split(' ').position(|x| x == w).map(|i| i as i64 + 1))
}

#[cfg(test)]
#[rustfmt::skip] // keep the case tables one row per line
mod tests {
    use super::*;
    use DatePrecision::*;

    const MON: Option<NaiveDate> = NaiveDate::from_ymd_opt(2019, 6, 24);
    const SAT: Option<NaiveDate> = NaiveDate::from_ymd_opt(2019, 6, 22);

    fn d(iso: &str) -> NaiveDate {
        iso.parse().unwrap()
    }

    /// (matched text, date, precision, relative) for each mention.
    fn found(text: &str, pubd: Option<NaiveDate>) -> Vec<(&str, NaiveDate, DatePrecision, bool)> {
        find_dates(text, pubd)
            .into_iter()
            .map(|m| (&text[m.start..m.end], m.date, m.precision, m.relative))
            .collect()
    }

    /// Each text holds exactly one mention: (text, expected span, date, precision, relative).
    fn check(pubd: Option<NaiveDate>, cases: &[(&str, &str, &str, DatePrecision, bool)]) {
        for &(text, span, date, prec, rel) in cases {
            assert_eq!(found(text, pubd), vec![(span, d(date), prec, rel)], "{text:?}");
        }
    }

    fn none(pubd: Option<NaiveDate>, texts: &[&str]) {
        for t in texts {
            assert_eq!(found(t, pubd), vec![], "{t:?}");
        }
    }

    #[test]
    fn weekday_resolves_to_most_recent() {
        check(MON, &[
            ("On Saturday, a spokesperson warned", "On Saturday", "2019-06-22", Day, true),
            ("The Iraqi army on Wednesday said", "on Wednesday", "2019-06-19", Day, true),
            ("He spoke Monday", "Monday", "2019-06-24", Day, true),
        ]);
    }

    #[test]
    fn weekday_equal_to_publication_day_is_that_day() {
        check(SAT, &[
            ("Protests began on Saturday", "on Saturday", "2019-06-22", Day, true),
            ("Officials said Friday's raid", "Friday", "2019-06-21", Day, true),
        ]);
    }

    #[test]
    fn last_weekday_is_strictly_before() {
        check(MON, &[
            ("last Saturday", "last Saturday", "2019-06-22", Day, true),
            ("last Monday", "last Monday", "2019-06-17", Day, true),
            ("this past Sunday", "past Sunday", "2019-06-23", Day, true),
        ]);
    }

    #[test]
    fn next_weekday_and_next_week_forms() {
        check(MON, &[
            ("Monday next week", "Monday next week", "2019-07-01", Day, true),
            ("next Monday", "next Monday", "2019-07-01", Day, true),
            ("next Tuesday", "next Tuesday", "2019-06-25", Day, true),
            ("on Friday last week", "on Friday last week", "2019-06-21", Day, true),
        ]);
        check(SAT, &[("talks on Monday next week", "on Monday next week", "2019-06-24", Day, true)]);
    }

    #[test]
    fn this_weekday_same_week() {
        check(MON, &[("this Friday", "this Friday", "2019-06-28", Day, true)]);
        check(SAT, &[("this Monday", "this Monday", "2019-06-17", Day, true)]);
    }

    #[test]
    fn day_words() {
        check(MON, &[
            ("Yesterday, troops", "Yesterday", "2019-06-23", Day, true),
            ("said earlier today", "today", "2019-06-24", Day, true),
            ("will vote tomorrow", "tomorrow", "2019-06-25", Day, true),
            ("clashes tonight", "tonight", "2019-06-24", Day, true),
            ("blasts last night", "last night", "2019-06-23", Day, true),
            ("said this morning", "this morning", "2019-06-24", Day, true),
            ("the day before yesterday", "the day before yesterday", "2019-06-22", Day, true),
        ]);
    }

    #[test]
    fn last_week_curly_apostrophe() {
        check(MON, &[("after last week’s attacks", "last week", "2019-06-17", Week, true)]);
    }

    #[test]
    fn week_month_year_periods() {
        check(SAT, &[
            ("earlier this week", "earlier this week", "2019-06-17", Week, true),
            ("next week", "next week", "2019-06-24", Week, true),
            ("LAST MONTH", "LAST MONTH", "2019-05-01", Month, true),
            ("this month", "this month", "2019-06-01", Month, true),
            ("next year", "next year", "2020-01-01", Year, true),
            ("This year", "This year", "2019-01-01", Year, true),
        ]);
        check(Some(d("2019-12-03")), &[("next month", "next month", "2020-01-01", Month, true)]);
        check(Some(d("2019-01-15")), &[("last month", "last month", "2018-12-01", Month, true)]);
    }

    #[test]
    fn ago_expressions() {
        check(MON, &[
            ("three days ago", "three days ago", "2019-06-21", Day, true),
            ("2 weeks ago", "2 weeks ago", "2019-06-10", Week, true),
            ("seven months ago", "seven months ago", "2018-11-01", Month, true),
            ("a year ago", "a year ago", "2018-01-01", Year, true),
            ("twelve years ago", "twelve years ago", "2007-01-01", Year, true),
        ]);
    }

    #[test]
    fn absolute_years() {
        check(MON, &[
            ("In 2010, the US and Israel deployed", "In 2010", "2010-01-01", Year, false),
            ("first seen in 2012 when it infected", "in 2012", "2012-01-01", Year, false),
            ("since 1979", "1979", "1979-01-01", Year, false),
        ]);
        let ranges: Vec<_> = found("the 2003-2011 war", MON).iter().map(|m| m.0).collect();
        assert_eq!(ranges, ["2003", "2011"]);
    }

    #[test]
    fn attributive_year_and_last_year() {
        let t = "withdrew from the failed 2015 international nuclear deal last year";
        let expected = vec![
            ("2015", d("2015-01-01"), Year, false),
            ("last year", d("2018-01-01"), Year, true),
        ];
        assert_eq!(found(t, MON), expected);
    }

    #[test]
    fn counts_are_not_dates() {
        none(MON, &[
            "150 people were killed",
            "30,000 computers were infected",
            "2000 troops arrived",
            "some 1,950 km away",
            "a $2000 fine",
            "up 2019% overall",
            "1999.5 tonnes",
            "the 1990s",
            "at 2100 GMT",
        ]);
    }

    #[test]
    fn may_and_march_the_verbs() {
        none(MON, &[
            "May be the last chance",
            "Talks may resume as crowds march on",
            "Officials said it May be too late",
        ]);
        check(MON, &[
            ("elected in May", "in May", "2019-05-01", Month, true),
            ("fighting since May", "May", "2019-05-01", Month, true),
            ("May 2018 elections", "May 2018", "2018-05-01", Month, false),
            ("on May 3", "on May 3", "2019-05-03", Day, true),
        ]);
    }

    #[test]
    fn month_alone_most_recent() {
        check(MON, &[
            ("in June", "in June", "2019-06-01", Month, true),
            ("in September", "in September", "2018-09-01", Month, true),
            ("Last June", "Last June", "2018-06-01", Month, true),
            ("next January", "next January", "2020-01-01", Month, true),
            ("in mid-March", "in mid-March", "2019-03-01", Month, true),
            ("in late December", "in late December", "2018-12-01", Month, true),
        ]);
        none(MON, &["June Smith said"]);
    }

    #[test]
    fn month_year_absolute() {
        check(None, &[
            ("elections in June 2019 were", "in June 2019", "2019-06-01", Month, false),
            ("Sept. 2001", "Sept. 2001", "2001-09-01", Month, false),
        ]);
    }

    #[test]
    fn month_day_with_year() {
        check(None, &[
            ("June 20, 2019", "June 20, 2019", "2019-06-20", Day, false),
            ("on 20 June 2019", "on 20 June 2019", "2019-06-20", Day, false),
            ("the 3rd of March 2011", "the 3rd of March 2011", "2011-03-03", Day, false),
        ]);
    }

    #[test]
    fn month_day_without_year_is_most_recent() {
        check(MON, &[
            ("Jun. 20", "Jun. 20", "2019-06-20", Day, true),
            ("20 June", "20 June", "2019-06-20", Day, true),
            ("on June 24", "on June 24", "2019-06-24", Day, true),
            ("on June 30", "on June 30", "2018-06-30", Day, true),
            ("December 25th", "December 25th", "2018-12-25", Day, true),
        ]);
    }

    #[test]
    fn iso_dates() {
        check(None, &[("reported 2019-06-20 by", "2019-06-20", "2019-06-20", Day, false)]);
        none(None, &["ref 2019-13-45 here"]);
    }

    #[test]
    fn invalid_dates_skipped_without_fallback() {
        none(MON, &["on February 30, 2019", "on 31 April", "February 29"]);
        check(Some(d("2020-06-01")), &[("February 29", "February 29", "2020-02-29", Day, true)]);
    }

    #[test]
    fn no_publication_date_skips_relative() {
        let t = "On Saturday, after the 2015 deal and last week’s strikes in June 2019, he left yesterday.";
        let expected = vec![
            ("2015", d("2015-01-01"), Year, false),
            ("in June 2019", d("2019-06-01"), Month, false),
        ];
        assert_eq!(found(t, None), expected);
        assert_eq!(found(t, MON).len(), 5);
    }

    #[test]
    fn byte_offsets_with_multibyte_text() {
        let t = "Le café’s owner said on Saturday that in 2010 it closed";
        let m = find_dates(t, MON);
        assert_eq!(m.len(), 2);
        assert_eq!((m[0].start, m[0].end), (24, 35));
        assert_eq!(&t[m[0].start..m[0].end], "on Saturday");
        assert_eq!(&t[m[1].start..m[1].end], "in 2010");
    }

    #[test]
    fn multiple_mentions_in_text_order() {
        let t = "Iran said on Tuesday it had struck last week, months after the May 12 attack.";
        let expected = vec![
            ("on Tuesday", d("2019-06-18"), Day, true),
            ("last week", d("2019-06-17"), Week, true),
            ("May 12", d("2019-05-12"), Day, true),
        ];
        assert_eq!(found(t, MON), expected);
    }

    #[test]
    fn longest_overlap_wins() {
        check(MON, &[
            ("in June 2019", "in June 2019", "2019-06-01", Month, false),
            ("Monday last week", "Monday last week", "2019-06-17", Day, true),
            ("20 June 2019", "20 June 2019", "2019-06-20", Day, false),
        ]);
    }

    #[test]
    fn lowercase_weekday_and_month_ignored() {
        none(MON, &["a saturday market in june"]);
    }

    #[test]
    fn odd_input_never_panics() {
        for t in ["", "ago", "0 days ago", "999 years ago", "’é€$", "in", "Monday", "9999-99-99"] {
            for p in [MON, Some(NaiveDate::MIN), Some(NaiveDate::MAX)] {
                let _ = find_dates(t, p);
            }
        }
    }
}
