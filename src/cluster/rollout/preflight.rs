//! The checks of `roll::preflight` against the cluster: virt-api's actions served
//! (discovery), every right a command needs granted (SelfSubjectAccessReviews), each problem
//! found reported together before the first write. `roll` and the lifecycle verbs
//! (`start`, `stop`, `restart`, `migrate`, `evacuate`) both check through [`check_rights`].

use crate::cluster::preflight::{review_each, served};
use crate::roll::preflight::{Access, Needs, VIRT_API};
use crate::roll::RollError;
use std::collections::{BTreeMap, BTreeSet};

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
    let (accesses, actions) = rights_of(&needs, ns);
    check_rights(client, &accesses, &actions).await
}

/// What a rollout with `needs` asks of the server: its rights, and virt-api's restart
/// action when a VM may restart.
fn rights_of(needs: &Needs, ns: &str) -> (BTreeSet<Access>, Vec<VirtApiAction<'static>>) {
    let restart = VirtApiAction {
        resource: "virtualmachines/restart",
        doing: "restarting a VM",
        instead: ", or roll with --max-action live",
    };
    let actions = if needs.restart { vec![restart] } else { vec![] };
    (needs.accesses(ns), actions)
}

/// Every virt-api action of `actions` served and every right of `accesses` granted, or
/// `Err(RollError::Preflight)` listing every problem found; nothing was changed.
pub async fn check_rights(
    client: &kube::Client,
    accesses: &BTreeSet<Access>,
    actions: &[VirtApiAction<'_>],
) -> Result<(), RollError> {
    let answers = Answers::ask(client, accesses, actions).await;
    answers.judge(accesses, actions)
}

/// A rollout's checks asked before its VMs are read, for every action its --min-action to
/// --max-action allow: the answers come while the watches list the fleet, not after it (a
/// round trip or two at the start of every roll). [`EarlyChecks::finish`] judges only what
/// the VMs turn out to need, and asks anything the early questions left out.
pub struct EarlyChecks {
    client: kube::Client,
    ns: String,
    /// Taken by [`EarlyChecks::finish`]; a rollout that stops before it (nothing to roll)
    /// drops the questions still in flight.
    asked: Option<tokio::task::JoinHandle<Answers>>,
}

impl EarlyChecks {
    /// Start asking what a rollout with at most `needs` uses.
    pub fn start(client: &kube::Client, ns: &str, needs: &Needs) -> Self {
        let (accesses, actions) = rights_of(needs, ns);
        let asking = client.clone();
        EarlyChecks {
            client: client.clone(),
            ns: ns.to_string(),
            asked: Some(tokio::spawn(async move {
                Answers::ask(&asking, &accesses, &actions).await
            })),
        }
    }

    /// The checks of what the rollout does need (`needs`), from the early answers.
    pub async fn finish(mut self, needs: Needs) -> Result<(), RollError> {
        let (accesses, actions) = rights_of(&needs, &self.ns);
        let mut answers = match self.asked.take() {
            Some(asked) => asked.await.unwrap_or_default(),
            None => Answers::default(),
        };
        answers.complete(&self.client, &accesses, &actions).await;
        answers.judge(&accesses, &actions)
    }
}

impl Drop for EarlyChecks {
    fn drop(&mut self) {
        if let Some(asked) = self.asked.take() {
            asked.abort();
        }
    }
}

/// The server's answers to a command's checks: which virt-api actions it serves, and each
/// SelfSubjectAccessReview's answer (see [`review_each`]).
#[derive(Default)]
struct Answers {
    served: BTreeMap<String, bool>,
    reviews: BTreeMap<Access, Result<Option<String>, String>>,
}

impl Answers {
    /// Discovery and the reviews at once: neither waits for the other.
    async fn ask(
        client: &kube::Client,
        accesses: &BTreeSet<Access>,
        actions: &[VirtApiAction<'_>],
    ) -> Self {
        let mut answers = Answers::default();
        answers.complete(client, accesses, actions).await;
        answers
    }

    /// Ask whatever of `accesses` and `actions` is not answered yet.
    async fn complete(
        &mut self,
        client: &kube::Client,
        accesses: &BTreeSet<Access>,
        actions: &[VirtApiAction<'_>],
    ) {
        let unreviewed: BTreeSet<Access> = accesses
            .iter()
            .filter(|a| !self.reviews.contains_key(*a))
            .cloned()
            .collect();
        let unserved: Vec<&str> = actions
            .iter()
            .map(|a| a.resource)
            .filter(|r| !self.served.contains_key(*r))
            .collect();
        let discovery = futures_util::future::join_all(unserved.iter().map(|resource| async {
            (
                resource.to_string(),
                served(client, VIRT_API, resource).await,
            )
        }));
        let (served, reviews) = tokio::join!(discovery, review_each(client, &unreviewed));
        self.served.extend(served);
        self.reviews.extend(reviews);
    }

    /// The problems among the answers to `accesses` and `actions`, all in one error.
    fn judge(
        &self,
        accesses: &BTreeSet<Access>,
        actions: &[VirtApiAction<'_>],
    ) -> Result<(), RollError> {
        let mut problems = vec![];
        // One line says it: the actions are all served by the same virt-api.
        if let Some(a) = actions
            .iter()
            .find(|a| self.served.get(a.resource) != Some(&true))
        {
            problems.push(format!(
                "KubeVirt's virt-api is not reachable: the cluster does not serve {VIRT_API} ({}), which {} needs; check the virt-api pods (`kubectl get pods -n kubevirt -l kubevirt.io=virt-api`){}",
                a.resource, a.doing, a.instead
            ));
        }
        let mut denied = vec![];
        let mut failed = None;
        for access in accesses {
            match self.reviews.get(access) {
                Some(Ok(None)) => {}
                Some(Ok(Some(d))) => denied.push(d.clone()),
                Some(Err(e)) => {
                    failed.get_or_insert_with(|| e.clone());
                }
                None => {
                    failed.get_or_insert_with(|| "no answer".to_string());
                }
            }
        }
        match failed {
            Some(e) => problems.push(format!(
                "cannot check permissions (SelfSubjectAccessReview): {e}"
            )),
            None if denied.is_empty() => {}
            None => problems.push(format!(
                "missing permissions (ask a cluster admin for a Role granting them): {}",
                denied.join(", ")
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn access(verb: &str, resource: &str) -> Access {
        (
            verb.into(),
            "kubevirt.io".into(),
            resource.into(),
            "ns".into(),
        )
    }

    /// Answers asked for more than a rollout turns out to need (the early checks ask for
    /// every action its --max-action allows) judge only what it needs.
    #[test]
    fn only_the_rights_a_rollout_needs_are_judged() {
        let restart = VirtApiAction {
            resource: "virtualmachines/restart",
            doing: "restarting a VM",
            instead: "",
        };
        let answers = Answers {
            served: [("virtualmachines/restart".to_string(), false)].into(),
            reviews: [
                (access("get", "virtualmachines"), Ok(None)),
                (
                    access("create", "virtualmachines"),
                    Ok(Some("create virtualmachines.kubevirt.io".into())),
                ),
            ]
            .into(),
        };
        let needed: BTreeSet<Access> = [access("get", "virtualmachines")].into();
        assert!(answers.judge(&needed, &[]).is_ok());
        let all: BTreeSet<Access> = answers.reviews.keys().cloned().collect();
        let refused = answers.judge(&all, &[restart]).unwrap_err().to_string();
        assert!(
            refused.contains("missing permissions")
                && refused.contains("create virtualmachines.kubevirt.io")
                && refused.contains("virt-api is not reachable"),
            "{refused}"
        );
        // A right nobody asked about is not taken as granted.
        let unasked: BTreeSet<Access> = [access("delete", "virtualmachines")].into();
        assert!(answers.judge(&unasked, &[]).is_err());
    }
}
