//! VirtualMachinePools on the test cluster: the emulator's `/scale` subresource of a CRD that
//! declares one (GET, PUT, merge PATCH, discovery, `kubectl scale`), and the simulator playing
//! KubeVirt's pool controller (replica names, scale-in order and state preservation,
//! autohealing, rolling template changes within `maxUnavailable`, pause).

use crate::common::kubectl::{kubectl, setup};
use crate::common::*;
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use kube::ResourceExt;
use serde_json::{json, Value};
use std::time::Duration;
use vmmigrate_testcluster::simulator::{ann, SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

const PATH: &str = "/apis/pool.kubevirt.io/v1beta1/namespaces/default/virtualmachinepools";
const SELECTOR: &str = "kubevirt.io/vmpool=web";

fn pools(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ar(
            "pool.kubevirt.io",
            "v1beta1",
            "VirtualMachinePool",
            "virtualmachinepools",
        ),
    )
}

fn api(c: &TestCluster, group: &str, kind: &str, plural: &str) -> Api<DynamicObject> {
    let version = if group == "cdi.kubevirt.io" {
        "v1beta1"
    } else {
        "v1"
    };
    Api::namespaced_with(c.client(), "default", &ar(group, version, kind, plural))
}

/// A pool of `replicas` whose disk is a DataVolume template (so that scale-in state
/// preservation has something to keep).
fn pool(replicas: u32, extra: Value) -> Value {
    let mut template = vm("web");
    template["metadata"] = json!({"labels": {"kubevirt.io/vmpool": "web"}});
    template["spec"]["template"]["metadata"]["labels"] = json!({"kubevirt.io/vmpool": "web"});
    template["spec"]["dataVolumeTemplates"] = json!([{"metadata": {"name": "web-root"},
        "spec": {"source": {"blank": {}}, "storage": {"resources": {"requests": {"storage": "1Gi"}}}}}]);
    template["spec"]["template"]["spec"]["volumes"] =
        json!([{"name": "root", "dataVolume": {"name": "web-root"}}]);
    let mut spec = json!({
        "replicas": replicas,
        "selector": {"matchLabels": {"kubevirt.io/vmpool": "web"}},
        "virtualMachineTemplate": {"metadata": template["metadata"], "spec": template["spec"]},
    });
    if let (Some(s), Some(e)) = (spec.as_object_mut(), extra.as_object()) {
        s.extend(e.clone());
    }
    json!({"apiVersion": "pool.kubevirt.io/v1beta1", "kind": "VirtualMachinePool",
        "metadata": {"name": "web", "namespace": "default"}, "spec": spec})
}

fn fast() -> SimConfig {
    SimConfig {
        boot_time: Duration::from_millis(200),
        tick: Duration::from_millis(50),
        import_time: Duration::from_millis(200),
        ..Default::default()
    }
}

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
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

/// Names of the pool's VMs that are not being deleted, sorted.
async fn replica_names(c: &TestCluster) -> Vec<String> {
    let list = vms(c)
        .list(&ListParams::default().labels(SELECTOR))
        .await
        .expect("list VMs");
    let mut names: Vec<String> = list
        .items
        .iter()
        .filter(|v| v.metadata.deletion_timestamp.is_none())
        .filter_map(|v| v.metadata.name.clone())
        .collect();
    names.sort();
    names
}

