//! Cattle mode: one generated VM (the golden VM) becomes a VirtualMachinePool of identical
//! replicas (`kubectl vmmigrate pool create`).
//!
//! The golden disks are imported or uploaded once, as standalone DataVolumes, each named by
//! a CDI DataSource that the replicas' `dataVolumeTemplates` clone from (`sourceRef`): N
//! replicas never mean N uploads, and the pool template names no namespace. What must
//! differ per replica is taken out of the template so that KubeVirt gives each its own: MAC
//! addresses (KubeVirt's pod network or the cluster's MAC pool), the SMBIOS UUID and serial
//! that `identity.rs` writes for a single VM (the VM mutating webhook fills random ones on
//! each replica's CREATE, and the pool controller keeps them across updates), the
//! `kubevirt.io/domain` label. Host names come from the replica's name (KubeVirt's cloud-init
//! meta-data `local-hostname`); cloud-init Secrets are made per replica through the pool's
//! `nameGeneration.appendIndexToSecretRefs`, with a `hostname:` the source set rewritten to
//! the replica's name.

use super::extras::base64;
use super::{GeneratedVm, MANAGED_BY_LABEL, MANAGER};
use crate::kubevirt::objects::{ObjectMeta, PvcSourceSpec, TemplateMeta};
use crate::kubevirt::pool::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Which replicas a scale-in removes first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScaleIn {
    Random,
    Newest,
    Oldest,
    /// Replicas whose VMI template carries this label, then at random.
    Selector {
        key: String,
        value: String,
    },
}

/// `--autoscale MIN:MAX` with what it scales on: `--cpu-utilization P` and/or
/// `--metric NAME=TARGET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Autoscale {
    pub min: u32,
    pub max: u32,
    /// Average CPU utilisation of the replicas' virt-launcher pods, in percent of their
    /// requests; `None` when only custom metrics are asked.
    pub cpu_utilization: Option<u32>,
    /// Per-pod custom metrics (served by a custom-metrics adapter) and their targets.
    pub pod_metrics: Vec<PodMetric>,
}

/// `--metric NAME=TARGET`: keep the average of metric NAME over the replicas' pods at TARGET
/// (a Kubernetes quantity, e.g. `100` or `500m`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodMetric {
    pub name: String,
    pub average_value: String,
}

/// What `pool create` asks of the pool.
#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub name: String,
    pub replicas: u32,
    pub scale_in: ScaleIn,
    /// `statePreservation: Offline`: a replica removed by scale-in keeps its disks.
    pub keep_disks: bool,
    /// `autohealing.minFailingToStartDuration`, as a Go duration.
    pub heal_after: Option<String>,
    pub heal_start_failures: Option<u32>,
    /// Replicas not ready at once during KubeVirt's own proactive update.
    pub max_unavailable: IntOrPercent,
    pub autoscale: Option<Autoscale>,
    /// The golden VM is a live VM (`--from vm/NAME`): its DataVolumes are the golden disks,
    /// named by the DataSources as they are, none is written.
    pub disks_exist: bool,
}

