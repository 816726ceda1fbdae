//! JSONL: one article a line, read lazily.

use std::io::BufRead;

use serde_json::Value;

use crate::doc::{Article, Origin, ReadFailure};
use crate::read::dates::parse_date;
use crate::read::decode::decode_text;
use crate::read::{read_error, Record};

/// Which JSON fields hold what. `text_field` and `id_field` may be dotted paths
/// (`article.body`). Other fields are looked up under their usual names.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    pub text_field: String,
    pub id_field: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields { text_field: "text".into(), id_field: "id".into() }
    }
}

const TITLE: &[&str] = &["title", "headline"];
const URL: &[&str] = &["url", "link"];
const PUBLISHED: &[&str] = &["published", "date", "publish_date", "published_at", "pubDate"];
const SOURCE: &[&str] = &["source", "publisher"];

pub(crate) struct JsonlRecords {
    reader: Box<dyn BufRead + Send>,
    file: String,
    fields: JsonlFields,
    line: u64,
    done: bool,
    buf: Vec<u8>,
}

impl JsonlRecords {
    pub(crate) fn new(reader: Box<dyn BufRead + Send>, file: &str, fields: JsonlFields) -> JsonlRecords {
        JsonlRecords { reader, file: file.to_string(), fields, line: 0, done: false, buf: Vec::new() }
    }
}

impl Iterator for JsonlRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) => {
                    self.line += 1;
                    if self.buf.iter().all(u8::is_ascii_whitespace) {
                        continue; // blank lines are not records
                    }
                    let bytes = std::mem::take(&mut self.buf);
                    return Some(parse_line(bytes, &self.file, self.line, &self.fields));
                }
                Err(err) => {
                    self.done = true;
                    let origin = Origin::line(&self.file, self.line + 1);
                    let error = format!("{} (after line {})", read_error(&err), self.line);
                    return Some(Err(ReadFailure { article_id: origin.key.clone(), origin, error }));
                }
            }
        }
        None
    }
}

fn lookup<'a>(obj: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(obj, |v, key| v.get(key))
}

fn first_string(obj: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match obj.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn parse_line(bytes: Vec<u8>, file: &str, line: u64, fields: &JsonlFields) -> Record {
    let origin = Origin::line(file, line);
    let fail = |error: String| Err(ReadFailure { article_id: origin.key.clone(), origin: origin.clone(), error });
    let decoded = match decode_text(bytes) {
        Ok(d) => d,
        Err(reason) => return fail(reason),
    };
    let value: Value = match serde_json::from_str(decoded.text.trim_end()) {
        Ok(v) => v,
        Err(err) => return fail(format!("invalid JSON: {err}")),
    };
    if !value.is_object() {
        return fail("a JSONL record must be a JSON object".into());
    }
    let text = match lookup(&value, &fields.text_field) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => return fail(format!("field {:?} is not a string but {}", fields.text_field, json_kind(other))),
        None => {
            let keys: Vec<&str> = value.as_object().map(|o| o.keys().map(String::as_str).collect()).unwrap_or_default();
            return fail(format!("no {:?} field (fields: {}); choose one with --text-field", fields.text_field, keys.join(", ")));
        }
    };
    if text.trim().is_empty() {
        return fail(format!("field {:?} is empty", fields.text_field));
    }
    let article_id = match lookup(&value, &fields.id_field) {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => origin.key.clone(),
    };
    let mut warnings = decoded.warnings;
    let published_raw = first_string(&value, PUBLISHED);
    let published = published_raw.as_deref().and_then(parse_date);
    if let (None, Some(raw)) = (&published, &published_raw) {
        warnings.push(format!("unparseable publication date {raw:?} kept as text"));
    }
    Ok(Article {
        article_id,
        origin,
        title: first_string(&value, TITLE),
        text,
        url: first_string(&value, URL),
        source: first_string(&value, SOURCE),
        published,
        published_raw,
        warnings,
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn read(input: &str, fields: JsonlFields) -> Vec<Record> {
        JsonlRecords::new(Box::new(Cursor::new(input.as_bytes().to_vec())), "in.jsonl", fields).collect()
    }

    #[test]
    fn lines_and_failures() {
        let input = "{\"id\":\"a\",\"text\":\"Iran said.\",\"published\":\"2019-06-20\"}\n\n{bad json\n{\"body\":\"x\"}\n[1]\n{\"text\":\"No id\",\"date\":\"yesterday\"}\n";
        let recs = read(input, JsonlFields::default());
        assert_eq!(recs.len(), 5);
        assert_eq!(recs[0].as_ref().unwrap().article_id, "a");
        let bad = recs[1].as_ref().unwrap_err();
        assert_eq!(bad.origin.key, "in.jsonl:3");
        assert!(bad.error.starts_with("invalid JSON"));
        assert!(recs[2].as_ref().unwrap_err().error.contains("fields: body"));
        assert!(recs[3].as_ref().unwrap_err().error.contains("JSON object"));
        let no_id = recs[4].as_ref().unwrap();
        assert_eq!(no_id.article_id, "in.jsonl:6");
        assert_eq!(no_id.published_raw.as_deref(), Some("yesterday"));
        assert_eq!(no_id.warnings.len(), 1);
    }

    #[test]
    fn mapped_fields() {
        let fields = JsonlFields { text_field: "article.body".into(), id_field: "doc_id".into() };
        let recs = read("{\"doc_id\":7,\"article\":{\"body\":\"Hello.\"}}\n", fields);
        let a = recs[0].as_ref().unwrap();
        assert_eq!((a.article_id.as_str(), a.text.as_str()), ("7", "Hello."));
    }
}
