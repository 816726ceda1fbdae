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
