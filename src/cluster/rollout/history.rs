//! The rollout's history on ControllerRevisions: one per revision (its change and cause),
//! one per touched VM (its object before the revision, for undo), their pruning beyond
//! `--revision-history-limit`, and what a rollback returns each VM to.

use super::*;

/// Create `object` unless it exists: a history entry written by a client that was killed
/// before it went on is the same entry.
pub(crate) async fn create_once(
    api: &Api<DynamicObject>,
    object: &DynamicObject,
    what: &str,
) -> Result<(), RollError> {
    match api.create(&PostParams::default(), object).await {
        Ok(_) => Ok(()),
        Err(kube::Error::Api(s)) if s.code == 409 => Ok(()),
        Err(e) => Err(api_err(what, e)),
    }
}

impl Driver {
    /// Record the change of a revision, with its cause, as a ControllerRevision.
    pub async fn record_revision(&self, rec: &RolloutRecord) -> Result<(), RollError> {
        let cr: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {"name": format!("{}-{}", self.rollout, rec.revision), "namespace": self.namespace,
                "labels": {state::LABEL_ROLLOUT: self.rollout},
                "annotations": {"kubernetes.io/change-cause": rec.cause}},
            "revision": rec.revision,
            "data": {"change": rec.change, "selector": rec.selector, "names": rec.names,
                // A pool roll: the template the pool had before this revision, and the one
                // it brings: what an undo returns to.
                "pool": rec.pool.as_ref().map(|p| json!({"name": p.name, "before": p.before, "template": p.template}))},
        }))?;
        create_once(&self.revisions, &cr, "recording the revision").await?;
        // History is a convenience: a failed prune is said, never fatal.
        if let Err(e) = self.prune_revisions(rec).await {
            eprintln!("Warning: rollout {}: old revisions kept: {e}", self.rollout);
        }
        Ok(())
    }

    /// Keep the newest `--revision-history-limit` revisions (and always the current one and
    /// the one rolled back to), as a Deployment keeps its ReplicaSets: delete the other
    /// revisions' ControllerRevisions, and the previous VM objects only an undo to one of
    /// them would read (those kept by revisions up to the oldest one kept).
    async fn prune_revisions(&self, rec: &RolloutRecord) -> Result<(), RollError> {
        let limit = rec
            .revision_history_limit
            .unwrap_or(state::REVISION_HISTORY_LIMIT)
            .max(1);
        let lp =
            ListParams::default().labels(&format!("{}={}", state::LABEL_ROLLOUT, self.rollout));
        let all = self
            .revisions
            .list(&lp)
            .await
            .map_err(|e| api_err("listing revisions", e))?
            .items;
        let revision = |c: &DynamicObject| c.data.get("revision").and_then(Value::as_u64);
        let is_vm_object = |c: &DynamicObject| annotations(c).contains_key(state::ANN_SLOT);
        let mut numbers: Vec<u64> = all
            .iter()
            .filter(|c| !is_vm_object(c))
            .filter_map(revision)
            .collect();
        numbers.sort_unstable_by(|a, b| b.cmp(a));
        let mut keep: std::collections::BTreeSet<u64> = numbers
            .iter()
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .copied()
            .collect();
        keep.insert(rec.revision);
        if let Some(to) = rec.rollback_to {
            keep.insert(to);
        }
        let Some(&oldest) = keep.iter().next() else {
            return Ok(());
        };
        for c in &all {
            let Some(r) = revision(c) else { continue };
            let stale = if is_vm_object(c) {
                r <= oldest
            } else {
                !keep.contains(&r)
            };
            if !stale {
                continue;
            }
            match self
                .revisions
                .delete(&name(c), &kube::api::DeleteParams::default())
                .await
            {
                Ok(_) => {}
                Err(kube::Error::Api(s)) if s.code == 404 => {}
                Err(e) => return Err(api_err("deleting an old revision", e)),
            }
        }
        Ok(())
    }

    /// Every recorded revision: (number, cause, change).
    pub async fn history(&self) -> Result<Vec<(u64, String, Value)>, RollError> {
        let lp =
            ListParams::default().labels(&format!("{}={}", state::LABEL_ROLLOUT, self.rollout));
        let list = self
            .revisions
            .list(&lp)
            .await
            .map_err(|e| api_err("listing revisions", e))?;
        let mut out: Vec<(u64, String, Value)> = list
            .items
            .iter()
            .filter(|c| !annotations(c).contains_key(state::ANN_SLOT))
            .filter_map(|c| {
                Some((
                    c.data.get("revision")?.as_u64()?,
                    annotations(c)
                        .get("kubernetes.io/change-cause")
                        .cloned()
                        .unwrap_or_default(),
                    c.data
                        .pointer("/data/change")
                        .cloned()
                        .unwrap_or(Value::Null),
                ))
            })
            .collect();
        out.sort_by_key(|r| r.0);
        Ok(out)
    }

    /// Keep the VM's object before its first change, for rollback. Kept ahead by this
    /// process from the same object (labels, annotations, spec), it is there already and
    /// nothing is written: the update that follows is the slot's only write before its
    /// restart. Kept ahead from an object another writer has changed since, it is kept again.
    /// Returns the name of the entry kept ahead when that is the one used: the caller unmarks
    /// it (`unmark_kept_ahead`) once the VM's update is written.
    pub(super) async fn save_previous(
        &self,
        vm: &DynamicObject,
        rec: &RolloutRecord,
    ) -> Result<Option<String>, RollError> {
        let n = name(vm);
        let data = previous_data(&to_value(vm));
        let kept = self.kept_ahead.lock().ok().and_then(|mut k| k.remove(&n));
        match kept {
            Some(KeptAhead::Kept(kept)) if kept == data => {
                return Ok(Some(self.previous_name(&n, rec)));
            }
            Some(KeptAhead::Kept(_)) => {
                let cr = self.previous_name(&n, rec);
                match self.revisions.delete(&cr, &Default::default()).await {
                    Ok(_) => {}
                    Err(kube::Error::Api(s)) if s.code == 404 => {}
                    Err(e) => return Err(api_err("keeping the previous VM object", e)),
                }
            }
            // Not kept ahead, or its write is still in flight (then the entry it writes holds
            // this same object unless the VM changed within those milliseconds).
            Some(KeptAhead::Writing | KeptAhead::NotKept) | None => {}
        }
        let cr = self.previous_object(&n, rec, data, false)?;
        match self.revisions.create(&PostParams::default(), &cr).await {
            Ok(_) => Ok(None),
            // Already kept by an earlier (killed) client: that one is the true previous object.
            Err(kube::Error::Api(s)) if s.code == 409 => Ok(None),
            Err(e) => Err(api_err("keeping the previous VM object", e)),
        }
    }

    /// Unmark the entries kept ahead whose VMs this pass updated, in the background like the
    /// Events (no turn waits for it): from then on they count for an undo like any other,
    /// also once another rollout has touched the VM. An entry left marked (the client died
    /// first, or this write failed) still counts while the VM shows this revision's update.
    pub(super) fn unmark_kept_ahead(&self) {
        let names = super::actions::take_queued(&self.kept_ahead_used);
        if names.is_empty() {
            return;
        }
        let revisions = self.revisions.clone();
        let write = tokio::spawn(async move {
            use futures_util::StreamExt;
            let unmark =
                Patch::Merge(json!({"metadata": {"annotations": {state::ANN_KEPT_AHEAD: null}}}));
            futures_util::stream::iter(names)
                .for_each_concurrent(super::actions::ACTION_CONCURRENCY, |n| {
                    let (revisions, unmark) = (revisions.clone(), &unmark);
                    async move {
                        let _ = revisions.patch(&n, &Driver::pp(), unmark).await;
                    }
                })
                .await;
        });
        self.in_background(write);
    }

    /// Keep the previous objects of the VMs up next (see `Plan::up_next`) while the budget
    /// holds them back, in the background: when a slot frees, its VM's update and restart go
    /// out with no write before them. On a real API server each round trip is tens of
    /// milliseconds, taken once per wave of restarts. An entry that fails to be written here is
    /// written by the update, as before; one that exists already (a killed client's) is left,
    /// and neither is tried again (a pass comes with every watch event).
    pub(super) fn keep_ahead(
        &self,
        up_next: &[String],
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) {
        let mut todo = Vec::new();
        if let Ok(mut kept) = self.kept_ahead.lock() {
            for n in up_next {
                let Some(vm) = objs.get(n) else { continue };
                if kept.contains_key(n) {
                    continue;
                }
                let data = previous_data(&to_value(vm));
                if let Ok(cr) = self.previous_object(n, rec, data.clone(), true) {
                    kept.insert(n.clone(), KeptAhead::Writing);
                    todo.push((n.clone(), cr, data));
                }
            }
        }
        if todo.is_empty() {
            return;
        }
        let (revisions, kept) = (self.revisions.clone(), self.kept_ahead.clone());
        let write = tokio::spawn(async move {
            use futures_util::StreamExt;
            futures_util::stream::iter(todo)
                .for_each_concurrent(super::actions::ACTION_CONCURRENCY, |(n, cr, data)| {
                    let (revisions, kept) = (revisions.clone(), kept.clone());
                    async move {
                        let created = revisions.create(&PostParams::default(), &cr).await.is_ok();
                        if let Ok(mut kept) = kept.lock() {
                            // Only an entry still waiting for this write: the update may have
                            // taken it meanwhile.
                            if let Some(entry @ KeptAhead::Writing) = kept.get_mut(&n) {
                                *entry = if created {
                                    KeptAhead::Kept(data)
                                } else {
                                    KeptAhead::NotKept
                                };
                            }
                        }
                    }
                })
                .await;
        });
        self.in_background(write);
    }

    /// The name of the entry that keeps `vm`'s previous object for this revision.
    fn previous_name(&self, vm: &str, rec: &RolloutRecord) -> String {
        format!("{}-{}-r{}", self.rollout, vm, rec.revision)
    }

    /// The ControllerRevision that keeps `vm`'s previous object `data`; `ahead` marks one
    /// kept before the VM's turn (see [`state::ANN_KEPT_AHEAD`]).
    fn previous_object(
        &self,
        vm: &str,
        rec: &RolloutRecord,
        data: Value,
        ahead: bool,
    ) -> Result<DynamicObject, RollError> {
        let mut annotations = json!({state::ANN_SLOT: vm});
        if ahead {
            annotations[state::ANN_KEPT_AHEAD] = json!("true");
        }
        Ok(serde_json::from_value(json!({
            "apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {"name": self.previous_name(vm, rec), "namespace": self.namespace,
                "labels": {state::LABEL_ROLLOUT: self.rollout, "vmmigrate.io/rollout-revision": rec.revision.to_string()},
                "annotations": annotations},
            "revision": rec.revision,
            "data": data,
        }))?)
    }

    /// Load, for every VM a revision after `to` (and before `before`, the rollback's own)
    /// touched, the object it had at revision `to`: the one kept by the first such revision.
    pub async fn load_previous(&mut self, to: u64, before: u64) -> Result<(), RollError> {
        let lp = ListParams::default().labels(&format!(
            "{}={},vmmigrate.io/rollout-revision",
            state::LABEL_ROLLOUT,
            self.rollout
        ));
        let list = self
            .revisions
            .list(&lp)
            .await
            .map_err(|e| api_err("listing previous VM objects", e))?;
        let mut first: BTreeMap<String, (u64, Value, bool)> = BTreeMap::new();
        for c in &list.items {
            let Some(rev) = c.data.get("revision").and_then(Value::as_u64) else {
                continue;
            };
            let ann = annotations(c);
            let (Some(slot), Some(data)) = (ann.get(state::ANN_SLOT), c.data.get("data")) else {
                continue;
            };
            if rev <= to || rev >= before {
                continue;
            }
            if first.get(slot).is_none_or(|(r, _, _)| rev < *r) {
                let ahead = ann.contains_key(state::ANN_KEPT_AHEAD);
                first.insert(slot.clone(), (rev, data.clone(), ahead));
            }
        }
        self.previous_kept_ahead = first
            .iter()
            .filter(|(_, (_, _, ahead))| *ahead)
            .map(|(k, (rev, _, _))| (k.clone(), *rev))
            .collect();
        self.previous = first.into_iter().map(|(k, (_, v, _))| (k, v)).collect();
        Ok(())
    }

    /// While rolling back: the object `vm` had at the revision returned to, kept under its
    /// own name or, for a replacement made since (by the rollout or by the rollback
    /// itself), under the name its line of replacements started from.
    pub(super) fn previous_for(&self, vm: &Value) -> Option<&Value> {
        let own = vm.pointer("/metadata/name").and_then(Value::as_str)?;
        // Up the chain of replaced VMs (`web-0-r3` replaced `web-0-r2`, which replaced...)
        // as far as this process has seen it, then the line's first name.
        let mut key = own.to_string();
        let mut next = vm
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(state::ANN_SLOT))
            .and_then(Value::as_str)
            .map(str::to_string);
        for _ in 0..64 {
            if let Some(p) = self.previous.get(&key) {
                return self.touched(vm, &key).then_some(p);
            }
            match next.take() {
                Some(k) => key = k,
                None => break,
            }
            next = self.slots.lock().ok().and_then(|s| s.get(&key).cloned());
        }
        let instance = vm
            .pointer("/metadata/labels")
            .and_then(|a| a.get(state::LABEL_INSTANCE))
            .and_then(Value::as_str)?;
        let p = self.previous.get(instance)?;
        self.touched(vm, instance).then_some(p)
    }

    /// Whether the previous object kept under `key` counts for `vm`: always, unless it is
    /// still marked as kept ahead of the VM's turn (its update was never written, or the
    /// client died before unmarking it): then only if the VM shows an update of this rollout
    /// at that revision or later (a turn that never came leaves the VM as it was).
    fn touched(&self, vm: &Value, key: &str) -> bool {
        let Some(&kept_at) = self.previous_kept_ahead.get(key) else {
            return true;
        };
        let ann = |k: &str| {
            vm.pointer("/metadata/annotations")
                .and_then(|a| a.get(k))
                .and_then(Value::as_str)
        };
        ann(state::ANN_ROLLOUT) == Some(self.rollout.as_str())
            && ann(state::ANN_REVISION)
                .and_then(|r| r.parse::<u64>().ok())
                .is_some_and(|r| r >= kept_at)
    }

    /// Remember which VM each replacement replaced, for [`Driver::previous_for`].
    pub(super) fn note_slots<'a>(&self, vms: impl IntoIterator<Item = &'a DynamicObject>) {
        if let Ok(mut slots) = self.slots.lock() {
            for v in vms {
                if let Some(slot) = annotations(v).get(state::ANN_SLOT) {
                    slots.insert(name(v), slot.clone());
                }
            }
        }
    }

    /// Switch to rolling back the VMs the revisions after `to` (default: the one before the
    /// current) touched, and only those, to their objects at revision `to`.
    pub async fn begin_rollback(
        &mut self,
        rec: &mut RolloutRecord,
        reason: &str,
        to: Option<u64>,
    ) -> Result<(), RollError> {
        let of = rec.revision;
        let to = to.unwrap_or(of.saturating_sub(1));
        if rec.pool.is_some() {
            // A pool returns to its template at `to`, and every replica with it.
            let template = self.pool_template_at(to, of.saturating_add(1)).await?;
            if let Some(p) = rec.pool.as_mut() {
                p.before = std::mem::replace(&mut p.template, template);
                // The earlier template's golden disk exists already (it was rolled from).
                p.objects.clear();
            }
        } else {
            self.load_previous(to, of + 1).await?;
        }
        crate::roll::transition::begin_rollback(rec, reason, to);
        if rec.pool.is_none() {
            rec.names = self.previous.keys().cloned().collect();
        }
        self.record_revision(rec).await?;
        self.save(rec).await?;
        eprintln!(
            "rollout {}: {}",
            self.rollout,
            rec.message.clone().unwrap_or_default()
        );
        Ok(())
    }
}

