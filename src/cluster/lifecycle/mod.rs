//! The lifecycle driver (`start`, `stop`, `restart`, `migrate`, `evacuate`): the cluster side
//! of `crate::roll::lifecycle`. Each pass reads the operation's VMs and the namespace's VMIs
//! (from watch-fed caches while it runs, see `views`), hands them to the pure planner and
//! carries its actions out through KubeVirt's own `subresources.kubevirt.io` endpoints (as
//! virtctl does). The operation lives in the cluster like a rollout: a Lease
//! (`vmmigrate-<verb>-<hash>`) is its lock and carries its record (spec, the VMs it
//! selected, pause/abort), each VM's progress is an annotation, so a killed client loses
//! nothing and the same command resumes it once the Lease has expired. When it ends, a
//! ControllerRevision keeps it as a history entry.

mod history;
mod views;

use crate::cluster::record_lease::{holder_identity, other_live_holder, RecordLease};
use crate::cluster::rollout::{api_err, check_rights, now_ms, VirtApiAction, MANAGER};
use crate::roll::lifecycle::{self, Action, Counts, Kind, OpSpec, Progress, Verb, VmView};
use crate::roll::planner::Millis;
use crate::roll::RollError;
use kube::api::{Api, ApiResource, DynamicObject, ListParams, Patch, PatchParams};
use kube::core::GroupVersionKind;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use history::Entry;

/// On the Lease: the operation's record.
pub const ANN_RECORD: &str = "vmmigrate.io/lifecycle-record";
/// On each VM: its progress in the operation (`{"op": id, ...progress}`).
pub const ANN_PROGRESS: &str = "vmmigrate.io/lifecycle";
/// On the Lease and the history entry: the verb.
pub const LABEL_VERB: &str = "vmmigrate.io/lifecycle";

fn ar(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

/// Steering word of an operation, set by `pause`/`resume`/`abort` from any client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpStatus {
    Progressing,
    Paused,
    Aborted,
}

/// What the Lease carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpRecord {
    /// Unique per operation, so a later operation on the same VMs ignores old progress.
    pub id: String,
    pub spec: OpSpec,
    /// The VMs selected when it began (evacuate: those on the node then).
    pub vms: Vec<String>,
    pub cause: String,
    pub status: OpStatus,
    pub started_ms: Millis,
}

/// How an operation run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Every VM settled (done, unchanged, skipped or failed: see the report).
    Complete,
    /// Without `--wait`: every action was asked, some are still in flight.
    Issued,
    /// The failure threshold stopped it.
    Failed(String),
    TimedOut,
    Aborted,
}

/// One VM's line in the final report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VmResult {
    pub name: String,
    pub node: String,
    pub result: String,
    pub detail: String,
}

/// The end of a run: how it ended, the counts and each VM's line.
#[derive(Debug, Clone)]
pub struct Report {
    pub ending: Ending,
    pub counts: Counts,
    pub vms: Vec<VmResult>,
}

impl Report {
    /// Whether some VM did not get there (skipped or failed).
    pub fn incomplete(&self) -> bool {
        self.counts.failed > 0 || self.counts.skipped > 0
    }
}

/// Per-run knobs that are not part of the operation's record.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// `stop --grace-period`: seconds, sent as StopOptions.gracePeriod.
    pub grace_period: Option<i64>,
    /// Wait until every VM settled (else return once every action was asked).
    pub wait: bool,
    pub deadline: Option<Instant>,
    pub verbose: bool,
}

/// One operation's handle on the cluster.
pub struct Op {
    pub client: kube::Client,
    pub namespace: String,
    pub name: String,
    vms: Api<DynamicObject>,
    vmis: Api<DynamicObject>,
    /// The operation's Lease: its lock and its record.
    pub lease: RecordLease,
    /// Per VMI uid: when this client first saw it Ready (a restart of the client starts
    /// min-ready over, which errs on the safe side).
    ready_seen: BTreeMap<String, Millis>,
    /// Watch-fed copies of the namespace's VMs and VMIs while `run` drives.
    caches: Option<views::Caches>,
    /// The resourceVersion each of this client's progress marks returned, by VM: a cache
    /// that does not show one yet is not read (the pass would act on the VM again).
    marked: std::sync::Mutex<std::collections::HashMap<String, u64>>,
}

