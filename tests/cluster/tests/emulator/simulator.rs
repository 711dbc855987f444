//! The KubeVirt/CDI simulator against the emulator, over HTTP: VMs start and become Ready,
//! follow runStrategy, restart on VMI deletion, live-update sockets/memory, raise
//! RestartRequired, wait for DataVolume imports, migrate, fail as annotated, and the
//! availability timeline records it.

use crate::common::*;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::{json, Value};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{ann, SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

fn fast() -> SimConfig {
    SimConfig {
        boot_time: Duration::from_millis(300),
        tick: Duration::from_millis(50),
        import_time: Duration::from_millis(400),
        migration_time: Duration::from_millis(300),
        ..Default::default()
    }
}

async fn setup() -> (TestCluster, Simulator) {
    let c = cluster().await;
    let s = Simulator::start(c.client(), fast());
    (c, s)
}

fn vmis(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ar(
            "kubevirt.io",
            "v1",
            "VirtualMachineInstance",
            "virtualmachineinstances",
        ),
    )
}

fn dvs(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ar("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes"),
    )
}

/// Poll `f` until it yields Some, for at most `secs`.
async fn until<T, F, Fut>(secs: u64, what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        if tokio::time::Instant::now() > deadline {
            panic!("timed out waiting for {what}");
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Wait until the simulator's own timeline for `selector` says no VM is not Ready: it is
/// sampled at the end of a pass, after the status writes a test waits on in the API, so a
/// test that reads the timeline (or takes a `t0` against it) waits on the timeline itself
/// instead of sleeping (issue 25).
async fn timeline_all_ready(s: &Simulator, selector: &str) {
    until(
        30,
        &format!("the timeline of {selector} to show all Ready"),
        || async { (s.timeline(selector).last().map(|x| x.1) == Some(0)).then_some(()) },
    )
    .await
}

fn status<'a>(o: &'a DynamicObject, p: &str) -> Option<&'a Value> {
    o.data.pointer(&format!("/status{p}"))
}

fn condition(o: &DynamicObject, t: &str) -> Option<String> {
    status(o, "/conditions")?
        .as_array()?
        .iter()
        .find(|c| c["type"] == t)
        .and_then(|c| c["status"].as_str())
        .map(str::to_string)
}

async fn vm_where(
    c: &TestCluster,
    name: &str,
    what: &str,
    pred: impl Fn(&DynamicObject) -> bool,
) -> DynamicObject {
    let api = vms(c);
    until(30, what, || {
        let api = api.clone();
        let n = name.to_string();
        let pred = &pred;
        async move { api.get_opt(&n).await.ok().flatten().filter(|o| pred(o)) }
    })
    .await
}

async fn vmi_where(
    c: &TestCluster,
    name: &str,
    what: &str,
    pred: impl Fn(&DynamicObject) -> bool,
) -> DynamicObject {
    let api = vmis(c);
    until(30, what, || {
        let api = api.clone();
        let n = name.to_string();
        let pred = &pred;
        async move { api.get_opt(&n).await.ok().flatten().filter(|o| pred(o)) }
    })
    .await
}

fn running_ready(o: &DynamicObject) -> bool {
    status(o, "/printableStatus") == Some(&json!("Running"))
        && status(o, "/ready") == Some(&json!(true))
}

#[tokio::test]
async fn vm_starts_and_becomes_ready() {
    bounded(async {
        let (c, _s) = setup().await;
        let vm_obj = vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        let v = vm_where(&c, "a", "VM Running and ready", running_ready).await;
        assert_eq!(status(&v, "/created"), Some(&json!(true)));
        assert_eq!(status(&v, "/observedGeneration"), Some(&json!(1)));
        assert_eq!(condition(&v, "Ready").as_deref(), Some("True"));
        let vmi = vmis(&c).get("a").await.unwrap();
        let owner = &vmi.metadata.owner_references.clone().unwrap_or_default()[0];
        assert_eq!(
            (owner.kind.as_str(), owner.uid.as_str(), owner.controller),
            (
                "VirtualMachine",
                vm_obj.metadata.uid.as_deref().unwrap(),
                Some(true)
            )
        );
        assert_eq!(status(&vmi, "/phase"), Some(&json!("Running")));
        assert_eq!(condition(&vmi, "AgentConnected").as_deref(), Some("True"));
        assert_eq!(status(&vmi, "/nodeName"), Some(&json!("sim-node-1")));
        let phases: Vec<&str> = status(&vmi, "/phaseTransitionTimestamps")
            .and_then(Value::as_array)
            .unwrap()
            .iter()
            .filter_map(|p| p["phase"].as_str())
            .collect();
        assert_eq!(phases.last(), Some(&"Running"));
        assert!(phases.len() >= 2, "went through earlier phases: {phases:?}");
        assert_eq!(
            vmi.data["spec"]["domain"]["cpu"]["maxSockets"], 8,
            "LiveUpdate default 4x sockets"
        );
    })
    .await;
}

