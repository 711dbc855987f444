//! `kubectl vmmigrate roll` end to end: the real binary against the API emulator and the
//! KubeVirt simulator. Budgets are checked on the simulator's availability timeline, not on
//! what the client says.

use kube::api::{Api, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;
use vmmigrate_testcluster::simulator::ann;

use crate::roll_env::*;

/// After a kill loop's round: at most 2 of the 5 VMs were ever down at once since `t0`;
/// then wait for the whole fleet to be Ready for the next round.
async fn budget_held_then_ready(env: &Env, t0: Duration, what: &str) {
    // The fleet Ready in the simulator's samples first: the timeline is then complete.
    settled(env, 5).await;
    let worst = env.sim.max_not_ready_since("app=web", t0);
    assert!(
        worst <= 2,
        "{what}: {worst} not Ready at once: {:?}",
        env.sim.timeline("app=web")
    );
}

/// The kill loops' rollout: a new image for the `app=web` fleet, two at a time, with a
/// 1 s Lease so that a killed client's successor can take over quickly.
fn image_roll(kc: &Path, image: &str) -> Vec<String> {
    args(
        kc,
        &[
            "-l",
            "app=web",
            "--set-image",
            image,
            "--max-unavailable",
            "2",
            "--min-ready",
            "0.1",
            "--lease-duration",
            "1",
            "--yes",
        ],
    )
}

/// `roll status -l app=web -o json`, or null when it printed no JSON (no rollout yet, or a
/// rollout between writes).
async fn status_json(kc: &Path) -> Value {
    let out = run(kc, &["status", "-l", "app=web", "-o", "json"]).await;
    serde_json::from_slice(&out.stdout).unwrap_or(Value::Null)
}

/// A rollout that replaces every selected VM (one surge VM at a time, none down).
fn replace_args<'a>(select: &[&'a str], image: &'a str, min_ready: &'a str) -> Vec<&'a str> {
    let mut a = select.to_vec();
    a.extend([
        "--set-image",
        image,
        "--min-action",
        "replace",
        "--max-action",
        "replace",
        "--max-unavailable",
        "0",
        "--max-surge",
        "1",
        "--min-ready",
        min_ready,
        "--yes",
    ]);
    a
}

