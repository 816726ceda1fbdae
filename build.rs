//! Embeds the shipped NER model in the binary when models/ holds it, so `dyad` runs
//! with its default models wherever it is installed. Without the file (before the
//! first `dyad train ner`), dyad builds and runs without an entity model.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(dyad_embedded_ner)");
    let model = "models/ner/perceptron-conll.bin";
    println!("cargo:rerun-if-changed={model}");
    println!("cargo:rerun-if-changed=models/ner");
    if std::path::Path::new(model).exists() {
        println!("cargo:rustc-cfg=dyad_embedded_ner");
    }
    // Transformer backend: torch-sys reports where libtorch's libraries are; an rpath to
    // them lets the binaries and tests run without LD_LIBRARY_PATH.
    if std::env::var_os("CARGO_FEATURE_TRANSFORMER").is_some() {
        if let Some(lib) = std::env::var_os("DEP_TCH_LIBTORCH_LIB") {
            println!("cargo:rustc-link-arg=-Wl,-rpath,{}", lib.to_string_lossy());
        }
    }
}
