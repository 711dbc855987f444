//! TAB completion of the selection flags through the real `/usr/bin/kubectl __complete
//! vmmigrate ...` and the shipped `kubectl_complete-vmmigrate` (issue 22.3): `--where`
//! fields, operators and values, and `--vm` source VM names read from the PATHs typed.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn kubectl_complete(dir: &Path, words: &[&str]) -> Option<Vec<String>> {
    if !Path::new("/usr/bin/kubectl").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "/usr/bin/kubectl is required under CI"
        );
        eprintln!("SKIPPED: /usr/bin/kubectl not installed");
        return None;
    }
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(BIN, bin.join("kubectl-vmmigrate")).unwrap();
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions/kubectl_complete-vmmigrate"),
        bin.join("kubectl_complete-vmmigrate"),
    )
    .unwrap();
    let out = Command::new("/usr/bin/kubectl")
        .arg("__complete")
        .arg("vmmigrate")
        .args(words)
        .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
        .env("HOME", dir)
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect(),
    )
}

#[test]
fn where_completes_fields_then_operators_then_values() {
    let dir = tempfile::tempdir().unwrap();
    let Some(lines) = kubectl_complete(dir.path(), &["preview", "x", "--where", "guest-f"]) else {
        return;
    };
    // NoSpace (2) + NoFileComp (4): the expression goes on being typed.
    assert_eq!(lines, ["guest-family ", ":6"]);
    let lines = kubectl_complete(dir.path(), &["import", "--where", "memory "]).unwrap();
    assert!(lines.contains(&"memory >= ".to_string()), "{lines:?}");
    assert!(!lines.contains(&"memory like ".to_string()), "{lines:?}");
    let lines = kubectl_complete(dir.path(), &["apply", "--where=status = b"]).unwrap();
    assert_eq!(lines, ["--where=status = blocked ", ":6"]);
    let lines = kubectl_complete(dir.path(), &["assess", "--order-by", "memory d"]).unwrap();
    assert_eq!(lines, ["memory desc", ":6"]);
}

#[test]
fn vm_completes_the_source_names_in_the_typed_paths_and_notes_what_it_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    for name in ["web01", "web02", "db01"] {
        std::fs::write(
            specs.join(format!("{name}.vmx")),
            format!("displayName = \"{name}\"\n"),
        )
        .unwrap();
    }
    let mut huge = String::from("displayName = \"huge\"\n");
    huge.push_str(&"#\n".repeat(3 << 20));
    std::fs::write(specs.join("huge.vmx"), huge).unwrap();
    let specs = specs.display().to_string();
    let Some(lines) = kubectl_complete(dir.path(), &["preview", &specs, "--vm", "web"]) else {
        return;
    };
    assert_eq!(lines[..2], ["web01", "web02"], "{lines:?}");
    assert!(
        lines[2].starts_with("_activeHelp_ 1 input(s) over 4 MiB not read for completion"),
        "{lines:?}"
    );
    assert_eq!(lines.last().map(String::as_str), Some(":4"));
    // Repeatable: a second --vm completes too, and nothing is offered without PATHs.
    let lines =
        kubectl_complete(dir.path(), &["apply", &specs, "--vm", "db01", "--vm", "d"]).unwrap();
    assert_eq!(lines[0], "db01", "{lines:?}");
    let lines = kubectl_complete(dir.path(), &["import", "--vm", ""]).unwrap();
    assert_eq!(lines, [":4"]);
}
