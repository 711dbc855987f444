//! `kubectl vmmigrate status` on the real binary (issue 20.3): one test per ranked reason,
//! each played by the simulator the way KubeVirt, CDI, the scheduler, the kubelet and the
//! PersistentVolume controller write it (`tests/cluster/src/simulator/troubles.rs`), plus the
//! table, the selection flags and the exit status.

use crate::roll_env::{eventually, vm_api, BIN};
use kube::api::{Patch, PatchParams, PostParams};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{troubles, SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

struct Env {
    cluster: TestCluster,
    _sim: Simulator,
    _dir: tempfile::TempDir,
    kubeconfig: PathBuf,
}

async fn env() -> Env {
    let cluster = TestCluster::start().await.expect("cluster");
    cluster.install_kubevirt_crds().expect("CRDs");
    let cfg = SimConfig {
        boot_time: Duration::from_millis(300),
        import_time: Duration::from_millis(300),
        tick: Duration::from_millis(20),
        ..SimConfig::default()
    };
    let sim = Simulator::start(cluster.client(), cfg);
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    cluster.write_kubeconfig(&kubeconfig).expect("kubeconfig");
    Env {
        cluster,
        _sim: sim,
        _dir: dir,
        kubeconfig,
    }
}

/// A VM labelled `app=web`; `disk` adds a DataVolume template of that class and access mode.
fn vm(name: &str, strategy: &str, annotations: Value, disk: Option<(&str, &str)>) -> Value {
    let mut vm = json!({
        "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"}, "annotations": annotations},
        "spec": {"runStrategy": strategy, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
            "domain": {"cpu": {"sockets": 1, "cores": 1}, "memory": {"guest": "1Gi"},
                "devices": {"disks": [{"name": "root", "disk": {"bus": "virtio"}}]}},
            "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/demo/web:1"}}]}}},
    });
    if let Some((class, mode)) = disk {
        let dv = format!("{name}-root");
        vm["spec"]["dataVolumeTemplates"] = json!([{"metadata": {"name": dv}, "spec": {
            "source": {"http": {"url": "http://images.example.com/web.qcow2"}},
            "storage": {"storageClassName": class, "accessModes": [mode],
                "resources": {"requests": {"storage": "1Gi"}}}}}]);
        vm["spec"]["template"]["spec"]["volumes"] =
            json!([{"name": "root", "dataVolume": {"name": dv}}]);
    }
    vm
}

async fn create(env: &Env, object: Value) {
    if object["kind"] == "VirtualMachine" {
        let obj = serde_json::from_value(object).expect("VM object");
        vm_api(&env.cluster)
            .create(&PostParams::default(), &obj)
            .await
            .expect("create VM");
    } else {
        env.cluster.create_object(object).expect("create object");
    }
}

fn class(name: &str, provisioner: &str, annotations: Value) -> Value {
    json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
        "metadata": {"name": name, "annotations": annotations}, "provisioner": provisioner})
}

