//! Running the plugin binary cargo built for these tests, as a user would: from the
//! repository, with no kubeconfig from the environment.

use std::path::PathBuf;
use std::process::{Command, Output};

/// The plugin binary cargo built for this test run.
pub const PLUGIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

/// The repository's root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the plugin with `args` and extra environment `envs`, in the repository.
pub fn run_plugin(args: &[&str], envs: &[(&str, &str)]) -> Output {
    Command::new(PLUGIN)
        .args(args)
        .envs(envs.iter().copied())
        .current_dir(repo())
        .env_remove("KUBECONFIG")
        .output()
        .expect("the built plugin runs")
}

/// `n` synthetic specs of every format from `bench/gen_specs.py` (deterministic: the same
/// `n` gives the same bytes) in a fresh scratch folder, kept while the guard lives.
pub fn generated_specs(n: usize) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("scratch folder");
    let out = Command::new("python3")
        .arg(repo().join("bench/gen_specs.py"))
        .arg(n.to_string())
        .arg(dir.path())
        .output()
        .expect("python3 runs bench/gen_specs.py");
    assert!(
        out.status.success(),
        "gen_specs.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().display().to_string();
    (dir, path)
}
