//! ResourceQuota in the emulator: `status.hard` copied from the spec, `status.used` kept
//! current after creates and deletes, and creates (POST, or server-side apply through
//! `/usr/bin/kubectl`) refused with kube-apiserver's `exceeded quota` text.

use crate::common::*;
use kube::api::{Api, DeleteParams, DynamicObject, PostParams};
use serde_json::{json, Value};
use std::process::Command;
use vmmigrate_testcluster::TestCluster;

fn api(c: &TestCluster, group: &str, kind: &str, plural: &str) -> Api<DynamicObject> {
    Api::namespaced_with(c.client(), "default", &ar(group, "v1", kind, plural))
}

async fn quota_status(c: &TestCluster) -> Value {
    let q = api(c, "", "ResourceQuota", "resourcequotas")
        .get("tenant-quota")
        .await
        .expect("quota");
    serde_json::to_value(&q).expect("json")["status"].clone()
}

fn pvc(name: &str, size: &str) -> Value {
    json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": name, "namespace": "default"},
        "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": "fast", "resources": {"requests": {"storage": size}}}})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quota_status_is_kept_current_and_creates_beyond_it_are_refused() {
    let c = cluster().await;
    let hard = json!({"count/virtualmachines.kubevirt.io": "1", "persistentvolumeclaims": "2",
        "requests.storage": "3Gi", "configmaps": "1", "secrets": "5", "services": "0"});
    api(&c, "", "ResourceQuota", "resourcequotas")
        .create(
            &PostParams::default(),
            &dyn_obj(json!({"apiVersion": "v1", "kind": "ResourceQuota",
            "metadata": {"name": "tenant-quota", "namespace": "default"}, "spec": {"hard": hard}})),
        )
        .await
        .expect("quota");
    let status = quota_status(&c).await;
    assert_eq!(status["hard"], hard);
    assert_eq!(status["used"]["count/virtualmachines.kubevirt.io"], "0");
    assert_eq!(status["used"]["requests.storage"], "0");

    vms(&c)
        .create(&PostParams::default(), &dyn_obj(vm("a")))
        .await
        .expect("first VM fits");
    let pvcs = api(&c, "", "PersistentVolumeClaim", "persistentvolumeclaims");
    pvcs.create(&PostParams::default(), &dyn_obj(pvc("d1", "2Gi")))
        .await
        .expect("2Gi fits");
    let status = quota_status(&c).await;
    assert_eq!(status["used"]["count/virtualmachines.kubevirt.io"], "1");
    assert_eq!(status["used"]["persistentvolumeclaims"], "1");
    assert_eq!(status["used"]["requests.storage"], "2Gi");

    let (code, reason, msg) = api_err(
        vms(&c)
            .create(&PostParams::default(), &dyn_obj(vm("b")))
            .await
            .unwrap_err(),
    );
    assert_eq!((code, reason.as_str()), (403, "Forbidden"));
    assert_eq!(msg, "virtualmachines.kubevirt.io \"b\" is forbidden: exceeded quota: tenant-quota, requested: count/virtualmachines.kubevirt.io=1, used: count/virtualmachines.kubevirt.io=1, limited: count/virtualmachines.kubevirt.io=1");
    let (code, _, msg) = api_err(
        pvcs.create(&PostParams::default(), &dyn_obj(pvc("d2", "2Gi")))
            .await
            .unwrap_err(),
    );
    assert_eq!(code, 403);
    assert_eq!(msg, "persistentvolumeclaims \"d2\" is forbidden: exceeded quota: tenant-quota, requested: requests.storage=2Gi, used: requests.storage=2Gi, limited: requests.storage=3Gi");
    let (_, _, msg) = api_err(api(&c, "", "Service", "services")
        .create(&PostParams::default(), &dyn_obj(json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}})))
        .await
        .unwrap_err());
    assert_eq!(msg, "services \"s\" is forbidden: exceeded quota: tenant-quota, requested: services=1, used: services=0, limited: services=0");
    // Dry runs are admitted the same way and change nothing.
    let dry = PostParams {
        dry_run: true,
        ..Default::default()
    };
    assert!(vms(&c).create(&dry, &dyn_obj(vm("b"))).await.is_err());

    // Deleting frees the quota again.
    vms(&c)
        .delete("a", &DeleteParams::default())
        .await
        .expect("delete");
    assert_eq!(
        quota_status(&c).await["used"]["count/virtualmachines.kubevirt.io"],
        "0"
    );
    vms(&c)
        .create(&PostParams::default(), &dyn_obj(vm("b")))
        .await
        .expect("fits after the delete");
    assert!(c
        .object("kubevirt.io", "virtualmachines", "default", "b")
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kubectl_server_side_apply_beyond_quota_is_refused() {
    if !crate::common::kubectl::have_kubectl() {
        return;
    }
    let c = cluster().await;
    c.create_object(json!({"apiVersion": "v1", "kind": "ResourceQuota",
        "metadata": {"name": "tenant-quota", "namespace": "default"},
        "spec": {"hard": {"count/virtualmachines.kubevirt.io": "0"}}}))
        .expect("quota");
    let dir = tempfile::tempdir().expect("tempdir");
    let kc = dir.path().join("kc");
    c.write_kubeconfig(&kc).expect("kubeconfig");
    let out = tokio::task::block_in_place(|| {
        let mut child = Command::new("/usr/bin/kubectl")
            .arg("--kubeconfig")
            .arg(&kc)
            .args(["apply", "--server-side", "-f", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kubectl");
        if let Some(mut w) = child.stdin.take() {
            use std::io::Write;
            let _ = w.write_all(serde_json::to_string(&vm("demo")).expect("json").as_bytes());
        }
        child.wait_with_output().expect("output")
    });
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("Error from server (Forbidden): virtualmachines.kubevirt.io \"demo\" is forbidden: exceeded quota: tenant-quota, requested: count/virtualmachines.kubevirt.io=1, used: count/virtualmachines.kubevirt.io=0, limited: count/virtualmachines.kubevirt.io=0"), "{err}");
    assert!(c
        .object("kubevirt.io", "virtualmachines", "default", "demo")
        .is_none());
    // The quota's status was filled in although it was created behind the API's back.
    let q = c
        .object("", "resourcequotas", "default", "tenant-quota")
        .expect("quota");
    assert_eq!(
        q["status"]["used"]["count/virtualmachines.kubevirt.io"],
        "0"
    );
}
