//! Typed read views of live KubeVirt and CDI objects: what `roll` and `cluster` ask of a
//! VirtualMachine, VirtualMachineInstance or DataVolume (its run strategy, whether it is
//! meant to run, readiness, the guest's address, import progress, conditions), each read in
//! one place instead of by JSON pointer at every call site.
//!
//! The views borrow from a `serde_json::Value` (a watch cache's `DynamicObject.data` or a
//! GET's body) and never fail: a field that is missing or mistyped reads as absent, because a
//! live object is whatever the server holds and the caller decides what absence means.

use super::RunStrategy;
use serde_json::Value;

/// The value at `keys` under `object` (object fields, or array indices written as digits).
/// `Value::pointer` does the same from a string, but allocates two `String`s per step to
/// unescape `~0`/`~1`, and a rollout reads every VM and VMI of the fleet on each pass.
fn at<'a>(object: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().try_fold(object, |v, k| match v {
        Value::Object(map) => map.get(*k),
        Value::Array(items) => items.get(k.parse::<usize>().ok()?),
        _ => None,
    })
}

/// A condition's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionStatus {
    True,
    False,
    Unknown,
}

impl ConditionStatus {
    fn read(value: &Value) -> ConditionStatus {
        match value.as_str() {
            Some("True") => ConditionStatus::True,
            Some("False") => ConditionStatus::False,
            _ => ConditionStatus::Unknown,
        }
    }
}

/// One entry of `status.conditions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition<'a> {
    pub kind: &'a str,
    pub status: ConditionStatus,
    pub reason: &'a str,
    pub message: &'a str,
    /// RFC 3339, as the server wrote it.
    pub last_transition_time: Option<&'a str>,
}

impl<'a> Condition<'a> {
    /// A condition that reports a failure: `Failure` set, or any condition that is False
    /// with a reason or message (KubeVirt's and CDI's way of saying why something is not
    /// ready).
    pub fn is_failing(&self) -> bool {
        (self.kind == "Failure" && self.status == ConditionStatus::True)
            || (self.status == ConditionStatus::False
                && (!self.reason.is_empty() || !self.message.is_empty()))
    }
}

/// The conditions of an object's `status`, in the server's order; entries without a `type`
/// are skipped.
pub fn conditions(object: &Value) -> Vec<Condition<'_>> {
    conditions_of(object).collect()
}

fn conditions_of(object: &Value) -> impl Iterator<Item = Condition<'_>> {
    raw_conditions(object).filter_map(read_condition)
}

fn raw_conditions(object: &Value) -> impl Iterator<Item = &Value> {
    at(object, &["status", "conditions"])
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn read_condition(c: &Value) -> Option<Condition<'_>> {
    Some(Condition {
        kind: c.get("type")?.as_str()?,
        status: ConditionStatus::read(&c["status"]),
        reason: c["reason"].as_str().unwrap_or_default(),
        message: c["message"].as_str().unwrap_or_default(),
        last_transition_time: c["lastTransitionTime"].as_str(),
    })
}

/// The condition `kind` of an object's `status`, without reading the others' fields.
pub fn condition<'a>(object: &'a Value, kind: &str) -> Option<Condition<'a>> {
    raw_conditions(object)
        .find(|c| c.get("type").and_then(Value::as_str) == Some(kind))
        .and_then(read_condition)
}

/// A live VirtualMachine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedVm<'a> {
    /// `spec.runStrategy`; `None` when absent or not a strategy KubeVirt knows.
    pub run_strategy: Option<RunStrategy>,
    /// The legacy `spec.running`, when set.
    pub running: Option<bool>,
    /// `status.printableStatus` (`Running`, `Stopped`, `DataVolumeError`...), empty if none.
    pub printable_status: &'a str,
    /// `status.ready`.
    pub ready: bool,
    pub conditions: Vec<Condition<'a>>,
    /// The template's guest memory (`domain.memory.guest`, else `resources.requests.memory`),
    /// as the quantity written.
    pub memory: Option<&'a str>,
    /// Entries of `spec.dataVolumeTemplates`: disks the VM owns (a pet's).
    pub datavolume_templates: usize,
}

