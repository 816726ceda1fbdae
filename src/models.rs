//! The one place shipped models are found. The default NER model is embedded in the
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
    let mut h = 0u64;
    for (_, text) in ACTOR_FILES {
        h = h.rotate_left(7) ^ xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    }
    format!("actors-{h:016x}")
}
