//! Shell completion: committed scripts are up to date, and kubectl's plugin completion
//! protocol works end to end through the real `/usr/bin/kubectl`.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_completion_scripts_are_not_stale() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for (shell, file) in [
        ("bash", "kubectl-vmmigrate.bash"),
        ("zsh", "_kubectl-vmmigrate"),
        ("fish", "kubectl-vmmigrate.fish"),
        ("powershell", "kubectl-vmmigrate.ps1"),
    ] {
        let out = Command::new(BIN)
            .args(["completion", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(!out.stdout.is_empty());
        let path = repo().join("completions").join(file);
        if update {
            std::fs::write(&path, &out.stdout).unwrap();
            continue;
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == out.stdout,
            "completions/{file} is stale: run `UPDATE_GOLDEN=1 cargo test --test offline completions::` and commit it"
        );
    }
}

/// A PATH holding the plugin and its completion helper, as an install would leave them.
fn plugin_path(dir: &Path) -> String {
    std::fs::copy(BIN, dir.join("kubectl-vmmigrate")).unwrap();
    std::fs::copy(
        repo().join("completions/kubectl_complete-vmmigrate"),
        dir.join("kubectl_complete-vmmigrate"),
    )
    .unwrap();
    format!("{}:/usr/bin:/bin", dir.display())
}

fn kubectl_complete(dir: &Path, words: &[&str]) -> Vec<String> {
    let out = Command::new("/usr/bin/kubectl")
        .arg("__complete")
        .arg("vmmigrate")
        .args(words)
        .env("PATH", plugin_path(dir))
        .env("HOME", dir)
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn kubectl_completes_subcommands_flags_and_values_through_the_plugin() {
    if !Path::new("/usr/bin/kubectl").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "/usr/bin/kubectl is required under CI"
        );
        eprintln!("SKIPPED: /usr/bin/kubectl not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let lines = kubectl_complete(dir.path(), &["pre"]);
    assert!(lines[0].starts_with("preview\t"), "{lines:?}");
    assert_eq!(lines.last().map(String::as_str), Some(":4"), "{lines:?}");

    let lines = kubectl_complete(dir.path(), &["preview", "-o", ""]);
    assert_eq!(lines[..4], ["yaml", "json", "name", "wide"], "{lines:?}");

    let lines = kubectl_complete(dir.path(), &["import", "--output-d"]);
    assert!(lines[0].starts_with("--output-dir\t"), "{lines:?}");

    // Contexts come from the kubeconfig kubectl would read.
    let kubeconfig = dir.path().join("kc");
    std::fs::write(
        &kubeconfig,
        "apiVersion: v1\nkind: Config\ncontexts:\n- name: prod-east\n  context: {cluster: a, user: b}\n- name: staging\n  context: {cluster: a, user: b}\n",
    )
    .unwrap();
    let out = Command::new("/usr/bin/kubectl")
        .args(["__complete", "vmmigrate", "import", "--context", "pro"])
        .env("PATH", plugin_path(dir.path()))
        .env("HOME", dir.path())
        .env("KUBECONFIG", &kubeconfig)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().next(), Some("prod-east"), "{text}");
}