/// A connection and the namespace the operations act in.
#[derive(Clone)]
pub struct Session {
    client: kube::Client,
    pub namespace: String,
}

impl Session {
    /// Connect as kubectl would; the namespace is `namespace` or the context's.
    pub async fn connect(
        options: &crate::cluster::ConnectOptions,
        namespace: Option<String>,
    ) -> Result<Self, RollError> {
        let client = crate::cluster::connect(options)
            .await
            .map_err(|e| RollError::Connect(e.to_string()))?;
        let namespace = namespace.unwrap_or_else(|| client.default_namespace().to_string());
        Ok(Session { client, namespace })
    }

    /// The operation of `verb` on `key` (a selector and names, or a node).
    pub fn op(&self, verb: Verb, key: &str) -> Op {
        Op::new(
            self.client.clone(),
            &self.namespace,
            &op_name(verb, &self.namespace, key),
        )
    }

    /// The ended operations of `verb`.
    pub async fn history(&self, verb: Verb) -> Result<Vec<history::Entry>, RollError> {
        history::list(&self.client, &self.namespace, verb).await
    }
}

/// The Lease name of an operation: the verb and a hash of where and what.
pub fn op_name(verb: Verb, namespace: &str, key: &str) -> String {
    let h = crate::roll::state::short_hash(&format!("{namespace}\n{key}"));
    format!("vmmigrate-{verb}-{}", &h[..10])
}

fn pp() -> PatchParams {
    PatchParams {
        field_manager: Some(MANAGER.into()),
        ..PatchParams::default()
    }
}

/// Every object of `api` in the namespace; `what` names them in an error
/// ("VirtualMachineInstances").
async fn list_all(api: &Api<DynamicObject>, what: &str) -> Result<Vec<DynamicObject>, RollError> {
    api.list(&ListParams::default())
        .await
        .map(|l| l.items)
        .map_err(|e| api_err(&format!("listing {what}"), e))
}

fn name(o: &DynamicObject) -> String {
    o.metadata.name.clone().unwrap_or_default()
}

impl Op {
    pub fn new(client: kube::Client, namespace: &str, name: &str) -> Self {
        let api = |r: ApiResource| Api::namespaced_with(client.clone(), namespace, &r);
        Op {
            vms: api(ar("kubevirt.io", "v1", "VirtualMachine", "virtualmachines")),
            vmis: api(ar(
                "kubevirt.io",
                "v1",
                "VirtualMachineInstance",
                "virtualmachineinstances",
            )),
            lease: RecordLease::new(
                client.clone(),
                namespace,
                name,
                holder_identity(&format!("{MANAGER}-")),
                ANN_RECORD,
                ("the operation's Lease", "the operation's state"),
            ),
            client,
            namespace: namespace.to_string(),
            name: name.to_string(),
            ready_seen: BTreeMap::new(),
            caches: None,
            marked: Default::default(),
        }
    }

    /// The VMs of a selector or names (names must exist, as kubectl wants them to).
    pub async fn select(
        &self,
        selector: Option<&str>,
        names: &[String],
    ) -> Result<Vec<String>, RollError> {
        let mut lp = ListParams::default();
        if let Some(s) = selector {
            lp = lp.labels(s);
        }
        let listed = self
            .vms
            .list(&lp)
            .await
            .map_err(|e| api_err("listing VirtualMachines", e))?
            .items;
        let mut found: Vec<String> = listed.iter().map(name).collect();
        if !names.is_empty() {
            for n in names {
                if !found.contains(n) {
                    return Err(RollError::NotFound(format!(
                        "Error from server (NotFound): virtualmachines.kubevirt.io \"{n}\" not found"
                    )));
                }
            }
            found.retain(|n| names.contains(n));
        }
        found.sort();
        if found.is_empty() {
            return Err(RollError::NotFound(format!(
                "No VirtualMachines found in {} namespace{}.",
                self.namespace,
                selector
                    .map(|s| format!(" matching {s}"))
                    .unwrap_or_default()
            )));
        }
        Ok(found)
    }

