//! The rollout's view of the cluster: the VMs it selects and their VMIs, read from watch-fed
//! caches (reflectors) when they are at least as new as the last list and this client's own
//! writes since, listed otherwise; then turned into the planner's view by the pure rules of
//! `roll::observe`, with the health probes run here in between.

use super::*;

impl Driver {
    /// The VMs the rollout selects, by label selector or by name (with the replacements
    /// those names have become).
    async fn selected_vms(&self, rec: &RolloutRecord) -> Result<Vec<DynamicObject>, RollError> {
        Ok(match &rec.selector {
            Some(sel) => {
                self.vms
                    .list(&ListParams::default().labels(sel))
                    .await
                    .map_err(|e| api_err("listing VirtualMachines", e))?
                    .items
            }
            None => {
                let mut out = vec![];
                for n in &rec.names {
                    if let Some(vm) = self
                        .vms
                        .get_opt(n)
                        .await
                        .map_err(|e| api_err("reading a VirtualMachine", e))?
                    {
                        out.push(vm);
                    }
                }
                // A name also selects the replacements that VM has become.
                // (Label values hold 63 characters; a longer name was never an instance.)
                let labelled: Vec<&str> = rec
                    .names
                    .iter()
                    .map(String::as_str)
                    .filter(|n| n.len() <= 63)
                    .collect();
                let replaced = if labelled.is_empty() {
                    vec![]
                } else {
                    let instances =
                        format!("{} in ({})", state::LABEL_INSTANCE, labelled.join(","));
                    self.vms
                        .list(&ListParams::default().labels(&instances))
                        .await
                        .map_err(|e| api_err("listing replaced VirtualMachines", e))?
                        .items
                };
                for r in replaced {
                    if !out.iter().any(|v| name(v) == name(&r)) {
                        out.push(r);
                    }
                }
                out
            }
        })
    }

    pub(super) async fn list_vms(
        &self,
        rec: &RolloutRecord,
    ) -> Result<Vec<DynamicObject>, RollError> {
        // Replacements this rollout created, whatever the selection (names select only the
        // originals).
        let replacements = async {
            self.vms
                .list(&ListParams::default().labels(&format!(
                    "{}={}",
                    state::LABEL_ROLLOUT,
                    self.rollout
                )))
                .await
                .map_err(|e| api_err("listing replacement VirtualMachines", e))
        };
        // Both lists at once: one round trip of the server's, not two.
        let (mut vms, repl) = tokio::try_join!(self.selected_vms(rec), replacements)?;
        let repl = repl.items;
        for r in repl {
            if !vms.iter().any(|v| name(v) == name(&r)) {
                vms.push(r);
            }
        }
        self.note_slots(vms.iter());
        if !self.previous.is_empty() {
            vms.retain(|v| self.previous_for(&to_value(v)).is_some());
        }
        Ok(vms)
    }

    /// Note the resourceVersion a write of ours returned: the caches are not read until
    /// they show it.
    pub(super) fn wrote(&self, o: &DynamicObject) {
        if let (Some(rv), Ok(mut w)) = (rv(o), self.written.lock()) {
            w.insert(format!("vm/{}", name(o)), rv);
        }
    }

    /// Whether the caches show at least what the last list and our own writes since did.
    pub(super) fn cache_current(&self) -> bool {
        let Some([sel, repl, vmis]) = self.cache.as_ref() else {
            return false;
        };
        let (sel, repl, vmis) = (sel.state(), repl.state(), vmis.state());
        let cached = [("vm", &sel), ("vm", &repl), ("vmi", &vmis)];
        match self.deletions.lock() {
            Ok(gone) => covers(&self.floor, &cached, &gone),
            Err(_) => false,
        }
    }

