//! YAML 1.1 round trip through the real `kubectl`: does kubectl read our YAML into the JSON we
//! meant? (Unquoted `on`, `no`, `y`... are booleans to kubectl's YAML 1.1 decoder.)
//!
//! `kubectl create --dry-run=client` still needs the REST mapping of each kind, which it gets
//! from API discovery. No cluster is needed: a throwaway kubeconfig points at an unreachable
//! server (`https://127.0.0.1:1`, dummy token so kubectl never prompts), and a discovery cache
//! for that server is pre-filled with the kinds we emit (kubectl trusts it for six hours; it is
//! rewritten at the start of every test binary). A kind missing from the cache makes kubectl
//! try the server and fail with "connection refused".
//!
//! kubectl fills in `metadata.namespace` from the kubeconfig context for namespaced objects
//! that have none; the context uses a sentinel namespace, removed again from the result, so
//! the output equals the input when all goes well.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::{json, Value};

const SERVER_HOST: &str = "127.0.0.1:1";
const SENTINEL_NAMESPACE: &str = "vmmigrate-roundtrip-unset";

/// (group, version, kind, plural, namespaced) known to the offline discovery cache.
const RESOURCES: &[(&str, &str, &str, &str, bool)] = &[
    ("", "v1", "Namespace", "namespaces", false),
    ("", "v1", "Secret", "secrets", true),
    ("", "v1", "ConfigMap", "configmaps", true),
    ("", "v1", "Service", "services", true),
    (
        "",
        "v1",
        "PersistentVolumeClaim",
        "persistentvolumeclaims",
        true,
    ),
    (
        "kubevirt.io",
        "v1",
        "VirtualMachine",
        "virtualmachines",
        true,
    ),
    (
        "kubevirt.io",
        "v1",
        "VirtualMachineInstance",
        "virtualmachineinstances",
        true,
    ),
    (
        "cdi.kubevirt.io",
        "v1beta1",
        "DataVolume",
        "datavolumes",
        true,
    ),
    (
        "cdi.kubevirt.io",
        "v1beta1",
        "DataSource",
        "datasources",
        true,
    ),
    (
        "k8s.cni.cncf.io",
        "v1",
        "NetworkAttachmentDefinition",
        "network-attachment-definitions",
        true,
    ),
    (
        "instancetype.kubevirt.io",
        "v1beta1",
        "VirtualMachineInstancetype",
        "virtualmachineinstancetypes",
        true,
    ),
    (
        "instancetype.kubevirt.io",
        "v1beta1",
        "VirtualMachineClusterInstancetype",
        "virtualmachineclusterinstancetypes",
        false,
    ),
    (
        "instancetype.kubevirt.io",
        "v1beta1",
        "VirtualMachinePreference",
        "virtualmachinepreferences",
        true,
    ),
    (
        "instancetype.kubevirt.io",
        "v1beta1",
        "VirtualMachineClusterPreference",
        "virtualmachineclusterpreferences",
        false,
    ),
];

fn kubectl_binary() -> PathBuf {
    let usr = PathBuf::from("/usr/bin/kubectl");
    if usr.exists() {
        usr
    } else {
        PathBuf::from("kubectl")
    }
}

