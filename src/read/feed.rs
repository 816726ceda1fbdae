//! RSS 2.0 (and RSS 1.0/RDF) and Atom feed files: one article per item or entry.
//!
//! Items parsed before an XML error are kept; the error becomes a failed record naming
//! the line and column, so a broken feed loses nothing silently.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::doc::{Article, InputFormat, Origin, ReadFailure};
use crate::read::dates::parse_date;
use crate::read::html::html_to_text;
use crate::read::Record;

#[derive(Default)]
struct Item {
    title: String,
    link: String,
    description: String,
    content: String,
    date: String,
    id: String,
}

/// Which item field a child element fills.
fn field_of<'a>(item: &'a mut Item, qname: &[u8], local: &[u8]) -> Option<&'a mut String> {
    match (qname, local) {
        (b"content:encoded", _) | (_, b"content") => Some(&mut item.content),
        (_, b"title") => Some(&mut item.title),
        (_, b"link") => Some(&mut item.link),
        (_, b"description") | (_, b"summary") => Some(&mut item.description),
        (_, b"pubDate") | (b"dc:date", _) | (_, b"published") | (_, b"updated") | (_, b"issued") => Some(&mut item.date),
        (_, b"guid") | (_, b"id") => Some(&mut item.id),
        _ => None,
    }
}

/// Parses a whole feed document into records.
pub fn read_feed(file: &str, bytes: &[u8]) -> Vec<Record> {
    let mut reader = Reader::from_reader(bytes);
    reader.config_mut().check_end_names = true;
    let mut records = Vec::new();
    let mut format: Option<InputFormat> = None;
    let mut feed_title = String::new();
    let mut depth = 0usize;
    let mut item: Option<(Item, usize)> = None; // the item and its depth
    let mut field: Option<(Vec<u8>, Vec<u8>, usize)> = None; // qname, local name, depth
    let mut in_feed_title = false;
    let mut buf = Vec::new();
    let fail = |records: &mut Vec<Record>, error: String, format: Option<InputFormat>| {
        let n = records.len() as u64 + 1;
        let origin = Origin::item(file, n, format.unwrap_or(InputFormat::Rss));
        records.push(Err(ReadFailure { article_id: origin.key.clone(), origin, error }));
    };
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(err) => {
                let (line, col) = line_col(bytes, reader.error_position() as usize);
                let what = if reader.buffer_position() as usize >= bytes.len() { "truncated XML" } else { "broken XML" };
                fail(&mut records, format!("{what} at line {line}, column {col}: {err}"), format);
                return records;
            }
        };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let local = e.local_name().as_ref().to_vec();
                if format.is_none() {
                    format = match local.as_slice() {
                        b"rss" | b"RDF" => Some(InputFormat::Rss),
                        b"feed" => Some(InputFormat::Atom),
                        other => {
                            let name = String::from_utf8_lossy(other).into_owned();
                            fail(&mut records, format!("not an RSS or Atom feed: the root element is <{name}>"), None);
                            return records;
                        }
                    };
                }
                if let Some((it, item_depth)) = item.as_mut() {
                    if field.is_none() && depth == *item_depth + 1 {
                        if local == b"link" {
                            if let Some(href) = alternate_href(e) {
                                it.link = href;
                            }
                        }
                        if !empty {
                            field = Some((e.name().as_ref().to_vec(), local.clone(), depth));
                        }
                    } else if field.is_some() && is_block(&local) {
                        push_field_text(it, &field, "\n");
                    }
                } else if local == b"item" || local == b"entry" {
                    if !empty {
                        item = Some((Item::default(), depth));
                    }
                } else if local == b"title" && feed_title.is_empty() && !empty {
                    in_feed_title = true;
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                let local = e.local_name().as_ref().to_vec();
                if field.as_ref().is_some_and(|(_, _, d)| *d == depth) {
                    field = None;
                } else if let Some((it, _)) = item.as_mut() {
                    if field.is_some() && is_block(&local) {
                        push_field_text(it, &field, "\n");
                    }
                }
                if item.as_ref().is_some_and(|(_, d)| *d == depth) && (local == b"item" || local == b"entry") {
                    let (it, _) = item.take().unwrap_or_default();
                    let n = records.len() as u64 + 1;
                    records.push(build_article(file, n, format.unwrap_or(InputFormat::Rss), it, &feed_title));
                }
                in_feed_title = false;
            }
            Event::Text(ref t) => {
                let text = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                on_text(&mut item, &field, in_feed_title, &mut feed_title, &text);
            }
            Event::CData(ref t) => {
                let text = t.decode().map(|c| c.into_owned()).unwrap_or_default();
                on_text(&mut item, &field, in_feed_title, &mut feed_title, &text);
            }
            Event::GeneralRef(ref r) => {
                let text = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().map(|c| c.into_owned()).unwrap_or_default();
                        match name.as_str() {
                            "amp" => "&".into(),
                            "lt" => "<".into(),
                            "gt" => ">".into(),
                            "quot" => "\"".into(),
                            "apos" => "'".into(),
                            // HTML entities in feeds that skipped escaping: decode as HTML.
                            other => html_escape::decode_html_entities(&format!("&{other};")).into_owned(),
                        }
                    }
                };
                on_text(&mut item, &field, in_feed_title, &mut feed_title, &text);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if format.is_none() {
        fail(&mut records, "not an RSS or Atom feed: no root element".into(), None);
    } else if item.is_some() || depth > 0 {
        let n = records.len();
        fail(&mut records, format!("feed ends inside an open element after {n} item(s): truncated XML"), format);
    }
    records
}

