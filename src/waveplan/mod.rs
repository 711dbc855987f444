//! The per-VM plan file (issue 22.2): `preview -o plan` writes every choice the generator
//! made for each VM (Kubernetes name, namespace, run strategy, instancetype and preference,
//! each NIC's target network and MAC, each disk's storage class, access and volume modes,
//! size and data source) with the digest of the source file; a person edits it, and
//! `--plan FILE` applies it over what the mapping gave: the plan wins per field.
//!
//! The plan is applied to the generated objects rather than fed to the generator: every
//! field it holds is read back from, and written into, the VirtualMachine the generator
//! produced, so a plan written and read back unedited gives byte-identical manifests by
//! construction (the corpus test checks it), and the generator needs no second source of
//! truth. A field left out of an entry keeps the generator's choice.

mod read;

use crate::generate::GeneratedVm;
use crate::model::VmSpec;
use crate::output::yaml;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

pub use read::{Entry, WavePlan};

/// `apiVersion` and `kind` of a plan file.
pub const API_VERSION: &str = "vmmigrate.io/v1alpha1";
pub const KIND: &str = "Plan";

/// Why a plan file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    #[error("cannot read plan {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    /// Problems at places in the file, each `file:line:column: message`, all reported at once.
    #[error("{}", .0.join("\n"))]
    At(Vec<String>),
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
    #[error("{file}: {} source file(s) changed since the plan was written:{}\n(write the plan again with preview -o plan, or pass --allow-stale-plan to use it anyway)", .changed.len(), .changed.iter().map(|c| format!("\n  {c}")).collect::<String>())]
    Stale { file: String, changed: Vec<String> },
}

/// `sha256:HEX` of a file's bytes; `None` for stdin or an unreadable file.
pub fn digest(path: &str) -> Option<String> {
    if path == "-" {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let hash = Sha256::digest(&bytes);
    Some(format!("sha256:{}", crate::hex::encode(&hash)))
}

/// The VirtualMachine among a generated VM's objects.
pub(crate) fn machine(vm: &GeneratedVm) -> Option<&Value> {
    vm.objects.iter().find(|o| o["kind"] == "VirtualMachine")
}

/// The plan file for a run, as `preview -o plan` prints it.
pub fn write(vms: &[GeneratedVm]) -> String {
    let mut digests: BTreeMap<String, Option<String>> = BTreeMap::new();
    let entries: Vec<Value> = vms
        .iter()
        .map(|vm| {
            let file = &vm.spec.source.file;
            let digest = digests
                .entry(file.clone())
                .or_insert_with(|| digest(file))
                .clone();
            entry(vm, digest)
        })
        .collect();
    let mut out = String::from(
        "# kubectl-vmmigrate plan: one entry per VM with the generator's choices. Edit a value\n\
         # to change it; a field left out keeps the generator's (and the mapping's) choice.\n\
         # Use it with: kubectl vmmigrate import|preview|apply --plan FILE PATH...\n",
    );
    out.push_str(&yaml::to_yaml(&json!({
        "apiVersion": API_VERSION,
        "kind": KIND,
        "vms": entries,
    })));
    out
}

/// One VM's entry: its source, then every choice read from its VirtualMachine.
fn entry(vm: &GeneratedVm, digest: Option<String>) -> Value {
    let mut out = Map::new();
    let spec: &VmSpec = &vm.spec;
    out.insert("source".into(), json!(spec.source.file));
    if let Some(index) = spec.source.index {
        out.insert("index".into(), json!(index));
    }
    out.insert("sourceName".into(), json!(spec.name));
    if let Some(digest) = digest {
        out.insert("digest".into(), json!(digest));
    }
    let Some(machine) = machine(vm) else {
        return Value::Object(out);
    };
    out.insert("name".into(), machine["metadata"]["name"].clone());
    if let Some(ns) = machine["metadata"]["namespace"].as_str() {
        out.insert("namespace".into(), json!(ns));
    }
    let spec = &machine["spec"];
    out.insert("runStrategy".into(), spec["runStrategy"].clone());
    for key in ["instancetype", "preference"] {
        if let Some(name) = spec[key]["name"].as_str() {
            out.insert(key.into(), json!(name));
        }
    }
    let nics = nic_entries(&spec["template"]["spec"]);
    if !nics.is_empty() {
        out.insert("nics".into(), Value::Array(nics));
    }
    let disks = disk_entries(spec);
    if !disks.is_empty() {
        out.insert("disks".into(), Value::Array(disks));
    }
    Value::Object(out)
}

/// `pod`, or the Multus network's `[namespace/]name`.
fn network_target(network: &Value) -> Option<String> {
    if network.get("pod").is_some() {
        return Some("pod".into());
    }
    network["multus"]["networkName"]
        .as_str()
        .map(str::to_string)
}

fn nic_entries(vmi: &Value) -> Vec<Value> {
    let empty = Vec::new();
    let networks = vmi["networks"].as_array().unwrap_or(&empty);
    vmi["domain"]["devices"]["interfaces"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|iface| {
            let name = &iface["name"];
            let mut nic = Map::new();
            nic.insert("name".into(), name.clone());
            if let Some(target) = networks
                .iter()
                .find(|n| n["name"] == *name)
                .and_then(network_target)
            {
                nic.insert("network".into(), json!(target));
            }
            if let Some(mac) = iface["macAddress"].as_str() {
                nic.insert("mac".into(), json!(mac));
            }
            Value::Object(nic)
        })
        .collect()
}

/// The disks backed by a DataVolume template, by volume name.
fn disk_entries(vm_spec: &Value) -> Vec<Value> {
    let empty = Vec::new();
    let templates = vm_spec["dataVolumeTemplates"].as_array().unwrap_or(&empty);
    vm_spec["template"]["spec"]["volumes"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .filter_map(|volume| {
            let dv = volume["dataVolume"]["name"].as_str()?;
            let template = templates.iter().find(|t| t["metadata"]["name"] == dv)?;
            let storage = &template["spec"]["storage"];
            let mut disk = Map::new();
            disk.insert("name".into(), volume["name"].clone());
            if let Some(class) = storage["storageClassName"].as_str() {
                disk.insert("storageClass".into(), json!(class));
            }
            if let Some(modes) = storage["accessModes"].as_array() {
                disk.insert("accessModes".into(), Value::Array(modes.clone()));
            }
            if let Some(mode) = storage["volumeMode"].as_str() {
                disk.insert("volumeMode".into(), json!(mode));
            }
            if let Some(size) = storage["resources"]["requests"]["storage"].as_str() {
                disk.insert("size".into(), json!(size));
            }
            disk.insert("source".into(), template["spec"]["source"].clone());
            Some(Value::Object(disk))
        })
        .collect()
}
