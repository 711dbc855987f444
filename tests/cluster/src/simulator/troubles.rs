//! What keeps a VM from Ready, played as the real controllers write it (issue 20.3), so that
//! `kubectl vmmigrate status` is tested on the words a cluster really shows:
//!
//! - a claim that never binds: a StorageClass with `kubernetes.io/no-provisioner`, one whose
//!   provisioner never provisions ([`CLASS_PROVISIONER_DOWN`]) or one that cannot give the
//!   access mode asked for ([`CLASS_ACCESS_MODES`]). The claim stays `Pending` with the
//!   PersistentVolume controller's (or the external provisioner's) event; CDI leaves the
//!   DataVolume `Pending` with `Bound=False` (`Pending`, `PVC <name> Pending`);
//! - a VMI the scheduler cannot place ([`UNSCHEDULABLE`]): phase `Scheduling`, KubeVirt's copy
//!   of the pod's `PodScheduled=False` (`Unschedulable` and the scheduler's message), the VM
//!   `ErrorUnschedulable`, and kube-scheduler's `FailedScheduling` event on the launcher pod;
//! - an image that cannot be pulled ([`IMAGE_PULL`]): `Synchronized=False` with the kubelet's
//!   `ErrImagePull`/`ImagePullBackOff`, the VM's printable status of the same name, and the
//!   kubelet's `Failed`/`BackOff` events;
//! - a paused VMI ([`PAUSED`]): `Paused=True` (`PausedByUser`), the VM `Paused`;
//! - a failed import (`import-fail`): the claim CDI imports into exists and gets the import
//!   controller's `Warning ErrImportFailed` with the importer's message.
//!
//! Each event is written once, when the status that goes with it is first written (a real
//! recorder aggregates repeats into `count`; not modelled).

use super::{ar, cond, is_true, name, now, ns, owner_ref, uid, Reconciler, MANAGER};
use crate::util::PointerAt;
use kube::api::{Api, DynamicObject, PostParams};
use serde_json::{json, Value};

/// On a VM (copied to its VMI): `"true"`, or the scheduler's message to use.
pub const UNSCHEDULABLE: &str = "sim.vmmigrate.io/unschedulable";
/// On a VM (copied to its VMI): `ErrImagePull` or `ImagePullBackOff`.
pub const IMAGE_PULL: &str = "sim.vmmigrate.io/image-pull";
/// On a VM (copied to its VMI): `"true"`, the VMI runs paused by the user.
pub const PAUSED: &str = "sim.vmmigrate.io/paused";
/// On a StorageClass: `"true"`, its (external) provisioner never provisions.
pub const CLASS_PROVISIONER_DOWN: &str = "sim.vmmigrate.io/provisioner-down";
/// On a StorageClass: the access modes it can give, comma-separated; a claim asking for
/// another is refused by its provisioner.
pub const CLASS_ACCESS_MODES: &str = "sim.vmmigrate.io/access-modes";

/// The scheduler's message when [`UNSCHEDULABLE`] is `"true"` (kube-scheduler 1.32 wording).
pub const UNSCHEDULABLE_MESSAGE: &str = "0/2 nodes are available: 2 Insufficient memory. \
preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";

/// The PersistentVolume controller's words for a class whose provisioner is external and
/// has not provisioned (kube-controller-manager 1.32, `ExternalProvisioning`).
pub fn external_provisioning_message(provisioner: &str) -> String {
    format!(
        "Waiting for a volume to be created either by the external provisioner '{provisioner}' \
         or manually by the system administrator. If volume creation is delayed, please verify \
         that the provisioner is running and correctly registered."
    )
}

/// Who wrote an event: a legacy recorder's `source`, or an events.k8s.io recorder's
/// reporting controller (kube-scheduler's), as core/v1 shows them.
enum From<'a> {
    Component {
        component: &'a str,
        host: &'a str,
    },
    Controller {
        controller: &'a str,
        action: &'a str,
    },
}

fn annotation<'a>(o: &'a DynamicObject, key: &str) -> Option<&'a str> {
    super::annotation(o, key)
}

/// The five characters of the launcher pod's generated name, stable per VMI.
fn launcher_pod(vmi: &DynamicObject) -> String {
    let suffix: String = uid(vmi)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(5)
        .collect();
    format!("virt-launcher-{}-{:0<5}", name(vmi), suffix)
}

