//! The thin loop around the planner: observe the VMs and their VMIs, plan, carry out the
//! actions, and wait for the next watch event (or the planner's wake-up time). Everything
//! it knows is re-read from the cluster on each pass, so a killed client loses nothing.

use super::ladder::{self, Level};
use super::observe::{self, Snapshot, VmSnapshot, VmiSnapshot};
use super::pacing::{conflict_backoff, quota_backoff, RepeatGuard, MAX_CONFLICTS};
use super::planner::{self, Action, Millis, ObservedVm, Plan, Progress};
use super::state::{self, RolloutRecord, Status};
use super::transition;
use super::RollError;
use crate::kubevirt::observed::ObservedVmi;
use futures_util::StreamExt;
use k8s_openapi::jiff::Timestamp;
use kube::api::{Api, ApiResource, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use kube::core::GroupVersionKind;
use kube::runtime::reflector::{self, store::Writer, Store};
use kube::runtime::watcher;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

mod history;
mod lease;
mod report;

pub use report::{list_rollouts, RolloutSummary, StatusReport, VmReport};

pub const MANAGER: &str = "kubectl-vmmigrate";
/// Seconds a Lease stays ours without renewal, unless the rollout asks otherwise.
pub const LEASE_SECONDS: u64 = 15;
/// Per-VM actions of one plan in flight at once: as many as `apply`'s default, enough to
/// start a batch of restarts in a few round trips without flooding the API server.
const ACTION_CONCURRENCY: usize = 16;

fn ar(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

pub fn now_ms() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

/// Milliseconds since the epoch of a Kubernetes time (RFC 3339). Whole seconds (condition
/// times) count as the end of that second: the event happened somewhere in it, and a
/// min-ready must never be cut short.
fn rfc3339_ms(s: &str) -> Option<Millis> {
    let ts: Timestamp = s.parse().ok()?;
    let ms = u64::try_from(ts.as_millisecond()).ok()?;
    Some(if ts.subsec_nanosecond() == 0 && !s.contains('.') {
        ms + 999
    } else {
        ms
    })
}

/// A Lease's MicroTime: RFC 3339 with exactly six fractional digits.
fn format_rfc3339_micro(ms: Millis) -> String {
    let ts = i64::try_from(ms)
        .ok()
        .and_then(|ms| Timestamp::from_millisecond(ms).ok())
        .unwrap_or(Timestamp::UNIX_EPOCH);
    format!("{ts:.6}")
}

fn annotations(o: &DynamicObject) -> BTreeMap<String, String> {
    o.metadata.annotations.clone().unwrap_or_default()
}

fn name(o: &DynamicObject) -> String {
    o.metadata.name.clone().unwrap_or_default()
}

fn to_value(o: &DynamicObject) -> Value {
    serde_json::to_value(o).unwrap_or(Value::Null)
}

/// A kube error while `what` (e.g. "creating the rollout Lease"): the server's own
/// answer as kubectl shows it, never the raw `Status` structure.
fn api_err(what: &str, e: kube::Error) -> RollError {
    match e {
        kube::Error::Api(s) => {
            // A body that was not a Status (`404 page not found` from an aggregated API
            // that is down) leaves kube's placeholder reason: name the code instead.
            let reason = if !s.reason.is_empty() && !s.reason.contains(' ') {
                s.reason.clone()
            } else {
                reason_for(s.code).to_string()
            };
            let message = match s.message.trim() {
                "" => format!("{} {reason}", s.code),
                m => crate::import::text::printable(m),
            };
            RollError::Server {
                what: what.to_string(),
                code: s.code,
                reason,
                message,
            }
        }
        other => RollError::Api(format!("{what}: {other}")),
    }
}

/// kube-apiserver's reason word for an HTTP status (metav1.StatusReason).
fn reason_for(code: u16) -> &'static str {
    match code {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        415 => "UnsupportedMediaType",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => "Unknown",
    }
}

/// Talks to the cluster for one rollout.
pub struct Driver {
    pub client: kube::Client,
    pub namespace: String,
    pub rollout: String,
    holder: String,
    vms: Api<DynamicObject>,
    vmis: Api<DynamicObject>,
    leases: Api<DynamicObject>,
    revisions: Api<DynamicObject>,
    events: Api<DynamicObject>,
    /// What this client remembers of each VMI between passes (when it first saw it Ready,
    /// its probes): see [`observe::Memory`].
    memory: observe::Memory,
    last_renew: Millis,
    /// Previous objects of the VMs touched by the revision being rolled back.
    previous: BTreeMap<String, Value>,
    /// Log lines to stderr.
    pub verbose: bool,
    /// Lease duration written when taking the Lease.
    pub lease_seconds: u64,
    /// When taking over an existing Lease, keep its duration instead of `lease_seconds`.
    pub keep_lease_duration: bool,
    /// The duration of the Lease as last read.
    lease_seen_seconds: std::sync::atomic::AtomicU64,
    /// Watch-fed caches (selected VMs, this rollout's replacements, VMIs) while `run` drives:
    /// a pass reads them instead of listing.
    cache: Option<[Store<DynamicObject>; 3]>,
    /// The last pass acted: the next one lists, since the caches may not show our writes yet.
    fresh: bool,
    /// resourceVersion of each VM and VMI in the last list: a cache older than that is not used.
    floor: HashMap<String, u64>,
    /// A Ready VMI failed its probe in the last pass: probe again soon (no event will come).
    probe_pending: bool,
    /// Per VM: the ladder level it needs, and what that was decided from (resourceVersion,
    /// running, revision, status).
    needed_memo: HashMap<String, (NeededKey, Option<Level>)>,
    /// (VM, VMI uid) pairs this process asked to restart: a VM Updating on such a VMI is
    /// waiting for the restart, not interrupted before it.
    restarted: std::sync::Mutex<std::collections::HashSet<(String, String)>>,
    /// resourceVersions our VM writes returned since the last pass (key `vm/NAME`).
    written: std::sync::Mutex<HashMap<String, u64>>,
    /// VMs whose write conflicted in the last pass, with the resourceVersion it was planned
    /// from: the next pass waits until the caches show a newer one (or lists).
    conflicted: std::sync::Mutex<HashMap<String, u64>>,
    /// Per VM, its VMI's uid and the instant it was seen Ready (last observation): recorded
    /// on the VM when it is marked updated.
    ready_of: HashMap<String, String>,
    /// Which VM each replacement seen replaced (name -> its `rollout-slot`).
    slots: std::sync::Mutex<HashMap<String, String>>,
    /// Consecutive conflicts per VM, for the backoff and the give-up.
    conflict_counts: HashMap<String, u32>,
    /// The last pass stopped at its `n`th action because a quota left no room for a surge
    /// VM (and why).
    quota_wait: Option<(usize, String)>,
    /// Passes in a row that waited for quota, and the last waiting line printed.
    quota_waits: u32,
    quota_said: Option<String>,
    /// Passes that only repeat the previous one's actions are slowed, then stopped.
    repeat: RepeatGuard,
    /// The rollout record as last read, and when.
    lease_read: Option<(tokio::time::Instant, RolloutRecord)>,
}

impl Driver {
    pub fn new(client: kube::Client, namespace: &str, rollout: &str) -> Self {
        let ns = |r: &ApiResource| Api::namespaced_with(client.clone(), namespace, r);
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "client".into());
        Driver {
            vms: ns(&ar(
                "kubevirt.io",
                "v1",
                "VirtualMachine",
                "virtualmachines",
            )),
            vmis: ns(&ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstance",
                "virtualmachineinstances",
            )),
            leases: ns(&ar("coordination.k8s.io", "v1", "Lease", "leases")),
            revisions: ns(&ar(
                "apps",
                "v1",
                "ControllerRevision",
                "controllerrevisions",
            )),
            events: ns(&ar("", "v1", "Event", "events")),
            client,
            namespace: namespace.to_string(),
            rollout: rollout.to_string(),
            holder: format!("{host}-{}-{}", std::process::id(), now_ms()),
            memory: observe::Memory::default(),
            last_renew: 0,
            previous: BTreeMap::new(),
            verbose: false,
            lease_seconds: LEASE_SECONDS,
            keep_lease_duration: false,
            lease_seen_seconds: std::sync::atomic::AtomicU64::new(0),
            cache: None,
            fresh: true,
            floor: HashMap::new(),
            probe_pending: false,
            needed_memo: HashMap::new(),
            restarted: std::sync::Mutex::new(std::collections::HashSet::new()),
            written: std::sync::Mutex::new(HashMap::new()),
            conflicted: std::sync::Mutex::new(HashMap::new()),
            conflict_counts: HashMap::new(),
            slots: std::sync::Mutex::new(HashMap::new()),
            ready_of: HashMap::new(),
            quota_wait: None,
            quota_waits: 0,
            quota_said: None,
            repeat: RepeatGuard::default(),
            lease_read: None,
        }
    }

    fn pp() -> PatchParams {
        PatchParams {
            field_manager: Some(MANAGER.into()),
            ..PatchParams::default()
        }
    }

    fn log(&self, msg: &str) {
        if self.verbose {
            eprintln!("{msg}");
        }
    }

    async fn list_vms(&self, rec: &RolloutRecord) -> Result<Vec<DynamicObject>, RollError> {
        let mut vms = match &rec.selector {
            Some(sel) => {
                self.vms
                    .list(&ListParams::default().labels(sel))
                    .await
                    .map_err(|e| api_err("listing VirtualMachines", e))?
                    .items
            }
            None => {
                let mut out = vec![];
                for n in &rec.names {
                    if let Some(vm) = self
                        .vms
                        .get_opt(n)
                        .await
                        .map_err(|e| api_err("reading a VirtualMachine", e))?
                    {
                        out.push(vm);
                    }
                }
                // A name also selects the replacements that VM has become.
                // (Label values hold 63 characters; a longer name was never an instance.)
                let labelled: Vec<&str> = rec
                    .names
                    .iter()
                    .map(String::as_str)
                    .filter(|n| n.len() <= 63)
                    .collect();
                let replaced = if labelled.is_empty() {
                    vec![]
                } else {
                    let instances =
                        format!("{} in ({})", state::LABEL_INSTANCE, labelled.join(","));
                    self.vms
                        .list(&ListParams::default().labels(&instances))
                        .await
                        .map_err(|e| api_err("listing replaced VirtualMachines", e))?
                        .items
                };
                for r in replaced {
                    if !out.iter().any(|v| name(v) == name(&r)) {
                        out.push(r);
                    }
                }
                out
            }
        };
        // Replacements this rollout created, whatever the selection (names select only the
        // originals).
        let repl = self
            .vms
            .list(&ListParams::default().labels(&format!(
                "{}={}",
                state::LABEL_ROLLOUT,
                self.rollout
            )))
            .await
            .map_err(|e| api_err("listing replacement VirtualMachines", e))?
            .items;
        for r in repl {
            if !vms.iter().any(|v| name(v) == name(&r)) {
                vms.push(r);
            }
        }
        self.note_slots(vms.iter());
        if !self.previous.is_empty() {
            vms.retain(|v| self.previous_for(&to_value(v)).is_some());
        }
        Ok(vms)
    }

    /// The group and the VMIs from the watch caches, when they are at least as new as the last
    /// list (every object listed then is there with the same or a later resourceVersion).
    /// None: list instead (no cache, the last pass acted, or a cache lags).
    /// Note the resourceVersion a write of ours returned: the caches are not read until
    /// they show it.
    fn wrote(&self, o: &DynamicObject) {
        if let (Some(rv), Ok(mut w)) = (rv(o), self.written.lock()) {
            w.insert(format!("vm/{}", name(o)), rv);
        }
    }

    /// Whether the caches show at least what the last list and our own writes since did.
    fn cache_current(&self) -> bool {
        let Some([sel, repl, vmis]) = self.cache.as_ref() else {
            return false;
        };
        let mut seen: HashMap<String, u64> = HashMap::new();
        for (kind, store) in [("vm", sel), ("vm", repl), ("vmi", vmis)] {
            // A VM in both VM caches counts with its older copy: either may be the one read.
            for o in store.state() {
                let v = rv(&o).unwrap_or(0);
                seen.entry(format!("{kind}/{}", name(&o)))
                    .and_modify(|r| *r = (*r).min(v))
                    .or_insert(v);
            }
        }
        self.floor
            .iter()
            .all(|(k, f)| seen.get(k).is_some_and(|r| r >= f))
    }

    /// The selected VMs and the namespace's VMIs from the caches (shared, not copied: a pass
    /// comes with every watch event), or None when they may be behind.
    #[allow(clippy::type_complexity)]
    fn cached(
        &self,
        rec: &RolloutRecord,
    ) -> Option<(Vec<Arc<DynamicObject>>, Vec<Arc<DynamicObject>>)> {
        let [sel, repl, vmis] = self.cache.as_ref()?;
        if self.fresh {
            return None;
        }
        let mut vms: Vec<Arc<DynamicObject>> = sel.state();
        if rec.selector.is_none() {
            vms.retain(|v| selected_by_name(v, &rec.names));
        }
        for r in repl.state() {
            if !vms.iter().any(|v| v.metadata.name == r.metadata.name) {
                vms.push(r);
            }
        }
        self.note_slots(vms.iter().map(|v| &**v));
        if !self.previous.is_empty() {
            vms.retain(|v| self.previous_for(&to_value(v)).is_some());
        }
        let vmis: Vec<Arc<DynamicObject>> = vmis.state();
        self.cache_current().then_some((vms, vmis))
    }

    /// The target object of `vm` for the current revision (None: not part of it).
    fn target(&self, rec: &RolloutRecord, vm: &Value) -> Option<Value> {
        if rec.status == Status::RollingBack || rec.status == Status::RolledBack {
            let prev = self.previous_for(vm)?;
            let mut t = vm.clone();
            t["spec"] = prev.get("spec").cloned().unwrap_or(Value::Null);
            for k in ["labels", "annotations"] {
                let mut m = prev
                    .pointer(&format!("/metadata/{k}"))
                    .cloned()
                    .unwrap_or(json!({}));
                // Keep our own bookkeeping annotations and a replacement's labels: they are
                // not part of the VM.
                let ours = |a: &str| {
                    a.starts_with(ladder::OWN_PREFIX)
                        || [
                            state::LABEL_ROLLOUT,
                            state::LABEL_INSTANCE,
                            state::LABEL_GENERATION,
                        ]
                        .contains(&a)
                };
                if let (Some(m), Some(cur)) = (
                    m.as_object_mut(),
                    vm.pointer(&format!("/metadata/{k}"))
                        .and_then(Value::as_object),
                ) {
                    m.retain(|a, _| !ours(a));
                    for (a, b) in cur {
                        if ours(a) {
                            m.insert(a.clone(), b.clone());
                        }
                    }
                }
                t["metadata"][k] = m;
            }
            return Some(t);
        }
        Some(rec.change.target(vm))
    }

    /// Observe the group as the planner sees it.
    pub async fn observe(
        &mut self,
        rec: &RolloutRecord,
    ) -> Result<(Vec<ObservedVm>, BTreeMap<String, Arc<DynamicObject>>), RollError> {
        let (vms, vmis) = match self.cached(rec) {
            Some(c) => c,
            None => {
                let vms = self.list_vms(rec).await?;
                let vmis = self
                    .vmis
                    .list(&ListParams::default())
                    .await
                    .map_err(|e| api_err("listing VirtualMachineInstances", e))?
                    .items;
                self.floor = vms
                    .iter()
                    .map(|o| ("vm", o))
                    .chain(vmis.iter().map(|o| ("vmi", o)))
                    .map(|(k, o)| (format!("{k}/{}", name(o)), rv(o).unwrap_or(u64::MAX)))
                    .collect();
                self.fresh = false;
                (
                    vms.into_iter().map(Arc::new).collect(),
                    vmis.into_iter().map(Arc::new).collect(),
                )
            }
        };
        let now = now_ms();
        let vmi_snaps: Vec<VmiSnapshot> = vmis.iter().map(|i| vmi_snapshot(i)).collect();
        let mut snapshot = Snapshot {
            vms: Vec::with_capacity(vms.len()),
            vmis: vmi_snaps,
        };
        for vm in &vms {
            let n = vm.metadata.name.as_deref().unwrap_or_default();
            let running = snapshot.vmi_of(n).is_some_and(VmiSnapshot::running);
            let needed = self.needed(rec, vm, running);
            snapshot.vms.push(VmSnapshot {
                name: n,
                data: &vm.data,
                annotations: vm.metadata.annotations.as_ref().unwrap_or(&NO_ANNOTATIONS),
                created_ms: vm
                    .metadata
                    .creation_timestamp
                    .as_ref()
                    .map(|t| t.0.as_millisecond().max(0) as Millis)
                    .unwrap_or(0),
                deleting: vm.metadata.deletion_timestamp.is_some(),
                needed,
            });
        }
        // The probes are the one part of observing that does I/O: run them here, in order,
        // and hand the results to the pure rules.
        let mut probes = HashMap::new();
        if let Some(p) = &rec.probe {
            for due in observe::probes_due(rec, &snapshot, &self.memory, now) {
                let ok = match &due.address {
                    Some(ip) => p.check(ip).await,
                    None => false,
                };
                probes.insert(due.uid, ok);
            }
        }
        let seen = observe::observe(
            &self.rollout,
            rec,
            &snapshot,
            &probes,
            &mut self.memory,
            now,
        );
        drop(snapshot);
        self.probe_pending = seen.probe_pending;
        self.ready_of = seen.ready_of;
        let objs = vms.into_iter().map(|vm| (name(&vm), vm)).collect();
        Ok((seen.vms, objs))
    }

    /// The ladder level `vm` needs to reach the rollout's target. The decision is a function
    /// of the VM object, whether it runs and the rollout's target: remembered per
    /// resourceVersion, since a pass comes with every watch event and recomputing it for 200
    /// VMs each time cost the benchmark more than any other part of the client.
    fn needed(&mut self, rec: &RolloutRecord, vm: &DynamicObject, running: bool) -> Option<Level> {
        let n = name(vm);
        let memo_key = (
            vm.metadata.resource_version.clone().unwrap_or_default(),
            running,
            rec.revision,
            rec.status,
        );
        match self.needed_memo.get(&n) {
            Some((k, level)) if *k == memo_key && !memo_key.0.is_empty() => *level,
            _ => {
                let v = to_value(vm);
                let level = self
                    .target(rec, &v)
                    .and_then(|t| ladder::decide(&v, &t, running));
                self.needed_memo.insert(n, (memo_key, level));
                level
            }
        }
    }

    async fn event(&self, vm: &DynamicObject, reason: &str, message: &str, warning: bool) {
        let now = format_rfc3339_micro(now_ms());
        let ev: Result<DynamicObject, _> = serde_json::from_value(json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"generateName": format!("{}.", name(vm)), "namespace": self.namespace},
            "involvedObject": {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "name": name(vm),
                "namespace": self.namespace, "uid": vm.metadata.uid},
            "reason": reason, "message": message, "type": if warning { "Warning" } else { "Normal" },
            "source": {"component": MANAGER}, "reportingComponent": MANAGER,
            "firstTimestamp": now.get(..19).map(|s| format!("{s}Z")), "lastTimestamp": now.get(..19).map(|s| format!("{s}Z")), "count": 1,
        }));
        if let Ok(ev) = ev {
            // Events are a record for people; a failure to write one never stops a rollout.
            let _ = self.events.create(&PostParams::default(), &ev).await;
        }
    }

    async fn annotate(
        &self,
        vm: &str,
        progress: &Progress,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let mut body = json!({"metadata": {"annotations": state::progress_annotations(&self.rollout, rec.revision, progress)}});
        if let (Progress::Done, Some(r)) = (progress, self.ready_of.get(vm)) {
            body["metadata"]["annotations"][state::ANN_READY_SINCE] = json!(r);
        }
        let written = self
            .vms
            .patch(vm, &Self::pp(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err(&format!("annotating VirtualMachine {vm}"), e))?;
        self.wrote(&written);
        Ok(())
    }

    async fn update(
        &self,
        vm: &DynamicObject,
        level: Level,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let n = name(vm);
        // Kept during a rollback too, so that a later undo can return to the rolled-back revision.
        self.save_previous(vm, rec).await?;
        let v = to_value(vm);
        let Some(mut target) = self.target(rec, &v) else {
            return Ok(());
        };
        let vmi = self
            .vmis
            .get_opt(&n)
            .await
            .map_err(|e| api_err("reading a VirtualMachineInstance", e))?;
        let vmi_uid = vmi
            .as_ref()
            .and_then(|i| i.metadata.uid.clone())
            .unwrap_or_default();
        let progress = Progress::Updating {
            level,
            since: now_ms(),
        };
        if let Some(o) =
            state::progress_annotations(&self.rollout, rec.revision, &progress).as_object()
        {
            for (k, val) in o {
                target["metadata"]["annotations"][k] = val.clone();
            }
        }
        target["metadata"]["annotations"][state::ANN_VMI] = json!(vmi_uid);
        if let Some(o) = target.as_object_mut() {
            o.remove("status");
        }
        let obj: DynamicObject =
            serde_json::from_value(target).map_err(|e| RollError::State(e.to_string()))?;
        // A PUT with the resourceVersion we planned from: if anyone changed the VM since, it
        // fails with a conflict and the next pass plans again from the fresh object.
        let written = self
            .vms
            .replace(&n, &PostParams::default(), &obj)
            .await
            .map_err(|e| api_err(&format!("updating VirtualMachine {n}"), e))?;
        self.wrote(&written);
        let running = vmi.is_some();
        if level >= Level::Restart && running {
            self.restart(&n).await?;
            if let Ok(mut r) = self.restarted.lock() {
                r.insert((n.clone(), vmi_uid.clone()));
            }
        }
        self.event(
            vm,
            "RolloutUpdate",
            &format!(
                "rollout {} revision {}: {level}",
                self.rollout, rec.revision
            ),
            false,
        )
        .await;
        self.log(&format!("virtualmachine/{n}: {level}"));
        Ok(())
    }

    /// Whether the namespace's ResourceQuotas leave room for `n` more VMs like `vm`; the
    /// shortfall as a sentence when they do not.
    pub async fn quota_shortfall(
        &self,
        vm: &DynamicObject,
        n: u64,
    ) -> Result<Option<String>, RollError> {
        let api: Api<DynamicObject> = Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &ar("", "v1", "ResourceQuota", "resourcequotas"),
        );
        let quotas = api
            .list(&ListParams::default())
            .await
            .map_err(|e| api_err("listing ResourceQuotas", e))?
            .items;
        let quotas: Vec<Value> = quotas.iter().map(to_value).collect();
        let mem = vm
            .data
            .pointer("/spec/template/spec/domain/memory/guest")
            .or_else(|| {
                vm.data
                    .pointer("/spec/template/spec/domain/resources/requests/memory")
            })
            .and_then(Value::as_str)
            .and_then(ladder::quantity_bytes)
            .unwrap_or(0);
        Ok(super::budget::quota_shortfall(&quotas, n, mem))
    }

    /// Create the replacement of `old` from its target: a new VM `<name>-r<revision>` that
    /// carries the same labels (so the selector finds it) and remembers its slot.
    async fn create_replacement(
        &self,
        old: &DynamicObject,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let slot = name(old);
        let v = to_value(old);
        // The replaced VM's object is what an undo returns its replacement to.
        self.save_previous(old, rec).await?;
        if v.pointer("/spec/dataVolumeTemplates")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
        {
            return Err(RollError::Unsupported(format!(
                "virtualmachine/{slot} owns DataVolumes (a pet): replace would lose its disks; use --max-action restart"
            )));
        }
        let Some(mut t) = self.target(rec, &v) else {
            return Ok(());
        };
        let (new_name, instance, generation) = state::replacement_name(
            &slot,
            old.metadata.labels.as_ref().unwrap_or(&BTreeMap::new()),
        );
        let mut meta = json!({"name": new_name, "namespace": self.namespace,
            "labels": t.pointer("/metadata/labels").cloned().unwrap_or(json!({})),
            "annotations": t.pointer("/metadata/annotations").cloned().unwrap_or(json!({}))});
        meta["labels"][state::LABEL_ROLLOUT] = json!(self.rollout);
        meta["labels"][state::LABEL_INSTANCE] = json!(instance);
        meta["labels"][state::LABEL_GENERATION] = json!(generation.to_string());
        if let Some(a) = meta["annotations"].as_object_mut() {
            a.retain(|k, _| !k.starts_with(ladder::OWN_PREFIX));
        }
        let progress = Progress::Updating {
            level: Level::Replace,
            since: now_ms(),
        };
        if let Some(o) =
            state::progress_annotations(&self.rollout, rec.revision, &progress).as_object()
        {
            for (k, val) in o {
                meta["annotations"][k] = val.clone();
            }
        }
        meta["annotations"][state::ANN_SLOT] = json!(slot);
        t["metadata"] = meta;
        if let Some(o) = t.as_object_mut() {
            o.remove("status");
        }
        let obj: DynamicObject =
            serde_json::from_value(t).map_err(|e| RollError::State(e.to_string()))?;
        match self.vms.create(&PostParams::default(), &obj).await {
            Ok(_) => {}
            // Created by a client that was killed before it could go on.
            Err(kube::Error::Api(s)) if s.code == 409 => {}
            Err(e) => return Err(api_err(&format!("creating the replacement of {slot}"), e)),
        }
        self.event(
            old,
            "RolloutReplace",
            &format!(
                "rollout {} revision {}: replacement {new_name} created",
                self.rollout, rec.revision
            ),
            false,
        )
        .await;
        self.log(&format!("virtualmachine/{slot}: replace with {new_name}"));
        Ok(())
    }

    /// One action on one VM (update, mark, delete): independent of every other VM's, so a
    /// plan's run of them goes out concurrently. A conflict comes back as `Ok(false)`: the VM
    /// changed under us and the next pass plans again from the fresh object.
    async fn vm_action(
        &self,
        a: &Action,
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        match self.vm_action_once(a, rec, objs).await {
            Err(e) if e.code() == Some(409) => {
                // The VM changed under us (another writer, or KubeVirt's status): refresh it
                // before planning again, since nothing we wrote will bring an event.
                if let (Some(vm), Ok(mut c)) = (action_vm(a), self.conflicted.lock()) {
                    let planned = objs.get(vm).and_then(|o| rv(o)).unwrap_or(0);
                    c.insert(vm.clone(), planned);
                }
                Ok(false)
            }
            r => r,
        }
    }

    async fn vm_action_once(
        &self,
        a: &Action,
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        match a {
            Action::Update { vm, level } => {
                if let Some(o) = objs.get(vm) {
                    self.update(o, *level, rec).await?;
                }
            }
            Action::MarkDone { vm } => {
                self.annotate(vm, &Progress::Done, rec).await?;
                if let Some(o) = objs.get(vm) {
                    self.event(
                        o,
                        "RolloutUpdated",
                        &format!(
                            "rollout {} revision {}: updated and available",
                            self.rollout, rec.revision
                        ),
                        false,
                    )
                    .await;
                }
                self.log(&format!("virtualmachine/{vm}: updated"));
            }
            Action::MarkFailed { vm, reason } => {
                self.annotate(
                    vm,
                    &Progress::Failed {
                        reason: reason.clone(),
                    },
                    rec,
                )
                .await?;
                if let Some(o) = objs.get(vm) {
                    self.event(o, "RolloutFailed", reason, true).await;
                }
                eprintln!("virtualmachine/{vm}: failed: {reason}");
            }
            Action::MarkSkipped { vm, needed } => {
                self.annotate(vm, &Progress::Skipped { needed: *needed }, rec)
                    .await?;
                eprintln!(
                    "virtualmachine/{vm}: left alone: needs {needed}, more than --max-action {}",
                    rec.spec.max_action
                );
            }
            Action::Delete { vm } => {
                if let Some(o) = objs.get(vm) {
                    self.event(o, "RolloutDelete", &format!("rollout {} revision {}: deleted after its replacement stayed Ready for --min-ready", self.rollout, rec.revision), false).await;
                }
                match self
                    .vms
                    .delete(vm, &kube::api::DeleteParams::default())
                    .await
                {
                    Ok(_) => {}
                    Err(kube::Error::Api(s)) if s.code == 404 => {}
                    Err(e) => return Err(api_err(&format!("deleting VirtualMachine {vm}"), e)),
                }
                self.log(&format!("virtualmachine/{vm}: deleted (replaced)"));
            }
            _ => {}
        }
        Ok(true)
    }

    /// Run a batch of per-VM actions (each on a different VM) at most [`ACTION_CONCURRENCY`]
    /// at a time. Done one by one, a batch of 20 restarts (five requests each) took ~300 ms
    /// to start, which the budget then sat idle for. Every action goes to completion, so a
    /// conflict on one VM does not leave another half-done; the first error is returned.
    async fn vm_actions(
        &self,
        batch: &[&Action],
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        use futures_util::StreamExt;
        let results: Vec<Result<bool, RollError>> = futures_util::stream::iter(batch)
            .map(|a| self.vm_action(a, rec, objs))
            .buffer_unordered(ACTION_CONCURRENCY)
            .collect()
            .await;
        let mut all_applied = true;
        for r in results {
            all_applied &= r?;
        }
        Ok(all_applied)
    }

    /// Carry out one plan; returns Some(status) when the rollout ended.
    async fn execute(
        &mut self,
        plan: &Plan,
        rec: &mut RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<Option<Status>, RollError> {
        let mut batch: Vec<&Action> = vec![];
        for (i, a) in plan.actions.iter().enumerate() {
            let vm = action_vm(a);
            // Actions run in plan order except within a run of per-VM actions on distinct VMs.
            let joins_batch = vm.is_some_and(|vm| !batch.iter().any(|b| action_vm(b) == Some(vm)));
            if !joins_batch && !batch.is_empty() {
                if !self.vm_actions(&batch, rec, objs).await? {
                    return Ok(None);
                }
                batch.clear();
            }
            if vm.is_some() {
                batch.push(a);
                continue;
            }
            match a {
                Action::CreateReplacement { slot } => {
                    if let Some(o) = objs.get(slot) {
                        // Before each surge VM: is there room in the namespace's quotas?
                        if let Some(short) = self.quota_shortfall(o, 1).await? {
                            self.quota_wait =
                                Some((i, format!("virtualmachine/{slot}: waiting: {short}")));
                            return Ok(None);
                        }
                        self.create_replacement(o, rec).await?;
                    }
                }
                Action::CanaryReached => {
                    if transition::canary_reached(rec, now_ms()) {
                        self.save(rec).await?;
                        return Ok(Some(Status::Paused));
                    }
                    self.save(rec).await?;
                }
                Action::PassCanary => {
                    rec.state.canary_passed = true;
                    self.save(rec).await?;
                }
                Action::Complete => {
                    transition::complete(rec);
                    self.save(rec).await?;
                    return Ok(Some(rec.status));
                }
                Action::Fail { reason, rollback } => {
                    eprintln!("rollout {}: {reason}", self.rollout);
                    if *rollback && rec.status == Status::Progressing {
                        self.begin_rollback(rec, reason, None).await?;
                        return Ok(None);
                    }
                    transition::fail(rec, reason);
                    self.save(rec).await?;
                    return Ok(Some(Status::Failed));
                }
                // Per-VM actions went into the batch above.
                _ => {}
            }
        }
        if !batch.is_empty() {
            self.vm_actions(&batch, rec, objs).await?;
        }
        Ok(None)
    }

    /// A client killed between updating a VM and asking for its restart leaves the VM
    /// Updating on its old VMI: ask again (the VMI uid tells whether the restart happened).
    async fn finish_interrupted_restarts(
        &self,
        observed: &[ObservedVm],
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<(), RollError> {
        for o in observed {
            let Progress::Updating { level, .. } = o.progress else {
                continue;
            };
            if level < Level::Restart || o.applied {
                continue;
            }
            let Some(vm) = objs.get(&o.name) else {
                continue;
            };
            let recorded = annotations(vm)
                .get(state::ANN_VMI)
                .cloned()
                .unwrap_or_default();
            // This process asked for that restart itself: not interrupted, only not seen
            // yet. (Reading each such VMI on every pass cost a batch of 20 restarts 20
            // requests per watch event.)
            let mine = self
                .restarted
                .lock()
                .is_ok_and(|r| r.contains(&(o.name.clone(), recorded.clone())));
            if mine {
                continue;
            }
            let vmi = self
                .vmis
                .get_opt(&o.name)
                .await
                .map_err(|e| api_err("reading a VirtualMachineInstance", e))?;
            if let Some(i) = vmi {
                if i.metadata.deletion_timestamp.is_none()
                    && i.metadata.uid.as_deref() == Some(recorded.as_str())
                {
                    self.log(&format!(
                        "virtualmachine/{}: restart again (interrupted)",
                        o.name
                    ));
                    self.restart(&o.name).await?;
                }
            }
        }
        Ok(())
    }

    async fn restart(&self, n: &str) -> Result<(), RollError> {
        let path = format!(
            "/apis/subresources.kubevirt.io/v1/namespaces/{}/virtualmachines/{n}/restart",
            self.namespace
        );
        let req = http::Request::put(path)
            .header("Content-Type", "application/json")
            .body(b"{}".to_vec())
            .map_err(|e| RollError::Api(e.to_string()))?;
        if let Err(e) = self.client.request_text(req).await {
            // 409: the VM stopped meanwhile; it will start on the new template.
            if !matches!(&e, kube::Error::Api(s) if s.code == 409) {
                return Err(api_err(&format!("restarting VirtualMachine {n}"), e));
            }
        }
        Ok(())
    }

    /// After a pass: the caches must show a newer object of every VM whose write conflicted
    /// (its floor goes above the version planned from), and the pause before the next pass
    /// grows with the conflicts in a row on one VM (20 ms doubling to 2 s). A VM that
    /// conflicts [`MAX_CONFLICTS`] times in a row stops the rollout with the reason; it stays
    /// resumable.
    fn note_conflicts(&mut self, plan: &Plan) -> Result<Duration, RollError> {
        let conflicts: Vec<(String, u64)> = match self.conflicted.lock() {
            Ok(mut c) => c.drain().collect(),
            Err(_) => vec![],
        };
        for a in &plan.actions {
            if let Some(vm) = action_vm(a) {
                if !conflicts.iter().any(|(n, _)| n == vm) {
                    self.conflict_counts.remove(vm);
                }
            }
        }
        let mut worst = 0u32;
        for (vm, planned) in conflicts {
            let f = self.floor.entry(format!("vm/{vm}")).or_insert(0);
            *f = (*f).max(planned.saturating_add(1));
            let n = self.conflict_counts.entry(vm.clone()).or_insert(0);
            *n = n.saturating_add(1);
            if *n >= MAX_CONFLICTS {
                return Err(RollError::State(format!(
                    "virtualmachine/{vm}: {n} updates in a row conflicted (409): another client keeps changing it; stop that client, then `kubectl vmmigrate roll resume`"
                )));
            }
            worst = worst.max(*n);
        }
        Ok(conflict_backoff(worst))
    }

    /// After a pass: when it stopped to wait for quota, say so once per changed reason and
    /// return the pause before the next look (250 ms doubling to 2 s). The pass wrote
    /// nothing from that action on, so the caches stay usable unless an earlier action
    /// deleted or created something.
    fn quota_waited(&mut self, plan: &Plan) -> Option<Duration> {
        let Some((stopped_at, line)) = self.quota_wait.take() else {
            if plan
                .actions
                .iter()
                .any(|a| matches!(a, Action::CreateReplacement { .. }))
            {
                self.quota_waits = 0;
                self.quota_said = None;
            }
            return None;
        };
        if self.quota_said.as_deref() != Some(line.as_str()) {
            eprintln!("{line}");
            self.quota_said = Some(line);
        }
        self.fresh = plan.actions.iter().take(stopped_at).any(|a| {
            !matches!(
                a,
                Action::Update { .. }
                    | Action::MarkDone { .. }
                    | Action::MarkFailed { .. }
                    | Action::MarkSkipped { .. }
            )
        });
        self.quota_waits = self.quota_waits.saturating_add(1);
        Some(quota_backoff(self.quota_waits))
    }

    /// Start the watch-fed caches of the selected VMs, this rollout's replacements and the
    /// namespace's VMIs; the stream yields once per event they take in.
    fn watch(
        &mut self,
        selector: Option<&str>,
    ) -> std::pin::Pin<Box<dyn futures_util::Stream<Item = ()> + Send>> {
        let (vm_res, vmi_res) = (
            ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
            ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstance",
                "virtualmachineinstances",
            ),
        );
        let vm_api: Api<DynamicObject> =
            Api::namespaced_with(self.client.clone(), &self.namespace, &vm_res);
        let vmi_api: Api<DynamicObject> =
            Api::namespaced_with(self.client.clone(), &self.namespace, &vmi_res);
        let sel_cfg = match &selector {
            Some(s) => watcher::Config::default().labels(s),
            None => watcher::Config::default(),
        };
        let repl_cfg = watcher::Config::default().labels(&format!(
            "{}={}",
            state::LABEL_ROLLOUT,
            self.rollout
        ));
        let (w_sel, w_repl, w_vmi) = (
            Writer::new(vm_res.clone()),
            Writer::new(vm_res.clone()),
            Writer::new(vmi_res.clone()),
        );
        self.cache = Some([w_sel.as_reader(), w_repl.as_reader(), w_vmi.as_reader()]);
        let events = futures_util::stream::select(
            futures_util::stream::select(
                reflector::reflector(w_sel, watcher::watcher(vm_api.clone(), sel_cfg)).map(|_| ()),
                reflector::reflector(w_repl, watcher::watcher(vm_api, repl_cfg)).map(|_| ()),
            ),
            reflector::reflector(w_vmi, watcher::watcher(vmi_api, watcher::Config::default()))
                .map(|_| ()),
        );
        Box::pin(events)
    }

    /// Drive the rollout until it completes, fails or pauses. Reacts to watch events on the
    /// VMs and VMIs of the namespace, and to the planner's wake-up times.
    pub async fn run(&mut self) -> Result<Status, RollError> {
        let selector = self.read().await?.and_then(|(r, _, _)| r.selector);
        let mut events = self.watch(selector.as_deref());
        loop {
            self.renew().await?;
            // The record is read again at most every 250 ms (a pass comes with every watch
            // event, and another writer's events came at 150/s, each pass a GET) unless
            // this client changed it: another client's pause or abort is seen within that.
            let recent = self
                .lease_read
                .as_ref()
                .filter(|(t, _)| t.elapsed() < Duration::from_millis(250))
                .map(|(_, r)| r.clone());
            let mut rec = match recent {
                Some(r) => r,
                None => {
                    let Some((r, _, _)) = self.read().await? else {
                        return Err(RollError::NotFound(format!(
                            "rollout {} vanished",
                            self.rollout
                        )));
                    };
                    self.lease_read = Some((tokio::time::Instant::now(), r.clone()));
                    r
                }
            };
            match rec.status {
                Status::Paused
                | Status::Aborted
                | Status::Complete
                | Status::Failed
                | Status::RolledBack => return Ok(rec.status),
                Status::RollingBack if self.previous.is_empty() => {
                    self.load_previous(rec.rollback_target(), rec.revision)
                        .await?;
                }
                _ => {}
            }
            let (observed, objs) = self.observe(&rec).await?;
            if self.drop_unfinished_replacements(&rec, &objs).await? {
                self.fresh = true;
                continue;
            }
            self.finish_interrupted_restarts(&observed, &objs).await?;
            let now = now_ms();
            let plan = planner::plan(&rec.spec, &rec.state, &observed, now);
            let acted = !plan.actions.is_empty();
            // Writes whose results we know (updates and progress marks on VMs) need no list
            // afterwards: the next pass waits until the caches show them. Anything else
            // (deletes, replacements, the rollout's own state) lists again, as a killed
            // client's successor does.
            let known_writes = plan.actions.iter().all(|a| {
                matches!(
                    a,
                    Action::Update { .. }
                        | Action::MarkDone { .. }
                        | Action::MarkFailed { .. }
                        | Action::MarkSkipped { .. }
                )
            });
            if acted && !known_writes {
                self.fresh = true;
                self.lease_read = None;
            }
            let ended = self.execute(&plan, &mut rec, &objs).await;
            if let Ok(mut w) = self.written.lock() {
                for (k, v) in w.drain() {
                    let f = self.floor.entry(k).or_insert(0);
                    *f = (*f).max(v);
                }
            }
            if let Some(end) = ended? {
                return Ok(end);
            }
            let backoff = self.note_conflicts(&plan)?;
            if let Some(wait) = self.quota_waited(&plan) {
                // Quota is kept by another controller and comes with no VM event: look again
                // after a growing pause, reading the watches meanwhile.
                let renew_by = Duration::from_millis((self.lease_seconds * 1000 / 3).max(1));
                let end = tokio::time::Instant::now() + wait.min(renew_by);
                while let Ok(Some(_)) = tokio::time::timeout_at(end, events.next()).await {}
                continue;
            }
            if acted {
                // A pass that does again what the last one did made no progress: slow down,
                // and stop with the reason when it goes on.
                let repeat = self
                    .repeat
                    .after(&plan.actions, !backoff.is_zero())
                    .map_err(|r| RollError::State(format!("rollout {}: {r}", self.rollout)))?;
                let backoff = backoff.max(repeat);
                // A list costs the server (and us) far more than waiting a few ms for the
                // watch events of our own writes; after 250 ms, list after all.
                let until = tokio::time::Instant::now() + Duration::from_millis(250);
                while !self.fresh && !self.cache_current() {
                    match tokio::time::timeout_at(until, events.next()).await {
                        Ok(Some(_)) => {}
                        _ => break,
                    }
                }
                // After a conflict, give the other writer room (the caches keep reading).
                let end = tokio::time::Instant::now() + backoff;
                while let Ok(Some(_)) = tokio::time::timeout_at(end, events.next()).await {}
                continue;
            }
            // Nothing to do until the cluster changes or a timer ends; renew the Lease at
            // least every 5 s meanwhile.
            let wait = plan
                .wake_at
                .map(|t| t.saturating_sub(now_ms()))
                .unwrap_or(5_000)
                .clamp(1, (self.lease_seconds * 1000 / 3).max(1));
            // A failing probe changes nothing in the cluster: look again soon.
            let wait = if self.probe_pending {
                wait.min(250)
            } else {
                wait
            };
            let _ = tokio::time::timeout(Duration::from_millis(wait), events.next()).await;
            // Let a burst of events settle into one pass, but never for long: a fleet that is
            // booting sends events every few ms, and an unbounded wait for quiet would hold
            // back the next restart.
            let settle = tokio::time::Instant::now() + Duration::from_millis(10);
            while let Ok(Ok(Some(_))) = tokio::time::timeout_at(
                settle,
                tokio::time::timeout(Duration::from_millis(2), events.next()),
            )
            .await
            {}
        }
    }
}