    /// The VMs whose instance runs on `node` (evacuate), and the instances there that no
    /// VirtualMachine owns (they cannot be moved by their VM: reported).
    pub async fn on_node(&self, node: &str) -> Result<(Vec<String>, Vec<String>), RollError> {
        let vmis = list_all(&self.vmis, "VirtualMachineInstances").await?;
        let (mut owned, mut bare) = (vec![], vec![]);
        for i in vmis.iter().filter(|i| {
            i.data.pointer("/status/nodeName").and_then(Value::as_str) == Some(node)
                && i.metadata.deletion_timestamp.is_none()
        }) {
            let by_vm = i
                .metadata
                .owner_references
                .iter()
                .flatten()
                .any(|r| r.kind == "VirtualMachine");
            if by_vm {
                owned.push(name(i));
            } else {
                bare.push(name(i));
            }
        }
        owned.sort();
        bare.sort();
        Ok((owned, bare))
    }

    /// Mark `node` unschedulable (`kubectl cordon`).
    pub async fn cordon(&self, node: &str) -> Result<(), RollError> {
        let nodes: Api<DynamicObject> =
            Api::all_with(self.client.clone(), &ar("", "v1", "Node", "nodes"));
        nodes
            .patch(
                node,
                &pp(),
                &Patch::Merge(json!({"spec": {"unschedulable": true}})),
            )
            .await
            .map_err(|e| api_err(&format!("cordoning node {node}"), e))?;
        Ok(())
    }

    /// Whether `node` is cordoned; None when it does not exist (evacuate checks it before
    /// anything else).
    pub async fn node_cordoned(&self, node: &str) -> Result<Option<bool>, RollError> {
        let nodes: Api<DynamicObject> =
            Api::all_with(self.client.clone(), &ar("", "v1", "Node", "nodes"));
        Ok(nodes
            .get_opt(node)
            .await
            .map_err(|e| api_err("reading a Node", e))?
            .map(|n| n.data.pointer("/spec/unschedulable") == Some(&json!(true))))
    }

    /// The operation's record, its Lease holder and when the Lease expires, if it exists.
    pub async fn read(&self) -> Result<Option<(OpRecord, Option<String>, Millis)>, RollError> {
        let Some(seen) = self.lease.read::<OpRecord>().await? else {
            return Ok(None);
        };
        let rec = seen.record.ok_or_else(|| {
            RollError::Held(format!(
                "Lease {}/{} has no readable {ANN_RECORD} annotation; delete it to start over",
                self.namespace, self.name
            ))
        })?;
        Ok(Some((rec, seen.holder, seen.expires_ms)))
    }

    /// Take the operation: create its Lease with `rec`, or take over an existing one whose
    /// holder is gone (its Lease expired or released); returns the record it goes on with.
    pub async fn acquire(&mut self, rec: OpRecord) -> Result<(OpRecord, bool), RollError> {
        let now = now_ms();
        match self.read().await? {
            Some((old, holder, expires)) => {
                if let Some((h, left)) =
                    other_live_holder(&self.lease.holder, holder.as_deref(), expires, now)
                {
                    return Err(RollError::Held(format!(
                        "{} {} is in progress, held by {h} for {left:.1}s more; wait for it, or for its Lease to expire if that client died",
                        rec.spec.verb, self.name
                    )));
                }
                self.lease.take().await?;
                Ok((old, true))
            }
            None => {
                self.lease
                    .create(&rec, json!({LABEL_VERB: rec.spec.verb.as_str()}))
                    .await?;
                Ok((rec, false))
            }
        }
    }

    async fn renew(&mut self) -> Result<(), RollError> {
        self.lease.renew().await
    }

