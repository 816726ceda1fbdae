//! Write stage: Parquet (through polars) or JSONL dataset directories, the manifest, and
//! the terminal view.

pub mod dataset;
pub mod manifest;
pub mod schema;
pub mod table;
pub mod view;

pub use dataset::{Counts, DatasetOptions, DatasetWriter, OutputFormat, Shard};
pub use manifest::{merge_manifests, Manifest};