const ROLL: &[&str] = &[
    "-l",
    "app=web",
    "--set-image",
    "quay.io/demo/web:2",
    "--max-unavailable",
    "2",
    "--min-ready",
    "0.2",
    "--yes",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_rollout_keeps_the_budget_and_completes() {
    let env = fleet(6, 300, &[]).await;
    let t0 = env.sim.elapsed();
    let out = run(&env.kubeconfig, ROLL).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every VM on the new image, recorded Done, exactly once.
    let all = vms(&env).await;
    assert_eq!(all.len(), 6);
    for v in &all {
        assert_eq!(image(v), "quay.io/demo/web:2");
        assert!(phase(v).contains("done"), "{}", phase(v));
    }
    settled(&env, 6).await;
    let worst = env.sim.max_not_ready_since("app=web", t0);
    assert!(
        worst <= 2,
        "{worst} VMs not Ready at once: {:?}",
        env.sim.timeline("app=web")
    );
    assert!(worst >= 1, "the VMs were never restarted");
    // status from another client shows the same picture, and exits 0.
    let st = run(&env.kubeconfig, &["status", "-l", "app=web", "-o", "json"]).await;
    assert!(st.status.success());
    let v: Value = serde_json::from_slice(&st.stdout).expect("status JSON");
    assert_eq!(v["status"], "Complete");
    assert_eq!(v["summary"]["updated"], 6);
    assert_eq!(v["revision"], 1);
    // Events record the steps on the VMs.
    let events: Api<DynamicObject> = Api::namespaced_with(
        env.cluster.client(),
        "default",
        &ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk("", "v1", "Event"), "events"),
    );
    let evs = events.list(&ListParams::default()).await.expect("events");
    let updates = evs
        .items
        .iter()
        .filter(|e| e.data["reason"] == "RolloutUpdate")
        .count();
    assert_eq!(updates, 6);
    // The same command again: nothing left to change, no new revision, nothing restarts.
    let t1 = env.sim.elapsed();
    let again = run(&env.kubeconfig, ROLL).await;
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already up to date"));
    settled(&env, 6).await;
    assert_eq!(env.sim.max_not_ready_since("app=web", t1), 0);
    let h = run(&env.kubeconfig, &["history", "-l", "app=web"]).await;
    let text = String::from_utf8_lossy(&h.stdout);
    assert!(
        text.starts_with("REVISION   CHANGE-CAUSE\n1          kubectl vmmigrate "),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_changes_restart_nothing_and_dry_run_changes_nothing() {
    let env = fleet(3, 200, &[]).await;
    let dry = run(
        &env.kubeconfig,
        &["-l", "app=web", "--set-memory", "2Gi", "--dry-run"],
    )
    .await;
    assert!(dry.status.success());
    let text = String::from_utf8_lossy(&dry.stdout);
    assert!(text.contains("web-0   live"), "{text}");
    assert!(
        text.contains("~ spec.template.spec.domain.memory.guest: \"1Gi\" -> \"2Gi\""),
        "{text}"
    );
    assert!(vms(&env)
        .await
        .iter()
        .all(|v| v.data.pointer("/spec/template/spec/domain/memory/guest") == Some(&json!("1Gi"))));
    let t0 = env.sim.elapsed();
    let out = run(
        &env.kubeconfig,
        &["-l", "app=web", "--set-label", "tier=gold", "--yes"],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for v in vms(&env).await {
        assert_eq!(
            v.metadata
                .labels
                .as_ref()
                .and_then(|l| l.get("tier"))
                .map(String::as_str),
            Some("gold")
        );
    }
    settled(&env, 3).await;
    assert_eq!(env.sim.max_not_ready_since("app=web", t0), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_health_gate_stops_and_auto_rollback_restores_the_touched_vms() {
    let env = fleet(5, 250, &[]).await;
    // The change itself makes guests never Ready (a simulator annotation that reaches the
    // restarted VMI): the first batch fails its health gate, and the rollback restores the
    // previous objects, without the annotation, of the VMs it touched and only those.
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--set-annotation",
            &format!("{}=true", ann::NEVER_READY),
            "--max-unavailable",
            "2",
            // Also the deadline of each rollback restart, which must succeed: well above a
            // restart on a loaded 2-core machine.
            "--progress-deadline",
            "3",
            "--auto-rollback",
            "--yes",
        ],
    )
    .await;
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(err.contains("failure threshold"), "{err}");
    assert!(out.status.success(), "a completed rollback exits 0: {err}");
    let all = vms(&env).await;
    assert_eq!(all.len(), 5);
    let mut touched = 0;
    for v in &all {
        let n = v.metadata.name.clone().unwrap_or_default();
        assert_eq!(image(v), "quay.io/demo/web:1", "{n}: {err}");
        let a = v.metadata.annotations.clone().unwrap_or_default();
        assert!(!a.contains_key(ann::NEVER_READY), "{n}");
        if a.contains_key("vmmigrate.io/rollout-phase") {
            touched += 1;
        }
    }
    assert_eq!(touched, 2, "only the first batch was touched");
    wait_ready(&env, 5).await;
    let v = status_json(&env.kubeconfig).await;
    assert_eq!(v["status"], "RolledBack", "{v}");
    assert_eq!(v["revision"], 2, "{v}");
}

/// Kill the real binary at many different points of a rollout, let its Lease expire, and
/// re-run the same command: it always completes, every VM exists once on the new image, and
/// the budget held across the kill. Then the same during automatic rollbacks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_client_resumes_at_any_point_within_the_budget() {
    let env = fleet(5, 250, &[]).await;
    for k in 0..12u64 {
        let image_k = format!("quay.io/demo/web:{}", k + 10);
        let a = image_roll(&env.kubeconfig, &image_k);
        let t0 = env.sim.elapsed();
        let mut child = spawn_quiet(&a);
        // Kill points spread over the whole rollout (start-up, mid-batch, between batches).
        tokio::time::sleep(Duration::from_millis(60 + k * 110)).await;
        let _ = child.kill();
        let _ = child.wait();
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let rest: Vec<&str> = a[5..].iter().map(String::as_str).collect();
        let out = run(&env.kubeconfig, &rest).await;
        assert!(
            out.status.success(),
            "kill point {k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all = vms(&env).await;
        assert_eq!(all.len(), 5, "kill point {k}");
        for v in &all {
            assert_eq!(image(v), image_k, "kill point {k}");
        }
        budget_held_then_ready(&env, t0, &format!("kill point {k}")).await;
    }
    // Kill points during an auto-rollback: the change makes guests never Ready, the first
    // batch fails its deadline and the rollout rolls back. Whatever point the client dies at
    // (before the failure, mid-rollback), the same command resumes and ends with every VM
    // back on the image it had, without the change's annotation, within the budget.
    let before = image(&vms(&env).await[0]).to_string();
    let mut mid_rollback = 0;
    for k in 0..6u64 {
        let image_k = format!("quay.io/demo/web:{}", k + 50);
        let never = format!("{}=true", ann::NEVER_READY);
        let a = args(
            &env.kubeconfig,
            &[
                "-l",
                "app=web",
                "--set-image",
                &image_k,
                "--set-annotation",
                &never,
                "--max-unavailable",
                "2",
                // The deadline also bounds each rollback restart, counted from when the
                // restart began: it includes the killed client's 1.1 s Lease wait and the
                // successor's start-up, so it must sit well above that plus a restart on a
                // loaded 2-core machine (2.5 s failed once under the stress script).
                "--progress-deadline",
                "4",
                "--auto-rollback",
                "--lease-duration",
                "1",
                "--yes",
            ],
        );
        let t0 = env.sim.elapsed();
        let mut child = spawn_quiet(&a);
        if k < 3 {
            // Before the failure or at the switch to rolling back.
            tokio::time::sleep(Duration::from_millis(700 + k * 150)).await;
        } else {
            // Surely mid-rollback: once another client sees it rolling back, a bit later.
            for _ in 0..300 {
                let v = status_json(&env.kubeconfig).await;
                if v["status"] == "RollingBack" {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            tokio::time::sleep(Duration::from_millis((k - 3) * 60)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        let killed_in = status_json(&env.kubeconfig).await;
        if killed_in["status"] == "RollingBack" {
            mid_rollback += 1;
        }
        eprintln!(
            "rollback kill point {k}: killed while {}",
            killed_in["status"]
        );
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let rest: Vec<&str> = a[5..].iter().map(String::as_str).collect();
        let out = run(&env.kubeconfig, &rest).await;
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "rollback kill point {k}: {err}");
        let v = status_json(&env.kubeconfig).await;
        assert_eq!(
            v["status"], "RolledBack",
            "rollback kill point {k}: {v} {err}"
        );
        let all = vms(&env).await;
        assert_eq!(all.len(), 5, "rollback kill point {k}");
        for v in &all {
            assert_eq!(image(v), before, "rollback kill point {k}: {err}");
            let a = v.metadata.annotations.clone().unwrap_or_default();
            assert!(!a.contains_key(ann::NEVER_READY), "rollback kill point {k}");
        }
        budget_held_then_ready(&env, t0, &format!("rollback kill point {k}")).await;
    }
    assert!(mid_rollback >= 1, "no kill landed mid-rollback");
}

/// A person stops a rollout by hand (`abort --rollback`, after the rolling client died) and
/// that client dies too, at different points of the rollback; `roll resume` finishes it:
/// every VM the rollout touched is back on its old image, the others were never changed, and
/// the budget held throughout. The rollback's client keeps the rollout's short Lease.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_manual_abort_rollback_resumes_and_restores_the_touched_vms() {
    let env = fleet(5, 250, &[]).await;
    let mut mid_rollback = 0;
    for k in 0..6u64 {
        let before: BTreeMap<String, String> = vms(&env)
            .await
            .iter()
            .map(|v| {
                (
                    v.metadata.name.clone().unwrap_or_default(),
                    image(v).to_string(),
                )
            })
            .collect();
        let image_k = format!("quay.io/demo/web:{}", k + 80);
        let a = image_roll(&env.kubeconfig, &image_k);
        let revision_before = status_json(&env.kubeconfig).await["revision"].as_u64();
        let t0 = env.sim.elapsed();
        // The rolling client dies part-way (some VMs updated, some in flight)...
        let mut roller = spawn_quiet(&a);
        tokio::time::sleep(Duration::from_millis(350 + (k % 3) * 150)).await;
        let _ = roller.kill();
        let _ = roller.wait();
        let touched: Vec<String> = vms(&env)
            .await
            .iter()
            .filter(|v| image(v) == image_k)
            .map(|v| v.metadata.name.clone().unwrap_or_default())
            .collect();
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        // On a loaded machine the rolling client can die before it recorded its revision:
        // then the last rollout has ended, and there is nothing to abort. `abort --rollback`
        // must say so and change nothing (it used to roll back the previous, finished
        // revision: the stress script caught VMs put back on the round before's image).
        if status_json(&env.kubeconfig).await["revision"].as_u64() == revision_before {
            let out = run(&env.kubeconfig, &["abort", "--rollback", "-l", "app=web"]).await;
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "abort kill point {k}: {err}");
            // (Before the very first rollout there is no rollout at all to name.)
            assert!(
                err.contains("there is nothing to abort") || revision_before.is_none(),
                "{err}"
            );
            for v in &vms(&env).await {
                let n = v.metadata.name.clone().unwrap_or_default();
                assert_eq!(Some(image(v)), before.get(&n).map(String::as_str), "{n}");
            }
            eprintln!("abort kill point {k}: the rolling client died before its revision");
            budget_held_then_ready(&env, t0, &format!("abort kill point {k}")).await;
            continue;
        }
        // ...a person aborts with rollback, and that client dies too, at varying points.
        let abort = args(&env.kubeconfig, &["abort", "--rollback", "-l", "app=web"]);
        let mut aborter = spawn_quiet(&abort);
        tokio::time::sleep(Duration::from_millis(40 + k * 90)).await;
        let _ = aborter.kill();
        let _ = aborter.wait();
        let st = status_json(&env.kubeconfig).await;
        if st["status"] == "RollingBack" {
            mid_rollback += 1;
        }
        eprintln!(
            "abort kill point {k}: {} touched, killed while {}",
            touched.len(),
            st["status"]
        );
        // The aborting client took the rollout's 1 s Lease, not the 15 s default.
        tokio::time::sleep(Duration::from_millis(1_100)).await;
        let again: &[&str] = if st["status"] == "Progressing" {
            // Killed before it recorded the rollback: the person runs the abort again.
            &["abort", "--rollback", "-l", "app=web"]
        } else {
            &["resume", "-l", "app=web"]
        };
        let out = run(&env.kubeconfig, again).await;
        assert!(
            out.status.success(),
            "abort kill point {k}: {again:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let st = status_json(&env.kubeconfig).await;
        assert_eq!(st["status"], "RolledBack", "abort kill point {k}: {st}");
        let all = vms(&env).await;
        assert_eq!(all.len(), 5, "abort kill point {k}");
        for v in &all {
            let n = v.metadata.name.clone().unwrap_or_default();
            assert_eq!(
                Some(image(v)),
                before.get(&n).map(String::as_str),
                "abort kill point {k}: {n} not back on its image ({} touched before the abort)",
                touched.len()
            );
        }
        budget_held_then_ready(&env, t0, &format!("abort kill point {k}")).await;
    }
    assert!(mid_rollback >= 1, "no kill landed mid-rollback");
}

/// The rollouts' ControllerRevisions.
fn revisions_api(env: &Env) -> Api<DynamicObject> {
    default_api(
        &env.cluster,
        ("apps", "v1", "ControllerRevision", "controllerrevisions"),
    )
}

/// The VM whose previous object the rollout kept ahead of its turn, once there is one.
async fn vm_kept_ahead(env: &Env) -> String {
    let revisions = revisions_api(env);
    eventually("a previous object kept ahead of its VM's turn", || {
        let revisions = revisions.clone();
        async move {
            let all = revisions
                .list(&ListParams::default())
                .await
                .map_err(|e| e.to_string())?;
            all.items
                .iter()
                .filter_map(|c| c.metadata.annotations.as_ref())
                .filter(|a| a.contains_key("vmmigrate.io/rollout-kept-ahead"))
                .find_map(|a| a.get("vmmigrate.io/rollout-slot").cloned())
                .ok_or_else(|| format!("{} revisions, none kept ahead", all.items.len()))
        }
    })
    .await
}

/// A rollout of the `app=web` fleet to a new image, one VM at a time, with a 1 s Lease so
/// that a killed client's successor can take over quickly.
fn one_at_a_time(min_ready: &str) -> [&str; 11] {
    [
        "-l",
        "app=web",
        "--set-image",
        "quay.io/demo/web:2",
        "--max-unavailable",
        "1",
        "--min-ready",
        min_ready,
        "--lease-duration",
        "1",
        "--yes",
    ]
}

/// Runs `undo` (an undo or a rollback), which must succeed; then every VM is back on the old
/// image, and only `waiting` (the VM a person labelled while it waited for its turn)
/// carries the person's label.
async fn back_on_the_old_image_and_blue_only(env: &Env, waiting: &str, undo: &[&str]) {
    let out = run(&env.kubeconfig, undo).await;
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    for v in &vms(env).await {
        let n = v.metadata.name.clone().unwrap_or_default();
        assert_eq!(image(v), "quay.io/demo/web:1", "{n}: {err}");
        assert_eq!(
            is_blue(v),
            n == waiting,
            "{n}: not returned to its object just before the rollout changed it: {err}"
        );
    }
}

/// Label `vm` as a person would (`team=blue`).
async fn label_blue(env: &Env, vm: &str) {
    vm_api(&env.cluster)
        .patch(
            vm,
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(json!({"metadata": {"labels": {"team": "blue"}}})),
        )
        .await
        .expect("label the waiting VM");
}

/// Whether `v` carries the label [`label_blue`] writes.
fn is_blue(v: &DynamicObject) -> bool {
    v.metadata
        .labels
        .as_ref()
        .is_some_and(|l| l.get("team").map(String::as_str) == Some("blue"))
}

/// A previous object kept ahead of its VM's turn, from a VM a person changed before that
/// turn came, is kept again at the turn: an undo returns the VM to what it was just before
/// the rollout changed it, with that person's change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_while_a_vm_waits_for_its_turn_survives_an_undo() {
    let env = fleet(2, 250, &[]).await;
    let (mut roller, tail) = spawn_tailed(&args(&env.kubeconfig, &one_at_a_time("1")));
    let waiting = vm_kept_ahead(&env).await;
    label_blue(&env, &waiting).await;
    let status = tokio::task::spawn_blocking(move || roller.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(status.success(), "{}", tail.text());
    back_on_the_old_image_and_blue_only(&env, &waiting, &["undo", "-l", "app=web"]).await;
}

/// A VM whose previous object was kept ahead of its turn, a turn that never came (the
/// rolling client died first), is not the rollback's to change: an abort with rollback
/// puts back the VMs the revision updated and leaves that one as it is now, with what a
/// person wrote to it since.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollback_leaves_a_vm_whose_turn_never_came_as_it_is() {
    let env = fleet(3, 250, &[]).await;
    // A min-ready long enough that the second VM waits for its turn.
    let mut roller = spawn_quiet(&args(&env.kubeconfig, &one_at_a_time("30")));
    let waiting = vm_kept_ahead(&env).await;
    let _ = roller.kill();
    let _ = roller.wait();
    // A person labels the waiting VM meanwhile.
    label_blue(&env, &waiting).await;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let abort = ["abort", "--rollback", "-l", "app=web"];
    back_on_the_old_image_and_blue_only(&env, &waiting, &abort).await;
}

/// A client that takes over a rollout finds the previous object its killed predecessor
/// kept ahead already there: it asks once ahead, not on every pass (a pass comes with every
/// watch event; five refused creates in this test when it asked again), and the update then
/// keeps the entry that is there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_rollout_asks_once_for_what_its_predecessor_kept_ahead() {
    // Boots long enough that the successor takes over while the first VM still boots: its
    // passes then come with that VM's events while the next VM waits.
    let env = fleet(3, 2_000, &[]).await;
    let roll = one_at_a_time("1");
    let mut roller = spawn_quiet(&args(&env.kubeconfig, &roll));
    vm_kept_ahead(&env).await;
    let _ = roller.kill();
    let _ = roller.wait();
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    env.cluster.clear_requests();
    let out = run(&env.kubeconfig, &roll).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = env.cluster.requests();
    let refused = requests_to(&log, "controllerrevisions", "create")
        .into_iter()
        .filter(|&i| log[i].status == 409)
        .count();
    assert!(
        refused <= 2,
        "{refused} creates refused: the one VM kept ahead by the killed client is asked for \
         twice at most (ahead, and at its turn): {log:#?}"
    );
    assert!(vms(&env)
        .await
        .iter()
        .all(|v| image(v) == "quay.io/demo/web:2"));
}

/// Issue 25's race, made certain: a simulator whose samples lag its status writes by 400 ms
/// (a loaded machine). The fleet helper waited for the VMs' `status.ready` in the API, so a
/// test's `t0` could fall between a write and its sample, and the timeline then showed VMs
/// not Ready "after" `t0` that were Ready before it. The helper now returns only once the
/// samples agree: at `t0` the timeline shows the whole fleet Ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fleet_is_ready_in_the_timeline_when_the_helper_returns() {
    use vmmigrate_testcluster::simulator::SimConfig;
    let cfg = SimConfig {
        boot_time: Duration::from_millis(100),
        tick: Duration::from_millis(20),
        sample_lag: Duration::from_millis(400),
        ..SimConfig::default()
    };
    let env = fleet_on(3, &[], true, cfg).await;
    let t0 = env.sim.elapsed();
    let ready = env.sim.ready_timeline("app=web");
    let at_t0 = ready.iter().rev().find(|(t, _)| *t <= t0).map(|(_, n)| *n);
    assert_eq!(at_t0, Some(3), "t0 {t0:?}, ready timeline {ready:?}");
}

/// `replace`: each new VM is created beside the old one, and the old one goes only after
/// its replacement stayed Ready for --min-ready; nothing is ever down (max-unavailable 0),
/// and at the end each VM exists once, on the new image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replace_creates_before_it_deletes() {
    let env = fleet(3, 250, &[]).await;
    let t0 = env.sim.elapsed();
    // The gate reads the VMI's Ready condition, the timeline below the VM's status.ready,
    // which the simulator copies a pass later (~100 ms, more on a loaded machine): a
    // min-ready well above that lag keeps the check about the rollout, not about the
    // simulator's speed.
    let out = run(
        &env.kubeconfig,
        &replace_args(&["-l", "app=web"], "quay.io/demo/web:2", "1"),
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        names_all_on(&env, "quay.io/demo/web:2").await,
        ["web-0-r1", "web-1-r1", "web-2-r1"]
    );
    settled(&env, 3).await;
    // Only the one surge VM booting is ever not Ready: the old VMs stayed up until their
    // replacements were available.
    let worst = env.sim.max_not_ready_since("app=web", t0);
    assert_eq!(worst, 1, "{:?}", env.sim.timeline("app=web"));
    // And three VMs were Ready at every instant: an old VM went only once its replacement
    // was Ready.
    let ready = env.sim.ready_timeline("app=web");
    let fewest = ready
        .iter()
        .enumerate()
        .filter(|(i, (t, _))| *t >= t0 || ready.get(i + 1).is_none_or(|n| n.0 > t0))
        .map(|(_, (_, n))| *n)
        .min();
    assert_eq!(fewest, Some(3), "{ready:?}");

    // The replaced VMs are still `web-0`... to the next rollouts: selected by the names the
    // fleet had (a new rollout) and again by label (the first rollout's next revision), each
    // line of replacements counts up without clashing with an earlier one.
    for (new_image, select, want) in [
        (
            "quay.io/demo/web:3",
            &["web-0", "web-1", "web-2"][..],
            ["web-0-r2", "web-1-r2", "web-2-r2"],
        ),
        (
            "quay.io/demo/web:4",
            &["-l", "app=web"][..],
            ["web-0-r3", "web-1-r3", "web-2-r3"],
        ),
    ] {
        let out = run(&env.kubeconfig, &replace_args(select, new_image, "0.2")).await;
        assert!(
            out.status.success(),
            "{select:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(names_all_on(&env, new_image).await, want, "{select:?}");
    }
}

/// `--canary 1` updates one VM and pauses; `status` shows the pause; `resume` finishes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn canary_pauses_and_resume_finishes() {
    let env = fleet(4, 200, &[]).await;
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--canary",
            "1",
            "--max-unavailable",
            "2",
            "--yes",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let updated = vms(&env)
        .await
        .iter()
        .filter(|v| image(v) == "quay.io/demo/web:2")
        .count();
    assert_eq!(updated, 1, "only the canary");
    let v = status_json(&env.kubeconfig).await;
    assert_eq!(v["status"], "Paused", "{v}");
    assert_eq!(v["summary"]["updated"], 1, "{v}");
    let res = run(&env.kubeconfig, &["resume", "-l", "app=web"]).await;
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert!(vms(&env)
        .await
        .iter()
        .all(|v| image(v) == "quay.io/demo/web:2"));
    let st = run(&env.kubeconfig, &["status", "-l", "app=web"]).await;
    let text = String::from_utf8_lossy(&st.stdout);
    assert!(text.starts_with("rollout vmmigrate-roll-"), "{text}");
    assert!(text.contains("revision 1: Complete"), "{text}");
}

/// A second client cannot take a rollout another live client holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_held_rollout_refuses_a_second_client() {
    let env = fleet(3, 1000, &[]).await;
    let a = args(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--yes",
        ],
    );
    let mut first = Command::new(BIN)
        .args(&a)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait until the first client holds the Lease.
    let mut held = false;
    for _ in 0..200 {
        let st = run(&env.kubeconfig, &["status", "-l", "app=web", "-o", "json"]).await;
        if st.status.success() {
            held = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(held);
    let second = run(&env.kubeconfig, &["resume", "-l", "app=web"]).await;
    let err = String::from_utf8_lossy(&second.stderr);
    let _ = first.wait();
    assert!(!second.status.success());
    assert!(err.contains("is held by"), "{err}");
}

/// A ResourceQuota without room for the surge VM: the client says so plainly and creates
/// nothing until there is room.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_without_room_for_the_surge_is_reported_and_respected() {
    let env = fleet(2, 200, &[]).await;
    let quotas = default_api(&env.cluster, ("", "v1", "ResourceQuota", "resourcequotas"));
    let q: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "ResourceQuota",
        "metadata": {"name": "vm-count", "namespace": "default"},
        "spec": {"hard": {"count/virtualmachines.kubevirt.io": "2"}},
    }))
    .expect("quota");
    quotas
        .create(&PostParams::default(), &q)
        .await
        .expect("create quota");
    // What the quota controller would report: both VMs counted.
    quotas
        .patch_status(
            "vm-count",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(json!({"status": {"hard": {"count/virtualmachines.kubevirt.io": "2"}, "used": {"count/virtualmachines.kubevirt.io": "2"}}})),
        )
        .await
        .expect("status");
    let a = args(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "img:2",
            "--min-action",
            "replace",
            "--max-action",
            "replace",
            "--max-unavailable",
            "0",
            "--max-surge",
            "1",
            "--yes",
        ],
    );
    // Wait for the client to say it is waiting for room (not a fixed time: on a loaded
    // machine it may still be planning after a second and a half), then check it created
    // nothing while it waits.
    let (mut child, stderr) = spawn_tailed(&a);
    stderr
        .wait_for(
            "the client reports the quota",
            "ResourceQuota vm-count leaves room for 0 more VirtualMachines",
        )
        .await;
    assert_eq!(vms(&env).await.len(), 2, "no replacement without room");
    let _ = child.kill();
    let _ = child.wait();
}

