//! The emulator against the behaviour of the real API server, driven by the `kube` client:
//! discovery, CRUD, optimistic concurrency, server-side apply ownership, strict validation
//! with the real KubeVirt schema, dryRun, status subresource, finalizers and GC.

use crate::common::*;
use kube::api::{DeleteParams, ListParams, Patch, PatchParams, PostParams, PropagationPolicy};
use kube::discovery::Discovery;
use serde_json::{json, Value};

#[tokio::test]
async fn discovery_finds_builtin_and_crd_kinds() {
    bounded(async {
        let c = cluster().await;
        let d = Discovery::new(c.client()).run().await.expect("discovery");
        let mut kinds = vec![];
        for g in d.groups() {
            for (ar, _) in g.recommended_resources() {
                kinds.push(format!("{}/{}", ar.api_version, ar.kind));
            }
        }
        for want in [
            "kubevirt.io/v1/VirtualMachine",
            "cdi.kubevirt.io/v1beta1/DataVolume",
            "k8s.cni.cncf.io/v1/NetworkAttachmentDefinition",
            "v1/Secret",
            "coordination.k8s.io/v1/Lease",
            "instancetype.kubevirt.io/v1beta1/VirtualMachineClusterPreference",
        ] {
            assert!(
                kinds.iter().any(|k| k == want),
                "{want} not discovered in {kinds:?}"
            );
        }
        let v = c.client().apiserver_version().await.expect("version");
        assert_eq!(v.major, "1");
    })
    .await;
}

#[tokio::test]
async fn create_get_list_with_selectors_and_already_exists() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let created = api
            .create(&PostParams::default(), &dyn_obj(vm("a")))
            .await
            .expect("create");
        assert!(created.metadata.uid.is_some());
        assert!(created.metadata.creation_timestamp.is_some());
        assert_eq!(created.metadata.generation, Some(1));
        let mut b = vm("b");
        b["metadata"]["labels"] = json!({"app": "web"});
        api.create(&PostParams::default(), &dyn_obj(b))
            .await
            .expect("create b");
        let (code, reason, msg) = api_err(
            api.create(&PostParams::default(), &dyn_obj(vm("a")))
                .await
                .unwrap_err(),
        );
        assert_eq!((code, reason.as_str()), (409, "AlreadyExists"));
        assert_eq!(msg, "virtualmachines.kubevirt.io \"a\" already exists");
        let names = |l: kube::core::ObjectList<kube::api::DynamicObject>| {
            l.items
                .iter()
                .filter_map(|o| o.metadata.name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            names(
                api.list(&ListParams::default().labels("app=db"))
                    .await
                    .unwrap()
            ),
            vec!["a"]
        );
        assert_eq!(
            names(
                api.list(&ListParams::default().labels("app in (db,web),tier notin (silver)"))
                    .await
                    .unwrap()
            ),
            vec!["a", "b"]
        );
        assert_eq!(
            names(
                api.list(&ListParams::default().labels("!tier"))
                    .await
                    .unwrap()
            ),
            vec!["b"]
        );
        assert_eq!(
            names(
                api.list(&ListParams::default().labels("app!=db"))
                    .await
                    .unwrap()
            ),
            vec!["b"]
        );
        assert_eq!(
            names(
                api.list(&ListParams::default().fields("metadata.name=b"))
                    .await
                    .unwrap()
            ),
            vec!["b"]
        );
        let (code, reason, msg) = api_err(api.get("zzz").await.unwrap_err());
        assert_eq!(
            (code, reason.as_str(), msg.as_str()),
            (
                404,
                "NotFound",
                "virtualmachines.kubevirt.io \"zzz\" not found"
            )
        );
        // Namespaced object in a missing namespace.
        let other = kube::Api::<kube::api::DynamicObject>::namespaced_with(
            c.client(),
            "nope",
            &ar("", "v1", "ConfigMap", "configmaps"),
        );
        let cm =
            dyn_obj(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}));
        let (code, _, msg) = api_err(other.create(&PostParams::default(), &cm).await.unwrap_err());
        assert_eq!((code, msg.as_str()), (404, "namespaces \"nope\" not found"));
    })
    .await;
}

