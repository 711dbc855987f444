//! Admission plugins of a real kube-apiserver that act on the builtin kinds the emulator
//! serves and that tests rely on. DefaultStorageClass: a PersistentVolumeClaim created
//! without `spec.storageClassName` gets the cluster's default StorageClass (the one annotated
//! `storageclass.kubernetes.io/is-default-class: "true"`; with several, the newest, as
//! Kubernetes 1.28+ picks); without a default class it stays without one.
//!
//! Mutating webhooks: KubeVirt's VirtualMachine defaulting ([`crate::kubevirt_webhook`]) on
//! create and update, where virt-api is installed and the test has not switched it off
//! ([`crate::TestCluster::set_kubevirt_defaulting`]).
//!
//! All of it ([`mutating_admission`]) runs after the request's managedFields were computed,
//! on every kind of write (create, update, patch, server-side apply), as kube-apiserver's
//! handlers call mutating admission after the field manager (kubernetes#87672): what
//! admission adds is owned by no manager.

use crate::registry::ResourceInfo;
use crate::util::PointerAt;
use serde_json::Value;
use std::collections::BTreeMap;

const DEFAULT_CLASS: &str = "storageclass.kubernetes.io/is-default-class";

/// Stored objects by (group, plural), then (namespace, name).
type Objects = BTreeMap<(String, String), BTreeMap<(String, String), Value>>;

/// Applies the builtin admission plugins to an object being created.
fn on_create(ri: &ResourceInfo, obj: &mut Value, objects: &Objects) {
    if ri.group.is_empty() && ri.plural == "persistentvolumeclaims" {
        let classes = objects.get(&("storage.k8s.io".to_string(), "storageclasses".to_string()));
        default_storage_class(obj, classes);
    }
}

/// Mutating admission of a main-resource write (`subresource` None) of `obj`, after the
/// request's managedFields were computed; `old` is the stored object on update. Dry runs are
/// admitted too (KubeVirt's webhooks declare `sideEffects: None`), so `kubectl diff
/// --server-side` shows the result.
pub fn mutating_admission(
    s: &crate::store::State,
    ri: &ResourceInfo,
    old: Option<&Value>,
    obj: &mut Value,
    subresource: Option<&str>,
) {
    use crate::kubevirt_webhook::{mutate_vm, Operation};
    if subresource.is_some() {
        return;
    }
    if old.is_none() {
        on_create(ri, obj, &s.objects);
    }
    let is_vm = ri.group == "kubevirt.io" && ri.plural == "virtualmachines";
    // virt-api serves the webhook: without it (`install_kubevirt_crds_with(false)`, the CRDs
    // alone) nothing is registered to mutate.
    if !is_vm || !s.kubevirt_defaulting || !s.resources.iter().any(|r| r.kubevirt_actions) {
        return;
    }
    let op = if old.is_some() {
        Operation::Update
    } else {
        Operation::Create
    };
    mutate_vm(obj, old, op);
}

fn default_storage_class(pvc: &mut Value, classes: Option<&BTreeMap<(String, String), Value>>) {
    if pvc.pointer_at("/spec/storageClassName").is_some() {
        return;
    }
    let default = classes
        .into_iter()
        .flat_map(BTreeMap::values)
        .filter(|c| {
            c.pointer_at("/metadata/annotations")
                .and_then(|a| a.get(DEFAULT_CLASS))
                .and_then(Value::as_str)
                == Some("true")
        })
        .max_by(|a, b| {
            let created = |c: &Value| {
                c.pointer_at("/metadata/creationTimestamp")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            created(a).cmp(&created(b))
        })
        .and_then(|c| c.pointer_at("/metadata/name").cloned());
    if let (Some(name), Some(spec)) = (default, pvc.get_mut("spec").and_then(Value::as_object_mut))
    {
        spec.insert("storageClassName".into(), name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn classes(list: &[(&str, bool, &str)]) -> BTreeMap<(String, String), Value> {
        list.iter()
            .map(|(name, default, created)| {
                let ann = if *default { json!({DEFAULT_CLASS: "true"}) } else { json!({}) };
                (
                    (String::new(), name.to_string()),
                    json!({"metadata": {"name": name, "annotations": ann, "creationTimestamp": created}}),
                )
            })
            .collect()
    }

    #[test]
    fn a_claim_without_a_class_gets_the_newest_default() {
        let c = classes(&[
            ("slow", false, "2026-01-01T00:00:00Z"),
            ("old-default", true, "2026-01-01T00:00:00Z"),
            ("new-default", true, "2026-02-01T00:00:00Z"),
        ]);
        let mut pvc = json!({"spec": {"accessModes": ["ReadWriteOnce"]}});
        default_storage_class(&mut pvc, Some(&c));
        assert_eq!(pvc["spec"]["storageClassName"], "new-default");
        let mut chosen = json!({"spec": {"storageClassName": "slow"}});
        default_storage_class(&mut chosen, Some(&c));
        assert_eq!(chosen["spec"]["storageClassName"], "slow");
        let mut none = json!({"spec": {}});
        default_storage_class(&mut none, Some(&classes(&[("slow", false, "")])));
        assert_eq!(none["spec"].get("storageClassName"), None);
    }
}
