//! What the lifecycle planner sees: the operation's VMs and their instances, read from the
//! cluster into `roll::lifecycle`'s views, with each VM's progress in this operation.

use super::*;
use crate::cluster::rollout::{first_lists_in, rv};
use crate::kubevirt::observed::{ConditionStatus, ObservedVmi};
use kube::runtime::reflector::Store;
use std::collections::HashMap;
use std::sync::Arc;

/// The run strategy KubeVirt applies: `spec.runStrategy`, else the legacy `running`.
pub(super) fn run_strategy(vm: &Value) -> String {
    match (
        vm.pointer("/spec/runStrategy").and_then(Value::as_str),
        vm.pointer("/spec/running").and_then(Value::as_bool),
    ) {
        (Some(s), _) => s.to_string(),
        (None, Some(true)) => "Always".into(),
        _ => "Halted".into(),
    }
}

/// The planner's view of one VMI; `ready_seen` remembers when this client first saw each
/// instance Ready.
pub(super) fn vmi_view(
    vmi: &DynamicObject,
    ready_seen: &mut BTreeMap<String, Millis>,
    now: Millis,
) -> lifecycle::VmiView {
    let uid = vmi.metadata.uid.clone().unwrap_or_default();
    let live = ObservedVmi::read(&vmi.data);
    let ready_since = if live.is_ready() {
        Some(*ready_seen.entry(uid.clone()).or_insert(now))
    } else {
        None
    };
    let not_migratable = live
        .condition("LiveMigratable")
        .filter(|c| c.status == ConditionStatus::False)
        .map(|c| (c.reason.to_string(), c.message.to_string()));
    let ms = vmi.data.pointer("/status/migrationState");
    let flag = |k: &str| ms.and_then(|m| m.get(k)).and_then(Value::as_bool);
    lifecycle::VmiView {
        uid,
        phase: live.phase.to_string(),
        node: vmi
            .data
            .pointer("/status/nodeName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        deleting: vmi.metadata.deletion_timestamp.is_some(),
        ready_since,
        not_migratable,
        migrating: ms.is_some() && flag("completed") != Some(true),
        migration_uid: ms
            .and_then(|m| m.get("migrationUid"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        migration_failed: flag("completed") == Some(true) && flag("failed") == Some(true),
    }
}

/// A VM's progress in operation `id` (Pending when it carries another operation's).
pub(super) fn progress_of(vm: &DynamicObject, id: &str) -> Progress {
    vm.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(ANN_PROGRESS))
        .and_then(|s| serde_json::from_str::<Value>(s).ok())
        .filter(|v| v.get("op").and_then(Value::as_str) == Some(id))
        .and_then(|v| serde_json::from_value::<Progress>(v).ok())
        .unwrap_or(Progress::Pending)
}

/// Watch-fed copies of the namespace's VMs and VMIs while an operation runs. A pass comes
/// every 100 ms, and each listed every VM and VMI of the namespace: at 10,000 VMs, tens of MB
/// a second for the API server. Dropping it stops the watches.
pub(super) struct Caches {
    /// The VMs, then the VMIs.
    stores: [Store<DynamicObject>; 2],
    /// Woken on every event the watches take in (see [`Op::caught_up`]).
    changed: Arc<tokio::sync::Notify>,
    task: tokio::task::JoinHandle<()>,
}

/// The VMs' resource, as the VM cache's writer and its lookups name it.
fn vm_resource() -> kube::core::ApiResource {
    ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines")
}

/// How long a pass waits for the watch events of its own progress marks before it lists
/// instead: they come within milliseconds, unless the watches broke or the server is slow.
const CATCH_UP: std::time::Duration = std::time::Duration::from_millis(500);

impl Drop for Caches {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Op {
    /// Start the caches and wait (at most 2 s) for their first lists. Without them (a watch
    /// refused, or a server too slow to answer) every pass lists instead, as it did.
    pub(super) async fn start_watching(&mut self) {
        use futures_util::StreamExt;
        use kube::runtime::{reflector, watcher, WatchStreamExt};
        let vm_writer = reflector::store::Writer::new(vm_resource());
        let vmi_writer = reflector::store::Writer::new(ar(
            "kubevirt.io",
            "v1",
            "VirtualMachineInstance",
            "virtualmachineinstances",
        ));
        let (vms, vmis) = (vm_writer.as_reader(), vmi_writer.as_reader());
        let vm_events = reflector(
            vm_writer,
            watcher(self.vms.clone(), watcher::Config::default()),
        )
        .default_backoff()
        .map(|_| ());
        let vmi_events = reflector(
            vmi_writer,
            watcher(self.vmis.clone(), watcher::Config::default()),
        )
        .default_backoff()
        .map(|_| ());
        let changed = Arc::new(tokio::sync::Notify::new());
        let on_change = changed.clone();
        let task = tokio::spawn(async move {
            let both = futures_util::stream::select(vm_events, vmi_events);
            futures_util::pin_mut!(both);
            while both.next().await.is_some() {
                on_change.notify_waiters();
            }
        });
        let caches = Caches {
            stores: [vms, vmis],
            changed,
            task,
        };
        if first_lists_in(&caches.stores).await {
            self.caches = Some(caches);
        }
    }

    /// The VMs and VMIs from the caches, when they show every progress mark this client wrote
    /// (a VM deleted since counts as shown: a list would not have it either).
    #[allow(clippy::type_complexity)]
    fn cached(&self) -> Option<(Vec<Arc<DynamicObject>>, Vec<Arc<DynamicObject>>)> {
        let [vm_store, vmi_store] = &self.caches.as_ref()?.stores;
        // Each marked VM looked up by name (a few), not the whole cache copied and indexed:
        // a waiting pass asks again on every watch event.
        // The store's keys carry the resource its writer was made with (`start_watching`).
        let vm_resource = vm_resource();
        let current = self.marked.lock().ok()?.iter().all(|(vm, written)| {
            let key = kube::runtime::reflector::ObjectRef::new_with(vm, vm_resource.clone())
                .within(&self.namespace);
            vm_store
                .get(&key)
                .is_none_or(|o| rv(&o).unwrap_or(0) >= *written)
        });
        current.then(|| (vm_store.state(), vmi_store.state()))
    }

    /// [`Op::cached`], once the watches have brought this client's last marks: a pass
    /// that came before their events waits for them (at most [`CATCH_UP`]) rather than
    /// listing the namespace. None when they do not come in time, or without caches.
    #[allow(clippy::type_complexity)]
    async fn caught_up(&self) -> Option<(Vec<Arc<DynamicObject>>, Vec<Arc<DynamicObject>>)> {
        let changed = self.caches.as_ref()?.changed.clone();
        let deadline = tokio::time::Instant::now() + CATCH_UP;
        loop {
            // Registered before the caches are read, so an event in between is not missed.
            let next_event = changed.notified();
            futures_util::pin_mut!(next_event);
            next_event.as_mut().enable();
            if let Some(cached) = self.cached() {
                return Some(cached);
            }
            tokio::time::timeout_at(deadline, next_event).await.ok()?;
        }
    }

    /// The operation's VMs as they are now (a VM deleted meanwhile is left out).
    pub async fn views(&mut self, rec: &OpRecord) -> Result<Vec<VmView>, RollError> {
        let (vms, vmis) = match self.caught_up().await {
            Some(cached) => cached,
            None => {
                let vms = list_all(&self.vms, "VirtualMachines").await?;
                let vmis = list_all(&self.vmis, "VirtualMachineInstances").await?;
                // The lists came after every mark written so far.
                if let Ok(mut marked) = self.marked.lock() {
                    marked.clear();
                }
                (
                    vms.into_iter().map(Arc::new).collect(),
                    vmis.into_iter().map(Arc::new).collect(),
                )
            }
        };
        let now = now_ms();
        let mut vmi_of: HashMap<String, &DynamicObject> = HashMap::with_capacity(vmis.len());
        for i in &vmis {
            vmi_of.entry(name(i)).or_insert(i);
        }
        let selected: std::collections::HashSet<&str> =
            rec.vms.iter().map(String::as_str).collect();
        let mut out = vec![];
        for vm in vms.iter().filter(|v| selected.contains(name(v).as_str())) {
            let n = name(vm);
            let progress = progress_of(vm, &rec.id);
            let found = vmi_of.get(&n).copied();
            let mut vmi = found.map(|i| vmi_view(i, &mut self.ready_seen, now));
            // The health gate, for VMs in flight: Ready only while the probe passes; a
            // failure starts min-ready over.
            if let (Some(p), Some(i), Some(v), Progress::InFlight { .. }) =
                (&rec.spec.probe, found, vmi.as_mut(), &progress)
            {
                let ok = match (v.ready_since, ObservedVmi::read(&i.data).address) {
                    (Some(_), Some(ip)) => p.check(ip).await,
                    _ => false,
                };
                if !ok {
                    v.ready_since = None;
                    self.ready_seen.remove(&v.uid);
                }
            }
            out.push(VmView {
                name: n,
                run_strategy: run_strategy(&vm.data),
                vmi,
                progress,
            });
        }
        Ok(out)
    }
}

impl Op {
    /// Actions a killed client recorded as in flight but may not have asked (killed between
    /// the record and the call): asked again where nothing shows they reached KubeVirt (no
    /// new instance, no queued state change request, no migration of the instance), once,
    /// when a client takes the operation over.
    pub(super) async fn reask_orphans(
        &self,
        rec: &OpRecord,
        views: &[VmView],
        opts: &RunOptions,
    ) -> Result<(), RollError> {
        let vms = list_all(&self.vms, "VirtualMachines").await?;
        let vmims: Api<DynamicObject> = Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstanceMigration",
                "virtualmachineinstancemigrations",
            ),
        );
        let migrations = list_all(&vmims, "VirtualMachineInstanceMigrations").await?;
        for v in views {
            let Progress::InFlight {
                kind,
                vmi,
                migration,
                ..
            } = &v.progress
            else {
                continue;
            };
            let queued = vms.iter().find(|o| name(o) == v.name).is_some_and(|o| {
                o.data
                    .pointer("/status/stateChangeRequests")
                    .and_then(Value::as_array)
                    .is_some_and(|r| !r.is_empty())
            });
            let now = v.vmi.as_ref();
            let alive = now.is_some_and(lifecycle::VmiView::alive);
            let unasked = !queued
                && match kind {
                    Kind::Restart => now.is_some_and(|i| &i.uid == vmi),
                    Kind::Stop => alive && v.run_strategy != "Halted",
                    Kind::Start => now.is_none() && v.run_strategy != "Always",
                    Kind::Migrate => {
                        now.is_some_and(|i| &i.migration_uid == migration && !i.migrating)
                            && !migrations.iter().any(|m| {
                                m.data.pointer("/spec/vmiName").and_then(Value::as_str)
                                    == Some(v.name.as_str())
                                    && !matches!(
                                        m.data.pointer("/status/phase").and_then(Value::as_str),
                                        Some("Succeeded" | "Failed")
                                    )
                            })
                    }
                };
            if unasked {
                let body = match (kind, opts.grace_period) {
                    (Kind::Stop, Some(g)) => json!({"gracePeriod": g}),
                    _ => json!({}),
                };
                eprintln!(
                    "virtualmachine/{}: {kind} (asked again: the client that recorded it stopped before)",
                    v.name
                );
                if let Err(e) = self.subresource(&v.name, *kind, body).await {
                    let reason = e.to_string();
                    self.mark(&v.name, rec, &Progress::Failed { reason })
                        .await?;
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> DynamicObject {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn a_vmi_reads_as_kubevirt_writes_it() {
        let i = obj(
            json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
            "metadata": {"name": "db", "uid": "u1"},
            "status": {"phase": "Running", "nodeName": "n1",
                "conditions": [{"type": "Ready", "status": "True"}, {"type": "AgentConnected", "status": "True"},
                    {"type": "LiveMigratable", "status": "False", "reason": "DisksNotLiveMigratable",
                     "message": "cannot migrate VMI: PVC db is not shared"}],
                "migrationState": {"completed": true, "failed": true, "migrationUid": "m1"}}}),
        );
        let mut seen = BTreeMap::new();
        let v = vmi_view(&i, &mut seen, 7);
        assert_eq!(v.ready_since, Some(7));
        assert_eq!(vmi_view(&i, &mut seen, 9).ready_since, Some(7));
        assert_eq!(v.node, "n1");
        assert_eq!(
            v.not_migratable,
            Some((
                "DisksNotLiveMigratable".into(),
                "cannot migrate VMI: PVC db is not shared".into()
            ))
        );
        assert!(!v.migrating && v.migration_failed);
        assert_eq!(v.migration_uid, "m1");
    }

    #[test]
    fn progress_belongs_to_one_operation_and_run_strategy_reads_the_legacy_field() {
        let vm = obj(
            json!({"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine",
            "metadata": {"name": "a", "annotations": {ANN_PROGRESS: "{\"op\":\"x\",\"phase\":\"done\",\"kind\":\"restart\"}"}},
            "spec": {"running": true}}),
        );
        assert_eq!(
            progress_of(&vm, "x"),
            Progress::Done {
                kind: Kind::Restart
            }
        );
        assert_eq!(progress_of(&vm, "y"), Progress::Pending);
        assert_eq!(run_strategy(&vm.data), "Always");
        assert_eq!(run_strategy(&json!({"spec": {}})), "Halted");
    }
}
