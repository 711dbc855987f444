//! `apply --wait`: follows each applied VM until its DataVolumes have imported and it is
//! Ready, from watch streams (kube::runtime watchers on VirtualMachines, VMIs and
//! DataVolumes), never by polling. A progress bar per VM on a terminal, timestamped lines
//! otherwise; the first failure reported in an object's status ends the wait.

use super::error::ClusterError;
use crate::kubevirt::observed::{
    failure_reason, ConditionStatus, ObservedDataVolume, ObservedVm, ObservedVmi,
};
use futures_util::stream::{self, StreamExt};
use kube::api::{Api, DynamicObject, GroupVersionKind};
use kube::discovery::ApiResource;
use kube::runtime::watcher::{self, Event};
use kube::runtime::WatchStreamExt;
use kube::Client;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

/// VM printable statuses that mean the VM will not become Ready by itself.
const FAILED_STATUSES: &[&str] = &[
    "ErrorUnschedulable",
    "CrashLoopBackOff",
    "DataVolumeError",
    "ErrorImagePull",
    "ImagePullBackOff",
    "ErrorPvcNotFound",
    "ErrorDataVolumeNotFound",
];

/// A VM to follow: namespace, name and the DataVolumes it owns.
#[derive(Debug, Clone)]
pub struct Watched {
    pub namespace: String,
    pub name: String,
    pub datavolumes: Vec<String>,
    /// Halted/Manual VMs are done once their disks are imported.
    pub expects_running: bool,
}

impl Watched {
    pub fn from_vm(vm: &Value) -> Option<Self> {
        if vm["kind"] != "VirtualMachine" {
            return None;
        }
        Some(Watched {
            namespace: vm["metadata"]["namespace"]
                .as_str()
                .unwrap_or("default")
                .to_string(),
            name: vm["metadata"]["name"].as_str()?.to_string(),
            datavolumes: vm["spec"]["dataVolumeTemplates"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["metadata"]["name"].as_str().map(str::to_string))
                .collect(),
            // One rule with the rollout's (`running: false` without a run strategy stays
            // off; this said "runs" and --wait waited for a VM that never starts).
            expects_running: ObservedVm::read(vm).expects_running(),
        })
    }
}

/// How the followed VMs ended: each VM is counted once, as ready (running and Ready) or as
/// stopped by its run strategy with its disks imported (Halted, Manual).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settled {
    pub ready: usize,
    pub stopped: usize,
}

impl std::fmt::Display for Settled {
    /// `1 VM ready, 1 VM stopped by its run strategy (disks imported)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let vms = |n: usize| if n == 1 { "VM" } else { "VMs" };
        let mut parts = Vec::new();
        if self.ready > 0 || self.stopped == 0 {
            parts.push(format!("{} {} ready", self.ready, vms(self.ready)));
        }
        if self.stopped > 0 {
            let whose = if self.stopped == 1 { "its" } else { "their" };
            parts.push(format!(
                "{} {} stopped by {whose} run strategy (disks imported)",
                self.stopped,
                vms(self.stopped)
            ));
        }
        f.write_str(&parts.join(", "))
    }
}

/// What one VM looks like now.
#[derive(Debug, Clone, Default, PartialEq)]
struct State {
    vm_status: String,
    ready: bool,
    vmi_phase: String,
    /// DataVolume name -> (phase, progress).
    disks: BTreeMap<String, (String, String)>,
    failure: Option<String>,
}

