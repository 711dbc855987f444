//! Benchmark (not a test): roll N VMs with boot time T and budget k on the simulator and
//! compare the wall time with the ideal ceil(N/k) * (T + min-ready); print how long the
//! client took to act after a batch became available (from the simulator's timeline).
//!
//! `cargo bench --bench roll` (env ROLL_N, ROLL_K, ROLL_BOOT_MS, ROLL_MIN_READY_MS;
//! ROLL_WRITE_LATENCY_MS makes every write wait that long in the emulator during the roll,
//! the client's and the simulator's alike, as on a real API server with etcd: ~35 ms for a
//! server-side apply of one VM on this machine, against 1-2 ms in the emulator).

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
    if std::env::var_os("ROLL_TIME_LIST").is_some() {
        let t = Instant::now();
        for _ in 0..10 {
            let l = api.list(&ListParams::default()).await.expect("list");
            std::hint::black_box(l);
        }
        let raw = cluster
            .client()
            .request_text(
                http::Request::get("/apis/kubevirt.io/v1/namespaces/default/virtualmachines")
                    .body(vec![])
                    .expect("request"),
            )
            .await
            .expect("raw list");
        eprintln!(
            "list of {n} VMs: {:.1} ms each, {} bytes",
            t.elapsed().as_secs_f64() * 100.0,
            raw.len()
        );
    }
    // The last VMs just became Ready: they count as unavailable for min-ready, which would
    // hold the budget at the start of the roll and charge the client for it. Condition times
    // have whole seconds, which the client reads as the end of that second (so as never to
    // cut a min-ready short): wait out the second too.
    tokio::time::sleep(Duration::from_millis(1000 + min_ready)).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let kc = dir.path().join("kc");
    cluster.write_kubeconfig(&kc).expect("kubeconfig");
    let write_latency = env_u64("ROLL_WRITE_LATENCY_MS", 0);
    cluster.set_write_latency(Duration::from_millis(write_latency));
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
    let mut args = args;
    if let Ok(v) = std::env::var("ROLL_V") {
        args.insert(0, format!("-v={v}"));
    }
    let status = tokio::task::spawn_blocking(move || {
        // ROLL_STDERR=1 shows the client's progress lines, stamped with the seconds since it
        // started (and -v=6 requests with ROLL_V=6).
        let show = std::env::var_os("ROLL_STDERR").is_some();
        let mut child = Command::new(env!("CARGO_BIN_EXE_kubectl-vmmigrate"))
            .args(&args)
            .stdin(Stdio::null())
            .stderr(if show { Stdio::piped() } else { Stdio::null() })
            .spawn()
            .expect("run");
        if let Some(err) = child.stderr.take() {
            use std::io::BufRead;
            for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                eprintln!("{:8.3} {line}", start.elapsed().as_secs_f64());
            }
        }
        child.wait().expect("wait")
    })
    .await
    .expect("join");
    let took = start.elapsed();
    assert!(status.success(), "rollout failed");
    let ideal = Duration::from_millis(n.div_ceil(k) * (boot + min_ready));
    if write_latency > 0 {
        println!("every write waited {write_latency} ms in the emulator (ROLL_WRITE_LATENCY_MS)");
    }
    println!(
        "rolled {n} VMs, budget {k}, boot {boot} ms, min-ready {min_ready} ms: {:.2} s, ideal {:.2} s ({:+.1}%)",
        took.as_secs_f64(),
        ideal.as_secs_f64(),
        (took.as_secs_f64() / ideal.as_secs_f64() - 1.0) * 100.0
    );
    // Where the time goes, from the simulator's record of each VM (it sees every restart
    // and every Ready, whoever causes them).
    let spans: Vec<(String, Duration, Duration)> = sim
        .not_ready_spans("app=bench")
        .into_iter()
        .filter(|(_, from, _)| *from >= t0)
        .collect();
    // ROLL_SPANS=1: each VM's down spans (seconds since the roll started), to line up with
    // the client's requests (ROLL_STDERR=1 ROLL_V=6).
    if std::env::var_os("ROLL_SPANS").is_some() {
        for (vm, from, to) in &spans {
            eprintln!(
                "span {vm} {:.3} {:.3}",
                from.saturating_sub(t0).as_secs_f64(),
                to.saturating_sub(t0).as_secs_f64()
            );
        }
    }
    if std::env::var_os("ROLL_DUMP").is_some() {
        for (t, n) in sim
            .timeline("app=bench")
            .into_iter()
            .filter(|(t, _)| *t >= t0)
        {
            eprintln!("{:8.3} {n}", t.saturating_sub(t0).as_secs_f64());
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pct = |v: &[f64], p: usize| v[(v.len() * p / 100).min(v.len().saturating_sub(1))];
    // 1. How long each VM was down: the restart as the simulator plays it (stop, new VMI,
    //    boot, status), which the ideal counts as exactly the boot time.
    let mut down: Vec<f64> = spans
        .iter()
        .map(|(_, f, t)| ms(t.saturating_sub(*f)))
        .collect();
    down.sort_by(|a, b| a.total_cmp(b));
    // 2. Reaction: each VM's Ready + min-ready is when its budget slot frees; the client's
    //    next restart (the next down span to start) should follow at once. Only while VMs
    //    remain to be restarted.
    let mut starts: Vec<Duration> = spans.iter().map(|(_, f, _)| *f).collect();
    starts.sort();
    let mut reaction: Vec<f64> = spans
        .iter()
        .filter_map(|(_, _, ready)| {
            let free = *ready + Duration::from_millis(min_ready);
            starts
                .iter()
                .find(|s| **s >= free)
                .map(|s| ms(s.saturating_sub(free)))
        })
        .collect();
    reaction.sort_by(|a, b| a.total_cmp(b));
    if !down.is_empty() {
        let batches = n.div_ceil(k) as f64;
        let with_sim = batches * (pct(&down, 50) + min_ready as f64) / 1000.0;
        println!(
            "each VM down (restart -> Ready as the simulator played it): median {:.0} ms, p90 {:.0} ms (boot {boot} ms); ideal with that restart time {with_sim:.2} s: the client took {:+.1}% more",
            pct(&down, 50),
            pct(&down, 90),
            (took.as_secs_f64() / with_sim - 1.0) * 100.0
        );
    }
    if !reaction.is_empty() {
        println!(
            "a VM's slot free (Ready + min-ready) -> the next restart: median {:.0} ms, p90 {:.0} ms, p99 {:.0} ms over {} VMs",
            pct(&reaction, 50),
            pct(&reaction, 90),
            pct(&reaction, 99),
            reaction.len()
        );
    }
    let passes = sim.pass_times();
    if !passes.is_empty() {
        let pct = |p: usize| passes[(passes.len() * p / 100).min(passes.len() - 1)];
        println!(
            "simulator reconcile passes: {} in all, median {:.1} ms, p90 {:.1} ms",
            passes.len(),
            pct(50).as_secs_f64() * 1000.0,
            pct(90).as_secs_f64() * 1000.0
        );
    }
}
