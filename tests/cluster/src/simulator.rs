//! KubeVirt + CDI simulator. It talks only through the Kubernetes API (a `kube::Client`), so it
//! runs against the emulator or a real cluster that has the KubeVirt/CDI CRDs but no
//! controllers. A reconcile loop plays virt-controller, virt-handler and the CDI importer. Like
//! a real controller it runs a pass as soon as a watch reports a change to a VM, VMI,
//! DataVolume or migration (so a restart is picked up within one round trip, not a tick
//! later), and otherwise every `tick`, which moves time-driven phases (boot, import) on:
//!
//! - VirtualMachine -> VirtualMachineInstance per `runStrategy` (Always, RerunOnFailure,
//!   Manual, Halted, Once; legacy `running`), owned by the VM; a deleted or failed VMI of an
//!   `Always` VM is recreated from the current template (what a restart does);
//! - VMI phases Pending -> Scheduling -> Scheduled -> Running over the boot time, then the
//!   `Ready` and `AgentConnected` conditions;
//! - VM status: `printableStatus`, `ready`, `created`, `conditions` (Ready, RestartRequired),
//!   `observedGeneration` (the running VMI's `kubevirt.io/vm-generation`, see [`generation`]),
//!   `desiredGeneration`;
//! - LiveUpdate: CPU sockets (up to `maxSockets`, default 4x) and memory guest (up to
//!   `maxGuest`, default 4x) reach the running VMI; other template changes raise
//!   `RestartRequired` until the next restart;
//! - `dataVolumeTemplates` -> DataVolumes (Pending, ImportScheduled, ImportInProgress with
//!   `status.progress`, Succeeded) and a bound PVC; the VMI starts once they succeeded; a
//!   failed import stays ImportInProgress with CDI's `Running`/`Error` condition
//!   ([`conditions`]), which the VM shows as `DataVolumeError`;
//! - VirtualMachineInstanceMigration: phases, a duration, the VM shows `Migrating`, the VMI
//!   moves to another node (or stays, when the migration fails);
//! - what virt-controller and CDI's DataVolume controller write into metadata (see [`meta`];
//!   `SimConfig::kubevirt_metadata`, on by default): the VM's observed-API-version annotations
//!   and its finalizer (removed once the VMI is gone, so a deleted VM goes away), the legacy
//!   firmware UUID of a VM that has none, and on DataVolumes the `kubevirt.io/created-by` label and CDI's `usePopulator` annotation;
//! - VirtualMachinePools: replicas, scale-in, state preservation, autohealing, updates
//!   (see [`pool`]);
//! - per-VM behaviour annotations (see [`ann`]);
//! - an availability timeline: how many VMs of a label selector were not Ready over time.

use crate::selector::LabelSelector;
use crate::util::PointerAt;
use kube::api::{
    Api, ApiResource, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams,
};
use kube::core::GroupVersionKind;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Behaviour annotations, set on the VirtualMachine (copied to its VMI and DataVolumes) or on
/// the object itself.
pub mod ann {
    /// Seconds from VMI creation to Running (float).
    pub const BOOT_SECONDS: &str = "sim.vmmigrate.io/boot-seconds";
    /// `"true"`: the VMI goes to Failed instead of Running.
    pub const FAIL_BOOT: &str = "sim.vmmigrate.io/fail-boot";
    /// `"true"`: the VMI runs but never becomes Ready.
    pub const NEVER_READY: &str = "sim.vmmigrate.io/never-ready";
    /// Seconds after Running at which the VMI crashes (Failed).
    pub const CRASH_AFTER_SECONDS: &str = "sim.vmmigrate.io/crash-after-seconds";
    /// `"true"`: DataVolume imports fail.
    pub const IMPORT_FAIL: &str = "sim.vmmigrate.io/import-fail";
    /// Seconds a DataVolume import takes (float).
    pub const IMPORT_SECONDS: &str = "sim.vmmigrate.io/import-seconds";
    /// `"true"` on a VMIM (or the VMI): the migration fails.
    pub const MIGRATION_FAIL: &str = "sim.vmmigrate.io/migration-fail";
    /// The address the VMI reports in `status.interfaces[0].ipAddress` (default 10.0.0.10),
    /// e.g. 127.0.0.1 to let a client probe a test's local listener.
    pub const IP_ADDRESS: &str = "sim.vmmigrate.io/ip-address";
}

pub mod conditions;
pub mod generation;
mod lifecycle;
pub mod meta;
mod migratable;
mod nodes;
pub mod pool;
pub mod troubles;
mod upload;

use conditions::{import_error, import_error_status, not_ready_pod};

const MANAGER: &str = "vmmigrate-simulator";
/// Objects reconciled at once within a pass.
const WORKERS: usize = 16;

#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Default VMI boot time.
    pub boot_time: Duration,
    /// Reconcile interval.
    pub tick: Duration,
    /// Default DataVolume import time.
    pub import_time: Duration,
    /// Live migration duration.
    pub migration_time: Duration,
    /// Simulated node names (VMIs start on the first, migrations move them to the next).
    pub nodes: Vec<String>,
    /// Extra time between a pass's status writes and the availability sample it records,
    /// as a loaded machine stretches it (zero by default). The harness's own tests use it to
    /// make certain the race of issue 25: a client that sees a VM Ready in the API before
    /// the simulator's timeline says so.
    pub sample_lag: Duration,
    /// Write the metadata of [`meta`] as virt-controller and CDI do (on by default). Off, a
    /// VM gets no finalizer, so deleting it does not wait for the simulator.
    pub kubevirt_metadata: bool,
    /// Play CDI's upload path for DataVolumes with an `upload` source (`simulator/upload.rs`:
    /// they wait in UploadReady for the upload proxy). Off by default: such DataVolumes then
    /// import on the import timeline like the others, as the tests written before the upload
    /// proxy (issue 21) expect.
    pub cdi_upload: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            boot_time: Duration::from_secs(2),
            tick: Duration::from_millis(50),
            import_time: Duration::from_secs(1),
            migration_time: Duration::from_secs(1),
            nodes: vec!["sim-node-1".into(), "sim-node-2".into()],
            sample_lag: Duration::ZERO,
            kubevirt_metadata: true,
            cdi_upload: false,
        }
    }
}

/// One VM's state at a sample instant.
#[derive(Debug, Clone, PartialEq)]
pub struct VmSample {
    pub namespace: String,
    pub name: String,
    pub labels: BTreeMap<String, String>,
    pub ready: bool,
}

#[derive(Default)]
struct SimState {
    /// First time each VMI / DV / VMIM (by uid) was seen.
    seen: HashMap<String, Instant>,
    /// Time each VMI reached Running.
    running_since: HashMap<String, Instant>,
    /// VMs with runStrategy Once whose single run has been started.
    once_started: BTreeSet<String>,
    /// Changes of the VM availability vector: (time since start, states).
    samples: Vec<(Duration, Vec<VmSample>)>,
    errors: Vec<String>,
    /// How long each reconcile pass took.
    pass_times: Vec<Duration>,
    /// Per VM (namespace/name): the resourceVersions its last reconcile saw, when, and
    /// whether it was Ready.
    vm_memo: HashMap<String, (String, Instant, bool)>,
    /// The pool controller's memory ([`pool`]).
    pool: pool::PoolState,
    /// The template each VMI (by uid) was started from: KubeVirt's start revision
    /// ([`generation`]).
    start_templates: HashMap<String, Value>,
    /// VMIs (by uid) the request lane deleted ([`lifecycle`]).
    stopped: BTreeSet<String>,
    /// Each VM's place (`namespace/name`) in the last sample.
    sample_index: HashMap<String, usize>,
    /// The earliest moment a VMI's boot ends, as the last pass found: the next pass runs
    /// then rather than up to a tick later.
    next_due: Option<Instant>,
    /// The simulator's own status writes (by uid) until its caches show them: see
    /// [`Reconciler::newest`].
    own_writes: HashMap<String, Arc<DynamicObject>>,
}

/// A running simulator; dropping it stops it.
pub struct Simulator {
    task: tokio::task::JoinHandle<()>,
    watches: Vec<tokio::task::JoinHandle<()>>,
    state: Arc<Mutex<SimState>>,
    start: Instant,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.task.abort();
        for w in &self.watches {
            w.abort();
        }
    }
}

