//! Why a VM is not Ready (`kubectl vmmigrate status`, issue 20.3): observed objects in,
//! ranked reasons and the chain of objects behind them out. Pure: no client, no clock (the
//! caller passes "now"), no I/O; `src/cluster/status.rs` reads the objects and `cli/status.rs`
//! prints. Every KubeVirt/CDI/kube word read here is what those controllers write (KubeVirt
//! v1.9.0 `pkg/virt-controller/watch/vm`, CDI v1.66.0 DataVolume controller, kube-scheduler
//! and the PersistentVolume controller), so the same rules hold on a real cluster.

mod events;
mod time;

pub use events::EventLine;
pub use time::{epoch_seconds, human_age};

use crate::kubevirt::observed::{conditions, ConditionStatus, ObservedVm, ObservedVmi};
use serde::Serialize;
use serde_json::Value;

/// What the cluster layer read in one namespace: the objects a VM's status depends on.
/// Lists are namespace-wide; [`diagnose`] picks the VM's own.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    pub vmis: Vec<Value>,
    pub datavolumes: Vec<Value>,
    pub pvcs: Vec<Value>,
    /// virt-launcher pods (label `kubevirt.io=virt-launcher`).
    pub pods: Vec<Value>,
    /// core/v1 Events of the namespace.
    pub events: Vec<Value>,
}

/// One reason a VM is not Ready, from the most to the least relevant (the enum's order is
/// the rank: a cause that blocks everything behind it comes first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum ReasonKind {
    /// A claim is not Bound: no PersistentVolume, no provisioner, or an access mode the
    /// class cannot give.
    VolumeNotBound,
    /// CDI could not import a disk.
    ImportFailed,
    /// The container image of a containerDisk cannot be pulled.
    ImagePullBackOff,
    /// The scheduler finds no node for the virt-launcher pod.
    Unschedulable,
    /// The VMI keeps failing; KubeVirt restarts it after a back-off.
    CrashLoop,
    /// KubeVirt's `Failure` condition on the VM (a sync error).
    Failure,
    /// A probe needs the guest agent, which is not connected.
    GuestAgentMissing,
    /// The VMI is paused.
    Paused,
    /// A change to the template waits for a restart.
    RestartRequired,
    /// The run strategy keeps the VM off.
    StoppedByRunStrategy,
}

/// Why a claim is not bound, when the observed objects tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum VolumeCause {
    NoStorageClass,
    NoProvisioner,
    ProvisionerNotProvisioning,
    AccessMode,
    Pending,
}

/// One ranked reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Reason {
    pub kind: ReasonKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_cause: Option<VolumeCause>,
    /// The object that says so (`PersistentVolumeClaim/web-root`).
    pub object: String,
    /// The controller's own words, where it wrote any.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// One object of the chain behind a VM's status, for the describe-like view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    /// `Kind/name`.
    pub object: String,
    /// Phase and the facts that matter (storage class and provisioner, node, progress).
    pub summary: String,
    /// `Type=Status (Reason: message)` for each condition.
    pub conditions: Vec<String>,
    /// Latest events, most relevant first (Warnings, then newest).
    pub events: Vec<EventLine>,
}

/// Disks a VM imports and how far they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Disks {
    pub total: usize,
    pub imported: usize,
    /// Mean progress over the VM's DataVolumes, whole percent.
    pub percent: u32,
}

/// One VM's status and why it is not Ready.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    pub namespace: String,
    pub name: String,
    /// KubeVirt's `printableStatus`.
    pub status: String,
    pub ready: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disks: Option<Disks>,
    pub reasons: Vec<Reason>,
    pub chain: Vec<Link>,
}

/// How many events of one object the chain shows.
pub const EVENTS_PER_OBJECT: usize = 5;

fn text<'a>(o: &'a Value, pointer: &str) -> &'a str {
    o.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn name_of(o: &Value) -> &str {
    text(o, "/metadata/name")
}

