//! `roll` under the conditions a real cluster brought (issue 15): conflicts and concurrent
//! writers, users without every right, no virt-api, a quota without room, a closed stderr,
//! undo after each strategy, revision history pruning, and command lines refused before any
//! I/O (issue 16). The real binary against the API emulator and the KubeVirt simulator.

use crate::roll_env::*;
use kube::api::{Api, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{json, Value};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};

fn lease_api(env: &Env) -> Api<DynamicObject> {
    Api::namespaced_with(
        env.cluster.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("coordination.k8s.io", "v1", "Lease"),
            "leases",
        ),
    )
}

/// The rollout Leases of the namespace: (holder, status word of the record).
async fn leases(env: &Env) -> Vec<(Option<String>, String)> {
    lease_api(env)
        .list(&ListParams::default().labels("vmmigrate.io/rollout"))
        .await
        .expect("list Leases")
        .items
        .iter()
        .map(|l| {
            let holder = l
                .data
                .pointer("/spec/holderIdentity")
                .and_then(Value::as_str)
                .map(str::to_string);
            let record: Value = l
                .metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("vmmigrate.io/rollout-status"))
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or(Value::Null);
            (holder, record["status"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

/// `roll ... -v=1 2>&1 | head -1`: stderr closed from the first line on. The rollout goes on
/// to the end and gives its Lease back; it used to abort on the first progress line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closed_stderr_never_stops_a_rollout() {
    let env = fleet(2, 100, &[]).await;
    let mut a = args(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--yes",
        ],
    );
    a.insert(0, "-v=1".into());
    let mut child = Command::new(BIN)
        .args(&a)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stderr.take());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert_eq!(status.code(), Some(0), "{status:?}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:2");
    }
    assert_eq!(leases(&env).await, [(None, "Complete".to_string())]);
}

/// Issue 16: every conflicting or invalid roll command line is a usage error (exit 2) found
/// before anything is looked for: here there is no kubeconfig at all, so a check made after
/// the connection would say "no kubeconfig found" (exit 1) instead.
#[test]
fn invalid_command_lines_are_refused_before_any_io() {
    let home = tempfile::tempdir().expect("tempdir");
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "-l",
                "a=b",
                "--set-cpu",
                "2",
                "--max-action",
                "live",
                "--min-action",
                "restart",
            ],
            "--min-action restart cannot exceed --max-action live",
        ),
        (
            &["--set-cpu", "2"],
            "select VMs with -l SELECTOR or by NAME",
        ),
        (&["-l", "a=b", "web-1", "--set-cpu", "2"], "not both"),
        (
            &["-l", "a=b", "--set-cpu", "0"],
            "--set-cpu must be at least 1",
        ),
        (&["-l", "a=b", "--set-memory", "lots"], "not a quantity"),
        (&["-l", "a=b", "--patch", "{"], "--patch is not JSON"),
        (&["-l", "a=b", "--set-label", "tier"], "expected KEY=VALUE"),
        (
            &["-l", "a=b", "--set-cpu", "2", "--min-ready=-1"],
            "--min-ready must be",
        ),
        (
            &["-l", "a=b", "--set-cpu", "2", "--canary-wait", "5"],
            "--canary-wait needs --canary",
        ),
        (
            &["-l", "a=b", "--set-cpu", "2", "--failure-threshold", "0"],
            "--failure-threshold",
        ),
        (
            &["-l", "a=b", "--set-cpu", "2", "--lease-duration", "0"],
            "--lease-duration",
        ),
        (
            &["-l", "a=b", "--set-cpu", "2", "--probe", "udp:1"],
            "--probe",
        ),
        (
            &[
                "-l",
                "a=b",
                "--set-cpu",
                "2",
                "--revision-history-limit",
                "0",
            ],
            "--revision-history-limit",
        ),
        (&["status", "--watch"], "status --watch follows one rollout"),
        (&["pause"], "select VMs"),
        (&["resume"], "select VMs"),
        (&["abort", "--rollback"], "select VMs"),
        (&["history"], "select VMs"),
        (&["undo"], "select VMs"),
        (
            &["undo", "-l", "a=b", "--to-revision", "0"],
            "--to-revision counts from 1",
        ),
    ];
    for (extra, want) in cases {
        let out = Command::new(BIN)
            .arg("roll")
            .args(*extra)
            .env_clear()
            .env("HOME", home.path())
            .stdin(Stdio::null())
            .output()
            .expect("run binary");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains(want), "{extra:?}: {err}");
        assert!(!err.contains("kubeconfig"), "{extra:?}: {err}");
    }
}

/// Run the binary with `extra` roll arguments, killing it after `limit`: (exit code or None
/// when killed, stderr, how long it ran).
async fn run_bounded(
    env: &Env,
    extra: &[&str],
    limit: Duration,
) -> (Option<i32>, String, Duration) {
    run_bounded_as(&env.kubeconfig, extra, limit).await
}

