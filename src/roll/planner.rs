//! The rollout planner: observed VMs + rollout state + the time -> the next actions. Pure:
//! no I/O, no clock (time is an argument), so every rule is unit- and property-tested and a
//! killed client resumes by planning again from what the cluster shows.
//!
//! A *slot* is one selected VM by its original name. While it is replaced, a slot holds two
//! VMs (the old one and its replacement); otherwise one. A slot is *available* when one of
//! its VMs has been Ready for `min_ready`. The budget rules:
//! - unavailable slots (for any reason, including VMs that were already unhealthy) plus slots
//!   with a `live` or `restart` in flight never exceed `max_unavailable`; updating a slot that
//!   is already unavailable costs nothing more;
//! - replacements that exist beside their old VM never exceed `max_surge`, and an old VM is
//!   deleted only once its replacement has been Ready for `min_ready`;
//! - `none` (metadata only) disrupts nothing and is not budgeted.

use super::budget::Budget;
use super::ladder::Level;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Milliseconds since the Unix epoch.
pub type Millis = u64;

/// Order in which pending VMs are updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Name,
    Oldest,
    Random,
}

/// What the user asked for, fixed for the whole rollout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutSpec {
    pub max_unavailable: super::budget::IntOrPercent,
    pub max_surge: super::budget::IntOrPercent,
    /// Milliseconds a VM must stay Ready before it counts as available.
    pub min_ready_ms: Millis,
    /// Milliseconds one VM may take to become available after its action started.
    pub progress_deadline_ms: Millis,
    pub max_action: Level,
    pub min_action: Level,
    pub canary: u32,
    /// Milliseconds to wait after the canary before going on; None: pause for a human.
    pub canary_wait_ms: Option<Millis>,
    pub order: Order,
    /// Failed VMs after which the rollout stops.
    pub failure_threshold: u32,
    pub auto_rollback: bool,
    /// Seed for `--order random` (derived from the revision, so a resumed client keeps it).
    pub seed: u64,
}

/// Rollout-wide progress kept in the cluster (the Lease's annotations).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutState {
    pub paused: bool,
    /// When every canary VM became available.
    pub canary_reached_ms: Option<Millis>,
    /// The canary has been approved (by `roll resume` or `--canary-wait`).
    pub canary_passed: bool,
}

/// Where one VM stands in this rollout (recorded in its `vmmigrate.io/rollout-phase`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "phase")]
pub enum Progress {
    /// Not touched by this rollout.
    Idle,
    /// An action is in flight since `since`.
    Updating { level: Level, since: Millis },
    /// Updated and available.
    Done,
    /// Missed its deadline or failed its health gate.
    Failed { reason: String },
    /// Needs more than `--max-action` allows; left alone.
    Skipped { needed: Level },
}

/// One VM as the driver observed it.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedVm {
    pub name: String,
    /// The original VM's name (equal to `name` unless this is a replacement).
    pub slot: String,
    pub created_ms: Millis,
    /// Least action that brings it to the target; None when already there.
    pub needed: Option<Level>,
    pub progress: Progress,
    /// Since when it is Ready (VMI Ready and, when asked, the health gates); None if not.
    pub ready_since: Option<Millis>,
    /// The action recorded in `progress` has taken effect (restart: a new VMI exists;
    /// live: no RestartRequired and no migration in flight).
    pub applied: bool,
    /// Being deleted (deletionTimestamp set).
    pub deleting: bool,
}

/// One step for the driver to carry out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "action")]
pub enum Action {
    /// Bring `vm` to its target at `level` (none: metadata patch; live: apply the template,
    /// KubeVirt hot-plugs it; restart: apply, then restart), and record Updating.
    Update {
        vm: String,
        level: Level,
    },
    /// Create the replacement of `slot` from its target, recorded as Updating(replace).
    CreateReplacement {
        slot: String,
    },
    /// Delete `vm`: the old VM of a slot whose replacement is available, or a replacement
    /// that failed (its old VM stays and serves).
    Delete {
        vm: String,
    },
    /// The VM reached its target and is available.
    MarkDone {
        vm: String,
    },
    MarkFailed {
        vm: String,
        reason: String,
    },
    MarkSkipped {
        vm: String,
        needed: Level,
    },
    /// Every canary VM is available: record the time (and pause when no wait is set).
    CanaryReached,
    /// The canary wait is over.
    PassCanary,
    /// Nothing is left to do.
    Complete,
    /// Stop: the failure threshold was hit (with rollback when asked).
    Fail {
        reason: String,
        rollback: bool,
    },
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// Plan again at this time at the latest (a `min_ready` or a deadline ends), even if
    /// nothing is observed to change.
    pub wake_at: Option<Millis>,
    pub summary: Summary,
    /// VMs the budget held back in this pass, in the order they start in (at most one
    /// budget's worth): the next to be updated in place, whose previous objects the driver
    /// may keep ahead of time, so that a freed slot's update goes out with no write before it.
    pub up_next: Vec<String>,
}

