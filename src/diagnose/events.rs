//! Events about one object, as `kubectl describe` lists them but most relevant first:
//! Warnings before Normal events, then the newest. Reads core/v1 Events (what KubeVirt, CDI,
//! the scheduler and the PersistentVolume controller record through client-go's recorder)
//! and the events.k8s.io fields a newer recorder fills (`eventTime`, `series`,
//! `reportingController`).

use super::time::{epoch_seconds, human_age};
use serde::Serialize;
use serde_json::Value;

/// One event, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventLine {
    /// `Normal` or `Warning`.
    #[serde(rename = "type")]
    pub kind: String,
    pub reason: String,
    pub message: String,
    /// The component that wrote it (`default-scheduler`, `persistentvolume-controller`).
    pub from: String,
    pub count: u64,
    /// When it was last seen (RFC 3339), as the server holds it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub last_seen: String,
    /// `last_seen` as kubectl prints an age, against the caller's "now"; empty until set.
    #[serde(skip)]
    pub age: String,
}

impl EventLine {
    fn read(e: &Value) -> EventLine {
        let s = |p: &str| e.pointer(p).and_then(Value::as_str).unwrap_or_default();
        let last_seen = [
            "/series/lastObservedTime",
            "/lastTimestamp",
            "/eventTime",
            "/firstTimestamp",
            "/metadata/creationTimestamp",
        ]
        .iter()
        .map(|p| s(p))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
        .to_string();
        let from = [
            "/source/component",
            "/reportingComponent",
            "/reportingController",
        ]
        .iter()
        .map(|p| s(p))
        .find(|t| !t.is_empty())
        .unwrap_or_default()
        .to_string();
        let count = e
            .pointer("/series/count")
            .or_else(|| e.get("count"))
            .and_then(Value::as_u64)
            .unwrap_or(1);
        EventLine {
            kind: s("/type").to_string(),
            reason: s("/reason").to_string(),
            message: s("/message").trim().to_string(),
            from,
            count,
            last_seen,
            age: String::new(),
        }
    }

    /// Sets [`EventLine::age`] from `now` (seconds since the epoch).
    pub fn set_age(&mut self, now: i64) {
        self.age = epoch_seconds(&self.last_seen)
            .map(|t| human_age(now.saturating_sub(t)))
            .unwrap_or_else(|| "<unknown>".into());
    }
}

fn about(e: &Value, kind: &str, name: &str) -> bool {
    let s = |p: &str| e.pointer(p).and_then(Value::as_str).unwrap_or_default();
    // core/v1 `involvedObject`, events.k8s.io `regarding`.
    (s("/involvedObject/kind") == kind && s("/involvedObject/name") == name)
        || (s("/regarding/kind") == kind && s("/regarding/name") == name)
}

fn ranked(mut lines: Vec<EventLine>) -> Vec<EventLine> {
    lines.sort_by(|a, b| {
        (b.kind == "Warning")
            .cmp(&(a.kind == "Warning"))
            .then_with(|| epoch_seconds(&b.last_seen).cmp(&epoch_seconds(&a.last_seen)))
    });
    lines
}

/// The events about `kind/name`, most relevant first.
pub fn of_object(events: &[Value], kind: &str, name: &str) -> Vec<EventLine> {
    ranked(
        events
            .iter()
            .filter(|e| about(e, kind, name))
            .map(EventLine::read)
            .collect(),
    )
}

/// Whether `pod` is one of `vm`'s virt-launcher pods by name: `virt-launcher-<vm>-` and the
/// five characters of a generated name (so VM `web` does not take `web-1`'s pods).
pub fn is_launcher_of(pod: &str, vm: &str) -> bool {
    pod.strip_prefix("virt-launcher-")
        .and_then(|rest| rest.strip_prefix(vm))
        .and_then(|rest| rest.strip_prefix('-'))
        .is_some_and(|suffix| {
            suffix.len() == 5 && suffix.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// The events about `vm`'s virt-launcher pods: the listed `pods`, and pods since gone named
/// like a launcher of `vm` (the scheduler's FailedScheduling outlives a deleted pod).
pub fn of_pods(events: &[Value], vm: &str, pods: &[&str]) -> Vec<EventLine> {
    ranked(
        events
            .iter()
            .filter(|e| {
                let s = |p: &str| e.pointer(p).and_then(Value::as_str).unwrap_or_default();
                let (kind, name) = match s("/involvedObject/kind") {
                    "" => (s("/regarding/kind"), s("/regarding/name")),
                    k => (k, s("/involvedObject/name")),
                };
                kind == "Pod" && (pods.contains(&name) || is_launcher_of(name, vm))
            })
            .map(EventLine::read)
            .collect(),
    )
}
