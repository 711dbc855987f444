//! `roll vmpool/NAME` on the test cluster: a pool of 5 made by `pool create` from the
//! bundled OVF example rolls to a new golden image with a budget of 2 and a surge of 1. The
//! budget and the surge are checked on the simulator's timeline of the replicas (never more
//! than 2 not Ready, never more than 6 VMs), the pool's template, strategy and size and every
//! replica's disk from the cluster, and every object the roll wrote against the upstream
//! schemas and KubeVirt's admission rules. `roll undo` returns the pool and its replicas to
//! the first golden disk within the same budget; a canary pauses a pool roll and `roll
//! resume` finishes it; a killed roll resumes; a failed health gate rolls the pool back.

use crate::apply_env::{env, fast_sim, stderr, stdout, Env};
use crate::pool::{create, exactly_ready, is_ready};
use serde_json::{json, Value};
use std::time::Duration;
use vmmigrate_testcluster::simulator::Simulator;

const REPLICAS: &str = "kubevirt.io/vmpool=web";
const FIRST_SOURCE: &str = "web-hard-disk-1";
const LIMIT: Duration = Duration::from_secs(60);

/// Runs the plugin off the runtime's threads (the emulator and the simulator run on them).
async fn run(e: &Env, args: &[&str]) -> std::process::Output {
    let kubeconfig = e.kubeconfig.clone();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(crate::roll_env::BIN)
            .args(&args)
            .arg("--kubeconfig")
            .arg(&kubeconfig)
            .env_remove("KUBECONFIG")
            .env("NO_COLOR", "1")
            .output()
            .expect("plugin runs")
    })
    .await
    .expect("the plugin's thread")
}

fn pool(e: &Env) -> Value {
    e.cluster
        .object("pool.kubevirt.io", "virtualmachinepools", "default", "web")
        .expect("the pool")
}