/// Counts for `roll status`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub total: u32,
    pub updated: u32,
    pub ready: u32,
    pub available: u32,
    pub unavailable: u32,
    pub in_flight: u32,
    pub surge: u32,
    pub failed: u32,
    pub skipped: u32,
    pub max_unavailable: u32,
    pub max_surge: u32,
}

struct Slot<'a> {
    name: &'a str,
    old: Option<&'a ObservedVm>,
    repl: Option<&'a ObservedVm>,
}

impl Slot<'_> {
    fn vms(&self) -> impl Iterator<Item = &ObservedVm> {
        self.old.into_iter().chain(self.repl)
    }
}

fn available(vm: &ObservedVm, spec: &RolloutSpec, now: Millis) -> bool {
    !vm.deleting
        && vm
            .ready_since
            .is_some_and(|t| now >= t.saturating_add(spec.min_ready_ms))
}

fn mix(seed: u64, s: &str) -> u64 {
    // FNV-1a: a stable shuffle for --order random that survives a client restart.
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The next actions for the group `vms` (every VM of every slot, replacements included).
pub fn plan(spec: &RolloutSpec, state: &RolloutState, vms: &[ObservedVm], now: Millis) -> Plan {
    let slots = slots_of(vms);
    let total = u32::try_from(slots.len()).unwrap_or(u32::MAX);
    let budget = Budget::resolve(spec.max_unavailable, spec.max_surge, total);
    let mut p = Planning {
        spec,
        budget,
        now,
        out: Plan::default(),
        s: Summary {
            total,
            max_unavailable: budget.max_unavailable,
            max_surge: budget.max_surge,
            ..Summary::default()
        },
        unavailable_slots: 0,
        busy: 0,
        surge: 0,
        failed: 0,
        started: 0,
        canary_done: 0,
        unfinished: 0,
        pending: vec![],
    };
    // Pass 1: settle VMs whose action is in flight, and count.
    for slot in slots.values() {
        p.settle(slot);
    }
    p.busy += p.unavailable_slots;
    p.s.unavailable = p.unavailable_slots;
    p.s.surge = p.surge;
    p.s.failed = p.failed;
    p.out.summary = p.s.clone();

    if p.failed >= spec.failure_threshold.max(1) {
        p.out.actions.push(Action::Fail {
            reason: format!(
                "{} VM(s) failed, the failure threshold is {}",
                p.failed,
                spec.failure_threshold.max(1)
            ),
            rollback: spec.auto_rollback,
        });
        return p.out;
    }
    if state.paused {
        return p.out;
    }
    let Some(allowed_starts) = p.canary_gate(state) else {
        return p.out;
    };
    // Pass 2: start what the budgets allow.
    let blocked = p.start_pending(allowed_starts);
    p.finish(blocked);
    p.out
}

/// The group's VMs by slot: the original VM and its replacement, when there is one.
fn slots_of(vms: &[ObservedVm]) -> BTreeMap<&str, Slot<'_>> {
    let mut slots: BTreeMap<&str, Slot> = BTreeMap::new();
    for vm in vms {
        let e = slots.entry(vm.slot.as_str()).or_insert(Slot {
            name: vm.slot.as_str(),
            old: None,
            repl: None,
        });
        if vm.name == vm.slot {
            e.old = Some(vm);
        } else {
            e.repl = Some(vm);
        }
    }
    slots
}

/// One planning pass: the plan so far, and what pass 1 counts for the budgets of pass 2
/// and the end of the rollout.
struct Planning<'a> {
    spec: &'a RolloutSpec,
    budget: Budget,
    now: Millis,
    out: Plan,
    /// The counts for `roll status` (copied into `out` once pass 1 is over).
    s: Summary,
    unavailable_slots: u32,
    /// Slots unavailable or with a live/restart in flight.
    busy: u32,
    surge: u32,
    failed: u32,
    /// Slots this rollout has touched (for the canary).
    started: u32,
    canary_done: u32,
    /// Slots with an action in flight.
    unfinished: u32,
    /// Slots to update, with the level each takes.
    pending: Vec<(&'a Slot<'a>, Level)>,
}

impl<'a> Planning<'a> {
    /// Plan again at `t` at the latest (when it is still ahead).
    fn wake(&mut self, t: Millis) {
        if t > self.now {
            self.out.wake_at = Some(self.out.wake_at.map_or(t, |w| w.min(t)));
        }
    }

