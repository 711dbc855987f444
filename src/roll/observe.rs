//! What the planner sees of each VM, decided from a snapshot of the cluster: the VMs and VMIs
//! as the driver read them (watch caches or a list), the results of the health probes it ran,
//! and the time. Pure: no I/O, no clock, no client, so each rule below is unit-tested here.
//!
//! The rules that live here (and nowhere else):
//! - **undo without restart**: while rolling back, a VM whose change was staged but never
//!   applied (`RestartRequired`) still runs the old template, so putting it back needs none;
//! - **off by design is available**: a VM meant to be off (`Halted`, `Manual` with no
//!   instance, `running: false`) never turns Ready and is not made unavailable by the rollout;
//! - **the probe / min-ready state machine**: with `--probe`, a Ready VMI must pass the probe
//!   when it turns Ready and again when its min-ready ends; a failure starts the min-ready
//!   over, counted from the next pass that sees the probe pass;
//! - **applied**: whether the action recorded on a VM has taken effect (a new VMI after a
//!   restart or replace, the live values in the running VMI after a live update).
//!
//! The probe runs in two steps around the driver's I/O: [`probes_due`] says which VMIs to
//! probe now, the driver probes them, and [`observe`] takes the results.

use super::ladder::Level;
use super::planner::{Millis, ObservedVm, Progress};
use super::state::{self, RolloutRecord, Status};
use crate::kubevirt::observed::{ObservedVm as LiveVm, ObservedVmi as LiveVmi};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

/// One VirtualMachine as read from the cluster.
#[derive(Debug, Clone)]
pub struct VmSnapshot<'a> {
    pub name: &'a str,
    /// The object's `spec` and `status` (a `DynamicObject`'s data, or a GET's body).
    pub data: &'a Value,
    pub annotations: &'a BTreeMap<String, String>,
    /// `metadata.creationTimestamp` in ms (0 when unknown).
    pub created_ms: Millis,
    /// `metadata.generation` (0 when unknown): bumped by every change to the spec.
    pub generation: i64,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// The least ladder level that brings it to the rollout's target (None: already there),
    /// as the driver decided it (and remembered it per resourceVersion).
    pub needed: Option<Level>,
}

/// One VirtualMachineInstance as read from the cluster.
#[derive(Debug, Clone)]
pub struct VmiSnapshot<'a> {
    pub name: &'a str,
    pub uid: &'a str,
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    /// The object's `spec` and `status`.
    pub data: &'a Value,
    /// When its `Ready` condition last changed (ms; whole seconds count as their end).
    pub ready_transition_ms: Option<Millis>,
    /// The VM generation it was started from (`kubevirt.io/vm-generation`), when KubeVirt
    /// wrote it.
    pub vm_generation: Option<i64>,
}

impl<'a> VmiSnapshot<'a> {
    /// Started from a VM generation before `generation` (unknown counts as not older).
    pub fn older_than(&self, generation: i64) -> bool {
        self.vm_generation.is_some_and(|g| g < generation)
    }

    fn live(&self) -> LiveVmi<'a> {
        let mut live = LiveVmi::read(self.data);
        // The metadata is not in `data`: the snapshot says whether it is going away.
        live.deleting = self.deleting;
        live
    }

    /// Running (the phase), which the ladder decision depends on.
    pub fn running(&self) -> bool {
        self.live().is_running()
    }
}

/// The VMs and VMIs of one pass.
#[derive(Debug, Clone, Default)]
pub struct Snapshot<'a> {
    pub vms: Vec<VmSnapshot<'a>>,
    pub vmis: Vec<VmiSnapshot<'a>>,
}

impl<'a> Snapshot<'a> {
    /// The instances by name, for a lookup per VM (a search of the list for each of N VMs
    /// was N² string comparisons a pass). The first of a name wins.
    pub fn vmis_by_name(&self) -> HashMap<&'a str, &VmiSnapshot<'a>> {
        let mut index = HashMap::with_capacity(self.vmis.len());
        for vmi in &self.vmis {
            index.entry(vmi.name).or_insert(vmi);
        }
        index
    }
}