/// [`run_bounded`] as the user of `kubeconfig`.
async fn run_bounded_as(
    kubeconfig: &std::path::Path,
    extra: &[&str],
    limit: Duration,
) -> (Option<i32>, String, Duration) {
    let a = args(kubeconfig, extra);
    tokio::task::spawn_blocking(move || {
        let t0 = Instant::now();
        let (mut child, stderr) = spawn_tailed(&a);
        let code = loop {
            if let Some(st) = child.try_wait().expect("try_wait") {
                break st.code();
            }
            if t0.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        (code, stderr.finish(), t0.elapsed())
    })
    .await
    .expect("join")
}

/// Another client writing the fleet's VMs while it rolls: every ~5 ms a label on one VM
/// (whichever VMs `app=web` selects now, replacements included), until dropped.
fn concurrent_writer(env: &Env) -> tokio::task::JoinHandle<()> {
    let api = vm_api(&env.cluster);
    tokio::spawn(async move {
        for i in 0u64.. {
            let names: Vec<String> = match api.list(&ListParams::default().labels("app=web")).await
            {
                Ok(l) => l
                    .items
                    .iter()
                    .filter_map(|v| v.metadata.name.clone())
                    .collect(),
                Err(_) => vec![],
            };
            for n in names {
                let body = serde_json::json!({"metadata": {"labels": {"writer": i.to_string()}}});
                let _ = api
                    .patch(
                        &n,
                        &kube::api::PatchParams::default(),
                        &kube::api::Patch::Merge(body),
                    )
                    .await;
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    })
}

/// The VM updates (PUTs) the client sent.
fn vm_updates(env: &Env) -> usize {
    env.cluster
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.resource.as_deref() == Some("virtualmachines"))
        .count()
}

/// Issue 15.1: a conflict refreshes what it conflicted on. With injected 409s and another
/// client writing the same VMs all the time, a roll of each strategy finishes in bounded
/// time and with a bounded number of updates; it used to plan again from its stale cache
/// forever (40,986 updates in 11 minutes, all 409).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_and_a_concurrent_writer_never_livelock_a_rollout() {
    let strategies: [(&str, &[&str]); 3] = [
        ("live", &["--set-cpu", "2", "--max-action", "live"]),
        (
            "restart",
            &[
                "--set-image",
                "quay.io/demo/web:2",
                "--max-unavailable",
                "4",
                "--min-ready",
                "3",
            ],
        ),
        (
            "replace",
            &[
                "--set-image",
                "quay.io/demo/web:2",
                "--min-action",
                "replace",
                "--max-action",
                "replace",
                "--max-unavailable",
                "0",
                "--max-surge",
                "2",
            ],
        ),
    ];
    for (what, flags) in strategies {
        let env = fleet(4, 100, &[]).await;
        env.cluster.fail_next(
            Some("update"),
            Some("virtualmachines"),
            3,
            vmmigrate_testcluster::FaultAction::Conflict,
        );
        // The client as a user of its own, to count its requests apart from the writer's
        // and the simulator's.
        env.cluster
            .add_user("roller", "roller", vec![vmmigrate_testcluster::Rule::all()]);
        let kc = user_kubeconfig(&env, "roller");
        let writer = concurrent_writer(&env);
        let mut extra = vec!["-l", "app=web", "--yes"];
        extra.extend_from_slice(flags);
        let (code, err, took) = run_bounded_as(&kc, &extra, Duration::from_secs(60)).await;
        writer.abort();
        let updates = vm_updates(&env);
        let requests = env
            .cluster
            .requests()
            .iter()
            .filter(|r| r.user.as_deref() == Some("roller"))
            .count();
        eprintln!("{what}: {requests} requests in {took:?}");
        // A start-up of about a hundred (discovery, permission reviews, lists, watches,
        // the VMs' writes), then a few a second whatever the writer does: each of its
        // events used to cost a read of the rollout record (354 requests in 7 s).
        let allowed = 130.0 + 10.0 * took.as_secs_f64();
        assert!(
            requests as f64 <= allowed,
            "{what}: {requests} requests in {took:?}: {err}"
        );
        assert_eq!(
            code,
            Some(0),
            "{what}: took {took:?}, {updates} VM updates: {err}"
        );
        assert!(
            updates <= 60,
            "{what}: {updates} VM updates for 4 VMs: {err}"
        );
        eprintln!("{what}: {took:?}, {updates} VM updates");
        let all = vms(&env).await;
        assert_eq!(all.len(), 4, "{what}");
        for v in &all {
            if what == "live" {
                assert_eq!(
                    v.data.pointer("/spec/template/spec/domain/cpu/sockets"),
                    Some(&serde_json::json!(2)),
                    "{what}"
                );
            } else {
                assert_eq!(image(v), "quay.io/demo/web:2", "{what}");
            }
        }
    }
}

/// Requests that changed something, other than SelfSubjectAccessReviews (which only ask).
fn writes(env: &Env, user: Option<&str>) -> Vec<String> {
    env.cluster
        .requests()
        .iter()
        .filter(|r| r.is_write())
        .filter(|r| r.resource.as_deref() != Some("selfsubjectaccessreviews"))
        .filter(|r| user.is_none() || r.user.as_deref() == user)
        .map(|r| format!("{} {} -> {}", r.method, r.path, r.status))
        .collect()
}

/// Issue 15.3: without virt-api, a roll that restarts VMs is refused before it changes
/// anything, saying virt-api is not reachable; one that needs no restart still runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_virt_api_a_restart_roll_writes_nothing() {
    let env = fleet_with(2, 100, &[], false).await;
    env.cluster.clear_requests();
    let (code, err, _) = run_bounded(
        &env,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--yes",
        ],
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("KubeVirt's virt-api is not reachable"),
        "{err}"
    );
    assert_eq!(writes(&env, None), Vec::<String>::new(), "{err}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:1");
    }
    // Labels need no restart, so no virt-api.
    let (code, err, _) = run_bounded(
        &env,
        &["-l", "app=web", "--set-label", "tier=gold", "--yes"],
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
}