/// Three revisions, then `undo --to-revision 1`: every VM returns to revision 1's image (not
/// to revision 2's, where a plain undo would go); an unknown revision is refused with the
/// list of those that exist; and a later plain undo returns to the rolled-back revision.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_to_revision_returns_to_any_recorded_revision() {
    let env = fleet(3, 150, &[]).await;
    for img in [
        "quay.io/demo/web:2",
        "quay.io/demo/web:3",
        "quay.io/demo/web:4",
    ] {
        let out = run(
            &env.kubeconfig,
            &[
                "-l",
                "app=web",
                "--set-image",
                img,
                "--max-unavailable",
                "2",
                "--yes",
            ],
        )
        .await;
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        wait_ready(&env, 3).await;
    }
    let bad = run(
        &env.kubeconfig,
        &["undo", "-l", "app=web", "--to-revision", "9"],
    )
    .await;
    let err = String::from_utf8_lossy(&bad.stderr).to_string();
    assert_eq!(bad.status.code(), Some(1), "{err}");
    assert!(
        err.contains("no revision 9") && err.contains("earlier recorded: 1, 2"),
        "{err}"
    );
    for v in vms(&env).await {
        assert_eq!(
            image(&v),
            "quay.io/demo/web:4",
            "a refused undo changed nothing"
        );
    }
    let out = run(
        &env.kubeconfig,
        &["undo", "-l", "app=web", "--to-revision", "1"],
    )
    .await;
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    let all = vms(&env).await;
    assert_eq!(all.len(), 3);
    for v in &all {
        assert_eq!(image(v), "quay.io/demo/web:2", "{err}");
    }
    let h = run(&env.kubeconfig, &["history", "-l", "app=web"]).await;
    let text = String::from_utf8_lossy(&h.stdout);
    assert!(
        text.contains("\n4          rollback to revision 1\n"),
        "{text}"
    );
    // Undo of the undo: back to revision 3's image (what revision 4 rolled back).
    wait_ready(&env, 3).await;
    let out = run(&env.kubeconfig, &["undo", "-l", "app=web"]).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:4");
    }
}

