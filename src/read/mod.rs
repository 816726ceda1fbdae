//! Read stage: every input a news pipeline has, as a stream of records.
//!
//! Inputs are files, directories (walked recursively), globs and stdin (`-`). Each file
//! is plain text (one article), JSONL (one article a line) or an RSS/Atom feed (one
//! article an item), any of them gzip-compressed. Every record is either an [`Article`]
//! or a [`ReadFailure`] that names the file and line or item: nothing read is dropped.

pub mod dates;
pub mod decode;
pub mod feed;
pub mod html;
mod jsonl;

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use crate::doc::{Article, InputFormat, Origin, ReadFailure};
use decode::{decode_text, maybe_gunzip};

pub use jsonl::JsonlFields;

/// One record read: an article, or why there is none.
pub type Record = Result<Article, ReadFailure>;

/// How inputs are read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force a format instead of detecting it from the name and content.
    pub format: Option<InputFormat>,
    pub fields: JsonlFields,
}

/// Where records come from, after expanding directories and globs.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    File { path: PathBuf, name: String },
    Stdin,
    /// An input that names nothing readable; it becomes one failed record.
    Missing { name: String, error: String },
}

impl Source {
    pub fn name(&self) -> &str {
        match self {
            Source::File { name, .. } | Source::Missing { name, .. } => name,
            Source::Stdin => "-",
        }
    }
}

/// Expands command-line inputs: `-` is stdin, directories are walked recursively in
/// name order (hidden files skipped), globs are expanded, anything else that does not
/// exist becomes a [`Source::Missing`].
pub fn expand_inputs(inputs: &[String]) -> Vec<Source> {
    let mut sources = Vec::new();
    for input in inputs {
        if input == "-" {
            sources.push(Source::Stdin);
            continue;
        }
        let path = Path::new(input);
        if path.is_dir() {
            let before = sources.len();
            walk_dir(path, &mut sources);
            if sources.len() == before {
                sources.push(Source::Missing { name: input.clone(), error: "directory contains no files".into() });
            }
        } else if path.exists() {
            sources.push(Source::File { path: path.to_path_buf(), name: input.clone() });
        } else if input.contains(['*', '?', '[']) {
            expand_glob(input, &mut sources);
        } else {
            sources.push(Source::Missing { name: input.clone(), error: "no such file or directory".into() });
        }
    }
    sources
}

fn walk_dir(dir: &Path, sources: &mut Vec<Source>) {
    let walker = ignore::WalkBuilder::new(dir).standard_filters(false).hidden(true).sort_by_file_name(|a, b| a.cmp(b)).build();
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_some_and(|t| t.is_file()) => {
                sources.push(Source::File { name: e.path().display().to_string(), path: e.into_path() })
            }
            Ok(_) => {}
            Err(err) => sources.push(Source::Missing { name: dir.display().to_string(), error: format!("cannot walk directory: {err}") }),
        }
    }
}

fn expand_glob(pattern: &str, sources: &mut Vec<Source>) {
    match glob::glob(pattern) {
        Ok(paths) => {
            let before = sources.len();
            for p in paths {
                match p {
                    Ok(p) if p.is_dir() => walk_dir(&p, sources),
                    Ok(p) => sources.push(Source::File { name: p.display().to_string(), path: p }),
                    Err(err) => sources.push(Source::Missing { name: err.path().display().to_string(), error: err.error().to_string() }),
                }
            }
            if sources.len() == before {
                sources.push(Source::Missing { name: pattern.to_string(), error: "glob matched no files".into() });
            }
        }
        Err(err) => sources.push(Source::Missing { name: pattern.to_string(), error: format!("invalid glob: {err}") }),
    }
}

/// The format a file name suggests (".gz" looked through), if any.
pub fn format_from_name(name: &str) -> Option<InputFormat> {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = Path::new(lower).extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
        "rss" => Some(InputFormat::Rss),
        "atom" => Some(InputFormat::Atom),
        "xml" => Some(InputFormat::Rss), // RSS or Atom: the root element decides
        "txt" | "text" | "md" => Some(InputFormat::Text),
        _ => None,
    }
}

/// The format the first bytes suggest.
pub fn format_from_content(head: &[u8]) -> InputFormat {
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).map_or(&head[..0], |p| &head[p..]);
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    if start.starts_with(b"{") {
        InputFormat::Jsonl
    } else if start.starts_with(b"<?xml") || start.starts_with(b"<rss") || start.starts_with(b"<feed") || start.starts_with(b"<rdf") {
        InputFormat::Rss
    } else {
        InputFormat::Text
    }
}

type Records = Box<dyn Iterator<Item = Record> + Send>;

/// A lazy stream of records over all sources: JSONL is read line by line, so memory
/// does not grow with the input.
pub struct Reader {
    sources: VecDeque<Source>,
    current: Option<Records>,
    options: ReadOptions,
}

impl Reader {
    pub fn new(sources: Vec<Source>, options: ReadOptions) -> Reader {
        Reader { sources: sources.into(), current: None, options }
    }

