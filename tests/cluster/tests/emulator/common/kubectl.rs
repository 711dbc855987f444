//! `/usr/bin/kubectl` against the emulator: a runner with a time limit, and a cluster with a
//! kubeconfig in a temp dir (`None`, with a note, where kubectl is not installed).

use super::cluster;
use std::process::Command;
use std::time::Duration;
use vmmigrate_testcluster::TestCluster;

pub const KUBECTL: &str = "/usr/bin/kubectl";

pub struct Out {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

pub async fn kubectl(kc: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Out {
    let mut cmd = Command::new(KUBECTL);
    cmd.arg("--kubeconfig")
        .arg(kc)
        .arg("--request-timeout=5s")
        .args(args);
    let stdin = stdin.map(str::to_string);
    let run = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("spawn kubectl");
        if let (Some(text), Some(mut w)) = (stdin, child.stdin.take()) {
            let _ = w.write_all(text.as_bytes());
        }
        child.wait_with_output().expect("kubectl output")
    });
    // A guard against a hang, not a speed check: a watch given `--request-timeout=8s` must
    // fit, with kubectl's start-up on a loaded machine (issue 25).
    let out = tokio::time::timeout(Duration::from_secs(45), run)
        .await
        .expect("kubectl timed out")
        .expect("join");
    Out {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub async fn setup() -> Option<(TestCluster, tempfile::TempDir, std::path::PathBuf)> {
    if !have_kubectl() {
        return None;
    }
    let c = cluster().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let kc = dir.path().join("kubeconfig");
    c.write_kubeconfig(&kc).expect("write kubeconfig");
    Some((c, dir, kc))
}

/// Whether `/usr/bin/kubectl` is there. Missing, a test is skipped with a note, except under CI
/// (`CI` set), where a missing prerequisite must fail rather than turn the suite green.
pub fn have_kubectl() -> bool {
    let ok = std::path::Path::new(KUBECTL).exists();
    if !ok {
        assert!(
            std::env::var_os("CI").is_none_or(|v| v.is_empty()),
            "{KUBECTL} is not installed and CI is set: a missing prerequisite fails"
        );
        eprintln!("skipped: {KUBECTL} not installed");
    }
    ok
}
