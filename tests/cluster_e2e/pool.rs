//! Cattle mode on the test cluster: `pool create` from the bundled OVF example applies a
//! VirtualMachinePool that the simulator's pool controller fills, `/usr/bin/kubectl scale`
//! moves it through the scale subresource (the newest replicas go first, their disks kept
//! with `--keep-disks`), and a replica that keeps failing to start is healed.

use crate::apply_env::{env, fast_sim, stderr, stdout, Env};
use serde_json::Value;
use std::time::Duration;
use vmmigrate_testcluster::simulator::{ann, Simulator};

pub const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/ovf/centos7-web.ovf");
const LIMIT: Duration = Duration::from_secs(40);

pub fn pool_vm(e: &Env, name: &str) -> Option<Value> {
    e.vm(name)
        .filter(|vm| vm["metadata"]["deletionTimestamp"].is_null())
}

pub fn is_ready(vm: &Value) -> bool {
    vm["status"]["conditions"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True")
}

/// Waits until exactly replicas `web-0` .. `web-{n-1}` exist (of the first 10) and are Ready.
pub async fn exactly_ready(e: &Env, n: usize) {
    e.until(
        LIMIT,
        &format!("web-0..web-{} Ready, no other", n - 1),
        |e| {
            let ok = (0..10).all(|i| {
                let vm = pool_vm(e, &format!("web-{i}"));
                if i < n {
                    vm.as_ref().is_some_and(is_ready)
                } else {
                    vm.is_none()
                }
            });
            ok.then_some(())
        },
    )
    .await
}

fn kubectl(e: &Env, args: &[&str]) -> std::process::Output {
    std::process::Command::new("/usr/bin/kubectl")
        .arg("--kubeconfig")
        .arg(&e.kubeconfig)
        .args(args)
        .output()
        .expect("kubectl runs")
}

pub fn create(e: &Env, extra: &[&str]) {
    let mut args = vec![
        "pool", "create", "web", "--from", SPEC, "-n", "default", "--yes",
    ];
    args.extend_from_slice(extra);
    let out = e.run(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("virtualmachinepool.pool.kubevirt.io/web created"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_of_five_scales_to_eight_and_back_to_three_keeping_the_removed_disks() {
    if !std::path::Path::new("/usr/bin/kubectl").exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "/usr/bin/kubectl is missing and CI is set"
        );
        eprintln!("SKIPPED: /usr/bin/kubectl is not installed");
        return;
    }
    let e = env(true).await;
    let _sim = Simulator::start(e.cluster.client(), fast_sim());
    create(
        &e,
        &["--replicas", "5", "--keep-disks", "--scale-in", "newest"],
    );
    exactly_ready(&e, 5).await;
    // The golden disks once, each replica's disks cloned from their DataSources.
    let golden = e.cluster.object(
        "cdi.kubevirt.io",
        "datavolumes",
        "default",
        "web-hard-disk-1-golden",
    );
    assert!(golden.is_some(), "golden DataVolume");
    let vm = pool_vm(&e, "web-3").unwrap();
    assert_eq!(
        vm["spec"]["dataVolumeTemplates"][0]["spec"]["sourceRef"]["name"],
        "web-hard-disk-1"
    );
    let scale = kubectl(&e, &["scale", "vmpool/web", "--replicas", "8"]);
    assert!(
        scale.status.success(),
        "{}",
        String::from_utf8_lossy(&scale.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&scale.stdout).trim(),
        "virtualmachinepool.pool.kubevirt.io/web scaled"
    );
    exactly_ready(&e, 8).await;
    let scale = kubectl(&e, &["scale", "vmpool/web", "--replicas", "3"]);
    assert!(
        scale.status.success(),
        "{}",
        String::from_utf8_lossy(&scale.stderr)
    );
    // Newest first: web-7 .. web-3 go (the first five share a creation second; the higher
    // index is the newer), web-0 .. web-2 stay.
    exactly_ready(&e, 3).await;
    for i in 3..8 {
        let dv = format!("web-hard-disk-1-{i}");
        let kept = e
            .cluster
            .object("cdi.kubevirt.io", "datavolumes", "default", &dv)
            .unwrap_or_else(|| panic!("{dv} was deleted despite --keep-disks"));
        assert!(
            kept["metadata"]["ownerReferences"]
                .as_array()
                .is_none_or(Vec::is_empty),
            "{dv} still owned: {kept}"
        );
    }
    e.until(LIMIT, "the pool's status to say 3 of 3", |e| {
        let pool = e
            .cluster
            .object("pool.kubevirt.io", "virtualmachinepools", "default", "web")?;
        (pool["status"]["replicas"] == 3 && pool["status"]["readyReplicas"] == 3).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_fails_to_start_is_healed() {
    let e = env(true).await;
    let _sim = Simulator::start(e.cluster.client(), fast_sim());
    create(
        &e,
        &[
            "--replicas",
            "2",
            "--heal-start-failures",
            "2",
            "--heal-after",
            "10m",
        ],
    );
    exactly_ready(&e, 2).await;
    let before = pool_vm(&e, "web-1").unwrap()["metadata"]["uid"].clone();
    let vms = kube::Api::<kube::api::DynamicObject>::namespaced_with(
        e.cluster.client(),
        "default",
        &kube::api::ApiResource::from_gvk_with_plural(
            &kube::core::GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
            "virtualmachines",
        ),
    );
    let fail = serde_json::json!({"metadata": {"annotations": {ann::FAIL_BOOT: "true"}}});
    vms.patch(
        "web-1",
        &kube::api::PatchParams::default(),
        &kube::api::Patch::Merge(fail),
    )
    .await
    .expect("annotate web-1");
    let vmis = kube::Api::<kube::api::DynamicObject>::namespaced_with(
        e.cluster.client(),
        "default",
        &kube::api::ApiResource::from_gvk_with_plural(
            &kube::core::GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachineInstance"),
            "virtualmachineinstances",
        ),
    );
    vmis.delete("web-1", &kube::api::DeleteParams::default())
        .await
        .expect("restart web-1");
    e.until(LIMIT, "web-1 replaced by a new VM", |e| {
        pool_vm(e, "web-1")
            .filter(|vm| vm["metadata"]["uid"] != before)
            .map(|_| ())
    })
    .await;
    exactly_ready(&e, 2).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autoscale_applies_an_hpa_on_the_pools_scale_subresource() {
    let e = env(true).await;
    create(
        &e,
        &[
            "--replicas",
            "2",
            "--autoscale",
            "2:4",
            "--cpu-utilization",
            "60",
            "--metric",
            "kubevirt_vmi_network_receive_packets_per_second=1k",
        ],
    );
    let hpa = e
        .cluster
        .object("autoscaling", "horizontalpodautoscalers", "default", "web")
        .expect("the HPA is applied (the test cluster validates it as kube-apiserver does)");
    assert_eq!(hpa["spec"]["scaleTargetRef"]["kind"], "VirtualMachinePool");
    assert_eq!(hpa["spec"]["maxReplicas"], 4);
    assert_eq!(
        hpa["spec"]["metrics"],
        serde_json::json!([
            {"type": "Resource", "resource": {"name": "cpu",
                "target": {"type": "Utilization", "averageUtilization": 60}}},
            {"type": "Pods", "pods": {
                "metric": {"name": "kubevirt_vmi_network_receive_packets_per_second"},
                "target": {"type": "AverageValue", "averageValue": "1k"}}},
        ])
    );
    // Secrets are not needed here (no cloud-init), the pool is.
    assert!(e
        .cluster
        .object("pool.kubevirt.io", "virtualmachinepools", "default", "web")
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_vm_is_the_golden_vm_of_a_pool() {
    let e = env(true).await;
    let _sim = Simulator::start(e.cluster.client(), fast_sim());
    let spec = e.write_spec(301, &crate::apply_env::pve("legacy-web", 301, 1));
    let applied = e.run(&["apply", spec.to_str().unwrap(), "-n", "default", "--yes"]);
    assert!(applied.status.success(), "{}", stderr(&applied));
    e.until(LIMIT, "legacy-web Ready", |e| {
        e.vm("legacy-web").filter(is_ready).map(|_| ())
    })
    .await;
    let dv = e.vm("legacy-web").unwrap()["spec"]["dataVolumeTemplates"][0]["metadata"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let out = e.run(&[
        "pool",
        "create",
        "web",
        "--from",
        "vm/legacy-web",
        "--replicas",
        "2",
        "--yes",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains("datavolume"), "no new golden disk: {text}");
    assert!(stderr(&out).contains("stop it first"), "{}", stderr(&out));
    let source = e
        .cluster
        .object("cdi.kubevirt.io", "datasources", "default", "web-scsi0")
        .expect("a DataSource named after the disk");
    assert_eq!(source["spec"]["source"]["pvc"]["name"], dv.as_str());
    exactly_ready(&e, 2).await;
    // Offline output cannot read the cluster's VM.
    let offline = e.run(&[
        "pool",
        "create",
        "web",
        "--from",
        "vm/legacy-web",
        "--dry-run=client",
    ]);
    assert_eq!(offline.status.code(), Some(2));
    let missing = e.run(&["pool", "create", "web", "--from", "vm/nope", "--yes"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("Error from server (NotFound)"),
        "{}",
        stderr(&missing)
    );
}

/// `pool create --wait` follows the replicas the pool controller makes (by the names it gives
/// them), not only the objects it applied: when it returns, every replica is Ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_with_wait_returns_when_every_replica_is_ready() {
    let e = env(true).await;
    let _sim = Simulator::start(e.cluster.client(), fast_sim());
    let out = e.run(&[
        "pool",
        "create",
        "web",
        "--from",
        SPEC,
        "-n",
        "default",
        "--yes",
        "--replicas",
        "3",
        "--wait",
        "--timeout",
        "60s",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    for i in 0..3 {
        let vm = pool_vm(&e, &format!("web-{i}"));
        assert!(
            vm.as_ref().is_some_and(is_ready),
            "web-{i} not Ready when --wait returned"
        );
    }
    assert!(stderr(&out).contains("3 VMs ready"), "{}", stderr(&out));
}