async fn ready_replicas(c: &TestCluster) -> i64 {
    let p = pools(c).get("web").await.expect("pool");
    p.data
        .pointer("/status/readyReplicas")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

async fn wait_ready(c: &TestCluster, names: &[&str]) {
    let want: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    until(30, &format!("replicas {names:?} all Ready"), || async {
        (replica_names(c).await == want && ready_replicas(c).await == want.len() as i64)
            .then_some(())
    })
    .await
}

#[tokio::test]
async fn the_scale_subresource_reads_and_writes_the_replicas() {
    bounded(async {
        let c = cluster().await;
        pools(&c).create(&PostParams::default(), &dyn_obj(pool(2, json!({})))).await.expect("create");
        let (code, _, scale) = raw(&c, "GET", &format!("{PATH}/web/scale"), "application/json", &Value::Null).await;
        assert_eq!(code, 200, "{scale}");
        assert_eq!((scale["kind"].as_str(), scale["apiVersion"].as_str()), (Some("Scale"), Some("autoscaling/v1")));
        assert_eq!(scale["spec"]["replicas"], 2);
        assert_eq!(scale["status"]["replicas"], 0);
        let rv = scale["metadata"]["resourceVersion"].clone();
        let (code, _, scaled) = raw(&c, "PATCH", &format!("{PATH}/web/scale"), "application/merge-patch+json", &json!({"spec": {"replicas": 5}})).await;
        assert_eq!(code, 200, "{scaled}");
        assert_eq!(scaled["spec"]["replicas"], 5);
        let stored = pools(&c).get("web").await.unwrap();
        assert_eq!(stored.data["spec"]["replicas"], 5);
        assert_eq!(stored.metadata.generation, Some(2));
        // A PUT with the resourceVersion read before the patch is a conflict, as on the object.
        let stale = json!({"apiVersion": "autoscaling/v1", "kind": "Scale",
            "metadata": {"name": "web", "namespace": "default", "resourceVersion": rv}, "spec": {"replicas": 1}});
        let (code, _, body) = raw(&c, "PUT", &format!("{PATH}/web/scale"), "application/json", &stale).await;
        assert_eq!(code, 409, "{body}");
        let (code, _, body) = raw(&c, "PATCH", &format!("{PATH}/web/scale"), "application/merge-patch+json", &json!({"spec": {"replicas": -1}})).await;
        assert_eq!(code, 422, "{body}");
        // Kinds that declare no scale subresource have none.
        let (code, _, _) = raw(&c, "GET", "/apis/kubevirt.io/v1/namespaces/default/virtualmachines/x/scale", "application/json", &Value::Null).await;
        assert_eq!(code, 404);
        let (_, _, discovery) = raw(&c, "GET", "/apis/pool.kubevirt.io/v1beta1", "application/json", &Value::Null).await;
        let entry = discovery["resources"].as_array().unwrap().iter().find(|r| r["name"] == "virtualmachinepools/scale").cloned();
        assert_eq!(
            entry.map(|e| (e["group"].clone(), e["version"].clone(), e["kind"].clone())),
            Some((json!("autoscaling"), json!("v1"), json!("Scale")))
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_scale_works_on_a_vmpool() {
    bounded(async {
        let Some((c, _d, kc)) = setup().await else {
            return;
        };
        pools(&c)
            .create(&PostParams::default(), &dyn_obj(pool(2, json!({}))))
            .await
            .expect("create");
        let o = kubectl(&kc, &["scale", "vmpool/web", "--replicas", "4"], None).await;
        assert!(o.ok, "{}", o.stderr);
        assert_eq!(
            o.stdout.trim(),
            "virtualmachinepool.pool.kubevirt.io/web scaled"
        );
        assert_eq!(
            pools(&c).get("web").await.unwrap().data["spec"]["replicas"],
            4
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_are_named_by_index_and_scale_in_keeps_disks_with_state_preservation() {
    bounded(async {
        let c = cluster().await;
        let _s = Simulator::start(c.client(), fast());
        let extra = json!({"scaleInStrategy": {"proactive": {
            "selectionPolicy": {"sortPolicy": "DescendingOrder"}, "statePreservation": "Offline"}}});
        pools(&c).create(&PostParams::default(), &dyn_obj(pool(3, extra))).await.expect("create");
        wait_ready(&c, &["web-0", "web-1", "web-2"]).await;
        let vm = vms(&c).get("web-1").await.unwrap();
        assert_eq!(vm.data["spec"]["dataVolumeTemplates"][0]["metadata"]["name"], "web-root-1");
        assert_eq!(vm.metadata.owner_references.as_ref().unwrap()[0].kind, "VirtualMachinePool");
        assert_eq!(vm.metadata.labels.as_ref().unwrap()["kubevirt.io/vm-pool-revision-name"], "web-1");
        let p = pools(&c).get("web").await.unwrap();
        assert_eq!(p.data["status"]["labelSelector"], SELECTOR);
        // Down to 1: the highest indices go, their disks stay.
        let pp = PatchParams::default();
        pools(&c).patch("web", &pp, &Patch::Merge(json!({"spec": {"replicas": 1}}))).await.unwrap();
        wait_ready(&c, &["web-0"]).await;
        let dvs = api(&c, "cdi.kubevirt.io", "DataVolume", "datavolumes");
        for kept in ["web-root-1", "web-root-2"] {
            let dv = until(10, kept, || async { dvs.get(kept).await.ok() }).await;
            assert!(dv.metadata.owner_references.unwrap_or_default().is_empty(), "{kept} still owned");
        }
        // Back to 2: the lowest free index, on its preserved disk.
        pools(&c).patch("web", &pp, &Patch::Merge(json!({"spec": {"replicas": 2}}))).await.unwrap();
        wait_ready(&c, &["web-0", "web-1"]).await;
        assert!(dvs.get("web-root-2").await.is_ok());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_state_preservation_scale_in_takes_the_disks() {
    bounded(async {
        let c = cluster().await;
        let _s = Simulator::start(c.client(), fast());
        let extra = json!({"scaleInStrategy": {"proactive": {"selectionPolicy": {"sortPolicy": "AscendingOrder"}}}});
        pools(&c).create(&PostParams::default(), &dyn_obj(pool(2, extra))).await.expect("create");
        wait_ready(&c, &["web-0", "web-1"]).await;
        let pp = PatchParams::default();
        pools(&c).patch("web", &pp, &Patch::Merge(json!({"spec": {"replicas": 1}}))).await.unwrap();
        wait_ready(&c, &["web-1"]).await;
        let dvs = api(&c, "cdi.kubevirt.io", "DataVolume", "datavolumes");
        until(10, "web-root-0 to go with its VM", || async { dvs.get("web-root-0").await.is_err().then_some(()) }).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autohealing_replaces_a_replica_that_keeps_failing_to_start() {
    bounded(async {
        let c = cluster().await;
        let _s = Simulator::start(c.client(), fast());
        let extra = json!({"autohealing": {"startUpFailureThreshold": 2}});
        pools(&c)
            .create(&PostParams::default(), &dyn_obj(pool(2, extra)))
            .await
            .expect("create");
        wait_ready(&c, &["web-0", "web-1"]).await;
        let before = vms(&c).get("web-1").await.unwrap().metadata.uid;
        let pp = PatchParams::default();
        let fail = json!({"metadata": {"annotations": {ann::FAIL_BOOT: "true"}}});
        vms(&c)
            .patch("web-1", &pp, &Patch::Merge(fail))
            .await
            .unwrap();
        let vmis = api(
            &c,
            "kubevirt.io",
            "VirtualMachineInstance",
            "virtualmachineinstances",
        );
        vmis.delete("web-1", &DeleteParams::default())
            .await
            .unwrap();
        // web-1 fails twice, is removed and reprovisioned from the template (no annotation).
        until(30, "web-1 to be replaced", || async {
            let vm = vms(&c).get("web-1").await.ok()?;
            (vm.metadata.uid != before && vm.metadata.deletion_timestamp.is_none()).then_some(())
        })
        .await;
        wait_ready(&c, &["web-0", "web-1"]).await;
        let healed = vms(&c).get("web-1").await.unwrap();
        assert!(!healed.annotations().contains_key(ann::FAIL_BOOT));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_change_restarts_replicas_within_max_unavailable() {
    bounded(async {
        let c = cluster().await;
        let s = Simulator::start(c.client(), fast());
        pools(&c).create(&PostParams::default(), &dyn_obj(pool(4, json!({"maxUnavailable": 1})))).await.expect("create");
        wait_ready(&c, &["web-0", "web-1", "web-2", "web-3"]).await;
        until(30, "the timeline to show all Ready", || async {
            (s.timeline(SELECTOR).last().map(|x| x.1) == Some(0)).then_some(())
        })
        .await;
        let t0 = s.elapsed();
        let change = json!({"spec": {"virtualMachineTemplate": {"spec": {"template": {"spec": {"domain": {"devices": {"autoattachPodInterface": true}}}}}}}});
        pools(&c).patch("web", &PatchParams::default(), &Patch::Merge(change)).await.unwrap();
        let vmis = api(&c, "kubevirt.io", "VirtualMachineInstance", "virtualmachineinstances");
        until(40, "every VMI on revision web-2", || async {
            let list = vmis.list(&ListParams::default().labels(SELECTOR)).await.ok()?;
            let all = list.items.len() == 4
                && list.items.iter().all(|i| {
                    i.metadata.labels.as_ref().and_then(|l| l.get("kubevirt.io/vm-pool-revision-name")).map(String::as_str) == Some("web-2")
                        && i.data.pointer("/status/phase") == Some(&json!("Running"))
                });
            all.then_some(())
        })
        .await;
        wait_ready(&c, &["web-0", "web-1", "web-2", "web-3"]).await;
        assert_eq!(s.max_not_ready_since(SELECTOR, t0), 1, "{:?}", s.timeline(SELECTOR));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paused_pool_is_left_alone_and_says_so() {
    bounded(async {
        let c = cluster().await;
        let _s = Simulator::start(c.client(), fast());
        pools(&c)
            .create(&PostParams::default(), &dyn_obj(pool(1, json!({}))))
            .await
            .expect("create");
        wait_ready(&c, &["web-0"]).await;
        let pp = PatchParams::default();
        pools(&c)
            .patch(
                "web",
                &pp,
                &Patch::Merge(json!({"spec": {"paused": true, "replicas": 3}})),
            )
            .await
            .unwrap();
        until(10, "the ReplicaPaused condition", || async {
            let p = pools(&c).get("web").await.ok()?;
            let conds = p.data.pointer("/status/conditions")?.as_array()?.clone();
            conds
                .iter()
                .any(|c| c["type"] == "ReplicaPaused" && c["status"] == "True")
                .then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(replica_names(&c).await, ["web-0"]);
        pools(&c)
            .patch(
                "web",
                &pp,
                &Patch::Merge(json!({"spec": {"paused": false}})),
            )
            .await
            .unwrap();
        wait_ready(&c, &["web-0", "web-1", "web-2"]).await;
    })
    .await;
}

/// kube-apiserver validates an HPA's spec (`pkg/apis/autoscaling/validation`): a metric name
/// that cannot be a URL path segment and a Pods metric without an averageValue are refused
/// with its words, and the HPA `pool create --autoscale --metric` writes is accepted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hpa_specs_are_validated_as_kube_apiserver_does() {
    bounded(async {
        let Some((_c, _d, kc)) = setup().await else {
            return;
        };
        let hpa = |metric: &str, target: Value| {
            json!({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                "metadata": {"name": "web", "namespace": "default"},
                "spec": {"scaleTargetRef": {"apiVersion": "pool.kubevirt.io/v1beta1",
                    "kind": "VirtualMachinePool", "name": "web"},
                    "minReplicas": 1, "maxReplicas": 3,
                    "metrics": [{"type": "Pods", "pods": {"metric": {"name": metric},
                        "target": target}}]}})
            .to_string()
        };
        let bad = hpa("a/b", json!({"type": "AverageValue", "averageValue": "1"}));
        let o = kubectl(&kc, &["apply", "-f", "-"], Some(&bad)).await;
        assert!(!o.ok, "{}", o.stdout);
        assert!(
            o.stderr.contains("The HorizontalPodAutoscaler \"web\" is invalid")
                && o.stderr.contains(
                    "spec.metrics[0].pods.metric.name: Invalid value: \"a/b\": may not contain '/'"
                ),
            "{}",
            o.stderr
        );
        let no_average = hpa("rps", json!({"type": "Value", "value": "1"}));
        let o = kubectl(&kc, &["create", "-f", "-"], Some(&no_average)).await;
        assert!(
            o.stderr.contains(
                "spec.metrics[0].pods.target.averageValue: Required value: must specify a positive target averageValue"
            ),
            "{}",
            o.stderr
        );
        let good = hpa("rps", json!({"type": "AverageValue", "averageValue": "500m"}));
        let o = kubectl(&kc, &["apply", "-f", "-"], Some(&good)).await;
        assert!(o.ok, "{}", o.stderr);
    })
    .await;
}

/// `updateStrategy: unmanaged` (what `roll vmpool/NAME` sets): a template change leaves the
/// replicas alone (no update, no restart), while a scale-out creates the new replica from the
/// new template, at the lowest free index.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unmanaged_pool_leaves_replicas_alone_and_scales_out_from_the_new_template() {
    bounded(async {
        let c = cluster().await;
        let s = Simulator::start(c.client(), fast());
        let p = pool(2, json!({"updateStrategy": {"unmanaged": {}}}));
        pools(&c).create(&PostParams::default(), &dyn_obj(p)).await.expect("create");
        wait_ready(&c, &["web-0", "web-1"]).await;
        until(30, "the timeline to show all Ready", || async {
            (s.timeline(SELECTOR).last().map(|x| x.1) == Some(0)).then_some(())
        })
        .await;
        let t0 = s.elapsed();
        let change = json!({"spec": {"replicas": 3, "virtualMachineTemplate": {"spec": {"template": {"spec": {"domain": {"cpu": {"sockets": 3}}}}}}}});
        pools(&c).patch("web", &PatchParams::default(), &Patch::Merge(change)).await.unwrap();
        wait_ready(&c, &["web-0", "web-1", "web-2"]).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let sockets = |v: &DynamicObject| v.data.pointer("/spec/template/spec/domain/cpu/sockets").cloned();
        for n in ["web-0", "web-1"] {
            let vm = vms(&c).get(n).await.expect("replica");
            assert_ne!(sockets(&vm), Some(json!(3)), "{n} was updated");
            assert_eq!(vm.labels().get("kubevirt.io/vm-pool-revision-name").map(String::as_str), Some("web-1"));
        }
        let new = vms(&c).get("web-2").await.expect("the new replica");
        assert_eq!(sockets(&new), Some(json!(3)));
        assert_eq!(new.labels().get("kubevirt.io/vm-pool-revision-name").map(String::as_str), Some("web-2"));
        // Nothing restarted: only the new replica was ever not Ready.
        let spans = s.not_ready_spans(SELECTOR);
        assert!(
            spans.iter().filter(|(_, from, _)| *from >= t0).all(|(n, _, _)| n == "default/web-2"),
            "{spans:?}"
        );
    })
    .await;
}

/// As CDI: a DataVolume cloning a DataSource (`sourceRef`) waits, Pending, until the
/// DataSource exists and names a PVC that exists; then it clones.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clone_from_a_data_source_waits_for_its_source() {
    bounded(async {
        let c = cluster().await;
        let _s = Simulator::start(c.client(), fast());
        let dvs = api(&c, "cdi.kubevirt.io", "DataVolume", "datavolumes");
        let clone = json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume",
            "metadata": {"name": "web-root-0", "namespace": "default"},
            "spec": {"sourceRef": {"kind": "DataSource", "name": "golden"},
                "storage": {"resources": {"requests": {"storage": "1Gi"}}}}});
        dvs.create(&PostParams::default(), &dyn_obj(clone))
            .await
            .expect("clone DV");
        until(10, "the clone Pending", || async {
            let dv = dvs.get("web-root-0").await.ok()?;
            (dv.data.pointer("/status/phase") == Some(&json!("Pending"))).then_some(())
        })
        .await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let dv = dvs.get("web-root-0").await.unwrap();
        assert_eq!(
            dv.data.pointer("/status/phase"),
            Some(&json!("Pending")),
            "no source yet"
        );
        let golden = json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataVolume",
            "metadata": {"name": "golden-dv", "namespace": "default"},
            "spec": {"source": {"registry": {"url": "docker://quay.io/demo/web:2"}},
                "storage": {"resources": {"requests": {"storage": "1Gi"}}}}});
        dvs.create(&PostParams::default(), &dyn_obj(golden))
            .await
            .expect("golden DV");
        let ds = json!({"apiVersion": "cdi.kubevirt.io/v1beta1", "kind": "DataSource",
            "metadata": {"name": "golden", "namespace": "default"},
            "spec": {"source": {"pvc": {"namespace": "default", "name": "golden-dv"}}}});
        api(&c, "cdi.kubevirt.io", "DataSource", "datasources")
            .create(&PostParams::default(), &dyn_obj(ds))
            .await
            .expect("DataSource");
        until(
            20,
            "the golden import, then the clone, Succeeded",
            || async {
                let g = dvs.get("golden-dv").await.ok()?;
                let d = dvs.get("web-root-0").await.ok()?;
                let ok = |o: &DynamicObject| {
                    o.data.pointer("/status/phase") == Some(&json!("Succeeded"))
                };
                (ok(&g) && ok(&d)).then_some(())
            },
        )
        .await;
    })
    .await;
}
