//! Day-2 lifecycle operations (`start`, `stop`, `restart`, `migrate`, `evacuate`) planned
//! within the same budget as a rollout: what each VM needs ([`decide`], KubeVirt's run
//! strategy rules as virt-api applies them), and which VMs to act on now ([`plan`]). Pure:
//! observed VMs + the operation's spec + the time in, actions out; the driver is
//! `cluster::lifecycle`.
//!
//! Budget rule (the rollout's, see [`super::planner`]): VMs meant to run that are not Ready
//! plus VMs with an action in flight never exceed `--max-unavailable`; acting on a VM that is
//! already unavailable costs nothing more. A VM meant to be off (Halted, or a Manual VM
//! without an instance) is not unavailable, so a `stop` spends the budget only while the VM
//! shuts down. A live migration keeps the VM Ready, but it still holds a slot while in
//! flight: the budget bounds the migrations at once (each one a second launcher pod).

use super::budget::{Budget, IntOrPercent};
use super::planner::Millis;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The lifecycle verb the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verb {
    Start,
    Stop,
    Restart,
    Migrate,
    /// Migrate every VM off one node (restart elsewhere only when allowed).
    Evacuate,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Start => "start",
            Verb::Stop => "stop",
            Verb::Restart => "restart",
            Verb::Migrate => "migrate",
            Verb::Evacuate => "evacuate",
        }
    }
}

impl fmt::Display for Verb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is done to one VM: the KubeVirt subresource called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Start,
    Stop,
    Restart,
    Migrate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Start => "start",
            Kind::Stop => "stop",
            Kind::Restart => "restart",
            Kind::Migrate => "migrate",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Fixed for the whole operation (kept in its Lease, so a resumed client plans the same).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpSpec {
    pub verb: Verb,
    pub max_unavailable: IntOrPercent,
    pub min_ready_ms: Millis,
    pub progress_deadline_ms: Millis,
    /// Restart VMs that cannot live-migrate (migrate, evacuate).
    pub allow_restart: bool,
    /// Evacuate: the node the VMs leave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// Failed VMs after which the operation stops.
    pub failure_threshold: u32,
    /// Health gate besides Ready (`--probe`), run by the driver on VMs in flight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<super::probe::Probe>,
}

/// The running instance of a VM, as the planner needs it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VmiView {
    pub uid: String,
    pub phase: String,
    pub node: String,
    pub deleting: bool,
    /// Since when it is Ready; None when not Ready.
    pub ready_since: Option<Millis>,
    /// `LiveMigratable=False`: KubeVirt's reason and message.
    pub not_migratable: Option<(String, String)>,
    /// A migration of it is in flight.
    pub migrating: bool,
    /// Its last migration (`status.migrationState.migrationUid`; empty when none).
    pub migration_uid: String,
    /// Its last migration ended failed.
    pub migration_failed: bool,
}

impl VmiView {
    /// Not yet final (KubeVirt's `IsFinal`: Succeeded or Failed).
    pub fn alive(&self) -> bool {
        !self.deleting && self.phase != "Succeeded" && self.phase != "Failed"
    }
}

/// Where one VM stands in this operation (kept in its `vmmigrate.io/lifecycle` annotation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "phase")]
pub enum Progress {
    Pending,
    /// `kind` was asked at `since`, when the VM's instance was `vmi` on `node` and its last
    /// migration was `migration` (uids; empty when none).
    InFlight {
        kind: Kind,
        since: Millis,
        #[serde(default)]
        vmi: String,
        #[serde(default)]
        node: String,
        #[serde(default)]
        migration: String,
    },
    Done {
        kind: Kind,
    },
    Failed {
        reason: String,
    },
    /// Left alone, with the reason (not live-migratable, run strategy...).
    Skipped {
        reason: String,
    },
    /// Nothing to do (already running, already stopped).
    Unchanged {
        reason: String,
    },
}

/// One VM as the driver observed it.
#[derive(Debug, Clone, PartialEq)]
pub struct VmView {
    pub name: String,
    /// `spec.runStrategy` (or the legacy `running` as Always/Halted).
    pub run_strategy: String,
    pub vmi: Option<VmiView>,
    pub progress: Progress,
}

