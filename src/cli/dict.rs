//! `dyad dict ...`: converting PETRARCH2/TABARI actor, agent, verb and discard
//! dictionaries into dyad's TSV formats, and checking dictionary files of either format.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use dyad::resolve::dictionary::{ActorDictionary, DictError};
use dyad::resolve::petrarch::{self, ImportReport};

#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Convert PETRARCH2/TABARI actor and agent dictionaries into one dyad TSV file (or,
    /// with --verbs / --discards, a verb dictionary or a discard file).
    ImportPetrarch(ImportArgs),
    /// Check dictionary files (dyad TSV or PETRARCH): every error as FILE:LINE: message.
    Check(CheckArgs),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Actor and agent dictionaries, in order (later entries win on the same phrase). A
    /// file with `[~CODE]` codes is read as an agent dictionary, any other as actors.
    #[arg(required_unless_present_any = ["agents", "verbs", "discards"])]
    pub files: Vec<PathBuf>,
    /// Convert a PETRARCH verb dictionary (CAMEO.2.0.txt) into dyad's verb TSV instead.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["files", "agents", "discards"])]
    pub verbs: Option<PathBuf>,
    /// Convert a PETRARCH discard file (Phoenix.discards.txt) into dyad's discard TSV instead.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["files", "agents"])]
    pub discards: Option<PathBuf>,
    /// Read this file as an agent dictionary whatever its content (repeatable).
    #[arg(long, value_name = "FILE")]
    pub agents: Vec<PathBuf>,
    /// A license file whose text goes into the header (the sources' own comment blocks
    /// are always kept).
    #[arg(long, value_name = "FILE")]
    pub license: Option<PathBuf>,
    /// The dyad TSV file to write.
    #[arg(long, short)]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Dictionary files, dyad TSV or PETRARCH (detected from the content).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs a `dict` subcommand; the exit code is 0 when all is well, 1 when `check` found errors.
pub fn run(cmd: &DictCommand) -> Result<i32> {
    match cmd {
        DictCommand::ImportPetrarch(args) => import(args),
        DictCommand::Check(args) => check(args),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn write_out(out: &Path, text: &str) -> Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), text.len());
    Ok(())
}

/// Appends a source file's own comment block to a converted file's header.
fn append_source_header(header: &mut String, heading: &str, text: &str) {
    let _ = writeln!(header, "\n==== {heading}, its header:");
    for line in petrarch::header_comments(text) {
        let _ = writeln!(header, "{}", line.trim_start_matches('#').strip_prefix(' ').unwrap_or(line.trim_start_matches('#')));
    }
}

/// Appends the `--license` file, when given, to a converted file's header.
fn append_license(header: &mut String, license: Option<&PathBuf>) -> Result<()> {
    if let Some(license) = license {
        let _ = writeln!(header, "\n==== {} ====", file_name(license));
        header.push_str(&read_text(license)?);
    }
    Ok(())
}

/// The source's comment header and the license, for a converted file's header.
fn provenance(kind: &str, path: &Path, text: &str, license: Option<&PathBuf>) -> Result<String> {
    let mut header = format!("dyad {kind}: converted by dyad dict import-petrarch from {}\n", file_name(path));
    append_source_header(&mut header, &file_name(path), text);
    append_license(&mut header, license)?;
    Ok(header)
}

fn import_verbs(path: &Path, args: &ImportArgs) -> Result<i32> {
    let text = read_text(path)?;
    let shown = path.display().to_string();
    let (dict, report) = dyad::code::petrarch::import(&text, &shown)?;
    for (line, why) in report.skipped.iter().take(20) {
        eprintln!("{shown}:{line}: skipped: {why}");
    }
    eprintln!("{}: {}", file_name(path), report.summary());
    let header = provenance("verb dictionary (format: src/code/verbs.rs; card: models/events/MODEL_CARD.md)", path, &text, args.license.as_ref())?;
    write_out(&args.out, &dict.to_tsv(&header))?;
    Ok(0)
}

fn import_discards(path: &Path, args: &ImportArgs) -> Result<i32> {
    let text = read_text(path)?;
    let discards = dyad::code::discards::Discards::parse(&text);
    eprintln!("{}: {} discard phrases (bare years left out)", file_name(path), discards.len());
    let header = provenance("discards (sentence|story TAB phrase)", path, &text, args.license.as_ref())?;
    write_out(&args.out, &discards.to_tsv(&header))?;
    Ok(0)
}

fn import(args: &ImportArgs) -> Result<i32> {
    if let Some(path) = &args.verbs {
        return import_verbs(path, args);
    }
    if let Some(path) = &args.discards {
        return import_discards(path, args);
    }
    let inputs: Vec<(&PathBuf, bool)> = args.files.iter().map(|p| (p, false)).chain(args.agents.iter().map(|p| (p, true))).collect();
    let mut dict = ActorDictionary::default();
    let mut report = ImportReport::default();
    let mut header = String::new();
    let names: Vec<String> = inputs.iter().map(|(p, _)| file_name(p)).collect();
    let _ = writeln!(header, "dyad actor dictionary: converted by dyad dict import-petrarch from {}", names.join(", "));
    let _ = writeln!(header, "(format: see src/resolve/dictionary.rs; provenance and conversion: models/actors/MODEL_CARD.md)");
    for (path, forced_agents) in inputs {
        let text = read_text(path)?;
        let name = file_name(path);
        if !petrarch::is_petrarch_format(&text) {
            anyhow::bail!("{}: not a PETRARCH dictionary (no [CODE] lines found)", path.display());
        }
        let agents = forced_agents || petrarch::is_agent_file(&text);
        let (d, r) = if agents { petrarch::parse_agents(&text, &name) } else { petrarch::parse_actors(&text, &name) }.map_err(|e| rename(e, path))?;
        eprintln!(
            "{name}: {} actors, {} agents, {} phrases, {} skipped, {} repaired",
            d.actors.len(),
            d.agents.len(),
            d.phrase_count(),
            r.skipped_total(),
            r.repaired_total()
        );
        append_source_header(&mut header, &format!("{name} ({})", if agents { "agents" } else { "actors" }), &text);
        dict.extend(d);
        report.merge(r);
    }
    append_license(&mut header, args.license.as_ref())?;
    report_duplicates(&dict);
    eprint!("{}", report.summary());
    write_out(&args.out, &dict.to_tsv(&header))?;
    Ok(0)
}