impl<'a> ObservedVm<'a> {
    pub fn read(vm: &'a Value) -> ObservedVm<'a> {
        ObservedVm {
            run_strategy: at(vm, &["spec", "runStrategy"])
                .and_then(Value::as_str)
                .and_then(RunStrategy::parse),
            running: at(vm, &["spec", "running"]).and_then(Value::as_bool),
            printable_status: at(vm, &["status", "printableStatus"])
                .and_then(Value::as_str)
                .unwrap_or_default(),
            ready: at(vm, &["status", "ready"]) == Some(&Value::Bool(true)),
            conditions: conditions(vm),
            memory: at(vm, &["spec", "template", "spec", "domain"])
                .and_then(|d| {
                    at(d, &["memory", "guest"])
                        .or_else(|| at(d, &["resources", "requests", "memory"]))
                })
                .and_then(Value::as_str),
            datavolume_templates: at(vm, &["spec", "dataVolumeTemplates"])
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
        }
    }

    /// Whether KubeVirt keeps an instance of this VM running by itself: a starting run
    /// strategy, or the legacy `running: true`. KubeVirt's own default when neither field is
    /// set is `Always`... except that its admission refuses such a VM, so absence reads as
    /// `Always` only for objects that never went through admission (dry runs, files).
    pub fn expects_running(&self) -> bool {
        match (self.run_strategy, self.running) {
            (Some(strategy), _) => strategy.starts_instance(),
            (None, Some(running)) => running,
            (None, None) => true,
        }
    }

    /// Whether the VM is meant to be off (`Halted`, `Manual`, or `running: false`): such a VM
    /// without an instance is not unavailable, it is as its owner wants it.
    pub fn meant_off(&self) -> bool {
        matches!(
            self.run_strategy,
            Some(RunStrategy::Halted) | Some(RunStrategy::Manual)
        ) || self.running == Some(false)
    }

    pub fn condition(&self, kind: &str) -> Option<&Condition<'a>> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    /// Whether the condition `kind` is True (`RestartRequired`, `Ready`...).
    pub fn is(&self, kind: &str) -> bool {
        self.condition(kind)
            .is_some_and(|c| c.status == ConditionStatus::True)
    }
}

/// A live VirtualMachineInstance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedVmi<'a> {
    /// `status.phase` (`Pending`, `Scheduling`, `Running`...), empty if none.
    pub phase: &'a str,
    /// The guest's first address as KubeVirt reports it (`status.interfaces[0].ipAddress`).
    pub address: Option<&'a str>,
    /// `metadata.deletionTimestamp` is set: the instance is going away.
    pub deleting: bool,
    pub conditions: Vec<Condition<'a>>,
}

impl<'a> ObservedVmi<'a> {
    pub fn read(vmi: &'a Value) -> ObservedVmi<'a> {
        ObservedVmi {
            phase: at(vmi, &["status", "phase"])
                .and_then(Value::as_str)
                .unwrap_or_default(),
            address: at(vmi, &["status", "interfaces", "0", "ipAddress"])
                .and_then(Value::as_str)
                .filter(|a| !a.is_empty()),
            deleting: at(vmi, &["metadata", "deletionTimestamp"]).is_some_and(|t| !t.is_null()),
            conditions: conditions(vmi),
        }
    }

    pub fn condition(&self, kind: &str) -> Option<&Condition<'a>> {
        self.conditions.iter().find(|c| c.kind == kind)
    }

    pub fn is(&self, kind: &str) -> bool {
        self.condition(kind)
            .is_some_and(|c| c.status == ConditionStatus::True)
    }