    /// Pass 1 for one slot: count it, and settle the action in flight on it (done, failed,
    /// or still going), or queue the update it needs.
    fn settle(&mut self, slot: &'a Slot<'a>) {
        let (spec, now) = (self.spec, self.now);
        let slot_available = slot.vms().any(|v| available(v, spec, now));
        let slot_ready = slot.vms().any(|v| v.ready_since.is_some() && !v.deleting);
        if slot_ready {
            self.s.ready += 1;
        }
        if slot_available {
            self.s.available += 1;
        } else {
            self.unavailable_slots += 1;
            // A VM created less than the progress deadline ago (a pool's surge or healed
            // replica, a VM someone just made) may still come up: waiting can change it, so
            // it holds the budget without the rollout being stuck until its deadline.
            for v in slot.vms().filter(|v| !v.deleting) {
                self.wake(v.created_ms.saturating_add(spec.progress_deadline_ms));
            }
        }
        for v in slot.vms() {
            if let Some(t) = v.ready_since {
                if !available(v, spec, now) {
                    self.wake(t.saturating_add(spec.min_ready_ms));
                }
            }
        }
        let touched = slot
            .vms()
            .any(|v| !matches!(v.progress, Progress::Idle | Progress::Skipped { .. }));
        if touched {
            self.started += 1;
        }
        if slot.repl.is_some() && slot.old.is_some() {
            self.surge += 1;
        }
        // The VM that carries the slot's progress: the replacement when there is one.
        let Some(cur) = slot.repl.or(slot.old) else {
            return;
        };
        let in_flight = match &cur.progress {
            Progress::Failed { .. } => {
                self.failed += 1;
                false
            }
            Progress::Skipped { .. } => {
                self.s.skipped += 1;
                false
            }
            Progress::Updating { level, since } => {
                self.settle_updating(slot, cur, *level, *since, slot_available)
            }
            Progress::Idle | Progress::Done => {
                self.queue(slot, cur, touched);
                false
            }
        };
        if in_flight {
            self.unfinished += 1;
        }
    }

    /// A slot whose VM `cur` is Updating at `level` since `since`: mark it done (or delete
    /// the old VM of a replaced slot), fail it past its deadline, or wait; true while an
    /// action is still in flight on it.
    fn settle_updating(
        &mut self,
        slot: &Slot,
        cur: &ObservedVm,
        level: Level,
        since: Millis,
        slot_available: bool,
    ) -> bool {
        let (spec, now) = (self.spec, self.now);
        let deadline = since.saturating_add(spec.progress_deadline_ms);
        let effective = cur.needed.is_none() && cur.applied;
        let mut in_flight = false;
        if effective && available(cur, spec, now) {
            if let (Some(old), Some(_)) = (slot.old, slot.repl) {
                // Replacement healthy for min_ready: only now may the old VM go.
                in_flight = true;
                if !old.deleting {
                    self.out.actions.push(Action::Delete {
                        vm: old.name.clone(),
                    });
                }
            } else {
                self.out.actions.push(Action::MarkDone {
                    vm: cur.name.clone(),
                });
                self.s.updated += 1;
                self.canary_done += 1;
            }
        } else if now >= deadline {
            // A failed replacement goes; its old VM keeps serving and carries the failure.
            if let (Some(_), Some(repl)) = (slot.old, slot.repl) {
                if !repl.deleting {
                    self.out.actions.push(Action::Delete {
                        vm: repl.name.clone(),
                    });
                }
                in_flight = true;
            }
            self.out.actions.push(Action::MarkFailed {
                vm: slot.old.unwrap_or(cur).name.clone(),
                reason: format!(
                    "not available {}s after its {level} began (--progress-deadline)",
                    spec.progress_deadline_ms / 1000
                ),
            });
            self.failed += 1;
        } else {
            in_flight = true;
            self.wake(deadline);
        }
        if in_flight && level == Level::Live && self.budget.max_surge > 0 {
            // A live migration runs a second launcher pod: a surge, not an outage.
            self.s.in_flight += 1;
            self.surge += 1;
        } else if in_flight && matches!(level, Level::Live | Level::Restart) {
            self.s.in_flight += 1;
            if slot_available {
                self.busy += 1;
            }
        } else if in_flight {
            self.s.in_flight += 1;
        }
        in_flight
    }

    /// A slot at rest (Idle or Done): up to date, skipped past `--max-action`, or queued.
    fn queue(&mut self, slot: &'a Slot<'a>, cur: &ObservedVm, touched: bool) {
        match cur.needed {
            None => {
                self.s.updated += 1;
                self.canary_done += u32::from(touched);
            }
            Some(needed) => {
                let level = needed.max(self.spec.min_action);
                if level > self.spec.max_action {
                    self.out.actions.push(Action::MarkSkipped {
                        vm: cur.name.clone(),
                        needed: level,
                    });
                    self.s.skipped += 1;
                } else {
                    self.pending.push((slot, level));
                }
            }
        }
    }

