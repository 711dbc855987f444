//! Rolling a VirtualMachinePool (`roll vmpool/NAME`): the pool-specific part of a rollout,
//! pure like the rest of `roll`. A pool roll is a fleet roll whose VMs are the pool's
//! replicas, with three things added, all here:
//!
//! - which object's template changes: the pool's `spec.virtualMachineTemplate` takes the
//!   change (the flags, or `-f` with a VirtualMachinePool), and each replica's target is what
//!   KubeVirt's pool controller would make of that template for it (`kubevirt::pool::
//!   replica_target`), so replicas the controller creates meanwhile are born up to date;
//! - who acts: the pool's `updateStrategy` is set to `unmanaged` in the same write as the
//!   template, so KubeVirt's pool controller never updates or restarts a replica; it keeps
//!   scaling and healing (from the new template), while the plugin moves the replicas through
//!   the same planner, ladder, budget and health gates as a fleet. The strategy stays
//!   `unmanaged` after the roll: the pool is then rolled by the plugin only;
//! - a new golden image: `--set-image` sets containerDisk images as for a fleet, and for a
//!   pool whose replicas clone a golden disk (what `pool create` makes) it also makes a new
//!   golden disk, once: a DataVolume importing the image (a registry image, or an http(s)
//!   URL) and a DataSource naming it, which the boot disk's template then clones. A replica
//!   whose disk template changed has its old DataVolume deleted before its restart, and
//!   KubeVirt recreates it from the new template (as the pool controller's own proactive
//!   update replaces such a VM);
//! - surge by scaling: with `--max-surge N` the pool is scaled out by N replicas first (they
//!   come from the new template), the old replicas roll within `--max-unavailable` (a surge
//!   replica still booting counts as unavailable, so the budget is never exceeded), and the
//!   pool is scaled back to its size once every replica is done.
//!
//! The driver (`cluster::rollout`) reads the pool each pass and carries out [`step`].

use super::budget::{Budget, IntOrPercent};
use super::state::Change;
use crate::kubevirt::pool as kv;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What a pool rollout records besides a fleet's (in the rollout record, so a killed client's
/// successor goes on with the same pool, template and size).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PoolRoll {
    /// The VirtualMachinePool's name.
    pub name: String,
    /// The `spec.virtualMachineTemplate` this revision brings the pool and its replicas to.
    pub template: Value,
    /// The template the pool had when this revision began: what an undo returns to.
    pub before: Value,
    /// The pool's `spec.nameGeneration` (how a replica's Secret and ConfigMap names are
    /// indexed), to compute replica targets without reading the pool.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub name_generation: Value,
    /// `spec.replicas` when the roll began: the size it returns to.
    pub replicas: u32,
    /// Replicas added while rolling (`--max-surge` resolved against `replicas`).
    pub surge: u32,
    /// Objects the template needs that are created before it is written: a new golden
    /// disk's DataVolume and DataSource (`--set-image`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objects: Vec<Value>,
}

/// Errors of reading a pool for a roll, each saying what to do.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PoolError {
    #[error("virtualmachinepool/{0} has no spec.selector.matchLabels; a pool roll selects the replicas by those labels")]
    NoSelector(String),
    #[error("virtualmachinepool/{0} has no spec.virtualMachineTemplate.spec to change")]
    NoTemplate(String),
    #[error("virtualmachinepool/{0}: --set-image changes nothing: the template has no containerDisk volume and no disk cloned from a golden DataSource")]
    NoImage(String),
}

/// The pool's name in `vmpool/NAME` (also `vmpools/`, `virtualmachinepool/`,
/// `virtualmachinepools/` and the `.pool.kubevirt.io` forms kubectl accepts); None for a VM
/// name.
pub fn pool_ref(arg: &str) -> Option<&str> {
    let (kind, name) = arg.split_once('/')?;
    let kind = kind.strip_suffix(".pool.kubevirt.io").unwrap_or(kind);
    matches!(
        kind,
        "vmpool" | "vmpools" | "virtualmachinepool" | "virtualmachinepools"
    )
    .then_some(name)
    .filter(|n| !n.is_empty() && !n.contains('/'))
}

/// The label selector (`k=v,...`) of the pool's replicas, from `spec.selector.matchLabels`.
pub fn selector(pool: &Value) -> Result<String, PoolError> {
    let name = pool_name(pool);
    let labels = pool
        .pointer("/spec/selector/matchLabels")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
        .ok_or_else(|| PoolError::NoSelector(name.clone()))?;
    Ok(labels
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(","))
}

