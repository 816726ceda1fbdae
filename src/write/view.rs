//! The readable terminal view of one processed article (`dyad extract`).

use std::fmt::Write as _;

use crate::doc::{Doc, EventArgument};

/// Styling for the view: bold headings and dim labels on a terminal, plain text otherwise.
#[derive(Debug, Clone, Copy)]
pub struct ViewStyle {
    pub color: bool,
    /// Wrap sentence text at this many columns (0: no wrapping).
    pub width: usize,
}

impl ViewStyle {
    fn bold(&self, s: &str) -> String {
        if self.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() }
    }
    fn dim(&self, s: &str) -> String {
        if self.color { format!("\x1b[2m{s}\x1b[0m") } else { s.to_string() }
    }
}

/// Renders the article: header, sentences, entities, events.
pub fn render(doc: &Doc, stages: &[String], style: ViewStyle) -> String {
    let a = &doc.article;
    let mut out = String::new();
    let title = a.title.as_deref().unwrap_or(&a.article_id);
    let _ = writeln!(out, "{}", style.bold(&format!("━━ {title}")));
    let published = a.published.map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string()).or_else(|| a.published_raw.clone()).unwrap_or_else(|| "unknown".into());
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!(
            "   id {} · published {} · {} sentences · {} words · stages: {}",
            a.article_id,
            published,
            doc.sentences.len(),
            doc.word_count(),
            stages.join(" → ")
        ))
    );
    for w in &a.warnings {
        let _ = writeln!(out, "   warning: {w}");
    }
    let _ = writeln!(out, "\n{}", style.bold("Sentences"));
    for (i, s) in doc.sentences.iter().enumerate() {
        let text = s.span.slice(&a.text).split_whitespace().collect::<Vec<_>>().join(" ");
        let label = format!("{:>4} {:<8}", format!("[{i}]"), s.kind.as_str());
        let indent = " ".repeat(label.chars().count() + 1);
        let wrapped = wrap(&text, style.width.saturating_sub(indent.len()));
        for (j, line) in wrapped.iter().enumerate() {
            if j == 0 {
                let _ = writeln!(out, "{} {line}", style.dim(&label));
            } else {
                let _ = writeln!(out, "{indent}{line}");
            }
        }
    }
    let _ = writeln!(out, "\n{}", style.bold(&format!("Entities ({})", doc.entities.len())));
    if doc.entities.is_empty() {
        let _ = writeln!(out, "   none{}", if stages.iter().any(|s| s == "tag") { "" } else { " (no entity tagger in this pipeline)" });
    }
    for e in &doc.entities {
        let mut extra = Vec::new();
        match (&e.actor_code, &e.actor_name, &e.role) {
            (Some(c), Some(n), _) => extra.push(format!("{c} ({n})")),
            (Some(c), None, _) => extra.push(c.clone()),
            (None, _, Some(r)) => extra.push(format!("role {r}, no country")),
            _ => {}
        }
        if let Some(w) = e.weapon_class {
            extra.push(w.as_str().to_string());
        }
        let _ = writeln!(out, "   {:<7} {:<40} {}", e.label.as_str(), e.text, style.dim(&format!("s{} {:.2} {}", e.sentence_index, e.confidence, extra.join(" "))));
    }
    // Who is in the article: each actor code once, with its mentions.
    let mut actors: Vec<(&str, Vec<&str>)> = Vec::new();
    for e in &doc.entities {
        let Some(code) = e.actor_code.as_deref() else { continue };
        match actors.iter_mut().find(|(c, _)| *c == code) {
            Some((_, texts)) => {
                if !texts.contains(&e.text.as_str()) {
                    texts.push(&e.text);
                }
            }
            None => actors.push((code, vec![&e.text])),
        }
    }
    if !actors.is_empty() {
        let _ = writeln!(out, "\n{}", style.bold(&format!("Actors ({})", actors.len())));
        for (code, texts) in &actors {
            let _ = writeln!(out, "   {code:<12} {}", texts.join(" · "));
        }
    }
    let _ = writeln!(out, "\n{}", style.bold(&format!("Events ({})", doc.events.len())));
    if doc.events.is_empty() {
        let _ = writeln!(out, "   none{}", if stages.iter().any(|s| s == "code") { "" } else { " (no event coder in this pipeline)" });
    }
    for ev in &doc.events {
        let who = |a: &Option<EventArgument>| a.as_ref().map_or("—".to_string(), |a| format!("{} [{}]", a.text, a.actor_code.as_deref().unwrap_or("?")));
        let code = ev.cameo_code.as_deref().unwrap_or("?");
        let kind = match (&ev.plover_type, &ev.plover_mode) {
            (Some(t), Some(m)) => format!(" {t}/{m}"),
            (Some(t), None) => format!(" {t}"),
            _ => String::new(),
        };
        let mut line = format!("   {} —{} ({code}{kind})→ {}", who(&ev.source), ev.action.text, who(&ev.target));
        if let Some(i) = &ev.instrument {
            let _ = write!(line, " with {}", i.text);
        }
        if let Some(l) = &ev.location {
            let _ = write!(line, " in {}", l.text);
        }
        if let (Some(d), Some(p)) = (ev.event_date, ev.date_precision) {
            let _ = write!(line, " on {d} ({}{})", p.as_str(), if ev.date_from_published { ", publication date" } else { "" });
        }
        let mut flags: Vec<String> = Vec::new();
        if ev.negated {
            flags.push("negated".into());
        }
        if ev.modality != crate::doc::Modality::Asserted {
            flags.push(ev.modality.as_str().into());
        }
        if let Some(r) = &ev.reported_by {
            flags.push(format!("per {r}"));
        }
        if let Some(d) = ev.duplicate_of {
            flags.push(format!("repeats #{d}"));
        }
        if !flags.is_empty() {
            let _ = write!(line, " [{}]", flags.join(", "));
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

fn wrap(text: &str, width: usize) -> Vec<String> {
    if width < 20 {
        return vec![text.to_string()];
    }
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let last = lines.last_mut().expect("lines is never empty");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}
