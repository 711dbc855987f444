//! Checks made before the first write, all of them, reported together in one message: the
//! KubeVirt and CDI APIs are served, every namespace, storage class, Multus network,
//! instancetype and preference the objects name exists, the user may create and patch what
//! is applied (SelfSubjectAccessReview), and no MAC address is already used by another VM.

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
}

/// Runs every check; `Ok(())` or one `ClusterError::Preflight` listing all problems.
/// `missing_kinds` are the kinds discovery did not find (see `apply::resolve`).
pub async fn check(
    client: &Client,
    targets: &[Target],
    missing_kinds: &[String],
    options: &PreflightOptions,
) -> Result<Live, ClusterError> {
    // The cluster-wide VM list made for the MAC check also tells what exists already.
    let mut seen = Live::new();
    let mut problems: Vec<String> = Vec::new();
    for kind in missing_kinds {
        problems.push(not_served(kind));
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
        problems.push("CDI is not installed: the cluster does not serve cdi.kubevirt.io/v1beta1 DataVolumes, which the VMs' disks need (install CDI)".into());
    }
    if !missing_kinds.is_empty() {
        // Without the APIs the remaining checks would only repeat the same problem.
        return finish(problems, seen);
    }

    // Namespaces.
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
    for ns in &namespaces {
        if applied_namespaces.contains(ns) {
            continue;
        }
        match ns_api.get_opt(ns).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                absent_namespaces.insert(ns.clone());
                if !options.create_namespace {
                    problems.push(format!(
                        "namespace \"{ns}\" not found (create it, or pass --create-namespace)"
                    ));
                }
            }
            Err(e) => problems.push(format!(
                "cannot read namespace \"{ns}\": {}",
                error::describe(&e)
            )),
        }
    }

    // Storage classes named by disks.
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
            Ok(None) => problems.push(format!(
                "storage class \"{class}\" (used by {user}) not found"
            )),
            Err(e) => problems.push(format!(
                "cannot read storage class \"{class}\": {}",
                error::describe(&e)
            )),
        }
    }

    // Multus networks, instancetypes and preferences named by VMs.
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
    let nad = ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition"),
        "network-attachment-definitions",
    );
    let mut multus_served: Option<bool> = None;
    for vm in &vms {
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
                problems.push(format!("Multus is not installed: {} uses the network \"{name}\" but the cluster does not serve k8s.cni.cncf.io NetworkAttachmentDefinitions", vm.reference));
                continue;
            }
            if absent_namespaces.contains(net_ns) {
                problems.push(format!("network \"{net_ns}/{net_name}\" (used by {}) not found: its namespace does not exist yet", vm.reference));
                continue;
            }
            let api: Api<DynamicObject> = Api::namespaced_with(client.clone(), net_ns, &nad);
            match api.get_opt(net_name).await {
                Ok(Some(_)) => {}
                Ok(None) => problems.push(format!(
                    "network \"{net_ns}/{net_name}\" (NetworkAttachmentDefinition, used by {}) not found",
                    vm.reference
                )),
                Err(e) => problems.push(format!("cannot read network \"{net_ns}/{net_name}\": {}", error::describe(&e))),
            }
        }
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
            let api = api_for(client, &resource, (!cluster).then_some(ns));
            match api.get_opt(name).await {
                Ok(Some(_)) => {}
                Ok(None) => problems.push(format!("{field} \"{name}\" ({kind}, used by {}) not found", vm.reference)),
                Err(e) if error::status_code(&e) == Some(404) => problems.push(format!("{field} \"{name}\" ({kind}, used by {}) not found: the cluster does not serve instancetype.kubevirt.io", vm.reference)),
                Err(e) => problems.push(format!("cannot read {field} \"{name}\": {}", error::describe(&e))),
            }
        }
    }

    // Permissions.
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
            problems.push(format!(
                "cannot check permissions (SelfSubjectAccessReview): {e}"
            ));
            vec![]
        }
    };
    if !denied.is_empty() {
        problems.push(format!(
            "missing permissions (ask a cluster admin for a Role granting them): {}",
            denied.join(", ")
        ));
    }

    // MAC addresses already used by other VMs.
    let mine: BTreeSet<(String, String)> = vms
        .iter()
        .map(|t| {
            (
                t.namespace().unwrap_or_default().to_string(),
                t.name().to_string(),
            )
        })
        .collect();
    if !vms.is_empty() {
        let resource = vms[0].resource.clone();
        let all: Api<DynamicObject> = Api::all_with(client.clone(), &resource);
        match list_all_pages(&all).await {
            Ok(items) => {
                let mut used: BTreeMap<String, String> = BTreeMap::new();
                for vm in &vms {
                    seen.entry(live_key(vm)).or_default();
                }
                for item in items {
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
                for vm in &vms {
                    for mac in macs(&vm.object) {
                        if let Some(other) = used.get(&mac) {
                            problems.push(format!(
                                "MAC address {mac} of {} is already used by the VM {other} (remove macAddress or change it)",
                                vm.reference
                            ));
                        }
                    }
                }
            }
            Err(e) => problems.push(format!(
                "cannot list VMs to check MAC addresses: {}",
                error::describe(&e)
            )),
        }
    }
    finish(problems, seen)
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
    let ssar_api: Api<SelfSubjectAccessReview> = Api::all(client.clone());
    let mut denied = Vec::new();
    for (verb, group, resource, ns) in needed {
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
            Ok(answer) if answer.status.as_ref().is_some_and(|s| s.allowed) => {}
            Ok(_) => denied.push(format!(
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
            )),
            Err(e) => return Err(error::describe(&e)),
        }
    }
    Ok(denied)
}

fn finish(problems: Vec<String>, seen: Live) -> Result<Live, ClusterError> {
    if problems.is_empty() {
        return Ok(seen);
    }
    let mut message = String::from("preflight checks failed, nothing was applied:");
    for p in problems {
        message.push_str("\n  - ");
        message.push_str(&p);
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
    fn missing_kubevirt_is_named() {
        assert!(
            not_served("VirtualMachine (kubevirt.io/v1)").starts_with("KubeVirt is not installed")
        );
        assert!(
            not_served("DataVolume (cdi.kubevirt.io/v1beta1)").starts_with("CDI is not installed")
        );
    }
}