async fn run(env: &Env, extra: &[&str]) -> Output {
    let mut a: Vec<String> = vec![
        "--kubeconfig".into(),
        env.kubeconfig.display().to_string(),
        "-n".into(),
        "default".into(),
        "status".into(),
    ];
    a.extend(extra.iter().map(|s| s.to_string()));
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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// `status NAME -o json` until its first reason is `kind` and KubeVirt's printable status
/// `status` (the VM's status follows its VMI's by a pass); returns that VM's diagnosis.
async fn reason_of(env: &Env, name: &str, kind: &str, status: &str) -> Value {
    cause_of(env, name, kind, status, None).await
}

/// [`reason_of`], and for a volume reason its cause: the claim exists a moment before the
/// event that says why it waits (as on a real cluster), so a read in between sees `Pending`.
async fn cause_of(env: &Env, name: &str, kind: &str, status: &str, cause: Option<&str>) -> Value {
    eventually(
        &format!("{name}: reason {kind} ({cause:?}), status {status}"),
        || async {
            let out = run(env, &[name, "-o", "json"]).await;
            if !out.status.success() {
                return Err(format!(
                    "exit {:?}: {}",
                    out.status.code(),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
            let d = v["items"][0].clone();
            let cause_ok = cause.is_none_or(|c| d["reasons"][0]["volumeCause"] == c);
            if d["reasons"][0]["kind"] == kind && d["status"] == status && cause_ok {
                Ok(d)
            } else {
                Err(d.to_string())
            }
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_claim_of_a_class_without_provisioner_is_not_bound() {
    let env = env().await;
    create(
        &env,
        class("local", "kubernetes.io/no-provisioner", json!({})),
    )
    .await;
    create(
        &env,
        vm(
            "web-1",
            "Always",
            json!({}),
            Some(("local", "ReadWriteOnce")),
        ),
    )
    .await;
    let d = cause_of(
        &env,
        "web-1",
        "VolumeNotBound",
        "Provisioning",
        Some("NoProvisioner"),
    )
    .await;
    let r = &d["reasons"][0];
    assert_eq!(r["volumeCause"], "NoProvisioner", "{d}");
    assert_eq!(r["object"], "PersistentVolumeClaim/web-1-root");
    assert_eq!(
        r["message"],
        "no volume plugin matched name: kubernetes.io/no-provisioner"
    );
    assert_eq!(d["status"], "Provisioning");
    // The one-VM view: the table, then the chain with the claim's class and its event.
    let out = run(&env, &["web-1"]).await;
    let text = stdout(&out);
    assert!(out.status.success());
    let header = text.lines().next().unwrap_or_default();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["NAME", "STATUS", "READY", "NODE", "AGE", "DISKS", "REASON"],
        "{text}"
    );
    let row: Vec<&str> = text
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    assert_eq!(
        row[..4],
        ["web-1", "Provisioning", "False", "<none>"],
        "{text}"
    );
    assert_eq!(row[5..], ["0/1", "0%", "VolumeNotBound"], "{text}");
    assert!(text.contains("PersistentVolumeClaim/web-1-root: Pending, storage class local (provisioner kubernetes.io/no-provisioner), access modes ReadWriteOnce"), "{text}");
    assert!(text.contains("Warning   ProvisioningFailed"), "{text}");
    assert!(text.contains("persistentvolume-controller"), "{text}");
    assert!(
        text.contains("DataVolume/web-1-root: phase Pending"),
        "{text}"
    );
    assert!(
        text.contains("Bound=False (Pending: PVC web-1-root Pending)"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provisioner_that_never_provisions_leaves_the_claim_pending() {
    let env = env().await;
    create(
        &env,
        class(
            "slow",
            "csi.example.com",
            json!({troubles::CLASS_PROVISIONER_DOWN: "true"}),
        ),
    )
    .await;
    create(
        &env,
        vm(
            "web-1",
            "Always",
            json!({}),
            Some(("slow", "ReadWriteOnce")),
        ),
    )
    .await;
    let d = cause_of(
        &env,
        "web-1",
        "VolumeNotBound",
        "Provisioning",
        Some("ProvisionerNotProvisioning"),
    )
    .await;
    let r = &d["reasons"][0];
    assert_eq!(r["volumeCause"], "ProvisionerNotProvisioning", "{d}");
    assert_eq!(
        r["message"],
        troubles::external_provisioning_message("csi.example.com")
    );
    assert!(r["hint"]
        .as_str()
        .unwrap_or_default()
        .contains("csi.example.com"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_access_mode_the_class_cannot_give_is_named() {
    let env = env().await;
    create(
        &env,
        class(
            "block",
            "csi.example.com",
            json!({troubles::CLASS_ACCESS_MODES: "ReadWriteOnce"}),
        ),
    )
    .await;
    create(
        &env,
        vm(
            "web-1",
            "Always",
            json!({}),
            Some(("block", "ReadWriteMany")),
        ),
    )
    .await;
    let d = cause_of(
        &env,
        "web-1",
        "VolumeNotBound",
        "Provisioning",
        Some("AccessMode"),
    )
    .await;
    let r = &d["reasons"][0];
    assert_eq!(r["volumeCause"], "AccessMode", "{d}");
    assert!(
        r["message"]
            .as_str()
            .unwrap_or_default()
            .contains("access mode ReadWriteMany is not supported"),
        "{d}"
    );
    assert!(
        r["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("ReadWriteMany"),
        "{d}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_import_gives_cdis_message() {
    let env = env().await;
    let fail = json!({"sim.vmmigrate.io/import-fail": "true"});
    create(
        &env,
        vm("web-1", "Always", fail, Some(("fast", "ReadWriteOnce"))),
    )
    .await;
    let d = reason_of(&env, "web-1", "ImportFailed", "DataVolumeError").await;
    assert_eq!(d["reasons"][0]["object"], "DataVolume/web-1-root");
    assert_eq!(
        d["reasons"][0]["message"],
        "Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found"
    );
    assert_eq!(d["status"], "DataVolumeError");
    // CDI's import controller said so on the claim (a moment after the DataVolume's
    // condition), and the chain shows it.
    let text = eventually("the claim's ErrImportFailed event", || async {
        let text = stdout(&run(&env, &["web-1"]).await);
        text.contains("Warning   ErrImportFailed")
            .then_some(text.clone())
            .ok_or(text)
    })
    .await;
    assert!(text.contains("import-controller"), "{text}");
    assert!(
        text.contains("PersistentVolumeClaim/web-1-root: Bound"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unschedulable_vmi_gives_the_schedulers_message() {
    let env = env().await;
    create(
        &env,
        vm(
            "web-1",
            "Always",
            json!({troubles::UNSCHEDULABLE: "true"}),
            None,
        ),
    )
    .await;
    let d = reason_of(&env, "web-1", "Unschedulable", "ErrorUnschedulable").await;
    assert_eq!(d["reasons"][0]["message"], troubles::UNSCHEDULABLE_MESSAGE);
    assert_eq!(d["status"], "ErrorUnschedulable");
    let text = stdout(&run(&env, &["web-1"]).await);
    assert!(
        text.contains("PodScheduled=False (Unschedulable: 0/2 nodes are available"),
        "{text}"
    );
    assert!(text.contains("Warning   FailedScheduling"), "{text}");
    assert!(text.contains("default-scheduler"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_that_cannot_be_pulled() {
    let env = env().await;
    create(
        &env,
        vm(
            "web-1",
            "Always",
            json!({troubles::IMAGE_PULL: "ImagePullBackOff"}),
            None,
        ),
    )
    .await;
    let d = reason_of(&env, "web-1", "ImagePullBackOff", "ImagePullBackOff").await;
    assert_eq!(
        d["reasons"][0]["message"],
        "Back-off pulling image \"quay.io/demo/web:1\""
    );
    assert_eq!(d["status"], "ImagePullBackOff");
    let text = stdout(&run(&env, &["web-1"]).await);
    assert!(text.contains("kubelet"), "the kubelet's events: {text}");
    assert!(
        text.contains("Failed to pull image \"quay.io/demo/web:1\""),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vmi_that_keeps_failing_is_a_crash_loop() {
    let env = env().await;
    create(
        &env,
        vm(
            "web-1",
            "Always",
            json!({"sim.vmmigrate.io/fail-boot": "true"}),
            None,
        ),
    )
    .await;
    let d = reason_of(&env, "web-1", "CrashLoop", "CrashLoopBackOff").await;
    assert_eq!(d["status"], "CrashLoopBackOff");
    assert_eq!(d["reasons"][0]["object"], "VirtualMachine/web-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_probe_that_needs_the_missing_guest_agent() {
    let env = env().await;
    let mut v = vm(
        "web-1",
        "Always",
        json!({"sim.vmmigrate.io/never-ready": "true"}),
        None,
    );
    v["spec"]["template"]["spec"]["readinessProbe"] =
        json!({"guestAgentPing": {}, "initialDelaySeconds": 5});
    create(&env, v).await;
    let d = reason_of(&env, "web-1", "GuestAgentMissing", "Running").await;
    assert_eq!(d["status"], "Running");
    assert_eq!(d["ready"], false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_waits_for_a_restart() {
    let env = env().await;
    create(&env, vm("web-1", "Always", json!({}), None)).await;
    eventually("web-1 Ready", || async {
        let out = run(&env, &["web-1", "-o", "json"]).await;
        let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
        (v["items"][0]["ready"] == true)
            .then_some(())
            .ok_or(v.to_string())
    })
    .await;
    let ready = run(&env, &["web-1", "-o", "json"]).await;
    let v: Value = serde_json::from_slice(&ready.stdout).expect("json");
    assert_eq!(
        v["items"][0]["reasons"],
        json!([]),
        "a Ready VM has no reason: {v}"
    );
    vm_api(&env.cluster)
        .patch(
            "web-1",
            &PatchParams::default(),
            &Patch::Merge(
                json!({"spec": {"template": {"spec": {"domain": {"cpu": {"cores": 2}}}}}}),
            ),
        )
        .await
        .expect("patch");
    let d = reason_of(&env, "web-1", "RestartRequired", "Running").await;
    assert!(
        d["reasons"][0]["hint"]
            .as_str()
            .unwrap_or_default()
            .contains("restart"),
        "{d}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_vmi() {
    let env = env().await;
    create(
        &env,
        vm("web-1", "Always", json!({troubles::PAUSED: "true"}), None),
    )
    .await;
    let d = reason_of(&env, "web-1", "Paused", "Paused").await;
    assert_eq!(d["status"], "Paused");
    assert_eq!(d["reasons"][0]["message"], "VMI was paused by user");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vm_stopped_by_its_run_strategy_and_the_table_of_many() {
    let env = env().await;
    create(&env, vm("web-1", "Halted", json!({}), None)).await;
    create(
        &env,
        vm("web-2", "Always", json!({troubles::PAUSED: "true"}), None),
    )
    .await;
    let d = reason_of(&env, "web-1", "StoppedByRunStrategy", "Stopped").await;
    assert_eq!(d["status"], "Stopped");
    reason_of(&env, "web-2", "Paused", "Paused").await;

    let out = run(&env, &["-l", "app=web", "-o", "wide"]).await;
    let text = stdout(&out);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Vec<&str>> = text
        .lines()
        .take(3)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows[0].last(), Some(&"MESSAGE"), "{text}");
    assert_eq!(rows[1][..3], ["web-1", "Stopped", "False"], "{text}");
    assert_eq!(rows[1][6], "StoppedByRunStrategy", "{text}");
    assert_eq!(
        rows[2][..4],
        ["web-2", "Paused", "True", "sim-node-1"],
        "{text}"
    );
    assert!(
        text.contains("Name:        web-2"),
        "-o wide describes each VM: {text}"
    );

    let all = stdout(&run(&env, &["-A"]).await);
    assert!(all.starts_with("NAMESPACE"), "{all}");
    assert_eq!(all.lines().count(), 3, "{all}");

    let yaml = stdout(&run(&env, &["web-1", "-o", "yaml"]).await);
    assert!(yaml.contains("kind: StoppedByRunStrategy"), "{yaml}");

    // A name that does not exist: kubectl's NotFound line, the others still shown, exit 1.
    let out = run(&env, &["web-1", "nope"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("web-1"));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Error from server (NotFound): virtualmachines.kubevirt.io \"nope\" not found"));
    let none = run(&env, &["-l", "app=none"]).await;
    assert_eq!(none.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&none.stderr),
        "No resources found in default namespace.\n"
    );
}
