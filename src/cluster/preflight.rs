//! Checks made before the first write, all of them, reported together in one message: the
//! KubeVirt and CDI APIs are served, every namespace, storage class, Multus network,
//! instancetype and preference the objects name exists, the user may create and patch what
//! is applied (SelfSubjectAccessReview), and no MAC address is already used by another VM.
//!
//! A check the user has no right to make (a namespace admin may not read storage classes or
//! list VMs cluster-wide) does not block: what can be checked is (MAC addresses against the
//! VMs of the target namespaces), what cannot is returned as skipped for one warning line, and
//! only what was verified missing fails. `strict` (`--strict-preflight`) makes skipped checks
//! errors.

use super::apply::{api_for, live_key, Live, Target};
use super::error::{self, ClusterError};
use k8s_openapi::api::authorization::v1::{
    ResourceAttributes, SelfSubjectAccessReview, SelfSubjectAccessReviewSpec,
};
use k8s_openapi::api::core::v1::Namespace;
use k8s_openapi::api::storage::v1::StorageClass;
use kube::api::{Api, DynamicObject, GroupVersionKind, ListParams, PostParams};
use kube::discovery::ApiResource;
use kube::Client;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default)]
pub struct PreflightOptions {
    pub create_namespace: bool,
    /// Server dry runs and diffs only read: they need `patch`, never `create` rights.
    pub read_only: bool,
    /// Checks the user may not make are errors instead of warnings (`--strict-preflight`).
    pub strict: bool,
}

/// A check that was not made because the user may not read what it needs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    /// What was not verified, e.g. `storage class "fast"`.
    pub check: String,
    /// The right it needs, e.g. `get storageclasses.storage.k8s.io at the cluster scope`.
    pub needs: String,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (needs {})", self.check, self.needs)
    }
}

/// The one line a user sees about skipped checks (empty when nothing was skipped).
pub fn skipped_line(skipped: &[Skipped]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let list: Vec<String> = skipped.iter().map(Skipped::to_string).collect();
    format!(
        "Warning: preflight could not check, not allowed to read: {}; pass --strict-preflight to make this an error",
        list.join(", ")
    )
}

/// What passed preflight: the live objects read on the way, and the checks skipped.
#[derive(Debug, Default)]
pub struct Checked {
    pub live: Live,
    pub skipped: Vec<Skipped>,
}

/// Problems found and checks skipped so far.
#[derive(Default)]
struct Findings {
    problems: Vec<String>,
    skipped: BTreeSet<Skipped>,
}

impl Findings {
    /// Takes in what another check found, after what this one holds.
    fn merge(&mut self, other: Findings) {
        self.problems.extend(other.problems);
        self.skipped.extend(other.skipped);
    }

    /// Records a failed read: a skipped check when it was forbidden, a problem otherwise.
    fn read_failed(&mut self, check: String, needs: String, what: &str, e: &kube::Error) {
        if error::status_code(e) == Some(403) {
            self.skipped.insert(Skipped { check, needs });
        } else {
            self.problems
                .push(format!("cannot read {what}: {}", error::describe(e)));
        }
    }
}

fn scope(ns: Option<&str>) -> String {
    match ns {
        Some(ns) => format!("in namespace \"{ns}\""),
        None => "at the cluster scope".into(),
    }
}

