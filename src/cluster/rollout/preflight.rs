//! The checks of `roll::preflight` against the cluster: virt-api's actions served
//! (discovery), every right a command needs granted (SelfSubjectAccessReviews), each problem
//! found reported together before the first write. `roll` and the lifecycle verbs
//! (`start`, `stop`, `restart`, `migrate`, `evacuate`) both check through [`check_rights`].

use crate::cluster::preflight::{denied_access, served};
use crate::roll::preflight::{Access, Needs, VIRT_API};
use crate::roll::RollError;
use std::collections::BTreeSet;

/// A virt-api action a command will ask, and what to do without it.
pub struct VirtApiAction<'a> {
    /// `virtualmachines/restart`.
    pub resource: &'a str,
    /// What needs it ("restarting a VM").
    pub doing: &'a str,
    /// The way around it, if the command has one (", or roll with --max-action live").
    pub instead: &'a str,
}

/// Run a rollout's checks; `Err(RollError::Preflight)` lists every problem found.
pub async fn check(client: &kube::Client, ns: &str, needs: Needs) -> Result<(), RollError> {
    let restart = VirtApiAction {
        resource: "virtualmachines/restart",
        doing: "restarting a VM",
        instead: ", or roll with --max-action live",
    };
    let actions = if needs.restart { vec![restart] } else { vec![] };
    check_rights(client, &needs.accesses(ns), &actions).await
}

/// Every virt-api action of `actions` served and every right of `accesses` granted, or
/// `Err(RollError::Preflight)` listing every problem found; nothing was changed.
pub async fn check_rights(
    client: &kube::Client,
    accesses: &BTreeSet<Access>,
    actions: &[VirtApiAction<'_>],
) -> Result<(), RollError> {
    let mut problems = vec![];
    for a in actions {
        if !served(client, VIRT_API, a.resource).await {
            problems.push(format!(
                "KubeVirt's virt-api is not reachable: the cluster does not serve {VIRT_API} ({}), which {} needs; check the virt-api pods (`kubectl get pods -n kubevirt -l kubevirt.io=virt-api`){}",
                a.resource, a.doing, a.instead
            ));
            // One line says it: the others are served by the same virt-api.
            break;
        }
    }
    match denied_access(client, accesses).await {
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
