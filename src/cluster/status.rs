//! The reads behind `kubectl vmmigrate status` (issue 20.3): the VMs asked for, and in each
//! of their namespaces the VMIs, DataVolumes, claims, virt-launcher pods and Events, plus the
//! StorageClasses. Plain lists, no watch: `status` is one look. What it means is decided by
//! `crate::diagnose`, which never sees a client.

use super::error::{describe, status_code};
use super::ClusterError;
use crate::diagnose::Namespace;
use kube::api::{Api, ApiResource, DynamicObject, GroupVersionKind, ListParams};
use serde_json::Value;
use std::collections::BTreeMap;

/// Which VMs to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    /// These names, in the namespace.
    Names(Vec<String>),
    /// Every VM of the namespace (or of all namespaces) matching the selector, if any.
    Selector(Option<String>),
}

/// What was read.
#[derive(Debug, Default)]
pub struct Read {
    /// The VMs, sorted by namespace and name.
    pub vms: Vec<Value>,
    pub namespaces: BTreeMap<String, Namespace>,
    pub classes: Vec<Value>,
    /// Named VMs that do not exist, as kubectl words it
    /// (`Error from server (NotFound): virtualmachines.kubevirt.io "x" not found`).
    pub not_found: Vec<String>,
    /// Lists the user may not make (the rest of the status is still shown).
    pub skipped: Vec<String>,
}

fn resource(group: &str, version: &str, kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

fn vm_resource() -> ApiResource {
    resource("kubevirt.io", "v1", "VirtualMachine", "virtualmachines")
}

fn to_value(o: DynamicObject) -> Value {
    serde_json::to_value(o).unwrap_or(Value::Null)
}

/// Reads the VMs `which` names in `namespace` (every namespace when `all_namespaces`) and
/// the objects their status depends on.
pub async fn read(
    client: &kube::Client,
    namespace: &str,
    all_namespaces: bool,
    which: &Which,
) -> Result<Read, ClusterError> {
    let mut read = Read::default();
    let vm_api: Api<DynamicObject> = if all_namespaces {
        Api::all_with(client.clone(), &vm_resource())
    } else {
        Api::namespaced_with(client.clone(), namespace, &vm_resource())
    };
    match which {
        Which::Names(names) => {
            for name in names {
                match vm_api.get_opt(name).await {
                    Ok(Some(vm)) => read.vms.push(to_value(vm)),
                    Ok(None) => read.not_found.push(format!(
                        "Error from server (NotFound): virtualmachines.kubevirt.io \"{name}\" not found"
                    )),
                    Err(e) => {
                        return Err(ClusterError::api(
                            format!("reading VirtualMachine {namespace}/{name}"),
                            &e,
                        ))
                    }
                }
            }
        }
        Which::Selector(selector) => {
            let mut params = ListParams::default();
            if let Some(s) = selector {
                params = params.labels(s);
            }
            let list = vm_api
                .list(&params)
                .await
                .map_err(|e| ClusterError::api("listing VirtualMachines", &e))?;
            read.vms = list.items.into_iter().map(to_value).collect();
        }
    }
    read.vms.sort_by(|a, b| {
        let key = |v: &Value| {
            (
                v.pointer("/metadata/namespace")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                v.pointer("/metadata/name")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            )
        };
        key(a).cmp(&key(b))
    });
    let namespaces: Vec<String> = read
        .vms
        .iter()
        .filter_map(|v| v.pointer("/metadata/namespace").and_then(Value::as_str))
        .map(str::to_string)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    for ns in namespaces {
        let objects = read_namespace(client, &ns, &mut read.skipped).await?;
        read.namespaces.insert(ns, objects);
    }
    if !read.vms.is_empty() {
        let classes = resource("storage.k8s.io", "v1", "StorageClass", "storageclasses");
        read.classes = list_or_skip(
            Api::all_with(client.clone(), &classes),
            "storageclasses",
            None,
            &mut read.skipped,
        )
        .await?;
    }
    Ok(read)
}

async fn read_namespace(
    client: &kube::Client,
    ns: &str,
    skipped: &mut Vec<String>,
) -> Result<Namespace, ClusterError> {
    let api = |r: ApiResource| Api::<DynamicObject>::namespaced_with(client.clone(), ns, &r);
    let vmis = resource(
        "kubevirt.io",
        "v1",
        "VirtualMachineInstance",
        "virtualmachineinstances",
    );
    let dvs = resource("cdi.kubevirt.io", "v1beta1", "DataVolume", "datavolumes");
    let pvcs = resource("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims");
    let pods = resource("", "v1", "Pod", "pods");
    let events = resource("", "v1", "Event", "events");
    Ok(Namespace {
        vmis: list_or_skip(api(vmis), "virtualmachineinstances", None, skipped).await?,
        datavolumes: list_or_skip(api(dvs), "datavolumes", None, skipped).await?,
        pvcs: list_or_skip(api(pvcs), "persistentvolumeclaims", None, skipped).await?,
        pods: list_or_skip(
            api(pods),
            "pods",
            Some("kubevirt.io=virt-launcher"),
            skipped,
        )
        .await?,
        events: list_or_skip(api(events), "events", None, skipped).await?,
    })
}

/// Lists `api`; a list the user may not make (403) or a kind the cluster does not serve
/// (404: CDI not installed) reads as empty, noted once, so the status of the rest still shows.
async fn list_or_skip(
    api: Api<DynamicObject>,
    plural: &str,
    labels: Option<&str>,
    skipped: &mut Vec<String>,
) -> Result<Vec<Value>, ClusterError> {
    let mut params = ListParams::default();
    if let Some(l) = labels {
        params = params.labels(l);
    }
    match api.list(&params).await {
        Ok(list) => Ok(list.items.into_iter().map(to_value).collect()),
        Err(e) if matches!(status_code(&e), Some(403)) => {
            let note = format!("{plural}: {}", describe(&e));
            if !skipped.contains(&note) {
                skipped.push(note);
            }
            Ok(vec![])
        }
        Err(e) if matches!(status_code(&e), Some(404)) => Ok(vec![]),
        Err(e) => Err(ClusterError::api(format!("listing {plural}"), &e)),
    }
}