/// Runs every check; `Ok` with what was skipped, or one `ClusterError::Preflight` listing all
/// problems. `missing_kinds` are the kinds discovery did not find (see `apply::resolve`).
pub async fn check(
    client: &Client,
    targets: &[Target],
    missing_kinds: &[String],
    options: &PreflightOptions,
) -> Result<Checked, ClusterError> {
    // The VM lists made for the MAC check also tell what exists already.
    let mut seen = Live::new();
    let mut found = Findings::default();
    for kind in missing_kinds {
        found.problems.push(not_served(kind));
    }
    let vms: Vec<&Target> = targets
        .iter()
        .filter(|t| t.object["kind"] == "VirtualMachine")
        .collect();
    let uses_datavolumes = vms.iter().any(|t| {
        t.object["spec"]["dataVolumeTemplates"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    });
    if uses_datavolumes && !served(client, "cdi.kubevirt.io/v1beta1", "datavolumes").await {
        found.problems.push("CDI is not installed: the cluster does not serve cdi.kubevirt.io/v1beta1 DataVolumes, which the VMs' disks need (install CDI)".into());
    }
    if !missing_kinds.is_empty() {
        // Without the APIs the remaining checks would only repeat the same problem.
        return finish(found, seen, options);
    }
    let absent_namespaces = check_namespaces(client, targets, options, &mut found).await;
    // The other checks are independent reads: made at once (the VM list for the MAC check
    // is the slowest), their findings reported in this order.
    let (mut classes, mut references, mut permissions, mut macs) = Default::default();
    tokio::join!(
        check_storage_classes(client, targets, &mut classes),
        check_references(client, &vms, targets, &absent_namespaces, &mut references),
        check_permissions(
            client,
            targets,
            options,
            &absent_namespaces,
            &mut permissions
        ),
        check_macs(client, &vms, &mut seen, &mut macs),
    );
    for part in [classes, references, permissions, macs] {
        found.merge(part);
    }
    finish(found, seen, options)
}

/// Every target namespace exists (or is applied, or `--create-namespace` creates it).
/// Returns the namespaces verified absent.
async fn check_namespaces(
    client: &Client,
    targets: &[Target],
    options: &PreflightOptions,
    found: &mut Findings,
) -> BTreeSet<String> {
    let namespaces: BTreeSet<String> = targets
        .iter()
        .filter_map(|t| t.namespace().map(str::to_string))
        .collect();
    let applied_namespaces: BTreeSet<String> = targets
        .iter()
        .filter(|t| t.object["kind"] == "Namespace")
        .map(|t| t.name().to_string())
        .collect();
    let ns_api: Api<Namespace> = Api::all(client.clone());
    let mut absent_namespaces = BTreeSet::new();
    for ns in namespaces.difference(&applied_namespaces) {
        match ns_api.get_opt(ns).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                absent_namespaces.insert(ns.clone());
                if !options.create_namespace {
                    found.problems.push(format!(
                        "namespace \"{ns}\" not found (create it, or pass --create-namespace)"
                    ));
                }
            }
            Err(e) => found.read_failed(
                format!("namespace \"{ns}\" exists"),
                format!("get namespaces {}", scope(Some(ns))),
                &format!("namespace \"{ns}\""),
                &e,
            ),
        }
    }
    absent_namespaces
}

/// Storage classes named by disks exist.
async fn check_storage_classes(client: &Client, targets: &[Target], found: &mut Findings) {
    let mut classes: BTreeMap<String, String> = BTreeMap::new();
    for t in targets {
        for class in storage_classes(&t.object) {
            classes.entry(class).or_insert_with(|| t.reference.clone());
        }
    }
    let sc_api: Api<StorageClass> = Api::all(client.clone());
    for (class, user) in &classes {
        match sc_api.get_opt(class).await {
            Ok(Some(_)) => {}
            Ok(None) => found.problems.push(format!(
                "storage class \"{class}\" (used by {user}) not found"
            )),
            Err(e) => found.read_failed(
                format!("storage class \"{class}\""),
                "get storageclasses.storage.k8s.io at the cluster scope".into(),
                &format!("storage class \"{class}\""),
                &e,
            ),
        }
    }
}

