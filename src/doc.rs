//! The document model every stage shares: one [`Article`] (what was read) and the
//! layers later stages add to it (sentences, tokens, entities, events), all by offset
//! into `article.text`.
//!
//! Offsets: byte offsets slice the text in Rust; char (Unicode scalar) offsets are what
//! Python/Arrow consumers index by. Both are stored on every span and are half-open.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A half-open region of the article text, in bytes and in chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    pub start_byte: usize,
    pub end_byte: usize,
    pub start_char: usize,
    pub end_char: usize,
}

impl Span {
    pub fn bytes(&self) -> Range<usize> {
        self.start_byte..self.end_byte
    }

    /// The covered text. Panics only if the span does not come from `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.bytes()]
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: &Span) -> Span {
        Span {
            start_byte: self.start_byte.min(other.start_byte),
            end_byte: self.end_byte.max(other.end_byte),
            start_char: self.start_char.min(other.start_char),
            end_char: self.end_char.max(other.end_char),
        }
    }
}

/// How the article was stored where it was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    Text,
    Jsonl,
    Rss,
    Atom,
}

impl InputFormat {
    pub fn as_str(&self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Rss => "rss",
            InputFormat::Atom => "atom",
        }
    }
}

/// Where a record came from. `key` is unique per record of one run (path plus line or
/// item number) and is what `--resume` and `--shard` bookkeeping is keyed on; the
/// `article_id` is the user's id and may repeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub key: String,
    /// Input path as given or found by the directory walk; `-` for stdin.
    pub file: String,
    /// 1-based line (JSONL) or item (feeds); `None` when the whole file is the record.
    pub index: Option<u64>,
    pub format: Option<InputFormat>,
}

impl Origin {
    pub fn whole_file(file: &str, format: Option<InputFormat>) -> Origin {
        Origin { key: file.to_string(), file: file.to_string(), index: None, format }
    }

    /// A line of a JSONL file: `path:LINE`.
    pub fn line(file: &str, line: u64) -> Origin {
        Origin {
            key: format!("{file}:{line}"),
            file: file.to_string(),
            index: Some(line),
            format: Some(InputFormat::Jsonl),
        }
    }

    /// An item of a feed: `path#ITEM`.
    pub fn item(file: &str, item: u64, format: InputFormat) -> Origin {
        Origin { key: format!("{file}#{item}"), file: file.to_string(), index: Some(item), format: Some(format) }
    }

    /// Where to point a user in a message: `path`, `path:line N` or `path item N`.
    pub fn locator(&self) -> String {
        match (self.index, self.format) {
            (Some(i), Some(InputFormat::Jsonl)) => format!("{}: line {i}", self.file),
            (Some(i), _) => format!("{}: item {i}", self.file),
            (None, _) => self.file.clone(),
        }
    }
}

/// One news article as read, before any analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub article_id: String,
    pub origin: Origin,
    pub title: Option<String>,
    pub text: String,
    pub url: Option<String>,
    /// The publisher or feed name (`source` in JSONL).
    pub source: Option<String>,
    pub published: Option<DateTime<Utc>>,
    /// The publication date exactly as found, kept even when it could not be parsed.
    pub published_raw: Option<String>,
    /// Non-fatal problems met while reading (lossy UTF-8, unparseable date, ...).
    pub warnings: Vec<String>,
}

impl Article {
    /// An article from text alone, for library users and tests.
    pub fn from_text(article_id: &str, text: &str) -> Article {
        Article {
            article_id: article_id.to_string(),
            origin: Origin::whole_file(article_id, Some(InputFormat::Text)),
            title: None,
            text: text.to_string(),
            url: None,
            source: None,
            published: None,
            published_raw: None,
            warnings: Vec::new(),
        }
    }
}

/// A record that could not be read as an article. It still becomes a row of the
/// `articles` table (status `failed`), so nothing read is silently lost.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadFailure {
    pub article_id: String,
    pub origin: Origin,
    pub error: String,
}

impl fmt::Display for ReadFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin.locator(), self.error)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    Symbol,
    Url,
    Email,
    Hashtag,
    Mention,
}

