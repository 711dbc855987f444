//! Carrying out a plan: per-VM actions (update and restart, progress marks, deletes) run
//! concurrently, replacements created after a quota check, the rollout's own status changes
//! saved through `roll::transition`; then what the pass leaves for the next one (conflicts to
//! wait out, quota to wait for, restarts a killed client left unfinished).

use super::*;
use crate::kubevirt::observed::ObservedVm as LiveVm;

impl Driver {
    pub(super) async fn event(
        &self,
        vm: &DynamicObject,
        reason: &str,
        message: &str,
        warning: bool,
    ) {
        let now = format_rfc3339_micro(now_ms());
        let ev: Result<DynamicObject, _> = serde_json::from_value(json!({
            "apiVersion": "v1", "kind": "Event",
            "metadata": {"generateName": format!("{}.", name(vm)), "namespace": self.namespace},
            "involvedObject": {"apiVersion": "kubevirt.io/v1", "kind": "VirtualMachine", "name": name(vm),
                "namespace": self.namespace, "uid": vm.metadata.uid},
            "reason": reason, "message": message, "type": if warning { "Warning" } else { "Normal" },
            "source": {"component": MANAGER}, "reportingComponent": MANAGER,
            "firstTimestamp": now.get(..19).map(|s| format!("{s}Z")), "lastTimestamp": now.get(..19).map(|s| format!("{s}Z")), "count": 1,
        }));
        if let (Ok(ev), Ok(mut pending)) = (ev, self.events_pending.lock()) {
            pending.push(ev);
        }
    }

    /// Write the events of the actions carried out so far. Events are a record for people: a
    /// failure to write one never stops a rollout, and no pass waits for them (`run` does,
    /// before it returns). They go after the pass's actions, not among them: a slot's restart
    /// waited behind the events of the VMs marked done with it (a third of a wave's requests).
    pub(super) fn flush_events(&self) {
        let pending = take_queued(&self.events_pending);
        if pending.is_empty() {
            return;
        }
        let events = self.events.clone();
        let write = tokio::spawn(async move {
            use futures_util::StreamExt;
            futures_util::stream::iter(pending)
                .for_each_concurrent(ACTION_CONCURRENCY, |ev| {
                    let events = events.clone();
                    async move {
                        let _ = events.create(&PostParams::default(), &ev).await;
                    }
                })
                .await;
        });
        self.in_background(write);
    }

    /// Keep a write no pass waits for (Events, entries kept ahead) for `run` to wait for.
    pub(super) fn in_background(&self, write: tokio::task::JoinHandle<()>) {
        if let Ok(mut in_flight) = self.events_in_flight.lock() {
            in_flight.retain(|w| !w.is_finished());
            in_flight.push(write);
        }
    }