impl State {
    fn disks_done(&self, w: &Watched) -> bool {
        w.datavolumes
            .iter()
            .all(|d| self.disks.get(d).is_some_and(|(p, _)| p == "Succeeded"))
    }
    fn done(&self, w: &Watched) -> bool {
        self.disks_done(w) && (self.ready || (!w.expects_running && self.vm_status == "Stopped"))
    }
    /// Mean import percentage over the VM's disks.
    fn percent(&self, w: &Watched) -> u64 {
        if w.datavolumes.is_empty() {
            return 100;
        }
        let sum: f64 = w
            .datavolumes
            .iter()
            .map(|d| match self.disks.get(d) {
                Some((p, _)) if p == "Succeeded" => 100.0,
                Some((_, progress)) => progress.trim_end_matches('%').parse::<f64>().unwrap_or(0.0),
                None => 0.0,
            })
            .sum();
        (sum / w.datavolumes.len() as f64).round() as u64
    }
    fn phase(&self, w: &Watched) -> String {
        if !self.disks_done(w) {
            // A DataVolume CDI has not picked up yet has no phase: it counts as Pending.
            let phases: BTreeSet<&str> = self
                .disks
                .values()
                .map(|(p, _)| if p.is_empty() { "Pending" } else { p.as_str() })
                .collect();
            let phases: Vec<&str> = phases.into_iter().collect();
            return format!(
                "importing disks ({})",
                if phases.is_empty() {
                    "Pending".into()
                } else {
                    phases.join(",")
                }
            );
        }
        if self.ready {
            return "Ready".into();
        }
        match (self.vm_status.as_str(), self.vmi_phase.as_str()) {
            ("", _) => "waiting".into(),
            (s, "") => s.into(),
            (s, p) => format!("{s} (VMI {p})"),
        }
    }
}

enum Update {
    Vm(DynamicObject),
    Vmi(DynamicObject),
    Dv(DynamicObject),
    Lost(String),
    /// Watch bookkeeping (initial list start/end, deletions) with nothing to show.
    Skip,
}

fn resource(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

/// Waits until every VM is done, one fails, or `timeout` passes; says how they ended.
pub async fn wait(
    client: &Client,
    vms: &[Watched],
    timeout: Duration,
    stuck_after: Duration,
    progress_bars: bool,
) -> Result<Settled, ClusterError> {
    let mut updates = watch_streams(client, vms);
    let mut followed = Followed::new(vms);
    let display = Display::new(vms, progress_bars);
    let deadline = tokio::time::sleep(timeout);
    tokio::pin!(deadline);
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    let ended = loop {
        if let Some(settled) = followed.settled() {
            break Ok(settled);
        }
        let update = tokio::select! {
            _ = &mut deadline => break Err(followed.timed_out(timeout)),
            _ = ticker.tick() => {
                display.tick(followed.started);
                match followed.stuck(stuck_after) {
                    Some(stuck) => break Err(stuck),
                    None => continue,
                }
            }
            u = updates.next() => u,
        };
        let changed = match update {
            None | Some(Update::Skip) => continue,
            Some(Update::Lost(message)) => {
                // The watcher retries with backoff; say so only on a pipe, once per error.
                display.note(&format!("watch interrupted, resuming: {message}"));
                continue;
            }
            Some(Update::Vm(o)) => followed.vm(&o, client).await,
            Some(Update::Vmi(o)) => followed.vmi(&o),
            Some(Update::Dv(o)) => followed.dv(&o),
        };
        let Some((key, changed)) = changed else {
            continue;
        };
        let Some((w, s)) = followed.get(&key) else {
            continue;
        };
        if changed {
            display.update(w, s, followed.started);
        }
        if let Some(failure) = &s.failure {
            break Err(ClusterError::Preflight(format!(
                "virtualmachine.kubevirt.io/{} failed: {failure}",
                w.name
            )));
        }
    };
    display.finish();
    ended
}

fn vm_resource() -> ApiResource {
    resource("kubevirt.io", "v1", "VirtualMachine", "virtualmachines")
}

fn vmi_resource() -> ApiResource {
    resource(
        "kubevirt.io",
        "v1",
        "VirtualMachineInstance",
        "virtualmachineinstances",
    )
}

fn dv_resource() -> ApiResource {
    resource("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes")
}

/// One stream of the VM, VMI and DataVolume watch events of every namespace the VMs are in.
fn watch_streams(
    client: &Client,
    vms: &[Watched],
) -> stream::SelectAll<futures_util::stream::BoxStream<'static, Update>> {
    let namespaces: BTreeSet<&str> = vms.iter().map(|w| w.namespace.as_str()).collect();
    let mut streams = Vec::new();
    for ns in namespaces {
        let api = |r: &ApiResource| Api::<DynamicObject>::namespaced_with(client.clone(), ns, r);
        let watch = |r: &ApiResource, to: fn(DynamicObject) -> Update| {
            watcher::watcher(api(r), watcher::Config::default())
                .default_backoff()
                .map(move |e| event(e, to))
                .boxed()
        };
        streams.push(watch(&vm_resource(), Update::Vm));
        streams.push(watch(&vmi_resource(), Update::Vmi));
        streams.push(watch(&dv_resource(), Update::Dv));
    }
    stream::select_all(streams)
}