/// The VM's claims: DataVolumes (its templates and `dataVolume` volumes; CDI names the claim
/// after the DataVolume) and plain `persistentVolumeClaim` volumes.
pub fn claim_names(vm: &Value) -> (Vec<String>, Vec<String>) {
    let mut dvs: Vec<String> = vm
        .pointer("/spec/dataVolumeTemplates")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|t| text(t, "/metadata/name").to_string())
        .filter(|n| !n.is_empty())
        .collect();
    let mut pvcs = vec![];
    for v in vm
        .pointer("/spec/template/spec/volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let dv = text(v, "/dataVolume/name");
        if !dv.is_empty() && !dvs.iter().any(|d| d == dv) {
            dvs.push(dv.to_string());
        }
        let claim = text(v, "/persistentVolumeClaim/claimName");
        if !claim.is_empty() {
            pvcs.push(claim.to_string());
        }
    }
    (dvs, pvcs)
}

/// Everything the diagnosis of one VM looks at, picked from its namespace.
struct Picked<'a> {
    vm: &'a Value,
    vmi: Option<&'a Value>,
    dvs: Vec<&'a Value>,
    /// (claim name, the PVC if it exists).
    claims: Vec<(String, Option<&'a Value>)>,
    pods: Vec<&'a Value>,
    /// DataVolumes the VM names (some may not exist yet).
    dv_count: usize,
    classes: &'a [Value],
    ns: &'a Namespace,
}

impl<'a> Picked<'a> {
    fn new(vm: &'a Value, ns: &'a Namespace, classes: &'a [Value]) -> Picked<'a> {
        let name = name_of(vm);
        let (dv_names, pvc_names) = claim_names(vm);
        let vmi = ns.vmis.iter().find(|v| name_of(v) == name);
        let dvs = ns
            .datavolumes
            .iter()
            .filter(|d| dv_names.iter().any(|n| n == name_of(d)))
            .collect();
        let claims = dv_names
            .iter()
            .chain(pvc_names.iter())
            .map(|c| (c.clone(), ns.pvcs.iter().find(|p| name_of(p) == c)))
            .collect();
        let pods = ns
            .pods
            .iter()
            .filter(|p| text(p, "/metadata/labels/vm.kubevirt.io~1name") == name)
            .collect();
        Picked {
            vm,
            vmi,
            dvs,
            claims,
            pods,
            dv_count: dv_names.len(),
            classes,
            ns,
        }
    }

    fn events_of(&self, kind: &str, name: &str) -> Vec<EventLine> {
        events::of_object(&self.ns.events, kind, name)
    }

    /// Events of the VM's virt-launcher pods, those that exist and those the scheduler wrote
    /// about a pod since gone (`virt-launcher-<vm>-<5 characters>`).
    fn pod_events(&self) -> Vec<EventLine> {
        let vm = name_of(self.vm);
        let names: Vec<&str> = self.pods.iter().map(|p| name_of(p)).collect();
        events::of_pods(&self.ns.events, vm, &names)
    }
}

/// The diagnosis of one VM. `now` (seconds since the epoch) is only used for event ages.
pub fn diagnose(vm: &Value, ns: &Namespace, classes: &[Value], now: i64) -> Diagnosis {
    let seen = Picked::new(vm, ns, classes);
    let observed = ObservedVm::read(vm);
    let mut reasons = vec![];
    reasons.extend(volume_reasons(&seen));
    reasons.extend(import_reasons(&seen));
    reasons.extend(vmi_reasons(&seen));
    reasons.extend(vm_reasons(&seen, &observed));
    reasons.sort_by_key(|r| r.kind);
    let node = seen
        .vmi
        .map(|v| text(v, "/status/nodeName"))
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Diagnosis {
        namespace: text(vm, "/metadata/namespace").to_string(),
        name: name_of(vm).to_string(),
        status: observed.printable_status.to_string(),
        ready: observed.ready,
        node,
        created: Some(text(vm, "/metadata/creationTimestamp"))
            .filter(|t| !t.is_empty())
            .map(str::to_string),
        disks: disks(&seen),
        reasons,
        chain: chain(&seen, now),
    }
}

fn disks(seen: &Picked) -> Option<Disks> {
    let total = seen.dv_count;
    if total == 0 {
        return None;
    }
    let mut sum = 0u32;
    let mut imported = 0usize;
    for dv in &seen.dvs {
        let pct = if text(dv, "/status/phase") == "Succeeded" {
            imported += 1;
            100
        } else {
            percent(text(dv, "/status/progress"))
        };
        sum = sum.saturating_add(pct);
    }
    let count = u32::try_from(total).unwrap_or(u32::MAX).max(1);
    Some(Disks {
        total,
        imported,
        percent: sum / count,
    })
}

/// CDI's `"45.67%"` as whole percent; `N/A` and anything else is 0.
fn percent(progress: &str) -> u32 {
    progress
        .trim_end_matches('%')
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite())
        .map_or(0, |p| p.clamp(0.0, 100.0) as u32)
}

