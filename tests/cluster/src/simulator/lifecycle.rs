//! virt-controller's side of virt-api's `start`/`stop`/`restart` (see `crate::subresources`):
//! the VM's `status.stateChangeRequests`, carried out in order as KubeVirt's VM controller
//! does. A `Stop` (with the uid of the instance it means) deletes that VMI and is removed
//! once it is gone; a `Start` creates a VMI when none runs and is removed once one exists.
//! While requests are queued they decide, whatever the run strategy says, so a `restart` of
//! an `Always` VM is one stop and one start, and a `Manual` VM keeps its strategy.

use super::*;

impl Reconciler<'_> {
    /// Carry out the VM's first state change request; None when it has none (the run
    /// strategy decides), else whether the VM is Ready after this pass's step.
    pub(super) async fn state_change(
        &self,
        vm: &DynamicObject,
        vmi: Option<&DynamicObject>,
    ) -> Option<bool> {
        let requests = vm
            .data
            .pointer("/status/stateChangeRequests")
            .and_then(Value::as_array)
            .filter(|r| !r.is_empty())?;
        let first = &requests[0];
        let alive = vmi.filter(|v| v.metadata.deletion_timestamp.is_none());
        let done = match first.get("action").and_then(Value::as_str) {
            Some("Stop") => {
                let meant = first.get("uid").and_then(Value::as_str);
                match alive {
                    Some(v) if meant.is_none_or(|u| u == uid(v)) => {
                        let r = self
                            .apis
                            .ns(&self.apis.vmi, &ns(v))
                            .delete(&name(v), &DeleteParams::default())
                            .await
                            .map(|_| ());
                        self.note(r);
                        false
                    }
                    // Gone (or a newer instance runs): the stop is done.
                    _ => vmi.is_none() || alive.is_some(),
                }
            }
            Some("Start") => match vmi {
                None => {
                    let template = vm
                        .data
                        .pointer("/spec/template")
                        .cloned()
                        .unwrap_or(json!({}));
                    self.create_vmi(vm, &template).await;
                    false
                }
                Some(_) => alive.is_some(),
            },
            // An action this simulator does not play is dropped, as KubeVirt logs and drops it.
            _ => true,
        };
        if done {
            let rest: Vec<Value> = requests.iter().skip(1).cloned().collect();
            let rest = if rest.is_empty() {
                Value::Null
            } else {
                json!(rest)
            };
            self.patch_status(&self.apis.vm, vm, json!({"stateChangeRequests": rest}))
                .await;
        }
        Some(alive.is_some_and(|v| {
            v.data
                .pointer("/status/conditions")
                .and_then(Value::as_array)
                .is_some_and(|c| {
                    c.iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
        }))
    }
}