/// What this client remembers of the VMIs between passes: when it first saw each Ready
/// (sharper than the condition's whole second; `Millis::MAX` after a failed probe, until the
/// probe passes again) and which passed their probe when they turned Ready, and again at the
/// end of their min-ready.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Memory {
    ready_seen: HashMap<String, Millis>,
    probed: HashSet<String>,
    confirmed: HashSet<String>,
}

impl Memory {
    /// Whether the VMI `uid` needs probing now: it passed neither for good nor recently.
    fn due(&self, uid: &str, min_ready_ms: Millis, now: Millis) -> bool {
        !(self.confirmed.contains(uid)
            || (self.probed.contains(uid) && !self.min_ready_over(uid, min_ready_ms, now)))
    }

    fn min_ready_over(&self, uid: &str, min_ready_ms: Millis, now: Millis) -> bool {
        self.ready_seen
            .get(uid)
            .is_some_and(|t| now >= t.saturating_add(min_ready_ms))
    }

    /// Take one probe result of VMI `uid`; true when it passed.
    fn probed(&mut self, uid: &str, ok: bool, min_ready_ms: Millis, now: Millis) -> bool {
        let min_ready_over = self.min_ready_over(uid, min_ready_ms, now);
        // After a failure the min-ready counts from the next pass, not from the VMI's Ready
        // condition (marked by Millis::MAX meanwhile).
        let failed_before = self.ready_seen.get(uid) == Some(&Millis::MAX);
        if ok && failed_before {
            self.ready_seen.insert(uid.to_string(), now);
            self.probed.insert(uid.to_string());
        } else if ok && (min_ready_over || min_ready_ms == 0) {
            self.confirmed.insert(uid.to_string());
        } else if ok {
            self.probed.insert(uid.to_string());
        } else {
            self.probed.remove(uid);
            self.ready_seen.insert(uid.to_string(), Millis::MAX);
        }
        ok
    }
}

/// A VMI to probe: its uid and the guest's address (None: no address yet, which fails).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeDue {
    pub uid: String,
    pub address: Option<String>,
}

/// The VMIs of selected VMs that must be probed in this pass (none without `--probe`): Ready
/// ones that have not passed yet, or whose min-ready just ended.
pub fn probes_due(
    rec: &RolloutRecord,
    snapshot: &Snapshot,
    memory: &Memory,
    now: Millis,
) -> Vec<ProbeDue> {
    if rec.probe.is_none() {
        return vec![];
    }
    let vmis = snapshot.vmis_by_name();
    snapshot
        .vms
        .iter()
        .filter_map(|vm| vmis.get(vm.name).copied())
        .filter_map(|vmi| {
            let live = vmi.live();
            (live.is_ready() && memory.due(vmi.uid, rec.spec.min_ready_ms, now)).then(|| ProbeDue {
                uid: vmi.uid.to_string(),
                address: live.address.map(str::to_string),
            })
        })
        .collect()
}

/// The planner's view of one pass, and what the driver keeps from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observation {
    pub vms: Vec<ObservedVm>,
    /// Per VM, its VMI's uid and the instant it was seen Ready (`"UID MILLIS"`): recorded on
    /// the VM when it is marked updated.
    pub ready_of: HashMap<String, String>,
    /// A Ready VMI failed its probe: probe again soon (no event will come).
    pub probe_pending: bool,
}

