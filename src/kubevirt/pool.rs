//! Typed `pool.kubevirt.io/v1beta1` VirtualMachinePool and the CDI DataSource a pool's
//! replicas clone their disks from, limited to the fields this tool sets.
//!
//! Field meanings follow KubeVirt v1.9.0's pool types and its pool controller
//! (`pkg/virt-controller/watch/pool`):
//! - replicas are named `{pool}-{index}`, the lowest free index first; each replica's
//!   `dataVolumeTemplates` names get `-{index}` appended (and the volumes that use them), and
//!   with `nameGeneration.appendIndexToSecretRefs` / `appendIndexToConfigMapRefs` so do the
//!   Secret / ConfigMap names of its cloud-init, sysprep, secret and configMap volumes;
//! - `scaleInStrategy.proactive` (the default) deletes replicas picked by
//!   `selectionPolicy.sortPolicy` (Random when unset); `statePreservation: Offline` keeps
//!   their DataVolumes and PVCs (owner references removed) for a later scale-out;
//! - `autohealing` (present = on) replaces a replica whose VM has failed to start
//!   `startUpFailureThreshold` times in a row (default 3), or whose status has been
//!   CrashLoopBackOff, Unschedulable, ErrImagePull... for `minFailingToStartDuration`
//!   (default 5m) since Ready turned False;
//! - `updateStrategy`: opportunistic updates (the VM object follows the template, the running
//!   VMI changes at its next restart) always happen; `proactive` (the default) also restarts
//!   outdated VMIs, at most `maxUnavailable` (default 100%) not ready at once; `unmanaged`
//!   leaves replicas alone.
//!
//! The embedded VM spec (`virtualMachineTemplate.spec`) is the generator's own
//! `VirtualMachine` spec (typed in `objects`), carried as the JSON it serialised to.

use super::objects::{Empty, ObjectMeta, PvcSourceSpec, TemplateMeta};
use serde::Serialize;
use std::collections::BTreeMap;

pub const POOL_API_VERSION: &str = "pool.kubevirt.io/v1beta1";
pub const POOL_KIND: &str = "VirtualMachinePool";
/// The label that selects a pool's replicas (on the VMs, and on their VMIs and virt-launcher
/// pods through the VMI template), as KubeVirt's own examples spell it.
pub const POOL_LABEL: &str = "kubevirt.io/vmpool";
pub const CDI_API_VERSION: &str = "cdi.kubevirt.io/v1beta1";

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VirtualMachinePool {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: VirtualMachinePoolSpec,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct VirtualMachinePoolSpec {
    pub replicas: u32,
    pub selector: LabelSelector,
    pub virtual_machine_template: PoolVmTemplate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrPercent>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_generation: Option<NameGeneration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scale_in_strategy: Option<ScaleInStrategy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub update_strategy: Option<UpdateStrategy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub autohealing: Option<Autohealing>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    pub match_labels: BTreeMap<String, String>,
}

/// `spec.virtualMachineTemplate`: the replicas' VM labels and annotations, and their spec.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PoolVmTemplate {
    pub metadata: TemplateMeta,
    pub spec: serde_json::Value,
}

/// An int-or-string of a count or a percentage (`2`, `"25%"`).
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(untagged)]
pub enum IntOrPercent {
    Count(u32),
    Percent(String),
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct NameGeneration {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub append_index_to_config_map_refs: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub append_index_to_secret_refs: Option<bool>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct ScaleInStrategy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proactive: Option<ProactiveScaleIn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opportunistic: Option<OpportunisticScaleIn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmanaged: Option<Empty>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProactiveScaleIn {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_policy: Option<SelectionPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_preservation: Option<StatePreservation>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OpportunisticScaleIn {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_preservation: Option<StatePreservation>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct SelectionPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_policy: Option<SortPolicy>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selectors: Option<PoolSelectors>,
}

/// `selectionPolicy.selectors`: only replicas whose VMI template labels match are picked.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PoolSelectors {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_selector: Option<LabelSelector>,
}

/// Which replicas go first (`VirtualMachinePoolSortPolicy`); ordinals are the `-{index}`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum SortPolicy {
    AscendingOrder,
    DescendingOrder,
    Newest,
    Oldest,
    Random,
}

/// What survives a replica removed by scale-in.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum StatePreservation {
    /// Everything is deleted (KubeVirt's default).
    Disabled,
    /// The replica's DataVolumes and PVCs are kept and reused by a later scale-out.
    Offline,
    /// Disks and memory are kept.
    Online,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct UpdateStrategy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proactive: Option<ProactiveUpdate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opportunistic: Option<Empty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmanaged: Option<Empty>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ProactiveUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection_policy: Option<SelectionPolicy>,
}