/// Phrases listed by more than one actor: the later entry wins (as in PETRARCH2, whose
/// phrase trie keeps the last entry), which matters when their codes differ.
fn report_duplicates(dict: &ActorDictionary) {
    let dups = dyad::resolve::dictionary::duplicate_phrases(dict);
    let codes = |i: usize| dict.actors[i].codes.iter().map(|c| c.to_field()).collect::<Vec<_>>().join(" ");
    let conflicting: Vec<_> = dups.iter().filter(|(_, ids)| ids.iter().any(|&i| codes(i) != codes(ids[0]))).collect();
    eprintln!(
        "{} phrases are listed by more than one actor, {} of them with different codes (the later entry wins){}",
        dups.len(),
        conflicting.len(),
        if conflicting.is_empty() { "" } else { ", e.g.:" }
    );
    for (phrase, ids) in conflicting.iter().take(5) {
        let who: Vec<String> = ids.iter().map(|&i| format!("{} [{}]", dict.actors[i].source, codes(i))).collect();
        eprintln!("  {:?}: {}", phrase.join(" "), who.join(", "));
    }
}

/// `error` with the file named as the user gave it.
fn rename(mut error: DictError, path: &Path) -> DictError {
    error.source_name = path.display().to_string();
    error
}

/// Whether a file is a verb dictionary: PETRARCH verb blocks, or dyad verb TSV records.
fn is_verb_file(text: &str) -> bool {
    dyad::code::petrarch::is_petrarch_verbs(text)
        || text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .is_some_and(|l| ["synset\t", "verb\t", "noun\t", "form\t", "pattern\t"].iter().any(|k| l.starts_with(k)))
}

/// Checks a verb dictionary; returns its summary line and error count.
fn check_verbs(path: &Path, text: &str) -> (String, usize) {
    use dyad::code::verbs::VerbDictionary;
    let shown = path.display().to_string();
    let (dict, errors) = if dyad::code::petrarch::is_petrarch_verbs(text) {
        match dyad::code::petrarch::import(text, &shown) {
            Ok((d, r)) => {
                for (line, why) in &r.skipped {
                    println!("{shown}:{line}: {why}");
                }
                let n = r.skipped.len();
                (d, n)
            }
            Err(e) => {
                println!("{e}");
                (VerbDictionary::default(), 1)
            }
        }
    } else {
        let (d, errs) = VerbDictionary::parse_tsv_lenient(text, &shown);
        for e in &errs {
            println!("{e}");
        }
        (d, errs.len())
    };
    let codebook = dyad::models::event_codebook();
    let mut unknown = 0;
    for t in &dict.triggers {
        for code in [&t.coding.forward, &t.coding.reverse].into_iter().flatten() {
            if !codebook.contains(code) {
                unknown += 1;
            }
        }
    }
    (
        format!(
            "{shown}: {} triggers, {} patterns, {} synsets, {} errors{}",
            dict.triggers.len(),
            dict.patterns.len(),
            dict.synsets.len(),
            errors,
            if unknown > 0 { format!(" ({unknown} trigger codes not in the CAMEO codebook)") } else { String::new() }
        ),
        errors,
    )
}

fn check(args: &CheckArgs) -> Result<i32> {
    let mut summaries = Vec::new();
    let mut total_errors = 0;
    for path in &args.files {
        let text = read_text(path)?;
        let shown = path.display().to_string();
        let name = file_name(path);
        if is_verb_file(&text) {
            let (summary, errors) = check_verbs(path, &text);
            summaries.push(summary);
            total_errors += errors;
            continue;
        }
        let (dict, errors) = if petrarch::is_petrarch_format(&text) {
            let dict = if petrarch::is_agent_file(&text) { petrarch::parse_agents(&text, &name) } else { petrarch::parse_actors(&text, &name) }
                .map(|(d, _)| d)
                .unwrap_or_default();
            (dict, petrarch::check_petrarch(&text, &name))
        } else {
            ActorDictionary::parse_tsv_lenient(&text, &name)
        };
        for e in &errors {
            println!("{}", rename(DictError::new(&e.source_name, e.line, e.message.clone()), path));
        }
        total_errors += errors.len();
        summaries.push(format!(
            "{shown}: {} actors, {} agents, {} phrases, {} errors",
            dict.actors.len(),
            dict.agents.len(),
            dict.phrase_count(),
            errors.len()
        ));
    }
    for s in summaries {
        println!("{s}");
    }
    Ok(i32::from(total_errors > 0))
}
