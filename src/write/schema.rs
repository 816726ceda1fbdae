//! The output tables: their columns (documented once, here) and how a processed
//! record becomes rows. Bump [`SCHEMA_VERSION`] when a column changes meaning or type.

use std::sync::LazyLock;

use crate::doc::{Doc, EventArgument, Outcome, Span};
use crate::write::table::{Cell, ColType::*, ColumnSpec, TableBuilder, TableSpec};

pub const SCHEMA_VERSION: u32 = 1;

macro_rules! col {
    ($name:expr, $ty:ident, $doc:expr) => {
        ColumnSpec { name: $name, ty: $ty, doc: $doc }
    };
}

/// The span columns every span table keeps, in this order.
fn span_cols() -> [ColumnSpec; 5] {
    [
        col!("sentence_index", Int64, "0-based sentence of the article the span is in"),
        col!("start_byte", Int64, "start of the span: byte offset into the article `text` (UTF-8)"),
        col!("end_byte", Int64, "end of the span (exclusive), bytes"),
        col!("start_char", Int64, "start of the span: Unicode code point offset into `text` (Python/Arrow string index)"),
        col!("end_char", Int64, "end of the span (exclusive), code points"),
    ]
}

/// Text and offsets of one event argument (`source_text`, `source_start_char`, ...).
fn arg_cols(role: &'static str, docs: &'static [&'static str; 5]) -> [ColumnSpec; 5] {
    let name = |suffix: &str| -> &'static str { Box::leak(format!("{role}_{suffix}").into_boxed_str()) };
    [
        ColumnSpec { name: name("text"), ty: Str, doc: docs[0] },
        ColumnSpec { name: name("start_char"), ty: Int64, doc: docs[1] },
        ColumnSpec { name: name("end_char"), ty: Int64, doc: docs[2] },
        ColumnSpec { name: name("start_byte"), ty: Int64, doc: docs[3] },
        ColumnSpec { name: name("end_byte"), ty: Int64, doc: docs[4] },
    ]
}

const ARG_DOCS: [&str; 5] = ["text of the span", "span start, code points", "span end (exclusive), code points", "span start, bytes", "span end (exclusive), bytes"];

pub static ARTICLES: LazyLock<TableSpec> = LazyLock::new(|| TableSpec {
    name: "articles",
    doc: "One row per record read, processed or failed: rows in `articles` = records read.",
    columns: vec![
        col!("article_id", Str, "the input's id, else derived from the path (plus `:LINE` for JSONL, `#ITEM` for feeds)"),
        col!("record", Str, "unique key of the record in this dataset: path, `path:LINE` or `path#ITEM` (`-` is stdin)"),
        col!("source_file", Str, "input file the record came from (`-` for stdin)"),
        col!("source_index", Int64, "1-based line (JSONL) or item (RSS/Atom) number; null when the whole file is the article"),
        col!("input_format", Str, "`text`, `jsonl`, `rss` or `atom`; null when the input could not be opened"),
        col!("status", Str, "`ok` or `failed`"),
        col!("error", Str, "why the record failed, naming file and line/item; null when ok"),
        col!("warnings", Str, "non-fatal problems (lossy UTF-8, unparseable date, ...), `; `-separated; null when none"),
        col!("title", Str, "headline: JSONL `title`, feed item title, or a plain-text file's first line when a blank line follows it"),
        col!("url", Str, "article URL (JSONL `url`/`link`, feed item link)"),
        col!("source", Str, "publisher (JSONL `source`/`publisher`, feed title)"),
        col!("published", Datetime, "publication date-time in UTC; null when absent or unparseable"),
        col!("published_raw", Str, "publication date exactly as found in the input"),
        col!("text", Str, "the article text every offset in the dataset points into; null when failed"),
        col!("n_bytes", Int64, "length of `text` in bytes"),
        col!("n_chars", Int64, "length of `text` in code points"),
        col!("n_sentences", Int64, "sentences found"),
        col!("n_tokens", Int64, "tokens found"),
        col!("n_words", Int64, "word and number tokens (the unit of words/s)"),
        col!("n_entities", Int64, "rows in `entities` for this article"),
        col!("n_events", Int64, "rows in `events` for this article"),
    ],
});

pub static SENTENCES: LazyLock<TableSpec> = LazyLock::new(|| TableSpec {
    name: "sentences",
    doc: "One row per sentence of each processed article.",
    columns: [
        &[
            col!("article_id", Str, "article the sentence belongs to"),
            col!("record", Str, "record key of the article (joins `articles.record`)"),
        ][..],
        &span_cols(),
        &[
            col!("text", Str, "the sentence text (`articles.text` sliced at the offsets)"),
            col!("label", Str, "layout kind: `title`, `headline` (a line standing alone: headline, dateline, byline), `bullet` or `body`"),
            col!("n_tokens", Int64, "tokens in the sentence"),
        ],
    ]
    .concat(),
});

pub static ENTITIES: LazyLock<TableSpec> = LazyLock::new(|| TableSpec {
    name: "entities",
    doc: "One row per entity mention (filled by the tag and resolve stages).",
    columns: [
        &[
            col!("article_id", Str, "article the mention is in"),
            col!("record", Str, "record key of the article (joins `articles.record`)"),
            col!("entity_index", Int64, "0-based index of the mention in the article"),
        ][..],
        &span_cols(),
        &[
            col!("text", Str, "the mention as written"),
            col!("label", Str, "PERSON, ORG, GPE, LOC, NORP, WEAPON, MISC, or AGENT (an actor named by a common noun: \"Iranian hackers\", \"the president\")"),
            col!("confidence", Float32, "tagger confidence in [0, 1]"),
            col!("origin", Str, "what produced it: `model`, `dictionary` or `pattern`"),
            col!("actor_code", Str, "CAMEO actor code (e.g. USAGOV, IRNMIL); null when unresolved"),
            col!("actor_name", Str, "canonical actor name"),
            col!("country", Str, "ISO 3166-1 alpha-3 country of the actor or place"),
            col!("role", Str, "actor role (GOV, MIL, SPY, ...)"),
            col!("actor_source", Str, "dictionary entry the actor code came from (file:line, or the user file's id)"),
            col!("actor_date_basis", Str, "`published` (code chosen for the article's date) or `latest` (no date: the latest code); null when unresolved"),
            col!("weapon_class", Str, "for WEAPON: missile_rocket, aircraft_drone, artillery_armor, small_arms, explosive, cbrn_nuclear, naval, cyber, other"),
        ],
    ]
    .concat(),
});

pub static EVENTS: LazyLock<TableSpec> = LazyLock::new(|| TableSpec {
    name: "events",
    doc: "One row per coded event (filled by the code stage). The span columns are the evidence; \
          each argument (source, action, target, instrument, location) has `<arg>_text`, \
          `<arg>_start_char`, `<arg>_end_char`, `<arg>_start_byte`, `<arg>_end_byte`.",
    columns: [
        &[
            col!("article_id", Str, "article the event is in"),
            col!("record", Str, "record key of the article (joins `articles.record`)"),
            col!("event_index", Int64, "0-based index of the event in the article"),
        ][..],
        &span_cols(),
        &[
            col!("text", Str, "the evidence text"),
            col!("label", Str, "event type: the PLOVER type (as `plover_type`); null for CAMEO codes PLOVER does not map (01 statements and denials)"),
        ],
        &arg_cols("source", &ARG_DOCS),
        &[
            col!("source_actor_code", Str, "source actor code"),
            col!("source_country", Str, "source country (ISO alpha-3)"),
            col!("source_role", Str, "source role"),
        ],
        &arg_cols("action", &ARG_DOCS),
        &arg_cols("target", &ARG_DOCS),
        &[
            col!("target_actor_code", Str, "target actor code"),
            col!("target_country", Str, "target country (ISO alpha-3)"),
            col!("target_role", Str, "target role"),
        ],
        &arg_cols("instrument", &ARG_DOCS),
        &[col!("instrument_class", Str, "weapon class of the instrument")],
        &arg_cols("location", &ARG_DOCS),
        &[
            col!("location_country", Str, "country of the location (ISO alpha-3)"),
            col!("cameo_code", Str, "CAMEO event code, e.g. `190` (from the verb dictionary: models/events/)"),
            col!("cameo_root", Str, "CAMEO root code (first two digits)"),
            col!("quad_class", Int32, "CAMEO quad class 1-4"),
            col!("goldstein", Float32, "Goldstein scale score of the CAMEO code"),
            col!("plover_type", Str, "PLOVER event type (ASSAULT, COERCE, ...)"),
            col!("plover_mode", Str, "PLOVER mode (e.g. `cyber`, `arrest`, `heavy-weapons`)"),
            col!("cyber", Bool, "a cyber operation (hacking, malware, phishing, digital strikes): CAMEO 170, PLOVER COERCE, mode `cyber`"),
            col!("negated", Bool, "the text says the act did not happen, or it was called off, cancelled or denied"),
            col!("modality", Str, "`asserted`; `threatened` (under a threat or warning), `planned` (will, plans to, a future date), `hypothetical` (if, would), `reported` (said by someone other than the source)"),
            col!("reported_by", Str, "who the event is attributed to: the speaker of a governing speech verb or quotation"),
            col!("event_date", Date, "when the event happened, resolved against the publication date"),
            col!("date_precision", Str, "`day`, `week`, `month` or `year`"),
            col!("date_from_published", Bool, "the date is the publication date because the text gave none"),
            col!("event_group", Int64, "events split from one compound actor share a group"),
            col!("duplicate_of", Int64, "`event_index` of the first event of this article with the same date, source, target and code"),
            col!("confidence", Float32, "coder confidence in [0, 1]: higher with both actors coded and a matching dictionary pattern"),
        ],
    ]
    .concat(),
});

pub static TOKENS: LazyLock<TableSpec> = LazyLock::new(|| TableSpec {
    name: "tokens",
    doc: "One row per token, with its part of speech, lemma and dependency relation. Written only with `dyad batch --tokens`.",
    columns: [
        &[
            col!("article_id", Str, "article the token belongs to"),
            col!("record", Str, "record key of the article (joins `articles.record`)"),
            col!("token_index", Int64, "0-based position of the token in the article"),
        ][..],
        &span_cols(),
        &[
            col!("text", Str, "the token text"),
            col!("kind", Str, "`word`, `number`, `punct`, `symbol`, `url`, `email`, `hashtag` or `mention`"),
            col!("upos", Str, "Universal POS tag (NOUN, VERB, PROPN, ...); null without the syntax stage"),
            col!("xpos", Str, "Penn Treebank tag (NN, VBD, NNP, ...)"),
            col!("lemma", Str, "dictionary form (launched → launch)"),
            col!("head", Int64, "`token_index` of the syntactic head; null for the sentence root"),
            col!("deprel", Str, "Universal Dependencies relation to the head (nsubj, obj, obl:agent, root, ...)"),
        ],
    ]
    .concat(),
});

/// The tables, in output order (`tokens` only with `--tokens`).
pub fn all_tables() -> [&'static TableSpec; 5] {
    [&ARTICLES, &SENTENCES, &ENTITIES, &EVENTS, &TOKENS]
}

/// docs/SCHEMA.md, exactly: `dyad schema` prints it and a test keeps the file in sync.
pub fn schema_document() -> String {
    format!(
        "# dyad output schema (version {SCHEMA_VERSION})\n\n\
         Generated by `dyad schema`; a test keeps this file in sync with the code. A dataset directory \
         holds one folder per table, each a set of part files (`part-<shard>-<run>-<seq>.parquet`, or \
         `.jsonl` with `--format jsonl`), Hive-partitioned as `year=YYYY/month=M/` with `--partition date`. \
         Strings are UTF-8 (pyarrow reads them as `string_view`, polars as `String`, DuckDB as `VARCHAR`). \
         Offsets are half-open: `*_byte` index the UTF-8 bytes of `articles.text`, `*_char` its code points \
         (Python `str` indexing). Every row traces back to its article through `article_id`/`record`, \
         `sentence_index` and the offsets.\n\n{}",
        crate::write::table::schema_markdown(&all_tables())
    )
}

/// Row buffers for the tables.
pub struct TableSet {
    pub articles: TableBuilder,
    pub sentences: TableBuilder,
    pub entities: TableBuilder,
    pub events: TableBuilder,
    /// Present when the tokens table is asked for.
    pub tokens: Option<TableBuilder>,
}

impl Default for TableSet {
    fn default() -> Self {
        TableSet::new(false)
    }
}

fn span_cells(sentence_index: usize, s: &Span) -> [Cell<'static>; 5] {
    [sentence_index.into(), s.start_byte.into(), s.end_byte.into(), s.start_char.into(), s.end_char.into()]
}

fn arg_cells(arg: Option<&EventArgument>) -> [Cell<'_>; 5] {
    match arg {
        Some(a) => [Cell::Str(&a.text), a.span.start_char.into(), a.span.end_char.into(), a.span.start_byte.into(), a.span.end_byte.into()],
        None => [Cell::Null; 5],
    }
}

fn actor_cells(arg: Option<&EventArgument>) -> [Cell<'_>; 3] {
    [
        arg.and_then(|a| a.actor_code.as_deref()).into(),
        arg.and_then(|a| a.country.as_deref()).into(),
        arg.and_then(|a| a.role.as_deref()).into(),
    ]
}

impl TableSet {
    /// Buffers for the four standard tables, plus `tokens` when asked for.
    pub fn new(tokens: bool) -> TableSet {
        TableSet {
            articles: TableBuilder::new(&ARTICLES),
            sentences: TableBuilder::new(&SENTENCES),
            entities: TableBuilder::new(&ENTITIES),
            events: TableBuilder::new(&EVENTS),
            tokens: tokens.then(|| TableBuilder::new(&TOKENS)),
        }
    }

    pub fn tables(&self) -> Vec<&TableBuilder> {
        let mut out = vec![&self.articles, &self.sentences, &self.entities, &self.events];
        out.extend(self.tokens.as_ref());
        out
    }

    /// Appends the rows of one record.
    pub fn push(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Done(doc) => self.push_doc(doc),
            Outcome::Failed(f) => {
                let o = &f.origin;
                let mut row = vec![
                    Cell::Str(&f.article_id),
                    Cell::Str(&o.key),
                    Cell::Str(&o.file),
                    o.index.map_or(Cell::Null, |i| Cell::Int(i as i64)),
                    o.format.map(|f| f.as_str()).into(),
                    Cell::Str("failed"),
                    Cell::Str(&f.error),
                ];
                row.resize(ARTICLES.columns.len(), Cell::Null);
                self.articles.push(&row);
            }
        }
    }

    fn push_doc(&mut self, doc: &Doc) {
        let a = &doc.article;
        let o = &a.origin;
        let text = &a.text;
        let warnings = (!a.warnings.is_empty()).then(|| a.warnings.join("; "));
        self.articles.push(&[
            Cell::Str(&a.article_id),
            Cell::Str(&o.key),
            Cell::Str(&o.file),
            o.index.map_or(Cell::Null, |i| Cell::Int(i as i64)),
            o.format.map(|f| f.as_str()).into(),
            Cell::Str("ok"),
            Cell::Null,
            warnings.as_deref().into(),
            a.title.as_deref().into(),
            a.url.as_deref().into(),
            a.source.as_deref().into(),
            a.published.map_or(Cell::Null, |d| Cell::Datetime(d.timestamp_micros())),
            a.published_raw.as_deref().into(),
            Cell::Str(text),
            text.len().into(),
            text.chars().count().into(),
            doc.sentences.len().into(),
            doc.tokens.len().into(),
            doc.word_count().into(),
            doc.entities.len().into(),
            doc.events.len().into(),
        ]);
        for (i, s) in doc.sentences.iter().enumerate() {
            let mut row = vec![Cell::Str(&a.article_id), Cell::Str(&o.key)];
            row.extend(span_cells(i, &s.span));
            row.extend([Cell::Str(s.span.slice(text)), Cell::Str(s.kind.as_str()), s.tokens.len().into()]);
            self.sentences.push(&row);
        }
        if let Some(table) = &mut self.tokens {
            for (i, k) in doc.sentences.iter().enumerate().flat_map(|(i, s)| s.tokens.clone().map(move |k| (i, k))) {
                let t = &doc.tokens[k];
                let mut row = vec![Cell::Str(&a.article_id), Cell::Str(&o.key), k.into()];
                row.extend(span_cells(i, &t.span));
                row.extend([
                    Cell::Str(t.span.slice(text)),
                    Cell::Str(t.kind.as_str()),
                    t.upos.as_deref().into(),
                    t.xpos.as_deref().into(),
                    t.lemma.as_deref().into(),
                    t.head.map_or(Cell::Null, |h| h.into()),
                    t.deprel.as_deref().into(),
                ]);
                table.push(&row);
            }
        }
        for (i, e) in doc.entities.iter().enumerate() {
            let mut row = vec![Cell::Str(&a.article_id), Cell::Str(&o.key), i.into()];
            row.extend(span_cells(e.sentence_index, &e.span));
            row.extend([
                Cell::Str(&e.text),
                Cell::Str(e.label.as_str()),
                Cell::Float(e.confidence as f64),
                Cell::Str(e.origin.as_str()),
                e.actor_code.as_deref().into(),
                e.actor_name.as_deref().into(),
                e.country.as_deref().into(),
                e.role.as_deref().into(),
                e.actor_source.as_deref().into(),
                e.actor_date_basis.as_deref().into(),
                e.weapon_class.map(|w| w.as_str()).into(),
            ]);
            self.entities.push(&row);
        }
        for (i, ev) in doc.events.iter().enumerate() {
            let mut row = vec![Cell::Str(&a.article_id), Cell::Str(&o.key), i.into()];
            row.extend(span_cells(ev.sentence_index, &ev.evidence));
            row.extend([Cell::Str(ev.evidence.slice(text)), ev.plover_type.as_deref().into()]);
            let src = ev.source.as_ref();
            row.extend(arg_cells(src));
            row.extend(actor_cells(src));
            row.extend(arg_cells(Some(&ev.action)));
            let tgt = ev.target.as_ref();
            row.extend(arg_cells(tgt));
            row.extend(actor_cells(tgt));
            row.extend(arg_cells(ev.instrument.as_ref()));
            row.push(ev.instrument.as_ref().and_then(|a| a.weapon_class).map(|w| w.as_str()).into());
            row.extend(arg_cells(ev.location.as_ref()));
            row.push(ev.location.as_ref().and_then(|a| a.country.as_deref()).into());
            row.extend([
                ev.cameo_code.as_deref().into(),
                ev.cameo_root.as_deref().into(),
                ev.quad_class.map_or(Cell::Null, |q| Cell::Int(q as i64)),
                ev.goldstein.map_or(Cell::Null, |g| Cell::Float(g as f64)),
                ev.plover_type.as_deref().into(),
                ev.plover_mode.as_deref().into(),
                Cell::Bool(ev.cyber),
                Cell::Bool(ev.negated),
                Cell::Str(ev.modality.as_str()),
                ev.reported_by.as_deref().into(),
                ev.event_date.map_or(Cell::Null, |d| Cell::Date((d - chrono::NaiveDate::default()).num_days() as i32)),
                ev.date_precision.map(|p| p.as_str()).into(),
                Cell::Bool(ev.date_from_published),
                ev.event_group.into(),
                ev.duplicate_of.into(),
                Cell::Float(ev.confidence as f64),
            ]);
            self.events.push(&row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::*;

    #[test]
    fn schema_doc_is_in_sync() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/SCHEMA.md");
        let on_disk = std::fs::read_to_string(path).unwrap_or_default();
        assert!(on_disk == schema_document(), "docs/SCHEMA.md is stale: regenerate it with `dyad schema > docs/SCHEMA.md`");
    }
    use crate::pipeline::Pipeline;

    fn sample_event(doc: &Doc) -> Event {
        let arg = |s: usize, e: usize| EventArgument {
            span: Span { start_byte: s, end_byte: e, start_char: s, end_char: e },
            text: doc.article.text[s..e].to_string(),
            entity_index: None,
            actor_code: Some("USA".into()),
            country: Some("USA".into()),
            role: None,
            weapon_class: None,
        };
        Event {
            sentence_index: 0,
            evidence: doc.sentences[0].span,
            source: Some(arg(0, 2)),
            action: arg(3, 9),
            target: Some(arg(10, 14)),
            instrument: None,
            cameo_code: Some("190".into()),
            cameo_root: Some("19".into()),
            quad_class: Some(4),
            goldstein: Some(-10.0),
            plover_type: Some("ASSAULT".into()),
            plover_mode: None,
            cyber: false,
            negated: false,
            modality: Modality::Asserted,
            reported_by: None,
            event_date: chrono::NaiveDate::from_ymd_opt(2019, 6, 20),
            date_precision: Some(DatePrecision::Day),
            date_from_published: false,
            location: None,
            event_group: None,
            duplicate_of: None,
            confidence: 0.9,
        }
    }

    #[test]
    fn every_table_fills_every_column_with_its_type() {
        let mut doc = Pipeline::default().process(Article::from_text("a", "US struck Iran. Iran replied.")).unwrap();
        // Only the sample: the coder's own events from this text would come first.
        doc.events = vec![sample_event(&doc)];
        doc.entities.push(Entity {
            span: doc.tokens[0].span,
            sentence_index: 0,
            text: "US".into(),
            label: EntityLabel::Gpe,
            confidence: 0.9,
            origin: AnnotationSource::Model,
            actor_code: Some("USA".into()),
            actor_name: None,
            country: Some("USA".into()),
            role: None,
            actor_source: Some("test".into()),
            actor_date_basis: Some("latest".into()),
            weapon_class: None,
        });
        let mut set = TableSet::default();
        set.push(&Outcome::Done(Box::new(doc)));
        let f = ReadFailure { article_id: "x".into(), origin: Origin::line("f.jsonl", 3), error: "invalid JSON".into() };
        set.push(&Outcome::Failed(f));
        assert_eq!(set.articles.len(), 2);
        assert_eq!(set.sentences.len(), 2);
        for t in set.tables() {
            let df = t.to_dataframe().unwrap();
            assert_eq!(df.width(), t.spec().columns.len());
        }
        let ev = set.events.to_dataframe().unwrap();
        assert_eq!(ev.column("event_date").unwrap().dtype(), &polars::prelude::DataType::Date);
        let row = set.events.json_rows().next().unwrap();
        assert_eq!(row["event_date"], "2019-06-20");
        assert_eq!(row["source_text"], "US");
        let failed = set.articles.json_rows().nth(1).unwrap();
        assert_eq!(failed["status"], "failed");
        assert_eq!(failed["record"], "f.jsonl:3");
    }
}