/// `spec.autohealing`; present (even `{}`) switches healing on.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Autohealing {
    /// A Go duration (`5m0s`, `90s`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_failing_to_start_duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_up_failure_threshold: Option<u32>,
}

/// A pool replica's `dataVolumeTemplates` entry: a clone of the golden disk through a
/// DataSource (`sourceRef`), so the template names no namespace.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CloneTemplate {
    pub metadata: ObjectMeta,
    pub spec: CloneSpec,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CloneSpec {
    pub source_ref: DataSourceRef,
    /// The golden VM's `storage` (or, for a live VM written with it, `pvc`) of that disk,
    /// carried over as JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pvc: Option<serde_json::Value>,
}

/// `spec.sourceRef` of a DataVolume; CDI supports only `kind: DataSource`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataSourceRef {
    pub kind: &'static str,
    pub name: String,
}

/// A standalone CDI DataVolume: the golden disk, imported or uploaded once. Its spec is the
/// generated VM's own `dataVolumeTemplates[].spec`, carried over as JSON.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DataVolume {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: serde_json::Value,
}

/// `cdi.kubevirt.io/v1beta1` DataSource: a stable name for the golden PVC that replicas
/// clone from.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DataSource {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub metadata: ObjectMeta,
    pub spec: DataSourceSpec,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataSourceSpec {
    pub source: DataSourceSource,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DataSourceSource {
    pub pvc: PvcSourceSpec,
}

/// `kubevirt.io/vm-pool-revision-name`: the pool revision (`{pool}-{generation}`) a replica
/// (and, on its VMI template, its VMI) was made from. The pool controller compares it to
/// decide which replicas are outdated; the plugin's rolls leave it as the controller set it.
pub const REVISION_LABEL: &str = "kubevirt.io/vm-pool-revision-name";

/// The replica spec `indexVMSpec` makes from a pool's spec (`pool_spec`, as JSON) for
/// `index`: `-{index}` appended to the `dataVolumeTemplates` names and to the volumes that use
/// them, and, with `nameGeneration.appendIndexToSecretRefs` / `appendIndexToConfigMapRefs`, to
/// the Secret / ConfigMap names of cloud-init, sysprep, secret and configMap volumes.
pub fn index_vm_spec(pool_spec: &serde_json::Value, index: u64) -> serde_json::Value {
    use serde_json::Value;
    let mut spec = pool_spec
        .pointer("/virtualMachineTemplate/spec")
        .cloned()
        .unwrap_or_else(|| serde_json::json!({}));
    let suffix = format!("-{index}");
    let mut renamed = Vec::new();
    for dv in spec
        .get_mut("dataVolumeTemplates")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(old) = dv.pointer("/metadata/name").and_then(Value::as_str) {
            let old = old.to_string();
            dv["metadata"]["name"] = Value::String(format!("{old}{suffix}"));
            renamed.push(old);
        }
    }
    let flag =
        |k: &str| pool_spec.pointer(&format!("/nameGeneration/{k}")) == Some(&Value::Bool(true));
    let mut refs: Vec<&str> = vec![];
    if flag("appendIndexToConfigMapRefs") {
        refs.extend(["/configMap/name", "/sysprep/configMap/name"]);
    }
    if flag("appendIndexToSecretRefs") {
        refs.extend([
            "/secret/secretName",
            "/cloudInitNoCloud/secretRef/name",
            "/cloudInitNoCloud/networkDataSecretRef/name",
            "/cloudInitConfigDrive/secretRef/name",
            "/cloudInitConfigDrive/networkDataSecretRef/name",
            "/sysprep/secret/name",
        ]);
    }
    for volume in spec
        .pointer_mut("/template/spec/volumes")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for p in ["/dataVolume/name", "/persistentVolumeClaim/claimName"] {
            if let Some(v) = volume.pointer_mut(p) {
                if let Some(old) = v.as_str().filter(|n| renamed.iter().any(|r| r == n)) {
                    *v = Value::String(format!("{old}{suffix}"));
                }
            }
        }
        for p in &refs {
            if let Some(v) = volume.pointer_mut(p) {
                if let Some(old) = v.as_str() {
                    *v = Value::String(format!("{old}{suffix}"));
                }
            }
        }
    }
    spec
}