impl Driver {
    /// While rolling back: a replacement that a rolled-back revision created beside a VM
    /// that still exists (its replace never finished) is deleted, since the VM it was to
    /// replace is still there on the old object; rolling it back instead would leave two
    /// VMs in that slot. Whether it deleted one (the caller observes again).
    pub(super) async fn drop_unfinished_replacements(
        &self,
        rec: &RolloutRecord,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
    ) -> Result<bool, RollError> {
        if rec.status != Status::RollingBack {
            return Ok(false);
        }
        let mut deleted = false;
        for (n, vm) in objs {
            let ours = vm
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(state::LABEL_ROLLOUT))
                .is_some_and(|r| *r == self.rollout);
            let Some(slot) = annotations(vm).get(state::ANN_SLOT).cloned() else {
                continue;
            };
            let unfinished = ours
                && objs.contains_key(&slot)
                && self.previous.contains_key(&slot)
                && !self.previous.contains_key(n)
                && vm.metadata.deletion_timestamp.is_none();
            if !unfinished {
                continue;
            }
            self.event(
                vm,
                "RolloutDelete",
                &format!(
                    "rollout {} revision {}: replacement of {slot} deleted by the rollback ({slot} is still there)",
                    self.rollout, rec.revision
                ),
                false,
            )
            .await;
            match self
                .vms
                .delete(n, &kube::api::DeleteParams::default())
                .await
            {
                Ok(_) => {}
                Err(kube::Error::Api(s)) if s.code == 404 => {}
                Err(e) => return Err(api_err(&format!("deleting VirtualMachine {n}"), e)),
            }
            self.log(&format!(
                "virtualmachine/{n}: deleted (unfinished replacement of {slot})"
            ));
            deleted = true;
        }
        Ok(deleted)
    }
}

/// What a VM's previous object keeps of it: its labels, annotations and spec.
fn previous_data(vm: &Value) -> Value {
    json!({
        "metadata": {"labels": vm.pointer("/metadata/labels"), "annotations": vm.pointer("/metadata/annotations")},
        "spec": vm.get("spec"),
    })
}

/// Where keeping a VM's previous object ahead of its turn stands (see `Driver::keep_ahead`).
pub(super) enum KeptAhead {
    /// The write is in flight.
    Writing,
    /// Kept, holding this object (see [`previous_data`]).
    Kept(Value),
    /// The write failed, or a killed client's entry was there: the update keeps it.
    NotKept,
}