    /// The canary gate: how many slots may start now (None: none, the canary holds).
    fn canary_gate(&mut self, state: &RolloutState) -> Option<u32> {
        let spec = self.spec;
        let canary_open = spec.canary == 0 || state.canary_passed;
        if !canary_open && self.started >= spec.canary && self.canary_done >= spec.canary {
            match state.canary_reached_ms {
                None => self.out.actions.push(Action::CanaryReached),
                Some(t) => {
                    if let Some(w) = spec.canary_wait_ms {
                        if self.now >= t.saturating_add(w) {
                            self.out.actions.push(Action::PassCanary);
                        } else {
                            self.wake(t.saturating_add(w));
                        }
                    }
                }
            }
            return None;
        }
        Some(if canary_open {
            u32::MAX
        } else {
            spec.canary.saturating_sub(self.started)
        })
    }

    /// Pass 2: start what the budgets allow, unhealthy VMs first (updating them costs
    /// nothing), then in the requested order; true when a slot had to wait.
    fn start_pending(&mut self, mut allowed_starts: u32) -> bool {
        let spec = self.spec;
        let key = |sl: &Slot| {
            let vm = sl.old.or(sl.repl);
            match spec.order {
                Order::Name => (0, sl.name.to_string()),
                Order::Oldest => (vm.map_or(0, |v| v.created_ms), sl.name.to_string()),
                Order::Random => (mix(spec.seed, sl.name), sl.name.to_string()),
            }
        };
        self.pending.sort_by(|(a, _), (b, _)| {
            let ua = !a.vms().any(|v| v.ready_since.is_some());
            let ub = !b.vms().any(|v| v.ready_since.is_some());
            ub.cmp(&ua).then_with(|| key(a).cmp(&key(b)))
        });
        let mut blocked = false;
        for (slot, level) in self.pending.clone() {
            if allowed_starts == 0 {
                blocked = true;
                break;
            }
            let Some(vm) = slot.old else { continue };
            // Updating a VM that is not Ready at all costs nothing more; one that is Ready
            // but still within min-ready would go down, so it takes budget like a healthy one.
            if !self.admit(level, vm.ready_since.is_none()) {
                blocked = true;
                let next_wave = self
                    .budget
                    .max_unavailable
                    .max(self.budget.max_surge)
                    .max(1);
                let in_place = matches!(level, Level::Live | Level::Restart);
                if in_place && self.out.up_next.len() < next_wave as usize {
                    self.out.up_next.push(vm.name.clone());
                }
                continue;
            }
            allowed_starts -= 1;
            self.out.actions.push(match level {
                Level::Replace => Action::CreateReplacement {
                    slot: slot.name.to_string(),
                },
                l => Action::Update {
                    vm: vm.name.clone(),
                    level: l,
                },
            });
        }
        blocked
    }

    /// Whether the budgets leave room to start `level` on a slot (taking that room): none
    /// costs nothing; a live update with a surge budget takes surge (a second launcher pod),
    /// else, like a restart, an unavailable slot unless it already is one; a replacement
    /// takes surge.
    fn admit(&mut self, level: Level, slot_unavailable: bool) -> bool {
        let budget = self.budget;
        let room = |used: &mut u32, max: u32| {
            let free = *used < max;
            if free {
                *used += 1;
            }
            free
        };
        match level {
            Level::None => true,
            Level::Live if budget.max_surge > 0 => room(&mut self.surge, budget.max_surge),
            Level::Live | Level::Restart => {
                slot_unavailable || room(&mut self.busy, budget.max_unavailable)
            }
            Level::Replace => room(&mut self.surge, budget.max_surge),
        }
    }