fn is_block(local: &[u8]) -> bool {
    matches!(local, b"p" | b"div" | b"br" | b"li" | b"h1" | b"h2" | b"h3" | b"h4" | b"tr")
}

fn push_field_text(item: &mut Item, field: &Option<(Vec<u8>, Vec<u8>, usize)>, text: &str) {
    if let Some((q, l, _)) = field {
        if let Some(target) = field_of(item, q, l) {
            target.push_str(text);
        }
    }
}

fn on_text(item: &mut Option<(Item, usize)>, field: &Option<(Vec<u8>, Vec<u8>, usize)>, in_feed_title: bool, feed_title: &mut String, text: &str) {
    match item.as_mut() {
        Some((it, _)) => push_field_text(it, field, text),
        None if in_feed_title => feed_title.push_str(text),
        None => {}
    }
}

/// Atom `<link href=... rel="alternate">` (or no rel).
fn alternate_href(e: &BytesStart) -> Option<String> {
    let rel = e.try_get_attribute("rel").ok().flatten().and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()));
    if rel.as_deref().is_some_and(|r| r != "alternate") {
        return None;
    }
    e.try_get_attribute("href").ok().flatten().and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn build_article(file: &str, n: u64, format: InputFormat, it: Item, feed_title: &str) -> Record {
    let origin = Origin::item(file, n, format);
    let id = it.id.trim();
    let article_id = if id.is_empty() { origin.key.clone() } else { id.to_string() };
    let title = html_to_text(&it.title);
    let body = if it.content.trim().is_empty() { &it.description } else { &it.content };
    let mut text = html_to_text(body);
    let mut warnings = Vec::new();
    if text.is_empty() {
        if title.is_empty() {
            return Err(ReadFailure { article_id, origin, error: "feed item has no title, description or content".into() });
        }
        warnings.push("feed item has no description or content: the title is used as text".to_string());
        text = title.clone();
    }
    let raw_date = it.date.trim().to_string();
    let published = parse_date(&raw_date);
    if published.is_none() && !raw_date.is_empty() {
        warnings.push(format!("unparseable publication date {raw_date:?} kept as text"));
    }
    Ok(Article {
        article_id,
        origin,
        title: (!title.is_empty()).then_some(title),
        text,
        url: Some(it.link.trim().to_string()).filter(|s| !s.is_empty()),
        source: Some(html_to_text(feed_title)).filter(|s| !s.is_empty()),
        published,
        published_raw: (!raw_date.is_empty()).then_some(raw_date),
        warnings,
    })
}