fn ar(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

struct Apis {
    client: kube::Client,
    vm: ApiResource,
    vmi: ApiResource,
    vmim: ApiResource,
    dv: ApiResource,
    pvc: ApiResource,
    pool: ApiResource,
}

impl Apis {
    fn ns(&self, r: &ApiResource, ns: &str) -> Api<DynamicObject> {
        Api::namespaced_with(self.client.clone(), ns, r)
    }
    fn all(&self, r: &ApiResource) -> Api<DynamicObject> {
        Api::all_with(self.client.clone(), r)
    }
}

impl Simulator {
    /// Start reconciling in the background (needs a tokio runtime).
    pub fn start(client: kube::Client, cfg: SimConfig) -> Self {
        let state = Arc::new(Mutex::new(SimState::default()));
        let start = Instant::now();
        let apis = Apis {
            client,
            vm: ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
            vmi: ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstance",
                "virtualmachineinstances",
            ),
            vmim: ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstanceMigration",
                "virtualmachineinstancemigrations",
            ),
            dv: ar("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes"),
            pvc: ar("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims"),
            pool: pool::pools(),
        };
        let st = state.clone();
        let (client, names) = (apis.client.clone(), cfg.nodes.clone());
        let register = tokio::spawn(async move { nodes::register(&client, &names).await });
        // Any change to the kinds it reconciles wakes the loop (a stored permit when it is
        // busy, so a change during a pass gets one more pass, never a lost wake-up). A watch
        // that fails (kind not installed yet) retries with kube's backoff; the tick covers it.
        let changed = Arc::new(tokio::sync::Notify::new());
        // VMs with start/stop/restart requests, and VMs whose VMI changed, go to the
        // request lane too (see `lifecycle`).
        let (urgent_tx, urgent_rx) = tokio::sync::mpsc::unbounded_channel::<(String, String)>();
        let mut readers = vec![];
        // (Pools are watched like the rest, as virt-controller's pool informer does: listing
        // them on every pass was a request per pass, hundreds in a roll of 200 VMs.)
        let watches: Vec<_> = [&apis.vm, &apis.vmi, &apis.dv, &apis.vmim, &apis.pool]
            .into_iter()
            .enumerate()
            .map(|(kind, r)| {
                let api = apis.all(r);
                let changed = changed.clone();
                let urgent = (kind < 2).then(|| urgent_tx.clone());
                let writer =
                    kube::runtime::reflector::store::Writer::<DynamicObject>::new(r.clone());
                readers.push(writer.as_reader());
                tokio::spawn(async move {
                    use futures_util::StreamExt;
                    use kube::runtime::WatchStreamExt;
                    let events = kube::runtime::reflector(
                        writer,
                        kube::runtime::watcher(api, kube::runtime::watcher::Config::default()),
                    )
                    .default_backoff();
                    futures_util::pin_mut!(events);
                    while let Some(e) = events.next().await {
                        if let (Ok(e), Some(urgent)) = (&e, &urgent) {
                            lifecycle::note_event(urgent, kind == 0, e);
                        }
                        if e.is_ok() {
                            changed.notify_one();
                        }
                    }
                })
            })
            .collect();
        drop(urgent_tx);
        let shared = Arc::new((apis, Stores(readers), cfg));
        let lane = {
            let (shared, st) = (shared.clone(), st.clone());
            tokio::spawn(async move {
                let (apis, stores, cfg) = &*shared;
                let r = Reconciler {
                    apis,
                    stores,
                    cfg,
                    st: &st,
                    start,
                };
                r.request_lane(urgent_rx).await;
            })
        };
        let task = tokio::spawn(async move {
            let _ = register.await;
            let (apis, stores, cfg) = &*shared;
            loop {
                let began = Instant::now();
                let mut r = Reconciler {
                    apis,
                    stores,
                    cfg,
                    st: &st,
                    start,
                };
                r.lock().next_due = None;
                if let Err(e) = r.pass().await {
                    r.record_error(e);
                }
                let due = {
                    let mut s = r.lock();
                    s.pass_times.push(began.elapsed());
                    s.next_due
                };
                let tick = Instant::now() + cfg.tick;
                let wake = due.map_or(tick, |d| d.min(tick));
                tokio::select! {
                    _ = changed.notified() => {}
                    _ = tokio::time::sleep_until(wake.into()) => {}
                }
            }
        });
        let mut watches = watches;
        watches.push(lane);
        Simulator {
            task,
            watches,
            state,
            start,
        }
    }

    /// Durations of the reconcile passes so far, sorted (for benchmarks to report).
    pub fn pass_times(&self) -> Vec<Duration> {
        let mut t = self.lock().pass_times.clone();
        t.sort();
        t
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// The availability timeline of the VMs matching `selector` (label selector syntax):
    /// (time since the simulator started, number of matching VMs not Ready), one entry per
    /// change.
    pub fn timeline(&self, selector: &str) -> Vec<(Duration, usize)> {
        self.count_timeline(selector, false)
    }

    /// Like [`Simulator::timeline`], but the number of matching VMs that *were* Ready: with
    /// surge (replacements), fewer not-Ready VMs does not mean more Ready ones.
    pub fn ready_timeline(&self, selector: &str) -> Vec<(Duration, usize)> {
        self.count_timeline(selector, true)
    }

    /// How many matching VMs had `ready == ready` over time, one entry per change.
    fn count_timeline(&self, selector: &str, ready: bool) -> Vec<(Duration, usize)> {
        let sel = LabelSelector::parse(selector).unwrap_or_default();
        let mut out: Vec<(Duration, usize)> = vec![];
        for (t, vms) in &self.lock().samples {
            let n = vms
                .iter()
                .filter(|s| {
                    s.ready == ready && sel.matches(&json!({"metadata": {"labels": s.labels}}))
                })
                .count();
            if out.last().map(|l| l.1) != Some(n) {
                out.push((*t, n));
            }
        }
        out
    }

    /// Each time a matching VM was not Ready: (namespace/name, from, to), times since the
    /// simulator started; a span still open at the last sample ends there. A VM that first
    /// appears not Ready starts a span too (a surge VM booting).
    pub fn not_ready_spans(&self, selector: &str) -> Vec<(String, Duration, Duration)> {
        let sel = LabelSelector::parse(selector).unwrap_or_default();
        let mut open: BTreeMap<String, Duration> = BTreeMap::new();
        let mut out = vec![];
        let state = self.lock();
        let mut last_t = Duration::ZERO;
        for (t, vms) in &state.samples {
            last_t = *t;
            let mut seen = BTreeSet::new();
            for s in vms {
                if !sel.matches(&json!({"metadata": {"labels": s.labels}})) {
                    continue;
                }
                let key = format!("{}/{}", s.namespace, s.name);
                seen.insert(key.clone());
                match (s.ready, open.get(&key)) {
                    (false, None) => {
                        open.insert(key, *t);
                    }
                    (true, Some(from)) => {
                        out.push((key.clone(), *from, *t));
                        open.remove(&key);
                    }
                    _ => {}
                }
            }
            // A VM gone from the group (a replaced one deleted) ends its span.
            let gone: Vec<String> = open
                .keys()
                .filter(|k| !seen.contains(*k))
                .cloned()
                .collect();
            for k in gone {
                if let Some(from) = open.remove(&k) {
                    out.push((k, from, *t));
                }
            }
        }
        out.extend(open.into_iter().map(|(k, from)| (k, from, last_t)));
        out
    }

    /// Largest number of matching VMs that existed at the same time (Ready or not), after
    /// `since` (time since start): what a surge may not exceed.
    pub fn max_matching_since(&self, selector: &str, since: Duration) -> usize {
        let sel = LabelSelector::parse(selector).unwrap_or_default();
        let state = self.lock();
        let mut max = 0;
        for (i, (t, vms)) in state.samples.iter().enumerate() {
            let ends_after = state.samples.get(i + 1).is_none_or(|next| next.0 > since);
            if *t < since && !ends_after {
                continue;
            }
            let n = vms
                .iter()
                .filter(|s| sel.matches(&json!({"metadata": {"labels": s.labels}})))
                .count();
            max = max.max(n);
        }
        max
    }

    /// Largest number of matching VMs that were not Ready at the same time, after `since`
    /// (time since start).
    pub fn max_not_ready_since(&self, selector: &str, since: Duration) -> usize {
        let tl = self.timeline(selector);
        let mut max = 0;
        for (i, (t, n)) in tl.iter().enumerate() {
            let ends_after = tl.get(i + 1).is_none_or(|next| next.0 > since);
            if *t >= since || ends_after {
                max = max.max(*n);
            }
        }
        max
    }

    /// Time since the simulator started.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// API errors the loop met (it keeps going).
    pub fn errors(&self) -> Vec<String> {
        self.lock().errors.clone()
    }
}

