//! virt-controller's side of virt-api's `start`/`stop`/`restart` (see `crate::subresources`):
//! the VM's `status.stateChangeRequests`, carried out in order as KubeVirt's VM controller
//! does. A `Stop` (with the uid of the instance it means) deletes that VMI and is removed
//! once it is gone; a `Start` creates a VMI when none runs and is removed once one exists.
//! While requests are queued they decide, whatever the run strategy says, so a `restart` of
//! an `Always` VM is one stop and one start, and a `Manual` VM keeps its strategy. They are
//! carried out by a request lane beside the reconcile passes, as their events arrive
//! ([`Reconciler::request_lane`]); a pass leaves a VM with requests to it.

use super::*;
use crate::util::PointerAt;

/// Whether the VM has start/stop/restart requests queued.
pub(super) fn has_requests(vm: &DynamicObject) -> bool {
    vm.data
        .pointer_at("/status/stateChangeRequests")
        .and_then(Value::as_array)
        .is_some_and(|r| !r.is_empty())
}

/// Send the request lane the VM a watch event concerns: a VM with requests queued, or the VM
/// of a VMI that changed (a `Stop` waits for its VMI to go, a `Start` for one to exist).
pub(super) fn note_event(
    lane: &tokio::sync::mpsc::UnboundedSender<(String, String)>,
    is_vm: bool,
    event: &kube::runtime::watcher::Event<DynamicObject>,
) {
    use kube::runtime::watcher::Event;
    let o = match event {
        Event::Apply(o) | Event::InitApply(o) if !is_vm || has_requests(o) => o,
        Event::Delete(o) if !is_vm => o,
        _ => return,
    };
    let _ = lane.send((ns(o), name(o)));
}