#[tokio::test]
async fn run_strategy_halted_and_back() {
    bounded(async {
        let (c, _s) = setup().await;
        let mut h = vm("a");
        h["spec"]["runStrategy"] = json!("Halted");
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(h))
            .await
            .unwrap();
        vm_where(&c, "a", "Stopped", |o| {
            status(o, "/printableStatus") == Some(&json!("Stopped"))
        })
        .await;
        assert!(vmis(&c).get_opt("a").await.unwrap().is_none());
        vms(&c)
            .patch(
                "a",
                &PatchParams::default(),
                &Patch::Merge(json!({"spec": {"runStrategy": "Always"}})),
            )
            .await
            .unwrap();
        vm_where(&c, "a", "Running", running_ready).await;
        vms(&c)
            .patch(
                "a",
                &PatchParams::default(),
                &Patch::Merge(json!({"spec": {"runStrategy": "Halted"}})),
            )
            .await
            .unwrap();
        vm_where(&c, "a", "Stopped again", |o| {
            status(o, "/printableStatus") == Some(&json!("Stopped"))
                && status(o, "/created") == Some(&json!(false))
        })
        .await;
        assert!(vmis(&c).get_opt("a").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn deleting_the_vmi_restarts_an_always_vm_and_timeline_records_it() {
    bounded(async {
        let (c, s) = setup().await;
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        vm_where(&c, "a", "Running", running_ready).await;
        timeline_all_ready(&s, "app=db").await;
        let first = vmis(&c).get("a").await.unwrap().metadata.uid.unwrap();
        let t0 = s.elapsed();
        vmis(&c)
            .delete("a", &DeleteParams::default())
            .await
            .unwrap();
        let second = vmi_where(&c, "a", "new VMI", |o| {
            o.metadata.uid.as_deref() != Some(first.as_str())
                && status(o, "/phase") == Some(&json!("Running"))
        })
        .await;
        assert_ne!(second.metadata.uid.as_deref(), Some(first.as_str()));
        vm_where(&c, "a", "Ready again", running_ready).await;
        timeline_all_ready(&s, "app=db").await;
        let tl = s.timeline("app=db");
        assert_eq!(tl.last().map(|x| x.1), Some(0), "{tl:?}");
        assert_eq!(s.max_not_ready_since("app=db", t0), 1, "{tl:?}");
        assert!(s.timeline("app=nothing").iter().all(|x| x.1 == 0));
    })
    .await;
}

#[tokio::test]
async fn live_update_sockets_memory_and_restart_required() {
    bounded(async {
        let (c, _s) = setup().await;
        vms(&c).create(&PostParams::default(), &dyn_obj(vm("a"))).await.unwrap();
        vm_where(&c, "a", "Running", running_ready).await;
        let uid = vmis(&c).get("a").await.unwrap().metadata.uid.unwrap();
        vms(&c).patch("a", &PatchParams::default(), &Patch::Merge(json!({"spec": {"template": {"spec": {"domain": {"cpu": {"sockets": 4}, "memory": {"guest": "4Gi"}}}}}}))).await.unwrap();
        let vmi = vmi_where(&c, "a", "hot-plugged sockets", |o| o.data["spec"]["domain"]["cpu"]["sockets"] == 4 && o.data["spec"]["domain"]["memory"]["guest"] == "4Gi").await;
        assert_eq!(vmi.metadata.uid.as_deref(), Some(uid.as_str()), "no restart for a live update");
        let v = vm_where(&c, "a", "observed generation 2", |o| status(o, "/observedGeneration") == Some(&json!(2))).await;
        assert_eq!(condition(&v, "RestartRequired"), None);
        // Cores are not live-updatable.
        vms(&c).patch("a", &PatchParams::default(), &Patch::Merge(json!({"spec": {"template": {"spec": {"domain": {"cpu": {"cores": 2}}}}}}))).await.unwrap();
        vm_where(&c, "a", "RestartRequired", |o| condition(o, "RestartRequired").as_deref() == Some("True")).await;
        assert_eq!(vmis(&c).get("a").await.unwrap().data["spec"]["domain"]["cpu"]["cores"], 1);
        // Beyond maxSockets (8) needs a restart too.
        vmis(&c).delete("a", &DeleteParams::default()).await.unwrap();
        let vmi = vmi_where(&c, "a", "restarted VMI", |o| o.metadata.uid.as_deref() != Some(uid.as_str()) && status(o, "/phase") == Some(&json!("Running"))).await;
        assert_eq!(vmi.data["spec"]["domain"]["cpu"]["cores"], 2);
        vm_where(&c, "a", "RestartRequired cleared", |o| condition(o, "RestartRequired").is_none() && running_ready(o)).await;
        vms(&c).patch("a", &PatchParams::default(), &Patch::Merge(json!({"spec": {"template": {"spec": {"domain": {"cpu": {"sockets": 32}}}}}}))).await.unwrap();
        vm_where(&c, "a", "RestartRequired beyond maxSockets", |o| condition(o, "RestartRequired").as_deref() == Some("True")).await;
    })
    .await;
}

/// KubeVirt's `kubevirt.io/vm-generation`: the VM generation a VMI was started from, bumped
/// for live updates and changes outside the template, not for a template change the VMI does
/// not run; `status.observedGeneration` follows it.
#[tokio::test]
async fn the_vmi_carries_the_vm_generation_it_runs() {
    bounded(async {
        let (c, _s) = setup().await;
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("g")))
            .await
            .unwrap();
        vm_where(&c, "g", "Running", running_ready).await;
        let generation = |o: &DynamicObject| o.metadata.generation.unwrap_or(0);
        let stamp = |o: &DynamicObject| {
            o.metadata
                .annotations
                .as_ref()
                .and_then(|a| a.get("kubevirt.io/vm-generation"))
                .cloned()
        };
        let first = vms(&c).get("g").await.unwrap();
        let vmi = vmis(&c).get("g").await.unwrap();
        assert_eq!(stamp(&vmi), Some(generation(&first).to_string()));
        // A live update: the VMI runs the new generation.
        vms(&c)
            .patch(
                "g",
                &PatchParams::default(),
                &Patch::Merge(
                    json!({"spec": {"template": {"spec": {"domain": {"cpu": {"sockets": 3}}}}}}),
                ),
            )
            .await
            .unwrap();
        let live = generation(&vms(&c).get("g").await.unwrap());
        assert!(live > generation(&first));
        vmi_where(&c, "g", "bumped after the live update", |o| {
            stamp(o) == Some(live.to_string())
        })
        .await;
        vm_where(&c, "g", "observed = desired", |o| {
            status(o, "/observedGeneration") == Some(&json!(live))
                && status(o, "/desiredGeneration") == Some(&json!(live))
        })
        .await;
        // A template change the VMI does not run (an annotation): observed stays behind.
        vms(&c)
            .patch(
                "g",
                &PatchParams::default(),
                &Patch::Merge(
                    json!({"spec": {"template": {"metadata": {"annotations": {"team": "web"}}}}}),
                ),
            )
            .await
            .unwrap();
        let staged = generation(&vms(&c).get("g").await.unwrap());
        assert!(staged > live);
        vm_where(&c, "g", "observed behind desired", |o| {
            status(o, "/observedGeneration") == Some(&json!(live))
                && status(o, "/desiredGeneration") == Some(&json!(staged))
        })
        .await;
        assert_eq!(
            stamp(&vmis(&c).get("g").await.unwrap()),
            Some(live.to_string())
        );
        // The next instance starts from the VM as it is.
        let uid = vmis(&c).get("g").await.unwrap().metadata.uid;
        vmis(&c)
            .delete("g", &DeleteParams::default())
            .await
            .unwrap();
        let vmi = vmi_where(&c, "g", "restarted", |o| {
            o.metadata.uid != uid && status(o, "/phase") == Some(&json!("Running"))
        })
        .await;
        assert_eq!(stamp(&vmi), Some(staged.to_string()));
        vm_where(&c, "g", "observed caught up", |o| {
            status(o, "/observedGeneration") == Some(&json!(staged))
        })
        .await;
    })
    .await;
}

fn vm_with_dv(name: &str) -> Value {
    let mut v = vm(name);
    v["spec"]["dataVolumeTemplates"] = json!([{
        "metadata": {"name": format!("{name}-root")},
        "spec": {"source": {"http": {"url": "http://example.invalid/disk.qcow2"}}, "storage": {"resources": {"requests": {"storage": "10Gi"}}}}
    }]);
    v["spec"]["template"]["spec"]["volumes"] =
        json!([{"name": "root", "dataVolume": {"name": format!("{name}-root")}}]);
    v
}

#[tokio::test]
async fn data_volumes_import_before_the_vmi_starts() {
    bounded(async {
        let (c, _s) = setup().await;
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm_with_dv("a")))
            .await
            .unwrap();
        let mut phases = vec![];
        let mut progress_seen = false;
        let (dv_api, vmi_api) = (dvs(&c), vmis(&c));
        loop {
            if let Some(dv) = dv_api.get_opt("a-root").await.unwrap() {
                let p = status(&dv, "/phase")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                if p != "Succeeded" && vmi_api.get_opt("a").await.unwrap().is_some() {
                    // The import may have finished between the two reads; it must have by now.
                    let now = dv_api.get("a-root").await.unwrap();
                    assert_eq!(
                        status(&now, "/phase"),
                        Some(&json!("Succeeded")),
                        "VMI must wait for its DataVolume"
                    );
                }
                if p == "ImportInProgress"
                    && status(&dv, "/progress")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.ends_with('%'))
                {
                    progress_seen = true;
                }
                if phases.last() != Some(&p) {
                    phases.push(p.clone());
                }
                if p == "Succeeded" {
                    break;
                }
            }
            tokio::time::sleep(Duration::from_millis(15)).await;
        }
        assert!(
            phases.contains(&"ImportInProgress".to_string()),
            "{phases:?}"
        );
        assert!(progress_seen);
        let dv = dvs(&c).get("a-root").await.unwrap();
        assert_eq!(
            dv.metadata.owner_references.unwrap_or_default()[0].kind,
            "VirtualMachine"
        );
        let pvc = c
            .object("", "persistentvolumeclaims", "default", "a-root")
            .expect("PVC");
        assert_eq!(pvc["status"]["phase"], "Bound");
        assert_eq!(pvc["spec"]["resources"]["requests"]["storage"], "10Gi");
        vm_where(&c, "a", "Running", running_ready).await;
    })
    .await;
}

