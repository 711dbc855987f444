//! The rollout driver, `roll`'s side of the cluster: every API call a rollout makes lives in
//! this module, the rules it follows in `crate::roll` (pure: observe, planner, transition).
//! This file holds the loop: observe the VMs and their VMIs, plan, carry out the actions, and
//! wait for the next watch event (or the planner's wake-up time). Everything it knows is
//! re-read from the cluster on each pass, so a killed client loses nothing.
//!
//! The jobs around it, one file each: `watch` (watch caches, lists, observing), `actions`
//! (carrying out a plan), `lease` (the rollout record and lock), `history` (revisions and
//! what an undo returns to), `report` (`roll status`, the list of rollouts), `preflight`
//! (rights and virt-api before the first write), `pool` (a pool roll's writes to its
//! VirtualMachinePool: template, update strategy, size).

use crate::kubevirt::observed::ObservedVmi;
use crate::roll::ladder::{self, Level};
use crate::roll::observe::{self, Snapshot, VmSnapshot, VmiSnapshot};
use crate::roll::pacing::{conflict_backoff, quota_backoff, RepeatGuard, MAX_CONFLICTS};
use crate::roll::planner::{self, Action, Millis, ObservedVm, Plan, Progress};
use crate::roll::state::{self, RolloutRecord, Status};
use crate::roll::transition;
use crate::roll::RollError;
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

mod actions;
mod history;
pub(crate) use history::create_once;
mod lease;
mod pool;
mod preflight;
mod report;
mod watch;

use watch::NeededKey;
pub(crate) use watch::{first_lists_in, rv};

pub use preflight::check as preflight;
pub use preflight::{check_rights, EarlyChecks, VirtApiAction};
pub use report::{list_rollouts, RolloutSummary, StatusReport, VmReport};

pub const MANAGER: &str = "kubectl-vmmigrate";
/// Seconds a Lease stays ours without renewal, unless the rollout asks otherwise.
pub const LEASE_SECONDS: u64 = 15;

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
pub(crate) fn rfc3339_ms(s: &str) -> Option<Millis> {
    let ts: Timestamp = s.parse().ok()?;
    let ms = u64::try_from(ts.as_millisecond()).ok()?;
    Some(if ts.subsec_nanosecond() == 0 && !s.contains('.') {
        ms + 999
    } else {
        ms
    })
}

