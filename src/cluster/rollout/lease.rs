//! The rollout's Lease: the one record of a rollout (its status annotation) and the lock
//! that keeps two clients from driving it at once. The protocol (read, create, take, renew,
//! release, save) is `crate::cluster::record_lease`'s, shared with the lifecycle verbs; this
//! file adds what a rollout means by it: an unreadable record is an error of its own, and a
//! takeover keeps the duration the rollout was started with.

use super::*;
use crate::cluster::record_lease::other_live_holder;

impl Driver {
    /// The rollout record, the Lease holder and when the Lease expires, if the rollout exists.
    pub async fn read(&self) -> Result<Option<(RolloutRecord, Option<String>, Millis)>, RollError> {
        let Some(seen) = self.lease.read::<RolloutRecord>().await? else {
            return Ok(None);
        };
        let rec = seen.record.ok_or_else(|| RollError::UnreadableRecord {
            namespace: self.namespace.clone(),
            rollout: self.rollout.clone(),
        })?;
        self.lease_seen_seconds.store(
            seen.duration_seconds.unwrap_or(LEASE_SECONDS),
            std::sync::atomic::Ordering::Relaxed,
        );
        Ok(Some((rec, seen.holder, seen.expires_ms)))
    }

    /// Take the Lease (creating it with `rec` when new); refused while another live client
    /// holds it.
    pub async fn acquire(&mut self, rec: &RolloutRecord, create: bool) -> Result<(), RollError> {
        let now = now_ms();
        match self.read().await? {
            Some((_, holder, expires)) => {
                if let Some((h, left)) =
                    other_live_holder(&self.lease.holder, holder.as_deref(), expires, now)
                {
                    return Err(RollError::Held(format!(
                        "rollout {} is held by {h} for {left:.1}s more; wait for it, or for its Lease to expire if that client died",
                        self.rollout
                    )));
                }
                // `roll resume`, `abort --rollback` and `undo` take over with the duration the
                // rollout was started with (`--lease-duration`), not the default.
                let seen = self
                    .lease_seen_seconds
                    .load(std::sync::atomic::Ordering::Relaxed);
                if self.keep_lease_duration && seen > 0 {
                    self.lease.seconds = seen;
                }
                self.lease.take().await
            }
            None if create => {
                self.lease
                    .create(rec, json!({state::LABEL_ROLLOUT: self.rollout}))
                    .await
            }
            None => Err(RollError::NotFound(format!(
                "no rollout {} in namespace {}",
                self.rollout, self.namespace
            ))),
        }
    }

    pub(super) async fn renew(&mut self) -> Result<(), RollError> {
        self.lease.renew().await
    }

    /// Give the Lease up (the rollout record stays).
    pub async fn release(&self) -> Result<(), RollError> {
        self.lease.release().await
    }

    pub async fn save(&self, rec: &RolloutRecord) -> Result<(), RollError> {
        self.lease.save(rec).await
    }
}