/// Multus networks, instancetypes and preferences named by VMs exist.
async fn check_references(
    client: &Client,
    vms: &[&Target],
    targets: &[Target],
    absent_namespaces: &BTreeSet<String>,
    found: &mut Findings,
) {
    let applied: BTreeSet<(String, String, String)> = targets
        .iter()
        .map(|t| {
            (
                t.object["kind"].as_str().unwrap_or_default().to_string(),
                t.namespace().unwrap_or_default().to_string(),
                t.name().to_string(),
            )
        })
        .collect();
    let mut multus_served: Option<bool> = None;
    // Hundreds of VMs name the same few instancetypes: each is read once.
    let mut sizing = SizingSeen::new();
    let mut networks = NetworksSeen::new();
    for vm in vms {
        let ns = vm.namespace().unwrap_or("default");
        for network in vm.object["spec"]["template"]["spec"]["networks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            let Some(name) = network["multus"]["networkName"].as_str() else {
                continue;
            };
            let (net_ns, net_name) = name.split_once('/').unwrap_or((ns, name));
            if applied.contains(&(
                "NetworkAttachmentDefinition".into(),
                net_ns.into(),
                net_name.into(),
            )) {
                continue;
            }
            if multus_served.is_none() {
                multus_served = Some(
                    served(
                        client,
                        "k8s.cni.cncf.io/v1",
                        "network-attachment-definitions",
                    )
                    .await,
                );
            }
            if multus_served == Some(false) {
                found.problems.push(format!("Multus is not installed: {} uses the network \"{name}\" but the cluster does not serve k8s.cni.cncf.io NetworkAttachmentDefinitions", vm.reference));
                continue;
            }
            if absent_namespaces.contains(net_ns) {
                found.problems.push(format!("network \"{net_ns}/{net_name}\" (used by {}) not found: its namespace does not exist yet", vm.reference));
                continue;
            }
            check_network(client, vm, (net_ns, net_name), &mut networks, found).await;
        }
        check_sizing(client, vm, ns, &mut sizing, found).await;
    }
}

/// What a read of an instancetype or preference found, by (plural, namespace, name): found,
/// not found, or its API not served. Failed reads are not kept (each VM reports its own).
type SizingSeen = std::collections::HashMap<(String, String, String), SizingFound>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SizingFound {
    Exists,
    Missing,
    NotServed,
}

/// Whether each (namespace, name) network read so far exists; failed reads are not kept.
type NetworksSeen = std::collections::HashMap<(String, String), bool>;

async fn check_network(
    client: &Client,
    vm: &Target,
    (net_ns, net_name): (&str, &str),
    seen: &mut NetworksSeen,
    found: &mut Findings,
) {
    let key = (net_ns.to_string(), net_name.to_string());
    let answer = match seen.get(&key) {
        Some(exists) => Ok(*exists),
        None => {
            let nad = ApiResource::from_gvk_with_plural(
                &GroupVersionKind::gvk("k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition"),
                "network-attachment-definitions",
            );
            let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), net_ns, &nad);
            let answer = api.get_opt(net_name).await.map(|o| o.is_some());
            if let Ok(exists) = answer {
                seen.insert(key, exists);
            }
            answer
        }
    };
    match answer {
        Ok(true) => {}
        Ok(false) => found.problems.push(format!(
            "network \"{net_ns}/{net_name}\" (NetworkAttachmentDefinition, used by {}) not found",
            vm.reference
        )),
        Err(e) => found.read_failed(
            format!("network \"{net_ns}/{net_name}\""),
            format!(
                "get network-attachment-definitions.k8s.cni.cncf.io {}",
                scope(Some(net_ns))
            ),
            &format!("network \"{net_ns}/{net_name}\""),
            &e,
        ),
    }
}