/// The objects of a pool, in apply order, with what a reviewer must know.
#[derive(Debug, Clone)]
pub struct GeneratedPool {
    pub objects: Vec<Value>,
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PoolError {
    #[error("{vm}: the generator gave no VirtualMachine to make a pool from")]
    NoVirtualMachine { vm: String },
    #[error("pool {pool}: the golden disks' DataSources must name their namespace: pass -n NAMESPACE (or set namespace: in the --map file)")]
    NoNamespace { pool: String },
    #[error("pool {pool}: --autoscale {min}:{max}: the minimum must be at least 1 and at most the maximum")]
    BadAutoscale { pool: String, min: u32, max: u32 },
    #[error("pool {pool}: volume {volume} mounts PersistentVolumeClaim {claim} itself: replicas cannot share one claim; give the golden VM a dataVolumeTemplate for it")]
    SharedClaim {
        pool: String,
        volume: String,
        claim: String,
    },
}

/// The golden VM `vm` as a pool: Namespace and NetworkAttachmentDefinitions as generated,
/// golden DataVolumes, DataSources, per-replica Secrets, the pool, and a Service selecting
/// every replica when the VM had one. With `autoscale`, Secrets are written up to its maximum;
/// the HorizontalPodAutoscaler itself is `cluster::pool::autoscaler` (a k8s-openapi type).
pub fn pool_from_vm(vm: &GeneratedVm, options: &PoolOptions) -> Result<GeneratedPool, PoolError> {
    let pool = options.name.as_str();
    let vm_object = vm
        .objects
        .iter()
        .find(|o| o["kind"] == "VirtualMachine")
        .ok_or_else(|| PoolError::NoVirtualMachine {
            vm: vm.name.clone(),
        })?;
    if let Some(a) = &options.autoscale {
        if a.min == 0 || a.min > a.max {
            return Err(PoolError::BadAutoscale {
                pool: pool.into(),
                min: a.min,
                max: a.max,
            });
        }
    }
    let namespace = vm_object["metadata"]["namespace"]
        .as_str()
        .map(String::from);
    let mut warnings = vm.warnings.clone();
    let mut spec = vm_object["spec"].clone();
    strip_identity(&mut spec, pool, &mut warnings);
    let disks = golden_disks(&mut spec, &vm.name, options, namespace.as_deref())?;
    if options.disks_exist && !disks.objects.is_empty() {
        warnings.push(format!(
            "replicas clone the disks of vm/{}: stop it first, CDI does not clone a disk in use",
            vm.name
        ));
    }
    // Replicas beyond this many would wait for a Secret that does not exist.
    let capacity = options
        .autoscale
        .as_ref()
        .map_or(options.replicas, |a| a.max.max(options.replicas));
    let secrets = per_replica_secrets(vm, &mut spec, pool, capacity, &mut warnings);

    let mut objects: Vec<Value> = vm
        .objects
        .iter()
        .filter(|o| {
            matches!(
                o["kind"].as_str(),
                Some("Namespace" | "NetworkAttachmentDefinition")
            )
        })
        .cloned()
        .collect();
    objects.extend(disks.objects);
    objects.extend(secrets.objects);
    objects.push(pool_object(
        vm_object,
        spec,
        options,
        secrets.indexed,
        namespace.clone(),
    ));
    objects.extend(
        vm.objects
            .iter()
            .filter(|o| o["kind"] == "Service")
            .map(|s| pool_service(s, pool)),
    );
    Ok(GeneratedPool { objects, warnings })
}

fn meta(name: &str, namespace: Option<&str>) -> ObjectMeta {
    ObjectMeta {
        name: name.to_string(),
        namespace: namespace.map(String::from),
        labels: [(MANAGED_BY_LABEL.to_string(), MANAGER.to_string())].into(),
        annotations: BTreeMap::new(),
    }
}

fn to_value<T: serde::Serialize>(object: &T) -> Value {
    serde_json::to_value(object).unwrap_or_else(|err| panic!("BUG: pool object: {err}"))
}

/// Takes out of the template what would make replicas clones of each other on the network
/// or to licence servers: MACs, SMBIOS UUID and serial, the single VM's domain label.
fn strip_identity(spec: &mut Value, pool: &str, warnings: &mut Vec<String>) {
    let template = &mut spec["template"];
    if let Some(firmware) = template
        .pointer_mut("/spec/domain/firmware")
        .and_then(Value::as_object_mut)
    {
        let had = firmware.remove("uuid").is_some() | firmware.remove("serial").is_some();
        if had {
            warnings.push("the golden VM's firmware UUID and serial are not shared: KubeVirt gives each replica its own on creation".into());
        }
    }
    let mut macs = 0;
    if let Some(interfaces) = template
        .pointer_mut("/spec/domain/devices/interfaces")
        .and_then(Value::as_array_mut)
    {
        for interface in interfaces.iter_mut().filter_map(Value::as_object_mut) {
            macs += usize::from(interface.remove("macAddress").is_some());
        }
    }
    if macs > 0 {
        warnings.push(format!("{macs} source MAC address(es) dropped: each replica gets its own (a licence bound to a MAC will not follow)"));
    }
    if let Some(labels) = template
        .pointer_mut("/metadata/labels")
        .and_then(Value::as_object_mut)
    {
        labels.remove("kubevirt.io/domain");
        labels.insert(POOL_LABEL.into(), json!(pool));
    }
}

struct Objects {
    objects: Vec<Value>,
    /// Whether the template's Secret references must get the replica index appended.
    indexed: bool,
}

/// The name of a VM's part (`web01-hard-disk-1`) for the pool (`web-hard-disk-1`).
fn part_name(name: &str, vm: &str, pool: &str) -> String {
    let suffix = name
        .strip_prefix(vm)
        .and_then(|s| s.strip_prefix('-'))
        .unwrap_or(name);
    format!("{pool}-{suffix}")
}

/// Each disk with data becomes a golden DataVolume (the generated source: upload, http,
/// registry...) and a DataSource naming its PVC; the template clones the DataSource. A
/// blank disk stays a blank disk per replica.
fn golden_disks(
    spec: &mut Value,
    vm: &str,
    options: &PoolOptions,
    namespace: Option<&str>,
) -> Result<Objects, PoolError> {
    let pool = options.name.as_str();
    if let Some((volume, claim)) = volumes_mut(spec).find_map(|v| {
        let claim = v
            .pointer("/persistentVolumeClaim/claimName")?
            .as_str()?
            .to_string();
        Some((v["name"].as_str().unwrap_or_default().to_string(), claim))
    }) {
        return Err(PoolError::SharedClaim {
            pool: pool.into(),
            volume,
            claim,
        });
    }
    let mut objects = Vec::new();
    let mut renamed = BTreeMap::new();
    let templates = spec["dataVolumeTemplates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut new_templates = Vec::new();
    for template in templates {
        let old = template["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let name = part_name(&old, vm, pool);
        let mut template_meta = meta(&name, None);
        template_meta.labels.clear();
        if let Some(annotations) = template["metadata"]["annotations"].as_object() {
            for (k, v) in annotations {
                template_meta
                    .annotations
                    .insert(k.clone(), v.as_str().unwrap_or_default().into());
            }
        }
        renamed.insert(old.clone(), name.clone());
        if template["spec"]["source"].get("blank").is_some() {
            let mut blank = template.clone();
            blank["metadata"] = to_value(&template_meta);
            new_templates.push(blank);
            continue;
        }
        let namespace = namespace.ok_or_else(|| PoolError::NoNamespace { pool: pool.into() })?;
        // A live VM's DataVolume (and its PVC) of that disk is the golden disk.
        let golden = if options.disks_exist {
            old.clone()
        } else {
            format!("{name}-golden")
        };
        if !options.disks_exist {
            let mut golden_meta = meta(&golden, Some(namespace));
            golden_meta.annotations = template_meta.annotations.clone();
            objects.push(to_value(&DataVolume {
                api_version: CDI_API_VERSION,
                kind: "DataVolume",
                metadata: golden_meta,
                spec: template["spec"].clone(),
            }));
        }
        objects.push(to_value(&DataSource {
            api_version: CDI_API_VERSION,
            kind: "DataSource",
            metadata: meta(&name, Some(namespace)),
            spec: DataSourceSpec {
                source: DataSourceSource {
                    pvc: PvcSourceSpec {
                        namespace: namespace.to_string(),
                        name: golden,
                    },
                },
            },
        }));
        new_templates.push(to_value(&CloneTemplate {
            metadata: template_meta,
            spec: CloneSpec {
                source_ref: DataSourceRef {
                    kind: "DataSource",
                    name,
                },
                storage: template["spec"].get("storage").cloned(),
                pvc: template["spec"].get("pvc").cloned(),
            },
        }));
    }
    if !new_templates.is_empty() {
        spec["dataVolumeTemplates"] = Value::Array(new_templates);
    }
    for volume in volumes_mut(spec) {
        if let Some(dv) = volume.pointer_mut("/dataVolume/name") {
            if let Some(new) = dv.as_str().and_then(|n| renamed.get(n)) {
                *dv = json!(new);
            }
        }
    }
    Ok(Objects {
        objects,
        indexed: false,
    })
}

fn volumes_mut(spec: &mut Value) -> impl Iterator<Item = &mut Value> {
    spec.pointer_mut("/template/spec/volumes")
        .and_then(Value::as_array_mut)
        .into_iter()
        .flatten()
}

/// The pointers, within a volume, of the Secret names the pool controller indexes.
const SECRET_REFS: &[&str] = &[
    "/cloudInitNoCloud/secretRef/name",
    "/cloudInitNoCloud/networkDataSecretRef/name",
    "/sysprep/secret/name",
];

/// Every Secret the template's volumes name is written once per replica index
/// (`{pool}-cloudinit-{i}`), since the pool controller appends `-{i}` to the references
/// with `appendIndexToSecretRefs`; a `hostname:` in cloud-init user data becomes the
/// replica's name, an `fqdn:` is dropped (it would name every replica alike).
fn per_replica_secrets(
    vm: &GeneratedVm,
    spec: &mut Value,
    pool: &str,
    capacity: u32,
    warnings: &mut Vec<String>,
) -> Objects {
    let mut referenced = BTreeMap::new();
    for volume in volumes_mut(spec) {
        for pointer in SECRET_REFS {
            if let Some(reference) = volume.pointer_mut(pointer) {
                let old = reference.as_str().unwrap_or_default().to_string();
                let new = part_name(&old, &vm.name, pool);
                *reference = json!(new);
                referenced.insert(old, new);
            }
        }
    }
    let mut objects = Vec::new();
    let mut fqdn_dropped = BTreeSet::new();
    for secret in vm.objects.iter().filter(|o| o["kind"] == "Secret") {
        let Some(new) = secret["metadata"]["name"]
            .as_str()
            .and_then(|n| referenced.get(n))
        else {
            continue;
        };
        for index in 0..capacity {
            let replica = format!("{pool}-{index}");
            let mut copy = secret.clone();
            copy["metadata"]["name"] = json!(format!("{new}-{index}"));
            if let Some(encoded) = copy.pointer_mut("/data/userdata") {
                let text = encoded.as_str().and_then(decode_base64).unwrap_or_default();
                let (edited, dropped) = per_replica_user_data(&text, &replica);
                if dropped {
                    fqdn_dropped.insert(new.clone());
                }
                *encoded = json!(base64(edited.as_bytes()));
            }
            objects.push(copy);
        }
    }
    if !objects.is_empty() {
        warnings.push(format!("cloud-init/sysprep Secrets written for replicas 0 to {}: a replica with a higher index waits for its Secret (create it before scaling beyond {capacity})", capacity.saturating_sub(1)));
    }
    for name in fqdn_dropped {
        warnings.push(format!(
            "pool {pool}: Secret {name}: the user data's fqdn: is dropped: replicas would share it"
        ));
    }
    Objects {
        indexed: !referenced.is_empty(),
        objects,
    }
}

/// The user data for one replica: a top-level `hostname:` names the replica, a top-level
/// `fqdn:` is removed (the second value says whether one was).
fn per_replica_user_data(text: &str, replica: &str) -> (String, bool) {
    let mut dropped = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.starts_with("hostname:") {
            out.push_str(&format!("hostname: {replica}\n"));
        } else if line.starts_with("fqdn:") {
            dropped = true;
        } else {
            out.push_str(line);
        }
    }
    (out, dropped)
}

/// Standard padded base64 of text (Secret `data`).
pub fn encode_base64(text: &str) -> String {
    base64(text.as_bytes())
}

/// Standard padded base64 (Secret `data`) of UTF-8 text, `None` when it is not.
pub fn decode_base64(text: &str) -> Option<String> {
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut bytes = Vec::with_capacity(text.len() / 4 * 3);
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push(((bits >> count) & 0xff) as u8);
        }
    }
    String::from_utf8(bytes).ok()
}

