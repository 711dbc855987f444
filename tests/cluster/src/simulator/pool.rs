//! The VirtualMachinePool controller of KubeVirt v1.9.0 (`pkg/virt-controller/watch/pool`),
//! played through the API like the rest of the simulator. Each pass, for every pool whose
//! selector matches its template labels:
//!
//! - autohealing (when `spec.autohealing` is set): a replica whose VM has failed to start
//!   `startUpFailureThreshold` times in a row (default 3; counted here from its Failed VMIs,
//!   which is what virt-controller's `status.startFailure.consecutiveFailCount` counts), or
//!   has shown CrashLoopBackOff, Unschedulable, DataVolumeError, ErrImagePull or
//!   ImagePullBackOff for `minFailingToStartDuration` (default 5m), is removed as a scale-in
//!   removes it; the scale-out that follows reprovisions it. As upstream, healing is bounded
//!   by the controller's burst (250), not by `maxUnavailable`;
//! - scaling (unless `paused`): replicas `{pool}-{index}` at the lowest free indices, with the
//!   template's labels and annotations, the revision label `kubevirt.io/vm-pool-revision-name`
//!   (`{pool}-{generation}`) on the VM and its VMI template, an owner reference to the pool,
//!   `-{index}` on DataVolume templates and (with `nameGeneration`) Secret/ConfigMap
//!   references; proactive scale-in by `selectionPolicy` (Random, Oldest, Newest, ordinal;
//!   `selectors.labelSelector` on the VMI template labels), with `statePreservation` Offline
//!   or Online keeping the replica's DataVolumes and PVCs (its owner references removed);
//! - updates once the scale is stable (unless `updateStrategy.unmanaged`): an outdated VM
//!   takes the new template (firmware UUID and serial kept); with the proactive strategy (the
//!   default) an outdated VMI is restarted (its VMI deleted; the VM recreates it), or the VM
//!   deleted when its DataVolume templates changed, or only relabelled when the VMI template
//!   did not change, never more than `maxUnavailable` (default 100%) not ready at once;
//! - status: `replicas`, `readyReplicas`, `labelSelector` (what the scale subresource and an
//!   HPA read) and the `ReplicaPaused` condition.
//!
//! Not emulated: ControllerRevision objects (the revisions' templates are kept in memory, by
//! name), the pool and VM finalizers, opportunistic scale-in (state preservation of VMs
//! deleted by users) and event recording. State preservation removes the owner references
//! before deleting the VM, where virt-controller deletes first: the emulator's garbage
//! collector is synchronous and would take the disks before the second request.

use super::*;
use crate::util::PointerAt;
use kube::ResourceExt;

/// `kubevirt.io/vm-pool-revision-name`: the pool revision a VM (and its VMI) was made from.
pub const REVISION_LABEL: &str = "kubevirt.io/vm-pool-revision-name";
const POOL_API_VERSION: &str = "pool.kubevirt.io/v1beta1";
const POOL_KIND: &str = "VirtualMachinePool";
/// virt-controller's `--burst-replicas` default.
const BURST: usize = 250;

/// What the pool controller remembers between passes.
#[derive(Default)]
pub struct PoolState {
    /// Revision name -> the pool's `virtualMachineTemplate` at that revision.
    revisions: HashMap<String, Value>,
    /// VM uid -> uids of its VMIs seen Failed since it was last Ready.
    failed_vmis: HashMap<String, BTreeSet<String>>,
    /// VM uid -> when it was first seen in a failing status.
    failing_since: HashMap<String, Instant>,
}

pub(super) fn pools() -> ApiResource {
    ar(
        "pool.kubevirt.io",
        "v1beta1",
        POOL_KIND,
        "virtualmachinepools",
    )
}

/// The index of a replica name (`web-3` -> 3).
fn index_of(name: &str) -> Option<u64> {
    name.rsplit('-').next()?.parse().ok()
}