fn class_named<'a>(classes: &'a [Value], name: &str) -> Option<&'a Value> {
    classes.iter().find(|c| name_of(c) == name)
}

/// The PersistentVolume controller's provisioner for classes that provision nothing.
pub const NO_PROVISIONER: &str = "kubernetes.io/no-provisioner";

fn volume_reasons(seen: &Picked) -> Vec<Reason> {
    let mut out = vec![];
    for (claim, pvc) in &seen.claims {
        let object = format!("PersistentVolumeClaim/{claim}");
        let Some(pvc) = pvc else {
            continue;
        };
        if text(pvc, "/status/phase") == "Bound" {
            continue;
        }
        let class_name = text(pvc, "/spec/storageClassName");
        let class = class_named(seen.classes, class_name);
        let provisioner = class.map(|c| text(c, "/provisioner")).unwrap_or_default();
        let events = seen.events_of("PersistentVolumeClaim", claim);
        let warning = events.iter().find(|e| e.kind == "Warning");
        let latest = warning.or(events.first());
        let said = latest.map(|e| e.message.clone()).unwrap_or_default();
        let modes = seen_access_modes(pvc);
        let (cause, message, hint) = if class_name.is_empty() {
            (
                VolumeCause::NoStorageClass,
                or(said, "the claim names no storage class and the cluster has no default one"),
                "give the disk a storage class (--map storage rule) or mark one as the cluster's default".to_string(),
            )
        } else if provisioner == NO_PROVISIONER {
            (
                VolumeCause::NoProvisioner,
                or(said, &format!("storage class {class_name} has no provisioner ({NO_PROVISIONER}) and no PersistentVolume matches the claim")),
                format!("create a PersistentVolume of class {class_name} that fits the claim, or use a class with a provisioner"),
            )
        } else if mentions_access_mode(&said) {
            (
                VolumeCause::AccessMode,
                said,
                format!("storage class {class_name} cannot give access mode {modes}: change the disk's access mode or the class"),
            )
        } else if latest
            .is_some_and(|e| e.reason == "ExternalProvisioning" || e.reason == "ProvisioningFailed")
        {
            (
                VolumeCause::ProvisionerNotProvisioning,
                said,
                format!("check that provisioner {provisioner} runs (its pods and logs) for storage class {class_name}"),
            )
        } else if class.is_none() {
            (
                VolumeCause::NoStorageClass,
                or(said, &format!("storage class {class_name} does not exist")),
                format!("create storage class {class_name} or map the disk to one that exists"),
            )
        } else if latest.is_some_and(|e| e.reason == "WaitForFirstConsumer") && seen.vmi.is_none() {
            // Normal for a WaitForFirstConsumer class: the claim binds with the first pod.
            continue;
        } else {
            (
                VolumeCause::Pending,
                or(said, "the claim is Pending"),
                format!("see the claim's events: kubectl describe pvc {claim}"),
            )
        };
        out.push(Reason {
            kind: ReasonKind::VolumeNotBound,
            volume_cause: Some(cause),
            object,
            message,
            hint,
        });
    }
    // CDI refuses a claim it cannot build (no access mode from the StorageProfile...).
    for dv in &seen.dvs {
        let name = name_of(dv);
        if let Some(e) = seen
            .events_of("DataVolume", name)
            .into_iter()
            .find(|e| e.reason == "ErrClaimNotValid")
        {
            out.push(Reason {
                kind: ReasonKind::VolumeNotBound,
                volume_cause: Some(VolumeCause::AccessMode),
                object: format!("DataVolume/{name}"),
                message: e.message,
                hint: "give the disk an access mode and volume mode (or complete the class's StorageProfile)".into(),
            });
        }
    }
    out
}

