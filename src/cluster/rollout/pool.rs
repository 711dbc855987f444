//! A pool roll's writes to its VirtualMachinePool (the rules of when are in `roll::pool`):
//! the template and `updateStrategy: {unmanaged: {}}` in one JSON patch, and the size
//! (`spec.replicas`, surge out and back). The pool controller does the rest: it creates and
//! removes replicas, never updates them while the strategy is `unmanaged`.

use super::*;
use crate::roll::pool::{self as rules, PoolRoll, PoolStep, PoolView};

/// Pool writes in a row whose result the pool read back does not show before the rollout
/// stops: something (a webhook, another client) keeps changing the pool.
const MAX_POOL_WRITES: u32 = 5;

impl Driver {
    /// The pool `name` as JSON, or None when it does not exist.
    pub async fn read_pool(&self, name: &str) -> Result<Option<Value>, RollError> {
        let pool = self
            .pools
            .get_opt(name)
            .await
            .map_err(|e| api_err(&format!("reading VirtualMachinePool {name}"), e))?;
        Ok(pool.as_ref().map(to_value))
    }

    /// One pass of the pool's part: read the pool, carry out [`rules::step`]. True when the
    /// pool needed something (written, scaled or still being scaled by its controller): the
    /// planner's actions wait for the next pass.
    pub(super) async fn pool_pass(
        &mut self,
        roll: &PoolRoll,
        objs: &BTreeMap<String, Arc<DynamicObject>>,
        finishing: bool,
    ) -> Result<bool, RollError> {
        let pool = self.read_pool(&roll.name).await?.ok_or_else(|| {
            RollError::NotFound(format!(
                "virtualmachinepool/{} is gone from namespace {}: `kubectl vmmigrate roll abort` ends the rollout",
                roll.name, self.namespace
            ))
        })?;
        let mut view = PoolView::read(
            &pool,
            objs.iter()
                .map(|(n, o)| (n.as_str(), o.metadata.deletion_timestamp.is_some())),
        );
        if self
            .pool_written
            .as_ref()
            .is_some_and(|(ours, stored)| *ours == roll.template && *stored == view.template)
        {
            view.template = roll.template.clone();
        }
        let Some(step) = rules::step(roll, &view, finishing) else {
            self.pool_writes = 0;
            return Ok(false);
        };
        let what = format!("virtualmachinepool/{}", roll.name);
        match step {
            PoolStep::Write => {
                self.pool_writes = self.pool_writes.saturating_add(1);
                if self.pool_writes > MAX_POOL_WRITES {
                    return Err(RollError::Held(format!(
                        "rollout {}: {what}: the template was written {MAX_POOL_WRITES} times and reads back different each time: another client or a webhook changes it; stop it, then `kubectl vmmigrate roll resume`",
                        self.rollout
                    )));
                }
                for o in &roll.objects {
                    self.create_golden(o).await?;
                }
                let patch = json!([
                    {"op": "add", "path": "/spec/virtualMachineTemplate", "value": roll.template},
                    {"op": "add", "path": "/spec/updateStrategy", "value": {"unmanaged": {}}},
                ]);
                let patch: json_patch::Patch = serde_json::from_value(patch)?;
                let stored = self
                    .pools
                    .patch(&roll.name, &Self::pp(), &Patch::<()>::Json(patch))
                    .await
                    .map_err(|e| api_err(&format!("writing the template of {what}"), e))?;
                self.pool_written = stored
                    .data
                    .pointer("/spec/virtualMachineTemplate")
                    .map(|t| (roll.template.clone(), t.clone()));
                self.log(&format!(
                    "{what}: template written, updateStrategy unmanaged (the plugin rolls the replicas)"
                ));
            }
            PoolStep::Scale(n) => {
                self.pools
                    .patch(
                        &roll.name,
                        &Self::pp(),
                        &Patch::Merge(json!({"spec": {"replicas": n}})),
                    )
                    .await
                    .map_err(|e| api_err(&format!("scaling {what}"), e))?;
                self.log(&format!("{what}: scaled to {n} replicas"));
            }
            PoolStep::WaitForReplicas => {}
        }
        Ok(true)
    }

    /// Creates one object of a new golden disk (a CDI DataVolume or DataSource); one that
    /// exists already (an earlier pass, a killed client, the same image rolled before) is
    /// left as it is.
    async fn create_golden(&self, o: &Value) -> Result<(), RollError> {
        let kind = o.get("kind").and_then(Value::as_str).unwrap_or_default();
        let plural = match kind {
            "DataVolume" => "datavolumes",
            _ => "datasources",
        };
        let api: Api<DynamicObject> = Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &ar("cdi.kubevirt.io", "v1beta1", kind, plural),
        );
        let obj: DynamicObject = serde_json::from_value(o.clone())?;
        let n = name(&obj);
        match api.create(&Self::post(), &obj).await {
            Ok(_) => self.log(&format!(
                "{}/{n}: created (new golden image)",
                kind.to_lowercase()
            )),
            Err(kube::Error::Api(s)) if s.code == 409 => {}
            Err(e) => return Err(api_err(&format!("creating {kind} {n}"), e)),
        }
        Ok(())
    }

    /// Deletes the DataVolumes of replica `vm` made from an older disk template
    /// ([`rules::stale_disks`]), before its restart: KubeVirt recreates them from the new
    /// template when the replica starts again.
    pub(super) async fn delete_stale_disks(&self, vm: &Value) -> Result<(), RollError> {
        let api: Api<DynamicObject> = Api::namespaced_with(
            self.client.clone(),
            &self.namespace,
            &ar("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes"),
        );
        let mut dvs = vec![];
        for t in vm
            .pointer("/spec/dataVolumeTemplates")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(n) = t.pointer("/metadata/name").and_then(Value::as_str) else {
                continue;
            };
            if let Some(dv) = api
                .get_opt(n)
                .await
                .map_err(|e| api_err(&format!("reading DataVolume {n}"), e))?
            {
                dvs.push(to_value(&dv));
            }
        }
        for n in rules::stale_disks(vm, &dvs) {
            match api.delete(&n, &kube::api::DeleteParams::foreground()).await {
                Ok(_) => {}
                Err(kube::Error::Api(s)) if s.code == 404 => {}
                Err(e) => return Err(api_err(&format!("deleting DataVolume {n}"), e)),
            }
            self.log(&format!(
                "datavolume/{n}: deleted (made from the older template; KubeVirt makes it again)"
            ));
        }
        Ok(())
    }

    /// The pool's template at revision `to` (for a rollback from `until`), from the
    /// templates the revisions recorded as theirs before.
    pub(super) async fn pool_template_at(&self, to: u64, until: u64) -> Result<Value, RollError> {
        let lp =
            ListParams::default().labels(&format!("{}={}", state::LABEL_ROLLOUT, self.rollout));
        let list = self
            .revisions
            .list(&lp)
            .await
            .map_err(|e| api_err("listing revisions", e))?;
        let recorded: Vec<(u64, Value)> = list
            .items
            .iter()
            .filter_map(|c| {
                Some((
                    c.data.get("revision")?.as_u64()?,
                    c.data.pointer("/data/pool/before")?.clone(),
                ))
            })
            .collect();
        rules::template_at(&recorded, to, until).ok_or_else(|| {
            RollError::NotFound(format!(
                "rollout {}: the pool's template at revision {to} is not recorded (pruned by --revision-history-limit?)",
                self.rollout
            ))
        })
    }
}
