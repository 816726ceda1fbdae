//! `dyad extract`: one article (or a few) to the terminal or as JSON.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;

use dyad::batch::process_record;
use dyad::doc::Outcome;
use dyad::read::{expand_inputs, Reader};
use dyad::write::view::{render, ViewStyle};

use super::ExtractArgs;

pub fn run(args: ExtractArgs) -> Result<ExitCode> {
    let inputs = if args.inputs.is_empty() { vec!["-".to_string()] } else { args.inputs.clone() };
    let pipeline = args.models.pipeline()?;
    let stages: Vec<String> = pipeline.versions().into_keys().collect();
    let stdout = std::io::stdout();
    let style = ViewStyle {
        color: stdout.is_terminal() && !args.no_color && std::env::var_os("NO_COLOR").is_none(),
        width: if stdout.is_terminal() { 100 } else { 0 },
    };
    let mut out = stdout.lock();
    let mut failed = 0;
    for record in Reader::new(expand_inputs(&inputs), args.input.read_options()) {
        match process_record(&pipeline, record) {
            Outcome::Done(doc) => {
                for w in &doc.article.warnings {
                    eprintln!("dyad: warning: {}: {w}", doc.article.origin.locator());
                }
                if args.json {
                    serde_json::to_writer_pretty(&mut out, &doc)?;
                    writeln!(out)?;
                } else {
                    writeln!(out, "{}", render(&doc, &stages, style))?;
                }
            }
            Outcome::Failed(f) => {
                failed += 1;
                eprintln!("dyad: failed: {f}");
            }
        }
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