fn user_kubeconfig(env: &Env, token: &str) -> std::path::PathBuf {
    let path = env._dir.path().join(format!("kubeconfig-{token}"));
    std::fs::write(&path, env.cluster.kubeconfig_yaml_for(token)).expect("kubeconfig");
    path
}

/// Run the binary as the user of `kubeconfig`: (exit code, stderr).
async fn run_as(kubeconfig: &std::path::Path, extra: &[&str]) -> (Option<i32>, String) {
    let a = args(kubeconfig, extra);
    let out = tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(&a)
            .stdin(Stdio::null())
            .output()
            .expect("run binary")
    })
    .await
    .expect("join");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Issue 15.2: the permission matrix. Each user lacking a right the rollout needs is refused
/// before the first write with the list of what is missing; the rollout is not left behind
/// to block the next user; errors read like kubectl's, never a raw `Status { .. }`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permissions_are_checked_before_the_first_write() {
    use vmmigrate_testcluster::Rule;
    let env = fleet(2, 100, &[]).await;
    // What the README says a namespace admin needs to roll.
    let roller = || {
        vec![
            Rule::new(
                &["get", "create", "patch"],
                &["coordination.k8s.io"],
                &["leases"],
            ),
            Rule::new(
                &["create", "list", "delete"],
                &["apps"],
                &["controllerrevisions"],
            ),
            Rule::new(
                &[
                    "get", "list", "watch", "update", "patch", "create", "delete",
                ],
                &["kubevirt.io"],
                &["virtualmachines"],
            ),
            Rule::new(
                &["get", "list", "watch"],
                &["kubevirt.io"],
                &["virtualmachineinstances"],
            ),
            Rule::new(
                &["update"],
                &["subresources.kubevirt.io"],
                &["virtualmachines/restart"],
            ),
            Rule::new(&["list"], &[""], &["resourcequotas"]),
            Rule::new(&["create"], &[""], &["events"]),
        ]
    };
    let without = |resource: &str| {
        let mut rules = roller();
        rules.retain(|r| r.resources != [resource.to_string()]);
        rules
    };
    env.cluster.add_user("roller", "roller", roller());
    env.cluster
        .add_user("no-cr", "no-cr", without("controllerrevisions"));
    env.cluster.add_user(
        "no-restart",
        "no-restart",
        without("virtualmachines/restart"),
    );
    env.cluster.add_user(
        "viewer",
        "viewer",
        vec![Rule::new(&["get", "list", "watch"], &["*"], &["*"])],
    );
    env.cluster.add_user("nobody", "nobody", vec![]);
    let image_roll = [
        "-l",
        "app=web",
        "--set-image",
        "quay.io/demo/web:2",
        "--yes",
    ];
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "no-cr",
            &image_roll,
            &["create controllerrevisions.apps in namespace \"default\", delete controllerrevisions.apps in namespace \"default\""],
        ),
        (
            "no-restart",
            &image_roll,
            &["update virtualmachines/restart.subresources.kubevirt.io in namespace \"default\""],
        ),
        (
            "viewer",
            &image_roll,
            &[
                "create leases.coordination.k8s.io",
                "patch leases.coordination.k8s.io",
                "update virtualmachines.kubevirt.io",
                "update virtualmachines/restart.subresources.kubevirt.io",
            ],
        ),
        // Not even the Lease may be read: every right is listed, not only that first refusal.
        (
            "nobody",
            &image_roll,
            &[
                "missing permissions",
                "get leases.coordination.k8s.io",
                "list virtualmachines.kubevirt.io",
                "create controllerrevisions.apps",
            ],
        ),
    ];
    for (user, extra, wants) in cases {
        let kc = user_kubeconfig(&env, user);
        env.cluster.clear_requests();
        let (code, err) = run_as(&kc, extra).await;
        assert_eq!(code, Some(1), "{user}: {err}");
        for want in wants {
            assert!(err.contains(want), "{user}: want {want:?} in {err}");
        }
        assert!(!err.contains("Status {"), "{user}: {err}");
        assert_eq!(
            writes(&env, Some(user)),
            Vec::<String>::new(),
            "{user}: {err}"
        );
    }
    // Nothing was left behind: a label change (no restart) by the user without the restart
    // right, then an image roll by one with every right, both run.
    let (code, err) = run_as(
        &user_kubeconfig(&env, "no-restart"),
        &["-l", "app=web", "--set-label", "tier=gold", "--yes"],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run_as(&user_kubeconfig(&env, "roller"), &image_roll).await;
    assert_eq!(code, Some(0), "{err}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:2");
    }
    // Undoing it may restart VMs: refused, before any write, to the user who may not.
    env.cluster.clear_requests();
    let (code, err) = run_as(
        &user_kubeconfig(&env, "no-restart"),
        &["undo", "-l", "app=web"],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("update virtualmachines/restart.subresources.kubevirt.io"),
        "{err}"
    );
    assert_eq!(
        writes(&env, Some("no-restart")),
        Vec::<String>::new(),
        "{err}"
    );
    // Steering a rollout needs the Lease's rights too.
    let (code, err) = run_as(
        &user_kubeconfig(&env, "viewer"),
        &["abort", "-l", "app=web"],
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("missing permissions") && err.contains("patch leases"),
        "{err}"
    );
}