fn key(namespace: &str, name: &str) -> String {
    format!("{namespace}/{name}")
}

fn object_key(o: &DynamicObject) -> String {
    key(
        o.metadata.namespace.as_deref().unwrap_or_default(),
        o.metadata.name.as_deref().unwrap_or_default(),
    )
}

/// What the wait knows of each followed VM, keyed `namespace/name`, and the rules that end it.
struct Followed<'a> {
    by_key: BTreeMap<String, &'a Watched>,
    /// DataVolume key -> owning VM key.
    dv_owner: BTreeMap<String, String>,
    states: BTreeMap<String, State>,
    started: Instant,
    /// Last time each VM's disks moved (phase or progress): a disk that does not move for
    /// `stuck_after` is reported stuck instead of waiting for the whole timeout.
    disks_moved: BTreeMap<String, Instant>,
}

impl<'a> Followed<'a> {
    fn new(vms: &'a [Watched]) -> Self {
        let by_key: BTreeMap<String, &Watched> = vms
            .iter()
            .map(|w| (key(&w.namespace, &w.name), w))
            .collect();
        let dv_owner = vms
            .iter()
            .flat_map(|w| {
                w.datavolumes
                    .iter()
                    .map(|d| (key(&w.namespace, d), key(&w.namespace, &w.name)))
            })
            .collect();
        let started = Instant::now();
        Followed {
            states: by_key
                .keys()
                .map(|k| (k.clone(), State::default()))
                .collect(),
            disks_moved: by_key.keys().map(|k| (k.clone(), started)).collect(),
            by_key,
            dv_owner,
            started,
        }
    }

    fn get(&self, key: &str) -> Option<(&'a Watched, &State)> {
        Some((*self.by_key.get(key)?, self.states.get(key)?))
    }

    /// Every VM done: how they ended.
    fn settled(&self) -> Option<Settled> {
        let all_done = self
            .states
            .iter()
            .all(|(k, s)| self.by_key.get(k).is_some_and(|w| s.done(w)));
        if !all_done {
            return None;
        }
        let ready = self.states.values().filter(|s| s.ready).count();
        Some(Settled {
            ready,
            stopped: self.states.len().saturating_sub(ready),
        })
    }

    fn timed_out(&self, timeout: Duration) -> ClusterError {
        let pending: Vec<String> = self
            .states
            .iter()
            .filter_map(|(k, s)| {
                let w = self.by_key.get(k)?;
                (!s.done(w)).then(|| format!("{k} ({})", s.phase(w)))
            })
            .collect();
        ClusterError::TimedOut(format!(
            "timed out after {}s waiting for: {} (raise --timeout, or inspect with kubectl describe vm)",
            timeout.as_secs(),
            pending.join(", ")
        ))
    }

