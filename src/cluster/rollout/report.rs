//! What `roll status` shows: one rollout's picture from the cluster alone, or the list of
//! rollouts recorded on the namespace's (or every namespace's) Leases.

use super::*;

/// One rollout found by [`list_rollouts`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RolloutSummary {
    pub namespace: String,
    pub rollout: String,
    pub record: RolloutRecord,
}

/// Every rollout recorded in `namespace`, or in all namespaces (`None`), from the Leases
/// that carry them: what `roll status` shows without a selection, and with `-A`.
pub async fn list_rollouts(
    client: kube::Client,
    namespace: Option<&str>,
) -> Result<Vec<RolloutSummary>, RollError> {
    let resource = ar("coordination.k8s.io", "v1", "Lease", "leases");
    let leases: Api<DynamicObject> = match namespace {
        Some(ns) => Api::namespaced_with(client, ns, &resource),
        None => Api::all_with(client, &resource),
    };
    let list = leases
        .list(&ListParams::default().labels(state::LABEL_ROLLOUT))
        .await
        .map_err(|e| api_err("listing rollout Leases", e))?;
    let mut found: Vec<RolloutSummary> = list
        .items
        .iter()
        .filter_map(|lease| {
            let record = annotations(lease)
                .get(state::ANN_STATUS)
                .and_then(|s| serde_json::from_str::<RolloutRecord>(s).ok())?;
            Some(RolloutSummary {
                namespace: lease.metadata.namespace.clone().unwrap_or_default(),
                rollout: name(lease),
                record,
            })
        })
        .collect();
    found.sort_by(|a, b| (&a.namespace, &a.rollout).cmp(&(&b.namespace, &b.rollout)));
    Ok(found)
}

/// What `status` shows.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusReport {
    pub rollout: String,
    pub namespace: String,
    pub revision: u64,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    pub cause: String,
    pub summary: planner::Summary,
    pub vms: Vec<VmReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta_seconds: Option<u64>,
}

#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VmReport {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<Level>,
    pub state: String,
    pub ready: bool,
}

impl Driver {
    /// The picture `roll status` shows, from the cluster alone.
    pub async fn status(&mut self) -> Result<StatusReport, RollError> {
        let Some((rec, _, _)) = self.read().await? else {
            return Err(RollError::NotFound(format!(
                "no rollout {} in namespace {}",
                self.rollout, self.namespace
            )));
        };
        if (rec.status == Status::RollingBack || rec.status == Status::RolledBack)
            && rec.pool.is_none()
        {
            self.load_previous(rec.rollback_target(), rec.revision)
                .await?;
        }
        let (observed, _) = self.observe(&rec).await?;
        let now = now_ms();
        let plan = planner::plan(&rec.spec, &rec.state, &observed, now);
        let mut vms: Vec<VmReport> = observed
            .iter()
            .map(|o| VmReport {
                name: o.name.clone(),
                action: match &o.progress {
                    Progress::Updating { level, .. } => Some(*level),
                    Progress::Skipped { needed } => Some(*needed),
                    _ => o.needed.map(|n| n.max(rec.spec.min_action)),
                },
                state: match &o.progress {
                    Progress::Idle if o.needed.is_none() => "UpToDate".into(),
                    Progress::Idle => "Pending".into(),
                    Progress::Updating { .. } => "Updating".into(),
                    Progress::Done => "Updated".into(),
                    Progress::Failed { .. } => "Failed".into(),
                    Progress::Skipped { .. } => "Skipped".into(),
                },
                ready: o.ready_since.is_some(),
            })
            .collect();
        vms.sort_by(|a, b| a.name.cmp(&b.name));
        let s = &plan.summary;
        let remaining = s.total.saturating_sub(s.updated + s.skipped + s.failed);
        let elapsed = now.saturating_sub(rec.started_ms);
        let eta_seconds = (s.updated > 0 && remaining > 0)
            .then(|| elapsed / u64::from(s.updated) * u64::from(remaining) / 1000);
        Ok(StatusReport {
            rollout: self.rollout.clone(),
            namespace: self.namespace.clone(),
            revision: rec.revision,
            status: rec.status,
            message: rec.message.clone(),
            cause: rec.cause.clone(),
            summary: plan.summary,
            vms,
            eta_seconds,
        })
    }
}
