//! How a rollout lives in the cluster, so that a killed client resumes and another machine
//! sees the same picture:
//! - a `coordination.k8s.io/v1` Lease named after the rollout holds it (one client at a
//!   time) and carries the spec, the revision and the rollout-wide state in annotations;
//! - a `apps/v1` ControllerRevision per rollout revision records the change and its cause
//!   (as StatefulSets record templates), and one per touched VM keeps its previous object
//!   for rollback;
//! - per-VM annotations record each VM's progress (`vmmigrate.io/rollout-phase`) and the
//!   revision it was brought to (`vmmigrate.io/rollout-revision`).

use super::planner::{Millis, Progress, RolloutSpec, RolloutState};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub const ANN_PHASE: &str = "vmmigrate.io/rollout-phase";
pub const ANN_REVISION: &str = "vmmigrate.io/rollout-revision";
/// The rollout that touched the VM (the Lease's name).
pub const ANN_ROLLOUT: &str = "vmmigrate.io/rollout-name";
/// VMI uid seen when a restart was asked: the restart took effect once the uid differs.
pub const ANN_VMI: &str = "vmmigrate.io/rollout-vmi-uid";
/// `<VMI uid> <ms>`: when the client that marked the VM updated first saw that VMI Ready,
/// so that another client (`roll status`) counts its min-ready from the same instant.
pub const ANN_READY_SINCE: &str = "vmmigrate.io/rollout-ready-since";
/// On a replacement VM: the name of the VM it replaces.
pub const ANN_SLOT: &str = "vmmigrate.io/rollout-slot";
/// On a VM's previous object: kept before the VM's turn (the next wave's, while the budget
/// held it back). Removed once the VM's update is written; while it is there, the object
/// counts for an undo only if the VM shows that revision's update.
pub const ANN_KEPT_AHEAD: &str = "vmmigrate.io/rollout-kept-ahead";
pub const ANN_SPEC: &str = "vmmigrate.io/rollout-spec";
pub const ANN_STATE: &str = "vmmigrate.io/rollout-state";
pub const ANN_CHANGE: &str = "vmmigrate.io/rollout-change";
pub const ANN_STATUS: &str = "vmmigrate.io/rollout-status";
pub const LABEL_ROLLOUT: &str = "vmmigrate.io/rollout";
/// On a replacement VM: the name of the VM the line of replacements started from, so that
/// selecting VMs by name (`roll web-1`) still finds `web-1` after it was replaced.
pub const LABEL_INSTANCE: &str = "vmmigrate.io/instance";
/// On a replacement VM: how many replacements its line has had (`web-1-r2` is the second).
pub const LABEL_GENERATION: &str = "vmmigrate.io/instance-generation";

/// The name of a VM's replacement, and the instance and generation labels it carries.
/// Deterministic in the old VM alone, so a client that resumes after a kill picks the same
/// name; unique across rollouts, since the generation only grows; within the 63 characters
/// of a DNS label however long the original name.
pub fn replacement_name(
    old_name: &str,
    labels: &std::collections::BTreeMap<String, String>,
) -> (String, String, u64) {
    let instance = labels
        .get(LABEL_INSTANCE)
        .cloned()
        .unwrap_or_else(|| old_name.to_string());
    let generation = labels
        .get(LABEL_GENERATION)
        .and_then(|g| g.parse::<u64>().ok())
        .unwrap_or(0)
        .saturating_add(1);
    let suffix = format!("-r{generation}");
    let mut base: String = instance
        .chars()
        .take(63usize.saturating_sub(suffix.len()))
        .collect();
    // A cut name must still end in an alphanumeric character.
    while base.ends_with(['-', '.']) {
        base.pop();
    }
    (format!("{base}{suffix}"), instance, generation)
}

/// Revisions kept by default, as a Deployment's `revisionHistoryLimit`.
pub const REVISION_HISTORY_LIMIT: u32 = 10;

/// The rollout-wide status word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Progressing,
    Paused,
    Complete,
    Failed,
    RollingBack,
    RolledBack,
    Aborted,
}

/// What `roll` changes on every selected VM. Applying it twice changes nothing more, so
/// a resumed rollout recomputes each VM's target from the VM itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_sockets: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instancetype: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// JSON merge patch of `spec.template`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_patch: Option<Value>,
    /// Whole VirtualMachine manifests by name (`-f`): they replace the VM's spec, labels and
    /// annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub manifests: BTreeMap<String, Value>,
}

impl Change {
    pub fn is_empty(&self) -> bool {
        *self == Change::default()
    }