impl VmView {
    /// Meant to be off: not counted as unavailable.
    pub fn meant_off(&self) -> bool {
        let alive = self.vmi.as_ref().is_some_and(VmiView::alive);
        match self.run_strategy.as_str() {
            "Halted" => true,
            "Manual" | "Once" | "RerunOnFailure" => !alive,
            _ => false,
        }
    }
    fn ready_since(&self) -> Option<Millis> {
        self.vmi
            .as_ref()
            .filter(|i| i.alive())
            .and_then(|i| i.ready_since)
    }
}

/// What one VM needs for `verb`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Act(Kind),
    /// Cannot be done, with the reason (KubeVirt's own where it has one).
    Skip(String),
    /// Already where the verb takes it.
    Unchanged(String),
}

/// KubeVirt's answer, before asking it, for `verb` on `vm` (virt-api's start/stop/restart
/// handlers and the LiveMigratable condition).
pub fn decide(spec: &OpSpec, vm: &VmView) -> Decision {
    let alive = vm.vmi.as_ref().filter(|i| i.alive());
    let strategy = vm.run_strategy.as_str();
    match spec.verb {
        Verb::Start => match (alive, strategy) {
            (Some(_), _) => Decision::Unchanged("already running".into()),
            (None, "Always") => {
                Decision::Unchanged("runStrategy Always: KubeVirt starts it".into())
            }
            (None, "Once") => Decision::Skip("Once does not support manual start requests".into()),
            (None, _) => Decision::Act(Kind::Start),
        },
        Verb::Stop => match alive {
            None => Decision::Unchanged("already stopped".into()),
            Some(_) if strategy == "Halted" => {
                Decision::Unchanged("runStrategy Halted: already stopping".into())
            }
            Some(_) => Decision::Act(Kind::Stop),
        },
        Verb::Restart => match (strategy, alive) {
            ("Halted" | "Once", _) => Decision::Skip(format!(
                "RunStrategy {strategy} does not support manual restart requests"
            )),
            (_, None) => Decision::Skip("VM is not running".into()),
            _ => Decision::Act(Kind::Restart),
        },
        Verb::Migrate | Verb::Evacuate => match alive {
            None => Decision::Unchanged("VM is not running".into()),
            Some(i) if i.phase != "Running" => Decision::Skip("VM is not running".into()),
            Some(i) => match &i.not_migratable {
                None => Decision::Act(Kind::Migrate),
                Some(_) if spec.allow_restart && !matches!(strategy, "Halted" | "Once") => {
                    Decision::Act(Kind::Restart)
                }
                Some((reason, message)) => Decision::Skip(format!(
                    "not live-migratable: {reason}: {message}{}",
                    if spec.allow_restart {
                        ""
                    } else {
                        " (--allow-restart restarts it instead)"
                    }
                )),
            },
        },
    }
}

/// One step for the driver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Record InFlight, then call the subresource.
    Act {
        vm: String,
        kind: Kind,
    },
    MarkDone {
        vm: String,
        kind: Kind,
    },
    MarkFailed {
        vm: String,
        reason: String,
    },
    MarkSkipped {
        vm: String,
        reason: String,
    },
    MarkUnchanged {
        vm: String,
        reason: String,
    },
    /// Every VM is settled.
    Complete,
    /// The failure threshold was hit.
    Fail {
        reason: String,
    },
}

/// The planner's answer.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// Plan again at this time at the latest.
    pub wake_at: Option<Millis>,
    pub counts: Counts,
}

/// Counts for progress lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub total: u32,
    pub done: u32,
    pub in_flight: u32,
    pub unavailable: u32,
    pub max_unavailable: u32,
    pub failed: u32,
    pub skipped: u32,
}