fn annotated(name: &str, key: &str, value: &str, strategy: &str) -> Value {
    let mut v = vm(name);
    v["metadata"]["annotations"] = json!({key: value});
    v["spec"]["runStrategy"] = json!(strategy);
    v
}

#[tokio::test]
async fn behaviour_annotations() {
    bounded(async {
        let (c, _s) = setup().await;
        let api = vms(&c);
        api.create(
            &PostParams::default(),
            &dyn_obj(annotated("fail", ann::FAIL_BOOT, "true", "Once")),
        )
        .await
        .unwrap();
        api.create(
            &PostParams::default(),
            &dyn_obj(annotated("slow", ann::NEVER_READY, "true", "Always")),
        )
        .await
        .unwrap();
        api.create(
            &PostParams::default(),
            &dyn_obj(annotated("crash", ann::CRASH_AFTER_SECONDS, "0.3", "Once")),
        )
        .await
        .unwrap();
        let mut bad = vm_with_dv("imp");
        bad["metadata"]["annotations"] = json!({ann::IMPORT_FAIL: "true"});
        api.create(&PostParams::default(), &dyn_obj(bad))
            .await
            .unwrap();
        let mut boot = annotated("late", ann::BOOT_SECONDS, "3", "Always");
        boot["metadata"]["labels"] = json!({"app": "late"});
        api.create(&PostParams::default(), &dyn_obj(boot))
            .await
            .unwrap();

        let f = vmi_where(&c, "fail", "failed boot", |o| {
            status(o, "/phase") == Some(&json!("Failed"))
        })
        .await;
        assert_eq!(condition(&f, "Ready").as_deref(), Some("False"));
        vm_where(&c, "fail", "CrashLoopBackOff", |o| {
            status(o, "/printableStatus") == Some(&json!("CrashLoopBackOff"))
        })
        .await;
        let n = vmi_where(&c, "slow", "running, not ready", |o| {
            status(o, "/phase") == Some(&json!("Running"))
        })
        .await;
        assert_eq!(condition(&n, "Ready").as_deref(), Some("False"));
        assert_eq!(condition(&n, "AgentConnected").as_deref(), Some("False"));
        vmi_where(&c, "crash", "ran then crashed", |o| {
            let ph: Vec<&str> = status(o, "/phaseTransitionTimestamps")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|p| p["phase"].as_str()).collect())
                .unwrap_or_default();
            ph.ends_with(&["Running", "Failed"])
        })
        .await;
        vm_where(&c, "imp", "DataVolumeError", |o| {
            status(o, "/printableStatus") == Some(&json!("DataVolumeError"))
        })
        .await;
        assert!(vmis(&c).get_opt("imp").await.unwrap().is_none());
        // The annotated boot time: not running before ~3 s.
        let vmi = vmis(&c).get_opt("late").await.unwrap();
        assert!(vmi.is_none_or(|v| status(&v, "/phase") != Some(&json!("Running"))));
        vm_where(&c, "late", "late VM running", running_ready).await;
        assert_eq!(
            vm_where(&c, "slow", "slow VM not ready", |o| status(
                o,
                "/printableStatus"
            ) == Some(&json!(
                "Running"
            )))
            .await
            .data["status"]
                .get("ready"),
            None
        );
    })
    .await;
}