    /// Give the Lease up (the record stays, so the same command resumes at once).
    pub async fn release(&self) -> Result<(), RollError> {
        self.lease.release().await
    }

    /// Before the operation's first write: every right it needs granted and virt-api's
    /// actions served, each problem listed together (`RollError::Preflight`), so a user
    /// without a right is refused before a Lease, a cordon or a VM is touched.
    pub async fn preflight(
        &self,
        spec: &OpSpec,
        create_lease: bool,
        cordon: bool,
    ) -> Result<(), RollError> {
        let kinds = lifecycle::actions(spec);
        let resources: Vec<(String, String)> = kinds
            .iter()
            .map(|k| {
                (
                    format!("virtualmachines/{}", k.as_str()),
                    format!("`{}` of a VM", k.as_str()),
                )
            })
            .collect();
        let actions: Vec<VirtApiAction> = resources
            .iter()
            .map(|(resource, doing)| VirtApiAction {
                resource,
                doing,
                instead: "",
            })
            .collect();
        let accesses = lifecycle::accesses(spec, create_lease, cordon, &self.namespace);
        check_rights(&self.client, &accesses, &actions).await
    }

    /// Set the operation's steering word (`pause`, `resume`, `abort` from any client).
    pub async fn set_status(&self, status: OpStatus) -> Result<OpRecord, RollError> {
        let Some((mut rec, _, _)) = self.read().await? else {
            return Err(RollError::NotFound(format!(
                "no operation {} in namespace {}",
                self.name, self.namespace
            )));
        };
        rec.status = status;
        self.lease.save(&rec).await?;
        Ok(rec)
    }

    /// The operation ended: its history entry, then its Lease goes.
    async fn end(&self, rec: &OpRecord, report: &Report) -> Result<(), RollError> {
        history::record(self, rec, report).await?;
        self.lease.delete().await
    }

    /// Write `progress` on `vm` for operation `rec`.
    async fn mark(&self, vm: &str, rec: &OpRecord, progress: &Progress) -> Result<(), RollError> {
        let mut v = serde_json::to_value(progress)?;
        v["op"] = json!(rec.id);
        let body = json!({"metadata": {"annotations": {ANN_PROGRESS: v.to_string()}}});
        match self.vms.patch(vm, &pp(), &Patch::Merge(body)).await {
            Ok(written) => {
                if let (Some(rv), Ok(mut marked)) =
                    (crate::cluster::rollout::rv(&written), self.marked.lock())
                {
                    marked.insert(vm.to_string(), rv);
                }
                Ok(())
            }
            Err(kube::Error::Api(s)) if s.code == 404 => Ok(()),
            Err(e) => Err(api_err(&format!("annotating VirtualMachine {vm}"), e)),
        }
    }

    /// PUT one of virt-api's VirtualMachine subresources with the body virtctl sends.
    async fn subresource(&self, vm: &str, kind: Kind, body: Value) -> Result<(), RollError> {
        let path = format!(
            "/apis/subresources.kubevirt.io/v1/namespaces/{}/virtualmachines/{vm}/{kind}",
            self.namespace
        );
        let doing = match kind {
            Kind::Start => "starting",
            Kind::Stop => "stopping",
            Kind::Restart => "restarting",
            Kind::Migrate => "migrating",
        };
        let what = format!("{doing} VirtualMachine {vm}");
        let req = http::Request::put(path)
            .header("Content-Type", "application/json")
            .body(body.to_string().into_bytes())
            .map_err(|e| RollError::Request {
                what: what.clone(),
                message: e.to_string(),
            })?;
        match self.client.request_text(req).await {
            Ok(_) => Ok(()),
            // A restart already queued (someone's `virtctl restart`, or this operation's own
            // before a kill) has the effect this one waits for: a new instance.
            Err(kube::Error::Api(s))
                if kind == Kind::Restart
                    && crate::kubevirt::observed::state_change_underway(&s.message) =>
            {
                Ok(())
            }
            Err(e) => Err(api_err(&what, e)),
        }
    }