/// Whether the action in flight on `vm` took effect and the VM is where it should be; Err
/// with the reason when it cannot get there.
fn settled(spec: &OpSpec, vm: &VmView, before: &Before, now: Millis) -> Result<bool, String> {
    let (kind, before_vmi, before_node) = (before.kind, before.vmi, before.node);
    let ready_enough = |i: &VmiView| {
        i.alive()
            && i.ready_since
                .is_some_and(|t| now >= t.saturating_add(spec.min_ready_ms))
    };
    let vmi = vm.vmi.as_ref();
    Ok(match kind {
        Kind::Stop => vmi.is_none_or(|i| !i.alive()),
        Kind::Start => vmi.is_some_and(ready_enough),
        // Evacuating, a restart must also land elsewhere.
        Kind::Restart => vmi.is_some_and(|i| {
            i.uid != before_vmi
                && ready_enough(i)
                && spec.node.as_deref().is_none_or(|n| i.node != n)
        }),
        Kind::Migrate => match vmi {
            Some(i)
                if i.uid == before_vmi
                    && i.migration_failed
                    && !i.migrating
                    && i.migration_uid != before.migration =>
            {
                return Err(format!("the live migration off {before_node} failed"));
            }
            Some(i) => {
                i.node != before_node && !i.node.is_empty() && !i.migrating && ready_enough(i)
            }
            None => false,
        },
    })
}

/// What an in-flight action started from.
struct Before<'a> {
    kind: Kind,
    vmi: &'a str,
    node: &'a str,
    migration: &'a str,
}

struct Planning<'a> {
    spec: &'a OpSpec,
    now: Millis,
    out: Plan,
    busy: u32,
    max: u32,
}

impl Planning<'_> {
    fn wake(&mut self, at: Millis) {
        self.out.wake_at = Some(self.out.wake_at.map_or(at, |w| w.min(at)));
    }

    /// Pass 1: VMs whose action is in flight (done, failed, or still holding a slot).
    fn settle(&mut self, vm: &VmView) {
        let Progress::InFlight {
            kind,
            since,
            vmi,
            node,
            migration,
        } = &vm.progress
        else {
            return;
        };
        let deadline = since.saturating_add(self.spec.progress_deadline_ms);
        let before = Before {
            kind: *kind,
            vmi,
            node,
            migration,
        };
        match settled(self.spec, vm, &before, self.now) {
            Ok(true) => {
                self.out.counts.done += 1;
                self.out.actions.push(Action::MarkDone {
                    vm: vm.name.clone(),
                    kind: *kind,
                });
            }
            Err(reason) => self.fail(vm, reason),
            Ok(false) if self.now >= deadline => self.fail(
                vm,
                format!(
                    "{kind} did not finish within --progress-deadline ({} s)",
                    self.spec.progress_deadline_ms / 1000
                ),
            ),
            Ok(false) => {
                self.busy += 1;
                self.out.counts.in_flight += 1;
                self.wake(deadline);
                // A Ready VM whose min-ready ends later must be looked at then.
                if let Some(t) = vm
                    .ready_since()
                    .map(|t| t.saturating_add(self.spec.min_ready_ms))
                    .filter(|t| *t > self.now)
                {
                    self.wake(t);
                }
            }
        }
    }

    fn fail(&mut self, vm: &VmView, reason: String) {
        self.out.counts.failed += 1;
        self.out.actions.push(Action::MarkFailed {
            vm: vm.name.clone(),
            reason,
        });
    }

    fn unavailable(&self, vm: &VmView) -> bool {
        !vm.meant_off()
            && vm
                .ready_since()
                .is_none_or(|t| self.now < t.saturating_add(self.spec.min_ready_ms))
    }
}