/// The observed VMs of rollout `rollout` at `now`, given the probe results of
/// [`probes_due`]'s VMIs (by uid; a missing result counts as failed).
pub fn observe(
    rollout: &str,
    rec: &RolloutRecord,
    snapshot: &Snapshot,
    probes: &HashMap<String, bool>,
    memory: &mut Memory,
    now: Millis,
) -> Observation {
    let present: HashSet<&str> = snapshot.vms.iter().map(|v| v.name).collect();
    let vmis = snapshot.vmis_by_name();
    let mut out = Observation::default();
    for vm in &snapshot.vms {
        let live_vm = LiveVm::read(vm.data);
        let vmi = vmis.get(vm.name).copied();
        let live_vmi = vmi.map(VmiSnapshot::live);
        let running = live_vmi.as_ref().is_some_and(LiveVmi::is_running);
        let progress = state::read_progress(vm.annotations, rollout, rec.revision);
        let needed = undo_needs(rec.status, vm.needed, &live_vm);
        let needed = staged_needs(rec.status, &progress, needed, &live_vm, running);
        let probe_ok = match (vmi, &live_vmi) {
            // Probed in this pass (see `probes_due`); otherwise it passed before and stands.
            (Some(i), Some(l))
                if rec.probe.is_some()
                    && l.is_ready()
                    && memory.due(i.uid, rec.spec.min_ready_ms, now) =>
            {
                let ok = probes.get(i.uid).copied().unwrap_or(false);
                if !memory.probed(i.uid, ok, rec.spec.min_ready_ms, now) {
                    out.probe_pending = true;
                }
                ok
            }
            _ => true,
        };
        let ready_since = if vmi.is_none() && live_vm.meant_off() {
            // Meant to be off: not made unavailable by the rollout, so it counts as available
            // instead of holding the budget until the deadline.
            Some(0)
        } else {
            vmi.zip(live_vmi.as_ref())
                .filter(|(_, l)| l.is_ready() && probe_ok)
                .map(|(i, _)| ready_seen(vm, i, memory, &mut out.ready_of, now))
        };
        let applied = applied(&progress, vm, &live_vm, vmi, running);
        out.vms.push(ObservedVm {
            name: vm.name.to_string(),
            // A replacement pairs with the VM it replaces only while that VM exists;
            // afterwards (a later revision or rollout) it is a VM of its own.
            slot: vm
                .annotations
                .get(state::ANN_SLOT)
                .filter(|s| present.contains(s.as_str()))
                .cloned()
                .unwrap_or_else(|| vm.name.to_string()),
            created_ms: vm.created_ms,
            needed,
            progress,
            ready_since,
            applied,
            deleting: vm.deleting,
        });
    }
    out
}

/// Undo of a change the VM staged but never applied: the VMI still runs the old template,
/// so putting it back needs no restart.
fn undo_needs(status: Status, needed: Option<Level>, vm: &LiveVm) -> Option<Level> {
    if status == Status::RollingBack && needed.is_some() && vm.is("RestartRequired") {
        Some(Level::None)
    } else {
        needed
    }
}

/// A template already written by someone else (a GitOps tool applied it) that KubeVirt could
/// not apply to the running instance (`RestartRequired`): the VM is at the target on paper
/// only, so it needs a restart, once: not after this revision touched it (the condition
/// lags behind the restart), and never while rolling back.
fn staged_needs(
    status: Status,
    progress: &Progress,
    needed: Option<Level>,
    vm: &LiveVm,
    running: bool,
) -> Option<Level> {
    let staged = needed.is_none()
        && running
        && status == Status::Progressing
        && *progress == Progress::Idle
        && vm.is("RestartRequired");
    if staged {
        Some(Level::Restart)
    } else {
        needed
    }
}

/// Since when a Ready VMI counts as Ready: the instant the client that marked the VM updated
/// saw it Ready (kept on the VM), sharper than the condition's whole second, which made
/// `status` right after a Complete rollout show VMs unavailable; else the first time this
/// client saw it, or the condition's time when it was already Ready then.
fn ready_seen(
    vm: &VmSnapshot,
    vmi: &VmiSnapshot,
    memory: &mut Memory,
    ready_of: &mut HashMap<String, String>,
    now: Millis,
) -> Millis {
    let recorded = vm
        .annotations
        .get(state::ANN_READY_SINCE)
        .and_then(|r| r.split_once(' '))
        .filter(|(u, _)| *u == vmi.uid)
        .and_then(|(_, t)| t.parse::<Millis>().ok());
    let seen = *memory
        .ready_seen
        .entry(vmi.uid.to_string())
        .or_insert_with(|| {
            let t = vmi.ready_transition_ms.unwrap_or(now);
            recorded.unwrap_or(t).min(now)
        });
    if seen != Millis::MAX {
        ready_of.insert(vm.name.to_string(), format!("{} {seen}", vmi.uid));
    }
    seen
}