#[tokio::test]
async fn update_with_stale_resource_version_conflicts() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let v1 = api.create(&PostParams::default(), &dyn_obj(vm("a"))).await.unwrap();
        let mut first = v1.clone();
        first.data["spec"]["runStrategy"] = json!("Halted");
        let v2 = api.replace("a", &PostParams::default(), &first).await.expect("update");
        assert_ne!(v2.metadata.resource_version, v1.metadata.resource_version);
        assert_eq!(v2.metadata.generation, Some(2));
        let mut stale = v1.clone();
        stale.data["spec"]["runStrategy"] = json!("Manual");
        let (code, reason, msg) = api_err(api.replace("a", &PostParams::default(), &stale).await.unwrap_err());
        assert_eq!((code, reason.as_str()), (409, "Conflict"));
        assert_eq!(msg, "Operation cannot be fulfilled on virtualmachines.kubevirt.io \"a\": the object has been modified; please apply your changes to the latest version and try again");
        // Label-only change: no new generation.
        let mut l = v2.clone();
        l.metadata.labels.get_or_insert_default().insert("x".into(), "y".into());
        let v3 = api.replace("a", &PostParams::default(), &l).await.unwrap();
        assert_eq!(v3.metadata.generation, Some(2));
    })
    .await;
}

#[tokio::test]
async fn merge_and_json_patches() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        api.create(&PostParams::default(), &dyn_obj(vm("a"))).await.unwrap();
        let p = api.patch("a", &PatchParams::default(), &Patch::Merge(json!({"spec": {"runStrategy": "Manual"}, "metadata": {"labels": {"tier": null}}}))).await.unwrap();
        assert_eq!(p.data["spec"]["runStrategy"], "Manual");
        assert!(!p.metadata.labels.unwrap_or_default().contains_key("tier"));
        let ops: json_patch::Patch = serde_json::from_value(json!([{"op": "replace", "path": "/spec/template/spec/domain/cpu/sockets", "value": 4}, {"op": "add", "path": "/metadata/labels/new", "value": "yes"}])).unwrap();
        let p = api.patch("a", &PatchParams::default(), &Patch::<Value>::Json(ops)).await.unwrap();
        assert_eq!(p.data["spec"]["template"]["spec"]["domain"]["cpu"]["sockets"], 4);
        assert_eq!(p.metadata.labels.unwrap_or_default().get("new").map(String::as_str), Some("yes"));
    })
    .await;
}