fn first_image(vmi: &DynamicObject) -> String {
    vmi.data
        .pointer_at("/spec/volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find_map(|v| v.pointer_at("/containerDisk/image").and_then(Value::as_str))
        .unwrap_or("quay.io/containerdisks/fedora:latest")
        .to_string()
}

fn condition(t: &str, status: &str, reason: &str, message: &str) -> Value {
    json!({"type": t, "status": status, "reason": reason, "message": message,
        "lastProbeTime": null, "lastTransitionTime": now()})
}

fn has_condition(o: &DynamicObject, t: &str, status: &str, reason: &str) -> bool {
    o.data
        .pointer_at("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|c| {
            c.iter()
                .any(|c| c["type"] == t && c["status"] == status && c["reason"] == reason)
        })
}

/// What virt-controller's VM status reads from such a VMI (its `printableStatus` order:
/// Paused, then ErrorUnschedulable, ErrImagePull, ImagePullBackOff before Starting).
pub(super) fn printable(vmi: Option<&DynamicObject>) -> Option<&'static str> {
    let vmi = vmi?;
    let phase = vmi.data.pointer_at("/status/phase").and_then(Value::as_str);
    if phase == Some("Running") && has_condition(vmi, "Paused", "True", "PausedByUser") {
        return Some("Paused");
    }
    if has_condition(vmi, "PodScheduled", "False", "Unschedulable") {
        return Some("ErrorUnschedulable");
    }
    for reason in ["ErrImagePull", "ImagePullBackOff"] {
        if has_condition(vmi, "Synchronized", "False", reason) {
            return Some(if reason == "ErrImagePull" {
                "ErrImagePull"
            } else {
                "ImagePullBackOff"
            });
        }
    }
    None
}