/// The index of replica `vm` of pool `pool` (`web-3` of `web` -> 3); None for a VM that is
/// not named as the pool controller names its replicas.
pub fn replica_index(pool: &str, vm: &str) -> Option<u64> {
    let rest = vm.strip_prefix(pool)?.strip_prefix('-')?;
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok()
}

/// Replica `vm` (a live VirtualMachine, as JSON) as the pool controller's update writes it
/// from the pool's spec `pool_spec` (as `opportunistic` updates do): the indexed template
/// spec, the replica's firmware UUID and serial kept (its identity), the template's labels and
/// annotations set over the VM's own, and the revision label left as the controller set it
/// (on the VM and on its VMI template). None: `vm` is not a replica of pool `pool`.
pub fn replica_target(
    pool: &str,
    pool_spec: &serde_json::Value,
    vm: &serde_json::Value,
) -> Option<serde_json::Value> {
    use serde_json::Value;
    let index = replica_index(pool, vm.pointer("/metadata/name")?.as_str()?)?;
    let mut t = vm.clone();
    let mut spec = index_vm_spec(pool_spec, index);
    for key in ["uuid", "serial"] {
        let p = format!("/spec/template/spec/domain/firmware/{key}");
        if let Some(v) = vm.pointer(&p) {
            spec["template"]["spec"]["domain"]["firmware"][key] = v.clone();
        }
    }
    let revision_label = format!(
        "/spec/template/metadata/labels/{}",
        REVISION_LABEL.replace('/', "~1")
    );
    match vm.pointer(&revision_label) {
        Some(r) => spec["template"]["metadata"]["labels"][REVISION_LABEL] = r.clone(),
        None => {
            if let Some(l) = spec
                .pointer_mut("/template/metadata/labels")
                .and_then(Value::as_object_mut)
            {
                l.remove(REVISION_LABEL);
            }
        }
    }
    t["spec"] = spec;
    for k in ["labels", "annotations"] {
        let mut merged = vm
            .pointer(&format!("/metadata/{k}"))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        for (a, b) in pool_spec
            .pointer(&format!("/virtualMachineTemplate/metadata/{k}"))
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if a != REVISION_LABEL {
                merged.insert(a.clone(), b.clone());
            }
        }
        t["metadata"][k] = Value::Object(merged);
    }
    Some(t)
}