fn or(said: String, fallback: &str) -> String {
    if said.is_empty() {
        fallback.to_string()
    } else {
        said
    }
}

fn mentions_access_mode(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("access mode") || lower.contains("accessmode") || lower.contains("access_mode")
}

fn seen_access_modes(pvc: &Value) -> String {
    let modes: Vec<&str> = pvc
        .pointer("/spec/accessModes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if modes.is_empty() {
        "(none)".into()
    } else {
        modes.join(",")
    }
}

fn import_reasons(seen: &Picked) -> Vec<Reason> {
    let mut out = vec![];
    for dv in &seen.dvs {
        let name = name_of(dv);
        let phase = text(dv, "/status/phase");
        let failing = conditions(dv).into_iter().find(|c| {
            c.kind == "Running" && c.status == ConditionStatus::False && c.reason == "Error"
        });
        if phase != "Failed" && failing.is_none() {
            continue;
        }
        let warning = seen
            .events_of("DataVolume", name)
            .into_iter()
            .find(|e| e.kind == "Warning" && e.reason != "ErrClaimNotValid");
        let message = failing
            .map(|c| c.message.to_string())
            .filter(|m| !m.is_empty())
            .or(warning.map(|e| e.message))
            .unwrap_or_else(|| format!("DataVolume phase {phase}"));
        out.push(Reason {
            kind: ReasonKind::ImportFailed,
            volume_cause: None,
            object: format!("DataVolume/{name}"),
            message,
            hint: format!(
                "fix the source (URL, registry, credentials) of DataVolume {name}; CDI retries the import by itself"
            ),
        });
    }
    out
}

fn vmi_reasons(seen: &Picked) -> Vec<Reason> {
    let mut out = vec![];
    let Some(vmi) = seen.vmi else {
        return out;
    };
    let name = name_of(vmi);
    let object = format!("VirtualMachineInstance/{name}");
    let observed = ObservedVmi::read(vmi);
    let pod_events = seen.pod_events();
    if let Some(c) = observed
        .condition("PodScheduled")
        .filter(|c| c.status == ConditionStatus::False)
    {
        let message = Some(c.message.to_string())
            .filter(|m| !m.is_empty())
            .or_else(|| {
                pod_events
                    .iter()
                    .find(|e| e.reason == "FailedScheduling")
                    .map(|e| e.message.clone())
            })
            .unwrap_or_else(|| c.reason.to_string());
        out.push(Reason {
            kind: ReasonKind::Unschedulable,
            volume_cause: None,
            object: object.clone(),
            message,
            hint: "free or add capacity on a node that fits, or relax the VM's node selector, affinity or requests".into(),
        });
    }
    let pull = observed.condition("Synchronized").filter(|c| {
        c.status == ConditionStatus::False
            && (c.reason == "ErrImagePull" || c.reason == "ImagePullBackOff")
    });
    let pulled_by_pod = seen.pods.iter().find_map(|p| waiting_pull(p));
    if let Some(message) = pull.map(|c| c.message.to_string()).or(pulled_by_pod) {
        out.push(Reason {
            kind: ReasonKind::ImagePullBackOff,
            volume_cause: None,
            object: object.clone(),
            message,
            hint: "check the containerDisk image name and tag, and the registry's credentials (imagePullSecret)".into(),
        });
    }
    if let Some(c) = observed
        .condition("Paused")
        .filter(|c| c.status == ConditionStatus::True)
    {
        let message = match (c.reason, c.message) {
            (r, "") => r.to_string(),
            (_, m) => m.to_string(),
        };
        let hint = if c.reason == "PausedIOError" {
            "the guest was paused after an I/O error: check the disk's storage, then unpause"
                .to_string()
        } else {
            format!("unpause it: virtctl unpause vm {name}")
        };
        out.push(Reason {
            kind: ReasonKind::Paused,
            volume_cause: None,
            object: object.clone(),
            message: or(message, "the VMI is paused"),
            hint,
        });
    }
    if observed.phase == "Running" && probe_needs_agent(vmi) && !observed.is("AgentConnected") {
        out.push(Reason {
            kind: ReasonKind::GuestAgentMissing,
            volume_cause: None,
            object,
            message: "a readiness or liveness probe uses the guest agent (guestAgentPing or exec) \
                      but the agent is not connected (no AgentConnected condition)"
                .into(),
            hint: "install and start qemu-guest-agent in the guest, or change the probe".into(),
        });
    }
    out
}