fn owners(o: &kube::api::DynamicObject, path: &str) -> Vec<String> {
    // Managers whose field set contains the dotted path (FieldsV1 nesting).
    let mut out = vec![];
    for e in o.metadata.managed_fields.clone().unwrap_or_default() {
        let Some(f) = e.fields_v1 else { continue };
        let mut cur: &Value = &f.0;
        let mut ok = true;
        for seg in path.split('.') {
            match cur.get(format!("f:{seg}")) {
                Some(n) => cur = n,
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            out.push(e.manager.unwrap_or_default());
        }
    }
    out
}

#[tokio::test]
async fn server_side_apply_ownership_conflicts_and_force() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let pp = |m: &str| PatchParams::apply(m);
        let o = api.patch("a", &pp("alice"), &Patch::Apply(vm("a"))).await.expect("apply creates");
        assert_eq!(owners(&o, "spec.runStrategy"), vec!["alice"]);
        // Same value from another manager: shared ownership, no conflict.
        let o = api.patch("a", &pp("bob"), &Patch::Apply(json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"}, "spec": {"runStrategy": "Always"}}))).await.expect("co-own");
        assert_eq!(owners(&o, "spec.runStrategy"), vec!["alice", "bob"]);
        // Different value: conflict naming both other owners.
        let change = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"}, "spec": {"runStrategy": "Halted", "template": {"spec": {"domain": {"cpu": {"sockets": 8}}}}}});
        let (code, reason, msg) = api_err(api.patch("a", &pp("carol"), &Patch::Apply(change.clone())).await.unwrap_err());
        assert_eq!((code, reason.as_str()), (409, "Conflict"));
        assert!(msg.starts_with("Apply failed with 3 conflicts: conflicts with \"alice\":"), "{msg}");
        assert!(msg.contains("- .spec.runStrategy") && msg.contains("- .spec.template.spec.domain.cpu.sockets") && msg.contains("conflicts with \"bob\":"), "{msg}");
        // An Update manager is named with its apiVersion, as the real server does.
        api.patch("a", &PatchParams::default(), &Patch::Merge(json!({"spec": {"runStrategy": "Manual"}}))).await.unwrap();
        let one = json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"}, "spec": {"runStrategy": "Halted"}});
        let (_, _, msg) = api_err(api.patch("a", &pp("dave"), &Patch::Apply(one.clone())).await.unwrap_err());
        assert!(msg.starts_with("Apply failed with 1 conflict: conflict with \""), "{msg}");
        assert!(msg.ends_with("using kubevirt.io/v1: .spec.runStrategy"), "{msg}");
        // Force takes the fields over.
        let o = api.patch("a", &pp("carol").force(), &Patch::Apply(change)).await.expect("force");
        assert_eq!(o.data["spec"]["runStrategy"], "Halted");
        assert_eq!(owners(&o, "spec.runStrategy"), vec!["carol"]);
        assert_eq!(owners(&o, "spec.template.spec.domain.cpu.sockets"), vec!["carol"]);
        // Alice drops a field she alone owns: the server removes it.
        let mut less = vm("a");
        less["metadata"]["labels"] = json!({"app": "db"});
        // (Her full config now conflicts with carol's values, as on a real server.)
        let (code, _, _) = api_err(api.patch("a", &pp("alice"), &Patch::Apply(less.clone())).await.unwrap_err());
        assert_eq!(code, 409);
        let o = api.patch("a", &pp("alice").force(), &Patch::Apply(less)).await.expect("re-apply");
        let labels = o.metadata.labels.unwrap_or_default();
        assert!(labels.contains_key("app") && !labels.contains_key("tier"), "{labels:?}");
        // A missing fieldManager is refused.
        let (code, _, _) = api_err(api.patch("a", &PatchParams::default(), &Patch::Apply(vm("a"))).await.unwrap_err());
        assert_eq!(code, 400);
    })
    .await;
}

#[tokio::test]
async fn ssa_merges_list_map_items_by_key() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        api.patch("a", &PatchParams::apply("alice"), &Patch::Apply(vm("a"))).await.unwrap();
        // The VMI template's `volumes` and `networks` are atomic lists in KubeVirt's schema;
        // `metadata.finalizers` is a set: two managers' finalizers are unioned.
        let f = |_m: &str, fin: &str| json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a", "finalizers": [fin]}});
        api.patch("a", &PatchParams::apply("x"), &Patch::Apply(f("x", "x.io/one"))).await.unwrap();
        let o = api.patch("a", &PatchParams::apply("y"), &Patch::Apply(f("y", "y.io/two"))).await.unwrap();
        assert_eq!(o.metadata.finalizers.clone().unwrap_or_default(), vec!["x.io/one", "y.io/two"]);
        let o = api.patch("a", &PatchParams::apply("x"), &Patch::Apply(json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"}}))).await.unwrap();
        assert_eq!(o.metadata.finalizers.unwrap_or_default(), vec!["y.io/two"]);
    })
    .await;
}