/// A Lease's MicroTime: RFC 3339 with exactly six fractional digits.
pub(crate) fn format_rfc3339_micro(ms: Millis) -> String {
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
pub(crate) fn api_err(what: &str, e: kube::Error) -> RollError {
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
        other => RollError::Request {
            what: what.to_string(),
            message: other.to_string(),
        },
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
    vms: Api<DynamicObject>,
    vmis: Api<DynamicObject>,
    /// The rollout's Lease: its lock and its record.
    pub lease: crate::cluster::record_lease::RecordLease,
    revisions: Api<DynamicObject>,
    events: Api<DynamicObject>,
    pools: Api<DynamicObject>,
    /// Pool writes in a row that did not show in the pool read back (a pool roll).
    pool_writes: u32,
    /// Our last write of a pool's template and the template as the server stored it (it may
    /// default or prune fields): read back equal to that, the template counts as written.
    pool_written: Option<(Value, Value)>,
    /// What this client remembers of each VMI between passes (when it first saw it Ready,
    /// its probes): see [`observe::Memory`].
    memory: observe::Memory,
    /// Previous objects of the VMs touched by the revision being rolled back.
    previous: BTreeMap<String, Value>,
    /// Those of them kept ahead of their VM's turn, with the revision that kept them: they
    /// count only for a VM that shows that revision's update (see `previous_for`).
    previous_kept_ahead: BTreeMap<String, u64>,
    /// Log lines to stderr.
    pub verbose: bool,
    /// When taking over an existing Lease, keep its duration instead of `lease_seconds`.
    pub keep_lease_duration: bool,
    /// The duration of the Lease as last read.
    lease_seen_seconds: std::sync::atomic::AtomicU64,
    /// Watch-fed caches (selected VMs, this rollout's replacements, VMIs) while `run` drives:
    /// a pass reads them instead of listing.
    cache: Option<[Store<DynamicObject>; 3]>,
    /// Watches started before `run` ([`Driver::start_watching`]), which `run` takes over.
    watching: Option<watch::Watching>,
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
    /// When each VMI was first seen Ready in a watch event (see `watch::ReadyArrivals`).
    ready_arrivals: watch::ReadyArrivals,
    /// The resourceVersion at which the watches saw each VM and VMI deleted (see
    /// `watch::Deletions`).
    deletions: watch::Deletions,
    /// Events being written: a record for people, never waited for by a pass (they held
    /// each restart's pass for one more round trip); `run` waits for them before it returns.
    /// The writes of previous objects kept ahead (`keep_ahead`) are waited for with them.
    events_in_flight: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
    /// Events of the actions under way, written once they are done (see `flush_events`).
    events_pending: std::sync::Mutex<Vec<DynamicObject>>,
    /// Previous objects kept ahead of their VM's turn by this process (see `keep_ahead`).
    kept_ahead: Arc<std::sync::Mutex<HashMap<String, history::KeptAhead>>>,
    /// Entries kept ahead whose VMs were updated since the last pass (see
    /// `unmark_kept_ahead`).
    kept_ahead_used: std::sync::Mutex<Vec<String>>,
    /// The VMIs the last pass was planned from: an update records the running VMI's uid
    /// from them (reading it again cost each restart a round trip).
    vmis_seen: Vec<Arc<DynamicObject>>,
}

impl Driver {
    pub fn new(client: kube::Client, namespace: &str, rollout: &str) -> Self {
        let ns = |r: &ApiResource| Api::namespaced_with(client.clone(), namespace, r);
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
            lease: crate::cluster::record_lease::RecordLease::new(
                client.clone(),
                namespace,
                rollout,
                crate::cluster::record_lease::holder_identity(""),
                state::ANN_STATUS,
                ("the rollout Lease", "the rollout state"),
            ),
            revisions: ns(&ar(
                "apps",
                "v1",
                "ControllerRevision",
                "controllerrevisions",
            )),
            events: ns(&ar("", "v1", "Event", "events")),
            pools: ns(&ar(
                "pool.kubevirt.io",
                "v1beta1",
                crate::kubevirt::pool::POOL_KIND,
                "virtualmachinepools",
            )),
            pool_writes: 0,
            pool_written: None,
            client,
            namespace: namespace.to_string(),
            rollout: rollout.to_string(),
            memory: observe::Memory::default(),
            previous: BTreeMap::new(),
            previous_kept_ahead: BTreeMap::new(),
            verbose: false,
            keep_lease_duration: false,
            lease_seen_seconds: std::sync::atomic::AtomicU64::new(0),
            cache: None,
            watching: None,
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
            ready_arrivals: Default::default(),
            deletions: Default::default(),
            events_in_flight: std::sync::Mutex::new(Vec::new()),
            events_pending: std::sync::Mutex::new(Vec::new()),
            kept_ahead: Default::default(),
            kept_ahead_used: Default::default(),
            vmis_seen: Vec::new(),
        }
    }

    fn pp() -> PatchParams {
        PatchParams {
            field_manager: Some(MANAGER.into()),
            ..PatchParams::default()
        }
    }

    fn post() -> PostParams {
        PostParams {
            field_manager: Some(MANAGER.into()),
            ..PostParams::default()
        }
    }

    fn log(&self, msg: &str) {
        if self.verbose {
            eprintln!("{msg}");
        }
    }

    /// The target object of `vm` for the current revision (None: not part of it), for a
    /// dry run's diff.
    pub fn target_of(&self, rec: &RolloutRecord, vm: &Value) -> Option<Value> {
        self.target(rec, vm)
    }

    /// The target object of `vm` for the current revision (None: not part of it).
    fn target(&self, rec: &RolloutRecord, vm: &Value) -> Option<Value> {
        // A pool's replicas follow the pool's template, rolling back too (the rollback puts
        // the earlier template in the record): no per-VM previous objects.
        if let Some(p) = &rec.pool {
            return crate::roll::pool::target(p, vm);
        }
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

    /// Drive the rollout until it completes, fails or pauses. Reacts to watch events on the
    /// VMs and VMIs of the namespace, and to the planner's wake-up times.
    pub async fn run(&mut self) -> Result<Status, RollError> {
        let ended = self.drive().await;
        self.flush_events();
        self.unmark_kept_ahead();
        let writes: Vec<_> = match self.events_in_flight.lock() {
            Ok(mut w) => w.drain(..).collect(),
            Err(_) => vec![],
        };
        for write in writes {
            let _ = write.await;
        }
        ended
    }

    async fn drive(&mut self) -> Result<Status, RollError> {
        let mut events = match self.watching.take() {
            Some(w) => w,
            None => {
                let selector = self.read().await?.and_then(|(r, _, _)| r.selector);
                let watching = self.watch(selector.as_deref());
                self.read_caches_once_synced().await;
                watching
            }
        };
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
                Status::RollingBack if self.previous.is_empty() && rec.pool.is_none() => {
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
            self.finish_interrupted_restarts(rec.pool.is_some(), &observed, &objs)
                .await?;
            let now = now_ms();
            let plan = planner::plan(&rec.spec, &rec.state, &observed, now);
            // A pool roll: the pool's template, strategy and size come before the replicas.
            if let Some(p) = &rec.pool {
                let finishing = plan.actions.iter().any(|a| matches!(a, Action::Complete));
                if self.pool_pass(p, &objs, finishing).await? {
                    self.fresh = true;
                    let until = tokio::time::Instant::now() + Duration::from_millis(500);
                    let _ = tokio::time::timeout_at(until, events.next()).await;
                    continue;
                }
            }
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
            self.flush_events();
            self.unmark_kept_ahead();
            if rec.pool.is_none() {
                self.keep_ahead(&plan.up_next, &rec, &objs);
            }
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
                let renew_by = self.lease.renew_every();
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
                    .map_err(|source| RollError::Stalled {
                        rollout: self.rollout.clone(),
                        source,
                    })?;
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
                .clamp(1, self.lease.renew_every().as_millis() as Millis);
            // A failing probe changes nothing in the cluster: look again soon.
            let wait = if self.probe_pending {
                wait.min(250)
            } else {
                wait
            };
            let woken = tokio::time::timeout(Duration::from_millis(wait), events.next()).await;
            // Woken by an event: take in the others already queued (a burst becomes one
            // pass), and wait a moment for quiet only while they keep coming, never long: a
            // fleet that is booting sends events every few ms, and each ms here is a ms
            // before the next restart. Woken by the planner's timer (a min-ready ended): go.
            if matches!(woken, Ok(Some(()))) {
                let settle = tokio::time::Instant::now() + Duration::from_millis(SETTLE_MS);
                while let Ok(Ok(Some(_))) = tokio::time::timeout_at(
                    settle,
                    tokio::time::timeout(Duration::from_millis(1), events.next()),
                )
                .await
                {}
            }
        }
    }
}

/// The longest a pass waits for a burst of events to end (the loop of `Driver::run`).
const SETTLE_MS: u64 = 4;

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
