//! The KubeVirt v1.9.0 / CDI v1.66.0 admission rules, as restated by
//! `../shared/tools/kubevirt_admission.py`.
//!
//! The batch goes to one `python3` process as a JSON `List` on stdin. The process imports the
//! tool and prints `check(objs)` as JSON: the same function the tool's command line calls, but
//! read back without splitting on newlines (a problem message may quote a value containing one)
//! and with a Python traceback told apart from "problems found".

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{json, Value};

const DRIVER: &str = r#"
import json, sys
sys.path.insert(0, sys.argv[1])
import kubevirt_admission as k
doc = json.load(sys.stdin)
json.dump(k.check(doc["items"]), sys.stdout)
"#;

fn tools_dir() -> Option<PathBuf> {
    super::shared_dir().map(|d| d.join("tools"))
}

/// `Ok(())` when the admission tool can run here (shared folder, `python3`, PyYAML), else why
/// not. Probed once per test binary.
pub fn admission_available() -> Result<(), String> {
    static PROBE: OnceLock<Result<(), String>> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            let tools = tools_dir().ok_or("shared test data folder not found")?;
            if !tools.join("kubevirt_admission.py").is_file() {
                return Err(format!(
                    "{}/kubevirt_admission.py not found",
                    tools.display()
                ));
            }
            let out = Command::new("python3")
                .args(["-c", "import yaml"])
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run python3: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "python3 cannot import yaml (PyYAML missing?): {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            Ok(())
        })
        .clone()
}

/// Skip-or-fail guard (see the `support` module doc): true when [`admission_check`] can run.
pub fn require_admission(test: &str) -> bool {
    match admission_available() {
        Ok(()) => true,
        Err(why) => {
            super::skip_or_fail(test, &format!("admission check unavailable: {why}"));
            false
        }
    }
}

/// Runs the admission rules over the whole batch in one process (so a VM and the DataVolumes or
/// instancetypes it references are seen together). Returns the problems, one per entry, each
/// naming the object and field; empty means every object would be admitted on CREATE. Kinds the
/// tool does not model (Secret, Service, ...) pass through unchecked.
///
/// Panics when the tool cannot run or crashes: call [`require_admission`] first.
pub fn admission_check(objs: &[Value]) -> Vec<String> {
    if objs.is_empty() {
        return Vec::new();
    }
    if let Err(why) = admission_available() {
        panic!("admission check unavailable: {why} (guard the test with require_admission)");
    }
    let tools = tools_dir().unwrap_or_default();
    let input = serde_json::to_vec(&json!({"apiVersion": "v1", "kind": "List", "items": objs}))
        .unwrap_or_else(|e| panic!("serialising the batch: {e}"));
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(DRIVER)
        .arg(&tools)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONIOENCODING", "utf-8")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawning python3: {e}"));
    // Feed stdin from a thread: with thousands of objects, the child may fill its stdout pipe
    // before it has read all its input.
    let mut stdin = child
        .stdin
        .take()
        .unwrap_or_else(|| panic!("no stdin pipe"));
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for python3: {e}"));
    let written = writer
        .join()
        .unwrap_or_else(|_| panic!("stdin writer panicked"));
    if !out.status.success() {
        panic!(
            "kubevirt_admission.py failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    if let Err(e) = written {
        panic!("writing the batch to python3: {e}");
    }
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "kubevirt_admission.py output is not a JSON list of strings ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}
