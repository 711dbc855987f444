//! A Lease that is both a lock and a record: the one home of the protocol `roll` and the
//! lifecycle verbs (`start`, `stop`, `restart`, `migrate`, `evacuate`) share to survive a
//! killed client. The record is JSON in one annotation of a `coordination.k8s.io/v1` Lease;
//! `holderIdentity` names the client driving it, and `renewTime` plus
//! `leaseDurationSeconds` say when another client may take over from one that died. A
//! holder renews at a third of the duration, as client-go's leader election does, and
//! releases by clearing `holderIdentity` (the record stays, so the same command resumes at
//! once).
//!
//! The callers keep what differs: their record types, the words of their errors (a rollout,
//! an operation) and what taking over means to them.

use crate::cluster::rollout::{api_err, format_rfc3339_micro, now_ms, rfc3339_ms, MANAGER};
use crate::roll::planner::Millis;
use crate::roll::RollError;
use kube::api::{Api, ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::GroupVersionKind;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;

/// One Lease-held record, seen from this client.
pub struct RecordLease {
    api: Api<DynamicObject>,
    pub namespace: String,
    pub name: String,
    /// This client's `holderIdentity`.
    pub holder: String,
    /// `leaseDurationSeconds` written when this client takes the Lease.
    pub seconds: u64,
    /// When this client last wrote `renewTime`.
    last_renew: Millis,
    /// The annotation that carries the record.
    annotation: &'static str,
    /// How errors name the Lease and the record ("the rollout Lease", "the rollout state").
    lease_noun: &'static str,
    state_noun: &'static str,
}

/// What a read of the Lease found.
#[derive(Debug, Clone)]
pub struct Seen<R> {
    /// The record; `None` when the annotation is missing or unreadable (a Lease someone
    /// else wrote, or edited by hand): the caller says what to do.
    pub record: Option<R>,
    pub holder: Option<String>,
    /// The Lease's own `leaseDurationSeconds`, if set.
    pub duration_seconds: Option<u64>,
    /// The instant the Lease expires: `renewTime` plus its duration (this client's when the
    /// Lease states none).
    pub expires_ms: Millis,
}

/// The holder and the seconds left, when a client other than `me` holds a Lease that has not
/// expired at `now`; `None` when this client may take it (released, expired, or its own).
pub fn other_live_holder<'a>(
    me: &str,
    holder: Option<&'a str>,
    expires_ms: Millis,
    now: Millis,
) -> Option<(&'a str, f64)> {
    match holder {
        Some(h) if h != me && now < expires_ms => {
            Some((h, expires_ms.saturating_sub(now) as f64 / 1000.0))
        }
        _ => None,
    }
}

fn patch_params() -> PatchParams {
    PatchParams {
        field_manager: Some(MANAGER.into()),
        ..PatchParams::default()
    }
}

/// A `holderIdentity` for this process: the host, the process id and the start instant, so
/// two clients on one host (or one restarted) are told apart.
pub fn holder_identity(prefix: &str) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "client".into());
    format!("{prefix}{host}-{}-{}", std::process::id(), now_ms())
}