fn pool_name(pool: &Value) -> String {
    pool.pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The pool's template as the VirtualMachine a [`Change`] applies to (named after the pool,
/// so that `-f` finds a VirtualMachinePool manifest by its name).
fn template_as_vm(name: &str, template: &Value) -> Value {
    json!({
        "apiVersion": "kubevirt.io/v1",
        "kind": "VirtualMachine",
        "metadata": {
            "name": name,
            "labels": template.pointer("/metadata/labels").cloned().unwrap_or(json!({})),
            "annotations": template.pointer("/metadata/annotations").cloned().unwrap_or(json!({})),
        },
        "spec": template.get("spec").cloned().unwrap_or(json!({})),
    })
}

/// A VirtualMachinePool manifest (`-f`) as the VirtualMachine-shaped manifest [`Change`]
/// holds under the pool's name: its template's labels, annotations and spec.
pub fn manifest_as_vm(pool: &Value) -> Option<(String, Value)> {
    let name = pool.pointer("/metadata/name")?.as_str()?.to_string();
    let template = pool.pointer("/spec/virtualMachineTemplate")?;
    let vm = template_as_vm(&name, template);
    Some((name, vm))
}

/// The roll of `pool` (as read from the cluster) with `change`: the new template (KubeVirt's
/// defaults on the old one kept where the change does not say otherwise), the size and the
/// surge.
pub fn begin(
    pool: &Value,
    change: &Change,
    max_surge: IntOrPercent,
) -> Result<PoolRoll, PoolError> {
    let name = pool_name(pool);
    let before = pool
        .pointer("/spec/virtualMachineTemplate")
        .filter(|t| t.get("spec").is_some_and(Value::is_object))
        .cloned()
        .ok_or_else(|| PoolError::NoTemplate(name.clone()))?;
    let current = template_as_vm(&name, &before);
    let changed = change.target(&current);
    let mut template = before.clone();
    template["spec"] = changed.get("spec").cloned().unwrap_or(json!({}));
    for k in ["labels", "annotations"] {
        match changed.pointer(&format!("/metadata/{k}")) {
            Some(Value::Object(m)) if !m.is_empty() => template["metadata"][k] = json!(m),
            _ => {
                if let Some(meta) = template.get_mut("metadata").and_then(Value::as_object_mut) {
                    meta.remove(k);
                }
            }
        }
    }
    let replicas = pool
        .pointer("/spec/replicas")
        .and_then(Value::as_u64)
        .map_or(1, |r| u32::try_from(r).unwrap_or(u32::MAX));
    let mut objects = vec![];
    if let Some(image) = &change.image {
        let namespace = pool
            .pointer("/metadata/namespace")
            .and_then(Value::as_str)
            .unwrap_or("default");
        objects = golden_image(namespace, &mut template, image);
        let has_container_disk = template
            .pointer("/spec/template/spec/volumes")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(|v| v.get("containerDisk").is_some()));
        if objects.is_empty() && !has_container_disk {
            return Err(PoolError::NoImage(name));
        }
    }
    Ok(PoolRoll {
        name,
        template,
        before,
        name_generation: pool
            .pointer("/spec/nameGeneration")
            .cloned()
            .unwrap_or(Value::Null),
        replicas,
        surge: Budget::resolve(max_surge, max_surge, replicas).max_surge,
        objects,
    })
}

/// CDI's DataVolume source for an image: an http(s) URL, or a registry image (`docker://`
/// added when no scheme is given).
fn image_source(image: &str) -> Value {
    if image.starts_with("http://") || image.starts_with("https://") {
        json!({"http": {"url": image}})
    } else if image.contains("://") {
        json!({"registry": {"url": image}})
    } else {
        json!({"registry": {"url": format!("docker://{image}")}})
    }
}