/// Writes `contents` to `path` through a rename, so a concurrent test binary never reads half a file.
fn write_atomic(path: &Path, contents: &str) -> Result<(), String> {
    let dir = path.parent().ok_or("no parent dir")?;
    std::fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    let tmp = dir.join(format!(".tmp-{}", std::process::id()));
    std::fs::write(&tmp, contents).map_err(|e| format!("writing {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("renaming to {}: {e}", path.display()))
}

fn group_version(group: &str, version: &str) -> String {
    if group.is_empty() {
        version.to_string()
    } else {
        format!("{group}/{version}")
    }
}

/// Writes the kubeconfig and discovery cache; returns the folder holding both.
fn write_offline_setup() -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("kubectl-offline");
    let kubeconfig = format!(
        "apiVersion: v1\nkind: Config\nclusters:\n- name: offline\n  cluster:\n    server: https://{SERVER_HOST}\n    insecure-skip-tls-verify: true\nusers:\n- name: offline\n  user:\n    token: offline\ncontexts:\n- name: offline\n  context:\n    cluster: offline\n    user: offline\n    namespace: {SENTINEL_NAMESPACE}\ncurrent-context: offline\n"
    );
    write_atomic(&root.join("kubeconfig"), &kubeconfig)?;

    let cache = root
        .join("cache/discovery")
        .join(SERVER_HOST.replace(':', "_"));
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for &(g, v, ..) in RESOURCES {
        if !groups.contains(&(g, v)) {
            groups.push((g, v));
        }
    }
    let group_list: Vec<Value> = groups
        .iter()
        .map(|&(g, v)| {
            let gv = json!({"groupVersion": group_version(g, v), "version": v});
            json!({"name": g, "versions": [gv.clone()], "preferredVersion": gv})
        })
        .collect();
    let list = json!({"kind": "APIGroupList", "apiVersion": "v1", "groups": group_list});
    write_atomic(&cache.join("servergroups.json"), &list.to_string())?;
    for &(g, v) in &groups {
        let resources: Vec<Value> = RESOURCES
            .iter()
            .filter(|r| r.0 == g && r.1 == v)
            .map(|&(_, _, kind, plural, namespaced)| {
                json!({
                    "name": plural,
                    "singularName": kind.to_lowercase(),
                    "namespaced": namespaced,
                    "kind": kind,
                    "verbs": ["create", "delete", "get", "list", "patch", "update", "watch"]
                })
            })
            .collect();
        let gv = group_version(g, v);
        let doc = json!({"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": resources});
        write_atomic(
            &cache.join(&gv).join("serverresources.json"),
            &doc.to_string(),
        )?;
    }
    Ok(root)
}

/// The offline setup folder, or why kubectl cannot be used here. Probed once per test binary.
fn offline_setup() -> Result<PathBuf, String> {
    static SETUP: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    SETUP
        .get_or_init(|| {
            let bin = kubectl_binary();
            let out = Command::new(&bin)
                .args(["version", "--client"])
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
            if !out.status.success() {
                return Err(format!(
                    "{} version --client failed: {}",
                    bin.display(),
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            write_offline_setup()
        })
        .clone()
}

/// Skip-or-fail guard (see the `support` module doc): true when kubectl can be used.
pub fn require_kubectl(test: &str) -> bool {
    match offline_setup() {
        Ok(_) => true,
        Err(why) => {
            super::skip_or_fail(test, &format!("kubectl unavailable: {why}"));
            false
        }
    }
}

/// Every object kubectl read from a YAML stream (a `kind: List` document is expanded), as
/// `kubectl create --dry-run=client --validate=false -o json -f -` prints them. `Err` carries
/// kubectl's stderr when it rejects the input, e.g. `json: cannot unmarshal bool into Go struct
/// field ObjectMeta.metadata.labels of type string`.
///
/// Panics when kubectl cannot be started: call [`require_kubectl`] first.
pub fn kubectl_roundtrip_all(yaml: &str) -> Result<Vec<Value>, String> {
    let root = offline_setup().unwrap_or_else(|why| {
        panic!("kubectl unavailable: {why} (guard the test with require_kubectl)")
    });
    let mut child = Command::new(kubectl_binary())
        .args([
            "create",
            "--dry-run=client",
            "--validate=false",
            "-o",
            "json",
            "-f",
            "-",
        ])
        .arg("--kubeconfig")
        .arg(root.join("kubeconfig"))
        .arg("--cache-dir")
        .arg(root.join("cache"))
        .env_remove("KUBECONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawning kubectl: {e}"));
    let mut stdin = child
        .stdin
        .take()
        .unwrap_or_else(|| panic!("no stdin pipe"));
    let input = yaml.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("waiting for kubectl: {e}"));
    // kubectl may stop reading early when it rejects the input: a broken pipe is not our error.
    let _ = writer.join();
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    let mut objs = Vec::new();
    for obj in serde_json::Deserializer::from_slice(&out.stdout).into_iter::<Value>() {
        let mut obj = obj.map_err(|e| format!("kubectl printed invalid JSON: {e}"))?;
        if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
            if meta.get("namespace").and_then(Value::as_str) == Some(SENTINEL_NAMESPACE) {
                meta.remove("namespace");
            }
        }
        objs.push(obj);
    }
    Ok(objs)
}

/// [`kubectl_roundtrip_all`] for the usual case: a stream holding exactly one object returns
/// that object; several objects return a `v1` `List` of them, in order.
pub fn kubectl_roundtrip(yaml: &str) -> Result<Value, String> {
    let mut objs = kubectl_roundtrip_all(yaml)?;
    if objs.len() == 1 {
        Ok(objs.remove(0))
    } else {
        Ok(json!({"apiVersion": "v1", "kind": "List", "items": objs}))
    }
}
