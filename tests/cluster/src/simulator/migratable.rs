//! The VMI's `LiveMigratable` condition, as virt-handler computes it
//! (`calculateLiveMigrationCondition`): False with KubeVirt's reason and message for a disk
//! on a PVC that is not ReadWriteMany (`DisksNotLiveMigratable`), a pod network bound with
//! `bridge` without the `kubevirt.io/allow-pod-bridge-network-live-migration` annotation
//! (`InterfaceNotLiveMigratable`), and host devices or GPUs (`HostDeviceNotLiveMigratable`);
//! True otherwise. virt-api's migrate refuses a VMI whose condition is False
//! (`crate::subresources`).

use super::*;
use crate::util::PointerAt;

const ALLOW_BRIDGE: &str = "kubevirt.io/allow-pod-bridge-network-live-migration";

impl Reconciler<'_> {
    /// The condition for `vmi` (its spec and the PVCs its volumes name).
    pub(super) async fn live_migratable(&self, vmi: &DynamicObject) -> Value {
        match self.not_migratable(vmi).await {
            None => cond("LiveMigratable", true, ""),
            Some((reason, message)) => {
                let mut c = cond("LiveMigratable", false, reason);
                c["message"] = json!(message);
                c
            }
        }
    }

    async fn not_migratable(&self, vmi: &DynamicObject) -> Option<(&'static str, String)> {
        let spec = vmi.data.get("spec").cloned().unwrap_or(Value::Null);
        let list = |p: &str| {
            spec.pointer_at(p)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        };
        // Disks first, as virt-handler checks them first.
        let pvcs = self.apis.ns(&self.apis.pvc, &ns(vmi));
        for v in list("/volumes") {
            let claim = v
                .pointer_at("/persistentVolumeClaim/claimName")
                .or_else(|| v.pointer_at("/dataVolume/name"))
                .and_then(Value::as_str);
            let Some(claim) = claim else { continue };
            let shared = match pvcs.get_opt(claim).await {
                Ok(Some(p)) => p
                    .data
                    .pointer_at("/spec/accessModes")
                    .and_then(Value::as_array)
                    .is_some_and(|m| m.iter().any(|m| m == "ReadWriteMany")),
                _ => {
                    return Some(("DisksNotLiveMigratable", format!("cannot migrate VMI: Unable to determine if PVC {claim} is shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)")));
                }
            };
            if !shared {
                return Some(("DisksNotLiveMigratable", format!("cannot migrate VMI: PVC {claim} is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)")));
            }
        }
        let pod_net = list("/networks")
            .iter()
            .find(|n| n.get("pod").is_some())
            .and_then(|n| n.get("name").and_then(Value::as_str).map(str::to_string));
        if let Some(net) = pod_net {
            let bridged = list("/domain/devices/interfaces")
                .iter()
                .any(|i| i["name"] == net.as_str() && i.get("bridge").is_some());
            if bridged && annotation(vmi, ALLOW_BRIDGE).is_none() {
                return Some(("InterfaceNotLiveMigratable", format!("cannot migrate VMI which does not use masquerade, bridge with {ALLOW_BRIDGE} VM annotation or a migratable plugin to connect to the pod network")));
            }
        }
        if !list("/domain/devices/hostDevices").is_empty()
            || !list("/domain/devices/gpus").is_empty()
        {
            return Some((
                "HostDeviceNotLiveMigratable",
                "VMI uses a PCI host devices".into(),
            ));
        }
        None
    }
}