/// Whether the action recorded on the VM has taken effect: a restart or replace has a new
/// VMI (or none was running and none runs), a live update shows in the running VMI with no
/// restart asked for.
fn applied(
    progress: &Progress,
    vm: &VmSnapshot,
    live_vm: &LiveVm,
    vmi: Option<&VmiSnapshot>,
    running: bool,
) -> bool {
    let Progress::Updating { level, .. } = progress else {
        return true;
    };
    let before = vm.annotations.get(state::ANN_VMI).map(String::as_str);
    // No VMI ran when the VM was updated (so none was restarted), and one runs now that the
    // VM controller started from the spec before the update (it read the VM just before the
    // write): the update has not reached the guest, whatever its level.
    if before == Some("") && vmi.is_some_and(|i| !i.deleting && i.older_than(vm.generation)) {
        return false;
    }
    let before = before.unwrap_or_default();
    match level {
        Level::Restart | Level::Replace => {
            vmi.is_some_and(|i| i.uid != before) || (!running && before.is_empty())
        }
        Level::Live => {
            !live_vm.is("RestartRequired") && vmi.is_some_and(|i| live_matches(vm.data, i.data))
        }
        Level::None => true,
    }
}

/// Whether the running VMI already has the template's live-updatable values.
pub fn live_matches(vm: &Value, vmi: &Value) -> bool {
    let t = vm.pointer("/spec/template/spec").unwrap_or(&Value::Null);
    let i = vmi.get("spec").unwrap_or(&Value::Null);
    let same = |p: &str| t.pointer(p).is_none() || t.pointer(p) == i.pointer(p);
    same("/domain/cpu/sockets") && same("/domain/memory/guest")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roll::budget::IntOrPercent;
    use crate::roll::planner::{Order, RolloutSpec, RolloutState};
    use crate::roll::probe::Probe;

    use serde_json::json;

    const ROLLOUT: &str = "web";

    fn record(status: Status, min_ready_ms: Millis, probe: bool) -> RolloutRecord {
        let spec = RolloutSpec {
            max_unavailable: IntOrPercent::Count(1),
            max_surge: IntOrPercent::Count(0),
            min_ready_ms,
            progress_deadline_ms: 60_000,
            max_action: Level::Replace,
            min_action: Level::None,
            canary: 0,
            canary_wait_ms: None,
            order: Order::Name,
            failure_threshold: 1,
            auto_rollback: false,
            seed: 0,
        };
        let mut rec: RolloutRecord = serde_json::from_value(json!({
            "revision": 2,
            "status": "Progressing",
            "spec": serde_json::to_value(spec).expect("spec as JSON"),
            "state": serde_json::to_value(RolloutState::default()).expect("state as JSON"),
            "change": {},
            "names": [],
            "cause": "test",
            "startedMs": 0,
        }))
        .expect("a minimal record");
        rec.status = status;
        rec.probe = probe.then_some(Probe::Tcp { port: 22 });
        rec
    }

    /// The annotations recording `progress` for revision 2 of this rollout.
    fn stamped(progress: &Progress, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
        let mut a: BTreeMap<String, String> =
            serde_json::from_value(state::progress_annotations(ROLLOUT, 2, progress))
                .expect("string annotations");
        for (k, v) in extra {
            a.insert(k.to_string(), v.to_string());
        }
        a
    }

    fn vm<'a>(
        name: &'a str,
        data: &'a Value,
        annotations: &'a BTreeMap<String, String>,
        needed: Option<Level>,
    ) -> VmSnapshot<'a> {
        VmSnapshot {
            name,
            data,
            annotations,
            created_ms: 7,
            generation: 0,
            deleting: false,
            needed,
        }
    }

    fn ready_vmi(sockets: u32) -> Value {
        json!({
            "spec": {"domain": {"cpu": {"sockets": sockets}}},
            "status": {"phase": "Running", "interfaces": [{"ipAddress": "10.0.0.9"}],
                "conditions": [
                    {"type": "Ready", "status": "True"},
                    {"type": "AgentConnected", "status": "True"}
                ]}
        })
    }

    fn vmi<'a>(name: &'a str, uid: &'a str, data: &'a Value) -> VmiSnapshot<'a> {
        VmiSnapshot {
            name,
            uid,
            deleting: false,
            data,
            ready_transition_ms: Some(1_000),
            vm_generation: None,
        }
    }

    fn no_annotations() -> BTreeMap<String, String> {
        BTreeMap::new()
    }

    #[test]
    fn the_index_of_instances_finds_each_vms_first_instance() {
        let data = ready_vmi(1);
        let snapshot = Snapshot {
            vms: vec![],
            vmis: vec![
                vmi("a", "u1", &data),
                vmi("b", "u2", &data),
                vmi("a", "u3", &data),
            ],
        };
        let index = snapshot.vmis_by_name();
        for (name, uid) in [("a", Some("u1")), ("b", Some("u2")), ("c", None)] {
            assert_eq!(index.get(name).map(|i| i.uid), uid, "{name}");
        }
        assert_eq!(index.get("a").map(|i| i.uid), Some("u1"), "the first wins");
    }

    #[test]
    fn a_failed_probe_starts_the_min_ready_over() {
        let rec = record(Status::Progressing, 1_000, true);
        let (data, idata, ann) = (json!({"spec": {}}), ready_vmi(1), no_annotations());
        let snapshot = Snapshot {
            vms: vec![vm("a", &data, &ann, None)],
            vmis: vec![vmi("a", "u1", &idata)],
        };
        let mut memory = Memory::default();
        // One pass: which VMIs are probed, and what the planner then sees.
        let mut pass = |now: Millis, result: Option<bool>| {
            let due = probes_due(&rec, &snapshot, &memory, now);
            let probes: HashMap<String, bool> = match result {
                Some(ok) => {
                    assert_eq!(
                        due,
                        [ProbeDue {
                            uid: "u1".into(),
                            address: Some("10.0.0.9".into())
                        }],
                        "at {now}"
                    );
                    HashMap::from([("u1".to_string(), ok)])
                }
                None => {
                    assert!(due.is_empty(), "at {now} nothing is probed: {due:?}");
                    HashMap::new()
                }
            };
            let seen = observe(ROLLOUT, &rec, &snapshot, &probes, &mut memory, now);
            (seen.vms[0].ready_since, seen.probe_pending, seen.ready_of)
        };
        // Turned Ready at 1 000 and passes: Ready since the condition's time.
        let (since, pending, ready_of) = pass(1_500, Some(true));
        assert_eq!((since, pending), (Some(1_000), false));
        assert_eq!(ready_of.get("a").map(String::as_str), Some("u1 1000"));
        // Within its min-ready it is not probed again.
        assert_eq!(pass(1_800, None).0, Some(1_000));
        // The min-ready ended: probed again, fails, the VM is not Ready and it is said.
        let (since, pending, ready_of) = pass(2_100, Some(false));
        assert_eq!((since, pending), (None, true));
        assert!(ready_of.is_empty());
        // The next pass that sees it pass starts the min-ready from there.
        assert_eq!(pass(2_500, Some(true)).0, Some(2_500));
        assert_eq!(pass(3_000, None).0, Some(2_500), "inside the new min-ready");
        // At its end it is probed once more and then confirmed for good.
        assert_eq!(pass(3_600, Some(true)).0, Some(2_500));
        assert_eq!(pass(60_000, None).0, Some(2_500));
    }

    #[test]
    fn without_a_probe_nothing_is_probed_and_a_recorded_ready_time_wins() {
        let rec = record(Status::Progressing, 1_000, false);
        let idata = ready_vmi(1);
        let data = json!({"spec": {}});
        let ours = stamped(&Progress::Done, &[(state::ANN_READY_SINCE, "u1 1400")]);
        let other = stamped(&Progress::Done, &[(state::ANN_READY_SINCE, "old 1400")]);
        let snapshot = Snapshot {
            vms: vec![vm("a", &data, &ours, None), vm("b", &data, &other, None)],
            vmis: vec![vmi("a", "u1", &idata), vmi("b", "u2", &idata)],
        };
        let mut memory = Memory::default();
        assert!(probes_due(&rec, &snapshot, &memory, 2_000).is_empty());
        let seen = observe(
            ROLLOUT,
            &rec,
            &snapshot,
            &HashMap::new(),
            &mut memory,
            2_000,
        );
        // The time kept on the VM for this VMI, else the condition's (never after now).
        assert_eq!(seen.vms[0].ready_since, Some(1_400));
        assert_eq!(seen.vms[1].ready_since, Some(1_000));
        assert_eq!(seen.vms[0].progress, Progress::Done);
        let seen = observe(ROLLOUT, &rec, &snapshot, &HashMap::new(), &mut memory, 500);
        assert_eq!(seen.vms[1].ready_since, Some(1_000), "remembered per uid");
        let fresh = observe(
            ROLLOUT,
            &rec,
            &snapshot,
            &HashMap::new(),
            &mut Memory::default(),
            500,
        );
        assert_eq!(fresh.vms[1].ready_since, Some(500), "never later than now");
    }

    #[test]
    fn a_vm_meant_to_be_off_counts_as_available() {
        let rec = record(Status::Progressing, 1_000, true);
        let ann = no_annotations();
        let halted = json!({"spec": {"runStrategy": "Halted"}});
        let manual = json!({"spec": {"runStrategy": "Manual"}});
        let stopped = json!({"spec": {"running": false}});
        let always = json!({"spec": {"runStrategy": "Always"}});
        let booting = json!({"status": {"phase": "Scheduling"}});
        let snapshot = Snapshot {
            vms: vec![
                vm("halted", &halted, &ann, None),
                vm("manual", &manual, &ann, None),
                vm("stopped", &stopped, &ann, None),
                vm("always", &always, &ann, None),
                vm("manual-started", &manual, &ann, None),
            ],
            vmis: vec![vmi("manual-started", "u", &booting)],
        };
        let seen = observe(
            ROLLOUT,
            &rec,
            &snapshot,
            &HashMap::new(),
            &mut Memory::default(),
            5_000,
        );
        let since: Vec<(&str, Option<Millis>)> = seen
            .vms
            .iter()
            .map(|v| (v.name.as_str(), v.ready_since))
            .collect();
        assert_eq!(
            since,
            [
                ("halted", Some(0)),
                ("manual", Some(0)),
                ("stopped", Some(0)),
                // Meant to run and not running: unavailable.
                ("always", None),
                // An instance exists: it counts only once Ready.
                ("manual-started", None),
            ]
        );
    }

    #[test]
    fn applied_means_the_recorded_action_took_effect() {
        let rec = record(Status::Progressing, 0, false);
        let updating = |level| Progress::Updating { level, since: 1 };
        let restart = stamped(&updating(Level::Restart), &[(state::ANN_VMI, "old")]);
        let replace_stopped = stamped(&updating(Level::Replace), &[]);
        let live = stamped(&updating(Level::Live), &[]);
        let idle = no_annotations();
        let two = json!({"spec": {"template": {"spec": {"domain": {"cpu": {"sockets": 2}}}}}});
        let two_pending = json!({
            "spec": {"template": {"spec": {"domain": {"cpu": {"sockets": 2}}}}},
            "status": {"conditions": [{"type": "RestartRequired", "status": "True"}]}
        });
        let (one_socket, two_sockets) = (ready_vmi(1), ready_vmi(2));
        let applied_of = |vms: Vec<VmSnapshot>, vmis: Vec<VmiSnapshot>| -> Vec<bool> {
            let snapshot = Snapshot { vms, vmis };
            observe(
                ROLLOUT,
                &rec,
                &snapshot,
                &HashMap::new(),
                &mut Memory::default(),
                9,
            )
            .vms
            .iter()
            .map(|v| v.applied)
            .collect()
        };
        // Restart: a VMI with another uid than the one recorded.
        assert_eq!(
            applied_of(
                vec![vm("a", &two, &restart, None), vm("b", &two, &restart, None)],
                vec![vmi("a", "old", &one_socket), vmi("b", "new", &one_socket)]
            ),
            [false, true]
        );
        // Restart of a VM that had no VMI when it was updated (generation 5): an instance
        // started from generation 4 (the VM controller read the VM just before the update)
        // is not the restart's; one from generation 5 is, as is one KubeVirt did not stamp.
        let no_vmi_then = stamped(&updating(Level::Restart), &[(state::ANN_VMI, "")]);
        let mut vms = vec![];
        let mut vmis = vec![];
        for (name, started_from) in [("s", Some(4)), ("t", Some(5)), ("u", None)] {
            let mut v = vm(name, &two, &no_vmi_then, None);
            v.generation = 5;
            vms.push(v);
            let mut i = vmi(name, "new", &one_socket);
            i.vm_generation = started_from;
            vmis.push(i);
        }
        assert_eq!(applied_of(vms, vmis), [false, true, true]);
        // The same for a VM updated without a restart because it was not running.
        let spec_only = stamped(&updating(Level::None), &[(state::ANN_VMI, "")]);
        let mut v = vm("w", &two, &spec_only, None);
        v.generation = 5;
        let mut i = vmi("w", "new", &one_socket);
        i.vm_generation = Some(4);
        assert_eq!(applied_of(vec![v], vec![i]), [false]);
        // Replace of a VM that was not running: nothing runs, nothing was recorded.
        assert_eq!(
            applied_of(vec![vm("c", &two, &replace_stopped, None)], vec![]),
            [true]
        );
        // Live: the running VMI has the template's values and no restart is asked for.
        assert_eq!(
            applied_of(
                vec![
                    vm("d", &two, &live, None),
                    vm("e", &two, &live, None),
                    vm("f", &two_pending, &live, None),
                    vm("g", &two, &live, None),
                ],
                vec![
                    vmi("d", "1", &two_sockets),
                    vmi("e", "2", &one_socket),
                    vmi("f", "3", &two_sockets)
                ]
            ),
            [true, false, false, false]
        );
        // Nothing in flight: nothing to wait for.
        assert_eq!(applied_of(vec![vm("h", &two, &idle, None)], vec![]), [true]);
    }

    #[test]
    fn a_template_a_gitops_tool_staged_needs_one_restart() {
        let staged = json!({"status": {"conditions": [
            {"type": "RestartRequired", "status": "True"}
        ]}});
        let vm = LiveVm::read(&staged);
        let idle = Progress::Idle;
        let p = Status::Progressing;
        assert_eq!(
            staged_needs(p, &idle, None, &vm, true),
            Some(Level::Restart)
        );
        // Not when stopped, once this revision touched it, while rolling back, or when the
        // diff already says what it needs.
        assert_eq!(staged_needs(p, &idle, None, &vm, false), None);
        assert_eq!(staged_needs(p, &Progress::Done, None, &vm, true), None);
        assert_eq!(
            staged_needs(Status::RollingBack, &idle, None, &vm, true),
            None
        );
        let live = Some(Level::Live);
        assert_eq!(staged_needs(p, &idle, live, &vm, true), live);
        let clear = json!({"status": {"conditions": []}});
        assert_eq!(
            staged_needs(p, &idle, None, &LiveVm::read(&clear), true),
            None
        );
    }

    #[test]
    fn undoing_a_staged_change_needs_no_restart() {
        let ann = no_annotations();
        let staged = json!({"status": {"conditions": [
            {"type": "RestartRequired", "status": "True"}
        ]}});
        let applied = json!({"status": {"conditions": []}});
        let needed = |status: Status, data: &Value, needed: Option<Level>| {
            let snapshot = Snapshot {
                vms: vec![vm("a", data, &ann, needed)],
                vmis: vec![],
            };
            let rec = record(status, 0, false);
            observe(
                ROLLOUT,
                &rec,
                &snapshot,
                &HashMap::new(),
                &mut Memory::default(),
                1,
            )
            .vms[0]
                .needed
        };
        let restart = Some(Level::Restart);
        assert_eq!(
            needed(Status::RollingBack, &staged, restart),
            Some(Level::None)
        );
        assert_eq!(needed(Status::RollingBack, &applied, restart), restart);
        assert_eq!(needed(Status::Progressing, &staged, restart), restart);
        assert_eq!(needed(Status::RollingBack, &staged, None), None);
    }

    #[test]
    fn a_replacement_pairs_with_its_slot_only_while_that_vm_exists() {
        let rec = record(Status::Progressing, 0, false);
        let data = json!({});
        let plain = no_annotations();
        let of_a = stamped(&Progress::Idle, &[(state::ANN_SLOT, "a")]);
        let of_gone = stamped(&Progress::Idle, &[(state::ANN_SLOT, "gone")]);
        let snapshot = Snapshot {
            vms: vec![
                vm("a", &data, &plain, None),
                vm("a-r2", &data, &of_a, None),
                vm("b-r1", &data, &of_gone, None),
            ],
            vmis: vec![],
        };
        let seen = observe(
            ROLLOUT,
            &rec,
            &snapshot,
            &HashMap::new(),
            &mut Memory::default(),
            1,
        );
        let slots: Vec<&str> = seen.vms.iter().map(|v| v.slot.as_str()).collect();
        assert_eq!(slots, ["a", "a", "b-r1"]);
        assert_eq!(seen.vms[1].created_ms, 7);
    }
}