    /// Carry out one action; a refusal by KubeVirt fails that VM, not the operation.
    async fn act(
        &self,
        a: &Action,
        rec: &OpRecord,
        views: &[VmView],
        opts: &RunOptions,
    ) -> Result<(), RollError> {
        match a {
            Action::Act { vm, kind } => {
                let vmi = views
                    .iter()
                    .find(|v| &v.name == vm)
                    .and_then(|v| v.vmi.clone());
                let progress = Progress::InFlight {
                    kind: *kind,
                    since: now_ms(),
                    vmi: vmi.as_ref().map(|i| i.uid.clone()).unwrap_or_default(),
                    node: vmi.as_ref().map(|i| i.node.clone()).unwrap_or_default(),
                    migration: vmi.map(|i| i.migration_uid).unwrap_or_default(),
                };
                // Recorded first: a client killed right after the call resumes by waiting
                // for its effect instead of asking twice.
                self.mark(vm, rec, &progress).await?;
                let body = match (kind, opts.grace_period) {
                    (Kind::Stop, Some(g)) => json!({"gracePeriod": g}),
                    _ => json!({}),
                };
                if let Err(e) = self.subresource(vm, *kind, body).await {
                    let reason = e.to_string();
                    eprintln!("virtualmachine/{vm}: failed: {reason}");
                    self.mark(vm, rec, &Progress::Failed { reason }).await?;
                    return Ok(());
                }
                eprintln!("virtualmachine/{vm}: {kind}");
            }
            Action::MarkDone { vm, kind } => {
                self.mark(vm, rec, &Progress::Done { kind: *kind }).await?;
                let node = views
                    .iter()
                    .find(|v| &v.name == vm)
                    .and_then(|v| v.vmi.as_ref())
                    .map(|i| i.node.clone())
                    .unwrap_or_default();
                eprintln!("virtualmachine/{vm}: {}", done_word(*kind, &node));
            }
            Action::MarkFailed { vm, reason } => {
                self.mark(
                    vm,
                    rec,
                    &Progress::Failed {
                        reason: reason.clone(),
                    },
                )
                .await?;
                eprintln!("virtualmachine/{vm}: failed: {reason}");
            }
            Action::MarkSkipped { vm, reason } => {
                self.mark(
                    vm,
                    rec,
                    &Progress::Skipped {
                        reason: reason.clone(),
                    },
                )
                .await?;
                eprintln!("virtualmachine/{vm}: left alone: {reason}");
            }
            Action::MarkUnchanged { vm, reason } => {
                self.mark(
                    vm,
                    rec,
                    &Progress::Unchanged {
                        reason: reason.clone(),
                    },
                )
                .await?;
                eprintln!("virtualmachine/{vm}: unchanged ({reason})");
            }
            Action::Complete | Action::Fail { .. } => {}
        }
        Ok(())
    }

