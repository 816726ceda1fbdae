//! `dyad dict ...`: converting PETRARCH2/TABARI actor and agent dictionaries into dyad's
//! TSV format, and checking dictionary files of either format.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, Subcommand};

use dyad::resolve::dictionary::{ActorDictionary, DictError};
use dyad::resolve::petrarch::{self, ImportReport};

#[derive(Subcommand, Debug)]
pub enum DictCommand {
    /// Convert PETRARCH2/TABARI actor and agent dictionaries into one dyad TSV file.
    ImportPetrarch(ImportArgs),
    /// Check dictionary files (dyad TSV or PETRARCH): every error as FILE:LINE: message.
    Check(CheckArgs),
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Actor and agent dictionaries, in order (later entries win on the same phrase). A
    /// file with `[~CODE]` codes is read as an agent dictionary, any other as actors.
    #[arg(required_unless_present = "agents")]
    pub files: Vec<PathBuf>,
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

fn import(args: &ImportArgs) -> Result<i32> {
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
        let _ = writeln!(header, "\n==== {name} ({}), its header:", if agents { "agents" } else { "actors" });
        for line in petrarch::header_comments(&text) {
            let _ = writeln!(header, "{}", line.trim_start_matches('#').strip_prefix(' ').unwrap_or(line.trim_start_matches('#')));
        }
        dict.extend(d);
        report.merge(r);
    }
    if let Some(license) = &args.license {
        let _ = writeln!(header, "\n==== {} ====", file_name(license));
        header.push_str(&read_text(license)?);
    }
    report_duplicates(&dict);
    let tsv = dict.to_tsv(&header);
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    std::fs::write(&args.out, &tsv).with_context(|| format!("writing {}", args.out.display()))?;
    eprint!("{}", report.summary());
    eprintln!("wrote {} ({} bytes)", args.out.display(), tsv.len());
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

fn check(args: &CheckArgs) -> Result<i32> {
    let mut summaries = Vec::new();
    let mut total_errors = 0;
    for path in &args.files {
        let text = read_text(path)?;
        let shown = path.display().to_string();
        let name = file_name(path);
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