/// The instancetype and preference a VM names exist.
async fn check_sizing(
    client: &Client,
    vm: &Target,
    ns: &str,
    seen: &mut SizingSeen,
    found: &mut Findings,
) {
    for (field, cluster_kind, ns_kind, cluster_plural, ns_plural) in [
        (
            "instancetype",
            "VirtualMachineClusterInstancetype",
            "VirtualMachineInstancetype",
            "virtualmachineclusterinstancetypes",
            "virtualmachineinstancetypes",
        ),
        (
            "preference",
            "VirtualMachineClusterPreference",
            "VirtualMachinePreference",
            "virtualmachineclusterpreferences",
            "virtualmachinepreferences",
        ),
    ] {
        let Some(name) = vm.object["spec"][field]["name"].as_str() else {
            continue;
        };
        let kind = vm.object["spec"][field]["kind"]
            .as_str()
            .unwrap_or(cluster_kind);
        let cluster = kind == cluster_kind;
        let plural = if cluster { cluster_plural } else { ns_plural };
        let resource = ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk(
                "instancetype.kubevirt.io",
                "v1beta1",
                if cluster { cluster_kind } else { ns_kind },
            ),
            plural,
        );
        let key = (
            plural.to_string(),
            if cluster {
                String::new()
            } else {
                ns.to_string()
            },
            name.to_string(),
        );
        let answer = match seen.get(&key) {
            Some(known) => Ok(*known),
            None => {
                let api = api_for(client, &resource, (!cluster).then_some(ns));
                let answer = match api.get_opt(name).await {
                    Ok(Some(_)) => Ok(SizingFound::Exists),
                    Ok(None) => Ok(SizingFound::Missing),
                    Err(e) if error::status_code(&e) == Some(404) => Ok(SizingFound::NotServed),
                    Err(e) => Err(e),
                };
                if let Ok(known) = answer {
                    seen.insert(key, known);
                }
                answer
            }
        };
        match answer {
            Ok(SizingFound::Exists) => {}
            Ok(SizingFound::Missing) => found.problems.push(format!("{field} \"{name}\" ({kind}, used by {}) not found", vm.reference)),
            Ok(SizingFound::NotServed) => found.problems.push(format!("{field} \"{name}\" ({kind}, used by {}) not found: the cluster does not serve instancetype.kubevirt.io", vm.reference)),
            Err(e) => found.read_failed(
                format!("{field} \"{name}\""),
                format!("get {plural}.instancetype.kubevirt.io {}", scope((!cluster).then_some(ns))),
                &format!("{field} \"{name}\""),
                &e,
            ),
        }
    }
}

/// The user may create and patch what is applied (SelfSubjectAccessReview per verb).
async fn check_permissions(
    client: &Client,
    targets: &[Target],
    options: &PreflightOptions,
    absent_namespaces: &BTreeSet<String>,
    found: &mut Findings,
) {
    let mut needed: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    for t in targets {
        let ns = t.namespace().unwrap_or_default().to_string();
        let verbs: &[&str] = if options.read_only {
            &["get", "patch"]
        } else {
            &["get", "create", "patch"]
        };
        for verb in verbs {
            needed.insert((
                verb.to_string(),
                t.resource.group.clone(),
                t.resource.plural.clone(),
                ns.clone(),
            ));
        }
    }
    if options.create_namespace && !options.read_only && !absent_namespaces.is_empty() {
        needed.insert((
            "create".into(),
            String::new(),
            "namespaces".into(),
            String::new(),
        ));
    }
    let denied = match denied_access(client, &needed).await {
        Ok(d) => d,
        Err(e) => {
            found.problems.push(format!(
                "cannot check permissions (SelfSubjectAccessReview): {e}"
            ));
            vec![]
        }
    };
    if !denied.is_empty() {
        found.problems.push(format!(
            "missing permissions (ask a cluster admin for a Role granting them): {}",
            denied.join(", ")
        ));
    }
}

