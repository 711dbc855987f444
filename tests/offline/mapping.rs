//! Mapping files (`--map`) end to end through the real binary: golden manifests for mappings
//! that use every rule kind and every disk source kind, every generated object (VMs, Secrets,
//! NetworkAttachmentDefinitions, Services, Namespaces) held to the upstream schemas and the
//! admission rules, errors that name the line, unmapped items reported together, secrets kept
//! out of previews, and the plan totals.
//!
//! Regenerate the golden files with `UPDATE_GOLDEN=1 cargo test --test offline mapping::` and review.

use crate::support;

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn items(out: &Output) -> Vec<Value> {
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list["items"].as_array().cloned().unwrap()
}

/// (mapping file, specs, golden file)
const CASES: [(&str, &str, &str); 3] = [
    (
        "examples/mapping.yaml",
        "examples",
        "mapping__examples.yaml",
    ),
    (
        "tests/mappings/all-rules.yaml",
        "tests/fixtures",
        "mapping__all-rules.yaml",
    ),
    (
        "tests/mappings/legacy.yaml",
        "examples",
        "mapping__legacy.yaml",
    ),
];

#[test]
fn mapped_manifests_match_the_golden_files_and_pass_schemas_and_admission() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut all = Vec::new();
    let mut stale = Vec::new();
    for (map, specs, golden) in CASES {
        let out = run(&["import", "--map", map, specs]);
        assert!(out.status.success(), "{map}: {}", stderr(&out));
        let yaml = stdout(&out);
        let path = repo().join("tests/golden").join(golden);
        if update {
            std::fs::write(&path, &yaml).unwrap();
        } else if std::fs::read_to_string(&path).unwrap_or_default() != yaml {
            stale.push(path.display().to_string());
        }
        let json = run(&["import", "-o", "json", "--map", map, specs]);
        assert!(json.status.success(), "{map}: {}", stderr(&json));
        let objects = items(&json);
        if support::require_kubectl("mapping") {
            let read_back = support::kubectl_roundtrip_all(&yaml).unwrap();
            assert_eq!(read_back, objects, "{map}: YAML did not round-trip");
        }
        all.extend(objects);
    }
    assert!(
        stale.is_empty(),
        "golden files differ (run UPDATE_GOLDEN=1 cargo test --test offline mapping:: and review):\n{}",
        stale.join("\n")
    );
    // The cases together must exercise every kind of object and every disk source.
    let kinds: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|o| o["kind"].as_str()).collect();
    for kind in [
        "Namespace",
        "Secret",
        "NetworkAttachmentDefinition",
        "VirtualMachine",
        "Service",
    ] {
        assert!(kinds.contains(kind), "no {kind} generated: {kinds:?}");
    }
    let mut sources = std::collections::BTreeSet::new();
    for vm in all.iter().filter(|o| o["kind"] == "VirtualMachine") {
        for dv in vm["spec"]["dataVolumeTemplates"].as_array().unwrap() {
            let source = dv["spec"]["source"].as_object().unwrap();
            sources.extend(source.keys().cloned());
        }
    }
    let expected: std::collections::BTreeSet<String> =
        ["blank", "http", "pvc", "registry", "s3", "upload", "vddk"]
            .into_iter()
            .map(String::from)
            .collect();
    assert_eq!(sources, expected);
    if let Some(errors) = support::check_objects("mapping", &all) {
        assert!(
            errors.is_empty(),
            "generated objects rejected:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn objects_come_in_dependency_order() {
    let out = run(&[
        "import",
        "-o",
        "name",
        "--map",
        "tests/mappings/all-rules.yaml",
        "tests/fixtures",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let names: Vec<String> = stdout(&out).lines().map(String::from).collect();
    assert_eq!(names[0], "namespace/fixtures");
    let position = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .unwrap_or_else(|| panic!("{name} missing from {names:?}"))
    };
    let vm = position("virtualmachine.kubevirt.io/debian12-lab");
    assert!(position("secret/debian12-lab-cloudinit") < vm);
    assert!(position("networkattachmentdefinition.k8s.cni.cncf.io/lan") < vm);
    assert!(position("service/debian12-lab") > vm);
    assert!(position("secret/dc01-sysprep") < position("virtualmachine.kubevirt.io/dc01"));
    // A NAD shared by several VMs is emitted once.
    let nads = names
        .iter()
        .filter(|n| *n == "networkattachmentdefinition.k8s.cni.cncf.io/lan")
        .count();
    assert_eq!(nads, 1);
}

#[test]
fn output_dir_includes_the_extra_objects() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out = run(&[
        "import",
        "--map",
        "examples/mapping.yaml",
        "examples",
        "--output-dir",
        out_dir.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let centos = std::fs::read_to_string(out_dir.join("centos7-web.yaml")).unwrap();
    let kinds: Vec<&str> = centos
        .lines()
        .filter_map(|l| l.strip_prefix("kind: "))
        .collect();
    assert_eq!(kinds, ["Secret", "VirtualMachine", "Service"]);
    let win = std::fs::read_to_string(out_dir.join("win2019-app01.yaml")).unwrap();
    assert!(win.contains("kind: NetworkAttachmentDefinition"));
}

#[test]
fn preview_masks_secret_values_and_import_writes_them() {
    let secret = "secret-value-that-preview-must-not-print";
    let args = ["--map", "tests/mappings/all-rules.yaml", "tests/fixtures"];
    for output in [None, Some("yaml"), Some("json"), Some("wide")] {
        let mut cmd = vec!["preview"];
        if let Some(o) = output {
            cmd.extend(["-o", o]);
        }
        cmd.extend(args);
        let out = run(&cmd);
        assert!(out.status.success(), "{}", stderr(&out));
        let text = stdout(&out) + &stderr(&out);
        // Neither in clear nor base64-encoded.
        assert!(
            !text.contains(secret),
            "preview {output:?} printed the secret"
        );
        assert!(
            !text.contains("c2VjcmV0LXZhbHVl"),
            "preview {output:?} printed it encoded"
        );
    }
    let preview = run(&["preview", "-o", "json", args[0], args[1], args[2]]);
    let masked = items(&preview)
        .into_iter()
        .find(|o| o["metadata"]["name"] == "debian12-lab-cloudinit")
        .unwrap();
    assert_eq!(masked["data"]["userdata"], "***");

    let import = run(&["import", "-o", "json", args[0], args[1], args[2]]);
    let secret_obj = items(&import)
        .into_iter()
        .find(|o| o["metadata"]["name"] == "debian12-lab-cloudinit")
        .unwrap();
    let encoded = secret_obj["data"]["userdata"].as_str().unwrap();
    let decoded = Command::new("base64")
        .arg("-d")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(encoded.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let user_data = std::fs::read(repo().join("tests/mappings/data/user-data.yaml")).unwrap();
    assert_eq!(decoded.stdout, user_data);
}

#[test]
fn unknown_keys_and_values_are_errors_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    for (text, line, word) in [
        ("namespace: a\nnetwork:\n  - source: x\n", 2, "network"),
        ("networks:\n  - source: x\n    to: bridged\n", 3, "bridged"),
        (
            "storage:\n  - datastore: x\n    volumeMode: block\n",
            3,
            "block",
        ),
        ("disks:\n  - source:\n      nfs: {url: x}\n", 3, "nfs"),
        (
            "disks:\n  - source:\n      http:\n        url: \"http://x/{disk}/{img}\"\n",
            4,
            "{img}",
        ),
        ("compatibility: e1000\n", 1, "e1000"),
    ] {
        let path = dir.path().join("map.yaml");
        std::fs::write(&path, text).unwrap();
        let out = run(&["preview", "--map", path.to_str().unwrap(), "examples"]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let err = stderr(&out);
        let expected = format!("error: {}:{line}:", path.display());
        assert!(err.starts_with(&expected), "{text}\n{err}");
        assert!(err.contains(word), "{text}\n{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn unmapped_networks_and_datastores_are_one_error_listing_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.yaml");
    std::fs::write(
        &path,
        "networks:\n  - source: \"VM Network\"\n    to: pod\n  - source: Frontend\n    to: pod\n  - source: Storage-NFS\n    to: pod\nstorage:\n  - controller: pvscsi\n",
    )
    .unwrap();
    let out = run(&["import", "--map", path.to_str().unwrap(), "examples"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("4 item(s) not covered"), "{err}");
    assert!(err.contains("network \"Backup-VLAN120\""), "{err}");
    assert!(err.contains("controller \"lsilogic\""), "{err}");
    // Two NICs on the pod network is reported in the same list.
    assert!(
        err.contains("NICs Network adapter 1, Network adapter 2 all map to the pod network"),
        "{err}"
    );
}

#[test]
fn without_a_map_nothing_changes() {
    // The golden files of golden.rs pin this byte for byte; here: no extra kinds.
    let out = run(&["import", "-o", "name", "examples", "tests/fixtures"]);
    assert!(out.status.success());
    assert!(stdout(&out)
        .lines()
        .all(|l| l.starts_with("virtualmachine.kubevirt.io/")));
}

#[test]
fn summary_totals_cpu_memory_disks_and_namespaces() {
    let out = run(&[
        "preview",
        "--summary",
        "-o",
        "json",
        "--map",
        "examples/mapping.yaml",
        "examples",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let totals: Value = serde_json::from_slice(&out.stdout).unwrap();
    // centos7: u1.2xmedium (2 vCPU, 4Gi); win2019: u1.xlarge (4 vCPU, 16Gi).
    assert_eq!(totals["vms"], 2);
    assert_eq!(totals["vcpus"], 6);
    assert_eq!(totals["memory"], "20Gi");
    assert_eq!(totals["diskBytesByStorageClass"]["standard"], 120u64 << 30);
    assert_eq!(totals["diskBytesByStorageClass"]["ceph-rbd"], 260u64 << 30);
    assert_eq!(totals["vmsByNamespace"]["migrated"], 2);

    let table = run(&["preview", "--summary", "examples"]);
    let text = stdout(&table);
    assert!(
        text.contains("Totals: 2 VM(s), 6 vCPU(s), 12Gi memory"),
        "{text}"
    );
    assert!(
        text.contains("storage class (default): 380Gi in 4 disk(s)"),
        "{text}"
    );
    assert!(text.contains("namespace (default): 2 VM(s)"), "{text}");
}

#[test]
fn assess_reports_the_mapping_gaps_as_concerns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.yaml");
    std::fs::write(
        &path,
        "networks:\n  - source: \"VM Network\"\n    to: pod\n  - source: Frontend\n    to: pod\n  - source: Storage-NFS\n    to: pod\nstorage:\n  - controller: pvscsi\n",
    )
    .unwrap();
    let out = run(&[
        "assess",
        "-o",
        "json",
        "--allow-critical",
        "--map",
        path.to_str().unwrap(),
        "examples",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found = Vec::new();
    for vm in report["vms"].as_array().unwrap() {
        for concern in vm["concerns"].as_array().unwrap() {
            let id = concern["id"].as_str().unwrap();
            if id.starts_with("unmapped-") || id == "multiple-pod-nics" {
                found.push(format!(
                    "{} {id} {}",
                    vm["name"].as_str().unwrap(),
                    concern["subject"].as_str().unwrap()
                ));
            }
        }
    }
    found.sort();
    assert_eq!(
        found,
        [
            "centos7-legacy-do-not-touch multiple-pod-nics Network adapter 1, Network adapter 2",
            "centos7-legacy-do-not-touch unmapped-storage controller lsilogic",
            "win2019-app01 unmapped-network Backup-VLAN120",
        ]
    );
}

#[test]
fn rules_that_cannot_apply_are_one_error_naming_each_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("map.yaml");
    std::fs::write(
        &path,
        "networks:\n  - source: \"*\"\n    to: ignore\nstorage:\n  - datastore: \"*\"\ndisks:\n  - vm: \"centos*\"\n    source:\n      pvc:\n        name: \"{vm}\"\n  - vm: WIN2019_App01\n    disk: \"scsi0:0\"\n    source:\n      registry:\n        url: \"quay.io/x/{file}\"\n  - vm: WIN2019_App01\n    source:\n      s3:\n        url: \"s3://bucket/{file}\"\n",
    )
    .unwrap();
    let out = run(&["import", "--map", path.to_str().unwrap(), "examples"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("cannot apply the mapping"), "{err}");
    for expected in [
        "disk Hard disk 1: a pvc source needs a namespace",
        "disk Hard disk 2: a pvc source needs a namespace",
        "disk scsi0:0: registry URL \"quay.io/x/WIN2019_App01.vmdk\" must start with docker://",
        "disk scsi0:1: s3 URL \"s3://bucket/WIN2019_App01_1.vmdk\" must start with http:// or https://",
    ] {
        assert!(err.contains(expected), "{expected} missing:\n{err}");
    }
    // With a namespace the pvc rule applies (the others still fail).
    let out = run(&[
        "import",
        "-n",
        "apps",
        "--map",
        path.to_str().unwrap(),
        "examples",
    ]);
    assert!(!stderr(&out).contains("pvc source needs a namespace"));
}