/// The next actions for the operation's VMs.
pub fn plan(spec: &OpSpec, vms: &[VmView], now: Millis) -> Plan {
    let total = u32::try_from(vms.len()).unwrap_or(u32::MAX);
    let budget = Budget::resolve(spec.max_unavailable, IntOrPercent::Count(0), total);
    let mut p = Planning {
        spec,
        now,
        out: Plan::default(),
        busy: 0,
        max: budget.max_unavailable,
    };
    p.out.counts.total = total;
    p.out.counts.max_unavailable = p.max;
    for vm in vms {
        p.settle(vm);
        match &vm.progress {
            Progress::Done { .. } | Progress::Unchanged { .. } => p.out.counts.done += 1,
            Progress::Failed { .. } => p.out.counts.failed += 1,
            Progress::Skipped { .. } => p.out.counts.skipped += 1,
            _ => {}
        }
    }
    // Unavailable VMs that are not in flight hold the budget too (already unhealthy ones).
    let idle_unavailable = vms
        .iter()
        .filter(|v| !matches!(v.progress, Progress::InFlight { .. }) && p.unavailable(v))
        .count();
    p.busy += u32::try_from(idle_unavailable).unwrap_or(u32::MAX);
    p.out.counts.unavailable =
        u32::try_from(vms.iter().filter(|v| p.unavailable(v)).count()).unwrap_or(u32::MAX);
    if p.out.counts.failed >= spec.failure_threshold.max(1) {
        p.out.actions.push(Action::Fail {
            reason: format!(
                "{} VM(s) failed, the failure threshold is {}",
                p.out.counts.failed,
                spec.failure_threshold.max(1)
            ),
        });
        return p.out;
    }
    start_pending(&mut p, vms);
    let open = vms.iter().any(|v| {
        matches!(v.progress, Progress::Pending | Progress::InFlight { .. })
            && !p.out.actions.iter().any(|a| settles(a, &v.name))
    });
    if !open {
        p.out.actions.push(Action::Complete);
    }
    p.out
}

/// Whether `a` ends `vm`'s part in the operation.
fn settles(a: &Action, vm: &str) -> bool {
    match a {
        Action::MarkDone { vm: v, .. }
        | Action::MarkFailed { vm: v, .. }
        | Action::MarkSkipped { vm: v, .. }
        | Action::MarkUnchanged { vm: v, .. } => v == vm,
        _ => false,
    }
}

/// Pass 2: the pending VMs, unavailable ones first (acting on them costs nothing more),
/// then by name, as far as the budget admits.
fn start_pending(p: &mut Planning, vms: &[VmView]) {
    let mut pending: Vec<&VmView> = vms
        .iter()
        .filter(|v| v.progress == Progress::Pending)
        .collect();
    pending.sort_by_key(|v| (!p.unavailable(v), v.name.clone()));
    for vm in pending {
        match decide(p.spec, vm) {
            Decision::Skip(reason) => {
                p.out.counts.skipped += 1;
                p.out.actions.push(Action::MarkSkipped {
                    vm: vm.name.clone(),
                    reason,
                });
            }
            Decision::Unchanged(reason) => {
                p.out.counts.done += 1;
                p.out.actions.push(Action::MarkUnchanged {
                    vm: vm.name.clone(),
                    reason,
                });
            }
            Decision::Act(kind) => {
                // An unavailable VM already holds its slot.
                let costs = u32::from(!p.unavailable(vm));
                if p.busy.saturating_add(costs) > p.max {
                    continue;
                }
                p.busy += costs;
                p.out.counts.in_flight += 1;
                p.out.actions.push(Action::Act {
                    vm: vm.name.clone(),
                    kind,
                });
            }
        }
    }
}

/// The virt-api actions an operation may ask (`virtualmachines/<kind>`): what its verb does,
/// and a restart where `--allow-restart` lets a VM that cannot migrate be restarted.
pub fn actions(spec: &OpSpec) -> Vec<Kind> {
    match spec.verb {
        Verb::Start => vec![Kind::Start],
        Verb::Stop => vec![Kind::Stop],
        Verb::Restart => vec![Kind::Restart],
        Verb::Migrate | Verb::Evacuate if spec.allow_restart => vec![Kind::Migrate, Kind::Restart],
        Verb::Migrate | Verb::Evacuate => vec![Kind::Migrate],
    }
}