    /// In phase `Running`: the guest was started (ready or not).
    pub fn is_running(&self) -> bool {
        self.phase == "Running"
    }

    /// Ready as a rollout counts it: not being deleted, `Ready` and `AgentConnected` (the
    /// guest agent answers, so the guest itself is up, not just the QEMU process).
    pub fn is_ready(&self) -> bool {
        !self.deleting && self.is("Ready") && self.is("AgentConnected")
    }

    /// When `Ready` last changed, as the server wrote it.
    pub fn ready_since(&self) -> Option<&'a str> {
        self.condition("Ready")
            .filter(|c| c.status == ConditionStatus::True)
            .and_then(|c| c.last_transition_time)
    }
}

/// The annotation KubeVirt's VM controller puts on each VMI it starts: the VM's
/// `metadata.generation` the instance was made from (bumped later only when the VM's template
/// is unchanged since). A VMI whose value is below the VM's generation runs an older template.
pub const VM_GENERATION_ANNOTATION: &str = "kubevirt.io/vm-generation";

/// A VMI's [`VM_GENERATION_ANNOTATION`]; None when absent (a VMI started by a KubeVirt older
/// than v1.0) or not a number, which KubeVirt also reads as absent.
pub fn vm_generation(
    annotations: Option<&std::collections::BTreeMap<String, String>>,
) -> Option<i64> {
    annotations?.get(VM_GENERATION_ANNOTATION)?.parse().ok()
}

/// Whether virt-api refused a `start`/`stop`/`restart` because the VM's earlier state change
/// requests are still queued (`status.stateChangeRequests`): KubeVirt answers 500 with
/// "unable to complete request: stop/start already underway". For a restart this means one is
/// in progress already.
pub fn state_change_underway(message: &str) -> bool {
    message.contains("stop/start already underway")
}

/// A live CDI DataVolume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedDataVolume<'a> {
    /// `status.phase` (`ImportInProgress`, `Succeeded`, `Failed`...), empty if none.
    pub phase: &'a str,
    /// `status.progress` as CDI writes it (`"45.00%"`), empty if none.
    pub progress: &'a str,
    pub conditions: Vec<Condition<'a>>,
}