/// The kubelet's waiting reason for a pull that fails, with its message.
fn waiting_pull(pod: &Value) -> Option<String> {
    pod.pointer("/status/containerStatuses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|s| {
            let reason = text(s, "/state/waiting/reason");
            (reason == "ErrImagePull" || reason == "ImagePullBackOff")
                .then(|| or(text(s, "/state/waiting/message").to_string(), reason))
        })
}

/// Whether a probe of the VMI needs the guest agent: `guestAgentPing`, or `exec` (which
/// KubeVirt runs through the agent).
pub fn probe_needs_agent(vmi_or_template: &Value) -> bool {
    ["readinessProbe", "livenessProbe"].iter().any(|p| {
        vmi_or_template
            .pointer(&format!("/spec/{p}"))
            .is_some_and(|probe| {
                probe.get("guestAgentPing").is_some() || probe.get("exec").is_some()
            })
    })
}

fn vm_reasons(seen: &Picked, observed: &ObservedVm) -> Vec<Reason> {
    let mut out = vec![];
    let name = name_of(seen.vm);
    let object = format!("VirtualMachine/{name}");
    let start_failure = seen.vm.pointer("/status/startFailure");
    if observed.printable_status == "CrashLoopBackOff" || start_failure.is_some() {
        let retries = start_failure
            .and_then(|s| s.get("consecutiveFailCount"))
            .and_then(Value::as_u64);
        let vmi_said = seen
            .vmi
            .map(ObservedVmi::read)
            .and_then(|v| {
                v.condition("Ready")
                    .map(|c| (c.reason.to_string(), c.message.to_string()))
            })
            .map(|(r, m)| if m.is_empty() { r } else { m })
            .unwrap_or_default();
        let mut message = match retries {
            Some(n) => format!(
                "the VMI failed {n} time(s) in a row; KubeVirt starts it again after a back-off"
            ),
            None => "the VMI failed; KubeVirt starts it again after a back-off".to_string(),
        };
        if !vmi_said.is_empty() {
            message.push_str(&format!(" (last: {vmi_said})"));
        }
        out.push(Reason {
            kind: ReasonKind::CrashLoop,
            volume_cause: None,
            object: object.clone(),
            message,
            hint: format!("see why the guest stops: kubectl get events --field-selector involvedObject.name={name}; virtctl console {name}"),
        });
    }
    if let Some(c) = observed
        .condition("Failure")
        .filter(|c| c.status == ConditionStatus::True)
    {
        out.push(Reason {
            kind: ReasonKind::Failure,
            volume_cause: None,
            object: object.clone(),
            message: or(c.message.to_string(), c.reason),
            hint: "KubeVirt could not act on the VM: see its message and the VM's events".into(),
        });
    }
    if let Some(c) = observed
        .condition("RestartRequired")
        .filter(|c| c.status == ConditionStatus::True)
    {
        out.push(Reason {
            kind: ReasonKind::RestartRequired,
            volume_cause: None,
            object: object.clone(),
            message: or(
                c.message.to_string(),
                "a change to the VM waits for a restart",
            ),
            hint: format!("restart the VM to apply the change: virtctl restart {name}"),
        });
    }
    let vmi_final = seen
        .vmi
        .is_none_or(|v| matches!(text(v, "/status/phase"), "Succeeded" | "Failed"));
    if observed.meant_off() && vmi_final {
        let strategy = observed
            .run_strategy
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "running: false".to_string());
        out.push(Reason {
            kind: ReasonKind::StoppedByRunStrategy,
            volume_cause: None,
            object,
            message: format!("runStrategy {strategy}: KubeVirt keeps the VM stopped"),
            hint: format!("start it: virtctl start {name}"),
        });
    }
    out
}