impl RecordLease {
    pub fn new(
        client: kube::Client,
        namespace: &str,
        name: &str,
        holder: String,
        annotation: &'static str,
        nouns: (&'static str, &'static str),
    ) -> Self {
        let resource = ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("coordination.k8s.io", "v1", "Lease"),
            "leases",
        );
        RecordLease {
            api: Api::namespaced_with(client, namespace, &resource),
            namespace: namespace.to_string(),
            name: name.to_string(),
            holder,
            seconds: crate::cluster::rollout::LEASE_SECONDS,
            last_renew: 0,
            annotation,
            lease_noun: nouns.0,
            state_noun: nouns.1,
        }
    }

    /// The Lease's record and holder, if the Lease exists.
    pub async fn read<R: DeserializeOwned>(&self) -> Result<Option<Seen<R>>, RollError> {
        let Some(lease) = self
            .api
            .get_opt(&self.name)
            .await
            .map_err(|e| api_err(&format!("reading {}", self.lease_noun), e))?
        else {
            return Ok(None);
        };
        let record = lease
            .metadata
            .annotations
            .as_ref()
            .and_then(|a| a.get(self.annotation))
            .and_then(|s| serde_json::from_str::<R>(s).ok());
        let spec = |field: &str| lease.data.pointer(&format!("/spec/{field}"));
        let holder = spec("holderIdentity")
            .and_then(Value::as_str)
            .map(str::to_string);
        let renew = spec("renewTime")
            .and_then(Value::as_str)
            .and_then(rfc3339_ms)
            .unwrap_or(0);
        let duration_seconds = spec("leaseDurationSeconds").and_then(Value::as_u64);
        let expires_ms = renew.saturating_add(
            duration_seconds
                .unwrap_or(self.seconds)
                .saturating_mul(1000),
        );
        Ok(Some(Seen {
            record,
            holder,
            duration_seconds,
            expires_ms,
        }))
    }

    /// Create the Lease, held by this client, with `record` and `labels`.
    pub async fn create<R: Serialize>(
        &mut self,
        record: &R,
        labels: Value,
    ) -> Result<(), RollError> {
        let now = now_ms();
        let lease: DynamicObject = serde_json::from_value(json!({
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": {"name": self.name, "namespace": self.namespace, "labels": labels,
                "annotations": {self.annotation: serde_json::to_string(record)?}},
            "spec": {"holderIdentity": self.holder, "leaseDurationSeconds": self.seconds,
                "acquireTime": format_rfc3339_micro(now), "renewTime": format_rfc3339_micro(now)},
        }))?;
        self.api
            .create(&PostParams::default(), &lease)
            .await
            .map_err(|e| api_err(&format!("creating {}", self.lease_noun), e))?;
        self.last_renew = now;
        Ok(())
    }

    /// Take over an existing Lease (the caller checked that no live client holds it).
    pub async fn take(&mut self) -> Result<(), RollError> {
        let now = now_ms();
        let body = json!({"spec": {"holderIdentity": self.holder,
            "leaseDurationSeconds": self.seconds, "renewTime": format_rfc3339_micro(now)}});
        self.api
            .patch(&self.name, &patch_params(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err(&format!("taking {}", self.lease_noun), e))?;
        self.last_renew = now;
        Ok(())
    }

    /// How often a holder renews: a third of the duration.
    pub fn renew_every(&self) -> Duration {
        Duration::from_millis((self.seconds.saturating_mul(1000) / 3).max(1))
    }

    /// Renew when a third of the duration has passed since the last renewal.
    pub async fn renew(&mut self) -> Result<(), RollError> {
        let now = now_ms();
        let due = self
            .last_renew
            .saturating_add(self.renew_every().as_millis() as Millis);
        if now < due {
            return Ok(());
        }
        let body = json!({"spec": {"renewTime": format_rfc3339_micro(now)}});
        self.api
            .patch(&self.name, &patch_params(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err(&format!("renewing {}", self.lease_noun), e))?;
        self.last_renew = now;
        Ok(())
    }

    /// Give the Lease up; the record stays.
    pub async fn release(&self) -> Result<(), RollError> {
        let body = json!({"spec": {"holderIdentity": null}});
        self.api
            .patch(&self.name, &patch_params(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err(&format!("releasing {}", self.lease_noun), e))?;
        Ok(())
    }

    /// Write `record` (any client may: `pause`, `abort` steer through it).
    pub async fn save<R: Serialize>(&self, record: &R) -> Result<(), RollError> {
        let body =
            json!({"metadata": {"annotations": {self.annotation: serde_json::to_string(record)?}}});
        self.api
            .patch(&self.name, &patch_params(), &Patch::Merge(body))
            .await
            .map_err(|e| api_err(&format!("saving {}", self.state_noun), e))?;
        Ok(())
    }

    /// Delete the Lease (gone already is fine: another client ended it).
    pub async fn delete(&self) -> Result<(), RollError> {
        match self
            .api
            .delete(&self.name, &kube::api::DeleteParams::default())
            .await
        {
            Ok(_) => Ok(()),
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
            Err(e) => Err(api_err(&format!("deleting {}", self.lease_noun), e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_another_live_holder_keeps_the_lease() {
        assert_eq!(
            other_live_holder("a", Some("b"), 10_500, 10_000),
            Some(("b", 0.5))
        );
        // Expired, released, or our own: free to take.
        assert_eq!(other_live_holder("a", Some("b"), 10_000, 10_000), None);
        assert_eq!(other_live_holder("a", None, 20_000, 10_000), None);
        assert_eq!(other_live_holder("a", Some("a"), 20_000, 10_000), None);
    }

    #[test]
    fn holders_are_told_apart_by_prefix_and_host() {
        let id = holder_identity("x-");
        assert!(id.starts_with("x-"), "{id}");
        assert!(id.contains(&std::process::id().to_string()), "{id}");
    }
}
