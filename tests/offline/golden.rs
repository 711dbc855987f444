//! Golden files: the exact manifests generated for realistic specs, reviewed like code.
//!
//! Each spec under `examples/` and `tests/fixtures/` has its expected `import` output in
//! `tests/golden/<spec path with / as __>.yaml`. Regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test offline golden::` and review the diff. Every generated object
//! must also pass the upstream schemas, the admission rules, and read back unchanged through
//! kubectl's YAML 1.1 decoder.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Spec files under a folder: not the sidecar disk descriptors, nor the mapping files and
/// cloud-init data beside the examples.
fn specs(dir: &Path) -> Vec<PathBuf> {
    support::files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "vmdk" && e != "yaml"))
        .collect()
}

fn golden_name(spec: &Path) -> String {
    let relative = spec.strip_prefix(repo()).unwrap_or(spec);
    format!("{}.yaml", relative.to_string_lossy().replace('/', "__"))
}

#[test]
fn generated_manifests_match_the_reviewed_golden_files() {
    let mut files = specs(&repo().join("examples"));
    files.extend(specs(&repo().join("tests/fixtures")));
    assert!(files.len() >= 2, "no specs found");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let golden_dir = repo().join("tests/golden");
    std::fs::create_dir_all(&golden_dir).unwrap();
    let mut all_objects = Vec::new();
    let mut stale = Vec::new();
    for spec in &files {
        let relative = spec.strip_prefix(repo()).unwrap();
        let out = Command::new(BIN)
            .arg("import")
            .arg(relative)
            .current_dir(repo())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            spec.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let yaml = String::from_utf8(out.stdout).unwrap();
        let golden = golden_dir.join(golden_name(spec));
        if update {
            std::fs::write(&golden, &yaml).unwrap();
        } else if std::fs::read_to_string(&golden).unwrap_or_default() != yaml {
            stale.push(golden.display().to_string());
        }
        let json = Command::new(BIN)
            .args(["import", "-o", "json"])
            .arg(relative)
            .current_dir(repo())
            .output()
            .unwrap();
        let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
        let items = list["items"].as_array().cloned().unwrap_or_default();
        // kubectl must read the YAML into exactly the objects the JSON holds.
        if support::require_kubectl("golden") {
            let read_back = support::kubectl_roundtrip_all(&yaml).unwrap();
            assert_eq!(
                read_back,
                items,
                "{}: YAML did not round-trip through kubectl",
                spec.display()
            );
        }
        all_objects.extend(items);
    }
    assert!(
        stale.is_empty(),
        "golden files differ (run UPDATE_GOLDEN=1 cargo test --test offline golden:: and review):\n{}",
        stale.join("\n")
    );
    if let Some(errors) = support::check_objects("golden", &all_objects) {
        assert!(
            errors.is_empty(),
            "generated objects rejected:\n{}",
            errors.join("\n")
        );
    }
}