#[tokio::test]
async fn migrations_move_the_vmi_or_fail_as_injected() {
    bounded(async {
        let (c, _s) = setup().await;
        vms(&c).create(&PostParams::default(), &dyn_obj(vm("a"))).await.unwrap();
        vm_where(&c, "a", "Running", running_ready).await;
        let migs = Api::<DynamicObject>::namespaced_with(c.client(), "default", &ar("kubevirt.io", "v1", "VirtualMachineInstanceMigration", "virtualmachineinstancemigrations"));
        let m = |n: &str, fail: bool| {
            let mut v = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstanceMigration", "metadata": {"name": n}, "spec": {"vmiName": "a"}});
            if fail {
                v["metadata"]["annotations"] = json!({ann::MIGRATION_FAIL: "true"});
            }
            dyn_obj(v)
        };
        migs.create(&PostParams::default(), &m("m1", false)).await.unwrap();
        vm_where(&c, "a", "Migrating", |o| status(o, "/printableStatus") == Some(&json!("Migrating"))).await;
        let done = until(30, "migration done", || {
            let migs = migs.clone();
            async move { migs.get("m1").await.ok().filter(|o| status(o, "/phase") == Some(&json!("Succeeded"))) }
        })
        .await;
        assert_eq!(status(&done, "/migrationState/targetNode"), Some(&json!("sim-node-2")));
        let vmi = vmis(&c).get("a").await.unwrap();
        assert_eq!(status(&vmi, "/nodeName"), Some(&json!("sim-node-2")));
        assert_eq!(status(&vmi, "/migrationState/completed"), Some(&json!(true)));
        migs.create(&PostParams::default(), &m("m2", true)).await.unwrap();
        until(30, "migration failed", || {
            let migs = migs.clone();
            async move { migs.get("m2").await.ok().filter(|o| status(o, "/phase") == Some(&json!("Failed"))) }
        })
        .await;
        let vmi = vmis(&c).get("a").await.unwrap();
        assert_eq!(status(&vmi, "/nodeName"), Some(&json!("sim-node-2")), "a failed migration leaves the VMI where it was");
        assert_eq!(status(&vmi, "/migrationState/failed"), Some(&json!(true)));
    })
    .await;
}