#[tokio::test]
async fn strict_field_validation_with_real_kubevirt_schema() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let mut bad = vm("a");
        bad["spec"]["foo"] = json!(1);
        bad["spec"]["template"]["spec"]["domain"]["cpu"]["sockts"] = json!(2);
        let (code, _, body) = raw(&c, "POST", "/apis/kubevirt.io/v1/namespaces/default/virtualmachines?fieldValidation=Strict", "application/json", &bad).await;
        let msg = body["message"].as_str().unwrap_or("").to_string();
        assert_eq!((code, body["reason"].as_str()), (400, Some("BadRequest")));
        assert!(msg.starts_with("strict decoding error: "), "{msg}");
        assert!(msg.contains("unknown field \"spec.foo\"") && msg.contains("unknown field \"spec.template.spec.domain.cpu.sockts\""), "{msg}");
        // Server-side apply converts the configuration to a typed object first: unknown fields
        // fail there whatever fieldValidation says, a 500 without a reason as in 1.32.
        for sp in [PatchParams::apply("m").validation_strict(), PatchParams::apply("m")] {
            let (code, reason, msg) = api_err(api.patch("a", &sp, &Patch::Apply(bad.clone())).await.unwrap_err());
            assert_eq!((code, reason.as_str()), (500, ""));
            assert_eq!(msg, "failed to create typed patch object (default/a; kubevirt.io/v1, Kind=VirtualMachine): errors:\n  .spec.foo: field not declared in schema\n  .spec.template.spec.domain.cpu.sockts: field not declared in schema");
        }
        let mut typo = vm("a");
        typo["spec"]["runStrategy"] = json!(7);
        let (code, _, msg) = api_err(api.patch("a", &PatchParams::apply("m"), &Patch::Apply(typo)).await.unwrap_err());
        assert_eq!(code, 500);
        assert_eq!(msg, "failed to create typed patch object (default/a; kubevirt.io/v1, Kind=VirtualMachine): .spec.runStrategy: expected string, got &value.valueUnstructured{Value:7}");
        // Default: pruned silently.
        let o = api.create(&PostParams::default(), &dyn_obj(bad)).await.expect("pruned");
        assert!(o.data["spec"].get("foo").is_none());
        assert!(o.data["spec"]["template"]["spec"]["domain"]["cpu"].get("sockts").is_none());
        assert_eq!(o.data["spec"]["template"]["spec"]["domain"]["cpu"]["sockets"], 2);
        // Wrong types are Invalid (422) whatever the validation directive.
        let mut wrong = vm("b");
        wrong["spec"]["runStrategy"] = json!(7);
        let (code, reason, msg) = api_err(api.create(&PostParams::default(), &dyn_obj(wrong)).await.unwrap_err());
        assert_eq!((code, reason.as_str()), (422, "Invalid"));
        assert_eq!(msg, "VirtualMachine.kubevirt.io \"b\" is invalid: spec.runStrategy: Invalid value: \"integer\": spec.runStrategy in body must be of type string: \"integer\"");
        // Required `spec.template`.
        let mut missing = vm("c");
        missing["spec"].as_object_mut().unwrap().remove("template");
        let (code, _, msg) = api_err(api.create(&PostParams::default(), &dyn_obj(missing)).await.unwrap_err());
        assert_eq!(code, 422);
        assert!(msg.contains("spec.template: Required value"), "{msg}");
    })
    .await;
}

#[tokio::test]
async fn warn_validation_sends_warning_header() {
    bounded(async {
        let c = cluster().await;
        let mut bad = vm("a");
        bad["spec"]["foo"] = json!(1);
        let (code, w, _) = raw(
            &c,
            "POST",
            "/apis/kubevirt.io/v1/namespaces/default/virtualmachines?fieldValidation=Warn",
            "application/json",
            &bad,
        )
        .await;
        assert_eq!(code, 201);
        assert_eq!(
            w,
            vec!["299 - \"unknown field \\\"spec.foo\\\"\"".to_string()]
        );
    })
    .await;
}

#[tokio::test]
async fn dry_run_writes_nothing() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let rv0 = c.resource_version();
        let pp = PostParams { dry_run: true, ..Default::default() };
        let o = api.create(&pp, &dyn_obj(vm("a"))).await.expect("dry create");
        assert_eq!(o.metadata.name.as_deref(), Some("a"));
        assert!(api.get_opt("a").await.unwrap().is_none());
        assert_eq!(c.resource_version(), rv0);
        api.create(&PostParams::default(), &dyn_obj(vm("a"))).await.unwrap();
        let rv1 = c.resource_version();
        let o = api.patch("a", &PatchParams::apply("m").dry_run().force(), &Patch::Apply(json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"}, "spec": {"runStrategy": "Halted"}}))).await.unwrap();
        assert_eq!(o.data["spec"]["runStrategy"], "Halted");
        assert_eq!(api.get("a").await.unwrap().data["spec"]["runStrategy"], "Always");
        api.delete("a", &DeleteParams { dry_run: true, ..Default::default() }).await.unwrap();
        assert!(api.get_opt("a").await.unwrap().is_some());
        assert_eq!(c.resource_version(), rv1);
        assert!(c.requests().iter().filter(|r| r.is_write()).all(|r| r.status < 300));
    })
    .await;
}