/// `--probe`: VMIs report 127.0.0.1 (a simulator annotation the change carries), so the
/// client probes this test's listeners. A port nothing listens on holds every restarted VM
/// unavailable until the progress deadline fails the rollout, though the VMIs are Ready; an
/// HTTP endpoint that answers 200 lets the next rollout complete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn probe_gates_availability_on_the_vmi_address() {
    let env = fleet(2, 150, &[]).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed_port = closed.local_addr().expect("addr").port();
    drop(closed);
    let ip = format!("{}=127.0.0.1", ann::IP_ADDRESS);
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--set-annotation",
            &ip,
            "--max-unavailable",
            "1",
            "--progress-deadline",
            "1.5",
            "--probe",
            &format!("tcp:{closed_port}"),
            "--yes",
        ],
    )
    .await;
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        !out.status.success(),
        "a probe that never passes fails the rollout: {err}"
    );
    let v = status_json(&env.kubeconfig).await;
    assert_eq!(v["status"], "Failed", "{v}");
    assert_eq!(v["summary"]["updated"], 0, "{v}");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let h = hits.clone();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((mut c, _)) = listener.accept().await {
            let mut b = [0u8; 512];
            let n = c.read(&mut b).await.unwrap_or(0);
            if String::from_utf8_lossy(&b[..n]).starts_with("GET /healthz ") {
                h.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let _ = c
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                    .await;
            } else {
                let _ = c.write_all(b"HTTP/1.1 404 Not Found\r\n\r\n").await;
            }
        }
    });
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:3",
            "--set-annotation",
            &ip,
            "--max-unavailable",
            "1",
            "--probe",
            &format!("http:{port}/healthz"),
            "--yes",
        ],
    )
    .await;
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{err}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:3");
    }
    assert!(
        hits.load(std::sync::atomic::Ordering::SeqCst) >= 2,
        "each new VMI was probed"
    );

    // A guest that answers when it turns Ready and fails before its min-ready ends is not
    // available: the probe runs again at the end of min-ready, and a failure starts the
    // min-ready over. Requests 1 and 2 probe the two VMs as they run at the start; 3 is the
    // first new VMI turning Ready and 4, which fails, the end of its min-ready. With one VM
    // at a time, the second VM may go down only a full min-ready after that failure (probed
    // once only, the first VM would count as available before it, and request 4 would be the
    // second VM's).
    let flaky = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let flaky_port = flaky.local_addr().expect("addr").port();
    let failed_at = std::sync::Arc::new(std::sync::Mutex::new(None::<Duration>));
    let (f, clock) = (
        failed_at.clone(),
        (env.sim.elapsed(), std::time::Instant::now()),
    );
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut n = 0;
        while let Ok((mut c, _)) = flaky.accept().await {
            let mut b = [0u8; 512];
            let _ = c.read(&mut b).await;
            n += 1;
            let reply: &[u8] = if n == 4 {
                if let Ok(mut f) = f.lock() {
                    *f = Some(clock.0 + clock.1.elapsed());
                }
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"
            } else {
                b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
            };
            let _ = c.write_all(reply).await;
        }
    });
    // The spans below count from t0: the previous rollout's restarts sampled before it. And
    // the requests above are numbered: both VMs must have been Ready for longer than this
    // rollout's min-ready before it starts, so that its first probe of each confirms it (the
    // previous rollout, without a min-ready, ends as its last VM turns Ready: started sooner
    // than 0.6 s after that, this one probed that VM once more, and request 4 was not the
    // new VMI's; seen under the stress script, issue 25).
    settled(&env, 2).await;
    let last_change = env
        .sim
        .ready_timeline("app=web")
        .last()
        .map_or(Duration::ZERO, |(t, _)| *t);
    let ready_long_enough = last_change + Duration::from_millis(1_000);
    if let Some(wait) = ready_long_enough.checked_sub(env.sim.elapsed()) {
        tokio::time::sleep(wait).await;
    }
    let t0 = env.sim.elapsed();
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:4",
            "--set-annotation",
            &ip,
            "--max-unavailable",
            "1",
            "--min-ready",
            "0.6",
            "--probe",
            &format!("http:{flaky_port}/healthz"),
            "--yes",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let failed_at = failed_at
        .lock()
        .ok()
        .and_then(|f| *f)
        .expect("the probe endpoint answered 503 once");
    let mut downs: Vec<Duration> = env
        .sim
        .not_ready_spans("app=web")
        .into_iter()
        .filter(|(_, from, _)| *from >= t0)
        .map(|(_, from, _)| from)
        .collect();
    downs.sort();
    assert_eq!(downs.len(), 2, "each VM restarted once: {downs:?}");
    assert!(
        downs[1] >= failed_at + Duration::from_millis(600),
        "the second VM went down {:?} after the failed probe, less than a min-ready",
        downs[1].saturating_sub(failed_at)
    );
}