/// The replica VMs KubeVirt's pool controller makes for a created `pool` (a
/// VirtualMachinePool as JSON): `{pool}-{index}` for indices `0..spec.replicas`, each with
/// its spec indexed as [`index_vm_spec`] does. A client can then follow the replicas it asked
/// for (`pool create --wait`) before the controller has made them. Not a pool: nothing.
pub fn replica_vms(pool: &serde_json::Value) -> Vec<serde_json::Value> {
    if pool["kind"] != POOL_KIND {
        return Vec::new();
    }
    let (Some(name), Some(replicas)) = (
        pool["metadata"]["name"].as_str(),
        pool["spec"]["replicas"].as_u64(),
    ) else {
        return Vec::new();
    };
    (0..replicas)
        .map(|index| {
            serde_json::json!({
                "apiVersion": "kubevirt.io/v1",
                "kind": "VirtualMachine",
                "metadata": {"name": format!("{name}-{index}"), "namespace": pool["metadata"]["namespace"]},
                "spec": index_vm_spec(&pool["spec"], index),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn replicas_are_named_by_index_with_their_disks() {
        let pool = json!({
            "kind": "VirtualMachinePool",
            "metadata": {"name": "web", "namespace": "shop"},
            "spec": {"replicas": 2, "virtualMachineTemplate": {"spec": {
                "runStrategy": "Always",
                "dataVolumeTemplates": [{"metadata": {"name": "web-root"}}],
                "template": {"spec": {"volumes": [
                    {"name": "root", "dataVolume": {"name": "web-root"}},
                    {"name": "ci", "cloudInitNoCloud": {"userData": "x"}}
                ]}}
            }}}
        });
        let vms = replica_vms(&pool);
        assert_eq!(vms.len(), 2);
        assert_eq!(
            vms[1]["metadata"],
            json!({"name": "web-1", "namespace": "shop"})
        );
        assert_eq!(
            vms[1]["spec"]["dataVolumeTemplates"][0]["metadata"]["name"],
            "web-root-1"
        );
        assert_eq!(
            vms[1]["spec"]["template"]["spec"]["volumes"][0]["dataVolume"]["name"],
            "web-root-1"
        );
        assert_eq!(vms[0]["spec"]["runStrategy"], "Always");
        assert!(replica_vms(&json!({"kind": "VirtualMachine"})).is_empty());
    }

    #[test]
    fn a_replica_target_follows_the_template_and_keeps_its_identity() {
        let spec = json!({
        "nameGeneration": {"appendIndexToSecretRefs": true},
        "virtualMachineTemplate": {
            "metadata": {"labels": {"app": "web", "tier": "2"}},
            "spec": {"runStrategy": "Always", "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {"domain": {"cpu": {"sockets": 2}}, "volumes": [
                    {"name": "root", "containerDisk": {"image": "web:2"}},
                    {"name": "ci", "cloudInitNoCloud": {"secretRef": {"name": "web-ci"}}}
                ]}}}}});
        let vm = json!({
        "metadata": {"name": "web-3", "resourceVersion": "7",
            "labels": {"app": "web", REVISION_LABEL: "web-1", "own": "x"}},
        "spec": {"runStrategy": "Always", "template": {
            "metadata": {"labels": {"app": "web", REVISION_LABEL: "web-1"}},
            "spec": {"domain": {"cpu": {"sockets": 1}, "firmware": {"uuid": "u-3", "serial": "s-3"}},
                "volumes": [
                    {"name": "root", "containerDisk": {"image": "web:1"}},
                    {"name": "ci", "cloudInitNoCloud": {"secretRef": {"name": "web-ci-3"}}}
                ]}}}});
        let t = replica_target("web", &spec, &vm).unwrap();
        let tpl = &t["spec"]["template"];
        assert_eq!(tpl["spec"]["volumes"][0]["containerDisk"]["image"], "web:2");
        assert_eq!(
            tpl["spec"]["volumes"][1]["cloudInitNoCloud"]["secretRef"]["name"],
            "web-ci-3"
        );
        assert_eq!(
            tpl["spec"]["domain"]["firmware"],
            json!({"uuid": "u-3", "serial": "s-3"})
        );
        assert_eq!(tpl["spec"]["domain"]["cpu"]["sockets"], 2);
        assert_eq!(tpl["metadata"]["labels"][REVISION_LABEL], "web-1");
        assert_eq!(
            t["metadata"]["labels"],
            json!({"app": "web", REVISION_LABEL: "web-1", "own": "x", "tier": "2"})
        );
        assert_eq!(t["metadata"]["resourceVersion"], "7");
        // Not a replica of this pool.
        assert!(replica_target("web", &spec, &json!({"metadata": {"name": "web-x"}})).is_none());
        assert!(replica_target("web", &spec, &json!({"metadata": {"name": "webby-1"}})).is_none());
        assert_eq!(replica_index("web", "web-12"), Some(12));
        assert_eq!(replica_index("web-a", "web-a-0"), Some(0));
    }

    /// Every key of `value` names a property of `schema` (down to a node that preserves
    /// unknown fields, such as the embedded VM template), and every `enum` holds: a
    /// misspelt field here fails instead of being pruned by the API server.
    fn keys_in_schema(value: &Value, schema: &Value, path: &str, problems: &mut Vec<String>) {
        if schema["x-kubernetes-preserve-unknown-fields"] == true {
            return;
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                problems.push(format!("{path}: {value} not in {allowed:?}"));
            }
        }
        match value {
            // A bare `type: object` (the root's metadata) is checked by the API server's
            // own ObjectMeta rules, not by the CRD schema.
            Value::Object(_)
                if schema.get("properties").is_none()
                    && schema.get("additionalProperties").is_none() => {}
            Value::Object(map) => {
                for (key, child) in map {
                    let sub = match schema.get("additionalProperties") {
                        Some(values) => values,
                        None => &schema["properties"][key],
                    };
                    if sub.is_null() {
                        problems.push(format!("{path}.{key}: not in the schema"));
                    } else {
                        keys_in_schema(child, sub, &format!("{path}.{key}"), problems);
                    }
                }
                if let Some(required) = schema["required"].as_array() {
                    for key in required.iter().filter_map(Value::as_str) {
                        if !map.contains_key(key) {
                            problems.push(format!("{path}: required {key} missing"));
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    keys_in_schema(item, &schema["items"], &format!("{path}[{i}]"), problems);
                }
            }
            _ => {}
        }
    }

    fn upstream_pool_schema(test: &str) -> Option<Value> {
        let path = crate::test_shared::require_shared(test)?
            .join("schemas/kubevirt-v1.9.0/crd-validation/virtualmachinepool.yaml");
        let bytes = crate::files::read_limited(&path, 16 << 20).expect("upstream pool schema");
        let text = String::from_utf8(bytes).expect("schema is UTF-8");
        let doc: Value = serde_saphyr::from_str(&text).expect("schema is YAML");
        Some(doc["openAPIV3Schema"].clone())
    }

    fn every_field_pool() -> VirtualMachinePool {
        let policy = SelectionPolicy {
            sort_policy: Some(SortPolicy::Newest),
            selectors: Some(PoolSelectors {
                label_selector: Some(LabelSelector {
                    match_labels: [("tier".to_string(), "canary".to_string())].into(),
                }),
            }),
        };
        VirtualMachinePool {
            api_version: POOL_API_VERSION,
            kind: POOL_KIND,
            metadata: ObjectMeta {
                name: "web".into(),
                ..Default::default()
            },
            spec: VirtualMachinePoolSpec {
                replicas: 5,
                selector: LabelSelector {
                    match_labels: [(POOL_LABEL.to_string(), "web".to_string())].into(),
                },
                virtual_machine_template: PoolVmTemplate {
                    metadata: TemplateMeta::default(),
                    spec: json!({"runStrategy": "Always", "template": {"spec": {
                        "domain": {"devices": {"disks": []}}}}}),
                },
                paused: Some(false),
                max_unavailable: Some(IntOrPercent::Percent("25%".into())),
                name_generation: Some(NameGeneration {
                    append_index_to_config_map_refs: Some(true),
                    append_index_to_secret_refs: Some(true),
                }),
                scale_in_strategy: Some(ScaleInStrategy {
                    proactive: Some(ProactiveScaleIn {
                        selection_policy: Some(policy.clone()),
                        state_preservation: Some(StatePreservation::Offline),
                    }),
                    opportunistic: Some(OpportunisticScaleIn {
                        state_preservation: Some(StatePreservation::Disabled),
                    }),
                    unmanaged: Some(Empty {}),
                }),
                update_strategy: Some(UpdateStrategy {
                    proactive: Some(ProactiveUpdate {
                        selection_policy: Some(policy),
                    }),
                    opportunistic: Some(Empty {}),
                    unmanaged: Some(Empty {}),
                }),
                autohealing: Some(Autohealing {
                    min_failing_to_start_duration: Some("5m0s".into()),
                    start_up_failure_threshold: Some(3),
                }),
            },
        }
    }

    #[test]
    fn every_field_of_the_pool_is_in_the_upstream_schema() {
        let Some(schema) =
            upstream_pool_schema("every_field_of_the_pool_is_in_the_upstream_schema")
        else {
            return;
        };
        let value = serde_json::to_value(every_field_pool()).expect("serialises");
        let mut problems = Vec::new();
        keys_in_schema(&value, &schema, "", &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn the_schema_check_reports_a_misspelt_field_and_a_bad_enum() {
        // The check above can fail: a field the schema lacks and a value outside an enum.
        let Some(schema) =
            upstream_pool_schema("the_schema_check_reports_a_misspelt_field_and_a_bad_enum")
        else {
            return;
        };
        let mut value = serde_json::to_value(every_field_pool()).expect("serialises");
        value["spec"]["scaleInStrategy"]["proactive"]["statePreservation"] = json!("Kept");
        value["spec"]["autoHealing"] = json!({});
        let mut problems = Vec::new();
        keys_in_schema(&value, &schema, "", &mut problems);
        assert_eq!(problems.len(), 2, "{problems:#?}");
    }

    #[test]
    fn counts_and_percentages_serialise_as_kubernetes_int_or_string() {
        assert_eq!(
            serde_json::to_value(IntOrPercent::Count(2)).unwrap(),
            json!(2)
        );
        assert_eq!(
            serde_json::to_value(IntOrPercent::Percent("25%".into())).unwrap(),
            json!("25%")
        );
    }
}