    /// The selected VMs and the namespace's VMIs from the watch caches (shared, not copied: a
    /// pass comes with every watch event), when they are at least as new as the last list
    /// (every object listed then is there with the same or a later resourceVersion). None:
    /// list instead (no cache, the last pass acted, or a cache lags).
    #[allow(clippy::type_complexity)]
    pub(super) fn cached(
        &self,
        rec: &RolloutRecord,
    ) -> Option<(Vec<Arc<DynamicObject>>, Vec<Arc<DynamicObject>>)> {
        let [sel, repl, vmis] = self.cache.as_ref()?;
        if self.fresh {
            return None;
        }
        let mut vms: Vec<Arc<DynamicObject>> = sel.state();
        if rec.selector.is_none() {
            vms.retain(|v| selected_by_name(v, &rec.names));
        }
        for r in repl.state() {
            if !vms.iter().any(|v| v.metadata.name == r.metadata.name) {
                vms.push(r);
            }
        }
        self.note_slots(vms.iter().map(|v| &**v));
        if !self.previous.is_empty() {
            vms.retain(|v| self.previous_for(&to_value(v)).is_some());
        }
        let vmis: Vec<Arc<DynamicObject>> = vmis.state();
        self.cache_current().then_some((vms, vmis))
    }

    /// Observe the group as the planner sees it.
    pub async fn observe(
        &mut self,
        rec: &RolloutRecord,
    ) -> Result<(Vec<ObservedVm>, BTreeMap<String, Arc<DynamicObject>>), RollError> {
        let (vms, vmis) = match self.cached(rec) {
            Some(c) => c,
            None => {
                // The two lists at once: one round trip of the server's, not two.
                let this = &*self;
                let (vms, vmis) = tokio::try_join!(this.list_vms(rec), async {
                    this.vmis
                        .list(&ListParams::default())
                        .await
                        .map_err(|e| api_err("listing VirtualMachineInstances", e))
                })?;
                let vmis = vmis.items;
                self.floor = vms
                    .iter()
                    .map(|o| ("vm", o))
                    .chain(vmis.iter().map(|o| ("vmi", o)))
                    .map(|(k, o)| (format!("{k}/{}", name(o)), rv(o).unwrap_or(u64::MAX)))
                    .collect();
                self.fresh = false;
                (
                    vms.into_iter().map(Arc::new).collect(),
                    vmis.into_iter().map(Arc::new).collect(),
                )
            }
        };
        let now = now_ms();
        let vmi_snaps: Vec<VmiSnapshot> = {
            let arrivals = self.ready_arrivals.lock();
            vmis.iter()
                .map(|i| {
                    let mut snap = vmi_snapshot(i);
                    // Both are never before the true transition (the condition's whole
                    // second counts as its end; the event came after it): the earlier is the
                    // sharper.
                    if let Some(arrived) = arrivals.as_ref().ok().and_then(|a| a.get(snap.uid)) {
                        snap.ready_transition_ms = Some(
                            snap.ready_transition_ms
                                .map_or(*arrived, |t| t.min(*arrived)),
                        );
                    }
                    snap
                })
                .collect()
        };
        let mut snapshot = Snapshot {
            vms: vec![],
            vmis: vmi_snaps,
        };
        let vmis_by_name = snapshot.vmis_by_name();
        let mut vm_snaps = Vec::with_capacity(vms.len());
        for vm in &vms {
            let n = vm.metadata.name.as_deref().unwrap_or_default();
            let running = vmis_by_name.get(n).is_some_and(|i| i.running());
            let needed = self.needed(rec, vm, running);
            vm_snaps.push(VmSnapshot {
                name: n,
                data: &vm.data,
                annotations: vm.metadata.annotations.as_ref().unwrap_or(&NO_ANNOTATIONS),
                created_ms: vm
                    .metadata
                    .creation_timestamp
                    .as_ref()
                    .map(|t| t.0.as_millisecond().max(0) as Millis)
                    .unwrap_or(0),
                generation: vm.metadata.generation.unwrap_or(0),
                deleting: vm.metadata.deletion_timestamp.is_some(),
                needed,
            });
        }
        snapshot.vms = vm_snaps;
        // The probes are the one part of observing that does I/O: run them here, in order,
        // and hand the results to the pure rules.
        let mut probes = HashMap::new();
        if let Some(p) = &rec.probe {
            for due in observe::probes_due(rec, &snapshot, &self.memory, now) {
                let ok = match &due.address {
                    Some(ip) => p.check(ip).await,
                    None => false,
                };
                probes.insert(due.uid, ok);
            }
        }
        let seen = observe::observe(
            &self.rollout,
            rec,
            &snapshot,
            &probes,
            &mut self.memory,
            now,
        );
        drop(snapshot);
        self.vmis_seen = vmis;
        self.probe_pending = seen.probe_pending;
        self.ready_of = seen.ready_of;
        let objs = vms.into_iter().map(|vm| (name(&vm), vm)).collect();
        Ok((seen.vms, objs))
    }