/// What a VM's ladder decision was made from: its resourceVersion, whether it ran, and the
/// rollout's revision and status.
type NeededKey = (String, bool, u64, Status);

/// Whether a VM is one of `names`, or a replacement of one of them.
fn selected_by_name(vm: &DynamicObject, names: &[String]) -> bool {
    let n = name(vm);
    names.contains(&n)
        || vm
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(state::LABEL_INSTANCE))
            .is_some_and(|i| names.contains(i))
}

/// The VM a per-VM action works on.
fn action_vm(a: &Action) -> Option<&String> {
    match a {
        Action::Update { vm, .. }
        | Action::MarkDone { vm }
        | Action::MarkFailed { vm, .. }
        | Action::MarkSkipped { vm, .. }
        | Action::Delete { vm } => Some(vm),
        _ => None,
    }
}

/// A VMI as the pure rules of [`observe`] read it.
fn vmi_snapshot(i: &DynamicObject) -> VmiSnapshot<'_> {
    VmiSnapshot {
        name: i.metadata.name.as_deref().unwrap_or_default(),
        uid: i.metadata.uid.as_deref().unwrap_or_default(),
        deleting: i.metadata.deletion_timestamp.is_some(),
        data: &i.data,
        ready_transition_ms: ObservedVmi::read(&i.data)
            .condition("Ready")
            .and_then(|c| c.last_transition_time)
            .and_then(rfc3339_ms),
    }
}

