//! Helpers shared by the emulator's integration tests: typed-less `kube` handles for the
//! KubeVirt kinds and a realistic VirtualMachine.
#![allow(dead_code)]

pub mod kubectl;

use kube::api::{Api, ApiResource, DynamicObject};
use kube::core::GroupVersionKind;
use serde_json::{json, Value};
use vmmigrate_testcluster::TestCluster;

pub fn ar(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

pub fn vms(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
    )
}

pub fn cms(c: &TestCluster) -> Api<DynamicObject> {
    Api::namespaced_with(
        c.client(),
        "default",
        &ar("", "v1", "ConfigMap", "configmaps"),
    )
}

pub fn vm(name: &str) -> Value {
    json!({
        "apiVersion": "kubevirt.io/v1",
        "kind": "VirtualMachine",
        "metadata": {"name": name, "namespace": "default", "labels": {"app": "db", "tier": "gold"}},
        "spec": {
            "runStrategy": "Always",
            "template": {
                "metadata": {"labels": {"kubevirt.io/vm": name}},
                "spec": {
                    "domain": {
                        "cpu": {"sockets": 2, "cores": 1, "threads": 1},
                        "memory": {"guest": "2Gi"},
                        "devices": {
                            "disks": [{"name": "root", "disk": {"bus": "virtio"}}],
                            "interfaces": [{"name": "default", "masquerade": {}}]
                        }
                    },
                    "networks": [{"name": "default", "pod": {}}],
                    "volumes": [{"name": "root", "containerDisk": {"image": "quay.io/containerdisks/fedora:40"}}]
                }
            }
        }
    })
}

pub fn dyn_obj(v: Value) -> DynamicObject {
    match serde_json::from_value(v) {
        Ok(o) => o,
        Err(e) => panic!("not a DynamicObject: {e}"),
    }
}

pub async fn cluster() -> TestCluster {
    let c = match TestCluster::start().await {
        Ok(c) => c,
        Err(e) => panic!("start: {e}"),
    };
    if let Err(e) = c.install_kubevirt_crds() {
        panic!("CRDs: {e}");
    }
    c
}

pub fn api_err(e: kube::Error) -> (u16, String, String) {
    match e {
        kube::Error::Api(s) => (s.code, s.reason.clone(), s.message.clone()),
        other => panic!("expected an API error, got {other}"),
    }
}

/// Run a test body with a hard time limit so nothing hangs CI. The limit is for a hang, not
/// for speed: generous (a test here takes well under 5 s alone), because CI runs on 2 shared
/// cores and the stress script runs two suites at once (issue 25: 10 s was within reach).
pub async fn bounded<F: std::future::Future<Output = ()>>(f: F) {
    if tokio::time::timeout(std::time::Duration::from_secs(60), f)
        .await
        .is_err()
    {
        panic!("test timed out after 60 s");
    }
}

/// Wait until the emulator has served a watch of `resource` (a plural): a test that starts
/// `kubectl get -w` in the background and then writes must wait for the watch to exist, not
/// for a fixed time kubectl's start-up may exceed on a loaded machine.
pub async fn watch_opened(c: &TestCluster, resource: &str) {
    for _ in 0..2_500 {
        if c.requests()
            .iter()
            .any(|r| r.verb.as_deref() == Some("watch") && r.resource.as_deref() == Some(resource))
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!(
        "no watch of {resource} was opened; requests: {:?}",
        c.requests()
    );
}

/// A raw request through the kube client: (status, warning headers, JSON body).
pub async fn raw(
    c: &TestCluster,
    method: &str,
    path: &str,
    content_type: &str,
    body: &Value,
) -> (u16, Vec<String>, Value) {
    let req = http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", content_type)
        .body(kube::client::Body::from(
            serde_json::to_vec(body).unwrap_or_default(),
        ))
        .expect("request");
    let resp = c.client().send(req).await.expect("send");
    let status = resp.status().as_u16();
    let warnings = resp
        .headers()
        .get_all("warning")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::to_string)
        .collect();
    let bytes = http_body_util::BodyExt::collect(resp.into_body())
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    (
        status,
        warnings,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}