/// Every right an operation needs in namespace `ns`, asked before its first write (as
/// `roll` asks): its Lease (created when new, deleted when it ends), its history
/// (ControllerRevisions, pruned), the VMs it reads and marks, their instances and
/// migrations, virt-api's actions, and for `evacuate` the node (cordoned with `--cordon`).
pub fn accesses(
    spec: &OpSpec,
    create_lease: bool,
    cordon: bool,
    ns: &str,
) -> std::collections::BTreeSet<super::preflight::Access> {
    let mut out = std::collections::BTreeSet::new();
    let mut add = |verbs: &[&str], group: &str, resource: &str, ns: &str| {
        for v in verbs {
            out.insert((v.to_string(), group.into(), resource.into(), ns.into()));
        }
    };
    add(
        &["get", "patch", "delete"],
        "coordination.k8s.io",
        "leases",
        ns,
    );
    if create_lease {
        add(&["create"], "coordination.k8s.io", "leases", ns);
    }
    add(
        &["create", "list", "delete"],
        "apps",
        "controllerrevisions",
        ns,
    );
    // `watch`: a run reads the VMs and VMIs from watch-fed caches.
    add(
        &["list", "watch", "patch"],
        "kubevirt.io",
        "virtualmachines",
        ns,
    );
    add(
        &["list", "watch"],
        "kubevirt.io",
        "virtualmachineinstances",
        ns,
    );
    add(
        &["list"],
        "kubevirt.io",
        "virtualmachineinstancemigrations",
        ns,
    );
    for kind in actions(spec) {
        let resource = format!("virtualmachines/{}", kind.as_str());
        add(&["update"], "subresources.kubevirt.io", &resource, ns);
    }
    if spec.verb == Verb::Evacuate {
        add(&["get"], "", "nodes", "");
        if cordon {
            add(&["patch"], "", "nodes", "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(verb: Verb, k: u32) -> OpSpec {
        OpSpec {
            verb,
            max_unavailable: IntOrPercent::Count(k),
            min_ready_ms: 0,
            progress_deadline_ms: 60_000,
            allow_restart: false,
            node: None,
            failure_threshold: 1,
            probe: None,
        }
    }

    fn running(name: &str, uid: &str) -> VmView {
        VmView {
            name: name.into(),
            run_strategy: "Always".into(),
            vmi: Some(VmiView {
                uid: uid.into(),
                phase: "Running".into(),
                node: "n1".into(),
                ready_since: Some(0),
                ..VmiView::default()
            }),
            progress: Progress::Pending,
        }
    }

    /// A small world that plays each action as KubeVirt would, instantly: counts, per
    /// pass, the VMs not Ready.
    fn play(spec: &OpSpec, mut vms: Vec<VmView>) -> (u32, usize) {
        let mut worst = 0;
        let mut passes = 0;
        for now in 1..100u64 {
            passes += 1;
            let plan = plan(spec, &vms, now);
            if plan.actions.contains(&Action::Complete) {
                return (worst, passes);
            }
            for a in plan.actions {
                match a {
                    Action::Act { vm, kind } => {
                        let v = vms.iter_mut().find(|v| v.name == vm).unwrap();
                        let (uid, node) = v
                            .vmi
                            .as_ref()
                            .map(|i| (i.uid.clone(), i.node.clone()))
                            .unwrap_or_default();
                        v.progress = Progress::InFlight {
                            kind,
                            since: now,
                            vmi: uid,
                            node,
                            migration: String::new(),
                        };
                        // Down for this pass: a new instance, not Ready yet.
                        v.vmi = match kind {
                            Kind::Stop => None,
                            Kind::Migrate => v.vmi.clone().map(|mut i| {
                                i.node = "n2".into();
                                i
                            }),
                            _ => Some(VmiView {
                                uid: format!("{vm}-new"),
                                phase: "Running".into(),
                                node: "n2".into(),
                                ready_since: None,
                                ..VmiView::default()
                            }),
                        };
                    }
                    Action::MarkDone { vm, kind } => {
                        vms.iter_mut().find(|v| v.name == vm).unwrap().progress =
                            Progress::Done { kind }
                    }
                    Action::MarkSkipped { vm, reason } => {
                        vms.iter_mut().find(|v| v.name == vm).unwrap().progress =
                            Progress::Skipped { reason }
                    }
                    Action::MarkUnchanged { vm, reason } => {
                        vms.iter_mut().find(|v| v.name == vm).unwrap().progress =
                            Progress::Unchanged { reason }
                    }
                    other => panic!("unexpected {other:?}"),
                }
            }
            let not_ready = vms
                .iter()
                .filter(|v| v.vmi.as_ref().is_some_and(|i| i.ready_since.is_none()))
                .count() as u32;
            worst = worst.max(not_ready);
            // Then every new instance becomes Ready.
            for v in &mut vms {
                if let Some(i) = v.vmi.as_mut() {
                    i.ready_since.get_or_insert(now);
                }
            }
        }
        panic!("did not complete");
    }

    #[test]
    fn restarts_stay_within_the_budget_and_complete() {
        let vms: Vec<VmView> = (0..10)
            .map(|i| running(&format!("vm-{i:02}"), &format!("u{i}")))
            .collect();
        let (worst, passes) = play(&spec(Verb::Restart, 2), vms);
        assert_eq!(worst, 2);
        // 5 batches of 2, each acted on and then marked done.
        assert!(passes <= 7, "{passes}");
    }

    #[test]
    fn an_unavailable_vm_goes_first_and_costs_nothing_more() {
        let mut vms = vec![running("a", "ua"), running("b", "ub")];
        vms[1].vmi.as_mut().unwrap().ready_since = None;
        let p = plan(&spec(Verb::Restart, 1), &vms, 5);
        assert_eq!(
            p.actions,
            vec![Action::Act {
                vm: "b".into(),
                kind: Kind::Restart
            }]
        );
    }

    #[test]
    fn run_strategies_decide_as_virt_api_does() {
        let mut halted = running("h", "u");
        halted.run_strategy = "Halted".into();
        halted.vmi = None;
        assert_eq!(
            decide(&spec(Verb::Restart, 1), &halted),
            Decision::Skip("RunStrategy Halted does not support manual restart requests".into())
        );
        assert_eq!(
            decide(&spec(Verb::Start, 1), &halted),
            Decision::Act(Kind::Start)
        );
        assert_eq!(
            decide(&spec(Verb::Stop, 1), &halted),
            Decision::Unchanged("already stopped".into())
        );
        let on = running("a", "u");
        assert_eq!(decide(&spec(Verb::Stop, 1), &on), Decision::Act(Kind::Stop));
        assert_eq!(
            decide(&spec(Verb::Start, 1), &on),
            Decision::Unchanged("already running".into())
        );
        let mut manual = running("m", "u");
        manual.run_strategy = "Manual".into();
        assert_eq!(
            decide(&spec(Verb::Stop, 1), &manual),
            Decision::Act(Kind::Stop)
        );
        manual.vmi = None;
        assert!(manual.meant_off());
        assert_eq!(
            decide(&spec(Verb::Start, 1), &manual),
            Decision::Act(Kind::Start)
        );
    }

    #[test]
    fn a_vm_that_cannot_migrate_is_skipped_with_kubevirts_reason_unless_restart_is_allowed() {
        let mut vm = running("db", "u");
        vm.vmi.as_mut().unwrap().not_migratable = Some((
            "DisksNotLiveMigratable".into(),
            "cannot migrate VMI: PVC db is not shared".into(),
        ));
        let mut s = spec(Verb::Migrate, 2);
        assert_eq!(
            decide(&s, &vm),
            Decision::Skip("not live-migratable: DisksNotLiveMigratable: cannot migrate VMI: PVC db is not shared (--allow-restart restarts it instead)".into())
        );
        s.allow_restart = true;
        assert_eq!(decide(&s, &vm), Decision::Act(Kind::Restart));
    }

    #[test]
    fn stopped_vms_are_not_unavailable_so_stop_spends_the_budget_only_while_stopping() {
        let vms: Vec<VmView> = (0..6)
            .map(|i| running(&format!("vm-{i}"), &format!("u{i}")))
            .collect();
        let mut vms = vms;
        for v in &mut vms {
            v.run_strategy = "Halted".into();
        }
        // Halted with a live VMI: KubeVirt is stopping them already.
        let p = plan(&spec(Verb::Stop, 2), &vms, 1);
        assert!(p.actions.contains(&Action::Complete));
        let mut a = running("a", "ua");
        a.progress = Progress::InFlight {
            kind: Kind::Stop,
            since: 0,
            vmi: "ua".into(),
            node: "n1".into(),
            migration: String::new(),
        };
        a.vmi = None;
        a.run_strategy = "Halted".into();
        let b = running("b", "ub");
        let c = running("c", "uc");
        let p = plan(&spec(Verb::Stop, 1), &[a, b, c], 1);
        assert_eq!(
            p.actions,
            vec![
                Action::MarkDone {
                    vm: "a".into(),
                    kind: Kind::Stop
                },
                Action::Act {
                    vm: "b".into(),
                    kind: Kind::Stop
                }
            ]
        );
    }

    #[test]
    fn migration_done_once_on_another_node_failed_when_it_failed_and_deadline_fails() {
        let mut s = spec(Verb::Migrate, 1);
        s.progress_deadline_ms = 100;
        let mut vm = running("a", "u");
        vm.progress = Progress::InFlight {
            kind: Kind::Migrate,
            since: 0,
            vmi: "u".into(),
            node: "n1".into(),
            migration: String::new(),
        };
        vm.vmi.as_mut().unwrap().migrating = true;
        let p = plan(&s, std::slice::from_ref(&vm), 10);
        assert!(p.actions.is_empty());
        assert_eq!(p.wake_at, Some(100));
        let i = vm.vmi.as_mut().unwrap();
        i.migrating = false;
        i.migration_failed = true;
        i.migration_uid = "m1".into();
        let p = plan(&s, std::slice::from_ref(&vm), 10);
        assert!(
            matches!(&p.actions[0], Action::MarkFailed { reason, .. } if reason == "the live migration off n1 failed")
        );
        assert!(matches!(p.actions[1], Action::Fail { .. }));
        let i = vm.vmi.as_mut().unwrap();
        i.migration_failed = false;
        i.node = "n2".into();
        assert_eq!(
            plan(&s, std::slice::from_ref(&vm), 10).actions,
            vec![
                Action::MarkDone {
                    vm: "a".into(),
                    kind: Kind::Migrate
                },
                Action::Complete
            ]
        );
        vm.vmi.as_mut().unwrap().node = "n1".into();
        vm.vmi.as_mut().unwrap().migrating = true;
        assert!(matches!(
            &plan(&s, std::slice::from_ref(&vm), 100).actions[0],
            Action::MarkFailed { reason, .. } if reason.contains("--progress-deadline")
        ));
    }

    #[test]
    fn rights_follow_the_verb_the_restart_allowance_and_the_cordon() {
        let has = |a: &std::collections::BTreeSet<crate::roll::preflight::Access>,
                   verb: &str,
                   resource: &str| {
            a.iter().any(|(v, _, r, _)| v == verb && r == resource)
        };
        let stop = accesses(&spec(Verb::Stop, 1), true, false, "ns");
        assert!(has(&stop, "update", "virtualmachines/stop"));
        assert!(has(&stop, "create", "leases"));
        assert!(!has(&stop, "update", "virtualmachines/restart"));
        assert!(!has(&stop, "get", "nodes"));
        // A run watches the VMs and VMIs it reads.
        assert!(has(&stop, "watch", "virtualmachines"));
        assert!(has(&stop, "watch", "virtualmachineinstances"));
        let resumed = accesses(&spec(Verb::Stop, 1), false, false, "ns");
        assert!(!has(&resumed, "create", "leases"));
        let mut evacuate = spec(Verb::Evacuate, 1);
        assert!(!has(
            &accesses(&evacuate, true, false, "ns"),
            "update",
            "virtualmachines/restart"
        ));
        evacuate.allow_restart = true;
        let a = accesses(&evacuate, true, true, "ns");
        assert!(has(&a, "update", "virtualmachines/migrate"));
        assert!(has(&a, "update", "virtualmachines/restart"));
        assert!(a.contains(&("patch".into(), "".into(), "nodes".into(), "".into())));
        assert!(!has(
            &accesses(&evacuate, true, false, "ns"),
            "patch",
            "nodes"
        ));
    }
}