/// No MAC address of the VMs is used by another VM: against every VM of the cluster, or,
/// when the user may not list VMs cluster-wide, against those of the target namespaces.
async fn check_macs(client: &Client, vms: &[&Target], seen: &mut Live, found: &mut Findings) {
    let Some(first) = vms.first() else {
        return;
    };
    let resource = first.resource.clone();
    let all: Api<DynamicObject> = Api::all_with(client.clone(), &resource);
    // `None`: every namespace was listed.
    let (items, listed) = match list_all_pages(&all).await {
        Ok(items) => (items, None),
        Err(e) if error::status_code(&e) == Some(403) => {
            let (items, listed) = namespaced_vms(client, vms, &resource, found).await;
            (items, Some(listed))
        }
        Err(e) => {
            found.problems.push(format!(
                "cannot list VMs to check MAC addresses: {}",
                error::describe(&e)
            ));
            return;
        }
    };
    let mine: BTreeSet<(String, String)> = vms
        .iter()
        .map(|t| {
            (
                t.namespace().unwrap_or_default().to_string(),
                t.name().to_string(),
            )
        })
        .collect();
    let mut used: BTreeMap<String, String> = BTreeMap::new();
    for vm in vms {
        let ns = vm.namespace().unwrap_or_default();
        if listed.as_ref().is_none_or(|l| l.contains(ns)) {
            seen.entry(live_key(vm)).or_default();
        }
    }
    for mut item in items {
        // What a live copy is read for (the verb, the diff) never looks at managedFields,
        // the largest part of a VM written by several managers: not kept.
        item.metadata.managed_fields = None;
        let ns = item.metadata.namespace.clone().unwrap_or_default();
        let name = item.metadata.name.clone().unwrap_or_default();
        let key = (resource.plural.clone(), resource.group.clone(), ns.clone());
        if let Some(objects) = seen.get_mut(&key) {
            objects.insert(
                name.clone(),
                serde_json::to_value(&item).unwrap_or(Value::Null),
            );
        }
        if mine.contains(&(ns.clone(), name.clone())) {
            continue;
        }
        for mac in macs(&item.data) {
            used.insert(mac, format!("{ns}/{name}"));
        }
    }
    for vm in vms {
        for mac in macs(&vm.object) {
            if let Some(other) = used.get(&mac) {
                found.problems.push(format!(
                    "MAC address {mac} of {} is already used by the VM {other} (remove macAddress or change it)",
                    vm.reference
                ));
            }
        }
    }
}

/// The VMs of the target namespaces the user may list, and those namespaces; the rest of
/// the cluster is skipped.
async fn namespaced_vms(
    client: &Client,
    vms: &[&Target],
    resource: &ApiResource,
    found: &mut Findings,
) -> (Vec<DynamicObject>, BTreeSet<String>) {
    let namespaces: BTreeSet<&str> = vms.iter().filter_map(|t| t.namespace()).collect();
    let mut items = Vec::new();
    let mut listed = BTreeSet::new();
    for ns in namespaces {
        let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), ns, resource);
        match list_all_pages(&api).await {
            Ok(mut page) => {
                items.append(&mut page);
                listed.insert(ns.to_string());
            }
            Err(e) => found.read_failed(
                format!("MAC addresses against the VMs of namespace \"{ns}\""),
                format!(
                    "list {}.{} {}",
                    resource.plural,
                    resource.group,
                    scope(Some(ns))
                ),
                "VMs to check MAC addresses",
                &e,
            ),
        }
    }
    let outside = if listed.is_empty() {
        "MAC addresses against the VMs of the cluster".to_string()
    } else {
        let names: Vec<String> = listed.iter().map(|n| format!("\"{n}\"")).collect();
        format!(
            "MAC addresses against VMs outside namespace(s) {}",
            names.join(", ")
        )
    };
    found.skipped.insert(Skipped {
        check: outside,
        needs: format!(
            "list {}.{} at the cluster scope",
            resource.plural, resource.group
        ),
    });
    (items, listed)
}

/// One permission: verb, API group, resource (`resource/subresource` for a subresource) and
/// namespace ("" for cluster-wide).
pub type Access = (String, String, String, String);

/// The accesses of `needed` the user lacks, each as `verb resource.group in namespace "ns"`,
/// asked of the server with one SelfSubjectAccessReview each (what `kubectl auth can-i`
/// does). Err: a review itself failed (its error, described).
pub async fn denied_access(
    client: &Client,
    needed: &BTreeSet<Access>,
) -> Result<Vec<String>, String> {
    let answers = review_each(client, needed).await;
    let mut denied = Vec::new();
    for answer in answers.into_values() {
        if let Some(d) = answer? {
            denied.push(d);
        }
    }
    Ok(denied)
}

/// The server's answer to each access of `needed`: `Ok(None)` granted, `Ok(Some(description))`
/// denied, `Err` the review itself failed (its error, described). Asked at once, a few in
/// flight.
pub async fn review_each(
    client: &Client,
    needed: &BTreeSet<Access>,
) -> BTreeMap<Access, Result<Option<String>, String>> {
    use futures_util::stream::{self, StreamExt};
    let ssar_api: Api<SelfSubjectAccessReview> = Api::all(client.clone());
    // Owned accesses and API handles: the futures are `'static`, so a caller may spawn them.
    stream::iter(needed.iter().cloned())
        .map(|access| {
            let ssar_api = ssar_api.clone();
            async move {
                let answer = review(&ssar_api, &access).await;
                (access, answer)
            }
        })
        .buffered(REVIEWS_IN_FLIGHT)
        .collect()
        .await
}