impl TokenKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Symbol => "symbol",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Mention => "mention",
        }
    }

    pub fn is_word_like(&self) -> bool {
        matches!(self, TokenKind::Word | TokenKind::Number)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Token {
    #[serde(flatten)]
    pub span: Span,
    pub kind: TokenKind,
    /// Universal part-of-speech tag (syntax stage; `None` before it runs). Tag and
    /// relation strings are shared with the model (`Arc`), not allocated per token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<Arc<str>>,
    /// Penn Treebank tag (syntax stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub xpos: Option<Arc<str>>,
    /// Dictionary form ("launched" → "launch", "struck" → "strike").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// Index into `Doc::tokens` of the syntactic head; `None` for the sentence root
    /// (`deprel` = "root") and before the syntax stage runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// Universal Dependencies relation to the head (nsubj, obj, obl:agent, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<Arc<str>>,
}

impl Token {
    /// A token before any annotation.
    pub fn new(span: Span, kind: TokenKind) -> Token {
        Token { span, kind, upos: None, xpos: None, lemma: None, head: None, deprel: None }
    }
}

/// What a sentence is in the article's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SentenceKind {
    /// The article's title line (plain-text input whose first line is followed by a blank line).
    Title,
    /// A line standing alone without final punctuation: headline, dateline, byline.
    Headline,
    /// A line opened by a bullet marker.
    Bullet,
    /// Running text.
    Body,
}

impl SentenceKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            SentenceKind::Title => "title",
            SentenceKind::Headline => "headline",
            SentenceKind::Bullet => "bullet",
            SentenceKind::Body => "body",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    #[serde(flatten)]
    pub span: Span,
    pub kind: SentenceKind,
    /// Indices into `Doc::tokens`.
    pub tokens: Range<usize>,
}

/// The entity label contract every tagger maps onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityLabel {
    Person,
    Org,
    Gpe,
    Loc,
    Norp,
    Weapon,
    Misc,
    /// An actor named by a common noun, added by the resolve stage: agent phrases
    /// ("Iranian hackers", "US officials") and definite descriptions that refer back to
    /// a name ("the president").
    Agent,
}

impl EntityLabel {
    pub const ALL: [EntityLabel; 8] = [
        EntityLabel::Person,
        EntityLabel::Org,
        EntityLabel::Gpe,
        EntityLabel::Loc,
        EntityLabel::Norp,
        EntityLabel::Weapon,
        EntityLabel::Misc,
        EntityLabel::Agent,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            EntityLabel::Person => "PERSON",
            EntityLabel::Org => "ORG",
            EntityLabel::Gpe => "GPE",
            EntityLabel::Loc => "LOC",
            EntityLabel::Norp => "NORP",
            EntityLabel::Weapon => "WEAPON",
            EntityLabel::Misc => "MISC",
            EntityLabel::Agent => "AGENT",
        }
    }
}

impl std::str::FromStr for EntityLabel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        EntityLabel::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown entity label {s:?}"))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeaponClass {
    MissileRocket,
    AircraftDrone,
    ArtilleryArmor,
    SmallArms,
    Explosive,
    CbrnNuclear,
    Naval,
    Cyber,
    Other,
}

impl WeaponClass {
    pub fn as_str(&self) -> &'static str {
        match self {
            WeaponClass::MissileRocket => "missile_rocket",
            WeaponClass::AircraftDrone => "aircraft_drone",
            WeaponClass::ArtilleryArmor => "artillery_armor",
            WeaponClass::SmallArms => "small_arms",
            WeaponClass::Explosive => "explosive",
            WeaponClass::CbrnNuclear => "cbrn_nuclear",
            WeaponClass::Naval => "naval",
            WeaponClass::Cyber => "cyber",
            WeaponClass::Other => "other",
        }
    }
}

/// Which kind of component produced an annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationSource {
    Model,
    Dictionary,
    Pattern,
}

impl AnnotationSource {
    pub fn as_str(&self) -> &'static str {
        match self {
            AnnotationSource::Model => "model",
            AnnotationSource::Dictionary => "dictionary",
            AnnotationSource::Pattern => "pattern",
        }
    }
}