    /// Observe, plan, act until the operation ends (or, without `--wait`, until every VM's
    /// action was asked), the deadline passes, or someone aborts it.
    pub async fn run(&mut self, rec: &OpRecord, opts: &RunOptions) -> Result<Report, RollError> {
        let mut last_counts = None;
        let mut paused_said = false;
        if self.caches.is_none() {
            self.start_watching().await;
        }
        let views = self.views(rec).await?;
        self.reask_orphans(rec, &views, opts).await?;
        loop {
            self.renew().await?;
            // The record, re-read: `pause`/`abort` from another client land here.
            let status = match self.read().await? {
                Some((r, _, _)) if r.id == rec.id => r.status,
                _ => OpStatus::Aborted,
            };
            let views = self.views(rec).await?;
            let now = now_ms();
            if status == OpStatus::Aborted {
                eprintln!("{} {}: aborted", rec.spec.verb, self.name);
                let report = self.report(rec, &views, Ending::Aborted, now);
                self.end(rec, &report).await?;
                return Ok(report);
            }
            let mut plan = lifecycle::plan(&rec.spec, &views, now);
            if status == OpStatus::Paused {
                // In-flight VMs finish; nothing new starts.
                plan.actions.retain(|a| !matches!(a, Action::Act { .. }));
                if !paused_said {
                    eprintln!(
                        "{} {}: paused (`kubectl vmmigrate {} resume` goes on)",
                        rec.spec.verb, self.name, rec.spec.verb
                    );
                    paused_said = true;
                }
            } else {
                paused_said = false;
            }
            for a in &plan.actions {
                self.act(a, rec, &views, opts).await?;
            }
            if opts.verbose && last_counts != Some(plan.counts) && !plan.actions.is_empty() {
                let c = plan.counts;
                eprintln!(
                    "{}: {} of {} done, {} in flight, unavailable {} (max {}), skipped {}, failed {}",
                    rec.spec.verb,
                    c.done,
                    c.total,
                    c.in_flight,
                    c.unavailable,
                    c.max_unavailable,
                    c.skipped,
                    c.failed
                );
                last_counts = Some(plan.counts);
            }
            let ending = plan.actions.iter().find_map(|a| match a {
                Action::Complete => Some(Ending::Complete),
                Action::Fail { reason } => Some(Ending::Failed(reason.clone())),
                _ => None,
            });
            let all_asked = !opts.wait
                && status == OpStatus::Progressing
                && views.iter().all(|v| {
                    !matches!(v.progress, Progress::Pending)
                        || plan
                            .actions
                            .iter()
                            .any(|a| matches!(a, Action::Act { vm, .. } | Action::MarkSkipped { vm, .. } | Action::MarkUnchanged { vm, .. } if *vm == v.name))
                });
            if let Some(ending) = ending.or(all_asked.then_some(Ending::Issued)) {
                let views = self.views(rec).await?;
                let report = self.report(rec, &views, ending, now_ms());
                self.end(rec, &report).await?;
                return Ok(report);
            }
            if opts.deadline.is_some_and(|d| Instant::now() >= d) {
                self.release().await?;
                return Ok(self.report(rec, &views, Ending::TimedOut, now));
            }
            // Poll: a pass reads the caches (and the record), and must also come when only
            // time moves (min-ready, deadlines).
            let mut pause = Duration::from_millis(100);
            if let Some(w) = plan.wake_at {
                pause = pause.min(Duration::from_millis(w.saturating_sub(now).max(10)));
            }
            tokio::time::sleep(pause).await;
        }
    }

    fn report(&self, rec: &OpRecord, views: &[VmView], ending: Ending, now: Millis) -> Report {
        let counts = lifecycle::plan(&rec.spec, views, now).counts;
        let vms = views
            .iter()
            .map(|v| {
                let node = v.vmi.as_ref().map(|i| i.node.clone()).unwrap_or_default();
                let (result, detail) = match &v.progress {
                    Progress::Done { kind } => (done_word(*kind, ""), String::new()),
                    Progress::Unchanged { reason } => ("unchanged".into(), reason.clone()),
                    Progress::Skipped { reason } => ("skipped".into(), reason.clone()),
                    Progress::Failed { reason } => ("failed".into(), reason.clone()),
                    Progress::InFlight { kind, .. } => (format!("{kind} in flight"), String::new()),
                    Progress::Pending => ("pending".into(), String::new()),
                };
                VmResult {
                    name: v.name.clone(),
                    node,
                    result: result.trim().to_string(),
                    detail,
                }
            })
            .collect();
        Report {
            ending,
            counts,
            vms,
        }
    }
}

/// The past tense of a kind, as a progress line says it.
fn done_word(kind: Kind, node: &str) -> String {
    match kind {
        Kind::Start => "started".into(),
        Kind::Stop => "stopped".into(),
        Kind::Restart if node.is_empty() => "restarted".into(),
        Kind::Restart => format!("restarted on {node}"),
        Kind::Migrate if node.is_empty() => "migrated".into(),
        Kind::Migrate => format!("migrated to {node}"),
    }
}