/// A Go duration (`5m0s`, `90s`, `1h`, `1.5s`), as `metav1.Duration` parses it.
fn go_duration(text: &str) -> Option<Duration> {
    let mut total = 0f64;
    let mut number = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let mut unit = c.to_string();
        if c == 'm' && chars.peek() == Some(&'s') {
            unit.push('s');
            chars.next();
        }
        let n: f64 = std::mem::take(&mut number).parse().ok()?;
        total += n * match unit.as_str() {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            _ => return None,
        };
    }
    if !number.is_empty() {
        return None;
    }
    Some(Duration::from_secs_f64(total))
}

/// The replica spec KubeVirt's `indexVMSpec` makes from the pool spec for `index`.
pub fn index_vm_spec(pool_spec: &Value, index: u64) -> Value {
    let mut spec = pool_spec
        .pointer_at("/virtualMachineTemplate/spec")
        .cloned()
        .unwrap_or(json!({}));
    let suffix = format!("-{index}");
    let mut dv_names = HashMap::new();
    for t in spec
        .get_mut("dataVolumeTemplates")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        if let Some(n) = t.pointer_at("/metadata/name").and_then(Value::as_str) {
            let indexed = format!("{n}{suffix}");
            dv_names.insert(n.to_string(), indexed.clone());
            t["metadata"]["name"] = json!(indexed);
        }
    }
    let flag =
        |k: &str| pool_spec.pointer_at(&format!("/nameGeneration/{k}")) == Some(&json!(true));
    let (secrets, config_maps) = (
        flag("appendIndexToSecretRefs"),
        flag("appendIndexToConfigMapRefs"),
    );
    let append = |v: &mut Value| {
        if let Some(s) = v.as_str() {
            *v = json!(format!("{s}{suffix}"));
        }
    };
    for volume in spec
        .pointer_mut("/template/spec/volumes")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
    {
        for p in ["/persistentVolumeClaim/claimName", "/dataVolume/name"] {
            if let Some(v) = volume.pointer_mut(p) {
                if let Some(new) = v.as_str().and_then(|n| dv_names.get(n)) {
                    *v = json!(new);
                }
            }
        }
        let mut refs: Vec<&str> = vec![];
        if config_maps {
            refs.extend(["/configMap/name", "/sysprep/configMap/name"]);
        }
        if secrets {
            refs.extend([
                "/secret/secretName",
                "/cloudInitNoCloud/secretRef/name",
                "/cloudInitNoCloud/networkDataSecretRef/name",
                "/cloudInitConfigDrive/secretRef/name",
                "/cloudInitConfigDrive/networkDataSecretRef/name",
                "/sysprep/secret/name",
            ]);
        }
        for p in refs {
            if let Some(v) = volume.pointer_mut(p) {
                append(v);
            }
        }
    }
    spec
}

fn string_map(v: Option<&Value>) -> serde_json::Map<String, Value> {
    v.and_then(Value::as_object).cloned().unwrap_or_default()
}

fn labels_match(selector: &serde_json::Map<String, Value>, labels: &Value) -> bool {
    selector.iter().all(|(k, v)| labels.get(k) == Some(v))
}

