//! The checks of `roll::preflight` against the cluster: virt-api's restart action served
//! (discovery), every right a command needs granted (SelfSubjectAccessReviews), each problem
//! found reported together before the first write.

use crate::cluster::preflight::{denied_access, served};
use crate::roll::preflight::{Needs, VIRT_API};
use crate::roll::RollError;

/// Run every check; `Err(RollError::Preflight)` lists every problem found.
pub async fn check(client: &kube::Client, ns: &str, needs: Needs) -> Result<(), RollError> {
    let mut problems = vec![];
    if needs.restart && !served(client, VIRT_API, "virtualmachines/restart").await {
        problems.push(format!(
            "KubeVirt's virt-api is not reachable: the cluster does not serve {VIRT_API} (virtualmachines/restart), which restarting a VM needs; check the virt-api pods (`kubectl get pods -n kubevirt -l kubevirt.io=virt-api`), or roll with --max-action live"
        ));
    }
    match denied_access(client, &needs.accesses(ns)).await {
        Ok(denied) if denied.is_empty() => {}
        Ok(denied) => problems.push(format!(
            "missing permissions (ask a cluster admin for a Role granting them): {}",
            denied.join(", ")
        )),
        Err(e) => problems.push(format!(
            "cannot check permissions (SelfSubjectAccessReview): {e}"
        )),
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut message = String::from("preflight checks failed, nothing was changed:");
    for p in problems {
        message.push_str("\n  - ");
        message.push_str(&p);
    }
    Err(RollError::Preflight(message))
}