    /// The end of a pass: stuck when every slot waits and nothing will change by waiting;
    /// complete (or failed, if some VM failed) when nothing is left.
    fn finish(&mut self, blocked: bool) {
        let spec = self.spec;
        let started_now = self
            .out
            .actions
            .iter()
            .any(|a| matches!(a, Action::Update { .. } | Action::CreateReplacement { .. }));
        if blocked && !started_now && self.unfinished == 0 && self.out.wake_at.is_none() {
            // Nothing in flight and nothing will change by waiting: the unavailable VMs hold
            // the whole budget.
            let reason = if self.budget.max_unavailable == 0 {
                "stuck: a restart needs --max-unavailable of at least 1 (or --min-action replace with --max-surge)".to_string()
            } else {
                format!(
                    "stuck: {} unavailable VM(s) use the whole --max-unavailable budget of {}",
                    self.unavailable_slots, self.budget.max_unavailable
                )
            };
            self.out.actions.push(Action::Fail {
                reason,
                rollback: spec.auto_rollback,
            });
            return;
        }
        if self.pending.is_empty()
            && self.unfinished == 0
            && !blocked
            && self
                .out
                .actions
                .iter()
                .all(|a| matches!(a, Action::MarkDone { .. } | Action::MarkSkipped { .. }))
        {
            if self.failed > 0 {
                self.out.actions.push(Action::Fail {
                    reason: format!("{} VM(s) failed", self.failed),
                    rollback: spec.auto_rollback,
                });
            } else {
                self.out.actions.push(Action::Complete);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roll::budget::IntOrPercent;
    use proptest::prelude::*;

    fn spec() -> RolloutSpec {
        RolloutSpec {
            max_unavailable: IntOrPercent::Count(1),
            max_surge: IntOrPercent::Count(0),
            min_ready_ms: 1_000,
            progress_deadline_ms: 60_000,
            max_action: Level::Replace,
            min_action: Level::None,
            canary: 0,
            canary_wait_ms: None,
            order: Order::Name,
            failure_threshold: 1,
            auto_rollback: false,
            seed: 7,
        }
    }

    /// A fleet in the planner's test world: a VM needing `level`, Ready long ago.
    #[derive(Debug, Clone)]
    struct SimVm {
        vm: ObservedVm,
        boot_until: Option<Millis>,
        fails: bool,
    }

    struct World {
        vms: Vec<SimVm>,
        state: RolloutState,
        now: Millis,
        boot_ms: Millis,
        live_ms: Millis,
        min_ready: Millis,
    }

    impl World {
        fn new(n: usize, level: Level, failing: &[usize]) -> Self {
            let vms = (0..n)
                .map(|i| SimVm {
                    vm: ObservedVm {
                        name: format!("vm-{i:02}"),
                        slot: format!("vm-{i:02}"),
                        created_ms: 1_000 - i as u64,
                        needed: Some(level),
                        progress: Progress::Idle,
                        ready_since: Some(0),
                        applied: false,
                        deleting: false,
                    },
                    boot_until: None,
                    fails: failing.contains(&i),
                })
                .collect();
            World {
                vms,
                state: RolloutState::default(),
                now: 100_000,
                boot_ms: 3_000,
                live_ms: 500,
                min_ready: 1_000,
            }
        }
        fn observed(&self) -> Vec<ObservedVm> {
            self.vms.iter().map(|v| v.vm.clone()).collect()
        }
        fn apply(&mut self, a: &Action) {
            let now = self.now;
            let boot = self.boot_ms;
            let find = |vms: &mut Vec<SimVm>, n: &str| vms.iter_mut().position(|v| v.vm.name == n);
            match a {
                Action::Update { vm, level } => {
                    let i = find(&mut self.vms, vm).expect("update of a known VM");
                    let v = &mut self.vms[i];
                    v.vm.needed = None;
                    v.vm.progress = Progress::Updating {
                        level: *level,
                        since: now,
                    };
                    match level {
                        Level::None => v.vm.applied = true,
                        Level::Live => {
                            v.vm.applied = false;
                            v.boot_until = Some(now + self.live_ms);
                        }
                        _ => {
                            v.vm.applied = true;
                            v.vm.ready_since = None;
                            v.boot_until = Some(now + boot);
                        }
                    }
                }
                Action::CreateReplacement { slot } => {
                    let old = self
                        .vms
                        .iter()
                        .find(|v| &v.vm.slot == slot)
                        .expect("slot")
                        .clone();
                    self.vms.push(SimVm {
                        vm: ObservedVm {
                            name: format!("{slot}-r"),
                            slot: slot.clone(),
                            created_ms: now,
                            needed: None,
                            progress: Progress::Updating {
                                level: Level::Replace,
                                since: now,
                            },
                            ready_since: None,
                            applied: true,
                            deleting: false,
                        },
                        boot_until: Some(now + boot),
                        fails: old.fails,
                    });
                }
                Action::Delete { vm }
                    if self
                        .vms
                        .iter()
                        .any(|v| &v.vm.name == vm && v.vm.name != v.vm.slot) =>
                {
                    self.vms.retain(|v| &v.vm.name != vm);
                }
                Action::Delete { vm } => {
                    let old = self.vms.iter().find(|v| &v.vm.name == vm).expect("old VM");
                    let repl = self
                        .vms
                        .iter()
                        .find(|v| v.vm.slot == old.vm.slot && v.vm.name != old.vm.slot)
                        .expect("a replacement exists before the old VM is deleted");
                    let since = repl.vm.ready_since.expect("replacement Ready");
                    assert!(
                        now >= since + self.min_ready,
                        "old VM deleted before min-ready"
                    );
                    self.vms.retain(|v| &v.vm.name != vm);
                }
                Action::MarkDone { vm } => {
                    let i = find(&mut self.vms, vm).expect("known");
                    self.vms[i].vm.progress = Progress::Done;
                }
                Action::MarkFailed { vm, reason } => {
                    let i = find(&mut self.vms, vm).expect("known");
                    self.vms[i].vm.progress = Progress::Failed {
                        reason: reason.clone(),
                    };
                }
                Action::MarkSkipped { vm, needed } => {
                    let i = find(&mut self.vms, vm).expect("known");
                    self.vms[i].vm.progress = Progress::Skipped { needed: *needed };
                }
                Action::CanaryReached => {
                    self.state.canary_reached_ms = Some(now);
                    self.state.paused = true;
                }
                Action::PassCanary => self.state.canary_passed = true,
                Action::Complete | Action::Fail { .. } => {}
            }
        }
        fn advance(&mut self, to: Millis) {
            self.now = to;
            for v in &mut self.vms {
                if let Some(t) = v.boot_until {
                    if to >= t {
                        v.boot_until = None;
                        v.vm.applied = true;
                        if !v.fails && v.vm.ready_since.is_none() {
                            v.vm.ready_since = Some(t);
                        }
                    }
                }
            }
        }
        fn next_event(&self, wake: Option<Millis>) -> Millis {
            let boots = self.vms.iter().filter_map(|v| v.boot_until).min();
            [wake, boots]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(self.now + 1_000)
                .max(self.now + 1)
        }
        fn unavailable(&self, spec: &RolloutSpec) -> (u32, u32) {
            let mut slots: BTreeMap<&str, (bool, u32)> = BTreeMap::new();
            for v in &self.vms {
                let e = slots.entry(&v.vm.slot).or_default();
                e.0 |= available(&v.vm, spec, self.now);
                e.1 += 1;
            }
            let unavail = slots.values().filter(|s| !s.0).count() as u32;
            let surge = slots.values().map(|s| s.1 - 1).sum();
            (unavail, surge)
        }
        /// Runs to the end; returns the last action and checks the budgets at every step.
        fn run(&mut self, spec: &RolloutSpec) -> Action {
            self.min_ready = spec.min_ready_ms;
            let total = self.vms.len() as u32;
            let b = Budget::resolve(spec.max_unavailable, spec.max_surge, total);
            for _ in 0..10_000 {
                let p = plan(spec, &self.state, &self.observed(), self.now);
                for a in &p.actions {
                    self.apply(a);
                }
                let (u, s) = self.unavailable(spec);
                assert!(
                    u <= b.max_unavailable,
                    "{u} unavailable > {}",
                    b.max_unavailable
                );
                assert!(s <= b.max_surge, "{s} surge > {}", b.max_surge);
                if let Some(end) = p
                    .actions
                    .iter()
                    .find(|a| matches!(a, Action::Complete | Action::Fail { .. }))
                {
                    return end.clone();
                }
                if self.state.paused {
                    self.state.paused = false;
                    self.state.canary_passed = true;
                }
                let next = self.next_event(p.wake_at);
                self.advance(next);
            }
            panic!("rollout did not finish");
        }
    }

    #[test]
    fn restarts_one_at_a_time_then_completes() {
        let mut w = World::new(4, Level::Restart, &[]);
        let s = spec();
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert_eq!(
            p.actions,
            vec![Action::Update {
                vm: "vm-00".into(),
                level: Level::Restart
            }]
        );
        assert_eq!(w.run(&s), Action::Complete);
        assert!(w.vms.iter().all(|v| v.vm.progress == Progress::Done));
    }

    #[test]
    fn the_next_wave_is_named_while_the_budget_holds_it_back() {
        let mut w = World::new(6, Level::Restart, &[]);
        let mut s = spec();
        s.max_unavailable = IntOrPercent::Count(2);
        let p = plan(&s, &w.state, &w.observed(), w.now);
        let started: Vec<&str> = p.actions.iter().filter_map(action_vm).collect();
        assert_eq!(started, ["vm-00", "vm-01"]);
        assert_eq!(p.up_next, ["vm-02", "vm-03"]);
        // Once those two start, the two after them are next.
        for a in &p.actions {
            w.apply(a);
        }
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert!(p.actions.is_empty());
        assert_eq!(p.up_next, ["vm-02", "vm-03"]);
        // Changes that need no budget are never held back, so none is next.
        let w = World::new(3, Level::None, &[]);
        assert!(plan(&s, &w.state, &w.observed(), w.now).up_next.is_empty());
    }

    /// The VM an action works on, for reading plans in tests.
    fn action_vm(a: &Action) -> Option<&str> {
        match a {
            Action::Update { vm, .. } => Some(vm),
            _ => None,
        }
    }

    #[test]
    fn metadata_changes_go_at_once_without_budget() {
        let w = World::new(5, Level::None, &[]);
        let p = plan(&spec(), &w.state, &w.observed(), w.now);
        assert_eq!(p.actions.len(), 5);
    }

    #[test]
    fn max_action_skips_and_min_action_forces() {
        let w = World::new(2, Level::Restart, &[]);
        let mut s = spec();
        s.max_action = Level::Live;
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert!(p.actions.iter().all(|a| matches!(
            a,
            Action::MarkSkipped {
                needed: Level::Restart,
                ..
            } | Action::Complete
        )));
        let w = World::new(1, Level::None, &[]);
        let mut s = spec();
        s.min_action = Level::Restart;
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert_eq!(
            p.actions,
            vec![Action::Update {
                vm: "vm-00".into(),
                level: Level::Restart
            }]
        );
    }

    #[test]
    fn a_new_unavailable_vm_holds_the_budget_until_its_deadline_before_the_roll_is_stuck() {
        // vm-00 needs a restart; vm-01 is a VM just created (a pool's surge replica) and not
        // Ready yet: it holds the budget of 1, and may still come up.
        let mut w = World::new(2, Level::Restart, &[]);
        w.vms[1].vm.needed = None;
        w.vms[1].vm.ready_since = None;
        w.vms[1].vm.created_ms = w.now - 1_000;
        let s = spec();
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert!(p.actions.is_empty(), "waits, not stuck: {p:?}");
        let deadline = w.now - 1_000 + s.progress_deadline_ms;
        assert_eq!(p.wake_at, Some(deadline));
        // Still not Ready at its deadline: now waiting changes nothing.
        let p = plan(&s, &w.state, &w.observed(), deadline);
        assert!(
            matches!(&p.actions[..], [Action::Fail { reason, .. }] if reason.starts_with("stuck: 1 unavailable")),
            "{p:?}"
        );
        // An old VM down for its own reasons is not waited for.
        w.vms[1].vm.created_ms = 0;
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert!(matches!(&p.actions[..], [Action::Fail { .. }]), "{p:?}");
    }

    #[test]
    fn done_waits_for_min_ready_and_wakes_then() {
        let mut w = World::new(1, Level::Restart, &[]);
        let s = spec();
        let p = plan(&s, &w.state, &w.observed(), w.now);
        w.apply(&p.actions[0]);
        w.advance(w.now + w.boot_ms);
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert!(p.actions.is_empty(), "Ready but not for min-ready: {p:?}");
        assert_eq!(p.wake_at, Some(w.now + 1_000));
        let p = plan(&s, &w.state, &w.observed(), w.now + 1_000);
        assert_eq!(
            p.actions,
            vec![Action::MarkDone { vm: "vm-00".into() }, Action::Complete]
        );
    }

    #[test]
    fn failed_health_gate_stops_at_threshold_with_rollback_flag() {
        let mut w = World::new(4, Level::Restart, &[0]);
        let mut s = spec();
        s.auto_rollback = true;
        match w.run(&s) {
            Action::Fail { rollback, .. } => assert!(rollback),
            other => panic!("expected a failure, got {other:?}"),
        }
        // Only the failing VM was touched: the threshold stopped the rest.
        assert!(w.vms[1..].iter().all(|v| v.vm.progress == Progress::Idle));
    }

    #[test]
    fn unhealthy_vms_count_against_the_budget_and_go_first() {
        let mut w = World::new(3, Level::Restart, &[]);
        w.vms[2].vm.ready_since = None;
        let p = plan(&spec(), &w.state, &w.observed(), w.now);
        // vm-02 is already unavailable: updating it is free, and nothing else may start.
        assert_eq!(
            p.actions,
            vec![Action::Update {
                vm: "vm-02".into(),
                level: Level::Restart
            }]
        );
    }

    #[test]
    fn ready_vms_within_min_ready_are_not_free_to_restart() {
        let mut w = World::new(4, Level::Restart, &[]);
        for v in &mut w.vms {
            v.vm.ready_since = Some(w.now - 100);
        }
        let p = plan(&spec(), &w.state, &w.observed(), w.now);
        // All four are still within min-ready (unavailable), but Ready: none may go down.
        assert!(p.actions.is_empty(), "{p:?}");
        assert_eq!(p.wake_at, Some(w.now + 900));
    }

    #[test]
    fn replace_creates_then_deletes_after_min_ready() {
        let mut w = World::new(3, Level::Restart, &[]);
        let mut s = spec();
        s.min_action = Level::Replace;
        s.max_unavailable = IntOrPercent::Count(0);
        s.max_surge = IntOrPercent::Count(1);
        assert_eq!(w.run(&s), Action::Complete);
        let names: Vec<&str> = w.vms.iter().map(|v| v.vm.name.as_str()).collect();
        assert_eq!(names, ["vm-00-r", "vm-01-r", "vm-02-r"]);
    }

    #[test]
    fn canary_pauses_then_waits() {
        let mut w = World::new(4, Level::Restart, &[]);
        let mut s = spec();
        s.canary = 1;
        s.max_unavailable = IntOrPercent::Count(2);
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert_eq!(p.actions.len(), 1, "only the canary starts: {p:?}");
        w.apply(&p.actions[0]);
        w.advance(w.now + 10_000);
        let p = plan(&s, &w.state, &w.observed(), w.now);
        assert_eq!(
            p.actions,
            vec![
                Action::MarkDone { vm: "vm-00".into() },
                Action::CanaryReached
            ]
        );
        w.apply(&p.actions[0]);
        // With --canary-wait the planner passes it by itself once the wait is over.
        s.canary_wait_ms = Some(5_000);
        let st = RolloutState {
            canary_reached_ms: Some(w.now),
            ..RolloutState::default()
        };
        let p = plan(&s, &st, &w.observed(), w.now + 1_000);
        assert!(p.actions.is_empty());
        assert_eq!(p.wake_at, Some(w.now + 5_000));
        let p = plan(&s, &st, &w.observed(), w.now + 5_000);
        assert_eq!(p.actions, vec![Action::PassCanary]);
    }

    #[test]
    fn deadline_marks_failed() {
        let mut w = World::new(2, Level::Restart, &[0]);
        let mut s = spec();
        s.failure_threshold = 2;
        let p = plan(&s, &w.state, &w.observed(), w.now);
        w.apply(&p.actions[0]);
        let p = plan(&s, &w.state, &w.observed(), w.now + 60_000);
        assert!(matches!(&p.actions[0], Action::MarkFailed { vm, .. } if vm == "vm-00"));
    }

    #[test]
    fn random_order_is_stable_for_a_seed() {
        let w = World::new(8, Level::Restart, &[]);
        let mut s = spec();
        s.order = Order::Random;
        let a = plan(&s, &w.state, &w.observed(), w.now);
        let b = plan(&s, &w.state, &w.observed(), w.now);
        assert_eq!(a, b);
    }

    fn level() -> impl Strategy<Value = Level> {
        prop_oneof![
            Just(Level::None),
            Just(Level::Live),
            Just(Level::Restart),
            Just(Level::Replace)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Over random fleets, budgets, failures and timings: the budgets hold at every
        /// step (checked in `run`), old VMs go only after min-ready (checked in `apply`),
        /// and the rollout ends: complete with every slot once on the target, or failed
        /// at the threshold.
        #[test]
        fn budgets_hold_and_rollouts_end(
            n in 1usize..14,
            lvl in level(),
            mu in 0u32..4,
            ms in 0u32..3,
            pct in proptest::bool::ANY,
            boot in 1u64..5_000,
            min_ready in 0u64..3_000,
            failing in proptest::collection::vec(0usize..14, 0..3),
            threshold in 1u32..3,
            order in prop_oneof![Just(Order::Name), Just(Order::Oldest), Just(Order::Random)],
            canary in 0u32..3,
        ) {
            let mut w = World::new(n, lvl, &failing);
            w.boot_ms = boot;
            let mut s = spec();
            s.min_ready_ms = min_ready;
            s.order = order;
            s.failure_threshold = threshold;
            s.canary = canary;
            s.max_unavailable = if pct { IntOrPercent::Percent(mu * 25) } else { IntOrPercent::Count(mu) };
            s.max_surge = IntOrPercent::Count(if lvl == Level::Replace { ms.max(1) } else { ms });
            // Only a restart or a replacement boots the guest, which is what fails here.
            let fails = if lvl >= Level::Restart { failing.iter().filter(|i| **i < n).count() } else { 0 };
            let end = w.run(&s);
            let b = Budget::resolve(s.max_unavailable, s.max_surge, n as u32);
            if b.max_unavailable == 0 && lvl == Level::Restart {
                let stuck = matches!(&end, Action::Fail { reason, .. } if reason.starts_with("stuck"));
                prop_assert!(stuck, "{:?}", end);
                prop_assert!(w.vms.iter().all(|v| v.vm.progress == Progress::Idle));
            } else if fails == 0 {
                prop_assert_eq!(end, Action::Complete);
                let slots: std::collections::BTreeSet<&str> = w.vms.iter().map(|v| v.vm.slot.as_str()).collect();
                prop_assert_eq!(slots.len(), n, "every VM exists exactly once");
                prop_assert_eq!(w.vms.len(), n);
                prop_assert!(w.vms.iter().all(|v| v.vm.needed.is_none() && v.vm.progress == Progress::Done));
            } else {
                let is_fail = matches!(end, Action::Fail { .. });
                prop_assert!(is_fail);
                let failed = w.vms.iter().filter(|v| matches!(v.vm.progress, Progress::Failed { .. })).count();
                prop_assert!(failed >= 1, "a failure is recorded on a VM");
                // No slot lost: each still has at least one VM.
                let slots: std::collections::BTreeSet<&str> = w.vms.iter().map(|v| v.vm.slot.as_str()).collect();
                prop_assert_eq!(slots.len(), n);
            }
        }
    }
}
