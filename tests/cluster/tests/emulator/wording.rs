//! `/usr/bin/kubectl` against the emulator where kube-apiserver 1.32 has its own behaviour and
//! wording: server-side apply's typed conversion (unknown fields, wrong scalar types), CRD
//! validation of wrong types, JSON patches that do not apply, selectors, server dry run,
//! finalizers, the status subresource, garbage collection and watch events. The wordings are
//! tabled in tests/cluster/README.md.

use crate::common::kubectl::*;
use crate::common::*;
use std::time::Duration;

const VM: &str = "apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: demo
  labels:
    app: demo
spec:
  runStrategy: Halted
  template:
    spec:
      domain:
        devices: {}
        memory: {guest: 1Gi}
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_worded_as_kube_apiserver_words_them() {
    bounded(async {
        let Some((_c, _d, kc)) = setup().await else { return };
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(VM)).await;
        assert!(o.ok, "{}", o.stderr);
        // Server-side apply: a scalar of the wrong type fails the typed conversion.
        let wrong = VM.replace("      domain:\n", "      hostname: 7\n      domain:\n");
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(&wrong)).await;
        assert_eq!(
            o.stderr.trim(),
            "Error from server: failed to create typed patch object (default/demo; kubevirt.io/v1, Kind=VirtualMachine): .spec.template.spec.hostname: expected string, got &value.valueUnstructured{Value:7}"
        );
        // A create (JSON, validated against the CRD schema): 422 Invalid.
        let created = wrong.replace("name: demo", "name: other");
        let o = kubectl(&kc, &["create", "-f", "-"], Some(&created)).await;
        assert_eq!(
            o.stderr.trim(),
            "The VirtualMachine \"other\" is invalid: spec.template.spec.hostname: Invalid value: \"integer\": spec.template.spec.hostname in body must be of type string: \"integer\""
        );
        // A JSON patch whose path does not exist: the generic 422, the library's reason is
        // not passed on.
        let o = kubectl(
            &kc,
            &["patch", "vm", "demo", "--type=json", "-p", r#"[{"op":"replace","path":"/spec/nothing/here","value":1}]"#],
            None,
        )
        .await;
        assert!(!o.ok);
        assert_eq!(
            o.stderr.trim(),
            "The request is invalid: the server rejected our request due to an error in our request"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selectors_dry_run_finalizers_status_and_garbage_collection() {
    bounded(async {
        let Some((c, _d, kc)) = setup().await else { return };
        // Server dry run: answered, not stored.
        let o = kubectl(&kc, &["apply", "--server-side", "--dry-run=server", "-f", "-"], Some(VM)).await;
        assert_eq!(o.stdout.trim(), "virtualmachine.kubevirt.io/demo serverside-applied (server dry run)", "{}", o.stderr);
        assert!(c.object("kubevirt.io", "virtualmachines", "default", "demo").is_none());
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(VM)).await;
        assert!(o.ok, "{}", o.stderr);
        // Label selectors.
        let o = kubectl(&kc, &["get", "vm", "-l", "app=demo", "-o", "name"], None).await;
        assert_eq!(o.stdout, "virtualmachine.kubevirt.io/demo\n", "{}", o.stderr);
        let o = kubectl(&kc, &["get", "vm", "-l", "app!=demo"], None).await;
        assert_eq!((o.stdout.as_str(), o.stderr.trim()), ("", "No resources found in default namespace."));
        // Field selectors: metadata.name; a field a custom resource cannot select by (the
        // server says `field label not supported`, kubectl adds the rest), and one a builtin
        // kind cannot.
        let o = kubectl(&kc, &["get", "vm", "--field-selector", "metadata.name=demo", "-o", "name"], None).await;
        assert_eq!(o.stdout, "virtualmachine.kubevirt.io/demo\n", "{}", o.stderr);
        let o = kubectl(&kc, &["get", "vm", "--field-selector", "status.ready=true"], None).await;
        assert_eq!(o.stderr.trim(), "Error from server (BadRequest): Unable to find \"kubevirt.io/v1, Resource=virtualmachines\" that match label selector \"\", field selector \"status.ready=true\": field label not supported: status.ready");
        let o = kubectl(&kc, &["get", "cm", "--field-selector", "data.x=1"], None).await;
        assert_eq!(o.stderr.trim(), "Error from server (BadRequest): Unable to find \"/v1, Resource=configmaps\" that match label selector \"\", field selector \"data.x=1\": \"data.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        // The status subresource: a main-resource patch does not change status, a /status one does.
        let o = kubectl(&kc, &["patch", "vm", "demo", "--type=merge", "-p", r#"{"status":{"printableStatus":"Main"}}"#], None).await;
        assert_eq!(o.stdout.trim(), "virtualmachine.kubevirt.io/demo patched (no change)", "{}", o.stderr);
        let o = kubectl(&kc, &["patch", "vm", "demo", "--subresource=status", "--type=merge", "-p", r#"{"status":{"printableStatus":"Sub"}}"#], None).await;
        assert_eq!(o.stdout.trim(), "virtualmachine.kubevirt.io/demo patched", "{}", o.stderr);
        let o = kubectl(&kc, &["get", "vm", "demo", "-o", "jsonpath={.status.printableStatus}"], None).await;
        assert_eq!(o.stdout, "Sub");
        // A dependent is collected with its owner; a finalizer holds the owner until removed.
        let uid = c
            .object("kubevirt.io", "virtualmachines", "default", "demo")
            .and_then(|v| v["metadata"]["uid"].as_str().map(str::to_string))
            .unwrap_or_default();
        let cm = format!("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dep\n  ownerReferences:\n  - apiVersion: kubevirt.io/v1\n    kind: VirtualMachine\n    name: demo\n    uid: {uid}\n");
        let o = kubectl(&kc, &["apply", "--server-side", "-f", "-"], Some(&cm)).await;
        assert!(o.ok, "{}", o.stderr);
        let o = kubectl(&kc, &["patch", "vm", "demo", "--type=merge", "-p", r#"{"metadata":{"finalizers":["example.com/hold"]}}"#], None).await;
        assert!(o.ok, "{}", o.stderr);
        let o = kubectl(&kc, &["delete", "vm", "demo", "--wait=false"], None).await;
        assert_eq!(o.stdout.trim(), "virtualmachine.kubevirt.io \"demo\" deleted", "{}", o.stderr);
        let o = kubectl(&kc, &["get", "vm", "demo", "-o", "jsonpath={.metadata.deletionTimestamp}"], None).await;
        assert!(o.ok && !o.stdout.is_empty(), "still there, being deleted: {}", o.stderr);
        assert!(c.object("", "configmaps", "default", "dep").is_some(), "the owner still exists");
        let o = kubectl(&kc, &["patch", "vm", "demo", "--type=json", "-p", r#"[{"op":"remove","path":"/metadata/finalizers"}]"#], None).await;
        assert!(o.ok, "{}", o.stderr);
        let o = kubectl(&kc, &["get", "vm,cm", "demo", "dep"], None).await;
        assert!(!o.ok);
        // Collection is asynchronous (as the garbage collector's): wait for it, generously.
        for _ in 0..1_000 {
            if c.object("", "configmaps", "default", "dep").is_none() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(c.object("", "configmaps", "default", "dep").is_none(), "dependent collected");
        let o = kubectl(&kc, &["get", "vm", "demo"], None).await;
        assert_eq!(o.stderr.trim(), "Error from server (NotFound): virtualmachines.kubevirt.io \"demo\" not found");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_events_come_as_kubectl_prints_them() {
    bounded(async {
        let Some((c, _d, kc)) = setup().await else {
            return;
        };
        let kc2 = kc.clone();
        let watch = tokio::spawn(async move {
            kubectl(
                &kc2,
                &[
                    "get",
                    "cm",
                    "-w",
                    "--output-watch-events",
                    "-o",
                    "json",
                    "--request-timeout=5s",
                ],
                None,
            )
            .await
        });
        watch_opened(&c, "configmaps").await;
        for args in [
            &["create", "configmap", "w", "--from-literal=a=1"][..],
            &["label", "configmap", "w", "x=y"][..],
            &["delete", "configmap", "w"][..],
        ] {
            let o = kubectl(&kc, args, None).await;
            assert!(o.ok, "{}", o.stderr);
        }
        let w = watch.await.expect("join");
        let events: Vec<(String, String, String)> = serde_json::Deserializer::from_str(&w.stdout)
            .into_iter::<serde_json::Value>()
            .filter_map(Result::ok)
            .map(|e| {
                let s = |p: &str| {
                    e.pointer(p)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                };
                (
                    s("/type"),
                    s("/object/kind"),
                    s("/object/metadata/labels/x"),
                )
            })
            .collect();
        let ev = |t: &str, x: &str| (t.to_string(), "ConfigMap".to_string(), x.to_string());
        assert_eq!(
            events,
            [ev("ADDED", ""), ev("MODIFIED", "y"), ev("DELETED", "y")],
            "{}",
            w.stderr
        );
    })
    .await;
}

/// A real server lists builtin kinds without `apiVersion`/`kind` on the items
/// (kubernetes#3030); custom resources are stored unstructured and keep them; a single get
/// and watch events always carry them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_items_of_builtin_kinds_carry_no_type_custom_resources_do() {
    bounded(async {
        let c = cluster().await;
        let cm = serde_json::json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a", "namespace": "default"}});
        c.create_object(cm).unwrap();
        c.create_object(vm("v")).unwrap();
        let (code, _, list) = raw(&c, "GET", "/api/v1/namespaces/default/configmaps", "", &serde_json::Value::Null).await;
        assert_eq!((code, &list["kind"], &list["apiVersion"]), (200, &serde_json::json!("ConfigMapList"), &serde_json::json!("v1")));
        let item = &list["items"][0];
        assert_eq!((item.get("apiVersion"), item.get("kind")), (None, None), "{item}");
        assert_eq!(item["metadata"]["name"], "a");
        let (_, _, one) = raw(&c, "GET", "/api/v1/namespaces/default/configmaps/a", "", &serde_json::Value::Null).await;
        assert_eq!((&one["apiVersion"], &one["kind"]), (&serde_json::json!("v1"), &serde_json::json!("ConfigMap")));
        // A delete of the collection answers the deleted objects as a list, typed the same way.
        let (code, _, gone) = raw(&c, "DELETE", "/api/v1/namespaces/default/configmaps", "", &serde_json::Value::Null).await;
        assert_eq!((code, gone["items"][0].get("kind")), (200, None), "{gone}");
        let (_, _, vms) = raw(&c, "GET", "/apis/kubevirt.io/v1/namespaces/default/virtualmachines", "", &serde_json::Value::Null).await;
        let item = &vms["items"][0];
        assert_eq!((&item["apiVersion"], &item["kind"]), (&serde_json::json!("kubevirt.io/v1"), &serde_json::json!("VirtualMachine")));
    })
    .await;
}

/// KubeVirt's CRDs give VirtualMachineInstances no status subresource (VirtualMachines have
/// one): `/status` is 404 and status is written on the main resource.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn virtual_machine_instances_have_no_status_subresource() {
    bounded(async {
        let c = cluster().await;
        let vmi = serde_json::json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
            "metadata": {"name": "i", "namespace": "default"},
            "spec": {"domain": {"devices": {}, "memory": {"guest": "1Gi"}}}});
        c.create_object(vmi).unwrap();
        let base = "/apis/kubevirt.io/v1/namespaces/default/virtualmachineinstances/i";
        let patch = serde_json::json!({"status": {"phase": "Running"}});
        let (code, _, body) = raw(&c, "PATCH", &format!("{base}/status"), "application/merge-patch+json", &patch).await;
        assert_eq!((code, &body["reason"]), (404, &serde_json::json!("NotFound")));
        let (code, _, body) = raw(&c, "PATCH", base, "application/merge-patch+json", &patch).await;
        assert_eq!((code, &body["status"]["phase"]), (200, &serde_json::json!("Running")));
        c.create_object(vm("v")).unwrap();
        let (code, _, body) = raw(&c, "GET", "/apis/kubevirt.io/v1/namespaces/default/virtualmachines/v/status", "", &serde_json::Value::Null).await;
        assert_eq!((code, &body["metadata"]["name"]), (200, &serde_json::json!("v")), "a VM has one");
    })
    .await;
}
