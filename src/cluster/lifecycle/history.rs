//! The history of lifecycle operations: one ControllerRevision per ended operation (as
//! `roll` keeps one per revision), labelled with the verb, holding its cause, spec, how it
//! ended and each VM's result; `kubectl vmmigrate <verb> history` lists them.

use super::*;

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
            "labels": {LABEL_VERB: rec.spec.verb.as_str()},
            "annotations": {"kubernetes.io/change-cause": rec.cause}},
        "revision": i64::try_from(rec.started_ms).unwrap_or(i64::MAX),
        "data": {"verb": rec.spec.verb, "spec": rec.spec, "cause": rec.cause,
            "startedMs": rec.started_ms, "endedMs": now_ms(),
            "ending": ending_word(&report.ending),
            "counts": format!("{} of {} done, {} skipped, {} failed", c.done, c.total, c.skipped, c.failed),
            "vms": report.vms},
    }))?;
    match api(&op.client, &op.namespace)
        .create(&PostParams::default(), &rev)
        .await
    {
        Ok(_) => Ok(()),
        // Written by a client that was killed before it deleted the Lease.
        Err(kube::Error::Api(s)) if s.code == 409 => Ok(()),
        Err(e) => Err(api_err("recording the operation's history", e)),
    }
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
