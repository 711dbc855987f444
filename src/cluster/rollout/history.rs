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

    /// Keep the VM's object before its first change, for rollback.
    pub(super) async fn save_previous(
        &self,
        vm: &DynamicObject,
        rec: &RolloutRecord,
    ) -> Result<(), RollError> {
        let n = name(vm);
        let v = to_value(vm);
        let cr: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "apps/v1", "kind": "ControllerRevision",
            "metadata": {"name": format!("{}-{}-r{}", self.rollout, n, rec.revision), "namespace": self.namespace,
                "labels": {state::LABEL_ROLLOUT: self.rollout, "vmmigrate.io/rollout-revision": rec.revision.to_string()},
                "annotations": {state::ANN_SLOT: n}},
            "revision": rec.revision,
            "data": {"metadata": {"labels": v.pointer("/metadata/labels"), "annotations": v.pointer("/metadata/annotations")}, "spec": v.get("spec")},
        }))?;
        match self.revisions.create(&PostParams::default(), &cr).await {
            Ok(_) => Ok(()),
            // Already kept by an earlier (killed) client: that one is the true previous object.
            Err(kube::Error::Api(s)) if s.code == 409 => Ok(()),
            Err(e) => Err(api_err("keeping the previous VM object", e)),
        }
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
        let mut first: BTreeMap<String, (u64, Value)> = BTreeMap::new();
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
            if first.get(slot).is_none_or(|(r, _)| rev < *r) {
                first.insert(slot.clone(), (rev, data.clone()));
            }
        }
        self.previous = first.into_iter().map(|(k, (_, v))| (k, v)).collect();
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
                return Some(p);
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
        self.previous.get(instance)
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
