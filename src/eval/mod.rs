//! Scorers shared by the CLI (`dyad eval ...`) and the tests.

pub mod sentences;
pub mod weapons;