/// SelfSubjectAccessReviews in flight at once: each is one quick answer from the server's
/// authorizer, and a rollout or apply asks a handful to a few dozen.
const REVIEWS_IN_FLIGHT: usize = 8;

/// One access asked of the server: `Some(description)` when denied.
async fn review(
    ssar_api: &Api<SelfSubjectAccessReview>,
    (verb, group, resource, ns): &Access,
) -> Result<Option<String>, String> {
    let (plural, subresource) = match resource.split_once('/') {
        Some((p, sub)) => (p.to_string(), Some(sub.to_string())),
        None => (resource.clone(), None),
    };
    let review = SelfSubjectAccessReview {
        spec: SelfSubjectAccessReviewSpec {
            resource_attributes: Some(ResourceAttributes {
                verb: Some(verb.clone()),
                group: Some(group.clone()),
                resource: Some(plural),
                subresource,
                namespace: (!ns.is_empty()).then(|| ns.clone()),
                ..Default::default()
            }),
            ..Default::default()
        },
        ..Default::default()
    };
    match ssar_api.create(&PostParams::default(), &review).await {
        Ok(answer) if answer.status.as_ref().is_some_and(|s| s.allowed) => Ok(None),
        Ok(_) => Ok(Some(format!(
            "{verb} {}{}",
            if group.is_empty() {
                resource.clone()
            } else {
                format!("{resource}.{group}")
            },
            if ns.is_empty() {
                String::new()
            } else {
                format!(" in namespace \"{ns}\"")
            }
        ))),
        Err(e) => Err(error::describe(&e)),
    }
}

fn finish(
    mut found: Findings,
    seen: Live,
    options: &PreflightOptions,
) -> Result<Checked, ClusterError> {
    let skipped: Vec<Skipped> = found.skipped.into_iter().collect();
    if options.strict && !skipped.is_empty() {
        let list: Vec<String> = skipped.iter().map(Skipped::to_string).collect();
        found.problems.push(format!(
            "not allowed to check (--strict-preflight): {}",
            list.join(", ")
        ));
    }
    if found.problems.is_empty() {
        return Ok(Checked {
            live: seen,
            skipped,
        });
    }
    let mut message = String::from("preflight checks failed, nothing was applied:");
    for p in found.problems {
        message.push_str("\n  - ");
        message.push_str(&p);
    }
    if !options.strict && !skipped.is_empty() {
        // The user sees what else was not verified, so a second run holds no surprise.
        let list: Vec<String> = skipped.iter().map(Skipped::to_string).collect();
        message.push_str("\nnot checked, not allowed to read: ");
        message.push_str(&list.join(", "));
    }
    Err(ClusterError::Preflight(message))
}

fn not_served(kind: &str) -> String {
    if kind.contains("kubevirt.io/")
        && !kind.contains("cdi.kubevirt.io")
        && !kind.contains("instancetype")
    {
        format!("KubeVirt is not installed: the cluster does not serve {kind} (install KubeVirt, or check the context)")
    } else if kind.contains("cdi.kubevirt.io") {
        format!("CDI is not installed: the cluster does not serve {kind} (install CDI)")
    } else if kind.contains("k8s.cni.cncf.io") {
        format!("Multus is not installed: the cluster does not serve {kind}")
    } else {
        format!("the cluster does not serve {kind}")
    }
}

/// Whether discovery lists `plural` (or `plural/subresource`) under `group_version`; an
/// unserved group (404) or an unreachable aggregated API is `false`.
pub async fn served(client: &Client, group_version: &str, plural: &str) -> bool {
    match client.list_api_group_resources(group_version).await {
        Ok(list) => list.resources.iter().any(|r| r.name == plural),
        Err(_) => false,
    }
}