#[tokio::test]
async fn status_subresource_and_generation() {
    bounded(async {
        let c = cluster().await;
        let api = vms(&c);
        let mut with_status = vm("a");
        with_status["status"] = json!({"printableStatus": "Running"});
        let o = api.create(&PostParams::default(), &dyn_obj(with_status)).await.unwrap();
        assert!(o.data.get("status").is_none(), "status is dropped on create");
        let o = api.patch_status("a", &PatchParams::default(), &Patch::Merge(json!({"status": {"printableStatus": "Starting"}, "spec": {"runStrategy": "Halted"}}))).await.unwrap();
        assert_eq!(o.data["status"]["printableStatus"], "Starting");
        assert_eq!(o.data["spec"]["runStrategy"], "Always", "spec ignored on /status");
        assert_eq!(o.metadata.generation, Some(1));
        let o = api.patch("a", &PatchParams::default(), &Patch::Merge(json!({"status": {"printableStatus": "Bogus"}, "spec": {"runStrategy": "Halted"}}))).await.unwrap();
        assert_eq!(o.data["status"]["printableStatus"], "Starting", "status ignored on main resource");
        assert_eq!(o.metadata.generation, Some(2));
        let o = api.patch_status("a", &PatchParams::apply("ctrl").force(), &Patch::Apply(json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "metadata": {"name": "a"}, "status": {"ready": true}}))).await.unwrap();
        assert_eq!(o.data["status"]["ready"], true);
        assert_eq!(o.metadata.generation, Some(2));
        let mf = o.metadata.managed_fields.unwrap_or_default();
        assert!(mf.iter().any(|e| e.manager.as_deref() == Some("ctrl") && e.subresource.as_deref() == Some("status")));
    })
    .await;
}

#[tokio::test]
async fn finalizers_keep_object_until_removed() {
    bounded(async {
        let c = cluster().await;
        let api = cms(&c);
        let cm = dyn_obj(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "f", "finalizers": ["test.io/hold"]}, "data": {"a": "b"}}));
        api.create(&PostParams::default(), &cm).await.unwrap();
        let r = api.delete("f", &DeleteParams::default()).await.unwrap();
        let still = r.left().expect("object returned while finalizers pend");
        assert!(still.metadata.deletion_timestamp.is_some());
        let got = api.get("f").await.expect("still there");
        assert!(got.metadata.deletion_timestamp.is_some());
        api.patch("f", &PatchParams::default(), &Patch::Merge(json!({"metadata": {"finalizers": null}}))).await.unwrap();
        assert!(api.get_opt("f").await.unwrap().is_none());
    })
    .await;
}

fn cm_owned_by(
    name: &str,
    owner: &kube::api::DynamicObject,
    extra_fin: bool,
) -> kube::api::DynamicObject {
    let mut v = json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "ownerReferences": [{
        "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "name": owner.metadata.name, "uid": owner.metadata.uid, "blockOwnerDeletion": true, "controller": true
    }]}});
    if extra_fin {
        v["metadata"]["finalizers"] = json!(["test.io/hold"]);
    }
    dyn_obj(v)
}

