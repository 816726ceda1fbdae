//! Word clusters (k-means over the all-MiniLM-L6-v2 word-piece embeddings, built by
//! scripts/build_word_clusters.py; see models/clusters/MODEL_CARD.md). They give the
//! tagger word-representation features for words it never saw in training.

use std::collections::HashMap;
use std::sync::LazyLock;

const TSV: &str = include_str!("../../models/clusters/minilm-kmeans.tsv");

/// Cluster ids of a lowercase word at 64, 256 and 1024 clusters, as feature strings.
pub type ClusterIds = [String; 3];

static CLUSTERS: LazyLock<HashMap<String, ClusterIds>> = LazyLock::new(|| parse(TSV));

fn parse(tsv: &str) -> HashMap<String, ClusterIds> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let word = cols.next()?.to_string();
            let ids = [cols.next()?, cols.next()?, cols.next()?];
            Some((word, ids.map(str::to_string)))
        })
        .collect()
}

/// The clusters of a word (looked up lowercase), if the embedding vocabulary has it.
pub fn lookup(lower: &str) -> Option<&'static ClusterIds> {
    CLUSTERS.get(lower)
}

/// Identifies the cluster table a model was trained with.
pub fn version() -> String {
    format!("minilm-kmeans-{:016x}", xxhash_rust::xxh3::xxh3_64(TSV.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_words_share_clusters() {
        let c = |w: &str| lookup(w).map(|ids| ids[1].clone());
        assert!(c("iran").is_some() && c("monday").is_some());
        assert_eq!(c("monday"), c("tuesday"));
        assert_ne!(c("monday"), c("iran"));
    }
}