/// Issue 15.5: with a ResourceQuota leaving no room for the surge VM, the client waits with
/// backoff (a bounded request rate, counted in the emulator's log) and prints the waiting
/// line once; once the quota controller reports room, the rollout goes on. The status is
/// written here through /status as the quota controller would. It used to make ~100
/// requests/s and print the same line 349 times in 12 s.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waiting_for_quota_is_quiet_and_bounded() {
    use kube::api::{Patch, PatchParams, PostParams};
    let env = fleet(2, 100, &[]).await;
    env.cluster
        .add_user("roller", "roller", vec![vmmigrate_testcluster::Rule::all()]);
    let quotas = default_api(&env.cluster, ("", "v1", "ResourceQuota", "resourcequotas"));
    let q: DynamicObject = serde_json::from_value(serde_json::json!({
        "apiVersion": "v1", "kind": "ResourceQuota",
        "metadata": {"name": "vm-count", "namespace": "default"},
        "spec": {"hard": {"count/virtualmachines.kubevirt.io": "2"}},
    }))
    .expect("quota");
    quotas
        .create(&PostParams::default(), &q)
        .await
        .expect("create quota");
    let used = |hard: u32, used: u32| {
        Patch::Merge(serde_json::json!({"status": {
            "hard": {"count/virtualmachines.kubevirt.io": hard.to_string()},
            "used": {"count/virtualmachines.kubevirt.io": used.to_string()}}}))
    };
    quotas
        .patch_status("vm-count", &PatchParams::default(), &used(2, 2))
        .await
        .expect("status");
    let kc = user_kubeconfig(&env, "roller");
    let a = args(
        &kc,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
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
    // Count from the moment the client says it waits (a fixed second counted its start-up
    // requests too when a loaded machine made start-up slow).
    let (child, stderr) = spawn_tailed(&a);
    stderr
        .wait_for(
            "the client waits for quota room",
            "waiting: ResourceQuota vm-count",
        )
        .await;
    env.cluster.clear_requests();
    tokio::time::sleep(Duration::from_secs(4)).await;
    let requests = env
        .cluster
        .requests()
        .iter()
        .filter(|r| r.user.as_deref() == Some("roller"))
        .count();
    assert_eq!(vms(&env).await.len(), 2, "no replacement without room");
    // Room for one more at a time: the quota raised, and counted as the quota controller
    // would (an emulator that keeps `status.used` itself recounts it the same).
    quotas
        .patch(
            "vm-count",
            &PatchParams::default(),
            &Patch::Merge(
                serde_json::json!({"spec": {"hard": {"count/virtualmachines.kubevirt.io": "3"}}}),
            ),
        )
        .await
        .expect("raise the quota");
    quotas
        .patch_status("vm-count", &PatchParams::default(), &used(3, 2))
        .await
        .expect("status");
    let out = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .expect("join")
        .expect("wait");
    // The child has exited: its stderr is whole.
    let err = stderr.finish();
    eprintln!("{requests} requests in 4 s of waiting");
    assert!(
        requests <= 24,
        "{requests} requests in 4 s of waiting: {err}"
    );
    assert_eq!(out.status.code(), Some(0), "{err}");
    let waiting = err
        .lines()
        .filter(|l| l.contains("waiting: ResourceQuota vm-count leaves room for 0"))
        .count();
    assert_eq!(waiting, 1, "{err}");
    assert_eq!(
        names_all_on(&env, "quay.io/demo/web:2").await,
        ["web-0-r1", "web-1-r1"]
    );
}

/// Issue 15.4: `roll undo` puts back what the revision changed, whatever the strategy; after
/// a replace rollout it used to print `RolledBack` and leave every VM on the new image.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undo_puts_back_what_each_strategy_changed() {
    let sockets = |v: &DynamicObject| {
        v.data
            .pointer("/spec/template/spec/domain/cpu/sockets")
            .and_then(Value::as_u64)
    };
    let strategies: [(&str, &[&str]); 3] = [
        ("live", &["--set-cpu", "2", "--max-action", "live"]),
        ("restart", &["--set-image", "quay.io/demo/web:2"]),
        (
            "replace",
            &[
                "--set-image",
                "quay.io/demo/web:2",
                "--min-action",
                "replace",
                "--max-action",
                "replace",
                "--max-unavailable",
                "0",
                "--max-surge",
                "1",
            ],
        ),
    ];
    for (what, flags) in strategies {
        let env = fleet(2, 100, &[]).await;
        let mut extra = vec!["-l", "app=web", "--yes"];
        extra.extend_from_slice(flags);
        let (code, err, _) = run_bounded(&env, &extra, Duration::from_secs(60)).await;
        assert_eq!(code, Some(0), "{what}: {err}");
        let changed = vms(&env).await;
        assert!(
            changed
                .iter()
                .all(|v| image(v) == "quay.io/demo/web:2" || sockets(v) == Some(2)),
            "{what}: the roll changed every VM"
        );
        wait_ready(&env, 2).await;
        undo_then_all_on_the_first_image(&env, what).await;
        if what == "replace" {
            // Again from replacements: the undo's own replacements (`web-0-r4`, which
            // replaces `web-0-r3`, which replaced `web-0-r2`) return to revision 2's object.
            let mut extra = vec!["-l", "app=web", "--yes"];
            extra.extend_from_slice(flags);
            extra[4] = "quay.io/demo/web:3";
            let (code, err, _) = run_bounded(&env, &extra, Duration::from_secs(60)).await;
            assert_eq!(code, Some(0), "{what} again: {err}");
            assert_eq!(
                names_all_on(&env, "quay.io/demo/web:3").await,
                ["web-0-r3", "web-1-r3"]
            );
            wait_ready(&env, 2).await;
            undo_then_all_on_the_first_image(&env, "replace again").await;
        }
    }
}

