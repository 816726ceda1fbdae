//! Abbreviations that keep their period, and how each behaves at a sentence end.
//! Matching is case-sensitive on purpose: "No." is an abbreviation, "no." ends a sentence.

use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Titles and prefixes that precede a name or number: never end a sentence
    /// inside a line ("Gen.", "Mr.", "Jan.", "St.").
    Prefix,
    /// Abbreviations that keep their period only before a number ("No. 5", "Fig. 2").
    BeforeNumber,
    /// Abbreviations that can also end a sentence ("Inc.", "Corp.", "Jr.", "etc.").
    MayEnd,
}

const PREFIXES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "Prof", "Gen", "Brig", "Col", "Lt", "Maj", "Capt", "Cmdr", "Cdr", "Adm", "Sgt",
    "Cpl", "Pvt", "Gov", "Sen", "Sens", "Rep", "Reps", "Rev", "Hon", "Pres", "Supt", "Insp", "Det", "Amb", "Sec",
    "Atty", "Gens", "Lieut", "Cmdt", "Comdr", "Msgr", "Fr", "St", "Ste", "Mt", "Ft", "vs", "v", "Jan", "Feb", "Mar",
    "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed", "Thu", "Thur",
    "Thurs", "Fri", "Sat", "Sun", "approx", "Approx", "ca", "cf", "Ave", "Blvd", "Rd", "Hwy",
];

const BEFORE_NUMBER: &[&str] = &["No", "Nos", "no", "nos", "Fig", "fig", "Vol", "vol", "Art", "art", "pp", "p", "Ch", "ch", "Sec", "Para", "para", "Ex", "Op", "op"];

const MAY_END: &[&str] = &[
    "Inc", "Corp", "Co", "Cos", "Ltd", "Plc", "PLC", "LLC", "Bros", "Jr", "Sr", "Esq", "etc", "al", "Dept", "Univ",
    "Assn", "Ass'n", "Intl", "Int'l", "Govt", "Mfg", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla",
    "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev",
    "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "Ont", "Que", "yr", "yrs", "min",
    "mins", "hr", "hrs", "est", "Bhd", "Pty", "Cie", "Nat", "Natl",
];

static TABLE: LazyLock<HashMap<&'static str, AbbrevKind>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for w in MAY_END {
        m.insert(*w, AbbrevKind::MayEnd);
    }
    for w in BEFORE_NUMBER {
        m.insert(*w, AbbrevKind::BeforeNumber);
    }
    for w in PREFIXES {
        m.insert(*w, AbbrevKind::Prefix);
    }
    m
});

/// The kind of abbreviation `stem` (the word without its final period) is, if any.
pub fn lookup(stem: &str) -> Option<AbbrevKind> {
    TABLE.get(stem).copied()
}

/// Words that, capitalised after an abbreviation such as "U.S." or "Inc.", almost
/// always open a new sentence rather than continue a name.
pub fn is_sentence_starter(word: &str) -> bool {
    const STARTERS: &[&str] = &[
        "The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "This", "That", "These", "Those", "There",
        "But", "And", "Or", "So", "Yet", "In", "On", "At", "For", "If", "When", "While", "After", "Before", "As",
        "Its", "His", "Her", "Their", "Our", "Officials", "However", "Meanwhile", "Earlier", "Later", "Still",
        "Some", "Many", "Most", "Such", "What", "Who", "Why", "How", "Where", "No", "Not", "One", "Both", "Each",
        "Mr.", "Mrs.", "Ms.", "Dr.", "Analysts", "Shares", "Also", "Then", "Now", "Although", "Since", "By",
        "From", "With", "Under", "According",
    ];
    STARTERS.contains(&word)
}