#[tokio::test]
async fn garbage_collection_background_orphan_foreground() {
    bounded(async {
        let c = cluster().await;
        let (vm_api, cm_api) = (vms(&c), cms(&c));
        // Background.
        let owner = vm_api
            .create(&PostParams::default(), &dyn_obj(vm("bg")))
            .await
            .unwrap();
        cm_api
            .create(
                &PostParams::default(),
                &cm_owned_by("bg-dep", &owner, false),
            )
            .await
            .unwrap();
        vm_api
            .delete("bg", &DeleteParams::background())
            .await
            .unwrap();
        assert!(vm_api.get_opt("bg").await.unwrap().is_none());
        assert!(
            cm_api.get_opt("bg-dep").await.unwrap().is_none(),
            "dependent collected"
        );
        // Orphan.
        let owner = vm_api
            .create(&PostParams::default(), &dyn_obj(vm("or")))
            .await
            .unwrap();
        cm_api
            .create(
                &PostParams::default(),
                &cm_owned_by("or-dep", &owner, false),
            )
            .await
            .unwrap();
        vm_api.delete("or", &DeleteParams::orphan()).await.unwrap();
        let dep = cm_api.get("or-dep").await.expect("orphan survives");
        assert!(dep.metadata.owner_references.unwrap_or_default().is_empty());
        // Foreground: the owner waits for a dependent held by a finalizer.
        let owner = vm_api
            .create(&PostParams::default(), &dyn_obj(vm("fg")))
            .await
            .unwrap();
        cm_api
            .create(&PostParams::default(), &cm_owned_by("fg-dep", &owner, true))
            .await
            .unwrap();
        let dp = DeleteParams {
            propagation_policy: Some(PropagationPolicy::Foreground),
            ..Default::default()
        };
        vm_api.delete("fg", &dp).await.unwrap();
        let o = vm_api.get("fg").await.expect("owner waits");
        assert!(o
            .metadata
            .finalizers
            .unwrap_or_default()
            .contains(&"foregroundDeletion".to_string()));
        assert!(cm_api
            .get("fg-dep")
            .await
            .unwrap()
            .metadata
            .deletion_timestamp
            .is_some());
        cm_api
            .patch(
                "fg-dep",
                &PatchParams::default(),
                &Patch::Merge(json!({"metadata": {"finalizers": null}})),
            )
            .await
            .unwrap();
        assert!(cm_api.get_opt("fg-dep").await.unwrap().is_none());
        assert!(
            vm_api.get_opt("fg").await.unwrap().is_none(),
            "owner goes once dependents are gone"
        );
    })
    .await;
}

#[tokio::test]
async fn namespace_deletion_removes_contents() {
    bounded(async {
        let c = cluster().await;
        let ns_api = kube::Api::<kube::api::DynamicObject>::all_with(
            c.client(),
            &ar("", "v1", "Namespace", "namespaces"),
        );
        ns_api
            .create(
                &PostParams::default(),
                &dyn_obj(
                    json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "tmp"}}),
                ),
            )
            .await
            .unwrap();
        let cms_tmp = kube::Api::<kube::api::DynamicObject>::namespaced_with(
            c.client(),
            "tmp",
            &ar("", "v1", "ConfigMap", "configmaps"),
        );
        cms_tmp
            .create(
                &PostParams::default(),
                &dyn_obj(
                    json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}),
                ),
            )
            .await
            .unwrap();
        ns_api
            .delete("tmp", &DeleteParams::default())
            .await
            .unwrap();
        assert!(ns_api.get_opt("tmp").await.unwrap().is_none());
        assert!(c.object("", "configmaps", "tmp", "x").is_none());
    })
    .await;
}

#[tokio::test]
async fn pagination_generate_name_and_deletecollection() {
    bounded(async {
        let c = cluster().await;
        let api = cms(&c);
        for i in 0..5 {
            api.create(&PostParams::default(), &dyn_obj(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": format!("cm-{i}"), "labels": {"batch": "x"}}}))).await.unwrap();
        }
        let g = api.create(&PostParams::default(), &dyn_obj(json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"generateName": "gen-"}}))).await.unwrap();
        let gname = g.metadata.name.unwrap_or_default();
        assert!(gname.starts_with("gen-") && gname.len() == 9, "{gname}");
        let mut names = vec![];
        let mut lp = ListParams::default().limit(2).labels("batch=x");
        loop {
            let page = api.list(&lp).await.unwrap();
            assert!(page.items.len() <= 2);
            names.extend(page.items.iter().filter_map(|o| o.metadata.name.clone()));
            match page.metadata.continue_ {
                Some(cont) if !cont.is_empty() => lp = lp.continue_token(&cont),
                _ => break,
            }
        }
        assert_eq!(names, vec!["cm-0", "cm-1", "cm-2", "cm-3", "cm-4"]);
        api.delete_collection(&DeleteParams::default(), &ListParams::default().labels("batch=x")).await.unwrap();
        let left: Vec<String> = api.list(&ListParams::default()).await.unwrap().items.into_iter().filter_map(|o| o.metadata.name).collect();
        assert_eq!(left, vec![gname]);
    })
    .await;
}