/// The chain behind the status, VM first, then its instance, disks, claims and pods.
fn chain(seen: &Picked, now: i64) -> Vec<Link> {
    let mut out = vec![];
    let name = name_of(seen.vm);
    let vm = ObservedVm::read(seen.vm);
    out.push(Link {
        object: format!("VirtualMachine/{name}"),
        summary: format!(
            "{}, runStrategy {}",
            or(vm.printable_status.to_string(), "no status yet"),
            vm.run_strategy.map_or("(none)", |s| s.as_str())
        ),
        conditions: condition_lines(seen.vm),
        events: aged(seen.events_of("VirtualMachine", name), now),
    });
    if let Some(vmi) = seen.vmi {
        let node = text(vmi, "/status/nodeName");
        out.push(Link {
            object: format!("VirtualMachineInstance/{}", name_of(vmi)),
            summary: format!(
                "phase {}{}",
                or(text(vmi, "/status/phase").to_string(), "(none)"),
                if node.is_empty() {
                    String::new()
                } else {
                    format!(", node {node}")
                }
            ),
            conditions: condition_lines(vmi),
            events: aged(seen.events_of("VirtualMachineInstance", name_of(vmi)), now),
        });
    }
    for dv in &seen.dvs {
        out.push(Link {
            object: format!("DataVolume/{}", name_of(dv)),
            summary: format!(
                "phase {}, progress {}",
                or(text(dv, "/status/phase").to_string(), "(none)"),
                or(text(dv, "/status/progress").to_string(), "N/A")
            ),
            conditions: condition_lines(dv),
            events: aged(seen.events_of("DataVolume", name_of(dv)), now),
        });
    }
    for (claim, pvc) in &seen.claims {
        let summary = match pvc {
            None => "not created yet".to_string(),
            Some(pvc) => {
                let class = text(pvc, "/spec/storageClassName");
                let provisioner = class_named(seen.classes, class)
                    .map(|c| text(c, "/provisioner").to_string())
                    .unwrap_or_else(|| "class not found".into());
                format!(
                    "{}, storage class {} (provisioner {provisioner}), access modes {}",
                    or(text(pvc, "/status/phase").to_string(), "Pending"),
                    or(class.to_string(), "(none)"),
                    seen_access_modes(pvc)
                )
            }
        };
        out.push(Link {
            object: format!("PersistentVolumeClaim/{claim}"),
            summary,
            conditions: pvc.map(condition_lines).unwrap_or_default(),
            events: aged(seen.events_of("PersistentVolumeClaim", claim), now),
        });
    }
    let pod_events = seen.pod_events();
    if !seen.pods.is_empty() || !pod_events.is_empty() {
        let pods: Vec<&str> = seen.pods.iter().map(|p| name_of(p)).collect();
        out.push(Link {
            object: "Pod/virt-launcher".into(),
            summary: if pods.is_empty() {
                "gone".into()
            } else {
                pods.join(", ")
            },
            conditions: seen.pods.iter().flat_map(|p| condition_lines(p)).collect(),
            events: aged(pod_events, now),
        });
    }
    out
}

fn aged(mut events: Vec<EventLine>, now: i64) -> Vec<EventLine> {
    events.truncate(EVENTS_PER_OBJECT);
    for e in &mut events {
        e.set_age(now);
    }
    events
}

fn condition_lines(o: &Value) -> Vec<String> {
    conditions(o)
        .iter()
        .map(|c| {
            let status = match c.status {
                ConditionStatus::True => "True",
                ConditionStatus::False => "False",
                ConditionStatus::Unknown => "Unknown",
            };
            match (c.reason.is_empty(), c.message.is_empty()) {
                (true, true) => format!("{}={status}", c.kind),
                (false, true) => format!("{}={status} ({})", c.kind, c.reason),
                (true, false) => format!("{}={status} ({})", c.kind, c.message),
                (false, false) => format!("{}={status} ({}: {})", c.kind, c.reason, c.message),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
