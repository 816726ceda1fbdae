//! The one place shipped models and dictionaries are found. The default NER model is embedded in the
//! binary at build time (see build.rs); `--ner-model FILE` (or `DYAD_MODELS=DIR` in the
//! CLI) loads another from disk instead.

use crate::tag::perceptron::PerceptronModel;

/// Path of the NER model inside a models directory.
pub const NER_MODEL: &str = "ner/perceptron-conll.bin";

/// The default perceptron NER model embedded at build time; `None` when this build has none.
#[cfg(dyad_embedded_ner)]
pub fn embedded_ner() -> Option<PerceptronModel> {
    static BYTES: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner/perceptron-conll.bin"));
    // The embedded file was written by this version's trainer; a failure here is a build defect.
    Some(PerceptronModel::from_bytes(BYTES).unwrap_or_else(|e| panic!("embedded NER model is unreadable: {e}")))
}

#[cfg(not(dyad_embedded_ner))]
pub fn embedded_ner() -> Option<PerceptronModel> {
    None
}

/// The shipped actor dictionaries: the PETRARCH2/Phoenix conversion, then dyad's own
/// file of current actors (later entries win on the same phrase). See
/// models/actors/MODEL_CARD.md.
const ACTOR_FILES: [(&str, &str); 2] = [
    ("models/actors/phoenix.tsv", include_str!("../models/actors/phoenix.tsv")),
    ("models/actors/current.tsv", include_str!("../models/actors/current.tsv")),
];

/// The shipped actor dictionaries, parsed (about 90 ms; not cached, so that a resolver
/// owns the only copy).
pub fn actor_dictionaries() -> Result<crate::resolve::dictionary::ActorDictionary, String> {
    use crate::resolve::dictionary::ActorDictionary;
    let mut dict = ActorDictionary::default();
    for (name, text) in ACTOR_FILES {
        dict.extend(ActorDictionary::parse_tsv(text, name).map_err(|e| e.to_string())?);
    }
    Ok(dict)
}

/// Identifies the shipped actor dictionaries (content hash).
pub fn actor_dictionaries_version() -> String {
    content_version("actors", ACTOR_FILES.iter().map(|(_, t)| *t))
}

/// `<prefix>-<hash of the texts>`: a version for shipped data files, recorded in manifests.
pub fn content_version<'a>(prefix: &str, texts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = 0u64;
    for t in texts {
        h = h.rotate_left(7) ^ xxhash_rust::xxh3::xxh3_64(t.as_bytes());
    }
    format!("{prefix}-{h:016x}")
}

/// `+user:<file name>`: what a user file adds to a stage's version.
pub fn user_file_tag(path: &std::path::Path) -> String {
    format!("+user:{}", path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()))
}

/// The event coder's verb dictionaries in models/events/ (in load order: dyad's own
/// entries win over the PETRARCH2 conversion on the same phrase). See its MODEL_CARD.md.
const EVENT_VERB_FILES: [(&str, &str); 2] = [
    ("models/events/verbs-cameo.tsv", include_str!("../models/events/verbs-cameo.tsv")),
    ("models/events/verbs-dyad.tsv", include_str!("../models/events/verbs-dyad.tsv")),
];
/// The discard lists: PETRARCH2's, then dyad's.
const EVENT_DISCARD_FILES: [&str; 2] = [include_str!("../models/events/discards.tsv"), include_str!("../models/events/discards-dyad.tsv")];
/// The CAMEO codebook, the CAMEO → PLOVER crosswalk, and dyad's changes to it.
const CAMEO_CODES: &str = include_str!("../models/events/cameo-codes.csv");
const CAMEO_TO_PLOVER: &str = include_str!("../models/events/CAMEO2PLOVER-2021.txt");
const PLOVER_DYAD: &str = include_str!("../models/events/plover-dyad.txt");