/// A tagged mention. Filled by the tag stage; the resolve stage adds the actor fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    #[serde(flatten)]
    pub span: Span,
    pub sentence_index: usize,
    pub text: String,
    pub label: EntityLabel,
    pub confidence: f32,
    pub origin: AnnotationSource,
    pub actor_code: Option<String>,
    pub actor_name: Option<String>,
    /// ISO 3166-1 alpha-3.
    pub country: Option<String>,
    pub role: Option<String>,
    /// The dictionary entry the actor code came from ("Phoenix.Countries.actors.txt:51057").
    pub actor_source: Option<String>,
    /// How a dated code was chosen: "published" (for the article's date) or "latest"
    /// (the article has no date).
    pub actor_date_basis: Option<String>,
    pub weapon_class: Option<WeaponClass>,
}

impl Entity {
    /// The range of `tokens` (all of a document's, or one sentence's) the mention covers.
    pub fn token_range(&self, tokens: &[Token]) -> (usize, usize) {
        let a = tokens.partition_point(|t| t.span.start_byte < self.span.start_byte);
        let b = tokens.partition_point(|t| t.span.end_byte <= self.span.end_byte);
        (a, b.max(a))
    }

    /// A mention with the actor and weapon fields empty (later layers fill them).
    pub fn new(span: Span, sentence_index: usize, text: &str, label: EntityLabel, confidence: f32, origin: AnnotationSource) -> Entity {
        Entity {
            span,
            sentence_index,
            text: text.to_string(),
            label,
            confidence,
            origin,
            actor_code: None,
            actor_name: None,
            country: None,
            role: None,
            actor_source: None,
            actor_date_basis: None,
            weapon_class: None,
        }
    }
}

/// One participant or part of an event, pointing back at the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventArgument {
    #[serde(flatten)]
    pub span: Span,
    pub text: String,
    /// Index into `Doc::entities` when the argument is a tagged entity.
    pub entity_index: Option<usize>,
    pub actor_code: Option<String>,
    pub country: Option<String>,
    pub role: Option<String>,
    pub weapon_class: Option<WeaponClass>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Asserted,
    Threatened,
    Planned,
    Hypothetical,
    Reported,
}

impl Modality {
    pub fn as_str(&self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Threatened => "threatened",
            Modality::Planned => "planned",
            Modality::Hypothetical => "hypothetical",
            Modality::Reported => "reported",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Week,
    Month,
    Year,
}

impl DatePrecision {
    pub fn as_str(&self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// Who did what to whom: one coded event. Filled by the code stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub sentence_index: usize,
    /// The evidence: the text that supports the coding (at least the trigger).
    pub evidence: Span,
    pub source: Option<EventArgument>,
    pub action: EventArgument,
    pub target: Option<EventArgument>,
    pub instrument: Option<EventArgument>,
    pub cameo_code: Option<String>,
    pub cameo_root: Option<String>,
    pub quad_class: Option<u8>,
    pub goldstein: Option<f32>,
    pub plover_type: Option<String>,
    pub plover_mode: Option<String>,
    pub cyber: bool,
    pub negated: bool,
    pub modality: Modality,
    pub reported_by: Option<String>,
    pub event_date: Option<NaiveDate>,
    pub date_precision: Option<DatePrecision>,
    /// True when `event_date` is the publication date because the text gave none.
    pub date_from_published: bool,
    pub location: Option<EventArgument>,
    /// Events split from one compound actor phrase share a group.
    pub event_group: Option<usize>,
    /// Index of the first event in this article with the same date, source, target and code.
    pub duplicate_of: Option<usize>,
    pub confidence: f32,
}

/// An article and everything the stages found in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doc {
    pub article: Article,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
}

impl Doc {
    pub fn new(article: Article) -> Doc {
        Doc { article, sentences: Vec::new(), tokens: Vec::new(), entities: Vec::new(), events: Vec::new() }
    }

    pub fn text(&self) -> &str {
        &self.article.text
    }

    /// Words and numbers, the unit throughput is reported in.
    pub fn word_count(&self) -> usize {
        self.tokens.iter().filter(|t| t.kind.is_word_like()).count()
    }

    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.tokens.clone()]
    }
}

/// What the pipeline hands to a writer for each record read: a processed document or
/// the reason there is none.
#[derive(Debug, Clone)]
pub enum Outcome {
    Done(Box<Doc>),
    Failed(ReadFailure),
}

impl Outcome {
    pub fn origin(&self) -> &Origin {
        match self {
            Outcome::Done(doc) => &doc.article.origin,
            Outcome::Failed(f) => &f.origin,
        }
    }
}