fn storage_classes(object: &Value) -> Vec<String> {
    let mut specs: Vec<&Value> = Vec::new();
    match object["kind"].as_str() {
        Some("VirtualMachine") => {
            for t in object["spec"]["dataVolumeTemplates"]
                .as_array()
                .into_iter()
                .flatten()
            {
                specs.push(&t["spec"]);
            }
        }
        Some("DataVolume") => specs.push(&object["spec"]),
        Some("PersistentVolumeClaim") => {
            return object["spec"]["storageClassName"]
                .as_str()
                .map(|s| vec![s.to_string()])
                .unwrap_or_default()
        }
        _ => {}
    }
    specs
        .into_iter()
        .filter_map(|s| {
            s["storage"]["storageClassName"]
                .as_str()
                .or(s["pvc"]["storageClassName"].as_str())
                .map(str::to_string)
        })
        .collect()
}

/// Every object of a cluster-wide list, 500 per page as kubectl asks (a cluster with
/// thousands of VMs would otherwise answer in one response of hundreds of MB).
async fn list_all_pages(api: &Api<DynamicObject>) -> Result<Vec<DynamicObject>, kube::Error> {
    let mut items = vec![];
    let mut params = ListParams::default().limit(500);
    loop {
        let page = api.list(&params).await?;
        items.extend(page.items);
        match page.metadata.continue_.filter(|c| !c.is_empty()) {
            Some(token) => params = params.continue_token(&token),
            None => return Ok(items),
        }
    }
}

/// MAC addresses of a VM's interfaces, lower-case.
pub fn macs(vm: &Value) -> Vec<String> {
    vm["spec"]["template"]["spec"]["domain"]["devices"]["interfaces"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["macAddress"].as_str())
        .map(|m| m.to_ascii_lowercase().replace('-', ":"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn macs_and_classes_are_read_from_vms() {
        let vm = json!({"kind": "VirtualMachine", "spec": {
            "dataVolumeTemplates": [{"spec": {"storage": {"storageClassName": "fast"}}}],
            "template": {"spec": {"domain": {"devices": {"interfaces": [{"macAddress": "00:50:56:A1:10:01"}]}}}}}});
        assert_eq!(macs(&vm), ["00:50:56:a1:10:01"]);
        assert_eq!(storage_classes(&vm), ["fast"]);
    }

    #[test]
    fn skipped_checks_warn_in_one_line_or_fail_when_strict() {
        let skipped = Skipped {
            check: "storage class \"fast\"".into(),
            needs: "get storageclasses.storage.k8s.io at the cluster scope".into(),
        };
        assert_eq!(
            skipped_line(std::slice::from_ref(&skipped)),
            "Warning: preflight could not check, not allowed to read: storage class \"fast\" (needs get storageclasses.storage.k8s.io at the cluster scope); pass --strict-preflight to make this an error"
        );
        assert_eq!(skipped_line(&[]), "");
        let found = || Findings {
            problems: vec![],
            skipped: BTreeSet::from([skipped.clone()]),
        };
        let relaxed = finish(found(), Live::new(), &PreflightOptions::default());
        assert_eq!(relaxed.map(|c| c.skipped).ok(), Some(vec![skipped.clone()]));
        let strict = PreflightOptions {
            strict: true,
            ..Default::default()
        };
        match finish(found(), Live::new(), &strict) {
            Err(ClusterError::Preflight(m)) => assert!(
                m.ends_with("- not allowed to check (--strict-preflight): storage class \"fast\" (needs get storageclasses.storage.k8s.io at the cluster scope)"),
                "{m}"
            ),
            other => panic!("strict preflight passed: {other:?}"),
        }
    }

    #[test]
    fn missing_kubevirt_is_named() {
        assert!(
            not_served("VirtualMachine (kubevirt.io/v1)").starts_with("KubeVirt is not installed")
        );
        assert!(
            not_served("DataVolume (cdi.kubevirt.io/v1beta1)").starts_with("CDI is not installed")
        );
    }
}
