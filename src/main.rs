//! The `dyad` command: argument parsing lives in `cli/`, the work in the library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
