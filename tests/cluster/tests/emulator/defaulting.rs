//! What KubeVirt v1.9.0 and CDI v1.66.0 add to objects a GitOps repository holds (issue 18
//! item 1): the VM mutating webhook's defaults and re-encoding on create and update, who owns
//! those fields, virt-controller's annotations and finalizer, a DataVolume's label, owner and
//! CDI annotation, and what `kubectl diff --server-side` shows a user afterwards.

use crate::common::kubectl::{kubectl, setup as kubectl_setup};
use crate::common::*;
use kube::api::{Api, DeleteParams, DynamicObject, Patch, PatchParams, PostParams};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use vmmigrate_testcluster::simulator::{meta, SimConfig, Simulator};
use vmmigrate_testcluster::TestCluster;

/// The VM a generator would write: quantities in a non-canonical form, `features` set, a
/// DataVolume whose size CDI infers (`storage` without `resources`), no firmware, no
/// architecture or machine type, no network.
fn gitops_vm(name: &str) -> Value {
    json!({
        "apiVersion": "kubevirt.io/v1",
        "kind": "VirtualMachine",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {
            "runStrategy": "Halted",
            "dataVolumeTemplates": [{
                "metadata": {"name": format!("{name}-root")},
                "spec": {"sourceRef": {"kind": "DataSource", "name": "fedora"}, "storage": {}}
            }],
            "template": {"spec": {
                "domain": {
                    "cpu": {"sockets": 1},
                    "memory": {"guest": "2048Mi"},
                    "features": {"smm": {}},
                    "devices": {"disks": [{"name": "root", "disk": {"bus": "virtio"}}]}
                },
                "volumes": [{"name": "root", "dataVolume": {"name": format!("{name}-root")}}]
            }}
        }
    })
}

async fn create(c: &TestCluster, v: Value) -> DynamicObject {
    vms(c)
        .create(&PostParams::default(), &dyn_obj(v))
        .await
        .expect("create VM")
}

fn at<'a>(o: &'a DynamicObject, p: &str) -> &'a Value {
    o.data.pointer(p).unwrap_or(&Value::Null)
}

fn fast() -> SimConfig {
    SimConfig {
        boot_time: Duration::from_millis(200),
        import_time: Duration::from_millis(200),
        ..Default::default()
    }
}