/// `roll undo`, then every VM (two) is back on `quay.io/demo/web:1` with one socket.
async fn undo_then_all_on_the_first_image(env: &Env, what: &str) {
    let (code, err, _) =
        run_bounded(env, &["undo", "-l", "app=web"], Duration::from_secs(60)).await;
    assert_eq!(code, Some(0), "{what}: {err}");
    let back = vms(env).await;
    assert_eq!(back.len(), 2, "{what}: {err}");
    for v in &back {
        assert_eq!(image(v), "quay.io/demo/web:1", "{what}: {err}");
        assert_eq!(
            v.data.pointer("/spec/template/spec/domain/cpu/sockets"),
            Some(&serde_json::json!(1)),
            "{what}: {err}"
        );
    }
}

/// Issue 15.7: right after a Complete rollout with a min-ready, `roll status` (another
/// process) counts every VM available: it used to count the last batch's min-ready from the
/// VMI condition's whole second and show "available 2, unavailable 2".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_right_after_complete_counts_every_vm_available() {
    let env = fleet(4, 100, &[]).await;
    let (code, err, _) = run_bounded(
        &env,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--max-unavailable",
            "2",
            "--min-ready",
            "2",
            "--yes",
        ],
        Duration::from_secs(60),
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    let out = run(&env.kubeconfig, &["status", "-l", "app=web", "-o", "json"]).await;
    let status: Value = serde_json::from_slice(&out.stdout).expect("status JSON");
    assert_eq!(status["status"], "Complete", "{status}");
    assert_eq!(status["summary"]["available"], 4, "{status}");
    assert_eq!(status["summary"]["unavailable"], 0, "{status}");
}

/// Issue 15.7: ControllerRevisions are pruned beyond `--revision-history-limit` (55 were
/// kept after 10 revisions of 6 VMs), never the current revision nor the one an undo returns
/// to, and an undo to a kept revision still finds every previous VM object.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revisions_beyond_the_history_limit_are_pruned() {
    let env = fleet(3, 100, &[]).await;
    let revisions: Api<DynamicObject> = Api::namespaced_with(
        env.cluster.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("apps", "v1", "ControllerRevision"),
            "controllerrevisions",
        ),
    );
    for i in 1..=6 {
        let label = format!("tier=t{i}");
        let (code, err, _) = run_bounded(
            &env,
            &[
                "-l",
                "app=web",
                "--set-label",
                &label,
                "--revision-history-limit",
                "2",
                "--yes",
            ],
            Duration::from_secs(60),
        )
        .await;
        assert_eq!(code, Some(0), "{label}: {err}");
    }
    let kept = revisions
        .list(&ListParams::default().labels("vmmigrate.io/rollout"))
        .await
        .expect("list")
        .items;
    // Revisions 5 and 6, and the 3 VMs' objects before revision 6 (what undo to 5 reads).
    assert_eq!(
        kept.len(),
        5,
        "{:?}",
        kept.iter()
            .map(|c| c.metadata.name.clone())
            .collect::<Vec<_>>()
    );
    let h = run(&env.kubeconfig, &["history", "-l", "app=web", "-o", "json"]).await;
    let h: Value = serde_json::from_slice(&h.stdout).expect("history JSON");
    let numbers: Vec<u64> = h
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["revision"].as_u64())
        .collect();
    assert_eq!(numbers, [5, 6]);
    let (code, err, _) = run_bounded(
        &env,
        &["undo", "-l", "app=web", "--to-revision", "4"],
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(code, Some(1), "revision 4 is gone: {err}");
    let (code, err, _) =
        run_bounded(&env, &["undo", "-l", "app=web"], Duration::from_secs(60)).await;
    assert_eq!(code, Some(0), "{err}");
    for v in vms(&env).await {
        let tier = v
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get("tier"))
            .cloned();
        assert_eq!(tier.as_deref(), Some("t5"), "{err}");
    }
}

/// Issue 15.2: a rollout that fails to record its revision after taking its Lease (here a
/// 500 from the server) does not stay `Progressing` to refuse every later roll.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rollout_that_could_not_start_blocks_no_later_roll() {
    let env = fleet(2, 100, &[]).await;
    env.cluster.fail_next(
        Some("create"),
        Some("controllerrevisions"),
        1,
        vmmigrate_testcluster::FaultAction::ServerError,
    );
    let (code, err, _) = run_bounded(
        &env,
        &["-l", "app=web", "--set-label", "tier=a", "--yes"],
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("Error from server (InternalError): error when recording the revision"),
        "{err}"
    );
    assert_eq!(leases(&env).await, [(None, "Failed".to_string())]);
    let (code, err, _) = run_bounded(
        &env,
        &["-l", "app=web", "--set-label", "tier=b", "--yes"],
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
}