fn is_ready(vm: &DynamicObject) -> bool {
    vm.data
        .pointer_at("/status/conditions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|c| c["type"] == "Ready" && c["status"] == "True")
}

impl Reconciler<'_> {
    /// One pass of the pool controller over every pool (none when the CRD is not installed).
    pub(super) async fn reconcile_pools(
        &self,
        vms: &[Arc<DynamicObject>],
        vmis: &[Arc<DynamicObject>],
    ) {
        // Whether there is a pool at all comes from the pools' watch (index 4 of the
        // simulator's caches): listing them on every pass was a request per pass, some 800
        // in a roll of 200 VMs without a single pool.
        let Ok(cached) = self.objects(POOL_STORE, &self.apis.pool).await else {
            return;
        };
        if cached.is_empty() {
            // Only pools act on what is tracked: without one, a pass over every VM (and for
            // each, a search of every VMI) was a tenth of the simulator's CPU in a roll.
            let mut s = self.lock();
            s.pool.failed_vmis.clear();
            s.pool.failing_since.clear();
            return;
        }
        // With pools, they are listed afresh, as before: read from the cache instead, a
        // killed pool roll's e2e test failed once under the full suite's load (a replica
        // Ready on the new template, its DataVolume not made from the new source).
        let Ok(list) = self.apis.all(&pools()).list(&ListParams::default()).await else {
            return;
        };
        self.track_failures(vms, vmis);
        for pool in &list.items {
            self.reconcile_pool(pool, vms, vmis).await;
        }
    }

    /// Counts each VM's Failed VMIs since it was last Ready, and when it started failing.
    fn track_failures(&self, vms: &[Arc<DynamicObject>], vmis: &[Arc<DynamicObject>]) {
        let failed: HashMap<(String, String), String> = vmis
            .iter()
            .filter(|i| {
                i.data.pointer_at("/status/phase").and_then(Value::as_str) == Some("Failed")
            })
            .map(|i| ((ns(i), name(i)), uid(i)))
            .collect();
        let mut s = self.lock();
        for vm in vms {
            let key = uid(vm);
            if is_ready(vm) {
                s.pool.failed_vmis.remove(&key);
                s.pool.failing_since.remove(&key);
                continue;
            }
            if let Some(vmi_uid) = failed.get(&(ns(vm), name(vm))) {
                s.pool
                    .failed_vmis
                    .entry(key.clone())
                    .or_default()
                    .insert(vmi_uid.clone());
            }
            let status = vm
                .data
                .pointer_at("/status/printableStatus")
                .and_then(Value::as_str);
            let failing = matches!(
                status,
                Some(
                    "CrashLoopBackOff"
                        | "Unschedulable"
                        | "DataVolumeError"
                        | "ErrImagePull"
                        | "ImagePullBackOff"
                        | "PvcNotFound"
                )
            );
            if failing {
                s.pool.failing_since.entry(key).or_insert_with(Instant::now);
            } else {
                s.pool.failing_since.remove(&key);
            }
        }
    }

    async fn reconcile_pool(
        &self,
        pool: &DynamicObject,
        all_vms: &[Arc<DynamicObject>],
        vmis: &[Arc<DynamicObject>],
    ) {
        let spec = pool.data.get("spec").cloned().unwrap_or(json!({}));
        let selector = string_map(spec.pointer_at("/selector/matchLabels"));
        let template_labels = spec
            .pointer_at("/virtualMachineTemplate/metadata/labels")
            .cloned()
            .unwrap_or(json!({}));
        if selector.is_empty() || !labels_match(&selector, &template_labels) {
            return;
        }
        let owned: Vec<&DynamicObject> = all_vms
            .iter()
            .map(|v| &**v)
            .filter(|v| ns(v) == ns(pool))
            .filter(|v| {
                v.metadata.owner_references.iter().flatten().any(|o| {
                    o.kind == POOL_KIND && o.uid == uid(pool) && o.controller == Some(true)
                })
            })
            .collect();
        let revision = format!("{}-{}", name(pool), pool.metadata.generation.unwrap_or(1));
        self.lock().pool.revisions.insert(
            revision.clone(),
            spec.get("virtualMachineTemplate")
                .cloned()
                .unwrap_or(json!({})),
        );
        let paused = spec.get("paused") == Some(&json!(true));
        if !paused && pool.metadata.deletion_timestamp.is_none() {
            if spec.get("autohealing").is_some() {
                self.autoheal(pool, &spec, &owned).await;
            }
            let stable = self.scale(pool, &spec, &owned, all_vms, &revision).await;
            if stable {
                self.update(pool, &spec, &owned, vmis, &revision).await;
            }
        }
        self.pool_status(pool, &selector, &owned, paused).await;
    }

    async fn autoheal(&self, pool: &DynamicObject, spec: &Value, vms: &[&DynamicObject]) {
        let threshold = spec
            .pointer_at("/autohealing/startUpFailureThreshold")
            .and_then(Value::as_u64)
            .unwrap_or(3);
        let min_failing = spec
            .pointer_at("/autohealing/minFailingToStartDuration")
            .and_then(Value::as_str)
            .and_then(go_duration)
            .unwrap_or(Duration::from_secs(300));
        let failing: Vec<&DynamicObject> = {
            let s = self.lock();
            vms.iter()
                .copied()
                .filter(|vm| vm.metadata.deletion_timestamp.is_none())
                .filter(|vm| {
                    let key = uid(vm);
                    let fails = s.pool.failed_vmis.get(&key).map_or(0, BTreeSet::len);
                    let long = s
                        .pool
                        .failing_since
                        .get(&key)
                        .is_some_and(|t| t.elapsed() >= min_failing);
                    fails as u64 >= threshold || long
                })
                .collect()
        };
        for vm in failing.into_iter().take(BURST) {
            self.remove_replica(pool, spec, vm).await;
        }
    }

    /// Scale out or in towards `spec.replicas`; true when nothing was to do.
    async fn scale(
        &self,
        pool: &DynamicObject,
        spec: &Value,
        vms: &[&DynamicObject],
        all_vms: &[Arc<DynamicObject>],
        revision: &str,
    ) -> bool {
        let wanted = spec.get("replicas").and_then(Value::as_u64).unwrap_or(1) as usize;
        if vms.len() == wanted {
            return true;
        }
        if vms.len() < wanted {
            let taken: BTreeSet<String> = all_vms
                .iter()
                .filter(|v| ns(v) == ns(pool))
                .map(|v| name(v))
                .collect();
            let names = (0u64..)
                .map(|i| (i, format!("{}-{i}", name(pool))))
                .filter(|(_, n)| !taken.contains(n))
                .take((wanted - vms.len()).min(BURST));
            for (index, vm_name) in names {
                self.create_replica(pool, spec, index, &vm_name, revision)
                    .await;
            }
            return false;
        }
        let scale_in = spec.get("scaleInStrategy");
        if scale_in
            .is_some_and(|s| s.get("unmanaged").is_some() || s.get("opportunistic").is_some())
        {
            return false;
        }
        let deleting = vms
            .iter()
            .filter(|v| v.metadata.deletion_timestamp.is_some())
            .count();
        let count = (vms.len() - wanted).saturating_sub(deleting).min(BURST);
        let mut eligible: Vec<&DynamicObject> = vms
            .iter()
            .copied()
            .filter(|v| v.metadata.deletion_timestamp.is_none())
            .collect();
        let policy = spec
            .pointer_at("/scaleInStrategy/proactive/selectionPolicy")
            .cloned()
            .unwrap_or(json!({}));
        order_by_policy(&mut eligible, &policy);
        for vm in eligible.into_iter().take(count) {
            self.remove_replica(pool, spec, vm).await;
        }
        false
    }

    async fn create_replica(
        &self,
        pool: &DynamicObject,
        spec: &Value,
        index: u64,
        vm_name: &str,
        revision: &str,
    ) {
        let template = spec
            .get("virtualMachineTemplate")
            .cloned()
            .unwrap_or(json!({}));
        let mut labels = string_map(template.pointer_at("/metadata/labels"));
        labels.insert(REVISION_LABEL.into(), json!(revision));
        let mut vm_spec = index_vm_spec(spec, index);
        vm_spec["template"]["metadata"]["labels"][REVISION_LABEL] = json!(revision);
        let vm = json!({
            "apiVersion": "kubevirt.io/v1",
            "kind": "VirtualMachine",
            "metadata": {
                "name": vm_name,
                "namespace": ns(pool),
                "labels": labels,
                "annotations": template.pointer_at("/metadata/annotations").cloned().unwrap_or(json!({})),
                "ownerReferences": [owner_ref(pool, POOL_KIND, POOL_API_VERSION)],
            },
            "spec": vm_spec,
        });
        let res = match serde_json::from_value::<DynamicObject>(vm) {
            Ok(obj) => self
                .apis
                .ns(&self.apis.vm, &ns(pool))
                .create(&PostParams::default(), &obj)
                .await
                .map(|_| ()),
            Err(e) => {
                self.record_error(format!("pool replica {vm_name}: {e}"));
                return;
            }
        };
        self.note(res);
    }

    /// Deletes a replica, first orphaning its disks when the pool preserves state.
    async fn remove_replica(&self, pool: &DynamicObject, spec: &Value, vm: &DynamicObject) {
        let preserve = spec
            .pointer_at("/scaleInStrategy/proactive/statePreservation")
            .and_then(Value::as_str)
            .is_some_and(|p| p != "Disabled");
        if preserve {
            self.orphan_disks(vm).await;
        }
        let _ = pool;
        let res = self
            .apis
            .ns(&self.apis.vm, &ns(vm))
            .delete(&name(vm), &DeleteParams::default())
            .await
            .map(|_| ());
        self.note(res);
        let mut s = self.lock();
        s.pool.failed_vmis.remove(&uid(vm));
        s.pool.failing_since.remove(&uid(vm));
    }

    /// Removes the VM's owner references from its DataVolumes and PVCs.
    async fn orphan_disks(&self, vm: &DynamicObject) {
        let mut disks: BTreeSet<String> = vm
            .data
            .pointer_at("/spec/dataVolumeTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| {
                t.pointer_at("/metadata/name")
                    .and_then(Value::as_str)
                    .map(String::from)
            })
            .collect();
        for v in vm
            .data
            .pointer_at("/spec/template/spec/volumes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            for p in ["/dataVolume/name", "/persistentVolumeClaim/claimName"] {
                if let Some(n) = v.pointer_at(p).and_then(Value::as_str) {
                    disks.insert(n.to_string());
                }
            }
        }
        for r in [&self.apis.dv, &self.apis.pvc] {
            let api = self.apis.ns(r, &ns(vm));
            for disk in &disks {
                let Ok(obj) = api.get(disk).await else {
                    continue;
                };
                let refs: Vec<_> = obj
                    .metadata
                    .owner_references
                    .iter()
                    .flatten()
                    .filter(|o| o.uid != uid(vm))
                    .cloned()
                    .collect();
                if refs.len() == obj.metadata.owner_references.as_ref().map_or(0, Vec::len) {
                    continue;
                }
                let body = json!({"metadata": {"resourceVersion": obj.metadata.resource_version, "ownerReferences": refs}});
                self.patch_meta(r, &obj, body).await;
            }
        }
    }

    async fn update(
        &self,
        pool: &DynamicObject,
        spec: &Value,
        vms: &[&DynamicObject],
        vmis: &[Arc<DynamicObject>],
        revision: &str,
    ) {
        if spec.pointer_at("/updateStrategy/unmanaged").is_some() {
            return;
        }
        let (mut outdated, mut current) = (vec![], vec![]);
        for vm in vms.iter().copied() {
            let rev = vm.labels().get(REVISION_LABEL).map(String::as_str);
            if rev == Some(revision) {
                current.push(vm);
            } else {
                outdated.push(vm);
            }
        }
        for vm in &outdated {
            self.opportunistic_update(pool, spec, vm, revision).await;
        }
        if spec.pointer_at("/updateStrategy/opportunistic").is_some() {
            return;
        }
        self.proactive_update(spec, &current, vmis).await;
    }

    /// The VM takes the current template; its firmware identity stays.
    async fn opportunistic_update(
        &self,
        pool: &DynamicObject,
        spec: &Value,
        vm: &DynamicObject,
        revision: &str,
    ) {
        let Some(index) = index_of(&name(vm)) else {
            return;
        };
        let template = spec
            .get("virtualMachineTemplate")
            .cloned()
            .unwrap_or(json!({}));
        let mut vm_spec = index_vm_spec(spec, index);
        vm_spec["template"]["metadata"]["labels"][REVISION_LABEL] = json!(revision);
        for key in ["uuid", "serial"] {
            if let Some(v) = vm
                .data
                .pointer_at(&format!("/spec/template/spec/domain/firmware/{key}"))
            {
                vm_spec["template"]["spec"]["domain"]["firmware"][key] = v.clone();
            }
        }
        let mut labels = string_map(template.pointer_at("/metadata/labels"));
        labels.insert(REVISION_LABEL.into(), json!(revision));
        let mut obj = (*vm).clone();
        obj.metadata.labels = Some(
            labels
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
                .collect(),
        );
        obj.data["spec"] = vm_spec;
        let _ = pool;
        let res = self
            .apis
            .ns(&self.apis.vm, &ns(vm))
            .replace(&name(vm), &PostParams::default(), &obj)
            .await
            .map(|_| ());
        self.note(res);
    }

    /// Restarts (or relabels, or recreates) replicas whose VMI is of an older revision,
    /// within `maxUnavailable`.
    async fn proactive_update(
        &self,
        spec: &Value,
        vms: &[&DynamicObject],
        vmis: &[Arc<DynamicObject>],
    ) {
        let replicas = spec.get("replicas").and_then(Value::as_i64).unwrap_or(1);
        let max = match spec.get("maxUnavailable") {
            Some(Value::Number(n)) => n.as_i64().unwrap_or(1),
            Some(Value::String(p)) => {
                let pct: i64 = p.trim_end_matches('%').parse().unwrap_or(100);
                replicas * pct / 100
            }
            _ => replicas,
        }
        .max(1);
        let vmi_of = |vm: &DynamicObject| {
            vmis.iter()
                .find(|i| ns(i) == ns(vm) && name(i) == name(vm))
                .map(|i| &**i)
        };
        let vmi_ready = |i: &DynamicObject| {
            i.metadata.deletion_timestamp.is_none()
                && i.data.pointer_at("/status/phase") == Some(&json!("Running"))
                && i.data
                    .pointer_at("/status/conditions")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .any(|c| c["type"] == "Ready" && c["status"] == "True")
        };
        let unavailable = vms
            .iter()
            .filter(|vm| !vmi_of(vm).is_some_and(vmi_ready))
            .count() as i64;
        let mut budget = max - unavailable;
        for vm in vms {
            if budget <= 0 {
                return;
            }
            let Some(vmi) = vmi_of(vm) else { continue };
            if vmi.metadata.deletion_timestamp.is_some() {
                continue;
            }
            let vm_rev = vm.labels().get(REVISION_LABEL).cloned();
            let vmi_rev = vmi.labels().get(REVISION_LABEL).cloned();
            if vm_rev.is_none() || vm_rev == vmi_rev {
                continue;
            }
            let (old, new) = {
                let s = self.lock();
                let get =
                    |r: &Option<String>| r.as_ref().and_then(|r| s.pool.revisions.get(r)).cloned();
                (get(&vmi_rev), get(&vm_rev))
            };
            let (Some(old), Some(new)) = (old, new) else {
                // No history of the VMI's revision: restart it.
                self.restart(vmi).await;
                budget -= 1;
                continue;
            };
            if old.pointer_at("/spec/dataVolumeTemplates")
                != new.pointer_at("/spec/dataVolumeTemplates")
            {
                let dp = DeleteParams::foreground();
                let res = self
                    .apis
                    .ns(&self.apis.vm, &ns(vm))
                    .delete(&name(vm), &dp)
                    .await
                    .map(|_| ());
                self.note(res);
            } else if old.pointer_at("/spec/template") != new.pointer_at("/spec/template") {
                self.restart(vmi).await;
            } else {
                let body = json!({"metadata": {"labels": {REVISION_LABEL: vm_rev}}});
                self.patch_meta(&self.apis.vmi, vmi, body).await;
                continue;
            }
            budget -= 1;
        }
    }

    async fn restart(&self, vmi: &DynamicObject) {
        let res = self
            .apis
            .ns(&self.apis.vmi, &ns(vmi))
            .delete(&name(vmi), &DeleteParams::default())
            .await
            .map(|_| ());
        self.note(res);
    }

    async fn pool_status(
        &self,
        pool: &DynamicObject,
        selector: &serde_json::Map<String, Value>,
        vms: &[&DynamicObject],
        paused: bool,
    ) {
        let label_selector = selector
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(",");
        let mut status = json!({
            "replicas": vms.len(),
            "readyReplicas": vms.iter().filter(|v| is_ready(v)).count(),
            "labelSelector": label_selector,
        });
        let stored = pool.data.get("status").cloned().unwrap_or(json!({}));
        let was_paused = stored
            .get("conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|c| c["type"] == "ReplicaPaused")
            .cloned();
        if paused {
            status["conditions"] = json!([was_paused.unwrap_or_else(|| {
                let mut c = cond("ReplicaPaused", true, "SuccessfulPaused");
                c["message"] = json!("Pool controller is paused");
                c
            })]);
        } else {
            status["conditions"] = json!([]);
        }
        let same = ["replicas", "readyReplicas", "labelSelector"]
            .iter()
            .all(|k| stored.get(*k) == status.get(*k))
            && stored.get("conditions").cloned().unwrap_or(json!([])) == status["conditions"];
        if !same {
            self.patch_status(&pools(), pool, status).await;
        }
    }
}

