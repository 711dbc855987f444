//! The `roll` tests' fleet: the API emulator with the KubeVirt CRDs, the simulator, `n`
//! VMs labelled `app=web` on `quay.io/demo/web:1`, and the real binary run against them.
//! Shared by the `roll` and `roll_field` modules of this binary.

#![allow(dead_code)]

use kube::api::{Api, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

pub const BIN: &str = env!("CARGO_BIN_EXE_kubectl-vmmigrate");

pub fn vm_api(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
            "virtualmachines",
        ),
    )
}

pub fn vm(name: &str, extra_ann: &[(&str, &str)]) -> DynamicObject {
    let mut annotations = json!({});
    for (k, v) in extra_ann {
        annotations[*k] = json!(v);
    }
    serde_json::from_value(json!({
        "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}, "annotations": annotations},
        "spec": {"runStrategy": "Always", "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
            "domain": {"cpu": {"sockets": 1}, "memory": {"guest": "1Gi"},
                "devices": {"disks": [{"name": "root", "disk": {"bus": "virtio"}}]}},
            "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/demo/web:1"}}]}}},
    }))
    .expect("VM object")
}

pub struct Env {
    pub cluster: TestCluster,
    pub sim: Simulator,
    pub _dir: tempfile::TempDir,
    pub kubeconfig: PathBuf,
}

pub async fn fleet(n: usize, boot_ms: u64, special: &[(&str, &str, &str)]) -> Env {
    fleet_with(n, boot_ms, special, true).await
}

/// [`fleet`], with or without KubeVirt's virt-api (`subresources.kubevirt.io`).
pub async fn fleet_with(
    n: usize,
    boot_ms: u64,
    special: &[(&str, &str, &str)],
    virt_api: bool,
) -> Env {
    let cluster = TestCluster::start().await.expect("cluster");
    cluster.install_kubevirt_crds_with(virt_api).expect("CRDs");
    let sim = Simulator::start(
        cluster.client(),
        SimConfig {
            boot_time: Duration::from_millis(boot_ms),
            tick: Duration::from_millis(20),
            ..SimConfig::default()
        },
    );
    let api = vm_api(&cluster);
    for i in 0..n {
        let name = format!("web-{i}");
        api.create(&PostParams::default(), &vm(&name, &[]))
            .await
            .expect("create VM");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    cluster.write_kubeconfig(&kubeconfig).expect("kubeconfig");
    let env = Env {
        cluster,
        sim,
        _dir: dir,
        kubeconfig,
    };
    wait_ready(&env, n).await;
    // Behaviour annotations reach only VMIs created from now on (after a restart).
    for (name, k, v) in special {
        vm_api(&env.cluster)
            .patch(
                name,
                &kube::api::PatchParams::default(),
                &kube::api::Patch::Merge(json!({"metadata": {"annotations": {*k: v}}})),
            )
            .await
            .expect("annotate");
    }
    env
}

pub async fn wait_ready(env: &Env, n: usize) {
    for _ in 0..500 {
        let vms = vm_api(&env.cluster)
            .list(&ListParams::default())
            .await
            .expect("list");
        let ready = vms
            .items
            .iter()
            .filter(|v| v.data.pointer("/status/ready") == Some(&json!(true)))
            .count();
        if ready >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the fleet never became Ready");
}

pub fn args(kc: &Path, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "--kubeconfig".into(),
        kc.display().to_string(),
        "-n".into(),
        "default".into(),
        "roll".into(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// Start the binary with every stream closed, to be killed.
pub fn spawn_quiet(a: &[String]) -> std::process::Child {
    Command::new(BIN)
        .args(a)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

pub async fn run(kc: &Path, extra: &[&str]) -> Output {
    let a = args(kc, extra);
    tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(&a)
            .stdin(Stdio::null())
            .output()
            .expect("run binary")
    })
    .await
    .expect("join")
}

pub async fn vms(env: &Env) -> Vec<DynamicObject> {
    vm_api(&env.cluster)
        .list(&ListParams::default())
        .await
        .expect("list")
        .items
}

pub fn image(v: &DynamicObject) -> &str {
    v.data
        .pointer("/spec/template/spec/volumes/0/containerDisk/image")
        .and_then(Value::as_str)
        .unwrap_or("")
}

pub fn phase(v: &DynamicObject) -> String {
    v.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get("vmmigrate.io/rollout-phase"))
        .cloned()
        .unwrap_or_default()
}

/// The fleet's VM names, sorted, after checking that every VM runs `want_image`.
pub async fn names_all_on(env: &Env, want_image: &str) -> Vec<String> {
    let mut names: Vec<String> = vms(env)
        .await
        .iter()
        .map(|v| {
            assert_eq!(image(v), want_image);
            v.metadata.name.clone().unwrap_or_default()
        })
        .collect();
    names.sort();
    names
}