#[tokio::test]
async fn deleting_the_vm_collects_vmi_and_data_volumes() {
    bounded(async {
        let (c, s) = setup().await;
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm_with_dv("a")))
            .await
            .unwrap();
        vm_where(&c, "a", "Running", running_ready).await;
        vms(&c).delete("a", &DeleteParams::default()).await.unwrap();
        until(30, "VMI gone", || {
            let api = vmis(&c);
            async move {
                api.get_opt("a")
                    .await
                    .ok()
                    .and_then(|o| o.is_none().then_some(()))
            }
        })
        .await;
        assert!(dvs(&c).get_opt("a-root").await.unwrap().is_none());
        assert!(c
            .object("", "persistentvolumeclaims", "default", "a-root")
            .is_none());
        assert!(s.errors().is_empty(), "{:?}", s.errors());
    })
    .await;
}

#[tokio::test]
async fn one_at_a_time_restart_keeps_availability() {
    bounded(async {
        // What a rolling restart test of the plugin looks like: restart three VMs of a
        // selector one after the other and assert at most one was ever not Ready.
        let (c, s) = setup().await;
        for n in ["w1", "w2", "w3"] {
            let mut v = vm(n);
            v["metadata"]["labels"] = json!({"app": "web"});
            vms(&c)
                .create(&PostParams::default(), &dyn_obj(v))
                .await
                .unwrap();
        }
        for n in ["w1", "w2", "w3"] {
            vm_where(&c, n, "Running", running_ready).await;
        }
        timeline_all_ready(&s, "app=web").await;
        let t0 = s.elapsed();
        for n in ["w1", "w2", "w3"] {
            let old = vmis(&c).get(n).await.unwrap().metadata.uid.unwrap();
            vmis(&c).delete(n, &DeleteParams::default()).await.unwrap();
            vmi_where(&c, n, "replacement VMI", |o| {
                o.metadata.uid.as_deref() != Some(old.as_str())
            })
            .await;
            vm_where(&c, n, "Ready again", running_ready).await;
        }
        timeline_all_ready(&s, "app=web").await;
        assert_eq!(
            s.max_not_ready_since("app=web", t0),
            1,
            "{:?}",
            s.timeline("app=web")
        );
        assert_eq!(s.timeline("app=web").last().map(|x| x.1), Some(0));
    })
    .await;
}