/// Orders replicas for scale-in as `sortVMsBasedOnSortPolicy`, then keeps those the
/// `selectors.labelSelector` matches (on the VMI template labels). Random is made
/// deterministic here (by name), which a test may rely on no more than on KubeVirt's.
fn order_by_policy(vms: &mut Vec<&DynamicObject>, policy: &Value) {
    let created = |v: &DynamicObject| v.metadata.creation_timestamp.clone().map(|t| t.0);
    let ordinal = |v: &DynamicObject| index_of(&name(v)).unwrap_or(0);
    match policy.get("sortPolicy").and_then(Value::as_str) {
        // Same-second creation timestamps: the higher index is the newer replica.
        Some("Newest") => vms.sort_by_key(|v| std::cmp::Reverse((created(v), ordinal(v)))),
        Some("Oldest") => vms.sort_by_key(|v| (created(v), ordinal(v))),
        Some("AscendingOrder") => vms.sort_by_key(|v| ordinal(v)),
        Some("DescendingOrder") => vms.sort_by_key(|v| std::cmp::Reverse(ordinal(v))),
        _ => vms.sort_by_key(|v| name(v)),
    }
    let selector = string_map(policy.pointer_at("/selectors/labelSelector/matchLabels"));
    if !selector.is_empty() {
        vms.retain(|v| {
            let labels = v
                .data
                .pointer_at("/spec/template/metadata/labels")
                .cloned()
                .unwrap_or(json!({}));
            labels_match(&selector, &labels)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_durations_and_replica_indices() {
        assert_eq!(go_duration("5m0s"), Some(Duration::from_secs(300)));
        assert_eq!(go_duration("90s"), Some(Duration::from_secs(90)));
        assert_eq!(go_duration("1h"), Some(Duration::from_secs(3600)));
        assert_eq!(go_duration("5"), None);
        assert_eq!(index_of("web-12"), Some(12));
        assert_eq!(index_of("web"), None);
    }

    #[test]
    fn the_replica_spec_is_indexed_as_kubevirt_does() {
        let pool = json!({"nameGeneration": {"appendIndexToSecretRefs": true},
            "virtualMachineTemplate": {"spec": {
                "dataVolumeTemplates": [{"metadata": {"name": "web-root"}}],
                "template": {"spec": {"volumes": [
                    {"name": "root", "dataVolume": {"name": "web-root"}},
                    {"name": "ci", "cloudInitNoCloud": {"secretRef": {"name": "web-ci"}}},
                    {"name": "cm", "configMap": {"name": "web-cm"}}]}}}}});
        let spec = index_vm_spec(&pool, 3);
        assert_eq!(
            spec["dataVolumeTemplates"][0]["metadata"]["name"],
            "web-root-3"
        );
        let volumes = &spec["template"]["spec"]["volumes"];
        assert_eq!(volumes[0]["dataVolume"]["name"], "web-root-3");
        assert_eq!(
            volumes[1]["cloudInitNoCloud"]["secretRef"]["name"],
            "web-ci-3"
        );
        // appendIndexToConfigMapRefs is not set.
        assert_eq!(volumes[2]["configMap"]["name"], "web-cm");
    }
}