    /// The first VM whose disks have not moved for `stuck_after`, as a failure.
    fn stuck(&self, stuck_after: Duration) -> Option<ClusterError> {
        self.states.iter().find_map(|(k, s)| {
            let w = self.by_key.get(k)?;
            let moved = self.disks_moved.get(k).copied().unwrap_or(self.started);
            if s.disks_done(w) || moved.elapsed() < stuck_after {
                return None;
            }
            let pending: Vec<String> = w
                .datavolumes
                .iter()
                .filter(|d| s.disks.get(*d).is_none_or(|(p, _)| p != "Succeeded"))
                .map(|d| match s.disks.get(d) {
                    Some((phase, progress)) => {
                        format!("{d} in phase {phase} (progress {progress})")
                    }
                    None => format!("{d} not created (is CDI running?)"),
                })
                .collect();
            Some(ClusterError::Preflight(format!(
                "virtualmachine.kubevirt.io/{} failed: DataVolume stuck for {}s: {}",
                w.name,
                stuck_after.as_secs(),
                pending.join(", ")
            )))
        })
    }

    /// A VM event: its printable status and readiness; a failed status with its reason (for a
    /// disk error, the DataVolume's own, read now). Returns the VM's key and whether its
    /// state changed.
    async fn vm(&mut self, o: &DynamicObject, client: &Client) -> Option<(String, bool)> {
        let k = object_key(o);
        let w = *self.by_key.get(&k)?;
        let s = self.states.get_mut(&k)?;
        let before = s.clone();
        let seen = ObservedVm::read(&o.data);
        s.vm_status = seen.printable_status.to_string();
        s.ready = seen.ready;
        if FAILED_STATUSES.contains(&s.vm_status.as_str()) && s.failure.is_none() {
            // The VM says only that a disk failed; the DataVolume says why, and its own event
            // may not have arrived yet (another watch): read it now.
            let from_disk = if s.vm_status == "DataVolumeError" {
                failed_datavolume(client, &w.namespace, &w.datavolumes, &dv_resource()).await
            } else {
                None
            };
            s.failure =
                Some(from_disk.unwrap_or_else(|| format!("{}: {}", s.vm_status, reason(&o.data))));
        }
        let changed = *s != before;
        Some((k, changed))
    }

    /// A VMI event: its phase.
    fn vmi(&mut self, o: &DynamicObject) -> Option<(String, bool)> {
        let k = object_key(o);
        let s = self.states.get_mut(&k)?;
        let before = s.clone();
        s.vmi_phase = ObservedVmi::read(&o.data).phase.to_string();
        let changed = *s != before;
        Some((k, changed))
    }

    /// A DataVolume event: its phase and progress on the owning VM, a failed import as the
    /// VM's failure, and the time the disks last moved.
    fn dv(&mut self, o: &DynamicObject) -> Option<(String, bool)> {
        let k = self.dv_owner.get(&object_key(o))?.clone();
        let s = self.states.get_mut(&k)?;
        let before = s.clone();
        let seen = ObservedDataVolume::read(&o.data);
        let (phase, progress) = (seen.phase.to_string(), seen.progress.to_string());
        let name = o.metadata.name.clone().unwrap_or_default();
        if import_failed(&seen) {
            s.failure = Some(format!(
                "DataVolume {name} import failed: {}",
                reason(&o.data)
            ));
        }
        s.disks.insert(name, (phase, progress));
        if s.disks != before.disks {
            self.disks_moved.insert(k.clone(), Instant::now());
        }
        let changed = *s != before;
        Some((k, changed))
    }
}

/// "DataVolume NAME import failed: REASON" for the first of `names` that failed, read from
/// the server.
async fn failed_datavolume(
    client: &Client,
    namespace: &str,
    names: &[String],
    resource: &ApiResource,
) -> Option<String> {
    let api = Api::<DynamicObject>::namespaced_with(client.clone(), namespace, resource);
    for name in names {
        if let Ok(Some(dv)) = api.get_opt(name).await {
            if import_failed(&ObservedDataVolume::read(&dv.data)) {
                return Some(format!(
                    "DataVolume {name} import failed: {}",
                    reason(&dv.data)
                ));
            }
        }
    }
    None
}

