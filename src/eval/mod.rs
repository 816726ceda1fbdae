//! Scorers shared by the CLI (`dyad eval ...`) and the tests.

pub mod conll;
pub mod ner;
pub mod sentences;
pub mod weapons;