/// The annotations of an object that has none.
static NO_ANNOTATIONS: BTreeMap<String, String> = BTreeMap::new();

/// An object's resourceVersion as a number (the API server's are etcd revisions); None when
/// it is not one, and then the cache is never trusted over a list.
fn rv(o: &DynamicObject) -> Option<u64> {
    o.metadata.resource_version.as_deref()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_round_trip() {
        let ms = 1_764_380_000_123;
        let s = format_rfc3339_micro(ms);
        assert_eq!(s, "2025-11-29T01:33:20.123000Z", "a Lease MicroTime");
        assert_eq!(rfc3339_ms(&s), Some(ms));
        // Whole seconds count as the end of that second.
        assert_eq!(rfc3339_ms("1970-01-01T00:00:01Z"), Some(1_999));
    }

    #[test]
    fn server_errors_read_like_kubectl() {
        let forbidden = kube::core::Status::failure(
            "leases.coordination.k8s.io is forbidden: User \"u\" cannot create resource \"leases\"",
            "Forbidden",
        )
        .with_code(403);
        let e = api_err(
            "creating the rollout Lease",
            kube::Error::Api(Box::new(forbidden)),
        );
        assert_eq!(e.code(), Some(403));
        assert_eq!(
            e.to_string(),
            "Error from server (Forbidden): error when creating the rollout Lease: leases.coordination.k8s.io is forbidden: User \"u\" cannot create resource \"leases\""
        );
        let page =
            kube::core::Status::failure("404 page not found\n", "Failed to parse error data")
                .with_code(404);
        let e = api_err(
            "restarting VirtualMachine a",
            kube::Error::Api(Box::new(page)),
        );
        assert_eq!(
            e.to_string(),
            "Error from server (NotFound): error when restarting VirtualMachine a: 404 page not found"
        );
    }
}
