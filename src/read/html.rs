//! HTML (feed descriptions and content) to plain text.

/// Drops tags, scripts and styles; block elements become line breaks, paragraphs blank
/// lines; entities are decoded; runs of spaces collapse.
pub fn html_to_text(html: &str) -> String {
    if !html.contains('<') && !html.contains('&') {
        return html.trim().to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        if !after.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            out.push('<'); // "a < b": not a tag
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else {
            out.push_str(&rest[lt..]); // a stray '<' is text
            rest = "";
            break;
        };
        let tag = after[..gt].trim_start_matches('/').split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_ascii_lowercase();
        rest = &after[gt + 1..];
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(p) => rest[p..].find('>').map_or("", |q| &rest[p + q + 1..]),
                None => "",
            };
            continue;
        }
        match tag.as_str() {
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "ul" | "ol" | "table" | "section" | "article" => out.push_str("\n\n"),
            "br" | "li" | "tr" | "dt" | "dd" => out.push('\n'),
            "td" | "th" => out.push(' '),
            _ => {}
        }
    }
    out.push_str(rest);
    let decoded = html_escape::decode_html_entities(&out);
    normalize_space(&decoded)
}

/// Collapses spaces inside lines, trims lines, keeps at most one blank line in a row.
fn normalize_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_entities() {
        let html = "<p>Iran &amp; the <b>US</b>&nbsp;clash.</p><script>x()</script><p>Second&#8217;s<br/>line</p>";
        assert_eq!(html_to_text(html), "Iran & the US clash.\n\nSecond’s\nline");
    }

    #[test]
    fn plain_text_passes() {
        assert_eq!(html_to_text("  no markup here "), "no markup here");
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
    }
}
