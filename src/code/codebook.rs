//! The CAMEO codebook (names, Goldstein scores) and the CAMEO → PLOVER crosswalk, shipped
//! in models/events/ (cameo-codes.csv, MIT; CAMEO2PLOVER-2021.txt, CC BY-SA 4.0) and loaded
//! by [`crate::models::event_codebook`].

use std::collections::HashMap;

/// What dyad knows about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoEntry {
    pub name: String,
    pub goldstein: Option<f32>,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Codebook {
    entries: HashMap<String, CameoEntry>,
}

/// CAMEO's quad class of a root: 1 verbal cooperation (01–05), 2 material cooperation
/// (06–08), 3 verbal conflict (09–13), 4 material conflict (14–20).
pub fn quad_class(root: &str) -> Option<u8> {
    match root.parse::<u8>().ok()? {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// Splits one CSV line, honouring double quotes.
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

impl Codebook {
    /// Replaces crosswalk rows with dyad's own (same format; see models/events/plover-dyad.txt).
    pub fn override_plover(&mut self, rows: &str) {
        let other = Codebook::parse("", rows);
        for (code, e) in other.entries {
            let entry = self.entries.entry(code).or_insert_with(|| CameoEntry { name: String::new(), goldstein: None, plover_type: None, plover_mode: None });
            entry.plover_type = e.plover_type;
            entry.plover_mode = e.plover_mode;
        }
    }

    /// Parses the CAMEO CSV (code,name,goldstein,...) and the PLOVER crosswalk
    /// (`code: TYPE, mode, context # comment`). Unreadable lines are skipped: both files
    /// are shipped and checked by the tests.
    pub fn parse(cameo_csv: &str, crosswalk: &str) -> Codebook {
        let mut entries: HashMap<String, CameoEntry> = HashMap::new();
        for line in cameo_csv.lines().skip(1) {
            let f = csv_fields(line);
            if f.len() < 3 || f[0].is_empty() {
                continue;
            }
            entries.insert(f[0].clone(), CameoEntry { name: f[1].clone(), goldstein: f[2].trim().parse().ok(), plover_type: None, plover_mode: None });
        }
        for line in crosswalk.lines() {
            let line = line.split_once('#').map_or(line, |(a, _)| a);
            let Some((code, rest)) = line.split_once(':') else { continue };
            let code = code.trim();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            let mut parts = rest.split(',').map(str::trim);
            let plover_type = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
            let plover_mode = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
            let e = entries.entry(code.to_string()).or_insert_with(|| CameoEntry { name: String::new(), goldstein: None, plover_type: None, plover_mode: None });
            // The crosswalk lists 175 twice with the same type; the first wins.
            if e.plover_type.is_none() {
                e.plover_type = plover_type;
                e.plover_mode = plover_mode;
            }
        }
        Codebook { entries }
    }

    /// Goldstein score of a code or its nearest listed parent.
    pub fn goldstein(&self, code: &str) -> Option<f32> {
        ancestors(code).find_map(|c| self.entries.get(c).and_then(|e| e.goldstein))
    }

    /// PLOVER type and mode of a code or its nearest mapped parent.
    pub fn plover(&self, code: &str) -> Option<(&str, Option<&str>)> {
        ancestors(code).find_map(|c| self.entries.get(c).and_then(|e| e.plover_type.as_deref().map(|t| (t, e.plover_mode.as_deref()))))
    }

    pub fn name(&self, code: &str) -> Option<&str> {
        self.entries.get(code).map(|e| e.name.as_str()).filter(|n| !n.is_empty())
    }

    pub fn contains(&self, code: &str) -> bool {
        self.entries.contains_key(code)
    }
}

/// A code, then its parents: "1712", "171", "17".
fn ancestors(code: &str) -> impl Iterator<Item = &str> {
    (2..=code.len()).rev().filter_map(move |n| code.get(..n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_codebook_has_every_root_and_type() {
        let b = crate::models::event_codebook();
        assert_eq!(b.name("190"), Some("Use conventional military force"));
        assert_eq!(b.goldstein("190"), Some(-10.0));
        assert_eq!(b.plover("190"), Some(("ASSAULT", None)));
        assert_eq!(b.plover("173"), Some(("COERCE", Some("arrest"))));
        // dyad's override of the 2021 crosswalk (models/events/plover-dyad.txt).
        assert_eq!(b.plover("163"), Some(("SANCTION", Some("economic"))));
        // The 2021 crosswalk maps no statements (01) or appeals (02).
        assert_eq!(b.plover("010"), None);
        for root in 1..=20 {
            let r = format!("{root:02}");
            assert!(root <= 2 || b.plover(&r).is_some() || b.plover(&format!("{r}0")).is_some(), "no PLOVER type for root {r}");
            assert!(b.goldstein(&format!("{r}0")).is_some(), "no Goldstein score for {r}0");
        }
        assert_eq!(quad_class("19"), Some(4));
        assert_eq!(quad_class("04"), Some(1));
    }

    #[test]
    fn csv_quotes() {
        assert_eq!(csv_fields(r#"1,"a, b",c"#), vec!["1", "a, b", "c"]);
        assert_eq!(csv_fields(r#""say ""hi""",2"#), vec![r#"say "hi""#, "2"]);
    }
}
