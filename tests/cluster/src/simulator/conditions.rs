//! Status conditions the simulator writes where their exact wording matters to a client that
//! reads them: Argo CD's health checks show a condition's message, and `apply --wait` prints
//! it. Each follows the upstream controller named in its comment (tests/cluster/README.md,
//! "Status fidelity").

use super::now;
use crate::util::PointerAt;
use serde_json::{json, Value};

/// What CDI writes when an importer pod exits with an error (here an HTTP source that answers
/// 404): the phase stays `ImportInProgress` while the pod is restarted, `Running` turns False
/// with reason `Error` and the importer's message, `Ready` is False. CDI's functional tests
/// expect this for a bad URL or a missing file (phase ImportInProgress, "Unable to connect to
/// http data source"), not the phase `Failed`. KubeVirt reads the
/// `Running`/`Error` condition as DataVolumeError, Argo CD's health check as Degraded with the
/// message (this used to be `Failed` with no message: Degraded, saying nothing).
pub(crate) fn import_error_status() -> Value {
    json!({"phase": "ImportInProgress", "progress": "N/A", "restartCount": 1, "conditions": [
        {"type": "Ready", "status": "False", "lastHeartbeatTime": now(), "lastTransitionTime": now()},
        {"type": "Running", "status": "False", "reason": "Error",
         "message": IMPORT_ERROR_MESSAGE, "lastHeartbeatTime": now(), "lastTransitionTime": now()}]})
}

/// The importer's message for a failed import (CDI's wording for an HTTP 404).
pub const IMPORT_ERROR_MESSAGE: &str =
    "Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found";

/// Whether a DataVolume reports an import error the way [`import_error_status`] writes it.
pub(crate) fn import_error(dv: &Value) -> bool {
    dv.pointer_at("/status/conditions")
        .and_then(Value::as_array)
        .is_some_and(|c| {
            c.iter()
                .any(|c| c["type"] == "Running" && c["status"] == "False" && c["reason"] == "Error")
        })
}

/// A running VMI's Ready condition as virt-controller writes it: a copy of the virt-launcher
/// pod's Ready condition (pkg/virt-controller/watch/vmi.go, syncReadyConditionFromPod). When the
/// guest is not ready the kubelet's wording for the pod is `ContainersNotReady`,
/// `containers with unready status: [compute]` (this used to be a reason KubeVirt never
/// writes and no message: Argo CD showed the VMI Degraded with an empty message).
pub(crate) fn not_ready_pod(mut ready: Value) -> Value {
    if ready["status"] == "False" {
        ready["reason"] = json!("ContainersNotReady");
        ready["message"] = json!("containers with unready status: [compute]");
    }
    ready
}