/// VMs meant to be off (runStrategy Halted) never become Ready; a rollout over them must
/// finish instead of waiting for them until the deadline.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn halted_vms_take_the_change_and_the_rollout_completes() {
    let env = fleet(2, 200, &[]).await;
    let api = vm_api(&env.cluster);
    for name in ["web-0", "web-1"] {
        api.patch(
            name,
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(json!({"spec": {"runStrategy": "Halted"}})),
        )
        .await
        .expect("halt");
    }
    // Wait until the simulator has stopped both.
    eventually("both VMs Stopped", || async {
        let statuses: Vec<Value> = vms(&env)
            .await
            .iter()
            .map(|v| {
                v.data
                    .pointer("/status/printableStatus")
                    .cloned()
                    .unwrap_or_default()
            })
            .collect();
        if statuses.iter().all(|s| s == "Stopped") {
            Ok(())
        } else {
            Err(format!("printableStatus {statuses:?}"))
        }
    })
    .await;
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-memory",
            "2Gi",
            "--progress-deadline",
            "20",
            "--yes",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for v in vms(&env).await {
        assert_eq!(
            v.data.pointer("/spec/template/spec/domain/memory/guest"),
            Some(&json!("2Gi"))
        );
        assert_eq!(v.data.pointer("/spec/runStrategy"), Some(&json!("Halted")));
    }
    let status = run(&env.kubeconfig, &["status", "-l", "app=web"]).await;
    assert!(status.status.success());
    assert!(
        String::from_utf8_lossy(&status.stdout).contains("Complete"),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
}

