//! DataVolumes with an `upload` source, as CDI's upload controller and DataVolume controller
//! move them: a PVC is created and an upload pod scheduled (phase `UploadScheduled`); once
//! the pod is running the PVC carries `cdi.kubevirt.io/storage.pod.phase: Running` and
//! `cdi.kubevirt.io/storage.pod.ready: "true"` and the DataVolume is `UploadReady`; when the
//! upload pod exited successfully (the upload proxy of `crate::upload_proxy` records
//! `storage.pod.phase: Succeeded`, as CDI's upload controller does from the pod) the
//! DataVolume is `Succeeded` with progress 100%. The bytes themselves live in the proxy.

use super::{cond, name, ns, Reconciler};
use crate::upload_proxy::{ANN_POD_PHASE, ANN_POD_READY};
use crate::util::PointerAt;
use serde_json::{json, Value};

impl Reconciler<'_> {
    pub(super) async fn reconcile_upload_dv(&self, dv: &kube::api::DynamicObject) {
        let age = self.first_seen(dv);
        let total = self.cfg.import_time;
        // Scheduling takes a twentieth of an import, the pod's start a fifth.
        if age < total / 20 {
            return self
                .set_upload_status(dv, json!({"phase": "Pending", "progress": "N/A"}))
                .await;
        }
        self.ensure_pvc(dv).await;
        let api = self.apis.ns(&self.apis.pvc, &ns(dv));
        let Ok(Some(pvc)) = api.get_opt(&name(dv)).await else {
            return;
        };
        let annotations = pvc.metadata.annotations.clone().unwrap_or_default();
        let pod_phase = annotations.get(ANN_POD_PHASE).map(String::as_str);
        let status = match pod_phase {
            Some("Succeeded") => {
                json!({"phase": "Succeeded", "progress": "100.0%", "claimName": name(dv),
                "conditions": [cond("Bound", true, "Bound"), cond("Ready", true, ""), cond("Running", false, "Completed")]})
            }
            Some("Running") => {
                json!({"phase": "UploadReady", "progress": "N/A", "claimName": name(dv),
                "conditions": [cond("Bound", true, "Bound"), cond("Ready", false, ""), cond("Running", true, "Pod is running")]})
            }
            _ if age >= total / 5 => {
                let body = json!({"metadata": {"resourceVersion": pvc.metadata.resource_version,
                    "annotations": {ANN_POD_PHASE: "Running", ANN_POD_READY: "true"}}});
                self.patch_meta(&self.apis.pvc, &pvc, body).await;
                return;
            }
            _ => {
                if pod_phase.is_none() {
                    let body = json!({"metadata": {"resourceVersion": pvc.metadata.resource_version,
                        "annotations": {ANN_POD_PHASE: "Pending", ANN_POD_READY: "false"}}});
                    self.patch_meta(&self.apis.pvc, &pvc, body).await;
                }
                json!({"phase": "UploadScheduled", "progress": "N/A", "claimName": name(dv),
                    "conditions": [cond("Bound", true, "Bound"), cond("Ready", false, ""), cond("Running", false, "Pending")]})
            }
        };
        self.set_upload_status(dv, status).await;
    }

    async fn set_upload_status(&self, dv: &kube::api::DynamicObject, status: Value) {
        if dv.data.pointer_at("/status/phase") != status.get("phase") {
            self.patch_status(&self.apis.dv, dv, status).await;
        }
    }
}