/// Issue 15.4, mid-flight: a replace rollout stopped while its replacements wait out
/// --min-ready beside the old VMs, then rolled back: the replacements go and the old VMs
/// stay, one VM per slot on the old image (rolling the replacements back would have left
/// two VMs in each slot; before previous objects were kept for replacements, the rollback
/// ended at once with the replacements still there).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rollback_of_an_unfinished_replace_removes_its_replacements() {
    let env = fleet(2, 100, &[]).await;
    let a = args(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--min-action",
            "replace",
            "--max-action",
            "replace",
            "--max-unavailable",
            "0",
            "--max-surge",
            "1",
            "--min-ready",
            "60",
            "--lease-duration",
            "1",
            "--yes",
        ],
    );
    let mut child = spawn_quiet(&a);
    let mut created = false;
    for _ in 0..300 {
        if vms(&env).await.len() == 3 {
            created = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(created, "the first replacement was never created");
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let (code, err, _) = run_bounded(
        &env,
        &["abort", "-l", "app=web", "--rollback"],
        Duration::from_secs(30),
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(
        names_all_on(&env, "quay.io/demo/web:1").await,
        ["web-0", "web-1"],
        "{err}"
    );
}

/// Issue 14's matrix for `roll`, with Kubernetes' own roles bound by RoleBindings rather than
/// hand-written rules: `view` and `edit` (and `admin` alone: the built-in roles grant no
/// Leases nor ControllerRevision writes) are refused before any write with the list of what is
/// missing; `admin` plus the Role the README names rolls the fleet, as does a cluster admin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roll_as_view_edit_and_admin_through_real_role_bindings() {
    let env = fleet(2, 100, &[]).await;
    let bind = |user: &str, kind: &str, role: &str| {
        env.cluster
            .create_object(serde_json::json!({
                "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": format!("{user}-{role}"), "namespace": "default"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": role},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": user}],
            }))
            .expect("role binding");
    };
    for user in ["vera", "eddie", "ada"] {
        env.cluster.add_token(user, user, &[]);
    }
    bind("vera", "ClusterRole", "view");
    bind("eddie", "ClusterRole", "edit");
    bind("ada", "ClusterRole", "admin");
    let image_roll = |tag: &'static str| {
        [
            "-l",
            "app=web",
            "--set-image",
            tag,
            "--max-unavailable",
            "1",
            "--yes",
        ]
    };
    for (user, missing) in [
        (
            "vera",
            &[
                "get leases.coordination.k8s.io",
                "update virtualmachines.kubevirt.io",
            ][..],
        ),
        (
            "eddie",
            &[
                "get leases.coordination.k8s.io",
                "create controllerrevisions.apps",
            ][..],
        ),
        (
            "ada",
            &[
                "get leases.coordination.k8s.io",
                "create controllerrevisions.apps",
            ][..],
        ),
    ] {
        env.cluster.clear_requests();
        let (code, err) = run_as(
            &user_kubeconfig(&env, user),
            &image_roll("quay.io/demo/web:2"),
        )
        .await;
        assert_eq!(code, Some(1), "{user}: {err}");
        assert!(err.contains("missing permissions"), "{user}: {err}");
        for want in missing {
            assert!(err.contains(want), "{user}: want {want:?} in {err}");
        }
        assert_eq!(
            writes(&env, Some(user)),
            Vec::<String>::new(),
            "{user}: {err}"
        );
    }
    // The README's addition for a namespace admin: Leases and ControllerRevisions.
    env.cluster
        .create_object(serde_json::json!({
            "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
            "metadata": {"name": "vmmigrate-roller", "namespace": "default"},
            "rules": [
                {"apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "create", "patch"]},
                {"apiGroups": ["apps"], "resources": ["controllerrevisions"], "verbs": ["create", "list", "delete"]},
            ],
        }))
        .expect("role");
    bind("ada", "Role", "vmmigrate-roller");
    let (code, err) = run_as(
        &user_kubeconfig(&env, "ada"),
        &image_roll("quay.io/demo/web:2"),
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:2");
    }
    // The cluster admin (system:masters) needs nothing more.
    let (code, err) = run_as(&env.kubeconfig, &image_roll("quay.io/demo/web:3")).await;
    assert_eq!(code, Some(0), "{err}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:3");
    }
}

/// `roll -f FILE`: the VMs of a manifest file (a `List` here, as `kubectl get -o yaml`
/// writes it) replace the live VMs' specs. The file is read through the one file layer
/// (`files::manifest::read_named`, with its size limit); an unreadable one is a usage error
/// naming it, before anything is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roll_from_a_manifest_list_takes_each_vms_spec() {
    let env = fleet(2, 100, &[]).await;
    let mut items = Vec::new();
    for v in vms(&env).await {
        let mut vm = serde_json::to_value(&v).expect("VM as JSON");
        vm["spec"]["template"]["spec"]["volumes"][0]["containerDisk"]["image"] =
            Value::from("quay.io/demo/web:7");
        vm["metadata"] = serde_json::json!({"name": v.metadata.name.clone()});
        items.push(vm);
    }
    let list = serde_json::json!({"apiVersion": "v1", "kind": "List", "items": items});
    let file = env._dir.path().join("fleet.yaml");
    std::fs::write(&file, serde_json::to_string(&list).expect("list")).expect("write");
    let missing = env._dir.path().join("missing.yaml");
    env.cluster.clear_requests();
    let (code, err) = run_as(
        &env.kubeconfig,
        &["-l", "app=web", "-f", missing.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(&format!("{}: cannot read", missing.display())),
        "{err}"
    );
    assert_eq!(writes(&env, None), Vec::<String>::new(), "{err}");
    let (code, err) = run_as(
        &env.kubeconfig,
        &["-l", "app=web", "-f", file.to_str().unwrap(), "--yes"],
    )
    .await;
    assert_eq!(code, Some(0), "{err}");
    for v in vms(&env).await {
        assert_eq!(image(&v), "quay.io/demo/web:7");
    }
}

