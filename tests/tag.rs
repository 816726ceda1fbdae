//! Entity tagging of the seed article (the acceptance list, as far as it holds).

mod common;

use common::*;

fn seed_entities() -> Vec<(String, String, Option<String>)> {
    let seed = repo().join("corpus/seed-article.txt");
    let o = run(&["extract", seed.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["text"].as_str().unwrap().to_string(), e["label"].as_str().unwrap().to_string(), e["weapon_class"].as_str().map(str::to_string)))
        .collect()
}

#[test]
fn seed_article_entities() {
    let ents = seed_entities();
    let has = |text: &str, label: &str| ents.iter().any(|(t, l, _)| t == text && l == label);
    let expected = [
        ("Trump", "PERSON"),
        ("Christopher Krebs", "PERSON"),
        ("Abolfazl Shekarchi", "PERSON"),
        ("US Cyber Command", "ORG"),
        ("USCYBERCOM", "ORG"),
        ("Department of Homeland Security", "ORG"),
        ("CrowdStrike", "ORG"),
        ("FireEye", "ORG"),
        ("Associated Press", "ORG"),
        ("Tasnim", "ORG"),
        ("ExxonMobil", "ORG"),
        ("Saudi Aramco", "ORG"),
        ("Iran", "GPE"),
        ("US", "GPE"),
        ("Israel", "GPE"),
        ("New York", "GPE"),
        ("Strait of Hormuz", "LOC"),
        ("Middle East", "LOC"),
        // The article names Iraq and Russia only through their adjectives.
        ("Iranian", "NORP"),
        ("Iraqi", "NORP"),
        ("Russian", "NORP"),
    ];
    let missing: Vec<_> = expected.iter().filter(|(t, l)| !has(t, l)).collect();
    assert!(missing.is_empty(), "missing {missing:?}\ngot {ents:?}");

    let weapon = |text: &str, class: &str| ents.iter().any(|(t, l, c)| t == text && l == "WEAPON" && c.as_deref() == Some(class));
    for (text, class) in [("Global Hawk drone", "aircraft_drone"), ("rocket", "missile_rocket"), ("missile", "missile_rocket"), ("Stuxnet virus", "cyber"), ("virus", "cyber")] {
        assert!(weapon(text, class), "{text} as {class}: {ents:?}");
    }
    assert!(!ents.iter().any(|(t, _, _)| t.to_lowercase().contains("cyber attack")), "a cyber attack is an event, not an entity");
}

#[test]
fn user_weapon_lexicon_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("mine.tsv");
    std::fs::write(&tsv, "phantom wiper\tcyber\tname\n").unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Investigators found the Phantom Wiper on the servers.").unwrap();
    let o = run(&["extract", input.to_str().unwrap(), "--json", "--weapons", tsv.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["entities"].as_array().unwrap().iter().any(|e| e["text"] == "Phantom Wiper" && e["weapon_class"] == "cyber"), "{doc}");

    std::fs::write(&tsv, "broken line without a class\n").unwrap();
    let o = run(&["extract", input.to_str().unwrap(), "--weapons", tsv.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("mine.tsv"), "{}", stderr(&o));
}