fn pool_object(
    vm: &Value,
    spec: Value,
    options: &PoolOptions,
    indexed_secrets: bool,
    namespace: Option<String>,
) -> Value {
    let pool = options.name.as_str();
    let mut labels: BTreeMap<String, String> = vm["metadata"]["labels"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    labels.insert(POOL_LABEL.into(), pool.into());
    let annotations = vm["metadata"]["annotations"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect();
    let selection = match &options.scale_in {
        ScaleIn::Random => None,
        ScaleIn::Newest => Some(sorted(SortPolicy::Newest)),
        ScaleIn::Oldest => Some(sorted(SortPolicy::Oldest)),
        ScaleIn::Selector { key, value } => Some(SelectionPolicy {
            sort_policy: Some(SortPolicy::Random),
            selectors: Some(PoolSelectors {
                label_selector: Some(LabelSelector {
                    match_labels: [(key.clone(), value.clone())].into(),
                }),
            }),
        }),
    };
    let proactive = ProactiveScaleIn {
        selection_policy: selection,
        state_preservation: options.keep_disks.then_some(StatePreservation::Offline),
    };
    let autohealing =
        (options.heal_after.is_some() || options.heal_start_failures.is_some()).then(|| {
            Autohealing {
                min_failing_to_start_duration: options.heal_after.clone(),
                start_up_failure_threshold: options.heal_start_failures,
            }
        });
    let mut metadata = meta(pool, namespace.as_deref());
    metadata.labels.extend(labels.clone());
    to_value(&VirtualMachinePool {
        api_version: POOL_API_VERSION,
        kind: POOL_KIND,
        metadata,
        spec: VirtualMachinePoolSpec {
            replicas: options.replicas,
            selector: LabelSelector {
                match_labels: [(POOL_LABEL.to_string(), pool.to_string())].into(),
            },
            virtual_machine_template: PoolVmTemplate {
                metadata: TemplateMeta {
                    labels,
                    annotations,
                },
                spec,
            },
            paused: None,
            max_unavailable: Some(options.max_unavailable.clone()),
            name_generation: indexed_secrets.then_some(NameGeneration {
                append_index_to_config_map_refs: None,
                append_index_to_secret_refs: Some(true),
            }),
            scale_in_strategy: (proactive != ProactiveScaleIn::default()).then(|| {
                ScaleInStrategy {
                    proactive: Some(proactive),
                    ..Default::default()
                }
            }),
            update_strategy: None,
            autohealing,
        },
    })
}

fn sorted(policy: SortPolicy) -> SelectionPolicy {
    SelectionPolicy {
        sort_policy: Some(policy),
        selectors: None,
    }
}

/// The VM's Service, selecting every replica's virt-launcher pod instead of one VM's.
fn pool_service(service: &Value, pool: &str) -> Value {
    let mut service = service.clone();
    let name = if pool.starts_with(|c: char| c.is_ascii_digit()) {
        format!("vm-{pool}")
    } else {
        pool.to_string()
    };
    service["metadata"]["name"] = json!(name);
    service["spec"]["selector"] = json!({ POOL_LABEL: pool });
    service
}

#[cfg(test)]
#[path = "pool_tests.rs"]
mod tests;