/// The shipped verb dictionaries, parsed.
pub fn event_verbs() -> Result<crate::code::verbs::VerbDictionary, crate::code::verbs::VerbError> {
    let mut dict = crate::code::verbs::VerbDictionary::default();
    for (name, text) in EVENT_VERB_FILES {
        dict.extend(crate::code::verbs::VerbDictionary::parse_tsv(text, name)?);
    }
    Ok(dict)
}

/// The shipped discard lists.
pub fn event_discards() -> crate::code::discards::Discards {
    crate::code::discards::Discards::parse(&EVENT_DISCARD_FILES.join("\n"))
}

/// The shipped CAMEO codebook with the PLOVER crosswalk.
pub fn event_codebook() -> crate::code::codebook::Codebook {
    let mut book = crate::code::codebook::Codebook::parse(CAMEO_CODES, CAMEO_TO_PLOVER);
    book.override_plover(PLOVER_DYAD);
    book
}

/// Identifies the shipped event dictionaries (content hash).
pub fn event_dictionaries_version() -> String {
    content_version("events", EVENT_VERB_FILES.iter().map(|(_, t)| *t).chain(EVENT_DISCARD_FILES).chain([CAMEO_CODES, CAMEO_TO_PLOVER, PLOVER_DYAD]))
}

/// Paths of the syntax models inside a models directory.
pub const POS_MODEL: &str = "syntax/pos-ewt.bin";
pub const LEMMA_RULES: &str = "syntax/lemmas-ewt.tsv";
pub const PARSER_MODEL: &str = "syntax/parser-ewt.bin";

/// The hand list of irregular verbs the lemmatizer falls back on.
pub const IRREGULAR_VERBS: &str = include_str!("../models/syntax/irregular-verbs.tsv");

/// The shipped tagger, lemmatizer and parser embedded at build time; `None` when this
/// build has none.
#[cfg(dyad_embedded_syntax)]
pub fn embedded_syntax() -> Option<crate::syntax::Syntax> {
    use crate::syntax::{lemma::Lemmatizer, parser::Parser, pos::PosTagger, Syntax};
    static POS: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/syntax/pos-ewt.bin"));
    static LEMMAS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/syntax/lemmas-ewt.tsv"));
    static PARSER: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/syntax/parser-ewt.bin"));
    // The embedded files were written by this version's trainers; a failure is a build defect.
    let tagger = PosTagger::from_bytes(POS).unwrap_or_else(|e| panic!("embedded tagger is unreadable: {e}"));
    let lemmas = Lemmatizer::from_tsv(LEMMAS).unwrap_or_else(|e| panic!("embedded lemma rules are unreadable: {e}"));
    let parser = Parser::from_bytes(PARSER).unwrap_or_else(|e| panic!("embedded parser is unreadable: {e}"));
    Some(Syntax::new(tagger, lemmas.with_irregular(IRREGULAR_VERBS), Some(parser)))
}

#[cfg(not(dyad_embedded_syntax))]
pub fn embedded_syntax() -> Option<crate::syntax::Syntax> {
    None
}

/// Syntax models from a models directory laid out like models/ (for `DYAD_MODELS` and
/// freshly trained files).
pub fn syntax_from_dir(dir: &std::path::Path) -> crate::Result<crate::syntax::Syntax> {
    use crate::syntax::{lemma::Lemmatizer, parser::Parser, pos::PosTagger, Syntax};
    let tagger = PosTagger::load(&dir.join(POS_MODEL))?;
    let path = dir.join(LEMMA_RULES);
    let text = std::fs::read_to_string(&path).map_err(|source| crate::Error::Io { path: path.clone(), source })?;
    let lemmas = Lemmatizer::from_tsv(&text).map_err(|e| crate::Error::Usage(format!("{}: {e}", path.display())))?;
    let parser_path = dir.join(PARSER_MODEL);
    let parser = if parser_path.exists() { Some(Parser::load(&parser_path)?) } else { None };
    Ok(Syntax::new(tagger, lemmas.with_irregular(IRREGULAR_VERBS), parser))
}