/// `roll status` without a selection lists the namespace's rollouts; `-A` every namespace's,
/// with a NAMESPACE column, as `kubectl get -A` does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_lists_rollouts_of_the_namespace_and_of_all_with_a() {
    let env = fleet(2, 150, &[]).await;
    let out = run(
        &env.kubeconfig,
        &["-l", "app=web", "--set-label", "tier=gold", "--yes"],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed = run(&env.kubeconfig, &["status"]).await;
    assert!(listed.status.success());
    let text = String::from_utf8_lossy(&listed.stdout).to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("ROLLOUT   "), "{text}");
    assert!(
        lines[1].contains("   1   ")
            && lines[1].contains("Complete")
            && lines[1].contains("-l app=web"),
        "{text}"
    );

    let all = tokio::task::spawn_blocking({
        let kc = env.kubeconfig.clone();
        move || {
            Command::new(BIN)
                .args([
                    "--kubeconfig",
                    kc.to_str().unwrap_or_default(),
                    "roll",
                    "status",
                    "-A",
                    "-n",
                    "elsewhere",
                ])
                .output()
                .expect("run binary")
        }
    })
    .await
    .expect("join");
    let text = String::from_utf8_lossy(&all.stdout).to_string();
    assert!(text.starts_with("NAMESPACE   ROLLOUT"), "{text}");
    assert!(
        text.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("default   ")),
        "{text}"
    );

    let elsewhere = tokio::task::spawn_blocking({
        let kc = env.kubeconfig.clone();
        move || {
            Command::new(BIN)
                .args([
                    "--kubeconfig",
                    kc.to_str().unwrap_or_default(),
                    "-n",
                    "elsewhere",
                    "roll",
                    "status",
                ])
                .output()
                .expect("run binary")
        }
    })
    .await
    .expect("join");
    assert!(elsewhere.status.success());
    assert!(elsewhere.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&elsewhere.stderr),
        "No rollouts found in elsewhere namespace.\n"
    );
}