    /// The VM as it should be: `vm` with the change applied (metadata the server owns is
    /// left as it is).
    pub fn target(&self, vm: &Value) -> Value {
        let mut t = vm.clone();
        let name = vm
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("");
        if let Some(m) = self.manifests.get(name) {
            if let Some(spec) = m.get("spec") {
                t["spec"] = spec.clone();
                // What KubeVirt filled in stays: a manifest from Git never holds it.
                crate::gitops::keep_cluster_values(&mut t, vm);
            }
            for k in ["labels", "annotations"] {
                let mut merged = vm
                    .pointer(&format!("/metadata/{k}"))
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                if let Some(o) = m
                    .pointer(&format!("/metadata/{k}"))
                    .and_then(Value::as_object)
                {
                    for (a, b) in o {
                        merged.insert(a.clone(), b.clone());
                    }
                }
                t["metadata"][k] = Value::Object(merged);
            }
        }
        if let Some(p) = &self.template_patch {
            let mut tpl = t.pointer("/spec/template").cloned().unwrap_or(json!({}));
            merge_patch(&mut tpl, p);
            t["spec"]["template"] = tpl;
        }
        let spec = t.pointer_mut("/spec/template/spec");
        if let Some(spec) = spec {
            if let Some(m) = &self.memory {
                spec["domain"]["memory"]["guest"] = json!(m);
                // A memory request set for the old size would now be wrong; KubeVirt derives
                // it from guest memory when absent.
                if let Some(r) = spec
                    .pointer_mut("/domain/resources/requests")
                    .and_then(Value::as_object_mut)
                {
                    r.remove("memory");
                }
            }
            if let Some(c) = self.cpu_sockets {
                spec["domain"]["cpu"]["sockets"] = json!(c);
            }
            if let Some(img) = &self.image {
                if let Some(vols) = spec.get_mut("volumes").and_then(Value::as_array_mut) {
                    for v in vols.iter_mut() {
                        if let Some(cd) = v.get_mut("containerDisk") {
                            cd["image"] = json!(img);
                        }
                    }
                }
            }
        }
        if let Some(it) = &self.instancetype {
            t["spec"]["instancetype"] = json!({"name": it});
        }
        for (k, v) in &self.labels {
            t["metadata"]["labels"][k] = json!(v);
        }
        for (k, v) in &self.annotations {
            t["metadata"]["annotations"][k] = json!(v);
        }
        t
    }
}

/// RFC 7386 JSON merge patch.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = json!({});
            }
            if let Some(t) = target.as_object_mut() {
                for (k, v) in p {
                    if v.is_null() {
                        t.remove(k);
                    } else {
                        merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                    }
                }
            }
        }
        _ => *target = patch.clone(),
    }
}

/// The rollout's name: stable for the same namespace and selection, so re-running the same
/// command (or `status` from another machine) finds the same rollout.
pub fn rollout_name(namespace: &str, selector: Option<&str>, names: &[String]) -> String {
    let mut sorted = names.to_vec();
    sorted.sort();
    let key = json!({"ns": namespace, "selector": selector, "names": sorted}).to_string();
    format!("vmmigrate-roll-{}", &short_hash(&key)[..10])
}

/// Hex SHA-256 of a string.
pub fn short_hash(s: &str) -> String {
    crate::hex::encode(&Sha256::digest(s.as_bytes()))
}

/// The VM's revision hash: the canonical JSON (sorted keys) of its template and its
/// instancetype and preference references.
pub fn revision_hash(vm: &Value) -> String {
    let part = json!({
        "template": vm.pointer("/spec/template"),
        "instancetype": vm.pointer("/spec/instancetype"),
        "preference": vm.pointer("/spec/preference"),
    });
    short_hash(&canonical(&part))[..16].to_string()
}

/// JSON with object keys sorted at every level.
pub fn canonical(v: &Value) -> String {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(o) => {
                let m: BTreeMap<&String, Value> = o.iter().map(|(k, v)| (k, sort(v))).collect();
                Value::Object(m.into_iter().map(|(k, v)| (k.clone(), v)).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            x => x.clone(),
        }
    }
    sort(v).to_string()
}

/// A VM's progress from its annotations; a VM stamped by another rollout (or by none)
/// is Idle for this one.
pub fn read_progress(
    annotations: &BTreeMap<String, String>,
    rollout: &str,
    revision: u64,
) -> Progress {
    let ours = annotations.get(ANN_ROLLOUT).map(String::as_str) == Some(rollout)
        && annotations
            .get(ANN_REVISION)
            .and_then(|r| r.parse::<u64>().ok())
            == Some(revision);
    if !ours {
        return Progress::Idle;
    }
    annotations
        .get(ANN_PHASE)
        .and_then(|p| serde_json::from_str(p).ok())
        .unwrap_or(Progress::Idle)
}

/// The annotations that record `progress` for this rollout revision.
pub fn progress_annotations(rollout: &str, revision: u64, progress: &Progress) -> Value {
    json!({
        ANN_ROLLOUT: rollout,
        ANN_REVISION: revision.to_string(),
        ANN_PHASE: serde_json::to_string(progress).unwrap_or_default(),
    })
}

