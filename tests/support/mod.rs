//! Test support shared by the integration tests: strict OpenAPI validation of generated
//! objects ([`schema`]), the KubeVirt/CDI admission rules ([`admission`]) and a YAML 1.1 round
//! trip through the real `kubectl` ([`kubectl`]).
//!
//! Each test binary declares it once: `tests/offline/main.rs` with
//! `#[path = "../support/mod.rs"] mod support;` (its modules then `use crate::support;`), a
//! top-level `tests/<name>.rs` with `mod support;`. Most binaries use only part of it.
//!
//! Everything here depends on things outside the repository (`../shared`, `python3` + PyYAML,
//! `kubectl`). Policy when one is missing: with `CI` set (non-empty) the test FAILS, so a
//! broken CI image cannot turn the suite green; elsewhere the test prints `SKIPPED: ...` on
//! stderr and returns early. Tests therefore start with one of the `require_*` guards:
//!
//! ```ignore
//! let Some(schemas) = support::schemas("my_test") else { return };
//! if !support::require_admission("my_test") { return; }
//! ```

#![allow(dead_code, unused_imports)]

pub mod admission;
pub mod kubectl;
pub mod plugin;
pub mod schema;
pub mod shared;

use std::path::{Path, PathBuf};

pub use admission::{admission_available, admission_check, require_admission};
pub use kubectl::{kubectl_roundtrip, kubectl_roundtrip_all, require_kubectl};
pub use plugin::{generated_specs, repo, run_plugin, PLUGIN};
pub use schema::SchemaSet;
pub use shared::{in_ci, require_shared, shared_dir, skip_or_fail, SHARED_DIR_ENV};

/// The compiled schemas (built once per test binary), under the skip-or-fail policy.
pub fn schemas(test: &str) -> Option<&'static SchemaSet> {
    require_shared(test).map(|dir| SchemaSet::get(&dir))
}

/// Schema errors for every object, in order (see [`SchemaSet::validate`]).
pub fn validate_all(schemas: &SchemaSet, objs: &[serde_json::Value]) -> Vec<String> {
    objs.iter().flat_map(|o| schemas.validate(o)).collect()
}

/// Both gates at once: schema errors of every object followed by the admission problems of the
/// batch. `None` when a prerequisite is missing outside CI (the test should return).
pub fn check_objects(test: &str, objs: &[serde_json::Value]) -> Option<Vec<String>> {
    let schemas = schemas(test)?;
    if !require_admission(test) {
        return None;
    }
    let mut errs = validate_all(schemas, objs);
    errs.extend(admission_check(objs));
    Some(errs)
}

/// Every file below `dir`, in a stable (sorted) order; unreadable folders are skipped.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out
}

/// The VM definitions of the shared corpus at `root`: every file below it but the corpus's
/// own documentation at its top level.
pub fn corpus_files(root: &Path) -> Vec<PathBuf> {
    let mut files = files_under(root);
    files.retain(|p| p.parent() != Some(root));
    files
}