impl Reconciler<'_> {
    /// virt-controller's VM workers for start/stop/restart requests: each request is carried
    /// out as soon as its event arrives, beside the reconcile passes (which leave a VM with
    /// requests to this lane), since a pass that is busy writing 20 VMs' status made every
    /// restart wait tens of ms for it, which the roll benchmark charged to the client. The
    /// VMs queued meanwhile are taken together, each once, so one VM is never handled twice
    /// at the same time; every write has a precondition (the VMI's uid, the VM's
    /// resourceVersion), so a decision made from a cache an event behind fails harmlessly.
    pub(super) async fn request_lane(
        &self,
        mut queue: tokio::sync::mpsc::UnboundedReceiver<(String, String)>,
    ) {
        use futures_util::stream::{FuturesUnordered, StreamExt};
        let mut running = FuturesUnordered::new();
        // A VM being handled is not handled again at the same time: an event meanwhile
        // brings one more turn after this one.
        let mut busy: BTreeSet<(String, String)> = BTreeSet::new();
        let mut again: BTreeSet<(String, String)> = BTreeSet::new();
        let turn = |key: (String, String)| async move {
            self.requests_of(&key.0, &key.1).await;
            key
        };
        loop {
            tokio::select! {
                next = queue.recv() => match next {
                    None => break,
                    Some(key) if busy.contains(&key) => {
                        again.insert(key);
                    }
                    Some(key) => {
                        busy.insert(key.clone());
                        running.push(turn(key));
                    }
                },
                Some(done) = running.next(), if !running.is_empty() => {
                    if again.remove(&done) {
                        running.push(turn(done));
                    } else {
                        busy.remove(&done);
                    }
                }
            }
        }
    }

    async fn requests_of(&self, namespace: &str, n: &str) {
        // Not before the VM and VMI caches hold their first lists, as a controller's workers
        // start only once its informers have synced: a VMI cache not yet filled read as "no
        // instance", and a `Stop` of the running one was taken as done (the restart lost).
        // (Looked at every few ms: awaiting `wait_until_ready` here once never woke up,
        // though the VMI watch's InitDone came.)
        while !self.stores.synced(2) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        // (Looked up, not searched: every VMI status write brings its VM here.)
        let find = |kind: usize, r: &ApiResource| {
            let key = kube::runtime::reflector::ObjectRef::<DynamicObject>::new_with(n, r.clone())
                .within(namespace);
            let cached = self.stores.0.get(kind).and_then(|store| store.get(&key))?;
            Some(self.newest(cached))
        };
        let Some(vm) = find(0, &self.apis.vm) else {
            return;
        };
        if vm.metadata.deletion_timestamp.is_some() {
            return;
        }
        let vmi = find(1, &self.apis.vmi);
        if let Some(ready) = self.state_change(&vm, vmi.as_deref()).await {
            self.note_ready(&vm, ready);
        }
    }

    /// Carry out the VM's first state change request; None when it has none (the run
    /// strategy decides), else whether the VM is Ready after this pass's step.
    pub(super) async fn state_change(
        &self,
        vm: &DynamicObject,
        vmi: Option<&DynamicObject>,
    ) -> Option<bool> {
        let requests = vm
            .data
            .pointer_at("/status/stateChangeRequests")
            .and_then(Value::as_array)
            .filter(|r| !r.is_empty())?;
        let first = &requests[0];
        // (Not one this simulator stopped already: a cache can show it a while longer.)
        let alive = vmi.filter(|v| !self.stopping(v));
        let done = match first.get("action").and_then(Value::as_str) {
            Some("Stop") => {
                let meant = first.get("uid").and_then(Value::as_str);
                match alive {
                    Some(v) if meant.is_none_or(|u| u == uid(v)) => {
                        let stopped_at = Instant::now();
                        if self.stop_instance(vm, v).await {
                            return Some(self.stopped(vm, requests, stopped_at).await);
                        }
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
                        .pointer_at("/spec/template")
                        .cloned()
                        .unwrap_or(json!({}));
                    self.create_vmi(vm, &template, Instant::now()).await;
                    false
                }
                Some(_) => alive.is_some(),
            },
            // An action this simulator does not play is dropped, as KubeVirt logs and drops it.
            _ => true,
        };
        if done {
            self.leave_requests(vm, requests.iter().skip(1).cloned().collect())
                .await;
        }
        Some(alive.is_some_and(|v| {
            v.data
                .pointer_at("/status/conditions")
                .and_then(Value::as_array)
                .is_some_and(|c| {
                    c.iter()
                        .any(|c| c["type"] == "Ready" && c["status"] == "True")
                })
        }))
    }

    /// Delete the VMI and play virt-handler's shutdown at once (the simulator's guests stop
    /// in no time: the same finalizer release `reconcile_vmi` does for a VMI deleted by
    /// someone else). True when the VMI is gone.
    async fn stop_instance(&self, vm: &DynamicObject, vmi: &DynamicObject) -> bool {
        let api = self.apis.ns(&self.apis.vmi, &ns(vmi));
        // Only the instance meant: a cache an event behind may still show one that is gone
        // and replaced under the same name.
        let only_it = DeleteParams {
            preconditions: Some(kube::api::Preconditions {
                uid: vmi.metadata.uid.clone(),
                resource_version: None,
            }),
            ..DeleteParams::default()
        };
        self.lock().stopped.insert(uid(vmi));
        let stopping_since = Instant::now();
        let deleted = api.delete(&name(vmi), &only_it).await;
        if deleted.is_ok() {
            // Down from the stop, not from the delete's answer (which can take milliseconds
            // on a loaded machine): the guest is being shut down, and the new instance's
            // boot counts from there too.
            self.note_ready_at(vm, false, stopping_since);
        }
        let held = match deleted {
            // Left: still there, held by finalizers; Right: gone.
            Ok(deleted) => match deleted.left() {
                Some(held) => held,
                None => return true,
            },
            Err(e) => {
                // Gone already, or replaced: stopping all the same. Anything else: it runs.
                if !matches!(&e, kube::Error::Api(s) if s.code == 404 || s.code == 409) {
                    self.lock().stopped.remove(&uid(vmi));
                }
                self.note(Err(e));
                return false;
            }
        };
        let pp = PatchParams {
            field_manager: Some(MANAGER.into()),
            ..Default::default()
        };
        let rest: Vec<&String> = held
            .metadata
            .finalizers
            .iter()
            .flatten()
            .filter(|f| *f != meta::VM_FINALIZER)
            .collect();
        if !rest.is_empty() {
            // Someone else's finalizer: the VMI goes when they let it.
            return false;
        }
        let body = json!({"metadata": {"finalizers": rest,
            "resourceVersion": held.metadata.resource_version}});
        match api.patch(&name(vmi), &pp, &Patch::Merge(&body)).await {
            Ok(_) => true,
            // Released meanwhile (a pass saw it deleting): gone all the same.
            Err(kube::Error::Api(s)) if s.code == 404 => true,
            Err(e) => {
                self.note(Err(e));
                false
            }
        }
    }

    /// The `Stop` at the head of `requests` is done (its VMI gone): carry out a `Start` right
    /// behind it at once, as virt-controller's VM worker does when the VMI's deletion event
    /// reaches it (waiting for the next pass here cost the roll benchmark a pass per step),
    /// and drop what was carried out. The VM is not Ready after this step. A restart takes
    /// the boot time from the stop (`stopped_at`): the simulator's own round trips between
    /// the two are not the guest's, and the roll benchmark's ideal counts a restart as
    /// exactly the boot time.
    async fn stopped(&self, vm: &DynamicObject, requests: &[Value], stopped_at: Instant) -> bool {
        let mut rest: Vec<Value> = requests.iter().skip(1).cloned().collect();
        if rest
            .first()
            .and_then(|r| r.get("action"))
            .and_then(Value::as_str)
            == Some("Start")
        {
            let template = vm
                .data
                .pointer_at("/spec/template")
                .cloned()
                .unwrap_or(json!({}));
            if self.create_vmi(vm, &template, stopped_at).await {
                rest.remove(0);
            }
        }
        self.leave_requests(vm, rest).await;
        false
    }

    /// Write the requests still to be carried out (none: the field goes).
    async fn leave_requests(&self, vm: &DynamicObject, rest: Vec<Value>) {
        let rest = if rest.is_empty() {
            Value::Null
        } else {
            json!(rest)
        };
        self.patch_status(&self.apis.vm, vm, json!({"stateChangeRequests": rest}))
            .await;
    }
}