async fn action(c: &TestCluster, name: &str, what: &str) -> u16 {
    let req = http::Request::put(format!(
        "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/{name}/{what}"
    ))
    .header("content-type", "application/json")
    .body(kube::client::Body::from(b"{}".to_vec()))
    .expect("request");
    c.client().send(req).await.expect("send").status().as_u16()
}

#[tokio::test]
async fn virt_api_actions_restart_stop_start_migrate() {
    bounded(async {
        let (c, _s) = setup().await;
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .unwrap();
        vm_where(&c, "a", "Running", running_ready).await;
        let uid = vmis(&c).get("a").await.unwrap().metadata.uid.unwrap();
        assert_eq!(action(&c, "a", "restart").await, 202);
        vmi_where(&c, "a", "restarted VMI", |o| {
            o.metadata.uid.as_deref() != Some(uid.as_str())
                && status(o, "/phase") == Some(&json!("Running"))
        })
        .await;
        assert_eq!(action(&c, "a", "migrate").await, 202);
        vmi_where(&c, "a", "migrated VMI", |o| {
            status(o, "/nodeName") == Some(&json!("sim-node-2"))
        })
        .await;
        assert_eq!(action(&c, "a", "stop").await, 202);
        vm_where(&c, "a", "Stopped", |o| {
            status(o, "/printableStatus") == Some(&json!("Stopped"))
        })
        .await;
        assert_eq!(
            vms(&c).get("a").await.unwrap().data["spec"]["runStrategy"],
            "Halted"
        );
        assert_eq!(
            action(&c, "a", "restart").await,
            409,
            "restarting a stopped VM is refused"
        );
        assert_eq!(action(&c, "a", "start").await, 202);
        vm_where(&c, "a", "Running again", running_ready).await;
        assert_eq!(action(&c, "nope", "start").await, 404);
        let log = c.requests();
        assert!(log
            .iter()
            .any(|r| r.resource.as_deref() == Some("virtualmachines/restart") && r.status == 202));
    })
    .await;
}

/// Restarts of many VMs at once (what a roll with a budget does): each VM is down exactly
/// once in the timeline, from the moment its instance was stopped to its new one's Ready,
/// and the timeline never shows it Ready in between (the request lane acts beside the
/// passes, whose caches can still show the stopped instance as Ready).
#[tokio::test]
async fn simultaneous_restarts_are_one_down_span_each() {
    restarts_are_one_down_span_each(Duration::ZERO).await;
}

/// The same with watch events 40 ms behind the writes, as a loaded real server's can be:
/// the simulator's next pass reads its caches before they show its own last status write.
/// It used to take a VMI it had just made Ready for the one before, and record its VM down
/// again for tens of ms in the middle of its uptime.
#[tokio::test]
async fn a_cache_behind_the_simulators_own_writes_records_no_false_drop() {
    restarts_are_one_down_span_each(Duration::from_millis(40)).await;
}