/// The API requests of `roll` (ROLL) on a fresh fleet of three VMs, which must succeed.
async fn requests_of_a_roll() -> Vec<vmmigrate_testcluster::LogEntry> {
    roll_and_its_requests().await.1
}

/// [`requests_of_a_roll`], with the cluster it ran on.
async fn roll_and_its_requests() -> (Env, Vec<vmmigrate_testcluster::LogEntry>) {
    let env = fleet(3, 300, &[]).await;
    env.cluster.clear_requests();
    let out = run(&env.kubeconfig, ROLL).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = env.cluster.requests();
    (env, log)
}

/// Before its first restart a new rollout reads the selected VMs and the VMIs once each: the
/// checks it makes before taking its Lease read its watches' caches, not lists of their own
/// beside the watches' (which doubled what the server sent at the start of every roll).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_lists_its_vms_and_vmis_once_before_it_restarts_one() {
    let log = requests_of_a_roll().await;
    let first_restart = log
        .iter()
        .position(|r| r.resource.as_deref() == Some("virtualmachines/restart"))
        .unwrap_or_else(|| panic!("no restart in {log:#?}"));
    let lists = |resource: &str, query: &str| {
        log[..first_restart]
            .iter()
            .filter(|r| {
                r.resource.as_deref() == Some(resource)
                    && r.verb.as_deref() == Some("list")
                    && r.query.contains(query)
            })
            .count()
    };
    assert_eq!(
        (
            lists("virtualmachines", "labelSelector=app%3Dweb"),
            lists("virtualmachineinstances", "")
        ),
        (1, 1),
        "lists before the first restart: {:#?}",
        &log[..first_restart]
    );
}

/// A new rollout starts its watches while it checks the cluster and records itself, not
/// after: the first lists of its watches are done before it takes its Lease, so its first
/// pass reads the caches at once (a 200-VM rollout began those lists ~0.2 s in, and
/// restarted its first VM ~50 ms later).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollouts_watches_list_before_it_takes_its_lease() {
    let log = requests_of_a_roll().await;
    let position = |what: &str, f: &dyn Fn(&vmmigrate_testcluster::LogEntry) -> bool| {
        first_request(&log, what, f)
    };
    // The watcher's list of the selected VMs (it pages with `limit`; the rollout's own
    // list of them does not).
    let watch_list = position("watch list of the selected VMs", &|r| {
        r.resource.as_deref() == Some("virtualmachines")
            && r.verb.as_deref() == Some("list")
            && r.query.contains("labelSelector=app%3Dweb")
            && r.query.contains("limit=")
    });
    let lease = position("Lease create", &|r| {
        r.resource.as_deref() == Some("leases") && r.method == "POST"
    });
    assert!(
        watch_list < lease,
        "the watches listed after the Lease was taken: {:#?}",
        &log[lease..=watch_list]
    );
}

