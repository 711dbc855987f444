//! Build step: the vendored upstream schemas and instancetype bundles (`src/lint/schemas/`,
//! YAML as upstream ships them and as the drift test compares them) are written to `OUT_DIR`
//! as JSON, which the binary embeds and reads with serde_json at run time.
//!
//! Why: parsing the 300 KB VirtualMachine schema as YAML took ~10 ms of every `import`,
//! `preview` or `apply` (6% of importing 2,000 VMs); the same document as JSON takes ~1 ms.
//! The YAML stays the one source: this only changes its notation, and
//! `lint::schema::tests::the_embedded_json_is_the_vendored_yaml` checks the two agree.

use std::path::Path;

/// Every vendored file the binary reads, relative to `src/lint/schemas/`; a bundle holds
/// several documents and becomes one JSON array.
const FILES: &[(&str, Documents)] = &[
    ("kubevirt-v1.9.0/virtualmachine.yaml", Documents::One),
    (
        "kubevirt-v1.9.0/virtualmachineinstance.yaml",
        Documents::One,
    ),
    ("kubevirt-v1.9.0/virtualmachinepool.yaml", Documents::One),
    (
        "kubevirt-v1.9.0/virtualmachineinstancetype.yaml",
        Documents::One,
    ),
    (
        "kubevirt-v1.9.0/virtualmachineclusterinstancetype.yaml",
        Documents::One,
    ),
    (
        "kubevirt-v1.9.0/virtualmachinepreference.yaml",
        Documents::One,
    ),
    (
        "kubevirt-v1.9.0/virtualmachineclusterpreference.yaml",
        Documents::One,
    ),
    ("cdi-v1.66.0/datavolume.yaml", Documents::One),
    (
        "common-instancetypes-v1.7.0/common-clusterinstancetypes-bundle-v1.7.0.yaml",
        Documents::Many,
    ),
    (
        "common-instancetypes-v1.7.0/common-clusterpreferences-bundle-v1.7.0.yaml",
        Documents::Many,
    ),
];

#[derive(Clone, Copy)]
enum Documents {
    One,
    Many,
}

fn main() {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let source_dir = Path::new("src/lint/schemas");
    for &(file, documents) in FILES {
        let source = source_dir.join(file);
        println!("cargo:rerun-if-changed={}", source.display());
        let text = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        let value: serde_json::Value = match documents {
            Documents::One => serde_saphyr::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: not YAML: {e}", source.display())),
            Documents::Many => serde_json::Value::Array(
                serde_saphyr::from_multiple(&text)
                    .unwrap_or_else(|e| panic!("{}: not YAML: {e}", source.display())),
            ),
        };
        let json = serde_json::to_string(&value).expect("a JSON value always serialises");
        let target = Path::new(&out_dir).join(file).with_extension("json");
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
        }
        std::fs::write(&target, json).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
    }
}
