//! Where the `shared` folder (upstream schemas, admission tool, corpus) is, and the policy when
//! a test's prerequisite is missing: with `CI` set the test fails, elsewhere it prints
//! `SKIPPED: ...` and returns. Dependency-free, so the library's own unit tests include it too
//! (`src/lib.rs`, `#[path]`), and the rule lives in one place.

use std::path::PathBuf;

/// Env var that points the tests at a `shared` folder other than `../shared`.
pub const SHARED_DIR_ENV: &str = "VMMIGRATE_SHARED_DIR";

/// True when the `CI` env var is set to something non-empty.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// The skip-or-fail policy for a missing external prerequisite: panics under CI, otherwise
/// prints `SKIPPED: <test>: <why>` on stderr so the skip shows up with `--nocapture` and in the
/// output of a failing run.
pub fn skip_or_fail(test: &str, why: &str) {
    if in_ci() {
        panic!("{test}: {why} (CI is set: a missing test prerequisite is a failure, not a skip)");
    }
    eprintln!("SKIPPED: {test}: {why}");
}

/// The `shared` folder (upstream schemas, admission tool, corpus): `$VMMIGRATE_SHARED_DIR` when
/// set and non-empty, else `../shared` next to the crate. `None` when that folder does not exist.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os(SHARED_DIR_ENV) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("shared"),
    };
    dir.is_dir().then_some(dir)
}

/// [`shared_dir`] under the skip-or-fail policy: `None` (after printing `SKIPPED`) when the folder
/// is missing outside CI; panics when it is missing under CI.
pub fn require_shared(test: &str) -> Option<PathBuf> {
    let dir = shared_dir();
    if dir.is_none() {
        let looked = match std::env::var_os(SHARED_DIR_ENV) {
            Some(v) if !v.is_empty() => format!("${SHARED_DIR_ENV}={}", v.to_string_lossy()),
            _ => format!("{}/../shared", env!("CARGO_MANIFEST_DIR")),
        };
        skip_or_fail(
            test,
            &format!("shared test data folder not found ({looked})"),
        );
    }
    dir
}