/// Whether CDI says a DataVolume's import failed: the phase `Failed`, or a `Running`
/// condition False with reason `Error`, which is what CDI writes when the importer exits with
/// an error (a bad URL, a missing file) while the phase stays `ImportInProgress` and the pod
/// is restarted. KubeVirt reads both as the VM's `DataVolumeError` and Argo CD's DataVolume
/// health check as Degraded; reading only the phase, the wait went on until its timeout and
/// then named no reason.
fn import_failed(dv: &ObservedDataVolume) -> bool {
    dv.phase == "Failed"
        || dv.conditions.iter().any(|c| {
            c.kind == "Running" && c.status == ConditionStatus::False && c.reason == "Error"
        })
}

fn event(
    e: Result<Event<DynamicObject>, watcher::Error>,
    wrap: fn(DynamicObject) -> Update,
) -> Update {
    match e {
        Ok(Event::Apply(o)) | Ok(Event::InitApply(o)) => wrap(o),
        Ok(_) => Update::Skip,
        Err(err) => Update::Lost(err.to_string()),
    }
}

/// The most telling reason in an object's status: its failing conditions' reasons and
/// messages.
fn reason(object: &Value) -> String {
    failure_reason(object).unwrap_or_else(|| "no reason given in its status".into())
}

/// Progress bars on a terminal, timestamped lines elsewhere (stderr either way).
struct Display {
    bars: Option<(
        indicatif::MultiProgress,
        BTreeMap<String, indicatif::ProgressBar>,
    )>,
    /// Last line printed per VM: a line is printed only when it says something new.
    last: std::sync::Mutex<BTreeMap<String, String>>,
}

impl Display {
    fn new(vms: &[Watched], progress_bars: bool) -> Self {
        if !progress_bars {
            return Display {
                bars: None,
                last: Default::default(),
            };
        }
        let multi =
            indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::stderr());
        let style = indicatif::ProgressStyle::with_template(
            "{prefix:<30} [{bar:30}] {pos:>3}% {elapsed:>5} {msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
        let mut bars = BTreeMap::new();
        for w in vms {
            let bar = multi.add(indicatif::ProgressBar::new(100));
            bar.set_style(style.clone());
            bar.set_prefix(w.name.clone());
            bar.set_message("waiting");
            bars.insert(format!("{}/{}", w.namespace, w.name), bar);
        }
        Display {
            bars: Some((multi, bars)),
            last: Default::default(),
        }
    }

    fn update(&self, w: &Watched, s: &State, started: Instant) {
        match &self.bars {
            Some((_, bars)) => {
                if let Some(bar) = bars.get(&format!("{}/{}", w.namespace, w.name)) {
                    bar.set_position(s.percent(w));
                    bar.set_message(s.phase(w));
                    if s.done(w) {
                        bar.finish();
                    }
                }
            }
            None => {
                let (phase, percent) = (s.phase(w), s.percent(w));
                // Logs get a line per phase change and per 10% of import, not one per
                // progress update: CDI reports progress every few seconds per disk.
                let step = format!("{phase} {}", percent / 10);
                let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
                let key = format!("{}/{}", w.namespace, w.name);
                if last.get(&key) != Some(&step) {
                    eprintln!(
                        "{} {key}: {phase} {percent}% (elapsed {}s)",
                        timestamp(),
                        started.elapsed().as_secs()
                    );
                    last.insert(key, step);
                }
            }
        }
    }

    fn note(&self, text: &str) {
        if self.bars.is_none() {
            eprintln!("{} {text}", timestamp());
        }
    }

    fn tick(&self, _started: Instant) {
        if let Some((_, bars)) = &self.bars {
            for bar in bars.values() {
                bar.tick();
            }
        }
    }

