//! Build step: every vendored upstream schema and bundle under `src/lint/schemas/` (YAML as
//! upstream ships it, and as the drift test compares it) is written to `OUT_DIR` as JSON:
//! one array of the file's documents, at the same relative path with `.json` for `.yaml`.
//! The binary embeds the JSON and reads it with serde_json at run time.
//!
//! Why: parsing the 300 KB VirtualMachine schema as YAML took ~16 ms of every `import`,
//! `preview` or `apply` (a one-file import took 22 ms); the same document as JSON parses in
//! about a millisecond. The YAML stays the one source: this only changes its notation, and
//! `lint::tests::the_embedded_json_is_the_vendored_yaml` checks the two agree.

use std::path::Path;

const SOURCE_DIR: &str = "src/lint/schemas";

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    // A folder here makes cargo rerun the script when any file beneath it changes.
    println!("cargo:rerun-if-changed={SOURCE_DIR}");
    convert_folder(Path::new(SOURCE_DIR), Path::new(&out_dir));
}

/// Writes every `.yaml` under `from` as JSON under `to`, by the same relative path.
fn convert_folder(from: &Path, to: &Path) {
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", from.display()))
            .path();
        let target = to.join(path.file_name().expect("a listed entry has a name"));
        if path.is_dir() {
            convert_folder(&path, &target);
        } else if path.extension().is_some_and(|ext| ext == "yaml") {
            convert_file(&path, &target.with_extension("json"));
        }
    }
}

fn convert_file(source: &Path, target: &Path) {
    let text =
        std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
    let documents: Vec<serde_json::Value> = serde_saphyr::from_multiple(&text)
        .unwrap_or_else(|e| panic!("{}: not YAML: {e}", source.display()));
    let json = serde_json::to_string(&documents).expect("a JSON value always serialises");
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
    std::fs::write(target, json).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
}