/// The pool's replicas (VMs it owns, not being deleted), by name.
async fn replicas(e: &Env) -> Vec<Value> {
    let api = kube::Api::<kube::api::DynamicObject>::namespaced_with(
        e.cluster.client(),
        "default",
        &kube::core::ApiResource::from_gvk_with_plural(
            &kube::core::GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachine"),
            "virtualmachines",
        ),
    );
    let list = api
        .list(&kube::api::ListParams::default().labels(REPLICAS))
        .await
        .expect("list VMs");
    let mut out: Vec<Value> = list
        .items
        .iter()
        .map(|o| serde_json::to_value(o).expect("VM as JSON"))
        .filter(|v| v["metadata"]["deletionTimestamp"].is_null())
        .collect();
    out.sort_by_key(|v| {
        v["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    });
    out
}

fn source_of(template_spec: &Value) -> &str {
    template_spec["dataVolumeTemplates"][0]["spec"]["sourceRef"]["name"]
        .as_str()
        .unwrap_or_default()
}

/// Every replica Ready on `source`, and each one's DataVolume made from it.
async fn all_on(e: &Env, source: &str, n: usize) {
    let start = std::time::Instant::now();
    loop {
        let vms = replicas(e).await;
        let done = vms.len() == n
            && vms.iter().all(|vm| {
                let dv = e.dv_of(vm["metadata"]["name"].as_str().unwrap_or_default());
                is_ready(vm)
                    && source_of(&vm["spec"]) == source
                    && dv.is_some_and(|d| {
                        d["spec"]["sourceRef"]["name"] == source
                            && d["status"]["phase"] == "Succeeded"
                    })
            });
        if done {
            return;
        }
        assert!(
            start.elapsed() < LIMIT,
            "replicas not all Ready on {source}: {:#?}",
            vms.iter()
                .map(|v| {
                    let dv = e.dv_of(v["metadata"]["name"].as_str().unwrap_or_default());
                    (
                        v["metadata"]["name"].clone(),
                        source_of(&v["spec"]).to_string(),
                        is_ready(v),
                        dv.map(|d| {
                            (
                                d["metadata"]["name"].clone(),
                                d["spec"]["sourceRef"]["name"].clone(),
                                d["status"]["phase"].clone(),
                            )
                        }),
                    )
                })
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// An object as written (what the schemas and admission judge): no status, no server-set
/// metadata.
fn as_written(o: &Value) -> Value {
    let mut o = o.clone();
    if let Some(m) = o.as_object_mut() {
        m.remove("status");
    }
    let meta = &o["metadata"];
    let mut kept = json!({"name": meta["name"], "namespace": meta["namespace"]});
    for k in ["labels", "annotations"] {
        if meta[k].is_object() {
            kept[k] = meta[k].clone();
        }
    }
    o["metadata"] = kept;
    o
}

/// Waits until the simulator's own samples show `n` replicas Ready and none not Ready: a
/// `t0` taken after this lies after the pool settled (the API can say Ready before the
/// simulator samples it), and a timeline read after it is complete up to this state.
async fn sampled_ready(sim: &Simulator, n: usize) {
    let start = std::time::Instant::now();
    loop {
        let ready = sim.ready_timeline(REPLICAS).last().map_or(0, |l| l.1);
        let down = sim.timeline(REPLICAS).last().map_or(0, |l| l.1);
        if ready == n && down == 0 {
            return;
        }
        assert!(
            start.elapsed() < LIMIT,
            "the simulator never sampled {n} replicas Ready: {:?}",
            sim.timeline(REPLICAS)
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_pool_of_five(e: &Env) {
    create(e, &["--replicas", "5"]);
    exactly_ready(e, 5).await;
    assert_eq!(
        source_of(&pool(e)["spec"]["virtualMachineTemplate"]["spec"]),
        FIRST_SOURCE
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_rolls_to_a_new_image_within_budget_and_surge_and_undoes() {
    let e = env(true).await;
    let sim = Simulator::start(e.cluster.client(), fast_sim());
    a_pool_of_five(&e).await;
    sampled_ready(&sim, 5).await;
    let t0 = sim.elapsed();
    let out = run(
        &e,
        &[
            "roll",
            "vmpool/web",
            "-n",
            "default",
            "--set-image",
            "quay.io/demo/web:2",
            "--max-unavailable",
            "2",
            "--max-surge",
            "1",
            "--min-ready",
            "0.1",
            "--yes",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Complete"), "{}", stderr(&out));

    // The pool: the new golden disk in its template, KubeVirt's controller told to leave the
    // replicas to the plugin, back to 5 replicas.
    let p = pool(&e);
    let spec = &p["spec"];
    let source = source_of(&spec["virtualMachineTemplate"]["spec"]).to_string();
    assert!(
        source.starts_with("web-hard-disk-1-") && source != FIRST_SOURCE,
        "{source}"
    );
    assert_eq!(spec["updateStrategy"], json!({"unmanaged": {}}));
    assert_eq!(spec["replicas"], 5);
    // The new golden disk, once: a DataVolume importing the image and its DataSource.
    let golden = e
        .cluster
        .object(
            "cdi.kubevirt.io",
            "datavolumes",
            "default",
            &format!("{source}-golden"),
        )
        .expect("the new golden DataVolume");
    assert_eq!(
        golden["spec"]["source"]["registry"]["url"],
        "docker://quay.io/demo/web:2"
    );
    let ds = e
        .cluster
        .object("cdi.kubevirt.io", "datasources", "default", &source)
        .expect("the new DataSource");
    assert_eq!(
        ds["spec"]["source"]["pvc"]["name"],
        format!("{source}-golden")
    );
    // Every replica on it, each disk made again from it.
    all_on(&e, &source, 5).await;
    sampled_ready(&sim, 5).await;

    // From the cluster: never more than 2 replicas down, never more than 6 VMs, and the
    // surge and the restarts did happen.
    let worst = sim.max_not_ready_since(REPLICAS, t0);
    assert!(
        worst <= 2,
        "{worst} replicas not Ready at once: {:?}",
        sim.timeline(REPLICAS)
    );
    assert!(
        worst >= 1,
        "no replica was ever restarted: {:?}",
        sim.timeline(REPLICAS)
    );
    let most = sim.max_matching_since(REPLICAS, t0);
    assert_eq!(most, 6, "the pool surged to 6 VMs and no further");

    // roll status / history on the pool form.
    let st = run(
        &e,
        &[
            "roll",
            "status",
            "vmpool/web",
            "-n",
            "default",
            "-o",
            "json",
        ],
    )
    .await;
    assert!(st.status.success(), "{}", stderr(&st));
    let v: Value = serde_json::from_slice(&st.stdout).expect("status JSON");
    assert_eq!(v["status"], "Complete");
    assert_eq!(v["summary"]["total"], 5);
    let h = run(
        &e,
        &["roll", "history", "virtualmachinepool/web", "-n", "default"],
    )
    .await;
    assert_eq!(stdout(&h).lines().count(), 2, "{}", stdout(&h));
    let list = run(&e, &["roll", "status", "-n", "default"]).await;
    assert!(stdout(&list).contains("vmpool/web"), "{}", stdout(&list));

    // Every object the roll wrote passes the schemas and KubeVirt's admission rules.
    let mut written = vec![as_written(&p), as_written(&golden), as_written(&ds)];
    written.extend(replicas(&e).await.iter().map(as_written));
    if let Some(errors) = crate::support::check_objects("pool_roll", &written) {
        assert!(errors.is_empty(), "{errors:#?}");
    }

    // Undo: the first golden disk again, in the template and on every replica, within the
    // same budget and surge.
    sampled_ready(&sim, 5).await;
    let t1 = sim.elapsed();
    let undo = run(&e, &["roll", "undo", "vmpool/web", "-n", "default"]).await;
    assert!(undo.status.success(), "{}", stderr(&undo));
    assert_eq!(
        source_of(&pool(&e)["spec"]["virtualMachineTemplate"]["spec"]),
        FIRST_SOURCE
    );
    assert_eq!(pool(&e)["spec"]["replicas"], 5);
    all_on(&e, FIRST_SOURCE, 5).await;
    sampled_ready(&sim, 5).await;
    let worst = sim.max_not_ready_since(REPLICAS, t1);
    assert!(
        (1..=2).contains(&worst),
        "{worst} not Ready at once: {:?}",
        sim.timeline(REPLICAS)
    );
    assert!(sim.max_matching_since(REPLICAS, t1) <= 6);
    let h = run(&e, &["roll", "history", "vmpool/web", "-n", "default"]).await;
    assert!(
        stdout(&h).contains("rollback of revision 1"),
        "{}",
        stdout(&h)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_canary_pauses_a_pool_roll_and_resume_finishes_it() {
    let e = env(true).await;
    let _sim = Simulator::start(e.cluster.client(), fast_sim());
    a_pool_of_five(&e).await;
    let out = run(
        &e,
        &[
            "roll",
            "vmpool/web",
            "-n",
            "default",
            "--set-memory",
            "3Gi",
            "--canary",
            "1",
            "--yes",
        ],
    )
    .await;
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("Paused"), "{}", stderr(&out));
    let p = pool(&e);
    assert_eq!(
        p["spec"]["virtualMachineTemplate"]["spec"]["template"]["spec"]["domain"]["memory"]
            ["guest"],
        "3Gi"
    );
    let on_new = |vms: &[Value]| {
        vms.iter()
            .filter(|v| v["spec"]["template"]["spec"]["domain"]["memory"]["guest"] == "3Gi")
            .count()
    };
    assert_eq!(on_new(&replicas(&e).await), 1, "one canary replica");
    // A wrong form is a usage error, before any I/O.
    let bad = run(&e, &["roll", "resume", "vmpool/web", "web-0"]).await;
    assert_eq!(bad.status.code(), Some(2), "{}", stderr(&bad));
    let replace = run(
        &e,
        &[
            "roll",
            "vmpool/web",
            "--set-cpu",
            "2",
            "--min-action",
            "replace",
            "--max-action",
            "replace",
            "--yes",
        ],
    )
    .await;
    assert_eq!(replace.status.code(), Some(2), "{}", stderr(&replace));
    assert!(
        stderr(&replace).contains("does not apply to a pool"),
        "{}",
        stderr(&replace)
    );
    let resume = run(&e, &["roll", "resume", "vmpool/web", "-n", "default"]).await;
    assert!(resume.status.success(), "{}", stderr(&resume));
    let vms = replicas(&e).await;
    assert_eq!(vms.len(), 5);
    assert_eq!(on_new(&vms), 5, "every replica on the new template");
}

/// Kill points spread over a pool roll (before the template is written, during the surge,
/// mid-batch, near the end): the same command run again resumes it, and it ends with the
/// template, every replica and the size as an unbroken roll leaves them, within the budget
/// and the surge.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_pool_roll_resumes_within_budget_and_surge() {
    let e = env(true).await;
    let sim = Simulator::start(e.cluster.client(), fast_sim());
    a_pool_of_five(&e).await;
    let mut resumed = 0;
    for (k, kill_ms) in [40u64, 400, 1_200, 2_600].into_iter().enumerate() {
        sampled_ready(&sim, 5).await;
        let t0 = sim.elapsed();
        let image = format!("quay.io/demo/web:{}", k + 10);
        let args = [
            "roll",
            "vmpool/web",
            "-n",
            "default",
            "--set-image",
            &image,
            "--max-unavailable",
            "2",
            "--max-surge",
            "1",
            "--min-ready",
            "0.1",
            "--lease-duration",
            "1",
            "--yes",
        ];
        let mut child = std::process::Command::new(crate::roll_env::BIN)
            .args(args)
            .arg("--kubeconfig")
            .arg(&e.kubeconfig)
            .env_remove("KUBECONFIG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("plugin starts");
        tokio::time::sleep(Duration::from_millis(kill_ms)).await;
        let _ = child.kill();
        let _ = child.wait();
        // The killed client's 1 s Lease runs out; the same command takes over.
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let out = run(&e, &args).await;
        assert!(
            out.status.success(),
            "kill point {kill_ms} ms: {}",
            stderr(&out)
        );
        if stderr(&out).contains("resuming revision") {
            resumed += 1;
        }
        let p = pool(&e);
        let source = source_of(&p["spec"]["virtualMachineTemplate"]["spec"]).to_string();
        let golden = e
            .cluster
            .object(
                "cdi.kubevirt.io",
                "datavolumes",
                "default",
                &format!("{source}-golden"),
            )
            .expect("the golden DataVolume of the template's source");
        assert_eq!(
            golden["spec"]["source"]["registry"]["url"],
            format!("docker://{image}")
        );
        assert_eq!(p["spec"]["replicas"], 5, "kill point {kill_ms} ms");
        all_on(&e, &source, 5).await;
        sampled_ready(&sim, 5).await;
        let worst = sim.max_not_ready_since(REPLICAS, t0);
        assert!(
            worst <= 2,
            "kill point {kill_ms} ms: {worst} not Ready at once: {:?}",
            sim.timeline(REPLICAS)
        );
        let most = sim.max_matching_since(REPLICAS, t0);
        assert!(most <= 6, "kill point {kill_ms} ms: {most} VMs at once");
    }
    // The later kill points fall inside the roll (the earliest may come before its start).
    assert!(
        resumed >= 2,
        "only {resumed} of 4 runs resumed a killed roll"
    );
}

/// A pool roll whose change fails the health gate (a simulator annotation on the VMI template
/// keeps guests of the new template from ever being Ready) rolls back by itself: the pool's
/// template is the one before the roll again, and so is every replica, within the budget;
/// the pool is back to its size.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_health_gate_rolls_the_pool_back_by_itself() {
    let e = env(true).await;
    let sim = Simulator::start(e.cluster.client(), fast_sim());
    create(&e, &["--replicas", "3"]);
    exactly_ready(&e, 3).await;
    sampled_ready(&sim, 3).await;
    let before = pool(&e)["spec"]["virtualMachineTemplate"].clone();
    let t0 = sim.elapsed();
    let patch = json!({"metadata": {"annotations": {vmmigrate_testcluster::simulator::ann::NEVER_READY: "true"}}});
    let out = run(
        &e,
        &[
            "roll",
            "vmpool/web",
            "-n",
            "default",
            "--patch",
            &patch.to_string(),
            "--max-unavailable",
            "1",
            "--max-surge",
            "1",
            "--progress-deadline",
            "10",
            // An annotation alone is a `none` change: rolled back in place, the surge
            // replica born with it keeps its never-Ready instance and the rollback fails
            // (seen in CI; a known limit in the README). A restart takes the annotation off.
            "--min-action",
            "restart",
            "--auto-rollback",
            "--yes",
        ],
    )
    .await;
    let err = stderr(&out);
    // The surge replica, born on the failing template, never becomes available and holds
    // the budget of 1 past the progress deadline: the roll fails there, before any old
    // replica was touched, and rolls back.
    assert!(err.contains("rolling back revision 1"), "{err}");
    assert!(out.status.success(), "a completed rollback exits 0: {err}");
    let p = pool(&e);
    assert_eq!(
        p["spec"]["virtualMachineTemplate"], before,
        "the template before the roll"
    );
    assert_eq!(p["spec"]["replicas"], 3);
    sampled_ready(&sim, 3).await;
    let vms = replicas(&e).await;
    assert_eq!(vms.len(), 3);
    for vm in &vms {
        assert!(
            vm["spec"]["template"]["metadata"]["annotations"]
                [vmmigrate_testcluster::simulator::ann::NEVER_READY]
                .is_null(),
            "{}",
            vm["metadata"]["name"]
        );
        assert!(is_ready(vm), "{}", vm["metadata"]["name"]);
    }
    let worst = sim.max_not_ready_since(REPLICAS, t0);
    assert!(worst <= 1, "{worst}: {:?}", sim.timeline(REPLICAS));
    assert!(sim.max_matching_since(REPLICAS, t0) <= 4);
    let st = run(
        &e,
        &[
            "roll",
            "status",
            "vmpool/web",
            "-n",
            "default",
            "-o",
            "json",
        ],
    )
    .await;
    let v: Value = serde_json::from_slice(&st.stdout).expect("status JSON");
    assert_eq!(v["status"], "RolledBack", "{v}");
}