async fn restarts_are_one_down_span_each(watch_latency: Duration) {
    bounded(async {
        let (c, s) = setup().await;
        c.set_watch_latency(watch_latency);
        let names: Vec<String> = (0..12).map(|i| format!("r{i}")).collect();
        for n in &names {
            let mut v = vm(n);
            v["metadata"]["labels"] = json!({"app": "fleet"});
            vms(&c)
                .create(&PostParams::default(), &dyn_obj(v))
                .await
                .unwrap();
        }
        for n in &names {
            vm_where(&c, n, "Running", running_ready).await;
        }
        timeline_all_ready(&s, "app=fleet").await;
        let mut old = vec![];
        for n in &names {
            old.push(vmis(&c).get(n).await.unwrap().metadata.uid.unwrap());
        }
        let t0 = s.elapsed();
        let asked = futures_util::future::join_all(names.iter().map(|n| action(&c, n, "restart")));
        assert!(asked.await.iter().all(|code| *code == 202));
        for (n, uid) in names.iter().zip(&old) {
            vmi_where(&c, n, "restarted and Running", |o| {
                o.metadata.uid.as_deref() != Some(uid.as_str())
                    && condition(o, "Ready").as_deref() == Some("True")
            })
            .await;
        }
        timeline_all_ready(&s, "app=fleet").await;
        // A few more passes, which could still record a false drop.
        tokio::time::sleep(fast().tick * 4 + watch_latency * 2).await;
        let spans: Vec<_> = s
            .not_ready_spans("app=fleet")
            .into_iter()
            .filter(|(_, from, _)| *from >= t0)
            .collect();
        let mut downed: Vec<&str> = spans.iter().map(|(n, _, _)| n.as_str()).collect();
        downed.sort();
        let expected: Vec<String> = names.iter().map(|n| format!("default/{n}")).collect();
        let mut expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        expected.sort();
        assert_eq!(downed, expected, "one down span per VM: {spans:?}");
        for (n, from, to) in &spans {
            assert!(
                *to - *from >= fast().boot_time,
                "{n} was down {:?}, less than the boot time",
                *to - *from
            );
        }
    })
    .await;
}

/// Whether any VirtualMachinePool exists, the simulator reads from a watch, as
/// virt-controller's informer does: it listed them on every pass (every watch event and every
/// tick), a request per pass, some 800 in a roll of 200 VMs without a pool, which the
/// emulator and the simulator spent CPU on beside the client. Ten passes later, no pool list
/// has been asked for.
#[tokio::test]
async fn the_simulator_does_not_list_pools_while_there_are_none() {
    bounded(async {
        let c = cluster().await;
        let s = Simulator::start(c.client(), fast());
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("steady")))
            .await
            .unwrap();
        vm_where(&c, "steady", "VM Running and ready", running_ready).await;
        c.clear_requests();
        let passes = s.pass_times().len();
        until(30, "ten more passes", || async {
            (s.pass_times().len() >= passes + 10).then_some(())
        })
        .await;
        let pool_lists: Vec<String> = c
            .requests()
            .into_iter()
            .filter(|r| {
                r.verb.as_deref() == Some("list")
                    && r.resource.as_deref() == Some("virtualmachinepools")
            })
            .map(|r| format!("{} {}?{}", r.method, r.path, r.query))
            .collect();
        assert!(
            pool_lists.is_empty(),
            "pool lists over ten passes: {pool_lists:?}"
        );
    })
    .await;
}

/// Status writes of the simulator to a VM and its VMI (object writes with its field manager).
fn sim_status_writes(c: &TestCluster, name: &str) -> usize {
    c.requests()
        .iter()
        .filter(|r| {
            r.method == "PATCH"
                && r.field_manager.as_deref() == Some("vmmigrate-simulator")
                && r.path.contains(&format!("/{name}"))
                && matches!(
                    r.resource.as_deref(),
                    Some(
                        "virtualmachines"
                            | "virtualmachines/status"
                            | "virtualmachineinstances"
                            | "virtualmachineinstances/status"
                    )
                )
        })
        .count()
}