impl<'a> ObservedDataVolume<'a> {
    pub fn read(dv: &'a Value) -> ObservedDataVolume<'a> {
        let text = |p: &[&str]| at(dv, p).and_then(Value::as_str).unwrap_or_default();
        ObservedDataVolume {
            phase: text(&["status", "phase"]),
            progress: text(&["status", "progress"]),
            conditions: conditions(dv),
        }
    }
}

/// What an object's failing conditions say (`TYPE REASON: MESSAGE`, joined by `; `), or
/// None when no condition reports a failure.
pub fn failure_reason(object: &Value) -> Option<String> {
    let parts: Vec<String> = conditions(object)
        .iter()
        .filter(|c| c.is_failing())
        .map(|c| match (c.reason.is_empty(), c.message.is_empty()) {
            (false, false) => format!("{} {}: {}", c.kind, c.reason, c.message),
            (false, true) => format!("{} {}", c.kind, c.reason),
            _ => format!("{} {}", c.kind, c.message),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_path_reads_what_a_json_pointer_reads() {
        let vmi = json!({
            "status": {"interfaces": [{"ipAddress": "10.0.0.9"}], "phase": "Running", "n": 1},
            "a/b": {"~": true}
        });
        for (keys, pointer) in [
            (
                &["status", "interfaces", "0", "ipAddress"][..],
                "/status/interfaces/0/ipAddress",
            ),
            (
                &["status", "interfaces", "1", "ipAddress"],
                "/status/interfaces/1/ipAddress",
            ),
            (&["status", "interfaces", "x"], "/status/interfaces/x"),
            (&["status", "phase", "more"], "/status/phase/more"),
            (&["status", "n"], "/status/n"),
            (&["a/b", "~"], "/a~1b/~0"),
            (&["missing"], "/missing"),
            (&[], ""),
        ] {
            assert_eq!(at(&vmi, keys), vmi.pointer(pointer), "{pointer}");
        }
        assert_eq!(at(&vmi, &["status", "n"]), Some(&json!(1)));
    }

    #[test]
    fn one_condition_reads_as_among_all() {
        let vmi = json!({"status": {"conditions": [
            {"type": "Ready", "status": "False", "reason": "Booting"},
            {"status": "True"},
            {"type": "AgentConnected", "status": "True", "lastTransitionTime": "2026-12-04T21:00:00Z"},
            {"type": "Ready", "status": "True"}
        ]}});
        let all = ObservedVmi::read(&vmi);
        for kind in ["Ready", "AgentConnected", "Paused"] {
            assert_eq!(
                condition(&vmi, kind).as_ref(),
                all.condition(kind),
                "{kind}"
            );
        }
        assert_eq!(
            condition(&vmi, "Ready").map(|c| c.reason),
            Some("Booting"),
            "the first"
        );
    }

    #[test]
    fn a_vm_reads_its_strategy_status_and_conditions() {
        let vm = json!({
            "spec": {"runStrategy": "RerunOnFailure"},
            "status": {"printableStatus": "Running", "ready": true, "conditions": [
                {"type": "Ready", "status": "True"},
                {"type": "RestartRequired", "status": "False", "reason": "", "message": ""},
                {"status": "True"}
            ]}
        });
        let seen = ObservedVm::read(&vm);
        assert_eq!(seen.run_strategy, Some(RunStrategy::RerunOnFailure));
        assert_eq!(seen.printable_status, "Running");
        assert!(seen.ready);
        assert!(seen.expects_running());
        assert!(!seen.meant_off());
        assert!(seen.is("Ready"));
        assert!(!seen.is("RestartRequired"));
        assert!(!seen.is("Missing"));
        assert_eq!(
            seen.conditions.len(),
            2,
            "a condition without a type is skipped"
        );
        assert_eq!((seen.memory, seen.datavolume_templates), (None, 0));
    }

    #[test]
    fn a_vm_reads_its_memory_and_owned_disks() {
        let read = |vm: Value| {
            let seen = ObservedVm::read(&vm);
            (seen.memory.map(str::to_string), seen.datavolume_templates)
        };
        let domain = |d: Value| json!({"spec": {"template": {"spec": {"domain": d}}}});
        assert_eq!(
            read(domain(
                json!({"memory": {"guest": "4Gi"}, "resources": {"requests": {"memory": "2Gi"}}})
            )),
            (Some("4Gi".into()), 0)
        );
        assert_eq!(
            read(domain(
                json!({"resources": {"requests": {"memory": "2Gi"}}})
            )),
            (Some("2Gi".into()), 0)
        );
        // A guest size that is not a quantity string reads as absent, not as the request.
        assert_eq!(
            read(domain(
                json!({"memory": {"guest": 4}, "resources": {"requests": {"memory": "2Gi"}}})
            )),
            (None, 0)
        );
        assert_eq!(
            read(json!({"spec": {"dataVolumeTemplates": [{}, {}]}})),
            (None, 2)
        );
    }

    #[test]
    fn whether_a_vm_should_run_follows_strategy_then_legacy_running() {
        let read = |spec: Value| {
            let vm = json!({ "spec": spec });
            let seen = ObservedVm::read(&vm);
            (seen.expects_running(), seen.meant_off())
        };
        assert_eq!(read(json!({"runStrategy": "Always"})), (true, false));
        assert_eq!(read(json!({"runStrategy": "Once"})), (true, false));
        assert_eq!(read(json!({"runStrategy": "Halted"})), (false, true));
        assert_eq!(read(json!({"runStrategy": "Manual"})), (false, true));
        assert_eq!(read(json!({"running": false})), (false, true));
        assert_eq!(read(json!({"running": true})), (true, false));
        assert_eq!(read(json!({})), (true, false));
        // A strategy wins over the legacy field; an unknown strategy reads as absent.
        assert_eq!(
            read(json!({"runStrategy": "Halted", "running": true})),
            (false, true)
        );
        assert!(read(json!({"runStrategy": "Sometimes"})).0);
    }

    #[test]
    fn a_vmi_is_ready_only_with_the_agent_and_not_while_deleting() {
        let mut vmi = json!({
            "metadata": {"name": "web-1"},
            "status": {"phase": "Running",
                "interfaces": [{"ipAddress": "10.0.0.7"}, {"ipAddress": "10.0.1.7"}],
                "conditions": [
                    {"type": "Ready", "status": "True", "lastTransitionTime": "2026-12-01T10:00:00Z"},
                    {"type": "AgentConnected", "status": "True"}
                ]}
        });
        let seen = ObservedVmi::read(&vmi);
        assert_eq!(seen.phase, "Running");
        assert_eq!(seen.address, Some("10.0.0.7"));
        assert!(seen.is_ready());
        assert_eq!(seen.ready_since(), Some("2026-12-01T10:00:00Z"));

        vmi["metadata"]["deletionTimestamp"] = json!("2026-12-01T10:05:00Z");
        assert!(!ObservedVmi::read(&vmi).is_ready());

        vmi["metadata"]["deletionTimestamp"] = Value::Null;
        vmi["status"]["conditions"][1]["status"] = json!("False");
        assert!(!ObservedVmi::read(&vmi).is_ready());

        let bare = json!({"status": {"interfaces": [{"ipAddress": ""}]}});
        let seen = ObservedVmi::read(&bare);
        assert_eq!(seen.address, None);
        assert!(!seen.is_ready());
        assert_eq!(seen.ready_since(), None);
    }

    #[test]
    fn failing_conditions_are_told_apart() {
        let dv = json!({"status": {"conditions": [
            {"type": "Failure", "status": "True", "reason": "ImportFailed"},
            {"type": "Ready", "status": "False", "reason": "", "message": ""},
            {"type": "Running", "status": "False", "reason": "Error", "message": "no such file"},
            {"type": "Bound", "status": "Unknown"}
        ]}});
        let failing: Vec<&str> = conditions(&dv)
            .iter()
            .filter(|c| c.is_failing())
            .map(|c| c.kind)
            .collect();
        assert_eq!(failing, ["Failure", "Running"]);
        assert_eq!(conditions(&dv)[3].status, ConditionStatus::Unknown);
        assert!(conditions(&json!({"status": {"conditions": "nope"}})).is_empty());
    }

    #[test]
    fn a_datavolume_reads_its_progress_and_failure() {
        let dv = json!({"status": {"phase": "ImportInProgress", "progress": "45.00%",
        "conditions": [
            {"type": "Ready", "status": "True", "reason": ""},
            {"type": "Running", "status": "False", "reason": "Error",
                "message": "Unable to connect to http data source"},
            {"type": "Bound", "status": "False", "reason": "Pending"}
        ]}});
        let seen = ObservedDataVolume::read(&dv);
        assert_eq!((seen.phase, seen.progress), ("ImportInProgress", "45.00%"));
        assert_eq!(seen.conditions.len(), 3);
        assert_eq!(
            failure_reason(&dv).as_deref(),
            Some("Running Error: Unable to connect to http data source; Bound Pending")
        );
        let only_message = json!({"status": {"conditions": [
            {"type": "Failure", "status": "True", "message": "disk full"}
        ]}});
        assert_eq!(
            failure_reason(&only_message).as_deref(),
            Some("Failure disk full")
        );
        assert_eq!(failure_reason(&json!({"status": {}})), None);
        assert_eq!(ObservedDataVolume::read(&json!({})).phase, "");
    }
}
