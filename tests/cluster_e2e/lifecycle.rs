//! Day-2 lifecycle verbs (`start`, `stop`, `restart`, `migrate`, `evacuate`) on the real
//! binary against the test cluster: each over at least 10 VMs with a budget of 2, checked
//! against the simulator's availability timeline (and, where a VM stays Ready or is meant to
//! be off, a poller counting the VMs in transition); non-migratable VMs reported with
//! KubeVirt's reason; kill-and-resume of `restart` and `evacuate`; the exit codes.

use crate::roll_env::{
    default_api, eventually, fleet_on, settled, vm, vm_api, wait_ready, Env, StderrTail, BIN,
};
use kube::api::{Api, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use vmmigrate_testcluster::simulator::SimConfig;

fn args(kc: &Path, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = vec![
        "--kubeconfig".into(),
        kc.display().to_string(),
        "-n".into(),
        "default".into(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

async fn run(kc: &Path, extra: &[&str]) -> Output {
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

/// [`run`], failing the test (with the command's output) unless it exits 0.
async fn run_ok(kc: &Path, extra: &[&str]) -> Output {
    let out = run(kc, extra).await;
    assert_eq!(code(&out), 0, "{}{}", text(&out.stdout), text(&out.stderr));
    out
}

fn spawn(kc: &Path, extra: &[&str]) -> std::process::Child {
    Command::new(BIN)
        .args(args(kc, extra))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn ar(kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk("kubevirt.io", "v1", kind), plural)
}

fn vmi_api(env: &Env) -> Api<DynamicObject> {
    Api::namespaced_with(
        env.cluster.client(),
        "default",
        &ar("VirtualMachineInstance", "virtualmachineinstances"),
    )
}

/// Each VMI's uid and node, by name.
async fn vmis(env: &Env) -> BTreeMap<String, (String, String)> {
    vmi_api(env)
        .list(&ListParams::default())
        .await
        .expect("list VMIs")
        .items
        .into_iter()
        .map(|i| {
            let node = i
                .data
                .pointer("/status/nodeName")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            (
                i.metadata.name.clone().unwrap_or_default(),
                (i.metadata.uid.clone().unwrap_or_default(), node),
            )
        })
        .collect()
}

fn sim(nodes: &[&str]) -> SimConfig {
    SimConfig {
        boot_time: Duration::from_millis(300),
        tick: Duration::from_millis(20),
        migration_time: Duration::from_millis(400),
        nodes: nodes.iter().map(|n| n.to_string()).collect(),
        ..SimConfig::default()
    }
}

/// `n` VMs `web-<i>` (app=web) on a simulator with `nodes`. Their pod network is bound with
/// masquerade, as a VM must be to live-migrate: KubeVirt's default binding is bridge, which
/// is not migratable (`InterfaceNotLiveMigratable`).
async fn fleet(n: usize, nodes: &[&str]) -> Env {
    let env = fleet_on(0, &[], true, sim(nodes)).await;
    let api = vm_api(&env.cluster);
    for i in 0..n {
        api.create(
            &PostParams::default(),
            &masquerade(vm(&format!("web-{i}"), &[])),
        )
        .await
        .expect("create VM");
    }
    wait_ready(&env, n).await;
    env
}

fn masquerade(mut v: DynamicObject) -> DynamicObject {
    let spec = &mut v.data["spec"]["template"]["spec"];
    spec["networks"] = json!([{"name": "default", "pod": {}}]);
    spec["domain"]["devices"]["interfaces"] = json!([{"name": "default", "masquerade": {}}]);
    v
}

/// A VM of the group whose disk is a ReadWriteOnce PVC: KubeVirt will not live-migrate it.
async fn add_rwo_vm(env: &Env, n_ready: usize) {
    let pvcs = default_api(
        &env.cluster,
        ("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
    );
    let pvc: DynamicObject =
        serde_json::from_value(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
        "metadata": {"name": "db-disk", "namespace": "default"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}))
        .expect("pvc");
    pvcs.create(&PostParams::default(), &pvc)
        .await
        .expect("create PVC");
    let mut db = masquerade(vm("db-0", &[]));
    db.data["spec"]["template"]["spec"]["volumes"] =
        json!([{"name": "root", "persistentVolumeClaim": {"claimName": "db-disk"}}]);
    vm_api(&env.cluster)
        .create(&PostParams::default(), &db)
        .await
        .expect("create db-0");
    wait_ready(env, n_ready).await;
}

/// Counts, every 10 ms until stopped, the VMs of the group in transition (a VMI not Ready,
/// being deleted, or migrating) and keeps the largest count: the budget as the client must
/// keep it where the availability timeline cannot show it (a migrating VM stays Ready, a
/// stopped one is meant to be off).
struct Poller {
    max: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Poller {
    fn start(env: &Env) -> Self {
        let (max, stop) = (
            Arc::new(AtomicUsize::new(0)),
            Arc::new(AtomicBool::new(false)),
        );
        let api = vmi_api(env);
        let (m, s) = (max.clone(), stop.clone());
        let task = tokio::spawn(async move {
            while !s.load(Ordering::Relaxed) {
                if let Ok(l) = api.list(&ListParams::default()).await {
                    let busy = l
                        .items
                        .iter()
                        .filter(|i| {
                            let ready = i
                                .data
                                .pointer("/status/conditions")
                                .and_then(Value::as_array)
                                .is_some_and(|c| {
                                    c.iter()
                                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                                });
                            let migrating = i.data.pointer("/status/migrationState/completed")
                                == Some(&json!(false));
                            !ready || i.metadata.deletion_timestamp.is_some() || migrating
                        })
                        .count();
                    m.fetch_max(busy, Ordering::Relaxed);
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        });
        Poller { max, stop, task }
    }

    async fn finish(self) -> usize {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.task.await;
        self.max.load(Ordering::Relaxed)
    }
}

/// The largest rise of the not-Ready count from one sample to the next, after `since`.
fn largest_step(env: &Env, since: Duration, up: bool) -> usize {
    let tl = env.sim.timeline("app=web");
    let tl: Vec<&(Duration, usize)> = tl.iter().filter(|(t, _)| *t >= since).collect();
    tl.windows(2)
        .map(|w| {
            if up {
                w[1].1.saturating_sub(w[0].1)
            } else {
                w[0].1.saturating_sub(w[1].1)
            }
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn restart_by_selector_keeps_the_budget_of_2_over_10_vms() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let before = vmis(&env).await;
    let t0 = env.sim.elapsed();
    let out = run(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
        ],
    )
    .await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 0, "{stdout}{stderr}");
    settled(&env, 10).await;
    let after = vmis(&env).await;
    for (name, (uid, _)) in &before {
        assert_ne!(&after[name].0, uid, "{name} was not restarted");
    }
    assert_eq!(stdout.matches("restarted").count(), 10, "{stdout}");
    let worst = env.sim.max_not_ready_since("app=web", t0);
    assert_eq!(worst, 2, "timeline {:?}", env.sim.timeline("app=web"));
    assert!(
        stderr.contains("virtualmachine/web-0: restart\n"),
        "{stderr}"
    );
    // A history entry, like roll's.
    let h = run(&env.kubeconfig, &["restart", "history"]).await;
    assert_eq!(code(&h), 0);
    assert!(text(&h.stdout).contains("Complete"), "{}", text(&h.stdout));
    assert!(
        text(&h.stdout).contains("restart -l app=web"),
        "{}",
        text(&h.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stop_then_start_by_selector_two_at_a_time() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let t0 = env.sim.elapsed();
    let poller = Poller::start(&env);
    let out = run(
        &env.kubeconfig,
        &[
            "stop",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
        ],
    )
    .await;
    let busy = poller.finish().await;
    assert_eq!(code(&out), 0, "{}{}", text(&out.stdout), text(&out.stderr));
    assert!(vmis(&env).await.is_empty(), "every VMI is gone");
    for v in vm_api(&env.cluster)
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
    {
        assert_eq!(v.data.pointer("/spec/runStrategy"), Some(&json!("Halted")));
    }
    assert!((1..=2).contains(&busy), "{busy} VMs stopping at once");
    // The fleet went down two at a time: no sample saw more than 2 more VMs down.
    assert!(
        largest_step(&env, t0, true) <= 2,
        "{:?}",
        env.sim.timeline("app=web")
    );
    // Stopped VMs are meant to be off: stopping them again changes nothing.
    let again = run(&env.kubeconfig, &["stop", "-l", "app=web", "--yes"]).await;
    assert_eq!(code(&again), 0);
    assert_eq!(text(&again.stdout).matches("unchanged").count(), 10);

    let t1 = env.sim.elapsed();
    let poller = Poller::start(&env);
    let out = run(
        &env.kubeconfig,
        &[
            "start",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
        ],
    )
    .await;
    let busy = poller.finish().await;
    assert_eq!(code(&out), 0, "{}{}", text(&out.stdout), text(&out.stderr));
    settled(&env, 10).await;
    assert!((1..=2).contains(&busy), "{busy} VMs starting at once");
    assert!(
        largest_step(&env, t1, false) <= 2,
        "{:?}",
        env.sim.timeline("app=web")
    );
    // KubeVirt refuses a manual start of an Always VM that runs: we say so before asking.
    let again = run(&env.kubeconfig, &["start", "web-3", "--yes"]).await;
    assert_eq!(code(&again), 0);
    assert!(text(&again.stdout).contains("already running"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn migrate_keeps_vms_ready_and_reports_the_one_that_cannot_move() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    add_rwo_vm(&env, 11).await;
    let t0 = env.sim.elapsed();
    let poller = Poller::start(&env);
    let out = run(
        &env.kubeconfig,
        &[
            "migrate",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
        ],
    )
    .await;
    let busy = poller.finish().await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 1, "one VM not done: {stdout}{stderr}");
    let db_line = stdout
        .lines()
        .find(|l| l.starts_with("db-0"))
        .expect("db-0 reported");
    assert!(db_line.contains("skipped"), "{db_line}");
    assert!(
        db_line.contains("DisksNotLiveMigratable: cannot migrate VMI: PVC db-disk is not shared"),
        "{db_line}"
    );
    assert!(
        stderr.contains("error: 1 of 11 VM(s) not done: 1 skipped, 0 failed"),
        "{stderr}"
    );
    let nodes = vmis(&env).await;
    for i in 0..10 {
        assert_eq!(nodes[&format!("web-{i}")].1, "sim-node-2");
    }
    assert_eq!(nodes["db-0"].1, "sim-node-1");
    // A live migration keeps the VM Ready: nobody was ever unavailable.
    assert_eq!(env.sim.max_not_ready_since("app=web", t0), 0);
    assert!((1..=2).contains(&busy), "{busy} migrations at once");
    // With --allow-restart the one that cannot migrate is restarted instead.
    let uid = nodes["db-0"].0.clone();
    run_ok(
        &env.kubeconfig,
        &["migrate", "db-0", "--allow-restart", "--wait", "--yes"],
    )
    .await;
    assert_ne!(vmis(&env).await["db-0"].0, uid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn evacuate_cordons_and_moves_every_vm_off_the_node() {
    let env = fleet(10, &["sim-node-1", "sim-node-2", "sim-node-3"]).await;
    add_rwo_vm(&env, 11).await;
    let t0 = env.sim.elapsed();
    let poller = Poller::start(&env);
    let out = run(
        &env.kubeconfig,
        &[
            "evacuate",
            "sim-node-1",
            "--cordon",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
        ],
    )
    .await;
    let busy = poller.finish().await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 1, "db-0 cannot leave: {stdout}{stderr}");
    assert!(stderr.contains("node/sim-node-1 cordoned"), "{stderr}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("db-0") && l.contains("DisksNotLiveMigratable")),
        "{stdout}"
    );
    let nodes = vmis(&env).await;
    for i in 0..10 {
        assert_eq!(nodes[&format!("web-{i}")].1, "sim-node-2", "{nodes:?}");
    }
    assert_eq!(env.sim.max_not_ready_since("app=web", t0), 0);
    assert!((1..=2).contains(&busy), "{busy} at once");
    // Then with --allow-restart: db-0 restarts, elsewhere (the node is cordoned).
    let t1 = env.sim.elapsed();
    run_ok(
        &env.kubeconfig,
        &[
            "evacuate",
            "sim-node-1",
            "--allow-restart",
            "--wait",
            "--yes",
        ],
    )
    .await;
    assert_eq!(vmis(&env).await["db-0"].1, "sim-node-2");
    assert!(env.sim.max_not_ready_since("app=web", t1) <= 1);
    // Nothing is left on the node.
    let out = run(&env.kubeconfig, &["evacuate", "sim-node-1", "--yes"]).await;
    assert_eq!(code(&out), 0);
    assert!(text(&out.stderr).contains("No VirtualMachines run on node sim-node-1"));
}

/// Kill the client of `verb_args` once `done_word` was printed `k` times, run the same
/// command again after its Lease expired, and return the VMs done before the kill.
async fn kill_then_resume(
    env: &Env,
    verb_args: &[&str],
    done_word: &str,
    k: usize,
) -> (Vec<String>, String) {
    let mut child = spawn(&env.kubeconfig, verb_args);
    let tail = StderrTail::start(&mut child);
    eventually(&format!("{k} x {done_word}"), || async {
        let t = tail.text();
        if t.matches(done_word).count() >= k {
            Ok(())
        } else {
            Err(t)
        }
    })
    .await;
    child.kill().expect("kill");
    let _ = child.wait();
    let seen = tail.finish();
    let done: Vec<String> = seen
        .lines()
        .filter(|l| l.contains(done_word))
        .filter_map(|l| l.split(':').next())
        .map(|s| s.trim_start_matches("virtualmachine/").to_string())
        .collect();
    // Refused while the dead client's Lease lasts...
    let early = run(&env.kubeconfig, verb_args).await;
    assert_eq!(code(&early), 1, "{}", text(&early.stderr));
    assert!(
        text(&early.stderr).contains("is in progress, held by"),
        "{}",
        text(&early.stderr)
    );
    // ...then the same command goes on.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let out = run(&env.kubeconfig, verb_args).await;
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("resuming the operation begun by"),
        "{stderr}"
    );
    assert!(matches!(code(&out), 0 | 1), "{stderr}");
    (
        done,
        format!("{seen}\n--- resumed:\n{stderr}{}", text(&out.stdout)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_restart_resumes_without_restarting_a_vm_twice() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let t0 = env.sim.elapsed();
    let verb = [
        "restart",
        "-l",
        "app=web",
        "--max-unavailable",
        "2",
        "--wait",
        "--yes",
        "--lease-duration",
        "1",
    ];
    let (done, said) = kill_then_resume(&env, &verb, ": restarted", 3).await;
    assert!(done.len() >= 3 && done.len() < 10, "{done:?}");
    let mid = vmis(&env).await;
    settled(&env, 10).await;
    let end = vmis(&env).await;
    for n in &done {
        assert_eq!(
            mid[n].0, end[n].0,
            "{n} was restarted again after the resume"
        );
    }
    assert!(
        env.sim.max_not_ready_since("app=web", t0) <= 2,
        "{:?}",
        env.sim.timeline("app=web")
    );
    let h = run(&env.kubeconfig, &["restart", "history"]).await;
    assert_eq!(
        text(&h.stdout).matches("Complete").count(),
        1,
        "{}{said}",
        text(&h.stdout)
    );
    assert!(
        text(&h.stdout).contains("10 of 10 done"),
        "{}",
        text(&h.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_evacuation_resumes_and_empties_the_node() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let verb = [
        "evacuate",
        "sim-node-1",
        "--max-unavailable",
        "2",
        "--wait",
        "--yes",
        "--lease-duration",
        "1",
    ];
    let (_, said) = kill_then_resume(&env, &verb, ": migrated to", 2).await;
    let nodes = vmis(&env).await;
    assert!(
        nodes.values().all(|(_, n)| n == "sim-node-2"),
        "{nodes:?}{said}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn exit_codes_dry_run_timeout_abort_and_usage() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let before = vmis(&env).await;
    // --dry-run: the plan per VM, nothing changed.
    let out = run(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--dry-run",
        ],
    )
    .await;
    assert_eq!(code(&out), 0);
    let plan = text(&out.stdout);
    assert!(
        plan.starts_with("NAME    NODE         ACTION    DETAIL\nweb-0   sim-node-1   restart"),
        "{plan}"
    );
    assert!(
        plan.contains("10 VM(s) to restart, at most 2 at a time (max-unavailable 2)"),
        "{plan}"
    );
    assert_eq!(vmis(&env).await, before);
    // Usage: no VMs named.
    let out = run(&env.kubeconfig, &["restart", "--yes"]).await;
    assert_eq!(code(&out), 2, "{}", text(&out.stderr));
    let out = run(
        &env.kubeconfig,
        &["restart", "-l", "app=web", "--grace-period", "3"],
    )
    .await;
    assert_eq!(code(&out), 2);
    // A VM that does not exist: kubectl's words, exit 1.
    let out = run(&env.kubeconfig, &["restart", "nope", "--yes"]).await;
    assert_eq!(code(&out), 1);
    assert_eq!(
        text(&out.stderr),
        "Error from server (NotFound): virtualmachines.kubevirt.io \"nope\" not found\n"
    );
    // Timed out: exit 3, and the same command goes on.
    let slow = [
        "restart",
        "-l",
        "app=web",
        "--wait",
        "--yes",
        "--timeout",
        "1s",
    ];
    let out = run(&env.kubeconfig, &slow).await;
    assert_eq!(code(&out), 3, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("error: timed out:"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--wait",
            "--yes",
            "--timeout",
            "0",
        ],
    )
    .await;
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("resuming"),
        "{}",
        text(&out.stderr)
    );
    settled(&env, 10).await;
    // Aborted by `restart abort` from another client: exit 4.
    let mut child = spawn(
        &env.kubeconfig,
        &["restart", "-l", "app=web", "--wait", "--yes"],
    );
    let tail = StderrTail::start(&mut child);
    tail.wait_for("the first restart", ": restart\n").await;
    let out = run(&env.kubeconfig, &["restart", "abort", "-l", "app=web"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let status = tokio::task::spawn_blocking(move || child.wait().expect("wait"))
        .await
        .unwrap();
    assert_eq!(status.code(), Some(4), "{}", tail.finish());
    // Stop of a Halted VM: nothing to do; restart of it: KubeVirt's refusal, said before asking.
    settled(&env, 10).await;
    let out = run(&env.kubeconfig, &["stop", "web-0", "--yes", "--wait"]).await;
    assert_eq!(code(&out), 0);
    let out = run(&env.kubeconfig, &["restart", "web-0", "--yes"]).await;
    assert_eq!(code(&out), 1);
    assert!(
        text(&out.stdout).contains("RunStrategy Halted does not support manual restart requests"),
        "{}",
        text(&out.stdout)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pause_stops_new_actions_and_resume_goes_on() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let before = vmis(&env).await;
    let mut child = spawn(
        &env.kubeconfig,
        &["restart", "-l", "app=web", "--wait", "--yes"],
    );
    let tail = StderrTail::start(&mut child);
    tail.wait_for("the first restart", "web-0: restart\n").await;
    let out = run(&env.kubeconfig, &["restart", "pause", "-l", "app=web"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    tail.wait_for("the client sees the pause", ": paused").await;
    // Paused: what was in flight finishes, nothing new starts (a restart takes ~0.4 s here).
    let asked = |t: &str| t.lines().filter(|l| l.ends_with(": restart")).count();
    let at_pause = asked(&tail.text());
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(asked(&tail.text()), at_pause, "{}", tail.text());
    assert!(at_pause < 10);
    let out = run(&env.kubeconfig, &["restart", "resume", "-l", "app=web"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let status = tokio::task::spawn_blocking(move || child.wait().expect("wait"))
        .await
        .unwrap();
    let said = tail.finish();
    assert_eq!(status.code(), Some(0), "{said}");
    assert_eq!(asked(&said), 10, "{said}");
    let after = vmis(&env).await;
    assert!(before.iter().all(|(n, (uid, _))| &after[n].0 != uid));
}

/// `--probe`: a VM whose VMI is Ready but whose address does not answer is not done; it
/// fails at `--progress-deadline` (exit 1, the budget never freed); with a listener that
/// accepts, the same restart completes.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn probe_gates_a_restart_on_the_vmi_address() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    for i in 0..10 {
        vm_api(&env.cluster)
            .patch(
                &format!("web-{i}"),
                &kube::api::PatchParams::default(),
                &kube::api::Patch::Merge(json!({"metadata": {"annotations": {
                    vmmigrate_testcluster::simulator::ann::IP_ADDRESS: "127.0.0.1"}}})),
            )
            .await
            .expect("annotate");
    }
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed_port = closed.local_addr().expect("addr").port();
    drop(closed);
    let probe = format!("tcp:{closed_port}");
    let out = run(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
            "--progress-deadline",
            "2",
            "--probe",
            &probe,
        ],
    )
    .await;
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(code(&out), 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("restart did not finish within --progress-deadline (2 s)"),
        "{stderr}"
    );
    assert!(stdout.contains("failed"), "{stdout}");
    assert_eq!(
        stderr.matches(": restart\n").count(),
        2,
        "only the first batch: {stderr}"
    );
    settled(&env, 10).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    tokio::spawn(async move {
        while let Ok((_c, _)) = listener.accept().await {
            h.fetch_add(1, Ordering::SeqCst);
        }
    });
    let probe = format!("tcp:{port}");
    run_ok(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
            "--probe",
            &probe,
        ],
    )
    .await;
    assert!(hits.load(Ordering::SeqCst) >= 10);
}

/// Manual VMs: started and stopped through KubeVirt's state change requests, their run
/// strategy left as it is (the emulator used to switch it to Always/Halted); a restart
/// refused by KubeVirt for a VM that is not running is said before asking.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn manual_vms_keep_their_run_strategy() {
    let env = fleet(0, &["sim-node-1", "sim-node-2"]).await;
    let api = vm_api(&env.cluster);
    for i in 0..3 {
        let mut v = masquerade(vm(&format!("man-{i}"), &[]));
        v.data["spec"]["runStrategy"] = json!("Manual");
        v.metadata.labels = Some([("app".to_string(), "man".to_string())].into());
        api.create(&PostParams::default(), &v)
            .await
            .expect("create");
    }
    let out = run(&env.kubeconfig, &["restart", "-l", "app=man", "--yes"]).await;
    assert_eq!(code(&out), 1);
    assert_eq!(
        text(&out.stdout).matches("VM is not running").count(),
        3,
        "{}",
        text(&out.stdout)
    );
    run_ok(
        &env.kubeconfig,
        &[
            "start",
            "-l",
            "app=man",
            "--max-unavailable",
            "2",
            "--wait",
            "--yes",
        ],
    )
    .await;
    assert_eq!(vmis(&env).await.len(), 3);
    run_ok(
        &env.kubeconfig,
        &[
            "stop",
            "-l",
            "app=man",
            "--grace-period",
            "5",
            "--wait",
            "--yes",
        ],
    )
    .await;
    assert!(vmis(&env).await.is_empty());
    for v in api.list(&ListParams::default()).await.unwrap().items {
        assert_eq!(v.data["spec"]["runStrategy"], "Manual");
    }
}

/// Without `--wait` the command returns once the last VM's action was asked: the earlier
/// batches waited for the budget, the last is reported in flight, and the operation ends
/// (history: Issued), so the next restart of the same VMs is a new operation.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_wait_it_returns_once_the_last_action_is_asked() {
    let env = fleet(10, &["sim-node-1", "sim-node-2"]).await;
    let before = vmis(&env).await;
    let t0 = env.sim.elapsed();
    let out = run(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--max-unavailable",
            "2",
            "--yes",
        ],
    )
    .await;
    let stdout = text(&out.stdout);
    assert_eq!(code(&out), 0, "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("restart in flight"), "{stdout}");
    settled(&env, 10).await;
    let after = vmis(&env).await;
    assert!(before.iter().all(|(n, (uid, _))| &after[n].0 != uid));
    assert!(env.sim.max_not_ready_since("app=web", t0) <= 2);
    let h = run(&env.kubeconfig, &["restart", "history"]).await;
    assert!(text(&h.stdout).contains("Issued"), "{}", text(&h.stdout));
    let again = run(&env.kubeconfig, &["restart", "-l", "app=web", "--dry-run"]).await;
    assert!(
        !text(&again.stdout).contains("in progress"),
        "{}",
        text(&again.stdout)
    );
}

/// Each operation keeps its newest 10 runs in `<verb> history` (as `roll` keeps 10
/// revisions): a nightly `start` must not add an object to etcd forever; another operation's
/// runs are not touched by the pruning.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn history_keeps_the_newest_10_runs_of_each_operation() {
    let env = fleet(2, &["sim-node-1"]).await;
    let other = run(&env.kubeconfig, &["start", "web-1", "--yes"]).await;
    assert_eq!(code(&other), 0, "{}", text(&other.stderr));
    for _ in 0..12 {
        // Already running: done at once, and an entry each time.
        let out = run(&env.kubeconfig, &["start", "web-0", "--yes"]).await;
        assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    }
    let revisions: Api<DynamicObject> = Api::namespaced_with(
        env.cluster.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("apps", "v1", "ControllerRevision"),
            "controllerrevisions",
        ),
    );
    let causes: Vec<String> = revisions
        .list(&ListParams::default().labels("vmmigrate.io/lifecycle=start"))
        .await
        .expect("list ControllerRevisions")
        .items
        .iter()
        .map(|r| {
            r.data["data"]["cause"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let count = |vm: &str| causes.iter().filter(|c| c.ends_with(vm)).count();
    assert_eq!(count("start web-0 --yes"), 10, "{causes:?}");
    assert_eq!(count("start web-1 --yes"), 1, "{causes:?}");
    let h = run(&env.kubeconfig, &["start", "history"]).await;
    assert_eq!(code(&h), 0);
    assert_eq!(
        text(&h.stdout).matches("start web-0").count(),
        10,
        "{}",
        text(&h.stdout)
    );
}

/// Rights before the first write, through Kubernetes' own roles bound by RoleBindings (as
/// `roll`'s matrix): `edit` and a namespace `admin` grant KubeVirt's actions but no Leases
/// nor ControllerRevision writes, so `restart` is refused with every missing right listed and
/// nothing written; `evacuate --cordon` as a namespace admin (who may not patch Nodes) is
/// refused before the cordon. With the Role the README names, the admin restarts the fleet.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rights_are_checked_before_the_first_write() {
    let env = fleet(2, &["sim-node-1", "sim-node-2"]).await;
    let bind = |user: &str, kind: &str, role: &str| {
        env.cluster
            .create_object(json!({
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": format!("{user}-{role}"), "namespace": "default"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}],
            }))
            .expect("role binding");
    };
    let kubeconfig = |user: &str| {
        env.cluster.add_token(user, user, &[]);
        let path = env._dir.path().join(format!("kubeconfig-{user}"));
        std::fs::write(&path, env.cluster.kubeconfig_yaml_for(user)).expect("kubeconfig");
        path
    };
    let writes_by = |user: &str| -> Vec<String> {
        env.cluster
            .requests()
            .iter()
            .filter(|r| r.is_write() && r.user.as_deref() == Some(user))
            .filter(|r| r.resource.as_deref() != Some("selfsubjectaccessreviews"))
            .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
            .collect()
    };
    let (eddie, ada) = (kubeconfig("eddie"), kubeconfig("ada"));
    bind("eddie", "ClusterRole", "edit");
    bind("ada", "ClusterRole", "admin");
    let before = vmis(&env).await;
    for (user, kc) in [("eddie", &eddie), ("ada", &ada)] {
        let out = run(kc, &["restart", "-l", "app=web", "--yes"]).await;
        let err = text(&out.stderr);
        assert_eq!(code(&out), 1, "{user}: {err}");
        assert!(err.contains("nothing was changed"), "{user}: {err}");
        for want in [
            "create leases.coordination.k8s.io",
            "create controllerrevisions.apps",
        ] {
            assert!(err.contains(want), "{user}: want {want:?} in {err}");
        }
        // KubeVirt's aggregated roles grant the action itself.
        assert!(!err.contains("virtualmachines/restart"), "{user}: {err}");
        assert_eq!(writes_by(user), Vec::<String>::new(), "{user}: {err}");
    }
    // The README's Role for the lifecycle verbs.
    env.cluster
        .create_object(json!({
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "vmmigrate-operator", "namespace": "default"},
            "rules": [
                {"apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "create", "patch", "delete"]},
                {"apiGroups": ["apps"], "resources": ["controllerrevisions"], "verbs": ["create", "list", "delete"]},
            ],
        }))
        .expect("role");
    bind("ada", "Role", "vmmigrate-operator");
    let out = run(
        &ada,
        &[
            "evacuate",
            "sim-node-1",
            "--cordon",
            "--allow-restart",
            "--yes",
        ],
    )
    .await;
    let err = text(&out.stderr);
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.contains("patch nodes"), "{err}");
    assert!(!err.contains("cordoned"), "{err}");
    assert_eq!(writes_by("ada"), Vec::<String>::new(), "{err}");
    let out = run(&ada, &["restart", "-l", "app=web", "--wait", "--yes"]).await;
    assert_eq!(code(&out), 0, "{}", text(&out.stderr));
    let after = vmis(&env).await;
    for (name, (uid, _)) in &before {
        assert_ne!(&after[name].0, uid, "{name} was not restarted");
    }
}

/// A run reads its VMs and VMIs from watches, not from lists of the namespace on every pass
/// (one each 100 ms: at 10,000 VMs, tens of MB a second for the API server).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_run_lists_the_namespace_once_not_on_every_pass() {
    let env = fleet(4, &["sim-node-1"]).await;
    env.cluster.clear_requests();
    run_ok(
        &env.kubeconfig,
        &[
            "restart",
            "-l",
            "app=web",
            "--max-unavailable",
            "1",
            "--wait",
            "--yes",
        ],
    )
    .await;
    let log = env.cluster.requests();
    let count = |resource: &str, verb: &str| {
        log.iter()
            .filter(|r| r.resource.as_deref() == Some(resource) && r.verb.as_deref() == Some(verb))
            .count()
    };
    // Four restarts one at a time, 300 ms boots: many passes, each reading the record.
    let passes = count("leases", "get");
    assert!(passes >= 10, "{passes} passes: {log:#?}");
    // The watch's own first list; the VMs also for the selector and the orphan check.
    let (vmi_lists, vm_lists) = (
        count("virtualmachineinstances", "list"),
        count("virtualmachines", "list"),
    );
    assert!(
        vmi_lists <= 2 && vm_lists <= 4,
        "{vmi_lists} VMI and {vm_lists} VM lists over {passes} passes"
    );
    assert_eq!(
        count("virtualmachineinstances", "watch"),
        1,
        "the VMIs are watched once"
    );
}