fn annotation<'a>(o: &'a DynamicObject, key: &str) -> Option<&'a str> {
    o.metadata
        .annotations
        .as_ref()
        .and_then(|a| a.get(key))
        .map(String::as_str)
}

fn secs(o: &DynamicObject, key: &str) -> Option<Duration> {
    annotation(o, key)
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
}

fn is_true(o: &DynamicObject, key: &str) -> bool {
    annotation(o, key) == Some("true")
}

fn uid(o: &DynamicObject) -> String {
    o.metadata.uid.clone().unwrap_or_default()
}

fn name(o: &DynamicObject) -> String {
    o.metadata.name.clone().unwrap_or_default()
}

fn ns(o: &DynamicObject) -> String {
    o.metadata.namespace.clone().unwrap_or_default()
}

fn owner_ref(o: &DynamicObject, kind: &str, api_version: &str) -> Value {
    json!({"apiVersion": api_version, "kind": kind, "name": name(o), "uid": uid(o), "controller": true, "blockOwnerDeletion": true})
}

fn now() -> String {
    crate::util::now_rfc3339()
}

fn cond(t: &str, status: bool, reason: &str) -> Value {
    json!({"type": t, "status": if status { "True" } else { "False" }, "reason": reason, "lastProbeTime": null, "lastTransitionTime": now()})
}

/// Whether stored and desired conditions agree, so that condition timestamps stay stable
/// unless something changed: `lastTransitionTime` is not compared, and neither are nulls,
/// which a real server prunes where the schema does not allow them (and keeps where it
/// does): comparing them would rewrite an unchanged status on every pass.
fn same_conditions(stored: &Value, desired: &Value) -> bool {
    let strip = |v: &Value| {
        let mut v = v.clone();
        if let Some(a) = v.as_array_mut() {
            for c in a.iter_mut().filter_map(Value::as_object_mut) {
                c.remove("lastTransitionTime");
                c.retain(|_, v| !v.is_null());
            }
        }
        v
    };
    strip(stored) == strip(desired)
}

/// Kubernetes quantity to bytes (binary and decimal suffixes); None when unparsable.
pub fn quantity_bytes(q: &str) -> Option<u128> {
    let q = q.trim();
    let split = q
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(q.len());
    let (num, suf) = q.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match suf {
        "" => 1.0,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        _ => return None,
    };
    Some((n * mult) as u128)
}

fn bytes_to_quantity(b: u128) -> String {
    if b.is_multiple_of(1 << 30) {
        format!("{}Gi", b >> 30)
    } else if b.is_multiple_of(1 << 20) {
        format!("{}Mi", b >> 20)
    } else {
        b.to_string()
    }
}

/// The template spec without the fields LiveUpdate can change in place.
fn without_live_fields(spec: &Value) -> Value {
    let mut s = spec.clone();
    if let Some(cpu) = s.pointer_mut("/domain/cpu").and_then(Value::as_object_mut) {
        cpu.remove("sockets");
        cpu.remove("maxSockets");
    }
    if let Some(mem) = s
        .pointer_mut("/domain/memory")
        .and_then(Value::as_object_mut)
    {
        mem.remove("guest");
        mem.remove("maxGuest");
    }
    for p in ["/domain/cpu", "/domain/memory"] {
        if s.pointer_at(p)
            .and_then(Value::as_object)
            .is_some_and(|m| m.is_empty())
        {
            if let Some(d) = s.pointer_mut("/domain").and_then(Value::as_object_mut) {
                d.remove(&p[8..]);
            }
        }
    }
    s
}

/// Watch-fed caches of VMs, VMIs, DataVolumes and migrations, in that order, as a
/// controller's informers: a pass reads them instead of listing four kinds over HTTP (which
/// made the emulator, not the client, the bottleneck of the roll benchmark). A cache can lag
/// the server by an event; every action the simulator takes tolerates that (a duplicate
/// create is a 409, a patch of a gone object a 404, both ignored).
struct Stores(Vec<kube::runtime::reflector::Store<DynamicObject>>);

/// The index of the pools' cache in [`Stores`] (after VMs, VMIs, DataVolumes, migrations).
const POOL_STORE: usize = 4;

/// Whether a cache's watch has delivered its first list.
fn has_synced(store: &kube::runtime::reflector::Store<DynamicObject>) -> bool {
    use futures_util::FutureExt;
    matches!(store.wait_until_ready().now_or_never(), Some(Ok(())))
}

impl Stores {
    /// Whether the first `n` kinds' watches have delivered their first lists.
    fn synced(&self, n: usize) -> bool {
        self.0.iter().take(n).all(has_synced)
    }

    /// The cached objects of kind `i`, or None while its watch has not synced yet.
    fn get(&self, i: usize) -> Option<Vec<Arc<DynamicObject>>> {
        let store = self.0.get(i).filter(|s| has_synced(s))?;
        let mut objs = store.state();
        // In the server's order (a list's), so that samples do not change by order alone.
        objs.sort_by(|a, b| {
            (&a.metadata.namespace, &a.metadata.name)
                .cmp(&(&b.metadata.namespace, &b.metadata.name))
        });
        Some(objs)
    }
}

/// `cached`, or the simulator's own write of it when that is newer (see
/// [`Reconciler::newest`]); a write the cache has caught up with is forgotten.
fn newer_of(
    own_writes: &mut HashMap<String, Arc<DynamicObject>>,
    cached: Arc<DynamicObject>,
) -> Arc<DynamicObject> {
    let version = |o: &DynamicObject| {
        o.metadata
            .resource_version
            .as_deref()
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let key = uid(&cached);
    match own_writes.get(&key) {
        Some(w) if version(w) > version(&cached) => w.clone(),
        Some(_) => {
            own_writes.remove(&key);
            cached
        }
        None => cached,
    }
}

struct Reconciler<'a> {
    apis: &'a Apis,
    stores: &'a Stores,
    cfg: &'a SimConfig,
    st: &'a Arc<Mutex<SimState>>,
    start: Instant,
}