    pub(super) async fn annotate(
        &self,
        vm: &str,
        progress: &Progress,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let mut body = json!({"metadata": {"annotations": state::progress_annotations(&self.rollout, rec.revision, progress)}});
        if let (Progress::Done, Some(r)) = (progress, self.ready_of.get(vm)) {
            body["metadata"]["annotations"][state::ANN_READY_SINCE] = json!(r);
        }
        let written = self
            .vms
            .patch(vm, &Self::pp(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err(&format!("annotating VirtualMachine {vm}"), e))?;
        self.wrote(&written);
        Ok(())
    }

    pub(super) async fn update(
        &self,
        vm: &DynamicObject,
        level: Level,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let n = name(vm);
        let v = to_value(vm);
        let Some(mut target) = self.target(rec, &v) else {
            // Kept during a rollback too, so that a later undo can return to the
            // rolled-back revision.
            return self.save_previous(vm, rec).await.map(|_| ());
        };
        // The previous object is kept before the VM changes (most often it was kept ahead,
        // and this writes nothing). The running VMI is the one this pass was planned from: a
        // VMI that started since is one the VM controller started from the template before
        // this update, which `finish_interrupted_restarts` restarts once it is seen.
        let kept_ahead = self.save_previous(vm, rec).await?;
        let vmi = self
            .vmis_seen
            .iter()
            .find(|i| i.metadata.name.as_deref() == Some(n.as_str()));
        let vmi_uid = vmi.and_then(|i| i.metadata.uid.clone()).unwrap_or_default();
        let progress = Progress::Updating {
            level,
            since: now_ms(),
        };
        if let Some(o) =
            state::progress_annotations(&self.rollout, rec.revision, &progress).as_object()
        {
            for (k, val) in o {
                target["metadata"]["annotations"][k] = val.clone();
            }
        }
        target["metadata"]["annotations"][state::ANN_VMI] = json!(vmi_uid);
        if let Some(o) = target.as_object_mut() {
            o.remove("status");
        }
        let obj: DynamicObject = serde_json::from_value(target)?;
        // A PUT with the resourceVersion we planned from: if anyone changed the VM since, it
        // fails with a conflict and the next pass plans again from the fresh object.
        let written = self
            .vms
            // Under the roll's own field manager (not an anonymous one named after the client's
            // user agent): a GitOps tool's server-side diff sees whose fields these are.
            .replace(&n, &Self::post(), &obj)
            .await
            .map_err(|e| api_err(&format!("updating VirtualMachine {n}"), e))?;
        self.wrote(&written);
        if let (Some(cr), Ok(mut used)) = (kept_ahead, self.kept_ahead_used.lock()) {
            used.push(cr);
        }
        // A pool replica whose disk template changed: its old disks go first.
        if rec.pool.is_some() {
            self.delete_stale_disks(&to_value(&written)).await?;
        }
        let running = vmi.is_some();
        if level >= Level::Restart && running {
            self.restart(&n).await?;
            if let Ok(mut r) = self.restarted.lock() {
                r.insert((n.clone(), vmi_uid.clone()));
            }
        }
        self.event(
            vm,
            "RolloutUpdate",
            &format!(
                "rollout {} revision {}: {level}",
                self.rollout, rec.revision
            ),
            false,
        )
        .await;
        self.log(&format!("virtualmachine/{n}: {level}"));
        Ok(())
    }

    /// Before the roll: the surge VMs need room in the namespace's quotas. Replacements wait for
    /// room; a pool without room for its surge replicas rolls in place, since a replica its
    /// controller cannot create would hold the roll forever.
    pub async fn surge_room(
        &self,
        rec: &mut RolloutRecord,
        observed: &[ObservedVm],
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<(), RollError> {
        let Some(vm) = objs.values().next() else {
            return Ok(());
        };
        if let Some(p) = rec.pool.as_mut().filter(|p| p.surge > 0) {
            if let Some(short) = self.quota_shortfall(vm, u64::from(p.surge)).await? {
                eprintln!(
                    "Warning: {short}; virtualmachinepool/{} rolls in place, without surge replicas",
                    p.name
                );
                p.surge = 0;
            }
            return Ok(());
        }
        let surge = crate::roll::budget::Budget::resolve(
            rec.spec.max_surge,
            rec.spec.max_surge,
            u32::try_from(observed.len()).unwrap_or(u32::MAX),
        )
        .max_surge;
        let replaces = observed
            .iter()
            .any(|o| o.needed.map(|n| n.max(rec.spec.min_action)) == Some(Level::Replace));
        if replaces && surge > 0 {
            if let Some(short) = self.quota_shortfall(vm, u64::from(surge)).await? {
                eprintln!("Warning: {short}; replacements will wait for room");
            }
        }
        Ok(())
    }

    /// Whether the namespace's ResourceQuotas leave room for `n` more VMs like `vm`; the
    /// shortfall as a sentence when they do not.
    pub async fn quota_shortfall(
        &self,
        vm: &DynamicObject,
        n: u64,
    ) -> Result<Option<String>, RollError> {
        let api: Api<DynamicObject> = Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &ar("", "v1", "ResourceQuota", "resourcequotas"),
        );
        let quotas = api
            .list(&ListParams::default())
            .await
            .map_err(|e| api_err("listing ResourceQuotas", e))?
            .items;
        let quotas: Vec<Value> = quotas.iter().map(to_value).collect();
        let mem = LiveVm::read(&vm.data)
            .memory
            .and_then(ladder::quantity_bytes)
            .unwrap_or(0);
        Ok(crate::roll::budget::quota_shortfall(&quotas, n, mem))
    }

    /// Create the replacement of `old` from its target: a new VM `<name>-r<revision>` that
    /// carries the same labels (so the selector finds it) and remembers its slot.
    pub(super) async fn create_replacement(
        &self,
        old: &DynamicObject,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let slot = name(old);
        let v = to_value(old);
        // The replaced VM's object is what an undo returns its replacement to.
        self.save_previous(old, rec).await?;
        if LiveVm::read(&old.data).datavolume_templates > 0 {
            return Err(RollError::Unsupported(format!(
                "virtualmachine/{slot} owns DataVolumes (a pet): replace would lose its disks; use --max-action restart"
            )));
        }
        let Some(mut t) = self.target(rec, &v) else {
            return Ok(());
        };
        let (new_name, instance, generation) = state::replacement_name(
            &slot,
            old.metadata.labels.as_ref().unwrap_or(&BTreeMap::new()),
        );
        let mut meta = json!({"name": new_name, "namespace": self.namespace,
            "labels": t.pointer("/metadata/labels").cloned().unwrap_or(json!({})),
            "annotations": t.pointer("/metadata/annotations").cloned().unwrap_or(json!({}))});
        meta["labels"][state::LABEL_ROLLOUT] = json!(self.rollout);
        meta["labels"][state::LABEL_INSTANCE] = json!(instance);
        meta["labels"][state::LABEL_GENERATION] = json!(generation.to_string());
        if let Some(a) = meta["annotations"].as_object_mut() {
            a.retain(|k, _| !k.starts_with(ladder::OWN_PREFIX));
        }
        let progress = Progress::Updating {
            level: Level::Replace,
            since: now_ms(),
        };
        if let Some(o) =
            state::progress_annotations(&self.rollout, rec.revision, &progress).as_object()
        {
            for (k, val) in o {
                meta["annotations"][k] = val.clone();
            }
        }
        meta["annotations"][state::ANN_SLOT] = json!(slot);
        t["metadata"] = meta;
        if let Some(o) = t.as_object_mut() {
            o.remove("status");
        }
        let obj: DynamicObject = serde_json::from_value(t)?;
        match self.vms.create(&PostParams::default(), &obj).await {
            Ok(_) => {}
            // Created by a client that was killed before it could go on.
            Err(kube::Error::Api(s)) if s.code == 409 => {}
            Err(e) => return Err(api_err(&format!("creating the replacement of {slot}"), e)),
        }
        self.event(
            old,
            "RolloutReplace",
            &format!(
                "rollout {} revision {}: replacement {new_name} created",
                self.rollout, rec.revision
            ),
            false,
        )
        .await;
        self.log(&format!("virtualmachine/{slot}: replace with {new_name}"));
        Ok(())
    }

    /// One action on one VM (update, mark, delete): independent of every other VM's, so a
    /// plan's run of them goes out concurrently. A conflict comes back as `Ok(false)`: the VM
    /// changed under us and the next pass plans again from the fresh object.
    pub(super) async fn vm_action(
        &self,
        a: &Action,
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        match self.vm_action_once(a, rec, objs).await {
            Err(e) if e.code() == Some(409) => {
                // The VM changed under us (another writer, or KubeVirt's status): refresh it
                // before planning again, since nothing we wrote will bring an event.
                if let (Some(vm), Ok(mut c)) = (action_vm(a), self.conflicted.lock()) {
                    let planned = objs.get(vm).and_then(|o| rv(o)).unwrap_or(0);
                    c.insert(vm.clone(), planned);
                }
                Ok(false)
            }
            r => r,
        }
    }

    pub(super) async fn vm_action_once(
        &self,
        a: &Action,
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        match a {
            Action::Update { vm, level } => {
                if let Some(o) = objs.get(vm) {
                    self.update(o, *level, rec).await?;
                }
            }
            Action::MarkDone { vm } => {
                self.annotate(vm, &Progress::Done, rec).await?;
                if let Some(o) = objs.get(vm) {
                    self.event(
                        o,
                        "RolloutUpdated",
                        &format!(
                            "rollout {} revision {}: updated and available",
                            self.rollout, rec.revision
                        ),
                        false,
                    )
                    .await;
                }
                self.log(&format!("virtualmachine/{vm}: updated"));
            }
            Action::MarkFailed { vm, reason } => {
                self.annotate(
                    vm,
                    &Progress::Failed {
                        reason: reason.clone(),
                    },
                    rec,
                )
                .await?;
                if let Some(o) = objs.get(vm) {
                    self.event(o, "RolloutFailed", reason, true).await;
                }
                eprintln!("virtualmachine/{vm}: failed: {reason}");
            }
            Action::MarkSkipped { vm, needed } => {
                self.annotate(vm, &Progress::Skipped { needed: *needed }, rec)
                    .await?;
                eprintln!(
                    "virtualmachine/{vm}: left alone: needs {needed}, more than --max-action {}",
                    rec.spec.max_action
                );
            }
            Action::Delete { vm } => {
                if let Some(o) = objs.get(vm) {
                    self.event(o, "RolloutDelete", &format!("rollout {} revision {}: deleted after its replacement stayed Ready for --min-ready", self.rollout, rec.revision), false).await;
                }
                match self
                    .vms
                    .delete(vm, &kube::api::DeleteParams::default())
                    .await
                {
                    Ok(_) => {}
                    Err(kube::Error::Api(s)) if s.code == 404 => {}
                    Err(e) => return Err(api_err(&format!("deleting VirtualMachine {vm}"), e)),
                }
                self.log(&format!("virtualmachine/{vm}: deleted (replaced)"));
            }
            _ => {}
        }
        Ok(true)
    }

    /// Run a batch of per-VM actions (each on a different VM) at most [`ACTION_CONCURRENCY`]
    /// at a time. Done one by one, a batch of 20 restarts (five requests each) took ~300 ms
    /// to start, which the budget then sat idle for. Every action started goes to
    /// completion, so a conflict on one VM does not leave another half-done; the first error
    /// is returned (after the updates, it leaves the marks for the next pass).
    pub(super) async fn vm_actions(
        &self,
        batch: &[&Action],
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        use futures_util::StreamExt;
        // Updates first, then the rest (marks, deletes): a slot's next restart is what the
        // budget waits for, and it went out behind the marks of the VMs whose min-ready
        // ended with it. The marks are bookkeeping, read by the next pass.
        let (updates, rest): (Vec<&Action>, Vec<&Action>) = batch
            .iter()
            .partition(|a| matches!(a, Action::Update { .. }));
        let mut all_applied = true;
        for phase in [updates, rest] {
            let results: Vec<Result<bool, RollError>> = futures_util::stream::iter(phase)
                .map(|a| self.vm_action(a, rec, objs))
                .buffer_unordered(ACTION_CONCURRENCY)
                .collect()
                .await;
            for r in results {
                all_applied &= r?;
            }
        }
        Ok(all_applied)
    }

    /// Carry out one plan; returns Some(status) when the rollout ended.
    pub(super) async fn execute(
        &mut self,
        plan: &Plan,
        rec: &mut RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<Option<Status>, RollError> {
        let mut batch: Vec<&Action> = vec![];
        for (i, a) in plan.actions.iter().enumerate() {
            let vm = action_vm(a);
            // Actions run in plan order except within a run of per-VM actions on distinct VMs.
            let joins_batch = vm.is_some_and(|vm| !batch.iter().any(|b| action_vm(b) == Some(vm)));
            if !joins_batch && !batch.is_empty() {
                if !self.vm_actions(&batch, rec, objs).await? {
                    return Ok(None);
                }
                batch.clear();
            }
            if vm.is_some() {
                batch.push(a);
                continue;
            }
            match a {
                Action::CreateReplacement { slot } => {
                    if let Some(o) = objs.get(slot) {
                        // Before each surge VM: is there room in the namespace's quotas?
                        if let Some(short) = self.quota_shortfall(o, 1).await? {
                            self.quota_wait =
                                Some((i, format!("virtualmachine/{slot}: waiting: {short}")));
                            return Ok(None);
                        }
                        self.create_replacement(o, rec).await?;
                    }
                }
                Action::CanaryReached => {
                    if transition::canary_reached(rec, now_ms()) {
                        self.save(rec).await?;
                        return Ok(Some(Status::Paused));
                    }
                    self.save(rec).await?;
                }
                Action::PassCanary => {
                    rec.state.canary_passed = true;
                    self.save(rec).await?;
                }
                Action::Complete => {
                    transition::complete(rec);
                    self.save(rec).await?;
                    return Ok(Some(rec.status));
                }
                Action::Fail { reason, rollback } => {
                    eprintln!("rollout {}: {reason}", self.rollout);
                    if *rollback && rec.status == Status::Progressing {
                        self.begin_rollback(rec, reason, None).await?;
                        return Ok(None);
                    }
                    transition::fail(rec, reason);
                    self.save(rec).await?;
                    return Ok(Some(Status::Failed));
                }
                // Per-VM actions went into the batch above.
                _ => {}
            }
        }
        if !batch.is_empty() {
            self.vm_actions(&batch, rec, objs).await?;
        }
        Ok(None)
    }

    /// A client killed between updating a VM and asking for its restart leaves the VM
    /// Updating on its old VMI: ask again (the VMI uid tells whether the restart happened).
    /// Likewise a VM that had no VMI to restart when it was updated, whose controller then
    /// started one from the template before the update (the VMI's `kubevirt.io/vm-generation`
    /// is below the VM's generation).
    pub(super) async fn finish_interrupted_restarts(
        &self,
        pool: bool,
        observed: &[ObservedVm],
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<(), RollError> {
        for o in observed {
            let Progress::Updating { level, .. } = o.progress else {
                continue;
            };
            if o.applied {
                continue;
            }
            let Some(vm) = objs.get(&o.name) else {
                continue;
            };
            let recorded = annotations(vm)
                .get(state::ANN_VMI)
                .cloned()
                .unwrap_or_default();
            // Below a restart, only an instance started from the spec before the update is
            // restarted here (no VMI ran when the VM was updated).
            if level < Level::Restart && !recorded.is_empty() {
                continue;
            }
            // This process asked for that restart itself: not interrupted, only not seen
            // yet. (Reading each such VMI on every pass cost a batch of 20 restarts 20
            // requests per watch event.)
            let mine = self
                .restarted
                .lock()
                .is_ok_and(|r| r.contains(&(o.name.clone(), recorded.clone())));
            if mine {
                continue;
            }
            let vmi = self
                .vmis
                .get_opt(&o.name)
                .await
                .map_err(|e| api_err("reading a VirtualMachineInstance", e))?;
            let Some(i) = vmi.filter(|i| i.metadata.deletion_timestamp.is_none()) else {
                continue;
            };
            let uid = i.metadata.uid.clone().unwrap_or_default();
            let interrupted = uid == recorded;
            // No VMI ran when the VM was updated, so none was restarted, but the VM
            // controller had read the VM just before the update and started an instance from
            // the template before it: that one is restarted too, once.
            let stale = !interrupted
                && crate::kubevirt::observed::vm_generation(i.metadata.annotations.as_ref())
                    .is_some_and(|g| g < vm.metadata.generation.unwrap_or(0))
                && self
                    .restarted
                    .lock()
                    .is_ok_and(|r| !r.contains(&(o.name.clone(), uid.clone())));
            if stale {
                self.log(&format!(
                    "virtualmachine/{}: restart again (its instance started from the template before the update)",
                    o.name
                ));
                self.restart(&o.name).await?;
                if let Ok(mut r) = self.restarted.lock() {
                    r.insert((o.name.clone(), uid));
                }
                continue;
            }
            if interrupted {
                self.log(&format!(
                    "virtualmachine/{}: restart again (interrupted)",
                    o.name
                ));
                // Killed between the write and the restart: a pool replica's old disks may
                // not be deleted yet.
                if pool {
                    self.delete_stale_disks(&to_value(vm)).await?;
                }
                self.restart(&o.name).await?;
                // Asked now by this process: the next passes wait for it (they asked again
                // while the old VMI still ran, and virt-api refused the second ask).
                if let Ok(mut r) = self.restarted.lock() {
                    r.insert((o.name.clone(), recorded));
                }
            }
        }
        Ok(())
    }

    pub(super) async fn restart(&self, n: &str) -> Result<(), RollError> {
        let path = format!(
            "/apis/subresources.kubevirt.io/v1/namespaces/{}/virtualmachines/{n}/restart",
            self.namespace
        );
        let req = http::Request::put(path)
            .header("Content-Type", "application/json")
            .body(b"{}".to_vec())
            .map_err(|e| RollError::Request {
                what: format!("restarting VirtualMachine {n}"),
                message: e.to_string(),
            })?;
        if let Err(e) = self.client.request_text(req).await {
            // 409: the VM stopped meanwhile; it will start on the new template. A stop/start
            // already underway (a killed client's restart, or someone's `virtctl restart`,
            // not yet carried out): that restart starts the VM from the updated template too.
            let underway = matches!(&e, kube::Error::Api(s)
                if crate::kubevirt::observed::state_change_underway(&s.message));
            if underway {
                self.log(&format!(
                    "virtualmachine/{n}: a restart is already underway"
                ));
            } else if !matches!(&e, kube::Error::Api(s) if s.code == 409) {
                return Err(api_err(&format!("restarting VirtualMachine {n}"), e));
            }
        }
        Ok(())
    }

    /// After a pass: the caches must show a newer object of every VM whose write conflicted
    /// (its floor goes above the version planned from), and the pause before the next pass
    /// grows with the conflicts in a row on one VM (20 ms doubling to 2 s). A VM that
    /// conflicts [`MAX_CONFLICTS`] times in a row stops the rollout with the reason; it stays
    /// resumable.
    pub(super) fn note_conflicts(&mut self, plan: &Plan) -> Result<Duration, RollError> {
        let conflicts: Vec<(String, u64)> = match self.conflicted.lock() {
            Ok(mut c) => c.drain().collect(),
            Err(_) => vec![],
        };
        for a in &plan.actions {
            if let Some(vm) = action_vm(a) {
                if !conflicts.iter().any(|(n, _)| n == vm) {
                    self.conflict_counts.remove(vm);
                }
            }
        }
        let mut worst = 0u32;
        for (vm, planned) in conflicts {
            let f = self.floor.entry(format!("vm/{vm}")).or_insert(0);
            *f = (*f).max(planned.saturating_add(1));
            let n = self.conflict_counts.entry(vm.clone()).or_insert(0);
            *n = n.saturating_add(1);
            if *n >= MAX_CONFLICTS {
                return Err(RollError::Conflicts { vm, count: *n });
            }
            worst = worst.max(*n);
        }
        Ok(conflict_backoff(worst))
    }

    /// After a pass: when it stopped to wait for quota, say so once per changed reason and
    /// return the pause before the next look (250 ms doubling to 2 s). The pass wrote
    /// nothing from that action on, so the caches stay usable unless an earlier action
    /// deleted or created something.
    pub(super) fn quota_waited(&mut self, plan: &Plan) -> Option<Duration> {
        let Some((stopped_at, line)) = self.quota_wait.take() else {
            if plan
                .actions
                .iter()
                .any(|a| matches!(a, Action::CreateReplacement { .. }))
            {
                self.quota_waits = 0;
                self.quota_said = None;
            }
            return None;
        };
        if self.quota_said.as_deref() != Some(line.as_str()) {
            eprintln!("{line}");
            self.quota_said = Some(line);
        }
        self.fresh = plan.actions.iter().take(stopped_at).any(|a| {
            !matches!(
                a,
                Action::Update { .. }
                    | Action::MarkDone { .. }
                    | Action::MarkFailed { .. }
                    | Action::MarkSkipped { .. }
            )
        });
        self.quota_waits = self.quota_waits.saturating_add(1);
        Some(quota_backoff(self.quota_waits))
    }
}

/// The VM a per-VM action works on.
pub(super) fn action_vm(a: &Action) -> Option<&String> {
    match a {
        Action::Update { vm, .. }
        | Action::MarkDone { vm }
        | Action::MarkFailed { vm, .. }
        | Action::MarkSkipped { vm, .. }
        | Action::Delete { vm } => Some(vm),
        _ => None,
    }
}

/// Per-VM actions of one plan in flight at once: as many as `apply`'s default, enough to
/// start a batch of restarts in a few round trips without flooding the API server.
pub(super) const ACTION_CONCURRENCY: usize = crate::cluster::apply::DEFAULT_CONCURRENCY;

/// What a pass queued for a background write (Events, entries to unmark), taken out so the
/// next pass queues afresh; nothing when the lock is poisoned (these writes are a record,
/// never needed for the rollout to go on).
pub(super) fn take_queued<T>(queue: &std::sync::Mutex<Vec<T>>) -> Vec<T> {
    match queue.lock() {
        Ok(mut queued) => std::mem::take(&mut *queued),
        Err(_) => Vec::new(),
    }
}
