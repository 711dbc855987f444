//! Benchmark (not a test): roll N VMs with boot time T and budget k on the simulator and
//! compare the wall time with the ideal ceil(N/k) * (T + min-ready); print how long the
//! client took to act after a batch became available (from the simulator's timeline).
//!
//! `cargo bench --bench roll` (env ROLL_N, ROLL_K, ROLL_BOOT_MS, ROLL_MIN_READY_MS).

use kube::api::{Api, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::json;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

fn env_u64(k: &str, d: u64) -> u64 {
    std::env::var(k)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(d)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n = env_u64("ROLL_N", 60);
    let k = env_u64("ROLL_K", 10);
    let boot = env_u64("ROLL_BOOT_MS", 500);
    let min_ready = env_u64("ROLL_MIN_READY_MS", 200);
    let cluster = TestCluster::start().await.expect("cluster");
    cluster.install_kubevirt_crds().expect("CRDs");
    let sim = Simulator::start(
        cluster.client(),
        SimConfig {
            boot_time: Duration::from_millis(boot),
            tick: Duration::from_millis(10),
            ..SimConfig::default()
        },
    );
    let api: Api<DynamicObject> = Api::namespaced_with(
        cluster.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
            "virtualmachines",
        ),
    );
    for i in 0..n {
        let vm: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": format!("vm-{i:03}"), "namespace": "default", "labels": {"app": "bench"}},
            "spec": {"runStrategy": "Always", "template": {"spec": {
                "domain": {"devices": {"disks": [{"name": "root", "disk": {}}]}},
                "volumes": [{"name": "root", "containerDisk": {"image": "img:1"}}]}}},
        }))
        .expect("vm");
        api.create(&PostParams::default(), &vm)
            .await
            .expect("create");
    }
    loop {
        let l = api.list(&ListParams::default()).await.expect("list");
        if l.items
            .iter()
            .filter(|v| v.data.pointer("/status/ready") == Some(&json!(true)))
            .count() as u64
            == n
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let kc = dir.path().join("kc");
    cluster.write_kubeconfig(&kc).expect("kubeconfig");
    let t0 = sim.elapsed();
    let start = Instant::now();
    let kc2 = kc.clone();
    let args = vec![
        "--kubeconfig".to_string(),
        kc2.display().to_string(),
        "-n".into(),
        "default".into(),
        "roll".into(),
        "-l".into(),
        "app=bench".into(),
        "--set-image".into(),
        "img:2".into(),
        "--max-unavailable".into(),
        k.to_string(),
        "--min-ready".into(),
        format!("{}", min_ready as f64 / 1000.0),
        "--yes".into(),
    ];
    let status = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_kubectl-vmmigrate"))
            .args(&args)
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("run")
    })
    .await
    .expect("join");
    let took = start.elapsed();
    assert!(status.success(), "rollout failed");
    let ideal = Duration::from_millis(n.div_ceil(k) * (boot + min_ready));
    println!(
        "rolled {n} VMs, budget {k}, boot {boot} ms, min-ready {min_ready} ms: {:.2} s, ideal {:.2} s ({:+.1}%)",
        took.as_secs_f64(),
        ideal.as_secs_f64(),
        (took.as_secs_f64() / ideal.as_secs_f64() - 1.0) * 100.0
    );
    // Reaction: a VM of the last batch becoming Ready (not-ready count falls) -> min-ready
    // later the client restarts the next VM (count rises). Gap minus min-ready, per rise.
    let tl: Vec<(Duration, usize)> = sim
        .timeline("app=bench")
        .into_iter()
        .filter(|(t, _)| *t >= t0)
        .collect();
    let mut gaps: Vec<f64> = vec![];
    let mut last_fall: Option<Duration> = None;
    for w in tl.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.1 < a.1 {
            last_fall = Some(b.0);
        } else if let Some(f) = last_fall.take() {
            let gap = b.0.saturating_sub(f).as_secs_f64() * 1000.0 - min_ready as f64;
            gaps.push(gap.max(0.0));
        }
    }
    gaps.sort_by(|a, b| a.total_cmp(b));
    if let Some(med) = gaps.get(gaps.len() / 2) {
        println!(
            "Ready -> next restart seen by the simulator, minus min-ready: median {med:.0} ms, max {:.0} ms over {} batches (includes the simulator's 10 ms tick)",
            gaps.last().copied().unwrap_or(0.0),
            gaps.len()
        );
    }
}