/// Makes the VM conditions' `lastProbeTime` non-nullable, so the server prunes the simulator's
/// `lastProbeTime: null` (as a real server does for any field its schema does not let be null).
async fn prune_null_probe_times(c: &TestCluster) {
    let crds: Api<DynamicObject> = Api::all_with(
        c.client(),
        &ar(
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "customresourcedefinitions",
        ),
    );
    let mut crd = crds.get("virtualmachines.kubevirt.io").await.unwrap();
    let versions = crd.data["spec"]["versions"].as_array_mut().unwrap();
    for v in versions {
        let probe = v
            .pointer_mut("/schema/openAPIV3Schema/properties/status/properties/conditions/items/properties/lastProbeTime")
            .and_then(Value::as_object_mut)
            .expect("lastProbeTime in the VM schema");
        probe.remove("nullable");
    }
    crds.replace("virtualmachines.kubevirt.io", &PostParams::default(), &crd)
        .await
        .unwrap();
}

/// A running, ready VM whose inputs do not change is left alone: no status rewrite loop,
/// also where the server prunes the nulls the simulator writes (on a real server the
/// simulator rewrote every VM's status about once a second).
#[tokio::test]
async fn a_steady_vm_gets_no_status_writes() {
    bounded(async {
        let c = cluster().await;
        prune_null_probe_times(&c).await;
        let s = Simulator::start(c.client(), fast());
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("steady")))
            .await
            .unwrap();
        let v = vm_where(&c, "steady", "VM Running and ready", running_ready).await;
        let conds = status(&v, "/conditions").cloned().unwrap_or_default();
        assert_eq!(conds[0].get("lastProbeTime"), None, "pruned: {conds}");
        // Let the last events of the start settle: three whole passes in a row without a
        // status write (counted in the simulator's passes, not in wall-clock time, which a
        // loaded machine stretches).
        until(30, "three quiet passes after the start", || async {
            let (writes, passes) = (sim_status_writes(&c, "steady"), s.pass_times().len());
            while s.pass_times().len() < passes + 3 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            (sim_status_writes(&c, "steady") == writes).then_some(())
        })
        .await;
        let before = sim_status_writes(&c, "steady");
        let rv = vms(&c)
            .get("steady")
            .await
            .unwrap()
            .metadata
            .resource_version;
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let after = sim_status_writes(&c, "steady");
        assert_eq!(after - before, 0, "status writes on a steady VM in 2.5 s");
        assert_eq!(
            vms(&c)
                .get("steady")
                .await
                .unwrap()
                .metadata
                .resource_version,
            rv
        );
    })
    .await;
}

/// PVCs made for DataVolumes take the DataVolume's storage class (`spec.storage` or
/// `spec.pvc`), else the server's DefaultStorageClass admission gives them the default one.
#[tokio::test]
async fn claims_take_the_data_volume_class_or_the_default_one() {
    bounded(async {
        let (c, _s) = setup().await;
        for (name, default) in [("standard", true), ("fast", false)] {
            let annotations = if default {
                json!({"storageclass.kubernetes.io/is-default-class": "true"})
            } else {
                json!({})
            };
            c.create_object(json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name, "annotations": annotations}, "provisioner": "example.com/csi"}))
                .unwrap();
        }
        let mut fast = vm_with_dv("f");
        fast["spec"]["dataVolumeTemplates"][0]["spec"]["storage"]["storageClassName"] =
            json!("fast");
        let mut legacy = vm_with_dv("p");
        let storage = legacy["spec"]["dataVolumeTemplates"][0]["spec"]
            .as_object_mut()
            .unwrap()
            .remove("storage")
            .unwrap();
        legacy["spec"]["dataVolumeTemplates"][0]["spec"]["pvc"] = json!({
            "accessModes": ["ReadWriteOnce"],
            "resources": storage["resources"],
            "storageClassName": "fast"
        });
        for v in [fast, legacy, vm_with_dv("d")] {
            vms(&c)
                .create(&PostParams::default(), &dyn_obj(v))
                .await
                .unwrap();
        }
        let class = |name: &str| {
            c.object("", "persistentvolumeclaims", "default", name)
                .map(|p| p["spec"]["storageClassName"].clone())
        };
        until(30, "three claims", || async {
            (class("f-root").is_some() && class("p-root").is_some() && class("d-root").is_some())
                .then_some(())
        })
        .await;
        assert_eq!(class("f-root"), Some(json!("fast")));
        assert_eq!(class("p-root"), Some(json!("fast")));
        assert_eq!(class("d-root"), Some(json!("standard")));
    })
    .await;
}