/// `abort` of a rollout that has ended changes nothing: rolling back a Complete revision is
/// `undo`'s job, and `abort --rollback` after a `roll` killed before it recorded its revision
/// used to undo the previous, finished one (issue 25's stress run found it). Likewise a second
/// `abort --rollback` of a rollback.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abort_of_an_ended_rollout_changes_nothing() {
    let env = fleet(2, 100, &[]).await;
    let out = run(
        &env.kubeconfig,
        &[
            "-l",
            "app=web",
            "--set-image",
            "quay.io/demo/web:2",
            "--yes",
        ],
    )
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for extra in [&["abort", "--rollback"][..], &["abort"][..]] {
        let mut a = extra.to_vec();
        a.extend(["-l", "app=web"]);
        let out = run(&env.kubeconfig, &a).await;
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{a:?}: {err}");
        assert!(
            err.contains("(revision 1) is Complete: there is nothing to abort; `kubectl vmmigrate roll undo` returns to the previous revision"),
            "{a:?}: {err}"
        );
    }
    assert_eq!(
        names_all_on(&env, "quay.io/demo/web:2").await,
        ["web-0", "web-1"]
    );
    let st = run(&env.kubeconfig, &["status", "-l", "app=web", "-o", "json"]).await;
    let v: Value = serde_json::from_slice(&st.stdout).expect("status JSON");
    assert_eq!(v["status"], "Complete", "{v}");
    assert_eq!(v["revision"], 1, "{v}");
}

/// The VM controller reads a VM, the roll updates it (no VMI runs yet, so there is nothing to
/// restart), and the controller then starts a VMI from the VM it read: the instance runs the
/// template before the update. Its `kubevirt.io/vm-generation` says so, and the roll restarts
/// it instead of counting it as the restart's (it used to mark such a VM done on the old
/// template, and a pool rollback failed on it under load).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_started_from_the_template_before_the_update_is_restarted() {
    let (cluster, _dir, kubeconfig) = without_simulator().await;
    let vms = vm_api(&cluster);
    // No simulator yet: the VM has no instance, as between a start and its VMI.
    let old = vms
        .create(&PostParams::default(), &vm("web-0", &[]))
        .await
        .expect("create VM");
    let a = args(&kubeconfig, ROLL_TO_WEB_2);
    let (mut child, stderr) = spawn_tailed(&a);
    let updated = eventually("the roll updates web-0", || async {
        let v = vms.get("web-0").await.map_err(|e| e.to_string())?;
        (image(&v) == "quay.io/demo/web:2")
            .then_some(v)
            .ok_or_else(|| "not yet".to_string())
    })
    .await;
    assert!(updated.metadata.generation > old.metadata.generation);
    // The instance the controller made from the VM it read before the update.
    let stale = instance_of(&cluster, &old).await;
    let vmis = vmi_api(&cluster);
    let _sim = simulator(&cluster);
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    let err = stderr.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(
        err.contains("virtualmachine/web-0: restart again (its instance started from the template before the update)"),
        "{err}"
    );
    let running = vmis.get("web-0").await.expect("the VMI");
    assert_ne!(running.metadata.uid, stale.metadata.uid, "{err}");
    assert_eq!(
        running.data.pointer("/spec/volumes/0/containerDisk/image"),
        Some(&json!("quay.io/demo/web:2")),
        "the instance runs the rolled template"
    );
}

/// A cluster with the KubeVirt CRDs and no simulator yet, so that a test can set up what a
/// controller would have done at an awkward moment; its kubeconfig.
async fn without_simulator() -> (
    vmmigrate_testcluster::TestCluster,
    tempfile::TempDir,
    std::path::PathBuf,
) {
    let cluster = vmmigrate_testcluster::TestCluster::start()
        .await
        .expect("cluster");
    cluster.install_kubevirt_crds().expect("CRDs");
    let dir = tempfile::tempdir().expect("tempdir");
    let kubeconfig = dir.path().join("kubeconfig");
    cluster.write_kubeconfig(&kubeconfig).expect("kubeconfig");
    (cluster, dir, kubeconfig)
}

fn simulator(cluster: &vmmigrate_testcluster::TestCluster) -> Simulator {
    Simulator::start(
        cluster.client(),
        SimConfig {
            boot_time: Duration::from_millis(100),
            tick: Duration::from_millis(20),
            ..SimConfig::default()
        },
    )
}

fn vmi_api(cluster: &vmmigrate_testcluster::TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        cluster.client(),
        "default",
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("kubevirt.io", "v1", "VirtualMachineInstance"),
            "virtualmachineinstances",
        ),
    )
}