    /// The ladder level `vm` needs to reach the rollout's target. The decision is a function
    /// of the VM object, whether it runs and the rollout's target: remembered per
    /// resourceVersion, since a pass comes with every watch event and recomputing it for 200
    /// VMs each time cost the benchmark more than any other part of the client.
    pub(super) fn needed(
        &mut self,
        rec: &RolloutRecord,
        vm: &DynamicObject,
        running: bool,
    ) -> Option<Level> {
        let n = name(vm);
        let memo_key = (
            vm.metadata.resource_version.clone().unwrap_or_default(),
            running,
            rec.revision,
            rec.status,
        );
        match self.needed_memo.get(&n) {
            Some((k, level)) if *k == memo_key && !memo_key.0.is_empty() => *level,
            _ => {
                let v = to_value(vm);
                let level = self
                    .target(rec, &v)
                    .and_then(|t| ladder::decide(&v, &t, running));
                self.needed_memo.insert(n, (memo_key, level));
                level
            }
        }
    }

    /// Start the watches of the VMs `selector` selects (all, for names) and of the VMIs,
    /// for `run` to take over, and wait for their first lists: the checks made before the
    /// rollout is recorded, and its first pass, read the caches instead of listing (on the
    /// benchmark's emulator a new rollout of 200 VMs once began listing for its watches
    /// ~0.2 s in, only after its checks, and restarted its first VM ~50 ms after).
    pub async fn start_watching(&mut self, selector: Option<&str>) {
        self.watching = Some(self.watch(selector));
        self.read_caches_once_synced().await;
    }

    /// Wait (at most 2 s) until the caches hold the lists their watches begin with, and
    /// read the next pass from them: listing the same objects beside the watches' own lists
    /// made the server send every selected VM and VMI twice before the first restart (six
    /// lists instead of three at the start of a roll; tens of ms at 200 VMs, much more at
    /// thousands). A watch that cannot start (no `watch` right) leaves it to the list.
    pub(super) async fn read_caches_once_synced(&mut self) {
        let Some(stores) = &self.cache else {
            return;
        };
        if first_lists_in(stores).await {
            self.fresh = false;
        }
    }

    /// Start the watch-fed caches of the selected VMs, this rollout's replacements and the
    /// namespace's VMIs; the stream yields once per event they take in. The watches run on
    /// their own task, so the caches (and the arrival times of Ready VMIs) keep up while a
    /// pass is busy writing; the task ends with the returned [`Watching`].
    pub(super) fn watch(&mut self, selector: Option<&str>) -> Watching {
        let (vm_res, vmi_res) = (
            ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines"),
            ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstance",
                "virtualmachineinstances",
            ),
        );
        let vm_api: Api<DynamicObject> =
            Api::namespaced_with(self.client.clone(), &self.namespace, &vm_res);
        let vmi_api: Api<DynamicObject> =
            Api::namespaced_with(self.client.clone(), &self.namespace, &vmi_res);
        let sel_cfg = match &selector {
            Some(s) => watcher::Config::default().labels(s),
            None => watcher::Config::default(),
        };
        let repl_cfg = watcher::Config::default().labels(&format!(
            "{}={}",
            state::LABEL_ROLLOUT,
            self.rollout
        ));
        let (w_sel, w_repl, w_vmi) = (
            Writer::new(vm_res.clone()),
            Writer::new(vm_res.clone()),
            Writer::new(vmi_res.clone()),
        );
        self.cache = Some([w_sel.as_reader(), w_repl.as_reader(), w_vmi.as_reader()]);
        let arrivals = self.ready_arrivals.clone();
        let noting_vm_deletions = || {
            let gone = self.deletions.clone();
            move |event: Result<watcher::Event<DynamicObject>, watcher::Error>| {
                if let Ok(event) = &event {
                    note_deletion(&gone, "vm", event);
                }
            }
        };
        let gone_vmi = self.deletions.clone();
        let events = futures_util::stream::select(
            futures_util::stream::select(
                reflector::reflector(w_sel, watcher::watcher(vm_api.clone(), sel_cfg))
                    .map(noting_vm_deletions()),
                reflector::reflector(w_repl, watcher::watcher(vm_api, repl_cfg))
                    .map(noting_vm_deletions()),
            ),
            reflector::reflector(w_vmi, watcher::watcher(vmi_api, watcher::Config::default())).map(
                move |event| {
                    if let Ok(event) = &event {
                        note_ready_arrival(&arrivals, event, now_ms());
                        note_deletion(&gone_vmi, "vmi", event);
                    }
                },
            ),
        );
        // A wake-up per event, never more than a pass can use: when the queue is full the
        // pass to come will see the caches as they are then anyway.
        let (tx, rx) = tokio::sync::mpsc::channel::<()>(256);
        let task = tokio::spawn(async move {
            futures_util::pin_mut!(events);
            while events.next().await.is_some() {
                if let Err(tokio::sync::mpsc::error::TrySendError::Closed(_)) = tx.try_send(()) {
                    break;
                }
            }
        });
        Watching { rx, task }
    }
}

