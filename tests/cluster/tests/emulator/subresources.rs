//! virt-api's VirtualMachine subresources as KubeVirt v1.9 plays them per run strategy
//! (`src/subresources.rs`), the state change requests the simulator carries out, nodes and
//! cordon, and the LiveMigratable condition with KubeVirt's reasons.

use crate::common::*;
use kube::api::{Api, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::{json, Value};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

async fn setup() -> (TestCluster, Simulator) {
    let c = cluster().await;
    let s = Simulator::start(
        c.client(),
        SimConfig {
            boot_time: Duration::from_millis(200),
            tick: Duration::from_millis(20),
            migration_time: Duration::from_millis(200),
            nodes: vec!["n1".into(), "n2".into(), "n3".into()],
            ..SimConfig::default()
        },
    );
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

/// PUT a subresource with `body`: (status, the Status message when refused).
async fn act(c: &TestCluster, name: &str, what: &str, body: Value) -> (u16, String) {
    let (code, _, v) = raw(
        c,
        "PUT",
        &format!(
            "/apis/subresources.kubevirt.io/v1/namespaces/default/virtualmachines/{name}/{what}"
        ),
        "application/json",
        &body,
    )
    .await;
    (code, v["message"].as_str().unwrap_or("").to_string())
}

async fn until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..1500 {
        if f().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what}: not within 30 s");
}

async fn vmi_of(c: &TestCluster, n: &str) -> Option<DynamicObject> {
    vmis(c).get_opt(n).await.unwrap()
}

async fn running(c: &TestCluster, n: &str) -> bool {
    vmi_of(c, n).await.is_some_and(|i| {
        i.metadata.deletion_timestamp.is_none()
            && i.data.pointer("/status/phase") == Some(&json!("Running"))
    })
}

fn with(strategy: &str, name: &str) -> DynamicObject {
    let mut v = vm(name);
    v["spec"]["runStrategy"] = json!(strategy);
    dyn_obj(v)
}

fn conflict(name: &str, why: &str) -> String {
    format!("Operation cannot be fulfilled on virtualmachine.kubevirt.io \"{name}\": {why}")
}

#[tokio::test]
async fn run_strategies_decide_what_each_subresource_does() {
    bounded(async {
        let (c, _s) = setup().await;
        for (n, st) in [("m", "Manual"), ("a", "Always"), ("h", "Halted")] {
            vms(&c)
                .create(&PostParams::default(), &with(st, n))
                .await
                .unwrap();
        }
        until("a runs", || running(&c, "a")).await;
        // Manual: nothing starts by itself; start and stop go through state change
        // requests and the strategy stays Manual.
        assert!(vmi_of(&c, "m").await.is_none());
        assert_eq!(
            act(&c, "m", "stop", json!({})).await,
            (409, conflict("m", "VM is not running"))
        );
        assert_eq!(act(&c, "m", "start", json!({})).await.0, 202);
        until("m runs", || running(&c, "m")).await;
        assert_eq!(
            act(&c, "m", "start", json!({})).await,
            (409, conflict("m", "VM is already running"))
        );
        assert_eq!(act(&c, "m", "stop", json!({})).await.0, 202);
        until("m stopped", || async { vmi_of(&c, "m").await.is_none() }).await;
        let m = vms(&c).get("m").await.unwrap();
        assert_eq!(m.data["spec"]["runStrategy"], "Manual");
        until("requests done", || async {
            vms(&c)
                .get("m")
                .await
                .unwrap()
                .data
                .pointer("/status/stateChangeRequests")
                .is_none()
        })
        .await;
        // Always: a manual start is refused while it runs; restart is a stop then a start.
        assert_eq!(
            act(&c, "a", "start", json!({})).await,
            (409, conflict("a", "VM is already running"))
        );
        assert_eq!(
            act(&c, "a", "restart", json!({"gracePeriodSeconds": 5})).await,
            (
                400,
                "For force restart, only gracePeriod=0 is supported for now".into()
            )
        );
        let uid = vmi_of(&c, "a").await.unwrap().metadata.uid;
        assert_eq!(act(&c, "a", "restart", json!({})).await.0, 202);
        until("a restarted", || async {
            vmi_of(&c, "a").await.is_some_and(|i| i.metadata.uid != uid) && running(&c, "a").await
        })
        .await;
        // Halted: nothing to stop, no restart (KubeVirt's spelling), start switches to Always.
        assert_eq!(
            act(&c, "h", "stop", json!({})).await,
            (409, conflict("h", "VM is not running"))
        );
        assert_eq!(
            act(&c, "h", "restart", json!({})).await,
            (
                409,
                conflict(
                    "h",
                    "RunStategy Halted does not support manual restart requests"
                )
            )
        );
        assert_eq!(act(&c, "h", "start", json!({})).await.0, 202);
        assert_eq!(
            vms(&c).get("h").await.unwrap().data["spec"]["runStrategy"],
            "Always"
        );
        // Always -> stop with a grace period: Halted, and the VMI got the shorter period.
        until("h runs", || running(&c, "h")).await;
        assert_eq!(act(&c, "h", "stop", json!({"gracePeriod": 7})).await.0, 202);
        assert_eq!(
            vms(&c).get("h").await.unwrap().data["spec"]["runStrategy"],
            "Halted"
        );
        let log = c.requests();
        assert!(log
            .iter()
            .any(|r| r.resource.as_deref() == Some("virtualmachines/stop") && r.status == 202));
    })
    .await;
}

#[tokio::test]
async fn migrations_go_to_a_schedulable_node_and_non_migratable_vmis_are_refused() {
    bounded(async {
        let (c, _s) = setup().await;
        let nodes: Api<DynamicObject> = Api::all_with(c.client(), &ar("", "v1", "Node", "nodes"));
        until("nodes registered", || async {
            nodes
                .list(&Default::default())
                .await
                .is_ok_and(|l| l.items.len() == 3)
        })
        .await;
        // Cordon n2: a migration off n1 goes to n3.
        nodes
            .patch("n2", &PatchParams::default(), &Patch::Merge(json!({"spec": {"unschedulable": true}})))
            .await
            .unwrap();
        vms(&c).create(&PostParams::default(), &with("Always", "web")).await.unwrap();
        let pvcs: Api<DynamicObject> = Api::namespaced_with(
            c.client(),
            "default",
            &ar("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
        );
        pvcs.create(&PostParams::default(), &dyn_obj(json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": "data", "namespace": "default"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}})))
            .await
            .unwrap();
        let mut db = vm("db");
        db["spec"]["template"]["spec"]["volumes"] =
            json!([{"name": "root", "persistentVolumeClaim": {"claimName": "data"}}]);
        vms(&c).create(&PostParams::default(), &dyn_obj(db)).await.unwrap();
        let mut br = vm("br");
        br["spec"]["template"]["spec"]["domain"]["devices"]["interfaces"] =
            json!([{"name": "default", "bridge": {}}]);
        vms(&c).create(&PostParams::default(), &dyn_obj(br)).await.unwrap();
        for n in ["web", "db", "br"] {
            until(n, || running(&c, n)).await;
        }
        let migratable = |i: &DynamicObject| {
            i.data["status"]["conditions"]
                .as_array()
                .and_then(|c| c.iter().find(|c| c["type"] == "LiveMigratable").cloned())
                .unwrap_or(Value::Null)
        };
        let web = vmi_of(&c, "web").await.unwrap();
        assert_eq!(web.data["status"]["nodeName"], "n1");
        assert_eq!(migratable(&web)["status"], "True");
        let db = migratable(&vmi_of(&c, "db").await.unwrap());
        assert_eq!(db["reason"], "DisksNotLiveMigratable");
        assert_eq!(db["message"], "cannot migrate VMI: PVC data is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)");
        assert_eq!(migratable(&vmi_of(&c, "br").await.unwrap())["reason"], "InterfaceNotLiveMigratable");
        assert_eq!(
            act(&c, "db", "migrate", json!({})).await,
            (500, format!("Internal error occurred: admission webhook \"migration-create-validator.kubevirt.io\" denied the request: Cannot migrate VMI, Reason: DisksNotLiveMigratable, Message: {}", db["message"].as_str().unwrap()))
        );
        assert_eq!(act(&c, "web", "migrate", json!({})).await.0, 202);
        until("web on n3", || async {
            vmi_of(&c, "web").await.is_some_and(|i| i.data["status"]["nodeName"] == "n3")
        })
        .await;
        // A VMI that stays Ready throughout: the VM never left Ready.
        assert_eq!(vms(&c).get("web").await.unwrap().data["status"]["ready"], true);
    })
    .await;
}