/// `roll` of the fleet to `web:2`, at once, logging each step.
const ROLL_TO_WEB_2: &[&str] = &[
    "-l",
    "app=web",
    "--set-image",
    "quay.io/demo/web:2",
    "--min-ready",
    "0",
    "--progress-deadline",
    "60",
    "--yes",
    "-v=1",
];

/// virt-api refuses a restart while the VM's earlier stop/start requests are queued ("stop/
/// start already underway", a 500, as KubeVirt answers): a killed client's restart, or a
/// user's `virtctl restart`, not yet carried out. That restart starts the VM from the updated
/// template too, so the roll goes on; it used to stop with the error (seen when a resumed pool
/// roll asked again for a restart its killed predecessor had asked).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_already_underway_is_waited_for_not_an_error() {
    let (cluster, _dir, kubeconfig) = without_simulator().await;
    let running = a_restart_queued(&cluster).await;
    let vmis = vmi_api(&cluster);
    let (mut child, stderr) = spawn_tailed(&args(&kubeconfig, ROLL_TO_WEB_2));
    stderr
        .wait_for(
            "the roll finds the restart underway",
            "virtualmachine/web-0: a restart is already underway",
        )
        .await;
    // Now the controller carries out the queued requests.
    let _sim = simulator(&cluster);
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    let err = stderr.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    let now = vmis.get("web-0").await.expect("the VMI");
    assert_ne!(now.metadata.uid, running, "{err}");
    assert_eq!(
        now.data.pointer("/spec/volumes/0/containerDisk/image"),
        Some(&json!("quay.io/demo/web:2")),
        "the queued restart started the rolled template"
    );
}

/// web-0 with a running, Ready instance (no simulator runs) and a restart of it queued but
/// not carried out (`status.stateChangeRequests`); the instance's uid.
async fn a_restart_queued(cluster: &vmmigrate_testcluster::TestCluster) -> Option<String> {
    let vms = vm_api(cluster);
    let created = vms
        .create(&PostParams::default(), &vm("web-0", &[]))
        .await
        .expect("create VM");
    // A running, Ready instance, and a restart of it queued but not carried out.
    let running = instance_of(cluster, &created).await;
    let vmis = vmi_api(cluster);
    let ready = json!({"status": {"phase": "Running", "conditions": [
        {"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"},
        {"type": "AgentConnected", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}]}});
    // The VMI CRD has no status subresource (as in KubeVirt): a plain patch.
    vmis.patch("web-0", &PatchParams::default(), &Patch::Merge(&ready))
        .await
        .expect("VMI status");
    let queued = json!({"status": {"ready": true, "printableStatus": "Running",
        "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2026-01-01T00:00:00Z"}],
        "stateChangeRequests": [{"action": "Stop", "uid": running.metadata.uid}, {"action": "Start"}]}});
    vms.patch_status("web-0", &PatchParams::default(), &Patch::Merge(&queued))
        .await
        .expect("VM status");
    running.metadata.uid
}

/// The lifecycle verbs meet the same answer: `restart` of a VM whose restart is already
/// queued waits for that one instead of failing the VM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_of_a_vm_whose_restart_is_underway_waits_for_it() {
    let (cluster, _dir, kubeconfig) = without_simulator().await;
    let running = a_restart_queued(&cluster).await;
    let mut child = Command::new(BIN)
        .args([
            "--kubeconfig",
            &kubeconfig.display().to_string(),
            "-n",
            "default",
            "restart",
            "web-0",
            "--wait",
            "--yes",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stderr = StderrTail::start(&mut child);
    // The verb records its restart on the VM before it asks virt-api.
    let vms = vm_api(&cluster);
    eventually("the restart is recorded", || async {
        let v = vms.get("web-0").await.map_err(|e| e.to_string())?;
        v.metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get("vmmigrate.io/lifecycle"))
            .map(|_| ())
            .ok_or_else(|| "not yet".to_string())
    })
    .await;
    // Refused as an error, the verb would have failed the VM and exited by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "{}",
        stderr.text()
    );
    let _sim = simulator(&cluster);
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    let err = stderr.finish();
    assert_eq!(status.code(), Some(0), "{err}");
    let vmis = vmi_api(&cluster);
    eventually("a new instance", || async {
        let now = vmis.get("web-0").await.map_err(|e| e.to_string())?;
        (now.metadata.uid != running)
            .then_some(())
            .ok_or_else(|| "the old one".to_string())
    })
    .await;
}

/// The VMI KubeVirt's VM controller makes of `vm` as read (its template and generation), owned
/// by it, created while no simulator runs.
async fn instance_of(
    cluster: &vmmigrate_testcluster::TestCluster,
    vm: &DynamicObject,
) -> DynamicObject {
    let name = vm.metadata.name.clone().unwrap_or_default();
    let owner = json!([{"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "name": name,
        "uid": vm.metadata.uid, "controller": true, "blockOwnerDeletion": true}]);
    let vmi: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "web"},
            "annotations": {"kubevirt.io/vm-generation": vm.metadata.generation.unwrap_or(1).to_string()},
            "ownerReferences": owner},
        "spec": vm.data["spec"]["template"]["spec"],
    }))
    .expect("VMI object");
    vmi_api(cluster)
        .create(&PostParams::default(), &vmi)
        .await
        .expect("create the VMI")
}