    fn finish(&self) {
        if let Some((multi, bars)) = &self.bars {
            for bar in bars.values() {
                if !bar.is_finished() {
                    bar.abandon();
                }
            }
            let _ = multi.clear();
        }
    }
}

/// UTC time as RFC 3339, seconds precision.
fn timestamp() -> String {
    format!("{:.0}", k8s_openapi::jiff::Timestamp::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reasons_come_from_failing_conditions() {
        let dv = json!({"status": {"conditions": [
            {"type": "Ready", "status": "True", "reason": ""},
            {"type": "Running", "status": "False", "reason": "Error", "message": "Unable to connect to http data source"}]}});
        assert_eq!(
            reason(&dv),
            "Running Error: Unable to connect to http data source"
        );
        assert_eq!(reason(&json!({})), "no reason given in its status");
    }

    #[test]
    fn an_import_error_is_a_failure_while_the_phase_is_still_in_progress() {
        let failed = |dv: Value| import_failed(&ObservedDataVolume::read(&dv));
        // CDI for a bad URL: the importer restarts, the phase does not move.
        assert!(failed(
            json!({"status": {"phase": "ImportInProgress", "conditions": [
            {"type": "Ready", "status": "False"},
            {"type": "Running", "status": "False", "reason": "Error", "message": "Unable to connect to http data source"}]}})
        ));
        assert!(failed(json!({"status": {"phase": "Failed"}})));
        // Not yet running, or running fine: no failure.
        assert!(!failed(
            json!({"status": {"phase": "ImportScheduled", "conditions": [
            {"type": "Running", "status": "False", "reason": "Pending"}]}})
        ));
        assert!(!failed(
            json!({"status": {"phase": "ImportInProgress", "conditions": [
            {"type": "Running", "status": "True", "reason": "Pod is running"}]}})
        ));
    }

    #[test]
    fn which_vms_are_expected_to_run_follows_kubevirt() {
        let expects = |spec: Value| {
            Watched::from_vm(
                &json!({"kind": "VirtualMachine", "metadata": {"name": "v"}, "spec": spec}),
            )
            .map(|w| w.expects_running)
        };
        assert_eq!(expects(json!({"running": false})), Some(false));
        assert_eq!(expects(json!({"running": true})), Some(true));
        assert_eq!(expects(json!({"runStrategy": "Halted"})), Some(false));
        assert_eq!(expects(json!({"runStrategy": "Manual"})), Some(false));
        assert_eq!(expects(json!({"runStrategy": "Once"})), Some(true));
        assert_eq!(expects(json!({})), Some(true));
    }

    #[test]
    fn a_vm_is_done_when_disks_imported_and_ready() {
        let w = Watched {
            namespace: "d".into(),
            name: "v".into(),
            datavolumes: vec!["v-d".into()],
            expects_running: true,
        };
        let mut s = State {
            ready: true,
            ..State::default()
        };
        assert!(!s.done(&w));
        s.disks
            .insert("v-d".into(), ("ImportInProgress".into(), "50.00%".into()));
        assert_eq!(s.percent(&w), 50);
        s.disks
            .insert("v-d".into(), ("Succeeded".into(), "100.0%".into()));
        assert!(s.done(&w));
    }

    #[test]
    fn ready_and_stopped_vms_are_counted_apart() {
        let said = |ready, stopped| Settled { ready, stopped }.to_string();
        assert_eq!(said(2, 0), "2 VMs ready");
        assert_eq!(said(1, 0), "1 VM ready");
        assert_eq!(
            said(1, 1),
            "1 VM ready, 1 VM stopped by its run strategy (disks imported)"
        );
        assert_eq!(
            said(0, 2),
            "2 VMs stopped by their run strategy (disks imported)"
        );
    }

    #[test]
    fn timestamps_are_rfc3339() {
        let t = timestamp();
        assert_eq!(t.len(), 20, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T');
    }
}