/// Poll `f` until it yields Some, for at most 30 s.
async fn until<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_adds_the_webhooks_defaults_and_encoding_artefacts() {
    bounded(async {
        let c = cluster().await;
        let vm = create(&c, gitops_vm("a")).await;
        let t = "/spec/template";
        assert_eq!(at(&vm, &format!("{t}/spec/architecture")), "amd64");
        assert_eq!(at(&vm, &format!("{t}/spec/domain/machine/type")), "q35");
        assert_eq!(
            at(&vm, &format!("{t}/metadata")),
            &json!({"annotations": {"kubevirt.io/pci-topology-version": "v3"}})
        );
        // Random, not derived from the name: two VMs of the same name differ.
        let uuid = at(&vm, &format!("{t}/spec/domain/firmware/uuid")).clone();
        let serial = at(&vm, &format!("{t}/spec/domain/firmware/serial")).clone();
        assert_eq!(uuid.as_str().map(str::len), Some(36), "{uuid}");
        assert_eq!(serial.as_str().map(str::len), Some(36), "{serial}");
        assert_ne!(uuid, serial);
        vms(&c)
            .delete("a", &DeleteParams::default())
            .await
            .expect("delete");
        let again = create(&c, gitops_vm("a")).await;
        assert_ne!(at(&again, &format!("{t}/spec/domain/firmware/uuid")), &uuid);
        // The default pod network, bridge-bound.
        assert_eq!(
            at(&vm, &format!("{t}/spec/domain/devices/interfaces")),
            &json!([{"name": "default", "bridge": {}}])
        );
        assert_eq!(
            at(&vm, &format!("{t}/spec/networks")),
            &json!([{"name": "default", "pod": {}}])
        );
        // Re-encoding: canonical quantities, empty structs.
        assert_eq!(at(&vm, &format!("{t}/spec/domain/memory/guest")), "2Gi");
        assert_eq!(at(&vm, &format!("{t}/spec/domain/resources")), &json!({}));
        assert_eq!(
            at(&vm, &format!("{t}/spec/domain/features")),
            &json!({"smm": {}, "acpi": {}})
        );
        assert_eq!(
            at(&vm, "/spec/dataVolumeTemplates/0/spec/storage"),
            &json!({"resources": {}})
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quantities_are_stored_in_canonical_form() {
    bounded(async {
        let c = cluster().await;
        let mut v = gitops_vm("q");
        let d = &mut v["spec"]["template"]["spec"]["domain"];
        d["memory"] = json!({"guest": "1536Mi", "maxGuest": "8192Mi"});
        d["resources"] =
            json!({"requests": {"memory": "1048576Ki", "cpu": "1000m"}, "limits": {"cpu": 2}});
        v["spec"]["dataVolumeTemplates"][0]["spec"]["storage"] =
            json!({"resources": {"requests": {"storage": "10240Mi"}}});
        let vm = create(&c, v).await;
        let d = "/spec/template/spec/domain";
        for (path, want) in [
            ("/memory/guest", "1536Mi"),
            ("/memory/maxGuest", "8Gi"),
            ("/resources/requests/memory", "1Gi"),
            ("/resources/requests/cpu", "1"),
            ("/resources/limits/cpu", "2"),
        ] {
            assert_eq!(at(&vm, &format!("{d}{path}")), want, "{path}");
        }
        assert_eq!(
            at(
                &vm,
                "/spec/dataVolumeTemplates/0/spec/storage/resources/requests/storage"
            ),
            "10Gi"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_defaults_but_never_sets_firmware_or_the_topology_annotation() {
    bounded(async {
        let c = cluster().await;
        // A VM stored before the webhook existed (or with it off), then updated.
        c.set_kubevirt_defaulting(false);
        let old = create(&c, gitops_vm("u")).await;
        assert_eq!(at(&old, "/spec/template/spec/architecture"), &Value::Null);
        assert_eq!(at(&old, "/spec/template/spec/domain/memory/guest"), "2048Mi");
        c.set_kubevirt_defaulting(true);
        let pp = PatchParams::default();
        let up = vms(&c)
            .patch("u", &pp, &Patch::Merge(json!({"metadata": {"labels": {"env": "prod"}}})))
            .await
            .expect("patch");
        assert_eq!(at(&up, "/spec/template/spec/architecture"), "amd64");
        assert_eq!(at(&up, "/spec/template/spec/domain/machine/type"), "q35");
        assert_eq!(at(&up, "/spec/template/spec/domain/memory/guest"), "2Gi");
        assert_eq!(at(&up, "/spec/template/spec/domain/firmware"), &Value::Null);
        assert_eq!(at(&up, "/spec/template/metadata"), &json!({}));
        // The spec changed (defaults), so the generation did; an update that the webhook
        // brings back to the stored spec does not change it.
        assert_eq!(up.metadata.generation, Some(2));
        let same = vms(&c)
            .patch("u", &pp, &Patch::Merge(json!({"spec": {"template": {"spec": {"domain": {"memory": {"guest": "2Gi"}}}}}})))
            .await
            .expect("patch");
        assert_eq!(same.metadata.generation, Some(2));
        assert_eq!(same.metadata.resource_version, up.metadata.resource_version);

        // Created with the webhook: an update keeps the uuid it was given.
        let vm = create(&c, gitops_vm("k")).await;
        let uuid = at(&vm, "/spec/template/spec/domain/firmware/uuid").clone();
        let up = vms(&c)
            .patch("k", &pp, &Patch::Merge(json!({"spec": {"runStrategy": "Always"}})))
            .await
            .expect("patch");
        assert_eq!(at(&up, "/spec/template/spec/domain/firmware/uuid"), &uuid);
        assert_eq!(at(&up, "/spec/runStrategy"), "Always");
    })
    .await;
}

/// Every `f:` path of one manager's managedFields entry, as `a.b.c`.
fn owned(o: &DynamicObject, manager: &str) -> BTreeSet<String> {
    fn walk(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        if let Some(m) = v.as_object() {
            for (k, child) in m {
                let p = format!("{prefix}{}", k.trim_start_matches("f:"));
                out.insert(p.clone());
                walk(child, &format!("{p}."), out);
            }
        }
    }
    let mut out = BTreeSet::new();
    for e in o.metadata.managed_fields.iter().flatten() {
        if e.manager.as_deref() == Some(manager) {
            if let Some(f) = &e.fields_v1 {
                walk(&f.0, "", &mut out);
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webhook_fields_belong_to_no_manager_and_survive_a_reapply() {
    bounded(async {
        let c = cluster().await;
        let pp = PatchParams::apply("gitops");
        let vm = vms(&c)
            .patch("s", &pp, &Patch::Apply(gitops_vm("s")))
            .await
            .expect("apply");
        let mine = owned(&vm, "gitops");
        assert!(
            mine.contains("spec.template.spec.domain.memory.guest"),
            "{mine:?}"
        );
        for added in [
            "spec.template.spec.architecture",
            "spec.template.spec.domain.machine",
            "spec.template.spec.domain.firmware",
            "spec.template.spec.networks",
            "spec.template.metadata.annotations",
        ] {
            assert!(
                !mine.iter().any(|p| p.starts_with(added)),
                "{added} owned: {mine:?}"
            );
        }
        // Applying the same file again keeps what nobody owns, and changes nothing.
        let uuid = at(&vm, "/spec/template/spec/domain/firmware/uuid").clone();
        assert!(uuid.is_string(), "the webhook set a uuid");
        let again = vms(&c)
            .patch("s", &pp, &Patch::Apply(gitops_vm("s")))
            .await
            .expect("re-apply");
        assert_eq!(
            at(&again, "/spec/template/spec/domain/firmware/uuid"),
            &uuid
        );
        assert_eq!(
            again.metadata.resource_version,
            vm.metadata.resource_version
        );
        // A create (POST) alike: the request's manager owns what it sent, nothing more.
        let pp = PostParams {
            field_manager: Some("poster".into()),
            ..Default::default()
        };
        let posted = vms(&c)
            .create(&pp, &dyn_obj(gitops_vm("p")))
            .await
            .expect("create");
        assert!(at(&posted, "/spec/template/spec/architecture").is_string());
        let mine = owned(&posted, "poster");
        assert!(mine.contains("spec.runStrategy"), "{mine:?}");
        let webhooks = |p: &String| p.contains("firmware") || p.contains("architecture");
        assert!(!mine.iter().any(webhooks), "{mine:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn virt_controller_annotates_and_finalizes_and_a_delete_still_completes() {
    bounded(async {
        let c = cluster().await;
        let _sim = Simulator::start(c.client(), fast());
        let mut v = gitops_vm("f");
        v["spec"]["runStrategy"] = json!("Always");
        // A clone of the DataSource `fedora` would wait for it, as CDI's does: a blank disk
        // lets the VMI start.
        v["spec"]["dataVolumeTemplates"][0]["spec"] =
            json!({"source": {"blank": {}}, "storage": {}});
        create(&c, v).await;
        let api = vms(&c);
        let vm = until("the controller's metadata", || async {
            api.get("f").await.ok().filter(|o| {
                o.metadata
                    .finalizers
                    .iter()
                    .flatten()
                    .any(|f| f == meta::VM_FINALIZER)
            })
        })
        .await;
        let ann = vm.metadata.annotations.clone().unwrap_or_default();
        assert_eq!(
            ann.get(meta::LATEST_OBSERVED).map(String::as_str),
            Some("v1")
        );
        assert_eq!(
            ann.get(meta::STORAGE_OBSERVED).map(String::as_str),
            Some("v1")
        );
        let vmis: Api<DynamicObject> = Api::namespaced_with(
            c.client(),
            "default",
            &ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstance",
                "virtualmachineinstances",
            ),
        );
        until("the VMI", || async {
            vmis.get_opt("f").await.ok().flatten()
        })
        .await;
        api.delete("f", &DeleteParams::default())
            .await
            .expect("delete");
        until("the VM to go away", || async {
            matches!(api.get_opt("f").await, Ok(None)).then_some(())
        })
        .await;
        assert!(vmis.get_opt("f").await.expect("get VMI").is_none());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn datavolumes_from_templates_carry_label_owner_and_cdi_annotation() {
    bounded(async {
        let c = cluster().await;
        let _sim = Simulator::start(c.client(), fast());
        let mut v = gitops_vm("d");
        v["spec"]["template"]["spec"]["priorityClassName"] = json!("high");
        v["spec"]["dataVolumeTemplates"][0]["spec"] = json!({
            "source": {"blank": {}},
            "storage": {"resources": {"requests": {"storage": "1Gi"}}}
        });
        let vm = create(&c, v).await;
        let dvs: Api<DynamicObject> = Api::namespaced_with(
            c.client(),
            "default",
            &ar("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes"),
        );
        let dv = until("the DataVolume with CDI's annotation", || async {
            dvs.get_opt("d-root").await.ok().flatten().filter(|d| {
                d.metadata
                    .annotations
                    .as_ref()
                    .is_some_and(|a| a.contains_key(meta::USE_POPULATOR))
            })
        })
        .await;
        let labels = dv.metadata.labels.clone().unwrap_or_default();
        assert_eq!(labels.get(meta::CREATED_BY), vm.metadata.uid.as_ref());
        let ann = dv.metadata.annotations.clone().unwrap_or_default();
        assert_eq!(
            ann.get(meta::USE_POPULATOR).map(String::as_str),
            Some("true")
        );
        let owner = dv.metadata.owner_references.clone().unwrap_or_default();
        assert_eq!(owner.len(), 1);
        assert_eq!(
            (owner[0].kind.as_str(), owner[0].controller),
            ("VirtualMachine", Some(true))
        );
        assert_eq!(Some(&owner[0].uid), vm.metadata.uid.as_ref());
        assert_eq!(at(&dv, "/spec/priorityClassName"), "high");
    })
    .await;
}

/// Leaf paths of `v` (`a.b[0].c`), for comparing the Git file with the live object.
fn leaves(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            for (k, c) in m {
                leaves(c, &format!("{prefix}.{k}"), out);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            for (i, c) in a.iter().enumerate() {
                leaves(c, &format!("{prefix}[{i}]"), out);
            }
        }
        other => {
            out.insert(format!("{prefix}={other}"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_gitops_user_sees_with_kubectl() {
    bounded(async {
        let Some((c, dir, kc)) = kubectl_setup().await else {
            return;
        };
        let file = dir.path().join("vm.yaml");
        let yaml = |guest: &str| {
            let mut v = gitops_vm("g");
            v["spec"]["template"]["spec"]["domain"]["memory"]["guest"] = json!(guest);
            serde_json::to_string(&v).expect("json")
        };
        std::fs::write(&file, yaml("2048Mi")).expect("write");
        let f = file.to_string_lossy().to_string();
        let o = kubectl(&kc, &["apply", "--server-side", "-f", &f], None).await;
        assert!(o.ok, "{}", o.stderr);
        // Server-side diff of the same file: the webhook runs on the dry run too, and what it
        // added is owned by nobody, so there is nothing to report.
        let o = kubectl(&kc, &["diff", "--server-side", "-f", &f], None).await;
        assert!(o.ok && o.stdout.is_empty(), "{}\n{}", o.stdout, o.stderr);
        // A change shows in canonical form, and nothing the webhook added is proposed for removal.
        std::fs::write(&file, yaml("3072Mi")).expect("write");
        let o = kubectl(&kc, &["diff", "--server-side", "-f", &f], None).await;
        assert!(!o.ok, "a change must be reported: {}", o.stderr);
        let changed: Vec<&str> = o
            .stdout
            .lines()
            .filter(|l| {
                (l.starts_with('+') || l.starts_with('-'))
                    && !l.starts_with("+++")
                    && !l.starts_with("---")
            })
            .filter(|l| !l.contains("generation:"))
            .collect();
        assert_eq!(
            changed,
            ["-          guest: 2Gi", "+          guest: 3Gi"],
            "{}",
            o.stdout
        );
        // What a plain comparison of the Git file with the live object (Argo CD without
        // server-side diff) reports: every field KubeVirt added.
        let live = c
            .object("kubevirt.io", "virtualmachines", "default", "g")
            .expect("stored");
        let git: Value = serde_json::from_str(&yaml("2048Mi")).expect("json");
        let (mut in_git, mut in_live) = (BTreeSet::new(), BTreeSet::new());
        leaves(&git["spec"], "spec", &mut in_git);
        leaves(&live["spec"], "spec", &mut in_live);
        let firmware = |p: &String| p.contains(".firmware.");
        let added: Vec<&String> = in_live
            .difference(&in_git)
            .filter(|p| !firmware(p))
            .collect();
        assert_eq!(
            added,
            [
                "spec.dataVolumeTemplates[0].spec.storage.resources={}",
                "spec.template.metadata.annotations.kubevirt.io/pci-topology-version=\"v3\"",
                "spec.template.spec.architecture=\"amd64\"",
                "spec.template.spec.domain.devices.interfaces[0].bridge={}",
                "spec.template.spec.domain.devices.interfaces[0].name=\"default\"",
                "spec.template.spec.domain.features.acpi={}",
                "spec.template.spec.domain.machine.type=\"q35\"",
                "spec.template.spec.domain.memory.guest=\"2Gi\"",
                "spec.template.spec.domain.resources={}",
                "spec.template.spec.networks[0].name=\"default\"",
                "spec.template.spec.networks[0].pod={}",
            ]
        );
        assert_eq!(
            in_live.iter().filter(|p| firmware(p)).count(),
            2,
            "{in_live:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn builtin_admission_also_runs_after_the_field_manager_and_on_apply() {
    bounded(async {
        let c = cluster().await;
        let classes: Api<DynamicObject> =
            Api::all_with(c.client(), &ar("storage.k8s.io", "v1", "StorageClass", "storageclasses"));
        let class = json!({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": {"name": "std", "annotations": {"storageclass.kubernetes.io/is-default-class": "true"}},
            "provisioner": "x"});
        classes.create(&PostParams::default(), &dyn_obj(class)).await.expect("class");
        let pvcs: Api<DynamicObject> = Api::namespaced_with(
            c.client(),
            "default",
            &ar("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
        );
        let pvc = json!({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "d"},
            "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}});
        // Created by server-side apply: DefaultStorageClass admits it like a POST.
        let applied = pvcs
            .patch("d", &PatchParams::apply("gitops"), &Patch::Apply(&pvc))
            .await
            .expect("apply");
        assert_eq!(at(&applied, "/spec/storageClassName"), "std");
        let mine = owned(&applied, "gitops");
        assert!(mine.contains("spec.accessModes"), "{mine:?}");
        assert!(!mine.contains("spec.storageClassName"), "{mine:?}");
        let mut posted = pvc.clone();
        posted["metadata"]["name"] = json!("p");
        let pp = PostParams {
            field_manager: Some("poster".into()),
            ..Default::default()
        };
        let posted = pvcs.create(&pp, &dyn_obj(posted)).await.expect("create");
        assert_eq!(at(&posted, "/spec/storageClassName"), "std");
        assert!(!owned(&posted, "poster").contains("spec.storageClassName"));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn virt_controller_gives_a_vm_without_firmware_uuid_the_legacy_one() {
    bounded(async {
        let c = cluster().await;
        let _sim = Simulator::start(c.client(), fast());
        // Without the webhook's random one (created before v1.9, or with it off).
        c.set_kubevirt_defaulting(false);
        create(&c, gitops_vm("legacy")).await;
        c.set_kubevirt_defaulting(true);
        let fresh = create(&c, gitops_vm("fresh")).await;
        let api = vms(&c);
        let uuid_of = |o: &DynamicObject| at(o, "/spec/template/spec/domain/firmware/uuid").clone();
        let vm = until("the legacy firmware uuid", || async {
            api.get("legacy")
                .await
                .ok()
                .filter(|o| uuid_of(o).is_string())
        })
        .await;
        // uuid.NewSHA1(6a1a24a1-4061-4607-8bf4-a3963d0c5895, "legacy"), computed independently.
        assert_eq!(uuid_of(&vm), "bb462a37-f631-5ba8-ab4f-965c07eb17e1");
        // A VM the webhook gave a uuid keeps it once the controller has seen it.
        until("the controller to see the fresh VM", || async {
            api.get("fresh").await.ok().filter(|o| {
                o.metadata
                    .finalizers
                    .iter()
                    .flatten()
                    .any(|f| f == meta::VM_FINALIZER)
            })
        })
        .await;
        let now = api.get("fresh").await.expect("get");
        assert_eq!(uuid_of(&now), uuid_of(&fresh));
    })
    .await;
}
