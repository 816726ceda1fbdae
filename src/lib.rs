//! dyad: news articles in, entity and event data out.
//!
//! The crate mirrors the pipeline: [`read`] → [`segment`] → [`syntax`] → [`tag`] → [`resolve`] → [`code`] →
//! [`write`], every stage annotating one shared [`Doc`]. Stages implement
//! [`pipeline::Stage`]; [`Pipeline`] strings them together and [`batch`] runs it over
//! a corpus in parallel.
//!
//! ```
//! let doc = dyad::Pipeline::default()
//!     .process(dyad::Article::from_text("a1", "Iran shot down a US drone. The US responded."))
//!     .unwrap();
//! assert_eq!(doc.sentences.len(), 2);
//! let first = &doc.tokens[0];
//! assert_eq!(first.span.slice(doc.text()), "Iran");
//! ```

pub mod batch;
pub mod code;
pub mod doc;
pub mod error;
pub mod eval;
pub mod models;
pub mod perceptron;
pub mod pipeline;
pub mod read;
pub mod resolve;
pub mod segment;
pub mod syntax;
pub mod tag;
pub mod write;

pub use doc::{Article, Doc, Entity, EntityLabel, Event, Outcome, ReadFailure, Sentence, Span, Token};
pub use error::{Error, Result};
pub use pipeline::{Pipeline, Stage, StageError};