/// A new golden disk for `image`: the first `dataVolumeTemplates` entry that clones a
/// DataSource (the boot disk `pool create` writes first) is pointed at a new DataSource,
/// `{template}-{hash of the image}`, naming the PVC of a new DataVolume importing the image
/// (`...-golden`). Returns those two objects (none when no template clones a DataSource).
/// The names follow the image alone, so rolling to the same image again reuses them.
fn golden_image(namespace: &str, template: &mut Value, image: &str) -> Vec<Value> {
    use crate::kubevirt::objects::{ObjectMeta, PvcSourceSpec};
    let Some(dv) = template
        .pointer_mut("/spec/dataVolumeTemplates")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
        .find(|t| t.pointer("/spec/sourceRef/kind") == Some(&json!("DataSource")))
    else {
        return vec![];
    };
    let base = dv
        .pointer("/metadata/name")
        .and_then(Value::as_str)
        .unwrap_or("disk")
        .to_string();
    let source = format!("{base}-{}", &super::state::short_hash(image)[..8]);
    let golden = format!("{source}-golden");
    dv["spec"]["sourceRef"]["name"] = json!(source);
    let mut spec = json!({"source": image_source(image)});
    for k in ["storage", "pvc"] {
        if let Some(v) = dv.pointer(&format!("/spec/{k}")) {
            spec[k] = v.clone();
        }
    }
    let meta = |name: &str| ObjectMeta {
        name: name.to_string(),
        namespace: Some(namespace.to_string()),
        ..ObjectMeta::default()
    };
    let objects = [
        serde_json::to_value(kv::DataVolume {
            api_version: kv::CDI_API_VERSION,
            kind: "DataVolume",
            metadata: meta(&golden),
            spec,
        }),
        serde_json::to_value(kv::DataSource {
            api_version: kv::CDI_API_VERSION,
            kind: "DataSource",
            metadata: meta(&source),
            spec: kv::DataSourceSpec {
                source: kv::DataSourceSource {
                    pvc: PvcSourceSpec {
                        namespace: namespace.to_string(),
                        name: golden,
                    },
                },
            },
        }),
    ];
    objects.into_iter().filter_map(Result::ok).collect()
}

/// The DataVolumes of replica `vm` (as JSON) made from an older disk template: a
/// `dataVolumeTemplates` entry's source (`sourceRef` or `source`) differs from that of the
/// DataVolume of its name in `dvs`. They are deleted before the replica restarts, so that
/// KubeVirt recreates them from the template (a DataVolume's source never changes in place).
pub fn stale_disks(vm: &Value, dvs: &[Value]) -> Vec<String> {
    let mut out = vec![];
    for t in vm
        .pointer("/spec/dataVolumeTemplates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = t.pointer("/metadata/name").and_then(Value::as_str) else {
            continue;
        };
        let Some(dv) = dvs
            .iter()
            .find(|d| d.pointer("/metadata/name").and_then(Value::as_str) == Some(name))
        else {
            continue;
        };
        let differs = ["sourceRef", "source"].iter().any(|k| {
            let want = t.pointer(&format!("/spec/{k}"));
            want.is_some() && want != dv.pointer(&format!("/spec/{k}"))
        });
        if differs {
            out.push(name.to_string());
        }
    }
    out
}

/// Replica `vm`'s target for this roll (None: not a replica of the pool): what the pool
/// controller makes of the roll's template for it, with what the cluster keeps for itself
/// (KubeVirt's defaults on the live VM) left as it is.
pub fn target(roll: &PoolRoll, vm: &Value) -> Option<Value> {
    let spec = json!({
        "virtualMachineTemplate": roll.template,
        "nameGeneration": roll.name_generation,
    });
    let mut t = kv::replica_target(&roll.name, &spec, vm)?;
    crate::gitops::keep_cluster_values(&mut t, vm);
    Some(t)
}

/// The pool as one pass of the driver sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolView {
    pub template: Value,
    /// `spec.updateStrategy` is `unmanaged` alone: the controller leaves replicas alone.
    pub unmanaged: bool,
    /// `spec.replicas`.
    pub replicas: u32,
    /// Replicas that exist and are not being deleted.
    pub existing: u32,
}

impl PoolView {
    /// From the pool (as JSON) and the names of the selected VMs with whether each is being
    /// deleted.
    pub fn read<'a>(pool: &Value, vms: impl IntoIterator<Item = (&'a str, bool)>) -> Self {
        let name = pool_name(pool);
        let strategy = pool.pointer("/spec/updateStrategy");
        let existing = vms
            .into_iter()
            .filter(|(n, deleting)| !deleting && kv::replica_index(&name, n).is_some())
            .count();
        PoolView {
            template: pool
                .pointer("/spec/virtualMachineTemplate")
                .cloned()
                .unwrap_or(Value::Null),
            unmanaged: strategy == Some(&json!({"unmanaged": {}})),
            replicas: pool
                .pointer("/spec/replicas")
                .and_then(Value::as_u64)
                .map_or(1, |r| u32::try_from(r).unwrap_or(u32::MAX)),
            existing: u32::try_from(existing).unwrap_or(u32::MAX),
        }
    }
}