    fn open(&self, source: Source) -> Records {
        match source {
            Source::Missing { name, error } => one_failure(Origin::whole_file(&name, None), error),
            Source::Stdin => match maybe_gunzip(io::stdin()) {
                Ok((reader, _)) => self.records_from(reader, "-"),
                Err(err) => one_failure(Origin::whole_file("-", None), format!("cannot read stdin: {err}")),
            },
            Source::File { path, name } => match File::open(&path).and_then(maybe_gunzip) {
                Ok((reader, _)) => self.records_from(reader, &name),
                Err(err) => one_failure(Origin::whole_file(&name, None), format!("cannot open: {err}")),
            },
        }
    }

    fn records_from(&self, mut reader: Box<dyn BufRead + Send>, name: &str) -> Records {
        let format = match self.options.format.or_else(|| format_from_name(name)) {
            Some(f) => f,
            None => match reader.fill_buf() {
                Ok(head) => format_from_content(head),
                Err(err) => return one_failure(Origin::whole_file(name, None), read_error(&err)),
            },
        };
        match format {
            InputFormat::Jsonl => Box::new(jsonl::JsonlRecords::new(reader, name, self.options.fields.clone())),
            InputFormat::Rss | InputFormat::Atom => {
                let mut bytes = Vec::new();
                if let Err(err) = reader.read_to_end(&mut bytes) {
                    return one_failure(Origin::whole_file(name, Some(format)), read_error(&err));
                }
                match decode::looks_binary(&bytes) {
                    Some(reason) => one_failure(Origin::whole_file(name, Some(format)), reason),
                    None => Box::new(feed::read_feed(name, &bytes).into_iter()),
                }
            }
            InputFormat::Text => Box::new(std::iter::once(read_text(reader, name))),
        }
    }
}

impl Iterator for Reader {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(current) = self.current.as_mut() {
                if let Some(record) = current.next() {
                    return Some(record);
                }
                self.current = None;
            }
            let source = self.sources.pop_front()?;
            self.current = Some(self.open(source));
        }
    }
}

fn one_failure(origin: Origin, error: String) -> Records {
    Box::new(std::iter::once(Err(ReadFailure { article_id: origin.key.clone(), origin, error })))
}

/// An I/O error while reading, worded for the truncated-gzip case users hit most.
pub(crate) fn read_error(err: &io::Error) -> String {
    match err.kind() {
        io::ErrorKind::UnexpectedEof => format!("truncated input (corrupt or incomplete gzip?): {err}"),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => format!("corrupt input: {err}"),
        _ => format!("read error: {err}"),
    }
}

/// A plain-text file is one article; a first line followed by a blank line is its title.
fn read_text(mut reader: Box<dyn BufRead + Send>, name: &str) -> Record {
    let origin = Origin::whole_file(name, Some(InputFormat::Text));
    let fail = |error: String| Err(ReadFailure { article_id: origin.key.clone(), origin: origin.clone(), error });
    let mut bytes = Vec::new();
    if let Err(err) = reader.read_to_end(&mut bytes) {
        return fail(read_error(&err));
    }
    if bytes.is_empty() {
        return fail("empty file".into());
    }
    let decoded = match decode_text(bytes) {
        Ok(d) => d,
        Err(reason) => return fail(reason),
    };
    if decoded.text.trim().is_empty() {
        return fail("file contains only whitespace".into());
    }
    let title = title_line(&decoded.text);
    Ok(Article {
        article_id: name.to_string(),
        origin,
        title,
        text: decoded.text,
        url: None,
        source: None,
        published: None,
        published_raw: None,
        warnings: decoded.warnings,
    })
}

/// The first line when a blank line follows it and it is short enough to be a title.
fn title_line(text: &str) -> Option<String> {
    let mut lines = text.lines();
    let first = lines.next()?.trim();
    let second = lines.next()?;
    (second.trim().is_empty() && !first.is_empty() && first.chars().count() <= 300).then(|| first.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_name_and_content() {
        assert_eq!(format_from_name("a/b.jsonl.gz"), Some(InputFormat::Jsonl));
        assert_eq!(format_from_name("feed.atom"), Some(InputFormat::Atom));
        assert_eq!(format_from_name("README"), None);
        assert_eq!(format_from_content(b"  {\"text\":1}"), InputFormat::Jsonl);
        assert_eq!(format_from_content(b"<?xml version"), InputFormat::Rss);
        assert_eq!(format_from_content(b"Plain words"), InputFormat::Text);
    }

    #[test]
    fn title_needs_blank_line() {
        assert_eq!(title_line("Title\n\nBody").as_deref(), Some("Title"));
        assert_eq!(title_line("Line one\nLine two"), None);
    }

    #[test]
    fn missing_inputs_are_records() {
        let sources = expand_inputs(&["/no/such/file.txt".into(), "/no/such/*.jsonl".into()]);
        let recs: Vec<_> = Reader::new(sources, ReadOptions::default()).collect();
        assert_eq!(recs.len(), 2);
        assert!(recs[0].as_ref().unwrap_err().error.contains("no such file"));
        assert!(recs[1].as_ref().unwrap_err().error.contains("glob matched no files"));
    }
}
