//! Embeds the shipped models in the binary when models/ holds them, so `dyad` runs with
//! its default models wherever it is installed. Without a file (before the first
//! `dyad train ...`), dyad builds and runs without that model.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_embedded_ner)");
    println!("cargo::rustc-check-cfg=cfg(dyad_embedded_syntax)");
    embed_if_present("dyad_embedded_ner", &["models/ner/perceptron-conll.bin"]);
    embed_if_present("dyad_embedded_syntax", &["models/syntax/pos-ewt.bin", "models/syntax/lemmas-ewt.tsv", "models/syntax/parser-ewt.bin"]);
    println!("cargo:rerun-if-changed=models/ner");
    println!("cargo:rerun-if-changed=models/syntax");
    // Transformer backend: torch-sys reports where libtorch's libraries are; an rpath to
    // them lets the binaries and tests run without LD_LIBRARY_PATH.
    if std::env::var_os("CARGO_FEATURE_TRANSFORMER").is_some() {
        if let Some(lib) = std::env::var_os("DEP_TCH_LIBTORCH_LIB") {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.to_string_lossy());
        }
    }
}

fn embed_if_present(cfg: &str, files: &[&str]) {
    for f in files {
        println!("cargo:rerun-if-changed={f}");
    }
    if files.iter().all(|f| std::path::Path::new(f).exists()) {
        println!("cargo:rustc-cfg={cfg}");
    }
}
