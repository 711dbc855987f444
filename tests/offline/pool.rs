//! `pool create` on the real binary, offline: every object it writes passes the upstream
//! schemas and KubeVirt's admission rules, and so do the replicas KubeVirt's pool controller
//! would make from it (the admission tool does not know pools: each replica is checked as the
//! VirtualMachine the controller creates, with its index applied as `indexVMSpec` does).

use crate::support;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
        .env_remove("KUBECONFIG")
        .output()
        .expect("the built binary runs")
}

/// The VM KubeVirt v1.9.0's pool controller creates as replica `index`: `{pool}-{index}`, the
/// template's labels and annotations, `-{index}` on its DataVolume templates (and the volumes
/// that use them) and, with `appendIndexToSecretRefs`, on its Secret references.
pub fn replica(pool: &Value, index: u32) -> Value {
    let name = pool["metadata"]["name"].as_str().unwrap();
    let template = &pool["spec"]["virtualMachineTemplate"];
    let mut spec = template["spec"].clone();
    let suffix = format!("-{index}");
    let mut renamed = Vec::new();
    for dv in spec["dataVolumeTemplates"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        let old = dv["metadata"]["name"].as_str().unwrap().to_string();
        dv["metadata"]["name"] = json!(format!("{old}{suffix}"));
        renamed.push(old);
    }
    let secrets = pool["spec"]["nameGeneration"]["appendIndexToSecretRefs"] == true;
    for volume in spec["template"]["spec"]["volumes"]
        .as_array_mut()
        .into_iter()
        .flatten()
    {
        if let Some(dv) = volume.pointer_mut("/dataVolume/name") {
            if renamed.iter().any(|r| dv == r) {
                *dv = json!(format!("{}{suffix}", dv.as_str().unwrap()));
            }
        }
        for pointer in [
            "/cloudInitNoCloud/secretRef/name",
            "/cloudInitNoCloud/networkDataSecretRef/name",
            "/sysprep/secret/name",
        ] {
            if let Some(secret) = volume.pointer_mut(pointer).filter(|_| secrets) {
                *secret = json!(format!("{}{suffix}", secret.as_str().unwrap()));
            }
        }
    }
    json!({
        "apiVersion": "kubevirt.io/v1",
        "kind": "VirtualMachine",
        "metadata": {
            "name": format!("{name}{suffix}"),
            "namespace": pool["metadata"]["namespace"],
            "labels": template["metadata"]["labels"],
            "annotations": template["metadata"]["annotations"],
        },
        "spec": spec,
    })
}

fn objects_of(out: &Output) -> Vec<Value> {
    assert!(
        out.status.success(),
        "pool create failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).expect("-o json gives a List");
    list["items"].as_array().unwrap().clone()
}

#[test]
fn every_object_and_every_replica_passes_the_schemas_and_admission() {
    let out = run(&[
        "pool",
        "create",
        "web",
        "--from",
        "examples/ovf/centos7-web.ovf",
        "--map",
        "examples/mapping.yaml",
        "--replicas",
        "3",
        "--autoscale",
        "2:5",
        "--keep-disks",
        "--heal-after",
        "2m",
        "--heal-start-failures",
        "2",
        "--scale-in",
        "newest",
        "--dry-run=client",
        "-o",
        "json",
    ]);
    let objects = objects_of(&out);
    let kinds: Vec<&str> = objects
        .iter()
        .map(|o| o["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "DataVolume").count(),
        2,
        "one golden DataVolume per disk: {kinds:?}"
    );
    let pool = objects
        .iter()
        .find(|o| o["kind"] == "VirtualMachinePool")
        .unwrap();
    let replicas: Vec<Value> = (0..5).map(|i| replica(pool, i)).collect();
    // Every Secret a replica up to the autoscaler's maximum names is written.
    for vm in &replicas {
        for volume in vm["spec"]["template"]["spec"]["volumes"]
            .as_array()
            .unwrap()
        {
            if let Some(secret) = volume.pointer("/cloudInitNoCloud/secretRef/name") {
                assert!(
                    objects
                        .iter()
                        .any(|o| o["kind"] == "Secret" && o["metadata"]["name"] == *secret),
                    "{} names Secret {secret}, which is not written",
                    vm["metadata"]["name"]
                );
            }
        }
    }
    // The HPA is k8s-openapi's typed struct; ../shared holds no autoscaling/v2 schema.
    let mut checked: Vec<Value> = objects
        .iter()
        .filter(|o| o["kind"] != "HorizontalPodAutoscaler")
        .cloned()
        .collect();
    assert_eq!(checked.len() + 1, objects.len(), "one HPA: {kinds:?}");
    checked.extend(replicas);
    let Some(errors) = support::check_objects("pool_objects", &checked) else {
        return;
    };
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_check_sees_a_replica_cloning_from_something_cdi_refuses() {
    // The harness can fail: a replica whose disk clones from a kind CDI does not support.
    let out = run(&[
        "pool",
        "create",
        "web",
        "--from",
        "examples/ovf/centos7-web.ovf",
        "-n",
        "cattle",
        "--dry-run=client",
        "-o",
        "json",
    ]);
    let objects = objects_of(&out);
    let pool = objects
        .iter()
        .find(|o| o["kind"] == "VirtualMachinePool")
        .unwrap();
    let mut vm = replica(pool, 0);
    vm["spec"]["dataVolumeTemplates"][0]["spec"]["sourceRef"]["kind"] =
        json!("PersistentVolumeClaim");
    let Some(errors) = support::check_objects("pool_broken_replica", &[vm]) else {
        return;
    };
    assert!(
        errors
            .iter()
            .any(|e| e.contains("Unsupported sourceRef kind")),
        "{errors:#?}"
    );
}

#[test]
fn offline_output_needs_a_namespace_and_one_golden_vm() {
    let out = run(&[
        "pool",
        "create",
        "web",
        "--from",
        "examples/ovf/centos7-web.ovf",
        "--dry-run=client",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("pass -n NAMESPACE"), "{err}");
    let out = run(&[
        "pool",
        "create",
        "web",
        "--from",
        "tests/fixtures/vsphere/inventory.json",
        "-n",
        "x",
        "--dry-run=client",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a pool is made from one golden VM"), "{err}");
}

#[test]
fn output_dir_writes_the_pool_and_a_kustomization() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("manifests");
    let out = run(&[
        "pool",
        "create",
        "web",
        "--from",
        "examples/ovf/centos7-web.ovf",
        "-n",
        "cattle",
        "--replicas",
        "5",
        "--output-dir",
        target.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pool = std::fs::read_to_string(target.join("web.yaml")).unwrap();
    assert!(
        pool.contains("kind: VirtualMachinePool") && pool.contains("replicas: 5"),
        "{pool}"
    );
    let kustomization = std::fs::read_to_string(target.join("kustomization.yaml")).unwrap();
    assert!(kustomization.contains("web.yaml"), "{kustomization}");
}

#[test]
fn assess_as_pool_blocks_what_replicas_cannot_share() {
    let spec = "tests/fixtures/vmx/host-disks.vmx";
    let plain = run(&["assess", spec, "-o", "json"]);
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(!plain.contains("pool-host"), "{plain}");
    let out = run(&["assess", "--as-pool", spec, "-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let ids: Vec<&str> = report["vms"][0]["concerns"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["id"].as_str())
        .filter(|id| id.starts_with("pool-"))
        .collect();
    // The SCSI passthrough device, and the RDM disk that is no image to clone.
    assert_eq!(ids, ["pool-host-device", "pool-host-disk"], "{report:#}");
}