/// Where in `log` the first request `f` picks is; fails the test, naming `what`, if none is.
fn first_request(
    log: &[vmmigrate_testcluster::LogEntry],
    what: &str,
    f: &dyn Fn(&vmmigrate_testcluster::LogEntry) -> bool,
) -> usize {
    log.iter()
        .position(f)
        .unwrap_or_else(|| panic!("no {what} in {log:#?}"))
}

/// Where in `log` the requests with this verb on this resource are.
fn requests_to(log: &[vmmigrate_testcluster::LogEntry], resource: &str, verb: &str) -> Vec<usize> {
    log.iter()
        .enumerate()
        .filter(|(_, r)| r.resource.as_deref() == Some(resource) && r.verb.as_deref() == Some(verb))
        .map(|(i, _)| i)
        .collect()
}

/// A pass sends its restarts before it marks VMs done: the VM whose min-ready ended is marked
/// after the restart that takes its slot, not before it (the mark held that restart, and the
/// budget's slot, for one more round trip).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pass_restarts_the_next_vm_before_it_marks_the_last_one_done() {
    let log = requests_of_a_roll().await;
    let restarts = requests_to(&log, "virtualmachines/restart", "update");
    assert_eq!(restarts.len(), 3, "three VMs, three restarts: {log:#?}");
    let first_mark = *requests_to(&log, "virtualmachines", "patch")
        .first()
        .unwrap_or_else(|| panic!("no VM marked done in {log:#?}"));
    assert!(
        first_mark > restarts[2],
        "the first VM was marked done (request {first_mark}) before the third VM's restart (request {}): {:#?}",
        restarts[2],
        &log[restarts[1]..]
    );
}

/// A VM the budget holds back has its previous object kept while it waits, so that when a
/// slot frees, its update is the first request of its turn: before, the update waited for a
/// ControllerRevision create and a VMI read (one round trip, tens of milliseconds on a real
/// API server, once per wave of restarts).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vm_waiting_for_a_slot_is_updated_with_no_request_before_it() {
    let (env, log) = roll_and_its_requests().await;
    let updates = requests_to(&log, "virtualmachines", "update");
    assert_eq!(updates.len(), 3, "three VMs, three updates: {log:#?}");
    // The third VM waited for a slot (--max-unavailable 2). Neither of the two requests
    // before its update keeps its previous object or reads its VMI (the simulator does
    // neither, so the window holds whatever it sends meanwhile).
    let third = updates[2];
    let before = &log[third.saturating_sub(2)..third];
    let is = |r: &vmmigrate_testcluster::LogEntry, resource: &str, verb: &str| {
        r.resource.as_deref() == Some(resource) && r.verb.as_deref() == Some(verb)
    };
    assert!(
        !before
            .iter()
            .any(|r| is(r, "controllerrevisions", "create")
                || is(r, "virtualmachineinstances", "get")),
        "the third VM's update waited for: {before:#?}"
    );
    // Its previous object was kept all the same: the revision's entry and one per VM; and
    // every entry kept ahead was unmarked once its VM was updated (it counts for an undo like
    // the others, whoever touches the VM later).
    assert_eq!(
        requests_to(&log, "controllerrevisions", "create").len(),
        4,
        "{log:#?}"
    );
    let still_marked: Vec<String> = revisions_api(&env)
        .list(&ListParams::default())
        .await
        .expect("list revisions")
        .items
        .iter()
        .filter(|c| {
            c.metadata
                .annotations
                .as_ref()
                .is_some_and(|a| a.contains_key("vmmigrate.io/rollout-kept-ahead"))
        })
        .map(|c| c.metadata.name.clone().unwrap_or_default())
        .collect();
    assert!(still_marked.is_empty(), "still marked: {still_marked:?}");
}

/// A pass writes its Events once its actions are done: they are a record for people, and
/// written among the restarts they delayed those the budget waits for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pass_writes_its_events_after_its_restarts() {
    let log = requests_of_a_roll().await;
    let restarts = requests_to(&log, "virtualmachines/restart", "update");
    let events = requests_to(&log, "events", "create");
    // The first pass restarts two VMs (--max-unavailable 2) and writes an Event for each.
    assert!(restarts.len() == 3 && events.len() >= 2, "{log:#?}");
    assert!(
        events[0] > restarts[1],
        "an Event (request {}) went out before the first pass's second restart (request {}): {:#?}",
        events[0],
        restarts[1],
        &log[restarts[0]..=restarts[1]]
    );
}

/// A new rollout asks its rights (SelfSubjectAccessReviews) while its watches list the VMs,
/// not once the lists are in: on a server that takes its time over each request, the
/// reviews are answered before the watches that follow the lists begin. Asked after the
/// lists (and after discovery), they cost two more round trips before the first restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_asks_its_rights_while_its_watches_list() {
    let env = fleet(3, 300, &[]).await;
    // Each request waits this long before the server handles (and logs) it: the lists are
    // logged about one latency in, the watches begun after them two latencies in.
    env.cluster.set_latency(Duration::from_millis(300));
    env.cluster.clear_requests();
    let out = run(&env.kubeconfig, ROLL).await;
    env.cluster.set_latency(Duration::ZERO);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log = env.cluster.requests();
    let first = |what: &str, f: &dyn Fn(&vmmigrate_testcluster::LogEntry) -> bool| {
        first_request(&log, what, f)
    };
    let review = first("SelfSubjectAccessReview", &|r| {
        r.resource.as_deref() == Some("selfsubjectaccessreviews")
    });
    let vmi_watch = first("watch of the VMIs", &|r| {
        r.resource.as_deref() == Some("virtualmachineinstances")
            && r.verb.as_deref() == Some("watch")
    });
    assert!(
        review < vmi_watch,
        "the first review (request {review}) came after the VMIs' watch began (request {vmi_watch}): {:#?}",
        &log[..=review]
    );
}