/// 1-based line and column of a byte position.
pub(crate) fn line_col(bytes: &[u8], pos: usize) -> (usize, usize) {
    let pos = pos.min(bytes.len());
    let line = bytes[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
    let col = pos - bytes[..pos].iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire &amp; Co</title>
<item><title>Iran downs drone</title><link>https://ex.com/1</link><guid>ex-1</guid>
<pubDate>Thu, 20 Jun 2019 10:00:00 GMT</pubDate><description>&lt;p&gt;Iran shot down a &lt;b&gt;US&lt;/b&gt; drone.&lt;/p&gt;</description></item>
<item><title>Second</title><description><![CDATA[<p>Cyber strike on Iran.</p>]]></description><pubDate>someday</pubDate></item>
</channel></rss>"#;

    #[test]
    fn rss_items() {
        let recs = read_feed("f.xml", RSS.as_bytes());
        assert_eq!(recs.len(), 2);
        let a = recs[0].as_ref().unwrap();
        assert_eq!(a.article_id, "ex-1");
        assert_eq!(a.title.as_deref(), Some("Iran downs drone"));
        assert_eq!(a.text, "Iran shot down a US drone.");
        assert_eq!(a.url.as_deref(), Some("https://ex.com/1"));
        assert_eq!(a.source.as_deref(), Some("Wire & Co"));
        assert_eq!(a.published.unwrap().to_rfc3339(), "2019-06-20T10:00:00+00:00");
        let b = recs[1].as_ref().unwrap();
        assert_eq!(b.article_id, "f.xml#2");
        assert_eq!(b.text, "Cyber strike on Iran.");
        assert!(b.published.is_none() && b.published_raw.as_deref() == Some("someday"));
        assert!(b.warnings[0].contains("unparseable"));
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title>
<entry><title>Strike</title><id>urn:1</id><link rel="alternate" href="https://ex.com/a"/><updated>2019-06-22T09:00:00Z</updated>
<content type="html">&lt;p&gt;US Cyber Command struck.&lt;/p&gt;</content></entry></feed>"#;
        let recs = read_feed("a.atom", atom.as_bytes());
        let a = recs[0].as_ref().unwrap();
        assert_eq!(a.origin.format, Some(InputFormat::Atom));
        assert_eq!(a.url.as_deref(), Some("https://ex.com/a"));
        assert_eq!(a.text, "US Cyber Command struck.");
    }

    #[test]
    fn broken_xml_keeps_earlier_items() {
        let broken = RSS.replace("</item>\n<item><title>Second", "</item>\n<item><title>Second</wrong>");
        let recs = read_feed("b.xml", broken.as_bytes());
        assert_eq!(recs.len(), 2);
        assert!(recs[0].is_ok());
        let err = recs[1].as_ref().unwrap_err();
        assert_eq!(err.origin.key, "b.xml#2");
        assert!(err.error.contains("broken XML at line 5"), "{}", err.error);
    }

    #[test]
    fn truncated_and_foreign_xml() {
        let cut = &RSS[..RSS.find("<item><title>Second").unwrap() + 20];
        let recs = read_feed("t.xml", cut.as_bytes());
        assert!(recs[0].is_ok());
        let err = &recs.last().unwrap().as_ref().unwrap_err().error;
        assert!(err.contains("truncated"), "{err}");
        let recs = read_feed("h.xml", b"<html><body>hi</body></html>");
        assert!(recs[0].as_ref().unwrap_err().error.contains("root element is <html>"));
    }
}
