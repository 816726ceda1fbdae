//! Discards: phrases that mark a sentence (or, with `+`, a whole story) as not about
//! political events ("WORLD CUP", "+Manchester United"), from PETRARCH's discard files.
//! dyad's TSV has one phrase per line: `sentence<TAB>phrase`, `story<TAB>phrase`, or
//! `headline<TAB>phrase` (the article's first sentence starts with it: "TENNIS -").

use super::verbs::words_of;

#[derive(Debug, Clone, Default)]
pub struct Discards {
    sentence: Vec<Vec<String>>,
    story: Vec<Vec<String>>,
    headline: Vec<Vec<String>>,
}

impl Discards {
    /// Parses dyad's TSV (`sentence`/`story` TAB phrase) or a PETRARCH discard file
    /// (`+` marks story discards). Bare years are left out: PETRARCH drops sentences
    /// naming a past year, dyad dates the event instead ("In 2010, ... deployed").
    pub fn parse(text: &str) -> Discards {
        let mut d = Discards::default();
        for line in text.lines() {
            let line = line.split_once('#').map_or(line, |(a, _)| a).trim();
            if line.is_empty() {
                continue;
            }
            let (kind, phrase) = match line.split_once('\t') {
                Some((k @ ("story" | "sentence" | "headline"), p)) => (k, p),
                _ => match line.strip_prefix('+') {
                    Some(p) => ("story", p),
                    None => ("sentence", line),
                },
            };
            let words = words_of(phrase);
            if words.is_empty() || (words.len() == 1 && words[0].chars().all(|c| c.is_ascii_digit())) {
                continue;
            }
            match kind {
                "story" => d.story.push(words),
                "headline" => d.headline.push(words),
                _ => d.sentence.push(words),
            }
        }
        d
    }

    /// dyad's TSV of these discards.
    pub fn to_tsv(&self, header: &str) -> String {
        let mut out: String = header.lines().map(|l| format!("# {l}\n")).collect();
        for (kind, list) in [("sentence", &self.sentence), ("story", &self.story), ("headline", &self.headline)] {
            for p in list {
                out.push_str(&format!("{kind}\t{}\n", p.join(" ")));
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.sentence.len() + self.story.len() + self.headline.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn hit(list: &[Vec<String>], words: &[String]) -> bool {
        list.iter().any(|p| words.windows(p.len()).any(|w| w == p.as_slice()))
    }

    /// Whether a sentence (lowercase words) names a sentence discard.
    pub fn sentence_hit(&self, words: &[String]) -> bool {
        Self::hit(&self.sentence, words)
    }

    /// Whether an article's first sentence (lowercase words) starts with a headline discard.
    pub fn headline_hit(&self, words: &[String]) -> bool {
        self.headline.iter().any(|p| words.starts_with(p))
    }

    /// Whether an article (lowercase words) names a story discard.
    pub fn story_hit(&self, words: &[String]) -> bool {
        Self::hit(&self.story, words)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn petrarch_and_tsv_discards() {
        let d = Discards::parse("# c\n1914\nWORLD CUP  # note\n+Manchester United\n");
        let w = |s: &str| words_of(s);
        assert!(d.sentence_hit(&w("they won the world cup")));
        assert!(!d.sentence_hit(&w("in 1914 war began")));
        assert!(d.story_hit(&w("manchester united won")));
        let again = Discards::parse(&d.to_tsv("x"));
        assert_eq!(again.len(), 2);
        assert!(again.story_hit(&w("manchester united")));
    }
}
