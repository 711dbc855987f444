//! The rollout's Lease: the one record of a rollout (its status annotation) and the lock
//! that keeps two clients from driving it at once: read, acquire, renew, release, save.

use super::*;

impl Driver {
    /// The rollout record and the Lease holder, if the rollout exists.
    pub async fn read(&self) -> Result<Option<(RolloutRecord, Option<String>, Millis)>, RollError> {
        let Some(lease) = self
            .leases
            .get_opt(&self.rollout)
            .await
            .map_err(|e| api_err("reading the rollout Lease", e))?
        else {
            return Ok(None);
        };
        let rec = annotations(&lease)
            .get(state::ANN_STATUS)
            .and_then(|s| serde_json::from_str::<RolloutRecord>(s).ok())
            .ok_or_else(|| RollError::UnreadableRecord {
                namespace: self.namespace.clone(),
                rollout: self.rollout.clone(),
            })?;
        let holder = lease
            .data
            .pointer("/spec/holderIdentity")
            .and_then(Value::as_str)
            .map(str::to_string);
        let renew = lease
            .data
            .pointer("/spec/renewTime")
            .and_then(Value::as_str)
            .and_then(rfc3339_ms)
            .unwrap_or(0);
        let duration = lease
            .data
            .pointer("/spec/leaseDurationSeconds")
            .and_then(Value::as_u64)
            .unwrap_or(LEASE_SECONDS);
        self.lease_seen_seconds
            .store(duration, std::sync::atomic::Ordering::Relaxed);
        // The instant the Lease expires, by its own duration.
        Ok(Some((rec, holder, renew.saturating_add(duration * 1000))))
    }

    /// Take the Lease (creating it with `rec` when new); refused while another live client
    /// holds it.
    pub async fn acquire(&mut self, rec: &RolloutRecord, create: bool) -> Result<(), RollError> {
        let now = now_ms();
        match self.read().await? {
            Some((_, Some(h), expires)) if h != self.holder && now < expires => {
                return Err(RollError::Held(format!(
                    "rollout {} is held by {h} for {:.1}s more; wait for it, or for its Lease to expire if that client died",
                    self.rollout,
                    (expires - now) as f64 / 1000.0
                )))
            }
            Some(_) => {
                // `roll resume`, `abort --rollback` and `undo` take over with the duration the
                // rollout was started with (`--lease-duration`), not the default.
                let seen = self
                    .lease_seen_seconds
                    .load(std::sync::atomic::Ordering::Relaxed);
                if self.keep_lease_duration && seen > 0 {
                    self.lease_seconds = seen;
                }
            }
            None if create => {
                let lease: DynamicObject = serde_json::from_value(json!({
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": {"name": self.rollout, "namespace": self.namespace,
                        "labels": {state::LABEL_ROLLOUT: self.rollout},
                        "annotations": {state::ANN_STATUS: serde_json::to_string(rec).unwrap_or_default()}},
                    "spec": {"holderIdentity": self.holder, "leaseDurationSeconds": self.lease_seconds,
                        "acquireTime": format_rfc3339_micro(now), "renewTime": format_rfc3339_micro(now)},
                }))
                ?;
                self.leases
                    .create(&PostParams::default(), &lease)
                    .await
                    .map_err(|e| api_err("creating the rollout Lease", e))?;
                self.last_renew = now;
                return Ok(());
            }
            None => {
                return Err(RollError::NotFound(format!(
                    "no rollout {} in namespace {}",
                    self.rollout, self.namespace
                )))
            }
        }
        self.leases
            .patch(
                &self.rollout,
                &Self::pp(),
                &Patch::Merge(json!({"spec": {"holderIdentity": self.holder, "leaseDurationSeconds": self.lease_seconds, "renewTime": format_rfc3339_micro(now)}})),
            )
            .await
            .map_err(|e| api_err("taking the rollout Lease", e))?;
        self.last_renew = now;
        Ok(())
    }

    pub(super) async fn renew(&mut self) -> Result<(), RollError> {
        let now = now_ms();
        // Renew at a third of the duration, as client-go's leader election does.
        if now < self.last_renew + self.lease_seconds * 1000 / 3 {
            return Ok(());
        }
        self.leases
            .patch(
                &self.rollout,
                &Self::pp(),
                &Patch::Merge(json!({"spec": {"renewTime": format_rfc3339_micro(now)}})),
            )
            .await
            .map_err(|e| api_err("renewing the rollout Lease", e))?;
        self.last_renew = now;
        Ok(())
    }

    /// Give the Lease up (the rollout record stays).
    pub async fn release(&self) -> Result<(), RollError> {
        self.leases
            .patch(
                &self.rollout,
                &Self::pp(),
                &Patch::Merge(json!({"spec": {"holderIdentity": null}})),
            )
            .await
            .map_err(|e| api_err("releasing the rollout Lease", e))?;
        Ok(())
    }

    pub async fn save(&self, rec: &RolloutRecord) -> Result<(), RollError> {
        let body = json!({"metadata": {"annotations": {state::ANN_STATUS: serde_json::to_string(rec).unwrap_or_default()}}});
        self.leases
            .patch(&self.rollout, &Self::pp(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err("saving the rollout state", e))?;
        Ok(())
    }
}