/// The VMI conditions virt-controller copies to the VM (it copies all but Ready, Failure
/// and RestartRequired; the simulator copies these three, the ones `status` reads).
pub(super) fn synced_conditions(vmi: Option<&DynamicObject>) -> Vec<Value> {
    vmi.and_then(|v| v.data.pointer_at("/status/conditions"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|c| {
            matches!(
                c["type"].as_str(),
                Some("PodScheduled" | "Synchronized" | "Paused")
            )
        })
        .cloned()
        .collect()
}

/// Conditions a running VMI adds: `Paused` when [`PAUSED`] is set.
pub(super) fn running_conditions(vmi: &DynamicObject, conds: &mut Vec<Value>) {
    if is_true(vmi, PAUSED) {
        conds.push(condition(
            "Paused",
            "True",
            "PausedByUser",
            "VMI was paused by user",
        ));
    }
}

impl Reconciler<'_> {
    /// Writes a core/v1 Event about `involved` (kind, apiVersion) in `namespace`.
    async fn event(
        &self,
        namespace: &str,
        involved: Value,
        kind: &str,
        reason: &str,
        message: &str,
        from: From<'_>,
    ) {
        let t = now();
        let base = involved["name"].as_str().unwrap_or("object").to_string();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let mut e = json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"name": format!("{base}.{stamp:x}"), "namespace": namespace},
            "involvedObject": involved, "type": kind, "reason": reason, "message": message,
        });
        match from {
            From::Component { component, host } => {
                e["source"] = json!({"component": component, "host": host});
                e["firstTimestamp"] = json!(t);
                e["lastTimestamp"] = json!(t);
                e["count"] = json!(1);
                e["reportingComponent"] = json!(component);
                e["reportingInstance"] = json!(host);
            }
            From::Controller { controller, action } => {
                // events.k8s.io as core/v1 shows it: eventTime, no source or timestamps.
                e["eventTime"] = json!(now_micro());
                e["reportingComponent"] = json!(controller);
                e["reportingInstance"] = json!(format!("{controller}-sim"));
                e["action"] = json!(action);
            }
        }
        let Ok(obj) = serde_json::from_value::<DynamicObject>(e) else {
            return;
        };
        let api: Api<DynamicObject> = Api::namespaced_with(
            self.apis.client.clone(),
            namespace,
            &ar("", "v1", "Event", "events"),
        );
        let r = api.create(&PostParams::default(), &obj).await.map(|_| ());
        self.note(r);
    }

    /// A VMI held by [`UNSCHEDULABLE`] or [`IMAGE_PULL`]: its status and events are written
    /// here and it goes no further. True when the VMI is held.
    pub(super) async fn held_vmi(&self, vmi: &DynamicObject) -> bool {
        let pod = launcher_pod(vmi);
        let pod_ref = json!({"kind": "Pod", "apiVersion": "v1", "namespace": ns(vmi), "name": pod});
        if let Some(said) = annotation(vmi, UNSCHEDULABLE) {
            let message = if said == "true" {
                UNSCHEDULABLE_MESSAGE
            } else {
                said
            };
            if has_condition(vmi, "PodScheduled", "False", "Unschedulable") {
                return true;
            }
            let status = json!({"phase": "Scheduling", "conditions": [
                condition("PodScheduled", "False", "Unschedulable", message),
                cond("Ready", false, "PodNotReady")]});
            if self.patch_status(&self.apis.vmi, vmi, status).await {
                let from = From::Controller {
                    controller: "default-scheduler",
                    action: "Scheduling",
                };
                self.event(
                    &ns(vmi),
                    pod_ref,
                    "Warning",
                    "FailedScheduling",
                    message,
                    from,
                )
                .await;
            }
            return true;
        }
        let Some(reason) = annotation(vmi, IMAGE_PULL) else {
            return false;
        };
        let reason = if reason == "ErrImagePull" {
            "ErrImagePull"
        } else {
            "ImagePullBackOff"
        };
        if has_condition(vmi, "Synchronized", "False", reason) {
            return true;
        }
        let image = first_image(vmi);
        let pull_error = format!(
            "failed to pull and unpack image \"{image}\": failed to resolve reference \"{image}\": {image}: not found"
        );
        let message = if reason == "ErrImagePull" {
            format!("rpc error: code = NotFound desc = {pull_error}")
        } else {
            format!("Back-off pulling image \"{image}\"")
        };
        let node = self
            .cfg
            .nodes
            .first()
            .cloned()
            .unwrap_or_else(|| "sim-node-1".into());
        let status = json!({"phase": "Scheduling", "nodeName": node, "conditions": [
            condition("PodScheduled", "True", "", ""),
            condition("Synchronized", "False", reason, &message),
            cond("Ready", false, "PodNotReady")]});
        if self.patch_status(&self.apis.vmi, vmi, status).await {
            let kubelet = || From::Component {
                component: "kubelet",
                host: &node,
            };
            let failed = format!(
                "Failed to pull image \"{image}\": rpc error: code = NotFound desc = {pull_error}"
            );
            self.event(
                &ns(vmi),
                pod_ref.clone(),
                "Warning",
                "Failed",
                &failed,
                kubelet(),
            )
            .await;
            self.event(
                &ns(vmi),
                pod_ref.clone(),
                "Warning",
                "Failed",
                &format!("Error: {reason}"),
                kubelet(),
            )
            .await;
            if reason == "ImagePullBackOff" {
                let backoff = format!("Back-off pulling image \"{image}\"");
                self.event(&ns(vmi), pod_ref, "Normal", "BackOff", &backoff, kubelet())
                    .await;
            }
        }
        true
    }

    /// CDI's import controller when the importer pod exits with an error: the claim (created
    /// and bound before the import, as CDI does) gets `Warning ErrImportFailed` with the
    /// importer's termination message (`pkg/controller/import-controller.go`).
    pub(super) async fn import_failed(&self, dv: &DynamicObject) {
        self.ensure_pvc(dv).await;
        let claim_ref = json!({"kind": "PersistentVolumeClaim", "apiVersion": "v1",
            "namespace": ns(dv), "name": name(dv)});
        let from = From::Component {
            component: "import-controller",
            host: "",
        };
        let message = super::conditions::IMPORT_ERROR_MESSAGE;
        self.event(
            &ns(dv),
            claim_ref,
            "Warning",
            "ErrImportFailed",
            message,
            from,
        )
        .await;
    }

    /// A DataVolume whose claim cannot bind because of its StorageClass: the claim is
    /// created and stays Pending, with the event that says why. True when held.
    pub(super) async fn unbound_claim(&self, dv: &DynamicObject) -> bool {
        let Some(class_name) = dv
            .data
            .pointer_at("/spec/storage/storageClassName")
            .or_else(|| dv.data.pointer_at("/spec/pvc/storageClassName"))
            .and_then(Value::as_str)
        else {
            return false;
        };
        // A class that does not exist is left alone: tests name classes they never create.
        let classes: Api<DynamicObject> = Api::all_with(
            self.apis.client.clone(),
            &ar("storage.k8s.io", "v1", "StorageClass", "storageclasses"),
        );
        let Ok(Some(class)) = classes.get_opt(class_name).await else {
            return false;
        };
        let provisioner = class
            .data
            .get("provisioner")
            .and_then(Value::as_str)
            .unwrap_or("");
        let modes: Vec<Value> = dv
            .data
            .pointer_at("/spec/storage/accessModes")
            .or_else(|| dv.data.pointer_at("/spec/pvc/accessModes"))
            .and_then(Value::as_array)
            .cloned()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| vec![json!("ReadWriteOnce")]);
        let refused_mode = annotation(&class, CLASS_ACCESS_MODES).and_then(|can| {
            modes
                .iter()
                .filter_map(Value::as_str)
                .find(|m| !can.split(',').any(|c| c.trim() == *m))
                .map(str::to_string)
        });
        let (kind, reason, message, component) = if provisioner == "kubernetes.io/no-provisioner" {
            (
                "Warning",
                "ProvisioningFailed",
                "no volume plugin matched name: kubernetes.io/no-provisioner".to_string(),
                "persistentvolume-controller".to_string(),
            )
        } else if let Some(mode) = refused_mode {
            ("Warning", "ProvisioningFailed",
             format!("failed to provision volume with StorageClass \"{class_name}\": rpc error: code = InvalidArgument desc = access mode {mode} is not supported"),
             format!("{provisioner}_csi-provisioner-sim"))
        } else if is_true(&class, CLASS_PROVISIONER_DOWN) {
            (
                "Normal",
                "ExternalProvisioning",
                external_provisioning_message(provisioner),
                "persistentvolume-controller".to_string(),
            )
        } else {
            return false;
        };
        if dv.data.pointer_at("/status/phase").and_then(Value::as_str) == Some("Pending")
            && has_condition(dv, "Bound", "False", "Pending")
        {
            return true;
        }
        let claim = name(dv);
        let pvc_api = self.apis.ns(&self.apis.pvc, &ns(dv));
        let pvc: DynamicObject = match serde_json::from_value(json!({
            "apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": claim, "namespace": ns(dv),
                "ownerReferences": [owner_ref(dv, "DataVolume", "cdi.kubevirt.io/v1beta1")]},
            "spec": {"accessModes": modes, "storageClassName": class_name,
                "resources": {"requests": {"storage": dv.data.pointer_at("/spec/storage/resources/requests/storage")
                    .or_else(|| dv.data.pointer_at("/spec/pvc/resources/requests/storage")).cloned().unwrap_or(json!("1Gi"))}}},
        })) {
            Ok(p) => p,
            Err(_) => return true,
        };
        let pp = PostParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        if let Ok(created) = pvc_api.create(&pp, &pvc).await {
            self.patch_status(&self.apis.pvc, &created, json!({"phase": "Pending"}))
                .await;
            let claim_ref = json!({"kind": "PersistentVolumeClaim", "apiVersion": "v1",
                "namespace": ns(dv), "name": claim, "uid": uid(&created)});
            let from = From::Component {
                component: &component,
                host: "",
            };
            self.event(&ns(dv), claim_ref, kind, reason, &message, from)
                .await;
        }
        let pending = format!("PVC {claim} Pending");
        let status = json!({"phase": "Pending", "progress": "N/A", "claimName": claim, "conditions": [
            condition("Bound", "False", "Pending", &pending),
            condition("Ready", "False", "", ""),
            condition("Running", "False", "", "")]});
        if self.patch_status(&self.apis.dv, dv, status).await {
            let dv_ref = json!({"kind": "DataVolume", "apiVersion": "cdi.kubevirt.io/v1beta1",
                "namespace": ns(dv), "name": claim, "uid": uid(dv)});
            let from = From::Component {
                component: "datavolume-import-controller",
                host: "",
            };
            self.event(&ns(dv), dv_ref, "Normal", "Pending", &pending, from)
                .await;
        }
        true
    }
}

/// RFC 3339 with microseconds, as an events.k8s.io `eventTime` (MicroTime).
fn now_micro() -> String {
    let t = now();
    match t.strip_suffix('Z') {
        Some(base) if !base.contains('.') => format!("{base}.000000Z"),
        _ => t,
    }
}