/// What the pool needs before the planner's actions may run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PoolStep {
    /// Write the roll's template and `updateStrategy: {unmanaged: {}}` (one write, so the
    /// controller never sees the new template with a strategy that updates replicas).
    Write,
    /// Set `spec.replicas`: out by the surge first, back to the size at the end.
    Scale(u32),
    /// The controller has not yet created or removed the replicas the size asks for: a
    /// replica appearing after the planner spent the budget would exceed it.
    WaitForReplicas,
}

/// The pool's step this pass; None: the planner's actions go ahead. `finishing`: the plan
/// completes the rollout (every replica done), so the pool returns to its size first.
pub fn step(roll: &PoolRoll, view: &PoolView, finishing: bool) -> Option<PoolStep> {
    if view.template != roll.template || !view.unmanaged {
        return Some(PoolStep::Write);
    }
    let wanted = if finishing {
        roll.replicas
    } else {
        roll.replicas.saturating_add(roll.surge)
    };
    if view.replicas != wanted {
        return Some(PoolStep::Scale(wanted));
    }
    (view.existing != wanted).then_some(PoolStep::WaitForReplicas)
}

/// The pool's template at revision `to`, from the templates recorded as each revision's
/// `before`: the one of the first revision after `to` (and before `until`, the rollback's
/// own revision). None: no such revision is recorded (pruned by the history limit).
pub fn template_at(recorded: &[(u64, Value)], to: u64, until: u64) -> Option<Value> {
    recorded
        .iter()
        .filter(|(r, _)| *r > to && *r < until)
        .min_by_key(|(r, _)| *r)
        .map(|(_, t)| t.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn pool() -> Value {
        json!({
            "apiVersion": "pool.kubevirt.io/v1beta1", "kind": "VirtualMachinePool",
            "metadata": {"name": "web", "namespace": "default"},
            "spec": {
                "replicas": 5,
                "selector": {"matchLabels": {"kubevirt.io/vmpool": "web"}},
                "virtualMachineTemplate": {
                    "metadata": {"labels": {"kubevirt.io/vmpool": "web"}},
                    "spec": {"runStrategy": "Always", "template": {
                        "metadata": {"labels": {"kubevirt.io/vmpool": "web"}},
                        "spec": {"domain": {"memory": {"guest": "2Gi"}}, "volumes": [
                            {"name": "root", "containerDisk": {"image": "web:1"}}]}}}}}})
    }

    fn image(image: &str) -> Change {
        Change {
            image: Some(image.into()),
            ..Change::default()
        }
    }

    #[test]
    fn pool_references_take_kubectls_spellings() {
        assert_eq!(pool_ref("vmpool/web"), Some("web"));
        assert_eq!(
            pool_ref("virtualmachinepools.pool.kubevirt.io/web"),
            Some("web")
        );
        assert_eq!(pool_ref("vmpools/web"), Some("web"));
        assert_eq!(pool_ref("vm/web"), None);
        assert_eq!(pool_ref("web"), None);
        assert_eq!(pool_ref("vmpool/"), None);
        assert_eq!(pool_ref("vmpool/a/b"), None);
    }

    #[test]
    fn the_change_goes_into_the_template_and_the_size_and_surge_are_kept() {
        let mut change = image("web:2");
        change.labels = BTreeMap::from([("tier".to_string(), "front".to_string())]);
        let roll = begin(&pool(), &change, IntOrPercent::Count(1)).unwrap();
        assert_eq!(
            roll.template
                .pointer("/spec/template/spec/volumes/0/containerDisk/image"),
            Some(&json!("web:2"))
        );
        assert_eq!(roll.template["metadata"]["labels"]["tier"], "front");
        assert_eq!(roll.before, pool()["spec"]["virtualMachineTemplate"]);
        assert_eq!((roll.replicas, roll.surge), (5, 1));
        let pct = begin(&pool(), &change, IntOrPercent::Percent(40)).unwrap();
        assert_eq!(pct.surge, 2, "40% of 5, rounded up as a Deployment's surge");
        assert_eq!(selector(&pool()).unwrap(), "kubevirt.io/vmpool=web");
        let mut bare = pool();
        bare["spec"]["selector"] = json!({});
        assert_eq!(selector(&bare), Err(PoolError::NoSelector("web".into())));
        bare["spec"]["virtualMachineTemplate"] = json!({});
        assert!(begin(&bare, &change, IntOrPercent::Count(0)).is_err());
    }

    fn golden_pool() -> Value {
        let mut p = pool();
        p["spec"]["virtualMachineTemplate"]["spec"]["dataVolumeTemplates"] = json!([{
            "metadata": {"name": "web-hard-disk-1"},
            "spec": {"sourceRef": {"kind": "DataSource", "name": "web-hard-disk-1"},
                "storage": {"resources": {"requests": {"storage": "8Gi"}}}}}]);
        p["spec"]["virtualMachineTemplate"]["spec"]["template"]["spec"]["volumes"] =
            json!([{"name": "root", "dataVolume": {"name": "web-hard-disk-1"}}]);
        p
    }

    #[test]
    fn a_new_image_for_cloned_disks_is_a_new_golden_disk() {
        let roll = begin(
            &golden_pool(),
            &image("quay.io/org/web:2"),
            IntOrPercent::Count(0),
        )
        .unwrap();
        let source = roll.template["spec"]["dataVolumeTemplates"][0]["spec"]["sourceRef"]["name"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            source.starts_with("web-hard-disk-1-") && source.len() == "web-hard-disk-1-".len() + 8,
            "{source}"
        );
        assert_eq!(roll.objects.len(), 2);
        let (dv, ds) = (&roll.objects[0], &roll.objects[1]);
        assert_eq!(dv["kind"], "DataVolume");
        assert_eq!(dv["metadata"]["name"], format!("{source}-golden"));
        assert_eq!(dv["metadata"]["namespace"], "default");
        assert_eq!(
            dv["spec"]["source"],
            json!({"registry": {"url": "docker://quay.io/org/web:2"}})
        );
        assert_eq!(
            dv["spec"]["storage"]["resources"]["requests"]["storage"],
            "8Gi"
        );
        assert_eq!(ds["kind"], "DataSource");
        assert_eq!(ds["metadata"]["name"], source.as_str());
        assert_eq!(
            ds["spec"]["source"]["pvc"],
            json!({"namespace": "default", "name": format!("{source}-golden")})
        );
        // The same image again: the same names; an http image imports over http.
        let again = begin(
            &golden_pool(),
            &image("quay.io/org/web:2"),
            IntOrPercent::Count(0),
        )
        .unwrap();
        assert_eq!(again.objects, roll.objects);
        let http = begin(
            &golden_pool(),
            &image("https://img.example.com/web.qcow2"),
            IntOrPercent::Count(0),
        )
        .unwrap();
        assert_eq!(
            http.objects[0]["spec"]["source"],
            json!({"http": {"url": "https://img.example.com/web.qcow2"}})
        );
        // Neither a containerDisk nor a cloned disk: nothing for --set-image to change.
        let mut bare = golden_pool();
        bare["spec"]["virtualMachineTemplate"]["spec"]["dataVolumeTemplates"][0]["spec"] =
            json!({"source": {"blank": {}}});
        assert_eq!(
            begin(&bare, &image("web:2"), IntOrPercent::Count(0)),
            Err(PoolError::NoImage("web".into()))
        );
    }

    #[test]
    fn a_disk_made_from_an_older_template_is_stale() {
        let vm = json!({"spec": {"dataVolumeTemplates": [
            {"metadata": {"name": "root-3"}, "spec": {"sourceRef": {"kind": "DataSource", "name": "new"}}},
            {"metadata": {"name": "data-3"}, "spec": {"source": {"blank": {}}}}]}});
        let dvs = vec![
            json!({"metadata": {"name": "root-3"}, "spec": {"sourceRef": {"kind": "DataSource", "name": "old"}}}),
            json!({"metadata": {"name": "data-3"}, "spec": {"source": {"blank": {}}}}),
        ];
        assert_eq!(stale_disks(&vm, &dvs), vec!["root-3".to_string()]);
        assert!(
            stale_disks(&vm, &dvs[1..]).is_empty(),
            "a missing DataVolume is KubeVirt's to create"
        );
    }

    #[test]
    fn a_pool_manifest_replaces_the_template() {
        let mut new = pool();
        new["spec"]["virtualMachineTemplate"]["spec"]["template"]["spec"]["domain"]["memory"]
            ["guest"] = json!("4Gi");
        let (name, vm) = manifest_as_vm(&new).unwrap();
        let change = Change {
            manifests: BTreeMap::from([(name, vm)]),
            ..Change::default()
        };
        let roll = begin(&pool(), &change, IntOrPercent::Count(0)).unwrap();
        assert_eq!(roll.template, new["spec"]["virtualMachineTemplate"]);
    }

    #[test]
    fn replicas_target_the_new_template() {
        let roll = begin(&pool(), &image("web:2"), IntOrPercent::Count(1)).unwrap();
        let vm = json!({"metadata": {"name": "web-2", "labels": {"kubevirt.io/vmpool": "web"}},
            "spec": {"runStrategy": "Always", "template": {
                "metadata": {"labels": {"kubevirt.io/vmpool": "web"}},
                "spec": {"architecture": "amd64", "domain": {"memory": {"guest": "2Gi"}}, "volumes": [
                    {"name": "root", "containerDisk": {"image": "web:1"}}]}}}});
        let t = target(&roll, &vm).unwrap();
        assert_eq!(
            t["spec"]["template"]["spec"]["volumes"][0]["containerDisk"]["image"],
            "web:2"
        );
        // The cluster's default architecture is kept, not taken away by the roll.
        assert_eq!(t["spec"]["template"]["spec"]["architecture"], "amd64");
        assert!(target(&roll, &json!({"metadata": {"name": "db-0"}})).is_none());
    }

    fn view(roll: &PoolRoll, unmanaged: bool, replicas: u32, existing: u32) -> PoolView {
        PoolView {
            template: roll.template.clone(),
            unmanaged,
            replicas,
            existing,
        }
    }

    #[test]
    fn the_pool_is_written_then_surged_then_rolled_then_sized_back() {
        let roll = begin(&pool(), &image("web:2"), IntOrPercent::Count(1)).unwrap();
        // Template and strategy first, in one write.
        let mut v = view(&roll, false, 5, 5);
        assert_eq!(step(&roll, &v, false), Some(PoolStep::Write));
        v.template = roll.before.clone();
        v.unmanaged = true;
        assert_eq!(step(&roll, &v, false), Some(PoolStep::Write));
        // Then out by the surge, and wait for the controller to create it.
        let v = view(&roll, true, 5, 5);
        assert_eq!(step(&roll, &v, false), Some(PoolStep::Scale(6)));
        let v = view(&roll, true, 6, 5);
        assert_eq!(step(&roll, &v, false), Some(PoolStep::WaitForReplicas));
        // The planner's turn.
        let v = view(&roll, true, 6, 6);
        assert_eq!(step(&roll, &v, false), None);
        // Every replica done: back to 5 before completing, after the controller removed one.
        assert_eq!(step(&roll, &v, true), Some(PoolStep::Scale(5)));
        let v = view(&roll, true, 5, 6);
        assert_eq!(step(&roll, &v, true), Some(PoolStep::WaitForReplicas));
        let v = view(&roll, true, 5, 5);
        assert_eq!(step(&roll, &v, true), None);
    }

    #[test]
    fn the_view_counts_replicas_not_being_deleted() {
        let mut p = pool();
        p["spec"]["updateStrategy"] = json!({"unmanaged": {}});
        let v = PoolView::read(
            &p,
            [
                ("web-0", false),
                ("web-1", true),
                ("web-x", false),
                ("web-2", false),
            ],
        );
        assert_eq!((v.replicas, v.existing, v.unmanaged), (5, 2, true));
        p["spec"]["updateStrategy"] = json!({"unmanaged": {}, "proactive": {}});
        assert!(!PoolView::read(&p, []).unmanaged);
    }

    #[test]
    fn an_undo_returns_to_the_template_recorded_before_the_next_revision() {
        let (a, b, c) = (json!("A"), json!("B"), json!("C"));
        // Revision 1 went A -> B, 2 went B -> C, 3 rolled back to 1 (C -> B).
        let recorded = vec![(1, a.clone()), (2, b.clone()), (3, c)];
        assert_eq!(template_at(&recorded, 1, 3), Some(b.clone()));
        assert_eq!(template_at(&recorded, 0, 3), Some(a));
        // Undo of the rollback: back to revision 2's template (C), recorded as 3's before.
        assert_eq!(template_at(&recorded, 2, 4), Some(json!("C")));
        assert_eq!(template_at(&recorded[..1], 1, 3), None);
    }
}