/// Everything the Lease carries about the rollout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutRecord {
    pub revision: u64,
    pub status: Status,
    pub spec: RolloutSpec,
    pub state: RolloutState,
    pub change: Change,
    pub selector: Option<String>,
    pub names: Vec<String>,
    pub cause: String,
    /// Why it stopped, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub started_ms: Millis,
    /// While rolling back: the revision the VMs return to (absent in records written
    /// before `undo --to-revision`: the one before the rolled-back revision).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback_to: Option<u64>,
    /// Health probe a VMI must pass, besides Ready and AgentConnected, to count as Ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<super::probe::Probe>,
    /// Revisions kept (`--revision-history-limit`); absent in records written before it
    /// existed: [`REVISION_HISTORY_LIMIT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<u32>,
    /// A pool roll (`roll vmpool/NAME`): the pool and its template, size and surge; absent
    /// for a fleet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool: Option<super::pool::PoolRoll>,
}

impl RolloutRecord {
    /// The revision a rollback returns the VMs to.
    pub fn rollback_target(&self) -> u64 {
        self.rollback_to
            .unwrap_or_else(|| self.revision.saturating_sub(2))
    }
}

#[cfg(test)]
mod replacement_name_tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn generations_grow_from_the_original_name_and_fit_a_dns_label() {
        let none = BTreeMap::new();
        assert_eq!(
            replacement_name("web-1", &none),
            ("web-1-r1".into(), "web-1".into(), 1)
        );
        let first: BTreeMap<String, String> = [
            (LABEL_INSTANCE.to_string(), "web-1".to_string()),
            (LABEL_GENERATION.to_string(), "1".to_string()),
        ]
        .into();
        assert_eq!(
            replacement_name("web-1-r1", &first),
            ("web-1-r2".into(), "web-1".into(), 2)
        );
        let long = format!("{}-x", "a".repeat(62));
        let (n, instance, _) = replacement_name(&long, &none);
        assert!(n.len() <= 63 && n.ends_with("-r1"), "{n}");
        assert_eq!(instance, long);
        let dashed = format!("{}-{}", "a".repeat(59), "bcd");
        let (n, _, _) = replacement_name(&dashed, &none);
        assert_eq!(n, format!("{}-r1", "a".repeat(59)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_is_idempotent_and_targets_the_template() {
        let vm = json!({"metadata": {"name": "a", "labels": {"app": "web"}},
            "spec": {"template": {"spec": {"domain": {"memory": {"guest": "1Gi"}, "cpu": {"sockets": 1}},
                "volumes": [{"name": "root", "containerDisk": {"image": "img:1"}}]}}}});
        let c = Change {
            memory: Some("2Gi".into()),
            image: Some("img:2".into()),
            labels: BTreeMap::from([("tier".to_string(), "gold".to_string())]),
            template_patch: Some(json!({"metadata": {"labels": {"x": "y"}}})),
            ..Change::default()
        };
        let t = c.target(&vm);
        assert_eq!(
            t.pointer("/spec/template/spec/domain/memory/guest"),
            Some(&json!("2Gi"))
        );
        assert_eq!(
            t.pointer("/spec/template/spec/volumes/0/containerDisk/image"),
            Some(&json!("img:2"))
        );
        assert_eq!(t.pointer("/metadata/labels/tier"), Some(&json!("gold")));
        assert_eq!(
            t.pointer("/spec/template/metadata/labels/x"),
            Some(&json!("y"))
        );
        assert_eq!(c.target(&t), t, "applying twice changes nothing more");
    }

    #[test]
    fn revision_hash_ignores_key_order_and_metadata() {
        let a =
            json!({"metadata": {"name": "a"}, "spec": {"template": {"spec": {"x": 1, "y": 2}}}});
        let b =
            json!({"metadata": {"name": "b"}, "spec": {"template": {"spec": {"y": 2, "x": 1}}}});
        assert_eq!(revision_hash(&a), revision_hash(&b));
        let c = json!({"spec": {"template": {"spec": {"y": 3, "x": 1}}}});
        assert_ne!(revision_hash(&a), revision_hash(&c));
    }

    #[test]
    fn progress_round_trips_and_other_rollouts_are_idle() {
        let p = Progress::Updating {
            level: super::super::ladder::Level::Restart,
            since: 42,
        };
        let ann: BTreeMap<String, String> =
            serde_json::from_value(progress_annotations("r1", 2, &p)).unwrap_or_default();
        assert_eq!(read_progress(&ann, "r1", 2), p);
        assert_eq!(read_progress(&ann, "r1", 3), Progress::Idle);
        assert_eq!(read_progress(&ann, "r2", 2), Progress::Idle);
        assert_eq!(merge_patch_result(), json!({"a": {"c": 3}}));
        assert!(rollout_name("ns", Some("app=web"), &[]).starts_with("vmmigrate-roll-"));
    }

    fn merge_patch_result() -> Value {
        let mut v = json!({"a": {"b": 1}});
        merge_patch(&mut v, &json!({"a": {"b": null, "c": 3}}));
        v
    }
}