impl Reconciler<'_> {
    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        match self.st.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// Keep the first errors (bounded: a long run against a dead cluster must not grow).
    fn record_error(&self, e: String) {
        let mut s = self.lock();
        if s.errors.len() < 1000 {
            s.errors.push(e);
        }
    }

    /// Record a VM's readiness in the availability timeline the moment it changes (after
    /// the write that changed it), not at the end of the pass: a pass that writes 20 VMs
    /// takes tens of ms, and the timeline is what the roll benchmark measures the client by.
    /// A VM the timeline does not list yet waits for the pass's sample.
    fn note_ready(&self, vm: &DynamicObject, ready: bool) {
        self.note_ready_at(vm, ready, Instant::now());
    }

    /// [`Reconciler::note_ready`] as of `at` (kept after the timeline's last change, so that
    /// it stays in order).
    fn note_ready_at(&self, vm: &DynamicObject, ready: bool, at: Instant) {
        let key = format!("{}/{}", ns(vm), name(vm));
        let mut state = self.lock();
        let Some(&i) = state.sample_index.get(&key) else {
            return;
        };
        let Some((_, last)) = state.samples.last() else {
            return;
        };
        if last.get(i).is_none_or(|v| v.ready == ready) {
            return;
        }
        let mut next = last.clone();
        next[i].ready = ready;
        let last_t = state.samples.last().map_or(Duration::ZERO, |(t, _)| *t);
        let t = at.saturating_duration_since(self.start).max(last_t);
        state.samples.push((t, next));
    }

    /// Whether the VMI is being deleted, or was deleted by the request lane (a cache can
    /// still show it as it was: the VM's event may come before the VMI's).
    fn stopping(&self, vmi: &DynamicObject) -> bool {
        vmi.metadata.deletion_timestamp.is_some() || self.lock().stopped.contains(&uid(vmi))
    }

    /// The VM's readiness as the timeline last recorded it.
    fn sampled_ready(&self, vm: &DynamicObject) -> bool {
        let key = format!("{}/{}", ns(vm), name(vm));
        let state = self.lock();
        let (Some(&i), Some((_, last))) = (state.sample_index.get(&key), state.samples.last())
        else {
            return false;
        };
        last.get(i).is_some_and(|v| v.ready)
    }

    fn due_at(&self, at: Instant) {
        let mut s = self.lock();
        s.next_due = Some(s.next_due.map_or(at, |d| d.min(at)));
    }

    fn first_seen(&self, o: &DynamicObject) -> Duration {
        let mut s = self.lock();
        let t = *s.seen.entry(uid(o)).or_insert_with(Instant::now);
        t.elapsed()
    }

    fn note(&self, r: Result<(), kube::Error>) {
        if let Err(e) = r {
            // Races with users (NotFound/Conflict) are expected; record the rest.
            if !matches!(&e, kube::Error::Api(s) if s.code == 404 || s.code == 409) {
                self.record_error(e.to_string());
            }
        }
    }

    /// Patch `o`'s status, on the condition that `o` is what the server has: the caches can
    /// be an event behind, and a decision made from a stale object (a migration finished
    /// twice, a new VMI of the same name given the old one's status) must not land. A
    /// conflict is ignored; the event that refreshes the cache brings another pass. True
    /// when the patch was applied.
    async fn patch_status(&self, r: &ApiResource, o: &DynamicObject, status: Value) -> bool {
        self.patch_status_returning(r, o, status).await.is_some()
    }

    /// [`Reconciler::patch_status`], returning the object as the server stored it.
    async fn patch_status_returning(
        &self,
        r: &ApiResource,
        o: &DynamicObject,
        status: Value,
    ) -> Option<DynamicObject> {
        let api = self.apis.ns(r, &ns(o));
        let pp = PatchParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        let body =
            json!({"metadata": {"resourceVersion": o.metadata.resource_version}, "status": status});
        match api.patch_status(&name(o), &pp, &Patch::Merge(&body)).await {
            Ok(written) => Some(self.wrote(written)),
            // Kinds without a status subresource take status on the main resource.
            Err(kube::Error::Api(s)) if s.code == 404 => {
                match api.patch(&name(o), &pp, &Patch::Merge(&body)).await {
                    Ok(written) => Some(self.wrote(written)),
                    Err(e) => {
                        self.note(Err(e));
                        None
                    }
                }
            }
            Err(e) => {
                self.note(Err(e));
                None
            }
        }
    }

    /// Note an object as the simulator's write left it (see [`Reconciler::newest`]).
    fn wrote(&self, written: DynamicObject) -> DynamicObject {
        self.lock()
            .own_writes
            .insert(uid(&written), Arc::new(written.clone()));
        written
    }

    /// `cached`, or the simulator's own later write of it while the cache does not show that
    /// yet. A pass that starts just after another wrote a VMI's status read the VMI from
    /// before that write (its watch event still on the way), found the VM not Ready again and
    /// recorded a 20-50 ms drop in the middle of its uptime: virt-controller keeps
    /// expectations of its own writes and does not act on an informer that is behind them.
    /// (resourceVersions are opaque to a real client; this simulator only meets the
    /// emulator, whose versions are one counter.)
    fn newest(&self, cached: Arc<DynamicObject>) -> Arc<DynamicObject> {
        newer_of(&mut self.lock().own_writes, cached)
    }

    /// Kind `i`'s objects from its cache (with the simulator's own writes it does not show
    /// yet), or listed while the cache has not synced.
    async fn objects(&self, i: usize, r: &ApiResource) -> Result<Vec<Arc<DynamicObject>>, String> {
        match self.stores.get(i) {
            Some(objs) => {
                // (One lock for the whole kind: a pass comes with every watch event.)
                let mut s = self.lock();
                let own = &mut s.own_writes;
                let objs: Vec<_> = objs.into_iter().map(|o| newer_of(own, o)).collect();
                // Writes to objects since deleted: nothing will show them again.
                let live: HashSet<String> = objs.iter().map(|o| uid(o)).collect();
                own.retain(|u, w| {
                    w.types.as_ref().is_none_or(|t| t.kind != r.kind) || live.contains(u)
                });
                Ok(objs)
            }
            None => self
                .apis
                .all(r)
                .list(&ListParams::default())
                .await
                .map(|l| l.items.into_iter().map(Arc::new).collect())
                .map_err(|e| e.to_string()),
        }
    }

    async fn pass(&mut self) -> Result<(), String> {
        let vms = self.objects(0, &self.apis.vm).await?;
        let vmis = self.objects(1, &self.apis.vmi).await?;
        let dvs = self.objects(2, &self.apis.dv).await?;
        let vmims = self.objects(3, &self.apis.vmim).await?;
        // Objects are reconciled independently, like a controller's workers: a pass that
        // restarts 20 VMs takes a few round trips, not 20 (a sequential pass over 200 VMs took
        // ~100 ms and every restart needs several passes).
        use futures_util::StreamExt;
        let this = &*self;
        // VMIs first, and each VM reads its VMI as this pass left it: a VMI that became
        // Ready makes its VM Ready in the same pass, as virt-controller's VM worker reacts to
        // the VMI's event within milliseconds. Reading the cache instead left it a whole pass
        // behind (tens of ms on this machine), which the roll benchmark charged to the client.
        let vmis_ref = &vmis;
        let updated: HashMap<(String, String), DynamicObject> =
            futures_util::stream::iter(0..vmis.len())
                .map(|i| async move { this.reconcile_vmi(&vmis_ref[i]).await })
                .buffer_unordered(WORKERS)
                .filter_map(|written| async move { written })
                .map(|v| ((ns(&v), name(&v)), v))
                .collect()
                .await;
        let vmi_index: HashMap<(&str, &str), &DynamicObject> = vmis
            .iter()
            .map(|v| {
                let key = (
                    v.metadata.namespace.as_deref().unwrap_or(""),
                    v.metadata.name.as_deref().unwrap_or(""),
                );
                (key, &**v)
            })
            .collect();
        let find_vmi = |n: &str, s: &str| {
            updated
                .get(&(s.to_string(), n.to_string()))
                .or_else(|| vmi_index.get(&(s, n)).copied())
        };
        // (Indices, not references, go through the closures: a closure over `&T` inside a
        // spawned future runs into rustc's higher-ranked lifetime limits.)
        let (dvs, vms, vmis, vmims, find_vmi) = (&dvs, &vms, &vmis, &vmims, &find_vmi);
        futures_util::stream::iter(0..dvs.len())
            .for_each_concurrent(WORKERS, |i| this.reconcile_dv(&dvs[i]))
            .await;
        let sample: Vec<VmSample> = futures_util::stream::iter(0..vms.len())
            .map(|i| async move {
                let vm = &vms[i];
                let vmi = find_vmi(&name(vm), &ns(vm));
                let ready = this.reconcile_vm(vm, vmi, dvs).await;
                // (Asked again now: the request lane may have stopped the VMI meanwhile.)
                let ready = ready && !vmi.is_some_and(|v| this.stopping(v));
                if !lifecycle::has_requests(vm) {
                    this.note_ready(vm, ready);
                }
                VmSample {
                    namespace: ns(vm),
                    name: name(vm),
                    labels: vm.metadata.labels.clone().unwrap_or_default(),
                    ready,
                }
            })
            .buffered(WORKERS)
            .collect()
            .await;
        this.reconcile_pools(vms, vmis).await;
        futures_util::stream::iter(0..vmims.len())
            .for_each_concurrent(WORKERS, |i| {
                let m = &vmims[i];
                let vmi_name = m
                    .data
                    .pointer_at("/spec/vmiName")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                this.reconcile_vmim(m, find_vmi(vmi_name, &ns(m)))
            })
            .await;
        if !self.cfg.sample_lag.is_zero() {
            tokio::time::sleep(self.cfg.sample_lag).await;
        }
        let mut s = self.lock();
        // Readiness changes were recorded as they happened (`note_ready`, by this pass and
        // by the request lane, which may have acted after this pass read its VM): this
        // sample adds and removes VMs and takes new labels, and changes no VM's readiness.
        let mut sample = sample;
        if let Some((_, last)) = s.samples.last() {
            for v in sample.iter_mut() {
                let key = format!("{}/{}", v.namespace, v.name);
                if let Some(known) = s.sample_index.get(&key).and_then(|&i| last.get(i)) {
                    v.ready = known.ready;
                }
            }
        }
        if s.samples.last().map(|l| &l.1) != Some(&sample) {
            let t = self.start.elapsed();
            s.sample_index = sample
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("{}/{}", v.namespace, v.name), i))
                .collect();
            s.samples.push((t, sample));
        }
        Ok(())
    }

    async fn reconcile_dv(&self, dv: &DynamicObject) {
        if self.cfg.kubevirt_metadata && annotation(dv, meta::USE_POPULATOR).is_none() {
            let body = json!({"metadata": {"resourceVersion": dv.metadata.resource_version,
                "annotations": {meta::USE_POPULATOR: "true"}}});
            self.patch_meta(&self.apis.dv, dv, body).await;
            return;
        }
        let phase = dv
            .data
            .pointer_at("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or("");
        if phase == "Succeeded" || phase == "Failed" || import_error(&dv.data) {
            return;
        }
        if self.unbound_claim(dv).await {
            return;
        }
        if self.cfg.cdi_upload && dv.data.pointer_at("/spec/source/upload").is_some() {
            return self.reconcile_upload_dv(dv).await;
        }
        if !self.clone_source_ready(dv).await {
            // As CDI: a clone from a DataSource waits (Pending) for the DataSource and the
            // PVC it names; the clone's own time starts once they are there.
            self.lock().seen.remove(&uid(dv));
            if dv.data.pointer_at("/status/phase").is_none() {
                self.patch_status(
                    &self.apis.dv,
                    dv,
                    json!({"phase": "Pending", "progress": "N/A"}),
                )
                .await;
            }
            return;
        }
        let age = self.first_seen(dv);
        let total = secs(dv, ann::IMPORT_SECONDS).unwrap_or(self.cfg.import_time);
        let frac = if total.is_zero() {
            1.0
        } else {
            age.as_secs_f64() / total.as_secs_f64()
        };
        let status = if is_true(dv, ann::IMPORT_FAIL) && frac >= 0.5 {
            import_error_status()
        } else if frac >= 1.0 {
            self.ensure_pvc(dv).await;
            json!({"phase": "Succeeded", "progress": "100.0%", "claimName": name(dv), "conditions": [cond("Bound", true, "Bound"), cond("Ready", true, "")]})
        } else if frac >= 0.2 {
            let p = ((frac - 0.2) / 0.8 * 100.0).clamp(0.0, 99.99);
            json!({"phase": "ImportInProgress", "progress": format!("{p:.2}%"), "conditions": [cond("Running", true, "Pod is running")]})
        } else if frac >= 0.05 {
            json!({"phase": "ImportScheduled", "progress": "N/A"})
        } else {
            json!({"phase": "Pending", "progress": "N/A"})
        };
        if dv.data.pointer_at("/status/phase") != status.get("phase")
            || dv.data.pointer_at("/status/progress") != status.get("progress")
        {
            let failed = import_error(&json!({ "status": &status }));
            if self.patch_status(&self.apis.dv, dv, status).await && failed {
                self.import_failed(dv).await;
            }
        }
    }

    /// Whether a DataVolume can start: always, unless it clones a DataSource
    /// (`spec.sourceRef`), which must exist and name a PVC that exists (CDI creates a golden
    /// DataVolume's PVC when its import succeeded, as the simulator does).
    async fn clone_source_ready(&self, dv: &DynamicObject) -> bool {
        let Some(r) = dv.data.pointer_at("/spec/sourceRef") else {
            return true;
        };
        if r.get("kind").and_then(Value::as_str) != Some("DataSource") {
            return true;
        }
        let ns_of = |v: Option<&Value>| {
            v.and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| ns(dv))
        };
        let Some(ds_name) = r.get("name").and_then(Value::as_str) else {
            return false;
        };
        let sources = ar("cdi.kubevirt.io", "v1beta1", "DataSource", "datasources");
        let Ok(Some(ds)) = self
            .apis
            .ns(&sources, &ns_of(r.get("namespace")))
            .get_opt(ds_name)
            .await
        else {
            return false;
        };
        let Some(pvc) = ds
            .data
            .pointer_at("/spec/source/pvc/name")
            .and_then(Value::as_str)
        else {
            return false;
        };
        let pvc_ns = ns_of(ds.data.pointer_at("/spec/source/pvc/namespace"));
        matches!(
            self.apis.ns(&self.apis.pvc, &pvc_ns).get_opt(pvc).await,
            Ok(Some(_))
        )
    }

    async fn ensure_pvc(&self, dv: &DynamicObject) {
        let api = self.apis.ns(&self.apis.pvc, &ns(dv));
        if let Ok(Some(_)) = api.get_opt(&name(dv)).await {
            return;
        }
        let size = dv
            .data
            .pointer_at("/spec/storage/resources/requests/storage")
            .or_else(|| dv.data.pointer_at("/spec/pvc/resources/requests/storage"))
            .cloned()
            .unwrap_or(json!("1Gi"));
        let mut spec =
            json!({"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": size}}});
        // As CDI: the DataVolume's storage class; without one the server's
        // DefaultStorageClass admission gives the claim the default class.
        if let Some(class) = dv
            .data
            .pointer_at("/spec/storage/storageClassName")
            .or_else(|| dv.data.pointer_at("/spec/pvc/storageClassName"))
            .filter(|c| c.is_string())
        {
            spec["storageClassName"] = class.clone();
        }
        let pvc: DynamicObject = match serde_json::from_value(json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": name(dv), "namespace": ns(dv), "ownerReferences": [owner_ref(dv, "DataVolume", "cdi.kubevirt.io/v1beta1")]},
            "spec": spec,
        })) {
            Ok(p) => p,
            Err(_) => return,
        };
        let pp = PostParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        match api.create(&pp, &pvc).await {
            Ok(p) => {
                self.patch_status(&self.apis.pvc, &p, json!({"phase": "Bound", "accessModes": ["ReadWriteOnce"], "capacity": {"storage": size}})).await;
            }
            Err(e) => self.note(Err(e)),
        }
    }

    /// Returns whether the VM is Ready.
    async fn reconcile_vm(
        &self,
        vm: &DynamicObject,
        vmi: Option<&DynamicObject>,
        dvs: &[Arc<DynamicObject>],
    ) -> bool {
        if vm.metadata.deletion_timestamp.is_some() {
            if self.cfg.kubevirt_metadata {
                self.finalize_vm(vm, vmi).await;
            }
            return false;
        }
        let key = format!("{}/{}", ns(vm), name(vm));
        // What this VM's reconcile depends on. Unchanged since the last pass (and reconciled
        // less than a second ago, so that a write that failed is retried), nothing to do:
        // a pass comes with every watch event, and rebuilding 200 VMs' status each time made
        // the simulator, not the client, the slowest part of the roll benchmark.
        let rv_of = |o: &DynamicObject| o.metadata.resource_version.clone().unwrap_or_default();
        let mut inputs = rv_of(vm);
        if let Some(i) = vmi {
            inputs.push_str(&format!(" vmi {}", rv_of(i)));
        }
        let templates: Vec<&str> = vm
            .data
            .pointer_at("/spec/dataVolumeTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.pointer_at("/metadata/name").and_then(Value::as_str))
            .collect();
        for d in dvs.iter().filter(|d| {
            d.metadata.namespace == vm.metadata.namespace
                && templates.contains(&d.metadata.name.as_deref().unwrap_or(""))
        }) {
            inputs.push_str(&format!(" dv {}", rv_of(d)));
        }
        let once = vm
            .data
            .pointer_at("/spec/runStrategy")
            .and_then(Value::as_str)
            == Some("Once");
        if !once {
            if let Some((k, at, ready)) = self.lock().vm_memo.get(&key) {
                if *k == inputs && at.elapsed() < Duration::from_secs(1) {
                    return *ready;
                }
            }
        }
        // (After the memo: a VM reconciled at this resourceVersion already had its
        // finalizer, observed-version annotations and firmware UUID, or it would have been
        // written and not remembered. Reading them first was a tenth of the simulator's CPU.)
        if self.cfg.kubevirt_metadata
            && (self.observe_vm(vm).await || self.persist_firmware_uuid(vm).await)
        {
            // The write brings an event and another pass; until then, what was known.
            return self.lock().vm_memo.get(&key).is_some_and(|m| m.2);
        }
        let ready = self.reconcile_vm_now(vm, vmi, dvs, &key).await;
        self.lock()
            .vm_memo
            .insert(key, (inputs, Instant::now(), ready));
        ready
    }

    async fn reconcile_vm_now(
        &self,
        vm: &DynamicObject,
        vmi: Option<&DynamicObject>,
        dvs: &[Arc<DynamicObject>],
        key: &str,
    ) -> bool {
        let key = key.to_string();
        let spec = vm.data.get("spec").cloned().unwrap_or(Value::Null);
        let strategy = spec
            .get("runStrategy")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| {
                if spec.get("running").and_then(Value::as_bool) == Some(true) {
                    "Always".into()
                } else {
                    "Halted".into()
                }
            });
        let vmi_phase = vmi
            .and_then(|v| v.data.pointer_at("/status/phase"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let owned = vmi.is_some_and(|v| {
            v.metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.uid == uid(vm))
        });
        // Which DataVolumes does this VM need, and are they ready?
        let mut dv_names = vec![];
        let mut dv_failed = false;
        let mut dvs_ready = true;
        // A DataVolume that exists and is still importing (KubeVirt's HasDataVolumeProvisioning).
        let mut dv_provisioning = false;
        for t in spec
            .get("dataVolumeTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let n = t
                .pointer_at("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            match dvs.iter().find(|d| name(d) == n && ns(d) == ns(vm)) {
                Some(d) => {
                    let p = d
                        .data
                        .pointer_at("/status/phase")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    // KubeVirt's DataVolumeError: the phase Failed, or the import's error.
                    dv_failed |= p == "Failed" || import_error(&d.data);
                    dvs_ready &= p == "Succeeded";
                    dv_provisioning |= p != "Succeeded";
                }
                None => {
                    dvs_ready = false;
                    self.create_dv(vm, t).await;
                }
            }
            dv_names.push(n);
        }
        // virt-api's start/stop/restart requests come before the run strategy, and are the
        // request lane's (`lifecycle`): until they are carried out, the VM is as the lane
        // last left it.
        if lifecycle::has_requests(vm) {
            return self.sampled_ready(vm);
        }
        let want_running = match strategy.as_str() {
            "Always" => true,
            "RerunOnFailure" => vmi_phase != "Succeeded",
            "Once" => !self.lock().once_started.contains(&key) || vmi.is_some(),
            "Manual" => vmi.is_some(),
            _ => false,
        };
        let template = spec.pointer_at("/template").cloned().unwrap_or(json!({}));
        let mut restart_required = false;
        let mut observed_generation = vm.metadata.generation.unwrap_or(0);
        match vmi {
            None if want_running && dvs_ready => {
                self.create_vmi(vm, &template, Instant::now()).await;
                if strategy == "Once" {
                    self.lock().once_started.insert(key.clone());
                }
            }
            Some(v) if owned && !self.stopping(v) => {
                let failed = vmi_phase == "Failed";
                let restart = (failed && (strategy == "Always" || strategy == "RerunOnFailure"))
                    || !want_running;
                if restart {
                    let r = self
                        .apis
                        .ns(&self.apis.vmi, &ns(v))
                        .delete(&name(v), &DeleteParams::default())
                        .await
                        .map(|_| ());
                    self.note(r);
                } else {
                    restart_required = self.live_update(v, &template).await;
                    observed_generation = self
                        .sync_generation(vm, v, &template, restart_required)
                        .await;
                }
            }
            _ => {}
        }
        let ready = vmi.is_some_and(|v| {
            !self.stopping(v)
                && v.data
                    .pointer_at("/status/conditions")
                    .and_then(Value::as_array)
                    .is_some_and(|c| {
                        c.iter()
                            .any(|c| c["type"] == "Ready" && c["status"] == "True")
                    })
        });
        let printable = match (vmi, vmi_phase) {
            (Some(v), _) if self.stopping(v) => "Stopping",
            (Some(v), "Running")
                if v.data.pointer_at("/status/migrationState/completed") == Some(&json!(false)) =>
            {
                "Migrating"
            }
            (Some(_), "Running") => "Running",
            (Some(_), "Failed") => "CrashLoopBackOff",
            (Some(_), "Succeeded") => "Stopped",
            (Some(_), _) => "Starting",
            (None, _) if dv_failed => "DataVolumeError",
            // virt-controller checks Provisioning before Starting and Stopped, whatever the run
            // strategy (vm.go, the printable statuses' order): a Halted VM whose disks are
            // still importing is Provisioning, not Stopped.
            (None, _) if dv_provisioning || (want_running && !dvs_ready) => "Provisioning",
            (None, _) if want_running => "Starting",
            (None, _) => "Stopped",
        };
        let printable = match printable {
            "Running" | "Starting" => troubles::printable(vmi).unwrap_or(printable),
            other => other,
        };
        let generation = vm.metadata.generation.unwrap_or(0);
        let mut conditions = vec![cond(
            "Ready",
            ready,
            if ready {
                ""
            } else if vmi.is_some() {
                "PodNotReady"
            } else {
                "VMINotExists"
            },
        )];
        conditions.extend(troubles::synced_conditions(vmi));
        if restart_required {
            conditions.push(json!({"type": "RestartRequired", "status": "True", "reason": "", "message": "a non-live-updatable field was changed in the template spec", "lastProbeTime": null, "lastTransitionTime": now()}));
        }
        let old = vm.data.get("status").cloned().unwrap_or(json!({}));
        let mut status = json!({
            "printableStatus": printable,
            "ready": ready,
            "created": vmi.is_some(),
            "observedGeneration": observed_generation,
            "desiredGeneration": generation,
            "runStrategy": strategy,
            "volumeSnapshotStatuses": [],
        });
        if !ready {
            status["ready"] = Value::Null;
        }
        let conds = Value::Array(conditions);
        let changed = [
            "printableStatus",
            "ready",
            "created",
            "observedGeneration",
            "desiredGeneration",
            "runStrategy",
        ]
        .iter()
        .any(|k| old.get(*k).unwrap_or(&Value::Null) != status.get(*k).unwrap_or(&Value::Null))
            || !same_conditions(old.get("conditions").unwrap_or(&json!([])), &conds);
        if changed {
            status["conditions"] = conds;
            self.patch_status(&self.apis.vm, vm, status).await;
        }
        ready
    }

    /// virt-controller's first writes to a VM: the observed-API-version annotations and the
    /// finalizer. True when a write was sent.
    async fn observe_vm(&self, vm: &DynamicObject) -> bool {
        let finalizers = vm.metadata.finalizers.clone().unwrap_or_default();
        let has_fin = finalizers.iter().any(|f| f == meta::VM_FINALIZER);
        let observed = [meta::LATEST_OBSERVED, meta::STORAGE_OBSERVED]
            .iter()
            .all(|k| annotation(vm, k) == Some("v1"));
        if has_fin && observed {
            return false;
        }
        let mut fins = finalizers;
        if !has_fin {
            fins.push(meta::VM_FINALIZER.into());
        }
        let body = json!({"metadata": {
            "resourceVersion": vm.metadata.resource_version,
            "annotations": {meta::LATEST_OBSERVED: "v1", meta::STORAGE_OBSERVED: "v1"},
            "finalizers": fins,
        }});
        self.patch_meta(&self.apis.vm, vm, body).await;
        true
    }

    /// virt-controller's FirmwareController: a VM template without a firmware UUID gets the
    /// legacy, name-derived one. True when a write was sent.
    async fn persist_firmware_uuid(&self, vm: &DynamicObject) -> bool {
        let Some(domain) = vm.data.pointer_at("/spec/template/spec/domain") else {
            return false;
        };
        let has = domain
            .pointer_at("/firmware/uuid")
            .and_then(Value::as_str)
            .is_some_and(|u| !u.is_empty());
        if has {
            return false;
        }
        let uuid = meta::legacy_firmware_uuid(&name(vm));
        let body = json!({"metadata": {"resourceVersion": vm.metadata.resource_version},
            "spec": {"template": {"spec": {"domain": {"firmware": {"uuid": uuid}}}}}});
        self.patch_meta(&self.apis.vm, vm, body).await;
        true
    }

    /// A VM being deleted: stop its VMI, and once that is gone drop the finalizer (what
    /// virt-controller does), so the delete completes.
    async fn finalize_vm(&self, vm: &DynamicObject, vmi: Option<&DynamicObject>) {
        let finalizers = vm.metadata.finalizers.clone().unwrap_or_default();
        if !finalizers.iter().any(|f| f == meta::VM_FINALIZER) {
            return;
        }
        match vmi {
            Some(v) if v.metadata.deletion_timestamp.is_none() => {
                let r = self
                    .apis
                    .ns(&self.apis.vmi, &ns(v))
                    .delete(&name(v), &DeleteParams::default())
                    .await
                    .map(|_| ());
                self.note(r);
            }
            Some(_) => {}
            None => {
                let rest: Vec<String> = finalizers
                    .into_iter()
                    .filter(|f| f != meta::VM_FINALIZER)
                    .collect();
                let body = json!({"metadata": {
                    "resourceVersion": vm.metadata.resource_version, "finalizers": rest}});
                self.patch_meta(&self.apis.vm, vm, body).await;
            }
        }
    }

    /// A merge patch (with the cached resourceVersion in `body` as precondition).
    async fn patch_meta(&self, r: &ApiResource, o: &DynamicObject, body: Value) {
        let pp = PatchParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        let res = self
            .apis
            .ns(r, &ns(o))
            .patch(&name(o), &pp, &Patch::Merge(&body))
            .await
            .map(|_| ());
        self.note(res);
    }

    async fn create_dv(&self, vm: &DynamicObject, t: &Value) {
        let mut dv = json!({
            "apiVersion": "cdi.kubevirt.io/v1beta1",
            "kind": "DataVolume",
            "metadata": {
                "name": t.pointer_at("/metadata/name"),
                "namespace": ns(vm),
                "labels": t.pointer_at("/metadata/labels").cloned().unwrap_or(json!({})),
                "annotations": t.pointer_at("/metadata/annotations").cloned().unwrap_or(json!({})),
                "ownerReferences": [owner_ref(vm, "VirtualMachine", "kubevirt.io/v1")],
            },
            "spec": t.get("spec").cloned().unwrap_or(json!({})),
        });
        for k in [ann::IMPORT_FAIL, ann::IMPORT_SECONDS] {
            if let Some(v) = annotation(vm, k) {
                dv["metadata"]["annotations"][k] = json!(v);
            }
        }
        if self.cfg.kubevirt_metadata {
            dv["metadata"]["labels"][meta::CREATED_BY] = json!(uid(vm));
            // The VM template's priority class, where the DataVolume names none.
            let class = vm.data.pointer_at("/spec/template/spec/priorityClassName");
            if dv.pointer_at("/spec/priorityClassName").is_none() {
                if let (Some(c), Some(spec)) = (class, dv["spec"].as_object_mut()) {
                    spec.insert("priorityClassName".into(), c.clone());
                }
            }
        }
        let Ok(dv) = serde_json::from_value::<DynamicObject>(dv) else {
            return;
        };
        let pp = PostParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        let r = self
            .apis
            .ns(&self.apis.dv, &ns(vm))
            .create(&pp, &dv)
            .await
            .map(|_| ());
        self.note(r);
    }

    /// True when the VMI was created. Its boot time counts from `booting_since`.
    async fn create_vmi(
        &self,
        vm: &DynamicObject,
        template: &Value,
        booting_since: Instant,
    ) -> bool {
        let mut spec = template.get("spec").cloned().unwrap_or(json!({}));
        // KubeVirt's LiveUpdate defaults: room for 4x sockets and 4x guest memory.
        if let Some(s) = spec
            .pointer_at("/domain/cpu/sockets")
            .and_then(Value::as_u64)
        {
            if spec.pointer_at("/domain/cpu/maxSockets").is_none() {
                spec["domain"]["cpu"]["maxSockets"] = json!(s.saturating_mul(4));
            }
        }
        if let Some(g) = spec
            .pointer_at("/domain/memory/guest")
            .and_then(Value::as_str)
            .and_then(quantity_bytes)
        {
            if spec.pointer_at("/domain/memory/maxGuest").is_none() {
                spec["domain"]["memory"]["maxGuest"] =
                    json!(bytes_to_quantity(g.saturating_mul(4)));
            }
        }
        let mut annotations = template
            .pointer_at("/metadata/annotations")
            .cloned()
            .unwrap_or(json!({}));
        for (k, v) in vm.metadata.annotations.iter().flatten() {
            if k.starts_with("sim.vmmigrate.io/") {
                annotations[k] = json!(v);
            }
        }
        generation::stamp(vm, &mut annotations);
        let vmi = json!({
            "apiVersion": "kubevirt.io/v1",
            "kind": "VirtualMachineInstance",
            "metadata": {
                "name": name(vm),
                "namespace": ns(vm),
                "labels": template.pointer_at("/metadata/labels").cloned().unwrap_or(json!({})),
                "annotations": annotations,
                "ownerReferences": [owner_ref(vm, "VirtualMachine", "kubevirt.io/v1")],
                "finalizers": ["kubevirt.io/virtualMachineControllerFinalize"],
            },
            "spec": spec,
        });
        let Ok(vmi) = serde_json::from_value::<DynamicObject>(vmi) else {
            return false;
        };
        let pp = PostParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        match self
            .apis
            .ns(&self.apis.vmi, &ns(vm))
            .create(&pp, &vmi)
            .await
        {
            Ok(created) => {
                let mut state = self.lock();
                state.seen.insert(uid(&created), booting_since);
                state
                    .start_templates
                    .insert(uid(&created), template.clone());
                true
            }
            Err(e) => {
                self.note(Err(e));
                false
            }
        }
    }

    /// Bring live-updatable changes to the VMI; true when a restart is required instead.
    async fn live_update(&self, vmi: &DynamicObject, template: &Value) -> bool {
        let want = template.get("spec").cloned().unwrap_or(json!({}));
        let have = vmi.data.get("spec").cloned().unwrap_or(json!({}));
        if without_live_fields(&want) != without_live_fields(&have) {
            return true;
        }
        let mut patch = json!({});
        let ws = want
            .pointer_at("/domain/cpu/sockets")
            .and_then(Value::as_u64);
        let hs = have
            .pointer_at("/domain/cpu/sockets")
            .and_then(Value::as_u64);
        if ws != hs {
            let max = have
                .pointer_at("/domain/cpu/maxSockets")
                .and_then(Value::as_u64)
                .unwrap_or(0);
            match ws {
                Some(w) if w <= max => patch["spec"]["domain"]["cpu"]["sockets"] = json!(w),
                _ => return true,
            }
        }
        let wg = want
            .pointer_at("/domain/memory/guest")
            .and_then(Value::as_str);
        let hg = have
            .pointer_at("/domain/memory/guest")
            .and_then(Value::as_str);
        if wg.and_then(quantity_bytes) != hg.and_then(quantity_bytes) {
            let max = have
                .pointer_at("/domain/memory/maxGuest")
                .and_then(Value::as_str)
                .and_then(quantity_bytes)
                .unwrap_or(0);
            match wg.and_then(quantity_bytes) {
                Some(w) if w <= max => patch["spec"]["domain"]["memory"]["guest"] = json!(wg),
                _ => return true,
            }
        }
        if patch.get("spec").is_some() {
            patch["metadata"]["resourceVersion"] = json!(vmi.metadata.resource_version);
            let pp = PatchParams {
                field_manager: Some(MANAGER.into()),
                ..Default::default()
            };
            let r = self
                .apis
                .ns(&self.apis.vmi, &ns(vmi))
                .patch(&name(vmi), &pp, &Patch::Merge(&patch))
                .await
                .map(|_| ());
            self.note(r);
        }
        false
    }

    /// The VMI as this pass wrote it, when it wrote its status.
    async fn reconcile_vmi(&self, vmi: &DynamicObject) -> Option<DynamicObject> {
        if vmi.metadata.deletion_timestamp.is_some() {
            // virt-handler shut the guest down: release our finalizer.
            if vmi
                .metadata
                .finalizers
                .iter()
                .flatten()
                .any(|f| f == "kubevirt.io/virtualMachineControllerFinalize")
            {
                let fins: Vec<&String> = vmi
                    .metadata
                    .finalizers
                    .iter()
                    .flatten()
                    .filter(|f| *f != "kubevirt.io/virtualMachineControllerFinalize")
                    .collect();
                let pp = PatchParams {
                    field_manager: Some(MANAGER.into()),
                    ..Default::default()
                };
                // (The Api is made here, for the one write: made for every VMI of every
                // pass, it was a tenth of reconciling them.)
                let api = self.apis.ns(&self.apis.vmi, &ns(vmi));
                let r = api.patch(&name(vmi), &pp, &Patch::Merge(json!({"metadata": {"finalizers": fins, "resourceVersion": vmi.metadata.resource_version}}))).await.map(|_| ());
                self.note(r);
            }
            return None;
        }
        let phase = vmi
            .data
            .pointer_at("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or("");
        if phase == "Failed" || phase == "Succeeded" || self.held_vmi(vmi).await {
            return None;
        }
        let age = self.first_seen(vmi);
        let boot = secs(vmi, ann::BOOT_SECONDS).unwrap_or(self.cfg.boot_time);
        if age < boot {
            self.due_at(Instant::now() + (boot - age));
        }
        let frac = if boot.is_zero() {
            1.0
        } else {
            age.as_secs_f64() / boot.as_secs_f64()
        };
        let new_phase = if frac >= 1.0 {
            if is_true(vmi, ann::FAIL_BOOT) {
                "Failed"
            } else {
                "Running"
            }
        } else if frac >= 0.5 {
            "Scheduled"
        } else if frac >= 0.2 {
            "Scheduling"
        } else {
            "Pending"
        };
        let mut crashed = false;
        if new_phase == "Running" {
            let since = *self
                .lock()
                .running_since
                .entry(uid(vmi))
                .or_insert_with(Instant::now);
            if let Some(c) = secs(vmi, ann::CRASH_AFTER_SECONDS) {
                crashed = since.elapsed() >= c;
            }
        }
        let new_phase = if crashed { "Failed" } else { new_phase };
        let ready = new_phase == "Running" && !is_true(vmi, ann::NEVER_READY);
        let same_ready = vmi
            .data
            .pointer_at("/status/conditions")
            .and_then(Value::as_array)
            .map(|c| {
                c.iter().any(|c| {
                    c["type"] == "Ready" && c["status"] == if ready { "True" } else { "False" }
                })
            })
            .unwrap_or(false);
        // Nothing changed: done before the conditions are built (every VMI comes through
        // every pass, and building them for 200 running VMIs was the largest part of the
        // simulator's CPU in the roll benchmark).
        if phase == new_phase && same_ready {
            return None;
        }
        let node = match vmi
            .data
            .pointer_at("/status/nodeName")
            .and_then(Value::as_str)
        {
            Some(n) => n.to_string(),
            None => self
                .pick_node("")
                .await
                .unwrap_or_else(|| "sim-node-1".into()),
        };
        let mut conds = if new_phase == "Running" {
            vec![
                not_ready_pod(cond("Ready", ready, "")),
                self.live_migratable(vmi).await,
                cond(
                    "AgentConnected",
                    ready,
                    if ready { "" } else { "AgentNotConnected" },
                ),
            ]
        } else {
            vec![cond(
                "Ready",
                false,
                if new_phase == "Failed" {
                    "Failed"
                } else {
                    "PodNotReady"
                },
            )]
        };
        if new_phase == "Running" {
            troubles::running_conditions(vmi, &mut conds);
        }
        let mut status = json!({"phase": new_phase, "conditions": conds});
        if new_phase != "Pending" {
            status["nodeName"] = json!(node);
        }
        if new_phase == "Running" {
            let ip = annotation(vmi, ann::IP_ADDRESS).unwrap_or("10.0.0.10");
            status["interfaces"] =
                json!([{"name": "default", "ipAddress": ip, "infoSource": "domain, guest-agent"}]);
            status["guestOSInfo"] = if ready {
                json!({"id": "fedora", "name": "Fedora Linux"})
            } else {
                json!({})
            };
        }
        let mut ts = vmi
            .data
            .pointer_at("/status/phaseTransitionTimestamps")
            .cloned()
            .unwrap_or(json!([]));
        if let Some(a) = ts.as_array_mut() {
            a.push(json!({"phase": new_phase, "phaseTransitionTimestamp": now()}));
        }
        status["phaseTransitionTimestamps"] = ts;
        self.patch_status_returning(&self.apis.vmi, vmi, status)
            .await
    }

    async fn reconcile_vmim(&self, m: &DynamicObject, vmi: Option<&DynamicObject>) {
        let phase = m
            .data
            .pointer_at("/status/phase")
            .and_then(Value::as_str)
            .unwrap_or("");
        if phase == "Succeeded" || phase == "Failed" {
            return;
        }
        let Some(vmi) = vmi.filter(|v| {
            v.data.pointer_at("/status/phase").and_then(Value::as_str) == Some("Running")
        }) else {
            if self.first_seen(m) > self.cfg.migration_time {
                self.patch_status(&self.apis.vmim, m, json!({"phase": "Failed", "phaseTransitionTimestamps": [{"phase": "Failed", "phaseTransitionTimestamp": now()}]})).await;
            }
            return;
        };
        let age = self.first_seen(m);
        let total = self.cfg.migration_time;
        let frac = if total.is_zero() {
            1.0
        } else {
            age.as_secs_f64() / total.as_secs_f64()
        };
        let source = vmi
            .data
            .pointer_at("/status/nodeName")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        // No schedulable node besides the source: the migration fails.
        let target = self.pick_node(&source).await.unwrap_or_default();
        let fail = is_true(m, ann::MIGRATION_FAIL)
            || is_true(vmi, ann::MIGRATION_FAIL)
            || target.is_empty();
        let new_phase = if frac >= 1.0 {
            if fail {
                "Failed"
            } else {
                "Succeeded"
            }
        } else if frac >= 0.6 {
            "Running"
        } else if frac >= 0.4 {
            "TargetReady"
        } else if frac >= 0.25 {
            "PreparingTarget"
        } else if frac >= 0.1 {
            "Scheduled"
        } else {
            "Scheduling"
        };
        if new_phase == phase {
            return;
        }
        // The migration's own phase first: only the pass whose (fresh) view of the migration
        // lands it goes on to move the VMI, so a stale cache never moves it twice.
        if !self.patch_status(&self.apis.vmim, m, json!({"phase": new_phase, "migrationState": {"sourceNode": source, "targetNode": target}})).await {
            return;
        }
        if phase.is_empty() {
            let st = json!({"migrationState": {"completed": false, "failed": false, "sourceNode": source, "targetNode": target, "migrationUid": uid(m), "startTimestamp": now()}});
            self.patch_status(&self.apis.vmi, vmi, st).await;
        }
        if new_phase == "Succeeded" || new_phase == "Failed" {
            let ok = new_phase == "Succeeded";
            let mut st = json!({"migrationState": {"completed": true, "failed": !ok, "sourceNode": source, "targetNode": target, "migrationUid": uid(m), "endTimestamp": now()}});
            if ok {
                st["nodeName"] = json!(target);
            }
            self.patch_status(&self.apis.vmi, vmi, st).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_and_live_fields() {
        assert_eq!(quantity_bytes("2Gi"), Some(2 << 30));
        assert_eq!(quantity_bytes("512Mi"), Some(512 << 20));
        assert_eq!(quantity_bytes("1G"), Some(1_000_000_000));
        assert_eq!(quantity_bytes("x"), None);
        assert_eq!(bytes_to_quantity(8 << 30), "8Gi");
        let a = json!({"domain": {"cpu": {"sockets": 2, "cores": 1}, "memory": {"guest": "2Gi"}}});
        let b = json!({"domain": {"cpu": {"sockets": 4, "cores": 1, "maxSockets": 8}, "memory": {"guest": "4Gi", "maxGuest": "8Gi"}}});
        assert_eq!(without_live_fields(&a), without_live_fields(&b));
        let c = json!({"domain": {"cpu": {"sockets": 2, "cores": 2}, "memory": {"guest": "2Gi"}}});
        assert_ne!(without_live_fields(&a), without_live_fields(&c));
    }
}