/// What a VM's ladder decision was made from: its resourceVersion, whether it ran, and the
/// rollout's revision and status.
pub(super) type NeededKey = (String, bool, u64, Status);

/// The watches of a running rollout (see [`Driver::watch`]): `next` waits for the next
/// event; dropping it stops them.
pub(super) struct Watching {
    rx: tokio::sync::mpsc::Receiver<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Watching {
    /// The next event taken into the caches; None once the watches ended.
    pub(super) async fn next(&mut self) -> Option<()> {
        self.rx.recv().await
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// When each VMI (by uid) was first seen Ready in a watch event, as it arrived: a pass may
/// run tens of ms after the event (the previous pass's writes were in flight), and a
/// min-ready counted from the pass would start that much late for every VM of the batch.
pub(super) type ReadyArrivals = Arc<std::sync::Mutex<HashMap<String, Millis>>>;

/// The resourceVersion of the last deletion the watches saw, per object (`vm/NAME`,
/// `vmi/NAME`): a cache without the object is then current for it.
pub(super) type Deletions = Arc<std::sync::Mutex<HashMap<String, u64>>>;

/// Notes a deletion a watch reported (the object as deleted carries the deletion's
/// resourceVersion).
pub(super) fn note_deletion(
    deletions: &Deletions,
    kind: &str,
    event: &watcher::Event<DynamicObject>,
) {
    if let (watcher::Event::Delete(o), Ok(mut gone)) = (event, deletions.lock()) {
        if let Some(v) = rv(o) {
            let entry = gone.entry(format!("{kind}/{}", name(o))).or_insert(v);
            *entry = (*entry).max(v);
        }
    }
}

/// Whether caches (kind, objects) show every object of `floor` at its resourceVersion or
/// later, or its deletion (`gone`) at or after it.
fn covers(
    floor: &HashMap<String, u64>,
    cached: &[(&str, &Vec<Arc<DynamicObject>>)],
    gone: &HashMap<String, u64>,
) -> bool {
    // Keyed by (kind, name) borrowed from the objects, not a `kind/name` String each: this
    // runs on every watch event while a pass waits for its own writes.
    let mut seen: HashMap<(&str, &str), u64> =
        HashMap::with_capacity(cached.iter().map(|(_, o)| o.len()).sum());
    for (kind, objects) in cached {
        // A VM in both VM caches counts with its older copy: either may be the one read.
        for o in objects.iter() {
            let v = rv(o).unwrap_or(0);
            seen.entry((kind, o.metadata.name.as_deref().unwrap_or_default()))
                .and_modify(|r| *r = (*r).min(v))
                .or_insert(v);
        }
    }
    // An object the caches saw deleted after the last list is as current as can be: gone.
    // A restart deletes the VMI the list held, and until its successor arrived this read as
    // a lagging cache, so every restart cost a list of the namespace (tens of ms, and the
    // server's CPU). An object that is back counts by its new self.
    for (k, v) in gone {
        if let Some(key) = k.split_once('/') {
            seen.entry(key).or_insert(*v);
        }
    }
    floor.iter().all(|(k, f)| {
        k.split_once('/')
            .and_then(|key| seen.get(&key))
            .is_some_and(|r| r >= f)
    })
}

/// Whether every store holds the list its watch began with, waiting at most 2 s: a driver
/// (a rollout, a lifecycle run) that gets false lists instead of reading its caches.
pub(crate) async fn first_lists_in(stores: &[Store<DynamicObject>]) -> bool {
    let synced = futures_util::future::join_all(stores.iter().map(|s| s.wait_until_ready()));
    matches!(
        tokio::time::timeout(Duration::from_secs(2), synced).await,
        Ok(all) if all.iter().all(Result::is_ok)
    )
}

/// Notes the arrival of a VMI that turned Ready (or went away) in a watch event. Objects
/// of a (re)list are not noted: when they turned Ready is unknown, and the condition's time
/// tells it.
pub(super) fn note_ready_arrival(
    arrivals: &ReadyArrivals,
    event: &watcher::Event<DynamicObject>,
    now: Millis,
) {
    let Ok(mut seen) = arrivals.lock() else {
        return;
    };
    match event {
        watcher::Event::Apply(vmi) => {
            let Some(uid) = vmi.metadata.uid.as_deref() else {
                return;
            };
            if ObservedVmi::read(&vmi.data).is("Ready") {
                seen.entry(uid.to_string()).or_insert(now);
            } else {
                seen.remove(uid);
            }
        }
        watcher::Event::Delete(vmi) => {
            if let Some(uid) = vmi.metadata.uid.as_deref() {
                seen.remove(uid);
            }
        }
        _ => {}
    }
}

/// Whether a VM is one of `names`, or a replacement of one of them.
pub(super) fn selected_by_name(vm: &DynamicObject, names: &[String]) -> bool {
    let n = name(vm);
    names.contains(&n)
        || vm
            .metadata
            .labels
            .as_ref()
            .and_then(|l| l.get(state::LABEL_INSTANCE))
            .is_some_and(|i| names.contains(i))
}

/// A VMI as the pure rules of [`observe`] read it.
pub(super) fn vmi_snapshot(i: &DynamicObject) -> VmiSnapshot<'_> {
    VmiSnapshot {
        name: i.metadata.name.as_deref().unwrap_or_default(),
        uid: i.metadata.uid.as_deref().unwrap_or_default(),
        deleting: i.metadata.deletion_timestamp.is_some(),
        data: &i.data,
        ready_transition_ms: crate::kubevirt::observed::condition(&i.data, "Ready")
            .and_then(|c| c.last_transition_time)
            .and_then(rfc3339_ms),
        vm_generation: crate::kubevirt::observed::vm_generation(i.metadata.annotations.as_ref()),
    }
}

/// The annotations of an object that has none.
pub(super) static NO_ANNOTATIONS: BTreeMap<String, String> = BTreeMap::new();

/// An object's resourceVersion as a number (the API server's are etcd revisions); None when
/// it is not one, and then the cache is never trusted over a list.
pub(crate) fn rv(o: &DynamicObject) -> Option<u64> {
    o.metadata.resource_version.as_deref()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ready_arrival_is_the_first_event_showing_it_ready() {
        let vmi = |uid: &str, ready: &str| -> DynamicObject {
            serde_json::from_value(json!({
                "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
                "metadata": {"name": "web-1", "uid": uid},
                "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": ready}]}
            }))
            .expect("a VMI")
        };
        let arrivals = ReadyArrivals::default();
        let seen = |uid: &str| arrivals.lock().expect("lock").get(uid).copied();
        note_ready_arrival(&arrivals, &watcher::Event::Apply(vmi("u-1", "False")), 100);
        assert_eq!(seen("u-1"), None, "not Ready yet");
        note_ready_arrival(&arrivals, &watcher::Event::Apply(vmi("u-1", "True")), 200);
        note_ready_arrival(&arrivals, &watcher::Event::Apply(vmi("u-1", "True")), 300);
        assert_eq!(
            seen("u-1"),
            Some(200),
            "the first event that showed it Ready"
        );
        // A relist says nothing of when it turned Ready: the condition's time does.
        note_ready_arrival(
            &arrivals,
            &watcher::Event::InitApply(vmi("u-2", "True")),
            400,
        );
        assert_eq!(seen("u-2"), None);
        // Not Ready again: the next Ready counts from its own event.
        note_ready_arrival(&arrivals, &watcher::Event::Apply(vmi("u-1", "False")), 500);
        assert_eq!(seen("u-1"), None);
        note_ready_arrival(&arrivals, &watcher::Event::Apply(vmi("u-1", "True")), 600);
        assert_eq!(seen("u-1"), Some(600));
        note_ready_arrival(&arrivals, &watcher::Event::Delete(vmi("u-1", "True")), 700);
        assert_eq!(seen("u-1"), None, "gone");
    }

    #[test]
    fn a_cache_without_an_object_deleted_since_the_list_is_current() {
        let obj = |name: &str, rv: &str| -> Arc<DynamicObject> {
            Arc::new(
                serde_json::from_value(json!({
                    "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
                    "metadata": {"name": name, "resourceVersion": rv}
                }))
                .expect("an object"),
            )
        };
        let floor: HashMap<String, u64> =
            [("vm/web-1".to_string(), 10), ("vmi/web-1".to_string(), 11)].into();
        let vms = vec![obj("web-1", "12")];
        let no_vmis = vec![];
        let gone = Deletions::default();
        let cached = [("vm", &vms), ("vmi", &no_vmis)];
        assert!(
            !covers(&floor, &cached, &gone.lock().expect("lock")),
            "the VMI of the list is not in the cache yet: the cache lags"
        );
        let deleted = |rv: &str| watcher::Event::Delete((*obj("web-1", rv)).clone());
        note_deletion(&gone, "vmi", &deleted("9"));
        assert!(
            !covers(&floor, &cached, &gone.lock().expect("lock")),
            "a deletion older than the list says nothing of the listed VMI"
        );
        note_deletion(&gone, "vmi", &deleted("13"));
        assert!(
            covers(&floor, &cached, &gone.lock().expect("lock")),
            "deleted after the list: gone is current"
        );
        // Back under the same name, an instance counts by itself, not by the deletion.
        let old_vmi = vec![obj("web-1", "10")];
        let cached = [("vm", &vms), ("vmi", &old_vmi)];
        assert!(!covers(&floor, &cached, &gone.lock().expect("lock")));
        let new_vmi = vec![obj("web-1", "14")];
        let cached = [("vm", &vms), ("vmi", &new_vmi)];
        assert!(covers(&floor, &cached, &gone.lock().expect("lock")));
        // An older copy of a VM in one of two VM caches holds the other back.
        let stale = vec![obj("web-1", "9")];
        let cached = [("vm", &vms), ("vm", &stale), ("vmi", &new_vmi)];
        assert!(!covers(&floor, &cached, &gone.lock().expect("lock")));
    }

    #[test]
    fn a_vmi_snapshot_takes_what_data_lacks_from_the_metadata() {
        let vmi: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "kubevirt.io/v1", "kind": "VirtualMachineInstance",
            "metadata": {"name": "web-1", "uid": "u-1",
                "deletionTimestamp": "2026-12-01T10:05:00Z"},
            "status": {"phase": "Running", "conditions": [
                {"type": "Ready", "status": "True", "lastTransitionTime": "2026-12-01T10:00:00Z"},
                {"type": "AgentConnected", "status": "True"}
            ]}
        }))
        .expect("a VMI");
        assert!(
            vmi.data.pointer("/metadata").is_none(),
            "the metadata is not in data"
        );
        let snap = vmi_snapshot(&vmi);
        assert_eq!((snap.name, snap.uid), ("web-1", "u-1"));
        assert!(snap.deleting, "read from metadata.deletionTimestamp");
        assert!(snap.running());
        // Whole seconds count as the end of that second.
        assert_eq!(snap.ready_transition_ms, rfc3339_ms("2026-12-01T10:00:00Z"));
        assert_eq!(snap.ready_transition_ms.map(|t| t % 1000), Some(999));
    }
}
