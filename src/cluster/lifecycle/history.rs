//! The history of lifecycle operations: one ControllerRevision per ended operation (as
//! `roll` keeps one per revision), labelled with the verb and the operation, holding its
//! cause, spec, how it ended and each VM's result; `kubectl vmmigrate <verb> history` lists
//! them. Each operation (verb and selector, names or node) keeps its newest
//! [`HISTORY_LIMIT`] runs, as `roll` keeps its newest revisions: a `restart -l app=web` run
//! nightly would otherwise add an object to etcd every night, forever.

use super::*;

/// Runs kept per operation (`roll`'s default `--revision-history-limit`).
pub const HISTORY_LIMIT: usize = crate::roll::state::REVISION_HISTORY_LIMIT as usize;

/// On each history entry: the operation (its Lease name), for pruning.
const LABEL_OP: &str = "vmmigrate.io/lifecycle-op";

/// One history entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub name: String,
    pub started_ms: Millis,
    pub cause: String,
    pub ending: String,
    pub counts: String,
}

fn ending_word(e: &Ending) -> String {
    match e {
        Ending::Complete => "Complete".into(),
        Ending::Issued => "Issued".into(),
        Ending::Failed(r) => format!("Failed: {r}"),
        Ending::TimedOut => "TimedOut".into(),
        Ending::Aborted => "Aborted".into(),
    }
}

fn api(client: &kube::Client, ns: &str) -> Api<DynamicObject> {
    Api::namespaced_with(
        client.clone(),
        ns,
        &ar("apps", "v1", "ControllerRevision", "controllerrevisions"),
    )
}

/// Keep `report` of operation `rec` as a ControllerRevision.
pub(super) async fn record(op: &Op, rec: &OpRecord, report: &Report) -> Result<(), RollError> {
    let c = report.counts;
    let rev: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "apps/v1", "kind": "ControllerRevision",
        "metadata": {"name": format!("{}-{}", op.name, rec.id), "namespace": op.namespace,
            "labels": {LABEL_VERB: rec.spec.verb.as_str(), LABEL_OP: op.name},
            "annotations": {"kubernetes.io/change-cause": rec.cause}},
        "revision": i64::try_from(rec.started_ms).unwrap_or(i64::MAX),
        "data": {"verb": rec.spec.verb, "spec": rec.spec, "cause": rec.cause,
            "startedMs": rec.started_ms, "endedMs": now_ms(),
            "ending": ending_word(&report.ending),
            "counts": format!("{} of {} done, {} skipped, {} failed", c.done, c.total, c.skipped, c.failed),
            "vms": report.vms},
    }))?;
    let revisions = api(&op.client, &op.namespace);
    crate::cluster::rollout::create_once(&revisions, &rev, "recording the operation's history")
        .await?;
    // History is a convenience: a failed prune is said, never fatal.
    if let Err(e) = prune(&revisions, &op.name).await {
        eprintln!("Warning: {}: old history entries kept: {e}", op.name);
    }
    Ok(())
}

/// Delete the operation's entries beyond the newest [`HISTORY_LIMIT`].
async fn prune(revisions: &Api<DynamicObject>, op: &str) -> Result<(), RollError> {
    let entries = revisions
        .list(&ListParams::default().labels(&format!("{LABEL_OP}={op}")))
        .await
        .map_err(|e| api_err("listing ControllerRevisions", e))?
        .items;
    let started = |r: &DynamicObject| r.data.get("revision").and_then(Value::as_i64);
    for stale in beyond_limit(&entries, started) {
        match revisions
            .delete(&name(stale), &kube::api::DeleteParams::default())
            .await
        {
            Ok(_) => {}
            Err(kube::Error::Api(s)) if s.code == 404 => {}
            Err(e) => return Err(api_err("deleting an old history entry", e)),
        }
    }
    Ok(())
}

/// The entries older than the newest [`HISTORY_LIMIT`] by `key` (newest kept on ties of
/// order: the list order decides, which is stable by name).
fn beyond_limit<T>(entries: &[T], key: impl Fn(&T) -> Option<i64>) -> Vec<&T> {
    let mut sorted: Vec<&T> = entries.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(key(e).unwrap_or(i64::MIN)));
    sorted.into_iter().skip(HISTORY_LIMIT).collect()
}

/// The ended operations of `verb` in `ns`, oldest first.
pub async fn list(client: &kube::Client, ns: &str, verb: Verb) -> Result<Vec<Entry>, RollError> {
    let items = api(client, ns)
        .list(&ListParams::default().labels(&format!("{LABEL_VERB}={verb}")))
        .await
        .map_err(|e| api_err("listing ControllerRevisions", e))?
        .items;
    let mut out: Vec<Entry> = items
        .iter()
        .map(|r| {
            let s = |k: &str| {
                r.data
                    .pointer(&format!("/data/{k}"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            Entry {
                name: name(r),
                started_ms: r
                    .data
                    .pointer("/data/startedMs")
                    .and_then(Value::as_u64)
                    .unwrap_or(0),
                cause: s("cause"),
                ending: s("ending"),
                counts: s("counts"),
            }
        })
        .collect();
    out.sort_by_key(|e| e.started_ms);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_runs_are_kept_and_the_oldest_go() {
        let runs: Vec<i64> = (1..=13).rev().collect();
        let stale: Vec<i64> = beyond_limit(&runs, |r| Some(*r))
            .into_iter()
            .copied()
            .collect();
        assert_eq!(stale, vec![3, 2, 1]);
        let few: Vec<i64> = (1..=4).collect();
        assert!(beyond_limit(&few, |r| Some(*r)).is_empty());
    }
}
